//! The `events:` list of a serverless.yml function, short and long forms.

use serde_json::{Value as J, json};

use super::build::Build;
use super::error::ManifestError;
use super::events;
use super::keys::{self, target};
use super::model::{EventDef, EventKind};
use super::serverless::Scope;
use super::yaml::Node;

/// Reads `functions.{name}.events`.
pub(crate) fn read(
    b: &mut Build<'_>,
    f: usize,
    fname: &str,
    events: &Node,
    scope: &Scope,
) -> Result<(), ManifestError> {
    if events.is_null() || super::serverless::is_unresolved(events) {
        return Ok(());
    }
    let Some(items) = events.as_seq() else {
        return Err(ManifestError::at(
            events.line,
            Some(events.col),
            format!("functions.{fname}.events: expected a list of events (`- http: ...`), found {}", events.describe()),
        ));
    };
    for (i, item) in items.iter().enumerate() {
        let at = format!("functions.{fname}.events[{i}]");
        if super::serverless::is_unresolved(item) {
            continue;
        }
        // `- alexaSkill` (a bare type) is the old form of an event without settings.
        if let Some(ty) = item.as_str() {
            let null = Node::null(item.line, item.col);
            read_one(b, f, fname, ty, &null, item.line, &at, scope)?;
            continue;
        }
        let Some(entries) = item.as_map() else {
            return Err(ManifestError::at(
                item.line,
                Some(item.col),
                format!(
                    "{at}: expected an object with one event type as key (`- sqs: ...`), found {}",
                    item.describe()
                ),
            ));
        };
        for e in entries {
            read_one(b, f, fname, &e.key, &e.value, e.line, &format!("{at}.{}", e.key), scope)?;
        }
    }
    Ok(())
}

fn shape_error(at: &str, expected: &str, found: &Node) -> ManifestError {
    ManifestError::at(found.line, Some(found.col), format!("{at}: expected {expected}, found {}", found.describe()))
}

