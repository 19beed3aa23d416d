//! Who may call write endpoints. Until per-team tokens exist, one admin token from configuration.

use axum::http::HeaderMap;
use sha2::{Digest, Sha256};

use super::error::ApiError;
use crate::config::Secret;

/// Checks the `Authorization: Bearer` header against the configured admin token.
pub fn require_admin(headers: &HeaderMap, admin_token: Option<&Secret>) -> Result<(), ApiError> {
    let Some(expected) = admin_token else {
        return Err(ApiError::Forbidden("write APIs are disabled: set SWITCHBOARD_ADMIN_TOKEN to enable them"));
    };
    let given = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .ok_or(ApiError::Unauthenticated)?;
    // Compare digests so the time taken does not depend on how much of the token matched.
    if Sha256::digest(given.trim().as_bytes()) == Sha256::digest(expected.expose().as_bytes()) {
        Ok(())
    } else {
        Err(ApiError::Unauthenticated)
    }
}
