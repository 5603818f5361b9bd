//! What an OpenAPI document says, as comparable facts per category, and the
//! recall and precision of one document against another.
//!
//! Used by the widdershins round trip (`widdershins/recall.rs`): the facts of
//! the document widdershins was given are expected; those of the document
//! read back from its Slate are compared with them. A fact widdershins itself
//! does not write is set aside with the reason, not counted against the
//! reading ([`unwritten`]).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

pub const CATEGORIES: [&str; 8] =
    ["operations", "parameters", "request bodies", "responses", "schemas", "properties", "enum values", "security"];

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
/// Headers OpenAPI ignores as parameters.
const IGNORED_HEADERS: [&str; 3] = ["accept", "content-type", "authorization"];

/// Facts by category.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Facts(pub BTreeMap<&'static str, BTreeSet<String>>);

impl Facts {
    fn add(&mut self, category: &'static str, fact: String) {
        self.0.entry(category).or_default().insert(fact);
    }

    pub fn get(&self, category: &str) -> BTreeSet<String> {
        self.0.get(category).cloned().unwrap_or_default()
    }
}

/// The facts of an OpenAPI 3.0 or 3.1 document.
pub fn facts(document: &Value) -> Facts {
    let mut facts = Facts::default();
    let reader = Reader { document };
    if let Some(schemas) = document.pointer("/components/schemas").and_then(Value::as_object) {
        for (name, schema) in schemas {
            facts.add("schemas", name.clone());
            reader.schema_facts(&mut facts, name, schema, 0);
        }
    }
    security_schemes(&mut facts, document);
    let global_security = document.get("security");
    for (path, item) in document.get("paths").and_then(Value::as_object).into_iter().flatten() {
        for method in METHODS {
            let Some(operation) = item.get(method) else { continue };
            let op = format!("{} {path}", method.to_ascii_uppercase());
            facts.add("operations", op.clone());
            if let Some(id) = operation.get("operationId").and_then(Value::as_str) {
                facts.add("operations", format!("{op} operationId={id}"));
            }
            let parameters = item.get("parameters").and_then(Value::as_array).into_iter().flatten();
            let own = operation.get("parameters").and_then(Value::as_array).into_iter().flatten();
            let mut seen = BTreeSet::new();
            // An operation's own parameter wins over the path's of the same name.
            for parameter in own.chain(parameters) {
                let parameter = reader.deref(parameter);
                let name = parameter.get("name").and_then(Value::as_str).unwrap_or("");
                let location = parameter.get("in").and_then(Value::as_str).unwrap_or("");
                if location == "header" && IGNORED_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
                    continue;
                }
                if !seen.insert((name.to_string(), location.to_string())) {
                    continue;
                }
                let required = parameter.get("required").and_then(Value::as_bool).unwrap_or(false);
                facts.add("parameters", format!("{op} {location} {name} required={required}"));
                // The values a parameter accepts, whether listed in place or
                // by the enum schema it refers to.
                if let Some(schema) = parameter.get("schema") {
                    for value in reader.parameter_values(schema) {
                        facts.add("enum values", format!("{op} {location} {name} = {value}"));
                    }
                }
            }
            if let Some(body) = operation.get("requestBody").map(|b| reader.deref(b)) {
                let required = body.get("required").and_then(Value::as_bool).unwrap_or(false);
                for (media, content) in body.get("content").and_then(Value::as_object).into_iter().flatten() {
                    let schema = content.get("schema").cloned().unwrap_or(Value::Null);
                    let shape = reader.shape(&schema);
                    facts.add("request bodies", format!("{op} required={required} {media} {shape}"));
                    reader.inline_facts(&mut facts, &format!("{op} body"), &schema);
                }
            }
            for (status, response) in operation.get("responses").and_then(Value::as_object).into_iter().flatten() {
                let response = reader.deref(response);
                let schema = response
                    .get("content")
                    .and_then(Value::as_object)
                    .and_then(|content| content.values().next())
                    .and_then(|media| media.get("schema"));
                let shape = schema.map_or("none".to_string(), |schema| reader.shape(schema));
                facts.add("responses", format!("{op} {status} {shape}"));
                if let Some(schema) = schema {
                    reader.inline_facts(&mut facts, &format!("{op} {status}"), schema);
                }
                for header in response.get("headers").and_then(Value::as_object).into_iter().flatten() {
                    facts.add("responses", format!("{op} {status} header {}", header.0));
                }
            }
            let security = operation.get("security").or(global_security);
            facts.add("security", format!("{op} security = {}", requirements(security)));
        }
    }
    facts
}

