//! Writing one manifest's worth of catalog, in one transaction.
//!
//! A manifest is compared with what the catalog already holds for its service: new rows are
//! inserted, changed rows updated, rows that disappeared are marked removed (never deleted), and
//! a manifest whose content hash is unchanged writes nothing at all.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::AddAssign;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::QueryBuilder;

use super::{Database, DbError, QueryContext, Tx, with_tx};

/// Rows per multi-row statement: well under SQLite's 32,766 bound parameters.
const CHUNK: usize = 500;

/// Whether to keep statements that look rows up by a list (one SQL text per list length)
/// prepared on the connection.
///
/// Not on Postgres: after five runs a prepared statement may switch to a generic plan, and one
/// made while a table was still small scans it whole on every manifest once it holds thousands
/// of rows (`events`, measured). SQLite plans from its indexes alone, so preparing the statement
/// again each time would only cost time. Multi-row inserts scan nothing and stay prepared.
fn cache_list_lookups(tx: &Tx) -> bool {
    matches!(tx, Tx::Sqlite(_))
}

/// One manifest, ready to store: a service, its functions and every event they touch.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestRecord {
    /// The service the manifest deploys.
    pub service: ServiceRecord,
    /// Its functions, each with its subscriptions and producer links.
    pub functions: Vec<FunctionRecord>,
    /// Every event referenced by the functions or declared in the manifest, unique by key.
    pub events: Vec<EventRecord>,
}

/// A service row. Its identity is (source, name, stage, region): one manifest file deploys one
/// service per stage and region. Empty stage or region means unknown.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceRecord {
    /// Service name.
    pub name: String,
    /// Deployment stage, or empty.
    pub stage: String,
    /// Cloud region, or empty.
    pub region: String,
    /// Cloud provider, e.g. `aws`.
    pub provider: String,
    /// Manifest format: `serverless`, `sam` or `cloudformation`.
    pub format: String,
    /// Free-text description.
    pub description: Option<String>,
    /// Serverless Framework `org`.
    pub org: Option<String>,
    /// Serverless Framework `app`.
    pub app: Option<String>,
    /// Default runtime of the service's functions.
    pub runtime: Option<String>,
    /// Tags as a JSON object.
    pub tags: String,
    /// Where the manifest came from: a file path or repository URL.
    pub source: String,
    /// Line of the manifest where the service is defined (1-based).
    pub source_line: i64,
    /// Hash of the manifest and its ingest options; equal hashes mean nothing changed.
    pub content_hash: String,
    /// Owning team, if known.
    pub team: Option<String>,
}

/// A function row and its links.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionRecord {
    /// Name within the service (serverless key or logical id).
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
    /// CloudWatch log group the manifest names, when not the default.
    pub log_group: Option<String>,
    /// Free-text description.
    pub description: Option<String>,
    /// Tags as a JSON object.
    pub tags: String,
    /// Environment variable names (never values) as a JSON array.
    pub env_vars: String,
    /// Line where the function is defined (1-based).
    pub source_line: i64,
    /// Events that trigger this function.
    pub subscriptions: Vec<SubscriptionRecord>,
    /// Keys of events this function publishes to.
    pub produces: Vec<String>,
}

/// A trigger: an event and the settings of its subscription.
#[derive(Debug, Clone, PartialEq)]
pub struct SubscriptionRecord {
    /// The event's key.
    pub event_key: String,
    /// Filter, pattern, batch size and the like, as a JSON object.
    pub config: String,
    /// Line where the trigger is defined (1-based).
    pub source_line: i64,
}

/// An event row.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRecord {
    /// Identity shared across services, e.g. `sns:order-events`.
    pub key: String,
    /// Kind, e.g. `sns_topic`.
    pub kind: String,
    /// Display name.
    pub name: String,
    /// Kind-specific details as a JSON object.
    pub detail: String,
}

