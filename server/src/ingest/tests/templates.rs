//! SAM / CloudFormation: intrinsics, stand-alone trigger resources, producers.

use std::path::Path;

use super::super::*;

fn parse(name: &str, text: &str) -> ParsedService {
    let opts = ParseOptions { fallback_service_name: "shop".into(), ..ParseOptions::default() };
    parse_manifest(Path::new(name), text, &opts, &NoFiles).unwrap_or_else(|e| panic!("{e}"))
}

fn keys(f: &ParsedFunction) -> Vec<&str> {
    f.triggers.iter().map(|t| t.event.as_str()).collect()
}

const FN: &str = "  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n";

#[test]
fn sqs_event_with_getatt_points_at_the_named_queue() {
    let text = format!(
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  OrdersQueue:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: orders\n{FN}      Events:\n        Long:\n          Type: SQS\n          Properties:\n            Queue: {{\"Fn::GetAtt\": [OrdersQueue, Arn]}}\n        Short:\n          Type: SQS\n          Properties:\n            Queue: !GetAtt [OrdersQueue, Arn]\n            BatchSize: 5\n"
    );
    let s = parse("template.yaml", &text);
    assert_eq!(s.format, ManifestFormat::Sam);
    assert_eq!(keys(&s.functions[0]), vec!["sqs:orders", "sqs:orders"]);
    assert_eq!(s.events.len(), 1);
    assert_eq!(s.events[0].line, 3, "the queue's definition");
    assert_eq!(s.functions[0].triggers[1].config["BatchSize"], 5);
}

#[test]
fn intrinsics_resolve_parameters_mappings_sub_join_select_if_and_imports() {
    let text = format!(
        "Parameters:\n  Env:\n    Type: String\n    Default: prod\n  Names:\n    Type: CommaDelimitedList\n    Default: a-topic,b-topic\nMappings:\n  Buses:\n    prod:\n      Name: prod-bus\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\nResources:\n{FN}      Events:\n        A:\n          Type: SNS\n          Properties:\n            Topic: !Sub 'arn:aws:sns:${{AWS::Region}}:${{AWS::AccountId}}:${{Env}}-orders'\n        B:\n          Type: SNS\n          Properties:\n            Topic: !Sub ['arn:aws:sns:us-east-1:1:${{N}}', {{N: named}}]\n        C:\n          Type: SNS\n          Properties:\n            Topic: !Join [':', [arn, aws, sns, us-east-1, '1', joined]]\n        D:\n          Type: SNS\n          Properties:\n            Topic: !Select [1, !Ref Names]\n        E:\n          Type: SNS\n          Properties:\n            Topic: !If [IsProd, first-branch, second-branch]\n        F:\n          Type: SQS\n          Properties:\n            Queue: !ImportValue shared-queue-arn\n        G:\n          Type: EventBridgeRule\n          Properties:\n            EventBusName: !FindInMap [Buses, !Ref Env, Name]\n            Pattern:\n              source: [orders]\n"
    );
    let s = parse("template.yaml", &text);
    assert_eq!(s.format, ManifestFormat::Sam, "SAM resource types make a SAM template");
    assert_eq!(
        keys(&s.functions[0]),
        vec![
            "sns:prod-orders",
            "sns:named",
            "sns:joined",
            "sns:b-topic",
            "sns:first-branch",
            "sqs:${ImportValue:shared-queue-arn}",
            "eventbridge:prod-bus:{\"source\":[\"orders\"]}",
        ]
    );
}

#[test]
fn plain_cloudformation_functions_get_triggers_from_stand_alone_resources() {
    let text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Worker:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: shop-worker\n      Handler: index.handler\n      Runtime: nodejs20.x\n      MemorySize: 256\n      Timeout: 30\n      Architectures: [arm64]\n      Tags:\n        - Key: team\n          Value: core\n      Environment:\n        Variables:\n          SECRET: do-not-store\n  Queue:\n    Type: AWS::SQS::Queue\n  Mapping:\n    Type: AWS::Lambda::EventSourceMapping\n    Properties:\n      FunctionName: !Ref Worker\n      EventSourceArn: !GetAtt Queue.Arn\n      BatchSize: 10\n  Rule:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern:\n        source: [billing]\n      Targets:\n        - Arn: !GetAtt Worker.Arn\n          Id: w\n  Nightly:\n    Type: AWS::Events::Rule\n    Properties:\n      ScheduleExpression: cron(0 3 * * ? *)\n      Targets:\n        - Arn: arn:aws:lambda:us-east-1:1:function:shop-worker\n          Id: w\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: invoices\n  Sub:\n    Type: AWS::SNS::Subscription\n    Properties:\n      Protocol: lambda\n      TopicArn: !Ref Topic\n      Endpoint: !GetAtt Worker.Arn\n      FilterPolicy:\n        kind: [paid]\n  Uploads:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: shop-uploads\n      NotificationConfiguration:\n        LambdaConfigurations:\n          - Event: s3:ObjectCreated:*\n            Function: !GetAtt Worker.Arn\n  Api:\n    Type: AWS::ApiGateway::RestApi\n  Orders:\n    Type: AWS::ApiGateway::Resource\n    Properties:\n      RestApiId: !Ref Api\n      ParentId: !GetAtt Api.RootResourceId\n      PathPart: orders\n  Item:\n    Type: AWS::ApiGateway::Resource\n    Properties:\n      RestApiId: !Ref Api\n      ParentId: !Ref Orders\n      PathPart: '{id}'\n  GetItem:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      RestApiId: !Ref Api\n      ResourceId: !Ref Item\n      HttpMethod: GET\n      Integration:\n        Type: AWS_PROXY\n        Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Worker.Arn}/invocations\n";
    let s = parse("template.yaml", text);
    assert_eq!(s.format, ManifestFormat::CloudFormation);
    let f = &s.functions[0];
    assert_eq!((f.name.as_str(), f.line), ("Worker", 3));
    assert_eq!(f.deployed_name.as_deref(), Some("shop-worker"));
    assert_eq!((f.memory_mb, f.timeout_s, f.architecture.as_deref()), (Some(256), Some(30), Some("arm64")));
    assert_eq!(f.tags.get("team").map(String::as_str), Some("core"));
    assert_eq!(f.env_var_names, vec!["SECRET"]);
    let json = serde_json::to_string(&s).expect("serializes");
    assert!(!json.contains("do-not-store"), "environment values are never stored");
    assert_eq!(
        keys(f),
        vec![
            "sqs:shop/Queue",
            "eventbridge:default:{\"source\":[\"billing\"]}",
            "schedule:shop:Worker:cron(0 3 * * ? *)",
            "sns:invoices",
            "s3:shop-uploads",
            "http:shop:GET /orders/{id}",
        ]
    );
    assert_eq!(f.triggers[3].config["FilterPolicy"]["kind"][0], "paid");
    let types: Vec<&str> = f.triggers.iter().map(|t| t.dry_run_type.as_str()).collect();
    assert_eq!(types, vec!["sqs", "eventBridge", "schedule", "sns", "s3", "http"]);
}

#[test]
fn globals_apply_to_sam_functions_and_function_values_win() {
    let text = "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Runtime: nodejs20.x\n    MemorySize: 512\n    Timeout: 10\n    Architectures: [arm64]\n    Tags:\n      team: core\n    Environment:\n      Variables:\n        SHARED: x\nResources:\n  A:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: a.h\n      MemorySize: 1024\n      Tags:\n        team: edge\n      Environment:\n        Variables:\n          OWN: y\n";
    let s = parse("template.yaml", text);
    let f = &s.functions[0];
    assert_eq!(s.runtime.as_deref(), Some("nodejs20.x"));
    assert_eq!((f.runtime.as_deref(), f.memory_mb, f.timeout_s), (Some("nodejs20.x"), Some(1024), Some(10)));
    assert_eq!(f.architecture.as_deref(), Some("arm64"));
    assert_eq!(f.tags.get("team").map(String::as_str), Some("edge"));
    assert_eq!(f.env_var_names, vec!["OWN", "SHARED"]);
}

#[test]
fn producers_come_from_policies_statements_destinations_and_environment() {
    let text = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: orders-events\n  Queue:\n    Type: AWS::SQS::Queue\n  Bus:\n    Type: AWS::Events::EventBus\n    Properties:\n      Name: shop-bus\n  Table:\n    Type: AWS::DynamoDB::Table\n  Pub:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: p.h\n      Policies:\n        - SNSPublishMessagePolicy:\n            TopicName: !GetAtt Topic.TopicName\n        - SQSPollerPolicy:\n            QueueName: !GetAtt Queue.QueueName\n        - DynamoDBCrudPolicy:\n            TableName: !Ref Table\n        - Statement:\n            - Effect: Allow\n              Action: events:Put*\n              Resource: !GetAtt Bus.Arn\n            - Effect: Allow\n              Action: sqs:SendMessage\n              Resource: '*'\n      EventInvokeConfig:\n        DestinationConfig:\n          OnFailure:\n            Type: SQS\n            Destination: arn:aws:sqs:us-east-1:1:failures\n  Env:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: e.h\n      Environment:\n        Variables:\n          TOPIC_ARN: !Ref Topic\n          QUEUE_URL: !Ref Queue\n      Policies:\n        - SQSPollerPolicy:\n            QueueName: !GetAtt Queue.QueueName\n";
    let s = parse("template.yaml", text);
    let publishes = |i: usize| s.functions[i].publishes.iter().map(EventKey::as_str).collect::<Vec<_>>();
    assert_eq!(publishes(0), vec!["eventbridge:shop-bus", "sns:orders-events", "sqs:failures"]);
    assert_eq!(publishes(1), vec!["sns:orders-events"], "a queue it polls is not a destination");
}

#[test]
fn writes_to_a_table_count_only_when_its_stream_is_consumed_here() {
    let text = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Table:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: orders\n  Writer:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: w.h\n      Policies:\n        - DynamoDBCrudPolicy:\n            TableName: !Ref Table\n  Reader:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: r.h\n      Events:\n        S:\n          Type: DynamoDB\n          Properties:\n            Stream: !GetAtt Table.StreamArn\n            StartingPosition: LATEST\n";
    let s = parse("template.yaml", text);
    assert_eq!(s.functions[0].publishes, vec![EventKey("dynamodb:orders".into())]);
    assert_eq!(keys(&s.functions[1]), vec!["dynamodb:orders"]);
    assert_eq!(s.events.len(), 1);
    assert_eq!(s.events[0].detail["startingPosition"], "LATEST");
}

#[test]
fn json_templates_are_read_with_line_numbers() {
    let text = "{\n\t\"Transform\": \"AWS::Serverless-2016-10-31\",\n\t\"Resources\": {\n\t\t\"Api\": {\n\t\t\t\"Type\": \"AWS::Serverless::Function\",\n\t\t\t\"Properties\": {\n\t\t\t\t\"Handler\": \"a.h\",\n\t\t\t\t\"Events\": {\"Get\": {\"Type\": \"Api\", \"Properties\": {\"Path\": \"orders\", \"Method\": \"get\"}}}\n\t\t\t}\n\t\t}\n\t}\n}\n";
    let s = parse("template.json", text);
    assert_eq!(s.functions[0].line, 4);
    assert_eq!(keys(&s.functions[0]), vec!["http:shop:GET /orders"]);
    assert_eq!(s.functions[0].triggers[0].source, "GET /orders");
}

#[test]
fn routes_of_two_apis_in_one_template_do_not_merge() {
    let text = "Resources:\n  A:\n    Type: AWS::Serverless::Api\n  B:\n    Type: AWS::Serverless::Api\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Events:\n        X: {Type: Api, Properties: {RestApiId: !Ref A, Path: /, Method: get}}\n        Y: {Type: Api, Properties: {RestApiId: !Ref B, Path: /, Method: get}}\n        Z: {Type: Api, Properties: {RestApiId: abc123, Path: /, Method: get}}\n";
    let s = parse("template.yaml", text);
    assert_eq!(keys(&s.functions[0]), vec!["http:shop/A:GET /", "http:shop/B:GET /", "http:abc123:GET /"]);
}

#[test]
fn yaml_anchors_and_merge_keys_are_expanded() {
    let text = "Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties: &props\n      Handler: a.h\n      Runtime: python3.12\n  G:\n    Type: AWS::Serverless::Function\n    Properties:\n      <<: *props\n      Handler: g.h\n";
    let s = parse("template.yaml", text);
    assert_eq!(s.functions[1].handler.as_deref(), Some("g.h"));
    assert_eq!(s.functions[1].runtime.as_deref(), Some("python3.12"));
}

#[test]
fn manifest_file_names_are_recognized() {
    for name in [
        "serverless.yml",
        "serverless.yaml",
        "serverless.json",
        "template.yaml",
        "template.yml",
        "template.json",
        "cloudformation-template.yaml",
        "source-template.yaml",
    ] {
        assert!(is_manifest_file_name(name), "{name}");
    }
    for name in ["README.md", "package.json", "config.yml", "serverless.ts", "template.txt"] {
        assert!(!is_manifest_file_name(name), "{name}");
    }
}

#[test]
fn a_log_group_in_logging_config_is_read_through_refs_and_globals() {
    let text = "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    LoggingConfig:\n      LogGroup: /shared/functions\nResources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: orders-loggroup\n  Own:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: a.main\n      Runtime: python3.12\n      LoggingConfig:\n        LogFormat: JSON\n        LogGroup: !Ref Logs\n  Shared:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: b.main\n      Runtime: python3.12\n";
    let s = parse("template.yaml", text);
    let group = |name: &str| s.functions.iter().find(|f| f.name == name).and_then(|f| f.log_group.clone());
    assert_eq!(group("Own").as_deref(), Some("orders-loggroup"), "a Ref names the group's LogGroupName");
    assert_eq!(group("Shared").as_deref(), Some("/shared/functions"), "from Globals");
    let plain = parse("template.yaml", &format!("Transform: AWS::Serverless-2016-10-31\nResources:\n{FN}"));
    assert_eq!(plain.functions[0].log_group, None, "the default group is not stored");
}

#[test]
fn globals_merge_key_by_key_and_a_group_that_cannot_be_told_offline_is_not_stored() {
    let text = "Transform: AWS::Serverless-2016-10-31\nParameters:\n  Env:\n    Type: String\nGlobals:\n  Function:\n    LoggingConfig:\n      LogGroup: !Sub /apps/${AWS::StackName}\nResources:\n  Json:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: a.main\n      Runtime: python3.12\n      LoggingConfig:\n        LogFormat: JSON\n  Unknown:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: b.main\n      Runtime: python3.12\n      LoggingConfig:\n        LogGroup: !Sub /apps/${Env}/b\n  Empty:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: c.main\n      Runtime: python3.12\n      LoggingConfig:\n        LogGroup: ''\n";
    let s = parse("template.yaml", text);
    let group = |name: &str| s.functions.iter().find(|f| f.name == name).and_then(|f| f.log_group.clone());
    assert_eq!(
        group("Json").as_deref(),
        Some("/apps/shop"),
        "LogFormat alone keeps the global group; the stack is the service"
    );
    assert_eq!(group("Unknown"), None, "a parameter without a default cannot be told offline");
    assert_eq!(group("Empty"), None);
}
