//! The HTTP surface: pages and server functions (Leptos), health checks, REST, assets.

mod health;

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use app::backend::{SharedBackend, provide_backend};
use app::{App, shell};

use crate::backend::CatalogBackend;
use crate::db::Database;
use crate::logs::cost::PriceTable;
use crate::logs::local::LocalSource;
use crate::logs::service::Logs;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// Leptos rendering options (asset paths, output name).
    pub leptos: LeptosOptions,
    /// The catalog database.
    pub db: Database,
    /// The UI's view of storage, provided to pages and server functions.
    pub backend: SharedBackend,
    /// Settings of the REST API.
    pub api: ApiSettings,
    /// Function logs, metrics and costs.
    pub logs: Logs,
}

/// What the REST API needs from configuration.
#[derive(Clone, Debug)]
pub struct ApiSettings {
    /// Token granting admin rights; write endpoints are closed without one.
    pub admin_token: Option<crate::config::Secret>,
    /// Largest manifest accepted, in bytes.
    pub max_manifest_bytes: u64,
}

impl Default for ApiSettings {
    fn default() -> Self {
        ApiSettings { admin_token: None, max_manifest_bytes: crate::config::DEFAULT_MAX_MANIFEST_BYTES }
    }
}

impl From<&crate::config::Config> for ApiSettings {
    fn from(config: &crate::config::Config) -> Self {
        ApiSettings { admin_token: config.admin_token.clone(), max_manifest_bytes: config.max_manifest_bytes }
    }
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

impl AppState {
    /// State for a server on `db`.
    pub fn new(db: Database, site_addr: std::net::SocketAddr) -> AppState {
        let leptos = LeptosOptions::builder()
            .output_name("switchboard")
            .site_pkg_dir("pkg")
            .site_addr(site_addr)
            .reload_port(std::env::var("LEPTOS_RELOAD_PORT").ok().and_then(|port| port.parse().ok()).unwrap_or(3001))
            .build();
        let logs = Logs::new(
            db.clone(),
            Arc::new(LocalSource::new(db.clone())),
            PriceTable::default(),
            crate::logs::cloudwatch::FALLBACK_REGION.to_string(),
        );
        let backend: SharedBackend = Arc::new(CatalogBackend::new(db.clone(), logs.clone()));
        AppState { leptos, db, backend, api: ApiSettings::default(), logs }
    }

    /// The same state reading logs through `logs` (pages and REST alike).
    pub fn with_logs(self, logs: Logs) -> AppState {
        let backend: SharedBackend = Arc::new(CatalogBackend::new(self.db.clone(), logs.clone()));
        AppState { logs, backend, ..self }
    }

    /// The same state with these REST API settings.
    pub fn with_api(self, api: ApiSettings) -> AppState {
        AppState { api, ..self }
    }
}

/// The whole application router.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let context = {
        let backend = state.backend.clone();
        move || provide_backend(backend.clone())
    };
    let render = {
        let options = state.leptos.clone();
        move || shell(options.clone())
    };
    // Bodies are checked against the configured manifest limit by the handlers; this outer bound
    // keeps a client from making the server buffer more than that plus headroom.
    let body_limit = usize::try_from(state.api.max_manifest_bytes.saturating_add(64 * 1024)).unwrap_or(usize::MAX);
    Router::new()
        .merge(health::router())
        .merge(crate::api::router())
        .leptos_routes_with_context(&state, routes, context.clone(), render)
        .fallback(fallback)
        .with_state(state)
        .layer(axum::extract::DefaultBodyLimit::max(body_limit))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
}

/// Site files first; anything else renders the app's not-found page with status 404.
async fn fallback(
    axum::extract::State(state): axum::extract::State<AppState>,
    headers: HeaderMap,
    request: Request<Body>,
) -> Response {
    let uri = request.uri().clone();
    if let Some(response) = crate::site::file_response(&uri, &headers) {
        return response;
    }
    if uri.path().starts_with("/pkg/") {
        return crate::site::missing_asset();
    }
    let backend = state.backend.clone();
    let options = state.leptos.clone();
    let handler = leptos_axum::render_app_to_stream_with_context(
        move || provide_backend(backend.clone()),
        move || shell(options.clone()),
    );
    let mut response = handler(request).await.into_response();
    if response.status() == axum::http::StatusCode::OK {
        *response.status_mut() = axum::http::StatusCode::NOT_FOUND;
    }
    response
}

/// Serves until Ctrl-C or SIGTERM, then finishes in-flight requests.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(listener, router(state)).with_graceful_shutdown(shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
