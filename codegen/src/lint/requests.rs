//! What operations and their examples say about the request and the
//! response: SL026 (a curl example aimed at another method or path), SL027 (a
//! response example whose status is not documented), SL034 (a malformed HTTP
//! example), SL035 (two operations on one route).

use crate::diagnostics::{Code, Diagnostic};
use crate::extract::{is_uuid, HttpResponse};
use crate::ir::{Api, Endpoint, Scalar, TypeRef};
use crate::reader::{Block, CodeBlock, Section};

use super::{code_span, Lint};

const SHELLS: &[&str] = &["shell", "sh", "bash", "zsh", "curl"];

fn code_blocks(section: &Section) -> impl Iterator<Item = &CodeBlock> {
    section.walk().into_iter().flat_map(|s| s.blocks.iter()).filter_map(|b| match b {
        Block::Code(code) => Some(code),
        _ => None,
    })
}

/// A section may show more than its own call (a login section showing the
/// next request with the cookie): a curl example that calls another path is
/// only a mistake when no example of the section calls the endpoint's path.
pub(super) fn curl_requests(lint: &mut Lint<'_>) {
    let api = lint.api;
    for endpoint in &api.endpoints {
        let Some(section) = lint.section(&endpoint.source) else { continue };
        let requests: Vec<(&CodeBlock, CurlRequest)> = code_blocks(section)
            .filter(|b| SHELLS.contains(&b.language.as_str()))
            .filter_map(|b| CurlRequest::read(&b.text).map(|r| (b, r)))
            .collect();
        let any_on_path = requests.iter().any(|(_, r)| on_path(endpoint, server_relative(api, r.path())));
        for (block, request) in &requests {
            if any_on_path && !on_path(endpoint, server_relative(api, request.path())) {
                continue;
            }
            let problems = request_problems(api, endpoint, request);
            if problems.is_empty() {
                continue;
            }
            let span = code_span(lint.spec, block, request.url_offset, request.url.len());
            lint.push(
                Diagnostic::warning(
                    Code::SL026,
                    format!(
                        "this curl example does not call `{} {}`: {}",
                        endpoint.method,
                        endpoint.path,
                        problems.join("; ")
                    ),
                )
                .at(span)
                .help("make the example call the endpoint it documents, with real values for its parameters"),
            );
        }
    }
}

/// SL035: an HTTP server routes by method and path, so two operations on the
/// same pair cannot both exist. When the later one's curl examples call
/// another path, that path is offered as the fix.
pub(super) fn duplicate_routes(lint: &mut Lint<'_>) {
    let api = lint.api;
    let mut first_of: std::collections::BTreeMap<(&str, &str), &Endpoint> = std::collections::BTreeMap::new();
    for endpoint in &api.endpoints {
        let Some(first) = first_of.get(&(endpoint.method.as_str(), endpoint.path.as_str())).copied() else {
            first_of.insert((endpoint.method.as_str(), endpoint.path.as_str()), endpoint);
            continue;
        };
        let called: Option<String> = lint
            .section(&endpoint.source)
            .into_iter()
            .flat_map(code_blocks)
            .filter(|b| SHELLS.contains(&b.language.as_str()))
            .filter_map(|b| CurlRequest::read(&b.text))
            .map(|request| request.path().to_string())
            .find(|path| !path.is_empty() && !on_path(endpoint, path));
        let help = match called {
            Some(path) => format!("its example calls `{path}`: if that is its path, write it in the endpoint line"),
            None => format!("give `{}` the path it really has", endpoint.name),
        };
        lint.push(
            Diagnostic::warning(
                Code::SL035,
                format!(
                    "`{}` documents `{} {}`, already documented by `{}` at {}:{}; the OpenAPI export keeps only \
                     the first",
                    endpoint.name, endpoint.method, endpoint.path, first.name, first.source.file, first.source.line
                ),
            )
            .at_opt(lint.span(&endpoint.source))
            .help(help),
        );
    }
}

/// The method and URL of a curl command.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct CurlRequest {
    pub method: String,
    /// The method was given with `-X`/`--request`, not implied.
    pub explicit: bool,
    pub url: String,
    /// Byte offset of the URL in the block's text.
    pub url_offset: usize,
}

