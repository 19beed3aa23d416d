//! The Subscribe panel: ready-to-paste configuration that attaches a new function to an event,
//! for serverless.yml, a SAM template and the AWS CLI.

use leptos::prelude::*;

use crate::events::api::subscribe_snippets;
use crate::events::model::{DEFAULT_FUNCTION_NAME, MAX_FUNCTION_NAME, Snippet, valid_function_name};
use crate::ui::error_view::ErrorBox;

/// Snippets for the event `event_id`, generated on the server and asked for again as the
/// function name changes (with JavaScript off, through the form's `function` parameter).
#[component]
pub fn SubscribePanel(event_id: i64, include_removed: bool, function_name: Option<String>) -> impl IntoView {
    let initial = function_name.as_deref().and_then(valid_function_name).unwrap_or(DEFAULT_FUNCTION_NAME).to_string();
    let rejected = function_name.filter(|name| valid_function_name(name).is_none());
    let name = RwSignal::new(initial.clone());
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let snippets = Resource::new(move || name.get(), move |name| subscribe_snippets(event_id, include_removed, name));
    view! {
        <section class="subscribe" aria-labelledby="subscribe-heading">
            <h2 id="subscribe-heading">"Subscribe"</h2>
            <p class="muted">"Attach a new function to this event: paste one of these into your project."</p>
            <form method="get" action=format!("/events/{event_id}") class="subscribe-form">
                <label>"Function name " <input type="text" name="function" value=initial maxlength=MAX_FUNCTION_NAME
                    pattern="[A-Za-z0-9_-]+" aria-label="Function name"
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        if let Some(valid) = valid_function_name(&text) {
                            name.set(valid.to_string());
                        }
                    } /></label>
                <noscript><button type="submit">"Update"</button></noscript>
            </form>
            {rejected.map(|name| view! {
                <p class="error-box" role="alert">{format!("{name:?} is not a function name: use letters, digits, - and _ (at most {MAX_FUNCTION_NAME}).")}</p>
            })}
            // Transition, not Suspense: while a new name is generated, the last snippets stay.
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match snippets.await {
                        Ok(list) => list.into_iter().map(|snippet| view! { <SnippetView snippet hydrated /> }).collect_view().into_any(),
                        Err(error) => view! { <ErrorBox error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn SnippetView(snippet: Snippet, hydrated: RwSignal<bool>) -> impl IntoView {
    let copied = RwSignal::new(false);
    let text = snippet.text.clone();
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let promise = window().navigator().clipboard().write_text(&text);
            leptos::task::spawn_local(async move {
                if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                    copied.set(true);
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &text;
    };
    view! {
        <div class="snippet" data-format=snippet.title.clone()>
            <div class="snippet-head">
                <h3>{snippet.title.clone()}</h3>
                <Show when=move || hydrated.get()>
                    <button type="button" class="copy-button" on:click=copy.clone()>
                        {move || if copied.get() { "Copied" } else { "Copy" }}
                    </button>
                </Show>
            </div>
            <pre class="config snippet-text" data-language=snippet.language>{snippet.text.clone()}</pre>
            {snippet.note.clone().map(|note| view! { <p class="muted small">{note}</p> })}
        </div>
    }
}
