//! The function page's metrics tab: invocations, errors, duration percentiles and cost per hour
//! or day, as server-rendered SVG charts, with the range's totals.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::logs::api::get_function_metrics;
use crate::logs::model::{FunctionMetrics, MetricsPoint};
use crate::logs::range::{COST_PRESETS, RangeParams};
use crate::ui::chart::{Chart, ChartKind, Series, money};
use crate::ui::error_view::SourceErrorBox;
use crate::ui::format::timestamp;
use crate::ui::url;

/// Every period of the range, with its point when it had invocations.
fn periods(metrics: &FunctionMetrics) -> Vec<(chrono::DateTime<chrono::Utc>, Option<&MetricsPoint>)> {
    let step = if metrics.granularity == "day" { chrono::Duration::days(1) } else { chrono::Duration::hours(1) };
    let mut at = metrics.from;
    let mut points = metrics.points.iter().peekable();
    let mut out = Vec::new();
    while at < metrics.to && out.len() < 2400 {
        while points.next_if(|p| p.start < at).is_some() {}
        out.push((at, points.next_if(|p| p.start == at)));
        at += step;
    }
    out
}

fn label(at: &chrono::DateTime<chrono::Utc>, daily: bool) -> String {
    at.format(if daily { "%Y-%m-%d" } else { "%Y-%m-%d %H:00" }).to_string()
}

fn metrics_url(function_id: i64, range: &str, granularity: Option<&str>) -> String {
    let mut pairs = vec![("range", range.to_string())];
    if let Some(g) = granularity {
        pairs.push(("granularity", g.to_string()));
    }
    url::with_query(&format!("{}/metrics", url::function(function_id)), &pairs)
}

/// The metrics tab of function `function_id`.
#[component]
pub fn MetricsTab(function_id: i64) -> impl IntoView {
    let query = use_query_map();
    let params = Memo::new(move |_| {
        query.with(|q| {
            let text = |name: &str| q.get(name).filter(|v| !v.is_empty() && v.len() <= 64);
            (RangeParams { range: text("range"), from: text("from"), to: text("to") }, text("granularity"))
        })
    });
    let metrics = Resource::new(
        move || params.get(),
        move |(range, granularity)| get_function_metrics(function_id, range, granularity),
    );
    view! {
        <section class="metrics" aria-label="Metrics and cost">
            {move || {
                let (range, granularity) = params.get();
                let current = range.range.unwrap_or_else(|| "7d".into());
                let links = COST_PRESETS.iter().map(|preset| {
                    let selected = current == *preset;
                    view! { <a href=metrics_url(function_id, preset, granularity.as_deref()) class:selected=selected
                        aria-current=selected.then_some("true")>{*preset}</a> " " }
                }).collect_view();
                let per = ["hour", "day"].into_iter().map(|g| {
                    let selected = granularity.as_deref() == Some(g);
                    view! { <a href=metrics_url(function_id, &current, Some(g)) class:selected=selected>{format!("per {g}")}</a> " " }
                }).collect_view();
                view! { <nav class="presets" aria-label="Time range">"Last: " {links} " · " {per}</nav> }
            }}
            <Suspense fallback=|| view! { <p class="muted">"Loading metrics…"</p> }>
                {move || Suspend::new(async move {
                    match metrics.await {
                        Ok(metrics) => view! { <MetricsView metrics /> }.into_any(),
                        Err(error) => view! { <SourceErrorBox what="The metrics could not be read." error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn ms(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.1} ms")).unwrap_or_else(|| "–".into())
}

#[component]
fn MetricsView(metrics: FunctionMetrics) -> impl IntoView {
    let daily = metrics.granularity == "day";
    let columns = periods(&metrics);
    let labels: Vec<String> = columns.iter().map(|(at, _)| label(at, daily)).collect();
    let count = |f: fn(&MetricsPoint) -> f64| columns.iter().map(|(_, p)| Some(p.map_or(0.0, f))).collect::<Vec<_>>();
    let optional = |f: fn(&MetricsPoint) -> Option<f64>| columns.iter().map(|(_, p)| p.and_then(f)).collect::<Vec<_>>();
    let invocations = vec![
        Series { name: "invocations", class: "s-invocations", values: count(|p| p.invocations as f64) },
        Series { name: "errors", class: "s-errors", values: count(|p| (p.errors + p.timeouts) as f64) },
    ];
    let durations = vec![
        Series { name: "p50", class: "s-p50", values: optional(|p| p.duration_p50_ms) },
        Series { name: "p95", class: "s-p95", values: optional(|p| p.duration_p95_ms) },
        Series { name: "p99", class: "s-p99", values: optional(|p| p.duration_p99_ms) },
    ];
    let cost = vec![Series { name: "cost", class: "s-cost", values: count(|p| p.cost_usd) }];
    let t = &metrics.total;
    view! {
        <p class="muted small">{format!("{} to {}, per {}", timestamp(&metrics.from), timestamp(&metrics.to), metrics.granularity)}</p>
        <dl class="facts totals">
            <dt>"Invocations"</dt><dd>{t.invocations}</dd>
            <dt>"Errors"</dt><dd>{t.errors}</dd>
            <dt>"Timeouts"</dt><dd>{t.timeouts}</dd>
            <dt>"Cold starts"</dt><dd>{t.cold_starts}</dd>
            <dt>"Duration p50 / p95 / p99"</dt><dd>{format!("{} / {} / {}", ms(t.duration_p50_ms), ms(t.duration_p95_ms), ms(t.duration_p99_ms))}</dd>
            <dt>"Max memory used"</dt><dd>{format!("{} of {} MB", t.max_memory_used_mb, t.memory_size_mb)}</dd>
            <dt>"Billed GB-seconds"</dt><dd>{format!("{:.2}", t.billed_gb_seconds)}</dd>
            <dt>"Estimated cost"</dt><dd>{format!("${}", money(t.cost_usd))}</dd>
        </dl>
        <Chart title="Invocations and errors" kind=ChartKind::Bars labels=labels.clone() series=invocations unit="" />
        <Chart title="Duration" kind=ChartKind::Lines labels=labels.clone() series=durations unit="ms" />
        <Chart title="Estimated cost" kind=ChartKind::Bars labels series=cost unit="USD" />
        <p class="muted small disclaimer">"Costs are list-price estimates before free tier and volume discounts."</p>
    }
}
