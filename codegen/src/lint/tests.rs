//! Tests of the lint stage as a whole; each check also has a fixture that
//! triggers it and one that does not (codegen/tests/lint_fixtures.rs).

use std::fs;
use std::path::Path;

use super::codes_markdown;

/// Like rust-analyzer's generated docs: a stale file is rewritten and the
/// test fails, so the change shows up in the diff to commit.
#[test]
fn lint_codes_document() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/lint-codes.md");
    let wanted = codes_markdown();
    let current = fs::read_to_string(&path).unwrap_or_default();
    if current != wanted {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("docs folder");
        }
        fs::write(&path, &wanted).expect("write docs/lint-codes.md");
        panic!("docs/lint-codes.md was stale and has been rewritten; commit it");
    }
}

#[test]
fn every_code_is_documented_once_with_its_explanation() {
    let text = codes_markdown();
    for &code in crate::diagnostics::Code::ALL {
        assert_eq!(text.matches(&format!("| {code} |")).count(), 1, "{code}");
        assert!(text.contains(&code.explanation().replace('|', "\\|")), "{code}");
    }
}
