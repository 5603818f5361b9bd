//! Stage 1, load: a Slate source folder into memory.
//!
//! `index.html.md` carries YAML front matter whose `includes` list names
//! partials, found as Slate (Middleman) finds them: `a/b` is
//! `includes/a/_b.md`, else `includes/a/b.md`, each also as `.html.md`,
//! `.md.erb` or `.html.md.erb`. Every file is kept whole with a line index so
//! that any byte offset maps back to file, line and column. Problems (missing
//! include, bytes that are not UTF-8, front matter that is not YAML) become
//! diagnostics; whatever can still be read is read.
//!
//! The documentation is input from outside: the front matter is bounded
//! (size, nesting, aliases expanded), includes are read only when they are
//! regular files inside the folder and below a size limit, and control or
//! bidirectional characters are replaced before any stage sees the text.

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use yaml_rust2::parser::{Event, Parser};
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
    /// File name -> its first id: lookups by name stay constant-time with
    /// thousands of includes.
    by_name: HashMap<String, FileId>,
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, file: SourceFile) -> FileId {
        let id = FileId(clamp_u32(self.files.len()));
        self.by_name.entry(file.name.clone()).or_insert(id);
        self.files.push(file);
        id
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
        let id = *self.by_name.get(name)?;
        Some((id, self.file(id)))
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
const INDEX_NAMES: &[&str] = &["index.html.md", "index.md", "index.html.md.erb"];

/// The largest documentation file read, index or include: far above any real
/// page, far below what would exhaust memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The largest front matter read: a title and lists of names (10,000
/// includes fit).
pub const MAX_FRONT_MATTER_BYTES: usize = 1024 * 1024;

/// How deep the front matter's collections may nest.
pub const MAX_FRONT_MATTER_DEPTH: usize = 32;

/// How many YAML nodes the front matter may hold once every alias is
/// expanded: a few aliases that each repeat the previous one twice would
/// otherwise build billions of nodes.
pub const MAX_FRONT_MATTER_NODES: u64 = 100_000;

/// The endings Middleman tries for a partial, in order.
const PARTIAL_EXTENSIONS: &[&str] = &[".md", ".html.md", ".md.erb", ".html.md.erb"];

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
    let bytes = read_bounded(&index_path).map_err(|source| LoadError::Io { path: index_path.clone(), source })?;
    let folder = if root.as_os_str().is_empty() { Path::new(".") } else { root.as_path() };
    let canonical_root =
        fs::canonicalize(folder).map_err(|source| LoadError::Io { path: folder.to_path_buf(), source })?;
    let mut reader = |relative: &str| read_confined(folder, &canonical_root, relative);
    let mut spec = load_from(&index_name, bytes, &mut reader, diagnostics);
    spec.root = root.clone();
    spec.read_paths = std::iter::once(index_path)
        .chain(spec.documents.iter().skip(1).map(|document| root.join(&spec.sources.file(document.file).name)))
        .collect();
    Ok(spec)
}

/// The first path tried for an include, relative to the spec folder.
pub fn include_path(name: &str) -> String {
    include_candidates(name).swap_remove(0)
}

/// Every path tried for an include, in order, as Middleman looks up a
/// partial: `a/b` is `includes/a/_b.md`, then `includes/a/b.md`, each with
/// the other template endings.
pub fn include_candidates(name: &str) -> Vec<String> {
    let (folder, base) = match name.rsplit_once('/') {
        Some((folder, base)) => (format!("includes/{folder}/"), base),
        None => ("includes/".to_string(), name),
    };
    ["_", ""]
        .iter()
        .flat_map(|prefix| PARTIAL_EXTENSIONS.iter().map(move |extension| (prefix, extension)))
        .map(|(prefix, extension)| format!("{folder}{prefix}{base}{extension}"))
        .collect()
}

/// What asking for one file gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileRead {
    Found(Vec<u8>),
    Missing,
    /// The file exists but must not be read; the text says why.
    Refused(String),
}

