//! The server function behind the search page and the header's live results.

use leptos::prelude::*;

use crate::error::AppError;
use crate::search::model::{SearchQuery, SearchResults};

/// Services, functions, events and teams matching `query`, grouped by kind.
#[server(endpoint = "search")]
pub async fn search(query: SearchQuery) -> Result<SearchResults, AppError> {
    crate::backend::expect_backend()?.search(&query).await
}
