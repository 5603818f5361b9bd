//! Where `../shared` (the reference documentation and the corpus) is, for
//! the tests that read it. A fresh clone has no `../shared` beside it: those
//! tests then say that they did not run and why, and pass; with
//! `CODEGEN_REQUIRE_SHARED=1` (which `.ci/run` sets) its absence fails them.
//!
//! This file is shared by the `e2e` crate and by codegen's own tests
//! (through `#[path]`), which cannot depend on `e2e`.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Set to make a missing `../shared` an error instead of a skip.
pub const REQUIRE_SHARED: &str = "CODEGEN_REQUIRE_SHARED";

/// The `shared/` folder beside the repository at `repo` (one level further
/// up when the repository is a worktree in a subfolder), if it is there.
pub fn find_shared(repo: &Path) -> Option<PathBuf> {
    [repo.join("../shared"), repo.join("../../shared")]
        .into_iter()
        .find(|candidate| candidate.join("reference").is_dir())
}

/// Whether `../shared` is there for `test`. When it is not, says so on the
/// terminal (past the test harness's capture, so a passing run shows it) and
/// returns false, or fails when [`REQUIRE_SHARED`] is set.
pub fn shared_available(repo: &Path, test: &str) -> bool {
    if find_shared(repo).is_some() {
        return true;
    }
    let why =
        format!("`{test}` did not run: no `shared/` folder with the reference documentation beside {}", repo.display());
    if std::env::var_os(REQUIRE_SHARED).is_some_and(|v| !v.is_empty() && v != "0") {
        panic!("{why}, and {REQUIRE_SHARED} requires it");
    }
    let _ = writeln!(std::io::stderr(), "NOT RUN: {why} (set {REQUIRE_SHARED}=1 to require it)");
    false
}
