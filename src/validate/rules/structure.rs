//! Structure: one competence level per UE, odd and even UEs pair into RCUEs,
//! level n+1 comes the year after level n.

use crate::diag::Diagnostic;
use crate::diag::{Rule, Severity};
use crate::model::{Curriculum, Ue};

/// The rules of this topic, in the order of docs/rules.md.
pub const RULES: &[&Rule] = &[&UE_COMPETENCE, &UE_LEVEL, &RCUE_PAIR, &LEVEL_PROGRESSION];

/// A UE names no competence, or several.
pub static UE_COMPETENCE: Rule = Rule {
    id: "ue-competence",
    severity: Severity::Error,
    why: "each UE refers to exactly one level of one competence",
    source: "arrêté of 15 April 2022, annexe 1 §3 and §4.4",
    fix: "give the UE one competence; a teaching that serves several competences is listed in each of their UEs",
};

/// A UE's level does not exist or does not fit its year.
pub static UE_LEVEL: Rule = Rule {
    id: "ue-level",
    severity: Severity::Error,
    why: "a level of a competence is developed over the two semesters of one year, level n no earlier than year n (a competence may start after year 1)",
    source: "arrêté of 15 April 2022, annexe 1 §3; ORéBUT frameworks",
    fix: "give the UE the level its parcours has that year in the national framework (at most 1 in S1–S2, 2 in S3–S4, 3 in S5–S6)",
};

/// An odd-semester UE without its even-semester partner, or the reverse.
pub static RCUE_PAIR: Rule = Rule {
    id: "rcue-pair",
    severity: Severity::Error,
    why: "the UEs of one competence level in the odd and the even semester of a year form one RCUE (regroupement cohérent d'UE); a UE belongs to one RCUE only",
    source: "arrêté of 15 April 2022, annexe 1 §4.4",
    fix: "give the competence level one UE in each semester of the year",
};

/// Level n+1 without level n the year before.
pub static LEVEL_PROGRESSION: Rule = Rule {
    id: "level-progression",
    severity: Severity::Error,
    why: "a competence is developed level after level, one level a year: level n+1 comes in the year after level n",
    source: "arrêté of 15 April 2022, annexe 1 §3",
    fix: "add the lower level of the competence in the year before, or correct the level",
};

fn comp_name(c: &Curriculum, u: &Ue) -> String {
    u.competence
        .map(|i| c.competences[i].nom.clone())
        .unwrap_or_else(|| u.competences.value.join(", "))
}

