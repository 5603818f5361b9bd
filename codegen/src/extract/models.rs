//! Models: structs from field tables, unions from `###` variants, enums from
//! `data` blocks, aliases from table-less sections that tables name.

use std::collections::HashMap;

use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{Endpoint, ErrorDef, Field, Model, ModelKind, ModelShape, Scalar, TypeRef, Union, Variant};
use crate::reader::{Block, Row, Section, Table};

use super::enums::{values_from_data_block, values_from_description};
use super::examples::model_examples;
use super::names::pascal_case;
use super::tables::{self, cell, cell_word, check_columns, TableKind};
use super::types::resolve_cell;
use super::{discriminators, endpoints, infer, prose_blocks, Context, Item, Plan};

/// Whether a section documents a model rather than prose.
pub(crate) fn looks_like_model(section: &Section) -> bool {
    field_table(section).is_some() || !variant_sections(section).is_empty() || data_block(section).is_some()
}

/// The field table of a model: in its own blocks or in a `### Fields` section.
/// Outside an operation only a table with a type column documents a model:
/// a `Parameter | Description` table there is prose (the options of an
/// authentication scheme, of a tool), not a struct of untyped fields.
fn field_table(section: &Section) -> Option<&Table> {
    let typed_fields = |t: &&Table| TableKind::of(t) == TableKind::Fields && tables::Columns::of(t).ty.is_some();
    section.tables().find(typed_fields).or_else(|| fields_child(section).and_then(|c| c.tables().find(typed_fields)))
}

/// A typed field table among the section's own blocks.
pub(crate) fn has_own_field_table(section: &Section) -> bool {
    section.tables().any(|t| TableKind::of(t) == TableKind::Fields && tables::Columns::of(t).ty.is_some())
}

fn fields_child(section: &Section) -> Option<&Section> {
    section.children.iter().find(|c| c.title.eq_ignore_ascii_case("fields"))
}

/// `###` sections that are variants of a union: each has a field table or a
/// JSON example.
pub(crate) fn variant_sections(section: &Section) -> Vec<&Section> {
    section
        .children
        .iter()
        .filter(|c| !c.title.eq_ignore_ascii_case("fields"))
        .filter(|c| field_table(c).is_some() || c.code_blocks().any(|b| b.language == "json"))
        .collect()
}

/// Sections with a table of their own under a section that has a field
/// table: a struct has no variants, so these are models documented one
/// heading level too deep.
pub(crate) fn nested_models(section: &Section) -> Vec<&Section> {
    if field_table(section).is_none() {
        return Vec::new();
    }
    variant_sections(section).into_iter().filter(|child| field_table(child).is_some()).collect()
}

fn data_block(section: &Section) -> Option<(String, Vec<String>, crate::source::Span)> {
    section.code_blocks().find_map(|c| values_from_data_block(&c.text).map(|(name, values)| (name, values, c.span)))
}

/// The markdown of a section's own prose: paragraphs, lists and asides.
pub(crate) fn section_description(context: &Context<'_>, section: &Section) -> String {
    let mut parts = Vec::new();
    for block in prose_blocks(section) {
        match block {
            Block::Paragraph(text) if endpoints::endpoint_in_paragraph(text).is_some() => {}
            Block::Paragraph(text) | Block::List(text) => parts.push(context.text(text.span).trim().to_string()),
            Block::Aside(aside) => {
                let label = if aside.class.eq_ignore_ascii_case("warning") { "Warning" } else { "Note" };
                let text = aside.text.split_whitespace().collect::<Vec<_>>().join(" ");
                parts.push(format!("> **{label}:** {text}"));
            }
            _ => {}
        }
    }
    parts.retain(|p| !p.is_empty());
    parts.join("\n\n")
}