fn security_schemes(facts: &mut Facts, document: &Value) {
    let schemes = document.pointer("/components/securitySchemes").and_then(Value::as_object);
    for (name, scheme) in schemes.into_iter().flatten() {
        let text = |key: &str| scheme.get(key).and_then(Value::as_str).unwrap_or("").to_string();
        let kind = text("type");
        let detail = match kind.as_str() {
            "apiKey" => format!("{} {}", text("in"), text("name")),
            "http" => text("scheme").to_ascii_lowercase(),
            _ => String::new(),
        };
        facts.add("security", format!("scheme {name}: {kind} {detail}").trim_end().to_string());
        for (flow, value) in scheme.get("flows").and_then(Value::as_object).into_iter().flatten() {
            let scopes: Vec<&String> =
                value.get("scopes").and_then(Value::as_object).into_iter().flatten().map(|(k, _)| k).collect();
            let scopes: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
            facts.add("security", format!("scheme {name}: flow {flow} scopes {}", scopes.join(",")));
        }
    }
}

/// `a[x]+b | c`, `anonymous` for the empty requirement, `none` when nothing is required.
fn requirements(security: Option<&Value>) -> String {
    let alternatives: Vec<String> = security
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|requirement| {
            let schemes: Vec<String> = requirement
                .as_object()
                .into_iter()
                .flatten()
                .map(|(name, scopes)| {
                    let scopes: Vec<&str> = scopes.as_array().into_iter().flatten().filter_map(Value::as_str).collect();
                    if scopes.is_empty() {
                        name.clone()
                    } else {
                        format!("{name}[{}]", scopes.join(","))
                    }
                })
                .collect();
            if schemes.is_empty() {
                "anonymous".to_string()
            } else {
                schemes.join("+")
            }
        })
        .collect();
    if alternatives.is_empty() {
        "none".to_string()
    } else {
        alternatives.join(" | ")
    }
}

struct Reader<'d> {
    document: &'d Value,
}

/// How deep nested objects are followed.
const MAX_DEPTH: usize = 6;

impl<'d> Reader<'d> {
    fn deref<'v>(&'v self, value: &'v Value) -> &'v Value {
        let mut current = value;
        for _ in 0..8 {
            let Some(target) = current.get("$ref").and_then(Value::as_str) else { break };
            match target.strip_prefix('#').and_then(|pointer| self.document.pointer(pointer)) {
                Some(found) => current = found,
                None => break,
            }
        }
        current
    }

    /// The schema's shape in a word: the component it names, `[…]` for an
    /// array, else its JSON type (`object` for an inline object).
    fn shape(&self, schema: &Value) -> String {
        if let Some(name) = ref_name(schema) {
            return name;
        }
        if let Some(items) = schema.get("items") {
            return format!("[{}]", self.shape(items));
        }
        json_type(schema)
    }

    fn parameter_values(&self, schema: &Value) -> Vec<String> {
        let schema = self.deref(self.direct(schema));
        let target = schema.get("items").map_or(schema, |items| self.deref(self.direct(items)));
        target.get("enum").and_then(Value::as_array).into_iter().flatten().map(value_text).collect()
    }

    fn enum_values(&self, schema: &Value) -> Vec<String> {
        let schema = self.direct(schema);
        let target = match schema.get("items") {
            Some(items) if ref_name(items).is_none() => self.direct(items),
            Some(_) => return Vec::new(),
            None => schema,
        };
        if ref_name(target).is_some() {
            return Vec::new();
        }
        target.get("enum").and_then(Value::as_array).into_iter().flatten().map(value_text).collect()
    }

