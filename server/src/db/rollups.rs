//! Roll-ups of invocations per function per hour and day, and the sums pages read from them.
//!
//! Writes add to what is stored (`count = count + excluded.count`), never read-modify-write, so
//! concurrent writers (the puller, the push API) merge instead of overwriting each other.

use sqlx::QueryBuilder;

use super::{Database, DbError, QueryContext, Tx, with_pool, with_tx};
use crate::logs::histogram::DurationHistogram;
use crate::logs::rollup::{Period, Rollup, RollupRow};

/// Rows per multi-row statement: under SQLite's bound-parameter limit.
const CHUNK: usize = 400;

/// What to group costs by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CostGrouping {
    /// Each function.
    Function,
    /// Each service.
    Service,
    /// Each team (functions of services without a team are grouped under none).
    Team,
}

/// One function's sums over the period [`Database::function_costs`] reads, with what the costs
/// page groups and names it by.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct FunctionCost {
    /// The function.
    pub function_id: i64,
    /// The function's name in its service.
    pub function: String,
    /// Its service.
    pub service_id: i64,
    /// The service's name.
    pub service: String,
    /// The service's stage (empty when none).
    pub stage: String,
    /// The service's team, if it has one.
    pub team_id: Option<i64>,
    /// The team's name.
    pub team: Option<String>,
    /// As the manifest says (`x86_64` when absent).
    pub architecture: Option<String>,
    /// The service's region; empty when unknown.
    pub region: String,
    /// Invocations.
    pub invocations: i64,
    /// Errors.
    pub errors: i64,
    /// Sum of Billed Duration, ms.
    pub billed_ms: i64,
    /// Sum of Billed Duration × Memory Size, MB·ms.
    pub billed_mb_ms: i64,
    /// Estimated cost, USD.
    pub cost_usd: f64,
    /// Largest Memory Size, MB.
    pub memory_size_mb: i64,
    /// Largest Max Memory Used, MB.
    pub max_memory_used_mb: i64,
}

#[derive(sqlx::FromRow)]
struct RollupRecord {
    function_id: i64,
    period: String,
    start_ms: i64,
    invocations: i64,
    errors: i64,
    timeouts: i64,
    cold_starts: i64,
    duration_us_sum: i64,
    billed_ms_sum: i64,
    billed_mb_ms: i64,
    max_memory_used_mb: i64,
    memory_size_mb: i64,
    cost_usd: f64,
}

