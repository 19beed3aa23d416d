//! Reading the catalog: lists with keyset pagination, and the detail of one row.
//!
//! Lists are ordered by id (teams by name) and continue after the last key seen, so a page costs
//! the same at row 100,000 as at row 1.

use std::collections::BTreeMap;

use app::catalog::model::{
    Endpoint, EventDetail, EventRef, EventSummary, FunctionDetail, FunctionSummary, ServiceDetail, ServiceRef,
    ServiceSummary, Trigger,
};
use app::teams::model::TeamSummary;
use chrono::{DateTime, Utc};

use super::{Database, DbError, QueryContext, with_pool};

/// Which rows a list holds and where it starts.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Continue after this key (exclusive); `None` starts at the beginning.
    pub after: Option<i64>,
    /// At most this many rows.
    pub limit: i64,
    /// Include rows marked removed.
    pub include_removed: bool,
}

/// A services row with its team name and function count.
#[derive(sqlx::FromRow)]
pub(super) struct ServiceRow {
    id: i64,
    name: String,
    stage: String,
    region: String,
    provider: String,
    format: String,
    team: Option<String>,
    source: String,
    source_line: i64,
    functions: i64,
    first_seen: DateTime<Utc>,
    last_seen: DateTime<Utc>,
    changed_at: DateTime<Utc>,
    removed_at: Option<DateTime<Utc>>,
}

impl From<ServiceRow> for ServiceSummary {
    fn from(r: ServiceRow) -> Self {
        ServiceSummary {
            id: r.id,
            name: r.name,
            stage: r.stage,
            region: r.region,
            provider: r.provider,
            format: r.format,
            team: r.team,
            source: r.source,
            source_line: r.source_line,
            functions: r.functions,
            first_seen: r.first_seen,
            last_seen: r.last_seen,
            changed_at: r.changed_at,
            removed_at: r.removed_at,
        }
    }
}

/// The columns [`ServiceRow`] reads, from `services s` joined with `teams t`.
pub(super) const SERVICE_COLUMNS: &str =
    "s.id, s.name, s.stage, s.region, s.provider, s.format, t.name AS team, s.source,
    s.source_line, (SELECT COUNT(*) FROM functions f WHERE f.service_id = s.id AND f.removed_at IS NULL) AS functions,
    s.first_seen, s.last_seen, s.changed_at, s.removed_at";

#[derive(sqlx::FromRow)]
struct FunctionRow {
    id: i64,
    name: String,
    deployed_name: Option<String>,
    handler: Option<String>,
    runtime: Option<String>,
    memory_mb: Option<i64>,
    timeout_s: Option<i64>,
    architecture: Option<String>,
    description: Option<String>,
    source_line: i64,
    removed_at: Option<DateTime<Utc>>,
}

impl From<FunctionRow> for FunctionSummary {
    fn from(r: FunctionRow) -> Self {
        FunctionSummary {
            id: r.id,
            name: r.name,
            deployed_name: r.deployed_name,
            handler: r.handler,
            runtime: r.runtime,
            memory_mb: r.memory_mb,
            timeout_s: r.timeout_s,
            architecture: r.architecture,
            description: r.description,
            source_line: r.source_line,
            removed_at: r.removed_at,
        }
    }
}

const FUNCTION_COLUMNS: &str = "f.id, f.name, f.deployed_name, f.handler, f.runtime, f.memory_mb, f.timeout_s,
    f.architecture, f.description, f.source_line, f.removed_at";

/// A JSON column as stored; malformed text (never written by Switchboard) reads as empty.
fn json<T: serde::de::DeserializeOwned + Default>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_default()
}

fn json_value(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or(serde_json::Value::Null)
}

/// An event row with its subscriber and producer counts, as the list queries select it.
pub(super) type EventSummaryRow = (i64, String, String, String, i64, i64);

/// Event rows `(id, key, kind, name, subscribers, producers)` as summaries.
pub(super) fn event_summaries(rows: Vec<EventSummaryRow>) -> Vec<EventSummary> {
    rows.into_iter()
        .map(|(id, key, kind, name, subscribers, producers)| EventSummary {
            event: EventRef { id, key, kind, name },
            subscribers,
            producers,
        })
        .collect()
}

/// The key publishers to an EventBridge rule's bus are linked to: `eventbridge:{bus}`.
fn bus_key(rule_key: &str) -> Option<&str> {
    rule_key
        .strip_prefix("eventbridge:")
        .and_then(|rest| rest.find(":{"))
        .map(|at| &rule_key[..at + "eventbridge:".len()])
}

