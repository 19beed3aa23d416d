//! The header's search box. Without JavaScript it is a GET form to `/search`; hydrated, it
//! shows results as you type (debounced, stale answers dropped), arrow keys move through
//! them, Enter opens one, Escape closes them, and `/` anywhere focuses the box.

use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

use crate::search::api::search;
use crate::search::highlight::Highlighted;
use crate::search::model::{SearchHit, SearchParams, SearchQuery};

/// Wait after the last keystroke before asking the server, in milliseconds.
const DEBOUNCE_MS: u64 = 150;
/// Hits per kind in the live list.
const LIVE_LIMIT: i64 = 5;

/// Whether keyboard focus is in a field where `/` is text, not a shortcut.
fn typing_in_a_field() -> bool {
    document()
        .active_element()
        .map(|element| {
            let tag = element.tag_name().to_ascii_lowercase();
            matches!(tag.as_str(), "input" | "textarea" | "select") || element.has_attribute("contenteditable")
        })
        .unwrap_or(false)
}

/// The global search box.
#[component]
pub fn SearchBox() -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    let hits = RwSignal::new(Vec::<SearchHit>::new());
    let active = RwSignal::new(None::<usize>);
    let generation = StoredValue::new(0_u64);
    let navigate = use_navigate();
    let location = use_location();

    Effect::new(move |_| {
        let handle = window_event_listener(ev::keydown, move |event| {
            if event.key() == "/" && !event.ctrl_key() && !event.meta_key() && !typing_in_a_field() {
                event.prevent_default();
                if let Some(input) = input.get_untracked() {
                    let _ = input.focus();
                }
            }
        });
        on_cleanup(move || handle.remove());
    });
    // A new page closes the list.
    Effect::new(move |_| {
        location.pathname.track();
        hits.set(Vec::new());
        active.set(None);
    });

    let close = move || {
        generation.update_value(|g| *g += 1);
        hits.set(Vec::new());
        active.set(None);
    };
    let on_input = move |event: ev::Event| {
        let text = event_target_value(&event);
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        if text.trim().is_empty() {
            close();
            return;
        }
        set_timeout(
            move || {
                if generation.get_value() != mine {
                    return;
                }
                let params = SearchParams { q: Some(text), limit: Some(LIVE_LIMIT), ..SearchParams::default() };
                let Ok(query) = SearchQuery::try_from(params) else { return };
                leptos::task::spawn_local(async move {
                    let found = search(query).await;
                    // An answer to an older keystroke arriving late must not replace a newer one.
                    if generation.get_value() != mine {
                        return;
                    }
                    let found = found.map(|r| r.groups.into_iter().flat_map(|g| g.hits).collect()).unwrap_or_default();
                    hits.set(found);
                    active.set(None);
                });
            },
            Duration::from_millis(DEBOUNCE_MS),
        );
    };
    let on_keydown = move |event: ev::KeyboardEvent| {
        let count = hits.with(Vec::len);
        match event.key().as_str() {
            "ArrowDown" if count > 0 => {
                event.prevent_default();
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1).min(count - 1))));
            }
            "ArrowUp" if count > 0 => {
                event.prevent_default();
                active.update(|a| *a = a.and_then(|i| i.checked_sub(1)));
            }
            "Enter" => {
                if let Some(url) = active.get().and_then(|i| hits.with(|h| h.get(i).map(|hit| hit.url.clone()))) {
                    event.prevent_default();
                    close();
                    navigate(&url, Default::default());
                }
            }
            "Escape" => close(),
            _ => {}
        }
    };
    view! {
        <form class="search" role="search" method="get" action="/search">
            <input
                node_ref=input
                type="search"
                name="q"
                placeholder="Search services, functions, events…  ( / )"
                aria-label="Search the catalog"
                aria-controls="live-results"
                aria-autocomplete="list"
                autocomplete="off"
                on:input=on_input
                on:keydown=on_keydown
            />
            <Show when=move || hits.with(|h| !h.is_empty())>
                <ul id="live-results" class="live-results" role="listbox" aria-label="Results">
                    <For each=move || hits.get().into_iter().enumerate() key=|(i, hit)| (*i, hit.url.clone()) let:item>
                        {
                            let (index, hit) = item;
                            let selected = move || active.get() == Some(index);
                            view! {
                                <li role="option" aria-selected=move || selected().to_string() class:active=selected>
                                    <a href=hit.url.clone()>
                                        <span class="badge">{hit.kind.as_str()}</span>
                                        " "
                                        <Highlighted segments=hit.highlight.clone() />
                                        " "
                                        <span class="muted small">{hit.subtitle.clone()}</span>
                                    </a>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>
        </form>
    }
}
