//! What the example tests share: reading an example into its type, writing
//! it back, and comparing the two JSON values by meaning.
//!
//! Two values mean the same when they differ only in ways JSON or the
//! documentation's types do not tell apart: object members in another order,
//! a member set to `null` and an absent one, numbers equal by value (`1` and
//! `1.0`), date-times with an offset that are the same instant with the same
//! offset (`2016-05-26T08:18:52.000Z` and `2016-05-26T08:18:52Z`), and UUIDs
//! that differ only in case.

use chrono::{DateTime, FixedOffset};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Reads `json` as a `T`, writes it back and checks that the JSON means the
/// same; returns the value for further checks.
pub fn round_trip<T: DeserializeOwned + Serialize>(json: &str) -> T {
    let value: T = serde_json::from_str(json)
        .unwrap_or_else(|err| panic!("the example does not read as {}: {err}", std::any::type_name::<T>()));
    let original: Value = serde_json::from_str(json).unwrap_or_else(|err| panic!("the example is not JSON: {err}"));
    let written = serde_json::to_value(&value).unwrap_or_else(|err| panic!("the value cannot be written: {err}"));
    if let Some(difference) = difference(&original, &written, "$") {
        panic!("written back differently at {difference}\nexample: {original}\nwritten: {written}");
    }
    value
}

/// Like [`round_trip`] with the value read by `read` (a union read by the
/// name of its variant).
pub fn round_trip_with<T: Serialize>(json: &str, read: impl FnOnce(&Value) -> Result<T, serde_json::Error>) -> T {
    let original: Value = serde_json::from_str(json).unwrap_or_else(|err| panic!("the example is not JSON: {err}"));
    let value = read(&original)
        .unwrap_or_else(|err| panic!("the example does not read as {}: {err}", std::any::type_name::<T>()));
    let written = serde_json::to_value(&value).unwrap_or_else(|err| panic!("the value cannot be written: {err}"));
    if let Some(difference) = difference(&original, &written, "$") {
        panic!("written back differently at {difference}\nexample: {original}\nwritten: {written}");
    }
    value
}

/// Like [`round_trip`] for the items of a page: the member `field` of the
/// example object.
pub fn round_trip_items<T: DeserializeOwned + Serialize>(json: &str, field: &str) -> T {
    let page: Value = serde_json::from_str(json).unwrap_or_else(|err| panic!("the example is not JSON: {err}"));
    let items = page.get(field).unwrap_or_else(|| panic!("the page has no `{field}`"));
    round_trip(&items.to_string())
}

/// Where two JSON values first differ in meaning, as a path and both values.
pub fn difference(expected: &Value, found: &Value, path: &str) -> Option<String> {
    match (expected, found) {
        (Value::Object(a), Value::Object(b)) => {
            let present = |members: &serde_json::Map<String, Value>| -> Vec<String> {
                let mut keys: Vec<String> =
                    members.iter().filter(|(_, value)| !value.is_null()).map(|(key, _)| key.clone()).collect();
                keys.sort();
                keys
            };
            let (keys_a, keys_b) = (present(a), present(b));
            if keys_a != keys_b {
                return Some(format!("{path}: members {keys_a:?} became {keys_b:?}"));
            }
            keys_a.iter().find_map(|key| difference(&a[key], &b[key], &format!("{path}.{key}")))
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Some(format!("{path}: {} items became {}", a.len(), b.len()));
            }
            a.iter().zip(b).enumerate().find_map(|(i, (x, y))| difference(x, y, &format!("{path}[{i}]")))
        }
        (Value::Number(a), Value::Number(b)) => {
            let same = match (a.as_i64(), b.as_i64()) {
                (Some(x), Some(y)) => x == y,
                _ => a.as_f64() == b.as_f64(),
            };
            (!same).then(|| format!("{path}: {a} became {b}"))
        }
        (Value::String(a), Value::String(b)) => (!same_text(a, b)).then(|| format!("{path}: {a:?} became {b:?}")),
        (a, b) => (a != b).then(|| format!("{path}: {a} became {b}")),
    }
}

fn same_text(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    if let (Ok(x), Ok(y)) = (a.parse::<DateTime<FixedOffset>>(), b.parse::<DateTime<FixedOffset>>()) {
        return x == y && x.offset() == y.offset();
    }
    if let (Ok(x), Ok(y)) = (uuid::Uuid::parse_str(a), uuid::Uuid::parse_str(b)) {
        return x == y;
    }
    false
}
