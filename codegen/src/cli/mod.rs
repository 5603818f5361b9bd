//! The command line. Each subcommand lives in a file of its own and returns
//! the process exit code, the same contract for every command: 0 the output
//! was produced (warnings and notes allowed); 1 the output was produced but
//! part of the input could not be read (an error), or a check found something
//! (stale files, a breaking change, lint errors, denied warnings); 2 nothing
//! could be produced (no index, an unreadable folder, no API at all).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostics::Diagnostics;
use crate::source::SourceMap;

mod diff;
mod generate;
mod ir;
mod lint;
mod mock;
mod openapi;
mod release;

/// Exit codes shared by every subcommand.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FOUND: u8 = 1;
pub const EXIT_UNPROCESSABLE: u8 = 2;

/// The exit code of a command that produced its output from documentation
/// read with these diagnostics: 1 when an error left part of it unread.
pub fn produced(diagnostics: &Diagnostics) -> u8 {
    if diagnostics.has_errors() {
        EXIT_FOUND
    } else {
        EXIT_OK
    }
}

#[derive(Debug, Parser)]
#[command(name = "codegen", version, about = "Slate API documentation to Rust, OpenAPI and reports")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Without a subcommand: compare generated/ with what spec/ gives instead
    /// of writing it; exit 1 and print a diff when it is stale.
    #[arg(long)]
    pub check: bool,
    /// Without a subcommand: the Slate folder to read instead of `spec/`.
    #[arg(long)]
    pub spec: Option<PathBuf>,
    /// Without a subcommand: the crate folder to write or check instead of
    /// `generated/`.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate a Rust crate from a Slate folder.
    Generate(generate::Args),
    /// Print the API model (IR) as JSON.
    Ir(ir::Args),
    /// Check the documentation for mistakes.
    Lint(lint::Args),
    /// Compare two versions of the documentation and classify each change.
    Diff(diff::Args),
    /// Export the API as an OpenAPI 3.1 document.
    Openapi(openapi::Args),
    /// Serve a mock of the API built from its documentation.
    Mock(Box<mock::Args>),
    /// Move the generated crate's version by the diff since a git revision,
    /// and write its changelog entry.
    Release(release::Args),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        None => generate::regenerate_workspace(cli.check, cli.spec, cli.out),
        Some(Command::Generate(args)) => generate::run(args),
        Some(Command::Ir(args)) => ir::run(args),
        Some(Command::Lint(args)) => lint::run(args),
        Some(Command::Diff(args)) => diff::run(args),
        Some(Command::Openapi(args)) => openapi::run(args),
        Some(Command::Mock(args)) => mock::run(*args),
        Some(Command::Release(args)) => release::run(args),
    };
    ExitCode::from(code)
}

/// The repository root, where `spec/` and `generated/` live: found from the
/// crate's own location so `cargo run -p codegen` works from any folder.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

/// Prints diagnostics on stderr, rustc-style, with a closing count.
pub fn report(diagnostics: &Diagnostics, sources: &SourceMap) {
    eprint!("{}", report_text(diagnostics, sources));
}

/// What [`report`] writes: nothing when there is nothing to say.
pub fn report_text(diagnostics: &Diagnostics, sources: &SourceMap) -> String {
    if diagnostics.is_empty() {
        return String::new();
    }
    let color = std::io::stderr().is_terminal();
    let mut text = crate::diagnostics::render(diagnostics, sources, color);
    use crate::diagnostics::Severity;
    text.push_str(&format!(
        "{} error(s), {} warning(s), {} note(s)\n",
        diagnostics.count(Severity::Error),
        diagnostics.count(Severity::Warning),
        diagnostics.count(Severity::Note)
    ));
    text
}

/// Loads and extracts a spec, printing a load failure as a diagnostic.
pub fn analyze_or_report(spec: &Path) -> Result<crate::Analysis, u8> {
    crate::analyze(spec).map_err(|err| {
        eprintln!("error[SL001]: {err}");
        eprintln!("  = help: pass a Slate folder holding index.html.md, or the index file itself");
        EXIT_UNPROCESSABLE
    })
}

/// Like [`analyze_or_report`], for the commands whose output is made from the
/// API model: documentation in which no endpoint and no model could be read
/// gives nothing to produce (its diagnostics say why).
pub fn analyze_api_or_report(spec: &Path) -> Result<crate::Analysis, u8> {
    let analysis = analyze_or_report(spec)?;
    if analysis.api.endpoints.is_empty() && analysis.api.models.is_empty() {
        report(&analysis.diagnostics, &analysis.spec.sources);
        eprintln!("error: no endpoint and no model could be read from {}", spec.display());
        eprintln!("  = help: an operation is a section with an endpoint line such as `GET /things`; a model is a section with a field table");
        return Err(EXIT_UNPROCESSABLE);
    }
    Ok(analysis)
}
