//! What the caller sees when the documentation is broken: the macro's
//! compile errors, checked against the committed `.stderr` files.

use std::path::{Path, PathBuf};

/// The cases name their fixtures from trybuild's package folder inside the
/// workspace's `target/`; with the target folder elsewhere
/// (`CARGO_TARGET_DIR`) that path does not lead to them.
fn target_folder_is_the_workspaces() -> bool {
    let workspace_target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target");
    let this_test: Option<PathBuf> = std::env::current_exe().ok();
    match (std::fs::canonicalize(workspace_target), this_test) {
        (Ok(target), Some(exe)) => exe.starts_with(target),
        _ => false,
    }
}

#[test]
fn broken_or_missing_documentation_is_a_compile_error_naming_where() {
    if !target_folder_is_the_workspaces() {
        eprintln!("NOT RUN: the compile-fail cases name their fixtures from the workspace's own target folder");
        return;
    }
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/broken_spec.rs");
    cases.compile_fail("tests/ui/missing_folder.rs");
}
