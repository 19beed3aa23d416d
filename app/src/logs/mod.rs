//! Function logs, metrics and costs: the types pages and the REST API share.

pub mod model;
