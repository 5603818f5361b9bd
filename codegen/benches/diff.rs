//! `codegen diff` between the two reference documentations: the whole
//! command's work (load and extract both sides, compare, render JSON), and
//! the comparison alone on IRs already extracted.

use std::path::{Path, PathBuf};

use codegen::diff::{self, Format};

fn main() {
    divan::main();
}

fn reference(date: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    [root.join("../shared/reference"), root.join("../../shared/reference")]
        .into_iter()
        .map(|folder| folder.join(date))
        .find(|p| p.is_dir())
        .expect("the reference documentation sits beside the repository")
}

#[divan::bench]
fn diff_command_between_references(bencher: divan::Bencher) {
    let (old, new) = (reference("2016-05-26"), reference("2016-09-21"));
    bencher.bench(|| {
        let old = codegen::analyze(divan::black_box(&old)).expect("loads");
        let new = codegen::analyze(divan::black_box(&new)).expect("loads");
        let diff = diff::diff(&old.api, &new.api);
        diff::render(&diff, Format::Json).len()
    });
}

#[divan::bench]
fn compare_extracted_references(bencher: divan::Bencher) {
    let old = codegen::analyze(&reference("2016-05-26")).expect("loads").api;
    let new = codegen::analyze(&reference("2016-09-21")).expect("loads").api;
    bencher.bench(|| diff::diff(divan::black_box(&old), divan::black_box(&new)).changes.len());
}

#[divan::bench(args = [Format::Text, Format::Markdown, Format::Json])]
fn render_reference_diff(bencher: divan::Bencher, format: Format) {
    let old = codegen::analyze(&reference("2016-05-26")).expect("loads").api;
    let new = codegen::analyze(&reference("2016-09-21")).expect("loads").api;
    let diff = diff::diff(&old, &new);
    bencher.bench(|| diff::render(divan::black_box(&diff), format).len());
}
