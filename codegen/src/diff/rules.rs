//! The classification rules: which changes break a client built against the
//! older documentation, and why.
//!
//! "Breaking" is judged on the wire: a client generated from OLD, talking to
//! a server that behaves as NEW documents. Every change is decided by exactly
//! one rule; the rule carries its classification, a stable id (tools match
//! on it) and a one-line reason.
//!
//! Two promises of the generated client make some changes compatible, and the
//! client generator must keep them:
//! - structs ignore fields they do not know (no `deny_unknown_fields`);
//! - enums and tagged unions decode a value or discriminator they do not know
//!   into an `Unknown` fallback variant instead of failing. A union told
//!   apart by shape (no discriminator) cannot have such a fallback, so a new
//!   variant there breaks.

use std::fmt;

use serde::Serialize;

use crate::ir::{Api, Model, Scalar, TypeRef};

/// Whether a change breaks an existing client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Classification {
    Breaking,
    Compatible,
}

impl fmt::Display for Classification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Classification::Breaking => "breaking",
            Classification::Compatible => "compatible",
        })
    }
}

/// A classification rule: a stable id (tools and reviewers refer to it), the
/// classification it gives, and why.
///
/// The classification speaks of the wire. `crate_break` speaks of the
/// generated crate: a change the wire tolerates may still change the Rust
/// items code was written against (a field's Rust type, a removed variant),
/// and then the crate's version must move as for a breaking change. It is
/// `None` for rules that break on the wire (the version moves anyway) and for
/// changes the generated shapes absorb (`#[non_exhaustive]` types, params
/// structs, constructors of what is sent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Rule {
    pub id: &'static str,
    /// Left out of JSON: the change that cites the rule carries it already.
    #[serde(skip)]
    pub classification: Classification,
    pub explanation: &'static str,
    /// Why Rust code built against the older crate may stop compiling,
    /// when the change is compatible on the wire but not for the crate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crate_break: Option<&'static str>,
}

const fn breaking(id: &'static str, explanation: &'static str) -> Rule {
    Rule { id, classification: Classification::Breaking, explanation, crate_break: None }
}

const fn compatible(id: &'static str, explanation: &'static str) -> Rule {
    Rule { id, classification: Classification::Compatible, explanation, crate_break: None }
}

/// Compatible on the wire, breaking for Rust code that uses the crate.
const fn wire_compatible(id: &'static str, explanation: &'static str, crate_break: &'static str) -> Rule {
    Rule { id, classification: Classification::Compatible, explanation, crate_break: Some(crate_break) }
}

pub const ENDPOINT_ADDED: Rule = compatible("endpoint-added", "a new operation: existing clients do not call it");
pub const ENDPOINT_REMOVED: Rule = breaking("endpoint-removed", "clients that call this operation get an error");
pub const ENDPOINT_MOVED: Rule = breaking(
    "endpoint-moved",
    "the operation answers at another method or path, and existing clients call the old one",
);
pub const ENDPOINT_RENAMED: Rule = wire_compatible(
    "endpoint-renamed",
    "only the operation's documented name changed: the request on the wire is the same",
    "the client method takes the new name",
);
pub const PARAM_ADDED_OPTIONAL: Rule =
    compatible("param-added-optional", "clients that leave the new parameter out keep working");
pub const PARAM_ADDED_REQUIRED: Rule = breaking(
    "param-added-required",
    "existing clients do not send the new required parameter, so their requests are refused",
);
pub const PARAM_REMOVED: Rule = breaking("param-removed", "clients still send the parameter and rely on what it did");
pub const PARAM_RENAMED: Rule = breaking(
    "param-renamed",
    "the parameter's name travels on the wire: what clients send under the old name is no longer read",
);
pub const PATH_PARAM_RENAMED: Rule =
    compatible("path-param-renamed", "a path parameter's name never travels on the wire");
pub const PARAM_LOCATION_CHANGED: Rule =
    breaking("param-location-changed", "clients send the parameter where it used to be");
