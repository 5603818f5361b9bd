//! Pairs of small specs: the base in `tests/fixtures/semver/base` and a copy
//! with one edit. For each pair the toolkit's bump (`release::plan`) is
//! checked against two judges that know nothing of the documentation:
//!
//! - cargo-semver-checks on the two generated crates: does it find a change
//!   that needs the breaking component to move?
//! - rustc: does `tests/fixtures/semver/consumer.rs`, written against the
//!   base crate, still compile against the edited one?
//!
//! The bumps alone are always checked. The two judges need crates built, so
//! they run when cargo-semver-checks is installed (it is pinned and
//! installed by `.ci/run`, which sets `CODEGEN_REQUIRE_SEMVER_CHECKS=1` so
//! that CI never skips them); without it the test says plainly that they
//! did not run. Every generated crate is built in one target folder,
//! `target/semver-pairs/target`, so dependencies are compiled once.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::ir::Api;
use codegen::release::{self, Baseline, Bump};
use codegen::rust::{self, output, Options};

mod common;
use common::edits::{apply, copy_dir, Edit};

/// Set by `.ci/run`: the judges must run.
const REQUIRED: &str = "CODEGEN_REQUIRE_SEMVER_CHECKS";
/// The version `.ci/run` installs.
const PINNED: &str = "0.51.0";
const PACKAGE: &str = "semver-pair";
const BASE_VERSION: &str = "1.0.0";

const THINGS: &str = "includes/_things.md";
const MODELS: &str = "includes/_models.md";

struct Pair {
    name: &'static str,
    edits: Vec<Edit>,
    bump: Bump,
    /// cargo-semver-checks compares no types (its issue #149): a change of a
    /// field's type is invisible to it, and only rustc sees the break.
    types_only: bool,
}

fn pair(name: &'static str, bump: Bump, edits: Vec<Edit>) -> Pair {
    Pair { name, edits, bump, types_only: false }
}

fn pairs() -> Vec<Pair> {
    use Edit::*;
    vec![
        pair(
            "an optional field added to a response model",
            Bump::Minor,
            vec![Replace(MODELS, "size | Long | Size of the thing.\n", "size | Long | Size of the thing.\nweight | [Option](#option)[Long] | Weight of the thing.\n")],
        ),
        pair(
            "a required field added to a response model",
            Bump::Minor,
            vec![Replace(MODELS, "size | Long | Size of the thing.\n", "size | Long | Size of the thing.\nowner | String | Who owns the thing.\n")],
        ),
        pair(
            "an enum value added to a response model",
            Bump::Minor,
            vec![Replace(MODELS, "`OPENED` or `CLOSED`", "`OPENED`, `CLOSED` or `ARCHIVED`")],
        ),
        pair(
            "an optional query parameter added",
            Bump::Minor,
            vec![Replace(
                THINGS,
                "label | query | [Option](#option)[String] | None | Only things with this label.\n",
                "label | query | [Option](#option)[String] | None | Only things with this label.\n\
                 color | query | [Option](#option)[String] | None | Only things of this colour.\n",
            )],
        ),
        pair(
            "the first optional query parameter of an endpoint",
            Bump::Minor,
            vec![Replace(
                THINGS,
                "thing_uid | path | [SafeUUID](#safeuuid) | | Uid of the thing.\n\n### Responses\n\nHttp code | Type | Description\n--- | --- | ---\n200 | [ThingView]",
                "thing_uid | path | [SafeUUID](#safeuuid) | | Uid of the thing.\n\
                 fields | query | [Option](#option)[String] | None | The fields to return.\n\n\
                 ### Responses\n\nHttp code | Type | Description\n--- | --- | ---\n200 | [ThingView]",
            )],
        ),
        pair(
            "an optional field added to a command",
            Bump::Minor,
            vec![Replace(MODELS, "comment | [Option](#option)[String] | A comment.\n", "comment | [Option](#option)[String] | A comment.\ntag | [Option](#option)[String] | A tag.\n")],
        ),
        pair(
            "an event added to a tagged union",
            Bump::Minor,
            vec![
                Replace(MODELS, "ThingCreated | ThingRemoved", "ThingCreated | ThingRemoved | ThingRenamed"),
                Append(
                    MODELS,
                    "### ThingRenamed\n\nName | Type | Description\n--- | --- | ---\n\
                     uid | [SafeUUID](#safeuuid) | Uid of the thing.\nlabel | String | The new label.\n\
                     eventType | Constant | `\"ThingRenamed\"`\n",
                ),
            ],
        ),
        pair(
            "an endpoint added",
            Bump::Minor,
            vec![Append(
                THINGS,
                "## Delete a Thing\n\n**`DELETE`** `/api/vEvent/things/:thing_uid`\n\n### Parameters\n\n\
                 Name | In | Type | Default | Description\n--- | --- | --- | --- | ---\n\
                 thing_uid | path | [SafeUUID](#safeuuid) | | Uid of the thing.\n\n### Responses\n\n\
                 Http code | Type | Description\n--- | --- | ---\n200 | Empty | Done.\n",
            )],
        ),
        pair(
            "a description reworded",
            Bump::Patch,
            vec![Replace(THINGS, "Lists the things.", "Lists every thing, a page at a time.")],
        ),
        pair(
            "a required field added to a command",
            Bump::Major,
            vec![Replace(MODELS, "label | String | Label of the new thing.\n", "label | String | Label of the new thing.\nowner | String | Who will own it.\n")],
        ),
        pair(
            "an optional field removed from a response model",
            Bump::Major,
            vec![Replace(MODELS, "note | [Option](#option)[String] | A free note.\n", "")],
        ),
        pair(
            "an enum value removed from a response model",
            Bump::Major,
            vec![Replace(MODELS, "`OPENED` or `CLOSED`", "`OPENED`")],
        ),
        Pair { types_only: true, ..pair("a field's type changed", Bump::Major, vec![Replace(MODELS, "size | Long |", "size | String |")]) },
        pair(
            "a model renamed",
            Bump::Major,
            vec![
                ReplaceAll(MODELS, "ThingView", "ThingDetails"),
                ReplaceAll(THINGS, "ThingView", "ThingDetails"),
                ReplaceAll(THINGS, "#thingview", "#thingdetails"),
            ],
        ),
    ]
}

