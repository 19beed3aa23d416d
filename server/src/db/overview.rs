//! Queries for the overview page.

use app::overview::model::Counts;

use super::{Database, DbError, QueryContext, with_pool};

const COUNTS: &str = "SELECT
    (SELECT COUNT(*) FROM services WHERE removed_at IS NULL),
    (SELECT COUNT(*) FROM functions f JOIN services s ON s.id = f.service_id
        WHERE f.removed_at IS NULL AND s.removed_at IS NULL),
    (SELECT COUNT(*) FROM events e WHERE
        EXISTS (SELECT 1 FROM subscriptions x WHERE x.event_id = e.id AND x.removed_at IS NULL)
        OR EXISTS (SELECT 1 FROM producers p WHERE p.event_id = e.id AND p.removed_at IS NULL)),
    (SELECT COUNT(DISTINCT team_id) FROM services WHERE removed_at IS NULL AND team_id IS NOT NULL)";

impl Database {
    /// Totals of what is currently deployed.
    pub async fn counts(&self) -> Result<Counts, DbError> {
        let (services, functions, events, teams): (i64, i64, i64, i64) = with_pool!(self, pool => {
            sqlx::query_as(COUNTS).fetch_one(pool).await
        })
        .doing("counting the catalog")?;
        Ok(Counts { services, functions, events, teams })
    }
}
