//! Endpoint lines in the shapes Slate documents write them: an HTTP method
//! next to something shaped like a path or a URL, whatever the markup around
//! them (code spans, bold, inline HTML, a heading, an HTML block, a
//! `Method | GET` / `URL | /path` table). Nothing here knows a document's
//! words: a line is told by its tokens' shapes.
//!
//! A target is split into the server it names (scheme and host), the path
//! (which keeps any base path) and the query string, whose pairs are query
//! parameters with example values.

use std::collections::{BTreeMap, BTreeSet};

use pulldown_cmark::{Event, Options, Parser};

use crate::reader::{Block, DocumentTree, Link, Section, Table, Text};
use crate::source::Span;

pub(crate) const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"];

/// A query parameter written on an endpoint line (`?page=1`, `{?page}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QueryParam {
    pub name: String,
    /// The value the line shows, unless it is itself a placeholder.
    pub example: Option<String>,
}

/// What an endpoint line points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// `https://host[:port]`, when the line names a host.
    pub server: Option<String>,
    /// Starts with `/`; placeholders are still written as the document wrote them.
    pub path: String,
    pub query: Vec<QueryParam>,
}

/// Where an endpoint line was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineShape {
    Paragraph,
    Heading,
    Html,
    KeyValueTable,
    /// `<https://host/api/v1/things>`: a URL of a family of REST URLs.
    Autolink,
}

/// An HTTP method with its target, and where it was written.
#[derive(Debug, Clone)]
pub(crate) struct EndpointLine {
    pub method: String,
    pub path: String,
    pub server: Option<String>,
    pub query: Vec<QueryParam>,
    pub span: Span,
    pub shape: LineShape,
}

impl EndpointLine {
    fn new(method: String, target: Target, span: Span, shape: LineShape) -> Self {
        EndpointLine { method, path: target.path, server: target.server, query: target.query, span, shape }
    }
}

/// `GET`, `get` (only when `any_case`), `POST/GET`, `GET|HEAD`: the methods a
/// token names, or nothing when one part is not a method.
fn methods_of(token: &str, any_case: bool) -> Option<Vec<String>> {
    let parts: Vec<&str> = token.split(['/', '|', ',']).filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        return None;
    }
    parts
        .iter()
        .map(|part| {
            let upper = part.to_ascii_uppercase();
            let lower_case = *part == part.to_ascii_lowercase();
            let known = METHODS.contains(&upper.as_str()) && (*part == upper || (any_case && lower_case));
            known.then_some(upper)
        })
        .collect()
}

/// A text that is nothing but methods and a target: `GET /things`,
/// `POST https://host/api/things?x=1`. Several methods give several lines.
pub(crate) fn parse_endpoint_text(text: &str) -> Vec<(String, Target)> {
    parse_with(text, false)
}

/// The same, where the markup already says "endpoint" (an HTML block, a
/// key/value table): a one-word relative path (`GET health`) is read too,
/// and of several targets (a template and an example) the first.
fn parse_in_endpoint_markup(text: &str) -> Vec<(String, Target)> {
    parse_with(text, true)
}

fn parse_with(text: &str, lenient: bool) -> Vec<(String, Target)> {
    let text = text.trim();
    let Some((method_token, rest)) = text.split_once(char::is_whitespace) else { return Vec::new() };
    let mut rest = rest.trim();
    // A lowercase method is accepted only before an unmistakable path.
    let strong_target = rest.starts_with('/') || has_scheme(rest);
    let Some(methods) = methods_of(method_token, strong_target) else { return Vec::new() };
    if lenient {
        // `GET GET /x`: a method written twice.
        while let Some((again, after)) = rest.split_once(char::is_whitespace) {
            if methods_of(again, false).is_none_or(|m| m != methods) {
                break;
            }
            rest = after.trim();
        }
    }
    let target = parse_target(rest).or_else(|| lenient.then(|| lenient_target(rest)).flatten());
    let Some(target) = target else { return Vec::new() };
    methods.into_iter().map(|method| (method, target.clone())).collect()
}

