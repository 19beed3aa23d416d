//! What an event is, read from its kind, key, name and detail (the rules are on
//! `EventKey` in the server's `ingest/model.rs`), and who already consumes it.

use serde_json::Value;

use super::{Endpoint, EventDetail};

use super::arn::{arn_region, known_arn};
use super::text::Text;

/// The event to subscribe to, by kind.
#[derive(Debug, Clone)]
pub(crate) enum Source {
    /// SNS topic.
    Sns { name: Text, arn: Text, fifo: bool },
    /// SQS queue.
    Sqs { name: Text, arn: Text, fifo: bool },
    /// EventBridge rule (or a whole bus when `pattern` is `None`).
    Rule { bus: Option<Text>, bus_arn: Text, pattern: Option<Value>, rule: Option<String> },
    /// Schedule expression.
    Schedule { expression: String, timezone: Option<String> },
    /// HTTP route of an API Gateway API.
    Http { api: String, flavor: HttpFlavor, method: String, path: String },
    /// Lambda function URL.
    FunctionUrl,
    /// API Gateway WebSocket route.
    WebSocket { api: String, route: String },
    /// S3 bucket notifications.
    S3 { bucket: Text, events: Vec<String> },
    /// DynamoDB stream of a table; `arn` is the stream ARN when known.
    Dynamodb { table: Text, arn: Option<Text> },
    /// Kinesis data stream.
    Kinesis { name: Text, arn: Text },
    /// Kafka topic on MSK (`cluster` name, ARN when known) or self-managed (`servers`).
    Kafka { cluster: KafkaCluster, topic: String },
    /// Amazon MQ queue.
    Mq { broker: Text, arn: Option<Text>, queue: String },
    /// IoT topic rule.
    Iot { sql: String },
    /// Cognito user pool trigger.
    Cognito { pool: Text, trigger: String },
    /// CloudWatch Logs log group.
    Logs { group: Text },
    /// Alexa skill (`smart_home` for a smart home skill).
    Alexa { skill: String, smart_home: bool },
    /// Application Load Balancer listener rule or target group.
    Alb { listener: Option<Text> },
    /// CloudFront (Lambda@Edge) event.
    CloudFront { event_type: String, path_pattern: String },
    /// DocumentDB change stream.
    DocumentDb { cluster: Text, database: String, collection: String },
    /// Kinesis Data Firehose delivery stream.
    Firehose { name: Text },
    /// A kind this generator has no recipe for.
    Unknown { kind: String, name: String, detail: Value },
}

/// REST (v1) or HTTP (v2) API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HttpFlavor {
    /// API Gateway REST API (`http` events in serverless.yml, `Api` in SAM).
    Rest,
    /// API Gateway HTTP API (`httpApi`, `HttpApi`).
    Http,
}

/// Where a Kafka topic lives.
#[derive(Debug, Clone)]
pub(crate) enum KafkaCluster {
    /// Amazon MSK cluster by name, with its ARN when known.
    Msk { name: Text, arn: Option<Text> },
    /// Self-managed cluster by bootstrap servers.
    SelfManaged { servers: Vec<String> },
}

/// An event ready to render: what it is, and its current consumers.
#[derive(Debug, Clone)]
pub(crate) struct Event<'a> {
    /// Kind-specific reading.
    pub source: Source,
    /// The key, for stable generated names.
    pub key: &'a str,
    /// Subscribers still attached, sorted by service then function.
    pub consumers: Vec<&'a Endpoint>,
    /// Region of the event when its ARN says it.
    pub region: Option<String>,
}

