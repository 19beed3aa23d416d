//! Triggers wired by stand-alone CloudFormation resources (also inside
//! serverless.yml `resources`): event source mappings, EventBridge rules and
//! schedules, SNS subscriptions, S3 notifications, log subscriptions, IoT rules,
//! Cognito triggers, ALB target groups and EventBridge Pipes. API Gateway and
//! function URL wiring is in `api_triggers`.

use serde_json::{Value as J, json};

use super::api_triggers;
use super::build::Build;
use super::events;
use super::keys::{self, target};
use super::model::EventKind;
use super::template::Resource;
use super::yaml::Node;

/// Scans every resource of the template for triggers of known functions.
pub(crate) fn read(b: &mut Build<'_>) {
    let resources: Vec<Resource<'_>> = b.t.resources.clone();
    for r in &resources {
        match r.kind {
            "AWS::Lambda::EventSourceMapping" => event_source_mapping(b, r),
            "AWS::Events::Rule" => rule(b, r),
            "AWS::SNS::Subscription" => sns_subscription(b, r),
            "AWS::SNS::Topic" => topic_subscriptions(b, r),
            "AWS::S3::Bucket" => s3_notifications(b, r),
            "AWS::Scheduler::Schedule" => scheduler(b, r),
            "AWS::ApiGatewayV2::Route" => api_triggers::v2_route(b, r),
            "AWS::ApiGatewayV2::Api" => {
                api_triggers::v2_quick_create(b, r);
                api_triggers::openapi(b, r, "Body", "httpApi");
            }
            "AWS::ApiGateway::Method" => api_triggers::rest_method(b, r),
            "AWS::ApiGateway::RestApi" | "AWS::Serverless::Api" => {
                api_triggers::openapi(
                    b,
                    r,
                    if r.kind == "AWS::Serverless::Api" { "DefinitionBody" } else { "Body" },
                    "http",
                );
            }
            "AWS::Serverless::HttpApi" => api_triggers::openapi(b, r, "DefinitionBody", "httpApi"),
            "AWS::Logs::SubscriptionFilter" => log_subscription(b, r),
            "AWS::IoT::TopicRule" => iot_rule(b, r),
            "AWS::Cognito::UserPool" => cognito(b, r),
            "AWS::ElasticLoadBalancingV2::TargetGroup" => target_group(b, r),
            "AWS::Pipes::Pipe" => pipe(b, r),
            "AWS::Lambda::Url" => api_triggers::function_url(b, r, "TargetFunctionArn"),
            "AWS::Serverless::Function" if r.prop("FunctionUrlConfig").is_some() => {
                api_triggers::function_url(b, r, "")
            }
            _ => {}
        }
    }
}

/// A trigger from a source ARN/resource of a streaming or queue kind.
fn source_event(b: &mut Build<'_>, f: usize, source: &Node, r: &Resource<'_>, config: J) {
    let t = &b.t;
    let resolved = t.resolve(source);
    let kind = resolved
        .resource
        .as_ref()
        .and_then(|(id, _)| t.resource(id))
        .and_then(|res| keys::kind_of_resource_type(res.kind))
        .or_else(|| keys::kind_of_arn(&resolved.text));
    let Some(kind) = kind else {
        let def = events::generic_event("eventSource", &t.service, r.id, &json!({ "source": resolved.text }), r.line);
        b.trigger(f, def, config, r.line);
        return;
    };
    let tg = target(t, source, &kind);
    let p = |k: &str| r.prop(k);
    let mut defs = Vec::new();
    match kind {
        EventKind::KafkaTopic => {
            for topic in p("Topics").map(Node::as_list).unwrap_or_default() {
                let topic = t.resolve(topic).text;
                defs.push(events::kafka_event(&tg.name, &topic, "msk", &tg.source, r.line));
            }
        }
        EventKind::MqQueue => {
            for q in p("Queues").map(Node::as_list).unwrap_or_default() {
                let q = t.resolve(q).text;
                defs.push(events::mq_event(&tg.name, &q, "activemq", &tg.source, r.line));
            }
        }
        EventKind::DocumentdbStream => {
            let cfg = p("DocumentDBEventSourceConfig");
            let db = t.text(cfg.and_then(|c| c.get("DatabaseName"))).unwrap_or_default();
            let coll = t.text(cfg.and_then(|c| c.get("CollectionName"))).unwrap_or_default();
            let name = format!("{db}/{coll}");
            defs.push(events::owned_event(
                EventKind::DocumentdbStream,
                format!("documentdb:{}:{name}", tg.name),
                &name,
                "documentDb",
                &tg.source,
                r.line,
                json!({ "cluster": tg.name, "database": db, "collection": coll }),
            ));
        }
        EventKind::EventbridgeBus => {}
        kind => {
            let detail = match t.text(p("StartingPosition")) {
                Some(sp) => json!({ "startingPosition": sp }),
                None => J::Null,
            };
            defs.push(events::named_event(kind, &tg.name, &tg.source, tg.line.unwrap_or(r.line), detail));
        }
    }
    for def in defs {
        b.trigger(f, def, config.clone(), r.line);
    }
}

