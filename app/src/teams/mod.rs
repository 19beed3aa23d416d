//! Teams and what they own.

pub mod api;
pub mod model;
pub mod teams_page;
