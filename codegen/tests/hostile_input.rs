//! Documentation written as an attacker would, through the built binary:
//! nothing from it runs, nothing outside its folder is read, the front
//! matter cannot exhaust memory, and what is generated builds.

#[path = "common/hostile.rs"]
mod hostile;

use std::fs;
use std::path::Path;

use hostile::{codegen, folder, generate, path_arg, runnable_blocks_in_crate};

/// A model with a table, under a group heading.
fn model(group: &str, name: &str, description: &str) -> String {
    format!(
        "# {group}\n\n## {name}\n\n{description}\n\n### Fields\n\nName | Type | Description\n--- | --- | ---\n\
         id | String | The id.\nlabel | String | The label.\n"
    )
}

fn ir(spec: &Path) -> (i32, String) {
    let output = codegen(&["ir", "--spec", path_arg(spec)]);
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).into_owned())
}

/// Code in every place markdown allows it; the index adds an unclosed fence
/// at its end.
const CODE_EVERYWHERE: &str = "Fenced code in every place markdown allows it.\n\n\
- a list item\n  ```rust\n  fn main() { panic!(\"list item\") }\n  ```\n\n\
> ```rust\n> fn main() { panic!(\"block quote\") }\n> ```\n\n\
1. a step\n\n       indented_code_in_a_list_item();\n\n\
>     indented_code_in_a_quote();\n\n\
Inline ```rust fn inline() {}``` triple backticks.\n\n\
~~~rust\nfn tilde() {}\n~~~\n\n\
```should_panic\npanic!(\"labelled\")\n```\n";

#[test]
fn no_code_from_the_documentation_can_run_as_a_doctest() {
    let endpoint = format!(
        "# Things\n\n## Get ```rust things\n\n{CODE_EVERYWHERE}\n\n**`GET`** `/api/v1/things`\n\n### Responses\n\n\
         Http code | Type | Description\n--- | --- | ---\n200 | [Thing](#thing) | The thing.\n\n"
    );
    let models = model("Models", "Thing", CODE_EVERYWHERE);
    let index = format!(
        "---\ntitle: \"Fenced\\n```rust\\nfn main() {{ panic!(\\\"title\\\") }}\\n```\"\nincludes:\n  - things\n  - models\n\
         ---\n# Introduction\n\n{CODE_EVERYWHERE}\n```rust\nfn unclosed() {{ panic!(\"unclosed\") }}\n"
    );
    let spec =
        folder(&[("index.html.md", &index), ("includes/_things.md", &endpoint), ("includes/_models.md", &models)]);
    let out = tempfile::tempdir().expect("a temporary folder");
    let (exit, stderr) = generate(spec.path(), out.path(), &[]);
    assert_eq!(exit, 0, "{stderr}");
    let lib = fs::read_to_string(out.path().join("src/lib.rs")).expect("lib.rs");
    assert!(lib.contains("panic!(\"title\")") && lib.contains("indented_code_in_a_list_item"), "{lib}");
    let runnable = runnable_blocks_in_crate(out.path());
    assert!(runnable.is_empty(), "code blocks rustdoc would run:\n{}", runnable.join("\n---\n"));
}

/// About 500 bytes of YAML whose aliases expand to 9^9 values.
fn alias_bomb() -> String {
    let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for level in 1..9 {
        let previous = format!("*a{}", level - 1);
        yaml.push_str(&format!("a{level}: &a{level} [{}]\n", vec![previous; 9].join(", ")));
    }
    yaml
}

#[test]
fn a_yaml_alias_bomb_is_refused_before_it_expands() {
    let bomb = alias_bomb();
    assert!(bomb.len() < 700, "{}", bomb.len());
    let index = format!("---\n{bomb}includes:\n  - models\n---\n# Intro\n");
    let spec = folder(&[("index.html.md", &index), ("includes/_models.md", &model("Models", "Thing", "A thing."))]);
    let (exit, stderr) = ir(spec.path());
    assert!(stderr.contains("error[SL044]") && stderr.contains("aliases"), "{stderr}");
    assert!(stderr.contains("index.html.md:"), "the place is named: {stderr}");
    assert_eq!(exit, 2, "nothing of the API was read: {stderr}");
}

