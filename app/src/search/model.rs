//! Search types shared by the search page and `GET /api/v1/search`.
//!
//! A [`SearchQuery`] only exists checked: it is built from the query-string form
//! [`SearchParams`] (serde goes through it too), so storage never sees a limit of zero or an
//! unknown kind. The text itself is not judged here: any text is a valid query, and the server
//! tokenises and quotes it before it reaches an index.

use serde::{Deserialize, Serialize};

/// Longest query kept, in characters; the rest is dropped before searching.
pub const MAX_QUERY_CHARS: usize = 256;
/// Longest facet value kept (team, provider, stage, event type), in characters.
pub const MAX_FILTER_CHARS: usize = 256;
/// Hits per group when no limit is given.
pub const DEFAULT_LIMIT: u32 = 10;
/// Most hits per group a caller may ask for.
pub const MAX_LIMIT: u32 = 50;

/// What a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum HitKind {
    /// A deployed service (one manifest, stage and region).
    Service,
    /// A function of a service.
    Function,
    /// An event source shared across services: topic, queue, rule, route, schedule, bucket…
    Event,
    /// A team that owns services.
    Team,
}

impl HitKind {
    /// Every kind, in the order groups are returned.
    pub const ALL: [HitKind; 4] = [HitKind::Service, HitKind::Function, HitKind::Event, HitKind::Team];

    /// The lowercase name used in URLs and JSON: `service`, `function`, `event`, `team`.
    pub fn as_str(self) -> &'static str {
        match self {
            HitKind::Service => "service",
            HitKind::Function => "function",
            HitKind::Event => "event",
            HitKind::Team => "team",
        }
    }

    /// The kind named `name` (as [`HitKind::as_str`] writes it), if any.
    pub fn parse(name: &str) -> Option<HitKind> {
        HitKind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

/// A search as the query string carries it: `?q=…&kind=…&team=…&provider=…&event_type=…&stage=…&limit=…`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct SearchParams {
    /// What to look for: each word must start a word of a name, description, handler, runtime,
    /// deployed name, tag or event key (an ARN looks for its resource name). Any text is
    /// accepted; beyond 256 characters it is cut. Empty finds nothing.
    pub q: Option<String>,
    /// Only these kinds, comma-separated: `service`, `function`, `event`, `team`.
    pub kind: Option<String>,
    /// Only what this team owns (events: that its functions subscribe or publish to).
    pub team: Option<String>,
    /// Only services and functions of this provider, e.g. `aws` (events: through their functions).
    pub provider: Option<String>,
    /// Only events of this kind, e.g. `sns_topic`, `sqs_queue`, `eventbridge_rule`, `http_route`.
    pub event_type: Option<String>,
    /// Only services and functions deployed to this stage (events: through their functions).
    pub stage: Option<String>,
    /// Hits per group, 1 to 50 (default 10).
    pub limit: Option<i64>,
}

/// Why a [`SearchParams`] is not a search.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct InvalidSearch {
    /// The parameter at fault.
    pub field: &'static str,
    /// What is wrong and what to send instead.
    pub message: String,
}

/// A checked search: known kinds, a limit in range, text cut to [`MAX_QUERY_CHARS`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "SearchParams", into = "SearchParams")]
pub struct SearchQuery {
    q: String,
    kinds: Vec<HitKind>,
    team: Option<String>,
    provider: Option<String>,
    event_type: Option<String>,
    stage: Option<String>,
    limit: u32,
}

impl SearchQuery {
    /// A search for `q` over every kind, without filters, [`DEFAULT_LIMIT`] hits per group.
    pub fn new(q: &str) -> SearchQuery {
        SearchQuery {
            q: truncate(q.trim(), MAX_QUERY_CHARS),
            kinds: HitKind::ALL.to_vec(),
            team: None,
            provider: None,
            event_type: None,
            stage: None,
            limit: DEFAULT_LIMIT,
        }
    }

    /// The text searched for, as typed (cut to [`MAX_QUERY_CHARS`]).
    pub fn q(&self) -> &str {
        &self.q
    }

    /// The kinds searched, in [`HitKind::ALL`] order, never empty.
    pub fn kinds(&self) -> &[HitKind] {
        &self.kinds
    }

