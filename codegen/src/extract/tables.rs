//! Recognising tables by their header and reading their rows.

use crate::diagnostics::{Code, Diagnostic};
use crate::reader::{Row, Table, Text};

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

const NAME: &[&str] = &["name", "field", "parameter"];
const IN: &[&str] = &["in", "location"];
const TYPE: &[&str] = &["type"];
const DEFAULT: &[&str] = &["default"];
const DESCRIPTION: &[&str] = &["description", "meaning"];
const STATUS: &[&str] = &["http code", "code", "status", "status code", "http status"];
const ERROR_CODE: &[&str] = &["error code"];

impl TableKind {
    pub fn of(table: &Table) -> TableKind {
        let has = |names: &[&str]| table.column(names).is_some();
        if has(ERROR_CODE) {
            TableKind::ErrorCodes
        } else if has(IN) {
            TableKind::Parameters
        } else if has(STATUS) {
            TableKind::Responses
        } else if has(TYPE) || (has(NAME) && table.columns().len() >= 2 && table.column(&["rel"]).is_none()) {
            TableKind::Fields
        } else {
            TableKind::Other
        }
    }
}

/// Column positions of a table, by role.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Columns {
    pub name: Option<usize>,
    pub location: Option<usize>,
    pub ty: Option<usize>,
    pub default: Option<usize>,
    pub description: Option<usize>,
    pub status: Option<usize>,
}

impl Columns {
    pub fn of(table: &Table) -> Columns {
        Columns {
            name: table.column(NAME),
            location: table.column(IN),
            ty: table.column(TYPE),
            default: table.column(DEFAULT),
            description: table.column(DESCRIPTION),
            status: table.column(STATUS).or_else(|| table.column(ERROR_CODE)),
        }
    }
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

/// Rows worth reading: reports rows whose cells do not line up with the
/// header, skips rows that are entirely empty, and gives back the empty first
/// cell of rows written `| b | c` under a header written `a | b | c`.
///
/// Slate renders with Redcarpet, which drops that empty cell only when the
/// `|` is at column 1: an indented row is read as written, silently. Cells
/// left out at the end of a row are empty cells too (a blank description),
/// worth a word only when one of them is a column the table needs.
pub(crate) fn rows(context: &mut Context<'_>, table: &Table) -> Vec<Row> {
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
            rows.push(with_empty_first_cell(row, width));
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
        rows.push(row.clone());
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
