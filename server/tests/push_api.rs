//! `POST /api/v1/manifests`: how CI pipelines feed the catalog.

mod common;

use common::{ADMIN_TOKEN, ingest, ingest_options, spawn_app, spawn_app_with};
use server::db::Backend;

const MANIFEST: &str = "service: billing
provider:
  name: aws
  runtime: python3.12
functions:
  invoice:
    handler: invoice.handler
    events:
      - sns: arn:aws:sns:us-east-1:123456789012:order-events
";

on_both_backends! {
    async fn a_pushed_manifest_is_indexed_and_pushing_it_again_reports_unchanged(backend: Backend) {
        let app = spawn_app(backend).await;
        let query = "path=billing/serverless.yml&team=billing&stage=prod&repository=https://git.example.com/billing";
        let (status, body) = app.push_manifest(query, MANIFEST, Some(ADMIN_TOKEN)).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["status"], "ok");
        assert_eq!(body["changes"]["functions"]["added"], 1);
        assert_eq!(body["services"][0]["functions"][0]["events"][0]["source"], "arn:aws:sns:us-east-1:123456789012:order-events");
        let teams = app.db.list_teams(None, 100).await.unwrap();
        assert_eq!(teams.len(), 1);
        assert_eq!(teams[0].name, "billing");

        let (status, body) = app.push_manifest(query, MANIFEST, Some(ADMIN_TOKEN)).await;
        assert_eq!((status, body["status"].as_str()), (200, Some("unchanged")));
    }

    async fn a_malformed_pushed_manifest_is_422_with_its_line_and_writes_nothing(backend: Backend) {
        let app = spawn_app(backend).await;
        let (status, body) = app
            .push_manifest("path=serverless.yml", "service: x\nfunctions:\n  f: [\n", Some(ADMIN_TOKEN))
            .await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["status"], "error");
        assert!(body["error"]["line"].as_u64().is_some(), "{body}");
        assert_eq!(app.db.counts().await.unwrap().services, 0);
    }

    async fn pushing_requires_the_admin_token(backend: Backend) {
        let app = spawn_app(backend).await;
        let (status, body) = app.push_manifest("path=serverless.yml", MANIFEST, None).await;
        assert_eq!((status, body["error"]["code"].as_str()), (401, Some("unauthenticated")));
        let (status, _) = app.push_manifest("path=serverless.yml", MANIFEST, Some("wrong")).await;
        assert_eq!(status, 401);
        assert_eq!(app.db.counts().await.unwrap().services, 0);

        let closed = spawn_app_with(backend, Default::default()).await;
        let (status, body) = closed.push_manifest("path=serverless.yml", MANIFEST, Some(ADMIN_TOKEN)).await;
        assert_eq!(status, 403);
        assert!(body["error"]["message"].as_str().unwrap().contains("SWITCHBOARD_ADMIN_TOKEN"), "{body}");
    }

    async fn bad_metadata_and_oversized_bodies_are_refused_naming_the_problem(backend: Backend) {
        let app = spawn_app(backend).await;
        let (status, body) = app.push_manifest("team=x", MANIFEST, Some(ADMIN_TOKEN)).await;
        assert_eq!((status, body["error"]["field"].as_str()), (422, Some("path")));
        let (status, body) = app.push_manifest("path=a%00b", MANIFEST, Some(ADMIN_TOKEN)).await;
        assert_eq!((status, body["error"]["field"].as_str()), (422, Some("path")));
        let huge = format!("{MANIFEST}#{}\n", "x".repeat(6 * 1024 * 1024));
        let (status, body) = app.push_manifest("path=serverless.yml", &huge, Some(ADMIN_TOKEN)).await;
        assert_eq!(status, 413, "{body}");
        assert_eq!(app.db.counts().await.unwrap().services, 0);
    }
}

on_both_backends! {
    async fn concurrent_pushes_sharing_an_event_all_go_in(backend: Backend) {
        let app = std::sync::Arc::new(spawn_app(backend).await);
        let pushes = (0..32).map(|i| {
            let app = app.clone();
            tokio::spawn(async move {
                let manifest = MANIFEST.replace("service: billing", &format!("service: billing-{i}"));
                app.push_manifest(&format!("path=billing-{i}/serverless.yml"), &manifest, Some(ADMIN_TOKEN)).await
            })
        });
        for push in pushes {
            let (status, body) = push.await.unwrap();
            assert_eq!(status, 200, "{body}");
        }
        let counts = app.db.counts().await.unwrap();
        assert_eq!((counts.services, counts.events), (32, 1), "every service shares one topic");
    }
}

/// The `(value, count)` pairs of one facet of the services list page's HTML.
fn facet_values(html: &str, facet: &str) -> Vec<(String, u64)> {
    let start = html.find(&format!("data-facet=\"{facet}\"")).unwrap_or_else(|| panic!("no {facet} facet in {html}"));
    let block = &html[start..];
    let block = &block[..block.find("</ul>").unwrap_or(block.len())];
    block
        .split("<li>")
        .skip(1)
        .filter_map(|item| {
            let value = item.split_once('>')?.1.split_once("</a>")?.0.trim().to_string();
            let count = item.split_once("class=\"count\">")?.1.split_once('<')?.0.parse().ok()?;
            Some((value, count))
        })
        .collect()
}

on_both_backends! {
    async fn the_services_list_facets_follow_every_change_to_the_catalog(backend: Backend) {
        let app = spawn_app(backend).await;
        let (status, body) = app.push_manifest("path=billing/serverless.yml&team=billing", MANIFEST, Some(ADMIN_TOKEN)).await;
        assert_eq!(status, 200, "{body}");
        let (status, html) = app.get("/services").await;
        assert_eq!(status, 200);
        assert_eq!(facet_values(&html, "team"), [("billing".to_string(), 1)]);
        assert_eq!(facet_values(&html, "runtime"), [("python3.12".to_string(), 1)]);

        // Facets are kept between requests; a change must show on the very next one.
        let shipping = MANIFEST.replace("service: billing", "service: shipping").replace("python3.12", "nodejs20.x");
        let (status, body) = app.push_manifest("path=shipping/serverless.yml&team=shipping", &shipping, Some(ADMIN_TOKEN)).await;
        assert_eq!(status, 200, "{body}");
        let (_, html) = app.get("/services").await;
        assert_eq!(facet_values(&html, "team"), [("billing".to_string(), 1), ("shipping".to_string(), 1)]);
        assert_eq!(facet_values(&html, "runtime"), [("nodejs20.x".to_string(), 1), ("python3.12".to_string(), 1)]);
        let (_, html) = app.get("/services?team=shipping").await;
        assert_eq!(facet_values(&html, "runtime"), [("nodejs20.x".to_string(), 1)], "facets follow the filters");

        // A change written by another process (here: straight through the storage layer, as
        // `switchboard ingest` does, not through the app) shows too.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shipping/serverless.yml");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, shipping.replace("nodejs20.x", "python3.12")).unwrap();
        let options = server::ingest::pipeline::IngestOptions { team: Some("shipping".into()), ..ingest_options() };
        let (summary, rejected) = ingest(&app.db, &[path], &options).await;
        assert!(rejected.is_empty() && summary.indexed == 1, "{rejected:?}");
        let (_, html) = app.get("/services").await;
        assert_eq!(facet_values(&html, "team"), [("shipping".to_string(), 2), ("billing".to_string(), 1)]);
        assert_eq!(facet_values(&html, "runtime"), [("python3.12".to_string(), 2), ("nodejs20.x".to_string(), 1)]);
    }
}
