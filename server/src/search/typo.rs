//! Typo tolerance: when a query finds nothing as typed, its misspelt words are replaced by words
//! of the index a few edits away, so `ordres` finds `orders`.
//!
//! Rules, the same on both backends:
//! - words of 4 or 5 characters may be 1 edit off, longer words 2; shorter words and numbers are
//!   never corrected;
//! - an edit is an insertion, a deletion, a substitution or a swap of two neighbours (optimal
//!   string alignment distance);
//! - candidates are words of names (the vocabulary of the indexes) that start with the same
//!   character and whose length is within the allowed edits: a range scan of a sorted
//!   vocabulary, never a full scan;
//! - each word keeps itself and its [`MAX_CORRECTIONS`] nearest candidates (fewest edits, then
//!   closest length, then alphabetical); the nearest one rewrites the query for name matching.

use super::query::{MAX_WORD_CHARS, MatchPlan, ParsedQuery, WordMatch, prefix_upper_bound};

/// Shortest word that may be corrected, in characters.
pub const MIN_TYPO_CHARS: usize = 4;
/// Shortest correction, in characters (two edits from the shortest corrected word).
pub const MIN_CORRECTION_CHARS: usize = 3;
/// Shortest word allowed two edits, in characters.
pub const MIN_TWO_EDIT_CHARS: usize = 6;
/// Corrections kept per word.
pub const MAX_CORRECTIONS: usize = 3;
/// Words of one query that are looked up for corrections; later ones are kept as typed.
pub const MAX_CORRECTED_WORDS: usize = 4;

/// How many edits a word may be off: 0 below [`MIN_TYPO_CHARS`] characters or without a letter,
/// 1 up to 5 characters, 2 from [`MIN_TWO_EDIT_CHARS`].
pub fn allowed_edits(word: &str) -> usize {
    let chars = word.chars().count();
    if chars < MIN_TYPO_CHARS || !word.chars().any(char::is_alphabetic) {
        0
    } else if chars < MIN_TWO_EDIT_CHARS {
        1
    } else {
        2
    }
}

/// Optimal string alignment distance between `a` and `b`, in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows of the classic table: two back for swaps, one back, and the one being filled.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let substitution = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j] + 1).min(current[j - 1] + 1).min(previous[j - 1] + substitution);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            current[j] = best;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// Where a word's candidates sit in a vocabulary sorted byte for byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VocabularyRange {
    /// Inclusive lower bound: the word's first character.
    pub from: String,
    /// Exclusive upper bound: past every word starting with that character.
    pub to: String,
    /// Shortest candidate, in characters.
    pub min_chars: i64,
    /// Longest candidate, in characters.
    pub max_chars: i64,
}

/// The vocabulary range to read for `word`; `None` if it is never corrected.
pub fn vocabulary_range(word: &str) -> Option<VocabularyRange> {
    let edits = allowed_edits(word);
    let first = word.chars().next().filter(|_| edits > 0)?;
    let chars = word.chars().count();
    let from = first.to_string();
    Some(VocabularyRange {
        to: prefix_upper_bound(&from),
        from,
        min_chars: i64::try_from(chars.saturating_sub(edits).max(MIN_CORRECTION_CHARS)).unwrap_or(i64::MAX),
        max_chars: i64::try_from((chars + edits).min(MAX_WORD_CHARS)).unwrap_or(i64::MAX),
    })
}

/// The nearest words of `vocabulary` to `word` within its allowed edits, best first, at most
/// [`MAX_CORRECTIONS`]; none if `word` starts a word of `vocabulary` (it is not misspelt: what
/// it found was filtered out).
pub fn corrections<'a>(word: &str, vocabulary: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let edits = allowed_edits(word);
    let chars = word.chars().count();
    let vocabulary: Vec<&str> = vocabulary.into_iter().collect();
    if vocabulary.iter().any(|known| known.starts_with(word)) {
        return Vec::new();
    }
    let mut scored: Vec<(usize, usize, &str)> = vocabulary
        .into_iter()
        .filter_map(|candidate| {
            let length_gap = candidate.chars().count().abs_diff(chars);
            if length_gap > edits {
                return None;
            }
            let distance = edit_distance(word, candidate);
            (distance <= edits).then_some((distance, length_gap, candidate))
        })
        .collect();
    scored.sort_unstable();
    scored.dedup_by(|a, b| a.2 == b.2);
    scored.into_iter().take(MAX_CORRECTIONS).map(|(_, _, candidate)| candidate.to_string()).collect()
}

