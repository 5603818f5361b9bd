//! The layout of the files a generated crate is written as: rustfmt's, with
//! rustfmt's default configuration, so that `cargo fmt --check` accepts them
//! as they are.
//!
//! prettyplease prints the backend's tokens (it turns `#[doc]` attributes
//! into `///` lines, which rustfmt does not do on stable); rustfmt then lays
//! the text out. rustfmt's formatting of a style edition does not change
//! between its versions, so the same documentation gives the same files on
//! every machine that has rustfmt. Where it cannot be run, the files keep
//! prettyplease's layout and the caller says so.
//!
//! The crate carries [`RUSTFMT_TOML`], the configuration its files were laid
//! out with, so that an enclosing workspace's `rustfmt.toml` does not apply
//! to them.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use super::runtime::VENDORED_FOLDER;
use super::GeneratedCrate;

/// The generated crate's `rustfmt.toml`, and the configuration its files are
/// laid out with: rustfmt's defaults, for the crate's edition.
pub const RUSTFMT_TOML: &str = "\
# The generated files are laid out with rustfmt's default configuration; this
# file keeps the settings of an enclosing workspace from applying to them.
edition = \"2021\"
";

/// How long rustfmt may take over one file. The files are the backend's
/// output, but their text comes from documentation nobody here wrote.
const TIME_LIMIT: Duration = Duration::from_secs(60);

/// Why a file kept prettyplease's layout.
#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    #[error("rustfmt (`{program}`) could not be run: {source}")]
    NotRun { program: String, source: io::Error },
    #[error("a folder for rustfmt's configuration could not be written: {0}")]
    Configuration(io::Error),
    #[error("rustfmt refused {file}: {message}")]
    Refused { file: String, message: String },
    #[error("rustfmt took longer than {} s over {file}", TIME_LIMIT.as_secs())]
    TimedOut { file: String },
}

/// A rustfmt program and the configuration it is given.
#[derive(Debug)]
pub struct Rustfmt {
    program: OsString,
    /// Holds `rustfmt.toml` ([`RUSTFMT_TOML`]); removed when dropped.
    configuration: tempfile::TempDir,
}

impl Rustfmt {
    /// The rustfmt named by the `RUSTFMT` variable (as cargo uses it), else
    /// the one on `PATH`, once it has answered `--version`.
    pub fn find() -> Result<Self, LayoutError> {
        let rustfmt = Self::named()?;
        rustfmt.answers_version()?;
        Ok(rustfmt)
    }

    /// The rustfmt [`Self::find`] names, not yet run: laying out a crate
    /// asks for its version only when something fails, which saves starting
    /// one more process (through rustup's proxy, about 15 ms) on every run.
    fn named() -> Result<Self, LayoutError> {
        let program = std::env::var_os("RUSTFMT").filter(|value| !value.is_empty()).unwrap_or_else(|| "rustfmt".into());
        let configuration =
            tempfile::Builder::new().prefix("codegen-rustfmt").tempdir().map_err(LayoutError::Configuration)?;
        std::fs::write(configuration.path().join("rustfmt.toml"), RUSTFMT_TOML).map_err(LayoutError::Configuration)?;
        Ok(Rustfmt { program, configuration })
    }

    /// `Err` unless the program runs and answers `--version`: a program
    /// that is not a working rustfmt is then one error, not one per file.
    fn answers_version(&self) -> Result<(), LayoutError> {
        let not_run = |source| LayoutError::NotRun { program: self.program.to_string_lossy().into_owned(), source };
        let answer = Command::new(&self.program).arg("--version").stdin(Stdio::null()).output().map_err(not_run)?;
        if !answer.status.success() {
            let message = String::from_utf8_lossy(&answer.stderr).trim().to_string();
            return Err(not_run(io::Error::other(format!("`--version` failed: {message}"))));
        }
        Ok(())
    }

