//! Types and models as JSON Schema 2020-12, the dialect of OpenAPI 3.1.
//!
//! - `String`, `Boolean` as such; `Long` an `integer` of format `int64`;
//!   `Number` any `number`; `Float` a `number` of format `double`; `Any` and
//!   `Empty` the schema that accepts everything; `Error` the generic error
//!   component; a name a `$ref` to its component.
//! - `Array[T]` an `array`; `NonEmptyList[T]` one with `minItems: 1`;
//!   `Map[K,V]` an `object` whose `additionalProperties` are `V` (and whose
//!   `propertyNames` are `K` when `K` is not a plain string).
//! - `Option[T]` on a field or parameter: not required, typed `T`. Anywhere
//!   else (`Map[String,Option[String]]`) it is `T` or `null`.
//! - A struct an `object` with `properties` and `required`; a `Constant`
//!   field a `const` string.
//! - An enum a string `enum`; an alias the scalar it stands for (`SafeUUID`
//!   a `uuid`-formatted string, `LocalDate` a `date`, `DateTime` a
//!   `date-time`).
//! - A union told apart by a tag: `oneOf` its variants plus a
//!   `discriminator` whose `mapping` gives each tag value's variant; every
//!   object variant has the tag as a required `const` property, so exactly
//!   one variant matches. A variant written as a bare JSON string
//!   (`"AutomatonCaller"`) is a `const` string; a union with one has no
//!   `discriminator`, which only applies to objects.
//! - A union told apart by shape: `anyOf`. `oneOf` would demand that exactly
//!   one variant match, and variants told apart by shape overlap whenever
//!   the required fields of one are a subset of another's (a
//!   `NestedTermAggregation` is also a valid `TermAggregation`), so a valid
//!   value would fail. Clients try the variants in order. The same holds for
//!   a tagged union whose tag values are not all distinct.
//!
//! Objects stay open (no `additionalProperties: false`): the API adds fields
//! over time and a client must not fail on one it does not know.

use serde_json::{json, Map, Value};

use super::examples;
use super::names::{schema_ref, SchemaNames};
use crate::ir::{Api, Constraints, Field, Model, ModelShape, Names, Scalar, TypeRef, Union, Variant};

/// Reads types off the API, turning them into schemas.
#[derive(Debug)]
pub struct SchemaWriter<'a> {
    pub api: &'a Api,
    pub names: &'a SchemaNames,
    /// The API's models and variants by name, for the examples' checks.
    pub types: Names<'a>,
    /// Type names used but never defined, in order of first use.
    pub undefined: Vec<String>,
    /// Inline models being written, innermost last.
    inlining: Vec<String>,
    /// Something refers to the generic error component.
    generic_error_used: bool,
}

impl<'a> SchemaWriter<'a> {
    pub fn new(api: &'a Api, names: &'a SchemaNames) -> Self {
        SchemaWriter {
            api,
            names,
            types: api.names(),
            undefined: Vec::new(),
            inlining: Vec::new(),
            generic_error_used: false,
        }
    }

    /// The schema of a value of type `ty`.
    pub fn schema(&mut self, ty: &TypeRef) -> Value {
        match ty {
            TypeRef::String | TypeRef::Constant => json!({"type": "string"}),
            TypeRef::Boolean => json!({"type": "boolean"}),
            TypeRef::Long => json!({"type": "integer", "format": "int64"}),
            TypeRef::Number => json!({"type": "number"}),
            TypeRef::Float => json!({"type": "number", "format": "double"}),
            TypeRef::Empty | TypeRef::Any => json!({}),
            TypeRef::Error => {
                self.generic_error_used = true;
                reference(self.names.generic_error())
            }
            TypeRef::Named(name) => self.named(name),
            TypeRef::Option(inner) => nullable(self.schema(inner)),
            TypeRef::Array(inner) => json!({"type": "array", "items": self.schema(inner)}),
            TypeRef::NonEmptyList(inner) => json!({"type": "array", "items": self.schema(inner), "minItems": 1}),
            TypeRef::Map(key, value) => {
                let mut schema = Map::new();
                schema.insert("type".into(), "object".into());
                if let Some(names) = self.property_names(key) {
                    schema.insert("propertyNames".into(), names);
                }
                schema.insert("additionalProperties".into(), self.schema(value));
                Value::Object(schema)
            }
        }
    }

