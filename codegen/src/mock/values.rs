//! JSON values read off the IR: checking a request body against its type,
//! and making answers from the documentation's examples (or, where the
//! examples are missing or do not match their type, from the type itself).

use serde_json::{Map, Value};

use crate::ir::{Api, ExampleKind, Field, Model, ModelShape, Scalar, TypeRef, Union, Variant};

/// Nesting beyond this is cut short when making a value (self-referencing
/// models would otherwise never end).
const MAX_DEPTH: usize = 8;

/// Everything wrong with `value` as a `ty`, each problem with its JSON path.
pub(crate) fn problems(api: &Api, ty: &TypeRef, value: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    Checker { api, problems: &mut problems }.check(ty, value, "", 0);
    problems
}

pub(crate) fn conforms(api: &Api, ty: &TypeRef, value: &Value) -> bool {
    problems(api, ty, value).is_empty()
}

struct Checker<'a, 'p> {
    api: &'a Api,
    problems: &'p mut Vec<String>,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn at(path: &str) -> &str {
    if path.is_empty() {
        "the body"
    } else {
        path
    }
}

impl Checker<'_, '_> {
    fn fail(&mut self, path: &str, message: impl std::fmt::Display) {
        self.problems.push(format!("{}: {message}", at(path)));
    }

    fn check(&mut self, ty: &TypeRef, value: &Value, path: &str, depth: usize) {
        if depth > MAX_DEPTH * 4 {
            return;
        }
        match ty {
            TypeRef::String | TypeRef::Constant if !value.is_string() => self.fail(path, "expected a string"),
            TypeRef::Boolean if !value.is_boolean() => self.fail(path, "expected a boolean"),
            TypeRef::Long if !is_integer(value) => self.fail(path, "expected an integer"),
            TypeRef::Number | TypeRef::Float if !value.is_number() => self.fail(path, "expected a number"),
            TypeRef::Option(inner) if !value.is_null() => self.check(inner, value, path, depth + 1),
            TypeRef::Array(inner) | TypeRef::NonEmptyList(inner) => match value {
                Value::Array(items) => {
                    if matches!(ty, TypeRef::NonEmptyList(_)) && items.is_empty() {
                        self.fail(path, "expected at least one item");
                    }
                    for (index, item) in items.iter().enumerate() {
                        self.check(inner, item, &format!("{path}[{index}]"), depth + 1);
                    }
                }
                _ => self.fail(path, "expected an array"),
            },
            TypeRef::Map(_, inner) => match value {
                Value::Object(entries) => {
                    for (key, item) in entries {
                        self.check(inner, item, &join(path, key), depth + 1);
                    }
                }
                _ => self.fail(path, "expected an object"),
            },
            TypeRef::Named(name) => self.check_named(name, value, path, depth),
            _ => {}
        }
    }

    fn check_named(&mut self, name: &str, value: &Value, path: &str, depth: usize) {
        if let Some(model) = self.api.model(name) {
            match &model.shape {
                ModelShape::Struct { fields } => self.check_fields(fields, value, path, depth),
                ModelShape::Union(union) => self.check_union(&model.name, union, value, path, depth),
                ModelShape::Enum { values } => match value.as_str() {
                    Some(text) if values.iter().any(|allowed| allowed == text) => {}
                    _ => self.fail(path, format!("expected one of {}", values.join(", "))),
                },
                ModelShape::Alias { of } => {
                    if !scalar_fits(*of, value) {
                        self.fail(path, format!("expected {}", scalar_name(*of)));
                    }
                }
            }
        } else if let Some((union, variant)) = self.api.variant(name) {
            self.check_variant(union, variant, value, path, depth);
        }
        // A type the documentation never defines accepts anything.
    }

