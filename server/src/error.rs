//! Errors that stop a command: each says what was being done and what to check.

use crate::config::ConfigError;
use crate::db::DbError;

/// Why a command could not run to completion.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// Settings were missing or malformed.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The database could not be reached or migrated.
    #[error(transparent)]
    Db(#[from] DbError),
    /// The listening socket could not be opened.
    #[error("cannot listen on {addr}: {source} (is another process using this port? choose another with --bind)")]
    Bind {
        /// The address asked for.
        addr: std::net::SocketAddr,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The HTTP server stopped with an error.
    #[error("the web server stopped: {0}")]
    Serve(std::io::Error),
    /// Ingestion could not run (unreadable path, bad owners file, storage failure).
    #[error("ingest: {0}")]
    Ingest(String),
    /// A log file could not be read or rolled up.
    #[error("logs: {0}")]
    Logs(String),
    /// The demo organization could not be loaded.
    #[error("loading the demo organization: {0}")]
    Demo(String),
}
