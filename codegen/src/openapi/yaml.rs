//! YAML text of a JSON value, for `codegen openapi --format yaml`.
//!
//! Written here rather than with a YAML library's emitter because the
//! document must read back as the same JSON in YAML 1.1 readers too (PyYAML,
//! which many OpenAPI tools use): yaml-rust2's emitter leaves a string such
//! as `2016-10-03` unquoted, which a YAML 1.1 reader turns into a date, and
//! serde_yaml is no longer maintained. The rules are few and conservative: a
//! string is written plain only when it cannot be read as anything but that
//! string in YAML 1.1 or 1.2, as a literal block when it spans lines, else
//! double-quoted with escapes; maps and lists in block style, keys in the
//! JSON value's order.

use std::fmt::Write as _;

use serde_json::Value;

const INDENT: &str = "  ";

/// The YAML text of `value`, ending with a newline.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    for line in lines(value) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The lines of `value` as a block node at indentation zero. A scalar or an
/// empty collection is a single line.
fn lines(value: &Value) -> Vec<String> {
    match value {
        Value::Object(entries) if !entries.is_empty() => {
            let mut lines = Vec::new();
            for (key, item) in entries {
                let key = scalar_string(key);
                push_entry(&mut lines, &format!("{key}:"), item, false);
            }
            lines
        }
        Value::Array(items) if !items.is_empty() => {
            let mut lines = Vec::new();
            for item in items {
                push_entry(&mut lines, "-", item, true);
            }
            lines
        }
        other => vec![inline(other)],
    }
}

/// Appends `lead` (`key:` or `-`) and its value: on the same line for a
/// scalar (and, after `-`, the first line of a collection), below and
/// indented otherwise.
fn push_entry(lines: &mut Vec<String>, lead: &str, item: &Value, in_sequence: bool) {
    if let Some(block) = item.as_str().and_then(literal_block) {
        lines.push(format!("{lead} {}", block.header));
        lines
            .extend(block.lines.into_iter().map(|line| if line.is_empty() { line } else { format!("{INDENT}{line}") }));
        return;
    }
    let nested = is_nonempty_collection(item);
    if !nested {
        lines.push(format!("{lead} {}", inline(item)));
        return;
    }
    let child = lines_of(item);
    if in_sequence {
        let mut child = child.into_iter();
        if let Some(first) = child.next() {
            lines.push(format!("{lead} {first}"));
        }
        lines.extend(child.map(|line| indent(&line)));
    } else {
        lines.push(lead.to_string());
        lines.extend(child.into_iter().map(|line| indent(&line)));
    }
}

fn lines_of(value: &Value) -> Vec<String> {
    lines(value)
}

fn indent(line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!("{INDENT}{line}")
    }
}

fn is_nonempty_collection(value: &Value) -> bool {
    match value {
        Value::Object(entries) => !entries.is_empty(),
        Value::Array(items) => !items.is_empty(),
        _ => false,
    }
}

/// A scalar or an empty collection on one line.
fn inline(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number_text(number),
        Value::String(text) => scalar_string(text),
        Value::Array(_) => "[]".to_string(),
        Value::Object(_) => "{}".to_string(),
    }
}

/// A number in a form both YAML 1.1 and 1.2 read as one: YAML 1.1 wants a
/// dot in the mantissa and a sign on the exponent of a float.
fn number_text(number: &serde_json::Number) -> String {
    let text = number.to_string();
    if number.is_f64() {
        if let Some((mantissa, exponent)) = text.split_once(['e', 'E']) {
            let mantissa = if mantissa.contains('.') { mantissa.to_string() } else { format!("{mantissa}.0") };
            let exponent = if exponent.starts_with(['+', '-']) { exponent.to_string() } else { format!("+{exponent}") };
            return format!("{mantissa}e{exponent}");
        }
    }
    text
}

/// Words that some YAML reader takes for something other than a string.
const RESERVED_WORDS: [&str; 11] = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf"];

fn scalar_string(text: &str) -> String {
    if is_plain_safe(text) {
        text.to_string()
    } else {
        double_quoted(text)
    }
}

/// True when `text` reads back as itself unquoted, in YAML 1.1 and 1.2.
fn is_plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else { return false };
    (first.is_ascii_alphabetic() || first == '_' || first == '$' || first == '/')
        && !text.ends_with(' ')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ' ' | '$'))
        && !RESERVED_WORDS.contains(&text.to_ascii_lowercase().as_str())
}

/// A double-quoted scalar. Whatever is not printable, or is a line break, or
/// would be folded (tabs), is escaped.
fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_printable(c) && !is_line_break(c) => out.push(c),
            c if u32::from(c) <= 0xFFFF => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\U{:08X}", u32::from(c));
            }
        }
    }
    out.push('"');
    out
}

/// YAML's `c-printable` less the tab, line feed and carriage return that
/// [`double_quoted`] escapes by name.
fn is_printable(c: char) -> bool {
    matches!(u32::from(c), 0x20..=0x7E | 0x85 | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF) && c != '\u{FEFF}'
}

/// Characters YAML 1.1 readers take for line breaks.
fn is_line_break(c: char) -> bool {
    matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}')
}

struct LiteralBlock {
    header: &'static str,
    lines: Vec<String>,
}

