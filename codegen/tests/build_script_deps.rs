//! A build script that calls `codegen::build` must stay light: with
//! `default-features = false` the library pulls in no command-line parser,
//! HTTP client or server, TLS or async runtime. The example crate under
//! `examples/build-script` is the witness; cargo itself says what it builds.

use std::path::Path;
use std::process::Command;

/// Crates, or families of crates (`tokio-*`, `hyper-*`...), that only the
/// command line, the mock server or a client need.
const HEAVY: &[&str] = &["axum", "clap", "hyper", "rcgen", "reqwest", "rustls", "tokio"];

/// The names of the packages `cargo tree` lists for the example's normal and
/// build dependencies.
fn example_dependencies() -> Vec<String> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .current_dir(&workspace)
        .args(["tree", "--offline", "--locked", "-e", "normal,build", "-p", "build-script-example"])
        .args(["--prefix", "none", "--format", "{p}"])
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "cargo tree failed:\n{}", String::from_utf8_lossy(&output.stderr));
    let mut names: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_string)
        .collect();
    names.sort();
    names.dedup();
    names
}

fn is_heavy(name: &str) -> bool {
    HEAVY
        .iter()
        .any(|heavy| name == *heavy || name.strip_prefix(heavy).is_some_and(|rest| rest.starts_with(['-', '_'])))
}

#[test]
fn build_script_compiles_no_server_client_tls_or_cli_crate() {
    let names = example_dependencies();
    assert!(names.iter().any(|name| name == "codegen"), "the example no longer builds codegen: {names:?}");
    let heavy: Vec<&String> = names.iter().filter(|name| is_heavy(name)).collect();
    assert!(heavy.is_empty(), "a build script calling codegen::build now compiles {heavy:?}");
}

#[test]
fn heavy_families_are_recognised() {
    assert!(is_heavy("tokio") && is_heavy("tokio-rustls") && is_heavy("hyper-util") && is_heavy("axum-server"));
    assert!(!is_heavy("tokionic") && !is_heavy("serde") && !is_heavy("clapper"));
}