impl CurlRequest {
    pub fn read(text: &str) -> Option<CurlRequest> {
        let words = shell_words(text);
        if !words.iter().any(|(w, _)| w == "curl") {
            return None;
        }
        let mut method = None;
        let mut has_body = false;
        let mut url = None;
        let mut iter = words.iter().peekable();
        while let Some((word, offset)) = iter.next() {
            if let Some(attached) = word.strip_prefix("-X").filter(|m| !m.is_empty()) {
                method = Some(attached.to_uppercase());
            } else if word == "-X" || word == "--request" {
                method = iter.next().map(|(m, _)| m.to_uppercase());
            } else if word == "-d" || word.starts_with("--data") {
                has_body = true;
            } else if url.is_none() && (word.starts_with("http://") || word.starts_with("https://")) {
                url = Some((word.clone(), *offset));
            }
        }
        let (url, url_offset) = url?;
        let explicit = method.is_some();
        let method = method.unwrap_or_else(|| if has_body { "POST" } else { "GET" }.to_string());
        Some(CurlRequest { method, explicit, url, url_offset })
    }

    /// The path of the URL, without scheme, host, query or fragment.
    pub fn path(&self) -> &str {
        let after_scheme = self.url.split_once("://").map_or(self.url.as_str(), |(_, rest)| rest);
        let path = after_scheme.find('/').map_or("", |at| &after_scheme[at..]);
        let end = path.find(['?', '#']).unwrap_or(path.len());
        &path[..end]
    }
}

/// Words of a shell command with their byte offsets: quotes kept out of the
/// word (but counted in the offset of an unquoted start), line continuations
/// and prompt marks skipped. Good enough to find curl's flags and URL.
fn shell_words(text: &str) -> Vec<(String, usize)> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    let mut quote: Option<char> = None;
    for (at, c) in text.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => current.push(c),
            None if c == '\'' || c == '"' => {
                if current.is_empty() {
                    start = at + 1;
                }
                quote = Some(c);
            }
            None if c.is_whitespace() || c == '\\' => {
                if !current.is_empty() {
                    words.push((std::mem::take(&mut current), start));
                }
            }
            None => {
                if current.is_empty() {
                    start = at;
                }
                current.push(c);
            }
        }
    }
    if !current.is_empty() {
        words.push((current, start));
    }
    words
}

/// The request's path has the endpoint's literal segments (placeholders
/// take any value).
/// A called path without the path of a documented base URL
/// (`https://host/api` makes `/api/pets` the endpoint `/pets`).
fn server_relative<'p>(api: &Api, path: &'p str) -> &'p str {
    api.servers
        .iter()
        .filter_map(|server| {
            let after_scheme = server.url.split_once("://").map_or(server.url.as_str(), |(_, rest)| rest);
            let base = after_scheme.find('/').map_or("", |at| &after_scheme[at..]).trim_end_matches('/');
            (!base.is_empty()).then_some(base)
        })
        .find_map(|base| path.strip_prefix(base).filter(|rest| rest.starts_with('/')))
        .unwrap_or(path)
}

fn on_path(endpoint: &Endpoint, path: &str) -> bool {
    let documented: Vec<&str> = endpoint.path.trim_end_matches('/').split('/').collect();
    let called: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    documented.len() == called.len() && documented.iter().zip(&called).all(|(d, c)| d == c || fills(d, c))
}

/// Whether a called segment fills a documented one holding a placeholder,
/// whole (`{id}`) or with literal text around it (`{id}.json`).
fn fills(documented: &str, called: &str) -> bool {
    let Some(open) = documented.find('{') else { return false };
    let Some(close) = documented[open..].find('}').map(|c| open + c) else { return false };
    let (before, after) = (&documented[..open], &documented[close + 1..]);
    called.len() > before.len() + after.len() && called.starts_with(before) && called.ends_with(after)
}

fn request_problems(api: &Api, endpoint: &Endpoint, request: &CurlRequest) -> Vec<String> {
    let mut problems = Vec::new();
    if request.method != endpoint.method {
        let how = if request.explicit { "sends" } else { "sends (curl's default)" };
        problems.push(format!("it {how} `{}`, the endpoint is `{}`", request.method, endpoint.method));
    }
    let path = server_relative(api, request.path());
    if !on_path(endpoint, path) {
        problems.push(format!("it calls the path `{path}`"));
        return problems;
    }
    let documented = endpoint.path.trim_end_matches('/').split('/');
    let called = path.trim_end_matches('/').split('/');
    for (segment, value) in documented.zip(called) {
        let Some(name) = placeholder(segment) else { continue };
        let Some(param) = endpoint.params.iter().find(|p| p.name == name) else { continue };
        if is_uuid_type(api, &param.ty) && !is_uuid(value) && !looks_like_a_placeholder(value) {
            problems.push(format!("`{value}`, given for `{name}`, is not a UUID"));
        }
    }
    problems
}

