//! Declared totals: every printed total equals the sum it claims.
//!
//! Row totals ("total hors projet" = CM + TD + TP + CI), pôle totals, UE
//! totals, semester totals, year totals and the header's "volume horaire".

use crate::diag::Diagnostic;
use crate::diag::{Rule, Severity};
use crate::model::num::Num;
use crate::model::{At, Curriculum, DeclaredHours, Hours, Pole, Semester, Totals};

/// The rules of this topic, in the order of docs/rules.md.
pub const RULES: &[&Rule] = &[&TOTAL_MISMATCH];

/// A printed total differs from the sum of what it totals.
pub static TOTAL_MISMATCH: Rule = Rule {
    id: "total-mismatch",
    severity: Severity::Error,
    why: "a printed total (row total hors projet, TOTAL RESSOURCES, TOTAL SAÉ, TOTAL UE, TOTAL S, TOTAL NIVEAU, header volume) equals the sum of what it totals",
    source: "arithmetic",
    fix: "correct the figure that is wrong: the total, or one of the values it adds up",
};

/// The sums a total row can claim.
#[derive(Default, Clone, Copy)]
struct Sums {
    hours: Hours,
    coef: Option<Num>,
    ects: Option<Num>,
}

fn compare(
    out: &mut Vec<Diagnostic>,
    what: &str,
    field: &str,
    printed: &Option<At<Num>>,
    computed: Num,
    parts: &str,
) {
    if let Some(p) = printed
        && p.value != computed
    {
        out.push(
            Diagnostic::new(
                &TOTAL_MISMATCH,
                p.loc,
                format!(
                    "{what}: {field} is printed {} but {parts} add up to {}",
                    p.value.fr(),
                    computed.fr()
                ),
            )
            .label(format!("should be {}", computed.fr()))
            .help(format!(
                "write {} here, or correct the {parts} that are wrong",
                computed.fr()
            )),
        );
    }
}

fn compare_totals(out: &mut Vec<Diagnostic>, what: &str, t: &Totals, s: Sums, parts: &str) {
    compare(out, what, "CM", &t.cm, s.hours.cm, parts);
    compare(out, what, "TD", &t.td, s.hours.td, parts);
    compare(out, what, "TP", &t.tp, s.hours.tp, parts);
    compare(out, what, "projet", &t.projet, s.hours.projet, parts);
    compare(
        out,
        what,
        "total hors projet",
        &t.total,
        s.hours.hors_projet(),
        parts,
    );
    compare(
        out,
        what,
        "the total with projet",
        &t.total_with_projet,
        s.hours.with_projet(),
        parts,
    );
    if let Some(coef) = s.coef {
        compare(out, what, "the coefficient", &t.coef, coef, parts);
    }
    if let Some(ects) = s.ects {
        compare(out, what, "ECTS", &t.ects, ects, parts);
    }
}

/// The coefficient a total row prints.
fn printed(t: &Totals) -> Option<Num> {
    t.coef.as_ref().map(|c| c.value)
}

fn row_total(out: &mut Vec<Diagnostic>, what: &str, h: &DeclaredHours) {
    compare(
        out,
        what,
        "total hors projet",
        &h.total,
        h.hours.hors_projet(),
        "its CM, TD and TP",
    );
    compare(
        out,
        what,
        "the total",
        &h.total_with_projet,
        h.hours.with_projet(),
        "its CM, TD, TP and projet",
    );
}

fn semester_sums(s: &Semester, pole: Option<Pole>) -> Sums {
    let hours = (0..s.teachings.len())
        .filter(|&t| pole.is_none_or(|p| s.teachings[t].pole() == p))
        .map(|t| s.teaching_hours(t))
        .sum();
    let coef = s
        .ues
        .iter()
        .enumerate()
        .map(|(ui, u)| match pole {
            Some(p) => u.pole_coef(s, ui, p),
            None => u.pole_coef(s, ui, Pole::Ressources) + u.pole_coef(s, ui, Pole::Saes),
        })
        .sum();
    let ects = s
        .ues
        .iter()
        .filter_map(|u| u.ects.as_ref().map(|e| e.value))
        .sum();
    Sums {
        hours,
        coef: Some(coef),
        ects: Some(ects),
    }
}