    /// `text` laid out by rustfmt; `file` names it in errors.
    pub fn format(&self, file: &str, text: &str) -> Result<String, LayoutError> {
        let config = self.configuration.path().join("rustfmt.toml");
        let mut child = Command::new(&self.program)
            .args(["--edition", "2021", "--emit", "stdout", "--color", "never", "--config-path"])
            .arg(&config)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|source| LayoutError::NotRun { program: self.program.to_string_lossy().into_owned(), source })?;
        let finished = run_to_end(&mut child, text.as_bytes());
        let (status, stdout, stderr) = match finished {
            Some(finished) => finished,
            None => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(LayoutError::TimedOut { file: file.to_string() });
            }
        };
        let refused = |message: String| LayoutError::Refused { file: file.to_string(), message };
        if !status.is_ok_and(|status| status.success()) {
            return Err(refused(first_lines(&String::from_utf8_lossy(&stderr))));
        }
        String::from_utf8(stdout).map_err(|_| refused("its output is not UTF-8".to_string()))
    }
}

impl Rustfmt {
    /// The files at `paths` of `files` laid out by a few rustfmt processes
    /// at once, one per core: rustfmt's start is most of what laying out a
    /// small file costs, and one process uses one core. `Err` when anything
    /// goes wrong; [`Self::format`], file by file, then says which file.
    ///
    /// Each process gets a scratch folder holding every file and is given
    /// the ones no other declares as a module (it follows `mod` declarations
    /// to the rest). The files that declare modules are written whole in
    /// every folder, so that each process reaches every file; the others are
    /// shared out by size, and a process sees the files of the other shares
    /// empty. rustfmt lays out each file on its own, so how they are shared
    /// out does not change a byte of the result.
    fn format_together(
        &self,
        files: &BTreeMap<String, String>,
        paths: &[String],
        workers: usize,
    ) -> Result<BTreeMap<String, String>, LayoutError> {
        if let Some(path) = paths.iter().find(|path| !is_plain_relative(path)) {
            return Err(LayoutError::Refused { file: path.clone(), message: "not a plain relative path".into() });
        }
        let declared: Vec<Vec<String>> = paths.iter().map(|path| declared_modules(path, &files[path])).collect();
        let children: BTreeSet<&String> = declared.iter().flatten().collect();
        let roots: Vec<&str> = paths.iter().filter(|path| !children.contains(path)).map(String::as_str).collect();
        let (parents, leaves): (Vec<_>, Vec<_>) =
            paths.iter().zip(&declared).partition(|(_, declares)| !declares.is_empty());
        let parents: Vec<&String> = parents.into_iter().map(|(path, _)| path).collect();
        let leaves: Vec<&String> = leaves.into_iter().map(|(path, _)| path).collect();
        let shares = share_out(&leaves, |path| files[path.as_str()].len(), workers);

        let mut scratches = Vec::with_capacity(shares.len());
        for share in &shares {
            let scratch =
                tempfile::Builder::new().prefix("codegen-layout").tempdir().map_err(LayoutError::Configuration)?;
            for path in paths {
                let text = if parents.contains(&path) || share.contains(&path) { files[path].as_str() } else { "" };
                write_into(scratch.path(), path, text)?;
            }
            scratches.push(scratch);
        }
        let outcomes: Vec<Result<(), LayoutError>> = thread::scope(|scope| {
            let runs: Vec<_> =
                scratches.iter().map(|scratch| scope.spawn(|| self.format_in(scratch.path(), &roots))).collect();
            runs.into_iter()
                .map(|run| run.join().unwrap_or_else(|_| Err(refused_together("its thread failed"))))
                .collect()
        });
        outcomes.into_iter().collect::<Result<(), LayoutError>>()?;

        let mut laid_out = BTreeMap::new();
        for path in paths {
            let share = shares.iter().position(|share| share.contains(&path)).unwrap_or(0);
            let text =
                std::fs::read_to_string(scratches[share].path().join(path)).map_err(LayoutError::Configuration)?;
            laid_out.insert(path.clone(), text);
        }
        Ok(laid_out)
    }

    /// Runs rustfmt over the files `roots` of `folder` (and the modules they
    /// declare), in place.
    fn format_in(&self, folder: &Path, roots: &[&str]) -> Result<(), LayoutError> {
        let config = self.configuration.path().join("rustfmt.toml");
        let mut child = Command::new(&self.program)
            .args(["--edition", "2021", "--color", "never", "--config-path"])
            .arg(&config)
            .args(roots)
            .current_dir(folder)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|source| LayoutError::NotRun { program: self.program.to_string_lossy().into_owned(), source })?;
        let Some((status, _, stderr)) = run_to_end(&mut child, b"") else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(LayoutError::TimedOut { file: TOGETHER.to_string() });
        };
        if !status.is_ok_and(|status| status.success()) {
            return Err(refused_together(&first_lines(&String::from_utf8_lossy(&stderr))));
        }
        Ok(())
    }
}

