//! SL007: models nothing uses.

use std::collections::BTreeSet;

use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{Api, TypeRef};

use super::Lint;

/// A model is used when an endpoint (a parameter, the body, a response, the
/// item of a page) or a documented error reaches it, directly or through the
/// fields and variants of other used models. A variant named as a type uses
/// its union; a constant naming a model (the `commandType` row of a body
/// written field by field) uses that model. A model some type cell links to
/// is meant to be used, whatever the link's text says (SL004 tells that).
pub(super) fn unused_models(lint: &mut Lint<'_>) {
    let api = lint.api;
    let used = used_models(api);
    for model in &api.models {
        if used.contains(model.name.as_str())
            || lint.type_cell_anchors.contains_key(&crate::reader::slate_anchor(&model.name))
        {
            continue;
        }
        lint.push(
            Diagnostic::warning(
                Code::SL007,
                format!(
                    "the model `{}` is never used: no endpoint refers to it, nor any model an endpoint uses",
                    model.name
                ),
            )
            .at_opt(lint.span(&model.source))
            .help("refer to it from a field, a parameter or a response, or remove it"),
        );
    }
}

pub(crate) fn used_models(api: &Api) -> BTreeSet<&str> {
    let mut pending: Vec<&TypeRef> = Vec::new();
    for endpoint in &api.endpoints {
        pending.extend(endpoint.params.iter().map(|p| &p.ty));
        pending.extend(endpoint.body.iter().map(|b| &b.ty));
        pending.extend(endpoint.responses.iter().map(|r| &r.ty));
        pending.extend(endpoint.pagination.iter().map(|p| &p.item));
    }
    let mut names: Vec<&str> = pending.iter().flat_map(|ty| ty.named_types()).collect();
    names.extend(api.errors.iter().filter_map(|e| e.model.as_deref()));

    let index = api.names();
    let mut used = BTreeSet::new();
    while let Some(name) = names.pop() {
        if !used.insert(name) {
            continue;
        }
        if let Some(model) = index.model(name) {
            for field in model.all_fields() {
                names.extend(field.ty.named_types());
                names.extend(field.constant.as_deref().filter(|value| index.model(value).is_some()));
            }
        } else if let Some((union, variant)) = index.variant(name) {
            names.push(union.name.as_str());
            for field in &variant.fields {
                names.extend(field.ty.named_types());
            }
        }
    }
    used
}
