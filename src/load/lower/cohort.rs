//! A cohort checked against its curriculum: its jury, its rules, each
//! student once, in a parcours the curriculum has, each grade of a teaching
//! of the jury's semesters, each code one the format knows.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::diag::Diagnostic;
use crate::load::findings as rules;
use crate::load::raw::cohort::{GradesOfSemester, RawCohort, RawGrade};
use crate::model::grade::{AbjRule, Average, Grade};
use crate::model::source::{Loc, Sp, display_path};
use crate::model::{Code, Cohort, Curriculum, Jury, Override, PriorUe, Student, decided_semesters};

/// The finding when the curriculum a cohort names cannot be read at all.
pub fn unreadable_curriculum(
    raw: &RawCohort,
    path: &std::path::Path,
    e: &std::io::Error,
) -> Diagnostic {
    Diagnostic::new(
        &rules::COHORT_CURRICULUM,
        Loc::of(&raw.maquette),
        format!("cannot read the curriculum {}: {e}", display_path(path)),
    )
}

/// The finding when the curriculum a cohort names is not a curriculum.
pub fn invalid_curriculum(raw: &RawCohort) -> Diagnostic {
    Diagnostic::new(
        &rules::COHORT_CURRICULUM,
        Loc::of(&raw.maquette),
        "the curriculum cannot be read (run `maquette check` on it)",
    )
    .help("correct the curriculum first")
}

/// The warning when the curriculum has `errors` errors: decisions are
/// computed on it as it stands.
pub fn curriculum_with_errors(raw: &RawCohort, errors: usize) -> Option<Diagnostic> {
    (errors > 0).then(|| Diagnostic::new(
        &rules::COHORT_CURRICULUM_FINDINGS,
        Loc::of(&raw.maquette),
        format!("the curriculum has {errors} error{} (see `maquette check`); decisions are computed on it as it stands", if errors == 1 { "" } else { "s" }),
    ))
}

