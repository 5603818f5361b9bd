//! The pipeline runs one way, and the library's modules are held to it: the
//! front end (loading, reading markdown, extracting the IR, linting the
//! markdown) uses no backend, and the backends (Rust, OpenAPI, the mock, the
//! diff and the releases made from it) read the IR and the helpers that read
//! it, never the markdown, the document tree or the extractor's internals.
//!
//! Each file of `codegen/src` is parsed with syn and every path it uses that
//! starts at the crate root (`crate::reader::...`, and `super::x` from a
//! top-level module) is checked against the table below. Paths inside
//! macro calls are the generated code's (`quote!(crate::models::X)`), not
//! the library's, and test code may reach anywhere.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// Each top-level module of the library and the top-level modules it may
/// use. Drivers (`cli`, `build`, `gitspec` and the crate root) may use any.
const ALLOWED: &[(&str, &[&str])] = &[
    // Places in the documentation and what is said about them.
    ("source", &["diagnostics"]),
    ("diagnostics", &["source"]),
    ("suggest", &[]),
    ("typeexpr", &[]),
    // A thread beside the main one, for work needed later.
    ("lane", &[]),
    // The API model: plain data.
    ("ir", &["typeexpr"]),
    // The front end.
    ("reader", &["source"]),
    ("extract", &["source", "diagnostics", "reader", "ir", "typeexpr", "suggest", "lane"]),
    ("lint", &["source", "diagnostics", "reader", "extract", "ir", "typeexpr", "suggest", "examples"]),
    // What backends share, read off the IR.
    ("examples", &["ir", "shape"]),
    ("conventions", &["ir"]),
    // The backends. `source` and `diagnostics` place what they report at
    // the documentation's lines, through the IR's positions; the Rust
    // backend takes which models are sent from the diff's reading of the IR,
    // so that both agree.
    ("rust", &["ir", "diagnostics", "source", "examples", "conventions", "shape", "release", "diff"]),
    ("openapi", &["ir", "examples"]),
    ("mock", &["ir", "conventions", "examples"]),
    ("diff", &["ir"]),
    ("release", &["ir", "diff", "rust"]),
];

const DRIVERS: &[&str] = &["cli", "build", "gitspec", "lib", "main"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level module a file of `src` belongs to.
fn module_of(file: &Path) -> String {
    let relative = file.strip_prefix(src()).expect("a file of src");
    let first = relative.components().next().expect("a path").as_os_str().to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// Whether `super::` in this file reaches the crate root.
fn is_top_level_file(file: &Path) -> bool {
    let relative = file.strip_prefix(src()).expect("a file of src");
    relative.components().count() == 1
        || relative.file_name().is_some_and(|name| name == "mod.rs") && relative.components().count() == 2
}

fn rust_files(folder: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).expect("src reads") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules a file uses, outside test code.
#[derive(Default)]
struct Uses {
    top_level_file: bool,
    modules: BTreeSet<String>,
}

impl Uses {
    fn note(&mut self, first: &str, second: Option<String>) {
        let reaches_root = first == "crate" || (first == "super" && self.top_level_file);
        if let (true, Some(module)) = (reaches_root, second) {
            self.modules.insert(module);
        }
    }
}

fn is_test_code(attributes: &[syn::Attribute]) -> bool {
    attributes.iter().any(|attribute| {
        attribute.path().is_ident("cfg")
            && attribute.meta.require_list().is_ok_and(|list| list.tokens.to_string() == "test")
    })
}

impl<'ast> Visit<'ast> for Uses {
    fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
        if !is_test_code(&module.attrs) {
            syn::visit::visit_item_mod(self, module);
        }
    }

    fn visit_item_fn(&mut self, function: &'ast syn::ItemFn) {
        let is_test = function.attrs.iter().any(|attribute| attribute.path().is_ident("test"));
        if !is_test && !is_test_code(&function.attrs) {
            syn::visit::visit_item_fn(self, function);
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let mut segments = path.segments.iter().map(|segment| segment.ident.to_string());
        if let Some(first) = segments.next() {
            self.note(&first, segments.next());
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_use_tree(&mut self, tree: &'ast syn::UseTree) {
        if let syn::UseTree::Path(path) = tree {
            let first = path.ident.to_string();
            match &*path.tree {
                syn::UseTree::Path(next) => self.note(&first, Some(next.ident.to_string())),
                syn::UseTree::Name(next) => self.note(&first, Some(next.ident.to_string())),
                syn::UseTree::Rename(next) => self.note(&first, Some(next.ident.to_string())),
                syn::UseTree::Group(group) => {
                    for item in &group.items {
                        let next = match item {
                            syn::UseTree::Path(next) => Some(next.ident.to_string()),
                            syn::UseTree::Name(next) => Some(next.ident.to_string()),
                            syn::UseTree::Rename(next) => Some(next.ident.to_string()),
                            _ => None,
                        };
                        self.note(&first, next);
                    }
                }
                syn::UseTree::Glob(_) => {}
            }
        }
        syn::visit::visit_use_tree(self, tree);
    }
}

fn uses_of(file: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(file).expect("the file reads");
    let syntax = syn::parse_file(&text).unwrap_or_else(|err| panic!("{} parses: {err}", file.display()));
    let mut uses = Uses { top_level_file: is_top_level_file(file), ..Uses::default() };
    uses.visit_file(&syntax);
    uses.modules
}

/// The crate's top-level modules (its files and folders under `src`).
fn top_level_modules() -> BTreeSet<String> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.iter().map(|file| module_of(file)).collect()
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let modules = top_level_modules();
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    let mut faults = Vec::new();
    for file in &files {
        let module = module_of(file);
        if DRIVERS.contains(&module.as_str()) || module.ends_with("_tests") {
            continue;
        }
        let Some((_, allowed)) = ALLOWED.iter().find(|(name, _)| *name == module) else {
            faults.push(format!("{module}: a module the layer table does not place"));
            continue;
        };
        for used in uses_of(file) {
            // Items of the crate root that are not modules (`analyze`...) are drivers'.
            let is_module = modules.contains(&used) || used == "shape";
            if used != module && is_module && !allowed.contains(&used.as_str()) {
                let relative = file.strip_prefix(src()).unwrap_or(file).display().to_string();
                faults.push(format!("{relative}: `{module}` uses `{used}`"));
            }
        }
    }
    assert!(faults.is_empty(), "the pipeline runs one way; these uses go against it:\n{}", faults.join("\n"));
}

#[test]
fn the_table_places_every_module() {
    let placed: BTreeSet<&str> = ALLOWED.iter().map(|(name, _)| *name).chain(DRIVERS.iter().copied()).collect();
    for module in top_level_modules() {
        assert!(placed.contains(module.as_str()), "`{module}` is not in the layer table");
    }
}

#[test]
fn a_backend_reaching_into_the_reader_is_caught() {
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("probe.rs");
    std::fs::write(
        &file,
        "use crate::reader::slate_anchor;\nfn f() { let _ = quote!(crate::models::X); crate::extract::go(); }\n",
    )
    .unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    let mut uses = Uses::default();
    uses.visit_file(&syn::parse_file(&text).unwrap());
    assert_eq!(uses.modules, BTreeSet::from(["reader".to_string(), "extract".to_string()]));
}
