//! The REST layer's one error type: a status code and a JSON body naming what to fix.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::db::DbError;
use crate::logs::LogError;

/// Why an API request failed.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No or malformed credentials.
    #[error("authentication required: send `Authorization: Bearer <token>`")]
    Unauthenticated,
    /// Valid request, but this endpoint is closed or the token lacks the right.
    #[error("{0}")]
    Forbidden(&'static str),
    /// An input was rejected.
    #[error("{field}: {message}")]
    Invalid {
        /// The query parameter, header or body field at fault.
        field: &'static str,
        /// What is wrong and what to send instead.
        message: String,
    },
    /// One record of a batch was rejected.
    #[error("record {index}: {field}: {message}")]
    InvalidRecord {
        /// 0-based index of the record in the batch.
        index: usize,
        /// The record's field at fault.
        field: &'static str,
        /// What is wrong and what to send instead.
        message: String,
    },
    /// The log source failed; the message says what to check.
    #[error("{0}")]
    LogSource(LogError),
    /// No such row.
    #[error("{0} was not found")]
    NotFound(String),
    /// The body is larger than allowed.
    #[error("the body is larger than {limit} bytes; raise max_manifest_bytes or split the manifest")]
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// Storage failed; details go to the log, not to the client.
    #[error("the catalog database is unavailable")]
    Storage(#[from] DbError),
}

impl ApiError {
    /// The HTTP status for this error.
    pub fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Unauthenticated => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::Invalid { .. } | ApiError::InvalidRecord { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::LogSource(error) => match error {
                LogError::InvalidQuery { .. } => StatusCode::UNPROCESSABLE_ENTITY,
                LogError::LogGroupNotFound { .. } => StatusCode::NOT_FOUND,
                LogError::Timeout { .. } => StatusCode::GATEWAY_TIMEOUT,
                LogError::Throttled { .. } | LogError::Config(_) | LogError::Storage => StatusCode::SERVICE_UNAVAILABLE,
                _ => StatusCode::BAD_GATEWAY,
            },
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Storage(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::Unauthenticated => "unauthenticated",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::Invalid { .. } | ApiError::InvalidRecord { .. } => "invalid",
            ApiError::LogSource(LogError::InvalidQuery { .. }) => "invalid",
            ApiError::LogSource(error) => error.code(),
            ApiError::NotFound(_) => "not_found",
            ApiError::TooLarge { .. } => "too_large",
            ApiError::Storage(_) => "unavailable",
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Storage(error) = &self {
            tracing::error!(%error, "storage error in the REST API");
        }
        if let ApiError::LogSource(error) = &self {
            tracing::warn!(%error, "log source error in the REST API");
        }
        let (field, index) = match &self {
            ApiError::Invalid { field, .. } => (Some(*field), None),
            ApiError::InvalidRecord { index, field, .. } => (Some(*field), Some(*index)),
            ApiError::LogSource(LogError::InvalidQuery { field, .. }) => (Some(*field), None),
            _ => (None, None),
        };
        let mut body = json!({ "error": { "code": self.code(), "message": self.to_string(), "field": field } });
        if let Some(index) = index {
            body["error"]["index"] = json!(index);
        }
        let mut response = (self.status_code(), Json(body)).into_response();
        if matches!(self, ApiError::Unauthenticated) {
            response.headers_mut().insert("www-authenticate", axum::http::HeaderValue::from_static("Bearer"));
        }
        response
    }
}
