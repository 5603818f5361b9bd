//! Stage 2, read: markdown into a document tree.
//!
//! pulldown-cmark gives events with byte offsets; this module folds them into
//! sections (by heading level, with the anchor Slate gives each heading) that
//! hold blocks: paragraphs, tables, fenced code, asides, quotes and lists.
//! Every piece keeps its [`Span`], so later stages can point at the source.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;

use crate::source::{FileId, Span, Spec};

/// All sections of a spec, file after file, in reading order.
#[derive(Debug, Clone, Default)]
pub struct DocumentTree {
    /// Top-level sections (usually `#`); blocks found before any heading of a
    /// file are kept in a level-0 section of their own.
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone)]
pub struct Section {
    /// 1 for `#`, 2 for `##`...; 0 for text before the first heading.
    pub level: u8,
    /// The heading as plain text, trimmed.
    pub title: String,
    /// The id Slate gives the heading, used by `[text](#anchor)` links.
    pub anchor: String,
    /// The heading line.
    pub heading: Span,
    pub blocks: Vec<Block>,
    pub children: Vec<Section>,
}

#[derive(Debug, Clone)]
pub enum Block {
    Paragraph(Text),
    Table(Table),
    Code(CodeBlock),
    Aside(Aside),
    /// A blockquote, such as `> Response example:`.
    Quote(Text),
    List(Text),
    /// Raw HTML other than an aside.
    Html(Text),
}

/// Inline markdown: a paragraph or a table cell.
#[derive(Debug, Clone)]
pub struct Text {
    pub span: Span,
    /// The markdown source, trimmed.
    pub markdown: String,
    /// The text as a reader sees it, markup removed, `<br/>` as a newline.
    pub plain: String,
    pub code: Vec<CodeSpan>,
    pub links: Vec<Link>,
}

#[derive(Debug, Clone)]
pub struct CodeSpan {
    pub text: String,
    pub span: Span,
    /// Inside `**...**`.
    pub strong: bool,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub text: String,
    pub dest: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub span: Span,
    pub header: Vec<Text>,
    pub rows: Vec<Row>,
    /// The header line starts with `|`.
    pub header_leading_pipe: bool,
    /// The header line ends with `|`.
    pub header_trailing_pipe: bool,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub span: Span,
    pub cells: Vec<Text>,
    /// How many cells the source line has, before the parser pads or drops
    /// cells to match the header.
    pub raw_cells: usize,
    /// The line starts with `|`, which markdown takes as an optional
    /// delimiter, not as an empty first cell.
    pub leading_pipe: bool,
    /// The line is indented: Slate's renderer (Redcarpet) then keeps an empty
    /// first cell before a leading `|`; only a `|` at column 1 loses it.
    pub indented: bool,
    /// The line ends with `|`.
    pub trailing_pipe: bool,
}

#[derive(Debug, Clone)]
pub struct CodeBlock {
    /// The fence's info string (`json`, `http`...), lowercase.
    pub language: String,
    pub text: String,
    /// The whole block, fences included.
    pub span: Span,
    /// The content between the fences.
    pub content: Span,
}

#[derive(Debug, Clone)]
pub struct Aside {
    /// `notice`, `warning`, `success`...
    pub class: String,
    pub text: String,
    pub span: Span,
}

impl Table {
    /// The header cell texts, lowercased, for recognising the kind of table.
    pub fn columns(&self) -> Vec<String> {
        self.header.iter().map(|c| c.plain.trim().to_lowercase()).collect()
    }

    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.columns().iter().position(|c| names.contains(&c.as_str()))
    }
}

impl Row {
    pub fn cell(&self, index: usize) -> Option<&Text> {
        self.cells.get(index)
    }
}

impl Section {
    /// This section and every section under it, depth first.
    pub fn walk(&self) -> Vec<&Section> {
        let mut all = Vec::new();
        self.walk_into(&mut all);
        all
    }

