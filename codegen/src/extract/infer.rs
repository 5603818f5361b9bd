//! Fields of a variant documented only by a JSON example.
//!
//! Policy: every key of the example is a required field; its type comes from
//! the value (UUID, date and date-time strings become the documentation's own
//! scalar aliases when it has them), from a known discriminator inside a
//! nested object, or, for empty arrays and nested objects, from a field of the
//! same name elsewhere in the documentation. A warning says so, since a table
//! would be better.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{Field, Model, TypeRef, Union};

use super::{Context, Known};

/// What the rest of the documentation tells about names and discriminators.
///
/// Each fact is kept with the position of the model that gives it, so that
/// one model can be replaced ([`Knowledge::replace`]) without reading all
/// the others again, and lookups still answer as a walk over the models in
/// order would: a field's first documented type, a discriminator value's
/// last union, a shape's first struct.
#[derive(Default)]
pub(crate) struct Knowledge {
    /// Field name → model position → the field's type in that model.
    fields: BTreeMap<String, BTreeMap<usize, TypeRef>>,
    /// (discriminator field, value) → model position → the union it selects.
    discriminators: BTreeMap<(String, String), BTreeMap<usize, String>>,
    uuid: Option<String>,
    date: Option<String>,
    date_time: Option<String>,
    /// The field names of a struct → model position → the struct: an
    /// example object with exactly these keys is that struct.
    shapes: BTreeMap<BTreeSet<String>, BTreeMap<usize, String>>,
}

impl Knowledge {
    pub fn of(context: &Context<'_>, models: &[Model]) -> Knowledge {
        let mut knowledge = Knowledge::facts(models);
        knowledge.pick_scalars(context);
        knowledge
    }

    /// The position-keyed facts of `models`, before the scalars are picked.
    fn facts(models: &[Model]) -> Knowledge {
        let mut knowledge = Knowledge::default();
        for (position, model) in models.iter().enumerate() {
            knowledge.add(position, model);
        }
        knowledge
    }

    /// The model at `position` was `old` and is now `new`.
    pub fn replace(&mut self, context: &Context<'_>, position: usize, old: &Model, new: &Model) {
        self.remove(position, old);
        self.add(position, new);
        self.pick_scalars(context);
    }

    fn pick_scalars(&mut self, context: &Context<'_>) {
        let pick = |names: &[&str]| names.iter().find(|n| context.known.contains_key(**n)).map(|n| n.to_string());
        self.uuid = pick(&["SafeUUID", "UUID", "Uuid"]);
        self.date = pick(&["LocalDate", "Date"]);
        self.date_time = pick(&["DateTime", "Timestamp"]);
    }

    fn add(&mut self, position: usize, model: &Model) {
        for field in typed_fields(model) {
            self.fields.entry(field.name.clone()).or_default().entry(position).or_insert_with(|| field.ty.clone());
        }
        for key in discriminator_keys(model) {
            self.discriminators.entry(key).or_default().insert(position, model.name.clone());
        }
        if let Some(shape) = shape(model) {
            self.shapes.entry(shape).or_default().insert(position, model.name.clone());
        }
    }

    fn remove(&mut self, position: usize, model: &Model) {
        for field in typed_fields(model) {
            remove_at(&mut self.fields, &field.name, position);
        }
        for key in discriminator_keys(model) {
            remove_at(&mut self.discriminators, &key, position);
        }
        if let Some(shape) = shape(model) {
            remove_at(&mut self.shapes, &shape, position);
        }
    }

    fn field(&self, name: &str) -> Option<&TypeRef> {
        self.fields.get(name)?.values().next()
    }

    fn discriminated(&self, field: &str, value: &str) -> Option<&String> {
        self.discriminators.get(&(field.to_string(), value.to_string()))?.values().next_back()
    }

    fn shaped(&self, keys: &BTreeSet<String>) -> Option<&String> {
        self.shapes.get(keys)?.values().next()
    }
}

/// The fields of a model and its variants that say something of a name's type.
fn typed_fields(model: &Model) -> impl Iterator<Item = &Field> {
    model.all_fields().filter(|field| field.ty != TypeRef::Constant && field.ty != TypeRef::Any)
}

/// The (discriminator field, value) pairs a union answers to.
fn discriminator_keys(model: &Model) -> Vec<(String, String)> {
    let Some((union, tag)) = model.as_union().and_then(|union| Some((union, union.tag.as_ref()?))) else {
        return Vec::new();
    };
    union.variants.iter().filter_map(|variant| Some((tag.clone(), variant.tag_value.clone()?))).collect()
}

/// The field names of a struct with fields.
fn shape(model: &Model) -> Option<BTreeSet<String>> {
    let fields = model.fields();
    (!fields.is_empty()).then(|| fields.iter().map(|f| f.name.clone()).collect())
}

fn remove_at<K: Ord, V>(map: &mut BTreeMap<K, BTreeMap<usize, V>>, key: &K, position: usize) {
    if let Some(by_position) = map.get_mut(key) {
        by_position.remove(&position);
        if by_position.is_empty() {
            map.remove(key);
        }
    }
}