    fn check_union(&mut self, name: &str, union: &Union, value: &Value, path: &str, depth: usize) {
        if let Some(text) = value.as_str() {
            if union.variants.iter().any(|variant| variant.bare && variant.tag_value.as_deref() == Some(text)) {
                return;
            }
        }
        match &union.tag {
            Some(tag) => {
                let Some(tag_value) = value.get(tag).and_then(Value::as_str) else {
                    return self.fail(&join(path, tag), "missing discriminator");
                };
                match union.variants.iter().find(|variant| variant.tag_value.as_deref() == Some(tag_value)) {
                    Some(variant) => self.check_fields(&variant.fields, value, path, depth),
                    None => {
                        let known: Vec<_> = union.variants.iter().filter_map(|v| v.tag_value.as_deref()).collect();
                        self.fail(
                            &join(path, tag),
                            format!("unknown `{tag_value}`, expected one of {}", known.join(", ")),
                        )
                    }
                }
            }
            None => {
                let fits = union.variants.iter().any(|variant| {
                    let mut scratch = Vec::new();
                    Checker { api: self.api, problems: &mut scratch }.check_fields(&variant.fields, value, path, depth);
                    scratch.is_empty()
                });
                if !fits {
                    self.fail(path, format!("matches no variant of {name}"));
                }
            }
        }
    }

    fn check_variant(&mut self, union: &Model, variant: &Variant, value: &Value, path: &str, depth: usize) {
        if variant.bare {
            if value.as_str() != variant.tag_value.as_deref() {
                self.fail(path, format!("expected \"{}\"", variant.tag_value.as_deref().unwrap_or_default()));
            }
            return;
        }
        if let (Some(tag), Some(expected)) = (tag_of(union), &variant.tag_value) {
            if let Some(found) = value.get(tag).and_then(Value::as_str).filter(|found| found != expected) {
                self.fail(&join(path, tag), format!("expected `{expected}`, found `{found}`"));
            }
        }
        self.check_fields(&variant.fields, value, path, depth);
    }

    fn check_fields(&mut self, fields: &[Field], value: &Value, path: &str, depth: usize) {
        let Value::Object(entries) = value else { return self.fail(path, "expected an object") };
        for field in fields {
            let field_path = join(path, &field.name);
            match entries.get(&field.name) {
                None | Some(Value::Null) if field.required && !field.ty.is_option() => {
                    self.fail(&field_path, "missing required field");
                }
                None => {}
                // `Option` makes a field optional, not nullable: `null` is a
                // value only where the documentation says so, as the OpenAPI
                // document does.
                Some(Value::Null) if field.constraints.nullable || field.ty.unwrap_option().is_option() => {}
                Some(Value::Null) => self.fail(&field_path, "null is not a value of this field (leave it out instead)"),
                Some(found) => {
                    if let Some(problem) = format_problem(field.constraints.format.as_deref(), found) {
                        self.fail(&field_path, problem);
                    }
                    if let (TypeRef::Constant, Some(constant)) = (&field.ty, &field.constant) {
                        if found.as_str() != Some(constant.as_str()) {
                            self.fail(&field_path, format!("expected \"{constant}\""));
                        }
                    }
                    self.check(&field.ty, found, &field_path, depth + 1);
                }
            }
        }
        // Fields the documentation does not list are let through: objects are
        // open in the OpenAPI document (an API adds fields over time, and the
        // generated client ignores the ones it does not know), so the mock never
        // refuses a body the document allows.
    }
}

/// An integer as JSON Schema counts them: `7` and `7.0` alike.
fn is_integer(value: &Value) -> bool {
    value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|number| number.fract() == 0.0)
}

/// A number outside the range its documented format allows.
fn format_problem(format: Option<&str>, value: &Value) -> Option<String> {
    let (low, high) = match format? {
        "int32" => (i64::from(i32::MIN), i64::from(i32::MAX)),
        "int64" => (i64::MIN, i64::MAX),
        _ => return None,
    };
    let fits = match value.as_i64() {
        Some(number) => (low..=high).contains(&number),
        None => !value.is_u64(),
    };
    (!fits).then(|| format!("{value} is out of the {} range", format.unwrap_or_default()))
}

fn scalar_name(scalar: Scalar) -> &'static str {
    match scalar {
        Scalar::String => "a string",
        Scalar::Uuid => "a UUID",
        Scalar::Date => "a date (YYYY-MM-DD)",
        Scalar::DateTime => "a date and time",
        Scalar::Integer => "an integer",
        Scalar::Number => "a number",
        Scalar::Boolean => "a boolean",
    }
}

