//! The function page's logs tab: time range presets and a custom range, a filter, invocations
//! newest first with "Load more" ([`crate::logs::load_more`]), permalinks, and a live tail when JavaScript is on. Everything
//! lives in the URL, so every view works without JavaScript and can be shared.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::logs::api::{LogsParams, MAX_FILTER_BYTES, get_log_timeline};
use crate::logs::invocation_view::InvocationView;
use crate::logs::live_tail::LiveTail;
use crate::logs::load_more::LoadMore;
use crate::logs::model::LogTimeline;
use crate::logs::range::{LOG_PRESETS, RangeParams};
use crate::ui::error_view::SourceErrorBox;
use crate::ui::format::timestamp;
use crate::ui::url;

/// Reads the tab's parameters from the URL; overlong values are dropped.
fn params_from_url(get: impl Fn(&str) -> Option<String>) -> LogsParams {
    let text = |name: &str| get(name).filter(|v| !v.is_empty() && v.len() <= 2 * MAX_FILTER_BYTES);
    LogsParams {
        range: RangeParams { range: text("range"), from: text("from"), to: text("to") },
        filter: text("filter"),
        before: text("before"),
        request: text("request"),
    }
}

/// The URL of the logs tab with `params`.
pub fn logs_url(function_id: i64, params: &LogsParams) -> String {
    let mut pairs = Vec::new();
    let mut add = |name: &'static str, value: &Option<String>| {
        if let Some(value) = value.as_ref().filter(|v| !v.is_empty()) {
            pairs.push((name, value.clone()));
        }
    };
    add("range", &params.range.range);
    add("from", &params.range.from);
    add("to", &params.range.to);
    add("filter", &params.filter);
    add("request", &params.request);
    add("before", &params.before);
    url::with_query(&format!("{}/logs", url::function(function_id)), &pairs)
}

/// The logs tab of function `function_id`.
#[component]
pub fn LogsTab(function_id: i64) -> impl IntoView {
    let query = use_query_map();
    let params = Memo::new(move |_| query.with(|q| params_from_url(|name| q.get(name))));
    let timeline = Resource::new(move || params.get(), move |params| get_log_timeline(function_id, params));
    view! {
        <section class="logs" aria-label="Logs">
            {move || view! { <LogsForm function_id params=params.get() /> }}
            <Suspense fallback=|| view! { <p class="muted">"Loading logs…"</p> }>
                {move || Suspend::new(async move {
                    let params = params.get_untracked();
                    match timeline.await {
                        Ok(timeline) => view! { <TimelineView function_id timeline params /> }.into_any(),
                        Err(error) => view! { <SourceErrorBox what="The logs could not be read." error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn LogsForm(function_id: i64, params: LogsParams) -> impl IntoView {
    let custom = params.range.from.is_some();
    let current = params.range.range.clone().unwrap_or_else(|| "1h".into());
    let presets = LOG_PRESETS
        .iter()
        .map(|preset| {
            let link = LogsParams {
                range: RangeParams { range: Some(preset.to_string()), from: None, to: None },
                filter: params.filter.clone(),
                ..LogsParams::default()
            };
            let selected = !custom && current == *preset;
            view! {
                <a href=logs_url(function_id, &link) class:selected=selected aria-current=selected.then_some("true")>{*preset}</a>
                " "
            }
        })
        .collect_view();
    view! {
        <div class="log-controls">
            <nav class="presets" aria-label="Time range">"Last: " {presets}</nav>
            <form class="log-filter" method="get" action=format!("{}/logs", url::function(function_id)) role="search">
                {(!custom).then(|| view! { <input type="hidden" name="range" value=current.clone() /> })}
                <label>"Filter " <input type="search" name="filter" value=params.filter.clone().unwrap_or_default()
                    maxlength=MAX_FILTER_BYTES placeholder="terms, \"a phrase\", -exclude" aria-label="Filter pattern" /></label>
                " "
                <label>"From " <input type="datetime-local" name="from" value=params.range.from.clone().unwrap_or_default() aria-label="From (UTC)" /></label>
                " "
                <label>"To " <input type="datetime-local" name="to" value=params.range.to.clone().unwrap_or_default() aria-label="To (UTC)" /></label>
                " " <span class="muted small">"UTC"</span> " "
                <button type="submit">"Apply"</button>
            </form>
        </div>
    }
}

#[component]
fn TimelineView(function_id: i64, timeline: LogTimeline, params: LogsParams) -> impl IntoView {
    let permalink = params.request.is_some();
    let paging = params.before.is_some();
    let older = timeline.older.clone();
    let newest = paging.then(|| logs_url(function_id, &LogsParams { before: None, ..params.clone() }));
    let from = chrono::DateTime::from_timestamp_millis(timeline.from_ms).unwrap_or_default();
    let to = chrono::DateTime::from_timestamp_millis(timeline.to_ms).unwrap_or_default();
    let source = if timeline.log_group.is_empty() {
        format!("Source: {}", timeline.source)
    } else {
        format!("Source: {} log group {}", timeline.source, timeline.log_group)
    };
    let count = timeline.invocations.len();
    let live_filter = params.source_filter().ok().flatten();
    view! {
        <p class="muted small">
            {source} " · " {format!("{} to {}", timestamp(&from), timestamp(&to))} " · newest first"
            {permalink.then(|| view! { " · one invocation: " <a href=logs_url(function_id, &LogsParams::default())>"all logs"</a> })}
        </p>
        {(!paging && !permalink).then(|| view! { <LiveTail function_id filter=live_filter since_ms=timeline.to_ms /> })}
        {newest.map(|href| view! { <p><a href=href>"Newest"</a></p> })}
        {if count == 0 {
            view! { <p class="muted empty">"No log events in this range" {params.filter.is_some().then_some(" match the filter")} "."</p> }.into_any()
        } else {
            view! {
                <ol class="invocations">
                    {timeline.invocations.into_iter().map(|invocation| view! {
                        <InvocationView invocation function_id open=permalink />
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
        {older.map(|older| view! { <LoadMore function_id params=params.clone() older /> })}
    }
}
