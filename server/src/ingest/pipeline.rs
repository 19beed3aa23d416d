//! One ingestion path for every source: files on disk, the push API and the demo.
//!
//! Each manifest is parsed (on a blocking thread: YAML is CPU work), turned into a record and
//! stored in its own transaction. A manifest that cannot be read writes nothing and is reported
//! with its line and column; the other manifests of the run still go in.

use std::path::{Path, PathBuf};

use chrono::Utc;
use serde::Serialize;

use super::owners::Owners;
use super::record::{SourceMeta, to_record};
use super::{FileLoader, FsLoader, NoFiles, ParseOptions, ParsedService, is_manifest_file_name, parse_manifest};
use crate::db::catalog_write::{ApplyOutcome, ChangeCounts};
use crate::db::{Database, DbError};

/// Folders never searched for manifests: build output and dependencies.
const SKIPPED_DIRS: &[&str] = &[".git", "node_modules", ".serverless", ".aws-sam", "target", "cdk.out", ".venv"];

/// Settings shared by every manifest of one run.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Team that owns every manifest of the run (wins over manifest fields and owners file).
    pub team: Option<String>,
    /// Stage, as `--stage` gives it to `${opt:stage}`.
    pub stage: Option<String>,
    /// Region, as `--region` gives it to `${opt:region}`.
    pub region: Option<String>,
    /// Owners file mapping path globs to teams.
    pub owners: Option<Owners>,
    /// Largest manifest accepted, in bytes.
    pub max_bytes: usize,
}

/// Why one manifest was rejected: a message in plain words, with position when known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileError {
    /// What is wrong and what to change.
    pub message: String,
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// 1-based column, when known.
    pub column: Option<u32>,
}

/// What happened to one manifest.
#[derive(Debug, Clone, PartialEq)]
pub enum FileOutcome {
    /// Stored; the catalog changed as counted.
    Indexed(ChangeCounts),
    /// Same as last time; nothing written.
    Unchanged,
    /// Parsed only (dry run); nothing written.
    Parsed,
    /// Not understood; nothing written.
    Rejected(FileError),
}

/// One manifest's report.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// Where it came from.
    pub path: String,
    /// What happened.
    pub outcome: FileOutcome,
    /// What was read from it, when it could be read.
    pub service: Option<ParsedService>,
}

/// A storage failure stops the run: unlike a bad manifest, it would fail every file after it.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// A path given to walk could not be read.
    #[error("cannot read {path}: {message}")]
    Walk {
        /// The path.
        path: String,
        /// Why.
        message: String,
    },
}

/// A manifest found on disk and the stable name it is recorded under.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FoundManifest {
    /// Where to read it.
    pub path: PathBuf,
    /// Its source as recorded: relative to the folder given, prefixed with that folder's name,
    /// so the same checkout gives the same sources from any working directory or CI workspace.
    pub source: String,
}

/// Every manifest file under `paths` (files given directly are taken as they are), sorted.
pub fn find_manifests(paths: &[PathBuf]) -> Result<Vec<FoundManifest>, IngestError> {
    let mut found = Vec::new();
    for path in paths {
        let metadata = std::fs::metadata(path)
            .map_err(|e| IngestError::Walk { path: path.display().to_string(), message: e.to_string() })?;
        if metadata.is_file() {
            found.push(FoundManifest { path: path.clone(), source: path.display().to_string() });
            continue;
        }
        let folder_name = std::fs::canonicalize(path)
            .ok()
            .and_then(|real| real.file_name().map(|name| PathBuf::from(name)))
            .unwrap_or_default();
        let walker = walkdir::WalkDir::new(path).follow_links(false).into_iter().filter_entry(|entry| {
            !(entry.file_type().is_dir() && entry.file_name().to_str().is_some_and(|name| SKIPPED_DIRS.contains(&name)))
        });
        for entry in walker {
            let entry =
                entry.map_err(|e| IngestError::Walk { path: path.display().to_string(), message: e.to_string() })?;
            if entry.file_type().is_file() && entry.file_name().to_str().is_some_and(is_manifest_file_name) {
                let relative = entry.path().strip_prefix(path).unwrap_or(entry.path());
                let source = folder_name.join(relative).display().to_string();
                found.push(FoundManifest { path: entry.into_path(), source });
            }
        }
    }
    found.sort();
    found.dedup();
    Ok(found)
}