fn scalar_fits(scalar: Scalar, value: &Value) -> bool {
    match scalar {
        Scalar::String => value.is_string(),
        Scalar::Uuid => value.as_str().is_some_and(|text| uuid::Uuid::parse_str(text).is_ok()),
        Scalar::Date => value.as_str().is_some_and(is_date),
        // RFC 3339, as the OpenAPI document's `date-time` says: a real time of day and an offset.
        Scalar::DateTime => value.as_str().is_some_and(|text| chrono::DateTime::parse_from_rfc3339(text).is_ok()),
        Scalar::Integer => is_integer(value),
        Scalar::Number => value.is_number(),
        Scalar::Boolean => value.is_boolean(),
    }
}

fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(index, byte)| match index {
            4 | 7 => *byte == b'-',
            _ => byte.is_ascii_digit(),
        })
}

/// The discriminator field of the union a variant belongs to.
fn tag_of(union: &Model) -> Option<&String> {
    union.as_union().and_then(|union| union.tag.as_ref())
}

/// The text of a query or path parameter checked against its type.
pub(crate) fn param_fits(api: &Api, ty: &TypeRef, text: &str) -> bool {
    let value = match ty.unwrap_option() {
        TypeRef::Long => text.parse::<i64>().map(Value::from).unwrap_or(Value::Null),
        TypeRef::Number | TypeRef::Float => text.parse::<f64>().map(Value::from).unwrap_or(Value::Null),
        TypeRef::Boolean => text.parse::<bool>().map(Value::from).unwrap_or(Value::Null),
        TypeRef::Named(name) => match api.model(name).and_then(Model::alias) {
            Some(Scalar::Integer) => text.parse::<i64>().map(Value::from).unwrap_or(Value::Null),
            Some(Scalar::Number) => text.parse::<f64>().map(Value::from).unwrap_or(Value::Null),
            Some(Scalar::Boolean) => text.parse::<bool>().map(Value::from).unwrap_or(Value::Null),
            _ => Value::String(text.to_string()),
        },
        _ => Value::String(text.to_string()),
    };
    !value.is_null() && conforms(api, ty.unwrap_option(), &value)
}

/// A value of type `ty`: the first documented example that fits, else one
/// made from the type.
pub(crate) fn example(api: &Api, ty: &TypeRef) -> Value {
    Maker { api }.make(ty, 0)
}

/// The documented examples of a model that are valid JSON and fit it.
pub(crate) fn model_examples(api: &Api, ty: &TypeRef) -> Vec<Value> {
    let TypeRef::Named(name) = ty.unwrap_option() else { return Vec::new() };
    let examples = match (api.model(name), api.variant(name)) {
        (Some(model), _) => &model.examples,
        (None, Some((_, variant))) => &variant.examples,
        (None, None) => return Vec::new(),
    };
    examples
        .iter()
        .filter(|example| example.kind == ExampleKind::Model && example.invalid.is_none())
        .filter_map(|example| serde_json::from_str::<Value>(&example.text).ok())
        .filter(|value| conforms(api, ty, value))
        .collect()
}

struct Maker<'a> {
    api: &'a Api,
}

