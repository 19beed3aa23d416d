//! A small YAML/JSON tree with line numbers, built from parser events so that
//! alias expansion, nesting depth and total size stay under explicit budgets.
//!
//! CloudFormation short-form tags (`!Ref X`, `!GetAtt A.B`, `!Sub ...`) are
//! turned into their long form (`{Ref: X}`, `{Fn::GetAtt: A.B}`, `{Fn::Sub: ...}`)
//! while building, so later code only handles one form.

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span, Tag};

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
        Self {
            max_nodes: 1_000_000,
            max_depth: 128,
            max_expanded_bytes: 64 * 1024 * 1024,
        }
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
    Scalar { text: String, plain: bool },
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
        Node {
            value: Value::Scalar {
                text: text.into(),
                plain: false,
            },
            line,
            col,
        }
    }

    pub fn null(line: u32, col: u32) -> Node {
        Node {
            value: Value::Scalar {
                text: String::new(),
                plain: true,
            },
            line,
            col,
        }
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
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = text.parse::<i64>() {
            return J::from(i);
        }
    }
    let looks_float = digits.bytes().next().is_some_and(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && digits.bytes().any(|b| b.is_ascii_digit());
    if looks_float {
        if let Ok(f) = text.parse::<f64>() {
            if let Some(n) = serde_json::Number::from_f64(f) {
                return J::Number(n);
            }
        }
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
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build(text, limits))).unwrap_or_else(|_| {
        Err(ManifestError::whole_file(
            "the YAML parser could not read this file (internal parser failure); check that it is valid YAML",
        ))
    })
}

enum Frame {
    Seq {
        items: Vec<Node>,
        line: u32,
        col: u32,
        anchor: usize,
        tag: Option<String>,
        weight: (usize, usize),
    },
    Map {
        entries: Vec<Entry>,
        pending_key: Option<(String, u32, u32)>,
        merges: Vec<Node>,
        line: u32,
        col: u32,
        anchor: usize,
        tag: Option<String>,
        weight: (usize, usize),
    },
}

struct Builder {
    limits: Limits,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, (usize, usize))>,
    root: Option<Node>,
    nodes: usize,
    bytes: usize,
}

fn pos(span: &Span) -> (u32, u32) {
    let line = u32::try_from(span.start.line()).unwrap_or(u32::MAX);
    let col = u32::try_from(span.start.col().saturating_add(1)).unwrap_or(u32::MAX);
    (line, col)
}

fn scan_error(e: &ScanError) -> ManifestError {
    let line = u32::try_from(e.marker().line()).unwrap_or(u32::MAX);
    let col = u32::try_from(e.marker().col().saturating_add(1)).unwrap_or(u32::MAX);
    ManifestError::at(
        line,
        Some(col),
        format!("invalid YAML: {}; check the indentation, quoting and brackets here", e.info()),
    )
}

fn tag_name(tag: Option<&Tag>) -> Option<String> {
    let tag = tag?;
    if tag.is_yaml_core_schema() || tag.handle == "!!" {
        return Some(format!("!!{}", tag.suffix));
    }
    if tag.handle == "!" {
        return Some(tag.suffix.clone());
    }
    None
}

/// Long-form key for a CloudFormation short-form tag.
fn cfn_function_key(tag: &str) -> Option<String> {
    match tag {
        "Ref" | "Condition" => Some(tag.to_string()),
        "GetAtt" | "Sub" | "Join" | "Select" | "Split" | "If" | "Equals" | "And" | "Or" | "Not"
        | "ImportValue" | "FindInMap" | "Base64" | "Cidr" | "GetAZs" | "Transform" | "ToJsonString"
        | "Length" | "ForEach" => Some(format!("Fn::{tag}")),
        _ => None,
    }
}

fn build(text: &str, limits: Limits) -> Result<Node, ManifestError> {
    let mut b = Builder {
        limits,
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        nodes: 0,
        bytes: 0,
    };
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|e| scan_error(&e))?;
        let (line, col) = pos(&span);
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                let tag = tag_name(tag.as_deref());
                let plain = style == ScalarStyle::Plain && tag.as_deref() != Some("!!str");
                b.charge(1, value.len(), line, col)?;
                let node = Node {
                    value: Value::Scalar {
                        text: value.into_owned(),
                        plain,
                    },
                    line,
                    col,
                };
                let weight = (1, node_text_len(&node));
                b.finish(node, weight, anchor, tag)?;
            }
            Event::Alias(id) => {
                let Some((node, weight)) = b.anchors.get(&id).cloned() else {
                    return Err(ManifestError::at(
                        line,
                        Some(col),
                        "this alias (`*name`) refers to an anchor that is not defined before it (or to itself); define the `&name` anchor first",
                    ));
                };
                b.charge(weight.0, weight.1, line, col)?;
                b.finish(node, weight, 0, None)?;
            }
            Event::SequenceStart(anchor, tag) => {
                b.push(
                    Frame::Seq {
                        items: Vec::new(),
                        line,
                        col,
                        anchor,
                        tag: tag_name(tag.as_deref()),
                        weight: (1, 0),
                    },
                    line,
                    col,
                )?;
            }
            Event::MappingStart(anchor, tag) => {
                b.push(
                    Frame::Map {
                        entries: Vec::new(),
                        pending_key: None,
                        merges: Vec::new(),
                        line,
                        col,
                        anchor,
                        tag: tag_name(tag.as_deref()),
                        weight: (1, 0),
                    },
                    line,
                    col,
                )?;
            }
            Event::SequenceEnd => match b.stack.pop() {
                Some(Frame::Seq {
                    items,
                    line,
                    col,
                    anchor,
                    tag,
                    weight,
                }) => {
                    let node = Node {
                        value: Value::Seq(items),
                        line,
                        col,
                    };
                    b.finish(node, weight, anchor, tag)?;
                }
                _ => return Err(ManifestError::at(line, Some(col), "invalid YAML: unbalanced list")),
            },
            Event::MappingEnd => match b.stack.pop() {
                Some(Frame::Map {
                    entries,
                    merges,
                    line,
                    col,
                    anchor,
                    tag,
                    weight,
                    ..
                }) => {
                    let entries = apply_merges(entries, merges);
                    let node = Node {
                        value: Value::Map(entries),
                        line,
                        col,
                    };
                    b.finish(node, weight, anchor, tag)?;
                }
                _ => return Err(ManifestError::at(line, Some(col), "invalid YAML: unbalanced map")),
            },
            Event::StreamStart | Event::StreamEnd | Event::DocumentStart(_) | Event::DocumentEnd | Event::Nothing => {}
        }
    }
    Ok(b.root.unwrap_or_else(|| Node::null(1, 1)))
}