pub(crate) fn extract_model(context: &mut Context<'_>, item: &Item<'_>) -> Option<Model> {
    let section = item.section;
    let name = section.title.clone();
    if context.extracted.contains(&name) {
        context.push(
            Diagnostic::warning(
                Code::SL006,
                format!("the model `{name}` is defined twice; the first definition is used"),
            )
            .at(section.heading)
            .help("remove or rename one of the two definitions"),
        );
        return None;
    }
    context.extracted.insert(name.clone());
    let variants = variant_sections(section);
    let table = field_table(section);
    let mut description = section_description(context, section);
    let mut examples = model_examples(context, section);
    let source = context.source(section.heading);
    if let Some(child) = fields_child(section) {
        append_description(&mut description, section_description(context, child));
        examples.extend(model_examples(context, child));
    }
    let shape = match table {
        Some(table) => {
            report_nested_models(context, section);
            ModelShape::Struct { fields: struct_fields(context, &name, item.group, table, section) }
        }
        None if !variants.is_empty() => ModelShape::Union(read_union(context, &name, &variants, item.group)),
        None => {
            let (data_name, values, span) = data_block(section)?;
            if data_name != name {
                context.push(
                    Diagnostic::warning(
                        Code::SL013,
                        format!("the `data {data_name} = ...` block sits in the section `{name}`"),
                    )
                    .at(span)
                    .help(format!("name the data type `{name}` like its heading")),
                );
            }
            if values.is_empty() {
                context.push(
                    Diagnostic::warning(Code::SL013, format!("no values can be read for the enum `{name}`"))
                        .at(span)
                        .help("write the values as `data Name = A | B`"),
                );
            }
            ModelShape::Enum { values }
        }
    };
    Some(Model { name, group: item.group.to_string(), description, shape, examples, source, inline: false })
}

fn report_nested_models(context: &mut Context<'_>, section: &Section) {
    for child in nested_models(section) {
        let hashes = "#".repeat(usize::from(section.level.max(1)));
        context.push(
            Diagnostic::warning(
                Code::SL036,
                format!(
                    "`{}` has a table of its own under the heading of `{}`, which has fields and no variants; read as \
                     a model of its own",
                    child.title, section.title
                ),
            )
            .at(child.heading)
            .help(format!("write its heading `{hashes} {}`, at the level of `{}`", child.title, section.title)),
        );
    }
}

fn append_description(description: &mut String, more: String) {
    if more.is_empty() {
        return;
    }
    if !description.is_empty() {
        description.push_str("\n\n");
    }
    description.push_str(&more);
}

/// Fields of a struct. `###` sections without a table under a struct name
/// the values of its one `Enum` field (event error codes).
fn struct_fields(context: &mut Context<'_>, owner: &str, group: &str, table: &Table, section: &Section) -> Vec<Field> {
    let value_sections: Vec<(String, String)> = section
        .children
        .iter()
        .filter(|c| !c.title.eq_ignore_ascii_case("fields") && field_table(c).is_none())
        .map(|c| (c.title.clone(), section_description(context, c)))
        .collect();
    read_fields(context, owner, group, table, &value_sections).fields
}

/// The rows of a field table.
pub(crate) struct FieldRows {
    pub fields: Vec<Field>,
    /// A row with no name whose type is `Constant`: the value stands alone.
    pub bare_constant: Option<String>,
}

pub(crate) fn read_fields(
    context: &mut Context<'_>,
    owner: &str,
    group: &str,
    table: &Table,
    value_sections: &[(String, String)],
) -> FieldRows {
    match check_columns(context, table, TableKind::Fields) {
        Some(columns) => read_field_rows(context, owner, group, table, columns, value_sections),
        None => FieldRows { fields: Vec::new(), bare_constant: None },
    }
}

