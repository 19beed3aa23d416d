//! A small block-style YAML writer: keys, scalars, comments and JSON values.

use serde_json::Value;

use super::quoting::{comment_text, yaml_str};
use super::text::{SamText, Text};

/// Lines of a YAML document, two spaces per level.
#[derive(Debug, Default)]
pub(crate) struct Doc {
    lines: Vec<String>,
}

impl Doc {
    /// A line at `indent` levels, as written.
    pub fn raw(&mut self, indent: usize, text: &str) -> &mut Self {
        let line = format!("{}{}", "  ".repeat(indent), text);
        self.lines.push(line.trim_end().to_string());
        self
    }

    /// A `# comment` line; the text is made safe for a comment.
    pub fn comment(&mut self, indent: usize, text: &str) -> &mut Self {
        self.raw(indent, &format!("# {}", comment_text(text)))
    }

    /// `key:` opening a block.
    pub fn key(&mut self, indent: usize, key: &str) -> &mut Self {
        self.raw(indent, &format!("{}:", yaml_str(key)))
    }

    /// `key: value` with `value` a string, quoted when needed.
    pub fn kv(&mut self, indent: usize, key: &str, value: &str) -> &mut Self {
        self.raw(indent, &format!("{}: {}", yaml_str(key), yaml_str(value)))
    }

    /// `key: value` with `value` already YAML (a number, `!Ref X`, ...).
    pub fn kv_raw(&mut self, indent: usize, key: &str, value: &str) -> &mut Self {
        self.raw(indent, &format!("{}: {}", yaml_str(key), value))
    }

    /// `key: value` with the serverless.yml spelling of a text.
    pub fn kv_sls(&mut self, indent: usize, key: &str, text: &Text) -> &mut Self {
        self.kv(indent, key, &text.serverless())
    }

    /// `key: value` with the SAM spelling of a text (`!Sub` when it has placeholders).
    pub fn kv_sam(&mut self, indent: usize, key: &str, text: &Text) -> &mut Self {
        let value = sam_value(text);
        self.kv_raw(indent, key, &value)
    }

    /// `- key:` opening a mapping inside a sequence item.
    pub fn item_key(&mut self, indent: usize, key: &str) -> &mut Self {
        self.raw(indent, &format!("- {}:", yaml_str(key)))
    }

    /// `- key: value` with `value` a string: the first entry of a sequence item.
    pub fn item_kv(&mut self, indent: usize, key: &str, value: &str) -> &mut Self {
        self.raw(indent, &format!("- {}: {}", yaml_str(key), yaml_str(value)))
    }

    /// `- value` with `value` a string.
    pub fn item(&mut self, indent: usize, value: &str) -> &mut Self {
        self.raw(indent, &format!("- {}", yaml_str(value)))
    }

    /// `key: value` with a JSON value written as block YAML (object keys sorted).
    pub fn kv_json(&mut self, indent: usize, key: &str, value: &Value) -> &mut Self {
        match inline(value) {
            Some(v) => self.kv_raw(indent, key, &v),
            None => {
                self.key(indent, key);
                let lines = block(indent + 1, value);
                self.lines.extend(lines);
                self
            }
        }
    }

    /// The document text, without a final line break.
    pub fn finish(&self) -> String {
        self.lines.join("\n")
    }
}

/// The SAM spelling of a text as a YAML value.
pub(crate) fn sam_value(text: &Text) -> String {
    match text.sam() {
        SamText::Plain(s) => yaml_str(&s),
        SamText::Sub(s) => format!("!Sub {}", yaml_str(&s)),
    }
}

/// A scalar or empty container written on the line of its key.
fn inline(value: &Value) -> Option<String> {
    Some(match value {
        Value::String(s) => yaml_str(s),
        Value::Object(m) if m.is_empty() => "{}".to_string(),
        Value::Array(a) if a.is_empty() => "[]".to_string(),
        Value::Object(_) | Value::Array(_) => return None,
        Value::Null => "null".to_string(),
        other => other.to_string(),
    })
}

/// Lines of a non-empty object or array at `indent` levels.
fn block(indent: usize, value: &Value) -> Vec<String> {
    let pad = "  ".repeat(indent);
    let mut out = Vec::new();
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            for (k, v) in entries {
                match inline(v) {
                    Some(s) => out.push(format!("{pad}{}: {s}", yaml_str(k))),
                    None => {
                        out.push(format!("{pad}{}:", yaml_str(k)));
                        out.extend(block(indent + 1, v));
                    }
                }
            }
        }
        Value::Array(items) => {
            for v in items {
                match inline(v) {
                    Some(s) => out.push(format!("{pad}- {s}")),
                    None => {
                        // The item's first line goes on the dash: `- key: value`.
                        let mut lines = block(indent + 1, v);
                        if let Some(first) = lines.first_mut() {
                            let rest = first.trim_start().to_string();
                            *first = format!("{pad}- {rest}");
                        }
                        out.extend(lines);
                    }
                }
            }
        }
        _ => {}
    }
    out
}
