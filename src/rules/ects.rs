//! ECTS: 30 a semester, 60 a year, 180 over S1–S6, for every parcours.

use crate::diag::Diagnostic;
use crate::model::{Curriculum, Semester};
use crate::num::Num;
use crate::regulation::{self, ECTS_PER_SEMESTER, ECTS_PER_YEAR};
use crate::rules::{Rule, Severity};

/// A semester's UEs do not total 30 ECTS.
pub static ECTS_SEMESTER: Rule = Rule {
    id: "ects-semester",
    severity: Severity::Error,
    why: "the UEs of a semester total 30 ECTS, in every parcours",
    source: "LMD convention; arrêté of 15 April 2022, annexe 1 §4.3 (180 ECTS over six semesters)",
    fix: "correct the ECTS of the UEs so that the semester totals 30",
};

/// A year does not total 60 ECTS.
pub static ECTS_YEAR: Rule = Rule {
    id: "ects-year",
    severity: Severity::Error,
    why: "the two semesters of a year total 60 ECTS",
    source: "LMD convention; arrêté of 15 April 2022, annexe 1 §4.3",
    fix: "correct the ECTS of the UEs of the year",
};

/// S1–S6 do not total 180 ECTS.
pub static ECTS_CURSUS: Rule = Rule {
    id: "ects-cursus",
    severity: Severity::Error,
    why: "the BUT confers 180 ECTS over S1–S6",
    source: "arrêté of 15 April 2022, annexe 1 §4.3",
    fix: "correct the ECTS of the UEs so that every semester totals 30",
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

/// Runs the three ECTS rules.
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
        for year in 1..=3u8 {
            let (odd, even) = (2 * year - 1, 2 * year);
            if !(numbers.contains(&odd) && numbers.contains(&even)) {
                continue;
            }
            let sems: Vec<&Semester> = by_number(odd).into_iter().chain(by_number(even)).collect();
            let total = ects(&sems);
            if total != Num::int(ECTS_PER_YEAR) && reported.insert((sems[0].number.loc, total)) {
                out.push(
                    Diagnostic::new(
                        &ECTS_YEAR,
                        sems[0].number.loc,
                        format!(
                            "year {year}{}: S{odd} and S{even} total {} ECTS, not {ECTS_PER_YEAR}",
                            of_parcours(&p.code),
                            total.fr()
                        ),
                    )
                    .label(format!("{} ECTS over the year", total.fr())),
                );
            }
        }
        if (1..=6).all(|n| numbers.contains(&n)) {
            let sems: Vec<&Semester> = c.semesters_of(&p.code).collect();
            let total = ects(&sems);
            if total != Num::int(regulation::ECTS_CURSUS) {
                out.push(
                    Diagnostic::new(
                        &ECTS_CURSUS,
                        sems[0].number.loc,
                        format!(
                            "S1–S6{}: the UEs total {} ECTS, not {}",
                            of_parcours(&p.code),
                            total.fr(),
                            regulation::ECTS_CURSUS
                        ),
                    )
                    .label(format!("{} ECTS over the cursus", total.fr())),
                );
            }
        }
    }
}
