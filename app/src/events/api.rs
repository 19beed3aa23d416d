//! Server functions for the events pages.

use leptos::prelude::*;

use crate::catalog::model::{EventDetail, EventList};
use crate::error::AppError;

/// Kinds with counts, and a page of events (of `kind` if given).
#[server(endpoint = "events")]
pub async fn list_events(kind: Option<String>, cursor: Option<String>) -> Result<EventList, AppError> {
    crate::backend::expect_backend()?.events(kind, cursor).await
}

/// One event with its producers and consumers.
#[server(endpoint = "event")]
pub async fn get_event(id: i64, include_removed: bool) -> Result<EventDetail, AppError> {
    crate::backend::expect_backend()?.event(id, include_removed).await
}
