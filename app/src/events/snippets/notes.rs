//! Notes that hold for every format of a kind (limits, conflicts, unresolved names),
//! and the note-only snippet of kinds with no recipe.

use super::quoting::json_compact;
use super::shell::Script;
use super::source::{KafkaCluster, Source};
use super::{Ctx, Draft, SnippetFormat};

/// At most this many consumers are named in a note or comment.
const MAX_NAMED: usize = 3;

/// `a`, `a and b`, `a, b and 2 more`.
pub(crate) fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        _ if items.len() <= MAX_NAMED => {
            let (last, rest) = items.split_last().unwrap_or((&items[0], &[]));
            format!("{} and {last}", rest.join(", "))
        }
        _ => format!("{} and {} more", items[..MAX_NAMED].join(", "), items.len() - MAX_NAMED),
    }
}

/// Notes shared by all formats of the event.
pub(crate) fn shared(ctx: &Ctx<'_>) -> Vec<String> {
    let e = &ctx.event;
    let consumers = list(&e.consumer_labels());
    let n = e.consumers.len();
    let mut out: Vec<String> = Vec::new();
    match &e.source {
        Source::Sns { fifo: true, .. } => out.push(
            "Lambda cannot subscribe to an SNS FIFO topic: subscribe an SQS FIFO queue to the topic and trigger the function from that queue.".into(),
        ),
        Source::Sqs { fifo, .. } => {
            if n > 0 {
                out.push(format!("SQS hands each message to ONE consumer: this function would take messages away from {consumers} instead of getting copies. To get every message, give it a queue of its own subscribed to the topic or rule that feeds this one."));
            }
            out.push("The queue's visibility timeout must be at least the function's timeout.".into());
            if *fifo {
                out.push("FIFO queue: batches hold at most 10 messages, and each message group is processed in order.".into());
            }
        }
        Source::Rule { pattern, rule, .. } => {
            let like = rule.as_ref().map(|r| format!(" as rule {r}")).unwrap_or_default();
            match pattern {
                Some(_) => out.push(format!("This creates a new rule with the same pattern on the same bus{like}; existing rules and their targets are left alone.")),
                None => out.push("The pattern matches every event on the bus: narrow it to the events the function needs.".into()),
            }
        }
        Source::Schedule { .. } => out.push(
            "A schedule belongs to one function: this gives the new function its own schedule with the same expression.".into(),
        ),
        Source::Http { method, path, .. } => {
            let new = super::filters::sibling_path(path, &ctx.slug);
            let by = if n > 0 { format!(" is already served by {consumers}") } else { " already has an integration".to_string() };
            out.push(format!("A route has one integration: {method} {path}{by}. These snippets add {method} {new} to the same API instead; change the path as needed. Without an authorizer the route is public: use the one of the API's other routes."));
        }
        Source::FunctionUrl => out.push(
            "A function URL belongs to one function: this gives the new function a URL of its own, with IAM auth (NONE makes it public).".into(),
        ),
        Source::WebSocket { route, .. } => out.push(format!(
            "A WebSocket route has one integration: {route} is already taken. These snippets add the route {} to the same API; clients select it through the API's route selection expression (by default $request.body.action).",
            ctx.function
        )),
        Source::S3 { .. } if n > 0 => out.push(format!(
            "S3 rejects notifications whose event types and prefix/suffix filters overlap, and {consumers} already {} notifications from this bucket: give the new one a distinct prefix or suffix, or fan out instead (EventBridge notifications on the bucket, or an SNS topic).",
            if n == 1 { "gets" } else { "get" }
        )),
        Source::Dynamodb { .. } => {
            if n >= 2 {
                out.push(format!("A DynamoDB stream serves at most two readers per shard without throttling, and it already has {n}."));
            }
            out.push("Reading starts at LATEST; TRIM_HORIZON also processes the records of the last 24 hours.".into());
        }
        Source::Kinesis { .. } => {
            if n > 0 {
                out.push("Readers of a Kinesis stream share each shard's 2 MB/s and 5 reads per second; with several, consider enhanced fan-out (a stream consumer).".into());
            }
            out.push("Reading starts at LATEST; TRIM_HORIZON also processes the records still retained.".into());
        }
        Source::Kafka { cluster, .. } => {
            out.push("Each event source mapping reads with a consumer group of its own, so the function gets every message; do not reuse another consumer's group id.".into());
            if matches!(cluster, KafkaCluster::SelfManaged { .. }) {
                out.push("A self-managed cluster needs credentials in Secrets Manager (KAFKA_SECRET) or VPC access configuration.".into());
            }
        }
        Source::Mq { .. } => {
            if n > 0 {
                out.push(format!("A queue hands each message to one consumer: the function would share messages with {consumers}."));
            }
            out.push("The broker's credentials must be in a Secrets Manager secret (MQ_SECRET).".into());
        }
        Source::Cognito { trigger, .. } => out.push(format!(
            "A user pool runs ONE function per trigger: this REPLACES {} as the {trigger} trigger.",
            if n > 0 { consumers.clone() } else { "the current function".to_string() }
        )),
        Source::Logs { .. } => out.push(format!(
            "A log group takes at most two subscription filters{}.",
            if n > 0 { format!(" and already has {n}") } else { String::new() }
        )),
        Source::Alexa { .. } => out.push(
            "A skill has one endpoint: point the skill's endpoint at the new function in the Alexa developer console.".into(),
        ),
        Source::Alb { .. } => out.push(format!(
            "A listener rule forwards to one target group: this adds a rule for the path /{} with a priority of its own (PRIORITY).",
            ctx.slug
        )),
        Source::DocumentDb { .. } => out.push(
            "The function must run in the cluster's VPC, with the database credentials in a Secrets Manager secret (DOCDB_SECRET).".into(),
        ),
        _ => {}
    }
    let vars = e.vars();
    if !vars.is_empty() {
        out.push(format!(
            "{} comes unresolved from the source manifest: replace it with the deployed value.",
            vars.join(", ")
        ));
    }
    out
}

