//! The documentation's JSON examples: which type each one is an instance of,
//! and whether it agrees with that type's tables.
//!
//! Backends (the generated example tests, the mock server) and the lint
//! share this, so that an example the lint calls wrong is the example the
//! tests leave out.

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde_json::Value;

use crate::ir::{
    Api, Endpoint, Example, ExampleKind, Field, Model, ModelShape, Names, Scalar, TypeRef, Union, Variant,
};

/// One way an example disagrees with its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// Where in the example, as `$.result[0].uid`.
    pub path: String,
    pub message: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// The scalar behind a type name the documentation uses without always
/// defining it as a model.
pub fn builtin_scalar(name: &str) -> Option<Scalar> {
    match name {
        "SafeUUID" | "UUID" | "Uuid" => Some(Scalar::Uuid),
        "LocalDate" => Some(Scalar::Date),
        "DateTime" => Some(Scalar::DateTime),
        _ => None,
    }
}

/// What an example should deserialise into.
#[derive(Debug, Clone, PartialEq)]
pub enum ExampleTarget<'a> {
    Type(TypeRef),
    /// An example written under a variant: an instance of the union that must
    /// be that variant.
    Variant {
        union: &'a Model,
        variant: &'a Variant,
    },
}

/// A JSON example and where it belongs.
#[derive(Debug, Clone)]
pub struct ExampleSite<'a> {
    pub example: &'a Example,
    /// `None` when nothing tells which type the example is (a response whose
    /// status has no documented response, a model example in an endpoint).
    pub target: Option<ExampleTarget<'a>>,
    /// Who the example belongs to, for test names and messages:
    /// `Name::PoorName`, `get_all_companies response 200`.
    pub owner: String,
    /// The endpoint, for request and response examples.
    pub endpoint: Option<&'a Endpoint>,
    /// For a paginated response, the field of the example object that holds
    /// the items (the page itself is not a documented type).
    pub items_field: Option<String>,
}

/// Every JSON example of the API, models first, then endpoints, in IR order.
pub fn json_examples(api: &Api) -> Vec<ExampleSite<'_>> {
    let mut sites = Vec::new();
    let is_json = |e: &&Example| e.language.eq_ignore_ascii_case("json");
    for model in &api.models {
        for example in model.examples.iter().filter(is_json) {
            sites.push(ExampleSite {
                example,
                target: Some(ExampleTarget::Type(TypeRef::named(&model.name))),
                owner: model.name.clone(),
                endpoint: None,
                items_field: None,
            });
        }
        for variant in model.variants() {
            for example in variant.examples.iter().filter(is_json) {
                sites.push(ExampleSite {
                    example,
                    target: Some(ExampleTarget::Variant { union: model, variant }),
                    owner: format!("{}::{}", model.name, variant.name),
                    endpoint: None,
                    items_field: None,
                });
            }
        }
    }
    for endpoint in &api.endpoints {
        for example in endpoint.examples.iter().filter(is_json) {
            let (target, owner, items_field) = endpoint_target(endpoint, example);
            sites.push(ExampleSite { example, target, owner, endpoint: Some(endpoint), items_field });
        }
    }
    sites
}

fn endpoint_target<'a>(
    endpoint: &'a Endpoint,
    example: &Example,
) -> (Option<ExampleTarget<'a>>, String, Option<String>) {
    match example.kind {
        ExampleKind::Request => (
            endpoint.body.as_ref().map(|body| ExampleTarget::Type(body.ty.clone())),
            format!("{} request", endpoint.id),
            None,
        ),
        ExampleKind::Response => {
            let status = example.status.or_else(|| endpoint.responses.first().map(|r| r.status));
            let response = status.and_then(|s| endpoint.responses.iter().find(|r| r.status == s));
            let owner =
                format!("{} response {}", endpoint.id, status.map_or_else(|| "?".to_string(), |s| s.to_string()));
            let items_field = endpoint
                .pagination
                .as_ref()
                .and_then(|p| p.items_field.clone())
                .filter(|_| response.is_some_and(|r| matches!(r.ty, TypeRef::Array(_))));
            (response.map(|r| ExampleTarget::Type(r.ty.clone())), owner, items_field)
        }
        ExampleKind::Model => (None, format!("{} example", endpoint.id), None),
    }
}