/// The rows of a field table whose columns are known: a table without a
/// type column (under an operation) gives fields of any JSON value, or of
/// the type written beside each name.
pub(crate) fn read_field_rows(
    context: &mut Context<'_>,
    owner: &str,
    group: &str,
    table: &Table,
    columns: tables::Columns,
    value_sections: &[(String, String)],
) -> FieldRows {
    let mut result = FieldRows { fields: Vec::new(), bare_constant: None };
    for row in &tables::rows(context, table) {
        let name_cell = tables::name_cell(row, columns.name);
        let name = name_cell.name.clone();
        let description = cell(row, columns.description);
        let inline = name_cell.ty.as_deref().and_then(|ty| tables::inline_type_cell(row, columns.name, ty));
        let type_cell = match cell(row, columns.ty).filter(|c| !c.plain.trim().is_empty()) {
            Some(type_cell) => type_cell,
            None => match &inline {
                Some(inline) => inline,
                // A table without a type column documents names, not types.
                None if columns.ty.is_none() => {
                    let mut field = field(context, name, TypeRef::Any, None, row, description);
                    apply_requiredness(&mut field, row, &columns, &name_cell);
                    result.fields.push(field);
                    continue;
                }
                None => match cell(row, columns.ty) {
                    Some(empty) => empty,
                    None => continue,
                },
            },
        };
        let mut on_enum = |context: &mut Context<'_>, literals: &[String]| {
            let site = EnumSite { owner, group, field: &name, row, description };
            inline_enum(context, site, literals, value_sections)
        };
        let ty = resolve_cell(context, type_cell, &mut on_enum);
        let Some(ty) = ty else {
            context.push(
                Diagnostic::warning(
                    Code::SL023,
                    format!("the field `{name}` of `{owner}` has no type; read as any JSON value"),
                )
                .at(row.span)
                .help("write its type in the Type column"),
            );
            result.fields.push(field(context, name, TypeRef::Any, None, row, description));
            continue;
        };
        let constant = (ty == TypeRef::Constant).then(|| constant_value(context, row, description, &name, owner));
        if name.is_empty() {
            match constant {
                Some(value) => result.bare_constant = Some(value),
                None => context.push(
                    Diagnostic::warning(Code::SL023, format!("a row of `{owner}` has no field name; it is skipped"))
                        .at(row.span)
                        .help("write the field's JSON name in the Name column"),
                ),
            }
            continue;
        }
        let mut field = field(context, name, ty, constant, row, description);
        apply_requiredness(&mut field, row, &columns, &name_cell);
        result.fields.push(field);
    }
    result
}

/// A required column, a word beside the name or in the description says
/// whether the field must be there; without one, its type does (`Option`).
/// A condition (`required if …`) reads as optional and is kept in the
/// description.
fn apply_requiredness(field: &mut Field, row: &Row, columns: &tables::Columns, name: &tables::NameCell) {
    let Some(read) = tables::row_requiredness(row, columns, name) else { return };
    field.required = read.required && !field.ty.is_option();
    if let Some(condition) = read.condition {
        append_description(&mut field.description, format!("Required: {condition}"));
    }
}

fn field(
    context: &Context<'_>,
    name: String,
    ty: TypeRef,
    constant: Option<String>,
    row: &Row,
    description: Option<&crate::reader::Text>,
) -> Field {
    Field {
        constraints: Default::default(),
        name,
        required: !ty.is_option(),
        ty,
        constant,
        variant_by: None,
        description: description.map(|d| d.markdown.clone()).unwrap_or_default(),
        source: context.source(row.span),
    }
}

/// The value of a `Constant` row, from its description: `` `"OpenTicket"` ``.
fn constant_value(
    context: &mut Context<'_>,
    row: &Row,
    description: Option<&crate::reader::Text>,
    name: &str,
    owner: &str,
) -> String {
    let from_code = description.and_then(|d| d.code.first()).map(|c| c.text.clone());
    let raw = from_code.or_else(|| description.map(|d| d.plain.clone())).unwrap_or_default();
    let value = raw.trim().trim_matches(|c: char| c == '"' || c == '`' || c == '\'' || c.is_whitespace()).to_string();
    // A backtick left open is a markdown mistake of its own (SL029).
    let balanced = description.map(|d| d.markdown.matches('"').count() % 2 == 0);
    if value.is_empty() {
        context.push(
            Diagnostic::warning(Code::SL023, format!("the constant `{name}` of `{owner}` has no value"))
                .at(row.span)
                .help("write the value in the description, as `\"Value\"` in backticks"),
        );
    } else if balanced == Some(false) {
        context.push(
            Diagnostic::warning(
                Code::SL012,
                format!("the constant `{name}` of `{owner}` has unbalanced quotes; read as `{value}`"),
            )
            .at(description.map(|d| d.span).unwrap_or(row.span))
            .help(format!("write it as `\"{value}\"` between backticks")),
        );
    }
    value
}