/// A snippet that only explains, for kinds no configuration fits.
pub(crate) fn note_only(ctx: &Ctx<'_>) -> Draft {
    let e = &ctx.event;
    let mut s = Script::default();
    let note = match &e.source {
        Source::Firehose { name } => {
            s.comment(&format!("Firehose delivery stream {}.", name.display()));
            s.comment("Firehose does not invoke subscribers: a function can only be the stream's");
            s.comment("record transformer, and a stream has one. To process the same records,");
            s.comment("subscribe to the stream's source (Kinesis stream, EventBridge rule, ...).");
            "A Firehose delivery stream takes one transformation function and has no subscribers."
        }
        Source::CloudFront { event_type, path_pattern } => {
            s.comment(&format!("Lambda@Edge {event_type} on {path_pattern}."));
            s.comment("A cache behavior runs one function per event type. Attach the new function");
            s.comment("to a cache behavior of its own in the distribution's configuration; Lambda@Edge");
            s.comment("functions live in us-east-1 and are attached by version ARN.");
            "CloudFront runs one function per event type and cache behavior."
        }
        Source::Unknown { kind, name, detail } => {
            s.comment(&format!("No subscription recipe for {kind} events ({name})."));
            if !detail.is_null() {
                s.comment(&format!("The event's settings: {}", json_compact(detail)));
            }
            s.comment("Copy the trigger of an existing subscriber and check it against the docs of its tool.");
            "Switchboard does not know how to subscribe to this kind of event."
        }
        _ => "No configuration could be generated for this event.",
    };
    if !e.consumers.is_empty() {
        s.comment(&format!("Current subscribers: {}.", list(&e.consumer_labels())));
    }
    Draft { format: SnippetFormat::Aws, text: s.finish(), notes: vec![note.to_string()], note_only: true }
}
