//! HTTP routes and S3 buckets.

use serde_json::json;

use super::{assert_snippets, event, subscriber};

/// A route has one integration: the new function gets a sibling path.
#[test]
fn an_http_api_route_gets_a_new_route_next_to_it_on_the_same_api() {
    let e = event(
        "http_route",
        "http:orders-api:GET /orders/{id}",
        "GET /orders/{id}",
        json!({"method": "GET", "path": "/orders/{id}", "api": "http"}),
        vec![subscriber("getOrder", "orders-api", json!({}))],
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
      - httpApi:
          method: GET
          path: /orders/{id}/my-function"#,
                Some(
                    r#"A route has one integration: GET /orders/{id} is already served by getOrder (orders-api). These snippets add GET /orders/{id}/my-function to the same API instead; change the path as needed. Without an authorizer the route is public: use the one of the API's other routes. Paste into the service that defines the API; from another service, set provider.httpApi.id first."#,
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
        HttpApi:
          Type: HttpApi
          Properties:
            # ApiId: !Ref TheApi  (when the API is an explicit resource of the template)
            Method: GET
            Path: /orders/{id}/my-function"#,
                Some(
                    r#"A route has one integration: GET /orders/{id} is already served by getOrder (orders-api). These snippets add GET /orders/{id}/my-function to the same API instead; change the path as needed. Without an authorizer the route is public: use the one of the API's other routes. Paste into the template that defines the API."#,
                ),
            ),
            (
                "AWS CLI",
                r#"# Attach the existing function myFunction to a new route GET /orders/{id}/my-function of the API orders-api.
AWS_REGION="${AWS_REGION:-$(aws configure get region)}"
AWS_ACCOUNT_ID="$(aws sts get-caller-identity --query Account --output text)"
FUNCTION_NAME=myFunction
FUNCTION_ARN="arn:aws:lambda:${AWS_REGION}:${AWS_ACCOUNT_ID}:function:${FUNCTION_NAME}"
# API_ID: the id of the API orders-api (see aws apigatewayv2 get-apis).
: "${API_ID:?set API_ID}"

INTEGRATION_ID="$(aws apigatewayv2 create-integration --region "$AWS_REGION" \
  --api-id "$API_ID" \
  --integration-type AWS_PROXY \
  --integration-uri "$FUNCTION_ARN" \
  --payload-format-version 2.0 \
  --query IntegrationId --output text)"

aws apigatewayv2 create-route --region "$AWS_REGION" \
  --api-id "$API_ID" \
  --route-key 'GET /orders/{id}/my-function' \
  --target "integrations/${INTEGRATION_ID}"

aws lambda add-permission --region "$AWS_REGION" \
  --function-name "$FUNCTION_NAME" \
  --statement-id apigateway-myFunction-route-029a465f \
  --action lambda:InvokeFunction \
  --principal apigateway.amazonaws.com \
  --source-arn "arn:aws:execute-api:${AWS_REGION}:${AWS_ACCOUNT_ID}:${API_ID}/*"

# Unless the stage deploys automatically: aws apigatewayv2 create-deployment --api-id "$API_ID" --stage-name STAGE"#,
                Some(
                    r#"A route has one integration: GET /orders/{id} is already served by getOrder (orders-api). These snippets add GET /orders/{id}/my-function to the same API instead; change the path as needed. Without an authorizer the route is public: use the one of the API's other routes."#,
                ),
            ),
        ],
    );
}

