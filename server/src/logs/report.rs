//! Lambda log lines, classified without allocating: START, END, REPORT (text and JSON
//! `platform.report`), timeouts and application errors.
//!
//! The text REPORT line, as Lambda writes it:
//! `REPORT RequestId: <id>\tDuration: 26.73 ms\tBilled Duration: 27 ms \tMemory Size: 128 MB\tMax Memory Used: 75 MB\t`
//! then `Init Duration: … ms` on cold starts, and X-Ray fields when tracing is on.

use memchr::memmem;

/// One invocation's figures from its REPORT line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvocationReport<'a> {
    /// The invocation's request id.
    pub request_id: &'a str,
    /// Run time, in microseconds (REPORT gives milliseconds with two decimals).
    pub duration_us: u64,
    /// Billed time, in ms. Since August 2025 it includes the INIT phase.
    pub billed_duration_ms: u64,
    /// Configured memory, in MB.
    pub memory_size_mb: u64,
    /// Peak memory used, in MB.
    pub max_memory_used_mb: u64,
    /// INIT phase duration in microseconds; present only on cold starts.
    pub init_duration_us: Option<u64>,
    /// How the invocation ended, when the line says.
    pub status: InvocationStatus,
}

impl InvocationReport<'_> {
    /// Whether this invocation started a new execution environment.
    pub fn cold_start(&self) -> bool {
        self.init_duration_us.is_some()
    }
}

/// How an invocation ended, as far as its REPORT line tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InvocationStatus {
    /// No status field, or `success`.
    #[default]
    Success,
    /// `Status: error` / `"status":"error"`.
    Error,
    /// `Status: timeout` / `"status":"timeout"`.
    Timeout,
}

/// What a log line is, as far as metrics care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogLine<'a> {
    /// `START RequestId: …` or JSON `platform.start`.
    Start,
    /// `END RequestId: …` or JSON `platform.runtimeDone`.
    End,
    /// An invocation's report.
    Report(InvocationReport<'a>),
    /// `… Task timed out after N seconds`, with the request id when the line has one.
    Timeout(&'a str),
    /// An application line logged at ERROR level, with its request id when it has one.
    Error(&'a str),
    /// Anything else.
    Other,
}

/// A REPORT line whose fields could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed REPORT line: {field} {problem}")]
pub struct ReportError {
    /// The field at fault, e.g. `Duration`.
    pub field: &'static str,
    /// What is wrong with it.
    pub problem: &'static str,
}

/// Classifies one log message (the text of one CloudWatch event, without its timestamp).
///
/// A REPORT line whose required fields are missing or unreadable is an `Err`; every other line
/// classifies, as [`LogLine::Other`] if nothing else.
pub fn classify(message: &str) -> Result<LogLine<'_>, ReportError> {
    let bytes = message.as_bytes();
    match bytes.first() {
        Some(b'R') if bytes.starts_with(b"REPORT ") => parse_text_report(message).map(LogLine::Report),
        Some(b'S') if bytes.starts_with(b"START RequestId:") => Ok(LogLine::Start),
        Some(b'E') if bytes.starts_with(b"END RequestId:") => Ok(LogLine::End),
        Some(b'{') => classify_json(message),
        _ => Ok(classify_application(message)),
    }
}

/// Parses a text REPORT line into its figures.
pub fn parse_text_report(line: &str) -> Result<InvocationReport<'_>, ReportError> {
    let mut report = InvocationReport {
        request_id: "",
        duration_us: 0,
        billed_duration_ms: 0,
        memory_size_mb: 0,
        max_memory_used_mb: 0,
        init_duration_us: None,
        status: InvocationStatus::Success,
    };
    let mut seen = 0u8;
    let body = line.strip_prefix("REPORT ").unwrap_or(line);
    // Fields are tab-separated, but Lambda pads some with a space before the tab: trim each.
    for field in body.split('\t') {
        let field = field.trim();
        let Some((name, value)) = field.split_once(": ") else { continue };
        let value = value.trim();
        match name {
            "RequestId" => {
                report.request_id = value;
                seen |= 1;
            }
            "Duration" => {
                report.duration_us = millis_as_micros(value, "ms", "Duration")?;
                seen |= 2;
            }
            "Billed Duration" => {
                report.billed_duration_ms = whole(value, "ms", "Billed Duration")?;
                seen |= 4;
            }
            "Memory Size" => {
                report.memory_size_mb = whole(value, "MB", "Memory Size")?;
                seen |= 8;
            }
            "Max Memory Used" => {
                report.max_memory_used_mb = whole(value, "MB", "Max Memory Used")?;
                seen |= 16;
            }
            "Init Duration" => report.init_duration_us = Some(millis_as_micros(value, "ms", "Init Duration")?),
            "Status" => report.status = status_of(value),
            // XRAY TraceId, SegmentId, Sampled, Error Type, Restore Duration: not needed.
            _ => {}
        }
    }
    for (bit, field) in
        [(1, "RequestId"), (2, "Duration"), (4, "Billed Duration"), (8, "Memory Size"), (16, "Max Memory Used")]
    {
        if seen & bit == 0 {
            return Err(ReportError { field, problem: "is missing" });
        }
    }
    Ok(report)
}

