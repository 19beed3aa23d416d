//! Types shown on the overview page.

use serde::{Deserialize, Serialize};

use crate::catalog::model::{EventSummary, RemovedFunction, ServiceSummary};

/// How much the catalog holds. Removed items are not counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Services currently deployed.
    pub services: i64,
    /// Functions currently deployed.
    pub functions: i64,
    /// Distinct events (topics, queues, routes, ...) that anything subscribes or publishes to.
    pub events: i64,
    /// Teams that own at least one service.
    pub teams: i64,
}

/// Everything the overview page shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    /// Catalog totals.
    pub counts: Counts,
    /// Services whose manifest changed most recently.
    pub recently_changed: Vec<ServiceSummary>,
    /// Functions that disappeared most recently.
    pub recently_removed: Vec<RemovedFunction>,
    /// Events with the most subscribers.
    pub busiest_events: Vec<EventSummary>,
}