    /// The schema of a field or parameter: an outer `Option` makes it
    /// optional, not nullable.
    pub fn slot_schema(&mut self, ty: &TypeRef) -> Value {
        self.schema(ty.unwrap_option())
    }

    /// The schema of a field or parameter with what the documentation says
    /// beside its type: values (of the items, for an array), `null`,
    /// read-only or write-only, a format.
    pub fn constrained_schema(&mut self, ty: &TypeRef, constraints: &Constraints) -> Value {
        let mut schema = if constraints.nullable { self.schema(ty) } else { self.slot_schema(ty) };
        if constraints.is_empty() {
            return schema;
        }
        let scalar_type = ty.unwrap_option();
        let (target, item_type) = match (scalar_type, &mut schema) {
            (TypeRef::Array(item), Value::Object(object)) => (object.get_mut("items"), item.as_ref()),
            (_, value) => (Some(value), scalar_type),
        };
        if let Some(Value::Object(target)) = target {
            if !constraints.values.is_empty() && !target.contains_key("$ref") {
                let values: Vec<Value> = constraints.values.iter().map(|value| typed_value(item_type, value)).collect();
                target.insert("enum".into(), Value::Array(values));
            }
            if let Some(format) = &constraints.format {
                if target.contains_key("type") && !target.contains_key("$ref") {
                    target.insert("format".into(), Value::from(format.as_str()));
                }
            }
        }
        if let Value::Object(object) = &mut schema {
            if constraints.read_only {
                object.insert("readOnly".into(), Value::Bool(true));
            }
            if constraints.write_only {
                object.insert("writeOnly".into(), Value::Bool(true));
            }
        }
        schema
    }

    /// The schema of a header's scalar type.
    pub fn scalar_schema(&mut self, ty: &TypeRef) -> Value {
        match ty {
            TypeRef::Long => json!({"type": "integer"}),
            TypeRef::Any => json!({}),
            other => self.schema(other),
        }
    }

    fn named(&mut self, name: &str) -> Value {
        if let Some(model) = self.api.model(name).filter(|model| model.inline) {
            // Inline models are written in place, once per use; a model that
            // holds itself is referenced from the second level on.
            if !self.inlining.iter().any(|open| open == name) {
                self.inlining.push(name.to_string());
                let schema = self.model_schema(model);
                self.inlining.pop();
                return schema;
            }
        }
        match self.names.resolve(name) {
            Some(component) => reference(component),
            None => {
                if !self.undefined.iter().any(|known| known == name) {
                    self.undefined.push(name.to_string());
                }
                json!({"description": format!("`{name}` is not defined by the documentation: any JSON value.")})
            }
        }
    }

    fn property_names(&mut self, key: &TypeRef) -> Option<Value> {
        match key.unwrap_option() {
            TypeRef::Long => Some(json!({"pattern": "^-?[0-9]+$"})),
            TypeRef::Named(name) => {
                let model = self.api.model(name)?;
                let textual = match model.shape {
                    ModelShape::Enum { .. } => true,
                    ModelShape::Alias { of } => {
                        matches!(of, Scalar::String | Scalar::Uuid | Scalar::Date | Scalar::DateTime)
                    }
                    ModelShape::Struct { .. } | ModelShape::Union(_) => false,
                };
                textual.then(|| self.named(name))
            }
            _ => None,
        }
    }

    /// Every component of `components.schemas`, in the IR's order: each
    /// model, followed by its variants when it is a union, then the generic
    /// error.
    pub fn components(&mut self) -> Map<String, Value> {
        let mut components = Map::new();
        let api = self.api;
        for (model_index, model) in api.models.iter().enumerate() {
            if model.inline && !self.inlining_needs_component(&model.name) {
                continue;
            }
            let schema = self.model(model_index, model);
            components.insert(self.names.model(model_index).to_string(), schema);
            for (variant_index, variant) in model.variants().iter().enumerate() {
                // A variant that is a model of its own is that model's component.
                if variant.model.as_deref().is_some_and(|name| self.api.model(name).is_some()) {
                    continue;
                }
                let schema = self.variant(model, variant);
                components.insert(self.names.variant(model_index, variant_index).to_string(), schema);
            }
        }
        // Written when something refers to it: a document that describes
        // every error body needs none.
        if self.generic_error_used {
            components.insert(
                self.names.generic_error().to_string(),
                json!({"description": "An error body the documentation does not describe: any JSON value."}),
            );
        }
        components
    }

