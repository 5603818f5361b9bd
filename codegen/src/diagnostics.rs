//! Diagnostics: what every stage reports instead of failing.
//!
//! Stages never stop at the first problem. They push a [`Diagnostic`] into a
//! [`Diagnostics`] collection and keep going with what they could read; the
//! command line renders them all together at the end.

use std::fmt;

use serde::Serialize;

use crate::source::{SourceMap, Span};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing, nothing to fix.
    Note,
    /// Probably a mistake in the documentation; output is still produced.
    Warning,
    /// The documentation is wrong; the affected item is degraded or left out.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// Stable identifiers of every check. Codes never change meaning once
/// published; the README lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Code {
    /// A file could not be read (missing include, not UTF-8, I/O error).
    SL001,
    /// The front matter is missing or is not YAML.
    SL002,
    /// A type expression could not be parsed.
    SL003,
    /// A link's text names one model and its anchor points at another.
    SL004,
    /// A type or anchor that nothing defines.
    SL005,
    /// A model defined twice.
    SL006,
    /// A model that nothing uses.
    SL007,
    /// A table row with too many or too few cells.
    SL008,
    /// A parameter location other than path, query, body or header.
    SL009,
    /// A path parameter missing from the path, or in the path but listed elsewhere.
    SL010,
    /// A path segment that looks like a placeholder but has no `:` or braces.
    SL011,
    /// A discriminator constant that disagrees with its heading or repeats another's.
    SL012,
    /// Enum values that cannot be read.
    SL013,
    /// A JSON example that is not valid JSON.
    SL014,
    /// A JSON example that disagrees with its table.
    SL015,
    /// A default value that does not fit its type.
    SL016,
    /// An endpoint without a responses table.
    SL017,
    /// Two headings with the same anchor.
    SL018,
    /// A table whose header is not one the reader knows.
    SL019,
    /// An endpoint line that cannot be read, or an operation without one.
    SL020,
    /// Fields inferred from an example because the variant has no table.
    SL021,
    /// Variants of one union that disagree on the discriminator field.
    SL022,
    /// A required column is empty.
    SL023,
    /// Two names that become the same Rust identifier.
    SL024,
    /// Request body rows that disagree with the model their constant names.
    SL025,
    /// A curl example whose method or URL does not match its endpoint.
    SL026,
    /// A response example whose status is not in the responses table.
    SL027,
    /// An example labelled with another model's name, or a response labelled a request.
    SL028,
    /// A backtick that opens no code span.
    SL029,
    /// A shell example that would not run as written.
    SL030,
    /// A documented type named without its link.
    SL031,
    /// A file in `includes/` that the front matter does not list.
    SL032,
    /// A section used as a type that says nothing about it.
    SL033,
    /// An HTTP example that is malformed.
    SL034,
    /// Two operations document the same method and path.
    SL035,
    /// A model documented under another model's heading.
    SL036,
    /// Two variants of a union told apart by their fields have the same fields.
    SL037,
    /// Lines that look like endpoints (a method next to a path, a bare URL)
    /// that no operation read, one note per shape.
    SL038,
    /// Tables no reading used, one note per header.
    SL039,
    /// Parameters whose location was inferred: their table has no location column.
    SL040,
    /// `codegen.toml` cannot be read: not TOML, an unknown key, a wrong value.
    SL041,
    /// An include refused (its name leaves the folder, it is not a regular file inside it, it is too large) or listed again.
    SL042,
    /// Control or bidirectional characters replaced in a documentation file.
    SL043,
    /// Front matter too large, too deep, or whose aliases expand too far.
    SL044,
    /// Requests signed per request (HMAC headers): a hook must sign them.
    SL045,
    /// A collection paged by cursor whose answer names no next cursor.
    SL046,
    /// A `codegen: name(...)` comment that is malformed or names an endpoint twice.
    SL047,
    /// Two endpoints would get the same name: the later ones are numbered.
    SL048,
    /// An HTTP method the generated client cannot send.
    SL049,
}

