//! Authentication of hand-written Slate, read from what the examples send:
//! an `Authorization` header (`Bearer`, `Basic`, a raw key or a key after
//! words such as `Token token=`), `curl -u user:pass`, another header or a
//! query parameter whose name says it carries a key and whose value is a
//! placeholder. The section on authentication (its heading words are in
//! the vocabulary) gives the schemes their description; where nothing shows
//! a credential, no scheme is made.
//!
//! A placeholder is told by its shape: capitals (`YOUR_API_KEY`, `TOKEN`),
//! `<…>`, `{…}`, `${…}`, `:name`, a variable of the example's code, a long
//! random-looking value, a value naming a key or a token, or a value that
//! several examples repeat.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{Endpoint, ParamLocation, SchemeUse, SecurityRequirement, SecurityScheme};
use crate::reader::{Block, DocumentTree, Section};
use crate::source::Span;

use super::vocabulary::{fold, is_auth_heading, is_credential_name, is_signature_name};
use super::{Context, Item};

/// One way of sending a credential.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Way {
    Bearer,
    Basic,
    /// An API key in a header, after `prefix` (`Token token=`) when the
    /// examples write one.
    Header {
        name: String,
        prefix: Option<String>,
    },
    Query {
        name: String,
    },
}

impl Way {
    /// Same header or parameter: two spellings of a prefix are one scheme.
    fn same(&self, other: &Way) -> bool {
        match (self, other) {
            (Way::Header { name: a, .. }, Way::Header { name: b, .. }) => a.eq_ignore_ascii_case(b),
            _ => self == other,
        }
    }
}

/// A name and value an example sends, before it is judged.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Candidate {
    Authorization(String),
    /// `curl -u user:pass`.
    UserPassword,
    /// Another header: name, value, whether the value was written quoted.
    Header(String, String, bool),
    Query(String, String),
}

/// Code (or a code span) that may show a credential.
struct Snippet<'a> {
    text: &'a str,
    span: Span,
    /// In the section on authentication.
    explained: bool,
}

/// The schemes of a document and who needs them.
pub(crate) struct Security {
    pub schemes: Vec<SecurityScheme>,
    pub default: Vec<SecurityRequirement>,
}

