//! Triggers wired by stand-alone CloudFormation resources (also inside
//! serverless.yml `resources`): event source mappings, EventBridge rules and
//! schedules, SNS subscriptions, S3 notifications, API Gateway routes and
//! methods, log subscriptions, IoT rules, Cognito triggers, ALB target groups,
//! EventBridge Pipes and inline OpenAPI definitions.

use serde_json::{Value as J, json};

use super::build::Build;
use super::intrinsics::Resource;
use super::keys::{self, target};
use super::model::EventKind;
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
            "AWS::ApiGatewayV2::Route" => v2_route(b, r),
            "AWS::ApiGatewayV2::Api" => {
                v2_quick_create(b, r);
                openapi(b, r, "Body", "httpApi");
            }
            "AWS::ApiGateway::Method" => rest_method(b, r),
            "AWS::ApiGateway::RestApi" | "AWS::Serverless::Api" => {
                openapi(b, r, if r.kind == "AWS::Serverless::Api" { "DefinitionBody" } else { "Body" }, "http");
            }
            "AWS::Serverless::HttpApi" => openapi(b, r, "DefinitionBody", "httpApi"),
            "AWS::Logs::SubscriptionFilter" => log_subscription(b, r),
            "AWS::IoT::TopicRule" => iot_rule(b, r),
            "AWS::Cognito::UserPool" => cognito(b, r),
            "AWS::ElasticLoadBalancingV2::TargetGroup" => target_group(b, r),
            "AWS::Pipes::Pipe" => pipe(b, r),
            "AWS::Lambda::Url" => function_url(b, r, "TargetFunctionArn"),
            "AWS::Serverless::Function" if r.prop("FunctionUrlConfig").is_some() => function_url(b, r, ""),
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
        let def = keys::generic_event("eventSource", &t.service, &r.id.to_string(), &json!({ "source": resolved.text }), r.line);
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
                defs.push(keys::kafka_event(&tg.name, &topic, "msk", &tg.source, r.line));
            }
        }
        EventKind::MqQueue => {
            for q in p("Queues").map(Node::as_list).unwrap_or_default() {
                let q = t.resolve(q).text;
                defs.push(keys::mq_event(&tg.name, &q, "activemq", &tg.source, r.line));
            }
        }
        EventKind::DocumentdbStream => {
            let cfg = p("DocumentDBEventSourceConfig");
            let db = t.text(cfg.and_then(|c| c.get("DatabaseName"))).unwrap_or_default();
            let coll = t.text(cfg.and_then(|c| c.get("CollectionName"))).unwrap_or_default();
            let name = format!("{db}/{coll}");
            defs.push(keys::owned_event(
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
            defs.push(keys::named_event(kind, &tg.name, &tg.source, tg.line.unwrap_or(r.line), detail));
        }
    }
    for def in defs {
        b.trigger(f, def, config.clone(), r.line);
    }
}

fn event_source_mapping(b: &mut Build<'_>, r: &Resource<'_>) {
    let Some(f) = r.prop("FunctionName").and_then(|n| b.function_of(n)) else { return };
    let config = b.t.json_without(r.props, &["FunctionName", "EventSourceArn", "Topics", "Queues"]);
    if let Some(source) = r.prop("EventSourceArn") {
        source_event(b, f, source, r, config);
        return;
    }
    // Self-managed Kafka: bootstrap servers instead of an ARN.
    let servers = r
        .prop("SelfManagedEventSource")
        .and_then(|s| s.get("Endpoints"))
        .and_then(|e| e.get("KafkaBootstrapServers"));
    if let Some(servers) = servers {
        let mut list: Vec<String> = servers.as_list().into_iter().map(|s| b.t.resolve(s).text).collect();
        list.sort();
        let cluster = list.join(",");
        let topics: Vec<String> = r.prop("Topics").map(Node::as_list).unwrap_or_default().into_iter().map(|x| b.t.resolve(x).text).collect();
        for topic in topics {
            let def = keys::kafka_event(&cluster, &topic, "kafka", &cluster, r.line);
            b.trigger(f, def, config.clone(), r.line);
        }
    }
}