impl Code {
    /// Every code, in order: the README table and the lint tests walk this.
    pub const ALL: &'static [Code] = &[
        Code::SL001,
        Code::SL002,
        Code::SL003,
        Code::SL004,
        Code::SL005,
        Code::SL006,
        Code::SL007,
        Code::SL008,
        Code::SL009,
        Code::SL010,
        Code::SL011,
        Code::SL012,
        Code::SL013,
        Code::SL014,
        Code::SL015,
        Code::SL016,
        Code::SL017,
        Code::SL018,
        Code::SL019,
        Code::SL020,
        Code::SL021,
        Code::SL022,
        Code::SL023,
        Code::SL024,
        Code::SL025,
        Code::SL026,
        Code::SL027,
        Code::SL028,
        Code::SL029,
        Code::SL030,
        Code::SL031,
        Code::SL032,
        Code::SL033,
        Code::SL034,
        Code::SL035,
        Code::SL036,
        Code::SL037,
        Code::SL038,
        Code::SL039,
        Code::SL040,
        Code::SL041,
        Code::SL042,
        Code::SL043,
        Code::SL044,
        Code::SL045,
        Code::SL046,
        Code::SL047,
        Code::SL048,
        Code::SL049,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::SL001 => "SL001",
            Code::SL002 => "SL002",
            Code::SL003 => "SL003",
            Code::SL004 => "SL004",
            Code::SL005 => "SL005",
            Code::SL006 => "SL006",
            Code::SL007 => "SL007",
            Code::SL008 => "SL008",
            Code::SL009 => "SL009",
            Code::SL010 => "SL010",
            Code::SL011 => "SL011",
            Code::SL012 => "SL012",
            Code::SL013 => "SL013",
            Code::SL014 => "SL014",
            Code::SL015 => "SL015",
            Code::SL016 => "SL016",
            Code::SL017 => "SL017",
            Code::SL018 => "SL018",
            Code::SL019 => "SL019",
            Code::SL020 => "SL020",
            Code::SL021 => "SL021",
            Code::SL022 => "SL022",
            Code::SL023 => "SL023",
            Code::SL024 => "SL024",
            Code::SL025 => "SL025",
            Code::SL026 => "SL026",
            Code::SL027 => "SL027",
            Code::SL028 => "SL028",
            Code::SL029 => "SL029",
            Code::SL030 => "SL030",
            Code::SL031 => "SL031",
            Code::SL032 => "SL032",
            Code::SL033 => "SL033",
            Code::SL034 => "SL034",
            Code::SL035 => "SL035",
            Code::SL036 => "SL036",
            Code::SL037 => "SL037",
            Code::SL038 => "SL038",
            Code::SL039 => "SL039",
            Code::SL040 => "SL040",
            Code::SL041 => "SL041",
            Code::SL042 => "SL042",
            Code::SL043 => "SL043",
            Code::SL044 => "SL044",
            Code::SL045 => "SL045",
            Code::SL046 => "SL046",
            Code::SL047 => "SL047",
            Code::SL048 => "SL048",
            Code::SL049 => "SL049",
        }
    }

    /// One line saying what the check looks for.
    pub fn explanation(self) -> &'static str {
        match self {
            Code::SL001 => "a file could not be read (missing include, not UTF-8, I/O error)",
            Code::SL002 => "the front matter is missing or is not valid YAML",
            Code::SL003 => "a type expression could not be parsed",
            Code::SL004 => "a link's text names one model and its anchor points at another",
            Code::SL005 => "a reference to a type or anchor that nothing defines",
            Code::SL006 => "a model is defined twice",
            Code::SL007 => "a model is never used",
            Code::SL008 => "a table row has too many or too few cells",
            Code::SL009 => "a parameter location is not path, query, body or header",
            Code::SL010 => "a path parameter is not in the path, or is in the path but listed elsewhere",
            Code::SL011 => "a path segment looks like a placeholder but has no `:` or braces",
            Code::SL012 => "a discriminator constant disagrees with its heading or repeats another variant's",
            Code::SL013 => "the values of an enum cannot be read from its description",
            Code::SL014 => "a JSON example is not valid JSON",
            Code::SL015 => "a JSON example disagrees with its table",
            Code::SL016 => "a default value does not fit its type",
            Code::SL017 => "an endpoint has no responses table",
            Code::SL018 => "two headings produce the same anchor",
            Code::SL019 => "a table's header is not one the reader knows",
            Code::SL020 => "an endpoint line cannot be read",
            Code::SL021 => "fields were inferred from an example because the variant has no table",
            Code::SL022 => "the variants of a union disagree on the discriminator field",
            Code::SL023 => "a required table cell is empty",
            Code::SL024 => "two documented names become the same Rust identifier",
            Code::SL025 => "request body rows disagree with the model their constant names",
            Code::SL026 => "a curl example's method or URL does not match its endpoint",
            Code::SL027 => "a response example's status is not in the responses table",
            Code::SL028 => "an example's label names another model, or calls a response a request",
            Code::SL029 => "a backtick opens no code span (its closing backtick is missing)",
            Code::SL030 => {
                "a shell example would not run as written (broken `\\` continuation, unquoted JSON body, prompt marks)"
            }
            Code::SL031 => "a documented type is named without a link to its section",
            Code::SL032 => "a file in `includes/` is not listed in the front matter, so it is not published",
            Code::SL033 => "a section used as a type says nothing about that type",
            Code::SL034 => "an HTTP example is malformed (such as a response sending `Cookie:`)",
            Code::SL035 => "two operations document the same method and path",
            Code::SL036 => "a model's heading sits under another model, as if it were one of its variants",
            Code::SL037 => "two variants of a union told apart by their fields have the same fields, so no value reads as the second",
            Code::SL038 => "lines that look like endpoints (a method next to a path, a bare URL) were not read as endpoints, counted per shape",
            Code::SL039 => "tables that no reading used, counted per header",
            Code::SL040 => "a table of parameters has no location column, so each parameter's location was inferred (path placeholder, query for GET/DELETE/HEAD, body otherwise)",
            Code::SL041 => "`codegen.toml` cannot be read (not TOML, an unknown key or a wrong value), so it is ignored",
            Code::SL042 => {
                "an include is refused (its name leaves the folder, it is not a regular file inside the folder, it is too large) or is listed again"
            }
            Code::SL043 => "control or bidirectional characters were replaced, so they cannot hide text in the output",
            Code::SL044 => "the front matter is too large, nests too deep or its aliases expand too far",
            Code::SL046 => "a collection is paged by cursor, but its answer does not say where the next cursor is",
            Code::SL047 => "a `codegen: name(...)` comment is malformed, or a second one names the same endpoint",
            Code::SL048 => "two endpoints would have the same method name: the later ones are numbered",
            Code::SL049 => "an endpoint's HTTP method is not one the generated client can send: the method is left out",
            Code::SL045 => "requests are signed with headers computed for each request, which a request hook of the client must add",
        }
    }
}

