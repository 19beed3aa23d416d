//! Test harness: the real app on port 0 over a fresh database of either backend.
#![allow(dead_code)]

use std::net::SocketAddr;

pub mod moto;
pub mod proxy;

use server::config::Secret;
use server::db::{Backend, Database};
use server::web::{self, ApiSettings, AppState};

/// Where Postgres tests create their throwaway databases; scripts/test sets it.
pub const POSTGRES_URL_VAR: &str = "SWITCHBOARD_TEST_POSTGRES_URL";

/// A running app and the database behind it.
pub struct TestApp {
    /// Where the app listens.
    pub addr: SocketAddr,
    /// The app's database.
    pub db: Database,
    /// URL of that database.
    pub database_url: String,
    /// HTTP client for calling the app.
    pub client: reqwest::Client,
    _dir: tempfile::TempDir,
}

impl TestApp {
    /// Absolute URL of `path` on this app.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// POSTs a manifest to the push API with `token`; returns status and JSON body.
    pub async fn push_manifest(&self, query: &str, text: &str, token: Option<&str>) -> (u16, serde_json::Value) {
        let mut request = self.client.post(self.url(&format!("/api/v1/manifests?{query}"))).body(text.to_string());
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("request reaches the app");
        let status = response.status().as_u16();
        (status, response.json().await.expect("JSON body"))
    }

    /// POSTs a batch of log records to `/api/v1/logs` with `token`; returns status and JSON body.
    pub async fn push_logs(&self, records: &serde_json::Value, token: Option<&str>) -> (u16, serde_json::Value) {
        let mut request = self.client.post(self.url("/api/v1/logs")).json(records);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("request reaches the app");
        let status = response.status().as_u16();
        (status, response.json().await.expect("JSON body"))
    }

    /// Pushes a one-function serverless.yml for service `service` (stage prod, region
    /// us-east-1, arm64, 1024 MB); returns the id of its function `invoice`, deployed as
    /// `<service>-prod-invoice`.
    pub async fn add_function(&self, service: &str) -> i64 {
        let manifest = format!(
            "service: {service}\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  architecture: arm64\n  memorySize: 1024\nfunctions:\n  invoice:\n    handler: h.main\n"
        );
        let query = format!("path={service}/serverless.yml&stage=prod&region=us-east-1&team=billing");
        let (status, body) = self.push_manifest(&query, &manifest, Some(ADMIN_TOKEN)).await;
        assert_eq!(status, 200, "{body}");
        let functions = self.db.pullable_functions().await.expect("storage works");
        let deployed = format!("{service}-prod-invoice");
        functions.iter().find(|f| f.deployed_name.as_deref() == Some(deployed.as_str())).expect("function stored").id
    }

    /// GETs `path` and parses the JSON body; panics unless the status is `expected`.
    pub async fn get_json(&self, path: &str, expected: u16) -> serde_json::Value {
        let response = self.client.get(self.url(path)).send().await.expect("request reaches the app");
        let status = response.status().as_u16();
        let body: serde_json::Value = response.json().await.expect("JSON body");
        assert_eq!(status, expected, "GET {path}: {body}");
        body
    }

    /// GETs `path` and returns status and body.
    pub async fn get(&self, path: &str) -> (u16, String) {
        let response = self.client.get(self.url(path)).send().await.expect("request reaches the app");
        let status = response.status().as_u16();
        (status, response.text().await.expect("body is text"))
    }
}

/// A fresh, migrated, empty database URL of `backend`.
pub async fn fresh_database_url(backend: Backend, dir: &std::path::Path) -> String {
    match backend {
        Backend::Sqlite => format!("sqlite://{}", dir.join("test.sqlite").display()),
        Backend::Postgres => {
            let admin_url = std::env::var(POSTGRES_URL_VAR).unwrap_or_else(|_| {
                panic!("{POSTGRES_URL_VAR} is not set: run scripts/test, which starts Postgres and sets it")
            });
            let name = format!("sb_test_{}_{}", std::process::id(), unique_suffix());
            let admin = Database::connect(&admin_url).await.expect("admin connection to test Postgres");
            admin.execute_admin(&format!("CREATE DATABASE {name}")).await.expect("create test database");
            admin.close().await;
            let (base, _) = admin_url.rsplit_once('/').expect("admin URL has a database path");
            format!("{base}/{name}")
        }
    }
}

