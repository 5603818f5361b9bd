//! The whole pipeline, from bytes to the API model and its diagnostics:
//! load, read, extract, lint, then everything that prints the results.
//!
//! One input is a documentation folder: the index file's bytes, then each
//! include as a line `\0NAME` followed by its bytes (`make-seeds.sh` writes
//! the reference folders in that form). The index's front matter decides
//! which includes are read, as in a real folder.
#![no_main]

use std::collections::BTreeMap;

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
    let sources = &analysis.spec.sources;
    let _ = codegen::diagnostics::render(&analysis.diagnostics, sources, false);
    let _ = analysis.diagnostics.located(sources);
    let _ = analysis.api.to_json();
});
