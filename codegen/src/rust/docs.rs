//! Doc comments from the documentation's markdown.
//!
//! The text is kept as written, with what rustdoc would otherwise reject
//! under `-D warnings` made safe: a link to another model's anchor becomes an
//! intra-doc link to its type, a link to any other anchor becomes its text,
//! brackets that are not links are escaped (`Option\[String\]` would
//! otherwise be read as a link to `String`), bare URLs are wrapped in `<>`,
//! a `<` that opens no known HTML tag is escaped. No text from the
//! documentation may run: every code block, whatever its language or
//! nesting, is written as a `text` block, which rustdoc shows and never
//! compiles (see [`inert_code_blocks`]). Every pass over a line is linear.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use proc_macro2::TokenStream;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use quote::quote;

use crate::source::is_hostile_char;

/// HTML tags the documentation writes and rustdoc accepts.
const HTML_TAGS: &[&str] =
    &["br", "aside", "code", "b", "i", "em", "strong", "p", "ul", "ol", "li", "a", "pre", "span", "div", "sup", "sub"];

/// Where intra-doc links can point from one module.
#[derive(Debug, Clone, Default)]
pub struct Links {
    /// Slate anchor of a type's documented name -> Rust identifier and module.
    /// Shared by every module's links: one map per crate, not one per group.
    pub anchors: std::sync::Arc<BTreeMap<String, (String, String)>>,
    /// The module the doc comment is written in.
    pub module: String,
    /// Identifiers of other modules imported into this one.
    pub imported: BTreeSet<String>,
    /// The path of the models module seen from this one (`super` from a
    /// group's module, `crate::models` from elsewhere).
    pub models_path: String,
}

impl Links {
    /// The rustdoc link for a type, with `label` as its text.
    fn link(&self, label: &str, ident: &str, module: &str) -> String {
        let in_scope = module == self.module || self.imported.contains(ident);
        let bare_label = label.trim_matches('`');
        if bare_label == ident && in_scope {
            // `[X](X)` is reported as a redundant link: let the label resolve.
            format!("[{label}]")
        } else if in_scope {
            format!("[{label}]({ident})")
        } else {
            format!("[{label}]({}::{ident})", self.models_path)
        }
    }
}

/// `#[doc]` attributes for a markdown text, one per line.
pub fn doc_attrs(markdown: &str, links: &Links) -> TokenStream {
    let text = rustdoc_markdown(markdown, links);
    lines_to_attrs(&text)
}

/// `#[doc]` attributes for text that is already valid rustdoc markdown.
/// Whatever the text, no code block of it can run as a doctest.
pub fn lines_to_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#[doc = #lines])*)
}

/// `#![doc]` attributes (a module's own docs) for valid rustdoc markdown.
pub fn inner_doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#![doc = #lines])*)
}

/// The lines of a doc comment: code blocks made inert, control and
/// bidirectional characters dropped (the loader already replaced them in the
/// documentation; an API model read from JSON did not pass through it).
fn doc_lines(text: &str) -> Vec<String> {
    let text: String = text.chars().filter(|&c| !is_hostile_char(c) && c != '\r').collect();
    inert_code_blocks(&text)
        .lines()
        .map(|line| if line.is_empty() { String::new() } else { format!(" {line}") })
        .collect()
}

/// The markdown made safe for rustdoc, trimmed of blank lines at both ends
/// and of trailing spaces.
pub fn rustdoc_markdown(markdown: &str, links: &Links) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let fence: String = trimmed.chars().take_while(|&c| c == '`' || c == '~').collect();
            // Documentation code is shown, never compiled: every block opens
            // as `text`, whatever language it names.
            out.push(if in_fence { fence } else { format!("{fence}text") });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.trim_end().to_string());
        } else {
            out.push(inline(line.trim_end(), links).trim_end().to_string());
        }
    }
    if in_fence {
        out.push("```".to_string());
    }
    let first = out.iter().position(|l| !l.trim().is_empty()).unwrap_or(out.len());
    let last = out.iter().rposition(|l| !l.trim().is_empty()).map_or(first, |i| i + 1);
    // Leading tabs or four spaces would make an indented code block, which
    // rustdoc compiles as a doctest.
    out[first..last.max(first)].iter().map(|line| line.trim_start().to_string()).collect::<Vec<_>>().join("\n")
}

