//! One small generated-looking document per shape widdershins writes.

use super::rows::{Base, BlockTitle, CellType, Combinator};
use crate::extract::tests::extract_files;
use crate::ir::{Api, ModelKind, ParamLocation, TypeRef};

/// A document as widdershins lays it out: no front matter, the title in an
/// HTML heading, `body` then `# Schemas`.
fn read(body: &str, schemas: &str) -> Api {
    let text = format!(
        "<!-- Generator: Widdershins v4.0.1 -->\n\n<h1 id=\"kennel\">Kennel v1</h1>\n\nA kennel.\n\n{body}\n\n# Schemas\n\n{schemas}\n"
    );
    extract_files(&[("index.html.md", &text)]).0
}

fn schema(name: &str, properties: &str) -> String {
    let lower = name.to_ascii_lowercase();
    format!(
        "<h2 id=\"tocS_{name}\">{name}</h2>\n<!-- backwards compatibility -->\n<a id=\"schema{lower}\"></a>\n\
         <a id=\"schema_{name}\"></a>\n\n### Properties\n\n{properties}\n"
    )
}

const PROPS: &str = "|Name|Type|Required|Restrictions|Description|\n|---|---|---|---|---|\n";

fn operation(heading: &str, line: &str, rest: &str) -> String {
    format!(
        "<h1 id=\"kennel-dogs\">dogs</h1>\n\n## {heading}\n\n<a id=\"opId{heading}\"></a>\n\n`{line}`\n\n*Do it*\n\n{rest}\n"
    )
}

#[test]
fn type_cells_read_arrays_links_formats_and_null() {
    let cell = |text: &str| CellType::parse_markdown(text);
    assert_eq!(cell("string(date-time)").format(), Some("date-time"));
    assert_eq!(cell("[[Dog](#schemadog)]").arrays, 1);
    assert_eq!(cell("[[Dog](#schemadog)]").base, Base::Link("Dog".into(), "schemadog".into()));
    assert_eq!(cell("array[integer]").arrays, 1);
    assert_eq!(cell("[[string]]").arrays, 2);
    assert!(cell("integer¦null").nullable);
    assert_eq!(cell("[Dog](#schemadog)").arrays, 0);
    assert_eq!(BlockTitle::parse("*xor*"), Some(BlockTitle::Member(Combinator::OneOf)));
    assert_eq!(BlockTitle::parse("oneOf - discriminator: Pet.kind"), Some(BlockTitle::Member(Combinator::OneOf)));
    assert_eq!(BlockTitle::parse("and the rest"), None);
}

#[test]
fn operations_take_their_id_summary_parameters_and_security() {
    let rest = "<h3 id=\"fetch-parameters\">Parameters</h3>\n\n|Name|In|Type|Required|Description|\n|---|---|---|---|---|\n\
|dogId|path|integer(int64)|true|The dog.|\n|coat|query|array[string]|false|none|\n|X-Trace|header|string|true|none|\n\
|visit|cookie|string|false|none|\n\n#### Enumerated Values\n\n|Parameter|Value|\n|---|---|\n|coat|short|\n|coat|long|\n\n\
<h3 id=\"fetch-responses\">Responses</h3>\n\n|Status|Meaning|Description|Schema|\n|---|---|---|---|\n\
|200|[OK](https://example.test)|A dog.|[Dog](#schemadog)|\n|404|[Not Found](https://example.test)|No dog.|None|\n\n\
<aside class=\"warning\">\nCallers authenticate with one of the following methods:\n\
warden ( Scopes: dogs:read ), key & secret\n</aside>\n";
    let api = read(
        &operation("fetchDog", "GET /dogs/{dogId}", rest),
        &schema("Dog", &format!("{PROPS}|name|string|true|none|none|\n")),
    );
    let endpoint = &api.endpoints[0];
    assert_eq!(endpoint.operation_id.as_deref(), Some("fetchDog"));
    assert_eq!((endpoint.id.as_str(), endpoint.name.as_str(), endpoint.group.as_str()), ("fetch_dog", "Do it", "dogs"));
    let params: Vec<_> = endpoint.params.iter().map(|p| (p.name.as_str(), p.location, p.required)).collect();
    assert_eq!(
        params,
        [
            ("dogId", ParamLocation::Path, true),
            ("coat", ParamLocation::Query, false),
            ("X-Trace", ParamLocation::Header, true),
            ("visit", ParamLocation::Cookie, false)
        ]
    );
    assert_eq!(endpoint.params[0].constraints.format.as_deref(), Some("int64"));
    assert_eq!(endpoint.params[1].ty, TypeRef::Array(Box::new(TypeRef::String)));
    assert_eq!(endpoint.params[1].constraints.values, ["short", "long"]);
    let responses: Vec<_> = endpoint.responses.iter().map(|r| (r.status, r.ty.to_string())).collect();
    assert_eq!(responses, [(200, "Dog".to_string()), (404, "Empty".to_string())]);
    let security = endpoint.security.as_ref().expect("a requirement");
    assert_eq!(security.len(), 2);
    assert_eq!(security[0].schemes[0].scopes, ["dogs:read"]);
    let second: Vec<_> = security[1].schemes.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(second, ["key", "secret"]);
}

