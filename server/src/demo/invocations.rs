//! Generated invocation logs for the demo organization, pushed through the local log source so
//! the logs, metrics and costs pages have content without an AWS account: START, app lines,
//! END and REPORT in Lambda's text and JSON formats, cold starts, errors and timeouts.

use std::fmt::Write;

use crate::db::Database;
use crate::db::logs::LogFunction;
use crate::logs::rollup::HOUR_MS;
use crate::logs::service::{Logs, PushSummary, PushedEvent};

/// Hours of history generated, ending now.
pub const HISTORY_HOURS: i64 = 72;
/// Events stored per transaction.
const BATCH: usize = 10_000;

/// Why the demo logs could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DemoLogsError {
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
    /// A generated record named a function the catalog does not hold: a bug.
    #[error("generated logs name unknown functions: {0}")]
    Unknown(String),
}

/// Generates and stores `HISTORY_HOURS` of invocations for every demo function, unless logs
/// are already stored (loading the demo again adds nothing). Returns what was stored.
pub async fn load(db: &Database, logs: &Logs, seed: u64) -> Result<PushSummary, DemoLogsError> {
    let mut total = PushSummary { accepted: 0, invocations: 0, malformed_reports: 0 };
    if db.has_log_events().await? {
        return Ok(total);
    }
    let now = chrono::Utc::now().timestamp_millis();
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut events = Vec::new();
    for function in db.pullable_functions().await? {
        generate(&function, now, &mut rng, &mut events);
    }
    let mut events = events.into_iter().peekable();
    while events.peek().is_some() {
        let batch: Vec<PushedEvent> = events.by_ref().take(BATCH).collect();
        let summary = logs.store_pushed(batch, now).await?.map_err(|unknown| {
            DemoLogsError::Unknown(unknown.iter().map(|u| u.message.as_str()).collect::<Vec<_>>().join("; "))
        })?;
        total.accepted += summary.accepted;
        total.invocations += summary.invocations;
    }
    Ok(total)
}

/// How a function writes its logs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    /// `time\trequest\tLEVEL\tmessage` (Node.js, Java, .NET).
    NodeText,
    /// `[LEVEL]\ttime\trequest\tmessage` (Python).
    PythonText,
    /// Lambda's JSON log format: `platform.*` records and JSON application lines.
    Json,
}