/// Options rustdoc parses doc comments with, for the code blocks it sees.
fn rustdoc_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A code block rustdoc would compile, as the markdown parser finds it.
#[derive(Debug)]
struct RunnableBlock {
    range: Range<usize>,
    fenced: bool,
}

/// Code blocks that rustdoc would compile as doctests: any fence whose info
/// is not exactly `text`, at any depth (list items, block quotes, footnotes),
/// and every indented block. Also says whether a top-level fence runs to the
/// end of the text unclosed.
fn runnable_blocks(text: &str) -> (Vec<RunnableBlock>, Option<String>) {
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut unclosed = None;
    for (event, range) in Parser::new_ext(text, rustdoc_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let fenced = matches!(kind, CodeBlockKind::Fenced(_));
                if let CodeBlockKind::Fenced(info) = &kind {
                    if depth == 0 && range.end >= text.trim_end().len() {
                        unclosed = unclosed_fence(&text[range.clone()]);
                    }
                    if info.trim() == "text" {
                        continue;
                    }
                }
                blocks.push(RunnableBlock { range, fenced });
            }
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_)) => depth += 1,
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition) => {
                depth = depth.saturating_sub(1)
            }
            _ => {}
        }
    }
    (blocks, unclosed)
}

/// The fence that closes a fenced block's text, when its last line does not.
fn unclosed_fence(block: &str) -> Option<String> {
    let opening = block.trim_start();
    let fence_char = opening.chars().next()?;
    let fence: String = opening.chars().take_while(|&c| c == fence_char).collect();
    let last = block.trim_end().lines().last().unwrap_or("").trim();
    let closed =
        block.trim_end().lines().count() > 1 && last.len() >= fence.len() && last.chars().all(|c| c == fence_char);
    (!closed).then_some(fence)
}

/// `text` with no code block that rustdoc would run: fences are relabelled
/// `text`, indented blocks lose the indentation that made them code, a
/// top-level fence left open is closed. The parser rustdoc uses decides what
/// a block is, so nesting cannot hide one; should a block survive a few
/// rounds, the whole text becomes one `text` block.
pub fn inert_code_blocks(text: &str) -> String {
    if !may_hold_code_block(text) {
        return text.to_string();
    }
    let mut current = text.to_string();
    for _ in 0..4 {
        let (blocks, unclosed) = runnable_blocks(&current);
        if let Some(fence) = unclosed {
            current = format!("{}\n{fence}", current.trim_end());
            continue;
        }
        if blocks.is_empty() {
            return current;
        }
        current = defuse(&current, &blocks);
    }
    if runnable_blocks(&current).0.is_empty() {
        return current;
    }
    let longest_run = current.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run.max(2) + 1);
    format!("{fence}text\n{current}\n{fence}")
}

/// Whether `text` can hold a code block at all: a fence is three backticks
/// or tildes, and an indented block four spaces or a tab past where its
/// container's text starts. Most doc comments have neither, and are not
/// parsed.
fn may_hold_code_block(text: &str) -> bool {
    text.contains("```") || text.contains("~~~") || text.contains('\t') || text.contains("    ")
}

/// One round of [`inert_code_blocks`]: the opening line of each fence
/// relabelled, each line of an indented block un-indented.
fn defuse(text: &str, blocks: &[RunnableBlock]) -> String {
    let mut out = String::with_capacity(text.len() + 8 * blocks.len());
    let mut line_start = 0;
    let mut next = 0;
    for line in text.split_inclusive('\n') {
        let line_end = line_start + line.len();
        while blocks.get(next).is_some_and(|block| block.range.end.max(block.range.start + 1) <= line_start) {
            next += 1;
        }
        match blocks.get(next).filter(|block| block.range.start < line_end) {
            Some(block) if block.fenced && block.range.start >= line_start => {
                out.push_str(&relabel_fence(line, block.range.start - line_start));
            }
            Some(block) if !block.fenced => out.push_str(&collapse_container_indent(line)),
            _ => out.push_str(line),
        }
        line_start = line_end;
    }
    out
}

