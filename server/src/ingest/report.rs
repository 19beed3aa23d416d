//! What an ingest run tells its user: a text summary, and the dry-run JSON document.
//!
//! The dry-run document is a public contract (see the README): fields are only ever added.

use std::fmt;

use serde_json::{Value, json};

use super::pipeline::{FileOutcome, FileReport};
use super::record::kind_name;
use crate::db::catalog_write::{ChangeCounts, Delta};

/// Totals of one run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunSummary {
    /// Manifests stored with changes.
    pub indexed: u64,
    /// Manifests identical to what the catalog holds.
    pub unchanged: u64,
    /// Manifests parsed without storing (dry run).
    pub parsed: u64,
    /// Manifests that could not be read.
    pub rejected: u64,
    /// What changed in the catalog.
    pub changes: ChangeCounts,
}

impl RunSummary {
    /// Counts one file's outcome.
    pub fn add(&mut self, report: &FileReport) {
        match &report.outcome {
            FileOutcome::Indexed(counts) => {
                self.indexed += 1;
                self.changes += *counts;
            }
            FileOutcome::Unchanged => self.unchanged += 1,
            FileOutcome::Parsed => self.parsed += 1,
            FileOutcome::Rejected(_) => self.rejected += 1,
        }
    }
}

impl fmt::Display for RunSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let delta = |d: Delta| format!("{} added, {} changed, {} removed", d.added, d.changed, d.removed);
        writeln!(
            f,
            "files: {} indexed, {} unchanged, {} rejected",
            self.indexed + self.parsed,
            self.unchanged,
            self.rejected
        )?;
        writeln!(f, "services: {}", delta(self.changes.services))?;
        writeln!(f, "functions: {}", delta(self.changes.functions))?;
        writeln!(f, "events: {}", delta(self.changes.events))?;
        writeln!(f, "subscriptions: {}", delta(self.changes.subscriptions))?;
        write!(f, "producers: {}", delta(self.changes.producers))
    }
}

/// One line for a rejected file: `path:line:column: message`.
pub fn rejection_line(report: &FileReport) -> Option<String> {
    let FileOutcome::Rejected(error) = &report.outcome else { return None };
    let position = match (error.line, error.column) {
        (Some(line), Some(column)) => format!(":{line}:{column}"),
        (Some(line), None) => format!(":{line}"),
        _ => String::new(),
    };
    Some(format!("{}{position}: {}", report.path, error.message))
}

/// The dry-run document: `{"files": [{"path", "status", "error", "services": [...]}]}`.
pub fn dry_run_document(reports: &[FileReport]) -> Value {
    let files: Vec<Value> = reports.iter().map(file_entry).collect();
    json!({ "files": files })
}

/// One file's entry of the dry-run document (also the push API's answer).
pub fn file_entry(report: &FileReport) -> Value {
    let (status, error) = match &report.outcome {
        FileOutcome::Rejected(error) => {
            ("error", json!({ "message": error.message, "line": error.line, "column": error.column }))
        }
        _ => ("ok", Value::Null),
    };
    let services: Vec<Value> = report
        .service
        .iter()
        .map(|service| {
            let functions: Vec<Value> = service
                .functions
                .iter()
                .map(|function| {
                    let events: Vec<Value> = function
                        .triggers
                        .iter()
                        .map(|trigger| {
                            let kind =
                                service.events.iter().find(|e| e.key == trigger.event).map(|e| kind_name(&e.kind));
                            json!({
                                "type": trigger.dry_run_type,
                                "source": trigger.source,
                                "key": trigger.event.0,
                                "kind": kind,
                                "config": trigger.config,
                                "line": trigger.line,
                            })
                        })
                        .collect();
                    json!({
                        "name": function.name,
                        "deployed_name": function.deployed_name,
                        "runtime": function.runtime,
                        "handler": function.handler,
                        "memory_mb": function.memory_mb,
                        "timeout_s": function.timeout_s,
                        "architecture": function.architecture,
                        "line": function.line,
                        "events": events,
                        "publishes": function.publishes,
                    })
                })
                .collect();
            json!({
                "name": service.name,
                "provider": service.provider,
                "format": service.format,
                "stage": service.stage,
                "region": service.region,
                "functions": functions,
            })
        })
        .collect();
    json!({ "path": report.path, "status": status, "error": error, "services": services })
}
