//! Releases of a generated crate: the version moved by the semantic diff of
//! the documentation, and a `CHANGELOG.md` entry written from that diff.
//!
//! The version follows what a partner's `cargo update` may take: a change
//! that breaks a client on the wire, or that breaks Rust code written
//! against the older crate ([`crate::diff::Rule::breaks_crate`]), or a new
//! revision of the generated shapes ([`crate::rust::SHAPE_REVISION`]), moves
//! the breaking component (`y` of `0.y.z`, the major from `1.0.0` on); any
//! other API change moves the next one; a change of the documentation's
//! text alone moves the last one.
//!
//! Each entry records what its version was made from, in a comment under its
//! heading: the version, the digest of the API model (the SHA-256 of what
//! `codegen ir` prints) and the shape revision. The same three go into the
//! crate's `[package.metadata.codegen]`. A freshness check compares the
//! latest record with the documentation as it reads now, with no network and
//! no history: a different digest means the documentation changed since the
//! version was made. The digest is taken over the whole API model, places
//! included, because the crate carries them (its example tests name the
//! line of each example): whatever changes the crate changes the digest.

use std::fmt;

use semver::Version;
use sha2::{Digest, Sha256};

use crate::diff::{self, ApiDiff};
use crate::ir::Api;
use crate::rust::SHAPE_REVISION;

/// The changelog's file name inside the crate folder.
pub const CHANGELOG: &str = "CHANGELOG.md";

/// The shape revision of crates generated before revisions were recorded.
pub const UNRECORDED_SHAPE_REVISION: u32 = 1;

/// What each shape revision changed, for the changelog entry that crosses it.
const SHAPE_NOTES: &[(u32, &str)] = &[
    (
        2,
        "structs, enums and unions are `#[non_exhaustive]`; structs that clients send are built with `new` \
         (their required fields) and `with_` setters; every client method takes `Option<&...Params>`, so an \
         optional parameter documented later is a new field",
    ),
    (
        3,
        "command methods answer `Response<Applied<T>>`: the answer, or `Applied::Replayed` when a retry after \
         a lost answer was refused as a duplicate (the command was applied once)",
    ),
    (
        4,
        "a `Page` carries the signals that end a collection (next URL or cursor, `has_more`, totals) beside \
         `Content-Range`; credentials are given by scheme (`ApiKey`, `Bearer`, `Basic`, or the login's \
         `Credentials`), hooks run around every attempt, and the builder takes a caller's own `reqwest::Client`",
    ),
    (
        5,
        "the runtime is the `codegen-runtime` crate, re-exported as `runtime`, and the client sits behind the \
         default `client` feature; client methods are named from the method and the path (`list_tickets`, \
         `get_ticket`, `create_ticket`), sessions name their login (`Login`), enums with the same values are \
         one type, per-scheme credential methods are on `ClientBuilderExt`",
    ),
];

/// The comment that starts a record, and the order of its keys.
const RECORD_START: &str = "<!-- codegen-release ";

/// What one version of the crate was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseRecord {
    pub version: Version,
    /// `sha256:` and the hex digest of the API model's JSON.
    pub api_digest: String,
    pub shape: u32,
}

impl ReleaseRecord {
    /// The record as the comment under an entry's heading.
    pub fn comment(&self) -> String {
        format!(
            "{RECORD_START}version=\"{}\" api-digest=\"{}\" shape=\"{}\" -->",
            self.version, self.api_digest, self.shape
        )
    }

    /// Reads a record comment; `None` for any other line.
    pub fn parse(line: &str) -> Option<Self> {
        let body = line.trim().strip_prefix(RECORD_START)?.strip_suffix("-->")?;
        let value = |key: &str| {
            let start = body.find(&format!("{key}=\""))? + key.len() + 2;
            let end = body[start..].find('"')? + start;
            Some(body[start..end].to_string())
        };
        Some(ReleaseRecord {
            version: value("version")?.parse().ok()?,
            api_digest: value("api-digest")?,
            shape: value("shape")?.parse().ok()?,
        })
    }
}

