//! Tables under an operation that do not say where their rows go (no
//! location column): the heading or the short paragraph above a table says
//! it (`Query Parameters`, `Body Parameters`, `Response`, `Respuesta`…), else
//! the path and the method do. And what an operation answers when no
//! responses table says it: a table of response fields, or its JSON example.

use serde_json::Value;

use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{Example, ExampleKind, Field, Model, ModelShape, Param, ParamLocation, Response, Source, TypeRef};
use crate::reader::{Block, Section, Table};

use super::infer::{infer_type, Knowledge};
use super::models::{inline_enum, read_field_rows, EnumSite};
use super::names::pascal_case;
use super::tables::{self, cell, cell_word, TableKind};
use super::types::resolve_cell;
use super::vocabulary::{fields_heading_subject, heading_location, is_response_heading, requiredness_word};
use super::{Context, Known};

/// What the words around a table say it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placement<'t> {
    Parameters(ParamLocation),
    ResponseFields,
    /// The fields of a named thing the operation answers (`Atributos Medio`).
    ModelFields(&'t str),
}

/// A field table of an operation with the words above it: the paragraph
/// right before it (`**Query parameters**`), then the headings between it and
/// the operation's own heading, nearest first.
type Placed<'s> = (&'s Table, Option<Placement<'s>>);

fn placed_tables<'s>(section: &'s Section, method: &str) -> Vec<Placed<'s>> {
    fn walk<'s>(section: &'s Section, method: &str, headings: &mut Vec<&'s str>, out: &mut Vec<Placed<'s>>) {
        let mut lead_in: Option<&str> = None;
        for block in &section.blocks {
            match block {
                Block::Table(table) if TableKind::of(table) == TableKind::Fields => {
                    let words = lead_in.into_iter().chain(headings.iter().rev().copied());
                    let placement = words.into_iter().find_map(placement_of);
                    out.push((table, placement.map(|p| sent_by_the_client(p, table, method))));
                    lead_in = None;
                }
                Block::Paragraph(text) if text.plain.split_whitespace().count() <= 6 => lead_in = Some(&text.plain),
                _ => lead_in = None,
            }
        }
        for child in &section.children {
            headings.push(&child.title);
            walk(child, method, headings, out);
            headings.pop();
        }
    }
    let mut out = Vec::new();
    walk(section, method, &mut Vec::new(), &mut out);
    out
}

/// The fields of a named thing (`New Card Attributes`) under an operation
/// that sends a body, in a table that says which rows are required: what
/// the client must send, since nobody is required to put a field in an
/// answer. Without such a column the thing is read as what the operation
/// answers.
fn sent_by_the_client<'s>(placement: Placement<'s>, table: &Table, method: &str) -> Placement<'s> {
    let sends_a_body = matches!(method, "POST" | "PUT" | "PATCH");
    let columns = tables::Columns::of(table);
    let says_requiredness = columns.required.is_some() || columns.optional.is_some();
    match placement {
        Placement::ModelFields(_) if sends_a_body && says_requiredness => Placement::Parameters(ParamLocation::Body),
        other => other,
    }
}

fn placement_of(words: &str) -> Option<Placement<'_>> {
    if is_response_heading(words) {
        return Some(Placement::ResponseFields);
    }
    if let Some(location) = heading_location(words) {
        return Some(Placement::Parameters(location));
    }
    fields_heading_subject(words).map(|_| Placement::ModelFields(words))
}

/// Placeholders of a path as written: `:id`, `{id}`, `{{id}}`, `<id>`.
fn path_placeholders(path: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(at) = rest.find([':', '{', '<']) {
        let tail = rest[at + 1..].trim_start_matches(['{', '<']);
        let end = tail.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')).unwrap_or(tail.len());
        if end > 0 {
            names.push(placeholder_key(&tail[..end]));
        }
        rest = &tail[end..];
    }
    names
}

