//! `/costs`: functions, services or teams ranked by estimated cost over a period, with totals,
//! the trend against the period before, and right-sizing advice. Every choice is in the URL.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::costs::api::{CostsParams, get_costs_overview};
use crate::logs::model::{CostLine, CostsOverview, RightSizing};
use crate::logs::range::{COST_PRESETS, RangeParams};
use crate::ui::chart::money;
use crate::ui::error_view::ErrorBox;
use crate::ui::format::timestamp;
use crate::ui::url;

/// What the page says about every figure on it.
pub const DISCLAIMER: &str = "Costs are list-price estimates before free tier and volume discounts.";

const GROUPS: &[(&str, &str)] = &[("function", "Functions"), ("service", "Services"), ("team", "Teams")];

fn params_from_url(get: impl Fn(&str) -> Option<String>) -> CostsParams {
    let text = |name: &str| get(name).filter(|v| !v.is_empty() && v.len() <= 64);
    CostsParams {
        group: text("group"),
        range: RangeParams { range: text("range"), from: text("from"), to: text("to") },
    }
}

fn costs_url(params: &CostsParams) -> String {
    let mut pairs = Vec::new();
    for (name, value) in [
        ("group", &params.group),
        ("range", &params.range.range),
        ("from", &params.range.from),
        ("to", &params.range.to),
    ] {
        if let Some(value) = value.as_ref().filter(|v| !v.is_empty()) {
            pairs.push((name, value.clone()));
        }
    }
    url::with_query("/costs", &pairs)
}

/// A change from `previous` to `current` as `+12.3 %`, or `new` when there was nothing before.
pub fn trend(current: f64, previous: f64) -> String {
    if previous <= 0.0 {
        return if current > 0.0 { "new".into() } else { "–".into() };
    }
    let change = (current - previous) / previous * 100.0;
    format!("{}{change:.1} %", if change > 0.0 { "+" } else { "" })
}

