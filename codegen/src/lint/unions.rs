//! SL037: variants of a union told apart by their fields that no value can
//! tell apart.

use std::collections::BTreeSet;

use crate::diagnostics::{Code, Diagnostic};
use crate::examples::same_shape_as_earlier;
use crate::ir::{Api, Model, TypeRef};

use super::Lint;

/// A union without a discriminator is read by the shape of the value (see
/// the generated `types::shape`): two variants with the same field names
/// and types take the same values, and the second is never chosen. Unions
/// that every use decides by a sibling field (`variant_by`) are read by
/// name instead and are left alone.
pub(super) fn indistinguishable_variants(lint: &mut Lint<'_>) {
    let api = lint.api;
    let by_shape = unions_read_by_shape(api);
    for model in api.models.iter().filter(|m| by_shape.contains(m.name.as_str())) {
        let Some(union) = model.as_union() else { continue };
        for variant in union.variants.iter().filter(|v| !v.bare) {
            let Some(first) = same_shape_as_earlier(union, variant) else { continue };
            lint.push(
                Diagnostic::warning(
                    Code::SL037,
                    format!(
                        "the variants `{}` and `{}` of `{}` have the same fields, so a value is always read as `{}`",
                        first.name, variant.name, model.name, first.name
                    ),
                )
                .at_opt(lint.span(&variant.source))
                .help(format!(
                    "give the variants of `{}` a discriminator (a `Constant` row in each), or document the field of \
                     the enclosing object whose value names the variant",
                    model.name
                )),
            );
        }
    }
}

/// Unions without a discriminator some type reaches other than through a
/// field decided by a sibling.
fn unions_read_by_shape(api: &Api) -> BTreeSet<&str> {
    let mut types: Vec<&TypeRef> = Vec::new();
    for endpoint in &api.endpoints {
        types.extend(endpoint.params.iter().map(|p| &p.ty));
        types.extend(endpoint.responses.iter().map(|r| &r.ty));
        types.extend(endpoint.body.iter().map(|b| &b.ty));
        types.extend(endpoint.pagination.iter().map(|p| &p.item));
    }
    types.extend(api.models.iter().flat_map(Model::all_fields).filter(|f| f.variant_by.is_none()).map(|f| &f.ty));
    let untagged: BTreeSet<&str> = (api.models.iter())
        .filter(|m| m.as_union().is_some_and(|union| union.tag.is_none()))
        .map(|m| m.name.as_str())
        .collect();
    types.iter().flat_map(|ty| ty.named_types()).filter(|name| untagged.contains(name)).collect()
}
