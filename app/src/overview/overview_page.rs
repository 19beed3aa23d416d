//! The home page.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::overview::api::get_overview;
use crate::overview::model::{Counts, Overview};
use crate::services::service_page::EventLink;
use crate::ui::error_view::ErrorBox;
use crate::ui::format::{stage_region, timestamp};
use crate::ui::url;

/// Home page: catalog counts.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| get_overview());
    view! {
        <Title text="Overview" />
        <h1>"Overview"</h1>
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! {
                        <CountCards counts=overview.counts />
                        <Highlights overview />
                    }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One card per catalog total, each linking to its list.
#[component]
fn CountCards(counts: Counts) -> impl IntoView {
    let cards = [
        ("Services", counts.services, "/services"),
        ("Functions", counts.functions, "/services"),
        ("Events", counts.events, "/events"),
        ("Teams", counts.teams, "/teams"),
    ];
    view! {
        <section class="cards" aria-label="Catalog totals">
            {cards
                .into_iter()
                .map(|(label, value, href)| {
                    view! {
                        <a class="card" href=href data-count=label.to_lowercase()>
                            <span class="card-value">{value}</span>
                            <span class="card-label">{label}</span>
                        </a>
                    }
                })
                .collect_view()}
        </section>
    }
}

/// Recently changed services, recently removed functions and the busiest events.
#[component]
fn Highlights(overview: Overview) -> impl IntoView {
    view! {
        <div class="two-columns">
            <section>
                <h2>"Recently changed services"</h2>
                <table class="recent">
                    <tbody>
                        {overview.recently_changed.into_iter().map(|s| view! {
                            <tr>
                                <td><a href=url::service(s.id)>{s.name.clone()}</a>
                                    " " <span class="muted small">{stage_region(&s.stage, &s.region)}</span></td>
                                <td>{s.team.clone().map(|team| view! { <a href=url::team(&team)>{team.clone()}</a> })}</td>
                                <td class="muted">{timestamp(&s.changed_at)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
            <section>
                <h2>"Busiest events"</h2>
                <table class="busiest">
                    <thead><tr><th>"Event"</th><th class="num">"Consumers"</th><th class="num">"Producers"</th></tr></thead>
                    <tbody>
                        {overview.busiest_events.into_iter().map(|e| view! {
                            <tr><td><EventLink event=e.event /></td><td class="num">{e.subscribers}</td><td class="num">{e.producers}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        </div>
        <section>
            <h2>"Recently removed functions"</h2>
            {if overview.recently_removed.is_empty() {
                view! { <p class="muted">"No function has disappeared from its manifest."</p> }.into_any()
            } else {
                view! {
                    <table class="removed">
                        <tbody>
                            {overview.recently_removed.into_iter().map(|f| view! {
                                <tr>
                                    <td><a href=url::function(f.id)>{f.name.clone()}</a></td>
                                    <td><a href=url::service(f.service.id)>{f.service.name.clone()}</a></td>
                                    <td class="muted">{timestamp(&f.removed_at)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}
