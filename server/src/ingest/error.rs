//! The one error type of the ingest layer.

/// Why a manifest could not be read, with the 1-based position where the
/// problem was found when it is known. The caller adds the file path.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, thiserror::Error)]
#[error("{}", render(.message, *.line, *.column))]
pub struct ManifestError {
    /// Plain-words description of what is wrong and what to change.
    pub message: String,
    /// 1-based line of the problem, when known.
    pub line: Option<u32>,
    /// 1-based column of the problem, when known.
    pub column: Option<u32>,
}

impl ManifestError {
    /// An error at a known line (and optionally column).
    pub fn at(line: u32, column: Option<u32>, message: impl Into<String>) -> Self {
        Self { message: message.into(), line: if line == 0 { None } else { Some(line) }, column }
    }

    /// An error that concerns the whole file.
    pub fn whole_file(message: impl Into<String>) -> Self {
        Self { message: message.into(), line: None, column: None }
    }
}

fn render(message: &str, line: Option<u32>, column: Option<u32>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!("line {l}, column {c}: {message}"),
        (Some(l), None) => format!("line {l}: {message}"),
        _ => message.to_string(),
    }
}
