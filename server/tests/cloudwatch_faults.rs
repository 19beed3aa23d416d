//! CloudWatch failures: a missing log group (real, in moto), and throttling, 5xx, access denied
//! and a stalled endpoint through a TCP proxy in front of moto. Each gives its typed LogError,
//! retries stay bounded, the API and the logs page say what failed and what to check, and the
//! rest keeps working.

mod common;

use std::time::{Duration, Instant};

use common::moto::{cloudwatch_source, moto_url, seed, seed_client, unique};
use common::proxy::FaultyLink;
use common::{TestApp, spawn_app_with_source};
use server::db::Backend;
use server::logs::puller::{PullError, Puller, PullerSettings};
use server::logs::retry::RetryPolicy;
use server::logs::{LogError, LogQuery, LogTarget};

const ATTEMPTS: u32 = 3;

async fn proxied_moto() -> FaultyLink {
    let url = moto_url();
    let authority = url.trim_start_matches("http://").trim_end_matches('/');
    let upstream = tokio::net::lookup_host(authority).await.expect("moto address").next().expect("an address");
    FaultyLink::start(upstream).await
}

/// An app reading CloudWatch through `link`, with one function whose log group holds an event.
async fn app_behind(backend: Backend, link: &FaultyLink, timeout: Duration) -> (TestApp, i64, LogTarget) {
    let app = spawn_app_with_source(backend, cloudwatch_source(&link.url(), timeout)).await;
    let service = unique("cwfault");
    let function_id = app.add_function(&service).await;
    let log_group = format!("/aws/lambda/{service}-prod-invoice");
    let now = chrono::Utc::now().timestamp_millis();
    seed(&seed_client(&moto_url()), &log_group, "s", &[(now - 1000, "hello".to_string())]).await;
    (app, function_id, LogTarget { function_id, region: "us-east-1".into(), log_group, stream_function: None })
}

fn puller(app: &TestApp, link: &FaultyLink, timeout: Duration) -> Puller {
    let settings = PullerSettings {
        settle: Duration::ZERO,
        retry: RetryPolicy {
            attempts: ATTEMPTS,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(40),
        },
        ..PullerSettings::default()
    };
    Puller::new(app.db.clone(), cloudwatch_source(&link.url(), timeout), settings)
}

/// The function's logs page renders whole, with `said` in its error box.
async fn page_says(app: &TestApp, function_id: i64, said: &str) {
    let (status, html) = app.get(&format!("/functions/{function_id}/logs")).await;
    assert_eq!(status, 200, "the page renders around the failure");
    assert!(html.contains("aria-label=\"Function views\""), "the function's own page is there");
    let start = html.find("class=\"error-box\"").unwrap_or_else(|| panic!("no error box for {said:?}"));
    // The box alone, not the data sent along for hydration further down.
    let error_box = &html[start..start + html[start..].find("</div>").expect("the box closes")];
    assert!(error_box.contains("The logs could not be read."), "what failed: {error_box}");
    assert!(error_box.contains(said), "what to check: {said:?} in {error_box}");
}

fn query() -> LogQuery {
    LogQuery { limit: 10, ..LogQuery::default() }
}

