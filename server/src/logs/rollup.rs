//! Roll-ups: per function, per UTC hour and per UTC day, the sums pages show, so no page ever
//! rescans raw logs. Every field is a sum, a maximum or a histogram, so roll-ups of any set of
//! hours merge into the roll-up of their union.

use std::collections::HashMap;

use super::cost::{Architecture, Prices, billed_gb_seconds};
use super::histogram::DurationHistogram;
use super::report::{InvocationReport, InvocationStatus, LogLine, ReportError, classify};

/// One hour, in ms.
pub const HOUR_MS: i64 = 3_600_000;
/// One day, in ms.
pub const DAY_MS: i64 = 24 * HOUR_MS;

/// The span one roll-up covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// A UTC hour.
    Hour,
    /// A UTC day.
    Day,
}

impl Period {
    /// The name stored in the database: `hour` or `day`.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Hour => "hour",
            Period::Day => "day",
        }
    }

    /// Its length, in ms.
    pub fn millis(self) -> i64 {
        match self {
            Period::Hour => HOUR_MS,
            Period::Day => DAY_MS,
        }
    }

    /// The start (epoch ms) of the period holding `timestamp_ms`.
    pub fn start_of(self, timestamp_ms: i64) -> i64 {
        timestamp_ms.div_euclid(self.millis()) * self.millis()
    }
}

/// Sums over the invocations of one function in one period.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rollup {
    /// REPORT lines seen.
    pub invocations: u64,
    /// Invocations that logged an ERROR line or ended with status `error`.
    pub errors: u64,
    /// Invocations that timed out.
    pub timeouts: u64,
    /// Invocations with an Init Duration.
    pub cold_starts: u64,
    /// Sum of Duration, in µs.
    pub duration_us_sum: u64,
    /// Sum of Billed Duration, in ms.
    pub billed_ms_sum: u64,
    /// Sum of Billed Duration × Memory Size, in MB·ms (exact; GB-seconds are derived).
    pub billed_mb_ms: u64,
    /// Largest Max Memory Used, in MB.
    pub max_memory_used_mb: u64,
    /// Largest Memory Size, in MB.
    pub memory_size_mb: u64,
    /// Estimated cost at list price, in USD.
    pub cost_usd: f64,
    /// Durations.
    pub histogram: DurationHistogram,
}

impl Rollup {
    /// Counts one invocation's report, priced with `prices` for `architecture`.
    pub fn add_report(&mut self, report: &InvocationReport<'_>, architecture: Architecture, prices: &Prices) {
        self.invocations += 1;
        self.cold_starts += u64::from(report.cold_start());
        self.duration_us_sum += report.duration_us;
        self.billed_ms_sum += report.billed_duration_ms;
        self.billed_mb_ms += report.billed_duration_ms * report.memory_size_mb;
        self.max_memory_used_mb = self.max_memory_used_mb.max(report.max_memory_used_mb);
        self.memory_size_mb = self.memory_size_mb.max(report.memory_size_mb);
        self.cost_usd += prices.invocation_cost(architecture, report.billed_duration_ms, report.memory_size_mb);
        self.histogram.add(report.duration_us);
    }

    /// Adds every sum of `other`.
    pub fn merge(&mut self, other: &Rollup) {
        self.invocations += other.invocations;
        self.errors += other.errors;
        self.timeouts += other.timeouts;
        self.cold_starts += other.cold_starts;
        self.duration_us_sum += other.duration_us_sum;
        self.billed_ms_sum += other.billed_ms_sum;
        self.billed_mb_ms += other.billed_mb_ms;
        self.max_memory_used_mb = self.max_memory_used_mb.max(other.max_memory_used_mb);
        self.memory_size_mb = self.memory_size_mb.max(other.memory_size_mb);
        self.cost_usd += other.cost_usd;
        self.histogram.merge(&other.histogram);
    }

    /// Billed GB-seconds.
    pub fn billed_gb_seconds(&self) -> f64 {
        billed_gb_seconds(self.billed_mb_ms, 1) // MB·ms at "1 MB" is the same division
    }
}

/// The roll-up of one function in one period.
#[derive(Debug, Clone, PartialEq)]
pub struct RollupRow {
    /// The catalog function.
    pub function_id: i64,
    /// Hour or day.
    pub period: Period,
    /// Start of the period, epoch ms (UTC).
    pub start_ms: i64,
    /// The sums.
    pub rollup: Rollup,
}

/// How to price one function's invocations.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pricing {
    /// The function's architecture.
    pub architecture: Architecture,
    /// Prices of its region.
    pub prices: Prices,
}

/// Remembers the last request id counted for one kind of outcome, so one invocation that logs
/// several ERROR lines (or a timeout line and a timeout REPORT) counts once. No allocation.
#[derive(Debug, Clone, Copy)]
struct LastRequest {
    id: [u8; 64],
    len: usize,
}

impl LastRequest {
    const EMPTY: LastRequest = LastRequest { id: [0; 64], len: 0 };

    /// Whether `id` is new; remembers it. An unknown (empty) id is always new.
    fn is_new(&mut self, id: &str) -> bool {
        let bytes = id.as_bytes();
        if bytes.is_empty() {
            return true;
        }
        if self.len == bytes.len().min(64) && self.id[..self.len] == bytes[..self.len] {
            return false;
        }
        self.len = bytes.len().min(64);
        self.id[..self.len].copy_from_slice(&bytes[..self.len]);
        true
    }
}

/// Accumulates hourly roll-ups from log events, in any order; days are derived from hours.
#[derive(Debug, Clone)]
pub struct RollupBuilder {
    hours: HashMap<(i64, i64), Rollup>,
    last_error: LastRequest,
    last_timeout: LastRequest,
    /// REPORT lines that could not be read, counted and skipped.
    pub malformed_reports: u64,
}

