//! What the pages need from the server, as a trait the `server` crate implements.
//!
//! The app crate never depends on the server crate: server functions reach storage through this
//! trait, provided as context by the server when it renders a page or answers a server function.

#[cfg(feature = "ssr")]
mod ssr {
    use std::sync::Arc;

    use crate::catalog::model::{
        EventDetail, EventList, FunctionDetail, ServiceDetail, ServiceList, ServiceListQuery, TeamDetail,
    };
    use crate::error::AppError;
    use crate::logs::model::{
        CostReport, CostsOverview, FunctionMetrics, LogLines, LogTimeline, LogTimelineRequest, LogsRequest,
    };
    use crate::overview::model::Overview;
    use crate::search::model::{SearchQuery, SearchResults};
    use crate::teams::model::TeamSummary;

    /// Storage and services the UI reads, implemented by the server.
    #[async_trait::async_trait]
    pub trait Backend: Send + Sync + 'static {
        /// Counts and highlights for the overview page.
        async fn overview(&self) -> Result<Overview, AppError>;

        /// Every team with its totals, by name.
        async fn teams(&self) -> Result<Vec<TeamSummary>, AppError>;

        /// One team's services and events.
        async fn team(&self, name: &str) -> Result<TeamDetail, AppError>;

        /// A page of services with facets.
        async fn services(&self, query: &ServiceListQuery) -> Result<ServiceList, AppError>;

        /// One service with its functions and events.
        async fn service(&self, id: i64, include_removed: bool) -> Result<ServiceDetail, AppError>;

        /// One function with its triggers and what it publishes.
        async fn function(&self, id: i64) -> Result<FunctionDetail, AppError>;

        /// Event kinds with counts and a page of events, optionally of one kind.
        async fn events(&self, kind: Option<String>, cursor: Option<String>) -> Result<EventList, AppError>;

        /// One event with its producers and consumers.
        async fn event(&self, id: i64, include_removed: bool) -> Result<EventDetail, AppError>;

        /// Services, functions, events and teams matching a search.
        async fn search(&self, query: &SearchQuery) -> Result<SearchResults, AppError>;

        /// A page of a function's log, oldest first, from the configured log source.
        async fn function_logs(&self, id: i64, request: &LogsRequest) -> Result<LogLines, AppError>;

        /// A page of a function's log, newest invocation first, grouped by invocation.
        async fn function_timeline(&self, id: i64, request: &LogTimelineRequest) -> Result<LogTimeline, AppError>;

        /// The costs page over `[from, to)`: ranking by `group_by`, the previous period of the
        /// same length, and right-sizing advice.
        async fn costs_overview(
            &self,
            group_by: &str,
            from: chrono::DateTime<chrono::Utc>,
            to: chrono::DateTime<chrono::Utc>,
        ) -> Result<CostsOverview, AppError>;

        /// A function's metrics and cost per `granularity` (`hour` or `day`) over `[from, to)`.
        async fn function_metrics(
            &self,
            id: i64,
            granularity: &str,
            from: chrono::DateTime<chrono::Utc>,
            to: chrono::DateTime<chrono::Utc>,
        ) -> Result<FunctionMetrics, AppError>;

        /// Functions, services or teams (`group_by`) ranked by estimated cost over `[from, to)`.
        async fn costs(
            &self,
            group_by: &str,
            from: chrono::DateTime<chrono::Utc>,
            to: chrono::DateTime<chrono::Utc>,
        ) -> Result<CostReport, AppError>;
    }

    /// The backend as held in Leptos context.
    pub type SharedBackend = Arc<dyn Backend>;

    /// Makes the backend available to server functions and pages rendered in this request.
    pub fn provide_backend(backend: SharedBackend) {
        leptos::prelude::provide_context(backend);
    }

    /// The backend provided by the server, or an `Unavailable` error if it was never provided.
    pub fn expect_backend() -> Result<SharedBackend, AppError> {
        leptos::prelude::use_context::<SharedBackend>()
            .ok_or_else(|| AppError::Unavailable { what: "the server did not provide a storage backend".into() })
    }
}

#[cfg(feature = "ssr")]
pub use ssr::*;
