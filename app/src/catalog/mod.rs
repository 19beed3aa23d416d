//! What the catalog holds: services, functions and the events that join them.

pub mod arn;
pub mod model;
