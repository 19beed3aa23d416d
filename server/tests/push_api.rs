//! `POST /api/v1/manifests`: how CI pipelines feed the catalog.

mod common;

use common::{ADMIN_TOKEN, spawn_app, spawn_app_with};
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
