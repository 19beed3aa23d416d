//! Server functions for the teams pages.

use leptos::prelude::*;

use crate::error::AppError;
use crate::teams::model::TeamSummary;

/// Every team with its totals, by name.
#[server(endpoint = "teams")]
pub async fn list_teams() -> Result<Vec<TeamSummary>, AppError> {
    crate::backend::expect_backend()?.teams().await
}