    /// An inline model holding itself is referenced, so it needs a component.
    fn inlining_needs_component(&self, name: &str) -> bool {
        let Some(model) = self.api.model(name) else { return false };
        let mut seen = vec![name.to_string()];
        let mut stack: Vec<&Model> = vec![model];
        while let Some(current) = stack.pop() {
            for used in current.all_fields().flat_map(|field| field.ty.named_types()) {
                if used == name {
                    return true;
                }
                if let Some(inner) = self.api.model(used).filter(|m| m.inline && !seen.iter().any(|s| s == used)) {
                    seen.push(used.to_string());
                    stack.push(inner);
                }
            }
        }
        false
    }

    /// The schema of a model written in place.
    fn model_schema(&mut self, model: &Model) -> Value {
        let index = self.api.models.iter().position(|m| m.name == model.name).unwrap_or(0);
        self.model(index, model)
    }

    fn model(&mut self, model_index: usize, model: &Model) -> Value {
        let mut schema = match &model.shape {
            ModelShape::Struct { fields } => self.object(None, fields),
            ModelShape::Union(union) => self.union(model_index, union),
            ModelShape::Enum { values } => enumeration(values),
            ModelShape::Alias { of } => scalar(*of),
        };
        describe(&mut schema, &model_description(model));
        add_examples(&mut schema, examples::model_values(&self.types, model));
        schema
    }

    fn variant(&mut self, union: &Model, variant: &Variant) -> Value {
        let mut schema = if variant.bare {
            json!({"type": "string", "const": bare_value(variant)})
        } else {
            let tag = union.as_union().and_then(|union| union.tag.as_deref());
            self.object(tag.map(|tag| (tag, variant.tag_value.as_deref())), &variant.fields)
        };
        describe(&mut schema, &variant.description);
        add_examples(&mut schema, examples::variant_values(&self.types, union, variant));
        schema
    }

    /// An object with `fields`, and first the discriminator `tag` (with its
    /// value, when known) for a variant of a tagged union.
    fn object(&mut self, tag: Option<(&str, Option<&str>)>, fields: &[Field]) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        if let Some((tag, value)) = tag {
            let schema = match value {
                Some(value) => json!({"type": "string", "const": value}),
                None => json!({"type": "string"}),
            };
            properties.insert(tag.to_string(), schema);
            required.push(Value::from(tag));
        }
        for field in fields {
            // A repeated row changes nothing: the first one holds.
            if properties.contains_key(&field.name) {
                continue;
            }
            let mut schema = match (&field.ty, &field.constant) {
                (TypeRef::Constant, Some(constant)) => json!({"type": "string", "const": constant}),
                _ => self.constrained_schema(&field.ty, &field.constraints),
            };
            describe(&mut schema, &field.description);
            properties.insert(field.name.clone(), schema);
            // A nullable field's `Option` stands for `null`, not for absence.
            if field.required && (!field.ty.is_option() || field.constraints.nullable) {
                required.push(Value::from(field.name.as_str()));
            }
        }
        let mut schema = Map::new();
        schema.insert("type".into(), "object".into());
        if !properties.is_empty() {
            schema.insert("properties".into(), Value::Object(properties));
        }
        if !required.is_empty() {
            schema.insert("required".into(), Value::Array(required));
        }
        Value::Object(schema)
    }

    fn union(&mut self, model_index: usize, union: &Union) -> Value {
        let refs: Vec<Value> = union
            .variants
            .iter()
            .enumerate()
            .map(|(variant_index, variant)| match variant.model.as_deref() {
                Some(name) if self.api.model(name).is_some() => self.named(name),
                _ => reference(self.names.variant(model_index, variant_index)),
            })
            .collect();
        if refs.is_empty() {
            return json!({});
        }
        let combination = if union.exclusive { "oneOf" } else { "anyOf" };
        let Some(tag) = &union.tag else { return json!({ combination: refs }) };
        let tag_values: Vec<Option<String>> = union
            .variants
            .iter()
            .map(|variant| if variant.bare { Some(bare_value(variant)) } else { variant.tag_value.clone() })
            .collect();
        let mut distinct: Vec<&String> = tag_values.iter().flatten().collect();
        distinct.sort();
        distinct.dedup();
        if distinct.len() != union.variants.len() {
            return json!({"anyOf": refs});
        }
        let mut schema = Map::new();
        schema.insert("oneOf".into(), Value::Array(refs));
        if union.variants.iter().all(|variant| !variant.bare) {
            let mapping: Map<String, Value> = tag_values
                .iter()
                .enumerate()
                .filter_map(|(variant_index, value)| {
                    let target = schema_ref(self.names.variant(model_index, variant_index));
                    value.as_ref().map(|value| (value.clone(), Value::from(target)))
                })
                .collect();
            schema.insert("discriminator".into(), json!({"propertyName": tag, "mapping": mapping}));
        }
        Value::Object(schema)
    }
}

