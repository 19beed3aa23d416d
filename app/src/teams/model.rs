//! Types shown on the teams pages.

use serde::{Deserialize, Serialize};

/// A team and how much it runs (removed items not counted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TeamSummary {
    /// Team name.
    pub name: String,
    /// Services the team owns.
    pub services: i64,
    /// Functions in those services.
    pub functions: i64,
}
