//! `codegen diff` on pairs of small hand-written Slate folders: the base in
//! tests/fixtures/diff/base, and a copy with one edit. Each case lists every
//! change the diff must find, with the rule that classifies it, and the exit
//! code `--fail-on-breaking` must give.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

mod common;
use common::edits::{apply, copy_dir, Edit};

const BIN: &str = env!("CARGO_BIN_EXE_codegen");

fn base() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff/base")
}

struct Case {
    name: &'static str,
    edits: Vec<Edit>,
    /// (kind, path, rule id) of every change, in the diff's order.
    expected: Vec<(&'static str, &'static str, &'static str)>,
}

fn codegen(args: &[&str], dir: Option<&Path>) -> Output {
    let mut command = Command::new(BIN);
    command.args(args);
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    command.output().unwrap()
}

fn diff_json(old: &Path, new: &Path) -> (Value, Option<i32>) {
    let output = codegen(
        &["diff", old.to_str().unwrap(), new.to_str().unwrap(), "--format", "json", "--fail-on-breaking"],
        None,
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let json = serde_json::from_str(&stdout).unwrap_or_else(|err| panic!("{err}: {stdout}"));
    (json, output.status.code())
}

const THINGS: &str = "includes/_things.md";
const MODELS: &str = "includes/_models.md";
const ERRORS: &str = "includes/_eventErrors.md";

fn cases() -> Vec<Case> {
    use Edit::*;
    vec![
        Case {
            name: "endpoint added",
            edits: vec![Append(
                THINGS,
                "## Delete a Thing\n\n**`DELETE`** `/api/vEvent/things/:thing_uid`\n\n### Parameters\n\n\
                 Name | In | Type | Default | Description\n--- | --- | --- | --- | ---\n\
                 thing_uid | path | [SafeUUID](#safeuuid) | | Uid of the thing.\n\n### Responses\n\n\
                 Http code | Type | Description\n--- | --- | ---\n200 | Empty | Done.\n",
            )],
            expected: vec![("endpoint-added", "DELETE /api/vEvent/things/{thing_uid}", "endpoint-added")],
        },
        Case {
            // Method names come from the method and the path: a new heading
            // renames nothing a client calls.
            name: "heading edited",
            edits: vec![Replace(THINGS, "## Get a Thing\n", "## Fetch one Thing\n")],
            expected: vec![],
        },
        Case {
            name: "endpoint renamed",
            edits: vec![Replace(THINGS, "## Get a Thing\n", "## Get a Thing\n\n<!-- codegen: name(fetch_thing) -->\n")],
            expected: vec![("endpoint-renamed", "GET /api/v1/things/{thing_uid}", "endpoint-renamed")],
        },
        Case {
            name: "endpoint removed",
            edits: vec![RemoveSection(THINGS, "## Get a Thing")],
            expected: vec![("endpoint-removed", "GET /api/v1/things/{thing_uid}", "endpoint-removed")],
        },
        Case {
            name: "endpoint moved",
            edits: vec![Replace(THINGS, "`/api/v1/things/:thing_uid`", "`/api/v1/thing/:thing_uid`")],
            expected: vec![("endpoint-moved", "GET /api/v1/thing/{thing_uid}", "endpoint-moved")],
        },
        Case {
            name: "path parameter renamed",
            edits: vec![
                Replace(THINGS, "`/api/v1/things/:thing_uid`", "`/api/v1/things/:uid`"),
                Replace(THINGS, "thing_uid | path", "uid | path"),
            ],
            expected: vec![("param-renamed", "GET /api/v1/things/{uid} › param uid", "path-param-renamed")],
        },
        Case {
            name: "required parameter added",
            edits: vec![Replace(
                THINGS,
                "label | query |",
                "owner | query | [SafeUUID](#safeuuid) | | Owner of the things.\nlabel | query |",
            )],
            expected: vec![("param-added", "GET /api/v1/things › param owner", "param-added-required")],
        },
        Case {
            name: "optional parameter added",
            edits: vec![Replace(
                THINGS,
                "label | query |",
                "owner | query | [Option](#option)[String] | None | Owner of the things.\nlabel | query |",
            )],
            expected: vec![("param-added", "GET /api/v1/things › param owner", "param-added-optional")],
        },
        Case {
            name: "parameter removed",
            edits: vec![Replace(THINGS, "label | query | [Option](#option)[String] | None | Only things with this label.\n", "")],
            expected: vec![("param-removed", "GET /api/v1/things › param label", "param-removed")],
        },
        Case {
            name: "parameter type changed",
            edits: vec![Replace(THINGS, "label | query | [Option](#option)[String]", "label | query | [Option](#option)[Long]")],
            expected: vec![("param-type-changed", "GET /api/v1/things › param label", "request-type-changed")],
        },
        Case {
            name: "parameter became required",
            edits: vec![Replace(THINGS, "label | query | [Option](#option)[String] | None", "label | query | String |")],
            expected: vec![("param-required-changed", "GET /api/v1/things › param label", "request-became-required")],
        },
        Case {
            name: "parameter location changed",
            edits: vec![Replace(THINGS, "label | query |", "label | header |")],
            expected: vec![("param-location-changed", "GET /api/v1/things › param label", "param-location-changed")],
        },
        Case {
            name: "parameter default changed",
            edits: vec![Replace(THINGS, "| 0-100 |", "| 0-20 |")],
            expected: vec![("param-default-changed", "GET /api/v1/things › param range", "param-default-changed")],
        },
        Case {
            name: "error response added",
            edits: vec![Replace(THINGS, "400 | Error | The uid is invalid.", "400 | Error | The uid is invalid.\n404 | Error | No such thing.")],
            expected: vec![("response-added", "GET /api/v1/things/{thing_uid} › response 404", "error-response-added")],
        },
        Case {
            name: "success response added",
            edits: vec![Replace(
                THINGS,
                "200 | Array[[ThingView](#thingview)] | Every thing.",
                "200 | Array[[ThingView](#thingview)] | Every thing.\n206 | Array[[ThingView](#thingview)] | Part of them.",
            )],
            expected: vec![("response-added", "GET /api/v1/things › response 206", "success-response-added")],
        },
        Case {
            name: "response type changed",
            edits: vec![Replace(THINGS, "200 | [ThingView](#thingview) | The thing.", "200 | String | The thing.")],
            expected: vec![(
                "response-type-changed",
                "GET /api/v1/things/{thing_uid} › response 200",
                "response-type-changed",
            )],
        },
        Case {
            name: "response field added",
            edits: vec![Replace(MODELS, "size | Long | Size of the thing.", "size | Long | Size of the thing.\nweight | Long | Weight.")],
            expected: vec![("field-added", "struct ThingView › field weight", "response-field-added")],
        },
        Case {
            name: "required request field added",
            edits: vec![Replace(MODELS, "comment | [Option]", "owner | String | Owner of the thing.\ncomment | [Option]")],
            expected: vec![("field-added", "struct CreateThing › field owner", "request-field-added-required")],
        },
        Case {
            name: "optional request field added",
            edits: vec![Replace(
                MODELS,
                "comment | [Option]",
                "owner | [Option](#option)[String] | Owner of the thing.\ncomment | [Option]",
            )],
            expected: vec![("field-added", "struct CreateThing › field owner", "request-field-added-optional")],
        },
        Case {
            name: "required response field removed",
            edits: vec![Replace(MODELS, "label | String | Label of the thing.\nnote", "note")],
            expected: vec![("field-removed", "struct ThingView › field label", "response-field-removed-required")],
        },
        Case {
            name: "optional response field removed",
            edits: vec![Replace(MODELS, "note | [Option](#option)[String] | A free note.\n", "")],
            expected: vec![("field-removed", "struct ThingView › field note", "response-field-removed-optional")],
        },
        Case {
            name: "request field removed",
            edits: vec![Replace(MODELS, "comment | [Option](#option)[String] | A comment.\n", "")],
            expected: vec![("field-removed", "struct CreateThing › field comment", "request-field-removed")],
        },
        Case {
            name: "response field type changed",
            edits: vec![Replace(MODELS, "size | Long |", "size | String |")],
            expected: vec![("field-type-changed", "struct ThingView › field size", "response-type-changed")],
        },
        Case {
            name: "response field became optional",
            edits: vec![Replace(MODELS, "label | String | Label of the thing.\nnote", "label | [Option](#option)[String] | Label.\nnote")],
            expected: vec![("field-required-changed", "struct ThingView › field label", "response-became-optional")],
        },
        Case {
            name: "response field became required",
            edits: vec![Replace(MODELS, "note | [Option](#option)[String] | A free note.", "note | String | A free note.")],
            expected: vec![("field-required-changed", "struct ThingView › field note", "response-became-required")],
        },
        Case {
            name: "request field became required",
            edits: vec![Replace(MODELS, "comment | [Option](#option)[String] | A comment.", "comment | String | A comment.")],
            expected: vec![("field-required-changed", "struct CreateThing › field comment", "request-became-required")],
        },
        Case {
            name: "response field renamed",
            edits: vec![Replace(MODELS, "size | Long | Size of the thing.", "length | Long | Length of the thing.")],
            expected: vec![("field-renamed", "struct ThingView › field length", "field-renamed")],
        },
        Case {
            name: "command constant changed",
            edits: vec![Replace(MODELS, "commandType | Constant | `\"CreateThing\"`", "commandType | Constant | `\"MakeThing\"`")],
            expected: vec![("field-constant-changed", "struct CreateThing › field commandType", "constant-changed")],
        },
        Case {
            name: "response enum value added",
            edits: vec![Replace(MODELS, "`OPENED` or `CLOSED`", "`OPENED` or `CLOSED` or `ARCHIVED`")],
            expected: vec![("enum-value-added", "enum ThingViewState › value ARCHIVED", "response-enum-value-added")],
        },
        Case {
            name: "response enum value removed",
            edits: vec![Replace(MODELS, "`OPENED` or `CLOSED`", "`OPENED`")],
            expected: vec![("enum-value-removed", "enum ThingViewState › value CLOSED", "response-enum-value-removed")],
        },
        Case {
            name: "request enum value added",
            edits: vec![Replace(MODELS, "`RED` or `BLUE`", "`RED` or `BLUE` or `GREEN`")],
            expected: vec![("enum-value-added", "enum CreateThingColor › value GREEN", "request-enum-value-added")],
        },
        Case {
            name: "request enum value removed",
            edits: vec![Replace(MODELS, "`RED` or `BLUE`", "`RED`")],
            expected: vec![("enum-value-removed", "enum CreateThingColor › value BLUE", "request-enum-value-removed")],
        },
        Case {
            name: "event added to a response union",
            edits: vec![
                Replace(MODELS, "ThingCreated | ThingRemoved", "ThingCreated | ThingRemoved | ThingRenamed"),
                Append(
                    MODELS,
                    "### ThingRenamed\n\nName | Type | Description\n--- | --- | ---\n\
                     uid | [SafeUUID](#safeuuid) | Uid of the thing.\nlabel | String | New label.\n\
                     eventType | Constant | `\"ThingRenamed\"`\n",
                ),
            ],
            expected: vec![("variant-added", "union ThingEvent › variant ThingRenamed", "response-tagged-variant-added")],
        },
        Case {
            name: "event removed from a response union",
            edits: vec![
                Replace(MODELS, "ThingCreated | ThingRemoved", "ThingCreated"),
                RemoveSection(MODELS, "### ThingRemoved"),
            ],
            expected: vec![("variant-removed", "union ThingEvent › variant ThingRemoved", "response-variant-removed")],
        },
        Case {
            name: "event discriminator value changed",
            edits: vec![Replace(MODELS, "`\"ThingRemoved\"`", "`\"ThingDeleted\"`")],
            expected: vec![("variant-tag-changed", "union ThingEvent › variant ThingRemoved", "variant-tag-changed")],
        },
        Case {
            name: "union discriminator changed",
            edits: vec![
                Replace(MODELS, "eventType | Constant | `\"ThingCreated\"`", "kind | Constant | `\"ThingCreated\"`"),
                Replace(MODELS, "eventType | Constant | `\"ThingRemoved\"`", "kind | Constant | `\"ThingRemoved\"`"),
            ],
            expected: vec![("discriminator-changed", "union ThingEvent", "discriminator-changed")],
        },
        Case {
            name: "event renamed with its discriminator kept",
            edits: vec![
                Replace(MODELS, "ThingCreated | ThingRemoved", "ThingCreated | ThingDeleted"),
                Replace(MODELS, "### ThingRemoved", "### ThingDeleted"),
            ],
            expected: vec![("variant-renamed", "union ThingEvent › variant ThingDeleted", "variant-renamed-same-tag")],
        },
        Case {
            name: "model renamed",
            edits: vec![
                Replace(MODELS, "## ThingView", "## ThingQueryView"),
                Replace(THINGS, "200 | Array[[ThingView](#thingview)]", "200 | Array[[ThingQueryView](#thingqueryview)]"),
                Replace(THINGS, "200 | [ThingView](#thingview)", "200 | [ThingQueryView](#thingqueryview)"),
            ],
            expected: vec![
                ("model-renamed", "struct ThingQueryView", "model-renamed"),
                ("model-renamed", "enum ThingQueryViewState", "model-renamed"),
            ],
        },
        Case {
            name: "error code added",
            edits: vec![
                Replace(ERRORS, "`ThingGenericError` or `ThingAlreadyExists`", "`ThingGenericError` or `ThingAlreadyExists` or `ThingLocked`"),
                Append(ERRORS, "### ThingLocked\n\nThe thing is locked.\n"),
            ],
            expected: vec![("error-code-added", "error ThingEventError › code ThingLocked", "error-code-added")],
        },
        Case {
            name: "error code removed",
            edits: vec![
                Replace(ERRORS, "`ThingGenericError` or `ThingAlreadyExists`", "`ThingAlreadyExists`"),
                RemoveSection(ERRORS, "### ThingGenericError"),
            ],
            expected: vec![("error-code-removed", "error ThingEventError › code ThingGenericError", "error-code-removed")],
        },
    ]
}

#[test]
fn each_kind_of_change_is_found_and_classified() {
    let mut failures = Vec::new();
    for case in cases() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new");
        copy_dir(&base(), &new);
        for edit in &case.edits {
            apply(&new, edit);
        }
        let (report, code) = diff_json(&base(), &new);
        let found: Vec<(String, String, String)> = report["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let text = |key: &str| c[key].as_str().unwrap_or_default().to_string();
                (text("kind"), text("path"), c["rule"]["id"].as_str().unwrap().to_string())
            })
            .collect();
        let expected: Vec<(String, String, String)> =
            case.expected.iter().map(|(k, p, r)| (k.to_string(), p.to_string(), r.to_string())).collect();
        let breaking = report["summary"]["breaking"].as_u64().unwrap() > 0;
        if found != expected {
            failures.push(format!("{}: expected {expected:?}\n  found {found:?}", case.name));
        } else if code != Some(if breaking { 1 } else { 0 }) {
            failures.push(format!("{}: exit code {code:?} with breaking = {breaking}", case.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_base_against_itself_has_no_change() {
    let (report, code) = diff_json(&base(), &base());
    assert_eq!(report["changes"], serde_json::json!([]));
    assert_eq!(code, Some(0));
}

#[test]
fn every_format_and_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("new");
    copy_dir(&base(), &new);
    apply(&new, &Edit::Replace(MODELS, "size | Long |", "size | String |"));
    let (old, new) = (base(), new);
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());

    let text = codegen(&["diff", old, new], None);
    assert_eq!(text.status.code(), Some(0), "breaking changes fail only with --fail-on-breaking");
    let stdout = String::from_utf8(text.stdout).unwrap();
    assert!(stdout.starts_with("1 change(s): 1 breaking, 0 compatible"), "{stdout}");
    assert!(stdout.contains("struct ThingView › field size: type changed: Long → String"), "{stdout}");

    let markdown = codegen(&["diff", old, new, "--format", "markdown", "--fail-on-breaking"], None);
    assert_eq!(markdown.status.code(), Some(1));
    let stdout = String::from_utf8(markdown.stdout).unwrap();
    assert!(stdout.contains("| `struct ThingView › field size` | type changed: `Long` → `String` |"), "{stdout}");

    let missing = codegen(&["diff", old, "/no/such/folder"], None);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8(missing.stderr).unwrap().contains("/no/such/folder"));
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
fn the_old_side_read_from_a_git_revision() {
    let repo = tempfile::tempdir().unwrap();
    git(repo.path(), &["init", "-q"]);
    let spec = repo.path().join("spec");
    copy_dir(&base(), &spec);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-q", "-m", "base"]);
    apply(&spec, &Edit::Replace(MODELS, "`RED` or `BLUE`", "`RED`"));

    let output = codegen(
        &["diff", "--git", "HEAD", "spec", "spec", "--format", "json", "--fail-on-breaking"],
        Some(repo.path()),
    );
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["changes"][0]["path"], "enum CreateThingColor › value BLUE");
    assert_eq!(report["changes"][0]["rule"]["id"], "request-enum-value-removed");
    assert_eq!(report["changes"][0]["source"]["file"], "includes/_models.md");

    let unknown = codegen(&["diff", "--git", "no-such-revision", "spec", "spec"], Some(repo.path()));
    assert_eq!(unknown.status.code(), Some(2));
}

/// One field's type edited in a copy of the project's own `spec/`: the
/// command names the field and `--fail-on-breaking` exits 1.
#[test]
fn a_field_type_edited_in_a_copy_of_spec_is_named_and_breaks() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("spec");
    copy_dir(&spec, &copy);
    let row = "isActive | Boolean | Whether the company is currently active.";
    let models = copy.join(MODELS);
    let text = fs::read_to_string(&models).unwrap();
    assert_eq!(text.matches(row).count(), 1);
    fs::write(&models, text.replace(row, &row.replace("Boolean", "String"))).unwrap();

    let output = codegen(&["diff", spec.to_str().unwrap(), copy.to_str().unwrap(), "--fail-on-breaking"], None);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.starts_with("1 change(s): 1 breaking, 0 compatible"), "{stdout}");
    assert!(stdout.contains("struct CompanyQueryView › field isActive: type changed: Boolean → String"), "{stdout}");
    assert!(stdout.contains("response-type-changed"), "{stdout}");
}