fn event_source_mapping(b: &mut Build<'_>, r: &Resource<'_>) {
    let Some(f) = r.prop("FunctionName").and_then(|n| b.function_of(n)) else {
        return;
    };
    let config = b.t.json_without(r.props, &["FunctionName", "EventSourceArn", "Topics", "Queues"]);
    if let Some(source) = r.prop("EventSourceArn") {
        source_event(b, f, source, r, config);
        return;
    }
    // Self-managed Kafka: bootstrap servers instead of an ARN.
    let servers =
        r.prop("SelfManagedEventSource").and_then(|s| s.get("Endpoints")).and_then(|e| e.get("KafkaBootstrapServers"));
    if let Some(servers) = servers {
        let mut list: Vec<String> = servers.as_list().into_iter().map(|s| b.t.resolve(s).text).collect();
        list.sort();
        let cluster = list.join(",");
        let topics: Vec<String> =
            r.prop("Topics").map(Node::as_list).unwrap_or_default().into_iter().map(|x| b.t.resolve(x).text).collect();
        for topic in topics {
            let def = events::kafka_event(&cluster, &topic, "kafka", &cluster, r.line);
            b.trigger(f, def, config.clone(), r.line);
        }
    }
}

fn rule(b: &mut Build<'_>, r: &Resource<'_>) {
    let targets = r.prop("Targets").map(Node::as_list).unwrap_or_default();
    for tnode in targets {
        let Some(f) = tnode.get("Arn").and_then(|a| b.function_of(a)) else {
            continue;
        };
        let t = &b.t;
        let config = t.json_without(Some(tnode), &["Arn", "Id"]);
        let fname = b.functions.get(f).map(|x| x.name.clone()).unwrap_or_default();
        let def = if let Some(expr) = t.text(r.prop("ScheduleExpression")) {
            events::schedule_event(&t.service, &fname, &expr, "schedule", r.line, json!({ "expression": expr }))
        } else {
            let bus = match r.prop("EventBusName") {
                Some(n) => target(t, n, &EventKind::EventbridgeBus).name,
                None => "default".to_string(),
            };
            let pattern = r.prop("EventPattern").map(|p| t.json(p)).unwrap_or(J::Null);
            let mut detail = json!({ "bus": bus, "pattern": pattern });
            if let Some(name) = t.text(r.prop("Name")) {
                detail["rule"] = J::String(name);
            }
            events::eventbridge_event(&bus, &pattern, "eventBridge", r.line, detail)
        };
        b.trigger(f, def, config, r.line);
    }
}

fn sns_subscription(b: &mut Build<'_>, r: &Resource<'_>) {
    let protocol = b.t.text(r.prop("Protocol")).unwrap_or_default();
    if !protocol.eq_ignore_ascii_case("lambda") {
        return;
    }
    let Some(f) = r.prop("Endpoint").and_then(|e| b.function_of(e)) else {
        return;
    };
    let Some(topic) = r.prop("TopicArn") else {
        return;
    };
    let tg = target(&b.t, topic, &EventKind::SnsTopic);
    let config = b.t.json_without(r.props, &["Protocol", "Endpoint", "TopicArn"]);
    let def = events::named_event(EventKind::SnsTopic, &tg.name, &tg.source, tg.line.unwrap_or(r.line), J::Null);
    b.trigger(f, def, config, r.line);
}

fn topic_subscriptions(b: &mut Build<'_>, r: &Resource<'_>) {
    for sub in r.prop("Subscription").map(Node::as_list).unwrap_or_default() {
        let protocol = b.t.text(sub.get("Protocol")).unwrap_or_default();
        if !protocol.eq_ignore_ascii_case("lambda") {
            continue;
        }
        let Some(f) = sub.get("Endpoint").and_then(|e| b.function_of(e)) else {
            continue;
        };
        let name = b.t.key_name(r);
        let def = events::named_event(EventKind::SnsTopic, &name, &name, r.line, J::Null);
        b.trigger(f, def, J::Null, sub.line);
    }
}

