//! Server functions of the function logs and metrics tabs: parse the URL's parameters, ask the
//! backend once.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::logs::model::{FunctionMetrics, LogTimeline};
use crate::logs::range::RangeParams;

/// Longest filter pattern accepted, bytes (CloudWatch's own limit).
pub const MAX_FILTER_BYTES: usize = 1024;
/// Events per page of the logs tab.
pub const LOG_PAGE_EVENTS: usize = 200;

/// The logs tab's parameters, as in its URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogsParams {
    /// The time range.
    pub range: RangeParams,
    /// Filter pattern, passed to the log source.
    pub filter: Option<String>,
    /// `older` of the previous page.
    pub before: Option<String>,
    /// Show only this invocation (a permalink).
    pub request: Option<String>,
}

impl LogsParams {
    /// The filter the source is given: the request id of a permalink as a quoted phrase (both
    /// sources match it), else the filter box's text.
    pub fn source_filter(&self) -> Result<Option<String>, AppError> {
        if let Some(id) = self.request.as_deref().map(str::trim).filter(|id| !id.is_empty()) {
            if id.len() > 64 || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Err(AppError::Invalid {
                    field: "request".into(),
                    message: "not a request id: letters, digits and -".into(),
                });
            }
            return Ok(Some(format!("\"{id}\"")));
        }
        let filter = self.filter.as_deref().map(str::trim).filter(|f| !f.is_empty());
        if filter.is_some_and(|f| f.len() > MAX_FILTER_BYTES) {
            return Err(AppError::Invalid {
                field: "filter".into(),
                message: format!("at most {MAX_FILTER_BYTES} bytes"),
            });
        }
        Ok(filter.map(str::to_string))
    }
}

/// A page of function `id`'s log, newest invocation first.
// JSON, not a URL-encoded form: a form drops a nested struct whose fields are all empty.
#[server(endpoint = "function_log_timeline", input = Json)]
pub async fn get_log_timeline(id: i64, params: LogsParams) -> Result<LogTimeline, AppError> {
    use crate::logs::model::LogTimelineRequest;
    use crate::logs::range::LOG_PRESETS;
    let range = params.range.resolve(chrono::Utc::now(), "1h", LOG_PRESETS)?;
    let request = LogTimelineRequest {
        from: range.from,
        to: range.to,
        filter: params.source_filter()?,
        before: params.before.clone(),
        limit: LOG_PAGE_EVENTS,
    };
    crate::backend::expect_backend()?.function_timeline(id, &request).await
}

/// Function `id`'s metrics over a range, per `granularity` (`hour`, `day`, or chosen by length).
#[server(endpoint = "function_metrics", input = Json)]
pub async fn get_function_metrics(
    id: i64,
    range: RangeParams,
    granularity: Option<String>,
) -> Result<FunctionMetrics, AppError> {
    use crate::logs::range::COST_PRESETS;
    let range = range.resolve(chrono::Utc::now(), "7d", COST_PRESETS)?;
    let granularity = match granularity.as_deref().filter(|g| !g.is_empty()) {
        Some(given) => given.to_string(),
        None if range.to - range.from > chrono::Duration::days(7) => "day".into(),
        None => "hour".into(),
    };
    crate::backend::expect_backend()?.function_metrics(id, &granularity, range.from, range.to).await
}
