//! The frame around every page: header, navigation and the global search box.

use leptos::prelude::*;
use leptos_router::components::A;

/// Header with navigation and search, then the page.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <header class="site-header">
            <a class="brand" href="/">"Switchboard"</a>
            <nav aria-label="Main">
                <A href="/services">"Services"</A>
                <A href="/events">"Events"</A>
                <A href="/teams">"Teams"</A>
                <A href="/costs">"Costs"</A>
            </nav>
            <crate::search::search_box::SearchBox />
        </header>
        <main class="page">{children()}</main>
    }
}
