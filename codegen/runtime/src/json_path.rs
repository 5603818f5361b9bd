//! The JSON path of the value a serde_json error is about, found from the
//! error's position in the text: one scan of the text, with no type in it,
//! so that naming the culprit costs no second reader compiled per type.
//!
//! serde_json places an error in one of two ways, and both are read here:
//! - a value that does not fit (a wrong type, a missing field, an unknown
//!   variant) is placed at the value itself: right after a scalar, at the
//!   bracket of a container it refused, or right after the object whose
//!   member is missing. The value is the innermost one that spans the place.
//! - an error a value's own `Deserialize` raises after reading the value
//!   whole (a union that read its text and then found no variant for it)
//!   is placed by the container around it: at the separator that follows
//!   the value, or right after the container when the value was its last.
//!   The value is then the one that ended last before the place; when the
//!   error says a member the value holds (a union's discriminator and its
//!   kind) or lacks (a missing discriminator), the last such value. Without
//!   either, a value that was the last of its container is reported as the
//!   container.

use std::fmt::Write as _;

/// How deep the scan follows a value; serde_json itself stops at 128.
const MAX_DEPTH: usize = 128;

/// Where an error stands, as [`locate`] found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// `result[1].rank`, or `.` for the value the text holds.
    pub path: String,
    /// serde_json's message, without its line and column.
    pub message: String,
}

/// How the error was placed (see the module's documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placed<'m> {
    /// At the value itself.
    AtTheValue,
    /// By the container, after the value was read whole. `marked`: what
    /// the error says of the value, to tell it from its container.
    AfterTheValue { marked: Option<Mark<'m>> },
}

/// What an error placed after its value says of that value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark<'m> {
    /// An object whose member (the first) holds the string (the second): a
    /// union's discriminator and kind.
    Holds(&'m str, &'m str),
    /// An object without this member: a union's missing discriminator.
    Lacks(&'m str),
}

/// The path and message of `error`, raised while reading `text`; `placed_by`
/// tells from the message how serde_json placed the error.
pub fn locate(text: &[u8], error: &serde_json::Error, placed_by: impl FnOnce(&str) -> Placed<'_>) -> Located {
    let full = error.to_string();
    let offset = offset_of(text, error.line(), error.column());
    let (serde_json::error::Category::Data, Some(offset)) = (error.classify(), offset) else {
        // Text that is not JSON: the message keeps its line and column.
        return Located { path: ".".to_string(), message: full };
    };
    let position = format!(" at line {} column {}", error.line(), error.column());
    let message = full.strip_suffix(&position).unwrap_or(&full).to_string();
    Located { path: path_at(text, offset, placed_by(&message)), message }
}

/// The byte offset of serde_json's line (from 1) and column (bytes from the
/// line's start); `None` for an error with no place.
fn offset_of(text: &[u8], line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let line_start = if line == 1 {
        0
    } else {
        let newline = text.iter().enumerate().filter(|(_, byte)| **byte == b'\n').nth(line - 2)?.0;
        newline + 1
    };
    Some((line_start + column).min(text.len()))
}

