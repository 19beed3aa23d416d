//! The events catalog: every event source, grouped by kind.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::catalog::model::EventList;
use crate::events::api::list_events;
use crate::ui::error_view::ErrorBox;
use crate::ui::format::kind_label;
use crate::ui::url;

/// Events of every kind, or of the kind in `?kind=`.
#[component]
pub fn EventsPage() -> impl IntoView {
    let query = use_query_map();
    let key = move || {
        query.with(|q| {
            let get = |name: &str| q.get(name).filter(|v| !v.is_empty() && v.len() <= 256);
            (get("kind"), get("cursor"))
        })
    };
    let events = Resource::new(key, |(kind, cursor)| list_events(kind, cursor));
    view! {
        <Title text="Events" />
        <h1>"Events"</h1>
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match events.await {
                    Ok(list) => view! { <EventListView list /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn EventListView(list: EventList) -> impl IntoView {
    let chosen = list.kind.clone();
    let total: i64 = list.kinds.iter().map(|k| k.count).sum();
    let next = list.page.next_cursor.clone().map(|cursor| {
        let mut params = vec![("cursor", cursor)];
        if let Some(kind) = &chosen {
            params.insert(0, ("kind", kind.clone()));
        }
        url::with_query("/events", &params)
    });
    view! {
        <nav class="kinds" aria-label="Event kinds">
            <a href="/events" aria-current=chosen.is_none().then_some("page")>"All " <span class="count">{total}</span></a>
            {list.kinds.iter().map(|k| {
                let selected = chosen.as_deref() == Some(k.value.as_str());
                view! {
                    <a href=url::with_query("/events", &[("kind", k.value.clone())]) data-kind=k.value.clone()
                        aria-current=selected.then_some("page")>
                        {kind_label(&k.value)} " " <span class="count">{k.count}</span>
                    </a>
                }
            }).collect_view()}
        </nav>
        {if list.page.items.is_empty() {
            view! { <p class="muted">"No events here yet."</p> }.into_any()
        } else {
            view! {
                <table class="events">
                    <thead><tr><th>"Event"</th><th>"Kind"</th><th class="num">"Consumers"</th><th class="num">"Producers"</th></tr></thead>
                    <tbody>
                        {list.page.items.into_iter().map(|e| view! {
                            <tr>
                                <td><a href=url::event(e.event.id)>{e.event.name.clone()}</a></td>
                                <td><span class="badge">{kind_label(&e.event.kind)}</span></td>
                                <td class="num">{e.subscribers}</td>
                                <td class="num">{e.producers}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <nav class="pager" aria-label="Pages">{next.map(|href| view! { <a href=href rel="next">"Next page →"</a> })}</nav>
    }
}
