//! What the reader saw but could not read, so that a document in an
//! unfamiliar dialect shows at a glance what was skipped: endpoint-looking
//! lines that no operation took, and tables no reading used. Each is
//! reported once per shape, with a count and the first place it occurs.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Code, Diagnostic};
use crate::reader::{Block, DocumentTree, Section, Table, Text};
use crate::source::Span;

use super::endpoint_lines::{inline_plain, is_bare_url, mentions_endpoint, paragraph_lines, parse_endpoint_text};
use super::tables::TableKind;
use super::{Context, Plan};

/// What extraction read, for `codegen ir --summary`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    pub tables_seen: usize,
    pub tables_read: usize,
    /// Endpoint lines taken by operations (a heading and the line under it count twice).
    pub endpoint_lines_read: usize,
    /// The servers endpoint lines name, in reading order.
    pub servers: Vec<String>,
    pub unread: Vec<Unread>,
}

/// One shape of thing the reader skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    /// `endpoint-looking line: …` or `table: A | B`.
    pub shape: String,
    pub count: usize,
    pub first: Span,
}

/// What in the tree could be reported as not read, in reading order: lines
/// that look like endpoints, and tables with their kind. Worked out from the
/// tree alone, so another core can find them while the API is extracted;
/// [`report`] then keeps the ones extraction did not read.
#[derive(Debug, Default)]
pub(crate) struct Candidates<'t> {
    found: Vec<Candidate<'t>>,
}

#[derive(Debug)]
enum Candidate<'t> {
    /// An endpoint-looking line, with its shape.
    Line(&'static str, Span),
    Table(&'t Table, TableKind),
}

impl<'t> Candidates<'t> {
    pub(crate) fn of(tree: &'t DocumentTree) -> Self {
        let mut found = Vec::new();
        for section in tree.all_sections() {
            found.extend(endpoint_looking_lines(section).into_iter().map(|(shape, span)| Candidate::Line(shape, span)));
            found.extend(section.tables().map(|table| Candidate::Table(table, TableKind::of(table))));
        }
        Candidates { found }
    }
}

/// Finds what was not read, reports one note per shape, and sums up.
///
/// A table beside one that was read in the same operation or model is taken
/// as commentary (links, notes on answers) and only counted; a table in a
/// section where no table could be read is reported.
pub(crate) fn report(context: &mut Context<'_>, candidates: Candidates<'_>, plan: &Plan<'_>) -> Reading {
    let commentary = commentary_tables(context, plan);
    let mut groups: BTreeMap<String, (usize, Span)> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut add = |shape: String, span: Span| {
        let entry = groups.entry(shape.clone()).or_insert_with(|| {
            order.push(shape);
            (0, span)
        });
        entry.0 += 1;
    };
    let mut tables_seen = 0;
    let mut tables_read = 0;
    for candidate in candidates.found {
        match candidate {
            Candidate::Line(shape, span) => {
                if !line_read(context, &span) {
                    add(format!("endpoint-looking line ({shape})"), span);
                }
            }
            Candidate::Table(table, kind) => {
                tables_seen += 1;
                if context.tables_read.contains(&table.span)
                    || context.lines_read.contains(&table.span)
                    || kind == TableKind::ErrorCodes
                {
                    tables_read += 1;
                } else if kind == TableKind::Other && !commentary.contains(&table.span) {
                    // Tables of a known kind that could not be read have their own error.
                    let header: Vec<String> = table.header.iter().map(|c| c.plain.trim().to_string()).collect();
                    add(format!("table `{}`", header.join(" | ")), table.span);
                }
            }
        }
    }
    let mut unread = Vec::new();
    for shape in order {
        let (count, first) = groups[&shape];
        let what = if shape.starts_with("table") { "table(s) with the header" } else { "" };
        let message = if what.is_empty() {
            format!("{count} {shape} not read as an endpoint")
        } else {
            format!("{count} {what} {} not read", shape.trim_start_matches("table "))
        };
        let help = if what.is_empty() {
            "write an endpoint as a line of its own, such as `GET /things/{id}`, under the operation's heading"
        } else {
            "a table is read by its columns' roles (name, type, location, required, description)"
        };
        let code = if what.is_empty() { Code::SL038 } else { Code::SL039 };
        context.push(Diagnostic::note(code, message).at(first).help(help));
        unread.push(Unread { shape, count, first });
    }
    Reading {
        tables_seen,
        tables_read,
        endpoint_lines_read: context.lines_read.len(),
        servers: context.servers.clone(),
        unread,
    }
}

/// Tables of operations and models in which some other table was read.
fn commentary_tables(context: &Context<'_>, plan: &Plan<'_>) -> BTreeSet<Span> {
    let mut commentary = BTreeSet::new();
    for item in plan.operations.iter().chain(&plan.models) {
        let tables: Vec<Span> = item.section.walk().into_iter().flat_map(|s| s.tables()).map(|t| t.span).collect();
        if tables.iter().any(|t| context.tables_read.contains(t)) {
            commentary.extend(tables);
        }
    }
    commentary
}

/// Whether extraction read a line: took an endpoint line from it or from a
/// piece of it (an autolink).
fn line_read(context: &Context<'_>, span: &Span) -> bool {
    let within = Span { end: 0, ..*span }..=Span { start: span.end, end: u32::MAX, ..*span };
    context.lines_reported.contains(span) || context.lines_read.range(within).any(|r| r.end <= span.end)
}

/// Lines of a section's own blocks and heading that look like endpoints,
/// with the shape they have.
fn endpoint_looking_lines(section: &Section) -> Vec<(&'static str, Span)> {
    let mut found = Vec::new();
    if section.level > 0 && mentions_endpoint(&section.title) {
        found.push(("a heading", section.heading));
    }
    for block in &section.blocks {
        match block {
            Block::Paragraph(text) => {
                for (plain, span) in paragraph_lines(text) {
                    // A sentence that names an endpoint is prose, not a line.
                    if is_bare_url(&plain) {
                        found.push(("a URL without a method", span));
                    } else if !parse_endpoint_text(&plain).is_empty() {
                        found.push(("an endpoint line outside an operation's section", span));
                    }
                }
            }
            Block::List(text) => found.extend(list_items(text)),
            Block::Html(text) if mentions_endpoint(&inline_plain(&text.plain)) => {
                found.push(("an HTML block", text.span))
            }
            _ => {}
        }
    }
    found
}

fn list_items(text: &Text) -> Vec<(&'static str, Span)> {
    paragraph_lines(text)
        .into_iter()
        .filter_map(|(plain, span)| {
            let item = plain.trim_start_matches(|c: char| {
                c == '-' || c == '*' || c == '+' || c.is_ascii_digit() || c == '.' || c.is_whitespace()
            });
            if is_bare_url(item) {
                Some(("a URL in a list item", span))
            } else if !parse_endpoint_text(item).is_empty() {
                Some(("a method and a path as a list item", span))
            } else {
                None
            }
        })
        .collect()
}
