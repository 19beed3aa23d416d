//! Corpus contract and hand-checked samples from aws-samples/serverless-patterns.

mod safety;
mod serverless_yml;
mod templates;
mod variables;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::*;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/serverless-patterns");

/// Files of the corpus that are genuinely malformed YAML (checked by hand):
/// - `apigw-custom-domain-edge/template.yaml` line 35: `MappingRestEdge:curc` is a
///   plain scalar (no space after `:`) followed by an indented mapping.
/// - `rds-sns-event-notification/template.yaml` line 3: text after the closing
///   quote of a quoted scalar (`'...' (uksb-...)`).
const MALFORMED: &[&str] = &["apigw-custom-domain-edge/template.yaml", "rds-sns-event-notification/template.yaml"];

pub(super) fn corpus_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.file_name().and_then(|n| n.to_str()).is_some_and(is_manifest_file_name) {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(Path::new(CORPUS), &mut out);
    out.sort();
    out
}

fn folder_of(path: &Path) -> String {
    path.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()).unwrap_or("").to_string()
}

pub(super) fn parse_corpus_file(path: &Path) -> Result<ParsedService, ManifestError> {
    let text = std::fs::read_to_string(path).expect("corpus file is readable UTF-8");
    let opts = ParseOptions { fallback_service_name: folder_of(path), ..ParseOptions::default() };
    parse_manifest(path, &text, &opts, &FsLoader::new(CORPUS, DEFAULT_MAX_BYTES))
}

#[test]
fn every_corpus_file_is_parsed_or_rejected_with_a_line_and_only_malformed_yaml_is_rejected() {
    let files = corpus_files();
    assert!(files.len() >= 519, "corpus has {} manifests", files.len());
    let mut rejected = BTreeSet::new();
    for path in &files {
        if let Err(e) = parse_corpus_file(path) {
            assert!(e.line.is_some(), "{}: rejected without a line: {e}", path.display());
            assert!(e.message.starts_with("invalid YAML"), "{}: rejected for a non-syntax reason: {e}", path.display());
            let rel = path.strip_prefix(CORPUS).unwrap_or(path).to_string_lossy().to_string();
            rejected.insert(rel);
        }
    }
    let expected: BTreeSet<String> = MALFORMED.iter().map(|s| s.to_string()).collect();
    assert_eq!(rejected, expected);
}

#[test]
fn the_whole_corpus_parses_well_under_a_second_in_release_mode() {
    let texts: Vec<(PathBuf, String)> =
        corpus_files().into_iter().filter_map(|p| std::fs::read_to_string(&p).ok().map(|t| (p, t))).collect();
    let start = std::time::Instant::now();
    let mut functions = 0;
    for (p, t) in &texts {
        let opts = ParseOptions { fallback_service_name: folder_of(p), ..ParseOptions::default() };
        if let Ok(s) = parse_manifest(p, t, &opts, &NoFiles) {
            functions += s.functions.len();
        }
    }
    let elapsed = start.elapsed();
    assert!(functions > 500);
    if !cfg!(debug_assertions) {
        assert!(elapsed.as_millis() < 500, "corpus took {elapsed:?}");
    }
}

/// A function as a reader of the manifest sees it: name, line, what triggers it,
/// what it publishes to.
type Func<'a> = (&'a str, u32, &'a [&'a str], &'a [&'a str]);

