//! Pages whose data arrives with a later capability, saying so plainly.

use leptos::prelude::*;
use leptos_meta::Title;

/// The costs page until log pulling computes costs.
#[component]
pub fn CostsPage() -> impl IntoView {
    view! {
        <Title text="Costs" />
        <h1>"Costs"</h1>
        <p class="muted">
            "Cost estimates per function, service and team are computed from Lambda's REPORT log lines. "
            "They appear here once Switchboard pulls logs; the catalog alone has no invocation data."
        </p>
    }
}