fn status_of(value: &str) -> InvocationStatus {
    match value {
        "timeout" => InvocationStatus::Timeout,
        "error" => InvocationStatus::Error,
        _ => InvocationStatus::Success,
    }
}

/// `"26.73 ms"` as 26,730 µs; up to three decimals are kept.
fn millis_as_micros(value: &str, unit: &str, field: &'static str) -> Result<u64, ReportError> {
    let number = value.strip_suffix(unit).map(str::trim_end).ok_or(ReportError { field, problem: "has no unit" })?;
    decimal_micros(number).ok_or(ReportError { field, problem: "is not a number of milliseconds" })
}

/// `"128 MB"` as 128.
fn whole(value: &str, unit: &str, field: &'static str) -> Result<u64, ReportError> {
    let number = value.strip_suffix(unit).map(str::trim_end).ok_or(ReportError { field, problem: "has no unit" })?;
    integer(number.as_bytes()).ok_or(ReportError { field, problem: "is not a whole number" })
}

fn integer(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    digits.iter().try_fold(0u64, |n, &d| d.is_ascii_digit().then(|| n * 10 + u64::from(d - b'0')))
}

/// A decimal number of milliseconds as microseconds: `26.73` → 26,730; digits past the third
/// decimal are dropped.
fn decimal_micros(number: &str) -> Option<u64> {
    let (whole_part, fraction) = match number.split_once('.') {
        Some((w, f)) => (w, f),
        None => (number, ""),
    };
    let mut micros = integer(whole_part.as_bytes())?.checked_mul(1000)?;
    let fraction = fraction.as_bytes();
    if !fraction.iter().all(u8::is_ascii_digit) {
        return None;
    }
    for (i, scale) in [100, 10, 1].into_iter().enumerate() {
        if let Some(&d) = fraction.get(i) {
            micros += u64::from(d - b'0') * scale;
        }
    }
    Some(micros)
}

/// Lambda's JSON log format: `platform.*` records and structured application logs.
fn classify_json(message: &str) -> Result<LogLine<'_>, ReportError> {
    let bytes = message.as_bytes();
    let Some(kind) = json_string(bytes, b"\"type\"") else {
        return Ok(match json_string(bytes, b"\"level\"") {
            Some(level) if level == "ERROR" || level == "FATAL" => {
                LogLine::Error(json_string(bytes, b"\"requestId\"").unwrap_or(""))
            }
            _ => LogLine::Other,
        });
    };
    Ok(match kind {
        "platform.report" => LogLine::Report(parse_json_report(message)?),
        "platform.start" => LogLine::Start,
        "platform.runtimeDone" => LogLine::End,
        _ => LogLine::Other,
    })
}