fn check(file: &str, functions: &[Func<'_>], events: &[(&str, &str)]) {
    let path = Path::new(CORPUS).join(file);
    let service = parse_corpus_file(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    let got: Vec<(String, u32, Vec<String>, Vec<String>)> = service
        .functions
        .iter()
        .map(|f| {
            (
                f.name.clone(),
                f.line,
                f.triggers.iter().map(|t| t.event.0.clone()).collect(),
                f.publishes.iter().map(|k| k.0.clone()).collect(),
            )
        })
        .collect();
    let want: Vec<(String, u32, Vec<String>, Vec<String>)> = functions
        .iter()
        .map(|(n, l, t, p)| {
            (n.to_string(), *l, t.iter().map(|s| s.to_string()).collect(), p.iter().map(|s| s.to_string()).collect())
        })
        .collect();
    assert_eq!(got, want, "{file}: functions");
    let got_events: BTreeSet<(String, String)> =
        service.events.iter().map(|e| (e.key.0.clone(), e.dry_run_type.clone())).collect();
    let want_events: BTreeSet<(String, String)> = events.iter().map(|(k, t)| (k.to_string(), t.to_string())).collect();
    assert_eq!(got_events, want_events, "{file}: events");
}

const EB_PATTERN: &str =
    r#"{"detail":{"location":[{"prefix":"EUR-"}]},"detail-type":["transaction"],"source":["custom.myApp"]}"#;

#[test]
fn sam_sqs_event_with_getatt_points_at_the_queue_resource() {
    check(
        "sqs-lambda/template.yaml",
        &[("QueueConsumerFunction", 11, &["sqs:sqs-lambda/MySqsQueue"], &[])],
        &[("sqs:sqs-lambda/MySqsQueue", "sqs")],
    );
}

#[test]
fn sam_sns_event_with_ref_points_at_the_topic_resource() {
    check(
        "sns-lambda-python-sam/template.yaml",
        &[("ProcessorFunction", 8, &["sns:sns-lambda-python-sam/ProcessingTopic"], &[])],
        &[("sns:sns-lambda-python-sam/ProcessingTopic", "sns")],
    );
}

#[test]
fn sam_eventbridge_rule_is_keyed_by_bus_and_canonical_pattern() {
    let key = format!("eventbridge:default:{EB_PATTERN}");
    check(
        "eventbridge-lambda/template.yaml",
        &[("ConsumerFunction", 7, &[key.as_str()], &[])],
        &[(key.as_str(), "eventBridge")],
    );
}

#[test]
fn sam_schedule_and_schedule_v2_events_are_keyed_by_function_and_expression() {
    check(
        "eventbridge-scheduled-lambda/template.yaml",
        &[("ScheduledFunction", 6, &["schedule:eventbridge-scheduled-lambda:ScheduledFunction:rate(1 minute)"], &[])],
        &[("schedule:eventbridge-scheduled-lambda:ScheduledFunction:rate(1 minute)", "schedule")],
    );
    check(
        "eventbridge-schedule-to-lambda-sam-go/template.yaml",
        &[(
            "SchedulerLambdaFunction",
            10,
            &["schedule:eventbridge-schedule-to-lambda-sam-go:SchedulerLambdaFunction:rate(5 minute)"],
            &[],
        )],
        &[("schedule:eventbridge-schedule-to-lambda-sam-go:SchedulerLambdaFunction:rate(5 minute)", "schedule")],
    );
}

#[test]
fn sam_http_api_event_without_path_is_the_default_route() {
    check(
        "apigw-http-api-lambda-python/template.yaml",
        &[("ApiFunction", 7, &["http:apigw-http-api-lambda-python:ANY $default"], &[])],
        &[("http:apigw-http-api-lambda-python:ANY $default", "httpApi")],
    );
}

#[test]
fn sam_api_events_become_one_route_per_method_and_path() {
    check(
        "apigw-lambda-qldb/template.yaml",
        &[
            ("CreatePerson", 38, &["http:apigw-lambda-qldb:POST /person"], &[]),
            ("GetPerson", 66, &["http:apigw-lambda-qldb:GET /person/{personid}"], &[]),
            ("GetPersonHistory", 93, &["http:apigw-lambda-qldb:GET /person/history/{personid}"], &[]),
            ("UpdatePerson", 120, &["http:apigw-lambda-qldb:POST /person/{personid}"], &[]),
            ("DeletePerson", 149, &["http:apigw-lambda-qldb:DELETE /person/{personid}"], &[]),
        ],
        &[
            ("http:apigw-lambda-qldb:POST /person", "http"),
            ("http:apigw-lambda-qldb:GET /person/{personid}", "http"),
            ("http:apigw-lambda-qldb:GET /person/history/{personid}", "http"),
            ("http:apigw-lambda-qldb:POST /person/{personid}", "http"),
            ("http:apigw-lambda-qldb:DELETE /person/{personid}", "http"),
        ],
    );
}

#[test]
fn sam_s3_event_uses_the_bucket_name_property() {
    check(
        "s3-lambda-transcribe-sam/template.yaml",
        &[("SpeechToTextFunction", 12, &["s3:speech2text-input-bucket"], &[])],
        &[("s3:speech2text-input-bucket", "s3")],
    );
}

#[test]
fn sam_dynamodb_and_kinesis_streams_point_at_their_resources() {
    check(
        "dynamodb-lambda/template.yaml",
        &[("DynamoDBProcessStreamFunction", 5, &["dynamodb:dynamodb-lambda/MyDynamoDBtable"], &[])],
        &[("dynamodb:dynamodb-lambda/MyDynamoDBtable", "stream")],
    );
    check(
        "kinesis-lambda/template.yaml",
        &[("ApplicationFunction", 13, &["kinesis:kinesis-lambda/KinesisStream"], &[])],
        &[("kinesis:kinesis-lambda/KinesisStream", "stream")],
    );
}

#[test]
fn sam_msk_and_mq_events_are_keyed_by_cluster_or_broker_and_topic_or_queue() {
    check(
        "msk-lambda/template.yaml",
        &[("TopicConsumerFunction", 15, &["kafka:my-cluster:ServerlessTopic"], &[])],
        &[("kafka:my-cluster:ServerlessTopic", "msk")],
    );
    check(
        "rabbitmq-lambda/template.yaml",
        &[("MQConsumer", 20, &["mq:myQueue:myQueue"], &[])],
        &[("mq:myQueue:myQueue", "rabbitmq")],
    );
}

#[test]
fn cognito_lambda_config_and_api_event_in_one_template() {
    check(
        "apigw-cognito-certificate-bound-access-token/template.yaml",
        &[
            ("Authorizer", 53, &[], &[]),
            (
                "PreTokenGenerationFunction",
                79,
                &["cognito:apigw-cognito-certificate-bound-access-token-user-pool:PreTokenGeneration"],
                &[],
            ),
            ("ExampleFunction", 144, &["http:apigw-cognito-certificate-bound-access-token:GET /example"], &[]),
        ],
        &[
            ("cognito:apigw-cognito-certificate-bound-access-token-user-pool:PreTokenGeneration", "cognitoUserPool"),
            ("http:apigw-cognito-certificate-bound-access-token:GET /example", "http"),
        ],
    );
}

#[test]
fn sam_iot_rule_is_keyed_by_its_sql() {
    check(
        "iot-lambda/template.yaml",
        &[("IOTProcessEventFunction", 7, &[r#"iot:SELECT * FROM "$aws/things/MyIotThing/*""#], &[])],
        &[(r#"iot:SELECT * FROM "$aws/things/MyIotThing/*""#, "iot")],
    );
}

#[test]
fn websocket_routes_follow_route_integration_and_function() {
    check(
        "apigw-websocket-ack-connect-route/template.yml",
        &[
            ("OnConnectLambdaFunction", 23, &["websocket:apigw-websocket-ack-connect-route:$connect"], &[]),
            ("PostLambdaFunction", 65, &[], &[]),
            ("OnDisconnectLambdaFunction", 80, &["websocket:apigw-websocket-ack-connect-route:$disconnect"], &[]),
        ],
        &[
            ("websocket:apigw-websocket-ack-connect-route:$connect", "websocket"),
            ("websocket:apigw-websocket-ack-connect-route:$disconnect", "websocket"),
        ],
    );
}

#[test]
fn logs_subscription_filter_triggers_its_destination_function() {
    check(
        "cloudwatch-logs-subscription-lambda-sam/template.yaml",
        &[
            ("LogsGeneratorFunction", 18, &[], &[]),
            ("LogsSubscriberFunction", 32, &["logs:/aws/lambda/${LogsGeneratorFunction}"], &[]),
        ],
        &[("logs:/aws/lambda/${LogsGeneratorFunction}", "cloudwatchLog")],
    );
}

#[test]
fn documentdb_event_resolves_the_cluster_parameter_default() {
    check(
        "docdb-lambda/template.yaml",
        &[("MyLambdaFunction", 112, &["documentdb:MyCluster:docdbdemo/products"], &[])],
        &[("documentdb:MyCluster:docdbdemo/products", "documentDb")],
    );
}

#[test]
fn scheduler_schedule_resource_targets_the_function() {
    check(
        "eventbridge-schedule-to-lambda/template.yaml",
        &[(
            "ScheduledLambdaFunction",
            13,
            &["schedule:eventbridge-schedule-to-lambda:ScheduledLambdaFunction:rate(5 minute)"],
            &[],
        )],
        &[("schedule:eventbridge-schedule-to-lambda:ScheduledLambdaFunction:rate(5 minute)", "schedule")],
    );
}

#[test]
fn sam_policy_templates_make_publishers() {
    check(
        "lambda-sns/template.yaml",
        &[("TopicPublisherFunction", 11, &[], &["sns:lambda-sns/MySnsTopic"])],
        &[("sns:lambda-sns/MySnsTopic", "sns")],
    );
    check(
        "lambda-eventbridge/template.yaml",
        &[("PublisherFunction", 13, &[], &["eventbridge:default"])],
        &[("eventbridge:default", "eventBridge")],
    );
}

#[test]
fn event_source_mapping_and_inline_statements_give_triggers_and_publishes() {
    check(
        "qldb-kinesis-lambda-dynamodb/template.yaml",
        &[(
            "QldbStreamsDynamoDBLambdaFunction",
            25,
            &["kinesis:LicenceStreamKinesis"],
            &["kinesis:LicenceStreamKinesis", "sqs:qldb-kinesis-lambda-dynamodb/StreamsFailureQueue"],
        )],
        &[("kinesis:LicenceStreamKinesis", "stream"), ("sqs:qldb-kinesis-lambda-dynamodb/StreamsFailureQueue", "sqs")],
    );
}

#[test]
fn serverless_http_short_form_events() {
    check(
        "apigw-lambda-sls/serverless.yml",
        &[("logEvent", 25, &["http:apigw-lambda-sls:GET /{proxy+}", "http:apigw-lambda-sls:GET /"], &[])],
        &[("http:apigw-lambda-sls:GET /{proxy+}", "http"), ("http:apigw-lambda-sls:GET /", "http")],
    );
}

#[test]
fn serverless_http_api_long_form_events() {
    check(
        "lambda-ssm-sls/serverless.yml",
        &[
            ("lambda-ssm-sls-get", 28, &["http:lambda-ssm-sls:GET /"], &[]),
            ("lambda-ssm-sls-post", 36, &["http:lambda-ssm-sls:PUT /"], &[]),
        ],
        &[("http:lambda-ssm-sls:GET /", "httpApi"), ("http:lambda-ssm-sls:PUT /", "httpApi")],
    );
}

#[test]
fn serverless_sqs_event_with_getatt_points_at_the_resources_queue() {
    check(
        "apigw-http-api-sqs-lambda-sls/serverless.yml",
        &[("logEvent", 25, &["sqs:apigw-http-api-sqs-lambda-sls/MySqsQueue"], &[])],
        &[("sqs:apigw-http-api-sqs-lambda-sls/MySqsQueue", "sqs")],
    );
}

#[test]
fn serverless_sns_events_with_filter_policies_share_the_named_topic() {
    check(
        "apigw-sns-filter-policy-lambda-sls-py/serverless.yml",
        &[("process-foo-status", 43, &["sns:mainTopic"], &[]), ("process-bar-status", 61, &["sns:mainTopic"], &[])],
        &[("sns:mainTopic", "sns")],
    );
    let service = parse_corpus_file(&Path::new(CORPUS).join("apigw-sns-filter-policy-lambda-sls-py/serverless.yml"))
        .expect("parses");
    assert_eq!(service.name, "sls-bb245-apigw-sns-filter-sls-py");
    let foo = &service.functions[0].triggers[0];
    assert_eq!(foo.config["filterPolicy"]["status"][0], "foo");
}

#[test]
fn serverless_eventbridge_event_on_a_custom_bus() {
    let key = format!("eventbridge:demo-serverless-events:{EB_PATTERN}");
    check(
        "eventbridge-lambda-sls/serverless.yml",
        &[("logEvent", 28, &[key.as_str()], &[])],
        &[(key.as_str(), "eventBridge")],
    );
}

#[test]
fn serverless_s3_event_resolves_the_bucket_name_variable() {
    check(
        "apigw-s3-lambda-sls-py/serverless.yml",
        &[("ProcessS3Data", 19, &["s3:bb245-sfp"], &[])],
        &[("s3:bb245-sfp", "s3")],
    );
}

#[test]
fn serverless_alb_event_is_keyed_by_listener_and_priority() {
    check(
        "alb-lambda-serverless/serverless.yml",
        &[("functionOne", 25, &["alb:alb-lambda-serverless/HTTPListener:1"], &[])],
        &[("alb:alb-lambda-serverless/HTTPListener:1", "alb")],
    );
}

#[test]
fn serverless_provider_iam_statements_make_publishers() {
    check(
        "lambda-sns-sls/serverless.yml",
        &[("lambda-sns-sls", 20, &[], &["sns:lambda-sns-sls/snsTopic"])],
        &[("sns:lambda-sns-sls/snsTopic", "sns")],
    );
    check(
        "lambda-sqs-sls/serverless.yml",
        &[("lambda-sqs-sls", 23, &[], &["sqs:LambdaSqsSlsQueue"])],
        &[("sqs:LambdaSqsSlsQueue", "sqs")],
    );
}