    /// A schema without a nullable wrapper (`allOf: [$ref]`, `anyOf: [S, null]`).
    fn direct<'v>(&self, schema: &'v Value) -> &'v Value {
        for key in ["allOf", "anyOf", "oneOf"] {
            if let Some(members) = schema.get(key).and_then(Value::as_array) {
                let real: Vec<&Value> =
                    members.iter().filter(|m| m.get("type").and_then(Value::as_str) != Some("null")).collect();
                if let ([only], true) = (real.as_slice(), members.len() == 1 || real.len() < members.len()) {
                    return only;
                }
            }
        }
        schema
    }

    /// The rows `--shallowSchemas` leaves out of a schema, in widdershins'
    /// order: `allOf` members, then properties, nested objects in place.
    fn shallow_rows(&self, schema: &Value, owner: &str, dropping: &mut bool, out: &mut BTreeSet<String>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for member in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
            if ref_name(member).is_some() {
                *dropping = true;
            }
            let (properties, _) = self.properties(member, 0);
            for (name, property) in properties {
                self.shallow_row(&property, &format!("{owner}.{name}"), dropping, out, depth);
            }
        }
        for (name, property) in schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
            self.shallow_row(property, &format!("{owner}.{name}"), dropping, out, depth);
        }
    }

    fn shallow_row(&self, property: &Value, path: &str, dropping: &mut bool, out: &mut BTreeSet<String>, depth: usize) {
        let direct = self.direct(property);
        let referenced =
            ref_name(direct).is_some() || direct.get("items").is_some_and(|items| ref_name(items).is_some());
        if referenced {
            *dropping = true;
        }
        if *dropping {
            out.insert(path.to_string());
            return;
        }
        match direct.get("items") {
            Some(items) => self.shallow_rows(items, &format!("{path}[]"), dropping, out, depth + 1),
            None => self.shallow_rows(direct, path, dropping, out, depth + 1),
        }
    }

    /// A component: its properties (and those of its `allOf` members), and
    /// its own enum values.
    fn schema_facts(&self, facts: &mut Facts, owner: &str, schema: &Value, depth: usize) {
        for value in self.enum_values(schema) {
            if schema.get("items").is_none() {
                facts.add("enum values", format!("{owner} = {value}"));
            }
        }
        self.object_facts(facts, owner, schema, depth);
    }

    /// An inline body or response schema: the properties of the object it
    /// is (or of its array's items).
    fn inline_facts(&self, facts: &mut Facts, owner: &str, schema: &Value) {
        if ref_name(schema).is_some() {
            return;
        }
        match schema.get("items") {
            Some(items) if ref_name(items).is_none() => self.object_facts(facts, &format!("{owner}[]"), items, 0),
            Some(_) => {}
            None => self.object_facts(facts, owner, schema, 0),
        }
    }

    fn object_facts(&self, facts: &mut Facts, owner: &str, schema: &Value, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let (properties, required) = self.properties(schema, 0);
        for (name, property) in properties {
            let is_required = required.contains(&name);
            let path = format!("{owner}.{name}");
            let direct = self.direct(&property);
            let ty = json_type(self.deref(direct));
            facts.add("properties", format!("{path} required={is_required} type={ty}"));
            if ref_name(direct).is_some() {
                continue;
            }
            // Values of an array's items are told apart by `[]`.
            let items = if direct.get("items").is_some() { "[]" } else { "" };
            for value in self.enum_values(direct) {
                facts.add("enum values", format!("{path}{items} = {value}"));
            }
            match direct.get("items") {
                Some(items) if ref_name(items).is_none() => {
                    self.object_facts(facts, &format!("{path}[]"), items, depth + 1)
                }
                Some(_) => {}
                None => self.object_facts(facts, &path, direct, depth + 1),
            }
        }
    }

    /// Properties and required names, through `allOf` members.
    fn properties(&self, schema: &Value, depth: usize) -> (Vec<(String, Value)>, BTreeSet<String>) {
        let mut properties = Vec::new();
        let mut required = BTreeSet::new();
        if depth > MAX_DEPTH {
            return (properties, required);
        }
        let schema = self.deref(schema);
        for member in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
            let (more, more_required) = self.properties(member, depth + 1);
            for (name, value) in more {
                if !properties.iter().any(|(known, _): &(String, Value)| *known == name) {
                    properties.push((name, value));
                }
            }
            required.extend(more_required);
        }
        let own: &Map<String, Value> = match schema.get("properties").and_then(Value::as_object) {
            Some(own) => own,
            None => return (properties, required),
        };
        for (name, value) in own {
            if !properties.iter().any(|(known, _)| known == name) {
                properties.push((name.clone(), value.clone()));
            }
        }
        required.extend(
            schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_string),
        );
        (properties, required)
    }
}

