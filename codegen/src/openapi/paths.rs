//! Endpoints as OpenAPI paths and operations.
//!
//! One operation per endpoint, its `operationId` the endpoint's id (stable:
//! snake_case of its heading). Path, query and header parameters become
//! parameters; body rows the request body. Responses are grouped by status,
//! in ascending order. Paginated collections get the `Content-Range` and
//! `Accept-Range` headers on 200 and 206 (and a 206 answer when only 200 is
//! documented); logins get `Set-Cookie`. An operation that needs the
//! session cookie answers 401 without it: when the documentation does not
//! list that answer, it is added with the generic error body.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use super::examples::{examples_map, header_value, values_of_types};
use super::schemas::{describe, SchemaWriter};
use super::SESSION_SCHEME;
use crate::ir::{Endpoint, ExampleKind, ModelShape, Param, ParamLocation, Response, Scalar, TypeRef};

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Headers OpenAPI describes elsewhere and ignores as parameters.
const RESERVED_HEADERS: [&str; 3] = ["accept", "content-type", "authorization"];

/// `START-END` (both ends included, 0-based).
const RANGE_PATTERN: &str = "^[0-9]+-[0-9]+$";
/// `START-END/COUNT`, or `*/0` for an empty collection.
const CONTENT_RANGE_PATTERN: &str = "^([0-9]+-[0-9]+|\\*)/[0-9]+$";

/// Builds the `paths` object; what had to be left out goes to `warnings`.
pub fn paths(writer: &mut SchemaWriter<'_>, warnings: &mut Vec<String>) -> Map<String, Value> {
    let mut paths = Map::new();
    // Templates that differ only by their parameters' names are one path.
    let mut templates: BTreeMap<String, String> = BTreeMap::new();
    let api = writer.api;
    for endpoint in &api.endpoints {
        let method = endpoint.method.to_ascii_lowercase();
        if !METHODS.contains(&method.as_str()) {
            warnings.push(format!(
                "{}: method `{}` is not an HTTP method OpenAPI knows; left out",
                endpoint.id, endpoint.method
            ));
            continue;
        }
        let path = if endpoint.path.starts_with('/') { endpoint.path.clone() } else { format!("/{}", endpoint.path) };
        let shape = template_shape(&path);
        match templates.get(&shape) {
            Some(first) if *first != path => {
                warnings.push(format!(
                    "{}: `{path}` is the path `{first}` with other parameter names; left out",
                    endpoint.id
                ));
                continue;
            }
            Some(_) => {}
            None => {
                templates.insert(shape, path.clone());
            }
        }
        let item = paths.entry(path.clone()).or_insert_with(|| Value::Object(Map::new()));
        let Value::Object(item) = item else { continue };
        if item.contains_key(&method) {
            warnings
                .push(format!("{}: another endpoint is already `{} {path}`; left out", endpoint.id, endpoint.method));
            continue;
        }
        item.insert(method, operation(writer, endpoint, &path, warnings));
    }
    paths
}

fn operation(writer: &mut SchemaWriter<'_>, endpoint: &Endpoint, path: &str, warnings: &mut Vec<String>) -> Value {
    let mut operation = Map::new();
    if !endpoint.group.is_empty() {
        operation.insert("tags".into(), json!([endpoint.group]));
    }
    if !endpoint.name.is_empty() {
        operation.insert("summary".into(), Value::from(endpoint.name.as_str()));
    }
    if !endpoint.description.trim().is_empty() {
        operation.insert("description".into(), Value::from(endpoint.description.trim()));
    }
    // The documented operation id is the stable name; the endpoint's id otherwise.
    let operation_id = endpoint.operation_id.as_deref().unwrap_or(endpoint.id.as_str());
    operation.insert("operationId".into(), Value::from(operation_id));
    let parameters = parameters(writer, endpoint, path, warnings);
    if !parameters.is_empty() {
        operation.insert("parameters".into(), Value::Array(parameters));
    }
    if let Some(body) = request_body(writer, endpoint) {
        operation.insert("requestBody".into(), body);
    }
    operation.insert("responses".into(), Value::Object(responses(writer, endpoint)));
    if let Some(requirements) = &endpoint.security {
        operation.insert("security".into(), security_requirements(requirements));
    } else if let Some(auth) = &writer.api.auth {
        let security = if auth.logins.contains(&endpoint.id) { json!([]) } else { json!([{ SESSION_SCHEME: [] }]) };
        operation.insert("security".into(), security);
    }
    Value::Object(operation)
}

/// The `{name}`s of a path, in order.
fn template_names(path: &str) -> Vec<&str> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect()
}

