//! Synthetic roll-ups for benchmarks: a given number of invocations spread over every current
//! function's hours and days, written through the storage layer as the puller writes them. No
//! log events are generated, so this takes seconds for millions of invocations.

use crate::db::{Database, DbError};
use crate::logs::cost::{Architecture, PriceTable};
use crate::logs::rollup::{HOUR_MS, Period, Rollup, RollupRow};

/// Roll-up rows written per transaction.
const BATCH: usize = 20_000;

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FilledRollups {
    /// Functions given roll-ups.
    pub functions: usize,
    /// Hourly rows written (daily rows are written beside them).
    pub hour_rows: usize,
    /// Invocations they represent.
    pub invocations: u64,
}

/// Adds roll-ups totalling `invocations` over the `days` days before `now_ms`, spread over every
/// current function with a deployed name (even shares, varied per function and hour).
pub async fn fill(
    db: &Database,
    prices: &PriceTable,
    invocations: u64,
    days: i64,
    now_ms: i64,
) -> Result<FilledRollups, DbError> {
    let functions = db.pullable_functions().await?;
    let hours = days.max(1) * 24;
    let first_hour = Period::Hour.start_of(now_ms) - (hours - 1) * HOUR_MS;
    let slots = (functions.len() as u64 * hours as u64).max(1);
    let (share, mut remainder) = (invocations / slots, invocations % slots);
    let mut written = FilledRollups { functions: functions.len(), hour_rows: 0, invocations: 0 };
    let mut rows = Vec::with_capacity(BATCH + 64);
    for function in &functions {
        let architecture = Architecture::from_manifest(function.architecture.as_deref());
        let price = prices.for_region(&function.region);
        let memory = function.memory_mb.filter(|m| *m > 0).unwrap_or(1024) as u64;
        // Each function has its own typical duration (15 to 400 ms) and peak memory share.
        let duration_ms = 15 + (function.id as u64 * 37) % 385;
        let used = memory * (20 + (function.id as u64 * 13) % 70) / 100;
        let mut day = Rollup::default();
        for hour in 0..hours {
            let extra = u64::from(remainder > 0);
            remainder -= extra;
            let count = share + extra;
            if count == 0 {
                continue;
            }
            let billed_ms = count * duration_ms;
            let rollup = Rollup {
                invocations: count,
                errors: count / 50,
                timeouts: count / 500,
                cold_starts: count / 20,
                duration_us_sum: billed_ms * 1000,
                billed_ms_sum: billed_ms,
                billed_mb_ms: billed_ms * memory,
                max_memory_used_mb: used,
                memory_size_mb: memory,
                cost_usd: count as f64 * price.per_request()
                    + (billed_ms * memory) as f64 / 1024.0 / 1000.0 * price.gb_second(architecture),
                ..Rollup::default()
            };
            let start_ms = first_hour + hour * HOUR_MS;
            day.merge(&rollup);
            rows.push(RollupRow { function_id: function.id, period: Period::Hour, start_ms, rollup });
            written.hour_rows += 1;
            written.invocations += count;
            let day_ends =
                hour + 1 == hours || Period::Day.start_of(start_ms + HOUR_MS) != Period::Day.start_of(start_ms);
            if day_ends {
                let start = Period::Day.start_of(start_ms);
                rows.push(RollupRow {
                    function_id: function.id,
                    period: Period::Day,
                    start_ms: start,
                    rollup: std::mem::take(&mut day),
                });
            }
            if rows.len() >= BATCH {
                db.merge_rollups(&rows).await?;
                rows.clear();
            }
        }
    }
    db.merge_rollups(&rows).await?;
    db.settle_rollups().await?;
    Ok(written)
}
