//! The walk over both API models that finds the changes.
//!
//! Every list (endpoints, parameters, models, fields, variants...) is walked
//! the same way: the new items in documentation order, each compared with the
//! old item it continues or reported added, then the old items nothing
//! continues, reported removed.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{
    Api, Endpoint, ErrorDef, Field, Model, ModelShape, Param, ParamLocation, Source, TypeRef, Union, Variant,
};

use super::rename::{match_items, same_position, Matching};
use super::rules::{self, Direction, Rule, Types};
use super::usage::{model_usage, Usage};
use super::{Change, ChangeKind};

/// Path separator between the levels of a change's path.
const SEP: &str = " › ";

pub fn compare(old: &Api, new: &Api) -> Vec<Change> {
    let renames = model_renames(old, new);
    let differ = Differ {
        old,
        new,
        types: Types { old, new, renames: &renames },
        old_usage: model_usage(old),
        new_usage: model_usage(new),
        error_code_enums: error_code_enums(old).union(&error_code_enums(new)).cloned().collect(),
        synthesized_bodies: synthesized_bodies(old).union(&synthesized_bodies(new)).cloned().collect(),
    };
    let mut changes = Vec::new();
    differ.endpoints(&mut changes);
    differ.models(&mut changes);
    differ.errors(&mut changes);
    differ.auth(&mut changes);
    changes
}

struct Differ<'a> {
    old: &'a Api,
    new: &'a Api,
    types: Types<'a>,
    old_usage: BTreeMap<String, Usage>,
    new_usage: BTreeMap<String, Usage>,
    /// Enums of the codes of a typed error: compared with the errors.
    error_code_enums: BTreeSet<String>,
    /// Bodies assembled from parameter rows: their fields are compared as
    /// the endpoint's parameters.
    synthesized_bodies: BTreeSet<String>,
}

/// Builds a change; the rule gives its classification.
fn change(
    kind: ChangeKind,
    path: String,
    before: Option<String>,
    after: Option<String>,
    rule: Rule,
    source: &Source,
) -> Change {
    Change { kind, path, before, after, classification: rule.classification, rule, source: Some(source.clone()) }
}

fn join(parent: &str, child: impl AsRef<str>) -> String {
    format!("{parent}{SEP}{}", child.as_ref())
}

/// Whether a field or parameter must be present.
fn field_required(field: &Field) -> bool {
    field.required && !field.ty.is_option()
}

fn param_required(param: &Param) -> bool {
    param.required && !param.ty.is_option()
}

fn presence(required: bool) -> String {
    if required { "required" } else { "optional" }.to_string()
}

/// A field's type as people read it, optionality included.
fn field_summary(field: &Field) -> String {
    if field.ty.is_option() || field_required(field) {
        field.ty.to_string()
    } else {
        format!("{} (optional)", field.ty)
    }
}

fn param_summary(param: &Param) -> String {
    let presence = if param.ty.is_option() || param_required(param) { String::new() } else { ", optional".into() };
    format!("{} in {}{presence}", param.ty, param.location)
}

fn model_path(model: &Model) -> String {
    format!("{} {}", model.kind(), model.name)
}

fn model_summary(model: &Model) -> String {
    match &model.shape {
        ModelShape::Struct { fields } => {
            // A fixed field (`commandType`) names what the struct is on the wire.
            let constants = fields.iter().filter_map(|f| f.constant.as_ref().map(|c| format!("{} = \"{c}\"", f.name)));
            std::iter::once(format!("struct of {} field(s)", fields.len()))
                .chain(constants)
                .collect::<Vec<_>>()
                .join(", ")
        }
        ModelShape::Union(union) => match &union.tag {
            Some(tag) => format!("union on {tag} of {} variant(s)", union.variants.len()),
            None => format!("union told apart by shape, of {} variant(s)", union.variants.len()),
        },
        ModelShape::Enum { values } => format!("enum of {}", values.join(", ")),
        ModelShape::Alias { of } => format!("alias of {}", scalar_name(*of)),
    }
}

