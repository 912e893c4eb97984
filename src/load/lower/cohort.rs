//! A cohort checked against its curriculum: its jury, its rules, each
//! student once, in a parcours the curriculum has, each grade of a teaching
//! of the jury's semesters, each code one the format knows.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::load::findings as rules;
use crate::load::raw::cohort::{
    GradesOfSemester, Header, RawCohort, RawGrade, RawJury, RawMarks, RawStudent,
};
use crate::model::grade::{AbjRule, Average, Grade, Grades, Marks};
use crate::model::source::{Loc, Sp, display_path};
use crate::model::{Code, Cohort, Curriculum, Jury, Override, PriorUe, Student, decided_semesters};

/// The finding when the curriculum a cohort names cannot be read at all.
pub fn unreadable_curriculum(
    maquette: &Sp<String>,
    path: &std::path::Path,
    e: &std::io::Error,
) -> Diagnostic {
    Diagnostic::new(
        &rules::COHORT_CURRICULUM,
        Loc::of(maquette),
        format!("cannot read the curriculum {}: {e}", display_path(path)),
    )
}

/// The finding when the curriculum a cohort names is not a curriculum.
pub fn invalid_curriculum(maquette: &Sp<String>) -> Diagnostic {
    Diagnostic::new(
        &rules::COHORT_CURRICULUM,
        Loc::of(maquette),
        "the curriculum cannot be read (run `maquette check` on it)",
    )
    .help("correct the curriculum first")
}

/// The warning when the curriculum has `errors` errors: decisions are
/// computed on it as it stands.
pub fn curriculum_with_errors(maquette: &Sp<String>, errors: usize) -> Option<Diagnostic> {
    (errors > 0).then(|| Diagnostic::new(
        &rules::COHORT_CURRICULUM_FINDINGS,
        Loc::of(maquette),
        format!("the curriculum has {errors} error{} (see `maquette check`); decisions are computed on it as it stands", if errors == 1 { "" } else { "s" }),
    ))
}

/// A cohort's students checked one at a time against its curriculum, as
/// the parse reads them ([`crate::load::raw::cohort::parse_each`]), so that
/// a large cohort is never whole in memory as written. [`Lowering::finish`]
/// checks the header and gives the cohort.
pub struct Lowering {
    curriculum: Curriculum,
    curriculum_path: PathBuf,
    /// The year decided, 1 to 3.
    year: u8,
    jury: Jury,
    parcours_codes: Vec<String>,
    /// Each student number read, where it was first.
    seen: HashMap<String, Loc>,
    /// Each teaching code once, shared by every student's grades.
    codes: HashSet<Arc<str>>,
    students: Vec<Student>,
    findings: Vec<Diagnostic>,
}

impl Lowering {
    /// Ready to check the students of a cohort read in `header`.
    pub fn new(curriculum: Curriculum, curriculum_path: PathBuf, header: Header<'_>) -> Lowering {
        Lowering {
            // A year outside 1–3 is an error (`finish`); the documents,
            // stamped, are made for the nearest year rather than for a
            // semester 0 or 7.
            year: header.annee.value.clamp(1, 3),
            jury: jury_of(header.jury).0,
            parcours_codes: curriculum.parcours.iter().map(|p| p.code.clone()).collect(),
            curriculum,
            curriculum_path,
            seen: HashMap::new(),
            codes: HashSet::new(),
            students: Vec::new(),
            findings: Vec::new(),
        }
    }