fn ref_name(schema: &Value) -> Option<String> {
    let target = schema.get("$ref").and_then(Value::as_str)?;
    Some(target.rsplit('/').next().unwrap_or(target).to_string())
}

/// The JSON type a schema admits (`null` set aside); `object` for objects
/// and combinations of objects, `any` when nothing says.
fn json_type(schema: &Value) -> String {
    match schema.get("type") {
        Some(Value::String(ty)) => ty.clone(),
        Some(Value::Array(types)) => {
            types.iter().filter_map(Value::as_str).find(|t| *t != "null").unwrap_or("any").to_string()
        }
        _ if schema.get("properties").is_some() || schema.get("allOf").is_some() => "object".to_string(),
        _ => "any".to_string(),
    }
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// One category's comparison.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Score {
    pub expected: usize,
    /// Expected facts widdershins does not write, with the reason.
    pub unwritten: Vec<(String, String)>,
    pub found: usize,
    pub missing: Vec<String>,
    pub actual: usize,
    pub extra: Vec<String>,
    /// Facts read back that stand for an unwritten one (what widdershins
    /// wrote in its place), with the reason.
    pub excused: Vec<(String, String)>,
}

impl Score {
    /// Found among the expected facts widdershins writes.
    pub fn recall(&self) -> f64 {
        let written = self.expected - self.unwritten.len();
        if written == 0 {
            1.0
        } else {
            self.found as f64 / written as f64
        }
    }

    /// Read back facts that the expected document holds.
    pub fn precision(&self) -> f64 {
        let judged = self.actual - self.excused.len();
        if judged == 0 {
            1.0
        } else {
            (judged - self.extra.len()) as f64 / judged as f64
        }
    }
}

