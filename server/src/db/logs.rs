//! The local log store (events pushed over HTTP), the functions logs belong to, and the puller's
//! cursor per log group.

use sqlx::QueryBuilder;

use super::rollups::merge_rollups;
use super::{Database, DbError, QueryContext, with_pool, with_tx};
use crate::logs::filter::FilterTerm;
use crate::logs::rollup::RollupRow;

/// Rows per multi-row insert: 5 binds each, well under SQLite's limit.
const CHUNK: usize = 1000;

/// What logs and prices need to know about a catalog function.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LogFunction {
    /// Function id.
    pub id: i64,
    /// Name deployed to AWS, if known.
    pub deployed_name: Option<String>,
    /// The log group the manifest names, when not the default.
    pub log_group: Option<String>,
    /// Its service's region; empty when unknown.
    pub region: String,
    /// `x86_64` or `arm64`, as the manifest says.
    pub architecture: Option<String>,
    /// Memory size in MB, as the manifest says.
    pub memory_mb: Option<i64>,
    /// Timeout in seconds, as the manifest says.
    pub timeout_s: Option<i64>,
    /// Runtime, e.g. `nodejs20.x`.
    pub runtime: Option<String>,
}

/// An event to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLogEvent {
    /// The catalog function.
    pub function_id: i64,
    /// When it was logged, epoch ms.
    pub timestamp_ms: i64,
    /// Log stream, if the sender said.
    pub stream: Option<String>,
    /// The message.
    pub message: String,
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredLogEvent {
    /// Row id.
    pub id: i64,
    /// When it was logged, epoch ms.
    pub timestamp_ms: i64,
    /// When Switchboard received it, epoch ms.
    pub ingested_ms: i64,
    /// Log stream.
    pub stream: Option<String>,
    /// The message.
    pub message: String,
}

/// Which stored events to read: oldest first after a keyset position, or newest first before one.
#[derive(Debug, Clone, Default)]
pub struct StoredLogQuery<'a> {
    /// Oldest time, epoch ms, inclusive.
    pub start_ms: Option<i64>,
    /// Newest time, epoch ms, inclusive.
    pub end_ms: Option<i64>,
    /// Continue after this (timestamp_ms, id).
    pub after: Option<(i64, i64)>,
    /// Continue before this (timestamp_ms, id).
    pub before: Option<(i64, i64)>,
    /// Newest first instead of oldest first.
    pub newest_first: bool,
    /// Terms every message must (or must not) contain.
    pub terms: &'a [FilterTerm],
    /// At most this many rows.
    pub limit: i64,
}

/// Where the puller stopped in one log group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogCursor {
    /// Region of the log group.
    pub region: String,
    /// The log group.
    pub log_group: String,
    /// The function it belongs to.
    pub function_id: i64,
    /// Newest event time counted, epoch ms; the next pull starts here.
    pub after_ms: i64,
    /// Ids of the events at `after_ms` already counted.
    pub seen_event_ids: Vec<String>,
}

const FUNCTION_COLUMNS: &str =
    "SELECT f.id, f.deployed_name, f.log_group, s.region, f.architecture, f.memory_mb, f.timeout_s,
        COALESCE(f.runtime, s.runtime) AS runtime
     FROM functions f JOIN services s ON s.id = f.service_id";

impl Database {
    /// The function with `id` (removed ones included), or `None`.
    pub async fn log_function(&self, id: i64) -> Result<Option<LogFunction>, DbError> {
        let sql = format!("{FUNCTION_COLUMNS} WHERE f.id = $1");
        with_pool!(self, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await).doing("reading a function")
    }

    /// Current functions deployed under any of `names`, with their deployed name.
    pub async fn log_functions_named(&self, names: &[&str]) -> Result<Vec<LogFunction>, DbError> {
        let mut found = Vec::new();
        for chunk in names.chunks(CHUNK) {
            let rows: Vec<LogFunction> = with_pool!(self, pool => {
                let mut select = QueryBuilder::new(format!("{FUNCTION_COLUMNS} WHERE f.removed_at IS NULL AND f.deployed_name IN ("));
                let mut list = select.separated(", ");
                for name in chunk {
                    list.push_bind(*name);
                }
                select.push(")");
                select.build_query_as().fetch_all(pool).await
            })
            .doing("looking functions up by deployed name")?;
            found.extend(rows);
        }
        Ok(found)
    }

    /// Every current function with a deployed name or a log group, by id: what the puller reads.
    pub async fn pullable_functions(&self) -> Result<Vec<LogFunction>, DbError> {
        let sql = format!(
            "{FUNCTION_COLUMNS} WHERE f.removed_at IS NULL AND (f.deployed_name IS NOT NULL OR f.log_group IS NOT NULL) ORDER BY f.id"
        );
        with_pool!(self, pool => sqlx::query_as(&sql).fetch_all(pool).await).doing("listing functions to pull logs of")
    }

