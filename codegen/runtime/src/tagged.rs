//! Reading a union whose variants are told apart by a discriminator field.
//!
//! The value is taken whole as JSON text ([`json_text`]); its discriminator
//! is read from the text, which is then read as the variant it names by
//! serde_json's slice reader, the reader answers are decoded with. Each
//! variant's `Deserialize` is so compiled for one deserializer only, where a
//! buffer that any deserializer reads back (serde's own `Content`) compiles
//! every type reachable from a union a second time. When a variant does not
//! read, the error names the JSON path inside it where reading stopped
//! ([`crate::json_path`]). One reader for every union: each union's
//! `Deserialize` is a table of its variants and nothing more.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;

use crate::json_path::{self, Mark, Placed};

/// The name serde_json's readers (and its `Value`) recognise as a request
/// for the text of the next value as it lies (what its `RawValue` asks
/// with). Any other deserializer sees an ordinary newtype struct, whose
/// value [`json_text`] then reads and writes back as text: the name only
/// decides the speed, never the result.
const SERDE_JSON_RAW_VALUE: &str = "$serde_json::private::RawValue";

/// The JSON text of the value `deserializer` holds: the text as it lies
/// when the deserializer is serde_json's (borrowed when the input allows),
/// else the value read by any self-describing deserializer (serde's own
/// buffers included, inside an untagged enum) and written back as JSON.
pub fn json_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Cow<'de, str>, D::Error> {
    deserializer.deserialize_newtype_struct(SERDE_JSON_RAW_VALUE, JsonText)
}

struct JsonText;

impl<'de> Visitor<'de> for JsonText {
    type Value = Cow<'de, str>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    /// serde_json hands the text as the one member of a map.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        if map.next_key::<IgnoredAny>()?.is_none() {
            return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
        }
        map.next_value_seed(Text)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        Ok(Cow::Owned(value.to_string()))
    }
}

/// A text, borrowed where the input allows.
struct Text;

impl<'de> DeserializeSeed<'de> for Text {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Text {
    type Value = Cow<'de, str>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("JSON text")
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(text))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(text.to_string()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(text))
    }
}

/// Reads a union told apart by its `tag` field. `variant` reads the value as
/// the variant its discriminator names ([`Reader::read`]), or answers `None`
/// for a discriminator it does not know, whose value `unknown` keeps as
/// received. A missing or malformed discriminator is an error, so that a
/// broken value is reported rather than hidden among the unknown kinds.
pub fn decode<'de, D, T>(
    deserializer: D,
    tag: &str,
    variant: impl FnOnce(&str, Reader<'_>) -> Option<Result<T, serde_json::Error>>,
    unknown: impl FnOnce(serde_json::Value) -> T,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let text = json_text(deserializer)?;
    let wire = discriminator(&text, tag).map_err(D::Error::custom)?;
    let reader = Reader { text: &text, tag, wire: &wire };
    let read = match variant(&wire, reader) {
        Some(read) => read,
        None => serde_json::from_str(&text).map(unknown),
    };
    read.map_err(D::Error::custom)
}

/// Reads one union value as the variant its discriminator names.
pub struct Reader<'a> {
    text: &'a str,
    tag: &'a str,
    wire: &'a str,
}

impl fmt::Debug for Reader<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.debug_struct("Reader").field("tag", &self.tag).field("wire", &self.wire).finish_non_exhaustive()
    }
}

impl Reader<'_> {
    /// Reads the value as `V` and wraps it in its enum variant. An error
    /// names the discriminator and the JSON path inside the variant where
    /// reading stopped.
    pub fn read<V: DeserializeOwned, T>(self, wrap: fn(V) -> T) -> Result<T, serde_json::Error> {
        serde_json::from_slice(self.text.as_bytes()).map(wrap).map_err(|error| self.failed(&error))
    }

    /// The error of a variant that did not read, with the discriminator and
    /// the path inside the value; kept out of [`Self::read`], which is
    /// compiled once per variant.
    fn failed(&self, error: &serde_json::Error) -> serde_json::Error {
        let (tag, wire) = (self.tag, self.wire);
        de::Error::custom(format!("`{tag}` `{wire}`: {}", described(self.text.as_bytes(), error)))
    }
}

