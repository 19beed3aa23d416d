//! Leniency for one common YAML mistake that libyaml-based tools (PyYAML, hence
//! the CloudFormation/SAM CLIs) accept: lines inside a multi-line flow collection
//! (`Action: [` ... `]`, `Schema: {` ... `}`) indented no deeper than their parent
//! key. Strict YAML 1.2 parsers reject such files; we re-indent those lines only
//! when a strict parse failed, so valid files are never touched.

/// Returns the text with every line that starts inside an open `[`/`{` indented
/// two spaces deeper than the line that opened the collection, or `None` when no
/// line needed it. Only leading spaces are added, so line numbers stay the same
/// and scalar values are unchanged (flow scalars fold leading whitespace).
pub(crate) fn reindent_flow_continuations(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 64);
    let mut depth: usize = 0;
    let mut base_indent = 0usize;
    let mut quote: Option<char> = None;
    let mut block_scalar_indent: Option<usize> = None;
    let mut changed = false;

    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let content = line.trim_start_matches(' ');
        let blank = content.trim().is_empty();

        if let Some(parent) = block_scalar_indent {
            if blank || indent > parent {
                out.push_str(line);
                continue;
            }
            block_scalar_indent = None;
        }

        if (depth > 0 || quote.is_some()) && !blank && indent <= base_indent {
            for _ in 0..(base_indent + 2 - indent) {
                out.push(' ');
            }
            changed = true;
        }
        if depth == 0 && quote.is_none() {
            base_indent = indent;
        }
        out.push_str(line);

        let mut token_start = true;
        let mut prev = ' ';
        let mut chars = content.chars().peekable();
        while let Some(c) = chars.next() {
            if let Some(q) = quote {
                if q == '"' && c == '\\' {
                    chars.next();
                } else if c == q {
                    if q == '\'' && chars.peek() == Some(&'\'') {
                        chars.next();
                    } else {
                        quote = None;
                        token_start = false;
                    }
                }
                prev = c;
                continue;
            }
            match c {
                '#' if prev == ' ' || prev == '\t' => break,
                '[' | '{' if token_start || depth > 0 && matches!(prev, '[' | '{' | ',' | ' ') => {
                    depth += 1;
                    token_start = true;
                }
                ']' | '}' if depth > 0 => {
                    depth -= 1;
                    token_start = false;
                }
                ',' if depth > 0 => token_start = true,
                '"' | '\'' if token_start => quote = Some(c),
                // A tag or anchor (`!Sub "..."`, `&a [..]`) leaves the next token a value start.
                '!' | '&' if token_start => {
                    while chars.peek().is_some_and(|n| !n.is_whitespace()) {
                        chars.next();
                    }
                }
                '|' | '>' if token_start && depth == 0 => {
                    let rest: String = chars.clone().collect();
                    let rest = rest.split(" #").next().unwrap_or("").trim();
                    if rest.chars().all(|r| matches!(r, '+' | '-' | '0'..='9')) {
                        block_scalar_indent = Some(indent);
                    }
                    break;
                }
                ' ' | '\t' => {}
                ':' | '-' | '?' => {
                    let next = chars.peek().copied();
                    token_start = matches!(next, None | Some(' ' | '\t' | '\n' | '\r')) || depth > 0 && c == ':';
                }
                _ => token_start = false,
            }
            prev = c;
        }
    }
    changed.then_some(out)
}
