//! Cross-annex consistency: the X matrix and the coefficients agree, a
//! teaching carries one name and one set of hours everywhere, and annexe 1
//! names the same UEs as the semesters.
//!
//! A teaching listed in a UE with `-` (no coefficient) counts as listed: the
//! annexes agree that it belongs to the UE, and gives it no weight. A SAÉ that
//! serves several competences may be printed in a UE as "<name> - <competence>".

use std::collections::HashMap;

use crate::diag::Diagnostic;
use crate::diag::{Rule, Severity};
use crate::model::source::Loc;
use crate::model::{Curriculum, Semester};

/// The rules of this topic, in the order of docs/rules.md.
pub const RULES: &[&Rule] = &[
    &MARK_WITHOUT_COEFFICIENT,
    &COEFFICIENT_WITHOUT_MARK,
    &NAME_MISMATCH,
    &HOURS_MISMATCH,
    &STRUCTURE_MISMATCH,
];

/// An X mark with no coefficient in that UE.
pub static MARK_WITHOUT_COEFFICIENT: Rule = Rule {
    id: "mark-without-coefficient",
    severity: Severity::Error,
    why: "a teaching marked as feeding a UE (an X in the hours annexe) is listed with a coefficient in that UE (coefficients annexe)",
    source: "consistency between annexe 2 and annexe 3",
    fix: "list the teaching in the UE's pôle with its coefficient, or remove the X",
};

/// A coefficient in a UE the teaching is not marked for.
pub static COEFFICIENT_WITHOUT_MARK: Rule = Rule {
    id: "coefficient-without-mark",
    severity: Severity::Error,
    why: "a teaching that has a coefficient in a UE (coefficients annexe) is marked as feeding it (an X in the hours annexe)",
    source: "consistency between annexe 2 and annexe 3",
    fix: "add the UE to the teaching's `ues:` list (its X marks), or remove the coefficient",
};

/// The same teaching under two names.
pub static NAME_MISMATCH: Rule = Rule {
    id: "name-mismatch",
    severity: Severity::Error,
    why: "a teaching carries the same name everywhere it is printed",
    source: "consistency of the maquette",
    fix: "write the name the same way everywhere",
};

/// The same teaching with two sets of hours.
pub static HOURS_MISMATCH: Rule = Rule {
    id: "hours-mismatch",
    severity: Severity::Error,
    why: "a teaching has the same hours everywhere it is printed, and the hours it gives its UEs add up to its own",
    source: "consistency of the maquette",
    fix: "copy the hours of the teaching the same way everywhere",
};

/// Annexe 1 and the semesters name different UEs.
pub static STRUCTURE_MISMATCH: Rule = Rule {
    id: "structure-mismatch",
    severity: Severity::Error,
    why: "the structure annexe (annexe 1) names, for each competence and semester, the UE that the semester tables define",
    source: "consistency between annexe 1 and annexes 2–3",
    fix: "print the same UE code in annexe 1 and in the semester",
};

/// Names compared as a reader would: spacing and apostrophe style do not count.
pub fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.replace(['’', '‘'], "'")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    norm(a) == norm(b)
}

/// Runs the cross-annex rules.
pub fn check(c: &Curriculum, out: &mut Vec<Diagnostic>) {
    for s in &c.semesters {
        marks(s, out);
        names_and_hours_within(c, s, out);
    }
    across_blocks(c, out);
    structure(c, out);
}

fn marks(s: &Semester, out: &mut Vec<Diagnostic>) {
    for (ti, t) in s.teachings.iter().enumerate() {
        let Some(marks) = &t.marks else { continue };
        let listed = s.coefficients(ti);
        for m in marks {
            if !listed.iter().any(|(ui, _, _)| *ui == m.value) {
                let ue = &s.ues[m.value];
                out.push(
                    Diagnostic::new(
                        &MARK_WITHOUT_COEFFICIENT,
                        m.loc,
                        format!(
                            "S{}: `{}` ({}) is marked for {} but has no coefficient there",
                            s.number.value, t.code.value, t.name, ue.code.value
                        ),
                    )
                    .label("marked here")
                    .related(
                        ue.code.loc,
                        format!("{} lists no `{}`", ue.code.value, t.code.value),
                    ),
                );
            }
        }
        for (ui, _, loc) in &listed {
            if !marks.iter().any(|m| m.value == *ui) {
                let ue = &s.ues[*ui];
                out.push(
                    Diagnostic::new(
                        &COEFFICIENT_WITHOUT_MARK,
                        *loc,
                        format!(
                            "S{}: `{}` ({}) has a coefficient in {} but is not marked for it",
                            s.number.value, t.code.value, t.name, ue.code.value
                        ),
                    )
                    .label(format!("listed in {}", ue.code.value))
                    .related(t.code.loc, "its marks do not include this UE"),
                );
            }
        }
    }
}

