//! One event: what it is, who publishes it, who consumes it, and how to subscribe to it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::catalog::model::{Endpoint, EventDetail};
use crate::error::AppError;
use crate::events::api::get_event;
use crate::ui::error_view::ErrorBox;
use crate::ui::format::{kind_label, stage_region, timestamp};
use crate::ui::url;

/// The page of the event whose id is in the path.
#[component]
pub fn EventPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        let id = params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
        let removed = query.with(|q| q.get("removed").is_some_and(|v| v == "1"));
        (id, removed)
    };
    let function_name = move || query.with(|q| q.get("function"));
    let event = Resource::new(key, |(id, removed)| async move {
        match id {
            Some(id) => get_event(id, removed).await,
            None => Err(AppError::NotFound { what: "that event".into() }),
        }
    });
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match event.await {
                    Ok(detail) => {
                        let include_removed = key().1;
                        view! { <EventView detail include_removed function_name=function_name() /> }.into_any()
                    }
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn EventView(detail: EventDetail, include_removed: bool, function_name: Option<String>) -> impl IntoView {
    let e = detail.event.clone();
    let detail_text = match &detail.detail {
        serde_json::Value::Object(map) if map.is_empty() => None,
        serde_json::Value::Null => None,
        other => serde_json::to_string_pretty(other).ok(),
    };
    let graph = crate::topology::graph::event_topology(&detail);
    let graph_label = format!("Producers and consumers of {}", e.name);
    view! {
        <Title text=e.name.clone() />
        <header class="page-head">
            <h1>{e.name.clone()}</h1>
            <p class="muted"><span class="badge">{kind_label(&e.kind)}</span> " " <code>{e.key.clone()}</code></p>
        </header>
        <dl class="facts">
            <dt>"First seen"</dt><dd>{timestamp(&detail.first_seen)}</dd>
            <dt>"Last seen"</dt><dd>{timestamp(&detail.last_seen)}</dd>
        </dl>
        {detail_text.map(|text| view! { <h2>"Details"</h2> <pre class="config">{text}</pre> })}
        <h2>"Topology"</h2>
        <div class="topology-frame">
            <crate::topology::graph_view::TopologyGraph topology=graph label=graph_label />
        </div>
        <div class="two-columns">
            <section>
                <h2>"Producers"</h2>
                <Endpoints endpoints=detail.producers.clone() show_config=false empty="No function in the catalog publishes to it." />
            </section>
            <section>
                <h2>"Consumers"</h2>
                <Endpoints endpoints=detail.subscribers.clone() show_config=true empty="Nothing in the catalog consumes it yet." />
            </section>
        </div>
        {view! { <crate::events::subscribe_panel::SubscribePanel event_id=e.id include_removed function_name /> }.into_any()}
    }
}

#[component]
fn Endpoints(endpoints: Vec<Endpoint>, show_config: bool, empty: &'static str) -> impl IntoView {
    if endpoints.is_empty() {
        return view! { <p class="muted">{empty}</p> }.into_any();
    }
    view! {
        <table class="endpoints">
            <thead><tr><th>"Function"</th><th>"Service"</th><th>"Team"</th>{show_config.then(|| view! { <th>"Filter"</th> })}</tr></thead>
            <tbody>
                {endpoints.into_iter().map(|p| {
                    let filter = match &p.config {
                        serde_json::Value::Object(map) if !map.is_empty() => serde_json::to_string_pretty(&p.config).ok(),
                        _ => None,
                    };
                    view! {
                        <tr>
                            <td><a href=url::function(p.function_id)>{p.function.clone()}</a>
                                {p.removed_at.map(|_| view! { " " <span class="badge removed">"removed"</span> })}</td>
                            <td><a href=url::service(p.service.id)>{p.service.name.clone()}</a>
                                " " <span class="muted small">{stage_region(&p.service.stage, &p.service.region)}</span></td>
                            <td>{p.service.team.clone().map(|team| view! { <a href=url::team(&team)>{team.clone()}</a> })}</td>
                            {show_config.then(|| view! { <td>{filter.map(|text| view! { <pre class="config">{text}</pre> })}</td> })}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
