//! Findings the maintainers have looked at and accept, marked in the
//! documentation itself with an HTML comment (invisible once published):
//!
//! ```markdown
//! ## AbstractProviderView
//!
//! <!-- codegen: allow(SL007) documented for partners, returned by nothing yet -->
//! ```
//!
//! The comment covers the section it is in and the sections under it; before
//! the first heading of a file, the whole file. Errors cannot be allowed:
//! they mean part of the documentation was not read.

use crate::diagnostics::{Code, Diagnostics, Severity};
use crate::reader::{Block, DocumentTree, Section};
use crate::source::{FileId, Spec};

/// One `allow` comment: the codes and the byte range it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Allowance {
    codes: Vec<Code>,
    file: FileId,
    start: u32,
    end: u32,
}

pub(super) fn apply(spec: &Spec, tree: &DocumentTree, diagnostics: &mut Diagnostics) {
    let allowances = allowances(spec, tree);
    if allowances.is_empty() {
        return;
    }
    diagnostics.retain(|d| {
        let Some(span) = d.span else { return true };
        d.severity == Severity::Error
            || !allowances.iter().any(|a| {
                a.codes.contains(&d.code) && a.file == span.file && a.start <= span.start && span.start <= a.end
            })
    });
}

fn allowances(spec: &Spec, tree: &DocumentTree) -> Vec<Allowance> {
    let mut found = Vec::new();
    for section in tree.all_sections() {
        for block in &section.blocks {
            let Block::Html(html) = block else { continue };
            let codes = allowed_codes(&html.markdown);
            if codes.is_empty() {
                continue;
            }
            let (start, end) = if section.level == 0 {
                (0, u32::try_from(spec.sources.file(html.span.file).text.len()).unwrap_or(u32::MAX))
            } else {
                (section.heading.start, extent_end(section))
            };
            found.push(Allowance { codes, file: html.span.file, start, end });
        }
    }
    found
}

/// Where a section's text ends: the end of its last block or sub-section.
fn extent_end(section: &Section) -> u32 {
    section
        .walk()
        .into_iter()
        .flat_map(|s| {
            s.blocks
                .iter()
                .map(|b| match b {
                    Block::Paragraph(t) | Block::Quote(t) | Block::List(t) | Block::Html(t) => t.span.end,
                    Block::Table(t) => t.span.end,
                    Block::Code(c) => c.span.end,
                    Block::Aside(a) => a.span.end,
                })
                .chain(std::iter::once(s.heading.end))
        })
        .max()
        .unwrap_or(section.heading.end)
}

/// The codes of `<!-- codegen: allow(SL007, SL031) why -->`.
fn allowed_codes(html: &str) -> Vec<Code> {
    let mut codes = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("codegen: allow(") {
        let inside = &rest[at + "codegen: allow(".len()..];
        let Some(close) = inside.find(')') else { break };
        codes.extend(inside[..close].split(',').filter_map(|c| c.parse::<Code>().ok()));
        rest = &inside[close..];
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_of_allow_comments() {
        assert_eq!(allowed_codes("<!-- codegen: allow(SL007, sl031) kept on purpose -->"), [Code::SL007, Code::SL031]);
        assert_eq!(allowed_codes("<!-- codegen: allow(SL999) -->"), []);
        assert_eq!(allowed_codes("<!-- a comment -->"), []);
        assert_eq!(allowed_codes("<!-- codegen: allow(SL007 -->"), []);
    }
}