/// Reads `relative` under `folder` only when it is a regular file whose
/// real path (symlinks resolved) lies inside the folder and whose size is
/// within [`MAX_FILE_BYTES`]. The type is checked before the file is opened,
/// so a FIFO or a device is never opened at all.
fn read_confined(folder: &Path, canonical_root: &Path, relative: &str) -> FileRead {
    let path = folder.join(relative);
    match fs::symlink_metadata(&path) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return FileRead::Missing,
        Err(err) => return FileRead::Refused(format!("{relative} cannot be read: {err}")),
        Ok(_) => {}
    }
    let canonical = match fs::canonicalize(&path) {
        Ok(canonical) => canonical,
        Err(err) => return FileRead::Refused(format!("{relative} is a link that leads nowhere readable: {err}")),
    };
    if !canonical.starts_with(canonical_root) {
        return FileRead::Refused(format!(
            "{relative} leads to {}, outside the documentation folder",
            canonical.display()
        ));
    }
    let metadata = match fs::metadata(&canonical) {
        Ok(metadata) => metadata,
        Err(err) => return FileRead::Refused(format!("{relative} cannot be read: {err}")),
    };
    if !metadata.is_file() {
        let kind = if metadata.is_dir() { "a folder" } else { "a FIFO, a device or a socket" };
        return FileRead::Refused(format!("{relative} is {kind}, not a regular file"));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return FileRead::Refused(too_large(relative, metadata.len()));
    }
    match read_bounded(&canonical) {
        Ok(bytes) => FileRead::Found(bytes),
        Err(err) => FileRead::Refused(format!("{relative} cannot be read: {err}")),
    }
}

fn too_large(name: &str, len: u64) -> String {
    format!("{name} holds {len} bytes, more than the {MAX_FILE_BYTES} a documentation file may hold")
}

/// Reads a file, refusing one that holds more than [`MAX_FILE_BYTES`] even if
/// it grew after its size was checked.
fn read_bounded(path: &Path) -> std::io::Result<Vec<u8>> {
    let file = fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len > MAX_FILE_BYTES {
        return Err(std::io::Error::other(too_large(&path.display().to_string(), len)));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(std::io::Error::other(too_large(&path.display().to_string(), bytes.len() as u64)));
    }
    Ok(bytes)
}

/// Loads a spec whose files come from `read` (the disk, a git revision, a
/// test's memory). `read` returns `None` for a file that does not exist.
pub fn load_with(
    index_name: &str,
    index_bytes: Vec<u8>,
    read: &mut dyn FnMut(&str) -> Option<Vec<u8>>,
    diagnostics: &mut Diagnostics,
) -> Spec {
    let mut read = |relative: &str| match read(relative) {
        Some(bytes) if bytes.len() as u64 > MAX_FILE_BYTES => {
            FileRead::Refused(too_large(relative, bytes.len() as u64))
        }
        Some(bytes) => FileRead::Found(bytes),
        None => FileRead::Missing,
    };
    load_from(index_name, index_bytes, &mut read, diagnostics)
}

/// Loads a spec whose files come from `read`, which may refuse a file.
pub fn load_from(
    index_name: &str,
    index_bytes: Vec<u8>,
    read: &mut dyn FnMut(&str) -> FileRead,
    diagnostics: &mut Diagnostics,
) -> Spec {
    let mut sources = SourceMap::new();
    let (index, is_text) = decode(index_name, index_bytes).add_to(&mut sources, diagnostics);
    let (front_matter, body_start) =
        if is_text { read_front_matter(&sources, index, diagnostics) } else { (FrontMatter::default(), 0) };
    let mut documents = vec![Document { file: index, body_start }];
    let spans = include_spans(&sources, index);
    let mut seen: HashMap<&str, usize> = HashMap::new();

    // The files are found and read in order, made text on every core (the
    // bytes of a large document take milliseconds to check and index), then
    // given their ids in order.
    let mut found: Vec<(String, Vec<u8>)> = Vec::new();
    for name in &front_matter.includes {
        let occurrence = seen.entry(name.as_str()).or_default();
        let at = spans.get(name).and_then(|spans| spans.get(*occurrence).or(spans.first())).copied();
        *occurrence += 1;
        if *occurrence > 1 {
            diagnostics.push(
                Diagnostic::note(Code::SL042, format!("include `{name}` is listed again; it is read once"))
                    .at_opt(at)
                    .help(format!("remove the repeated `{name}` from the front matter's includes")),
            );
            continue;
        }
        if let Some(why) = unsafe_include_name(name) {
            diagnostics.push(
                Diagnostic::error(Code::SL042, format!("include `{name}` is not read: its name {why}"))
                    .at_opt(at)
                    .help("name includes by their path under `includes/`, such as `orders` or `shop/orders`"),
            );
            continue;
        }
        match find_include(name, read) {
            Ok(file) => found.push(file),
            Err(IncludeError::Refused(why)) => diagnostics.push(
                Diagnostic::error(Code::SL042, format!("include `{name}` is not read: {why}"))
                    .at_opt(at)
                    .help("includes are read only as regular files inside the documentation folder"),
            ),
            Err(IncludeError::Missing(tried)) => diagnostics.push(
                Diagnostic::error(Code::SL001, format!("include `{name}` not found: tried {}", tried.join(", ")))
                    .at_opt(at)
                    .help(format!("create {}, or remove `{name}` from the front matter's includes", tried[0])),
            ),
        }
    }
    let decoded: Vec<Decoded> = found.into_par_iter().map(|(relative, bytes)| decode(&relative, bytes)).collect();
    for decoded in decoded {
        let (file, _) = decoded.add_to(&mut sources, diagnostics);
        documents.push(Document { file, body_start: 0 });
    }

    Spec { root: PathBuf::new(), sources, front_matter, documents, read_paths: Vec::new() }
}

