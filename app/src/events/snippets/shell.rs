//! A bash script builder: comments, assignments and multi-line commands.

use super::quoting::comment_text;

/// Lines of a shell script.
#[derive(Debug, Default)]
pub(crate) struct Script {
    lines: Vec<String>,
}

impl Script {
    /// A `# comment` line; the text is made safe for a comment.
    pub fn comment(&mut self, text: &str) -> &mut Self {
        self.lines.push(format!("# {}", comment_text(text)).trim_end().to_string());
        self
    }

    /// A line written as is (the caller has quoted everything in it).
    pub fn raw(&mut self, line: &str) -> &mut Self {
        self.lines.push(line.trim_end().to_string());
        self
    }

    /// `NAME=word`, `word` being one quoted shell word.
    pub fn assign(&mut self, name: &str, word: &str) -> &mut Self {
        self.raw(&format!("{name}={word}"))
    }

    /// An empty line between steps (none at the start, nor after a comment, which
    /// stays with the command it explains).
    pub fn blank(&mut self) -> &mut Self {
        if self.lines.last().is_some_and(|l| !l.is_empty() && !l.starts_with('#')) {
            self.lines.push(String::new());
        }
        self
    }

    /// A command, one argument per continued line.
    pub fn command(&mut self, head: &str, args: &[String]) -> &mut Self {
        self.push_command(head.to_string(), args, "")
    }

    /// `NAME="$(command)"`: a command whose output is kept in a variable.
    pub fn capture(&mut self, name: &str, head: &str, args: &[String]) -> &mut Self {
        self.push_command(format!("{name}=\"$({head}"), args, ")\"")
    }

    fn push_command(&mut self, head: String, args: &[String], end: &str) -> &mut Self {
        if args.is_empty() {
            return self.raw(&format!("{head}{end}"));
        }
        self.raw(&format!("{head} \\"));
        for (i, arg) in args.iter().enumerate() {
            if i + 1 == args.len() {
                self.raw(&format!("  {arg}{end}"));
            } else {
                self.raw(&format!("  {arg} \\"));
            }
        }
        self
    }

    /// The script text, without a final line break.
    pub fn finish(&self) -> String {
        let mut lines: &[String] = &self.lines;
        while let Some((last, rest)) = lines.split_last() {
            if !last.is_empty() {
                break;
            }
            lines = rest;
        }
        lines.join("\n")
    }
}
