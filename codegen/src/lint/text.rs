//! How the documentation is written: links to headings that do not exist
//! (SL005), backticks that open nothing (SL029), example labels that name
//! another model (SL028), shell examples that would not run (SL030), and
//! documented types named without their link (SL031).
//!
//! These look at the document tree, not the API model: they are about the
//! text a reader sees, which the model does not keep.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::diagnostics::{Code, Diagnostic};
use crate::reader::{slate_anchor, Block, CodeBlock, DocumentTree, Section, Table, Text};
use crate::suggest::Suggestions;
use crate::typeexpr;

use super::{code_span, Lint, TextLint};

/// Every markdown text of a section's own blocks, with whether it is the
/// Type cell of a table (whose links extraction already checks).
fn texts(section: &Section) -> Vec<(&Text, bool)> {
    let mut texts = Vec::new();
    for block in &section.blocks {
        match block {
            Block::Paragraph(t) | Block::List(t) | Block::Quote(t) => texts.push((t, false)),
            Block::Table(table) => {
                let type_column = type_column(table);
                texts.extend(table.header.iter().map(|c| (c, false)));
                for row in &table.rows {
                    texts.extend(row.cells.iter().enumerate().map(|(i, c)| (c, Some(i) == type_column)));
                }
            }
            _ => {}
        }
    }
    texts
}

fn type_column(table: &Table) -> Option<usize> {
    table.column(&["type"])
}

fn anchors(tree: &DocumentTree) -> BTreeSet<String> {
    let sections = tree.all_sections();
    let headings = sections.iter().filter(|s| s.level > 0).map(|s| s.anchor.clone());
    // `<a id="…">` elements are link targets too (generated documents put
    // them under headings).
    headings.chain(sections.iter().flat_map(|s| s.html_anchor_ids())).collect()
}

/// SL005 for links in prose and description cells.
pub(super) fn links(lint: &mut TextLint<'_>) {
    let anchors = anchors(lint.tree);
    let mut hints = Suggestions::new(anchors.iter().map(String::as_str));
    for section in lint.tree.all_sections() {
        for (text, in_type_cell) in texts(section) {
            if in_type_cell {
                continue;
            }
            for link in &text.links {
                let Some(anchor) = link.dest.strip_prefix('#') else { continue };
                if anchors.contains(anchor) {
                    continue;
                }
                let closest = hints.closest(anchor);
                let help = match closest {
                    Some(a) => format!("did you mean `#{a}`?"),
                    None => format!(
                        "add the section `#{anchor}` names, or point the link at an existing heading (its anchor is \
                         the title in lower case, with `-` between words)"
                    ),
                };
                lint.push(
                    Diagnostic::warning(
                        Code::SL005,
                        format!("the link `{}` points at `#{anchor}`, which no heading has", link.text.trim()),
                    )
                    .at(link.span)
                    .help(help),
                );
            }
        }
    }
}

/// SL029: a backtick string with no closing string of the same length is
/// shown as a literal backtick, and the code span the author meant is lost.
pub(super) fn backticks(lint: &mut TextLint<'_>) {
    for section in lint.tree.all_sections() {
        for (text, _) in texts(section) {
            for offset in unmatched_backticks(&text.markdown) {
                lint.push(
                    Diagnostic::warning(
                        Code::SL029,
                        "the backticks of this text do not pair up: this one is left open and shows as a backtick",
                    )
                    .at(text.span.sub(offset, 1))
                    .help(
                        "a code span of this text lacks its closing backtick; add it (or escape a literal one as \\`)",
                    ),
                );
            }
        }
    }
}

/// Byte offsets of the backtick strings that open no code span, following
/// CommonMark: a string of N backticks is closed by the next string of
/// exactly N backticks, and whatever lies between is code.
pub(crate) fn unmatched_backticks(markdown: &str) -> Vec<usize> {
    let bytes = markdown.as_bytes();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'\\' {
            at += 2;
            continue;
        }
        if bytes[at] == b'`' {
            let start = at;
            while at < bytes.len() && bytes[at] == b'`' {
                at += 1;
            }
            runs.push((start, at - start));
            continue;
        }
        at += 1;
    }
    // The next run of the same length, for each run: found from the end, so
    // that a text of many backticks takes linear time.
    let mut next_same = vec![None; runs.len()];
    let mut last_seen: BTreeMap<usize, usize> = BTreeMap::new();
    for (index, &(_, len)) in runs.iter().enumerate().rev() {
        next_same[index] = last_seen.insert(len, index);
    }
    let mut unmatched = Vec::new();
    let mut index = 0;
    while index < runs.len() {
        match next_same[index] {
            Some(closing) => index = closing + 1,
            None => {
                unmatched.push(runs[index].0);
                index += 1;
            }
        }
    }
    unmatched
}

