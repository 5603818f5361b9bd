//! The API model as an OpenAPI 3.1 document.
//!
//! Reads only the IR. The document is a `serde_json::Value` whose maps keep
//! their insertion order, and everything is inserted in the IR's order (or
//! sorted, for response statuses), so the same documentation gives the same
//! bytes. How types become schemas is told in [`schemas`], how schema
//! components are named in [`names`], how endpoints become operations in
//! [`paths`].

mod downgrade;
mod examples;
mod names;
mod paths;
mod schemas;
mod yaml;

use serde_json::{json, Map, Value};

use crate::ir::Api;

pub use downgrade::{to_3_0, OPENAPI_3_0};
pub use yaml::to_yaml;

/// The OpenAPI version written.
pub const OPENAPI_VERSION: &str = "3.1.0";

/// The name of the security scheme of the session cookie.
pub const SESSION_SCHEME: &str = "sessionCookie";

/// The documentation names no version of the API; OpenAPI requires one.
const API_VERSION: &str = "0.0.0";

/// An exported document, and what could not be expressed in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    pub document: Value,
    /// One line per thing left out or guessed, for stderr.
    pub warnings: Vec<String>,
}

/// The OpenAPI document of `api`.
pub fn export(api: &Api) -> Export {
    let names = names::SchemaNames::new(api);
    let mut writer = schemas::SchemaWriter::new(api, &names);
    let mut warnings = Vec::new();

    let paths = paths::paths(&mut writer, &mut warnings);
    let mut components = Map::new();
    components.insert("schemas".into(), Value::Object(writer.components()));
    let mut security_schemes = Map::new();
    if let Some(auth) = &api.auth {
        security_schemes.insert(SESSION_SCHEME.into(), session_scheme(api, auth));
    }
    for scheme in &api.security_schemes {
        security_schemes.entry(scheme.name.clone()).or_insert_with(|| security_scheme(scheme));
    }
    if !security_schemes.is_empty() {
        components.insert("securitySchemes".into(), Value::Object(security_schemes));
    }
    for name in &writer.undefined {
        warnings.push(format!("type `{name}` is used but not defined; exported as any JSON value"));
    }

    let mut document = Map::new();
    document.insert("openapi".into(), Value::from(OPENAPI_VERSION));
    document.insert("info".into(), info(api));
    if !api.servers.is_empty() {
        document.insert("servers".into(), Value::Array(api.servers.iter().map(server).collect()));
    }
    let tags = tags(api);
    if !tags.is_empty() {
        document.insert("tags".into(), Value::Array(tags));
    }
    document.insert("paths".into(), Value::Object(paths));
    document.insert("components".into(), Value::Object(components));
    if !api.security.is_empty() {
        document.insert("security".into(), paths::security_requirements(&api.security));
    }
    Export { document: Value::Object(document), warnings }
}

/// Pretty JSON ending with a newline.
pub fn to_json(document: &Value) -> String {
    let mut text = serde_json::to_string_pretty(document).unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"));
    text.push('\n');
    text
}

fn info(api: &Api) -> Value {
    let mut info = Map::new();
    let title = api.title.as_deref().map(str::trim).filter(|title| !title.is_empty()).unwrap_or("API");
    info.insert("title".into(), Value::from(title));
    if !api.description.trim().is_empty() {
        info.insert("description".into(), Value::from(api.description.trim()));
    }
    info.insert("version".into(), Value::from(API_VERSION));
    Value::Object(info)
}

/// One tag per endpoint group, in the order groups first appear.
fn tags(api: &Api) -> Vec<Value> {
    let mut groups: Vec<&str> = Vec::new();
    for endpoint in &api.endpoints {
        if !endpoint.group.is_empty() && !groups.contains(&endpoint.group.as_str()) {
            groups.push(&endpoint.group);
        }
    }
    groups.into_iter().map(|group| json!({ "name": group })).collect()
}