pub const PARAM_DEFAULT_CHANGED: Rule =
    breaking("param-default-changed", "clients that leave the parameter out get a different behaviour");
pub const REQUEST_TYPE_WIDENED: Rule = wire_compatible(
    "request-type-widened",
    "every value a client sends under the old type is accepted by the new one",
    "the field or argument has another Rust type",
);
pub const REQUEST_TYPE_CHANGED: Rule =
    breaking("request-type-changed", "values a client sends under the old type may be refused");
pub const REQUEST_BECAME_OPTIONAL: Rule = wire_compatible(
    "request-became-optional",
    "clients that send it keep working",
    "the value becomes an `Option` (a parameter moves from the method into its params struct)",
);
pub const REQUEST_BECAME_REQUIRED: Rule = breaking("request-became-required", "clients that leave it out are refused");
pub const RESPONSE_TYPE_NARROWED: Rule = wire_compatible(
    "response-type-narrowed",
    "every value the server sends under the new type is readable as the old one",
    "the field or return value has another Rust type",
);
pub const RESPONSE_TYPE_CHANGED: Rule =
    breaking("response-type-changed", "the client cannot read values of the new type");
pub const RESPONSE_BECAME_REQUIRED: Rule = wire_compatible(
    "response-became-required",
    "the client already reads it when it is present",
    "the field is no longer an `Option`",
);
pub const RESPONSE_BECAME_OPTIONAL: Rule =
    breaking("response-became-optional", "the client expects it and fails when it is missing");
pub const BODY_ADDED: Rule =
    breaking("body-added", "the operation now expects a request body that existing clients do not send");
pub const BODY_REMOVED: Rule = breaking("body-removed", "what clients send in the body is no longer read");
pub const ERROR_RESPONSE_ADDED: Rule =
    compatible("error-response-added", "a client treats an error status it does not know as an error");
pub const SUCCESS_RESPONSE_ADDED: Rule =
    breaking("success-response-added", "the client was not built to read this success status");
pub const RESPONSE_REMOVED: Rule = wire_compatible(
    "response-removed",
    "the client simply never receives this status any more",
    "the method may decode another type, or an `ErrorBody` variant may go away",
);
pub const RESPONSE_BODY_ADDED: Rule = wire_compatible(
    "response-body-added",
    "the client ignores a body where it expected none",
    "the method returns the body's type instead of `()`",
);
pub const PAGINATION_ADDED: Rule =
    breaking("pagination-added", "a client that reads one answer may now get only its first page");
pub const PAGINATION_REMOVED: Rule = wire_compatible(
    "pagination-removed",
    "a client that follows pages sees one complete page",
    "the method no longer returns a `Page`, and its `_stream` method goes away",
);
pub const PAGINATION_CHANGED: Rule =
    breaking("pagination-changed", "the client asks for pages, or finds the items, where they no longer are");
pub const MODEL_ADDED: Rule =
    compatible("model-added", "a new type: nothing an existing client sends or reads uses it");
pub const MEMBER_OF_NEW_MODEL: Rule =
    compatible("member-of-new-model", "part of a new type, listed so readers see what it brings");
pub const MODEL_REMOVED: Rule =
    breaking("model-removed", "the type is gone: a client that sends or reads it no longer matches the API");
pub const MODEL_RENAMED: Rule = wire_compatible(
    "model-renamed",
    "a model's name never travels on the wire, and its content is unchanged",
    "the Rust type takes the new name",
);
pub const MODEL_KIND_CHANGED: Rule =
    breaking("model-kind-changed", "the type has another JSON shape (object, union, enum or scalar)");
pub const REQUEST_FIELD_ADDED_OPTIONAL: Rule =
    compatible("request-field-added-optional", "clients that leave the new optional field out keep working");
pub const REQUEST_FIELD_ADDED_REQUIRED: Rule = breaking(
    "request-field-added-required",
    "existing clients do not send the new required field, so the server refuses what they send",
);
pub const RESPONSE_FIELD_ADDED: Rule =
    compatible("response-field-added", "the generated structs ignore fields they do not know");