/// The latest record of a changelog: entries are written newest first.
pub fn latest_record(changelog: &str) -> Option<ReleaseRecord> {
    changelog.lines().find_map(ReleaseRecord::parse)
}

/// The digest of the API model: `sha256:` and the hex SHA-256 of the JSON
/// `codegen ir` prints, so `codegen ir --spec PATH | sha256sum` shows it too.
pub fn api_digest(api: &Api) -> String {
    let hash = Sha256::digest(api.to_json().as_bytes());
    let hex: String = hash.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("sha256:{hex}")
}

/// How far a version moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// The documentation's text changed, not the API.
    Patch,
    /// The API grew or changed compatibly.
    Minor,
    /// A change breaks clients on the wire or Rust code built on the crate.
    Major,
}

impl Bump {
    /// The next version. Below 1.0.0 the breaking component is the minor
    /// one and every compatible change moves the patch, as cargo reads
    /// `0.y.z` (`^0.2.3` takes `0.2.9`, never `0.3.0`).
    pub fn apply(self, version: &Version) -> Version {
        let (major, minor, patch) = (version.major, version.minor, version.patch);
        let (major, minor, patch) = match (self, major) {
            (Bump::Major, 0) => (0, minor + 1, 0),
            (Bump::Minor | Bump::Patch, 0) => (0, minor, patch + 1),
            (Bump::Major, _) => (major + 1, 0, 0),
            (Bump::Minor, _) => (major, minor + 1, 0),
            (Bump::Patch, _) => (major, minor, patch + 1),
        };
        Version::new(major, minor, patch)
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::Patch => "documentation only",
            Bump::Minor => "compatible",
            Bump::Major => "breaking",
        })
    }
}

/// The version a crate stands at before a release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Baseline {
    pub version: Version,
    pub shape: u32,
    /// The digest recorded for that version, when it was recorded.
    pub api_digest: Option<String>,
}

impl Baseline {
    /// From the crate's latest changelog record, else the version its
    /// `Cargo.toml` holds (a crate generated before changelogs were written,
    /// with the first shapes), else `0.1.0`.
    pub fn read(changelog: Option<&str>, cargo_toml: Option<&str>) -> Self {
        if let Some(record) = changelog.and_then(latest_record) {
            return Baseline { version: record.version, shape: record.shape, api_digest: Some(record.api_digest) };
        }
        match cargo_toml.and_then(package_version) {
            Some(version) => {
                let shape = cargo_toml.and_then(shape_revision).unwrap_or(UNRECORDED_SHAPE_REVISION);
                Baseline { version, shape, api_digest: None }
            }
            // Nothing generated yet: the crate starts at 0.1.0 with today's shapes.
            None => Baseline { version: Version::new(0, 1, 0), shape: SHAPE_REVISION, api_digest: None },
        }
    }
}

/// The `version` of the `[package]` table of a generated `Cargo.toml` (a
/// file this toolkit writes, one key per line).
pub fn package_version(cargo_toml: &str) -> Option<Version> {
    let mut in_package = false;
    for line in cargo_toml.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        let Some(value) = line.strip_prefix("version").map(str::trim_start) else { continue };
        if in_package {
            let value = value.strip_prefix('=')?.trim().trim_matches('"');
            return value.parse().ok();
        }
    }
    None
}

/// The `shape-revision` of `[package.metadata.codegen]`, which crates carry
/// from revision 2 on.
pub fn shape_revision(cargo_toml: &str) -> Option<u32> {
    let mut in_metadata = false;
    for line in cargo_toml.lines().map(str::trim) {
        if line.starts_with('[') {
            in_metadata = line == "[package.metadata.codegen]";
            continue;
        }
        if in_metadata {
            if let Some(value) = line.strip_prefix("shape-revision") {
                return value.trim_start().strip_prefix('=')?.trim().parse().ok();
            }
        }
    }
    None
}

/// A release: the new version, why, and the diff it was decided from.
#[derive(Debug, Clone)]
pub struct Release {
    pub previous: Version,
    /// `None` for the first record of a crate whose documentation did not
    /// change since the revision given: the version stays, and is recorded.
    pub bump: Option<Bump>,
    pub record: ReleaseRecord,
    pub diff: ApiDiff,
    /// The shape revisions crossed, when the generated shapes changed.
    pub shapes: Option<(u32, u32)>,
    /// What the older documentation was, in words (`` `spec` at `1a2b3c4` ``).
    pub since: String,
}