/// Checks an example against its target; `items_field` as in [`ExampleSite`].
pub fn validate_site(names: &Names<'_>, site: &ExampleSite<'_>, value: &Value) -> Vec<Mismatch> {
    let Some(target) = &site.target else {
        return vec![Mismatch { path: "$".into(), message: "no documented type says what this example is".into() }];
    };
    let (value, root) = match &site.items_field {
        Some(field) => match value.get(field) {
            Some(items) => (items, format!("$.{field}")),
            None => {
                return vec![Mismatch {
                    path: "$".into(),
                    message: format!("a page of this collection holds its items in `{field}`, which is missing"),
                }]
            }
        },
        None => (value, "$".to_string()),
    };
    let mut checker = Checker { names, mismatches: Vec::new() };
    match target {
        ExampleTarget::Type(ty) => checker.check(ty, value, &Place::Root(&root)),
        ExampleTarget::Variant { union, variant } => {
            checker.check_variant_of(union, variant, value, &Place::Root(&root))
        }
    }
    checker.mismatches
}

/// The ways `value` disagrees with `ty`; empty when it agrees. Unknown object
/// fields are mismatches: an example shows what the tables document.
pub fn validate_example(names: &Names<'_>, ty: &TypeRef, value: &Value) -> Vec<Mismatch> {
    let mut checker = Checker { names, mismatches: Vec::new() };
    checker.check(ty, value, &Place::ROOT);
    checker.mismatches
}

/// Like [`validate_example`] for an example written under one variant of a
/// union: it must be an instance of the union, and that variant. A variant
/// of a union told apart by shape is checked against its own fields.
pub fn validate_variant_example(names: &Names<'_>, union: &Model, variant: &Variant, value: &Value) -> Vec<Mismatch> {
    let mut checker = Checker { names, mismatches: Vec::new() };
    checker.check_variant_of(union, variant, value, &Place::ROOT);
    checker.mismatches
}

/// The variants of a union told apart by its fields in the order a
/// generated crate tries them for `value` (see [`crate::shape`]).
pub fn untagged_order<'m>(union: &'m Union, value: &Value) -> Vec<&'m Variant> {
    let objects: Vec<&Variant> = union.variants.iter().filter(|v| !v.bare).collect();
    let Some(members) = value.as_object() else { return objects };
    let names: Vec<(Vec<&str>, Vec<&str>)> = objects
        .iter()
        .map(|v| {
            let fields = v.fields.iter().map(|f| f.name.as_str()).collect();
            let required =
                v.fields.iter().filter(|f| f.required && !f.ty.is_option()).map(|f| f.name.as_str()).collect();
            (fields, required)
        })
        .collect();
    let shapes: Vec<crate::shape::VariantShape<'_>> = objects
        .iter()
        .zip(&names)
        .map(|(v, (fields, required))| crate::shape::VariantShape { name: &v.name, fields, required })
        .collect();
    crate::shape::order(members.keys().map(String::as_str), &shapes).into_iter().map(|i| objects[i]).collect()
}

/// An earlier variant of `union` with the same field names and types as
/// `variant`: read by shape, a value is never `variant` then (SL037).
pub fn same_shape_as_earlier<'m>(union: &'m Union, variant: &Variant) -> Option<&'m Variant> {
    let shape = |v: &Variant| -> std::collections::BTreeSet<(String, String)> {
        v.fields.iter().map(|f| (f.name.clone(), f.ty.unwrap_option().to_string())).collect()
    };
    let position = union.variants.iter().position(|v| std::ptr::eq(v, variant))?;
    union.variants[..position].iter().filter(|v| !v.bare).find(|earlier| shape(earlier) == shape(variant))
}

/// The variant a field decided by a sibling holds, when the sibling names one.
fn named_variant<'m>(names: &Names<'m>, field: &Field, object: &serde_json::Map<String, Value>) -> Option<&'m Variant> {
    let sibling = field.variant_by.as_deref()?;
    let name = object.get(sibling)?.as_str()?;
    let TypeRef::Named(union) = field.ty.unwrap_option() else { return None };
    names.model(union)?.variants().iter().find(|v| v.name == name)
}

