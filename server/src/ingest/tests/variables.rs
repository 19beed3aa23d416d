//! Serverless variables, resolved offline and deterministically.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::super::*;

fn parse_with(text: &str, opts: &ParseOptions, files: &dyn FileLoader) -> ParsedService {
    parse_manifest(Path::new("/repo/svc/serverless.yml"), text, opts, files).unwrap_or_else(|e| panic!("{e}"))
}

fn parse(text: &str) -> ParsedService {
    parse_with(text, &ParseOptions::default(), &NoFiles)
}

const BASE: &str = "service: ${self:custom.prefix}-orders\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  stage: ${opt:stage, 'dev'}\n  region: ${opt:region, \"eu-west-1\"}\ncustom:\n  prefix: acme\n  queues:\n    dev:\n      name: orders-dev\n    prod:\n      name: orders-prod\n";

#[test]
fn self_references_resolve_nested_paths_and_stage_dependent_keys() {
    let text = format!(
        "{BASE}functions:\n  worker:\n    handler: h.main\n    events:\n      - sqs: arn:aws:sqs:${{self:provider.region}}:123:${{self:custom.queues.${{sls:stage}}.name}}\n"
    );
    let s = parse(&text);
    assert_eq!(s.name, "acme-orders");
    assert_eq!(s.stage.as_deref(), Some("dev"));
    assert_eq!(s.region.as_deref(), Some("eu-west-1"));
    assert_eq!(s.functions[0].deployed_name.as_deref(), Some("acme-orders-dev-worker"));
    assert_eq!(s.functions[0].triggers[0].event.0, "sqs:orders-dev");
    assert_eq!(s.functions[0].triggers[0].source, "arn:aws:sqs:eu-west-1:123:orders-dev");
}

#[test]
fn options_override_the_opt_defaults() {
    let text = format!(
        "{BASE}functions:\n  worker:\n    handler: h.main\n    events:\n      - sqs: ${{self:custom.queues.${{opt:stage}}.name}}\n"
    );
    let opts = ParseOptions { stage: Some("prod".into()), region: Some("us-west-2".into()), ..ParseOptions::default() };
    let s = parse_with(&text, &opts, &NoFiles);
    assert_eq!(s.stage.as_deref(), Some("prod"));
    assert_eq!(s.region.as_deref(), Some("us-west-2"));
    assert_eq!(s.functions[0].triggers[0].event.0, "sqs:orders-prod");
    assert_eq!(s.functions[0].deployed_name.as_deref(), Some("acme-orders-prod-worker"));
}

#[test]
fn env_variables_use_their_default_and_never_the_real_environment() {
    let text = "service: s\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h\n    description: ${env:HOME, 'no-home'}\n    memorySize: ${env:MEMORY, 512}\n";
    let s = parse(text);
    assert_eq!(s.functions[0].description.as_deref(), Some("no-home"));
    assert_eq!(s.functions[0].memory_mb, Some(512));
}

#[test]
fn unresolvable_variables_stay_visible_as_written() {
    let text = "service: s\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h\n    description: ${ssm:/my/param} and ${cf:other.Output}\n    events:\n      - sqs: ${ssm:/queue/arn}\n      - sns: ${self:custom.missing}\n";
    let s = parse(text);
    let f = &s.functions[0];
    assert_eq!(f.description.as_deref(), Some("${ssm:/my/param} and ${cf:other.Output}"));
    assert_eq!(f.triggers[0].event.0, "sqs:${ssm:/queue/arn}");
    assert_eq!(f.triggers[1].event.0, "sns:${self:custom.missing}");
}

#[test]
fn fallbacks_are_tried_in_order_and_may_nest() {
    let text = "service: s\nprovider:\n  name: aws\ncustom:\n  fallback: from-custom\nfunctions:\n  f:\n    handler: h\n    description: ${ssm:/x, ${env:NOPE, ${self:custom.fallback}}}\n";
    assert_eq!(parse(text).functions[0].description.as_deref(), Some("from-custom"));
}

#[test]
fn file_references_are_read_through_the_loader_relative_to_the_manifest() {
    let mut files: HashMap<PathBuf, String> = HashMap::new();
    files.insert(PathBuf::from("/repo/svc/config/dev.yml"), "topic: orders-events\nmemory: 256\n".into());
    files.insert(
        PathBuf::from("/repo/svc/functions.yml"),
        "publisher:\n  handler: p.main\n  memorySize: ${file(./config/dev.yml):memory}\n  events:\n    - sns: ${file(./config/${sls:stage}.yml):topic}\n".into(),
    );
    let text = "service: s\nprovider:\n  name: aws\nfunctions: ${file(./functions.yml)}\n";
    let s = parse_with(text, &ParseOptions::default(), &files);
    assert_eq!(s.functions.len(), 1);
    assert_eq!(s.functions[0].name, "publisher");
    assert_eq!(s.functions[0].memory_mb, Some(256));
    assert_eq!(s.functions[0].triggers[0].event.0, "sns:orders-events");
}

#[test]
fn file_references_escaping_the_manifest_directory_are_refused() {
    let mut files: HashMap<PathBuf, String> = HashMap::new();
    files.insert(PathBuf::from("/repo/secret.yml"), "value: leaked\n".into());
    files.insert(PathBuf::from("/etc/passwd.yml"), "value: leaked\n".into());
    let text = "service: s\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h\n    description: ${file(../secret.yml):value}\n  g:\n    handler: h\n    description: ${file(/etc/passwd.yml):value}\n";
    let s = parse_with(text, &ParseOptions::default(), &files);
    assert_eq!(s.functions[0].description.as_deref(), Some("${file(../secret.yml):value}"));
    assert_eq!(s.functions[1].description.as_deref(), Some("${file(/etc/passwd.yml):value}"));
}

#[test]
fn a_missing_functions_file_leaves_the_service_without_functions() {
    let text = "service: s\nprovider:\n  name: aws\nfunctions: ${file(./functions.yml)}\n";
    let s = parse(text);
    assert!(s.functions.is_empty());
}

#[test]
fn whole_value_variables_keep_maps_and_intrinsics() {
    let text = "service: s\nprovider:\n  name: aws\ncustom:\n  queueArn:\n    Fn::GetAtt: [Jobs, Arn]\nfunctions:\n  f:\n    handler: h\n    events:\n      - sqs:\n          arn: ${self:custom.queueArn}\n          batchSize: 5\nresources:\n  Resources:\n    Jobs:\n      Type: AWS::SQS::Queue\n      Properties:\n        QueueName: ${self:service}-jobs-${sls:stage}\n";
    let s = parse(text);
    let t = &s.functions[0].triggers[0];
    assert_eq!(t.event.0, "sqs:s-jobs-dev");
    assert_eq!(t.config["batchSize"], 5);
}

#[test]
fn fs_loader_refuses_files_outside_its_root_and_larger_than_the_limit() {
    let dir = std::env::temp_dir().join(format!("ingest-fsloader-{}", std::process::id()));
    let inner = dir.join("repo");
    std::fs::create_dir_all(&inner).expect("temp dir");
    std::fs::write(inner.join("small.yml"), "a: 1\n").expect("write");
    std::fs::write(inner.join("big.yml"), "a: 1234567890\n").expect("write");
    std::fs::write(dir.join("outside.yml"), "a: 1\n").expect("write");
    let loader = FsLoader::new(&inner, 8);
    assert!(loader.load(&inner.join("small.yml")).is_ok());
    assert!(loader.load(&inner.join("big.yml")).is_err());
    assert!(loader.load(&inner.join("../outside.yml")).is_err());
    let _ = std::fs::remove_dir_all(&dir);
}