fn scalar_name(scalar: crate::ir::Scalar) -> String {
    serde_json::to_value(scalar).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// How a variant shows on the wire: its discriminator value, or its fields.
fn variant_summary(union: &Union, variant: &Variant) -> String {
    match (&union.tag, &variant.tag_value) {
        (_, Some(value)) if variant.bare => format!("\"{value}\""),
        (Some(tag), Some(value)) => format!("{tag} = \"{value}\""),
        _ => {
            let names: Vec<&str> = variant.fields.iter().map(|f| f.name.as_str()).collect();
            format!("fields {}", names.join(", "))
        }
    }
}

/// Method and path with placeholders blanked: two endpoints with the same key
/// answer the same requests, whatever their path parameters are called.
fn endpoint_key(endpoint: &Endpoint) -> (String, String) {
    let mut path = String::with_capacity(endpoint.path.len());
    let mut in_placeholder = false;
    for c in endpoint.path.chars() {
        match c {
            '{' => {
                in_placeholder = true;
                path.push_str("{}");
            }
            '}' => in_placeholder = false,
            c if !in_placeholder => path.push(c),
            _ => {}
        }
    }
    (endpoint.method.to_ascii_uppercase(), path.trim_end_matches('/').to_string())
}

fn endpoint_path(endpoint: &Endpoint) -> String {
    format!("{} {}", endpoint.method.to_ascii_uppercase(), endpoint.path)
}

/// Models the IR has renamed: a model gone and a model new with the same
/// content, and no other candidate on either side. Content is compared with
/// the renames found so far followed, until no more are found: renaming a
/// struct also renames the enums named after its fields.
fn model_renames(old: &Api, new: &Api) -> BTreeMap<String, String> {
    let mut renames = BTreeMap::new();
    // Each round can only add evidence; the bound guards against a pair
    // that more evidence makes ambiguous again.
    for _ in 0..=old.models.len() {
        let types = Types { old, new, renames: &renames };
        let matching = match_items(
            &old.models,
            &new.models,
            |o, n| o.name == n.name,
            |o, n| same_content(&old.models[o], &new.models[n], &types),
        );
        let found: BTreeMap<String, String> = matching
            .new_to_old
            .iter()
            .enumerate()
            .filter_map(|(n, pair)| match pair {
                Some((o, true)) => Some((old.models[*o].name.clone(), new.models[n].name.clone())),
                _ => None,
            })
            .collect();
        if found == renames {
            break;
        }
        renames = found;
    }
    renames
}

/// Same kind and same members in the same order; an empty model proves
/// nothing, so it never matches.
fn same_content(old: &Model, new: &Model, types: &Types<'_>) -> bool {
    let same_fields = |a: &[Field], b: &[Field]| {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| {
                x.name == y.name && types.same(&x.ty, &y.ty) && x.required == y.required && x.constant == y.constant
            })
    };
    match (&old.shape, &new.shape) {
        (ModelShape::Struct { fields: old }, ModelShape::Struct { fields: new }) => {
            !old.is_empty() && same_fields(old, new)
        }
        (ModelShape::Union(old), ModelShape::Union(new)) => {
            !old.variants.is_empty()
                && old.tag == new.tag
                && old.variants.len() == new.variants.len()
                && old.variants.iter().zip(&new.variants).all(|(x, y)| {
                    x.name == y.name
                        && x.tag_value == y.tag_value
                        && x.bare == y.bare
                        && same_fields(&x.fields, &y.fields)
                })
        }
        (ModelShape::Enum { values: old }, ModelShape::Enum { values: new }) => !old.is_empty() && old == new,
        (ModelShape::Alias { of: old }, ModelShape::Alias { of: new }) => old == new,
        _ => false,
    }
}

fn synthesized_bodies(api: &Api) -> BTreeSet<String> {
    let bodies = api.endpoints.iter().filter_map(|endpoint| endpoint.body.as_ref()).filter(|body| body.synthesized);
    bodies.flat_map(|body| body.ty.named_types()).map(str::to_string).collect()
}

/// Enum models holding exactly the codes of a typed error.
fn error_code_enums(api: &Api) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for error in api.errors.iter().filter(|error| !error.codes.is_empty()) {
        let Some(model) = error.model.as_deref().and_then(|name| api.model(name)) else { continue };
        let codes: BTreeSet<&String> = error.codes.iter().collect();
        for field in model.fields() {
            if let TypeRef::Named(name) = field.ty.unwrap_option() {
                let is_code_enum = api
                    .model(name)
                    .and_then(Model::enum_values)
                    .is_some_and(|values| values.iter().collect::<BTreeSet<_>>() == codes);
                if is_code_enum {
                    names.insert(name.clone());
                }
            }
        }
    }
    names
}

