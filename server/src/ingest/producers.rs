//! Producer links: which events a function publishes to.
//!
//! Judgement calls (kept deliberately narrow so the catalog is not flooded):
//! - IAM `Allow` statements count when an action that writes an event
//!   (`sns:Publish`, `sqs:SendMessage[Batch]`, `events:PutEvents`,
//!   `kinesis:PutRecord[s]`, `firehose:PutRecord[Batch]`, wildcards such as `sns:*`
//!   included) targets a specific resource; `Resource: "*"` and names with
//!   wildcards name no event and are skipped.
//! - SAM policy templates: `SNSPublishMessagePolicy`, `SNSCrudPolicy`,
//!   `SQSSendMessagePolicy`, `EventBridgePutEventsPolicy`, `KinesisCrudPolicy`,
//!   `FirehoseWritePolicy`/`FirehoseCrudPolicy` are producers; poller/read
//!   policies (`SQSPollerPolicy`, `KinesisStreamReadPolicy`, ...) are not.
//! - DynamoDB writes (`dynamodb:PutItem`..., `DynamoDBCrudPolicy`,
//!   `DynamoDBWritePolicy`) and S3 writes (`s3:PutObject`, `S3CrudPolicy`,
//!   `S3WritePolicy`) only count when the same manifest also consumes that table's
//!   stream or that bucket's notifications: otherwise they are plain storage.
//! - Environment variables whose value names a topic, queue, bus, Kinesis or
//!   Firehose stream (resource reference or literal ARN/URL) count, unless the
//!   function is itself triggered by that event.
//! - Async destinations (`EventInvokeConfig`, `destinations:`) and dead-letter
//!   targets (SNS/SQS/EventBridge) count.

use std::collections::HashMap;

use super::build::Build;
use super::keys::{self, target};
use super::model::EventKind;
use super::template::Resource;
use super::yaml::Node;

/// Write actions (lower case) that make a function a producer of an event kind.
fn producing_actions(kind: &EventKind) -> &'static [&'static str] {
    match kind {
        EventKind::SnsTopic => &["sns:publish"],
        EventKind::SqsQueue => &["sqs:sendmessage", "sqs:sendmessagebatch"],
        EventKind::EventbridgeBus => &["events:putevents"],
        EventKind::KinesisStream => &["kinesis:putrecord", "kinesis:putrecords"],
        EventKind::FirehoseStream => &["firehose:putrecord", "firehose:putrecordbatch"],
        EventKind::DynamodbStream => &[
            "dynamodb:putitem",
            "dynamodb:updateitem",
            "dynamodb:deleteitem",
            "dynamodb:batchwriteitem",
            "dynamodb:partiqlinsert",
            "dynamodb:partiqlupdate",
            "dynamodb:partiqldelete",
        ],
        EventKind::S3Bucket => &["s3:putobject", "s3:deleteobject"],
        _ => &[],
    }
}

/// Read/poll actions (lower case) that mark a function as a consumer of an event kind.
fn reading_actions(kind: &EventKind) -> &'static [&'static str] {
    match kind {
        EventKind::SqsQueue => &["sqs:receivemessage"],
        EventKind::KinesisStream => &["kinesis:getrecords"],
        EventKind::DynamodbStream => &["dynamodb:getrecords"],
        _ => &[],
    }
}

/// Managed policies and SAM policy templates that only read/poll an event kind.
fn reader_policy(name: &str) -> Option<EventKind> {
    let name = name.rsplit('/').next().unwrap_or(name);
    match name {
        "AWSLambdaSQSQueueExecutionRole" | "SQSPollerPolicy" | "AmazonSQSReadOnlyAccess" => Some(EventKind::SqsQueue),
        "AWSLambdaKinesisExecutionRole" | "KinesisStreamReadPolicy" => Some(EventKind::KinesisStream),
        "AWSLambdaDynamoDBExecutionRole" | "DynamoDBStreamReadPolicy" => Some(EventKind::DynamodbStream),
        _ => None,
    }
}

/// IAM-style wildcard match (`*` any run, `?` one character), case-insensitive input.
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == b'?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == b'*' {
        pi += 1;
    }
    pi == p.len()
}

/// Event kind of a value naming a resource (template resource type, else ARN).
fn kind_of(b: &Build<'_>, node: &Node) -> Option<EventKind> {
    let resolved = b.t.resolve(node);
    if let Some(res) = resolved.resource.as_ref().and_then(|(id, _)| b.t.resource(id)) {
        return keys::kind_of_resource_type(res.kind);
    }
    let text = resolved.text.trim();
    if text.starts_with("https://sqs.") || text.starts_with("https://queue.amazonaws.com") {
        return Some(EventKind::SqsQueue);
    }
    keys::kind_of_arn(text)
}