/// SL028: `> Executive example :` above the example of another model, or
/// `> Request example` above a response.
pub(super) fn example_labels(lint: &mut Lint<'_>) {
    let names = lint.names.clone();
    for section in lint.tree.all_sections() {
        let title = section.title.trim();
        let documents_a_type = names.is_type(title);
        for (index, block) in section.blocks.iter().enumerate() {
            let Block::Quote(label) = block else { continue };
            let Some(Block::Code(code)) = section.blocks.get(index + 1) else { continue };
            let words: Vec<&str> = label.plain.split_whitespace().collect();
            let named = match words.as_slice() {
                [name, example, ..] if example.eq_ignore_ascii_case("example") => Some(name.trim_matches('`')),
                _ => None,
            };
            let problem = match named {
                Some(name)
                    if documents_a_type
                        && name != title
                        && !is_union_of(&names, name, title)
                        && names.is_type(name) =>
                {
                    Some(format!("this example is labelled `{name}` but it is the example of `{title}`"))
                }
                _ => mislabelled_http(&label.plain, code),
            };
            if let Some(problem) = problem {
                lint.push(
                    Diagnostic::warning(Code::SL028, problem)
                        .at(label.span)
                        .help("make the label say what the example below it shows"),
                );
            }
        }
    }
}

/// A variant's example may be labelled with the union it belongs to.
fn is_union_of(names: &crate::ir::Names<'_>, union: &str, variant: &str) -> bool {
    names.variant(variant).is_some_and(|(model, _)| model.name == union)
        || names.model(union).is_some_and(|model| model.variants().iter().any(|v| v.name == variant))
}

fn mislabelled_http(label: &str, code: &CodeBlock) -> Option<String> {
    let first = code.text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let shows_response = crate::extract::HttpResponse::read(&code.text).is_some();
    if code.language != "http" && !shows_response {
        return None;
    }
    let label = label.to_lowercase();
    let says_request = label.contains("request") && !label.contains("response");
    let says_response = label.contains("response") && !label.contains("request");
    if says_request && shows_response {
        Some("this example is labelled a request but shows a response (`HTTP/...` status line)".to_string())
    } else if says_response && !shows_response && first.contains(" /") {
        Some("this example is labelled a response but shows a request".to_string())
    } else {
        None
    }
}