fn unsigned(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

fn signed(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

impl Database {
    /// Adds `rows` to the stored roll-ups in one transaction.
    pub async fn merge_rollups(&self, rows: &[RollupRow]) -> Result<(), DbError> {
        let mut tx = self.begin().await?;
        merge_rollups(&mut tx, rows).await?;
        tx.commit().await
    }

    /// Roll-ups of `function_id` of one period kind whose start is in `[from_ms, to_ms)`, oldest
    /// first, with their histograms.
    pub async fn function_rollups(
        &self,
        function_id: i64,
        period: Period,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<RollupRow>, DbError> {
        let (records, buckets): (Vec<RollupRecord>, Vec<(i64, i64, i64)>) = with_pool!(self, pool => {
            let records = sqlx::query_as(
                "SELECT function_id, period, start_ms, invocations, errors, timeouts, cold_starts, duration_us_sum,
                        billed_ms_sum, billed_mb_ms, max_memory_used_mb, memory_size_mb, cost_usd
                 FROM invocation_rollups
                 WHERE function_id = $1 AND period = $2 AND start_ms >= $3 AND start_ms < $4
                 ORDER BY start_ms",
            )
            .bind(function_id).bind(period.as_str()).bind(from_ms).bind(to_ms)
            .fetch_all(pool).await;
            let buckets = sqlx::query_as(
                "SELECT start_ms, bucket, count FROM duration_buckets
                 WHERE function_id = $1 AND period = $2 AND start_ms >= $3 AND start_ms < $4",
            )
            .bind(function_id).bind(period.as_str()).bind(from_ms).bind(to_ms)
            .fetch_all(pool).await;
            records.and_then(|r| buckets.map(|b| (r, b)))
        })
        .doing("reading a function's roll-ups")?;
        let mut rows: Vec<RollupRow> = records.into_iter().map(row_of).collect();
        for (start_ms, bucket, count) in buckets {
            if let Ok(index) = rows.binary_search_by_key(&start_ms, |row| row.start_ms) {
                rows[index].rollup.histogram.add_bucket(usize::try_from(bucket).unwrap_or(usize::MAX), unsigned(count));
            }
        }
        Ok(rows)
    }

    /// Every function's sums over `period` roll-ups starting in `[from_ms, to_ms)`, for functions
    /// with any, from the covering index `invocation_rollups_costs` alone. Day roll-ups give the
    /// same sums as their hours, from 24 times fewer rows.
    pub async fn function_costs(&self, period: Period, from_ms: i64, to_ms: i64) -> Result<Vec<FunctionCost>, DbError> {
        // Grouping by `+function_id` keeps SQLite from walking the primary key, which would skip
        // through every function's rows instead of reading the period's range.
        with_pool!(self, pool => sqlx::query_as(
            "SELECT a.function_id, f.name AS function, s.id AS service_id, s.name AS service, s.stage,
                    t.id AS team_id, t.name AS team, f.architecture, s.region, a.invocations, a.errors, a.billed_ms,
                    a.billed_mb_ms, a.cost_usd, a.memory_size_mb, a.max_memory_used_mb
             FROM (SELECT +function_id AS function_id,
                          CAST(SUM(invocations) AS BIGINT) AS invocations, CAST(SUM(errors) AS BIGINT) AS errors,
                          CAST(SUM(billed_ms_sum) AS BIGINT) AS billed_ms, CAST(SUM(billed_mb_ms) AS BIGINT) AS billed_mb_ms,
                          SUM(cost_usd) AS cost_usd, CAST(MAX(memory_size_mb) AS BIGINT) AS memory_size_mb,
                          CAST(MAX(max_memory_used_mb) AS BIGINT) AS max_memory_used_mb
                   FROM invocation_rollups
                   WHERE period = $3 AND start_ms >= $1 AND start_ms < $2
                   GROUP BY 1) a
             JOIN functions f ON f.id = a.function_id
             JOIN services s ON s.id = f.service_id
             LEFT JOIN teams t ON t.id = s.team_id",
        )
        .bind(from_ms).bind(to_ms).bind(period.as_str())
        .fetch_all(pool).await)
        .doing("summing costs")
    }

    /// After a bulk load of roll-ups. Postgres: vacuums the table, so the costs index is read
    /// without visiting the table (a freshly loaded heap is not yet marked all-visible), and
    /// refreshes the planner's statistics. SQLite: rebuilds the costs index, which a load that
    /// writes function after function (not time after time, as the puller does) leaves with
    /// half-full pages.
    pub async fn settle_rollups(&self) -> Result<(), DbError> {
        let statement = match self.pool {
            super::Pool::Sqlite(_) => "REINDEX invocation_rollups_costs",
            super::Pool::Postgres(_) => "VACUUM (ANALYZE) invocation_rollups",
        };
        with_pool!(self, pool => sqlx::query(statement).execute(pool).await.map(|_| ())).doing("settling the roll-ups")
    }

    /// A number that grows whenever the roll-ups or the catalog change, in any process: the
    /// sum of two counters that only grow. What a costs page shows is computed from both.
    pub async fn costs_version(&self) -> Result<i64, DbError> {
        with_pool!(self, pool => sqlx::query_scalar(
            "SELECT (SELECT version FROM catalog_version WHERE id = 1) + (SELECT version FROM rollup_version WHERE id = 1)",
        )
        .fetch_one(pool).await)
        .doing("reading the roll-up version")
    }
}

fn row_of(r: RollupRecord) -> RollupRow {
    RollupRow {
        function_id: r.function_id,
        period: if r.period == "day" { Period::Day } else { Period::Hour },
        start_ms: r.start_ms,
        rollup: Rollup {
            invocations: unsigned(r.invocations),
            errors: unsigned(r.errors),
            timeouts: unsigned(r.timeouts),
            cold_starts: unsigned(r.cold_starts),
            duration_us_sum: unsigned(r.duration_us_sum),
            billed_ms_sum: unsigned(r.billed_ms_sum),
            billed_mb_ms: unsigned(r.billed_mb_ms),
            max_memory_used_mb: unsigned(r.max_memory_used_mb),
            memory_size_mb: unsigned(r.memory_size_mb),
            cost_usd: r.cost_usd,
            histogram: DurationHistogram::default(),
        },
    }
}

/// Adds `rows` to the stored roll-ups inside `tx`. Rows must be unique by (function, period,
/// start), as [`crate::logs::rollup::RollupBuilder::rows`] makes them.
pub(crate) async fn merge_rollups(tx: &mut Tx, rows: &[RollupRow]) -> Result<(), DbError> {
    let greatest = match tx {
        Tx::Sqlite(_) => "MAX",
        Tx::Postgres(_) => "GREATEST",
    };
    for chunk in rows.chunks(CHUNK) {
        let upsert = format!(
            " ON CONFLICT (function_id, period, start_ms) DO UPDATE SET
                invocations = invocation_rollups.invocations + excluded.invocations,
                errors = invocation_rollups.errors + excluded.errors,
                timeouts = invocation_rollups.timeouts + excluded.timeouts,
                cold_starts = invocation_rollups.cold_starts + excluded.cold_starts,
                duration_us_sum = invocation_rollups.duration_us_sum + excluded.duration_us_sum,
                billed_ms_sum = invocation_rollups.billed_ms_sum + excluded.billed_ms_sum,
                billed_mb_ms = invocation_rollups.billed_mb_ms + excluded.billed_mb_ms,
                max_memory_used_mb = {greatest}(invocation_rollups.max_memory_used_mb, excluded.max_memory_used_mb),
                memory_size_mb = {greatest}(invocation_rollups.memory_size_mb, excluded.memory_size_mb),
                cost_usd = invocation_rollups.cost_usd + excluded.cost_usd"
        );
        with_tx!(tx, conn => {
            let mut insert = QueryBuilder::new(
                "INSERT INTO invocation_rollups (function_id, period, start_ms, invocations, errors, timeouts,
                 cold_starts, duration_us_sum, billed_ms_sum, billed_mb_ms, max_memory_used_mb, memory_size_mb, cost_usd) ",
            );
            insert.push_values(chunk, |mut row, r| {
                let s = &r.rollup;
                row.push_bind(r.function_id)
                    .push_bind(r.period.as_str())
                    .push_bind(r.start_ms)
                    .push_bind(signed(s.invocations))
                    .push_bind(signed(s.errors))
                    .push_bind(signed(s.timeouts))
                    .push_bind(signed(s.cold_starts))
                    .push_bind(signed(s.duration_us_sum))
                    .push_bind(signed(s.billed_ms_sum))
                    .push_bind(signed(s.billed_mb_ms))
                    .push_bind(signed(s.max_memory_used_mb))
                    .push_bind(signed(s.memory_size_mb))
                    .push_bind(s.cost_usd);
            });
            insert.push(&upsert);
            insert.build().execute(conn).await.map(|_| ())
        })
        .doing("adding to roll-ups")?;
    }
    let buckets: Vec<(i64, &'static str, i64, i64, i64)> = rows
        .iter()
        .flat_map(|r| {
            r.rollup.histogram.nonzero().map(move |(bucket, count)| {
                (r.function_id, r.period.as_str(), r.start_ms, bucket as i64, signed(count))
            })
        })
        .collect();
    for chunk in buckets.chunks(CHUNK) {
        with_tx!(tx, conn => {
            let mut insert = QueryBuilder::new("INSERT INTO duration_buckets (function_id, period, start_ms, bucket, count) ");
            insert.push_values(chunk, |mut row, b| {
                row.push_bind(b.0).push_bind(b.1).push_bind(b.2).push_bind(b.3).push_bind(b.4);
            });
            insert.push(
                " ON CONFLICT (function_id, period, start_ms, bucket) DO UPDATE SET count = duration_buckets.count + excluded.count",
            );
            insert.build().execute(conn).await.map(|_| ())
        })
        .doing("adding to duration histograms")?;
    }
    if !rows.is_empty() {
        with_tx!(tx, conn => {
            sqlx::query("UPDATE rollup_version SET version = version + 1 WHERE id = 1").execute(conn).await.map(|_| ())
        })
        .doing("bumping the roll-up version")?;
    }
    Ok(())
}
