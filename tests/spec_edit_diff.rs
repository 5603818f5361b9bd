//! Editing one field's type in a copy of `spec/`: `codegen diff` names that
//! field and classifies the change by the way the field travels.

use std::fs;
use std::path::Path;

use codegen::diff::{self, Change, ChangeKind, Classification};
use e2e::spec_dir;

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The changes between `spec/` and a copy whose `file` has `from` (found
/// exactly once) replaced by `to`.
fn changes_after_edit(file: &str, from: &str, to: &str) -> Vec<Change> {
    let copy = tempfile::tempdir().unwrap();
    copy_dir(&spec_dir(), copy.path());
    let path = copy.path().join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once in {file}");
    fs::write(&path, text.replace(from, to)).unwrap();

    let old = codegen::analyze(&spec_dir()).unwrap();
    let new = codegen::analyze(copy.path()).unwrap();
    diff::diff(&old.api, &new.api).changes
}

fn line_of(file: &str, text: &str) -> usize {
    let source = fs::read_to_string(spec_dir().join(file)).unwrap();
    source.lines().position(|line| line.starts_with(text)).unwrap() + 1
}

#[test]
fn a_response_field_whose_type_changes_is_named_and_breaks() {
    let row = "isActive | Boolean | Whether the company is currently active.";
    let changes = changes_after_edit("includes/_models.md", row, &row.replace("Boolean", "String"));
    assert_eq!(changes.len(), 1, "{changes:#?}");
    let change = &changes[0];
    assert_eq!(change.kind, ChangeKind::FieldTypeChanged);
    assert_eq!(change.path, "struct CompanyQueryView › field isActive");
    assert_eq!((change.before.as_deref(), change.after.as_deref()), (Some("Boolean"), Some("String")));
    assert_eq!(change.classification, Classification::Breaking);
    assert_eq!(change.rule.id, "response-type-changed");
    let source = change.source.as_ref().unwrap();
    assert_eq!((source.file.as_str(), source.line), ("includes/_models.md", line_of("includes/_models.md", row)));
}

#[test]
fn a_request_field_widened_is_named_and_compatible() {
    let row = "agencyUids | body | [NonEmptyList](#nonemptylist)[[SafeUUID](#safeuuid)]";
    let changes =
        changes_after_edit("includes/_patrimonies.md", row, &row.replace("[NonEmptyList](#nonemptylist)", "Array"));
    assert_eq!(changes.len(), 1, "{changes:#?}");
    let change = &changes[0];
    assert_eq!(change.kind, ChangeKind::ParamTypeChanged);
    assert_eq!(change.path, "POST /api/vEvent/patrimonies › param agencyUids");
    assert_eq!(change.classification, Classification::Compatible);
    assert_eq!(change.rule.id, "request-type-widened");
}
