//! The CloudWatch Logs source against moto's real server: listing, filtering (only what moto
//! implements: single terms, several terms, quoted phrases), pagination, the logs page's
//! newest-first reading, log groups named in manifests, and the puller's incremental cursor.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use common::moto::{cloudwatch_source, moto_url, seed, seed_client, unique};
use common::{spawn_app, spawn_app_with_source, urlencode};
use server::db::Backend;
use server::logs::puller::{Puller, PullerSettings};
use server::logs::retry::RetryPolicy;

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn report(id: &str, billed: u64) -> String {
    format!(
        "REPORT RequestId: {id}\tDuration: {billed}.00 ms\tBilled Duration: {billed} ms\tMemory Size: 1024 MB\tMax Memory Used: 80 MB\t"
    )
}

/// Three events of one invocation, the last two at the same millisecond as Lambda writes them.
fn invocation(id: &str, at: i64, billed: u64) -> Vec<(i64, String)> {
    vec![
        (at, format!("START RequestId: {id} Version: $LATEST")),
        (at + billed as i64, format!("END RequestId: {id}")),
        (at + billed as i64, report(id, billed)),
    ]
}

/// A request id shaped like Lambda's (a UUID), so lines group by invocation.
fn request_id(i: i64) -> String {
    format!("{i:08x}-0000-4000-8000-00000000abcd")
}

fn puller_settings(page_size: usize) -> PullerSettings {
    PullerSettings {
        settle: Duration::ZERO,
        page_size,
        retry: RetryPolicy { attempts: 3, base_delay: Duration::from_millis(5), max_delay: Duration::from_millis(20) },
        ..PullerSettings::default()
    }
}

