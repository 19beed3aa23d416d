//! A function: its configuration, every trigger with its event, and what it publishes to.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::catalog::model::FunctionDetail;
use crate::error::AppError;
use crate::functions::api::get_function;
use crate::logs::logs_tab::LogsTab;
use crate::logs::metrics_tab::MetricsTab;
use crate::services::service_page::EventLink;
use crate::ui::error_view::ErrorBox;
use crate::ui::format::{or_dash, stage_region, timestamp};
use crate::ui::url;

/// Which part of the function page is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunctionTab {
    /// Configuration, triggers and publishing (`/functions/{id}`).
    Configuration,
    /// Logs (`/functions/{id}/logs`).
    Logs,
    /// Metrics and cost (`/functions/{id}/metrics`).
    Metrics,
}

/// The page of the function whose id is in the path, showing `tab`.
#[component]
pub fn FunctionPage(tab: FunctionTab) -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let function = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_function(id).await,
            None => Err(AppError::NotFound { what: "that function".into() }),
        }
    });
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match function.await {
                    Ok(detail) => view! { <FunctionView detail tab /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Settings of a subscription as indented JSON, or nothing when there are none.
fn config_text(config: &serde_json::Value) -> Option<String> {
    match config {
        serde_json::Value::Null => None,
        serde_json::Value::Object(map) if map.is_empty() => None,
        other => serde_json::to_string_pretty(other).ok(),
    }
}

#[component]
fn FunctionView(detail: FunctionDetail, tab: FunctionTab) -> impl IntoView {
    let f = detail.function.clone();
    let service = detail.service.clone();
    let id = f.id;
    let tab_link = |this: FunctionTab, href: String, label: &'static str| {
        let current = tab == this;
        view! { <a class="tab" href=href aria-current=current.then_some("page")>{label}</a> }
    };
    let body = match tab {
        FunctionTab::Configuration => view! { <ConfigurationView detail /> }.into_any(),
        FunctionTab::Logs => view! { <LogsTab function_id=id /> }.into_any(),
        FunctionTab::Metrics => view! { <MetricsTab function_id=id /> }.into_any(),
    };
    view! {
        <Title text=f.name.clone() />
        <header class="page-head">
            <h1>{f.name.clone()} {f.removed_at.map(|_| view! { " " <span class="badge removed">"removed"</span> })}</h1>
            <p class="muted">
                "Service " <a href=url::service(service.id)>{service.name.clone()}</a>
                " · " {stage_region(&service.stage, &service.region)}
                {service.team.clone().map(|team| view! { " · Team " <a href=url::team(&team)>{team.clone()}</a> })}
            </p>
        </header>
        {f.description.clone().map(|d| view! { <p>{d}</p> })}
        <nav class="tabs" aria-label="Function views">
            {tab_link(FunctionTab::Configuration, url::function(id), "Configuration")}
            {tab_link(FunctionTab::Logs, format!("{}/logs", url::function(id)), "Logs")}
            {tab_link(FunctionTab::Metrics, format!("{}/metrics", url::function(id)), "Metrics and cost")}
        </nav>
        {body}
    }
}

#[component]
fn ConfigurationView(detail: FunctionDetail) -> impl IntoView {
    let f = detail.function.clone();
    view! {
        <dl class="facts">
            <dt>"Deployed name"</dt><dd><code>{or_dash(&f.deployed_name)}</code></dd>
            <dt>"Handler"</dt><dd><code>{or_dash(&f.handler)}</code></dd>
            <dt>"Runtime"</dt><dd>{or_dash(&f.runtime)}</dd>
            <dt>"Memory"</dt><dd>{f.memory_mb.map(|mb| format!("{mb} MB")).unwrap_or_else(|| "–".into())}</dd>
            <dt>"Timeout"</dt><dd>{f.timeout_s.map(|s| format!("{s} s")).unwrap_or_else(|| "–".into())}</dd>
            <dt>"Architecture"</dt><dd>{or_dash(&f.architecture)}</dd>
            <dt>"Manifest"</dt><dd><code>{format!("{}:{}", detail.source, f.source_line)}</code></dd>
            <dt>"Environment"</dt>
            <dd class="env-vars">
                {if detail.env_vars.is_empty() { view! { "–" }.into_any() } else {
                    detail.env_vars.iter().map(|name| view! { <code>{name.clone()}</code> " " }).collect_view().into_any()
                }}
                <span class="muted small">" (names only; values are never stored)"</span>
            </dd>
            {(!detail.tags.is_empty()).then(|| view! {
                <dt>"Tags"</dt>
                <dd>{detail.tags.iter().map(|(k, v)| view! { <span class="badge">{format!("{k}={v}")}</span> " " }).collect_view()}</dd>
            })}
            <dt>"First seen"</dt><dd>{timestamp(&detail.first_seen)}</dd>
            <dt>"Last seen"</dt><dd>{timestamp(&detail.last_seen)}</dd>
        </dl>

        <h2>"Triggers"</h2>
        {if detail.triggers.is_empty() {
            view! { <p class="muted">"Nothing triggers this function in its manifest."</p> }.into_any()
        } else {
            view! {
                <table class="triggers">
                    <thead><tr><th>"Event"</th><th>"Settings"</th><th class="num">"Line"</th></tr></thead>
                    <tbody>
                        {detail.triggers.into_iter().map(|t| view! {
                            <tr>
                                <td><EventLink event=t.event.clone() />
                                    {t.removed_at.map(|_| view! { " " <span class="badge removed">"removed"</span> })}</td>
                                <td>{config_text(&t.config).map(|text| view! { <pre class="config">{text}</pre> })}</td>
                                <td class="num">{t.source_line}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}

        <h2>"Publishes to"</h2>
        {if detail.publishes.is_empty() {
            view! { <p class="muted">"No publishing permission or reference found in the manifest."</p> }.into_any()
        } else {
            view! {
                <ul class="plain">{detail.publishes.into_iter().map(|event| view! { <li><EventLink event /></li> }).collect_view()}</ul>
            }.into_any()
        }}
    }
}
