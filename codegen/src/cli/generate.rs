//! `codegen generate --spec PATH --out DIR`, and the workspace's own
//! `cargo run -p codegen [-- --check]`.
//!
//! Mistakes in the documentation are reported and worked around (the item
//! is degraded, the example left out of the tests) and the crate is still
//! written: the exit code is 0 with warnings, 1 when an error left part of
//! the documentation unread. Exit code 2 means there was nothing to generate
//! from, or the folder could not be written.

use std::path::{Path, PathBuf};

use super::{analyze_api_or_report, produced, report_text, workspace_root, EXIT_FOUND, EXIT_OK, EXIT_UNPROCESSABLE};
use crate::diagnostics::Diagnostics;
use crate::ir::Api;
use crate::release::{self, Staleness, CHANGELOG};
use crate::rust::runtime::Runtime;
use crate::rust::{self, output, Options};
use crate::source::SourceMap;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A Slate source folder, or its index file.
    #[arg(long, required_unless_present = "ir")]
    pub spec: Option<PathBuf>,
    /// Read the API model from an IR JSON file (as `codegen ir` prints it)
    /// instead of a Slate folder.
    #[arg(long, conflicts_with = "spec")]
    pub ir: Option<PathBuf>,
    /// The folder that receives the crate.
    #[arg(long)]
    pub out: PathBuf,
    /// The crate's package name; by default the output folder's name.
    #[arg(long)]
    pub name: Option<String>,
    /// The crate is a member of an enclosing workspace: leave out its own
    /// `[workspace]` table.
    #[arg(long)]
    pub member: bool,
    /// Depend on the runtime package (`codegen-runtime`) at this path,
    /// absolute or relative to the output folder, instead of writing a copy
    /// of it into the crate's `runtime/` folder.
    #[arg(long, value_name = "PATH", conflicts_with = "runtime_version")]
    pub runtime_path: Option<String>,
    /// Depend on `codegen-runtime` from a registry, at this version
    /// requirement, instead of writing a copy of it into the crate.
    #[arg(long, value_name = "VERSION")]
    pub runtime_version: Option<String>,
    /// Compare the folder with what would be written instead of writing it:
    /// print a diff and exit 1 when it differs.
    #[arg(long)]
    pub check: bool,
}

pub fn run(args: Args) -> u8 {
    let (api, sources, mut diagnostics) = match load(&args) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let mut options = standalone_options(args.name.as_deref(), &args.out, args.member, &api);
    options.runtime = match runtime_source(&args) {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    released_version(&args.out, &mut options);
    let krate = rust::generate_located(&api, &options, sources.as_ref(), &mut diagnostics);
    let krate = laid_out_and_reported(krate, &diagnostics, &sources.unwrap_or_default(), true);
    let code = match finish(&args.out, &krate, args.check) {
        EXIT_OK => produced(&diagnostics),
        failed => failed,
    };
    // A crate released with `codegen release` is checked against its
    // changelog too; one never released is only a set of files.
    let released = args.out.join(CHANGELOG).exists();
    if args.check && released {
        let spec = args.spec.as_deref().unwrap_or(Path::new("SPEC"));
        return code.max(check_release(&args.out, &api, &release_command(Some((spec, &args.out)))));
    }
    code
}

/// Where the crate takes its runtime from: `--runtime-path`,
/// `--runtime-version` (a valid version requirement) or a copy of its own.
fn runtime_source(args: &Args) -> Result<Runtime, u8> {
    if let Some(version) = &args.runtime_version {
        if let Err(err) = semver::VersionReq::parse(version) {
            eprintln!("error: --runtime-version {version:?} is not a version requirement: {err}");
            eprintln!("  = hint: write it as Cargo does, such as `0.1` or `=0.1.0`");
            return Err(EXIT_UNPROCESSABLE);
        }
        return Ok(Runtime::Version(version.clone()));
    }
    let Some(path) = &args.runtime_path else {
        return Ok(Runtime::Vendored);
    };
    if !args.out.join(path).join("Cargo.toml").is_file() {
        eprintln!(
            "warning: --runtime-path {path}: no Cargo.toml there as seen from {}; the crate will not build until \
             codegen-runtime is there",
            args.out.display()
        );
        eprintln!("  = hint: the path is relative to the output folder (or absolute)");
    }
    Ok(Runtime::Path(path.clone()))
}

/// How `codegen generate` writes a crate outside the workspace.
pub fn standalone_options(name: Option<&str>, out: &Path, member: bool, api: &Api) -> Options {
    let mut options = Options::new(package_name(name, out, api));
    options.standalone = !member;
    options.regenerate_command = "codegen generate --spec SPEC --out DIR".to_string();
    options
}

/// The version of the crate in `out` as its last release left it: the
/// latest changelog record, else the version its `Cargo.toml` has, so that
/// regenerating a crate never moves its version (only `codegen release`
/// does).
pub fn released_version(out: &Path, options: &mut Options) {
    let changelog = std::fs::read_to_string(out.join(CHANGELOG)).ok();
    if let Some(record) = changelog.as_deref().and_then(release::latest_record) {
        options.version = record.version.to_string();
        options.release = Some(record);
        return;
    }
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).ok();
    if let Some(version) = manifest.as_deref().and_then(release::package_version) {
        options.version = version.to_string();
    }
}

