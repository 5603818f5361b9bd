//! Recognising tables by their header and reading their rows.

use std::borrow::Cow;

use crate::diagnostics::{Code, Diagnostic};
use crate::reader::{Row, Table, Text};

use super::notations;
use super::vocabulary::{column_role, requiredness_cell, Role};
use super::Context;

/// What a table documents, told by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TableKind {
    /// `Name | In | Type | [Default |] Description`
    Parameters,
    /// `Http code | Type | Description`
    Responses,
    /// `Name | Type | Description`
    Fields,
    /// `Error Code | Meaning`
    ErrorCodes,
    /// Anything else: documentation only.
    Other,
}

impl TableKind {
    pub fn of(table: &Table) -> TableKind {
        let columns = Columns::of(table);
        if columns.error_code.is_some() {
            TableKind::ErrorCodes
        } else if columns.location.is_some() && columns.name.is_some() {
            TableKind::Parameters
        } else if columns.status.is_some() {
            TableKind::Responses
        } else if columns.ty.is_some() || columns.describes_names() {
            TableKind::Fields
        } else {
            TableKind::Other
        }
    }
}

/// Column positions of a table, by role: from the header's words (see
/// `vocabulary`), else from what the cells hold.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Columns {
    pub name: Option<usize>,
    pub location: Option<usize>,
    pub ty: Option<usize>,
    pub default: Option<usize>,
    pub description: Option<usize>,
    pub status: Option<usize>,
    pub error_code: Option<usize>,
    pub required: Option<usize>,
    pub optional: Option<usize>,
    pub example: Option<usize>,
    pub value: Option<usize>,
    /// The name column was found by its cells (identifiers), not its header.
    pub name_from_cells: bool,
}

impl Columns {
    pub fn of(table: &Table) -> Columns {
        let mut columns = Columns::default();
        let mut unassigned = Vec::new();
        for (index, header) in table.header.iter().enumerate() {
            let slot = match column_role(&header.plain) {
                Some(Role::Name) => &mut columns.name,
                Some(Role::Type) => &mut columns.ty,
                Some(Role::Location) => &mut columns.location,
                Some(Role::Required) => &mut columns.required,
                Some(Role::Optional) => &mut columns.optional,
                Some(Role::Default) => &mut columns.default,
                Some(Role::Description) => &mut columns.description,
                Some(Role::Example) => &mut columns.example,
                Some(Role::Value) => &mut columns.value,
                Some(Role::Status) => &mut columns.status,
                Some(Role::ErrorCode) => &mut columns.error_code,
                None => {
                    unassigned.push(index);
                    continue;
                }
            };
            if slot.is_none() {
                *slot = Some(index);
            } else {
                unassigned.push(index);
            }
        }
        columns.status = columns.status.or(columns.error_code);
        columns.assign_by_cells(table, &unassigned);
        columns
    }

    /// Shape rules for columns whose header names no role: a column of
    /// types is the type column, a column of yes/no words the required
    /// column, and the first column of identifiers the name column.
    fn assign_by_cells(&mut self, table: &Table, unassigned: &[usize]) {
        let mut left = unassigned.to_vec();
        let mut take = |slot: &mut Option<usize>, test: &dyn Fn(&[&str]) -> bool| {
            if slot.is_some() {
                return;
            }
            if let Some(position) = left.iter().position(|&c| test(&column_cells(table, c))) {
                *slot = Some(left.remove(position));
            }
        };
        take(&mut self.ty, &|cells| {
            mostly(cells, |c| notations::parse(c).is_some_and(|n| notations::is_scalar_notation(&n)))
        });
        if self.optional.is_none() {
            take(&mut self.required, &|cells| {
                mostly(cells, |c| requiredness_cell(c).is_some_and(|r| r.condition.is_none()))
                    && cells.iter().all(|c| c.len() <= 12)
            });
        }
        let before = self.name;
        take(&mut self.name, &|cells| {
            mostly(cells, is_identifier) && cells.iter().all(|c| c.is_empty() || is_identifier(c))
        });
        self.name_from_cells = before.is_none() && self.name.is_some();
    }

