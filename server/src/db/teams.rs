//! Queries about teams.

use app::teams::model::TeamSummary;

use super::{Database, DbError, QueryContext, with_pool};

const TEAMS: &str = "SELECT t.name,
        COUNT(DISTINCT s.id) AS services,
        COUNT(f.id) AS functions
    FROM teams t
    JOIN services s ON s.team_id = t.id AND s.removed_at IS NULL
    LEFT JOIN functions f ON f.service_id = s.id AND f.removed_at IS NULL
    GROUP BY t.id, t.name
    ORDER BY t.name";

impl Database {
    /// Teams that own at least one current service, by name, with their totals.
    pub async fn teams(&self) -> Result<Vec<TeamSummary>, DbError> {
        let rows: Vec<(String, i64, i64)> =
            with_pool!(self, pool => sqlx::query_as(TEAMS).fetch_all(pool).await).doing("listing teams")?;
        Ok(rows.into_iter().map(|(name, services, functions)| TeamSummary { name, services, functions }).collect())
    }
}