impl<'a> Event<'a> {
    /// Reads an event detail.
    pub fn read(e: &'a EventDetail) -> Event<'a> {
        let mut consumers: Vec<&Endpoint> = e.subscribers.iter().filter(|s| s.removed_at.is_none()).collect();
        consumers.sort_by(|a, b| {
            (&a.service.name, &a.function, a.function_id).cmp(&(&b.service.name, &b.function, b.function_id))
        });
        let (source, region) = read_source(e);
        Event { source, key: &e.event.key, consumers, region }
    }

    /// `function (service)` of each consumer, for notes and comments.
    pub fn consumer_labels(&self) -> Vec<String> {
        self.consumers.iter().map(|c| label(c)).collect()
    }

    /// Unresolved manifest variables in the names this event is written with.
    pub fn vars(&self) -> Vec<String> {
        let texts: Vec<&Text> = match &self.source {
            Source::Sns { arn, .. } | Source::Sqs { arn, .. } | Source::Kinesis { arn, .. } => {
                vec![arn]
            }
            Source::Rule { bus_arn, .. } => vec![bus_arn],
            Source::S3 { bucket, .. } => vec![bucket],
            Source::Dynamodb { table, arn } => arn.iter().chain(std::iter::once(table)).collect(),
            Source::Kafka { cluster: KafkaCluster::Msk { name, arn }, .. } => {
                arn.iter().chain(std::iter::once(name)).collect()
            }
            Source::Mq { broker, arn, .. } => arn.iter().chain(std::iter::once(broker)).collect(),
            Source::Cognito { pool, .. } => vec![pool],
            Source::Logs { group } => vec![group],
            Source::Alb { listener, .. } => listener.iter().collect(),
            Source::DocumentDb { cluster, .. } => vec![cluster],
            Source::Firehose { name } => vec![name],
            _ => Vec::new(),
        };
        let mut out: Vec<String> = Vec::new();
        for v in texts.into_iter().flat_map(Text::vars) {
            if !out.contains(&v) {
                out.push(v);
            }
        }
        out
    }
}

/// `function (service)`.
pub(crate) fn label(e: &Endpoint) -> String {
    format!("{} ({})", e.function, e.service.name)
}

pub(crate) fn text_field(detail: &Value, field: &str) -> Option<String> {
    match detail.get(field)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The rest of the key after `prefix:`, or the name.
fn key_rest(e: &EventDetail, prefix: &str) -> String {
    e.event
        .key
        .strip_prefix(prefix)
        .and_then(|r| r.strip_prefix(':'))
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| e.event.name.clone())
}

fn read_source(e: &EventDetail) -> (Source, Option<String>) {
    let d = &e.detail;
    let name = |prefix: &str| Text::parse(&key_rest(e, prefix));
    let arn_or = |service: &str, built: Text| match known_arn(e, service) {
        Some(a) => (Text::parse(&a), arn_region(&a)),
        None => (built, None),
    };
    let last_segment = |t: &Text| t.display().rsplit(':').next().unwrap_or_default().to_string();
    match e.event.kind.as_str() {
        "sns_topic" => {
            let (arn, region) = arn_or("sns", Text::arn("sns", "", &name("sns")));
            let fifo = last_segment(&arn).ends_with(".fifo");
            (Source::Sns { name: name("sns"), arn, fifo }, region)
        }
        "sqs_queue" => {
            let (arn, region) = arn_or("sqs", Text::arn("sqs", "", &name("sqs")));
            let fifo = last_segment(&arn).ends_with(".fifo");
            (Source::Sqs { name: name("sqs"), arn, fifo }, region)
        }
        "kinesis_stream" => {
            let (arn, region) = arn_or("kinesis", Text::arn("kinesis", "stream/", &name("kinesis")));
            (Source::Kinesis { name: name("kinesis"), arn }, region)
        }
        "dynamodb_stream" => {
            let arn = known_arn(e, "dynamodb").filter(|a| a.contains("/stream/"));
            let region = arn.as_deref().and_then(arn_region);
            let table = name("dynamodb");
            (Source::Dynamodb { table, arn: arn.as_deref().map(Text::parse) }, region)
        }
        "eventbridge_rule" | "eventbridge_bus" => {
            let bus = text_field(d, "bus").unwrap_or_else(|| {
                let rest = key_rest(e, "eventbridge");
                rest.split_once(":{").map_or(rest.clone(), |(b, _)| b.to_string())
            });
            let (bus, bus_arn) = if bus.is_empty() || bus == "default" {
                (None, Text::arn("events", "event-bus/", &Text::parse("default")))
            } else {
                let parsed = Text::parse(&bus);
                (Some(parsed.clone()), Text::arn("events", "event-bus/", &parsed))
            };
            let pattern = d.get("pattern").filter(|p| p.is_object()).cloned();
            let rule = text_field(d, "rule");
            (Source::Rule { bus, bus_arn, pattern, rule }, None)
        }
        "schedule" => {
            let expression = text_field(d, "expression").unwrap_or_else(|| e.event.name.clone());
            (Source::Schedule { expression, timezone: text_field(d, "timezone") }, None)
        }
        "http_route" => (read_http(e), None),
        "websocket_route" => {
            let route = text_field(d, "route").unwrap_or_else(|| e.event.name.clone());
            let rest = key_rest(e, "websocket");
            let api = rest.strip_suffix(&format!(":{route}")).unwrap_or(&rest).to_string();
            (Source::WebSocket { api, route }, None)
        }
        "s3_bucket" => {
            let events: Vec<String> = d
                .get("events")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            let mut events: Vec<String> = events.into_iter().filter(|s| !s.is_empty()).collect();
            if events.is_empty() {
                events.push("s3:ObjectCreated:*".to_string());
            }
            (Source::S3 { bucket: name("s3"), events }, None)
        }
        "kafka_topic" => {
            let topic = text_field(d, "topic").unwrap_or_else(|| e.event.name.clone());
            let cluster = text_field(d, "cluster").unwrap_or_default();
            let arn = known_arn(e, "kafka");
            let region = arn.as_deref().and_then(arn_region);
            let cluster = if cluster.contains(':') && arn.is_none() {
                KafkaCluster::SelfManaged { servers: cluster.split(',').map(str::to_string).collect() }
            } else {
                KafkaCluster::Msk { name: Text::parse(&cluster), arn: arn.as_deref().map(Text::parse) }
            };
            (Source::Kafka { cluster, topic }, region)
        }
        "mq_queue" => {
            let arn = known_arn(e, "mq");
            let region = arn.as_deref().and_then(arn_region);
            let broker = Text::parse(&text_field(d, "broker").unwrap_or_default());
            let queue = text_field(d, "queue").unwrap_or_else(|| e.event.name.clone());
            (Source::Mq { broker, arn: arn.as_deref().map(Text::parse), queue }, region)
        }
        "iot_rule" => {
            let sql = text_field(d, "sql").unwrap_or_else(|| e.event.name.clone());
            (Source::Iot { sql }, None)
        }
        "cognito_trigger" => {
            let pool = Text::parse(&text_field(d, "pool").unwrap_or_default());
            let trigger = text_field(d, "trigger").unwrap_or_default();
            (Source::Cognito { pool, trigger }, None)
        }
        "cloudwatch_logs" => (Source::Logs { group: name("logs") }, None),
        "alexa_skill" | "alexa_smart_home" => {
            let skill = e.event.name.clone();
            (Source::Alexa { skill, smart_home: e.event.kind == "alexa_smart_home" }, None)
        }
        "alb" => {
            let listener = text_field(d, "listener").filter(|l| !l.is_empty()).map(|l| Text::parse(&l));
            let region = text_field(d, "listener").as_deref().and_then(arn_region);
            (Source::Alb { listener }, region)
        }
        "cloudfront" => {
            let event_type = text_field(d, "eventType").unwrap_or_else(|| "origin-request".into());
            let path_pattern = text_field(d, "pathPattern").unwrap_or_else(|| "*".into());
            (Source::CloudFront { event_type, path_pattern }, None)
        }
        "documentdb_stream" => {
            let cluster = Text::parse(&text_field(d, "cluster").unwrap_or_default());
            let database = text_field(d, "database").unwrap_or_default();
            let collection = text_field(d, "collection").unwrap_or_default();
            (Source::DocumentDb { cluster, database, collection }, None)
        }
        "firehose_stream" => (Source::Firehose { name: name("firehose") }, None),
        other => (Source::Unknown { kind: other.to_string(), name: e.event.name.clone(), detail: d.clone() }, None),
    }
}

fn read_http(e: &EventDetail) -> Source {
    let d = &e.detail;
    let api_kind = text_field(d, "api").unwrap_or_default();
    if api_kind == "function_url" || e.event.key.starts_with("url:") {
        return Source::FunctionUrl;
    }
    let (mut method, mut path) = match e.event.name.split_once(' ') {
        Some((m, p)) => (m.to_string(), p.to_string()),
        None => ("ANY".to_string(), e.event.name.clone()),
    };
    if let Some(m) = text_field(d, "method") {
        method = m;
    }
    if let Some(p) = text_field(d, "path") {
        path = p;
    }
    let rest = key_rest(e, "http");
    let api = rest.strip_suffix(&format!(":{}", e.event.name)).unwrap_or(&rest).to_string();
    let flavor = if api_kind == "rest" { HttpFlavor::Rest } else { HttpFlavor::Http };
    Source::Http { api, flavor, method, path }
}
