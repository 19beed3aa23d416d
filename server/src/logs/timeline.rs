//! A function's log as the logs page shows it: events grouped by invocation (START … END/REPORT,
//! by request id), newest invocation first, with each REPORT's figures, errors and timeouts
//! marked and JSON messages pretty-printed. Done on the server so the browser bundle needs no
//! parser.

use std::collections::HashMap;

use app::logs::model::{InvocationLog, Outcome, ShownLine};
use chrono::{DateTime, TimeZone, Utc};

use super::LogEvent;
use super::report::{InvocationStatus, LogLine, classify};

/// Longest message pretty-printed as JSON, in bytes; longer ones are shown as logged.
const MAX_PRETTY_BYTES: usize = 64 * 1024;

fn at(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

/// Whether `token` is a Lambda request id (a UUID: 8-4-4-4-12 hex digits).
fn is_request_id(token: &str) -> bool {
    let bytes = token.as_bytes();
    bytes.len() == 36
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| if matches!(i, 8 | 13 | 18 | 23) { *b == b'-' } else { b.is_ascii_hexdigit() })
}

/// The request id a message names: the first UUID among its first tokens (text formats put it
/// first to third), or the `requestId` field of a JSON message.
pub fn request_id_of(message: &str, json: Option<&serde_json::Value>) -> Option<String> {
    if let Some(value) = json {
        let id = value.get("requestId").or_else(|| value.get("record").and_then(|r| r.get("requestId")));
        return id.and_then(serde_json::Value::as_str).filter(|id| !id.is_empty()).map(str::to_string);
    }
    message.split([' ', '\t']).filter(|t| !t.is_empty()).take(4).find(|t| is_request_id(t)).map(str::to_string)
}

fn parse_json(message: &str) -> Option<serde_json::Value> {
    let trimmed = message.trim();
    if !trimmed.starts_with('{') || trimmed.len() > MAX_PRETTY_BYTES {
        return None;
    }
    serde_json::from_str::<serde_json::Value>(trimmed).ok().filter(serde_json::Value::is_object)
}

fn micros_to_ms(us: u64) -> f64 {
    us as f64 / 1000.0
}

/// Groups `events` (any order) by invocation, newest invocation first, lines oldest first.
/// Lines that name no request id stand alone.
pub fn group_by_invocation(mut events: Vec<LogEvent>) -> Vec<InvocationLog> {
    events.sort_by(|a, b| (a.timestamp_ms, &a.event_id).cmp(&(b.timestamp_ms, &b.event_id)));
    let mut groups: Vec<InvocationLog> = Vec::new();
    let mut index_of: HashMap<String, usize> = HashMap::new();
    for event in events {
        let json = parse_json(&event.message);
        let request_id = request_id_of(&event.message, json.as_ref());
        let line = classify(&event.message);
        let alarming = matches!(line, Ok(LogLine::Error(_) | LogLine::Timeout(_)));
        let shown = ShownLine {
            event_id: event.event_id,
            timestamp: at(event.timestamp_ms),
            pretty_json: json.as_ref().and_then(|v| serde_json::to_string_pretty(v).ok()),
            message: event.message.clone(),
            alarming,
        };
        let slot = match request_id.clone() {
            Some(id) => *index_of.entry(id).or_insert_with(|| {
                groups.push(empty_group(request_id, shown.timestamp));
                groups.len() - 1
            }),
            None => {
                groups.push(empty_group(None, shown.timestamp));
                groups.len() - 1
            }
        };
        let group = &mut groups[slot];
        match line {
            Ok(LogLine::Report(report)) => {
                group.duration_ms = Some(micros_to_ms(report.duration_us));
                group.billed_duration_ms = Some(report.billed_duration_ms);
                group.memory_size_mb = Some(report.memory_size_mb);
                group.max_memory_used_mb = Some(report.max_memory_used_mb);
                group.init_duration_ms = report.init_duration_us.map(micros_to_ms);
                group.outcome = match (report.status, group.outcome) {
                    (InvocationStatus::Timeout, _) | (_, Outcome::Timeout) => Outcome::Timeout,
                    (InvocationStatus::Error, _) | (_, Outcome::Error) => Outcome::Error,
                    _ => Outcome::Success,
                };
            }
            Ok(LogLine::Timeout(_)) => group.outcome = Outcome::Timeout,
            Ok(LogLine::Error(_)) if group.outcome != Outcome::Timeout => group.outcome = Outcome::Error,
            _ => {}
        }
        group.lines.push(shown);
    }
    groups.sort_by(|a, b| b.started.cmp(&a.started));
    groups
}