#[allow(clippy::too_many_arguments)]
fn read_one(
    b: &mut Build<'_>,
    f: usize,
    fname: &str,
    ty: &str,
    v: &Node,
    line: u32,
    at: &str,
    scope: &Scope,
) -> Result<(), ManifestError> {
    let t = &b.t;
    let service = scope.service.as_str();
    let text = |key: &str| t.text(v.get(key));
    let is_map = v.as_map().is_some();
    let is_text = v.as_str().is_some();
    let cfg = |skip: &[&str]| t.json_without(Some(v), skip);
    let mut out: Vec<(EventDef, J)> = Vec::new();
    let generic = |out: &mut Vec<(EventDef, J)>| {
        let config = t.json(v);
        out.push((events::generic_event(ty, service, fname, &config, line), config));
    };
    if !scope.provider.eq_ignore_ascii_case("aws") && ty != "http" {
        generic(&mut out);
        for (def, config) in out {
            b.trigger(f, def, config, line);
        }
        return Ok(());
    }
    match ty {
        "http" | "httpApi" => {
            let api = if ty == "http" { scope.rest_api.clone() } else { scope.http_api.clone() };
            let api = api.unwrap_or_else(|| service.to_string());
            let (method, path) = if let Some(s) = v.as_str() {
                let s = s.trim();
                if s == "*" {
                    ("ANY".to_string(), "*".to_string())
                } else {
                    match s.split_once(char::is_whitespace) {
                        Some((m, p)) => (m.to_string(), p.trim().to_string()),
                        None if scope.provider.eq_ignore_ascii_case("aws") => {
                            return Err(shape_error(at, "`METHOD /path` (for example `GET /orders`)", v));
                        }
                        None => ("ANY".to_string(), s.to_string()),
                    }
                }
            } else if is_map {
                (
                    text("method").unwrap_or_else(|| "ANY".into()),
                    text("path").unwrap_or_else(|| if ty == "http" { "/".into() } else { "*".into() }),
                )
            } else if v.is_null() && !scope.provider.eq_ignore_ascii_case("aws") {
                ("ANY".to_string(), "/".to_string())
            } else {
                return Err(shape_error(at, "`METHOD /path` or an object with `method` and `path`", v));
            };
            let detail = json!({ "method": events::normalize_method(&method), "path": events::normalize_path(&path), "api": if ty == "http" { "rest" } else { "http" } });
            out.push((events::http_event(&api, &method, &path, ty, line, detail), cfg(&["method", "path"])));
        }
        "websocket" => {
            let route = if is_text { t.text(Some(v)) } else { text("route") };
            let Some(route) = route else {
                return Err(shape_error(at, "a route (`$connect`) or an object with `route`", v));
            };
            let api = scope.service.clone();
            out.push((events::websocket_event(&api, &route, line), cfg(&["route"])));
        }
        "sqs" | "sns" | "cloudwatchLog" => {
            let (kind, field, name_field) = match ty {
                "sqs" => (EventKind::SqsQueue, "arn", None),
                "sns" => (EventKind::SnsTopic, "arn", Some("topicName")),
                _ => (EventKind::CloudwatchLogs, "logGroup", None),
            };
            let node = if is_text
                || v.get("Fn::GetAtt").is_some()
                || v.get("Ref").is_some()
                || v.get("Fn::Join").is_some()
                || v.get("Fn::Sub").is_some()
            {
                Some(v)
            } else if is_map {
                v.get(field).or_else(|| name_field.and_then(|n| v.get(n)))
            } else {
                None
            };
            let Some(node) = node else {
                let expected = match ty {
                    "sqs" => "a queue ARN or an object with `arn`",
                    "sns" => "a topic name or ARN, or an object with `arn` or `topicName`",
                    _ => "a log group name or an object with `logGroup`",
                };
                return Err(shape_error(at, expected, v));
            };
            let tg = target(t, node, &kind);
            let config = if std::ptr::eq(node, v) { J::Null } else { cfg(&[field, "topicName"]) };
            out.push((events::named_event(kind, &tg.name, &tg.source, tg.line.unwrap_or(line), J::Null), config));
        }
        "stream" => {
            let node = if is_map && v.get("arn").is_some() {
                v.get("arn")
            } else if is_map && v.get("Fn::GetAtt").is_none() {
                None
            } else {
                Some(v)
            };
            let Some(node) = node else {
                return Err(shape_error(at, "a stream ARN or an object with `arn`", v));
            };
            let resolved = t.resolve(node);
            let declared = text("type").map(|s| s.to_ascii_lowercase());
            let from_resource = resolved
                .resource
                .as_ref()
                .and_then(|(id, _)| t.resource(id))
                .and_then(|r| keys::kind_of_resource_type(r.kind));
            let kind = match declared.as_deref() {
                Some("dynamodb") => EventKind::DynamodbStream,
                Some("kinesis") => EventKind::KinesisStream,
                _ => from_resource
                    .or_else(|| keys::kind_of_arn(&resolved.text))
                    .filter(|k| matches!(k, EventKind::DynamodbStream | EventKind::KinesisStream))
                    .unwrap_or(if resolved.text.contains("dynamodb") {
                        EventKind::DynamodbStream
                    } else {
                        EventKind::KinesisStream
                    }),
            };
            let tg = target(t, node, &kind);
            let detail = match text("startingPosition") {
                Some(sp) => json!({ "startingPosition": sp }),
                None => J::Null,
            };
            let config = if is_map { cfg(&["arn"]) } else { J::Null };
            out.push((events::named_event(kind, &tg.name, &tg.source, tg.line.unwrap_or(line), detail), config));
        }
        "s3" => {
            let node = if is_text { Some(v) } else { v.get("bucket") };
            let Some(node) = node else {
                return Err(shape_error(at, "a bucket name or an object with `bucket`", v));
            };
            let tg = target(t, node, &EventKind::S3Bucket);
            let kinds: Vec<J> = match v.get("event") {
                Some(e) => e.as_list().into_iter().map(|x| J::String(t.resolve(x).text)).collect(),
                None => vec![J::String("s3:ObjectCreated:*".into())],
            };
            let def = events::named_event(
                EventKind::S3Bucket,
                &tg.name,
                &tg.source,
                tg.line.unwrap_or(line),
                json!({ "events": kinds }),
            );
            let config = if is_map { cfg(&["bucket"]) } else { J::Null };
            out.push((def, config));
        }
        "schedule" => {
            let rates = if is_text { vec![v] } else { v.get("rate").map(Node::as_list).unwrap_or_default() };
            if rates.is_empty() {
                return Err(shape_error(at, "a `rate(...)`/`cron(...)` expression or an object with `rate`", v));
            }
            for r in rates {
                let expr = t.resolve(r).text;
                let detail = json!({ "expression": expr });
                let config = if is_map { cfg(&["rate"]) } else { J::Null };
                out.push((events::schedule_event(service, fname, &expr, "schedule", line, detail), config));
            }
        }
        "eventBridge" | "cloudwatchEvent" => {
            if !is_map {
                return Err(shape_error(at, "an object with `pattern` (or `schedule`)", v));
            }
            if let Some(expr) = text("schedule") {
                let detail = json!({ "expression": expr });
                out.push((events::schedule_event(service, fname, &expr, ty, line, detail), cfg(&["schedule"])));
            } else {
                let bus = match v.get("eventBus") {
                    Some(n) => target(t, n, &EventKind::EventbridgeBus).name,
                    None => "default".to_string(),
                };
                let pattern_field = if ty == "eventBridge" { "pattern" } else { "event" };
                let pattern = v.get(pattern_field).map(|p| t.json(p)).unwrap_or(J::Null);
                let detail = json!({ "bus": bus, "pattern": pattern });
                out.push((
                    events::eventbridge_event(&bus, &pattern, ty, line, detail),
                    cfg(&[pattern_field, "eventBus"]),
                ));
            }
        }
        "iot" => {
            let Some(sql) = text("sql") else {
                return Err(shape_error(at, "an object with `sql`", v));
            };
            out.push((events::iot_event(&sql, line, json!({ "sql": sql })), cfg(&["sql"])));
        }
        "alexaSkill" | "alexaSmartHome" => {
            let id = if is_text { t.text(Some(v)) } else { text("appId") };
            let id = id.unwrap_or_else(|| format!("{service}/{fname}"));
            let kind = if ty == "alexaSkill" { EventKind::AlexaSkill } else { EventKind::AlexaSmartHome };
            let def = events::owned_event(
                kind,
                format!("{}:{id}", if ty == "alexaSkill" { "alexa" } else { "alexaSmartHome" }),
                &id,
                ty,
                &id,
                line,
                J::Null,
            );
            out.push((def, if is_map { cfg(&["appId"]) } else { J::Null }));
        }
        "alb" => {
            if !is_map {
                return Err(shape_error(at, "an object with `listenerArn`, `priority` and `conditions`", v));
            }
            let listener = v.get("listenerArn").map(|l| target(t, l, &EventKind::Alb).name).unwrap_or_default();
            let priority = text("priority").unwrap_or_default();
            let conditions = v.get("conditions").map(|c| t.json(c)).unwrap_or(J::Null);
            let name = format!("{listener}:{priority}");
            let def = events::owned_event(
                EventKind::Alb,
                format!("alb:{name}"),
                &name,
                "alb",
                &listener,
                line,
                json!({ "listener": listener, "priority": priority, "conditions": conditions }),
            );
            out.push((def, cfg(&["listenerArn"])));
        }
        "cognitoUserPool" => {
            let (Some(pool), Some(trigger)) = (v.get("pool"), text("trigger")) else {
                return Err(shape_error(at, "an object with `pool` and `trigger`", v));
            };
            let tg = target(t, pool, &EventKind::CognitoTrigger);
            out.push((events::cognito_event(&tg.name, &trigger, &tg.source, line), cfg(&["pool", "trigger"])));
        }
        "msk" | "kafka" => {
            let Some(topic) = text("topic") else {
                return Err(shape_error(at, "an object with `topic` (and `arn` or `bootstrapServers`)", v));
            };
            let (cluster, source) = if ty == "msk" {
                match v.get("arn") {
                    Some(a) => {
                        let tg = target(t, a, &EventKind::KafkaTopic);
                        (tg.name, tg.source)
                    }
                    None => (String::new(), String::new()),
                }
            } else {
                let mut servers: Vec<String> = v
                    .get("bootstrapServers")
                    .map(Node::as_list)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|s| t.resolve(s).text)
                    .collect();
                servers.sort();
                let joined = servers.join(",");
                (joined.clone(), joined)
            };
            out.push((
                events::kafka_event(&cluster, &topic, ty, &source, line),
                cfg(&["arn", "topic", "bootstrapServers"]),
            ));
        }
        "activemq" | "rabbitmq" => {
            let (Some(arn), Some(queue)) = (v.get("arn"), text("queue")) else {
                return Err(shape_error(at, "an object with `arn` and `queue`", v));
            };
            let tg = target(t, arn, &EventKind::MqQueue);
            out.push((events::mq_event(&tg.name, &queue, ty, &tg.source, line), cfg(&["arn", "queue"])));
        }
        "cloudFront" => {
            if !is_map {
                return Err(shape_error(at, "an object with `eventType`", v));
            }
            let event_type = text("eventType").unwrap_or_default();
            let path = text("pathPattern").unwrap_or_else(|| "*".into());
            let name = format!("{event_type} {path}");
            let def = events::owned_event(
                EventKind::Cloudfront,
                format!("cloudfront:{service}:{event_type}:{path}"),
                &name,
                "cloudFront",
                &name,
                line,
                json!({ "eventType": event_type, "pathPattern": path }),
            );
            out.push((def, cfg(&["eventType", "pathPattern"])));
        }
        _ => generic(&mut out),
    }
    for (def, config) in out {
        b.trigger(f, def, config, line);
    }
    Ok(())
}
