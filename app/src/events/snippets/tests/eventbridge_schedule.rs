//! EventBridge rules and buses, and schedules.

use serde_json::json;

use super::{assert_snippets, event, subscriber};

/// YAML keeps the pattern's types (`">"`, `"true"`); shell gets the compact JSON single-quoted.
#[test]
fn an_eventbridge_rule_on_a_custom_bus_reuses_its_exact_pattern() {
    let e = event(
        "eventbridge_rule",
        r#"eventbridge:commerce:{"detail-type":["PaymentSucceeded"],"source":["payments"]}"#,
        r#"commerce {"detail-type":["PaymentSucceeded"],"source":["payments"]}"#,
        json!({"bus": "commerce", "pattern": {"source": ["payments"], "detail-type": ["PaymentSucceeded"], "detail": {"amount": [{"numeric": [">", 0]}], "status": ["true"]}}}),
        vec![subscriber("paymentReceipt", "notifier", json!({}))],
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
      - eventBridge:
          eventBus: arn:aws:events:${aws:region}:${aws:accountId}:event-bus/commerce
          pattern:
            detail:
              amount:
                - numeric:
                    - ">"
                    - 0
              status:
                - "true"
            detail-type:
              - PaymentSucceeded
            source:
              - payments"#,
                Some(
                    r#"This creates a new rule with the same pattern on the same bus; existing rules and their targets are left alone."#,
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
        CommerceRule:
          Type: EventBridgeRule
          Properties:
            EventBusName: commerce
            Pattern:
              detail:
                amount:
                  - numeric:
                      - ">"
                      - 0
                status:
                  - "true"
              detail-type:
                - PaymentSucceeded
              source:
                - payments"#,
                Some(
                    r#"This creates a new rule with the same pattern on the same bus; existing rules and their targets are left alone."#,
                ),
            ),
            (
                "AWS CLI",
                r#"# Attach the existing function myFunction to events of the EventBridge bus commerce.
AWS_REGION="${AWS_REGION:-$(aws configure get region)}"
AWS_ACCOUNT_ID="$(aws sts get-caller-identity --query Account --output text)"
FUNCTION_NAME=myFunction
FUNCTION_ARN="arn:aws:lambda:${AWS_REGION}:${AWS_ACCOUNT_ID}:function:${FUNCTION_NAME}"
RULE_NAME=myFunction-commerce-53e716b4
BUS_NAME=commerce

RULE_ARN="$(aws events put-rule --region "$AWS_REGION" \
  --name "$RULE_NAME" \
  --event-bus-name "$BUS_NAME" \
  --event-pattern '{"detail":{"amount":[{"numeric":[">",0]}],"status":["true"]},"detail-type":["PaymentSucceeded"],"source":["payments"]}' \
  --query RuleArn --output text)"

aws lambda add-permission --region "$AWS_REGION" \
  --function-name "$FUNCTION_NAME" \
  --statement-id "$RULE_NAME" \
  --action lambda:InvokeFunction \
  --principal events.amazonaws.com \
  --source-arn "$RULE_ARN"

aws events put-targets --region "$AWS_REGION" \
  --rule "$RULE_NAME" \
  --event-bus-name "$BUS_NAME" \
  --targets "Id=1,Arn=${FUNCTION_ARN}""#,
                Some(
                    r#"This creates a new rule with the same pattern on the same bus; existing rules and their targets are left alone."#,
                ),
            ),
        ],
    );
}

