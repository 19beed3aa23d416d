//! Logs, metrics and cost types shared by the pages and the REST API (`/api/v1`).
//! Costs are list-price estimates before free tier and volume discounts.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One log event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LogLine {
    /// Unique within the function's log (CloudWatch eventId or the local row id).
    pub event_id: String,
    /// When it was logged.
    pub timestamp: DateTime<Utc>,
    /// When the source received it, if known.
    pub ingestion_time: Option<DateTime<Utc>>,
    /// Log stream, if known.
    pub stream: Option<String>,
    /// The message, as logged: render it as text, never as HTML.
    pub message: String,
}

/// A page of a function's log, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LogLines {
    /// `local` or `cloudwatch`.
    pub source: String,
    /// The log group read (CloudWatch), or empty.
    pub log_group: String,
    /// The events.
    pub events: Vec<LogLine>,
    /// Pass as `next_token` for the next page; absent on the last page.
    pub next_token: Option<String>,
}

/// Sums over one period (or a whole range) of a function's invocations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MetricsPoint {
    /// Start of the period (UTC).
    pub start: DateTime<Utc>,
    /// Invocations (REPORT lines).
    pub invocations: u64,
    /// Invocations that logged an error or ended with status `error`.
    pub errors: u64,
    /// Invocations that timed out.
    pub timeouts: u64,
    /// Invocations with an Init Duration (cold starts).
    pub cold_starts: u64,
    /// Mean duration, ms.
    pub duration_avg_ms: Option<f64>,
    /// Median duration, ms (from a histogram, within 6.25%).
    pub duration_p50_ms: Option<f64>,
    /// 95th percentile duration, ms.
    pub duration_p95_ms: Option<f64>,
    /// 99th percentile duration, ms.
    pub duration_p99_ms: Option<f64>,
    /// Largest Max Memory Used, MB.
    pub max_memory_used_mb: u64,
    /// Largest configured Memory Size, MB.
    pub memory_size_mb: u64,
    /// Billed GB-seconds.
    pub billed_gb_seconds: f64,
    /// Estimated cost at list price, USD.
    pub cost_usd: f64,
}

/// A function's metrics over a range: one point per hour or day, and the totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FunctionMetrics {
    /// The function.
    pub function_id: i64,
    /// `hour` or `day`.
    pub granularity: String,
    /// Start of the range (inclusive).
    pub from: DateTime<Utc>,
    /// End of the range (exclusive).
    pub to: DateTime<Utc>,
    /// Periods with at least one event, oldest first.
    pub points: Vec<MetricsPoint>,
    /// The whole range (its `start` is `from`).
    pub total: MetricsPoint,
}

/// One function, service or team in a cost ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CostLine {
    /// Function, service or team id; absent for functions of services without a team.
    pub id: Option<i64>,
    /// Name (functions: `service/function`; services: `service (stage)`; teams: the team).
    pub name: String,
    /// Invocations.
    pub invocations: i64,
    /// Errors.
    pub errors: i64,
    /// Billed GB-seconds.
    pub billed_gb_seconds: f64,
    /// Estimated cost at list price, USD.
    pub cost_usd: f64,
}

/// Costs for a period, most expensive first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CostReport {
    /// `function`, `service` or `team`.
    pub group_by: String,
    /// Start of the period (inclusive, rounded down to the hour).
    pub from: DateTime<Utc>,
    /// End of the period (exclusive).
    pub to: DateTime<Utc>,
    /// The ranking.
    pub lines: Vec<CostLine>,
    /// Sum of every line's cost, USD.
    pub total_cost_usd: f64,
    /// Sum of every line's invocations.
    pub total_invocations: i64,
    /// Always true: list-price estimates before free tier and volume discounts.
    pub estimate: bool,
}

/// What a logs page asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogsRequest {
    /// Oldest event time (default: an hour before `to`).
    pub from: Option<DateTime<Utc>>,
    /// Newest event time (default: now).
    pub to: Option<DateTime<Utc>>,
    /// Filter pattern (CloudWatch syntax; the local source takes terms, "phrases", -exclusions).
    pub filter: Option<String>,
    /// Events per page (default 100, at most 1000).
    pub limit: Option<usize>,
    /// `next_token` of the previous page.
    pub next_token: Option<String>,
}

