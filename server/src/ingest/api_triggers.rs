//! HTTP and WebSocket wiring by stand-alone resources: API Gateway v2 routes and
//! quick-create APIs, REST API methods (with their resource paths), inline
//! OpenAPI definitions, and function URLs.

use serde_json::{Value as J, json};

use super::build::Build;
use super::events;
use super::model::EventKind;
use super::template::Resource;
use super::yaml::Node;

/// API scope for keys (see `Template::api_scope`) and the API's logical id when local.
fn api_scope(b: &Build<'_>, api: Option<&Node>, rest: bool) -> (String, Option<String>) {
    let id = api.and_then(|a| b.t.resource_of(a)).map(|r| r.id.to_string());
    (b.t.api_scope(api, rest), id)
}

pub(crate) fn v2_route(b: &mut Build<'_>, r: &Resource<'_>) {
    let Some(route_key) = b.t.text(r.prop("RouteKey")) else {
        return;
    };
    // Target is `integrations/{IntegrationId}`, usually built with Sub or Join.
    let Some(integration) = r.prop("Target").and_then(|tn| b.t.resource_of(tn)).copied() else {
        return;
    };
    let Some(f) = integration.prop("IntegrationUri").and_then(|u| b.function_of(u)) else {
        return;
    };
    let (scope, api_id) = api_scope(b, r.prop("ApiId"), false);
    let websocket = api_id
        .as_deref()
        .and_then(|id| b.t.resource(id))
        .and_then(|api| b.t.text(api.prop("ProtocolType")))
        .is_some_and(|p| p.eq_ignore_ascii_case("WEBSOCKET"));
    let def = if websocket {
        events::websocket_event(&scope, &route_key, r.line)
    } else {
        let (method, path) = route_key.split_once(' ').unwrap_or(("ANY", route_key.as_str()));
        let detail =
            json!({ "method": events::normalize_method(method), "path": events::normalize_path(path), "api": "http" });
        events::http_event(&scope, method, path, "httpApi", r.line, detail)
    };
    b.trigger(f, def, J::Null, r.line);
}

pub(crate) fn v2_quick_create(b: &mut Build<'_>, r: &Resource<'_>) {
    let Some(f) = r.prop("Target").and_then(|tn| b.function_of(tn)) else {
        return;
    };
    let route = b.t.text(r.prop("RouteKey")).unwrap_or_else(|| "$default".to_string());
    let (method, path) = route.split_once(' ').unwrap_or(("ANY", route.as_str()));
    let detail =
        json!({ "method": events::normalize_method(method), "path": events::normalize_path(path), "api": "http" });
    let def = events::http_event(&b.t.service, method, path, "httpApi", r.line, detail);
    b.trigger(f, def, J::Null, r.line);
}

/// Full path of an `AWS::ApiGateway::Resource` chain (`/` for the root).
fn rest_path(b: &Build<'_>, node: Option<&Node>, depth: usize) -> String {
    let Some(node) = node else {
        return "/".to_string();
    };
    let resolved = b.t.resolve(node);
    let res = resolved
        .resource
        .as_ref()
        .and_then(|(id, attr)| if attr.as_deref() == Some("RootResourceId") { None } else { b.t.resource(id) });
    match res {
        Some(res) if res.kind == "AWS::ApiGateway::Resource" && depth < 32 => {
            let parent = rest_path(b, res.prop("ParentId"), depth + 1);
            let part = b.t.text(res.prop("PathPart")).unwrap_or_default();
            if parent.ends_with('/') { format!("{parent}{part}") } else { format!("{parent}/{part}") }
        }
        _ => "/".to_string(),
    }
}

pub(crate) fn rest_method(b: &mut Build<'_>, r: &Resource<'_>) {
    let Some(integration) = r.prop("Integration") else {
        return;
    };
    let Some(f) = integration.get("Uri").and_then(|u| b.function_of(u)) else {
        return;
    };
    let method = b.t.text(r.prop("HttpMethod")).unwrap_or_else(|| "ANY".to_string());
    let path = rest_path(b, r.prop("ResourceId"), 0);
    let (scope, _) = api_scope(b, r.prop("RestApiId"), true);
    let detail =
        json!({ "method": events::normalize_method(&method), "path": events::normalize_path(&path), "api": "rest" });
    let def = events::http_event(&scope, &method, &path, "http", r.line, detail);
    b.trigger(f, def, J::Null, r.line);
}

pub(crate) fn openapi(b: &mut Build<'_>, r: &Resource<'_>, body_key: &str, dry: &str) {
    let Some(paths) = r.prop(body_key).and_then(|d| d.get("paths")).and_then(Node::as_map) else {
        return;
    };
    for p in paths {
        for m in p.value.as_map().unwrap_or_default() {
            let Some(uri) = m.value.get("x-amazon-apigateway-integration").and_then(|i| i.get("uri")) else {
                continue;
            };
            let Some(f) = b.function_of(uri) else {
                continue;
            };
            let api = if dry == "http" { "rest" } else { "http" };
            let detail = json!({ "method": events::normalize_method(&m.key), "path": events::normalize_path(&p.key), "api": api });
            let kinds: &[&str] = if dry == "http" {
                &["AWS::Serverless::Api", "AWS::ApiGateway::RestApi"]
            } else {
                &["AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Api"]
            };
            let scope = if b.t.count(kinds) > 1 { format!("{}/{}", b.t.service, r.id) } else { b.t.service.clone() };
            let def = events::http_event(&scope, &m.key, &p.key, dry, m.line, detail);
            let exists = b.functions.get(f).is_some_and(|func| func.triggers.iter().any(|t| t.event == def.key));
            if !exists {
                b.trigger(f, def, J::Null, m.line);
            }
        }
    }
}

pub(crate) fn function_url_event(service: &str, function: &str, line: u32) -> super::model::EventDef {
    events::owned_event(
        EventKind::HttpRoute,
        format!("url:{service}:{function}"),
        "function URL",
        "url",
        "function URL",
        line,
        json!({ "api": "function_url" }),
    )
}

pub(crate) fn function_url(b: &mut Build<'_>, r: &Resource<'_>, fn_prop: &str) {
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