fn s3_notifications(b: &mut Build<'_>, r: &Resource<'_>) {
    let configs = r
        .prop("NotificationConfiguration")
        .and_then(|n| n.get("LambdaConfigurations"))
        .map(Node::as_list)
        .unwrap_or_default();
    for c in configs {
        let Some(f) = c.get("Function").and_then(|x| b.function_of(x)) else {
            continue;
        };
        let name = b.t.key_name(r);
        let event = b.t.text(c.get("Event")).unwrap_or_default();
        let def = events::named_event(EventKind::S3Bucket, &name, &name, r.line, json!({ "events": [event] }));
        let config = b.t.json_without(Some(c), &["Function"]);
        b.trigger(f, def, config, c.line);
    }
}

fn scheduler(b: &mut Build<'_>, r: &Resource<'_>) {
    let Some(tnode) = r.prop("Target") else {
        return;
    };
    let Some(f) = tnode.get("Arn").and_then(|a| b.function_of(a)) else {
        return;
    };
    let Some(expr) = b.t.text(r.prop("ScheduleExpression")) else {
        return;
    };
    let fname = b.functions.get(f).map(|x| x.name.clone()).unwrap_or_default();
    let mut detail = json!({ "expression": expr });
    if let Some(tz) = b.t.text(r.prop("ScheduleExpressionTimezone")) {
        detail["timezone"] = J::String(tz);
    }
    let def = events::schedule_event(&b.t.service, &fname, &expr, "schedule", r.line, detail);
    let config = b.t.json_without(r.props, &["ScheduleExpression", "Target"]);
    b.trigger(f, def, config, r.line);
}

fn log_subscription(b: &mut Build<'_>, r: &Resource<'_>) {
    let Some(f) = r.prop("DestinationArn").and_then(|d| b.function_of(d)) else {
        return;
    };
    let Some(group) = r.prop("LogGroupName") else {
        return;
    };
    let tg = target(&b.t, group, &EventKind::CloudwatchLogs);
    let def = events::named_event(EventKind::CloudwatchLogs, &tg.name, &tg.source, tg.line.unwrap_or(r.line), J::Null);
    let config = b.t.json_without(r.props, &["DestinationArn", "LogGroupName"]);
    b.trigger(f, def, config, r.line);
}

fn iot_rule(b: &mut Build<'_>, r: &Resource<'_>) {
    let Some(payload) = r.prop("TopicRulePayload") else {
        return;
    };
    let Some(sql) = b.t.text(payload.get("Sql")) else {
        return;
    };
    for action in payload.get("Actions").map(Node::as_list).unwrap_or_default() {
        let Some(f) = action.get("Lambda").and_then(|l| l.get("FunctionArn")).and_then(|a| b.function_of(a)) else {
            continue;
        };
        let def = events::iot_event(&sql, r.line, json!({ "sql": sql }));
        b.trigger(f, def, J::Null, r.line);
    }
}

fn cognito(b: &mut Build<'_>, r: &Resource<'_>) {
    let Some(config) = r.prop("LambdaConfig").and_then(Node::as_map) else {
        return;
    };
    let pool = b.t.key_name(r);
    for e in config {
        let fn_node = e.value.get("LambdaArn").unwrap_or(&e.value);
        let Some(f) = b.function_of(fn_node) else {
            continue;
        };
        // `PreTokenGenerationConfig` names the `PreTokenGeneration` trigger.
        let trigger = e.key.strip_suffix("Config").unwrap_or(&e.key);
        let def = events::cognito_event(&pool, trigger, &pool, e.line);
        b.trigger(f, def, J::Null, e.line);
    }
}

fn target_group(b: &mut Build<'_>, r: &Resource<'_>) {
    let lambda = b.t.text(r.prop("TargetType")).is_some_and(|x| x.eq_ignore_ascii_case("lambda"));
    if !lambda {
        return;
    }
    for tnode in r.prop("Targets").map(Node::as_list).unwrap_or_default() {
        let Some(f) = tnode.get("Id").and_then(|i| b.function_of(i)) else {
            continue;
        };
        let name = b.t.resource_name(r).unwrap_or_else(|| format!("{}/{}", b.t.service, r.id));
        let def = events::owned_event(
            EventKind::Alb,
            format!("alb:{name}"),
            &name,
            "alb",
            &name,
            r.line,
            json!({ "targetGroup": name }),
        );
        b.trigger(f, def, J::Null, r.line);
    }
}

fn pipe(b: &mut Build<'_>, r: &Resource<'_>) {
    let Some(f) = r.prop("Target").and_then(|tn| b.function_of(tn)) else {
        return;
    };
    let Some(source) = r.prop("Source") else {
        return;
    };
    let config = b.t.json_without(r.props, &["Source", "Target", "RoleArn", "Name"]);
    source_event(b, f, source, r, config);
}