on_both_backends! {
    async fn cloudwatch_logs_are_listed_filtered_and_paginated_through_the_api(backend: Backend) {
        let moto = moto_url();
        let app = spawn_app_with_source(backend, cloudwatch_source(&moto, Duration::from_secs(5))).await;
        let service = unique("cwlist");
        let function = app.add_function(&service).await;
        let group = format!("/aws/lambda/{service}-prod-invoice");
        let base = now_ms() - 600_000;
        let message = |i: i64| {
            if i % 8 == 0 { format!("ERROR payment failed for order {i}") } else { format!("INFO processed order {i}") }
        };
        let client = seed_client(&moto);
        let first: Vec<(i64, String)> = (0..13).map(|i| (base + i * 1000, message(i))).collect();
        let second: Vec<(i64, String)> = (13..25).map(|i| (base + i * 1000, message(i))).collect();
        seed(&client, &group, "2026/11/23/[$LATEST]aaaa", &first).await;
        seed(&client, &group, "2026/11/23/[$LATEST]bbbb", &second).await;

        let range = format!("from={}&to={}", base - 1, base + 60_000);
        let mut seen = HashSet::new();
        let mut token: Option<String> = None;
        let mut pages = 0;
        loop {
            let mut url = format!("/api/v1/functions/{function}/logs?{range}&limit=10");
            if let Some(token) = &token {
                url.push_str(&format!("&next_token={}", urlencode(token)));
            }
            let page = app.get_json(&url, 200).await;
            assert_eq!(page["source"], "cloudwatch");
            assert_eq!(page["log_group"], group.as_str());
            pages += 1;
            for event in page["events"].as_array().unwrap() {
                assert!(seen.insert(event["event_id"].as_str().unwrap().to_string()), "an event came twice: {event}");
                assert!(event["stream"].as_str().unwrap().starts_with("2026/11/23/"));
            }
            match page["next_token"].as_str() {
                Some(next) => token = Some(next.to_string()),
                None => break,
            }
            assert!(pages < 10, "pagination does not end");
        }
        assert_eq!((seen.len(), pages), (25, 3));

        let count = |filter: &str| {
            let url = format!("/api/v1/functions/{function}/logs?{range}&filter={}", urlencode(filter));
            let app = &app;
            async move { app.get_json(&url, 200).await["events"].as_array().unwrap().len() }
        };
        assert_eq!(count("ERROR").await, 4, "a single term (orders 0, 8, 16, 24)");
        assert_eq!(count("payment order").await, 4, "several terms");
        assert_eq!(count("processed").await, 21);
        assert_eq!(count("\"payment failed\"").await, 4, "a quoted phrase");
        assert_eq!(count("\"failed payment\"").await, 0);
        let narrow = format!("/api/v1/functions/{function}/logs?from={}&to={}", base + 2000, base + 4000);
        assert_eq!(app.get_json(&narrow, 200).await["events"].as_array().unwrap().len(), 3, "the time range is inclusive");
    }

    async fn the_puller_counts_every_event_once_across_pulls_even_at_equal_timestamps(backend: Backend) {
        let moto = moto_url();
        let app = spawn_app(backend).await;
        let service = unique("cwpull");
        let function_id = app.add_function(&service).await;
        let function = app.db.log_function(function_id).await.unwrap().unwrap();
        let group = format!("/aws/lambda/{service}-prod-invoice");
        let client = seed_client(&moto);
        // Page size 2 makes every pull follow nextToken several times.
        let puller = Puller::new(app.db.clone(), cloudwatch_source(&moto, Duration::from_secs(5)), puller_settings(2));

        let base = now_ms() - 300_000;
        let mut first = Vec::new();
        for (i, billed) in [100, 200, 300, 400].into_iter().enumerate() {
            first.extend(invocation(&format!("a{i}"), base + i as i64 * 1000, billed));
        }
        let last_at = first.last().unwrap().0;
        seed(&client, &group, "stream-1", &first).await;
        let pull = puller.pull_function(&function).await.unwrap();
        assert_eq!((pull.events, pull.invocations), (12, 4));
        assert!(pull.requests >= 6, "followed nextToken: {pull:?}");

        // Another execution environment logged at the very millisecond the last pull ended on,
        // and more came later.
        let mut same_moment = vec![(last_at, format!("START RequestId: b0 Version: $LATEST")), (last_at, report("b0", 50))];
        same_moment.extend(invocation("b1", last_at + 5000, 60));
        seed(&client, &group, "stream-2", &same_moment).await;
        let mut later = Vec::new();
        later.extend(invocation("b2", last_at + 9000, 70));
        later.extend(invocation("b3", last_at + 9500, 80));
        seed(&client, &group, "stream-1", &later).await;

        let pull = puller.pull_function(&function).await.unwrap();
        assert_eq!((pull.events, pull.invocations), (11, 4), "only what is new, the equal-timestamp events included");
        let pull = puller.pull_function(&function).await.unwrap();
        assert_eq!((pull.events, pull.invocations), (0, 0), "nothing twice");

        let metrics = app.get_json(&format!("/api/v1/functions/{function_id}/metrics?from={}&to={}", base - 3_600_000, now_ms() + 3_600_000), 200).await;
        assert_eq!(metrics["total"]["invocations"], 8);
        let billed_ms: f64 = [100.0, 200.0, 300.0, 400.0, 50.0, 60.0, 70.0, 80.0].iter().sum();
        let gb_seconds = metrics["total"]["billed_gb_seconds"].as_f64().unwrap();
        assert!((gb_seconds - billed_ms / 1000.0).abs() < 1e-9, "1 GB functions: {gb_seconds}");

        let summary = puller.pull_all().await.unwrap();
        assert!(summary.failures.iter().all(|(group, _)| !group.contains(&service)), "{:?}", summary.failures);
    }

    async fn the_logs_page_reads_cloudwatch_newest_first_in_pages_that_skip_and_repeat_nothing(backend: Backend) {
        use server::logs::cost::PriceTable;
        use server::logs::service::Logs;

        let moto = moto_url();
        let app = spawn_app(backend).await;
        let service = unique("cwnewest");
        let function_id = app.add_function(&service).await;
        let group = format!("/aws/lambda/{service}-prod-invoice");
        let client = seed_client(&moto);
        // 40 invocations over the last three hours: the page's first slices (5 and 20 minutes)
        // hold few of them, so pages must walk back through longer slices.
        let end = now_ms() - 60_000;
        let mut events = Vec::new();
        for i in 0..40 {
            events.extend(invocation(&request_id(i), end - i * 270_000, 100 + i as u64));
        }
        events.sort();
        seed(&client, &group, "2026/11/23/[$LATEST]newest", &events).await;

        let logs = Logs::new(app.db.clone(), cloudwatch_source(&moto, Duration::from_secs(5)), PriceTable::default(), "us-east-1".into());
        let (from, to) = (end - 4 * 3_600_000, end + 1000);
        let mut seen: Vec<(i64, String)> = Vec::new();
        let mut before: Option<String> = None;
        let mut pages = 0;
        loop {
            let page = logs.function_timeline(function_id, from, to, None, before.as_deref(), 25).await.unwrap();
            assert_eq!((page.source.as_str(), page.log_group.as_str()), ("cloudwatch", group.as_str()));
            let mut lines: Vec<(i64, String)> = page
                .invocations
                .iter()
                .flat_map(|invocation| invocation.lines.iter().map(|line| (line.timestamp.timestamp_millis(), line.message.clone())))
                .collect();
            assert!(lines.len() <= 27, "a page holds about the limit: {}", lines.len());
            let newest_here = lines.iter().map(|line| line.0).max().unwrap_or(i64::MIN);
            if let Some(oldest_before) = seen.iter().map(|line| line.0).min() {
                assert!(newest_here <= oldest_before, "each page is older than the one before it");
            }
            seen.append(&mut lines);
            pages += 1;
            match page.older {
                Some(older) => before = Some(older),
                None => break,
            }
            assert!(pages < 20, "paging does not end");
        }
        assert!(pages >= 5, "120 events in pages of 25: {pages}");
        let unique: HashSet<&(i64, String)> = seen.iter().collect();
        assert_eq!((seen.len(), unique.len()), (events.len(), events.len()), "every event once");
        let newest = logs.function_timeline(function_id, from, to, None, None, 3).await.unwrap();
        assert_eq!(newest.invocations[0].request_id, Some(request_id(0)), "the newest invocation comes first: {newest:?}");
        assert_eq!(newest.invocations[0].billed_duration_ms, Some(100));
    }

    async fn a_log_group_shared_by_functions_is_read_and_pulled_per_function(backend: Backend) {
        let moto = moto_url();
        let app = spawn_app_with_source(backend, cloudwatch_source(&moto, Duration::from_secs(5))).await;
        let service = unique("cwgroup");
        let group = format!("/custom/{service}/all");
        // The provider's log group for both functions; Lambda names each function's streams in
        // a custom group `YYYY/MM/DD/<function name>[<version>]<id>`.
        let manifest = format!(
            "service: {service}\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  memorySize: 1024\n  logs:\n    lambda:\n      logGroup: {group}\nfunctions:\n  invoice:\n    handler: h.main\n  refund:\n    handler: r.main\n"
        );
        let query = format!("path={service}/serverless.yml&stage=prod&region=us-east-1&team=billing");
        let (status, body) = app.push_manifest(&query, &manifest, Some(common::ADMIN_TOKEN)).await;
        assert_eq!(status, 200, "{body}");
        let functions = app.db.pullable_functions().await.unwrap();
        let function = |name: &str| {
            let deployed = format!("{service}-prod-{name}");
            functions.iter().find(|f| f.deployed_name.as_deref() == Some(deployed.as_str())).cloned().expect("stored")
        };
        let (invoice, refund) = (function("invoice"), function("refund"));
        assert_eq!((invoice.log_group.as_deref(), refund.log_group.as_deref()), (Some(group.as_str()), Some(group.as_str())));

        let client = seed_client(&moto);
        let at = now_ms() - 120_000;
        let stream = |name: &str| format!("2026/11/23/{service}-prod-{name}[$LATEST]0a1b2c");
        seed(&client, &group, &stream("invoice"), &invocation(&request_id(1), at, 250)).await;
        let mut refunds = invocation(&request_id(2), at + 10, 300);
        refunds.extend(invocation(&request_id(3), at + 20, 400));
        refunds.sort();
        seed(&client, &group, &stream("refund"), &refunds).await;
        // The default group gets a line too: it must not be what is read.
        seed(&client, &format!("/aws/lambda/{service}-prod-invoice"), "stream", &[(at, "not this group".to_string())]).await;

        let messages = |id: i64| {
            let (app, group) = (&app, &group);
            async move {
                let page = app.get_json(&format!("/api/v1/functions/{id}/logs?from={}&to={}", at - 1000, at + 60_000), 200).await;
                assert_eq!(page["log_group"], group.as_str());
                page["events"].as_array().unwrap().iter().map(|e| e["message"].as_str().unwrap().to_string()).collect::<Vec<_>>()
            }
        };
        let of_invoice = messages(invoice.id).await;
        assert_eq!(of_invoice.len(), 3, "only the invoice function's streams: {of_invoice:?}");
        assert!(of_invoice.iter().all(|m| m.contains(&request_id(1))), "{of_invoice:?}");
        assert_eq!(messages(refund.id).await.len(), 6);

        let puller = Puller::new(app.db.clone(), cloudwatch_source(&moto, Duration::from_secs(5)), puller_settings(100));
        let summary = puller.pull_all().await.unwrap();
        assert!(summary.failures.iter().all(|(group, _)| !group.contains(&service)), "{:?}", summary.failures);
        let pull = puller.pull_function(&invoice).await.unwrap();
        assert_eq!((pull.events, pull.invocations), (0, 0), "each function keeps its own cursor in the shared group");
        let invocations = |id: i64| {
            let app = &app;
            async move {
                let url = format!("/api/v1/functions/{id}/metrics?from={}&to={}", at - 3_600_000, now_ms() + 3_600_000);
                app.get_json(&url, 200).await["total"]["invocations"].as_i64().unwrap()
            }
        };
        assert_eq!((invocations(invoice.id).await, invocations(refund.id).await), (1, 2), "each invocation counted once, for its own function");
    }
}