/// How an invocation ended, as its lines tell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// A REPORT line without an error or timeout.
    Success,
    /// An ERROR line or `Status: error`.
    Error,
    /// A `Task timed out` line or `Status: timeout`.
    Timeout,
    /// No REPORT line in view (still running, or outside the range shown).
    #[default]
    Unknown,
}

/// One log line as the logs page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownLine {
    /// Unique within the function's log.
    pub event_id: String,
    /// When it was logged.
    pub timestamp: DateTime<Utc>,
    /// The message, as logged: rendered as text, never as HTML.
    pub message: String,
    /// The message pretty-printed, when it is a JSON object.
    pub pretty_json: Option<String>,
    /// An error or timeout line.
    pub alarming: bool,
}

/// The lines of one invocation (START … END/REPORT, by request id), oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvocationLog {
    /// The request id; `None` for a line that names none.
    pub request_id: Option<String>,
    /// Time of its first line in view.
    pub started: DateTime<Utc>,
    /// Its lines, oldest first.
    pub lines: Vec<ShownLine>,
    /// Duration from REPORT, ms.
    pub duration_ms: Option<f64>,
    /// Billed Duration from REPORT, ms.
    pub billed_duration_ms: Option<u64>,
    /// Memory Size from REPORT, MB.
    pub memory_size_mb: Option<u64>,
    /// Max Memory Used from REPORT, MB.
    pub max_memory_used_mb: Option<u64>,
    /// Init Duration from REPORT, ms: present on cold starts.
    pub init_duration_ms: Option<f64>,
    /// How it ended.
    pub outcome: Outcome,
}

/// A page of a function's log grouped by invocation, newest invocation first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogTimeline {
    /// `local` or `cloudwatch`.
    pub source: String,
    /// The log group read (CloudWatch), or empty.
    pub log_group: String,
    /// Newest first.
    pub invocations: Vec<InvocationLog>,
    /// Pass as `before` for older events; absent when the range holds no more.
    pub older: Option<String>,
    /// Start of the range read, epoch ms.
    pub from_ms: i64,
    /// End of the range read, epoch ms: the live tail continues after it.
    pub to_ms: i64,
}

/// What the logs page asks for: events in `[from, to]`, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogTimelineRequest {
    /// Oldest event time.
    pub from: DateTime<Utc>,
    /// Newest event time.
    pub to: DateTime<Utc>,
    /// Filter pattern (CloudWatch syntax; the local source takes terms, "phrases", -exclusions).
    pub filter: Option<String>,
    /// `older` of the previous page.
    pub before: Option<String>,
    /// Events per page (at most 1000).
    pub limit: usize,
}

/// Right-sizing advice for one function over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RightSizing {
    /// The function.
    pub function_id: i64,
    /// `service/function`.
    pub name: String,
    /// `x86_64` or `arm64`.
    pub architecture: String,
    /// Invocations in the period.
    pub invocations: i64,
    /// Configured memory, MB.
    pub memory_size_mb: u64,
    /// Largest Max Memory Used in the period, MB.
    pub max_memory_used_mb: u64,
    /// A smaller memory size that still leaves headroom, MB; absent when none is advised.
    pub suggested_memory_mb: Option<u64>,
    /// Estimated saving per 30 days at the suggested size, USD (same billed durations).
    pub memory_saving_usd_month: f64,
    /// Estimated saving per 30 days on arm64, USD; 0 for arm64 functions.
    pub arm64_saving_usd_month: f64,
}

/// The costs page: a ranking for a period, the previous period's costs, and right-sizing advice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostsOverview {
    /// The period asked for: its most expensive lines, totals over all of them.
    pub current: CostReport,
    /// How many functions, services or teams had costs in the period (lines beyond those shown
    /// count in the totals).
    pub ranked: usize,
    /// The period of the same length just before it (for trends): totals over all, lines only
    /// of those in `current`.
    pub previous: CostReport,
    /// Functions worth resizing or moving to arm64, largest saving first.
    pub advice: Vec<RightSizing>,
}
