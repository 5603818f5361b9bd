//! Exporting the IR of `spec/` as OpenAPI, and writing it as JSON and YAML.

use std::path::Path;

fn main() {
    divan::main();
}

fn api() -> codegen::ir::Api {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    codegen::analyze(&spec).expect("spec/ loads").api
}

#[divan::bench]
fn export(bencher: divan::Bencher) {
    let api = api();
    bencher.bench(|| divan::black_box(codegen::openapi::export(divan::black_box(&api))));
}

#[divan::bench]
fn write_json(bencher: divan::Bencher) {
    let document = codegen::openapi::export(&api()).document;
    bencher.bench(|| codegen::openapi::to_json(divan::black_box(&document)).len());
}

#[divan::bench]
fn write_yaml(bencher: divan::Bencher) {
    let document = codegen::openapi::export(&api()).document;
    bencher.bench(|| codegen::openapi::to_yaml(divan::black_box(&document)).len());
}
