//! Hostile sizes that once took quadratic time, through the whole pipeline
//! (load, read, extract, generate the crate in memory): one description
//! line of 50 KB, 200 KB and 1 MB of `[` or `<` (or of backticks), and a
//! front matter listing 1,000 and 10,000 includes, each its own group. The
//! inputs are built here, not committed. Linear time means each size takes
//! about its multiple of the smallest.

use std::collections::BTreeMap;

use codegen::rust::{self, Options};

fn main() {
    divan::main();
}

const LINE_BYTES: &[usize] = &[50_000, 200_000, 1_000_000];
const INCLUDES: &[usize] = &[1_000, 10_000];

fn model(group: &str, name: &str, description: &str) -> String {
    format!(
        "# {group}\n\n## {name}\n\n{description}\n\n### Fields\n\nName | Type | Description\n--- | --- | ---\n\
         id | String | The id.\n"
    )
}

/// A folder whose one model's description is `bytes` of `unit` on one line.
fn long_line(unit: char, bytes: usize) -> BTreeMap<String, Vec<u8>> {
    let line: String = std::iter::repeat_n(unit, bytes).collect();
    let index = format!("---\ntitle: Long\nincludes:\n  - models\n---\n# Intro\n\n{line}\n");
    BTreeMap::from([
        ("index.html.md".to_string(), index.into_bytes()),
        ("includes/_models.md".to_string(), model("Models", "Thing", &line).into_bytes()),
    ])
}

/// A folder listing `count` includes, one group and one model in each.
fn many_includes(count: usize) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut index = String::from("---\ntitle: Many\nincludes:\n");
    for i in 0..count {
        index.push_str(&format!("  - part{i}\n"));
        files.insert(
            format!("includes/_part{i}.md"),
            model(&format!("Group {i}"), &format!("Thing{i}"), "A thing.").into_bytes(),
        );
    }
    index.push_str("---\n# Intro\n");
    files.insert("index.html.md".to_string(), index.into_bytes());
    files
}

fn generate(files: &BTreeMap<String, Vec<u8>>) -> usize {
    let analysis = codegen::analyze_files(files).expect("an index");
    let mut diagnostics = analysis.diagnostics;
    let krate =
        rust::generate_located(&analysis.api, &Options::new("hostile"), Some(&analysis.spec.sources), &mut diagnostics);
    krate.files.len()
}

#[divan::bench(args = LINE_BYTES, sample_count = 3, sample_size = 1)]
fn line_of_brackets(bencher: divan::Bencher, bytes: usize) {
    let files = long_line('[', bytes);
    bencher.bench(|| generate(divan::black_box(&files)));
}

#[divan::bench(args = LINE_BYTES, sample_count = 3, sample_size = 1)]
fn line_of_angle_brackets(bencher: divan::Bencher, bytes: usize) {
    let files = long_line('<', bytes);
    bencher.bench(|| generate(divan::black_box(&files)));
}

#[divan::bench(args = LINE_BYTES, sample_count = 3, sample_size = 1)]
fn line_of_backticks(bencher: divan::Bencher, bytes: usize) {
    let files = long_line('`', bytes);
    bencher.bench(|| generate(divan::black_box(&files)));
}

#[divan::bench(args = INCLUDES, sample_count = 3, sample_size = 1)]
fn includes(bencher: divan::Bencher, count: usize) {
    let files = many_includes(count);
    bencher.bench(|| generate(divan::black_box(&files)));
}