enum IncludeError {
    /// Every path tried, in order.
    Missing(Vec<String>),
    Refused(String),
}

/// The first of an include's candidate paths that exists, read.
fn find_include(name: &str, read: &mut dyn FnMut(&str) -> FileRead) -> Result<(String, Vec<u8>), IncludeError> {
    let candidates = include_candidates(name);
    for candidate in &candidates {
        match read(candidate) {
            FileRead::Found(bytes) => return Ok((candidate.clone(), bytes)),
            FileRead::Refused(why) => return Err(IncludeError::Refused(why)),
            FileRead::Missing => {}
        }
    }
    Err(IncludeError::Missing(candidates))
}

/// Why an include name cannot name a file inside the folder, if it cannot.
fn unsafe_include_name(name: &str) -> Option<&'static str> {
    if name.trim().is_empty() {
        return Some("is empty");
    }
    if name.chars().any(char::is_control) {
        return Some("holds a control character");
    }
    if name.contains('\\') {
        return Some("holds a backslash");
    }
    let path = Path::new(name);
    if path.is_absolute() || name.starts_with('/') || path.has_root() {
        return Some("is an absolute path");
    }
    if path.components().any(|component| matches!(component, Component::ParentDir | Component::Prefix(_))) {
        return Some("leaves the documentation folder through `..`");
    }
    None
}

/// How many bytes at the start of a file are looked at for a NUL byte.
const BINARY_PROBE: usize = 8000;

/// A file's bytes made text, before the file has an id: what it says about
/// them waits for one.
struct Decoded {
    file: SourceFile,
    /// `false` for a binary file, read as empty.
    is_text: bool,
    /// Diagnostics about the file, each with the bytes it points at.
    findings: Vec<(Diagnostic, Range<usize>)>,
}

impl Decoded {
    /// Adds the file, and its findings with their place in it.
    fn add_to(self, sources: &mut SourceMap, diagnostics: &mut Diagnostics) -> (FileId, bool) {
        let file = sources.add(self.file);
        for (diagnostic, range) in self.findings {
            diagnostics.push(diagnostic.at(Span::new(file, range)));
        }
        (file, self.is_text)
    }
}

