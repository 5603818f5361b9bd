//! The OpenAPI export of `spec/` and of the reference documentation: the
//! document of `spec/` pinned as a snapshot, and every document whole (each
//! `$ref` resolves, each endpoint is an operation under its id, each model a
//! component). Conformance to OpenAPI 3.1 itself is checked by an
//! independent validator in CI (`scripts/openapi_checks.sh`).

use std::collections::BTreeSet;
use std::path::Path;

use codegen::ir::{Api, ModelKind};
use e2e::{reference, spec_dir, REFERENCE_DATES};
use serde_json::Value;

fn export(folder: &Path) -> (Api, codegen::openapi::Export) {
    let analysis = codegen::analyze(folder).expect("the documentation loads");
    let export = codegen::openapi::export(&analysis.api);
    (analysis.api, export)
}

fn collect_refs<'a>(value: &'a Value, refs: &mut Vec<&'a str>) {
    match value {
        Value::Object(entries) => {
            for (key, item) in entries {
                match (key.as_str(), item) {
                    ("$ref", Value::String(target)) => refs.push(target),
                    _ => collect_refs(item, refs),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, refs)),
        _ => {}
    }
}

fn assert_whole(name: &str, api: &Api, export: &codegen::openapi::Export) {
    let document = &export.document;
    let mut refs = Vec::new();
    collect_refs(document, &mut refs);
    assert!(!refs.is_empty(), "{name}: no $ref at all");
    for target in refs {
        let pointer = target.strip_prefix('#').unwrap_or_else(|| panic!("{name}: `{target}` is not local"));
        assert!(document.pointer(pointer).is_some(), "{name}: `{target}` resolves to nothing");
    }

    let mut operation_ids = BTreeSet::new();
    for item in document["paths"].as_object().expect("paths").values() {
        for operation in item.as_object().expect("path item").values() {
            let id = operation["operationId"].as_str().expect("operationId");
            assert!(operation_ids.insert(id.to_string()), "{name}: operationId `{id}` twice");
        }
    }
    // Two operations on one route cannot both be in the document: the first
    // is kept (and the documentation is told, SL035).
    let mut routes = BTreeSet::new();
    let endpoint_ids: BTreeSet<String> = api
        .endpoints
        .iter()
        .filter(|endpoint| routes.insert((endpoint.method.clone(), endpoint.path.clone())))
        .map(|endpoint| endpoint.id.clone())
        .collect();
    assert_eq!(operation_ids, endpoint_ids, "{name}: operations and endpoints differ; warnings: {:?}", export.warnings);

    let schemas = document["components"]["schemas"].as_object().expect("schemas");
    for model in &api.models {
        assert!(schemas.contains_key(&model.name), "{name}: model `{}` has no component", model.name);
    }
    let variants: usize =
        api.models.iter().filter(|model| model.kind() == ModelKind::Union).map(|model| model.variants().len()).sum();
    assert_eq!(
        schemas.len(),
        api.models.len() + variants + 1,
        "{name}: one component per model and variant, and Error"
    );
}

#[test]
fn spec_openapi() {
    let (api, export) = export(&spec_dir());
    assert_whole("spec", &api, &export);
    assert!(export.warnings.is_empty(), "{:?}", export.warnings);
    insta::assert_snapshot!("spec_openapi", codegen::openapi::to_json(&export.document));
}

#[test]
fn reference_exports_are_whole() {
    if !e2e::shared_available("reference_exports_are_whole") {
        return;
    }
    for date in REFERENCE_DATES {
        let (api, export) = export(&reference(date));
        assert_whole(date, &api, &export);
    }
}

#[test]
fn every_login_is_open_and_every_other_operation_needs_the_session() {
    if !e2e::shared_available("every_login_is_open_and_every_other_operation_needs_the_session") {
        return;
    }
    for folder in std::iter::once(spec_dir()).chain(REFERENCE_DATES.iter().map(|date| reference(date))) {
        let (api, export) = export(&folder);
        let auth = api.auth.as_ref().expect("the documentation has logins");
        for endpoint in &api.endpoints {
            let path = export.document["paths"].get(&endpoint.path).expect("the endpoint's path");
            let operation = &path[endpoint.method.to_ascii_lowercase()];
            let expected = if auth.logins.contains(&endpoint.id) {
                serde_json::json!([])
            } else {
                serde_json::json!([{ codegen::openapi::SESSION_SCHEME: [] }])
            };
            assert_eq!(operation["security"], expected, "{}", endpoint.id);
        }
    }
}