/// Reads the schemes the examples show, sets each endpoint's requirement
/// where it differs from the default, and drops the parameters a scheme
/// sends.
pub(crate) fn read(
    context: &mut Context<'_>,
    tree: &DocumentTree,
    sightings: Sightings,
    operations: &[Item<'_>],
    endpoints: &mut [Endpoint],
) -> Security {
    let Sightings { repeats, found, signed } = sightings;
    if let Some((headers, span)) = &signed {
        report_signed(context, headers, *span);
    }
    let schemes = schemes_of(context, tree, &found, signed.as_ref().map(|(headers, _)| headers.as_slice()));
    let names: Vec<String> = schemes.iter().map(|s| s.name.clone()).collect();
    if !schemes.is_empty() {
        let ways: Vec<&Way> = found.iter().map(|(way, _, _)| way).collect();
        let explained: Vec<bool> = found.iter().map(|(_, _, e)| *e).collect();
        let shown: Vec<Shown> = endpoints
            .iter()
            .map(|endpoint| match operations.iter().find(|i| context.source(i.section.heading) == endpoint.source) {
                Some(item) => endpoint_requirement(item.section, &ways, &explained, &names, &repeats),
                None => Shown::Nothing,
            })
            .collect();
        set_requirements(endpoints, shown, &schemes);
    }
    Security { default: names.iter().map(|n| requirement(n)).collect(), schemes }
}

/// What the code samples show of authentication. Read from the tree alone,
/// so another core finds it while the models and endpoints are extracted.
#[derive(Debug, Default)]
pub(crate) struct Sightings {
    /// How many snippets each value sent in a header or the query appears in.
    repeats: BTreeMap<String, usize>,
    found: Vec<Sighting>,
    signed: Option<Signed>,
}

impl Sightings {
    pub(crate) fn of(tree: &DocumentTree) -> Self {
        let snippets = snippets(tree);
        let repeats = repeated_values(&snippets);
        let (found, signed) = sightings(&snippets, &repeats);
        Sightings { repeats, found, signed }
    }
}

/// A way of authenticating, where it was first seen, and whether the
/// section on authentication shows it.
type Sighting = (Way, Span, bool);

/// The headers of signed requests and where they are shown.
type Signed = (Vec<String>, Span);

/// Every way of authenticating the snippets show, with where it was first
/// seen and whether the section on authentication shows it, explained ones
/// first; and the headers of signed requests, when a snippet signs.
fn sightings(snippets: &[Snippet<'_>], repeats: &BTreeMap<String, usize>) -> (Vec<Sighting>, Option<Signed>) {
    let mut found: Vec<Sighting> = Vec::new();
    let mut signed: Option<Signed> = None;
    for snippet in snippets {
        let candidates = candidates(snippet.text);
        if signed.is_none() {
            signed = signed_headers(&candidates).map(|headers| (headers, snippet.span));
        }
        for way in ways(&candidates, repeats) {
            match found.iter_mut().find(|(known, _, _)| known.same(&way)) {
                Some(known) => known.2 |= snippet.explained,
                None => found.push((way, snippet.span, snippet.explained)),
            }
        }
    }
    // A signature is computed, not a key the client holds.
    found.retain(|(way, _, _)| !matches!(way, Way::Header { name, .. } if is_signature_name(name)));
    found.sort_by_key(|(_, _, explained)| !explained);
    (found, signed)
}

/// The IR schemes, named, described by the section on authentication when
/// it shows them; a key header of signed requests says a hook must sign.
fn schemes_of(
    context: &Context<'_>,
    tree: &DocumentTree,
    found: &[Sighting],
    signed: Option<&[String]>,
) -> Vec<SecurityScheme> {
    let description = auth_description(context, tree);
    let schemes: Vec<SecurityScheme> = found
        .iter()
        .map(|(way, span, explained)| {
            let mut text = if *explained { description.clone() } else { String::new() };
            let signed_with =
                signed.filter(|headers| matches!(way, Way::Header { name, .. } if headers.contains(name)));
            if let Some(headers) = signed_with {
                let note = signed_description(headers);
                text = if text.is_empty() { note } else { format!("{text}\n\n{note}") };
            }
            scheme(way, text, context.source(*span))
        })
        .collect();
    let names = unique_names(&schemes);
    schemes.into_iter().zip(names).map(|(s, name)| SecurityScheme { name, ..s }).collect()
}

/// Each endpoint's requirement from what its examples show. Reads shown
/// without a credential are open when no read shows one (writes need a
/// key, reads do not); a write shown without one is more likely an example
/// that left it out, unless it hands out a credential (a login or token
/// endpoint).
fn set_requirements(endpoints: &mut [Endpoint], shown: Vec<Shown>, schemes: &[SecurityScheme]) {
    let reads_carry = endpoints.iter().zip(&shown).any(|(e, s)| is_read(e) && matches!(s, Shown::Credentials(_)));
    for (endpoint, shown) in endpoints.iter_mut().zip(shown) {
        let open = (is_read(endpoint) && !reads_carry) || hands_out_credential(endpoint);
        endpoint.security = match shown {
            Shown::Credentials(requirement) => requirement,
            Shown::NoCredential if open => Some(Vec::new()),
            Shown::NoCredential | Shown::Nothing => None,
        };
        if endpoint.security.as_ref().is_none_or(|r| !r.is_empty()) {
            drop_sent_params(endpoint, schemes);
        }
    }
}

/// Every code block, and the code spans of the section on authentication
/// (`` `X-Api-Key: KEY` `` in its prose).
fn snippets(tree: &DocumentTree) -> Vec<Snippet<'_>> {
    let mut snippets = Vec::new();
    let mut auth_sections: BTreeSet<Span> = BTreeSet::new();
    for section in tree.all_sections() {
        if is_auth_section(section) {
            auth_sections.extend(section.walk().iter().map(|s| s.heading));
        }
    }
    for section in tree.all_sections() {
        let explained = auth_sections.contains(&section.heading);
        for block in &section.blocks {
            match block {
                Block::Code(code) if !is_markup_or_data(&code.language) => {
                    snippets.push(Snippet { text: &code.text, span: code.span, explained })
                }
                Block::Paragraph(text) | Block::List(text) | Block::Quote(text) if explained => {
                    snippets.extend(text.code.iter().map(|c| Snippet { text: &c.text, span: c.span, explained }))
                }
                _ => {}
            }
        }
    }
    snippets
}

/// JSON answers and markup (a link in a web page) send no request.
fn is_markup_or_data(language: &str) -> bool {
    ["json", "html", "xml"].contains(&language)
}

fn is_auth_section(section: &Section) -> bool {
    section.level > 0 && is_auth_heading(&section.title)
}

/// How many snippets each value sent in a header or the query appears in.
fn repeated_values(snippets: &[Snippet<'_>]) -> BTreeMap<String, usize> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for snippet in snippets {
        let values: BTreeSet<String> = candidates(snippet.text)
            .into_iter()
            .filter_map(|c| match c {
                Candidate::Header(_, value, _) | Candidate::Query(_, value) => Some(value),
                _ => None,
            })
            .collect();
        for value in values {
            *counts.entry(value).or_default() += 1;
        }
    }
    counts
}

/// Snippets a value must appear in to be taken for a placeholder by
/// repetition alone.
const REPEATED: usize = 3;

/// The ways of authenticating candidates show.
fn ways(candidates: &[Candidate], repeats: &BTreeMap<String, usize>) -> Vec<Way> {
    let mut ways: Vec<Way> = Vec::new();
    for candidate in candidates {
        let way = match candidate {
            Candidate::Authorization(value) => authorization_way(value),
            Candidate::UserPassword => Some(Way::Basic),
            Candidate::Header(name, value, quoted) => (is_credential_name(name)
                && is_placeholder(value, !quoted, repeats))
            .then(|| Way::Header { name: name.clone(), prefix: None }),
            Candidate::Query(name, value) => (is_credential_name(name) && is_placeholder(value, false, repeats))
                .then(|| Way::Query { name: name.clone() }),
        };
        if let Some(way) = way {
            if !ways.iter().any(|w| w.same(&way)) {
                ways.push(way);
            }
        }
    }
    ways
}

/// `Bearer X`, `Basic X`, `Token token=X` (a key after words), or a raw key.
fn authorization_way(value: &str) -> Option<Way> {
    let value = value.trim();
    let words: Vec<&str> = value.split_whitespace().collect();
    let first = words.first()?;
    let header = |prefix: Option<String>| Way::Header { name: "Authorization".to_string(), prefix };
    match first.to_ascii_lowercase().as_str() {
        "bearer" => return Some(Way::Bearer),
        "basic" => return Some(Way::Basic),
        _ => {}
    }
    let last = words.last()?;
    if words.len() >= 2 {
        if let Some(at) = last.find('=').filter(|at| *at > 0) {
            let start = value.len() - last.len();
            return Some(header(Some(value[..start + at + 1].to_string())));
        }
        let scheme_word = first.chars().all(|c| c.is_ascii_alphabetic()) && first.starts_with(char::is_uppercase);
        if words.len() == 2 && scheme_word {
            return Some(header(Some(format!("{first} "))));
        }
    }
    Some(header(None))
}

/// Whether a value stands for the caller's own (see the module's notes).
fn is_placeholder(value: &str, variable: bool, repeats: &BTreeMap<String, usize>) -> bool {
    let v = value.trim();
    if v.is_empty() {
        return false;
    }
    let identifier = v.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.');
    let wrapped = (v.starts_with('<') && v.ends_with('>'))
        || (v.starts_with('{') && v.ends_with('}'))
        || v.starts_with("${")
        || v.starts_with("#{")
        || v.starts_with('$')
        || (v.starts_with(':') && v.len() > 1)
        || (v.starts_with('%') && v.ends_with('%') && v.len() > 2);
    let capitals = v.chars().any(|c| c.is_ascii_uppercase())
        && v.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '-')
        && v.len() >= 2;
    let folded = fold(v);
    let names_a_key = folded.starts_with("your")
        || folded.split([' ', '-', '.']).any(|w| ["key", "token", "secret", "apikey", "api key"].contains(&w));
    let random = v.len() >= 16
        && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && v.chars().any(|c| c.is_ascii_digit())
        && v.chars().any(|c| c.is_ascii_alphabetic());
    let repeated = repeats.get(v).is_some_and(|n| *n >= REPEATED);
    wrapped || capitals || names_a_key || random || repeated || (variable && identifier)
}

