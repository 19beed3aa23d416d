//! Tests of the Subscribe snippets: exact expected text per kind, quoting of hostile
//! names, and properties every snippet keeps.

use serde_json::{Value, json};

use super::{Endpoint, EventDetail, Snippet, SnippetFormat, subscribe_snippets};

mod eventbridge_schedule;
mod hostile;
mod http_s3;
mod other_kinds;
mod quoting;
mod sns_sqs;
mod streams;

/// An event with its subscribers. Built from JSON, as the API serves it, so that the
/// tests only name the types the module imports (the app's types have timestamps too).
fn event(kind: &str, key: &str, name: &str, detail: Value, subscribers: Vec<Endpoint>) -> EventDetail {
    let value = json!({
        "event": {"id": 1, "key": key, "kind": kind, "name": name},
        "detail": detail,
        "subscribers": subscribers,
        "producers": [],
        "first_seen": "2026-01-01T00:00:00Z",
        "last_seen": "2026-01-02T00:00:00Z",
    });
    serde_json::from_value(value).expect("an EventDetail")
}

/// A subscriber `function` of `service` with its trigger settings.
fn subscriber(function: &str, service: &str, config: Value) -> Endpoint {
    endpoint(function, service, config, None)
}

/// A subscriber, removed at `removed_at` when given.
fn endpoint(function: &str, service: &str, config: Value, removed_at: Option<&str>) -> Endpoint {
    let value = json!({
        "function_id": 1,
        "function": function,
        "service": {"id": 1, "name": service, "stage": "prod", "region": "us-east-1", "team": null},
        "config": config,
        "removed_at": removed_at,
    });
    serde_json::from_value(value).expect("an Endpoint")
}

/// Snippets for a function named `myFunction`.
fn render(e: &EventDetail) -> Vec<Snippet> {
    subscribe_snippets(e, "myFunction")
}

/// Asserts the (title, text, note) of every snippet, in order.
fn assert_snippets(e: &EventDetail, expected: &[(&str, &str, Option<&str>)]) {
    let got = render(e);
    let titles: Vec<&str> = got.iter().map(|s| s.title.as_str()).collect();
    let want: Vec<&str> = expected.iter().map(|x| x.0).collect();
    assert_eq!(titles, want, "snippet titles");
    for (s, (title, text, note)) in got.iter().zip(expected) {
        assert_eq!(s.text, *text, "text of the {title} snippet");
        assert_eq!(s.note.as_deref(), *note, "note of the {title} snippet");
    }
}

/// One fixture of every kind, a few with subscribers.
fn every_kind() -> Vec<EventDetail> {
    vec![
        event("sns_topic", "sns:t", "t", json!({}), vec![]),
        event("sqs_queue", "sqs:q", "q", json!({}), vec![subscriber("a", "s", json!({}))]),
        event(
            "eventbridge_rule",
            "eventbridge:default:{}",
            "default {}",
            json!({"bus": "default", "pattern": {"source": ["x"]}}),
            vec![],
        ),
        event("eventbridge_bus", "eventbridge:b", "b", json!({}), vec![]),
        event("schedule", "schedule:s:f:rate(1 hour)", "rate(1 hour)", json!({"expression": "rate(1 hour)"}), vec![]),
        event("http_route", "http:s:GET /", "GET /", json!({"method": "GET", "path": "/", "api": "http"}), vec![]),
        event("http_route", "url:s:f", "function URL", json!({"api": "function_url"}), vec![]),
        event("websocket_route", "websocket:s:$default", "$default", json!({"route": "$default"}), vec![]),
        event("s3_bucket", "s3:b", "b", json!({"events": []}), vec![]),
        event("dynamodb_stream", "dynamodb:t", "t", json!({}), vec![]),
        event("kinesis_stream", "kinesis:k", "k", json!({}), vec![]),
        event("firehose_stream", "firehose:f", "f", json!({}), vec![]),
        event("kafka_topic", "kafka::t", "t", json!({"cluster": "", "topic": "t"}), vec![]),
        event("mq_queue", "mq:b:q", "q", json!({"broker": "b", "queue": "q"}), vec![]),
        event("iot_rule", "iot:SELECT 1", "SELECT 1", json!({"sql": "SELECT 1"}), vec![]),
        event(
            "cognito_trigger",
            "cognito:p:PreSignUp",
            "p PreSignUp",
            json!({"pool": "p", "trigger": "PreSignUp"}),
            vec![],
        ),
        event("cloudwatch_logs", "logs:g", "g", json!({}), vec![]),
        event("alexa_skill", "alexa:s/f", "s/f", Value::Null, vec![]),
        event("alexa_smart_home", "alexaSmartHome:x", "x", Value::Null, vec![]),
        event("alb", "alb:s/Tg", "s/Tg", json!({"targetGroup": "s/Tg"}), vec![]),
        event(
            "cloudfront",
            "cloudfront:s:viewer-request:*",
            "viewer-request *",
            json!({"eventType": "viewer-request", "pathPattern": "*"}),
            vec![],
        ),
        event(
            "documentdb_stream",
            "documentdb:c:d/c",
            "d/c",
            json!({"cluster": "c", "database": "d", "collection": "c"}),
            vec![],
        ),
        event("something_new", "something_new:s:f:null", "something_new", Value::Null, vec![]),
        event("", "", "", Value::Null, vec![]),
    ]
}