/// `health`, or `v1/things/{id} v1/things/42`: the first target.
fn lenient_target(text: &str) -> Option<Target> {
    let first = text.split_whitespace().next()?;
    let all_targets = text.split_whitespace().all(|t| parse_target(t).is_some() || is_word_path(t));
    if !all_targets {
        return None;
    }
    parse_target(first)
        .or_else(|| is_word_path(first).then(|| Target { server: None, path: format!("/{first}"), query: Vec::new() }))
}

fn is_word_path(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_alphanumeric() || "-_.~".contains(c))
}

fn has_scheme(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// A path or URL: `/a/b`, `https://host/base/a`, `host.tld/a`, `a/b`
/// (relative), `[BASE_URL]/a` or `{{host}}/a` (an unnamed server), with an
/// optional query string or `{?a,b}` template. Spaces are allowed only in
/// the query string, where documents sometimes break a long example.
pub(crate) fn parse_target(text: &str) -> Option<Target> {
    let text = text.trim().trim_end_matches(['.', ',', ';']);
    // `{?a,b}` is a URI template's query, not the start of a query string.
    let (text, mut query) = take_query_template(text);
    let text = text.as_str();
    let (before_query, query_text) = match text.find('?') {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    if before_query.is_empty() || before_query.chars().any(|c| c.is_whitespace() || !is_url_char(c)) {
        return None;
    }
    let (server, path) = split_server(before_query)?;
    if let Some(query_text) = query_text {
        query.extend(parse_query(query_text));
    }
    let path = if path.is_empty() { "/".to_string() } else { path };
    Some(Target { server, path, query })
}

fn is_url_char(c: char) -> bool {
    c.is_alphanumeric() || "-._~!$&'()*+,;=:@%/{}<>[]".contains(c)
}

/// The server part of a target and its path, which starts with `/`.
fn split_server(text: &str) -> Option<(Option<String>, String)> {
    if has_scheme(text) {
        let scheme_end = text.find("://")? + 3;
        let host_end = text[scheme_end..].find('/').map_or(text.len(), |i| scheme_end + i);
        let host = &text[scheme_end..host_end];
        if !is_host(host) {
            return None;
        }
        return Some((Some(text[..host_end].to_string()), text[host_end..].to_string()));
    }
    if text.starts_with('/') {
        return Some((None, text.to_string()));
    }
    let (first, rest) = match text.split_once('/') {
        Some((first, rest)) => (first, format!("/{rest}")),
        None => (text, String::new()),
    };
    if is_wrapped_placeholder(first) {
        // `[BASE_URL]/api/x`: a server the document leaves to the reader.
        return Some((None, rest));
    }
    if is_host(first) && first.contains('.') {
        return Some((Some(format!("https://{first}")), rest));
    }
    // A relative path needs a second segment to be told from a word.
    if rest.len() > 1 && first.chars().all(|c| c.is_alphanumeric() || "-_.~:{}<>".contains(c)) {
        return Some((None, format!("/{text}")));
    }
    None
}

/// `api.example.com`, `localhost:8080`, `10.0.0.1`: a host, whose last label
/// is letters (or the whole is a dotted number) with an optional port.
fn is_host(text: &str) -> bool {
    let host =
        text.rsplit_once(':').filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit())).map_or(text, |(h, _)| h);
    if host.is_empty() || !host.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-') {
        return false;
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.iter().any(|l| l.is_empty()) {
        return false;
    }
    let last = labels[labels.len() - 1];
    let dotted_number = labels.len() == 4 && labels.iter().all(|l| l.chars().all(|c| c.is_ascii_digit()));
    dotted_number || (last.len() >= 2 && last.chars().all(|c| c.is_ascii_alphabetic()))
}

/// `[BASE_URL]`, `{baseUrl}`, `{{host}}`, `<server>`.
fn is_wrapped_placeholder(text: &str) -> bool {
    [("[", "]"), ("{", "}"), ("<", ">")].iter().any(|(open, close)| {
        text.len() > 2
            && text.starts_with(open)
            && text.ends_with(close)
            && !text[1..text.len() - 1].contains(['/', '?'])
    })
}

