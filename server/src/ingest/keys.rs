//! Event keys: real names from ARNs, URLs and resources, kinds of resource
//! types and ARNs. The key rules are documented on [`EventKey`].

use app::catalog::arn::arn_fields;

use super::model::{EventKey, EventKind};
use super::template::Template;
use super::yaml::Node;

/// Key prefix of kinds keyed by a resource name.
pub(crate) fn prefix(kind: &EventKind) -> &'static str {
    match kind {
        EventKind::SnsTopic => "sns",
        EventKind::SqsQueue => "sqs",
        EventKind::KinesisStream => "kinesis",
        EventKind::DynamodbStream => "dynamodb",
        EventKind::S3Bucket => "s3",
        EventKind::CloudwatchLogs => "logs",
        EventKind::FirehoseStream => "firehose",
        EventKind::EventbridgeBus | EventKind::EventbridgeRule => "eventbridge",
        EventKind::KafkaTopic => "kafka",
        EventKind::MqQueue => "mq",
        EventKind::DocumentdbStream => "documentdb",
        EventKind::CognitoTrigger => "cognito",
        _ => "other",
    }
}

/// Default serverless-style type name of a kind.
pub(crate) fn default_type(kind: &EventKind) -> String {
    match kind {
        EventKind::SnsTopic => "sns",
        EventKind::SqsQueue => "sqs",
        EventKind::KinesisStream | EventKind::DynamodbStream => "stream",
        EventKind::S3Bucket => "s3",
        EventKind::Schedule => "schedule",
        EventKind::EventbridgeRule | EventKind::EventbridgeBus => "eventBridge",
        EventKind::HttpRoute => "http",
        EventKind::WebsocketRoute => "websocket",
        EventKind::KafkaTopic => "msk",
        EventKind::MqQueue => "activemq",
        EventKind::IotRule => "iot",
        EventKind::CognitoTrigger => "cognitoUserPool",
        EventKind::CloudwatchLogs => "cloudwatchLog",
        EventKind::AlexaSkill => "alexaSkill",
        EventKind::AlexaSmartHome => "alexaSmartHome",
        EventKind::Alb => "alb",
        EventKind::Cloudfront => "cloudFront",
        EventKind::DocumentdbStream => "documentDb",
        EventKind::FirehoseStream => "firehose",
        EventKind::Other(t) => return t.clone(),
    }
    .to_string()
}

/// A reference to a named resource, resolved against the template.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// Name used in the key.
    pub name: String,
    /// Text as written/resolved (ARN, URL or name) for `source`.
    pub source: String,
    /// Line of the resource definition when it is in this manifest.
    pub line: Option<u32>,
    /// Resource type when it is in this manifest.
    pub resource_type: Option<String>,
    /// Logical id when it is in this manifest.
    pub logical_id: Option<String>,
}

/// Resolves a value naming a topic/queue/stream/bucket/... of the given kind.
pub(crate) fn target(t: &Template<'_>, node: &Node, kind: &EventKind) -> Target {
    let resolved = t.resolve(node);
    if let Some(r) = resolved.resource.as_ref().and_then(|(id, _)| t.resource(id)) {
        let name = t.key_name(r);
        return Target {
            source: if resolved.text.starts_with("${") { name.clone() } else { resolved.text.clone() },
            name,
            line: Some(r.line),
            resource_type: Some(r.kind.to_string()),
            logical_id: Some(r.id.to_string()),
        };
    }
    Target {
        name: name_from_reference(kind, &resolved.text),
        source: resolved.text,
        line: None,
        resource_type: None,
        logical_id: None,
    }
}

/// The resource part of an ARN (everything after the 5th `:`), if `text` is an ARN.
pub(crate) fn arn_resource(text: &str) -> Option<String> {
    if !text.starts_with("arn:") {
        return None;
    }
    let parts = arn_fields(text);
    if parts.len() < 6 {
        return None;
    }
    Some(parts[5..].join(":"))
}

/// The AWS service of an ARN (`sqs`, `sns`, `dynamodb`, ...).
pub(crate) fn arn_service(text: &str) -> Option<String> {
    if !text.starts_with("arn:") {
        return None;
    }
    arn_fields(text).get(2).map(|s| s.to_string())
}

fn after_prefix<'s>(resource: &'s str, prefixes: &[&str]) -> &'s str {
    for p in prefixes {
        if let Some(rest) = resource.strip_prefix(p) {
            return rest;
        }
    }
    resource
}

fn cut(text: &str, seps: &[char]) -> String {
    text.split(seps).next().unwrap_or(text).to_string()
}

