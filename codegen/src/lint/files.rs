//! The documentation as a set of files: files the front matter forgets
//! (SL032).

use std::fs;

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{include_path, Span};

use super::TextLint;

/// How much of an unlisted file is read to see whether it says anything.
const PEEK: u64 = 64 * 1024;

/// SL032: an `includes/_NAME.md` file the front matter does not list is not
/// published, however good its content. A file that holds headings and
/// nothing else (a placeholder) loses nothing and is left alone.
pub(super) fn unlisted_includes(lint: &mut TextLint<'_>) {
    let spec = lint.spec;
    if spec.root.as_os_str().is_empty() {
        return;
    }
    let Ok(entries) = fs::read_dir(spec.root.join("includes")) else { return };
    let mut unlisted: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_file()) && has_content(&entry.path()))
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

/// Whether a file holds more than headings and blank lines (its first
/// [`PEEK`] bytes are looked at).
fn has_content(path: &std::path::Path) -> bool {
    use std::io::Read;
    let mut text = String::new();
    let read = fs::File::open(path).and_then(|file| file.take(PEEK).read_to_string(&mut text));
    if read.is_err() {
        return true;
    }
    text.lines().any(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
}

/// The `includes:` line of the index, where a missing entry belongs.
fn includes_key(lint: &TextLint<'_>) -> Option<Span> {
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
