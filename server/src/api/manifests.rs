//! `POST /api/v1/manifests`: CI pipelines push a manifest; it goes through the same ingestion
//! pipeline as `switchboard ingest`.

use std::path::PathBuf;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::Value;

use super::auth::require_admin;
use super::error::ApiError;
use crate::ingest::pipeline::{FileOutcome, IngestOptions, ingest_text, no_files};
use crate::ingest::record::SourceMeta;
use crate::ingest::report::file_entry;
use crate::web::AppState;

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new().route("/manifests", post(push_manifest))
}

/// Metadata sent with a manifest, as query parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ManifestParams {
    /// Path of the manifest in its repository, e.g. `services/orders/serverless.yml`.
    pub path: Option<String>,
    /// Repository URL; recorded with the path as the manifest's source.
    pub repository: Option<String>,
    /// Owning team; wins over the manifest's tags.
    pub team: Option<String>,
    /// Stage, as given to `${opt:stage}`.
    pub stage: Option<String>,
    /// Region, as given to `${opt:region}`.
    pub region: Option<String>,
}

fn text_param(field: &'static str, value: Option<String>, max: usize) -> Result<Option<String>, ApiError> {
    let Some(value) = value.map(|v| v.trim().to_string()).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if value.len() > max {
        return Err(ApiError::Invalid { field, message: format!("at most {max} characters") });
    }
    if value.chars().any(char::is_control) {
        return Err(ApiError::Invalid { field, message: "control characters are not allowed".into() });
    }
    Ok(Some(value))
}

/// Ingests the manifest in the body. 200 with the file's report (status `ok` or `unchanged`);
/// 422 when the manifest cannot be read, with its line and column.
#[utoipa::path(post, path = "/api/v1/manifests", tag = "ingest", params(ManifestParams),
    request_body(content = String, content_type = "text/plain", description = "the manifest: serverless.yml or a SAM/CloudFormation template"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "indexed (`status`: `ok`) or identical to last time (`unchanged`); same fields as one file of `ingest --dry-run --format json`, plus `changes`"),
        (status = 401, description = "missing or wrong token"),
        (status = 403, description = "write APIs disabled: no admin token configured"),
        (status = 413, description = "larger than max_manifest_bytes"),
        (status = 422, description = "the manifest cannot be read (`status`: `error`, with line and column) or a parameter is invalid"),
    ))]
pub async fn push_manifest(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<ManifestParams>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    require_admin(&headers, state.api.admin_token.as_ref())?;
    let Query(params) =
        params.map_err(|rejection| ApiError::Invalid { field: "query", message: rejection.body_text() })?;
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge { limit: state.api.max_manifest_bytes },
        _ => ApiError::Invalid { field: "body", message: rejection.body_text() },
    })?;
    let path = text_param("path", params.path, 1024)?.ok_or(ApiError::Invalid {
        field: "path",
        message: "required: the manifest's path, e.g. services/orders/serverless.yml".into(),
    })?;
    let repository = text_param("repository", params.repository, 1024)?;
    let options = IngestOptions {
        team: text_param("team", params.team, 128)?,
        stage: text_param("stage", params.stage, 128)?,
        region: text_param("region", params.region, 64)?,
        owners: None,
        max_bytes: usize::try_from(state.api.max_manifest_bytes).unwrap_or(usize::MAX),
    };
    if body.len() as u64 > state.api.max_manifest_bytes {
        return Err(ApiError::TooLarge { limit: state.api.max_manifest_bytes });
    }
    let text = String::from_utf8(body.to_vec()).map_err(|e| ApiError::Invalid {
        field: "body",
        message: format!("the manifest is not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()),
    })?;
    let source = match &repository {
        Some(repository) => format!("{}/{}", repository.trim_end_matches('/'), path.trim_start_matches('/')),
        None => path.clone(),
    };
    let meta = SourceMeta { source, team: options.team.clone(), owners_team: None };
    let report = ingest_text(Some(&state.db), PathBuf::from(&path), text, meta, &options, no_files()).await.map_err(
        |error| match error {
            crate::ingest::pipeline::IngestError::Db(db) => ApiError::Storage(db),
            other => ApiError::Invalid { field: "path", message: other.to_string() },
        },
    )?;
    let mut entry = file_entry(&report);
    let (status, label) = match &report.outcome {
        FileOutcome::Indexed(_) | FileOutcome::Parsed => (StatusCode::OK, "ok"),
        FileOutcome::Unchanged => (StatusCode::OK, "unchanged"),
        FileOutcome::Rejected(_) => (StatusCode::UNPROCESSABLE_ENTITY, "error"),
    };
    entry["status"] = Value::from(label);
    if let FileOutcome::Indexed(changes) = &report.outcome {
        entry["changes"] = serde_json::to_value(changes).unwrap_or(Value::Null);
    }
    Ok((status, Json(entry)))
}
