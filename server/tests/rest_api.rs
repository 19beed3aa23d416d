//! The read API under /api/v1 over the demo organization.

mod common;

use serde_json::Value;

use common::{TestApp, spawn_app};
use server::db::Backend;

async fn demo_app(backend: Backend) -> TestApp {
    let app = spawn_app(backend).await;
    server::demo::load(&app.db).await.expect("demo loads");
    app
}

/// Every item of a list endpoint, following `next_cursor` with pages of `limit`.
async fn all_pages(app: &TestApp, path: &str, limit: u32) -> (Vec<Value>, usize) {
    let mut items = Vec::new();
    let mut pages = 0;
    let mut cursor: Option<String> = None;
    loop {
        let separator = if path.contains('?') { '&' } else { '?' };
        let url = match &cursor {
            Some(c) => format!("{path}{separator}limit={limit}&cursor={c}"),
            None => format!("{path}{separator}limit={limit}"),
        };
        let page = app.get_json(&url, 200).await;
        pages += 1;
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => return (items, pages),
        }
    }
}

async fn service_id(app: &TestApp, name: &str, stage: &str) -> i64 {
    let (services, _) = all_pages(app, "/api/v1/services", 500).await;
    services.iter().find(|s| s["name"] == name && s["stage"] == stage).unwrap()["id"].as_i64().unwrap()
}

on_both_backends! {
    async fn cursors_walk_every_service_exactly_once(backend: Backend) {
        let app = demo_app(backend).await;
        let (services, pages) = all_pages(&app, "/api/v1/services", 4).await;
        assert_eq!(services.len(), 15);
        assert_eq!(pages, 4);
        let mut ids: Vec<i64> = services.iter().map(|s| s["id"].as_i64().unwrap()).collect();
        ids.dedup();
        assert_eq!(ids.len(), 15, "no service twice");
        let (orders, _) = all_pages(&app, "/api/v1/services?team=orders", 50).await;
        let mut names: Vec<&str> = orders.iter().map(|s| s["name"].as_str().unwrap()).collect();
        names.sort();
        assert_eq!(names, ["order-stream", "orders-api", "orders-api"]);
    }

    async fn teams_are_listed_by_name_with_their_totals(backend: Backend) {
        let app = demo_app(backend).await;
        let (teams, _) = all_pages(&app, "/api/v1/teams", 3).await;
        let names: Vec<&str> = teams.iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["analytics", "catalog", "identity", "notifications", "orders", "payments", "platform"]);
        let orders = teams.iter().find(|t| t["name"] == "orders").unwrap();
        assert_eq!((orders["services"].as_i64(), orders["functions"].as_i64()), (Some(3), Some(9)));
    }

    async fn a_function_shows_its_triggers_what_it_publishes_and_only_env_var_names(backend: Backend) {
        let app = demo_app(backend).await;
        let id = service_id(&app, "orders-api", "prod").await;
        let service = app.get_json(&format!("/api/v1/services/{id}"), 200).await;
        let names: Vec<&str> = service["functions"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["cancelOrder", "createOrder", "getOrder", "listOrders"]);
        let create = service["functions"].as_array().unwrap().iter().find(|f| f["name"] == "createOrder").unwrap();
        let function = app.get_json(&format!("/api/v1/functions/{}", create["id"]), 200).await;
        assert_eq!(function["function"]["architecture"], "arm64");
        assert_eq!(function["function"]["memory_mb"], 512);
        assert_eq!(function["triggers"][0]["event"]["name"], "POST /orders");
        assert_eq!(function["triggers"][0]["event"]["kind"], "http_route");
        let publishes: Vec<&str> = function["publishes"].as_array().unwrap().iter().map(|e| e["key"].as_str().unwrap()).collect();
        assert!(publishes.contains(&"sns:order-events"), "{publishes:?}");
        assert!(function["env_vars"].as_array().unwrap().contains(&Value::from("STRIPE_SECRET_KEY")));
        let text = function.to_string();
        assert!(!text.contains("stripe-key") && !text.contains("ssm:"), "no environment value is stored: {text}");
    }

    async fn an_event_lists_consumers_with_filters_and_producers_across_teams(backend: Backend) {
        let app = demo_app(backend).await;
        let (topics, _) = all_pages(&app, "/api/v1/events?kind=sns_topic", 50).await;
        let order_events = topics.iter().find(|e| e["event"]["key"] == "sns:order-events").unwrap();
        assert_eq!(order_events["subscribers"], 4, "chargeOrder and orderConfirmation, prod and staging");
        let detail = app.get_json(&format!("/api/v1/events/{}", order_events["event"]["id"]), 200).await;
        let consumers: Vec<(&str, &str)> = detail["subscribers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["service"]["team"].as_str().unwrap(), s["function"].as_str().unwrap()))
            .collect();
        assert!(consumers.contains(&("payments", "chargeOrder")) && consumers.contains(&("notifications", "orderConfirmation")), "{consumers:?}");
        let charge = detail["subscribers"].as_array().unwrap().iter().find(|s| s["function"] == "chargeOrder").unwrap();
        assert_eq!(charge["config"]["filterPolicy"]["eventType"][0], "OrderPlaced");
        assert!(detail["producers"].as_array().unwrap().iter().any(|p| p["function"] == "createOrder"));

        let (rules, _) = all_pages(&app, "/api/v1/events?kind=eventbridge_rule", 50).await;
        let cancelled = rules.iter().find(|e| e["event"]["key"].as_str().unwrap().contains("OrderCancelled") && e["event"]["key"].as_str().unwrap().contains("\"orders\"]}")).unwrap();
        let detail = app.get_json(&format!("/api/v1/events/{}", cancelled["event"]["id"]), 200).await;
        let producers: Vec<&str> = detail["producers"].as_array().unwrap().iter().map(|p| p["function"].as_str().unwrap()).collect();
        assert!(producers.contains(&"OrderChangePublisher"), "publishers to the commerce bus produce its rules: {producers:?}");
    }

    async fn bad_parameters_and_missing_rows_get_clear_json_errors(backend: Backend) {
        let app = demo_app(backend).await;
        let body = app.get_json("/api/v1/services?limit=0", 422).await;
        assert_eq!(body["error"]["field"], "limit");
        let body = app.get_json("/api/v1/services?cursor=abc", 422).await;
        assert_eq!(body["error"]["field"], "cursor");
        let body = app.get_json("/api/v1/services?include_removed=maybe", 422).await;
        assert_eq!(body["error"]["field"], "query");
        let body = app.get_json("/api/v1/services/999999", 404).await;
        assert_eq!(body["error"]["message"], "service 999999 was not found");
        app.get_json("/api/v1/events/999999", 404).await;
        app.get_json("/api/v1/functions/999999", 404).await;
    }

    async fn the_openapi_document_describes_every_endpoint(backend: Backend) {
        let app = spawn_app(backend).await;
        let doc = app.get_json("/api/v1/openapi.json", 200).await;
        for path in ["/api/v1/teams", "/api/v1/services", "/api/v1/services/{id}", "/api/v1/functions/{id}", "/api/v1/events", "/api/v1/events/{id}", "/api/v1/manifests"] {
            assert!(doc["paths"][path].is_object(), "{path} missing");
        }
        assert!(doc["components"]["schemas"]["EventDetail"].is_object());
    }
}
