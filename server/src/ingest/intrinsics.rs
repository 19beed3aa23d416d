//! Resolution of CloudFormation intrinsic functions (`Ref`, `Fn::GetAtt`,
//! `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::If`, `Fn::ImportValue`,
//! `Fn::FindInMap`) to text and to the template resource they name.

use super::template::Template;
use super::yaml::{Node, Value};

/// What an intrinsic (or literal) value resolves to.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Resolved {
    /// The value as text; what cannot be resolved offline stays as a `${...}` placeholder.
    pub text: String,
    /// The single template resource the value names (`Ref`, `GetAtt`, or a `Sub`/`Join`
    /// mentioning exactly one resource), with the attribute when one was asked for.
    pub resource: Option<(String, Option<String>)>,
}

impl Resolved {
    fn text(text: impl Into<String>) -> Self {
        Self { text: text.into(), resource: None }
    }
}

const MAX_RESOLVE_DEPTH: usize = 48;

impl Template<'_> {
    /// Resolves a value to text and to the resource it names.
    pub fn resolve(&self, node: &Node) -> Resolved {
        self.resolve_at(node, 0)
    }

    fn resolve_at(&self, node: &Node, depth: usize) -> Resolved {
        if depth > MAX_RESOLVE_DEPTH {
            return Resolved::text("${...}");
        }
        match &node.value {
            Value::Scalar { text, .. } => Resolved::text(text.clone()),
            Value::Map(entries) if entries.len() == 1 => {
                let e = &entries[0];
                let arg = &e.value;
                match e.key.as_str() {
                    "Ref" => match arg.as_str() {
                        Some(name) => self.reference(name, depth),
                        None => Resolved::text("${Ref}"),
                    },
                    "Fn::GetAtt" => self.get_att(arg),
                    "Fn::Sub" => self.sub(arg, depth),
                    "Fn::Join" => self.join(arg, depth),
                    "Fn::Select" => self.select(arg, depth),
                    "Fn::If" => self.if_(arg, depth),
                    "Fn::ImportValue" => {
                        let name = self.resolve_at(arg, depth + 1).text;
                        Resolved::text(format!("${{ImportValue:{name}}}"))
                    }
                    "Fn::FindInMap" => self.find_in_map(arg, depth),
                    key if key.starts_with("Fn::") => Resolved::text(format!("${{{key}}}")),
                    _ => Resolved::text(node.to_json().to_string()),
                }
            }
            _ => Resolved::text(node.to_json().to_string()),
        }
    }

    fn reference(&self, name: &str, depth: usize) -> Resolved {
        if name.starts_with("AWS::") {
            return Resolved::text(format!("${{{name}}}"));
        }
        if let Some(param) = self.parameters.get(name) {
            return match param.get("Default") {
                Some(default) if !default.is_null() => {
                    let mut r = match default.as_seq() {
                        Some(items) => Resolved::text(
                            items.iter().map(|i| self.resolve_at(i, depth + 1).text).collect::<Vec<_>>().join(","),
                        ),
                        None => self.resolve_at(default, depth + 1),
                    };
                    r.resource = None;
                    r
                }
                _ => Resolved::text(format!("${{{name}}}")),
            };
        }
        if let Some(r) = self.resource(name) {
            return Resolved {
                text: self.resource_name(r).unwrap_or_else(|| format!("${{{name}}}")),
                resource: Some((name.to_string(), None)),
            };
        }
        // SAM's `!Ref MyFunction.Alias` / `.Version`, and `${Res.Attr}` inside Fn::Sub.
        if let Some((id, attr)) = name.split_once('.')
            && self.resource(id).is_some()
        {
            return self.att(id, attr);
        }
        Resolved::text(format!("${{{name}}}"))
    }

    fn get_att(&self, arg: &Node) -> Resolved {
        let (id, attr) = match &arg.value {
            Value::Scalar { text, .. } => match text.split_once('.') {
                Some((id, attr)) => (id.to_string(), attr.to_string()),
                None => (text.clone(), String::new()),
            },
            Value::Seq(items) => {
                let id = items.first().and_then(Node::as_str).unwrap_or("").to_string();
                let attr = items.get(1).map(|a| self.resolve(a).text).unwrap_or_default();
                (id, attr)
            }
            _ => return Resolved::text("${GetAtt}"),
        };
        self.att(&id, &attr)
    }

    fn att(&self, id: &str, attr: &str) -> Resolved {
        match self.resource(id) {
            Some(r) => {
                let name_like =
                    matches!(attr, "TopicName" | "QueueName" | "Name" | "StreamName" | "BucketName" | "TableName");
                let text = if name_like { self.resource_name(r) } else { None };
                Resolved {
                    text: text.unwrap_or_else(|| format!("${{{id}.{attr}}}")),
                    resource: Some((id.to_string(), Some(attr.to_string()))),
                }
            }
            None => Resolved::text(format!("${{{id}.{attr}}}")),
        }
    }

    fn sub(&self, arg: &Node, depth: usize) -> Resolved {
        let (template, vars) = match &arg.value {
            Value::Scalar { text, .. } => (text.as_str(), None),
            Value::Seq(items) => match items.first().and_then(Node::as_str) {
                Some(t) => (t, items.get(1)),
                None => return Resolved::text("${Sub}"),
            },
            _ => return Resolved::text("${Sub}"),
        };
        let mut out = String::with_capacity(template.len());
        let mut resources: Vec<(String, Option<String>)> = Vec::new();
        let mut rest = template;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                rest = "";
                break;
            };
            let name = after[..end].trim();
            rest = &after[end + 1..];
            if let Some(literal) = name.strip_prefix('!') {
                out.push_str("${");
                out.push_str(literal);
                out.push('}');
                continue;
            }
            let r = match vars.and_then(|v| v.get(name)) {
                Some(v) => self.resolve_at(v, depth + 1),
                None => self.reference(name, depth + 1),
            };
            out.push_str(&r.text);
            if let Some(res) = r.resource
                && !resources.contains(&res)
            {
                resources.push(res);
            }
        }
        out.push_str(rest);
        Resolved { text: out, resource: single(resources) }
    }

    fn join(&self, arg: &Node, depth: usize) -> Resolved {
        let Some(items) = arg.as_seq() else {
            return Resolved::text("${Join}");
        };
        let delim = items.first().and_then(Node::as_str).unwrap_or("");
        let Some(parts) = items.get(1).and_then(Node::as_seq) else {
            return Resolved::text("${Join}");
        };
        let mut resources = Vec::new();
        let mut texts = Vec::with_capacity(parts.len());
        for p in parts {
            let r = self.resolve_at(p, depth + 1);
            texts.push(r.text);
            if let Some(res) = r.resource
                && !resources.contains(&res)
            {
                resources.push(res);
            }
        }
        Resolved { text: texts.join(delim), resource: single(resources) }
    }

    fn select(&self, arg: &Node, depth: usize) -> Resolved {
        let Some(items) = arg.as_seq() else {
            return Resolved::text("${Select}");
        };
        let index =
            items.first().map(|i| self.resolve_at(i, depth + 1).text).and_then(|t| t.trim().parse::<usize>().ok());
        let (Some(index), Some(list)) = (index, items.get(1)) else {
            return Resolved::text("${Select}");
        };
        if let Some(values) = list.as_seq() {
            return match values.get(index) {
                Some(v) => self.resolve_at(v, depth + 1),
                None => Resolved::text("${Select}"),
            };
        }
        let split_source = list
            .get("Fn::Split")
            .and_then(Node::as_seq)
            .and_then(|s| Some((s.first()?.as_str()?.to_string(), s.get(1)?)));
        let joined = match split_source {
            Some((delim, src)) => Some((delim, self.resolve_at(src, depth + 1).text)),
            None if list.get("Ref").is_some() => Some((",".to_string(), self.resolve_at(list, depth + 1).text)),
            None => None,
        };
        match joined {
            Some((delim, text)) if !delim.is_empty() && !text.starts_with("${") => {
                match text.split(delim.as_str()).nth(index) {
                    Some(v) => Resolved::text(v.to_string()),
                    None => Resolved::text("${Select}"),
                }
            }
            _ => Resolved::text("${Select}"),
        }
    }

    fn if_(&self, arg: &Node, depth: usize) -> Resolved {
        let Some(items) = arg.as_seq() else {
            return Resolved::text("${If}");
        };
        let no_value = |n: &Node| n.get("Ref").and_then(Node::as_str) == Some("AWS::NoValue");
        match (items.get(1), items.get(2)) {
            (Some(a), Some(b)) if no_value(a) => self.resolve_at(b, depth + 1),
            (Some(a), _) => self.resolve_at(a, depth + 1),
            _ => Resolved::text("${If}"),
        }
    }

    fn find_in_map(&self, arg: &Node, depth: usize) -> Resolved {
        let Some(items) = arg.as_seq() else {
            return Resolved::text("${FindInMap}");
        };
        let keys: Vec<String> = items.iter().take(3).map(|k| self.resolve_at(k, depth + 1).text).collect();
        let found = match keys.as_slice() {
            [map, top, second] => {
                self.mappings.and_then(|m| m.get(map)).and_then(|m| m.get(top)).and_then(|m| m.get(second))
            }
            _ => None,
        };
        match found {
            Some(v) => self.resolve_at(v, depth + 1),
            None => {
                // Language-extensions default value, when given.
                let default = items.get(3).and_then(|d| d.get("DefaultValue"));
                match default {
                    Some(d) => self.resolve_at(d, depth + 1),
                    None => Resolved::text(format!("${{FindInMap:{}}}", keys.join("."))),
                }
            }
        }
    }
}

fn single(mut resources: Vec<(String, Option<String>)>) -> Option<(String, Option<String>)> {
    if resources.len() == 1 { resources.pop() } else { None }
}
