//! One field's type edited in a copy of `spec/`: the freshness gate fails
//! with a diff naming that field, and `codegen diff` classifies the change.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create");
    for entry in fs::read_dir(from).expect("read dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.file_name() == "target" {
            continue;
        }
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy");
        }
    }
}

fn codegen(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_codegen")).args(args).output().expect("runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    (output.status.code().unwrap_or(-1), text)
}

#[test]
fn a_field_type_edited_in_spec_makes_check_fail_and_diff_classify_it() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let spec = scratch.path().join("spec");
    let generated = scratch.path().join("generated");
    copy_dir(&repo().join("spec"), &spec);
    copy_dir(&repo().join("generated"), &generated);
    let (spec_arg, out_arg) = (spec.to_str().expect("utf-8"), generated.to_str().expect("utf-8"));

    let (code, text) = codegen(&["--check", "--spec", spec_arg, "--out", out_arg]);
    assert_eq!(code, 0, "the copies start fresh:\n{text}");

    let models = spec.join("includes/_models.md");
    let row = "isActive | Boolean | Whether the company is currently active.";
    let source = fs::read_to_string(&models).expect("models");
    assert_eq!(source.matches(row).count(), 1);
    fs::write(&models, source.replace(row, &row.replace("Boolean", "String"))).expect("edit");

    let (code, text) = codegen(&["--check", "--spec", spec_arg, "--out", out_arg]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("-    pub is_active: bool,"), "the diff names the field:\n{text}");
    assert!(text.contains("+    pub is_active: String,"), "the diff names the field:\n{text}");

    let original = repo().join("spec");
    let (code, text) = codegen(&["diff", original.to_str().expect("utf-8"), spec_arg, "--fail-on-breaking"]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("CompanyQueryView › field isActive"), "{text}");
    assert!(text.to_lowercase().contains("breaking"), "{text}");
}
