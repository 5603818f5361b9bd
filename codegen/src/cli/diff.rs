use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::{EXIT_FOUND, EXIT_OK, EXIT_UNPROCESSABLE};
use crate::diagnostics::{Diagnostics, Severity};
use crate::diff::{self, Format};
use crate::Analysis;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Markdown,
    Json,
}

impl From<DiffFormat> for Format {
    fn from(format: DiffFormat) -> Self {
        match format {
            DiffFormat::Text => Format::Text,
            DiffFormat::Markdown => Format::Markdown,
            DiffFormat::Json => Format::Json,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The older documentation: a Slate folder or index file (or, with
    /// `--git`, the spec folder's path inside the repository).
    pub old: PathBuf,
    /// The newer documentation: a Slate folder or index file.
    pub new: PathBuf,
    /// Read OLD from this git revision instead of the working tree.
    #[arg(long)]
    pub git: Option<String>,
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Exit 1 when any change breaks an existing client.
    #[arg(long)]
    pub fail_on_breaking: bool,
}

/// Prints the diff on stdout. Exits 1 with `--fail-on-breaking` when a change
/// breaks, and when an error left part of either side unread (the diff may
/// then miss what that part says); 2 when either side cannot be loaded.
/// Mistakes inside the documentation do not stop the diff (that is `lint`'s
/// job); they are counted on stderr.
pub fn run(args: Args) -> u8 {
    let old = match &args.git {
        Some(revision) => analyze_revision(revision, &args.old),
        None => analyze(&args.old),
    };
    let new = analyze(&args.new);
    let (old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            for message in [old.err(), new.err()].into_iter().flatten() {
                eprintln!("error[SL001]: {message}");
            }
            eprintln!("  = help: pass Slate folders holding index.html.md, or the index files themselves");
            return EXIT_UNPROCESSABLE;
        }
    };
    note_diagnostics("old", &args.old, &old.diagnostics);
    note_diagnostics("new", &args.new, &new.diagnostics);

    let diff = diff::diff(&old.api, &new.api);
    print!("{}", diff::render(&diff, args.format.into()));
    let unread = old.diagnostics.has_errors() || new.diagnostics.has_errors();
    if unread || (args.fail_on_breaking && diff.has_breaking()) {
        EXIT_FOUND
    } else {
        EXIT_OK
    }
}

fn analyze(path: &Path) -> Result<Analysis, String> {
    crate::analyze(path).map_err(|err| err.to_string())
}

fn analyze_revision(revision: &str, path: &Path) -> Result<Analysis, String> {
    let mut diagnostics = Diagnostics::new();
    let spec = crate::gitspec::load_from_git(revision, path, &mut diagnostics).map_err(|err| err.to_string())?;
    Ok(crate::analyze_loaded(spec, diagnostics))
}

fn note_diagnostics(side: &str, path: &Path, diagnostics: &Diagnostics) {
    let (errors, warnings) = (diagnostics.count(Severity::Error), diagnostics.count(Severity::Warning));
    if errors + warnings > 0 {
        eprintln!(
            "note: the {side} documentation ({}) has {errors} error(s) and {warnings} warning(s); \
             `codegen lint --spec {}` shows them",
            path.display(),
            path.display()
        );
    }
}
