//! Serverless Framework manifests (`serverless.yml`, v1 to v4, any provider).

use std::collections::BTreeMap;
use std::path::Path;

use super::build::{self, Build};
use super::error::ManifestError;
use super::model::{ManifestFormat, ParsedFunction, ParsedService};
use super::template::Template;
use super::yaml::{Limits, Node};
use super::{FileLoader, ParseOptions, api_triggers, cfn_triggers, producers, serverless_events, variables};

/// True when a parsed document looks like a serverless.yml (top-level `service`
/// plus `provider` or `functions`).
pub(crate) fn looks_like_serverless(root: &Node) -> bool {
    root.get("service").is_some() && (root.get("provider").is_some() || root.get("functions").is_some())
}

/// A value that is still a variable after resolution (for example
/// `${file(./functions.yml)}` whose file is not available): its content is
/// unknown, which is not an error.
pub(crate) fn is_unresolved(node: &Node) -> bool {
    node.as_str().is_some_and(|s| s.contains("${"))
}

/// What events need to know about the service.
pub(crate) struct Scope {
    pub service: String,
    pub provider: String,
    /// External REST API id (`provider.apiGateway.restApiId`), if any.
    pub rest_api: Option<String>,
    /// External HTTP API id (`provider.httpApi.id`), if any.
    pub http_api: Option<String>,
}

/// Serverless' logical id of a function: `my-fn_x` → `MyDashfnUnderscorexLambdaFunction`.
pub(crate) fn logical_id(function: &str) -> String {
    let normalized = function.replace('-', "Dash").replace('_', "Underscore");
    let mut chars = normalized.chars();
    let capitalized: String = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    format!("{capitalized}LambdaFunction")
}

