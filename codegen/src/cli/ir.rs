use std::path::PathBuf;

use super::{analyze_or_report, report, EXIT_OK, EXIT_UNPROCESSABLE};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A Slate source folder, or its index file.
    #[arg(long)]
    pub spec: PathBuf,
}

/// Prints the IR on stdout and the diagnostics on stderr. Exits 2 when an
/// error left part of the input unread; warnings do not change the exit code.
pub fn run(args: Args) -> u8 {
    let analysis = match analyze_or_report(&args.spec) {
        Ok(analysis) => analysis,
        Err(code) => return code,
    };
    print!("{}", analysis.api.to_json());
    report(&analysis.diagnostics, &analysis.spec.sources);
    if analysis.diagnostics.has_errors() {
        EXIT_UNPROCESSABLE
    } else {
        EXIT_OK
    }
}