impl Code {
    /// The severities this check reports, most severe first: an `error`
    /// means part of the documentation could not be read at all.
    pub fn severities(self) -> &'static [Severity] {
        use Severity::{Error, Note, Warning};
        match self {
            Code::SL001 | Code::SL002 | Code::SL041 | Code::SL044 | Code::SL049 => &[Error],
            Code::SL042 => &[Error, Note],
            Code::SL003 | Code::SL019 => &[Error, Warning],
            Code::SL024 => &[Warning, Note],
            Code::SL031 | Code::SL038 | Code::SL039 | Code::SL040 | Code::SL045 => &[Note],
            _ => &[Warning],
        }
    }
}

impl std::str::FromStr for Code {
    type Err = String;

    /// `SL007` (any case) to its code.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Code::ALL
            .iter()
            .copied()
            .find(|code| code.as_str().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| format!("`{text}` is not a lint code (SL001 to {})", Code::ALL[Code::ALL.len() - 1]))
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding, anchored in the source when it has a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub span: Option<Span>,
    /// How to fix it, when there is something useful to say.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: Code, message: impl Into<String>) -> Self {
        Diagnostic { severity, code, message: message.into(), span: None, help: None }
    }

    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    pub fn note(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, code, message)
    }

    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    pub fn at_opt(mut self, span: Option<Span>) -> Self {
        self.span = span;
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// A diagnostic with its place resolved to file, line and column: the form
/// tools read (`codegen lint --format json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocatedDiagnostic {
    pub code: Code,
    pub severity: Severity,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// The diagnostic pushed `index`-th (items are only ever appended while
    /// a stage runs, so an index taken from [`Diagnostics::len`] before a
    /// push stays valid for that stage).
    pub fn get_mut(&mut self, index: usize) -> Option<&mut Diagnostic> {
        self.items.get_mut(index)
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Keeps the diagnostics for which `keep` is true.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// Sorted by file, then position, then code, and without exact repeats,
    /// so that output does not depend on the order stages ran in.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort_by(|a, b| {
            let key = |d: &Diagnostic| d.span.map(|s| (s.file.0, s.start, s.end));
            key(a).cmp(&key(b)).then(a.code.cmp(&b.code)).then(a.message.cmp(&b.message))
        });
        items.dedup();
        items
    }

    pub fn located(&self, sources: &SourceMap) -> Vec<LocatedDiagnostic> {
        self.sorted()
            .into_iter()
            .map(|d| {
                let place = d.span.map(|span| sources.location(span));
                LocatedDiagnostic {
                    code: d.code,
                    severity: d.severity,
                    file: place.as_ref().map(|p| p.file.clone()),
                    line: place.as_ref().map(|p| p.line),
                    column: place.as_ref().map(|p| p.column),
                    message: d.message,
                    help: d.help,
                }
            })
            .collect()
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Renders diagnostics rustc-style, with the source line and the fault
/// underlined.
pub fn render(diagnostics: &Diagnostics, sources: &SourceMap, color: bool) -> String {
    use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
    use codespan_reporting::term::{self, termcolor::Buffer};

    let files = sources.codespan_files();
    let config = term::Config::default();
    let mut buffer = if color { Buffer::ansi() } else { Buffer::no_color() };
    for d in diagnostics.sorted() {
        let mut report = match d.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
            Severity::Note => Report::note(),
        }
        .with_code(d.code.as_str())
        .with_message(&d.message);
        if let Some(span) = d.span.filter(|s| (s.file.0 as usize) < sources.len()) {
            let range = char_range(&sources.file(span.file).text, span.range());
            report = report.with_labels(vec![Label::primary(span.file.0 as usize, range)]);
        }
        if let Some(help) = &d.help {
            report = report.with_notes(vec![format!("help: {help}")]);
        }
        // Rendering into memory cannot fail on I/O; a failure would mean a span
        // outside its file, which is a bug worth seeing rather than hiding.
        if let Err(err) = term::emit(&mut buffer, &config, &files, &report) {
            buffer_write_fallback(&mut buffer, &d, &err.to_string());
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// A byte range inside `text` whose ends fall on character boundaries, so
/// that rendering never slices a character in two.
fn char_range(text: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let mut start = range.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = range.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

fn buffer_write_fallback(buffer: &mut codespan_reporting::term::termcolor::Buffer, d: &Diagnostic, why: &str) {
    use std::io::Write;
    let _ = writeln!(buffer, "{}[{}]: {} (could not render source: {why})", d.severity, d.code, d.message);
}
