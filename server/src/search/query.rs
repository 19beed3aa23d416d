//! From what someone typed to what the indexes are asked.
//!
//! Nothing typed reaches an index as syntax. The text is cleaned and cut into words the way the
//! indexes cut names and fields ([`words`]); storage then quotes or binds each word itself.
//! Quotes, `*`, `-`, `^`, `:`, parentheses, `NEAR`/`AND`/`OR`/`NOT`, `%` and `_` are separators
//! or plain words, never operators.

pub use app::search::model::MAX_QUERY_CHARS;

/// Most words of a query used; later ones are dropped.
pub const MAX_WORDS: usize = 16;

/// Longest word the indexes keep, in characters; longer words are cut to this.
pub const MAX_WORD_CHARS: usize = 64;

/// ASCII lowercase: the fold applied to whole names for exact and prefix matches (SQLite's
/// `lower()`, `search_fold` on Postgres). Other letters keep their case on both backends.
pub fn fold(text: &str) -> String {
    text.to_ascii_lowercase()
}

/// Where the words the indexes hold for `text` are, as byte ranges: every run of letters and
/// digits, and the pieces of a run cut before each ASCII capital. So `createOrder` has
/// `createOrder`, `create` and `Order`; `GET` has `GET` (and `G`, `E`, `T`). The indexes cut the
/// same way: the text as is and with a space before every capital, through SQLite's unicode61
/// tokenizer or `[^[:alnum:]]+` on Postgres.
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for (from, to) in runs(text) {
        spans.push((from, to));
        let mut piece = from;
        for (at, c) in text[from..to].char_indices().skip(1) {
            if c.is_ascii_uppercase() {
                spans.push((piece, from + at));
                piece = from + at;
            }
        }
        if piece != from {
            spans.push((piece, to));
        }
    }
    spans
}

/// The words the indexes hold for `text` ([`word_spans`]), lowercase, each cut to
/// [`MAX_WORD_CHARS`].
pub fn words(text: &str) -> Vec<String> {
    word_spans(text).into_iter().map(|(from, to)| lowercase_word(&text[from..to])).collect()
}

/// The words of a query: runs of letters and digits, cut where a lowercase letter or a digit is
/// followed by a capital (`handlePayment` is `handle` and `payment`, `ORDERS` stays whole),
/// lowercase, each cut to [`MAX_WORD_CHARS`]. Each is a prefix of a word the indexes hold for
/// the same text.
pub fn query_words(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (from, to) in runs(text) {
        let run = &text[from..to];
        let mut piece = 0;
        let mut previous: Option<char> = None;
        for (at, c) in run.char_indices() {
            if c.is_ascii_uppercase() && previous.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit()) {
                found.push(lowercase_word(&run[piece..at]));
                piece = at;
            }
            previous = Some(c);
        }
        found.push(lowercase_word(&run[piece..]));
    }
    found
}

/// Runs of letters and digits, as byte ranges.
fn runs(text: &str) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start: Option<usize> = None;
    for (at, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                runs.push((from, at));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        runs.push((from, text.len()));
    }
    runs
}

fn lowercase_word(word: &str) -> String {
    word.to_lowercase().chars().take(MAX_WORD_CHARS).collect()
}

/// Drops control characters (NUL included), collapses white space to single spaces, trims, and
/// keeps at most `max_chars` characters.
pub fn clean(text: &str, max_chars: usize) -> String {
    let mut cleaned = String::with_capacity(text.len().min(max_chars * 4));
    let mut kept = 0;
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !cleaned.is_empty();
            continue;
        }
        if c.is_control() {
            continue;
        }
        let needed = if pending_space { 2 } else { 1 };
        if kept + needed > max_chars {
            break;
        }
        if pending_space {
            cleaned.push(' ');
            pending_space = false;
        }
        cleaned.push(c);
        kept += needed;
    }
    cleaned
}

/// A filter value fit for comparison: cleaned like a query; `None` when nothing is left.
pub fn clean_filter(value: Option<&str>) -> Option<String> {
    value.map(|v| clean(v, app::search::model::MAX_FILTER_CHARS)).filter(|v| !v.is_empty())
}

/// The resource name of an ARN (`arn:partition:service:region:account:resource`), which is how
/// the catalog names the thing: `arn:aws:sns:us-east-1:123456789012:user-events` is
/// `user-events`, `…:function:createOrder:live` is `createOrder`, `…:table/orders/stream/…` is
/// `orders`, `…:log-group:/aws/lambda/x:*` is `/aws/lambda/x`. `None` if `text` is not an ARN.
pub fn arn_resource(text: &str) -> Option<&str> {
    let text = text.trim();
    if !text.get(..4).is_some_and(|scheme| scheme.eq_ignore_ascii_case("arn:")) {
        return None;
    }
    let resource = text.splitn(6, ':').nth(5).filter(|r| !r.is_empty())?;
    let name = match resource.split_once(['/', ':']) {
        // A log group's name is a path: `log-group:/aws/lambda/x:*`.
        Some((_, rest)) if rest.starts_with('/') => rest.trim_end_matches(":*"),
        // `type/name/…` (tables, buses, rules, streams) and `type:name[:qualifier]` (functions)
        // name the thing after the type.
        Some((_, rest)) => rest.split(['/', ':']).next().filter(|part| !part.is_empty()).unwrap_or(resource),
        None => resource,
    };
    Some(name)
}

