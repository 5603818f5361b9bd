//! The dialect widdershins writes when it turns an OpenAPI document into
//! Slate: tag groups and schemas under HTML headings (`<h1 id=…>`,
//! `<h2 id="tocS_Pet">`), operations as `## operationId` with a
//! `` `GET /path` `` line, `|Name|In|Type|Required|Description|` parameter
//! tables, `|Status|Meaning|Description|Schema|` responses with their
//! `Response Schema` property tables (`»` marks nesting), `Enumerated Values`
//! tables, response header tables, an `Authentication` section and
//! `Base URLs:`.
//!
//! Such a document is read here whole, by the shape of its tables and
//! blocks, not by the conventions of hand-written Slate: its structure is
//! regular enough to be read back exactly. [`is_widdershins`] tells the
//! dialect by its signature (the response table, the schema anchors or the
//! generator comment), so a hand-written document never takes this path.

mod operations;
mod rows;
mod schemas;
mod security;
mod servers;

use std::collections::BTreeMap;

use crate::ir::{self, Api};
use crate::reader::{Block, DocumentTree, Section, Table};

use super::Context;

/// A document widdershins wrote: its responses table, its schema headings or
/// its generator comment.
pub(crate) fn is_widdershins(tree: &DocumentTree) -> bool {
    tree.all_sections().into_iter().any(|section| {
        section.anchor.starts_with("tocS_")
            || section.tables().any(|table| table.columns() == ["status", "meaning", "description", "schema"])
            || section.blocks.iter().any(|block| {
                matches!(block, Block::Html(html) if html.markdown.to_ascii_lowercase().contains("generator: widdershins"))
            })
    })
}

/// The API model of a widdershins document.
pub(crate) fn extract(context: &mut Context<'_>, tree: &DocumentTree) -> Api {
    let anchors = schema_anchors(tree);
    let mut reader = Reader { anchors, models: Vec::new(), pending: BTreeMap::new() };

    let mut servers = Vec::new();
    let mut security_schemes = Vec::new();
    let mut description = String::new();
    let mut schema_sections = Vec::new();
    let mut operation_sections = Vec::new();
    for top in &tree.sections {
        if top.level == 0 {
            continue;
        }
        if servers.is_empty() {
            servers = servers::read(top);
        }
        if security::is_authentication(top) {
            security_schemes = security::schemes(top);
            continue;
        }
        if description.is_empty() && top.level == 1 && !is_schemas(top) {
            description = intro(context, top);
        }
        for child in &top.children {
            if is_schema_section(child) {
                schema_sections.push(child);
            } else if operations::endpoint_line(child).is_some() {
                operation_sections.push((top.title.as_str(), child, Vec::new()));
            } else if let Some((_, _, continued)) = operation_sections.last_mut() {
                // A heading inside an operation's description (`## Test
                // data`) cuts the operation in two: its tables follow.
                continued.push(child);
            }
        }
        // Servers and authentication may sit under the title heading.
        for child in &top.children {
            if security::is_authentication(child) && security_schemes.is_empty() {
                security_schemes = security::schemes(child);
            }
        }
    }

    for section in &schema_sections {
        schemas::read_schema(context, &mut reader, section);
    }
    let mut endpoints = Vec::new();
    for (group, section, continued) in operation_sections {
        if let Some(endpoint) = operations::read_operation(context, &mut reader, group, section, &continued) {
            endpoints.push(endpoint);
        }
    }
    super::operation_names::assign_names(context, &mut endpoints);
    let mut models = reader.finish();
    security::name_schemes(&mut security_schemes, &endpoints);
    models.sort_by_key(|model| model.inline);
    Api {
        title: context
            .spec
            .front_matter
            .title
            .clone()
            .or_else(|| tree.sections.iter().find(|s| s.level == 1).map(|s| s.title.clone())),
        description,
        auth: None,
        endpoints,
        models,
        errors: Vec::new(),
        servers,
        security_schemes,
        security: Vec::new(),
        // Resolved by the caller, as for hand-written Slate.
        type_links: Default::default(),
    }
}

/// What the sections of one document share while they are read.
pub(crate) struct Reader {
    /// Every anchor of a schema heading (`schemapet`, `tocS_Pet`...) to the
    /// schema's name.
    anchors: BTreeMap<String, String>,
    models: Vec<ir::Model>,
    /// Models whose fields include those of other models (`allOf` members
    /// linked by name), filled in once every schema has been read.
    pending: BTreeMap<String, Vec<String>>,
}

impl Reader {
    /// The schema a link's anchor points at, else the link's text.
    fn resolve(&self, text: &str, anchor: &str) -> String {
        self.anchors.get(anchor).cloned().unwrap_or_else(|| text.trim().to_string())
    }

    fn name_taken(&self, name: &str) -> bool {
        self.models.iter().any(|model| model.name == name) || self.anchors.values().any(|known| known == name)
    }

