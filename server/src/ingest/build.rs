//! State shared by the serverless.yml and template readers while one manifest is
//! turned into functions and events.

use std::collections::{BTreeMap, HashMap};

use super::events::{self, Events};
use super::keys;
use super::model::{EventDef, EventKey, EventKind, ParsedFunction};
use super::template::Template;
use super::yaml::Node;

/// A "function publishes to this event" finding, applied once all triggers are known.
#[derive(Debug, Clone)]
pub(crate) struct Producer {
    pub function: usize,
    pub kind: EventKind,
    pub name: String,
    pub source: String,
    pub line: u32,
    /// Only kept when the event is also consumed in this manifest (S3 and DynamoDB
    /// writes are mostly plain storage, not event publishing).
    pub only_if_consumed: bool,
    /// Found through an environment variable: dropped when the function is itself
    /// triggered by that event (it then names its own source, not a destination).
    pub from_env: bool,
}

pub(crate) struct Build<'a> {
    pub t: Template<'a>,
    pub events: Events,
    pub functions: Vec<ParsedFunction>,
    /// Logical ids (and serverless `{Name}LambdaFunction` ids) → function index.
    pub by_logical_id: HashMap<String, usize>,
    /// Deployed names → function index.
    pub by_deployed_name: HashMap<String, usize>,
    pub producers: Vec<Producer>,
    /// (function, key prefix) pairs where the function has read/poll permissions
    /// on that kind of event (it then likely polls what its environment names).
    pub readers: std::collections::HashSet<(usize, &'static str)>,
}

impl<'a> Build<'a> {
    pub fn new(t: Template<'a>) -> Self {
        Self {
            t,
            events: Events::default(),
            functions: Vec::new(),
            by_logical_id: HashMap::new(),
            by_deployed_name: HashMap::new(),
            producers: Vec::new(),
            readers: std::collections::HashSet::new(),
        }
    }

    /// Registers a function under its logical id(s) and deployed name.
    pub fn add_function(&mut self, f: ParsedFunction, logical_ids: &[String]) -> usize {
        let i = self.functions.len();
        for id in logical_ids {
            self.by_logical_id.insert(id.clone(), i);
        }
        if let Some(d) = &f.deployed_name {
            self.by_deployed_name.insert(d.clone(), i);
        }
        self.functions.push(f);
        i
    }

    /// The function of this manifest a value (Ref, GetAtt, ARN, name, alias,
    /// version or permission) points at.
    pub fn function_of(&self, node: &Node) -> Option<usize> {
        self.function_of_depth(node, 0)
    }

    fn function_of_depth(&self, node: &Node, depth: usize) -> Option<usize> {
        let resolved = self.t.resolve(node);
        if let Some((id, _)) = &resolved.resource {
            if let Some(&i) = self.by_logical_id.get(id) {
                return Some(i);
            }
            if depth < 3
                && let Some(r) = self.t.resource(id)
                && matches!(
                    r.kind,
                    "AWS::Lambda::Alias" | "AWS::Lambda::Version" | "AWS::Lambda::Permission" | "AWS::Lambda::Url"
                )
            {
                return r
                    .prop("FunctionName")
                    .or_else(|| r.prop("TargetFunctionArn"))
                    .and_then(|f| self.function_of_depth(f, depth + 1));
            }
        }
        // Functions that are not template resources (serverless.yml's generated
        // `{Name}LambdaFunction`) stay as `${Id}` / `${Id.Arn}` placeholders.
        let mut rest = resolved.text.as_str();
        while let Some(start) = rest.find("${") {
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else { break };
            let id = after[..end].split('.').next().unwrap_or("");
            if let Some(&i) = self.by_logical_id.get(id) {
                return Some(i);
            }
            rest = &after[end + 1..];
        }
        self.function_named(&resolved.text)
    }

    /// A function by deployed name or function ARN text.
    pub fn function_named(&self, text: &str) -> Option<usize> {
        let name = match text.find(":function:") {
            Some(p) => text[p + ":function:".len()..].split(':').next().unwrap_or(""),
            None => text,
        };
        self.by_deployed_name.get(name).copied()
    }

