//! Manifest parsing: turns `serverless.yml` and AWS SAM / CloudFormation
//! templates (YAML or JSON) into one normalized [`ParsedService`]. Pure
//! functions: no database, no network, no environment; files referenced by
//! `${file(...)}` are read only through the caller's [`FileLoader`].

mod api_triggers;
mod build;
mod cfn_triggers;
mod cloudformation;
mod error;
mod events;
mod intrinsics;
mod keys;
pub mod model;
mod producers;
mod sam_events;
mod serverless;
mod serverless_events;
mod template;
mod variables;
mod yaml;
mod yaml_build;
mod yaml_lenient;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

pub use error::ManifestError;
pub use model::{EventDef, EventKey, EventKind, ManifestFormat, ParsedFunction, ParsedService, Trigger};

/// Default largest manifest accepted: 5 MiB.
pub const DEFAULT_MAX_BYTES: usize = 5 * 1024 * 1024;

/// How to read a manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseOptions {
    /// Stage, as `--stage` would give it; `${opt:stage}` resolves to it.
    pub stage: Option<String>,
    /// Region, as `--region` would give it; `${opt:region}` resolves to it.
    pub region: Option<String>,
    /// Service name for templates, which have none (usually the folder name).
    pub fallback_service_name: String,
    /// Largest manifest (and `${file(...)}` include) accepted, in bytes.
    pub max_bytes: usize,
}

impl Default for ParseOptions {
    fn default() -> Self {
        Self { stage: None, region: None, fallback_service_name: String::new(), max_bytes: DEFAULT_MAX_BYTES }
    }
}

/// Gives the parser the text of files referenced by `${file(...)}`. Paths are
/// already joined to the manifest's directory and never leave its tree.
pub trait FileLoader {
    /// The file's text, or a plain-words reason it cannot be read.
    fn load(&self, path: &Path) -> Result<String, String>;
}

/// Reads files from disk, only inside `root` (symlinks resolved) and only up to
/// `max_bytes` bytes each.
#[derive(Debug, Clone)]
pub struct FsLoader {
    /// Directory files must be inside (usually the repository checkout).
    pub root: PathBuf,
    /// Largest file read, in bytes.
    pub max_bytes: usize,
}

impl FsLoader {
    /// A loader confined to `root`, refusing files larger than `max_bytes` bytes.
    pub fn new(root: impl Into<PathBuf>, max_bytes: usize) -> Self {
        Self { root: root.into(), max_bytes }
    }
}

impl FileLoader for FsLoader {
    fn load(&self, path: &Path) -> Result<String, String> {
        let root = self.root.canonicalize().map_err(|e| format!("cannot open {}: {e}", self.root.display()))?;
        let real = path.canonicalize().map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        if !real.starts_with(&root) {
            return Err(format!("{} is outside {}", path.display(), root.display()));
        }
        let len = std::fs::metadata(&real).map_err(|e| e.to_string())?.len();
        if len > self.max_bytes as u64 {
            return Err(format!("{} is {len} bytes, more than the limit of {} bytes", path.display(), self.max_bytes));
        }
        std::fs::read_to_string(&real).map_err(|e| e.to_string())
    }
}

/// A loader that reads nothing: every `${file(...)}` stays as written.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFiles;

impl FileLoader for NoFiles {
    fn load(&self, path: &Path) -> Result<String, String> {
        Err(format!("file access is disabled ({})", path.display()))
    }
}

/// In-memory files, keyed by the joined path (handy for tests and previews).
impl FileLoader for std::collections::HashMap<PathBuf, String> {
    fn load(&self, path: &Path) -> Result<String, String> {
        self.get(path).cloned().ok_or_else(|| format!("{} not found", path.display()))
    }
}

/// True for file names this layer reads: `serverless.yml|yaml|json`, and
/// `template.yaml|yml|json` or any name containing `template` with those
/// extensions (`cloudformation-template.yaml`, `source-template.yaml`).
pub fn is_manifest_file_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let Some((stem, ext)) = lower.rsplit_once('.') else {
        return false;
    };
    matches!(ext, "yml" | "yaml" | "json") && (stem == "serverless" || stem.contains("template"))
}

fn is_serverless_file_name(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.rsplit_once('.'))
        .is_some_and(|(stem, _)| stem.eq_ignore_ascii_case("serverless"))
}

/// Parses one manifest. `path` is used for the format (by file name) and to
/// resolve `${file(...)}` relative to the manifest; the text is never read from it.
///
/// # Errors
/// Malformed YAML/JSON, input larger than `opts.max_bytes`, alias bombs, nesting
/// deeper than 128 levels, and serverless.yml sections of the wrong shape, each
/// with a line (and column) when known.
pub fn parse_manifest(
    path: &Path,
    text: &str,
    opts: &ParseOptions,
    files: &dyn FileLoader,
) -> Result<ParsedService, ManifestError> {
    if text.len() > opts.max_bytes {
        return Err(ManifestError::whole_file(format!(
            "the file is {} bytes, more than the limit of {} bytes; split it or raise the limit",
            text.len(),
            opts.max_bytes
        )));
    }
    let limits = yaml::Limits::default();
    let root = yaml::parse_yaml(text, limits)?;
    if root.is_null() {
        return Err(ManifestError::whole_file(
            "the file has no content; a manifest needs `service`/`functions` (serverless.yml) or `Resources` (template)",
        ));
    }
    if is_serverless_file_name(path) || serverless::looks_like_serverless(&root) {
        serverless::parse(&root, path, opts, files, limits)
    } else {
        cloudformation::parse_template(&root, opts)
    }
}

pub mod command;
pub mod owners;
pub mod pipeline;
pub mod record;
pub mod report;
