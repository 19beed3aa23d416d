//! The home page: what the catalog holds at a glance.

pub mod api;
pub mod model;
pub mod overview_page;
