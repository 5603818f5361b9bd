//! Property rows: `|Name|Type|Required|Restrictions|Description|` tables,
//! and the body rows of parameter tables, where `»` marks a row nested one
//! level deeper, `*anonymous*` stands for a schema without a name (a member
//! of `allOf`, `oneOf` or `anyOf`, an array's items, the schema itself), and
//! the line before a table (`allOf`, `and`, `oneOf`, `xor`, `anyOf`, `or`,
//! `continued`) says which combination the next rows belong to.
//!
//! Rows become a tree (each row under the nearest row above it that is less
//! deep), then types: a nested object becomes an inline model named after
//! its path, `allOf` an object with every member's fields, `oneOf` and
//! `anyOf` a union. Rows under a row typed by a link to a schema repeat that
//! schema's properties; the link is kept and the rows are not read again.

use crate::extract::names::pascal_case;
use crate::ir::{self, Constraints, TypeRef};
use crate::reader::{Row, Table, Text};
use crate::source::Span;

use super::{description, Reader};
use crate::extract::Context;

/// Which combination a block of rows belongs to.
#[allow(clippy::enum_variant_names, reason = "the names are OpenAPI's keywords")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Combinator {
    AllOf,
    OneOf,
    AnyOf,
}

/// The line before a table of rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockTitle {
    /// `allOf`, `and`, `oneOf`, `xor`, `anyOf`, `or`: the next member.
    Member(Combinator),
    /// `continued`: back to the rows of the object the combination sits in.
    Continued,
}

impl BlockTitle {
    /// Reads `allOf`, `*xor*`, `oneOf - discriminator: Pet.kind`...
    pub(crate) fn parse(text: &str) -> Option<BlockTitle> {
        // The whole line is the word, possibly with ` - discriminator: …`.
        let text = text.trim().trim_matches('*').trim();
        let word = match text.split_once(" - ") {
            Some((word, rest)) if rest.trim_start().starts_with("discriminator") => word.trim(),
            _ => text,
        };
        Some(match word {
            "allOf" | "and" => BlockTitle::Member(Combinator::AllOf),
            "oneOf" | "xor" => BlockTitle::Member(Combinator::OneOf),
            "anyOf" | "or" => BlockTitle::Member(Combinator::AnyOf),
            "continued" => BlockTitle::Continued,
            _ => return None,
        })
    }
}

/// One row of a property table.
#[derive(Debug, Clone)]
pub(crate) struct PropRow {
    pub depth: usize,
    pub name: String,
    pub ty: CellType,
    pub required: bool,
    pub restrictions: String,
    pub description: String,
    pub span: Span,
    /// The block title before this row's table, for the first row of a table.
    pub block: Option<BlockTitle>,
    /// Enumerated values listed for this row's name.
    pub values: Vec<String>,
}

impl PropRow {
    pub fn is_anonymous(&self) -> bool {
        self.name == "*anonymous*"
    }

    /// Reads a row given the columns of its table (`type`, `required`...).
    pub(crate) fn read(row: &Row, columns: &Columns) -> Option<PropRow> {
        let cell = |index: Option<usize>| index.and_then(|i| row.cell(i));
        let name_cell = cell(columns.name)?;
        let (depth, name) = split_depth(&name_cell.plain_or_markdown());
        if name.is_empty() {
            return None;
        }
        let ty = cell(columns.ty).map(CellType::parse).unwrap_or_default();
        let required = cell(columns.required).is_some_and(|c| c.plain.trim().eq_ignore_ascii_case("true"));
        let restrictions = cell(columns.restrictions).map(|c| c.plain.trim().to_string()).unwrap_or_default();
        let description = cell(columns.description).map(|c| description(&c.markdown)).unwrap_or_default();
        Some(PropRow {
            depth,
            name,
            ty,
            required,
            restrictions,
            description,
            span: row.span,
            block: None,
            values: Vec::new(),
        })
    }
}

/// Where a property table keeps each column.
#[derive(Debug, Clone, Default)]
pub(crate) struct Columns {
    pub name: Option<usize>,
    pub ty: Option<usize>,
    pub required: Option<usize>,
    pub restrictions: Option<usize>,
    pub description: Option<usize>,
    pub location: Option<usize>,
}

impl Columns {
    pub(crate) fn of(table: &Table) -> Columns {
        let columns = table.columns();
        let find = |name: &str| columns.iter().position(|c| c == name);
        Columns {
            name: find("name"),
            ty: find("type"),
            required: find("required"),
            restrictions: find("restrictions"),
            description: find("description"),
            location: find("in"),
        }
    }
}

