//! Which of the documentation's examples go into the document.
//!
//! Only examples that are JSON: an example the extraction marked invalid, or
//! whose text does not parse, or that is empty (an `http` block with headers
//! only), is left out. Whether an example matches its type is not checked
//! here; `scripts/check_openapi_examples.py` checks the exported examples
//! against their schemas with an independent JSON Schema validator.

use serde_json::{Map, Value};

use crate::ir::{Example, ExampleKind};

/// The JSON value of an example, when it is usable.
pub fn json_value(example: &Example) -> Option<Value> {
    if example.invalid.is_some() || example.text.trim().is_empty() {
        return None;
    }
    serde_json::from_str(&example.text).ok()
}

/// The values of the `model` examples of a model or variant, for a schema's
/// `examples` array.
pub fn model_values(examples: &[Example]) -> Vec<Value> {
    examples.iter().filter(|example| example.kind == ExampleKind::Model).filter_map(json_value).collect()
}

/// An OpenAPI `examples` map (`example1`, `example2`...) of the given values.
pub fn examples_map(values: Vec<Value>) -> Option<Value> {
    if values.is_empty() {
        return None;
    }
    let map: Map<String, Value> = values
        .into_iter()
        .enumerate()
        .map(|(index, value)| {
            let mut example = Map::new();
            example.insert("value".into(), value);
            (format!("example{}", index + 1), Value::Object(example))
        })
        .collect();
    Some(Value::Object(map))
}

/// The value of `header` in the first example that shows it.
pub fn header_value<'a>(examples: impl IntoIterator<Item = &'a Example>, header: &str) -> Option<String> {
    examples.into_iter().find_map(|example| {
        example.headers.iter().find(|(name, _)| name.eq_ignore_ascii_case(header)).map(|(_, value)| value.clone())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Source;

    fn example(text: &str, invalid: Option<&str>) -> Example {
        Example {
            kind: ExampleKind::Model,
            language: "json".into(),
            status: None,
            headers: vec![("Content-Range".into(), "0-0/1".into())],
            text: text.into(),
            invalid: invalid.map(str::to_string),
            source: Source { file: "x.md".into(), line: 1 },
        }
    }

    #[test]
    fn only_json_examples_are_kept() {
        let examples =
            [example("{\"a\": 1}", None), example("{\"a\": 1", None), example("{}", Some("bad")), example("  ", None)];
        assert_eq!(model_values(&examples), vec![serde_json::json!({"a": 1})]);
    }

    #[test]
    fn examples_are_numbered_and_headers_found_whatever_their_case() {
        let map = examples_map(vec![Value::from(1), Value::from(2)]).expect("two examples");
        assert_eq!(map, serde_json::json!({"example1": {"value": 1}, "example2": {"value": 2}}));
        assert_eq!(examples_map(Vec::new()), None);
        assert_eq!(header_value(&[example("", None)], "content-range").as_deref(), Some("0-0/1"));
    }
}
