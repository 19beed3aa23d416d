//! The costs page: functions, services and teams ranked by estimated cost, trends, and
//! right-sizing advice.

pub mod api;
pub mod costs_page;
