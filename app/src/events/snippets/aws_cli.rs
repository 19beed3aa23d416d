//! AWS CLI (v2, bash): the raw API calls that wire an existing function to the event.
//!
//! Untrusted values only ever appear as single-quoted words (usually assigned to a
//! variable first); everything else is fixed text expanding `"$VARIABLES"`.

use serde_json::json;

use super::aws_cli_more;
use super::filters::{S3Filter, SnsFilter, s3_filters, sns_filters};
use super::notes::list;
use super::quoting::{identifier, json_compact, shell_quote, short_hash};
use super::shell::Script;
use super::source::Source;
use super::text::{Part, Text};
use super::{Ctx, Draft, SnippetFormat};

/// A CLI snippet being written.
pub(crate) struct Cli<'c, 'a> {
    /// The commands (the header is added when done).
    pub s: Script,
    /// What is rendered.
    pub ctx: &'c Ctx<'a>,
    /// Notes for the CLI form.
    pub notes: Vec<String>,
}

/// A statement id (a shell word) made of `text`.
pub(crate) fn sid(text: &str) -> String {
    shell_quote(&identifier(text, 100))
}

/// `aws {command} --region "$AWS_REGION"`.
pub(crate) fn aws(command: &str) -> String {
    format!("aws {command} --region \"$AWS_REGION\"")
}

/// A shell line that fails with a message while `NAME` is unset.
pub(crate) fn require(name: &str) -> String {
    format!(": \"${{{name}:?set {name}}}\"")
}

impl Cli<'_, '_> {
    /// `aws lambda add-permission`, letting `principal` invoke the function; `sid` and
    /// `source_arn` are shell words.
    pub fn permission(&mut self, sid: &str, principal: &str, source_arn: Option<&str>, extra: &[String]) {
        let mut args = vec![
            "--function-name \"$FUNCTION_NAME\"".to_string(),
            format!("--statement-id {sid}"),
            "--action lambda:InvokeFunction".to_string(),
            format!("--principal {principal}"),
        ];
        if let Some(arn) = source_arn {
            args.push(format!("--source-arn {arn}"));
        }
        args.extend(extra.iter().cloned());
        self.s.blank().command(&aws("lambda add-permission"), &args);
    }

    /// `aws lambda create-event-source-mapping` from `source_arn` (a shell word).
    pub fn mapping(&mut self, source_arn: Option<&str>, extra: &[String]) {
        let mut args = vec!["--function-name \"$FUNCTION_NAME\"".to_string()];
        if let Some(arn) = source_arn {
            args.push(format!("--event-source-arn {arn}"));
        }
        args.extend(extra.iter().cloned());
        self.s.blank().command(&aws("lambda create-event-source-mapping"), &args);
    }

    /// A comment naming the managed policy the function's role needs (before the mapping).
    pub fn role_needs(&mut self, what: &str, policy: &str) {
        self.s.blank();
        self.s.comment(&format!("The function's role must allow reading {what} ({policy})."));
    }

    /// A name unique to this function and event: `{function}-{what}-{hash}`.
    pub fn unique_name(&self, what: &str, max: usize) -> String {
        let hash = short_hash(self.ctx.event.key);
        let base = identifier(&format!("{}-{what}", self.ctx.function), max - hash.len() - 1);
        format!("{base}-{hash}")
    }
}

/// The AWS CLI snippet, or `None` when the kind has no CLI form.
pub(crate) fn snippet(ctx: &Ctx<'_>) -> Option<Draft> {
    let mut cli = Cli { s: Script::default(), ctx, notes: Vec::new() };
    let e = &ctx.event;
    let what = match &e.source {
        Source::Firehose { .. } | Source::CloudFront { .. } | Source::Unknown { .. } => {
            return None;
        }
        Source::Sns { name, arn, .. } => {
            sns(&mut cli, name, arn);
            format!("the SNS topic {}", name.display())
        }
        Source::Sqs { name, arn, .. } => {
            cli.s.assign("QUEUE_ARN", &arn.shell());
            cli.role_needs("the queue", "AWSLambdaSQSQueueExecutionRole");
            cli.mapping(Some("\"$QUEUE_ARN\""), &["--batch-size 10".to_string()]);
            format!("the SQS queue {}", name.display())
        }
        Source::Kinesis { name, arn } => {
            cli.s.assign("STREAM_ARN", &arn.shell());
            cli.role_needs("the stream", "AWSLambdaKinesisExecutionRole");
            cli.mapping(Some("\"$STREAM_ARN\""), &["--starting-position LATEST".to_string()]);
            format!("the Kinesis stream {}", name.display())
        }
        Source::Dynamodb { table, arn } => {
            match arn {
                Some(a) => {
                    cli.s.assign("STREAM_ARN", &a.shell());
                }
                None => {
                    cli.s.capture(
                        "STREAM_ARN",
                        &aws("dynamodb describe-table"),
                        &[
                            format!("--table-name {}", table.shell()),
                            "--query Table.LatestStreamArn --output text".to_string(),
                        ],
                    );
                }
            }
            cli.role_needs("the stream", "AWSLambdaDynamoDBExecutionRole");
            cli.mapping(Some("\"$STREAM_ARN\""), &["--starting-position LATEST".to_string()]);
            format!("the stream of the DynamoDB table {}", table.display())
        }
        Source::Rule { bus, pattern, .. } => {
            rule(&mut cli, bus.as_ref(), pattern.as_ref());
            match bus {
                Some(b) => format!("events of the EventBridge bus {}", b.display()),
                None => "events of the default EventBridge bus".to_string(),
            }
        }
        Source::Schedule { expression, timezone } => {
            schedule(&mut cli, expression, timezone.as_deref());
            format!("the schedule {expression}")
        }
        Source::S3 { bucket, events } => {
            s3(&mut cli, bucket, events);
            format!("notifications of the S3 bucket {}", bucket.display())
        }
        _ => aws_cli_more::render(&mut cli),
    };
    Some(finish(cli, &what))
}

