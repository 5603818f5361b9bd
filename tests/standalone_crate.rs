//! A crate generated with `codegen generate --out DIR` builds on its own,
//! client and runtime included: it is written to a temporary folder outside
//! the workspace and checked by cargo there, offline, with the workspace's
//! lock file so the same dependency versions are used.

use std::process::Command;

use codegen::diagnostics::Diagnostics;
use codegen::rust::{self, Options};

#[test]
fn a_generated_crate_builds_on_its_own() {
    let api = codegen::analyze(&e2e::spec_dir()).expect("spec/ loads").api;
    let krate = rust::generate(&api, &Options::new("standalone-client"), &mut Diagnostics::new());
    let folder = tempfile::tempdir().expect("a temporary folder");
    rust::output::write_crate(folder.path(), &krate).expect("the crate is written");
    std::fs::copy(e2e::repo_root().join("Cargo.lock"), folder.path().join("Cargo.lock")).expect("the lock file");

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(["check", "--offline", "--quiet", "--lib"])
        .current_dir(folder.path())
        .env("CARGO_TARGET_DIR", e2e::repo_root().join("target/standalone-check"))
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "cargo check failed:\n{}", String::from_utf8_lossy(&output.stderr));
}
