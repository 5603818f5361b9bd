//! Generating the API's types from a build script.
//!
//! ```no_run
//! // In build.rs's `main`:
//! codegen::build::Builder::new("api-docs").module_path("crate::api").generate().unwrap();
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! pub mod api {
//!     include!(concat!(env!("OUT_DIR"), "/api.rs"));
//! }
//! ```
//!
//! The file holds the `models` and `types` modules of a generated crate.
//! Every documentation file read is printed as `cargo:rerun-if-changed`, and
//! each warning about the documentation as `cargo:warning`; mistakes in the
//! documentation do not fail the build (see the crate's README for how they
//! are worked around).

use std::path::{Path, PathBuf};

use crate::diagnostics::Severity;
use crate::rust::{self, Options};
use crate::source::LoadError;

/// Why the types could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("OUT_DIR is not set: call this from a build script, or set an output folder")]
    NoOutDir,
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
}

/// What to generate, and where.
#[derive(Debug, Clone)]
pub struct Builder {
    spec: PathBuf,
    out_dir: Option<PathBuf>,
    file_name: String,
    module_path: String,
}

impl Builder {
    /// `spec`: a Slate folder or its index file, relative to the package.
    pub fn new(spec: impl AsRef<Path>) -> Self {
        Builder {
            spec: spec.as_ref().to_path_buf(),
            out_dir: None,
            file_name: "api.rs".to_string(),
            module_path: "crate".to_string(),
        }
    }

    /// The folder to write into; `OUT_DIR` by default.
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// The file's name in the output folder; `api.rs` by default.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = name.into();
        self
    }

    /// Where the file is included, as a path from the crate root (`crate`
    /// when included at the root, `crate::api` inside `mod api`): the
    /// generated code names its own types through it.
    pub fn module_path(mut self, path: impl Into<String>) -> Self {
        self.module_path = path.into();
        self
    }

    /// Generates the file and returns its path.
    pub fn generate(self) -> Result<PathBuf, BuildError> {
        let out_dir = match self.out_dir {
            Some(dir) => dir,
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or(BuildError::NoOutDir)?,
        };
        let analysis = crate::analyze(&self.spec)?;
        for path in &analysis.spec.read_paths {
            println!("cargo:rerun-if-changed={}", path.display());
        }
        let mut options = Options::new("api");
        options.root_path = self.module_path;
        let mut diagnostics = analysis.diagnostics;
        let text = rust::generate_single_file(&analysis.api, &options, Some(&analysis.spec.sources), &mut diagnostics);
        for located in diagnostics.located(&analysis.spec.sources) {
            if located.severity >= Severity::Warning {
                let place = match (&located.file, located.line) {
                    (Some(file), Some(line)) => format!("{file}:{line}: "),
                    _ => String::new(),
                };
                println!("cargo:warning={}[{}]: {place}{}", located.severity, located.code, located.message);
            }
        }
        let path = out_dir.join(&self.file_name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text).map_err(|source| BuildError::Write { path: path.clone(), source })?;
        }
        Ok(path)
    }
}

/// Generates `OUT_DIR/api.rs` from `spec`, to be included at the crate root.
pub fn generate(spec: impl AsRef<Path>) -> Result<PathBuf, BuildError> {
    Builder::new(spec).generate()
}