/// Fills the fields and discriminator of the variants of `model` marked
/// `inferred`, from their first valid example.
pub(crate) fn infer_union(context: &mut Context<'_>, knowledge: &Knowledge, union_name: &str, union: &mut Union) {
    for index in 0..union.variants.len() {
        if !union.variants[index].inferred {
            continue;
        }
        let variant = &union.variants[index];
        let example = variant
            .examples
            .iter()
            .filter(|e| e.invalid.is_none())
            .find_map(|e| serde_json::from_str::<Value>(&e.text).ok().map(|v| (v, e.source.clone())));
        let Some((Value::Object(object), source)) = example else {
            context.push(
                Diagnostic::warning(
                    Code::SL021,
                    format!(
                        "the variant `{}` of `{union_name}` has neither a field table nor a JSON object example",
                        variant.name
                    ),
                )
                .at_opt(context.span_of(&variant.source))
                .help("add a `Name | Type | Description` table"),
            );
            continue;
        };
        let tag = union
            .tag
            .clone()
            .or_else(|| object.iter().find(|(_, v)| v.as_str() == Some(variant.name.as_str())).map(|(k, _)| k.clone()));
        let mut fields = Vec::new();
        for (key, value) in &object {
            if Some(key) == tag.as_ref() {
                fields.push(Field {
                    constraints: Default::default(),
                    name: key.clone(),
                    ty: TypeRef::Constant,
                    required: true,
                    constant: value.as_str().map(str::to_string),
                    variant_by: None,
                    description: String::new(),
                    source: source.clone(),
                });
                continue;
            }
            fields.push(Field {
                constraints: Default::default(),
                name: key.clone(),
                ty: infer_type(context, knowledge, key, value),
                required: true,
                constant: None,
                variant_by: None,
                description: String::new(),
                source: source.clone(),
            });
        }
        context.push(
            Diagnostic::warning(
                Code::SL021,
                format!(
                    "the variant `{}` of `{union_name}` has no field table; its {} fields were inferred from its example",
                    variant.name,
                    fields.len()
                ),
            )
            .at_opt(context.span_of(&variant.source))
            .help("add a `Name | Type | Description` table so the types are documented, not guessed"),
        );
        union.variants[index].fields = fields;
        if union.tag.is_none() {
            union.tag = tag;
        }
    }
}

pub(crate) fn infer_type(context: &mut Context<'_>, knowledge: &Knowledge, key: &str, value: &Value) -> TypeRef {
    let named = |context: &mut Context<'_>, name: &Option<String>| match name {
        Some(name) => {
            if context.known.get(name) == Some(&Known::Prose) {
                context.used_prose.insert(name.clone());
            }
            TypeRef::Named(name.clone())
        }
        None => TypeRef::String,
    };
    match value {
        Value::String(text) if is_uuid(text) => named(context, &knowledge.uuid),
        Value::String(text) if is_date_time(text) => named(context, &knowledge.date_time),
        Value::String(text) if is_date(text) => named(context, &knowledge.date),
        Value::String(_) => TypeRef::String,
        Value::Bool(_) => TypeRef::Boolean,
        Value::Number(n) if n.is_i64() || n.is_u64() => TypeRef::Long,
        Value::Number(_) => TypeRef::Number,
        Value::Array(items) => match items.first() {
            Some(first) => TypeRef::Array(Box::new(infer_type(context, knowledge, key, first))),
            None => match knowledge.field(key) {
                Some(ty @ (TypeRef::Array(_) | TypeRef::NonEmptyList(_))) => ty.clone(),
                _ => TypeRef::Array(Box::new(TypeRef::String)),
            },
        },
        Value::Object(object) => {
            let selected = object.iter().find_map(|(k, v)| v.as_str().and_then(|v| knowledge.discriminated(k, v)));
            let keys: BTreeSet<String> = object.keys().cloned().collect();
            let shaped = knowledge.shaped(&keys);
            match selected.or(shaped) {
                Some(model) => TypeRef::Named(model.clone()),
                None => match knowledge.field(key) {
                    Some(ty) => ty.unwrap_option().clone(),
                    None => TypeRef::Any,
                },
            }
        }
        Value::Null => TypeRef::Option(Box::new(knowledge.field(key).cloned().unwrap_or(TypeRef::Any))),
    }
}

pub(crate) fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.chars().all(|c| c.is_ascii_hexdigit()))
}

pub(crate) fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes.iter().enumerate().all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit())
}

pub(crate) fn is_date_time(text: &str) -> bool {
    text.len() > 10 && text.get(..10).is_some_and(is_date) && text.as_bytes()[10] == b'T'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::ModelKind;

    fn facts(models: &[Model]) -> Knowledge {
        Knowledge::facts(models)
    }

    #[test]
    fn replacing_one_model_knows_what_reading_them_all_again_knows() {
        let api: crate::ir::Api = serde_json::from_str(include_str!("../../tests/fixtures/mini.ir.json")).unwrap();
        let models = &api.models;
        let tagged = |m: &Model| m.as_union().is_some_and(|union| union.tag.is_some());
        assert!(models.iter().any(tagged) && models.iter().any(|m| m.kind() == ModelKind::Struct));
        for position in 0..models.len() {
            for other in 0..models.len() {
                let mut changed = models.clone();
                changed[position] = models[other].clone();
                let mut incremental = facts(models);
                incremental.remove(position, &models[position]);
                incremental.add(position, &changed[position]);
                let read_again = facts(&changed);
                assert_eq!(incremental.fields, read_again.fields, "fields, {position} <- {other}");
                assert_eq!(incremental.discriminators, read_again.discriminators, "tags, {position} <- {other}");
                assert_eq!(incremental.shapes, read_again.shapes, "shapes, {position} <- {other}");
            }
        }
    }

    #[test]
    fn string_shapes() {
        assert!(is_uuid("8c12f096-20e6-11ab-8ff7-2c39b4397040"));
        assert!(!is_uuid("8c12f096-20e6-11ab-8ff7"));
        assert!(is_date("2016-02-29"));
        assert!(is_date_time("2016-02-29T12:03:32+02:00"));
        assert!(!is_date("2016-02-29T12"));
        assert!(!is_date_time("2016-02-2\u{e9}T12:00:00Z"), "a character across byte 10 is not a date");
    }
}
