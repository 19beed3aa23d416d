//! Reusable pieces of the interface.

pub mod error_view;
pub mod layout;
pub mod not_found;
