//! Endpoint lines of every shape, through extraction: placeholders, servers,
//! query strings, several endpoints in one section, ids.

use std::collections::BTreeSet;

use super::{placeholder_segment, Guess, SegmentReading};
use crate::diagnostics::Code;
use crate::extract::tests::extract_files;
use crate::ir::{Api, ParamLocation, TypeRef};

fn api_of(body: &str) -> (Api, Vec<Code>) {
    let index = "---\ntitle: Shapes\nincludes:\n  - main\n---\n# Intro\n\nAn API.\n";
    let (api, diagnostics) = extract_files(&[("index.html.md", index), ("includes/_main.md", body)]);
    (api, diagnostics.sorted().iter().map(|d| d.code).collect())
}

fn routes(api: &Api) -> Vec<(String, String)> {
    api.endpoints.iter().map(|e| (e.method.clone(), e.path.clone())).collect()
}

fn route(method: &str, path: &str) -> (String, String) {
    (method.to_string(), path.to_string())
}

fn segment(text: &str, documented: &[&str]) -> SegmentReading {
    let names: BTreeSet<String> = documented.iter().map(|n| n.to_string()).collect();
    placeholder_segment(text, &names, true)
}

#[test]
fn every_placeholder_notation_becomes_braces() {
    for (written, wanted, name) in [
        (":id", "{id}", "id"),
        ("{id}", "{id}", "id"),
        ("{{id}}", "{id}", "id"),
        ("<ID>", "{ID}", "ID"),
        ("<invoice-id>", "{invoice-id}", "invoice-id"),
        ("YOUR_PROJECT_ID", "{your_project_id}", "your_project_id"),
        ("{id}.json", "{id}.json", "id"),
        ("TEST_ID.json", "{test_id}.json", "test_id"),
        (":id.xml", "{id}.xml", "id"),
    ] {
        let reading = segment(written, &[]);
        assert_eq!(reading.text, wanted, "{written}");
        assert_eq!(reading.names, [name], "{written}");
        assert_eq!(reading.guess, None, "{written} is written as a placeholder");
    }
}

#[test]
fn bare_segments_are_placeholders_only_with_evidence() {
    assert_eq!(segment("thing_uid", &["thing_uid"]).guess, Some(Guess::DocumentedName));
    assert_eq!(segment("order_id", &[]).guess, Some(Guess::IdentifierLike));
    let example = segment("42", &[]);
    assert_eq!((example.text.as_str(), example.guess), ("{id}", Some(Guess::ExampleValue)));
    for literal in ["things", "v1", "calls.json", "Things", "API_", "search"] {
        let reading = segment(literal, &[]);
        assert_eq!(reading.text, literal, "{literal}");
        assert!(reading.names.is_empty(), "{literal}");
    }
    let names: BTreeSet<String> = BTreeSet::new();
    assert!(
        placeholder_segment("2", &names, false).names.is_empty(),
        "a number right after a placeholder or at the root stays"
    );
}

#[test]
fn a_parameter_of_another_location_does_not_make_a_placeholder() {
    let (api, codes) = api_of(
        "# Things\n\n## List\n\n`GET /things/search`\n\n### Parameters\n\nName | In | Type | Description\n--|--|--|--\n\
search | query | String | words\n\n### Responses\n\nHttp code | Type | Description\n--|--|--\n200 | String | ok\n",
    );
    assert_eq!(routes(&api), [route("GET", "/things/search")]);
    assert!(!codes.contains(&Code::SL011), "{codes:?}");
    let search = &api.endpoints[0].params[0];
    assert_eq!((search.name.as_str(), search.location), ("search", ParamLocation::Query));
}

