//! Reusable pieces of the interface.

pub mod chart;
pub mod error_view;
pub mod format;
pub mod layout;
pub mod not_found;
pub mod url;
