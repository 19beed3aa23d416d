//! Read endpoints: teams, services, functions and events with their subscribers and producers.

use app::catalog::model::{EventDetail, EventSummary, FunctionDetail, Page, ServiceDetail, ServiceSummary};
use app::teams::model::TeamSummary;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;

use super::error::ApiError;
use super::pagination::{RemovedParam, limit, list_query, page};
use crate::web::AppState;

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/teams", get(list_teams))
        .route("/services", get(list_services))
        .route("/services/{id}", get(get_service))
        .route("/functions/{id}", get(get_function))
        .route("/events", get(list_events))
        .route("/events/{id}", get(get_event))
}

/// The query parameters, or an error naming what is wrong with them.
pub(super) fn query<T>(params: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    params.map(|Query(p)| p).map_err(|rejection| ApiError::Invalid { field: "query", message: rejection.body_text() })
}

/// Query parameters of `GET /teams`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct TeamsParams {
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<i64>,
}

/// Teams that own at least one current service, by name.
#[utoipa::path(get, path = "/api/v1/teams", params(TeamsParams), tag = "catalog",
    responses((status = 200, body = Page<TeamSummary>), (status = 422, description = "invalid parameter")))]
pub async fn list_teams(
    State(state): State<AppState>,
    params: Result<Query<TeamsParams>, QueryRejection>,
) -> Result<Json<Page<TeamSummary>>, ApiError> {
    let params = query(params)?;
    let limit = limit(params.limit)?;
    let rows = state.db.list_teams(params.cursor.as_deref(), limit + 1).await?;
    Ok(Json(page(rows, limit, |team| team.name.clone())))
}

/// Query parameters of `GET /services`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ServicesParams {
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<i64>,
    /// Only services of this team.
    pub team: Option<String>,
    /// Include services whose manifest no longer deploys them.
    pub include_removed: Option<bool>,
}

/// Services, oldest first.
#[utoipa::path(get, path = "/api/v1/services", params(ServicesParams), tag = "catalog",
    responses((status = 200, body = Page<ServiceSummary>), (status = 422, description = "invalid parameter")))]
pub async fn list_services(
    State(state): State<AppState>,
    params: Result<Query<ServicesParams>, QueryRejection>,
) -> Result<Json<Page<ServiceSummary>>, ApiError> {
    let params = query(params)?;
    let (list, limit) = list_query(params.cursor.as_deref(), params.limit, params.include_removed)?;
    let rows = state.db.list_services(&list, params.team.as_deref()).await?;
    Ok(Json(page(rows, limit, |service| service.id.to_string())))
}

/// A service with its functions.
#[utoipa::path(get, path = "/api/v1/services/{id}", params(("id" = i64, Path, description = "service id"), RemovedParam),
    tag = "catalog", responses((status = 200, body = ServiceDetail), (status = 404, description = "no such service")))]
pub async fn get_service(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    params: Result<Query<RemovedParam>, QueryRejection>,
) -> Result<Json<ServiceDetail>, ApiError> {
    let params = query(params)?;
    let detail = state.db.service_detail(id, params.include_removed.unwrap_or(false)).await?;
    detail.map(Json).ok_or_else(|| ApiError::NotFound(format!("service {id}")))
}

/// A function with its triggers and the events it publishes to.
#[utoipa::path(get, path = "/api/v1/functions/{id}", params(("id" = i64, Path, description = "function id")),
    tag = "catalog", responses((status = 200, body = FunctionDetail), (status = 404, description = "no such function")))]
pub async fn get_function(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<FunctionDetail>, ApiError> {
    let detail = state.db.function_detail(id).await?;
    detail.map(Json).ok_or_else(|| ApiError::NotFound(format!("function {id}")))
}

/// Query parameters of `GET /events`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct EventsParams {
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<i64>,
    /// Only events of this kind, e.g. `sns_topic`, `sqs_queue`, `eventbridge_rule`, `http_route`.
    pub kind: Option<String>,
    /// Include events nothing subscribes or publishes to any more.
    pub include_removed: Option<bool>,
}

/// Events with their subscriber and producer counts, oldest first.
#[utoipa::path(get, path = "/api/v1/events", params(EventsParams), tag = "catalog",
    responses((status = 200, body = Page<EventSummary>), (status = 422, description = "invalid parameter")))]
pub async fn list_events(
    State(state): State<AppState>,
    params: Result<Query<EventsParams>, QueryRejection>,
) -> Result<Json<Page<EventSummary>>, ApiError> {
    let params = query(params)?;
    let (list, limit) = list_query(params.cursor.as_deref(), params.limit, params.include_removed)?;
    let rows = state.db.list_events(&list, params.kind.as_deref()).await?;
    Ok(Json(page(rows, limit, |event| event.event.id.to_string())))
}

/// An event with the functions it triggers and the functions that publish to it.
#[utoipa::path(get, path = "/api/v1/events/{id}", params(("id" = i64, Path, description = "event id"), RemovedParam),
    tag = "catalog", responses((status = 200, body = EventDetail), (status = 404, description = "no such event")))]
pub async fn get_event(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    params: Result<Query<RemovedParam>, QueryRejection>,
) -> Result<Json<EventDetail>, ApiError> {
    let params = query(params)?;
    let detail = state.db.event_detail(id, params.include_removed.unwrap_or(false)).await?;
    detail.map(Json).ok_or_else(|| ApiError::NotFound(format!("event {id}")))
}