/// The path with its parameters' names blanked out: `/a/{}/b`.
fn template_shape(path: &str) -> String {
    let mut shape = String::new();
    let mut in_template = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_template = true;
                shape.push('{');
            }
            '}' => {
                in_template = false;
                shape.push('}');
            }
            _ if in_template => {}
            _ => shape.push(c),
        }
    }
    shape
}

fn parameters(
    writer: &mut SchemaWriter<'_>,
    endpoint: &Endpoint,
    path: &str,
    warnings: &mut Vec<String>,
) -> Vec<Value> {
    let in_path = template_names(path);
    let mut seen = BTreeSet::new();
    let mut parameters = Vec::new();
    for param in &endpoint.params {
        let location = match param.location {
            ParamLocation::Body => continue,
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        };
        if param.name.is_empty() {
            continue;
        }
        if param.location == ParamLocation::Header
            && RESERVED_HEADERS.contains(&param.name.to_ascii_lowercase().as_str())
        {
            continue;
        }
        if param.location == ParamLocation::Path && !in_path.contains(&param.name.as_str()) {
            warnings.push(format!("{}: path parameter `{}` is not in `{path}`; left out", endpoint.id, param.name));
            continue;
        }
        if !seen.insert((param.name.as_str(), location)) {
            continue;
        }
        parameters.push(parameter(writer, endpoint, param, location));
    }
    for name in in_path {
        if seen.insert((name, "path")) {
            parameters.push(json!({
                "name": name,
                "in": "path",
                "description": "Not documented.",
                "required": true,
                "schema": {"type": "string"},
            }));
        }
    }
    parameters
}

/// Requirements as OpenAPI writes them: any one of the objects suffices,
/// every scheme of an object at once; `[]` when none is needed.
/// The collection's paging, when it is walked with `range` and answered with
/// `Content-Range` (206 and its headers are that convention's, not the other
/// styles').
fn range_paged(endpoint: &Endpoint) -> Option<&crate::ir::Pagination> {
    endpoint.pagination.as_ref().filter(|pagination| pagination.style == crate::ir::PagingStyle::Range)
}

pub(crate) fn security_requirements(requirements: &[crate::ir::SecurityRequirement]) -> Value {
    let alternatives: Vec<Value> = requirements
        .iter()
        .map(|requirement| {
            let schemes: Map<String, Value> =
                requirement.schemes.iter().map(|scheme| (scheme.name.clone(), json!(scheme.scopes))).collect();
            Value::Object(schemes)
        })
        .collect();
    Value::Array(alternatives)
}

fn parameter(writer: &mut SchemaWriter<'_>, endpoint: &Endpoint, param: &Param, location: &str) -> Value {
    let is_range = range_paged(endpoint).is_some_and(|pagination| pagination.param == param.name)
        && param.location == ParamLocation::Query;
    let mut schema = writer.constrained_schema(&param.ty, &param.constraints);
    if is_range && schema == json!({"type": "string"}) {
        schema["pattern"] = Value::from(RANGE_PATTERN);
    }
    let default = param.default.as_deref().and_then(|text| default_value(writer, &param.ty, text));
    if let (Some(default), Value::Object(object)) = (default, &mut schema) {
        if !is_range || default.as_str().is_some_and(is_range_text) {
            object.insert("default".into(), default);
        }
    }
    let mut parameter = Map::new();
    parameter.insert("name".into(), Value::from(param.name.as_str()));
    parameter.insert("in".into(), Value::from(location));
    if !param.description.trim().is_empty() {
        parameter.insert("description".into(), Value::from(param.description.trim()));
    }
    let required = param.location == ParamLocation::Path || (param.required && !param.ty.is_option());
    parameter.insert("required".into(), Value::Bool(required));
    parameter.insert("schema".into(), schema);
    Value::Object(parameter)
}

