//! DynamoDB and Kinesis streams, Kafka topics.

use serde_json::json;

use super::{assert_snippets, event, subscriber};

/// The stream label is unknown: a placeholder, a parameter or a describe-table lookup.
#[test]
fn a_dynamodb_stream_looks_up_its_stream_arn_and_warns_about_its_two_readers() {
    let e = event(
        "dynamodb_stream",
        "dynamodb:orders-prod",
        "orders-prod",
        json!({"startingPosition": "TRIM_HORIZON"}),
        vec![
            subscriber("OrderChangePublisher", "order-stream", json!({})),
            subscriber("audit", "audit-log", json!({})),
        ],
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
      - stream:
          type: dynamodb
          # STREAM_LABEL: see the table's LatestStreamArn (aws dynamodb describe-table --table-name orders-prod)
          arn: arn:aws:dynamodb:${aws:region}:${aws:accountId}:table/orders-prod/stream/STREAM_LABEL
          startingPosition: LATEST"#,
                Some(
                    r#"A DynamoDB stream serves at most two readers per shard without throttling, and it already has 2. Reading starts at LATEST; TRIM_HORIZON also processes the records of the last 24 hours."#,
                ),
            ),
            (
                "SAM template",
                r#"Parameters:
  OrdersProdStreamArn:
    Type: String
    Description: LatestStreamArn of the DynamoDB table orders-prod
Resources:
  MyFunction:
    Type: AWS::Serverless::Function
    Properties:
      # Handler, Runtime, CodeUri, ...: as for your other functions
      Events:
        OrdersProdStream:
          Type: DynamoDB
          Properties:
            Stream: !Ref OrdersProdStreamArn
            StartingPosition: LATEST"#,
                Some(
                    r#"A DynamoDB stream serves at most two readers per shard without throttling, and it already has 2. Reading starts at LATEST; TRIM_HORIZON also processes the records of the last 24 hours."#,
                ),
            ),
            (
                "AWS CLI",
                r#"# Attach the existing function myFunction to the stream of the DynamoDB table orders-prod.
AWS_REGION="${AWS_REGION:-$(aws configure get region)}"
FUNCTION_NAME=myFunction
STREAM_ARN="$(aws dynamodb describe-table --region "$AWS_REGION" \
  --table-name orders-prod \
  --query Table.LatestStreamArn --output text)"

# The function's role must allow reading the stream (AWSLambdaDynamoDBExecutionRole).
aws lambda create-event-source-mapping --region "$AWS_REGION" \
  --function-name "$FUNCTION_NAME" \
  --event-source-arn "$STREAM_ARN" \
  --starting-position LATEST"#,
                Some(
                    r#"A DynamoDB stream serves at most two readers per shard without throttling, and it already has 2. Reading starts at LATEST; TRIM_HORIZON also processes the records of the last 24 hours."#,
                ),
            ),
        ],
    );
}

/// Kinesis ARNs are built from the name.
#[test]
fn a_kinesis_stream_builds_its_arn_and_starts_at_latest() {
    let e = event(
        "kinesis_stream",
        "kinesis:storefront-clicks",
        "storefront-clicks",
        json!({"startingPosition": "LATEST"}),
        vec![subscriber("ingestClicks", "clickstream", json!({}))],
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
      - stream:
          type: kinesis
          arn: arn:aws:kinesis:${aws:region}:${aws:accountId}:stream/storefront-clicks
          startingPosition: LATEST"#,
                Some(
                    r#"Readers of a Kinesis stream share each shard's 2 MB/s and 5 reads per second; with several, consider enhanced fan-out (a stream consumer). Reading starts at LATEST; TRIM_HORIZON also processes the records still retained."#,
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
        StorefrontClicks:
          Type: Kinesis
          Properties:
            Stream: !Sub arn:aws:kinesis:${AWS::Region}:${AWS::AccountId}:stream/storefront-clicks
            StartingPosition: LATEST"#,
                Some(
                    r#"Readers of a Kinesis stream share each shard's 2 MB/s and 5 reads per second; with several, consider enhanced fan-out (a stream consumer). Reading starts at LATEST; TRIM_HORIZON also processes the records still retained."#,
                ),
            ),
            (
                "AWS CLI",
                r#"# Attach the existing function myFunction to the Kinesis stream storefront-clicks.
AWS_REGION="${AWS_REGION:-$(aws configure get region)}"
AWS_ACCOUNT_ID="$(aws sts get-caller-identity --query Account --output text)"
FUNCTION_NAME=myFunction
STREAM_ARN="arn:aws:kinesis:${AWS_REGION}:${AWS_ACCOUNT_ID}:stream/storefront-clicks"

# The function's role must allow reading the stream (AWSLambdaKinesisExecutionRole).
aws lambda create-event-source-mapping --region "$AWS_REGION" \
  --function-name "$FUNCTION_NAME" \
  --event-source-arn "$STREAM_ARN" \
  --starting-position LATEST"#,
                Some(
                    r#"Readers of a Kinesis stream share each shard's 2 MB/s and 5 reads per second; with several, consider enhanced fan-out (a stream consumer). Reading starts at LATEST; TRIM_HORIZON also processes the records still retained."#,
                ),
            ),
        ],
    );
}