/// The opening line of a fence with its info string replaced by `text`.
fn relabel_fence(line: &str, from: usize) -> String {
    let from = (from..line.len()).find(|&i| line[i..].starts_with(['`', '~'])).unwrap_or(line.len());
    let rest = &line[from..];
    let Some(fence_char) = rest.chars().next() else { return line.to_string() };
    let run = rest.len() - rest.trim_start_matches(fence_char).len();
    let newline = if line.ends_with('\n') { "\n" } else { "" };
    format!("{}{}text{newline}", &line[..from], &rest[..run])
}

/// A line whose container marks (`>`, list bullets and numbers) are followed
/// by at most one space, so its text cannot be an indented code block.
fn collapse_container_indent(line: &str) -> String {
    let content = line.find(|c: char| !matches!(c, '>' | '-' | '*' | '+' | ' ' | '\t' | '.' | ')' | '0'..='9'));
    let (prefix, rest) = line.split_at(content.unwrap_or(line.len()));
    let mut collapsed = String::with_capacity(prefix.len());
    for c in prefix.chars() {
        let c = if c == '\t' { ' ' } else { c };
        if !(c == ' ' && collapsed.ends_with(' ')) {
            collapsed.push(c);
        }
    }
    format!("{}{rest}", collapsed.trim_start())
}

/// One line of text outside code blocks.
fn inline(line: &str, links: &Links) -> String {
    inline_text(line, links, true)
}

/// Where the constructs of one line end, found once so that the walk over
/// the line is linear whatever it holds.
struct LineIndex {
    chars: Vec<char>,
    /// For each `[`, its matching `]`.
    closing_bracket: Vec<Option<usize>>,
    /// For each position, the first `)` at or after it (`len` if none).
    next_paren: Vec<usize>,
    /// For each position, the first whitespace at or after it.
    next_space: Vec<usize>,
    /// For the first backtick of each run, the start of the next run of the
    /// same length (the one that closes its code span).
    closing_run: Vec<Option<usize>>,
}

impl LineIndex {
    fn new(line: &str) -> Self {
        let chars: Vec<char> = line.chars().collect();
        let len = chars.len();
        let mut closing_bracket = vec![None; len];
        let mut open = Vec::new();
        for (i, &c) in chars.iter().enumerate() {
            match c {
                '[' => open.push(i),
                ']' => {
                    if let Some(start) = open.pop() {
                        closing_bracket[start] = Some(i);
                    }
                }
                _ => {}
            }
        }
        let mut next_paren = vec![len; len + 1];
        let mut next_space = vec![len; len + 1];
        for i in (0..len).rev() {
            next_paren[i] = if chars[i] == ')' { i } else { next_paren[i + 1] };
            next_space[i] = if chars[i].is_whitespace() { i } else { next_space[i + 1] };
        }
        let mut closing_run = vec![None; len];
        let mut runs = Vec::new();
        let mut i = 0;
        while i < len {
            let run = chars[i..].iter().take_while(|&&c| c == '`').count();
            if run > 0 {
                runs.push((i, run));
                i += run;
            } else {
                i += 1;
            }
        }
        let mut next_of_length = std::collections::HashMap::new();
        for &(start, run) in runs.iter().rev() {
            closing_run[start] = next_of_length.insert(run, start);
        }
        LineIndex { chars, closing_bracket, next_paren, next_space, closing_run }
    }