/// Runs the structure rules.
pub fn check(c: &Curriculum, out: &mut Vec<Diagnostic>) {
    for s in &c.semesters {
        for u in &s.ues {
            let names = &u.competences.value;
            if names.len() != 1 {
                out.push(
                    Diagnostic::new(
                        &UE_COMPETENCE,
                        u.competences.loc,
                        format!(
                            "{} names {} competences ({}); a UE has exactly one",
                            u.code.value,
                            names.len(),
                            names.join(", ")
                        ),
                    )
                    .label("one competence per UE"),
                );
            }
            let year = s.year();
            if u.level.value > year || u.level.value == 0 {
                out.push(
                    Diagnostic::new(
                        &UE_LEVEL,
                        u.level.loc,
                        format!(
                            "{} is in S{} (year {year}) but is given level {}",
                            u.code.value, s.number.value, u.level.value
                        ),
                    )
                    .label(if year == 1 {
                        "year 1 develops level 1".to_string()
                    } else {
                        format!("year {year} develops level {year} at most")
                    }),
                );
            } else if let Some(ci) = u.competence {
                let comp = &c.competences[ci];
                if !comp.niveaux.is_empty()
                    && !comp.niveaux.iter().any(|n| n.niveau == u.level.value)
                {
                    out.push(
                        Diagnostic::new(
                            &UE_LEVEL,
                            u.level.loc,
                            format!(
                                "{}: the competence {} has no level {}",
                                u.code.value, comp.nom, u.level.value
                            ),
                        )
                        .label("no such level"),
                    );
                }
            }
        }
    }

    let mut reported = std::collections::HashSet::new();
    for p in &c.parcours {
        let numbers = c.semester_numbers(&p.code);
        for year in 1..=3u8 {
            let (odd, even) = (2 * year - 1, 2 * year);
            if !(numbers.contains(&odd) && numbers.contains(&even)) {
                continue;
            }
            let ues_of = |n: u8| -> Vec<&Ue> {
                c.semesters_of(&p.code)
                    .filter(|s| s.number.value == n)
                    .flat_map(|s| &s.ues)
                    .filter(|u| u.competence.is_some())
                    .collect()
            };
            let (odd_ues, even_ues) = (ues_of(odd), ues_of(even));
            for (mine, theirs, n, other) in [
                (&odd_ues, &even_ues, odd, even),
                (&even_ues, &odd_ues, even, odd),
            ] {
                for u in mine.iter() {
                    let same =
                        |v: &&&Ue| v.competence == u.competence && v.level.value == u.level.value;
                    let partners = theirs.iter().filter(same).count();
                    let twins: Vec<&&Ue> = mine.iter().filter(same).collect();
                    let parcours = if p.code.is_empty() {
                        String::new()
                    } else {
                        format!(" (parcours {})", p.code)
                    };
                    if partners == 0 && reported.insert((u.code.loc, "pair")) {
                        out.push(
                            Diagnostic::new(
                                &RCUE_PAIR,
                                u.code.loc,
                                format!("{} ({} level {}) has no UE of the same competence level in S{other}{parcours}, so it forms no RCUE", u.code.value, comp_name(c, u), u.level.value),
                            )
                            .label(format!("alone in S{n}")),
                        );
                    }
                    if twins.len() > 1
                        && !std::ptr::eq(*twins[0], *u)
                        && reported.insert((u.code.loc, "twin"))
                    {
                        out.push(
                            Diagnostic::new(
                                &RCUE_PAIR,
                                u.code.loc,
                                format!("{} and {} both hold {} level {} in S{n}{parcours}; a UE belongs to one RCUE only", twins[0].code.value, u.code.value, comp_name(c, u), u.level.value),
                            )
                            .related(twins[0].code.loc, "the other UE"),
                        );
                    }
                }
            }
        }
        for s in c.semesters_of(&p.code) {
            let year = s.year();
            if year < 2 || !numbers.contains(&(2 * year - 2)) {
                continue;
            }
            let year_before = || {
                c.semesters_of(&p.code)
                    .filter(|o| o.year() == year - 1)
                    .flat_map(|o| &o.ues)
            };
            for u in &s.ues {
                let Some(ci) = u.competence else { continue };
                let level = u.level.value;
                let before = year_before()
                    .filter(|v| v.competence == Some(ci))
                    .map(|v| v.level.value)
                    .max();
                let problem = if let Some(b) = before.filter(|b| *b >= level) {
                    Some((
                        if b == level {
                            format!(
                                "{}: {} level {level} was developed in year {} already",
                                u.code.value,
                                comp_name(c, u),
                                year - 1
                            )
                        } else {
                            format!(
                                "{}: {} level {level} comes after level {b} in year {}",
                                u.code.value,
                                comp_name(c, u),
                                year - 1
                            )
                        },
                        "a level is developed once, after the one below",
                    ))
                } else if level > 1
                    && !year_before()
                        .any(|v| v.competence == Some(ci) && v.level.value == level - 1)
                {
                    Some((
                        format!(
                            "{}: {} level {level} comes without level {} in year {}",
                            u.code.value,
                            comp_name(c, u),
                            level - 1,
                            year - 1
                        ),
                        "no lower level the year before",
                    ))
                } else {
                    None
                };
                if let Some((message, label)) = problem
                    && reported.insert((u.code.loc, "progression"))
                {
                    out.push(
                        Diagnostic::new(&LEVEL_PROGRESSION, u.level.loc, message).label(label),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{CURSUS, YEAR, edit, fired, messages};

    #[test]
    fn each_level_in_its_own_year_passes() {
        assert_eq!(fired(CURSUS), Vec::<&str>::new());
    }

    #[test]
    fn a_level_ahead_of_its_year_fails() {
        let text = edit(
            CURSUS,
            "code: UE31, competence: C1, niveau: 2",
            "code: UE31, competence: C1, niveau: 3",
        );
        assert_eq!(
            messages(&text, "ue-level"),
            ["UE31 is in S3 (year 2) but is given level 3"]
        );
    }

    #[test]
    fn a_competence_that_starts_in_year_two_starts_at_level_one() {
        // GEII's shape: C2 starts in year 2 (level 1) and reaches level 2 in year 3.
        let mut text = CURSUS.to_string();
        for (from, to) in [
            (
                "code: UE12, competence: C2, niveau: 1",
                "code: UE12, competence: C1, niveau: 1",
            ),
            (
                "code: UE22, competence: C2, niveau: 1",
                "code: UE22, competence: C1, niveau: 1",
            ),
            (
                "code: UE32, competence: C2, niveau: 2",
                "code: UE32, competence: C2, niveau: 1",
            ),
            (
                "code: UE42, competence: C2, niveau: 2",
                "code: UE42, competence: C2, niveau: 1",
            ),
            (
                "code: UE52, competence: C2, niveau: 3",
                "code: UE52, competence: C2, niveau: 2",
            ),
            (
                "code: UE62, competence: C2, niveau: 3",
                "code: UE62, competence: C2, niveau: 2",
            ),
        ] {
            text = edit(&text, from, to);
        }
        assert_eq!(messages(&text, "ue-level"), Vec::<String>::new());
        assert_eq!(messages(&text, "level-progression"), Vec::<String>::new());
    }

    #[test]
    fn a_level_going_down_fails_as_a_progression() {
        let text = edit(
            CURSUS,
            "code: UE51, competence: C1, niveau: 3",
            "code: UE51, competence: C1, niveau: 1",
        );
        assert!(
            messages(&text, "level-progression")
                .contains(&"UE51: Compétence 1 level 1 comes after level 2 in year 2".to_string())
        );
    }

    #[test]
    fn a_level_repeated_the_next_year_fails_as_a_progression() {
        let text = edit(
            CURSUS,
            "code: UE31, competence: C1, niveau: 2",
            "code: UE31, competence: C1, niveau: 1",
        );
        assert_eq!(messages(&text, "ue-level"), Vec::<String>::new());
        assert_eq!(
            messages(&text, "level-progression"),
            ["UE31: Compétence 1 level 1 was developed in year 1 already"]
        );
    }

    #[test]
    fn a_level_the_competence_does_not_describe_fails() {
        let text = edit(
            YEAR,
            "{ niveau: 1 }, { niveau: 2 }, { niveau: 3 }] }\n  - { code: C2",
            "{ niveau: 2 }, { niveau: 3 }] }\n  - { code: C2",
        );
        assert_eq!(
            messages(&text, "ue-level"),
            [
                "UE11: the competence Compétence 1 has no level 1",
                "UE21: the competence Compétence 1 has no level 1"
            ]
        );
    }

    #[test]
    fn a_ue_with_two_competences_is_reported_with_both() {
        let text = edit(
            YEAR,
            "code: UE11, competence: C1",
            "code: UE11, competence: [C1, C2]",
        );
        assert_eq!(
            messages(&text, "ue-competence"),
            ["UE11 names 2 competences (C1, C2); a UE has exactly one"]
        );
    }

    #[test]
    fn two_ues_of_one_level_in_a_semester_break_the_rcue() {
        let text = edit(
            YEAR,
            "code: UE22, competence: C2",
            "code: UE22, competence: C1",
        );
        let found = messages(&text, "rcue-pair");
        assert!(
            found.iter().any(|m| m.contains(
                "UE12 (Compétence 2 level 1) has no UE of the same competence level in S2"
            )),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|m| m.contains("UE21 and UE22 both hold Compétence 1 level 1 in S2")),
            "{found:?}"
        );
    }

    #[test]
    fn a_single_semester_forms_no_rcue_yet() {
        let s1 = &YEAR[..YEAR.find("  - numero: 2").unwrap()];
        assert_eq!(fired(s1), Vec::<&str>::new());
    }

    #[test]
    fn level_two_after_level_one_the_year_before_passes_and_without_it_fails() {
        let two_years = &CURSUS[..CURSUS.find("  - numero: 5").unwrap()];
        assert_eq!(fired(two_years), Vec::<&str>::new());
        // C2 at level 1 in year 1 becomes C1: C2 level 2 in year 2 has no level 1 below it.
        let text = edit(
            two_years,
            "code: UE12, competence: C2",
            "code: UE12, competence: C1",
        );
        let text = edit(
            &text,
            "code: UE22, competence: C2",
            "code: UE22, competence: C1",
        );
        let found = messages(&text, "level-progression");
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with("UE32: Compétence 2 level 2 comes without level 1 in year 1"),
            "{found:?}"
        );
    }
}
