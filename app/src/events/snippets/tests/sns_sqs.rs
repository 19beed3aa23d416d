//! SNS topics and SQS queues.

use serde_json::json;

use super::{assert_snippets, event, subscriber};

/// The ARN is built from placeholders of each tool; a subscriber's filter policy is only mentioned.
#[test]
fn an_sns_topic_without_a_known_arn_gets_placeholder_arns_and_filters_as_comments() {
    let e = event(
        "sns_topic",
        "sns:order-events",
        "order-events",
        json!({}),
        vec![subscriber(
            "orderConfirmation",
            "notifier",
            json!({"filterPolicy": {"eventType": ["OrderPlaced", "OrderCancelled"]}}),
        )],
    );
    assert_snippets(
        &e,
        &[
            (
                "serverless.yml",
                r#"functions:
  myFunction:
    # handler, runtime, ...: as for your other functions
    events:
      - sns:
          arn: arn:aws:sns:${aws:region}:${aws:accountId}:order-events
          # filterPolicy of orderConfirmation (notifier): {"eventType":["OrderPlaced","OrderCancelled"]}"#,
                None,
            ),
            (
                "SAM template",
                r#"Resources:
  MyFunction:
    Type: AWS::Serverless::Function
    Properties:
      # Handler, Runtime, CodeUri, ...: as for your other functions
      Events:
        OrderEvents:
          Type: SNS
          Properties:
            Topic: !Sub arn:aws:sns:${AWS::Region}:${AWS::AccountId}:order-events
            # FilterPolicy of orderConfirmation (notifier): {"eventType":["OrderPlaced","OrderCancelled"]}"#,
                None,
            ),
            (
                "AWS CLI",
                r#"# Attach the existing function myFunction to the SNS topic order-events.
AWS_REGION="${AWS_REGION:-$(aws configure get region)}"
AWS_ACCOUNT_ID="$(aws sts get-caller-identity --query Account --output text)"
FUNCTION_NAME=myFunction
FUNCTION_ARN="arn:aws:lambda:${AWS_REGION}:${AWS_ACCOUNT_ID}:function:${FUNCTION_NAME}"
TOPIC_ARN="arn:aws:sns:${AWS_REGION}:${AWS_ACCOUNT_ID}:order-events"

aws lambda add-permission --region "$AWS_REGION" \
  --function-name "$FUNCTION_NAME" \
  --statement-id sns-order-events \
  --action lambda:InvokeFunction \
  --principal sns.amazonaws.com \
  --source-arn "$TOPIC_ARN"

# To filter like orderConfirmation (notifier), add: --attributes '{"FilterPolicy":"{\"eventType\":[\"OrderPlaced\",\"OrderCancelled\"]}"}'
aws sns subscribe --region "$AWS_REGION" \
  --topic-arn "$TOPIC_ARN" \
  --protocol lambda \
  --notification-endpoint "$FUNCTION_ARN""#,
                None,
            ),
        ],
    );
}

/// A literal ARN in the detail is used as is, and its region becomes AWS_REGION.
#[test]
fn an_sns_topic_with_a_known_arn_uses_it_and_its_region() {
    let e = event(
        "sns_topic",
        "sns:order-events",
        "order-events",
        json!({"arn": "arn:aws:sns:eu-west-1:123456789012:order-events"}),
        vec![],
    );
    assert_snippets(
        &e,
        &[
            (
                "serverless.yml",
                r#"functions:
  myFunction:
    # handler, runtime, ...: as for your other functions
    events:
      - sns:
          arn: arn:aws:sns:eu-west-1:123456789012:order-events"#,
                None,
            ),
            (
                "SAM template",
                r#"Resources:
  MyFunction:
    Type: AWS::Serverless::Function
    Properties:
      # Handler, Runtime, CodeUri, ...: as for your other functions
      Events:
        OrderEvents:
          Type: SNS
          Properties:
            Topic: arn:aws:sns:eu-west-1:123456789012:order-events"#,
                None,
            ),
            (
                "AWS CLI",
                r#"# Attach the existing function myFunction to the SNS topic order-events.
AWS_REGION=eu-west-1
AWS_ACCOUNT_ID="$(aws sts get-caller-identity --query Account --output text)"
FUNCTION_NAME=myFunction
FUNCTION_ARN="arn:aws:lambda:${AWS_REGION}:${AWS_ACCOUNT_ID}:function:${FUNCTION_NAME}"
TOPIC_ARN=arn:aws:sns:eu-west-1:123456789012:order-events

aws lambda add-permission --region "$AWS_REGION" \
  --function-name "$FUNCTION_NAME" \
  --statement-id sns-order-events \
  --action lambda:InvokeFunction \
  --principal sns.amazonaws.com \
  --source-arn "$TOPIC_ARN"

aws sns subscribe --region "$AWS_REGION" \
  --topic-arn "$TOPIC_ARN" \
  --protocol lambda \
  --notification-endpoint "$FUNCTION_ARN""#,
                Some(
                    r#"AWS_REGION is the topic's region; for a function in another region, run add-permission there and change FUNCTION_ARN."#,
                ),
            ),
        ],
    );
}

