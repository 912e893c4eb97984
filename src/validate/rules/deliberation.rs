//! Deliberation data: the vote adds up.

use crate::diag::Diagnostic;
use crate::diag::{Rule, Severity};
use crate::model::Curriculum;

/// The rules of this topic, in the order of docs/rules.md.
pub const RULES: &[&Rule] = &[&VOTE_COUNT];

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

#[cfg(test)]
mod tests {
    use crate::testing::{YEAR, fired, messages};

    fn with_vote(votants: u32, pour: u32, contre: u32, abstentions: u32) -> String {
        format!(
            "{YEAR}deliberation:\n  conseil: C\n  seance: S\n  numero: N\n  objet: O\n  vote: {{ votants: {votants}, pour: {pour}, contre: {contre}, abstentions: {abstentions} }}\n  signataire: {{ qualite: Q, nom: N }}\n"
        )
    }

    #[test]
    fn as_many_votes_as_voters_pass() {
        assert!(!fired(&with_vote(25, 25, 0, 0)).contains(&"vote-count"));
        assert!(!fired(&with_vote(25, 20, 2, 3)).contains(&"vote-count"));
    }

    #[test]
    fn one_vote_more_than_the_voters_fails() {
        assert_eq!(
            messages(&with_vote(25, 20, 3, 3), "vote-count"),
            ["25 voters, but 20 for + 3 against + 3 abstentions = 26"]
        );
    }
}