/// The name a template without a `service:` gets: its folder's name.
fn fallback_name(path: &Path) -> String {
    path.parent()
        .and_then(|dir| dir.file_name())
        .and_then(|name| name.to_str())
        .map(str::to_string)
        .or_else(|| path.file_stem().and_then(|s| s.to_str()).map(str::to_string))
        .unwrap_or_else(|| "unnamed".to_string())
}

/// Reads, parses and (unless `db` is `None`, a dry run) stores a manifest found on disk.
pub async fn ingest_file(
    db: Option<&Database>,
    manifest: &FoundManifest,
    options: &IngestOptions,
) -> Result<FileReport, IngestError> {
    let path = manifest.path.as_path();
    let shown = manifest.source.clone();
    let text = match read_limited(path, options.max_bytes) {
        Ok(text) => text,
        Err(message) => {
            return Ok(FileReport {
                path: shown,
                outcome: FileOutcome::Rejected(FileError { message, line: None, column: None }),
                service: None,
            });
        }
    };
    let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let loader = FsLoader::new(root, options.max_bytes);
    let owners_team = options.owners.as_ref().and_then(|owners| owners.team_for(path)).map(str::to_string);
    let meta = SourceMeta { source: shown, team: options.team.clone(), owners_team };
    ingest_text(db, path.to_path_buf(), text, meta, options, Box::new(loader)).await
}

/// Parses and (unless `db` is `None`) stores a manifest given as text, e.g. by the push API.
///
/// `path` names the file for format detection and for `${file(...)}`; `files` reads those.
pub async fn ingest_text(
    db: Option<&Database>,
    path: PathBuf,
    text: String,
    meta: SourceMeta,
    options: &IngestOptions,
    files: Box<dyn FileLoader + Send>,
) -> Result<FileReport, IngestError> {
    let parse_options = ParseOptions {
        stage: options.stage.clone(),
        region: options.region.clone(),
        fallback_service_name: fallback_name(&path),
        max_bytes: options.max_bytes,
    };
    let parsed = tokio::task::spawn_blocking(move || parse_manifest(&path, &text, &parse_options, files.as_ref()))
        .await
        .unwrap_or_else(|join_error| {
            Err(super::ManifestError::whole_file(format!("the parser stopped unexpectedly: {join_error}")))
        });
    let service = match parsed {
        Ok(service) => service,
        Err(error) => {
            return Ok(FileReport {
                path: meta.source,
                outcome: FileOutcome::Rejected(FileError {
                    message: error.message,
                    line: error.line,
                    column: error.column,
                }),
                service: None,
            });
        }
    };
    let outcome = match db {
        None => FileOutcome::Parsed,
        Some(db) => match db.apply_manifest(&to_record(&service, &meta), Utc::now()).await? {
            ApplyOutcome::Unchanged => FileOutcome::Unchanged,
            ApplyOutcome::Applied(counts) => FileOutcome::Indexed(counts),
        },
    };
    Ok(FileReport { path: meta.source, outcome, service: Some(service) })
}

/// A loader for manifests that arrive without their folder (push API): nothing to include.
pub fn no_files() -> Box<dyn FileLoader + Send> {
    Box::new(NoFiles)
}

fn read_limited(path: &Path, max_bytes: usize) -> Result<String, String> {
    let len = std::fs::metadata(path).map_err(|e| format!("cannot read the file: {e}"))?.len();
    if len > max_bytes as u64 {
        return Err(format!(
            "the file is {len} bytes, more than the limit of {max_bytes} bytes; split it or raise max_manifest_bytes"
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read the file: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "the file is not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}