/// Reads a serverless.yml tree (variables not yet resolved).
pub(crate) fn parse(
    raw: &Node,
    path: &Path,
    opts: &ParseOptions,
    files: &dyn FileLoader,
    limits: Limits,
) -> Result<ParsedService, ManifestError> {
    if raw.as_map().is_none() {
        return Err(ManifestError::at(
            raw.line,
            Some(raw.col),
            format!(
                "serverless.yml must be a map with `service`, `provider` and `functions` at the top level, found {}",
                raw.describe()
            ),
        ));
    }
    let (root, stage, region) = variables::resolve(raw, path, opts, files, limits)?;

    let service_node = root.get("service");
    let service = service_node
        .and_then(|s| {
            s.as_str().map(str::to_string).or_else(|| s.get("name").and_then(Node::as_str).map(str::to_string))
        })
        .unwrap_or_else(|| opts.fallback_service_name.clone());
    let service_line = root.entry("service").map(|e| e.line).unwrap_or(1);
    let provider_node = root.get("provider");
    let provider_name = provider_node
        .and_then(|p| {
            p.as_str().map(str::to_string).or_else(|| p.get("name").and_then(Node::as_str).map(str::to_string))
        })
        .unwrap_or_else(|| "aws".to_string());
    let is_aws = provider_name.eq_ignore_ascii_case("aws");
    let pv = |key: &str| provider_node.and_then(|p| p.get(key));

    // `resources` is a CloudFormation fragment, or a list of fragments.
    let mut t = Template::new(None, &service);
    for fragment in root.get("resources").map(Node::as_list).unwrap_or_default() {
        if let Some(entries) = fragment.get("Resources").and_then(Node::as_map) {
            t.add_resources(entries);
        }
        t.add_mappings(fragment.get("Mappings"));
    }
    let mut b = Build::new(t);

    let scope = Scope {
        service: service.clone(),
        provider: provider_name.clone(),
        rest_api: pv("apiGateway").and_then(|a| a.get("restApiId")).map(|n| b.t.resolve(n).text),
        http_api: pv("httpApi").and_then(|a| a.get("id")).map(|n| b.t.resolve(n).text),
    };

    let provider_tags = build::string_map(&b.t, pv("tags"));
    let provider_env = build::map_keys(pv("environment"));

    // `functions` is a map, or a list of maps (merged from several files).
    let mut function_entries = Vec::new();
    if let Some(functions) = root.get("functions") {
        for part in functions.as_list() {
            match part.as_map() {
                Some(entries) => function_entries.extend(entries.iter()),
                None if part.is_null() || is_unresolved(part) => {}
                None => {
                    return Err(ManifestError::at(
                        part.line,
                        Some(part.col),
                        format!(
                            "functions: expected a map of function names to their settings, found {}",
                            part.describe()
                        ),
                    ));
                }
            }
        }
    }

    let mut indices = Vec::new();
    for e in &function_entries {
        let def = &e.value;
        if def.as_map().is_none() && !def.is_null() && !is_unresolved(def) {
            return Err(ManifestError::at(
                e.line,
                Some(e.col),
                format!(
                    "functions.{}: expected an object with `handler` (or `image`) and `events`, found {}",
                    e.key,
                    def.describe()
                ),
            ));
        }
        let fv = |key: &str| def.get(key);
        let t = &b.t;
        let is_image = fv("image").is_some();
        let mut tags: BTreeMap<String, String> = provider_tags.clone();
        tags.extend(build::string_map(t, fv("tags")));
        let mut env_var_names = provider_env.clone();
        env_var_names.extend(build::map_keys(fv("environment")));
        let deployed_name = t.text(fv("name")).or_else(|| is_aws.then(|| format!("{service}-{stage}-{}", e.key)));
        let f = ParsedFunction {
            name: e.key.clone(),
            deployed_name,
            handler: t.text(fv("handler")),
            runtime: t.text(fv("runtime")).or_else(|| if is_image { None } else { t.text(pv("runtime")) }),
            memory_mb: build::number(t, fv("memorySize").or_else(|| pv("memorySize"))),
            timeout_s: build::number(t, fv("timeout").or_else(|| pv("timeout"))),
            architecture: t.text(fv("architecture").or_else(|| pv("architecture"))),
            log_group: build::log_group_name(
                t.text(fv("logs").and_then(|logs| logs.get("logGroup")).or_else(|| {
                    pv("logs").and_then(|logs| logs.get("lambda")).and_then(|lambda| lambda.get("logGroup"))
                })),
                &format!("{service}-{stage}"),
            ),
            description: t.text(fv("description")),
            tags,
            env_var_names,
            line: e.line,
            triggers: Vec::new(),
            publishes: Vec::new(),
        };
        let i = b.add_function(f, &[logical_id(&e.key)]);
        indices.push((i, *e));
    }

    for (i, e) in &indices {
        if let Some(events) = e.value.get("events") {
            serverless_events::read(&mut b, *i, &e.key, events, &scope)?;
        }
        // `url: true` (or `url: {authorizer, cors}`) gives the function an HTTPS endpoint.
        if let Some(url) = e.value.get("url").filter(|u| u.as_str() != Some("false") && !u.is_null()) {
            let line = e.value.entry("url").map_or(e.line, |u| u.line);
            let def = api_triggers::function_url_event(&scope.service, &e.key, line);
            let config = if url.as_map().is_some() { b.t.json(url) } else { serde_json::Value::Null };
            b.trigger(*i, def, config, line);
        }
    }
    cfn_triggers::read(&mut b);

    if is_aws {
        read_producers(&mut b, &indices, provider_node);
    }

    let description = b.t.text(root.get("description")).or_else(|| {
        root.get("resources")
            .and_then(|r| r.as_list().into_iter().find_map(|f| f.get("Description").and_then(|d| b.t.text(Some(d)))))
    });
    let runtime = b.t.text(pv("runtime"));
    let org = b.t.text(root.get("org"));
    let app = b.t.text(root.get("app"));
    let region = if is_aws { Some(region) } else { opts.region.clone().or_else(|| b.t.text(pv("region"))) };
    let (functions, events) = b.finish();
    Ok(ParsedService {
        name: service,
        provider: provider_name,
        format: ManifestFormat::Serverless,
        stage: Some(stage),
        region,
        description,
        org,
        app,
        tags: provider_tags,
        runtime,
        line: service_line,
        functions,
        events,
    })
}

fn read_producers(b: &mut Build<'_>, functions: &[(usize, &super::yaml::Entry)], provider: Option<&Node>) {
    let pv = |key: &str| provider.and_then(|p| p.get(key));
    let provider_role = pv("iam").and_then(|i| i.get("role"));
    let shared_statements: Vec<&Node> =
        provider_role.and_then(|r| r.get("statements")).into_iter().chain(pv("iamRoleStatements")).collect();
    // A provider role given as a name or reference is a custom role of `resources`.
    let provider_custom_role = match provider_role {
        Some(r) if r.as_str().is_some() || r.get("Fn::GetAtt").is_some() || r.get("Ref").is_some() => Some(r),
        _ => pv("role"),
    };
    let roles = producers::role_statements(b);
    for (f, e) in functions {
        let fv = |key: &str| e.value.get(key);
        match fv("role") {
            Some(role) => producers::role(b, *f, Some(role), &roles),
            None => {
                for st in &shared_statements {
                    producers::statements(b, *f, st);
                }
                producers::role(b, *f, provider_custom_role, &roles);
            }
        }
        if let Some(st) = fv("iamRoleStatements") {
            producers::statements(b, *f, st);
        }
        producers::environment(b, *f, pv("environment"));
        producers::environment(b, *f, fv("environment"));
        if let Some(dest) = fv("destinations") {
            for outcome in ["onSuccess", "onFailure"] {
                let target = dest.get(outcome).map(|d| d.get("arn").unwrap_or(d));
                producers::destination(b, *f, target);
            }
        }
        producers::destination(b, *f, fv("onError"));
    }
}