/// The positions in `query.words` worth looking up, at most [`MAX_CORRECTED_WORDS`].
pub fn correctable_words(query: &ParsedQuery) -> Vec<usize> {
    (0..query.words.len()).filter(|&i| allowed_edits(&query.words[i]) > 0).take(MAX_CORRECTED_WORDS).collect()
}

/// A query with its misspelt words replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corrected {
    /// What to search: each corrected word with its alternatives, the phrase rewritten.
    pub plan: MatchPlan,
    /// The rewritten query, shown as "showing results for …".
    pub query: String,
}

/// Applies `found` (per word of `query`, the corrections found; empty for none) to `query`;
/// `None` when no word has a correction.
pub fn correct(query: &ParsedQuery, found: &[Vec<String>]) -> Option<Corrected> {
    if found.iter().all(Vec::is_empty) {
        return None;
    }
    let mut phrase = query.phrase.clone();
    for (word, corrections) in query.words.iter().zip(found) {
        if let Some(best) = corrections.first() {
            phrase = phrase.replacen(word.as_str(), best, 1);
        }
    }
    let words = query
        .words
        .iter()
        .enumerate()
        .map(|(i, word)| {
            let mut alternatives = vec![word.clone()];
            alternatives.extend(found.get(i).into_iter().flatten().cloned());
            WordMatch { alternatives }
        })
        .collect();
    Some(Corrected { query: phrase.clone(), plan: MatchPlan { phrase, words } })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_swap_of_neighbours_is_one_edit() {
        assert_eq!(edit_distance("ordres", "orders"), 1);
        assert_eq!(edit_distance("ordres", "order"), 2);
        assert_eq!(edit_distance("payment", "paymnet"), 1);
        assert_eq!(edit_distance("notifer", "notifier"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("ca", "abc"), 3, "optimal string alignment, not full Damerau");
    }

    #[test]
    fn short_words_and_numbers_are_never_corrected() {
        assert_eq!(allowed_edits("ord"), 0);
        assert_eq!(allowed_edits("2024"), 0);
        assert_eq!(allowed_edits("ordr"), 1);
        assert_eq!(allowed_edits("ordre"), 1);
        assert_eq!(allowed_edits("ordres"), 2);
        assert_eq!(vocabulary_range("api"), None);
    }

    #[test]
    fn candidates_are_read_from_the_words_with_the_same_first_letter_and_a_close_length() {
        let range = vocabulary_range("ordres").unwrap();
        assert_eq!((range.from.as_str(), range.min_chars, range.max_chars), ("o", 4, 8));
        assert!("orders" >= range.from.as_str() && "orders" < range.to.as_str());
        assert!("p" >= range.to.as_str());
        assert_eq!(vocabulary_range("ordr").unwrap().min_chars, 3);
    }

    #[test]
    fn the_nearest_words_come_first_and_far_ones_are_left_out() {
        let vocabulary = ["order", "orders", "ordered", "organisation", "oracle"];
        assert_eq!(corrections("ordres", vocabulary), ["orders", "order", "ordered"]);
        assert_eq!(corrections("paymnet", ["payment", "payments", "pavement"]), ["payment", "payments"]);
        assert!(corrections("ordr", ["oracle", "odor"]).is_empty());
    }

    #[test]
    fn a_word_that_starts_a_known_word_is_not_corrected() {
        assert!(corrections("orders", ["orders", "order"]).is_empty());
        assert!(corrections("paymen", ["payments", "paymen"]).is_empty());
    }

    #[test]
    fn a_correction_rewrites_the_phrase_and_keeps_the_typed_word_as_an_alternative() {
        let query = ParsedQuery::parse("Ordres-API prod");
        let found = vec![vec!["orders".to_string(), "order".to_string()], vec![], vec![]];
        let corrected = correct(&query, &found).unwrap();
        assert_eq!(corrected.query, "orders-api prod");
        assert_eq!(corrected.plan.phrase, "orders-api prod");
        assert_eq!(corrected.plan.words[0].alternatives, ["ordres", "orders", "order"]);
        assert_eq!(corrected.plan.words[1].alternatives, ["api"]);
        assert_eq!(correct(&query, &[vec![], vec![], vec![]]), None);
    }

    #[test]
    fn only_long_words_with_letters_are_looked_up_and_at_most_four() {
        let query = ParsedQuery::parse("ab ordres 12345 paymnet a1b2 one two three four five");
        assert_eq!(correctable_words(&query), [1, 3, 4, 7]);
    }
}