/// `/search{?q,page}`: the path and the template's query parameters.
fn take_query_template(path: &str) -> (String, Vec<QueryParam>) {
    let Some(start) = path.find("{?").or_else(|| path.find("{&")) else { return (path.to_string(), Vec::new()) };
    let Some(length) = path[start..].find('}') else { return (path.to_string(), Vec::new()) };
    let names = &path[start + 2..start + length];
    let query = names
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|name| QueryParam { name: name.trim_end_matches('*').to_string(), example: None })
        .collect();
    let rest = format!("{}{}", &path[..start], &path[start + length + 1..]);
    (rest, query)
}

/// `a=1&b=x&flag`: names with their example values; a value that is a
/// placeholder (`{id}`, `<key>`, `[KEY]`) is no example.
fn parse_query(text: &str) -> Vec<QueryParam> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut seen = BTreeSet::new();
    compact
        .split(['&', ';'])
        .filter_map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = name.trim();
            if name.is_empty() || !seen.insert(name.to_string()) {
                return None;
            }
            let example = Some(value.to_string()).filter(|v| !v.is_empty() && !is_placeholder_value(v));
            Some(QueryParam { name: name.to_string(), example })
        })
        .collect()
}

fn is_placeholder_value(value: &str) -> bool {
    is_wrapped_placeholder(value) || value.starts_with("{{") || value.starts_with("#{") || value.starts_with("${")
}

/// A paragraph's lines, each read as plain text without markup.
pub(crate) fn paragraph_lines(text: &Text) -> Vec<(String, Span)> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in text.markdown.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let start = text.span.start as usize + offset;
        lines.push((inline_plain(content), crate::source::Span::new(text.span.file, start..start + content.len())));
        offset += line.len();
    }
    lines
}