pub const REQUEST_FIELD_REMOVED: Rule =
    breaking("request-field-removed", "clients still send the field, and what they send is no longer read");
pub const RESPONSE_FIELD_REMOVED_REQUIRED: Rule =
    breaking("response-field-removed-required", "the client expects the field and fails when it is missing");
pub const RESPONSE_FIELD_REMOVED_OPTIONAL: Rule = wire_compatible(
    "response-field-removed-optional",
    "the field was optional: the client reads its absence as none",
    "the struct loses a public field",
);
pub const FIELD_RENAMED: Rule =
    breaking("field-renamed", "a field's name travels on the wire: the old name is no longer sent nor read");
pub const CONSTANT_CHANGED: Rule = breaking("constant-changed", "the fixed value on the wire changed");
pub const REQUEST_ENUM_VALUE_ADDED: Rule =
    compatible("request-enum-value-added", "clients are not obliged to send the new value");
pub const RESPONSE_ENUM_VALUE_ADDED: Rule = compatible(
    "response-enum-value-added",
    "the generated enum reads a value it does not know as its Unknown fallback",
);
pub const REQUEST_ENUM_VALUE_REMOVED: Rule =
    breaking("request-enum-value-removed", "clients may still send the value, and it is refused");
pub const RESPONSE_ENUM_VALUE_REMOVED: Rule = wire_compatible(
    "response-enum-value-removed",
    "the client simply never receives the value any more",
    "the enum loses a variant",
);
pub const REQUEST_VARIANT_ADDED: Rule =
    compatible("request-variant-added", "clients are not obliged to send the new variant");
pub const RESPONSE_TAGGED_VARIANT_ADDED: Rule = compatible(
    "response-tagged-variant-added",
    "the generated union reads a discriminator it does not know as its Unknown fallback",
);
pub const RESPONSE_UNTAGGED_VARIANT_ADDED: Rule = breaking(
    "response-untagged-variant-added",
    "a union told apart by shape has no fallback: the new shape fails to decode or passes for another variant",
);
pub const REQUEST_VARIANT_REMOVED: Rule =
    breaking("request-variant-removed", "clients may still send the variant, and it is refused");
pub const RESPONSE_VARIANT_REMOVED: Rule = wire_compatible(
    "response-variant-removed",
    "the client simply never receives the variant any more",
    "the union loses a variant",
);
pub const VARIANT_RENAMED_SAME_TAG: Rule = wire_compatible(
    "variant-renamed-same-tag",
    "only the documented name changed: the discriminator on the wire is the same",
    "the Rust variant and its struct take the new name",
);
pub const VARIANT_TAG_CHANGED: Rule =
    breaking("variant-tag-changed", "the variant's discriminator value on the wire changed");
pub const VARIANT_FORM_CHANGED: Rule =
    breaking("variant-form-changed", "the variant switched between a bare JSON string and an object");
pub const DISCRIMINATOR_DOCUMENTED: Rule = wire_compatible(
    "discriminator-documented",
    "every variant carries the field on both sides: only its documentation as the discriminator changed",
    "the union is written another way in Rust: its variant structs lose the discriminator field",
);
pub const DISCRIMINATOR_CHANGED: Rule =
    breaking("discriminator-changed", "the union is told apart by another field, so no variant reads as before");
pub const ERROR_ADDED: Rule =
    compatible("error-added", "a client reads an error it does not know through the generic error path");
pub const ERROR_REMOVED: Rule = wire_compatible(
    "error-removed",
    "the client simply never receives this error any more",
    "the error's Rust type goes away",
);
pub const ERROR_CODE_ADDED: Rule = compatible(
    "error-code-added",
    "the generated error-code enum reads a code it does not know as its Unknown fallback",
);
pub const ERROR_CODE_REMOVED: Rule = wire_compatible(
    "error-code-removed",
    "the client simply never receives this code any more",
    "the error-code enum loses a variant",
);
pub const ERROR_STATUS_CHANGED: Rule =
    breaking("error-status-changed", "the client recognises the error by a status it no longer comes with");
