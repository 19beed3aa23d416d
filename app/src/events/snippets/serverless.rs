//! `serverless.yml` (Serverless Framework v3/v4): the new function with its `events:`.

use serde_json::json;

use super::filters::{S3Filter, SnsFilter, hole, s3_filters, sibling_path, sns_filters};
use super::source::{HttpFlavor, KafkaCluster, Source};
use super::text::Text;
use super::yaml::Doc;
use super::{Ctx, Draft, SnippetFormat};

/// Indent of an `- event:` item, and of its properties.
const ITEM: usize = 3;
const PROP: usize = 5;

/// The serverless.yml snippet, or `None` when the kind has no serverless form.
pub(crate) fn snippet(ctx: &Ctx<'_>) -> Option<Draft> {
    let e = &ctx.event;
    let mut d = Doc::default();
    let mut notes = Vec::new();
    d.key(0, "functions");
    d.key(1, &ctx.function);
    d.comment(2, "handler, runtime, ...: as for your other functions");
    match &e.source {
        Source::FunctionUrl => {
            d.key(2, "url");
            d.kv(3, "authorizer", "aws_iam");
            return Some(done(d, notes));
        }
        Source::Firehose { .. } | Source::CloudFront { .. } | Source::Unknown { .. } => {
            return None;
        }
        Source::DocumentDb { .. } => {
            document_db(ctx, &mut d);
            return Some(done(d, notes));
        }
        _ => {}
    }
    d.key(2, "events");
    match &e.source {
        Source::Sns { arn, .. } => {
            d.item_key(ITEM, "sns");
            d.kv_sls(PROP, "arn", arn);
            for SnsFilter { who, scope, policy } in sns_filters(e) {
                let scope = scope.map(|s| format!(" (scope {s})")).unwrap_or_default();
                d.comment(PROP, &format!("filterPolicy of {who}{scope}: {policy}"));
            }
        }
        Source::Sqs { arn, .. } => {
            d.item_key(ITEM, "sqs");
            d.kv_sls(PROP, "arn", arn);
        }
        Source::Kinesis { arn, .. } => {
            d.item_key(ITEM, "stream");
            d.kv(PROP, "type", "kinesis");
            d.kv_sls(PROP, "arn", arn);
            d.kv(PROP, "startingPosition", "LATEST");
        }
        Source::Dynamodb { table, arn } => {
            d.item_key(ITEM, "stream");
            d.kv(PROP, "type", "dynamodb");
            let arn = match arn {
                Some(a) => a.clone(),
                None => {
                    d.comment(PROP, &format!("STREAM_LABEL: see the table's LatestStreamArn (aws dynamodb describe-table --table-name {})", table.display()));
                    Text::arn("dynamodb", "table/", table).lit("/stream/").text(&hole("STREAM_LABEL"))
                }
            };
            d.kv_sls(PROP, "arn", &arn);
            d.kv(PROP, "startingPosition", "LATEST");
        }
        Source::Rule { bus, bus_arn, pattern, .. } => {
            d.item_key(ITEM, "eventBridge");
            if bus.is_some() {
                // A bus given by name is CREATED by the framework; an ARN attaches to it.
                d.kv_sls(PROP, "eventBus", bus_arn);
            }
            match pattern {
                Some(p) => d.kv_json(PROP, "pattern", p),
                None => {
                    d.comment(PROP, "matches every event on the bus: narrow it");
                    d.kv_json(PROP, "pattern", &json!({"source": [{"prefix": ""}]}))
                }
            };
        }
        Source::Schedule { expression, timezone } => match timezone {
            None => {
                d.item_kv(ITEM, "schedule", expression);
            }
            Some(tz) => {
                d.item_key(ITEM, "schedule");
                d.kv(PROP, "method", "scheduler");
                d.kv(PROP, "rate", expression);
                d.kv(PROP, "timezone", tz);
            }
        },
        Source::Http { flavor, method, path, .. } => {
            let new = sibling_path(path, &ctx.slug);
            match flavor {
                HttpFlavor::Http => {
                    d.item_key(ITEM, "httpApi");
                    d.kv(PROP, "method", method);
                }
                HttpFlavor::Rest => {
                    d.item_key(ITEM, "http");
                    d.kv(PROP, "method", &method.to_ascii_lowercase());
                }
            }
            d.kv(PROP, "path", &new);
            notes.push(format!(
                "Paste into the service that defines the API; from another service, set provider.{} first.",
                match flavor {
                    HttpFlavor::Http => "httpApi.id",
                    HttpFlavor::Rest => "apiGateway.restApiId and restApiRootResourceId",
                }
            ));
        }
        Source::WebSocket { .. } => {
            d.item_key(ITEM, "websocket");
            d.kv(PROP, "route", &ctx.function);
            notes.push("Paste into the service that defines the WebSocket API.".into());
        }
        Source::S3 { bucket, events } => {
            let filters = s3_filters(e);
            for S3Filter { who, kinds, rules } in &filters {
                let rules: Vec<String> = rules.iter().map(|(k, v)| format!("{k} {v}")).collect();
                let on = if rules.is_empty() { "no filter".to_string() } else { rules.join(", ") };
                d.comment(
                    ITEM,
                    &format!(
                        "{who} gets {} with {on}",
                        if kinds.is_empty() { "events".to_string() } else { kinds.join(", ") }
                    ),
                );
            }
            for ev in events {
                d.item_key(ITEM, "s3");
                d.kv_sls(PROP, "bucket", bucket);
                d.kv(PROP, "event", ev);
                d.kv_raw(PROP, "existing", "true");
                if !filters.is_empty() {
                    d.comment(PROP, "rules:");
                    d.comment(PROP, "  - prefix: PREFIX/");
                }
            }
            notes.push("existing: true attaches to a bucket of another stack through a custom resource; a function can attach to one existing bucket.".into());
        }
        Source::Kafka { cluster, topic } => kafka(&mut d, cluster, topic),
        Source::Mq { broker, arn, queue } => {
            d.comment(ITEM, "rabbitmq instead of activemq for a RabbitMQ broker");
            d.item_key(ITEM, "activemq");
            let arn = arn.clone().unwrap_or_else(|| mq_arn(broker));
            d.kv_sls(PROP, "arn", &arn);
            d.kv(PROP, "queue", queue);
            d.kv_sls(PROP, "basicAuthArn", &secret_arn("MQ_SECRET"));
        }
        Source::Iot { sql } => {
            d.item_key(ITEM, "iot");
            d.kv(PROP, "sql", sql);
        }
        Source::Cognito { pool, trigger } => {
            d.item_key(ITEM, "cognitoUserPool");
            d.kv_sls(PROP, "pool", pool);
            d.kv(PROP, "trigger", trigger);
            d.kv_raw(PROP, "existing", "true");
        }
        Source::Logs { group } => {
            d.item_key(ITEM, "cloudwatchLog");
            d.kv_sls(PROP, "logGroup", group);
        }
        Source::Alexa { skill, smart_home } => {
            let key = if *smart_home { "alexaSmartHome" } else { "alexaSkill" };
            d.item_kv(ITEM, key, &skill_id(skill));
        }
        Source::Alb { listener, .. } => {
            d.item_key(ITEM, "alb");
            let listener = listener.clone().unwrap_or_else(|| hole("LISTENER_ARN"));
            d.kv_sls(PROP, "listenerArn", &listener);
            d.kv_raw(PROP, "priority", "PRIORITY");
            d.key(PROP, "conditions");
            d.kv(PROP + 1, "path", &format!("/{}", ctx.slug));
        }
        Source::FunctionUrl
        | Source::DocumentDb { .. }
        | Source::Firehose { .. }
        | Source::CloudFront { .. }
        | Source::Unknown { .. } => return None,
    }
    Some(done(d, notes))
}

