//! Lowering: the raw layer → the model, references resolved, each dangling
//! reference or duplicate a positioned finding.

pub mod cohort;
pub mod curriculum;