on_both_backends! {
    async fn throttling_and_server_errors_are_retried_a_bounded_number_of_times(backend: Backend) {
        let link = proxied_moto().await;
        let (app, function_id, target) = app_behind(backend, &link, Duration::from_secs(5)).await;
        let function = app.db.log_function(function_id).await.unwrap().unwrap();
        let puller = puller(&app, &link, Duration::from_secs(5));
        let cases: [(u16, &str, &str, fn(&LogError) -> bool); 3] = [
            (400, "Bad Request", "ThrottlingException", |e| matches!(e, LogError::Throttled { .. })),
            (503, "Service Unavailable", "ServiceUnavailableException", |e| matches!(e, LogError::ServerError { status: 503, .. })),
            (500, "Internal Server Error", "InternalFailure", |e| matches!(e, LogError::ServerError { status: 500, .. })),
        ];
        for (status, reason, error_type, expected) in cases {
            link.answer_aws_error(status, reason, error_type);
            let before = link.connections();
            let error = cloudwatch_source(&link.url(), Duration::from_secs(5)).fetch(&target, &query()).await.unwrap_err();
            assert!(expected(&error), "{error_type}: {error:?}");
            assert!(error.to_string().contains(&target.log_group), "says what failed: {error}");
            assert_eq!(link.connections() - before, 1, "a page fetch is never retried behind the caller's back");

            let before = link.connections();
            match puller.pull_function(&function).await {
                Err(PullError::Source(error)) => assert!(expected(&error), "{error_type}: {error:?}"),
                other => panic!("{error_type}: {other:?}"),
            }
            assert_eq!(link.connections() - before, ATTEMPTS as usize, "{error_type}: bounded retries");
            let said = if status == 400 { "throttled the request for" } else { "had a server error" };
            page_says(&app, function_id, said).await;
        }
        // Once CloudWatch recovers, the same puller picks up what it missed.
        link.restore();
        let pull = puller.pull_function(&function).await.unwrap();
        assert_eq!(pull.events, 1);
    }

    async fn access_denied_and_a_missing_log_group_fail_at_once_with_what_to_check(backend: Backend) {
        let link = proxied_moto().await;
        let (app, function_id, target) = app_behind(backend, &link, Duration::from_secs(5)).await;
        let source = cloudwatch_source(&link.url(), Duration::from_secs(5));

        let missing = LogTarget { log_group: "/aws/lambda/never-deployed".into(), ..target.clone() };
        let error = source.fetch(&missing, &query()).await.unwrap_err();
        assert!(matches!(error, LogError::LogGroupNotFound { .. }), "{error:?}");
        assert!(error.to_string().contains("/aws/lambda/never-deployed does not exist in us-east-1"), "{error}");
        // A function never invoked has no log group yet.
        let quiet = unique("cwquiet");
        let quiet_id = app.add_function(&quiet).await;
        page_says(&app, quiet_id, &format!("/aws/lambda/{quiet}-prod-invoice does not exist in us-east-1")).await;

        link.answer_aws_error(400, "Bad Request", "AccessDeniedException");
        let error = source.fetch(&target, &query()).await.unwrap_err();
        assert!(matches!(error, LogError::AccessDenied { .. }), "{error:?}");
        assert!(error.to_string().contains("logs:FilterLogEvents"), "{error}");
        let function = app.db.log_function(function_id).await.unwrap().unwrap();
        let before = link.connections();
        assert!(puller(&app, &link, Duration::from_secs(5)).pull_function(&function).await.is_err());
        assert_eq!(link.connections() - before, 1, "access denied is not retried");

        let (status, body) = app.get(&format!("/api/v1/functions/{function_id}/logs")).await;
        assert_eq!(status, 502, "{body}");
        let body: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["error"]["code"], "access_denied");
        page_says(&app, function_id, "logs:FilterLogEvents").await;
    }

    async fn a_stalled_endpoint_times_out_within_the_bound_and_the_dashboard_keeps_working(backend: Backend) {
        let link = proxied_moto().await;
        let timeout = Duration::from_millis(400);
        let (app, function_id, target) = app_behind(backend, &link, timeout).await;
        link.stall();

        let started = Instant::now();
        let error = cloudwatch_source(&link.url(), timeout).fetch(&target, &query()).await.unwrap_err();
        assert!(matches!(error, LogError::Timeout { timeout_ms: 400, .. }), "{error:?}");
        assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());

        let function = app.db.log_function(function_id).await.unwrap().unwrap();
        let started = Instant::now();
        assert!(matches!(
            puller(&app, &link, timeout).pull_function(&function).await,
            Err(PullError::Source(LogError::Timeout { .. }))
        ));
        assert!(started.elapsed() < Duration::from_secs(ATTEMPTS as u64 * 2), "bounded: {:?}", started.elapsed());

        let started = Instant::now();
        let (status, body) = app.get(&format!("/api/v1/functions/{function_id}/logs")).await;
        assert_eq!(status, 504, "{body}");
        assert!(body.contains("did not answer within 400 ms"), "{body}");
        assert!(started.elapsed() < Duration::from_secs(3));
        let started = Instant::now();
        page_says(&app, function_id, "did not answer within 400 ms").await;
        assert!(started.elapsed() < Duration::from_secs(3), "the page waits at most the timeout: {:?}", started.elapsed());
        // The rest of the dashboard does not wait on CloudWatch.
        let (status, _) = app.get(&format!("/functions/{function_id}")).await;
        assert_eq!(status, 200);
        app.get_json("/api/v1/teams", 200).await;
        app.get_json(&format!("/api/v1/functions/{function_id}/metrics"), 200).await;
    }
}
