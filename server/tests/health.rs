//! Liveness, readiness and the pages every deployment serves.

mod common;

use std::time::Duration;

use common::proxy::FaultyLink;
use common::{fresh_database_url, spawn_app, spawn_app_on};
use server::db::Backend;

on_both_backends! {
    async fn healthz_and_readyz_answer_ok_on_a_working_database(backend: Backend) {
        let app = spawn_app(backend).await;
        assert_eq!(app.get("/healthz").await, (200, "ok\n".to_string()));
        assert_eq!(app.get("/readyz").await, (200, "ready\n".to_string()));
    }

    async fn the_home_page_is_complete_html_with_the_catalog_counts(backend: Backend) {
        let app = spawn_app(backend).await;
        let (status, body) = app.get("/").await;
        assert_eq!(status, 200);
        for label in ["Services", "Functions", "Events", "Teams"] {
            assert!(body.contains(&format!("data-count=\"{}\"", label.to_lowercase())), "no {label} card in {body}");
        }
        assert!(body.contains("<nav aria-label=\"Main\">"), "no navigation: {body}");
        assert!(body.contains("action=\"/search\""), "no search form: {body}");
    }

    async fn an_unknown_path_renders_the_not_found_page_with_status_404(backend: Backend) {
        let app = spawn_app(backend).await;
        let (status, body) = app.get("/no/such/page").await;
        assert_eq!(status, 404);
        assert!(body.contains("Not found"), "{body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_answers_503_while_postgres_is_unreachable_and_200_once_it_is_back() {
    let dir = tempfile::tempdir().unwrap();
    let direct_url = fresh_database_url(Backend::Postgres, dir.path()).await;
    // Route the app's connections through a link the test can cut.
    let (scheme_user, rest) = direct_url.split_once('@').unwrap();
    let (host_port, db_path) = rest.split_once('/').unwrap();
    let upstream = tokio::net::lookup_host(host_port).await.unwrap().next().unwrap();
    let link = FaultyLink::start(upstream).await;
    let app = spawn_app_on(format!("{scheme_user}@{}/{db_path}", link.addr), dir, Default::default()).await;

    assert_eq!(app.get("/readyz").await.0, 200);
    link.cut();
    let (status, body) = app.get("/readyz").await;
    assert_eq!(status, 503, "{body}");
    assert!(body.starts_with("not ready:"), "{body}");
    assert_eq!(app.get("/healthz").await.0, 200, "liveness does not depend on the database");

    link.restore();
    let mut status = 0;
    for _ in 0..50 {
        status = app.get("/readyz").await.0;
        if status == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status, 200, "ready again without a restart");
}