pub const ERROR_MODEL_CHANGED: Rule =
    breaking("error-model-changed", "the error body has another type, which the client cannot read");
pub const AUTH_ADDED: Rule = breaking("auth-added", "the API now wants a session that existing clients do not open");
pub const AUTH_REMOVED: Rule =
    wire_compatible("auth-removed", "clients that log in keep working", "the login methods become plain calls");
pub const AUTH_COOKIE_CHANGED: Rule =
    breaking("auth-cookie-changed", "clients send the session under the old cookie name");

/// Every rule, in the order of the documentation table.
pub const ALL: &[Rule] = &[
    ENDPOINT_ADDED,
    ENDPOINT_REMOVED,
    ENDPOINT_MOVED,
    ENDPOINT_RENAMED,
    PARAM_ADDED_OPTIONAL,
    PARAM_ADDED_REQUIRED,
    PARAM_REMOVED,
    PARAM_RENAMED,
    PATH_PARAM_RENAMED,
    PARAM_LOCATION_CHANGED,
    PARAM_DEFAULT_CHANGED,
    REQUEST_TYPE_WIDENED,
    REQUEST_TYPE_CHANGED,
    REQUEST_BECAME_OPTIONAL,
    REQUEST_BECAME_REQUIRED,
    RESPONSE_TYPE_NARROWED,
    RESPONSE_TYPE_CHANGED,
    RESPONSE_BECAME_REQUIRED,
    RESPONSE_BECAME_OPTIONAL,
    BODY_ADDED,
    BODY_REMOVED,
    ERROR_RESPONSE_ADDED,
    SUCCESS_RESPONSE_ADDED,
    RESPONSE_REMOVED,
    RESPONSE_BODY_ADDED,
    PAGINATION_ADDED,
    PAGINATION_REMOVED,
    PAGINATION_CHANGED,
    MODEL_ADDED,
    MEMBER_OF_NEW_MODEL,
    MODEL_REMOVED,
    MODEL_RENAMED,
    MODEL_KIND_CHANGED,
    REQUEST_FIELD_ADDED_OPTIONAL,
    REQUEST_FIELD_ADDED_REQUIRED,
    RESPONSE_FIELD_ADDED,
    REQUEST_FIELD_REMOVED,
    RESPONSE_FIELD_REMOVED_REQUIRED,
    RESPONSE_FIELD_REMOVED_OPTIONAL,
    FIELD_RENAMED,
    CONSTANT_CHANGED,
    REQUEST_ENUM_VALUE_ADDED,
    RESPONSE_ENUM_VALUE_ADDED,
    REQUEST_ENUM_VALUE_REMOVED,
    RESPONSE_ENUM_VALUE_REMOVED,
    REQUEST_VARIANT_ADDED,
    RESPONSE_TAGGED_VARIANT_ADDED,
    RESPONSE_UNTAGGED_VARIANT_ADDED,
    REQUEST_VARIANT_REMOVED,
    RESPONSE_VARIANT_REMOVED,
    VARIANT_RENAMED_SAME_TAG,
    VARIANT_TAG_CHANGED,
    VARIANT_FORM_CHANGED,
    DISCRIMINATOR_DOCUMENTED,
    DISCRIMINATOR_CHANGED,
    ERROR_ADDED,
    ERROR_REMOVED,
    ERROR_CODE_ADDED,
    ERROR_CODE_REMOVED,
    ERROR_STATUS_CHANGED,
    ERROR_MODEL_CHANGED,
    AUTH_ADDED,
    AUTH_REMOVED,
    AUTH_COOKIE_CHANGED,
];

impl Rule {
    pub fn is_breaking(self) -> bool {
        self.classification == Classification::Breaking
    }

    /// Whether Rust code written against the older generated crate may stop
    /// compiling: every change that breaks on the wire, and the wire-compatible
    /// ones the crate cannot absorb.
    pub fn breaks_crate(self) -> bool {
        self.is_breaking() || self.crate_break.is_some()
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id)
    }
}

