//! The discriminator of a tagged union: which name each variant has, which
//! value it is sent with, and what to believe when the heading and the
//! constant of a variant disagree.
//!
//! Headings and constants are written by hand and copied from section to
//! section, so they disagree in a few recognisable ways. Each is reported
//! (SL012) with the reading taken:
//!
//! - the constant is another variant's (or another type's) name and nothing
//!   of the variant says so: a copied row, read as the heading;
//! - the constant is a shortened form of the heading (`PatrimonyUser` under
//!   `PatrimonyUserAccessControl`): the constant is what is sent;
//! - the heading names two types (`A OR B`): the variant is the one the
//!   constant names;
//! - the heading is a name followed by a signature (`A(x: T) extends B`): the
//!   variant is that name.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{Field, Model, ModelShape, TypeRef, Union, Variant};

use super::names::{is_type_name, snake_case};
use super::Context;

/// What a variant heading names: one type, or several written as
/// alternatives, with what follows a leading name (a signature) kept aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HeadingNames {
    pub names: Vec<String>,
    /// Text after the leading name, for a heading such as `A(x: T) extends B`.
    pub rest: Option<String>,
}

/// The names a heading gives its section.
pub(crate) fn heading_names(title: &str) -> HeadingNames {
    let title = title.trim();
    if is_type_name(title) {
        return HeadingNames { names: vec![title.to_string()], rest: None };
    }
    let alternatives: Vec<&str> = title
        .split(['|', '/', ','])
        .flat_map(|part| part.split(" OR ").flat_map(|p| p.split(" or ")))
        .map(str::trim)
        .collect();
    if alternatives.len() >= 2 && alternatives.iter().all(|name| is_type_name(name)) {
        return HeadingNames { names: alternatives.iter().map(|name| name.to_string()).collect(), rest: None };
    }
    let leading: String = title.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    let rest = title[leading.len()..].trim_start();
    if is_type_name(&leading) && (rest.starts_with('(') || rest.starts_with(':') || rest.starts_with("extends ")) {
        return HeadingNames { names: vec![leading], rest: Some(rest.to_string()) };
    }
    HeadingNames { names: vec![title.to_string()], rest: None }
}

/// The name a variant takes: the only name of its heading, or among several
/// the one its constant names.
pub(crate) fn variant_name(heading: &HeadingNames, constant: Option<&str>) -> String {
    let matching = constant.and_then(|value| heading.names.iter().find(|name| name.eq_ignore_ascii_case(value)));
    matching.or(heading.names.first()).cloned().unwrap_or_default()
}

/// Reports how each variant's heading was read, when it was not a plain name.
pub(crate) fn report_heading(context: &mut Context<'_>, union_name: &str, variant: &Variant, title: &str) {
    let heading = heading_names(title);
    let message = if heading.names.len() > 1 {
        format!(
            "the heading `{title}` of a variant of `{}` names {} types; read as the variant `{}`, the one its constant \
             names",
            union_name,
            heading.names.len(),
            variant.name
        )
    } else if let Some(rest) = &heading.rest {
        format!(
            "the heading `{title}` of a variant of `{}` is the name `{}` followed by `{rest}`; read as `{}`",
            union_name, variant.name, variant.name
        )
    } else {
        return;
    };
    let others: Vec<&str> = heading.names.iter().map(String::as_str).filter(|n| *n != variant.name).collect();
    let help = if others.is_empty() {
        format!("write the heading `{}` and the rest in the text under it", variant.name)
    } else {
        format!(
            "give `{}` a section of its own, or say in the text that it is also `{}`",
            others.join("`, `"),
            variant.name
        )
    };
    context.push(Diagnostic::warning(Code::SL012, message).at_opt(context.span_of(&variant.source)).help(help));
}

/// Settles each variant's discriminator value against its heading and the
/// other variants, reporting every disagreement with the reading taken.
pub(crate) fn settle_values(context: &mut Context<'_>, union_name: &str, union: &mut Union, tag: &str) {
    let headings: BTreeSet<String> = union.variants.iter().map(|v| v.name.clone()).collect();
    let mut seen: Vec<(String, String)> = Vec::new();
    for variant in &mut union.variants {
        let Some(value) = variant.tag_value.clone() else { continue };
        if !value.eq_ignore_ascii_case(&variant.name) {
            let reading = read_disagreement(context, &headings, variant, &value, tag);
            report_disagreement(context, union_name, variant, &value, tag, reading);
            if reading.takes_heading() {
                variant.tag_value = Some(variant.name.clone());
            }
        }
        let value = variant.tag_value.clone().unwrap_or(value);
        if let Some((other, _)) = seen.iter().find(|(_, v)| *v == value) {
            let (message, help) = if *other == variant.name {
                (
                    format!("`{union_name}` documents the variant `{other}` twice"),
                    format!("merge the two `{other}` sections, or give this one the name and `{tag}` it really has"),
                )
            } else {
                (
                    format!(
                        "the variants `{other}` and `{}` of `{union_name}` have the same `{tag}` value `{value}`",
                        variant.name
                    ),
                    "each variant needs its own discriminator value".to_string(),
                )
            };
            context.push(Diagnostic::warning(Code::SL012, message).at_opt(context.span_of(&variant.source)).help(help));
        }
        seen.push((variant.name.clone(), value));
    }
}

