//! The owners file: path globs mapped to the team that owns manifests under them.
//!
//! Format: one rule per line, `GLOB TEAM`, `#` starts a comment. Globs are matched against the
//! manifest's path relative to the owners file's folder; the last matching rule wins, as in
//! CODEOWNERS.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};

/// A malformed owners file, naming file and line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct OwnersError {
    /// The owners file.
    pub path: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// Parsed owners rules and the folder they are relative to.
#[derive(Debug, Clone)]
pub struct Owners {
    root: PathBuf,
    rules: Vec<(GlobMatcher, String)>,
}

impl Owners {
    /// Reads the owners file at `path`.
    pub fn load(path: &Path) -> Result<Owners, OwnersError> {
        let text = std::fs::read_to_string(path).map_err(|error| OwnersError {
            path: path.display().to_string(),
            line: 0,
            message: format!("cannot read the owners file: {error}"),
        })?;
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Owners::parse(&path.display().to_string(), &text, root)
    }

    /// Parses owners rules from `text`; `name` is used in errors, `root` anchors the globs.
    pub fn parse(name: &str, text: &str, root: PathBuf) -> Result<Owners, OwnersError> {
        let mut rules = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let error = |message: String| OwnersError { path: name.to_string(), line: index + 1, message };
            let mut words = line.split_whitespace();
            let (Some(glob), Some(team), None) = (words.next(), words.next(), words.next()) else {
                return Err(error(format!("expected `GLOB TEAM`, found {line:?}")));
            };
            let matcher =
                Glob::new(glob).map_err(|e| error(format!("invalid glob {glob:?}: {}", e.kind())))?.compile_matcher();
            rules.push((matcher, team.to_string()));
        }
        Ok(Owners { root, rules })
    }

    /// The team owning the manifest at `path`, if a rule matches.
    pub fn team_for(&self, path: &Path) -> Option<&str> {
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        self.rules.iter().rev().find(|(glob, _)| glob.is_match(relative)).map(|(_, team)| team.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_matching_rule_names_the_team() {
        let owners = Owners::parse(
            "OWNERS",
            "# comment\norders/**  orders\norders/legacy/** platform  # moved\n",
            PathBuf::from("/repo"),
        )
        .unwrap();
        assert_eq!(owners.team_for(Path::new("/repo/orders/api/serverless.yml")), Some("orders"));
        assert_eq!(owners.team_for(Path::new("/repo/orders/legacy/x/template.yaml")), Some("platform"));
        assert_eq!(owners.team_for(Path::new("/repo/billing/template.yaml")), None);
    }

    #[test]
    fn a_malformed_rule_names_the_file_and_line() {
        let error = Owners::parse("teams/OWNERS", "a/** a\nb/**\n", PathBuf::new()).unwrap_err();
        assert_eq!(error.to_string(), "teams/OWNERS:2: expected `GLOB TEAM`, found \"b/**\"");
        let error = Owners::parse("OWNERS", "a/[ x\n", PathBuf::new()).unwrap_err();
        assert!(error.to_string().starts_with("OWNERS:1: invalid glob"), "{error}");
    }
}
