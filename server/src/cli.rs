//! The command line: `switchboard serve | migrate | demo`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::config::{Config, Settings};
use crate::db::Database;
use crate::error::StartupError;
use crate::web::{self, AppState};

/// Switchboard: a self-hosted catalog and dashboard for serverless functions.
///
/// Settings come from flags, then environment variables (SWITCHBOARD_BIND, SWITCHBOARD_DATA_DIR,
/// DATABASE_URL, SWITCHBOARD_ADMIN_TOKEN, SWITCHBOARD_MAX_MANIFEST_BYTES, SWITCHBOARD_LOG),
/// then the TOML file given with --config.
#[derive(Debug, Parser)]
#[command(name = "switchboard", version, about, long_about)]
pub struct Cli {
    /// TOML file with settings (keys: bind, database_url, data_dir, admin_token, max_manifest_bytes).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Log filter, e.g. `info` or `switchboard=debug` (overrides SWITCHBOARD_LOG).
    #[arg(long, global = true, value_name = "FILTER")]
    pub log: Option<String>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The log filter given on the command line, if any.
    pub fn log_filter(&self) -> Option<&str> {
        self.log.as_deref()
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the dashboard and API on the configured database.
    Serve(ServeArgs),
    /// Apply database migrations, then exit.
    Migrate(DatabaseArgs),
    /// Run the dashboard with a demo organization loaded (into demo.sqlite in the data
    /// directory unless --database-url is given); --functions adds a synthetic one of that size.
    Demo(DemoArgs),
    /// Index serverless.yml and SAM/CloudFormation manifests found under the given paths.
    Ingest(IngestArgs),
    /// Work with function log files.
    #[command(subcommand)]
    Logs(LogsCommand),
}

/// `switchboard logs …`.
#[derive(Debug, Subcommand)]
pub enum LogsCommand {
    /// Parse a log file (one `TIMESTAMP MESSAGE` event per line, as `aws logs tail` prints) and
    /// print the sums of its REPORT lines: invocations, errors, timeouts, cold starts,
    /// durations, billed GB-seconds and estimated cost.
    Rollup(RollupArgs),
}

/// What to roll up and how to price it.
#[derive(Debug, Clone, Args)]
pub struct RollupArgs {
    /// The log file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// `x86_64` or `arm64`.
    #[arg(long, default_value = "x86_64", value_parser = ["x86_64", "arm64"])]
    pub architecture: String,
    /// Region whose prices apply (the `prices` table of --config, else us-east-1's).
    #[arg(long, default_value = "us-east-1")]
    pub region: String,
}

/// Output format of `ingest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// A summary for people.
    Text,
    /// One JSON document (see the README for its fields).
    Json,
}

/// What to ingest and how.
#[derive(Debug, Clone, Args)]
pub struct IngestArgs {
    /// Files or folders; folders are searched recursively for serverless.yml and template files.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Team that owns every manifest of this run (wins over manifest tags and the owners file).
    #[arg(long)]
    pub team: Option<String>,
    /// Stage, as given to `${opt:stage}` (serverless) and recorded for templates.
    #[arg(long)]
    pub stage: Option<String>,
    /// Region, as given to `${opt:region}`.
    #[arg(long)]
    pub region: Option<String>,
    /// Owners file (`GLOB TEAM` per line); default: an OWNERS file at the root of a PATH folder.
    #[arg(long, value_name = "FILE")]
    pub owners: Option<PathBuf>,
    /// Parse and report only; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Where the database is.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// `sqlite:PATH` or `postgres://USER:PASSWORD@HOST/DB` [env: DATABASE_URL]
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
    /// Folder for the default SQLite database [env: SWITCHBOARD_DATA_DIR]
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

/// Where to listen, and the database.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on [env: SWITCHBOARD_BIND] [default: 127.0.0.1:3000]
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<std::net::SocketAddr>,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// The demo: where to listen, the database, and an optional synthetic organization.
#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub serve: ServeArgs,
    /// Also generate a synthetic organization with this many functions (e.g. 100000), half as
    /// many subscriptions, and ingest it; prints how long ingestion took.
    #[arg(long, value_name = "N")]
    pub functions: Option<usize>,
    /// Distinct events the synthetic organization shares [default: half the functions].
    #[arg(long, value_name = "N", requires = "functions")]
    pub events: Option<usize>,
    /// Seed of the synthetic organization: the same seed gives the same organization.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "functions")]
    pub seed: u64,
    /// Also add roll-ups totalling this many invocations (e.g. 10000000) over every current
    /// function, as if pulled; for benchmarks of the costs page.
    #[arg(long, value_name = "N")]
    pub rollup_invocations: Option<u64>,
    /// Days the synthetic roll-ups span, ending now.
    #[arg(long, value_name = "DAYS", default_value_t = 30, requires = "rollup_invocations")]
    pub rollup_days: i64,
    /// Load the organizations, print the counts and exit instead of serving.
    #[arg(long)]
    pub no_serve: bool,
}

