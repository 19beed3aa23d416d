//! Demo organizations, loaded through the same ingestion pipeline as real data: the one shipped
//! in the repository's `demo/` folder, and synthetic ones of any size (see [`synthetic`]).

pub mod invocations;
pub mod rollups;
pub mod synthetic;

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tokio::task::{JoinError, JoinSet};

use crate::db::{Backend, Database};
use crate::ingest::owners::Owners;
use crate::ingest::pipeline::{FileReport, IngestError, IngestOptions, ingest_text, no_files};
use crate::ingest::record::SourceMeta;
use crate::ingest::report::{RunSummary, rejection_line};
use crate::ingest::{DEFAULT_MAX_BYTES, is_manifest_file_name};

#[derive(rust_embed::Embed)]
#[folder = "$CARGO_MANIFEST_DIR/../demo"]
struct DemoFiles;

/// Services also deployed to a `staging` stage, besides `prod`.
const STAGED: &[&str] = &["orders/orders-api/", "payments/payments-service/", "notifications/notifier/"];

/// Why a demo organization could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// Storage failed.
    #[error(transparent)]
    Ingest(#[from] IngestError),
    /// Tidying the search index after loading failed.
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
    /// A shipped or generated manifest is broken: a bug in Switchboard, not in the user's setup.
    #[error("the demo files are broken: {0}")]
    Broken(String),
    /// The synthetic organization asked for cannot be generated.
    #[error(transparent)]
    Size(#[from] synthetic::SizeError),
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
        let options =
            IngestOptions { stage: Some(stage.into()), max_bytes: DEFAULT_MAX_BYTES, ..IngestOptions::default() };
        for name in files.iter().filter(|name| stage == "prod" || STAGED.iter().any(|s| name.starts_with(s))) {
            let Some(file) = DemoFiles::get(name) else { continue };
            let path = PathBuf::from("demo").join(name);
            let owners_team = owners.team_for(&path).map(str::to_string);
            let text = String::from_utf8_lossy(&file.data).into_owned();
            count(&mut summary, ingest(db, path, text, owners_team, &options).await?)?;
        }
    }
    db.compact_search_index().await?;
    Ok(summary)
}

/// What loading a synthetic organization produced, and how long it took.
#[derive(Debug, Clone, Copy)]
pub struct SyntheticLoad {
    /// What the generator wrote.
    pub totals: synthetic::Totals,
    /// What ingesting it changed in the catalog.
    pub summary: RunSummary,
    /// Time spent generating the manifests.
    pub generated_in: Duration,
    /// Time spent ingesting them (parsing and storing).
    pub ingested_in: Duration,
}

/// Generates a synthetic organization of `size` and ingests every manifest of it into `db`, in
/// the `prod` stage; loading the same size and seed again changes nothing.
pub async fn load_synthetic(db: &Database, size: synthetic::Size) -> Result<SyntheticLoad, DemoError> {
    let started = Instant::now();
    let organization = synthetic::generate(size)?;
    let generated_in = started.elapsed();
    let started = Instant::now();
    let options =
        IngestOptions { stage: Some("prod".into()), max_bytes: DEFAULT_MAX_BYTES, ..IngestOptions::default() };
    // Postgres takes concurrent writers: while one manifest waits for its commit to be flushed,
    // others are parsed and written, each still in its own transaction. SQLite has one writer,
    // and a transaction that read before another committed cannot write, so it goes one by one.
    let in_flight = match db.backend() {
        Backend::Postgres => 4,
        Backend::Sqlite => 1,
    };
    db.defer_search_index().await?;
    let mut summary = RunSummary::default();
    let mut running = JoinSet::new();
    for manifest in organization.manifests {
        if running.len() >= in_flight {
            count_finished(&mut summary, running.join_next().await)?;
        }
        let (db, options) = (db.clone(), options.clone());
        running.spawn(async move { ingest(&db, PathBuf::from(manifest.path), manifest.text, None, &options).await });
    }
    while !running.is_empty() {
        count_finished(&mut summary, running.join_next().await)?;
    }
    db.compact_search_index().await?;
    Ok(SyntheticLoad { totals: organization.totals, summary, generated_in, ingested_in: started.elapsed() })
}

impl fmt::Display for SyntheticLoad {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (t, seconds) = (&self.totals, self.ingested_in.as_secs_f64());
        write!(f, "synthetic organization: {} teams, {} services, {} functions, ", t.teams, t.services, t.functions)?;
        write!(f, "{} subscriptions, {} producer links, {} events ", t.subscriptions, t.producers, t.events)?;
        writeln!(f, "(generated in {:.2} s)", self.generated_in.as_secs_f64())?;
        write!(
            f,
            "ingested {} manifests ({} unchanged) in {seconds:.2} s: {:.0} functions/s",
            self.summary.indexed,
            self.summary.unchanged,
            t.functions as f64 / seconds.max(f64::EPSILON)
        )
    }
}

/// Ingests one demo manifest, recorded under `path`, through the pipeline.
async fn ingest(
    db: &Database,
    path: PathBuf,
    text: String,
    owners_team: Option<String>,
    options: &IngestOptions,
) -> Result<FileReport, IngestError> {
    let meta = SourceMeta { source: path.display().to_string(), team: None, owners_team };
    ingest_text(Some(db), path, text, meta, options, no_files()).await
}

/// Counts a demo manifest's report in `summary`; a rejected demo manifest is a bug.
fn count(summary: &mut RunSummary, report: FileReport) -> Result<(), DemoError> {
    if let Some(line) = rejection_line(&report) {
        return Err(DemoError::Broken(line));
    }
    summary.add(&report);
    Ok(())
}

/// Counts the ingest that finished first; `None` (nothing was running) counts nothing.
fn count_finished(
    summary: &mut RunSummary,
    finished: Option<Result<Result<FileReport, IngestError>, JoinError>>,
) -> Result<(), DemoError> {
    match finished {
        None => Ok(()),
        Some(Ok(report)) => count(summary, report?),
        Some(Err(stopped)) => Err(DemoError::Broken(format!("an ingest stopped unexpectedly: {stopped}"))),
    }
}
