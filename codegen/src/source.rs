//! Stage 1, load: a Slate source folder into memory.
//!
//! `index.html.md` carries YAML front matter whose `includes` list names
//! `includes/_NAME.md` files, read in that order. Every file is kept whole with
//! a line index so that any byte offset maps back to file, line and column.
//! Problems (missing include, bytes that are not UTF-8, front matter that is
//! not YAML) become diagnostics; whatever can still be read is read.

use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;
use yaml_rust2::{Yaml, YamlLoader};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};

/// Index of a file in its [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct FileId(pub u32);

/// A byte range in one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        Span { file, start: clamp_u32(range.start), end: clamp_u32(range.end) }
    }

    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The part of this span from `offset` bytes in, `len` bytes long.
    pub fn sub(self, offset: usize, len: usize) -> Span {
        let start = (self.start as usize + offset).min(self.end as usize);
        let end = (start + len).min(self.end as usize);
        Span::new(self.file, start..end)
    }
}

fn clamp_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// A place in the documentation as people read it: 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// One documentation file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the spec folder, with `/` separators.
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        SourceFile { name: name.into(), text, line_starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let line_start = self.line_starts[line];
        let column = self.text.get(line_start..offset).map(|s| s.chars().count()).unwrap_or(offset - line_start);
        (line + 1, column + 1)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset of the start of a 1-based line.
    pub fn line_offset(&self, line: usize) -> usize {
        let index = line.saturating_sub(1).min(self.line_starts.len() - 1);
        self.line_starts[index]
    }
}

/// Every file of one documentation folder.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(clamp_u32(self.files.len() - 1))
    }

    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(clamp_u32(i)), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn text(&self, span: Span) -> &str {
        self.file(span.file).text.get(span.range()).unwrap_or("")
    }

    /// The file of that name, relative to the spec folder.
    pub fn find(&self, name: &str) -> Option<(FileId, &SourceFile)> {
        self.files().find(|(_, f)| f.name == name)
    }

    /// A 1-based line of a file, without its line break and leading
    /// indentation: where a diagnostic about an IR item (which keeps only
    /// file and line) points.
    pub fn line_span(&self, name: &str, line: usize) -> Option<Span> {
        let (id, file) = self.find(name)?;
        let start = file.line_offset(line);
        let rest = file.text.get(start..).unwrap_or("");
        let end = start + rest.find('\n').unwrap_or(rest.len());
        let text = file.text.get(start..end).unwrap_or("");
        let indent = text.len() - text.trim_start().len();
        Some(Span::new(id, start + indent..start + indent + text.trim().len()))
    }

    pub fn location(&self, span: Span) -> Location {
        let file = self.file(span.file);
        let (line, column) = file.line_col(span.start as usize);
        Location { file: file.name.clone(), line, column }
    }

    pub(crate) fn codespan_files(&self) -> codespan_reporting::files::SimpleFiles<&str, &str> {
        let mut files = codespan_reporting::files::SimpleFiles::new();
        for file in &self.files {
            files.add(file.name.as_str(), file.text.as_str());
        }
        files
    }
}

/// The loaded documentation: files in reading order, the index first.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The folder the documentation lives in.
    pub root: PathBuf,
    pub sources: SourceMap,
    /// The index's front matter, when it could be read.
    pub front_matter: FrontMatter,
    /// Files whose markdown body is read, in order; the index's body starts
    /// after its front matter.
    pub documents: Vec<Document>,
    /// Every file the loader opened or tried to open (for `rerun-if-changed`).
    pub read_paths: Vec<PathBuf>,
}

/// Where a markdown body sits inside a loaded file.
#[derive(Debug, Clone, Copy)]
pub struct Document {
    pub file: FileId,
    /// Byte offset of the markdown body (after any front matter).
    pub body_start: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub includes: Vec<String>,
}

/// Why a spec could not be loaded at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0}: no such file or folder")]
    NotFound(PathBuf),
    #[error("{0} holds no index.html.md (nor index.md)")]
    NoIndex(PathBuf),
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// The index file names Slate accepts, in order of preference.
const INDEX_NAMES: &[&str] = &["index.html.md", "index.md"];

