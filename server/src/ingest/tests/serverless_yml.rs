//! serverless.yml: every AWS event type in short and long form, defaults,
//! other providers, and shape errors.

use std::path::Path;

use super::super::*;

fn parse(text: &str) -> Result<ParsedService, ManifestError> {
    parse_manifest(Path::new("serverless.yml"), text, &ParseOptions::default(), &NoFiles)
}

fn triggers(s: &ParsedService) -> Vec<(String, String, String)> {
    s.functions
        .iter()
        .flat_map(|f| f.triggers.iter().map(|t| (t.event.0.clone(), t.dry_run_type.clone(), t.source.clone())))
        .collect()
}

const HEAD: &str = "service: shop\napp: store\norg: acme\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  memorySize: 512\n  timeout: 20\n  architecture: arm64\n  tags:\n    team: core\n  environment:\n    SHARED: x\n";

#[test]
fn every_documented_aws_event_type_is_read_in_short_and_long_form() {
    let text = format!(
        "{HEAD}functions:\n  all:\n    handler: all.main\n    events:\n      - http: GET users/{{id}}\n      - http:\n          method: post\n          path: /users\n      - httpApi: '*'\n      - httpApi:\n          method: DELETE\n          path: /users/{{id}}\n      - websocket: $connect\n      - websocket:\n          route: sendMessage\n      - sqs: arn:aws:sqs:us-east-1:123:jobs\n      - sqs:\n          arn: arn:aws:sqs:us-east-1:123:jobs-dlq\n          batchSize: 5\n      - sns: order-created\n      - sns:\n          arn: arn:aws:sns:us-east-1:123:payments\n          filterPolicy:\n            status: [paid]\n      - stream: arn:aws:dynamodb:us-east-1:123:table/Orders/stream/2024-01-01T00:00:00.000\n      - stream:\n          type: kinesis\n          arn: arn:aws:kinesis:us-east-1:123:stream/clicks\n          startingPosition: LATEST\n      - s3: photos\n      - s3:\n          bucket: docs\n          event: s3:ObjectRemoved:*\n          rules:\n            - prefix: uploads/\n      - schedule: rate(10 minutes)\n      - schedule:\n          rate:\n            - cron(0 12 * * ? *)\n            - cron(0 18 * * ? *)\n          enabled: false\n      - eventBridge:\n          eventBus: arn:aws:events:us-east-1:123:event-bus/orders\n          pattern:\n            source: [orders]\n            detail-type: [OrderPlaced]\n      - eventBridge:\n          schedule: rate(1 hour)\n      - cloudwatchEvent:\n          event:\n            source: [aws.ec2]\n      - cloudwatchLog: /aws/lambda/other\n      - cloudwatchLog:\n          logGroup: /app/logs\n          filter: ERROR\n      - iot:\n          sql: SELECT * FROM 'sensors/#'\n      - iotFleetProvisioning:\n          templateBody: {{}}\n          provisioningRoleArn: arn:aws:iam::1:role/p\n      - alexaSkill: amzn1.ask.skill.1\n      - alexaSmartHome:\n          appId: amzn1.ask.skill.2\n      - alb:\n          listenerArn: arn:aws:elasticloadbalancing:us-east-1:1:listener/app/lb/1/2\n          priority: 3\n          conditions:\n            path: /alb\n      - cognitoUserPool:\n          pool: customers\n          trigger: PreSignUp\n      - msk:\n          arn: arn:aws:kafka:us-east-1:1:cluster/events/abc\n          topic: clicks\n      - kafka:\n          topic: views\n          bootstrapServers: [b2:9092, b1:9092]\n      - activemq:\n          arn: arn:aws:mq:us-east-1:1:broker:legacy:b-1\n          queue: inbound\n      - rabbitmq:\n          arn: arn:aws:mq:us-east-1:1:broker:rabbit:b-2\n          queue: work\n      - cloudFront:\n          eventType: viewer-request\n          pathPattern: /img/*\n      - futureEvent:\n          anything: 1\n"
    );
    let s = parse(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((s.org.as_deref(), s.app.as_deref()), (Some("acme"), Some("store")));
    let got: Vec<(String, String, String)> = triggers(&s);
    let want: Vec<(&str, &str, &str)> = vec![
        ("http:shop:GET /users/{id}", "http", "GET /users/{id}"),
        ("http:shop:POST /users", "http", "POST /users"),
        ("http:shop:ANY *", "httpApi", "ANY *"),
        ("http:shop:DELETE /users/{id}", "httpApi", "DELETE /users/{id}"),
        ("websocket:shop:$connect", "websocket", "$connect"),
        ("websocket:shop:sendMessage", "websocket", "sendMessage"),
        ("sqs:jobs", "sqs", "arn:aws:sqs:us-east-1:123:jobs"),
        ("sqs:jobs-dlq", "sqs", "arn:aws:sqs:us-east-1:123:jobs-dlq"),
        ("sns:order-created", "sns", "order-created"),
        ("sns:payments", "sns", "arn:aws:sns:us-east-1:123:payments"),
        ("dynamodb:Orders", "stream", "arn:aws:dynamodb:us-east-1:123:table/Orders/stream/2024-01-01T00:00:00.000"),
        ("kinesis:clicks", "stream", "arn:aws:kinesis:us-east-1:123:stream/clicks"),
        ("s3:photos", "s3", "photos"),
        ("s3:docs", "s3", "docs"),
        ("schedule:shop:all:rate(10 minutes)", "schedule", "rate(10 minutes)"),
        ("schedule:shop:all:cron(0 12 * * ? *)", "schedule", "cron(0 12 * * ? *)"),
        ("schedule:shop:all:cron(0 18 * * ? *)", "schedule", "cron(0 18 * * ? *)"),
        ("eventbridge:orders:{\"detail-type\":[\"OrderPlaced\"],\"source\":[\"orders\"]}", "eventBridge", "orders"),
        ("schedule:shop:all:rate(1 hour)", "eventBridge", "rate(1 hour)"),
        ("eventbridge:default:{\"source\":[\"aws.ec2\"]}", "cloudwatchEvent", "default"),
        ("logs:/aws/lambda/other", "cloudwatchLog", "/aws/lambda/other"),
        ("logs:/app/logs", "cloudwatchLog", "/app/logs"),
        ("iot:SELECT * FROM 'sensors/#'", "iot", "SELECT * FROM 'sensors/#'"),
        (
            "iotFleetProvisioning:shop:all:{\"provisioningRoleArn\":\"arn:aws:iam::1:role/p\",\"templateBody\":{}}",
            "iotFleetProvisioning",
            "{\"provisioningRoleArn\":\"arn:aws:iam::1:role/p\",\"templateBody\":{}}",
        ),
        ("alexa:amzn1.ask.skill.1", "alexaSkill", "amzn1.ask.skill.1"),
        ("alexaSmartHome:amzn1.ask.skill.2", "alexaSmartHome", "amzn1.ask.skill.2"),
        (
            "alb:arn:aws:elasticloadbalancing:us-east-1:1:listener/app/lb/1/2:3",
            "alb",
            "arn:aws:elasticloadbalancing:us-east-1:1:listener/app/lb/1/2",
        ),
        ("cognito:customers:PreSignUp", "cognitoUserPool", "customers"),
        ("kafka:events:clicks", "msk", "arn:aws:kafka:us-east-1:1:cluster/events/abc"),
        ("kafka:b1:9092,b2:9092:views", "kafka", "b1:9092,b2:9092"),
        ("mq:legacy:inbound", "activemq", "arn:aws:mq:us-east-1:1:broker:legacy:b-1"),
        ("mq:rabbit:work", "rabbitmq", "arn:aws:mq:us-east-1:1:broker:rabbit:b-2"),
        ("cloudfront:shop:viewer-request:/img/*", "cloudFront", "viewer-request /img/*"),
        ("futureEvent:shop:all:{\"anything\":1}", "futureEvent", "{\"anything\":1}"),
    ];
    let want: Vec<(String, String, String)> =
        want.into_iter().map(|(a, b, c)| (a.into(), b.into(), c.into())).collect();
    assert_eq!(got, want);
    let f = &s.functions[0];
    assert_eq!(f.triggers[9].config["filterPolicy"]["status"][0], "paid");
    assert_eq!(f.triggers[7].config["batchSize"], 5);
    let s3 = s.events.iter().find(|e| e.key.0 == "s3:docs").expect("docs bucket");
    assert_eq!(s3.detail["events"][0], "s3:ObjectRemoved:*");
    assert_eq!(
        s.events.iter().find(|e| e.key.0 == "kinesis:clicks").map(|e| e.detail["startingPosition"].clone()),
        Some("LATEST".into())
    );
}

#[test]
fn provider_settings_are_function_defaults() {
    let text = format!(
        "{HEAD}functions:\n  a:\n    handler: a.main\n    tags:\n      tier: gold\n    environment:\n      OWN: y\n  b:\n    handler: b.main\n    name: custom-b\n    runtime: python3.12\n    memorySize: 128\n    timeout: 3\n    architecture: x86_64\n    description: The B function\n  c:\n    image: 123.dkr.ecr.us-east-1.amazonaws.com/c:latest\n"
    );
    let s = parse(&text).unwrap_or_else(|e| panic!("{e}"));
    let (a, b, c) = (&s.functions[0], &s.functions[1], &s.functions[2]);
    assert_eq!((a.name.as_str(), a.line), ("a", 15));
    assert_eq!(a.deployed_name.as_deref(), Some("shop-dev-a"));
    assert_eq!(
        (a.runtime.as_deref(), a.memory_mb, a.timeout_s, a.architecture.as_deref()),
        (Some("nodejs20.x"), Some(512), Some(20), Some("arm64"))
    );
    assert_eq!(a.env_var_names, vec!["OWN", "SHARED"]);
    assert_eq!(a.tags.len(), 2);
    assert_eq!(b.deployed_name.as_deref(), Some("custom-b"));
    assert_eq!(
        (b.runtime.as_deref(), b.memory_mb, b.timeout_s, b.architecture.as_deref()),
        (Some("python3.12"), Some(128), Some(3), Some("x86_64"))
    );
    assert_eq!(b.description.as_deref(), Some("The B function"));
    assert_eq!((c.handler.as_deref(), c.runtime.as_deref()), (None, None));
    assert_eq!(s.tags.get("team").map(String::as_str), Some("core"));
}

#[test]
fn function_level_iam_statements_and_resources_logical_ids_are_understood() {
    let text = "service: shop\nprovider:\n  name: aws\nfunctions:\n  notify:\n    handler: n.main\n    iamRoleStatements:\n      - Effect: Allow\n        Action: [sns:Publish]\n        Resource: !Ref Alerts\n  audit:\n    handler: a.main\n    url: true\nresources:\n  Resources:\n    Alerts:\n      Type: AWS::SNS::Topic\n      Properties:\n        TopicName: alerts\n    AlertsToAudit:\n      Type: AWS::SNS::Subscription\n      Properties:\n        Protocol: lambda\n        TopicArn: !Ref Alerts\n        Endpoint: !GetAtt AuditLambdaFunction.Arn\n";
    let s = parse(text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.functions[0].publishes, vec![EventKey("sns:alerts".into())]);
    let audit: Vec<&str> = s.functions[1].triggers.iter().map(|t| t.event.as_str()).collect();
    assert_eq!(audit, vec!["url:shop:audit", "sns:alerts"]);
}

#[test]
fn other_providers_keep_service_runtime_functions_and_events() {
    let text = "service: thumbs\nprovider:\n  name: google\n  runtime: nodejs18\n  region: europe-west1\nfunctions:\n  resize:\n    handler: resize\n    events:\n      - event:\n          eventType: google.storage.object.finalize\n          resource: projects/p/buckets/b\n  hello:\n    handler: hello\n    events:\n      - http: path\n";
    let s = parse(text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (s.provider.as_str(), s.runtime.as_deref(), s.region.as_deref()),
        ("google", Some("nodejs18"), Some("europe-west1"))
    );
    assert_eq!(s.functions[0].runtime.as_deref(), Some("nodejs18"));
    assert_eq!(s.functions[0].deployed_name, None);
    assert_eq!(s.functions[0].triggers[0].dry_run_type, "event");
    assert_eq!(s.functions[1].triggers[0].event.0, "http:thumbs:ANY /path");
}

#[test]
fn an_sqs_event_given_as_a_list_is_rejected_with_its_path_and_line() {
    let text = "service: shop\nprovider:\n  name: aws\nfunctions:\n  createOrder:\n    handler: h\n    events:\n      - http: GET /\n      - sqs: arn:aws:sqs:us-east-1:1:q\n      - sqs:\n          - arn:aws:sqs:us-east-1:1:q\n";
    let err = parse(text).expect_err("wrong shape");
    assert_eq!(
        err.message,
        "functions.createOrder.events[2].sqs: expected a queue ARN or an object with `arn`, found a list"
    );
    assert_eq!(err.line, Some(11));
    assert_eq!(err.to_string(), format!("line 11, column {}: {}", err.column.unwrap_or(0), err.message));
}

#[test]
fn functions_that_are_not_a_map_are_rejected_in_plain_words() {
    let err = parse("service: shop\nprovider: aws\nfunctions:\n  - just a string\n").expect_err("wrong shape");
    assert!(err.message.starts_with("functions: expected a map of function names"), "{err}");
    assert_eq!(err.line, Some(4));
}

#[test]
fn a_log_group_is_read_from_the_function_or_the_provider() {
    let text = "service: shop\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  logs:\n    lambda:\n      logGroup: /shop/all\nfunctions:\n  a:\n    handler: a.main\n    logs:\n      logGroup: /shop/a\n  b:\n    handler: b.main\n";
    let s = parse(text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.functions[0].log_group.as_deref(), Some("/shop/a"));
    assert_eq!(s.functions[1].log_group.as_deref(), Some("/shop/all"));
    let plain = parse(&format!("{HEAD}functions:\n  a:\n    handler: a.main\n")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plain.functions[0].log_group, None);
}
