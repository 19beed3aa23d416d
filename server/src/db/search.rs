//! Searching the catalog through `search_docs` and its indexes (`migrations/*/0002_search.sql`).
//!
//! A search is one or two statements, each a `UNION ALL` of bounded lookups per kind (on
//! Postgres with several words, after one statement counting each word's postings). Every
//! lookup reads an index in order and stops at its `LIMIT`, so its cost follows the rows wanted,
//! not how common a word is or how big the catalog grows.
//!
//! - Names starting with the query: the `(kind, name_key)` B-tree, in name order, both backends;
//!   filters (facets, and whether anything still uses an event or team) apply to a bounded
//!   window of the first names, [`PREFIX_SCAN_FACTOR`] times the rows wanted.
//! - Every word starting a word of the name, or of the name and other fields. SQLite asks FTS5
//!   (`search_names`, `search_all`: prefix indexes, kind picked by rowid range). Postgres reads
//!   the rarest word's range of `search_terms` and checks the doc for the other words. Either
//!   reads at most [`SCAN_BUDGET`] matches before filters apply.
//!
//! Only for kinds whose every-word-anywhere lookup came back full does a second statement look
//! for every word in the name, so that name matches beyond the first window still outrank other
//! fields. If nothing matches at all, misspelt words are looked up in the names' vocabulary and
//! the search runs once more.
//!
//! User text is only ever bound as a parameter; FTS5 queries are built here from words, each
//! quoted as a string, so nothing typed is FTS5 syntax.

use std::collections::HashMap;

use app::search::model::{HitKind, SearchQuery, SearchResults};

use super::{Backend, Database, DbError, QueryContext, with_pool, with_tx};
use crate::search::query::{MatchPlan, ParsedQuery, WordMatch, clean_filter, prefix_upper_bound};
use crate::search::results::{Found, Lookup, assemble};
use crate::search::typo::{self, correctable_words, corrections, vocabulary_range};

/// What rebuilding the search index runs, in one transaction: every doc written again from the
/// catalog, the word indexes rebuilt from the docs, and row-by-row upkeep resumed, so a search
/// sees the old index or the new. The triggers stay idle while `deferred` is set, so nothing
/// here is indexed twice.
fn rebuild_statements(backend: Backend) -> Vec<String> {
    // The docs' column of every word: FTS5 indexes the body's apart from the name's.
    let words = match backend {
        Backend::Sqlite => "body_words",
        Backend::Postgres => "all_words",
    };
    let columns = format!(
        "doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, {words}, team, provider, stage, event_type"
    );
    let mut statements =
        vec!["UPDATE search_state SET deferred = 1 WHERE id = 1".to_string(), "DELETE FROM search_docs".to_string()];
    for view in ["search_service_docs", "search_function_docs", "search_event_docs", "search_team_docs"] {
        statements.push(format!("INSERT INTO search_docs ({columns}) SELECT {columns} FROM {view}"));
    }
    match backend {
        Backend::Sqlite => {
            statements.extend(
                ["search_names", "search_all"].map(|table| format!("INSERT INTO {table} ({table}) VALUES ('rebuild')")),
            );
        }
        Backend::Postgres => statements.extend(POSTGRES_INDEX_REBUILD.iter().map(|statement| statement.to_string())),
    }
    statements.push("UPDATE search_state SET deferred = 0 WHERE id = 1".to_string());
    statements
}