/// Adds the header: what the script does, region, account, function.
fn finish(cli: Cli<'_, '_>, what: &str) -> Draft {
    let body = cli.s.finish();
    let ctx = cli.ctx;
    let mut s = Script::default();
    s.comment(&format!("Attach the existing function {} to {what}.", ctx.function));
    match &ctx.event.region {
        Some(r) => s.assign("AWS_REGION", &shell_quote(r)),
        None => s.raw("AWS_REGION=\"${AWS_REGION:-$(aws configure get region)}\""),
    };
    // Comments may name a variable without using it.
    let uses = |v: &str| body.lines().any(|l| !l.starts_with('#') && l.contains(v));
    if uses("AWS_ACCOUNT_ID") || uses("FUNCTION_ARN") {
        s.raw("AWS_ACCOUNT_ID=\"$(aws sts get-caller-identity --query Account --output text)\"");
    }
    s.assign("FUNCTION_NAME", &shell_quote(&ctx.function));
    if uses("FUNCTION_ARN") {
        s.raw("FUNCTION_ARN=\"arn:aws:lambda:${AWS_REGION}:${AWS_ACCOUNT_ID}:function:${FUNCTION_NAME}\"");
    }
    let mut text = s.finish();
    if !body.is_empty() {
        // Variables (and the comments telling how to set them) stay with the header.
        let first = body.lines().next().unwrap_or_default();
        let grouped = first.starts_with('#')
            || first.starts_with(':')
            || first.split_once('=').is_some_and(|(name, _)| name.chars().all(|c| c.is_ascii_uppercase() || c == '_'));
        text.push_str(if grouped { "\n" } else { "\n\n" });
        text.push_str(&body);
    }
    let mut notes = cli.notes;
    if ctx.event.region.is_some() {
        notes.push(match ctx.event.source {
            Source::Sns { .. } => "AWS_REGION is the topic's region; for a function in another region, run add-permission there and change FUNCTION_ARN.".into(),
            _ => "AWS_REGION is the event's region: the function must be deployed there.".into(),
        });
    }
    Draft { format: SnippetFormat::Aws, text, notes, note_only: false }
}

fn sns(cli: &mut Cli<'_, '_>, name: &Text, arn: &Text) {
    cli.s.assign("TOPIC_ARN", &arn.shell());
    cli.permission(&sid(&format!("sns-{}", name.display())), "sns.amazonaws.com", Some("\"$TOPIC_ARN\""), &[]);
    cli.s.blank();
    for SnsFilter { who, scope, policy } in sns_filters(&cli.ctx.event) {
        let mut attrs = json!({ "FilterPolicy": policy });
        if let Some(scope) = scope {
            attrs["FilterPolicyScope"] = json!(scope);
        }
        cli.s.comment(&format!("To filter like {who}, add: --attributes {}", shell_quote(&json_compact(&attrs))));
    }
    cli.s.command(
        &aws("sns subscribe"),
        &[
            "--topic-arn \"$TOPIC_ARN\"".to_string(),
            "--protocol lambda".to_string(),
            "--notification-endpoint \"$FUNCTION_ARN\"".to_string(),
        ],
    );
}

fn rule(cli: &mut Cli<'_, '_>, bus: Option<&Text>, pattern: Option<&serde_json::Value>) {
    let bus_name = bus.map(Text::display).unwrap_or_else(|| "default".to_string());
    cli.s.assign("RULE_NAME", &shell_quote(&cli.unique_name(&bus_name, 64)));
    if let Some(b) = bus {
        cli.s.assign("BUS_NAME", &b.shell());
    }
    let bus_arg = bus.map(|_| "--event-bus-name \"$BUS_NAME\"".to_string());
    let pattern = match pattern {
        Some(p) => json_compact(p),
        None => {
            cli.s.blank().comment("Matches every event on the bus: narrow the pattern.");
            json_compact(&json!({"source": [{"prefix": ""}]}))
        }
    };
    let mut args = vec!["--name \"$RULE_NAME\"".to_string()];
    args.extend(bus_arg.clone());
    args.push(format!("--event-pattern {}", shell_quote(&pattern)));
    args.push("--query RuleArn --output text".to_string());
    cli.s.blank().capture("RULE_ARN", &aws("events put-rule"), &args);
    targets(cli, bus_arg);
}