#[test]
fn a_full_url_names_a_server_and_the_path_keeps_its_base() {
    let (api, _) = api_of(
        "# Things\n\n## Get one\n\n`GET https://api.example.org/v3/things/<thing-id>`\n\n\
## Make one\n\nPOST `api.example.org/v3/things`\n\n## Ping\n\n`GET http://127.0.0.1:8080/ping`\n",
    );
    assert_eq!(
        routes(&api),
        [route("GET", "/v3/things/{thing-id}"), route("POST", "/v3/things"), route("GET", "/ping")]
    );
    let servers: Vec<&str> = api.servers.iter().map(|s| s.url.as_str()).collect();
    assert_eq!(servers, ["https://api.example.org", "http://127.0.0.1:8080"]);
    let json = api.to_json();
    assert!(json.contains("\"servers\""), "{json}");
}

#[test]
fn a_query_string_gives_optional_query_parameters_with_examples() {
    let (api, _) = api_of(
        "# Calls\n\n## List calls\n\n`GET https://h.example.com/v1/calls.json?key=abc123&page=2`\n\n\
### Parameters\n\nName | In | Type | Description\n--|--|--|--\nkey | query | String | your key\n",
    );
    let endpoint = &api.endpoints[0];
    assert_eq!(endpoint.path, "/v1/calls.json");
    let params: Vec<(&str, ParamLocation, &TypeRef, bool)> =
        endpoint.params.iter().map(|p| (p.name.as_str(), p.location, &p.ty, p.required)).collect();
    assert_eq!(
        params,
        [("key", ParamLocation::Query, &TypeRef::String, true), ("page", ParamLocation::Query, &TypeRef::Long, false)],
        "a documented row wins over the line"
    );
    assert!(endpoint.params[1].description.contains("`2`"));
}

#[test]
fn a_heading_and_the_line_under_it_are_one_endpoint() {
    let (api, _) = api_of(
        "# Reports\n\n### GET /reports/:id\n\nOne report.\n\n#### HTTP Request\n\n`GET /reports/:id`\n\n\
### POST /feed\n\n#### HTTP Request\n\n`POST /api/v2/feed`\n\n### GET /reports/states\n\n`GET /reports/states?level=1`\n",
    );
    assert_eq!(
        routes(&api),
        [route("GET", "/reports/{id}"), route("POST", "/api/v2/feed"), route("GET", "/reports/states")],
        "a heading that leaves out the base is the line under it"
    );
    assert_eq!(api.endpoints[2].params[0].name, "level");
}

#[test]
fn example_lines_of_one_route_are_one_endpoint_and_other_routes_are_more() {
    let (api, _) = api_of(
        "# Places\n\n## Get a place\n\n`GET /api/places/main-office`\n\n`GET /api/places/1`\n\n\
## Remove a phone\n\n`DELETE /api/places/:place_id/phones/:phone_id`\n\n`DELETE /api/people/:person_id/phones/:phone_id`\n",
    );
    assert_eq!(
        routes(&api),
        [
            route("GET", "/api/places/{id}"),
            route("DELETE", "/api/places/{place_id}/phones/{phone_id}"),
            route("DELETE", "/api/people/{person_id}/phones/{phone_id}"),
        ]
    );
    let ids: BTreeSet<&str> = api.endpoints.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), 3, "ids stay unique: {ids:?}");
    // The owner in the path tells the two apart.
    assert_eq!(
        (api.endpoints[1].id.as_str(), api.endpoints[2].id.as_str()),
        ("delete_place_phone", "delete_person_phone")
    );
}

#[test]
fn sub_sections_that_each_hold_an_endpoint_are_operations_of_their_own() {
    let (api, _) = api_of(
        "# Shop\n\n## Orders\n\n### List orders\n\n#### HTTP Request\n\n`GET /orders`\n\n\
### Cancel an order\n\n#### HTTP Request\n\n`DELETE /orders/{id}`\n",
    );
    assert_eq!(routes(&api), [route("GET", "/orders"), route("DELETE", "/orders/{id}")]);
    let names: Vec<&str> = api.endpoints.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["List orders", "Cancel an order"]);
}

