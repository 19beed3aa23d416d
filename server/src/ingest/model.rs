//! The normalized model every manifest format is turned into.

use std::collections::BTreeMap;

/// Which kind of file a service was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ManifestFormat {
    /// Serverless Framework `serverless.yml` / `.yaml` / `.json` (v1 to v4).
    Serverless,
    /// AWS SAM template (`Transform: AWS::Serverless-2016-10-31` or `AWS::Serverless::*` resources).
    Sam,
    /// Plain CloudFormation template.
    CloudFormation,
}

/// One manifest file = one service.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ParsedService {
    /// Service name: `service:` for serverless.yml, else `ParseOptions::fallback_service_name`.
    pub name: String,
    /// Cloud provider name as written (`aws`, `azure`, `google`, `openwhisk`, `knative`, ...).
    pub provider: String,
    /// File format the service was read from.
    pub format: ManifestFormat,
    /// Effective stage (serverless: option, else `provider.stage`, else `dev`; SAM/CFN: the option).
    pub stage: Option<String>,
    /// Effective region (option, else `provider.region`; serverless defaults to `us-east-1`).
    pub region: Option<String>,
    /// Template or service description, when written.
    pub description: Option<String>,
    /// Serverless Dashboard `org`, when written.
    pub org: Option<String>,
    /// Serverless Dashboard `app`, when written.
    pub app: Option<String>,
    /// Tags applied to every function by default (`provider.tags`, or SAM `Globals.Function.Tags`).
    pub tags: BTreeMap<String, String>,
    /// Default runtime (`provider.runtime`, or SAM `Globals.Function.Runtime`).
    pub runtime: Option<String>,
    /// 1-based line of the `service:` key (serverless) or 1 for templates.
    pub line: u32,
    /// Functions in the order they are written.
    pub functions: Vec<ParsedFunction>,
    /// Every event a function of this manifest consumes or publishes to, deduplicated by key,
    /// in the order first met.
    pub events: Vec<EventDef>,
}

/// One deployable function.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ParsedFunction {
    /// Logical id (SAM/CFN) or the key under `functions:` (serverless).
    pub name: String,
    /// Name the function gets in the cloud, when it can be told offline: explicit
    /// `name:`/`FunctionName`, else `{service}-{stage}-{function}` for serverless on AWS.
    pub deployed_name: Option<String>,
    /// Handler as written (`file.export`), `None` for container images.
    pub handler: Option<String>,
    /// Runtime (`nodejs20.x`, `python3.12`, ...), function value else the service default.
    pub runtime: Option<String>,
    /// Memory size in MB, function value else the default; `None` when unspecified.
    pub memory_mb: Option<u32>,
    /// Timeout in seconds, function value else the default; `None` when unspecified.
    pub timeout_s: Option<u32>,
    /// CPU architecture: `x86_64` or `arm64`, when specified.
    pub architecture: Option<String>,
    /// CloudWatch log group, when the manifest sends logs somewhere other than
    /// `/aws/lambda/<deployed name>` (`LoggingConfig.LogGroup`, serverless `logs.logGroup`).
    pub log_group: Option<String>,
    /// Description, when written.
    pub description: Option<String>,
    /// Tags, the service defaults overridden by the function's own.
    pub tags: BTreeMap<String, String>,
    /// Environment variable NAMES only (never values), sorted, defaults included.
    pub env_var_names: Vec<String>,
    /// 1-based line where the function is defined (its key).
    pub line: u32,
    /// Events that invoke this function.
    pub triggers: Vec<Trigger>,
    /// Events this function publishes to (from IAM permissions, destinations and
    /// environment variables naming a topic/queue/bus/stream), sorted, deduplicated.
    pub publishes: Vec<EventKey>,
}

