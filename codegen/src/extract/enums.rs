//! Enum values written in prose: `` `OPENED` or `CLOSED` ``,
//! `` `PHONE | FAX | MAIL` ``, `{ OPENED or CLOSED }`, or a `data X = A | B`
//! block.

use crate::reader::{CodeSpan, Text};

/// The values an enum description lists, in order, without repeats. `field`
/// is the name of the described field: a code span repeating it is not a value.
pub(crate) fn values_from_description(text: &Text, field: &str) -> Vec<String> {
    if let Some(values) = braced_values(&text.plain) {
        return values;
    }
    if let Some(values) = piped_code_span(&text.code) {
        return values;
    }
    let values: Vec<String> =
        text.code.iter().map(|c| unquote(&c.text)).filter(|v| v != field && is_value(v)).collect();
    dedup(values)
}

/// `{ OPENED or CLOSED }`
fn braced_values(plain: &str) -> Option<Vec<String>> {
    let open = plain.find('{')?;
    let close = open + plain[open..].find('}')?;
    let values = split_alternatives(&plain[open + 1..close]);
    (values.len() >= 2).then_some(values)
}

/// `` `PHONE | FAX | MAIL | SMS` ``
fn piped_code_span(code: &[CodeSpan]) -> Option<Vec<String>> {
    code.iter().find(|c| c.text.contains('|')).map(|c| split_alternatives(&c.text)).filter(|v| v.len() >= 2)
}

/// Splits `A or B`, `A | B`, `A, B` into values.
pub(crate) fn split_alternatives(text: &str) -> Vec<String> {
    let values = text
        .split(['|', ','])
        .flat_map(|part| part.split(" or "))
        .map(|v| unquote(v.trim()))
        .filter(|v| is_value(v))
        .collect();
    dedup(values)
}

/// Values of a `data Name = A | B | C` block.
/// The declaration may run over several lines (`data X\n  = A\n  | B`).
pub(crate) fn values_from_data_block(code: &str) -> Option<(String, Vec<String>)> {
    let start = code.find("data ")?;
    if !code[..start].trim().is_empty() {
        return None;
    }
    let declaration = code[start + "data ".len()..].split_whitespace().collect::<Vec<_>>().join(" ");
    let (name, alternatives) = declaration.split_once('=')?;
    let values = split_alternatives(alternatives);
    Some((name.trim().to_string(), values))
}

fn unquote(value: &str) -> String {
    value.trim().trim_matches(|c| c == '"' || c == '\'' || c == '`').trim().to_string()
}

/// A value is one word: letters, digits, `_`, `-` or `.`.
fn is_value(value: &str) -> bool {
    !value.is_empty() && value.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

fn dedup(values: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    values.into_iter().filter(|v| seen.insert(v.clone())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::read_markdown;
    use crate::source::FileId;

    fn cell_text(markdown: &str) -> Text {
        let table = format!("A | B\n--|--\nx | {markdown}\n");
        let sections = read_markdown(FileId(0), &table, 0);
        let table = sections[0].tables().next().expect("table");
        table.rows[0].cells[1].clone()
    }

    #[test]
    fn code_spans_joined_by_or() {
        let text = cell_text("enum : `\"CallCenter\"` or `\"ClientAccountHolding\"` or `\"ClientAccount\"`");
        assert_eq!(
            values_from_description(&text, "companyType"),
            ["CallCenter", "ClientAccountHolding", "ClientAccount"]
        );
    }

    #[test]
    fn one_code_span_with_pipes() {
        let text = cell_text("the medium.<br/> `PHONE \\| FAX \\| MAIL \\| SMS`");
        assert_eq!(values_from_description(&text, "medium"), ["PHONE", "FAX", "MAIL", "SMS"]);
    }

    #[test]
    fn braces_win_over_code_spans() {
        let text = cell_text("filters on `status` { OPENED or CLOSED }, e.g. `status=OPENED`");
        assert_eq!(values_from_description(&text, "status"), ["OPENED", "CLOSED"]);
    }

    #[test]
    fn nothing_readable() {
        let text = cell_text("code describing the type of the error");
        assert!(values_from_description(&text, "errorType").is_empty());
    }

    #[test]
    fn data_blocks_over_several_lines() {
        let (name, values) = values_from_data_block("data Kind\n  = A\n  | B\n").expect("a declaration");
        assert_eq!((name.as_str(), values), ("Kind", vec!["A".to_string(), "B".to_string()]));
    }

    #[test]
    fn data_blocks() {
        let (name, values) = values_from_data_block("data StillOnSite = Yes | No | NotAsked\n").expect("a data line");
        assert_eq!(name, "StillOnSite");
        assert_eq!(values, ["Yes", "No", "NotAsked"]);
    }
}
