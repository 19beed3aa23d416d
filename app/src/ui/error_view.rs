//! How a page shows a failed request.

use leptos::prelude::*;

use crate::error::AppError;

/// A visible, accessible error message for an [`AppError`]; on the server it also sets the
/// response status (404 for not found, 503 for unavailable, ...).
#[component]
pub fn ErrorBox(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            let status = match &error {
                AppError::NotFound { .. } => http::StatusCode::NOT_FOUND,
                AppError::Forbidden => http::StatusCode::FORBIDDEN,
                AppError::Invalid { .. } => http::StatusCode::BAD_REQUEST,
                AppError::Unavailable { .. } => http::StatusCode::SERVICE_UNAVAILABLE,
                AppError::Request(_) => http::StatusCode::BAD_GATEWAY,
            };
            response.set_status(status);
        }
    }
    let title = match &error {
        AppError::NotFound { .. } => "Not found. ",
        _ => "Something went wrong. ",
    };
    view! {
        <div class="error-box" role="alert">
            <strong>{title}</strong>
            {error.to_string()}
        </div>
    }
}

/// A failed part of a page (a log source, a chart), shown in place while the rest of the page
/// renders; the page's status stays 200. `what` says which part failed.
#[component]
pub fn SourceErrorBox(what: &'static str, error: AppError) -> impl IntoView {
    view! {
        <div class="error-box" role="alert">
            <strong>{what} " "</strong>
            {error.to_string()}
        </div>
    }
}
