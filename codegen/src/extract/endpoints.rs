//! Operations: the endpoint line, the parameters and responses tables, the
//! examples, and what follows from them (path placeholders, the request
//! body, pagination, the session cookie).

use std::collections::BTreeSet;

use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{
    Auth, Body, Endpoint, ExampleKind, Field, Model, ModelShape, Pagination, Param, ParamLocation, Response, TypeRef,
};
use crate::reader::{Section, Table, Text};

use super::endpoint_lines::{self, LineShape, RestFamilies};
use super::examples::operation_examples;
use super::models::{inline_enum, section_description, EnumSite};
use super::names::pascal_case;
use super::operation_tables::{
    named_field_models, response_from_example, response_from_tables, unlocated_params, Operation,
};
use super::tables::{self, cell, cell_word, check_columns, TableKind};
use super::types::resolve_cell;
use super::vocabulary::requiredness_word;
use super::{Context, Item, Known};

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

pub(crate) use super::endpoint_lines::EndpointLine;

/// The first endpoint line of a paragraph, whichever line of it holds one.
pub(crate) fn endpoint_in_paragraph(text: &Text) -> Option<EndpointLine> {
    endpoint_lines::paragraph_lines(text).into_iter().find_map(|(plain, span)| {
        let (method, target) = endpoint_lines::parse_endpoint_text(&plain).into_iter().next()?;
        Some(EndpointLine {
            method,
            path: target.path,
            server: target.server,
            query: target.query,
            span,
            shape: endpoint_lines::LineShape::Paragraph,
        })
    })
}

/// The first endpoint line in a section or the sections under it.
pub(crate) fn find_endpoint_line(section: &Section, families: &RestFamilies) -> Option<EndpointLine> {
    endpoint_lines::all_lines(section, families).into_iter().next()
}

/// The distinct endpoints a section's lines name. A heading and the line
/// under it naming one route (`### GET /things` over `` `GET /things` ``, or a
/// heading that leaves out the base path) are one endpoint; so are example
/// lines that differ only where the other has a placeholder
/// (`/things/42` and `/things/{id}`). The fullest line stands for each.
pub(crate) fn distinct_lines(lines: Vec<EndpointLine>) -> Vec<EndpointLine> {
    let mut distinct: Vec<EndpointLine> = Vec::new();
    for line in lines {
        match distinct.iter_mut().find(|kept| same_endpoint(kept, &line)) {
            Some(kept) => {
                let mut query = std::mem::take(&mut kept.query);
                if fuller(&line, kept) {
                    *kept = line.clone();
                }
                for q in line.query.into_iter().chain(std::mem::take(&mut kept.query)) {
                    if !query.iter().any(|k| k.name == q.name) {
                        query.push(q);
                    }
                }
                kept.query = query;
            }
            None => distinct.push(line),
        }
    }
    distinct
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

fn same_endpoint(a: &EndpointLine, b: &EndpointLine) -> bool {
    if a.method != b.method {
        return false;
    }
    let (sa, sb) = (segments(&a.path), segments(&b.path));
    let matches = |x: &[&str], y: &[&str]| {
        x.len() == y.len()
            && x.iter().zip(y).all(|(p, q)| {
                p == q
                    || explicit_placeholder(p)
                    || explicit_placeholder(q)
                    || is_example_value(p)
                    || is_example_value(q)
            })
    };
    if matches(&sa, &sb) {
        return true;
    }
    // Headings often leave out the base path the line under them writes.
    let heading_suffix = |short: &[&str], long: &[&str]| {
        !short.is_empty() && short.len() < long.len() && matches(short, &long[long.len() - short.len()..])
    };
    (a.shape == LineShape::Heading && heading_suffix(&sa, &sb))
        || (b.shape == LineShape::Heading && heading_suffix(&sb, &sa))
}

fn explicit_placeholder(segment: &str) -> bool {
    segment.starts_with(':') || segment.contains('{') || segment.contains('<')
}

/// `42`, `+15550100`, a UUID: a value written where a placeholder belongs.
fn is_example_value(segment: &str) -> bool {
    let stem = segment.split('.').next().unwrap_or(segment);
    let digits = stem.strip_prefix('+').unwrap_or(stem);
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())) || super::is_uuid(stem)
}

/// Whether `line` says more than `kept`: a server, more segments, more
/// placeholders (an example value becomes one).
fn fuller(line: &EndpointLine, kept: &EndpointLine) -> bool {
    let score = |l: &EndpointLine| {
        let segments = segments(&l.path);
        let placeholders = segments.iter().filter(|s| explicit_placeholder(s) || is_example_value(s)).count();
        (usize::from(l.server.is_some()), segments.len(), placeholders)
    };
    score(line) > score(kept)
}

