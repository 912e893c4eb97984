//! Local adaptation: a third of the hours over three years, at most 40 % in
//! one semester. Checked where the curriculum states its local-adaptation hours.

use crate::diag::Diagnostic;
use crate::diag::{Rule, Severity};
use crate::model::Curriculum;
use crate::model::num::Num;
use crate::model::regulation::{
    LOCAL_ADAPTATION_CURSUS_DENOMINATOR, LOCAL_ADAPTATION_SEMESTER_MAX_PERCENT,
};

/// The rules of this topic, in the order of docs/rules.md.
pub const RULES: &[&Rule] = &[&LOCAL_ADAPTATION];

/// Local adaptation outside its national share.
pub static LOCAL_ADAPTATION: Rule = Rule {
    id: "local-adaptation",
    severity: Severity::Warning,
    why: "local adaptation is one third of the hours over the three years, and at most 40 % of a semester",
    source: "arrêté of 6 December 2019, art. 17; ORéBUT tableau_structure",
    fix: "check `heures_adaptation_locale` of the semester against its hours",
};

/// Runs the rule.
pub fn check(c: &Curriculum, out: &mut Vec<Diagnostic>) {
    for s in &c.semesters {
        let Some(la) = &s.local_adaptation else {
            continue;
        };
        let total: Num = (0..s.teachings.len())
            .map(|t| s.teaching_hours(t).hors_projet())
            .sum();
        if la.value * Num::int(100) > total * Num::int(LOCAL_ADAPTATION_SEMESTER_MAX_PERCENT) {
            out.push(
                Diagnostic::new(
                    &LOCAL_ADAPTATION,
                    la.loc,
                    format!(
                        "S{}: {} h of local adaptation is {} of the semester's {} h, above {LOCAL_ADAPTATION_SEMESTER_MAX_PERCENT} %",
                        s.number.value,
                        la.value.fr(),
                        la.value.percent_of(total),
                        total.fr()
                    ),
                )
                .label("local adaptation hours"),
            );
        }
    }
    for p in &c.parcours {
        let sems: Vec<_> = c.semesters_of(&p.code).collect();
        let numbers = c.semester_numbers(&p.code);
        if !(1..=6).all(|n| numbers.contains(&n))
            || sems.iter().any(|s| s.local_adaptation.is_none())
        {
            continue;
        }
        let la: Num = sems
            .iter()
            .filter_map(|s| s.local_adaptation.as_ref().map(|l| l.value))
            .sum();
        let total: Num = sems
            .iter()
            .flat_map(|s| (0..s.teachings.len()).map(move |t| s.teaching_hours(t).hors_projet()))
            .sum();
        // One third, with one point of tolerance: |3·la − total| ≤ 3 % of total.
        let gap = la * Num::int(LOCAL_ADAPTATION_CURSUS_DENOMINATOR) - total;
        let gap = if gap.is_negative() {
            Num::ZERO - gap
        } else {
            gap
        };
        if gap * Num::int(100) > total * Num::int(3) {
            out.push(
                Diagnostic::new(
                    &LOCAL_ADAPTATION,
                    sems[0].local_adaptation.as_ref().map(|l| l.loc),
                    format!(
                        "S1–S6: local adaptation is {} h, {} of {} h, not one third",
                        la.fr(),
                        la.percent_of(total),
                        total.fr()
                    ),
                )
                .label("first semester's local adaptation"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{CURSUS, YEAR, edit, fired, messages};

    const LA: &str = "    heures_adaptation_locale: 100\n";

    #[test]
    fn forty_percent_of_a_semester_passes() {
        assert!(
            !fired(&edit(YEAR, LA, "    heures_adaptation_locale: 120\n"))
                .contains(&"local-adaptation")
        );
    }

    #[test]
    fn just_over_forty_percent_of_a_semester_warns() {
        let text = edit(YEAR, LA, "    heures_adaptation_locale: 120.03\n");
        assert_eq!(
            messages(&text, "local-adaptation"),
            ["S1: 120,03 h of local adaptation is 40 % of the semester's 300 h, above 40 %"]
        );
    }

    #[test]
    fn a_cursus_far_from_one_third_warns() {
        // 6 × 70 h = 420 h of 1800 h: 23 %.
        let text = CURSUS.replace(LA, "    heures_adaptation_locale: 70\n");
        assert_eq!(
            messages(&text, "local-adaptation"),
            ["S1–S6: local adaptation is 420 h, 23,3 % of 1800 h, not one third"]
        );
    }
}
