//! Reading a union whose variants are told apart by their fields.
//!
//! The variants a value could be are those whose required fields it has all
//! of. Among them, the one that knows the most of the value's members is
//! tried first; on a tie, the one with fewer fields (the more specific), then
//! the documentation's order. A value that fits no variant's requirements is
//! tried against every variant in that order, so that the error reported is
//! the one of the closest variant.

use std::collections::BTreeMap;

use serde::de::{DeserializeOwned, IgnoredAny};

use crate::tagged;

/// What a variant is known by: its name and its fields.
#[derive(Debug, Clone, Copy)]
pub struct VariantShape<'a> {
    pub name: &'a str,
    pub fields: &'a [&'a str],
    pub required: &'a [&'a str],
}

/// The indices of `shapes` in the order to try them for an object with
/// these member names.
pub fn order<'k>(keys: impl IntoIterator<Item = &'k str> + Clone, shapes: &[VariantShape<'_>]) -> Vec<usize> {
    let fits = |shape: &VariantShape<'_>| shape.required.iter().all(|r| keys.clone().into_iter().any(|k| k == *r));
    let known = |shape: &VariantShape<'_>| keys.clone().into_iter().filter(|k| shape.fields.contains(k)).count();
    let mut ranked: Vec<(bool, usize, usize, usize)> = shapes
        .iter()
        .enumerate()
        .map(|(index, shape)| (fits(shape), known(shape), shape.fields.len(), index))
        .collect();
    // Fitting first, then most members known, then fewest fields, then the
    // documentation's order.
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)).then(a.3.cmp(&b.3)));
    ranked.into_iter().map(|(_, _, _, index)| index).collect()
}

/// The start of the message when a value is none of a union's variants.
pub const NO_VARIANT: &str = "the value is none of the variants";

/// Reads the value as the first variant, in [`order`], that `decode`
/// accepts (`decode` is given the value's JSON text, for [`read`]). The
/// error, when none does, is the closest variant's, with its JSON path.
pub fn decode<'de, D, T>(
    deserializer: D,
    shapes: &[VariantShape<'_>],
    decode: impl FnMut(usize, &[u8]) -> Result<T, serde_json::Error>,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let text = tagged::json_text(deserializer)?;
    first_fitting(&text, shapes, decode).map_err(serde::de::Error::custom)
}

fn first_fitting<T>(
    text: &str,
    shapes: &[VariantShape<'_>],
    mut decode: impl FnMut(usize, &[u8]) -> Result<T, serde_json::Error>,
) -> Result<T, String> {
    let order = match member_names(text) {
        Some(keys) => order(keys.iter().map(String::as_str), shapes),
        None => (0..shapes.len()).collect(),
    };
    let mut closest = None;
    for index in order {
        match decode(index, text.as_bytes()) {
            Ok(read) => return Ok(read),
            Err(error) if closest.is_none() => closest = Some((index, error)),
            Err(_) => {}
        }
    }
    let Some((index, error)) = closest else {
        return Err("a union without variants holds no value".to_string());
    };
    Err(format!("{NO_VARIANT}; as `{}`: {}", shapes[index].name, tagged::described(text.as_bytes(), &error)))
}

/// Reads one variant from the text [`decode`] gives, with serde_json's slice
/// reader: the one answers are decoded with, so that no type is compiled
/// for a second deserializer.
pub fn read<V: DeserializeOwned, T>(text: &[u8], wrap: fn(V) -> T) -> Result<T, serde_json::Error> {
    serde_json::from_slice(text).map(wrap)
}

/// Reads one variant from a value already read, through its JSON text, so
/// that the variant is read by the same deserializer as everywhere else; an
/// error names the JSON path inside the value.
pub fn read_value<V: DeserializeOwned, T>(value: &serde_json::Value, wrap: fn(V) -> T) -> Result<T, serde_json::Error> {
    let text = serde_json::to_vec(value)?;
    serde_json::from_slice(&text).map(wrap).map_err(|error| serde::de::Error::custom(tagged::described(&text, &error)))
}

/// The member names of `text` when it is an object.
fn member_names(text: &str) -> Option<Vec<String>> {
    let members: BTreeMap<String, IgnoredAny> = serde_json::from_str(text).ok()?;
    Some(members.into_keys().collect())
}