/// Postgres: postings and vocabulary written from the docs' word lists in set-based statements.
/// The postings go into a new table, indexed once filled, which then takes the old one's place:
/// building the two B-trees whole costs far less than growing them row by row over millions of
/// postings, and searches read the old table until the commit. Same columns and indexes as
/// migration 0002.
const POSTGRES_INDEX_REBUILD: &[&str] = &[
    "CREATE TABLE search_terms_next (term TEXT COLLATE \"C\" NOT NULL, kind TEXT NOT NULL, scope \"char\" NOT NULL, doc_id BIGINT NOT NULL)",
    "INSERT INTO search_terms_next (term, kind, scope, doc_id)
     SELECT w.term, d.kind, 'n', d.doc_id FROM search_docs d CROSS JOIN LATERAL unnest(string_to_array(btrim(d.name_words), ' ')) AS w(term) WHERE w.term <> ''
     UNION ALL
     SELECT w.term, d.kind, 'a', d.doc_id FROM search_docs d CROSS JOIN LATERAL unnest(string_to_array(btrim(d.all_words), ' ')) AS w(term) WHERE w.term <> ''",
    "CREATE INDEX search_terms_next_lookup ON search_terms_next (kind, scope, term, doc_id)",
    "CREATE INDEX search_terms_next_doc ON search_terms_next (doc_id, scope, term)",
    "DROP TABLE search_terms",
    "ALTER TABLE search_terms_next RENAME TO search_terms",
    "ALTER INDEX search_terms_next_lookup RENAME TO search_terms_lookup",
    "ALTER INDEX search_terms_next_doc RENAME TO search_terms_doc",
    "INSERT INTO search_words (word)
     SELECT DISTINCT w.term FROM search_docs d CROSS JOIN LATERAL unnest(string_to_array(btrim(d.name_words), ' ')) AS w(term)
     WHERE length(w.term) >= 3 AND NOT EXISTS (SELECT 1 FROM search_words known WHERE known.word = w.term COLLATE \"C\")",
];

/// `search_docs.doc_id` is a kind's code times this plus the row's id.
pub const DOC_ID_STRIDE: i64 = 1_000_000_000_000;

/// Hits each lookup returns at least, to rank from.
const RANKING_WINDOW: i64 = 24;

/// Names by prefix are read in order, this many times the rows wanted, before filters apply.
const PREFIX_SCAN_FACTOR: i64 = 8;

/// Matches a word lookup reads at most (SQLite: FTS5 rows; Postgres: postings of the rarest
/// word) before filters and the other words are checked. Bounds a search whose words or filters
/// are each common but rarely together; matches past it are not found.
const SCAN_BUDGET: i64 = 1_000;

/// Postgres: postings counted per word, at most, to tell the rarest word.
const RARITY_PROBE: i64 = 300;

/// SQLite: the longest prefix FTS5 indexes. A longer prefix would make FTS5 merge every word
/// starting with it before returning anything; the hits of a cut word are checked in Rust.
const FTS_PREFIX_CHARS: usize = 12;

/// Vocabulary words read per misspelt word, at most.
const VOCABULARY_SCAN: i64 = 20_000;

/// A kind's code in `search_docs.doc_id`.
fn kind_code(kind: HitKind) -> i64 {
    match kind {
        HitKind::Service => 1,
        HitKind::Function => 2,
        HitKind::Event => 3,
        HitKind::Team => 4,
    }
}

/// A statement's text and the values bound to it.
///
/// While it is written, [`Statement::bind`] hands out markers; [`Statement::numbered`] then
/// numbers them `$1`, `$2`… in order of first use and binds only the values used, since Postgres
/// rejects a value the text does not use.
#[derive(Debug, Default)]
struct Statement {
    text: String,
    binds: Vec<String>,
}

/// What marks a bound value in a statement being written: `@p{index}@`. SQL written here never
/// holds user text, so the marker cannot clash with it.
const MARKER: char = '@';

impl Statement {
    /// Keeps `value` for binding and returns its marker.
    fn bind(&mut self, value: impl Into<String>) -> String {
        self.binds.push(value.into());
        format!("{MARKER}p{}{MARKER}", self.binds.len() - 1)
    }

    /// The statement with `$n` placeholders, numbered by first use, and the values they bind.
    fn numbered(self) -> Statement {
        let mut text = String::with_capacity(self.text.len());
        let mut order: Vec<usize> = Vec::new();
        let mut rest = self.text.as_str();
        while let Some(start) = rest.find(MARKER) {
            text.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            let marked = after
                .strip_prefix('p')
                .and_then(|a| a.split_once(MARKER))
                .and_then(|(n, tail)| Some((n.parse::<usize>().ok()?, tail)));
            match marked {
                Some((index, tail)) => {
                    let number = match order.iter().position(|&seen| seen == index) {
                        Some(at) => at + 1,
                        None => {
                            order.push(index);
                            order.len()
                        }
                    };
                    text.push_str(&format!("${number}"));
                    rest = tail;
                }
                None => {
                    text.push(MARKER);
                    rest = after;
                }
            }
        }
        text.push_str(rest);
        let binds = order.into_iter().filter_map(|index| self.binds.get(index).cloned()).collect();
        Statement { text, binds }
    }
}

/// The facet filters of a search, bound as parameters.
struct Filters {
    team: Option<String>,
    provider: Option<String>,
    stage: Option<String>,
    event_type: Option<String>,
}

impl Filters {
    fn bind(query: &SearchQuery, statement: &mut Statement) -> Filters {
        let mut bind = |value: Option<&str>| clean_filter(value).map(|v| statement.bind(v));
        Filters {
            team: bind(query.team()),
            provider: bind(query.provider()),
            stage: bind(query.stage()),
            event_type: bind(query.event_type()),
        }
    }

    /// The conditions on doc `d` of `kind`: the facet filters, and for events and teams (which
    /// have no `removed_at`) that something current still uses them.
    fn conditions(&self, kind: HitKind) -> String {
        let mut sql = String::new();
        let on = |column: &str, value: &Option<String>| {
            value.as_ref().map(|v| format!(" AND {column} = {v}")).unwrap_or_default()
        };
        match kind {
            HitKind::Service | HitKind::Function => {
                sql += &on("d.team", &self.team);
                sql += &on("d.provider", &self.provider);
                sql += &on("d.stage", &self.stage);
            }
            HitKind::Event => {
                sql += &on("d.event_type", &self.event_type);
                let function = format!(
                    "{}{}{}",
                    on("f.team", &self.team),
                    on("f.provider", &self.provider),
                    on("f.stage", &self.stage)
                );
                let join = if function.is_empty() {
                    String::new()
                } else {
                    format!(
                        " JOIN search_docs f ON f.doc_id = {} + x.function_id",
                        kind_code(HitKind::Function) * DOC_ID_STRIDE
                    )
                };
                // Scalar subqueries, not EXISTS: Postgres may turn an EXISTS under OR into a hashed
                // subplan that reads every link; these stay one index probe per candidate.
                let used_by = |links: &str| {
                    format!(
                        "(SELECT 1 FROM {links} x{join} WHERE x.event_id = d.entity_id AND x.removed_at IS NULL{function} LIMIT 1) = 1"
                    )
                };
                sql += &format!(" AND ({} OR {})", used_by("subscriptions"), used_by("producers"));
            }
            HitKind::Team => {
                sql += &on("d.name", &self.team);
                sql += &format!(
                    " AND (SELECT 1 FROM services s WHERE s.team_id = d.entity_id AND s.removed_at IS NULL{}{} LIMIT 1) = 1",
                    on("s.provider", &self.provider),
                    on("s.stage", &self.stage)
                );
            }
        }
        sql
    }
}

/// Where the words of a plan must be found.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// In the name.
    Name,
    /// In the name or another field.
    AnyField,
}

