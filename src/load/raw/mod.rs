//! The raw layer: structs that mirror the YAML files exactly, unknown keys
//! rejected, every value a finding may point at kept with its position.

pub mod cohort;
pub mod curriculum;
