//! Server functions for the overview page.

use leptos::prelude::*;

use crate::error::AppError;
use crate::overview::model::Overview;

/// Catalog totals and highlights.
#[server(endpoint = "overview")]
pub async fn get_overview() -> Result<Overview, AppError> {
    crate::backend::expect_backend()?.overview().await
}