/// For each kind, the word whose postings a Postgres word lookup reads (the others are probed);
/// `None` when some word has no posting at all, so nothing of that kind can match.
type Drivers = HashMap<HitKind, Option<usize>>;

/// The words of one plan, written into the statement where each lookup uses them.
struct WordLookups {
    backend: Backend,
    words: Vec<WordMatch>,
    drivers: Drivers,
}

impl WordLookups {
    /// `SELECT {list} … LIMIT …` over the docs `d` of `kind` with every word in `scope`, at most
    /// `limit` docs (Postgres may return a doc more than once).
    fn select(
        &self,
        statement: &mut Statement,
        kind: HitKind,
        scope: Scope,
        list: &str,
        conditions: &str,
        limit: i64,
    ) -> String {
        match self.backend {
            Backend::Sqlite => {
                let fts = statement.bind(fts_query(&self.words));
                let table = if scope == Scope::Name { "search_names" } else { "search_all" };
                let low = kind_code(kind) * DOC_ID_STRIDE;
                // FTS5 is read in rowid order and the outer LIMIT stops it; CROSS JOIN keeps it the
                // outer loop. Filters look at the first SCAN_BUDGET matches at most.
                format!(
                    "SELECT {list} FROM (SELECT rowid AS doc_id FROM {table} WHERE {table} MATCH {fts} \
                     AND rowid BETWEEN {low} AND {} LIMIT {SCAN_BUDGET}) f CROSS JOIN search_docs d \
                     WHERE d.doc_id = f.doc_id{conditions} LIMIT {limit}",
                    low + DOC_ID_STRIDE - 1
                )
            }
            Backend::Postgres => {
                let Some(driver) = self.drivers.get(&kind).copied().unwrap_or(Some(0)) else {
                    return format!("SELECT {list} FROM search_docs d WHERE 1 = 0");
                };
                let scope = if scope == Scope::Name { 'n' } else { 'a' };
                let range = |statement: &mut Statement, word: &str| {
                    (statement.bind(word), statement.bind(prefix_upper_bound(word)))
                };
                // The driving word is written first and every lookup binds its own copy of the
                // words, so which word drives changes the values, never the statement's text.
                let postings: Vec<String> = self.words[driver]
                    .alternatives
                    .iter()
                    .map(|alternative| {
                        let (from, to) = range(statement, alternative);
                        format!(
                            "(SELECT t.doc_id FROM search_terms t WHERE t.kind = '{}' AND t.scope = '{scope}' \
                             AND t.term >= {from} AND t.term < {to} LIMIT {SCAN_BUDGET})",
                            kind.as_str()
                        )
                    })
                    .collect();
                let mut probes = String::new();
                for (_, word) in self.words.iter().enumerate().filter(|(at, _)| *at != driver) {
                    let any: Vec<String> = word
                        .alternatives
                        .iter()
                        .map(|alternative| {
                            let (from, to) = range(statement, alternative);
                            format!(
                                "EXISTS (SELECT 1 FROM search_terms p WHERE p.doc_id = t.doc_id AND p.scope = '{scope}' \
                                 AND p.term >= {from} AND p.term < {to})"
                            )
                        })
                        .collect();
                    probes += &format!(" AND ({})", any.join(" OR "));
                }
                // The other words are checked in the postings (index-only) before a doc is read;
                // LATERAL … LIMIT 1 keeps the doc lookup a nested loop driven by the postings (a
                // hash join would read every doc).
                format!(
                    "SELECT {list} FROM (SELECT t.doc_id FROM ({}) t WHERE 1 = 1{probes}) t CROSS JOIN LATERAL \
                     (SELECT {DOC_COLUMNS} FROM search_docs d WHERE d.doc_id = t.doc_id LIMIT 1) d WHERE 1 = 1{conditions} LIMIT {limit}",
                    postings.join(" UNION ALL ")
                )
            }
        }
    }
}

