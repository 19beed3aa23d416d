//! The server's implementation of what the UI asks for ([`app::backend::Backend`]).

use app::catalog::model::{
    EventDetail, EventList, FunctionDetail, Page, ServiceDetail, ServiceFacets, ServiceList, ServiceListQuery,
    TeamDetail,
};
use app::error::AppError;
use app::overview::model::Overview;
use app::search::model::{SearchQuery, SearchResults};
use app::teams::model::TeamSummary;

use app::logs::model::{
    CostReport, CostsOverview, FunctionMetrics, LogLines, LogTimeline, LogTimelineRequest, LogsRequest,
};
use chrono::{DateTime, Utc};

use crate::catalog_cache::VersionedCache;
use crate::db::catalog_read::ListQuery;
use crate::db::rollups::CostGrouping;
use crate::db::{Database, DbError};
use crate::logs::rollup::Period;
use crate::logs::service::{Logs, LogsFailure};
use crate::logs::{LogError, LogQuery};

/// How many rows each overview highlight shows.
const HIGHLIGHTS: i64 = 8;
/// How many lines of a cost ranking the costs page shows.
const RANKED_LINES: usize = 100;
/// How many right-sizing suggestions the costs page shows.
const ADVICE: usize = 25;

/// Facet counts kept per filter combination, at most.
const FACET_CACHE_SIZE: usize = 1024;

/// Storage-backed implementation of the UI's backend.
pub struct CatalogBackend {
    db: Database,
    /// Services list facets by filters (cursor and sort cleared), until the catalog changes.
    facets: VersionedCache<ServiceListQuery, ServiceFacets>,
    logs: Logs,
}

impl CatalogBackend {
    /// Serves the UI from `db`, logs through `logs`.
    pub fn new(db: Database, logs: Logs) -> Self {
        CatalogBackend { db, facets: VersionedCache::new(FACET_CACHE_SIZE), logs }
    }

    /// The facets of the services list under `query`'s filters.
    async fn service_facets(&self, query: &ServiceListQuery) -> Result<ServiceFacets, DbError> {
        let key = ServiceListQuery { cursor: None, sort: Default::default(), ..query.clone() };
        let version = self.db.catalog_version().await?;
        if let Some(facets) = self.facets.get(version, &key) {
            return Ok(facets);
        }
        let facets = self.db.service_facets(query).await?;
        self.facets.put(version, key, facets.clone());
        Ok(facets)
    }
}

/// A log source failure as the page shows it: what failed and what to check.
fn log_failure(failure: LogsFailure) -> AppError {
    match failure {
        LogsFailure::NoSuchFunction(id) => AppError::NotFound { what: format!("function {id}") },
        LogsFailure::NoLogGroup(id) => AppError::NotFound { what: format!("a log group for function {id}") },
        LogsFailure::Source(LogError::InvalidQuery { field, message }) => {
            AppError::Invalid { field: field.into(), message }
        }
        LogsFailure::Source(error) => {
            tracing::warn!(%error, "log source error");
            AppError::Unavailable { what: error.to_string() }
        }
        LogsFailure::Db(error) => unavailable(error),
    }
}

fn grouping_named(group_by: &str) -> Result<CostGrouping, AppError> {
    match group_by {
        "function" => Ok(CostGrouping::Function),
        "service" => Ok(CostGrouping::Service),
        "team" => Ok(CostGrouping::Team),
        other => Err(AppError::Invalid {
            field: "group_by".into(),
            message: format!("{other:?}: use function, service or team"),
        }),
    }
}

fn period_named(granularity: &str) -> Result<Period, AppError> {
    match granularity {
        "hour" => Ok(Period::Hour),
        "day" => Ok(Period::Day),
        other => Err(AppError::Invalid { field: "granularity".into(), message: format!("{other:?}: use hour or day") }),
    }
}

/// Logs the storage error and gives the browser a typed error without SQL in it.
fn unavailable(error: DbError) -> AppError {
    tracing::error!(%error, "storage error");
    AppError::Unavailable { what: "the catalog database did not answer; check that it is running".into() }
}

fn found<T>(row: Option<T>, what: impl FnOnce() -> String) -> Result<T, AppError> {
    row.ok_or_else(|| AppError::NotFound { what: what() })
}

#[async_trait::async_trait]
impl app::backend::Backend for CatalogBackend {
    async fn overview(&self) -> Result<Overview, AppError> {
        let (counts, recently_changed, recently_removed, busiest_events) = tokio::try_join!(
            self.db.counts(),
            self.db.recently_changed(HIGHLIGHTS),
            self.db.recently_removed_functions(HIGHLIGHTS),
            self.db.busiest_events(HIGHLIGHTS),
        )
        .map_err(unavailable)?;
        Ok(Overview { counts, recently_changed, recently_removed, busiest_events })
    }

