use std::path::PathBuf;

use super::{analyze_api_or_report, produced, report};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A Slate source folder, or its index file.
    #[arg(long)]
    pub spec: PathBuf,
}

/// Prints the IR on stdout and the diagnostics on stderr. Exits 1 when an
/// error left part of the input unread, 2 when there is no API to print.
pub fn run(args: Args) -> u8 {
    let analysis = match analyze_api_or_report(&args.spec) {
        Ok(analysis) => analysis,
        Err(code) => return code,
    };
    print!("{}", analysis.api.to_json());
    report(&analysis.diagnostics, &analysis.spec.sources);
    produced(&analysis.diagnostics)
}
