//! One service: its functions, the events they consume and produce, and where it came from.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::catalog::model::{Direction, EventRef, ServiceDetail};
use crate::error::AppError;
use crate::services::api::get_service;
use crate::ui::error_view::ErrorBox;
use crate::ui::format::{kind_label, or_dash, stage_region, timestamp};
use crate::ui::url;

/// The page of the service whose id is in the path.
#[component]
pub fn ServicePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        let id = params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
        let removed = query.with(|q| q.get("removed").is_some_and(|v| v == "1"));
        (id, removed)
    };
    let service = Resource::new(key, |(id, removed)| async move {
        match id {
            Some(id) => get_service(id, removed).await,
            None => Err(AppError::NotFound { what: "that service".into() }),
        }
    });
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (_, removed) = key();
                match service.await {
                    Ok(detail) => view! { <ServiceView detail removed /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// An event linked from a page.
#[component]
pub fn EventLink(event: EventRef) -> impl IntoView {
    view! {
        <a href=url::event(event.id) class="event-link">
            <span class="badge">{kind_label(&event.kind)}</span>
            " "
            {event.name}
        </a>
    }
}

#[component]
fn ServiceView(detail: ServiceDetail, removed: bool) -> impl IntoView {
    let s = detail.service.clone();
    let mut triggers: BTreeMap<i64, Vec<EventRef>> = BTreeMap::new();
    let mut consumes: BTreeMap<i64, EventRef> = BTreeMap::new();
    let mut produces: BTreeMap<i64, EventRef> = BTreeMap::new();
    for link in &detail.links {
        match link.direction {
            Direction::Consumes => {
                triggers.entry(link.function_id).or_default().push(link.event.clone());
                consumes.insert(link.event.id, link.event.clone());
            }
            Direction::Produces => {
                produces.insert(link.event.id, link.event.clone());
            }
        }
    }
    let graph = crate::topology::graph::service_topology(&detail);
    let graph_label = format!("Events around {} and the services on the other side", s.name);
    let toggle = if removed { url::service(s.id) } else { format!("{}?removed=1", url::service(s.id)) };
    let title = s.name.clone();
    view! {
        <Title text=title />
        <header class="page-head">
            <h1>{s.name.clone()} {s.removed_at.map(|_| view! { " " <span class="badge removed">"removed"</span> })}</h1>
            <p class="muted">
                {s.team.clone().map(|team| view! { "Team " <a href=url::team(&team)>{team.clone()}</a> " · " })}
                {stage_region(&s.stage, &s.region)} " · " {s.provider.clone()} " · " {s.format.clone()}
            </p>
        </header>
        {detail.description.clone().map(|d| view! { <p>{d}</p> })}
        <dl class="facts">
            <dt>"Manifest"</dt><dd><code>{format!("{}:{}", s.source, s.source_line)}</code></dd>
            <dt>"Runtime"</dt><dd>{or_dash(&detail.runtime)}</dd>
            <dt>"First seen"</dt><dd>{timestamp(&s.first_seen)}</dd>
            <dt>"Last changed"</dt><dd>{timestamp(&s.changed_at)}</dd>
            <dt>"Last seen"</dt><dd>{timestamp(&s.last_seen)}</dd>
            {(!detail.tags.is_empty()).then(|| view! {
                <dt>"Tags"</dt>
                <dd>{detail.tags.iter().map(|(k, v)| view! { <span class="badge">{format!("{k}={v}")}</span> " " }).collect_view()}</dd>
            })}
        </dl>

        <h2>"Functions"</h2>
        <p><a href=toggle class="toggle-removed">{if removed { "Hide removed functions" } else { "Show removed functions" }}</a></p>
        <table class="functions">
            <thead><tr>
                <th>"Function"</th><th>"Runtime"</th><th class="num">"Memory (MB)"</th><th class="num">"Timeout (s)"</th>
                <th>"Architecture"</th><th>"Triggers"</th>
            </tr></thead>
            <tbody>
                {detail.functions.into_iter().map(|f| {
                    let events = triggers.remove(&f.id).unwrap_or_default();
                    view! {
                        <tr>
                            <td>
                                <a href=url::function(f.id)>{f.name.clone()}</a>
                                {f.removed_at.map(|_| view! { " " <span class="badge removed">"removed"</span> })}
                            </td>
                            <td>{or_dash(&f.runtime)}</td>
                            <td class="num">{or_dash(&f.memory_mb)}</td>
                            <td class="num">{or_dash(&f.timeout_s)}</td>
                            <td>{or_dash(&f.architecture)}</td>
                            <td>{events.into_iter().map(|event| view! { <EventLink event /> <br /> }).collect_view()}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>

        <h2>"Topology"</h2>
        <div class="topology-frame">
            <crate::topology::graph_view::TopologyGraph topology=graph label=graph_label />
        </div>
        <div class="two-columns">
            <section>
                <h2>"Consumes"</h2>
                <EventList events=consumes.into_values().collect() empty="Nothing triggers these functions." />
            </section>
            <section>
                <h2>"Produces"</h2>
                <EventList events=produces.into_values().collect() empty="No function publishes to an event." />
            </section>
        </div>
    }
}

#[component]
fn EventList(events: Vec<EventRef>, empty: &'static str) -> impl IntoView {
    if events.is_empty() {
        return view! { <p class="muted">{empty}</p> }.into_any();
    }
    view! {
        <ul class="plain">{events.into_iter().map(|event| view! { <li><EventLink event /></li> }).collect_view()}</ul>
    }
    .into_any()
}
