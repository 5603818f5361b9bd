//! Writing a generated crate to a folder, and comparing a folder with what
//! would be written.
//!
//! The generator owns the files whose first line carries
//! [`GENERATED_MARKER`]: a file it wrote before and no longer writes is
//! removed; every other file is left alone, and nothing outside the output
//! folder is touched. Files whose content did not change are not rewritten,
//! so their modification time (and cargo's fingerprints) stay.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{GeneratedCrate, GENERATED_MARKER};

/// What a write changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteSummary {
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
    pub removed: Vec<String>,
}

/// A file of the output folder that differs from what would be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleFile {
    pub path: String,
    /// A unified diff from the folder's content to the generated one.
    pub diff: String,
}

/// Folders never walked when looking for generated files.
const SKIPPED_DIRS: &[&str] = &["target", ".git", "node_modules"];

pub fn write_crate(out: &Path, krate: &GeneratedCrate) -> io::Result<WriteSummary> {
    let mut summary = WriteSummary::default();
    for (relative, content) in &krate.files {
        let path = out.join(relative);
        if fs::read_to_string(&path).ok().as_deref() == Some(content.as_str()) {
            summary.unchanged.push(relative.clone());
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, content)?;
        summary.written.push(relative.clone());
    }
    for relative in owned_files(out)? {
        if krate.files.contains_key(&relative) {
            continue;
        }
        let path = out.join(&relative);
        fs::remove_file(&path)?;
        remove_empty_parents(out, &path);
        summary.removed.push(relative);
    }
    Ok(summary)
}

/// The files that differ between `out` and `krate`, with their diffs: files
/// to write, files to change, and generated files to remove.
pub fn stale_files(out: &Path, krate: &GeneratedCrate) -> io::Result<Vec<StaleFile>> {
    let mut stale = Vec::new();
    for (relative, content) in &krate.files {
        let current = fs::read_to_string(out.join(relative)).unwrap_or_default();
        if current != *content {
            stale.push(StaleFile { path: relative.clone(), diff: unified_diff(relative, &current, content) });
        }
    }
    for relative in owned_files(out)? {
        if !krate.files.contains_key(&relative) {
            let current = fs::read_to_string(out.join(&relative)).unwrap_or_default();
            stale.push(StaleFile { path: relative.clone(), diff: unified_diff(&relative, &current, "") });
        }
    }
    Ok(stale)
}

fn unified_diff(relative: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{relative}"), &format!("b/{relative}"))
        .to_string()
}

/// Relative paths (with `/`) of the generated files under `out`, sorted.
pub fn owned_files(out: &Path) -> io::Result<Vec<String>> {
    let mut found = Vec::new();
    if out.is_dir() {
        walk(out, out, &mut found)?;
    }
    found.sort();
    Ok(found)
}

fn walk(root: &Path, dir: &Path, found: &mut Vec<String>) -> io::Result<()> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let file_type = fs::symlink_metadata(&path)?.file_type();
        if file_type.is_dir() {
            if !SKIPPED_DIRS.contains(&name.as_str()) && !name.starts_with('.') {
                walk(root, &path, found)?;
            }
        } else if file_type.is_file() && is_generated(&path) {
            if let Ok(relative) = path.strip_prefix(root) {
                let parts: Vec<String> =
                    relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                found.push(parts.join("/"));
            }
        }
    }
    Ok(())
}

fn is_generated(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 256];
    let Ok(mut file) = fs::File::open(path) else { return false };
    let read = file.read(&mut head).unwrap_or(0);
    let text = String::from_utf8_lossy(&head[..read]);
    text.lines().next().is_some_and(|line| line.contains(GENERATED_MARKER))
}

fn remove_empty_parents(out: &Path, path: &Path) {
    let mut dir = path.parent();
    while let Some(current) = dir {
        if current == out || !current.starts_with(out) {
            break;
        }
        if fs::remove_dir(current).is_err() {
            break;
        }
        dir = current.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("codegen-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn krate(files: &[(&str, &str)]) -> GeneratedCrate {
        GeneratedCrate { files: files.iter().map(|(p, c)| (p.to_string(), c.to_string())).collect() }
    }

    #[test]
    fn stale_generated_files_are_removed_and_others_kept() {
        let out = temp_dir("stale");
        let marker = format!("// {GENERATED_MARKER}\n");
        fs::create_dir_all(out.join("src/models")).unwrap();
        fs::write(out.join("src/models/old.rs"), &marker).unwrap();
        fs::write(out.join("src/mine.rs"), "// written by hand\n").unwrap();
        fs::create_dir_all(out.join("target/debug")).unwrap();
        fs::write(out.join("target/debug/x.rs"), &marker).unwrap();
        let new = krate(&[("src/lib.rs", &format!("{marker}pub mod models;\n"))]);

        let stale = stale_files(&out, &new).unwrap();
        let paths: Vec<&str> = stale.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(paths, ["src/lib.rs", "src/models/old.rs"]);
        assert!(stale[0].diff.contains("+pub mod models;"), "{}", stale[0].diff);

        let summary = write_crate(&out, &new).unwrap();
        assert_eq!(summary.removed, ["src/models/old.rs"]);
        assert!(!out.join("src/models").exists());
        assert!(out.join("src/mine.rs").exists());
        assert!(out.join("target/debug/x.rs").exists());
        assert!(stale_files(&out, &new).unwrap().is_empty());
        assert_eq!(write_crate(&out, &new).unwrap().unchanged, ["src/lib.rs"]);
        fs::remove_dir_all(&out).unwrap();
    }
}
