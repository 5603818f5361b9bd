//! A crate generated with `codegen generate --out DIR` builds on its own,
//! client and runtime included, wherever its runtime comes from: a copy in
//! its own folder, a path, or a registry version. It is written to a
//! temporary folder outside the workspace and built by cargo there, offline,
//! with the workspace's lock file so the same dependency versions are used.
//! Its files are laid out as the command line lays them out, and `cargo fmt
//! --check` accepts them.

use std::path::Path;
use std::process::{Command, Output};

use codegen::diagnostics::Diagnostics;
use codegen::ir::Api;
use codegen::rust::runtime::Runtime;
use codegen::rust::{self, Options};

/// The crates that make an HTTP client; a crate built without its `client`
/// feature depends on none of them.
const HTTP_CRATES: &[&str] = &["reqwest", "hyper", "tokio", "rustls", "h2", "webpki-roots"];

fn runtime_folder() -> String {
    e2e::repo_root().join("codegen/runtime").display().to_string()
}

fn write(api: &Api, name: &str, runtime: Runtime, folder: &Path) {
    let mut options = Options::new(name);
    options.runtime = runtime;
    let mut krate = rust::generate(api, &options, &mut Diagnostics::new());
    let refused = rust::layout::lay_out(&mut krate).expect("rustfmt runs (rustup component add rustfmt)");
    assert!(refused.is_empty(), "{refused:?}");
    rust::output::write_crate(folder, &krate).expect("the crate is written");
    std::fs::copy(e2e::repo_root().join("Cargo.lock"), folder.join("Cargo.lock")).expect("the lock file");
}

fn mini_api() -> Api {
    let text = std::fs::read_to_string(e2e::repo_root().join("codegen/tests/fixtures/mini.ir.json")).unwrap();
    serde_json::from_str(&text).expect("the mini IR reads")
}

/// Runs cargo in `folder`, offline, with one target folder for every crate
/// of these tests.
fn cargo(folder: &Path, args: &[&str]) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    Command::new(cargo)
        .args(args)
        .arg("--offline")
        .current_dir(folder)
        .env("CARGO_TARGET_DIR", e2e::repo_root().join("target/generated-crates"))
        .output()
        .expect("cargo runs")
}

fn assert_success(what: &str, output: &Output) {
    assert!(
        output.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_crate_of_spec_builds_on_its_own() {
    let api = codegen::analyze(&e2e::spec_dir()).expect("spec/ loads").api;
    let folder = tempfile::tempdir().expect("a temporary folder");
    write(&api, "standalone-client", Runtime::Vendored, folder.path());
    assert!(folder.path().join("runtime/src/transport.rs").is_file(), "the runtime is copied into the crate");
    assert_success("cargo check", &cargo(folder.path(), &["check", "--quiet", "--lib"]));
    // The runtime's copy is a member of the crate's workspace: its own
    // rustfmt.toml, vendored with it, keeps it as it is formatted here.
    let cargo_program = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let fmt = Command::new(cargo_program).args(["fmt", "--all", "--check"]).current_dir(folder.path()).output();
    assert_success("cargo fmt --check", &fmt.expect("cargo fmt runs"));
}

#[test]
fn with_each_runtime_source_the_crate_passes_its_tests() {
    let api = mini_api();
    let patch = format!("patch.crates-io.codegen-runtime.path={:?}", runtime_folder());
    let sources: [(&str, Runtime, Vec<&str>); 3] = [
        ("vendored", Runtime::Vendored, vec![]),
        ("path", Runtime::Path(runtime_folder()), vec![]),
        // The registry is stood in for by a patch to the same package: what
        // is tested is the manifest's version requirement.
        ("version", Runtime::Version("0.1".to_string()), vec!["--config", &patch]),
    ];
    for (source, runtime, config) in sources {
        let folder = tempfile::tempdir().expect("a temporary folder");
        write(&api, &format!("mini-{source}"), runtime, folder.path());
        let mut args = config.clone();
        args.extend(["test", "--quiet"]);
        let output = cargo(folder.path(), &args);
        assert_success(&format!("cargo test with the runtime from {source}"), &output);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.contains("test result: ok"), "{source}: the example tests ran:\n{stdout}");
    }
}

#[test]
fn without_default_features_the_crate_is_its_models_alone() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    write(&mini_api(), "mini-models", Runtime::Path(runtime_folder()), folder.path());
    let tree = cargo(folder.path(), &["tree", "--no-default-features", "-e", "normal", "--prefix", "none"]);
    assert_success("cargo tree", &tree);
    let tree = String::from_utf8_lossy(&tree.stdout);
    let crates: Vec<&str> = tree.lines().filter_map(|line| line.split_whitespace().next()).collect();
    for http in HTTP_CRATES {
        assert!(!crates.contains(http), "{http} without the client feature:\n{tree}");
    }
    assert!(crates.contains(&"serde") && crates.contains(&"codegen-runtime"), "{tree}");
    let with_client = cargo(folder.path(), &["tree", "-e", "normal", "--prefix", "none"]);
    assert!(String::from_utf8_lossy(&with_client.stdout).contains("reqwest"), "the default features bring the client");
    assert_success(
        "cargo test --no-default-features",
        &cargo(folder.path(), &["test", "--quiet", "--no-default-features"]),
    );
}