/// Parses a `{"time":…,"type":"platform.report","record":{"requestId":…,"metrics":{…}}}` line.
pub fn parse_json_report(line: &str) -> Result<InvocationReport<'_>, ReportError> {
    let bytes = line.as_bytes();
    let missing = |field| ReportError { field, problem: "is missing or not a number" };
    let number =
        |key: &[u8], field: &'static str| json_raw_number(bytes, key).and_then(decimal_micros).ok_or(missing(field));
    let request_id =
        json_string(bytes, b"\"requestId\"").ok_or(ReportError { field: "requestId", problem: "is missing" })?;
    let billed = number(b"\"billedDurationMs\"", "billedDurationMs")?;
    let memory = number(b"\"memorySizeMB\"", "memorySizeMB")?;
    let used = number(b"\"maxMemoryUsedMB\"", "maxMemoryUsedMB")?;
    let init_duration_us = match json_raw_number(bytes, b"\"initDurationMs\"") {
        Some(raw) => Some(decimal_micros(raw).ok_or(missing("initDurationMs"))?),
        None => None,
    };
    Ok(InvocationReport {
        request_id,
        duration_us: number(b"\"durationMs\"", "durationMs")?,
        billed_duration_ms: billed / 1000,
        memory_size_mb: memory / 1000,
        max_memory_used_mb: used / 1000,
        init_duration_us,
        status: json_string(bytes, b"\"status\"").map(status_of).unwrap_or_default(),
    })
}

/// The value after `key` and a colon, if it is a plain string (no escapes needed for ours).
fn json_string<'a>(bytes: &'a [u8], key: &[u8]) -> Option<&'a str> {
    let rest = after_key(bytes, key)?;
    let rest = rest.strip_prefix(b"\"")?;
    let end = memchr::memchr(b'"', rest)?;
    std::str::from_utf8(&rest[..end]).ok()
}

/// The digits and dot after `key` and a colon.
fn json_raw_number<'a>(bytes: &'a [u8], key: &[u8]) -> Option<&'a str> {
    let rest = after_key(bytes, key)?;
    let end = rest.iter().position(|b| !(b.is_ascii_digit() || *b == b'.')).unwrap_or(rest.len());
    std::str::from_utf8(&rest[..end]).ok().filter(|s| !s.is_empty())
}

fn after_key<'a>(bytes: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let at = memmem::find(bytes, key)?;
    let rest = trim_start(&bytes[at + key.len()..]);
    Some(trim_start(rest.strip_prefix(b":")?))
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let skip = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    &bytes[skip..]
}

/// Text application lines: `<time>\t<request id>\t<LEVEL>\t<message>` (Node.js, Java),
/// `[LEVEL]\t<time>\t<request id>\t<message>` (Python), and Lambda's own
/// `<time> <request id> Task timed out after 3.00 seconds`.
fn classify_application(message: &str) -> LogLine<'_> {
    let bytes = message.as_bytes();
    if let Some(rest) = bytes.strip_prefix(b"[ERROR]\t") {
        return LogLine::Error(nth_tab_field(rest, 1).unwrap_or(""));
    }
    if let Some(first_tab) = memchr::memchr(b'\t', bytes) {
        let rest = &bytes[first_tab + 1..];
        if let Some(second_tab) = memchr::memchr(b'\t', rest) {
            let level = &rest[second_tab + 1..];
            if level.starts_with(b"ERROR\t") || level.starts_with(b"FATAL\t") {
                return LogLine::Error(std::str::from_utf8(&rest[..second_tab]).unwrap_or(""));
            }
        }
    }
    if let Some(at) = memmem::find(bytes, b" Task timed out after ") {
        let head = &message[..at];
        return LogLine::Timeout(head.rsplit(' ').next().unwrap_or(""));
    }
    LogLine::Other
}

