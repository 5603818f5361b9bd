//! Which findings fail a `codegen lint` run: errors always; warnings when
//! denied, all of them (`--deny warnings`) or by code (`--deny SL007`);
//! nothing of a code that is allowed (`--allow SL031`).

use std::collections::BTreeSet;

use crate::diagnostics::{Code, Diagnostics, Severity};

/// What the maintainer asked of a lint run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    /// Every warning counts as an error.
    pub deny_warnings: bool,
    /// Findings of these codes count as errors, whatever their severity.
    pub deny: BTreeSet<Code>,
    /// Findings of these codes are not reported. Errors cannot be allowed:
    /// they mean part of the documentation was not read.
    pub allow: BTreeSet<Code>,
}

/// `--deny`/`--allow` values: `warnings` or a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Warnings,
    Code(Code),
}

impl std::str::FromStr for Level {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.eq_ignore_ascii_case("warnings") {
            return Ok(Level::Warnings);
        }
        text.parse().map(Level::Code)
    }
}

impl Policy {
    pub fn new(deny: &[Level], allow: &[Code]) -> Policy {
        let mut policy = Policy { allow: allow.iter().copied().collect(), ..Policy::default() };
        for level in deny {
            match level {
                Level::Warnings => policy.deny_warnings = true,
                Level::Code(code) => {
                    policy.deny.insert(*code);
                }
            }
        }
        policy
    }

    /// The findings as this run reports them: allowed ones dropped, denied
    /// ones raised to errors.
    pub fn apply(&self, diagnostics: &Diagnostics) -> Diagnostics {
        let mut result = Diagnostics::new();
        for mut diagnostic in diagnostics.iter().cloned() {
            if diagnostic.severity != Severity::Error && self.allow.contains(&diagnostic.code) {
                continue;
            }
            let denied = self.deny.contains(&diagnostic.code)
                || (self.deny_warnings && diagnostic.severity == Severity::Warning);
            if denied {
                diagnostic.severity = Severity::Error;
            }
            result.push(diagnostic);
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;

    fn sample() -> Diagnostics {
        let mut diagnostics = Diagnostics::new();
        diagnostics.push(Diagnostic::warning(Code::SL007, "unused"));
        diagnostics.push(Diagnostic::note(Code::SL031, "unlinked"));
        diagnostics.push(Diagnostic::error(Code::SL001, "unreadable"));
        diagnostics
    }

    fn severities(diagnostics: &Diagnostics) -> Vec<(Code, Severity)> {
        diagnostics.iter().map(|d| (d.code, d.severity)).collect()
    }

    #[test]
    fn by_default_findings_keep_their_severity() {
        let applied = Policy::default().apply(&sample());
        assert_eq!(severities(&applied), severities(&sample()));
    }

    #[test]
    fn denied_warnings_become_errors_and_allowed_codes_go() {
        let policy = Policy::new(&[Level::Warnings], &[Code::SL031, Code::SL001]);
        let applied = policy.apply(&sample());
        assert_eq!(severities(&applied), [(Code::SL007, Severity::Error), (Code::SL001, Severity::Error)]);
        let policy = Policy::new(&["sl031".parse().expect("a level")], &[]);
        assert_eq!(policy.apply(&sample()).count(Severity::Error), 2);
        assert!("SL999".parse::<Level>().is_err());
    }
}