/// Compares the facts read back with those expected; `unwritten` says why an
/// expected fact widdershins does not write is missing (`Side::Expected`), or
/// why a fact read back stands for one (`Side::Actual`).
pub fn compare(
    expected: &Facts,
    actual: &Facts,
    unwritten: &dyn Fn(Side, &str, &str) -> Option<String>,
) -> BTreeMap<&'static str, Score> {
    let mut scores = BTreeMap::new();
    for category in CATEGORIES {
        let wanted = expected.get(category);
        let got = actual.get(category);
        let mut score = Score { expected: wanted.len(), actual: got.len(), ..Score::default() };
        for fact in &wanted {
            if got.contains(fact) {
                score.found += 1;
            } else if let Some(reason) = unwritten(Side::Expected, category, fact) {
                score.unwritten.push((fact.clone(), reason));
            } else {
                score.missing.push(fact.clone());
            }
        }
        for fact in got.difference(&wanted) {
            match unwritten(Side::Actual, category, fact) {
                Some(reason) => score.excused.push((fact.clone(), reason)),
                None => score.extra.push(fact.clone()),
            }
        }
        scores.insert(category, score);
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document() -> Value {
        json!({
            "openapi": "3.0.3",
            "security": [{"key": []}],
            "paths": {"/pets/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                "get": {"operationId": "getPet", "parameters": [
                    {"name": "kind", "in": "query", "schema": {"type": "array", "items": {"type": "string", "enum": ["cat", "dog"]}}},
                    {"name": "Accept", "in": "header", "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "ok", "headers": {"X-Left": {"schema": {"type": "integer"}}},
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}}},
                "put": {"security": [], "requestBody": {"required": true, "content": {"application/x-www-form-urlencoded":
                    {"schema": {"type": "object", "required": ["a"], "properties": {"a": {"type": "string", "enum": ["x"]}}}}}},
                    "responses": {"204": {"description": "done"}}}}},
            "components": {
                "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}},
                "schemas": {
                    "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}},
                    "Pet": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object", "properties": {
                        "owner": {"type": "object", "properties": {"address": {"type": "object", "properties": {
                            "city": {"type": ["string", "null"]}}}}}}}]},
                    "Size": {"type": "string", "enum": ["s", "m"]}}}
        })
    }

    #[test]
    fn every_category_has_its_facts() {
        let facts = facts(&document());
        let has = |category: &str, fact: &str| {
            assert!(facts.get(category).contains(fact), "{category}: {fact} in {:?}", facts.get(category))
        };
        has("operations", "GET /pets/{id} operationId=getPet");
        has("parameters", "GET /pets/{id} path id required=true");
        has("parameters", "GET /pets/{id} query kind required=false");
        assert!(!facts.get("parameters").iter().any(|p| p.contains("Accept")));
        has("enum values", "GET /pets/{id} query kind = cat");
        has("request bodies", "PUT /pets/{id} required=true application/x-www-form-urlencoded object");
        has("properties", "PUT /pets/{id} body.a required=true type=string");
        has("enum values", "PUT /pets/{id} body.a = x");
        has("responses", "GET /pets/{id} 200 Pet");
        has("responses", "GET /pets/{id} 200 header X-Left");
        has("responses", "PUT /pets/{id} 204 none");
        has("properties", "Pet.id required=true type=integer");
        has("properties", "Pet.owner.address.city required=false type=string");
        has("enum values", "Size = s");
        has("security", "scheme key: apiKey header X-Key");
        has("security", "GET /pets/{id} security = key");
        has("security", "PUT /pets/{id} security = none");
        has("schemas", "Size");
    }

    #[test]
    fn scores_set_aside_what_is_not_written_and_count_extras() {
        let expected = facts(&document());
        let mut actual = expected.clone();
        actual.0.get_mut("schemas").map(|s| s.remove("Size"));
        actual.0.get_mut("operations").map(|s| s.remove("GET /pets/{id} operationId=getPet"));
        actual.add("operations", "GET /cats".to_string());
        let unwritten = |_: Side, category: &str, fact: &str| {
            (category == "schemas" && fact == "Size").then(|| "not written".to_string())
        };
        let scores = compare(&expected, &actual, &unwritten);
        assert_eq!(scores["schemas"].recall(), 1.0);
        assert_eq!(scores["schemas"].unwritten.len(), 1);
        let operations = &scores["operations"];
        assert_eq!(operations.missing, ["GET /pets/{id} operationId=getPet"]);
        assert_eq!(operations.extra, ["GET /cats"]);
        assert!(operations.recall() < 1.0 && operations.precision() < 1.0);
    }
}

/// Which document a fact to excuse comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Expected,
    Actual,
}