/// Where a value sits in an example (`$.items[2].name`): written out only
/// for a mismatch, as most values agree.
#[derive(Debug, Clone, Copy)]
enum Place<'p> {
    Root(&'p str),
    Member(&'p Place<'p>, &'p str),
    Item(&'p Place<'p>, usize),
}

impl Place<'_> {
    const ROOT: Place<'static> = Place::Root("$");
}

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Root(root) => f.write_str(root),
            Place::Member(parent, name) => write!(f, "{parent}.{name}"),
            Place::Item(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

struct Checker<'a> {
    /// The API's models and variants by name: examples name them at every
    /// object, so they are looked up in an index, not the lists.
    names: &'a Names<'a>,
    mismatches: Vec<Mismatch>,
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Checker<'_> {
    fn fail(&mut self, path: &Place<'_>, message: impl Into<String>) {
        self.mismatches.push(Mismatch { path: path.to_string(), message: message.into() });
    }

    fn expected(&mut self, path: &Place<'_>, what: &str, value: &Value) {
        self.fail(path, format!("expected {what}, found {}", json_kind(value)));
    }

    fn check(&mut self, ty: &TypeRef, value: &Value, path: &Place<'_>) {
        match ty {
            TypeRef::String | TypeRef::Constant => {
                if !value.is_string() {
                    self.expected(path, "a string", value);
                }
            }
            TypeRef::Boolean => {
                if !value.is_boolean() {
                    self.expected(path, "a boolean", value);
                }
            }
            TypeRef::Long => {
                if !value.is_i64() {
                    self.expected(path, "an integer", value);
                }
            }
            TypeRef::Number | TypeRef::Float => {
                if !value.is_number() {
                    self.expected(path, "a number", value);
                }
            }
            TypeRef::Empty => self.fail(path, "the documentation says there is no body here"),
            TypeRef::Error | TypeRef::Any => {}
            TypeRef::Option(inner) => {
                if !value.is_null() {
                    self.check(inner, value, path);
                }
            }
            TypeRef::Array(inner) | TypeRef::NonEmptyList(inner) => match value.as_array() {
                Some(items) => {
                    if items.is_empty() && matches!(ty, TypeRef::NonEmptyList(_)) {
                        self.fail(path, "expected a non-empty array, found `[]`");
                    }
                    for (index, item) in items.iter().enumerate() {
                        self.check(inner, item, &Place::Item(path, index));
                    }
                }
                None => self.expected(path, "an array", value),
            },
            TypeRef::Map(key, inner) => match value.as_object() {
                Some(members) => {
                    for (name, item) in members {
                        let member = Place::Member(path, name);
                        self.check(key, &Value::String(name.clone()), &member);
                        self.check(inner, item, &member);
                    }
                }
                None => self.expected(path, "an object", value),
            },
            TypeRef::Named(name) => self.check_named(name, value, path),
        }
    }

    fn check_named(&mut self, name: &str, value: &Value, path: &Place<'_>) {
        if let Some(model) = self.names.model(name) {
            return self.check_model(model, value, path);
        }
        if let Some((union, variant)) = self.names.variant(name) {
            if variant.bare {
                return self.check_model(union, value, path);
            }
            return self.check_fields(&variant.fields, None, value, path);
        }
        // An undefined type is a JSON value in the generated code.
        if let Some(scalar) = builtin_scalar(name) {
            self.check_scalar(scalar, value, path);
        }
    }

    fn check_model(&mut self, model: &Model, value: &Value, path: &Place<'_>) {
        match &model.shape {
            ModelShape::Struct { fields } => self.check_fields(fields, None, value, path),
            ModelShape::Alias { of } => self.check_scalar(*of, value, path),
            ModelShape::Enum { values } => match value.as_str() {
                Some(text) if values.iter().any(|v| v == text) => {}
                Some(text) => self.fail(
                    path,
                    format!("`{text}` is not one of the values of `{}`: {}", model.name, values.join(", ")),
                ),
                None => self.expected(path, "a string", value),
            },
            ModelShape::Union(union) => {
                self.check_union(&model.name, union, value, path);
            }
        }
    }

    /// Checks a union instance and says which variant it is.
    fn check_union<'m>(
        &mut self,
        name: &str,
        union: &'m Union,
        value: &Value,
        path: &Place<'_>,
    ) -> Option<&'m Variant> {
        if let Some(text) = value.as_str() {
            let bare = union.variants.iter().find(|v| v.bare && v.tag_value.as_deref() == Some(text));
            if bare.is_none() {
                self.fail(path, format!("`{text}` is not a variant of `{name}` written as a string"));
            }
            return bare;
        }
        let Some(object) = value.as_object() else {
            self.expected(path, "an object", value);
            return None;
        };
        match &union.tag {
            Some(tag) => {
                let Some(tag_value) = object.get(tag).and_then(Value::as_str) else {
                    self.fail(path, format!("the discriminator `{tag}` of `{name}` is missing"));
                    return None;
                };
                let variant = union.variants.iter().find(|v| v.tag_value.as_deref() == Some(tag_value));
                match variant {
                    Some(variant) if variant.bare => {
                        if object.len() > 1 {
                            self.fail(path, format!("`{tag_value}` has no fields"));
                        }
                    }
                    Some(variant) => self.check_fields(&variant.fields, Some(tag), value, path),
                    None => self.fail(path, format!("`{tag_value}` is not a `{tag}` of `{name}`")),
                }
                variant
            }
            None => {
                let mut best: Option<(usize, Vec<Mismatch>)> = None;
                for variant in untagged_order(union, value) {
                    let mut attempt = Checker { names: self.names, mismatches: Vec::new() };
                    attempt.check_fields(&variant.fields, None, value, path);
                    if attempt.mismatches.is_empty() {
                        return Some(variant);
                    }
                    if best.as_ref().is_none_or(|(n, _)| attempt.mismatches.len() < *n) {
                        best = Some((attempt.mismatches.len(), attempt.mismatches));
                    }
                }
                if let Some((_, mismatches)) = best {
                    self.fail(path, format!("matches no variant of `{name}`; the closest one disagrees:"));
                    self.mismatches.extend(mismatches);
                }
                None
            }
        }
    }

    fn check_variant_of(&mut self, model: &Model, variant: &Variant, value: &Value, path: &Place<'_>) {
        let union = match model.as_union() {
            Some(union) if union.tag.is_some() || variant.bare => union,
            // Told apart by shape: the example shows the variant's own fields;
            // which variant a union reads it as depends on the other variants.
            _ => return self.check_fields(&variant.fields, None, value, path),
        };
        let before = self.mismatches.len();
        let found = self.check_union(&model.name, union, value, path);
        if self.mismatches.len() > before {
            return;
        }
        if let Some(found) = found {
            if found.name != variant.name {
                self.fail(path, format!("the example is under `{}` but reads as `{}`", variant.name, found.name));
            }
        }
    }

    fn check_fields(&mut self, fields: &[Field], tag: Option<&str>, value: &Value, path: &Place<'_>) {
        let Some(object) = value.as_object() else {
            self.expected(path, "an object", value);
            return;
        };
        for field in fields {
            let member = Place::Member(path, &field.name);
            match object.get(&field.name) {
                None | Some(Value::Null) if field.ty.is_option() || !field.required => {}
                None => self.fail(&member, "a required field is missing"),
                Some(item) => {
                    if let (TypeRef::Constant, Some(constant)) = (&field.ty, &field.constant) {
                        if item.as_str() != Some(constant.as_str()) {
                            self.fail(&member, format!("expected the constant `\"{constant}\"`, found {item}"));
                        }
                    } else if field.variant_by.is_some() {
                        // The sibling names the variant; a name no variant has
                        // is a kind without documented content.
                        if let Some(variant) = named_variant(self.names, field, object) {
                            self.check_fields(&variant.fields, None, item, &member);
                        }
                    } else {
                        self.check(&field.ty, item, &member);
                    }
                }
            }
        }
        for name in object.keys() {
            if Some(name.as_str()) != tag && !fields.iter().any(|f| &f.name == name) {
                self.fail(&Place::Member(path, name), "this field is not in the table");
            }
        }
    }

    fn check_scalar(&mut self, scalar: Scalar, value: &Value, path: &Place<'_>) {
        let text = value.as_str();
        match scalar {
            Scalar::String => {
                if text.is_none() {
                    self.expected(path, "a string", value);
                }
            }
            Scalar::Uuid => match text {
                Some(text) if uuid::Uuid::parse_str(text).is_ok() => {}
                Some(text) => self.fail(path, format!("`{text}` is not a UUID")),
                None => self.expected(path, "a UUID string", value),
            },
            Scalar::Date => match text {
                Some(text) if text.parse::<NaiveDate>().is_ok() => {}
                Some(text) => self.fail(path, format!("`{text}` is not a date (YYYY-MM-DD)")),
                None => self.expected(path, "a date string", value),
            },
            Scalar::DateTime => match text {
                Some(text) if text.parse::<DateTime<FixedOffset>>().is_ok() => {}
                Some(text) => self.fail(path, format!("`{text}` is not a date-time with an offset (ISO 8601)")),
                None => self.expected(path, "a date-time string", value),
            },
            Scalar::Integer => {
                if !value.is_i64() {
                    self.expected(path, "an integer", value);
                }
            }
            Scalar::Number => {
                if !value.is_number() {
                    self.expected(path, "a number", value);
                }
            }
            Scalar::Boolean => {
                if !value.is_boolean() {
                    self.expected(path, "a boolean", value);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Source;
    use serde_json::json;

    fn field(name: &str, ty: &str) -> Field {
        let ty: TypeRef = ty.parse().unwrap();
        Field {
            constraints: Default::default(),
            name: name.into(),
            required: !ty.is_option(),
            ty,
            constant: None,
            variant_by: None,
            description: String::new(),
            source: Source { file: "a.md".into(), line: 1 },
        }
    }

    fn model(name: &str, shape: ModelShape) -> Model {
        Model::new(name, "Models", shape, Source { file: "a.md".into(), line: 1 })
    }

    fn variant(name: &str, fields: Vec<Field>) -> Variant {
        Variant {
            model: None,
            name: name.into(),
            tag_value: Some(name.into()),
            fields,
            bare: false,
            inferred: false,
            description: String::new(),
            examples: vec![],
            source: Source { file: "a.md".into(), line: 2 },
        }
    }

    fn api() -> Api {
        let fields =
            vec![field("uid", "SafeUUID"), field("job", "Option[String]"), field("agencies", "NonEmptyList[String]")];
        let user = model("User", ModelShape::Struct { fields });
        let variants = vec![variant("PoorName", vec![field("name", "String")]), variant("CivilName", vec![])];
        let name = model("Name", ModelShape::Union(Union { tag: Some("nameType".into()), variants, exclusive: false }));
        let status = model("Status", ModelShape::Enum { values: vec!["OPENED".into(), "CLOSED".into()] });
        Api { models: vec![user, name, status], ..Api::default() }
    }

    fn paths(mismatches: Vec<Mismatch>) -> Vec<String> {
        mismatches.into_iter().map(|m| m.path).collect()
    }

    #[test]
    fn an_agreeing_example_has_no_mismatch() {
        let value = json!({"uid": "8074964f-c633-3c2a-055f-bbaf8ca8181b", "agencies": ["a"]});
        assert_eq!(validate_example(&api().names(), &TypeRef::named("User"), &value), vec![]);
    }

    #[test]
    fn each_disagreement_has_its_path() {
        let value = json!({"uid": "nope", "agencies": [], "extra": 1, "job": 3});
        let found = paths(validate_example(&api().names(), &TypeRef::named("User"), &value));
        assert_eq!(found, ["$.uid", "$.job", "$.agencies", "$.extra"]);
        let missing = validate_example(&api().names(), &TypeRef::named("User"), &json!({}));
        assert_eq!(missing[0].message, "a required field is missing");
    }

    #[test]
    fn unions_are_checked_by_discriminator_and_variant() {
        let api = api();
        let name = api.model("Name").unwrap();
        let poor = &name.variants()[0];
        let civil = &name.variants()[1];
        assert_eq!(
            validate_variant_example(&api.names(), name, poor, &json!({"name": "x", "nameType": "PoorName"})),
            vec![]
        );
        let wrong = validate_variant_example(&api.names(), name, civil, &json!({"name": "x", "nameType": "PoorName"}));
        assert_eq!(wrong[0].message, "the example is under `CivilName` but reads as `PoorName`");
        assert_eq!(paths(validate_example(&api.names(), &TypeRef::named("Name"), &json!({"name": 1}))), ["$"]);
    }

    #[test]
    fn enum_values_and_arrays() {
        let api = api();
        let ty: TypeRef = "Array[Status]".parse().unwrap();
        assert_eq!(paths(validate_example(&api.names(), &ty, &json!(["OPENED", "LOST"]))), ["$[1]"]);
    }
}