/// How many rows of one kind were added, changed and removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Delta {
    /// New rows, or rows that reappeared after removal.
    pub added: u64,
    /// Rows whose content changed.
    pub changed: u64,
    /// Rows marked removed.
    pub removed: u64,
}

impl AddAssign for Delta {
    fn add_assign(&mut self, other: Delta) {
        self.added += other.added;
        self.changed += other.changed;
        self.removed += other.removed;
    }
}

/// What one or more manifests changed in the catalog.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ChangeCounts {
    /// Services.
    pub services: Delta,
    /// Functions.
    pub functions: Delta,
    /// Events.
    pub events: Delta,
    /// Subscriptions (event → function).
    pub subscriptions: Delta,
    /// Producer links (function → event).
    pub producers: Delta,
}

impl AddAssign for ChangeCounts {
    fn add_assign(&mut self, other: ChangeCounts) {
        self.services += other.services;
        self.functions += other.functions;
        self.events += other.events;
        self.subscriptions += other.subscriptions;
        self.producers += other.producers;
    }
}

/// The result of storing one manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplyOutcome {
    /// Same content as last time: nothing was written.
    Unchanged,
    /// The catalog now matches the manifest.
    Applied(ChangeCounts),
}

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
    log_group: Option<String>,
    description: Option<String>,
    tags: String,
    env_vars: String,
    source_line: i64,
    removed_at: Option<DateTime<Utc>>,
}

impl FunctionRow {
    fn matches(&self, f: &FunctionRecord) -> bool {
        self.deployed_name == f.deployed_name
            && self.handler == f.handler
            && self.runtime == f.runtime
            && self.memory_mb == f.memory_mb
            && self.timeout_s == f.timeout_s
            && self.architecture == f.architecture
            && self.log_group == f.log_group
            && self.description == f.description
            && self.tags == f.tags
            && self.env_vars == f.env_vars
            && self.source_line == f.source_line
    }
}

#[derive(sqlx::FromRow)]
struct LinkRow {
    id: i64,
    function_id: i64,
    event_id: i64,
    config: String,
    source_line: i64,
    removed_at: Option<DateTime<Utc>>,
}

/// Subscriptions and producer links share one shape; producers have no config.
#[derive(Clone, Copy)]
enum LinkTable {
    Subscriptions,
    Producers,
}

impl LinkTable {
    /// The start of a query for the links of some functions, up to the open id list.
    fn select(self) -> &'static str {
        match self {
            LinkTable::Subscriptions => {
                "SELECT id, function_id, event_id, config, source_line, removed_at FROM subscriptions
                 WHERE function_id IN ("
            }
            LinkTable::Producers => {
                "SELECT id, function_id, event_id, '{}' AS config, 0 AS source_line, removed_at FROM producers
                 WHERE function_id IN ("
            }
        }
    }

    fn name(self) -> &'static str {
        match self {
            LinkTable::Subscriptions => "subscriptions",
            LinkTable::Producers => "producers",
        }
    }
}

