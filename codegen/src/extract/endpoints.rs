//! Operations: the endpoint line, the parameters and responses tables, the
//! examples, and what follows from them (path placeholders, the request
//! body, pagination, the session cookie).

use std::collections::BTreeSet;

use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{
    Auth, Body, Endpoint, ExampleKind, Field, Model, ModelKind, Pagination, Param, ParamLocation, Response, TypeRef,
};
use crate::reader::{Block, Section, Table, Text};
use crate::source::Span;

use super::examples::operation_examples;
use super::models::{inline_enum, section_description, EnumSite};
use super::names::{pascal_case, snake_case};
use super::tables::{self, cell, cell_word, check_columns, TableKind};
use super::types::resolve_cell;
use super::vocabulary::requiredness_word;
use super::{Context, Item, Known};

const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// Description of a path parameter the documentation has no row for.
const UNDOCUMENTED: &str = "Not documented: read from the path.";

/// A placeholder without a row takes the type of a parameter of the same
/// name documented on another endpoint (`patrimony_uid` is a SafeUUID
/// everywhere else), and stays a string otherwise.
pub(crate) fn type_undocumented_placeholders(endpoints: &mut [Endpoint]) {
    let documented: Vec<(String, TypeRef)> = endpoints
        .iter()
        .flat_map(|e| &e.params)
        .filter(|p| p.location == ParamLocation::Path && p.description != UNDOCUMENTED)
        .map(|p| (p.name.clone(), p.ty.clone()))
        .collect();
    for param in endpoints.iter_mut().flat_map(|e| e.params.iter_mut()) {
        if param.description == UNDOCUMENTED {
            if let Some((_, ty)) = documented.iter().find(|(name, _)| *name == param.name) {
                param.ty = ty.clone();
            }
        }
    }
}

/// A `**`GET`** `/path`` or `` `POST /path` `` line.
#[derive(Debug, Clone)]
pub(crate) struct EndpointLine {
    pub method: String,
    pub path: String,
    pub span: Span,
}

pub(crate) fn endpoint_in_paragraph(text: &Text) -> Option<EndpointLine> {
    let outside_code = text.code.iter().fold(text.plain.clone(), |rest, code| rest.replacen(&code.text, "", 1));
    if !outside_code.trim().is_empty() {
        return None;
    }
    let (method, path) = match text.code.as_slice() {
        [method, path] => (method.text.trim().to_string(), path.text.trim().to_string()),
        [single] => {
            let mut parts = single.text.split_whitespace();
            let (method, path) = (parts.next()?, parts.next()?);
            if parts.next().is_some() {
                return None;
            }
            (method.to_string(), path.to_string())
        }
        _ => return None,
    };
    let method = method.to_uppercase();
    (METHODS.contains(&method.as_str()) && path.starts_with('/')).then_some(EndpointLine {
        method,
        path,
        span: text.span,
    })
}

/// The first endpoint line in a section or the sections under it.
pub(crate) fn find_endpoint_line(section: &Section) -> Option<EndpointLine> {
    section.walk().into_iter().flat_map(|s| s.blocks.iter()).find_map(|block| match block {
        Block::Paragraph(text) => endpoint_in_paragraph(text),
        _ => None,
    })
}

fn tables_of(section: &Section, kind: TableKind) -> impl Iterator<Item = &Table> {
    section.walk().into_iter().flat_map(|s| s.tables()).filter(move |t| TableKind::of(t) == kind)
}

pub(crate) fn extract_endpoint(
    context: &mut Context<'_>,
    item: &Item<'_>,
    models: &mut Vec<Model>,
) -> Option<Endpoint> {
    let section = item.section;
    let line = find_endpoint_line(section)?;
    report_extra_endpoint_lines(context, section, &line);
    let operation = pascal_case(&section.title);
    let mut params = read_params(context, section, &operation, item.group);
    let path = normalize_path(context, &line, &mut params);
    let body = request_body(context, section, &operation, item.group, &params, models);
    let responses = read_responses(context, section, &line);
    let pagination = pagination(&params, &responses, models);
    Some(Endpoint {
        operation_id: None,
        security: None,
        id: snake_case(&section.title),
        name: section.title.clone(),
        group: item.group.to_string(),
        method: line.method.clone(),
        path,
        description: section_description(context, section),
        params,
        body,
        responses,
        pagination,
        examples: operation_examples(context, section),
        source: context.source(section.heading),
    })
}

fn report_extra_endpoint_lines(context: &mut Context<'_>, section: &Section, first: &EndpointLine) {
    let extra = section.walk().into_iter().flat_map(|s| s.blocks.iter()).filter_map(|block| match block {
        Block::Paragraph(text) => endpoint_in_paragraph(text),
        _ => None,
    });
    for line in extra.skip(1) {
        context.push(
            Diagnostic::warning(
                Code::SL020,
                format!(
                    "a second endpoint line `{} {}` in `{}`; only `{} {}` is read",
                    line.method, line.path, section.title, first.method, first.path
                ),
            )
            .at(line.span)
            .help("give each endpoint a `##` section of its own"),
        );
    }
}