/// Which of a disagreeing heading and constant a variant is read by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// The constant is the value of another variant of the union: a row
    /// copied from its section. Read as the heading.
    CopiedFromVariant,
    /// The constant names another type of the API. Read as the heading.
    NamesAnotherType,
    /// The constant is the heading shortened. Read as the constant.
    ShortenedConstant,
    /// The variant's examples send the heading. Read as the heading.
    ExamplesSendHeading,
    /// Nothing tells: the constant is what the table says is sent.
    Constant,
}

impl Reading {
    fn takes_heading(self) -> bool {
        matches!(self, Reading::CopiedFromVariant | Reading::NamesAnotherType | Reading::ExamplesSendHeading)
    }
}

fn read_disagreement(
    context: &Context<'_>,
    headings: &BTreeSet<String>,
    variant: &Variant,
    value: &str,
    tag: &str,
) -> Reading {
    let examples_say = |wanted: &str| {
        variant.examples.iter().any(|example| {
            serde_json::from_str::<serde_json::Value>(&example.text)
                .ok()
                .and_then(|json| json.get(tag).and_then(|v| v.as_str()).map(|v| v == wanted))
                .unwrap_or(false)
        })
    };
    if examples_say(value) {
        return Reading::Constant;
    }
    if headings.contains(value) {
        return Reading::CopiedFromVariant;
    }
    let (heading, constant) = (variant.name.to_lowercase(), value.to_lowercase());
    if heading.starts_with(&constant) || heading.ends_with(&constant) {
        return Reading::ShortenedConstant;
    }
    if context.known.contains_key(value) {
        return Reading::NamesAnotherType;
    }
    if examples_say(&variant.name) {
        return Reading::ExamplesSendHeading;
    }
    Reading::Constant
}

fn report_disagreement(
    context: &mut Context<'_>,
    union: &str,
    variant: &Variant,
    value: &str,
    tag: &str,
    reading: Reading,
) {
    let name = &variant.name;
    let fix_constant = format!("write `\"{name}\"` as the `{tag}` of `{name}`");
    let (message, help) = match reading {
        Reading::CopiedFromVariant => (
            format!(
                "the `{tag}` constant of the variant `{name}` of `{union}` is `{value}`, the value of the variant \
                 `{value}`, as if copied from its section; read as `{name}`"
            ),
            fix_constant,
        ),
        Reading::NamesAnotherType => (
            format!(
                "the `{tag}` constant of the variant `{name}` of `{union}` is `{value}`, the name of another type, as \
                 if copied from its section; read as `{name}`"
            ),
            fix_constant,
        ),
        Reading::ExamplesSendHeading => (
            format!(
                "the `{tag}` constant `{value}` of the variant `{name}` of `{union}` disagrees with its heading, and its \
                 example sends `{name}`; read as `{name}`"
            ),
            fix_constant,
        ),
        Reading::ShortenedConstant => (
            format!(
                "the `{tag}` constant `{value}` of `{union}` is a shortened form of its heading `{name}`; `{value}` is \
                 read as the value sent"
            ),
            format!("name the heading `{value}`, or write `\"{name}\"` as the constant if that is what is sent"),
        ),
        Reading::Constant => (
            format!(
                "the `{tag}` constant `{value}` of `{union}` disagrees with its heading `{name}`; `{value}` is read as \
                 the value sent"
            ),
            "make the heading and the constant the same, or check which one the API sends".to_string(),
        ),
    };
    context.push(Diagnostic::warning(Code::SL012, message).at_opt(context.span_of(&variant.source)).help(help));
}