fn is_range_text(text: &str) -> bool {
    text.split_once('-').is_some_and(|(start, end)| {
        [start, end].iter().all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// A documented default as a JSON value of the parameter's type, when it
/// reads as one.
fn default_value(writer: &SchemaWriter<'_>, ty: &TypeRef, text: &str) -> Option<Value> {
    let text = text.trim().trim_matches('`');
    let integer = || text.parse::<i64>().ok().map(Value::from);
    let number = || text.parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(Value::Number);
    let boolean = || text.parse::<bool>().ok().map(Value::from);
    match ty.unwrap_option() {
        TypeRef::String => Some(Value::from(text)),
        TypeRef::Long => integer(),
        TypeRef::Number | TypeRef::Float => number(),
        TypeRef::Boolean => boolean(),
        TypeRef::Named(name) => {
            let model = writer.api.model(name)?;
            match &model.shape {
                ModelShape::Enum { values } => values.iter().any(|value| value == text).then(|| Value::from(text)),
                ModelShape::Alias { of } => match of {
                    Scalar::Integer => integer(),
                    Scalar::Number => number(),
                    Scalar::Boolean => boolean(),
                    Scalar::String | Scalar::Uuid | Scalar::Date | Scalar::DateTime => Some(Value::from(text)),
                },
                ModelShape::Struct { .. } | ModelShape::Union(_) => None,
            }
        }
        _ => None,
    }
}

fn request_body(writer: &mut SchemaWriter<'_>, endpoint: &Endpoint) -> Option<Value> {
    let rows: Vec<&Param> = endpoint.params.iter().filter(|param| param.location == ParamLocation::Body).collect();
    let whole_body_row = rows.iter().find(|param| param.name.is_empty() || rows.len() == 1);
    let (schema, body_type) = match (&endpoint.body, whole_body_row) {
        (Some(body), _) => (writer.slot_schema(&body.ty), &body.ty),
        (None, Some(row)) if matches!(row.ty.unwrap_option(), TypeRef::Named(_)) => {
            (writer.slot_schema(&row.ty), &row.ty)
        }
        // Rows with no model behind them: their examples go unchecked.
        (None, _) if !rows.is_empty() => (inline_body(writer, &rows), &TypeRef::Any),
        (None, _) => return None,
    };
    let required = !body_type.is_option() && !endpoint.body.as_ref().is_some_and(|body| body.optional);
    let body_type = body_type.unwrap_option();
    let media_type = endpoint.body.as_ref().and_then(|body| body.media_type.as_deref()).unwrap_or("application/json");
    let mut media = Map::new();
    media.insert("schema".into(), schema);
    let requests = endpoint.examples.iter().filter(|example| example.kind == ExampleKind::Request);
    if let Some(examples) = examples_map(values_of_types(&writer.types, requests, &[body_type])) {
        media.insert("examples".into(), examples);
    }
    let mut body = Map::new();
    let describes_the_body =
        |row: &&&Param| row.name.is_empty() || endpoint.body.as_ref().is_some_and(|body| body.ty == row.ty);
    if let Some(row) = whole_body_row.filter(describes_the_body) {
        if !row.description.trim().is_empty() {
            body.insert("description".into(), Value::from(row.description.trim()));
        }
    }
    body.insert("required".into(), Value::Bool(required));
    body.insert("content".into(), json!({ media_type: media }));
    Some(Value::Object(body))
}

/// A body documented only as parameter rows, with no model behind it.
fn inline_body(writer: &mut SchemaWriter<'_>, rows: &[&Param]) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for row in rows.iter().filter(|row| !row.name.is_empty()) {
        let mut schema = writer.slot_schema(&row.ty);
        describe(&mut schema, &row.description);
        properties.entry(row.name.clone()).or_insert(schema);
        if row.required && !row.ty.is_option() {
            required.push(Value::from(row.name.as_str()));
        }
    }
    json!({"type": "object", "properties": properties, "required": required})
}

fn responses(writer: &mut SchemaWriter<'_>, endpoint: &Endpoint) -> Map<String, Value> {
    let mut by_status: BTreeMap<u16, Vec<&Response>> = BTreeMap::new();
    for response in &endpoint.responses {
        by_status.entry(response.status).or_default().push(response);
    }
    let partial;
    if range_paged(endpoint).is_some() && !by_status.contains_key(&206) {
        if let Some(whole) = by_status.get(&200).and_then(|responses| responses.first()) {
            partial = Response {
                headers: Vec::new(),
                status: 206,
                ty: whole.ty.clone(),
                description: "Only part of the collection: `Content-Range` says which.".to_string(),
                source: whole.source.clone(),
            };
            by_status.insert(206, vec![&partial]);
        }
    }
    let refused;
    if let Some(auth) = writer.api.auth.as_ref().filter(|auth| !auth.logins.contains(&endpoint.id)) {
        if let Entry::Vacant(slot) = by_status.entry(401) {
            refused = Response {
                headers: Vec::new(),
                status: 401,
                ty: TypeRef::Error,
                description: format!("No valid session: log in, then send the `{}` cookie.", auth.cookie),
                source: endpoint.source.clone(),
            };
            slot.insert(vec![&refused]);
        }
    }
    let mut responses = Map::new();
    for (status, documented) in &by_status {
        responses.insert(status.to_string(), response(writer, endpoint, *status, documented));
    }
    if responses.is_empty() {
        responses.insert("default".into(), json!({"description": "No response is documented."}));
    }
    responses
}

fn response(writer: &mut SchemaWriter<'_>, endpoint: &Endpoint, status: u16, documented: &[&Response]) -> Value {
    let mut descriptions: Vec<&str> = Vec::new();
    for response in documented {
        let text = response.description.trim();
        if !text.is_empty() && !descriptions.contains(&text) {
            descriptions.push(text);
        }
    }
    let description =
        if descriptions.is_empty() { reason_phrase(status).to_string() } else { descriptions.join("\n\n") };
    let mut types: Vec<&TypeRef> = Vec::new();
    for response in documented {
        if response.ty != TypeRef::Empty && !types.contains(&&response.ty) {
            types.push(&response.ty);
        }
    }
    let examples: Vec<_> = endpoint
        .examples
        .iter()
        .filter(|example| example.kind == ExampleKind::Response && example.status == Some(status))
        .collect();

    let mut response = Map::new();
    response.insert("description".into(), Value::from(description));
    let headers = headers(writer, endpoint, status, &examples);
    if !headers.is_empty() {
        response.insert("headers".into(), Value::Object(headers));
    }
    if !types.is_empty() {
        let schema = match types.as_slice() {
            [only] => writer.schema(only),
            several => json!({"anyOf": several.iter().map(|ty| writer.schema(ty)).collect::<Vec<_>>()}),
        };
        let mut media = Map::new();
        media.insert("schema".into(), schema);
        if let Some(examples) = examples_map(values_of_types(&writer.types, examples.iter().copied(), &types)) {
            media.insert("examples".into(), examples);
        }
        response.insert("content".into(), json!({ "application/json": media }));
    }
    Value::Object(response)
}

fn headers(
    writer: &mut SchemaWriter<'_>,
    endpoint: &Endpoint,
    status: u16,
    examples: &[&crate::ir::Example],
) -> Map<String, Value> {
    let mut headers = Map::new();
    let example_of = |name: &str| header_value(examples.iter().copied(), name);
    for documented in endpoint.responses.iter().filter(|response| response.status == status) {
        for header in &documented.headers {
            let mut schema = writer.scalar_schema(&header.ty);
            if let (Some(format), Value::Object(object)) = (&header.format, &mut schema) {
                object.insert("format".into(), Value::from(format.as_str()));
            }
            let mut value = Map::new();
            if !header.description.trim().is_empty() {
                value.insert("description".into(), Value::from(header.description.trim()));
            }
            value.insert("schema".into(), schema);
            headers.entry(header.name.clone()).or_insert(Value::Object(value));
        }
    }
    if range_paged(endpoint).is_some() && matches!(status, 200 | 206) {
        let mut content_range = json!({
            "description": "The part of the collection in this answer, as `START-END/COUNT` \
                            (`*/0` for an empty collection).",
            "required": true,
            "schema": {"type": "string", "pattern": CONTENT_RANGE_PATTERN},
        });
        if let Some(example) = example_of("Content-Range") {
            content_range["example"] = Value::from(example);
        }
        headers.insert("Content-Range".into(), content_range);
        let mut accept_range = json!({
            "description": "The largest number of items one answer holds.",
            "required": true,
            "schema": {"type": "integer", "minimum": 1},
        });
        if let Some(example) = example_of("Accept-Range").and_then(|text| text.trim().parse::<i64>().ok()) {
            accept_range["example"] = Value::from(example);
        }
        headers.insert("Accept-Range".into(), accept_range);
    }
    let login_auth = writer.api.auth.as_ref().filter(|auth| auth.logins.contains(&endpoint.id));
    if let Some(auth) = login_auth.filter(|_| (200..300).contains(&status)) {
        let mut set_cookie = json!({
            "description": format!(
                "Opens a session: `{}=VALUE`, to send back as a cookie to every other operation.",
                auth.cookie
            ),
            "required": true,
            "schema": {"type": "string"},
        });
        if let Some(example) = example_of("Set-Cookie") {
            set_cookie["example"] = Value::from(example);
        }
        headers.insert("Set-Cookie".into(), set_cookie);
    }
    headers
}

/// The description of a response the documentation does not describe.
fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        409 => "Conflict",
        410 => "Gone",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Not described.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_read_and_blanked() {
        assert_eq!(template_names("/a/{x}/b/{y_z}"), vec!["x", "y_z"]);
        assert_eq!(template_shape("/a/{x}/b/{y}"), "/a/{}/b/{}");
        assert!(is_range_text("0-100"));
        assert!(!is_range_text("0-"));
        assert!(!is_range_text("a-1"));
    }
}
