//! Queries behind the browsing pages: the filtered services list with its facets, a team's
//! page, and the overview's highlights.

use app::catalog::model::{
    Direction, EventRef, EventSummary, FacetValue, FunctionLink, Page, RemovedFunction, ServiceFacets,
    ServiceListQuery, ServiceRef, ServiceSort, ServiceSummary, TeamDetail,
};
use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;

use super::catalog_read::{EventSummaryRow, SERVICE_COLUMNS, ServiceRow, event_summaries};
use super::{Database, DbError, QueryContext, with_pool};

/// A position in the services list: the sort value and id of the last row shown.
#[derive(Debug, Clone, PartialEq)]
enum ServiceCursor {
    Name(String, i64),
    Changed(DateTime<Utc>, i64),
}

impl ServiceCursor {
    fn encode(sort: ServiceSort, row: &ServiceSummary) -> String {
        match sort {
            ServiceSort::Name => format!("{}~{}", row.id, row.name),
            ServiceSort::Changed => format!("{}~{}", row.id, row.changed_at.to_rfc3339()),
        }
    }

    /// A cursor that does not parse starts the list from the top rather than failing the page.
    fn decode(sort: ServiceSort, text: &str) -> Option<ServiceCursor> {
        let (id, value) = text.split_once('~')?;
        let id: i64 = id.parse().ok()?;
        match sort {
            ServiceSort::Name => Some(ServiceCursor::Name(value.to_string(), id)),
            ServiceSort::Changed => {
                DateTime::parse_from_rfc3339(value).ok().map(|at| ServiceCursor::Changed(at.with_timezone(&Utc), id))
            }
        }
    }
}

/// Which filters of a services query apply; `skip` leaves one out (for that facet's counts).
fn push_service_filters<'q, DB: sqlx::Database>(
    builder: &mut QueryBuilder<'q, DB>,
    query: &'q ServiceListQuery,
    skip: Option<&str>,
) where
    String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    builder.push(if query.include_removed { " WHERE 1 = 1" } else { " WHERE s.removed_at IS NULL" });
    let filters = [
        ("team", &query.team, " AND t.name = "),
        ("provider", &query.provider, " AND s.provider = "),
        ("stage", &query.stage, " AND s.stage = "),
        ("region", &query.region, " AND s.region = "),
    ];
    for (name, value, condition) in filters {
        if let Some(value) = value
            && skip != Some(name)
        {
            builder.push(condition).push_bind(value.clone());
        }
    }
    if let Some(runtime) = &query.runtime
        && skip != Some("runtime")
    {
        builder
            .push(" AND EXISTS (SELECT 1 FROM functions rf WHERE rf.service_id = s.id AND rf.removed_at IS NULL AND rf.runtime = ")
            .push_bind(runtime.clone())
            .push(")");
    }
}

impl Database {
    /// One page of services under `query`'s filters and order.
    pub async fn services_page(&self, query: &ServiceListQuery, limit: i64) -> Result<Page<ServiceSummary>, DbError> {
        let cursor = query.cursor.as_deref().and_then(|c| ServiceCursor::decode(query.sort, c));
        let rows: Vec<ServiceRow> = with_pool!(self, pool => {
            let mut builder = QueryBuilder::new(format!(
                "SELECT {SERVICE_COLUMNS} FROM services s LEFT JOIN teams t ON t.id = s.team_id"
            ));
            push_service_filters(&mut builder, query, None);
            match &cursor {
                Some(ServiceCursor::Name(name, id)) => {
                    builder.push(" AND (s.name > ").push_bind(name.clone()).push(" OR (s.name = ").push_bind(name.clone())
                        .push(" AND s.id > ").push_bind(*id).push("))");
                }
                Some(ServiceCursor::Changed(at, id)) => {
                    builder.push(" AND (s.changed_at < ").push_bind(*at).push(" OR (s.changed_at = ").push_bind(*at)
                        .push(" AND s.id < ").push_bind(*id).push("))");
                }
                None => {}
            }
            builder.push(match query.sort {
                ServiceSort::Name => " ORDER BY s.name, s.id",
                ServiceSort::Changed => " ORDER BY s.changed_at DESC, s.id DESC",
            });
            builder.push(" LIMIT ").push_bind(limit + 1);
            builder.build_query_as().fetch_all(pool).await
        })
        .doing("listing services")?;
        let mut items: Vec<ServiceSummary> = rows.into_iter().map(ServiceSummary::from).collect();
        let more = items.len() as i64 > limit;
        items.truncate(usize::try_from(limit).unwrap_or(0));
        let next_cursor = if more { items.last().map(|row| ServiceCursor::encode(query.sort, row)) } else { None };
        Ok(Page { items, next_cursor })
    }