/// Exit 1 with what to run when the changelog's latest record no longer
/// describes `api` (see [`crate::release`]).
pub fn check_release(out: &Path, api: &Api, command: &str) -> u8 {
    let changelog = std::fs::read_to_string(out.join(CHANGELOG)).ok();
    let Some(stale) = release::staleness(changelog.as_deref(), api) else {
        return EXIT_OK;
    };
    let changelog_path = out.join(CHANGELOG);
    let revision = match &stale {
        Staleness::NoRecord => {
            "REV being the git revision of the documentation its current version was made from".to_string()
        }
        _ => format!(
            "REV being the revision of the last release (the last commit of {0}: `git log -1 --format=%h -- {0}`)",
            changelog_path.display()
        ),
    };
    eprintln!("{}: the version and {CHANGELOG} are stale: {stale}; run {command}, {revision}", out.display());
    EXIT_FOUND
}

/// The release command `--check` suggests: the workspace's own (`None`),
/// or for a spec folder and a crate folder, followed by regenerating it.
pub fn release_command(folders: Option<(&Path, &Path)>) -> String {
    match folders {
        None => "`cargo run -p codegen -- release --since REV`".to_string(),
        Some((spec, out)) => format!(
            "`codegen release --since REV --spec {} --out {}`, then regenerate the crate",
            spec.display(),
            out.display()
        ),
    }
}

fn load(args: &Args) -> Result<(Api, Option<SourceMap>, Diagnostics), u8> {
    if let Some(ir) = &args.ir {
        let text = std::fs::read_to_string(ir).map_err(|err| {
            eprintln!("error: cannot read {}: {err}", ir.display());
            EXIT_UNPROCESSABLE
        })?;
        let api: Api = serde_json::from_str(&text).map_err(|err| {
            eprintln!("error: {} is not an IR document: {err}", ir.display());
            EXIT_UNPROCESSABLE
        })?;
        return Ok((api, None, Diagnostics::new()));
    }
    let spec = args.spec.as_deref().unwrap_or(Path::new("."));
    let analysis = analyze_api_or_report(spec)?;
    Ok((analysis.api, Some(analysis.spec.sources), analysis.diagnostics))
}

/// Writes `generated/` from `spec/` (the project's own crate, a member of
/// the workspace), or with `check` compares them.
/// `spec` and `out` default to the workspace's `spec/` and `generated/`.
pub fn regenerate_workspace(check: bool, spec: Option<PathBuf>, out: Option<PathBuf>) -> u8 {
    let root = workspace_root();
    let default_folders = spec.is_none() && out.is_none();
    let spec = spec.unwrap_or_else(|| root.join("spec"));
    let out = out.unwrap_or_else(|| root.join("generated"));
    let analysis = match analyze_api_or_report(&spec) {
        Ok(analysis) => analysis,
        Err(code) => return code,
    };
    let mut diagnostics = analysis.diagnostics;
    let mut options = workspace_options();
    released_version(&out, &mut options);
    let krate = rust::generate_located(&analysis.api, &options, Some(&analysis.spec.sources), &mut diagnostics);
    // A freshness check speaks only of staleness; `codegen lint` speaks of the documentation.
    let krate = laid_out_and_reported(krate, &diagnostics, &analysis.spec.sources, !check);
    let code = match finish(&out, &krate, check) {
        EXIT_OK => produced(&diagnostics),
        failed => failed,
    };
    if !check {
        return code;
    }
    let command = release_command((!default_folders).then_some((spec.as_path(), out.as_path())));
    code.max(check_release(&out, &analysis.api, &command))
}

/// How the project's own crate is generated.
pub fn workspace_options() -> Options {
    let mut options = Options::new("performance-immo");
    options.standalone = false;
    options.runtime = Runtime::Path("../codegen/runtime".to_string());
    options.regenerate_command = "cargo run -p codegen".to_string();
    options
}