fn node_text_len(node: &Node) -> usize {
    match &node.value {
        Value::Scalar { text, .. } => text.len(),
        _ => 0,
    }
}

/// YAML 1.1 merge keys (`<<: *defaults`): explicit keys win, then earlier merged
/// maps win over later ones.
fn apply_merges(mut entries: Vec<Entry>, merges: Vec<Node>) -> Vec<Entry> {
    if merges.is_empty() {
        return entries;
    }
    let mut seen: HashSet<String> = entries.iter().map(|e| e.key.clone()).collect();
    for source in merges {
        let maps: Vec<Node> = match source.value {
            Value::Seq(items) => items,
            other => vec![Node {
                value: other,
                line: source.line,
                col: source.col,
            }],
        };
        for map in maps {
            if let Value::Map(merged) = map.value {
                for e in merged {
                    if seen.insert(e.key.clone()) {
                        entries.push(e);
                    }
                }
            }
        }
    }
    entries
}

impl Builder {
    fn charge(&mut self, nodes: usize, bytes: usize, line: u32, col: u32) -> Result<(), ManifestError> {
        self.nodes = self.nodes.saturating_add(nodes);
        self.bytes = self.bytes.saturating_add(bytes);
        if self.nodes > self.limits.max_nodes {
            return Err(ManifestError::at(
                line,
                Some(col),
                format!(
                    "the document expands to more than {} nodes (aliases included); this looks like an alias bomb (\"billion laughs\") — remove the repeated `*alias` references",
                    self.limits.max_nodes
                ),
            ));
        }
        if self.bytes > self.limits.max_expanded_bytes {
            return Err(ManifestError::at(
                line,
                Some(col),
                format!(
                    "the document expands to more than {} bytes of text (aliases included); remove the repeated `*alias` references",
                    self.limits.max_expanded_bytes
                ),
            ));
        }
        Ok(())
    }

    fn push(&mut self, frame: Frame, line: u32, col: u32) -> Result<(), ManifestError> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(ManifestError::at(
                line,
                Some(col),
                format!(
                    "lists and maps are nested more than {} levels deep; flatten the document",
                    self.limits.max_depth
                ),
            ));
        }
        self.charge(1, 0, line, col)?;
        self.stack.push(frame);
        Ok(())
    }

    /// Attaches a completed node to its parent (or makes it the root).
    fn finish(&mut self, node: Node, weight: (usize, usize), anchor: usize, tag: Option<String>) -> Result<(), ManifestError> {
        let (node, weight) = match tag.as_deref().and_then(cfn_function_key) {
            Some(key) => {
                let (line, col) = (node.line, node.col);
                let wrapped = Node {
                    value: Value::Map(vec![Entry {
                        key,
                        line,
                        col,
                        value: node,
                    }]),
                    line,
                    col,
                };
                (wrapped, (weight.0 + 2, weight.1 + 8))
            }
            None => (node, weight),
        };
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), weight));
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq { items, weight: w, .. }) => {
                w.0 += weight.0;
                w.1 += weight.1;
                items.push(node);
            }
            Some(Frame::Map {
                entries,
                pending_key,
                merges,
                weight: w,
                ..
            }) => {
                w.0 += weight.0;
                w.1 += weight.1;
                match pending_key.take() {
                    None => {
                        let key = match &node.value {
                            Value::Scalar { text, .. } => text.clone(),
                            _ => node.to_json().to_string(),
                        };
                        *pending_key = Some((key, node.line, node.col));
                    }
                    Some((key, line, col)) => {
                        if key == "<<" {
                            merges.push(node);
                        } else {
                            entries.push(Entry {
                                key,
                                line,
                                col,
                                value: node,
                            });
                        }
                    }
                }
            }
        }
        Ok(())
    }
}
