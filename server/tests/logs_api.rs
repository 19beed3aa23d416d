//! Pushing logs, reading them back through the local source (filters, pages), and the metrics
//! and costs they roll up into: through the REST API, on both backends.

mod common;

use common::{ADMIN_TOKEN, TestApp, spawn_app, urlencode};
use serde_json::{Value, json};
use server::db::Backend;

const MANIFEST: &str = "service: billing
provider:
  name: aws
  runtime: nodejs20.x
  architecture: arm64
  memorySize: 1024
functions:
  invoice:
    handler: invoice.handler
  refund:
    handler: refund.handler
    architecture: x86_64
";

/// 2026-11-20T10:00:00Z
const T0: i64 = 1_795_168_800_000;

async fn app_with_functions(backend: Backend) -> (TestApp, i64, i64) {
    let app = spawn_app(backend).await;
    let (status, body) =
        app.push_manifest("path=billing/serverless.yml&stage=prod&team=billing", MANIFEST, Some(ADMIN_TOKEN)).await;
    assert_eq!(status, 200, "{body}");
    let service = app.get_json("/api/v1/services", 200).await;
    let id = service["items"][0]["id"].as_i64().unwrap();
    let detail = app.get_json(&format!("/api/v1/services/{id}"), 200).await;
    let function_id = |name: &str| {
        detail["functions"].as_array().unwrap().iter().find(|f| f["name"] == name).unwrap()["id"].as_i64().unwrap()
    };
    (app, function_id("invoice"), function_id("refund"))
}

fn record(function: &str, at: i64, message: &str) -> Value {
    json!({ "function": function, "timestamp": at, "message": message })
}

fn report(id: &str, duration: &str, billed: u64, memory: u64, extra: &str) -> String {
    format!(
        "REPORT RequestId: {id}\tDuration: {duration} ms\tBilled Duration: {billed} ms \tMemory Size: {memory} MB\tMax Memory Used: 90 MB\t{extra}"
    )
}

/// Two invocations of `invoice` (arm64; one cold, one failing) and one of `refund` (x86_64,
/// timed out), the next hour.
fn invocations() -> Value {
    json!([
        record("billing-prod-invoice", T0, "START RequestId: r1 Version: $LATEST"),
        record("billing-prod-invoice", T0 + 5, "2026-11-23T10:00:00.005Z\tr1\tINFO\tcharged order 42"),
        record("billing-prod-invoice", T0 + 120, "END RequestId: r1"),
        record("billing-prod-invoice", T0 + 120, &report("r1", "100.00", 350, 1024, "Init Duration: 249.12 ms\t")),
        record("billing-prod-invoice", T0 + 1000, "START RequestId: r2 Version: $LATEST"),
        json!({ "function": "billing-prod-invoice", "timestamp": "2026-11-20T10:00:01.010Z",
                "message": "2026-11-23T10:00:01.010Z\tr2\tERROR\tpayment <script>alert(1)</script> failed", "stream": "s1" }),
        record("billing-prod-invoice", T0 + 1200, &report("r2", "200.00", 200, 1024, "")),
        record("billing-prod-refund", T0 + 3_600_000, "2026-11-23T11:00:03.000Z r3 Task timed out after 3.00 seconds"),
        record("billing-prod-refund", T0 + 3_600_000, &report("r3", "3000.00", 3000, 1024, "Status: timeout")),
    ])
}

