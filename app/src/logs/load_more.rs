//! "Load more" on the logs tab. Without JavaScript it is a link to the next older page; once
//! hydrated, a click appends that page below the list instead, and the link moves on to the page
//! after it, so reading back through a log keeps what was already read on screen.

use leptos::prelude::*;

use crate::error::AppError;
use crate::logs::api::{LogsParams, get_log_timeline};
use crate::logs::invocation_view::InvocationView;
use crate::logs::logs_tab::logs_url;
use crate::logs::model::InvocationLog;
use crate::ui::error_view::SourceErrorBox;

/// Older invocations of function `function_id` under `params`, starting at `older` (the
/// `older` position of the page shown).
#[component]
pub fn LoadMore(function_id: i64, params: LogsParams, older: String) -> impl IntoView {
    let params = StoredValue::new(params);
    let next = RwSignal::new(Some(older));
    let loaded = RwSignal::new(Vec::<InvocationLog>::new());
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(None::<AppError>);

    let load = move |event: leptos::ev::MouseEvent| {
        // A click meant for a new tab or window keeps the link's own behaviour.
        if event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key() || event.button() != 0 {
            return;
        }
        event.prevent_default();
        let Some(before) = next.get_untracked() else { return };
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        let page = LogsParams { before: Some(before), ..params.get_value() };
        leptos::task::spawn_local(async move {
            match get_log_timeline(function_id, page).await {
                Ok(timeline) => {
                    loaded.update(|shown| shown.extend(timeline.invocations));
                    next.set(timeline.older);
                    failed.set(None);
                }
                Err(error) => failed.set(Some(error)),
            }
            loading.set(false);
        });
    };

    view! {
        <Show when=move || loaded.with(|shown| !shown.is_empty())>
            <ol class="invocations older">
                // Positions are stable: pages are only ever appended.
                <For each=move || loaded.get().into_iter().enumerate() key=|(index, _)| *index let:item>
                    <InvocationView invocation=item.1 function_id />
                </For>
            </ol>
        </Show>
        {move || failed.get().map(|error| view! { <SourceErrorBox what="Older logs could not be read." error /> })}
        // One link for all pages, its address moving on: focus stays on it after each page.
        <Show when=move || next.with(Option::is_some)
            fallback=|| view! { <p class="muted small end-of-range">"Start of the range: nothing older."</p> }>
            <p>
                <a class="load-more" on:click=load aria-busy=move || loading.get().to_string()
                    href=move || {
                        let before = next.get();
                        logs_url(function_id, &LogsParams { before, ..params.get_value() })
                    }>
                    {move || if loading.get() { "Loading…" } else { "Load more" }}
                </a>
            </p>
        </Show>
    }
}
