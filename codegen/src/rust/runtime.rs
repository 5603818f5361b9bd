//! Where a generated crate finds its runtime, the `codegen-runtime` package
//! (`codegen/runtime/`): the readers its models call and, behind the crate's
//! `client` feature, the transport its client stands on.
//!
//! There is one runtime: crates of this workspace depend on it by path, and
//! a crate written elsewhere either receives a copy of the package in its
//! own `runtime/` folder (the default, so that it builds on its own), or
//! names a path or a registry version where the user keeps it. The copy is
//! made from the package's own files and manifest, so its code and its list
//! of dependencies have one source.

use toml_edit::{DocumentMut, InlineTable, Item, Value};

use super::GENERATED_MARKER;

/// The runtime's package name, as generated manifests depend on it.
pub const PACKAGE: &str = "codegen-runtime";

/// The runtime's manifest, from which the vendored copy's is made.
const MANIFEST: &str = include_str!("../../runtime/Cargo.toml");

/// The runtime's `rustfmt.toml`, vendored with it: the generated crate's own
/// configuration would otherwise apply to the copy.
const RUSTFMT_TOML: &str = include_str!("../../runtime/rustfmt.toml");

/// The runtime's source files, by path under its `src/`. A test keeps the
/// list equal to the folder.
pub const SOURCES: &[(&str, &str)] = &[
    ("lib.rs", include_str!("../../runtime/src/lib.rs")),
    ("auth.rs", include_str!("../../runtime/src/auth.rs")),
    ("codec.rs", include_str!("../../runtime/src/codec.rs")),
    ("error.rs", include_str!("../../runtime/src/error.rs")),
    ("hooks.rs", include_str!("../../runtime/src/hooks.rs")),
    ("json_path.rs", include_str!("../../runtime/src/json_path.rs")),
    ("pagination.rs", include_str!("../../runtime/src/pagination.rs")),
    ("retry.rs", include_str!("../../runtime/src/retry.rs")),
    ("secret.rs", include_str!("../../runtime/src/secret.rs")),
    ("session.rs", include_str!("../../runtime/src/session.rs")),
    ("shape.rs", include_str!("../../runtime/src/shape.rs")),
    ("tagged.rs", include_str!("../../runtime/src/tagged.rs")),
    ("tagged_tests.rs", include_str!("../../runtime/src/tagged_tests.rs")),
    ("testing.rs", include_str!("../../runtime/src/testing.rs")),
    ("transport.rs", include_str!("../../runtime/src/transport.rs")),
    ("types.rs", include_str!("../../runtime/src/types.rs")),
];

/// The folder, inside a generated crate, that receives the vendored copy.
pub const VENDORED_FOLDER: &str = "runtime";

/// Where a generated crate takes `codegen-runtime` from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Runtime {
    /// A copy of the package in the crate's own `runtime/` folder: the crate
    /// builds wherever it is written, with nothing else at hand.
    #[default]
    Vendored,
    /// The package at this path (absolute, or relative to the crate's folder).
    Path(String),
    /// The package from the registry, at this version requirement.
    Version(String),
}

impl Runtime {
    /// The dependency's value in the manifest of the crate `package`, with
    /// the given features of the runtime and none of its defaults (the
    /// crate's own `client` feature turns the client half on). The key is
    /// always `codegen-runtime`, so code names it `codegen_runtime`.
    pub fn dependency(&self, package: &str, features: &[&str]) -> Value {
        let mut table = InlineTable::new();
        match self {
            Runtime::Vendored => {
                table.insert("path", VENDORED_FOLDER.into());
                table.insert("package", vendored_package(package).into());
            }
            Runtime::Path(path) => {
                table.insert("path", path.as_str().into());
            }
            Runtime::Version(version) => {
                table.insert("version", version.as_str().into());
            }
        }
        table.insert("default-features", false.into());
        if !features.is_empty() {
            table.insert("features", features.iter().copied().collect::<toml_edit::Array>().into());
        }
        table.fmt();
        Value::InlineTable(table)
    }
}

/// The package name of the copy vendored into the crate `package`: its own,
/// so that several generated crates, each with its copy, can be members of
/// one workspace (cargo refuses two members, or two path packages, of one
/// name and version).
pub fn vendored_package(package: &str) -> String {
    format!("{package}-runtime")
}

/// The files of the copy vendored into the crate `package`, by path inside
/// it: the sources as they are, under a marker line that gives them to the
/// generator, and the manifest under the copy's own name, without what only
/// the workspace uses (its tests' dependencies and lint settings).
pub fn vendored_files(package: &str, regenerate_command: &str) -> Vec<(String, String)> {
    let header = format!(
        "// {GENERATED_MARKER}: a copy of codegen-runtime, the runtime of generated crates: do not edit, run `{regenerate_command}`.\n"
    );
    let mut files: Vec<(String, String)> = SOURCES
        .iter()
        .map(|(name, text)| (format!("{VENDORED_FOLDER}/src/{name}"), format!("{header}\n{text}")))
        .collect();
    files.push((format!("{VENDORED_FOLDER}/Cargo.toml"), vendored_manifest(package, regenerate_command)));
    files.push((format!("{VENDORED_FOLDER}/rustfmt.toml"), RUSTFMT_TOML.to_string()));
    files
}

fn vendored_manifest(package: &str, regenerate_command: &str) -> String {
    let Ok(mut manifest) = MANIFEST.parse::<DocumentMut>() else {
        // The manifest is part of this package, parsed by its own tests.
        return String::new();
    };
    manifest.remove("dev-dependencies");
    manifest.remove("lints");
    if let Some(Item::Table(table)) = manifest.get_mut("package") {
        table.decor_mut().set_prefix(format!(
            "# {GENERATED_MARKER}: a copy of codegen-runtime's manifest: do not edit, run `{regenerate_command}`.\n"
        ));
        table["name"] = toml_edit::value(vendored_package(package));
    }
    manifest.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_source_list_is_the_runtime_folder() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime/src");
        let mut on_disk: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = SOURCES.iter().map(|(name, _)| name.to_string()).collect();
        listed.sort();
        assert_eq!(listed, on_disk);
    }

    #[test]
    fn the_vendored_manifest_is_the_package_without_its_workspace_parts() {
        let manifest: DocumentMut = vendored_manifest("fleet", "codegen generate").parse().unwrap();
        assert_eq!(manifest["package"]["name"].as_str(), Some("fleet-runtime"));
        assert!(manifest.get("dev-dependencies").is_none());
        assert!(manifest.get("lints").is_none());
        assert!(manifest["features"]["client"].as_array().is_some_and(|features| features.len() > 5));
        let text = manifest.to_string();
        assert!(text.starts_with(&format!("# {GENERATED_MARKER}")), "{text}");
        assert!(!text.contains(".workspace"), "a copy outside the workspace inherits nothing: {text}");
    }

    #[test]
    fn the_dependency_names_its_source() {
        assert_eq!(
            Runtime::Vendored.dependency("fleet", &[]).to_string(),
            r#"{ path = "runtime", package = "fleet-runtime", default-features = false }"#
        );
        assert_eq!(
            Runtime::Version("0.1".into()).dependency("fleet", &["testing"]).to_string(),
            r#"{ version = "0.1", default-features = false, features = ["testing"] }"#
        );
    }
}
