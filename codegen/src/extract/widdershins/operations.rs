//! Operation sections: `## operationId`, an `<a id="opId…">` anchor, the
//! `` `GET /pets/{petId}` `` line, the parameter table (body rows
//! included), the responses table, the response schemas, the response
//! headers, the examples and the authentication notice.

use std::collections::BTreeMap;

use crate::extract::examples::{json_example, parse_http};
use crate::extract::names::{pascal_case, snake_case};
use crate::ir::{self, Endpoint, ExampleKind, Param, ParamLocation, ResponseHeader, TypeRef};
use crate::reader::{Block, Section, Table, Text};
use crate::source::Span;

use super::rows::{self, BlockTitle, Columns, Node, PropRow, Typer};
use super::schemas::{enum_values, property_rows};
use super::{description, flat_blocks, header, html_anchors, security, Reader};
use crate::extract::Context;

const METHODS: &[&str] = &["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"];

/// The `` `METHOD /path` `` paragraph of an operation section.
pub(crate) fn endpoint_line(section: &Section) -> Option<(String, String, &Text)> {
    section.blocks.iter().find_map(|block| {
        let Block::Paragraph(text) = block else { return None };
        let [code] = text.code.as_slice() else { return None };
        if text.markdown.trim().trim_matches('`').trim() != code.text.trim() {
            return None;
        }
        let (method, path) = code.text.trim().split_once(' ')?;
        let method = method.to_ascii_uppercase();
        (METHODS.contains(&method.as_str()) && path.trim().starts_with('/'))
            .then(|| (method, path.trim().to_string(), text))
    })
}

/// Everything read from an operation's blocks before it becomes types.
#[derive(Default)]
struct Parts {
    param_rows: Vec<(ParamLocation, PropRow)>,
    body_rows: Vec<PropRow>,
    param_enums: Vec<(String, String)>,
    /// Status (as written), meaning's description, schema cell, row.
    responses: Vec<(String, String, rows::CellType, Span)>,
    response_rows: BTreeMap<String, Vec<PropRow>>,
    response_enums: BTreeMap<String, Vec<(String, String)>>,
    headers: Vec<(String, ResponseHeader)>,
    examples: Vec<ir::Example>,
    media_type: Option<String>,
    security: Option<Vec<ir::SecurityRequirement>>,
}

pub(crate) fn read_operation(
    context: &mut Context<'_>,
    reader: &mut Reader,
    group: &str,
    section: &Section,
    continued: &[&Section],
) -> Option<Endpoint> {
    let (method, path, line) = endpoint_line(section)?;
    let line_span = line.span;
    let operation_id = html_anchors(section).into_iter().find_map(|id| id.strip_prefix("opId").map(str::to_string));
    let summary = summary(section, line_span);
    let name = summary.clone().unwrap_or_else(|| section.title.trim().to_string());
    let stable = operation_id.clone().filter(|id| !id.is_empty()).unwrap_or_else(|| name.clone());
    let parts = read_parts(context, section, continued);
    let operation = pascal_case(&stable);

    let mut typer = Typer { reader, context, group: group.to_string() };
    let params = params(&mut typer, &parts);
    let body = body(&mut typer, &parts, &operation);
    let responses = responses(&mut typer, &parts, &operation);
    let description = operation_description(section, line_span, summary.is_some());
    let source = typer.context.source(section.heading);
    Some(Endpoint {
        id: snake_case(&stable),
        name,
        group: group.to_string(),
        method,
        path,
        description,
        params,
        body,
        responses,
        pagination: None,
        examples: parts.examples,
        source,
        operation_id: operation_id.filter(|id| !id.is_empty()),
        chosen_name: super::super::operation_names::chosen_name(typer.context, &[section], &[line_span])
            .pop()
            .flatten(),
        security: parts.security,
    })
}

