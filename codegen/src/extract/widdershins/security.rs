//! Authentication: the `# Authentication` section (API keys by name, HTTP
//! schemes, OAuth 2 flows with their scopes) and each operation's notice
//! ("… by means of one of the following methods: a ( Scopes: x ), b & c",
//! or "This operation does not require authentication").
//!
//! The section names API keys but not HTTP or OAuth 2 schemes; operations
//! name every scheme they accept, so those names are matched back to the
//! unnamed schemes by kind ([`name_schemes`]).

use crate::ir::{Endpoint, OAuthFlow, SchemeUse, SecurityRequirement, SecurityScheme};
use crate::reader::{Block, Section};

/// The `# Authentication` section, not a tag group of that name (which
/// holds operations).
pub(crate) fn is_authentication(section: &Section) -> bool {
    section.title.trim().eq_ignore_ascii_case("Authentication")
        && !section.walk().iter().any(|s| super::operations::endpoint_line(s).is_some())
}

/// The schemes the section describes, in order.
pub(crate) fn schemes(section: &Section) -> Vec<SecurityScheme> {
    let mut lines = Vec::new();
    for part in section.walk() {
        for block in &part.blocks {
            match block {
                Block::List(text) | Block::Paragraph(text) => lines.extend(text.markdown.lines().map(str::to_string)),
                // A flow's lines after a scope table are indented: markdown
                // reads them as a code block.
                Block::Code(code) if code.language.is_empty() => lines.extend(code.text.lines().map(str::to_string)),
                Block::Table(table) => {
                    for row in &table.rows {
                        let cells: Vec<String> = row.cells.iter().map(|c| c.plain.trim().to_string()).collect();
                        lines.push(format!("|{}|", cells.join("|")));
                    }
                }
                _ => {}
            }
        }
    }
    read_lines(&lines)
}

fn read_lines(lines: &[String]) -> Vec<SecurityScheme> {
    let mut schemes: Vec<SecurityScheme> = Vec::new();
    for line in lines {
        let text = line.trim().trim_start_matches(['-', '*']).trim();
        if let Some(rest) = text.strip_prefix("HTTP Authentication, scheme:") {
            let mut words = rest.trim().splitn(2, ' ');
            let scheme = words.next().unwrap_or("").to_string();
            schemes.push(SecurityScheme {
                kind: "http".into(),
                scheme: Some(scheme),
                description: words.next().unwrap_or("").trim().to_string(),
                ..SecurityScheme::default()
            });
        } else if let Some(rest) = text.strip_prefix("API Key (") {
            let name = rest.trim_end().trim_end_matches(')').to_string();
            schemes.push(SecurityScheme { name, kind: "apiKey".into(), ..SecurityScheme::default() });
        } else if let Some(rest) = text.strip_prefix("Parameter Name:") {
            let Some(scheme) = schemes.last_mut().filter(|s| s.kind == "apiKey") else { continue };
            let (name, rest) = rest.split_once(", in:").unwrap_or((rest, ""));
            scheme.parameter = Some(name.trim().trim_matches('*').to_string());
            let (location, description) = rest.trim().split_once('.').unwrap_or((rest.trim(), ""));
            scheme.location = Some(location.trim().to_string());
            scheme.description = description.trim().to_string();
        } else if let Some(rest) = text.strip_prefix("oAuth2 authentication.") {
            schemes.push(SecurityScheme {
                kind: "oauth2".into(),
                description: rest.trim().to_string(),
                ..SecurityScheme::default()
            });
        } else if let Some(kind) = text.strip_prefix("Flow:") {
            let Some(scheme) = schemes.last_mut().filter(|s| s.kind == "oauth2") else { continue };
            scheme.flows.push(OAuthFlow { kind: kind.trim().to_string(), ..OAuthFlow::default() });
        } else if let Some(url) = text.strip_prefix("Authorization URL =") {
            if let Some(flow) = last_flow(&mut schemes) {
                flow.authorization_url = Some(link_target(url));
            }
        } else if let Some(url) = text.strip_prefix("Token URL =") {
            if let Some(flow) = last_flow(&mut schemes) {
                flow.token_url = Some(link_target(url));
            }
        } else if let Some(row) = text.strip_prefix('|').and_then(|r| r.strip_suffix('|')) {
            let (scope, description) = row.split_once('|').unwrap_or((row, ""));
            if scope.trim() == "Scope" || scope.trim().starts_with("---") {
                continue;
            }
            if let Some(flow) = last_flow(&mut schemes) {
                flow.scopes.push((scope.trim().to_string(), description.trim().to_string()));
            }
        }
    }
    schemes
}