/// Text of a file: bytes that are not UTF-8 are replaced so the rest can
/// still be read, and reported at the first bad byte; a binary file is read
/// as empty.
fn decode(name: &str, bytes: Vec<u8>) -> Decoded {
    if let Some(nul) = bytes.iter().take(BINARY_PROBE).position(|&b| b == 0) {
        // Like git: a NUL byte near the start means the file is not text.
        // Reading it as markdown would only bury the one useful finding
        // under findings about its bytes.
        let line = bytes[..nul].iter().filter(|&&b| b == b'\n').count() + 1;
        let finding = Diagnostic::error(
            Code::SL001,
            format!(
                "{name}:{line}: the file is not text ({} bytes, a NUL byte at offset {nul}); it is not read",
                bytes.len()
            ),
        )
        .help("the documentation must be UTF-8 markdown; check that the right file is in this place");
        return Decoded { file: SourceFile::new(name, String::new()), is_text: false, findings: vec![(finding, 0..0)] };
    }
    match String::from_utf8(bytes) {
        Ok(text) => decode_text(name, text),
        Err(err) => {
            // Up to the first bad byte the replaced text is the file itself.
            let valid_up_to = err.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
            let mut decoded = decode_text(name, text);
            let finding = Diagnostic::error(
                Code::SL001,
                format!("the file is not UTF-8 (first bad byte at offset {valid_up_to})"),
            )
            .help("the documentation must be UTF-8; bad bytes were replaced with U+FFFD");
            decoded.findings.push((finding, valid_up_to..valid_up_to + '\u{fffd}'.len_utf8()));
            decoded
        }
    }
}

/// A text file with its control and bidirectional characters replaced
/// (reported once, at the first), so that no later stage can copy them into
/// a comment or a literal.
fn decode_text(name: &str, text: String) -> Decoded {
    let (text, replaced) = replace_hostile_chars(text);
    let mut findings = Vec::new();
    if let Some((offset, first, count)) = replaced {
        let finding = Diagnostic::warning(
            Code::SL043,
            format!("{count} control or bidirectional character(s) replaced, the first U+{:04X}", first as u32),
        )
        .help("such characters change how text reads without being seen; write the text without them");
        findings.push((finding, offset..offset + 1));
    }
    Decoded { file: SourceFile::new(name, text), is_text: true, findings }
}

/// Whether a character is replaced when a file is loaded: controls other
/// than tab, line feed and the carriage return of a CRLF, and the Unicode
/// bidirectional controls (which reorder how source text displays).
pub fn is_hostile_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The text with each hostile character replaced by one of the same UTF-8
/// length (so byte offsets stay true), and a bare carriage return by a
/// space; the offset and character of the first, and how many there were.
fn replace_hostile_chars(text: String) -> (String, Option<(usize, char, usize)>) {
    let hostile =
        |(i, c): &(usize, char)| is_hostile_char(*c) || (*c == '\r' && text.as_bytes().get(i + 1) != Some(&b'\n'));
    let Some((first_offset, first)) = first_hostile_char(&text) else {
        return (text, None);
    };
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    for (i, c) in text.char_indices() {
        if hostile(&(i, c)) {
            count += 1;
            match c.len_utf8() {
                3 => out.push('\u{FFFD}'),
                n => out.extend(std::iter::repeat_n(' ', n)),
            }
        } else {
            out.push(c);
        }
    }
    (out, Some((first_offset, first, count)))
}