/// Permission for the rule `$RULE_ARN`, then the function as its target.
fn targets(cli: &mut Cli<'_, '_>, bus_arg: Option<String>) {
    cli.permission("\"$RULE_NAME\"", "events.amazonaws.com", Some("\"$RULE_ARN\""), &[]);
    let mut args = vec!["--rule \"$RULE_NAME\"".to_string()];
    args.extend(bus_arg);
    args.push("--targets \"Id=1,Arn=${FUNCTION_ARN}\"".to_string());
    cli.s.blank().command(&aws("events put-targets"), &args);
}

fn schedule(cli: &mut Cli<'_, '_>, expression: &str, timezone: Option<&str>) {
    match timezone {
        None => {
            cli.s.assign("RULE_NAME", &shell_quote(&cli.unique_name("schedule", 64)));
            cli.s.blank().capture(
                "RULE_ARN",
                &aws("events put-rule"),
                &[
                    "--name \"$RULE_NAME\"".to_string(),
                    format!("--schedule-expression {}", shell_quote(expression)),
                    "--query RuleArn --output text".to_string(),
                ],
            );
            targets(cli, None);
        }
        Some(tz) => {
            let role = Text::default()
                .lit("arn:aws:iam::")
                .part(Part::Account)
                .lit(":role/")
                .part(Part::Hole("SCHEDULER_ROLE"));
            cli.s.comment(
                "SCHEDULER_ROLE: a role that scheduler.amazonaws.com can assume, allowed to invoke the function.",
            );
            cli.s.assign("SCHEDULER_ROLE_ARN", &role.shell());
            let name = shell_quote(&cli.unique_name("schedule", 64));
            cli.s.blank().command(
                &aws("scheduler create-schedule"),
                &[
                    format!("--name {name}"),
                    format!("--schedule-expression {}", shell_quote(expression)),
                    format!("--schedule-expression-timezone {}", shell_quote(tz)),
                    "--flexible-time-window Mode=OFF".to_string(),
                    "--target \"Arn=${FUNCTION_ARN},RoleArn=${SCHEDULER_ROLE_ARN}\"".to_string(),
                ],
            );
        }
    }
}

fn s3(cli: &mut Cli<'_, '_>, bucket: &Text, events: &[String]) {
    cli.s.assign("BUCKET", &bucket.shell());
    cli.permission(
        &sid(&format!("s3-{}", bucket.display())),
        "s3.amazonaws.com",
        Some("\"arn:aws:s3:::${BUCKET}\""),
        &["--source-account \"$AWS_ACCOUNT_ID\"".to_string()],
    );
    cli.s.blank();
    cli.s.comment("A bucket has ONE notification configuration and put-bucket-notification-configuration");
    cli.s.comment("REPLACES it whole: read it, append the new entry (with jq), write it back.");
    for S3Filter { who, kinds, rules } in s3_filters(&cli.ctx.event) {
        let rules: Vec<String> = rules.iter().map(|(k, v)| format!("{k} {v}")).collect();
        cli.s.comment(&format!(
            "Already there: {who}, {} {}",
            list(&kinds),
            if rules.is_empty() { "without filter".to_string() } else { format!("with {}", rules.join(", ")) }
        ));
    }
    cli.s.command(
        &aws("s3api get-bucket-notification-configuration"),
        &["--bucket \"$BUCKET\" --output json > notification.json".to_string()],
    );
    let entry = "{\"Id\": $id, \"LambdaFunctionArn\": $arn, \"Events\": $events}";
    cli.s.comment("To filter, add to the entry: \"Filter\": {\"Key\": {\"FilterRules\": [{\"Name\": \"prefix\", \"Value\": \"PREFIX/\"}]}}");
    cli.s.command(
        "jq -s",
        &[
            format!("--arg id {}", shell_quote(&cli.unique_name("s3", 64))),
            "--arg arn \"$FUNCTION_ARN\"".to_string(),
            format!("--argjson events {}", shell_quote(&json_compact(&json!(events)))),
            format!("'(.[0] // {{}}) | .LambdaFunctionConfigurations += [{entry}]'"),
            "notification.json > notification.new.json".to_string(),
        ],
    );
    cli.s.command(
        &aws("s3api put-bucket-notification-configuration"),
        &["--bucket \"$BUCKET\"".to_string(), "--notification-configuration file://notification.new.json".to_string()],
    );
    cli.notes.push("put-bucket-notification-configuration REPLACES the bucket's whole notification configuration: the script merges the new entry into the current one; check notification.new.json before the last command.".into());
}