impl Database {
    /// Teams after `after` (by name), with their totals.
    pub async fn list_teams(&self, after: Option<&str>, limit: i64) -> Result<Vec<TeamSummary>, DbError> {
        let rows: Vec<(String, i64, i64)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT t.name, COUNT(DISTINCT s.id), COUNT(f.id)
                 FROM teams t
                 JOIN services s ON s.team_id = t.id AND s.removed_at IS NULL
                 LEFT JOIN functions f ON f.service_id = s.id AND f.removed_at IS NULL
                 WHERE t.name > $1
                 GROUP BY t.id, t.name ORDER BY t.name LIMIT $2",
            )
            .bind(after.unwrap_or(""))
            .bind(limit)
            .fetch_all(pool)
            .await
        })
        .doing("listing teams")?;
        Ok(rows.into_iter().map(|(name, services, functions)| TeamSummary { name, services, functions }).collect())
    }

    /// Services after `query.after` by id, optionally of one team.
    pub async fn list_services(&self, query: &ListQuery, team: Option<&str>) -> Result<Vec<ServiceSummary>, DbError> {
        let sql = format!(
            "SELECT {SERVICE_COLUMNS} FROM services s LEFT JOIN teams t ON t.id = s.team_id
             WHERE s.id > $1 AND ($2 OR s.removed_at IS NULL) AND ($3 = '' OR t.name = $3)
             ORDER BY s.id LIMIT $4"
        );
        let rows: Vec<ServiceRow> = with_pool!(self, pool => {
            sqlx::query_as(&sql)
                .bind(query.after.unwrap_or(0))
                .bind(query.include_removed)
                .bind(team.unwrap_or(""))
                .bind(query.limit)
                .fetch_all(pool)
                .await
        })
        .doing("listing services")?;
        Ok(rows.into_iter().map(ServiceSummary::from).collect())
    }

    /// One service and its functions; `None` if there is no such service.
    pub async fn service_detail(&self, id: i64, include_removed: bool) -> Result<Option<ServiceDetail>, DbError> {
        let sql =
            format!("SELECT {SERVICE_COLUMNS} FROM services s LEFT JOIN teams t ON t.id = s.team_id WHERE s.id = $1");
        let Some(row): Option<ServiceRow> =
            with_pool!(self, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
                .doing("reading a service")?
        else {
            return Ok(None);
        };
        let (description, org, app, runtime, tags): (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
        ) = with_pool!(self, pool => {
            sqlx::query_as("SELECT description, org, app, runtime, tags FROM services WHERE id = $1")
                .bind(id)
                .fetch_one(pool)
                .await
        })
        .doing("reading a service")?;
        let sql = format!(
            "SELECT {FUNCTION_COLUMNS} FROM functions f WHERE f.service_id = $1 AND ($2 OR f.removed_at IS NULL) ORDER BY f.name"
        );
        let functions: Vec<FunctionRow> = with_pool!(self, pool => {
            sqlx::query_as(&sql).bind(id).bind(include_removed).fetch_all(pool).await
        })
        .doing("reading a service's functions")?;
        let links = self.service_links(id).await?;
        let neighbours = self.service_neighbours(id).await?;
        Ok(Some(ServiceDetail {
            service: row.into(),
            links,
            neighbours,
            description,
            org,
            app,
            runtime,
            tags: json::<BTreeMap<String, String>>(&tags),
            functions: functions.into_iter().map(FunctionSummary::from).collect(),
        }))
    }

    /// One function with its triggers and what it publishes to; `None` if there is none.
    pub async fn function_detail(&self, id: i64) -> Result<Option<FunctionDetail>, DbError> {
        #[derive(sqlx::FromRow)]
        struct Extra {
            service_id: i64,
            service_name: String,
            stage: String,
            region: String,
            team: Option<String>,
            source: String,
            tags: String,
            env_vars: String,
            first_seen: DateTime<Utc>,
            last_seen: DateTime<Utc>,
        }
        let sql = format!("SELECT {FUNCTION_COLUMNS} FROM functions f WHERE f.id = $1");
        let Some(function): Option<FunctionRow> =
            with_pool!(self, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
                .doing("reading a function")?
        else {
            return Ok(None);
        };
        let extra: Extra = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT s.id AS service_id, s.name AS service_name, s.stage, s.region, t.name AS team, s.source,
                        f.tags, f.env_vars, f.first_seen, f.last_seen
                 FROM functions f JOIN services s ON s.id = f.service_id LEFT JOIN teams t ON t.id = s.team_id
                 WHERE f.id = $1",
            )
            .bind(id)
            .fetch_one(pool)
            .await
        })
        .doing("reading a function's service")?;
        let triggers: Vec<(i64, String, String, String, String, i64, Option<DateTime<Utc>>)> =
            with_pool!(self, pool => {
                sqlx::query_as(
                    "SELECT e.id, e.key, e.kind, e.name, x.config, x.source_line, x.removed_at
                 FROM subscriptions x JOIN events e ON e.id = x.event_id
                 WHERE x.function_id = $1 ORDER BY x.source_line, e.key",
                )
                .bind(id)
                .fetch_all(pool)
                .await
            })
            .doing("reading a function's triggers")?;
        let publishes: Vec<(i64, String, String, String)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT e.id, e.key, e.kind, e.name FROM producers p JOIN events e ON e.id = p.event_id
                 WHERE p.function_id = $1 AND p.removed_at IS NULL ORDER BY e.key",
            )
            .bind(id)
            .fetch_all(pool)
            .await
        })
        .doing("reading what a function publishes")?;
        Ok(Some(FunctionDetail {
            function: function.into(),
            service: ServiceRef {
                id: extra.service_id,
                name: extra.service_name,
                stage: extra.stage,
                region: extra.region,
                team: extra.team,
            },
            source: extra.source,
            tags: json(&extra.tags),
            env_vars: json(&extra.env_vars),
            triggers: triggers
                .into_iter()
                .map(|(id, key, kind, name, config, source_line, removed_at)| Trigger {
                    event: EventRef { id, key, kind, name },
                    config: json_value(&config),
                    source_line,
                    removed_at,
                })
                .collect(),
            publishes: publishes.into_iter().map(|(id, key, kind, name)| EventRef { id, key, kind, name }).collect(),
            first_seen: extra.first_seen,
            last_seen: extra.last_seen,
        }))
    }

    /// Events after `query.after` by id, optionally of one kind; without `include_removed`, only
    /// events that a current subscription or producer link touches.
    pub async fn list_events(&self, query: &ListQuery, kind: Option<&str>) -> Result<Vec<EventSummary>, DbError> {
        let rows: Vec<EventSummaryRow> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, key, kind, name, subscribers, producers FROM (
                    SELECT e.id, e.key, e.kind, e.name,
                        (SELECT COUNT(*) FROM subscriptions x WHERE x.event_id = e.id AND x.removed_at IS NULL) AS subscribers,
                        (SELECT COUNT(*) FROM producers p WHERE p.event_id = e.id AND p.removed_at IS NULL) AS producers
                    FROM events e
                    WHERE e.id > $1 AND ($2 = '' OR e.kind = $2)
                 ) counted
                 WHERE $3 OR subscribers > 0 OR producers > 0
                 ORDER BY id LIMIT $4",
            )
            .bind(query.after.unwrap_or(0))
            .bind(kind.unwrap_or(""))
            .bind(query.include_removed)
            .bind(query.limit)
            .fetch_all(pool)
            .await
        })
        .doing("listing events")?;
        Ok(event_summaries(rows))
    }

    /// One event with its subscribers and producers; `None` if there is none.
    pub async fn event_detail(&self, id: i64, include_removed: bool) -> Result<Option<EventDetail>, DbError> {
        let Some((key, kind, name, detail, first_seen, last_seen)): Option<(
            String,
            String,
            String,
            String,
            DateTime<Utc>,
            DateTime<Utc>,
        )> = with_pool!(self, pool => {
            sqlx::query_as("SELECT key, kind, name, detail, first_seen, last_seen FROM events WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await
        })
        .doing("reading an event")?
        else {
            return Ok(None);
        };
        type EndpointRow = (i64, String, i64, String, String, String, Option<String>, String, Option<DateTime<Utc>>);
        let endpoints = |rows: Vec<EndpointRow>| -> Vec<Endpoint> {
            rows.into_iter()
                .map(|(function_id, function, service_id, service, stage, region, team, config, removed_at)| Endpoint {
                    function_id,
                    function,
                    service: ServiceRef { id: service_id, name: service, stage, region, team },
                    config: json_value(&config),
                    removed_at,
                })
                .collect()
        };
        let subscribers: Vec<EndpointRow> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT f.id, f.name, s.id, s.name, s.stage, s.region, t.name, x.config, x.removed_at
                 FROM subscriptions x JOIN functions f ON f.id = x.function_id JOIN services s ON s.id = f.service_id
                 LEFT JOIN teams t ON t.id = s.team_id
                 WHERE x.event_id = $1 AND ($2 OR x.removed_at IS NULL)
                 ORDER BY s.name, f.name",
            )
            .bind(id)
            .bind(include_removed)
            .fetch_all(pool)
            .await
        })
        .doing("reading an event's subscribers")?;
        let producer_key = bus_key(&key).unwrap_or(&key).to_string();
        let producers: Vec<EndpointRow> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT f.id, f.name, s.id, s.name, s.stage, s.region, t.name, '{}', p.removed_at
                 FROM producers p JOIN events e ON e.id = p.event_id JOIN functions f ON f.id = p.function_id
                 JOIN services s ON s.id = f.service_id LEFT JOIN teams t ON t.id = s.team_id
                 WHERE (e.id = $1 OR e.key = $2) AND ($3 OR p.removed_at IS NULL)
                 ORDER BY s.name, f.name",
            )
            .bind(id)
            .bind(&producer_key)
            .bind(include_removed)
            .fetch_all(pool)
            .await
        })
        .doing("reading an event's producers")?;
        Ok(Some(EventDetail {
            event: EventRef { id, key, kind, name },
            detail: json_value(&detail),
            subscribers: endpoints(subscribers),
            producers: endpoints(producers),
            first_seen,
            last_seen,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::bus_key;

    #[test]
    fn a_rule_key_names_the_bus_its_publishers_are_linked_to() {
        assert_eq!(bus_key(r#"eventbridge:commerce:{"source":["orders"]}"#), Some("eventbridge:commerce"));
        assert_eq!(bus_key("eventbridge:commerce"), None);
        assert_eq!(bus_key("sns:orders"), None);
    }
}
