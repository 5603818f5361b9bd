//! `ir` and `generate`, in process, on the 2020-09-01 reference at 1, 4 and
//! 16 times its size: the folders are made on the first run by
//! `../shared/perf/scale.py` under the target folder, never committed. Time
//! per size shows whether the pipeline stays linear in the documentation
//! (the 4x row should take about 4 times the 1x row). `hostile.rs` times the
//! 10,000-include and long-line inputs; `scripts/perf_ratios.sh` compares
//! whole processes with the bare markdown pass.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use codegen::rust::{self, Options};

fn main() {
    divan::main();
}

fn shared() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    [root.join("../shared"), root.join("../../shared")]
        .into_iter()
        .find(|path| path.join("perf/scale.py").is_file())
        .expect("../shared (with perf/scale.py) sits beside the repository")
}

/// The reference scaled `factor` times, made once.
fn scaled(factor: usize) -> PathBuf {
    let shared = shared();
    let source = shared.join("reference/2020-09-01");
    if factor == 1 {
        return source;
    }
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("scaled-2020-09-01-x{factor}"));
    if !folder.join("index.html.md").is_file() {
        let status = Command::new("python3")
            .arg(shared.join("perf/scale.py"))
            .arg(&source)
            .arg(factor.to_string())
            .arg(&folder)
            .stdout(Stdio::null())
            .status()
            .expect("python3 runs");
        assert!(status.success(), "scale.py failed for {factor}x");
    }
    folder
}

#[divan::bench(args = [1, 4, 16], sample_count = 5, sample_size = 1)]
fn ir(bencher: divan::Bencher, factor: usize) {
    let folder = scaled(factor);
    bencher.bench(|| {
        let analysis = codegen::analyze(divan::black_box(&folder)).expect("loads");
        divan::black_box(analysis.api.to_json().len())
    });
}

#[divan::bench(args = [1, 4, 16], sample_count = 5, sample_size = 1)]
fn generate(bencher: divan::Bencher, factor: usize) {
    let folder = scaled(factor);
    let options = Options::new("scaled");
    bencher.bench(|| {
        let analysis = codegen::analyze(divan::black_box(&folder)).expect("loads");
        let mut diagnostics = analysis.diagnostics;
        let krate = rust::generate_located(&analysis.api, &options, Some(&analysis.spec.sources), &mut diagnostics);
        divan::black_box(krate.files.len())
    });
}
