//! Findings about the user's data: what, where, why, how to fix.
//!
//! A [`Diagnostic`] names the [`Rule`] it comes from; the rule carries the
//! severity, the legal source and the default fix. A [`FileFindings`] holds
//! every finding about one file. Rendering happens only at the edge, in
//! [`emit`]: rustc-style text or JSON.
//!
//! Imports nothing of the crate but [`crate::model`] (positions in files).

pub mod emit;

use crate::model::source::{Loc, SourceFile};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Severity {
    /// The document cannot be adopted as it is.
    Error,
    /// Worth a look; may be legitimate (apprenticeship regimes, local choices).
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A rule: stable id, severity, why, source and general fix.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable id, used in output and in docs/rules.md.
    pub id: &'static str,
    /// Severity of its findings.
    pub severity: Severity,
    /// What the rule requires, in one sentence.
    pub why: &'static str,
    /// The legal or practical source.
    pub source: &'static str,
    /// General advice to fix a finding.
    pub fix: &'static str,
}

/// One finding about one source file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// The rule that was broken.
    pub rule: &'static Rule,
    /// Where, in the file the report is about; `None` for a finding about the whole file.
    pub loc: Option<Loc>,
    /// What is wrong, in one sentence, with the figures.
    pub message: String,
    /// A short label printed under the caret.
    pub label: Option<String>,
    /// Other places that explain the finding (the other side of a disagreement).
    pub related: Vec<(Loc, String)>,
    /// How to fix it, when more precise than the rule's general advice.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A finding of `rule` at `loc`.
    pub fn new(
        rule: &'static Rule,
        loc: impl Into<Option<Loc>>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            rule,
            loc: loc.into(),
            message: message.into(),
            label: None,
            related: Vec::new(),
            help: None,
        }
    }

    /// Adds the label under the caret.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a related place.
    pub fn related(mut self, loc: Loc, note: impl Into<String>) -> Self {
        self.related.push((loc, note.into()));
        self
    }

    /// Replaces the rule's general fix with a precise one.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The severity of the rule.
    pub fn severity(&self) -> Severity {
        self.rule.severity
    }

    /// The fix advice shown to the user.
    pub fn fix(&self) -> &str {
        self.help.as_deref().unwrap_or(self.rule.fix)
    }
}

/// Sorts findings by position, then rule, so output is stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| (a.loc, a.rule.id, &a.message).cmp(&(b.loc, b.rule.id, &b.message)));
}

/// The findings about one file.
#[derive(Debug, Clone)]
pub struct FileFindings {
    /// The file.
    pub file: SourceFile,
    /// Every finding, sorted by position once complete.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileFindings {
    /// No finding yet about `file`.
    pub fn new(file: SourceFile) -> FileFindings {
        FileFindings {
            file,
            diagnostics: Vec::new(),
        }
    }

    /// Empties every line of the file that no finding shows, keeping the
    /// line numbers: once a file is checked, its findings are all that is
    /// read of its text, and a cohort of 20,000 students is 16 MB of it,
    /// held until its last document is made.
    pub fn forget_unshown_lines(&mut self) {
        let shown: std::collections::BTreeSet<u32> = self
            .diagnostics
            .iter()
            .flat_map(|d| d.loc.iter().chain(d.related.iter().map(|(loc, _)| loc)))
            .map(|loc| loc.line)
            .collect();
        let kept: Vec<&str> = (self.file.text.split('\n').enumerate())
            .map(|(i, line)| match shown.contains(&(i as u32 + 1)) {
                true => line,
                false => "",
            })
            .collect();
        self.file.text = kept.join("\n");
    }

    /// Number of findings of a severity.
    pub fn count(&self, s: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity() == s)
            .count()
    }

    /// The one-line summary printed after the findings.
    pub fn summary(&self) -> String {
        let (e, w) = (self.count(Severity::Error), self.count(Severity::Warning));
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let verdict = match (e, w) {
            (0, 0) => "ok".to_string(),
            (0, w) => format!("ok, {}", plural(w, "warning")),
            (e, 0) => plural(e, "error"),
            (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
        };
        format!("{}: {verdict}", self.file.display_path())
    }

    /// The ids of the rules broken with severity error, sorted, once each.
    pub fn error_rule_ids(&self) -> Vec<&'static str> {
        let mut ids: Vec<&str> = self
            .diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .map(|d| d.rule.id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}