/// The costs page.
#[component]
pub fn CostsPage() -> impl IntoView {
    let query = use_query_map();
    let params = Memo::new(move |_| query.with(|q| params_from_url(|name| q.get(name))));
    let overview = Resource::new(move || params.get(), get_costs_overview);
    view! {
        <Title text="Costs" />
        <h1>"Costs"</h1>
        <p class="muted disclaimer">{DISCLAIMER}</p>
        {move || view! { <CostsControls params=params.get() /> }}
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let params = params.get_untracked();
                match overview.await {
                    Ok(overview) => view! { <CostsView overview params /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CostsControls(params: CostsParams) -> impl IntoView {
    let group = params.group().to_string();
    let custom = params.range.from.is_some();
    let preset = params.range.range.clone().unwrap_or_else(|| "7d".into());
    let groups = GROUPS
        .iter()
        .map(|(value, label)| {
            let link = CostsParams { group: Some(value.to_string()), ..params.clone() };
            let selected = group == *value;
            view! { <a href=costs_url(&link) class:selected=selected aria-current=selected.then_some("true")>{*label}</a> " " }
        })
        .collect_view();
    let presets = COST_PRESETS
        .iter()
        .map(|p| {
            let link = CostsParams { group: params.group.clone(), range: RangeParams { range: Some(p.to_string()), ..RangeParams::default() } };
            let selected = !custom && preset == *p;
            view! { <a href=costs_url(&link) class:selected=selected aria-current=selected.then_some("true")>{*p}</a> " " }
        })
        .collect_view();
    view! {
        <div class="cost-controls">
            <nav class="presets" aria-label="Group by">"Rank: " {groups}</nav>
            <nav class="presets" aria-label="Period">"Last: " {presets}</nav>
            <form method="get" action="/costs" class="period-form">
                <input type="hidden" name="group" value=group />
                <label>"From " <input type="date" name="from" value=params.range.from.clone().unwrap_or_default() aria-label="From (UTC)" /></label>
                " "
                <label>"To " <input type="date" name="to" value=params.range.to.clone().unwrap_or_default() aria-label="To (UTC)" /></label>
                " " <button type="submit">"Show"</button>
            </form>
        </div>
    }
}

fn line_link(group: &str, line: &CostLine) -> Option<String> {
    let id = line.id?;
    Some(match group {
        "service" => url::service(id),
        "team" => url::team(&line.name),
        _ => url::function(id),
    })
}

#[component]
fn CostsView(overview: CostsOverview, params: CostsParams) -> impl IntoView {
    let group = params.group().to_string();
    let current = overview.current;
    let previous: HashMap<(Option<i64>, String), f64> =
        overview.previous.lines.iter().map(|l| ((l.id, l.name.clone()), l.cost_usd)).collect();
    let total = current.total_cost_usd;
    let days = (current.to - current.from).num_hours() as f64 / 24.0;
    view! {
        <p class="muted small">{format!("{} to {}", timestamp(&current.from), timestamp(&current.to))}</p>
        <dl class="facts totals">
            <dt>"Estimated cost"</dt><dd class="total-cost">{format!("${}", money(total))}</dd>
            <dt>"Invocations"</dt><dd>{current.total_invocations}</dd>
            <dt>"Trend"</dt>
            <dd class="trend">{format!("{} vs the previous {} (${})", trend(total, overview.previous.total_cost_usd),
                if days >= 1.0 { format!("{days:.0} days") } else { format!("{:.0} hours", days * 24.0) },
                money(overview.previous.total_cost_usd))}</dd>
        </dl>
        {(overview.ranked > current.lines.len()).then(|| view! {
            <p class="muted small">{format!("The {} most expensive of {}; the totals count all of them.", current.lines.len(), overview.ranked)}</p>
        })}
        {if current.lines.is_empty() {
            view! { <p class="muted">"No invocations in this period."</p> }.into_any()
        } else {
            view! {
                <table class="costs">
                    <thead><tr>
                        <th class="num">"#"</th><th>{GROUPS.iter().find(|(g, _)| *g == group).map(|(_, l)| *l).unwrap_or("Name")}</th>
                        <th class="num">"Invocations"</th><th class="num">"Errors"</th><th class="num">"GB-s"</th>
                        <th class="num">"Cost"</th><th class="num">"Share"</th><th class="num">"Trend"</th>
                    </tr></thead>
                    <tbody>
                        {current.lines.iter().enumerate().map(|(rank, line)| {
                            let before = previous.get(&(line.id, line.name.clone())).copied().unwrap_or(0.0);
                            let share = if total > 0.0 { line.cost_usd / total * 100.0 } else { 0.0 };
                            view! {
                                <tr>
                                    <td class="num">{rank + 1}</td>
                                    <td>{match line_link(&group, line) {
                                        Some(href) => view! { <a href=href>{line.name.clone()}</a> }.into_any(),
                                        None => view! { <span>{line.name.clone()}</span> }.into_any(),
                                    }}</td>
                                    <td class="num">{line.invocations}</td>
                                    <td class="num">{line.errors}</td>
                                    <td class="num">{format!("{:.1}", line.billed_gb_seconds)}</td>
                                    <td class="num cost">{format!("${}", money(line.cost_usd))}</td>
                                    <td class="num">{format!("{share:.1} %")}</td>
                                    <td class="num">{trend(line.cost_usd, before)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <AdviceView advice=overview.advice />
    }
}

#[component]
fn AdviceView(advice: Vec<RightSizing>) -> impl IntoView {
    view! {
        <h2 id="right-sizing">"Right-sizing"</h2>
        <p class="muted small">
            "Functions whose peak memory stays at most half their memory size, with the saving per 30 days at a smaller size "
            "(keeping 50 % headroom over the peak), and the saving of running x86_64 functions on arm64. Both assume the same "
            "billed durations: less memory also means less CPU, so measure before and after."
        </p>
        {if advice.is_empty() {
            view! { <p class="muted">"No advice for this period."</p> }.into_any()
        } else {
            view! {
                <table class="advice">
                    <thead><tr>
                        <th>"Function"</th><th>"Architecture"</th><th class="num">"Memory"</th><th class="num">"Peak used"</th>
                        <th class="num">"Suggested"</th><th class="num">"Saving / 30 days"</th><th class="num">"On arm64 / 30 days"</th>
                    </tr></thead>
                    <tbody>
                        {advice.into_iter().map(|a| view! {
                            <tr>
                                <td><a href=url::function(a.function_id)>{a.name.clone()}</a></td>
                                <td>{a.architecture.clone()}</td>
                                <td class="num">{format!("{} MB", a.memory_size_mb)}</td>
                                <td class="num">{format!("{} MB", a.max_memory_used_mb)}</td>
                                <td class="num">{a.suggested_memory_mb.map(|m| format!("{m} MB")).unwrap_or_else(|| "–".into())}</td>
                                <td class="num">{if a.suggested_memory_mb.is_some() { format!("${}", money(a.memory_saving_usd_month)) } else { "–".into() }}</td>
                                <td class="num">{if a.architecture == "x86_64" { format!("${}", money(a.arm64_saving_usd_month)) } else { "–".into() }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trends_compare_with_the_previous_period() {
        assert_eq!(trend(110.0, 100.0), "+10.0 %");
        assert_eq!(trend(50.0, 100.0), "-50.0 %");
        assert_eq!(trend(1.0, 0.0), "new");
        assert_eq!(trend(0.0, 0.0), "–");
    }
}
