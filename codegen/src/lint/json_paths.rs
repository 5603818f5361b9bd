//! Where each value and key of a JSON text starts, by JSON path (`$.a[0].b`),
//! so that a finding about an example points at its line.
//!
//! serde_json does not keep positions; the texts are small examples already
//! known to be valid JSON, so a plain scan is enough.

use std::collections::BTreeMap;

/// Byte offsets of the values and member keys of a JSON text.
#[derive(Debug, Default)]
pub(crate) struct JsonPositions {
    values: BTreeMap<String, (usize, usize)>,
    keys: BTreeMap<String, (usize, usize)>,
}

/// Deeper documents than this are not located (serde_json refuses them too).
const MAX_DEPTH: usize = 128;

impl JsonPositions {
    pub fn of(text: &str) -> JsonPositions {
        let mut scanner = Scanner { bytes: text.as_bytes(), pos: 0, found: JsonPositions::default() };
        scanner.value("$".to_string(), 0);
        scanner.found
    }

    /// The byte range to point at for a path: the key of a member (a field
    /// the table does not know is best shown by its name), else its value,
    /// else the closest enclosing value that exists (a missing field is shown
    /// on the object that lacks it).
    pub fn locate(&self, path: &str) -> Option<(usize, usize)> {
        if let Some(range) = self.keys.get(path).or_else(|| self.values.get(path)) {
            return Some(*range);
        }
        let mut prefix = path;
        while let Some(cut) = prefix.rfind(['.', '[']) {
            prefix = &prefix[..cut];
            if let Some(range) = self.values.get(prefix) {
                return Some(*range);
            }
        }
        self.values.get("$").copied()
    }
}

struct Scanner<'t> {
    bytes: &'t [u8],
    pos: usize,
    found: JsonPositions,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn value(&mut self, path: String, depth: usize) {
        self.skip_space();
        let start = self.pos;
        if depth > MAX_DEPTH {
            return;
        }
        match self.peek() {
            Some(b'{') => {
                self.found.values.insert(path.clone(), (start, 1));
                self.object(&path, depth);
            }
            Some(b'[') => {
                self.found.values.insert(path.clone(), (start, 1));
                self.array(&path, depth);
            }
            Some(b'"') => {
                self.string();
                self.found.values.insert(path, (start, self.pos - start));
            }
            Some(_) => {
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.pos += 1;
                }
                self.found.values.insert(path, (start, self.pos - start));
            }
            None => {}
        }
    }

    fn object(&mut self, path: &str, depth: usize) {
        self.pos += 1;
        loop {
            self.skip_space();
            match self.peek() {
                Some(b'"') => {
                    let key_start = self.pos;
                    let key = self.string();
                    let member = format!("{path}.{key}");
                    self.found.keys.insert(member.clone(), (key_start, self.pos - key_start));
                    self.skip_space();
                    if self.peek() == Some(b':') {
                        self.pos += 1;
                    }
                    self.value(member, depth + 1);
                }
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return;
                }
                // Not valid JSON: give up on this object.
                _ => return,
            }
        }
    }

    fn array(&mut self, path: &str, depth: usize) {
        self.pos += 1;
        let mut index = 0;
        loop {
            self.skip_space();
            match self.peek() {
                Some(b']') => {
                    self.pos += 1;
                    return;
                }
                Some(b',') => self.pos += 1,
                Some(_) => {
                    let before = self.pos;
                    self.value(format!("{path}[{index}]"), depth + 1);
                    index += 1;
                    if self.pos == before {
                        return;
                    }
                }
                None => return,
            }
        }
    }

    /// Reads a string literal, returning its text (escapes decoded as
    /// serde_json would, for the common ones).
    fn string(&mut self) -> String {
        let start = self.pos + 1;
        self.pos += 1;
        while let Some(b) = self.peek() {
            match b {
                b'\\' => self.pos += 2,
                b'"' => break,
                _ => self.pos += 1,
            }
        }
        let end = self.pos.min(self.bytes.len());
        self.pos = (self.pos + 1).min(self.bytes.len());
        let raw = String::from_utf8_lossy(self.bytes.get(start..end).unwrap_or_default()).into_owned();
        serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keys_and_missing_members() {
        let text = "{\n  \"a\": [1, {\"b\": \"x\"}],\n  \"c d\": null\n}";
        let positions = JsonPositions::of(text);
        let at = |path: &str| positions.locate(path).map(|(start, len)| &text[start..start + len]);
        assert_eq!(at("$"), Some("{"));
        assert_eq!(at("$.a"), Some("\"a\""));
        assert_eq!(at("$.a[0]"), Some("1"));
        assert_eq!(at("$.a[1].b"), Some("\"b\""));
        assert_eq!(at("$.c d"), Some("\"c d\""));
        assert_eq!(at("$.a[1].missing"), Some("{"), "a missing member points at its object");
        assert_eq!(at("$.nothing[3].x"), Some("{"));
    }

    #[test]
    fn escaped_keys_and_broken_text_do_not_derail() {
        let positions = JsonPositions::of("{\"a\\\"b\": 1, \"c\": [");
        assert!(positions.locate("$.a\"b").is_some());
        assert!(positions.locate("$.c").is_some());
        let positions = JsonPositions::of("");
        assert_eq!(positions.locate("$.x"), None);
    }
}
