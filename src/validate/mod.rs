//! Validation: every national rule run on a curriculum, every finding
//! collected (one rule never stops the others).
//!
//! A topic of rules is one file of `rules/`: the descriptor of each rule
//! (stable id, severity, why, the official text it comes from, general fix)
//! beside the function that checks it. [`TOPICS`] is the registry: the
//! descriptors and the check of each topic, in one table. The figures in
//! force live in [`crate::model::regulation`]; docs/rules.md documents every
//! rule (a test keeps the two in step).
//!
//! Imports nothing of the crate but [`crate::diag`] and [`crate::model`].

use crate::diag::{Diagnostic, Rule};
use crate::model::Curriculum;

pub mod rules;

use rules::*;

/// A topic of rules: their descriptors and the function that runs them.
pub struct Topic {
    /// The rules it checks.
    pub rules: &'static [&'static Rule],
    /// Runs them on a curriculum, pushing every finding.
    pub check: fn(&Curriculum, &mut Vec<Diagnostic>),
}

/// Every topic, in the order of docs/rules.md.
pub const TOPICS: &[Topic] = &[
    Topic {
        rules: data::RULES,
        check: data::check,
    },
    Topic {
        rules: ects::RULES,
        check: ects::check,
    },
    Topic {
        rules: pole_weight::RULES,
        check: pole_weight::check,
    },
    Topic {
        rules: totals::RULES,
        check: totals::check,
    },
    Topic {
        rules: structure::RULES,
        check: structure::check,
    },
    Topic {
        rules: cross_annex::RULES,
        check: cross_annex::check,
    },
    Topic {
        rules: hours::RULES,
        check: hours::check,
    },
    Topic {
        rules: local_adaptation::RULES,
        check: local_adaptation::check,
    },
    Topic {
        rules: stage::RULES,
        check: stage::check,
    },
    Topic {
        rules: deliberation::RULES,
        check: deliberation::check,
    },
];

/// Every rule of this stage.
pub fn rules() -> impl Iterator<Item = &'static Rule> {
    TOPICS.iter().flat_map(|t| t.rules.iter().copied())
}

/// Runs every rule on a curriculum; findings are collected, never stop the run.
pub fn check(c: &Curriculum) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for topic in TOPICS {
        (topic.check)(c, &mut out);
    }
    out
}