fn placeholder_key(name: &str) -> String {
    name.to_lowercase().replace('-', "_")
}

/// The operation an endpoint line names, for the tables under it.
pub(crate) struct Operation<'a> {
    pub method: &'a str,
    /// The path as written on the endpoint line.
    pub path: &'a str,
    /// The operation's name in PascalCase, for the models made for it.
    pub name: &'a str,
    pub group: &'a str,
    pub title: &'a str,
}

/// Parameters of the operation's field tables (tables without a location
/// column), with the location their heading gives or the one inferred: a
/// path placeholder is a path parameter, the rest are query parameters for
/// GET, DELETE and HEAD and body fields otherwise. One note per operation
/// says what was inferred. Names already documented are left alone.
pub(crate) fn unlocated_params(
    context: &mut Context<'_>,
    section: &Section,
    operation: &Operation<'_>,
    documented: &[Param],
) -> Vec<Param> {
    let placeholders = path_placeholders(operation.path);
    let in_query = matches!(operation.method, "GET" | "DELETE" | "HEAD");
    let mut params: Vec<Param> = Vec::new();
    let mut inferred: Vec<(String, ParamLocation)> = Vec::new();
    let mut first_table = None;
    for (table, placement) in placed_tables(section, operation.method) {
        let given = match placement {
            Some(Placement::ResponseFields | Placement::ModelFields(_)) => continue,
            Some(Placement::Parameters(location)) => Some(location),
            None => None,
        };
        let Some(columns) = tables::untyped_columns(table) else { continue };
        let rows = tables::rows(context, table);
        let unmarked_required = tables::marks_only_optional_names(&rows, &columns);
        for row in &rows {
            let name_cell = tables::name_cell(row, columns.name);
            let name = name_cell.name.clone();
            let taken = |p: &Param| p.name == name;
            if name.is_empty() || documented.iter().any(taken) || params.iter().any(taken) {
                continue;
            }
            let read = tables::row_requiredness(row, &columns, &name_cell);
            // A row said to be optional is no path parameter, even named like
            // a placeholder: a field of the body that repeats it.
            let said_optional = read.as_ref().is_some_and(|r| !r.required && r.condition.is_none());
            let placeholder = placeholders.contains(&placeholder_key(&name)) && !said_optional;
            // `URL Parameters` holds path placeholders in some documents and
            // the query string in others: the path tells which.
            let given = match given {
                Some(ParamLocation::Path) if !placeholder => Some(ParamLocation::Query),
                other => other,
            };
            let location = given.unwrap_or_else(|| {
                let location = if placeholder {
                    ParamLocation::Path
                } else if in_query {
                    ParamLocation::Query
                } else {
                    ParamLocation::Body
                };
                inferred.push((name.clone(), location));
                first_table.get_or_insert(table.span);
                location
            });
            let description = cell(row, columns.description);
            let inline = name_cell.ty.as_deref().and_then(|ty| tables::inline_type_cell(row, columns.name, ty));
            let type_cell = cell(row, columns.ty).filter(|c| !c.plain.trim().is_empty()).or(inline.as_ref());
            let mut on_enum = |context: &mut Context<'_>, literals: &[String]| {
                let site = EnumSite { owner: operation.name, group: operation.group, field: &name, row, description };
                inline_enum(context, site, literals, &[])
            };
            let mut ty = type_cell.and_then(|c| resolve_cell(context, c, &mut on_enum)).unwrap_or(TypeRef::String);
            // Nothing said: a parameter of another documentation's table is
            // optional unless its type says otherwise.
            let required = location == ParamLocation::Path || read.as_ref().map_or(unmarked_required, |r| r.required);
            if location == ParamLocation::Body && !required && !ty.is_option() {
                ty = TypeRef::Option(Box::new(ty));
            }
            let default_text = cell_word(row, columns.default);
            let default = Some(default_text).filter(|d| {
                requiredness_word(d).is_none() && !d.is_empty() && !d.eq_ignore_ascii_case("none") && d != "-"
            });
            let mut description = description.map(|d| d.markdown.clone()).unwrap_or_default();
            if let Some(condition) = read.and_then(|r| r.condition) {
                description = format!("{description}\n\nRequired: {condition}").trim().to_string();
            }
            params.push(Param {
                name,
                location,
                required,
                ty,
                default,
                description,
                constraints: crate::ir::Constraints::default(),
                source: context.source(row.span),
            });
        }
    }
    if let Some(span) = first_table {
        context.push(inference_note(operation, &inferred).at(span));
    }
    params
}