/// Checks a cohort against its curriculum; every finding goes to `out`.
pub fn lower(
    raw: &RawCohort,
    curriculum: Curriculum,
    curriculum_path: PathBuf,
    out: &mut Vec<Diagnostic>,
) -> Cohort {
    let jury = match raw.jury.semestre.as_ref().map(|s| s.value.as_str()) {
        None | Some("pair") => Jury::Even,
        Some("impair") => Jury::Odd,
        Some(other) => {
            out.push(
                Diagnostic::new(
                    &rules::COHORT_VALUE,
                    raw.jury.semestre.as_ref().map(Loc::of),
                    format!("`{other}` is not a jury semester"),
                )
                .help("write `pair` (the year's jury) or `impair`"),
            );
            Jury::Even
        }
    };
    let abj = match raw.regles.abj.as_ref().map(|s| s.value.as_str()) {
        None if curriculum.formation.abj_counts_zero => AbjRule::Zero,
        None | Some("neutralise") => AbjRule::Neutralised,
        Some("zero") => AbjRule::Zero,
        Some(other) => {
            out.push(
                Diagnostic::new(
                    &rules::COHORT_VALUE,
                    raw.regles.abj.as_ref().map(Loc::of),
                    format!("`{other}` is not a rule for ABJ"),
                )
                .help("write `neutralise` or `zero`"),
            );
            AbjRule::Neutralised
        }
    };
    let parcours_codes: Vec<String> = curriculum.parcours.iter().map(|p| p.code.clone()).collect();
    let mut seen: HashMap<String, Loc> = HashMap::new();
    let mut students = Vec::new();
    for s in &raw.etudiants {
        if let Some(first) = seen.get(&s.numero.value) {
            out.push(
                Diagnostic::new(
                    &rules::DUPLICATE_STUDENT,
                    Loc::of(&s.numero),
                    format!("student number {} is used twice", s.numero.value),
                )
                .related(*first, "first record"),
            );
            continue;
        }
        seen.insert(s.numero.value.clone(), Loc::of(&s.numero));
        let parcours = match &s.parcours {
            Some(p) if parcours_codes.contains(&p.value) => p.value.clone(),
            Some(p) => {
                out.push(Diagnostic::new(
                    &rules::UNKNOWN_PARCOURS,
                    Loc::of(p),
                    format!(
                        "{} {}: the curriculum has no parcours `{}` (it has: {})",
                        s.prenom.value,
                        s.nom.value,
                        p.value,
                        parcours_codes.join(", ")
                    ),
                ));
                continue;
            }
            None => parcours_codes[0].clone(),
        };
        let mut grades = BTreeMap::new();
        // Written grades, valid or not: an invalid one is reported once, not also as missing.
        let mut written = std::collections::BTreeSet::new();
        for (semester, GradesOfSemester(list)) in &s.notes {
            let teachings: Vec<&str> = curriculum
                .semesters_of(&parcours)
                .filter(|x| x.number.value == *semester)
                .flat_map(|x| x.teachings.iter().map(|t| t.code.value.as_str()))
                .collect();
            for (code, grade) in list {
                if !teachings.contains(&code.value.as_str()) {
                    out.push(Diagnostic::new(
                        &rules::UNKNOWN_TEACHING,
                        Loc::of(code),
                        format!(
                            "{} {}: S{semester} of parcours `{parcours}` has no teaching `{}`",
                            s.prenom.value, s.nom.value, code.value
                        ),
                    ));
                    continue;
                }
                written.insert((*semester, code.value.clone()));
                let parsed = match &grade.value {
                    RawGrade::Number(n) => Grade::number(n.0),
                    RawGrade::Text(t) => Grade::parse(t),
                };
                match parsed {
                    Ok(g) => {
                        grades.insert((*semester, code.value.clone()), g);
                    }
                    Err(e) => out.push(Diagnostic::new(
                        &rules::GRADE_VALUE,
                        Loc::of(grade),
                        format!("{} {}, {}: {e}", s.prenom.value, s.nom.value, code.value),
                    )),
                }
            }
        }
        // Missing grades: reported, never taken as 0.
        for sem in decided_semesters(&curriculum, &parcours, raw.annee.value, jury) {
            for (ti, t) in sem.teachings.iter().enumerate() {
                let counts = sem
                    .coefficients(ti)
                    .iter()
                    .any(|(_, c, _)| c.is_some_and(|c| !c.is_zero()));
                if counts && !written.contains(&(sem.number.value, t.code.value.clone())) {
                    out.push(Diagnostic::new(
                        &rules::MISSING_GRADE,
                        Loc::of(&s.numero),
                        format!(
                            "{} {}: no grade for {} ({}) in S{}",
                            s.prenom.value, s.nom.value, t.code.value, t.name, sem.number.value
                        ),
                    ));
                }
            }
        }
        let mut prior = Vec::new();
        for p in &s.acquis {
            match Code::parse(&p.code.value) {
                Some(code) => prior.push(PriorUe {
                    semester: p.semestre.value,
                    ue: p.ue.value.clone(),
                    average: p.moyenne.as_ref().map(|m| Average::new(m.value.0)),
                    code,
                    competence: p.competence.as_ref().map(|k| {
                        (
                            k.value.clone(),
                            p.niveau
                                .as_ref()
                                .map_or(p.semestre.value.div_ceil(2), |n| n.value),
                        )
                    }),
                    ects: p.ects.as_ref().map(|e| e.value.0),
                }),
                None => out.push(Diagnostic::new(
                    &rules::COHORT_VALUE,
                    Loc::of(&p.code),
                    format!("`{}` is not a decision code", p.code.value),
                )),
            }
        }
        let mut overrides = Vec::new();
        for o in &s.decisions {
            let Some(code) = Code::parse(&o.code.value) else {
                out.push(Diagnostic::new(
                    &rules::COHORT_VALUE,
                    Loc::of(&o.code),
                    format!("`{}` is not a decision code", o.code.value),
                ));
                continue;
            };
            let target = (o.cible.value != "annee").then(|| o.cible.value.clone());
            overrides.push(Override {
                target,
                code,
                reason: o.motif.value.clone(),
            });
        }
        let text = |v: &Option<Sp<String>>| v.as_ref().map(|x| x.value.clone()).unwrap_or_default();
        students.push(Student {
            numero: s.numero.value.clone(),
            ine: text(&s.ine),
            nom: s.nom.value.clone(),
            prenom: s.prenom.value.clone(),
            naissance: text(&s.naissance),
            lieu_naissance: text(&s.lieu_naissance),
            parcours,
            regime: s.regime.as_ref().map(|r| r.value),
            history: s
                .historique
                .iter()
                .map(|h| (h.semestre.value, h.annee_universitaire.value.clone()))
                .collect(),
            grades,
            prior,
            repeated: s.redoublements.iter().map(|r| r.value).collect(),
            overrides,
        });
    }
    Cohort {
        curriculum,
        curriculum_path,
        annee_universitaire: raw.annee_universitaire.value.clone(),
        year: raw.annee.value,
        jury,
        jury_date: raw.jury.date.value.clone(),
        president: raw.jury.president.value.clone(),
        members: raw.jury.membres.iter().map(|m| m.value.clone()).collect(),
        lieu: raw
            .jury
            .lieu
            .as_ref()
            .map(|l| l.value.clone())
            .unwrap_or_default(),
        abj,
        students,
    }
}
