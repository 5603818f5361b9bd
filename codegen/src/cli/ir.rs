use std::fmt::Write as _;
use std::path::PathBuf;

use super::{analyze_api_or_report, produced, report};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A Slate source folder, or its index file.
    #[arg(long)]
    pub spec: PathBuf,
    /// Print what was read (endpoints, models, tables read / seen) and what
    /// was not, instead of the IR.
    #[arg(long)]
    pub summary: bool,
}

/// Prints the IR on stdout and the diagnostics on stderr. Exits 1 when an
/// error left part of the input unread, 2 when there is no API to print.
pub fn run(args: Args) -> u8 {
    let analysis = match analyze_api_or_report(&args.spec) {
        Ok(analysis) => analysis,
        Err(code) => return code,
    };
    if args.summary {
        print!("{}", summary(&analysis));
    } else {
        print!("{}", analysis.api.to_json());
    }
    report(&analysis.diagnostics, &analysis.spec.sources);
    produced(&analysis.diagnostics)
}

/// A few lines a person reads to see how much of a document was understood.
pub fn summary(analysis: &crate::Analysis) -> String {
    let api = &analysis.api;
    let reading = &analysis.reading;
    let mut out = String::new();
    let _ = writeln!(out, "endpoints: {}", api.endpoints.len());
    let _ = writeln!(out, "models: {}", api.models.len());
    let _ = writeln!(out, "tables: {} read / {} seen", reading.tables_read, reading.tables_seen);
    let servers: Vec<&str> = api.servers.iter().map(|s| s.url.as_str()).collect();
    let _ =
        writeln!(out, "servers: {}", if servers.is_empty() { "none named".to_string() } else { servers.join(", ") });
    if reading.unread.is_empty() {
        let _ = writeln!(out, "not read: nothing");
        return out;
    }
    let _ = writeln!(out, "not read:");
    for unread in &reading.unread {
        let place = analysis.spec.sources.location(unread.first);
        let _ = writeln!(out, "  {} x {} (first at {}:{})", unread.count, unread.shape, place.file, place.line);
    }
    out
}