fn rule(b: &mut Build<'_>, r: &Resource<'_>) {
    let targets = r.prop("Targets").map(Node::as_list).unwrap_or_default();
    for tnode in targets {
        let Some(f) = tnode.get("Arn").and_then(|a| b.function_of(a)) else { continue };
        let t = &b.t;
        let config = t.json_without(Some(tnode), &["Arn", "Id"]);
        let fname = b.functions.get(f).map(|x| x.name.clone()).unwrap_or_default();
        let def = if let Some(expr) = t.text(r.prop("ScheduleExpression")) {
            keys::schedule_event(&t.service, &fname, &expr, "schedule", r.line, json!({ "expression": expr }))
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
            keys::eventbridge_event(&bus, &pattern, "eventBridge", r.line, detail)
        };
        b.trigger(f, def, config, r.line);
    }
}

fn sns_subscription(b: &mut Build<'_>, r: &Resource<'_>) {
    let protocol = b.t.text(r.prop("Protocol")).unwrap_or_default();
    if !protocol.eq_ignore_ascii_case("lambda") {
        return;
    }
    let Some(f) = r.prop("Endpoint").and_then(|e| b.function_of(e)) else { return };
    let Some(topic) = r.prop("TopicArn") else { return };
    let tg = target(&b.t, topic, &EventKind::SnsTopic);
    let config = b.t.json_without(r.props, &["Protocol", "Endpoint", "TopicArn"]);
    let def = keys::named_event(EventKind::SnsTopic, &tg.name, &tg.source, tg.line.unwrap_or(r.line), J::Null);
    b.trigger(f, def, config, r.line);
}

fn topic_subscriptions(b: &mut Build<'_>, r: &Resource<'_>) {
    for sub in r.prop("Subscription").map(Node::as_list).unwrap_or_default() {
        let protocol = b.t.text(sub.get("Protocol")).unwrap_or_default();
        if !protocol.eq_ignore_ascii_case("lambda") {
            continue;
        }
        let Some(f) = sub.get("Endpoint").and_then(|e| b.function_of(e)) else { continue };
        let name = b.t.key_name(r);
        let def = keys::named_event(EventKind::SnsTopic, &name, &name, r.line, J::Null);
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
        let Some(f) = c.get("Function").and_then(|x| b.function_of(x)) else { continue };
        let name = b.t.key_name(r);
        let event = b.t.text(c.get("Event")).unwrap_or_default();
        let def = keys::named_event(EventKind::S3Bucket, &name, &name, r.line, json!({ "events": [event] }));
        let config = b.t.json_without(Some(c), &["Function"]);
        b.trigger(f, def, config, c.line);
    }
}

fn scheduler(b: &mut Build<'_>, r: &Resource<'_>) {
    let Some(tnode) = r.prop("Target") else { return };
    let Some(f) = tnode.get("Arn").and_then(|a| b.function_of(a)) else { return };
    let Some(expr) = b.t.text(r.prop("ScheduleExpression")) else { return };
    let fname = b.functions.get(f).map(|x| x.name.clone()).unwrap_or_default();
    let mut detail = json!({ "expression": expr });
    if let Some(tz) = b.t.text(r.prop("ScheduleExpressionTimezone")) {
        detail["timezone"] = J::String(tz);
    }
    let def = keys::schedule_event(&b.t.service, &fname, &expr, "schedule", r.line, detail);
    let config = b.t.json_without(r.props, &["ScheduleExpression", "Target"]);
    b.trigger(f, def, config, r.line);
}

/// API scope for keys (see `Template::api_scope`) and the API's logical id when local.
fn api_scope(b: &Build<'_>, api: Option<&Node>, rest: bool) -> (String, Option<String>) {
    let id = api.and_then(|a| b.t.resource_of(a)).map(|r| r.id.to_string());
    (b.t.api_scope(api, rest), id)
}