    /// The team filter.
    pub fn team(&self) -> Option<&str> {
        self.team.as_deref()
    }

    /// The provider filter.
    pub fn provider(&self) -> Option<&str> {
        self.provider.as_deref()
    }

    /// The event type filter.
    pub fn event_type(&self) -> Option<&str> {
        self.event_type.as_deref()
    }

    /// The stage filter.
    pub fn stage(&self) -> Option<&str> {
        self.stage.as_deref()
    }

    /// Hits per group, 1 to [`MAX_LIMIT`].
    pub fn limit(&self) -> u32 {
        self.limit
    }
}

impl TryFrom<SearchParams> for SearchQuery {
    type Error = InvalidSearch;

    fn try_from(params: SearchParams) -> Result<SearchQuery, InvalidSearch> {
        let limit = match params.limit {
            None => DEFAULT_LIMIT,
            Some(n) => u32::try_from(n).ok().filter(|n| (1..=MAX_LIMIT).contains(n)).ok_or_else(|| InvalidSearch {
                field: "limit",
                message: format!("{n} is not between 1 and {MAX_LIMIT}"),
            })?,
        };
        let mut kinds = Vec::new();
        for name in params.kind.as_deref().unwrap_or("").split(',').map(str::trim).filter(|name| !name.is_empty()) {
            let kind = HitKind::parse(name).ok_or_else(|| InvalidSearch {
                field: "kind",
                message: format!("{:?} is not one of service, function, event, team", truncate(name, 40)),
            })?;
            kinds.push(kind);
        }
        if kinds.is_empty() {
            kinds = HitKind::ALL.to_vec();
        }
        kinds.sort();
        kinds.dedup();
        Ok(SearchQuery {
            q: truncate(params.q.as_deref().unwrap_or("").trim(), MAX_QUERY_CHARS),
            kinds,
            team: filter(params.team),
            provider: filter(params.provider),
            event_type: filter(params.event_type),
            stage: filter(params.stage),
            limit,
        })
    }
}

impl From<SearchQuery> for SearchParams {
    fn from(query: SearchQuery) -> SearchParams {
        let every_kind = query.kinds.len() == HitKind::ALL.len();
        SearchParams {
            q: Some(query.q),
            kind: (!every_kind).then(|| query.kinds.iter().map(|kind| kind.as_str()).collect::<Vec<_>>().join(",")),
            team: query.team,
            provider: query.provider,
            event_type: query.event_type,
            stage: query.stage,
            limit: Some(i64::from(query.limit)),
        }
    }
}

/// A facet value as given: trimmed, cut to [`MAX_FILTER_CHARS`]; empty means no filter.
fn filter(value: Option<String>) -> Option<String> {
    value.map(|v| truncate(v.trim(), MAX_FILTER_CHARS)).filter(|v| !v.is_empty())
}

fn truncate(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}

/// What a search found, grouped by kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SearchResults {
    /// The text searched for, cleaned: control characters dropped, spaces collapsed, cut to
    /// 256 characters.
    pub query: String,
    /// When nothing matched as typed and misspelt words were replaced: the query searched
    /// instead, e.g. `orders` for `ordres`.
    pub corrected_query: Option<String>,
    /// One group per kind that has hits, in the order service, function, event, team.
    pub groups: Vec<SearchGroup>,
    /// Values of the filters among the matches, with how many matches have each.
    pub facets: SearchFacets,
}

/// The hits of one kind, best first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SearchGroup {
    /// What the hits are.
    pub kind: HitKind,
    /// Matches of this kind found; exact unless `capped`.
    pub total: i64,
    /// More match than were read (a lookup stopped at its window of 24, or `limit` + 1 if
    /// larger): `total` is a lower bound, shown e.g. as "24+".
    pub capped: bool,
    /// The best matches, at most `limit`.
    pub hits: Vec<SearchHit>,
}

/// Why a hit matched, best first; hits are ranked by this, then by shorter name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The name is the query (ignoring ASCII case).
    ExactName,
    /// The name starts with the query.
    NamePrefix,
    /// Every word of the query starts a word of the name.
    Name,
    /// Some words are only in the description, handler, runtime, deployed name, tags or key.
    OtherField,
}