/// Finds the index file for `path`: the path itself when it is a file, or the
/// index inside it when it is a folder.
pub fn find_index(path: &Path) -> Result<PathBuf, LoadError> {
    if path.is_file() {
        return Ok(path.to_path_buf());
    }
    if !path.exists() {
        return Err(LoadError::NotFound(path.to_path_buf()));
    }
    INDEX_NAMES
        .iter()
        .map(|name| path.join(name))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| LoadError::NoIndex(path.to_path_buf()))
}

/// Loads a Slate folder (or its index file) from disk.
pub fn load(path: &Path, diagnostics: &mut Diagnostics) -> Result<Spec, LoadError> {
    let index_path = find_index(path)?;
    let root = index_path.parent().map(Path::to_path_buf).unwrap_or_default();
    let index_name =
        index_path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "index.html.md".to_string());
    let bytes = fs::read(&index_path).map_err(|source| LoadError::Io { path: index_path.clone(), source })?;
    let mut reader = |relative: &str| -> Option<Vec<u8>> { fs::read(root.join(relative)).ok() };
    let mut spec = load_with(&index_name, bytes, &mut reader, diagnostics);
    spec.root = root.clone();
    spec.read_paths = std::iter::once(index_path)
        .chain(spec.front_matter.includes.iter().map(|name| root.join(include_path(name))))
        .collect();
    Ok(spec)
}

/// The path of an include, relative to the spec folder.
pub fn include_path(name: &str) -> String {
    format!("includes/_{name}.md")
}

/// Loads a spec whose files come from `read` (the disk, a git revision, a
/// test's memory). `read` returns `None` for a file that does not exist.
pub fn load_with(
    index_name: &str,
    index_bytes: Vec<u8>,
    read: &mut dyn FnMut(&str) -> Option<Vec<u8>>,
    diagnostics: &mut Diagnostics,
) -> Spec {
    let mut sources = SourceMap::new();
    let (index, is_text) = add_decoded(&mut sources, index_name, index_bytes, diagnostics);
    let (front_matter, body_start) =
        if is_text { read_front_matter(&sources, index, diagnostics) } else { (FrontMatter::default(), 0) };
    let mut documents = vec![Document { file: index, body_start }];

    for name in &front_matter.includes {
        let relative = include_path(name);
        match read(&relative) {
            Some(bytes) => {
                let (file, _) = add_decoded(&mut sources, &relative, bytes, diagnostics);
                documents.push(Document { file, body_start: 0 });
            }
            None => diagnostics.push(
                Diagnostic::error(Code::SL001, format!("include `{name}` not found: no file {relative}"))
                    .at_opt(include_span(&sources, index, name))
                    .help(format!("create {relative}, or remove `{name}` from the front matter's includes")),
            ),
        }
    }

    Spec { root: PathBuf::new(), sources, front_matter, documents, read_paths: Vec::new() }
}

/// How many bytes at the start of a file are looked at for a NUL byte.
const BINARY_PROBE: usize = 8000;

/// Text of a file; bytes that are not UTF-8 are replaced so the rest can
/// still be read, and reported at the first bad byte.
/// Adds a file to `sources`; false when it is not text and was left empty.
fn add_decoded(sources: &mut SourceMap, name: &str, bytes: Vec<u8>, diagnostics: &mut Diagnostics) -> (FileId, bool) {
    if let Some(nul) = bytes.iter().take(BINARY_PROBE).position(|&b| b == 0) {
        // Like git: a NUL byte near the start means the file is not text.
        // Reading it as markdown would only bury the one useful finding
        // under findings about its bytes.
        let line = bytes[..nul].iter().filter(|&&b| b == b'\n').count() + 1;
        let file = sources.add(SourceFile::new(name, String::new()));
        diagnostics.push(
            Diagnostic::error(
                Code::SL001,
                format!(
                    "{name}:{line}: the file is not text ({} bytes, a NUL byte at offset {nul}); it is not read",
                    bytes.len()
                ),
            )
            .at(Span::new(file, 0..0))
            .help("the documentation must be UTF-8 markdown; check that the right file is in this place"),
        );
        return (file, false);
    }
    match String::from_utf8(bytes) {
        Ok(text) => (sources.add(SourceFile::new(name, text)), true),
        Err(err) => {
            // Up to the first bad byte the replaced text is the file itself.
            let valid_up_to = err.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
            let file = sources.add(SourceFile::new(name, text));
            diagnostics.push(
                Diagnostic::error(
                    Code::SL001,
                    format!("the file is not UTF-8 (first bad byte at offset {valid_up_to})"),
                )
                .at(Span::new(file, valid_up_to..valid_up_to + '\u{fffd}'.len_utf8()))
                .help("the documentation must be UTF-8; bad bytes were replaced with U+FFFD"),
            );
            (file, true)
        }
    }
}

