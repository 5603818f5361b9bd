//! Loading a spec as it stood at a git revision, for `codegen diff --git REV`.
//!
//! The files are read with the `git` program (`git cat-file`), which every
//! checkout that has a revision to compare against already has; a git
//! library would be a large dependency for reading a dozen blobs.

use std::path::{Component, Path, PathBuf};
use std::process::Command;

use crate::diagnostics::Diagnostics;
use crate::source::{self, Spec};

/// Why the spec could not be read from the revision.
#[derive(Debug, thiserror::Error)]
pub enum GitSpecError {
    #[error("cannot run git: {0}")]
    GitUnavailable(std::io::Error),
    #[error("{path} is not in revision {revision}: {message}")]
    NotInRevision { revision: String, path: String, message: String },
    #[error("{path} at revision {revision} holds no index.html.md (nor index.md)")]
    NoIndex { revision: String, path: String },
}

/// Loads the Slate folder (or index file) at `path`, as it stood at
/// `revision` of the repository `path` lies in. `path` is read in the
/// revision, so it may be gone from the working tree.
pub fn load_from_git(revision: &str, path: &Path, diagnostics: &mut Diagnostics) -> Result<Spec, GitSpecError> {
    let absolute = std::env::current_dir().map(|cwd| cwd.join(path)).unwrap_or_else(|_| path.to_path_buf());
    let absolute = normalize(&absolute);
    let (workdir, relative) = split_at_existing_dir(&absolute);
    let git = Git { workdir, revision: revision.to_string() };

    let (root, index_name) = match git.object_type(&relative)?.as_str() {
        "tree" => {
            let name = ["index.html.md", "index.md"]
                .into_iter()
                .find(|name| git.object_type(&join(&relative, name)).is_ok_and(|kind| kind == "blob"))
                .ok_or_else(|| GitSpecError::NoIndex { revision: revision.to_string(), path: display(path) })?;
            (relative, name.to_string())
        }
        _ => {
            let (parent, name) = relative.rsplit_once('/').unwrap_or(("", relative.as_str()));
            (parent.to_string(), name.to_string())
        }
    };
    let index_bytes = git.blob(&join(&root, &index_name)).map_err(|message| GitSpecError::NotInRevision {
        revision: revision.to_string(),
        path: display(path),
        message,
    })?;
    let mut read = |name: &str| git.blob(&join(&root, name)).ok();
    let mut spec = source::load_with(&index_name, index_bytes, &mut read, diagnostics);
    spec.root = path.to_path_buf();
    Ok(spec)
}