/// The crate's files laid out by rustfmt, as `cargo fmt` would leave them,
/// and, when `speak`, the diagnostics reported. The report is rendered
/// while rustfmt runs (its processes leave a core free at the end) and
/// printed after what the layout says, as it always was.
pub fn laid_out_and_reported(
    mut krate: rust::GeneratedCrate,
    diagnostics: &Diagnostics,
    sources: &SourceMap,
    speak: bool,
) -> rust::GeneratedCrate {
    let (warnings, report) =
        rayon::join(|| layout_warnings(&mut krate), || speak.then(|| report_text(diagnostics, sources)));
    for line in warnings {
        eprintln!("{line}");
    }
    eprint!("{}", report.unwrap_or_default());
    krate
}

/// Lays the crate's files out with rustfmt; what the layout has to say.
/// Without rustfmt the files keep prettyplease's layout, and a warning says
/// that they then differ from what the same documentation gives elsewhere.
fn layout_warnings(krate: &mut rust::GeneratedCrate) -> Vec<String> {
    match rust::layout::lay_out(krate) {
        Ok(refused) => {
            refused.iter().map(|err| format!("warning: {err}; the file keeps the layout it was printed with")).collect()
        }
        Err(err) => vec![
            format!("warning: {err}; the files keep the layout they were printed with, which `cargo fmt` changes"),
            "  = hint: install it with `rustup component add rustfmt`, or name it with RUSTFMT=PATH".to_string(),
        ],
    }
}

pub fn finish(out: &Path, krate: &rust::GeneratedCrate, check: bool) -> u8 {
    if check {
        return match output::stale_files(out, krate) {
            Ok(stale) if stale.is_empty() => {
                eprintln!("{} is up to date", out.display());
                EXIT_OK
            }
            Ok(stale) => {
                for file in &stale {
                    print!("{}", file.diff);
                }
                eprintln!(
                    "{} is stale: {} file(s) differ; run `cargo run -p codegen` to update it",
                    out.display(),
                    stale.len()
                );
                EXIT_FOUND
            }
            Err(err) => {
                eprintln!("error: cannot read {}: {err}", out.display());
                EXIT_UNPROCESSABLE
            }
        };
    }
    match output::write_crate(out, krate) {
        Ok(summary) => {
            eprintln!(
                "wrote {}: {} file(s) changed, {} unchanged, {} removed",
                out.display(),
                summary.written.len(),
                summary.unchanged.len(),
                summary.removed.len()
            );
            EXIT_OK
        }
        Err(err) => {
            eprintln!("error: cannot write {}: {err}", out.display());
            EXIT_UNPROCESSABLE
        }
    }
}

/// The package name: the one given, else the output folder's name, else the
/// API's title, made a valid package name.
pub fn package_name(given: Option<&str>, out: &Path, api: &Api) -> String {
    let folder = out.canonicalize().ok().or_else(|| Some(out.to_path_buf()));
    let folder_name = folder.as_deref().and_then(Path::file_name).map(|n| n.to_string_lossy().into_owned());
    [given.map(str::to_string), folder_name, api.title.clone()]
        .into_iter()
        .flatten()
        .map(|name| sanitize_package_name(&name))
        .find(|name| !name.is_empty())
        .unwrap_or_else(|| "api-client".to_string())
}

fn sanitize_package_name(name: &str) -> String {
    let ascii = deunicode::deunicode(name).to_ascii_lowercase();
    let mut out = String::new();
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches(['-', '_']).to_string();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api-{out}")
    } else if is_reserved_package_name(&out) {
        // Cargo refuses keywords and names that clash with the standard
        // library or its own folders.
        format!("{out}-api")
    } else {
        out
    }
}

fn is_reserved_package_name(name: &str) -> bool {
    const RESERVED: &[&str] = &[
        "std",
        "core",
        "alloc",
        "proc_macro",
        "proc-macro",
        "test",
        "build",
        "deps",
        "examples",
        "incremental",
        "self",
        "super",
        "crate",
        "con",
        "prn",
        "aux",
        "nul",
    ];
    let ident = name.replace('-', "_");
    RESERVED.contains(&name) || crate::rust::names::field_name(&ident).starts_with("r#")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_are_valid() {
        let api = Api { title: Some("Performance Immo API Reference".into()), ..Api::default() };
        assert_eq!(package_name(None, Path::new("/tmp/ref-2016-09-21"), &api), "ref-2016-09-21");
        assert_eq!(package_name(Some("My Crate"), Path::new("/tmp/x"), &api), "my-crate");
        assert_eq!(package_name(None, Path::new("/tmp/2016"), &api), "api-2016");
        assert_eq!(package_name(Some("type"), Path::new("/tmp/x"), &api), "type-api");
        assert_eq!(package_name(Some("Self"), Path::new("/tmp/x"), &api), "self-api");
        assert_eq!(package_name(Some("test"), Path::new("/tmp/x"), &api), "test-api");
        assert_eq!(package_name(Some("_a_"), Path::new("/tmp/x"), &api), "a");
        assert_eq!(package_name(None, Path::new("/"), &api), "performance-immo-api-reference");
    }
}