impl Database {
    /// Makes the catalog match `record`, in one transaction; `now` stamps every change.
    pub async fn apply_manifest(&self, record: &ManifestRecord, now: DateTime<Utc>) -> Result<ApplyOutcome, DbError> {
        let mut tx = self.begin().await?;
        let service = &record.service;
        // Every service deployed from this source, stage and region: the one this manifest
        // deploys, and any it deployed under another name before (retired below).
        let at_source: Vec<(String, String, Option<DateTime<Utc>>)> = with_tx!(&mut tx, conn => {
            sqlx::query_as(
                "SELECT name, content_hash, removed_at FROM services
                 WHERE source = $1 AND stage = $2 AND region = $3",
            )
                .bind(&service.source)
                .bind(&service.stage)
                .bind(&service.region)
                .fetch_all(conn)
                .await
        })
        .doing("looking up the service")?;
        let existing = at_source.iter().find(|(name, _, _)| *name == service.name);
        if let Some((_, hash, None)) = existing
            && *hash == service.content_hash
        {
            return Ok(ApplyOutcome::Unchanged);
        }

        let mut counts = ChangeCounts::default();
        match existing {
            None | Some((_, _, Some(_))) => counts.services.added += 1,
            Some(_) => counts.services.changed += 1,
        }
        let team_id = match &service.team {
            Some(team) => Some(upsert_team(&mut tx, team, now).await?),
            None => None,
        };
        let service_id = upsert_service(&mut tx, service, team_id, now).await?;
        if at_source.iter().any(|(name, _, removed_at)| *name != service.name && removed_at.is_none()) {
            counts += retire_renamed_services(&mut tx, service, service_id, now).await?;
        }
        let (function_ids, stored_before) =
            sync_functions(&mut tx, service_id, &record.functions, now, &mut counts.functions).await?;
        let event_ids = sync_events(&mut tx, &record.events, now, &mut counts.events).await?;

        let mut subscriptions = BTreeMap::new();
        let mut producers = BTreeMap::new();
        for function in &record.functions {
            let function_id = function_ids[&function.name];
            for subscription in &function.subscriptions {
                let event_id = event_id(&event_ids, &subscription.event_key)?;
                subscriptions.insert((function_id, event_id), (subscription.config.clone(), subscription.source_line));
            }
            for key in &function.produces {
                producers.insert((function_id, event_id(&event_ids, key)?), ("{}".to_string(), 0));
            }
        }
        counts.subscriptions =
            sync_links(&mut tx, LinkTable::Subscriptions, &stored_before, &subscriptions, now).await?;
        counts.producers = sync_links(&mut tx, LinkTable::Producers, &stored_before, &producers, now).await?;
        // Last, so that on Postgres concurrent ingests wait for this row only while committing.
        with_tx!(&mut tx, conn => {
            sqlx::query("UPDATE catalog_version SET version = version + 1 WHERE id = 1").execute(conn).await.map(|_| ())
        })
        .doing("bumping the catalog version")?;
        tx.commit().await?;
        Ok(ApplyOutcome::Applied(counts))
    }
}

/// When the manifest at a source now names its service differently, the old service is gone.
async fn retire_renamed_services(
    tx: &mut Tx,
    service: &ServiceRecord,
    service_id: i64,
    now: DateTime<Utc>,
) -> Result<ChangeCounts, DbError> {
    let retired: Vec<i64> = with_tx!(tx, conn => {
        sqlx::query_scalar(
            "UPDATE services SET removed_at = $1
             WHERE source = $2 AND stage = $3 AND region = $4 AND id <> $5 AND removed_at IS NULL
             RETURNING id",
        )
        .bind(now)
        .bind(&service.source)
        .bind(&service.stage)
        .bind(&service.region)
        .bind(service_id)
        .fetch_all(conn)
        .await
    })
    .doing("retiring a renamed service")?;
    let mut counts = ChangeCounts::default();
    for id in retired {
        counts.services.removed += 1;
        counts.functions.removed += retire_children(tx, "functions", "service_id = $2", id, now).await?;
        let of_service = "function_id IN (SELECT id FROM functions WHERE service_id = $2)";
        counts.subscriptions.removed += retire_children(tx, "subscriptions", of_service, id, now).await?;
        counts.producers.removed += retire_children(tx, "producers", of_service, id, now).await?;
    }
    Ok(counts)
}

async fn retire_children(
    tx: &mut Tx,
    table: &'static str,
    condition: &'static str,
    service_id: i64,
    now: DateTime<Utc>,
) -> Result<u64, DbError> {
    let sql = format!("UPDATE {table} SET removed_at = $1 WHERE removed_at IS NULL AND {condition}");
    with_tx!(tx, conn => {
        sqlx::query(&sql).bind(now).bind(service_id).execute(conn).await.map(|done| done.rows_affected())
    })
    .doing("retiring the rows of a removed service")
}

