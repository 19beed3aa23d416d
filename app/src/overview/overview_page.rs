//! The home page.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::overview::api::get_overview;
use crate::overview::model::Counts;
use crate::ui::error_view::ErrorBox;

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
                    Ok(overview) => view! { <CountCards counts=overview.counts /> }.into_any(),
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