/// A query cleaned for display and cut for the indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedQuery {
    /// The cleaned text in its own case, echoed back to the caller.
    pub display: String,
    /// `display` folded: names equal to it, or starting with it, rank first.
    pub phrase: String,
    /// The [`query_words`] of `display`, first occurrence only, at most [`MAX_WORDS`]. Each must
    /// start a word of a name or field.
    pub words: Vec<String>,
}

impl ParsedQuery {
    /// Parses `q`, cutting it to [`MAX_QUERY_CHARS`]. An ARN searches for its resource name.
    pub fn parse(q: &str) -> ParsedQuery {
        let display = clean(q, MAX_QUERY_CHARS);
        let searched = arn_resource(&display).unwrap_or(&display);
        let mut unique: Vec<String> = Vec::new();
        for word in query_words(searched) {
            if unique.len() == MAX_WORDS {
                break;
            }
            if !unique.contains(&word) {
                unique.push(word);
            }
        }
        ParsedQuery { phrase: fold(searched), display, words: unique }
    }

    /// Nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.phrase.is_empty()
    }
}

/// One word of a query and what may stand for it: itself, and for a misspelt word its
/// corrections. A doc matches the word if one of its words starts with any of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordMatch {
    /// Lowercase alternatives, the typed word first.
    pub alternatives: Vec<String>,
}

impl WordMatch {
    /// Whether one of `words` starts with one of the alternatives.
    pub fn starts_any(&self, words: &[String]) -> bool {
        words.iter().any(|word| self.alternatives.iter().any(|a| word.starts_with(a.as_str())))
    }
}

/// What one search asks of the indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchPlan {
    /// Folded text compared with whole names: equal first, then names starting with it.
    pub phrase: String,
    /// Every word must start a word of the doc, in the name or in another field.
    pub words: Vec<WordMatch>,
}

impl MatchPlan {
    /// The plan for a query as typed.
    pub fn as_typed(query: &ParsedQuery) -> MatchPlan {
        MatchPlan {
            phrase: query.phrase.clone(),
            words: query.words.iter().map(|w| WordMatch { alternatives: vec![w.clone()] }).collect(),
        }
    }

    /// Every alternative of every word: what highlighting marks.
    pub fn needles(&self) -> Vec<&str> {
        self.words.iter().flat_map(|w| w.alternatives.iter().map(String::as_str)).collect()
    }

    /// Whether every word of the plan starts a word of `name`.
    pub fn all_words_in(&self, name: &str) -> bool {
        let name_words = words(name);
        !self.words.is_empty() && self.words.iter().all(|w| w.starts_any(&name_words))
    }
}

