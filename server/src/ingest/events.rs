//! Event definitions: the per-manifest event list deduplicated by key, and
//! constructors of each kind of event with its key (rules on [`EventKey`]).

use std::collections::HashMap;

use super::keys::{canonical_json, default_type, eventbridge_key, prefix};
use super::model::{EventDef, EventKey, EventKind, Trigger};

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
        Trigger { event: key, config, line, dry_run_type, source }
    }

    /// Adds an event unless one with the same key exists; S3 event kinds are merged.
    pub fn add(&mut self, def: EventDef) -> EventKey {
        let key = def.key.clone();
        match self.index.get(&key) {
            Some(&i) => {
                if def.kind == EventKind::S3Bucket
                    && let Some(existing) = self.list.get_mut(i)
                {
                    merge_s3_events(&mut existing.detail, &def.detail);
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

/// The key of an HTTP route; the method is upper-cased and the path gets a leading `/`.
pub(crate) fn http_event(
    api: &str,
    method: &str,
    path: &str,
    dry_run_type: &str,
    line: u32,
    detail: serde_json::Value,
) -> EventDef {
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
    if p.starts_with('/') || p.starts_with('$') || p == "*" { p.to_string() } else { format!("/{p}") }
}

/// Key and event of a kind that belongs to one function (schedule, generic events).
pub(crate) fn owned_event(
    kind: EventKind,
    key: String,
    name: &str,
    dry_run_type: &str,
    source: &str,
    line: u32,
    detail: serde_json::Value,
) -> EventDef {
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
pub(crate) fn schedule_event(
    service: &str,
    function: &str,
    expression: &str,
    dry_run_type: &str,
    line: u32,
    detail: serde_json::Value,
) -> EventDef {
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
pub(crate) fn eventbridge_event(
    bus: &str,
    pattern: &serde_json::Value,
    dry_run_type: &str,
    line: u32,
    detail: serde_json::Value,
) -> EventDef {
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
pub(crate) fn generic_event(
    ty: &str,
    service: &str,
    function: &str,
    config: &serde_json::Value,
    line: u32,
) -> EventDef {
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