impl Maker<'_> {
    fn make(&self, ty: &TypeRef, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        match ty {
            TypeRef::String => Value::from("text"),
            TypeRef::Boolean => Value::Bool(true),
            TypeRef::Long => Value::from(1),
            TypeRef::Number | TypeRef::Float => Value::from(1.5),
            TypeRef::Constant => Value::from(""),
            TypeRef::Empty => Value::Null,
            TypeRef::Error => serde_json::json!({ "message": "error" }),
            TypeRef::Any => Value::Object(Map::new()),
            TypeRef::Option(inner) => self.make(inner, depth + 1),
            TypeRef::Array(inner) | TypeRef::NonEmptyList(inner) => Value::Array(vec![self.make(inner, depth + 1)]),
            TypeRef::Map(_, inner) => {
                let mut entries = Map::new();
                entries.insert("key".to_string(), self.make(inner, depth + 1));
                Value::Object(entries)
            }
            TypeRef::Named(name) => {
                if let Some(example) = model_examples(self.api, ty).into_iter().next() {
                    return example;
                }
                self.make_named(name, depth)
            }
        }
    }

    fn make_named(&self, name: &str, depth: usize) -> Value {
        if let Some(model) = self.api.model(name) {
            return match &model.shape {
                ModelShape::Struct { fields } => self.make_fields(fields, None, depth),
                ModelShape::Union(union) => match union.variants.first() {
                    Some(variant) => self.make_variant(model, variant, depth),
                    None => Value::Object(Map::new()),
                },
                ModelShape::Enum { values } => values.first().map_or(Value::Null, |value| Value::from(value.as_str())),
                ModelShape::Alias { of } => scalar_example(*of),
            };
        }
        match self.api.variant(name) {
            Some((union, variant)) => self.make_variant(union, variant, depth),
            None => Value::Object(Map::new()),
        }
    }

    fn make_variant(&self, union: &Model, variant: &Variant, depth: usize) -> Value {
        let tag_value = variant.tag_value.clone().unwrap_or_else(|| variant.name.clone());
        if variant.bare {
            return Value::from(tag_value);
        }
        let documented = variant
            .examples
            .iter()
            .filter_map(|example| serde_json::from_str::<Value>(&example.text).ok())
            .find(|value| conforms(self.api, &TypeRef::Named(union.name.clone()), value));
        if let Some(value) = documented {
            return value;
        }
        let tag = tag_of(union).map(|tag| (tag.as_str(), tag_value.as_str()));
        self.make_fields(&variant.fields, tag, depth)
    }

    fn make_fields(&self, fields: &[Field], tag: Option<(&str, &str)>, depth: usize) -> Value {
        let mut object = Map::new();
        for field in fields.iter().filter(|field| field.required && !field.ty.is_option()) {
            let value = match (&field.ty, &field.constant) {
                (TypeRef::Constant, Some(constant)) => Value::from(constant.as_str()),
                _ => self.make(&field.ty, depth + 1),
            };
            object.insert(field.name.clone(), value);
        }
        if let Some((tag, value)) = tag {
            object.insert(tag.to_string(), Value::from(value));
        }
        Value::Object(object)
    }
}

fn scalar_example(scalar: Scalar) -> Value {
    match scalar {
        Scalar::String => Value::from("text"),
        Scalar::Uuid => Value::from("00000000-0000-4000-8000-000000000001"),
        Scalar::Date => Value::from("2016-06-27"),
        Scalar::DateTime => Value::from("2016-06-27T10:00:00Z"),
        Scalar::Integer => Value::from(1),
        Scalar::Number => Value::from(1.5),
        Scalar::Boolean => Value::Bool(true),
    }
}

/// Item `index` of a collection made by repeating `examples`: the first
/// UUID-valued field (`uid` first) gets a UUID built from the index, so the
/// items of a collection are all different and tell their position.
pub(crate) fn collection_item(examples: &[Value], index: u64) -> Value {
    let Some(base) = usize::try_from(index).ok().and_then(|i| examples.get(i % examples.len().max(1))) else {
        return Value::Null;
    };
    let mut item = base.clone();
    if let Value::Object(fields) = &mut item {
        let uuid_key = fields
            .get("uid")
            .filter(|value| is_uuid(value))
            .map(|_| "uid".to_string())
            .or_else(|| fields.iter().find(|(_, value)| is_uuid(value)).map(|(key, _)| key.clone()));
        if let Some(key) = uuid_key {
            fields.insert(key, Value::from(index_uuid(index)));
        } else if let Some((_, value)) = fields.iter_mut().find(|(key, value)| is_identifier(key, value)) {
            // Items told apart by an `id` get one per position, of the same
            // JSON kind as the documented one.
            *value = match value {
                Value::String(text) => Value::from(format!("{text}-{index}")),
                _ => Value::from(index),
            };
        }
    }
    item
}

/// A field that names its object: `id`, `uid`, `key`, or ending in `_id`
/// or `Id`, holding a number or a text.
fn is_identifier(key: &str, value: &Value) -> bool {
    let named = ["id", "uid", "key"].iter().any(|name| key.eq_ignore_ascii_case(name))
        || key.ends_with("_id")
        || key.ends_with("Id");
    named && (value.is_u64() || value.is_i64() || value.is_string())
}

fn is_uuid(value: &Value) -> bool {
    value.as_str().is_some_and(|text| uuid::Uuid::parse_str(text).is_ok())
}