/// What `error`, raised reading the JSON `text` of one value, says, with
/// the JSON path inside the value (`at `radius`: invalid type: ...`) in
/// place of a line and column that are those of a text the reader of the
/// message never saw.
pub(crate) fn described(text: &[u8], error: &serde_json::Error) -> String {
    let inner = json_path::locate(text, error, placed_by);
    match inner.path.as_str() {
        "." => inner.message,
        path => format!("at `{path}`: {}", inner.message),
    }
}

/// How serde_json placed an error this module's unions (or [`crate::shape`]'s)
/// raised: they raise theirs after reading the value whole, so the place is
/// the container's ([`Placed::AfterTheValue`]). A variant that did not read
/// is marked by its discriminator and kind, which the value holds; a value
/// without its discriminator by the member it lacks.
pub fn placed_by(message: &str) -> Placed<'_> {
    if let Some(rest) = message.strip_prefix('`') {
        let holds = rest.split_once("` `").and_then(|(tag, rest)| Some(Mark::Holds(tag, rest.split_once("`: ")?.0)));
        if holds.is_some() {
            return Placed::AfterTheValue { marked: holds };
        }
    }
    if let Some(tag) = message.strip_prefix(MISSING).and_then(|rest| rest.strip_suffix('`')) {
        return Placed::AfterTheValue { marked: Some(Mark::Lacks(tag)) };
    }
    if message.contains(WHOLE_VALUE_MARK) || message.starts_with(crate::shape::NO_VARIANT) {
        return Placed::AfterTheValue { marked: None };
    }
    Placed::AtTheValue
}

/// Words every message about a union value as a whole carries.
const WHOLE_VALUE_MARK: &str = "discriminator `";

/// How the message about a value without its discriminator starts.
const MISSING: &str = "missing discriminator `";

/// The string the union value `text` holds in member `tag`.
fn discriminator(text: &str, tag: &str) -> Result<String, String> {
    let mut reader = serde_json::Deserializer::from_str(text);
    let seen = (Look { tag: Some(tag) }).deserialize(&mut reader).map_err(|error| error.to_string())?;
    match seen {
        Seen::Object(Some(member)) => match *member {
            Seen::Text(wire) => Ok(wire),
            other => Err(format!("{WHOLE_VALUE_MARK}{tag}` must be a string, not {}", other.kind())),
        },
        Seen::Object(None) => Err(format!("{MISSING}{tag}`")),
        other => Err(format!("expected an object with a {WHOLE_VALUE_MARK}{tag}`, found {}", other.kind())),
    }
}

/// What a JSON value is, as far as finding a discriminator needs.
enum Seen {
    Text(String),
    /// An object, with the value of the member looked for when it has one.
    Object(Option<Box<Seen>>),
    Other(&'static str),
}

impl Seen {
    fn kind(&self) -> &'static str {
        match self {
            Seen::Text(_) => "a string",
            Seen::Object(_) => "an object",
            Seen::Other(kind) => kind,
        }
    }
}

/// Looks at a value: an object's member `tag` is looked at in turn, every
/// other member is skipped without being built.
struct Look<'t> {
    tag: Option<&'t str>,
}

impl<'de> DeserializeSeed<'de> for Look<'_> {
    type Value = Seen;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Seen, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Look<'_> {
    type Value = Seen;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Seen, A::Error> {
        let mut found = None;
        while let Some(is_tag) = map.next_key_seed(KeyIs(self.tag))? {
            if is_tag && found.is_none() {
                found = Some(Box::new(map.next_value_seed(Look { tag: None })?));
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Seen::Object(found))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Seen, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Seen::Other("an array"))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Seen, E> {
        Ok(Seen::Text(text.to_string()))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Seen, E> {
        Ok(Seen::Other("a boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Seen, E> {
        Ok(Seen::Other("a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Seen, E> {
        Ok(Seen::Other("a number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Seen, E> {
        Ok(Seen::Other("a number"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Seen, E> {
        Ok(Seen::Other("null"))
    }
}

/// Whether a member name is the one looked for, compared where it lies.
struct KeyIs<'t>(Option<&'t str>);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyIs<'_> {
    type Value = bool;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<bool, E> {
        Ok(self.0 == Some(name))
    }
}
