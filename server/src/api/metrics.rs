//! `GET /api/v1/functions/{id}/metrics` and `GET /api/v1/costs`: read from roll-ups only.

use app::logs::model::{CostReport, FunctionMetrics};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;

use super::catalog::query;
use super::error::ApiError;
use super::time::time_param;
use crate::db::rollups::CostGrouping;
use crate::logs::rollup::{DAY_MS, Period};
use crate::web::AppState;

/// Longest range one request may cover: a little over a year.
const MAX_RANGE_MS: i64 = 400 * DAY_MS;

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new().route("/functions/{id}/metrics", get(function_metrics)).route("/costs", get(costs))
}

/// A `[from, to)` range from the parameters, defaulting to the last `default_days`.
fn range(from: Option<&str>, to: Option<&str>, default_days: i64) -> Result<(i64, i64), ApiError> {
    let to = time_param("to", to)?.unwrap_or_else(|| chrono::Utc::now().timestamp_millis());
    let from = time_param("from", from)?.unwrap_or(to - default_days * DAY_MS);
    if to <= from {
        return Err(ApiError::Invalid { field: "to", message: "must be after from".into() });
    }
    if to - from > MAX_RANGE_MS {
        return Err(ApiError::Invalid { field: "from", message: "the range may cover at most 400 days".into() });
    }
    Ok((from, to))
}

/// Query parameters of `GET /functions/{id}/metrics`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct MetricsParams {
    /// Start: RFC 3339, a date or epoch ms (default: `to` minus 1 day); rounded down to the period.
    pub from: Option<String>,
    /// End, exclusive (default: now).
    pub to: Option<String>,
    /// `hour` or `day` (default: `hour` for ranges up to 3 days, else `day`).
    pub granularity: Option<String>,
}

/// A function's invocations, errors, timeouts, cold starts, duration percentiles, memory, billed
/// GB-seconds and estimated cost, per hour or day, and their totals.
#[utoipa::path(get, path = "/api/v1/functions/{id}/metrics", tag = "logs",
    params(("id" = i64, Path, description = "function id"), MetricsParams),
    responses((status = 200, body = FunctionMetrics), (status = 404, description = "no such function"),
        (status = 422, description = "invalid parameter")))]
pub async fn function_metrics(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    params: Result<Query<MetricsParams>, QueryRejection>,
) -> Result<Json<FunctionMetrics>, ApiError> {
    let params = query(params)?;
    let (from, to) = range(params.from.as_deref(), params.to.as_deref(), 1)?;
    let period = match params.granularity.as_deref().map(str::trim) {
        None | Some("") if to - from <= 3 * DAY_MS => Period::Hour,
        None | Some("") | Some("day") => Period::Day,
        Some("hour") => Period::Hour,
        Some(other) => {
            return Err(ApiError::Invalid { field: "granularity", message: format!("{other:?}: use hour or day") });
        }
    };
    let metrics = state.logs.function_metrics(id, period, from, to).await?;
    metrics.map(Json).ok_or_else(|| ApiError::NotFound(format!("function {id}")))
}

/// Query parameters of `GET /costs`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct CostsParams {
    /// `function`, `service` or `team` (default `function`).
    pub group_by: Option<String>,
    /// Start: RFC 3339, a date or epoch ms (default: `to` minus 30 days); rounded down to the hour.
    pub from: Option<String>,
    /// End, exclusive (default: now).
    pub to: Option<String>,
}

/// Functions, services or teams ranked by estimated cost over a period, with totals. List-price
/// estimates before free tier and volume discounts.
#[utoipa::path(get, path = "/api/v1/costs", tag = "logs", params(CostsParams),
    responses((status = 200, body = CostReport), (status = 422, description = "invalid parameter")))]
pub async fn costs(
    State(state): State<AppState>,
    params: Result<Query<CostsParams>, QueryRejection>,
) -> Result<Json<CostReport>, ApiError> {
    let params = query(params)?;
    let grouping = match params.group_by.as_deref().map(str::trim) {
        None | Some("") | Some("function") => CostGrouping::Function,
        Some("service") => CostGrouping::Service,
        Some("team") => CostGrouping::Team,
        Some(other) => {
            return Err(ApiError::Invalid {
                field: "group_by",
                message: format!("{other:?}: use function, service or team"),
            });
        }
    };
    let (from, to) = range(params.from.as_deref(), params.to.as_deref(), 30)?;
    Ok(Json(state.logs.cost_report(grouping, from, to).await?))
}
