//! The rules whose findings are raised while a file is read: the file is
//! YAML in the format (curriculum or cohort), its references resolve, its
//! codes are unique, its référentiel reads; a cohort names its curriculum,
//! its students once each, in a parcours the curriculum has, with a grade in
//! [0, 20] or a known code for each teaching of the jury's semesters.

use crate::diag::{Rule, Severity};

/// Every rule of this stage, in the order of docs/rules.md.
pub const RULES: &[&Rule] = &[
    &YAML,
    &UNKNOWN_REFERENCE,
    &DUPLICATE_CODE,
    &REFERENTIEL,
    &COHORT_CURRICULUM,
    &COHORT_CURRICULUM_FINDINGS,
    &COHORT_VALUE,
    &DUPLICATE_STUDENT,
    &UNKNOWN_PARCOURS,
    &UNKNOWN_TEACHING,
    &GRADE_VALUE,
    &MISSING_GRADE,
    &MISSING_HISTORY,
    &CONTROL_CHARACTER,
    &TO_FILL,
];

/// The file is not a curriculum the loader can read.
pub static YAML: Rule = Rule {
    id: "yaml",
    severity: Severity::Error,
    why: "a curriculum or a cohort file is YAML text in the format described in README.md; every key is one the format knows",
    source: "maquette file formats",
    fix: "correct the value or key at the caret; README.md lists every key with an example",
};

/// A code refers to nothing.
pub static UNKNOWN_REFERENCE: Rule = Rule {
    id: "unknown-reference",
    severity: Severity::Error,
    why: "a UE, competence or parcours named somewhere must be defined in the same file",
    source: "maquette curriculum format",
    fix: "correct the spelling, or define what it refers to",
};

/// The same code twice.
pub static DUPLICATE_CODE: Rule = Rule {
    id: "duplicate-code",
    severity: Severity::Error,
    why: "codes identify UEs, teachings, competences and parcours: each is defined once",
    source: "consistency of the maquette",
    fix: "remove the second definition or give it its own code",
};

/// The competence framework named by `referentiel:` cannot be used.
pub static REFERENTIEL: Rule = Rule {
    id: "referentiel",
    severity: Severity::Error,
    why: "`referentiel:` names an ORéBUT competence framework (ORéBUT's XML or ScoDoc's JSON) that brings the competences and the kind of speciality",
    source: "ORéBUT",
    fix: "give the path of the framework file, relative to this curriculum file",
};

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
    source: "arrêté of 15 April 2022, annexe 1 §4.3–4.6; maquette cohort format",
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
    source: "arrêté of 15 April 2022, annexe 1 §4.3, for grades out of 20; the programme's MCCC, for absences",
    fix: "write the grade out of 20 with a dot for decimals, or one of the codes",
};

/// A teaching without a grade.
pub static MISSING_GRADE: Rule = Rule {
    id: "missing-grade",
    severity: Severity::Warning,
    why: "a missing grade is never taken as 0: the UE it feeds stays pending (ATT) until it is entered",
    source: "arrêté of 15 April 2022, annexe 1 §4.3",
    fix: "enter the grade, or ATT if it is expected later",
};

/// A decision needs results the cohort does not give.
pub static MISSING_HISTORY: Rule = Rule {
    id: "missing-history",
    severity: Severity::Warning,
    why: "a passage de droit into S5 needs every UE of S1–S2 validated; without the student's S1–S2 results it cannot be checked, and it is not proposed",
    source: "arrêté of 15 April 2022, annexe 1 §4.5",
    fix: "add the student's earlier results under `acquis:`",
};

/// A control character in a file's text.
pub static CONTROL_CHARACTER: Rule = Rule {
    id: "control-character",
    severity: Severity::Error,
    why: "a control character (NUL, ESC, a form feed…) prints as nothing or as a box on an official document, and can hide text on a terminal",
    source: "PDF/A (ISO 19005-2), text must be printable; maquette file format",
    fix: "delete the character (it is usually pasted from another program), or retype the text",
};

/// A placeholder of a draft (`maquette new`) is still there.
pub static TO_FILL: Rule = Rule {
    id: "to-fill",
    severity: Severity::Warning,
    why: "a draft written by `maquette new` marks with `TO FILL` what the national framework does not give; the documents are not complete until each is filled",
    source: "maquette new",
    fix: "write the value the comment asks for, then remove the comment",
};