fn base() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/semver/base")
}

fn analyze(folder: &Path) -> Api {
    let analysis = codegen::analyze(folder).expect("the fixture loads");
    assert!(!analysis.diagnostics.has_errors(), "{folder:?}: {:?}", analysis.diagnostics);
    analysis.api
}

fn edited(pair: &Pair, scratch: &Path) -> Api {
    let folder = scratch.join(slug(pair.name));
    copy_dir(&base(), &folder);
    for edit in &pair.edits {
        apply(&folder, edit);
    }
    analyze(&folder)
}

fn slug(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect()
}

fn baseline() -> Baseline {
    Baseline { version: BASE_VERSION.parse().unwrap(), shape: rust::SHAPE_REVISION, api_digest: None }
}

/// The toolkit's release for a pair.
fn planned(old: &Api, new: &Api) -> Option<release::Release> {
    release::plan(old, new, &baseline(), "the base")
}

#[test]
fn the_toolkit_bumps_each_pair_as_expected() {
    let scratch = tempfile::tempdir().unwrap();
    let old = analyze(&base());
    assert_eq!(planned(&old, &old).map(|release| release.bump), Some(None), "the base against itself: no bump");
    for pair in pairs() {
        let new = edited(&pair, scratch.path());
        let release = planned(&old, &new).unwrap_or_else(|| panic!("{}: nothing to release", pair.name));
        assert_eq!(release.bump, Some(pair.bump), "{}: {:#?}", pair.name, release.diff.changes);
    }
}

/// `cargo`, as the test runner was started with.
fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.env_remove("CARGO_TARGET_DIR").env("CARGO_TERM_COLOR", "never");
    command
}

/// The installed cargo-semver-checks' version line, if there is one.
fn semver_checks_version() -> Option<String> {
    let output = cargo().args(["semver-checks", "--version"]).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// The folder every crate of the pairs is written and built in.
fn pairs_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/semver-pairs")
}

fn write_crate(api: &Api, version: &str, folder: &Path) {
    let mut options = Options::new(PACKAGE);
    options.version = version.to_string();
    // Every crate of the pairs shares the workspace's runtime and its build.
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
    options.runtime = codegen::rust::runtime::Runtime::Path(runtime.display().to_string());
    let mut diagnostics = codegen::diagnostics::Diagnostics::new();
    let krate = rust::generate(api, &options, &mut diagnostics);
    output::write_crate(folder, &krate).unwrap();
}

/// A crate holding the consumer, depending on the generated crate in `target`.
fn write_consumer(folder: &Path, target: &Path) {
    std::fs::create_dir_all(folder.join("src")).unwrap();
    let manifest = format!(
        "[package]\nname = \"semver-pair-consumer\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n{PACKAGE} = {{ path = {:?} }}\n\n[workspace]\n",
        target.display().to_string()
    );
    write_if_changed(&folder.join("Cargo.toml"), &manifest);
    let source = std::fs::read_to_string(base().join("../consumer.rs")).unwrap();
    write_if_changed(&folder.join("src/lib.rs"), &source);
}

