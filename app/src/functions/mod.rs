//! One function's page.

pub mod api;
pub mod function_page;
