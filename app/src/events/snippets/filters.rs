//! What existing consumers do (SNS filter policies, S3 key filters), and small
//! helpers shared by the renderers.

use serde_json::Value;

use super::quoting::json_compact;
use super::source::{Event, label};
use super::text::{Part, Text};

/// The SNS filter policy of a consumer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SnsFilter {
    /// `function (service)`.
    pub who: String,
    /// `MessageAttributes` or `MessageBody`, when set.
    pub scope: Option<String>,
    /// The policy as compact JSON.
    pub policy: String,
}

/// The S3 notification settings of a consumer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct S3Filter {
    /// `function (service)`.
    pub who: String,
    /// Event types it gets (`s3:ObjectCreated:*`).
    pub kinds: Vec<String>,
    /// `(prefix|suffix, value)` key filter rules.
    pub rules: Vec<(String, String)>,
}

/// The path of a new route next to `path`: under it, or under its parent when it ends
/// with a greedy `{proxy+}` segment or is a catch-all (`$default`, `*`).
pub(crate) fn sibling_path(path: &str, segment: &str) -> String {
    let mut base: Vec<&str> = Vec::new();
    if path.starts_with('/') {
        for part in path.split('/').filter(|p| !p.is_empty()) {
            if part.ends_with("+}") || part == "*" {
                break;
            }
            base.push(part);
        }
    }
    base.push(segment);
    format!("/{}", base.join("/"))
}

/// SNS filter policies of the consumers.
pub(crate) fn sns_filters(event: &Event<'_>) -> Vec<SnsFilter> {
    let mut out = Vec::new();
    for c in &event.consumers {
        let policy = c.config.get("filterPolicy").or_else(|| c.config.get("FilterPolicy"));
        let Some(policy) = policy.filter(|p| !p.is_null()) else {
            continue;
        };
        let scope = c
            .config
            .get("filterPolicyScope")
            .or_else(|| c.config.get("FilterPolicyScope"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let json = match policy {
            // CloudFormation also accepts the policy as a JSON string.
            Value::String(s) => s.clone(),
            other => json_compact(other),
        };
        out.push(SnsFilter { who: label(c), scope, policy: json });
    }
    out
}

/// S3 notification settings of the consumers.
pub(crate) fn s3_filters(event: &Event<'_>) -> Vec<S3Filter> {
    let mut out = Vec::new();
    for c in &event.consumers {
        let cfg = &c.config;
        let mut rules: Vec<(String, String)> = Vec::new();
        // serverless.yml: `rules: [{prefix: a}, {suffix: b}]`.
        for r in cfg.get("rules").and_then(Value::as_array).into_iter().flatten() {
            for (k, v) in r.as_object().into_iter().flatten() {
                if let Some(v) = v.as_str() {
                    rules.push((k.to_ascii_lowercase(), v.to_string()));
                }
            }
        }
        // SAM / CloudFormation: `Filter: {S3Key: {Rules: [{Name, Value}]}}`.
        let cfn = cfg.get("Filter").and_then(|f| f.get("S3Key")).and_then(|k| k.get("Rules"));
        for r in cfn.and_then(Value::as_array).into_iter().flatten() {
            if let (Some(n), Some(v)) = (r.get("Name").and_then(Value::as_str), r.get("Value").and_then(Value::as_str))
            {
                rules.push((n.to_ascii_lowercase(), v.to_string()));
            }
        }
        let mut kinds: Vec<String> = Vec::new();
        for field in ["event", "Event", "Events"] {
            match cfg.get(field) {
                Some(Value::String(s)) => kinds.push(s.clone()),
                Some(Value::Array(a)) => kinds.extend(a.iter().filter_map(|v| v.as_str().map(str::to_string))),
                _ => {}
            }
        }
        if !rules.is_empty() || !kinds.is_empty() {
            out.push(S3Filter { who: label(c), kinds, rules });
        }
    }
    out
}

/// A placeholder for a value the generator cannot know.
pub(crate) fn hole(name: &'static str) -> Text {
    Text(vec![Part::Hole(name)])
}