/// The path of the value `offset` points at, as `placed` says to read it.
/// Text that is not JSON after the place does not matter; text nested
/// deeper than serde_json reads gives `.`.
pub fn path_at(text: &[u8], offset: usize, placed: Placed<'_>) -> String {
    let mut scan = Scan { text, at: 0, offset, placed, trail: Vec::new(), best: None, too_deep: false };
    scan.skip_space();
    // Stopping early (past the place, or at broken text) leaves the answer found so far.
    let _ = scan.value(0);
    match scan.best {
        Some(Best { path, .. }) if !path.is_empty() && !scan.too_deep => render(&path),
        _ => ".".to_string(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Member(String),
    Index(usize),
}

struct Best {
    path: Vec<Segment>,
    end: usize,
}

struct Scan<'t, 'm> {
    text: &'t [u8],
    at: usize,
    offset: usize,
    placed: Placed<'m>,
    /// The members and indexes that lead to the value being scanned.
    trail: Vec<Segment>,
    best: Option<Best>,
    too_deep: bool,
}

impl Scan<'_, '_> {
    /// Scans one value starting at `self.at`; `None` when the text is not
    /// JSON there, or the place is behind (nothing more to learn).
    fn value(&mut self, depth: usize) -> Option<()> {
        let start = self.at;
        if start > self.offset {
            return None;
        }
        if depth > MAX_DEPTH {
            self.too_deep = true;
            return None;
        }
        let scanned = match *self.text.get(start)? {
            b'{' => self.object(depth),
            b'[' => self.array(depth).map(|()| false),
            b'"' => self.string().map(|_| false),
            _ => {
                self.scalar();
                Some(false)
            }
        };
        match scanned {
            Some(marked) => {
                self.consider(start, self.at, marked);
                Some(())
            }
            None => {
                // The scan stopped inside this value, past the place: the
                // value spans it.
                if self.placed == Placed::AtTheValue && self.best.is_none() {
                    self.best = Some(Best { path: self.trail.clone(), end: self.at });
                }
                None
            }
        }
    }

    /// Records the value `[start, end)` if it is the better answer; `marked`:
    /// it is an object as the error's [`Mark`] says.
    fn consider(&mut self, start: usize, end: usize, marked: bool) {
        let better = match self.placed {
            // Children are considered before their parent: the first value
            // that spans the place is the innermost.
            Placed::AtTheValue => start <= self.offset && self.offset <= end && self.best.is_none(),
            // The value that ended last, no later than the place.
            Placed::AfterTheValue { marked: mark } => {
                end <= self.offset && (marked || mark.is_none()) && self.best.as_ref().is_none_or(|best| end > best.end)
            }
        };
        if better {
            self.best = Some(Best { path: self.trail.clone(), end });
        }
    }

    /// An object; `Some(true)` when it is as the error's [`Mark`] says.
    fn object(&mut self, depth: usize) -> Option<bool> {
        let mark = match self.placed {
            Placed::AfterTheValue { marked } => marked,
            Placed::AtTheValue => None,
        };
        let member = match mark {
            Some(Mark::Holds(member, _) | Mark::Lacks(member)) => member,
            None => "",
        };
        let (mut has_member, mut holds) = (false, false);
        self.at += 1;
        self.skip_space();
        if self.peek()? != b'}' {
            loop {
                let key = self.string()?;
                self.skip_space();
                self.expect(b':')?;
                self.skip_space();
                if mark.is_some() && key == member {
                    has_member = true;
                    if let (Some(Mark::Holds(_, text)), Some(b'"')) = (mark, self.peek()) {
                        let mut ahead = Scan { at: self.at, trail: Vec::new(), best: None, ..*self };
                        holds |= ahead.string().is_some_and(|held| held == text);
                    }
                }
                self.child(Segment::Member(key), depth)?;
                if self.next_or_close(b'}')? {
                    break;
                }
            }
        } else {
            self.at += 1;
        }
        Some(match mark {
            Some(Mark::Holds(..)) => holds,
            Some(Mark::Lacks(_)) => !has_member,
            None => false,
        })
    }

    fn array(&mut self, depth: usize) -> Option<()> {
        self.at += 1;
        self.skip_space();
        if self.peek()? == b']' {
            self.at += 1;
            return Some(());
        }
        for index in 0.. {
            self.child(Segment::Index(index), depth)?;
            if self.next_or_close(b']')? {
                return Some(());
            }
        }
        None
    }

    /// Scans one member's value or one item, with `segment` on the trail.
    fn child(&mut self, segment: Segment, depth: usize) -> Option<()> {
        self.trail.push(segment);
        let read = self.value(depth + 1);
        self.trail.pop();
        read
    }

    /// After a member or an item: `Some(true)` past the container's `close`,
    /// `Some(false)` past a comma, `None` at anything else.
    fn next_or_close(&mut self, close: u8) -> Option<bool> {
        self.skip_space();
        let byte = self.peek()?;
        if byte != b',' && byte != close {
            return None;
        }
        self.at += 1;
        if byte == close {
            return Some(true);
        }
        self.skip_space();
        Some(false)
    }

    /// A string at `self.at`, unescaped only as far as a path needs.
    fn string(&mut self) -> Option<String> {
        if self.peek()? != b'"' {
            return None;
        }
        let start = self.at + 1;
        let mut at = start;
        loop {
            match *self.text.get(at)? {
                b'"' => break,
                b'\\' => at += 2,
                _ => at += 1,
            }
        }
        self.at = at + 1;
        let raw = &self.text[start..at];
        let quoted = [&b"\""[..], raw, b"\""].concat();
        Some(serde_json::from_slice(&quoted).unwrap_or_else(|_| String::from_utf8_lossy(raw).into_owned()))
    }

    /// A number, `true`, `false` or `null`: up to the next separator.
    fn scalar(&mut self) {
        while let Some(byte) = self.text.get(self.at) {
            if matches!(byte, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t') {
                break;
            }
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.at += 1)
    }

    fn skip_space(&mut self) {
        while matches!(self.text.get(self.at), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }
}

/// `result[1].rank`: members joined by dots, indexes in brackets.
fn render(path: &[Segment]) -> String {
    let mut text = String::new();
    for segment in path {
        match segment {
            Segment::Index(index) => {
                let _ = write!(text, "[{index}]");
            }
            Segment::Member(name) => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(name);
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Item {
        uid: String,
        rank: u32,
        #[serde(default)]
        tags: Vec<String>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Page {
        result: Vec<Item>,
        total: Option<u64>,
    }

    fn path_of<T: for<'de> Deserialize<'de> + std::fmt::Debug>(text: &str) -> (String, String) {
        let error = serde_json::from_str::<T>(text).unwrap_err();
        let located = locate(text.as_bytes(), &error, |_| Placed::AtTheValue);
        (located.path, located.message)
    }

    #[test]
    fn a_value_of_the_wrong_type_is_named_by_its_path() {
        let text = r#"{"result": [{"uid": "a", "rank": 1}, {"uid": "b", "rank": "two"}], "total": 2}"#;
        let (path, message) = path_of::<Page>(text);
        assert_eq!(path, "result[1].rank");
        assert_eq!(message, r#"invalid type: string "two", expected u32"#);
        assert_eq!(path_of::<Page>(r#"{"result": [{"uid": 5, "rank": 1}]}"#).0, "result[0].uid");
        assert_eq!(path_of::<Page>(r#"{"result": [{"uid": "a", "rank": 1, "tags": {}}]}"#).0, "result[0].tags");
        assert_eq!(path_of::<Page>(r#"{"result": [{"uid": "a", "rank": 1, "tags": [1]}]}"#).0, "result[0].tags[0]");
        assert_eq!(path_of::<Page>(r#"{"result": [], "total": -1}"#).0, "total");
        assert_eq!(path_of::<Page>(r#"{"result": true}"#).0, "result");
    }

    #[test]
    fn pretty_printed_text_is_read_by_line_and_column() {
        let text = "{\n  \"result\": [\n    {\"uid\": \"a\", \"rank\": 1},\n    {\n      \"uid\": \"b\",\n      \"rank\": null\n    }\n  ]\n}";
        assert_eq!(path_of::<Page>(text).0, "result[1].rank");
    }

    #[test]
    fn a_missing_member_is_the_object_s() {
        let (path, message) = path_of::<Page>(r#"{"result": [{"uid": "a", "rank": 1}, {"uid": "b"}]}"#);
        assert_eq!((path.as_str(), message.as_str()), ("result[1]", "missing field `rank`"));
        assert_eq!(path_of::<Page>(r#"{"total": 1}"#).0, ".");
    }

    #[test]
    fn escaped_member_names_are_unescaped() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Odd {
            #[serde(rename = "a\"b")]
            quoted: u8,
        }
        assert_eq!(path_of::<Odd>(r#"{"a\"b": 300}"#).0, "a\"b");
    }

    #[test]
    fn text_that_is_not_json_is_placed_at_the_top() {
        let (path, message) = path_of::<Page>(r#"{"result": [tru"#);
        assert_eq!(path, ".");
        assert!(message.contains("line 1"), "syntax errors keep their place: {message}");
    }

    #[test]
    fn an_error_raised_after_a_value_is_that_value_s() {
        let unmarked = Placed::AfterTheValue { marked: None };
        let marked = Placed::AfterTheValue { marked: Some(Mark::Holds("k", "b")) };
        let at = |text: &str, offset: usize, placed| path_at(text.as_bytes(), offset, placed);
        // At the separator after a member, or at the next item of an array.
        let text = r#"{"a": {"k": "a"}, "b": 1}"#;
        assert_eq!(at(text, text.find(", \"b\"").unwrap(), unmarked), "a");
        let text = r#"{"a": [{"k": "a"} , {"k": "b", "n": [1]}, 1]}"#;
        assert_eq!(at(text, text.find("{\"k\": \"b").unwrap(), unmarked), "a[0]");
        assert_eq!(at(text, text.find(", 1]").unwrap(), marked), "a[1]");
        // Right after the container the value was the last of: the marked
        // value is found; without a mark, the container is what is known.
        let text = "{\"a\": [{\"k\": \"a\"},\n {\"k\": \"b\", \"n\": {}}\n], \"z\": 0}";
        let after = text.find(", \"z\"").unwrap();
        assert_eq!(at(text, after, marked), "a[1]");
        assert_eq!(at(text, after, unmarked), "a");
        let text = r#"[{"k": "b"}, {"k": "b", "n": {"k": "b"}}]"#;
        assert_eq!(at(text, text.len(), marked), "[1]", "the outer value ends last");
        // An error about a value without the member: the last such value,
        // not the array it ends, nor an object inside it that ends earlier.
        let lacks = Placed::AfterTheValue { marked: Some(Mark::Lacks("k")) };
        let text = r#"{"a": [{"k": "a"}, {"n": {}}], "z": 0}"#;
        let after = text.find(", \"z\"").unwrap();
        assert_eq!(at(text, after, lacks), "a[1]");
        assert_eq!(at(text, after, unmarked), "a");
    }

    #[test]
    fn deep_or_broken_text_never_panics() {
        let deep = "[".repeat(10_000);
        assert_eq!(path_at(deep.as_bytes(), 5_000, Placed::AtTheValue), ".");
        let marked = Placed::AfterTheValue { marked: Some(Mark::Holds("a", "b")) };
        for text in ["", "{", "{\"a\"", "{\"a\":", "{\"a\": \"b", "[1,", "\"abc", "{\"a\\", "}"] {
            for offset in 0..=text.len() + 1 {
                path_at(text.as_bytes(), offset, Placed::AtTheValue);
                path_at(text.as_bytes(), offset, marked);
            }
        }
    }
}
