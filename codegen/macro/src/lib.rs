//! `slate_api!`: the models, types and HTTP client of an API documented in
//! Slate markdown, generated where the macro is called, at compile time.
//!
//! The third way in, beside `codegen generate` (a crate written to disk and
//! committed) and `codegen::build` (a build script writing into `OUT_DIR`):
//!
//! ```ignore
//! // src/lib.rs of a package holding docs/api/index.html.md
//! codegen_macro::slate_api!("docs/api");
//!
//! let client = client::Client::new("https://api.example.com", client::Credentials::new("login", "password"))?;
//! let thing: models::Thing = serde_json::from_str(json)?;
//! ```
//!
//! # What it expands to
//!
//! The items of a crate that `codegen generate` writes, as inline modules:
//! `models` (one inner module per documentation group, all re-exported),
//! `types`, `client` (left out with `client = false`), and
//! `pub use codegen_runtime as runtime`. The example tests and the crate's
//! README are not part of the expansion.
//!
//! The generated code names its own items from the crate root
//! (`crate::types::NonEmptyList`), so the macro is called at the crate root,
//! or inside a module whose path it is told:
//!
//! ```ignore
//! pub mod api {
//!     codegen_macro::slate_api!("docs/api", module = crate::api);
//! }
//! ```
//!
//! # Arguments
//!
//! - the Slate folder (or its index file), relative to the calling package's
//!   folder (`CARGO_MANIFEST_DIR`);
//! - `module = crate::path`: the module the call sits in (`crate` by default);
//! - `client = false`: the models and types alone.
//!
//! # Dependencies of the calling package
//!
//! The same as a generated crate's: `codegen-runtime` (with its default
//! `client` feature for the client; `default-features = false` is enough with
//! `client = false`), `serde` (with `derive`), `serde_json`, `chrono` (with
//! `serde`), `uuid` (with `serde`) and `indexmap` (with `serde`), as the
//! models need them.
//!
//! # Errors and warnings
//!
//! Every error in the documentation (a diagnostic of error severity: a part
//! that could not be read) is a `compile_error!` at the call, whose text
//! starts with the fault's `file:line:column` and code; the items are
//! expanded all the same, from the best reading, so the calling code does not
//! add errors of its own. A folder that cannot be read is one error naming
//! its path.
//!
//! Warnings (mistakes read through) do not fail the build and are not shown:
//! a procedural macro on stable Rust cannot emit a warning, and the usual
//! trick (using a `#[deprecated]` item) would turn every documentation warning
//! into a build failure under `-D warnings`. `codegen lint` lists them.
//!
//! # Rebuilds
//!
//! The expansion holds an `include_bytes!` of every documentation file read
//! (the index, its includes and a `codegen.toml` beside the index), by
//! absolute path, so cargo rebuilds the calling crate when one of them
//! changes. A newly created include is seen once the index naming it changes.
#![forbid(unsafe_code)]

use std::path::PathBuf;

use proc_macro::TokenStream;

mod args;
mod expand;

/// Expands to the models, types and client of the Slate documentation at
/// the given path; see the [crate] documentation.
#[proc_macro]
pub fn slate_api(input: TokenStream) -> TokenStream {
    let request = syn::parse_macro_input!(input as args::Request);
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    expand::expand(&request, manifest_dir.as_deref()).into()
}