/// The release from `old` (what `baseline` was made from) to `new`, or
/// `None` when nothing moved and the baseline's record says so already.
pub fn plan(old: &Api, new: &Api, baseline: &Baseline, since: &str) -> Option<Release> {
    let digest = api_digest(new);
    let diff = diff::diff(old, new);
    let shapes = (baseline.shape != SHAPE_REVISION).then_some((baseline.shape, SHAPE_REVISION));
    let text_changed = api_digest(old) != digest || baseline.api_digest.as_ref().is_some_and(|d| *d != digest);
    let bump = bump_for(&diff, shapes.is_some(), text_changed);
    if bump.is_none() && baseline.api_digest.is_some() {
        return None;
    }
    let version = bump.map_or_else(|| baseline.version.clone(), |bump| bump.apply(&baseline.version));
    let record = ReleaseRecord { version, api_digest: digest, shape: SHAPE_REVISION };
    Some(Release { previous: baseline.version.clone(), bump, record, diff, shapes, since: since.to_string() })
}

/// The bump a diff asks for; `None` when there is nothing to release.
pub fn bump_for(diff: &ApiDiff, shapes_changed: bool, text_changed: bool) -> Option<Bump> {
    if shapes_changed || diff.changes.iter().any(|change| change.rule.breaks_crate()) {
        Some(Bump::Major)
    } else if !diff.changes.is_empty() {
        Some(Bump::Minor)
    } else if text_changed {
        Some(Bump::Patch)
    } else {
        None
    }
}

/// The changelog entry of a release: heading, record, summary, what breaks
/// Rust code, then the diff as `codegen diff --format markdown` writes it.
pub fn changelog_entry(release: &Release) -> String {
    let record = &release.record;
    let mut out = format!("## {}\n\n{}\n\n", record.version, record.comment());
    let wire = release.diff.count(diff::Classification::Breaking);
    let crate_only: Vec<&diff::Change> = release
        .diff
        .changes
        .iter()
        .filter(|change| !change.rule.is_breaking() && change.rule.crate_break.is_some())
        .collect();
    let compatible = release.diff.changes.len() - wire - crate_only.len();
    let Some(bump) = release.bump else {
        out.push_str(&format!(
            "The first record of {}: the documentation in {} is what it was made from.\n\nAPI model digest: \
             `{}`; generated shape revision {}.\n",
            record.version, release.since, record.api_digest, record.shape
        ));
        return out;
    };
    out.push_str(&format!(
        "A {} release, {} → {}, compared with the documentation in {}: {wire} change(s) break clients on the \
         wire, {} more break Rust code built on {}, {compatible} are compatible.\n\nAPI model digest: `{}`; \
         generated shape revision {}.\n",
        bump,
        release.previous,
        record.version,
        release.since,
        crate_only.len(),
        release.previous,
        record.api_digest,
        record.shape,
    ));
    if release.shapes.is_some() || !crate_only.is_empty() {
        out.push_str("\n### Rust API\n\n");
        if let Some((from, to)) = release.shapes {
            out.push_str(&format!("- The generated shapes changed (revision {from} → {to})"));
            let notes: Vec<&str> =
                SHAPE_NOTES.iter().filter(|(revision, _)| *revision > from && *revision <= to).map(|n| n.1).collect();
            if notes.is_empty() {
                out.push_str(".\n");
            } else {
                out.push_str(&format!(": {}.\n", notes.join("; ")));
            }
        }
        for change in crate_only {
            let reason = change.rule.crate_break.unwrap_or_default();
            out.push_str(&format!("- `{}`: {} (`{}`).\n", change.path, reason, change.rule.id));
        }
    }
    out.push('\n');
    out.push_str(&diff::render::markdown_at(&release.diff, 3));
    out
}

