//! The services list: facets, sort and cursor pages, all encoded in the URL.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::catalog::model::{FacetValue, ServiceList, ServiceListQuery, ServiceSort};
use crate::services::api::list_services;
use crate::ui::error_view::ErrorBox;
use crate::ui::format::{stage_region, timestamp};
use crate::ui::url;

/// Reads the list's query from URL parameters; unknown or empty values are ignored.
fn query_from_url(get: impl Fn(&str) -> Option<String>) -> ServiceListQuery {
    let text = |name: &str| get(name).filter(|v| !v.is_empty() && v.len() <= 256);
    ServiceListQuery {
        team: text("team"),
        provider: text("provider"),
        stage: text("stage"),
        region: text("region"),
        runtime: text("runtime"),
        sort: ServiceSort::parse(&text("sort").unwrap_or_default()),
        cursor: text("cursor"),
        include_removed: text("removed").is_some_and(|v| v == "1"),
    }
}

/// All services, filterable by team, provider, stage, region and runtime.
#[component]
pub fn ServicesPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| query_from_url(|name| p.get(name))));
    let services = Resource::new(move || query.get(), list_services);
    view! {
        <Title text="Services" />
        <h1>"Services"</h1>
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let query = query.get_untracked();
                match services.await {
                    Ok(list) => view! { <ServiceListView list query /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ServiceListView(list: ServiceList, query: ServiceListQuery) -> impl IntoView {
    let facets = list.facets.clone();
    let groups: Vec<(&'static str, &'static str, Vec<FacetValue>, Option<String>)> = vec![
        ("team", "Team", facets.team, query.team.clone()),
        ("provider", "Provider", facets.provider, query.provider.clone()),
        ("stage", "Stage", facets.stage, query.stage.clone()),
        ("region", "Region", facets.region, query.region.clone()),
        ("runtime", "Runtime", facets.runtime, query.runtime.clone()),
    ];
    let sort_link = |sort: ServiceSort| {
        let mut q = query.clone();
        q.sort = sort;
        q.cursor = None;
        url::with_query("/services", &q.to_params(false))
    };
    let removed_link = {
        let mut q = query.clone();
        q.include_removed = !q.include_removed;
        q.cursor = None;
        url::with_query("/services", &q.to_params(false))
    };
    let next = list.page.next_cursor.clone().map(|cursor| {
        let mut q = query.clone();
        q.cursor = Some(cursor);
        url::with_query("/services", &q.to_params(true))
    });
    let first = query.cursor.is_some().then(|| url::with_query("/services", &query.to_params(false)));
    let sorted_by = query.sort;
    view! {
        <div class="with-facets">
            <aside class="facets" aria-label="Filters">
                {groups
                    .into_iter()
                    .filter(|(_, _, values, chosen)| !values.is_empty() || chosen.is_some())
                    .map(|(param, label, values, chosen)| {
                        view! { <FacetGroup param label values chosen query=query.clone() /> }
                    })
                    .collect_view()}
                <p><a class="toggle-removed" href=removed_link>
                    {if query.include_removed { "Hide removed services" } else { "Show removed services" }}
                </a></p>
            </aside>
            <section class="results">
                <p class="toolbar">
                    "Sort: "
                    <a href=sort_link(ServiceSort::Name) aria-current=(sorted_by == ServiceSort::Name).then_some("true")>"Name"</a>
                    " · "
                    <a href=sort_link(ServiceSort::Changed) aria-current=(sorted_by == ServiceSort::Changed).then_some("true")>"Recently changed"</a>
                </p>
                {if list.page.items.is_empty() {
                    view! { <p class="muted">"No services match these filters."</p> }.into_any()
                } else {
                    view! {
                        <table class="services">
                            <thead><tr>
                                <th>"Service"</th><th>"Team"</th><th>"Stage · region"</th><th>"Provider"</th>
                                <th class="num">"Functions"</th><th>"Changed"</th>
                            </tr></thead>
                            <tbody>
                                {list.page.items.into_iter().map(|s| view! {
                                    <tr>
                                        <td>
                                            <a href=url::service(s.id)>{s.name.clone()}</a>
                                            {s.removed_at.map(|_| view! { " " <span class="badge removed">"removed"</span> })}
                                        </td>
                                        <td>{s.team.clone().map(|team| view! { <a href=url::team(&team)>{team.clone()}</a> })}</td>
                                        <td>{stage_region(&s.stage, &s.region)}</td>
                                        <td>{s.provider.clone()}</td>
                                        <td class="num">{s.functions}</td>
                                        <td class="muted">{timestamp(&s.changed_at)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
                <nav class="pager" aria-label="Pages">
                    {first.map(|href| view! { <a href=href>"← First page"</a> })}
                    {next.map(|href| view! { <a href=href rel="next">"Next page →"</a> })}
                </nav>
            </section>
        </div>
    }
}

/// One filter's values as links; the chosen one links back to the list without it.
#[component]
fn FacetGroup(
    param: &'static str,
    label: &'static str,
    values: Vec<FacetValue>,
    chosen: Option<String>,
    query: ServiceListQuery,
) -> impl IntoView {
    let link = move |value: Option<String>| {
        let mut q = query.clone();
        q.cursor = None;
        match param {
            "team" => q.team = value,
            "provider" => q.provider = value,
            "stage" => q.stage = value,
            "region" => q.region = value,
            _ => q.runtime = value,
        }
        url::with_query("/services", &q.to_params(false))
    };
    let clear = chosen.as_ref().map(|_| link(None));
    view! {
        <div class="facet" data-facet=param>
            <h3>{label}</h3>
            <ul>
                {values.into_iter().map(|v| {
                    let selected = chosen.as_deref() == Some(v.value.as_str());
                    let href = if selected { link(None) } else { link(Some(v.value.clone())) };
                    view! {
                        <li>
                            <a href=href class:selected=selected aria-current=selected.then_some("true")>
                                {v.value.clone()}
                            </a>
                            " "<span class="count">{v.count}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {clear.map(|href| view! { <a class="clear" href=href>"Any " {label.to_lowercase()}</a> })}
        </div>
    }
}