fn read_params(context: &mut Context<'_>, section: &Section, operation: &str, group: &str) -> Vec<Param> {
    let mut params = Vec::new();
    for table in tables_of(section, TableKind::Parameters) {
        let Some(columns) = check_columns(context, table, TableKind::Parameters) else { continue };
        for row in &tables::rows(context, table) {
            let name = cell_word(row, columns.name);
            let location_text = cell_word(row, columns.location);
            let Some(location) = parse_location(&location_text) else {
                context.push(
                    Diagnostic::warning(
                        Code::SL009,
                        format!("the parameter `{name}` has the location `{location_text}`; this row is skipped"),
                    )
                    .at(cell(row, columns.location).map(|c| c.span).unwrap_or(row.span))
                    .help("write `path`, `query`, `header` or `body` in the In column"),
                );
                continue;
            };
            let description = cell(row, columns.description);
            let mut on_enum = |context: &mut Context<'_>, literals: &[String]| {
                let site = EnumSite { owner: operation, group, field: &name, row, description };
                inline_enum(context, site, literals, &[])
            };
            let ty = match cell(row, columns.ty).and_then(|c| resolve_cell(context, c, &mut on_enum)) {
                Some(ty) => ty,
                None => {
                    context.push(
                        Diagnostic::warning(
                            Code::SL023,
                            format!("the parameter `{name}` has no type; read as a string"),
                        )
                        .at(row.span)
                        .help("write its type in the Type column"),
                    );
                    TypeRef::String
                }
            };
            // `mandatory` or `optional` in a Default column says whether the
            // parameter must be given, not what it defaults to.
            let default_cell = cell_word(row, columns.default);
            let said_required = requiredness_word(&default_cell);
            let default = Some(default_cell)
                .filter(|d| said_required.is_none() && !d.is_empty() && !d.eq_ignore_ascii_case("none") && d != "-");
            let required =
                location == ParamLocation::Path || said_required.unwrap_or(!ty.is_option() && default.is_none());
            params.push(Param {
                constraints: Default::default(),
                name,
                location,
                required,
                ty,
                default,
                description: description.map(|d| d.markdown.clone()).unwrap_or_default(),
                source: context.source(row.span),
            });
        }
    }
    params
}

fn parse_location(text: &str) -> Option<ParamLocation> {
    match text.to_lowercase().as_str() {
        "path" => Some(ParamLocation::Path),
        "query" => Some(ParamLocation::Query),
        "header" => Some(ParamLocation::Header),
        "body" => Some(ParamLocation::Body),
        _ => None,
    }
}

/// Rewrites `:name`, `{name}` and bare `name` segments as `{name}`, and makes
/// the parameters agree with the path.
fn normalize_path(context: &mut Context<'_>, line: &EndpointLine, params: &mut Vec<Param>) -> String {
    let names: BTreeSet<String> = params
        .iter()
        .filter(|p| !p.name.is_empty() && p.location != ParamLocation::Body)
        .map(|p| p.name.clone())
        .collect();
    let mut placeholders = Vec::new();
    let mut segments = Vec::new();
    for segment in line.path.split('/') {
        let placeholder = if let Some(name) = segment.strip_prefix(':') {
            Some(name.to_string())
        } else if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name.to_string())
        } else if names.contains(segment) {
            context.push(
                Diagnostic::warning(
                    Code::SL011,
                    format!("the path segment `{segment}` names a parameter but has no `:`; read as a placeholder"),
                )
                .at(line.span)
                .help(format!("write `:{segment}` in the path")),
            );
            Some(segment.to_string())
        } else if looks_like_placeholder(segment) {
            context.push(
                Diagnostic::warning(
                    Code::SL011,
                    format!(
                        "the path segment `{segment}` looks like a placeholder but has no `:`; read as a placeholder"
                    ),
                )
                .at(line.span)
                .help(format!("write `:{segment}` and document the parameter")),
            );
            Some(segment.to_string())
        } else {
            None
        };
        match placeholder {
            Some(name) => {
                segments.push(format!("{{{name}}}"));
                placeholders.push(name);
            }
            None => segments.push(segment.to_string()),
        }
    }
    reconcile_path_params(context, line, &placeholders, params);
    segments.join("/")
}

