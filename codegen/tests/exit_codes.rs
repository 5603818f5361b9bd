//! One exit-code contract for every command, through the built binary:
//! 0 the output was produced (warnings and notes allowed); 1 the output was
//! produced but part of the input could not be read, or a check found
//! something; 2 nothing could be produced.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

fn codegen(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_codegen")).args(args).output().expect("codegen runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code().unwrap_or(-1), stderr)
}

fn spec(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, text) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
        fs::write(path, text).expect("write");
    }
    dir
}

const INDEX: &str = "---\ntitle: Shelves\nincludes:\n  - main\n---\n# Shelves\n\nA small API.\n";

const CLEAN: &str = "# Shelves\n\n## Get a shelf\n\n**`GET`** `/shelves/:shelf_id`\n\n### Parameters\n\n\
Name | In | Type | Default | Description\n--- | --- | --- | --- | ---\nshelf_id | path | String | | Which one.\n\n\
### Responses\n\nHttp code | Type | Description\n--- | --- | ---\n200 | [Shelf](#shelf) | The shelf.\n\n\
# Models\n\n## Shelf\n\nName | Type | Description\n--- | --- | ---\nlabel | String | Its label.\n";

/// A warning only: a row with a cell too many.
fn with_warning() -> String {
    CLEAN.replace("label | String | Its label.", "label | String | Its label. | stray")
}

/// An error: a table whose header has no Type column cannot be read.
fn with_error() -> String {
    format!("{CLEAN}\n## Unread\n\nType | Description\n--- | ---\nString | no name\n")
}

/// No endpoint and no model: prose only.
const NOTHING: &str = "# Shelves\n\nOnly words.\n";

fn path(dir: &tempfile::TempDir) -> &str {
    dir.path().to_str().expect("a UTF-8 path")
}

/// Exit codes of `ir`, `openapi`, `generate` and `lint` on a folder.
fn exits(dir: &tempfile::TempDir) -> [i32; 4] {
    let out = tempfile::tempdir().expect("an output folder");
    let crate_dir = out.path().join("api");
    [
        codegen(&["ir", "--spec", path(dir)]).0,
        codegen(&["openapi", "--spec", path(dir)]).0,
        codegen(&["generate", "--spec", path(dir), "--out", crate_dir.to_str().expect("UTF-8")]).0,
        codegen(&["lint", "--spec", path(dir)]).0,
    ]
}

#[test]
fn documentation_read_whole_exits_0_even_with_warnings() {
    let clean = spec(&[("index.html.md", INDEX), ("includes/_main.md", CLEAN)]);
    assert_eq!(exits(&clean), [0, 0, 0, 0]);
    let warned = spec(&[("index.html.md", INDEX), ("includes/_main.md", &with_warning())]);
    assert_eq!(exits(&warned), [0, 0, 0, 0]);
    let (exit, stderr) = codegen(&["lint", "--spec", path(&warned), "--deny", "warnings"]);
    assert_eq!(exit, 1, "denied warnings are a finding: {stderr}");
}

#[test]
fn documentation_read_in_part_exits_1_with_its_output() {
    let dir = spec(&[("index.html.md", INDEX), ("includes/_main.md", &with_error())]);
    assert_eq!(exits(&dir), [1, 1, 1, 1]);
    let output = Command::new(env!("CARGO_BIN_EXE_codegen")).args(["ir", "--spec", path(&dir)]).output().expect("runs");
    let api: serde_json::Value = serde_json::from_slice(&output.stdout).expect("the IR is printed");
    assert_eq!(api["endpoints"].as_array().map(Vec::len), Some(1));
}

#[test]
fn nothing_to_produce_exits_2() {
    let prose = spec(&[("index.html.md", INDEX), ("includes/_main.md", NOTHING)]);
    let [ir, openapi, generate, _lint] = exits(&prose);
    assert_eq!([ir, openapi, generate], [2, 2, 2]);
    let empty = tempfile::tempdir().expect("a folder");
    assert_eq!(exits(&empty), [2, 2, 2, 2], "no index");
    let (exit, stderr) = codegen(&["diff", path(&empty), path(&empty)]);
    assert_eq!(exit, 2, "{stderr}");
    let (exit, stderr) = codegen(&["mock", "--spec", path(&prose), "--addr", "127.0.0.1:0"]);
    assert_eq!(exit, 2, "nothing to serve: {stderr}");
}

