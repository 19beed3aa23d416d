//! `GET /api/v1/search` over the demo organization, on both backends: prefixes, typos, ranking,
//! grouping, highlighting, facets, removed rows, and text meant to break it.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

use common::{TestApp, ingest, ingest_options, spawn_app};
use server::db::Backend;

async fn demo_app(backend: Backend) -> TestApp {
    let app = spawn_app(backend).await;
    server::demo::load(&app.db).await.expect("demo loads");
    app
}

/// The search path for these query parameters, encoded.
fn search_path(params: &[(&str, &str)]) -> String {
    let url = reqwest::Url::parse_with_params("http://localhost/api/v1/search", params).expect("parameters encode");
    format!("/api/v1/search?{}", url.query().unwrap_or(""))
}

async fn search(app: &TestApp, params: &[(&str, &str)]) -> Value {
    app.get_json(&search_path(params), 200).await
}

fn group<'a>(results: &'a Value, kind: &str) -> Option<&'a Value> {
    results["groups"].as_array().expect("groups is a list").iter().find(|g| g["kind"] == kind)
}

fn titles(results: &Value, kind: &str) -> Vec<String> {
    group(results, kind)
        .map(|g| g["hits"].as_array().unwrap().iter().map(|h| h["title"].as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

/// A hit's highlight written with brackets around the matched pieces.
fn marked(segments: &Value) -> String {
    segments
        .as_array()
        .expect("segments are a list")
        .iter()
        .map(|s| {
            let text = s["text"].as_str().unwrap();
            if s["matched"] == true { format!("[{text}]") } else { text.to_string() }
        })
        .collect()
}

fn write(dir: &Path, relative: &str, text: &str) -> PathBuf {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

const LEDGER: &str = "service: ledger
provider:
  name: aws
  runtime: python3.12
  stage: prod
functions:
  reconcileLedger:
    handler: ledger.reconcile
    description: Balances the ledger against the bank every night
    events:
      - sqs: arn:aws:sqs:us-east-1:123456789012:ledger-reconciliations
  exportLedger:
    handler: ledger.export
    events:
      - schedule: rate(1 day)
";

on_both_backends! {
    async fn a_prefix_finds_names_that_start_with_it_shortest_first(backend: Backend) {
        let app = demo_app(backend).await;
        let results = search(&app, &[("q", "ord"), ("limit", "50")]).await;
        assert_eq!(results["query"], "ord");
        assert_eq!(results["corrected_query"], Value::Null);
        let services = group(&results, "service").expect("services found");
        let first = &services["hits"][0];
        assert_eq!(first["title"], "orders-api", "{services}");
        assert_eq!(first["matched"], "name_prefix");
        assert_eq!(marked(&first["highlight"]), "[ord]ers-api");
        assert_eq!(first["url"], format!("/services/{}", first["id"]));
        assert!(titles(&results, "service").contains(&"order-stream".to_string()));
        assert!(titles(&results, "event").contains(&"order-events".to_string()), "{results}");
        assert_eq!(titles(&results, "team")[0], "orders");
        let functions = titles(&results, "function");
        assert!(functions.contains(&"createOrder".to_string()), "a word inside a camelCase name: {functions:?}");
        let create = group(&results, "function").unwrap()["hits"].as_array().unwrap().iter().find(|h| h["title"] == "createOrder").unwrap();
        assert_eq!((create["matched"].as_str(), marked(&create["highlight"]).as_str()), (Some("name"), "create[Ord]er"));

        let typed = search(&app, &[("q", "Orders-A")]).await;
        let first = &group(&typed, "service").unwrap()["hits"][0];
        assert_eq!(marked(&first["highlight"]), "[orders-a]pi", "the typed start is marked whole, hyphen included");
    }

    async fn a_misspelt_word_is_corrected_to_the_nearest_word_of_the_catalog(backend: Backend) {
        let app = demo_app(backend).await;
        let results = search(&app, &[("q", "ordres")]).await;
        assert_eq!(results["corrected_query"], "orders", "{results}");
        assert!(titles(&results, "service").contains(&"orders-api".to_string()), "{results}");
        assert!(titles(&results, "event").contains(&"order-events".to_string()), "{results}");
        assert_eq!(titles(&results, "team")[0], "orders");

        let results = search(&app, &[("q", "paymnets-servce")]).await;
        assert_eq!(results["corrected_query"], "payments-service", "{results}");
        assert_eq!(group(&results, "service").unwrap()["hits"][0]["matched"], "exact_name");

        let results = search(&app, &[("q", "notifer")]).await;
        assert_eq!(titles(&results, "service").first().map(String::as_str), Some("notifier"), "{results}");

        let results = search(&app, &[("q", "xqzvwk")]).await;
        assert_eq!(results["groups"], serde_json::json!([]), "nothing is two edits from this");
        assert_eq!(results["corrected_query"], Value::Null);
        let results = search(&app, &[("q", "odr")]).await;
        assert_eq!(results["groups"], serde_json::json!([]), "three letters are never corrected");
    }

    async fn an_exact_name_outranks_longer_names_and_matches_in_other_fields(backend: Backend) {
        let app = demo_app(backend).await;
        let results = search(&app, &[("q", "Payments")]).await;
        let teams = &group(&results, "team").expect("the payments team")["hits"];
        assert_eq!((teams[0]["title"].as_str(), teams[0]["matched"].as_str()), (Some("payments"), Some("exact_name")));
        assert_eq!(titles(&results, "service")[0], "payments-service");
        let matched: Vec<&str> = group(&results, "service").unwrap()["hits"].as_array().unwrap().iter().map(|h| h["matched"].as_str().unwrap()).collect();
        let mut ranked = matched.clone();
        ranked.sort_by_key(|m| ["exact_name", "name_prefix", "name", "other_field"].iter().position(|k| k == m));
        assert_eq!(matched, ranked, "hits are ordered by why they matched");

        let results = search(&app, &[("q", "order")]).await;
        assert_eq!(titles(&results, "service")[..2], ["orders-api", "orders-api"], "shorter names first, not alphabetical");
        let functions = &group(&results, "function").unwrap()["hits"];
        assert_eq!(functions[0]["matched"], "name_prefix", "{functions}");
        assert!(functions.as_array().unwrap().iter().any(|h| h["title"] == "cancelOrder" && h["matched"] == "name"));

        let results = search(&app, &[("q", "orders-api")]).await;
        let services = &group(&results, "service").unwrap()["hits"];
        assert_eq!(services[0]["matched"], "exact_name");
        assert_eq!(services[1]["matched"], "exact_name", "prod and staging both deploy orders-api");
        assert_eq!(marked(&services[0]["highlight"]), "[orders-api]");
        let functions = group(&results, "function").expect("functions of orders-api");
        assert!(functions["hits"].as_array().unwrap().iter().all(|h| h["matched"] == "other_field"), "{functions}");
    }

    async fn hits_are_grouped_by_kind_and_link_to_their_pages(backend: Backend) {
        let app = demo_app(backend).await;
        let results = search(&app, &[("q", "order"), ("limit", "3")]).await;
        let kinds: Vec<&str> = results["groups"].as_array().unwrap().iter().map(|g| g["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["service", "function", "event", "team"]);
        for group in results["groups"].as_array().unwrap() {
            let hits = group["hits"].as_array().unwrap();
            assert!(!hits.is_empty() && hits.len() <= 3, "{group}");
            assert!(group["total"].as_i64().unwrap() >= hits.len() as i64);
            for hit in hits {
                assert_eq!(hit["kind"], group["kind"]);
                let joined: String = hit["highlight"].as_array().unwrap().iter().map(|s| s["text"].as_str().unwrap()).collect();
                assert_eq!(joined, hit["title"].as_str().unwrap(), "the highlight is the whole title");
                let url = hit["url"].as_str().unwrap();
                if group["kind"] == "team" {
                    assert_eq!(url, format!("/teams/{}", hit["title"].as_str().unwrap()));
                } else {
                    let api = app.get_json(&format!("/api/v1{url}"), 200).await;
                    assert_eq!(api[group["kind"].as_str().unwrap()]["name"], hit["title"], "{url} is the hit's page");
                }
            }
        }
        let functions = group(&results, "function").unwrap();
        assert!(functions["total"].as_i64().unwrap() > 3, "more functions match than are shown: {functions}");
        let create = search(&app, &[("q", "createOrder"), ("kind", "function")]).await;
        assert_eq!(create["groups"].as_array().unwrap().len(), 1);
        assert_eq!(create["groups"][0]["hits"][0]["subtitle"], "orders-api · prod · orders");
    }

    async fn a_match_outside_the_name_shows_the_field_it_was_found_in(backend: Backend) {
        let app = demo_app(backend).await;
        let results = search(&app, &[("q", "src/orders.cancel")]).await;
        let hit = &group(&results, "function").expect("found by handler")["hits"][0];
        assert_eq!(hit["title"], "cancelOrder");
        assert_eq!(hit["matched"], "other_field");
        assert_eq!(marked(&hit["context"]), "handler: [src]/[orders].[cancel]");

        let results = search(&app, &[("q", "arn:aws:sns:us-east-1:123456789012:user-events"), ("kind", "event")]).await;
        assert!(titles(&results, "event").contains(&"user-events".to_string()), "found by ARN: {results}");

        let results = search(&app, &[("q", "storefront announces")]).await;
        let hit = &group(&results, "function").expect("found by description")["hits"][0];
        assert_eq!(hit["title"], "createOrder");
        assert!(marked(&hit["context"]).starts_with("description: "), "{hit}");
    }

    async fn facet_filters_narrow_every_group_and_facets_count_what_matched(backend: Backend) {
        let app = demo_app(backend).await;
        let results = search(&app, &[("q", "order"), ("kind", "event"), ("event_type", "sns_topic")]).await;
        let kinds: Vec<&str> = results["groups"].as_array().unwrap().iter().map(|g| g["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["event"]);
        let events = &results["groups"][0]["hits"];
        assert!(events.as_array().unwrap().iter().all(|h| h["subtitle"].as_str().unwrap().starts_with("sns_topic · ")), "{events}");
        assert!(titles(&results, "event").contains(&"order-events".to_string()));
        assert_eq!(results["facets"]["event_types"], serde_json::json!([{ "value": "sns_topic", "count": results["groups"][0]["total"] }]));

        let everything = search(&app, &[("q", "order")]).await;
        let teams: Vec<&str> = everything["facets"]["teams"].as_array().unwrap().iter().map(|f| f["value"].as_str().unwrap()).collect();
        assert!(teams.contains(&"orders") && teams.contains(&"payments"), "{teams:?}");
        let event_types = everything["facets"]["event_types"].as_array().unwrap();
        assert!(event_types.len() > 1, "{event_types:?}");

        let payments = search(&app, &[("q", "order"), ("team", "payments")]).await;
        for hit in payments["groups"].as_array().unwrap().iter().filter(|g| g["kind"] != "event").flat_map(|g| g["hits"].as_array().unwrap()) {
            let subtitle = hit["subtitle"].as_str().unwrap();
            assert!(subtitle.ends_with("payments") || hit["title"] == "payments", "{hit}");
        }
        assert!(titles(&payments, "function").contains(&"chargeOrder".to_string()), "{payments}");
        assert!(!titles(&payments, "function").contains(&"createOrder".to_string()), "createOrder belongs to orders");
        assert!(titles(&payments, "event").contains(&"order-events".to_string()), "payments subscribes to order-events");
        assert_eq!(payments["facets"]["teams"][0]["value"], "payments");

        let staging = search(&app, &[("q", "orders-api"), ("stage", "staging"), ("provider", "aws")]).await;
        let services = &group(&staging, "service").unwrap()["hits"];
        assert_eq!(services.as_array().unwrap().len(), 1, "{staging}");
        assert!(services[0]["subtitle"].as_str().unwrap().starts_with("staging"));
        let none = search(&app, &[("q", "orders-api"), ("provider", "azure")]).await;
        assert_eq!(none["groups"], serde_json::json!([]));
    }

    async fn removed_functions_and_the_events_only_they_used_are_no_longer_found(backend: Backend) {
        let app = spawn_app(backend).await;
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "ledger/serverless.yml", LEDGER);
        ingest(&app.db, std::slice::from_ref(&path), &ingest_options()).await;
        let found = search(&app, &[("q", "reconcileledger")]).await;
        assert_eq!(titles(&found, "function"), ["reconcileLedger"]);
        assert_eq!(titles(&search(&app, &[("q", "ledger-reconciliations")]).await, "event"), ["ledger-reconciliations"]);

        let without = LEDGER.replace(
            "  reconcileLedger:\n    handler: ledger.reconcile\n    description: Balances the ledger against the bank every night\n    events:\n      - sqs: arn:aws:sqs:us-east-1:123456789012:ledger-reconciliations\n",
            "",
        );
        assert_ne!(without, LEDGER);
        write(dir.path(), "ledger/serverless.yml", &without);
        let (summary, _) = ingest(&app.db, std::slice::from_ref(&path), &ingest_options()).await;
        assert_eq!(summary.changes.functions.removed, 1);
        for q in ["reconcileledger", "reconcileLedgr", "balances the bank", "ledger.reconcile"] {
            let results = search(&app, &[("q", q)]).await;
            assert!(!titles(&results, "function").contains(&"reconcileLedger".to_string()), "{q}: {results}");
        }
        let ledger = search(&app, &[("q", "ledger")]).await;
        assert_eq!(titles(&ledger, "function"), ["exportLedger"]);
        assert_eq!(group(&ledger, "function").unwrap()["total"], 1, "removed rows are not counted");
        assert!(titles(&search(&app, &[("q", "ledger-reconciliations")]).await, "event").is_empty(), "nothing uses it any more");

        write(dir.path(), "ledger/serverless.yml", LEDGER);
        ingest(&app.db, &[path], &ingest_options()).await;
        assert_eq!(titles(&search(&app, &[("q", "reconcileledger")]).await, "function"), ["reconcileLedger"]);
        assert_eq!(titles(&search(&app, &[("q", "ledger-reconciliations")]).await, "event"), ["ledger-reconciliations"]);
    }

    async fn a_bulk_load_that_defers_the_index_finds_the_same_as_one_kept_in_step(backend: Backend) {
        let queries: [&[(&str, &str)]; 5] = [
            &[("q", "ord")],
            &[("q", "ordres")],
            &[("q", "order created")],
            &[("q", "pay"), ("kind", "function")],
            &[("q", "sns"), ("kind", "event")],
        ];
        let in_step = demo_app(backend).await;
        let deferred = spawn_app(backend).await;
        deferred.db.defer_search_index().await.unwrap();
        server::demo::load(&deferred.db).await.expect("demo loads");
        for query in queries {
            assert_eq!(search(&in_step, query).await, search(&deferred, query).await, "{query:?}");
        }

        // A bulk load that never finished leaves the index behind until the next start rebuilds it.
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "ledger/serverless.yml", LEDGER);
        deferred.db.defer_search_index().await.unwrap();
        ingest(&deferred.db, std::slice::from_ref(&path), &ingest_options()).await;
        assert!(titles(&search(&deferred, &[("q", "reconcileledger")]).await, "function").is_empty(), "not indexed yet");
        let restarted = server::cli::open_database(&deferred.database_url).await.expect("the database opens again");
        assert_eq!(restarted.search(&app::search::model::SearchQuery::new("reconcileledger")).await.unwrap().groups.len(), 1);
        assert_eq!(titles(&search(&deferred, &[("q", "reconcileledger")]).await, "function"), ["reconcileLedger"]);
    }

    async fn a_renamed_service_is_found_by_its_new_name_only(backend: Backend) {
        let app = spawn_app(backend).await;
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "ledger/serverless.yml", LEDGER);
        ingest(&app.db, std::slice::from_ref(&path), &ingest_options()).await;
        write(dir.path(), "ledger/serverless.yml", &LEDGER.replace("service: ledger", "service: bookkeeping"));
        ingest(&app.db, &[path], &ingest_options()).await;
        let old_name = search(&app, &[("q", "ledger"), ("kind", "service")]).await;
        assert!(titles(&old_name, "service").is_empty(), "{old_name}");
        assert_eq!(titles(&search(&app, &[("q", "bookkeeping")]).await, "service"), ["bookkeeping"]);
        let functions = search(&app, &[("q", "exportledger")]).await;
        assert_eq!(group(&functions, "function").unwrap()["hits"][0]["subtitle"], "bookkeeping · prod");
    }

    async fn any_text_gives_a_json_answer_and_never_an_error(backend: Backend) {
        let app = demo_app(backend).await;
        let long_word = "a".repeat(10_000);
        let long_words = "orders ".repeat(1_500);
        let many_words: String = (0..200).map(|i| format!("w{i} ")).collect();
        let accents = "é".repeat(300);
        let hostile: Vec<&str> = vec![
            "\"", "\"\"", "\"orders", "orders\"", "*", "ord*", "**", "-", "-orders", "--", "NEAR", "NEAR(orders api)",
            "orders NEAR/2 api", "OR", "AND", "NOT", "orders OR api", "orders AND NOT api", "^", "^orders", ":",
            "name_key:orders", "body_key : \"x\"", "{name_key}: ord", "(", ")", "((orders", "orders))", "%", "_", "%_%",
            "100%", "a_b", "\\", "\\\"", "'", "''", "' OR '1'='1", "'; DROP TABLE services; --",
            "\"; DELETE FROM search_docs; --", "1; SELECT pg_sleep(5)", "$1", "?", "🦀", "👩‍👩‍👧‍👦 orders", "שלום עולם",
            "مرحبا orders", "\u{202E}sredro", "\0", "orders\0api", "\u{1}\u{2}\u{1b}[31m", "\t\n\r", "   ", "ＯＲＤＥＲＳ",
            "\u{FEFF}orders", "\u{10FFFF}", "ord\u{10FFFF}", "<script>alert(1)</script>", "${jndi:ldap://x}",
            "../../etc/passwd", "null", "ordres*", "\"ordres\" OR \"paymnets\"", "ö", "Ä_%", &long_word, &long_words,
            &many_words, &accents,
        ];
        assert!(hostile.len() >= 40);
        for text in &hostile {
            let (status, body) = app.get(&search_path(&[("q", text)])).await;
            assert_eq!(status, 200, "{text:?}: {body}");
            let results: Value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{text:?}: {e}: {body}"));
            assert!(results["groups"].is_array(), "{text:?}: {body}");
            assert!(results["query"].as_str().unwrap().chars().count() <= 256);
            let (status, body) = app.get(&search_path(&[("q", "order"), ("team", text), ("stage", text), ("event_type", text)])).await;
            assert_eq!(status, 200, "filters {text:?}: {body}");
        }
        for raw in ["q=%FF%FE%FD", "q=%", "q=%%41", "q=%00orders", "q=ord&q=", "kind=event%00"] {
            let (status, body) = app.get(&format!("/api/v1/search?{raw}")).await;
            assert!(status == 200 || status == 422, "{raw}: {status} {body}");
            let body: Value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{raw}: {e}: {body}"));
            assert!(body["groups"].is_array() || body["error"]["code"] == "invalid", "{raw}: {body}");
        }
        let injected = search(&app, &[("q", "'; DROP TABLE services; --")]).await;
        assert!(injected["groups"].is_array());
        assert_eq!(app.get_json("/api/v1/services?limit=1", 200).await["items"].as_array().unwrap().len(), 1, "services survive");
    }

    async fn bad_parameters_are_named_and_an_empty_query_finds_nothing(backend: Backend) {
        let app = demo_app(backend).await;
        for (path, field) in [
            ("/api/v1/search?q=ord&limit=0", "limit"),
            ("/api/v1/search?q=ord&limit=51", "limit"),
            ("/api/v1/search?q=ord&limit=ten", "query"),
            ("/api/v1/search?q=ord&kind=lambda", "kind"),
        ] {
            let body = app.get_json(path, 422).await;
            assert_eq!(body["error"]["field"], field, "{path}");
        }
        for path in ["/api/v1/search", "/api/v1/search?q=", "/api/v1/search?q=%20%09", "/api/v1/search?q=ord&event_type=sns_topic&kind=team"] {
            let body = app.get_json(path, 200).await;
            assert_eq!(body["groups"], serde_json::json!([]), "{path}");
        }
        let doc = app.get_json("/api/v1/openapi.json", 200).await;
        assert!(doc["paths"]["/api/v1/search"]["get"].is_object(), "search is documented");
        let params: Vec<&str> = doc["paths"]["/api/v1/search"]["get"]["parameters"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
        assert_eq!(params, ["q", "kind", "team", "provider", "event_type", "stage", "limit"]);
        assert!(doc["components"]["schemas"]["SearchResults"].is_object());
    }
}
