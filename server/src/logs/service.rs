//! What the REST API and the pages ask of logs: a function's log page, its metrics, cost
//! rankings, and storing pushed events. One place, so both surfaces behave the same.

use std::collections::HashMap;
use std::sync::Arc;

use app::logs::model::CostsOverview;
use app::logs::model::{CostLine, CostReport, FunctionMetrics, LogLine, LogLines, LogTimeline, MetricsPoint};
use chrono::{DateTime, TimeZone, Utc};

use super::cost::{Architecture, PriceTable};
use super::ranking::rank;
use super::rollup::{Period, Pricing, Rollup, RollupBuilder};
use super::{LogError, LogQuery, LogSource, LogTarget};
use crate::catalog_cache::VersionedCache;
use crate::db::logs::{LogFunction, NewLogEvent};
use crate::db::rollups::CostGrouping;
use crate::db::{Database, DbError};

/// Why a log request failed.
#[derive(Debug, thiserror::Error)]
pub enum LogsFailure {
    /// No function with that id.
    #[error("function {0} was not found")]
    NoSuchFunction(i64),
    /// The function has no deployed name, so it has no log group.
    #[error("function {0} has no deployed name, so Switchboard cannot tell its log group")]
    NoLogGroup(i64),
    /// The log source failed.
    #[error(transparent)]
    Source(#[from] LogError),
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Logs, metrics and costs over one database and one log source.
#[derive(Clone)]
pub struct Logs {
    db: Database,
    source: Arc<dyn LogSource>,
    prices: PriceTable,
    default_region: String,
    /// Costs pages by (grouping, from, to, lines), until the roll-ups or the catalog change.
    costs_pages: Arc<VersionedCache<CostsKey, CostsOverview>>,
}

/// What a costs page is computed from: grouping, period (epoch ms) and how many lines.
type CostsKey = (CostGrouping, i64, i64, usize);

/// Costs pages kept, at most: periods are aligned to hours and days, so people share few.
const COSTS_PAGES_KEPT: usize = 64;

/// A pushed event, validated, for a function named by its deployed name.
#[derive(Debug, Clone)]
pub struct PushedEvent {
    /// Index of the record in the request, for errors.
    pub index: usize,
    /// The function's deployed name.
    pub function: String,
    /// When it was logged, epoch ms.
    pub timestamp_ms: i64,
    /// Log stream, if given.
    pub stream: Option<String>,
    /// The message.
    pub message: String,
}

/// What storing pushed events did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct PushSummary {
    /// Events stored.
    pub accepted: usize,
    /// Invocations (REPORT lines) among them.
    pub invocations: u64,
    /// REPORT lines that could not be read (stored, not counted).
    pub malformed_reports: u64,
}

/// A pushed record naming a function the catalog does not know, or knows several of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFunction {
    /// Index of the record.
    pub index: usize,
    /// What is wrong.
    pub message: String,
}

