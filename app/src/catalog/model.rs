//! Catalog types shared by the pages and the REST API (`/api/v1`).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One page of a list, with the cursor of the next page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; absent on the last page. Opaque.
    pub next_cursor: Option<String>,
}

/// A team and what it runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TeamRef {
    /// Team id.
    pub id: i64,
    /// Team name.
    pub name: String,
}

/// A service as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ServiceSummary {
    /// Service id.
    pub id: i64,
    /// Service name.
    pub name: String,
    /// Stage, empty when unknown.
    pub stage: String,
    /// Region, empty when unknown.
    pub region: String,
    /// Cloud provider, e.g. `aws`.
    pub provider: String,
    /// `serverless`, `sam` or `cloud_formation`.
    pub format: String,
    /// Owning team, if known.
    pub team: Option<String>,
    /// Manifest the service came from.
    pub source: String,
    /// Line of the manifest where the service is defined.
    pub source_line: i64,
    /// Functions currently deployed.
    pub functions: i64,
    /// When the service was first indexed.
    pub first_seen: DateTime<Utc>,
    /// When an ingest last confirmed it.
    pub last_seen: DateTime<Utc>,
    /// When its manifest last changed.
    pub changed_at: DateTime<Utc>,
    /// When it disappeared, if it did.
    pub removed_at: Option<DateTime<Utc>>,
}

/// A service with its functions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ServiceDetail {
    /// The service.
    pub service: ServiceSummary,
    /// Description from the manifest.
    pub description: Option<String>,
    /// Serverless Framework `org`.
    pub org: Option<String>,
    /// Serverless Framework `app`.
    pub app: Option<String>,
    /// Default runtime.
    pub runtime: Option<String>,
    /// Service tags.
    pub tags: BTreeMap<String, String>,
    /// Its functions, by name (removed ones only when asked for).
    pub functions: Vec<FunctionSummary>,
    /// Which events its functions consume and produce.
    pub links: Vec<FunctionLink>,
    /// Services on the other side of those events.
    pub neighbours: Vec<Neighbour>,
}

/// Another service joined to one of a service's events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Neighbour {
    /// The event.
    pub event_id: i64,
    /// What the other service does with it: `produces` (upstream) or `consumes` (downstream).
    pub direction: Direction,
    /// The other service.
    pub service: ServiceRef,
}

/// A function as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FunctionSummary {
    /// Function id.
    pub id: i64,
    /// Name within its service.
    pub name: String,
    /// Name deployed to the cloud, when known.
    pub deployed_name: Option<String>,
    /// Entry point.
    pub handler: Option<String>,
    /// Runtime, e.g. `nodejs20.x`.
    pub runtime: Option<String>,
    /// Memory size in MB.
    pub memory_mb: Option<i64>,
    /// Timeout in seconds.
    pub timeout_s: Option<i64>,
    /// `x86_64` or `arm64`.
    pub architecture: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Line of the manifest where the function is defined.
    pub source_line: i64,
    /// When it disappeared from its manifest, if it did.
    pub removed_at: Option<DateTime<Utc>>,
}

/// The service a function belongs to, in short.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ServiceRef {
    /// Service id.
    pub id: i64,
    /// Service name.
    pub name: String,
    /// Stage.
    pub stage: String,
    /// Region.
    pub region: String,
    /// Owning team.
    pub team: Option<String>,
}

/// An event in short.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EventRef {
    /// Event id.
    pub id: i64,
    /// Identity shared across services, e.g. `sns:order-events`.
    pub key: String,
    /// Kind, e.g. `sns_topic`, `sqs_queue`, `eventbridge_rule`, `http_route`.
    pub kind: String,
    /// Display name.
    pub name: String,
}

/// One trigger of a function.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Trigger {
    /// The event.
    pub event: EventRef,
    /// Filter, pattern, batch size and other settings of the subscription.
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub config: serde_json::Value,
    /// Line of the manifest where the trigger is defined.
    pub source_line: i64,
    /// When it disappeared, if it did.
    pub removed_at: Option<DateTime<Utc>>,
}

/// A function with its triggers and what it publishes to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FunctionDetail {
    /// The function.
    pub function: FunctionSummary,
    /// Its service.
    pub service: ServiceRef,
    /// Manifest it came from.
    pub source: String,
    /// Tags.
    pub tags: BTreeMap<String, String>,
    /// Environment variable names (values are never stored).
    pub env_vars: Vec<String>,
    /// Events that invoke it.
    pub triggers: Vec<Trigger>,
    /// Events it publishes to.
    pub publishes: Vec<EventRef>,
    /// When it was first indexed.
    pub first_seen: DateTime<Utc>,
    /// When an ingest last confirmed it.
    pub last_seen: DateTime<Utc>,
}

/// An event as listed, with how many functions touch it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EventSummary {
    /// The event.
    pub event: EventRef,
    /// Functions it triggers.
    pub subscribers: i64,
    /// Functions that publish to it.
    pub producers: i64,
}

