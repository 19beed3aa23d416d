//! The server's implementation of what the UI asks for ([`app::backend::Backend`]).

use app::catalog::model::{
    EventDetail, EventList, FunctionDetail, Page, ServiceDetail, ServiceFacets, ServiceList, ServiceListQuery, TeamDetail,
};
use app::error::AppError;
use app::overview::model::Overview;
use app::search::model::{SearchQuery, SearchResults};
use app::teams::model::TeamSummary;

use crate::catalog_cache::VersionedCache;
use crate::db::catalog_read::ListQuery;
use crate::db::{Database, DbError};

/// How many rows each overview highlight shows.
const HIGHLIGHTS: i64 = 8;

/// Facet counts kept per filter combination, at most.
const FACET_CACHE_SIZE: usize = 1024;

/// Storage-backed implementation of the UI's backend.
pub struct CatalogBackend {
    db: Database,
    /// Services list facets by filters (cursor and sort cleared), until the catalog changes.
    facets: VersionedCache<ServiceListQuery, ServiceFacets>,
}

impl CatalogBackend {
    /// Serves the UI from `db`.
    pub fn new(db: Database) -> Self {
        CatalogBackend { db, facets: VersionedCache::new(FACET_CACHE_SIZE) }
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
        let (kinds, mut items) =
            tokio::try_join!(self.db.event_kinds(), self.db.list_events(&list, kind.as_deref())).map_err(unavailable)?;
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
}
