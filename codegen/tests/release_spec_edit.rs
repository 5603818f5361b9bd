//! `codegen release` on a copy of `spec/` and `generated/` in a git
//! repository of their own: a compatible edit and a breaking one, each
//! caught by `--check` and released with the version the diff asks for.
//! The edited model is found through the API model (an answer's struct with
//! a required field), not by name, so the test holds for any `spec/`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::diff::usage::model_usage;
use codegen::ir::{Field, ModelKind};
use codegen::release::{self, Bump};

mod common;
use common::edits::copy_dir;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn codegen(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_codegen")).args(args).output().expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code().unwrap_or(-1), stdout, stderr)
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

fn commit(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "--allow-empty", "-m", message]);
}

/// A struct only read by clients, and one of its required fields.
fn answer_field(spec: &Path) -> (String, Field) {
    let api = codegen::analyze(spec).expect("spec loads").api;
    let usage = model_usage(&api);
    api.models
        .iter()
        .filter(|model| model.kind() == ModelKind::Struct)
        .filter(|model| usage.get(&model.name).is_some_and(|u| u.response && !u.request))
        .find_map(|model| {
            let field = model.fields().iter().find(|f| f.required && !f.ty.is_option() && f.constant.is_none())?;
            Some((model.name.clone(), field.clone()))
        })
        .expect("spec/ has a struct that clients only read, with a required field")
}

/// The lines of the file a field's row is on, and the row's index.
fn row_of(spec: &Path, field: &Field) -> (PathBuf, Vec<String>, usize) {
    let path = spec.join(&field.source.file);
    let lines: Vec<String> = fs::read_to_string(&path).expect("the field's file").lines().map(String::from).collect();
    let index = field.source.line - 1;
    assert!(lines[index].contains(&field.name) && lines[index].contains('|'), "a table row: {}", lines[index]);
    (path, lines, index)
}

fn write_lines(path: &Path, lines: &[String]) {
    fs::write(path, lines.join("\n") + "\n").expect("write");
}

fn version_of(generated: &Path) -> semver::Version {
    let manifest = fs::read_to_string(generated.join("Cargo.toml")).expect("Cargo.toml");
    release::package_version(&manifest).expect("a version")
}

#[test]
fn edits_of_a_copy_of_spec_are_caught_and_released() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let root = scratch.path();
    let (spec, generated) = (root.join("spec"), root.join("generated"));
    copy_dir(&repo().join("spec"), &spec);
    copy_dir(&repo().join("generated"), &generated);
    git(root, &["init", "-q"]);
    commit(root, "copies");
    let (spec_arg, out_arg) = (spec.to_str().expect("utf-8"), generated.to_str().expect("utf-8"));
    let check = || codegen(&["--check", "--spec", spec_arg, "--out", out_arg]);
    let release = |extra: &[&str]| {
        let mut args = vec!["release", "--since", "HEAD", "--spec", spec_arg, "--out", out_arg];
        args.extend_from_slice(extra);
        codegen(&args)
    };
    let regenerate = || {
        let (code, _, stderr) = codegen(&["--spec", spec_arg, "--out", out_arg]);
        assert_eq!(code, 0, "{stderr}");
    };

    // Whatever state the copies are in, a release brings them up to date.
    let (code, _, stderr) = release(&[]);
    assert_eq!(code, 0, "{stderr}");
    regenerate();
    let (code, _, stderr) = check();
    assert_eq!(code, 0, "fresh after a release:\n{stderr}");
    let (code, _, stderr) = release(&[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("nothing to release"), "{stderr}");
    commit(root, "released");
    let first = version_of(&generated);

    // A compatible edit: an optional field added to an answer.
    let (model, field) = answer_field(&spec);
    let (path, mut lines, index) = row_of(&spec, &field);
    let mut cells: Vec<String> = lines[index].split('|').map(String::from).collect();
    let name_cell = cells.iter().position(|cell| cell.trim() == field.name).expect("the name cell");
    cells[name_cell] = cells[name_cell].replace(&field.name, "addedByTheReleaseTest");
    let type_cell = name_cell + 1;
    cells[type_cell] = " Option[String] ".to_string();
    lines.insert(index + 1, cells.join("|"));
    write_lines(&path, &lines);

    let (code, _, stderr) = check();
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("CHANGELOG.md are stale"), "{stderr}");
    assert!(stderr.contains("codegen release --since REV"), "says what to run:\n{stderr}");

    let (code, entry, stderr) = release(&["--dry-run"]);
    assert_eq!(code, 0, "{stderr}");
    let compatible = Bump::Minor.apply(&first);
    assert!(entry.starts_with(&format!("## {compatible}\n")), "{entry}");
    assert!(entry.contains(&format!("struct {model} › field addedByTheReleaseTest")), "{entry}");
    assert!(entry.contains("response-field-added"), "{entry}");
    assert_eq!(version_of(&generated), first, "a dry run writes nothing");

    let (code, _, stderr) = release(&[]);
    assert_eq!(code, 0, "{stderr}");
    regenerate();
    let (code, _, stderr) = check();
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(version_of(&generated), compatible);
    let manifest = fs::read_to_string(generated.join("Cargo.toml")).expect("Cargo.toml");
    let digest = release::api_digest(&codegen::analyze(&spec).expect("spec loads").api);
    assert!(manifest.contains(&format!("api-digest = \"{digest}\"")), "{manifest}");
    commit(root, "compatible release");

    // A breaking edit: the required field removed from the answer.
    let (path, mut lines, index) = row_of(&spec, &field);
    lines.remove(index);
    write_lines(&path, &lines);
    let (code, _, stderr) = release(&[]);
    assert_eq!(code, 0, "{stderr}");
    regenerate();
    let breaking = Bump::Major.apply(&compatible);
    assert_eq!(version_of(&generated), breaking);
    let changelog = fs::read_to_string(generated.join("CHANGELOG.md")).expect("the changelog");
    let newest = changelog.find(&format!("## {breaking}\n")).expect("the breaking entry");
    let older = changelog.find(&format!("## {compatible}\n")).expect("the compatible entry");
    assert!(newest < older, "newest first:\n{changelog}");
    assert!(changelog[newest..older].contains("response-field-removed-required"), "{changelog}");
    assert_eq!(release::latest_record(&changelog).map(|r| r.version), Some(breaking));

    let (code, _, stderr) = codegen(&["release", "--since", "no-such-revision", "--spec", spec_arg, "--out", out_arg]);
    assert_eq!(code, 2, "{stderr}");
}