fn inference_note(operation: &Operation<'_>, inferred: &[(String, ParamLocation)]) -> Diagnostic {
    let list = |location: ParamLocation| {
        let names: Vec<String> =
            inferred.iter().filter(|(_, l)| *l == location).map(|(name, _)| format!("`{name}`")).collect();
        names.join(", ")
    };
    let mut parts = Vec::new();
    for (location, what) in [
        (ParamLocation::Path, "path parameters (placeholders of the path)"),
        (ParamLocation::Query, "query parameters"),
        (ParamLocation::Body, "fields of the request body"),
    ] {
        let names = list(location);
        if !names.is_empty() {
            parts.push(format!("{names} as {what}"));
        }
    }
    Diagnostic::new(
        crate::diagnostics::Severity::Note,
        Code::SL040,
        format!(
            "the parameters of `{} {}` have no location column; read {}",
            operation.method,
            operation.path,
            parts.join("; ")
        ),
    )
    .help("add an `In` column (path, query, header or body), or put the table under a `Query Parameters` or `Body Parameters` heading")
}

/// The response model of an operation from its response field tables
/// (under `Response`, `Returns`, `Respuesta`…, or tables without such words
/// that `answered` claims), named after the operation.
pub(crate) fn response_from_tables(
    context: &mut Context<'_>,
    section: &Section,
    operation: &Operation<'_>,
    answered: &dyn Fn(&Table) -> bool,
    examples: &[Example],
    models: &mut Vec<Model>,
) -> Option<Response> {
    let mut fields: Vec<Field> = Vec::new();
    let mut first = None;
    for (table, placement) in placed_tables(section, operation.method) {
        let unplaced_and_claimed = placement.is_none() && answered(table);
        if placement != Some(Placement::ResponseFields) && !unplaced_and_claimed {
            continue;
        }
        let Some(columns) = tables::untyped_columns(table) else { continue };
        first.get_or_insert(table.span);
        let name = format!("{}Response", operation.name);
        let nested = register_dotted_prefixes(context, table, columns);
        let rows = read_field_rows(context, &name, operation.group, table, columns, &[]).fields;
        for field in split_dotted(context, rows, &nested, operation.group, models) {
            if !fields.iter().any(|f| f.name == field.name) {
                fields.push(field);
            }
        }
    }
    let span = first?;
    if fields.is_empty() {
        return None;
    }
    let description = format!("What *{}* answers.", operation.title);
    let name = add_model(context, models, operation, fields, description, span);
    Some(Response {
        status: success_status(examples),
        ty: TypeRef::Named(name),
        description: String::new(),
        headers: Vec::new(),
        source: context.source(span),
    })
}

/// Rows named `prefix.field` (`emoticonPack.id` under `emoticonPacks |
/// emoticonPack[]`) document the fields of a nested object: each new prefix
/// is registered as a model (named after its last segment) before the types
/// are read, so that `emoticonPack[]` or `tabImage{}` name it.
fn register_dotted_prefixes(
    context: &mut Context<'_>,
    table: &Table,
    columns: tables::Columns,
) -> Vec<(String, String)> {
    let mut nested: Vec<(String, String)> = Vec::new();
    for row in &table.rows {
        let name = tables::name_cell(row, columns.name).name;
        let Some((prefix, _)) = name.rsplit_once('.') else { continue };
        let model = pascal_case(prefix.rsplit('.').next().unwrap_or(prefix));
        if model.is_empty() || nested.iter().any(|(p, _)| p == prefix) || context.known.contains_key(&model) {
            continue;
        }
        context.known.insert(model.clone(), Known::Model);
        nested.push((prefix.to_string(), model));
    }
    nested
}