#[test]
fn every_kind_gets_at_least_one_snippet_without_trailing_whitespace() {
    for e in every_kind() {
        let snippets = render(&e);
        assert!(!snippets.is_empty(), "{}", e.event.kind);
        for s in &snippets {
            assert!(!s.text.is_empty(), "{} {}", e.event.kind, s.title);
            assert!(!s.text.ends_with('\n'), "{} {}", e.event.kind, s.title);
            for line in s.text.lines() {
                assert_eq!(line, line.trim_end(), "{} {}: trailing whitespace", e.event.kind, s.title);
            }
            assert!(["yaml", "shell", "json"].contains(&s.language.as_str()));
        }
    }
}

#[test]
fn snippets_come_in_the_order_serverless_sam_aws() {
    let formats: Vec<SnippetFormat> = render(&every_kind()[0]).iter().map(|s| s.format).collect();
    assert_eq!(formats, [SnippetFormat::Serverless, SnippetFormat::Sam, SnippetFormat::Aws]);
}

#[test]
fn the_same_event_gives_the_same_text_whatever_the_order_of_its_subscribers() {
    let a = subscriber("a", "svc-a", json!({"filterPolicy": {"k": ["v"]}}));
    let b = subscriber("b", "svc-b", json!({"filterPolicy": {"z": ["y"], "a": ["b"]}}));
    let one = event("sns_topic", "sns:t", "t", json!({}), vec![a.clone(), b.clone()]);
    let two = event("sns_topic", "sns:t", "t", json!({}), vec![b, a]);
    assert_eq!(render(&one), render(&two));
}

#[test]
fn removed_subscribers_are_not_counted_as_consumers() {
    let gone = endpoint("old", "svc", json!({}), Some("2026-01-01T00:00:00Z"));
    let e = event("sqs_queue", "sqs:q", "q", json!({}), vec![gone]);
    let note = render(&e)[0].note.clone().unwrap_or_default();
    assert!(!note.contains("ONE consumer"), "{note}");
}

#[test]
fn an_empty_function_name_falls_back_to_my_function() {
    let e = &every_kind()[0];
    assert_eq!(subscribe_snippets(e, "  "), subscribe_snippets(e, "myFunction"));
}

#[test]
fn every_format_uses_the_given_function_name() {
    let e = &every_kind()[0];
    let s = subscribe_snippets(e, "orderAudit");
    assert!(s[0].text.contains("\n  orderAudit:\n"), "{}", s[0].text);
    assert!(s[1].text.contains("\n  OrderAudit:\n"), "{}", s[1].text);
    assert!(s[2].text.contains("\nFUNCTION_NAME=orderAudit\n"), "{}", s[2].text);
}
