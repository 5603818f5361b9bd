//! `codegen release --since REV`: moves the generated crate's version by the
//! semantic diff between the documentation at a git revision and as it is
//! now, and writes the `CHANGELOG.md` entry. Every way of generating a crate
//! takes its version from that changelog, so a crate regenerated after a
//! release carries the new version. Without `--out` the command releases
//! the workspace's own `generated/` from `spec/` and regenerates it too.

use std::path::{Path, PathBuf};

use super::generate::{finish, laid_out_and_reported, workspace_options};
use super::{analyze_api_or_report, workspace_root, EXIT_FOUND, EXIT_OK, EXIT_UNPROCESSABLE};
use crate::diagnostics::Diagnostics;
use crate::release::{self, Baseline, CHANGELOG};
use crate::rust;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The git revision whose documentation the crate's current version was
    /// made from (the commit of the last release).
    #[arg(long)]
    pub since: String,
    /// The Slate folder, read from the working tree and, at `--since`, from
    /// git; by default the workspace's `spec/`.
    #[arg(long)]
    pub spec: Option<PathBuf>,
    /// The crate folder holding `CHANGELOG.md`; by default the workspace's
    /// `generated/`, which is regenerated with the new version. Another
    /// folder gets its changelog only: regenerate it as it was generated.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print the entry on stdout instead of writing the changelog and the crate.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(args: Args) -> u8 {
    let root = workspace_root();
    let workspace = args.out.is_none();
    let spec = args.spec.clone().unwrap_or_else(|| root.join("spec"));
    let out = args.out.clone().unwrap_or_else(|| root.join("generated"));

    let new = match analyze_api_or_report(&spec) {
        Ok(analysis) => analysis,
        Err(code) => return code,
    };
    let mut diagnostics = Diagnostics::new();
    let old = match crate::gitspec::load_from_git(&args.since, &spec, &mut diagnostics) {
        Ok(loaded) => crate::analyze_loaded(loaded, diagnostics),
        Err(err) => {
            eprintln!("error[SL001]: {err}");
            eprintln!(
                "  = help: pass a revision of the repository holding {} (a commit, a tag, a branch)",
                spec.display()
            );
            return EXIT_UNPROCESSABLE;
        }
    };

    let changelog = std::fs::read_to_string(out.join(CHANGELOG)).ok();
    // Without a record the crate's version and shapes are read as they stood
    // at REV: the working tree's Cargo.toml may be regenerated already.
    let manifest = crate::gitspec::file_at_revision(&args.since, &out.join("Cargo.toml"))
        .or_else(|| std::fs::read_to_string(out.join("Cargo.toml")).ok());
    let baseline = Baseline::read(changelog.as_deref(), manifest.as_deref());
    warn_if_not_the_released_documentation(&baseline, &old.api, &args.since);

    let since = crate::gitspec::describe_revision(&args.since, &spec);
    let Some(planned) = release::plan(&old.api, &new.api, &baseline, &since) else {
        eprintln!(
            "nothing to release: {} reads as it did at {since}; the version stays {}",
            spec.display(),
            baseline.version
        );
        return EXIT_OK;
    };
    let entry = release::changelog_entry(&planned);
    if args.dry_run {
        print!("{entry}");
        eprintln!("would release {}: {} → {}", out.display(), planned.previous, planned.record.version);
        return EXIT_OK;
    }

    if let Err(err) = write_changelog(&out, changelog.as_deref(), &entry) {
        eprintln!("error: cannot write {}: {err}", out.join(CHANGELOG).display());
        return EXIT_UNPROCESSABLE;
    }
    let version = &planned.record.version;
    let summary = format!("{} {version} (from {})", out.display(), planned.previous);
    if !workspace {
        eprintln!(
            "released {summary}: wrote {CHANGELOG}; regenerate the crate the way it was generated \
             (`cargo run -p codegen -- --spec {0} --out {1}` or `codegen generate --spec {0} --out {1}`) to give \
             it version {version}",
            spec.display(),
            out.display()
        );
        return if new.diagnostics.has_errors() { EXIT_FOUND } else { EXIT_OK };
    }
    let mut options = workspace_options();
    options.version = version.to_string();
    options.release = Some(planned.record.clone());
    let mut diagnostics = new.diagnostics;
    let krate = rust::generate_located(&new.api, &options, Some(&new.spec.sources), &mut diagnostics);
    let krate = laid_out_and_reported(krate, &diagnostics, &new.spec.sources, true);
    let code = finish(&out, &krate, false);
    if code != EXIT_OK {
        return code;
    }
    eprintln!("released {summary}: wrote {CHANGELOG} and regenerated the crate");
    if diagnostics.has_errors() {
        EXIT_FOUND
    } else {
        EXIT_OK
    }
}

/// The older side should be what the current version was made from; when
/// its digest differs the revision is probably not the last release (or the
/// toolkit reads it differently now). The release goes on, measured from the
/// revision given, and says so.
fn warn_if_not_the_released_documentation(baseline: &Baseline, old: &crate::ir::Api, since: &str) {
    let Some(recorded) = &baseline.api_digest else { return };
    let digest = release::api_digest(old);
    if *recorded != digest {
        eprintln!(
            "warning: version {} was made from the API model {recorded}, but the documentation at {since} reads as \
             {digest}: either {since} is not the revision of that release, or the toolkit reads it differently now; \
             the changes below are measured from {since}",
            baseline.version
        );
    }
}

fn write_changelog(out: &Path, existing: Option<&str>, entry: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    std::fs::write(out.join(CHANGELOG), release::prepend_entry(existing, entry))
}
