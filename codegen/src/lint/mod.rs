//! Stage 4, check: the mistakes that extraction reads through without
//! noticing, found by looking at the finished API model (and, for how the
//! text is written, at the document tree it came from).
//!
//! Extraction already reports what stops it from reading an item (a row with
//! a missing cell, a type it cannot parse...). The checks here need the whole
//! API at once: a model nothing uses, an example that disagrees with the
//! tables of its type, a default that does not fit its type, a curl example
//! aimed at another path. They never change the API model: they only report.
//!
//! Every check is a function of its own, in the module of what it looks at.

mod docs;
mod examples;
mod files;
mod json_paths;
mod params;
mod policy;
mod requests;
mod suppress;
mod text;
mod unions;
mod usage;

pub use docs::codes_markdown;
pub use policy::{Level, Policy};

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ir::{self, Api};
use crate::reader::{DocumentTree, Section};
use crate::source::{Span, Spec};

/// One check: of the text alone, or of the API with its text.
#[derive(Clone, Copy)]
enum Check {
    /// Reads only the document tree: it can run while the API is extracted.
    Text(fn(&mut TextLint<'_>)),
    Api(fn(&mut Lint<'_>)),
}

/// The checks, in the order their findings are reported. Each only adds
/// findings, so they run on every core.
const CHECKS: &[Check] = &[
    Check::Api(usage::unused_models),
    Check::Api(params::defaults),
    Check::Api(params::body_rows),
    Check::Api(examples::disagreeing_examples),
    Check::Api(requests::curl_requests),
    Check::Api(requests::http_examples),
    Check::Api(requests::duplicate_routes),
    Check::Text(text::links),
    Check::Text(text::backticks),
    Check::Api(text::example_labels),
    Check::Text(text::shell_examples),
    Check::Api(text::unlinked_types),
    Check::Text(files::unlisted_includes),
    Check::Api(unions::indistinguishable_variants),
];

/// What the checks of the text alone found, one list per check in the order
/// of [`CHECKS`], and the anchors type cells link to, which the unused-model
/// check reads: all worked out while the API is extracted. Made by
/// [`check_text`], reported by [`lint_with`].
#[derive(Debug, Default)]
pub struct TextFindings {
    found: Vec<Vec<Diagnostic>>,
    type_cell_anchors: BTreeMap<String, Span>,
}

/// Runs the checks that read only the document tree. They need no API
/// model, so [`crate::analyze`] runs them beside extraction.
pub fn check_text(spec: &Spec, tree: &DocumentTree) -> TextFindings {
    let checks: Vec<_> = CHECKS
        .iter()
        .filter_map(|check| match check {
            Check::Text(run) => Some(*run),
            Check::Api(_) => None,
        })
        .collect();
    let type_cell_anchors = crate::extract::type_cell_anchors(tree);
    // One check after the other: they run beside extraction, and on two
    // cores more threads would take turns with it.
    let found = checks
        .iter()
        .map(|run| {
            let mut lint = TextLint { spec, tree, found: Vec::new() };
            run(&mut lint);
            lint.found
        })
        .collect();
    TextFindings { found, type_cell_anchors }
}

/// Runs every check on an extracted API.
pub fn lint(spec: &Spec, tree: &DocumentTree, api: &Api, diagnostics: &mut Diagnostics) {
    lint_with(spec, tree, api, check_text(spec, tree), diagnostics);
}

/// Runs the checks of the API, and reports their findings with those of the
/// text, [`check_text`]'s, in the order of [`CHECKS`].
pub fn lint_with(spec: &Spec, tree: &DocumentTree, api: &Api, text: TextFindings, diagnostics: &mut Diagnostics) {
    let names = api.names();
    let sections = sections_by_heading(spec, tree);
    let mut of_api = CHECKS
        .par_iter()
        .filter_map(|check| match check {
            Check::Api(run) => Some(run),
            Check::Text(_) => None,
        })
        .map(|run| {
            let mut lint = Lint {
                spec,
                tree,
                api,
                names: &names,
                type_cell_anchors: &text.type_cell_anchors,
                found: Vec::new(),
                sections: &sections,
            };
            run(&mut lint);
            lint.found
        })
        .collect::<Vec<_>>()
        .into_iter();
    let mut of_text = text.found.into_iter();
    for check in CHECKS {
        let found = match check {
            Check::Text(_) => of_text.next(),
            Check::Api(_) => of_api.next(),
        };
        for diagnostic in found.into_iter().flatten() {
            diagnostics.push(diagnostic);
        }
    }
    suppress::apply(spec, tree, diagnostics);
}

/// What a check of the text alone reads, and what it found.
pub(crate) struct TextLint<'a> {
    pub spec: &'a Spec,
    pub tree: &'a DocumentTree,
    found: Vec<Diagnostic>,
}

impl TextLint<'_> {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.found.push(diagnostic);
    }
}

/// What every check of the API reads, and what one check found.
pub(crate) struct Lint<'a> {
    pub spec: &'a Spec,
    pub tree: &'a DocumentTree,
    pub api: &'a Api,
    /// The API's models and variants by name, looked up once per section and
    /// type name.
    pub names: &'a ir::Names<'a>,
    /// Every `#anchor` a type cell links to, with the first cell that does.
    pub type_cell_anchors: &'a BTreeMap<String, Span>,
    found: Vec<Diagnostic>,
    /// Sections by the place of their heading, to go from an IR item back to
    /// the text it was read from.
    sections: &'a BTreeMap<(String, usize), &'a Section>,
}

fn sections_by_heading<'a>(spec: &Spec, tree: &'a DocumentTree) -> BTreeMap<(String, usize), &'a Section> {
    let mut sections = BTreeMap::new();
    for section in tree.all_sections() {
        if section.level == 0 {
            continue;
        }
        let location = spec.sources.location(section.heading);
        sections.entry((location.file, location.line)).or_insert(section);
    }
    sections
}

impl<'a> Lint<'a> {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.found.push(diagnostic);
    }

    /// The documentation line of an IR item.
    pub fn span(&self, source: &ir::Source) -> Option<Span> {
        self.spec.sources.line_span(&source.file, source.line)
    }

    /// `needle` on the documentation line of an IR item, or the whole line.
    pub fn span_in_line(&self, source: &ir::Source, needle: &str) -> Option<Span> {
        let line = self.span(source)?;
        let text = self.spec.sources.text(line);
        match text.find(needle).filter(|_| !needle.is_empty()) {
            Some(at) => Some(line.sub(at, needle.len())),
            None => Some(line),
        }
    }

    /// The section an IR item was read from (an endpoint's or a model's).
    pub fn section(&self, source: &ir::Source) -> Option<&'a Section> {
        self.sections.get(&(source.file.clone(), source.line)).copied()
    }
}

/// The span of `len` bytes at byte `offset` of a code block's text, when the
/// text is the source as written (fenced blocks are); otherwise the start of
/// the block, which is still the right place to look.
pub(crate) fn code_span(spec: &Spec, block: &crate::reader::CodeBlock, offset: usize, len: usize) -> Span {
    if spec.sources.text(block.content) == block.text {
        block.content.sub(offset, len)
    } else {
        block.span.sub(0, 3)
    }
}

#[cfg(test)]
pub(crate) mod tests;
