//! Identifier rules: documented names to Rust identifiers.
//!
//! Names are folded to ASCII (`Libellé` becomes `Libelle`), split into words
//! and recased: types and variants in `UpperCamelCase`, fields and modules in
//! `snake_case`. Keywords become raw identifiers (`r#type`), except the few
//! that cannot be raw (`self`, `super`, `crate`, `Self`), which get a trailing
//! underscore. Two names that end up as the same identifier in one scope are
//! told apart by a number, and the caller reports it (SL024).

use std::collections::BTreeMap;

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Keywords of Rust 2021 (strict and reserved) that can be written as raw
/// identifiers.
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// A documented name folded to ASCII words separated by spaces: accents
/// dropped, anything that is not a letter or a digit treated as a separator.
fn ascii_words(name: &str) -> String {
    let folded = deunicode::deunicode(name);
    folded.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// The `UpperCamelCase` identifier of a type or variant name.
pub fn type_name(name: &str) -> String {
    let mut ident = ascii_words(name).to_upper_camel_case();
    if ident.is_empty() {
        ident = "Unnamed".to_string();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, 'N');
    }
    if ident == "Self" {
        // `Self_` would trip the camel-case lint once numbered (`Self_2`).
        ident.push_str("Type");
    }
    ident
}

/// The `snake_case` identifier of a field or module name, keywords written
/// raw (`r#type`).
pub fn field_name(name: &str) -> String {
    let mut ident = ascii_words(name).to_snake_case();
    if ident.is_empty() {
        ident = "value".to_string();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert_str(0, "n_");
    }
    escape_keyword(ident)
}

/// The `snake_case` name of a module, which is also its file's name: a
/// keyword gets a trailing underscore (`type_`), since `mod r#type;` would
/// look for `type.rs` and `mod r#mod;` for `mod.rs`.
pub fn module_name(name: &str) -> String {
    let ident = field_name(name);
    match ident.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => ident,
    }
}

fn escape_keyword(ident: String) -> String {
    if NON_RAW_KEYWORDS.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if RAW_KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else {
        ident
    }
}

/// The identifier without its `r#` prefix: the name serde sees.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// A token for an identifier produced by this module (`r#type` becomes a raw
/// identifier).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The identifiers taken in one scope (the types of a crate, the fields of a
/// struct, the variants of an enum).
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeMap<String, String>,
}

/// The identifier a name received, and the name that had it first when the
/// identifier had to be changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    pub ident: String,
    pub collided_with: Option<String>,
}

impl Scope {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reserves an identifier nobody documented (such as an enum's `Unknown`
    /// variant), so that a documented name cannot take it.
    pub fn reserve(&mut self, ident: &str, owner: &str) {
        self.taken.insert(ident.to_string(), owner.to_string());
    }

    pub fn is_taken(&self, ident: &str) -> bool {
        self.taken.contains_key(ident)
    }

    /// Takes `wanted` for `name`, or `wanted2`, `wanted3`... when it is taken.
    pub fn claim(&mut self, name: &str, wanted: &str) -> Claimed {
        let Some(first) = self.taken.get(wanted).cloned() else {
            self.taken.insert(wanted.to_string(), name.to_string());
            return Claimed { ident: wanted.to_string(), collided_with: None };
        };
        let base = unraw(wanted);
        let separator = if base.ends_with('_') {
            ""
        } else if base.contains('_') || base.chars().all(|c| !c.is_ascii_uppercase()) {
            "_"
        } else {
            ""
        };
        let ident = (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|candidate| !self.taken.contains_key(candidate))
            .unwrap_or_else(|| format!("{base}{separator}x"));
        self.taken.insert(ident.clone(), name.to_string());
        Claimed { ident, collided_with: Some(first) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_upper_camel_case() {
        assert_eq!(type_name("SafeUUID"), "SafeUuid");
        assert_eq!(type_name("CompanyQueryView"), "CompanyQueryView");
        assert_eq!(type_name("OPENED"), "Opened");
        assert_eq!(type_name("superUser"), "SuperUser");
        assert_eq!(type_name("Code magasin"), "CodeMagasin");
        assert_eq!(type_name("Libellé Code panne"), "LibelleCodePanne");
        assert_eq!(type_name("2nd"), "N2nd");
        assert_eq!(type_name(""), "Unnamed");
        assert_eq!(type_name("self"), "SelfType");
    }

    #[test]
    fn fields_are_snake_case_and_keywords_raw() {
        assert_eq!(field_name("isActive"), "is_active");
        assert_eq!(field_name("_links"), "links");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("ref"), "r#ref");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("Corps de métier"), "corps_de_metier");
        assert_eq!(field_name("1st"), "n_1st");
        assert_eq!(field_name(""), "value");
        assert_eq!(ident("r#type").to_string(), "r#type");
    }

    #[test]
    fn module_names_are_never_keywords() {
        assert_eq!(module_name("Type"), "type_");
        assert_eq!(module_name("Mod"), "mod_");
        assert_eq!(module_name("self"), "self_");
        assert_eq!(module_name("Super"), "super_");
        assert_eq!(module_name("Crate"), "crate_");
        assert_eq!(module_name("Commands"), "commands");
        assert_eq!(module_name("9 lives"), "n_9_lives");
    }

    #[test]
    fn collisions_get_a_number_and_name_the_first_owner() {
        let mut scope = Scope::new();
        assert_eq!(scope.claim("_links", "links").collided_with, None);
        let second = scope.claim("links", "links");
        assert_eq!(second, Claimed { ident: "links_2".to_string(), collided_with: Some("_links".to_string()) });
        let mut types = Scope::new();
        types.claim("CallEmittedTo", "CallEmittedTo");
        assert_eq!(types.claim("callEmittedTo", "CallEmittedTo").ident, "CallEmittedTo2");
        let mut raw = Scope::new();
        raw.claim("type", "r#type");
        assert_eq!(raw.claim("Type", "r#type").ident, "type_2");
    }
}
