//! `POST /api/v1/logs` (push log events of catalog functions) and
//! `GET /api/v1/functions/{id}/logs` (read a function's log from the configured source).

use app::logs::model::LogLines;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::Value;

use super::auth::require_admin;
use super::catalog::query;
use super::error::ApiError;
use super::time::{parse_time, time_param};
use crate::logs::LogQuery;
use crate::logs::service::{LogsFailure, PushSummary, PushedEvent};
use crate::web::AppState;

/// Most records one push may hold (CloudWatch PutLogEvents' own bound).
pub const MAX_PUSH_RECORDS: usize = 10_000;
/// Longest message, in bytes (CloudWatch's event size limit).
pub const MAX_MESSAGE_BYTES: usize = 256 * 1024;
/// Most events one page of `GET …/logs` returns.
pub const MAX_LOG_PAGE: usize = 1000;

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new().route("/logs", post(push_logs)).route("/functions/{id}/logs", get(function_logs))
}

/// One pushed log event (documentation of the body's records; they are validated one field at
/// a time, to name the record and field at fault).
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct PushedRecord {
    /// The function's deployed name, e.g. `orders-api-prod-createOrder` (its Lambda function
    /// name, as in its log group `/aws/lambda/<name>`). It must match exactly one current
    /// function of the catalog.
    pub function: String,
    /// When it was logged: RFC 3339 (`2026-11-23T10:00:00.123Z`) or epoch milliseconds.
    #[schema(value_type = String)]
    pub timestamp: Value,
    /// The log line, as Lambda wrote it (REPORT lines are counted into metrics and costs).
    pub message: String,
    /// Log stream, optional.
    pub stream: Option<String>,
}

fn record_error(index: usize, field: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::InvalidRecord { index, field, message: message.into() }
}

fn text_field<'a>(
    record: &'a Value,
    index: usize,
    field: &'static str,
    max: usize,
) -> Result<Option<&'a str>, ApiError> {
    match record.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if text.len() > max => {
            Err(record_error(index, field, format!("at most {max} bytes")))
        }
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(record_error(index, field, "must be a string")),
    }
}

/// Validates one record of the batch.
fn parse_record(index: usize, record: &Value, now_ms: i64) -> Result<PushedEvent, ApiError> {
    if !record.is_object() {
        return Err(record_error(index, "record", "must be an object with function, timestamp and message"));
    }
    let function = text_field(record, index, "function", 140)?
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .ok_or_else(|| record_error(index, "function", "required: the function's deployed name"))?;
    if function.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(record_error(index, "function", "a deployed name has no spaces or control characters"));
    }
    let timestamp_ms = match record.get("timestamp") {
        Some(Value::Number(n)) => {
            n.as_i64().ok_or_else(|| record_error(index, "timestamp", "epoch milliseconds must be a whole number"))?
        }
        Some(Value::String(text)) => parse_time(text).ok_or_else(|| {
            record_error(
                index,
                "timestamp",
                "not a time: use RFC 3339 (2026-11-23T10:00:00.123Z) or epoch milliseconds",
            )
        })?,
        None | Some(Value::Null) => return Err(record_error(index, "timestamp", "required")),
        Some(_) => return Err(record_error(index, "timestamp", "must be an RFC 3339 string or epoch milliseconds")),
    };
    // CloudWatch takes events up to 14 days old and 2 hours ahead; pushed history may be older.
    if !(946_684_800_000..=now_ms + 2 * 3_600_000).contains(&timestamp_ms) {
        return Err(record_error(index, "timestamp", "must be after 2000-01-01 and at most 2 hours in the future"));
    }
    let message = text_field(record, index, "message", MAX_MESSAGE_BYTES)?
        .ok_or_else(|| record_error(index, "message", "required"))?;
    if message.is_empty() {
        return Err(record_error(index, "message", "must not be empty"));
    }
    if message.contains('\0') {
        return Err(record_error(index, "message", "NUL characters are not allowed"));
    }
    let stream = text_field(record, index, "stream", 512)?.map(str::to_string);
    Ok(PushedEvent { index, function: function.to_string(), timestamp_ms, stream, message: message.to_string() })
}

/// Stores a batch of log events and counts their REPORT lines into metrics and costs. The
/// batch is stored whole or not at all.
#[utoipa::path(post, path = "/api/v1/logs", tag = "logs",
    request_body(content = Vec<PushedRecord>, description = "a JSON array of at most 10,000 records"),
    security(("bearer" = [])),
    responses(
        (status = 200, body = PushSummary, description = "stored"),
        (status = 401, description = "missing or wrong token"),
        (status = 403, description = "write APIs disabled: no admin token configured"),
        (status = 413, description = "body too large"),
        (status = 422, description = "a record is invalid or names an unknown function: `error.index` and `error.field` say which"),
    ))]