fn unique_suffix() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    format!("{}_{}", NEXT.fetch_add(1, Ordering::Relaxed), nanos)
}

/// The admin token test apps accept.
pub const ADMIN_TOKEN: &str = "test-admin-token";

/// Starts the app on port 0 with a fresh database of `backend`, admin token [`ADMIN_TOKEN`].
pub async fn spawn_app(backend: Backend) -> TestApp {
    let api = ApiSettings { admin_token: Some(Secret::new(ADMIN_TOKEN)), ..ApiSettings::default() };
    spawn_app_with(backend, api).await
}

/// Starts the app on port 0 with a fresh database of `backend` and these API settings.
pub async fn spawn_app_with(backend: Backend, api: ApiSettings) -> TestApp {
    server::telemetry::init(Some("warn"));
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = fresh_database_url(backend, dir.path()).await;
    spawn_app_on(database_url, dir, api).await
}

/// Starts the app on port 0 with a fresh database of `backend`, reading function logs from
/// `source` (admin token [`ADMIN_TOKEN`]).
pub async fn spawn_app_with_source(backend: Backend, source: std::sync::Arc<dyn server::logs::LogSource>) -> TestApp {
    server::telemetry::init(Some("warn"));
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = fresh_database_url(backend, dir.path()).await;
    let api = ApiSettings { admin_token: Some(Secret::new(ADMIN_TOKEN)), ..ApiSettings::default() };
    start(database_url, dir, api, Some(source)).await
}

/// Starts the app on port 0 over `database_url`.
pub async fn spawn_app_on(database_url: String, dir: tempfile::TempDir, api: ApiSettings) -> TestApp {
    start(database_url, dir, api, None).await
}

async fn start(
    database_url: String,
    dir: tempfile::TempDir,
    api: ApiSettings,
    source: Option<std::sync::Arc<dyn server::logs::LogSource>>,
) -> TestApp {
    let db = server::cli::open_database(&database_url).await.expect("test database opens and migrates");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
    let addr = listener.local_addr().expect("local addr");
    let mut state = AppState::new(db.clone(), addr).with_api(api);
    if let Some(source) = source {
        let prices = server::logs::cost::PriceTable::default();
        state = state.with_logs(server::logs::service::Logs::new(db.clone(), source, prices, "us-east-1".into()));
    }
    tokio::spawn(web::serve(listener, state));
    TestApp { addr, db, database_url, client: reqwest::Client::new(), _dir: dir }
}

/// Defines each test twice, as `NAME::on_sqlite` and `NAME::on_postgres`.
#[macro_export]
macro_rules! on_both_backends {
    ($(async fn $name:ident($backend:ident: $backend_type:ty) $body:block)*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                async fn run($backend: $backend_type) $body

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn on_sqlite() {
                    run(server::db::Backend::Sqlite).await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn on_postgres() {
                    run(server::db::Backend::Postgres).await
                }
            }
        )*
    };
}

/// Ingests every manifest under `paths` the way `switchboard ingest` does; returns the summary
/// and the `path:line:column: message` line of every rejected file.
pub async fn ingest(
    db: &Database,
    paths: &[std::path::PathBuf],
    options: &server::ingest::pipeline::IngestOptions,
) -> (server::ingest::report::RunSummary, Vec<String>) {
    use server::ingest::pipeline::{find_manifests, ingest_file};
    use server::ingest::report::{RunSummary, rejection_line};
    let mut summary = RunSummary::default();
    let mut rejected = Vec::new();
    for manifest in find_manifests(paths).expect("paths are readable") {
        let report = ingest_file(Some(db), &manifest, options).await.expect("storage works");
        rejected.extend(rejection_line(&report));
        summary.add(&report);
    }
    (summary, rejected)
}

/// Default ingest options (5 MiB limit, no team).
pub fn ingest_options() -> server::ingest::pipeline::IngestOptions {
    server::ingest::pipeline::IngestOptions { max_bytes: 5 * 1024 * 1024, ..Default::default() }
}

/// The shared corpus of real manifests.
pub fn corpus() -> std::path::PathBuf {
    std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/serverless-patterns"))
}

/// `text` percent-encoded for a query string.
pub fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}
