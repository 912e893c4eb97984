//! Cohort files: the students of one jury, their grades, their history and the
//! jury's own decisions; read, checked against their curriculum, and decided.
//!
//! The format is documented in README.md ("The cohort format").

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use crate::check::FileReport;
use crate::decide::engine::{self, Code, Input, Jury, Override, PriorUe, YearDecision};
use crate::decide::grade::{AbjRule, Average, Grade};
use crate::diag::Diagnostic;
use crate::model::Curriculum;
use crate::num::Num;
use crate::raw::Regime;
use crate::rules::cohort as rules;
use crate::source::{Loc, SourceFile, Sp};

/// A cohort file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCohort {
    /// Path of the curriculum, relative to the cohort file.
    pub maquette: Sp<String>,
    pub annee_universitaire: Sp<String>,
    /// BUT year the jury decides (1–3).
    pub annee: Sp<u8>,
    pub jury: RawJury,
    #[serde(default)]
    pub regles: RawRules,
    pub etudiants: Vec<RawStudent>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawJury {
    pub date: Sp<String>,
    pub president: Sp<String>,
    #[serde(default)]
    pub membres: Vec<Sp<String>>,
    /// Where the jury sits ("Dijon"), printed as "Fait à Dijon, le …".
    pub lieu: Option<Sp<String>>,
    /// `pair` (the year's jury, default) or `impair` (after S1, S3, S5).
    pub semestre: Option<Sp<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRules {
    /// `neutralise` (default) or `zero`: how a justified absence (ABJ) counts.
    pub abj: Option<Sp<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStudent {
    pub numero: Sp<String>,
    pub ine: Option<Sp<String>>,
    pub nom: Sp<String>,
    pub prenom: Sp<String>,
    pub naissance: Option<Sp<String>>,
    pub lieu_naissance: Option<Sp<String>>,
    pub parcours: Option<Sp<String>>,
    /// `initiale` or `alternance`; default: the curriculum's semesters'.
    pub regime: Option<Sp<Regime>>,
    /// Semesters already repeated.
    #[serde(default)]
    pub redoublements: Vec<Sp<u8>>,
    /// Grades by semester, then teaching code.
    #[serde(default)]
    pub notes: BTreeMap<u8, GradesOfSemester>,
    /// Results of earlier years.
    #[serde(default)]
    pub acquis: Vec<RawPrior>,
    /// The jury's decisions, replacing the computed proposal.
    #[serde(default)]
    pub decisions: Vec<RawOverride>,
    /// Semesters taken, and in which academic year.
    #[serde(default)]
    pub historique: Vec<RawTaken>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTaken {
    pub semestre: Sp<u8>,
    pub annee_universitaire: Sp<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPrior {
    pub semestre: Sp<u8>,
    pub ue: Sp<String>,
    /// Competence code, when the curriculum does not describe that semester.
    pub competence: Option<Sp<String>>,
    /// Level, likewise (default: the semester's year).
    pub niveau: Option<Sp<u8>>,
    /// ECTS, likewise.
    pub ects: Option<Sp<Num>>,
    pub moyenne: Option<Sp<Num>>,
    pub code: Sp<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOverride {
    /// A UE code, `RCUE:<competence>`, or `annee`.
    pub cible: Sp<String>,
    pub code: Sp<String>,
    pub motif: Sp<String>,
}

/// A grade as written: a number or a code, checked later.
#[derive(Debug, Clone)]
pub enum RawGrade {
    Number(Num),
    Text(String),
}

impl<'de> Deserialize<'de> for RawGrade {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawGrade, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawGrade;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a grade: a number out of 20, or ABI, ABJ, EXC, ATT, DEF")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawGrade, E> {
                Ok(RawGrade::Number(Num::int(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawGrade, E> {
                Ok(RawGrade::Number(Num(v.into())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawGrade, E> {
                Num::deserialize(de::value::F64Deserializer::<E>::new(v)).map(RawGrade::Number)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawGrade, E> {
                Ok(RawGrade::Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for GradesOfSemester {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::raw::SpannedMap::<RawGrade>::deserialize(d).map(|m| GradesOfSemester(m.0))
    }
}

/// The grades of one semester, keys with positions.
#[derive(Debug)]
pub struct GradesOfSemester(pub Vec<(Sp<String>, Sp<RawGrade>)>);

/// A student, checked.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Student {
    pub numero: String,
    pub ine: String,
    pub nom: String,
    pub prenom: String,
    pub naissance: String,
    pub lieu_naissance: String,
    pub parcours: String,
    /// As the cohort says; `None`: the regime of the curriculum's semesters.
    pub regime: Option<Regime>,
    /// Semesters taken, with their academic year.
    pub history: Vec<(u8, String)>,
    #[serde(skip)]
    pub grades: BTreeMap<(u8, String), Grade>,
    #[serde(skip)]
    pub prior: Vec<PriorUe>,
    pub repeated: Vec<u8>,
    #[serde(skip)]
    pub overrides: Vec<Override>,
}

/// A cohort, checked, with its curriculum.
#[derive(Debug)]
pub struct Cohort {
    pub curriculum: Curriculum,
    pub curriculum_path: PathBuf,
    pub annee_universitaire: String,
    pub year: u8,
    pub jury: Jury,
    pub jury_date: String,
    pub president: String,
    pub members: Vec<String>,
    /// Where the jury sits (empty when not said).
    pub lieu: String,
    pub abj: AbjRule,
    pub students: Vec<Student>,
}

impl Cohort {
    /// The decisions of every student, in file order.
    pub fn decide(&self) -> Vec<YearDecision> {
        self.students
            .iter()
            .map(|s| {
                engine::decide(&Input {
                    curriculum: &self.curriculum,
                    parcours: &s.parcours,
                    year: self.year,
                    jury: self.jury,
                    grades: &s.grades,
                    prior: &s.prior,
                    repeated: &s.repeated,
                    overrides: &s.overrides,
                    abj: self.abj,
                })
            })
            .collect()
    }
}

/// The curriculum a cohort file names (its `maquette:` line), resolved
/// against the cohort's folder; read from the text without parsing it all.
pub fn curriculum_path(cohort: &Path, text: &str) -> Option<PathBuf> {
    let value = text
        .lines()
        .find_map(|l| l.strip_prefix("maquette:"))?
        .split(" #")
        .next()?
        .trim()
        .trim_matches(['"', '\'']);
    (!value.is_empty()).then(|| beside(cohort, value))
}

/// A path written in a cohort file, relative to that file's folder.
fn beside(cohort: &Path, written: &str) -> PathBuf {
    cohort.parent().unwrap_or(Path::new(".")).join(written)
}

/// True when the text is a cohort file (it lists `etudiants:`).
pub fn is_cohort(text: &str) -> bool {
    text.lines().any(|l| l.starts_with("etudiants:"))
}

/// Reads and checks a cohort; findings go to the report, the cohort comes
/// back when it can be decided.
pub fn load(file: SourceFile) -> (FileReport, Option<Cohort>) {
    let mut diagnostics = Vec::new();
    let mut options = serde_saphyr::Options::default();
    options.with_snippet = false;
    options.reject_unsupported_tags = true;
    let raw: RawCohort = match serde_saphyr::from_str_with_options(&file.text, options) {
        Ok(r) => r,
        Err(e) => {
            diagnostics.push(crate::load::yaml_error(&e));
            return (
                FileReport {
                    file,
                    diagnostics,
                    curriculum: None,
                },
                None,
            );
        }
    };
    let curriculum_path = beside(&file.path, &raw.maquette.value);
    let loaded = match crate::load::read(&curriculum_path) {
        Ok(l) => l,
        Err(e) => {
            diagnostics.push(Diagnostic::new(
                &rules::COHORT_CURRICULUM,
                Loc::of(&raw.maquette),
                format!(
                    "cannot read the curriculum {}: {e}",
                    crate::source::display_path(&curriculum_path)
                ),
            ));
            return (
                FileReport {
                    file,
                    diagnostics,
                    curriculum: None,
                },
                None,
            );
        }
    };
    let Some(curriculum) = loaded.curriculum else {
        diagnostics.push(
            Diagnostic::new(
                &rules::COHORT_CURRICULUM,
                Loc::of(&raw.maquette),
                "the curriculum cannot be read (run `maquette check` on it)",
            )
            .help("correct the curriculum first"),
        );
        return (
            FileReport {
                file,
                diagnostics,
                curriculum: None,
            },
            None,
        );
    };
    let errors = crate::rules::check(&curriculum)
        .iter()
        .filter(|d| d.rule.severity == crate::rules::Severity::Error)
        .count();
    if errors > 0 {
        diagnostics.push(Diagnostic::new(
            &rules::COHORT_CURRICULUM_FINDINGS,
            Loc::of(&raw.maquette),
            format!("the curriculum has {errors} error{} (see `maquette check`); decisions are computed on it as it stands", if errors == 1 { "" } else { "s" }),
        ));
    }
    let jury = match raw.jury.semestre.as_ref().map(|s| s.value.as_str()) {
        None | Some("pair") => Jury::Even,
        Some("impair") => Jury::Odd,
        Some(other) => {
            diagnostics.push(
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
            diagnostics.push(
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
            diagnostics.push(
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
                diagnostics.push(Diagnostic::new(
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
                    diagnostics.push(Diagnostic::new(
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
                    Err(e) => diagnostics.push(Diagnostic::new(
                        &rules::GRADE_VALUE,
                        Loc::of(grade),
                        format!("{} {}, {}: {e}", s.prenom.value, s.nom.value, code.value),
                    )),
                }
            }
        }
        // Missing grades: reported, never taken as 0.
        for sem in engine::decided_semesters(&curriculum, &parcours, raw.annee.value, jury) {
            for (ti, t) in sem.teachings.iter().enumerate() {
                let counts = sem
                    .coefficients(ti)
                    .iter()
                    .any(|(_, c, _)| c.is_some_and(|c| !c.is_zero()));
                if counts && !written.contains(&(sem.number.value, t.code.value.clone())) {
                    diagnostics.push(Diagnostic::new(
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
                None => diagnostics.push(Diagnostic::new(
                    &rules::COHORT_VALUE,
                    Loc::of(&p.code),
                    format!("`{}` is not a decision code", p.code.value),
                )),
            }
        }
        let mut overrides = Vec::new();
        for o in &s.decisions {
            let Some(code) = Code::parse(&o.code.value) else {
                diagnostics.push(Diagnostic::new(
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
    crate::diag::sort(&mut diagnostics);
    let cohort = Cohort {
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
    };
    (
        FileReport {
            file,
            diagnostics,
            curriculum: None,
        },
        Some(cohort),
    )
}
