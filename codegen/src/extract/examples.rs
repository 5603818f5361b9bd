//! Examples: `json` blocks (instances and bodies), `http` blocks (a status
//! line and headers, followed by the body's `json` block) and `shell` blocks
//! (curl commands whose `-d` argument is a request body).

use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{Example, ExampleKind};
use crate::reader::{Block, CodeBlock, Section};
use crate::source::Span;

use super::Context;

/// The `json` blocks of a model or variant section (its own blocks only).
pub(crate) fn model_examples(context: &mut Context<'_>, section: &Section) -> Vec<Example> {
    section
        .code_blocks()
        .filter(|c| c.language == "json")
        .map(|c| json_example(context, ExampleKind::Model, None, Vec::new(), &c.text, c.content))
        .collect()
}

/// Every example of an operation, in the order written: request bodies from
/// curl commands, and responses (an `http` block, with the `json` block right
/// after it as its body).
pub(crate) fn operation_examples(context: &mut Context<'_>, section: &Section) -> Vec<Example> {
    let blocks: Vec<&CodeBlock> = section
        .walk()
        .into_iter()
        .flat_map(|s| s.blocks.iter())
        .filter_map(|b| match b {
            Block::Code(c) => Some(c),
            _ => None,
        })
        .collect();
    let mut examples = Vec::new();
    let mut index = 0;
    while index < blocks.len() {
        let block = blocks[index];
        match block.language.as_str() {
            _ if block.language != "json" && HttpResponse::read(&block.text).is_some() => {
                let (status, headers) = parse_http(&block.text);
                let next = blocks.get(index + 1).filter(|b| b.language == "json");
                let inline_body = HttpResponse::read(&block.text).and_then(|r| r.body);
                match (next, inline_body) {
                    (Some(json), _) => {
                        examples.push(json_example(
                            context,
                            ExampleKind::Response,
                            status,
                            headers,
                            &json.text,
                            json.content,
                        ));
                        index += 1;
                    }
                    (None, Some((offset, body))) if body.starts_with(['{', '[']) => {
                        let span = block.content.sub(offset, body.len());
                        examples.push(json_example(context, ExampleKind::Response, status, headers, body, span));
                    }
                    _ => examples.push(Example {
                        kind: ExampleKind::Response,
                        language: "http".to_string(),
                        status,
                        headers,
                        text: String::new(),
                        invalid: None,
                        source: context.source(block.span),
                    }),
                }
            }
            "shell" | "sh" | "bash" | "curl" => {
                if let Some((body, span)) = curl_body(block) {
                    examples.push(json_example(context, ExampleKind::Request, None, Vec::new(), &body, span));
                }
            }
            "json" => examples.push(json_example(
                context,
                ExampleKind::Response,
                None,
                Vec::new(),
                &block.text,
                block.content,
            )),
            _ => {}
        }
        index += 1;
    }
    examples
}

/// A JSON example, checked for syntax: a fault is reported at its line
/// inside the example and the example is marked invalid.
pub(crate) fn json_example(
    context: &mut Context<'_>,
    kind: ExampleKind,
    status: Option<u16>,
    headers: Vec<(String, String)>,
    text: &str,
    span: Span,
) -> Example {
    let invalid = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(_) => None,
        Err(err) => {
            let offset = fault_offset(text, &err);
            context.push(
                Diagnostic::warning(Code::SL014, format!("this JSON example is not valid JSON: {err}"))
                    .at(span.sub(offset, 1))
                    .help("fix the JSON; until then the example is left out of the generated tests"),
            );
            Some(err.to_string())
        }
    };
    Example {
        kind,
        language: "json".to_string(),
        status,
        headers,
        text: text.to_string(),
        invalid,
        source: context.source(span),
    }
}

/// Where to show a JSON syntax error: serde_json stops after a trailing
/// comma (at the `}` or `]`) and after the end of a truncated text; the fault
/// a reader must fix is the comma, or the last thing written.
fn fault_offset(text: &str, err: &serde_json::Error) -> usize {
    let offset = offset_of(text, err.line(), err.column());
    let before = text.get(..offset).unwrap_or(text);
    let last_written = before.trim_end().len();
    if err.is_eof() {
        return text.trim_end().char_indices().last().map_or(0, |(at, _)| at);
    }
    if err.to_string().starts_with("trailing comma") && before.trim_end().ends_with(',') {
        return last_written.saturating_sub(1);
    }
    offset
}