/// `agency_uid`, `ticket_id`: snake_case names of identifiers.
fn looks_like_placeholder(segment: &str) -> bool {
    segment.contains('_')
        && (segment.ends_with("_uid") || segment.ends_with("_id"))
        && segment.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn reconcile_path_params(
    context: &mut Context<'_>,
    line: &EndpointLine,
    placeholders: &[String],
    params: &mut Vec<Param>,
) {
    for name in placeholders {
        match params.iter_mut().find(|p| &p.name == name) {
            Some(param) if param.location != ParamLocation::Path => {
                context.push(
                    Diagnostic::warning(
                        Code::SL010,
                        format!("`{name}` is in the path but listed `in {}`; read as a path parameter", param.location),
                    )
                    .at_opt(context.span_of(&param.source))
                    .help("write `path` in its In column"),
                );
                param.location = ParamLocation::Path;
                param.required = true;
                param.ty = param.ty.unwrap_option().clone();
            }
            Some(_) => {}
            None => {
                context.push(
                    Diagnostic::warning(
                        Code::SL010,
                        format!("the path placeholder `{name}` has no parameter row; read as a string"),
                    )
                    .at(line.span)
                    .help(format!("add a row `{name} | path | String | | ...` to the parameters table")),
                );
                params.push(Param {
                    constraints: Default::default(),
                    name: name.clone(),
                    location: ParamLocation::Path,
                    ty: TypeRef::String,
                    required: true,
                    default: None,
                    description: UNDOCUMENTED.to_string(),
                    source: context.source(line.span),
                });
            }
        }
    }
    for param in params.iter().filter(|p| p.location == ParamLocation::Path && !placeholders.contains(&p.name)) {
        context.push(
            Diagnostic::warning(
                Code::SL010,
                format!("the path parameter `{}` does not appear in the path", param.name),
            )
            .at_opt(context.span_of(&param.source))
            .help(format!("add `:{}` to the path, or list the parameter in query", param.name)),
        );
    }
}

/// The body: one row naming a model, or one row per field, which becomes a
/// model of its own (named after its `Constant`, if it has one).
fn request_body(
    context: &mut Context<'_>,
    section: &Section,
    operation: &str,
    group: &str,
    params: &[Param],
    models: &mut Vec<Model>,
) -> Option<Body> {
    let rows: Vec<&Param> = params.iter().filter(|p| p.location == ParamLocation::Body).collect();
    match rows.as_slice() {
        [] => return None,
        [single] if matches!(single.ty.unwrap_option(), TypeRef::Named(_)) => {
            return Some(Body {
                media_type: None,
                optional: false,
                ty: single.ty.unwrap_option().clone(),
                synthesized: false,
            });
        }
        _ => {}
    }
    let fields: Vec<Field> = rows
        .iter()
        .filter(|p| !p.name.is_empty())
        .map(|p| Field {
            constraints: Default::default(),
            name: p.name.clone(),
            ty: p.ty.clone(),
            required: !p.ty.is_option(),
            constant: (p.ty == TypeRef::Constant).then(|| constant_of(&p.description)),
            variant_by: None,
            description: p.description.clone(),
            source: p.source.clone(),
        })
        .collect();
    let field_names: BTreeSet<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    let constant = fields.iter().find_map(|f| f.constant.clone()).filter(|c| super::names::is_type_name(c));
    if let Some(name) = &constant {
        if let Some(existing) = models.iter().find(|m| &m.name == name) {
            let existing_names: BTreeSet<&str> = existing.fields.iter().map(|f| f.name.as_str()).collect();
            if existing_names == field_names {
                return Some(Body {
                    media_type: None,
                    optional: false,
                    ty: TypeRef::Named(name.clone()),
                    synthesized: false,
                });
            }
        }
    }
    let same_shape = models.iter().find(|m| {
        context.synthesized_bodies.contains(&m.name)
            && m.fields.len() == fields.len()
            && m.fields.iter().zip(&fields).all(|(a, b)| a.name == b.name && a.ty == b.ty)
    });
    if let Some(existing) = same_shape {
        return Some(Body {
            media_type: None,
            optional: false,
            ty: TypeRef::Named(existing.name.clone()),
            synthesized: true,
        });
    }
    let name = match constant {
        Some(name) if !context.known.contains_key(&name) => name,
        _ => unique_name(context, &format!("{operation}Body")),
    };
    context.known.insert(name.clone(), Known::Model);
    context.synthesized_bodies.insert(name.clone());
    models.push(Model {
        exclusive: false,
        inline: false,
        name: name.clone(),
        kind: ModelKind::Struct,
        group: group.to_string(),
        description: format!("The request body of *{}*.", section.title),
        fields,
        tag: None,
        variants: Vec::new(),
        values: Vec::new(),
        alias: None,
        examples: Vec::new(),
        source: context.source(section.heading),
    });
    Some(Body { media_type: None, optional: false, ty: TypeRef::Named(name), synthesized: true })
}

fn unique_name(context: &Context<'_>, base: &str) -> String {
    let mut name = base.to_string();
    let mut counter = 2;
    while context.known.contains_key(&name) {
        name = format!("{base}{counter}");
        counter += 1;
    }
    name
}

fn constant_of(description: &str) -> String {
    description.trim().trim_matches(|c: char| c == '"' || c == '`' || c == '\'' || c.is_whitespace()).to_string()
}

fn read_responses(context: &mut Context<'_>, section: &Section, line: &EndpointLine) -> Vec<Response> {
    let mut responses = Vec::new();
    let mut found = false;
    for table in tables_of(section, TableKind::Responses) {
        found = true;
        let Some(columns) = check_columns(context, table, TableKind::Responses) else { continue };
        for row in &tables::rows(context, table) {
            let code = cell_word(row, columns.status);
            let Ok(status) = code.parse::<u16>() else {
                context.push(
                    Diagnostic::warning(
                        Code::SL023,
                        format!("`{code}` is not an HTTP status code; this row is skipped"),
                    )
                    .at(row.span)
                    .help("write a status such as `200` in the first column"),
                );
                continue;
            };
            let mut no_enum = |_: &mut Context<'_>, _: &[String]| TypeRef::String;
            let ty =
                cell(row, columns.ty).and_then(|c| resolve_cell(context, c, &mut no_enum)).unwrap_or(TypeRef::Empty);
            responses.push(Response {
                headers: Vec::new(),
                status,
                ty,
                description: cell(row, columns.description).map(|d| d.markdown.clone()).unwrap_or_default(),
                source: context.source(row.span),
            });
        }
    }
    if !found {
        context.push(
            Diagnostic::warning(Code::SL017, format!("`{} {}` has no responses table", line.method, line.path))
                .at(section.heading)
                .help("add a `### Responses` section with a `Http code | Type | Description` table"),
        );
    }
    responses
}

/// A collection read with `range`: the item type comes from the success
/// response, an array or an object holding one array field.
fn pagination(params: &[Param], responses: &[Response], models: &[Model]) -> Option<Pagination> {
    let range = params.iter().find(|p| p.location == ParamLocation::Query && p.name.eq_ignore_ascii_case("range"))?;
    let success = responses.iter().find(|r| r.status == 200).or_else(|| responses.iter().find(|r| r.status == 206))?;
    let (item, items_field) = match &success.ty {
        TypeRef::Array(item) | TypeRef::NonEmptyList(item) => ((**item).clone(), None),
        TypeRef::Named(name) => {
            let model = models.iter().find(|m| &m.name == name && m.kind == ModelKind::Struct)?;
            let arrays: Vec<&Field> = model.fields.iter().filter(|f| matches!(f.ty, TypeRef::Array(_))).collect();
            let field = arrays.iter().find(|f| f.name == "result").or_else(|| arrays.first())?;
            let TypeRef::Array(item) = &field.ty else { return None };
            ((**item).clone(), Some(field.name.clone()))
        }
        _ => return None,
    };
    Some(Pagination { param: range.name.clone(), item, items_field })
}

/// Ids from headings; a repeated heading falls back to method and path.
pub(crate) fn assign_ids(endpoints: &mut [Endpoint]) {
    let mut seen = BTreeSet::new();
    for endpoint in endpoints.iter_mut() {
        let mut id = endpoint.id.clone();
        if id.is_empty() || seen.contains(&id) {
            id = snake_case(&format!("{} {}", endpoint.method, endpoint.path));
        }
        let base = id.clone();
        let mut counter = 2;
        while seen.contains(&id) {
            id = format!("{base}_{counter}");
            counter += 1;
        }
        seen.insert(id.clone());
        endpoint.id = id;
    }
}

/// Logins are `POST .../login` endpoints; the cookie is the one their
/// examples show (`Cookie:` or `Set-Cookie:`), else any example's.
pub(crate) fn auth(_context: &Context<'_>, endpoints: &[Endpoint]) -> Option<Auth> {
    let logins: Vec<&Endpoint> =
        endpoints.iter().filter(|e| e.method == "POST" && e.path.trim_end_matches('/').ends_with("/login")).collect();
    if logins.is_empty() {
        return None;
    }
    let cookie_in = |endpoints: &mut dyn Iterator<Item = &Endpoint>| {
        endpoints
            .flat_map(|e| &e.examples)
            .filter(|x| x.kind == ExampleKind::Response)
            .flat_map(|x| &x.headers)
            .filter(|(name, _)| name.eq_ignore_ascii_case("cookie") || name.eq_ignore_ascii_case("set-cookie"))
            .find_map(|(_, value)| value.split_once('=').map(|(name, _)| name.trim().to_string()))
    };
    let cookie = cookie_in(&mut logins.iter().copied()).or_else(|| cookie_in(&mut endpoints.iter()))?;
    Some(Auth { cookie, logins: logins.iter().map(|e| e.id.clone()).collect() })
}
