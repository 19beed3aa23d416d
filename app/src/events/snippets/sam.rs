//! SAM template: an `AWS::Serverless::Function` with its `Events:` (plus plain
//! CloudFormation resources for sources SAM has no event type for).

use serde_json::json;

use super::filters::{SnsFilter, s3_filters, sibling_path, sns_filters};
use super::quoting::{logical_id, yaml_str};
use super::serverless::{docdb_arn, secret_arn, skill_id};
use super::source::{HttpFlavor, KafkaCluster, Source};
use super::text::Text;
use super::yaml::Doc;
use super::{Ctx, Draft, SnippetFormat};

/// Indent of the event's `Properties:` entries.
const PROP: usize = 6;

/// A template parameter for an ARN the generator cannot build.
struct Param {
    name: String,
    description: String,
}

/// The SAM snippet, or `None` when the kind has no SAM form.
pub(crate) fn snippet(ctx: &Ctx<'_>) -> Option<Draft> {
    let e = &ctx.event;
    let f = &ctx.logical_id;
    let mut params: Vec<Param> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    // Body of the function's Properties (indent 3), then resources after it (indent 1).
    let mut props = Doc::default();
    let mut extra = Doc::default();
    props.comment(3, "Handler, Runtime, CodeUri, ...: as for your other functions");
    let event = |d: &mut Doc, id: &str, ty: &str| {
        d.key(3, "Events");
        d.key(4, &logical_id(id, "Event"));
        d.kv(5, "Type", ty);
        d.key(5, "Properties");
    };
    match &e.source {
        Source::Firehose { .. } | Source::CloudFront { .. } | Source::Unknown { .. } => {
            return None;
        }
        Source::Sns { name, arn, .. } => {
            event(&mut props, &name.display(), "SNS");
            props.kv_sam(PROP, "Topic", arn);
            for SnsFilter { who, scope, policy } in sns_filters(e) {
                let scope = scope.map(|s| format!(" (FilterPolicyScope {s})")).unwrap_or_default();
                props.comment(PROP, &format!("FilterPolicy of {who}{scope}: {policy}"));
            }
        }
        Source::Sqs { name, arn, .. } => {
            event(&mut props, &name.display(), "SQS");
            props.kv_sam(PROP, "Queue", arn);
        }
        Source::Kinesis { name, arn } => {
            event(&mut props, &name.display(), "Kinesis");
            props.kv_sam(PROP, "Stream", arn);
            props.kv(PROP, "StartingPosition", "LATEST");
        }
        Source::Dynamodb { table, arn } => {
            event(&mut props, &format!("{}-Stream", table.display()), "DynamoDB");
            match arn {
                Some(a) => props.kv_sam(PROP, "Stream", a),
                None => {
                    let p = param(
                        &mut params,
                        &format!("{}-StreamArn", table.display()),
                        format!("LatestStreamArn of the DynamoDB table {}", table.display()),
                    );
                    props.kv_raw(PROP, "Stream", &format!("!Ref {p}"))
                }
            };
            props.kv(PROP, "StartingPosition", "LATEST");
        }
        Source::Rule { bus, pattern, rule, .. } => {
            let id = match (rule, bus) {
                (Some(r), _) => r.clone(),
                (None, Some(b)) => format!("{}-Rule", b.display()),
                (None, None) => "Rule".to_string(),
            };
            event(&mut props, &id, "EventBridgeRule");
            if let Some(b) = bus {
                props.kv_sam(PROP, "EventBusName", b);
            }
            match pattern {
                Some(p) => props.kv_json(PROP, "Pattern", p),
                None => {
                    props.comment(PROP, "matches every event on the bus: narrow it");
                    props.kv_json(PROP, "Pattern", &json!({"source": [{"prefix": ""}]}))
                }
            };
        }
        Source::Schedule { expression, timezone } => match timezone {
            None => {
                event(&mut props, "Schedule", "Schedule");
                props.kv(PROP, "Schedule", expression);
            }
            Some(tz) => {
                event(&mut props, "Schedule", "ScheduleV2");
                props.kv(PROP, "ScheduleExpression", expression);
                props.kv(PROP, "ScheduleExpressionTimezone", tz);
            }
        },
        Source::Http { flavor, method, path, .. } => {
            let (ty, api_prop) = match flavor {
                HttpFlavor::Http => ("HttpApi", "ApiId"),
                HttpFlavor::Rest => ("Api", "RestApiId"),
            };
            event(&mut props, ty, ty);
            props.comment(
                PROP,
                &format!("{api_prop}: !Ref TheApi  (when the API is an explicit resource of the template)"),
            );
            props.kv(PROP, "Method", method);
            props.kv(PROP, "Path", &sibling_path(path, &ctx.slug));
            notes.push("Paste into the template that defines the API.".into());
        }
        Source::FunctionUrl => {
            props.key(3, "FunctionUrlConfig");
            props.kv(4, "AuthType", "AWS_IAM");
        }
        Source::WebSocket { api, .. } => websocket(ctx, api, &mut params, &mut extra),
        Source::S3 { bucket, events } => {
            let bucket_id = logical_id(&format!("{}-Bucket", bucket.display()), "Bucket");
            event(&mut props, &bucket_id, "S3");
            props.comment(PROP, &format!("the AWS::S3::Bucket resource of this template named {}", bucket.display()));
            props.kv_raw(PROP, "Bucket", &format!("!Ref {bucket_id}"));
            props.key(PROP, "Events");
            for ev in events {
                props.item(PROP + 1, ev);
            }
            if !s3_filters(e).is_empty() {
                props.comment(PROP, "Filter:");
                props.comment(PROP, "  S3Key:");
                props.comment(PROP, "    Rules:");
                props.comment(PROP, "      - Name: prefix");
                props.comment(PROP, "        Value: PREFIX/");
            }
            notes.push("SAM can only attach S3 events to a bucket defined in the same template; use the AWS CLI form for an existing bucket.".into());
        }
        Source::Kafka { cluster: KafkaCluster::Msk { name, arn }, topic } => {
            event(&mut props, &format!("{}-{topic}", name.display()), "MSK");
            match arn {
                Some(a) => props.kv_sam(PROP, "Stream", a),
                None => {
                    let p = param(
                        &mut params,
                        &format!("{}-ClusterArn", name.display()),
                        format!("ARN of the MSK cluster {}", name.display()),
                    );
                    props.kv_raw(PROP, "Stream", &format!("!Ref {p}"))
                }
            };
            props.key(PROP, "Topics");
            props.item(PROP + 1, topic);
            props.kv(PROP, "StartingPosition", "LATEST");
        }
        Source::Kafka { cluster: KafkaCluster::SelfManaged { servers }, topic } => {
            event(&mut props, &format!("{topic}-Kafka"), "SelfManagedKafka");
            props.key(PROP, "KafkaBootstrapServers");
            for s in servers {
                props.item(PROP + 1, s);
            }
            props.key(PROP, "Topics");
            props.item(PROP + 1, topic);
            props.key(PROP, "SourceAccessConfigurations");
            props.item_kv(PROP + 1, "Type", "SASL_SCRAM_512_AUTH");
            props.kv_sam(PROP + 2, "URI", &secret_arn("KAFKA_SECRET"));
            props.kv(PROP, "StartingPosition", "LATEST");
        }
        Source::Mq { broker, arn, queue } => {
            event(&mut props, &format!("{}-{queue}", broker.display()), "MQ");
            match arn {
                Some(a) => props.kv_sam(PROP, "Broker", a),
                None => {
                    let p = param(
                        &mut params,
                        &format!("{}-BrokerArn", broker.display()),
                        format!("ARN of the Amazon MQ broker {}", broker.display()),
                    );
                    props.kv_raw(PROP, "Broker", &format!("!Ref {p}"))
                }
            };
            props.key(PROP, "Queues");
            props.item(PROP + 1, queue);
            props.key(PROP, "SourceAccessConfigurations");
            props.item_kv(PROP + 1, "Type", "BASIC_AUTH");
            props.kv_sam(PROP + 2, "URI", &secret_arn("MQ_SECRET"));
        }
        Source::Iot { sql } => {
            event(&mut props, "IoTRule", "IoTRule");
            props.kv(PROP, "Sql", sql);
        }
        Source::Cognito { pool, trigger } => {
            event(&mut props, "UserPoolTrigger", "Cognito");
            props.comment(PROP, &format!("the AWS::Cognito::UserPool resource of this template ({})", pool.display()));
            props.kv_raw(PROP, "UserPool", "!Ref UserPool");
            props.kv(PROP, "Trigger", trigger);
            notes.push("SAM can only attach Cognito triggers to a user pool defined in the same template.".into());
        }
        Source::Logs { group } => {
            event(&mut props, &format!("{}-Logs", group.display()), "CloudWatchLogs");
            props.kv_sam(PROP, "LogGroupName", group);
            props.kv(PROP, "FilterPattern", "");
        }
        Source::Alexa { skill, smart_home: false } => {
            event(&mut props, "AlexaSkill", "AlexaSkill");
            props.kv(PROP, "SkillId", &skill_id(skill));
        }
        Source::Alexa { skill, smart_home: true } => {
            extra.key(1, &format!("{f}AlexaSmartHomePermission"));
            extra.kv(2, "Type", "AWS::Lambda::Permission");
            extra.key(2, "Properties");
            permission(&mut extra, f, "alexa-connectedhome.amazonaws.com");
            extra.kv(3, "EventSourceToken", &skill_id(skill));
        }
        Source::Alb { listener, .. } => alb(ctx, listener.as_ref(), &mut extra),
        Source::DocumentDb { cluster, database, collection } => {
            event(&mut props, &format!("{database}-{collection}"), "DocumentDB");
            props.kv_sam(PROP, "Cluster", &docdb_arn(cluster));
            props.kv(PROP, "DatabaseName", database);
            props.kv(PROP, "CollectionName", collection);
            props.key(PROP, "SourceAccessConfigurations");
            props.item_kv(PROP + 1, "Type", "BASIC_AUTH");
            props.kv_sam(PROP + 2, "URI", &secret_arn("DOCDB_SECRET"));
            props.kv(PROP, "StartingPosition", "LATEST");
        }
    }
    let mut d = Doc::default();
    if !params.is_empty() {
        d.key(0, "Parameters");
        for p in &params {
            d.key(1, &p.name);
            d.kv(2, "Type", "String");
            d.kv(2, "Description", &p.description);
        }
    }
    d.key(0, "Resources");
    d.key(1, f);
    d.kv(2, "Type", "AWS::Serverless::Function");
    d.key(2, "Properties");
    let mut text = d.finish();
    for part in [props.finish(), extra.finish()] {
        if !part.is_empty() {
            text.push('\n');
            text.push_str(&part);
        }
    }
    Some(Draft { format: SnippetFormat::Sam, text, notes, note_only: false })
}