/// The cluster's UUID is unknown: a placeholder, a parameter or a JMESPath lookup.
#[test]
fn an_msk_topic_looks_up_the_cluster_arn_by_exact_name() {
    let e = event(
        "kafka_topic",
        "kafka:orders-cluster:orders",
        "orders",
        json!({"cluster": "orders-cluster", "topic": "orders"}),
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
      - msk:
          # CLUSTER_UUID: see the ARN of cluster orders-cluster (aws kafka list-clusters-v2)
          arn: arn:aws:kafka:${aws:region}:${aws:accountId}:cluster/orders-cluster/CLUSTER_UUID
          topic: orders
          startingPosition: LATEST"#,
                Some(
                    r#"Each event source mapping reads with a consumer group of its own, so the function gets every message; do not reuse another consumer's group id."#,
                ),
            ),
            (
                "SAM template",
                r#"Parameters:
  OrdersClusterClusterArn:
    Type: String
    Description: ARN of the MSK cluster orders-cluster
Resources:
  MyFunction:
    Type: AWS::Serverless::Function
    Properties:
      # Handler, Runtime, CodeUri, ...: as for your other functions
      Events:
        OrdersClusterOrders:
          Type: MSK
          Properties:
            Stream: !Ref OrdersClusterClusterArn
            Topics:
              - orders
            StartingPosition: LATEST"#,
                Some(
                    r#"Each event source mapping reads with a consumer group of its own, so the function gets every message; do not reuse another consumer's group id."#,
                ),
            ),
            (
                "AWS CLI",
                r#"# Attach the existing function myFunction to the topic orders of the MSK cluster orders-cluster.
AWS_REGION="${AWS_REGION:-$(aws configure get region)}"
FUNCTION_NAME=myFunction
CLUSTER_ARN="$(aws kafka list-clusters-v2 --region "$AWS_REGION" \
  --query 'ClusterInfoList[?ClusterName==`"orders-cluster"`].ClusterArn | [0]' --output text)"

# The function's role must allow reading the cluster (AWSLambdaMSKExecutionRole).
aws lambda create-event-source-mapping --region "$AWS_REGION" \
  --function-name "$FUNCTION_NAME" \
  --event-source-arn "$CLUSTER_ARN" \
  --topics orders \
  --starting-position LATEST"#,
                Some(
                    r#"Each event source mapping reads with a consumer group of its own, so the function gets every message; do not reuse another consumer's group id."#,
                ),
            ),
        ],
    );
}

/// Bootstrap servers are quoted when YAML could read them as numbers.
#[test]
fn a_self_managed_kafka_topic_lists_its_bootstrap_servers() {
    let e = event(
        "kafka_topic",
        "kafka:b1.example.com:9092,b2.example.com:9092:orders",
        "orders",
        json!({"cluster": "b1.example.com:9092,b2.example.com:9092", "topic": "orders"}),
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
      - kafka:
          bootstrapServers:
            - b1.example.com:9092
            - b2.example.com:9092
          topic: orders
          accessConfigurations:
            saslScram512Auth: arn:aws:secretsmanager:${aws:region}:${aws:accountId}:secret:KAFKA_SECRET
          startingPosition: LATEST"#,
                Some(
                    r#"Each event source mapping reads with a consumer group of its own, so the function gets every message; do not reuse another consumer's group id. A self-managed cluster needs credentials in Secrets Manager (KAFKA_SECRET) or VPC access configuration."#,
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
        OrdersKafka:
          Type: SelfManagedKafka
          Properties:
            KafkaBootstrapServers:
              - b1.example.com:9092
              - b2.example.com:9092
            Topics:
              - orders
            SourceAccessConfigurations:
              - Type: SASL_SCRAM_512_AUTH
                URI: !Sub arn:aws:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:KAFKA_SECRET
            StartingPosition: LATEST"#,
                Some(
                    r#"Each event source mapping reads with a consumer group of its own, so the function gets every message; do not reuse another consumer's group id. A self-managed cluster needs credentials in Secrets Manager (KAFKA_SECRET) or VPC access configuration."#,
                ),
            ),
            (
                "AWS CLI",
                r#"# Attach the existing function myFunction to the Kafka topic orders.
AWS_REGION="${AWS_REGION:-$(aws configure get region)}"
AWS_ACCOUNT_ID="$(aws sts get-caller-identity --query Account --output text)"
FUNCTION_NAME=myFunction
SECRET_ARN="arn:aws:secretsmanager:${AWS_REGION}:${AWS_ACCOUNT_ID}:secret:${KAFKA_SECRET:?set KAFKA_SECRET}"

aws lambda create-event-source-mapping --region "$AWS_REGION" \
  --function-name "$FUNCTION_NAME" \
  --self-managed-event-source '{"Endpoints":{"KAFKA_BOOTSTRAP_SERVERS":["b1.example.com:9092","b2.example.com:9092"]}}' \
  --topics orders \
  --source-access-configurations "Type=SASL_SCRAM_512_AUTH,URI=${SECRET_ARN}" \
  --starting-position LATEST"#,
                Some(
                    r#"Each event source mapping reads with a consumer group of its own, so the function gets every message; do not reuse another consumer's group id. A self-managed cluster needs credentials in Secrets Manager (KAFKA_SECRET) or VPC access configuration."#,
                ),
            ),
        ],
    );
}
