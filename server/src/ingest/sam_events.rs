//! The `Events` property of `AWS::Serverless::Function`.

use serde_json::{Value as J, json};

use super::build::Build;
use super::error::ManifestError;
use super::events;
use super::keys::target;
use super::model::EventKind;
use super::yaml::Node;

/// Reads every event of function `f`; unknown types are kept generically.
pub(crate) fn read(b: &mut Build<'_>, f: usize, events: &Node) -> Result<(), ManifestError> {
    let Some(entries) = events.as_map() else {
        if events.is_null() {
            return Ok(());
        }
        let fname = b.functions.get(f).map(|x| x.name.clone()).unwrap_or_default();
        return Err(ManifestError::at(
            events.line,
            Some(events.col),
            format!(
                "Resources.{fname}.Properties.Events: expected a map of event names to events, found {}",
                events.describe()
            ),
        ));
    };
    for e in entries {
        let ty = b.t.text(e.value.get("Type")).unwrap_or_default();
        let props = e.value.get("Properties");
        read_one(b, f, &ty, props, e.line);
    }
    Ok(())
}

fn read_one(b: &mut Build<'_>, f: usize, ty: &str, props: Option<&Node>, line: u32) {
    let t = &b.t;
    let p = |key: &str| props.and_then(|p| p.get(key));
    let text = |key: &str| t.text(p(key));
    let service = t.service.clone();
    let fname = b.functions.get(f).map(|x| x.name.clone()).unwrap_or_default();
    let mut out: Vec<(super::model::EventDef, J)> = Vec::new();
    match ty {
        "Api" | "HttpApi" => {
            let api_ref = if ty == "Api" { p("RestApiId") } else { p("ApiId") };
            let api = t.api_scope(api_ref, ty == "Api");
            let (method, path) = match (text("Method"), text("Path")) {
                (None, None) if ty == "HttpApi" => ("ANY".to_string(), "$default".to_string()),
                (m, path) => (m.unwrap_or_else(|| "ANY".into()), path.unwrap_or_else(|| "/".into())),
            };
            let dry = if ty == "Api" { "http" } else { "httpApi" };
            let detail = json!({ "method": events::normalize_method(&method), "path": events::normalize_path(&path), "api": if ty == "Api" { "rest" } else { "http" } });
            let def = events::http_event(&api, &method, &path, dry, line, detail);
            out.push((def, t.json_without(props, &["Path", "Method", "RestApiId", "ApiId"])));
        }
        "SQS" | "SNS" | "Kinesis" | "DynamoDB" | "CloudWatchLogs" => {
            let (kind, field) = match ty {
                "SQS" => (EventKind::SqsQueue, "Queue"),
                "SNS" => (EventKind::SnsTopic, "Topic"),
                "Kinesis" => (EventKind::KinesisStream, "Stream"),
                "DynamoDB" => (EventKind::DynamodbStream, "Stream"),
                _ => (EventKind::CloudwatchLogs, "LogGroupName"),
            };
            if let Some(node) = p(field) {
                let mut tg = target(t, node, &kind);
                // A Kinesis stream consumer stands for its stream.
                if tg.resource_type.as_deref() == Some("AWS::Kinesis::StreamConsumer")
                    && let Some(stream) =
                        tg.logical_id.as_deref().and_then(|id| t.resource(id)).and_then(|r| r.prop("StreamARN"))
                {
                    tg = target(t, stream, &kind);
                }
                let detail = match text("StartingPosition") {
                    Some(sp) => json!({ "startingPosition": sp }),
                    None => J::Null,
                };
                let def = events::named_event(kind, &tg.name, &tg.source, tg.line.unwrap_or(line), detail);
                out.push((def, t.json_without(props, &[field])));
            }
        }
        "S3" => {
            if let Some(node) = p("Bucket") {
                let tg = target(t, node, &EventKind::S3Bucket);
                let kinds: Vec<J> = p("Events")
                    .map(|e| e.as_list().into_iter().map(|x| J::String(t.resolve(x).text)).collect())
                    .unwrap_or_default();
                let def = events::named_event(
                    EventKind::S3Bucket,
                    &tg.name,
                    &tg.source,
                    tg.line.unwrap_or(line),
                    json!({ "events": kinds }),
                );
                out.push((def, t.json_without(props, &["Bucket"])));
            }
        }
        "Schedule" | "ScheduleV2" => {
            let field = if ty == "Schedule" { "Schedule" } else { "ScheduleExpression" };
            if let Some(expr) = text(field) {
                let mut detail = json!({ "expression": expr });
                if let Some(tz) = text("ScheduleExpressionTimezone") {
                    detail["timezone"] = J::String(tz);
                }
                let def = events::schedule_event(&service, &fname, &expr, "schedule", line, detail);
                out.push((def, t.json_without(props, &[field])));
            }
        }
        "EventBridgeRule" | "CloudWatchEvent" => {
            let bus = match p("EventBusName") {
                Some(n) => target(t, n, &EventKind::EventbridgeBus).name,
                None => "default".to_string(),
            };
            let pattern = p("Pattern").map(|x| t.json(x)).unwrap_or(J::Null);
            let detail = json!({ "bus": bus, "pattern": pattern });
            let def = events::eventbridge_event(&bus, &pattern, "eventBridge", line, detail);
            out.push((def, t.json_without(props, &["Pattern", "EventBusName"])));
        }
        "IoTRule" => {
            if let Some(sql) = text("Sql") {
                let detail = json!({ "sql": sql });
                out.push((events::iot_event(&sql, line, detail), t.json_without(props, &["Sql"])));
            }
        }
        "AlexaSkill" => {
            let id = text("SkillId").unwrap_or_else(|| format!("{service}/{fname}"));
            let def = events::owned_event(
                EventKind::AlexaSkill,
                format!("alexa:{id}"),
                &id,
                "alexaSkill",
                &id,
                line,
                J::Null,
            );
            out.push((def, J::Null));
        }
        "Cognito" => {
            if let Some(pool) = p("UserPool") {
                let tg = target(t, pool, &EventKind::CognitoTrigger);
                for trig in p("Trigger").map(Node::as_list).unwrap_or_default() {
                    let trig = t.resolve(trig).text;
                    out.push((events::cognito_event(&tg.name, &trig, &tg.source, line), J::Null));
                }
            }
        }
        "MSK" | "SelfManagedKafka" => {
            let (cluster, source) = if ty == "MSK" {
                match p("Stream") {
                    Some(s) => {
                        let tg = target(t, s, &EventKind::KafkaTopic);
                        (tg.name, tg.source)
                    }
                    None => (String::new(), String::new()),
                }
            } else {
                let servers = p("KafkaBootstrapServers").map(Node::as_list).unwrap_or_default();
                let mut servers: Vec<String> = servers.into_iter().map(|s| t.resolve(s).text).collect();
                servers.sort();
                let joined = servers.join(",");
                (joined.clone(), joined)
            };
            let dry = if ty == "MSK" { "msk" } else { "kafka" };
            for topic in p("Topics").map(Node::as_list).unwrap_or_default() {
                let topic = t.resolve(topic).text;
                out.push((
                    events::kafka_event(&cluster, &topic, dry, &source, line),
                    t.json_without(props, &["Stream", "Topics", "KafkaBootstrapServers"]),
                ));
            }
        }
        "MQ" => {
            if let Some(broker) = p("Broker") {
                let tg = target(t, broker, &EventKind::MqQueue);
                let engine = tg
                    .logical_id
                    .as_deref()
                    .and_then(|id| t.resource(id))
                    .and_then(|r| t.text(r.prop("EngineType")))
                    .unwrap_or_default();
                let dry = if engine.eq_ignore_ascii_case("RABBITMQ") { "rabbitmq" } else { "activemq" };
                for q in p("Queues").map(Node::as_list).unwrap_or_default() {
                    let q = t.resolve(q).text;
                    out.push((
                        events::mq_event(&tg.name, &q, dry, &tg.source, line),
                        t.json_without(props, &["Broker", "Queues"]),
                    ));
                }
            }
        }
        "DocumentDB" => {
            if let Some(cluster) = p("Cluster") {
                let tg = target(t, cluster, &EventKind::DocumentdbStream);
                let db = text("DatabaseName").unwrap_or_default();
                let coll = text("CollectionName").unwrap_or_default();
                let name = format!("{db}/{coll}");
                let def = events::owned_event(
                    EventKind::DocumentdbStream,
                    format!("documentdb:{}:{name}", tg.name),
                    &name,
                    "documentDb",
                    &tg.source,
                    line,
                    json!({ "cluster": tg.name, "database": db, "collection": coll }),
                );
                out.push((def, t.json_without(props, &["Cluster", "DatabaseName", "CollectionName"])));
            }
        }
        _ => {
            let config = props.map(|x| t.json(x)).unwrap_or(J::Null);
            let ty = if ty.is_empty() { "unknown" } else { ty };
            out.push((events::generic_event(ty, &service, &fname, &config, line), config));
        }
    }
    for (def, config) in out {
        b.trigger(f, def, config, line);
    }
}