/// Unions told apart by another field of the object that holds them: a
/// journal entry's `eventName` names which variant its `data` is. A field of
/// a union without a discriminator is decided by one sibling when that
/// sibling is a required string whose values are the variants' names: an
/// enum listing at least half of them, or a string named for what the
/// variants are (`eventName`, `itemType`, `kind`) where that word is part of
/// the union's or the owner's name. Two such siblings decide nothing.
pub(crate) fn sibling_discriminators(models: &mut [Model]) {
    let unions: BTreeMap<String, Vec<String>> = models
        .iter()
        .filter_map(|m| Some((m, m.as_union()?)))
        .filter(|(_, union)| union.tag.is_none() && union.variants.iter().all(|v| !v.bare))
        .map(|(m, union)| (m.name.clone(), union.variants.iter().map(|v| v.name.clone()).collect()))
        .collect();
    if unions.is_empty() {
        return;
    }
    let enums: BTreeMap<String, Vec<String>> =
        models.iter().filter_map(|m| Some((m.name.clone(), m.enum_values()?.to_vec()))).collect();
    for model in models.iter_mut() {
        match &mut model.shape {
            ModelShape::Struct { fields } => decide_by_siblings(&model.name, fields, &unions, &enums),
            ModelShape::Union(union) => {
                for variant in &mut union.variants {
                    decide_by_siblings(&variant.name, &mut variant.fields, &unions, &enums);
                }
            }
            ModelShape::Enum { .. } | ModelShape::Alias { .. } => {}
        }
    }
}

fn decide_by_siblings(
    owner: &str,
    fields: &mut [Field],
    unions: &BTreeMap<String, Vec<String>>,
    enums: &BTreeMap<String, Vec<String>>,
) {
    for index in 0..fields.len() {
        let TypeRef::Named(union) = fields[index].ty.unwrap_option() else { continue };
        let Some(variants) = unions.get(union) else { continue };
        let deciders: Vec<usize> = (0..fields.len())
            .filter(|&other| other != index && names_the_variant(&fields[other], owner, union, variants, enums))
            .collect();
        if let [decider] = deciders.as_slice() {
            fields[index].variant_by = Some(fields[*decider].name.clone());
        }
    }
}

fn names_the_variant(
    field: &Field,
    owner: &str,
    union: &str,
    variants: &[String],
    enums: &BTreeMap<String, Vec<String>>,
) -> bool {
    if !field.required {
        return false;
    }
    match &field.ty {
        TypeRef::Named(name) => enums.get(name).is_some_and(|values| {
            let named = variants.iter().filter(|v| values.contains(v)).count();
            named > 0 && named * 2 >= variants.len()
        }),
        TypeRef::String => {
            let words: Vec<String> = snake_case(&field.name).split('_').map(str::to_string).collect();
            let Some((last, stem)) = words.split_last() else { return false };
            if stem.is_empty() || !["name", "type", "kind"].contains(&last.as_str()) {
                return false;
            }
            let around: Vec<String> = [union, owner]
                .iter()
                .flat_map(|n| snake_case(n).split('_').map(str::to_string).collect::<Vec<_>>())
                .collect();
            stem.iter().all(|word| around.contains(word))
        }
        _ => false,
    }
}

/// The value of the `tag` constant among a variant's fields, before it is
/// moved out of them.
pub(crate) fn constant_of(fields: &[crate::ir::Field], tag: Option<&str>) -> Option<String> {
    fields
        .iter()
        .filter(|field| field.ty == TypeRef::Constant)
        .find(|field| tag.is_none_or(|tag| field.name == tag))
        .and_then(|field| field.constant.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_headings() {
        let plain = heading_names("CallReceived");
        assert_eq!((plain.names, plain.rest), (vec!["CallReceived".to_string()], None));
        let two = heading_names("CallCenterUser OR CallCenterOperator");
        assert_eq!(two.names, ["CallCenterUser", "CallCenterOperator"]);
        assert_eq!(heading_names("Phone / Fax").names, ["Phone", "Fax"]);
        let signature = heading_names("UpdateLotUsage(processUid: SafeUUID, usage: LotUsage) extends IncrementLot");
        assert_eq!(signature.names, ["UpdateLotUsage"]);
        assert_eq!(signature.rest.as_deref(), Some("(processUid: SafeUUID, usage: LotUsage) extends IncrementLot"));
        assert_eq!(heading_names("Get all things").names, ["Get all things"]);
    }

    #[test]
    fn the_constant_chooses_among_the_names() {
        let two = heading_names("CallCenterUser OR CallCenterOperator");
        assert_eq!(variant_name(&two, Some("callCenterOperator")), "CallCenterOperator");
        assert_eq!(variant_name(&two, Some("somethingElse")), "CallCenterUser");
        assert_eq!(variant_name(&two, None), "CallCenterUser");
    }
}