/// The spec's path inside its repository and the revision's short commit
/// hash, as a changelog names what it compared with: `` `spec` at `1a2b3c4` ``.
/// Falls back to the path and revision as given when git cannot say.
pub fn describe_revision(revision: &str, path: &Path) -> String {
    let absolute = std::env::current_dir().map(|cwd| cwd.join(path)).unwrap_or_else(|_| path.to_path_buf());
    let (workdir, relative) = split_at_existing_dir(&normalize(&absolute));
    let git = Git { workdir, revision: revision.to_string() };
    let output = |args: &[&str]| {
        git.run(args)
            .ok()
            .filter(|out| out.status.success())
            .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    let prefix = output(&["rev-parse", "--show-prefix"]).unwrap_or_default();
    let inside = join(prefix.trim_end_matches('/'), &relative).trim_end_matches('/').to_string();
    let inside = if inside.is_empty() { display(path) } else { inside };
    let commit = output(&["rev-parse", "--short", &format!("{revision}^{{commit}}")]);
    format!("`{inside}` at `{}`", commit.unwrap_or_else(|| revision.to_string()))
}

/// A file's text as it stood at `revision`, or `None` when the revision
/// does not hold it (or git cannot say).
pub fn file_at_revision(revision: &str, path: &Path) -> Option<String> {
    let absolute = std::env::current_dir().map(|cwd| cwd.join(path)).unwrap_or_else(|_| path.to_path_buf());
    // A file is never a folder, so its name is always in the relative part.
    let (workdir, relative) = split_at_existing_dir(&normalize(&absolute));
    let bytes = Git { workdir, revision: revision.to_string() }.blob(&relative).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

struct Git {
    /// An existing folder inside the repository; object paths are relative to it.
    workdir: PathBuf,
    revision: String,
}

impl Git {
    /// `blob` or `tree`.
    fn object_type(&self, path: &str) -> Result<String, GitSpecError> {
        let output = self.run(&["cat-file", "-t", &self.object(path)])?;
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
        } else {
            Err(GitSpecError::NotInRevision {
                revision: self.revision.clone(),
                path: path.to_string(),
                message: String::from_utf8_lossy(&output.stderr).trim().to_string(),
            })
        }
    }

    /// The bytes of a file, or git's complaint.
    fn blob(&self, path: &str) -> Result<Vec<u8>, String> {
        let output = self.run(&["cat-file", "blob", &self.object(path)]).map_err(|err| err.to_string())?;
        if output.status.success() {
            Ok(output.stdout)
        } else {
            Err(String::from_utf8_lossy(&output.stderr).trim().to_string())
        }
    }

    /// `REV:./path`: git reads `./` paths from the folder it runs in.
    fn object(&self, path: &str) -> String {
        format!("{}:./{path}", self.revision)
    }

    fn run(&self, args: &[&str]) -> Result<std::process::Output, GitSpecError> {
        Command::new("git").arg("-C").arg(&self.workdir).args(args).output().map_err(GitSpecError::GitUnavailable)
    }
}

/// The deepest existing folder on `path`, and the rest of the path below it
/// with `/` separators.
fn split_at_existing_dir(path: &Path) -> (PathBuf, String) {
    let mut base = path.to_path_buf();
    let mut rest: Vec<String> = Vec::new();
    while !base.is_dir() {
        let Some(name) = base.file_name().map(|n| n.to_string_lossy().into_owned()) else { break };
        rest.push(name);
        if !base.pop() {
            break;
        }
    }
    rest.reverse();
    (base, rest.join("/"))
}

/// Removes `.` and resolves `..` without touching the disk: the path may not
/// exist in the working tree.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn join(folder: &str, name: &str) -> String {
    if folder.is_empty() {
        name.to_string()
    } else {
        format!("{folder}/{name}")
    }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    fn git(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
            .args(args)
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    }

    fn write_spec(dir: &Path, title: &str) {
        fs::create_dir_all(dir.join("includes")).unwrap();
        fs::write(dir.join("index.html.md"), format!("---\ntitle: {title}\nincludes:\n  - things\n---\n")).unwrap();
        fs::write(dir.join("includes/_things.md"), format!("# {title}\n")).unwrap();
    }

    #[test]
    fn reads_the_files_as_they_were_committed() {
        let repo = tempfile::tempdir().unwrap();
        git(repo.path(), &["init", "-q"]);
        let spec_dir = repo.path().join("docs/spec");
        write_spec(&spec_dir, "Old");
        git(repo.path(), &["add", "."]);
        git(repo.path(), &["commit", "-q", "-m", "old"]);
        write_spec(&spec_dir, "New");

        let mut diagnostics = Diagnostics::new();
        let spec = load_from_git("HEAD", &spec_dir, &mut diagnostics).unwrap();
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(spec.front_matter.title.as_deref(), Some("Old"));
        let texts: Vec<&str> = spec.sources.files().map(|(_, file)| file.text.as_str()).collect();
        assert_eq!(texts[1], "# Old\n");

        // The index file itself, and a folder gone from the working tree.
        let spec = load_from_git("HEAD", &spec_dir.join("index.html.md"), &mut diagnostics).unwrap();
        assert_eq!(spec.front_matter.title.as_deref(), Some("Old"));
        fs::remove_dir_all(&spec_dir).unwrap();
        let spec = load_from_git("HEAD", &spec_dir, &mut diagnostics).unwrap();
        assert_eq!(spec.documents.len(), 2);
    }

    #[test]
    fn a_file_is_read_as_it_was_committed() {
        let repo = tempfile::tempdir().unwrap();
        git(repo.path(), &["init", "-q"]);
        write_spec(&repo.path().join("spec"), "Old");
        git(repo.path(), &["add", "."]);
        git(repo.path(), &["commit", "-q", "-m", "old"]);
        let index = repo.path().join("spec/index.html.md");
        fs::write(&index, "changed").unwrap();
        assert!(file_at_revision("HEAD", &index).unwrap().contains("title: Old"));
        fs::remove_dir_all(repo.path().join("spec")).unwrap();
        assert!(file_at_revision("HEAD", &index).unwrap().contains("title: Old"), "gone from the working tree");
        assert_eq!(file_at_revision("HEAD", &repo.path().join("spec/missing.md")), None);
    }

    #[test]
    fn a_revision_is_described_by_its_path_and_commit() {
        let repo = tempfile::tempdir().unwrap();
        git(repo.path(), &["init", "-q"]);
        write_spec(&repo.path().join("docs/spec"), "Old");
        git(repo.path(), &["add", "."]);
        git(repo.path(), &["commit", "-q", "-m", "old"]);
        let described = describe_revision("HEAD", &repo.path().join("docs/spec"));
        let (path, commit) = described.split_once(" at ").unwrap();
        assert_eq!(path, "`docs/spec`");
        let commit = commit.trim_matches('`');
        assert!(commit.len() >= 7 && commit.chars().all(|c| c.is_ascii_hexdigit()), "{described}");
        assert!(
            describe_revision("no-such-revision", &repo.path().join("docs/spec")).ends_with(" at `no-such-revision`")
        );
    }

    #[test]
    fn a_path_missing_from_the_revision_is_an_error() {
        let repo = tempfile::tempdir().unwrap();
        git(repo.path(), &["init", "-q"]);
        write_spec(&repo.path().join("spec"), "Old");
        git(repo.path(), &["add", "."]);
        git(repo.path(), &["commit", "-q", "-m", "old"]);
        let mut diagnostics = Diagnostics::new();
        let missing = load_from_git("HEAD", &repo.path().join("elsewhere"), &mut diagnostics);
        assert!(matches!(missing, Err(GitSpecError::NotInRevision { .. })), "{missing:?}");
        let bad_revision = load_from_git("no-such-revision", &repo.path().join("spec"), &mut diagnostics);
        assert!(matches!(bad_revision, Err(GitSpecError::NotInRevision { .. })), "{bad_revision:?}");
    }
}