fn empty_group(request_id: Option<String>, started: DateTime<Utc>) -> InvocationLog {
    InvocationLog {
        request_id,
        started,
        lines: Vec::new(),
        duration_ms: None,
        billed_duration_ms: None,
        memory_size_mb: None,
        max_memory_used_mb: None,
        init_duration_ms: None,
        outcome: Outcome::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "3604209a-e9a3-11e6-939a-754dd98c7be3";

    fn event(ms: i64, message: &str) -> LogEvent {
        LogEvent {
            event_id: ms.to_string(),
            timestamp_ms: ms,
            ingestion_ms: None,
            stream: None,
            message: message.into(),
        }
    }

    #[test]
    fn an_invocations_lines_form_one_group_with_its_report_figures() {
        let groups = group_by_invocation(vec![
            event(
                3,
                &format!(
                    "REPORT RequestId: {ID}\tDuration: 12.34 ms\tBilled Duration: 260 ms \tMemory Size: 128 MB\tMax Memory Used: 18 MB\tInit Duration: 246.80 ms\t"
                ),
            ),
            event(1, &format!("START RequestId: {ID} Version: $LATEST")),
            event(2, &format!("2026-11-23T10:00:00.100Z\t{ID}\tERROR\t<script>alert(1)</script>")),
            event(4, "a line of no invocation"),
        ]);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].request_id, None);
        let invocation = &groups[1];
        assert_eq!(invocation.request_id.as_deref(), Some(ID));
        assert_eq!(invocation.lines.iter().map(|l| l.event_id.as_str()).collect::<Vec<_>>(), ["1", "2", "3"]);
        assert_eq!(invocation.duration_ms, Some(12.34));
        assert_eq!((invocation.memory_size_mb, invocation.max_memory_used_mb), (Some(128), Some(18)));
        assert_eq!(invocation.init_duration_ms, Some(246.8));
        assert_eq!(invocation.outcome, Outcome::Error);
        assert!(invocation.lines[1].alarming);
        assert_eq!(
            invocation.lines[1].message,
            format!("2026-11-23T10:00:00.100Z\t{ID}\tERROR\t<script>alert(1)</script>")
        );
    }

    #[test]
    fn json_lines_are_pretty_printed_and_grouped_by_their_request_id() {
        let groups = group_by_invocation(vec![
            event(
                1,
                &format!(
                    r#"{{"time":"2026-11-23T10:00:00.000Z","type":"platform.start","record":{{"requestId":"{ID}"}}}}"#
                ),
            ),
            event(2, &format!(r#"{{"level":"INFO","requestId":"{ID}","message":"hi"}}"#)),
            event(3, &format!("2026-11-23T10:00:03.012Z {ID} Task timed out after 3.00 seconds")),
        ]);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].outcome, Outcome::Timeout);
        assert!(groups[0].lines[1].pretty_json.as_deref().is_some_and(|p| p.contains("\n  \"level\": \"INFO\"")));
        assert!(groups[0].lines[2].pretty_json.is_none());
    }

    #[test]
    fn only_uuids_count_as_request_ids() {
        assert!(is_request_id(ID));
        assert!(!is_request_id("3604209a-e9a3-11e6-939a-754dd98c7be"));
        assert!(!is_request_id("3604209a_e9a3-11e6-939a-754dd98c7be3"));
        assert_eq!(request_id_of("ERROR something", None), None);
    }
}
