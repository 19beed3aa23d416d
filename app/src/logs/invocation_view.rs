//! One invocation on the logs tab: a collapsible group of its lines with its REPORT figures.
//! Every message is a text node, never HTML; JSON messages fold open to a pretty-printed copy.

use leptos::prelude::*;

use crate::logs::model::{InvocationLog, Outcome, ShownLine};
use crate::ui::url;

/// Lambda's longest timeout, which bounds an invocation's lines after its first one.
const LONGEST_INVOCATION_MINUTES: i64 = 15;

/// The permalink of one invocation: its lines around the time it started.
pub fn permalink(function_id: i64, invocation: &InvocationLog) -> Option<String> {
    let id = invocation.request_id.as_deref()?;
    let from = invocation.started - chrono::Duration::minutes(1);
    let to = invocation.started + chrono::Duration::minutes(LONGEST_INVOCATION_MINUTES + 1);
    Some(url::with_query(
        &format!("{}/logs", url::function(function_id)),
        &[
            ("request", id.to_string()),
            ("from", from.timestamp_millis().to_string()),
            ("to", to.timestamp_millis().to_string()),
        ],
    ))
}

fn clock(at: &chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S%.3f").to_string()
}

/// One invocation, closed unless `open`.
#[component]
pub fn InvocationView(invocation: InvocationLog, function_id: i64, #[prop(optional)] open: bool) -> impl IntoView {
    let link = permalink(function_id, &invocation);
    let outcome = match invocation.outcome {
        Outcome::Error => Some(("error", "error")),
        Outcome::Timeout => Some(("timeout", "timed out")),
        _ => None,
    };
    let memory =
        invocation.max_memory_used_mb.zip(invocation.memory_size_mb).map(|(used, size)| format!("{used} / {size} MB"));
    let lines = invocation.lines.len();
    view! {
        <li class="invocation" class:alarming=outcome.is_some() data-request-id=invocation.request_id.clone().unwrap_or_default()>
            <details open=open>
                <summary>
                    <time datetime=invocation.started.to_rfc3339()>{clock(&invocation.started)}</time>
                    " "
                    {match invocation.request_id.clone() {
                        Some(id) => view! { <code class="request-id">{id}</code> }.into_any(),
                        None => view! { <span class="muted">"(no request id)"</span> }.into_any(),
                    }}
                    {outcome.map(|(class, label)| view! { " " <span class=format!("badge {class}")>{label}</span> })}
                    {invocation.init_duration_ms.map(|init| view! {
                        " " <span class="badge cold" title=format!("Init Duration {init:.2} ms")>"cold start"</span>
                    })}
                    {invocation.duration_ms.map(|ms| view! { " " <span class="figure">{format!("{ms:.2} ms")}</span> })}
                    {memory.map(|m| view! { " " <span class="figure">{m}</span> })}
                    " " <span class="muted small">{format!("{lines} line{}", if lines == 1 { "" } else { "s" })}</span>
                    {link.map(|href| view! { " " <a class="permalink" href=href>"permalink"</a> })}
                </summary>
                <ol class="lines">
                    {invocation.lines.into_iter().map(|line| view! { <LineView line /> }).collect_view()}
                </ol>
            </details>
        </li>
    }
}

#[component]
fn LineView(line: ShownLine) -> impl IntoView {
    let time = line.timestamp.format("%H:%M:%S%.3f").to_string();
    view! {
        <li class="line" class:alarming=line.alarming>
            <time>{time}</time>
            {match line.pretty_json {
                Some(pretty) => view! {
                    <details class="json">
                        <summary><code class="message">{line.message}</code></summary>
                        <pre class="message">{pretty}</pre>
                    </details>
                }.into_any(),
                None => view! { <pre class="message">{line.message}</pre> }.into_any(),
            }}
        </li>
    }
}