    /// A table of names with something said about each (`Parameter |
    /// Description`): a table of parameters or fields without types. A name
    /// column told only by its cells needs a type column as well, since
    /// prose tables also start with a column of words.
    pub fn describes_names(&self) -> bool {
        self.name.is_some()
            && !self.name_from_cells
            && [self.description, self.required, self.optional, self.default, self.example, self.value]
                .iter()
                .any(Option::is_some)
    }
}

/// The plain text of a column's cells, trimmed.
fn column_cells(table: &Table, column: usize) -> Vec<&str> {
    table.rows.iter().filter_map(|row| row.cell(column)).map(|c| c.plain.trim()).collect()
}

/// At least one non-empty cell, and at least four in five of them pass.
fn mostly(cells: &[&str], test: impl Fn(&str) -> bool) -> bool {
    let filled: Vec<&str> = cells.iter().copied().filter(|c| !c.is_empty()).collect();
    let passing = filled.iter().filter(|c| test(c)).count();
    passing > 0 && passing * 5 >= filled.len() * 4
}

/// `user_id`, `data.attributes.name`, `page[size]`, `X-Api-Key`: a field or
/// parameter name as written in a cell.
pub(crate) fn is_identifier(text: &str) -> bool {
    let text = text.trim().trim_matches('`');
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | '[' | ']' | '$'))
}

/// Checks that a table has the columns its kind needs; a table missing one
/// cannot be read and is reported as an error.
pub(crate) fn check_columns(context: &mut Context<'_>, table: &Table, kind: TableKind) -> Option<Columns> {
    let columns = Columns::of(table);
    let missing: Vec<&str> = match kind {
        TableKind::Parameters => [("Name", columns.name), ("In", columns.location), ("Type", columns.ty)]
            .iter()
            .filter(|(_, c)| c.is_none())
            .map(|(n, _)| *n)
            .collect(),
        TableKind::Responses => [("Http code", columns.status), ("Type", columns.ty)]
            .iter()
            .filter(|(_, c)| c.is_none())
            .map(|(n, _)| *n)
            .collect(),
        TableKind::Fields => [("Name", columns.name), ("Type", columns.ty)]
            .iter()
            .filter(|(_, c)| c.is_none())
            .map(|(n, _)| *n)
            .collect(),
        TableKind::ErrorCodes | TableKind::Other => Vec::new(),
    };
    if missing.is_empty() {
        return Some(columns);
    }
    let header: Vec<String> = table.header.iter().map(|c| c.plain.clone()).collect();
    let expected = match kind {
        TableKind::Parameters => "Name | In | Type | Default | Description",
        TableKind::Responses => "Http code | Type | Description",
        _ => "Name | Type | Description",
    };
    context.push(
        Diagnostic::error(
            Code::SL019,
            format!(
                "this table has no {} column (header: `{}`), so it cannot be read",
                missing.join(", "),
                header.join(" | ")
            ),
        )
        .at(table.span.sub(0, table.header.last().map(|c| (c.span.end - table.span.start) as usize).unwrap_or(0)))
        .help(format!("write the header as `{expected}`")),
    );
    None
}

/// The columns of a table of names under an operation, where a table
/// without types is still a list of parameters or fields: only the name
/// column is needed. `None` (silently) without one.
pub(crate) fn untyped_columns(table: &Table) -> Option<Columns> {
    let columns = Columns::of(table);
    columns.name.is_some().then_some(columns)
}