/// The first lines of a changelog this toolkit writes. It carries no
/// `@generated` marker: the crate writer must not take the file for one of
/// its own and remove it.
const CHANGELOG_HEAD: &str = "# Changelog\n\n\
    Written by `codegen release` from the semantic diff of the documentation (`codegen diff`), newest \
    first. The comment under each version says what it was made from; `--check` compares the latest one \
    with the documentation as it reads now.\n";

/// The changelog with `entry` added on top of the existing entries.
pub fn prepend_entry(existing: Option<&str>, entry: &str) -> String {
    let entries = existing.and_then(|text| text.find("\n## ").map(|start| &text[start + 1..])).unwrap_or("");
    let mut out = format!("{CHANGELOG_HEAD}\n{entry}");
    if !entries.is_empty() {
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(entries);
    }
    out
}

/// Why a crate's version and changelog no longer describe its documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Staleness {
    /// No changelog, or none of its lines is a record.
    NoRecord,
    /// The documentation reads differently from what the version was made of.
    ApiChanged { record: ReleaseRecord, digest: String },
    /// The generated shapes changed since the version was made.
    ShapesChanged { record: ReleaseRecord },
}

impl fmt::Display for Staleness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Staleness::NoRecord => write!(f, "it has no {CHANGELOG} with a release record"),
            Staleness::ApiChanged { record, digest } => write!(
                f,
                "version {} was made from the API model {}, and the documentation now reads as {digest}",
                record.version, record.api_digest
            ),
            Staleness::ShapesChanged { record } => write!(
                f,
                "version {} was made with generated shape revision {}, and the toolkit now writes revision \
                 {SHAPE_REVISION}",
                record.version, record.shape
            ),
        }
    }
}