fn event_id(ids: &HashMap<String, i64>, key: &str) -> Result<i64, DbError> {
    ids.get(key).copied().ok_or(DbError::Query {
        doing: "linking a function to an event the manifest does not list",
        source: sqlx::Error::RowNotFound,
    })
}

/// The team's id, adding the team if it is new.
///
/// Read first: an upsert would write and lock the team's row until commit, so concurrent
/// ingests of one team's services would wait for each other.
async fn upsert_team(tx: &mut Tx, name: &str, now: DateTime<Utc>) -> Result<i64, DbError> {
    let select = "SELECT id FROM teams WHERE name = $1";
    let known: Option<i64> = with_tx!(tx, conn => {
        sqlx::query_scalar(select).bind(name).fetch_optional(conn).await
    })
    .doing("looking up the team")?;
    if let Some(id) = known {
        return Ok(id);
    }
    let added: Option<i64> = with_tx!(tx, conn => {
        sqlx::query_scalar("INSERT INTO teams (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id")
            .bind(name)
            .bind(now)
            .fetch_optional(conn)
            .await
    })
    .doing("saving the team")?;
    match added {
        Some(id) => Ok(id),
        // Another ingest added it meanwhile.
        None => with_tx!(tx, conn => sqlx::query_scalar(select).bind(name).fetch_one(conn).await)
            .doing("looking up a team added concurrently"),
    }
}

async fn upsert_service(
    tx: &mut Tx,
    s: &ServiceRecord,
    team_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<i64, DbError> {
    with_tx!(tx, conn => {
        sqlx::query_scalar(
            "INSERT INTO services (team_id, name, stage, region, provider, format, description, org, app, runtime,
                                   tags, source, source_line, content_hash, first_seen, last_seen, changed_at, removed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $15, NULL)
             ON CONFLICT (source, name, stage, region) DO UPDATE SET
                team_id = COALESCE(excluded.team_id, services.team_id), provider = excluded.provider,
                format = excluded.format, description = excluded.description, org = excluded.org,
                app = excluded.app, runtime = excluded.runtime, tags = excluded.tags, source = excluded.source,
                source_line = excluded.source_line, content_hash = excluded.content_hash,
                last_seen = excluded.last_seen, changed_at = excluded.changed_at, removed_at = NULL
             RETURNING id",
        )
        .bind(team_id)
        .bind(&s.name)
        .bind(&s.stage)
        .bind(&s.region)
        .bind(&s.provider)
        .bind(&s.format)
        .bind(&s.description)
        .bind(&s.org)
        .bind(&s.app)
        .bind(&s.runtime)
        .bind(&s.tags)
        .bind(&s.source)
        .bind(s.source_line)
        .bind(&s.content_hash)
        .bind(now)
        .fetch_one(conn)
        .await
    })
    .doing("saving the service")
}