/// A bus has no pattern: `prefix: ""` matches every event.
#[test]
fn an_eventbridge_bus_gets_a_catch_all_pattern_to_narrow() {
    let e = event("eventbridge_bus", "eventbridge:commerce", "commerce", json!({}), vec![]);
    assert_snippets(
        &e,
        &[
            (
                "serverless.yml",
                r#"functions:
  myFunction:
    # handler, runtime, ...: as for your other functions
    events:
      - eventBridge:
          eventBus: arn:aws:events:${aws:region}:${aws:accountId}:event-bus/commerce
          # matches every event on the bus: narrow it
          pattern:
            source:
              - prefix: """#,
                Some(r#"The pattern matches every event on the bus: narrow it to the events the function needs."#),
            ),
            (
                "SAM template",
                r#"Resources:
  MyFunction:
    Type: AWS::Serverless::Function
    Properties:
      # Handler, Runtime, CodeUri, ...: as for your other functions
      Events:
        CommerceRule:
          Type: EventBridgeRule
          Properties:
            EventBusName: commerce
            # matches every event on the bus: narrow it
            Pattern:
              source:
                - prefix: """#,
                Some(r#"The pattern matches every event on the bus: narrow it to the events the function needs."#),
            ),
            (
                "AWS CLI",
                r#"# Attach the existing function myFunction to events of the EventBridge bus commerce.
AWS_REGION="${AWS_REGION:-$(aws configure get region)}"
AWS_ACCOUNT_ID="$(aws sts get-caller-identity --query Account --output text)"
FUNCTION_NAME=myFunction
FUNCTION_ARN="arn:aws:lambda:${AWS_REGION}:${AWS_ACCOUNT_ID}:function:${FUNCTION_NAME}"
RULE_NAME=myFunction-commerce-6b4c733f
BUS_NAME=commerce

# Matches every event on the bus: narrow the pattern.
RULE_ARN="$(aws events put-rule --region "$AWS_REGION" \
  --name "$RULE_NAME" \
  --event-bus-name "$BUS_NAME" \
  --event-pattern '{"source":[{"prefix":""}]}' \
  --query RuleArn --output text)"

aws lambda add-permission --region "$AWS_REGION" \
  --function-name "$FUNCTION_NAME" \
  --statement-id "$RULE_NAME" \
  --action lambda:InvokeFunction \
  --principal events.amazonaws.com \
  --source-arn "$RULE_ARN"

aws events put-targets --region "$AWS_REGION" \
  --rule "$RULE_NAME" \
  --event-bus-name "$BUS_NAME" \
  --targets "Id=1,Arn=${FUNCTION_ARN}""#,
                Some(r#"The pattern matches every event on the bus: narrow it to the events the function needs."#),
            ),
        ],
    );
}

/// Schedules are per function: the same expression on a new rule.
#[test]
fn a_rate_schedule_becomes_a_schedule_of_the_new_function() {
    let e = event(
        "schedule",
        "schedule:notifier:dailyDigest:rate(1 day)",
        "rate(1 day)",
        json!({"expression": "rate(1 day)"}),
        vec![subscriber("dailyDigest", "notifier", json!({}))],
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
      - schedule: rate(1 day)"#,
                Some(
                    r#"A schedule belongs to one function: this gives the new function its own schedule with the same expression."#,
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
        Schedule:
          Type: Schedule
          Properties:
            Schedule: rate(1 day)"#,
                Some(
                    r#"A schedule belongs to one function: this gives the new function its own schedule with the same expression."#,
                ),
            ),
            (
                "AWS CLI",
                r#"# Attach the existing function myFunction to the schedule rate(1 day).
AWS_REGION="${AWS_REGION:-$(aws configure get region)}"
AWS_ACCOUNT_ID="$(aws sts get-caller-identity --query Account --output text)"
FUNCTION_NAME=myFunction
FUNCTION_ARN="arn:aws:lambda:${AWS_REGION}:${AWS_ACCOUNT_ID}:function:${FUNCTION_NAME}"
RULE_NAME=myFunction-schedule-cfc9b027

RULE_ARN="$(aws events put-rule --region "$AWS_REGION" \
  --name "$RULE_NAME" \
  --schedule-expression 'rate(1 day)' \
  --query RuleArn --output text)"

aws lambda add-permission --region "$AWS_REGION" \
  --function-name "$FUNCTION_NAME" \
  --statement-id "$RULE_NAME" \
  --action lambda:InvokeFunction \
  --principal events.amazonaws.com \
  --source-arn "$RULE_ARN"

aws events put-targets --region "$AWS_REGION" \
  --rule "$RULE_NAME" \
  --targets "Id=1,Arn=${FUNCTION_ARN}""#,
                Some(
                    r#"A schedule belongs to one function: this gives the new function its own schedule with the same expression."#,
                ),
            ),
        ],
    );
}

/// A timezone needs EventBridge Scheduler (ScheduleV2, method: scheduler, create-schedule).
#[test]
fn a_cron_schedule_with_a_timezone_uses_eventbridge_scheduler() {
    let e = event(
        "schedule",
        "schedule:reporting:Nightly:cron(0 8 * * ? *)",
        "cron(0 8 * * ? *)",
        json!({"expression": "cron(0 8 * * ? *)", "timezone": "Europe/Paris"}),
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
      - schedule:
          method: scheduler
          rate: cron(0 8 * * ? *)
          timezone: Europe/Paris"#,
                Some(
                    r#"A schedule belongs to one function: this gives the new function its own schedule with the same expression."#,
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
        Schedule:
          Type: ScheduleV2
          Properties:
            ScheduleExpression: cron(0 8 * * ? *)
            ScheduleExpressionTimezone: Europe/Paris"#,
                Some(
                    r#"A schedule belongs to one function: this gives the new function its own schedule with the same expression."#,
                ),
            ),
            (
                "AWS CLI",
                r#"# Attach the existing function myFunction to the schedule cron(0 8 * * ? *).
AWS_REGION="${AWS_REGION:-$(aws configure get region)}"
AWS_ACCOUNT_ID="$(aws sts get-caller-identity --query Account --output text)"
FUNCTION_NAME=myFunction
FUNCTION_ARN="arn:aws:lambda:${AWS_REGION}:${AWS_ACCOUNT_ID}:function:${FUNCTION_NAME}"
# SCHEDULER_ROLE: a role that scheduler.amazonaws.com can assume, allowed to invoke the function.
SCHEDULER_ROLE_ARN="arn:aws:iam::${AWS_ACCOUNT_ID}:role/${SCHEDULER_ROLE:?set SCHEDULER_ROLE}"

aws scheduler create-schedule --region "$AWS_REGION" \
  --name myFunction-schedule-a9a55067 \
  --schedule-expression 'cron(0 8 * * ? *)' \
  --schedule-expression-timezone Europe/Paris \
  --flexible-time-window Mode=OFF \
  --target "Arn=${FUNCTION_ARN},RoleArn=${SCHEDULER_ROLE_ARN}""#,
                Some(
                    r#"A schedule belongs to one function: this gives the new function its own schedule with the same expression."#,
                ),
            ),
        ],
    );
}