/// The headers sent with a signature header (`Api-Nonce`, `Api-Key`,
/// `Api-Signature`), when a snippet sends one.
fn signed_headers(candidates: &[Candidate]) -> Option<Vec<String>> {
    let headers: Vec<String> = candidates
        .iter()
        .filter_map(|c| match c {
            Candidate::Header(name, _, _) if !is_standard_header(name) => Some(name.clone()),
            _ => None,
        })
        .collect();
    headers.iter().any(|h| is_signature_name(h)).then_some(headers)
}

/// Headers every request may carry, which say nothing of authentication.
fn is_standard_header(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("content-")
        || lower.starts_with("accept")
        || ["user-agent", "host", "cache-control"].contains(&lower.as_str())
}

/// SL045: requests signed per request cannot be generated.
fn report_signed(context: &mut Context<'_>, headers: &[String], span: Span) {
    let list = headers.iter().map(|h| format!("`{h}`")).collect::<Vec<_>>().join(", ");
    context.push(
        Diagnostic::note(
            Code::SL045,
            format!("requests are signed (headers {list}): the signature is computed for each request, which the generated client cannot do"),
        )
        .at(span)
        .help("sign each request in a request hook of the client; the key header, if any, is kept as an API key"),
    );
}

fn signed_description(headers: &[String]) -> String {
    let list = headers.iter().map(|h| format!("`{h}`")).collect::<Vec<_>>().join(", ");
    format!("Requests are also signed ({list}): a request hook must compute the signature.")
}

