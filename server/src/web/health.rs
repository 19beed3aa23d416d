//! Liveness and readiness probes.

use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;

use super::AppState;

/// How long readiness waits for the database before answering 503.
const READY_TIMEOUT: Duration = Duration::from_secs(2);

/// `GET /healthz` and `GET /readyz`.
pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz))
}

/// The process is alive and serving HTTP.
async fn healthz() -> &'static str {
    "ok\n"
}

/// The database answers; 503 with the reason when it does not.
async fn readyz(State(state): State<AppState>) -> (StatusCode, String) {
    match state.db.ping(READY_TIMEOUT).await {
        Ok(()) => (StatusCode::OK, "ready\n".into()),
        Err(error) => {
            tracing::warn!(%error, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, format!("not ready: {error}\n"))
        }
    }
}
