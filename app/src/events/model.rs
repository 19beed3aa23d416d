//! Types of the Subscribe panel shared by the server, which generates the snippets, and the
//! browser, which only shows them.

use serde::{Deserialize, Serialize};

/// The tool a snippet is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SnippetFormat {
    /// Serverless Framework (v3/v4) `serverless.yml`.
    Serverless,
    /// AWS SAM template.
    Sam,
    /// AWS CLI commands, or a note when no configuration can be generated.
    Aws,
}

/// One ready-to-paste configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snippet {
    /// The tool it is for.
    pub format: SnippetFormat,
    /// Tab title: `serverless.yml`, `SAM template`, `AWS CLI` or `Note`.
    pub title: String,
    /// Highlighting language: `yaml`, `shell` or `json`.
    pub language: String,
    /// The configuration, without a final line break.
    pub text: String,
    /// What to know before pasting: limits, conflicts, values to fill in.
    pub note: Option<String>,
}

/// Placeholder used when the page passes an empty or invalid function name.
pub const DEFAULT_FUNCTION_NAME: &str = "myFunction";

/// Longest function name accepted in the panel (Lambda's own limit).
pub const MAX_FUNCTION_NAME: usize = 64;

/// The name, trimmed, if it is a valid Lambda function name, else `None`.
pub fn valid_function_name(name: &str) -> Option<&str> {
    let name = name.trim();
    let ok = !name.is_empty()
        && name.len() <= MAX_FUNCTION_NAME
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    ok.then_some(name)
}