/// Which way a type travels: what the client sends, what it reads, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    Request,
    Response,
    /// Sent and read, or used by no endpoint: a type whose use is unknown is
    /// judged as strictly as one used both ways.
    Both,
}

impl Direction {
    /// The rule that decides for this direction, given the rule for each side.
    /// A change to a type used both ways breaks when it breaks either side.
    pub fn pick(self, request: Rule, response: Rule) -> Rule {
        match self {
            Direction::Request => request,
            Direction::Response => response,
            Direction::Both if request.is_breaking() => request,
            Direction::Both => response,
        }
    }
}

/// The rule for a type that changed from `old` to `new`.
pub fn type_change(direction: Direction, old: &TypeRef, new: &TypeRef, types: &Types<'_>) -> Rule {
    let request = if types.fits(old, new) { REQUEST_TYPE_WIDENED } else { REQUEST_TYPE_CHANGED };
    let response = if matches!(old, TypeRef::Empty) {
        RESPONSE_BODY_ADDED
    } else if types.fits_back(new, old) {
        RESPONSE_TYPE_NARROWED
    } else {
        RESPONSE_TYPE_CHANGED
    };
    direction.pick(request, response)
}

/// The rule for an alias whose scalar changed; an alias of nothing known
/// reads and accepts any value.
pub fn alias_change(direction: Direction, old: Option<Scalar>, new: Option<Scalar>) -> Rule {
    let fits = |value: Option<Scalar>, target: Option<Scalar>| match (value, target) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(value), Some(target)) => scalar_fits(value, target),
    };
    let request = if fits(old, new) { REQUEST_TYPE_WIDENED } else { REQUEST_TYPE_CHANGED };
    let response = if fits(new, old) { RESPONSE_TYPE_NARROWED } else { RESPONSE_TYPE_CHANGED };
    direction.pick(request, response)
}

/// The rule for a field or parameter whose optionality changed.
pub fn optionality_change(direction: Direction, now_required: bool) -> Rule {
    if now_required {
        direction.pick(REQUEST_BECAME_REQUIRED, RESPONSE_BECAME_REQUIRED)
    } else {
        direction.pick(REQUEST_BECAME_OPTIONAL, RESPONSE_BECAME_OPTIONAL)
    }
}

pub fn field_added(direction: Direction, required: bool) -> Rule {
    let request = if required { REQUEST_FIELD_ADDED_REQUIRED } else { REQUEST_FIELD_ADDED_OPTIONAL };
    direction.pick(request, RESPONSE_FIELD_ADDED)
}

pub fn field_removed(direction: Direction, was_required: bool) -> Rule {
    let response = if was_required { RESPONSE_FIELD_REMOVED_REQUIRED } else { RESPONSE_FIELD_REMOVED_OPTIONAL };
    direction.pick(REQUEST_FIELD_REMOVED, response)
}

pub fn enum_value_added(direction: Direction) -> Rule {
    direction.pick(REQUEST_ENUM_VALUE_ADDED, RESPONSE_ENUM_VALUE_ADDED)
}

pub fn enum_value_removed(direction: Direction) -> Rule {
    direction.pick(REQUEST_ENUM_VALUE_REMOVED, RESPONSE_ENUM_VALUE_REMOVED)
}

pub fn variant_added(direction: Direction, tagged: bool) -> Rule {
    let response = if tagged { RESPONSE_TAGGED_VARIANT_ADDED } else { RESPONSE_UNTAGGED_VARIANT_ADDED };
    direction.pick(REQUEST_VARIANT_ADDED, response)
}

pub fn variant_removed(direction: Direction) -> Rule {
    direction.pick(REQUEST_VARIANT_REMOVED, RESPONSE_VARIANT_REMOVED)
}

pub fn response_added(status: u16) -> Rule {
    if status >= 400 {
        ERROR_RESPONSE_ADDED
    } else {
        SUCCESS_RESPONSE_ADDED
    }
}

