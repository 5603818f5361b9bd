//! Reading a union whose variants are told apart by a discriminator field.
//!
//! The value is read once into a light buffer that borrows its texts from
//! the input where it can ([`Buffered`]); its discriminator names the
//! variant, which is then read from the buffer by [`Ref`]. When that fails,
//! the error names the JSON path inside the variant where reading stopped:
//! each level adds its member name or index on the way out, so values that
//! read well pay nothing for it, and no second reader (a path-tracking
//! wrapper) is compiled for every type. One reader for every union: each
//! union's `Deserialize` is a table of its variants and nothing more.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// Reads a union told apart by its `tag` field. `variant` reads the value as
/// the variant its discriminator names ([`Reader::read`]), or answers `None`
/// for a discriminator it does not know, whose value `unknown` keeps as
/// received. A missing or malformed discriminator is an error, so that a
/// broken value is reported rather than hidden among the unknown kinds.
///
/// Variants are read with one error type whatever the deserializer's, so
/// that each variant's reading is compiled once, not once per deserializer.
pub fn decode<'de, D, T>(
    deserializer: D,
    tag: &str,
    variant: impl FnOnce(&str, Reader<'_, 'de>) -> Option<Result<T, serde_json::Error>>,
    unknown: impl FnOnce(serde_json::Value) -> T,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let buffered = Buffered::deserialize(deserializer)?;
    let wire = match &buffered {
        Buffered::Map(entries) => match entries.iter().find(|(key, _)| key == tag) {
            Some((_, Buffered::Str(wire))) => wire.clone(),
            Some((_, other)) => {
                return Err(D::Error::custom(format!("`{tag}` must be a string, not {}", other.kind())));
            }
            None => return Err(D::Error::custom(format!("missing field `{tag}`"))),
        },
        other => {
            return Err(D::Error::custom(format!("expected an object with a `{tag}` field, found {}", other.kind())))
        }
    };
    let reader = Reader { buffered: &buffered, tag, wire: &wire };
    let read = match variant(&wire, reader) {
        Some(read) => read,
        None => serde_json::Value::deserialize(Ref::new(&buffered))
            .map(unknown)
            .map_err(<serde_json::Error as de::Error>::custom),
    };
    read.map_err(D::Error::custom)
}

/// The buffered value of a union, read as the variant its discriminator names.
pub struct Reader<'a, 'de> {
    buffered: &'a Buffered<'de>,
    tag: &'a str,
    wire: &'a str,
}

impl fmt::Debug for Reader<'_, '_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.debug_struct("Reader").field("tag", &self.tag).field("wire", &self.wire).finish_non_exhaustive()
    }
}

impl<'de> Reader<'_, 'de> {
    /// Reads the value as `V` and wraps it in its enum variant. An error
    /// names the discriminator and the JSON path inside the variant where
    /// reading stopped.
    pub fn read<V: Deserialize<'de>, T>(self, wrap: fn(V) -> T) -> Result<T, serde_json::Error> {
        let (tag, wire) = (self.tag, self.wire);
        match V::deserialize(Ref::new(self.buffered)) {
            Ok(value) => Ok(wrap(value)),
            Err(error) if error.path.is_empty() => {
                Err(de::Error::custom(format!("`{tag}` `{wire}`: {}", error.message)))
            }
            Err(error) => Err(de::Error::custom(format!("`{tag}` `{wire}`: at `{}`: {}", error.path(), error.message))),
        }
    }
}

/// Why a [`Buffered`] value did not read as a type, and where: the member
/// names and indexes from the value read down to the place reading stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    message: String,
    /// Innermost first: each level adds its own on the way out.
    path: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Member(String),
    Index(usize),
}

impl ReadError {
    /// What went wrong, without the place.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The JSON path where reading stopped, as `result[1].rank`; `.` for
    /// the value itself.
    pub fn path(&self) -> String {
        if self.path.is_empty() {
            return ".".to_string();
        }
        let mut path = String::new();
        for segment in self.path.iter().rev() {
            match segment {
                Segment::Index(index) => path.push_str(&format!("[{index}]")),
                Segment::Member(name) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(name);
                }
            }
        }
        path
    }

    fn within(mut self, segment: Segment) -> Self {
        self.path.push(segment);
        self
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.message)
    }
}