    /// [`Self::walk`] into one list, not a list per level copied upwards.
    fn walk_into<'a>(&'a self, all: &mut Vec<&'a Section>) {
        all.push(self);
        for child in &self.children {
            child.walk_into(all);
        }
    }

    /// The ids of `<a id="…">` elements among the section's own blocks:
    /// anchors links may point at, as much as the heading's.
    pub fn html_anchor_ids(&self) -> Vec<String> {
        let mut ids = Vec::new();
        for block in &self.blocks {
            // `<a id="x"></a>` alone on a line is inline HTML: a paragraph.
            let (Block::Html(html) | Block::Paragraph(html)) = block else { continue };
            if !html.markdown.trim_start().starts_with('<') {
                continue;
            }
            let mut rest = html.markdown.as_str();
            while let Some(at) = rest.find("<a ") {
                let tail = &rest[at..];
                let end = tail.find('>').unwrap_or(tail.len());
                if let Some(id) = attribute(&tail[..end], "id").filter(|id| !id.is_empty()) {
                    ids.push(id);
                }
                rest = &tail[end..];
            }
        }
        ids
    }

    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
    }

    pub fn code_blocks(&self) -> impl Iterator<Item = &CodeBlock> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Code(c) => Some(c),
            _ => None,
        })
    }
}

impl DocumentTree {
    /// Every section at every level, in reading order.
    pub fn all_sections(&self) -> Vec<&Section> {
        self.sections.iter().flat_map(Section::walk).collect()
    }
}

/// Reads every document of a spec.
pub fn read(spec: &Spec) -> DocumentTree {
    // Each file reads on its own, so the files are read on every core; the
    // page is then put together in the files' order.
    let read: Vec<Vec<Section>> = spec
        .documents
        .par_iter()
        .map(|document| {
            let text = &spec.sources.file(document.file).text;
            let body = text.get(document.body_start..).unwrap_or("");
            read_markdown(document.file, body, document.body_start)
        })
        .collect();
    let mut tree = DocumentTree::default();
    for mut sections in read {
        // Slate renders the includes as one page: what an include says before
        // its first heading (a table of fields kept in a file of its own)
        // belongs to the section the previous file left open.
        if let Some(open) = last_open_section(&mut tree.sections) {
            if sections.first().is_some_and(|s| s.level == 0) {
                let preamble = sections.remove(0);
                open.blocks.extend(preamble.blocks);
            }
        }
        tree.sections.extend(sections);
    }
    tree
}

/// The deepest last section of a tree: where the next text of the page goes.
fn last_open_section(sections: &mut [Section]) -> Option<&mut Section> {
    let mut section = sections.last_mut().filter(|s| s.level > 0)?;
    while !section.children.is_empty() {
        section = section.children.last_mut()?;
    }
    Some(section)
}

/// Reads one markdown text that starts at byte `base` of `file`.
pub fn read_markdown(file: FileId, text: &str, base: usize) -> Vec<Section> {
    let mut builder = TreeBuilder::new(file, text, base);
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    // One pass over the events, holding one top-level block at a time: the
    // block is read once its end arrives, and its buffer serves the next.
    let mut block: Vec<(Event<'_>, Range<usize>)> = Vec::new();
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        block.push((event, range));
        if depth == 0 {
            builder.blocks(&block);
            block.clear();
        }
    }
    builder.blocks(&block);
    builder.finish()
}

struct TreeBuilder<'a> {
    file: FileId,
    text: &'a str,
    base: usize,
    /// Open sections, outermost first; the first is a level-0 holder.
    stack: Vec<Section>,
    done: Vec<Section>,
    /// An `<aside>` whose closing tag has not been seen yet.
    open_aside: Option<Aside>,
}

impl<'a> TreeBuilder<'a> {
    fn new(file: FileId, text: &'a str, base: usize) -> Self {
        let root = Section {
            level: 0,
            title: String::new(),
            anchor: String::new(),
            heading: Span::new(file, base..base),
            blocks: Vec::new(),
            children: Vec::new(),
        };
        TreeBuilder { file, text, base, stack: vec![root], done: Vec::new(), open_aside: None }
    }

