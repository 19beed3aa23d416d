//! Reading a log newest first, for the logs page's "load more": natively from the local store,
//! and by walking back in time slices over sources that only read oldest first (CloudWatch's
//! FilterLogEvents).

use super::filter::parse_filter;
use super::local::{into_page, parse_position};
use super::{LogError, LogEvent, LogQuery, LogSource, LogTarget};
use crate::db::Database;
use crate::db::logs::StoredLogQuery;

/// First time slice read back from the end of the range, ms; each further slice is 4× longer.
const FIRST_SLICE_MS: i64 = 5 * 60_000;
/// Most source calls one page makes: bounds how long a page waits on CloudWatch.
const MAX_CALLS: usize = 8;

fn invalid_before() -> LogError {
    LogError::InvalidQuery {
        field: "before",
        message: "not a position in this log; follow the Load more link instead".into(),
    }
}

fn storage(error: crate::db::DbError) -> LogError {
    tracing::error!(%error, "reading the local log store");
    LogError::Storage
}

/// The newest `limit` stored events of `function_id` in `[from_ms, to_ms]` before the `before`
/// position (`timestamp_ms:id`), and the position of the oldest one when more remain.
pub async fn local(
    db: &Database,
    function_id: i64,
    from_ms: i64,
    to_ms: i64,
    filter: Option<&str>,
    before: Option<&str>,
    limit: usize,
) -> Result<(Vec<LogEvent>, Option<String>), LogError> {
    let terms = parse_filter(filter.unwrap_or(""))?;
    let before = before.map(|token| parse_position(token, "before")).transpose()?;
    let query = StoredLogQuery {
        start_ms: Some(from_ms),
        end_ms: Some(to_ms),
        after: None,
        before,
        newest_first: true,
        terms: &terms,
        limit: limit as i64 + 1,
    };
    let rows = db.stored_log_events(function_id, &query).await.map_err(storage)?;
    Ok(into_page(rows, limit))
}

/// About the newest `limit` events of `target` in `[from_ms, to_ms]` older than `before` (epoch
/// ms, exclusive), read oldest first in slices walking back from the end, and where the next page
/// ends. A page ends on a millisecond boundary, so events sharing a millisecond are never split.
pub async fn sliced<S: LogSource + ?Sized>(
    source: &S,
    target: &LogTarget,
    from_ms: i64,
    to_ms: i64,
    filter: Option<&str>,
    before: Option<&str>,
    limit: usize,
) -> Result<(Vec<LogEvent>, Option<String>), LogError> {
    let mut end = match before {
        Some(token) => token.parse::<i64>().map_err(|_| invalid_before())?.min(to_ms + 1),
        None => to_ms + 1,
    };
    let mut slice = FIRST_SLICE_MS;
    let mut calls = 0;
    let mut events: Vec<LogEvent> = Vec::new();
    let mut reached_start = false;
    while events.len() < limit && calls < MAX_CALLS {
        let start = (end - slice).max(from_ms);
        let mut next_token = None;
        loop {
            let query = LogQuery {
                start_ms: Some(start),
                end_ms: Some(end - 1),
                filter: filter.map(str::to_string),
                limit: 1000,
                next_token: next_token.take(),
            };
            let page = source.fetch(target, &query).await?;
            calls += 1;
            events.extend(page.events);
            next_token = page.next_token;
            if next_token.is_none() || calls >= MAX_CALLS {
                break;
            }
        }
        end = start;
        slice *= 4;
        if start <= from_ms {
            reached_start = true;
            break;
        }
    }
    events.sort_by(|a, b| b.timestamp_ms.cmp(&a.timestamp_ms));
    let mut older = (!reached_start).then(|| end.to_string());
    if events.len() > limit {
        let cut = events[limit - 1].timestamp_ms;
        let keep = events.iter().take_while(|e| e.timestamp_ms > cut).count();
        let keep = if keep == 0 { events.iter().take_while(|e| e.timestamp_ms >= cut).count() } else { keep };
        let boundary = events[keep - 1].timestamp_ms;
        events.truncate(keep);
        older = Some(boundary.to_string());
    }
    Ok((events, older))
}
