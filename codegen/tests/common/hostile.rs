//! Helpers of the hostile-input tests: folders written from text, the
//! binary run under a guard, doc comments read back as rustdoc reads them,
//! and generated crates checked by cargo in one shared target folder.

#![allow(dead_code)]

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};

/// A folder holding `files` (relative path, content).
pub fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    write_files(dir.path(), files);
    dir
}

pub fn write_files(root: &Path, files: &[(&str, &str)]) {
    for (name, content) in files {
        let path = root.join(name);
        fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
        fs::write(path, content).expect("write");
    }
}

/// Runs the built binary. A run that has not ended after a few minutes is
/// killed and fails the test: a hang must be a failure, not a stuck suite.
/// Its output is drained while it runs, so a long report cannot block it.
pub fn codegen(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("codegen runs");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr")));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(300) {
            let _ = child.kill();
            panic!("codegen {args:?} did not end");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output { status, stdout: stdout.join().expect("stdout read"), stderr: stderr.join().expect("stderr read") }
}

pub fn path_arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// `codegen generate --spec SPEC --out OUT`: exit code and stderr.
pub fn generate(spec: &Path, out: &Path, more: &[&str]) -> (i32, String) {
    let mut args = vec!["generate", "--spec", path_arg(spec), "--out", path_arg(out)];
    args.extend_from_slice(more);
    let output = codegen(&args);
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).into_owned())
}

/// Every `.rs` file under `root`.
pub fn rust_files(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).expect("a folder").filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The doc comments of a Rust file as rustdoc joins them: each run of
/// `///` (or `//!`) lines, one space of each line removed.
pub fn doc_comments(text: &str) -> Vec<String> {
    let mut docs = Vec::new();
    let mut current: Option<(&str, Vec<&str>)> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let marker = ["//!", "///"].into_iter().find(|m| trimmed.starts_with(m) && !trimmed.starts_with("////"));
        match (marker, current.as_mut()) {
            (Some(marker), Some((open, lines))) if *open == marker => lines.push(&trimmed[3..]),
            (Some(marker), _) => {
                if let Some((_, lines)) = current.take() {
                    docs.push(unindent(&lines));
                }
                current = Some((marker, vec![&trimmed[3..]]));
            }
            (None, _) => {
                if let Some((_, lines)) = current.take() {
                    docs.push(unindent(&lines));
                }
            }
        }
    }
    if let Some((_, lines)) = current {
        docs.push(unindent(&lines));
    }
    docs
}

fn unindent(lines: &[&str]) -> String {
    let indent = lines.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min();
    let indent = indent.unwrap_or(0);
    lines.iter().map(|l| l.get(indent..).unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// Code blocks of a markdown text that rustdoc would compile: fences not
/// labelled exactly `text`, and indented blocks, at any depth.
pub fn runnable_code_blocks(markdown: &str) -> Vec<String> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    Parser::new_ext(markdown, options)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if info.trim() == "text" => None,
            Event::Start(Tag::CodeBlock(_)) => Some(markdown[range].to_string()),
            _ => None,
        })
        .collect()
}

/// Every runnable code block in the doc comments of a generated crate, with
/// its file.
pub fn runnable_blocks_in_crate(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for file in rust_files(root) {
        let text = fs::read_to_string(&file).expect("a text file");
        for doc in doc_comments(&text) {
            for block in runnable_code_blocks(&doc) {
                found.push(format!("{}:\n{block}", file.display()));
            }
        }
    }
    found
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `cargo check --all-targets` of the crate or workspace at `root`, offline,
/// with the repository's lock file, in the target folder the standalone
/// crate test uses (so dependencies are built once). The warnings and errors
/// it printed about the checked crates, one per line; empty when clean.
pub fn cargo_check(root: &Path) -> Result<(), String> {
    fs::copy(repo_root().join("Cargo.lock"), root.join("Cargo.lock")).expect("the lock file");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(["check", "--offline", "--all-targets", "--workspace", "--message-format", "short"])
        .current_dir(root)
        .env("CARGO_TARGET_DIR", repo_root().join("target/generated-crates"))
        .env_remove("RUSTFLAGS")
        // Incremental state of throwaway crates would only fill the disk.
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    // `--message-format short` writes `path:line:col: warning: ...` and plain
    // `warning: ...`/`error: ...` lines; cargo's own progress lines
    // (`Compiling thiserror ...`) must not count as findings.
    let is_finding = |line: &str| {
        ["warning", "error"].iter().any(|kind| {
            line.starts_with(&format!("{kind}:"))
                || line.starts_with(&format!("{kind}["))
                || line.contains(&format!(": {kind}"))
        })
    };
    let findings: Vec<&str> = stderr.lines().filter(|line| is_finding(line)).collect();
    if output.status.success() && findings.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "cargo check ({}):\n{}",
            output.status,
            if findings.is_empty() { stderr.to_string() } else { findings.join("\n") }
        ))
    }
}
