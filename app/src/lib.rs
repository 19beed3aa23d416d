//! Switchboard's user interface: pages, shared types and the server functions behind them.
//!
//! Compiled twice: with `ssr` into the server binary, and with `hydrate` into the browser's wasm.

// Leptos views are nested generic types; a whole page's type is deeper than the default 128.
#![recursion_limit = "256"]

pub mod backend;
pub mod catalog;
pub mod costs;
pub mod error;
pub mod events;
pub mod functions;
pub mod lazy_pages;
pub mod logs;
pub mod overview;
pub mod search;
pub mod services;
pub mod teams;
pub mod topology;
pub mod ui;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    Lazy, ParamSegment, SsrMode, StaticSegment,
    components::{Route, Router, Routes},
};

use crate::lazy_pages::{
    CostsRoute, EventRoute, EventsRoute, FunctionLogsRoute, FunctionMetricsRoute, FunctionRoute, SearchRoute,
    ServiceRoute, ServicesRoute, TeamRoute, TeamsRoute,
};
use crate::overview::overview_page::OverviewPage;
use crate::ui::layout::Layout;
use crate::ui::not_found::NotFound;

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The root component: routes every page inside the shared layout.
///
/// Every route renders with [`SsrMode::Async`] so the server sends complete HTML: pages must work
/// with JavaScript off, and out-of-order streaming needs a script to put content in place.
/// Every page but the overview is lazy (see [`lazy_pages`]): its code is loaded when it is needed.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href="/pkg/switchboard.css" />
        <Title formatter=|title: String| if title.is_empty() { "Switchboard".to_string() } else { format!("{title} · Switchboard") } />
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=StaticSegment("") view=OverviewPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("teams") view={Lazy::<TeamsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=(StaticSegment("teams"), ParamSegment("name")) view={Lazy::<TeamRoute>::new()} ssr=SsrMode::Async />
                    <Route path=StaticSegment("services") view={Lazy::<ServicesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=(StaticSegment("services"), ParamSegment("id")) view={Lazy::<ServiceRoute>::new()} ssr=SsrMode::Async />
                    <Route path=(StaticSegment("functions"), ParamSegment("id")) view={Lazy::<FunctionRoute>::new()} ssr=SsrMode::Async />
                    <Route path=(StaticSegment("functions"), ParamSegment("id"), StaticSegment("logs")) view={Lazy::<FunctionLogsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=(StaticSegment("functions"), ParamSegment("id"), StaticSegment("metrics")) view={Lazy::<FunctionMetricsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=StaticSegment("events") view={Lazy::<EventsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=(StaticSegment("events"), ParamSegment("id")) view={Lazy::<EventRoute>::new()} ssr=SsrMode::Async />
                    <Route path=StaticSegment("costs") view={Lazy::<CostsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=StaticSegment("search") view={Lazy::<SearchRoute>::new()} ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}

/// Entry point of the browser bundle: hydrates the server-rendered page.
///
/// `hydrate_lazy`, not `hydrate_body`: a lazy page's code must be fetched before its HTML can be
/// hydrated.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_lazy(App);
}
