//! Type notations of other documentation than the project's own: `string`,
//! `integer(int64)`, `string (date-time)`, `array[string]`, `[string]`,
//! `string[]`, `array of strings`, `string¦null`, `uuid`, `enum`... They are
//! read from the cell's plain text into a [`Notation`] that `types.rs` maps
//! onto the IR's canonical types. The project's own notation
//! (`[Option](#option)[T]`, `Map[K,V]`) is parsed by `typeexpr.rs` first;
//! this reading is the fallback for cells that notation cannot read.

use crate::ir::TypeRef;

/// A type as another documentation writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Notation {
    Scalar(TypeRef),
    /// A name that is not a scalar: a model of the documentation, maybe.
    Named(String),
    Array(Box<Notation>),
    /// `string¦null`, `nullable integer`, `string?`.
    Nullable(Box<Notation>),
    /// `enum`: values come from the description.
    Enum,
}

/// Reads a notation; `None` when the text is not one (a sentence, a value).
pub(crate) fn parse(text: &str) -> Option<Notation> {
    parse_at(text, 0)
}

const MAX_DEPTH: usize = 8;

fn parse_at(text: &str, depth: usize) -> Option<Notation> {
    if depth > MAX_DEPTH {
        return None;
    }
    let text = text.trim().trim_matches('`').trim();
    if text.is_empty() || text.len() > 60 {
        return None;
    }
    if let Some(inner) = nullable(text) {
        return Some(Notation::Nullable(Box::new(parse_at(inner, depth + 1)?)));
    }
    if let Some(inner) = array_item(text) {
        return Some(Notation::Array(Box::new(match inner {
            Some(inner) => parse_at(inner, depth + 1)?,
            None => Notation::Scalar(TypeRef::Any),
        })));
    }
    // `integer(int64)`, `string (date-time)`, `string (UTC ISO format)`: the
    // format refines the wire type only in ways the IR does not keep.
    if let Some(open) = text.find('(') {
        if text.ends_with(')') && open > 0 {
            return parse_at(&text[..open], depth + 1);
        }
    }
    // `tabImage{}`: an object written with braces.
    if let Some(name) = text.strip_suffix("{}") {
        return identifier(name).then(|| Notation::Named(name.to_string()));
    }
    let lower = text.to_lowercase();
    if lower == "enum" || lower == "enumeration" {
        return Some(Notation::Enum);
    }
    if let Some(scalar) = scalar(&lower) {
        return Some(Notation::Scalar(scalar));
    }
    identifier(text).then(|| Notation::Named(text.to_string()))
}

/// The non-null part of `T¦null`, `T|null`, `T or null`, `null¦T`,
/// `nullable T`, `T, nullable`, `T?`.
fn nullable(text: &str) -> Option<&str> {
    let lower = text.to_lowercase();
    for separator in ["¦", "|", " or ", ","] {
        if let Some((left, right)) = text.split_once(separator) {
            let (l, r) = (left.trim().to_lowercase(), right.trim().to_lowercase());
            if ["null", "nil", "none", "nullable"].contains(&r.as_str()) {
                return Some(left);
            }
            if l == "null" {
                return Some(right);
            }
        }
    }
    if lower.starts_with("nullable ") {
        return Some(&text["nullable ".len()..]);
    }
    text.strip_suffix('?').filter(|inner| identifier(inner))
}

/// The item of an array notation: `Some(Some(item))`, or `Some(None)` for a
/// bare `array` that says nothing of its items.
fn array_item(text: &str) -> Option<Option<&str>> {
    let lower = text.to_lowercase();
    if ["array", "list", "arrays", "collection"].contains(&lower.as_str()) {
        return Some(None);
    }
    if let Some(item) = text.strip_suffix("[]") {
        return Some(Some(item));
    }
    if let Some(item) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        return Some(Some(item));
    }
    for prefix in ["array", "list", "set", "vec"] {
        if lower.starts_with(prefix) {
            let rest = &text[prefix.len()..];
            if let Some(item) = rest.strip_prefix(['[', '<']).and_then(|t| t.strip_suffix([']', '>'])) {
                return Some(Some(item));
            }
        }
    }
    for prefix in ["array of ", "arrays of ", "list of ", "an array of ", "a list of "] {
        if lower.starts_with(prefix) {
            return Some(Some(singular(&text[prefix.len()..])));
        }
    }
    None
}

/// `strings` → `string`, for `array of strings`.
fn singular(text: &str) -> &str {
    let text = text.trim();
    match text.strip_suffix('s') {
        Some(stem) if scalar(&stem.to_lowercase()).is_some() => stem,
        _ => text,
    }
}