/// Unchanged files keep their time, and cargo its fingerprints.
fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap();
    }
}

fn run(mut command: Command) -> (bool, String) {
    let output = command.output().expect("cargo runs");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

/// Whether rustc still compiles the consumer against the crate in `target`.
fn consumer_compiles(folder: &Path, target: &Path, build: &Path) -> (bool, String) {
    write_consumer(folder, target);
    let mut command = cargo();
    command.arg("check").arg("--quiet").arg("--manifest-path").arg(folder.join("Cargo.toml"));
    command.env("CARGO_TARGET_DIR", build);
    run(command)
}

/// Whether cargo-semver-checks finds a change that needs a breaking bump.
fn semver_checks_wants_major(old: &Path, new: &Path, build: &Path) -> (bool, String) {
    let mut command = cargo();
    command
        .args(["semver-checks", "check-release", "--release-type", "minor", "--manifest-path"])
        .arg(new.join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(old);
    command.env("CARGO_TARGET_DIR", build);
    let (passed, text) = run(command);
    (!passed, text)
}

#[test]
fn cargo_semver_checks_and_rustc_agree_with_each_bump() {
    let required = std::env::var_os(REQUIRED).is_some_and(|value| value != "0" && !value.is_empty());
    let Some(version) = semver_checks_version() else {
        assert!(!required, "{REQUIRED} is set but cargo-semver-checks is not installed");
        eprintln!(
            "NOT RUN: cargo-semver-checks is not installed, so the generated crates of the semver pairs were \
             not compared by it nor compiled against the consumer (`cargo install --locked --version {PINNED} \
             cargo-semver-checks` to run them; .ci/run always does). The toolkit's bumps were checked."
        );
        return;
    };
    if !version.ends_with(PINNED) {
        eprintln!("note: {version} is installed; .ci/run pins {PINNED}");
    }
    let folder = pairs_folder();
    let build = folder.join("target");
    let scratch = tempfile::tempdir().unwrap();
    let old = analyze(&base());
    let base_crate = folder.join("base");
    write_crate(&old, BASE_VERSION, &base_crate);
    let (compiles, log) = consumer_compiles(&folder.join("consumer-base"), &base_crate, &build);
    assert!(compiles, "the consumer must compile against the base crate:\n{log}");

    let mut table = String::from("pair | toolkit | cargo-semver-checks | rustc\n");
    let mut disagreements = Vec::new();
    for pair in pairs() {
        let new = edited(&pair, scratch.path());
        let release = planned(&old, &new).expect("a release");
        let crate_folder = folder.join(slug(pair.name));
        write_crate(&new, &release.record.version.to_string(), &crate_folder);
        let (wants_major, checks_log) = semver_checks_wants_major(&base_crate, &crate_folder, &build);
        let consumer = folder.join(format!("consumer-{}", slug(pair.name)));
        let (compiles, rustc_log) = consumer_compiles(&consumer, &crate_folder, &build);
        let breaking = release.bump == Some(Bump::Major);
        let word = |major: bool| if major { "breaking" } else { "compatible" };
        let _ = writeln!(
            table,
            "{} | {} ({}) | {} | {}",
            pair.name,
            word(breaking),
            release.record.version,
            word(wants_major),
            if compiles { "consumer compiles" } else { "consumer fails" }
        );
        // cargo-semver-checks cannot see a type change: it must then find
        // nothing, so that a future version that does makes this test ask
        // for the expectation to be updated.
        let expected_checks = breaking && !pair.types_only;
        if wants_major != expected_checks {
            disagreements.push(format!("{}: cargo-semver-checks says {}\n{checks_log}", pair.name, word(wants_major)));
        }
        if compiles == breaking {
            disagreements.push(format!(
                "{}: the consumer {}\n{rustc_log}",
                pair.name,
                if compiles { "compiles" } else { "fails" }
            ));
        }
    }
    eprintln!("{version}\n{table}");
    assert!(disagreements.is_empty(), "{}\n\n{table}", disagreements.join("\n\n"));
}

#[test]
fn the_pinned_version_is_the_one_ci_installs() {
    let ci = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.ci/run")).unwrap();
    assert!(ci.contains(&format!("semver_checks_version={PINNED}\n")), ".ci/run installs another version");
    assert!(ci.contains(&format!("export {REQUIRED}=1")), ".ci/run makes the pairs mandatory");
}
