//! `docs/lint-codes.md`, written from [`Code::ALL`] so the list cannot drift
//! from the code: a test regenerates it and fails when it was stale.

use crate::diagnostics::{Code, Severity};

/// Codes the Rust backend reports (during `codegen generate`), not the
/// analysis every command runs.
const FROM_GENERATE: &[Code] = &[Code::SL024];

/// The markdown of `docs/lint-codes.md`.
pub fn codes_markdown() -> String {
    let mut text = String::from(
        "# Lint codes\n\n\
         <!-- Written by `cargo test -p codegen lint_codes_document`: edit `Code` in \
         codegen/src/diagnostics.rs instead. -->\n\n\
         Every finding of `codegen lint` (and of `codegen ir` and `codegen generate`, which report the same \
         findings on stderr) has one of these codes. A code never changes meaning.\n\n\
         - **error**: part of the documentation could not be read at all; what depends on it is left out. \
         every command still produces its output from the rest and exits 1.\n\
         - **warning**: a mistake the toolkit reads through, with the fallback the message names. \
         `codegen lint` exits 1 on warnings only with `--deny warnings` (or `--deny CODE`).\n\
         - **note**: worth knowing, nothing is wrong on the wire.\n\n\
         `codegen lint --allow CODE` hides a code for one run; `<!-- codegen: allow(CODE) why -->` in a \
         section accepts the findings of that code in that section (and the sections under it), for every \
         command. Errors cannot be allowed.\n\n\
         | Code | Severity | Finds |\n|------|----------|-------|\n",
    );
    for &code in Code::ALL {
        let severities: Vec<String> = code.severities().iter().map(Severity::to_string).collect();
        let mut finds = code.explanation().replace('|', "\\|");
        if FROM_GENERATE.contains(&code) {
            finds.push_str(" (reported by `codegen generate`)");
        }
        text.push_str(&format!("| {code} | {} | {finds} |\n", severities.join(" or ")));
    }
    text
}