/// The table row an `Enum` type is written in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EnumSite<'a> {
    /// The model or operation the row belongs to.
    pub owner: &'a str,
    pub group: &'a str,
    /// The field or parameter name.
    pub field: &'a str,
    pub row: &'a Row,
    pub description: Option<&'a crate::reader::Text>,
}

/// The type of an `Enum` cell: a generated enum model named after its owner
/// and field, with the values the cell itself quotes (`"A" / "B"`) or else
/// those its description lists.
pub(crate) fn inline_enum(
    context: &mut Context<'_>,
    site: EnumSite<'_>,
    literals: &[String],
    value_sections: &[(String, String)],
) -> TypeRef {
    let EnumSite { owner, group, field, row, description } = site;
    let mut values = literals.to_vec();
    if values.is_empty() {
        values = description.map(|d| values_from_description(d, field)).unwrap_or_default();
    }
    if values.is_empty() {
        values = value_sections.iter().map(|(title, _)| title.clone()).collect();
    }
    if values.is_empty() {
        context.push(
            Diagnostic::warning(
                Code::SL013,
                format!("the values of the enum `{field}` of `{owner}` cannot be read; read as a string"),
            )
            .at(description.map(|d| d.span).unwrap_or(row.span))
            .help("list the values as code spans in the description: `A` or `B`"),
        );
        return TypeRef::String;
    }
    let mut description_text = description.map(|d| d.markdown.clone()).unwrap_or_default();
    for (title, text) in value_sections {
        if !text.is_empty() {
            description_text.push_str(&format!("\n\n- `{title}`: {}", text.replace('\n', " ")));
        }
    }
    let mut model = Model::new(enum_name(owner, field), group, ModelShape::Enum { values }, context.source(row.span));
    model.description = description_text.trim().to_string();
    TypeRef::Named(context.add_generated_model(model))
}

/// `CompanyEventError` + `errorType` → `CompanyEventErrorType`: a word the
/// owner ends with is not repeated.
pub(crate) fn enum_name(owner: &str, field: &str) -> String {
    let owner = pascal_case(owner);
    let field = pascal_case(field);
    let overlap = (1..=field.len().min(owner.len()))
        .rev()
        .filter(|&n| field.is_char_boundary(n))
        .find(|&n| {
            let head = &field[..n];
            owner.ends_with(head) && field[n..].chars().next().is_none_or(|c| c.is_ascii_uppercase())
        })
        .unwrap_or(0);
    format!("{owner}{}", &field[overlap..])
}

fn read_union(context: &mut Context<'_>, name: &str, sections: &[&Section], group: &str) -> Union {
    let mut union = Union::default();
    let mut pending = Vec::new();
    for section in sections {
        let heading = discriminators::heading_names(&section.title);
        let mut variant = Variant {
            model: None,
            name: discriminators::variant_name(&heading, None),
            tag_value: None,
            fields: Vec::new(),
            bare: false,
            inferred: false,
            description: section_description(context, section),
            examples: model_examples(context, section),
            source: context.source(section.heading),
        };
        match field_table(section) {
            Some(table) => {
                let rows = read_fields(context, &variant.name, group, table, &[]);
                variant.fields = rows.fields;
                if let Some(value) = rows.bare_constant {
                    variant.bare = true;
                    variant.tag_value = Some(value);
                }
                let constant = variant.tag_value.clone().or_else(|| discriminators::constant_of(&variant.fields, None));
                variant.name = discriminators::variant_name(&heading, constant.as_deref());
            }
            None => {
                variant.inferred = true;
                pending.push(variant.name.clone());
            }
        }
        discriminators::report_heading(context, name, &variant, &section.title);
        for other in heading.names.iter().filter(|name| **name != variant.name) {
            context.variant_aliases.insert(other.clone(), variant.name.clone());
        }
        union.variants.push(variant);
    }
    union.tag = choose_tag(&union);
    if let Some(tag) = union.tag.clone() {
        apply_tag(context, name, &mut union, &tag);
    }
    if pending.is_empty() {
        if let Some(tag) = union.tag.clone() {
            discriminators::settle_values(context, name, &mut union, &tag);
        }
    } else {
        context.pending_inference.push(name.to_string());
    }
    union
}