/// The prose of the first section on authentication.
fn auth_description(context: &Context<'_>, tree: &DocumentTree) -> String {
    tree.all_sections()
        .into_iter()
        .find(|s| is_auth_section(s))
        .map(|s| super::models::section_description(context, s))
        .unwrap_or_default()
}

fn scheme(way: &Way, description: String, source: crate::ir::Source) -> SecurityScheme {
    let base = SecurityScheme { description, source: Some(source), ..SecurityScheme::default() };
    match way {
        Way::Bearer => SecurityScheme { kind: "http".into(), scheme: Some("bearer".into()), ..base },
        Way::Basic => SecurityScheme { kind: "http".into(), scheme: Some("basic".into()), ..base },
        Way::Header { name, prefix } => SecurityScheme {
            kind: "apiKey".into(),
            location: Some("header".into()),
            parameter: Some(name.clone()),
            prefix: prefix.clone(),
            ..base
        },
        Way::Query { name } => SecurityScheme {
            kind: "apiKey".into(),
            location: Some("query".into()),
            parameter: Some(name.clone()),
            ..base
        },
    }
}

/// `bearer`, `basic`, `header_x_api_token`, `query_api_key`: names that say
/// what a scheme is, unique in the document.
fn unique_names(schemes: &[SecurityScheme]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for scheme in schemes {
        let base = match (&scheme.scheme, &scheme.location, &scheme.parameter) {
            (Some(http), _, _) => http.clone(),
            (_, Some(location), Some(parameter)) => super::snake_case(&format!("{location} {parameter}")),
            _ => scheme.kind.clone(),
        };
        let mut name = base.clone();
        let mut counter = 2;
        while names.contains(&name) {
            name = format!("{base}_{counter}");
            counter += 1;
        }
        names.push(name);
    }
    names
}

fn requirement(name: &str) -> SecurityRequirement {
    SecurityRequirement { schemes: vec![SchemeUse { name: name.to_string(), scopes: Vec::new() }] }
}

