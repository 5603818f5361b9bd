//! `Base URLs:` and the list under it: `* <a href="URL">URL</a>`, each
//! server variable as `* **name** - description Default: value`, and its
//! allowed values one level deeper.

use crate::ir::{Server, ServerVariable};
use crate::reader::{Block, Section};

/// The servers listed in a section's own blocks.
pub(crate) fn read(section: &Section) -> Vec<Server> {
    let mut after_label = false;
    for block in &section.blocks {
        match block {
            Block::Paragraph(text) if text.plain.trim().starts_with("Base URLs") => after_label = true,
            Block::List(text) if after_label => return parse_list(&text.markdown),
            _ => {}
        }
    }
    Vec::new()
}

fn parse_list(markdown: &str) -> Vec<Server> {
    let mut servers: Vec<Server> = Vec::new();
    for line in markdown.lines() {
        let indent = line.len() - line.trim_start().len();
        let item = line.trim().trim_start_matches(['*', '-']).trim();
        if item.is_empty() {
            continue;
        }
        if let Some(url) = href(item) {
            servers.push(Server { url, ..Server::default() });
        } else if let Some(rest) = item.strip_prefix("**") {
            let Some(server) = servers.last_mut() else { continue };
            let (name, rest) = rest.split_once("**").unwrap_or((rest, ""));
            let rest = rest.trim().trim_start_matches('-').trim();
            let (description, default) = match rest.rsplit_once("Default:") {
                Some((description, default)) => (description.trim(), default.trim()),
                None => (rest, ""),
            };
            server.variables.push(ServerVariable {
                name: name.trim().to_string(),
                default: default.to_string(),
                values: Vec::new(),
                description: description.to_string(),
            });
        } else if indent > 0 {
            if let Some(variable) = servers.last_mut().and_then(|s| s.variables.last_mut()) {
                variable.values.push(item.to_string());
            }
        }
    }
    servers
}

/// The `href` of an `<a>` element.
fn href(item: &str) -> Option<String> {
    let at = item.find("href=\"")? + 6;
    let end = item[at..].find('"')?;
    Some(item[at..at + end].to_string())
}