/// Adds a String parameter and returns its logical id.
fn param(params: &mut Vec<Param>, name: &str, description: String) -> String {
    let name = logical_id(name, "Param");
    params.push(Param { name: name.clone(), description });
    name
}

/// `Action`, `FunctionName` and `Principal` of an `AWS::Lambda::Permission` (indent 3).
fn permission(d: &mut Doc, function: &str, principal: &str) {
    d.kv(3, "Action", "lambda:InvokeFunction");
    d.kv_raw(3, "FunctionName", &format!("!Ref {function}"));
    d.kv(3, "Principal", principal);
}

fn websocket(ctx: &Ctx<'_>, api: &str, params: &mut Vec<Param>, d: &mut Doc) {
    let f = &ctx.logical_id;
    let p = param(params, "WebSocketApiId", format!("Id of the WebSocket API {api}"));
    d.key(1, &format!("{f}Integration"));
    d.kv(2, "Type", "AWS::ApiGatewayV2::Integration");
    d.key(2, "Properties");
    d.kv_raw(3, "ApiId", &format!("!Ref {p}"));
    d.kv(3, "IntegrationType", "AWS_PROXY");
    d.kv_raw(
        3,
        "IntegrationUri",
        &format!(
            "!Sub {}",
            yaml_str(&format!(
                "arn:aws:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{{f}.Arn}}/invocations"
            ))
        ),
    );
    d.key(1, &format!("{f}Route"));
    d.kv(2, "Type", "AWS::ApiGatewayV2::Route");
    d.key(2, "Properties");
    d.kv_raw(3, "ApiId", &format!("!Ref {p}"));
    d.kv(3, "RouteKey", &ctx.function);
    d.kv_raw(3, "Target", &format!("!Sub {}", yaml_str(&format!("integrations/${{{f}Integration}}"))));
    d.key(1, &format!("{f}WebSocketPermission"));
    d.kv(2, "Type", "AWS::Lambda::Permission");
    d.key(2, "Properties");
    permission(d, f, "apigateway.amazonaws.com");
    d.kv_raw(
        3,
        "SourceArn",
        &format!("!Sub {}", yaml_str(&format!("arn:aws:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{p}}}/*"))),
    );
}

