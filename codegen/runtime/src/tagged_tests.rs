//! The tagged-union reader every generated union's `Deserialize` calls.

use std::borrow::Cow;

use crate::tagged::{Buffered, Ref};
use serde::Deserialize;

#[derive(Debug, PartialEq, Deserialize)]
struct Point {
    x: i64,
    label: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
}

#[derive(Debug, PartialEq, Deserialize)]
enum Colour {
    Red,
    Custom(String),
}

#[test]
fn buffered_values_read_as_any_type_again() {
    let text = r#"{"x": -3, "label": "a\"b", "tags": ["t"], "colour": "Red", "other": {"Custom": "teal"}}"#;
    let buffered: Buffered<'_> = serde_json::from_str(text).unwrap();
    let point = Point::deserialize(Ref::<serde_json::Error>::new(&buffered)).unwrap();
    assert_eq!(point, Point { x: -3, label: Some("a\"b".into()), tags: vec!["t".into()] });
    let Buffered::Map(entries) = &buffered else { panic!("an object") };
    assert!(matches!(entries[0].0, Cow::Borrowed("x")), "names are borrowed from the input");
    assert_eq!(Colour::deserialize(Ref::<serde_json::Error>::new(&entries[3].1)).unwrap(), Colour::Red);
    let custom = Colour::deserialize(Ref::<serde_json::Error>::new(&entries[4].1)).unwrap();
    assert_eq!(custom, Colour::Custom("teal".into()));
    let again = serde_json::Value::deserialize(Ref::<serde_json::Error>::new(&buffered)).unwrap();
    assert_eq!(again, serde_json::from_str::<serde_json::Value>(text).unwrap());
}
