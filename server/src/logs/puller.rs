//! The background puller: every interval, for every function with a deployed name, fetch what is
//! new in its log group since the cursor, count its REPORT lines into roll-ups, and move the
//! cursor, in one transaction with the roll-ups.
//!
//! The cursor is the newest event time counted plus the ids of the events at that time. The next
//! pull asks from that time again (inclusive) and skips those ids: several events can share a
//! millisecond, and some of them may not have been ingested yet when the last pull ran.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::cost::{Architecture, PriceTable};
use super::retry::{RetryPolicy, with_retries};
use super::rollup::{Pricing, RollupBuilder};
use super::{LogError, LogQuery, LogSource, LogTarget};
use crate::db::logs::{LogCursor, LogFunction};
use crate::db::{Database, DbError};

/// How the puller runs.
#[derive(Debug, Clone)]
pub struct PullerSettings {
    /// Time between pulls.
    pub interval: Duration,
    /// Log groups pulled at once.
    pub concurrency: usize,
    /// Retries of throttled, failed (5xx) and timed-out calls.
    pub retry: RetryPolicy,
    /// How far back the first pull of a log group reaches.
    pub first_lookback: Duration,
    /// Events newer than now minus this are left for the next pull, so late-ingested events of
    /// the same moments are not skipped.
    pub settle: Duration,
    /// Events per request.
    pub page_size: usize,
    /// Requests per log group per pull; the rest waits for the next pull.
    pub max_pages: usize,
    /// Prices per region.
    pub prices: PriceTable,
    /// Region for functions whose service names none.
    pub default_region: String,
}

impl Default for PullerSettings {
    fn default() -> Self {
        PullerSettings {
            interval: Duration::from_secs(60),
            concurrency: 4,
            retry: RetryPolicy::default(),
            first_lookback: Duration::from_secs(24 * 3600),
            settle: Duration::from_secs(30),
            page_size: 10_000,
            max_pages: 100,
            prices: PriceTable::default(),
            default_region: super::cloudwatch::FALLBACK_REGION.to_string(),
        }
    }
}

/// Why one log group could not be pulled.
#[derive(Debug, thiserror::Error)]
pub enum PullError {
    /// The log source failed (after retries, when transient).
    #[error(transparent)]
    Source(#[from] LogError),
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbError),
}

/// What pulling one log group did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupPull {
    /// Events counted (new since the cursor).
    pub events: u64,
    /// Invocations (REPORT lines) among them.
    pub invocations: u64,
    /// Requests made to the source, retries included.
    pub requests: u32,
}

/// What one round over every function did.
#[derive(Debug, Default)]
pub struct PullSummary {
    /// Log groups pulled without error.
    pub pulled: usize,
    /// New events counted.
    pub events: u64,
    /// Groups that failed, with why.
    pub failures: Vec<(String, PullError)>,
}

/// Pulls function logs from a source into roll-ups.
#[derive(Clone)]
pub struct Puller {
    db: Database,
    source: Arc<dyn LogSource>,
    settings: Arc<PullerSettings>,
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

impl Puller {
    /// A puller reading `source` into `db`.
    pub fn new(db: Database, source: Arc<dyn LogSource>, settings: PullerSettings) -> Puller {
        Puller { db, source, settings: Arc::new(settings) }
    }

    /// The log target of a function: its region (or the default) and its log group.
    pub fn target_of(&self, function: &LogFunction) -> Option<LogTarget> {
        LogTarget::of(function, &self.settings.default_region)
    }

    /// Pulls every function once, `concurrency` log groups at a time.
    pub async fn pull_all(&self) -> Result<PullSummary, DbError> {
        let functions = self.db.pullable_functions().await?;
        let permits = Arc::new(Semaphore::new(self.settings.concurrency.max(1)));
        let mut running = JoinSet::new();
        for function in functions {
            let (puller, permits) = (self.clone(), permits.clone());
            running.spawn(async move {
                let _permit = permits.acquire_owned().await;
                let target = puller.target_of(&function);
                let group = target.map_or_else(|| format!("function {}", function.id), |target| target.log_group);
                (group, puller.pull_function(&function).await)
            });
        }
        let mut summary = PullSummary::default();
        while let Some(finished) = running.join_next().await {
            match finished {
                Ok((_, Ok(pull))) => {
                    summary.pulled += 1;
                    summary.events += pull.events;
                }
                Ok((group, Err(error))) => summary.failures.push((group, error)),
                Err(stopped) => tracing::error!(%stopped, "a log pull stopped unexpectedly"),
            }
        }
        Ok(summary)
    }