fn last_flow(schemes: &mut [SecurityScheme]) -> Option<&mut OAuthFlow> {
    schemes.last_mut().filter(|s| s.kind == "oauth2")?.flows.last_mut()
}

/// `[url](url)` or a bare URL.
fn link_target(text: &str) -> String {
    let text = text.trim();
    match text.rsplit_once("](") {
        Some((_, target)) => target.trim_end_matches(')').to_string(),
        None => text.to_string(),
    }
}

/// An operation's notice, as requirements: any one of them suffices; an
/// empty list when none is needed.
pub(crate) fn requirement(text: &str) -> Option<Vec<SecurityRequirement>> {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.contains("does not require authentication") {
        return Some(Vec::new());
    }
    let (_, list) = flat.split_once("one of the following methods:")?;
    let mut requirements = Vec::new();
    for alternative in split_outside_parentheses(list, ',') {
        let mut schemes = Vec::new();
        for part in alternative.split(" & ") {
            let part = part.trim();
            let (name, scopes) = match part.split_once('(') {
                Some((name, rest)) => {
                    let scopes = rest.trim_end_matches(')').trim();
                    let scopes = scopes.split_once(':').map_or(scopes, |(_, list)| list);
                    (name.trim(), scopes.split_whitespace().map(str::to_string).collect())
                }
                None => (part, Vec::new()),
            };
            // `None`: the empty requirement, authentication is optional.
            if name.is_empty() || name == "None" {
                continue;
            }
            schemes.push(SchemeUse { name: name.to_string(), scopes });
        }
        requirements.push(SecurityRequirement { schemes });
    }
    Some(requirements)
}

fn split_outside_parentheses(text: &str, separator: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if c == separator && depth == 0 {
            parts.push(String::new());
        } else if let Some(last) = parts.last_mut() {
            last.push(c);
        }
    }
    parts.into_iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

/// Gives the unnamed schemes (HTTP and OAuth 2) the names operations use
/// for them: a name used with scopes is OAuth 2's; the others go to the
/// HTTP schemes, a name mentioning `basic` or `bearer` to that scheme first,
/// then in order. A scheme no operation names is called after its kind.
pub(crate) fn name_schemes(schemes: &mut [SecurityScheme], endpoints: &[Endpoint]) {
    let mut used: Vec<(String, bool)> = Vec::new();
    for endpoint in endpoints {
        for requirement in endpoint.security.iter().flatten() {
            for scheme in &requirement.schemes {
                match used.iter_mut().find(|(name, _)| *name == scheme.name) {
                    Some(entry) => entry.1 |= !scheme.scopes.is_empty(),
                    None => used.push((scheme.name.clone(), !scheme.scopes.is_empty())),
                }
            }
        }
    }
    used.retain(|(name, _)| !schemes.iter().any(|s| s.name == *name));
    let mut take = |wanted: &dyn Fn(&(String, bool)) -> bool| {
        let at = used.iter().position(wanted)?;
        Some(used.remove(at).0)
    };
    for scheme in schemes.iter_mut().filter(|s| s.name.is_empty() && s.kind == "oauth2") {
        scheme.name = take(&|(_, scoped)| *scoped)
            .or_else(|| take(&|(name, _)| name.to_ascii_lowercase().contains("oauth")))
            .unwrap_or_default();
    }
    for scheme in schemes.iter_mut().filter(|s| s.name.is_empty() && s.kind == "http") {
        let kind = scheme.scheme.clone().unwrap_or_default().to_ascii_lowercase();
        scheme.name = take(&|(name, _)| !kind.is_empty() && name.to_ascii_lowercase().contains(&kind))
            .or_else(|| {
                take(&|(name, scoped)| {
                    let lower = name.to_ascii_lowercase();
                    !scoped && !lower.contains("basic") && !lower.contains("bearer") && !lower.contains("oauth")
                })
            })
            .unwrap_or_default();
    }
    for scheme in schemes.iter_mut().filter(|s| s.name.is_empty()) {
        scheme.name = take(&|_| true).unwrap_or_default();
    }
    let mut counter = 1;
    for index in 0..schemes.len() {
        if schemes[index].name.is_empty() {
            let base = match (schemes[index].kind.as_str(), schemes[index].scheme.as_deref()) {
                ("http", Some(scheme)) => format!("{scheme}Auth"),
                (kind, _) => kind.to_string(),
            };
            let mut name = base.clone();
            while schemes.iter().any(|s| s.name == name) {
                counter += 1;
                name = format!("{base}{counter}");
            }
            schemes[index].name = name;
        }
    }
}
