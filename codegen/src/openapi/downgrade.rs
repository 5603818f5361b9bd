//! The document as OpenAPI 3.0.3, for tools that read no 3.1 (widdershins,
//! older generators): JSON Schema 2020-12 forms rewritten as 3.0's schema
//! objects say them.
//!
//! - `type: [T, "null"]` is `type: T` with `nullable: true`; `anyOf: [S,
//!   {type: null}]` is `S` with `nullable: true` (a `$ref` goes under
//!   `allOf`, since 3.0 ignores a reference's siblings).
//! - `const: v` is `enum: [v]`; `examples: [a, …]` on a schema is `example: a`.
//! - `propertyNames` has no 3.0 form and is dropped.

use serde_json::{json, Map, Value};

/// The version written in 3.0 mode.
pub const OPENAPI_3_0: &str = "3.0.3";

/// Rewrites a 3.1 document as 3.0.3.
pub fn to_3_0(document: &mut Value) {
    if let Value::Object(object) = document {
        object.insert("openapi".into(), Value::from(OPENAPI_3_0));
    }
    rewrite(document);
}

fn rewrite(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(rewrite),
        Value::Object(object) => {
            for child in object.values_mut() {
                rewrite(child);
            }
            rewrite_schema(object);
        }
        _ => {}
    }
}

fn rewrite_schema(object: &mut Map<String, Value>) {
    if let Some(Value::Array(types)) = object.get("type").cloned() {
        let others: Vec<Value> = types.iter().filter(|t| t.as_str() != Some("null")).cloned().collect();
        if others.len() < types.len() {
            object.insert("nullable".into(), Value::Bool(true));
        }
        match others.as_slice() {
            [only] => {
                object.insert("type".into(), only.clone());
            }
            _ => {
                object.remove("type");
            }
        }
    }
    if let Some(Value::Array(members)) = object.get("anyOf").cloned() {
        let is_null = |member: &Value| member.get("type").and_then(Value::as_str) == Some("null");
        let others: Vec<Value> = members.iter().filter(|m| !is_null(m)).cloned().collect();
        if others.len() < members.len() {
            object.remove("anyOf");
            object.insert("nullable".into(), Value::Bool(true));
            match others.as_slice() {
                [Value::Object(only)] if only.contains_key("$ref") => {
                    object.insert("allOf".into(), json!([only]));
                }
                [Value::Object(only)] => {
                    for (key, value) in only {
                        object.entry(key.clone()).or_insert_with(|| value.clone());
                    }
                }
                _ => {
                    object.insert("anyOf".into(), Value::Array(others));
                }
            }
        }
    }
    if let Some(constant) = object.remove("const") {
        object.insert("enum".into(), json!([constant]));
    }
    if let Some(Value::Array(examples)) = object.get("examples").cloned() {
        object.remove("examples");
        if let Some(first) = examples.into_iter().next() {
            object.insert("example".into(), first);
        }
    }
    object.remove("propertyNames");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_const_and_examples_take_their_3_0_forms() {
        let mut document = json!({
            "openapi": "3.1.0",
            "components": {"schemas": {
                "A": {"type": ["string", "null"], "format": "date"},
                "B": {"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]},
                "C": {"type": "object", "properties": {"kind": {"type": "string", "const": "c"}},
                      "examples": [{"kind": "c"}], "propertyNames": {"pattern": "x"}},
                "D": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
            }},
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {
                "examples": {"one": {"value": 1}}}}}}}}},
        });
        to_3_0(&mut document);
        let schemas = &document["components"]["schemas"];
        assert_eq!(document["openapi"], "3.0.3");
        assert_eq!(schemas["A"], json!({"type": "string", "format": "date", "nullable": true}));
        assert_eq!(schemas["B"], json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/A"}]}));
        assert_eq!(schemas["C"]["properties"]["kind"], json!({"type": "string", "enum": ["c"]}));
        assert_eq!(schemas["C"]["example"], json!({"kind": "c"}));
        assert!(schemas["C"].get("propertyNames").is_none());
        assert_eq!(schemas["D"], json!({"nullable": true, "type": "integer"}));
        // A media type's examples are a map in 3.0 too: left alone.
        let media = &document["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"];
        assert_eq!(media["examples"]["one"]["value"], 1);
    }
}