/// How the files laid out together are named in errors.
const TOGETHER: &str = "the crate's files, together";

fn refused_together(message: &str) -> LayoutError {
    LayoutError::Refused { file: TOGETHER.to_string(), message: message.to_string() }
}

fn is_plain_relative(path: &str) -> bool {
    Path::new(path).components().all(|part| matches!(part, Component::Normal(_)))
}

fn write_into(folder: &Path, path: &str, text: &str) -> Result<(), LayoutError> {
    let target = folder.join(path);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(LayoutError::Configuration)?;
    }
    std::fs::write(&target, text).map_err(LayoutError::Configuration)
}

/// How many rustfmt processes run at once: one per core, at most four.
fn worker_count() -> usize {
    thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get).min(4)
}

/// `items` in at most `count` shares of about the same total `size`: the
/// largest first, each to the lightest share so far. Never an empty share,
/// and always at least one.
fn share_out<'a>(items: &[&'a String], size: impl Fn(&String) -> usize, count: usize) -> Vec<Vec<&'a String>> {
    let count = count.min(items.len()).max(1);
    let mut by_size: Vec<&'a String> = items.to_vec();
    by_size.sort_by_key(|item| std::cmp::Reverse(size(item)));
    let mut shares: Vec<(usize, Vec<&'a String>)> = vec![(0, Vec::new()); count];
    for item in by_size {
        let lightest = shares.iter_mut().min_by_key(|(total, _)| *total).expect("at least one share");
        lightest.0 += size(item);
        lightest.1.push(item);
    }
    shares.into_iter().map(|(_, share)| share).collect()
}

/// The files `mod name;` lines of the file at `path` declare, both places
/// a module's file may be (`name.rs`, `name/mod.rs`), as crate paths.
fn declared_modules(path: &str, text: &str) -> Vec<String> {
    let file = Path::new(path);
    let folder = match file.file_name().and_then(|name| name.to_str()) {
        Some("lib.rs" | "main.rs" | "mod.rs") => file.parent().map(Path::to_path_buf),
        _ => file.parent().zip(file.file_stem()).map(|(parent, stem)| parent.join(stem)),
    };
    let Some(folder) = folder else { return Vec::new() };
    let names = text.lines().filter_map(|line| {
        let line = line.trim();
        let line = match line.strip_prefix("pub(") {
            Some(rest) => rest.split_once(')')?.1.trim_start(),
            None => line.strip_prefix("pub ").unwrap_or(line),
        };
        let name = line.strip_prefix("mod ")?.strip_suffix(';')?.trim();
        name.chars().all(|c| c.is_alphanumeric() || c == '_').then_some(name)
    });
    let as_crate_path = |path: PathBuf| path.to_str().map(|path| path.replace('\\', "/"));
    names
        .flat_map(|name| [folder.join(format!("{name}.rs")), folder.join(name).join("mod.rs")])
        .filter_map(as_crate_path)
        .collect()
}

/// Feeds `input` to the child and collects what it prints, within
/// [`TIME_LIMIT`]; `None` when the limit passed first. Input and output
/// move on threads of their own, so that neither pipe can fill and stall
/// the other.
fn run_to_end(child: &mut Child, input: &[u8]) -> Option<(io::Result<std::process::ExitStatus>, Vec<u8>, Vec<u8>)> {
    let mut stdin = child.stdin.take()?;
    let input = input.to_vec();
    let writer = thread::spawn(move || {
        // A child that stops reading (it failed) closes the pipe: its
        // status says why, not this write.
        let _ = stdin.write_all(&input);
    });
    let stdout = child.stdout.take().map(read_on_thread);
    let stderr = child.stderr.take().map(read_on_thread);
    let deadline = Instant::now() + TIME_LIMIT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Ok(status),
            Ok(None) if Instant::now() >= deadline => return None,
            Ok(None) => thread::sleep(Duration::from_millis(5)),
            Err(err) => break Err(err),
        }
    };
    let _ = writer.join();
    let collect = |reader: Option<thread::JoinHandle<Vec<u8>>>| reader.and_then(|r| r.join().ok()).unwrap_or_default();
    Some((status, collect(stdout), collect(stderr)))
}

