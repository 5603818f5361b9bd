//! Every check has a fixture that triggers it and one that does not, under
//! `tests/fixtures/lint/CODE/{triggers,clean}`: small Slate folders, each
//! written for that one mistake. The clean ones are the same documentation
//! written correctly, and have no warning or error of any code.

use std::path::{Path, PathBuf};

use codegen::diagnostics::{Code, Diagnostic, Severity};
use codegen::rust::{generate_located, Options};

fn fixture(code: Code, kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint").join(code.as_str()).join(kind)
}

/// What `codegen generate` reports for a folder: the analysis (extraction
/// and lint) and the Rust backend (SL024).
fn findings(folder: &Path) -> Vec<Diagnostic> {
    let analysis = codegen::analyze(folder).unwrap_or_else(|err| panic!("{}: {err}", folder.display()));
    let mut diagnostics = analysis.diagnostics.clone();
    generate_located(&analysis.api, &Options::new("fixture"), Some(&analysis.spec.sources), &mut diagnostics);
    diagnostics.sorted()
}

/// Codes no documentation folder can trigger: the readers accept only the
/// HTTP methods the runtime knows, so SL049 guards API models built by other
/// means (the library's `rust::generate`); `rust/client.rs` tests it.
const NOT_FROM_DOCUMENTATION: &[Code] = &[Code::SL049];

fn from_documentation() -> impl Iterator<Item = Code> {
    Code::ALL.iter().copied().filter(|code| !NOT_FROM_DOCUMENTATION.contains(code))
}

fn describe(findings: &[Diagnostic]) -> String {
    findings.iter().map(|d| format!("{} {}: {}", d.severity, d.code, d.message)).collect::<Vec<_>>().join("\n")
}

#[test]
fn every_code_has_a_fixture_that_triggers_it() {
    let mut missing = Vec::new();
    for code in from_documentation() {
        let folder = fixture(code, "triggers");
        let found = findings(&folder);
        if !found.iter().any(|d| d.code == code) {
            missing.push(format!("{code} not reported for {}:\n{}", folder.display(), describe(&found)));
        }
        for d in found.iter().filter(|d| !d.code.severities().contains(&d.severity)) {
            missing.push(format!("{} reported as {}, not a severity docs/lint-codes.md lists", d.code, d.severity));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n\n"));
}

#[test]
fn every_code_has_a_clean_fixture() {
    let mut unclean = Vec::new();
    for code in from_documentation() {
        let folder = fixture(code, "clean");
        let found = findings(&folder);
        let faults: Vec<Diagnostic> = found.into_iter().filter(|d| d.severity != Severity::Note).collect();
        if !faults.is_empty() {
            unclean.push(format!("{}:\n{}", folder.display(), describe(&faults)));
        }
    }
    assert!(unclean.is_empty(), "{}", unclean.join("\n\n"));
}