impl std::error::Error for ReadError {}

impl de::Error for ReadError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        ReadError { message: message.to_string(), path: Vec::new() }
    }
}

/// A JSON value as it was read: texts borrowed from the input where the
/// input allows it, members in their order.
#[derive(Debug, Clone, PartialEq)]
pub enum Buffered<'de> {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(Cow<'de, str>),
    Seq(Vec<Buffered<'de>>),
    Map(Vec<(Cow<'de, str>, Buffered<'de>)>),
}

impl<'de> Buffered<'de> {
    /// Reads JSON text whole; the texts borrow from `bytes` where they can.
    pub fn from_slice(bytes: &'de [u8]) -> Result<Self, serde_json::Error> {
        let mut deserializer = serde_json::Deserializer::from_slice(bytes);
        let value = Buffered::deserialize(&mut deserializer)?;
        deserializer.end()?;
        Ok(value)
    }

    fn kind(&self) -> &'static str {
        match self {
            Buffered::Null => "null",
            Buffered::Bool(_) => "a boolean",
            Buffered::U64(_) | Buffered::I64(_) | Buffered::F64(_) => "a number",
            Buffered::Str(_) => "a string",
            Buffered::Seq(_) => "an array",
            Buffered::Map(_) => "an object",
        }
    }
}

impl<'de> Deserialize<'de> for Buffered<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(BufferVisitor)
    }
}

struct BufferVisitor;

impl<'de> Visitor<'de> for BufferVisitor {
    type Value = Buffered<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Self::Value, E> {
        Ok(Buffered::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Buffered::I64(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Self::Value, E> {
        Ok(Buffered::U64(value))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Self::Value, E> {
        Ok(Buffered::F64(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Buffered::Str(Cow::Owned(value.to_owned())))
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Buffered::Str(Cow::Borrowed(value)))
    }

    fn visit_string<E>(self, value: String) -> Result<Self::Value, E> {
        Ok(Buffered::Str(Cow::Owned(value)))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Buffered::Null)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Buffered::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        Buffered::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(256));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Buffered::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(256));
        while let Some(key) = map.next_key_seed(KeySeed)? {
            entries.push((key, map.next_value()?));
        }
        Ok(Buffered::Map(entries))
    }
}

/// A member name, borrowed from the input where it can be.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a member name")
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value.to_owned()))
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(value))
    }

    fn visit_string<E>(self, value: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value))
    }
}

/// Reads a [`Buffered`] value as any type, by reference, without copying
/// the texts it borrowed from the input. Every type a generated crate reads
/// from a buffer is read by this one deserializer, with one error type.
pub struct Ref<'a, 'de> {
    value: &'a Buffered<'de>,
}

impl<'a, 'de> Ref<'a, 'de> {
    pub fn new(value: &'a Buffered<'de>) -> Self {
        Ref { value }
    }
}

impl fmt::Debug for Ref<'_, '_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.debug_tuple("Ref").field(self.value).finish()
    }
}

impl Clone for Ref<'_, '_> {
    fn clone(&self) -> Self {
        Ref::new(self.value)
    }
}