fn names_and_hours_within(c: &Curriculum, s: &Semester, out: &mut Vec<Diagnostic>) {
    for (ti, t) in s.teachings.iter().enumerate() {
        let rows: Vec<_> = s
            .ues
            .iter()
            .flat_map(|u| u.rows.iter().map(move |r| (u, r)))
            .filter(|(_, r)| r.teaching == ti)
            .collect();
        // The reference name: its own row, else the first UE row that prints one.
        let reference = if t.has_own_row {
            Some((t.name.clone(), t.code.loc, "its own row".to_string()))
        } else {
            rows.iter().find_map(|(u, r)| {
                r.name.as_ref().map(|n| {
                    (
                        n.value.clone(),
                        n.loc,
                        format!("its row in {}", u.code.value),
                    )
                })
            })
        };
        if let Some((name, loc, where_)) = reference {
            // One finding per differing name, listing the UEs that print it.
            let mut variants: Vec<(&str, Loc, Vec<&str>)> = Vec::new();
            for (u, r) in &rows {
                let Some(n) = &r.name else { continue };
                let declined = u.competence.is_some_and(|ci| {
                    same_name(&n.value, &format!("{name} - {}", c.competences[ci].nom))
                });
                if n.loc == loc || same_name(&n.value, &name) || declined {
                    continue;
                }
                match variants.iter_mut().find(|(v, _, _)| same_name(v, &n.value)) {
                    Some(v) => v.2.push(&u.code.value),
                    None => variants.push((&n.value, n.loc, vec![&u.code.value])),
                }
            }
            for (variant, vloc, ues) in variants {
                out.push(
                    Diagnostic::new(
                        &NAME_MISMATCH,
                        vloc,
                        format!(
                            "S{}: `{}` is called “{variant}” in {} but “{name}” in {where_}",
                            s.number.value,
                            t.code.value,
                            ues.join(", ")
                        ),
                    )
                    .related(loc, "the other name"),
                );
            }
        }
        if let Some(own) = &t.hours {
            let split: Vec<_> = rows.iter().filter_map(|(_, r)| r.hours.as_ref()).collect();
            if !split.is_empty() && !own.is_empty() {
                let sum: crate::model::Hours = split.iter().map(|h| h.hours).sum();
                if sum != own.hours {
                    out.push(
                        Diagnostic::new(
                            &HOURS_MISMATCH,
                            t.code.loc,
                            format!(
                                "S{}: `{}` has {} h hors projet on its own row, but its UE rows give {} h",
                                s.number.value,
                                t.code.value,
                                own.hours.hors_projet().fr(),
                                sum.hors_projet().fr()
                            ),
                        )
                        .label("its own hours"),
                    );
                }
            }
        }
    }
}

fn across_blocks(c: &Curriculum, out: &mut Vec<Diagnostic>) {
    // First own row of each teaching code, by semester number.
    let mut first: HashMap<(u8, &str), (&Semester, usize)> = HashMap::new();
    for s in &c.semesters {
        for (ti, t) in s.teachings.iter().enumerate() {
            if !t.has_own_row {
                continue;
            }
            let key = (s.number.value, t.code.value.as_str());
            let Some(&(fs, fti)) = first.get(&key) else {
                first.insert(key, (s, ti));
                continue;
            };
            let f = &fs.teachings[fti];
            if !same_name(&f.name, &t.name) {
                out.push(
                    Diagnostic::new(
                        &NAME_MISMATCH,
                        t.code.loc,
                        format!("S{}: `{}` is called “{}” here but “{}” in another block of the same semester", s.number.value, t.code.value, t.name, f.name),
                    )
                    .related(f.code.loc, "the other name"),
                );
            }
            let (a, b) = (fs.teaching_hours(fti), s.teaching_hours(ti));
            if a != b {
                out.push(
                    Diagnostic::new(
                        &HOURS_MISMATCH,
                        t.code.loc,
                        format!(
                            "S{}: `{}` ({}) has CM/TD/TP/projet {}/{}/{}/{} here but {}/{}/{}/{} in another block of the same semester",
                            s.number.value, t.code.value, t.name,
                            b.cm.fr(), b.td.fr(), b.tp.fr(), b.projet.fr(),
                            a.cm.fr(), a.td.fr(), a.tp.fr(), a.projet.fr()
                        ),
                    )
                    .related(f.code.loc, "the other hours"),
                );
            }
        }
    }
}