/// What an operation's own examples say: nothing (no request shown: the
/// default applies), no credential while requests are shown (`Some([])`: a
/// login or an open endpoint), or credentials of schemes the section on
/// authentication does not cover: the schemes one example sends together
/// are one requirement, each example's an alternative.
fn endpoint_requirement(
    section: &Section,
    ways: &[&Way],
    explained: &[bool],
    names: &[String],
    repeats: &BTreeMap<String, usize>,
) -> Shown {
    let mut together: Vec<BTreeSet<usize>> = Vec::new();
    let mut requests = false;
    for part in section.walk() {
        for code in part.code_blocks().filter(|c| !is_markup_or_data(&c.language)) {
            requests |= is_request(&code.text);
            let sent: BTreeSet<usize> = self::ways(&candidates(&code.text), repeats)
                .iter()
                .filter_map(|way| ways.iter().position(|w| w.same(way)))
                .collect();
            if !sent.is_empty() && !together.contains(&sent) {
                together.push(sent);
            }
        }
    }
    let carried: BTreeSet<usize> = together.iter().flatten().copied().collect();
    if carried.is_empty() {
        return if requests { Shown::NoCredential } else { Shown::Nothing };
    }
    // The default is each scheme alone: examples showing each alone, or
    // schemes the section on authentication explains, say no more.
    let as_default = carried.len() == ways.len() && together.iter().all(|set| set.len() == 1);
    if as_default || carried.iter().all(|i| explained[*i]) {
        return Shown::Credentials(None);
    }
    let requirements = together.iter().map(|set| SecurityRequirement {
        schemes: set.iter().map(|i| SchemeUse { name: names[*i].clone(), scopes: Vec::new() }).collect(),
    });
    Shown::Credentials(Some(requirements.collect()))
}

/// What an operation's examples show of authentication.
enum Shown {
    /// No request.
    Nothing,
    /// Requests without a credential.
    NoCredential,
    /// Credentials: the requirement when it is not the default.
    Credentials(Option<Vec<SecurityRequirement>>),
}

fn is_read(endpoint: &Endpoint) -> bool {
    matches!(endpoint.method.as_str(), "GET" | "HEAD")
}

/// A login or token endpoint: its answer's example holds a field named
/// like a credential (`access_token`, `api_key`).
fn hands_out_credential(endpoint: &Endpoint) -> bool {
    fn holds(value: &serde_json::Value, depth: usize) -> bool {
        match value {
            serde_json::Value::Object(map) => {
                map.iter().any(|(key, v)| names_only_a_credential(key) || (depth < 2 && holds(v, depth + 1)))
            }
            _ => false,
        }
    }
    endpoint
        .examples
        .iter()
        .filter(|x| x.kind == crate::ir::ExampleKind::Response)
        .filter_map(|x| serde_json::from_str::<serde_json::Value>(&x.text).ok())
        .any(|v| holds(&v, 0))
}

/// `token`, `access_token`, `api_key`, `refresh_token`: a name made of
/// credential words only (`show_key` is a setting, not a key).
fn names_only_a_credential(name: &str) -> bool {
    const WORDS: [&str; 10] =
        ["access", "api", "auth", "refresh", "token", "key", "secret", "jwt", "bearer", "session"];
    let lower = name.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split(['_', '-']).filter(|p| !p.is_empty()).collect();
    is_credential_name(name) && !parts.is_empty() && parts.iter().all(|p| WORDS.contains(p))
}

/// A snippet that sends a request: a curl command, a URL, `fetch`, a
/// request line.
fn is_request(text: &str) -> bool {
    const METHODS: [&str; 5] = ["GET ", "POST ", "PUT ", "PATCH ", "DELETE "];
    text.contains("curl")
        || text.contains("://")
        || text.contains("fetch(")
        || text.contains("axios")
        || text.lines().any(|l| METHODS.iter().any(|m| l.trim_start().starts_with(m)))
}