/// A second consumer splits the messages; `${sls:stage}` is single-quoted in shell and reported.
#[test]
fn an_sqs_queue_warns_that_consumers_compete_and_keeps_unresolved_variables_visible() {
    let e = event(
        "sqs_queue",
        "sqs:email-outbox-${sls:stage}",
        "email-outbox-${sls:stage}",
        json!({}),
        vec![subscriber("sendEmail", "notifier", json!({"batchSize": 25}))],
    );
    assert_snippets(
        &e,
        &[
            (
                "serverless.yml",
                r#"functions:
  myFunction:
    # handler, runtime, ...: as for your other functions
    events:
      - sqs:
          arn: arn:aws:sqs:${aws:region}:${aws:accountId}:email-outbox-${sls:stage}"#,
                Some(
                    r#"SQS hands each message to ONE consumer: this function would take messages away from sendEmail (notifier) instead of getting copies. To get every message, give it a queue of its own subscribed to the topic or rule that feeds this one. The queue's visibility timeout must be at least the function's timeout. ${sls:stage} comes unresolved from the source manifest: replace it with the deployed value."#,
                ),
            ),
            (
                "SAM template",
                r#"Resources:
  MyFunction:
    Type: AWS::Serverless::Function
    Properties:
      # Handler, Runtime, CodeUri, ...: as for your other functions
      Events:
        EmailOutboxSlsStage:
          Type: SQS
          Properties:
            Queue: !Sub arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:email-outbox-${sls:stage}"#,
                Some(
                    r#"SQS hands each message to ONE consumer: this function would take messages away from sendEmail (notifier) instead of getting copies. To get every message, give it a queue of its own subscribed to the topic or rule that feeds this one. The queue's visibility timeout must be at least the function's timeout. ${sls:stage} comes unresolved from the source manifest: replace it with the deployed value."#,
                ),
            ),
            (
                "AWS CLI",
                r#"# Attach the existing function myFunction to the SQS queue email-outbox-${sls:stage}.
AWS_REGION="${AWS_REGION:-$(aws configure get region)}"
AWS_ACCOUNT_ID="$(aws sts get-caller-identity --query Account --output text)"
FUNCTION_NAME=myFunction
QUEUE_ARN="arn:aws:sqs:${AWS_REGION}:${AWS_ACCOUNT_ID}:email-outbox-"'${sls:stage}'

# The function's role must allow reading the queue (AWSLambdaSQSQueueExecutionRole).
aws lambda create-event-source-mapping --region "$AWS_REGION" \
  --function-name "$FUNCTION_NAME" \
  --event-source-arn "$QUEUE_ARN" \
  --batch-size 10"#,
                Some(
                    r#"SQS hands each message to ONE consumer: this function would take messages away from sendEmail (notifier) instead of getting copies. To get every message, give it a queue of its own subscribed to the topic or rule that feeds this one. The queue's visibility timeout must be at least the function's timeout. ${sls:stage} comes unresolved from the source manifest: replace it with the deployed value."#,
                ),
            ),
        ],
    );
}

/// FIFO queues: at most 10 messages a batch.
#[test]
fn a_fifo_sqs_queue_notes_its_batch_limit() {
    let e = event("sqs_queue", "sqs:payments.fifo", "payments.fifo", json!({}), vec![]);
    assert_snippets(
        &e,
        &[
            (
                "serverless.yml",
                r#"functions:
  myFunction:
    # handler, runtime, ...: as for your other functions
    events:
      - sqs:
          arn: arn:aws:sqs:${aws:region}:${aws:accountId}:payments.fifo"#,
                Some(
                    r#"The queue's visibility timeout must be at least the function's timeout. FIFO queue: batches hold at most 10 messages, and each message group is processed in order."#,
                ),
            ),
            (
                "SAM template",
                r#"Resources:
  MyFunction:
    Type: AWS::Serverless::Function
    Properties:
      # Handler, Runtime, CodeUri, ...: as for your other functions
      Events:
        PaymentsFifo:
          Type: SQS
          Properties:
            Queue: !Sub arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:payments.fifo"#,
                Some(
                    r#"The queue's visibility timeout must be at least the function's timeout. FIFO queue: batches hold at most 10 messages, and each message group is processed in order."#,
                ),
            ),
            (
                "AWS CLI",
                r#"# Attach the existing function myFunction to the SQS queue payments.fifo.
AWS_REGION="${AWS_REGION:-$(aws configure get region)}"
AWS_ACCOUNT_ID="$(aws sts get-caller-identity --query Account --output text)"
FUNCTION_NAME=myFunction
QUEUE_ARN="arn:aws:sqs:${AWS_REGION}:${AWS_ACCOUNT_ID}:payments.fifo"

# The function's role must allow reading the queue (AWSLambdaSQSQueueExecutionRole).
aws lambda create-event-source-mapping --region "$AWS_REGION" \
  --function-name "$FUNCTION_NAME" \
  --event-source-arn "$QUEUE_ARN" \
  --batch-size 10"#,
                Some(
                    r#"The queue's visibility timeout must be at least the function's timeout. FIFO queue: batches hold at most 10 messages, and each message group is processed in order."#,
                ),
            ),
        ],
    );
}