    fn span(&self, range: &Range<usize>) -> Span {
        Span::new(self.file, self.base + range.start..self.base + range.end)
    }

    fn source(&self, range: &Range<usize>) -> &'a str {
        self.text.get(range.clone()).unwrap_or("")
    }

    /// Trimmed source and its span.
    fn trimmed(&self, range: &Range<usize>) -> (String, Span) {
        let raw = self.source(range);
        let leading = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        let start = range.start + leading;
        (trimmed.to_string(), self.span(&(start..start + trimmed.len())))
    }

    fn push_block(&mut self, block: Block) {
        if let Some(aside) = &mut self.open_aside {
            if let Block::Paragraph(text) | Block::List(text) | Block::Quote(text) = &block {
                if !aside.text.is_empty() {
                    aside.text.push('\n');
                }
                aside.text.push_str(&text.plain);
                aside.span.end = text.span.end;
                return;
            }
        }
        if let Some(section) = self.stack.last_mut() {
            section.blocks.push(block);
        }
    }

    fn close_to_level(&mut self, level: u8) {
        while self.stack.len() > 1 && self.stack.last().map(|s| s.level).unwrap_or(0) >= level {
            let Some(section) = self.stack.pop() else { break };
            self.attach(section);
        }
    }

    fn attach(&mut self, section: Section) {
        match self.stack.last_mut() {
            Some(parent) if parent.level > 0 => parent.children.push(section),
            _ => self.done.push(section),
        }
    }

    fn finish(mut self) -> Vec<Section> {
        if let Some(aside) = self.open_aside.take() {
            self.push_block(Block::Aside(aside));
        }
        self.close_to_level(1);
        let root = self.stack.pop();
        let mut sections = Vec::new();
        if let Some(root) = root {
            if !root.blocks.is_empty() {
                sections.push(root);
            }
        }
        sections.extend(self.done);
        sections
    }

    /// Consumes the blocks of `events`.
    fn blocks(&mut self, events: &[(Event<'a>, Range<usize>)]) {
        let mut index = 0;
        while index < events.len() {
            index = self.block(events, index);
        }
    }

    /// Consumes one block starting at `events[index]`; returns the index after it.
    fn block(&mut self, events: &[(Event<'a>, Range<usize>)], index: usize) -> usize {
        let (event, range) = &events[index];
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let end = find_end(events, index);
                let (title, _, _) = inline_text(self, &events[index + 1..end]);
                let title = title.trim().to_string();
                let level = *level as u8;
                let (_, heading) = self.trimmed(range);
                self.open_section(level, slate_anchor(&title), title, heading);
                end + 1
            }
            Event::Start(Tag::Paragraph) => {
                let end = find_end(events, index);
                let text = self.text_block(range, &events[index + 1..end]);
                self.push_block(Block::Paragraph(text));
                end + 1
            }
            Event::Start(Tag::BlockQuote(_)) => {
                let end = find_end(events, index);
                let text = self.text_block(range, &events[index + 1..end]);
                self.push_block(Block::Quote(text));
                end + 1
            }
            Event::Start(Tag::List(_)) => {
                let end = find_end(events, index);
                let text = self.text_block(range, &events[index + 1..end]);
                self.push_block(Block::List(text));
                end + 1
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let end = find_end(events, index);
                let language = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_lowercase(),
                    CodeBlockKind::Indented => String::new(),
                };
                let mut content = String::new();
                let mut content_range: Option<Range<usize>> = None;
                for (event, r) in &events[index + 1..end] {
                    if let Event::Text(t) = event {
                        content.push_str(t);
                        content_range = Some(match content_range {
                            Some(c) => c.start..r.end,
                            None => r.clone(),
                        });
                    }
                }
                let content_span = match content_range {
                    Some(r) => self.span(&r),
                    None => self.span(&(range.start..range.start)),
                };
                self.push_block(Block::Code(CodeBlock {
                    language,
                    text: content,
                    span: self.span(range),
                    content: content_span,
                }));
                end + 1
            }
            Event::Start(Tag::Table(_)) => {
                let end = find_end(events, index);
                let table = self.table(range, &events[index + 1..end]);
                self.push_block(Block::Table(table));
                end + 1
            }
            Event::Start(Tag::HtmlBlock) => {
                let end = find_end(events, index);
                let (html, span) = self.trimmed(range);
                self.html_block(html, span);
                end + 1
            }
            Event::Start(_) => find_end(events, index) + 1,
            _ => index + 1,
        }
    }

    /// Starts a section at `level`, closing the open ones at that level or deeper.
    fn open_section(&mut self, level: u8, anchor: String, title: String, heading: Span) {
        self.close_to_level(level);
        if let Some(aside) = self.open_aside.take() {
            self.push_block(Block::Aside(aside));
        }
        self.stack.push(Section { level, anchor, title, heading, blocks: Vec::new(), children: Vec::new() });
    }

    fn html_block(&mut self, html: String, span: Span) {
        // An HTML heading (`<h2 id="tocS_Pet">Pet</h2>`, as generators write
        // them) is a section like a markdown one, anchored at its `id`; the
        // HTML after it in the same block stays a block of the new section.
        if let Some(heading) = html_heading(&html) {
            let start = span.start as usize;
            let heading_span = Span::new(span.file, start..start + heading.length);
            let anchor = heading.id.unwrap_or_else(|| slate_anchor(&heading.title));
            self.open_section(heading.level, anchor, heading.title, heading_span);
            let rest = html[heading.length..].trim_start();
            if rest.is_empty() {
                return;
            }
            let end = span.end as usize;
            let rest_span = Span::new(span.file, end.saturating_sub(rest.len())..end);
            return self.html_block(rest.to_string(), rest_span);
        }
        // ASCII lowering keeps byte offsets, so `lower` positions index `html`.
        let lower = html.to_ascii_lowercase();
        if let Some(open) = lower.find("<aside") {
            if let Some(previous) = self.open_aside.take() {
                self.push_block(Block::Aside(previous));
            }
            let class = attribute(&html[open..], "class").unwrap_or_default();
            let after_tag = html[open..].find('>').map(|i| open + i + 1).unwrap_or(html.len());
            let (inner, closed) = match lower[after_tag..].find("</aside>") {
                Some(close) => (&html[after_tag..after_tag + close], true),
                None => (&html[after_tag..], false),
            };
            let aside = Aside { class, text: strip_tags(inner).trim().to_string(), span };
            if closed {
                self.push_block(Block::Aside(aside));
            } else {
                self.open_aside = Some(aside);
            }
            return;
        }
        if lower.contains("</aside>") {
            if let Some(mut aside) = self.open_aside.take() {
                let before = &html[..lower.find("</aside>").unwrap_or(0)];
                let extra = strip_tags(before);
                if !extra.trim().is_empty() {
                    aside.text.push('\n');
                    aside.text.push_str(extra.trim());
                }
                aside.span.end = span.end;
                self.push_block(Block::Aside(aside));
                return;
            }
        }
        let plain = strip_tags(&html);
        self.push_block(Block::Html(Text { span, markdown: html, plain, code: Vec::new(), links: Vec::new() }));
    }

    fn text_block(&self, range: &Range<usize>, inner: &[(Event<'a>, Range<usize>)]) -> Text {
        let (plain, code, links) = inline_text(self, inner);
        let (markdown, span) = self.trimmed(range);
        Text { span, markdown, plain, code, links }
    }

    fn table(&self, range: &Range<usize>, inner: &[(Event<'a>, Range<usize>)]) -> Table {
        let mut header = Vec::new();
        let mut rows = Vec::new();
        let header_line = self.source(range).lines().next().unwrap_or("");
        let header_leading_pipe = header_line.trim_start().starts_with('|');
        let header_trailing_pipe = header_line.trim_end().ends_with('|');
        let mut index = 0;
        while index < inner.len() {
            match &inner[index].0 {
                Event::Start(Tag::TableHead) => {
                    let end = find_end(inner, index);
                    header = self.cells(&inner[index + 1..end]);
                    index = end + 1;
                }
                Event::Start(Tag::TableRow) => {
                    let end = find_end(inner, index);
                    let row_range = &inner[index].1;
                    let raw_line = self.source(row_range);
                    let mut cells = self.cells(&inner[index + 1..end]);
                    self.extend_last_cell(row_range, &mut cells);
                    rows.push(Row {
                        span: self.trimmed(row_range).1,
                        cells,
                        raw_cells: count_raw_cells(raw_line),
                        leading_pipe: raw_line.trim_start().starts_with('|'),
                        indented: self.line_is_indented(row_range.start),
                        trailing_pipe: raw_line.trim_end().ends_with('|'),
                    });
                    index = end + 1;
                }
                _ => index += 1,
            }
        }
        Table { span: self.span(range), header, rows, header_leading_pipe, header_trailing_pipe }
    }

    /// Whether the line holding byte `at` starts with blanks before `at`
    /// (or its first character is a blank).
    fn line_is_indented(&self, at: usize) -> bool {
        let line_start = self.text[..at.min(self.text.len())].rfind('\n').map_or(0, |i| i + 1);
        self.text[line_start..].starts_with([' ', '\t'])
    }

    /// GFM splits cells at every `|`, even inside a code span, and drops the
    /// cells past the header's width. Authors write `` `A | B` `` in a last
    /// column meaning one cell: read the last cell to the end of the line.
    fn extend_last_cell(&self, row_range: &Range<usize>, cells: &mut [Text]) {
        let Some(last) = cells.last_mut() else { return };
        let row_end = self.base + row_range.end;
        let line = self.source(row_range);
        let line_end = self.base + row_range.start + line.trim_end().trim_end_matches('|').trim_end().len();
        let last_start = last.span.start as usize;
        if line_end <= last.span.end as usize || last_start < self.base || line_end > row_end {
            return;
        }
        let local = last_start - self.base..line_end - self.base;
        let markdown = self.source(&local);
        let events: Vec<(Event<'_>, Range<usize>)> =
            Parser::new_ext(markdown, Options::empty()).into_offset_iter().collect();
        let shifted = TreeBuilder {
            file: self.file,
            text: markdown,
            base: last_start,
            stack: Vec::new(),
            done: Vec::new(),
            open_aside: None,
        };
        let (plain, code, links) = inline_text(&shifted, &events);
        *last = Text { span: self.span(&local), markdown: markdown.trim().to_string(), plain, code, links };
    }

    fn cells(&self, events: &[(Event<'a>, Range<usize>)]) -> Vec<Text> {
        let mut cells = Vec::new();
        let mut index = 0;
        while index < events.len() {
            if let Event::Start(Tag::TableCell) = &events[index].0 {
                let end = find_end(events, index);
                cells.push(self.text_block(&events[index].1, &events[index + 1..end]));
                index = end + 1;
            } else {
                index += 1;
            }
        }
        cells
    }
}

/// Index of the `End` event matching the `Start` at `index`.
fn find_end(events: &[(Event<'_>, Range<usize>)], index: usize) -> usize {
    let mut depth = 0usize;
    for (offset, (event, _)) in events[index..].iter().enumerate() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return index + offset;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1).max(index)
}

/// Plain text, code spans and links of a run of inline events.
fn inline_text(builder: &TreeBuilder<'_>, events: &[(Event<'_>, Range<usize>)]) -> (String, Vec<CodeSpan>, Vec<Link>) {
    let mut plain = String::new();
    let mut code = Vec::new();
    let mut links = Vec::new();
    let mut strong_depth = 0usize;
    let mut open_links: Vec<(String, Range<usize>, usize)> = Vec::new();
    for (event, range) in events {
        match event {
            Event::Text(t) => plain.push_str(t),
            Event::Code(t) => {
                plain.push_str(t);
                code.push(CodeSpan { text: t.to_string(), span: builder.span(range), strong: strong_depth > 0 });
            }
            Event::SoftBreak => plain.push(' '),
            Event::HardBreak => plain.push('\n'),
            Event::InlineHtml(html) | Event::Html(html) => {
                let tag = html.trim().to_lowercase();
                if tag.starts_with("<br") {
                    plain.push('\n');
                }
            }
            Event::Start(Tag::Strong) => strong_depth += 1,
            Event::End(TagEnd::Strong) => strong_depth = strong_depth.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => {
                open_links.push((dest_url.to_string(), range.clone(), plain.len()))
            }
            Event::End(TagEnd::Link) => {
                if let Some((dest, range, start)) = open_links.pop() {
                    let text = plain.get(start..).unwrap_or("").to_string();
                    links.push(Link { text, dest, span: builder.span(&range) });
                }
            }
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) => plain.push('\n'),
            _ => {}
        }
    }
    (plain.trim_end().to_string(), code, links)
}

/// Counts the cells of a table row as written, before the markdown parser
/// pads or truncates the row to the header's width.
fn count_raw_cells(line: &str) -> usize {
    let line = line.trim();
    let mut cells = 1;
    let mut in_code = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            '\\' if !escaped => {
                escaped = true;
                continue;
            }
            '`' if !escaped => in_code = !in_code,
            '|' if !escaped && !in_code && i != 0 && i != line.len() - 1 => cells += 1,
            _ => {}
        }
        escaped = false;
    }
    cells
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))? + name.len() + 1;
    let rest = &tag[at..];
    let quote = rest.chars().next()?;
    if quote == '"' || quote == '\'' {
        let end = rest[1..].find(quote)?;
        Some(rest[1..1 + end].to_string())
    } else {
        Some(rest.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or("").to_string())
    }
}

/// An HTML heading element that opens a block of HTML.
#[derive(Debug, PartialEq)]
struct HtmlHeading {
    level: u8,
    id: Option<String>,
    title: String,
    /// Bytes of the block the element takes, closing tag included.
    length: usize,
}

fn html_heading(html: &str) -> Option<HtmlHeading> {
    let lower = html.to_ascii_lowercase();
    let level = lower.strip_prefix("<h")?.bytes().next().filter(|b| (b'1'..=b'6').contains(b))? - b'0';
    // `<h2>` or `<h2 ...>`, not `<header>` or `<hr>`.
    let after_level = lower.as_bytes().get(3).copied()?;
    if after_level != b'>' && !after_level.is_ascii_whitespace() {
        return None;
    }
    let open_end = lower.find('>')? + 1;
    let close_tag = format!("</h{level}>");
    let close = open_end + lower[open_end..].find(&close_tag)?;
    let id = attribute(&html[..open_end], "id").filter(|id| !id.is_empty());
    let title = decode_entities(strip_tags(&html[open_end..close]).trim());
    Some(HtmlHeading { level, id, title, length: close + close_tag.len() })
}

/// The few character references generators write in headings.
fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The anchor Slate's markdown renderer gives a heading: the title as HTML
/// (so `'` is `&#39;`), lowercased, every run of characters outside ASCII
/// letters and digits turned into one `-`, without leading or trailing `-`.
pub fn slate_anchor(title: &str) -> String {
    const STRIPPED: &[u8] = b" -&+$,/:;=?@\"#{}|^~[]`\\*()%.!'<>";
    let mut anchor = String::with_capacity(title.len());
    let mut stripped = false;
    let mut inserted = false;
    let mut take = |byte: u8| {
        if !byte.is_ascii() || STRIPPED.contains(&byte) {
            if inserted && !stripped {
                anchor.push('-');
            }
            stripped = true;
        } else {
            anchor.push(byte.to_ascii_lowercase() as char);
            stripped = false;
            inserted = true;
        }
    };
    // Byte by byte, each character HTML escapes read as its entity: a
    // heading is anchored once per link and per lookup, and most titles
    // have nothing to escape.
    for byte in title.bytes() {
        match html_entity(byte) {
            Some(entity) => entity.bytes().for_each(&mut take),
            None => take(byte),
        }
    }
    if stripped && inserted {
        anchor.pop();
    }
    anchor
}

/// The entity HTML writes for a byte of text, when it writes one.
fn html_entity(byte: u8) -> Option<&'static str> {
    match byte {
        b'&' => Some("&amp;"),
        b'\'' => Some("&#39;"),
        b'"' => Some("&quot;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_one(text: &str) -> Vec<Section> {
        read_markdown(FileId(0), text, 0)
    }

    #[test]
    fn anchors_read_the_title_as_html() {
        assert_eq!(slate_anchor("Tom & Jerry's <b>"), "tom-amp-jerry-39-s-lt-b-gt");
        assert_eq!(slate_anchor("\"Quoted\" — Überschrift"), "quot-quoted-quot-berschrift");
        assert_eq!(slate_anchor("  GET /things/{id}  "), "get-things-id");
        assert_eq!(slate_anchor("&&"), "amp-amp");
        assert_eq!(slate_anchor(""), "");
    }

    #[test]
    fn anchors_match_slate() {
        assert_eq!(slate_anchor("Get all Companies"), "get-all-companies");
        assert_eq!(slate_anchor("APIs évènementielle d'écriture"), "apis-v-nementielle-d-39-criture");
        assert_eq!(slate_anchor("Ressources métier"), "ressources-m-tier");
        assert_eq!(slate_anchor("HoldingQueryView "), "holdingqueryview");
        assert_eq!(slate_anchor("Increment ProviderContact State"), "increment-providercontact-state");
    }

    #[test]
    fn html_headings_are_sections_anchored_at_their_id() {
        let text = "<h1 id=\"pets-store\">Pets &amp; more</h1>\n\n## addPet\n\n<h3 id=\"addpet-parameters\">Parameters</h3>\n\n\
                    |a|b|\n|-|-|\n|1|2|\n\n# Schemas\n\n<h2 id=\"tocS_Pet\">Pet</h2>\n<a id=\"schemapet\"></a>\n\n<header>x</header>\n";
        let sections = read_one(text);
        let titles: Vec<_> = sections.iter().map(|s| (s.level, s.title.as_str(), s.anchor.as_str())).collect();
        assert_eq!(titles, [(1, "Pets & more", "pets-store"), (1, "Schemas", "schemas")]);
        let parameters = &sections[0].children[0].children[0];
        assert_eq!((parameters.level, parameters.anchor.as_str()), (3, "addpet-parameters"));
        assert_eq!(parameters.tables().count(), 1);
        let pet = &sections[1].children[0];
        assert_eq!((pet.title.as_str(), pet.anchor.as_str()), ("Pet", "tocS_Pet"));
        let html: Vec<_> = pet
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Html(t) => Some(t.markdown.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(html, ["<a id=\"schemapet\"></a>", "<header>x</header>"]);
    }

    #[test]
    fn sections_nest_by_level() {
        let sections = read_one("intro\n\n# A\n\n## B\n\ntext\n\n### C\n\n## D\n\n# E\n");
        let titles: Vec<_> = sections.iter().map(|s| (s.level, s.title.as_str())).collect();
        assert_eq!(titles, [(0, ""), (1, "A"), (1, "E")]);
        let a = &sections[1];
        assert_eq!(a.children.len(), 2);
        assert_eq!(a.children[0].children[0].title, "C");
        assert_eq!(a.children[1].anchor, "d");
    }

    #[test]
    fn tables_keep_cells_and_spans() {
        let text = "## T\n\nName | Type | Description\n-----|------|----\nuid | [SafeUUID](#safeuuid) | the `uid`\nlabel | String\n";
        let sections = read_one(text);
        let table = sections[0].tables().next().expect("a table");
        assert_eq!(table.columns(), ["name", "type", "description"]);
        assert_eq!(table.rows.len(), 2);
        let row = &table.rows[0];
        assert_eq!(row.raw_cells, 3);
        assert_eq!(row.cells[1].markdown, "[SafeUUID](#safeuuid)");
        assert_eq!(&text[row.cells[1].span.range()], "[SafeUUID](#safeuuid)");
        assert_eq!(row.cells[1].links[0].dest, "#safeuuid");
        assert_eq!(row.cells[2].code[0].text, "uid");
        assert_eq!(table.rows[1].raw_cells, 2);
    }

    #[test]
    fn pipes_inside_code_in_the_last_cell_stay_in_the_cell() {
        let text =
            "## T\n\nName | Type | Description\n--|--|--\nmedium | Enum | the medium.<br/> `PHONE | FAX | SMS`\n";
        let sections = read_one(text);
        let row = &sections[0].tables().next().expect("table").rows[0];
        assert_eq!(row.raw_cells, 3);
        assert_eq!(row.cells[2].code.len(), 1, "{:?}", row.cells[2]);
        assert_eq!(row.cells[2].code[0].text, "PHONE | FAX | SMS");
        assert_eq!(&text[row.cells[2].span.range()], "the medium.<br/> `PHONE | FAX | SMS`");
    }

    #[test]
    fn raw_cell_count_ignores_pipes_in_code_and_edges() {
        assert_eq!(count_raw_cells("| a | b |"), 2);
        assert_eq!(count_raw_cells("a | `x | y` | c"), 3);
        assert_eq!(count_raw_cells("a \\| b | c"), 2);
        assert_eq!(count_raw_cells("rel | Description |"), 2);
    }

    #[test]
    fn code_blocks_and_asides() {
        let text = "# X\n\n<aside class=\"warning\">\n\tBe careful.\n</aside>\n\n```json\n{\"a\": 1}\n```\n```http\nHTTP/1.1 200 OK\n```\n";
        let sections = read_one(text);
        let blocks = &sections[0].blocks;
        match &blocks[0] {
            Block::Aside(aside) => {
                assert_eq!(aside.class, "warning");
                assert_eq!(aside.text, "Be careful.");
            }
            other => panic!("expected an aside, got {other:?}"),
        }
        let codes: Vec<_> = sections[0].code_blocks().map(|c| (c.language.clone(), c.text.clone())).collect();
        assert_eq!(
            codes,
            [("json".to_string(), "{\"a\": 1}\n".to_string()), ("http".into(), "HTTP/1.1 200 OK\n".into())]
        );
        let json = sections[0].code_blocks().next().expect("json block");
        assert_eq!(&text[json.content.range()], "{\"a\": 1}\n");
    }

    #[test]
    fn strong_code_spans_are_marked() {
        let sections = read_one("## Op\n\n**`GET`** `/api/v1/companies/:company_uid`\n");
        let Block::Paragraph(p) = &sections[0].blocks[0] else { panic!("paragraph") };
        assert_eq!(p.code.len(), 2);
        assert!(p.code[0].strong && !p.code[1].strong);
        assert_eq!(p.plain, "GET /api/v1/companies/:company_uid");
    }

    #[test]
    fn commented_out_headings_are_not_sections() {
        let sections = read_one("# A\n\n<!-- ## Hidden\n\ntext -->\n\n## Shown\n");
        assert_eq!(sections[0].children.len(), 1);
        assert_eq!(sections[0].children[0].title, "Shown");
    }

    #[test]
    fn html_whose_lowercase_is_longer_does_not_split_characters() {
        for text in [
            "<div>\u{130}\u{130}<aside class=\"x\">a</aside>\n",
            "<p>\u{130}</aside>\n",
            "<aside \u{130}class=\"\u{130}\">\n",
            "<p>\u{130}\u{130}\u{130}\u{130}\u{130}\u{130}\u{130}<aside\u{e9}\u{e9}>\n",
        ] {
            let _ = read_one(text);
        }
    }

    #[test]
    fn offsets_are_shifted_by_the_base() {
        let sections = read_markdown(FileId(3), "# A\n", 10);
        assert_eq!(sections[0].heading, Span::new(FileId(3), 10..13));
    }
}