/// A function on the other end of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Endpoint {
    /// Function id.
    pub function_id: i64,
    /// Function name.
    pub function: String,
    /// Its service.
    pub service: ServiceRef,
    /// Subscription settings (filters, patterns, batch size); empty for producers.
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub config: serde_json::Value,
    /// When the link disappeared, if it did.
    pub removed_at: Option<DateTime<Utc>>,
}

/// An event with everything that consumes and produces it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EventDetail {
    /// The event.
    pub event: EventRef,
    /// Kind-specific details: pattern, schedule, method and path, bucket event kinds.
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub detail: serde_json::Value,
    /// Functions it triggers.
    pub subscribers: Vec<Endpoint>,
    /// Functions that publish to it. For an EventBridge rule: publishers to its bus.
    pub producers: Vec<Endpoint>,
    /// When it was first indexed.
    pub first_seen: DateTime<Utc>,
    /// When an ingest last referenced it.
    pub last_seen: DateTime<Utc>,
}

/// Which way a function is joined to an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The event triggers the function.
    Consumes,
    /// The function publishes to the event.
    Produces,
}

/// A function of a service joined to an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FunctionLink {
    /// The function.
    pub function_id: i64,
    /// Which way.
    pub direction: Direction,
    /// The event.
    pub event: EventRef,
}

/// How the services list is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceSort {
    /// By name, A to Z.
    #[default]
    Name,
    /// Most recently changed first.
    Changed,
}

impl ServiceSort {
    /// The value used in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceSort::Name => "name",
            ServiceSort::Changed => "changed",
        }
    }

    /// Parses the URL value; anything else is the default.
    pub fn parse(value: &str) -> ServiceSort {
        match value {
            "changed" => ServiceSort::Changed,
            _ => ServiceSort::Name,
        }
    }
}

/// Filters, order and position of the services list; every field maps to a URL parameter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceListQuery {
    /// Only this team's services.
    pub team: Option<String>,
    /// Only this provider.
    pub provider: Option<String>,
    /// Only this stage.
    pub stage: Option<String>,
    /// Only this region.
    pub region: Option<String>,
    /// Only services with a function on this runtime.
    pub runtime: Option<String>,
    /// Order.
    pub sort: ServiceSort,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Show removed services too.
    pub include_removed: bool,
}

impl ServiceListQuery {
    /// Page size of the services list.
    pub const PAGE_SIZE: i64 = 50;

    /// The URL parameters for this query, without the cursor unless `keep_cursor`.
    pub fn to_params(&self, keep_cursor: bool) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        for (name, value) in [
            ("team", &self.team),
            ("provider", &self.provider),
            ("stage", &self.stage),
            ("region", &self.region),
            ("runtime", &self.runtime),
        ] {
            if let Some(value) = value {
                params.push((name, value.clone()));
            }
        }
        if self.sort != ServiceSort::Name {
            params.push(("sort", self.sort.as_str().to_string()));
        }
        if self.include_removed {
            params.push(("removed", "1".to_string()));
        }
        if keep_cursor && let Some(cursor) = &self.cursor {
            params.push(("cursor", cursor.clone()));
        }
        params
    }
}

/// One value of a facet and how many services have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetValue {
    /// The value, e.g. a team name.
    pub value: String,
    /// Services with it, under the other filters.
    pub count: i64,
}

/// The values each filter can take, for the services list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceFacets {
    /// Teams.
    pub team: Vec<FacetValue>,
    /// Providers.
    pub provider: Vec<FacetValue>,
    /// Stages.
    pub stage: Vec<FacetValue>,
    /// Regions.
    pub region: Vec<FacetValue>,
    /// Function runtimes.
    pub runtime: Vec<FacetValue>,
}

/// A page of the services list with its facets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceList {
    /// The services of this page.
    pub page: Page<ServiceSummary>,
    /// Filter values with counts.
    pub facets: ServiceFacets,
}

/// A team with what it runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamDetail {
    /// Team name.
    pub name: String,
    /// Its current services.
    pub services: Vec<ServiceSummary>,
    /// Events its functions publish to.
    pub produces: Vec<EventSummary>,
    /// Events its functions are triggered by.
    pub consumes: Vec<EventSummary>,
}

/// A recently removed function, for the overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedFunction {
    /// Function id.
    pub id: i64,
    /// Function name.
    pub name: String,
    /// Its service.
    pub service: ServiceRef,
    /// When it disappeared.
    pub removed_at: DateTime<Utc>,
}

/// The events catalog: how many events of each kind, and one page of events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventList {
    /// Each kind with its number of current events.
    pub kinds: Vec<FacetValue>,
    /// The kind shown, if one was chosen.
    pub kind: Option<String>,
    /// Events of that kind (or all), oldest first.
    pub page: Page<EventSummary>,
}

impl EventList {
    /// Page size of the events catalog.
    pub const PAGE_SIZE: i64 = 50;
}