#[test]
fn front_matter_too_deep_or_too_large_is_refused() {
    let deep = format!("---\nx: {}{}\n---\n# Intro\n", "[".repeat(5000), "]".repeat(5000));
    let large = format!("---\ntitle: {}\n---\n# Intro\n", "x".repeat(2 * 1024 * 1024));
    // The YAML scanner stops deep nesting itself, before any value is built.
    for (index, code) in [(deep, "SL002"), (large, "SL044")] {
        let spec = folder(&[("index.html.md", &index)]);
        let (exit, stderr) = ir(spec.path());
        assert!(stderr.contains(&format!("error[{code}]")), "{stderr}");
        assert_eq!(exit, 2, "{stderr}");
    }
    let nested = format!("---\nx: {}{}\n---\n# Intro\n", "[".repeat(40), "]".repeat(40));
    let spec = folder(&[("index.html.md", &nested)]);
    let (_, stderr) = ir(spec.path());
    assert!(stderr.contains("error[SL044]") && stderr.contains("levels deep"), "{stderr}");
}

/// An index listing one include and the model behind a readable one, so
/// the run has something to produce.
fn index_listing(name: &str) -> String {
    format!("---\ntitle: T\nincludes:\n  - models\n  - '{name}'\n---\n# Intro\n")
}

fn assert_include_refused(spec: &Path, name: &str) {
    let (exit, stderr) = ir(spec);
    assert_eq!(exit, 1, "the rest is read, the include is an error: {stderr}");
    let named = format!("include `{name}`");
    assert!(stderr.contains("error[SL042]") && stderr.contains(&named), "{name}: {stderr}");
}

#[test]
fn includes_that_climb_out_of_the_folder_are_refused() {
    let outside = tempfile::tempdir().expect("a temporary folder");
    fs::write(outside.path().join("_secret.md"), model("Secret", "Secret", "Outside.")).expect("write");
    let secret = outside.path().join("secret");
    for name in ["../../outside/secret", secret.to_str().expect("UTF-8"), "a\\..\\..\\b", ""] {
        let spec =
            folder(&[("index.html.md", &index_listing(name)), ("includes/_models.md", &model("M", "Thing", "A."))]);
        assert_include_refused(spec.path(), name);
    }
}

/// Puts a hostile file into an `includes/` folder.
#[cfg(unix)]
type MakeInclude<'a> = Box<dyn Fn(&Path) + 'a>;

#[cfg(unix)]
#[test]
fn includes_that_are_links_out_devices_fifos_or_huge_are_refused() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().expect("a temporary folder");
    fs::write(outside.path().join("_secret.md"), model("Secret", "Secret", "Outside.")).expect("write");
    let cases: Vec<(&str, MakeInclude)> = vec![
        (
            "link_out",
            Box::new(|includes: &Path| {
                symlink(outside.path().join("_secret.md"), includes.join("_link_out.md")).expect("symlink")
            }),
        ),
        ("zero", Box::new(|includes: &Path| symlink("/dev/zero", includes.join("_zero.md")).expect("symlink"))),
        ("folder", Box::new(|includes: &Path| fs::create_dir(includes.join("_folder.md")).expect("a folder"))),
        (
            "fifo",
            Box::new(|includes: &Path| {
                let status =
                    std::process::Command::new("mkfifo").arg(includes.join("_fifo.md")).status().expect("mkfifo runs");
                assert!(status.success());
            }),
        ),
        (
            "huge",
            Box::new(|includes: &Path| {
                let file = fs::File::create(includes.join("_huge.md")).expect("create");
                file.set_len(codegen::source::MAX_FILE_BYTES + 1).expect("a sparse file");
            }),
        ),
    ];
    for (name, make) in cases {
        let spec =
            folder(&[("index.html.md", &index_listing(name)), ("includes/_models.md", &model("M", "Thing", "A."))]);
        make(&spec.path().join("includes"));
        assert_include_refused(spec.path(), name);
    }
}

#[cfg(unix)]
#[test]
fn a_link_inside_the_folder_is_read() {
    let spec =
        folder(&[("index.html.md", &index_listing("alias")), ("includes/_models.md", &model("M", "Thing", "A."))]);
    std::os::unix::fs::symlink("_models.md", spec.path().join("includes/_alias.md")).expect("symlink");
    let (exit, stderr) = ir(spec.path());
    assert_eq!(exit, 0, "{stderr}");
    assert!(!stderr.contains("SL042"), "{stderr}");
}