fn iso(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default().format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

fn request_id(rng: &mut fastrand::Rng) -> String {
    let hex = |rng: &mut fastrand::Rng, n: usize| {
        (0..n).map(|_| char::from(b"0123456789abcdef"[rng.usize(0..16)])).collect::<String>()
    };
    format!("{}-{}-4{}-a{}-{}", hex(rng, 8), hex(rng, 4), hex(rng, 3), hex(rng, 3), hex(rng, 12))
}

const APP_MESSAGES: &[&str] = &[
    "received event",
    "loaded 12 items from DynamoDB",
    "published message to SNS",
    "cache miss for key user#4821",
    "validated request body",
    "wrote 3 records",
];

const ERRORS: &[&str] = &[
    "ConditionalCheckFailedException: The conditional request failed",
    "TypeError: Cannot read properties of undefined (reading 'id')",
    "upstream returned 502 Bad Gateway",
    "rejected input <script>alert('xss')</script>",
];

fn generate(function: &LogFunction, now: i64, rng: &mut fastrand::Rng, out: &mut Vec<PushedEvent>) {
    let Some(name) = function.deployed_name.clone() else { return };
    let runtime = function.runtime.as_deref().unwrap_or("nodejs20.x");
    let format = match (function.id % 4, runtime.starts_with("python")) {
        (0, _) => Format::Json,
        (_, true) => Format::PythonText,
        _ => Format::NodeText,
    };
    let staging = name.contains("-staging-");
    let per_hour = if staging { 1 } else { 1 + (function.id as usize * 7) % 6 };
    let memory = function.memory_mb.filter(|m| *m > 0).unwrap_or(1024) as u64;
    let timeout_ms = function.timeout_s.filter(|t| *t > 0).unwrap_or(6) as u64 * 1000;
    // Each function has its own typical duration, 15 to 400 ms.
    let typical_ms = 15.0 + (function.id as f64 * 37.0) % 385.0;
    let stream = format!("2026/11/23/[$LATEST]{:032x}", rng.u128(..));
    let start = now - HISTORY_HOURS * HOUR_MS;
    let mut warm_until = 0;
    for hour in 0..HISTORY_HOURS {
        for _ in 0..rng.usize(0..=per_hour * 2) {
            let at = start + hour * HOUR_MS + rng.i64(0..HOUR_MS);
            let cold = at > warm_until || rng.f64() < 0.02;
            warm_until = at + 15 * 60_000;
            invocation(&name, &stream, format, at, cold, memory, timeout_ms, typical_ms, rng, out);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn invocation(
    name: &str,
    stream: &str,
    format: Format,
    at: i64,
    cold: bool,
    memory: u64,
    timeout_ms: u64,
    typical_ms: f64,
    rng: &mut fastrand::Rng,
    out: &mut Vec<PushedEvent>,
) {
    let id = request_id(rng);
    let roll = rng.f64();
    let (error, timeout) = (roll < 0.03, (0.03..0.036).contains(&roll));
    let init_ms = cold.then(|| 120.0 + rng.f64() * 400.0);
    let mut duration = typical_ms * (0.5 + rng.f64() * rng.f64() * 3.0);
    if timeout {
        duration = timeout_ms as f64;
    }
    let duration = (duration * 100.0).round() / 100.0;
    let billed = (duration.ceil() + init_ms.map_or(0.0, f64::ceil)) as u64;
    let used = (memory as f64 * (0.25 + rng.f64() * 0.35)) as u64;
    let mut push = |offset: i64, message: String| {
        out.push(PushedEvent {
            index: 0,
            function: name.to_string(),
            timestamp_ms: at + offset,
            stream: Some(stream.to_string()),
            message,
        })
    };
    let app_line = |level: &str, ms: i64, text: &str| match format {
        Format::NodeText => format!("{}\t{id}\t{level}\t{text}", iso(at + ms)),
        Format::PythonText => format!("[{level}]\t{}\t{id}\t{text}", iso(at + ms)),
        Format::Json => serde_json::json!({
            "timestamp": iso(at + ms), "level": level, "requestId": id, "message": text,
        })
        .to_string(),
    };
    match format {
        Format::Json => push(
            0,
            format!(
                r#"{{"time":"{}","type":"platform.start","record":{{"requestId":"{id}","version":"$LATEST"}}}}"#,
                iso(at)
            ),
        ),
        _ => push(0, format!("START RequestId: {id} Version: $LATEST")),
    }
    push(1, app_line("INFO", 1, APP_MESSAGES[rng.usize(0..APP_MESSAGES.len())]));
    if error {
        push(2, app_line("ERROR", 2, ERRORS[rng.usize(0..ERRORS.len())]));
    }
    let end = duration as i64 + 1;
    if timeout {
        push(end, format!("{} {id} Task timed out after {:.2} seconds", iso(at + end), timeout_ms as f64 / 1000.0));
    }
    let status = if timeout {
        "timeout"
    } else if error {
        "error"
    } else {
        "success"
    };
    match format {
        Format::Json => {
            let mut metrics = format!(
                r#""durationMs":{duration:.2},"billedDurationMs":{billed},"memorySizeMB":{memory},"maxMemoryUsedMB":{used}"#
            );
            if let Some(init) = init_ms {
                let _ = write!(metrics, r#","initDurationMs":{init:.2}"#);
            }
            push(
                end,
                format!(
                    r#"{{"time":"{}","type":"platform.report","record":{{"requestId":"{id}","metrics":{{{metrics}}},"status":"{status}"}}}}"#,
                    iso(at + end)
                ),
            );
        }
        _ => {
            push(end, format!("END RequestId: {id}"));
            let mut report = format!(
                "REPORT RequestId: {id}\tDuration: {duration:.2} ms\tBilled Duration: {billed} ms\tMemory Size: {memory} MB\tMax Memory Used: {used} MB\t"
            );
            if let Some(init) = init_ms {
                let _ = write!(report, "Init Duration: {init:.2} ms\t");
            }
            if status != "success" {
                let _ = write!(report, "Status: {status}\t");
            }
            push(end, report);
        }
    }
}
