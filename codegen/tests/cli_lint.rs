//! `codegen lint` as a maintainer runs it: exit codes, `--deny`/`--allow`,
//! the JSON lines format, and the same findings as `codegen ir` prints.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(code: &str, kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint").join(code).join(kind)
}

fn codegen(args: &[&str], spec: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen")).args(args).arg("--spec").arg(spec).output().expect("codegen runs")
}

fn exit(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

#[test]
fn warnings_pass_unless_denied() {
    let unused = fixture("SL007", "triggers");
    assert_eq!(exit(&codegen(&["lint"], &unused)), 0);
    assert_eq!(exit(&codegen(&["lint", "--deny", "warnings"], &unused)), 1);
    assert_eq!(exit(&codegen(&["lint", "-D", "SL007"], &unused)), 1);
    assert_eq!(exit(&codegen(&["lint", "-D", "SL031"], &unused)), 0);
    assert_eq!(exit(&codegen(&["lint", "-D", "warnings", "-A", "SL007"], &unused)), 0);
    assert_eq!(exit(&codegen(&["lint", "-D", "warnings"], &fixture("SL007", "clean"))), 0);
}

#[test]
fn errors_fail_and_cannot_be_allowed() {
    let missing_column = fixture("SL019", "triggers");
    assert_eq!(exit(&codegen(&["lint"], &missing_column)), 1);
    assert_eq!(exit(&codegen(&["lint", "-A", "SL019"], &missing_column)), 1);
    let output = codegen(&["lint", "--deny", "nonsense"], &missing_column);
    assert_eq!(exit(&output), 2, "a bad flag is a usage error");
}

#[test]
fn text_shows_the_line_underlined_and_a_count() {
    let output = codegen(&["lint"], &fixture("SL016", "triggers"));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("warning[SL016]"), "{text}");
    assert!(text.contains("┌─ index.html.md:16:43"), "{text}");
    assert!(text.contains("^^^"), "the fault is underlined: {text}");
    assert!(text.ends_with("0 error(s), 1 warning(s), 0 note(s)\n"), "{text}");
}

#[test]
fn json_is_one_object_per_line() {
    let output = codegen(&["lint", "--format", "json"], &fixture("SL011", "triggers"));
    let text = String::from_utf8_lossy(&output.stdout);
    let findings: Vec<serde_json::Value> =
        text.lines().map(|line| serde_json::from_str(line).expect("a JSON object per line")).collect();
    assert!(!findings.is_empty());
    for finding in &findings {
        for key in ["code", "severity", "file", "line", "column", "message"] {
            assert!(finding.get(key).is_some(), "{key} missing from {finding}");
        }
    }
    assert_eq!(findings[0]["code"], "SL011");
    assert_eq!(findings[0]["file"], "index.html.md");
    let clean = codegen(&["lint", "--format", "json"], &fixture("SL011", "clean"));
    assert!(clean.stdout.is_empty(), "no finding, no line");
}

#[test]
fn ir_prints_the_findings_lint_prints() {
    for code in ["SL015", "SL026", "SL005"] {
        let spec = fixture(code, "triggers");
        let lint = codegen(&["lint"], &spec);
        let ir = codegen(&["ir"], &spec);
        assert_eq!(String::from_utf8_lossy(&ir.stderr), String::from_utf8_lossy(&lint.stdout), "{code}");
        assert_eq!(exit(&ir), 0, "warnings do not stop `ir`");
    }
}
