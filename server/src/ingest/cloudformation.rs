//! AWS SAM and CloudFormation templates: functions (`AWS::Serverless::Function`
//! with `Globals.Function`, `AWS::Lambda::Function`), then their events.

use std::collections::BTreeMap;

use super::build::{self, Build};
use super::error::ManifestError;
use super::model::{ManifestFormat, ParsedFunction, ParsedService};
use super::template::{Resource, Template};
use super::yaml::Node;
use super::{ParseOptions, cfn_triggers, producers, sam_events};

/// True when the template uses the SAM transform or SAM resource types.
pub(crate) fn is_sam(root: &Node) -> bool {
    let transform_is_sam = root
        .get("Transform")
        .map(|t| t.as_list().iter().any(|x| x.as_str().is_some_and(|s| s.starts_with("AWS::Serverless"))))
        .unwrap_or(false);
    transform_is_sam
        || root
            .get("Resources")
            .and_then(Node::as_map)
            .is_some_and(|res| res.iter().any(|e| resource_type(&e.value).starts_with("AWS::Serverless::")))
}

fn resource_type(node: &Node) -> &str {
    node.get("Type").and_then(Node::as_str).unwrap_or("").trim()
}

/// Reads a SAM or CloudFormation template.
pub(crate) fn parse_template(root: &Node, opts: &ParseOptions) -> Result<ParsedService, ManifestError> {
    if root.as_map().is_none() {
        return Err(ManifestError::at(
            root.line,
            Some(root.col),
            format!("a template must be a map with a `Resources` section at the top level, found {}", root.describe()),
        ));
    }
    if let Some(res) = root.get("Resources")
        && res.as_map().is_none()
        && !res.is_null()
    {
        return Err(ManifestError::at(
            res.line,
            Some(res.col),
            format!("`Resources` must be a map of logical ids to resources, found {}", res.describe()),
        ));
    }
    let service = opts.fallback_service_name.clone();
    let format = if is_sam(root) { ManifestFormat::Sam } else { ManifestFormat::CloudFormation };
    let t = Template::new(Some(root), &service);
    let globals = root.get("Globals").and_then(|g| g.get("Function"));
    let mut b = Build::new(t);

    let resources: Vec<Resource<'_>> = b.t.resources.clone();
    let mut sam_functions = Vec::new();
    for r in &resources {
        match r.kind {
            "AWS::Serverless::Function" => {
                let f = function(&b.t, r, globals);
                let i = b.add_function(f, &[r.id.to_string()]);
                sam_functions.push((i, *r));
            }
            "AWS::Lambda::Function" => {
                let f = function(&b.t, r, None);
                b.add_function(f, &[r.id.to_string()]);
            }
            _ => {}
        }
    }
    for (i, r) in &sam_functions {
        if let Some(events) = r.prop("Events") {
            sam_events::read(&mut b, *i, events)?;
        }
    }
    cfn_triggers::read(&mut b);
    producers::read_template(&mut b, &sam_functions, globals);

    let runtime = b.t.text(globals.and_then(|g| g.get("Runtime")));
    let tags = build::string_map(&b.t, globals.and_then(|g| g.get("Tags")));
    let description = b.t.text(root.get("Description"));
    let (functions, events) = b.finish();
    Ok(ParsedService {
        name: service,
        provider: "aws".to_string(),
        format,
        stage: opts.stage.clone(),
        region: opts.region.clone(),
        description,
        org: None,
        app: None,
        tags,
        runtime,
        line: 1,
        functions,
        events,
    })
}

/// A function from `AWS::Serverless::Function` (with globals) or `AWS::Lambda::Function`.
fn function(t: &Template<'_>, r: &Resource<'_>, globals: Option<&Node>) -> ParsedFunction {
    let prop = |key: &str| r.prop(key).or_else(|| globals.and_then(|g| g.get(key)));
    let is_image = t.text(prop("PackageType")).is_some_and(|p| p.eq_ignore_ascii_case("Image"));
    let architecture = prop("Architectures").and_then(|a| a.as_list().first().and_then(|x| t.text(Some(x))));
    let mut tags: BTreeMap<String, String> = build::string_map(t, globals.and_then(|g| g.get("Tags")));
    tags.extend(build::string_map(t, r.prop("Tags")));
    let env_of = |n: Option<&Node>| build::map_keys(n.and_then(|e| e.get("Variables")));
    let mut env_var_names = env_of(globals.and_then(|g| g.get("Environment")));
    env_var_names.extend(env_of(r.prop("Environment")));
    ParsedFunction {
        name: r.id.to_string(),
        deployed_name: t.text(r.prop("FunctionName")),
        handler: if is_image { None } else { t.text(prop("Handler")) },
        runtime: if is_image { None } else { t.text(prop("Runtime")) },
        memory_mb: build::number(t, prop("MemorySize")),
        timeout_s: build::number(t, prop("Timeout")),
        architecture,
        // SAM merges Globals key by key, so a function's own LoggingConfig without a LogGroup
        // keeps the global one. `!Ref` to an `AWS::Logs::LogGroup` resolves to its LogGroupName.
        log_group: build::log_group_name(
            t.text(
                r.prop("LoggingConfig")
                    .and_then(|config| config.get("LogGroup"))
                    .or_else(|| globals.and_then(|g| g.get("LoggingConfig")).and_then(|config| config.get("LogGroup"))),
            ),
            &t.service,
        ),
        description: t.text(r.prop("Description")),
        tags,
        env_var_names,
        line: r.line,
        triggers: Vec::new(),
        publishes: Vec::new(),
    }
}
