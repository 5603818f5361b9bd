//! Paging by role: query parameters whose names play the page, size,
//! offset or cursor role (the vocabulary's [`PagingRole`]) on an endpoint
//! whose success answer is an array, or an object holding one array at any
//! depth, make a paged collection. What the answer carries says how to go
//! on and when to stop: a `Link` header with `rel="next"` named in the
//! documentation, or fields of the answer's example or field table named
//! like a next cursor, a next URL, a "has more" flag or a total, as dotted
//! paths. A section on paging (its heading words are in the vocabulary)
//! applies to every list that fits it. `range` collections are read where
//! the operation is (see `endpoints::pagination`).

use std::collections::HashMap;

use serde_json::Value;

use crate::ir::{Endpoint, ExampleKind, Field, Model, Names, Pagination, PagingStyle, Param, ParamLocation, TypeRef};
use crate::reader::{Block, DocumentTree, Section};

use super::vocabulary::{fold, is_paging_heading, paging_role, PagingRole};
use super::{Context, Item};

/// What a section on paging says for every list: the parameters it names
/// and whether answers carry a `Link` header.
#[derive(Debug, Default)]
struct DocPaging {
    params: Vec<(String, String)>,
    link_header: bool,
    source: Option<crate::ir::Source>,
}

/// The models by name, looked up for every endpoint and field: the first
/// model of a name, and the first of a name with fields.
struct ModelIndex<'m> {
    models: Names<'m>,
    structs: HashMap<&'m str, &'m [Field]>,
}

impl<'m> ModelIndex<'m> {
    fn new(models: &'m [Model]) -> Self {
        let mut structs = HashMap::new();
        for model in models {
            if let Some(fields) = model.struct_fields() {
                structs.entry(model.name.as_str()).or_insert(fields);
            }
        }
        ModelIndex { models: Names::of(models), structs }
    }

    fn struct_fields(&self, name: &str) -> Option<&'m [Field]> {
        self.structs.get(name).copied()
    }
}

