//! `codegen diff` between the two reference documentations finds every
//! endpoint, command and event added between them.
//!
//! What was added is worked out here on its own, by scanning the markdown
//! line by line (endpoint lines, `Constant` rows, `eventType` in the events'
//! examples), and compared with the diff's JSON output.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use codegen::diff::{self, Format};
use e2e::reference;
use serde_json::Value;

/// The markdown files of a Slate folder: the index and every include.
fn markdown_files(folder: &Path) -> Vec<String> {
    let mut files = vec![fs::read_to_string(folder.join("index.html.md")).unwrap()];
    let mut includes: Vec<_> = fs::read_dir(folder.join("includes")).unwrap().map(|e| e.unwrap().path()).collect();
    includes.sort();
    files.extend(includes.iter().map(|path| fs::read_to_string(path).unwrap()));
    files
}

fn cells(line: &str) -> Vec<String> {
    line.split('|').map(|cell| cell.trim().to_string()).collect()
}

/// `**`GET`** `/a/:b`` or `` `GET /a/:b` `` as ("GET", "/a/:b").
fn endpoint_line(line: &str) -> Option<(String, String)> {
    let spans: Vec<&str> = line.split('`').skip(1).step_by(2).collect();
    let is_method = |text: &str| ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&text);
    match spans.as_slice() {
        [method, path] if is_method(method) && path.starts_with('/') => Some((method.to_string(), path.to_string())),
        [single] => {
            let (method, path) = single.split_once(' ')?;
            (is_method(method) && path.starts_with('/')).then(|| (method.to_string(), path.to_string()))
        }
        _ => None,
    }
}

/// Every endpoint as "METHOD /path" with parameters blanked to `{}`: a
/// `:name` segment, or a snake_case one (`company_uid`), as this
/// documentation names its parameters and never its literal segments.
fn endpoints(folder: &Path) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for text in markdown_files(folder) {
        for (method, path) in text.lines().filter_map(endpoint_line) {
            let segments: Vec<&str> = path
                .trim_end_matches('/')
                .split('/')
                .map(|segment| if segment.starts_with(':') || segment.contains('_') { "{}" } else { segment })
                .collect();
            found.insert(format!("{method} {}", segments.join("/")));
        }
    }
    found
}

/// The quoted value after the `Constant` cell of a table row whose first
/// cell is `field`.
fn constant_value(line: &str, field: &str) -> Option<String> {
    let cells = cells(line);
    if cells.first().map(String::as_str) != Some(field) {
        return None;
    }
    let after = cells.iter().skip_while(|cell| cell.as_str() != "Constant").skip(1).cloned().collect::<Vec<_>>();
    let text = after.join("|");
    let start = text.find('"')? + 1;
    let end = text[start..].find('"')? + start;
    Some(text[start..end].to_string())
}

/// `"field": "value"` in a JSON line.
fn json_value(line: &str, field: &str) -> Option<String> {
    let rest = &line[line.find(&format!("\"{field}\""))? + field.len() + 2..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
}

/// Every command: the value of each `commandType` Constant row.
fn commands(folder: &Path) -> BTreeSet<String> {
    markdown_files(folder)
        .iter()
        .flat_map(|text| text.lines().filter_map(|l| constant_value(l, "commandType")))
        .collect()
}

/// Every event documented under a `# Events` heading: `eventType` Constant
/// rows, and `eventType` in examples where a variant has no table.
fn events(folder: &Path) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for text in markdown_files(folder) {
        let mut in_events = false;
        for line in text.lines() {
            if let Some(title) = line.strip_prefix("# ") {
                in_events = title.trim() == "Events";
            }
            if in_events {
                found.extend(constant_value(line, "eventType"));
                found.extend(json_value(line, "eventType"));
            }
        }
    }
    found
}

