//! The server's implementation of what the UI asks for ([`app::backend::Backend`]).

use app::error::AppError;
use app::overview::model::Overview;
use app::teams::model::TeamSummary;

use crate::db::{Database, DbError};

/// Storage-backed implementation of the UI's backend.
pub struct CatalogBackend {
    db: Database,
}

impl CatalogBackend {
    /// Serves the UI from `db`.
    pub fn new(db: Database) -> Self {
        CatalogBackend { db }
    }
}

/// Logs the storage error and gives the browser a typed error without SQL in it.
fn unavailable(error: DbError) -> AppError {
    tracing::error!(%error, "storage error");
    AppError::Unavailable { what: "the catalog database did not answer; check that it is running".into() }
}

#[async_trait::async_trait]
impl app::backend::Backend for CatalogBackend {
    async fn overview(&self) -> Result<Overview, AppError> {
        let counts = self.db.counts().await.map_err(unavailable)?;
        Ok(Overview { counts })
    }

    async fn teams(&self) -> Result<Vec<TeamSummary>, AppError> {
        self.db.list_teams(None, i64::MAX).await.map_err(unavailable)
    }
}