/// The discriminator: the `Constant` field most variants share.
fn choose_tag(union: &Union) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for variant in &union.variants {
        for field in variant.fields.iter().filter(|f| f.ty == TypeRef::Constant) {
            match counts.iter_mut().find(|(name, _)| *name == field.name) {
                Some((_, count)) => *count += 1,
                None => counts.push((field.name.clone(), 1)),
            }
        }
    }
    counts.iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(name, _)| name.clone())
}

/// Moves each variant's discriminator out of its fields into `tag_value`.
pub(crate) fn apply_tag(context: &mut Context<'_>, union_name: &str, union: &mut Union, tag: &str) {
    for variant in &mut union.variants {
        if let Some(index) = variant.fields.iter().position(|f| f.name == tag && f.ty == TypeRef::Constant) {
            let field = variant.fields.remove(index);
            variant.tag_value = field.constant;
        }
        if variant.tag_value.is_none() && !variant.inferred {
            context.push(
                Diagnostic::warning(
                    Code::SL022,
                    format!(
                        "the variant `{}` of `{}` has no `{tag}` constant; its heading is used as the value",
                        variant.name, union_name
                    ),
                )
                .at_opt(context.span_of(&variant.source))
                .help(format!("add a row `{tag} | Constant | `\"{}\"``", variant.name)),
            );
            variant.tag_value = Some(variant.name.clone());
        }
    }
}

/// Alias models for the table-less sections some type names, and the names
/// of those sections that say nothing at all (read as any JSON value).
pub(crate) fn aliases(context: &mut Context<'_>) -> (Vec<Model>, std::collections::BTreeSet<String>) {
    let mut aliases = Vec::new();
    let mut empty = std::collections::BTreeSet::new();
    let used: Vec<String> = context.used_prose.iter().cloned().collect();
    for name in used {
        let Some((span, group, description)) = context.prose_sections.get(&name).cloned() else { continue };
        if description.trim().is_empty() {
            context.push(
                Diagnostic::warning(
                    Code::SL033,
                    format!("`{name}` is named as a type but its section describes nothing; read as any JSON value"),
                )
                .at(span)
                .help("document its fields with a `Name | Type | Description` table, or its format in a sentence"),
            );
            empty.insert(name);
            continue;
        }
        let shape = ModelShape::Alias { of: scalar_of(&name, &description) };
        let mut alias = Model::new(name, group, shape, context.source(span));
        alias.description = description;
        aliases.push(alias);
    }
    (aliases, empty)
}

/// What an alias stands for, from its name, the format its description
/// gives, or the example value it shows (`8c12f096-20e6-...` is a UUID).
pub(crate) fn scalar_of(name: &str, description: &str) -> Scalar {
    let example_values: Vec<&str> = description
        .split(|c: char| c.is_whitespace() || matches!(c, '`' | '"' | '\'' | ',' | '(' | ')'))
        .filter(|word| !word.is_empty())
        .collect();
    let name = name.to_lowercase();
    let description = description.to_lowercase();
    if name.contains("uuid") || name.contains("guid") || example_values.iter().any(|v| infer::is_uuid(v)) {
        Scalar::Uuid
    } else if name.contains("datetime") || name.contains("timestamp") || description.contains("thh:mm") {
        Scalar::DateTime
    } else if name.contains("date") || description.contains("yyyy-mm-dd") {
        Scalar::Date
    } else {
        Scalar::String
    }
}

