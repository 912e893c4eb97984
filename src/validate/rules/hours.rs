//! National hour envelopes: ressources + SAÉ hours over S1–S6 (2000 h or
//! 1800 h), projets tutorés (600 h, 150–250 h a year).

use crate::diag::Diagnostic;
use crate::diag::{Rule, Severity};
use crate::model::Regime;
use crate::model::num::Num;
use crate::model::regulation::{
    PROJET_CURSUS_HOURS, PROJET_YEAR_MAX_HOURS, PROJET_YEAR_MIN_HOURS, national_hours,
};
use crate::model::{Curriculum, Hours, Semester};

/// The rules of this topic, in the order of docs/rules.md.
pub const RULES: &[&Rule] = &[&NATIONAL_VOLUME, &PROJET_TUTORE, &DEPT_TYPE_UNKNOWN];

/// Hours over S1–S6 differ from the national volume.
pub static NATIONAL_VOLUME: Rule = Rule {
    id: "national-volume",
    severity: Severity::Warning,
    why: "over S1–S6 the ressources and SAÉ total 2000 h in a secondaire speciality, 1800 h in a tertiaire one (an apprenticeship regime may differ)",
    source: "arrêté of 6 December 2019, art. 17; ORéBUT tableau_structure",
    fix: "check the hours of the semesters against the national programme",
};

/// Projet tutoré hours outside the national envelope.
pub static PROJET_TUTORE: Rule = Rule {
    id: "projet-tutore",
    severity: Severity::Warning,
    why: "projets tutorés total 600 h over the cursus, between 150 h and 250 h a year (an apprenticeship regime may differ)",
    source: "arrêté of 6 December 2019, art. 17; ORéBUT tableau_structure",
    fix: "check the projet hours of the year against the national programme",
};

/// The national volume cannot be checked.
pub static DEPT_TYPE_UNKNOWN: Rule = Rule {
    id: "dept-type-unknown",
    severity: Severity::Warning,
    why: "the national hour volume depends on whether the speciality is secondaire (2000 h) or tertiaire (1800 h)",
    source: "arrêté of 6 December 2019, art. 17; ORéBUT type_departement",
    fix: "add `type_departement: secondaire` or `tertiaire` under `formation:`, or a `referentiel:`",
};

fn hours(sems: &[&Semester]) -> Hours {
    sems.iter()
        .flat_map(|s| (0..s.teachings.len()).map(move |t| s.teaching_hours(t)))
        .sum()
}

fn apprenticeship(sems: &[&Semester]) -> bool {
    sems.iter().any(|s| s.regime == Some(Regime::Alternance))
}

fn regime_note(sems: &[&Semester]) -> &'static str {
    if apprenticeship(sems) {
        " (the apprenticeship regime of some semesters may explain it)"
    } else {
        ""
    }
}

