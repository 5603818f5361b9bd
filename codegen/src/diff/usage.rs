//! Which models a client sends and which it reads, found by following types
//! from the endpoints: parameters and bodies lead to what is sent, responses
//! and pages to what is read.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, TypeRef};

use super::rules::Direction;

/// Where a model is used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub request: bool,
    pub response: bool,
}

impl Usage {
    pub fn union(self, other: Usage) -> Usage {
        Usage { request: self.request || other.request, response: self.response || other.response }
    }

    /// The direction changes to the model are judged in. A model no endpoint
    /// reaches (events, say) may travel either way, so it is judged as both.
    pub fn direction(self) -> Direction {
        match (self.request, self.response) {
            (true, false) => Direction::Request,
            (false, true) => Direction::Response,
            _ => Direction::Both,
        }
    }
}

/// The usage of every model an endpoint reaches, keyed by model name.
/// Variant names used as types count for their union.
pub fn model_usage(api: &Api) -> BTreeMap<String, Usage> {
    let mut request_roots = Vec::new();
    let mut response_roots = Vec::new();
    for endpoint in &api.endpoints {
        request_roots.extend(endpoint.params.iter().map(|param| &param.ty));
        request_roots.extend(endpoint.body.iter().map(|body| &body.ty));
        response_roots.extend(endpoint.responses.iter().map(|response| &response.ty));
        response_roots.extend(endpoint.pagination.iter().map(|pagination| &pagination.item));
    }
    let mut usage: BTreeMap<String, Usage> = BTreeMap::new();
    for name in reachable(api, &request_roots) {
        usage.entry(name).or_default().request = true;
    }
    for name in reachable(api, &response_roots) {
        usage.entry(name).or_default().response = true;
    }
    usage
}

/// Every model name reachable from the types, following fields and variants.
fn reachable(api: &Api, roots: &[&TypeRef]) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut pending: Vec<String> = roots.iter().flat_map(|ty| ty.named_types()).map(str::to_string).collect();
    while let Some(name) = pending.pop() {
        let model = match api.model(&name) {
            Some(model) => model,
            None => match api.variant(&name) {
                Some((union, _)) => union,
                None => continue,
            },
        };
        if !seen.insert(model.name.clone()) {
            continue;
        }
        pending.extend(model.all_fields().flat_map(|field| field.ty.named_types()).map(str::to_string));
    }
    seen
}