/// HTTP error tables and typed error models.
pub(crate) fn error_defs(
    context: &Context<'_>,
    plan: &Plan<'_>,
    models: &[Model],
    endpoints: &[Endpoint],
) -> Vec<ErrorDef> {
    let mut errors = Vec::new();
    for item in &plan.error_tables {
        for table in item.section.tables().filter(|t| TableKind::of(t) == TableKind::ErrorCodes) {
            let columns = tables::Columns::of(table);
            for row in &table.rows {
                let code = cell_word(row, columns.status);
                let Ok(status) = code.parse::<u16>() else { continue };
                let meaning = cell(row, columns.description).map(|c| c.plain.clone()).unwrap_or_default();
                let (name, description) = match meaning.split_once(" -- ") {
                    Some((name, description)) => (name.trim().to_string(), description.trim().to_string()),
                    None => (meaning.trim().to_string(), String::new()),
                };
                errors.push(ErrorDef {
                    name,
                    status: Some(status),
                    model: None,
                    codes: Vec::new(),
                    description,
                    source: context.source(row.span),
                });
            }
        }
    }
    // The first error status each type is returned with, and the values of
    // each enum: looked up per model, so gathered once.
    let mut error_statuses: HashMap<&str, u16> = HashMap::new();
    for response in endpoints.iter().flat_map(|e| &e.responses).filter(|r| r.status >= 400) {
        for name in response.ty.named_types() {
            error_statuses.entry(name).or_insert(response.status);
        }
    }
    let mut enum_values: HashMap<&str, &[String]> = HashMap::new();
    for model in models {
        if let Some(values) = model.enum_values() {
            enum_values.entry(model.name.as_str()).or_insert(values);
        }
    }
    for model in models.iter().filter(|m| is_error_model(m, &error_statuses)) {
        let codes = model
            .fields()
            .iter()
            .find_map(|f| match &f.ty {
                TypeRef::Named(name) => enum_values.get(name.as_str()).copied(),
                _ => None,
            })
            .map(<[String]>::to_vec)
            .unwrap_or_default();
        errors.push(ErrorDef {
            name: model.name.clone(),
            status: error_statuses.get(model.name.as_str()).copied(),
            model: Some(model.name.clone()),
            codes,
            description: model.description.clone(),
            source: model.source.clone(),
        });
    }
    errors
}

/// A struct is an error model when an error response returns it, or when
/// it is documented among errors.
fn is_error_model(model: &Model, error_statuses: &HashMap<&str, u16>) -> bool {
    if model.kind() != ModelKind::Struct {
        return false;
    }
    error_statuses.contains_key(model.name.as_str())
        || (model.group.to_lowercase().contains("error") && model.name.ends_with("Error"))
}

/// Fills the fields of variants documented only by an example.
pub(crate) fn complete_inferred(context: &mut Context<'_>, models: &mut [Model]) {
    let pending = std::mem::take(&mut context.pending_inference);
    if pending.is_empty() {
        return;
    }
    // Read once; each union inferred replaces its own facts only.
    let mut knowledge = infer::Knowledge::of(context, models);
    for name in pending {
        let Some(index) = models.iter().position(|m| m.name == name) else { continue };
        let mut model = models[index].clone();
        let ModelShape::Union(union) = &mut model.shape else { continue };
        infer::infer_union(context, &knowledge, &model.name, union);
        if union.tag.is_none() {
            union.tag = choose_tag(union);
        }
        if let Some(tag) = union.tag.clone() {
            apply_tag(context, &model.name, union, &tag);
            discriminators::settle_values(context, &model.name, union, &tag);
        }
        knowledge.replace(context, index, &models[index], &model);
        models[index] = model;
    }
}