impl Default for RollupBuilder {
    fn default() -> Self {
        RollupBuilder {
            hours: HashMap::new(),
            last_error: LastRequest::EMPTY,
            last_timeout: LastRequest::EMPTY,
            malformed_reports: 0,
        }
    }
}

impl RollupBuilder {
    /// Counts one log event of `function_id` logged at `timestamp_ms`. A malformed REPORT line is
    /// counted in `malformed_reports` and returned as the error; nothing else fails.
    pub fn add_event(
        &mut self,
        function_id: i64,
        pricing: &Pricing,
        timestamp_ms: i64,
        message: &str,
    ) -> Result<(), ReportError> {
        let line = classify(message).inspect_err(|_| self.malformed_reports += 1)?;
        let hour = Period::Hour.start_of(timestamp_ms);
        match line {
            LogLine::Report(report) => {
                let (count_error, count_timeout) = match report.status {
                    InvocationStatus::Error => (self.last_error.is_new(report.request_id), false),
                    InvocationStatus::Timeout => (false, self.last_timeout.is_new(report.request_id)),
                    InvocationStatus::Success => (false, false),
                };
                let rollup = self.hours.entry((function_id, hour)).or_default();
                rollup.add_report(&report, pricing.architecture, &pricing.prices);
                rollup.errors += u64::from(count_error);
                rollup.timeouts += u64::from(count_timeout);
            }
            LogLine::Error(request_id) if self.last_error.is_new(request_id) => {
                self.hours.entry((function_id, hour)).or_default().errors += 1;
            }
            LogLine::Timeout(request_id) if self.last_timeout.is_new(request_id) => {
                self.hours.entry((function_id, hour)).or_default().timeouts += 1;
            }
            _ => {}
        }
        Ok(())
    }

    /// Whether nothing was counted.
    pub fn is_empty(&self) -> bool {
        self.hours.is_empty()
    }

    /// The sum over every hour and function.
    pub fn total(&self) -> Rollup {
        let mut total = Rollup::default();
        for rollup in self.hours.values() {
            total.merge(rollup);
        }
        total
    }

    /// Hour rows, then the day rows made from them, ordered by function, period and start.
    pub fn rows(&self) -> Vec<RollupRow> {
        let mut days: HashMap<(i64, i64), Rollup> = HashMap::new();
        let mut rows = Vec::with_capacity(self.hours.len() * 2);
        for (&(function_id, start_ms), rollup) in &self.hours {
            days.entry((function_id, Period::Day.start_of(start_ms))).or_default().merge(rollup);
            rows.push(RollupRow { function_id, period: Period::Hour, start_ms, rollup: rollup.clone() });
        }
        rows.extend(days.into_iter().map(|((function_id, start_ms), rollup)| RollupRow {
            function_id,
            period: Period::Day,
            start_ms,
            rollup,
        }));
        rows.sort_by_key(|row| (row.function_id, row.period, row.start_ms));
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PRICING: Pricing = Pricing { architecture: Architecture::X86_64, prices: Prices::US_EAST_1 };
    const T0: i64 = 1_795_000_000_000; // 2026-11-18T11:06:40Z

    fn report(id: &str, ms: &str, billed: u64, extra: &str) -> String {
        format!(
            "REPORT RequestId: {id}\tDuration: {ms} ms\tBilled Duration: {billed} ms\tMemory Size: 1024 MB\tMax Memory Used: 70 MB\t{extra}"
        )
    }

    #[test]
    fn hours_and_days_sum_invocations_errors_timeouts_and_cold_starts_once_each() {
        let mut builder = RollupBuilder::default();
        let events = [
            (T0, "START RequestId: a Version: $LATEST".to_string()),
            (T0, "2026-11-19T00:00:00.000Z\ta\tERROR\tfirst".to_string()),
            (T0, "2026-11-19T00:00:00.000Z\ta\tERROR\tsecond, same invocation".to_string()),
            (T0, report("a", "10.50", 200, "Init Duration: 150.00 ms\tStatus: error")),
            (T0 + 1, "2026-11-19T00:00:03.000Z b Task timed out after 3.00 seconds".to_string()),
            (T0 + 1, report("b", "3000.00", 3000, "Status: timeout")),
            (T0 + HOUR_MS, report("c", "1.25", 2, "")),
        ];
        for (ts, message) in &events {
            builder.add_event(7, &PRICING, *ts, message).unwrap();
        }
        assert!(builder.add_event(7, &PRICING, T0, "REPORT RequestId: x\tDuration: x ms").is_err());
        assert_eq!(builder.malformed_reports, 1);
        let total = builder.total();
        assert_eq!((total.invocations, total.errors, total.timeouts, total.cold_starts), (3, 1, 1, 1));
        assert_eq!((total.duration_us_sum, total.billed_ms_sum, total.billed_mb_ms), (3_011_750, 3202, 3202 * 1024));
        assert!((total.billed_gb_seconds() - 3.202).abs() < 1e-12);
        let expected_cost = 3.0 * 0.0000002 + 3.202 * 0.0000166667;
        assert!((total.cost_usd - expected_cost).abs() < 1e-15, "{}", total.cost_usd);

        let rows = builder.rows();
        let hours: Vec<_> = rows.iter().filter(|r| r.period == Period::Hour).collect();
        let days: Vec<_> = rows.iter().filter(|r| r.period == Period::Day).collect();
        assert_eq!(hours.len(), 2);
        assert_eq!(days.len(), 1, "both hours fall on one day");
        assert_eq!(days[0].rollup.invocations, 3);
        assert_eq!(days[0].start_ms % DAY_MS, 0);
    }
}
