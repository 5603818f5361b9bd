use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use super::{analyze_or_report, TextOrJson, EXIT_FOUND, EXIT_OK, EXIT_UNPROCESSABLE};
use crate::diagnostics::{render, Code, Severity};
use crate::lint::{Level, Policy};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A Slate source folder, or its index file.
    #[arg(long)]
    pub spec: PathBuf,
    /// `text`: each finding with its source line underlined, then a count.
    /// `json`: one JSON object per line and finding (code, severity, file,
    /// line, column, message, help).
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
    /// Count these findings as errors: `warnings` (all of them) or a code
    /// such as `SL007`. Repeatable.
    #[arg(short = 'D', long, value_name = "warnings|CODE")]
    pub deny: Vec<Level>,
    /// Do not report findings of this code (errors are always reported).
    /// Repeatable.
    #[arg(short = 'A', long, value_name = "CODE")]
    pub allow: Vec<Code>,
}

/// Prints every finding on stdout. Exits 1 when an error is found (warnings
/// count once denied), 2 when the documentation cannot be loaded at all.
pub fn run(args: Args) -> u8 {
    let analysis = match analyze_or_report(&args.spec) {
        Ok(analysis) => analysis,
        Err(code) => return code,
    };
    let findings = Policy::new(&args.deny, &args.allow).apply(&analysis.diagnostics);
    let output = match args.format {
        TextOrJson::Text => {
            let color = std::io::stdout().is_terminal();
            let mut text = render(&findings, &analysis.spec.sources, color);
            text.push_str(&format!(
                "{} error(s), {} warning(s), {} note(s)\n",
                findings.count(Severity::Error),
                findings.count(Severity::Warning),
                findings.count(Severity::Note)
            ));
            text
        }
        TextOrJson::Json => findings
            .located(&analysis.spec.sources)
            .iter()
            .filter_map(|finding| serde_json::to_string(finding).ok())
            .map(|line| line + "\n")
            .collect(),
    };
    if std::io::stdout().lock().write_all(output.as_bytes()).is_err() {
        return EXIT_UNPROCESSABLE;
    }
    if findings.has_errors() {
        EXIT_FOUND
    } else {
        EXIT_OK
    }
}