/// Inserts, updates and marks removed the service's functions. Returns every current id by
/// name, and the ids of every row the service had before (removed ones included): only those
/// can have links yet.
async fn sync_functions(
    tx: &mut Tx,
    service_id: i64,
    functions: &[FunctionRecord],
    now: DateTime<Utc>,
    delta: &mut Delta,
) -> Result<(HashMap<String, i64>, Vec<i64>), DbError> {
    let existing: Vec<FunctionRow> = with_tx!(tx, conn => {
        sqlx::query_as(
            "SELECT id, name, deployed_name, handler, runtime, memory_mb, timeout_s, architecture, log_group,
                    description, tags, env_vars, source_line, removed_at
             FROM functions WHERE service_id = $1",
        )
        .bind(service_id)
        .fetch_all(conn)
        .await
    })
    .doing("reading the service's functions")?;
    let by_name: HashMap<&str, &FunctionRow> = existing.iter().map(|row| (row.name.as_str(), row)).collect();
    let mut ids = HashMap::with_capacity(functions.len());
    let mut new = Vec::new();
    let mut seen = Vec::new();
    for function in functions {
        match by_name.get(function.name.as_str()) {
            None => new.push(function),
            Some(row) => {
                ids.insert(function.name.clone(), row.id);
                if row.removed_at.is_some() {
                    delta.added += 1;
                } else if !row.matches(function) {
                    delta.changed += 1;
                } else {
                    seen.push(row.id);
                    continue;
                }
                update_function(tx, row.id, function, now).await?;
            }
        }
    }
    let wanted: BTreeSet<&str> = functions.iter().map(|f| f.name.as_str()).collect();
    let gone: Vec<i64> = existing
        .iter()
        .filter(|row| row.removed_at.is_none() && !wanted.contains(row.name.as_str()))
        .map(|row| row.id)
        .collect();
    delta.removed += gone.len() as u64;
    stamp(tx, "functions", Stamp::Removed, &gone, now).await?;
    // Added and updated rows already carry `now`; only unchanged ones need stamping.
    stamp(tx, "functions", Stamp::Seen, &seen, now).await?;

    for chunk in new.chunks(CHUNK) {
        let inserted: Vec<(i64, String)> = with_tx!(tx, conn => {
            let mut insert = QueryBuilder::new(
                "INSERT INTO functions (service_id, name, deployed_name, handler, runtime, memory_mb, timeout_s,
                 architecture, log_group, description, tags, env_vars, source_line, first_seen, last_seen) ",
            );
            insert.push_values(chunk, |mut row, f| {
                row.push_bind(service_id)
                    .push_bind(&f.name)
                    .push_bind(&f.deployed_name)
                    .push_bind(&f.handler)
                    .push_bind(&f.runtime)
                    .push_bind(f.memory_mb)
                    .push_bind(f.timeout_s)
                    .push_bind(&f.architecture)
                    .push_bind(&f.log_group)
                    .push_bind(&f.description)
                    .push_bind(&f.tags)
                    .push_bind(&f.env_vars)
                    .push_bind(f.source_line)
                    .push_bind(now)
                    .push_bind(now);
            });
            insert.push(" RETURNING id, name");
            insert.build_query_as().fetch_all(conn).await
        })
        .doing("adding functions")?;
        delta.added += inserted.len() as u64;
        ids.extend(inserted.into_iter().map(|(id, name)| (name, id)));
    }
    Ok((ids, existing.iter().map(|row| row.id).collect()))
}

async fn update_function(tx: &mut Tx, id: i64, f: &FunctionRecord, now: DateTime<Utc>) -> Result<(), DbError> {
    with_tx!(tx, conn => {
        sqlx::query(
            "UPDATE functions SET deployed_name = $2, handler = $3, runtime = $4, memory_mb = $5, timeout_s = $6,
                architecture = $7, description = $8, tags = $9, env_vars = $10, source_line = $11,
                last_seen = $12, log_group = $13, removed_at = NULL
             WHERE id = $1",
        )
        .bind(id)
        .bind(&f.deployed_name)
        .bind(&f.handler)
        .bind(&f.runtime)
        .bind(f.memory_mb)
        .bind(f.timeout_s)
        .bind(&f.architecture)
        .bind(&f.description)
        .bind(&f.tags)
        .bind(&f.env_vars)
        .bind(f.source_line)
        .bind(now)
        .bind(&f.log_group)
        .execute(conn)
        .await
        .map(|_| ())
    })
    .doing("updating a function")?;
    Ok(())
}

/// A timestamp column that ingestion sets on many rows at once.
#[derive(Clone, Copy)]
enum Stamp {
    /// The row disappeared from its manifest.
    Removed,
    /// The row was confirmed by an ingest.
    Seen,
}

