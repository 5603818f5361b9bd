//! Fields of a variant documented only by a JSON example.
//!
//! Policy: every key of the example is a required field; its type comes from
//! the value (UUID, date and date-time strings become the documentation's own
//! scalar aliases when it has them), from a known discriminator inside a
//! nested object, or, for empty arrays and nested objects, from a field of the
//! same name elsewhere in the documentation. A warning says so, since a table
//! would be better.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{Field, Model, ModelKind, TypeRef};

use super::{Context, Known};

/// What the rest of the documentation tells about names and discriminators.
pub(crate) struct Knowledge {
    /// Field name → its first documented type.
    fields: BTreeMap<String, TypeRef>,
    /// (discriminator field, value) → the union it selects.
    discriminators: BTreeMap<(String, String), String>,
    uuid: Option<String>,
    date: Option<String>,
    date_time: Option<String>,
    /// The field names of each struct, to the struct: an example object
    /// with exactly these keys is that struct.
    shapes: Vec<(std::collections::BTreeSet<String>, String)>,
}

impl Knowledge {
    pub fn of(context: &Context<'_>, models: &[Model]) -> Knowledge {
        let mut fields = BTreeMap::new();
        let mut discriminators = BTreeMap::new();
        for model in models {
            let variant_fields = model.variants.iter().flat_map(|v| v.fields.iter());
            for field in model.fields.iter().chain(variant_fields) {
                if field.ty != TypeRef::Constant && field.ty != TypeRef::Any {
                    fields.entry(field.name.clone()).or_insert_with(|| field.ty.clone());
                }
            }
            if model.kind == ModelKind::Union {
                if let Some(tag) = &model.tag {
                    for variant in &model.variants {
                        if let Some(value) = &variant.tag_value {
                            discriminators.insert((tag.clone(), value.clone()), model.name.clone());
                        }
                    }
                }
            }
        }
        let shapes = models
            .iter()
            .filter(|m| m.kind == ModelKind::Struct && !m.fields.is_empty())
            .map(|m| (m.fields.iter().map(|f| f.name.clone()).collect(), m.name.clone()))
            .collect();
        let pick = |names: &[&str]| names.iter().find(|n| context.known.contains_key(**n)).map(|n| n.to_string());
        Knowledge {
            fields,
            discriminators,
            uuid: pick(&["SafeUUID", "UUID", "Uuid"]),
            date: pick(&["LocalDate", "Date"]),
            date_time: pick(&["DateTime", "Timestamp"]),
            shapes,
        }
    }
}

/// Fills the fields and discriminator of the variants of `model` marked
/// `inferred`, from their first valid example.
pub(crate) fn infer_union(context: &mut Context<'_>, knowledge: &Knowledge, model: &mut Model) {
    for index in 0..model.variants.len() {
        if !model.variants[index].inferred {
            continue;
        }
        let variant = &model.variants[index];
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
                        "the variant `{}` of `{}` has neither a field table nor a JSON object example",
                        variant.name, model.name
                    ),
                )
                .at_opt(context.span_of(&variant.source))
                .help("add a `Name | Type | Description` table"),
            );
            continue;
        };
        let tag = model
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
                    "the variant `{}` of `{}` has no field table; its {} fields were inferred from its example",
                    variant.name,
                    model.name,
                    fields.len()
                ),
            )
            .at_opt(context.span_of(&variant.source))
            .help("add a `Name | Type | Description` table so the types are documented, not guessed"),
        );
        model.variants[index].fields = fields;
        if model.tag.is_none() {
            model.tag = tag;
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
            None => match knowledge.fields.get(key) {
                Some(ty @ (TypeRef::Array(_) | TypeRef::NonEmptyList(_))) => ty.clone(),
                _ => TypeRef::Array(Box::new(TypeRef::String)),
            },
        },
        Value::Object(object) => {
            let selected = object
                .iter()
                .find_map(|(k, v)| v.as_str().and_then(|v| knowledge.discriminators.get(&(k.clone(), v.to_string()))));
            let keys: std::collections::BTreeSet<String> = object.keys().cloned().collect();
            let shaped = knowledge.shapes.iter().find(|(fields, _)| *fields == keys).map(|(_, name)| name);
            match selected.or(shaped) {
                Some(model) => TypeRef::Named(model.clone()),
                None => match knowledge.fields.get(key) {
                    Some(ty) => ty.unwrap_option().clone(),
                    None => TypeRef::Any,
                },
            }
        }
        Value::Null => TypeRef::Option(Box::new(knowledge.fields.get(key).cloned().unwrap_or(TypeRef::Any))),
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