/// A documented parameter a scheme already sends goes: the client attaches
/// the credential once, for every call, instead of asking for it on each.
fn drop_sent_params(endpoint: &mut Endpoint, schemes: &[SecurityScheme]) {
    let sent = |location: ParamLocation, name: &str| {
        schemes.iter().any(|s| {
            let parameter = s.parameter.as_deref().or((s.kind == "http").then_some("Authorization"));
            let place = s.location.as_deref().unwrap_or("header");
            parameter.is_some_and(|p| match location {
                ParamLocation::Header => place == "header" && p.eq_ignore_ascii_case(name),
                ParamLocation::Query => place == "query" && p == name,
                _ => false,
            })
        })
    };
    endpoint.params.retain(|p| !sent(p.location, &p.name));
}

/// The header, basic and query candidates of a snippet of code.
fn candidates(text: &str) -> Vec<Candidate> {
    let mut found = Vec::new();
    for line in text.lines() {
        let rest = curl_options(line, &mut found);
        for (name, value, quoted) in object_pairs(&rest) {
            found.push(header_candidate(name, value, quoted));
        }
    }
    found.extend(query_pairs(text).into_iter().map(|(n, v)| Candidate::Query(n, v)));
    found
}

fn header_candidate(name: String, value: String, quoted: bool) -> Candidate {
    if name.eq_ignore_ascii_case("authorization") {
        Candidate::Authorization(value)
    } else {
        Candidate::Header(name, value, quoted)
    }
}

/// Takes `-H "Name: value"`, `--header`, `-u user:pass` and `--user` out of
/// a line, recording them; gives back what is left.
fn curl_options(line: &str, found: &mut Vec<Candidate>) -> String {
    let mut rest = String::new();
    let mut remaining = line;
    while let Some((before, option, after)) = next_option(remaining) {
        rest.push_str(before);
        let (argument, tail) = shell_word(after);
        match option {
            "-H" | "--header" => {
                if let Some((name, value)) = argument.split_once(':') {
                    let name = name.trim();
                    if is_header_name(name) {
                        found.push(header_candidate(name.to_string(), value.trim().to_string(), true));
                    }
                }
            }
            _ => {
                if argument.contains(':') {
                    found.push(Candidate::UserPassword);
                }
            }
        }
        remaining = tail;
    }
    rest.push_str(remaining);
    rest
}

/// The next curl option of interest: (text before it, the option, text after).
fn next_option(text: &str) -> Option<(&str, &str, &str)> {
    const OPTIONS: [&str; 4] = ["--header", "--user", "-H", "-u"];
    let mut best: Option<(usize, &str)> = None;
    for option in OPTIONS {
        let mut from = 0;
        while let Some(at) = text[from..].find(option).map(|a| a + from) {
            let before_ok = at == 0 || text[..at].ends_with([' ', '\t']);
            let after = &text[at + option.len()..];
            let after_ok = after.starts_with([' ', '=', '\t']) || (option.len() == 2 && after.starts_with(['"', '\'']));
            if before_ok && after_ok {
                if best.is_none_or(|(b, _)| at < b) {
                    best = Some((at, option));
                }
                break;
            }
            from = at + option.len();
        }
    }
    let (at, option) = best?;
    Some((&text[..at], option, text[at + option.len()..].trim_start_matches(['=', ' ', '\t'])))
}

/// One shell word: quoted (to the closing quote, or the end of the line
/// when a document forgot it) or bare.
fn shell_word(text: &str) -> (String, &str) {
    let text = text.trim_start();
    match text.chars().next() {
        Some(quote @ ('"' | '\'')) => {
            let body = &text[1..];
            match body.find(quote) {
                Some(end) => (body[..end].to_string(), &body[end + 1..]),
                None => (body.trim_end_matches(['\\', ' ']).to_string(), ""),
            }
        }
        _ => {
            let end = text.find(char::is_whitespace).unwrap_or(text.len());
            (text[..end].to_string(), &text[end..])
        }
    }
}