/// An FTS5 query: every word (any of its alternatives) as a quoted prefix, cut to
/// [`FTS_PREFIX_CHARS`]. Quoting makes operators, `*`, `^`, `:` and parentheses plain text.
fn fts_query(words: &[WordMatch]) -> String {
    let quote = |text: &str| {
        let indexed: String = text.chars().take(FTS_PREFIX_CHARS).collect();
        format!("\"{}\"*", indexed.replace('"', "\"\""))
    };
    words
        .iter()
        .map(|word| {
            let any: Vec<String> = word.alternatives.iter().map(|a| quote(a)).collect();
            if any.len() == 1 { any.join("") } else { format!("({})", any.join(" OR ")) }
        })
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// A search doc's columns that lookups read.
const DOC_COLUMNS: &str = "d.doc_id, d.kind, d.entity_id, d.name, d.name_key, d.subtitle, d.body, d.team, d.provider, \
                           d.stage, d.event_type";
/// Columns of every row a search statement returns.
const COLUMNS: &str = "lookup, doc_id, kind, entity_id, name, subtitle, body, team, provider, stage, event_type";
/// The same, read from a search doc `d` by a hit lookup (`{lookup}` is replaced).
const HIT_COLUMNS: &str = "{lookup} AS lookup, d.doc_id, d.kind, d.entity_id, d.name, d.subtitle, d.body, d.team, d.provider, d.stage, d.event_type";
/// The lookup code in the `lookup` column.
fn lookup_code(lookup: Lookup) -> i32 {
    match lookup {
        Lookup::NamePrefix => 1,
        Lookup::Name => 2,
        Lookup::AnyField => 3,
    }
}

/// Writes one search statement: binds the plan once, then each arm refers to it.
struct StatementBuilder {
    statement: Statement,
    filters: Filters,
    phrase: String,
    below: String,
    words: Option<WordLookups>,
    window: i64,
}

impl StatementBuilder {
    fn new(backend: Backend, plan: &MatchPlan, query: &SearchQuery, drivers: &Drivers) -> StatementBuilder {
        let mut statement = Statement::default();
        let filters = Filters::bind(query, &mut statement);
        let phrase = statement.bind(plan.phrase.as_str());
        let below = statement.bind(prefix_upper_bound(&plan.phrase));
        let words = (!plan.words.is_empty()).then(|| WordLookups {
            backend,
            words: plan.words.clone(),
            drivers: drivers.clone(),
        });
        StatementBuilder { statement, filters, phrase, below, words, window: ranking_window(query) }
    }

    /// `SELECT {list} … LIMIT {limit}` over the docs of `kind` whose names start with the phrase.
    fn prefix(&self, kind: HitKind, list: &str, limit: i64) -> String {
        // Filters apply to the first names in order, not inside the ordered scan: with a filter
        // beside ORDER BY … LIMIT, Postgres may sort the whole prefix range rather than read the
        // index in order and stop.
        let scan = limit * PREFIX_SCAN_FACTOR;
        format!(
            "SELECT {list} FROM (SELECT {DOC_COLUMNS} FROM search_docs d WHERE d.kind = '{}' \
             AND d.name_key >= {} AND d.name_key < {} ORDER BY d.name_key LIMIT {scan}) d WHERE 1 = 1{} LIMIT {limit}",
            kind.as_str(),
            self.phrase,
            self.below,
            self.filters.conditions(kind)
        )
    }

    /// `SELECT {list} …` over the docs of `kind` with every word in `scope`.
    fn words(&mut self, kind: HitKind, scope: Scope, list: &str, limit: i64) -> String {
        let conditions = self.filters.conditions(kind);
        match &self.words {
            Some(words) => words.select(&mut self.statement, kind, scope, list, &conditions, limit),
            None => format!("SELECT {list} FROM search_docs d WHERE 1 = 0"),
        }
    }

    /// Up to the ranking window of the docs of `kind` that `lookup` finds.
    fn hits(&mut self, kind: HitKind, lookup: Lookup) -> String {
        let list = HIT_COLUMNS.replace("{lookup}", &lookup_code(lookup).to_string());
        match lookup {
            Lookup::NamePrefix => self.prefix(kind, &list, self.window),
            Lookup::Name => self.words(kind, Scope::Name, &list, self.window),
            Lookup::AnyField => self.words(kind, Scope::AnyField, &list, self.window),
        }
    }

    fn build(mut self, lookups: &[(HitKind, Lookup)]) -> Statement {
        let selects: Vec<String> = lookups
            .iter()
            .enumerate()
            .map(|(i, &(kind, lookup))| format!("SELECT {COLUMNS} FROM ({}) arm{i}", self.hits(kind, lookup)))
            .collect();
        self.statement.text = selects.join("\nUNION ALL\n");
        self.statement.numbered()
    }
}

/// Hits each lookup returns: the page plus one, and at least a window to rank from, so ranking
/// (and what both backends show) does not depend on which matches an index returns first.
fn ranking_window(query: &SearchQuery) -> i64 {
    (i64::from(query.limit()) + 1).max(RANKING_WINDOW)
}

/// The kinds `query` searches; an event type filter leaves only events.
fn searched_kinds(query: &SearchQuery) -> Vec<HitKind> {
    let event_type = clean_filter(query.event_type());
    query.kinds().iter().copied().filter(|&kind| event_type.is_none() || kind == HitKind::Event).collect()
}

/// A row of a search statement.
#[derive(sqlx::FromRow)]
struct Row {
    lookup: i32,
    doc_id: i64,
    kind: String,
    entity_id: i64,
    name: String,
    subtitle: String,
    body: String,
    team: String,
    provider: String,
    stage: String,
    event_type: String,
}

impl Database {
    /// Searches services, functions, events and teams for `query`: names, descriptions,
    /// handlers, runtimes, event keys and ARNs, tags. Removed rows are never found. Any text is
    /// a valid query; an empty one finds nothing.
    pub async fn search(&self, query: &SearchQuery) -> Result<SearchResults, DbError> {
        let parsed = ParsedQuery::parse(query.q());
        let limit = usize::try_from(query.limit()).unwrap_or(usize::MAX);
        let as_typed = MatchPlan::as_typed(&parsed);
        if parsed.is_empty() {
            return Ok(assemble(parsed.display, None, &as_typed, limit, Vec::new(), &[]));
        }
        let (hits, capped) = self.lookup(&as_typed, query).await?;
        if hits.is_empty()
            && let Some(corrected) = self.correct(&parsed).await?
        {
            let (hits, capped) = self.lookup(&corrected.plan, query).await?;
            if !hits.is_empty() {
                return Ok(assemble(parsed.display, Some(corrected.query), &corrected.plan, limit, hits, &capped));
            }
        }
        Ok(assemble(parsed.display, None, &as_typed, limit, hits, &capped))
    }

    /// Before a bulk load: stops keeping the search index in step with every manifest, until
    /// [`Database::compact_search_index`] rebuilds it in one pass; searches meanwhile answer
    /// from the index as it was.
    pub async fn defer_search_index(&self) -> Result<(), DbError> {
        with_pool!(self, pool => sqlx::query("UPDATE search_state SET deferred = 1 WHERE id = 1").execute(pool).await.map(|_| ()))
            .doing("deferring the search index")
    }

    /// Whether a bulk load has deferred the search index.
    async fn search_deferred(&self) -> Result<bool, DbError> {
        let deferred: i32 = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT CAST(deferred AS INTEGER) FROM search_state WHERE id = 1").fetch_one(pool).await
        })
        .doing("reading the search index state")?;
        Ok(deferred != 0)
    }

    /// At start: rebuilds the search index if a bulk load that deferred it never finished (the
    /// process died or was stopped).
    pub async fn recover_search_index(&self) -> Result<(), DbError> {
        if self.search_deferred().await? {
            tracing::warn!("a bulk load deferred the search index and did not finish; rebuilding it");
            return self.compact_search_index().await;
        }
        Ok(())
    }

    /// Tidies the search indexes after a batch of ingests, rebuilding them first if a bulk load
    /// deferred them (or died doing so). On SQLite, merges the FTS5 segments each ingest
    /// transaction left into one, since every lookup reads every segment. On Postgres, vacuums
    /// the postings so word checks stay index-only, and refreshes the planner's statistics.
    pub async fn compact_search_index(&self) -> Result<(), DbError> {
        if self.search_deferred().await? {
            let mut tx = self.begin().await?;
            for statement in rebuild_statements(self.backend()) {
                with_tx!(&mut tx, conn => sqlx::query(&statement).execute(conn).await.map(|_| ()))
                    .doing("rebuilding the search index")?;
            }
            tx.commit().await?;
        }
        let compaction: &[&str] = match self.backend() {
            Backend::Sqlite => &[
                "INSERT INTO search_names (search_names) VALUES ('optimize')",
                "INSERT INTO search_all (search_all) VALUES ('optimize')",
            ],
            Backend::Postgres => &["VACUUM (ANALYZE) search_docs", "VACUUM (ANALYZE) search_terms"],
        };
        for statement in compaction {
            with_pool!(self, pool => sqlx::query(statement).execute(pool).await.map(|_| ()))
                .doing("compacting the search index")?;
        }
        Ok(())
    }

    /// Finds the hits of `plan` in two steps: names by prefix and every word anywhere, for each
    /// kind; then, only for kinds where every-word-anywhere filled the window (so name matches
    /// may lie beyond it), every word in the name. Returns the hits and the kinds with a lookup
    /// that came back full: more of those match than were read.
    async fn lookup(&self, plan: &MatchPlan, query: &SearchQuery) -> Result<(Vec<Found>, Vec<HitKind>), DbError> {
        let kinds = searched_kinds(query);
        let words = !plan.words.is_empty();
        let drivers = self.drivers(plan, &kinds).await?;
        let mut first = Vec::new();
        for &kind in &kinds {
            first.push((kind, Lookup::NamePrefix));
            if words {
                first.push((kind, Lookup::AnyField));
            }
        }
        let mut hits = self.run(StatementBuilder::new(self.backend(), plan, query, &drivers).build(&first)).await?;
        let window = usize::try_from(ranking_window(query)).unwrap_or(usize::MAX);
        let full = |hits: &[Found], kind: HitKind, lookup: Lookup| {
            hits.iter().filter(|h| h.kind == kind && h.lookup == lookup).count() >= window
        };
        let second: Vec<(HitKind, Lookup)> = kinds
            .iter()
            .filter(|&&kind| words && full(&hits, kind, Lookup::AnyField))
            .map(|&kind| (kind, Lookup::Name))
            .collect();
        if !second.is_empty() {
            hits.extend(self.run(StatementBuilder::new(self.backend(), plan, query, &drivers).build(&second)).await?);
        }
        let capped = kinds
            .iter()
            .copied()
            .filter(|&kind| {
                [Lookup::NamePrefix, Lookup::AnyField, Lookup::Name].iter().any(|&lookup| full(&hits, kind, lookup))
            })
            .collect();
        Ok((hits, capped))
    }

    /// Postgres, several words: for each kind, the word with the fewest postings (counted up to
    /// [`RARITY_PROBE`]), which its word lookups read while probing the others.
    async fn drivers(&self, plan: &MatchPlan, kinds: &[HitKind]) -> Result<Drivers, DbError> {
        if self.backend() != Backend::Postgres || plan.words.len() < 2 {
            return Ok(Drivers::new());
        }
        let mut statement = Statement::default();
        let mut arms = Vec::new();
        for (kind_at, kind) in kinds.iter().enumerate() {
            for (word_at, word) in plan.words.iter().enumerate() {
                for alternative in &word.alternatives {
                    let (from, to) =
                        (statement.bind(alternative.as_str()), statement.bind(prefix_upper_bound(alternative)));
                    arms.push(format!(
                        "SELECT {kind_at} AS kind_at, {word_at} AS word_at, COUNT(*) AS postings FROM (SELECT 1 FROM search_terms t \
                         WHERE t.kind = '{}' AND t.scope = 'a' AND t.term >= {from} AND t.term < {to} LIMIT {RARITY_PROBE}) x",
                        kind.as_str()
                    ));
                }
            }
        }
        statement.text = arms.join(" UNION ALL ");
        let rows: Vec<(i32, i32, i64)> =
            self.fetch(&statement.numbered(), "counting the postings of search words").await?;
        let mut postings: HashMap<(usize, usize), i64> = HashMap::new();
        for (kind_at, word_at, count) in rows {
            if let (Ok(kind_at), Ok(word_at)) = (usize::try_from(kind_at), usize::try_from(word_at)) {
                *postings.entry((kind_at, word_at)).or_default() += count;
            }
        }
        let mut drivers = Drivers::new();
        for (kind_at, &kind) in kinds.iter().enumerate() {
            let counts: Vec<(i64, std::cmp::Reverse<usize>, usize)> = (0..plan.words.len())
                .map(|word_at| {
                    let longest = plan.words[word_at].alternatives.iter().map(|a| a.chars().count()).max().unwrap_or(0);
                    (postings.get(&(kind_at, word_at)).copied().unwrap_or(0), std::cmp::Reverse(longest), word_at)
                })
                .collect();
            let driver =
                if counts.iter().any(|(count, _, _)| *count == 0) { None } else { counts.iter().min().map(|c| c.2) };
            drivers.insert(kind, driver);
        }
        Ok(drivers)
    }

    /// Runs `statement` and returns its rows (on Postgres with JIT off, as every connection is
    /// set up in [`Database::connect`]).
    async fn fetch<R>(&self, statement: &Statement, doing: &'static str) -> Result<Vec<R>, DbError>
    where
        R: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
            + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
            + Send
            + Unpin,
    {
        let started = std::time::Instant::now();
        let result: Result<Vec<R>, sqlx::Error> = with_pool!(self, pool => {
            let mut sql = sqlx::query_as(&statement.text);
            for value in &statement.binds {
                sql = sql.bind(value.as_str());
            }
            sql.fetch_all(pool).await
        });
        tracing::debug!(
            elapsed_ms = started.elapsed().as_secs_f64() * 1000.0,
            rows = result.as_ref().map_or(0, Vec::len),
            "{doing}"
        );
        result.doing(doing)
    }

    /// Runs a search statement.
    async fn run(&self, statement: Statement) -> Result<Vec<Found>, DbError> {
        if statement.text.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<Row> = self.fetch(&statement, "searching the catalog").await?;
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                let lookup = match row.lookup {
                    1 => Lookup::NamePrefix,
                    2 => Lookup::Name,
                    _ => Lookup::AnyField,
                };
                Some(Found {
                    lookup,
                    doc_id: row.doc_id,
                    kind: HitKind::parse(&row.kind)?,
                    entity_id: row.entity_id,
                    name: row.name,
                    subtitle: row.subtitle,
                    body: row.body,
                    team: row.team,
                    provider: row.provider,
                    stage: row.stage,
                    event_type: row.event_type,
                })
            })
            .collect())
    }

    /// Corrections for the misspelt words of `query` from the index vocabulary; `None` if no
    /// word has one.
    async fn correct(&self, query: &ParsedQuery) -> Result<Option<typo::Corrected>, DbError> {
        let mut statement = Statement::default();
        let mut arms = Vec::new();
        for at in correctable_words(query) {
            let Some(range) = vocabulary_range(&query.words[at]) else { continue };
            let (from, to) = (statement.bind(range.from), statement.bind(range.to));
            let (min, max) = (range.min_chars, range.max_chars);
            arms.push(match self.backend() {
                Backend::Sqlite => format!(
                    "SELECT {at} AS slot, term AS word FROM search_vocab \
                     WHERE term >= {from} AND term < {to} AND length(term) BETWEEN {min} AND {max} LIMIT {VOCABULARY_SCAN}"
                ),
                Backend::Postgres => format!(
                    "SELECT DISTINCT {at} AS slot, word FROM search_words \
                     WHERE word >= {from} AND word < {to} AND length(word) BETWEEN {min} AND {max} ORDER BY word LIMIT {VOCABULARY_SCAN}"
                ),
            });
        }
        if arms.is_empty() {
            return Ok(None);
        }
        statement.text = arms
            .iter()
            .enumerate()
            .map(|(i, arm)| format!("SELECT slot, word FROM ({arm}) arm{i}"))
            .collect::<Vec<_>>()
            .join(" UNION ALL ");
        let rows: Vec<(i32, String)> = self.fetch(&statement.numbered(), "looking up spelling corrections").await?;
        let found: Vec<Vec<String>> = (0..query.words.len())
            .map(|at| {
                let vocabulary = rows
                    .iter()
                    .filter(|(slot, _)| usize::try_from(*slot).ok() == Some(at))
                    .map(|(_, word)| word.as_str());
                corrections(&query.words[at], vocabulary)
            })
            .collect();
        Ok(typo::correct(query, &found))
    }
}

