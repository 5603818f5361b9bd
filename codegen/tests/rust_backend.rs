//! The Rust backend end to end: the committed `mini-api` crate is what the
//! backend makes of its fixture, and both reference documents give a crate.
//!
//! `mini-api` doubles as a snapshot of the generated code: when the backend
//! changes, this test fails with a diff; `UPDATE_GENERATED=1 cargo test -p
//! codegen --test rust_backend` rewrites the crate (review the diff).

use std::path::{Path, PathBuf};

use codegen::diagnostics::{Diagnostics, Severity};
use codegen::ir::Api;
use codegen::rust::runtime::Runtime;
use codegen::rust::{self, output, Options};

fn codegen_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[path = "../../tests/support/shared.rs"]
mod shared;

fn repo_dir() -> PathBuf {
    codegen_dir().join("..")
}

/// A dated folder of the reference documentation in `shared/`, beside the
/// repository (callers first check [`shared::shared_available`]).
fn reference(date: &str) -> PathBuf {
    shared::find_shared(&repo_dir()).unwrap_or_else(|| repo_dir().join("../shared")).join("reference").join(date)
}

/// The crate as the command line writes it: laid out by rustfmt.
fn laid_out(mut krate: rust::GeneratedCrate) -> rust::GeneratedCrate {
    let refused = rust::layout::lay_out(&mut krate).expect("rustfmt runs (rustup component add rustfmt)");
    assert!(refused.is_empty(), "rustfmt refused generated files: {refused:?}");
    krate
}

fn mini_options() -> Options {
    let mut options = Options::new("mini-api");
    options.standalone = false;
    options.runtime = Runtime::Path("../../runtime".to_string());
    options.regenerate_command = "UPDATE_GENERATED=1 cargo test -p codegen --test rust_backend".to_string();
    options
}

#[test]
fn mini_api_is_what_the_backend_generates() {
    let text = std::fs::read_to_string(codegen_dir().join("tests/fixtures/mini.ir.json")).unwrap();
    let api: Api = serde_json::from_str(&text).unwrap();
    let krate = laid_out(rust::generate(&api, &mini_options(), &mut Diagnostics::new()));
    let out = codegen_dir().join("tests/mini-api");
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        output::write_crate(&out, &krate).unwrap();
        return;
    }
    let stale = output::stale_files(&out, &krate).unwrap();
    let diffs: String = stale.iter().map(|s| s.diff.as_str()).collect();
    assert!(stale.is_empty(), "codegen/tests/mini-api is stale; rerun with UPDATE_GENERATED=1\n{diffs}");
}

fn auth_paging_options() -> Options {
    let mut options = Options::new("auth-paging-api");
    options.standalone = false;
    options.runtime = Runtime::Path("../../runtime".to_string());
    options.regenerate_command = "UPDATE_GENERATED=1 cargo test -p codegen --test rust_backend".to_string();
    options
}

/// `auth-paging-api`: every authentication scheme and paging style the
/// client knows, from an IR written by hand; its `tests/walks.rs` runs the
/// generated client against servers written in the test.
#[test]
fn auth_paging_api_is_what_the_backend_generates() {
    let text = std::fs::read_to_string(codegen_dir().join("tests/fixtures/auth-paging.ir.json")).unwrap();
    let api: Api = serde_json::from_str(&text).unwrap();
    let mut diagnostics = Diagnostics::new();
    let krate = laid_out(rust::generate(&api, &auth_paging_options(), &mut diagnostics));
    assert!(diagnostics.iter().all(|d| d.severity != Severity::Error), "{diagnostics:#?}");
    let out = codegen_dir().join("tests/auth-paging-api");
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        output::write_crate(&out, &krate).unwrap();
        return;
    }
    let stale = output::stale_files(&out, &krate).unwrap();
    let diffs: String = stale.iter().map(|s| s.diff.as_str()).collect();
    assert!(stale.is_empty(), "codegen/tests/auth-paging-api is stale; rerun with UPDATE_GENERATED=1\n{diffs}");
}

fn generate_reference(date: &str) -> (rust::GeneratedCrate, Diagnostics) {
    let analysis = codegen::analyze(&reference(date)).expect("the reference loads");
    let mut diagnostics = analysis.diagnostics;
    let options = Options::new(format!("ref-{date}"));
    let krate = rust::generate_located(&analysis.api, &options, Some(&analysis.spec.sources), &mut diagnostics);
    (krate, diagnostics)
}

#[test]
fn both_references_give_a_crate_of_parsing_files() {
    if !shared::shared_available(&repo_dir(), "both_references_give_a_crate_of_parsing_files") {
        return;
    }
    for date in ["2016-05-26", "2016-09-21"] {
        let (krate, diagnostics) = generate_reference(date);
        for (path, text) in krate.files.iter().filter(|(p, _)| p.ends_with(".rs")) {
            if let Err(err) = syn::parse_file(text) {
                panic!("{date}: {path} does not parse: {err}");
            }
        }
        let examples = krate.get("tests/examples.rs").unwrap_or_default();
        assert!(examples.matches("#[test]").count() > 5, "{date}: too few example tests");
        let backend_errors: Vec<_> =
            diagnostics.iter().filter(|d| d.severity == Severity::Error && d.code.as_str() >= "SL014").collect();
        assert!(backend_errors.is_empty(), "{date}: {backend_errors:#?}");
    }
}

#[test]
fn the_reference_mistakes_are_reported_where_they_are() {
    if !shared::shared_available(&repo_dir(), "the_reference_mistakes_are_reported_where_they_are") {
        return;
    }
    let (krate, diagnostics) = generate_reference("2016-09-21");
    let examples = krate.get("tests/examples.rs").unwrap_or_default();
    // `UpdateAgency`'s example carries the `CreateAgency` discriminator.
    assert!(examples.contains("IncrementAgency::UpdateAgency"), "left out with its reason");
    let disagreeing = diagnostics.iter().filter(|d| d.code.as_str() == "SL015" && d.span.is_some()).count();
    assert!(disagreeing > 5, "SL015 diagnostics carry their place");
}

#[test]
fn generation_is_deterministic() {
    if !shared::shared_available(&repo_dir(), "generation_is_deterministic") {
        return;
    }
    assert_eq!(generate_reference("2016-09-21").0, generate_reference("2016-09-21").0);
}

#[test]
fn writing_twice_changes_nothing() {
    if !shared::shared_available(&repo_dir(), "writing_twice_changes_nothing") {
        return;
    }
    let (krate, _) = generate_reference("2016-05-26");
    let out = std::env::temp_dir().join(format!("codegen-ref-write-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    output::write_crate(&out, &krate).unwrap();
    let again = output::write_crate(&out, &krate).unwrap();
    assert!(again.written.is_empty() && again.removed.is_empty(), "{again:?}");
    assert!(output::stale_files(Path::new(&out), &krate).unwrap().is_empty());
    std::fs::remove_dir_all(&out).unwrap();
}