/// Reads IAM policy statements (a statement, a list of them, or a policy document).
pub(crate) fn statements(b: &mut Build<'_>, f: usize, node: &Node) {
    if let Some(inner) = node.get("Statement") {
        statements(b, f, inner);
        return;
    }
    if node.as_seq().is_some() {
        for st in node.as_list() {
            statements(b, f, st);
        }
        return;
    }
    let effect = b.t.text(node.get("Effect")).unwrap_or_else(|| "Allow".to_string());
    if !effect.eq_ignore_ascii_case("allow") {
        return;
    }
    let actions: Vec<String> = node
        .get("Action")
        .map(Node::as_list)
        .unwrap_or_default()
        .into_iter()
        .map(|a| b.t.resolve(a).text.to_ascii_lowercase())
        .collect();
    if actions.is_empty() {
        return;
    }
    for res in node.get("Resource").map(Node::as_list).unwrap_or_default() {
        let Some(kind) = kind_of(b, res) else {
            continue;
        };
        let reads = reading_actions(&kind).iter().any(|wanted| actions.iter().any(|a| glob(a, wanted)));
        if reads {
            b.readers.insert((f, keys::prefix(&kind)));
        }
        let writes = producing_actions(&kind).iter().any(|wanted| actions.iter().any(|a| glob(a, wanted)));
        if writes {
            let tg = target(&b.t, res, &kind);
            b.produce(f, kind, &tg, res.line, false);
        }
    }
}

/// Reads SAM `Policies` (policy templates, inline documents, managed names).
pub(crate) fn sam_policies(b: &mut Build<'_>, f: usize, policies: &Node) {
    for p in policies.as_list() {
        if let Some(kind) = p.as_str().and_then(reader_policy) {
            b.readers.insert((f, keys::prefix(&kind)));
        }
        let Some(entries) = p.as_map() else { continue };
        if p.get("Statement").is_some() {
            statements(b, f, p);
            continue;
        }
        for e in entries {
            if let Some(kind) = reader_policy(&e.key) {
                b.readers.insert((f, keys::prefix(&kind)));
            }
            let (kind, param) = match e.key.as_str() {
                "SNSPublishMessagePolicy" | "SNSCrudPolicy" => (EventKind::SnsTopic, "TopicName"),
                "SQSSendMessagePolicy" => (EventKind::SqsQueue, "QueueName"),
                "EventBridgePutEventsPolicy" => (EventKind::EventbridgeBus, "EventBusName"),
                "KinesisCrudPolicy" => (EventKind::KinesisStream, "StreamName"),
                "FirehoseWritePolicy" | "FirehoseCrudPolicy" => (EventKind::FirehoseStream, "DeliveryStreamName"),
                "DynamoDBCrudPolicy" | "DynamoDBWritePolicy" => (EventKind::DynamodbStream, "TableName"),
                "S3CrudPolicy" | "S3WritePolicy" | "S3FullAccessPolicy" => (EventKind::S3Bucket, "BucketName"),
                _ => continue,
            };
            if let Some(value) = e.value.get(param) {
                let tg = target(&b.t, value, &kind);
                b.produce(f, kind, &tg, e.line, false);
            }
        }
    }
}

/// Reads environment variables whose values name an event resource.
pub(crate) fn environment(b: &mut Build<'_>, f: usize, variables: Option<&Node>) {
    let Some(entries) = variables.and_then(Node::as_map) else {
        return;
    };
    for e in entries {
        let Some(kind) = kind_of(b, &e.value) else {
            continue;
        };
        if matches!(
            kind,
            EventKind::SnsTopic
                | EventKind::SqsQueue
                | EventKind::EventbridgeBus
                | EventKind::KinesisStream
                | EventKind::FirehoseStream
        ) {
            let tg = target(&b.t, &e.value, &kind);
            b.produce(f, kind, &tg, e.line, true);
        }
    }
}

/// Reads one async destination / dead-letter target.
pub(crate) fn destination(b: &mut Build<'_>, f: usize, node: Option<&Node>) {
    let Some(node) = node else { return };
    let Some(kind) = kind_of(b, node) else { return };
    if matches!(kind, EventKind::SnsTopic | EventKind::SqsQueue | EventKind::EventbridgeBus) {
        let tg = target(&b.t, node, &kind);
        b.produce(f, kind, &tg, node.line, false);
    }
}

