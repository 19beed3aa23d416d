//! The REST API under `/api/v1`: JSON in and out, errors as `{"error": {...}}`.

mod auth;
mod catalog;
pub mod error;
mod logs;
mod manifests;
mod metrics;
pub mod openapi;
mod pagination;
mod search;
mod time;

use axum::Router;

use crate::web::AppState;

/// Every `/api/v1` route.
pub fn router() -> Router<AppState> {
    let v1 = Router::new()
        .merge(manifests::router())
        .merge(catalog::router())
        .merge(search::router())
        .merge(logs::router())
        .merge(metrics::router())
        .route("/openapi.json", axum::routing::get(openapi::openapi_json));
    Router::new().nest("/api/v1", v1)
}