/// Why widdershins 4.0.1 leaves an expected fact out of its Slate, judged on
/// the document it was given (`None` for a fact it writes); and, for a fact
/// read back, why it stands for such a fact. Each rule is a limit of the
/// templates (`templates/openapi3/*.dot` of widdershins), not of the reading.
///
/// `shallow`: widdershins ran with `--shallowSchemas`, under which a schema's
/// rows stop at its first referenced schema (a `$ref` property or `allOf`
/// member): that row and every later one are left out.
pub fn widdershins_unwritten(expected: &Value, shallow: bool) -> impl Fn(Side, &str, &str) -> Option<String> + '_ {
    let reader = Reader { document: expected };
    let mut shallow_dropped: BTreeSet<String> = BTreeSet::new();
    if shallow {
        for (name, schema) in expected.pointer("/components/schemas").and_then(Value::as_object).into_iter().flatten() {
            let mut dropping = false;
            reader.shallow_rows(schema, name, &mut dropping, &mut shallow_dropped, 0);
        }
    }
    // Responses that are arrays of a composed schema: the Slate says
    // `[allOf]` (or `[oneOf]`) and expands the members, without the name.
    let mut composed_arrays: BTreeSet<String> = BTreeSet::new();
    for (path, item) in expected.get("paths").and_then(Value::as_object).into_iter().flatten() {
        for method in METHODS {
            let Some(operation) = item.get(method) else { continue };
            for (status, response) in operation.get("responses").and_then(Value::as_object).into_iter().flatten() {
                let response = reader.deref(response);
                let Some(schema) = response
                    .pointer("/content")
                    .and_then(Value::as_object)
                    .and_then(|c| c.values().next())
                    .and_then(|m| m.get("schema"))
                else {
                    continue;
                };
                let Some(items) = schema.get("items") else { continue };
                let target = reader.deref(items);
                if ref_name(items).is_some() && ["allOf", "oneOf", "anyOf"].iter().any(|k| target.get(*k).is_some()) {
                    composed_arrays.insert(format!("{} {path} {status}", method.to_ascii_uppercase()));
                }
            }
        }
    }
    let used_schemes: BTreeSet<String> = expected
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .flat_map(|(_, item)| METHODS.iter().filter_map(move |m| item.get(*m)))
        .flat_map(|operation| {
            operation
                .get("security")
                .or(expected.get("security"))
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        })
        .flat_map(|requirement| {
            requirement.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()).unwrap_or_default()
        })
        .collect();
    // Properties typed by a `oneOf`/`anyOf` of one member: widdershins writes
    // that schema as `*None*`, which reads as an object without properties.
    let components = expected.pointer("/components/schemas").and_then(Value::as_object);
    let single_member = |schema: &Value| {
        ["oneOf", "anyOf"].iter().any(|key| schema.get(*key).and_then(Value::as_array).is_some_and(|m| m.len() == 1))
    };
    let mut single_member_properties: BTreeSet<String> = BTreeSet::new();
    for (name, schema) in components.into_iter().flatten() {
        let (properties, _) = reader.properties(schema, 0);
        for (property, value) in properties {
            let direct = reader.direct(&value);
            if ref_name(direct).is_some() && single_member(reader.deref(direct)) {
                single_member_properties.insert(format!("{name}.{property}"));
            }
        }
    }
    move |side, category, fact| {
        let composed = composed_arrays.iter().find(|prefix| fact.starts_with(prefix.as_str()));
        let path = fact.split(' ').next().unwrap_or("");
        let dropped = shallow_dropped
            .iter()
            .any(|row| path == row || path.starts_with(&format!("{row}.")) || path.starts_with(&format!("{row}[")));
        match (side, category) {
            (_, "properties") if single_member_properties.contains(path) => {
                Some("a oneOf or anyOf of one member is written `*None*`, as an object without properties".to_string())
            }
            (Side::Expected, "properties" | "enum values") if dropped => {
                Some("with --shallowSchemas, rows stop at the first referenced schema of a schema".to_string())
            }
            (_, "responses" | "properties" | "enum values") if composed.is_some() => Some(
                "an array of a composed schema is written `[allOf]`/`[oneOf]` with its members expanded, \
                 without the schema's name"
                    .to_string(),
            ),
            (Side::Expected, "enum values") if fact.split(" = ").next().is_some_and(|l| l.ends_with("[]")) => {
                Some("the Enumerated Values of a schema list no values of array items".to_string())
            }
            (Side::Expected, "security") if fact.starts_with("scheme ") => {
                let name = fact.trim_start_matches("scheme ").split(':').next().unwrap_or("");
                let scheme = expected.pointer(&format!("/components/securitySchemes/{name}"));
                let kind = scheme.and_then(|s| s.get("type")).and_then(Value::as_str).unwrap_or("");
                (kind != "apiKey" && !used_schemes.contains(name))
                    .then(|| "an HTTP or OAuth 2 scheme is named only where an operation requires it".to_string())
            }
            (Side::Actual, "security") if fact.starts_with("scheme ") => {
                let name = fact.trim_start_matches("scheme ").split(':').next().unwrap_or("");
                expected
                    .pointer(&format!("/components/securitySchemes/{name}"))
                    .is_none()
                    .then(|| "a scheme no operation names is called after its kind".to_string())
            }
            _ => None,
        }
    }
}