/// The UUID that stands for position `index` in a served collection.
pub fn index_uuid(index: u64) -> String {
    format!("00000000-0000-4000-8000-{:012x}", index & 0xffff_ffff_ffff)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api() -> Api {
        serde_json::from_str(include_str!("../../tests/fixtures/mini-api.json")).unwrap()
    }

    #[test]
    fn commands_are_checked_field_by_field() {
        let api = api();
        let ty = TypeRef::named("CreateCompany");
        let good = serde_json::json!({
            "commandType": "CreateCallCenter", "processUid": "6e71965c-e1ea-37e9-fa45-770753dc5147",
            "name": "Calls", "createdDate": "2016-06-27"
        });
        assert_eq!(problems(&api, &ty, &good), Vec::<String>::new());
        let bad = serde_json::json!({
            "commandType": "CreateCallCenter", "processUid": "nope", "createdDate": "27/06/2016", "extra": 1
        });
        assert_eq!(
            problems(&api, &ty, &bad),
            vec![
                "processUid: expected a UUID",
                "name: missing required field",
                "createdDate: expected a date (YYYY-MM-DD)",
            ]
        );
        let unknown = serde_json::json!({ "commandType": "Explode" });
        assert!(problems(&api, &ty, &unknown)[0].starts_with("commandType: unknown `Explode`"));
    }

    #[test]
    fn null_and_out_of_range_numbers_are_refused_where_the_document_rules_them_out() {
        let source = serde_json::json!({ "file": "f.md", "line": 1 });
        let field = |name: &str, ty: &str, constraints: Value| {
            let mut field = serde_json::json!({
                "name": name, "type": ty, "required": false, "description": "", "source": source
            });
            if let (Value::Object(field), Value::Object(constraints)) = (&mut field, constraints) {
                field.extend(constraints);
            }
            field
        };
        let api: Api = serde_json::from_value(serde_json::json!({
            "title": null, "endpoints": [], "errors": [],
            "models": [{
                "name": "Thing", "kind": "struct", "group": "Models", "description": "", "examples": [],
                "source": source,
                "fields": [
                    field("note", "Option[String]", serde_json::json!({})),
                    field("gone", "Option[String]", serde_json::json!({ "nullable": true })),
                    field("count", "Long", serde_json::json!({ "format": "int32" })),
                ]
            }]
        }))
        .unwrap();
        let ty = TypeRef::named("Thing");
        assert_eq!(problems(&api, &ty, &serde_json::json!({ "gone": null, "count": 2 })), Vec::<String>::new());
        assert_eq!(
            problems(&api, &ty, &serde_json::json!({ "note": null, "count": 2147483648_u64 })),
            vec![
                "note: null is not a value of this field (leave it out instead)",
                "count: 2147483648 is out of the int32 range"
            ]
        );
    }

    #[test]
    fn made_values_fit_their_type() {
        let api = api();
        for name in ["CompanyQueryView", "CreateCompany", "CompanyEvent", "CompanyEventError", "SafeUUID"] {
            let ty = TypeRef::named(name);
            let value = example(&api, &ty);
            assert_eq!(problems(&api, &ty, &value), Vec::<String>::new(), "{name}: {value}");
        }
        assert_eq!(example(&api, &TypeRef::named("CompanyQueryView"))["label"], "My Company");
    }

    #[test]
    fn collection_items_are_distinct_and_tell_their_index() {
        let examples = vec![serde_json::json!({ "label": "a", "uid": "6e71965c-e1ea-37e9-fa45-770753dc5147" })];
        let item = collection_item(&examples, 4097);
        assert_eq!(item["uid"], index_uuid(4097));
        assert_eq!(item["label"], "a");
        assert_ne!(collection_item(&examples, 1)["uid"], collection_item(&examples, 2)["uid"]);
    }

    #[test]
    fn parameters_are_checked_as_text() {
        let api = api();
        assert!(param_fits(&api, &TypeRef::named("SafeUUID"), "6e71965c-e1ea-37e9-fa45-770753dc5147"));
        assert!(!param_fits(&api, &TypeRef::named("SafeUUID"), "42"));
        assert!(param_fits(&api, &TypeRef::Option(Box::new(TypeRef::Boolean)), "true"));
        assert!(!param_fits(&api, &TypeRef::Long, "x"));
        assert!(param_fits(&api, &TypeRef::named("CompanyType"), "CallCenter"));
    }
}
