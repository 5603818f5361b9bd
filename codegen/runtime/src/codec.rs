//! JSON in and out: request parameters and bodies, and answers decoded with
//! the JSON path of the first value that does not fit.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Serialize;
use serde_json::Value;

use crate::json_path;
use crate::tagged;

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

/// Decodes `bytes` with `seed`, in one pass of serde_json's slice reader.
/// When that fails, the JSON path of the culprit is found from the error's
/// place in the text ([`json_path`]): no second reader that tracks paths is
/// compiled for every type.
pub(crate) fn decode_seed<'de, S>(seed: S, bytes: &'de [u8]) -> Result<S::Value, DecodeFailure>
where
    S: DeserializeSeed<'de>,
{
    let mut reader = serde_json::Deserializer::from_slice(bytes);
    let error = match seed.deserialize(&mut reader).and_then(|value| reader.end().map(|()| value)) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    let located = json_path::locate(bytes, &error, tagged::placed_by);
    Err(DecodeFailure { path: located.path, message: located.message })
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

/// A page body read in one pass: the items at a dotted path (or the body
/// itself when it is an array) and the values of the signal paths, every
/// other value skipped without being built.
pub(crate) struct PageBody<'p, T> {
    /// The items' path, split at dots; `None`: the body is the array.
    pub items: Option<&'p [&'p str]>,
    pub signals: &'p [&'p [&'p str]],
    /// The keys that led to the object being read.
    pub prefix: Vec<String>,
    pub marker: PhantomData<fn() -> T>,
}

impl<T> Clone for PageBody<'_, T> {
    fn clone(&self) -> Self {
        PageBody { items: self.items, signals: self.signals, prefix: self.prefix.clone(), marker: PhantomData }
    }
}

/// What [`PageBody`] found.
pub(crate) struct PageParts<T> {
    pub items: Option<Vec<T>>,
    /// One per signal path, in order: the value when present.
    pub signals: Vec<Option<Value>>,
}

impl<T> PageParts<T> {
    fn empty(signals: usize) -> Self {
        PageParts { items: None, signals: vec![None; signals] }
    }
}

impl<T> PageBody<'_, T> {
    /// Whether `path` goes through `key` of the object being read: `Some(true)`
    /// when it ends there, `Some(false)` when it goes deeper.
    fn reaches(&self, path: &[&str], key: &str) -> Option<bool> {
        let depth = self.prefix.len();
        let on_path = path.len() > depth
            && path[depth] == key
            && path[..depth].iter().zip(&self.prefix).all(|(segment, taken)| segment == taken);
        on_path.then_some(path.len() == depth + 1)
    }
}

impl<'de, T: serde::Deserialize<'de>> DeserializeSeed<'de> for PageBody<'_, T> {
    type Value = PageParts<T>;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: serde::Deserialize<'de>> Visitor<'de> for PageBody<'_, T> {
    type Value = PageParts<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a page of a collection: an array, or an object holding one")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        if !self.prefix.is_empty() {
            return Err(de::Error::invalid_type(de::Unexpected::Seq, &"an object"));
        }
        let items = Items::<T> { field: None, marker: PhantomData }.visit_seq(seq)?;
        Ok(PageParts { items: Some(items), ..PageParts::empty(self.signals.len()) })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut parts = PageParts::empty(self.signals.len());
        while let Some(key) = map.next_key::<String>()? {
            let items = self.items.and_then(|path| self.reaches(path, &key));
            let signal = self.signals.iter().position(|path| self.reaches(path, &key) == Some(true));
            let deeper =
                items == Some(false) || self.signals.iter().any(|path| self.reaches(path, &key) == Some(false));
            if items == Some(true) && parts.items.is_none() {
                parts.items = Some(map.next_value::<Vec<T>>()?);
            } else if let Some(index) = signal {
                parts.signals[index] = Some(map.next_value::<Value>()?);
            } else if deeper {
                let mut prefix = self.prefix.clone();
                prefix.push(key);
                let nested = PageBody { items: self.items, signals: self.signals, prefix, marker: PhantomData };
                let found = map.next_value_seed(ObjectOrSkip(nested))?;
                parts.items = parts.items.or(found.items);
                for (slot, value) in parts.signals.iter_mut().zip(found.signals) {
                    if slot.is_none() {
                        *slot = value;
                    }
                }
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(parts)
    }
}

/// A nested level of a page body: an object is read, any other value
/// (`null`, a number) holds nothing.
struct ObjectOrSkip<'p, T>(PageBody<'p, T>);

impl<'de, T: serde::Deserialize<'de>> DeserializeSeed<'de> for ObjectOrSkip<'_, T> {
    type Value = PageParts<T>;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: serde::Deserialize<'de>> Visitor<'de> for ObjectOrSkip<'_, T> {
    type Value = PageParts<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.visit_map(map)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(PageParts::empty(self.0.signals.len()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(PageParts::empty(self.0.signals.len()))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(PageParts::empty(self.0.signals.len()))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(PageParts::empty(self.0.signals.len()))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(PageParts::empty(self.0.signals.len()))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(PageParts::empty(self.0.signals.len()))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(PageParts::empty(self.0.signals.len()))
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
    fn page_bodies_give_items_and_signals_at_dotted_paths() {
        let json = br#"{"data": {"items": [{"uid": "a", "rank": 1}], "next": "wrong"},
            "meta": {"next": "c2", "total": 7, "deep": [1, 2]}, "more": true, "n": null}"#;
        let items_path: &[&str] = &["data", "items"];
        let signals: &[&[&str]] = &[&["meta", "next"], &["meta", "total"], &["more"], &["missing", "x"]];
        let seed = PageBody::<Item> { items: Some(items_path), signals, prefix: Vec::new(), marker: PhantomData };
        let parts = decode_seed(seed, json).unwrap();
        assert_eq!(parts.items.unwrap(), vec![Item { uid: "a".into(), rank: 1 }]);
        assert_eq!(parts.signals, vec![Some(Value::from("c2")), Some(Value::from(7)), Some(Value::from(true)), None]);
        let bare = PageBody::<Item> { items: None, signals, prefix: Vec::new(), marker: PhantomData };
        assert_eq!(decode_seed(bare.clone(), br#"[{"uid": "b", "rank": 2}]"#).unwrap().items.unwrap().len(), 1);
        let failure = decode_seed(bare, br#"[{"uid": "b", "rank": "two"}]"#).err().unwrap();
        assert_eq!(failure.path, "[0].rank");
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