/// Runs the hour-envelope rules.
pub fn check(c: &Curriculum, out: &mut Vec<Diagnostic>) {
    for p in &c.parcours {
        let numbers = c.semester_numbers(&p.code);
        let all: Vec<&Semester> = c.semesters_of(&p.code).collect();
        let Some(first) = all.first() else { continue };
        let of = if p.code.is_empty() {
            String::new()
        } else {
            format!(" (parcours {})", p.code)
        };
        if (1..=6).all(|n| numbers.contains(&n)) {
            match &c.formation.dept_type {
                Some(t) => {
                    let expected = national_hours(t.value);
                    let got = hours(&all).hors_projet();
                    if got != expected {
                        out.push(
                            Diagnostic::new(
                                &NATIONAL_VOLUME,
                                t.loc,
                                format!("S1–S6{of}: ressources and SAÉ total {} h, the national volume is {} h{}", got.fr(), expected.fr(), regime_note(&all)),
                            )
                            .label(format!("{:?} speciality", t.value).to_lowercase()),
                        );
                    }
                }
                None => out.push(Diagnostic::new(
                    &DEPT_TYPE_UNKNOWN,
                    c.formation.loc,
                    format!("S1–S6{of}: the national hour volume cannot be checked: is the speciality secondaire or tertiaire?"),
                )),
            }
            let projet = hours(&all).projet;
            if projet != Num::int(PROJET_CURSUS_HOURS) {
                out.push(
                    Diagnostic::new(
                        &PROJET_TUTORE,
                        first.number.loc,
                        format!("S1–S6{of}: projets tutorés total {} h, the national volume is {PROJET_CURSUS_HOURS} h{}", projet.fr(), regime_note(&all)),
                    )
                    .label("first semester of the cursus"),
                );
            }
        }
        for year in 1..=3u8 {
            if !(numbers.contains(&(2 * year - 1)) && numbers.contains(&(2 * year))) {
                continue;
            }
            let sems: Vec<&Semester> = all.iter().copied().filter(|s| s.year() == year).collect();
            let projet = hours(&sems).projet;
            if projet < Num::int(PROJET_YEAR_MIN_HOURS) || projet > Num::int(PROJET_YEAR_MAX_HOURS)
            {
                out.push(
                    Diagnostic::new(
                        &PROJET_TUTORE,
                        sems[0].number.loc,
                        format!("year {year}{of}: projets tutorés total {} h, outside {PROJET_YEAR_MIN_HOURS}–{PROJET_YEAR_MAX_HOURS} h{}", projet.fr(), regime_note(&sems)),
                    )
                    .label(format!("{} h of projet over the year", projet.fr())),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{CURSUS, YEAR, edit, fired, messages};

    const R11: &str = "ues: [UE11], cm: 50, td: 50, total: 100";
    const S11: &str = "ues: [UE11], td: 50, projet: 50, total: 50";

    #[test]
    fn exactly_the_national_volume_passes() {
        assert!(!fired(CURSUS).contains(&"national-volume"));
    }

    #[test]
    fn half_an_hour_more_than_the_national_volume_warns() {
        let text = edit(CURSUS, R11, "ues: [UE11], cm: 50.5, td: 50, total: 100.5");
        assert_eq!(
            messages(&text, "national-volume"),
            ["S1–S6: ressources and SAÉ total 1800,5 h, the national volume is 1800 h"]
        );
    }

    #[test]
    fn a_secondaire_speciality_has_two_thousand_hours() {
        let text = edit(
            CURSUS,
            "type_departement: tertiaire",
            "type_departement: secondaire",
        );
        assert_eq!(
            messages(&text, "national-volume"),
            ["S1–S6: ressources and SAÉ total 1800 h, the national volume is 2000 h"]
        );
    }

    #[test]
    fn an_apprenticeship_semester_is_named_as_a_possible_reason() {
        let text = edit(
            CURSUS,
            "  - numero: 6\n",
            "  - numero: 6\n    regime: alternance\n",
        );
        let text = edit(&text, R11, "ues: [UE11], cm: 60, td: 50, total: 110");
        assert!(messages(&text, "national-volume")[0].contains("apprenticeship regime"));
    }

    #[test]
    fn projet_hours_at_the_year_bounds_pass() {
        // 50 h per SAÉ and semester in the fixture: 200 h a year.
        let low = edit(YEAR, S11, "ues: [UE11], td: 50, total: 50");
        assert!(
            !fired(&low).contains(&"projet-tutore"),
            "{:?}",
            messages(&low, "projet-tutore")
        );
        let high = edit(YEAR, S11, "ues: [UE11], td: 50, projet: 100, total: 50");
        assert!(!fired(&high).contains(&"projet-tutore"));
    }

    #[test]
    fn projet_hours_just_outside_the_year_bounds_warn() {
        let low = edit(YEAR, S11, "ues: [UE11], td: 50, projet: 0, total: 50");
        let low = edit(
            &low,
            "ues: [UE12], tp: 50, projet: 50",
            "ues: [UE12], tp: 50, projet: 49.5",
        );
        assert_eq!(
            messages(&low, "projet-tutore"),
            ["year 1: projets tutorés total 149,5 h, outside 150–250 h"]
        );
        let high = edit(YEAR, S11, "ues: [UE11], td: 50, projet: 100.5, total: 50");
        assert_eq!(
            messages(&high, "projet-tutore"),
            ["year 1: projets tutorés total 250,5 h, outside 150–250 h"]
        );
    }

    #[test]
    fn the_kind_of_speciality_is_needed_only_for_a_whole_cursus() {
        let year = edit(YEAR, "  type_departement: tertiaire\n", "");
        assert!(!fired(&year).contains(&"dept-type-unknown"));
        let cursus = edit(CURSUS, "  type_departement: tertiaire\n", "");
        assert_eq!(fired(&cursus), ["dept-type-unknown"]);
    }
}
