//! The local store's filter syntax, a subset of CloudWatch's: terms (all must appear), quoted
//! phrases, and `-term` / `-"phrase"` exclusions. Matching is case-sensitive, as on CloudWatch.

use super::LogError;

/// Longest filter accepted, in bytes (CloudWatch's own limit).
pub const MAX_FILTER_BYTES: usize = 1024;

/// One piece of a filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterTerm {
    /// The text to look for, as given (no quotes).
    pub text: String,
    /// `true` for `-term`: the message must not contain it.
    pub exclude: bool,
}

/// Parses `pattern` into terms; a pattern this store cannot honour is an error naming `filter`,
/// never a silent match-all.
pub fn parse_filter(pattern: &str) -> Result<Vec<FilterTerm>, LogError> {
    let invalid = |message: String| LogError::InvalidQuery { field: "filter", message };
    if pattern.len() > MAX_FILTER_BYTES {
        return Err(invalid(format!("at most {MAX_FILTER_BYTES} bytes")));
    }
    let trimmed = pattern.trim();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return Err(invalid(
            "JSON and space-delimited patterns ({ $.x = … }, [a, b]) need CloudWatch; the local store takes terms, \"quoted phrases\" and -exclusions".into(),
        ));
    }
    let mut terms = Vec::new();
    let mut rest = trimmed;
    while !rest.is_empty() {
        let exclude = rest.starts_with('-');
        let body = if exclude { &rest[1..] } else { rest };
        let (text, after) = if let Some(quoted) = body.strip_prefix('"') {
            let end =
                quoted.find('"').ok_or_else(|| invalid("a quoted phrase is not closed: add the closing \"".into()))?;
            (&quoted[..end], &quoted[end + 1..])
        } else {
            let end = body.find(char::is_whitespace).unwrap_or(body.len());
            (&body[..end], &body[end..])
        };
        if text.is_empty() {
            let what = if exclude { "nothing follows -" } else { "an empty phrase \"\"" };
            return Err(invalid(format!("{what}: remove it or add text")));
        }
        if text.chars().any(char::is_control) {
            return Err(invalid("control characters are not allowed".into()));
        }
        terms.push(FilterTerm { text: text.to_string(), exclude });
        rest = after.trim_start();
    }
    Ok(terms)
}

/// Whether `message` satisfies every term.
pub fn matches(terms: &[FilterTerm], message: &str) -> bool {
    terms.iter().all(|term| message.contains(term.text.as_str()) != term.exclude)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(text: &str, exclude: bool) -> FilterTerm {
        FilterTerm { text: text.into(), exclude }
    }

    #[test]
    fn terms_phrases_and_exclusions_parse() {
        assert_eq!(
            parse_filter(r#"ERROR "order 42" -health -"GET /ping""#).unwrap(),
            vec![term("ERROR", false), term("order 42", false), term("health", true), term("GET /ping", true)]
        );
        assert_eq!(parse_filter("  ").unwrap(), vec![]);
    }

    #[test]
    fn patterns_the_local_store_cannot_honour_are_errors_naming_the_filter() {
        for bad in [r#"ERROR "open"#, "-", r#""""#, "{ $.level = \"ERROR\" }", "[ip, user]"] {
            let error = parse_filter(bad).unwrap_err();
            assert!(matches!(error, LogError::InvalidQuery { field: "filter", .. }), "{bad}: {error}");
        }
    }

    #[test]
    fn matching_is_case_sensitive_and_honours_exclusions() {
        let terms = parse_filter(r#"ERROR -"GET /ping""#).unwrap();
        assert!(matches(&terms, "ERROR payment failed"));
        assert!(!matches(&terms, "error payment failed"));
        assert!(!matches(&terms, "ERROR GET /ping"));
    }
}
