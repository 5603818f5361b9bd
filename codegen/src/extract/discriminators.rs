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

use std::collections::BTreeSet;

use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{Model, TypeRef, Variant};

use super::names::is_type_name;
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
pub(crate) fn report_heading(context: &mut Context<'_>, model: &Model, variant: &Variant, title: &str) {
    let heading = heading_names(title);
    let message = if heading.names.len() > 1 {
        format!(
            "the heading `{title}` of a variant of `{}` names {} types; read as the variant `{}`, the one its constant \
             names",
            model.name,
            heading.names.len(),
            variant.name
        )
    } else if let Some(rest) = &heading.rest {
        format!(
            "the heading `{title}` of a variant of `{}` is the name `{}` followed by `{rest}`; read as `{}`",
            model.name, variant.name, variant.name
        )
    } else {
        return;
    };
    let others: Vec<&str> = heading.names.iter().map(String::as_str).filter(|n| *n != variant.name).collect();
    let help = if others.is_empty() {
        format!("write the heading `{}` and the rest in the text under it", variant.name)
    } else {
        format!("give `{}` a section of its own, or say in the text that it is also `{}`", others.join("`, `"), variant.name)
    };
    context.push(Diagnostic::warning(Code::SL012, message).at_opt(context.span_of(&variant.source)).help(help));
}

/// Settles each variant's discriminator value against its heading and the
/// other variants, reporting every disagreement with the reading taken.
pub(crate) fn settle_values(context: &mut Context<'_>, model: &mut Model, tag: &str) {
    let headings: BTreeSet<String> = model.variants.iter().map(|v| v.name.clone()).collect();
    let mut seen: Vec<(String, String)> = Vec::new();
    for variant in &mut model.variants {
        let Some(value) = variant.tag_value.clone() else { continue };
        if !value.eq_ignore_ascii_case(&variant.name) {
            let reading = read_disagreement(context, &headings, variant, &value, tag);
            report_disagreement(context, &model.name, variant, &value, tag, reading);
            if reading.takes_heading() {
                variant.tag_value = Some(variant.name.clone());
            }
        }
        let value = variant.tag_value.clone().unwrap_or(value);
        if let Some((other, _)) = seen.iter().find(|(_, v)| *v == value) {
            let (message, help) = if *other == variant.name {
                (
                    format!("`{}` documents the variant `{other}` twice", model.name),
                    format!("merge the two `{other}` sections, or give this one the name and `{tag}` it really has"),
                )
            } else {
                (
                    format!(
                        "the variants `{other}` and `{}` of `{}` have the same `{tag}` value `{value}`",
                        variant.name, model.name
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

fn report_disagreement(context: &mut Context<'_>, union: &str, variant: &Variant, value: &str, tag: &str, reading: Reading) {
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
