//! Names and ARNs made of literal text and placeholders, written the way each tool
//! spells its variables: `${aws:region}` in serverless.yml, `!Sub ${AWS::Region}` in
//! SAM, `"${AWS_REGION}"` in shell.

use super::quoting::{is_shell_inert, shell_quote};

/// One piece of a [`Text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Part {
    /// Literal text (from a manifest: untrusted).
    Lit(String),
    /// The region the function is deployed to.
    Region,
    /// The AWS account id of the deployment.
    Account,
    /// The AWS partition (`aws`, `aws-cn`, ...).
    Partition,
    /// A variable of the source manifest kept unresolved (`${sls:stage}`, `${Stage}`):
    /// written as is, and reported in the snippet's note.
    Var(String),
    /// A value the user must fill in (`STREAM_LABEL`): an uppercase shell-variable name.
    Hole(&'static str),
}

/// A name or ARN.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Text(pub Vec<Part>);

/// How SAM writes a [`Text`]: a plain string or a `!Sub` template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SamText {
    /// A literal string.
    Plain(String),
    /// The template of a `!Sub`.
    Sub(String),
}

impl Text {
    /// Parses manifest text, recognising the pseudo parameters of CloudFormation and
    /// the `aws:` variables of the Serverless Framework.
    pub fn parse(s: &str) -> Text {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut rest = s;
        while let Some(start) = rest.find("${") {
            let Some(len) = placeholder_len(&rest[start..]) else {
                break;
            };
            lit.push_str(&rest[..start]);
            let whole = &rest[start..start + len];
            let part = match whole {
                "${AWS::Region}" | "${aws:region}" => Part::Region,
                "${AWS::AccountId}" | "${aws:accountId}" => Part::Account,
                "${AWS::Partition}" => Part::Partition,
                other => Part::Var(other.to_string()),
            };
            if !lit.is_empty() {
                parts.push(Part::Lit(std::mem::take(&mut lit)));
            }
            parts.push(part);
            rest = &rest[start + len..];
        }
        lit.push_str(rest);
        if !lit.is_empty() {
            parts.push(Part::Lit(lit));
        }
        Text(parts)
    }

    /// Appends literal text.
    pub fn lit(mut self, s: &str) -> Text {
        match self.0.last_mut() {
            Some(Part::Lit(l)) => l.push_str(s),
            _ if s.is_empty() => {}
            _ => self.0.push(Part::Lit(s.to_string())),
        }
        self
    }

    /// Appends a part.
    pub fn part(mut self, p: Part) -> Text {
        match p {
            Part::Lit(s) => self.lit(&s),
            p => {
                self.0.push(p);
                self
            }
        }
    }

    /// Appends another text.
    pub fn text(self, other: &Text) -> Text {
        other.0.iter().cloned().fold(self, Text::part)
    }

    /// `arn:aws:{service}:{region}:{account}:{resource}` with placeholders for the
    /// deployment's region and account.
    pub fn arn(service: &str, resource_prefix: &str, name: &Text) -> Text {
        Text::default()
            .lit(&format!("arn:aws:{service}:"))
            .part(Part::Region)
            .lit(":")
            .part(Part::Account)
            .lit(&format!(":{resource_prefix}"))
            .text(name)
    }

    /// The text when it has no placeholder at all.
    pub fn literal(&self) -> Option<String> {
        let mut out = String::new();
        for p in &self.0 {
            match p {
                Part::Lit(s) => out.push_str(s),
                _ => return None,
            }
        }
        Some(out)
    }

    /// Unresolved manifest variables, in order, without repeats.
    pub fn vars(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for p in &self.0 {
            if let Part::Var(v) = p
                && !out.contains(v)
            {
                out.push(v.clone());
            }
        }
        out
    }

    /// Serverless Framework form (v3 variables); the caller YAML-quotes it.
    pub fn serverless(&self) -> String {
        self.0
            .iter()
            .map(|p| match p {
                Part::Lit(s) | Part::Var(s) => s.clone(),
                Part::Region => "${aws:region}".to_string(),
                Part::Account => "${aws:accountId}".to_string(),
                Part::Partition => "aws".to_string(),
                Part::Hole(h) => h.to_string(),
            })
            .collect()
    }

    /// SAM form: a `!Sub` template when anything is not literal.
    pub fn sam(&self) -> SamText {
        if let Some(s) = self.literal() {
            return SamText::Plain(s);
        }
        let sub = self
            .0
            .iter()
            .map(|p| match p {
                // `${` in literal text would start a Sub variable: `${!` writes it literally.
                Part::Lit(s) => s.replace("${", "${!"),
                Part::Var(s) => s.clone(),
                Part::Region => "${AWS::Region}".to_string(),
                Part::Account => "${AWS::AccountId}".to_string(),
                Part::Partition => "${AWS::Partition}".to_string(),
                Part::Hole(h) => h.to_string(),
            })
            .collect();
        SamText::Sub(sub)
    }

    /// One shell word: placeholders expand shell variables (`AWS_REGION`,
    /// `AWS_ACCOUNT_ID`; a hole fails loudly while unset), literal text is quoted.
    pub fn shell(&self) -> String {
        if let Some(s) = self.literal() {
            return shell_quote(&s);
        }
        let mut out = String::new();
        let mut in_double = false;
        let open = |out: &mut String, in_double: &mut bool, want: bool| {
            if *in_double != want {
                out.push('"');
                *in_double = want;
            }
        };
        for p in &self.0 {
            match p {
                Part::Lit(s) | Part::Var(s) if !is_shell_inert(s) => {
                    open(&mut out, &mut in_double, false);
                    out.push_str(&shell_quote(s));
                }
                Part::Lit(s) | Part::Var(s) => {
                    open(&mut out, &mut in_double, true);
                    out.push_str(s);
                }
                Part::Region => {
                    open(&mut out, &mut in_double, true);
                    out.push_str("${AWS_REGION}");
                }
                Part::Account => {
                    open(&mut out, &mut in_double, true);
                    out.push_str("${AWS_ACCOUNT_ID}");
                }
                Part::Partition => {
                    open(&mut out, &mut in_double, true);
                    out.push_str("aws");
                }
                Part::Hole(h) => {
                    open(&mut out, &mut in_double, true);
                    out.push_str(&format!("${{{h}:?set {h}}}"));
                }
            }
        }
        open(&mut out, &mut in_double, false);
        out
    }

    /// Readable form for notes and comments (CloudFormation spelling of placeholders).
    pub fn display(&self) -> String {
        self.0
            .iter()
            .map(|p| match p {
                Part::Lit(s) | Part::Var(s) => s.clone(),
                Part::Region => "${AWS::Region}".to_string(),
                Part::Account => "${AWS::AccountId}".to_string(),
                Part::Partition => "${AWS::Partition}".to_string(),
                Part::Hole(h) => h.to_string(),
            })
            .collect()
    }
}

/// Length of the `${...}` at the start of `s` (nested placeholders included).
fn placeholder_len(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut depth = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        if bytes[i] == b'$' && bytes.get(i + 1) == Some(&b'{') {
            depth += 1;
            i += 2;
            continue;
        }
        if bytes[i] == b'}' {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(i + 1);
            }
        }
        i += 1;
    }
    None
}