/// `{proxy+}` cannot have children: the new resource goes under its parent.
#[test]
fn a_rest_api_greedy_route_gets_a_new_resource_under_its_parent() {
    let e = event(
        "http_route",
        "http:catalog:ANY /{proxy+}",
        "ANY /{proxy+}",
        json!({"method": "ANY", "path": "/{proxy+}", "api": "rest"}),
        vec![subscriber("proxy", "catalog", json!({}))],
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
      - http:
          method: any
          path: /my-function"#,
                Some(
                    r#"A route has one integration: ANY /{proxy+} is already served by proxy (catalog). These snippets add ANY /my-function to the same API instead; change the path as needed. Without an authorizer the route is public: use the one of the API's other routes. Paste into the service that defines the API; from another service, set provider.apiGateway.restApiId and restApiRootResourceId first."#,
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
        Api:
          Type: Api
          Properties:
            # RestApiId: !Ref TheApi  (when the API is an explicit resource of the template)
            Method: ANY
            Path: /my-function"#,
                Some(
                    r#"A route has one integration: ANY /{proxy+} is already served by proxy (catalog). These snippets add ANY /my-function to the same API instead; change the path as needed. Without an authorizer the route is public: use the one of the API's other routes. Paste into the template that defines the API."#,
                ),
            ),
            (
                "AWS CLI",
                r#"# Attach the existing function myFunction to a new route ANY /my-function of the API catalog.
AWS_REGION="${AWS_REGION:-$(aws configure get region)}"
AWS_ACCOUNT_ID="$(aws sts get-caller-identity --query Account --output text)"
FUNCTION_NAME=myFunction
FUNCTION_ARN="arn:aws:lambda:${AWS_REGION}:${AWS_ACCOUNT_ID}:function:${FUNCTION_NAME}"
# API_ID: the id of the API catalog (see aws apigateway get-rest-apis).
: "${API_ID:?set API_ID}"

PARENT_ID="$(aws apigateway get-resources --region "$AWS_REGION" \
  --rest-api-id "$API_ID" \
  --query 'items[?path==`"/"`].id | [0]' --output text)"

RESOURCE_ID="$(aws apigateway create-resource --region "$AWS_REGION" \
  --rest-api-id "$API_ID" \
  --parent-id "$PARENT_ID" \
  --path-part my-function \
  --query id --output text)"

# NONE makes the method public: use the authorizer of the API's other methods.
aws apigateway put-method --region "$AWS_REGION" \
  --rest-api-id "$API_ID" \
  --resource-id "$RESOURCE_ID" \
  --http-method ANY \
  --authorization-type NONE

aws apigateway put-integration --region "$AWS_REGION" \
  --rest-api-id "$API_ID" \
  --resource-id "$RESOURCE_ID" \
  --http-method ANY \
  --type AWS_PROXY \
  --integration-http-method POST \
  --uri "arn:aws:apigateway:${AWS_REGION}:lambda:path/2015-03-31/functions/${FUNCTION_ARN}/invocations"

aws lambda add-permission --region "$AWS_REGION" \
  --function-name "$FUNCTION_NAME" \
  --statement-id apigateway-myFunction-route-13782946 \
  --action lambda:InvokeFunction \
  --principal apigateway.amazonaws.com \
  --source-arn "arn:aws:execute-api:${AWS_REGION}:${AWS_ACCOUNT_ID}:${API_ID}/*"

# Unless the stage deploys automatically: aws apigateway create-deployment --rest-api-id "$API_ID" --stage-name STAGE"#,
                Some(
                    r#"A route has one integration: ANY /{proxy+} is already served by proxy (catalog). These snippets add ANY /my-function to the same API instead; change the path as needed. Without an authorizer the route is public: use the one of the API's other routes."#,
                ),
            ),
        ],
    );
}

