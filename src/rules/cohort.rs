//! Cohort rules: a cohort names its curriculum, its students once each, in a
//! parcours the curriculum has, with a grade in [0, 20] or a known code for
//! each teaching of the jury's semesters.

use crate::rules::{Rule, Severity};

/// The curriculum a cohort names cannot be used.
pub static COHORT_CURRICULUM: Rule = Rule {
    id: "cohort-curriculum",
    severity: Severity::Error,
    why: "a cohort is decided against the curriculum it names in `maquette:`, which must be readable",
    source: "maquette cohort format",
    fix: "give the path of the curriculum, relative to the cohort file, and correct the curriculum first",
};

/// The curriculum has errors: decisions are computed on it as it stands.
pub static COHORT_CURRICULUM_FINDINGS: Rule = Rule {
    id: "cohort-curriculum-findings",
    severity: Severity::Warning,
    why: "the jury decides on the programme as adopted; a curriculum with errors may not be the one in force",
    source: "maquette cohort format",
    fix: "correct the curriculum (`maquette check`), or confirm it is the one the council adopted",
};

/// A value of the cohort that the format does not allow.
pub static COHORT_VALUE: Rule = Rule {
    id: "cohort-value",
    severity: Severity::Error,
    why: "decision codes, the jury semester and the ABJ rule take one of a fixed set of values",
    source: "DESIGN.md §4; maquette cohort format",
    fix: "write one of the values listed in README.md (“The cohort format”)",
};

/// The same student number twice.
pub static DUPLICATE_STUDENT: Rule = Rule {
    id: "duplicate-student",
    severity: Severity::Error,
    why: "a student has one record per jury; two records would give two decisions",
    source: "consistency of the jury",
    fix: "merge the two records, or correct the student number",
};

/// A student in a parcours the curriculum does not have.
pub static UNKNOWN_PARCOURS: Rule = Rule {
    id: "unknown-parcours",
    severity: Severity::Error,
    why: "a student follows one of the parcours of the curriculum",
    source: "consistency of the jury",
    fix: "write one of the curriculum's parcours codes",
};

/// A grade for a teaching the semester does not have.
pub static UNKNOWN_TEACHING: Rule = Rule {
    id: "unknown-teaching",
    severity: Severity::Error,
    why: "grades are given for the teachings of the student's semester in the curriculum",
    source: "consistency of the jury",
    fix: "correct the teaching code, or the semester the grade is under",
};

/// A grade outside [0, 20] or an unknown code.
pub static GRADE_VALUE: Rule = Rule {
    id: "grade-value",
    severity: Severity::Error,
    why: "a grade is a number from 0 to 20, or ABI (unjustified absence), ABJ (justified), EXC (excused), ATT (pending), DEF (défaillant)",
    source: "DESIGN.md §4; local MCCC",
    fix: "write the grade out of 20 with a dot for decimals, or one of the codes",
};

/// A teaching without a grade.
pub static MISSING_GRADE: Rule = Rule {
    id: "missing-grade",
    severity: Severity::Warning,
    why: "a missing grade is never taken as 0: the UE it feeds stays pending (ATT) until it is entered",
    source: "DESIGN.md §4",
    fix: "enter the grade, or ATT if it is expected later",
};