/// The two APIs' types, to tell whether a value of one type is always a
/// value of another.
#[derive(Debug)]
pub struct Types<'a> {
    pub old: &'a Api,
    pub new: &'a Api,
    /// Old model name to new model name, for models found renamed.
    pub renames: &'a std::collections::BTreeMap<String, String>,
}

/// Which API a named type is looked up in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Old,
    New,
}

impl Types<'_> {
    /// Whether every value of `old` (an OLD type) is a value of `new` (a NEW type).
    pub fn fits(&self, old: &TypeRef, new: &TypeRef) -> bool {
        self.fits_sided(old, Side::Old, new, Side::New)
    }

    /// Whether every value of `new` (a NEW type) is a value of `old` (an OLD type).
    pub fn fits_back(&self, new: &TypeRef, old: &TypeRef) -> bool {
        self.fits_sided(new, Side::New, old, Side::Old)
    }

    /// Whether the two types name the same thing, renames followed.
    pub fn same(&self, old: &TypeRef, new: &TypeRef) -> bool {
        match (old, new) {
            (TypeRef::Named(a), TypeRef::Named(b)) => self.renamed(a) == b.as_str(),
            (TypeRef::Option(a), TypeRef::Option(b))
            | (TypeRef::Array(a), TypeRef::Array(b))
            | (TypeRef::NonEmptyList(a), TypeRef::NonEmptyList(b)) => self.same(a, b),
            (TypeRef::Map(k1, v1), TypeRef::Map(k2, v2)) => self.same(k1, k2) && self.same(v1, v2),
            _ => old == new,
        }
    }

    /// The NEW name of an OLD model.
    pub fn renamed<'n>(&'n self, old_name: &'n str) -> &'n str {
        self.renames.get(old_name).map(String::as_str).unwrap_or(old_name)
    }

    fn api(&self, side: Side) -> &Api {
        match side {
            Side::Old => self.old,
            Side::New => self.new,
        }
    }

    /// The scalar a named alias stands for.
    fn alias_scalar(&self, name: &str, side: Side) -> Option<Scalar> {
        self.api(side).model(name).and_then(Model::alias)
    }

    /// The values of a named enum: every one is a JSON string.
    fn enum_values(&self, name: &str, side: Side) -> Option<&[String]> {
        self.api(side).model(name).and_then(Model::enum_values)
    }

    fn canonical_name<'n>(&'n self, name: &'n str, side: Side) -> &'n str {
        match side {
            Side::Old => self.renamed(name),
            Side::New => name,
        }
    }

    fn fits_sided(&self, value: &TypeRef, from: Side, target: &TypeRef, to: Side) -> bool {
        use TypeRef as T;
        match (value, target) {
            (_, T::Any) => true,
            (T::Empty, _) | (_, T::Empty) => matches!((value, target), (T::Empty, T::Empty)),
            // An undescribed error body reads anything.
            (_, T::Error) => true,
            (T::Option(a), T::Option(b)) => self.fits_sided(a, from, b, to),
            (T::Option(_), _) => false,
            (a, T::Option(b)) => self.fits_sided(a, from, b, to),
            (T::Array(a) | T::NonEmptyList(a), T::Array(b)) | (T::NonEmptyList(a), T::NonEmptyList(b)) => {
                self.fits_sided(a, from, b, to)
            }
            (T::Map(k1, v1), T::Map(k2, v2)) => self.fits_sided(k1, from, k2, to) && self.fits_sided(v1, from, v2, to),
            (T::Named(a), T::Named(b)) => {
                self.canonical_name(a, from) == self.canonical_name(b, to)
                    || matches!(
                        (self.alias_scalar(a, from), self.alias_scalar(b, to)),
                        (Some(x), Some(y)) if scalar_fits(x, y)
                    )
                    || matches!(
                        (self.enum_values(a, from), self.enum_values(b, to)),
                        (Some(x), Some(y)) if x.iter().all(|value| y.contains(value))
                    )
            }
            (T::Named(a), b) => {
                self.alias_scalar(a, from).is_some_and(|x| scalar_fits_type(x, b))
                    || (*b == T::String && self.enum_values(a, from).is_some())
            }
            (a, T::Named(b)) => self.alias_scalar(b, to).is_some_and(|y| type_fits_scalar(a, y)),
            (T::Constant, T::String) => true,
            (a, b) => a == b || numeric_fits(a, b),
        }
    }
}

