//! Live tail (JavaScript only): polls the log every few seconds for what arrived after the page's
//! range, pauses while the tab is hidden (`visibilitychange`) and resumes when it is shown.

use std::time::Duration;

use leptos::prelude::*;

use crate::logs::api::{LogsParams, get_log_timeline};
use crate::logs::invocation_view::InvocationView;
use crate::logs::model::InvocationLog;
use crate::logs::range::RangeParams;

/// Time between polls.
const POLL: Duration = Duration::from_secs(3);

/// A "Live tail" button and the invocations logged after `since_ms`, newest first. Renders
/// nothing until hydrated.
#[component]
pub fn LiveTail(function_id: i64, filter: Option<String>, since_ms: i64) -> impl IntoView {
    let hydrated = RwSignal::new(false);
    let running = RwSignal::new(false);
    let hidden = RwSignal::new(false);
    let live = RwSignal::new(Vec::<InvocationLog>::new());
    let status = RwSignal::new(String::new());
    let filter = StoredValue::new(filter);

    Effect::new(move |_| {
        hydrated.set(true);
        let handle = window_event_listener_untyped("visibilitychange", move |_| hidden.set(document().hidden()));
        on_cleanup(move || handle.remove());
    });

    // The same range every time (everything since the page's end), so each answer replaces the
    // last one whole: invocations stay grouped even when their REPORT arrives a poll later.
    let poll = move || {
        let params = LogsParams {
            range: RangeParams { range: Some("custom".into()), from: Some((since_ms + 1).to_string()), to: None },
            filter: filter.get_value(),
            ..LogsParams::default()
        };
        leptos::task::spawn_local(async move {
            match get_log_timeline(function_id, params).await {
                Ok(timeline) => {
                    let count = timeline.invocations.len();
                    live.set(timeline.invocations);
                    status.set(format!("Live: {count} new invocation{}", if count == 1 { "" } else { "s" }));
                }
                Err(error) => status.set(format!("Live tail failed: {error}")),
            }
        });
    };

    Effect::new(move |_| {
        if !running.get() {
            return;
        }
        if hidden.get() {
            status.set("Live tail paused while the tab is hidden".into());
            return;
        }
        poll();
        if let Ok(handle) = set_interval_with_handle(poll, POLL) {
            on_cleanup(move || handle.clear());
        }
    });

    view! {
        <Show when=move || hydrated.get()>
            <div class="live-tail">
                <button type="button" aria-pressed=move || running.get().to_string()
                    on:click=move |_| running.update(|r| *r = !*r)>
                    {move || if running.get() { "Stop live tail" } else { "Live tail" }}
                </button>
                " " <span class="muted small" role="status">{move || if running.get() { status.get() } else { String::new() }}</span>
            </div>
            <ol class="invocations live">
                <For each=move || live.get()
                    key=|invocation| (invocation.request_id.clone(), invocation.started, invocation.lines.len())
                    let:invocation>
                    <InvocationView invocation function_id />
                </For>
            </ol>
        </Show>
    }
}
