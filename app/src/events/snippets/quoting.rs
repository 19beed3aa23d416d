//! Quoting for shell, YAML, JSON and comments, and the identifiers AWS accepts.
//!
//! Every value here may come from a manifest, so nothing is trusted: shell words are
//! single-quoted unless made only of inert characters, YAML scalars are double-quoted
//! unless they would read back as the same string in plain style, and comments have
//! their line breaks and control characters escaped so they cannot end the comment.

use serde_json::Value;

/// Characters that are never special to a POSIX shell, in or out of double quotes.
fn shell_inert(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_@%+=:,./-".contains(c)
}

/// Whether `s` can be written bare in a shell command.
pub(crate) fn is_shell_inert(s: &str) -> bool {
    !s.is_empty() && s.chars().all(shell_inert)
}

/// One shell word with exactly the text `s`: bare when inert, else single-quoted.
pub(crate) fn shell_quote(s: &str) -> String {
    if is_shell_inert(s) {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// Text for a `#` comment: line breaks and other control characters are escaped so
/// that a name can never end the comment and become a command or a YAML key.
pub(crate) fn comment_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_unsafe_char(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Characters that break lines or are not printable in YAML.
fn is_unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// A YAML scalar for the string `s`: plain when it reads back as the same string
/// under YAML 1.1 and 1.2, else double-quoted.
pub(crate) fn yaml_str(s: &str) -> String {
    if yaml_plain_ok(s) { s.to_string() } else { yaml_double_quoted(s) }
}

/// A double-quoted YAML scalar.
pub(crate) fn yaml_double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_unsafe_char(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Words YAML 1.1 or 1.2 read as booleans or null.
const YAML_WORDS: &[&str] = &["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", ".inf", ".nan"];

fn yaml_plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.chars().any(|c| is_unsafe_char(c) || c == '\t') {
        return false;
    }
    // Indicators (and `$`, a variable in serverless.yml) must not start a plain scalar.
    if first.is_whitespace() || "-?:,[]{}#&*!|>'\"%@`$<=+".contains(first) {
        return false;
    }
    if s.ends_with(char::is_whitespace) || s.ends_with(':') {
        return false;
    }
    if s.contains(": ") || s.contains(" #") {
        return false;
    }
    if YAML_WORDS.contains(&s.to_ascii_lowercase().as_str()) {
        return false;
    }
    // Numbers, dates and sexagesimals (YAML 1.1) start with a digit, a sign or a dot
    // followed by digits; anything made only of such characters is quoted.
    let numberish = |c: char| c.is_ascii_hexdigit() || "._:+-xXoOTtZz ".contains(c);
    if (first.is_ascii_digit() || first == '.' || first == '+') && s.chars().all(numberish) {
        return false;
    }
    true
}

/// Compact JSON with object keys sorted, whatever serde_json's map order is.
pub(crate) fn json_compact(value: &Value) -> String {
    let mut out = String::new();
    write_json(value, &mut out);
    out
}

fn write_json(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_json(v, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(v, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// A JSON string literal.
pub(crate) fn json_str(s: &str) -> String {
    Value::String(s.to_string()).to_string()
}

/// An identifier of `[A-Za-z0-9_-]` (statement ids, rule names), at most `max` long:
/// other characters become `-`, runs of them one `-`.
pub(crate) fn identifier(s: &str, max: usize) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out: String = out.chars().take(max).collect();
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// A CloudFormation logical id (`[A-Za-z0-9]+`) in PascalCase: `order-events` → `OrderEvents`.
pub(crate) fn logical_id(s: &str, fallback: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            if upper {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c);
            }
            upper = false;
        } else {
            upper = true;
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, fallback);
    }
    out.chars().take(200).collect()
}

/// A URL path segment in kebab case: `myFunction` → `my-function`.
pub(crate) fn kebab(s: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            prev_lower = true;
        } else {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            prev_lower = false;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "new-function".to_string() } else { out }
}

/// A short stable hash (FNV-1a, 32 bits, hex) to keep generated names unique per event.
pub(crate) fn short_hash(s: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{h:08x}")
}