    /// A number that grows with every change to the catalog, by any process: what a cache of
    /// catalog aggregates is valid for.
    pub async fn catalog_version(&self) -> Result<i64, DbError> {
        with_pool!(self, pool => {
            sqlx::query_scalar("SELECT version FROM catalog_version WHERE id = 1").fetch_one(pool).await
        })
        .doing("reading the catalog version")
    }

    /// For each filter, its values with service counts under the other filters.
    pub async fn service_facets(&self, query: &ServiceListQuery) -> Result<ServiceFacets, DbError> {
        let mut facets = ServiceFacets::default();
        for (name, column, target) in [
            ("team", "t.name", &mut facets.team),
            ("provider", "s.provider", &mut facets.provider),
            ("stage", "s.stage", &mut facets.stage),
            ("region", "s.region", &mut facets.region),
        ] {
            let rows: Vec<(String, i64)> = with_pool!(self, pool => {
                let mut builder = QueryBuilder::new(format!(
                    "SELECT {column}, COUNT(*) FROM services s LEFT JOIN teams t ON t.id = s.team_id"
                ));
                push_service_filters(&mut builder, query, Some(name));
                builder.push(format!(" AND {column} IS NOT NULL AND {column} <> '' GROUP BY {column} ORDER BY COUNT(*) DESC, {column} LIMIT 50"));
                builder.build_query_as().fetch_all(pool).await
            })
            .doing("counting services by facet")?;
            *target = rows.into_iter().map(|(value, count)| FacetValue { value, count }).collect();
        }
        let rows: Vec<(String, i64)> = with_pool!(self, pool => {
            let mut builder = QueryBuilder::new(
                "SELECT f.runtime, COUNT(DISTINCT s.id) FROM services s LEFT JOIN teams t ON t.id = s.team_id
                 JOIN functions f ON f.service_id = s.id AND f.removed_at IS NULL",
            );
            push_service_filters(&mut builder, query, Some("runtime"));
            builder.push(" AND f.runtime IS NOT NULL GROUP BY f.runtime ORDER BY COUNT(DISTINCT s.id) DESC, f.runtime LIMIT 50");
            builder.build_query_as().fetch_all(pool).await
        })
        .doing("counting services by runtime")?;
        facets.runtime = rows.into_iter().map(|(value, count)| FacetValue { value, count }).collect();
        Ok(facets)
    }

