//! The diff written for people (terminal text, a pull-request comment in
//! markdown) and for tools (JSON).

use serde::Serialize;

use super::{ApiDiff, Change, Classification};

/// How to write a diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
}

pub fn render(diff: &ApiDiff, format: Format) -> String {
    match format {
        Format::Text => text(diff),
        Format::Markdown => markdown(diff),
        Format::Json => json(diff),
    }
}

#[derive(Serialize)]
struct Summary {
    breaking: usize,
    compatible: usize,
}

#[derive(Serialize)]
struct Report<'a> {
    summary: Summary,
    changes: &'a [Change],
}

fn summary(diff: &ApiDiff) -> Summary {
    Summary { breaking: diff.count(Classification::Breaking), compatible: diff.count(Classification::Compatible) }
}

/// `{"summary": {"breaking", "compatible"}, "changes": [...]}`, pretty, with a
/// final newline.
pub fn json(diff: &ApiDiff) -> String {
    let report = Report { summary: summary(diff), changes: &diff.changes };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"));
    text.push('\n');
    text
}

fn groups(diff: &ApiDiff) -> [(Classification, Vec<&Change>); 2] {
    [Classification::Breaking, Classification::Compatible]
        .map(|class| (class, diff.changes.iter().filter(|c| c.classification == class).collect()))
}

fn headline(diff: &ApiDiff) -> String {
    let Summary { breaking, compatible } = summary(diff);
    format!("{} change(s): {breaking} breaking, {compatible} compatible", breaking + compatible)
}

/// What the change did to the value, in words.
fn values(change: &Change, quote: impl Fn(&str) -> String) -> String {
    match (&change.before, &change.after) {
        (Some(before), Some(after)) => format!("{} → {}", quote(before), quote(after)),
        (None, Some(after)) => quote(after),
        (Some(before), None) => format!("was {}", quote(before)),
        (None, None) => String::new(),
    }
}

fn location(change: &Change) -> String {
    change.source.as_ref().map(|source| format!("{}:{}", source.file, source.line)).unwrap_or_default()
}

/// For the terminal: breaking changes first, each with its rule and where it
/// is documented.
pub fn text(diff: &ApiDiff) -> String {
    if diff.changes.is_empty() {
        return "No API changes.\n".to_string();
    }
    let mut out = format!("{}\n", headline(diff));
    for (class, changes) in groups(diff) {
        if changes.is_empty() {
            continue;
        }
        let title = match class {
            Classification::Breaking => "Breaking",
            Classification::Compatible => "Compatible",
        };
        out.push_str(&format!("\n{title} ({}):\n", changes.len()));
        for change in changes {
            let values = values(change, str::to_string);
            let what = if values.is_empty() {
                change.kind.label().to_string()
            } else {
                format!("{}: {values}", change.kind.label())
            };
            out.push_str(&format!("  - {}: {what}\n", change.path));
            let at = location(change);
            let at = if at.is_empty() { at } else { format!(" ({at})") };
            out.push_str(&format!("      {}: {}{at}\n", change.rule.id, change.rule.explanation));
        }
    }
    out
}

/// For a pull-request comment: a table of breaking changes, and the
/// compatible ones folded away.
pub fn markdown(diff: &ApiDiff) -> String {
    markdown_at(diff, 2)
}

/// [`markdown`] with its heading at `level` (`2` is `##`) and the groups one
/// level below, to sit inside a larger document such as a changelog entry.
pub fn markdown_at(diff: &ApiDiff, level: usize) -> String {
    let (heading, group) = ("#".repeat(level), "#".repeat(level + 1));
    let mut out = format!("{heading} API changes\n\n");
    if diff.changes.is_empty() {
        out.push_str("No API changes.\n");
        return out;
    }
    let Summary { breaking, compatible } = summary(diff);
    if breaking > 0 {
        out.push_str(&format!("**{breaking} breaking**, {compatible} compatible.\n"));
    } else {
        out.push_str(&format!("No breaking change; {compatible} compatible.\n"));
    }
    for (class, changes) in groups(diff) {
        if changes.is_empty() {
            continue;
        }
        match class {
            Classification::Breaking => out.push_str(&format!("\n{group} Breaking ({})\n\n", changes.len())),
            Classification::Compatible => {
                out.push_str(&format!("\n<details><summary>Compatible ({})</summary>\n\n", changes.len()))
            }
        }
        out.push_str("| Where | Change | Rule | Source |\n| --- | --- | --- | --- |\n");
        for change in changes {
            let values = values(change, code);
            let what = if values.is_empty() {
                change.kind.label().to_string()
            } else {
                format!("{}: {values}", change.kind.label())
            };
            out.push_str(&format!(
                "| {} | {} | {}: {} | {} |\n",
                cell(&code(&change.path)),
                cell(&what),
                code(change.rule.id),
                cell(change.rule.explanation),
                cell(&location(change)),
            ));
        }
        if class == Classification::Compatible {
            out.push_str("\n</details>\n");
        }
    }
    out
}

