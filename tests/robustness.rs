//! The whole pipeline (load, read, extract, lint, render) on damaged copies
//! of the real-world reference documentation: every file cut at many
//! points (mid-character too), its lines shuffled, and lines duplicated.
//! No case may panic, and none may hang: each runs on a thread of its own,
//! watched for `CASE_LIMIT` (a hang detector, not a speed requirement).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use e2e::{reference, REFERENCE_DATES};

/// Far beyond what a case takes; only a loop that never ends reaches it.
const CASE_LIMIT: Duration = Duration::from_secs(10);
const CUTS_PER_FILE: usize = 12;
const SHUFFLES_PER_FILE: u64 = 2;
const DUPLICATIONS_PER_FILE: u64 = 2;

type Files = BTreeMap<String, Vec<u8>>;

fn load(folder: &Path) -> Files {
    let mut files = BTreeMap::new();
    files.insert("index.html.md".to_string(), fs::read(folder.join("index.html.md")).expect("index"));
    for entry in fs::read_dir(folder.join("includes")).expect("includes").flatten() {
        let name = format!("includes/{}", entry.file_name().to_string_lossy());
        files.insert(name, fs::read(entry.path()).expect("include"));
    }
    files
}

/// Runs the pipeline and everything that prints its results.
fn run(files: &Files) {
    let Some(analysis) = codegen::analyze_files(files) else { return };
    let sources = &analysis.spec.sources;
    let _ = codegen::diagnostics::render(&analysis.diagnostics, sources, false);
    let _ = analysis.diagnostics.located(sources);
    let _ = analysis.api.to_json();
}

/// Runs one case on a watched thread; the reason it failed, if it did.
fn watched(files: Files) -> Option<String> {
    let (done, finished) = mpsc::channel();
    let worker = thread::Builder::new()
        .stack_size(16 * 1024 * 1024)
        .spawn(move || {
            let outcome = std::panic::catch_unwind(|| run(&files));
            let _ = done.send(outcome.err().map(|panic| {
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "a panic".to_string())
            }));
        })
        .expect("a thread");
    match finished.recv_timeout(CASE_LIMIT) {
        Ok(None) => {
            let _ = worker.join();
            None
        }
        Ok(Some(panic)) => Some(format!("panicked: {panic}")),
        Err(_) => Some(format!("still running after {CASE_LIMIT:?}")),
    }
}

/// Reproducible pseudo-random numbers for the shuffles.
fn rng(seed: u64) -> fastrand::Rng {
    fastrand::Rng::with_seed(seed)
}

/// Damaged versions of one file: (what was done, new bytes).
fn damaged(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut cases = Vec::new();
    for step in 0..CUTS_PER_FILE {
        // Spread over the file, and off by one so that some cuts split a
        // multi-byte character.
        let at = (bytes.len() * step / CUTS_PER_FILE + step % 3).min(bytes.len());
        cases.push((format!("cut at byte {at}"), bytes[..at].to_vec()));
    }
    let lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
    for seed in 0..SHUFFLES_PER_FILE {
        let mut shuffled = lines.clone();
        rng(seed).shuffle(&mut shuffled);
        cases.push((format!("lines shuffled (seed {seed})"), shuffled.concat()));
    }
    for seed in 0..DUPLICATIONS_PER_FILE {
        let mut random = rng(100 + seed);
        let mut duplicated = Vec::new();
        for line in &lines {
            duplicated.extend_from_slice(line);
            if random.u8(..) < 40 {
                for _ in 0..random.usize(1..4) {
                    duplicated.extend_from_slice(line);
                }
            }
        }
        cases.push((format!("lines duplicated (seed {seed})"), duplicated));
    }
    cases
}

#[test]
fn damaged_reference_files_neither_panic_nor_hang() {
    if !e2e::shared_available("damaged_reference_files_neither_panic_nor_hang") {
        return;
    }
    let mut failures = Vec::new();
    let mut cases = 0;
    for date in REFERENCE_DATES {
        let original = load(&reference(date));
        for (name, bytes) in &original {
            for (what, bytes) in damaged(bytes) {
                let mut files = original.clone();
                files.insert(name.clone(), bytes);
                cases += 1;
                if let Some(failure) = watched(files) {
                    failures.push(format!("{date}/{name}, {what}: {failure}"));
                }
            }
        }
    }
    assert!(cases > 300, "only {cases} cases ran");
    assert!(failures.is_empty(), "{} of {cases} cases failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn whole_folders_cut_and_shuffled_together() {
    if !e2e::shared_available("whole_folders_cut_and_shuffled_together") {
        return;
    }
    let mut failures = Vec::new();
    for date in REFERENCE_DATES {
        let original = load(&reference(date));
        // Every file at once: the index losing its front matter while the
        // includes lose their tables.
        for seed in 0..8u64 {
            let mut random = rng(1000 + seed);
            let files: Files = original
                .iter()
                .map(|(name, bytes)| {
                    let at = random.usize(..=bytes.len());
                    (name.clone(), bytes[..at].to_vec())
                })
                .collect();
            if let Some(failure) = watched(files) {
                failures.push(format!("{date}, every file cut (seed {seed}): {failure}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
