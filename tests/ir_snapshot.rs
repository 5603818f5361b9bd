//! The IR of `spec/`, pinned: a documentation change shows up in review as a
//! change of this snapshot.

#[test]
fn spec_ir() {
    let analysis = codegen::analyze(&e2e::spec_dir()).expect("spec/ loads");
    assert!(analysis.diagnostics.sorted().iter().all(|d| d.severity < codegen::diagnostics::Severity::Warning));
    insta::assert_snapshot!("spec_ir", analysis.api.to_json());
}