impl<'a, 'de> Deserializer<'de> for Ref<'a, 'de> {
    type Error = ReadError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.value {
            Buffered::Null => visitor.visit_unit(),
            Buffered::Bool(value) => visitor.visit_bool(*value),
            Buffered::U64(value) => visitor.visit_u64(*value),
            Buffered::I64(value) => visitor.visit_i64(*value),
            Buffered::F64(value) => visitor.visit_f64(*value),
            Buffered::Str(Cow::Borrowed(text)) => visitor.visit_borrowed_str(text),
            Buffered::Str(Cow::Owned(text)) => visitor.visit_str(text),
            Buffered::Seq(items) => visitor.visit_seq(Items { items: items.iter(), next: 0 }),
            Buffered::Map(entries) => visitor.visit_map(Entries { entries: entries.iter(), pending: None }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.value {
            Buffered::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        match self.value {
            // A unit variant, written as its name.
            Buffered::Str(_) => visitor.visit_enum(UnitVariant { name: self }),
            // A variant with content, written as `{"Name": content}`.
            Buffered::Map(entries) if entries.len() == 1 => {
                let (name, content) = &entries[0];
                visitor.visit_enum(VariantWithContent { name, content })
            }
            other => Err(ReadError::custom(format!("expected an enum variant, found {}", other.kind()))),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

struct Items<'a, 'de> {
    items: std::slice::Iter<'a, Buffered<'de>>,
    next: usize,
}

impl<'a, 'de> SeqAccess<'de> for Items<'a, 'de> {
    type Error = ReadError;

    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, ReadError> {
        let Some(item) = self.items.next() else { return Ok(None) };
        let index = self.next;
        self.next += 1;
        seed.deserialize(Ref::new(item)).map(Some).map_err(|error| error.within(Segment::Index(index)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Entries<'a, 'de> {
    entries: std::slice::Iter<'a, (Cow<'de, str>, Buffered<'de>)>,
    pending: Option<&'a (Cow<'de, str>, Buffered<'de>)>,
}

impl<'a, 'de> MapAccess<'de> for Entries<'a, 'de> {
    type Error = ReadError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, ReadError> {
        let Some(entry) = self.entries.next() else { return Ok(None) };
        self.pending = Some(entry);
        seed.deserialize(Text::new(&entry.0)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, ReadError> {
        let (name, value) =
            self.pending.take().ok_or_else(|| ReadError::custom("a member value was asked before its name"))?;
        seed.deserialize(Ref::new(value)).map_err(|error| error.within(Segment::Member(name.to_string())))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// A member name or a variant name as a deserializer.
struct Text<'a, 'de> {
    text: &'a Cow<'de, str>,
}

impl<'a, 'de> Text<'a, 'de> {
    fn new(text: &'a Cow<'de, str>) -> Self {
        Text { text }
    }
}

impl<'a, 'de> Deserializer<'de> for Text<'a, 'de> {
    type Error = ReadError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.text {
            Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
            Cow::Owned(text) => visitor.visit_str(text),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

struct UnitVariant<'a, 'de> {
    name: Ref<'a, 'de>,
}

impl<'a, 'de> de::EnumAccess<'de> for UnitVariant<'a, 'de> {
    type Error = ReadError;
    type Variant = NoContent;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self::Variant), ReadError> {
        seed.deserialize(self.name).map(|name| (name, NoContent))
    }
}

struct NoContent;

impl<'de> de::VariantAccess<'de> for NoContent {
    type Error = ReadError;

    fn unit_variant(self) -> Result<(), ReadError> {
        Ok(())
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, _seed: S) -> Result<S::Value, ReadError> {
        Err(ReadError::custom("expected a variant with content, found its name alone"))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value, ReadError> {
        Err(ReadError::custom("expected a variant with content, found its name alone"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, ReadError> {
        Err(ReadError::custom("expected a variant with content, found its name alone"))
    }
}

struct VariantWithContent<'a, 'de> {
    name: &'a Cow<'de, str>,
    content: &'a Buffered<'de>,
}

impl<'a, 'de> de::EnumAccess<'de> for VariantWithContent<'a, 'de> {
    type Error = ReadError;
    type Variant = Content<'a, 'de>;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self::Variant), ReadError> {
        let content = Content { name: self.name, value: Ref::new(self.content) };
        seed.deserialize(Text::new(self.name)).map(|name| (name, content))
    }
}

/// The content of a variant written as `{"Name": content}`; errors inside it
/// are placed under the variant's name.
struct Content<'a, 'de> {
    name: &'a Cow<'de, str>,
    value: Ref<'a, 'de>,
}

impl<'de> Content<'_, 'de> {
    fn placed<T>(&self, read: Result<T, ReadError>) -> Result<T, ReadError> {
        read.map_err(|error| error.within(Segment::Member(self.name.to_string())))
    }
}

impl<'a, 'de> de::VariantAccess<'de> for Content<'a, 'de> {
    type Error = ReadError;

    fn unit_variant(self) -> Result<(), ReadError> {
        match self.value.value {
            Buffered::Null => Ok(()),
            other => Err(ReadError::custom(format!("expected no content, found {}", other.kind()))),
        }
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, ReadError> {
        let read = seed.deserialize(self.value.clone());
        self.placed(read)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, ReadError> {
        let read = self.value.clone().deserialize_any(visitor);
        self.placed(read)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        let read = self.value.clone().deserialize_any(visitor);
        self.placed(read)
    }
}