/// Rows worth reading, borrowed from the table: reports rows whose cells do not line up with the
/// header, skips rows that are entirely empty, and gives back the empty first
/// cell of rows written `| b | c` under a header written `a | b | c`.
///
/// Slate renders with Redcarpet, which drops that empty cell only when the
/// `|` is at column 1: an indented row is read as written, silently. Cells
/// left out at the end of a row are empty cells too (a blank description),
/// worth a word only when one of them is a column the table needs.
pub(crate) fn rows<'t>(context: &mut Context<'_>, table: &'t Table) -> Vec<Cow<'t, Row>> {
    context.tables_read.insert(table.span);
    let width = table.header.len();
    let columns = Columns::of(table);
    let needed = [columns.name, columns.location, columns.ty, columns.status];
    let mut rows = Vec::new();
    for row in &table.rows {
        if row.cells.iter().all(|c| c.plain.trim().is_empty()) && row.raw_cells <= 1 && !row.leading_pipe {
            continue;
        }
        if row.leading_pipe && !table.header_leading_pipe && row.raw_cells < width {
            if !row.indented {
                context.push(
                    Diagnostic::warning(
                        Code::SL008,
                        format!(
                            "this row starts with `|` at column 1, so Slate drops its empty first cell ({} cells \
                             where the header has {width}); read with an empty first cell",
                            row.raw_cells
                        ),
                    )
                    .at(row.span)
                    .help("indent the row by one space, which keeps the empty first cell"),
                );
            }
            rows.push(Cow::Owned(with_empty_first_cell(row, width)));
            continue;
        }
        // `a | b |` under `A | B | C` closes an empty last cell: the usual
        // way to leave a description blank.
        let closes_empty_cell = row.trailing_pipe && !table.header_trailing_pipe && row.raw_cells + 1 == width;
        let missing_needed = (row.raw_cells..width).any(|column| needed.contains(&Some(column)));
        if row.raw_cells > width {
            context.push(
                Diagnostic::warning(
                    Code::SL008,
                    format!("this row has too many cells: {} where the header has {width}", row.raw_cells),
                )
                .at(row.span)
                .help("the extra cells are ignored; remove them or escape `|` inside cells as `\\|`"),
            );
        } else if row.raw_cells < width && !closes_empty_cell && missing_needed {
            let names: Vec<String> = (row.raw_cells..width)
                .filter_map(|c| table.header.get(c))
                .map(|c| format!("`{}`", c.plain.trim()))
                .collect();
            context.push(
                Diagnostic::warning(
                    Code::SL008,
                    format!(
                        "this row has too few cells: {} where the header has {width}; its {} cell is read as empty",
                        row.raw_cells,
                        names.join(", ")
                    ),
                )
                .at(row.span)
                .help("write the missing cells, separated by `|`"),
            );
        }
        rows.push(Cow::Borrowed(row));
    }
    rows
}

fn with_empty_first_cell(row: &Row, width: usize) -> Row {
    let real = row.cells.len().min(row.raw_cells);
    let empty = Text {
        span: crate::source::Span::new(row.span.file, row.span.start as usize..row.span.start as usize),
        markdown: String::new(),
        plain: String::new(),
        code: Vec::new(),
        links: Vec::new(),
    };
    let mut cells = vec![empty];
    cells.extend(row.cells[..real].iter().cloned());
    cells.truncate(width);
    Row { cells, raw_cells: width, ..row.clone() }
}

/// A cell's text, or an empty text when the row is short.
pub(crate) fn cell(row: &Row, column: Option<usize>) -> Option<&Text> {
    column.and_then(|c| row.cell(c))
}

/// Plain text of a cell with code marks, quotes and whitespace removed.
pub(crate) fn cell_word(row: &Row, column: Option<usize>) -> String {
    cell(row, column)
        .map(|t| t.plain.trim().trim_matches(|c| c == '`' || c == '"').trim().to_string())
        .unwrap_or_default()
}

/// A name cell and what may be written beside the name: `page (integer,
/// optional)`, `client_id **Required**`, `name*`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct NameCell {
    pub name: String,
    /// A type written beside the name, as text.
    pub ty: Option<String>,
    pub required: Option<bool>,
}

pub(crate) fn name_cell(row: &Row, column: Option<usize>) -> NameCell {
    read_name_cell(&cell_word(row, column))
}