fn placeholder(segment: &str) -> Option<&str> {
    segment.strip_prefix('{').and_then(|s| s.strip_suffix('}'))
}

/// `:company_uid`, `{company_uid}`, `<company_uid>`, `COMPANY_UID`: a value
/// left for the reader to fill in on purpose.
/// A value that stands for one rather than being one: `:uid`, `{uid}`,
/// `$UID`, `YOUR_ID`, or a real value shortened by an ellipsis (`6ed010a1-...`).
fn looks_like_a_placeholder(value: &str) -> bool {
    value.starts_with([':', '{', '<', '$'])
        || value.contains("...")
        || value.contains('…')
        || (value.chars().any(|c| c.is_ascii_alphabetic())
            && value.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
}

fn is_uuid_type(api: &Api, ty: &TypeRef) -> bool {
    match ty.unwrap_option() {
        TypeRef::Named(name) => api.model(name).is_some_and(|m| m.alias() == Some(Scalar::Uuid)),
        _ => false,
    }
}

/// Status lines and headers of `http` examples: a response status the
/// operation does not document (SL027), a response that sends `Cookie:` or a
/// line that is not a header (SL034).
pub(super) fn http_examples(lint: &mut Lint<'_>) {
    let api = lint.api;
    for endpoint in &api.endpoints {
        if endpoint.responses.is_empty() {
            continue;
        }
        let Some(section) = lint.section(&endpoint.source) else { continue };
        for block in code_blocks(section) {
            let Some(status) = HttpResponse::read(&block.text).and_then(|r| r.status) else { continue };
            if endpoint.responses.iter().any(|r| r.status == status.0) {
                continue;
            }
            let documented: Vec<String> = endpoint.responses.iter().map(|r| r.status.to_string()).collect();
            lint.push(
                Diagnostic::warning(
                    Code::SL027,
                    format!(
                        "this example answers {} but the responses table of `{}` lists {}",
                        status.0,
                        endpoint.name,
                        documented.join(", ")
                    ),
                )
                .at(code_span(lint.spec, block, status.1, 3))
                .help("make the example's status one the table lists, or add the status to the table"),
            );
        }
    }
    let sections = lint.tree.all_sections();
    for block in sections.iter().flat_map(|s| s.code_blocks()) {
        let Some(response) = HttpResponse::read(&block.text) else { continue };
        for (offset, line) in response.header_lines {
            let problem = match line.split_once(':') {
                Some((name, _)) if name.trim().eq_ignore_ascii_case("cookie") => {
                    "a response sets a cookie with `Set-Cookie:`; `Cookie:` is the header a request sends it back with"
                }
                Some(_) => continue,
                None => {
                    "this line of a response is neither a header (`Name: value`) nor the blank line before the body"
                }
            };
            lint.push(
                Diagnostic::warning(Code::SL034, problem)
                    .at(code_span(lint.spec, block, offset, line.len()))
                    .help("write the response as a browser would receive it"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_called_segment_fills_a_placeholder_with_literal_text_around_it() {
        assert!(fills("{id}", "42") && fills("{id}.json", "42.json"));
        assert!(!fills("{id}.json", "42.xml") && !fills("{id}.json", ".json") && !fills("things", "things"));
    }

    #[test]
    fn curl_commands() {
        let text = "curl -XPATCH \\\n-H \"Cookie: X=1\" \\\n-d '{\"a\": 1}' \\\nhttps://base/api/v1/x/12?range=0-1\n";
        let request = CurlRequest::read(text).expect("a request");
        assert_eq!((request.method.as_str(), request.explicit), ("PATCH", true));
        assert_eq!(request.path(), "/api/v1/x/12");
        assert_eq!(&text[request.url_offset..request.url_offset + request.url.len()], request.url);
        let implied = CurlRequest::read("curl -d '{}' \"https://h/p\"").expect("a request");
        assert_eq!((implied.method.as_str(), implied.explicit, implied.path()), ("POST", false, "/p"));
        assert!(CurlRequest::read("echo https://h/p").is_none());
        assert!(CurlRequest::read("curl -XGET").is_none());
    }

    #[test]
    fn http_responses() {
        let response = HttpResponse::read("HTTP/1.1 201 Created\nCookie: a=b\n\n{}").expect("a response");
        assert_eq!(response.status, Some((201, 9)));
        assert_eq!(response.header_lines, [(21, "Cookie: a=b")]);
        assert!(HttpResponse::read("GET /x HTTP/1.1\n").is_none());
    }
}
