//! `codegen.toml` beside the index: what no reading of the documentation can
//! know. Column words of the documentation's own dialect, the API's base
//! URL, sections to leave out, and names of types the documentation uses
//! without defining them. Unknown keys are errors, so a misspelt key is
//! never silently ignored.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::reader::{DocumentTree, Section};

use super::vocabulary::{fold, Role};

/// The file's name, in the documentation's folder.
pub const FILE_NAME: &str = "codegen.toml";

#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Overrides {
    /// The API's server (`https://api.example.com`), when no endpoint line
    /// names it.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Headings whose sections (and the sections under them) are not read.
    #[serde(default)]
    pub skip_sections: Vec<String>,
    /// More header words per column role.
    #[serde(default)]
    pub columns: ColumnWords,
    /// Type names the documentation uses, to the type they stand for
    /// (`Money = "number"`, `Identifier = "string"`).
    #[serde(default)]
    pub type_aliases: BTreeMap<String, String>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ColumnWords {
    #[serde(default)]
    pub name: Vec<String>,
    #[serde(default, rename = "type")]
    pub ty: Vec<String>,
    #[serde(default)]
    pub location: Vec<String>,
    #[serde(default)]
    pub required: Vec<String>,
    #[serde(default)]
    pub optional: Vec<String>,
    #[serde(default)]
    pub default: Vec<String>,
    #[serde(default)]
    pub description: Vec<String>,
    #[serde(default)]
    pub example: Vec<String>,
    #[serde(default)]
    pub value: Vec<String>,
}

impl ColumnWords {
    /// Each word with its role and the header word the vocabulary already
    /// knows for that role.
    fn by_role(&self) -> Vec<(&str, &'static str)> {
        let lists: [(&Vec<String>, Role); 9] = [
            (&self.name, Role::Name),
            (&self.ty, Role::Type),
            (&self.location, Role::Location),
            (&self.required, Role::Required),
            (&self.optional, Role::Optional),
            (&self.default, Role::Default),
            (&self.description, Role::Description),
            (&self.example, Role::Example),
            (&self.value, Role::Value),
        ];
        lists
            .iter()
            .flat_map(|(words, role)| words.iter().map(move |w| (w.as_str(), canonical_header(*role))))
            .collect()
    }
}

/// A header the vocabulary reads as the role.
fn canonical_header(role: Role) -> &'static str {
    match role {
        Role::Name => "Name",
        Role::Type => "Type",
        Role::Location => "In",
        Role::Required => "Required",
        Role::Optional => "Optional",
        Role::Default => "Default",
        Role::Description => "Description",
        Role::Example => "Example",
        Role::Value => "Value",
        Role::Status => "Http code",
        Role::ErrorCode => "Error Code",
    }
}

/// Reads `codegen.toml` from the documentation's folder; no file, no
/// overrides. A file that cannot be read is an error that names the key or
/// the line, and the documentation is read without it.
pub(crate) fn load(root: &Path, diagnostics: &mut Diagnostics) -> Overrides {
    let path = root.join(FILE_NAME);
    let Ok(text) = std::fs::read_to_string(&path) else { return Overrides::default() };
    match parse(&text) {
        Ok(overrides) => overrides,
        Err(message) => {
            diagnostics.push(Diagnostic::error(Code::SL041, format!("{}: {message}", path.display())).help(
                "the keys are `base_url`, `skip_sections`, `[columns]` (name, type, location, required, \
                     optional, default, description, example, value) and `[type_aliases]`; see the README",
            ));
            Overrides::default()
        }
    }
}

pub(crate) fn parse(text: &str) -> Result<Overrides, String> {
    let overrides: Overrides = toml::from_str(text).map_err(|error| {
        let place = error.span().map(|span| line_column(text, span.start)).unwrap_or_default();
        format!("{place}{}", error.message())
    })?;
    if let Some(url) = &overrides.base_url {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(format!("`base_url` must start with `https://` or `http://`, found `{url}`"));
        }
    }
    Ok(overrides)
}

fn line_column(text: &str, offset: usize) -> String {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.chars().rev().take_while(|c| *c != '\n').count() + 1;
    format!("line {line}, column {column}: ")
}

impl Overrides {
    pub fn is_empty(&self) -> bool {
        *self == Overrides::default()
    }

    /// The tree as the overrides make it read: skipped sections left out,
    /// table headers in the documentation's own words renamed to words of
    /// the vocabulary.
    pub fn apply(&self, tree: &DocumentTree) -> DocumentTree {
        let skipped: Vec<String> = self.skip_sections.iter().map(|s| fold(s)).collect();
        let words: Vec<(String, &str)> = self.columns.by_role().into_iter().map(|(w, h)| (fold(w), h)).collect();
        let mut tree = tree.clone();
        strip_sections(&mut tree.sections, &skipped);
        for section in &mut tree.sections {
            rename_headers(section, &words);
        }
        tree
    }
}

fn strip_sections(sections: &mut Vec<Section>, skipped: &[String]) {
    sections.retain(|s| !skipped.contains(&fold(&s.title)));
    for section in sections {
        strip_sections(&mut section.children, skipped);
    }
}

fn rename_headers(section: &mut Section, words: &[(String, &str)]) {
    for block in &mut section.blocks {
        if let crate::reader::Block::Table(table) = block {
            for header in &mut table.header {
                if let Some((_, canonical)) = words.iter().find(|(word, _)| *word == fold(&header.plain)) {
                    header.plain = (*canonical).to_string();
                }
            }
        }
    }
    for child in &mut section.children {
        rename_headers(child, words);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key() {
        let overrides = parse(
            "base_url = \"https://api.example.com/v2\"\nskip_sections = [\"Changelog\"]\n\n[columns]\nname = [\"Nom du champ\"]\n\
             type = [\"Genre\"]\nrequired = [\"Needed\"]\n\n[type_aliases]\nMoney = \"number\"\n",
        )
        .expect("valid");
        assert_eq!(overrides.base_url.as_deref(), Some("https://api.example.com/v2"));
        assert_eq!(overrides.skip_sections, ["Changelog"]);
        assert_eq!(overrides.columns.ty, ["Genre"]);
        assert_eq!(overrides.type_aliases.get("Money").map(String::as_str), Some("number"));
    }

    #[test]
    fn unknown_keys_are_errors_with_their_place() {
        let error = parse("base_url = \"https://x\"\nskip_section = [\"A\"]\n").expect_err("unknown key");
        assert!(error.starts_with("line 2, column 1: "), "{error}");
        assert!(error.contains("skip_section"), "{error}");
        let error = parse("[columns]\nnames = [\"X\"]\n").expect_err("unknown column role");
        assert!(error.contains("names"), "{error}");
        assert!(parse("base_url = \"ftp://x\"").is_err());
        assert!(parse("").expect("empty is fine").is_empty());
    }
}
