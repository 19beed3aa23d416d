//! Pages the browser loads on demand: with `cargo leptos build --split` each one's view code is
//! a wasm file of its own, fetched when the page is first shown (or hydrated), so the first
//! download carries only the layout, the overview and the framework.
//!
//! The server renders these pages as before; only the browser's bundle is split. `data()` is
//! empty: each page creates its own resources, so on client-side navigation its data request
//! starts once its code has arrived (one extra round trip, the first time only).

// The `#[lazy]` split points expand to extern imports and exports between the wasm files.
#![allow(unsafe_code)]

use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// Declares a route type whose view, the page component `$page`, is split out of the main bundle.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $page:path $(, $prop:ident = $value:expr)*) => {
        $(#[$doc])*
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page $($prop=$value)* /> }.into_any()
            }
        }
    };
}

lazy_page!(
    /// `/teams`.
    TeamsRoute => crate::teams::teams_page::TeamsPage
);
lazy_page!(
    /// `/teams/{name}`.
    TeamRoute => crate::teams::team_page::TeamPage
);
lazy_page!(
    /// `/services`.
    ServicesRoute => crate::services::services_page::ServicesPage
);
lazy_page!(
    /// `/services/{id}`.
    ServiceRoute => crate::services::service_page::ServicePage
);
lazy_page!(
    /// `/functions/{id}`.
    FunctionRoute => crate::functions::function_page::FunctionPage, tab = crate::functions::function_page::FunctionTab::Configuration
);
lazy_page!(
    /// `/functions/{id}/logs`.
    FunctionLogsRoute => crate::functions::function_page::FunctionPage, tab = crate::functions::function_page::FunctionTab::Logs
);
lazy_page!(
    /// `/functions/{id}/metrics`.
    FunctionMetricsRoute => crate::functions::function_page::FunctionPage, tab = crate::functions::function_page::FunctionTab::Metrics
);
lazy_page!(
    /// `/costs`.
    CostsRoute => crate::costs::costs_page::CostsPage
);
lazy_page!(
    /// `/events`.
    EventsRoute => crate::events::events_page::EventsPage
);
lazy_page!(
    /// `/events/{id}`, with the Subscribe panel.
    EventRoute => crate::events::event_page::EventPage
);
lazy_page!(
    /// `/search`.
    SearchRoute => crate::search::search_page::SearchPage
);