/// A markdown code span that survives backticks in its text.
fn code(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// Text safe inside a table cell: pipes escaped, one line.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::rules;
    use crate::diff::ChangeKind;
    use crate::ir::Source;

    fn sample() -> ApiDiff {
        let rule = rules::REQUEST_TYPE_CHANGED;
        let compatible = rules::ENDPOINT_ADDED;
        ApiDiff {
            changes: vec![
                Change {
                    kind: ChangeKind::ParamTypeChanged,
                    path: "GET /api/v1/companies › param range".into(),
                    before: Some("String".into()),
                    after: Some("Map[String,Long]".into()),
                    classification: rule.classification,
                    rule,
                    source: Some(Source { file: "includes/_companies.md".into(), line: 45 }),
                },
                Change {
                    kind: ChangeKind::EndpointAdded,
                    path: "POST /api/vEvent/companies".into(),
                    before: None,
                    after: Some("Create | Company".into()),
                    classification: compatible.classification,
                    rule: compatible,
                    source: None,
                },
            ],
        }
    }

    #[test]
    fn text_lists_breaking_changes_first_with_their_rule() {
        insta::assert_snapshot!(text(&sample()), @r"
        2 change(s): 1 breaking, 1 compatible

        Breaking (1):
          - GET /api/v1/companies › param range: type changed: String → Map[String,Long]
              request-type-changed: values a client sends under the old type may be refused (includes/_companies.md:45)

        Compatible (1):
          - POST /api/vEvent/companies: added: Create | Company
              endpoint-added: a new operation: existing clients do not call it
        ");
    }

    #[test]
    fn markdown_escapes_pipes_and_folds_compatible_changes() {
        insta::assert_snapshot!(markdown(&sample()), @r"
        ## API changes

        **1 breaking**, 1 compatible.

        ### Breaking (1)

        | Where | Change | Rule | Source |
        | --- | --- | --- | --- |
        | `GET /api/v1/companies › param range` | type changed: `String` → `Map[String,Long]` | `request-type-changed`: values a client sends under the old type may be refused | includes/_companies.md:45 |

        <details><summary>Compatible (1)</summary>

        | Where | Change | Rule | Source |
        | --- | --- | --- | --- |
        | `POST /api/vEvent/companies` | added: `Create \| Company` | `endpoint-added`: a new operation: existing clients do not call it |  |

        </details>
        ");
    }

    #[test]
    fn json_carries_summary_rule_and_source() {
        let value: serde_json::Value = serde_json::from_str(&json(&sample())).unwrap();
        assert_eq!(value["summary"]["breaking"], 1);
        assert_eq!(value["summary"]["compatible"], 1);
        let first = &value["changes"][0];
        assert_eq!(first["kind"], "param-type-changed");
        assert_eq!(first["classification"], "breaking");
        assert_eq!(first["rule"]["id"], "request-type-changed");
        assert_eq!(first["source"]["line"], 45);
        assert_eq!(value["changes"][1]["before"], serde_json::Value::Null);
    }

    #[test]
    fn an_empty_diff_says_so() {
        assert_eq!(text(&ApiDiff::default()), "No API changes.\n");
        assert!(markdown(&ApiDiff::default()).contains("No API changes."));
        assert!(json(&ApiDiff::default()).contains("\"changes\": []"));
    }
}
