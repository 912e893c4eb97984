//! Stage weeks: 8–12 over years 1–2, 12–16 in year 3, 22–26 over the cursus.
//! Checked where the curriculum gives the weeks of its stages.

use crate::diag::Diagnostic;
use crate::diag::{Rule, Severity};
use crate::model::Curriculum;
use crate::model::Kind;
use crate::model::num::Num;
use crate::model::regulation::{STAGE_CURSUS_WEEKS, STAGE_YEAR_3_WEEKS, STAGE_YEARS_1_2_WEEKS};
use crate::model::source::Loc;

/// The rules of this topic, in the order of docs/rules.md.
pub const RULES: &[&Rule] = &[&STAGE_WEEKS];

/// Stage weeks outside the national ranges.
pub static STAGE_WEEKS: Rule = Rule {
    id: "stage-weeks",
    severity: Severity::Warning,
    why: "stages last 22 to 26 weeks over the cursus: 8 to 12 weeks over years 1–2 and 12 to 16 weeks in year 3 (an apprenticeship regime may differ)",
    source: "arrêté of 6 December 2019, art. 17; ORéBUT tableau_structure",
    fix: "check the weeks of the stages against the national programme",
};

/// Runs the rule.
pub fn check(c: &Curriculum, out: &mut Vec<Diagnostic>) {
    for p in &c.parcours {
        let numbers = c.semester_numbers(&p.code);
        // (min, max, where) of stage weeks for each year.
        let mut weeks: [Option<(Num, Num, Loc)>; 4] = [None; 4];
        // A stage that gives no weeks (an apprenticeship's "période entreprise").
        let mut unknown = false;
        for s in c.semesters_of(&p.code) {
            for (ti, t) in s
                .teachings
                .iter()
                .enumerate()
                .filter(|(_, t)| t.kind == Kind::Stage)
            {
                // Its own row's weeks, else the first UE row that gives them (once, not per UE).
                let own = t.hours.as_ref().and_then(|h| h.weeks.clone()).or_else(|| {
                    s.ues
                        .iter()
                        .flat_map(|u| &u.rows)
                        .filter(|r| r.teaching == ti)
                        .find_map(|r| r.hours.as_ref().and_then(|h| h.weeks.clone()))
                });
                let Some(w) = own else {
                    unknown = true;
                    continue;
                };
                let y = s.year() as usize;
                let e = weeks[y].get_or_insert((Num::ZERO, Num::ZERO, w.loc));
                e.0 += w.value.min;
                e.1 += w.value.max;
            }
        }
        let of = if p.code.is_empty() {
            String::new()
        } else {
            format!(" (parcours {})", p.code)
        };
        let mut check_range = |years: &[usize], (lo, hi): (i64, i64), label: &str| {
            if !years
                .iter()
                .all(|y| numbers.contains(&(2 * *y as u8 - 1)) && numbers.contains(&(2 * *y as u8)))
            {
                return;
            }
            let present: Vec<_> = years.iter().filter_map(|y| weeks[*y]).collect();
            let Some(&(_, _, loc)) = present.first() else {
                return;
            };
            let min: Num = present.iter().map(|w| w.0).sum();
            let max: Num = present.iter().map(|w| w.1).sum();
            if min < Num::int(lo) || max > Num::int(hi) {
                let span = if min == max {
                    min.fr()
                } else {
                    format!("{} to {}", min.fr(), max.fr())
                };
                out.push(
                    Diagnostic::new(
                        &STAGE_WEEKS,
                        loc,
                        format!("{label}{of}: the stages last {span} weeks, outside {lo}–{hi}"),
                    )
                    .label("stage weeks"),
                );
            }
        };
        check_range(&[1, 2], STAGE_YEARS_1_2_WEEKS, "years 1–2");
        check_range(&[3], STAGE_YEAR_3_WEEKS, "year 3");
        if !unknown {
            check_range(&[1, 2, 3], STAGE_CURSUS_WEEKS, "S1–S6");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{CURSUS, edit, fired, messages};

    fn year3_weeks(w: &str) -> String {
        edit(CURSUS, "semaines: 14", &format!("semaines: {w}"))
    }

    #[test]
    fn twelve_and_sixteen_weeks_in_year_three_pass() {
        assert!(!fired(&year3_weeks("12")).contains(&"stage-weeks"));
        assert!(!fired(&year3_weeks("16")).contains(&"stage-weeks"));
    }

    #[test]
    fn eleven_weeks_in_year_three_warn() {
        assert_eq!(
            messages(&year3_weeks("11"), "stage-weeks"),
            // Sorted by position: the cursus finding points at the first stage, in S4.
            [
                "S1–S6: the stages last 21 weeks, outside 22–26",
                "year 3: the stages last 11 weeks, outside 12–16"
            ]
        );
    }

    #[test]
    fn a_range_of_weeks_must_fit_entirely() {
        assert_eq!(messages(&year3_weeks("12-17"), "stage-weeks").len(), 2);
        assert!(!fired(&year3_weeks("12-16")).contains(&"stage-weeks"));
    }

    #[test]
    fn years_one_and_two_take_eight_to_twelve_weeks() {
        let text = edit(CURSUS, "semaines: 10", "semaines: 7");
        assert_eq!(
            messages(&text, "stage-weeks"),
            [
                "S1–S6: the stages last 21 weeks, outside 22–26",
                "years 1–2: the stages last 7 weeks, outside 8–12"
            ]
        );
    }
}
