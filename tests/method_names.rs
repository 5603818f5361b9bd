//! The client method names (endpoint ids) of every corpus document and of
//! `spec/`, pinned: a change of the naming rule shows up in review as a change
//! of this snapshot, one line per endpoint (`doc: METHOD path -> name`).

use std::fmt::Write as _;
use std::path::Path;

fn names_of(doc: &str, folder: &Path, out: &mut String) {
    let api = codegen::analyze(folder).expect("the document loads").api;
    for endpoint in &api.endpoints {
        writeln!(out, "{doc}: {} {} -> {}", endpoint.method, endpoint.path, endpoint.id).unwrap();
    }
    let mut ids: Vec<&str> = api.endpoints.iter().map(|e| e.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), api.endpoints.len(), "{doc}: two endpoints share a name");
}

#[test]
fn corpus_method_names() {
    if !e2e::shared_available("corpus_method_names") {
        return;
    }
    let corpus = e2e::shared_dir().join("corpus");
    let mut docs: Vec<String> = std::fs::read_dir(&corpus)
        .expect("../shared/corpus")
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    docs.sort();
    let mut out = String::new();
    names_of("spec", &e2e::spec_dir(), &mut out);
    for doc in &docs {
        names_of(doc, &corpus.join(doc), &mut out);
    }
    insta::assert_snapshot!("corpus_method_names", out);
}
