//! ECTS: the UEs of every semester total 30, in every parcours.
//!
//! A year's 60 ECTS and the cursus' 180 follow from it; printed year totals
//! are checked by the `total-mismatch` rule.

use crate::diag::Diagnostic;
use crate::diag::{Rule, Severity};
use crate::model::num::Num;
use crate::model::regulation::ECTS_PER_SEMESTER;
use crate::model::{Curriculum, Semester};

/// The rules of this topic, in the order of docs/rules.md.
pub const RULES: &[&Rule] = &[&ECTS_SEMESTER];

/// A semester's UEs do not total 30 ECTS.
pub static ECTS_SEMESTER: Rule = Rule {
    id: "ects-semester",
    severity: Severity::Error,
    why: "the UEs of a semester total 30 ECTS, in every parcours",
    source: "LMD convention; arrêté of 15 April 2022, annexe 1 §4.3 (180 ECTS over six semesters)",
    fix: "correct the ECTS of the UEs so that the semester totals 30",
};

fn ects(sems: &[&Semester]) -> Num {
    sems.iter()
        .flat_map(|s| &s.ues)
        .filter_map(|u| u.ects.as_ref().map(|e| e.value))
        .sum()
}

fn of_parcours(p: &str) -> String {
    if p.is_empty() {
        String::new()
    } else {
        format!(" (parcours {p})")
    }
}

/// Runs the rule.
pub fn check(c: &Curriculum, out: &mut Vec<Diagnostic>) {
    let mut reported = std::collections::HashSet::new();
    for p in &c.parcours {
        let by_number = |n: u8| -> Vec<&Semester> {
            c.semesters_of(&p.code)
                .filter(|s| s.number.value == n)
                .collect()
        };
        let numbers = c.semester_numbers(&p.code);
        for &n in &numbers {
            let sems = by_number(n);
            let total = ects(&sems);
            // A block shared by several parcours is reported once.
            let key = (sems[0].number.loc, total);
            if total != Num::int(ECTS_PER_SEMESTER) && reported.insert(key) {
                let mut d = Diagnostic::new(
                    &ECTS_SEMESTER,
                    sems[0].number.loc,
                    format!(
                        "S{n}{}: the UEs total {} ECTS, not {ECTS_PER_SEMESTER}",
                        of_parcours(&p.code),
                        total.fr()
                    ),
                )
                .label(format!("{} ECTS", total.fr()));
                for u in sems.iter().flat_map(|s| &s.ues) {
                    match &u.ects {
                        Some(e) => {
                            d = d.related(e.loc, format!("{}: {} ECTS", u.code.value, e.value.fr()))
                        }
                        None => d = d.related(u.code.loc, format!("{}: no ECTS", u.code.value)),
                    }
                }
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{YEAR, edit, fired, messages};

    const UE11: &str = "code: UE11, competence: C1, niveau: 1, ects: 15";
    const UE12: &str = "code: UE12, competence: C2, niveau: 1, ects: 15";

    #[test]
    fn thirty_ects_pass() {
        assert!(!fired(YEAR).contains(&"ects-semester"));
    }

    #[test]
    fn half_an_ects_too_few_fails() {
        let text = edit(
            YEAR,
            UE11,
            "code: UE11, competence: C1, niveau: 1, ects: 14.5",
        );
        assert_eq!(
            messages(&text, "ects-semester"),
            ["S1: the UEs total 29,5 ECTS, not 30"]
        );
    }

    #[test]
    fn half_an_ects_too_many_fails() {
        let text = edit(
            YEAR,
            UE11,
            "code: UE11, competence: C1, niveau: 1, ects: 15.5",
        );
        assert_eq!(
            messages(&text, "ects-semester"),
            ["S1: the UEs total 30,5 ECTS, not 30"]
        );
    }

    #[test]
    fn decimal_ects_adding_up_to_thirty_pass() {
        let text = edit(
            YEAR,
            UE11,
            "code: UE11, competence: C1, niveau: 1, ects: 14.9",
        );
        let text = edit(
            &text,
            UE12,
            "code: UE12, competence: C2, niveau: 1, ects: 15.1",
        );
        assert!(!fired(&text).contains(&"ects-semester"));
    }

    #[test]
    fn a_ue_without_ects_counts_zero() {
        let text = edit(YEAR, UE11, "code: UE11, competence: C1, niveau: 1");
        assert_eq!(
            messages(&text, "ects-semester"),
            ["S1: the UEs total 15 ECTS, not 30"]
        );
    }
}