/// A property table: `Name`, `Type`, `Required` at least, no `In`.
pub(crate) fn is_property_table(table: &Table) -> bool {
    let columns = table.columns();
    columns.first().is_some_and(|c| c == "name")
        && columns.iter().any(|c| c == "type")
        && columns.iter().any(|c| c == "required")
        && !columns.iter().any(|c| c == "in")
}

trait PlainOrMarkdown {
    fn plain_or_markdown(&self) -> String;
}

impl PlainOrMarkdown for Text {
    /// The name as written: `*anonymous*` keeps its stars (the plain text
    /// would lose them and mix it up with a property named `anonymous`).
    fn plain_or_markdown(&self) -> String {
        self.markdown.trim().to_string()
    }
}

/// `»» name` is `(2, "name")`.
pub(crate) fn split_depth(name: &str) -> (usize, String) {
    let mut depth = 0;
    let mut rest = name.trim();
    while let Some(tail) = rest.strip_prefix('»') {
        depth += 1;
        rest = tail.trim_start();
    }
    let rest = rest.trim();
    // `**additionalProperties**` is bold in the source; other names are plain
    // (backslash escapes removed).
    (depth, rest.replace('\\', ""))
}

/// A type cell: `string(date-time)`, `[string]`, `array[integer]`,
/// `[[Pet](#schemapet)]`, `string¦null`, `object`, `[allOf]`...
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CellType {
    pub arrays: usize,
    pub nullable: bool,
    pub base: Base,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum Base {
    /// A link to a schema: its text and anchor.
    Link(String, String),
    /// A word (`string`, `object`, `allOf`...) and the format in brackets.
    Word(String, Option<String>),
    #[default]
    Missing,
}

impl CellType {
    pub(crate) fn parse(cell: &Text) -> CellType {
        CellType::parse_markdown(&cell.markdown)
    }

    pub(crate) fn parse_markdown(markdown: &str) -> CellType {
        let text = markdown.trim().replace('\\', "");
        let mut parts = text.split('¦').map(str::trim);
        let first = parts.next().unwrap_or("");
        let nullable = parts.any(|part| part == "null") || first == "null";
        let mut rest = first;
        let mut arrays = 0;
        loop {
            if let Some(link) = link(rest) {
                return CellType { arrays, nullable, base: Base::Link(link.0.to_string(), link.1.to_string()) };
            }
            if let Some(inner) = rest.strip_prefix("array[").and_then(|r| r.strip_suffix(']')) {
                arrays += 1;
                rest = inner.trim();
            } else if let Some(inner) = rest.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
                arrays += 1;
                rest = inner.trim();
            } else {
                break;
            }
        }
        let base = match rest.split_once('(') {
            Some((word, format)) => {
                Base::Word(word.trim().to_string(), Some(format.trim_end_matches(')').trim().to_string()))
            }
            None if rest.is_empty() => Base::Missing,
            None => Base::Word(rest.to_string(), None),
        };
        CellType { arrays, nullable, base }
    }

    pub fn word(&self) -> Option<&str> {
        match &self.base {
            Base::Word(word, _) => Some(word),
            _ => None,
        }
    }

    pub fn format(&self) -> Option<&str> {
        match &self.base {
            Base::Word(_, format) => format.as_deref(),
            _ => None,
        }
    }
}

/// `[Text](#anchor)` as a whole.
fn link(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_prefix('[')?;
    let close = inner.find("](#")?;
    let anchor = inner[close + 3..].strip_suffix(')')?;
    if anchor.contains(['(', ')', '[', ']']) {
        return None;
    }
    Some((&inner[..close], anchor))
}

/// The deepest nesting read.
const MAX_NESTING: usize = 32;

/// A row with the rows nested under it.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub row: PropRow,
    /// Properties of the object this row is.
    pub children: Vec<Node>,
    /// Members of the combination this row is, with its kind.
    pub members: Vec<(Combinator, Node)>,
}