fn v2_route(b: &mut Build<'_>, r: &Resource<'_>) {
    let Some(route_key) = b.t.text(r.prop("RouteKey")) else { return };
    // Target is `integrations/{IntegrationId}`, usually built with Sub or Join.
    let Some(integration) = r.prop("Target").and_then(|tn| b.t.resource_of(tn)).copied() else { return };
    let Some(f) = integration.prop("IntegrationUri").and_then(|u| b.function_of(u)) else { return };
    let (scope, api_id) = api_scope(b, r.prop("ApiId"), false);
    let websocket = api_id
        .as_deref()
        .and_then(|id| b.t.resource(id))
        .and_then(|api| b.t.text(api.prop("ProtocolType")))
        .is_some_and(|p| p.eq_ignore_ascii_case("WEBSOCKET"));
    let def = if websocket {
        keys::websocket_event(&scope, &route_key, r.line)
    } else {
        let (method, path) = route_key.split_once(' ').unwrap_or(("ANY", route_key.as_str()));
        let detail = json!({ "method": keys::normalize_method(method), "path": keys::normalize_path(path), "api": "http" });
        keys::http_event(&scope, method, path, "httpApi", r.line, detail)
    };
    b.trigger(f, def, J::Null, r.line);
}

fn v2_quick_create(b: &mut Build<'_>, r: &Resource<'_>) {
    let Some(f) = r.prop("Target").and_then(|tn| b.function_of(tn)) else { return };
    let route = b.t.text(r.prop("RouteKey")).unwrap_or_else(|| "$default".to_string());
    let (method, path) = route.split_once(' ').unwrap_or(("ANY", route.as_str()));
    let detail = json!({ "method": keys::normalize_method(method), "path": keys::normalize_path(path), "api": "http" });
    let def = keys::http_event(&b.t.service, method, path, "httpApi", r.line, detail);
    b.trigger(f, def, J::Null, r.line);
}

/// Full path of an `AWS::ApiGateway::Resource` chain (`/` for the root).
fn rest_path(b: &Build<'_>, node: Option<&Node>, depth: usize) -> String {
    let Some(node) = node else { return "/".to_string() };
    let resolved = b.t.resolve(node);
    let res = resolved.resource.as_ref().and_then(|(id, attr)| {
        if attr.as_deref() == Some("RootResourceId") { None } else { b.t.resource(id) }
    });
    match res {
        Some(res) if res.kind == "AWS::ApiGateway::Resource" && depth < 32 => {
            let parent = rest_path(b, res.prop("ParentId"), depth + 1);
            let part = b.t.text(res.prop("PathPart")).unwrap_or_default();
            if parent.ends_with('/') { format!("{parent}{part}") } else { format!("{parent}/{part}") }
        }
        _ => "/".to_string(),
    }
}

fn rest_method(b: &mut Build<'_>, r: &Resource<'_>) {
    let Some(integration) = r.prop("Integration") else { return };
    let Some(f) = integration.get("Uri").and_then(|u| b.function_of(u)) else { return };
    let method = b.t.text(r.prop("HttpMethod")).unwrap_or_else(|| "ANY".to_string());
    let path = rest_path(b, r.prop("ResourceId"), 0);
    let (scope, _) = api_scope(b, r.prop("RestApiId"), true);
    let detail = json!({ "method": keys::normalize_method(&method), "path": keys::normalize_path(&path), "api": "rest" });
    let def = keys::http_event(&scope, &method, &path, "http", r.line, detail);
    b.trigger(f, def, J::Null, r.line);
}

fn openapi(b: &mut Build<'_>, r: &Resource<'_>, body_key: &str, dry: &str) {
    let Some(paths) = r.prop(body_key).and_then(|d| d.get("paths")).and_then(Node::as_map) else { return };
    for p in paths {
        for m in p.value.as_map().unwrap_or_default() {
            let Some(uri) = m.value.get("x-amazon-apigateway-integration").and_then(|i| i.get("uri")) else { continue };
            let Some(f) = b.function_of(uri) else { continue };
            let api = if dry == "http" { "rest" } else { "http" };
            let detail = json!({ "method": keys::normalize_method(&m.key), "path": keys::normalize_path(&p.key), "api": api });
            let kinds: &[&str] = if dry == "http" {
                &["AWS::Serverless::Api", "AWS::ApiGateway::RestApi"]
            } else {
                &["AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Api"]
            };
            let scope = if b.t.count(kinds) > 1 { format!("{}/{}", b.t.service, r.id) } else { b.t.service.clone() };
            let def = keys::http_event(&scope, &m.key, &p.key, dry, m.line, detail);
            let exists = b.functions.get(f).is_some_and(|func| func.triggers.iter().any(|t| t.event == def.key));
            if !exists {
                b.trigger(f, def, J::Null, m.line);
            }
        }
    }
}

