//! Kinds with simpler recipes, and kinds with none.

use serde_json::json;

use super::{assert_snippets, event, subscriber};

/// No recipe: a note with the event's settings.
#[test]
fn an_unknown_kind_gets_a_single_note_snippet() {
    let e =
        event("googlePubSub", r#"googlePubSub:svc:fn:{"topic":"x"}"#, "googlePubSub", json!({"topic": "x"}), vec![]);
    assert_snippets(
        &e,
        &[(
            "Note",
            r#"# No subscription recipe for googlePubSub events (googlePubSub).
# The event's settings: {"topic":"x"}
# Copy the trigger of an existing subscriber and check it against the docs of its tool."#,
            Some(r#"Switchboard does not know how to subscribe to this kind of event."#),
        )],
    );
}

// Hand-written tests below (scripts/gen_tests.py keeps them).

fn texts(e: &super::EventDetail) -> Vec<(String, String, Option<String>)> {
    super::render(e).into_iter().map(|s| (s.title, s.text, s.note)).collect()
}

#[test]
fn a_function_url_gives_the_new_function_a_url_of_its_own() {
    let e = event("http_route", "url:svc:fn", "function URL", json!({"api": "function_url"}), vec![]);
    let t = texts(&e);
    assert_eq!(
        t[0].1,
        "functions:\n  myFunction:\n    # handler, runtime, ...: as for your other functions\n    url:\n      authorizer: aws_iam"
    );
    assert!(t[1].1.ends_with("      FunctionUrlConfig:\n        AuthType: AWS_IAM"), "{}", t[1].1);
    assert!(t[2].1.ends_with("  --function-name \"$FUNCTION_NAME\" \\\n  --auth-type AWS_IAM"), "{}", t[2].1);
}

#[test]
fn a_websocket_route_adds_a_route_named_after_the_function() {
    let e = event(
        "websocket_route",
        "websocket:rt:$connect",
        "$connect",
        json!({"route": "$connect"}),
        vec![subscriber("connect", "rt", json!({}))],
    );
    let t = texts(&e);
    assert!(t[0].1.ends_with("      - websocket:\n          route: myFunction"), "{}", t[0].1);
    assert!(t[1].1.contains("\n      RouteKey: myFunction\n"), "{}", t[1].1);
    assert!(t[2].1.contains("\n  --route-key myFunction \\\n"), "{}", t[2].1);
}

#[test]
fn a_cognito_trigger_warns_that_it_replaces_the_current_function() {
    let e = event(
        "cognito_trigger",
        "cognito:users:PreSignUp",
        "users PreSignUp",
        json!({"pool": "users", "trigger": "PreSignUp"}),
        vec![subscriber("preSignUp", "auth", json!({}))],
    );
    for (title, _, note) in texts(&e) {
        let note = note.unwrap_or_default();
        assert!(note.contains("REPLACES preSignUp (auth) as the PreSignUp trigger"), "{title}: {note}");
    }
}

#[test]
fn a_log_group_with_two_subscribers_is_at_its_limit() {
    let subs = vec![subscriber("a", "s", json!({})), subscriber("b", "s", json!({}))];
    let e = event("cloudwatch_logs", "logs:/aws/lambda/x", "/aws/lambda/x", json!({}), subs);
    let t = texts(&e);
    assert_eq!(t[0].2.as_deref(), Some("A log group takes at most two subscription filters and already has 2."));
    assert!(t[1].1.contains("\n            FilterPattern: \"\""), "{}", t[1].1);
}

#[test]
fn a_firehose_stream_only_gets_a_note() {
    let e = event("firehose_stream", "firehose:events", "events", json!({}), vec![]);
    assert_eq!(
        texts(&e),
        [(
            "Note".to_string(),
            "# Firehose delivery stream events.\n# Firehose does not invoke subscribers: a function can only be the stream's\n# record transformer, and a stream has one. To process the same records,\n# subscribe to the stream's source (Kinesis stream, EventBridge rule, ...).".to_string(),
            Some("A Firehose delivery stream takes one transformation function and has no subscribers.".to_string()),
        )]
    );
}

#[test]
fn a_sns_fifo_topic_says_lambda_cannot_subscribe_to_it() {
    let e = event("sns_topic", "sns:orders.fifo", "orders.fifo", json!({}), vec![]);
    for (_, _, note) in texts(&e) {
        assert!(note.unwrap_or_default().starts_with("Lambda cannot subscribe to an SNS FIFO topic"));
    }
}

#[test]
fn an_alb_listener_rule_needs_a_free_priority() {
    let listener = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/1/2";
    let e = event(
        "alb",
        &format!("alb:{listener}:10"),
        &format!("{listener}:10"),
        json!({"listener": listener, "priority": "10", "conditions": {"path": "/hello"}}),
        vec![],
    );
    let t = texts(&e);
    assert!(t[0].1.ends_with(&format!("          listenerArn: {listener}\n          priority: PRIORITY\n          conditions:\n            path: /my-function")), "{}", t[0].1);
    assert!(t[2].1.contains("\nAWS_REGION=eu-west-1\n"), "{}", t[2].1);
    assert!(t[2].1.contains("\n: \"${PRIORITY:?set PRIORITY}\"\n"), "{}", t[2].1);
}

#[test]
fn a_documentdb_stream_maps_the_collection() {
    let e = event(
        "documentdb_stream",
        "documentdb:docs:shop/orders",
        "shop/orders",
        json!({"cluster": "docs", "database": "shop", "collection": "orders"}),
        vec![],
    );
    let t = texts(&e);
    assert!(t[0].1.contains("\n        FunctionName: !Ref MyFunctionLambdaFunction\n"), "{}", t[0].1);
    assert!(t[1].1.contains("\n          Type: DocumentDB\n"), "{}", t[1].1);
    assert!(
        t[2].1.contains(
            "\n  --document-db-event-source-config '{\"CollectionName\":\"orders\",\"DatabaseName\":\"shop\"}' \\\n"
        ),
        "{}",
        t[2].1
    );
}

#[test]
fn a_cron_schedule_without_timezone_stays_a_plain_yaml_scalar_and_one_shell_word() {
    let cron = "cron(5 * * * ? *)";
    let e = event("schedule", &format!("schedule:s:f:{cron}"), cron, json!({"expression": cron}), vec![]);
    let t = texts(&e);
    assert!(t[0].1.ends_with("\n      - schedule: cron(5 * * * ? *)"), "{}", t[0].1);
    assert!(
        t[1].1.ends_with("\n          Type: Schedule\n          Properties:\n            Schedule: cron(5 * * * ? *)"),
        "{}",
        t[1].1
    );
    assert!(t[2].1.contains("\n  --schedule-expression 'cron(5 * * * ? *)' \\\n"), "{}", t[2].1);
}