/// Sets `stamp` to `now` on the rows `ids` of `table`.
async fn stamp(tx: &mut Tx, table: &'static str, stamp: Stamp, ids: &[i64], now: DateTime<Utc>) -> Result<(), DbError> {
    let cache = cache_list_lookups(tx);
    let column = match stamp {
        Stamp::Removed => "removed_at",
        Stamp::Seen => "last_seen",
    };
    for chunk in ids.chunks(CHUNK) {
        with_tx!(tx, conn => {
            let mut update = QueryBuilder::new(format!("UPDATE {table} SET {column} = "));
            update.push_bind(now).push(" WHERE id IN (");
            let mut list = update.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            update.push(")");
            update.build().persistent(cache).execute(conn).await.map(|_| ())
        })
        .doing("stamping rows")?;
    }
    Ok(())
}

/// Ensures every event exists; returns every event's id by key.
async fn sync_events(
    tx: &mut Tx,
    events: &[EventRecord],
    now: DateTime<Utc>,
    delta: &mut Delta,
) -> Result<HashMap<String, i64>, DbError> {
    let cache = cache_list_lookups(tx);
    let mut ids = HashMap::with_capacity(events.len());
    // In key order, so concurrent ingests sharing events lock them in the same order.
    let mut events: Vec<&EventRecord> = events.iter().collect();
    events.sort_by(|a, b| a.key.cmp(&b.key));
    for chunk in events.chunks(CHUNK) {
        // Known events are stamped as seen while they are read: one statement, not two. The
        // other columns come back as they were.
        let existing: Vec<(i64, String, String, String, String)> = with_tx!(tx, conn => {
            let mut select = QueryBuilder::new("UPDATE events SET last_seen = ");
            select.push_bind(now).push(" WHERE key IN (");
            let mut list = select.separated(", ");
            for event in chunk {
                list.push_bind(&event.key);
            }
            select.push(") RETURNING id, key, kind, name, detail");
            select.build_query_as().persistent(cache).fetch_all(conn).await
        })
        .doing("looking up events")?;
        let known: HashMap<&str, (i64, &str, &str, &str)> = existing
            .iter()
            .map(|(id, key, kind, name, detail)| (key.as_str(), (*id, kind.as_str(), name.as_str(), detail.as_str())))
            .collect();
        let mut missing = Vec::new();
        for &event in chunk {
            match known.get(event.key.as_str()) {
                Some(&(id, kind, name, detail)) => {
                    ids.insert(event.key.clone(), id);
                    // A reference by ARN knows less than the manifest that declares the resource:
                    // never let an empty detail overwrite a richer one.
                    let richer =
                        event.detail != "{}" && (kind, name, detail) != (&event.kind, &event.name, &event.detail);
                    if richer {
                        delta.changed += 1;
                        update_event(tx, id, event, now).await?;
                    }
                }
                None => missing.push(event),
            }
        }
        if !missing.is_empty() {
            let inserted: Vec<(i64, String)> = with_tx!(tx, conn => {
                let mut insert = QueryBuilder::new("INSERT INTO events (key, kind, name, detail, first_seen, last_seen) ");
                insert.push_values(&missing, |mut row, e| {
                    row.push_bind(&e.key).push_bind(&e.kind).push_bind(&e.name).push_bind(&e.detail).push_bind(now).push_bind(now);
                });
                insert.push(" ON CONFLICT (key) DO NOTHING RETURNING id, key");
                insert.build_query_as().fetch_all(conn).await
            })
            .doing("adding events")?;
            delta.added += inserted.len() as u64;
            ids.extend(inserted.into_iter().map(|(id, key)| (key, id)));
            // Another ingest may have added some of them meanwhile.
            let raced: Vec<&EventRecord> = missing.iter().copied().filter(|e| !ids.contains_key(&e.key)).collect();
            for event in raced {
                let id: i64 = with_tx!(tx, conn => {
                    sqlx::query_scalar("SELECT id FROM events WHERE key = $1").bind(&event.key).fetch_one(conn).await
                })
                .doing("looking up an event added concurrently")?;
                ids.insert(event.key.clone(), id);
            }
        }
    }
    Ok(ids)
}

