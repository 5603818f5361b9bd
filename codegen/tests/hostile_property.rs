//! Documentation generated at random from a small grammar of Slate sections
//! (groups, models with field tables, endpoints) whose names and texts are
//! drawn from a nasty alphabet: keywords, `mod`, `self`, digits first,
//! punctuation, quotes, backslashes, non-ASCII, bidi controls, fences,
//! empty names. Each spec must give exit 2, or a crate that `cargo check`
//! accepts with no warning.
//!
//! The crates of one run are members of one workspace checked by one cargo
//! invocation, in the target folder the standalone crate test uses, so
//! dependencies are built once. `CODEGEN_HOSTILE_SPECS` says how many specs
//! (a handful by default; CI sets more). The specs come from a fixed seed, so
//! a failure is reproduced by running the test again; it prints the spec.

#[path = "common/hostile.rs"]
mod hostile;

use std::fs;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

/// Names that have broken generated code, or could.
const NASTY_NAMES: &[&str] = &[
    "type",
    "Type",
    "mod",
    "Mod",
    "self",
    "Self",
    "crate",
    "super",
    "fn",
    "r#x",
    "async",
    "dyn",
    "Box",
    "Option",
    "String",
    "Vec",
    "Result",
    "Unknown",
    "None",
    "models",
    "types",
    "client",
    "runtime",
    "lib",
    "tests",
    "std",
    "0",
    "9lives",
    "1st",
    "",
    " ",
    "_",
    "__",
    "a-b",
    "a b",
    "a.b",
    "\"q\"",
    "'s",
    "back\\slash",
    "é",
    "Libellé",
    "日本",
    "\u{202E}evil",
    "x\u{2066}y",
    "`tick`",
    "[x]",
    "<b>",
    "a/b",
    "#",
    "*",
    "a|b",
    "Ünïcödé",
    "ΣΣ",
    "  padded  ",
];

/// Pieces of description text that have broken generated code, or could.
const NASTY_TEXT: &[&str] = &[
    "plain words",
    "```rust\nfn main() { panic!() }\n```",
    "- item\n  ```rust\n  fn x() {}\n  ```",
    "> ```\n> quoted()\n> ```",
    "~~~\ntilde()\n~~~",
    "1. step\n\n       indented();",
    "    indented_after_blank();",
    "```rust\nunclosed(",
    "inline ```rust x``` backticks",
    "[[[[[[",
    "<<<<<<",
    "]]]] ((((",
    "`",
    "``",
    "\\",
    "\"\"\"",
    "r#\"raw\"#",
    "*/ /* //",
    "\u{202E}reversed\u{202C}",
    "\u{2066}isolate\u{2069}",
    "tab\there",
    "bare\rcr",
    "https://example.com/x)",
    "[link](#nowhere)",
    "<script>alert(1)</script>",
    "é à 日本 ΣΣ",
    "{{ template }} {% tag %}",
    "#[doc = \"x\"]",
    "#![allow(warnings)]",
];

const FIELD_TYPES: &[&str] =
    &["String", "Long", "Boolean", "Float", "[Option](#option)[String]", "Array[String]", "Enum"];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(NASTY_NAMES).prop_map(str::to_string),
        1 => (prop::sample::select(NASTY_NAMES), prop::sample::select(NASTY_NAMES)).prop_map(|(a, b)| format!("{a}{b}")),
        1 => "[a-zA-Z][a-zA-Z0-9]{0,8}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(NASTY_TEXT), 0..4).prop_map(|pieces| pieces.join("\n\n"))
}

fn field() -> impl Strategy<Value = String> {
    (name(), prop::sample::select(FIELD_TYPES), text()).prop_map(|(name, ty, text)| {
        let description =
            if ty == "Enum" { "`A` or `B`".to_string() } else { text.replace('\n', " ").replace('|', "\\|") };
        format!("{} | {ty} | {description}", name.replace('|', "\\|").replace('\n', " "))
    })
}

