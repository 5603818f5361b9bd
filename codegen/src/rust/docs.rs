//! Doc comments from the documentation's markdown.
//!
//! The text is kept as written, with what rustdoc would otherwise reject
//! under `-D warnings` made safe: a link to another model's anchor becomes an
//! intra-doc link to its type, a link to any other anchor becomes its text,
//! brackets that are not links are escaped (`Option\[String\]` would
//! otherwise be read as a link to `String`), bare URLs are wrapped in `<>`,
//! a `<` that opens no known HTML tag is escaped, and a fenced block without
//! a language is marked `text` so it is not compiled as a doctest.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

/// HTML tags the documentation writes and rustdoc accepts.
const HTML_TAGS: &[&str] =
    &["br", "aside", "code", "b", "i", "em", "strong", "p", "ul", "ol", "li", "a", "pre", "span", "div", "sup", "sub"];

/// Where intra-doc links can point from one module.
#[derive(Debug, Clone, Default)]
pub struct Links {
    /// Slate anchor of a type's documented name -> Rust identifier and module.
    pub anchors: BTreeMap<String, (String, String)>,
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
pub fn lines_to_attrs(text: &str) -> TokenStream {
    let lines: Vec<String> =
        text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") }).collect();
    quote!(#(#[doc = #lines])*)
}

/// `#![doc]` attributes (a module's own docs) for valid rustdoc markdown.
pub fn inner_doc_attrs(text: &str) -> TokenStream {
    let lines: Vec<String> =
        text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") }).collect();
    quote!(#(#![doc = #lines])*)
}

/// The markdown made safe for rustdoc, trimmed of blank lines at both ends
/// and of trailing spaces.
pub fn rustdoc_markdown(markdown: &str, links: &Links) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let fence_info = trimmed.trim_start_matches(['`', '~']).trim();
            if !in_fence && fence_info.is_empty() {
                out.push(format!("{}text", &trimmed[..3]));
            } else {
                out.push(trimmed.to_string());
            }
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
    while out.first().is_some_and(|l| l.trim().is_empty()) {
        out.remove(0);
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    // Leading tabs or four spaces would make an indented code block, which
    // rustdoc compiles as a doctest.
    out.iter().map(|line| line.trim_start().to_string()).collect::<Vec<_>>().join("\n")
}

/// One line of text outside code blocks.
fn inline(line: &str, links: &Links) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '`' => {
                let run = chars[i..].iter().take_while(|&&c| c == '`').count();
                let close = find_backtick_run(&chars, i + run, run);
                match close {
                    Some(end) => {
                        out.extend(&chars[i..end + run]);
                        i = end + run;
                    }
                    None => {
                        // A lone backtick: rustdoc would warn about it.
                        out.push_str("\\`");
                        i += 1;
                    }
                }
            }
            '[' => match parse_link(&chars, i) {
                Some((label, target, end)) => {
                    out.push_str(&rewrite_link(&inline(&label, links), &target, links));
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
                let rest: String = chars[i + 1..].iter().collect();
                if starts_with_tag(&rest) || rest.starts_with("http://") || rest.starts_with("https://") {
                    out.push('<');
                } else {
                    out.push_str("&lt;");
                }
                i += 1;
            }
            'h' if is_bare_url_start(&chars, i) => {
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

fn find_backtick_run(chars: &[char], from: usize, run: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        if chars[i] == '`' {
            let here = chars[i..].iter().take_while(|&&c| c == '`').count();
            if here == run {
                return Some(i);
            }
            i += here;
        } else {
            i += 1;
        }
    }
    None
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

/// `[label](target)` starting at `start`: the label, the target and the
/// index after the closing parenthesis.
fn parse_link(chars: &[char], start: usize) -> Option<(String, String, usize)> {
    let mut depth = 0;
    let mut close = None;
    for (offset, &c) in chars[start..].iter().enumerate() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(start + offset);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let target_end = chars[close + 2..].iter().position(|&c| c == ')')? + close + 2;
    let label: String = chars[start + 1..close].iter().collect();
    let target: String = chars[close + 2..target_end].iter().collect();
    if target.contains(char::is_whitespace) {
        return None;
    }
    Some((label, target, target_end + 1))
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
            anchors,
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
}
