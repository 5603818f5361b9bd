//! Reading a union whose variants are told apart by their fields.
//!
//! The variants a value could be are those whose required fields it has all
//! of. Among them, the one that knows the most of the value's members is
//! tried first; on a tie, the one with fewer fields (the more specific), then
//! the documentation's order. A value that fits no variant's requirements is
//! tried against every variant in that order, so that the error reported is
//! the one of the closest variant.

use serde_json::Value;

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

/// Reads `value` as the first variant, in [`order`], that `decode` accepts
/// (`decode` reads the value borrowed, as `&Value` is a deserializer). The
/// error, when none does, is the closest variant's.
pub fn decode<T>(
    value: &Value,
    shapes: &[VariantShape<'_>],
    mut decode: impl FnMut(usize, &Value) -> Result<T, serde_json::Error>,
) -> Result<T, serde_json::Error> {
    let order = match value {
        Value::Object(members) => order(members.keys().map(String::as_str), shapes),
        _ => (0..shapes.len()).collect(),
    };
    let mut closest = None;
    for index in order {
        match decode(index, value) {
            Ok(read) => return Ok(read),
            Err(error) if closest.is_none() => closest = Some((index, error)),
            Err(_) => {}
        }
    }
    Err(match closest {
        Some((index, error)) => serde::de::Error::custom(format_args!(
            "the value is none of the variants; as `{}`: {error}",
            shapes[index].name
        )),
        None => serde::de::Error::custom("a union without variants holds no value"),
    })
}