#[test]
fn no_authentication_means_an_empty_requirement_and_no_401() {
    let rest = "<h3 id=\"ping-responses\">Responses</h3>\n\n|Status|Meaning|Description|Schema|\n|---|---|---|---|\n\
|204|[No Content](https://example.test)|Alive.|None|\n\n<aside class=\"success\">\nThis operation does not require authentication\n</aside>\n";
    let api = read(&operation("ping", "HEAD /ping", rest), "");
    let endpoint = &api.endpoints[0];
    assert_eq!(endpoint.security.as_deref(), Some(&[][..]));
    assert_eq!(endpoint.responses.iter().map(|r| r.status).collect::<Vec<_>>(), [204]);
    assert!(api.auth.is_none());
}

#[test]
fn a_body_row_is_the_body_and_nested_rows_its_inline_object() {
    let rest = "> Body parameter\n\n```yaml\nweight: 1\n```\n\n<h3 id=\"weigh-parameters\">Parameters</h3>\n\n\
|Name|In|Type|Required|Description|\n|---|---|---|---|---|\n|body|body|object|true|none|\n|» weight|body|number(float)|true|none|\n\
|» unit|body|string|false|none|\n\n#### Enumerated Values\n\n|Parameter|Value|\n|---|---|\n|» unit|kg|\n|» unit|lb|\n";
    let api = read(&operation("weigh", "PUT /dogs/{dogId}/weight", rest), "");
    let body = api.endpoints[0].body.as_ref().expect("a body");
    assert_eq!(body.media_type.as_deref(), Some("application/x-www-form-urlencoded"));
    assert!(!body.optional);
    let TypeRef::Named(name) = &body.ty else { panic!("a named body, not {}", body.ty) };
    let model = api.model(name).expect("the body model");
    assert!(model.inline);
    let fields: Vec<_> = model.fields().iter().map(|f| (f.name.as_str(), f.required)).collect();
    assert_eq!(fields, [("weight", true), ("unit", false)]);
    assert_eq!(model.fields()[1].constraints.values, ["kg", "lb"]);

    let linked =
        "<h3 id=\"add-parameters\">Parameters</h3>\n\n|Name|In|Type|Required|Description|\n|---|---|---|---|---|\n\
|body|body|[Dog](#schemadog)|false|none|\n";
    let api = read(
        &operation("addDog", "POST /dogs", linked),
        &schema("Dog", &format!("{PROPS}|name|string|true|none|none|\n")),
    );
    let body = api.endpoints[0].body.as_ref().expect("a body");
    assert_eq!((body.ty.to_string(), body.optional), ("Dog".to_string(), true));
}

#[test]
fn response_schemas_headers_and_nested_rows() {
    let rest = "<h3 id=\"list-responses\">Responses</h3>\n\n|Status|Meaning|Description|Schema|\n|---|---|---|---|\n\
|200|[OK](https://example.test)|Dogs.|Inline|\n|202|[Accepted](https://example.test)|Later.|Inline|\n\n\
<h3 id=\"list-responseschema\">Response Schema</h3>\n\nStatus Code **200**\n\n{PROPS}|*anonymous*|[[Dog](#schemadog)]|false|none|none|\n\
|» name|string|true|none|none|\n\nStatus Code **202**\n\n{PROPS}|» ticket|string|true|none|none|\n|» state|string|false|none|none|\n\n\
#### Enumerated Values\n\n|Property|Value|\n|---|---|\n|state|queued|\n\n### Response Headers\n\n|Status|Header|Type|Format|Description|\n\
|---|---|---|---|---|\n|200|X-Count|integer|int32|How many.|\n";
    let rest = rest.replace("{PROPS}", PROPS);
    let api = read(
        &operation("listDogs", "GET /dogs", &rest),
        &schema("Dog", &format!("{PROPS}|name|string|true|none|none|\n")),
    );
    let responses = &api.endpoints[0].responses;
    assert_eq!(responses[0].ty.to_string(), "Array[Dog]");
    assert_eq!(responses[0].headers[0].name, "X-Count");
    assert_eq!(responses[0].headers[0].format.as_deref(), Some("int32"));
    let TypeRef::Named(later) = &responses[1].ty else { panic!("an inline model") };
    let model = api.model(later).expect("the 202 model");
    assert_eq!(model.fields().iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["ticket", "state"]);
    assert_eq!(model.fields()[1].constraints.values, ["queued"]);
}

