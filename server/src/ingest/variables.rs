//! Serverless Framework variables, resolved offline and deterministically:
//! `${self:a.b}`, `${sls:stage}`, `${opt:stage}` / `${opt:region}` (from the
//! parse options), `${env:NAME, default}` (the default only: the real
//! environment is never read), `${file(./x.yml):a.b}` (through the caller's
//! [`FileLoader`], inside the manifest's directory tree only), nested variables
//! and fallbacks `${a, b, 'literal'}`. Anything else (`ssm:`, `cf:`, `aws:`,
//! `s3:`, `param:`, unknown sources, missing keys without fallback) stays in the
//! text exactly as written; it never fails the file.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use super::error::ManifestError;
use super::yaml::{self, Entry, Limits, Node, Value};
use super::{FileLoader, ParseOptions};

/// Most variable evaluations per manifest.
const MAX_EVALUATIONS: usize = 100_000;
/// Deepest chain of variables referring to variables.
const MAX_DEPTH: usize = 24;
/// Most distinct files read through `${file(...)}`.
const MAX_FILES: usize = 64;
/// Longest string a variable may build.
const MAX_STRING: usize = 1024 * 1024;

pub(crate) struct Resolver<'r> {
    root: &'r Node,
    opts: &'r ParseOptions,
    files: &'r dyn FileLoader,
    base_dir: PathBuf,
    limits: Limits,
    pub stage: String,
    pub region: String,
    memo: HashMap<String, Option<Node>>,
    in_progress: HashSet<String>,
    file_cache: HashMap<PathBuf, Option<Node>>,
    evaluations: usize,
    nodes: usize,
    error: Option<ManifestError>,
}

/// Resolves every variable of a serverless.yml tree; returns the resolved tree
/// and the effective stage and region.
pub(crate) fn resolve(
    root: &Node,
    manifest_path: &Path,
    opts: &ParseOptions,
    files: &dyn FileLoader,
    limits: Limits,
) -> Result<(Node, String, String), ManifestError> {
    let base_dir = manifest_path.parent().map(normalize).unwrap_or_default();
    let mut r = Resolver {
        root,
        opts,
        files,
        base_dir: base_dir.clone(),
        limits,
        stage: opts.stage.clone().unwrap_or_else(|| "dev".to_string()),
        region: opts.region.clone().unwrap_or_else(|| "us-east-1".to_string()),
        memo: HashMap::new(),
        in_progress: HashSet::new(),
        file_cache: HashMap::new(),
        evaluations: 0,
        nodes: 0,
        error: None,
    };
    // Effective stage/region: option, else provider value, else the framework default.
    if opts.stage.is_none()
        && let Some(s) = r.lookup_self("provider.stage", 0).and_then(|n| n.as_str().map(str::to_string))
        && !s.contains("${")
        && !s.is_empty()
    {
        r.stage = s;
    }
    if opts.region.is_none()
        && let Some(s) = r.lookup_self("provider.region", 0).and_then(|n| n.as_str().map(str::to_string))
        && !s.contains("${")
        && !s.is_empty()
    {
        r.region = s;
    }
    r.memo.clear();
    let resolved = r.resolve_node(root, &base_dir, 0);
    if let Some(e) = r.error {
        return Err(e);
    }
    if yaml::deeper_than(&resolved, limits.max_depth) {
        return Err(ManifestError::whole_file(format!(
            "variables nest the document more than {} levels deep; stop pasting sections into themselves",
            limits.max_depth
        )));
    }
    Ok((resolved, r.stage, r.region))
}

/// Lexical normalization (`a/./b/../c` → `a/c`) without touching the filesystem.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Byte index of the `}` closing the `${` at `start`, skipping nested `${...}`/`{...}` and quotes.
fn closing_brace(s: &str, start: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut depth = 0usize;
    let mut i = start;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let c = bytes[i];
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
        } else {
            match c {
                b'{' => depth += 1,
                b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Some(i);
                    }
                }
                b'\'' | b'"' if depth > 0 && i > start + 1 => quote = Some(c),
                _ => {}
            }
        }
        i += 1;
    }
    None
}

/// Splits a variable body on commas outside nested braces, parentheses and quotes.
fn split_fallbacks(body: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut paren) = (0usize, 0usize);
    let mut quote: Option<char> = None;
    let mut start = 0;
    for (i, c) in body.char_indices() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            '(' => paren += 1,
            ')' => paren = paren.saturating_sub(1),
            '\'' | '"' => quote = Some(c),
            ',' if depth == 0 && paren == 0 => {
                parts.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&body[start..]);
    parts
}

