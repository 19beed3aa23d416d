//! Builds the [`Node`] tree from YAML parser events under the [`Limits`]
//! budgets: alias expansion is charged node by node, nesting depth is capped,
//! and CloudFormation short-form tags become long-form maps.

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span, Tag};

use super::error::ManifestError;
use super::yaml::{Entry, Limits, Node, Value};

enum Frame {
    Seq {
        items: Vec<Node>,
        line: u32,
        col: u32,
        anchor: usize,
        tag: Option<String>,
        weight: (usize, usize, usize),
    },
    Map {
        entries: Vec<Entry>,
        pending_key: Option<(String, u32, u32)>,
        merges: Vec<Node>,
        line: u32,
        col: u32,
        anchor: usize,
        tag: Option<String>,
        weight: (usize, usize, usize),
    },
}

struct Builder {
    limits: Limits,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, (usize, usize, usize))>,
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
        "GetAtt" | "Sub" | "Join" | "Select" | "Split" | "If" | "Equals" | "And" | "Or" | "Not" | "ImportValue"
        | "FindInMap" | "Base64" | "Cidr" | "GetAZs" | "Transform" | "ToJsonString" | "Length" | "ForEach" => {
            Some(format!("Fn::{tag}"))
        }
        _ => None,
    }
}

pub(crate) fn build(text: &str, limits: Limits) -> Result<Node, ManifestError> {
    let mut b = Builder { limits, stack: Vec::new(), anchors: HashMap::new(), root: None, nodes: 0, bytes: 0 };
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|e| scan_error(&e))?;
        let (line, col) = pos(&span);
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                let tag = tag_name(tag.as_deref());
                let plain = style == ScalarStyle::Plain && tag.as_deref() != Some("!!str");
                b.charge(1, value.len(), line, col)?;
                let node = Node { value: Value::Scalar { text: value.into_owned(), plain }, line, col };
                let weight = (1, node_text_len(&node), 0);
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
                // An alias pastes a whole subtree: its depth counts where it lands.
                if b.stack.len() + weight.2 > b.limits.max_depth {
                    return Err(b.too_deep(line, col));
                }
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
                        weight: (1, 0, 1),
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
                        weight: (1, 0, 1),
                    },
                    line,
                    col,
                )?;
            }
            Event::SequenceEnd => match b.stack.pop() {
                Some(Frame::Seq { items, line, col, anchor, tag, weight }) => {
                    let node = Node { value: Value::Seq(items), line, col };
                    b.finish(node, weight, anchor, tag)?;
                }
                _ => {
                    return Err(ManifestError::at(line, Some(col), "invalid YAML: unbalanced list"));
                }
            },
            Event::MappingEnd => match b.stack.pop() {
                Some(Frame::Map { entries, merges, line, col, anchor, tag, weight, .. }) => {
                    let entries = apply_merges(entries, merges);
                    let node = Node { value: Value::Map(entries), line, col };
                    b.finish(node, weight, anchor, tag)?;
                }
                _ => {
                    return Err(ManifestError::at(line, Some(col), "invalid YAML: unbalanced map"));
                }
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
            other => vec![Node { value: other, line: source.line, col: source.col }],
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
    fn too_deep(&self, line: u32, col: u32) -> ManifestError {
        ManifestError::at(
            line,
            Some(col),
            format!(
                "lists and maps are nested more than {} levels deep (aliases included); flatten the document",
                self.limits.max_depth
            ),
        )
    }

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
            return Err(self.too_deep(line, col));
        }
        self.charge(1, 0, line, col)?;
        self.stack.push(frame);
        Ok(())
    }

    /// Attaches a completed node to its parent (or makes it the root).
    fn finish(
        &mut self,
        node: Node,
        weight: (usize, usize, usize),
        anchor: usize,
        tag: Option<String>,
    ) -> Result<(), ManifestError> {
        let (node, weight) = match tag.as_deref().and_then(cfn_function_key) {
            Some(key) => {
                let (line, col) = (node.line, node.col);
                let wrapped = Node { value: Value::Map(vec![Entry { key, line, col, value: node }]), line, col };
                (wrapped, (weight.0 + 2, weight.1 + 8, weight.2 + 1))
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
                w.2 = w.2.max(weight.2 + 1);
                items.push(node);
            }
            Some(Frame::Map { entries, pending_key, merges, weight: w, .. }) => {
                w.0 += weight.0;
                w.1 += weight.1;
                w.2 = w.2.max(weight.2 + 1);
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
                            entries.push(Entry { key, line, col, value: node });
                        }
                    }
                }
            }
        }
        Ok(())
    }
}