#[test]
fn includes_are_found_as_middleman_finds_partials() {
    let index = "---\ntitle: T\nincludes:\n  - shop/orders\n  - plain\n  - erb\n  - html\n  - café/menü\n  - shop/orders\n---\n# Intro\n";
    let spec = folder(&[
        ("index.md", index),
        ("includes/shop/_orders.md", &model("Orders", "Order", "An order.")),
        ("includes/plain.md", &model("Plain", "PlainThing", "No underscore.")),
        ("includes/_erb.md.erb", &model("Erb", "ErbThing", "A template.")),
        ("includes/_html.html.md", &model("Html", "HtmlThing", "Another ending.")),
        ("includes/café/_menü.md", &model("Menus", "Menu", "Non-ASCII names.")),
    ]);
    let output = codegen(&["ir", "--spec", path_arg(spec.path())]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let ir: serde_json::Value = serde_json::from_slice(&output.stdout).expect("the IR");
    let names: Vec<&str> = ir["models"].as_array().expect("models").iter().filter_map(|m| m["name"].as_str()).collect();
    assert_eq!(names, ["Order", "PlainThing", "ErbThing", "HtmlThing", "Menu"], "{stderr}");
    assert!(stderr.contains("note[SL042]") && stderr.contains("listed again"), "{stderr}");
}

#[test]
fn a_missing_include_names_every_path_tried() {
    let spec =
        folder(&[("index.html.md", &index_listing("gone/away")), ("includes/_models.md", &model("M", "Thing", "A."))]);
    let (exit, stderr) = ir(spec.path());
    assert_eq!(exit, 1, "{stderr}");
    for tried in
        ["includes/gone/_away.md", "includes/gone/away.md", "includes/gone/_away.md.erb", "includes/gone/away.html.md"]
    {
        assert!(stderr.contains(tried), "{tried} not named: {stderr}");
    }
}

#[test]
fn includes_absent_null_or_empty_read_the_index_alone() {
    let body = model("Models", "Thing", "A thing.");
    for front in ["title: T\n", "title: T\nincludes:\n", "title: T\nincludes:\n  # - commented\n", "includes: []\n", ""]
    {
        let index = format!("---\n{front}---\n{body}");
        let spec = folder(&[("index.html.md", &index)]);
        let (exit, stderr) = ir(spec.path());
        assert_eq!(exit, 0, "{front:?}: {stderr}");
    }
}

#[test]
fn group_and_title_names_that_break_crates_still_build() {
    let index =
        "---\ntitle: \"Back\\\\slash \\\"quoted\\\" \u{202E}reversed\"\nincludes:\n  - type\n  - mod\n  - self\n---\n\
                 # Intro\n\nText with a bidi control \u{202E} and a bare\rcarriage return.\n";
    let spec = folder(&[
        ("index.html.md", index),
        ("includes/_type.md", &model("Type", "Thing", "A thing \u{2066}isolated\u{2069}.")),
        ("includes/_mod.md", &model("Mod", "Other", "Another.")),
        ("includes/_self.md", &model("Self", "Third", "A third.")),
    ]);
    let out = tempfile::tempdir().expect("a temporary folder");
    let krate = out.path().join("crate");
    let (exit, stderr) = generate(spec.path(), &krate, &["--name", "type"]);
    assert_eq!(exit, 0, "{stderr}");
    assert!(stderr.contains("warning[SL043]"), "{stderr}");
    let models = fs::read_to_string(krate.join("src/models/mod.rs")).expect("models/mod.rs");
    assert!(models.contains("mod type_;") && models.contains("mod mod_;") && models.contains("mod self_;"), "{models}");
    let manifest: toml_edit::DocumentMut =
        fs::read_to_string(krate.join("Cargo.toml")).expect("Cargo.toml").parse().expect("Cargo.toml is TOML");
    let description = manifest["package"]["description"].as_str().expect("a description");
    assert!(description.contains("Back\\slash \"quoted\""), "{description}");
    assert_eq!(manifest["package"]["name"].as_str(), Some("type-api"));
    for file in hostile::rust_files(&krate) {
        let text = fs::read_to_string(&file).expect("text");
        assert!(
            !text.chars().any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\r')),
            "{file:?}"
        );
    }
    hostile::cargo_check(&krate).unwrap_or_else(|err| panic!("{err}"));
}