/// Reads the `---` delimited YAML block at the top of the index.
fn read_front_matter(sources: &SourceMap, index: FileId, diagnostics: &mut Diagnostics) -> (FrontMatter, usize) {
    let text = &sources.file(index).text;
    let Some((yaml, body_start)) = split_front_matter(text) else {
        diagnostics.push(
            Diagnostic::error(Code::SL002, "the index has no front matter, so no includes are read")
                .at(Span::new(index, 0..text.len().min(1)))
                .help("start the index with a `---` line, the YAML front matter with `includes:`, and a closing `---`"),
        );
        return (FrontMatter::default(), 0);
    };
    let yaml_start = text.find('\n').map(|i| i + 1).unwrap_or(0);
    let docs = match YamlLoader::load_from_str(yaml) {
        Ok(docs) => docs,
        Err(err) => {
            let marker = err.marker();
            let offset = yaml_start + byte_offset_of_char(yaml, marker.index());
            diagnostics.push(
                Diagnostic::error(Code::SL002, format!("the front matter is not valid YAML: {}", err.info()))
                    .at(Span::new(index, offset..offset))
                    .help("fix the YAML between the two `---` lines"),
            );
            return (FrontMatter::default(), body_start);
        }
    };
    let Some(Yaml::Hash(map)) = docs.into_iter().next() else {
        diagnostics.push(
            Diagnostic::error(Code::SL002, "the front matter is not a YAML mapping")
                .at(Span::new(index, 0..3))
                .help("write `key: value` lines such as `title:` and `includes:`"),
        );
        return (FrontMatter::default(), body_start);
    };
    let mut front = FrontMatter::default();
    if let Some(title) = map.get(&Yaml::String("title".into())).and_then(Yaml::as_str) {
        front.title = Some(title.to_string());
    }
    match map.get(&Yaml::String("includes".into())) {
        None | Some(Yaml::Null) => {}
        Some(Yaml::Array(items)) => {
            for item in items {
                match yaml_scalar(item) {
                    Some(name) => front.includes.push(name),
                    None => diagnostics.push(
                        Diagnostic::error(Code::SL002, "an entry of `includes` is not a name")
                            .at(Span::new(index, yaml_start..yaml_start + yaml.len()))
                            .help("list include names such as `- companies`"),
                    ),
                }
            }
        }
        Some(_) => diagnostics.push(
            Diagnostic::error(Code::SL002, "`includes` is not a list")
                .at(Span::new(index, yaml_start..yaml_start + yaml.len()))
                .help("write `includes:` followed by `  - name` lines"),
        ),
    }
    (front, body_start)
}