/// Canonical identity of an event, used to join the SAME event across services.
///
/// Rules (`{service}` is the service name, placeholders such as `${AWS::Region}`
/// or unresolved `${ssm:...}` keep their text):
/// - SNS topic `sns:{name}`, SQS queue `sqs:{name}`, Kinesis stream `kinesis:{name}`,
///   Firehose stream `firehose:{name}`, DynamoDB stream `dynamodb:{table}`,
///   S3 bucket `s3:{bucket}` (event kinds go in the detail), CloudWatch log group
///   `logs:{group}`. `{name}` is the real name: the last segment of a literal ARN
///   (or SQS URL), or the name property of the resource defining it
///   (`TopicName`, `QueueName`, `Name`, `BucketName`, `TableName`, ...). A resource
///   of the manifest without a name property is `{service}/{LogicalId}`.
/// - EventBridge rule: `eventbridge:{bus or default}:{canonical JSON of the pattern}`
///   (keys sorted, no spaces). Publishing to a bus is keyed `eventbridge:{bus}`, the
///   prefix of every rule key on that bus.
/// - Schedule: `schedule:{service}:{function}:{expression}`.
/// - HTTP: `http:{api}:{METHOD} {/path}`, `{api}` being the service unless an external
///   API (id, import or ARN) is referenced; WebSocket: `websocket:{api}:{route}`.
/// - Kafka: `kafka:{cluster name or sorted bootstrap servers}:{topic}`;
///   Amazon MQ: `mq:{broker}:{queue}`; DocumentDB: `documentdb:{cluster}:{db}/{collection}`.
/// - IoT rule `iot:{sql}`, Cognito `cognito:{pool}:{trigger}`, Alexa `alexa:{skill id}`,
///   ALB `alb:{listener}:{priority or conditions}`, CloudFront
///   `cloudfront:{service}:{eventType}:{pathPattern}`.
/// - Anything else: `{type}:{service}:{function}:{canonical JSON of the config}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct EventKey(pub String);

impl EventKey {
    /// The key text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for EventKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What sort of event source an event is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// SNS topic.
    SnsTopic,
    /// SQS queue.
    SqsQueue,
    /// EventBridge / CloudWatch Events rule: a bus plus an event pattern.
    EventbridgeRule,
    /// An EventBridge bus as a whole (what publishers write to).
    EventbridgeBus,
    /// Time-based trigger (rate/cron, EventBridge rule or Scheduler).
    Schedule,
    /// HTTP route on API Gateway (REST or HTTP API) or a function URL.
    HttpRoute,
    /// API Gateway WebSocket route.
    WebsocketRoute,
    /// S3 bucket notifications.
    S3Bucket,
    /// DynamoDB table stream.
    DynamodbStream,
    /// Kinesis data stream.
    KinesisStream,
    /// Kinesis Data Firehose delivery stream.
    FirehoseStream,
    /// Kafka topic (Amazon MSK or self-managed).
    KafkaTopic,
    /// Amazon MQ queue (ActiveMQ or RabbitMQ).
    MqQueue,
    /// AWS IoT topic rule.
    IotRule,
    /// Cognito user pool trigger.
    CognitoTrigger,
    /// CloudWatch Logs subscription.
    CloudwatchLogs,
    /// Alexa skill.
    AlexaSkill,
    /// Alexa smart home skill.
    AlexaSmartHome,
    /// Application Load Balancer listener rule.
    Alb,
    /// CloudFront (Lambda@Edge) event.
    Cloudfront,
    /// DocumentDB change stream.
    DocumentdbStream,
    /// Any other event type, named as written.
    Other(String),
}

/// One event a manifest touches.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EventDef {
    /// Canonical identity (see [`EventKey`]).
    pub key: EventKey,
    /// Sort of event.
    pub kind: EventKind,
    /// Human-readable name (topic name, `GET /orders`, the schedule expression, ...).
    pub name: String,
    /// Kind-specific description: pattern, schedule expression, bucket event kinds,
    /// HTTP method/path, stream start position, ...
    pub detail: serde_json::Value,
    /// 1-based line where the event is first defined or referenced.
    pub line: u32,
    /// Serverless-style short type for the dry-run JSON contract
    /// (`http`, `httpApi`, `websocket`, `sqs`, `sns`, `stream`, `s3`, `schedule`,
    /// `eventBridge`, `cloudwatchLog`, `iot`, `cognitoUserPool`, `msk`, `kafka`,
    /// `activemq`, `rabbitmq`, `alb`, `cloudFront`, `alexaSkill`, ...).
    #[serde(rename = "type")]
    pub dry_run_type: String,
    /// What the event comes from, for the dry-run JSON contract: topic/queue/bus name
    /// or ARN, `METHOD /path`, the schedule expression, ...
    pub source: String,
}

/// One way a function is invoked.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Trigger {
    /// The event that invokes the function (an entry of `ParsedService::events`).
    pub event: EventKey,
    /// Subscription settings: filter policy / patterns, batch size, enabled, ...
    /// (`null` when there are none).
    pub config: serde_json::Value,
    /// 1-based line where the trigger is written.
    pub line: u32,
    /// Same as the event's `dry_run_type`, copied for the dry-run JSON contract.
    #[serde(rename = "type")]
    pub dry_run_type: String,
    /// Same as the event's `source`, copied for the dry-run JSON contract.
    pub source: String,
}