    /// Which events the functions of service `id` consume and produce.
    pub async fn service_links(&self, id: i64) -> Result<Vec<FunctionLink>, DbError> {
        let rows: Vec<(i64, String, i64, String, String, String)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT f.id, 'consumes', e.id, e.key, e.kind, e.name FROM subscriptions x
                    JOIN functions f ON f.id = x.function_id JOIN events e ON e.id = x.event_id
                    WHERE f.service_id = $1 AND x.removed_at IS NULL
                 UNION ALL
                 SELECT f.id, 'produces', e.id, e.key, e.kind, e.name FROM producers p
                    JOIN functions f ON f.id = p.function_id JOIN events e ON e.id = p.event_id
                    WHERE f.service_id = $1 AND p.removed_at IS NULL
                 ORDER BY 1, 2, 6",
            )
            .bind(id)
            .fetch_all(pool)
            .await
        })
        .doing("reading a service's events")?;
        Ok(rows
            .into_iter()
            .map(|(function_id, direction, id, key, kind, name)| FunctionLink {
                function_id,
                direction: if direction == "produces" { Direction::Produces } else { Direction::Consumes },
                event: EventRef { id, key, kind, name },
            })
            .collect())
    }

    /// A team's services and the events its functions produce and consume; `None` if unknown.
    pub async fn team_detail(&self, name: &str) -> Result<Option<TeamDetail>, DbError> {
        let exists: Option<i64> = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT id FROM teams WHERE name = $1").bind(name).fetch_optional(pool).await
        })
        .doing("looking up a team")?;
        let Some(team_id) = exists else { return Ok(None) };
        let query = ServiceListQuery { team: Some(name.to_string()), ..ServiceListQuery::default() };
        let services = self.services_page(&query, 1000).await?.items;
        let mut lists = Vec::new();
        for table in ["producers", "subscriptions"] {
            let sql = format!(
                "SELECT e.id, e.key, e.kind, e.name,
                    (SELECT COUNT(*) FROM subscriptions a WHERE a.event_id = e.id AND a.removed_at IS NULL),
                    (SELECT COUNT(*) FROM producers b WHERE b.event_id = e.id AND b.removed_at IS NULL)
                 FROM events e WHERE e.id IN (
                    SELECT l.event_id FROM {table} l JOIN functions f ON f.id = l.function_id
                    JOIN services s ON s.id = f.service_id
                    WHERE s.team_id = $1 AND s.removed_at IS NULL AND f.removed_at IS NULL AND l.removed_at IS NULL)
                 ORDER BY e.kind, e.name LIMIT 500"
            );
            let rows: Vec<EventSummaryRow> = with_pool!(self, pool => {
                sqlx::query_as(&sql).bind(team_id).fetch_all(pool).await
            })
            .doing("reading a team's events")?;
            lists.push(event_summaries(rows));
        }
        let consumes = lists.pop().unwrap_or_default();
        let produces = lists.pop().unwrap_or_default();
        Ok(Some(TeamDetail { name: name.to_string(), services, produces, consumes }))
    }

    /// Services whose manifest changed most recently.
    pub async fn recently_changed(&self, limit: i64) -> Result<Vec<ServiceSummary>, DbError> {
        let query = ServiceListQuery { sort: ServiceSort::Changed, ..ServiceListQuery::default() };
        Ok(self.services_page(&query, limit).await?.items)
    }

    /// Functions that disappeared from their manifests most recently.
    pub async fn recently_removed_functions(&self, limit: i64) -> Result<Vec<RemovedFunction>, DbError> {
        type Row = (i64, String, DateTime<Utc>, i64, String, String, String, Option<String>);
        let rows: Vec<Row> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT f.id, f.name, f.removed_at, s.id, s.name, s.stage, s.region, t.name
                 FROM functions f JOIN services s ON s.id = f.service_id LEFT JOIN teams t ON t.id = s.team_id
                 WHERE f.removed_at IS NOT NULL ORDER BY f.removed_at DESC, f.id DESC LIMIT $1",
            )
            .bind(limit)
            .fetch_all(pool)
            .await
        })
        .doing("listing removed functions")?;
        Ok(rows
            .into_iter()
            .map(|(id, name, removed_at, service_id, service, stage, region, team)| RemovedFunction {
                id,
                name,
                removed_at,
                service: ServiceRef { id: service_id, name: service, stage, region, team },
            })
            .collect())
    }

    /// Events with the most current subscribers.
    pub async fn busiest_events(&self, limit: i64) -> Result<Vec<EventSummary>, DbError> {
        let rows: Vec<EventSummaryRow> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT e.id, e.key, e.kind, e.name, busy.subscribers,
                    (SELECT COUNT(*) FROM producers p WHERE p.event_id = e.id AND p.removed_at IS NULL)
                 FROM (SELECT event_id, COUNT(*) AS subscribers FROM subscriptions WHERE removed_at IS NULL
                       GROUP BY event_id ORDER BY COUNT(*) DESC, event_id LIMIT $1) busy
                 JOIN events e ON e.id = busy.event_id
                 ORDER BY busy.subscribers DESC, e.id",
            )
            .bind(limit)
            .fetch_all(pool)
            .await
        })
        .doing("finding the busiest events")?;
        Ok(event_summaries(rows))
    }
}

impl Database {
    /// Each event kind with its number of current events (something subscribes or publishes).
    pub async fn event_kinds(&self) -> Result<Vec<FacetValue>, DbError> {
        let rows: Vec<(String, i64)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT e.kind, COUNT(*) FROM events e
                 WHERE EXISTS (SELECT 1 FROM subscriptions x WHERE x.event_id = e.id AND x.removed_at IS NULL)
                    OR EXISTS (SELECT 1 FROM producers p WHERE p.event_id = e.id AND p.removed_at IS NULL)
                 GROUP BY e.kind ORDER BY COUNT(*) DESC, e.kind",
            )
            .fetch_all(pool)
            .await
        })
        .doing("counting events by kind")?;
        Ok(rows.into_iter().map(|(value, count)| FacetValue { value, count }).collect())
    }
}

/// One other-side row: event, direction of the other service, and that service.
type NeighbourRow = (i64, String, i64, String, String, String, Option<String>);

