//! A transaction on either backend, so multi-step writes are written once.

use sqlx::{Postgres, Sqlite, Transaction};

use super::{Database, DbError, Pool, QueryContext};

/// An open transaction; dropped without [`Tx::commit`] it rolls back.
pub(crate) enum Tx {
    /// On SQLite.
    Sqlite(Transaction<'static, Sqlite>),
    /// On Postgres.
    Postgres(Transaction<'static, Postgres>),
}

/// Runs `$body` with `$conn` bound to the transaction's connection of whichever backend it is.
macro_rules! with_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::db::Tx::Sqlite(transaction) => {
                let $conn = &mut **transaction;
                $body
            }
            $crate::db::Tx::Postgres(transaction) => {
                let $conn = &mut **transaction;
                $body
            }
        }
    };
}
pub(crate) use with_tx;

impl Database {
    /// Starts a transaction.
    pub(crate) async fn begin(&self) -> Result<Tx, DbError> {
        match self.pool() {
            Pool::Sqlite(pool) => pool.begin().await.map(Tx::Sqlite),
            Pool::Postgres(pool) => pool.begin().await.map(Tx::Postgres),
        }
        .doing("starting a transaction")
    }
}

impl Tx {
    /// Makes every write of this transaction durable.
    pub(crate) async fn commit(self) -> Result<(), DbError> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await,
            Tx::Postgres(tx) => tx.commit().await,
        }
        .doing("committing a transaction")
    }
}
