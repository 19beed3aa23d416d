//! Teams and what they own.

pub mod api;
pub mod model;
pub mod team_page;
pub mod teams_page;
