//! Full generation of the Rust crate for the 2016-09-21 reference: read the
//! files, extract the IR, emit the tokens, format them (no writing to disk).

use std::path::{Path, PathBuf};

use codegen::diagnostics::Diagnostics;
use codegen::rust::{self, Options};

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
fn read_extract_emit_format(bencher: divan::Bencher) {
    let folder = reference();
    let options = Options::new("ref-2016-09-21");
    bencher.bench(|| {
        let analysis = codegen::analyze(divan::black_box(&folder)).expect("loads");
        let mut diagnostics = analysis.diagnostics;
        let krate = rust::generate_located(&analysis.api, &options, Some(&analysis.spec.sources), &mut diagnostics);
        divan::black_box(krate.files.len())
    });
}

#[divan::bench]
fn emit_format_only(bencher: divan::Bencher) {
    let analysis = codegen::analyze(&reference()).expect("loads");
    let options = Options::new("ref-2016-09-21");
    bencher.bench(|| {
        let krate = rust::generate(divan::black_box(&analysis.api), &options, &mut Diagnostics::new());
        divan::black_box(krate.files.len())
    });
}
