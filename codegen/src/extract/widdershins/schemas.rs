//! Schema sections (`<h2 id="tocS_Pet">Pet</h2>` under `# Schemas`): an
//! example, the property rows (with the `allOf` / `oneOf` / `anyOf` lines
//! between their tables) and the enumerated values.

use crate::extract::examples::json_example;
use crate::ir::{self, ExampleKind, Scalar};
use crate::reader::{Block, Section, Table};

use super::rows::{self, Base, BlockTitle, Columns, Node, PropRow, Typer};
use super::{flat_blocks, Reader};
use crate::extract::Context;

/// Reads one schema section into models (the schema and the nested objects
/// it holds).
pub(crate) fn read_schema(context: &mut Context<'_>, reader: &mut Reader, section: &Section) {
    let name = section.title.trim().to_string();
    if name.is_empty() {
        return;
    }
    let blocks = flat_blocks(section);
    let mut table_rows = Vec::new();
    let mut enums = Vec::new();
    let mut examples = Vec::new();
    let mut title: Option<BlockTitle> = None;
    for (_, block) in &blocks {
        match block {
            Block::Paragraph(text) => {
                if let Some(found) = BlockTitle::parse(&text.plain) {
                    title = Some(found);
                }
            }
            Block::Table(table) if rows::is_property_table(table) => {
                table_rows.extend(property_rows(table, title.take()));
            }
            Block::Table(table) => enums.extend(enum_values(table)),
            Block::Code(code) if code.language == "json" && examples.is_empty() => {
                examples.push(json_example(context, ExampleKind::Model, None, Vec::new(), &code.text, code.content));
            }
            _ => {}
        }
    }
    let mut root = rows::tree(table_rows);
    rows::apply_enums(&mut root, &enums);
    let mut typer = Typer { reader, context, group: "Schemas".to_string() };
    if let Some(model) = non_object(&mut typer, &root, &name) {
        let mut model = model;
        model.examples = examples;
        model.description = section_prose(section);
        typer.reader.add_model(model);
        return;
    }
    typer.model_for(&root, &name, false);
    if let Some(model) = typer.reader.models.iter_mut().find(|m| m.name == name) {
        model.examples = examples;
        model.description = section_prose(section);
        model.source = typer.context.source(section.heading);
    }
}

/// Property rows of one table; the first carries the line before the table.
pub(crate) fn property_rows(table: &Table, title: Option<BlockTitle>) -> Vec<PropRow> {
    let columns = Columns::of(table);
    let mut rows: Vec<PropRow> = table.rows.iter().filter_map(|row| PropRow::read(row, &columns)).collect();
    if let Some(first) = rows.first_mut() {
        first.block = title;
    }
    rows
}

/// `|Property|Value|` or `|Parameter|Value|` rows as (name, value).
pub(crate) fn enum_values(table: &Table) -> Vec<(String, String)> {
    let columns = table.columns();
    if columns.len() != 2 || columns[1] != "value" || !matches!(columns[0].as_str(), "property" | "parameter") {
        return Vec::new();
    }
    table
        .rows
        .iter()
        .filter_map(|row| {
            let name = rows::split_depth(&row.cell(0)?.markdown).1;
            let value = row.cell(1)?.plain.trim().to_string();
            Some((name, value))
        })
        .collect()
}

/// A schema that is no object: one `*anonymous*` row typed as a scalar
/// (an alias, or an enum when values are listed).
fn non_object(typer: &mut Typer<'_, '_>, root: &Node, name: &str) -> Option<ir::Model> {
    let [only] = root.children.as_slice() else { return None };
    if !only.row.is_anonymous() || !only.members.is_empty() || !root.members.is_empty() {
        return None;
    }
    if !only.children.is_empty() || only.row.ty.arrays > 0 || matches!(only.row.ty.base, Base::Link(..)) {
        return None;
    }
    let word = only.row.ty.word()?;
    let source = typer.context.source(only.row.span);
    if word == "string" && !only.row.values.is_empty() {
        let shape = ir::ModelShape::Enum { values: only.row.values.clone() };
        return Some(ir::Model::new(name, typer.group.clone(), shape, source));
    }
    let of = match (word, only.row.ty.format()) {
        ("string", Some("uuid")) => Scalar::Uuid,
        ("string", Some("date")) => Scalar::Date,
        ("string", Some("date-time")) => Scalar::DateTime,
        ("string", _) => Scalar::String,
        ("integer", _) => Scalar::Integer,
        ("number", _) => Scalar::Number,
        ("boolean", _) => Scalar::Boolean,
        _ => return None,
    };
    Some(ir::Model::new(name, typer.group.clone(), ir::ModelShape::Alias { of }, source))
}

/// The schema's own prose, if any (widdershins writes the description as
/// the title line of the first table).
fn section_prose(section: &Section) -> String {
    section
        .blocks
        .iter()
        .filter_map(|block| match block {
            Block::Paragraph(text) if BlockTitle::parse(&text.plain).is_none() => {
                Some(text.markdown.trim().to_string())
            }
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}