/// Whether the changelog's latest record still describes `api`.
pub fn staleness(changelog: Option<&str>, api: &Api) -> Option<Staleness> {
    let Some(record) = changelog.and_then(latest_record) else { return Some(Staleness::NoRecord) };
    let digest = api_digest(api);
    if record.api_digest != digest {
        return Some(Staleness::ApiChanged { record, digest });
    }
    if record.shape != SHAPE_REVISION {
        return Some(Staleness::ShapesChanged { record });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Field, Model, ModelShape, Source, TypeRef};

    fn version(text: &str) -> Version {
        text.parse().unwrap()
    }

    fn model(fields: &[(&str, &str, bool)]) -> Api {
        let source = Source { file: "index.html.md".into(), line: 1 };
        let fields = fields
            .iter()
            .map(|(name, ty, required)| Field {
                constraints: Default::default(),
                name: name.to_string(),
                ty: ty.parse::<TypeRef>().unwrap(),
                required: *required,
                description: String::new(),
                constant: None,
                variant_by: None,
                source: source.clone(),
            })
            .collect();
        Api { models: vec![Model::new("Thing", "Things", ModelShape::Struct { fields }, source)], ..Api::default() }
    }

    #[test]
    fn the_breaking_component_of_a_zero_version_is_the_minor() {
        assert_eq!(Bump::Major.apply(&version("0.1.0")), version("0.2.0"));
        assert_eq!(Bump::Minor.apply(&version("0.2.3")), version("0.2.4"));
        assert_eq!(Bump::Patch.apply(&version("0.2.3")), version("0.2.4"));
        assert_eq!(Bump::Major.apply(&version("1.4.2")), version("2.0.0"));
        assert_eq!(Bump::Minor.apply(&version("1.4.2")), version("1.5.0"));
        assert_eq!(Bump::Patch.apply(&version("1.4.2")), version("1.4.3"));
        assert_eq!(Bump::Minor.apply(&version("1.0.0-rc.1")), version("1.1.0"));
    }

    #[test]
    fn records_read_back() {
        let record = ReleaseRecord { version: version("0.3.1"), api_digest: "sha256:ab12".into(), shape: 2 };
        assert_eq!(ReleaseRecord::parse(&record.comment()), Some(record.clone()));
        let changelog = format!("# Changelog\n\n## 0.3.1\n\n{}\n\n## 0.3.0\n\n{}\n", record.comment(), {
            ReleaseRecord { version: version("0.3.0"), ..record.clone() }.comment()
        });
        assert_eq!(latest_record(&changelog), Some(record));
        assert_eq!(ReleaseRecord::parse("<!-- codegen-release version=\"x\" -->"), None);
        assert_eq!(latest_record("# Changelog\n"), None);
    }

    #[test]
    fn the_baseline_falls_back_to_the_manifest() {
        let manifest =
            "# @generated\n[package]\nname = \"x\"\nversion = \"0.4.2\"\n\n[dependencies]\nversion = \"9\"\n";
        assert_eq!(package_version(manifest), Some(version("0.4.2")));
        let baseline = Baseline::read(None, Some(manifest));
        assert_eq!((baseline.version, baseline.shape, baseline.api_digest), (version("0.4.2"), 1, None));
        let marked = format!("{manifest}\n[package.metadata.codegen]\nshape-revision = 7\n");
        assert_eq!(Baseline::read(None, Some(&marked)).shape, 7);
        let fresh = Baseline::read(None, None);
        assert_eq!((fresh.version, fresh.shape), (version("0.1.0"), SHAPE_REVISION));
    }

    #[test]
    fn the_bump_follows_the_rules_and_the_shapes() {
        let old = model(&[("id", "String", true)]);
        let added = model(&[("id", "String", true), ("note", "Option[String]", false)]);
        let retyped = model(&[("id", "Long", true)]);
        let current = Baseline { version: version("1.2.0"), shape: SHAPE_REVISION, api_digest: None };
        let release = plan(&old, &added, &current, "spec at HEAD").unwrap();
        // Used by no endpoint, the model is judged both ways: an optional field is compatible.
        assert_eq!((release.bump, release.record.version.clone()), (Some(Bump::Minor), version("1.3.0")));
        assert_eq!(plan(&old, &retyped, &current, "x").unwrap().bump, Some(Bump::Major));
        let unrecorded = plan(&old, &old, &current, "x").unwrap();
        assert_eq!((unrecorded.bump, unrecorded.record.version), (None, version("1.2.0")), "recorded as it is");
        let recorded = Baseline { api_digest: Some(api_digest(&old)), ..current.clone() };
        assert!(plan(&old, &old, &recorded, "x").is_none(), "nothing to release");
        let older_shapes = Baseline { shape: 1, ..current.clone() };
        let release = plan(&old, &old, &older_shapes, "x").unwrap();
        assert_eq!((release.bump, release.shapes), (Some(Bump::Major), Some((1, SHAPE_REVISION))));
        let mut described = old.clone();
        described.models[0].description = "Now with words.".into();
        assert_eq!(plan(&old, &described, &current, "x").unwrap().bump, Some(Bump::Patch));
    }

    #[test]
    fn entries_go_on_top_and_record_the_digest() {
        let old = model(&[("id", "String", true)]);
        let new = model(&[("id", "String", true), ("note", "Option[String]", false)]);
        let baseline = Baseline { version: version("0.2.0"), shape: SHAPE_REVISION, api_digest: None };
        let release = plan(&old, &new, &baseline, "spec at 1a2b3c4").unwrap();
        let entry = changelog_entry(&release);
        assert!(entry.starts_with("## 0.2.1\n\n<!-- codegen-release version=\"0.2.1\""), "{entry}");
        assert!(entry.contains("### API changes"), "{entry}");
        let first = prepend_entry(None, &entry);
        assert_eq!(latest_record(&first), Some(release.record.clone()));
        assert_eq!(staleness(Some(&first), &new), None);
        assert!(matches!(staleness(Some(&first), &old), Some(Staleness::ApiChanged { .. })));
        assert_eq!(staleness(None, &new), Some(Staleness::NoRecord));

        let mut described = new.clone();
        described.models[0].description = "Now with words.".into();
        let later = plan(&new, &described, &Baseline::read(Some(&first), None), "spec at 5d6e7f8").unwrap();
        let second = prepend_entry(Some(&first), &changelog_entry(&later));
        assert_eq!(latest_record(&second).unwrap().version, version("0.2.2"));
        assert_eq!(second.matches("# Changelog").count(), 1, "{second}");
        assert!(second.find("## 0.2.2").unwrap() < second.find("## 0.2.1").unwrap(), "{second}");
    }
}
