//! Reading a union whose variants are told apart by a discriminator field.
//!
//! The value is read once into a light buffer that borrows its texts from
//! the input where it can ([`Buffered`]); its discriminator names the
//! variant, which is then read from the buffer. Only when that fails is it
//! read a second time, tracking where it stopped, so that the error names the
//! JSON path inside the variant without slowing down the values that read
//! well. One reader for every union: each union's `Deserialize` is a table of
//! its variants and nothing more.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

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
        None => serde_json::Value::deserialize(Json::new(&buffered)).map(unknown),
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
        match V::deserialize(Json::new(self.buffered)) {
            Ok(value) => Ok(wrap(value)),
            Err(first) => {
                let (tag, wire) = (self.tag, self.wire);
                // Read again, tracking the path: only values that fail pay for it.
                match serde_path_to_error::deserialize::<_, V>(Json::new(self.buffered)) {
                    Err(error) if error.path().to_string() != "." => {
                        let path = error.path().to_string();
                        Err(de::Error::custom(format!("`{tag}` `{wire}`: at `{path}`: {}", error.into_inner())))
                    }
                    _ => Err(de::Error::custom(format!("`{tag}` `{wire}`: {first}"))),
                }
            }
        }
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

impl Buffered<'_> {
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
/// the texts it borrowed from the input.
pub struct Ref<'a, 'de, E> {
    value: &'a Buffered<'de>,
    error: PhantomData<E>,
}

impl<'a, 'de, E> Ref<'a, 'de, E> {
    pub fn new(value: &'a Buffered<'de>) -> Self {
        Ref { value, error: PhantomData }
    }
}

/// [`Ref`] with serde_json's error: what variants are read with.
type Json<'a, 'de> = Ref<'a, 'de, serde_json::Error>;

impl<E> fmt::Debug for Ref<'_, '_, E> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.debug_tuple("Ref").field(self.value).finish()
    }
}

impl<'a, 'de, E> Clone for Ref<'a, 'de, E> {
    fn clone(&self) -> Self {
        Ref::new(self.value)
    }
}

impl<'a, 'de, E: de::Error> Deserializer<'de> for Ref<'a, 'de, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.value {
            Buffered::Null => visitor.visit_unit(),
            Buffered::Bool(value) => visitor.visit_bool(*value),
            Buffered::U64(value) => visitor.visit_u64(*value),
            Buffered::I64(value) => visitor.visit_i64(*value),
            Buffered::F64(value) => visitor.visit_f64(*value),
            Buffered::Str(Cow::Borrowed(text)) => visitor.visit_borrowed_str(text),
            Buffered::Str(Cow::Owned(text)) => visitor.visit_str(text),
            Buffered::Seq(items) => visitor.visit_seq(Items { items: items.iter(), error: PhantomData }),
            Buffered::Map(entries) => {
                visitor.visit_map(Entries { entries: entries.iter(), pending: None, error: PhantomData })
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.value {
            Buffered::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, E> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        match self.value {
            // A unit variant, written as its name.
            Buffered::Str(_) => visitor.visit_enum(UnitVariant { name: self }),
            // A variant with content, written as `{"Name": content}`.
            Buffered::Map(entries) if entries.len() == 1 => {
                let (name, content) = &entries[0];
                visitor.visit_enum(VariantWithContent { name, content, error: PhantomData })
            }
            other => Err(E::custom(format!("expected an enum variant, found {}", other.kind()))),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

struct Items<'a, 'de, E> {
    items: std::slice::Iter<'a, Buffered<'de>>,
    error: PhantomData<E>,
}

impl<'a, 'de, E: de::Error> SeqAccess<'de> for Items<'a, 'de, E> {
    type Error = E;

    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, E> {
        self.items.next().map(|item| seed.deserialize(Ref::new(item))).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Entries<'a, 'de, E> {
    entries: std::slice::Iter<'a, (Cow<'de, str>, Buffered<'de>)>,
    pending: Option<&'a Buffered<'de>>,
    error: PhantomData<E>,
}

impl<'a, 'de, E: de::Error> MapAccess<'de> for Entries<'a, 'de, E> {
    type Error = E;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, E> {
        let Some((key, value)) = self.entries.next() else { return Ok(None) };
        self.pending = Some(value);
        seed.deserialize(Text::<E>::new(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, E> {
        let value = self.pending.take().ok_or_else(|| E::custom("a member value was asked before its name"))?;
        seed.deserialize(Ref::new(value))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// A member name or a variant name as a deserializer.
struct Text<'a, 'de, E> {
    text: &'a Cow<'de, str>,
    error: PhantomData<E>,
}

impl<'a, 'de, E> Text<'a, 'de, E> {
    fn new(text: &'a Cow<'de, str>) -> Self {
        Text { text, error: PhantomData }
    }
}

impl<'a, 'de, E: de::Error> Deserializer<'de> for Text<'a, 'de, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
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

struct UnitVariant<'a, 'de, E> {
    name: Ref<'a, 'de, E>,
}

impl<'a, 'de, E: de::Error> de::EnumAccess<'de> for UnitVariant<'a, 'de, E> {
    type Error = E;
    type Variant = NoContent<E>;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self::Variant), E> {
        seed.deserialize(self.name).map(|name| (name, NoContent(PhantomData)))
    }
}

struct NoContent<E>(PhantomData<E>);

impl<'de, E: de::Error> de::VariantAccess<'de> for NoContent<E> {
    type Error = E;

    fn unit_variant(self) -> Result<(), E> {
        Ok(())
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, _seed: S) -> Result<S::Value, E> {
        Err(E::custom("expected a variant with content, found its name alone"))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value, E> {
        Err(E::custom("expected a variant with content, found its name alone"))
    }

    fn struct_variant<V: Visitor<'de>>(self, _fields: &'static [&'static str], _visitor: V) -> Result<V::Value, E> {
        Err(E::custom("expected a variant with content, found its name alone"))
    }
}

struct VariantWithContent<'a, 'de, E> {
    name: &'a Cow<'de, str>,
    content: &'a Buffered<'de>,
    error: PhantomData<E>,
}

impl<'a, 'de, E: de::Error> de::EnumAccess<'de> for VariantWithContent<'a, 'de, E> {
    type Error = E;
    type Variant = Ref<'a, 'de, E>;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self::Variant), E> {
        seed.deserialize(Text::<E>::new(self.name)).map(|name| (name, Ref::new(self.content)))
    }
}

impl<'a, 'de, E: de::Error> de::VariantAccess<'de> for Ref<'a, 'de, E> {
    type Error = E;

    fn unit_variant(self) -> Result<(), E> {
        match self.value {
            Buffered::Null => Ok(()),
            other => Err(E::custom(format!("expected no content, found {}", other.kind()))),
        }
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, E> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, E> {
        self.deserialize_any(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(self, _fields: &'static [&'static str], visitor: V) -> Result<V::Value, E> {
        self.deserialize_any(visitor)
    }
}
