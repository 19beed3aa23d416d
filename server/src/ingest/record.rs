//! From a parsed manifest to the rows storage keeps, with its owning team decided.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::model::{EventKind, ParsedService};
use crate::db::catalog_write::{EventRecord, FunctionRecord, ManifestRecord, ServiceRecord, SubscriptionRecord};

/// Where a manifest came from and who owns it, as far as the caller knows.
#[derive(Debug, Clone, Default)]
pub struct SourceMeta {
    /// File path or repository URL shown as the manifest's origin.
    pub source: String,
    /// Team given explicitly (command line or API call): wins over everything.
    pub team: Option<String>,
    /// Team from the owners file, used when the manifest names none.
    pub owners_team: Option<String>,
}

/// The owning team. Order: explicit team, then the manifest's `team` tag, its `owner` tag, the
/// owners file, the Serverless `app`, and last the Serverless `org`.
pub fn resolve_team(service: &ParsedService, meta: &SourceMeta) -> Option<String> {
    let tag = |name: &str| service.tags.get(name).cloned();
    meta.team
        .clone()
        .or_else(|| tag("team"))
        .or_else(|| tag("owner"))
        .or_else(|| meta.owners_team.clone())
        .or_else(|| service.app.clone())
        .or_else(|| service.org.clone())
        .map(|team| team.trim().to_string())
        .filter(|team| !team.is_empty())
}

/// The name storage uses for an event kind, e.g. `sns_topic`.
pub fn kind_name(kind: &EventKind) -> String {
    match kind {
        EventKind::Other(name) => name.clone(),
        known => serde_json::to_value(known)
            .ok()
            .and_then(|value| value.as_str().map(str::to_string))
            .unwrap_or_else(|| "other".to_string()),
    }
}

fn json_object(map: &BTreeMap<String, String>) -> String {
    serde_json::to_string(map).unwrap_or_else(|_| "{}".to_string())
}

fn json_config(value: &serde_json::Value) -> String {
    if value.is_null() { "{}".to_string() } else { value.to_string() }
}

/// Builds the storage record of `service`.
pub fn to_record(service: &ParsedService, meta: &SourceMeta) -> ManifestRecord {
    let team = resolve_team(service, meta);
    let mut hasher = Sha256::new();
    hasher.update(serde_json::to_vec(service).unwrap_or_default());
    hasher.update([0]);
    hasher.update(meta.source.as_bytes());
    hasher.update([0]);
    hasher.update(team.as_deref().unwrap_or("").as_bytes());
    let content_hash = format!("{:x}", hasher.finalize());

    let functions = service
        .functions
        .iter()
        .map(|f| FunctionRecord {
            name: f.name.clone(),
            deployed_name: f.deployed_name.clone(),
            handler: f.handler.clone(),
            runtime: f.runtime.clone(),
            memory_mb: f.memory_mb.map(i64::from),
            timeout_s: f.timeout_s.map(i64::from),
            architecture: f.architecture.clone(),
            log_group: f.log_group.clone(),
            description: f.description.clone(),
            tags: json_object(&f.tags),
            env_vars: serde_json::to_string(&f.env_var_names).unwrap_or_else(|_| "[]".to_string()),
            source_line: i64::from(f.line),
            subscriptions: f
                .triggers
                .iter()
                .map(|t| SubscriptionRecord {
                    event_key: t.event.0.clone(),
                    config: json_config(&t.config),
                    source_line: i64::from(t.line),
                })
                .collect(),
            produces: f.publishes.iter().map(|key| key.0.clone()).collect(),
        })
        .collect();
    let events = service
        .events
        .iter()
        .map(|e| EventRecord {
            key: e.key.0.clone(),
            kind: kind_name(&e.kind),
            name: e.name.clone(),
            detail: json_config(&e.detail),
        })
        .collect();
    ManifestRecord {
        service: ServiceRecord {
            name: service.name.clone(),
            stage: service.stage.clone().unwrap_or_default(),
            region: service.region.clone().unwrap_or_default(),
            provider: service.provider.clone(),
            format: serde_json::to_value(service.format)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            description: service.description.clone(),
            org: service.org.clone(),
            app: service.app.clone(),
            runtime: service.runtime.clone(),
            tags: json_object(&service.tags),
            source: meta.source.clone(),
            source_line: i64::from(service.line),
            content_hash,
            team,
        },
        functions,
        events,
    }
}
