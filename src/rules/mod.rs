//! The rules: one module per topic of DESIGN.md §3, each rule a stable id.
//!
//! Every rule states its severity, why it exists and its source, and how to
//! fix what it finds. The figures in force live in [`crate::regulation`].
//! [`ALL`] lists every rule; docs/rules.md documents each one (a test keeps
//! the two in step). [`check`] runs every rule on a curriculum and collects
//! all findings.

use crate::diag::Diagnostic;
use crate::model::Curriculum;

pub mod cohort;
pub mod cross_annex;
pub mod data;
pub mod deliberation;
pub mod ects;
pub mod hours;
pub mod local_adaptation;
pub mod pole_weight;
pub mod stage;
pub mod structure;
pub mod totals;

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

/// Every rule, in the order of docs/rules.md.
pub const ALL: &[&Rule] = &[
    &data::YAML,
    &data::UNKNOWN_REFERENCE,
    &data::DUPLICATE_CODE,
    &data::EVALUATION_MISSING,
    &data::NEGATIVE_VALUE,
    &data::REFERENTIEL,
    &ects::ECTS_SEMESTER,
    &pole_weight::POLE_WEIGHT,
    &totals::TOTAL_MISMATCH,
    &structure::UE_COMPETENCE,
    &structure::UE_LEVEL,
    &structure::RCUE_PAIR,
    &structure::LEVEL_PROGRESSION,
    &cross_annex::MARK_WITHOUT_COEFFICIENT,
    &cross_annex::COEFFICIENT_WITHOUT_MARK,
    &cross_annex::NAME_MISMATCH,
    &cross_annex::HOURS_MISMATCH,
    &cross_annex::STRUCTURE_MISMATCH,
    &hours::NATIONAL_VOLUME,
    &hours::PROJET_TUTORE,
    &hours::DEPT_TYPE_UNKNOWN,
    &local_adaptation::LOCAL_ADAPTATION,
    &stage::STAGE_WEEKS,
    &deliberation::VOTE_COUNT,
    &cohort::COHORT_CURRICULUM,
    &cohort::COHORT_CURRICULUM_FINDINGS,
    &cohort::COHORT_VALUE,
    &cohort::DUPLICATE_STUDENT,
    &cohort::UNKNOWN_PARCOURS,
    &cohort::UNKNOWN_TEACHING,
    &cohort::GRADE_VALUE,
    &cohort::MISSING_GRADE,
];

/// Runs every rule on a curriculum; findings are collected, never stop the run.
pub fn check(c: &Curriculum) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    data::check(c, &mut out);
    ects::check(c, &mut out);
    pole_weight::check(c, &mut out);
    totals::check(c, &mut out);
    structure::check(c, &mut out);
    cross_annex::check(c, &mut out);
    hours::check(c, &mut out);
    local_adaptation::check(c, &mut out);
    stage::check(c, &mut out);
    deliberation::check(c, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_documented() {
        let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md"))
            .expect("docs/rules.md");
        let mut seen = std::collections::HashSet::new();
        for r in ALL {
            assert!(seen.insert(r.id), "duplicate rule id {}", r.id);
            assert!(
                doc.contains(&format!("## `{}`", r.id)),
                "docs/rules.md has no section for `{}`",
                r.id
            );
        }
    }
}