/// Byte offset of a 1-based line and column (serde_json counts columns in
/// bytes, 0 meaning before the first character of the line).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let line_len = text[line_start.min(text.len())..].find('\n').unwrap_or(text.len() - line_start.min(text.len()));
    line_start + column.saturating_sub(1).min(line_len)
}

/// Status and headers of an HTTP response example.
pub(crate) fn parse_http(text: &str) -> (Option<u16>, Vec<(String, String)>) {
    match HttpResponse::read(text) {
        Some(response) => (response.status.map(|(status, _)| status), response.headers()),
        None => (None, Vec::new()),
    }
}

/// An HTTP response as examples show one: a status line (`HTTP/1.1 200 OK`)
/// and headers, in an `http` block or in any block that starts with a status
/// line, also as `curl -v` prints it (each line marked `< `). A line that is
/// only an ellipsis stands for headers left out.
#[derive(Debug)]
pub(crate) struct HttpResponse<'t> {
    /// The status and its byte offset in the block.
    pub status: Option<(u16, usize)>,
    /// Header lines (up to the first blank line), without their `< ` mark,
    /// and their byte offsets.
    pub header_lines: Vec<(usize, &'t str)>,
    /// What follows the blank line after the headers, trimmed, and its offset.
    pub body: Option<(usize, &'t str)>,
}

impl<'t> HttpResponse<'t> {
    pub fn read(text: &'t str) -> Option<HttpResponse<'t>> {
        let mut lines = text.split_inclusive('\n').scan(0, |offset, line| {
            let start = *offset;
            *offset += line.len();
            Some(unmarked(start, line.trim_end()))
        });
        let (first_offset, first) = lines.by_ref().find(|(_, l)| !l.trim().is_empty())?;
        if !first.trim_start().starts_with("HTTP/") {
            return None;
        }
        let indent = first.len() - first.trim_start().len();
        let status = first.split_whitespace().nth(1).and_then(|code| {
            let at = first.find(code).unwrap_or(indent);
            code.parse::<u16>().ok().map(|s| (s, first_offset + at))
        });
        let mut header_lines = Vec::new();
        let mut body_start = None;
        for (offset, line) in lines {
            if line.trim().is_empty() {
                body_start = Some(offset);
                break;
            }
            if !is_elision(line) {
                header_lines.push((offset, line));
            }
        }
        let body = body_start.and_then(|start| {
            let rest = &text[start..];
            let trimmed = rest.trim();
            (!trimmed.is_empty()).then(|| (start + (rest.len() - rest.trim_start().len()), trimmed))
        });
        Some(HttpResponse { status, header_lines, body })
    }

    /// The headers as (name, value), in order.
    pub fn headers(&self) -> Vec<(String, String)> {
        self.header_lines
            .iter()
            .filter_map(|(_, line)| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_string(), value.trim().to_string()))
            .collect()
    }
}

/// A line without the `< ` (response) mark `curl -v` puts before it.
fn unmarked(offset: usize, line: &str) -> (usize, &str) {
    match line.trim_start().strip_prefix('<') {
        Some(rest) if rest.is_empty() || rest.starts_with(' ') => {
            let rest = rest.strip_prefix(' ').unwrap_or(rest);
            (offset + line.len() - rest.len(), rest)
        }
        _ => (offset, line),
    }
}

fn is_elision(line: &str) -> bool {
    matches!(line.trim(), "..." | "…" | "[...]")
}

/// The `-d` argument of a curl command, and where it is in the file.
fn curl_body(block: &CodeBlock) -> Option<(String, Span)> {
    let text = &block.text;
    let flag = ["--data-raw ", "--data ", "-d "].iter().find_map(|flag| text.find(flag).map(|i| i + flag.len()))?;
    let rest = &text[flag..];
    let leading = rest.len() - rest.trim_start().len();
    let start = flag + leading;
    let rest = &text[start..];
    let body = if let Some(quote @ ('\'' | '"')) = rest.chars().next() {
        let end = rest[1..].find(quote)?;
        rest[1..1 + end].to_string()
    } else {
        unquoted_body(rest)
    };
    let offset = start + usize::from(rest.starts_with(['\'', '"']));
    let content_start = block.content.start as usize;
    let span = Span::new(block.content.file, content_start + offset..content_start + offset + body.len());
    (!body.trim().is_empty()).then_some((body, span))
}

/// A body written across lines without quotes, up to the URL line; line
/// continuations (`\`) and prompt marks (`> `) removed.
fn unquoted_body(rest: &str) -> String {
    let mut body = String::new();
    for line in rest.lines() {
        let trimmed = line.trim_start().trim_start_matches("> ").trim_start_matches(['"', '\'']);
        if trimmed.starts_with("http://") || trimmed.starts_with("https://") {
            break;
        }
        let line = line.trim_end();
        let line = line.strip_suffix('\\').unwrap_or(line).trim_end();
        body.push_str(line);
        body.push('\n');
    }
    body.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_status_and_headers() {
        let (status, headers) = parse_http("HTTP/1.1 206 Partial Content\nContent-Range: 0-0/2\n");
        assert_eq!(status, Some(206));
        assert_eq!(headers, [("Content-Range".to_string(), "0-0/2".to_string())]);
    }

    #[test]
    fn responses_as_curl_prints_them() {
        let text = "< HTTP/1.1 200 OK\n...\n< Set-Cookie: S=abc; Path=/\n<\n{\"a\": 1}\n";
        let response = HttpResponse::read(text).expect("a response");
        assert_eq!(response.status, Some((200, 11)));
        assert_eq!(response.headers(), [("Set-Cookie".to_string(), "S=abc; Path=/".to_string())]);
        assert_eq!(response.header_lines, [(24, "Set-Cookie: S=abc; Path=/")]);
        assert_eq!(response.body, Some((52, "{\"a\": 1}")));
        assert!(HttpResponse::read("GET /x HTTP/1.1\n").is_none());
        assert!(HttpResponse::read("curl -XGET https://x/HTTP/1.1\n").is_none());
    }

    #[test]
    fn offsets_inside_examples() {
        let text = "{\n  \"a\": 1,\n}\n";
        let err = serde_json::from_str::<serde_json::Value>(text).expect_err("trailing comma");
        let offset = offset_of(text, err.line(), err.column());
        assert_eq!(&text[offset..offset + 1], "}");
        assert_eq!(&text[fault_offset(text, &err)..][..1], ",", "the trailing comma itself is shown");
        let truncated = "{\n  \"a\": [1]\n\n";
        let err = serde_json::from_str::<serde_json::Value>(truncated).expect_err("unclosed");
        assert_eq!(&truncated[fault_offset(truncated, &err)..][..1], "]", "the last thing written is shown");
    }

    #[test]
    fn curl_bodies_quoted_and_not() {
        let file = crate::source::FileId(0);
        let block = |text: &str| CodeBlock {
            language: "shell".into(),
            text: text.into(),
            span: Span::new(file, 0..text.len()),
            content: Span::new(file, 0..text.len()),
        };
        let quoted = block("curl -XPOST -d '{\"a\": 1}' \\\nhttps://x/y\n");
        let (body, span) = curl_body(&quoted).expect("a body");
        assert_eq!(body, "{\"a\": 1}");
        assert_eq!(&quoted.text[span.range()], "{\"a\": 1}");
        let bare = block("curl -XPOST \\\n-d {\n \"a\": 1\n} \\\nhttps://x/y\n");
        assert_eq!(curl_body(&bare).map(|b| b.0).as_deref(), Some("{\n \"a\": 1\n}"));
        assert!(curl_body(&block("curl -XGET https://x/y\n")).is_none());
        let quoted_url = block("curl -XPOST \\\n-d {\"a\": 1} \\\n\"https://x/y\"\n");
        assert_eq!(curl_body(&quoted_url).map(|b| b.0).as_deref(), Some("{\"a\": 1}"));
    }
}