/// Runs the rule on every printed total.
pub fn check(c: &Curriculum, out: &mut Vec<Diagnostic>) {
    for s in &c.semesters {
        let sn = s.number.value;
        for t in &s.teachings {
            if let Some(h) = &t.hours {
                row_total(out, &format!("S{sn} row `{}`", t.code.value), h);
            }
        }
        for (ui, u) in s.ues.iter().enumerate() {
            let mut pole_sums = [Sums::default(), Sums::default()];
            for (i, pole) in [Pole::Ressources, Pole::Saes].into_iter().enumerate() {
                let hours = u
                    .rows
                    .iter()
                    .filter(|r| r.pole == pole)
                    .filter_map(|r| r.hours.as_ref().map(|h| h.hours))
                    .sum();
                pole_sums[i] = Sums {
                    hours,
                    coef: Some(u.pole_coef(s, ui, pole)),
                    ects: None,
                };
            }
            for r in &u.rows {
                if let Some(h) = &r.hours {
                    let code = &s.teachings[r.teaching].code.value;
                    row_total(out, &format!("{} row `{code}`", u.code.value), h);
                }
            }
            let code = &u.code.value;
            compare_totals(
                out,
                &format!("TOTAL RESSOURCES of {code}"),
                &u.total_ressources,
                pole_sums[0],
                "its ressources",
            );
            compare_totals(
                out,
                &format!("TOTAL SAÉ of {code}"),
                &u.total_saes,
                pole_sums[1],
                "its SAÉ",
            );
            let poles =
                pole_sums[0].coef.unwrap_or_default() + pole_sums[1].coef.unwrap_or_default();
            let whole = Sums {
                hours: pole_sums[0].hours + pole_sums[1].hours,
                // A TOTAL row may print the UE's own coefficient instead.
                coef: Some(poles)
                    .filter(|_| printed(&u.total) != u.coefficient.as_ref().map(|c| c.value)),
                ects: u.ects.as_ref().map(|e| e.value),
            };
            compare_totals(
                out,
                &format!("TOTAL {code}"),
                &u.total,
                whole,
                "its two pôles",
            );
        }
        let name = format!("S{sn}");
        compare_totals(
            out,
            &format!("TOTAL RESSOURCES of {name}"),
            &s.total_ressources,
            semester_sums(s, Some(Pole::Ressources)),
            "its ressources",
        );
        compare_totals(
            out,
            &format!("TOTAL SAÉ of {name}"),
            &s.total_saes,
            semester_sums(s, Some(Pole::Saes)),
            "its SAÉ",
        );
        let mut sums = semester_sums(s, None);
        if printed(&s.total).is_some() && printed(&s.total) == s.own_coefficients() {
            sums.coef = None;
        }
        compare_totals(
            out,
            &format!("TOTAL {name}"),
            &s.total,
            sums,
            "its teachings",
        );
    }

    for y in &c.year_totals {
        for p in &y.parcours {
            // A parcours the document lists without this year's semesters
            // has no total to check.
            if !c.semesters_of(p).any(|s| s.year() == y.year.value) {
                continue;
            }
            let mut sums = Sums {
                hours: Hours::default(),
                coef: Some(Num::ZERO),
                ects: Some(Num::ZERO),
            };
            let mut own = Some(Num::ZERO);
            for s in c.semesters_of(p).filter(|s| s.year() == y.year.value) {
                let x = semester_sums(s, None);
                sums.hours = sums.hours + x.hours;
                sums.coef = Some(sums.coef.unwrap_or_default() + x.coef.unwrap_or_default());
                sums.ects = Some(sums.ects.unwrap_or_default() + x.ects.unwrap_or_default());
                own = own.zip(s.own_coefficients()).map(|(a, b)| a + b);
            }
            if printed(&y.totals).is_some() && printed(&y.totals) == own {
                sums.coef = None;
            }
            let what = if p.is_empty() || c.parcours.len() == 1 {
                format!("TOTAL NIVEAU {}", y.year.value)
            } else {
                format!("TOTAL NIVEAU {} (parcours {p})", y.year.value)
            };
            compare_totals(out, &what, &y.totals, sums, "its semesters");
        }
    }

    if let Some(v) = &c.formation.volume {
        // The header states the volume of the document's semesters, per
        // parcours; a parcours listed without semesters (the speciality's
        // others, for the NSF table) has no volume to state.
        for p in &c.parcours {
            if c.semesters_of(&p.code).next().is_none() {
                continue;
            }
            let hours: Hours = c
                .semesters_of(&p.code)
                .map(|s| semester_sums(s, None).hours)
                .sum();
            let mut found = Vec::new();
            let header = Totals {
                cm: cell(v, "cm"),
                td: cell(v, "td"),
                tp: cell(v, "tp"),
                projet: cell(v, "projet"),
                total: v.total.clone(),
                total_with_projet: v.total_with_projet.clone(),
                ..Totals::default()
            };
            compare_totals(
                &mut found,
                "volume horaire étudiant (header)",
                &header,
                Sums {
                    hours,
                    coef: None,
                    ects: None,
                },
                "the semesters",
            );
            for d in found {
                if !out.iter().any(|o| o.loc == d.loc && o.rule.id == d.rule.id) {
                    out.push(d);
                }
            }
        }
    }
}