impl DatabaseArgs {
    /// These flags as settings.
    pub fn settings(&self) -> Settings {
        Settings { database_url: self.database_url.clone(), data_dir: self.data_dir.clone(), ..Settings::default() }
    }
}

impl ServeArgs {
    fn settings(&self) -> Settings {
        Settings { bind: self.bind, ..self.database.settings() }
    }
}

/// Runs the parsed command line.
pub async fn run(cli: Cli) -> Result<ExitCode, StartupError> {
    let config_file = cli.config.as_deref();
    match cli.command {
        Command::Serve(args) => {
            let config = Config::load(args.settings(), config_file)?;
            let db = open_database(&config.database_url("switchboard.sqlite")).await?;
            serve(config, db, "Switchboard").await?;
        }
        Command::Migrate(args) => {
            let config = Config::load(args.settings(), config_file)?;
            let db = open_database(&config.database_url("switchboard.sqlite")).await?;
            db.close().await;
            println!("migrations applied");
        }
        Command::Demo(args) => {
            let config = Config::load(args.serve.settings(), config_file)?;
            let db = open_database(&config.database_url("demo.sqlite")).await?;
            let demo_error = |e: crate::demo::DemoError| StartupError::Demo(e.to_string());
            let summary = crate::demo::load(&db).await.map_err(demo_error)?;
            tracing::info!(
                indexed = summary.indexed,
                unchanged = summary.unchanged,
                functions_added = summary.changes.functions.added,
                "demo organization loaded"
            );
            let local =
                crate::config::LogsConfig { source: crate::config::LogSourceKind::Local, ..config.logs.clone() };
            let (logs, _) = crate::logs::setup::logs_for(&local, &db);
            let pushed =
                crate::demo::invocations::load(&db, &logs, 1).await.map_err(|e| StartupError::Demo(e.to_string()))?;
            tracing::info!(events = pushed.accepted, invocations = pushed.invocations, "demo logs loaded");
            if let Some(functions) = args.functions {
                let events = args.events.unwrap_or(functions / 2);
                let size = crate::demo::synthetic::Size { functions, events, seed: args.seed };
                println!("{}", crate::demo::load_synthetic(&db, size).await.map_err(demo_error)?);
                let counts = db.counts().await.map_err(|e| StartupError::Demo(e.to_string()))?;
                println!(
                    "catalog ({}): {} teams, {} services, {} functions, {} events",
                    db.backend().name(),
                    counts.teams,
                    counts.services,
                    counts.functions,
                    counts.events
                );
            }
            if let Some(invocations) = args.rollup_invocations {
                let prices = config.logs.prices.clone();
                let started = std::time::Instant::now();
                let now = chrono::Utc::now().timestamp_millis();
                let filled = crate::demo::rollups::fill(&db, &prices, invocations, args.rollup_days, now)
                    .await
                    .map_err(|e| StartupError::Demo(e.to_string()))?;
                println!(
                    "roll-ups: {} invocations over {} functions, {} hourly rows (and daily rows), in {:.1} s",
                    filled.invocations,
                    filled.functions,
                    filled.hour_rows,
                    started.elapsed().as_secs_f64()
                );
            }
            if args.no_serve {
                db.close().await;
            } else {
                serve(config, db, "Switchboard demo").await?;
            }
        }
        Command::Ingest(args) => return crate::ingest::command::run(args, config_file).await,
        Command::Logs(LogsCommand::Rollup(args)) => {
            let prices = match config_file {
                Some(path) => crate::logs::cost::PriceTable::new(Settings::from_file(path)?.prices.unwrap_or_default()),
                None => crate::logs::cost::PriceTable::default(),
            };
            return crate::logs::command::rollup(&args, &prices);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Connects and migrates; the server never starts on a database it could not migrate.
pub async fn open_database(url: &str) -> Result<Database, StartupError> {
    let db = Database::connect(url).await?;
    db.migrate().await?;
    db.recover_search_index().await?;
    Ok(db)
}

async fn serve(config: Config, db: Database, what: &str) -> Result<(), StartupError> {
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|source| StartupError::Bind { addr: config.bind, source })?;
    let addr = listener.local_addr().map_err(StartupError::Serve)?;
    println!("{what} is running at http://{addr}/ (database: {})", db.backend().name());
    let (logs, puller) = crate::logs::setup::logs_for(&config.logs, &db);
    let retention = crate::logs::setup::spawn_retention(db.clone(), config.logs.retention);
    let puller = puller.map(crate::logs::puller::Puller::spawn);
    let state = AppState::new(db.clone(), addr).with_api(web::ApiSettings::from(&config)).with_logs(logs);
    let result = web::serve(listener, state).await;
    retention.abort();
    if let Some(puller) = puller {
        puller.abort();
    }
    db.close().await;
    result.map_err(StartupError::Serve)
}
