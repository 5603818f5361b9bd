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
fn a_broken_spec_is_a_compile_error_naming_each_fault_with_its_file_and_line() {
    if !target_folder_is_the_workspaces() {
        eprintln!("NOT RUN: the compile-fail cases name their fixtures from the workspace's own target folder");
        return;
    }
    trybuild::TestCases::new().compile_fail("tests/ui/broken_spec.rs");
}
