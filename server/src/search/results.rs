//! From the rows the indexes returned to ranked, grouped, highlighted results.
//!
//! Storage runs up to three bounded lookups per kind (name prefix, every word anywhere, every
//! word in the name); the same doc may come back from several. Here each doc is kept once and
//! ranked by why it matched ([`MatchKind`]), then by shorter name, then by name. Totals and
//! facet counts are those of the docs read.

use std::collections::{BTreeMap, HashMap};

use app::search::model::{FacetCount, HitKind, MatchKind, SearchFacets, SearchGroup, SearchHit, SearchResults};

use super::highlight::{context, segments};
use super::query::{MatchPlan, fold};

/// Which lookup returned a hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lookup {
    /// Names starting with the phrase, in name order.
    NamePrefix,
    /// Names containing every word.
    Name,
    /// Names or other fields containing every word.
    AnyField,
}

/// A search doc a lookup returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Which lookup returned it.
    pub lookup: Lookup,
    /// The doc's key, unique across kinds.
    pub doc_id: i64,
    /// What it is.
    pub kind: HitKind,
    /// Its id among its kind.
    pub entity_id: i64,
    /// Its name.
    pub name: String,
    /// Where it sits, ready to show.
    pub subtitle: String,
    /// Its other fields, one per line (see `fields.rs`).
    pub body: String,
    /// Owning team ('' for events).
    pub team: String,
    /// Provider ('' for events and teams).
    pub provider: String,
    /// Stage ('' for events and teams).
    pub stage: String,
    /// Event kind ('' except for events).
    pub event_type: String,
}

/// Builds the results of `plan` from the `hits` its lookups returned, at most `limit` per group.
/// `capped` are the kinds whose lookups came back full, so more of them match than were read.
pub fn assemble(
    query: String,
    corrected_query: Option<String>,
    plan: &MatchPlan,
    limit: usize,
    hits: Vec<Found>,
    capped: &[HitKind],
) -> SearchResults {
    let mut docs: HashMap<i64, Found> = HashMap::with_capacity(hits.len());
    // A word longer than an index's prefixes is looked up by its start; what only matched the
    // start is dropped here.
    for doc in hits
        .into_iter()
        .filter(|doc| doc.lookup == Lookup::NamePrefix || plan.all_words_in(&format!("{}\n{}", doc.name, doc.body)))
    {
        docs.entry(doc.doc_id).or_insert(doc);
    }
    let needles = plan.needles();
    let mut groups = Vec::new();
    for kind in HitKind::ALL {
        let mut ranked: Vec<(MatchKind, usize, String, &Found)> = docs
            .values()
            .filter(|doc| doc.kind == kind)
            .map(|doc| (match_kind(plan, &doc.name), doc.name.chars().count(), fold(&doc.name), doc))
            .collect();
        if ranked.is_empty() {
            continue;
        }
        ranked.sort_by(|a, b| (a.0, a.1, &a.2, a.3.entity_id).cmp(&(b.0, b.1, &b.2, b.3.entity_id)));
        let total = i64::try_from(ranked.len()).unwrap_or(i64::MAX);
        let hits =
            ranked.into_iter().take(limit).map(|(matched, _, _, doc)| hit(plan, &needles, matched, doc)).collect();
        groups.push(SearchGroup { kind, total, capped: capped.contains(&kind), hits });
    }
    let facets = facets(docs.values(), groups.iter().any(|g| g.capped));
    SearchResults { query, corrected_query, groups, facets }
}

/// Why a doc named `name` matched `plan`.
pub fn match_kind(plan: &MatchPlan, name: &str) -> MatchKind {
    let name_key = fold(name);
    if name_key == plan.phrase {
        MatchKind::ExactName
    } else if name_key.starts_with(&plan.phrase) {
        MatchKind::NamePrefix
    } else if plan.all_words_in(name) {
        MatchKind::Name
    } else {
        MatchKind::OtherField
    }
}

fn hit(plan: &MatchPlan, needles: &[&str], matched: MatchKind, doc: &Found) -> SearchHit {
    let prefix = matches!(matched, MatchKind::ExactName | MatchKind::NamePrefix).then_some(plan.phrase.as_str());
    SearchHit {
        kind: doc.kind,
        id: doc.entity_id,
        title: doc.name.clone(),
        subtitle: doc.subtitle.clone(),
        url: page_path(doc.kind, doc.entity_id, &doc.name),
        matched,
        highlight: segments(&doc.name, prefix, needles),
        context: if matched == MatchKind::OtherField { context(doc.kind, &doc.body, needles) } else { Vec::new() },
    }
}

fn facets<'a>(docs: impl Iterator<Item = &'a Found>, capped: bool) -> SearchFacets {
    let mut teams = BTreeMap::new();
    let mut providers = BTreeMap::new();
    let mut stages = BTreeMap::new();
    let mut event_types = BTreeMap::new();
    for doc in docs {
        for (values, value) in [
            (&mut teams, &doc.team),
            (&mut providers, &doc.provider),
            (&mut stages, &doc.stage),
            (&mut event_types, &doc.event_type),
        ] {
            if !value.is_empty() {
                *values.entry(value.clone()).or_insert(0i64) += 1;
            }
        }
    }
    let sorted = |values: BTreeMap<String, i64>| {
        let mut counts: Vec<FacetCount> =
            values.into_iter().map(|(value, count)| FacetCount { value, count }).collect();
        counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        counts
    };
    SearchFacets {
        teams: sorted(teams),
        providers: sorted(providers),
        stages: sorted(stages),
        event_types: sorted(event_types),
        capped,
    }
}