/// SL030: what breaks a shell example pasted into a terminal. One finding
/// per kind of fault and block, at its first place.
pub(super) fn shell_examples(lint: &mut TextLint<'_>) {
    const SHELLS: &[&str] = &["shell", "sh", "bash", "zsh", "curl"];
    let sections = lint.tree.all_sections();
    for block in sections.iter().flat_map(|s| s.code_blocks()).filter(|b| SHELLS.contains(&b.language.as_str())) {
        for fault in shell_faults(&block.text) {
            let more = match fault.count {
                1 => String::new(),
                n => format!(" (and {} more line(s) of this block)", n - 1),
            };
            lint.push(
                Diagnostic::warning(Code::SL030, format!("{}{more}", fault.kind.message()))
                    .at(code_span(lint.spec, block, fault.offset, fault.len))
                    .help(fault.kind.help()),
            );
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ShellFaultKind {
    /// `\` followed by spaces at the end of a line.
    SpaceAfterContinuation,
    /// A `>` prompt mark at the start of a continued line.
    PromptMark,
    /// `-d {` with the JSON body unquoted.
    UnquotedBody,
}

impl ShellFaultKind {
    fn message(self) -> &'static str {
        match self {
            ShellFaultKind::SpaceAfterContinuation => {
                "this `\\` is followed by spaces, so it escapes a space instead of continuing the command on the next line"
            }
            ShellFaultKind::PromptMark => {
                "this line starts with a `>` prompt mark, which the shell reads as a redirection to a file"
            }
            ShellFaultKind::UnquotedBody => {
                "this JSON body is not quoted, so the shell splits it into words and curl sends only the first"
            }
        }
    }

    fn help(self) -> &'static str {
        match self {
            ShellFaultKind::SpaceAfterContinuation => "remove the spaces after the `\\`",
            ShellFaultKind::PromptMark => "remove the `>` marks so the command can be pasted as it is",
            ShellFaultKind::UnquotedBody => "quote the body: `-d '{...}'`",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ShellFault {
    pub kind: ShellFaultKind,
    pub offset: usize,
    pub len: usize,
    pub count: usize,
}

pub(crate) fn shell_faults(text: &str) -> Vec<ShellFault> {
    let mut faults: Vec<ShellFault> = Vec::new();
    let mut record = |kind: ShellFaultKind, offset: usize, len: usize| match faults.iter_mut().find(|f| f.kind == kind)
    {
        Some(fault) => fault.count += 1,
        None => faults.push(ShellFault { kind, offset, len, count: 1 }),
    };
    let mut offset = 0;
    let mut continued = false;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_end();
        if continued && content.trim_start().starts_with("> ") {
            record(ShellFaultKind::PromptMark, offset + content.len() - content.trim_start().len(), 1);
        }
        if trimmed.ends_with('\\') && trimmed.len() < content.len() {
            record(ShellFaultKind::SpaceAfterContinuation, offset + trimmed.len() - 1, 1);
        }
        if let Some(at) = unquoted_body(content) {
            record(ShellFaultKind::UnquotedBody, offset + at, 1);
        }
        continued = trimmed.ends_with('\\');
        offset += line.len();
    }
    faults
}

/// Offset of a `{` or `[` right after a curl data flag.
fn unquoted_body(line: &str) -> Option<usize> {
    for flag in ["-d ", "--data ", "--data-raw ", "--data-binary "] {
        let mut from = 0;
        while let Some(found) = line.get(from..).and_then(|rest| rest.find(flag)) {
            let at = from + found;
            let starts_word = at == 0 || line[..at].ends_with(char::is_whitespace);
            let after = at + flag.len();
            let rest = &line[after..];
            let body_at = after + (rest.len() - rest.trim_start().len());
            if starts_word && rest.trim_start().starts_with(['{', '[']) {
                return Some(body_at);
            }
            from = after;
        }
    }
    None
}

/// SL031: a type expression names a documented type without linking to it,
/// so a reader cannot click through. A note: nothing is wrong on the wire.
pub(super) fn unlinked_types(lint: &mut Lint<'_>) {
    let anchors = anchors(lint.tree);
    // Looked up once per type name of every cell: a set, not a scan of the models.
    let documented: HashSet<&str> = lint
        .api
        .models
        .iter()
        .flat_map(|m| std::iter::once(m.name.as_str()).chain(m.variants().iter().map(|v| v.name.as_str())))
        .collect();
    for section in lint.tree.all_sections() {
        for table in section.tables() {
            let Some(column) = type_column(table) else { continue };
            for cell in table.rows.iter().filter_map(|r| r.cell(column)) {
                let parsed = typeexpr::parse(&cell.markdown);
                let Some(expr) = parsed.expr else { continue };
                for part in expr.walk().into_iter().filter(|e| e.link.is_none()) {
                    let anchor = slate_anchor(&part.name);
                    // The notation's constructors (`Option`, `Map`) may have a
                    // section, but nobody needs to click through to them.
                    if !documented.contains(part.name.as_str()) || !anchors.contains(anchor.as_str()) {
                        continue;
                    }
                    lint.push(
                        Diagnostic::note(
                            Code::SL031,
                            format!(
                                "`{}` is documented under its own heading but is written without a link",
                                part.name
                            ),
                        )
                        .at(cell.span.sub(part.name_span.start, part.name_span.len()))
                        .help(format!("write `[{}](#{anchor})`", part.name)),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backtick_strings() {
        assert!(unmatched_backticks("`a` and ``b ` c``").is_empty());
        assert_eq!(unmatched_backticks("set to `CallCenter, return"), [7]);
        assert_eq!(unmatched_backticks("`\"superUser\""), [0]);
        assert!(unmatched_backticks("an escaped \\` is literal").is_empty());
        assert_eq!(unmatched_backticks("`a` then ``b"), [9]);
        assert!(unmatched_backticks("` `` ``` `` `").is_empty(), "the outer pair holds the others");
        assert_eq!(unmatched_backticks("``` ` `"), [0], "the run of three is the one left open");
    }

    #[test]
    fn shell_faults_are_found_once_per_kind() {
        let text = "curl -XPOST \\  \n> --header \"A: b\" \\\n> -d {\n \"a\": 1\n} \\\n> https://x/y\n";
        let kinds: Vec<_> = shell_faults(text).iter().map(|f| (f.kind, f.count)).collect();
        assert_eq!(
            kinds,
            [
                (ShellFaultKind::SpaceAfterContinuation, 1),
                (ShellFaultKind::PromptMark, 3),
                (ShellFaultKind::UnquotedBody, 1)
            ]
        );
        let faults = shell_faults(text);
        assert_eq!(&text[faults[0].offset..][..1], "\\");
        assert_eq!(&text[faults[2].offset..][..1], "{");
        assert!(shell_faults("curl -XPOST \\\n-d '{\"a\": 1}' \\\nhttps://x/y\n").is_empty());
    }
}
