//! Reading and extracting the 2016-09-21 reference documentation: load from
//! disk, build the document tree, extract the IR.

use std::path::{Path, PathBuf};

fn main() {
    divan::main();
}

fn reference() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    [root.join("../shared/reference/2016-09-21"), root.join("../../shared/reference/2016-09-21")]
        .into_iter()
        .find(|p| p.is_dir())
        .expect("the reference documentation sits beside the repository")
}

#[divan::bench]
fn load_read_extract(bencher: divan::Bencher) {
    let folder = reference();
    bencher.bench(|| {
        let analysis = codegen::analyze(divan::black_box(&folder)).expect("loads");
        divan::black_box(analysis.api.endpoints.len())
    });
}

#[divan::bench]
fn read_extract_in_memory(bencher: divan::Bencher) {
    let folder = reference();
    let mut diagnostics = codegen::diagnostics::Diagnostics::new();
    let spec = codegen::source::load(&folder, &mut diagnostics).expect("loads");
    bencher.bench(|| {
        let analysis = codegen::analyze_loaded(spec.clone(), codegen::diagnostics::Diagnostics::new());
        divan::black_box(analysis.api.models.len())
    });
}