fn tables_of(section: &Section, kind: TableKind) -> impl Iterator<Item = &Table> {
    section.walk().into_iter().flat_map(|s| s.tables()).filter(move |t| TableKind::of(t) == kind)
}

/// The endpoints of an operation section: one per distinct endpoint line,
/// sharing the section's tables and examples.
pub(crate) fn extract_endpoints(context: &mut Context<'_>, item: &Item<'_>, models: &mut Vec<Model>) -> Vec<Endpoint> {
    let section = item.section;
    let all = endpoint_lines::all_lines(section, &context.families);
    for line in &all {
        context.lines_read.insert(line.span);
    }
    report_unreadable_lines(context, section);
    let lines = distinct_lines(all.clone());
    let line_spans: Vec<_> = lines.iter().map(|line| line.span).collect();
    let chosen = super::operation_names::chosen_name(context, &[section], &line_spans);
    let several = lines.len() > 1;
    let mut endpoints = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        // A list of bare links names several operations in one section: a
        // table there describes the link it follows, not all of them.
        let owner = (several && line.shape == LineShape::Autolink).then_some(TableOwner { line, all: &all });
        let endpoint = extract_endpoint(context, item, line, owner, models);
        endpoints.push(Endpoint { chosen_name: chosen[index].clone(), ..endpoint });
    }
    endpoints
}

/// SL020: a line of the operation that starts like an endpoint line but
/// cannot be read as one.
fn report_unreadable_lines(context: &mut Context<'_>, section: &Section) {
    for (text, span) in endpoint_lines::unreadable_lines(section) {
        context.lines_reported.insert(span);
        context.push(
            Diagnostic::warning(
                Code::SL020,
                format!("`{text}` starts like an endpoint line but says more; it is not read"),
            )
            .at(span)
            .help("write each endpoint on a line of its own: a method and a path or URL, nothing else"),
        );
    }
}

/// Which tables of a section of bare links belong to one of them: those
/// whose nearest link before them names the same endpoint.
struct TableOwner<'l> {
    line: &'l EndpointLine,
    all: &'l [EndpointLine],
}

impl TableOwner<'_> {
    fn owns(&self, table: &Table) -> bool {
        let before = |l: &&EndpointLine| l.span.file == table.span.file && l.span.start < table.span.start;
        let nearest = self.all.iter().filter(before).max_by_key(|l| l.span.start);
        nearest.is_some_and(|l| same_endpoint(l, self.line))
    }
}

fn extract_endpoint(
    context: &mut Context<'_>,
    item: &Item<'_>,
    line: &EndpointLine,
    owner: Option<TableOwner<'_>>,
    models: &mut Vec<Model>,
) -> Endpoint {
    let section = item.section;
    let operation = pascal_case(&section.title);
    let mut params = read_params(context, section, &operation, item.group);
    let examples = operation_examples(context, section);
    let place = Operation {
        method: &line.method,
        path: &line.path,
        name: &operation,
        group: item.group,
        title: &section.title,
    };
    // A bare link gives its parameters in its query string; a table after it
    // says what reading it gives back.
    if owner.is_none() {
        let unlocated = unlocated_params(context, section, &place, &params);
        params.extend(unlocated);
    }
    named_field_models(context, section, &place, models);
    let path = normalize_path(context, line, &mut params);
    add_query_params(context, line, &mut params);
    let body = request_body(context, section, &operation, item.group, &params, models);
    let mut responses = read_responses(context, section);
    if responses.is_empty() {
        let owns = |table: &Table| owner.as_ref().is_some_and(|o| o.owns(table));
        let derived = response_from_tables(context, section, &place, &owns, &examples, models)
            .or_else(|| response_from_example(context, &place, &examples, models));
        match derived {
            Some(response) => responses.push(response),
            None if tables_of(section, TableKind::Responses).next().is_none() => context.push(
                Diagnostic::warning(Code::SL017, format!("`{} {}` has no responses table", line.method, line.path))
                    .at(section.heading)
                    .help("add a `### Responses` section with a `Http code | Type | Description` table"),
            ),
            None => {}
        }
    }
    let pagination = pagination(&params, &responses, models);
    if let Some(server) = &line.server {
        if !context.servers.contains(server) {
            context.servers.push(server.clone());
        }
    }
    Endpoint {
        operation_id: None,
        chosen_name: None,
        security: None,
        // Named once every endpoint is known (`operation_names`).
        id: String::new(),
        name: section.title.clone(),
        group: item.group.to_string(),
        method: line.method.clone(),
        path,
        description: section_description(context, section),
        params,
        body,
        responses,
        pagination,
        examples,
        source: context.source(section.heading),
    }
}

