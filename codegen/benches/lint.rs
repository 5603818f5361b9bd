//! The lint stage alone on the 2016-09-21 reference (already loaded, read
//! and extracted), and `codegen lint`'s whole analysis for comparison.

use std::path::{Path, PathBuf};

use codegen::diagnostics::Diagnostics;

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
fn lint_checks(bencher: divan::Bencher) {
    let mut diagnostics = Diagnostics::new();
    let spec = codegen::source::load(&reference(), &mut diagnostics).expect("loads");
    let tree = codegen::reader::read(&spec);
    let api = codegen::extract::extract(&spec, &tree, &mut diagnostics);
    bencher.bench(|| {
        let mut findings = Diagnostics::new();
        codegen::lint::lint(&spec, &tree, divan::black_box(&api), &mut findings);
        divan::black_box(findings.len())
    });
}

#[divan::bench]
fn analysis_with_lint(bencher: divan::Bencher) {
    let folder = reference();
    bencher.bench(|| divan::black_box(codegen::analyze(&folder).expect("loads").diagnostics.len()));
}