#[test]
fn schemas_nest_combine_and_enumerate() {
    let dog = format!(
        "{PROPS}|name|string|true|none|none|\n|nick|string¦null|false|none|none|\n|id|string(uuid)|true|read-only|none|\n\
|secret|string|false|write-only|none|\n|kennel|object|false|none|none|\n|» yard|object|true|none|none|\n|»» gate|string|false|none|none|\n\
|toys|[object]|false|none|none|\n|» label|string|true|none|none|\n|size|integer|false|none|none|\n\n#### Enumerated Values\n\n\
|Property|Value|\n|---|---|\n|size|1|\n|size|2|\n"
    );
    let puppy = format!(
        "allOf\n\n{PROPS}|*anonymous*|[Dog](#schemadog)|false|none|none|\n\nand\n\n{PROPS}|*anonymous*|object|false|none|none|\n\
|» age|integer|true|none|none|\n"
    );
    let pet = format!("oneOf\n\n{PROPS}|*anonymous*|[Dog](#schemadog)|false|none|none|\n\nxor\n\n{PROPS}|*anonymous*|[Puppy](#schemapuppy)|false|none|none|\n");
    let coat = format!("{PROPS}|*anonymous*|string|false|none|none|\n\n#### Enumerated Values\n\n|Property|Value|\n|---|---|\n|*anonymous*|short|\n|*anonymous*|long|\n");
    let schemas = [schema("Dog", &dog), schema("Puppy", &puppy), schema("Pet", &pet), schema("Coat", &coat)].join("\n");
    let api = read("", &schemas);

    let dog = api.model("Dog").expect("Dog");
    let field = |name: &str| dog.fields().iter().find(|f| f.name == name).expect(name);
    assert!(field("nick").constraints.nullable && field("nick").ty.is_option());
    assert!(field("id").constraints.read_only && field("secret").constraints.write_only);
    assert_eq!(field("size").constraints.values, ["1", "2"]);
    let TypeRef::Named(kennel) = &field("kennel").ty else { panic!("kennel is a model") };
    let kennel = api.model(kennel).expect("kennel");
    let TypeRef::Named(yard) = &kennel.fields()[0].ty else { panic!("yard is a model") };
    assert_eq!(api.model(yard).expect("yard").fields()[0].name, "gate");
    assert!(matches!(&field("toys").ty, TypeRef::Array(item) if matches!(item.as_ref(), TypeRef::Named(_))));

    let puppy = api.model("Puppy").expect("Puppy");
    assert_eq!(puppy.kind(), ModelKind::Struct);
    assert_eq!(puppy.fields().first().map(|f| f.name.as_str()), Some("name"));
    assert_eq!(puppy.fields().last().map(|f| f.name.as_str()), Some("age"));

    let pet = api.model("Pet").expect("Pet");
    assert_eq!(
        (pet.kind(), pet.as_union().map(|u| (u.exclusive, u.tag.is_none()))),
        (ModelKind::Union, Some((true, true)))
    );
    let variants: Vec<_> = pet.variants().iter().map(|v| v.model.as_deref()).collect();
    assert_eq!(variants, [Some("Dog"), Some("Puppy")]);

    let coat = api.model("Coat").expect("Coat");
    assert_eq!(
        (coat.kind(), coat.enum_values()),
        (ModelKind::Enum, Some(&["short".to_string(), "long".to_string()][..]))
    );
}

#[test]
fn authentication_and_base_urls() {
    let intro = "Base URLs:\n\n* <a href=\"https://{zone}.kennel.test/v1\">https://{zone}.kennel.test/v1</a>\n\n    \
* **zone** - Where Default: east\n\n        * east\n\n        * west\n\n\
# Authentication\n\n- HTTP Authentication, scheme: bearer \n\n* API Key (key)\n    - Parameter Name: **X-Key**, in: header. \n\n\
- oAuth2 authentication. \n\n    - Flow: clientCredentials\n    - Token URL = [https://auth.test/token](https://auth.test/token)\n\n\
|Scope|Scope Description|\n|---|---|\n|dogs:read|Read dogs|\n\n";
    let rest = "<aside class=\"warning\">\nCallers authenticate with one of the following methods:\n\
warden ( Scopes: dogs:read ), token\n</aside>\n";
    let api = read(&format!("{intro}{}", operation("ping", "GET /ping", rest)), "");
    assert_eq!(api.servers[0].url, "https://{zone}.kennel.test/v1");
    let zone = &api.servers[0].variables[0];
    assert_eq!(
        (zone.name.as_str(), zone.default.as_str(), zone.values.clone()),
        ("zone", "east", vec!["east".into(), "west".into()])
    );
    let schemes: Vec<_> = api.security_schemes.iter().map(|s| (s.name.as_str(), s.kind.as_str())).collect();
    assert_eq!(schemes, [("token", "http"), ("key", "apiKey"), ("warden", "oauth2")]);
    assert_eq!(api.security_schemes[1].parameter.as_deref(), Some("X-Key"));
    assert_eq!(api.security_schemes[2].flows[0].scopes, [("dogs:read".to_string(), "Read dogs".to_string())]);
}

#[test]
fn hand_written_slate_is_not_taken_for_widdershins() {
    let index = "---\ntitle: T\n---\n# Things\n\n## Get a thing\n\n`GET /things`\n\n|Name|In|Type|Required|Description|\n|--|--|--|--|--|\n\
|id|query|string|true|x|\n";
    let tree_has_signature = {
        let (api, _) = extract_files(&[("index.html.md", index)]);
        api.endpoints.iter().any(|e| e.operation_id.is_some())
    };
    assert!(!tree_has_signature);
}