/// The real name in an ARN or URL for the kind expected; other text is returned as is.
pub(crate) fn name_from_reference(kind: &EventKind, text: &str) -> String {
    let text = text.trim();
    if let Some(resource) = arn_resource(text) {
        return match kind {
            EventKind::SnsTopic | EventKind::SqsQueue => {
                arn_fields(text).last().map(|s| s.to_string()).unwrap_or_default()
            }
            EventKind::KinesisStream => cut(after_prefix(&resource, &["stream/"]), &['/']),
            EventKind::DynamodbStream => cut(after_prefix(&resource, &["table/"]), &['/']),
            EventKind::EventbridgeBus | EventKind::EventbridgeRule => {
                cut(after_prefix(&resource, &["event-bus/"]), &['/'])
            }
            EventKind::S3Bucket => cut(&resource, &['/']),
            EventKind::KafkaTopic => cut(after_prefix(&resource, &["cluster/"]), &['/']),
            EventKind::MqQueue => cut(after_prefix(&resource, &["broker:"]), &[':']),
            EventKind::CloudwatchLogs => cut(after_prefix(&resource, &["log-group:"]), &[':']),
            EventKind::CognitoTrigger => cut(after_prefix(&resource, &["userpool/"]), &['/']),
            EventKind::FirehoseStream => cut(after_prefix(&resource, &["deliverystream/"]), &['/']),
            EventKind::DocumentdbStream => cut(after_prefix(&resource, &["cluster:"]), &[':']),
            _ => text.to_string(),
        };
    }
    if *kind == EventKind::SqsQueue && (text.starts_with("https://") || text.starts_with("http://")) {
        return text.trim_end_matches('/').rsplit('/').next().unwrap_or(text).to_string();
    }
    text.to_string()
}

/// Event kind of a resource type that can be an event source or target.
pub(crate) fn kind_of_resource_type(resource_type: &str) -> Option<EventKind> {
    Some(match resource_type {
        "AWS::SNS::Topic" => EventKind::SnsTopic,
        "AWS::SQS::Queue" => EventKind::SqsQueue,
        "AWS::Kinesis::Stream" | "AWS::Kinesis::StreamConsumer" => EventKind::KinesisStream,
        "AWS::DynamoDB::Table" | "AWS::DynamoDB::GlobalTable" | "AWS::Serverless::SimpleTable" => {
            EventKind::DynamodbStream
        }
        "AWS::S3::Bucket" => EventKind::S3Bucket,
        "AWS::Events::EventBus" => EventKind::EventbridgeBus,
        "AWS::KinesisFirehose::DeliveryStream" => EventKind::FirehoseStream,
        "AWS::MSK::Cluster" | "AWS::MSK::ServerlessCluster" => EventKind::KafkaTopic,
        "AWS::AmazonMQ::Broker" => EventKind::MqQueue,
        "AWS::DocDB::DBCluster" => EventKind::DocumentdbStream,
        "AWS::Logs::LogGroup" => EventKind::CloudwatchLogs,
        _ => return None,
    })
}

/// Event kind of an ARN by its service (and resource part where needed).
pub(crate) fn kind_of_arn(text: &str) -> Option<EventKind> {
    let service = arn_service(text)?;
    let resource = arn_resource(text).unwrap_or_default();
    Some(match service.as_str() {
        "sns" => EventKind::SnsTopic,
        "sqs" => EventKind::SqsQueue,
        "kinesis" => EventKind::KinesisStream,
        "dynamodb" if resource.contains("/stream/") || resource.starts_with("table/") => EventKind::DynamodbStream,
        "s3" => EventKind::S3Bucket,
        "events" if resource.starts_with("event-bus/") => EventKind::EventbridgeBus,
        "firehose" => EventKind::FirehoseStream,
        "kafka" => EventKind::KafkaTopic,
        "mq" => EventKind::MqQueue,
        "logs" => EventKind::CloudwatchLogs,
        "rds" if resource.starts_with("cluster:") => EventKind::DocumentdbStream,
        _ => return None,
    })
}

/// Canonical JSON text: object keys sorted, no whitespace. Sorting is done here
/// rather than relying on serde_json's map order, which the `preserve_order`
/// feature (possibly enabled by another crate of the final build) changes.
pub(crate) fn canonical_json(value: &serde_json::Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &serde_json::Value, out: &mut String) {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<(&String, &serde_json::Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::Value::String(k.clone()).to_string());
                out.push(':');
                write_canonical(v, out);
            }
            out.push('}');
        }
        serde_json::Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// The key of an EventBridge rule.
pub(crate) fn eventbridge_key(bus: &str, pattern: &serde_json::Value) -> EventKey {
    EventKey(format!("eventbridge:{}:{}", bus, canonical_json(pattern)))
}