/// Rows into a tree. The root stands for the object the rows describe.
pub(crate) fn tree(rows: Vec<PropRow>) -> Node {
    let root_row = PropRow {
        depth: 0,
        name: String::new(),
        ty: CellType::default(),
        required: true,
        restrictions: String::new(),
        description: String::new(),
        span: rows.first().map(|r| r.span).unwrap_or_else(no_span),
        block: None,
        values: Vec::new(),
    };
    // The stack holds the open nodes as (depth, node); the root is at "-1".
    let mut stack: Vec<(isize, Node, Option<Combinator>)> =
        vec![(-1, Node { row: root_row, children: Vec::new(), members: Vec::new() }, None)];
    let mut combinator: Option<Combinator> = None;
    for row in rows {
        match row.block {
            Some(BlockTitle::Member(kind)) => combinator = Some(kind),
            Some(BlockTitle::Continued) => combinator = None,
            None => {}
        }
        // Deeper rows than any real schema nests are read at that depth, so
        // a malformed table cannot make the readers recurse without bound.
        let depth = row.depth.min(MAX_NESTING) as isize;
        while stack.len() > 1 && stack.last().is_some_and(|(d, _, _)| *d >= depth) {
            close_top(&mut stack);
        }
        // A member row opens a member; every other row is a property of the
        // node it sits under.
        let as_member = row.is_anonymous() && row.block.is_some_and(|b| matches!(b, BlockTitle::Member(_)));
        let kind = if as_member { combinator } else { None };
        stack.push((depth, Node { row, children: Vec::new(), members: Vec::new() }, kind));
    }
    while stack.len() > 1 {
        close_top(&mut stack);
    }
    stack.pop().map(|(_, node, _)| node).unwrap_or_else(unreachable_root)
}

fn close_top(stack: &mut Vec<(isize, Node, Option<Combinator>)>) {
    let Some((_, node, kind)) = stack.pop() else { return };
    let Some((_, parent, _)) = stack.last_mut() else { return };
    match kind {
        Some(kind) => parent.members.push((kind, node)),
        None => parent.children.push(node),
    }
}

fn unreachable_root() -> Node {
    Node {
        row: PropRow {
            depth: 0,
            name: String::new(),
            ty: CellType::default(),
            required: true,
            restrictions: String::new(),
            description: String::new(),
            span: no_span(),
            block: None,
            values: Vec::new(),
        },
        children: Vec::new(),
        members: Vec::new(),
    }
}

/// Enumerated values by property name, applied to the nodes of that name.
pub(crate) fn apply_enums(node: &mut Node, values: &[(String, String)]) {
    if values.is_empty() {
        return;
    }
    apply_enums_inner(node, values);
}

fn apply_enums_inner(node: &mut Node, values: &[(String, String)]) {
    // Rows under a link repeat the linked schema: its own section lists them.
    let linked = matches!(node.row.ty.base, Base::Link(..));
    if !linked {
        for child in node.children.iter_mut().chain(node.members.iter_mut().map(|(_, n)| n)) {
            apply_enums_inner(child, values);
        }
    }
    if node.row.name.is_empty() {
        return;
    }
    for (name, value) in values {
        if *name == node.row.name && !linked && !node.row.values.contains(value) {
            node.row.values.push(value.clone());
        }
    }
}

/// Turns nodes into IR types, adding the models nested objects need.
pub(crate) struct Typer<'r, 'c> {
    pub reader: &'r mut Reader,
    pub context: &'r mut Context<'c>,
    pub group: String,
}

impl Typer<'_, '_> {
    /// The type of a node, `hint` naming the model a nested object needs.
    pub(crate) fn type_of(&mut self, node: &Node, hint: &str) -> TypeRef {
        let item = self.item_type(node, hint);
        let mut ty = item;
        for _ in 0..node.row.ty.arrays {
            ty = TypeRef::Array(Box::new(ty));
        }
        if node.row.ty.nullable {
            ty = TypeRef::Option(Box::new(ty));
        }
        ty
    }

    fn item_type(&mut self, node: &Node, hint: &str) -> TypeRef {
        match &node.row.ty.base {
            Base::Link(text, anchor) => TypeRef::Named(self.reader.resolve(text, anchor)),
            Base::Word(word, format) => match word.as_str() {
                "string" => match format.as_deref() {
                    Some("binary") => TypeRef::Any,
                    _ => TypeRef::String,
                },
                "integer" => TypeRef::Long,
                "number" => TypeRef::Number,
                "boolean" => TypeRef::Boolean,
                "object" | "allOf" | "oneOf" | "anyOf" | "any" => self.composite(node, hint),
                _ => TypeRef::Any,
            },
            Base::Missing => self.composite(node, hint),
        }
    }

    /// An object with properties, a combination, or any value.
    fn composite(&mut self, node: &Node, hint: &str) -> TypeRef {
        if node.members.is_empty() && node.children.is_empty() {
            return match node.row.ty.word() {
                Some("object") => TypeRef::Map(Box::new(TypeRef::String), Box::new(TypeRef::Any)),
                _ => TypeRef::Any,
            };
        }
        // A combination with a member that is no object (`oneOf: [string,
        // object]`) has no struct or union shape: any JSON value.
        if node.members.iter().any(|(_, member)| !is_object_like(member)) {
            return TypeRef::Any;
        }
        let name = self.reader.fresh_name(hint);
        self.model_for(node, &name, true);
        TypeRef::Named(name)
    }

