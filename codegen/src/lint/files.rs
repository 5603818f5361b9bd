//! The documentation as a set of files and sections: files the front matter
//! forgets (SL032) and sections named as types that say nothing (SL033).

use std::fs;

use crate::diagnostics::{Code, Diagnostic};
use crate::extract::scalar_of;
use crate::ir::{ModelKind, Scalar};
use crate::source::{include_path, Span};

use super::Lint;

/// SL032: an `includes/_NAME.md` file the front matter does not list is not
/// published, however good its content.
pub(super) fn unlisted_includes(lint: &mut Lint<'_>) {
    let spec = lint.spec;
    if spec.root.as_os_str().is_empty() {
        return;
    }
    let Ok(entries) = fs::read_dir(spec.root.join("includes")) else { return };
    let mut unlisted: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().to_str().map(str::to_string))
        .filter_map(|file| file.strip_prefix('_').and_then(|f| f.strip_suffix(".md")).map(str::to_string))
        .filter(|name| !spec.front_matter.includes.contains(name))
        .collect();
    unlisted.sort();
    let at = includes_key(lint);
    for name in unlisted {
        lint.push(
            Diagnostic::warning(
                Code::SL032,
                format!(
                    "{} is not listed in the front matter's `includes`, so it is not part of the documentation",
                    include_path(&name)
                ),
            )
            .at_opt(at)
            .help(format!("add `  - {name}` under `includes:`, or delete the file")),
        );
    }
}

/// The `includes:` line of the index, where a missing entry belongs.
fn includes_key(lint: &Lint<'_>) -> Option<Span> {
    let document = lint.spec.documents.first()?;
    let file = lint.spec.sources.file(document.file);
    let header = file.text.get(..document.body_start).unwrap_or("");
    let mut offset = 0;
    for line in header.split_inclusive('\n') {
        if line.starts_with("includes:") {
            return Some(Span::new(document.file, offset..offset + "includes:".len()));
        }
        offset += line.len();
    }
    Some(Span::new(document.file, 0..header.find('\n').unwrap_or(0)))
}

/// SL033: a heading that a type expression names but whose section is
/// empty becomes a string alias; a reader learns nothing about the type.
pub(super) fn empty_type_sections(lint: &mut Lint<'_>) {
    let api = lint.api;
    for model in api.models.iter().filter(|m| m.kind == ModelKind::Alias) {
        let known_by_name = scalar_of(&model.name, "") != Scalar::String;
        if !model.description.trim().is_empty() || known_by_name {
            continue;
        }
        lint.push(
            Diagnostic::warning(
                Code::SL033,
                format!(
                    "`{}` is used as a type, but its section says nothing about it; it is read as a string",
                    model.name
                ),
            )
            .at_opt(lint.span(&model.source))
            .help("describe the type: a field table, the values it takes, or what scalar it is"),
        );
    }
}