fn yaml_scalar(item: &Yaml) -> Option<String> {
    match item {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Real(r) => Some(r.clone()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn byte_offset_of_char(text: &str, char_index: usize) -> usize {
    text.char_indices().nth(char_index).map(|(i, _)| i).unwrap_or(text.len())
}

/// Splits `---\nYAML\n---\n` off the start of `text`: the YAML and the byte
/// offset where the markdown body starts.
fn split_front_matter(text: &str) -> Option<(&str, usize)> {
    let first_line_end = text.find('\n')?;
    if text[..first_line_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = first_line_end + 1;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Some((&text[yaml_start..offset], offset + line.len()));
        }
        offset += line.len();
    }
    None
}

/// The place of `- name` in the index's front matter, for diagnostics about
/// an include.
fn include_span(sources: &SourceMap, index: FileId, name: &str) -> Option<Span> {
    let text = &sources.file(index).text;
    let (yaml, _) = split_front_matter(text)?;
    let yaml_start = text.find('\n')? + 1;
    let mut offset = yaml_start;
    for line in yaml.split_inclusive('\n') {
        let item = line.trim_start().strip_prefix('-').map(str::trim);
        if item == Some(name) {
            let column = line.find(name).unwrap_or(0);
            return Some(Span::new(index, offset + column..offset + column + name.len()));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_memory(files: &[(&str, &str)], diagnostics: &mut Diagnostics) -> Spec {
        let index = files[0].1.as_bytes().to_vec();
        let mut read = |name: &str| files.iter().find(|(n, _)| *n == name).map(|(_, t)| t.as_bytes().to_vec());
        load_with(files[0].0, index, &mut read, diagnostics)
    }

    #[test]
    fn line_and_column_of_offsets() {
        let file = SourceFile::new("a.md", "ab\ncdé\n\nx");
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(3), (2, 1));
        assert_eq!(file.line_col(7), (2, 4));
        assert_eq!(file.line_col(8), (3, 1));
        assert_eq!(file.line_col(9), (4, 1));
        assert_eq!(file.line_col(1000), (4, 2));
    }

    #[test]
    fn follows_includes_in_order() {
        let mut diagnostics = Diagnostics::new();
        let spec = load_memory(
            &[
                ("index.html.md", "---\ntitle: T\nincludes:\n  - b\n  - a\n---\n# Intro\n"),
                ("includes/_a.md", "# A\n"),
                ("includes/_b.md", "# B\n"),
            ],
            &mut diagnostics,
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(spec.front_matter.title.as_deref(), Some("T"));
        let names: Vec<_> = spec.documents.iter().map(|d| spec.sources.file(d.file).name.clone()).collect();
        assert_eq!(names, ["index.html.md", "includes/_b.md", "includes/_a.md"]);
        assert_eq!(&spec.sources.file(spec.documents[0].file).text[spec.documents[0].body_start..], "# Intro\n");
    }

    #[test]
    fn missing_include_is_reported_at_its_line() {
        let mut diagnostics = Diagnostics::new();
        let spec = load_memory(
            &[("index.html.md", "---\nincludes:\n  - here\n  - gone\n---\n"), ("includes/_here.md", "# Here\n")],
            &mut diagnostics,
        );
        assert_eq!(spec.documents.len(), 2);
        let located = diagnostics.located(&spec.sources);
        assert_eq!(located.len(), 1);
        assert_eq!(located[0].code, Code::SL001);
        assert_eq!((located[0].line, located[0].column), (Some(4), Some(5)));
    }

    #[test]
    fn front_matter_that_is_not_yaml() {
        let mut diagnostics = Diagnostics::new();
        let spec = load_memory(&[("index.html.md", "---\nincludes: [a\ntitle: : :\n---\n# Body\n")], &mut diagnostics);
        assert!(spec.front_matter.includes.is_empty());
        let located = diagnostics.located(&spec.sources);
        assert_eq!(located[0].code, Code::SL002);
        assert!(located[0].line.is_some());
        assert_eq!(&spec.sources.file(FileId(0)).text[spec.documents[0].body_start..], "# Body\n");
    }

    #[test]
    fn a_file_with_nul_bytes_is_not_read_as_text() {
        let mut diagnostics = Diagnostics::new();
        let mut read = |_: &str| Some(b"# A\n\x00\x01binary".to_vec());
        let spec = load_with("index.html.md", b"---\nincludes: [a]\n---\n".to_vec(), &mut read, &mut diagnostics);
        assert_eq!(spec.documents.len(), 2);
        assert_eq!(spec.sources.file(spec.documents[1].file).text, "");
        let located = diagnostics.located(&spec.sources);
        assert_eq!(located.len(), 1, "{located:?}");
        assert_eq!((located[0].code, located[0].file.as_deref()), (Code::SL001, Some("includes/_a.md")));
        assert!(located[0].message.contains("includes/_a.md:2:"), "{}", located[0].message);
    }

    #[test]
    fn no_front_matter_is_reported() {
        let mut diagnostics = Diagnostics::new();
        let spec = load_memory(&[("index.html.md", "# Only a body\n")], &mut diagnostics);
        assert_eq!(spec.documents.len(), 1);
        assert_eq!(diagnostics.iter().next().map(|d| d.code), Some(Code::SL002));
    }

    #[test]
    fn bytes_that_are_not_utf8_are_reported_and_replaced() {
        let mut diagnostics = Diagnostics::new();
        let mut read = |_: &str| None;
        let spec =
            load_with("index.html.md", b"---\nincludes: []\n---\nok \xff\xfe\n".to_vec(), &mut read, &mut diagnostics);
        assert!(spec.sources.file(FileId(0)).text.contains('\u{fffd}'));
        let located = diagnostics.located(&spec.sources);
        assert_eq!(located[0].code, Code::SL001);
        assert_eq!((located[0].line, located[0].column), (Some(4), Some(4)));
    }
}