impl Differ<'_> {
    /// The direction a model's changes are judged in: how existing clients
    /// used it, joined with how the new documentation uses it.
    fn direction(&self, old_name: &str, new_name: &str) -> Direction {
        let old = self.old_usage.get(old_name).copied().unwrap_or_default();
        let new = self.new_usage.get(new_name).copied().unwrap_or_default();
        old.union(new).direction()
    }

    // ---- endpoints ----

    fn endpoints(&self, changes: &mut Vec<Change>) {
        let (old, new) = (&self.old.endpoints, &self.new.endpoints);
        let matching = match_items(
            old,
            new,
            |o, n| endpoint_key(o) == endpoint_key(n),
            |o, n| self.endpoint_moved(&old[o], &new[n]),
        );
        for (n, pair) in matching.new_to_old.iter().enumerate() {
            let new_endpoint = &new[n];
            match *pair {
                Some((o, renamed)) => {
                    if renamed {
                        changes.push(change(
                            ChangeKind::EndpointMoved,
                            endpoint_path(new_endpoint),
                            Some(endpoint_path(&old[o])),
                            Some(endpoint_path(new_endpoint)),
                            rules::ENDPOINT_MOVED,
                            &new_endpoint.source,
                        ));
                    }
                    if old[o].id != new_endpoint.id {
                        changes.push(change(
                            ChangeKind::EndpointRenamed,
                            endpoint_path(new_endpoint),
                            Some(old[o].id.clone()),
                            Some(new_endpoint.id.clone()),
                            rules::ENDPOINT_RENAMED,
                            &new_endpoint.source,
                        ));
                    }
                    self.endpoint(&old[o], new_endpoint, changes);
                }
                None => changes.push(change(
                    ChangeKind::EndpointAdded,
                    endpoint_path(new_endpoint),
                    None,
                    Some(new_endpoint.name.clone()),
                    rules::ENDPOINT_ADDED,
                    &new_endpoint.source,
                )),
            }
        }
        for &o in &matching.removed {
            changes.push(change(
                ChangeKind::EndpointRemoved,
                endpoint_path(&old[o]),
                Some(old[o].name.clone()),
                None,
                rules::ENDPOINT_REMOVED,
                &old[o].source,
            ));
        }
    }

    /// An endpoint that answers elsewhere now: the same parameters and
    /// responses, and the same heading or the same path.
    fn endpoint_moved(&self, old: &Endpoint, new: &Endpoint) -> bool {
        let same_params = old.params.len() == new.params.len()
            && old.params.iter().zip(&new.params).all(|(a, b)| {
                a.name == b.name
                    && a.location == b.location
                    && a.required == b.required
                    && self.types.same(&a.ty, &b.ty)
            });
        let same_responses = old.responses.len() == new.responses.len()
            && old
                .responses
                .iter()
                .zip(&new.responses)
                .all(|(a, b)| a.status == b.status && self.types.same(&a.ty, &b.ty));
        let same_name = old.name == new.name || old.id == new.id || old.path == new.path;
        same_params && same_responses && same_name
    }

    fn endpoint(&self, old: &Endpoint, new: &Endpoint, changes: &mut Vec<Change>) {
        let path = endpoint_path(new);
        self.params(&path, old, new, changes);
        self.body(&path, old, new, changes);
        self.responses(&path, old, new, changes);
        self.pagination(&path, old, new, changes);
    }

    fn params(&self, path: &str, old: &Endpoint, new: &Endpoint, changes: &mut Vec<Change>) {
        let (old_params, new_params) = (&old.params, &new.params);
        let old_names: Vec<&str> = old_params.iter().map(|p| p.name.as_str()).collect();
        let new_names: Vec<&str> = new_params.iter().map(|p| p.name.as_str()).collect();
        let matching = match_items(
            old_params,
            new_params,
            |o, n| o.name == n.name,
            |o, n| {
                let (a, b) = (&old_params[o], &new_params[n]);
                a.location == b.location
                    && param_required(a) == param_required(b)
                    && self.types.same(&a.ty, &b.ty)
                    && same_position(&old_names, o, &new_names, n)
            },
        );
        for (n, pair) in matching.new_to_old.iter().enumerate() {
            let new_param = &new_params[n];
            let param_path = join(path, format!("param {}", display_name(&new_param.name)));
            let Some((o, renamed)) = *pair else {
                let rule =
                    if param_required(new_param) { rules::PARAM_ADDED_REQUIRED } else { rules::PARAM_ADDED_OPTIONAL };
                let after = Some(param_summary(new_param));
                changes.push(change(ChangeKind::ParamAdded, param_path, None, after, rule, &new_param.source));
                continue;
            };
            let old_param = &old_params[o];
            if renamed {
                let rule = if new_param.location == ParamLocation::Path {
                    rules::PATH_PARAM_RENAMED
                } else {
                    rules::PARAM_RENAMED
                };
                let (before, after) = (Some(old_param.name.clone()), Some(new_param.name.clone()));
                changes.push(change(
                    ChangeKind::ParamRenamed,
                    param_path.clone(),
                    before,
                    after,
                    rule,
                    &new_param.source,
                ));
            }
            self.param(&param_path, old_param, new_param, changes);
        }
        for &o in &matching.removed {
            let old_param = &old_params[o];
            let param_path = join(path, format!("param {}", display_name(&old_param.name)));
            let before = Some(param_summary(old_param));
            changes.push(change(
                ChangeKind::ParamRemoved,
                param_path,
                before,
                None,
                rules::PARAM_REMOVED,
                &old_param.source,
            ));
        }
    }

    fn param(&self, path: &str, old: &Param, new: &Param, changes: &mut Vec<Change>) {
        let source = &new.source;
        if old.location != new.location {
            let (before, after) = (Some(old.location.to_string()), Some(new.location.to_string()));
            changes.push(change(
                ChangeKind::ParamLocationChanged,
                path.to_string(),
                before,
                after,
                rules::PARAM_LOCATION_CHANGED,
                source,
            ));
        }
        let (old_ty, new_ty) = (old.ty.unwrap_option(), new.ty.unwrap_option());
        if !self.types.same(old_ty, new_ty) {
            let rule = rules::type_change(Direction::Request, old_ty, new_ty, &self.types);
            let (before, after) = (Some(old_ty.to_string()), Some(new_ty.to_string()));
            changes.push(change(ChangeKind::ParamTypeChanged, path.to_string(), before, after, rule, source));
        }
        let (was, is) = (param_required(old), param_required(new));
        if was != is {
            let rule = rules::optionality_change(Direction::Request, is);
            let (before, after) = (Some(presence(was)), Some(presence(is)));
            changes.push(change(ChangeKind::ParamRequiredChanged, path.to_string(), before, after, rule, source));
        }
        let defaults = (old.default.as_deref().map(str::trim), new.default.as_deref().map(str::trim));
        if let (Some(before), Some(after)) = defaults {
            if before != after {
                let (before, after) = (Some(before.to_string()), Some(after.to_string()));
                let rule = rules::PARAM_DEFAULT_CHANGED;
                changes.push(change(ChangeKind::ParamDefaultChanged, path.to_string(), before, after, rule, source));
            }
        }
    }

    /// The body, when no parameter row stands for it (rows are compared as
    /// parameters).
    fn body(&self, path: &str, old: &Endpoint, new: &Endpoint, changes: &mut Vec<Change>) {
        let has_body_rows = |e: &Endpoint| e.params.iter().any(|p| p.location == ParamLocation::Body);
        if has_body_rows(old) || has_body_rows(new) {
            return;
        }
        let body_path = join(path, "body");
        match (&old.body, &new.body) {
            (None, Some(body)) => changes.push(change(
                ChangeKind::BodyAdded,
                body_path,
                None,
                Some(body.ty.to_string()),
                rules::BODY_ADDED,
                &new.source,
            )),
            (Some(body), None) => changes.push(change(
                ChangeKind::BodyRemoved,
                body_path,
                Some(body.ty.to_string()),
                None,
                rules::BODY_REMOVED,
                &new.source,
            )),
            (Some(a), Some(b)) if !self.types.same(&a.ty, &b.ty) => {
                let rule = rules::type_change(Direction::Request, &a.ty, &b.ty, &self.types);
                let (before, after) = (Some(a.ty.to_string()), Some(b.ty.to_string()));
                changes.push(change(ChangeKind::BodyTypeChanged, body_path, before, after, rule, &new.source));
            }
            _ => {}
        }
    }

    fn responses(&self, path: &str, old: &Endpoint, new: &Endpoint, changes: &mut Vec<Change>) {
        let matching = match_items(&old.responses, &new.responses, |o, n| o.status == n.status, |_, _| false);
        for (n, pair) in matching.new_to_old.iter().enumerate() {
            let response = &new.responses[n];
            let response_path = join(path, format!("response {}", response.status));
            let Some((o, _)) = *pair else {
                let rule = rules::response_added(response.status);
                let after = Some(response.ty.to_string());
                changes.push(change(ChangeKind::ResponseAdded, response_path, None, after, rule, &response.source));
                continue;
            };
            let old_response = &old.responses[o];
            if !self.types.same(&old_response.ty, &response.ty) {
                let rule = rules::type_change(Direction::Response, &old_response.ty, &response.ty, &self.types);
                let (before, after) = (Some(old_response.ty.to_string()), Some(response.ty.to_string()));
                changes.push(change(
                    ChangeKind::ResponseTypeChanged,
                    response_path,
                    before,
                    after,
                    rule,
                    &response.source,
                ));
            }
        }
        for &o in &matching.removed {
            let response = &old.responses[o];
            let response_path = join(path, format!("response {}", response.status));
            let before = Some(response.ty.to_string());
            let rule = rules::RESPONSE_REMOVED;
            changes.push(change(ChangeKind::ResponseRemoved, response_path, before, None, rule, &response.source));
        }
    }

    fn pagination(&self, path: &str, old: &Endpoint, new: &Endpoint, changes: &mut Vec<Change>) {
        let describe = |p: &crate::ir::Pagination| match &p.items_field {
            Some(field) => format!("{} pages, items in {field}", p.param),
            None => format!("{} pages", p.param),
        };
        let pagination_path = join(path, "pagination");
        let (kind, rule) = match (&old.pagination, &new.pagination) {
            (None, Some(_)) => (ChangeKind::PaginationAdded, rules::PAGINATION_ADDED),
            (Some(_), None) => (ChangeKind::PaginationRemoved, rules::PAGINATION_REMOVED),
            (Some(a), Some(b)) if a.param != b.param || a.items_field != b.items_field => {
                (ChangeKind::PaginationChanged, rules::PAGINATION_CHANGED)
            }
            _ => return,
        };
        let (before, after) = (old.pagination.as_ref().map(describe), new.pagination.as_ref().map(describe));
        changes.push(change(kind, pagination_path, before, after, rule, &new.source));
    }

    // ---- models ----

    fn models(&self, changes: &mut Vec<Change>) {
        let old_models: Vec<&Model> =
            self.old.models.iter().filter(|m| !self.error_code_enums.contains(&m.name)).collect();
        let new_models: Vec<&Model> =
            self.new.models.iter().filter(|m| !self.error_code_enums.contains(&m.name)).collect();
        let matching = match_items(
            &old_models,
            &new_models,
            |o, n| o.name == n.name,
            |o, n| self.types.renamed(&old_models[o].name) == new_models[n].name,
        );
        for (n, pair) in matching.new_to_old.iter().enumerate() {
            let new_model = new_models[n];
            let Some((o, renamed)) = *pair else {
                self.model_added(new_model, changes);
                continue;
            };
            let old_model = old_models[o];
            if renamed {
                changes.push(change(
                    ChangeKind::ModelRenamed,
                    model_path(new_model),
                    Some(old_model.name.clone()),
                    Some(new_model.name.clone()),
                    rules::MODEL_RENAMED,
                    &new_model.source,
                ));
            }
            self.model(old_model, new_model, changes);
        }
        for &o in &matching.removed {
            let model = old_models[o];
            let before = Some(model_summary(model));
            changes.push(change(
                ChangeKind::ModelRemoved,
                model_path(model),
                before,
                None,
                rules::MODEL_REMOVED,
                &model.source,
            ));
        }
    }

    /// A new model; a new union also lists its variants, since a new union
    /// is usually a new family of commands or events readers look for.
    fn model_added(&self, model: &Model, changes: &mut Vec<Change>) {
        let path = model_path(model);
        let after = Some(model_summary(model));
        changes.push(change(ChangeKind::ModelAdded, path.clone(), None, after, rules::MODEL_ADDED, &model.source));
        let Some(union) = model.as_union() else { return };
        for variant in &union.variants {
            changes.push(change(
                ChangeKind::VariantAdded,
                join(&path, format!("variant {}", variant.name)),
                None,
                Some(variant_summary(union, variant)),
                rules::MEMBER_OF_NEW_MODEL,
                &variant.source,
            ));
        }
    }

    fn model(&self, old: &Model, new: &Model, changes: &mut Vec<Change>) {
        let path = model_path(new);
        let direction = self.direction(&old.name, &new.name);
        match (&old.shape, &new.shape) {
            (ModelShape::Struct { fields: old_fields }, ModelShape::Struct { fields: new_fields }) => {
                let is_body = |name: &String| self.synthesized_bodies.contains(name);
                if !(is_body(&old.name) && is_body(&new.name)) {
                    self.fields(&path, old_fields, new_fields, direction, changes);
                }
            }
            (ModelShape::Union(old_union), ModelShape::Union(new_union)) => {
                self.union(&path, old_union, new_union, &new.source, direction, changes);
            }
            (ModelShape::Enum { values: old_values }, ModelShape::Enum { values: new_values }) => {
                self.enum_values(&path, old_values, new_values, &new.source, direction, changes);
            }
            (ModelShape::Alias { of: old_of }, ModelShape::Alias { of: new_of }) => {
                if old_of != new_of {
                    let rule = rules::alias_change(direction, Some(*old_of), Some(*new_of));
                    let (before, after) = (Some(model_summary(old)), Some(model_summary(new)));
                    changes.push(change(ChangeKind::AliasChanged, path, before, after, rule, &new.source));
                }
            }
            _ => {
                let (before, after) = (Some(old.kind().to_string()), Some(new.kind().to_string()));
                let rule = rules::MODEL_KIND_CHANGED;
                changes.push(change(ChangeKind::ModelKindChanged, path, before, after, rule, &new.source));
            }
        }
    }

    fn fields(&self, path: &str, old: &[Field], new: &[Field], direction: Direction, changes: &mut Vec<Change>) {
        let old_names: Vec<&str> = old.iter().map(|f| f.name.as_str()).collect();
        let new_names: Vec<&str> = new.iter().map(|f| f.name.as_str()).collect();
        let matching = match_items(
            old,
            new,
            |o, n| o.name == n.name,
            |o, n| {
                let (a, b) = (&old[o], &new[n]);
                field_required(a) == field_required(b)
                    && a.constant == b.constant
                    && self.types.same(&a.ty, &b.ty)
                    && same_position(&old_names, o, &new_names, n)
            },
        );
        for (n, pair) in matching.new_to_old.iter().enumerate() {
            let field = &new[n];
            let field_path = join(path, format!("field {}", field.name));
            let Some((o, renamed)) = *pair else {
                let rule = rules::field_added(direction, field_required(field));
                let after = Some(field_summary(field));
                changes.push(change(ChangeKind::FieldAdded, field_path, None, after, rule, &field.source));
                continue;
            };
            if renamed {
                let (before, after) = (Some(old[o].name.clone()), Some(field.name.clone()));
                let rule = rules::FIELD_RENAMED;
                changes.push(change(ChangeKind::FieldRenamed, field_path.clone(), before, after, rule, &field.source));
            }
            self.field(&field_path, &old[o], field, direction, changes);
        }
        for &o in &matching.removed {
            let field = &old[o];
            let field_path = join(path, format!("field {}", field.name));
            let rule = rules::field_removed(direction, field_required(field));
            let before = Some(field_summary(field));
            changes.push(change(ChangeKind::FieldRemoved, field_path, before, None, rule, &field.source));
        }
    }

    fn field(&self, path: &str, old: &Field, new: &Field, direction: Direction, changes: &mut Vec<Change>) {
        let source = &new.source;
        let (old_ty, new_ty) = (old.ty.unwrap_option(), new.ty.unwrap_option());
        if !self.types.same(old_ty, new_ty) {
            let rule = rules::type_change(direction, old_ty, new_ty, &self.types);
            let (before, after) = (Some(old_ty.to_string()), Some(new_ty.to_string()));
            changes.push(change(ChangeKind::FieldTypeChanged, path.to_string(), before, after, rule, source));
        }
        let (was, is) = (field_required(old), field_required(new));
        if was != is {
            let rule = rules::optionality_change(direction, is);
            let (before, after) = (Some(presence(was)), Some(presence(is)));
            changes.push(change(ChangeKind::FieldRequiredChanged, path.to_string(), before, after, rule, source));
        }
        if old.constant != new.constant {
            let (before, after) = (old.constant.clone(), new.constant.clone());
            let rule = rules::CONSTANT_CHANGED;
            changes.push(change(ChangeKind::FieldConstantChanged, path.to_string(), before, after, rule, source));
        }
    }

    fn union(
        &self,
        path: &str,
        old: &Union,
        new: &Union,
        source: &Source,
        direction: Direction,
        changes: &mut Vec<Change>,
    ) {
        // A discriminator one side documents as a plain field of every
        // variant is the same on the wire: that field is not compared.
        let (old_tag, new_tag) = wire_tags(old, new);
        let tag_field = if old_tag == new_tag { old_tag } else { None };
        if old.tag != new.tag {
            let describe = |tag: &Option<String>| match tag {
                Some(tag) => tag.clone(),
                None => "none (told apart by shape)".to_string(),
            };
            let (before, after) = (Some(describe(&old.tag)), Some(describe(&new.tag)));
            let rule = if tag_field.is_some() { rules::DISCRIMINATOR_DOCUMENTED } else { rules::DISCRIMINATOR_CHANGED };
            changes.push(change(ChangeKind::DiscriminatorChanged, path.to_string(), before, after, rule, source));
        }
        let without_tag = |fields: &[Field]| -> Vec<Field> {
            fields.iter().filter(|f| Some(&f.name) != tag_field.as_ref()).cloned().collect()
        };
        let matching = self.match_variants(&old.variants, &new.variants);
        for (n, pair) in matching.new_to_old.iter().enumerate() {
            let variant = &new.variants[n];
            let variant_path = join(path, format!("variant {}", variant.name));
            let Some((o, renamed)) = *pair else {
                let rule = rules::variant_added(direction, new.tag.is_some() || variant.bare);
                let after = Some(variant_summary(new, variant));
                changes.push(change(ChangeKind::VariantAdded, variant_path, None, after, rule, &variant.source));
                continue;
            };
            let old_variant = &old.variants[o];
            if renamed {
                let rule = if old_variant.tag_value == variant.tag_value {
                    rules::VARIANT_RENAMED_SAME_TAG
                } else {
                    rules::VARIANT_TAG_CHANGED
                };
                let (before, after) = (Some(old_variant.name.clone()), Some(variant.name.clone()));
                changes.push(change(
                    ChangeKind::VariantRenamed,
                    variant_path.clone(),
                    before,
                    after,
                    rule,
                    &variant.source,
                ));
            } else if old_variant.tag_value != variant.tag_value
                && !(tag_field.is_some() && (old_variant.tag_value.is_none() || variant.tag_value.is_none()))
            {
                let (before, after) = (Some(variant_summary(old, old_variant)), Some(variant_summary(new, variant)));
                changes.push(change(
                    ChangeKind::VariantTagChanged,
                    variant_path.clone(),
                    before,
                    after,
                    rules::VARIANT_TAG_CHANGED,
                    &variant.source,
                ));
            }
            if old_variant.bare != variant.bare {
                let form = |bare: bool| if bare { "bare string" } else { "object" }.to_string();
                let (before, after) = (Some(form(old_variant.bare)), Some(form(variant.bare)));
                changes.push(change(
                    ChangeKind::VariantFormChanged,
                    variant_path.clone(),
                    before,
                    after,
                    rules::VARIANT_FORM_CHANGED,
                    &variant.source,
                ));
            }
            let (old_fields, new_fields) = (without_tag(&old_variant.fields), without_tag(&variant.fields));
            self.fields(&variant_path, &old_fields, &new_fields, direction, changes);
        }
        for &o in &matching.removed {
            let variant = &old.variants[o];
            let variant_path = join(path, format!("variant {}", variant.name));
            let rule = rules::variant_removed(direction);
            let before = Some(variant_summary(old, variant));
            changes.push(change(ChangeKind::VariantRemoved, variant_path, before, None, rule, &variant.source));
        }
    }

    /// Variants pair by name; a renamed variant keeps its discriminator
    /// value, or else its fields and its place in the list.
    fn match_variants(&self, old: &[Variant], new: &[Variant]) -> Matching {
        let old_names: Vec<&str> = old.iter().map(|v| v.name.as_str()).collect();
        let new_names: Vec<&str> = new.iter().map(|v| v.name.as_str()).collect();
        let same_fields = |a: &[Field], b: &[Field]| {
            a.len() == b.len()
                && a.iter().zip(b).all(|(x, y)| {
                    x.name == y.name && field_required(x) == field_required(y) && self.types.same(&x.ty, &y.ty)
                })
        };
        match_items(
            old,
            new,
            |o, n| o.name == n.name,
            |o, n| {
                let (a, b) = (&old[o], &new[n]);
                let same_tag = a.tag_value.is_some() && a.tag_value == b.tag_value;
                let same_shape = !a.fields.is_empty()
                    && same_fields(&a.fields, &b.fields)
                    && same_position(&old_names, o, &new_names, n);
                same_tag || same_shape
            },
        )
    }

    fn enum_values(
        &self,
        path: &str,
        old: &[String],
        new: &[String],
        source: &Source,
        direction: Direction,
        changes: &mut Vec<Change>,
    ) {
        for value in new.iter().filter(|v| !old.contains(v)) {
            let rule = rules::enum_value_added(direction);
            let value_path = join(path, format!("value {value}"));
            changes.push(change(ChangeKind::EnumValueAdded, value_path, None, Some(value.clone()), rule, source));
        }
        for value in old.iter().filter(|v| !new.contains(v)) {
            let rule = rules::enum_value_removed(direction);
            let value_path = join(path, format!("value {value}"));
            changes.push(change(ChangeKind::EnumValueRemoved, value_path, Some(value.clone()), None, rule, source));
        }
    }

    // ---- errors and authentication ----

    fn errors(&self, changes: &mut Vec<Change>) {
        let (old, new) = (&self.old.errors, &self.new.errors);
        let matching = match_items(old, new, |o, n| o.name == n.name, |_, _| false);
        for (n, pair) in matching.new_to_old.iter().enumerate() {
            let error = &new[n];
            let path = format!("error {}", error.name);
            match *pair {
                Some((o, _)) => self.error(&path, &old[o], error, changes),
                None => changes.push(change(
                    ChangeKind::ErrorAdded,
                    path,
                    None,
                    Some(error_summary(error)),
                    rules::ERROR_ADDED,
                    &error.source,
                )),
            }
        }
        for &o in &matching.removed {
            let error = &old[o];
            let path = format!("error {}", error.name);
            let before = Some(error_summary(error));
            changes.push(change(ChangeKind::ErrorRemoved, path, before, None, rules::ERROR_REMOVED, &error.source));
        }
    }

    fn error(&self, path: &str, old: &ErrorDef, new: &ErrorDef, changes: &mut Vec<Change>) {
        let source = &new.source;
        if old.status != new.status {
            let show = |status: Option<u16>| status.map(|s| s.to_string()).unwrap_or_else(|| "none".into());
            let (before, after) = (Some(show(old.status)), Some(show(new.status)));
            let rule = rules::ERROR_STATUS_CHANGED;
            changes.push(change(ChangeKind::ErrorStatusChanged, path.to_string(), before, after, rule, source));
        }
        let same_model = match (&old.model, &new.model) {
            (Some(a), Some(b)) => self.types.renamed(a) == b,
            (a, b) => a == b,
        };
        if !same_model {
            let (before, after) = (old.model.clone(), new.model.clone());
            let rule = rules::ERROR_MODEL_CHANGED;
            changes.push(change(ChangeKind::ErrorModelChanged, path.to_string(), before, after, rule, source));
        }
        for code in new.codes.iter().filter(|c| !old.codes.contains(c)) {
            let code_path = join(path, format!("code {code}"));
            let rule = rules::ERROR_CODE_ADDED;
            changes.push(change(ChangeKind::ErrorCodeAdded, code_path, None, Some(code.clone()), rule, source));
        }
        for code in old.codes.iter().filter(|c| !new.codes.contains(c)) {
            let code_path = join(path, format!("code {code}"));
            let rule = rules::ERROR_CODE_REMOVED;
            changes.push(change(ChangeKind::ErrorCodeRemoved, code_path, Some(code.clone()), None, rule, source));
        }
    }

    fn auth(&self, changes: &mut Vec<Change>) {
        let describe = |auth: &crate::ir::Auth| format!("session cookie {}", auth.cookie);
        let (kind, rule, before, after) = match (&self.old.auth, &self.new.auth) {
            (None, Some(auth)) => (ChangeKind::AuthAdded, rules::AUTH_ADDED, None, Some(describe(auth))),
            (Some(auth), None) => (ChangeKind::AuthRemoved, rules::AUTH_REMOVED, Some(describe(auth)), None),
            (Some(a), Some(b)) if a.cookie != b.cookie => (
                ChangeKind::AuthCookieChanged,
                rules::AUTH_COOKIE_CHANGED,
                Some(a.cookie.clone()),
                Some(b.cookie.clone()),
            ),
            _ => return,
        };
        // The IR keeps no source for the authentication scheme.
        let path = "auth".to_string();
        changes.push(Change { kind, path, before, after, classification: rule.classification, rule, source: None });
    }
}

/// The discriminator of each side as it shows on the wire: the documented
/// one, or else the other side's when this side carries it as a field of
/// every variant.
fn wire_tags(old: &Union, new: &Union) -> (Option<String>, Option<String>) {
    let carried = |union: &Union, tag: &String| {
        !union.variants.is_empty()
            && union.variants.iter().all(|v| v.bare || v.fields.iter().any(|field| &field.name == tag))
    };
    let old_tag = old.tag.clone().or_else(|| new.tag.clone().filter(|tag| carried(old, tag)));
    let new_tag = new.tag.clone().or_else(|| old.tag.clone().filter(|tag| carried(new, tag)));
    (old_tag, new_tag)
}

fn display_name(name: &str) -> &str {
    if name.is_empty() {
        "(body)"
    } else {
        name
    }
}

fn error_summary(error: &ErrorDef) -> String {
    let mut parts = Vec::new();
    if let Some(status) = error.status {
        parts.push(format!("status {status}"));
    }
    if let Some(model) = &error.model {
        parts.push(format!("body {model}"));
    }
    if !error.codes.is_empty() {
        parts.push(format!("{} code(s)", error.codes.len()));
    }
    parts.join(", ")
}
