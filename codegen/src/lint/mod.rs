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

/// Runs every check on an extracted API.
pub fn lint(spec: &Spec, tree: &DocumentTree, api: &Api, diagnostics: &mut Diagnostics) {
    /// The checks, in the order their findings are reported. Each reads the
    /// API and the text and only adds findings, so they run on every core.
    const CHECKS: &[fn(&mut Lint<'_>)] = &[
        usage::unused_models,
        params::defaults,
        params::body_rows,
        examples::disagreeing_examples,
        requests::curl_requests,
        requests::http_examples,
        requests::duplicate_routes,
        text::links,
        text::backticks,
        text::example_labels,
        text::shell_examples,
        text::unlinked_types,
        files::unlisted_includes,
        unions::indistinguishable_variants,
    ];
    let names = api.names();
    let sections = sections_by_heading(spec, tree);
    let found: Vec<Vec<Diagnostic>> = CHECKS
        .par_iter()
        .map(|check| {
            let mut lint = Lint { spec, tree, api, names: &names, found: Vec::new(), sections: &sections };
            check(&mut lint);
            lint.found
        })
        .collect();
    for diagnostic in found.into_iter().flatten() {
        diagnostics.push(diagnostic);
    }
    suppress::apply(spec, tree, diagnostics);
}

/// What every check reads, and what one check found.
pub(crate) struct Lint<'a> {
    pub spec: &'a Spec,
    pub tree: &'a DocumentTree,
    pub api: &'a Api,
    /// The API's models and variants by name, looked up once per section and
    /// type name.
    pub names: &'a ir::Names<'a>,
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