/// Query parameters the endpoint line shows (`?page=1`) and no table lists.
fn add_query_params(context: &Context<'_>, line: &EndpointLine, params: &mut Vec<Param>) {
    for query in &line.query {
        if params.iter().any(|p| p.name == query.name) {
            continue;
        }
        let ty = match &query.example {
            Some(value) if value.parse::<i64>().is_ok() => TypeRef::Long,
            _ => TypeRef::String,
        };
        params.push(Param {
            name: query.name.clone(),
            location: ParamLocation::Query,
            ty,
            required: false,
            default: None,
            description: query.example.as_ref().map(|e| format!("Example: `{e}`.")).unwrap_or_default(),
            constraints: crate::ir::Constraints::default(),
            source: context.source(line.span),
        });
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

/// Rewrites every placeholder of the path as `{name}` and makes the
/// parameters agree with the path. Explicit placeholders (`:id`, `{id}`,
/// `{{id}}`, `<id>`) and `YOUR_ID`-like capitals are read silently; a bare
/// segment named like a documented path parameter, an identifier-like
/// `thing_uid` or an example value (`42`, a UUID) is read with a warning. A
/// parameter of another location never turns a literal segment into one.
fn normalize_path(context: &mut Context<'_>, line: &EndpointLine, params: &mut Vec<Param>) -> String {
    let path_names: BTreeSet<String> = params
        .iter()
        .filter(|p| !p.name.is_empty() && p.location == ParamLocation::Path)
        .map(|p| p.name.clone())
        .collect();
    let mut placeholders: Vec<String> = Vec::new();
    let mut segments = Vec::new();
    let mut previous_literal = false;
    for segment in line.path.split('/') {
        let reading = placeholder_segment(segment, &path_names, previous_literal);
        previous_literal = reading.names.is_empty() && segment.chars().any(|c| c.is_alphabetic());
        if let Some(warning) = reading.guess {
            context.push(
                Diagnostic::warning(Code::SL011, warning.message(segment, &reading.text))
                    .at(line.span)
                    .help(warning.help(segment, &reading.text)),
            );
        }
        for name in reading.names {
            let name = unique_placeholder(&placeholders, name);
            placeholders.push(name);
        }
        segments.push(reading.text);
    }
    reconcile_path_params(context, line, &placeholders, params);
    segments.join("/")
}

/// `id`, then `id2` if the path already has an `{id}` read from an example value.
fn unique_placeholder(taken: &[String], name: String) -> String {
    if !taken.contains(&name) {
        return name;
    }
    (2..).map(|n| format!("{name}{n}")).find(|candidate| !taken.contains(candidate)).unwrap_or(name)
}

/// Why a bare segment was read as a placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Guess {
    DocumentedName,
    IdentifierLike,
    ExampleValue,
}

impl Guess {
    fn message(self, segment: &str, text: &str) -> String {
        match self {
            Guess::DocumentedName => {
                format!("the path segment `{segment}` names a parameter but has no `:`; read as a placeholder")
            }
            Guess::IdentifierLike => {
                format!("the path segment `{segment}` looks like a placeholder but has no `:`; read as a placeholder")
            }
            Guess::ExampleValue => format!("the path segment `{segment}` is an example value; read as `{text}`"),
        }
    }

    fn help(self, segment: &str, text: &str) -> String {
        match self {
            Guess::DocumentedName => format!("write `:{segment}` in the path"),
            Guess::IdentifierLike => format!("write `:{segment}` and document the parameter"),
            Guess::ExampleValue => format!("write `{text}` in the path and document the parameter"),
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
struct SegmentReading {
    text: String,
    names: Vec<String>,
    guess: Option<Guess>,
}

/// One path segment with its placeholder written `{name}`, an extension
/// (`{id}.json`) kept.
fn placeholder_segment(segment: &str, path_names: &BTreeSet<String>, after_literal: bool) -> SegmentReading {
    let literal = || SegmentReading { text: segment.to_string(), names: Vec::new(), guess: None };
    if segment.is_empty() {
        return literal();
    }
    if segment.contains('{') || segment.contains('<') {
        return braced_placeholders(segment);
    }
    let (stem, extension) = split_extension(segment);
    let placeholder = |name: &str, guess| SegmentReading {
        text: format!("{{{name}}}{extension}"),
        names: vec![name.to_string()],
        guess,
    };
    if let Some(name) = stem.strip_prefix(':').filter(|n| !n.is_empty()) {
        return placeholder(name, None);
    }
    if is_capital_placeholder(stem) {
        return placeholder(&stem.to_ascii_lowercase(), None);
    }
    if path_names.contains(stem) {
        return placeholder(stem, Some(Guess::DocumentedName));
    }
    if looks_like_placeholder(stem) {
        return placeholder(stem, Some(Guess::IdentifierLike));
    }
    if after_literal && is_example_value(stem) {
        return placeholder("id", Some(Guess::ExampleValue));
    }
    literal()
}

/// `{id}`, `{{id}}`, `<id>`, `<invoice-id>`, `file-{n}`: each becomes `{name}`.
fn braced_placeholders(segment: &str) -> SegmentReading {
    let mut text = String::new();
    let mut names = Vec::new();
    let mut rest = segment;
    while let Some(open) = rest.find(['{', '<']) {
        text.push_str(&rest[..open]);
        let close_char = if rest[open..].starts_with('{') { '}' } else { '>' };
        let Some(close) = rest[open..].find(close_char) else { break };
        let name = rest[open..open + close].trim_start_matches(['{', '<']).trim();
        let after = rest[open + close..].trim_start_matches(close_char);
        if name.is_empty() {
            text.push_str(&rest[open..open + close + 1]);
        } else {
            text.push_str(&format!("{{{name}}}"));
            names.push(name.to_string());
        }
        rest = after;
    }
    text.push_str(rest);
    SegmentReading { text, names, guess: None }
}

/// `things.json` → (`things`, `.json`): a short alphabetic extension.
fn split_extension(segment: &str) -> (&str, &str) {
    match segment.rfind('.') {
        Some(at)
            if at > 0
                && (2..=5).contains(&(segment.len() - at - 1))
                && segment[at + 1..].chars().all(|c| c.is_ascii_alphabetic()) =>
        {
            (&segment[..at], &segment[at..])
        }
        _ => (segment, ""),
    }
}

/// `YOUR_PROJECT_ID`, `TEST_ID`: capitals joined by `_`, the way documents
/// write a value to fill in.
fn is_capital_placeholder(stem: &str) -> bool {
    stem.contains('_')
        && stem.starts_with(|c: char| c.is_ascii_uppercase())
        && stem.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && !stem.ends_with('_')
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
    // An optional field of the body named like a placeholder repeats it (a
    // resource's own `contract_id`): it stays in the body, and the path gets
    // its parameter as well, since a path parameter is never optional.
    let repeats_in_body = |p: &Param| p.location == ParamLocation::Body && !p.required;
    for name in placeholders {
        if let Some(field) = params.iter().find(|p| &p.name == name && repeats_in_body(p)) {
            if !params.iter().any(|p| &p.name == name && p.location == ParamLocation::Path) {
                let path_param = Param {
                    location: ParamLocation::Path,
                    required: true,
                    ty: field.ty.unwrap_option().clone(),
                    default: None,
                    ..field.clone()
                };
                params.push(path_param);
            }
            continue;
        }
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
            let existing_names: BTreeSet<&str> = existing.fields().iter().map(|f| f.name.as_str()).collect();
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
            && m.fields().len() == fields.len()
            && m.fields().iter().zip(&fields).all(|(a, b)| a.name == b.name && a.ty == b.ty)
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
    let mut body = Model::new(name.clone(), group, ModelShape::Struct { fields }, context.source(section.heading));
    body.description = format!("The request body of *{}*.", section.title);
    models.push(body);
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

/// The rows of the responses tables; without one, the caller looks for
/// response fields or an example before reporting it.
fn read_responses(context: &mut Context<'_>, section: &Section) -> Vec<Response> {
    let mut responses = Vec::new();
    for table in tables_of(section, TableKind::Responses) {
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
            let fields = models.iter().filter(|m| &m.name == name).find_map(Model::struct_fields)?;
            let arrays: Vec<&Field> = fields.iter().filter(|f| matches!(f.ty, TypeRef::Array(_))).collect();
            let field = arrays.iter().find(|f| f.name == "result").or_else(|| arrays.first())?;
            let TypeRef::Array(item) = &field.ty else { return None };
            ((**item).clone(), Some(field.name.clone()))
        }
        _ => return None,
    };
    Some(Pagination::range(range.name.clone(), item, items_field))
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

#[cfg(test)]
#[path = "endpoint_shapes_tests.rs"]
mod shapes_tests;
