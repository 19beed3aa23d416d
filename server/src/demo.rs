//! The demo organization: manifests shipped in the repository's `demo/` folder, loaded through
//! the same ingestion pipeline as real data.

use std::path::{Path, PathBuf};

use crate::db::Database;
use crate::ingest::owners::Owners;
use crate::ingest::pipeline::{IngestError, IngestOptions, ingest_text, no_files};
use crate::ingest::record::SourceMeta;
use crate::ingest::report::{RunSummary, rejection_line};
use crate::ingest::{DEFAULT_MAX_BYTES, is_manifest_file_name};

#[derive(rust_embed::Embed)]
#[folder = "$CARGO_MANIFEST_DIR/../demo"]
struct DemoFiles;

/// Services also deployed to a `staging` stage, besides `prod`.
const STAGED: &[&str] = &["orders/orders-api/", "payments/payments-service/", "notifications/notifier/"];

/// Why the demo could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// Storage failed.
    #[error(transparent)]
    Ingest(#[from] IngestError),
    /// A shipped file is broken: a bug in the repository, not in the user's setup.
    #[error("the demo files are broken: {0}")]
    Broken(String),
}

/// Loads the demo organization into `db`; loading it again changes nothing.
pub async fn load(db: &Database) -> Result<RunSummary, DemoError> {
    let owners_text = DemoFiles::get("OWNERS").ok_or_else(|| DemoError::Broken("OWNERS is missing".into()))?;
    let owners = Owners::parse("demo/OWNERS", &String::from_utf8_lossy(&owners_text.data), PathBuf::from("demo"))
        .map_err(|e| DemoError::Broken(e.to_string()))?;
    let mut files: Vec<String> = DemoFiles::iter()
        .map(|name| name.to_string())
        .filter(|name| Path::new(name).file_name().and_then(|n| n.to_str()).is_some_and(is_manifest_file_name))
        .collect();
    files.sort();
    let mut summary = RunSummary::default();
    for stage in ["prod", "staging"] {
        let options = IngestOptions { stage: Some(stage.into()), max_bytes: DEFAULT_MAX_BYTES, ..IngestOptions::default() };
        for name in files.iter().filter(|name| stage == "prod" || STAGED.iter().any(|s| name.starts_with(s))) {
            let Some(file) = DemoFiles::get(name) else { continue };
            let path = PathBuf::from("demo").join(name);
            let meta = SourceMeta {
                source: path.display().to_string(),
                team: None,
                owners_team: owners.team_for(&path).map(str::to_string),
            };
            let text = String::from_utf8_lossy(&file.data).into_owned();
            let report = ingest_text(Some(db), path, text, meta, &options, no_files()).await?;
            if let Some(line) = rejection_line(&report) {
                return Err(DemoError::Broken(line));
            }
            summary.add(&report);
        }
    }
    Ok(summary)
}