    /// `[label](target)` starting at `start`: the label, the target and the
    /// index after the closing parenthesis.
    fn link(&self, start: usize) -> Option<(String, String, usize)> {
        let close = self.closing_bracket[start]?;
        if self.chars.get(close + 1) != Some(&'(') {
            return None;
        }
        let target_start = close + 2;
        let target_end = self.next_paren[target_start];
        if target_end >= self.chars.len() || self.next_space[target_start] < target_end {
            return None;
        }
        let label: String = self.chars[start + 1..close].iter().collect();
        let target: String = self.chars[target_start..target_end].iter().collect();
        Some((label, target, target_end + 1))
    }
}

/// One line of text outside code blocks; links are rewritten only when
/// `links_allowed` (a link's label holds no link).
fn inline_text(line: &str, links: &Links, links_allowed: bool) -> String {
    let index = LineIndex::new(line);
    let chars = &index.chars;
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '`' => {
                let run = chars[i..].iter().take_while(|&&c| c == '`').count();
                match index.closing_run[i] {
                    Some(end) => {
                        out.extend(&chars[i..end + run]);
                        i = end + run;
                    }
                    None => {
                        // Backticks that open no code span: rustdoc would
                        // warn about them.
                        for _ in 0..run {
                            out.push_str("\\`");
                        }
                        i += run;
                    }
                }
            }
            '[' => match index.link(i).filter(|_| links_allowed) {
                Some((label, target, end)) => {
                    out.push_str(&rewrite_link(&inline_text(&label, links, false), &target, links));
                    i = end;
                }
                None => {
                    out.push_str("\\[");
                    i += 1;
                }
            },
            ']' => {
                out.push_str("\\]");
                i += 1;
            }
            '<' => {
                let rest: String = chars[i + 1..chars.len().min(i + 17)].iter().collect();
                if starts_with_tag(&rest) || rest.starts_with("http://") || rest.starts_with("https://") {
                    out.push('<');
                } else {
                    out.push_str("&lt;");
                }
                i += 1;
            }
            'h' if is_bare_url_start(chars, i) => {
                let end = chars[i..].iter().position(|c| c.is_whitespace() || *c == '>').map_or(chars.len(), |p| i + p);
                let mut url: String = chars[i..end].iter().collect();
                let mut trailing = String::new();
                while url.ends_with(['.', ',', ';', ':', ')']) {
                    if let Some(last) = url.pop() {
                        trailing.insert(0, last);
                    }
                }
                out.push('<');
                out.push_str(&url);
                out.push('>');
                out.push_str(&trailing);
                i = end;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn is_bare_url_start(chars: &[char], i: usize) -> bool {
    let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
    let preceded_ok = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '<' || chars[i - 1] == '(');
    preceded_ok && (rest.starts_with("http://") || rest.starts_with("https://"))
}

fn starts_with_tag(rest: &str) -> bool {
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    let after = rest[name.len()..].chars().next();
    HTML_TAGS.contains(&name.to_ascii_lowercase().as_str()) && matches!(after, Some('>' | ' ' | '/' | '\t'))
}

fn rewrite_link(label: &str, target: &str, links: &Links) -> String {
    match target.strip_prefix('#') {
        Some(anchor) => match links.anchors.get(anchor) {
            Some((ident, module)) => links.link(label, ident, module),
            None => label.to_string(),
        },
        None if target.starts_with("http://") || target.starts_with("https://") => format!("[{label}]({target})"),
        None => label.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links() -> Links {
        let mut anchors = BTreeMap::new();
        anchors.insert("companyqueryview".to_string(), ("CompanyQueryView".to_string(), "common".to_string()));
        anchors.insert("operator".to_string(), ("Operator".to_string(), "common".to_string()));
        Links {
            anchors: std::sync::Arc::new(anchors),
            module: "events".to_string(),
            imported: BTreeSet::from(["Operator".to_string()]),
            models_path: "super".to_string(),
        }
    }

    #[test]
    fn model_links_become_intra_doc_links() {
        let text =
            rustdoc_markdown("see [CompanyQueryView](#companyqueryview) and [the operator](#operator)", &links());
        assert_eq!(text, "see [CompanyQueryView](super::CompanyQueryView) and [the operator](Operator)");
        assert_eq!(rustdoc_markdown("by [Operator](#operator)", &links()), "by [Operator]");
    }

    #[test]
    fn other_anchors_become_text_and_brackets_are_escaped() {
        let text = rustdoc_markdown("[Option](#option)[[SafeUUID](#safeuuid)] and `a[0]`", &links());
        assert_eq!(text, "Option\\[SafeUUID\\] and `a[0]`");
    }

    #[test]
    fn urls_html_and_fences_are_made_safe() {
        let text =
            rustdoc_markdown("cf https://example.com/x. <br/> a <b>b</b> Map<K>\n\n```\ndata X = A\n```", &links());
        assert_eq!(text, "cf <https://example.com/x>. <br/> a <b>b</b> Map&lt;K>\n\n```text\ndata X = A\n```");
    }

    /// Code blocks rustdoc would compile in `text`.
    fn runnable(text: &str) -> Vec<String> {
        runnable_blocks(text).0.iter().map(|block| text[block.range.clone()].to_string()).collect()
    }

    #[test]
    fn no_code_block_of_any_kind_or_depth_stays_runnable() {
        let cases = [
            "- item\n  ```rust\n  fn a() {}\n  ```",
            "> ```rust\n> fn b() {}\n> ```",
            "> > ~~~\n> > fn c() {}\n> > ~~~",
            "1. step\n\n       fn indented_in_a_list() {}",
            ">     fn indented_in_a_quote() {}",
            "text\n\n    fn indented() {}",
            "```should_panic\npanic!()\n```",
            "````rust,no_run\n```\ninner\n```\n````",
            "[^note]\n\n[^note]: ```rust\n    fn in_a_footnote() {}\n    ```",
            "```rust\nfn unclosed() {",
        ];
        for case in cases {
            assert!(!runnable(case).is_empty(), "the case holds code: {case}");
            let inert = inert_code_blocks(case);
            assert!(runnable(&inert).is_empty(), "{case:?} gave {inert:?}");
        }
        assert_eq!(inert_code_blocks("```rust\nfn unclosed() {"), "```text\nfn unclosed() {\n```");
        // Text the parser is not asked about holds no block it would find.
        for case in [
            "plain\n\n   three spaces",
            "- a\n  - b\n   c",
            ">   quoted\n>\n>   again",
            "1.  item\n\n   more",
            "`` code `` and ``",
            "[^1]:   note",
        ] {
            assert!(!may_hold_code_block(case), "{case:?}");
            assert!(runnable_blocks(case).0.is_empty() && runnable_blocks(case).1.is_none(), "{case:?}");
        }
        assert!(may_hold_code_block("-     indented in an item") && may_hold_code_block(">\tcode"));
        assert_eq!(inert_code_blocks("- a\n  ```rust\n  x\n  ```"), "- a\n  ```text\n  x\n  ```");
    }

    #[test]
    fn doc_lines_drop_bidi_and_control_characters() {
        assert_eq!(doc_lines("a\u{202E}b\rc\u{2066}d"), [" abcd"]);
    }

    #[test]
    fn every_fence_of_the_documentation_is_text() {
        let text = rustdoc_markdown("```json\n{}\n```\n\n~~~rust\nx\n~~~", &links());
        assert_eq!(text, "```text\n{}\n```\n\n~~~text\nx\n~~~");
    }

    #[test]
    fn long_lines_of_openers_are_escaped_whole() {
        let line = "[".repeat(100_000);
        assert_eq!(rustdoc_markdown(&line, &links()), "\\[".repeat(100_000));
        let line = "<".repeat(100_000);
        assert_eq!(rustdoc_markdown(&line, &links()), "&lt;".repeat(100_000));
        assert_eq!(rustdoc_markdown("a ``` b `` c", &links()), "a \\`\\`\\` b \\`\\` c");
        assert_eq!(
            rustdoc_markdown("[a](#x) [b](c d) [[e](#operator)](f)", &links()),
            "a \\[b\\](c d) \\[e\\](#operator)"
        );
    }
}
