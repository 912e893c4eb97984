//! Jury decisions (DESIGN.md §4): UE, RCUE and year codes, ECTS and
//! progression, each with the facts it rests on.
//!
//! [`grade`] holds the grade arithmetic and its rounding.

pub mod cohort;
pub mod engine;
pub mod grade;
pub mod report;
