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
    let point = Point::deserialize(Ref::new(&buffered)).unwrap();
    assert_eq!(point, Point { x: -3, label: Some("a\"b".into()), tags: vec!["t".into()] });
    let Buffered::Map(entries) = &buffered else { panic!("an object") };
    assert!(matches!(entries[0].0, Cow::Borrowed("x")), "names are borrowed from the input");
    assert_eq!(Colour::deserialize(Ref::new(&entries[3].1)).unwrap(), Colour::Red);
    let custom = Colour::deserialize(Ref::new(&entries[4].1)).unwrap();
    assert_eq!(custom, Colour::Custom("teal".into()));
    let again = serde_json::Value::deserialize(Ref::new(&buffered)).unwrap();
    assert_eq!(again, serde_json::from_str::<serde_json::Value>(text).unwrap());
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
enum Shape {
    Circle { radius: u32 },
    Points(Vec<Point>),
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Drawing {
    shapes: Vec<Shape>,
}

#[test]
fn errors_name_the_json_path_gathered_on_the_way_out() {
    let read = |text: &str| {
        let buffered = Buffered::from_slice(text.as_bytes()).unwrap();
        let error = Drawing::deserialize(Ref::new(&buffered)).unwrap_err();
        (error.path(), error.message().to_string())
    };
    let (path, message) = read(r#"{"shapes": [{"Circle": {"radius": 1}}, {"Circle": {"radius": "big"}}]}"#);
    assert_eq!(path, "shapes[1].Circle.radius");
    assert!(message.starts_with("invalid type: string \"big\""), "{message}");
    let (path, _) = read(r#"{"shapes": [{"Points": [{"x": 1}, {"x": true}]}]}"#);
    assert_eq!(path, "shapes[0].Points[1].x");
    let (path, message) = read(r#"{"shapes": 3}"#);
    assert_eq!((path.as_str(), message.contains("invalid type")), ("shapes", true));
    let (path, message) = read(r#"[]"#);
    assert_eq!(path, ".", "{message}");
}
