//! Where a function's logs come from: one trait, with CloudWatch Logs ([`super::cloudwatch`]) and
//! the local store ([`super::local`]) behind it.

use super::LogError;
use crate::db::logs::LogFunction;

/// Most events one page may hold (CloudWatch's own FilterLogEvents bound).
pub const MAX_PAGE_EVENTS: usize = 10_000;

/// The function whose logs are asked for, and where they live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogTarget {
    /// Catalog function id.
    pub function_id: i64,
    /// AWS region of the function; empty means the configured default.
    pub region: String,
    /// CloudWatch log group, `/aws/lambda/<deployed name>` unless the manifest sets another.
    pub log_group: String,
    /// In a log group the manifest names, which several functions may share, the function
    /// name its log streams carry (`YYYY/MM/DD/<name>[<version>]<id>`): only those streams
    /// are the function's. `None` for the default group, which is the function's alone.
    pub stream_function: Option<String>,
}

impl LogTarget {
    /// The log group Lambda writes a function named `deployed_name` to.
    pub fn default_log_group(deployed_name: &str) -> String {
        format!("/aws/lambda/{deployed_name}")
    }

    /// Where `function`'s logs are: the log group its manifest names, else the default group of
    /// its deployed name; in its service's region, else `default_region`. `None` when neither
    /// a log group nor a deployed name is known.
    pub fn of(function: &LogFunction, default_region: &str) -> Option<LogTarget> {
        let (log_group, stream_function) = match (&function.log_group, &function.deployed_name) {
            (Some(group), deployed) => (group.clone(), deployed.clone()),
            (None, Some(deployed)) => (Self::default_log_group(deployed), None),
            (None, None) => return None,
        };
        let region = if function.region.is_empty() { default_region.to_string() } else { function.region.clone() };
        Some(LogTarget { function_id: function.id, region, log_group, stream_function })
    }

    /// Whether an event of log stream `stream` is this target's function's.
    pub fn owns_stream(&self, stream: Option<&str>) -> bool {
        let Some(function) = &self.stream_function else { return true };
        // `YYYY/MM/DD/<name>[<version>]<id>`: the fourth part starts with the name and a `[`.
        stream
            .and_then(|stream| stream.splitn(4, '/').nth(3))
            .and_then(|rest| rest.strip_prefix(function.as_str()))
            .is_some_and(|rest| rest.starts_with('['))
    }
}

/// Which events to fetch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogQuery {
    /// Oldest event time, epoch ms, inclusive.
    pub start_ms: Option<i64>,
    /// Newest event time, epoch ms, inclusive.
    pub end_ms: Option<i64>,
    /// A filter pattern: CloudWatch syntax for CloudWatch (passed through); terms, quoted
    /// phrases and `-exclusion` for the local store.
    pub filter: Option<String>,
    /// At most this many events (1 to [`MAX_PAGE_EVENTS`]).
    pub limit: usize,
    /// `next_token` of the previous page.
    pub next_token: Option<String>,
}

/// One log event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEvent {
    /// Unique within the log group (CloudWatch's eventId, or the local row id).
    pub event_id: String,
    /// When it was logged, epoch ms.
    pub timestamp_ms: i64,
    /// When the source received it, epoch ms, if known.
    pub ingestion_ms: Option<i64>,
    /// Log stream, if known.
    pub stream: Option<String>,
    /// The message, as logged.
    pub message: String,
}

/// One page of events, oldest first, and where the next page starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogPage {
    /// The events.
    pub events: Vec<LogEvent>,
    /// Pass as `next_token` for more; `None` on the last page.
    pub next_token: Option<String>,
}

/// A place to read function logs from.
#[async_trait::async_trait]
pub trait LogSource: Send + Sync + 'static {
    /// A short name for messages: `cloudwatch` or `local`.
    fn name(&self) -> &'static str;

    /// Where `function`'s logs are for this source: by default its log group ([`LogTarget::of`]);
    /// `None` when it cannot be told.
    fn target(&self, function: &LogFunction, default_region: &str) -> Option<LogTarget> {
        LogTarget::of(function, default_region)
    }

    /// One page of `target`'s events matching `query`, oldest first.
    async fn fetch(&self, target: &LogTarget, query: &LogQuery) -> Result<LogPage, LogError>;

    /// About the newest `limit` of `target`'s events in `[from_ms, to_ms]` before `before` (the
    /// position the previous call returned), newest first, and the position to go on from. By
    /// default read back from the end in slices through [`LogSource::fetch`]
    /// ([`super::newest::sliced`]), for sources that read oldest first only.
    async fn newest(
        &self,
        target: &LogTarget,
        from_ms: i64,
        to_ms: i64,
        filter: Option<&str>,
        before: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<LogEvent>, Option<String>), LogError> {
        super::newest::sliced(self, target, from_ms, to_ms, filter, before, limit).await
    }
}
