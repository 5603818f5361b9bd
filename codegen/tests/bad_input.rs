//! Input that cannot be read, through the built binary: each ends with a
//! diagnostic naming the place (the folder, or file:line). `codegen ir` exits
//! 1 when it printed an API read in part, 2 when nothing of an API could be
//! read; `codegen lint` exits 1 on the same findings (2 when there is nothing
//! to load at all). Never a panic (exit 101).

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen")).args(args).output().expect("codegen runs")
}

fn ir(folder: &Path) -> (i32, String) {
    let output = codegen(&["ir", "--spec", folder.to_str().expect("a UTF-8 path")]);
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).into_owned())
}

fn lint_exit(folder: &Path) -> i32 {
    codegen(&["lint", "--spec", folder.to_str().expect("a UTF-8 path")]).status.code().unwrap_or(-1)
}

/// A folder holding `files` (relative path, content).
fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, content) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
        fs::write(path, content).expect("write");
    }
    dir
}

const INDEX: &str = "---\ntitle: Bad\nincludes:\n  - main\n---\n# Intro\n\nAn API.\n";

/// Nothing of an API could be read: `ir` exits 2.
fn assert_unreadable(files: &[(&str, &[u8])], code: &str, place: &str) {
    assert_reported(files, code, place, 2);
}

/// Part of the API was read: `ir` prints it and exits 1.
fn assert_read_in_part(files: &[(&str, &[u8])], code: &str, place: &str) {
    assert_reported(files, code, place, 1);
}

fn assert_reported(files: &[(&str, &[u8])], code: &str, place: &str, ir_exit: i32) {
    let dir = folder(files);
    let (exit, stderr) = ir(dir.path());
    assert_eq!(exit, ir_exit, "{stderr}");
    assert!(stderr.contains(&format!("error[{code}]")), "no {code} in:\n{stderr}");
    assert!(stderr.contains(place), "no `{place}` in:\n{stderr}");
    assert_eq!(lint_exit(dir.path()), 1, "lint reports the error and exits 1");
}

#[test]
fn an_empty_folder() {
    let dir = folder(&[]);
    let (exit, stderr) = ir(dir.path());
    assert_eq!(exit, 2, "{stderr}");
    assert!(stderr.contains("error[SL001]") && stderr.contains("holds no index.html.md"), "{stderr}");
    assert!(stderr.contains(&dir.path().display().to_string()), "the folder is named: {stderr}");
    assert_eq!(lint_exit(dir.path()), 2);
}

#[test]
fn a_missing_index() {
    let dir = folder(&[("includes/_main.md", b"# Main\n")]);
    let (exit, stderr) = ir(dir.path());
    assert_eq!(exit, 2, "{stderr}");
    assert!(stderr.contains("error[SL001]") && stderr.contains("holds no index.html.md"), "{stderr}");
    let (exit, stderr) = ir(&dir.path().join("index.html.md"));
    assert_eq!(exit, 2, "{stderr}");
    assert!(stderr.contains("no such file or folder"), "{stderr}");
}

#[test]
fn a_missing_include() {
    assert_unreadable(&[("index.html.md", INDEX.as_bytes())], "SL001", "index.html.md:4:");
}

#[test]
fn front_matter_that_is_not_yaml() {
    let index = "---\ntitle: Bad\nincludes: [main\n---\n# Intro\n";
    assert_unreadable(&[("index.html.md", index.as_bytes())], "SL002", "index.html.md:");
}

#[test]
fn a_table_with_a_missing_column() {
    let main = "# Things\n\n## Get a thing\n\n**`GET`** `/things`\n\n### Parameters\n\n\
                Name | In | Description\n--- | --- | ---\nlimit | query | How many.\n";
    assert_read_in_part(
        &[("index.html.md", INDEX.as_bytes()), ("includes/_main.md", main.as_bytes())],
        "SL019",
        "includes/_main.md:9:",
    );
}

#[test]
fn a_type_expression_that_cannot_be_read() {
    let main =
        "# Models\n\n## Thing\n\nName | Type | Description\n--- | --- | ---\ntags | Array[[Tag](#tag)) | Its tags.\n";
    assert_read_in_part(
        &[("index.html.md", INDEX.as_bytes()), ("includes/_main.md", main.as_bytes())],
        "SL003",
        "includes/_main.md:7:",
    );
}

#[test]
fn fifty_megabytes_of_random_bytes() {
    let mut random = fastrand::Rng::with_seed(50);
    let noise: Vec<u8> = std::iter::repeat_with(|| random.u8(..)).take(50 * 1024 * 1024).collect();
    // Larger than any documentation file may be: refused before it is read.
    assert_unreadable(
        &[("index.html.md", INDEX.as_bytes()), ("includes/_main.md", &noise)],
        "SL042",
        "includes/_main.md holds 52428800 bytes",
    );
    // As the index itself, too: nothing can be loaded.
    let dir = folder(&[("index.html.md", &noise)]);
    let (exit, stderr) = ir(dir.path());
    assert_eq!(exit, 2, "{stderr}");
    assert!(stderr.contains("index.html.md") && stderr.contains("52428800 bytes"), "{stderr}");
    // Noise within the limit is read, and reported as not text.
    let noise = &noise[..4 * 1024 * 1024];
    assert_unreadable(
        &[("index.html.md", INDEX.as_bytes()), ("includes/_main.md", noise)],
        "SL001",
        "includes/_main.md:",
    );
}

#[test]
fn random_bytes_without_nul_are_read_as_text_and_reported() {
    // Bytes that are not UTF-8 but hold no NUL: read with replacements.
    let mut random = fastrand::Rng::with_seed(7);
    let noise: Vec<u8> = std::iter::repeat_with(|| random.u8(1..)).take(256 * 1024).collect();
    assert_unreadable(
        &[("index.html.md", INDEX.as_bytes()), ("includes/_main.md", &noise)],
        "SL001",
        "includes/_main.md:",
    );
}
