//! One team: its services and the events its functions produce and consume.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::catalog::model::{EventSummary, TeamDetail};
use crate::services::service_page::EventLink;
use crate::teams::api::get_team;
use crate::ui::error_view::ErrorBox;
use crate::ui::format::{stage_region, timestamp};
use crate::ui::url;

/// The page of the team named in the path.
#[component]
pub fn TeamPage() -> impl IntoView {
    let params = use_params_map();
    let name = move || params.with(|p| p.get("name").unwrap_or_default());
    let team = Resource::new(name, get_team);
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match team.await {
                    Ok(detail) => view! { <TeamView detail /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TeamView(detail: TeamDetail) -> impl IntoView {
    let functions: i64 = detail.services.iter().map(|s| s.functions).sum();
    let all_services = url::with_query("/services", &[("team", detail.name.clone())]);
    view! {
        <Title text=detail.name.clone() />
        <header class="page-head">
            <h1>{detail.name.clone()}</h1>
            <p class="muted">{format!("{} services · {} functions", detail.services.len(), functions)}
                " · " <a href=all_services>"Filter the services list"</a></p>
        </header>
        <h2>"Services"</h2>
        <table class="services">
            <thead><tr><th>"Service"</th><th>"Stage · region"</th><th class="num">"Functions"</th><th>"Changed"</th></tr></thead>
            <tbody>
                {detail.services.into_iter().map(|s| view! {
                    <tr>
                        <td><a href=url::service(s.id)>{s.name.clone()}</a></td>
                        <td>{stage_region(&s.stage, &s.region)}</td>
                        <td class="num">{s.functions}</td>
                        <td class="muted">{timestamp(&s.changed_at)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <div class="two-columns">
            <section>
                <h2>"Events it produces"</h2>
                <EventCounts events=detail.produces empty="Its functions publish to no event." />
            </section>
            <section>
                <h2>"Events it consumes"</h2>
                <EventCounts events=detail.consumes empty="No event triggers its functions." />
            </section>
        </div>
    }
}

#[component]
fn EventCounts(events: Vec<EventSummary>, empty: &'static str) -> impl IntoView {
    if events.is_empty() {
        return view! { <p class="muted">{empty}</p> }.into_any();
    }
    view! {
        <table class="events">
            <thead><tr><th>"Event"</th><th class="num">"Consumers"</th><th class="num">"Producers"</th></tr></thead>
            <tbody>
                {events.into_iter().map(|e| view! {
                    <tr><td><EventLink event=e.event /></td><td class="num">{e.subscribers}</td><td class="num">{e.producers}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