/// The path of a hit's page: by id, except teams, by name.
pub fn page_path(kind: HitKind, id: i64, name: &str) -> String {
    match kind {
        HitKind::Service => format!("/services/{id}"),
        HitKind::Function => format!("/functions/{id}"),
        HitKind::Event => format!("/events/{id}"),
        HitKind::Team => format!("/teams/{}", encode_path_segment(name)),
    }
}

/// `text` percent-encoded for one path segment: only ASCII letters, digits and `-._~` stay.
pub fn encode_path_segment(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::ParsedQuery;

    fn doc(lookup: Lookup, kind: HitKind, id: i64, name: &str) -> Found {
        Found {
            lookup,
            doc_id: id * 10 + kind as i64,
            kind,
            entity_id: id,
            name: name.into(),
            subtitle: String::new(),
            body: String::new(),
            team: "orders".into(),
            provider: "aws".into(),
            stage: "prod".into(),
            event_type: String::new(),
        }
    }

    fn with_body(mut found: Found, body: &str) -> Found {
        found.body = body.into();
        found
    }

    fn titles(results: &SearchResults, kind: HitKind) -> Vec<String> {
        results
            .groups
            .iter()
            .find(|g| g.kind == kind)
            .map(|g| g.hits.iter().map(|h| h.title.clone()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn exact_names_come_first_then_prefixes_then_names_then_other_fields() {
        let plan = MatchPlan::as_typed(&ParsedQuery::parse("orders"));
        let found = vec![
            with_body(doc(Lookup::AnyField, HitKind::Service, 1, "billing"), "invoices orders"),
            doc(Lookup::Name, HitKind::Service, 2, "legacy-orders"),
            doc(Lookup::NamePrefix, HitKind::Service, 3, "orders-stream"),
            doc(Lookup::NamePrefix, HitKind::Service, 4, "orders-api"),
            doc(Lookup::NamePrefix, HitKind::Service, 5, "orders"),
            doc(Lookup::AnyField, HitKind::Service, 5, "orders"),
        ];
        let results = assemble("orders".into(), None, &plan, 10, found, &[]);
        assert_eq!(
            titles(&results, HitKind::Service),
            ["orders", "orders-api", "orders-stream", "legacy-orders", "billing"]
        );
        let matched: Vec<MatchKind> = results.groups[0].hits.iter().map(|h| h.matched).collect();
        use MatchKind::*;
        assert_eq!(matched, [ExactName, NamePrefix, NamePrefix, Name, OtherField]);
        assert_eq!(results.groups[0].total, 5);
    }

    #[test]
    fn groups_follow_the_kind_order_and_stop_at_the_limit() {
        let plan = MatchPlan::as_typed(&ParsedQuery::parse("ord"));
        let mut found: Vec<Found> =
            (1..=5).map(|i| doc(Lookup::Name, HitKind::Function, i, &format!("getOrder{i}"))).collect();
        found.push(doc(Lookup::NamePrefix, HitKind::Team, 9, "orders"));
        found.push(doc(Lookup::NamePrefix, HitKind::Service, 7, "orders-api"));
        let results = assemble("ord".into(), None, &plan, 3, found, &[HitKind::Function]);
        let kinds: Vec<HitKind> = results.groups.iter().map(|g| g.kind).collect();
        assert_eq!(kinds, [HitKind::Service, HitKind::Function, HitKind::Team]);
        assert_eq!(results.groups[1].hits.len(), 3);
        assert_eq!((results.groups[1].total, results.groups[1].capped), (5, true), "a full lookup means more match");
        assert!(!results.groups[0].capped);
        assert_eq!(results.groups[2].hits[0].url, "/teams/orders");
    }

    #[test]
    fn totals_and_facets_count_each_doc_once() {
        let plan = MatchPlan::as_typed(&ParsedQuery::parse("order"));
        let found = vec![
            doc(Lookup::NamePrefix, HitKind::Service, 1, "orders-api"),
            doc(Lookup::AnyField, HitKind::Service, 1, "orders-api"),
            with_body(doc(Lookup::AnyField, HitKind::Service, 2, "billing"), "bills every order"),
        ];
        let results = assemble("order".into(), None, &plan, 1, found, &[]);
        assert_eq!((results.groups[0].total, results.groups[0].capped, results.groups[0].hits.len()), (2, false, 1));
        assert_eq!(results.facets.stages, [FacetCount { value: "prod".into(), count: 2 }]);
        assert_eq!(results.facets.teams, [FacetCount { value: "orders".into(), count: 2 }]);
        assert!(!results.facets.capped);
    }

    #[test]
    fn a_hit_that_does_not_have_every_word_is_dropped() {
        let plan = MatchPlan::as_typed(&ParsedQuery::parse("notifications"));
        let cut = with_body(doc(Lookup::AnyField, HitKind::Service, 1, "notifier"), "sends a notification");
        let real = with_body(doc(Lookup::AnyField, HitKind::Service, 2, "mailer"), "fans out notifications");
        let results = assemble("notifications".into(), None, &plan, 10, vec![cut, real], &[]);
        assert_eq!(titles(&results, HitKind::Service), ["mailer"]);
    }

    #[test]
    fn team_pages_are_linked_by_their_encoded_name() {
        assert_eq!(page_path(HitKind::Team, 3, "data & ML/π"), "/teams/data%20%26%20ML%2F%CF%80");
        assert_eq!(page_path(HitKind::Function, 3, "x"), "/functions/3");
    }
}