    /// Adds the event and a trigger on function `f`.
    pub fn trigger(&mut self, f: usize, def: EventDef, config: serde_json::Value, line: u32) {
        let trig = self.events.trigger(def, config, line);
        if let Some(func) = self.functions.get_mut(f)
            && !func.triggers.iter().any(|t| t.event == trig.event && t.config == trig.config)
        {
            func.triggers.push(trig);
        }
    }

    /// Records a producer finding for a resolved target.
    pub fn produce(&mut self, function: usize, kind: EventKind, target: &keys::Target, line: u32, from_env: bool) {
        if target.name.is_empty() || target.name.contains('*') {
            return;
        }
        let only_if_consumed = matches!(kind, EventKind::S3Bucket | EventKind::DynamodbStream);
        self.producers.push(Producer {
            function,
            kind,
            name: target.name.clone(),
            source: target.source.clone(),
            line: target.line.unwrap_or(line),
            only_if_consumed,
            from_env,
        });
    }

    /// Applies producer findings and returns functions and events.
    pub fn finish(mut self) -> (Vec<ParsedFunction>, Vec<super::model::EventDef>) {
        let producers = std::mem::take(&mut self.producers);
        for p in producers {
            let key = EventKey(format!("{}:{}", keys::prefix(&p.kind), p.name));
            if p.only_if_consumed && !self.events.contains(&key) {
                continue;
            }
            let Some(func) = self.functions.get(p.function) else {
                continue;
            };
            if p.from_env
                && (func.triggers.iter().any(|t| t.event == key)
                    || self.readers.contains(&(p.function, keys::prefix(&p.kind))))
            {
                continue;
            }
            let def = events::named_event(p.kind.clone(), &p.name, &p.source, p.line, serde_json::Value::Null);
            let key = self.events.add(def);
            if let Some(func) = self.functions.get_mut(p.function) {
                func.publishes.push(key);
            }
        }
        for f in &mut self.functions {
            f.publishes.sort();
            f.publishes.dedup();
            f.env_var_names.sort();
            f.env_var_names.dedup();
        }
        (self.functions, self.events.into_vec())
    }
}

/// Text of a scalar map as `BTreeMap`, values resolved (tags, for example).
pub(crate) fn string_map(t: &Template<'_>, node: Option<&Node>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Some(node) = node else { return out };
    if let Some(entries) = node.as_map() {
        for e in entries {
            out.insert(e.key.clone(), t.text(Some(&e.value)).unwrap_or_default());
        }
    } else if let Some(items) = node.as_seq() {
        // CloudFormation list form: [{Key: k, Value: v}]
        for item in items {
            if let Some(k) = t.text(item.get("Key")) {
                out.insert(k, t.text(item.get("Value")).unwrap_or_default());
            }
        }
    }
    out
}

/// Keys of a map (environment variable names).
pub(crate) fn map_keys(node: Option<&Node>) -> Vec<String> {
    node.and_then(Node::as_map).map(|entries| entries.iter().map(|e| e.key.clone()).collect()).unwrap_or_default()
}

/// A positive whole number from a value (memory, timeout); `None` when it is
/// not a number offline (an unresolved parameter, for example).
pub(crate) fn number(t: &Template<'_>, node: Option<&Node>) -> Option<u32> {
    let text = t.text(node)?;
    let text = text.trim();
    text.parse::<u32>()
        .ok()
        .or_else(|| text.parse::<f64>().ok().filter(|f| *f >= 0.0 && *f <= f64::from(u32::MAX)).map(|f| f as u32))
}

/// A log group name as a manifest gives it, `${AWS::StackName}` read as `stack`; `None` when it
/// is empty or still holds a placeholder that cannot be told offline, so the function keeps the
/// default group rather than a name CloudWatch would refuse.
pub(crate) fn log_group_name(text: Option<String>, stack: &str) -> Option<String> {
    let name = text?.replace("${AWS::StackName}", stack).trim().to_string();
    (!name.is_empty() && !name.contains("${")).then_some(name)
}
