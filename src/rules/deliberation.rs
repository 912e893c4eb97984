//! Deliberation data: the vote adds up.

use crate::diag::Diagnostic;
use crate::model::Curriculum;
use crate::rules::{Rule, Severity};

/// More votes cast than voters.
pub static VOTE_COUNT: Rule = Rule {
    id: "vote-count",
    severity: Severity::Error,
    why: "votes for, votes against and abstentions cannot outnumber the voters",
    source: "arithmetic of the council's vote",
    fix: "copy the figures of the vote again from the council's minutes",
};

/// Runs the rule.
pub fn check(c: &Curriculum, out: &mut Vec<Diagnostic>) {
    let Some(d) = &c.deliberation else { return };
    let v = d.vote;
    let cast = u64::from(v.pour) + u64::from(v.contre) + u64::from(v.abstentions);
    if cast > u64::from(v.votants) {
        out.push(
            Diagnostic::new(
                &VOTE_COUNT,
                d.vote_loc,
                format!(
                    "{} voters, but {} for + {} against + {} abstentions = {cast}",
                    v.votants, v.pour, v.contre, v.abstentions
                ),
            )
            .label("fewer voters than votes"),
        );
    }
}