fn done(d: Doc, notes: Vec<String>) -> Draft {
    Draft { format: SnippetFormat::Serverless, text: d.finish(), notes, note_only: false }
}

fn kafka(d: &mut Doc, cluster: &KafkaCluster, topic: &str) {
    match cluster {
        KafkaCluster::Msk { name, arn } => {
            d.item_key(ITEM, "msk");
            let arn = match arn {
                Some(a) => a.clone(),
                None => {
                    d.comment(
                        PROP,
                        &format!(
                            "CLUSTER_UUID: see the ARN of cluster {} (aws kafka list-clusters-v2)",
                            name.display()
                        ),
                    );
                    msk_arn(name)
                }
            };
            d.kv_sls(PROP, "arn", &arn);
            d.kv(PROP, "topic", topic);
            d.kv(PROP, "startingPosition", "LATEST");
        }
        KafkaCluster::SelfManaged { servers } => {
            d.item_key(ITEM, "kafka");
            d.key(PROP, "bootstrapServers");
            for s in servers {
                d.item(PROP + 1, s);
            }
            d.kv(PROP, "topic", topic);
            d.key(PROP, "accessConfigurations");
            d.kv_sls(PROP + 1, "saslScram512Auth", &secret_arn("KAFKA_SECRET"));
            d.kv(PROP, "startingPosition", "LATEST");
        }
    }
}