fn read_on_thread(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}

/// rustfmt's first complaint, enough to find the fault.
fn first_lines(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().filter(|line| !line.trim().is_empty()).take(4).collect();
    if lines.is_empty() {
        "it failed without a message".to_string()
    } else {
        lines.join(" / ")
    }
}

/// Lays out the crate's own Rust files with rustfmt: every `.rs` file but
/// the vendored runtime's, which is written as it is kept. A file rustfmt
/// refuses keeps its layout; the errors say which. `Err` when rustfmt could
/// not be run at all.
pub fn lay_out(krate: &mut GeneratedCrate) -> Result<Vec<LayoutError>, LayoutError> {
    lay_out_with(&Rustfmt::named()?, krate)
}

fn lay_out_with(rustfmt: &Rustfmt, krate: &mut GeneratedCrate) -> Result<Vec<LayoutError>, LayoutError> {
    let paths: Vec<String> = krate.files.keys().filter(|path| is_laid_out(path)).cloned().collect();
    match rustfmt.format_together(&krate.files, &paths, worker_count()) {
        Ok(laid_out) => {
            krate.files.extend(laid_out);
            return Ok(Vec::new());
        }
        Err(err @ LayoutError::NotRun { .. }) => return Err(err),
        // Either the program is no working rustfmt, or one file at a time
        // finds the one rustfmt refuses.
        Err(_) => rustfmt.answers_version()?,
    }
    let mut refused = Vec::new();
    for (path, text) in krate.files.iter_mut() {
        if !is_laid_out(path) {
            continue;
        }
        match rustfmt.format(path, text) {
            Ok(formatted) => *text = formatted,
            Err(err @ LayoutError::NotRun { .. }) => return Err(err),
            Err(err) => refused.push(err),
        }
    }
    Ok(refused)
}

