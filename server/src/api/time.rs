//! Times in query parameters and bodies: RFC 3339, a plain date (midnight UTC), or epoch ms.

use chrono::{NaiveDate, TimeZone, Utc};

use super::error::ApiError;

/// `text` as epoch ms, if it is an RFC 3339 time, a `YYYY-MM-DD` date or whole epoch ms.
pub fn parse_time(text: &str) -> Option<i64> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    if let Ok(time) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(time.timestamp_millis());
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    Some(Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0)?).timestamp_millis())
}

/// The query parameter `field` as epoch ms, if given.
pub fn time_param(field: &'static str, value: Option<&str>) -> Result<Option<i64>, ApiError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(text) => parse_time(text).map(Some).ok_or_else(|| ApiError::Invalid {
            field,
            message: format!(
                "{text:?} is not a time: use RFC 3339 (2026-11-23T10:00:00Z), a date (2026-11-23) or epoch ms"
            ),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_forms_parse_and_others_do_not() {
        assert_eq!(parse_time("2026-11-23T00:00:00Z"), parse_time("2026-11-23"));
        assert_eq!(parse_time("1795000000000"), Some(1_795_000_000_000));
        assert_eq!(parse_time("yesterday"), None);
        assert!(time_param("from", Some("x")).is_err());
        assert_eq!(time_param("from", Some(" ")).unwrap(), None);
    }
}