fn log_subscription(b: &mut Build<'_>, r: &Resource<'_>) {
    let Some(f) = r.prop("DestinationArn").and_then(|d| b.function_of(d)) else { return };
    let Some(group) = r.prop("LogGroupName") else { return };
    let tg = target(&b.t, group, &EventKind::CloudwatchLogs);
    let def = keys::named_event(EventKind::CloudwatchLogs, &tg.name, &tg.source, tg.line.unwrap_or(r.line), J::Null);
    let config = b.t.json_without(r.props, &["DestinationArn", "LogGroupName"]);
    b.trigger(f, def, config, r.line);
}

fn iot_rule(b: &mut Build<'_>, r: &Resource<'_>) {
    let Some(payload) = r.prop("TopicRulePayload") else { return };
    let Some(sql) = b.t.text(payload.get("Sql")) else { return };
    for action in payload.get("Actions").map(Node::as_list).unwrap_or_default() {
        let Some(f) = action.get("Lambda").and_then(|l| l.get("FunctionArn")).and_then(|a| b.function_of(a)) else { continue };
        let def = keys::iot_event(&sql, r.line, json!({ "sql": sql }));
        b.trigger(f, def, J::Null, r.line);
    }
}

fn cognito(b: &mut Build<'_>, r: &Resource<'_>) {
    let Some(config) = r.prop("LambdaConfig").and_then(Node::as_map) else { return };
    let pool = b.t.key_name(r);
    for e in config {
        let fn_node = e.value.get("LambdaArn").unwrap_or(&e.value);
        let Some(f) = b.function_of(fn_node) else { continue };
        // `PreTokenGenerationConfig` names the `PreTokenGeneration` trigger.
        let trigger = e.key.strip_suffix("Config").unwrap_or(&e.key);
        let def = keys::cognito_event(&pool, trigger, &pool, e.line);
        b.trigger(f, def, J::Null, e.line);
    }
}

fn target_group(b: &mut Build<'_>, r: &Resource<'_>) {
    let lambda = b.t.text(r.prop("TargetType")).is_some_and(|x| x.eq_ignore_ascii_case("lambda"));
    if !lambda {
        return;
    }
    for tnode in r.prop("Targets").map(Node::as_list).unwrap_or_default() {
        let Some(f) = tnode.get("Id").and_then(|i| b.function_of(i)) else { continue };
        let name = b.t.resource_name(r).unwrap_or_else(|| format!("{}/{}", b.t.service, r.id));
        let def = keys::owned_event(EventKind::Alb, format!("alb:{name}"), &name, "alb", &name, r.line, json!({ "targetGroup": name }));
        b.trigger(f, def, J::Null, r.line);
    }
}

fn pipe(b: &mut Build<'_>, r: &Resource<'_>) {
    let Some(f) = r.prop("Target").and_then(|tn| b.function_of(tn)) else { return };
    let Some(source) = r.prop("Source") else { return };
    let config = b.t.json_without(r.props, &["Source", "Target", "RoleArn", "Name"]);
    source_event(b, f, source, r, config);
}

pub(crate) fn function_url_event(service: &str, function: &str, line: u32) -> super::model::EventDef {
    keys::owned_event(
        EventKind::HttpRoute,
        format!("url:{service}:{function}"),
        "function URL",
        "url",
        "function URL",
        line,
        json!({ "api": "function_url" }),
    )
}

fn function_url(b: &mut Build<'_>, r: &Resource<'_>, fn_prop: &str) {
    let f = if fn_prop.is_empty() {
        b.by_logical_id.get(r.id).copied()
    } else {
        r.prop(fn_prop).and_then(|n| b.function_of(n))
    };
    let Some(f) = f else { return };
    let fname = b.functions.get(f).map(|x| x.name.clone()).unwrap_or_default();
    let def = function_url_event(&b.t.service, &fname, r.line);
    let config = match r.prop("FunctionUrlConfig") {
        Some(c) => b.t.json(c),
        None => b.t.json_without(r.props, &[fn_prop]),
    };
    b.trigger(f, def, config, r.line);
}
