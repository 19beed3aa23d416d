//! Ready-to-paste configuration that subscribes a NEW function to an EXISTING event:
//! a `serverless.yml` function, a SAM function and the AWS CLI commands, for the
//! Subscribe panel of the event page. Pure: no I/O, deterministic output.
//!
//! Server only: the panel asks for the snippets through a server function, so the generator
//! stays out of the browser's wasm bundle.

use crate::catalog::model::{Endpoint, EventDetail};

mod arn;
mod aws_cli;
mod aws_cli_more;
mod filters;
mod notes;
mod quoting;
mod sam;
mod serverless;
mod shell;
mod source;
mod text;
mod yaml;

#[cfg(test)]
mod tests;

use source::Event;

pub use crate::events::model::{DEFAULT_FUNCTION_NAME, Snippet, SnippetFormat};

/// Configuration that attaches a new function named `function_name` to `event`, in
/// the order serverless.yml, SAM template, AWS CLI (the formats that apply). An
/// event no recipe fits gets a single note snippet. Never panics.
pub fn subscribe_snippets(event: &EventDetail, function_name: &str) -> Vec<Snippet> {
    let name = function_name.trim();
    let function = if name.is_empty() { DEFAULT_FUNCTION_NAME } else { name };
    let ctx = Ctx {
        event: Event::read(event),
        function: function.to_string(),
        logical_id: quoting::logical_id(function, "Fn"),
        slug: quoting::kebab(function),
    };
    let shared = notes::shared(&ctx);
    let mut out: Vec<Snippet> = [serverless::snippet(&ctx), sam::snippet(&ctx), aws_cli::snippet(&ctx)]
        .into_iter()
        .flatten()
        .map(|d| d.into_snippet(&shared))
        .collect();
    if out.is_empty() {
        out.push(notes::note_only(&ctx).into_snippet(&shared));
    }
    out
}

/// What a renderer needs.
#[derive(Debug)]
pub(crate) struct Ctx<'a> {
    /// The event, read.
    pub event: Event<'a>,
    /// The new function's name as given (trimmed).
    pub function: String,
    /// Its SAM logical id.
    pub logical_id: String,
    /// Its name as a URL path segment.
    pub slug: String,
}

/// A snippet before the notes shared by every format are added.
#[derive(Debug)]
pub(crate) struct Draft {
    pub format: SnippetFormat,
    pub text: String,
    /// Notes for this format only, placed after the shared ones.
    pub notes: Vec<String>,
    /// The text only explains (no configuration fits the event).
    pub note_only: bool,
}

impl Draft {
    fn into_snippet(self, shared: &[String]) -> Snippet {
        let (title, language) = match self.format {
            SnippetFormat::Serverless => ("serverless.yml", "yaml"),
            SnippetFormat::Sam => ("SAM template", "yaml"),
            SnippetFormat::Aws if self.note_only => ("Note", "shell"),
            SnippetFormat::Aws => ("AWS CLI", "shell"),
        };
        let all: Vec<String> = shared.iter().chain(self.notes.iter()).map(|n| quoting::comment_text(n)).collect();
        Snippet {
            format: self.format,
            title: title.to_string(),
            language: language.to_string(),
            text: self.text,
            note: (!all.is_empty()).then(|| all.join(" ")),
        }
    }
}
