//! Log files as `aws logs tail` and most exporters write them: one event per line, an RFC 3339
//! timestamp, one space or tab, then the message. Read in large blocks and split with memchr, so
//! a line costs no allocation.

use std::io::Read;

use super::rollup::{Pricing, RollupBuilder};

/// Bytes read at a time.
const BLOCK: usize = 1 << 20;

/// A log file that could not be rolled up.
#[derive(Debug, thiserror::Error)]
pub enum LogFileError {
    /// The file could not be read.
    #[error("reading {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A line does not start with a timestamp.
    #[error("{path}:{line}: expected an RFC 3339 timestamp (2026-11-23T10:00:00.000Z), then a space and the message")]
    Timestamp {
        /// The file.
        path: String,
        /// 1-based line number.
        line: u64,
    },
}

/// What reading a file counted.
#[derive(Debug, Default)]
pub struct FileRollup {
    /// Lines read, blank ones included.
    pub lines: u64,
    /// Events: lines that start with a timestamp.
    pub events: u64,
    /// The roll-ups.
    pub rollups: RollupBuilder,
}

/// Rolls up every event of `reader` as invocations of `function_id`.
pub fn roll_up_file(
    path: &str,
    mut reader: impl Read,
    function_id: i64,
    pricing: &Pricing,
) -> Result<FileRollup, LogFileError> {
    let read_error = |source| LogFileError::Read { path: path.to_string(), source };
    let mut result = FileRollup::default();
    let mut buffer = vec![0u8; BLOCK];
    let mut filled = 0;
    loop {
        if filled == buffer.len() {
            // A line longer than the buffer: grow it rather than split the line.
            buffer.resize(buffer.len() * 2, 0);
        }
        let read = reader.read(&mut buffer[filled..]).map_err(read_error)?;
        let at_end = read == 0;
        filled += read;
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', &buffer[start..filled]) {
            roll_up_line(path, &buffer[start..end], function_id, pricing, &mut result)?;
            start = end + 1;
        }
        if at_end {
            if start < filled {
                roll_up_line(path, &buffer[start..filled], function_id, pricing, &mut result)?;
            }
            return Ok(result);
        }
        buffer.copy_within(start..filled, 0);
        filled -= start;
    }
}

fn roll_up_line(
    path: &str,
    line: &[u8],
    function_id: i64,
    pricing: &Pricing,
    result: &mut FileRollup,
) -> Result<(), LogFileError> {
    result.lines += 1;
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.is_empty() {
        return Ok(());
    }
    let timestamp_error = || LogFileError::Timestamp { path: path.to_string(), line: result.lines };
    let parsed = parse_rfc3339_ms(line).filter(|(_, used)| matches!(line.get(*used), Some(b' ' | b'\t') | None));
    let Some((timestamp_ms, used)) = parsed else {
        // A message with a newline (a REPORT line's X-Ray fields) continues on lines without a
        // timestamp: they belong to the event before. A file that starts so is no log file.
        return if result.events == 0 { Err(timestamp_error()) } else { Ok(()) };
    };
    result.events += 1;
    let message = line.get(used + 1..).unwrap_or_default();
    // Invalid UTF-8 is not a REPORT line, which is all that is counted: skip it.
    let Ok(message) = std::str::from_utf8(message) else { return Ok(()) };
    // A malformed REPORT line is counted in `malformed_reports`; the file goes on.
    let _ = result.rollups.add_event(function_id, pricing, timestamp_ms, message);
    Ok(())
}

/// Parses `2026-11-23T10:00:00[.fff…](Z|±HH:MM)` at the start of `bytes`; returns epoch ms and
/// the number of bytes used.
pub fn parse_rfc3339_ms(bytes: &[u8]) -> Option<(i64, usize)> {
    let digits = |from: usize, len: usize| -> Option<i64> {
        let slice = bytes.get(from..from + len)?;
        slice.iter().try_fold(0i64, |n, &d| d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0')))
    };
    let sep = |at: usize, allowed: &[u8]| bytes.get(at).is_some_and(|b| allowed.contains(b));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (year, month, day) = (digits(0, 4)?, digits(5, 2)?, digits(8, 2)?);
    let (hour, minute, second) = (digits(11, 2)?, digits(14, 2)?, digits(17, 2)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut at = 19;
    let mut millis = 0;
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        let mut scale = 100;
        while let Some(d) = bytes.get(at).filter(|d| d.is_ascii_digit()) {
            millis += i64::from(d - b'0') * scale;
            scale /= 10;
            at += 1;
        }
    }
    let offset_minutes = match bytes.get(at)? {
        b'Z' | b'z' => {
            at += 1;
            0
        }
        sign @ (b'+' | b'-') => {
            if !sep(at + 3, b":") {
                return None;
            }
            let minutes = digits(at + 1, 2)? * 60 + digits(at + 4, 2)?;
            at += 6;
            if *sign == b'+' { minutes } else { -minutes }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some((seconds * 1000 + millis, at))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs::cost::{Architecture, Prices};

    #[test]
    fn timestamps_parse_like_chrono() {
        for text in [
            "2026-11-23T10:00:00.123Z",
            "2026-02-28T23:59:59Z",
            "2024-02-29T00:00:00.5+02:00",
            "1999-12-31T23:59:59.999999-05:30",
        ] {
            let expected = chrono::DateTime::parse_from_rfc3339(text).unwrap().timestamp_millis();
            assert_eq!(parse_rfc3339_ms(text.as_bytes()), Some((expected, text.len())), "{text}");
        }
        assert_eq!(parse_rfc3339_ms(b"2026-13-01T00:00:00Z"), None);
        assert_eq!(parse_rfc3339_ms(b"REPORT RequestId"), None);
    }

    #[test]
    fn a_file_rolls_up_and_a_line_without_timestamp_is_named() {
        let pricing = Pricing { architecture: Architecture::Arm64, prices: Prices::US_EAST_1 };
        let text = "2026-11-23T10:00:00.000Z START RequestId: a Version: $LATEST\n\
            2026-11-23T10:00:00.100Z REPORT RequestId: a\tDuration: 10.00 ms\tBilled Duration: 10 ms\tMemory Size: 128 MB\tMax Memory Used: 20 MB\t\n\n";
        let result = roll_up_file("f.log", text.as_bytes(), 1, &pricing).unwrap();
        assert_eq!((result.lines, result.rollups.total().invocations), (3, 1));
        let continued = roll_up_file("f.log", "2026-11-23T10:00:00Z ok\nXRAY TraceId: 1-2\n".as_bytes(), 1, &pricing);
        assert_eq!(continued.unwrap().events, 1);
        let error = roll_up_file("f.log", "\nnot a timestamp\n".as_bytes(), 1, &pricing);
        assert_eq!(
            error.unwrap_err().to_string(),
            "f.log:2: expected an RFC 3339 timestamp (2026-11-23T10:00:00.000Z), then a space and the message"
        );
    }
}