/// A multi-line string as a literal block (`|`), when it can be one: every
/// character printable, no line that only holds spaces, the first line not
/// starting with a space (that would need an indentation indicator).
fn literal_block(text: &str) -> Option<LiteralBlock> {
    if !text.contains('\n') {
        return None;
    }
    let printable = text.chars().all(|c| c == '\n' || (is_printable(c) && !is_line_break(c)));
    let body = text.trim_end_matches('\n');
    let lines: Vec<&str> = body.split('\n').collect();
    let first_line_safe = lines.first().is_some_and(|line| !line.starts_with(' ') && !line.is_empty());
    let no_blank_with_spaces = lines.iter().all(|line| line.is_empty() || !line.trim_matches(' ').is_empty());
    let no_carriage_return = !text.contains('\r');
    if !(printable && first_line_safe && no_blank_with_spaces && no_carriage_return) {
        return None;
    }
    let header = match text.len() - body.len() {
        0 => "|-",
        1 => "|",
        _ => "|+",
    };
    let mut lines: Vec<String> = lines.into_iter().map(str::to_string).collect();
    // Kept trailing line breaks (`|+`) are empty lines of the block.
    lines.extend(std::iter::repeat_n(String::new(), (text.len() - body.len()).saturating_sub(1)));
    Some(LiteralBlock { header, lines })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use yaml_rust2::{Yaml, YamlLoader};

    /// The YAML read back as JSON, with yaml-rust2 (a YAML 1.2 reader).
    fn read_back(text: &str) -> Value {
        let documents = YamlLoader::load_from_str(text).expect("valid YAML");
        assert_eq!(documents.len(), 1);
        to_json(&documents[0])
    }

    fn to_json(yaml: &Yaml) -> Value {
        match yaml {
            Yaml::Real(text) => json!(text.parse::<f64>().expect("a float")),
            Yaml::Integer(number) => json!(number),
            Yaml::String(text) => json!(text),
            Yaml::Boolean(flag) => json!(flag),
            Yaml::Array(items) => Value::Array(items.iter().map(to_json).collect()),
            Yaml::Hash(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(key, value)| (key.as_str().expect("string keys").to_string(), to_json(value)))
                    .collect(),
            ),
            Yaml::Null => Value::Null,
            Yaml::Alias(_) | Yaml::BadValue => panic!("unexpected {yaml:?}"),
        }
    }

    #[test]
    fn nested_maps_and_lists_read_back_the_same() {
        let value = json!({
            "openapi": "3.1.0",
            "paths": {"/api/v1/companies/{company_uid}": {"get": {"operationId": "get_a_company"}}},
            "list": [1, -2, 1.5, 1e300, true, null, "x", [], {}, [["a", "b"], {"c": 1, "d": [2]}], {"e": {"f": "g"}}],
            "empty": {},
            "200": {"description": "OK"},
        });
        let text = to_yaml(&value);
        assert_eq!(read_back(&text), value);
        assert!(text.contains("\"200\":"), "{text}");
        assert!(text.contains("openapi: 3.1.0\n") || text.contains("openapi: \"3.1.0\"\n"), "{text}");
    }

    #[test]
    fn strings_a_reader_could_take_for_something_else_are_quoted() {
        for text in [
            "2016-10-03",
            "2016-10-03T10:00:00Z",
            "yes",
            "No",
            "null",
            "~",
            "1_000",
            "0x1F",
            "12e7",
            "",
            " padded ",
            "a: b",
            "#/components/schemas/X",
            "- item",
            "*alias",
            "&anchor",
            "!tag",
            "@at",
            "`code`",
            "{a}",
            ".inf",
            "tab\there",
            "line\u{2028}separator",
            "nul\u{0}and\u{7f}del\u{feff}bom\u{1F600}",
        ] {
            let value = json!({ "key": text, text: "value" });
            assert_eq!(read_back(&to_yaml(&value)), value, "{text:?}");
            assert!(!is_plain_safe(text), "{text:?}");
        }
        assert!(is_plain_safe("application/json"));
        assert!(is_plain_safe("$ref"));
        assert!(is_plain_safe("Content-Range"));
    }

    #[test]
    fn multi_line_strings_become_literal_blocks_when_they_can() {
        let value = json!({
            "a": "first line\n\nthird line with `code` and: colon",
            "b": "ends with a newline\n",
            "c": "ends with two\n\n",
            "d": "  starts with spaces\nsecond",
            "e": "has a line of spaces\n   \nafter",
            "f": ["item one\nitem two"],
        });
        let text = to_yaml(&value);
        assert!(text.contains("a: |-\n  first line\n\n  third line"), "{text}");
        assert!(text.contains("b: |\n"), "{text}");
        assert!(text.contains("c: |+\n"), "{text}");
        assert!(text.contains("d: \"  starts"), "{text}");
        assert!(text.contains("e: \"has a line"), "{text}");
        assert!(text.contains("- |-\n    item one"), "{text}");
        assert_eq!(read_back(&text), value);
    }

    #[test]
    fn floats_keep_a_dot_and_a_signed_exponent() {
        assert_eq!(number_text(&serde_json::Number::from_f64(1e300).expect("finite")), "1.0e+300");
        assert_eq!(number_text(&serde_json::Number::from(7)), "7");
    }
}