async fn update_event(tx: &mut Tx, id: i64, e: &EventRecord, now: DateTime<Utc>) -> Result<(), DbError> {
    with_tx!(tx, conn => {
        sqlx::query("UPDATE events SET kind = $2, name = $3, detail = $4, last_seen = $5 WHERE id = $1")
            .bind(id)
            .bind(&e.kind)
            .bind(&e.name)
            .bind(&e.detail)
            .bind(now)
            .execute(conn)
            .await
            .map(|_| ())
    })
    .doing("updating an event")?;
    Ok(())
}

/// Makes the service's links in `table` equal `wanted` ((function, event) → (config, line)).
/// `stored_before` are the service's function rows from before this manifest: a new service
/// has none, so its links are not even looked up.
async fn sync_links(
    tx: &mut Tx,
    table: LinkTable,
    stored_before: &[i64],
    wanted: &BTreeMap<(i64, i64), (String, i64)>,
    now: DateTime<Utc>,
) -> Result<Delta, DbError> {
    let cache = cache_list_lookups(tx);
    let mut delta = Delta::default();
    let mut existing: Vec<LinkRow> = Vec::new();
    for chunk in stored_before.chunks(CHUNK) {
        let rows: Vec<LinkRow> = with_tx!(tx, conn => {
            let mut select = QueryBuilder::new(table.select());
            let mut list = select.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            select.push(")");
            select.build_query_as().persistent(cache).fetch_all(conn).await
        })
        .doing("reading the service's links")?;
        existing.extend(rows);
    }
    let by_pair: HashMap<(i64, i64), &LinkRow> =
        existing.iter().map(|row| ((row.function_id, row.event_id), row)).collect();
    let mut new = Vec::new();
    let mut seen = Vec::new();
    for (pair, (config, line)) in wanted {
        match by_pair.get(pair) {
            None => new.push((pair, config, *line)),
            Some(row) => {
                let same = row.config == *config && row.source_line == *line;
                if row.removed_at.is_none() && same {
                    seen.push(row.id);
                    continue;
                }
                if row.removed_at.is_some() {
                    delta.added += 1;
                } else {
                    delta.changed += 1;
                }
                with_tx!(tx, conn => {
                    let sql = match table {
                        LinkTable::Subscriptions => "UPDATE subscriptions SET config = $2, source_line = $3, last_seen = $4, removed_at = NULL WHERE id = $1",
                        LinkTable::Producers => "UPDATE producers SET last_seen = $4, removed_at = NULL WHERE id = $1 AND $2 = $2 AND $3 = $3",
                    };
                    sqlx::query(sql).bind(row.id).bind(config).bind(*line).bind(now).execute(conn).await.map(|_| ())
                })
                .doing("updating a link")?;
            }
        }
    }
    let gone: Vec<i64> = existing
        .iter()
        .filter(|row| row.removed_at.is_none() && !wanted.contains_key(&(row.function_id, row.event_id)))
        .map(|row| row.id)
        .collect();
    delta.removed += gone.len() as u64;
    stamp(tx, table.name(), Stamp::Removed, &gone, now).await?;
    stamp(tx, table.name(), Stamp::Seen, &seen, now).await?;
    for chunk in new.chunks(CHUNK) {
        with_tx!(tx, conn => {
            let mut insert = match table {
                LinkTable::Subscriptions => QueryBuilder::new(
                    "INSERT INTO subscriptions (function_id, event_id, config, source_line, first_seen, last_seen) ",
                ),
                LinkTable::Producers => {
                    QueryBuilder::new("INSERT INTO producers (function_id, event_id, first_seen, last_seen) ")
                }
            };
            insert.push_values(chunk, |mut row, ((function_id, event_id), config, line)| {
                row.push_bind(*function_id).push_bind(*event_id);
                if let LinkTable::Subscriptions = table {
                    row.push_bind(*config).push_bind(*line);
                }
                row.push_bind(now).push_bind(now);
            });
            insert.build().execute(conn).await.map(|_| ())
        })
        .doing("adding links")?;
        delta.added += chunk.len() as u64;
    }
    Ok(delta)
}
