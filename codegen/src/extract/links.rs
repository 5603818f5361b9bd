//! Links of the documentation that lead to a type: `[Company](#company)`
//! in a description is a reference to the model `Company`. Which anchor
//! leads where is Slate's business (a heading's id, an `<a id>` element,
//! the anchor Slate derives from a heading's text), so it is settled here,
//! once, and the IR says it plainly (`Api::type_links`): backends turn a
//! link into their own kind of reference without knowing how Slate makes
//! anchors.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::Model;
use crate::reader::{slate_anchor, Block, DocumentTree, Section, Text};

/// Every anchor a link of the document points at that leads to a model or a
/// variant, with the type's name. Anchors no link uses are left out: the
/// IR carries what the documentation says, not every anchor it could have.
pub(crate) fn type_links(tree: &DocumentTree, models: &[Model]) -> BTreeMap<String, String> {
    let linked = linked_anchors(tree);
    if linked.is_empty() {
        return BTreeMap::new();
    }
    let mut targets = BTreeMap::new();
    let names = type_names(models);
    // The anchors of the sections that document a type, an explicit
    // heading id or `<a id>` included, come first...
    for section in tree.all_sections() {
        let Some(name) = names.get(section_type_name(section)) else { continue };
        for anchor in std::iter::once(section.anchor.clone()).chain(section.html_anchor_ids()) {
            targets.entry(anchor).or_insert_with(|| name.to_string());
        }
    }
    // ...then the anchor Slate would give a heading of the type's name, for
    // types documented under another heading or in a table.
    for name in names.values() {
        targets.entry(slate_anchor(name)).or_insert_with(|| name.to_string());
    }
    targets.retain(|anchor, _| linked.contains(anchor));
    targets
}

/// The names of the models and of their variants; a model's name wins over
/// a variant's of the same spelling.
fn type_names(models: &[Model]) -> BTreeMap<&str, &str> {
    let mut names = BTreeMap::new();
    for model in models {
        names.insert(model.name.as_str(), model.name.as_str());
    }
    for variant in models.iter().flat_map(|model| model.variants()) {
        names.entry(variant.name.as_str()).or_insert(variant.name.as_str());
    }
    names
}

/// A heading that names a type, with or without code marks around it.
fn section_type_name(section: &Section) -> &str {
    section.title.trim().trim_matches('`').trim()
}

/// The anchors the document's links point at (`#anchor` destinations).
fn linked_anchors(tree: &DocumentTree) -> BTreeSet<String> {
    let mut anchors = BTreeSet::new();
    let mut add = |text: &Text| {
        for link in &text.links {
            if let Some(anchor) = link.dest.strip_prefix('#').filter(|anchor| !anchor.is_empty()) {
                anchors.insert(anchor.to_string());
            }
        }
    };
    for section in tree.all_sections() {
        for block in &section.blocks {
            match block {
                Block::Paragraph(text) | Block::Quote(text) | Block::List(text) | Block::Html(text) => add(text),
                Block::Table(table) => {
                    table.header.iter().for_each(&mut add);
                    table.rows.iter().flat_map(|row| &row.cells).for_each(&mut add);
                }
                Block::Code(_) | Block::Aside(_) => {}
            }
        }
    }
    anchors
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::extract_files;

    fn links_of(body: &str) -> Vec<(String, String)> {
        let index = "---\ntitle: Links\nincludes:\n  - main\n---\n# Intro\n\nAn API.\n";
        let (api, _) = extract_files(&[("index.html.md", index), ("includes/_main.md", body)]);
        api.type_links.into_iter().collect()
    }

    fn pair(anchor: &str, name: &str) -> (String, String) {
        (anchor.to_string(), name.to_string())
    }

    const MODELS: &str = "# Models\n\n## Company\n\nA firm, run by an [owner](#the-owner).\n\n\
        Field | Type | Description\n--- | --- | ---\nname | String | its name\n\n\
        ## Owner\n\n<a id=\"the-owner\"></a>\n\nWho runs a [company](#company); see [elsewhere](#nowhere).\n\n\
        Field | Type | Description\n--- | --- | ---\nlogin | String | a login\n";

    #[test]
    fn links_to_the_sections_of_types_lead_to_the_types() {
        assert_eq!(links_of(MODELS), [pair("company", "Company"), pair("the-owner", "Owner")]);
    }

    #[test]
    fn anchors_no_link_uses_are_left_out() {
        let unlinked = MODELS.replace("(#the-owner)", "").replace("(#company)", "");
        assert_eq!(links_of(&unlinked), []);
    }
}
