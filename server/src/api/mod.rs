//! The REST API under `/api/v1`: JSON in and out, errors as `{"error": {...}}`.

mod auth;
pub mod error;
mod manifests;

use axum::Router;

use crate::web::AppState;

/// Every `/api/v1` route.
pub fn router() -> Router<AppState> {
    Router::new().nest("/api/v1", manifests::router())
}