    /// `base`, or `base2`, `base3`... for a model made from a nested object.
    fn fresh_name(&self, base: &str) -> String {
        let base = if base.is_empty() { "Inline".to_string() } else { base.to_string() };
        let mut name = base.clone();
        let mut counter = 2;
        while self.name_taken(&name) {
            name = format!("{base}{counter}");
            counter += 1;
        }
        name
    }

    fn add_model(&mut self, model: ir::Model) {
        self.models.push(model);
    }

    /// The models, with the fields of `allOf` members and of variants that
    /// are models of their own copied in.
    fn finish(mut self) -> Vec<ir::Model> {
        let fields_of: BTreeMap<String, Vec<ir::Field>> =
            self.models.iter().map(|model| (model.name.clone(), model.fields().to_vec())).collect();
        let pending = std::mem::take(&mut self.pending);
        let resolve_all = |name: &str| -> Vec<ir::Field> {
            let mut seen = vec![name.to_string()];
            let mut out = Vec::new();
            collect_fields(name, &fields_of, &pending, &mut seen, &mut out);
            out
        };
        let resolved: BTreeMap<String, Vec<ir::Field>> =
            pending.keys().map(|name| (name.clone(), resolve_all(name))).collect();
        for model in &mut self.models {
            if let (Some(resolved), ir::ModelShape::Struct { fields }) = (resolved.get(&model.name), &mut model.shape) {
                *fields = resolved.clone();
            }
        }
        let fields_now: BTreeMap<String, Vec<ir::Field>> =
            self.models.iter().map(|model| (model.name.clone(), model.fields().to_vec())).collect();
        for union in self.models.iter_mut().filter_map(ir::Model::as_union_mut) {
            for variant in &mut union.variants {
                if let Some(fields) = variant.model.as_ref().and_then(|name| fields_now.get(name)) {
                    variant.fields = fields.clone();
                }
            }
        }
        self.models
    }
}

/// The fields of `name`: those of its linked `allOf` members first, then its
/// own, each name once.
fn collect_fields(
    name: &str,
    fields_of: &BTreeMap<String, Vec<ir::Field>>,
    pending: &BTreeMap<String, Vec<String>>,
    seen: &mut Vec<String>,
    out: &mut Vec<ir::Field>,
) {
    for member in pending.get(name).into_iter().flatten() {
        if seen.contains(member) {
            continue;
        }
        seen.push(member.clone());
        collect_fields(member, fields_of, pending, seen, out);
    }
    for field in fields_of.get(name).into_iter().flatten() {
        if !out.iter().any(|known| known.name == field.name) {
            out.push(field.clone());
        }
    }
}

fn is_schemas(section: &Section) -> bool {
    section.children.iter().any(is_schema_section)
}

/// A schema's heading: `<h2 id="tocS_Pet">`, or a heading some
/// `<a id="schema…">` anchor marks.
fn is_schema_section(section: &Section) -> bool {
    section.anchor.starts_with("tocS_") || html_anchors(section).iter().any(|id| id.starts_with("schema"))
}

/// Every anchor of every schema heading, to the schema's name.
fn schema_anchors(tree: &DocumentTree) -> BTreeMap<String, String> {
    let mut anchors = BTreeMap::new();
    for section in tree.all_sections() {
        if section.level == 0 || !is_schema_section(section) {
            continue;
        }
        anchors.entry(section.anchor.clone()).or_insert_with(|| section.title.clone());
        for id in html_anchors(section) {
            anchors.entry(id).or_insert_with(|| section.title.clone());
        }
    }
    anchors
}

/// The ids of `<a id="…">` elements among a section's own blocks.
pub(crate) fn html_anchors(section: &Section) -> Vec<String> {
    section.html_anchor_ids()
}

/// The introduction: the title section's prose, without the lines the
/// generator adds (the scroll hint, the base URLs, contact lines).
fn intro(context: &Context<'_>, section: &Section) -> String {
    let mut parts = Vec::new();
    for block in &section.blocks {
        match block {
            Block::Paragraph(text) => {
                let plain = text.plain.trim();
                if plain.starts_with("Base URLs") || plain.starts_with("Email:") || plain.starts_with("License:") {
                    continue;
                }
                parts.push(context.text(text.span).trim().to_string());
            }
            Block::List(text) if !text.markdown.contains("<a href=") => {
                parts.push(context.text(text.span).trim().to_string())
            }
            _ => {}
        }
    }
    parts.join("\n\n")
}

/// A section's blocks and those of every section under it, in reading
/// order, each with the title of the heading it sits under: generated
/// documents put `#### Enumerated Values` headings between tables that
/// belong together.
pub(crate) fn flat_blocks(section: &Section) -> Vec<(&str, &Block)> {
    let mut out = Vec::new();
    for part in section.walk() {
        for block in &part.blocks {
            out.push((part.title.as_str(), block));
        }
    }
    out
}

/// The lowercased header of a table, for telling tables apart by shape.
pub(crate) fn header(table: &Table) -> Vec<String> {
    table.columns()
}

/// `none`, the generator's word for an empty description, is no description.
pub(crate) fn description(text: &str) -> String {
    let text = text.trim();
    if text == "none" {
        String::new()
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests;
