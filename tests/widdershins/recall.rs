//! `openapi-recall EXPECTED.json ACTUAL.json [--label NAME] [--shallow-schemas] [--report-only]`:
//! the recall and precision, per category, of an OpenAPI document read back
//! from widdershins' Slate (ACTUAL) against the document widdershins was
//! given (EXPECTED). Expected facts widdershins does not write are listed
//! with the reason and not counted. Exits 1 when a category is below 100%
//! (unless `--report-only`), 2 when a document cannot be read.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use e2e::openapi_facts::{compare, facts, widdershins_unwritten, CATEGORIES};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let report_only = args.iter().any(|a| a == "--report-only");
    let label = args.windows(2).find(|w| w[0] == "--label").map(|w| w[1].clone());
    let files: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--label"))
        .map(|(_, a)| a)
        .collect();
    let [expected_path, actual_path] = files.as_slice() else {
        eprintln!("usage: openapi-recall EXPECTED.json ACTUAL.json [--label NAME] [--report-only]");
        return ExitCode::from(2);
    };
    let read = |path: &str| -> Option<serde_json::Value> {
        let text = std::fs::read_to_string(path).map_err(|e| eprintln!("error: {path}: {e}")).ok()?;
        serde_json::from_str(&text).map_err(|e| eprintln!("error: {path}: {e}")).ok()
    };
    let (Some(expected), Some(actual)) = (read(expected_path), read(actual_path)) else {
        return ExitCode::from(2);
    };
    let unwritten = widdershins_unwritten(&expected, args.iter().any(|a| a == "--shallow-schemas"));
    let scores = compare(&facts(&expected), &facts(&actual), &unwritten);
    let label = label.unwrap_or_else(|| actual_path.to_string());
    println!("== {label}");
    println!(
        "{:<16} {:>8} {:>10} {:>6} {:>8} {:>10}",
        "category", "expected", "unwritten", "found", "recall", "precision"
    );
    let mut below = false;
    for category in CATEGORIES {
        let score = &scores[category];
        println!(
            "{:<16} {:>8} {:>10} {:>6} {:>7.1}% {:>9.1}%",
            category,
            score.expected,
            score.unwritten.len(),
            score.found,
            score.recall() * 100.0,
            score.precision() * 100.0
        );
        below |= score.recall() < 1.0 || score.precision() < 1.0;
    }
    for category in CATEGORIES {
        let score = &scores[category];
        for fact in &score.missing {
            println!("  missing  {category}: {fact}");
        }
        for fact in &score.extra {
            println!("  extra    {category}: {fact}");
        }
        for (fact, reason) in &score.unwritten {
            println!("  unwritten {category}: {fact} ({reason})");
        }
    }
    if below && !report_only {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
