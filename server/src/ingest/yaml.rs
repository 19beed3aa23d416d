//! A small YAML/JSON tree with line numbers. It is built from parser events
//! (see `yaml_build`) so that alias expansion, nesting depth and total size
//! stay under explicit budgets.
//!
//! CloudFormation short-form tags (`!Ref X`, `!GetAtt A.B`, `!Sub ...`) are
//! turned into their long form (`{Ref: X}`, `{Fn::GetAtt: A.B}`, `{Fn::Sub: ...}`)
//! while building, so later code only handles one form.

use super::error::ManifestError;

/// Budgets applied while building a tree.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Most nodes the document may expand to, aliases included.
    pub max_nodes: usize,
    /// Deepest nesting of lists and maps.
    pub max_depth: usize,
    /// Most bytes of scalar text the document may expand to, aliases included.
    pub max_expanded_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self { max_nodes: 1_000_000, max_depth: 128, max_expanded_bytes: 64 * 1024 * 1024 }
    }
}

/// A node of the tree with its 1-based line and column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub value: Value,
    pub line: u32,
    pub col: u32,
}

/// The content of a node.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// Any scalar; `plain` is false for quoted and block scalars (never typed).
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// One `key: value` pair of a map; the key's position is kept because that is
/// where a person looks for a definition.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub key: String,
    pub line: u32,
    pub col: u32,
    pub value: Node,
}

impl Node {
    pub fn scalar(text: impl Into<String>, line: u32, col: u32) -> Node {
        Node { value: Value::Scalar { text: text.into(), plain: false }, line, col }
    }

    pub fn null(line: u32, col: u32) -> Node {
        Node { value: Value::Scalar { text: String::new(), plain: true }, line, col }
    }

    /// The value under `key` in a map (the last one when a key is repeated, as
    /// lenient YAML loaders do).
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().rev().find(|e| e.key == key).map(|e| &e.value),
            _ => None,
        }
    }

    /// Like [`Node::get`] but also returns the entry (for the key's line).
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            Value::Map(entries) => entries.iter().rev().find(|e| e.key == key),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// Scalar text, `None` for null, lists and maps.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, plain } => {
                if *plain && is_null_text(text) {
                    None
                } else {
                    Some(text)
                }
            }
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true } if is_null_text(text))
    }

    /// The items of a list, or the node itself as a one-item list (many fields
    /// accept either form).
    pub fn as_list(&self) -> Vec<&Node> {
        match &self.value {
            Value::Seq(items) => items.iter().collect(),
            _ if self.is_null() => Vec::new(),
            _ => vec![self],
        }
    }

    /// Plain words for what this node is, for error messages.
    pub fn describe(&self) -> &'static str {
        match &self.value {
            Value::Seq(_) => "a list",
            Value::Map(_) => "an object",
            _ if self.is_null() => "nothing",
            _ => "a string",
        }
    }

    /// Converts to JSON, typing plain scalars with the YAML 1.2 core schema.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Scalar { text, plain } => {
                if *plain {
                    plain_scalar_json(text)
                } else {
                    serde_json::Value::String(text.clone())
                }
            }
            Value::Seq(items) => serde_json::Value::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => {
                let mut map = serde_json::Map::new();
                for e in entries {
                    map.insert(e.key.clone(), e.value.to_json());
                }
                serde_json::Value::Object(map)
            }
        }
    }
}

/// True when lists and maps nest deeper than `max` levels (checked without
/// recursion, so any depth is safe to ask about).
pub(crate) fn deeper_than(root: &Node, max: usize) -> bool {
    let mut stack: Vec<(&Node, usize)> = vec![(root, 0)];
    while let Some((node, depth)) = stack.pop() {
        match &node.value {
            Value::Scalar { .. } => {}
            Value::Seq(items) => {
                if depth + 1 > max {
                    return true;
                }
                stack.extend(items.iter().map(|i| (i, depth + 1)));
            }
            Value::Map(entries) => {
                if depth + 1 > max {
                    return true;
                }
                stack.extend(entries.iter().map(|e| (&e.value, depth + 1)));
            }
        }
    }
    false
}

fn is_null_text(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

fn plain_scalar_json(text: &str) -> serde_json::Value {
    use serde_json::Value as J;
    if is_null_text(text) {
        return J::Null;
    }
    match text {
        "true" | "True" | "TRUE" => return J::Bool(true),
        "false" | "False" | "FALSE" => return J::Bool(false),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && let Ok(i) = text.parse::<i64>()
    {
        return J::from(i);
    }
    let looks_float = digits.bytes().next().is_some_and(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && digits.bytes().any(|b| b.is_ascii_digit());
    if looks_float
        && let Ok(f) = text.parse::<f64>()
        && let Some(n) = serde_json::Number::from_f64(f)
    {
        return J::Number(n);
    }
    J::String(text.to_string())
}

/// Parses YAML (or JSON) text into a tree under the given budgets.
///
/// Files that strict YAML 1.2 rejects only because a line inside a multi-line
/// `[...]`/`{...}` is indented too little are accepted, as libyaml/PyYAML (and so
/// CloudFormation tooling) accept them.
pub(crate) fn parse_yaml(text: &str, limits: Limits) -> Result<Node, ManifestError> {
    match parse_guarded(text, limits) {
        Ok(node) => Ok(node),
        Err(err) if err.message.contains("indentation") => {
            match super::yaml_lenient::reindent_flow_continuations(text) {
                Some(patched) => parse_guarded(&patched, limits).map_err(|_| err),
                None => Err(err),
            }
        }
        Err(err) => Err(err),
    }
}

fn parse_guarded(text: &str, limits: Limits) -> Result<Node, ManifestError> {
    // The third-party scanner is fuzzed but not proven panic-free; a panic on
    // hostile input must become a rejected file, not a dead request.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| super::yaml_build::build(text, limits))).unwrap_or_else(
        |_| {
            Err(ManifestError::whole_file(
                "the YAML parser could not read this file (internal parser failure); check that it is valid YAML",
            ))
        },
    )
}