fn numeric_fits(value: &TypeRef, target: &TypeRef) -> bool {
    matches!((value, target), (TypeRef::Long | TypeRef::Float, TypeRef::Number))
}

/// A value of alias scalar `value` is always a value of alias scalar `target`.
fn scalar_fits(value: Scalar, target: Scalar) -> bool {
    use Scalar as S;
    value == target || matches!((value, target), (S::Uuid | S::Date | S::DateTime, S::String) | (S::Integer, S::Number))
}

fn scalar_fits_type(value: Scalar, target: &TypeRef) -> bool {
    use Scalar as S;
    match target {
        TypeRef::String => matches!(value, S::String | S::Uuid | S::Date | S::DateTime),
        TypeRef::Long => value == S::Integer,
        TypeRef::Number => matches!(value, S::Integer | S::Number),
        TypeRef::Boolean => value == S::Boolean,
        _ => false,
    }
}

fn type_fits_scalar(value: &TypeRef, target: Scalar) -> bool {
    use Scalar as S;
    match value {
        TypeRef::String => target == S::String,
        TypeRef::Long => matches!(target, S::Integer | S::Number),
        TypeRef::Float | TypeRef::Number => target == S::Number,
        TypeRef::Boolean => target == S::Boolean,
        _ => false,
    }
}

