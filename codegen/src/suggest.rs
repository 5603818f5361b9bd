//! "Did you mean" hints for unknown names and broken anchors, without comparing
//! every unknown name with every known one.
//!
//! A hint is only given for a known name within `max(2, len / 4)` edits, so a
//! known name whose length is further than that from the unknown one can never
//! be the answer: the index keeps known names by length and compares only the
//! bands that can match. Each distinct unknown name is answered once (the same
//! typo is usually repeated across a document), and the number of comparisons
//! per name is capped, so a document of many near-identical names stays linear.

use std::collections::{BTreeMap, HashMap, HashSet};

/// Most comparisons made for one unknown name. Beyond it the hint is left out:
/// a hint is a courtesy, and time must stay bounded on any input.
const MAX_COMPARISONS: usize = 4096;

/// Names longer than this get no hint: an edit distance is quadratic in the
/// length of the names, and a 200 KB "name" is a mistake of another kind.
const MAX_NAME_CHARS: usize = 128;

/// Known names indexed by length, with the answers already given.
#[derive(Debug, Default)]
pub struct Suggestions {
    /// Length in characters → (name as compared, name as written).
    by_length: BTreeMap<usize, Vec<(String, String)>>,
    indexed: HashSet<String>,
    answered: HashMap<String, Option<String>>,
    case_insensitive: bool,
}

impl Suggestions {
    /// An index of `known`, compared as written.
    pub fn new<'a>(known: impl IntoIterator<Item = &'a str>) -> Self {
        Self::build(known, false)
    }

    /// An index of `known`, compared in lower case (type names: `safeUuid`
    /// and `SafeUUID` are one typo apart for a reader).
    pub fn ignoring_case<'a>(known: impl IntoIterator<Item = &'a str>) -> Self {
        Self::build(known, true)
    }

    fn build<'a>(known: impl IntoIterator<Item = &'a str>, case_insensitive: bool) -> Self {
        let mut index = Suggestions { case_insensitive, ..Suggestions::default() };
        index.extend(known);
        index
    }

    /// Adds names not indexed yet (a name already there costs a lookup).
    pub fn extend<'a>(&mut self, known: impl IntoIterator<Item = &'a str>) {
        for name in known {
            if self.indexed.contains(name) {
                continue;
            }
            self.indexed.insert(name.to_string());
            // An answer given before may have a better one now.
            self.answered.clear();
            let compared = if self.case_insensitive { name.to_lowercase() } else { name.to_string() };
            let length = compared.chars().count();
            if length <= MAX_NAME_CHARS {
                self.by_length.entry(length).or_default().push((compared, name.to_string()));
            }
        }
    }

    /// The known name closest to `unknown`, within `max(2, len / 4)` edits of
    /// the known name; on a tie, the name that sorts first.
    pub fn closest(&mut self, unknown: &str) -> Option<String> {
        if let Some(answer) = self.answered.get(unknown) {
            return answer.clone();
        }
        let answer = self.search(unknown);
        self.answered.insert(unknown.to_string(), answer.clone());
        answer
    }

    fn search(&self, unknown: &str) -> Option<String> {
        let compared = if self.case_insensitive { unknown.to_lowercase() } else { unknown.to_string() };
        let length = compared.chars().count();
        if length > MAX_NAME_CHARS {
            return None;
        }
        // A known name of length `l` allows `max(2, l / 4)` edits, and the
        // distance is at least the difference of lengths: `l` may go up to
        // `4 * (length + 2) / 3` at most, which bounds the bands to look at.
        let longest = (length + 2) * 4 / 3 + 2;
        let shortest = length.saturating_sub(length / 3 + 2);
        let mut best: Option<(usize, &str)> = None;
        let mut comparisons = 0;
        for (&known_length, names) in self.by_length.range(shortest..=longest) {
            let allowed = 2.max(known_length / 4);
            if known_length.abs_diff(length) > allowed {
                continue;
            }
            for (known, written) in names {
                if comparisons == MAX_COMPARISONS {
                    return best.map(|(_, name)| name.to_string());
                }
                comparisons += 1;
                let distance = strsim::levenshtein(&compared, known);
                if distance <= allowed && best.is_none_or(|current| (distance, written.as_str()) < current) {
                    best = Some((distance, written));
                }
            }
        }
        best.map(|(_, name)| name.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_finds_the_name_it_was_meant_to_be() {
        let mut index = Suggestions::ignoring_case(["SafeUUID", "Ticket", "TicketView"]);
        assert_eq!(index.closest("SafeUIID").as_deref(), Some("SafeUUID"));
        assert_eq!(index.closest("tickt").as_deref(), Some("Ticket"));
        assert_eq!(index.closest("Unrelated"), None);
    }

    #[test]
    fn the_closest_of_several_candidates_wins() {
        let mut index = Suggestions::new(["ticket-view", "ticket-views", "ticket"]);
        assert_eq!(index.closest("ticket-vew").as_deref(), Some("ticket-view"));
    }

    #[test]
    fn case_counts_unless_asked_otherwise() {
        let mut exact = Suggestions::new(["abcdefgh"]);
        assert_eq!(exact.closest("ABCDEFGH"), None);
        let mut folded = Suggestions::ignoring_case(["abcdefgh"]);
        assert_eq!(folded.closest("ABCDEFGH").as_deref(), Some("abcdefgh"));
    }

    #[test]
    fn the_limit_follows_the_length_of_the_known_name() {
        // 16 characters allow 4 edits; 8 allow 2.
        let mut index = Suggestions::new(["abcdefghijklmnop", "abcdefgh"]);
        assert_eq!(index.closest("abcdefghijklWXYZ").as_deref(), Some("abcdefghijklmnop"));
        assert_eq!(index.closest("abcdeXYZ"), None);
    }

    #[test]
    fn names_added_later_are_found() {
        let mut index = Suggestions::new(["alpha"]);
        assert_eq!(index.closest("bravx"), None);
        index.extend(["bravo", "alpha"]);
        assert_eq!(index.closest("bravx").as_deref(), Some("bravo"));
    }

    #[test]
    fn very_long_names_get_no_hint_and_cost_nothing() {
        let long = "x".repeat(200_000);
        let mut index = Suggestions::new(["x", long.as_str()]);
        assert_eq!(index.closest(&long), None);
    }

    #[test]
    fn the_work_per_name_is_bounded() {
        let known: Vec<String> = (0..20_000).map(|i| format!("name{i:06}")).collect();
        let mut index = Suggestions::new(known.iter().map(String::as_str));
        // Every known name has the unknown one's length; the answer is still
        // one of them, found within the cap.
        assert!(index.closest("name00000x").is_some());
    }
}