/// One thing found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SearchHit {
    /// What it is.
    pub kind: HitKind,
    /// Its id among its kind (teams: their id too; their page is by name).
    pub id: i64,
    /// Its name.
    pub title: String,
    /// Where it sits, e.g. `orders-api · prod · orders` for a function.
    pub subtitle: String,
    /// The path of its page: `/services/{id}`, `/functions/{id}`, `/events/{id}`, `/teams/{name}`.
    pub url: String,
    /// Why it matched.
    pub matched: MatchKind,
    /// The title cut into pieces, the matched ones marked; joined, they are the title.
    pub highlight: Vec<Segment>,
    /// For a match outside the name: the field that matched, e.g. `handler: src/orders.create`,
    /// cut into marked pieces; empty otherwise.
    pub context: Vec<Segment>,
}

/// A piece of text, plain: the page escapes it and wraps `matched` pieces in `<mark>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Segment {
    /// The text.
    pub text: String,
    /// Whether it matched the query.
    pub matched: bool,
}

/// The filter values among the matches found for the groups, most frequent first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SearchFacets {
    /// Teams of the services, functions and teams found.
    pub teams: Vec<FacetCount>,
    /// Providers of the services and functions found.
    pub providers: Vec<FacetCount>,
    /// Stages of the services and functions found.
    pub stages: Vec<FacetCount>,
    /// Kinds of the events found, e.g. `sns_topic`.
    pub event_types: Vec<FacetCount>,
    /// Some group was capped, so these counts cover only the matches read.
    pub capped: bool,
}

/// One filter value and how many matches have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FacetCount {
    /// The value, usable as the filter parameter.
    pub value: String,
    /// Matches with this value.
    pub count: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> SearchParams {
        let mut p = SearchParams::default();
        for (key, value) in pairs {
            let value = Some(value.to_string());
            match *key {
                "q" => p.q = value,
                "kind" => p.kind = value,
                "team" => p.team = value,
                "limit" => p.limit = value.and_then(|v| v.parse().ok()),
                _ => unreachable!("no such parameter in these tests"),
            }
        }
        p
    }

    #[test]
    fn a_search_without_parameters_covers_every_kind_with_the_default_limit() {
        let query = SearchQuery::try_from(SearchParams::default()).unwrap();
        assert_eq!(query.q(), "");
        assert_eq!(query.kinds(), HitKind::ALL);
        assert_eq!(query.limit(), DEFAULT_LIMIT);
        assert_eq!(query.team(), None);
    }

    #[test]
    fn kinds_are_comma_separated_deduplicated_and_kept_in_group_order() {
        let query = SearchQuery::try_from(params(&[("kind", "team, event,team,")])).unwrap();
        assert_eq!(query.kinds(), [HitKind::Event, HitKind::Team]);
    }

    #[test]
    fn an_unknown_kind_or_a_limit_out_of_range_names_the_parameter() {
        assert_eq!(SearchQuery::try_from(params(&[("kind", "lambda")])).unwrap_err().field, "kind");
        for limit in ["0", "51", "-3"] {
            assert_eq!(SearchQuery::try_from(params(&[("limit", limit)])).unwrap_err().field, "limit", "{limit}");
        }
        assert_eq!(SearchQuery::try_from(params(&[("limit", "50")])).unwrap().limit(), 50);
    }

    #[test]
    fn long_text_is_cut_and_blank_filters_are_no_filters() {
        let query = SearchQuery::try_from(params(&[("q", &"é".repeat(10_000)), ("team", "  ")])).unwrap();
        assert_eq!(query.q().chars().count(), MAX_QUERY_CHARS);
        assert_eq!(query.team(), None);
    }

    #[test]
    fn a_query_goes_through_serde_as_its_parameters_and_is_checked_on_the_way_in() {
        let query = SearchQuery::try_from(params(&[("q", "orders"), ("kind", "event"), ("limit", "5")])).unwrap();
        let json = serde_json::to_string(&query).unwrap();
        assert_eq!(serde_json::from_str::<SearchQuery>(&json).unwrap(), query);
        assert!(serde_json::from_str::<SearchQuery>(r#"{"q":"x","limit":0}"#).is_err());
    }
}