/// The first character [`replace_hostile_chars`] replaces, found by bytes:
/// only a byte that can start such a character (an ASCII control, or the
/// lead byte of a C1 control or a bidirectional control) is decoded, so
/// that clean text, nearly all of it, is one quick scan.
fn first_hostile_char(text: &str) -> Option<(usize, char)> {
    const C1_LEAD: u8 = 0xC2; // U+0080..=U+009F
    const ARABIC_LEAD: u8 = 0xD8; // U+061C
    const PUNCTUATION_LEAD: u8 = 0xE2; // U+200E, U+202A.., U+2066..
    let may_start = |byte: &u8| {
        matches!(*byte, 0..=0x1F | 0x7F | C1_LEAD | ARABIC_LEAD | PUNCTUATION_LEAD) && !matches!(*byte, b'\t' | b'\n')
    };
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = bytes.get(from..)?.iter().position(may_start) {
        let at = from + found;
        // Every byte `may_start` accepts begins a character.
        let c = text.get(at..)?.chars().next()?;
        if is_hostile_char(c) || (c == '\r' && bytes.get(at + 1) != Some(&b'\n')) {
            return Some((at, c));
        }
        from = at + c.len_utf8();
    }
    None
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
    if let Err((why, char_index)) = check_yaml_bounds(yaml) {
        let offset = yaml_start + byte_offset_of_char(yaml, char_index);
        diagnostics.push(
            Diagnostic::error(Code::SL044, format!("the front matter is not read: {why}"))
                .at(Span::new(index, offset..offset))
                .help("the front matter holds a title and lists of names: write them without deep nesting or aliases"),
        );
        return (FrontMatter::default(), body_start);
    }
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
    let map = match docs.into_iter().next() {
        Some(Yaml::Hash(map)) => map,
        // `---` then `---`: an empty front matter, as Middleman reads it.
        None | Some(Yaml::Null) => return (FrontMatter::default(), body_start),
        Some(_) => {
            diagnostics.push(
                Diagnostic::error(Code::SL002, "the front matter is not a YAML mapping")
                    .at(Span::new(index, 0..3))
                    .help("write `key: value` lines such as `title:` and `includes:`"),
            );
            return (FrontMatter::default(), body_start);
        }
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

/// Walks the front matter's YAML events, without building any value, and
/// refuses it when it is too large, nests too deep, or would expand through
/// its aliases beyond [`MAX_FRONT_MATTER_NODES`]: the reason and the
/// character index where it was found. A syntax error is left to the loader
/// that follows, which reports it with its own words.
fn check_yaml_bounds(yaml: &str) -> Result<(), (String, usize)> {
    if yaml.len() > MAX_FRONT_MATTER_BYTES {
        return Err((format!("it holds {} bytes, more than {MAX_FRONT_MATTER_BYTES}", yaml.len()), 0));
    }
    let mut parser = Parser::new_from_str(yaml);
    // Open collections: their anchor and how many nodes they hold so far.
    let mut open: Vec<(usize, u64)> = Vec::new();
    let mut anchored: HashMap<usize, u64> = HashMap::new();
    let mut total: u64 = 0;
    loop {
        let Ok((event, marker)) = parser.next_token() else { return Ok(()) };
        let finished = match event {
            Event::StreamEnd => return Ok(()),
            Event::Scalar(_, _, anchor, _) => Some((anchor, 1)),
            Event::Alias(anchor) => Some((0, anchored.get(&anchor).copied().unwrap_or(1))),
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if open.len() >= MAX_FRONT_MATTER_DEPTH {
                    return Err((format!("it nests more than {MAX_FRONT_MATTER_DEPTH} levels deep"), marker.index()));
                }
                open.push((anchor, 1));
                None
            }
            Event::SequenceEnd | Event::MappingEnd => open.pop(),
            _ => None,
        };
        let Some((anchor, nodes)) = finished else { continue };
        if anchor != 0 {
            anchored.insert(anchor, nodes);
        }
        let sum = match open.last_mut() {
            Some((_, parent)) => parent,
            None => &mut total,
        };
        *sum = sum.saturating_add(nodes);
        if nodes.max(*sum) > MAX_FRONT_MATTER_NODES {
            return Err((format!("its aliases expand to more than {MAX_FRONT_MATTER_NODES} values"), marker.index()));
        }
    }
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
/// offset where the markdown body starts. A byte order mark before the
/// first `---` is allowed.
fn split_front_matter(text: &str) -> Option<(&str, usize)> {
    let first_line_end = text.find('\n')?;
    if text[..first_line_end].trim_start_matches('\u{feff}').trim_end() != "---" {
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

/// The places of each `- name` in the index's front matter, in order, for
/// diagnostics about an include.
fn include_spans(sources: &SourceMap, index: FileId) -> HashMap<String, Vec<Span>> {
    let mut spans = HashMap::new();
    let text = &sources.file(index).text;
    let (Some((yaml, _)), Some(newline)) = (split_front_matter(text), text.find('\n')) else { return spans };
    let mut offset = newline + 1;
    for line in yaml.split_inclusive('\n') {
        if let Some(item) = line.trim_start().strip_prefix('-') {
            let name = item.trim().trim_matches(['"', '\'']);
            if !name.is_empty() {
                let column = line.find(name).unwrap_or(0);
                spans
                    .entry(name.to_string())
                    .or_default()
                    .push(Span::new(index, offset + column..offset + column + name.len()));
            }
        }
        offset += line.len();
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_finds_the_character_the_char_scan_finds() {
        let by_chars = |text: &str| {
            text.char_indices()
                .find(|&(i, c)| is_hostile_char(c) || (c == '\r' && text.as_bytes().get(i + 1) != Some(&b'\n')))
        };
        // Every character up to U+2FFF, alone and after clean non-ASCII text
        // that shares the lead bytes (`«` C2, `’` E2, `ؘ` D8).
        for code in 0..0x3000u32 {
            let Some(c) = char::from_u32(code) else { continue };
            for text in [format!("{c}"), format!("a«’\u{0618}é{c}b"), format!("line\r\n{c}\r\n")] {
                assert_eq!(first_hostile_char(&text), by_chars(&text), "U+{code:04X} in {text:?}");
            }
        }
        assert_eq!(first_hostile_char("a\rb"), Some((1, '\r')));
        assert_eq!(first_hostile_char("a\r\nb\t"), None);
    }
    use crate::diagnostics::Severity;

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

    #[test]
    fn includes_are_looked_up_as_middleman_partials() {
        let tried = include_candidates("shop/orders");
        assert_eq!(tried[0], "includes/shop/_orders.md");
        assert_eq!(tried[4], "includes/shop/orders.md");
        assert!(tried.contains(&"includes/shop/_orders.md.erb".to_string()));
        assert!(tried.contains(&"includes/shop/orders.html.md".to_string()));
        let mut diagnostics = Diagnostics::new();
        let spec = load_memory(
            &[
                ("index.html.md", "---\nincludes:\n  - shop/orders\n  - plain\n  - plain\n---\n"),
                ("includes/shop/_orders.md", "# Orders\n"),
                ("includes/plain.html.md", "# Plain\n"),
            ],
            &mut diagnostics,
        );
        let names: Vec<_> = spec.documents.iter().map(|d| spec.sources.file(d.file).name.clone()).collect();
        assert_eq!(names, ["index.html.md", "includes/shop/_orders.md", "includes/plain.html.md"]);
        let located = diagnostics.located(&spec.sources);
        assert_eq!(located.len(), 1, "{located:?}");
        assert_eq!((located[0].code, located[0].severity, located[0].line), (Code::SL042, Severity::Note, Some(5)));
    }

    #[test]
    fn include_names_that_leave_the_folder_are_refused_before_any_read() {
        for name in ["../x", "a/../../x", "/etc/passwd", "a\\b", "", "a\u{1}b"] {
            assert!(unsafe_include_name(name).is_some(), "{name:?}");
        }
        for name in ["a", "a/b", "café/menü", "a.b", "_x"] {
            assert_eq!(unsafe_include_name(name), None, "{name:?}");
        }
        let mut diagnostics = Diagnostics::new();
        let mut read = |name: &str| -> Option<Vec<u8>> { panic!("{name} must not be read") };
        let spec =
            load_with("index.html.md", b"---\nincludes: [../secret]\n---\n".to_vec(), &mut read, &mut diagnostics);
        assert_eq!(spec.documents.len(), 1);
        assert_eq!(diagnostics.iter().next().map(|d| d.code), Some(Code::SL042));
    }

    #[test]
    fn yaml_aliases_are_counted_as_expanded_before_any_value_is_built() {
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for level in 1..9 {
            bomb.push_str(&format!("a{level}: &a{level} [{}]\n", vec![format!("*a{}", level - 1); 9].join(", ")));
        }
        let (why, _) = check_yaml_bounds(&bomb).expect_err("a bomb");
        assert!(why.contains("aliases"), "{why}");
        assert_eq!(check_yaml_bounds("base: &b {x: 1}\nother: *b\nincludes: [a, b]\n"), Ok(()));
        let deep = format!("x: {}{}", "[".repeat(33), "]".repeat(33));
        assert!(check_yaml_bounds(&deep).is_err());
    }

    #[test]
    fn control_and_bidi_characters_are_replaced_in_place() {
        let text = "a\u{202E}b\u{1}c\rd\r\ne\u{61C}f".to_string();
        let (replaced, first) = replace_hostile_chars(text.clone());
        assert_eq!(replaced.len(), text.len(), "offsets stay true");
        assert_eq!(replaced, "a\u{FFFD}b c d\r\ne  f");
        assert_eq!(first, Some((1, '\u{202E}', 4)));
    }
}
