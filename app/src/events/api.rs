//! Server functions for the events pages.

use leptos::prelude::*;

use crate::catalog::model::{EventDetail, EventList};
use crate::error::AppError;
use crate::events::model::Snippet;
#[cfg(feature = "ssr")]
use crate::events::model::{MAX_FUNCTION_NAME, valid_function_name};

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

/// The Subscribe panel's snippets for a new function named `function_name` on one event.
///
/// Generated on the server so the generator stays out of the browser's bundle; the panel asks
/// again as the name is typed.
#[server(endpoint = "subscribe_snippets")]
pub async fn subscribe_snippets(
    id: i64,
    include_removed: bool,
    function_name: String,
) -> Result<Vec<Snippet>, AppError> {
    let name = valid_function_name(&function_name).ok_or_else(|| AppError::Invalid {
        field: "function".into(),
        message: format!("use letters, digits, - and _ (at most {MAX_FUNCTION_NAME})"),
    })?;
    let event = crate::backend::expect_backend()?.event(id, include_removed).await?;
    Ok(crate::events::snippets::subscribe_snippets(&event, name))
}