/// Whether a file of the crate is the backend's Rust, laid out by rustfmt.
fn is_laid_out(path: &str) -> bool {
    let path = Path::new(path);
    path.extension().is_some_and(|extension| extension == "rs") && !path.starts_with(VENDORED_FOLDER)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The project's tests need rustfmt: the committed crates are laid out
    /// by it.
    fn rustfmt() -> Rustfmt {
        Rustfmt::find().expect("rustfmt runs (rustup component add rustfmt)")
    }

    #[test]
    fn lays_out_with_the_default_configuration() {
        let rustfmt = rustfmt();
        let text = "fn main() { let x = call(aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb, ccccccccccccccccccccc); }\n";
        let formatted = rustfmt.format("src/main.rs", text).unwrap();
        assert!(formatted.starts_with("fn main() {\n    let x = call(\n"), "{formatted}");
        assert_eq!(rustfmt.format("src/main.rs", &formatted).unwrap(), formatted);
    }

    #[test]
    fn a_refused_file_names_itself() {
        let rustfmt = rustfmt();
        let err = rustfmt.format("src/broken.rs", "fn main( {\n").unwrap_err();
        assert!(matches!(&err, LayoutError::Refused { file, .. } if file == "src/broken.rs"), "{err}");
    }

    #[test]
    fn only_the_backends_rust_files_are_laid_out() {
        assert!(is_laid_out("src/lib.rs"));
        assert!(is_laid_out("tests/examples.rs"));
        assert!(!is_laid_out("runtime/src/lib.rs"));
        assert!(!is_laid_out("Cargo.toml"));
        assert!(!is_laid_out("rustfmt.toml"));
    }

    #[test]
    fn the_files_of_a_crate_are_laid_out_together_as_one_by_one() {
        let mut krate = GeneratedCrate::default();
        let long = "fn f() { call(aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb, cccccccccccccccccccccccc); }\n";
        krate.insert("src/lib.rs", "pub mod models;\npub(crate) mod client;\n");
        krate.insert("src/client.rs", long);
        krate.insert("src/models/mod.rs", "pub mod things;\n");
        krate.insert("src/models/things.rs", format!("pub  struct  Thing;\n{long}"));
        krate.insert("tests/examples.rs", long);
        krate.insert("Cargo.toml", "[package]\n");
        let one_by_one: BTreeMap<String, String> = krate
            .files
            .iter()
            .map(|(path, text)| {
                let text = if is_laid_out(path) { rustfmt().format(path, text).unwrap() } else { text.clone() };
                (path.clone(), text)
            })
            .collect();
        assert!(lay_out(&mut krate).unwrap().is_empty());
        assert_eq!(krate.files, one_by_one);
        assert!(krate.files["src/models/things.rs"].starts_with("pub struct Thing;\nfn f() {\n"));
        let paths: Vec<String> = one_by_one.keys().filter(|path| is_laid_out(path)).cloned().collect();
        for workers in [1, 3, 8] {
            let laid_out = rustfmt().format_together(&one_by_one, &paths, workers).unwrap();
            assert!(laid_out.iter().all(|(path, text)| one_by_one[path] == *text), "{workers} workers");
        }
    }

    #[test]
    fn files_are_shared_out_by_size_never_leaving_a_share_empty() {
        let names: Vec<String> = ["a", "bbbbbb", "cc", "ddd"].map(String::from).to_vec();
        let items: Vec<&String> = names.iter().collect();
        let shares = share_out(&items, String::len, 2);
        assert_eq!(shares, [vec![&names[1]], vec![&names[3], &names[2], &names[0]]]);
        assert_eq!(share_out(&items, String::len, 9).len(), 4);
        assert_eq!(share_out(&items[..0], String::len, 2), [Vec::<&String>::new()]);
    }

    #[test]
    fn a_file_rustfmt_refuses_is_named_when_the_crate_is_laid_out() {
        let mut krate = GeneratedCrate::default();
        krate.insert("src/lib.rs", "pub mod broken;\nfn  f() {}\n");
        krate.insert("src/broken.rs", "fn main( {\n");
        let refused = lay_out(&mut krate).unwrap();
        assert!(matches!(&refused[..], [LayoutError::Refused { file, .. }] if file == "src/broken.rs"), "{refused:?}");
        assert_eq!(krate.files["src/lib.rs"], "pub mod broken;\nfn f() {}\n");
    }

    #[test]
    fn module_declarations_name_both_places_of_the_file() {
        let declared =
            declared_modules("src/models/mod.rs", "pub mod a;\n  pub(crate) mod b_2;\nmod c { }\n// mod d;\n");
        assert_eq!(declared, ["src/models/a.rs", "src/models/a/mod.rs", "src/models/b_2.rs", "src/models/b_2/mod.rs"]);
        assert_eq!(declared_modules("src/client.rs", "mod retry;"), ["src/client/retry.rs", "src/client/retry/mod.rs"]);
    }

    #[test]
    fn a_missing_rustfmt_is_an_error_not_a_panic() {
        let missing = Rustfmt { program: "/nonexistent/rustfmt".into(), configuration: tempfile::tempdir().unwrap() };
        assert!(matches!(missing.format("src/lib.rs", "fn f() {}\n"), Err(LayoutError::NotRun { .. })));
        let mut krate = GeneratedCrate::default();
        krate.insert("src/lib.rs", "fn  f() {}\n");
        assert!(matches!(lay_out_with(&missing, &mut krate), Err(LayoutError::NotRun { .. })));
    }

    /// A program that runs but fails at everything is one error, found by
    /// asking its version after the crate could not be laid out.
    #[cfg(unix)]
    #[test]
    fn a_program_that_is_no_rustfmt_is_one_error() {
        let broken = Rustfmt { program: "false".into(), configuration: tempfile::tempdir().unwrap() };
        let mut krate = GeneratedCrate::default();
        krate.insert("src/lib.rs", "pub mod a;\n");
        krate.insert("src/a.rs", "fn  f() {}\n");
        let err = lay_out_with(&broken, &mut krate).unwrap_err();
        assert!(matches!(&err, LayoutError::NotRun { program, .. } if program == "false"), "{err}");
        assert_eq!(krate.files["src/a.rs"], "fn  f() {}\n", "the files keep their layout");
    }
}