fn nth_tab_field(bytes: &[u8], n: usize) -> Option<&str> {
    std::str::from_utf8(bytes).ok()?.split('\t').nth(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    // As Lambda writes them (docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs).
    const WARM: &str = "REPORT RequestId: 3604209a-e9a3-11e6-939a-754dd98c7be3\tDuration: 12.34 ms\tBilled Duration: 13 ms \tMemory Size: 128 MB\tMax Memory Used: 18 MB\t";
    const COLD_XRAY: &str = "REPORT RequestId: 6b0b3e44-4c4e-4b9d-8f33-5d2b9d8e9f10\tDuration: 104.11 ms\tBilled Duration: 349 ms\tMemory Size: 512 MB\tMax Memory Used: 91 MB\tInit Duration: 244.62 ms\t\nXRAY TraceId: 1-5e5f5c1b-0d7a8f0f3c6a9d2e1b4f7a8c\tSegmentId: 0a1b2c3d4e5f6a7b\tSampled: true\t";
    const JSON_REPORT: &str = r#"{"time":"2026-11-23T10:00:00.000Z","type":"platform.report","record":{"requestId":"0e2a7c56-1d4d-4c3a-9e2b-2f0a9b7f8c1d","metrics":{"durationMs":26.73,"billedDurationMs":210,"memorySizeMB":1024,"maxMemoryUsedMB":88,"initDurationMs":182.5},"status":"success"}}"#;

    #[test]
    fn a_warm_text_report_gives_every_figure_in_its_unit() {
        let LogLine::Report(r) = classify(WARM).unwrap() else { panic!("not a report") };
        assert_eq!(r.request_id, "3604209a-e9a3-11e6-939a-754dd98c7be3");
        assert_eq!(
            (r.duration_us, r.billed_duration_ms, r.memory_size_mb, r.max_memory_used_mb),
            (12_340, 13, 128, 18)
        );
        assert!(!r.cold_start());
    }

    #[test]
    fn a_cold_report_with_xray_fields_has_its_init_duration() {
        let r = parse_text_report(COLD_XRAY).unwrap();
        assert_eq!(r.init_duration_us, Some(244_620));
        assert_eq!((r.duration_us, r.billed_duration_ms, r.memory_size_mb), (104_110, 349, 512));
        assert!(r.cold_start());
    }

    #[test]
    fn the_json_platform_report_gives_the_same_figures() {
        let LogLine::Report(r) = classify(JSON_REPORT).unwrap() else { panic!("not a report") };
        assert_eq!(r.request_id, "0e2a7c56-1d4d-4c3a-9e2b-2f0a9b7f8c1d");
        assert_eq!(
            (r.duration_us, r.billed_duration_ms, r.memory_size_mb, r.max_memory_used_mb),
            (26_730, 210, 1024, 88)
        );
        assert_eq!(r.init_duration_us, Some(182_500));
        let timeout = JSON_REPORT.replace("\"success\"", "\"timeout\"");
        assert_eq!(parse_json_report(&timeout).unwrap().status, InvocationStatus::Timeout);
    }

    #[test]
    fn a_report_missing_a_field_or_with_a_bad_number_names_the_field() {
        let missing = WARM.replace("\tMemory Size: 128 MB", "");
        assert_eq!(classify(&missing).unwrap_err().field, "Memory Size");
        let bad = WARM.replace("12.34 ms", "12,34 ms");
        assert_eq!(
            classify(&bad).unwrap_err(),
            ReportError { field: "Duration", problem: "is not a number of milliseconds" }
        );
        assert!(classify("REPORT RequestId: x").is_err());
        let json = JSON_REPORT.replace("\"durationMs\":26.73", "\"durationMs\":\"x\"");
        assert_eq!(classify(&json).unwrap_err().field, "durationMs");
    }

    #[test]
    fn start_end_timeouts_and_errors_are_told_apart() {
        assert_eq!(classify("START RequestId: abc Version: $LATEST").unwrap(), LogLine::Start);
        assert_eq!(classify("END RequestId: abc").unwrap(), LogLine::End);
        assert_eq!(
            classify("2026-11-23T10:00:03.012Z abc-123 Task timed out after 3.00 seconds").unwrap(),
            LogLine::Timeout("abc-123")
        );
        assert_eq!(
            classify("2026-11-23T10:00:00.100Z\tabc-123\tERROR\tInvoke Error").unwrap(),
            LogLine::Error("abc-123")
        );
        assert_eq!(
            classify("[ERROR]\t2026-11-23T10:00:00.100Z\tabc-123\tKeyError: 'id'").unwrap(),
            LogLine::Error("abc-123")
        );
        assert_eq!(classify("2026-11-23T10:00:00.100Z\tabc-123\tINFO\tERROR\tnot an error").unwrap(), LogLine::Other);
        assert_eq!(
            classify(r#"{"timestamp":"2026-11-23T10:00:00Z","level":"ERROR","requestId":"r-1","message":"boom"}"#)
                .unwrap(),
            LogLine::Error("r-1")
        );
        assert_eq!(classify(r#"{"type":"platform.start","record":{"requestId":"r"}}"#).unwrap(), LogLine::Start);
        assert_eq!(classify("<script>alert(1)</script>").unwrap(), LogLine::Other);
        assert_eq!(classify("").unwrap(), LogLine::Other);
    }
}
