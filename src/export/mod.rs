//! Decisions out to other systems: [`apogee`] fills the interchange file
//! Apogée exports for an étape with each student's UE, RCUE and year results.
//!
//! Pure: a decided cohort and the file's bytes in, the filled file's bytes
//! and the findings out. Imports [`crate::diag`], [`crate::model`] and
//! [`crate::decide`]'s results only.

pub mod apogee;
