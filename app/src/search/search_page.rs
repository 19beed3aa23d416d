//! `/search`: results grouped by kind, with facets; a plain GET form, so it works without
//! JavaScript and every search has a URL.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::search::api::search;
use crate::search::highlight::Highlighted;
use crate::search::model::{FacetCount, HitKind, SearchParams, SearchQuery, SearchResults};
use crate::ui::error_view::ErrorBox;
use crate::ui::format::kind_label;
use crate::ui::url;

fn group_title(kind: HitKind) -> &'static str {
    match kind {
        HitKind::Service => "Services",
        HitKind::Function => "Functions",
        HitKind::Event => "Events",
        HitKind::Team => "Teams",
    }
}

/// The search page for the query in the URL.
#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let params = Memo::new(move |_| {
        query.with(|q| {
            let get = |name: &str| q.get(name).filter(|v| !v.is_empty());
            SearchParams {
                q: get("q"),
                kind: get("kind"),
                team: get("team"),
                provider: get("provider"),
                event_type: get("event_type"),
                stage: get("stage"),
                limit: None,
            }
        })
    });
    let results = Resource::new(
        move || params.get(),
        |params| async move {
            match SearchQuery::try_from(params) {
                Ok(query) => search(query).await,
                Err(invalid) => {
                    Err(crate::error::AppError::Invalid { field: invalid.field.into(), message: invalid.message })
                }
            }
        },
    );
    view! {
        <Title text="Search" />
        <h1>"Search"</h1>
        <form class="search-page-form" method="get" action="/search" role="search">
            <input type="search" name="q" aria-label="Search text" value=move || params.get().q.unwrap_or_default()
                placeholder="orders, sns:order-events, nodejs20.x…" />
            <button type="submit">"Search"</button>
        </form>
        <Suspense fallback=|| view! { <p class="muted">"Searching…"</p> }>
            {move || Suspend::new(async move {
                let params = params.get_untracked();
                match results.await {
                    Ok(results) => view! { <ResultsView results params /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The link for this search with one parameter changed (`None` removes it).
fn with_param(params: &SearchParams, name: &str, value: Option<String>) -> String {
    let mut p = params.clone();
    match name {
        "kind" => p.kind = value,
        "team" => p.team = value,
        "provider" => p.provider = value,
        "event_type" => p.event_type = value,
        _ => p.stage = value,
    }
    let pairs: Vec<(&str, String)> = [
        ("q", p.q),
        ("kind", p.kind),
        ("team", p.team),
        ("provider", p.provider),
        ("event_type", p.event_type),
        ("stage", p.stage),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .collect();
    url::with_query("/search", &pairs)
}

#[component]
fn ResultsView(results: SearchResults, params: SearchParams) -> impl IntoView {
    if results.query.is_empty() {
        return view! { <p class="muted">"Type a name, a topic, a route or a runtime."</p> }.into_any();
    }
    let total: i64 = results.groups.iter().map(|g| g.total).sum();
    let corrected = results.corrected_query.clone().map(|text| {
        let href = url::with_query("/search", &[("q", text.clone())]);
        view! { <p class="muted">"Showing close matches. Search instead for " <a href=href>{text}</a> "?"</p> }
    });
    let kinds = {
        let params = params.clone();
        let chosen = params.kind.clone();
        let all = with_param(&params, "kind", None);
        view! {
            <nav class="kinds" aria-label="Result kinds">
                <a href=all aria-current=chosen.is_none().then_some("page")>"All"</a>
                {HitKind::ALL.into_iter().map(|kind| {
                    let selected = chosen.as_deref() == Some(kind.as_str());
                    let href = with_param(&params, "kind", (!selected).then(|| kind.as_str().to_string()));
                    view! { <a href=href data-kind=kind.as_str() aria-current=selected.then_some("page")>{group_title(kind)}</a> }
                }).collect_view()}
            </nav>
        }
    };
    let facets = results.facets.clone();
    view! {
        {corrected}
        {kinds}
        <div class="with-facets">
            <aside class="facets" aria-label="Filters">
                <SearchFacet params=params.clone() name="team" label="Team" values=facets.teams />
                <SearchFacet params=params.clone() name="event_type" label="Event type" values=facets.event_types />
                <SearchFacet params=params.clone() name="provider" label="Provider" values=facets.providers />
                <SearchFacet params=params.clone() name="stage" label="Stage" values=facets.stages />
            </aside>
            <section class="results" aria-live="polite">
                {if total == 0 {
                    view! { <p class="muted no-results">"No results for " <q>{results.query.clone()}</q> "."</p> }.into_any()
                } else {
                    results.groups.into_iter().filter(|g| !g.hits.is_empty()).map(|group| view! {
                        <section class="hit-group" data-group=group.kind.as_str()>
                            <h2>{group_title(group.kind)} " " <span class="count">{group.total}</span></h2>
                            <ul class="hits">
                                {group.hits.into_iter().map(|hit| view! {
                                    <li>
                                        <a href=hit.url.clone() class="hit-title"><Highlighted segments=hit.highlight /></a>
                                        " " <span class="muted small">{hit.subtitle.clone()}</span>
                                        {(!hit.context.is_empty()).then(|| view! {
                                            <div class="hit-context small"><Highlighted segments=hit.context /></div>
                                        })}
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                    }).collect_view().into_any()
                }}
            </section>
        </div>
    }
    .into_any()
}

#[component]
fn SearchFacet(
    params: SearchParams,
    name: &'static str,
    label: &'static str,
    values: Vec<FacetCount>,
) -> impl IntoView {
    let chosen = match name {
        "team" => params.team.clone(),
        "provider" => params.provider.clone(),
        "event_type" => params.event_type.clone(),
        _ => params.stage.clone(),
    };
    if values.is_empty() && chosen.is_none() {
        return ().into_any();
    }
    view! {
        <div class="facet" data-facet=name>
            <h3>{label}</h3>
            <ul>
                {values.into_iter().map(|v| {
                    let selected = chosen.as_deref() == Some(v.value.as_str());
                    let href = with_param(&params, name, (!selected).then(|| v.value.clone()));
                    let shown = if name == "event_type" { kind_label(&v.value) } else { v.value.clone() };
                    view! {
                        <li><a href=href class:selected=selected aria-current=selected.then_some("true")>{shown}</a>
                            " " <span class="count">{v.count}</span></li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
    .into_any()
}