/// A header name: letters, digits and `-`, starting with a letter.
fn is_header_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic()) && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// `'Name': value`, `"Name" => "value"`, `Name: "value"` and bare
/// `Name: value` lines, for names that look like headers (`Authorization`,
/// or with a `-`): (name, value, whether the value was quoted).
fn object_pairs(line: &str) -> Vec<(String, String, bool)> {
    let mut pairs = Vec::new();
    for part in split_outside_quotes(line) {
        let part = part.trim();
        let (name, after) = match part.chars().next() {
            Some(q @ ('"' | '\'')) => match part[1..].find(q) {
                Some(end) => (&part[1..1 + end], &part[end + 2..]),
                None => continue,
            },
            _ => match part.find([':', '=']) {
                Some(end) => (part[..end].trim_end(), &part[end..]),
                None => continue,
            },
        };
        let after = after.trim_start();
        let Some(value) = after.strip_prefix("=>").or_else(|| after.strip_prefix(':')) else { continue };
        if !is_header_name(name) || !(name.contains('-') || name.eq_ignore_ascii_case("authorization")) {
            continue;
        }
        let value = value.trim().trim_end_matches([';', ')', '\\']).trim();
        let quoted = value.starts_with(['"', '\'', '`', '“']);
        let value = value.trim_matches(['"', '\'', '`', '“', '”', ' ']);
        pairs.push((name.to_string(), value.to_string(), quoted));
    }
    pairs
}