    /// Pulls what is new in one function's log group since its cursor.
    pub async fn pull_function(&self, function: &LogFunction) -> Result<GroupPull, PullError> {
        let Some(target) = self.target_of(function) else { return Ok(GroupPull::default()) };
        let now = now_ms();
        let settle = i64::try_from(self.settings.settle.as_millis()).unwrap_or(0);
        let lookback = i64::try_from(self.settings.first_lookback.as_millis()).unwrap_or(0);
        let cursor =
            self.db.log_cursor(&target.region, &target.log_group, target.function_id).await?.unwrap_or(LogCursor {
                region: target.region.clone(),
                log_group: target.log_group.clone(),
                function_id: function.id,
                after_ms: now - lookback,
                seen_event_ids: Vec::new(),
            });
        let end_ms = now - settle;
        if end_ms < cursor.after_ms {
            return Ok(GroupPull::default());
        }
        let pricing = Pricing {
            architecture: Architecture::from_manifest(function.architecture.as_deref()),
            prices: self.settings.prices.for_region(&target.region),
        };
        let already: HashSet<&str> = cursor.seen_event_ids.iter().map(String::as_str).collect();
        let mut next = LogCursor { function_id: function.id, ..cursor.clone() };
        let mut rollups = RollupBuilder::default();
        let mut pull = GroupPull::default();
        let mut token = None;
        for _ in 0..self.settings.max_pages.max(1) {
            let query = LogQuery {
                start_ms: Some(cursor.after_ms),
                end_ms: Some(end_ms),
                filter: None,
                limit: self.settings.page_size,
                next_token: token.take(),
            };
            let (page, requests) = with_retries(&self.settings.retry, || self.source.fetch(&target, &query)).await;
            pull.requests += requests;
            let page = page?;
            for event in &page.events {
                let repeat = event.timestamp_ms == cursor.after_ms && already.contains(event.event_id.as_str());
                if event.timestamp_ms < cursor.after_ms || repeat {
                    continue;
                }
                pull.events += 1;
                // A malformed REPORT line is counted in the builder and skipped.
                let _ = rollups.add_event(function.id, &pricing, event.timestamp_ms, &event.message);
                if event.timestamp_ms > next.after_ms {
                    next.after_ms = event.timestamp_ms;
                    next.seen_event_ids.clear();
                }
                if event.timestamp_ms == next.after_ms {
                    next.seen_event_ids.push(event.event_id.clone());
                }
            }
            match page.next_token {
                Some(more) => token = Some(more),
                None => break,
            }
        }
        if rollups.malformed_reports > 0 {
            tracing::warn!(log_group = %target.log_group, count = rollups.malformed_reports, "skipped malformed REPORT lines");
        }
        pull.invocations = rollups.total().invocations;
        if pull.events > 0 || next != cursor {
            self.db.advance_log_cursor(&next, now, &rollups.rows()).await?;
        }
        Ok(pull)
    }

    /// Pulls every `interval` until the process stops. Failures are logged, never fatal.
    pub fn spawn(self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(self.settings.interval);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                match self.pull_all().await {
                    Ok(summary) => {
                        for (group, error) in &summary.failures {
                            match error {
                                PullError::Source(LogError::LogGroupNotFound { .. }) => {
                                    tracing::debug!(%group, %error, "no logs yet")
                                }
                                _ => tracing::warn!(%group, %error, "pulling logs failed"),
                            }
                        }
                        tracing::debug!(pulled = summary.pulled, events = summary.events, "log pull done");
                    }
                    Err(error) => tracing::error!(%error, "cannot list functions to pull logs of"),
                }
            }
        })
    }
}
