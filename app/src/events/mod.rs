//! Events: the catalog grouped by kind, and one event's page with its Subscribe panel.

pub mod api;
pub mod event_page;
pub mod events_page;
pub mod model;
#[cfg(feature = "ssr")]
pub mod snippets;
pub mod subscribe_panel;