/// Splits at `,`, `{` and `}` outside quotes.
fn split_outside_quotes(line: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut quote: Option<char> = None;
    let mut start = 0;
    for (at, c) in line.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, ',' | '{' | '}') => {
                parts.push(&line[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(&line[start..]);
    parts
}

/// `name=value` pairs of the query strings a snippet's URLs carry.
fn query_pairs(text: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let bytes = text.as_bytes();
    for (at, c) in text.char_indices() {
        if c != '?' && c != '&' {
            continue;
        }
        let rest = &text[at + 1..];
        let end = rest.find(|c: char| c.is_whitespace() || "&\"'`#<>".contains(c)).unwrap_or(rest.len());
        let Some((name, value)) = rest[..end].split_once('=') else { continue };
        let name_ok = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || "_[].-".contains(c));
        // `&` inside a URL's query, not the shell's `&&`.
        let after_query = c == '?' || text[..at].contains('?');
        if name_ok && after_query && bytes.get(at + 1) != Some(&b'&') {
            pairs.push((name.to_string(), value.trim_end_matches([',', ')', ';']).to_string()));
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_ways(text: &str) -> Vec<Way> {
        ways(&candidates(text), &BTreeMap::new())
    }

    fn header(name: &str, prefix: Option<&str>) -> Way {
        Way::Header { name: name.to_string(), prefix: prefix.map(str::to_string) }
    }

    #[test]
    fn curl_headers_and_users_give_their_scheme() {
        assert_eq!(read_ways("curl https://x.test/a \\\n  -H \"Authorization: Bearer ACCESS_TOKEN\""), [Way::Bearer]);
        assert_eq!(read_ways("curl --header 'authorization: Bearer <access_token>"), [Way::Bearer]);
        assert_eq!(read_ways("curl -u \"ACCOUNT_ID:API_SECRET\" https://x.test"), [Way::Basic]);
        assert_eq!(read_ways("curl -H 'Authorization: Basic dXNlcjpwYXNz'"), [Way::Basic]);
        assert_eq!(read_ways("curl -H \"Authorization: kittykitty\""), [header("Authorization", None)]);
        assert_eq!(
            read_ways("curl -H 'authorization: Token token=3d12813150rd61l1' x"),
            [header("Authorization", Some("Token token="))]
        );
        assert_eq!(read_ways("curl -H \"X-Garden-Key: YOUR_GARDEN_KEY\""), [header("X-Garden-Key", None)]);
        assert_eq!(read_ways("curl -H \"Content-Type: application/json\""), []);
        assert_eq!(read_ways("curl -H \"X-Request-Id: ABC_DEF\""), [], "not a credential's name");
    }

    #[test]
    fn code_of_other_languages_gives_headers_too() {
        assert_eq!(read_ways("fetch(url, { headers: { Authorization: \"Bearer ACCESS_TOKEN\" } })"), [Way::Bearer]);
        assert_eq!(read_ways("    Authorization: `Bearer ${accessToken}`,"), [Way::Bearer]);
        assert_eq!(read_ways("axios.get('/e', {headers: {'x-api-key': apiKey}})"), [header("x-api-key", None)]);
        assert_eq!(read_ways("h = {'X-Api-Token' => 'hello'}"), [], "a lone literal is not a placeholder");
        assert_eq!(read_ways("{ \"first-name\": \"Ann\" }"), []);
    }

    #[test]
    fn query_keys_need_a_placeholder() {
        assert_eq!(
            read_ways("curl \"https://x.test/v1/books?page=2&api_key=YOUR_API_KEY\""),
            [Way::Query { name: "api_key".to_string() }]
        );
        assert_eq!(read_ways("curl 'https://x.test/a?key=:postback_key'"), [Way::Query { name: "key".to_string() }]);
        assert_eq!(read_ways("curl 'https://x.test/a?sort_key=created_at'"), []);
        let mut repeats = BTreeMap::new();
        repeats.insert("woofwoof".to_string(), 5);
        assert_eq!(ways(&candidates("GET https://x.test/a?api_key=woofwoof"), &repeats).len(), 1);
    }

    fn document(body: &str) -> crate::ir::Api {
        let index = "---\ntitle: Test\nincludes:\n  - main\n---\n# Intro\n\nAn API.\n";
        super::super::tests::extract_files(&[("index.html.md", index), ("includes/_main.md", body)]).0
    }

    const SHOP: &str = "# Shop\n\n## Sign in\n\n```shell\ncurl -X POST https://shop.test/session -d '{\"user\":\"ann\"}'\n```\n\n\
```json\n{ \"access_token\": \"abc\" }\n```\n\n`POST /session`\n\n\
## Delete an order\n\n```shell\ncurl -X DELETE https://shop.test/orders/4\n```\n\n`DELETE /orders/:id`\n\n\
## List orders\n\n```shell\ncurl https://shop.test/orders -H \"Authorization: Bearer TOKEN\"\n```\n\n`GET /orders`\n\n\
## Refund\n\n```shell\ncurl -X POST 'https://shop.test/refunds?partner_key=PARTNER_KEY' -H \"Authorization: Bearer TOKEN\"\n```\n\n`POST /refunds`\n";

    #[test]
    fn each_endpoint_gets_what_its_examples_send() {
        let api = document(SHOP);
        let names: Vec<&str> = api.security_schemes.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["bearer", "query_partner_key"]);
        assert_eq!(api.security.len(), 2, "the default: any scheme found");
        let security = |path: &str| api.endpoints.iter().find(|e| e.path == path).and_then(|e| e.security.clone());
        assert_eq!(security("/session"), Some(Vec::new()), "a token endpoint is open");
        assert_eq!(security("/orders/{id}"), None, "a write shown without its key keeps the default");
        assert_eq!(security("/orders"), Some(vec![requirement("bearer")]), "no section explains the schemes");
        let together = security("/refunds").expect("a requirement");
        assert_eq!(together.len(), 1, "sent together: one requirement of both");
        assert_eq!(together[0].schemes.len(), 2);
    }

    #[test]
    fn a_silent_document_has_no_scheme() {
        let api = document(
            "# Shop\n\n## List orders\n\n```shell\ncurl https://shop.test/orders?page=2\n```\n\n`GET /orders`\n",
        );
        assert!(api.security_schemes.is_empty() && api.security.is_empty());
        assert!(api.endpoints.iter().all(|e| e.security.is_none()));
    }

    #[test]
    fn signature_headers_are_told_apart() {
        let found = candidates("headers = {\n  'Api-Nonce': nonce,\n  'Api-Key': key,\n  'Api-Signature': sig,\n  'Content-Type': 'application/json'\n}");
        assert_eq!(signed_headers(&found), Some(vec!["Api-Nonce".into(), "Api-Key".into(), "Api-Signature".into()]));
    }
}