fn server(server: &crate::ir::Server) -> Value {
    let mut object = Map::new();
    object.insert("url".into(), Value::from(server.url.as_str()));
    if !server.description.trim().is_empty() {
        object.insert("description".into(), Value::from(server.description.trim()));
    }
    if !server.variables.is_empty() {
        let variables: Map<String, Value> = server
            .variables
            .iter()
            .map(|variable| {
                let mut value = Map::new();
                if !variable.values.is_empty() {
                    value.insert("enum".into(), json!(variable.values));
                }
                value.insert("default".into(), Value::from(variable.default.as_str()));
                if !variable.description.trim().is_empty() {
                    value.insert("description".into(), Value::from(variable.description.trim()));
                }
                (variable.name.clone(), Value::Object(value))
            })
            .collect();
        object.insert("variables".into(), Value::Object(variables));
    }
    Value::Object(object)
}

fn security_scheme(scheme: &crate::ir::SecurityScheme) -> Value {
    let mut object = Map::new();
    object.insert("type".into(), Value::from(scheme.kind.as_str()));
    // OpenAPI has no place for text before a key: the description says it.
    let prefix = scheme.prefix.as_deref().map(|prefix| format!("Sent as `{prefix}KEY`."));
    let description = [scheme.description.trim(), prefix.as_deref().unwrap_or("")]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if !description.is_empty() {
        object.insert("description".into(), Value::from(description));
    }
    if let Some(parameter) = &scheme.parameter {
        object.insert("name".into(), Value::from(parameter.as_str()));
    }
    if let Some(location) = &scheme.location {
        object.insert("in".into(), Value::from(location.as_str()));
    }
    if let Some(http) = &scheme.scheme {
        object.insert("scheme".into(), Value::from(http.as_str()));
    }
    if scheme.kind == "oauth2" {
        let flows: Map<String, Value> = scheme
            .flows
            .iter()
            .map(|flow| {
                let mut value = Map::new();
                if let Some(url) = &flow.authorization_url {
                    value.insert("authorizationUrl".into(), Value::from(url.as_str()));
                }
                if let Some(url) = &flow.token_url {
                    value.insert("tokenUrl".into(), Value::from(url.as_str()));
                }
                if let Some(url) = &flow.refresh_url {
                    value.insert("refreshUrl".into(), Value::from(url.as_str()));
                }
                let scopes: Map<String, Value> =
                    flow.scopes.iter().map(|(name, text)| (name.clone(), Value::from(text.as_str()))).collect();
                value.insert("scopes".into(), Value::Object(scopes));
                (flow.kind.clone(), Value::Object(value))
            })
            .collect();
        object.insert("flows".into(), Value::Object(flows));
    }
    Value::Object(object)
}

