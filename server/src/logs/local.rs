//! The local log source: events pushed to `POST /api/v1/logs`, kept in the catalog database for
//! a configured retention.

use super::filter::parse_filter;
use super::source::MAX_PAGE_EVENTS;
use super::{LogError, LogEvent, LogPage, LogQuery, LogSource, LogTarget};
use crate::db::Database;
use crate::db::logs::{LogFunction, StoredLogEvent, StoredLogQuery};

/// Reads events from the catalog database.
#[derive(Debug, Clone)]
pub struct LocalSource {
    db: Database,
}

impl LocalSource {
    /// A source over `db`.
    pub fn new(db: Database) -> LocalSource {
        LocalSource { db }
    }
}

/// A position in the store, `timestamp_ms:id`, as page tokens carry it; `field` names the
/// parameter in the error.
pub(super) fn parse_position(token: &str, field: &'static str) -> Result<(i64, i64), LogError> {
    token
        .split_once(':')
        .and_then(|(timestamp, id)| Some((timestamp.parse().ok()?, id.parse().ok()?)))
        .ok_or(LogError::InvalidQuery { field, message: "not a token of this log; pass the token as returned".into() })
}

/// At most `limit` of `rows` (read one more than `limit`) as events, and the position of the
/// last one kept when more remain.
pub(super) fn into_page(mut rows: Vec<StoredLogEvent>, limit: usize) -> (Vec<LogEvent>, Option<String>) {
    let more = rows.len() > limit;
    rows.truncate(limit);
    let token = if more { rows.last().map(|row| format!("{}:{}", row.timestamp_ms, row.id)) } else { None };
    let events = rows
        .into_iter()
        .map(|row| LogEvent {
            event_id: row.id.to_string(),
            timestamp_ms: row.timestamp_ms,
            ingestion_ms: Some(row.ingested_ms),
            stream: row.stream,
            message: row.message,
        })
        .collect();
    (events, token)
}

#[async_trait::async_trait]
impl LogSource for LocalSource {
    fn name(&self) -> &'static str {
        "local"
    }

    /// Pushed events are stored by function, so every function has a log here, with no group.
    fn target(&self, function: &LogFunction, _default_region: &str) -> Option<LogTarget> {
        Some(LogTarget {
            function_id: function.id,
            region: String::new(),
            log_group: String::new(),
            stream_function: None,
        })
    }

    /// Read newest first by position in the store, not in slices.
    async fn newest(
        &self,
        target: &LogTarget,
        from_ms: i64,
        to_ms: i64,
        filter: Option<&str>,
        before: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<LogEvent>, Option<String>), LogError> {
        super::newest::local(&self.db, target.function_id, from_ms, to_ms, filter, before, limit).await
    }

    async fn fetch(&self, target: &LogTarget, query: &LogQuery) -> Result<LogPage, LogError> {
        let terms = parse_filter(query.filter.as_deref().unwrap_or(""))?;
        let after = query.next_token.as_deref().map(|token| parse_position(token, "next_token")).transpose()?;
        let limit = query.limit.clamp(1, MAX_PAGE_EVENTS);
        let stored = StoredLogQuery {
            start_ms: query.start_ms,
            end_ms: query.end_ms,
            after,
            before: None,
            newest_first: false,
            terms: &terms,
            limit: limit as i64 + 1,
        };
        let rows = self.db.stored_log_events(target.function_id, &stored).await.map_err(|error| {
            tracing::error!(%error, "reading the local log store");
            LogError::Storage
        })?;
        let (events, next_token) = into_page(rows, limit);
        Ok(LogPage { events, next_token })
    }
}