fn read_parts(context: &mut Context<'_>, section: &Section, continued: &[&Section]) -> Parts {
    let mut parts = Parts::default();
    let mut awaiting: Option<ExampleKind> = None;
    let mut awaiting_status: Option<u16> = None;
    let mut status: Option<String> = None;
    let mut title: Option<BlockTitle> = None;
    let blocks = std::iter::once(section).chain(continued.iter().copied()).flat_map(flat_blocks);
    for (_, block) in blocks {
        match block {
            Block::Quote(text) => {
                let plain = text.plain.trim();
                if plain.eq_ignore_ascii_case("Body parameter") {
                    awaiting = Some(ExampleKind::Request);
                } else if let Some(code) = plain.strip_suffix(" Response").and_then(|s| s.trim().parse::<u16>().ok()) {
                    awaiting = Some(ExampleKind::Response);
                    awaiting_status = Some(code);
                }
            }
            Block::Code(code) => {
                if code.language == "http" {
                    if let Some(media) = request_content_type(&code.text) {
                        parts.media_type.get_or_insert(media);
                    }
                    continue;
                }
                match (awaiting.take(), code.language.as_str()) {
                    (Some(kind), "json") => {
                        let status = if kind == ExampleKind::Response { awaiting_status.take() } else { None };
                        parts.examples.push(json_example(context, kind, status, Vec::new(), &code.text, code.content));
                    }
                    // A form body is shown as YAML.
                    (Some(ExampleKind::Request), "yaml") => {
                        parts.media_type.get_or_insert_with(|| "application/x-www-form-urlencoded".to_string());
                    }
                    _ => {}
                }
            }
            Block::Paragraph(text) => {
                if let Some(code) = status_code_line(text) {
                    status = Some(code);
                } else if let Some(found) = BlockTitle::parse(&text.plain) {
                    title = Some(found);
                }
            }
            Block::Table(table) => read_table(&mut parts, table, status.as_deref(), &mut title),
            Block::Aside(aside) => {
                if let Some(found) = security::requirement(&aside.text) {
                    parts.security = Some(found);
                }
            }
            _ => {}
        }
    }
    parts
}

fn read_table(parts: &mut Parts, table: &Table, status: Option<&str>, title: &mut Option<BlockTitle>) {
    let columns = header(table);
    let names: Vec<&str> = columns.iter().map(String::as_str).collect();
    match names.as_slice() {
        ["name", "in", "type", "required", ..] => parameter_rows(parts, table),
        ["status", "meaning", "description", "schema"] => {
            for row in &table.rows {
                let cell = |i: usize| row.cell(i).map(|c| c.plain.trim().to_string()).unwrap_or_default();
                let schema = row.cell(3).map(rows::CellType::parse).unwrap_or_default();
                parts.responses.push((cell(0), description(&cell(2)), schema, row.span));
            }
        }
        ["status", "header", "type", "format", "description"] => {
            for row in &table.rows {
                let cell = |i: usize| row.cell(i).map(|c| c.plain.trim().to_string()).unwrap_or_default();
                let ty = scalar(&cell(2));
                let format = Some(cell(3)).filter(|f| !f.is_empty());
                let header = ResponseHeader { name: cell(1), ty, format, description: description(&cell(4)) };
                parts.headers.push((cell(0), header));
            }
        }
        ["parameter", "value"] => parts.param_enums.extend(enum_values(table)),
        ["property", "value"] => {
            let status = status.unwrap_or_default().to_string();
            parts.response_enums.entry(status).or_default().extend(enum_values(table));
        }
        // Property tables after a `Status Code **N**` line describe that
        // response (an `Enumerated Values` heading may sit in between).
        _ if rows::is_property_table(table) && status.is_some() => {
            let status = status.unwrap_or_default().to_string();
            parts.response_rows.entry(status).or_default().extend(property_rows(table, title.take()));
        }
        _ => {}
    }
}

fn parameter_rows(parts: &mut Parts, table: &Table) {
    let columns = Columns::of(table);
    for row in &table.rows {
        let Some(prop) = PropRow::read(row, &columns) else { continue };
        let location =
            columns.location.and_then(|i| row.cell(i)).map(|c| c.plain.trim().to_ascii_lowercase()).unwrap_or_default();
        match location.as_str() {
            "body" => parts.body_rows.push(prop),
            "path" => parts.param_rows.push((ParamLocation::Path, prop)),
            "query" => parts.param_rows.push((ParamLocation::Query, prop)),
            "header" => parts.param_rows.push((ParamLocation::Header, prop)),
            "cookie" => parts.param_rows.push((ParamLocation::Cookie, prop)),
            _ => {}
        }
    }
}

/// `Status Code **200**`.
fn status_code_line(text: &Text) -> Option<String> {
    let rest = text.plain.trim().strip_prefix("Status Code")?;
    Some(rest.trim().to_string())
}

/// The `Content-Type` of the request in an HTTP sample.
fn request_content_type(text: &str) -> Option<String> {
    let (_, headers) = parse_http(text);
    let first = text.lines().next().unwrap_or("");
    if !METHODS.iter().any(|method| first.starts_with(method)) {
        return None;
    }
    headers.into_iter().find(|(name, _)| name.eq_ignore_ascii_case("content-type")).map(|(_, value)| value)
}

fn scalar(word: &str) -> TypeRef {
    match word {
        "integer" => TypeRef::Long,
        "number" => TypeRef::Number,
        "boolean" => TypeRef::Boolean,
        "string" => TypeRef::String,
        _ => TypeRef::Any,
    }
}