pub async fn push_logs(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<PushSummary>, ApiError> {
    require_admin(&headers, state.api.admin_token.as_ref())?;
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge { limit: state.api.max_manifest_bytes },
        _ => ApiError::Invalid { field: "body", message: rejection.body_text() },
    })?;
    let records: Vec<Value> = match serde_json::from_slice(&body) {
        Ok(Value::Array(records)) => records,
        Ok(_) => return Err(ApiError::Invalid { field: "body", message: "must be a JSON array of records".into() }),
        Err(error) => return Err(ApiError::Invalid { field: "body", message: format!("not JSON: {error}") }),
    };
    if records.is_empty() || records.len() > MAX_PUSH_RECORDS {
        return Err(ApiError::Invalid { field: "body", message: format!("send 1 to {MAX_PUSH_RECORDS} records") });
    }
    let now_ms = chrono::Utc::now().timestamp_millis();
    let events = records.iter().enumerate().map(|(i, r)| parse_record(i, r, now_ms)).collect::<Result<Vec<_>, _>>()?;
    match state.logs.store_pushed(events, now_ms).await? {
        Ok(summary) => Ok(Json(summary)),
        Err(unknown) => {
            let first = &unknown[0];
            let more = if unknown.len() > 1 { format!(" ({} records in all)", unknown.len()) } else { String::new() };
            Err(record_error(first.index, "function", format!("{}{more}", first.message)))
        }
    }
}

/// Query parameters of `GET /functions/{id}/logs`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct LogsParams {
    /// Oldest event time: RFC 3339, a date (`2026-11-23`) or epoch ms (default: 1 hour ago).
    pub from: Option<String>,
    /// Newest event time, same forms (default: now).
    pub to: Option<String>,
    /// Filter pattern: passed to CloudWatch as is; the local source takes terms, "quoted
    /// phrases" and -exclusions.
    pub filter: Option<String>,
    /// Events per page, 1 to 1000 (default 100).
    pub limit: Option<usize>,
    /// `next_token` of the previous page.
    pub next_token: Option<String>,
}

/// A page of a function's log, oldest first, from the configured source (local or CloudWatch).
#[utoipa::path(get, path = "/api/v1/functions/{id}/logs", tag = "logs",
    params(("id" = i64, Path, description = "function id"), LogsParams),
    responses(
        (status = 200, body = LogLines),
        (status = 404, description = "no such function, or its log group does not exist"),
        (status = 422, description = "invalid parameter or filter"),
        (status = 502, description = "CloudWatch refused or failed (access denied, 5xx); the message says what to check"),
        (status = 503, description = "CloudWatch throttled the request or is not configured"),
        (status = 504, description = "CloudWatch did not answer within the configured timeout"),
    ))]
pub async fn function_logs(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    params: Result<Query<LogsParams>, QueryRejection>,
) -> Result<Json<LogLines>, ApiError> {
    let params = query(params)?;
    let now = chrono::Utc::now().timestamp_millis();
    let start = time_param("from", params.from.as_deref())?.unwrap_or(now - 3_600_000);
    let end = time_param("to", params.to.as_deref())?.unwrap_or(now);
    if end < start {
        return Err(ApiError::Invalid { field: "to", message: "must not be before from".into() });
    }
    let limit = params.limit.unwrap_or(100);
    if !(1..=MAX_LOG_PAGE).contains(&limit) {
        return Err(ApiError::Invalid { field: "limit", message: format!("1 to {MAX_LOG_PAGE}") });
    }
    let log_query = LogQuery {
        start_ms: Some(start),
        end_ms: Some(end),
        filter: params.filter.filter(|f| !f.trim().is_empty()),
        limit,
        next_token: params.next_token.filter(|t| !t.is_empty()),
    };
    state.logs.function_logs(id, &log_query).await.map(Json).map_err(|failure| match failure {
        LogsFailure::NoSuchFunction(id) => ApiError::NotFound(format!("function {id}")),
        LogsFailure::NoLogGroup(id) => {
            ApiError::NotFound(format!("a log group for function {id} (it has no deployed name)"))
        }
        LogsFailure::Source(error) => ApiError::LogSource(error),
        LogsFailure::Db(error) => ApiError::Storage(error),
    })
}