fn model() -> impl Strategy<Value = String> {
    (name(), text(), prop::collection::vec(field(), 1..4)).prop_map(|(name, text, fields)| {
        format!(
            "## {}\n\n{text}\n\n### Fields\n\nName | Type | Description\n--- | --- | ---\n{}\n",
            name.replace('\n', " "),
            fields.join("\n")
        )
    })
}

fn endpoint() -> impl Strategy<Value = String> {
    (name(), name(), text()).prop_map(|(title, segment, text)| {
        let segment: String = segment.chars().filter(|c| c.is_alphanumeric()).collect();
        format!(
            "## {title}\n\n{text}\n\n**`GET`** `/api/v1/{segment}/:id`\n\n### Parameters\n\n\
             Name | In | Type | Default | Description\n--- | --- | --- | --- | ---\nid | path | String | | The id.\n\n\
             ### Responses\n\nHttp code | Type | Description\n--- | --- | ---\n200 | String | The answer.\n"
        )
    })
}

fn group() -> impl Strategy<Value = String> {
    (name(), prop::collection::vec(prop_oneof![3 => model(), 1 => endpoint()], 1..4))
        .prop_map(|(name, sections)| format!("# {}\n\n{}", name.replace('\n', " "), sections.join("\n")))
}

/// An index and its includes: (relative path, text).
fn spec() -> impl Strategy<Value = Vec<(String, String)>> {
    (name(), text(), prop::collection::vec(group(), 1..4)).prop_map(|(title, intro, groups)| {
        let title = title.replace('\\', "\\\\").replace('"', "\\\"");
        let mut index = format!("---\ntitle: \"{title}\"\nincludes:\n");
        let mut files = Vec::new();
        for (i, group) in groups.into_iter().enumerate() {
            index.push_str(&format!("  - part{i}\n"));
            files.push((format!("includes/_part{i}.md"), group));
        }
        index.push_str(&format!("---\n# Introduction\n\n{intro}\n"));
        files.insert(0, ("index.html.md".to_string(), index));
        files
    })
}

fn spec_count() -> usize {
    std::env::var("CODEGEN_HOSTILE_SPECS").ok().and_then(|n| n.parse().ok()).unwrap_or(6)
}

#[test]
fn random_hostile_documentation_gives_exit_2_or_a_crate_that_checks_clean() {
    let mut runner = TestRunner::deterministic();
    let strategy = spec();
    let work = tempfile::tempdir().expect("a temporary folder");
    let mut members = Vec::new();
    let mut specs = Vec::new();
    for case in 0..spec_count() {
        let files = strategy.new_tree(&mut runner).expect("a spec").current();
        let spec_dir = work.path().join(format!("spec{case}"));
        for (name, text) in &files {
            let path = spec_dir.join(name);
            fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
            fs::write(path, text).expect("write");
        }
        let member = format!("case{case}");
        let name = format!("case-{case}");
        let (exit, stderr) = hostile::generate(&spec_dir, &work.path().join(&member), &["--member", "--name", &name]);
        let shown = files.iter().map(|(n, t)| format!("== {n}\n{t}")).collect::<Vec<_>>().join("\n");
        match exit {
            0 | 1 => members.push(member),
            2 => {}
            _ => panic!("case {case}: exit {exit}\n{stderr}\n{shown}"),
        }
        specs.push(shown);
    }
    eprintln!("{} specs: {} crates checked, the others exit 2", specs.len(), members.len());
    if members.is_empty() {
        return;
    }
    let quoted: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    fs::write(
        work.path().join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", quoted.join(", ")),
    )
    .expect("the workspace manifest");
    if let Err(report) = hostile::cargo_check(work.path()) {
        let failing: Vec<&String> = members
            .iter()
            .zip(0..)
            .filter(|(member, _)| {
                report.contains(&format!("{member}/")) || report.contains(&format!("`case-{}`", &member[4..]))
            })
            .map(|(member, _)| member)
            .collect();
        let shown: Vec<&str> = failing
            .iter()
            .filter_map(|member| member[4..].parse::<usize>().ok())
            .map(|case| specs[case].as_str())
            .collect();
        let kept = work.keep();
        panic!("{report}\n\nspecs of {failing:?} (kept in {}):\n{}", kept.display(), shown.join("\n\n"));
    }
}
