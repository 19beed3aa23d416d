//! Marking what matched, as plain segments: the page escapes the text and wraps matched pieces
//! in `<mark>`, so no markup ever comes from here.

use app::search::model::{HitKind, Segment};

use super::fields::labels;
use super::query::{fold, word_spans};

/// Most characters of a context line shown around its first match.
pub const CONTEXT_CHARS: usize = 100;
/// Characters kept before the first match when a context line is cut.
const CONTEXT_LEAD_CHARS: usize = 30;

/// `text` cut into segments, marking a leading `prefix` (folded, compared with the folded text)
/// and the start of every word of `text` that begins with one of `words` (lowercase). Joined,
/// the segments are `text`.
pub fn segments(text: &str, prefix: Option<&str>, words: &[&str]) -> Vec<Segment> {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    if let Some(prefix) = prefix.filter(|p| !p.is_empty() && fold(text).starts_with(*p)) {
        // ASCII folding keeps byte offsets, so the prefix's length is a boundary of `text`.
        ranges.push((0, prefix.len()));
    }
    for (from, to) in word_spans(text) {
        let word = &text[from..to];
        let lower = word.to_lowercase();
        let longest = words.iter().filter(|w| !w.is_empty() && lower.starts_with(**w)).map(|w| w.chars().count()).max();
        if let Some(chars) = longest {
            let end = word.char_indices().nth(chars).map_or(to, |(at, _)| from + at);
            ranges.push((from, end));
        }
    }
    ranges.sort_unstable();
    let mut pieces = Vec::new();
    let mut done = 0;
    let push = |pieces: &mut Vec<Segment>, from: usize, to: usize, matched: bool| {
        if let Some(piece) = text.get(from..to).filter(|p| !p.is_empty()) {
            pieces.push(Segment { text: piece.to_string(), matched });
        }
    };
    let mut open: Option<(usize, usize)> = None;
    for (from, to) in ranges {
        match open {
            Some((start, end)) if from <= end => open = Some((start, end.max(to))),
            _ => {
                if let Some((start, end)) = open.take() {
                    push(&mut pieces, done, start, false);
                    push(&mut pieces, start, end, true);
                    done = end;
                }
                open = Some((from, to));
            }
        }
    }
    if let Some((start, end)) = open {
        push(&mut pieces, done, start, false);
        push(&mut pieces, start, end, true);
        done = end;
    }
    push(&mut pieces, done, text.len(), false);
    pieces
}

/// The first line of a `kind` doc's `body` with a word starting with one of `words`, as
/// `label: value` segments, the value cut to [`CONTEXT_CHARS`] around its first match; empty if
/// no line matches.
pub fn context(kind: HitKind, body: &str, words: &[&str]) -> Vec<Segment> {
    for (line, label) in body.split('\n').zip(labels(kind)) {
        let first = word_spans(line).into_iter().find(|&(from, to)| {
            let lower = line[from..to].to_lowercase();
            words.iter().any(|w| !w.is_empty() && lower.starts_with(*w))
        });
        let Some((first, _)) = first else {
            continue;
        };
        let (shown, cut_before, cut_after) = window(line, first);
        let mut pieces = vec![Segment { text: format!("{label}: "), matched: false }];
        if cut_before {
            pieces.push(Segment { text: "…".into(), matched: false });
        }
        pieces.extend(segments(shown, None, words));
        if cut_after {
            pieces.push(Segment { text: "…".into(), matched: false });
        }
        return pieces;
    }
    Vec::new()
}

/// At most [`CONTEXT_CHARS`] characters of `line` around byte offset `at`, and whether text was
/// cut before and after.
fn window(line: &str, at: usize) -> (&str, bool, bool) {
    if line.chars().count() <= CONTEXT_CHARS {
        return (line, false, false);
    }
    let starts: Vec<usize> = line.char_indices().map(|(i, _)| i).collect();
    let at_char = starts.partition_point(|&i| i < at);
    let first = at_char.saturating_sub(CONTEXT_LEAD_CHARS).min(starts.len().saturating_sub(CONTEXT_CHARS));
    let from = starts[first];
    let to = starts.get(first + CONTEXT_CHARS).copied().unwrap_or(line.len());
    (&line[from..to], from > 0, to < line.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(segments: &[Segment]) -> String {
        segments.iter().map(|s| if s.matched { format!("[{}]", s.text) } else { s.text.clone() }).collect()
    }

    #[test]
    fn a_prefix_and_the_start_of_each_matching_word_are_marked_and_the_pieces_join_to_the_text() {
        let pieces = segments("orders-api", Some("ord"), &["ord"]);
        assert_eq!(
            pieces,
            [Segment { text: "ord".into(), matched: true }, Segment { text: "ers-api".into(), matched: false }]
        );
        assert_eq!(marks(&segments("createOrder", None, &["order"])), "create[Order]");
        assert_eq!(
            marks(&segments("recordOrders", None, &["ord", "orders"])),
            "record[Orders]",
            "ord inside record is not a word start"
        );
        assert_eq!(marks(&segments("a-b-a", None, &["a"])), "[a]-b-[a]");
        assert_eq!(marks(&segments("orders-api", Some("orders-a"), &["orders", "a"])), "[orders-a]pi");
    }

    #[test]
    fn unmatched_or_empty_words_leave_the_text_whole() {
        assert_eq!(marks(&segments("payments", None, &["order", ""])), "payments");
        assert_eq!(marks(&segments("payments", Some("orders"), &[])), "payments");
        assert!(segments("", None, &["x"]).is_empty());
    }

    #[test]
    fn text_outside_ascii_keeps_its_characters_whole() {
        assert_eq!(marks(&segments("Été-🦀-ORDERS", None, &["orders", "été"])), "[Été]-🦀-[ORDERS]");
        assert_eq!(marks(&segments("שלום orders", Some("שלום"), &[])), "[שלום] orders");
    }

    #[test]
    fn the_context_is_the_first_matching_field_with_its_label() {
        let body = "Accepts a new order\nsrc/orders.create\nnodejs20.x\norders-api-prod-createOrder\n";
        assert_eq!(marks(&context(HitKind::Function, body, &["create"])), "handler: src/orders.[create]");
        assert_eq!(marks(&context(HitKind::Function, body, &["nodejs"])), "runtime: [nodejs]20.x");
        assert_eq!(
            marks(&context(HitKind::Function, body, &["accept", "new"])),
            "description: [Accept]s a [new] order"
        );
        assert!(context(HitKind::Function, body, &["python"]).is_empty());
        assert!(context(HitKind::Team, "", &["x"]).is_empty());
    }

    #[test]
    fn a_long_context_line_is_cut_around_its_first_match() {
        let description = format!("{} needle {}", "é".repeat(300), "z".repeat(300));
        let pieces = context(HitKind::Function, &description, &["needle"]);
        let shown = marks(&pieces);
        assert!(shown.starts_with("description: …"), "{shown}");
        assert!(shown.ends_with('…'), "{shown}");
        assert!(shown.contains("[needle]"), "{shown}");
        let value: String = pieces[2..pieces.len() - 1].iter().map(|s| s.text.as_str()).collect();
        assert_eq!(value.chars().count(), CONTEXT_CHARS);
    }
}
