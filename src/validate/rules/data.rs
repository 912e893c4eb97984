//! Data rules: the file reads, references resolve, codes are unique, every
//! teaching has an evaluation type, no figure is negative.

use crate::diag::Diagnostic;
use crate::diag::{Rule, Severity};
use crate::model::num::Num;
use crate::model::{At, Curriculum, DeclaredHours, Totals, coef_value};

/// The rules of this topic, in the order of docs/rules.md.
pub const RULES: &[&Rule] = &[&EVALUATION_MISSING, &NEGATIVE_VALUE];

/// A teaching without evaluation type.
pub static EVALUATION_MISSING: Rule = Rule {
    id: "evaluation-missing",
    severity: Severity::Error,
    why: "the MCCC give the type of evaluation (e.g. CC, contrôle continu) of every teaching",
    source: "arrêté of 15 April 2022, annexe 1 §4.1",
    fix: "add `evaluation: CC` (or the type in force) to the teaching, or `formation.evaluation` for the whole file",
};

/// A negative hour count, coefficient or ECTS.
pub static NEGATIVE_VALUE: Rule = Rule {
    id: "negative-value",
    severity: Severity::Error,
    why: "hours, coefficients and ECTS are zero or more",
    source: "arithmetic",
    fix: "write the value without its minus sign, or 0",
};

/// Runs the data rules that need the model.
pub fn check(c: &Curriculum, out: &mut Vec<Diagnostic>) {
    for s in &c.semesters {
        for t in &s.teachings {
            if t.evaluation.is_none() {
                out.push(
                    Diagnostic::new(
                        &EVALUATION_MISSING,
                        t.code.loc,
                        format!(
                            "S{}: `{}` ({}) has no evaluation type",
                            s.number.value, t.code.value, t.name
                        ),
                    )
                    .label("no evaluation type on any of its rows"),
                );
            }
            if let Some(h) = &t.hours {
                hours(h, &t.code.value, out);
            }
            for (_, coef) in &t.row_coefs {
                coefficient(coef.value, coef.loc, &t.code.value, out);
            }
        }
        for u in &s.ues {
            if let Some(e) = &u.ects {
                negative(e, &format!("the ECTS of {}", u.code.value), out);
            }
            for r in &u.rows {
                let code = &s.teachings[r.teaching].code.value;
                if let Some(h) = &r.hours {
                    hours(h, code, out);
                }
                if let Some(coef) = &r.coef {
                    coefficient(coef.value, coef.loc, code, out);
                }
            }
            for t in [&u.total_ressources, &u.total_saes, &u.total] {
                totals(t, &u.code.value, out);
            }
        }
        let name = format!("S{}", s.number.value);
        for t in [&s.total_ressources, &s.total_saes, &s.total] {
            totals(t, &name, out);
        }
    }
}

fn coefficient(
    c: crate::model::Coef,
    loc: crate::model::source::Loc,
    code: &str,
    out: &mut Vec<Diagnostic>,
) {
    if let Some(v) = coef_value(c) {
        negative(
            &At::new(v, loc),
            &format!("the coefficient of `{code}`"),
            out,
        );
    }
}

fn hours(h: &DeclaredHours, code: &str, out: &mut Vec<Diagnostic>) {
    for (field, loc) in &h.cells {
        let value = match *field {
            "cm" => h.hours.cm,
            "td" => h.hours.td,
            "tp" => h.hours.tp,
            "ci" => h.hours.ci,
            _ => h.hours.projet,
        };
        negative(
            &At::new(value, *loc),
            &format!("the {} hours of `{code}`", field.to_uppercase()),
            out,
        );
    }
    for t in [&h.total, &h.total_with_projet].into_iter().flatten() {
        negative(t, &format!("the total hours of `{code}`"), out);
    }
    if let Some(w) = &h.weeks {
        negative(
            &At::new(w.value.min, w.loc),
            &format!("the weeks of `{code}`"),
            out,
        );
    }
}

fn totals(t: &Totals, what: &str, out: &mut Vec<Diagnostic>) {
    for v in [
        &t.cm,
        &t.td,
        &t.tp,
        &t.projet,
        &t.total,
        &t.total_with_projet,
        &t.coef,
        &t.ects,
    ]
    .into_iter()
    .flatten()
    {
        negative(v, &format!("a printed total of {what}"), out);
    }
}

fn negative(v: &At<Num>, what: &str, out: &mut Vec<Diagnostic>) {
    if v.value.is_negative() {
        out.push(
            Diagnostic::new(
                &NEGATIVE_VALUE,
                v.loc,
                format!("{what}: {} is below zero", v.value.fr()),
            )
            .label("below zero"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{YEAR, edit, fired, messages};

    #[test]
    fn zero_is_not_negative() {
        let text = edit(
            YEAR,
            "ues: [UE11], cm: 50, td: 50, total: 100",
            "ues: [UE11], cm: 0, td: 100, total: 100",
        );
        assert_eq!(fired(&text), Vec::<&str>::new());
    }

    #[test]
    fn a_negative_coefficient_is_reported() {
        let text = edit(
            YEAR,
            "[{ code: R1.1, coef: 50 }]",
            "[{ code: R1.1, coef: -0.5 }]",
        );
        assert_eq!(
            messages(&text, "negative-value"),
            ["the coefficient of `R1.1`: -0,5 is below zero"]
        );
    }

    #[test]
    fn an_evaluation_on_one_row_serves_the_teaching() {
        let text = edit(YEAR, "  evaluation: CC\n", "");
        let text = text
            .replace("type: ressource,", "type: ressource, evaluation: CC,")
            .replace("type: sae,", "type: sae, evaluation: CC,");
        assert_eq!(fired(&text), Vec::<&str>::new());
    }

    #[test]
    fn a_teaching_duplicated_in_a_ue_is_reported_once() {
        let text = edit(
            YEAR,
            "[{ code: R1.1, coef: 50 }]",
            "[{ code: R1.1, coef: 25 }, { code: R1.1, coef: 25 }]",
        );
        assert_eq!(
            messages(&text, "duplicate-code"),
            ["teaching in this UE `R1.1` is defined twice"]
        );
    }
}
