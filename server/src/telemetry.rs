//! Logging setup: `tracing` events to stderr, filtered by `SWITCHBOARD_LOG` or `RUST_LOG`.

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber. `filter` wins over the environment when given.
pub fn init(filter: Option<&str>) {
    let filter = filter
        .map(EnvFilter::new)
        .or_else(|| EnvFilter::try_from_env("SWITCHBOARD_LOG").ok())
        .or_else(|| EnvFilter::try_from_default_env().ok())
        .unwrap_or_else(|| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    // A second init (tests spawn many apps in one process) is harmless: keep the first.
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}
