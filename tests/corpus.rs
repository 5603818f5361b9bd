//! The IR of each Slate document of `../shared/corpus` against the facts
//! written by hand in `tests/corpus/expectations/<folder>.toml` (format and
//! counting rules: `tests/corpus/README.md`). Prints one row of figures per
//! document and requires, for each, 95% of its endpoints and 90% of its
//! parameter tables and of its field tables.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use codegen::ir::{Api, Endpoint, Field, ParamLocation, TypeRef};
use serde::Deserialize;

const ENDPOINT_TARGET: f64 = 0.95;
const TABLE_TARGET: f64 = 0.90;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expectation {
    #[serde(default)]
    base_urls: Vec<String>,
    #[serde(default)]
    auth: Vec<AuthScheme>,
    #[serde(default)]
    paging: Vec<Paging>,
    #[serde(default)]
    endpoint: Vec<ExpectedEndpoint>,
    #[serde(default)]
    model: Vec<ExpectedModel>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AuthScheme {
    scheme: String,
    name: Option<String>,
    #[serde(default)]
    names: Vec<String>,
    /// The doc says it, the reader does not find it yet.
    #[serde(default)]
    unread: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Paging {
    style: String,
    #[serde(default)]
    params: Vec<String>,
    /// The doc says it, the reader does not find it yet.
    #[serde(default)]
    unread: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedEndpoint {
    method: String,
    path: String,
    /// Other spellings of the same operation's path that the doc gives.
    #[serde(default)]
    also: Vec<String>,
    params: Option<Vec<ExpectedParam>>,
    /// The model the whole request body is.
    body: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedParam {
    name: String,
    #[serde(rename = "in")]
    location: Option<String>,
    #[serde(rename = "type")]
    ty: Option<String>,
    required: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedModel {
    name: String,
    /// `table` (the default) or `example`: a model the doc shows only as a
    /// JSON example.
    #[serde(default = "table")]
    source: String,
    fields: Vec<ExpectedParam>,
}

fn table() -> String {
    "table".to_string()
}

const AUTH_SCHEMES: [&str; 6] = ["header", "query", "bearer", "basic", "signed-headers", "cookie-login"];
const PAGING_STYLES: [&str; 4] = ["page", "cursor", "offset", "link-header"];
const LOCATIONS: [&str; 4] = ["path", "query", "header", "body"];
const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

fn expectations_dir() -> PathBuf {
    e2e::repo_root().join("tests/corpus/expectations")
}

fn corpus_dir() -> PathBuf {
    e2e::shared_dir().join("corpus")
}

/// Every expectation file, by corpus folder name.
fn load_expectations() -> BTreeMap<String, Expectation> {
    let mut all = BTreeMap::new();
    for entry in fs::read_dir(expectations_dir()).expect("tests/corpus/expectations") {
        let path = entry.expect("directory entry").path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = fs::read_to_string(&path).expect("readable expectation");
            let parsed = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            all.insert(path.file_stem().unwrap_or_default().to_string_lossy().into_owned(), parsed);
        }
    }
    all
}

/// `{anything}` → `{}`: placeholders match whatever their names. A path is
/// compared from its leading `/`, without a trailing one.
fn path_key(method: &str, path: &str) -> (String, String) {
    let mut key = String::from("/");
    let mut in_placeholder = false;
    for c in path.trim().trim_matches('/').chars() {
        match c {
            '{' => {
                in_placeholder = true;
                key.push_str("{}");
            }
            '}' => in_placeholder = false,
            _ if !in_placeholder => key.push(c),
            _ => {}
        }
    }
    (method.trim().to_ascii_uppercase(), key)
}

/// An example value the doc writes in a path where a client puts its own:
/// digits (`22592`, `+18001234567`), a UUID, a long hexadecimal token.
fn is_example_id(stem: &str) -> bool {
    let digits = stem.strip_prefix('+').unwrap_or(stem);
    let hex = |c: char| c.is_ascii_hexdigit();
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
        || (stem.len() >= 16 && stem.chars().all(hex))
        || (stem.len() == 36 && stem.chars().all(|c| hex(c) || c == '-'))
}

/// The key with each example id (before any `.json`-like suffix) written
/// `{}`: a reader may rightly read it as a placeholder.
fn example_ids_as_placeholders((method, path): &(String, String)) -> (String, String) {
    let segments: Vec<String> = path
        .split('/')
        .map(|segment| match segment.split_once('.') {
            Some((stem, suffix)) if is_example_id(stem) => format!("{{}}.{suffix}"),
            None if is_example_id(segment) => "{}".to_string(),
            _ => segment.to_string(),
        })
        .collect();
    (method.clone(), segments.join("/"))
}

/// The keys an IR endpoint may have for a documented one: its path and the
/// other spellings, each as written and with its example ids as placeholders.
fn expected_keys(endpoint: &ExpectedEndpoint) -> Vec<(String, String)> {
    let mut keys = Vec::new();
    for path in std::iter::once(&endpoint.path).chain(&endpoint.also) {
        let key = path_key(&endpoint.method, path);
        let generalised = example_ids_as_placeholders(&key);
        keys.push(key);
        if !keys.contains(&generalised) {
            keys.push(generalised);
        }
    }
    keys
}

fn location(name: &str) -> Option<ParamLocation> {
    match name {
        "path" => Some(ParamLocation::Path),
        "query" => Some(ParamLocation::Query),
        "header" => Some(ParamLocation::Header),
        "body" => Some(ParamLocation::Body),
        _ => None,
    }
}

/// Letters and digits, lower-cased: how a model named `Terms of Service` in
/// the doc may be spelled as an identifier.
fn loose(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// A coarse family of a type as the doc writes it (`integer(int32)`,
/// `array of strings`, `tabImage{}`): types are compared by family only.
fn doc_type_family(ty: &str) -> &'static str {
    let ty = ty.trim().to_ascii_lowercase();
    let word = ty.split(|c: char| !c.is_ascii_alphanumeric()).next().unwrap_or("");
    if ty.contains("array") || ty.ends_with("[]") || ty.starts_with('[') {
        "array"
    } else if ty.ends_with("{}") {
        "object"
    } else {
        match word {
            "string" | "str" | "text" | "date" | "datetime" | "timestamp" | "uuid" => "string",
            "integer" | "int" | "long" | "int32" | "int64" => "integer",
            "number" | "float" | "double" | "decimal" => "number",
            "boolean" | "bool" => "boolean",
            _ => "object",
        }
    }
}

fn ir_type_family(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::Option(inner) => ir_type_family(inner),
        TypeRef::String | TypeRef::Constant => "string",
        TypeRef::Long => "integer",
        TypeRef::Number | TypeRef::Float => "number",
        TypeRef::Boolean => "boolean",
        TypeRef::Array(_) | TypeRef::NonEmptyList(_) => "array",
        _ => "object",
    }
}

/// Found / expected.
#[derive(Default, Clone, Copy)]
struct Ratio {
    found: usize,
    of: usize,
}

impl Ratio {
    fn add(&mut self, hit: bool) {
        self.of += 1;
        self.found += usize::from(hit);
    }

    /// 1 when nothing was expected.
    fn value(self) -> f64 {
        if self.of == 0 {
            1.0
        } else {
            self.found as f64 / self.of as f64
        }
    }

    fn cell(self) -> String {
        if self.of == 0 {
            "-".to_string()
        } else {
            format!("{}/{} {:.0}%", self.found, self.of, 100.0 * self.value())
        }
    }
}

#[derive(Default)]
struct Figures {
    endpoints: Ratio,
    precision: Ratio,
    param_tables: Ratio,
    field_tables: Ratio,
    example_models: Ratio,
    types: Ratio,
    servers: Option<Ratio>,
    auth: Option<Ratio>,
    paging: Ratio,
    /// Authentication and paging facts read though marked `unread`, or
    /// unread though not marked.
    fact_mismatches: Vec<String>,
    /// Documented endpoints the IR lacks.
    missing: Vec<String>,
    /// IR endpoints the expectation does not list.
    extra: Vec<String>,
}

/// The fields an IR item offers for a documented field table: every model
/// and every variant.
fn field_sets(api: &Api) -> Vec<&[Field]> {
    let mut sets: Vec<&[Field]> = api.models.iter().map(|m| m.fields()).collect();
    sets.extend(api.models.iter().flat_map(|m| m.variants().iter().map(|v| v.fields.as_slice())));
    sets
}

/// A documented field or parameter against what the IR holds for it:
/// (name, required, type); `types` counts type agreement where both say.
fn row_matches(expected: &ExpectedParam, found: Option<(bool, &TypeRef)>, types: &mut Ratio) -> bool {
    let Some((required, ty)) = found else { return false };
    if let Some(doc_ty) = &expected.ty {
        types.add(doc_type_family(doc_ty) == ir_type_family(ty));
    }
    expected.required.is_none_or(|r| r == required)
}

fn field_row(fields: &[Field], expected: &ExpectedParam) -> Option<(bool, TypeRef)> {
    fields.iter().find(|f| f.name == expected.name).map(|f| (f.required, f.ty.clone()))
}

fn body_model<'a>(api: &'a Api, endpoint: &Endpoint) -> Option<&'a codegen::ir::Model> {
    let body = endpoint.body.as_ref()?;
    body.ty.named_types().first().and_then(|name| api.model(name))
}

/// One documented parameter in the IR endpoint: among its parameters (a
/// path parameter's name compared without case, since the doc often writes
/// it `ID` in the table and `:id` in the path), or, for a body parameter,
/// among the fields of its body model.
fn param_row(api: &Api, endpoint: &Endpoint, expected: &ExpectedParam) -> Option<(bool, TypeRef)> {
    let wanted = expected.location.as_deref().and_then(location);
    let same_name = |name: &str| match wanted {
        Some(ParamLocation::Path) => name.eq_ignore_ascii_case(&expected.name),
        _ => name == expected.name,
    };
    let param = endpoint.params.iter().find(|p| same_name(&p.name) && wanted.is_none_or(|l| l == p.location));
    if let Some(p) = param {
        return Some((p.required, p.ty.clone()));
    }
    if matches!(wanted, None | Some(ParamLocation::Body)) {
        return body_model(api, endpoint).and_then(|m| field_row(m.fields(), expected));
    }
    // A credential the doc also lists as a parameter is sent by its scheme.
    let sent_by_scheme = wanted.is_some_and(|l| scheme_sends(api, l, &expected.name));
    sent_by_scheme.then(|| (expected.required.unwrap_or(true), TypeRef::String))
}

/// Whether a security scheme of the IR sends `name` in `location`.
fn scheme_sends(api: &Api, location: ParamLocation, name: &str) -> bool {
    api.security_schemes.iter().any(|s| {
        let (place, parameter) = match (s.location.as_deref(), s.parameter.as_deref()) {
            (Some(place), Some(parameter)) => (place, parameter),
            _ if s.kind == "http" => ("header", "Authorization"),
            _ => return false,
        };
        match location {
            ParamLocation::Header => place == "header" && parameter.eq_ignore_ascii_case(name),
            ParamLocation::Query => place == "query" && parameter == name,
            _ => false,
        }
    })
}

fn body_matches(api: &Api, endpoint: &Endpoint, expected: &str, doc: &Expectation) -> bool {
    let Some(model) = body_model(api, endpoint) else { return false };
    if loose(&model.name) == loose(expected) {
        return true;
    }
    // Named otherwise: the same fields will do.
    doc.model
        .iter()
        .find(|m| m.name == expected)
        .is_some_and(|documented| documented.fields.iter().all(|f| model.fields().iter().any(|g| g.name == f.name)))
}

fn compare(doc: &Expectation, api: &Api) -> Figures {
    let mut figures = Figures::default();
    // Every IR endpoint of a method and path: one document may give the same
    // method and path on two hosts, each with its own tables.
    let mut by_key: BTreeMap<(String, String), Vec<&Endpoint>> = BTreeMap::new();
    for endpoint in &api.endpoints {
        by_key.entry(path_key(&endpoint.method, &endpoint.path)).or_default().push(endpoint);
    }
    let documented: BTreeSet<(String, String)> = doc.endpoint.iter().flat_map(expected_keys).collect();
    for (key, endpoints) in &by_key {
        figures.precision.add(documented.contains(key));
        if !documented.contains(key) {
            figures.extra.push(format!("{} {}", endpoints[0].method, endpoints[0].path));
        }
    }
    for expected in &doc.endpoint {
        let found = expected_keys(expected).iter().find_map(|k| by_key.get(k));
        figures.endpoints.add(found.is_some());
        if found.is_none() {
            figures.missing.push(format!("{} {}", expected.method, expected.path));
        }
        if expected.params.is_none() && expected.body.is_none() {
            continue;
        }
        let table_read_on = |endpoint: &Endpoint, types: &mut Ratio| {
            let mut all = true;
            for param in expected.params.iter().flatten() {
                let row = param_row(api, endpoint, param);
                all &= row_matches(param, row.as_ref().map(|(r, t)| (*r, t)), types);
            }
            all && expected.body.as_ref().is_none_or(|b| body_matches(api, endpoint, b, doc))
        };
        // The endpoint that holds the table, if one does; types are counted on it
        // (or on the first when none does).
        let holder = found.and_then(|all| {
            all.iter().copied().find(|e| table_read_on(e, &mut Ratio::default())).or(all.first().copied())
        });
        let table_read = holder.is_some_and(|endpoint| table_read_on(endpoint, &mut figures.types));
        figures.param_tables.add(table_read);
    }
    let sets = field_sets(api);
    for model in &doc.model {
        let holds_every_field = |fields: &&[Field]| {
            model.fields.iter().all(|f| {
                let row = field_row(fields, f);
                row_matches(f, row.as_ref().map(|(r, t)| (*r, t)), &mut Ratio::default())
            })
        };
        let read = sets.iter().copied().find(holds_every_field);
        if let Some(fields) = read {
            for f in &model.fields {
                let row = field_row(fields, f);
                row_matches(f, row.as_ref().map(|(r, t)| (*r, t)), &mut figures.types);
            }
        }
        let read = read.is_some();
        if model.source == "example" {
            figures.example_models.add(read);
        } else {
            figures.field_tables.add(read);
        }
    }
    let ir = serde_json::to_value(api).unwrap_or_default();
    figures.servers = compare_servers(doc, &ir);
    figures.auth = compare_auth(doc, &ir, &mut figures.fact_mismatches);
    figures.paging = compare_paging(doc, api, &mut figures.fact_mismatches);
    figures
}

/// Paging styles: one endpoint at least pages in each documented style
/// with the documented parameters (`link-header`: answers carry `Link`).
fn compare_paging(doc: &Expectation, api: &Api, mismatches: &mut Vec<String>) -> Ratio {
    use codegen::ir::PagingStyle;
    let mut ratio = Ratio::default();
    for expected in &doc.paging {
        let style = match expected.style.as_str() {
            "page" => Some(PagingStyle::Page),
            "cursor" => Some(PagingStyle::Cursor),
            "offset" => Some(PagingStyle::Offset),
            _ => None,
        };
        let found = api.endpoints.iter().filter_map(|e| e.pagination.as_ref()).any(|p| match style {
            Some(style) => {
                let params = [Some(&p.param), p.size_param.as_ref()];
                p.style == style && expected.params.iter().all(|name| params.contains(&Some(name)))
            }
            None => p.link_header,
        });
        if found == expected.unread {
            mismatches.push(format!(
                "paging `{}` {:?}: read {found}, marked unread {}",
                expected.style, expected.params, expected.unread
            ));
        }
        ratio.add(found);
    }
    ratio
}

/// Base URLs, when the IR carries `servers[].url` (compared without a
/// trailing slash).
fn compare_servers(doc: &Expectation, ir: &serde_json::Value) -> Option<Ratio> {
    let servers = ir.get("servers")?.as_array()?;
    let urls: BTreeSet<&str> =
        servers.iter().filter_map(|s| s.get("url")?.as_str()).map(|u| u.trim_end_matches('/')).collect();
    let mut ratio = Ratio::default();
    for url in &doc.base_urls {
        ratio.add(urls.contains(url.trim_end_matches('/')));
    }
    Some(ratio)
}

/// Authentication, when the IR carries `security_schemes` (OpenAPI's
/// words: `apiKey` in a header or the query with its parameter name; `http`
/// with `bearer` or `basic`). Schemes OpenAPI has no word for (signed
/// headers, a cookie login) are not compared.
fn compare_auth(doc: &Expectation, ir: &serde_json::Value, mismatches: &mut Vec<String>) -> Option<Ratio> {
    let schemes = ir.get("security_schemes")?.as_array()?;
    let text =
        |s: &serde_json::Value, key: &str| s.get(key).and_then(|v| v.as_str()).unwrap_or("").to_ascii_lowercase();
    let mut ratio = Ratio::default();
    for expected in &doc.auth {
        let name = expected.name.as_deref().unwrap_or("").to_ascii_lowercase();
        let found = match expected.scheme.as_str() {
            "header" | "query" => schemes.iter().any(|s| {
                text(s, "kind") == "apikey" && text(s, "location") == expected.scheme && text(s, "parameter") == name
            }),
            "bearer" | "basic" => {
                schemes.iter().any(|s| text(s, "kind") == "http" && text(s, "scheme") == expected.scheme)
            }
            _ => continue,
        };
        if found == expected.unread {
            mismatches
                .push(format!("auth `{}` {name}: read {found}, marked unread {}", expected.scheme, expected.unread));
        }
        ratio.add(found);
    }
    Some(ratio)
}

fn analyze(folder: &Path) -> Result<Api, String> {
    codegen::analyze(folder).map(|analysis| analysis.api).map_err(|e| e.to_string())
}

/// The comparison on a small IR of the project's own (`mini.ir.json`): what
/// it holds is counted, what it lacks is not.
#[test]
fn the_comparison_counts_what_the_ir_holds_and_nothing_else() {
    let fixture = e2e::repo_root().join("codegen/tests/fixtures/mini.ir.json");
    let api: Api = serde_json::from_str(&fs::read_to_string(fixture).expect("mini.ir.json")).expect("an IR");
    let doc: Expectation = toml::from_str(
        r#"
        [[endpoint]]
        method = "GET"
        path = "/api/v1/companies"
        [[endpoint]]
        method = "post"
        path = "/api/vEvent/companies/{company}/agencies"
        body = "Create Agency"
        params = [{ name = "processUid", in = "body", required = true }, { name = "createdDate" }]
        [[endpoint]]
        method = "DELETE"
        path = "/api/v1/companies"
        [[endpoint]]
        method = "POST"
        path = "/api/vEvent/companies/4711/agencies"
        [[endpoint]]
        method = "GET"
        path = "/api/v1/companies/{uid}"
        also = ["/api/v1/companies"]
        params = [{ name = "uid", in = "path", required = true }]
        [[model]]
        name = "Geo location"
        fields = [{ name = "lat", type = "float", required = true }, { name = "lng", type = "string" }]
        [[model]]
        name = "Optional geo"
        fields = [{ name = "lat", required = false }]
        "#,
    )
    .expect("a well-formed expectation");
    let figures = compare(&doc, &api);
    let pair = |r: Ratio| (r.found, r.of);
    assert_eq!(pair(figures.endpoints), (4, 5), "the DELETE is not in the IR; `also` finds the last");
    assert_eq!(pair(figures.precision), (2, 2));
    assert_eq!(
        pair(figures.param_tables),
        (1, 2),
        "body rows are fields of the body model, which matches by name; `uid` is no parameter"
    );
    assert_eq!(pair(figures.field_tables), (1, 2), "`lat` is required in the IR");
    assert_eq!(pair(figures.types), (1, 2), "`lng` is a Float, not a string");
    assert_eq!(figures.missing, ["DELETE /api/v1/companies"]);
}

#[test]
fn example_ids_in_a_documented_path_may_be_read_as_placeholders() {
    let key = |path: &str| example_ids_as_placeholders(&path_key("get", path)).1;
    assert_eq!(key("/targets/22592.json"), "/targets/{}.json");
    assert_eq!(key("/contact_numbers/+18001234567/contact.json"), "/contact_numbers/{}/contact.json");
    assert_eq!(key("/calls/addcf985-017e-4962-be34-cf5d55e74afc.json"), "/calls/{}.json");
    assert_eq!(key("/subscriptions/0666d723565dc5f829935fd3060baf13/change_plan"), "/subscriptions/{}/change_plan");
    assert_eq!(key("/v2/spots/loads/"), "/v2/spots/loads", "words stay, a trailing slash goes");
    assert_eq!(key("/api/v1/cafe/{id}"), "/api/v1/cafe/{}", "a short hexadecimal word is a word");
}

#[test]
fn expectation_files_are_well_formed() {
    let expectations = load_expectations();
    assert!(!expectations.is_empty(), "no expectation file in {}", expectations_dir().display());
    let mut problems = Vec::new();
    for (doc, expectation) in &expectations {
        let mut say = |what: String| problems.push(format!("{doc}: {what}"));
        for auth in &expectation.auth {
            if !AUTH_SCHEMES.contains(&auth.scheme.as_str()) {
                say(format!("auth scheme `{}` is not one of {AUTH_SCHEMES:?}", auth.scheme));
            }
            if matches!(auth.scheme.as_str(), "header" | "query") && auth.name.is_none() {
                say(format!("auth scheme `{}` without the key's name", auth.scheme));
            }
            if auth.scheme == "signed-headers" && auth.names.is_empty() {
                say("signed headers without their names".to_string());
            }
        }
        for paging in &expectation.paging {
            if !PAGING_STYLES.contains(&paging.style.as_str()) {
                say(format!("paging style `{}` is not one of {PAGING_STYLES:?}", paging.style));
            }
            if paging.style != "link-header" && paging.params.is_empty() {
                say(format!("paging style `{}` without its parameters", paging.style));
            }
        }
        for url in &expectation.base_urls {
            if !url.starts_with("https://") && !url.starts_with("http://") {
                say(format!("base URL `{url}` has no scheme"));
            }
        }
        let mut keys = BTreeSet::new();
        for endpoint in &expectation.endpoint {
            if !METHODS.contains(&endpoint.method.as_str()) {
                say(format!("method `{}`", endpoint.method));
            }
            for path in std::iter::once(&endpoint.path).chain(&endpoint.also) {
                if !path.starts_with('/') || path.contains('?') || path.contains("://") {
                    say(format!("path `{path}`: a path from `/`, without host or query"));
                }
            }
            if !keys.insert(path_key(&endpoint.method, &endpoint.path)) {
                say(format!("{} {} is listed twice", endpoint.method, endpoint.path));
            }
            for param in endpoint.params.iter().flatten() {
                if param.location.as_deref().is_some_and(|l| !LOCATIONS.contains(&l)) {
                    say(format!("{} {}: location of `{}`", endpoint.method, endpoint.path, param.name));
                }
            }
        }
        for model in &expectation.model {
            if !["table", "example"].contains(&model.source.as_str()) {
                say(format!("model `{}`: source `{}`", model.name, model.source));
            }
            let names: BTreeSet<&str> = model.fields.iter().map(|f| f.name.as_str()).collect();
            if model.fields.is_empty() || names.len() != model.fields.len() {
                say(format!("model `{}`: no field, or a field listed twice", model.name));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_corpus_doc_has_an_expectation_file() {
    if !e2e::shared_available("every_corpus_doc_has_an_expectation_file") {
        return;
    }
    let folders: BTreeSet<String> = fs::read_dir(corpus_dir())
        .expect("../shared/corpus")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let files: BTreeSet<String> = load_expectations().into_keys().collect();
    assert_eq!(folders, files, "one expectation file per corpus folder, named after it");
}

#[test]
fn the_ir_of_each_corpus_doc_meets_the_reading_targets() {
    if !e2e::shared_available("the_ir_of_each_corpus_doc_meets_the_reading_targets") {
        return;
    }
    let mut report = String::new();
    let _ = writeln!(
        report,
        "{:<44} {:>16} {:>16} {:>14} {:>14} {:>9} {:>14} {:>10} {:>10} {:>10}",
        "document",
        "endpoints",
        "precision",
        "param tables",
        "field tables",
        "examples",
        "types",
        "servers",
        "auth",
        "paging"
    );
    let mut failures = Vec::new();
    for (doc, expectation) in load_expectations() {
        let figures = match analyze(&corpus_dir().join(&doc)) {
            Ok(api) => compare(&expectation, &api),
            Err(e) => {
                failures.push(format!("{doc}: not loaded: {e}"));
                continue;
            }
        };
        let optional = |r: Option<Ratio>| r.map_or("n/a".to_string(), Ratio::cell);
        let _ = writeln!(
            report,
            "{doc:<44} {:>16} {:>16} {:>14} {:>14} {:>9} {:>14} {:>10} {:>10} {:>10}",
            figures.endpoints.cell(),
            figures.precision.cell(),
            figures.param_tables.cell(),
            figures.field_tables.cell(),
            figures.example_models.cell(),
            figures.types.cell(),
            optional(figures.servers),
            optional(figures.auth),
            figures.paging.cell(),
        );
        for (what, ratio, target) in [
            ("endpoints", figures.endpoints, ENDPOINT_TARGET),
            ("parameter tables", figures.param_tables, TABLE_TARGET),
            ("field tables", figures.field_tables, TABLE_TARGET),
        ] {
            if ratio.value() < target {
                failures.push(format!("{doc}: {what} {} below {:.0}%", ratio.cell(), 100.0 * target));
            }
        }
        for mismatch in &figures.fact_mismatches {
            failures.push(format!("{doc}: {mismatch}"));
        }
        for (what, endpoints) in [("missing", &figures.missing), ("not expected", &figures.extra)] {
            if !endpoints.is_empty() {
                let shown: Vec<&str> = endpoints.iter().take(5).map(String::as_str).collect();
                let _ = writeln!(report, "    {what} ({}): {}", endpoints.len(), shown.join(", "));
            }
        }
    }
    println!("{report}");
    assert!(failures.is_empty(), "{report}\n{}", failures.join("\n"));
}