fn at(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

impl Logs {
    /// Logs read from `source`, roll-ups and events stored in `db`.
    pub fn new(db: Database, source: Arc<dyn LogSource>, prices: PriceTable, default_region: String) -> Logs {
        Logs { db, source, prices, default_region, costs_pages: Arc::new(VersionedCache::new(COSTS_PAGES_KEPT)) }
    }

    /// The log source's name.
    pub fn source_name(&self) -> &'static str {
        self.source.name()
    }

    fn target(&self, function: &LogFunction) -> Option<LogTarget> {
        self.source.target(function, &self.default_region)
    }

    fn pricing(&self, function: &LogFunction) -> Pricing {
        let region = if function.region.is_empty() { self.default_region.as_str() } else { function.region.as_str() };
        Pricing {
            architecture: Architecture::from_manifest(function.architecture.as_deref()),
            prices: self.prices.for_region(region),
        }
    }

    /// One page of function `id`'s log.
    pub async fn function_logs(&self, id: i64, query: &LogQuery) -> Result<LogLines, LogsFailure> {
        let function = self.db.log_function(id).await?.ok_or(LogsFailure::NoSuchFunction(id))?;
        let target = self.target(&function).ok_or(LogsFailure::NoLogGroup(id))?;
        let page = self.source.fetch(&target, query).await?;
        let events = page
            .events
            .into_iter()
            .map(|e| LogLine {
                event_id: e.event_id,
                timestamp: at(e.timestamp_ms),
                ingestion_time: e.ingestion_ms.map(at),
                stream: e.stream,
                message: e.message,
            })
            .collect();
        Ok(LogLines {
            source: self.source.name().into(),
            log_group: target.log_group,
            events,
            next_token: page.next_token,
        })
    }

    /// A page of function `id`'s log in `[from_ms, to_ms]`, newest first, grouped by invocation.
    /// `before` is the `older` token of the previous page.
    pub async fn function_timeline(
        &self,
        id: i64,
        from_ms: i64,
        to_ms: i64,
        filter: Option<&str>,
        before: Option<&str>,
        limit: usize,
    ) -> Result<LogTimeline, LogsFailure> {
        let function = self.db.log_function(id).await?.ok_or(LogsFailure::NoSuchFunction(id))?;
        let limit = limit.clamp(1, 1000);
        let filter = filter.map(str::trim).filter(|f| !f.is_empty());
        let target = self.target(&function).ok_or(LogsFailure::NoLogGroup(id))?;
        let (events, older) = self.source.newest(&target, from_ms, to_ms, filter, before, limit).await?;
        Ok(LogTimeline {
            source: self.source.name().into(),
            log_group: target.log_group,
            invocations: super::timeline::group_by_invocation(events),
            older,
            from_ms,
            to_ms,
        })
    }

    /// Function `id`'s metrics per `period` over `[from_ms, to_ms)`; `None` if no such function.
    pub async fn function_metrics(
        &self,
        id: i64,
        period: Period,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Option<FunctionMetrics>, DbError> {
        if self.db.log_function(id).await?.is_none() {
            return Ok(None);
        }
        let from_ms = period.start_of(from_ms);
        let rows = self.db.function_rollups(id, period, from_ms, to_ms).await?;
        let mut total = Rollup::default();
        for row in &rows {
            total.merge(&row.rollup);
        }
        Ok(Some(FunctionMetrics {
            function_id: id,
            granularity: period.as_str().into(),
            from: at(from_ms),
            to: at(to_ms),
            points: rows.iter().map(|row| metrics_point(row.start_ms, &row.rollup)).collect(),
            total: metrics_point(from_ms, &total),
        }))
    }

    /// The costs page: the `lines` most expensive of the ranking over `[from_ms, to_ms)`, the
    /// same over the period of the same length before it, and right-sizing advice (at most
    /// `advice_limit`), from one read of the roll-ups. Totals cover every line; only the lines
    /// shown are sent, since a page of thousands of rows would cost more to render than to
    /// query. Kept until the roll-ups or the catalog change.
    pub async fn costs_overview(
        &self,
        grouping: CostGrouping,
        from_ms: i64,
        to_ms: i64,
        lines: usize,
        advice_limit: usize,
    ) -> Result<CostsOverview, DbError> {
        let from_ms = Period::Hour.start_of(from_ms);
        let key = (grouping, from_ms, to_ms, lines);
        let version = self.db.costs_version().await?;
        if let Some(page) = self.costs_pages.get(version, &key) {
            return Ok(page);
        }
        let length = (to_ms - from_ms).max(0);
        let period = rows_for(from_ms, to_ms);
        // Two reads at once: on two cores that halves the wait for the larger part of the page.
        let (now, before) = tokio::try_join!(
            self.db.function_costs(period, from_ms, to_ms),
            self.db.function_costs(period, from_ms - length, from_ms),
        )?;
        let advice = super::rightsizing::advise(&now, length, &self.prices, &self.default_region, advice_limit);
        let mut current = cost_report(grouping, from_ms, to_ms, rank(&now, grouping));
        let mut previous = cost_report(grouping, from_ms - length, from_ms, rank(&before, grouping));
        let ranked = current.lines.len();
        current.lines.truncate(lines);
        let shown: std::collections::HashSet<Option<i64>> = current.lines.iter().map(|line| line.id).collect();
        previous.lines.retain(|line| shown.contains(&line.id));
        let page = CostsOverview { current, ranked, previous, advice };
        self.costs_pages.put(version, key, page.clone());
        Ok(page)
    }

    /// Costs over hours starting in `[from_ms, to_ms)`, grouped, most expensive first.
    pub async fn cost_report(&self, grouping: CostGrouping, from_ms: i64, to_ms: i64) -> Result<CostReport, DbError> {
        let from_ms = Period::Hour.start_of(from_ms);
        let rows = self.db.function_costs(rows_for(from_ms, to_ms), from_ms, to_ms).await?;
        Ok(cost_report(grouping, from_ms, to_ms, rank(&rows, grouping)))
    }

    /// Stores pushed events and adds their REPORT lines to the roll-ups, in one transaction.
    /// A record naming an unknown (or ambiguous) deployed name fails the whole batch.
    pub async fn store_pushed(
        &self,
        events: Vec<PushedEvent>,
        now_ms: i64,
    ) -> Result<Result<PushSummary, Vec<UnknownFunction>>, DbError> {
        let mut names: Vec<&str> = events.iter().map(|e| e.function.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        let mut by_name: HashMap<String, Vec<LogFunction>> = HashMap::new();
        for function in self.db.log_functions_named(&names).await? {
            by_name.entry(function.deployed_name.clone().unwrap_or_default()).or_default().push(function);
        }
        let mut unknown = Vec::new();
        let mut rows = Vec::with_capacity(events.len());
        let mut rollups = RollupBuilder::default();
        for event in events {
            match by_name.get(&event.function).map(Vec::as_slice) {
                Some([function]) => {
                    let _ = rollups.add_event(function.id, &self.pricing(function), event.timestamp_ms, &event.message);
                    rows.push(NewLogEvent {
                        function_id: function.id,
                        timestamp_ms: event.timestamp_ms,
                        stream: event.stream,
                        message: event.message,
                    });
                }
                Some(several) if several.len() > 1 => unknown.push(UnknownFunction {
                    index: event.index,
                    message: format!(
                        "{} catalog functions are deployed as {:?} (in different services or regions), so this record matches none for sure",
                        several.len(),
                        event.function
                    ),
                }),
                _ => unknown.push(UnknownFunction {
                    index: event.index,
                    message: format!("no current function in the catalog is deployed as {:?}", event.function),
                }),
            }
        }
        if !unknown.is_empty() {
            return Ok(Err(unknown));
        }
        self.db.store_log_events(&rows, now_ms, &rollups.rows()).await?;
        Ok(Ok(PushSummary {
            accepted: rows.len(),
            invocations: rollups.total().invocations,
            malformed_reports: rollups.malformed_reports,
        }))
    }
}

/// A report of `lines` (ranked) over `[from_ms, to_ms)`, with totals over all of them.
fn cost_report(grouping: CostGrouping, from_ms: i64, to_ms: i64, lines: Vec<CostLine>) -> CostReport {
    CostReport {
        group_by: match grouping {
            CostGrouping::Function => "function",
            CostGrouping::Service => "service",
            CostGrouping::Team => "team",
        }
        .into(),
        from: at(from_ms),
        to: at(to_ms),
        total_cost_usd: lines.iter().map(|l| l.cost_usd).sum(),
        total_invocations: lines.iter().map(|l| l.invocations).sum(),
        lines,
        estimate: true,
    }
}

/// Which roll-ups cover `[from_ms, to_ms)` exactly: days when both ends are midnights UTC (24
/// times fewer rows), else hours.
fn rows_for(from_ms: i64, to_ms: i64) -> Period {
    let day = Period::Day.millis();
    if from_ms.rem_euclid(day) == 0 && to_ms.rem_euclid(day) == 0 { Period::Day } else { Period::Hour }
}

/// A roll-up as a metrics point starting at `start_ms`.
pub fn metrics_point(start_ms: i64, r: &Rollup) -> MetricsPoint {
    MetricsPoint {
        start: at(start_ms),
        invocations: r.invocations,
        errors: r.errors,
        timeouts: r.timeouts,
        cold_starts: r.cold_starts,
        duration_avg_ms: (r.invocations > 0).then(|| r.duration_us_sum as f64 / r.invocations as f64 / 1000.0),
        duration_p50_ms: r.histogram.percentile_ms(0.50),
        duration_p95_ms: r.histogram.percentile_ms(0.95),
        duration_p99_ms: r.histogram.percentile_ms(0.99),
        max_memory_used_mb: r.max_memory_used_mb,
        memory_size_mb: r.memory_size_mb,
        billed_gb_seconds: r.billed_gb_seconds(),
        cost_usd: r.cost_usd,
    }
}