/// Sets `pagination` on every endpoint that fits, unless already set.
pub(crate) fn read(
    context: &mut Context<'_>,
    tree: &DocumentTree,
    operations: &[Item<'_>],
    endpoints: &mut [Endpoint],
    models: &[Model],
) {
    let doc = doc_paging(context, tree);
    let models = &ModelIndex::new(models);
    // Each endpoint finds its section by where it was documented: one index,
    // not a walk over every operation per endpoint.
    let mut sections: HashMap<crate::ir::Source, &Section> = HashMap::new();
    for item in operations {
        sections.entry(context.source(item.section.heading)).or_insert(item.section);
    }
    let mut blind = Vec::new();
    for endpoint in endpoints.iter_mut().filter(|e| e.pagination.is_none()) {
        let section = sections.get(&endpoint.source).copied();
        let Some(items) = items_of(endpoint, models) else { continue };
        if endpoint.method == "GET" && roles(&endpoint.params).is_empty() {
            add_doc_params(endpoint, &doc);
        }
        let link = doc.link_header || section.is_some_and(names_next_link) || example_link(endpoint);
        endpoint.pagination = pagination(endpoint, items, link, models);
        if endpoint.pagination.as_ref().is_some_and(cursor_without_next) {
            blind.push((endpoint.method.clone(), endpoint.path.clone(), endpoint.source.clone()));
        }
    }
    for (method, path, source) in blind {
        report_blind_cursor(context, &method, &path, &source);
    }
}

/// A cursor collection whose answer names no next cursor: a client cannot
/// go past the first page.
fn cursor_without_next(pagination: &Pagination) -> bool {
    pagination.style == PagingStyle::Cursor
        && !pagination.link_header
        && pagination.next_field.is_none()
        && pagination.next_url_field.is_none()
        && pagination.cursor_item_field.is_none()
}

/// SL046.
fn report_blind_cursor(context: &mut Context<'_>, method: &str, path: &str, source: &crate::ir::Source) {
    let span = context.span_of(source);
    context.push(
        crate::diagnostics::Diagnostic::warning(
            crate::diagnostics::Code::SL046,
            format!("`{method} {path}` pages by cursor, but its answer does not say where the next cursor is"),
        )
        .at_opt(span)
        .help(
            "show the field holding the next cursor (`next_cursor`, `cursors.next`) in the answer's example or table",
        ),
    );
}

/// The items of a success answer: the array itself, or the array an object
/// holds (dotted path), with the item type.
fn items_of(endpoint: &Endpoint, models: &ModelIndex<'_>) -> Option<(TypeRef, Option<String>)> {
    let Some(success) = endpoint.responses.iter().find(|r| (200..300).contains(&r.status)) else {
        return array_in_example(endpoint).map(|path| (TypeRef::Any, path));
    };
    match success.ty.unwrap_option() {
        TypeRef::Array(item) | TypeRef::NonEmptyList(item) => Some(((**item).clone(), None)),
        TypeRef::Named(name) => array_in_model(name, models, 0).map(|(path, item)| (item, Some(path))),
        _ => array_in_example(endpoint).map(|path| (TypeRef::Any, path)),
    }
}

const MAX_DEPTH: usize = 3;

/// The one array field of a model, looked for in its fields and, when none
/// is an array, in the objects they hold.
fn array_in_model(name: &str, models: &ModelIndex<'_>, depth: usize) -> Option<(String, TypeRef)> {
    let fields = models.struct_fields(name)?;
    let arrays: Vec<_> = fields
        .iter()
        .filter_map(|f| match f.ty.unwrap_option() {
            TypeRef::Array(item) | TypeRef::NonEmptyList(item) => Some((f.name.clone(), (**item).clone())),
            _ => None,
        })
        .collect();
    if let [(field, item)] = arrays.as_slice() {
        return Some((field.clone(), item.clone()));
    }
    if !arrays.is_empty() || depth >= MAX_DEPTH {
        return None;
    }
    let nested: Vec<_> = fields
        .iter()
        .filter_map(|f| match f.ty.unwrap_option() {
            TypeRef::Named(inner) => {
                array_in_model(inner, models, depth + 1).map(|(path, item)| (format!("{}.{path}", f.name), item))
            }
            _ => None,
        })
        .collect();
    match nested.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// The success example: the first JSON response example with a 2xx status
/// or none.
fn success_example(endpoint: &Endpoint) -> Option<Value> {
    endpoint
        .examples
        .iter()
        .filter(|x| x.kind == ExampleKind::Response && x.invalid.is_none() && !x.text.is_empty())
        .filter(|x| x.status.is_none_or(|s| (200..300).contains(&s)))
        .filter_map(|x| serde_json::from_str::<Value>(&x.text).ok())
        .find(|v| v.is_object() || v.is_array())
}

/// `Some(None)` when the example is an array, `Some(Some(path))` when it is
/// an object holding one array.
fn array_in_example(endpoint: &Endpoint) -> Option<Option<String>> {
    let example = success_example(endpoint)?;
    if example.is_array() {
        return Some(None);
    }
    let mut arrays = Vec::new();
    json_paths(&example, "", 0, &mut |path, value| {
        if value.is_array() {
            arrays.push(path.to_string());
        }
    });
    match arrays.as_slice() {
        [one] => Some(Some(one.clone())),
        _ => None,
    }
}

/// Every field of a JSON object, depth first, with its dotted path; arrays
/// are not entered.
fn json_paths(value: &Value, prefix: &str, depth: usize, visit: &mut dyn FnMut(&str, &Value)) {
    let Value::Object(map) = value else { return };
    for (key, field) in map {
        let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        visit(&path, field);
        if depth < MAX_DEPTH {
            json_paths(field, &path, depth + 1, visit);
        }
    }
}

/// The parameters of an endpoint, by paging role.
fn roles(params: &[Param]) -> Vec<(PagingRole, &Param)> {
    params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .filter_map(|p| paging_role(&p.name).map(|role| (role, p)))
        .collect()
}

fn pagination(
    endpoint: &Endpoint,
    (item, items_field): (TypeRef, Option<String>),
    link: bool,
    models: &ModelIndex<'_>,
) -> Option<Pagination> {
    let roles = roles(&endpoint.params);
    let find = |wanted: &[PagingRole]| roles.iter().find(|(r, _)| wanted.contains(r)).map(|(_, p)| *p);
    let (style, param) = if let Some(p) = find(&[PagingRole::Cursor, PagingRole::AfterItem]) {
        (PagingStyle::Cursor, p)
    } else if let Some(p) = find(&[PagingRole::Offset]) {
        (PagingStyle::Offset, p)
    } else if let Some(p) = find(&[PagingRole::Page]) {
        (PagingStyle::Page, p)
    } else {
        return None;
    };
    let mut pagination = Pagination::new(style, param.name.clone(), item, items_field.clone());
    pagination.size_param = find(&[PagingRole::Size]).map(|p| p.name.clone());
    if style == PagingStyle::Page {
        pagination.first_page = param.default.as_deref().and_then(|d| d.trim().parse().ok());
    }
    pagination.link_header = link;
    let mut signals = signals(endpoint, models, items_field.as_deref());
    // `count_total` says more than `count`, which may be the page's.
    signals.sort_by_key(|(path, _)| !path.rsplit('.').next().unwrap_or(path).to_ascii_lowercase().contains("total"));
    for (path, kind) in signals {
        let last = fold(path.rsplit('.').next().unwrap_or(&path)).replace([' ', '-'], "_");
        let parent = path.rsplit_once('.').map(|(p, _)| fold(p.rsplit('.').next().unwrap_or(p))).unwrap_or_default();
        let slot = match kind {
            Kind::Boolean if HAS_MORE.contains(&last.as_str()) => &mut pagination.has_more_field,
            Kind::Integer if TOTAL_PAGES.contains(&last.as_str()) => &mut pagination.total_pages_field,
            Kind::Integer if TOTAL.contains(&last.as_str()) => &mut pagination.total_field,
            Kind::Url if NEXT.contains(&last.as_str()) => &mut pagination.next_url_field,
            Kind::Text | Kind::Null
                if style == PagingStyle::Cursor
                    && (NEXT_CURSOR.contains(&last.as_str())
                        || (["next", "after"].contains(&last.as_str()) && parent.contains("cursor"))) =>
            {
                &mut pagination.next_field
            }
            Kind::Null if NEXT.contains(&last.as_str()) && parent.contains("link") => &mut pagination.next_url_field,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(path);
        }
    }
    if style == PagingStyle::Cursor
        && pagination.next_field.is_none()
        && paging_role(&param.name) == Some(PagingRole::AfterItem)
    {
        pagination.cursor_item_field = item_id(&pagination.item, models);
    }
    // `after` and `before` also filter by date: they page only when the
    // answer names the next cursor.
    let plain_word = ["after", "before"].contains(&param.name.to_ascii_lowercase().as_str());
    if plain_word && pagination.next_field.is_none() && pagination.next_url_field.is_none() {
        return None;
    }
    Some(pagination)
}

const HAS_MORE: &[&str] = &["has_more", "hasmore", "has_next", "hasnext", "has_next_page", "hasnextpage", "more"];
const TOTAL: &[&str] = &[
    "total",
    "total_count",
    "totalcount",
    "count",
    "total_results",
    "totalresults",
    "total_items",
    "totalitems",
    "total_records",
    "totalrecords",
    "total_entries",
];
const TOTAL_PAGES: &[&str] =
    &["total_pages", "totalpages", "page_count", "pagecount", "pages", "last_page", "lastpage", "num_pages"];
const NEXT: &[&str] =
    &["next", "next_url", "nexturl", "next_page_url", "nextpageurl", "next_href", "next_link", "next_page"];
const NEXT_CURSOR: &[&str] = &[
    "next_cursor",
    "nextcursor",
    "next_page_token",
    "nextpagetoken",
    "next_token",
    "nexttoken",
    "continuation",
    "continuation_token",
    "cursor",
];

/// What an answer's field holds, as far as paging cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Boolean,
    Integer,
    /// A string that is a URL or a path.
    Url,
    Text,
    Null,
    Other,
}

/// The fields of the answer, from its JSON example and its model, outside
/// the items.
fn signals(endpoint: &Endpoint, models: &ModelIndex<'_>, items: Option<&str>) -> Vec<(String, Kind)> {
    let mut found: Vec<(String, Kind)> = Vec::new();
    let outside_items = |path: &str| items.is_none_or(|i| path != i && !path.starts_with(&format!("{i}.")));
    if let Some(example) = success_example(endpoint) {
        json_paths(&example, "", 0, &mut |path, value| {
            if outside_items(path) {
                found.push((path.to_string(), json_kind(value)));
            }
        });
    }
    let success = endpoint.responses.iter().find(|r| (200..300).contains(&r.status));
    if let Some(TypeRef::Named(name)) = success.map(|r| r.ty.unwrap_option()) {
        model_paths(name, models, "", 0, &mut |path, ty| {
            if outside_items(path) && !found.iter().any(|(p, _)| p == path) {
                found.push((path.to_string(), type_kind(ty)));
            }
        });
    }
    found
}

fn json_kind(value: &Value) -> Kind {
    match value {
        Value::Bool(_) => Kind::Boolean,
        Value::Number(n) if n.is_u64() || n.is_i64() => Kind::Integer,
        Value::String(s) if s.starts_with("http") || s.starts_with('/') => Kind::Url,
        Value::String(_) => Kind::Text,
        Value::Null => Kind::Null,
        _ => Kind::Other,
    }
}

fn type_kind(ty: &TypeRef) -> Kind {
    match ty.unwrap_option() {
        TypeRef::Boolean => Kind::Boolean,
        TypeRef::Long => Kind::Integer,
        TypeRef::String => Kind::Text,
        _ => Kind::Other,
    }
}

fn model_paths(name: &str, models: &ModelIndex<'_>, prefix: &str, depth: usize, visit: &mut dyn FnMut(&str, &TypeRef)) {
    let Some(fields) = models.struct_fields(name) else { return };
    for field in fields {
        let path = if prefix.is_empty() { field.name.clone() } else { format!("{prefix}.{}", field.name) };
        visit(&path, &field.ty);
        if let (TypeRef::Named(inner), true) = (field.ty.unwrap_option(), depth < MAX_DEPTH) {
            model_paths(inner, models, &path, depth + 1, visit);
        }
    }
}

/// The item's `id` field, whose value the next request starts after.
fn item_id(item: &TypeRef, models: &ModelIndex<'_>) -> Option<String> {
    let TypeRef::Named(name) = item.unwrap_option() else { return None };
    let model = models.models.model(name)?;
    model.fields().iter().find(|f| f.name == "id").map(|f| f.name.clone())
}

/// Whether text mentions a `Link` header with `rel="next"`.
fn mentions_next_link(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("link")
        && (lower.contains("rel=\"next\"") || lower.contains("rel=next") || lower.contains("rel='next'"))
}

fn names_next_link(section: &Section) -> bool {
    section.walk().iter().flat_map(|s| &s.blocks).any(|block| match block {
        Block::Code(code) => mentions_next_link(&code.text),
        Block::Paragraph(text) | Block::List(text) | Block::Quote(text) => mentions_next_link(&text.markdown),
        Block::Table(table) => table
            .rows
            .iter()
            .any(|r| mentions_next_link(&r.cells.iter().map(|c| c.plain.as_str()).collect::<Vec<_>>().join(" "))),
        _ => false,
    })
}

/// A response example or response header of the endpoint with a `Link`.
fn example_link(endpoint: &Endpoint) -> bool {
    let in_examples = endpoint
        .examples
        .iter()
        .flat_map(|x| &x.headers)
        .any(|(name, value)| name.eq_ignore_ascii_case("link") && value.contains("next"));
    let in_headers = endpoint
        .responses
        .iter()
        .flat_map(|r| &r.headers)
        .any(|h| h.name.eq_ignore_ascii_case("link") && mentions_next_link(&format!("link {}", h.description)));
    in_examples || in_headers
}

/// The sections on paging: the parameters their code names (`?page`,
/// `` `per_page` ``, `?page=2&per_page=10`) and their `Link` header.
fn doc_paging(context: &Context<'_>, tree: &DocumentTree) -> DocPaging {
    let mut doc = DocPaging::default();
    for section in tree.all_sections().into_iter().filter(|s| s.level > 0 && is_paging_heading(&s.title)) {
        doc.link_header |= names_next_link(section);
        doc.source.get_or_insert_with(|| context.source(section.heading));
        let description = super::models::section_description(context, section);
        for part in section.walk() {
            for block in &part.blocks {
                let code: Vec<&str> = match block {
                    Block::Paragraph(text) | Block::List(text) | Block::Quote(text) => {
                        text.code.iter().map(|c| c.text.as_str()).collect()
                    }
                    Block::Code(code) => vec![code.text.as_str()],
                    _ => Vec::new(),
                };
                let words = code.iter().flat_map(|c| c.split(['?', '&', ' ', '\n', '(', ',', '<', '>']));
                for word in words {
                    let name = word.trim_start_matches('?').split(['=', ':']).next().unwrap_or("").trim().to_string();
                    if paging_role(&name).is_some() && !doc.params.iter().any(|(n, _)| *n == name) {
                        doc.params.push((name, description.clone()));
                    }
                }
            }
        }
    }
    doc
}

/// The parameters a section on paging names, on a list that documents none
/// of its own.
fn add_doc_params(endpoint: &mut Endpoint, doc: &DocPaging) {
    let Some(source) = &doc.source else { return };
    for (name, description) in &doc.params {
        if endpoint.params.iter().any(|p| &p.name == name) {
            continue;
        }
        endpoint.params.push(Param {
            name: name.clone(),
            location: ParamLocation::Query,
            ty: if paging_role(name) == Some(PagingRole::Cursor) { TypeRef::String } else { TypeRef::Long },
            required: false,
            default: None,
            description: description.clone(),
            source: source.clone(),
            constraints: Default::default(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(body: &str) -> crate::ir::Api {
        let index = "---\ntitle: Test\nincludes:\n  - main\n---\n# Intro\n\nAn API.\n";
        super::super::tests::extract_files(&[("index.html.md", index), ("includes/_main.md", body)]).0
    }

    fn list(params: &str, answer: &str) -> Option<Pagination> {
        let body = format!(
            "# Notes\n\n## List notes\n\n`GET /notes`\n\n### Query Parameters\n\nParameter | Type | Description\n--- | --- | ---\n\
             {params}\n\n> Response\n\n```json\n{answer}\n```\n"
        );
        document(&body).endpoints[0].pagination.clone()
    }

    #[test]
    fn a_list_pages_by_the_roles_of_its_parameters() {
        let page =
            list("offset | integer | Skip.\nlimit | integer | At most.", r#"{"items": [{"id": 1}], "total_count": 9}"#)
                .expect("paged");
        assert_eq!(
            (page.style, page.param.as_str(), page.size_param.as_deref()),
            (PagingStyle::Offset, "offset", Some("limit"))
        );
        assert_eq!((page.items_field.as_deref(), page.total_field.as_deref()), (Some("items"), Some("total_count")));
        let links = list(
            "page | integer | Which.",
            r#"{"data": [{"id": 1}], "links": {"next": "https://x.test/notes?page=2"}}"#,
        )
        .expect("paged");
        assert_eq!(links.next_url_field.as_deref(), Some("links.next"));
        let after = list("starting_after | string | Last id read.", r#"[{"id": "n1"}]"#).expect("paged");
        assert_eq!(
            (after.style, after.cursor_item_field.as_deref()),
            (PagingStyle::Cursor, Some("id")),
            "the next page starts after the last item's id"
        );
    }

    #[test]
    fn nothing_documented_is_no_paging() {
        assert!(list("author | string | Whose.", r#"[{"id": 1}]"#).is_none(), "no paging parameter");
        assert!(list("page | integer | Which.", r#"{"id": 1}"#).is_none(), "no list in the answer");
        assert!(
            list("after | string | Only notes written after this date.", r#"[{"id": 1}]"#).is_none(),
            "a date filter"
        );
    }

    #[test]
    fn a_next_link_is_told_by_its_rel() {
        assert!(mentions_next_link("Link: <https://x.test/a?page=3>; rel=\"next\""));
        assert!(!mentions_next_link("Link: <https://x.test/a?page=9>; rel=\"last\""));
    }

    #[test]
    fn json_paths_are_dotted() {
        let value: Value = serde_json::from_str(r#"{"data":[1],"meta":{"next_cursor":null,"total":3}}"#).unwrap();
        let mut paths = Vec::new();
        json_paths(&value, "", 0, &mut |p, v| paths.push((p.to_string(), json_kind(v))));
        assert_eq!(
            paths,
            [
                ("data".to_string(), Kind::Other),
                ("meta".to_string(), Kind::Other),
                ("meta.next_cursor".to_string(), Kind::Null),
                ("meta.total".to_string(), Kind::Integer)
            ]
        );
    }
}