/// Scalar words of common notations (OpenAPI, JSON Schema, languages).
fn scalar(lower: &str) -> Option<TypeRef> {
    Some(match lower {
        "string" | "str" | "text" | "char" | "email" | "url" | "uri" | "password" | "byte" | "binary" | "date"
        | "datetime" | "date-time" | "date_time" | "time" | "uuid" | "guid" | "timezone" | "iso8601" | "cadena"
        | "texto" | "fecha" | "chaine" | "texte" | "zeichenkette" | "строка" | "字符串" | "文字列" | "문자열" => {
            TypeRef::String
        }
        "int" | "integer" | "int32" | "int64" | "long" | "short" | "uint" | "bigint" | "entero" | "inteiro"
        | "entier" | "ganzzahl" | "intero" | "tamsayi" | "целое" | "整数" | "整型" | "정수" => TypeRef::Long,
        "number" | "numeric" | "decimal" | "numero" | "número" | "zahl" | "sayi" | "число" | "数字" | "数值"
        | "数値" | "숫자" => TypeRef::Number,
        "float" | "double" | "real" | "float32" | "float64" => TypeRef::Float,
        "bool"
        | "boolean"
        | "booleano"
        | "booleen"
        | "booléen"
        | "логический"
        | "布尔"
        | "布尔值"
        | "真偽値"
        | "불리언" => TypeRef::Boolean,
        "object" | "json" | "hash" | "dict" | "dictionary" | "map" | "any" | "mixed" | "objeto" | "objet"
        | "objekt" | "oggetto" | "nesne" | "объект" | "对象" | "オブジェクト" | "객체" => TypeRef::Any,
        // A timestamp is seconds since the epoch as often as an ISO text.
        "timestamp" | "unix timestamp" | "epoch" => TypeRef::Any,
        _ => return None,
    })
}

fn identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_alphabetic())
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Whether a notation is built from scalars only: what makes a column of
/// cells a type column when its header does not say so.
pub(crate) fn is_scalar_notation(notation: &Notation) -> bool {
    match notation {
        Notation::Scalar(_) | Notation::Enum => true,
        Notation::Array(inner) | Notation::Nullable(inner) => is_scalar_notation(inner),
        Notation::Named(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar_of(text: &str) -> Option<TypeRef> {
        match parse(text)? {
            Notation::Scalar(ty) => Some(ty),
            _ => None,
        }
    }

    #[test]
    fn scalars() {
        let cases = [
            ("string", TypeRef::String),
            ("String", TypeRef::String),
            ("int", TypeRef::Long),
            ("integer(int64)", TypeRef::Long),
            ("integer (int32)", TypeRef::Long),
            ("float", TypeRef::Float),
            ("number(double)", TypeRef::Number),
            ("bool", TypeRef::Boolean),
            ("object", TypeRef::Any),
            ("date", TypeRef::String),
            ("datetime", TypeRef::String),
            ("string (date-time)", TypeRef::String),
            ("string (UTC ISO format)", TypeRef::String),
            ("uuid", TypeRef::String),
            ("timestamp", TypeRef::Any),
            ("`integer`", TypeRef::Long),
            ("Entero", TypeRef::Long),
        ];
        for (text, ty) in cases {
            assert_eq!(scalar_of(text), Some(ty), "{text}");
        }
    }

    #[test]
    fn arrays() {
        let string = || Box::new(Notation::Scalar(TypeRef::String));
        for text in ["array[string]", "[string]", "string[]", "Array of Strings", "array of strings", "list<string>"] {
            assert_eq!(parse(text), Some(Notation::Array(string())), "{text}");
        }
        assert_eq!(parse("array"), Some(Notation::Array(Box::new(Notation::Scalar(TypeRef::Any)))));
        assert_eq!(
            parse("emoticonPack[]"),
            Some(Notation::Array(Box::new(Notation::Named("emoticonPack".to_string()))))
        );
        assert_eq!(
            parse("array[Campaign-Installation]"),
            Some(Notation::Array(Box::new(Notation::Named("Campaign-Installation".to_string()))))
        );
    }

    #[test]
    fn nullables_and_enums() {
        let string = || Box::new(Notation::Scalar(TypeRef::String));
        for text in ["string¦null", "string|null", "null¦string", "string or null", "nullable string", "string?"] {
            assert_eq!(parse(text), Some(Notation::Nullable(string())), "{text}");
        }
        assert_eq!(parse("enum"), Some(Notation::Enum));
        assert_eq!(parse("tabImage{}"), Some(Notation::Named("tabImage".to_string())));
    }

    #[test]
    fn sentences_and_values_are_not_notations() {
        for text in ["The id of the user", "`\"abcdef\"`", "123456", "", "YYYY-MM-DD HH:MM"] {
            assert_eq!(parse(text), None, "{text}");
        }
        assert!(!is_scalar_notation(&parse("Campaign").expect("a name")));
        assert!(is_scalar_notation(&parse("string[]").expect("an array")));
    }
}