/// The rows of a table whose dotted names were registered: the top-level
/// fields, the others moved into their models (a field named like the
/// prefix and typed as any object takes the model as its type).
fn split_dotted(
    context: &mut Context<'_>,
    rows: Vec<Field>,
    nested: &[(String, String)],
    group: &str,
    models: &mut Vec<Model>,
) -> Vec<Field> {
    let mut top = Vec::new();
    let mut inner: Vec<(String, Vec<Field>)> = nested.iter().map(|(_, m)| (m.clone(), Vec::new())).collect();
    for mut field in rows {
        match field.name.rsplit_once('.') {
            Some((prefix, leaf)) => {
                if let Some(index) = nested.iter().position(|(p, _)| p == prefix) {
                    field.name = leaf.to_string();
                    inner[index].1.push(field);
                }
                // A prefix documented elsewhere already: the rows repeat it.
            }
            None => {
                if let Some((_, model)) = nested.iter().find(|(p, _)| *p == field.name) {
                    if field.ty.unwrap_option() == &TypeRef::Any {
                        field.ty = TypeRef::Named(model.clone());
                    }
                }
                top.push(field);
            }
        }
    }
    for (name, fields) in inner {
        let source = fields.first().map(|f| f.source.clone());
        let Some(source) = source else {
            context.known.remove(&name);
            continue;
        };
        models.push(struct_model(name, group.to_string(), String::new(), fields, source));
    }
    top
}

/// The response model of an operation from its first JSON response example
/// (an object, or an array of objects), when nothing else documents it:
/// field names and JSON types, every field required, as the example shows.
pub(crate) fn response_from_example(
    context: &mut Context<'_>,
    operation: &Operation<'_>,
    examples: &[Example],
    models: &mut Vec<Model>,
) -> Option<Response> {
    let example = examples.iter().find(|e| {
        e.kind == ExampleKind::Response && e.invalid.is_none() && e.status.is_none_or(|s| (200..300).contains(&s))
    })?;
    let value: Value = serde_json::from_str(&example.text).ok()?;
    let (object, in_array) = match &value {
        Value::Object(object) => (object, false),
        Value::Array(items) => match items.first() {
            Some(Value::Object(object)) => (object, true),
            _ => return None,
        },
        _ => return None,
    };
    if let Some(name) = documented_model_with_keys(context, models, object) {
        let ty = TypeRef::Named(name);
        return Some(Response {
            status: example.status.unwrap_or_else(|| success_status(examples)),
            ty: if in_array { TypeRef::Array(Box::new(ty)) } else { ty },
            description: String::new(),
            headers: Vec::new(),
            source: example.source.clone(),
        });
    }
    let knowledge = Knowledge::of(context, models);
    let fields: Vec<Field> = object
        .iter()
        .map(|(key, value)| Field {
            name: key.clone(),
            ty: infer_type(context, &knowledge, key, value),
            required: true,
            constant: None,
            variant_by: None,
            description: String::new(),
            constraints: crate::ir::Constraints::default(),
            source: example.source.clone(),
        })
        .collect();
    if fields.is_empty() {
        return None;
    }
    let span = context.span_of(&example.source)?;
    let description = format!("What *{}* answers, as its example shows.", operation.title);
    let count = fields.len();
    let name = add_model(context, models, operation, fields, description, span);
    context.push(
        Diagnostic::warning(
            Code::SL021,
            format!(
                "`{} {}` has no responses table; the {count} fields of `{name}` were inferred from its example",
                operation.method, operation.path
            ),
        )
        .at(span)
        .help("add a table of the response fields (`Name | Type | Description`) under a `Response` heading"),
    );
    let ty = TypeRef::Named(name);
    Some(Response {
        status: example.status.unwrap_or_else(|| success_status(examples)),
        ty: if in_array { TypeRef::Array(Box::new(ty)) } else { ty },
        description: String::new(),
        headers: Vec::new(),
        source: example.source.clone(),
    })
}