on_both_backends! {
    async fn pushed_logs_read_back_oldest_first_in_pages_with_filters(backend: Backend) {
        let (app, invoice, _) = app_with_functions(backend).await;
        let (status, body) = app.push_logs(&invocations(), Some(ADMIN_TOKEN)).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!((body["accepted"].as_u64(), body["invocations"].as_u64()), (Some(9), Some(3)));

        let range = format!("from={}&to={}", T0 - 1000, T0 + 7_200_000);
        let page = app.get_json(&format!("/api/v1/functions/{invoice}/logs?{range}&limit=4"), 200).await;
        assert_eq!(page["source"], "local");
        let events = page["events"].as_array().unwrap();
        assert_eq!(events.len(), 4);
        assert!(events[0]["message"].as_str().unwrap().starts_with("START RequestId: r1"));
        let token = page["next_token"].as_str().expect("a second page");
        let rest = app.get_json(&format!("/api/v1/functions/{invoice}/logs?{range}&limit=4&next_token={token}"), 200).await;
        let rest_events = rest["events"].as_array().unwrap();
        assert_eq!(rest_events.len(), 3, "7 events of invoice in all, none repeated: {rest}");
        assert!(rest["next_token"].is_null());
        let hostile = rest_events.iter().find(|e| e["stream"] == "s1").unwrap();
        assert!(hostile["message"].as_str().unwrap().contains("<script>alert(1)</script>"), "stored as sent");

        let filtered = |filter: &str| {
            let url = format!("/api/v1/functions/{invoice}/logs?{range}&filter={}", urlencode(filter));
            let app = &app;
            async move {
                let page = app.get_json(&url, 200).await;
                page["events"].as_array().unwrap().iter().map(|e| e["message"].as_str().unwrap().to_string()).collect::<Vec<_>>()
            }
        };
        assert_eq!(filtered("RequestId: r2").await.len(), 2, "terms: all must appear");
        assert_eq!(filtered("\"charged order 42\"").await.len(), 1, "a quoted phrase");
        assert_eq!(filtered("\"order 42 charged\"").await.len(), 0, "a phrase is not a bag of terms");
        let without_reports = filtered("RequestId -REPORT").await;
        assert_eq!(without_reports.len(), 3, "{without_reports:?}");
        assert!(without_reports.iter().all(|m| !m.contains("REPORT")));
        assert_eq!(filtered("-\"RequestId: r1\" -START -END").await.len(), 3, "excluded phrases");
        assert_eq!(filtered("error").await.len(), 0, "case-sensitive, like CloudWatch");

        let (status, body) = app.get(&format!("/api/v1/functions/{invoice}/logs?filter=%22open")).await;
        assert_eq!(status, 422, "{body}");
        assert!(body.contains("\"field\":\"filter\""), "{body}");
        let (status, _) = app.get("/api/v1/functions/999999/logs").await;
        assert_eq!(status, 404);
        let (status, body) = app.get(&format!("/api/v1/functions/{invoice}/logs?next_token=nonsense")).await;
        assert_eq!(status, 422, "{body}");
    }

    async fn pushed_report_lines_become_metrics_and_costs(backend: Backend) {
        let (app, invoice, refund) = app_with_functions(backend).await;
        let (status, body) = app.push_logs(&invocations(), Some(ADMIN_TOKEN)).await;
        assert_eq!(status, 200, "{body}");

        let range = format!("from={}&to={}", T0 - 1000, T0 + 7_200_000);
        let metrics = app.get_json(&format!("/api/v1/functions/{invoice}/metrics?{range}"), 200).await;
        assert_eq!(metrics["granularity"], "hour");
        let total = &metrics["total"];
        assert_eq!((total["invocations"].as_u64(), total["errors"].as_u64(), total["cold_starts"].as_u64()), (Some(2), Some(1), Some(1)));
        assert_eq!(total["timeouts"], 0);
        // arm64, 1 GB: 0.35 + 0.2 = 0.55 GB-s × 0.0000133334 + 2 × 0.0000002
        let expected = 0.55 * 0.0000133334 + 2.0 * 0.0000002;
        assert!((total["cost_usd"].as_f64().unwrap() - expected).abs() < 1e-12, "{total}");
        assert!((total["billed_gb_seconds"].as_f64().unwrap() - 0.55).abs() < 1e-12);
        let p50 = total["duration_p50_ms"].as_f64().unwrap();
        assert!((p50 - 100.0).abs() / 100.0 < 0.0625, "{p50}");
        assert_eq!(metrics["points"].as_array().unwrap().len(), 1);

        let daily = app.get_json(&format!("/api/v1/functions/{refund}/metrics?{range}&granularity=day"), 200).await;
        assert_eq!(daily["total"]["timeouts"], 1, "the timeout line and the timeout REPORT are one timeout");
        assert_eq!(daily["total"]["invocations"], 1);

        let costs = app.get_json(&format!("/api/v1/costs?group_by=function&{range}"), 200).await;
        let lines = costs["lines"].as_array().unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["name"], "billing/refund", "3 GB-s on x86_64 cost more: {costs}");
        assert_eq!(costs["total_invocations"], 3);
        assert_eq!(costs["estimate"], true);
        let teams = app.get_json(&format!("/api/v1/costs?group_by=team&{range}"), 200).await;
        assert_eq!(teams["lines"][0]["name"], "billing");
        assert!((teams["total_cost_usd"].as_f64().unwrap() - costs["total_cost_usd"].as_f64().unwrap()).abs() < 1e-15);

        // Pushing more later adds to the same roll-ups.
        let more = json!([record("billing-prod-invoice", T0 + 10, &report("r4", "50.00", 50, 1024, ""))]);
        assert_eq!(app.push_logs(&more, Some(ADMIN_TOKEN)).await.0, 200);
        let metrics = app.get_json(&format!("/api/v1/functions/{invoice}/metrics?{range}"), 200).await;
        assert_eq!(metrics["total"]["invocations"], 3);

        let (status, body) = app.get("/api/v1/costs?group_by=region").await;
        assert_eq!(status, 422);
        assert!(body.contains("group_by"), "{body}");
        let (status, body) = app.get(&format!("/api/v1/functions/{invoice}/metrics?from=yesterday")).await;
        assert_eq!(status, 422);
        assert!(body.contains("\"field\":\"from\""), "{body}");
    }

    async fn the_costs_page_shows_pushed_invocations_on_the_next_request(backend: Backend) {
        let (app, _, _) = app_with_functions(backend).await;
        assert_eq!(app.push_logs(&invocations(), Some(ADMIN_TOKEN)).await.0, 200);
        // The day of T0 and the day before it (the trend's period).
        let page = "/costs?range=custom&from=2026-11-20&to=2026-11-21";
        let invocations_shown = |html: &str| {
            let at = html.find("<dt>Invocations</dt><dd>").expect("the totals") + "<dt>Invocations</dt><dd>".len();
            html[at..html[at..].find('<').unwrap() + at].to_string()
        };
        let (status, html) = app.get(page).await;
        assert_eq!(status, 200);
        assert_eq!(invocations_shown(&html), "3", "computed");
        assert!(html.contains("billing/refund"), "ranked");
        let (_, again) = app.get(page).await;
        assert_eq!(invocations_shown(&again), "3", "served again");

        let more = json!([record("billing-prod-invoice", T0 + 10, &report("r4", "50.00", 50, 1024, ""))]);
        assert_eq!(app.push_logs(&more, Some(ADMIN_TOKEN)).await.0, 200);
        let (_, after) = app.get(page).await;
        assert_eq!(invocations_shown(&after), "4", "a kept page is dropped once the roll-ups change");
        let (_, by_team) = app.get(&format!("{page}&group=team")).await;
        assert_eq!(invocations_shown(&by_team), "4");
        assert!(by_team.contains(">billing<"), "the team's line");
    }

    async fn a_bad_record_is_refused_naming_its_index_and_field_and_nothing_is_stored(backend: Backend) {
        let (app, invoice, _) = app_with_functions(backend).await;
        let good = record("billing-prod-invoice", T0, "hello");
        let cases = [
            (json!([good, { "function": "billing-prod-invoice", "message": "x" }]), 1, "timestamp"),
            (json!([good, good, record("billing-prod-invoice", T0, "")]), 2, "message"),
            (json!([{ "function": "billing-prod-invoice", "timestamp": "last tuesday", "message": "x" }]), 0, "timestamp"),
            (json!([good, record("nobody-prod-x", T0, "x")]), 1, "function"),
            (json!([good, { "function": 7, "timestamp": T0, "message": "x" }]), 1, "function"),
            (json!([good, "just a string"]), 1, "record"),
        ];
        for (body, index, field) in cases {
            let (status, answer) = app.push_logs(&body, Some(ADMIN_TOKEN)).await;
            assert_eq!(status, 422, "{answer}");
            assert_eq!((answer["error"]["index"].as_u64(), answer["error"]["field"].as_str()), (Some(index), Some(field)), "{answer}");
            assert!(answer["error"]["message"].as_str().unwrap().starts_with(&format!("record {index}: {field}")), "{answer}");
        }
        let (status, answer) = app.push_logs(&json!({ "events": [] }), Some(ADMIN_TOKEN)).await;
        assert_eq!((status, answer["error"]["field"].as_str()), (422, Some("body")));
        let (status, _) = app.push_logs(&json!([good]), None).await;
        assert_eq!(status, 401);
        let page = app.get_json(&format!("/api/v1/functions/{invoice}/logs?from={}&to={}", T0 - 1, T0 + 1), 200).await;
        assert_eq!(page["events"].as_array().unwrap().len(), 0, "a refused batch stores nothing");
    }
}

