//! Server functions for the function page.

use leptos::prelude::*;

use crate::catalog::model::FunctionDetail;
use crate::error::AppError;

/// One function with its triggers and what it publishes to.
#[server(endpoint = "function")]
pub async fn get_function(id: i64) -> Result<FunctionDetail, AppError> {
    crate::backend::expect_backend()?.function(id).await
}