/// The exclusive upper bound of folded texts starting with `prefix`, for `>= prefix AND < bound`
/// range scans compared byte for byte (SQLite BINARY, Postgres "C").
pub fn prefix_upper_bound(prefix: &str) -> String {
    // U+10FFFF encodes as the greatest UTF-8 sequence, so every continuation sorts below it.
    format!("{prefix}\u{10FFFF}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_quotes_and_wildcards_are_only_separators() {
        let q = ParsedQuery::parse(r#"  "orders"* -api NEAR(x) OR ^id:1 (( 100% my_fn "#);
        assert_eq!(q.words, ["orders", "api", "near", "x", "or", "id", "1", "100", "my", "fn"]);
        assert_eq!(q.phrase, r#""orders"* -api near(x) or ^id:1 (( 100% my_fn"#);
        assert_eq!(q.display, r#""orders"* -api NEAR(x) OR ^id:1 (( 100% my_fn"#);
    }

    #[test]
    fn the_indexes_hold_whole_runs_and_their_pieces_cut_before_capitals() {
        assert_eq!(words("createOrder"), ["createorder", "create", "order"]);
        assert_eq!(words("orders-api-0012"), ["orders", "api", "0012"]);
        assert_eq!(words("updateDataset.handler"), ["updatedataset", "update", "dataset", "handler"]);
        assert_eq!(words("nodejs20.x"), ["nodejs20", "x"]);
        assert_eq!(words("GET /orders"), ["get", "g", "e", "t", "orders"]);
        assert_eq!(words("Été"), ["été"]);
        assert_eq!(word_spans("a-Bc"), [(0, 1), (2, 4)]);
        assert!(words("🦀 -- ...").is_empty());
    }

    #[test]
    fn a_query_is_cut_where_lowercase_meets_a_capital_and_each_piece_starts_an_indexed_word() {
        assert_eq!(query_words("handlePayment"), ["handle", "payment"]);
        assert_eq!(query_words("ORDERS NEAR"), ["orders", "near"]);
        assert_eq!(query_words("HTTPServer s3Bucket"), ["httpserver", "s3", "bucket"]);
        for text in ["createOrder", "GET /orders", "HTTPServer", "s3Bucket", "OrderChangePublisher"] {
            let indexed = words(text);
            for word in query_words(text) {
                assert!(indexed.iter().any(|w| w.starts_with(&word)), "{word} of {text} in {indexed:?}");
            }
        }
    }

    #[test]
    fn control_characters_go_and_white_space_collapses() {
        let q = ParsedQuery::parse("\0ord\u{7}\u{9f}ers\t\n\r  api\u{1b}[0m");
        assert_eq!(q.display, "orders api[0m");
        assert_eq!(q.words, ["orders", "api", "0m"]);
        assert!(ParsedQuery::parse("\0\t\u{1}  ").is_empty());
    }

    #[test]
    fn a_long_query_is_cut_to_256_characters_and_16_words() {
        let q = ParsedQuery::parse(&"abc ".repeat(5_000));
        assert!(q.display.chars().count() <= MAX_QUERY_CHARS);
        assert_eq!(q.words, ["abc"], "repeated words count once; the cut falls between words here");
        let many: String = (0..100).map(|i| format!("w{i} ")).collect();
        assert_eq!(ParsedQuery::parse(&many).words.len(), MAX_WORDS);
        let emoji = ParsedQuery::parse(&"🦀".repeat(10_000));
        assert_eq!(emoji.display.chars().count(), MAX_QUERY_CHARS);
        assert!(emoji.words.is_empty(), "emoji are not letters");
        assert_eq!(ParsedQuery::parse(&"x".repeat(300)).words[0].chars().count(), MAX_WORD_CHARS);
    }

    #[test]
    fn names_are_folded_in_ascii_only_so_both_backends_agree() {
        let q = ParsedQuery::parse("Été ORDERS שלום");
        assert_eq!(q.phrase, "Été orders שלום");
        assert_eq!(q.words, ["été", "orders", "שלום"]);
        assert_eq!(fold("ÉTÉ"), "ÉtÉ");
    }

    #[test]
    fn filters_are_cleaned_and_blank_ones_dropped() {
        assert_eq!(clean_filter(Some(" orders\0 ")), Some("orders".to_string()));
        assert_eq!(clean_filter(Some("\u{0}\u{7f}")), None);
        assert_eq!(clean_filter(None), None);
    }

    #[test]
    fn every_word_must_start_a_word_of_the_name() {
        let plan = MatchPlan::as_typed(&ParsedQuery::parse("ord create"));
        assert!(plan.all_words_in("createOrder"));
        assert!(!plan.all_words_in("recordCreation"), "ord is inside record, not at a word start");
        assert!(!plan.all_words_in("orders-api"));
        assert!(!MatchPlan::as_typed(&ParsedQuery::parse("😀")).all_words_in("anything"));
    }

    #[test]
    fn an_arn_is_searched_by_its_resource_name() {
        assert_eq!(arn_resource("arn:aws:sns:us-east-1:123456789012:user-events"), Some("user-events"));
        assert_eq!(arn_resource("ARN:aws:sqs:eu-west-1:1:new-orders"), Some("new-orders"));
        assert_eq!(arn_resource("arn:aws:lambda:us-east-1:1:function:createOrder:live"), Some("createOrder"));
        assert_eq!(
            arn_resource("arn:aws:dynamodb:us-east-1:1:table/orders/stream/2024-01-01T00:00:00.000"),
            Some("orders")
        );
        assert_eq!(arn_resource("arn:aws:events:us-east-1:1:event-bus/commerce"), Some("commerce"));
        assert_eq!(arn_resource("arn:aws:s3:::uploads-bucket"), Some("uploads-bucket"));
        assert_eq!(arn_resource("arn:aws:logs:us-east-1:1:log-group:/aws/lambda/x:*"), Some("/aws/lambda/x"));
        assert_eq!(arn_resource("arn:aws:sns"), None);
        assert_eq!(arn_resource("arnold"), None);
        assert_eq!(arn_resource("é"), None);
        let q = ParsedQuery::parse("arn:aws:sns:us-east-1:123456789012:user-events");
        assert_eq!(
            (q.display.as_str(), q.phrase.as_str()),
            ("arn:aws:sns:us-east-1:123456789012:user-events", "user-events")
        );
        assert_eq!(q.words, ["user", "events"]);
    }

    #[test]
    fn the_prefix_bound_sorts_after_every_continuation() {
        let bound = prefix_upper_bound("ord");
        for name in ["ord", "orders-api", "ord\u{10FFFE}", "ordzzzz"] {
            assert!(name.as_bytes() < bound.as_bytes(), "{name}");
        }
        assert!("ore".as_bytes() > bound.as_bytes());
    }
}
