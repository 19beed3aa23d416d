//! Event keys: names from ARNs/URLs/resources, and the per-manifest event list
//! deduplicated by key. The key rules are documented on [`EventKey`].

use std::collections::HashMap;

use super::intrinsics::Template;
use super::model::{EventDef, EventKey, EventKind, Trigger};
use super::yaml::Node;

/// Events of one manifest, deduplicated by key, in first-seen order.
#[derive(Default)]
pub(crate) struct Events {
    list: Vec<EventDef>,
    index: HashMap<EventKey, usize>,
}

impl Events {
    /// Adds an event (or merges it into the one with the same key) and returns a
    /// trigger pointing at it.
    pub fn trigger(&mut self, def: EventDef, config: serde_json::Value, line: u32) -> Trigger {
        let key = self.add(def);
        let (dry_run_type, source) = match self.index.get(&key).and_then(|&i| self.list.get(i)) {
            Some(d) => (d.dry_run_type.clone(), d.source.clone()),
            None => (String::new(), String::new()),
        };
        Trigger {
            event: key,
            config,
            line,
            dry_run_type,
            source,
        }
    }

    /// Adds an event unless one with the same key exists; S3 event kinds are merged.
    pub fn add(&mut self, def: EventDef) -> EventKey {
        let key = def.key.clone();
        match self.index.get(&key) {
            Some(&i) => {
                if def.kind == EventKind::S3Bucket {
                    if let Some(existing) = self.list.get_mut(i) {
                        merge_s3_events(&mut existing.detail, &def.detail);
                    }
                }
            }
            None => {
                self.index.insert(key.clone(), self.list.len());
                self.list.push(def);
            }
        }
        key
    }

    pub fn contains(&self, key: &EventKey) -> bool {
        self.index.contains_key(key)
    }

    pub fn into_vec(self) -> Vec<EventDef> {
        self.list
    }
}

fn merge_s3_events(into: &mut serde_json::Value, from: &serde_json::Value) {
    let Some(new) = from.get("events").and_then(|v| v.as_array()) else {
        return;
    };
    if let Some(list) = into.get_mut("events").and_then(|v| v.as_array_mut()) {
        for e in new {
            if !list.contains(e) {
                list.push(e.clone());
            }
        }
    }
}

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

