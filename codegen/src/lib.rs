//! Reads Slate API documentation and turns it into an API model (the IR),
//! then into Rust and other artefacts.
//!
//! The pipeline runs one way: [`source`] loads the files, [`reader`] builds
//! the document tree, [`extract`] turns it into the [`ir`], [`lint`] checks
//! the result, and backends read only the IR. Every stage reports problems as [`diagnostics`] and keeps
//! going.
#![forbid(unsafe_code)]

pub mod build;
#[cfg(feature = "cli")]
pub mod cli;
pub mod conventions;
pub mod diagnostics;
pub mod diff;
pub mod examples;
pub mod extract;
pub mod gitspec;
pub mod ir;
mod lane;
pub mod lint;
#[cfg(feature = "mock")]
pub mod mock;
pub mod openapi;
pub mod reader;
pub mod release;
pub mod rust;
/// How a union told apart by its fields is read: the rule generated crates
/// follow through the runtime, which the example checks and the lint share.
pub use codegen_runtime::shape;
pub mod source;
pub mod suggest;
pub mod typeexpr;

use std::path::{Path, PathBuf};

use diagnostics::Diagnostics;
use source::{LoadError, Spec};

/// A spec read all the way to its API model.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub spec: Spec,
    pub api: ir::Api,
    pub diagnostics: Diagnostics,
    /// What extraction read and what it left unread.
    pub reading: extract::Reading,
}

impl Analysis {
    /// Every file on disk the result was made from: the files the loader read
    /// (index and includes) and the overrides file beside the index when there
    /// is one. What a build watches to run again when the documentation changes.
    pub fn input_paths(&self) -> Vec<PathBuf> {
        let overrides = self.spec.root.join(extract::OVERRIDES_FILE_NAME);
        let mut paths = self.spec.read_paths.clone();
        if overrides.is_file() {
            paths.push(overrides);
        }
        paths
    }
}

/// Loads, reads and extracts the documentation at `path` (a Slate folder or
/// its index file).
pub fn analyze(path: &Path) -> Result<Analysis, LoadError> {
    let mut diagnostics = Diagnostics::new();
    let spec = source::load(path, &mut diagnostics)?;
    Ok(analyze_loaded(spec, diagnostics))
}

/// Loads, reads, extracts and checks documentation held in memory: file
/// names relative to the spec folder (`index.html.md`,
/// `includes/_companies.md`) and their bytes. `None` when there is no index
/// file. What the fuzz harness and the robustness tests run.
pub fn analyze_files(files: &std::collections::BTreeMap<String, Vec<u8>>) -> Option<Analysis> {
    let (index_name, index) =
        ["index.html.md", "index.md"].iter().find_map(|name| files.get(*name).map(|bytes| (*name, bytes.clone())))?;
    let mut diagnostics = Diagnostics::new();
    let mut read = |relative: &str| files.get(relative).cloned();
    let spec = source::load_with(index_name, index, &mut read, &mut diagnostics);
    Some(analyze_loaded(spec, diagnostics))
}

/// Reads, extracts and checks a spec that is already loaded.
pub fn analyze_loaded(spec: Spec, mut diagnostics: Diagnostics) -> Analysis {
    // The noun rules method names are made with take milliseconds to
    // compile: a worker does it while the documentation is read.
    rayon::spawn(extract::prepare);
    let tree = reader::read(&spec);
    let ((api, reading), text_findings) = lane::with_lane(|lane| {
        // The checks of the text alone need no API model: they run on the
        // lane while it is extracted.
        let text_findings = lane.run(|| lint::check_text(&spec, &tree));
        let extracted = extract::extract_beside(&spec, &tree, &mut diagnostics, lane);
        // Empty only when the checks panicked, a panic the lane passes on.
        (extracted, text_findings.wait().unwrap_or_default())
    });
    lint::lint_with(&spec, &tree, &api, text_findings, &mut diagnostics);
    // Freeing the tree's many small strings takes a few milliseconds the
    // caller need not wait for.
    rayon::spawn(move || drop(tree));
    Analysis { spec, api, diagnostics, reading }
}