/// DocumentDB has no serverless event: a CloudFormation event source mapping.
fn document_db(ctx: &Ctx<'_>, d: &mut Doc) {
    let Source::DocumentDb { cluster, database, collection } = &ctx.event.source else {
        return;
    };
    d.key(0, "resources");
    d.key(1, "Resources");
    d.key(2, &format!("{}DocumentDbMapping", ctx.logical_id));
    d.kv(3, "Type", "AWS::Lambda::EventSourceMapping");
    d.key(3, "Properties");
    d.kv_raw(4, "FunctionName", &format!("!Ref {}", serverless_logical_id(&ctx.function)));
    d.kv_sls(4, "EventSourceArn", &docdb_arn(cluster));
    d.kv(4, "StartingPosition", "LATEST");
    d.key(4, "DocumentDBEventSourceConfig");
    d.kv(5, "DatabaseName", database);
    d.kv(5, "CollectionName", collection);
    d.key(4, "SourceAccessConfigurations");
    d.item_kv(5, "Type", "BASIC_AUTH");
    d.kv_sls(6, "URI", &secret_arn("DOCDB_SECRET"));
}

/// Serverless' logical id of a function: `my-fn_x` → `MyDashfnUnderscorexLambdaFunction`.
pub(crate) fn serverless_logical_id(function: &str) -> String {
    let normalized = function.replace('-', "Dash").replace('_', "Underscore");
    let mut chars = normalized.chars();
    let capitalized: String = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    format!("{capitalized}LambdaFunction")
}

/// ARN of an MSK cluster whose id is unknown.
pub(crate) fn msk_arn(name: &Text) -> Text {
    Text::arn("kafka", "cluster/", name).lit("/").text(&hole("CLUSTER_UUID"))
}

/// ARN of an Amazon MQ broker whose id is unknown.
pub(crate) fn mq_arn(name: &Text) -> Text {
    Text::arn("mq", "broker:", name).lit(":").text(&hole("BROKER_ID"))
}

/// ARN of a DocumentDB cluster.
pub(crate) fn docdb_arn(name: &Text) -> Text {
    Text::arn("rds", "cluster:", name)
}

/// ARN of a Secrets Manager secret to fill in.
pub(crate) fn secret_arn(hole_name: &'static str) -> Text {
    Text::arn("secretsmanager", "secret:", &hole(hole_name))
}

/// The skill id, or a placeholder when the manifest named none.
pub(crate) fn skill_id(skill: &str) -> String {
    if skill.starts_with("amzn1.") { skill.to_string() } else { "SKILL_ID".to_string() }
}