/// A named-resource event (topic, queue, stream, bucket, log group, bus).
pub(crate) fn named_event(kind: EventKind, name: &str, source: &str, line: u32, detail: serde_json::Value) -> EventDef {
    EventDef {
        key: EventKey(format!("{}:{}", prefix(&kind), name)),
        dry_run_type: default_type(&kind),
        kind,
        name: name.to_string(),
        detail,
        line,
        source: source.to_string(),
    }
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

/// Splits on `:` outside `${...}` placeholders.
fn split_arn(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0usize;
    let bytes = text.as_bytes();
    let mut i = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(&text[start..]);
    parts
}

/// The resource part of an ARN (everything after the 5th `:`), if `text` is an ARN.
pub(crate) fn arn_resource(text: &str) -> Option<String> {
    if !text.starts_with("arn:") {
        return None;
    }
    let parts = split_arn(text);
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
    split_arn(text).get(2).map(|s| s.to_string())
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
            EventKind::SnsTopic | EventKind::SqsQueue => split_arn(text).last().map(|s| s.to_string()).unwrap_or_default(),
            EventKind::KinesisStream => cut(after_prefix(&resource, &["stream/"]), &['/']),
            EventKind::DynamodbStream => cut(after_prefix(&resource, &["table/"]), &['/']),
            EventKind::EventbridgeBus | EventKind::EventbridgeRule => cut(after_prefix(&resource, &["event-bus/"]), &['/']),
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
        "AWS::DynamoDB::Table" | "AWS::DynamoDB::GlobalTable" | "AWS::Serverless::SimpleTable" => EventKind::DynamodbStream,
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

/// Canonical JSON text (object keys sorted, no whitespace).
pub(crate) fn canonical_json(value: &serde_json::Value) -> String {
    // serde_json's Map is a BTreeMap here (no `preserve_order`), so keys come out sorted.
    value.to_string()
}

/// The key of an EventBridge rule.
pub(crate) fn eventbridge_key(bus: &str, pattern: &serde_json::Value) -> EventKey {
    EventKey(format!("eventbridge:{}:{}", bus, canonical_json(pattern)))
}

/// The key of an HTTP route; the method is upper-cased and the path gets a leading `/`.
pub(crate) fn http_event(api: &str, method: &str, path: &str, dry_run_type: &str, line: u32, detail: serde_json::Value) -> EventDef {
    let method = normalize_method(method);
    let path = normalize_path(path);
    let name = format!("{method} {path}");
    EventDef {
        key: EventKey(format!("http:{api}:{name}")),
        kind: EventKind::HttpRoute,
        source: name.clone(),
        name,
        detail,
        line,
        dry_run_type: dry_run_type.to_string(),
    }
}

pub(crate) fn normalize_method(method: &str) -> String {
    let m = method.trim().to_ascii_uppercase();
    if m.is_empty() || m == "*" || m == "X-AMAZON-APIGATEWAY-ANY-METHOD" { "ANY".to_string() } else { m }
}

pub(crate) fn normalize_path(path: &str) -> String {
    let p = path.trim();
    if p.starts_with('/') || p.starts_with('$') || p == "*" {
        p.to_string()
    } else {
        format!("/{p}")
    }
}

/// Key and event of a kind that belongs to one function (schedule, generic events).
pub(crate) fn owned_event(kind: EventKind, key: String, name: &str, dry_run_type: &str, source: &str, line: u32, detail: serde_json::Value) -> EventDef {
    EventDef {
        key: EventKey(key),
        kind,
        name: name.to_string(),
        detail,
        line,
        dry_run_type: dry_run_type.to_string(),
        source: source.to_string(),
    }
}

/// A schedule owned by one function.
pub(crate) fn schedule_event(service: &str, function: &str, expression: &str, dry_run_type: &str, line: u32, detail: serde_json::Value) -> EventDef {
    owned_event(
        EventKind::Schedule,
        format!("schedule:{service}:{function}:{expression}"),
        expression,
        dry_run_type,
        expression,
        line,
        detail,
    )
}

/// An EventBridge rule on `bus` matching `pattern`.
pub(crate) fn eventbridge_event(bus: &str, pattern: &serde_json::Value, dry_run_type: &str, line: u32, detail: serde_json::Value) -> EventDef {
    let key = eventbridge_key(bus, pattern);
    let name = format!("{bus} {}", canonical_json(pattern));
    owned_event(EventKind::EventbridgeRule, key.0, &name, dry_run_type, bus, line, detail)
}

/// A Kafka topic on a cluster (MSK name) or bootstrap server list.
pub(crate) fn kafka_event(cluster: &str, topic: &str, dry_run_type: &str, source: &str, line: u32) -> EventDef {
    owned_event(
        EventKind::KafkaTopic,
        format!("kafka:{cluster}:{topic}"),
        topic,
        dry_run_type,
        source,
        line,
        serde_json::json!({ "cluster": cluster, "topic": topic }),
    )
}

/// An Amazon MQ queue on a broker.
pub(crate) fn mq_event(broker: &str, queue: &str, dry_run_type: &str, source: &str, line: u32) -> EventDef {
    owned_event(
        EventKind::MqQueue,
        format!("mq:{broker}:{queue}"),
        queue,
        dry_run_type,
        source,
        line,
        serde_json::json!({ "broker": broker, "queue": queue }),
    )
}

/// A Cognito user pool trigger.
pub(crate) fn cognito_event(pool: &str, trigger: &str, source: &str, line: u32) -> EventDef {
    owned_event(
        EventKind::CognitoTrigger,
        format!("cognito:{pool}:{trigger}"),
        &format!("{pool} {trigger}"),
        "cognitoUserPool",
        source,
        line,
        serde_json::json!({ "pool": pool, "trigger": trigger }),
    )
}

/// An IoT topic rule.
pub(crate) fn iot_event(sql: &str, line: u32, detail: serde_json::Value) -> EventDef {
    owned_event(EventKind::IotRule, format!("iot:{sql}"), sql, "iot", sql, line, detail)
}

/// A WebSocket route.
pub(crate) fn websocket_event(api: &str, route: &str, line: u32) -> EventDef {
    owned_event(
        EventKind::WebsocketRoute,
        format!("websocket:{api}:{route}"),
        route,
        "websocket",
        route,
        line,
        serde_json::json!({ "route": route }),
    )
}

/// An event type this layer does not model, kept as written.
pub(crate) fn generic_event(ty: &str, service: &str, function: &str, config: &serde_json::Value, line: u32) -> EventDef {
    let json = canonical_json(config);
    owned_event(
        EventKind::Other(ty.to_string()),
        format!("{ty}:{service}:{function}:{json}"),
        ty,
        ty,
        &json,
        line,
        config.clone(),
    )
}
