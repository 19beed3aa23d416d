//! The REST layer's one error type: a status code and a JSON body naming what to fix.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::db::DbError;

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
            ApiError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Storage(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::Unauthenticated => "unauthenticated",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::Invalid { .. } => "invalid",
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
        let field = match &self {
            ApiError::Invalid { field, .. } => Some(*field),
            _ => None,
        };
        let body = json!({ "error": { "code": self.code(), "message": self.to_string(), "field": field } });
        let mut response = (self.status_code(), Json(body)).into_response();
        if matches!(self, ApiError::Unauthenticated) {
            response.headers_mut().insert("www-authenticate", axum::http::HeaderValue::from_static("Bearer"));
        }
        response
    }
}
