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

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ir::{self, Api};
use crate::reader::{DocumentTree, Section};
use crate::source::{Span, Spec};

/// Runs every check on an extracted API.
pub fn lint(spec: &Spec, tree: &DocumentTree, api: &Api, diagnostics: &mut Diagnostics) {
    let mut lint = Lint::new(spec, tree, api, diagnostics);
    usage::unused_models(&mut lint);
    params::defaults(&mut lint);
    params::body_rows(&mut lint);
    examples::disagreeing_examples(&mut lint);
    requests::curl_requests(&mut lint);
    requests::http_examples(&mut lint);
    requests::duplicate_routes(&mut lint);
    text::links(&mut lint);
    text::backticks(&mut lint);
    text::example_labels(&mut lint);
    text::shell_examples(&mut lint);
    text::unlinked_types(&mut lint);
    files::unlisted_includes(&mut lint);
    unions::indistinguishable_variants(&mut lint);
    suppress::apply(spec, tree, diagnostics);
}

/// What every check reads, and where it reports.
pub(crate) struct Lint<'a> {
    pub spec: &'a Spec,
    pub tree: &'a DocumentTree,
    pub api: &'a Api,
    /// The API's models and variants by name, looked up once per section and
    /// type name.
    pub names: ir::Names<'a>,
    diagnostics: &'a mut Diagnostics,
    /// Sections by the place of their heading, to go from an IR item back to
    /// the text it was read from.
    sections: BTreeMap<(String, usize), &'a Section>,
}

impl<'a> Lint<'a> {
    fn new(spec: &'a Spec, tree: &'a DocumentTree, api: &'a Api, diagnostics: &'a mut Diagnostics) -> Self {
        let mut sections = BTreeMap::new();
        for section in tree.all_sections() {
            if section.level == 0 {
                continue;
            }
            let location = spec.sources.location(section.heading);
            sections.entry((location.file, location.line)).or_insert(section);
        }
        Lint { spec, tree, api, names: api.names(), diagnostics, sections }
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
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
