//! SL015: JSON examples that disagree with the tables of their type.
//!
//! The validator is the one the generated example tests use
//! ([`crate::examples`]), so an example reported here is exactly an example
//! those tests leave out. Each disagreement is reported at its own line
//! inside the example.

use serde_json::Value;

use crate::diagnostics::{Code, Diagnostic};
use crate::examples::{json_examples, validate_site};
use crate::ir::Example;
use crate::source::Span;

use super::json_paths::JsonPositions;
use super::Lint;

pub(super) fn disagreeing_examples(lint: &mut Lint<'_>) {
    let api = lint.api;
    for site in json_examples(api) {
        let example = site.example;
        if site.target.is_none() || example.invalid.is_some() {
            continue;
        }
        let Ok(value) = serde_json::from_str::<Value>(&example.text) else { continue };
        let mismatches = validate_site(lint.names, &site, &value);
        if mismatches.is_empty() {
            continue;
        }
        let positions = JsonPositions::of(&example.text);
        for (path, message) in grouped(mismatches) {
            let span = positions.locate(&path).and_then(|(at, len)| example_span(lint, example, at, len));
            let help = match wrapped_items(&value, &path, &message) {
                Some(field) => format!(
                    "the example wraps the items in `{field}`, but the table says the response is the array itself; \
                     show the bare array, or document the wrapping object"
                ),
                None => "fix the example or the table; until then the example is left out of the generated tests"
                    .to_string(),
            };
            lint.push(
                Diagnostic::warning(
                    Code::SL015,
                    format!("the example of {} disagrees with its table at `{path}`: {message}", site.owner),
                )
                .at_opt(span.or_else(|| lint.span(&example.source)))
                .help(help),
            );
        }
    }
}

const MISSING: &str = "a required field is missing";

/// Mismatches as (path, message); the required fields missing from one
/// object become one finding on that object.
fn grouped(mismatches: Vec<crate::examples::Mismatch>) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = Vec::new();
    let mut missing: Vec<(String, Vec<String>)> = Vec::new();
    for mismatch in mismatches {
        let split = mismatch.path.rsplit_once('.').filter(|_| mismatch.message == MISSING);
        match split {
            Some((object, field)) => match missing.iter_mut().find(|(o, _)| o == object) {
                Some((_, fields)) => fields.push(field.to_string()),
                None => missing.push((object.to_string(), vec![field.to_string()])),
            },
            None => found.push((mismatch.path, mismatch.message)),
        }
    }
    for (object, fields) in missing {
        let message = match fields.as_slice() {
            [one] => format!("the required field `{one}` is missing"),
            _ => format!(
                "the required fields {} are missing",
                fields.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
            ),
        };
        found.push((object, message));
    }
    found
}

/// `{"result": [...]}` where the response is documented as the array: the
/// name of the wrapping field.
fn wrapped_items<'v>(value: &'v Value, path: &str, message: &str) -> Option<&'v str> {
    if path != "$" || !message.starts_with("expected an array") {
        return None;
    }
    let object = value.as_object()?;
    let mut arrays = object.iter().filter(|(_, v)| v.is_array());
    let (name, _) = arrays.next()?;
    arrays.next().is_none().then_some(name.as_str())
}

/// The span of bytes `at..at + len` of an example's text in its file. The
/// text is found from the line the example starts on; a request body taken
/// out of a curl command may differ from the source (line continuations
/// removed), and is then mapped line by line.
fn example_span(lint: &Lint<'_>, example: &Example, at: usize, len: usize) -> Option<Span> {
    let (id, file) = lint.spec.sources.find(&example.source.file)?;
    let line_start = file.line_offset(example.source.line);
    let first_line = example.text.lines().next().unwrap_or("");
    let rest_of_line = file.text.get(line_start..).unwrap_or("").lines().next().unwrap_or("");
    let start = line_start + rest_of_line.find(first_line.trim_start()).unwrap_or(0);
    let start = start.saturating_sub(first_line.len() - first_line.trim_start().len()).max(line_start);
    if file.text.get(start..start + example.text.len()) == Some(example.text.as_str()) {
        return Some(Span::new(id, start + at..start + at + len));
    }
    let before = example.text.get(..at)?;
    let line_index = before.matches('\n').count();
    let column = at - before.rfind('\n').map_or(0, |i| i + 1);
    let target_line = file.line_offset(example.source.line + line_index);
    let line_text = file.text.get(target_line..).unwrap_or("").lines().next().unwrap_or("");
    let offset = if line_index == 0 { start - line_start + column } else { column };
    let offset = offset.min(line_text.len());
    Some(Span::new(id, target_line + offset..target_line + (offset + len).min(line_text.len())))
}