    /// The model `name` for `node`: a struct of its children, or a
    /// combination of its members.
    pub(crate) fn model_for(&mut self, node: &Node, name: &str, inline: bool) {
        let source = self.context.source(node.row.span);
        let empty = ir::ModelShape::Struct { fields: Vec::new() };
        let mut model = ir::Model { inline, ..ir::Model::new(name, self.group.clone(), empty, source) };
        // Reserve the name before nested models take theirs.
        self.reader.add_model(model.clone());
        let kind = node.members.first().map(|(kind, _)| *kind);
        model.shape = match kind {
            Some(Combinator::OneOf | Combinator::AnyOf) => {
                let mut union = ir::Union { exclusive: kind == Some(Combinator::OneOf), ..ir::Union::default() };
                for (index, (_, member)) in node.members.iter().enumerate() {
                    union.variants.push(self.variant(member, name, index));
                }
                ir::ModelShape::Union(union)
            }
            Some(Combinator::AllOf) => {
                let mut linked = Vec::new();
                let mut fields = Vec::new();
                for (index, (_, member)) in node.members.iter().enumerate() {
                    match &member.row.ty.base {
                        Base::Link(text, anchor) => linked.push(self.reader.resolve(text, anchor)),
                        _ => fields.extend(self.fields(member, &format!("{name}{}", index + 1))),
                    }
                }
                fields.extend(self.fields(node, name));
                if !linked.is_empty() {
                    self.reader.pending.insert(name.to_string(), linked);
                }
                ir::ModelShape::Struct { fields }
            }
            None => ir::ModelShape::Struct { fields: self.fields(node, name) },
        };
        if let Some(slot) = self.reader.models.iter_mut().find(|m| m.name == name) {
            *slot = model;
        }
    }

    fn variant(&mut self, member: &Node, union: &str, index: usize) -> ir::Variant {
        let source = self.context.source(member.row.span);
        let mut variant = ir::Variant {
            name: String::new(),
            tag_value: None,
            fields: Vec::new(),
            bare: false,
            inferred: false,
            description: member.row.description.clone(),
            examples: Vec::new(),
            source,
            model: None,
        };
        if let (Base::Link(text, anchor), 0) = (&member.row.ty.base, member.row.ty.arrays) {
            let name = self.reader.resolve(text, anchor);
            variant.name = name.clone();
            variant.model = Some(name);
            return variant;
        }
        let name = self.reader.fresh_name(&format!("{union}{}", index + 1));
        variant.name = name.clone();
        variant.fields = self.fields(member, &name);
        variant
    }

    /// The fields of a node's children.
    pub(crate) fn fields(&mut self, node: &Node, owner: &str) -> Vec<ir::Field> {
        let mut fields = Vec::new();
        for child in &node.children {
            if child.row.is_anonymous() || child.row.name.starts_with("**") {
                continue;
            }
            let hint = format!("{owner}{}", pascal_case(&child.row.name));
            let ty = self.type_of(child, &hint);
            let source = self.context.source(child.row.span);
            fields.push(field_of(source, &child.row.name, ty, child.row.required, child));
        }
        fields
    }
}

/// A field with the constraints its row states.
fn field_of(source: ir::Source, name: &str, ty: TypeRef, required: bool, node: &Node) -> ir::Field {
    ir::Field {
        name: name.to_string(),
        ty,
        required,
        constant: None,
        variant_by: None,
        description: node.row.description.clone(),
        source,
        constraints: constraints(node),
    }
}

/// What a row says beside its type.
pub(crate) fn constraints(node: &Node) -> Constraints {
    let restrictions = node.row.restrictions.to_ascii_lowercase();
    Constraints {
        values: node.row.values.clone(),
        nullable: node.row.ty.nullable,
        read_only: restrictions.contains("read-only"),
        write_only: restrictions.contains("write-only"),
        format: node.row.ty.format().filter(|f| !f.is_empty()).map(str::to_string),
    }
}

/// A node that stands for an object: a link to a schema, an `object`, or
/// rows nested under it.
pub(crate) fn is_object_like(node: &Node) -> bool {
    node.row.ty.arrays == 0
        && (matches!(node.row.ty.base, Base::Link(..))
            || !node.children.is_empty()
            || !node.members.is_empty()
            || node.row.ty.word() == Some("object"))
}

/// The span of a row that stands for something the document does not write
/// as a row.
pub(crate) fn no_span() -> Span {
    Span::new(crate::source::FileId(0), 0..0)
}
