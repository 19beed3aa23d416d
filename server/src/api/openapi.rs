//! The OpenAPI document served at `/api/v1/openapi.json`.

use axum::Json;
use utoipa::OpenApi;

/// Every documented endpoint and type.
#[derive(OpenApi)]
#[openapi(
    info(title = "Switchboard API", version = "1", description = "The catalog of serverless functions and the events that join them."),
    paths(
        super::catalog::list_teams,
        super::catalog::list_services,
        super::catalog::get_service,
        super::catalog::get_function,
        super::catalog::list_events,
        super::catalog::get_event,
        super::manifests::push_manifest,
        super::search::search,
        super::logs::push_logs,
        super::logs::function_logs,
        super::metrics::function_metrics,
        super::metrics::costs,
    ),
    tags((name = "catalog", description = "What is deployed"), (name = "ingest", description = "Feeding the catalog"),
        (name = "search", description = "Finding things by name and content"),
        (name = "logs", description = "Function logs, metrics and list-price cost estimates"))
)]
pub struct ApiDoc;

/// `GET /api/v1/openapi.json`.
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