/// Event kinds from the detail; prefix/suffix of existing consumers as comments; CLI merges the notification configuration.
#[test]
fn an_s3_bucket_gets_its_event_kinds_and_the_filters_of_its_subscribers() {
    let e = event(
        "s3_bucket",
        "s3:clickstream-raw-${sls:stage}",
        "clickstream-raw-${sls:stage}",
        json!({"events": ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"]}),
        vec![
            subscriber(
                "compactUploads",
                "clickstream",
                json!({"event": "s3:ObjectCreated:*", "rules": [{"suffix": ".json.gz"}]}),
            ),
            subscriber(
                "indexer",
                "search",
                json!({"Events": ["s3:ObjectRemoved:*"], "Filter": {"S3Key": {"Rules": [{"Name": "prefix", "Value": "raw/"}]}}}),
            ),
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
      # compactUploads (clickstream) gets s3:ObjectCreated:* with suffix .json.gz
      # indexer (search) gets s3:ObjectRemoved:* with prefix raw/
      - s3:
          bucket: clickstream-raw-${sls:stage}
          event: s3:ObjectCreated:*
          existing: true
          # rules:
          #   - prefix: PREFIX/
      - s3:
          bucket: clickstream-raw-${sls:stage}
          event: s3:ObjectRemoved:*
          existing: true
          # rules:
          #   - prefix: PREFIX/"#,
                Some(
                    r#"S3 rejects notifications whose event types and prefix/suffix filters overlap, and compactUploads (clickstream) and indexer (search) already get notifications from this bucket: give the new one a distinct prefix or suffix, or fan out instead (EventBridge notifications on the bucket, or an SNS topic). ${sls:stage} comes unresolved from the source manifest: replace it with the deployed value. existing: true attaches to a bucket of another stack through a custom resource; a function can attach to one existing bucket."#,
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
        ClickstreamRawSlsStageBucket:
          Type: S3
          Properties:
            # the AWS::S3::Bucket resource of this template named clickstream-raw-${sls:stage}
            Bucket: !Ref ClickstreamRawSlsStageBucket
            Events:
              - s3:ObjectCreated:*
              - s3:ObjectRemoved:*
            # Filter:
            #   S3Key:
            #     Rules:
            #       - Name: prefix
            #         Value: PREFIX/"#,
                Some(
                    r#"S3 rejects notifications whose event types and prefix/suffix filters overlap, and compactUploads (clickstream) and indexer (search) already get notifications from this bucket: give the new one a distinct prefix or suffix, or fan out instead (EventBridge notifications on the bucket, or an SNS topic). ${sls:stage} comes unresolved from the source manifest: replace it with the deployed value. SAM can only attach S3 events to a bucket defined in the same template; use the AWS CLI form for an existing bucket."#,
                ),
            ),
            (
                "AWS CLI",
                r#"# Attach the existing function myFunction to notifications of the S3 bucket clickstream-raw-${sls:stage}.
AWS_REGION="${AWS_REGION:-$(aws configure get region)}"
AWS_ACCOUNT_ID="$(aws sts get-caller-identity --query Account --output text)"
FUNCTION_NAME=myFunction
FUNCTION_ARN="arn:aws:lambda:${AWS_REGION}:${AWS_ACCOUNT_ID}:function:${FUNCTION_NAME}"
BUCKET="clickstream-raw-"'${sls:stage}'

aws lambda add-permission --region "$AWS_REGION" \
  --function-name "$FUNCTION_NAME" \
  --statement-id s3-clickstream-raw-sls-stage \
  --action lambda:InvokeFunction \
  --principal s3.amazonaws.com \
  --source-arn "arn:aws:s3:::${BUCKET}" \
  --source-account "$AWS_ACCOUNT_ID"

# A bucket has ONE notification configuration and put-bucket-notification-configuration
# REPLACES it whole: read it, append the new entry (with jq), write it back.
# Already there: compactUploads (clickstream), s3:ObjectCreated:* with suffix .json.gz
# Already there: indexer (search), s3:ObjectRemoved:* with prefix raw/
aws s3api get-bucket-notification-configuration --region "$AWS_REGION" \
  --bucket "$BUCKET" --output json > notification.json
# To filter, add to the entry: "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "PREFIX/"}]}}
jq -s \
  --arg id myFunction-s3-7d6e0ddf \
  --arg arn "$FUNCTION_ARN" \
  --argjson events '["s3:ObjectCreated:*","s3:ObjectRemoved:*"]' \
  '(.[0] // {}) | .LambdaFunctionConfigurations += [{"Id": $id, "LambdaFunctionArn": $arn, "Events": $events}]' \
  notification.json > notification.new.json
aws s3api put-bucket-notification-configuration --region "$AWS_REGION" \
  --bucket "$BUCKET" \
  --notification-configuration file://notification.new.json"#,
                Some(
                    r#"S3 rejects notifications whose event types and prefix/suffix filters overlap, and compactUploads (clickstream) and indexer (search) already get notifications from this bucket: give the new one a distinct prefix or suffix, or fan out instead (EventBridge notifications on the bucket, or an SNS topic). ${sls:stage} comes unresolved from the source manifest: replace it with the deployed value. put-bucket-notification-configuration REPLACES the bucket's whole notification configuration: the script merges the new entry into the current one; check notification.new.json before the last command."#,
                ),
            ),
        ],
    );
}