#[test]
fn diff_exits_1_on_a_breaking_change_when_asked_and_on_a_side_read_in_part() {
    let old = spec(&[("index.html.md", INDEX), ("includes/_main.md", CLEAN)]);
    let renamed = CLEAN.replace("label | String", "title | String");
    let new = spec(&[("index.html.md", INDEX), ("includes/_main.md", &renamed)]);
    assert_eq!(codegen(&["diff", path(&old), path(&new)]).0, 0);
    assert_eq!(codegen(&["diff", path(&old), path(&new), "--fail-on-breaking"]).0, 1);
    let broken = spec(&[("index.html.md", INDEX), ("includes/_main.md", &with_error())]);
    assert_eq!(codegen(&["diff", path(&old), path(&broken)]).0, 1);
}

#[test]
fn a_stale_crate_exits_1_under_check() {
    let dir = spec(&[("index.html.md", INDEX), ("includes/_main.md", CLEAN)]);
    let out = tempfile::tempdir().expect("an output folder");
    let crate_dir = out.path().join("api");
    let crate_dir = crate_dir.to_str().expect("UTF-8");
    assert_eq!(codegen(&["generate", "--spec", path(&dir), "--out", crate_dir]).0, 0);
    assert_eq!(codegen(&["generate", "--spec", path(&dir), "--out", crate_dir, "--check"]).0, 0);
    fs::write(Path::new(crate_dir).join("src/lib.rs"), "// edited\n").expect("edit");
    assert_eq!(codegen(&["generate", "--spec", path(&dir), "--out", crate_dir, "--check"]).0, 1);
}

/// Starts the mock, waits until it listens, stops it as Ctrl-C would.
fn mock_exit(dir: &tempfile::TempDir) -> i32 {
    let mut child = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(["mock", "--spec", path(dir), "--addr", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("the mock starts");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let listening = lines.by_ref().map_while(Result::ok).any(|line| line.contains("listening on"));
    assert!(listening, "the mock never listened");
    let status = Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill runs");
    assert!(status.success());
    child.wait().expect("the mock stops").code().unwrap_or(-1)
}

#[test]
fn the_mock_exits_0_or_1_when_stopped_by_how_much_it_could_read() {
    let clean = spec(&[("index.html.md", INDEX), ("includes/_main.md", CLEAN)]);
    assert_eq!(mock_exit(&clean), 0);
    let broken = spec(&[("index.html.md", INDEX), ("includes/_main.md", &with_error())]);
    assert_eq!(mock_exit(&broken), 1);
}

/// Where the runtime comes from is written to the manifest; a version that
/// is no version requirement produces nothing.
#[test]
fn generate_names_the_runtime_it_is_given() {
    let dir = spec(&[("index.html.md", INDEX), ("includes/_main.md", CLEAN)]);
    let out = tempfile::tempdir().expect("a temporary folder");
    let manifest = |crate_folder: &Path| fs::read_to_string(crate_folder.join("Cargo.toml")).expect("Cargo.toml");

    let vendored = out.path().join("vendored");
    let (code, stderr) = codegen(&["generate", "--spec", path(&dir), "--out", vendored.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(manifest(&vendored).contains(r#"codegen-runtime = { path = "runtime", package = "vendored-runtime""#));
    assert!(manifest(&vendored.join("runtime")).contains(r#"name = "vendored-runtime""#));

    let by_path = out.path().join("by-path");
    let (code, stderr) = codegen(&[
        "generate",
        "--spec",
        path(&dir),
        "--out",
        by_path.to_str().unwrap(),
        "--runtime-path",
        "../shared-runtime",
    ]);
    assert_eq!(code, 0, "a runtime not there yet is a warning: {stderr}");
    assert!(stderr.contains("--runtime-path ../shared-runtime"), "{stderr}");
    assert!(
        manifest(&by_path).contains(r#"codegen-runtime = { path = "../shared-runtime", default-features = false }"#)
    );
    assert!(!by_path.join("runtime").exists(), "no copy when a path is given");

    let by_version = out.path().join("by-version");
    let version_args = ["generate", "--spec", path(&dir), "--out", by_version.to_str().unwrap(), "--runtime-version"];
    let (code, stderr) = codegen(&[&version_args[..], &["0.1"]].concat());
    assert_eq!(code, 0, "{stderr}");
    assert!(manifest(&by_version).contains(r#"codegen-runtime = { version = "0.1", default-features = false }"#));

    let refused = out.path().join("refused");
    let (code, stderr) =
        codegen(&["generate", "--spec", path(&dir), "--out", refused.to_str().unwrap(), "--runtime-version", "one"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("not a version requirement") && stderr.contains("hint"), "{stderr}");
    assert!(!refused.exists(), "nothing written");
}

#[test]
fn ir_into_a_closed_pipe_exits_2_with_a_message() {
    // The IR of `spec/` is far larger than a pipe holds, so writing it into
    // a pipe whose reader is gone fails whenever the reader went.
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let mut child = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(["ir", "--spec"])
        .arg(&spec)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("codegen runs");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("codegen ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("the IR could not be written"), "{stderr}");
}
