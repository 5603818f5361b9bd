//! JSON in and out: request parameters and bodies, and answers decoded with
//! the JSON path of the first value that does not fit.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Serialize;
use serde_json::Value;

/// A request that cannot be encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct EncodeError {
    pub message: String,
}

impl EncodeError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        EncodeError { message: message.into() }
    }
}

/// The text a parameter value takes in a path or a query: strings as they
/// are, numbers and booleans as JSON writes them, `None` as nothing.
pub fn param_text(value: &(impl Serialize + ?Sized)) -> Result<Option<String>, EncodeError> {
    let value = serde_json::to_value(value).map_err(|err| EncodeError::new(err.to_string()))?;
    Ok(match value {
        Value::Null => None,
        Value::String(text) => Some(text),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Number(number) => Some(number.to_string()),
        compound => Some(compound.to_string()),
    })
}

/// Where and why an answer did not decode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DecodeFailure {
    pub path: String,
    pub message: String,
}

/// Decodes `bytes` with `seed`. The first pass runs at full speed; only when
/// it fails does a second pass track the JSON path to name the culprit.
pub(crate) fn decode_seed<'de, S>(seed: S, bytes: &'de [u8]) -> Result<S::Value, DecodeFailure>
where
    S: DeserializeSeed<'de> + Clone,
{
    let mut fast = serde_json::Deserializer::from_slice(bytes);
    let first_error = match seed.clone().deserialize(&mut fast).and_then(|value| fast.end().map(|()| value)) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    let mut tracked = serde_json::Deserializer::from_slice(bytes);
    let mut track = serde_path_to_error::Track::new();
    match seed.deserialize(serde_path_to_error::Deserializer::new(&mut tracked, &mut track)) {
        Err(error) => Err(DecodeFailure { path: track.path().to_string(), message: error.to_string() }),
        // Only the trailing-characters check can fail on the first pass alone.
        Ok(_) => Err(DecodeFailure { path: ".".to_string(), message: first_error.to_string() }),
    }
}

pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeFailure> {
    decode_seed(PhantomData::<T>, bytes)
}

/// The items of a collection answer: either the array itself, or the array
/// held by field `field` of an object (`{"result": [...]}`).
pub(crate) struct Items<'f, T> {
    pub field: Option<&'f str>,
    pub marker: PhantomData<fn() -> T>,
}

impl<T> Clone for Items<'_, T> {
    fn clone(&self) -> Self {
        Items { field: self.field, marker: PhantomData }
    }
}

impl<'de, T: serde::Deserialize<'de>> DeserializeSeed<'de> for Items<'_, T> {
    type Value = Vec<T>;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: serde::Deserialize<'de>> Visitor<'de> for Items<'_, T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.field {
            Some(field) => write!(f, "an object with an array `{field}`, or an array"),
            None => f.write_str("an array"),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        // Never trust a size hint further than a page.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(items)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<T>, A::Error> {
        let Some(field) = self.field else {
            return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
        };
        let mut items = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == field && items.is_none() {
                items = Some(map.next_value::<Vec<T>>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        items.ok_or_else(|| de::Error::custom(format!("missing field `{field}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Item {
        uid: String,
        rank: u32,
    }

    fn items(field: Option<&str>, json: &str) -> Result<Vec<Item>, DecodeFailure> {
        decode_seed(Items { field, marker: PhantomData }, json.as_bytes())
    }

    #[test]
    fn items_come_from_a_field_or_a_bare_array() {
        let wrapped = r#"{"result": [{"uid": "a", "rank": 1}], "other": {"x": [1]}}"#;
        assert_eq!(items(Some("result"), wrapped).unwrap(), vec![Item { uid: "a".into(), rank: 1 }]);
        assert_eq!(items(Some("result"), r#"[{"uid": "b", "rank": 2}]"#).unwrap().len(), 1);
        assert_eq!(items(None, "[]").unwrap(), vec![]);
        assert!(items(None, wrapped).is_err());
        assert!(items(Some("result"), r#"{"other": []}"#).unwrap_err().message.contains("missing field `result`"));
    }

    #[test]
    fn failures_name_the_json_path() {
        let json = r#"{"result": [{"uid": "a", "rank": 1}, {"uid": "b", "rank": "two"}]}"#;
        let failure = items(Some("result"), json).unwrap_err();
        assert_eq!(failure.path, "result[1].rank");
        assert!(failure.message.contains("invalid type"), "{}", failure.message);
        let failure = decode::<Item>(br#"{"uid": 5, "rank": 1}"#).unwrap_err();
        assert_eq!(failure.path, "uid");
        let failure = decode::<Item>(br#"{"uid": "a", "rank": 1} trailing"#).unwrap_err();
        assert_eq!(failure.path, ".");
    }

    #[test]
    fn parameters_print_as_text() {
        assert_eq!(param_text(&"a b").unwrap().as_deref(), Some("a b"));
        assert_eq!(param_text(&true).unwrap().as_deref(), Some("true"));
        assert_eq!(param_text(&12_i64).unwrap().as_deref(), Some("12"));
        assert_eq!(param_text(&Option::<String>::None).unwrap(), None);
    }
}