/// A documented value as JSON of the type it belongs to (`1` for an
/// integer, `"1"` for a string).
fn typed_value(ty: &TypeRef, text: &str) -> Value {
    let parsed = match ty {
        TypeRef::Long => text.parse::<i64>().ok().map(Value::from),
        TypeRef::Number | TypeRef::Float => serde_json::from_str::<serde_json::Number>(text).ok().map(Value::Number),
        TypeRef::Boolean => text.parse::<bool>().ok().map(Value::from),
        _ => None,
    };
    parsed.unwrap_or_else(|| Value::from(text))
}

/// The JSON string a bare variant is written as.
fn bare_value(variant: &Variant) -> String {
    variant.tag_value.clone().unwrap_or_else(|| variant.name.clone())
}

fn model_description(model: &Model) -> String {
    if model.enum_values().is_none_or(<[String]>::is_empty) {
        return model.description.clone();
    }
    let fallback = "Generated clients read a value not listed here as `Unknown` instead of failing: \
                    the list may grow.";
    if model.description.trim().is_empty() {
        fallback.to_string()
    } else {
        format!("{}\n\n{fallback}", model.description.trim_end())
    }
}

fn enumeration(values: &[String]) -> Value {
    if values.is_empty() {
        return json!({"type": "string"});
    }
    json!({"type": "string", "enum": values})
}

fn scalar(scalar: Scalar) -> Value {
    match scalar {
        Scalar::String => json!({"type": "string"}),
        Scalar::Uuid => json!({"type": "string", "format": "uuid"}),
        Scalar::Date => json!({"type": "string", "format": "date"}),
        Scalar::DateTime => json!({"type": "string", "format": "date-time"}),
        Scalar::Integer => json!({"type": "integer"}),
        Scalar::Number => json!({"type": "number"}),
        Scalar::Boolean => json!({"type": "boolean"}),
    }
}

pub fn reference(component: &str) -> Value {
    json!({"$ref": schema_ref(component)})
}

/// `schema` or `null`: a plain `type` becomes a list with `"null"`, anything
/// else is wrapped in `anyOf`.
fn nullable(schema: Value) -> Value {
    let plain_type = schema.as_object().and_then(|object| {
        let only_type_and_format = object.keys().all(|key| key == "type" || key == "format");
        object.get("type").and_then(Value::as_str).filter(|_| only_type_and_format).map(str::to_string)
    });
    match (plain_type, schema) {
        (Some(ty), Value::Object(mut object)) => {
            object.insert("type".into(), json!([ty, "null"]));
            Value::Object(object)
        }
        (_, schema) => json!({"anyOf": [schema, {"type": "null"}]}),
    }
}

/// Adds a `description`, first so that it is read first (JSON Schema allows
/// it beside `$ref` since 2019-09).
pub fn describe(schema: &mut Value, description: &str) {
    let description = description.trim();
    if description.is_empty() {
        return;
    }
    if let Value::Object(object) = schema {
        object.shift_insert(0, "description".into(), Value::from(description));
    }
}