#[cfg(test)]
mod tests {
    use app::search::model::SearchParams;

    use super::*;

    /// Every lookup of a search for `query`, both steps at once.
    pub(super) fn every_arm(backend: Backend, plan: &MatchPlan, query: &SearchQuery) -> Statement {
        let lookups: Vec<(HitKind, Lookup)> = searched_kinds(query)
            .into_iter()
            .flat_map(|kind| [(kind, Lookup::NamePrefix), (kind, Lookup::Name), (kind, Lookup::AnyField)])
            .collect();
        StatementBuilder::new(backend, plan, query, &Drivers::new()).build(&lookups)
    }

    #[test]
    fn placeholders_are_numbered_by_first_use_and_unused_values_are_not_bound() {
        let mut statement = Statement::default();
        let (a, b, c) = (statement.bind("a"), statement.bind("unused"), statement.bind("c"));
        statement.text = format!("SELECT {c}, {a}, {c}, 'x@y' WHERE 1 = 0");
        let _ = b;
        let statement = statement.numbered();
        assert_eq!(statement.text, "SELECT $1, $2, $1, 'x@y' WHERE 1 = 0");
        assert_eq!(statement.binds, ["c", "a"]);
    }

    fn word(alternatives: &[&str]) -> WordMatch {
        WordMatch { alternatives: alternatives.iter().map(|a| a.to_string()).collect() }
    }

