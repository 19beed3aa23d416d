//! Time ranges as pages take them from the URL: a preset (`15m`, `1h`, `24h`, `7d`, `30d`) ending
//! now, or `custom` with `from` and `to`. Parsed once at the server function's boundary.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Presets of the logs page, shortest first.
pub const LOG_PRESETS: &[&str] = &["15m", "1h", "24h", "7d"];
/// Presets of the metrics and costs pages.
pub const COST_PRESETS: &[&str] = &["24h", "7d", "30d"];
/// Longest range a page reads, days.
pub const MAX_DAYS: i64 = 92;

/// A range's parameters as written in the URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RangeParams {
    /// A preset, or `custom`; default depends on the page.
    pub range: Option<String>,
    /// Start of a custom range: `2026-11-23T10:00` (UTC), RFC 3339, a date, or epoch ms.
    pub from: Option<String>,
    /// End of a custom range, same forms; default now.
    pub to: Option<String>,
}

/// A resolved range `[from, to]`, with the preset it came from (`custom` for custom ranges).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeRange {
    /// The preset, or `custom`.
    pub preset: String,
    /// Start (UTC).
    pub from: DateTime<Utc>,
    /// End (UTC).
    pub to: DateTime<Utc>,
}

/// The length of a preset, if it is one.
pub fn preset_length(preset: &str) -> Option<Duration> {
    match preset {
        "15m" => Some(Duration::minutes(15)),
        "1h" => Some(Duration::hours(1)),
        "24h" => Some(Duration::hours(24)),
        "7d" => Some(Duration::days(7)),
        "30d" => Some(Duration::days(30)),
        _ => None,
    }
}

/// A time as a URL or form gives it: `2026-11-23T10:00` or `…:00` (an `<input type=datetime-local>`,
/// read as UTC), RFC 3339, a date (midnight UTC) or epoch milliseconds.
pub fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(ms) = text.parse::<i64>() {
        return Utc.timestamp_millis_opt(ms).single();
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(at) = NaiveDateTime::parse_from_str(text, format) {
            return Some(at.and_utc());
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)).map(|at| at.and_utc())
}

/// A time as `<input type=datetime-local>` shows it (UTC).
pub fn input_value(at: &DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M").to_string()
}

impl RangeParams {
    /// The range these parameters mean at `now`; `default` preset when none is given; only
    /// presets in `presets` (and `custom`) are accepted.
    pub fn resolve(&self, now: DateTime<Utc>, default: &str, presets: &[&str]) -> Result<TimeRange, AppError> {
        let invalid = |field: &str, message: String| AppError::Invalid { field: field.into(), message };
        let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
        // A start given wins over a preset, so a form that carries both means what was typed.
        let preset = if given(&self.from).is_some() {
            "custom".into()
        } else {
            given(&self.range).unwrap_or_else(|| default.into())
        };
        if preset != "custom" {
            if !presets.contains(&preset.as_str()) {
                return Err(invalid("range", format!("{preset:?}: use one of {}, or custom", presets.join(", "))));
            }
            let length = preset_length(&preset).unwrap_or(Duration::hours(1));
            return Ok(TimeRange { preset, from: now - length, to: now });
        }
        let time = |field: &str, value: Option<String>| -> Result<Option<DateTime<Utc>>, AppError> {
            value
                .map(|text| {
                    parse_time(&text).ok_or_else(|| {
                        invalid(
                            field,
                            format!("{text:?} is not a time: use 2026-11-23T10:00 (UTC), RFC 3339 or a date"),
                        )
                    })
                })
                .transpose()
        };
        let to = time("to", given(&self.to))?.unwrap_or(now);
        let from =
            time("from", given(&self.from))?.ok_or_else(|| invalid("from", "a custom range needs a start".into()))?;
        if from >= to {
            return Err(invalid("from", "the start must be before the end".into()));
        }
        if to - from > Duration::days(MAX_DAYS) {
            return Err(invalid("from", format!("a range spans at most {MAX_DAYS} days")));
        }
        Ok(TimeRange { preset, from, to })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(range: &str, from: &str, to: &str) -> RangeParams {
        let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
        RangeParams { range: some(range), from: some(from), to: some(to) }
    }

    #[test]
    fn presets_end_now_and_custom_ranges_take_several_time_forms() {
        let now = parse_time("2026-11-23T12:00:00Z").unwrap();
        let hour = params("", "", "").resolve(now, "1h", LOG_PRESETS).unwrap();
        assert_eq!((hour.preset.as_str(), hour.from, hour.to), ("1h", parse_time("2026-11-23T11:00").unwrap(), now));
        let custom = params("custom", "2026-11-22", "2026-11-23T06:30").resolve(now, "1h", LOG_PRESETS).unwrap();
        assert_eq!(custom.from, parse_time("2026-11-22T00:00:00Z").unwrap());
        assert_eq!(custom.to, parse_time("2026-11-23T06:30:00+00:00").unwrap());
        let hour_ago = (now - Duration::hours(1)).timestamp_millis().to_string();
        let ms = params("1h", &hour_ago, "").resolve(now, "1h", LOG_PRESETS).unwrap();
        assert_eq!((ms.preset.as_str(), ms.from, ms.to), ("custom", now - Duration::hours(1), now));
    }

    #[test]
    fn bad_ranges_name_the_field_at_fault() {
        let now = parse_time("2026-11-23T12:00:00Z").unwrap();
        let field = |p: RangeParams| match p.resolve(now, "1h", LOG_PRESETS) {
            Err(AppError::Invalid { field, .. }) => field,
            other => panic!("expected invalid, got {other:?}"),
        };
        assert_eq!(field(params("30d", "", "")), "range");
        assert_eq!(field(params("custom", "", "")), "from");
        assert_eq!(field(params("custom", "yesterday", "")), "from");
        assert_eq!(field(params("custom", "2026-11-23", "<b>")), "to");
        assert_eq!(field(params("custom", "2026-11-23T13:00", "")), "from");
        assert_eq!(field(params("custom", "2026-01-01", "")), "from");
    }
}