    async fn teams(&self) -> Result<Vec<TeamSummary>, AppError> {
        self.db.list_teams(None, 10_000).await.map_err(unavailable)
    }

    async fn team(&self, name: &str) -> Result<TeamDetail, AppError> {
        found(self.db.team_detail(name).await.map_err(unavailable)?, || format!("team {name}"))
    }

    async fn services(&self, query: &ServiceListQuery) -> Result<ServiceList, AppError> {
        let (page, facets) =
            tokio::try_join!(self.db.services_page(query, ServiceListQuery::PAGE_SIZE), self.service_facets(query))
                .map_err(unavailable)?;
        Ok(ServiceList { page, facets })
    }

    async fn service(&self, id: i64, include_removed: bool) -> Result<ServiceDetail, AppError> {
        found(self.db.service_detail(id, include_removed).await.map_err(unavailable)?, || format!("service {id}"))
    }

    async fn function(&self, id: i64) -> Result<FunctionDetail, AppError> {
        found(self.db.function_detail(id).await.map_err(unavailable)?, || format!("function {id}"))
    }

    async fn events(&self, kind: Option<String>, cursor: Option<String>) -> Result<EventList, AppError> {
        let after = match cursor.as_deref().filter(|c| !c.is_empty()) {
            Some(text) => Some(text.parse::<i64>().map_err(|_| AppError::Invalid {
                field: "cursor".into(),
                message: "not a cursor of this list; follow the Next link instead".into(),
            })?),
            None => None,
        };
        let list = ListQuery { after, limit: EventList::PAGE_SIZE + 1, include_removed: false };
        let (kinds, mut items) = tokio::try_join!(self.db.event_kinds(), self.db.list_events(&list, kind.as_deref()))
            .map_err(unavailable)?;
        let more = items.len() as i64 > EventList::PAGE_SIZE;
        items.truncate(EventList::PAGE_SIZE as usize);
        let next_cursor = if more { items.last().map(|e| e.event.id.to_string()) } else { None };
        Ok(EventList { kinds, kind, page: Page { items, next_cursor } })
    }

    async fn event(&self, id: i64, include_removed: bool) -> Result<EventDetail, AppError> {
        found(self.db.event_detail(id, include_removed).await.map_err(unavailable)?, || format!("event {id}"))
    }

    async fn search(&self, query: &SearchQuery) -> Result<SearchResults, AppError> {
        self.db.search(query).await.map_err(unavailable)
    }

    async fn function_logs(&self, id: i64, request: &LogsRequest) -> Result<LogLines, AppError> {
        let to = request.to.unwrap_or_else(Utc::now).timestamp_millis();
        let query = LogQuery {
            start_ms: Some(request.from.map(|f| f.timestamp_millis()).unwrap_or(to - 3_600_000)),
            end_ms: Some(to),
            filter: request.filter.clone().filter(|f| !f.trim().is_empty()),
            limit: request.limit.unwrap_or(100).clamp(1, 1000),
            next_token: request.next_token.clone().filter(|t| !t.is_empty()),
        };
        self.logs.function_logs(id, &query).await.map_err(log_failure)
    }

    async fn function_metrics(
        &self,
        id: i64,
        granularity: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<FunctionMetrics, AppError> {
        let period = period_named(granularity)?;
        let metrics = self.logs.function_metrics(id, period, from.timestamp_millis(), to.timestamp_millis());
        found(metrics.await.map_err(unavailable)?, || format!("function {id}"))
    }

    async fn costs(&self, group_by: &str, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<CostReport, AppError> {
        let grouping = grouping_named(group_by)?;
        self.logs.cost_report(grouping, from.timestamp_millis(), to.timestamp_millis()).await.map_err(unavailable)
    }

    async fn function_timeline(&self, id: i64, request: &LogTimelineRequest) -> Result<LogTimeline, AppError> {
        let timeline = self.logs.function_timeline(
            id,
            request.from.timestamp_millis(),
            request.to.timestamp_millis(),
            request.filter.as_deref(),
            request.before.as_deref().filter(|b| !b.is_empty()),
            request.limit,
        );
        timeline.await.map_err(log_failure)
    }

    async fn costs_overview(
        &self,
        group_by: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<CostsOverview, AppError> {
        let grouping = grouping_named(group_by)?;
        let overview =
            self.logs.costs_overview(grouping, from.timestamp_millis(), to.timestamp_millis(), RANKED_LINES, ADVICE);
        overview.await.map_err(unavailable)
    }
}