fn alb(ctx: &Ctx<'_>, listener: Option<&Text>, d: &mut Doc) {
    let f = &ctx.logical_id;
    d.key(1, &format!("{f}TargetGroup"));
    d.kv(2, "Type", "AWS::ElasticLoadBalancingV2::TargetGroup");
    d.raw(2, &format!("DependsOn: {f}AlbPermission"));
    d.key(2, "Properties");
    d.kv(3, "TargetType", "lambda");
    d.key(3, "Targets");
    d.raw(4, &format!("- Id: !GetAtt {f}.Arn"));
    d.key(1, &format!("{f}ListenerRule"));
    d.kv(2, "Type", "AWS::ElasticLoadBalancingV2::ListenerRule");
    d.key(2, "Properties");
    match listener {
        Some(l) => d.kv_sam(3, "ListenerArn", l),
        None => d.kv(3, "ListenerArn", "LISTENER_ARN"),
    };
    d.kv_raw(3, "Priority", "PRIORITY");
    d.key(3, "Conditions");
    d.item_kv(4, "Field", "path-pattern");
    d.key(5, "Values");
    d.item(6, &format!("/{}", ctx.slug));
    d.key(3, "Actions");
    d.item_kv(4, "Type", "forward");
    d.kv_raw(5, "TargetGroupArn", &format!("!Ref {f}TargetGroup"));
    d.key(1, &format!("{f}AlbPermission"));
    d.kv(2, "Type", "AWS::Lambda::Permission");
    d.key(2, "Properties");
    permission(d, f, "elasticloadbalancing.amazonaws.com");
}