/// The documented struct whose fields are exactly the keys of an example
/// object: the example shows that model, not a new one.
fn documented_model_with_keys(
    context: &Context<'_>,
    models: &[Model],
    object: &serde_json::Map<String, Value>,
) -> Option<String> {
    let keys: std::collections::BTreeSet<&str> = object.keys().map(String::as_str).collect();
    models
        .iter()
        .filter(|m| !context.synthesized_bodies.contains(&m.name))
        .filter_map(|m| Some((m, m.struct_fields()?)))
        .find(|(_, fields)| fields.len() == keys.len() && fields.iter().all(|f| keys.contains(f.name.as_str())))
        .map(|(m, _)| m.name.clone())
}

/// Models of the things an operation's answer holds, from tables under a
/// heading such as `Atributos Medio` or `Card fields`, named after the thing.
pub(crate) fn named_field_models(
    context: &mut Context<'_>,
    section: &Section,
    operation: &Operation<'_>,
    models: &mut Vec<Model>,
) {
    let group = operation.group;
    for (table, placement) in placed_tables(section, operation.method) {
        let Some(Placement::ModelFields(heading)) = placement else { continue };
        let Some(subject) = fields_heading_subject(heading) else { continue };
        let Some(columns) = tables::untyped_columns(table) else { continue };
        let base = pascal_case(&subject);
        if base.is_empty() {
            continue;
        }
        let fields = read_field_rows(context, &base, group, table, columns, &[]).fields;
        let same = models.iter().any(|m| m.name == base && m.fields().len() == fields.len());
        if fields.is_empty() || same {
            continue;
        }
        let mut name = base.clone();
        let mut counter = 2;
        while context.known.contains_key(&name) {
            name = format!("{base}{counter}");
            counter += 1;
        }
        context.known.insert(name.clone(), Known::Model);
        models.push(struct_model(name, group.to_string(), String::new(), fields, context.source(table.span)));
    }
}

/// A struct model made from rows or an example, under `group`.
fn struct_model(name: String, group: String, description: String, fields: Vec<Field>, source: Source) -> Model {
    Model { description, ..Model::new(name, group, ModelShape::Struct { fields }, source) }
}

fn success_status(examples: &[Example]) -> u16 {
    examples
        .iter()
        .filter(|e| e.kind == ExampleKind::Response)
        .find_map(|e| e.status.filter(|s| (200..300).contains(s)))
        .unwrap_or(200)
}

fn add_model(
    context: &mut Context<'_>,
    models: &mut Vec<Model>,
    operation: &Operation<'_>,
    fields: Vec<Field>,
    description: String,
    span: crate::source::Span,
) -> String {
    let base = format!("{}Response", operation.name);
    let mut name = base.clone();
    let mut counter = 2;
    while context.known.contains_key(&name) {
        name = format!("{base}{counter}");
        counter += 1;
    }
    context.known.insert(name.clone(), Known::Model);
    models.push(struct_model(name.clone(), operation.group.to_string(), description, fields, context.source(span)));
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_in_every_shape() {
        assert_eq!(path_placeholders("/users/:id/posts/{post_id}"), ["id", "post_id"]);
        assert_eq!(path_placeholders("/a/<invoice-id>/b/{{Item}}"), ["invoice_id", "item"]);
        assert_eq!(path_placeholders("/plain/path"), Vec::<String>::new());
    }
}
