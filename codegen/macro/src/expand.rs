//! The expansion of `slate_api!`: the generated items, one `compile_error!`
//! per documentation error, and the `include_bytes!` lines that make cargo
//! rebuild the calling crate when a documentation file changes.

use std::path::{Path, PathBuf};

use codegen::diagnostics::{LocatedDiagnostic, Severity};
use codegen::rust::{self, Options};
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};

use crate::args::{self, Request};

/// Expands a call. `manifest_dir` is the calling package's folder
/// (`CARGO_MANIFEST_DIR`), against which the spec path is resolved.
pub fn expand(request: &Request, manifest_dir: Option<&Path>) -> TokenStream {
    let span = request.spec.span();
    let written = request.spec.value();
    let Some(manifest_dir) = manifest_dir else {
        return compile_error(
            span,
            "CARGO_MANIFEST_DIR is not set: build with cargo, which sets it to the package's folder",
        );
    };
    let path = manifest_dir.join(&written);
    let analysis = match codegen::analyze(&path) {
        Ok(analysis) => analysis,
        Err(err) => {
            return compile_error(
                span,
                &format!(
                    "cannot read the API documentation `{written}`: {err}\n\
                     help: the path is relative to the package's folder, {}",
                    manifest_dir.display()
                ),
            )
        }
    };
    let tracking = track_files(&analysis.input_paths());
    let mut options = Options::new("api");
    options.root_path = args::path_text(&request.module);
    let mut diagnostics = analysis.diagnostics;
    let sources = &analysis.spec.sources;
    let items = rust::generate_items(&analysis.api, &options, request.client, Some(sources), &mut diagnostics);
    let errors = diagnostics
        .located(sources)
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .map(|diagnostic| compile_error(span, &error_text(&written, diagnostic)))
        .collect::<Vec<_>>();
    // The items come even with errors: the calling code then sees the best
    // reading of the documentation, and the only errors are the documentation's.
    quote! {
        #(#errors)*
        #tracking
        #items
    }
}

/// One documentation error as the compiler shows it: its place in the
/// documentation (the folder as the call writes it, then the file), code,
/// message and hint.
pub fn error_text(spec: &str, diagnostic: &LocatedDiagnostic) -> String {
    let place = match (&diagnostic.file, diagnostic.line, diagnostic.column) {
        (Some(file), Some(line), Some(column)) => format!("{}:{line}:{column}", in_spec(spec, file)),
        (Some(file), Some(line), None) => format!("{}:{line}", in_spec(spec, file)),
        (Some(file), None, _) => in_spec(spec, file),
        (None, _, _) => spec.to_string(),
    };
    // The compiler writes `error:` before the text: the code alone follows the place.
    let mut text = format!("{place}: [{}] {}", diagnostic.code, diagnostic.message);
    if let Some(help) = &diagnostic.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    text
}

/// A documentation file's path as the caller wrote the folder: `docs/api`
/// and `includes/_things.md` give `docs/api/includes/_things.md`.
fn in_spec(spec: &str, file: &str) -> String {
    let folder = spec.trim_end_matches('/');
    // The call may name the index file itself rather than its folder.
    let folder = if Path::new(folder).extension().is_some() {
        Path::new(folder).parent().map_or(String::new(), |parent| parent.to_string_lossy().into_owned())
    } else {
        folder.to_string()
    };
    if folder.is_empty() || folder == "." {
        file.to_string()
    } else {
        format!("{folder}/{file}")
    }
}

/// `include_bytes!` of every file read, by absolute path: rustc lists them
/// in the crate's dependency info, so cargo rebuilds the crate (and the
/// macro runs again) when one of them changes. The constants are unnamed and
/// unused, so nothing of them reaches the binary. A path that is not UTF-8
/// cannot be written in a string literal and is not watched.
fn track_files(paths: &[PathBuf]) -> TokenStream {
    let literals = paths
        .iter()
        .map(|path| std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()))
        .filter_map(|path| path.to_str().map(str::to_owned));
    quote! {
        #(const _: &[u8] = include_bytes!(#literals);)*
    }
}

fn compile_error(span: Span, message: &str) -> TokenStream {
    quote_spanned!(span=> compile_error!(#message);)
}

#[cfg(test)]
mod tests {
    use codegen::diagnostics::Code;

    use super::*;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join(name)
    }

    fn request(text: &str) -> Request {
        syn::parse_str(text).unwrap()
    }

    fn diagnostic(file: Option<&str>, line: Option<usize>, column: Option<usize>) -> LocatedDiagnostic {
        LocatedDiagnostic {
            code: Code::SL003,
            severity: Severity::Error,
            file: file.map(str::to_owned),
            line,
            column,
            message: "cannot read the type".to_string(),
            help: Some("write a type".to_string()),
        }
    }

    #[test]
    fn an_error_names_its_file_line_and_column_inside_the_folder_as_written() {
        let located = diagnostic(Some("includes/_things.md"), Some(12), Some(7));
        assert_eq!(
            error_text("docs/api/", &located),
            "docs/api/includes/_things.md:12:7: [SL003] cannot read the type\nhelp: write a type"
        );
        assert!(error_text("docs/index.html.md", &located).starts_with("docs/includes/_things.md:12:7: "));
        assert!(error_text(".", &located).starts_with("includes/_things.md:12:7: "));
        assert!(error_text("docs", &diagnostic(None, None, None)).starts_with("docs: [SL003]"));
    }

    #[test]
    fn a_missing_folder_is_one_error_naming_it() {
        let expanded = expand(&request(r#""no/such/folder""#), Some(&fixture(""))).to_string();
        assert_eq!(expanded.matches("compile_error").count(), 1, "{expanded}");
        assert!(expanded.contains("no/such/folder"), "{expanded}");
        let expanded = expand(&request(r#""docs""#), None).to_string();
        assert!(expanded.contains("CARGO_MANIFEST_DIR"), "{expanded}");
    }

    #[test]
    fn a_broken_spec_gives_every_error_with_its_place_and_the_items_all_the_same() {
        let expanded = expand(&request(r#""broken-spec""#), Some(&fixture(""))).to_string();
        let errors: Vec<&str> = expanded.split("compile_error !").skip(1).collect();
        assert!(errors.len() >= 2, "{expanded}");
        assert!(expanded.contains("broken-spec/includes/_gadgets.md:"), "{expanded}");
        assert!(expanded.contains("broken-spec/index.html.md:"), "{expanded}");
        assert!(expanded.contains("pub mod models"), "{expanded}");
        assert!(expanded.contains("pub mod client"), "{expanded}");
    }

    #[test]
    fn every_file_read_is_watched_by_absolute_path() {
        let expanded = expand(&request(r#""broken-spec", client = false"#), Some(&fixture(""))).to_string();
        let folder = std::fs::canonicalize(fixture("broken-spec")).unwrap();
        for file in ["index.html.md", "includes/_gadgets.md"] {
            let path = folder.join(file);
            assert!(expanded.contains(&format!("include_bytes ! ({:?})", path.to_str().unwrap())), "{expanded}");
        }
        assert!(!expanded.contains("pub mod client"));
    }

    #[test]
    fn the_module_of_the_call_roots_the_generated_paths() {
        let expanded = expand(&request(r#""broken-spec", module = crate::api"#), Some(&fixture(""))).to_string();
        assert!(expanded.contains("use crate :: api :: runtime"), "{expanded}");
        assert!(!expanded.contains("use crate :: runtime"), "{expanded}");
    }
}
