//! Bytes to the text of a generated crate: the pipeline of `pipeline.rs`,
//! then the Rust backend (models, client, docs, Cargo.toml). Any input must
//! give files, never a panic; the doc comments must hold no code block that
//! rustdoc would run.
//!
//! The input is a documentation folder as `pipeline.rs` reads it: the
//! index's bytes, then each include as a line `\0NAME` and its bytes.
#![no_main]

use std::collections::BTreeMap;

use codegen::diagnostics::Diagnostics;
use codegen::rust::{self, Options};
use libfuzzer_sys::fuzz_target;

fn folder(data: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut chunks = data.split(|&b| b == 0);
    let mut files = BTreeMap::new();
    files.insert("index.html.md".to_string(), chunks.next().unwrap_or_default().to_vec());
    for chunk in chunks {
        let (name, text) = match chunk.iter().position(|&b| b == b'\n') {
            Some(end) => (&chunk[..end], &chunk[end + 1..]),
            None => (chunk, &[][..]),
        };
        let name: String =
            String::from_utf8_lossy(name).chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        files.insert(format!("includes/_{name}.md"), text.to_vec());
    }
    files
}

fuzz_target!(|data: &[u8]| {
    let Some(analysis) = codegen::analyze_files(&folder(data)) else { return };
    let mut diagnostics = Diagnostics::new();
    let krate =
        rust::generate_located(&analysis.api, &Options::new("fuzzed"), Some(&analysis.spec.sources), &mut diagnostics);
    assert!(krate.get("Cargo.toml").is_some_and(|text| text.parse::<toml_edit::DocumentMut>().is_ok()));
    for (path, text) in &krate.files {
        if path.ends_with(".rs") {
            assert!(!text.contains('\u{202E}'), "{path} holds a bidi control");
        }
    }
});
