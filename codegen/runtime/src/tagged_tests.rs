//! The tagged-union reader every generated union's `Deserialize` calls, and
//! the JSON paths of its errors once the value sits inside an answer.

use std::borrow::Cow;

use serde::Deserialize;

use crate::json_path::{self, Mark, Placed};
use crate::tagged;

#[derive(Debug, PartialEq, Deserialize)]
struct Circle {
    radius: u32,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Polygon {
    points: Vec<Point>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Point {
    x: i64,
    label: Option<String>,
}

/// What the generator writes for a union told apart by `kind`.
#[derive(Debug, PartialEq)]
enum Shape {
    Circle(Circle),
    Polygon(Polygon),
    Unknown(serde_json::Value),
}

impl<'de> Deserialize<'de> for Shape {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let read = |wire: &str, reader: tagged::Reader<'_>| match wire {
            "circle" => Some(reader.read(Self::Circle)),
            "polygon" => Some(reader.read(Self::Polygon)),
            _ => None,
        };
        tagged::decode(deserializer, "kind", read, Self::Unknown)
    }
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Drawing {
    title: String,
    shapes: Vec<Shape>,
}

/// The path and message of a drawing that does not read, as the client
/// reports them.
fn failure(text: &str) -> (String, String) {
    let error = serde_json::from_str::<Drawing>(text).unwrap_err();
    let located = json_path::locate(text.as_bytes(), &error, tagged::placed_by);
    (located.path, located.message)
}

#[test]
fn variants_are_read_by_their_discriminator_wherever_it_stands() {
    let text = r#"{"title": "t", "shapes": [{"radius": 2, "kind": "circle"},
        {"kind": "polygon", "points": [{"x": -1, "label": "a\"b"}]}, {"kind": "star", "tips": 5}]}"#;
    let drawing: Drawing = serde_json::from_str(text).unwrap();
    assert_eq!(drawing.shapes[0], Shape::Circle(Circle { radius: 2 }));
    assert_eq!(
        drawing.shapes[1],
        Shape::Polygon(Polygon { points: vec![Point { x: -1, label: Some("a\"b".into()) }] })
    );
    assert_eq!(drawing.shapes[2], Shape::Unknown(serde_json::json!({"kind": "star", "tips": 5})));
    // serde_json's `Value` is a reader too.
    let value = serde_json::json!({"kind": "circle", "radius": 7});
    assert_eq!(Shape::deserialize(&value).unwrap(), Shape::Circle(Circle { radius: 7 }));
    assert_eq!(serde_json::from_value::<Shape>(value).unwrap(), Shape::Circle(Circle { radius: 7 }));
}

#[test]
fn serde_json_hands_the_text_as_it_lies_and_other_readers_write_it_back() {
    let mut reader = serde_json::Deserializer::from_str(r#" {"kind": "circle", "radius": [1, 2]} "#);
    let text = tagged::json_text(&mut reader).unwrap();
    assert!(matches!(text, Cow::Borrowed(r#"{"kind": "circle", "radius": [1, 2]}"#)), "{text:?}");
    let mut reader = serde_json::Deserializer::from_reader(&br#"{"a":"\u00e9"}"#[..]);
    assert_eq!(tagged::json_text(&mut reader).unwrap(), r#"{"a":"\u00e9"}"#);
    // serde's own buffer, inside an untagged enum, is read and written back.
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(untagged)]
    enum ShapeOrNumber {
        Number(u32),
        Shape(Shape),
    }
    let read: Vec<ShapeOrNumber> = serde_json::from_str(r#"[3, {"kind": "circle", "radius": 4}]"#).unwrap();
    assert_eq!(read, vec![ShapeOrNumber::Number(3), ShapeOrNumber::Shape(Shape::Circle(Circle { radius: 4 }))]);
}

#[test]
fn a_variant_that_does_not_read_is_named_with_the_path_inside_it() {
    let (path, message) = failure(
        r#"{"title": "t", "shapes": [{"kind": "circle", "radius": 1}, {"kind": "circle", "radius": "big"}, {"kind": "circle", "radius": 3}]}"#,
    );
    assert_eq!(path, "shapes[1]");
    assert_eq!(message, r#"`kind` `circle`: at `radius`: invalid type: string "big", expected u32"#);
    // The last item of the array, pretty-printed: the array was closed when
    // the error was placed.
    let text = "{\"shapes\": [\n  {\"kind\": \"circle\", \"radius\": 1},\n  {\"kind\": \"polygon\", \"points\": [{\"x\": 1}, {\"x\": true}]}\n],\n\"title\": \"t\"}";
    let (path, message) = failure(text);
    assert_eq!(path, "shapes[1]");
    assert!(message.starts_with("`kind` `polygon`: at `points[1].x`: invalid type: boolean"), "{message}");
}

#[test]
fn a_broken_discriminator_is_an_error_not_an_unknown_kind() {
    let (path, message) = failure(r#"{"title": "t", "shapes": [{"kind": "circle", "radius": 1}, {"radius": 2}]}"#);
    assert_eq!((path.as_str(), message.as_str()), ("shapes[1]", "missing discriminator `kind`"));
    // Not the last item: placed at the comma after it.
    let (path, _) = failure(r#"{"title": "t", "shapes": [{"radius": 2}, {"kind": "circle", "radius": 1}]}"#);
    assert_eq!(path, "shapes[0]");
    let (_, message) = failure(r#"{"title": "t", "shapes": [{"kind": 4}]}"#);
    assert_eq!(message, "discriminator `kind` must be a string, not a number");
    let (path, message) = failure(r#"{"title": "t", "shapes": [[], {"kind": "circle", "radius": 1}]}"#);
    assert_eq!(
        (path.as_str(), message.as_str()),
        ("shapes[0]", "expected an object with a discriminator `kind`, found an array")
    );
}

#[test]
fn errors_outside_unions_are_placed_at_the_value() {
    assert_eq!(tagged::placed_by("invalid type: string \"x\", expected u32"), Placed::AtTheValue);
    assert_eq!(tagged::placed_by("missing field `kind`"), Placed::AtTheValue);
    assert_eq!(
        tagged::placed_by("`kind` `circle`: at `radius`: invalid type"),
        Placed::AfterTheValue { marked: Some(Mark::Holds("kind", "circle")) }
    );
    let (path, _) = failure(r#"{"title": 5, "shapes": []}"#);
    assert_eq!(path, "title");
}

#[test]
fn a_union_inside_a_variant_names_the_whole_path() {
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Group {
        members: Vec<Shape>,
    }
    #[derive(Debug)]
    #[allow(dead_code)]
    enum Item {
        Group(Group),
        Shape(Shape),
    }
    impl<'de> Deserialize<'de> for Item {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let read = |wire: &str, reader: tagged::Reader<'_>| match wire {
                "group" => Some(reader.read(Self::Group)),
                _ => None,
            };
            tagged::decode(deserializer, "type", read, |_| unreachable!("every item here is a group"))
        }
    }
    let text = r#"[{"type": "group", "members": [{"kind": "circle", "radius": 1}, {"kind": "circle", "radius": -1}]}]"#;
    let error = serde_json::from_str::<Vec<Item>>(text).unwrap_err();
    let located = json_path::locate(text.as_bytes(), &error, tagged::placed_by);
    assert_eq!(located.path, "[0]");
    assert_eq!(
        located.message,
        "`type` `group`: at `members[1]`: `kind` `circle`: at `radius`: invalid value: integer `-1`, expected u32"
    );
}
