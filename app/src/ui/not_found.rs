//! The page for an unknown address.

use leptos::prelude::*;
use leptos_meta::Title;

/// Shown for any path no route matches; answers with HTTP 404 on the server.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <Title text="Not found" />
        <h1>"Not found"</h1>
        <p>"Nothing lives at this address. " <a href="/">"Back to the overview"</a></p>
    }
}
