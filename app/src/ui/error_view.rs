//! How a page shows a failed request.

use leptos::prelude::*;

use crate::error::AppError;

/// A visible, accessible error message for an [`AppError`].
#[component]
pub fn ErrorBox(error: AppError) -> impl IntoView {
    view! {
        <div class="error-box" role="alert">
            <strong>"Something went wrong. "</strong>
            {error.to_string()}
        </div>
    }
}