fn structure(c: &Curriculum, out: &mut Vec<Diagnostic>) {
    for annex in &c.structure {
        let p = &annex.parcours.value;
        let numbers = c.semester_numbers(p);
        for row in &annex.rows {
            let (comp, cells) = (&row.competence, &row.ues);
            let name = &c.competences[comp.value].nom;
            if cells.len() != 6 {
                out.push(Diagnostic::new(
                    &STRUCTURE_MISMATCH,
                    comp.loc,
                    format!("annexe 1 (parcours {p}): the row of {name} has {} cells; it has one per semester, S1 to S6", cells.len()),
                ));
                continue;
            }
            for (k, cell) in (1..=6u8).zip(cells) {
                if !numbers.contains(&k) {
                    continue;
                }
                let ue = c
                    .semesters_of(p)
                    .filter(|s| s.number.value == k)
                    .flat_map(|s| &s.ues)
                    .find(|u| u.competence == Some(comp.value));
                let message = match (&cell.value, ue) {
                    (Some(code), Some(u)) if code != &u.code.value => Some((
                        u.code.loc,
                        format!(
                            "S{k} (parcours {p}): annexe 1 prints {code} for {name}, but the semester names that UE {}",
                            u.code.value
                        ),
                    )),
                    (Some(code), None) => Some((
                        cell.loc,
                        format!(
                            "S{k} (parcours {p}): annexe 1 prints {code} for {name}, but the semester has no UE of that competence"
                        ),
                    )),
                    (None, Some(u)) => Some((
                        u.code.loc,
                        format!(
                            "S{k} (parcours {p}): annexe 1 prints “-” for {name}, but the semester has {}",
                            u.code.value
                        ),
                    )),
                    _ => None,
                };
                if let Some((loc, msg)) = message {
                    let mut d = Diagnostic::new(&STRUCTURE_MISMATCH, loc, msg);
                    if loc != cell.loc {
                        d = d.related(cell.loc, "printed in annexe 1");
                    }
                    out.push(d);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::same_name;
    use crate::testing::{YEAR, edit, fired, messages};

    #[test]
    fn names_differing_only_by_apostrophe_or_spacing_are_the_same() {
        assert!(same_name(
            "Découverte de l’environnement",
            "Découverte  de l'environnement"
        ));
        assert!(!same_name(
            "Stratégie de communication",
            "Stratégies de communication"
        ));
    }

    #[test]
    fn a_dash_coefficient_counts_as_listed() {
        let text = edit(
            YEAR,
            "[{ code: R1.1, coef: 50 }]",
            "[{ code: R1.1, coef: 50 }, { code: R1.2, coef: \"-\" }]",
        );
        let text = edit(&text, "ues: [UE12], td: 100", "ues: [UE11, UE12], td: 100");
        assert_eq!(fired(&text), Vec::<&str>::new());
    }

    #[test]
    fn a_sae_declined_per_competence_keeps_its_name() {
        let text = edit(
            YEAR,
            "[{ code: S1.1, coef: 50 }]",
            "[{ code: S1.1, nom: SAÉ 1.1 - Compétence 1, coef: 50 }]",
        );
        assert_eq!(fired(&text), Vec::<&str>::new());
    }

    #[test]
    fn one_finding_per_differing_name_lists_its_ues() {
        let text = edit(YEAR, "ues: [UE11], cm: 50", "ues: [UE11, UE12], cm: 50");
        let text = edit(
            &text,
            "[{ code: R1.1, coef: 50 }]",
            "[{ code: R1.1, nom: R un, coef: 50 }]",
        );
        let text = edit(
            &text,
            "[{ code: R1.2, coef: 50 }]",
            "[{ code: R1.2, coef: 40 }, { code: R1.1, nom: R un, coef: 10 }]",
        );
        assert_eq!(
            messages(&text, "name-mismatch"),
            ["S1: `R1.1` is called “R un” in UE11, UE12 but “Ressource 1.1” in its own row"]
        );
    }

    #[test]
    fn annexe_one_agreeing_with_the_semesters_passes() {
        let text = edit(
            YEAR,
            "semestres:\n",
            "parcours: [{ code: P, nom: Parcours }]\nstructure:\n  - parcours: P\n    competences:\n      - { competence: C1, ues: [UE11, UE21, \"-\", \"-\", \"-\", \"-\"] }\nsemestres:\n",
        );
        assert_eq!(fired(&text), Vec::<&str>::new());
    }

    #[test]
    fn ue_rows_must_add_up_to_the_teaching_own_hours() {
        let row = "[{ code: R1.1, coef: 50 }]";
        let exact = edit(YEAR, row, "[{ code: R1.1, coef: 50, cm: 50, td: 50 }]");
        assert!(!fired(&exact).contains(&"hours-mismatch"));
        let short = edit(YEAR, row, "[{ code: R1.1, coef: 50, cm: 50, td: 49.5 }]");
        assert_eq!(
            messages(&short, "hours-mismatch"),
            ["S1: `R1.1` has 100 h hors projet on its own row, but its UE rows give 99,5 h"]
        );
    }

    #[test]
    fn every_x_mark_needs_a_listing_and_every_listing_a_mark() {
        let both = edit(YEAR, "ues: [UE11], cm: 50", "ues: [UE11, UE12], cm: 50");
        assert_eq!(fired(&both), ["mark-without-coefficient"]);
        let listed = edit(
            &both,
            "[{ code: R1.2, coef: 50 }]",
            "[{ code: R1.2, coef: 50 }, { code: R1.1, coef: 0 }]",
        );
        assert_eq!(
            fired(&listed),
            Vec::<&str>::new(),
            "a coefficient of 0 is a listing"
        );
    }
}
