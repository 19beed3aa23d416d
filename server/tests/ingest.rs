//! Ingestion into a real database: the corpus, idempotence, removal, and all-or-nothing files.

mod common;

use std::path::PathBuf;

use common::{corpus, ingest, ingest_options, spawn_app};
use server::db::Backend;

fn write(dir: &std::path::Path, relative: &str, text: &str) -> PathBuf {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

const ORDERS_V1: &str = "service: orders
provider:
  name: aws
  runtime: nodejs20.x
  stage: prod
functions:
  create:
    handler: create.handler
    events:
      - sqs: arn:aws:sqs:us-east-1:123456789012:new-orders
  report:
    handler: report.handler
    events:
      - schedule: rate(1 hour)
";

on_both_backends! {
    async fn the_whole_corpus_is_indexed_except_the_two_files_with_malformed_yaml(backend: Backend) {
        let app = spawn_app(backend).await;
        let (summary, rejected) = ingest(&app.db, &[corpus()], &ingest_options()).await;
        assert_eq!(
            rejected,
            vec![
                "serverless-patterns/apigw-custom-domain-edge/template.yaml:35:9: invalid YAML: simple key expect ':'; check the indentation, quoting and brackets here".to_string(),
                "serverless-patterns/rds-sns-event-notification/template.yaml:3:97: invalid YAML: invalid trailing content after double-quoted scalar; check the indentation, quoting and brackets here".to_string(),
            ]
        );
        assert_eq!(summary.indexed, 517);
        let counts = app.db.counts().await.unwrap();
        assert_eq!(counts.services, 517);
        assert_eq!(counts.functions, 526);
        // apigw-direct-s3-lambda-dotnet sends its logs to a LogGroup resource of its own.
        let functions = app.db.pullable_functions().await.unwrap();
        assert!(functions.iter().any(|f| f.log_group.as_deref() == Some("S3FileProcessor-loggroup")), "the manifest's log group is kept");

        let (again, _) = ingest(&app.db, &[corpus()], &ingest_options()).await;
        assert_eq!((again.indexed, again.unchanged, again.rejected), (0, 517, 2));
        assert_eq!(again.changes, Default::default(), "a second run changes nothing");
    }

    async fn a_function_removed_from_a_manifest_is_marked_removed_and_comes_back_when_restored(backend: Backend) {
        let app = spawn_app(backend).await;
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "orders/serverless.yml", ORDERS_V1);
        let (first, _) = ingest(&app.db, &[path.clone()], &ingest_options()).await;
        assert_eq!(first.changes.functions.added, 2);
        assert_eq!(first.changes.subscriptions.added, 2);

        write(dir.path(), "orders/serverless.yml", &ORDERS_V1.replace("  report:\n    handler: report.handler\n    events:\n      - schedule: rate(1 hour)\n", ""));
        let (second, _) = ingest(&app.db, &[path.clone()], &ingest_options()).await;
        assert_eq!(second.changes.functions.removed, 1);
        assert_eq!(second.changes.subscriptions.removed, 1);
        let counts = app.db.counts().await.unwrap();
        assert_eq!((counts.functions, counts.events), (1, 1), "removed rows are not counted");

        write(dir.path(), "orders/serverless.yml", ORDERS_V1);
        let (third, _) = ingest(&app.db, &[path], &ingest_options()).await;
        assert_eq!(third.changes.functions.added, 1, "the same row comes back");
        assert_eq!(app.db.counts().await.unwrap().functions, 2);
    }

    async fn a_changed_setting_is_an_update_not_a_new_function(backend: Backend) {
        let app = spawn_app(backend).await;
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "orders/serverless.yml", ORDERS_V1);
        ingest(&app.db, &[path.clone()], &ingest_options()).await;
        write(dir.path(), "orders/serverless.yml", &ORDERS_V1.replace("nodejs20.x", "nodejs22.x"));
        let (summary, _) = ingest(&app.db, &[path], &ingest_options()).await;
        assert_eq!(summary.changes.functions.changed, 2);
        assert_eq!(summary.changes.functions.added, 0);
        assert_eq!(summary.changes.services.changed, 1);
    }

    async fn a_malformed_manifest_writes_nothing_and_the_rest_of_the_run_still_goes_in(backend: Backend) {
        let app = spawn_app(backend).await;
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a/serverless.yml", ORDERS_V1);
        write(dir.path(), "b/serverless.yml", "service: broken\nfunctions:\n  f:\n    handler: x\n    events: [\n");
        let (summary, rejected) = ingest(&app.db, &[dir.path().to_path_buf()], &ingest_options()).await;
        assert_eq!((summary.indexed, summary.rejected), (1, 1));
        assert_eq!(rejected.len(), 1);
        assert!(rejected[0].contains("/b/serverless.yml:"), "{rejected:?}");
        assert_eq!(app.db.counts().await.unwrap().services, 1);
    }

    async fn the_demo_organization_loads_through_ingestion_and_a_second_load_changes_nothing(backend: Backend) {
        let app = spawn_app(backend).await;
        let first = server::demo::load(&app.db).await.unwrap();
        assert_eq!((first.indexed, first.rejected), (15, 0));
        let counts = app.db.counts().await.unwrap();
        assert_eq!((counts.services, counts.functions, counts.events, counts.teams), (15, 48, 38, 7));
        let second = server::demo::load(&app.db).await.unwrap();
        assert_eq!((second.indexed, second.unchanged), (0, 15));
        let (status, page) = app.get("/").await;
        assert_eq!(status, 200);
        assert!(page.contains(r#"data-count="functions" class="card"><span class="card-value">48</span>"#), "{page}");
    }

    async fn the_team_comes_from_the_flag_then_tags_then_the_owners_file(backend: Backend) {
        let app = spawn_app(backend).await;
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "OWNERS", "billing/** billing\nshop/** shop\n");
        write(dir.path(), "billing/serverless.yml", &ORDERS_V1.replace("service: orders", "service: invoices"));
        write(dir.path(), "shop/serverless.yml", &ORDERS_V1.replace("  stage: prod\n", "  stage: prod\n  tags:\n    team: storefront\n"));
        let mut options = ingest_options();
        options.owners = Some(server::ingest::owners::Owners::load(&dir.path().join("OWNERS")).unwrap());
        ingest(&app.db, &[dir.path().to_path_buf()], &options).await;
        let teams: Vec<String> = app.db.list_teams(None, 100).await.unwrap().into_iter().map(|t| t.name).collect();
        assert_eq!(teams, vec!["billing".to_string(), "storefront".to_string()], "the tag wins over the owners file");

        options.team = Some("platform".into());
        write(dir.path(), "shop/serverless.yml", &ORDERS_V1.replace("nodejs20.x", "python3.12"));
        ingest(&app.db, &[dir.path().join("shop")], &options).await;
        let teams: Vec<String> = app.db.list_teams(None, 100).await.unwrap().into_iter().map(|t| t.name).collect();
        assert!(teams.contains(&"platform".to_string()), "the flag wins: {teams:?}");
    }
}