    #[test]
    fn fts_queries_quote_every_word_so_nothing_typed_is_syntax() {
        let words = [word(&["orders", "order"]), word(&["a\"b"]), word(&["near"])];
        assert_eq!(fts_query(&words), r#"("orders"* OR "order"*) AND "a""b"* AND "near"*"#);
        assert_eq!(fts_query(&[word(&["notifications"])]), r#""notification"*"#, "cut to the longest indexed prefix");
    }

    #[test]
    fn user_text_is_only_ever_bound_never_written_into_the_statement() {
        let hostile = "x'); DROP TABLE services; -- %_ \" NEAR OR";
        let query = SearchQuery::try_from(SearchParams {
            q: Some(hostile.into()),
            team: Some("o'brien".into()),
            ..Default::default()
        })
        .unwrap();
        let plan = MatchPlan::as_typed(&ParsedQuery::parse(hostile));
        for backend in [Backend::Sqlite, Backend::Postgres] {
            let statement = every_arm(backend, &plan, &query);
            for fragment in ["DROP", "o'brien", "services;", "x')"] {
                assert!(!statement.text.contains(fragment), "{fragment} in {}", statement.text);
            }
            assert!(statement.binds.iter().any(|b| b == "o'brien"));
            for number in 1..=statement.binds.len() {
                assert!(statement.text.contains(&format!("${number}")), "${number} is bound and used");
            }
            assert!(!statement.text.contains(MARKER), "every marker is numbered");
        }
    }

    #[test]
    fn an_event_type_filter_leaves_only_events() {
        let query = SearchQuery::try_from(SearchParams {
            q: Some("db".into()),
            event_type: Some("sns_topic".into()),
            ..Default::default()
        })
        .unwrap();
        let plan = MatchPlan::as_typed(&ParsedQuery::parse("db"));
        let statement = every_arm(Backend::Postgres, &plan, &query);
        assert!(statement.text.contains("d.kind = 'event'"));
        for other in ["'service'", "'function'", "'team'"] {
            assert!(!statement.text.contains(other), "{other}");
        }
    }

    #[test]
    fn a_postgres_word_lookup_reads_the_driving_word_and_probes_the_others() {
        let query = SearchQuery::new("orders 0012");
        let plan = MatchPlan::as_typed(&ParsedQuery::parse("orders 0012"));
        let drivers = Drivers::from([(HitKind::Function, Some(1)), (HitKind::Event, None)]);
        let statement = StatementBuilder::new(Backend::Postgres, &plan, &query, &drivers)
            .build(&[(HitKind::Function, Lookup::AnyField), (HitKind::Event, Lookup::AnyField)]);
        let (function, event) = statement.text.split_once("UNION ALL").unwrap();
        let (postings, probes) = function.split_once("WHERE 1 = 1 AND").unwrap();
        let (driving, probed) =
            (statement.binds.iter().position(|b| b == "0012"), statement.binds.iter().position(|b| b == "orders"));
        let placeholder = |at: Option<usize>| format!("${}", at.unwrap() + 1);
        assert!(postings.contains(&format!("t.term >= {}", placeholder(driving))), "0012 drives: {function}");
        assert!(
            probes.contains(&format!("p.term >= {}", placeholder(probed))),
            "orders is checked in the doc's postings: {function}"
        );
        assert!(event.contains("WHERE 1 = 0"), "a word without postings matches nothing: {event}");

        let swapped = Drivers::from([(HitKind::Function, Some(0)), (HitKind::Event, None)]);
        let other = StatementBuilder::new(Backend::Postgres, &plan, &query, &swapped)
            .build(&[(HitKind::Function, Lookup::AnyField), (HitKind::Event, Lookup::AnyField)]);
        assert_eq!(other.text, statement.text, "the driving word changes the values, not the text");
    }
}
