//! The rules, one file per topic of the arrêté (see docs/rules.md).

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