fn session_scheme(api: &Api, auth: &crate::ir::Auth) -> Value {
    let logins: Vec<String> = auth
        .logins
        .iter()
        .map(|id| match api.endpoint(id) {
            Some(endpoint) => format!("`{id}` (`{} {}`)", endpoint.method, endpoint.path),
            None => format!("`{id}`"),
        })
        .collect();
    json!({
        "type": "apiKey",
        "in": "cookie",
        "name": auth.cookie,
        "description": format!(
            "The session cookie a login answers ({}). Send it back as `Cookie: {}=VALUE`; \
             when it expires, log in again.",
            logins.join(", "),
            auth.cookie
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Auth, Body, Endpoint, Pagination, Param, ParamLocation, Response, Source, TypeRef};

    fn source() -> Source {
        Source { file: "x.md".into(), line: 1 }
    }

    fn endpoint(id: &str, method: &str, path: &str) -> Endpoint {
        Endpoint {
            operation_id: None,
            chosen_name: None,
            security: None,
            id: id.into(),
            name: id.into(),
            group: "Things".into(),
            method: method.into(),
            path: path.into(),
            description: String::new(),
            params: Vec::new(),
            body: None,
            responses: vec![Response {
                headers: Vec::new(),
                status: 200,
                ty: TypeRef::Empty,
                description: String::new(),
                source: source(),
            }],
            pagination: None,
            examples: Vec::new(),
            source: source(),
        }
    }

    fn param(name: &str, location: ParamLocation, ty: &str) -> Param {
        Param {
            constraints: Default::default(),
            name: name.into(),
            location,
            ty: ty.parse().expect("type"),
            required: !ty.starts_with("Option"),
            default: None,
            description: String::new(),
            source: source(),
        }
    }

    fn response(status: u16, ty: &str) -> Response {
        Response {
            headers: Vec::new(),
            status,
            ty: ty.parse().expect("type"),
            description: String::new(),
            source: source(),
        }
    }

    fn api(endpoints: Vec<Endpoint>) -> Api {
        Api {
            title: Some("Test".into()),
            auth: Some(Auth { cookie: "PI_SESSION".into(), logins: vec!["login".into()] }),
            endpoints,
            ..Api::default()
        }
    }

    #[test]
    fn the_default_requirement_is_the_documents() {
        let mut open = endpoint("token", "POST", "/token");
        open.security = Some(Vec::new());
        let mut api = Api { endpoints: vec![endpoint("list", "GET", "/things"), open], ..Api::default() };
        api.security_schemes = vec![crate::ir::SecurityScheme {
            name: "apiKey".into(),
            kind: "apiKey".into(),
            location: Some("header".into()),
            parameter: Some("Authorization".into()),
            prefix: Some("Token token=".into()),
            ..Default::default()
        }];
        api.security = vec![crate::ir::SecurityRequirement {
            schemes: vec![crate::ir::SchemeUse { name: "apiKey".into(), scopes: Vec::new() }],
        }];
        let document = export(&api).document;
        assert_eq!(document["security"], json!([{"apiKey": []}]));
        assert_eq!(document["components"]["securitySchemes"]["apiKey"]["description"], "Sent as `Token token=KEY`.");
        assert!(document["paths"]["/things"]["get"].get("security").is_none());
        // A 401 is not invented where the documentation lists none.
        assert!(document["paths"]["/things"]["get"]["responses"].get("401").is_none());
        assert_eq!(document["paths"]["/token"]["post"]["security"], json!([]));
    }

    #[test]
    fn logins_are_open_and_set_the_cookie_others_need_it() {
        let mut login = endpoint("login", "POST", "/login");
        login.params = vec![param("login", ParamLocation::Body, "String")];
        let export = export(&api(vec![login, endpoint("list", "GET", "/things")]));
        let document = &export.document;
        assert_eq!(document["openapi"], "3.1.0");
        assert_eq!(document["paths"]["/login"]["post"]["security"], json!([]));
        assert_eq!(
            document["paths"]["/login"]["post"]["responses"]["200"]["headers"]["Set-Cookie"]["schema"],
            json!({"type": "string"})
        );
        assert_eq!(
            document["paths"]["/login"]["post"]["requestBody"]["content"]["application/json"]["schema"],
            json!({"type": "object", "properties": {"login": {"type": "string"}}, "required": ["login"]})
        );
        assert_eq!(document["paths"]["/things"]["get"]["security"], json!([{"sessionCookie": []}]));
        assert_eq!(
            document["paths"]["/things"]["get"]["responses"]["401"],
            json!({
                "description": "No valid session: log in, then send the `PI_SESSION` cookie.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
            })
        );
        assert!(document["paths"]["/login"]["post"]["responses"].get("401").is_none());
        assert_eq!(
            document["components"]["securitySchemes"]["sessionCookie"]["name"],
            json!("PI_SESSION"),
            "{document:#}"
        );
        assert!(export.warnings.is_empty());
    }

    #[test]
    fn parameters_keep_their_location_and_optional_ones_are_not_required() {
        let mut get = endpoint("get_thing", "GET", "/things/{thing_uid}/{missing}");
        let mut status = param("status", ParamLocation::Query, "Option[Long]");
        status.default = Some("3".into());
        get.params = vec![
            param("thing_uid", ParamLocation::Path, "String"),
            status,
            param("X-Trace", ParamLocation::Header, "String"),
            param("Accept", ParamLocation::Header, "String"),
            param("stray", ParamLocation::Path, "String"),
        ];
        let export = export(&api(vec![get]));
        let parameters = &export.document["paths"]["/things/{thing_uid}/{missing}"]["get"]["parameters"];
        assert_eq!(
            parameters,
            &json!([
                {"name": "thing_uid", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "status", "in": "query", "required": false,
                 "schema": {"type": "integer", "format": "int64", "default": 3}},
                {"name": "X-Trace", "in": "header", "required": true, "schema": {"type": "string"}},
                {"name": "missing", "in": "path", "description": "Not documented.", "required": true,
                 "schema": {"type": "string"}},
            ])
        );
        assert_eq!(
            export.warnings,
            vec!["get_thing: path parameter `stray` is not in `/things/{thing_uid}/{missing}`; left out"]
        );
    }

    #[test]
    fn collections_have_a_range_pattern_both_statuses_and_their_headers() {
        let mut list = endpoint("list", "GET", "/things");
        let mut range = param("range", ParamLocation::Query, "Option[String]");
        range.default = Some("0-100".into());
        list.params = vec![range];
        list.responses = vec![response(400, "Error"), response(200, "Array[String]")];
        list.pagination = Some(Pagination::range("range", TypeRef::String, None));
        let export = export(&api(vec![list]));
        let operation = &export.document["paths"]["/things"]["get"];
        assert_eq!(
            operation["parameters"][0]["schema"],
            json!({"type": "string", "pattern": "^[0-9]+-[0-9]+$", "default": "0-100"})
        );
        let statuses: Vec<&String> = operation["responses"].as_object().expect("responses").keys().collect();
        assert_eq!(statuses, ["200", "206", "400", "401"]);
        for status in ["200", "206"] {
            let headers = &operation["responses"][status]["headers"];
            assert_eq!(headers["Content-Range"]["schema"]["pattern"], "^([0-9]+-[0-9]+|\\*)/[0-9]+$");
            assert_eq!(headers["Accept-Range"]["schema"]["type"], "integer");
        }
        assert!(operation["responses"]["400"].get("headers").is_none());
        assert_eq!(
            operation["responses"]["400"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/Error"})
        );
    }

    #[test]
    fn a_documented_body_model_is_referenced_and_empty_answers_have_no_content() {
        let mut create = endpoint("create", "POST", "things");
        create.body =
            Some(Body { media_type: None, optional: false, ty: TypeRef::named("CreateThing"), synthesized: false });
        create.params =
            vec![Param { description: "The command.".into(), ..param("", ParamLocation::Body, "CreateThing") }];
        create.responses = vec![response(201, "Empty")];
        let export = export(&api(vec![create]));
        let operation = &export.document["paths"]["/things"]["post"];
        assert_eq!(operation["requestBody"]["description"], "The command.");
        assert_eq!(operation["requestBody"]["required"], true);
        assert_eq!(operation["responses"]["201"], json!({"description": "Created"}));
        assert_eq!(export.warnings, vec!["type `CreateThing` is used but not defined; exported as any JSON value"]);
    }

    #[test]
    fn clashing_endpoints_are_left_out_with_a_warning() {
        let export = export(&api(vec![
            endpoint("a", "GET", "/x/{id}"),
            endpoint("b", "GET", "/x/{id}"),
            endpoint("c", "GET", "/x/{uid}"),
            endpoint("d", "FETCH", "/y"),
        ]));
        assert_eq!(export.document["paths"].as_object().map(Map::len), Some(1));
        assert_eq!(export.warnings.len(), 3, "{:?}", export.warnings);
    }

    #[test]
    fn the_same_api_gives_the_same_bytes() {
        let api = api(vec![endpoint("login", "POST", "/login"), endpoint("list", "GET", "/things")]);
        assert_eq!(to_json(&export(&api).document), to_json(&export(&api).document));
        assert_eq!(to_yaml(&export(&api).document), to_yaml(&export(&api).document));
    }
}
