//! Which of the documentation's examples go into the document: those that
//! are JSON (not marked invalid by the extraction, parsing, not empty as an
//! `http` block with headers only) and that agree with the type of the
//! schema they illustrate, as [`crate::examples`] checks it (the check the
//! generated example tests and the lint share). An example that disagrees
//! with its tables is a mistake of the documentation; a tool reading the
//! document would take it for the truth, so it is left out.
//!
//! `scripts/check_openapi_examples.py` checks the exported examples against
//! their schemas again, with an independent JSON Schema validator.

use serde_json::{Map, Value};

use crate::examples::{validate_example, validate_variant_example};
use crate::ir::{Example, ExampleKind, Model, Names, TypeRef, Variant};

/// The JSON value of an example, when it is usable.
pub fn json_value(example: &Example) -> Option<Value> {
    if example.invalid.is_some() || example.text.trim().is_empty() {
        return None;
    }
    serde_json::from_str(&example.text).ok()
}

/// The values of a model's `model` examples that are instances of it.
pub fn model_values(names: &Names<'_>, model: &Model) -> Vec<Value> {
    let ty = TypeRef::named(&model.name);
    kind_values(&model.examples, ExampleKind::Model)
        .filter(|value| validate_example(names, &ty, value).is_empty())
        .collect()
}

/// The values of a variant's `model` examples that are instances of it.
pub fn variant_values(names: &Names<'_>, union: &Model, variant: &Variant) -> Vec<Value> {
    kind_values(&variant.examples, ExampleKind::Model)
        .filter(|value| validate_variant_example(names, union, variant, value).is_empty())
        .collect()
}

/// The values of the examples of `examples` that are instances of one of
/// `types`.
pub fn values_of_types<'a>(
    names: &Names<'_>,
    examples: impl IntoIterator<Item = &'a Example>,
    types: &[&TypeRef],
) -> Vec<Value> {
    examples
        .into_iter()
        .filter_map(json_value)
        .filter(|value| types.iter().any(|ty| validate_example(names, ty, value).is_empty()))
        .collect()
}

fn kind_values(examples: &[Example], kind: ExampleKind) -> impl Iterator<Item = Value> + '_ {
    examples.iter().filter(move |example| example.kind == kind).filter_map(json_value)
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
    use crate::ir::{Api, Source};

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
    fn only_json_examples_of_the_type_are_kept() {
        let mut model = crate::ir::Model::new(
            "Thing",
            "Models",
            crate::ir::ModelShape::Struct {
                fields: vec![crate::ir::Field {
                    constraints: Default::default(),
                    name: "a".into(),
                    ty: TypeRef::Long,
                    required: true,
                    constant: None,
                    variant_by: None,
                    description: String::new(),
                    source: Source { file: "x.md".into(), line: 1 },
                }],
            },
            Source { file: "x.md".into(), line: 1 },
        );
        model.examples = vec![
            example("{\"a\": 1}", None),
            example("{\"a\": \"one\"}", None),
            example("{\"a\": 1", None),
            example("{\"a\": 2}", Some("bad")),
            example("  ", None),
        ];
        let api = Api { models: vec![model.clone()], ..Api::default() };
        assert_eq!(model_values(&api.names(), &model), vec![serde_json::json!({"a": 1})]);
    }

    #[test]
    fn examples_are_numbered_and_headers_found_whatever_their_case() {
        let map = examples_map(vec![Value::from(1), Value::from(2)]).expect("two examples");
        assert_eq!(map, serde_json::json!({"example1": {"value": 1}, "example2": {"value": 2}}));
        assert_eq!(examples_map(Vec::new()), None);
        assert_eq!(header_value(&[example("", None)], "content-range").as_deref(), Some("0-0/1"));
    }
}