const UPSTREAM: &str = "SELECT DISTINCT x.event_id, 'produces', s2.id, s2.name, s2.stage, s2.region, t2.name
    FROM subscriptions x JOIN functions f ON f.id = x.function_id
    JOIN producers p ON p.event_id = x.event_id AND p.removed_at IS NULL
    JOIN functions f2 ON f2.id = p.function_id AND f2.removed_at IS NULL
    JOIN services s2 ON s2.id = f2.service_id AND s2.removed_at IS NULL
    LEFT JOIN teams t2 ON t2.id = s2.team_id
    WHERE f.service_id = $1 AND x.removed_at IS NULL AND f.removed_at IS NULL AND s2.id <> $1";

const DOWNSTREAM: &str = "SELECT DISTINCT p.event_id, 'consumes', s2.id, s2.name, s2.stage, s2.region, t2.name
    FROM producers p JOIN functions f ON f.id = p.function_id
    JOIN subscriptions x ON x.event_id = p.event_id AND x.removed_at IS NULL
    JOIN functions f2 ON f2.id = x.function_id AND f2.removed_at IS NULL
    JOIN services s2 ON s2.id = f2.service_id AND s2.removed_at IS NULL
    LEFT JOIN teams t2 ON t2.id = s2.team_id
    WHERE f.service_id = $1 AND p.removed_at IS NULL AND f.removed_at IS NULL AND s2.id <> $1";

// EventBridge joins publishers and subscribers through a bus: publishers are linked to
// `eventbridge:{bus}`, subscribers to `eventbridge:{bus}:{pattern}` (a prefix match).
const UPSTREAM_VIA_BUS: &str = "SELECT DISTINCT x.event_id, 'produces', s2.id, s2.name, s2.stage, s2.region, t2.name
    FROM subscriptions x JOIN functions f ON f.id = x.function_id JOIN events rule ON rule.id = x.event_id
    JOIN events bus ON bus.kind = 'eventbridge_bus'
        AND substr(rule.key, 1, length(bus.key) + 1) = bus.key || ':'
    JOIN producers p ON p.event_id = bus.id AND p.removed_at IS NULL
    JOIN functions f2 ON f2.id = p.function_id AND f2.removed_at IS NULL
    JOIN services s2 ON s2.id = f2.service_id AND s2.removed_at IS NULL
    LEFT JOIN teams t2 ON t2.id = s2.team_id
    WHERE f.service_id = $1 AND x.removed_at IS NULL AND f.removed_at IS NULL AND s2.id <> $1
        AND rule.kind = 'eventbridge_rule'";

const DOWNSTREAM_VIA_BUS: &str = "SELECT DISTINCT p.event_id, 'consumes', s2.id, s2.name, s2.stage, s2.region, t2.name
    FROM producers p JOIN functions f ON f.id = p.function_id JOIN events bus ON bus.id = p.event_id
    JOIN events rule ON rule.kind = 'eventbridge_rule'
        AND substr(rule.key, 1, length(bus.key) + 1) = bus.key || ':'
    JOIN subscriptions x ON x.event_id = rule.id AND x.removed_at IS NULL
    JOIN functions f2 ON f2.id = x.function_id AND f2.removed_at IS NULL
    JOIN services s2 ON s2.id = f2.service_id AND s2.removed_at IS NULL
    LEFT JOIN teams t2 ON t2.id = s2.team_id
    WHERE f.service_id = $1 AND p.removed_at IS NULL AND f.removed_at IS NULL AND s2.id <> $1
        AND bus.kind = 'eventbridge_bus'";

impl Database {
    /// Services on the other side of service `id`'s events: who publishes what it consumes, and
    /// who consumes what it publishes.
    pub async fn service_neighbours(&self, id: i64) -> Result<Vec<app::catalog::model::Neighbour>, DbError> {
        let mut rows: Vec<NeighbourRow> = Vec::new();
        for sql in [UPSTREAM, DOWNSTREAM, UPSTREAM_VIA_BUS, DOWNSTREAM_VIA_BUS] {
            let mut part: Vec<NeighbourRow> = with_pool!(self, pool => {
                sqlx::query_as(sql).bind(id).fetch_all(pool).await
            })
            .doing("finding a service's neighbours")?;
            rows.append(&mut part);
        }
        rows.sort();
        rows.dedup();
        Ok(rows
            .into_iter()
            .map(|(event_id, direction, service_id, name, stage, region, team)| app::catalog::model::Neighbour {
                event_id,
                direction: if direction == "produces" { Direction::Produces } else { Direction::Consumes },
                service: ServiceRef { id: service_id, name, stage, region, team },
            })
            .collect())
    }
}
