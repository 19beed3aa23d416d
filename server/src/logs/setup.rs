//! Builds the configured log source, the puller and the retention task at start.

use std::sync::Arc;
use std::time::Duration;

use super::LogSource;
use super::cloudwatch::{CloudWatchSettings, CloudWatchSource, FALLBACK_REGION};
use super::local::LocalSource;
use super::puller::{Puller, PullerSettings};
use super::retry::RetryPolicy;
use super::service::Logs;
use crate::config::{LogSourceKind, LogsConfig};
use crate::db::Database;

/// How often expired pushed events are deleted.
const RETENTION_SWEEP: Duration = Duration::from_secs(3600);

/// The log service for `config`, and the puller to run when the source is CloudWatch.
pub fn logs_for(config: &LogsConfig, db: &Database) -> (Logs, Option<Puller>) {
    let default_region = config.aws_region.clone().unwrap_or_else(|| FALLBACK_REGION.to_string());
    let source: Arc<dyn LogSource> = match config.source {
        LogSourceKind::Local => Arc::new(LocalSource::new(db.clone())),
        LogSourceKind::Cloudwatch => Arc::new(CloudWatchSource::new(CloudWatchSettings {
            default_region: config.aws_region.clone(),
            profile: config.aws_profile.clone(),
            endpoint_url: config.aws_endpoint_url.clone(),
            timeout: config.timeout,
            credentials: None,
        })),
    };
    let logs = Logs::new(db.clone(), source.clone(), config.prices.clone(), default_region.clone());
    let puller = match (config.source, config.pull_interval) {
        (LogSourceKind::Cloudwatch, Some(interval)) => Some(Puller::new(
            db.clone(),
            source,
            PullerSettings {
                interval,
                concurrency: config.pull_concurrency,
                retry: RetryPolicy { attempts: config.pull_attempts, ..RetryPolicy::default() },
                prices: config.prices.clone(),
                default_region,
                ..PullerSettings::default()
            },
        )),
        _ => None,
    };
    (logs, puller)
}

/// Deletes pushed events older than `retention` now and every hour; roll-ups are kept.
pub fn spawn_retention(db: Database, retention: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(RETENTION_SWEEP);
        loop {
            ticks.tick().await;
            let cutoff =
                chrono::Utc::now().timestamp_millis() - i64::try_from(retention.as_millis()).unwrap_or(i64::MAX);
            match db.delete_log_events_before(cutoff).await {
                Ok(0) => {}
                Ok(deleted) => tracing::info!(deleted, "expired log events deleted"),
                Err(error) => tracing::warn!(%error, "deleting expired log events failed"),
            }
        }
    })
}