impl<'r> Resolver<'r> {
    fn fail(&mut self, message: String, line: u32) {
        if self.error.is_none() {
            self.error = Some(ManifestError::at(line, None, message));
        }
    }

    fn charge(&mut self, node: &Node) {
        self.nodes += count(node);
        if self.nodes > self.limits.max_nodes {
            let line = node.line;
            self.fail(
                format!(
                    "variables expand to more than {} nodes; remove self-references that copy large sections repeatedly",
                    self.limits.max_nodes
                ),
                line,
            );
        }
    }

    /// Rebuilds a subtree with every variable resolved.
    fn resolve_node(&mut self, node: &Node, dir: &Path, depth: usize) -> Node {
        if self.error.is_some() {
            return node.clone();
        }
        match &node.value {
            Value::Scalar { text, .. } if text.contains("${") => {
                let mut out = self.resolve_string(text, dir, depth).unwrap_or_else(|| node.clone());
                out.line = node.line;
                out.col = node.col;
                out
            }
            Value::Scalar { .. } => node.clone(),
            Value::Seq(items) => {
                let items = items.iter().map(|i| self.resolve_node(i, dir, depth)).collect();
                Node { value: Value::Seq(items), line: node.line, col: node.col }
            }
            Value::Map(entries) => {
                let entries = entries
                    .iter()
                    .map(|e| Entry {
                        key: e.key.clone(),
                        line: e.line,
                        col: e.col,
                        value: self.resolve_node(&e.value, dir, depth),
                    })
                    .collect();
                Node { value: Value::Map(entries), line: node.line, col: node.col }
            }
        }
    }