fn cell(v: &DeclaredHours, name: &str) -> Option<At<Num>> {
    let value = match name {
        "cm" => v.hours.cm,
        "td" => v.hours.td,
        "tp" => v.hours.tp,
        _ => v.hours.projet,
    };
    v.cells
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, loc)| At::new(value, *loc))
}

#[cfg(test)]
mod tests {
    use crate::testing::{YEAR, edit, fired, messages};

    const ROW: &str = "ues: [UE11], cm: 50, td: 50, total: 100";

    #[test]
    fn an_exact_row_total_passes() {
        assert!(!fired(YEAR).contains(&"total-mismatch"));
    }

    #[test]
    fn decimal_hours_are_added_exactly() {
        let text = edit(
            YEAR,
            ROW,
            "ues: [UE11], cm: 0.1, td: 0.2, tp: 99.7, total: 100",
        );
        assert!(
            !fired(&text).contains(&"total-mismatch"),
            "{:?}",
            messages(&text, "total-mismatch")
        );
    }

    #[test]
    fn a_row_total_off_by_half_an_hour_fails() {
        let text = edit(YEAR, ROW, "ues: [UE11], cm: 50, td: 50, total: 100.5");
        assert_eq!(
            messages(&text, "total-mismatch"),
            [
                "S1 row `R1.1`: total hors projet is printed 100,5 but its CM, TD and TP add up to 100"
            ]
        );
    }

    #[test]
    fn a_total_with_projet_includes_the_projet_hours() {
        let sae = "ues: [UE11], td: 50, projet: 50, total: 50";
        let ok = edit(
            YEAR,
            sae,
            "ues: [UE11], td: 50, projet: 50, total_avec_projet: 100",
        );
        assert!(!fired(&ok).contains(&"total-mismatch"));
        let wrong = edit(
            YEAR,
            sae,
            "ues: [UE11], td: 50, projet: 50, total_avec_projet: 50",
        );
        assert_eq!(messages(&wrong, "total-mismatch").len(), 1);
    }

    #[test]
    fn ue_and_semester_totals_are_checked_against_their_parts() {
        let ue = "ressources: [{ code: R1.1, coef: 50 }], saes: [{ code: S1.1, coef: 50 }] }";
        let text = edit(
            YEAR,
            ue,
            "ressources: [{ code: R1.1, coef: 50 }], saes: [{ code: S1.1, coef: 50 }], total_ressources: { coef: 50 }, total_saes: { coef: 49 }, total: { coef: 100, ects: 15 } }",
        );
        let text = edit(
            &text,
            "    heures_adaptation_locale: 100\n",
            "    heures_adaptation_locale: 100\n    total: { cm: 50, td: 200, tp: 50, projet: 100, total: 300, coef: 200, ects: 31 }\n",
        );
        assert_eq!(
            messages(&text, "total-mismatch"),
            [
                "TOTAL SAÉ of UE11: the coefficient is printed 49 but its SAÉ add up to 50",
                "TOTAL S1: ECTS is printed 31 but its teachings add up to 30",
            ]
        );
    }

    #[test]
    fn a_total_row_may_print_the_ue_s_own_coefficient_and_the_semester_their_sum() {
        // Seed 001's convention: TOTAL UE rows print 1, TOTAL S1 prints 2.
        let own = |ue: &str, printed: &str| {
            format!(
                "{{ code: {ue}, competence: C{}, niveau: 1, ects: 15, coefficient: 1, total: {{ coef: {printed} }}, ",
                &ue[3..]
            )
        };
        let mut text = YEAR.to_string();
        for ue in ["UE11", "UE12"] {
            let from = format!(
                "{{ code: {ue}, competence: C{}, niveau: 1, ects: 15, ",
                &ue[3..]
            );
            text = edit(&text, &from, &own(ue, "1"));
        }
        let text = edit(
            &text,
            "    heures_adaptation_locale: 100\n",
            "    heures_adaptation_locale: 100\n    total: { coef: 2 }\n",
        );
        assert!(
            messages(&text, "total-mismatch").is_empty(),
            "{:?}",
            messages(&text, "total-mismatch")
        );
        // Neither the UE's coefficient nor its pôles' sum: reported.
        let wrong = edit(&text, &own("UE12", "1"), &own("UE12", "3"));
        assert_eq!(
            messages(&wrong, "total-mismatch"),
            ["TOTAL UE12: the coefficient is printed 3 but its two pôles add up to 100"]
        );
    }
}
