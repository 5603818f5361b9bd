//! The four documents of `tests/fixtures/auth-paging`, one per pair of
//! authentication and paging style: every fact they state about both is in
//! the IR, and nothing else.

use std::path::PathBuf;

use codegen::ir::{Api, Endpoint, Pagination, PagingStyle, SecurityScheme, TypeRef};

fn api(folder: &str) -> Api {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/auth-paging").join(folder);
    codegen::analyze(&path).unwrap_or_else(|e| panic!("{folder}: {e}")).api
}

fn endpoint<'a>(api: &'a Api, method: &str, path: &str) -> &'a Endpoint {
    api.endpoints.iter().find(|e| e.method == method && e.path == path).unwrap_or_else(|| {
        panic!("no {method} {path} in {:?}", api.endpoints.iter().map(|e| &e.path).collect::<Vec<_>>())
    })
}

fn only_scheme(api: &Api) -> &SecurityScheme {
    assert_eq!(api.security_schemes.len(), 1, "{:#?}", api.security_schemes);
    let scheme = &api.security_schemes[0];
    let default: Vec<&str> = api.security.iter().flat_map(|r| &r.schemes).map(|s| s.name.as_str()).collect();
    assert_eq!(default, [scheme.name.as_str()], "the one scheme is the default requirement");
    assert!(!scheme.description.is_empty(), "the section on authentication describes it");
    scheme
}

fn paging<'a>(api: &'a Api, path: &str) -> &'a Pagination {
    endpoint(api, "GET", path).pagination.as_ref().unwrap_or_else(|| panic!("{path} is not paged"))
}

/// The single-item endpoint is no collection, and no endpoint names its
/// own requirement: the default applies to all.
fn single_item_is_plain(api: &Api, path: &str, model: &str) {
    let one = endpoint(api, "GET", path);
    assert!(one.pagination.is_none());
    assert_eq!(one.responses[0].ty, TypeRef::named(model), "the example is the documented model");
    assert!(api.endpoints.iter().all(|e| e.security.is_none()));
}

#[test]
fn header_key_with_page_and_per_page() {
    let api = api("header-key-pages");
    let scheme = only_scheme(&api);
    assert_eq!((scheme.kind.as_str(), scheme.location.as_deref()), ("apiKey", Some("header")));
    assert_eq!((scheme.parameter.as_deref(), scheme.prefix.as_deref()), (Some("X-Garden-Key"), None));
    let page = paging(&api, "/api/plants");
    assert_eq!(
        (page.style, page.param.as_str(), page.size_param.as_deref()),
        (PagingStyle::Page, "page", Some("per_page"))
    );
    assert_eq!((page.items_field.as_deref(), &page.item), (Some("plants"), &TypeRef::named("Plant")));
    assert_eq!((page.first_page, page.total_field.as_deref()), (Some(1), Some("total")));
    assert!(!page.link_header && page.next_field.is_none() && page.has_more_field.is_none());
    single_item_is_plain(&api, "/api/plants/{ID}", "Plant");
}

#[test]
fn query_key_with_pages_and_a_link_header() {
    let api = api("query-key-link");
    let scheme = only_scheme(&api);
    assert_eq!((scheme.kind.as_str(), scheme.location.as_deref()), ("apiKey", Some("query")));
    assert_eq!(scheme.parameter.as_deref(), Some("api_key"));
    let page = paging(&api, "/v1/books");
    assert_eq!((page.style, page.param.as_str(), page.size_param.as_deref()), (PagingStyle::Page, "page", None));
    assert_eq!((page.items_field.as_deref(), &page.item), (None, &TypeRef::named("Book")));
    assert!(page.link_header, "the section on paging names the `Link` header");
    assert!(page.total_field.is_none() && page.next_url_field.is_none());
    let books = endpoint(&api, "GET", "/v1/books");
    assert!(books.params.iter().all(|p| p.name != "api_key"), "the scheme sends the key");
    single_item_is_plain(&api, "/v1/books/{isbn}", "Book");
}

#[test]
fn bearer_token_with_a_cursor() {
    let api = api("bearer-cursor");
    let scheme = only_scheme(&api);
    assert_eq!((scheme.kind.as_str(), scheme.scheme.as_deref()), ("http", Some("bearer")));
    assert!(scheme.flows.is_empty(), "OAuth 2 is named, but no flow is documented");
    let page = paging(&api, "/api/v2/events");
    assert_eq!(
        (page.style, page.param.as_str(), page.size_param.as_deref()),
        (PagingStyle::Cursor, "page[cursor]", Some("page[size]"))
    );
    assert_eq!((page.items_field.as_deref(), &page.item), (Some("data"), &TypeRef::named("Event")));
    assert_eq!(page.next_field.as_deref(), Some("meta.next_cursor"));
    assert!(!page.link_header && page.total_field.is_none());
    let one = endpoint(&api, "GET", "/api/v2/events/{id}");
    assert!(one.pagination.is_none());
    let wrapper = one.responses[0].ty.named_types()[0].to_string();
    let model = api.model(&wrapper).expect("the answer's model");
    assert_eq!(model.fields()[0].ty, TypeRef::named("Event"), "`data` holds the documented model");
}

#[test]
fn basic_credentials_with_offset_and_limit() {
    let api = api("basic-offset");
    let scheme = only_scheme(&api);
    assert_eq!((scheme.kind.as_str(), scheme.scheme.as_deref()), ("http", Some("basic")));
    let page = paging(&api, "/api/vehicles");
    assert_eq!(
        (page.style, page.param.as_str(), page.size_param.as_deref()),
        (PagingStyle::Offset, "offset", Some("limit"))
    );
    assert_eq!((page.items_field.as_deref(), &page.item), (Some("vehicles"), &TypeRef::named("Vehicle")));
    assert_eq!(page.has_more_field.as_deref(), Some("has_more"));
    assert!(!page.link_header && page.total_field.is_none() && page.next_field.is_none());
    single_item_is_plain(&api, "/api/vehicles/{plate}", "Vehicle");
}

#[test]
fn a_document_without_credentials_or_paging_gets_neither() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint/SL040/clean");
    let api = codegen::analyze(&path).expect("an API").api;
    assert!(api.security_schemes.is_empty() && api.security.is_empty());
    assert!(api.endpoints.iter().all(|e| e.pagination.is_none() && e.security.is_none()));
}
