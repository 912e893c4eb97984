//! The domain, with nothing of how it is read or shown: curricula and
//! cohorts with their references resolved and positions kept, exact numbers,
//! grades with their rounding, decision codes, and every national figure
//! with its source ([`regulation`]).
//!
//! Imports nothing of the crate: every other stage builds on it.

pub mod code;
pub mod cohort;
pub mod curriculum;
pub mod grade;
pub mod num;
pub mod regulation;
pub mod source;
pub mod values;

pub use code::Code;
pub use cohort::{Cohort, Jury, Override, PriorUe, Student, decided_semesters};
pub use curriculum::*;
pub use values::{Coef, Kind, Regime, Weeks};