fn diff_json(old: &Path, new: &Path) -> Value {
    let old = codegen::analyze(old).unwrap();
    let new = codegen::analyze(new).unwrap();
    let diff = diff::diff(&old.api, &new.api);
    serde_json::from_str(&diff::render(&diff, Format::Json)).unwrap()
}

fn changes<'a>(report: &'a Value, kind: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    report["changes"].as_array().unwrap().iter().filter(move |change| change["kind"] == kind)
}

/// "GET /a/{b}" with placeholders blanked like [`endpoints`] does.
fn blank_placeholders(path: &str) -> String {
    path.split('/').map(|s| if s.starts_with('{') { "{}" } else { s }).collect::<Vec<_>>().join("/")
}

/// Values of `field = "value"` in what added models and variants show.
fn added_constants(report: &Value, field: &str) -> BTreeSet<String> {
    let marker = format!("{field} = \"");
    ["variant-added", "model-added"]
        .iter()
        .flat_map(|kind| changes(report, kind))
        .filter_map(|change| change["after"].as_str())
        .filter_map(|after| {
            let start = after.find(&marker)? + marker.len();
            Some(after[start..start + after[start..].find('"')?].to_string())
        })
        .collect()
}

#[test]
fn the_diff_finds_every_endpoint_command_and_event_added_between_the_references() {
    if !e2e::shared_available("the_diff_finds_every_endpoint_command_and_event_added_between_the_references") {
        return;
    }
    let (old, new) = (reference("2016-05-26"), reference("2016-09-21"));
    let report = diff_json(&old, &new);

    let (old_endpoints, new_endpoints) = (endpoints(&old), endpoints(&new));
    let expected_added: BTreeSet<String> = new_endpoints.difference(&old_endpoints).cloned().collect();
    let expected_removed: BTreeSet<String> = old_endpoints.difference(&new_endpoints).cloned().collect();
    assert!(expected_added.len() >= 10, "the scan found too few endpoints: {expected_added:?}");
    let path_of = |change: &Value| blank_placeholders(change["path"].as_str().unwrap());
    let added: BTreeSet<String> = changes(&report, "endpoint-added").map(path_of).collect();
    let removed: BTreeSet<String> = changes(&report, "endpoint-removed").map(path_of).collect();
    assert_eq!(added, expected_added);
    assert_eq!(removed, expected_removed);
    assert!(changes(&report, "endpoint-added").all(|change| change["classification"] == "compatible"));
    assert!(changes(&report, "endpoint-removed").all(|change| change["classification"] == "breaking"));

    let expected_commands: BTreeSet<String> = commands(&new).difference(&commands(&old)).cloned().collect();
    assert!(expected_commands.len() >= 40, "the scan found too few commands: {expected_commands:?}");
    assert_eq!(added_constants(&report, "commandType"), expected_commands);

    let expected_events: BTreeSet<String> = events(&new).difference(&events(&old)).cloned().collect();
    assert!(expected_events.len() >= 30, "the scan found too few events: {expected_events:?}");
    assert_eq!(added_constants(&report, "eventType"), expected_events);
}

#[test]
fn the_reference_diff_is_the_same_every_time_and_readable_in_every_format() {
    if !e2e::shared_available("the_reference_diff_is_the_same_every_time_and_readable_in_every_format") {
        return;
    }
    let (old, new) = (reference("2016-05-26"), reference("2016-09-21"));
    let old = codegen::analyze(&old).unwrap();
    let new = codegen::analyze(&new).unwrap();
    let first = diff::diff(&old.api, &new.api);
    assert_eq!(diff::diff(&old.api, &new.api), first);
    let text = diff::render(&first, Format::Text);
    let markdown = diff::render(&first, Format::Markdown);
    for change in &first.changes {
        assert!(text.contains(&change.path), "{}", change.path);
        assert!(markdown.contains(&change.path.replace('|', "\\|")), "{}", change.path);
    }
    // Newer documentation against itself: nothing changed.
    assert!(diff::diff(&new.api, &new.api).changes.is_empty());
}