on_both_backends! {
    async fn the_demo_organization_gets_days_of_invocations_with_errors_timeouts_and_costs(backend: Backend) {
        use std::sync::Arc;
        use server::logs::cost::PriceTable;
        use server::logs::local::LocalSource;
        use server::logs::service::Logs;

        let app = spawn_app(backend).await;
        server::demo::load(&app.db).await.unwrap();
        let logs = Logs::new(app.db.clone(), Arc::new(LocalSource::new(app.db.clone())), PriceTable::default(), "us-east-1".into());
        let loaded = server::demo::invocations::load(&app.db, &logs, 1).await.unwrap();
        assert!(loaded.invocations > 1000 && loaded.malformed_reports == 0, "{loaded:?}");
        let again = server::demo::invocations::load(&app.db, &logs, 1).await.unwrap();
        assert_eq!(again.accepted, 0, "loading the demo again adds nothing");

        let costs = app.get_json("/api/v1/costs?group_by=function", 200).await;
        let lines = costs["lines"].as_array().unwrap();
        assert!(lines.len() > 30, "{}", lines.len());
        assert!(lines.iter().map(|l| l["errors"].as_i64().unwrap()).sum::<i64>() > 0);
        assert!(costs["total_cost_usd"].as_f64().unwrap() > 0.0);
        let teams = app.get_json("/api/v1/costs?group_by=team", 200).await;
        assert!(teams["lines"].as_array().unwrap().len() >= 5, "{teams}");

        let busiest = lines.iter().max_by_key(|l| l["invocations"].as_i64().unwrap()).unwrap()["id"].as_i64().unwrap();
        let from = chrono::Utc::now() - chrono::Duration::days(4);
        let metrics = app.get_json(&format!("/api/v1/functions/{busiest}/metrics?from={}", from.timestamp_millis()), 200).await;
        assert_eq!(metrics["granularity"], "day");
        assert!(metrics["total"]["cold_starts"].as_u64().unwrap() > 0, "{metrics}");
        assert!(metrics["total"]["duration_p99_ms"].as_f64().unwrap() >= metrics["total"]["duration_p50_ms"].as_f64().unwrap());
        let page = app.get_json(&format!("/api/v1/functions/{busiest}/logs?from={}&limit=50", from.timestamp_millis()), 200).await;
        assert_eq!(page["events"].as_array().unwrap().len(), 50);
    }
}
