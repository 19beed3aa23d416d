//! Storage: one connection pool, created once, on SQLite or Postgres.
//!
//! Both backends run the same SQL text: sqlx binds `$1`-style placeholders by number on SQLite
//! as on Postgres. [`with_pool!`] compiles a storage function's body once per driver, so rows
//! decode into the same Rust types (chrono timestamps included) with no runtime dispatch per row.
//! SQL that differs between the two lives in `dialect.rs` and in the two migration folders.

pub mod browse;
pub mod catalog_read;
pub mod catalog_write;
mod dialect;
pub mod logs;
pub mod overview;
pub mod rollups;
pub mod search;
mod tx;

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, PgPool, SqlitePool};

use crate::config::redact_url;

pub use dialect::Backend;
pub(crate) use tx::{Tx, with_tx};

/// SQLite: bytes of the database file read through a memory map.
const SQLITE_MMAP_BYTES: u64 = 1 << 30;
/// SQLite: page cache per connection, in KiB.
const SQLITE_CACHE_KIB: u64 = 32 * 1024;

/// How long a command waits for the database at start before giving up.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// A storage failure, saying what was being done.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The URL is not one Switchboard understands.
    #[error("unsupported database URL {url:?}: use sqlite:PATH or postgres://USER@HOST/DB")]
    UnsupportedUrl {
        /// The URL, password redacted.
        url: String,
    },
    /// The database could not be reached.
    #[error("cannot connect to the database at {url}: {reason}")]
    Connect {
        /// The URL, password redacted.
        url: String,
        /// Why, in the driver's words.
        reason: String,
    },
    /// A migration failed; the server does not start on a half-migrated schema.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A query failed.
    #[error("database error while {doing}: {source}")]
    Query {
        /// What the query was for.
        doing: &'static str,
        /// The driver's error.
        source: sqlx::Error,
    },
}

/// Adds what a query was for to a sqlx error.
pub(crate) trait QueryContext<T> {
    /// Wraps the error with `doing`.
    fn doing(self, doing: &'static str) -> Result<T, DbError>;
}

impl<T> QueryContext<T> for Result<T, sqlx::Error> {
    fn doing(self, doing: &'static str) -> Result<T, DbError> {
        self.map_err(|source| DbError::Query { doing, source })
    }
}

/// The pool of one backend.
#[derive(Clone, Debug)]
pub enum Pool {
    /// An embedded SQLite file.
    Sqlite(SqlitePool),
    /// A Postgres server.
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the concrete pool of whichever backend `$db` uses.
macro_rules! with_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db.pool() {
            $crate::db::Pool::Sqlite($pool) => $body,
            $crate::db::Pool::Postgres($pool) => $body,
        }
    };
}
pub(crate) use with_pool;

/// The catalog database. Cheap to clone: clones share one pool.
#[derive(Clone, Debug)]
pub struct Database {
    pool: Pool,
}

impl Database {
    /// Connects to `url` (`sqlite:…` or `postgres://…`), failing within [`CONNECT_TIMEOUT`].
    ///
    /// A SQLite file and its folder are created if missing, in WAL mode with foreign keys on.
    pub async fn connect(url: &str) -> Result<Database, DbError> {
        let shown = redact_url(url);
        let connect_error = |reason: String| DbError::Connect { url: shown.clone(), reason };
        match Backend::of_url(url) {
            Some(Backend::Postgres) => {
                let options = PgConnectOptions::from_str(url)
                    .map_err(|e| connect_error(e.to_string()))?
                    // Every statement here is short and bounded by an index and a LIMIT, yet the
                    // search statements' estimated costs pass JIT's threshold: compiling them took
                    // ~100 ms per search. Plan caching stays automatic: forced generic plans made
                    // while a table was still small scanned it whole as it grew during an ingest.
                    .options([("jit", "off")]);
                // One direct attempt first: a pool would retry until its timeout and then report
                // only "timed out", hiding the reason (refused, bad password, unknown database).
                let probe = tokio::time::timeout(CONNECT_TIMEOUT, sqlx::PgConnection::connect_with(&options))
                    .await
                    .map_err(|_| connect_error(format!("no answer within {}s", CONNECT_TIMEOUT.as_secs())))?
                    .map_err(|e| connect_error(e.to_string()))?;
                let _ = probe.close().await;
                let pool = PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(CONNECT_TIMEOUT)
                    .connect_lazy_with(options);
                Ok(Database { pool: Pool::Postgres(pool) })
            }
            Some(Backend::Sqlite) => {
                let options = SqliteConnectOptions::from_str(url)
                    .map_err(|e| connect_error(e.to_string()))?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
                    // Profiling a 20,000-function ingest showed a third of its time in the kernel,
                    // copying pages SQLite's 2 MB default cache had dropped. Memory-mapped reads
                    // share the OS page cache across connections without copies, and a larger
                    // cache keeps the hot index pages of writes and searches.
                    .pragma("mmap_size", SQLITE_MMAP_BYTES.to_string())
                    .pragma("cache_size", format!("-{SQLITE_CACHE_KIB}"));
                if let Some(folder) = options.get_filename().parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(folder)
                        .map_err(|e| connect_error(format!("cannot create folder {}: {e}", folder.display())))?;
                }
                let pool = SqlitePoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(CONNECT_TIMEOUT)
                    .connect_with(options)
                    .await
                    .map_err(|e| connect_error(e.to_string()))?;
                Ok(Database { pool: Pool::Sqlite(pool) })
            }
            None => Err(DbError::UnsupportedUrl { url: shown }),
        }
    }

    /// Applies every pending migration of this backend, in one transaction each.
    pub async fn migrate(&self) -> Result<(), DbError> {
        match &self.pool {
            Pool::Sqlite(pool) => sqlx::migrate!("../migrations/sqlite").run(pool).await?,
            Pool::Postgres(pool) => sqlx::migrate!("../migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// Checks that the database answers a trivial query within `timeout`.
    pub async fn ping(&self, timeout: Duration) -> Result<(), DbError> {
        let query = async { with_pool!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ())) };
        match tokio::time::timeout(timeout, query).await {
            Ok(result) => result.doing("checking the database is reachable"),
            Err(_) => {
                Err(DbError::Query { doing: "checking the database is reachable", source: sqlx::Error::PoolTimedOut })
            }
        }
    }

    /// Which backend this database runs on.
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// The underlying pool, for storage modules.
    pub(crate) fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Closes every connection; call before exit so SQLite checkpoints its WAL.
    pub async fn close(&self) {
        with_pool!(self, pool => pool.close().await)
    }
}

impl Database {
    /// Runs one statement outside any transaction, such as `CREATE DATABASE` (tests, tooling).
    pub async fn execute_admin(&self, statement: &str) -> Result<(), DbError> {
        with_pool!(self, pool => sqlx::raw_sql(statement).execute(pool).await.map(|_| ()))
            .doing("running an administrative statement")
    }
}
