//! Types the documentation uses without defining them as models.

use std::ops::Deref;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An array that is never empty: reading `[]` fails.
///
/// It reads like a slice (through `Deref`) and is built from a first item
/// and the rest, or from a `Vec` that is checked.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NonEmptyList<T>(Vec<T>);

/// The error of building a [`NonEmptyList`] from an empty `Vec`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmptyList;

impl std::fmt::Display for EmptyList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a non-empty list cannot be empty")
    }
}

impl std::error::Error for EmptyList {}

impl<T> NonEmptyList<T> {
    /// A list of `first` followed by `rest`.
    pub fn new(first: T, rest: impl IntoIterator<Item = T>) -> Self {
        let mut items = vec![first];
        items.extend(rest);
        NonEmptyList(items)
    }

    /// The first item, which is always there.
    pub fn first(&self) -> &T {
        &self.0[0]
    }

    /// The items as a `Vec`.
    pub fn into_vec(self) -> Vec<T> {
        self.0
    }

    /// Adds an item at the end.
    pub fn push(&mut self, item: T) {
        self.0.push(item);
    }
}

impl<T> TryFrom<Vec<T>> for NonEmptyList<T> {
    type Error = EmptyList;

    fn try_from(items: Vec<T>) -> Result<Self, Self::Error> {
        if items.is_empty() {
            Err(EmptyList)
        } else {
            Ok(NonEmptyList(items))
        }
    }
}

impl<T> From<NonEmptyList<T>> for Vec<T> {
    fn from(list: NonEmptyList<T>) -> Self {
        list.0
    }
}

impl<T> Deref for NonEmptyList<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<T> IntoIterator for NonEmptyList<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a NonEmptyList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T: Serialize> Serialize for NonEmptyList<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for NonEmptyList<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let items = Vec::<T>::deserialize(deserializer)?;
        NonEmptyList::try_from(items).map_err(|_| D::Error::invalid_length(0, &"at least one item"))
    }
}