    /// Resolves the variables of one string. A string that is exactly one
    /// variable takes the variable's value (which may be a map or list).
    /// `None` when nothing in it could be resolved.
    fn resolve_string(&mut self, s: &str, dir: &Path, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        let Some(first) = s.find("${") else {
            return Some(Node::scalar(s, 0, 0));
        };
        if first == 0
            && let Some(end) = closing_brace(s, 0)
            && end + 1 == s.len()
        {
            return self.evaluate(&s[2..end], dir, depth);
        }
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        let mut any = false;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let Some(end) = closing_brace(rest, start) else {
                break;
            };
            let whole = &rest[start..=end];
            match self.evaluate(&rest[start + 2..end], dir, depth) {
                Some(v) => {
                    any = true;
                    match &v.value {
                        Value::Scalar { text, .. } => out.push_str(text),
                        _ => out.push_str(&v.to_json().to_string()),
                    }
                }
                None => out.push_str(whole),
            }
            rest = &rest[end + 1..];
            if out.len() > MAX_STRING {
                return None;
            }
        }
        out.push_str(rest);
        any.then(|| Node::scalar(out, 0, 0))
    }

    /// Evaluates a variable body (`source:address, fallback, ...`).
    fn evaluate(&mut self, body: &str, dir: &Path, depth: usize) -> Option<Node> {
        self.evaluations += 1;
        if self.evaluations > MAX_EVALUATIONS || self.error.is_some() {
            return None;
        }
        let parts = split_fallbacks(body);
        let last = parts.len().saturating_sub(1);
        for (i, part) in parts.iter().enumerate() {
            let part = part.trim();
            let value = if i == 0 { self.source(part, dir, depth) } else { self.fallback(part, dir, depth) };
            if let Some(v) = value
                && (!v.is_null() || i == last && i > 0)
            {
                return Some(v);
            }
        }
        None
    }

    fn fallback(&mut self, part: &str, dir: &Path, depth: usize) -> Option<Node> {
        if part.starts_with("${") {
            let n = self.resolve_string(part, dir, depth + 1)?;
            return if n.as_str().is_some_and(|s| s.contains("${")) { None } else { Some(n) };
        }
        for q in ['\'', '"'] {
            if let Some(inner) = part.strip_prefix(q).and_then(|p| p.strip_suffix(q)) {
                return Some(Node::scalar(inner, 0, 0));
            }
        }
        if is_source(part) {
            return self.source(part, dir, depth);
        }
        Some(Node { value: Value::Scalar { text: part.to_string(), plain: true }, line: 0, col: 0 })
    }

    fn source(&mut self, expr: &str, dir: &Path, depth: usize) -> Option<Node> {
        // Nested variables in the address resolve first: ${self:custom.${sls:stage}.url}
        let owned;
        let expr = if expr.contains("${") {
            let n = self.resolve_string(expr, dir, depth + 1)?;
            owned = n.as_str()?.to_string();
            if owned.contains("${") {
                return None;
            }
            owned.as_str()
        } else {
            expr
        };
        if let Some(path) = expr.strip_prefix("self:") {
            let found = self.lookup_self(path.trim(), depth + 1);
            return match found {
                Some(n) => Some(n),
                None if path.trim() == "provider.stage" => Some(Node::scalar(self.stage.clone(), 0, 0)),
                None if path.trim() == "provider.region" => Some(Node::scalar(self.region.clone(), 0, 0)),
                None => None,
            };
        }
        match expr {
            "sls:stage" => return Some(Node::scalar(self.stage.clone(), 0, 0)),
            "opt:stage" => return self.opts.stage.clone().map(|s| Node::scalar(s, 0, 0)),
            "opt:region" => return self.opts.region.clone().map(|s| Node::scalar(s, 0, 0)),
            _ => {}
        }
        if let Some(rest) = expr.strip_prefix("file(") {
            let close = rest.find(')')?;
            let file = rest[..close].trim().trim_matches(|c| c == '\'' || c == '"');
            let address = rest[close + 1..].trim().strip_prefix(':').map(str::trim);
            return self.file(file, address, dir, depth);
        }
        None
    }

    /// Finds `a.b.c` in the main manifest, resolving variables met on the way.
    fn lookup_self(&mut self, path: &str, depth: usize) -> Option<Node> {
        if let Some(found) = self.memo.get(path) {
            let found = found.clone();
            if let Some(n) = &found {
                self.charge(n);
            }
            return found;
        }
        if depth > MAX_DEPTH || !self.in_progress.insert(path.to_string()) {
            return None;
        }
        let segments: Vec<&str> = path.split('.').filter(|s| !s.is_empty()).collect();
        let root = self.root;
        let dir = self.base_dir.clone();
        let found = self.navigate(root, &segments, &dir, depth);
        self.in_progress.remove(path);
        self.memo.insert(path.to_string(), found.clone());
        found
    }

    fn navigate(&mut self, node: &Node, segments: &[&str], dir: &Path, depth: usize) -> Option<Node> {
        if let Value::Scalar { text, .. } = &node.value
            && text.contains("${")
        {
            let resolved = self.resolve_string(text, dir, depth + 1)?;
            if resolved.as_str().is_some_and(|s| s.contains("${")) && !segments.is_empty() {
                return None;
            }
            return if segments.is_empty() {
                Some(resolved)
            } else {
                self.navigate(&resolved, segments, dir, depth + 1)
            };
        }
        let Some((first, rest)) = segments.split_first() else {
            let out = self.resolve_node(node, dir, depth + 1);
            self.charge(&out);
            return Some(out);
        };
        let child = match &node.value {
            Value::Map(_) => node.get(first),
            Value::Seq(items) => first.parse::<usize>().ok().and_then(|i| items.get(i)),
            Value::Scalar { .. } => None,
        }?;
        self.navigate(child, rest, dir, depth)
    }

    fn file(&mut self, file: &str, address: Option<&str>, dir: &Path, depth: usize) -> Option<Node> {
        let path = normalize(&dir.join(file));
        // Only files inside the manifest's directory tree may be read.
        let escapes = path.components().any(|c| c == Component::ParentDir)
            || path.is_absolute() != self.base_dir.is_absolute()
            || !path.starts_with(&self.base_dir);
        if escapes {
            return None;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        if !matches!(ext.as_str(), "yml" | "yaml" | "json") {
            return None;
        }
        if !self.file_cache.contains_key(&path) {
            if self.file_cache.len() >= MAX_FILES {
                return None;
            }
            let parsed = self
                .files
                .load(&path)
                .ok()
                .filter(|text| text.len() <= self.opts.max_bytes)
                .and_then(|text| yaml::parse_yaml(&text, self.limits).ok());
            self.file_cache.insert(path.clone(), parsed);
        }
        let content = self.file_cache.get(&path).cloned().flatten()?;
        self.charge(&content);
        let file_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let segments: Vec<&str> = address.map(|a| a.split('.').filter(|s| !s.is_empty()).collect()).unwrap_or_default();
        self.navigate(&content, &segments, &file_dir, depth + 1)
    }
}

fn is_source(part: &str) -> bool {
    let name: String = part.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    matches!(name.as_str(), "self" | "sls" | "opt" | "env" | "file" | "ssm" | "cf" | "s3" | "aws" | "param")
        && part[name.len()..].starts_with([':', '('])
}

fn count(node: &Node) -> usize {
    match &node.value {
        Value::Scalar { .. } => 1,
        Value::Seq(items) => 1 + items.iter().map(count).sum::<usize>(),
        Value::Map(entries) => 1 + entries.iter().map(|e| 1 + count(&e.value)).sum::<usize>(),
    }
}
