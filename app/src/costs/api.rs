//! Server function of the costs page.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::logs::model::CostsOverview;
use crate::logs::range::RangeParams;

/// The costs page's parameters, as in its URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostsParams {
    /// `function` (default), `service` or `team`.
    pub group: Option<String>,
    /// The period: `24h`, `7d` (default), `30d`, or a custom `from`/`to`.
    pub range: RangeParams,
}

impl CostsParams {
    /// The grouping asked for, `function` by default.
    pub fn group(&self) -> &str {
        self.group.as_deref().filter(|g| !g.is_empty()).unwrap_or("function")
    }
}

/// Where a preset period ends: the next whole UTC hour for `24h`, the next midnight UTC for
/// days, so day presets read day roll-ups and equal periods compare whole days.
#[cfg(feature = "ssr")]
fn aligned(range: crate::logs::range::TimeRange) -> crate::logs::range::TimeRange {
    use chrono::{Duration, DurationRound};
    let Some(length) = crate::logs::range::preset_length(&range.preset) else { return range };
    let unit =
        if length >= Duration::days(1) && range.preset != "24h" { Duration::days(1) } else { Duration::hours(1) };
    let to = range.to.duration_trunc(unit).map(|t| t + unit).unwrap_or(range.to);
    crate::logs::range::TimeRange { from: to - length, to, preset: range.preset }
}

/// The costs page's data for `params`.
// JSON, not a URL-encoded form: a form drops a nested struct whose fields are all empty.
#[server(endpoint = "costs_overview", input = Json)]
pub async fn get_costs_overview(params: CostsParams) -> Result<CostsOverview, AppError> {
    use crate::logs::range::COST_PRESETS;
    let range = aligned(params.range.resolve(chrono::Utc::now(), "7d", COST_PRESETS)?);
    crate::backend::expect_backend()?.costs_overview(params.group(), range.from, range.to).await
}