#[test]
fn an_include_starting_at_a_second_level_heading_belongs_to_the_group_before_it() {
    let index = "---\ntitle: T\nincludes:\n  - group\n  - one\n---\n# Intro\n\nAn API.\n";
    let (api, _) = extract_files(&[
        ("index.html.md", index),
        ("includes/_group.md", "# Widgets\n\nAll about widgets.\n"),
        ("includes/_one.md", "## Get widget\n\n`GET /widgets/:id`\n"),
    ]);
    assert_eq!(routes(&api), [route("GET", "/widgets/{id}")]);
    assert_eq!(api.endpoints[0].group, "Widgets");
}

#[test]
fn ids_come_from_method_and_path_in_any_language_of_heading() {
    let (api, _) = api_of(
        "# 주문\n\n## 주문 목록 조회\n\n`GET /orders`\n\n\
## This heading is a whole sentence that goes on and on about what it does here\n\n`POST /orders`\n\n\
## Bestellung löschen\n\n`DELETE /orders/:id`\n",
    );
    let ids: Vec<&str> = api.endpoints.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["list_orders", "create_order", "delete_order"]);
}

#[test]
fn html_blocks_and_key_value_tables_are_endpoints() {
    let (api, _) = api_of(
        "# Things\n\n## Find\n\n<div class=\"endpoint\">\n  <span class=\"verb\">GET</span>\n  v2/things/search?code=7\n</div>\n\n\
## Change\n\nHTTP Method | PATCH\n--- | ---\nURL | `/v2/things/{id}`\n",
    );
    assert_eq!(routes(&api), [route("GET", "/v2/things/search"), route("PATCH", "/v2/things/{id}")]);
    assert_eq!(api.endpoints[0].params[0].name, "code");
}

#[test]
fn what_looks_like_an_endpoint_but_was_not_read_is_reported_once_per_shape() {
    let (api, diagnostics) = extract_files(&[
        ("index.html.md", "---\ntitle: T\nincludes:\n  - main\n---\n# Intro\n\nAn API.\n"),
        (
            "includes/_main.md",
            "# Paging\n\n`https://h.example.com/v1/things?page=2`\n\n`https://h.example.com/v1/things?page=3`\n\n\
# Things\n\n`GET /v1/overview`\n\n## List things\n\n`GET /v1/things`\n\nPlan | Calls\n--- | ---\nfree | 10\n\n\
## Limits\n\nTier | Calls\n--- | ---\nfree | 10\n",
        ),
    ]);
    assert_eq!(routes(&api), [route("GET", "/v1/things")]);
    let notes: Vec<(Code, String)> = diagnostics
        .sorted()
        .iter()
        .filter(|d| matches!(d.code, Code::SL038 | Code::SL039))
        .map(|d| (d.code, d.message.clone()))
        .collect();
    assert_eq!(notes.len(), 4, "{notes:?}");
    assert!(notes[0].1.starts_with("2 endpoint-looking line (a URL without a method)"), "{notes:?}");
    assert!(notes[1].1.contains("outside an operation"), "{notes:?}");
    assert!(notes[2].1.contains("`Plan | Calls`"), "an operation in which no table was read: {notes:?}");
    assert!(notes[3].1.contains("`Tier | Calls`"), "{notes:?}");
}

#[test]
fn the_summary_counts_tables_read_and_seen() {
    let files: std::collections::BTreeMap<String, Vec<u8>> = [(
        "index.html.md",
        "---\ntitle: T\n---\n# Things\n\n## Get a thing\n\n`GET https://h.example.com/v1/things/:id`\n\n\
Name | In | Type | Description\n--|--|--|--\nid | path | String | which\n\nTier | Calls\n--- | ---\nfree | 10\n",
    )]
    .into_iter()
    .map(|(name, text)| (name.to_string(), text.as_bytes().to_vec()))
    .collect();
    let analysis = crate::analyze_files(&files).expect("an index");
    let reading = &analysis.reading;
    assert_eq!((reading.tables_read, reading.tables_seen), (1, 2));
    assert_eq!(reading.servers, ["https://h.example.com"]);
    assert!(reading.unread.is_empty(), "a table beside a read one is commentary: {:?}", reading.unread);
}
