//! Server functions for the teams pages.

use leptos::prelude::*;

use crate::error::AppError;
use crate::teams::model::TeamSummary;

/// Every team with its totals, by name.
#[server(endpoint = "teams")]
pub async fn list_teams() -> Result<Vec<TeamSummary>, AppError> {
    crate::backend::expect_backend()?.teams().await
}

/// One team's services and events.
#[server(endpoint = "team")]
pub async fn get_team(name: String) -> Result<crate::catalog::model::TeamDetail, AppError> {
    crate::backend::expect_backend()?.team(&name).await
}