fn params(typer: &mut Typer<'_, '_>, parts: &Parts) -> Vec<Param> {
    let mut params = Vec::new();
    for (location, row) in &parts.param_rows {
        let mut node = Node { row: row.clone(), children: Vec::new(), members: Vec::new() };
        rows::apply_enums(&mut node, &parts.param_enums);
        let ty = typer.type_of(&node, &pascal_case(&row.name));
        let source = typer.context.source(row.span);
        params.push(Param {
            name: row.name.clone(),
            location: *location,
            ty,
            required: row.required || *location == ParamLocation::Path,
            default: None,
            description: row.description.clone(),
            source,
            constraints: rows::constraints(&node),
        });
    }
    params
}

fn body(typer: &mut Typer<'_, '_>, parts: &Parts, operation: &str) -> Option<ir::Body> {
    if parts.body_rows.is_empty() {
        return None;
    }
    let mut root = rows::tree(parts.body_rows.clone());
    rows::apply_enums(&mut root, &parts.param_enums);
    let node = root.children.first()?;
    let ty = typer.type_of(node, &format!("{operation}Body"));
    let media_type = parts.media_type.clone().filter(|media| !media.eq_ignore_ascii_case("application/json"));
    Some(ir::Body { ty, synthesized: false, media_type, optional: !node.row.required })
}

fn responses(typer: &mut Typer<'_, '_>, parts: &Parts, operation: &str) -> Vec<ir::Response> {
    let mut responses = Vec::new();
    for (status_text, description, schema, span) in &parts.responses {
        // `default` and ranges (`2XX`) are no status of their own in the model.
        let Ok(status) = status_text.parse::<u16>() else { continue };
        let hint = format!("{operation}Response{status}");
        let ty = match (&schema.base, schema.word()) {
            (rows::Base::Link(..), _) | (_, Some("string" | "integer" | "number" | "boolean" | "object")) => {
                let node = Node { row: cell_row(schema, *span), children: Vec::new(), members: Vec::new() };
                typer.type_of(&node, &hint)
            }
            (_, Some("Inline")) => inline_response(typer, parts, status_text, &hint),
            _ => TypeRef::Empty,
        };
        let headers = parts.headers.iter().filter(|(s, _)| s == status_text).map(|(_, h)| h.clone()).collect();
        responses.push(ir::Response {
            status,
            ty,
            description: description.clone(),
            source: typer.context.source(*span),
            headers,
        });
    }
    responses
}

/// A response schema written as rows under `Status Code **N**`.
fn inline_response(typer: &mut Typer<'_, '_>, parts: &Parts, status: &str, hint: &str) -> TypeRef {
    let Some(rows) = parts.response_rows.get(status) else { return TypeRef::Any };
    let mut root = rows::tree(rows.clone());
    if let Some(values) = parts.response_enums.get(status) {
        rows::apply_enums(&mut root, values);
    }
    // The schema itself is the one row at depth 0 (an array, a combination);
    // rows that start deeper are the properties of an object.
    if let [only] = root.children.as_slice() {
        if only.row.depth == 0 && only.row.is_anonymous() {
            return typer.type_of(only, hint);
        }
    }
    let name = typer.reader.fresh_name(hint);
    typer.model_for(&root, &name, true);
    TypeRef::Named(name)
}

/// A row standing for a type cell alone.
fn cell_row(schema: &rows::CellType, span: Span) -> PropRow {
    PropRow {
        depth: 0,
        name: String::new(),
        ty: schema.clone(),
        required: true,
        restrictions: String::new(),
        description: String::new(),
        span,
        block: None,
        values: Vec::new(),
    }
}

/// The paragraph right after the endpoint line when it is all in italics:
/// the operation's summary.
fn summary(section: &Section, line: Span) -> Option<String> {
    let mut blocks = section.blocks.iter().skip_while(|block| !matches!(block, Block::Paragraph(t) if t.span == line));
    blocks.next();
    let Some(Block::Paragraph(text)) = blocks.next() else { return None };
    let markdown = text.markdown.trim();
    let inner = markdown.strip_prefix('*')?.strip_suffix('*')?;
    (!inner.is_empty() && !inner.contains('*')).then(|| inner.trim().to_string())
}

/// The prose after the endpoint line (the summary and anchors left out).
fn operation_description(section: &Section, line: Span, has_summary: bool) -> String {
    let mut parts = Vec::new();
    let mut after_line = false;
    let mut summary_skipped = !has_summary;
    for block in &section.blocks {
        let Block::Paragraph(text) = block else { continue };
        if text.span == line {
            after_line = true;
            continue;
        }
        if !after_line || text.markdown.trim_start().starts_with("<a ") {
            continue;
        }
        if !summary_skipped {
            summary_skipped = true;
            continue;
        }
        parts.push(text.markdown.trim().to_string());
    }
    parts.join("\n\n")
}