/// The text of one line of inline markdown: code spans, emphasis, links and
/// inline HTML tags removed, their text kept.
pub(crate) fn inline_plain(markdown: &str) -> String {
    let mut plain = String::new();
    for event in Parser::new_ext(markdown, Options::empty()) {
        match event {
            Event::Text(t) | Event::Code(t) => plain.push_str(&t),
            Event::SoftBreak | Event::HardBreak => plain.push(' '),
            // `/things/<ID>` outside a code span parses as a tag.
            Event::InlineHtml(tag) | Event::Html(tag) if is_placeholder_tag(&tag) => plain.push_str(&tag),
            Event::InlineHtml(_) | Event::Html(_) => plain.push(' '),
            _ => {}
        }
    }
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `<ID>`, `<invoice-id>`: a bare tag that no HTML element has, so a
/// placeholder, not markup.
fn is_placeholder_tag(tag: &str) -> bool {
    const HTML: &[&str] = &[
        "a", "b", "i", "u", "s", "p", "em", "strong", "code", "span", "div", "br", "hr", "sup", "sub", "small", "mark",
        "kbd", "var", "samp", "del", "ins", "abbr", "cite", "q", "li", "ul", "ol", "tt", "big", "font", "center",
    ];
    let Some(name) = tag.strip_prefix('<').and_then(|t| t.strip_suffix('>')) else { return false };
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !HTML.contains(&name.to_ascii_lowercase().as_str())
}

/// The text of an HTML block with its tags removed, blanks folded.
fn html_plain(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn lines_from(text: &str, span: Span, shape: LineShape) -> Vec<EndpointLine> {
    parse_endpoint_text(text)
        .into_iter()
        .map(|(method, target)| EndpointLine::new(method, target, span, shape))
        .collect()
}

/// A two-column table whose cells hold a method in one row and a path or
/// URL in another (`HTTP Method | GET`, `URL | /things`); the header row
/// counts, since such tables often start right with a pair.
pub(crate) fn key_value_line(table: &Table) -> Option<EndpointLine> {
    if table.header.len() != 2 {
        return None;
    }
    let rows: Vec<&[Text]> =
        std::iter::once(table.header.as_slice()).chain(table.rows.iter().map(|r| r.cells.as_slice())).collect();
    let values: Vec<String> = rows.iter().filter_map(|cells| cells.get(1)).map(|c| inline_plain(&c.markdown)).collect();
    let method = values.iter().find_map(|v| methods_of(v, false).filter(|m| m.len() == 1))?.remove(0);
    let target = values.iter().filter(|v| methods_of(v, true).is_none()).find_map(|v| {
        let target = parse_target(v)?;
        // A bare word is no path; a target must show a `/`.
        v.contains('/').then_some(target)
    })?;
    Some(EndpointLine::new(method, target, table.span, LineShape::KeyValueTable))
}

/// Families of REST URLs written as autolinks (`<https://host/api/v1/x>`),
/// by server and first path segment: a document that lists its endpoints
/// as bare links, without methods, shows several under one base, where
/// links to web pages stand alone.
#[derive(Debug, Clone, Default)]
pub(crate) struct RestFamilies(BTreeSet<String>);

/// Distinct paths a base needs before its autolinks are read as endpoints.
const FAMILY_SIZE: usize = 3;

impl RestFamilies {
    pub fn of(tree: &DocumentTree) -> RestFamilies {
        let mut paths: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for section in tree.all_sections() {
            for link in section.blocks.iter().flat_map(block_autolinks) {
                if let Some((base, target)) = rest_autolink(&link.dest) {
                    paths.entry(base).or_default().insert(target.path);
                }
            }
        }
        RestFamilies(paths.into_iter().filter(|(_, p)| p.len() >= FAMILY_SIZE).map(|(base, _)| base).collect())
    }

    fn contains(&self, url: &str) -> Option<Target> {
        let (base, target) = rest_autolink(url)?;
        self.0.contains(&base).then_some(target)
    }
}

/// Links whose text is their address, in paragraphs and lists.
fn block_autolinks(block: &Block) -> impl Iterator<Item = &Link> {
    let links: &[Link] = match block {
        Block::Paragraph(text) | Block::List(text) => &text.links,
        _ => &[],
    };
    links.iter().filter(|l| l.text.trim() == l.dest.trim())
}

/// `https://host/api/x?y=1` as (`https://host/api`, its target), unless it
/// names a file (`.png`, `.html`) or has no path under its base.
fn rest_autolink(url: &str) -> Option<(String, Target)> {
    if !has_scheme(url) {
        return None;
    }
    let target = parse_target(url)?;
    let server = target.server.clone()?;
    let segments: Vec<&str> = target.path.split('/').filter(|s| !s.is_empty()).collect();
    let last = segments.last()?;
    if segments.len() < 2 || names_a_web_file(last) {
        return None;
    }
    Some((format!("{server}/{}", segments[0]), target))
}

/// Extensions of the pages, images and downloads a document links to; any
/// other dotted last segment (`btc.usdt`, `22592.json`) may well be a
/// resource of the API.
const WEB_FILE_EXTENSIONS: &[&str] = &[
    "html", "htm", "php", "asp", "aspx", "jsp", "md", "txt", "pdf", "png", "jpg", "jpeg", "gif", "svg", "webp", "ico",
    "bmp", "css", "js", "zip", "gz", "tgz", "tar", "dmg", "exe", "msi", "apk", "doc", "docx", "xls", "xlsx", "csv",
    "ppt", "pptx", "mp3", "mp4", "mov", "webm", "woff", "woff2", "ttf",
];

fn names_a_web_file(segment: &str) -> bool {
    segment.rsplit_once('.').is_some_and(|(_, ext)| WEB_FILE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// The endpoint lines a section holds itself: its heading and its own blocks
/// (not those of its sub-sections).
pub(crate) fn own_lines(section: &Section, families: &RestFamilies) -> Vec<EndpointLine> {
    let mut lines = Vec::new();
    if section.level > 0 {
        lines.extend(lines_from(&section.title, section.heading, LineShape::Heading));
    }
    for block in &section.blocks {
        match block {
            Block::Paragraph(text) => {
                for (plain, span) in paragraph_lines(text) {
                    lines.extend(lines_from(&plain, span, LineShape::Paragraph));
                }
            }
            Block::Html(text) => lines.extend(
                parse_in_endpoint_markup(&html_plain(&text.markdown))
                    .into_iter()
                    .map(|(method, target)| EndpointLine::new(method, target, text.span, LineShape::Html)),
            ),
            Block::Table(table) => lines.extend(key_value_line(table)),
            _ => {}
        }
        for link in block_autolinks(block) {
            if let Some(target) = families.contains(&link.dest) {
                lines.push(EndpointLine::new("GET".to_string(), target, link.span, LineShape::Autolink));
            }
        }
    }
    lines
}

/// Every endpoint line of a section and of the sections under it.
pub(crate) fn all_lines(section: &Section, families: &RestFamilies) -> Vec<EndpointLine> {
    section.walk().into_iter().flat_map(|s| own_lines(s, families)).collect()
}

/// Whether a text shows an HTTP method right before a path or URL somewhere
/// (`you can PATCH /things/{id} with…`): a line worth reporting when it was
/// not read as an endpoint.
pub(crate) fn mentions_endpoint(text: &str) -> bool {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    tokens.windows(2).any(|pair| {
        methods_of(pair[0], false).is_some()
            && pair[1].contains('/')
            && parse_target(pair[1].trim_end_matches([')', ':'])).is_some()
    })
}

/// Paragraph lines of a section and its sub-sections that start like an
/// endpoint line (a method, then a path or URL) but say more than one
/// (`GET /a or GET /b`, `GET /things (soon)`), so cannot be read as one.
pub(crate) fn unreadable_lines(section: &Section) -> Vec<(String, Span)> {
    let mut found = Vec::new();
    for text in section.walk().into_iter().flat_map(|s| &s.blocks).filter_map(|b| match b {
        Block::Paragraph(text) => Some(text),
        _ => None,
    }) {
        for (plain, span) in paragraph_lines(text) {
            let mut tokens = plain.split_whitespace();
            let starts_like_one = matches!((tokens.next(), tokens.next()), (Some(method), Some(target))
                if methods_of(method, false).is_some() && target.contains('/'));
            if starts_like_one && parse_endpoint_text(&plain).is_empty() {
                found.push((plain, span));
            }
        }
    }
    found
}

/// A line that is nothing but a URL with a path (`` `https://host/api/x?y=1` ``):
/// a request written without its method.
pub(crate) fn is_bare_url(text: &str) -> bool {
    let text = text.trim();
    has_scheme(text)
        && !text.contains(char::is_whitespace)
        && parse_target(text).is_some_and(|t| t.path.len() > 1 || !t.query.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::read_markdown;
    use crate::source::FileId;

    fn target(path: &str) -> Target {
        Target { server: None, path: path.to_string(), query: Vec::new() }
    }

    fn one(text: &str) -> (String, Target) {
        let mut lines = parse_endpoint_text(text);
        assert_eq!(lines.len(), 1, "{text}: {lines:?}");
        lines.remove(0)
    }

    fn lines_of(markdown: &str) -> Vec<(String, String, Option<String>, LineShape)> {
        let sections = read_markdown(FileId(0), markdown, 0);
        let families = RestFamilies::of(&DocumentTree { sections: sections.clone() });
        sections.iter().flat_map(|s| all_lines(s, &families)).map(|l| (l.method, l.path, l.server, l.shape)).collect()
    }

    #[test]
    fn a_method_and_a_path() {
        assert_eq!(one("GET /things/:id"), ("GET".to_string(), target("/things/:id")));
        assert_eq!(one("delete /things/{id}"), ("DELETE".to_string(), target("/things/{id}")));
        assert_eq!(one("PUT   /a"), ("PUT".to_string(), target("/a")));
    }

    #[test]
    fn a_full_url_gives_a_server_and_keeps_the_base_path() {
        let (method, t) = one("POST https://api.example.org/v2/widgets/<ID>");
        assert_eq!(method, "POST");
        assert_eq!(t.server.as_deref(), Some("https://api.example.org"));
        assert_eq!(t.path, "/v2/widgets/<ID>");
        let (_, t) = one("GET http://localhost:8080");
        assert_eq!((t.server.as_deref(), t.path.as_str()), (Some("http://localhost:8080"), "/"));
    }

    #[test]
    fn a_host_without_scheme_is_an_https_server() {
        let (_, t) = one("GET files.example.net/media/{uuid}");
        assert_eq!(t.server.as_deref(), Some("https://files.example.net"));
        assert_eq!(t.path, "/media/{uuid}");
    }

    #[test]
    fn a_relative_path_gets_its_leading_slash() {
        assert_eq!(one("GET v1/orders/{id}").1, target("/v1/orders/{id}"));
        assert!(parse_endpoint_text("GET orders").is_empty(), "one word is no path");
    }

    #[test]
    fn an_unnamed_server_is_dropped() {
        assert_eq!(one("GET [BASE_URL]/v1/orders").1, target("/v1/orders"));
        assert_eq!(one("GET {{host}}/v1/orders").1, target("/v1/orders"));
    }

    #[test]
    fn a_query_string_gives_query_parameters_with_examples() {
        let (_, t) = one("GET https://h.example.com/v1/calls.json?key=abc&page=2&when={date}&flag");
        assert_eq!(t.path, "/v1/calls.json");
        let query: Vec<(&str, Option<&str>)> =
            t.query.iter().map(|q| (q.name.as_str(), q.example.as_deref())).collect();
        assert_eq!(query, [("key", Some("abc")), ("page", Some("2")), ("when", None), ("flag", None)]);
        let (_, t) = one("GET /v1/report?from={d1}&to={d2 }");
        assert_eq!(t.query.len(), 2, "a space inside the query string is tolerated");
    }

    #[test]
    fn a_uri_template_query_gives_parameters_without_examples() {
        let (_, t) = one("GET https://h.example.com/api/search{?q,near,page}");
        assert_eq!(t.path, "/api/search");
        let names: Vec<&str> = t.query.iter().map(|q| q.name.as_str()).collect();
        assert_eq!(names, ["q", "near", "page"]);
    }

    #[test]
    fn two_methods_give_two_lines() {
        let lines = parse_endpoint_text("POST/GET https://h.example.com/collect");
        let methods: Vec<&str> = lines.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(methods, ["POST", "GET"]);
    }

    #[test]
    fn prose_is_not_an_endpoint_line() {
        for text in [
            "GET all the widgets of a shop",
            "Get /things",
            "GET",
            "/things",
            "GET /things and more",
            "SEND /things",
            "GET https://",
            "GET \"/things\"",
        ] {
            assert!(parse_endpoint_text(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn backticks_around_both_or_each() {
        let lines = lines_of("## Op\n\n`GET /a`\n\n**`POST`** `/b/:id`\n\n`PATCH` `/c`\n");
        let found: Vec<(&str, &str)> = lines.iter().map(|l| (l.0.as_str(), l.1.as_str())).collect();
        assert_eq!(found, [("GET", "/a"), ("POST", "/b/:id"), ("PATCH", "/c")]);
    }

    #[test]
    fn a_method_outside_the_backticks_or_in_inline_html() {
        let lines = lines_of(
            "## Op\n\nPOST `/x`\n\n**PUT** <a href=\"#y\">/y/{id}</a>\n\n<span class=\"verb\"> **GET**</span> `h.example.com/z`\n",
        );
        let found: Vec<(&str, &str)> = lines.iter().map(|l| (l.0.as_str(), l.1.as_str())).collect();
        assert_eq!(found, [("POST", "/x"), ("PUT", "/y/{id}"), ("GET", "/z")]);
        assert_eq!(lines[2].2.as_deref(), Some("https://h.example.com"));
    }

    #[test]
    fn headings_in_three_shapes() {
        let lines = lines_of("## GET /a/{id}\n\n## POST `/b`\n\n#### `DELETE https://h.example.com/v1/c`\n");
        let found: Vec<(&str, &str, LineShape)> = lines.iter().map(|l| (l.0.as_str(), l.1.as_str(), l.3)).collect();
        assert_eq!(
            found,
            [
                ("GET", "/a/{id}", LineShape::Heading),
                ("POST", "/b", LineShape::Heading),
                ("DELETE", "/v1/c", LineShape::Heading)
            ]
        );
    }

    #[test]
    fn html_blocks_with_the_method_in_one_element_and_the_path_in_the_next() {
        let markdown = "## Op\n\n<div class=\"endpoint\">\n  <div>\n    <i class=\"label\">PUT</i>\n    v1/items/42\n  </div>\n</div>\n";
        let lines = lines_of(markdown);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert_eq!((lines[0].0.as_str(), lines[0].1.as_str(), lines[0].3), ("PUT", "/v1/items/42", LineShape::Html));
        let lenient = "## A\n\n<p><b>GET</b> status</p>\n\n## B\n\n<p><b>GET</b> GET v1/x/{id} v1/x/7</p>\n";
        let found: Vec<String> = lines_of(lenient).into_iter().map(|l| l.1).collect();
        assert_eq!(found, ["/status", "/v1/x/{id}"]);
    }

    #[test]
    fn key_value_rows() {
        let lines = lines_of("## Op\n\nHTTP Method | GET\n--- | ---\nURL | `/v1/things/:id`\n");
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert_eq!(
            (lines[0].0.as_str(), lines[0].1.as_str(), lines[0].3),
            ("GET", "/v1/things/:id", LineShape::KeyValueTable)
        );
        assert!(lines_of("## Op\n\nName | Type\n--- | ---\nmethod | GET\n").is_empty(), "no target, no endpoint");
    }

    #[test]
    fn an_angle_bracket_placeholder_outside_code_stays_in_the_path() {
        let lines = lines_of("## Op\n\nGET /things/<ID>/parts\n");
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert_eq!(lines[0].1, "/things/<ID>/parts");
    }

    #[test]
    fn autolinks_are_endpoints_when_several_share_a_base() {
        let markdown = "# Market\n\n- <https://x.example.com/api/v1/a>\n- see <https://x.example.com/api/v1/b?k=1>\n\
- <https://x.example.com/api/v1/c/d>\n- <https://x.example.com/help/page>\n- <https://x.example.com/api/v1/logo.png>\n\
- <https://x.example.com/api/v1/pairs/eur.usd>\n";
        let found: Vec<(String, String)> = lines_of(markdown).into_iter().map(|l| (l.0, l.1)).collect();
        let paths: Vec<&str> = found.iter().map(|(_, p)| p.as_str()).collect();
        assert_eq!(paths, ["/api/v1/a", "/api/v1/b", "/api/v1/c/d", "/api/v1/pairs/eur.usd"], "a pair is no file");
        assert!(found.iter().all(|(m, _)| m == "GET"));
        assert!(
            lines_of("# A\n\n- <https://x.example.com/api/v1/a>\n- <https://x.example.com/api/v1/b>\n").is_empty(),
            "two links are no family"
        );
    }

    #[test]
    fn lines_that_start_like_an_endpoint_but_say_more_are_unreadable() {
        let sections =
            read_markdown(FileId(0), "## Op\n\n`GET /a`\n\n`GET /a` or `GET /b`\n\nGET requests are cached.\n", 0);
        let found: Vec<String> = unreadable_lines(&sections[0]).into_iter().map(|(text, _)| text).collect();
        assert_eq!(found, ["GET /a or GET /b"]);
    }

    #[test]
    fn code_blocks_and_lists_hold_no_endpoint_lines() {
        assert!(lines_of("## Op\n\n```\nGET /a\n```\n\n- `GET /b`\n").is_empty());
    }

    #[test]
    fn each_line_of_a_paragraph_is_read_on_its_own() {
        let lines = lines_of("## Op\n\n`POST /a`\n`Content-Type: application/json`\n");
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].1, "/a");
    }

    #[test]
    fn mentions_and_bare_urls_are_told_apart_from_lines() {
        assert!(mentions_endpoint("send a PATCH /things/{id} with the new state"));
        assert!(!mentions_endpoint("a GET request returns them"));
        assert!(is_bare_url("https://h.example.com/v1/calls.json?page=2"));
        assert!(!is_bare_url("https://h.example.com"));
        assert!(!is_bare_url("see https://h.example.com/x"));
    }
}
