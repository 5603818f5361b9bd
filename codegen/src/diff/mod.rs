//! The semantic diff of two API models: every change between an older and a
//! newer documentation, each classified breaking or compatible for a client
//! built against the older one, with the rule that decided it.
//!
//! Only the IR is read. Items are paired by identity (an endpoint by method
//! and path, a model by name, a field by name...), then what is left is paired
//! as renames where the evidence is clear ([`rename`]). Changes to models are
//! judged by the way the model travels ([`usage`]): a new required field
//! breaks what clients send, not what they read. The rules live in
//! [`rules`]; [`render`] writes the result as text, markdown or JSON.

mod compare;
pub mod rename;
pub mod render;
pub mod rules;
pub mod usage;

#[cfg(test)]
mod tests;

use std::fmt;

use serde::Serialize;

use crate::ir::{Api, Source};

pub use render::{render, Format};
pub use rules::{Classification, Rule};

/// Everything that changed, in documentation order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ApiDiff {
    pub changes: Vec<Change>,
}

impl ApiDiff {
    pub fn breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|change| change.classification == Classification::Breaking)
    }

    pub fn has_breaking(&self) -> bool {
        self.breaking().next().is_some()
    }

    pub fn count(&self, classification: Classification) -> usize {
        self.changes.iter().filter(|change| change.classification == classification).count()
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    /// What changed, from the API down: `GET /api/v1/companies › param range`.
    pub path: String,
    /// The old value, in the documentation's notation, when there was one.
    pub before: Option<String>,
    /// The new value, when there is one.
    pub after: Option<String>,
    pub classification: Classification,
    pub rule: Rule,
    /// Where the change is documented: in the new documentation, or in the
    /// old one for what was removed.
    pub source: Option<Source>,
}

/// The kinds of change, named as tools see them in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    EndpointAdded,
    EndpointRemoved,
    EndpointMoved,
    EndpointRenamed,
    ParamAdded,
    ParamRemoved,
    ParamRenamed,
    ParamLocationChanged,
    ParamTypeChanged,
    ParamRequiredChanged,
    ParamDefaultChanged,
    BodyAdded,
    BodyRemoved,
    BodyTypeChanged,
    ResponseAdded,
    ResponseRemoved,
    ResponseTypeChanged,
    PaginationAdded,
    PaginationRemoved,
    PaginationChanged,
    ModelAdded,
    ModelRemoved,
    ModelRenamed,
    ModelKindChanged,
    AliasChanged,
    FieldAdded,
    FieldRemoved,
    FieldRenamed,
    FieldTypeChanged,
    FieldRequiredChanged,
    FieldConstantChanged,
    EnumValueAdded,
    EnumValueRemoved,
    VariantAdded,
    VariantRemoved,
    VariantRenamed,
    VariantTagChanged,
    VariantFormChanged,
    DiscriminatorChanged,
    ErrorAdded,
    ErrorRemoved,
    ErrorStatusChanged,
    ErrorModelChanged,
    ErrorCodeAdded,
    ErrorCodeRemoved,
    AuthAdded,
    AuthRemoved,
    AuthCookieChanged,
}

impl ChangeKind {
    /// A short phrase for people.
    pub fn label(self) -> &'static str {
        use ChangeKind as K;
        match self {
            K::EndpointAdded
            | K::ParamAdded
            | K::BodyAdded
            | K::ResponseAdded
            | K::PaginationAdded
            | K::ModelAdded
            | K::FieldAdded
            | K::EnumValueAdded
            | K::VariantAdded
            | K::ErrorAdded
            | K::ErrorCodeAdded
            | K::AuthAdded => "added",
            K::EndpointRemoved
            | K::ParamRemoved
            | K::BodyRemoved
            | K::ResponseRemoved
            | K::PaginationRemoved
            | K::ModelRemoved
            | K::FieldRemoved
            | K::EnumValueRemoved
            | K::VariantRemoved
            | K::ErrorRemoved
            | K::ErrorCodeRemoved
            | K::AuthRemoved => "removed",
            K::EndpointMoved => "moved",
            K::EndpointRenamed | K::ParamRenamed | K::ModelRenamed | K::FieldRenamed | K::VariantRenamed => "renamed",
            K::ParamLocationChanged => "location changed",
            K::ParamTypeChanged | K::BodyTypeChanged | K::ResponseTypeChanged | K::FieldTypeChanged => "type changed",
            K::AliasChanged => "aliased type changed",
            K::ParamRequiredChanged | K::FieldRequiredChanged => "optionality changed",
            K::ParamDefaultChanged => "default changed",
            K::PaginationChanged => "pagination changed",
            K::ModelKindChanged => "kind changed",
            K::FieldConstantChanged => "constant changed",
            K::VariantTagChanged => "discriminator value changed",
            K::VariantFormChanged => "form changed",
            K::DiscriminatorChanged => "discriminator changed",
            K::ErrorStatusChanged => "status changed",
            K::ErrorModelChanged => "body type changed",
            K::AuthCookieChanged => "session cookie changed",
        }
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Compares two API models: `old` is what existing clients were built from.
pub fn diff(old: &Api, new: &Api) -> ApiDiff {
    ApiDiff { changes: compare::compare(old, new) }
}
