//! Pôle weights: inside each UE the ressources weigh 40 % to 60 % of the
//! coefficients; in year 3 the two UEs of a competence may be taken together.

use crate::diag::Diagnostic;
use crate::diag::{Rule, Severity};
use crate::model::num::Num;
use crate::model::regulation::{POLE_RESSOURCES_MAX_PERCENT, POLE_RESSOURCES_MIN_PERCENT};
use crate::model::{Curriculum, Pole, Semester, Ue};

/// The rules of this topic, in the order of docs/rules.md.
pub const RULES: &[&Rule] = &[&POLE_WEIGHT];

/// The ressources' share of a UE's coefficients is outside 40–60 %.
pub static POLE_WEIGHT: Rule = Rule {
    id: "pole-weight",
    severity: Severity::Error,
    why: "inside each UE the pôle ressources and the pôle SAÉ weigh between 40 % and 60 % each; in year 3 this may be judged on the two UEs of the same competence together",
    source: "arrêté of 15 April 2022, annexe 1 §4.3",
    fix: "move coefficient weight between the pôle ressources and the pôle SAÉ of the UE",
};

/// True when `r / (r + s)` lies in [40 %, 60 %], computed exactly.
pub fn within_range(r: Num, s: Num) -> bool {
    let total = r + s;
    let hundred_r = r * Num::int(100);
    hundred_r >= total * Num::int(POLE_RESSOURCES_MIN_PERCENT)
        && hundred_r <= total * Num::int(POLE_RESSOURCES_MAX_PERCENT)
}

fn weights(s: &Semester, ui: usize, u: &Ue) -> (Num, Num) {
    (
        u.pole_coef(s, ui, Pole::Ressources),
        u.pole_coef(s, ui, Pole::Saes),
    )
}

/// Runs the rule on every UE.
pub fn check(c: &Curriculum, out: &mut Vec<Diagnostic>) {
    for s in &c.semesters {
        for (ui, u) in s.ues.iter().enumerate() {
            let (r, sae) = weights(s, ui, u);
            if (r + sae).is_zero() || within_range(r, sae) {
                continue;
            }
            if s.year() == 3
                && let Some((r2, s2)) = partner(c, s, u)
                && within_range(r + r2, sae + s2)
            {
                continue;
            }
            let mut d = Diagnostic::new(
                &POLE_WEIGHT,
                u.code.loc,
                format!(
                    "{}: the ressources weigh {} of the coefficients ({} of {}), outside {POLE_RESSOURCES_MIN_PERCENT}–{POLE_RESSOURCES_MAX_PERCENT} %",
                    u.code.value,
                    r.percent_away(r + sae, r * Num::int(100) < (r + sae) * Num::int(POLE_RESSOURCES_MIN_PERCENT)),
                    r.fr(),
                    (r + sae).fr()
                ),
            )
            .label(format!("ressources {} / SAÉ {}", r.fr(), sae.fr()));
            if s.year() == 3 {
                d = d.help("move coefficient weight between the pôles, in this UE or in the other UE of the same competence this year");
            }
            out.push(d);
        }
    }
}

/// The pôle weights of the other UE of the same competence in the same year and parcours.
fn partner(c: &Curriculum, s: &Semester, u: &Ue) -> Option<(Num, Num)> {
    let comp = u.competence?;
    c.semesters
        .iter()
        .filter(|o| o.year() == s.year() && o.number.value != s.number.value)
        .filter(|o| o.parcours.iter().any(|p| s.parcours.contains(p)))
        .find_map(|o| {
            o.ues
                .iter()
                .enumerate()
                .find(|(_, v)| v.competence == Some(comp))
                .map(|(vi, v)| weights(o, vi, v))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Num {
        Num::parse(s).unwrap()
    }

    #[test]
    fn forty_percent_passes() {
        assert!(within_range(n("40"), n("60")));
        assert!(within_range(n("4"), n("6")));
    }

    #[test]
    fn just_below_forty_percent_fails() {
        assert!(!within_range(n("39.99"), n("60.01")));
    }

    #[test]
    fn sixty_percent_passes_and_just_above_fails() {
        assert!(within_range(n("60"), n("40")));
        assert!(!within_range(n("60.01"), n("39.99")));
    }

    #[test]
    fn two_thirds_fails() {
        assert!(!within_range(n("60"), n("30")));
    }
}

#[cfg(test)]
mod fixture_tests {
    use crate::testing::{CURSUS, YEAR, edit, fired, messages};

    fn weights(text: &str, ue: &str, r: &str, s: &str) -> String {
        let n = &ue[2..3];
        let k = &ue[3..4];
        let text = edit(
            text,
            &format!("[{{ code: R{n}.{k}, coef: 50 }}]"),
            &format!("[{{ code: R{n}.{k}, coef: {r} }}]"),
        );
        edit(
            &text,
            &format!("[{{ code: S{n}.{k}, coef: 50 }}]"),
            &format!("[{{ code: S{n}.{k}, coef: {s} }}]"),
        )
    }

    #[test]
    fn forty_percent_passes_in_a_ue() {
        assert!(!fired(&weights(YEAR, "UE11", "40", "60")).contains(&"pole-weight"));
    }

    #[test]
    fn thirty_nine_point_ninety_nine_percent_fails_in_a_ue() {
        let text = weights(YEAR, "UE11", "39.99", "60.01");
        assert_eq!(
            messages(&text, "pole-weight"),
            [
                "UE11: the ressources weigh 39,9 % of the coefficients (39,99 of 100), outside 40–60 %"
            ]
        );
    }

    #[test]
    fn year_three_may_be_judged_on_the_two_ues_of_a_competence() {
        // UE51 alone is at 35 %, UE61 at 45 %: together 40 %.
        let text = weights(CURSUS, "UE51", "35", "65");
        let text = weights(&text, "UE61", "45", "55");
        assert!(!fired(&text).contains(&"pole-weight"));
    }

    #[test]
    fn year_three_pair_outside_the_range_fails() {
        let text = weights(CURSUS, "UE51", "35", "65");
        let text = weights(&text, "UE61", "40", "60");
        assert_eq!(messages(&text, "pole-weight").len(), 1);
    }

    #[test]
    fn before_year_three_each_ue_is_judged_alone() {
        let text = weights(CURSUS, "UE31", "35", "65");
        let text = weights(&text, "UE41", "45", "55");
        assert_eq!(messages(&text, "pole-weight").len(), 1);
    }
}
