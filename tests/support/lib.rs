//! Shared helpers of the end-to-end tests: where the repository and the
//! reference documentation are.
#![forbid(unsafe_code)]

pub mod openapi_facts;
pub mod public_api;

use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from(".."))
}

#[path = "shared.rs"]
mod shared;
pub use shared::REQUIRE_SHARED;

/// The `shared/` folder that sits beside the repository (one level further
/// up when the repository is a worktree in a subfolder).
pub fn shared_dir() -> PathBuf {
    shared::find_shared(&repo_root()).unwrap_or_else(|| repo_root().join("../shared"))
}

/// Whether the reference documentation is there for `test`: when it is not,
/// the test says it did not run (or fails, under `CODEGEN_REQUIRE_SHARED`).
/// Tests that read `../shared` start with
/// `if !e2e::shared_available("name") { return; }`.
pub fn shared_available(test: &str) -> bool {
    shared::shared_available(&repo_root(), test)
}

/// A dated folder of the real-world reference documentation.
pub fn reference(date: &str) -> PathBuf {
    shared_dir().join("reference").join(date)
}

/// The reference folders, oldest first; the last is the API as it is today.
pub const REFERENCE_DATES: [&str; 3] = ["2016-05-26", "2016-09-21", "2020-09-01"];

/// The project's own documentation.
pub fn spec_dir() -> PathBuf {
    repo_root().join("spec")
}