/// The rules as a markdown table, for the documentation: the wire's
/// classification, and what the change does to the generated crate's version.
pub fn rules_table() -> String {
    let mut table = String::from("| Rule | Classification | Why | Generated crate |\n| --- | --- | --- | --- |\n");
    for rule in ALL {
        let crate_effect = match (rule.is_breaking(), rule.crate_break) {
            (true, _) => "breaking".to_string(),
            (false, Some(reason)) => format!("breaking: {reason}"),
            (false, None) => "compatible".to_string(),
        };
        table.push_str(&format!(
            "| `{}` | {} | {} | {crate_effect} |\n",
            rule.id, rule.classification, rule.explanation
        ));
    }
    table
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;
    use crate::ir::{ModelShape, Source};

    fn alias(name: &str, scalar: Scalar) -> Model {
        Model::new(
            name.to_string(),
            "Models".to_string(),
            ModelShape::Alias { of: scalar },
            Source { file: "index.html.md".to_string(), line: 1 },
        )
    }

    fn ty(text: &str) -> TypeRef {
        text.parse().unwrap()
    }

    #[test]
    fn rule_ids_are_unique_and_kebab_case() {
        let ids: BTreeSet<&str> = ALL.iter().map(|rule| rule.id).collect();
        assert_eq!(ids.len(), ALL.len());
        let declared =
            include_str!("rules.rs").lines().filter(|l| l.starts_with("pub const ") && l.contains(": Rule")).count();
        assert_eq!(declared, ALL.len(), "every rule constant is listed in ALL");
        for id in ids {
            assert!(id.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{id}");
        }
    }

    /// docs/diff.md carries the rules table; like a generated file, a stale
    /// table is rewritten and the test fails so the change gets reviewed.
    #[test]
    fn the_documented_rules_table_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/diff.md");
        let text = std::fs::read_to_string(&path).unwrap();
        let (start_marker, end_marker) = ("<!-- rules:start -->\n", "<!-- rules:end -->");
        let start = text.find(start_marker).unwrap() + start_marker.len();
        let end = text.find(end_marker).unwrap();
        let table = format!("\n{}\n", rules_table());
        if text[start..end] != table {
            std::fs::write(&path, format!("{}{table}{}", &text[..start], &text[end..])).unwrap();
            panic!("docs/diff.md had a stale rules table; it has been rewritten: review and commit it");
        }
    }

    #[test]
    fn values_fit_wider_types_only() {
        let api = Api { models: vec![alias("SafeUUID", Scalar::Uuid)], ..Api::default() };
        let renames = BTreeMap::new();
        let types = Types { old: &api, new: &api, renames: &renames };
        assert!(types.fits(&ty("Long"), &ty("Number")));
        assert!(!types.fits(&ty("Number"), &ty("Long")));
        assert!(types.fits(&ty("String"), &ty("Option[String]")));
        assert!(!types.fits(&ty("Option[String]"), &ty("String")));
        assert!(types.fits(&ty("NonEmptyList[Long]"), &ty("Array[Long]")));
        assert!(!types.fits(&ty("Array[Long]"), &ty("NonEmptyList[Long]")));
        assert!(types.fits(&ty("SafeUUID"), &ty("String")));
        assert!(!types.fits(&ty("String"), &ty("SafeUUID")));
        assert!(types.fits(&ty("Map[String,Long]"), &ty("Map[String,Number]")));
        assert!(types.fits(&ty("CompanyQueryView"), &ty("Any")));
        assert!(types.fits(&ty("CompanyQueryView"), &ty("Error")));
        assert!(!types.fits(&ty("Empty"), &ty("String")));
    }

    #[test]
    fn enum_values_are_strings() {
        let state = |name: &str, values: &[&str]| Model {
            shape: ModelShape::Enum { values: values.iter().map(|v| v.to_string()).collect() },
            ..alias(name, Scalar::String)
        };
        let api = Api { models: vec![state("Small", &["A"]), state("Large", &["A", "B"])], ..Api::default() };
        let renames = BTreeMap::new();
        let types = Types { old: &api, new: &api, renames: &renames };
        assert!(types.fits(&ty("Small"), &ty("String")));
        assert!(!types.fits(&ty("String"), &ty("Small")));
        assert!(types.fits(&ty("Small"), &ty("Large")));
        assert!(!types.fits(&ty("Large"), &ty("Small")));
    }

    #[test]
    fn renamed_models_still_fit() {
        let api = Api::default();
        let renames = BTreeMap::from([("Old".to_string(), "New".to_string())]);
        let types = Types { old: &api, new: &api, renames: &renames };
        assert!(types.fits(&ty("Array[Old]"), &ty("Array[New]")));
        assert!(types.fits_back(&ty("New"), &ty("Old")));
        assert!(types.same(&ty("Option[Old]"), &ty("Option[New]")));
        assert!(!types.same(&ty("Old"), &ty("Old")));
    }

    #[test]
    fn direction_decides_which_side_counts() {
        let api = Api::default();
        let renames = BTreeMap::new();
        let types = Types { old: &api, new: &api, renames: &renames };
        let (long, number) = (ty("Long"), ty("Number"));
        assert_eq!(type_change(Direction::Request, &long, &number, &types), REQUEST_TYPE_WIDENED);
        assert_eq!(type_change(Direction::Response, &long, &number, &types), RESPONSE_TYPE_CHANGED);
        assert_eq!(type_change(Direction::Response, &number, &long, &types), RESPONSE_TYPE_NARROWED);
        assert_eq!(type_change(Direction::Both, &long, &number, &types), RESPONSE_TYPE_CHANGED);
        assert_eq!(type_change(Direction::Both, &number, &long, &types), REQUEST_TYPE_CHANGED);
        assert_eq!(optionality_change(Direction::Both, true), REQUEST_BECAME_REQUIRED);
        assert_eq!(optionality_change(Direction::Both, false), RESPONSE_BECAME_OPTIONAL);
        assert_eq!(field_added(Direction::Both, false), RESPONSE_FIELD_ADDED);
        assert_eq!(field_added(Direction::Both, true), REQUEST_FIELD_ADDED_REQUIRED);
    }
}