fn add_examples(schema: &mut Value, values: Vec<Value>) {
    if values.is_empty() {
        return;
    }
    if let Value::Object(object) = schema {
        object.insert("examples".into(), Value::Array(values));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{ModelKind, Source};

    fn source() -> Source {
        Source { file: "x.md".into(), line: 1 }
    }

    fn field(name: &str, ty: &str, required: bool) -> Field {
        Field {
            constraints: Default::default(),
            name: name.into(),
            ty: ty.parse().expect("type"),
            required,
            constant: None,
            variant_by: None,
            description: String::new(),
            source: source(),
        }
    }

    fn model(name: &str, kind: ModelKind) -> Model {
        Model::new(name, "Models", ModelShape::empty(kind), source())
    }

    fn union(name: &str, tag: Option<&str>, variants: Vec<Variant>) -> Model {
        let union = Union { tag: tag.map(str::to_string), variants, exclusive: false };
        Model::new(name, "Models", ModelShape::Union(union), source())
    }

    fn variant(name: &str, tag_value: Option<&str>, fields: Vec<Field>) -> Variant {
        Variant {
            model: None,
            name: name.into(),
            tag_value: tag_value.map(str::to_string),
            fields,
            bare: false,
            inferred: false,
            description: String::new(),
            examples: Vec::new(),
            source: source(),
        }
    }

    fn components(models: Vec<Model>) -> Map<String, Value> {
        let api = Api { models, ..Api::default() };
        let names = SchemaNames::new(&api);
        SchemaWriter::new(&api, &names).components()
    }

    fn schema_of(ty: &str) -> Value {
        let mut alias = model("SafeUUID", ModelKind::Alias);
        alias.shape = ModelShape::Alias { of: Scalar::Uuid };
        let api = Api { models: vec![alias], ..Api::default() };
        let names = SchemaNames::new(&api);
        SchemaWriter::new(&api, &names).schema(&ty.parse().expect("type"))
    }

    #[test]
    fn scalars_and_containers() {
        assert_eq!(schema_of("Long"), json!({"type": "integer", "format": "int64"}));
        assert_eq!(schema_of("Float"), json!({"type": "number", "format": "double"}));
        assert_eq!(schema_of("Number"), json!({"type": "number"}));
        assert_eq!(schema_of("Any"), json!({}));
        assert_eq!(
            schema_of("NonEmptyList[SafeUUID]"),
            json!({"type": "array", "items": {"$ref": "#/components/schemas/SafeUUID"}, "minItems": 1})
        );
        assert_eq!(
            schema_of("Map[String,Option[String]]"),
            json!({"type": "object", "additionalProperties": {"type": ["string", "null"]}})
        );
        assert_eq!(
            schema_of("Map[SafeUUID,Long]"),
            json!({
                "type": "object",
                "propertyNames": {"$ref": "#/components/schemas/SafeUUID"},
                "additionalProperties": {"type": "integer", "format": "int64"}
            })
        );
        assert_eq!(
            schema_of("Option[SafeUUID]"),
            json!({"anyOf": [{"$ref": "#/components/schemas/SafeUUID"}, {"type": "null"}]})
        );
        assert_eq!(schema_of("Error"), json!({"$ref": "#/components/schemas/Error"}));
    }

    #[test]
    fn an_undefined_name_accepts_anything_and_is_reported_once() {
        let api = Api::default();
        let names = SchemaNames::new(&api);
        let mut writer = SchemaWriter::new(&api, &names);
        let schema = writer.schema(&"Array[Missing]".parse().expect("type"));
        writer.schema(&"Missing".parse().expect("type"));
        assert_eq!(schema["items"]["description"], "`Missing` is not defined by the documentation: any JSON value.");
        assert_eq!(writer.undefined, vec!["Missing".to_string()]);
    }

    #[test]
    fn struct_fields_optional_constant_and_described() {
        let mut command = model("CreateAgency", ModelKind::Struct);
        let mut constant = field("commandType", "Constant", true);
        constant.constant = Some("CreateAgency".into());
        let mut label = field("label", "Option[String]", true);
        label.description = "  A label. ".into();
        command.shape = ModelShape::Struct {
            fields: vec![field("processUid", "String", true), label, constant, field("processUid", "Long", true)],
        };
        let components = components(vec![command]);
        assert_eq!(
            components["CreateAgency"],
            json!({
                "type": "object",
                "properties": {
                    "processUid": {"type": "string"},
                    "label": {"type": "string", "description": "A label."},
                    "commandType": {"type": "string", "const": "CreateAgency"}
                },
                "required": ["processUid", "commandType"]
            })
        );
    }

    #[test]
    fn tagged_union_has_a_discriminator_and_const_tags() {
        let variants = vec![
            variant("ReferencedOperator", Some("ReferencedOperator"), vec![field("operatorUid", "String", true)]),
            variant("AnonymousOperator", Some("Anonymous"), vec![field("name", "Option[String]", false)]),
        ];
        let components = components(vec![union("Operator", Some("operatorType"), variants)]);
        assert_eq!(
            components["Operator"],
            json!({
                "oneOf": [
                    {"$ref": "#/components/schemas/ReferencedOperator"},
                    {"$ref": "#/components/schemas/AnonymousOperator"}
                ],
                "discriminator": {
                    "propertyName": "operatorType",
                    "mapping": {
                        "ReferencedOperator": "#/components/schemas/ReferencedOperator",
                        "Anonymous": "#/components/schemas/AnonymousOperator"
                    }
                }
            })
        );
        assert_eq!(
            components["AnonymousOperator"],
            json!({
                "type": "object",
                "properties": {"operatorType": {"type": "string", "const": "Anonymous"}, "name": {"type": "string"}},
                "required": ["operatorType"]
            })
        );
    }

    #[test]
    fn a_bare_variant_is_a_const_string_and_drops_the_discriminator() {
        let mut automaton = variant("AutomatonCaller", Some("AutomatonCaller"), Vec::new());
        automaton.bare = true;
        let variants = vec![variant("HumanCaller", Some("HumanCaller"), Vec::new()), automaton];
        let components = components(vec![union("CallerType", Some("callerType"), variants)]);
        assert_eq!(components["AutomatonCaller"], json!({"type": "string", "const": "AutomatonCaller"}));
        assert_eq!(
            components["CallerType"],
            json!({"oneOf": [
                {"$ref": "#/components/schemas/HumanCaller"},
                {"$ref": "#/components/schemas/AutomatonCaller"}
            ]})
        );
    }

    #[test]
    fn unions_told_apart_by_shape_or_by_repeated_tags_use_any_of() {
        let untagged = union(
            "Aggregation",
            None,
            vec![
                variant("TermAggregation", None, vec![field("count", "Long", true)]),
                variant(
                    "NestedTermAggregation",
                    None,
                    vec![field("count", "Number", true), field("label", "String", true)],
                ),
            ],
        );
        let repeated = union(
            "Clash",
            Some("kind"),
            vec![variant("A", Some("X"), Vec::new()), variant("B", Some("X"), Vec::new())],
        );
        let components = components(vec![untagged, repeated]);
        assert!(components["Aggregation"]["anyOf"].is_array());
        assert!(components["Clash"]["anyOf"].is_array());
        assert!(components["Clash"].get("discriminator").is_none());
        assert_eq!(components["TermAggregation"]["required"], json!(["count"]));
    }

    #[test]
    fn enums_mention_the_unknown_fallback_and_aliases_their_format() {
        let mut status = model("Status", ModelKind::Enum);
        status.shape = ModelShape::Enum { values: vec!["OPENED".into(), "CLOSED".into()] };
        status.description = "State.".into();
        let mut date = model("LocalDate", ModelKind::Alias);
        date.shape = ModelShape::Alias { of: Scalar::Date };
        let components = components(vec![status, date]);
        assert_eq!(components["Status"]["enum"], json!(["OPENED", "CLOSED"]));
        assert!(components["Status"]["description"].as_str().is_some_and(|text| text.starts_with("State.\n\n")));
        assert!(components["Status"]["description"].as_str().is_some_and(|text| text.contains("`Unknown`")));
        assert_eq!(components["LocalDate"], json!({"type": "string", "format": "date"}));
        // Nothing refers to the generic error component: it is not written.
        assert!(!components.contains_key("Error"));
    }

    #[test]
    fn the_generic_error_is_written_when_something_refers_to_it() {
        let mut failure = model("Failure", ModelKind::Struct);
        failure.shape = ModelShape::Struct { fields: vec![field("cause", "Error", true)] };
        let components = components(vec![failure]);
        assert_eq!(components["Failure"]["properties"]["cause"], json!({"$ref": "#/components/schemas/Error"}));
        assert!(components.contains_key("Error"));
    }

    #[test]
    fn constraints_give_enums_nullable_formats_and_access() {
        let mut reading = model("Reading", ModelKind::Struct);
        let mut level = field("level", "Long", true);
        level.constraints.values = vec!["1".into(), "2".into()];
        let mut note = field("note", "Option[String]", true);
        note.constraints.nullable = true;
        let mut at = field("at", "String", false);
        at.constraints.format = Some("date-time".into());
        at.constraints.read_only = true;
        let mut tags = field("tags", "Array[String]", false);
        tags.constraints.values = vec!["a".into()];
        reading.shape = ModelShape::Struct { fields: vec![level, note, at, tags] };
        let components = components(vec![reading]);
        let properties = &components["Reading"]["properties"];
        assert_eq!(properties["level"]["enum"], json!([1, 2]));
        assert_eq!(properties["note"]["type"], json!(["string", "null"]));
        assert_eq!(properties["at"], json!({"type": "string", "format": "date-time", "readOnly": true}));
        assert_eq!(properties["tags"]["items"]["enum"], json!(["a"]));
        assert_eq!(components["Reading"]["required"], json!(["level", "note"]));
    }
}