fn read_name_cell(text: &str) -> NameCell {
    let end = text
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | '[' | ']' | '$')))
        .map_or(text.len(), |(at, _)| at);
    let (name, rest) = text.split_at(end);
    let rest = rest.trim();
    if name.is_empty() || rest.is_empty() {
        return NameCell { name: text.to_string(), ..NameCell::default() };
    }
    let mut cell = NameCell { name: name.to_string(), ..NameCell::default() };
    let mut rest = rest;
    if let Some(before) = rest.strip_suffix('*').filter(|r| !r.contains('(')) {
        cell.required = Some(true);
        rest = before.trim();
    }
    let inner = rest.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | '*' | '_' | ' ' | '-' | '—' | ':'));
    for part in inner.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if let Some(required) = super::vocabulary::requiredness_word(part) {
            cell.required = Some(required);
        } else if notations::parse(part).is_some() && cell.ty.is_none() && !part.contains(' ') {
            cell.ty = Some(part.to_string());
        }
    }
    // Nothing read beside the name: the cell is the name as written.
    if cell.ty.is_none() && cell.required.is_none() {
        return NameCell { name: text.to_string(), ..NameCell::default() };
    }
    cell
}

/// Whether a row must be given, when the table says so: its required (or
/// optional) column, a word beside its name, or a word in its description.
pub(crate) fn row_requiredness(
    row: &Row,
    columns: &Columns,
    name: &NameCell,
) -> Option<super::vocabulary::Requiredness> {
    use super::vocabulary::{requiredness_in_description, Requiredness};
    let text = |column: Option<usize>| cell(row, column).map(|c| c.plain.trim().to_string()).unwrap_or_default();
    if let Some(read) = columns.required.and_then(|_| requiredness_cell(&text(columns.required))) {
        return Some(read);
    }
    if let Some(read) = columns.optional.and_then(|_| requiredness_cell(&text(columns.optional))) {
        let required = !read.required && read.condition.is_none();
        return Some(Requiredness { required, condition: read.condition });
    }
    if let Some(required) = name.required {
        return Some(Requiredness { required, condition: None });
    }
    let description = text(columns.description);
    requiredness_in_description(&description).map(|required| Requiredness { required, condition: None })
}

/// A table without a required column whose name cells mark some rows
/// optional (`cnpj (string, optional)`) and none required: the rows left
/// unmarked are the required ones.
pub(crate) fn marks_only_optional_names(rows: &[Cow<'_, Row>], columns: &Columns) -> bool {
    if columns.required.is_some() || columns.optional.is_some() {
        return false;
    }
    let marks: Vec<Option<bool>> = rows.iter().map(|row| name_cell(row, columns.name).required).collect();
    marks.contains(&Some(false)) && !marks.contains(&Some(true))
}

/// A type written beside a name, as a cell of its own for the type reader.
pub(crate) fn inline_type_cell(row: &Row, column: Option<usize>, ty: &str) -> Option<Text> {
    let name = cell(row, column)?;
    Some(Text { span: name.span, markdown: ty.to_string(), plain: ty.to_string(), code: Vec::new(), links: Vec::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_a_type_or_requiredness_beside_them() {
        let read = read_name_cell("page (integer, optional)");
        assert_eq!(read, NameCell { name: "page".into(), ty: Some("integer".into()), required: Some(false) });
        let read = read_name_cell("description (string)");
        assert_eq!(read, NameCell { name: "description".into(), ty: Some("string".into()), required: None });
        assert_eq!(read_name_cell("client_id Required").required, Some(true));
        assert_eq!(
            read_name_cell("instance-id*"),
            NameCell { name: "instance-id".into(), ty: None, required: Some(true) }
        );
        assert_eq!(read_name_cell("data/attributes/name").name, "data/attributes/name");
        assert_eq!(read_name_cell("plain").name, "plain");
        assert_eq!(read_name_cell("typo:").name, "typo:", "a name is kept as written when nothing is beside it");
    }
}
