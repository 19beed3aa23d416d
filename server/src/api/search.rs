//! `GET /api/v1/search`: services, functions, events and teams matching some text, grouped by
//! kind, best first, with the matched parts marked.

use app::search::model::{SearchParams, SearchQuery, SearchResults};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};

use super::error::ApiError;
use crate::web::AppState;

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new().route("/search", get(search))
}

/// Searches names, descriptions, handlers, runtimes, event sources, ARNs and keys, and tags.
///
/// Every word of the query must start a word of the name or of another field (description,
/// handler, runtime, deployed name, tags, event key), ignoring case; words are cut at anything
/// that is not a letter or digit and before capitals, so `ord` finds `orders-api` and
/// `createOrder`. Names equal to the query rank first, then names starting with it, then names
/// holding every word, then other fields; shorter names first within each. An ARN searches for
/// its resource name. When nothing matches, words of 4 or more letters that start no word of
/// any name are corrected to names' words one or two edits away, and `corrected_query` says
/// so. Removed services and functions, and events and teams nothing current uses, are never
/// found. Any text is accepted (cut to 256 characters and 16 words); an empty query finds
/// nothing.
#[utoipa::path(get, path = "/api/v1/search", params(SearchParams), tag = "search",
    responses((status = 200, body = SearchResults), (status = 422, description = "invalid kind or limit")))]
pub async fn search(
    State(state): State<AppState>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Json<SearchResults>, ApiError> {
    let Query(params) =
        params.map_err(|rejection| ApiError::Invalid { field: "query", message: rejection.body_text() })?;
    let query = SearchQuery::try_from(params).map_err(|e| ApiError::Invalid { field: e.field, message: e.message })?;
    Ok(Json(state.db.search(&query).await?))
}