    /// Checks a student and keeps what can be decided; its findings are
    /// kept for [`Lowering::finish`].
    pub fn student(&mut self, s: RawStudent) {
        let Lowering {
            curriculum,
            year,
            jury,
            parcours_codes,
            seen,
            codes,
            students,
            findings: out,
            ..
        } = self;
        let (year, jury) = (*year, *jury);
        let s = &s;
        if let Some(first) = seen.get(&s.numero.value) {
            out.push(
                Diagnostic::new(
                    &rules::DUPLICATE_STUDENT,
                    Loc::of(&s.numero),
                    format!("student number {} is used twice", s.numero.value),
                )
                .related(*first, "first record"),
            );
            return;
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
                return;
            }
            None => parcours_codes[0].clone(),
        };
        let mut grades = Grades::default();
        // Written grades, valid or not: an invalid one is reported once, not also as missing.
        let mut written = std::collections::BTreeSet::new();
        let mut semesters_seen: HashMap<u8, Loc> = HashMap::new();
        for (key, list) in &s.notes.0 {
            let Some(semester) = semester_key(key, out) else {
                continue;
            };
            if let Some(first) = semesters_seen.insert(semester, Loc::of(key)) {
                out.push(
                    Diagnostic::new(
                        &rules::COHORT_VALUE,
                        Loc::of(key),
                        format!(
                            "{} {}: the grades of S{semester} are written twice",
                            s.prenom.value, s.nom.value
                        ),
                    )
                    .related(first, "first written here")
                    .help("keep one list of grades for each semester"),
                );
                continue;
            }
            let GradesOfSemester(list) = &list.value;
            let semester = &semester;
            let sems: Vec<_> = curriculum
                .semesters_of(&parcours)
                .filter(|x| x.number.value == *semester)
                .collect();
            let who = format!("{} {}", s.prenom.value, s.nom.value);
            for (code, marks) in list {
                let Some((sem, ti)) = sems.iter().find_map(|x| {
                    let ti = x
                        .teachings
                        .iter()
                        .position(|t| t.code.value == code.value)?;
                    Some((*x, ti))
                }) else {
                    out.push(Diagnostic::new(
                        &rules::UNKNOWN_TEACHING,
                        Loc::of(code),
                        format!(
                            "{who}: S{semester} of parcours `{parcours}` has no teaching `{}`",
                            code.value
                        ),
                    ));
                    continue;
                };
                written.insert((*semester, code.value.clone()));
                let parse = |grade: &RawGrade, at: Loc, out: &mut Vec<Diagnostic>| {
                    let parsed = match grade {
                        RawGrade::Number(n) => Grade::number(n.0),
                        RawGrade::Text(t) => Grade::parse(t),
                    };
                    parsed
                        .map_err(|e| {
                            out.push(Diagnostic::new(
                                &rules::GRADE_VALUE,
                                at,
                                format!("{who}, {}: {e}", code.value),
                            ))
                        })
                        .ok()
                };
                match &marks.value {
                    RawMarks::Typed(t) => {
                        // `parse` has read every typed scalar back as text.
                        let g = RawGrade::Text(t.clone());
                        if let Some(g) = parse(&g, Loc::of(marks), out) {
                            grades.insert(*semester, intern(codes, &code.value), Marks::One(g));
                        }
                    }
                    RawMarks::One(g) => {
                        if let Some(g) = parse(g, Loc::of(marks), out) {
                            grades.insert(*semester, intern(codes, &code.value), Marks::One(g));
                        }
                    }
                    RawMarks::PerUe(map) => {
                        let counts_in: Vec<&str> = sem
                            .coefficients(ti)
                            .iter()
                            .filter(|(_, c, _)| c.is_some_and(|c| !c.is_zero()))
                            .map(|(ui, _, _)| sem.ues[*ui].code.value.as_str())
                            .collect();
                        let mut per = BTreeMap::new();
                        let mut readable = true;
                        for (ue, g) in &map.0 {
                            if !counts_in.contains(&ue.value.as_str()) {
                                out.push(
                                    Diagnostic::new(
                                        &rules::COHORT_VALUE,
                                        Loc::of(ue),
                                        format!(
                                            "{who}, {}: {} has no coefficient in {} of S{semester}",
                                            code.value, code.value, ue.value
                                        ),
                                    )
                                    .help(format!(
                                        "{} counts in {}: give a grade for each of them",
                                        code.value,
                                        counts_in.join(", ")
                                    )),
                                );
                                readable = false;
                                continue;
                            }
                            match parse(&g.value, Loc::of(g), out) {
                                Some(g) => {
                                    if per.insert(ue.value.clone(), g).is_some() {
                                        out.push(Diagnostic::new(
                                            &rules::COHORT_VALUE,
                                            Loc::of(ue),
                                            format!(
                                                "{who}, {}: the grade for {} is written twice",
                                                code.value, ue.value
                                            ),
                                        ));
                                        readable = false;
                                    }
                                }
                                None => readable = false,
                            }
                        }
                        for ue in counts_in.iter().filter(|u| !per.contains_key(**u)) {
                            out.push(Diagnostic::new(
                                &rules::MISSING_GRADE,
                                Loc::of(code),
                                format!(
                                    "{who}: no grade of {} ({}) for {ue} in S{semester}",
                                    code.value, sem.teachings[ti].name
                                ),
                            ));
                        }
                        if readable {
                            grades.insert(
                                *semester,
                                intern(codes, &code.value),
                                Marks::PerUe(Box::new(per)),
                            );
                        }
                    }
                }
            }
        }
        // Missing grades: reported, never taken as 0.
        for sem in decided_semesters(curriculum, &parcours, year, jury) {
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
        let first_of_year = 2 * year - 1;
        let mut prior = Vec::new();
        for p in &s.acquis {
            if !(1..first_of_year).contains(&p.semestre.value) {
                out.push(
                    Diagnostic::new(
                        &rules::COHORT_VALUE,
                        Loc::of(&p.semestre),
                        format!(
                            "{} {}: S{} is not a semester before this year's (S{first_of_year})",
                            s.prenom.value, s.nom.value, p.semestre.value
                        ),
                    )
                    .help("`acquis` lists the results of the earlier semesters"),
                );
                continue;
            }
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
        let targets = targets(curriculum, &parcours, year, jury);
        for o in &s.decisions {
            let Some(code) = Code::parse(&o.code.value) else {
                out.push(Diagnostic::new(
                    &rules::COHORT_VALUE,
                    Loc::of(&o.code),
                    format!("`{}` is not a decision code", o.code.value),
                ));
                continue;
            };
            if o.cible.value != "annee" && !targets.contains(&o.cible.value) {
                out.push(
                    Diagnostic::new(
                        &rules::COHORT_VALUE,
                        Loc::of(&o.cible),
                        format!(
                            "{} {}: `{}` is not a UE or an RCUE this jury decides",
                            s.prenom.value, s.nom.value, o.cible.value
                        ),
                    )
                    .help(format!(
                        "write `annee` for the year, or one of: {}",
                        targets.join(", ")
                    )),
                );
                continue;
            }
            let target = (o.cible.value != "annee").then(|| o.cible.value.clone());
            overrides.push(Override {
                target,
                code,
                reason: o.motif.value.clone(),
            });
        }
        for field in [
            Some(&s.nom),
            Some(&s.prenom),
            Some(&s.numero),
            s.ine.as_ref(),
            s.lieu_naissance.as_ref(),
            s.courriel.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            printable_field(field, out);
        }
        repeats_in_range(s, year, out);
        if let Some(n) = &s.naissance {
            date_exists(n, "the date of birth", out);
        }
        if year == 2 && jury == Jury::Even && !prior.iter().any(|p| p.semester <= 2) {
            out.push(
                Diagnostic::new(
                    &rules::MISSING_HISTORY,
                    Loc::of(&s.numero),
                    format!(
                        "{} {}: no result of S1–S2 (`acquis`): a passage de droit into S5 cannot be checked, so it is not proposed",
                        s.prenom.value, s.nom.value
                    ),
                )
                .help("add the student's S1–S2 results under `acquis:` (semestre, ue, code)"),
            );
        }
        let text = |v: &Option<Sp<String>>| v.as_ref().map(|x| x.value.clone()).unwrap_or_default();
        students.push(Student {
            loc: Loc::of(&s.numero),
            numero: s.numero.value.clone(),
            ine: text(&s.ine),
            nom: s.nom.value.clone(),
            prenom: s.prenom.value.clone(),
            naissance: text(&s.naissance),
            lieu_naissance: text(&s.lieu_naissance),
            courriel: text(&s.courriel),
            parcours_set: s.parcours.is_some(),
            parcours,
            regime: s.regime.as_ref().map(|r| r.value),
            history: s
                .historique
                .iter()
                .map(|h| (h.semestre.value, h.annee_universitaire.value.clone()))
                .collect(),
            grades: {
                grades.shrink_to_fit();
                grades
            },
            prior,
            repeated: s.redoublements.iter().map(|r| r.value).collect(),
            overrides,
        });
    }

    /// Checks the cohort's header; every finding goes to `out`.
    pub fn finish(self, raw: &RawCohort, out: &mut Vec<Diagnostic>) -> Cohort {
        let Lowering {
            curriculum,
            curriculum_path,
            year,
            jury,
            students,
            findings,
            ..
        } = self;
        out.extend(jury_of(&raw.jury).1);
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
        year_described(raw, &curriculum, out);
        date_exists(&raw.jury.date, "the jury's date", out);
        academic_year(&raw.annee_universitaire, out);
        out.extend(findings);
        let recours = raw
            .recours
            .as_ref()
            .map(|r| r.value.trim().to_string())
            .or_else(|| curriculum.textes.recours.clone())
            .unwrap_or_default();
        Cohort {
            curriculum,
            curriculum_path,
            annee_universitaire: raw.annee_universitaire.value.clone(),
            year,
            jury,
            jury_date: raw.jury.date.value.clone(),
            president: raw.jury.president.value.clone(),
            president_title: raw
                .jury
                .qualite
                .as_ref()
                .map_or_else(|| "Le président du jury".to_string(), |q| q.value.clone()),
            members: raw.jury.membres.iter().map(|m| m.value.clone()).collect(),
            lieu: raw
                .jury
                .lieu
                .as_ref()
                .map(|l| l.value.clone())
                .unwrap_or_default(),
            recours,
            abj,
            students,
        }
    }
}

/// The jury a cohort's `jury.semestre` names, with the finding when it names
/// none (the year's jury is then assumed).
fn jury_of(jury: &RawJury) -> (Jury, Option<Diagnostic>) {
    match jury.semestre.as_ref().map(|s| s.value.as_str()) {
        None | Some("pair") => (Jury::Even, None),
        Some("impair") => (Jury::Odd, None),
        Some(other) => (
            Jury::Even,
            Some(
                Diagnostic::new(
                    &rules::COHORT_VALUE,
                    jury.semestre.as_ref().map(Loc::of),
                    format!("`{other}` is not a jury semester"),
                )
                .help("write `pair` (the year's jury) or `impair`"),
            ),
        ),
    }
}

/// A teaching code, shared with every other use of it.
fn intern(codes: &mut HashSet<Arc<str>>, code: &str) -> Arc<str> {
    if let Some(c) = codes.get(code) {
        return c.clone();
    }
    let c: Arc<str> = code.into();
    codes.insert(c.clone());
    c
}

/// The year a cohort decides: 1 to 3, and described by its curriculum.
fn year_described(raw: &RawCohort, c: &Curriculum, out: &mut Vec<Diagnostic>) {
    let year = raw.annee.value;
    let mut described: Vec<u8> = c.semesters.iter().map(|s| s.year()).collect();
    described.sort_unstable();
    described.dedup();
    if (1..=3).contains(&year) && described.contains(&year) {
        return;
    }
    let years: Vec<String> = described.iter().map(|y| y.to_string()).collect();
    out.push(
        Diagnostic::new(
            &rules::COHORT_VALUE,
            Loc::of(&raw.annee),
            format!(
                "the cohort decides BUT year {year}, which its curriculum does not describe (it describes year {})",
                years.join(", ")
            ),
        )
        .help("correct `annee:`, or name the curriculum of that year in `maquette:`"),
    );
}

/// A date written `YYYY-MM-DD` that exists in the calendar.
fn date_exists(date: &Sp<String>, what: &str, out: &mut Vec<Diagnostic>) {
    if chrono::NaiveDate::parse_from_str(date.value.trim(), "%Y-%m-%d").is_err() {
        out.push(
            Diagnostic::new(
                &rules::COHORT_VALUE,
                Loc::of(date),
                format!(
                    "`{}` is not a date: {what} is written YYYY-MM-DD",
                    date.value
                ),
            )
            .help("write a date that exists, such as 2026-06-25"),
        );
    }
}

/// An academic year written `2025-2026`.
fn academic_year(year: &Sp<String>, out: &mut Vec<Diagnostic>) {
    let ok = year
        .value
        .split_once('-')
        .and_then(|(a, b)| Some((a.parse::<i32>().ok()?, b.parse::<i32>().ok()?)))
        .is_some_and(|(a, b)| b == a + 1 && (1000..10000).contains(&a));
    if !ok {
        out.push(
            Diagnostic::new(
                &rules::COHORT_VALUE,
                Loc::of(year),
                format!("`{}` is not an academic year", year.value),
            )
            .help("write it as two consecutive years, such as 2025-2026"),
        );
    }
}

/// A semester key of `notes:`: 1 to 6.
fn semester_key(key: &Sp<String>, out: &mut Vec<Diagnostic>) -> Option<u8> {
    let n = key
        .value
        .trim()
        .parse::<u8>()
        .ok()
        .filter(|n| (1..=6).contains(n));
    if n.is_none() {
        out.push(
            Diagnostic::new(
                &rules::COHORT_VALUE,
                Loc::of(key),
                format!("`{}` is not a semester (1 to 6)", key.value),
            )
            .help("grades are listed under their semester's number: `1: { R101: 12, … }`"),
        );
    }
    n
}

/// Repeated semesters: each once, each of this year or before.
fn repeats_in_range(s: &RawStudent, year: u8, out: &mut Vec<Diagnostic>) {
    let last = 2 * year;
    let mut seen: HashMap<u8, Loc> = HashMap::new();
    for r in &s.redoublements {
        if !(1..=last).contains(&r.value) {
            out.push(Diagnostic::new(
                &rules::COHORT_VALUE,
                Loc::of(r),
                format!(
                    "{} {}: S{} is not a semester of this year or before (S1–S{last})",
                    s.prenom.value, s.nom.value, r.value
                ),
            ));
        } else if let Some(first) = seen.insert(r.value, Loc::of(r)) {
            out.push(
                Diagnostic::new(
                    &rules::COHORT_VALUE,
                    Loc::of(r),
                    format!(
                        "{} {}: S{} is listed twice as repeated; a semester may be repeated once",
                        s.prenom.value, s.nom.value, r.value
                    ),
                )
                .related(first, "first listed here"),
            );
        }
    }
}

/// What a jury decision may target: the UEs of the decided semesters, and
/// their RCUEs (`RCUE:<competence>`) at the year's jury.
fn targets(c: &Curriculum, parcours: &str, year: u8, jury: Jury) -> Vec<String> {
    let sems = decided_semesters(c, parcours, year, jury);
    let mut out: Vec<String> = sems
        .iter()
        .flat_map(|s| s.ues.iter().map(|u| u.code.value.clone()))
        .collect();
    if jury == Jury::Even {
        let mut rcues: Vec<String> = sems
            .iter()
            .flat_map(|s| s.ues.iter().filter_map(|u| u.competence))
            .map(|k| format!("RCUE:{}", c.competences[k].nom))
            .collect();
        rcues.sort();
        rcues.dedup();
        out.extend(rcues);
    }
    out
}

/// Longest name, first name or place a relevé prints on one line.
pub const LONGEST_FIELD: usize = 100;

/// A student's field with no control character (one written as an escape
/// in quotes, `"\e"`, which the text scan cannot see) and of a length a
/// relevé can hold.
fn printable_field(field: &Sp<String>, out: &mut Vec<Diagnostic>) {
    if let Some(c) = field.value.chars().find(|c| c.is_control()) {
        out.push(Diagnostic::new(
            &rules::CONTROL_CHARACTER,
            Loc::of(field),
            format!(
                "a control character (U+{:04X}) is in `{}`",
                c as u32,
                field.value.escape_debug()
            ),
        ));
    }
    let n = field.value.chars().count();
    if n > LONGEST_FIELD {
        out.push(
            Diagnostic::new(
                &rules::COHORT_VALUE,
                Loc::of(field),
                format!("this text has {n} characters; a relevé prints at most {LONGEST_FIELD}"),
            )
            .help("write it as on the official record; a longer text is cut on the documents"),
        );
    }
}