fn destination_config(b: &mut Build<'_>, f: usize, config: Option<&Node>) {
    let Some(config) = config else { return };
    for outcome in ["OnSuccess", "OnFailure"] {
        destination(b, f, config.get(outcome).and_then(|o| o.get("Destination")));
    }
}

/// IAM statements attached to each role resource (inline `Policies` and
/// `AWS::IAM::Policy`/`ManagedPolicy` resources naming the role).
pub(crate) fn role_statements<'a>(b: &Build<'a>) -> HashMap<String, Vec<&'a Node>> {
    let mut out: HashMap<String, Vec<&'a Node>> = HashMap::new();
    for r in &b.t.resources {
        match r.kind {
            "AWS::IAM::Role" => {
                for p in r.prop("Policies").map(Node::as_list).unwrap_or_default() {
                    if let Some(doc) = p.get("PolicyDocument") {
                        out.entry(r.id.to_string()).or_default().push(doc);
                    }
                }
            }
            "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" | "AWS::IAM::RolePolicy" => {
                let Some(doc) = r.prop("PolicyDocument") else {
                    continue;
                };
                let mut roles: Vec<&Node> = r.prop("Roles").map(Node::as_list).unwrap_or_default();
                roles.extend(r.prop("RoleName"));
                for role in roles {
                    if let Some(res) = b.t.resource_of(role) {
                        out.entry(res.id.to_string()).or_default().push(doc);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Statements of the role a `Role` property points at.
pub(crate) fn role(b: &mut Build<'_>, f: usize, role: Option<&Node>, roles: &HashMap<String, Vec<&Node>>) {
    let Some(role) = role else { return };
    // serverless.yml names a role of `resources` by its bare logical id.
    let id = b.t.resource_of(role).map(|r| r.id.to_string()).or_else(|| {
        let text = b.t.resolve(role).text;
        b.t.resource(&text).map(|r| r.id.to_string())
    });
    let Some(id) = id else { return };
    let managed: Vec<String> =
        b.t.resource(&id)
            .and_then(|r| r.prop("ManagedPolicyArns"))
            .map(Node::as_list)
            .unwrap_or_default()
            .into_iter()
            .map(|m| b.t.resolve(m).text)
            .collect();
    for m in managed {
        if let Some(kind) = reader_policy(&m) {
            b.readers.insert((f, keys::prefix(&kind)));
        }
    }
    for doc in roles.get(&id).cloned().unwrap_or_default() {
        statements(b, f, doc);
    }
}

/// Producer links for every function of a SAM/CloudFormation template.
pub(crate) fn read_template(b: &mut Build<'_>, sam_functions: &[(usize, Resource<'_>)], globals: Option<&Node>) {
    let roles = role_statements(b);
    let sam: std::collections::HashSet<usize> = sam_functions.iter().map(|(i, _)| *i).collect();
    let resources: Vec<Resource<'_>> = b.t.resources.clone();
    for r in &resources {
        if r.kind == "AWS::Lambda::EventInvokeConfig" {
            if let Some(f) = r.prop("FunctionName").and_then(|n| b.function_of(n)) {
                destination_config(b, f, r.prop("DestinationConfig"));
            }
            continue;
        }
        let Some(&f) = b.by_logical_id.get(r.id) else {
            continue;
        };
        let is_sam = sam.contains(&f);
        role(b, f, r.prop("Role"), &roles);
        if is_sam {
            if let Some(p) = r.prop("Policies") {
                sam_policies(b, f, p);
            }
            environment(b, f, globals.and_then(|g| g.get("Environment")).and_then(|e| e.get("Variables")));
            destination_config(b, f, r.prop("EventInvokeConfig").and_then(|c| c.get("DestinationConfig")));
            destination(b, f, r.prop("DeadLetterQueue").and_then(|d| d.get("TargetArn")));
        } else {
            destination(b, f, r.prop("DeadLetterConfig").and_then(|d| d.get("TargetArn")));
        }
        environment(b, f, r.prop("Environment").and_then(|e| e.get("Variables")));
    }
}

#[cfg(test)]
mod glob_tests {
    use super::glob;

    #[test]
    fn iam_wildcards_match_like_iam() {
        assert!(glob("sns:*", "sns:publish"));
        assert!(glob("sns:pub*", "sns:publish"));
        assert!(glob("*", "sqs:sendmessage"));
        assert!(glob("sqs:sendmessag?", "sqs:sendmessage"));
        assert!(!glob("sqs:receivemessage", "sqs:sendmessage"));
        assert!(!glob("sns:get*", "sns:publish"));
    }
}
