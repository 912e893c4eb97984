//! Jury decisions: UE, RCUE and year codes, ECTS and progression, each with
//! the facts it rests on, as typed values (numbers and codes, no display
//! text: [`crate::render::fmt`] words them).
//!
//! Pure: a curriculum and a cohort in, decisions out. Imports nothing of the
//! crate but [`crate::diag`] and [`crate::model`].

pub mod engine;

pub use engine::{Fact, Input, RcueDecision, UeDecision, YearDecision, decide};

use crate::model::Cohort;

/// The decisions of every student of a cohort, in file order.
pub fn cohort(c: &Cohort) -> Vec<YearDecision> {
    c.students
        .iter()
        .map(|s| {
            decide(&Input {
                curriculum: &c.curriculum,
                parcours: &s.parcours,
                year: c.year,
                jury: c.jury,
                grades: &s.grades,
                prior: &s.prior,
                repeated: &s.repeated,
                overrides: &s.overrides,
                abj: c.abj,
            })
        })
        .collect()
}