    /// Stores `events` (received at `ingested_ms`) and adds `rollups`, in one transaction.
    pub async fn store_log_events(
        &self,
        events: &[NewLogEvent],
        ingested_ms: i64,
        rollups: &[RollupRow],
    ) -> Result<(), DbError> {
        let mut tx = self.begin().await?;
        for chunk in events.chunks(CHUNK) {
            with_tx!(&mut tx, conn => {
                let mut insert =
                    QueryBuilder::new("INSERT INTO log_events (function_id, timestamp_ms, ingested_ms, stream, message) ");
                insert.push_values(chunk, |mut row, e| {
                    row.push_bind(e.function_id)
                        .push_bind(e.timestamp_ms)
                        .push_bind(ingested_ms)
                        .push_bind(&e.stream)
                        .push_bind(&e.message);
                });
                insert.build().execute(conn).await.map(|_| ())
            })
            .doing("storing log events")?;
        }
        merge_rollups(&mut tx, rollups).await?;
        tx.commit().await
    }

    /// Stored events of `function_id` matching `query`, oldest (or newest) first.
    pub async fn stored_log_events(
        &self,
        function_id: i64,
        query: &StoredLogQuery<'_>,
    ) -> Result<Vec<StoredLogEvent>, DbError> {
        let contains = match self.backend() {
            super::Backend::Sqlite => "instr(message, ",
            super::Backend::Postgres => "strpos(message, ",
        };
        with_pool!(self, pool => {
            let mut select = QueryBuilder::new(
                "SELECT id, timestamp_ms, ingested_ms, stream, message FROM log_events WHERE function_id = ",
            );
            select.push_bind(function_id);
            if let Some(start) = query.start_ms {
                select.push(" AND timestamp_ms >= ").push_bind(start);
            }
            if let Some(end) = query.end_ms {
                select.push(" AND timestamp_ms <= ").push_bind(end);
            }
            if let Some((timestamp, id)) = query.after {
                select.push(" AND (timestamp_ms > ").push_bind(timestamp);
                select.push(" OR (timestamp_ms = ").push_bind(timestamp).push(" AND id > ").push_bind(id).push("))");
            }
            if let Some((timestamp, id)) = query.before {
                select.push(" AND (timestamp_ms < ").push_bind(timestamp);
                select.push(" OR (timestamp_ms = ").push_bind(timestamp).push(" AND id < ").push_bind(id).push("))");
            }
            for term in query.terms {
                // instr/strpos are case-sensitive on both backends, as CloudWatch terms are;
                // LIKE is not (SQLite folds ASCII case).
                select.push(" AND ").push(contains).push_bind(term.text.as_str());
                select.push(if term.exclude { ") = 0" } else { ") > 0" });
            }
            select.push(if query.newest_first { " ORDER BY timestamp_ms DESC, id DESC LIMIT " } else { " ORDER BY timestamp_ms, id LIMIT " });
            select.push_bind(query.limit);
            select.build_query_as().fetch_all(pool).await
        })
        .doing("reading stored log events")
    }

    /// Whether any log event is stored.
    pub async fn has_log_events(&self) -> Result<bool, DbError> {
        let any: Option<i64> = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT id FROM log_events LIMIT 1").fetch_optional(pool).await
        })
        .doing("checking for stored log events")?;
        Ok(any.is_some())
    }

    /// Deletes stored events logged before `cutoff_ms`; returns how many.
    pub async fn delete_log_events_before(&self, cutoff_ms: i64) -> Result<u64, DbError> {
        with_pool!(self, pool => {
            sqlx::query("DELETE FROM log_events WHERE timestamp_ms < $1").bind(cutoff_ms).execute(pool).await
                .map(|done| done.rows_affected())
        })
        .doing("deleting expired log events")
    }

    /// The puller's cursor for a function's log group, if it has pulled it before. Functions
    /// sharing a log group each have their own.
    pub async fn log_cursor(
        &self,
        region: &str,
        log_group: &str,
        function_id: i64,
    ) -> Result<Option<LogCursor>, DbError> {
        let row: Option<(i64, String)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT after_ms, seen_event_ids FROM log_cursors WHERE region = $1 AND log_group = $2 AND function_id = $3",
            )
            .bind(region).bind(log_group).bind(function_id).fetch_optional(pool).await
        })
        .doing("reading a log cursor")?;
        Ok(row.map(|(after_ms, seen)| LogCursor {
            region: region.to_string(),
            log_group: log_group.to_string(),
            function_id,
            after_ms,
            seen_event_ids: serde_json::from_str(&seen).unwrap_or_default(),
        }))
    }

    /// Moves a log group's cursor and adds what was counted since, in one transaction, so a
    /// crash between the two can neither count events twice nor lose them.
    pub async fn advance_log_cursor(
        &self,
        cursor: &LogCursor,
        now_ms: i64,
        rollups: &[RollupRow],
    ) -> Result<(), DbError> {
        let seen = serde_json::to_string(&cursor.seen_event_ids).unwrap_or_else(|_| "[]".into());
        let mut tx = self.begin().await?;
        with_tx!(&mut tx, conn => {
            sqlx::query(
                "INSERT INTO log_cursors (region, log_group, function_id, after_ms, seen_event_ids, updated_ms)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (region, log_group, function_id) DO UPDATE SET after_ms = excluded.after_ms,
                    seen_event_ids = excluded.seen_event_ids, updated_ms = excluded.updated_ms",
            )
            .bind(&cursor.region).bind(&cursor.log_group).bind(cursor.function_id).bind(cursor.after_ms)
            .bind(&seen).bind(now_ms)
            .execute(conn).await.map(|_| ())
        })
        .doing("saving a log cursor")?;
        merge_rollups(&mut tx, rollups).await?;
        tx.commit().await
    }
}
