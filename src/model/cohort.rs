//! A cohort, checked against its curriculum: the students of one jury, their
//! grades, their history and the jury's own decisions.

use std::path::PathBuf;

use rust_decimal::Decimal;

use super::code::Code;
use super::curriculum::{Curriculum, Semester};
use super::grade::{AbjRule, Average, Grades};
use super::values::Regime;

/// A student, checked.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Student {
    /// Where the student's record starts (their `numero`), for findings.
    #[serde(skip)]
    pub loc: super::source::Loc,
    pub numero: String,
    pub ine: String,
    pub nom: String,
    pub prenom: String,
    pub naissance: String,
    pub lieu_naissance: String,
    /// E-mail address, when the cohort gives one.
    pub courriel: String,
    pub parcours: String,
    /// True when the cohort names the parcours (else it is the curriculum's
    /// first, and a common first year prints none).
    pub parcours_set: bool,
    /// As the cohort says; `None`: the regime of the curriculum's semesters.
    pub regime: Option<Regime>,
    /// Semesters taken, with their academic year.
    pub history: Vec<(u8, String)>,
    /// Grades by (semester, teaching code): one, or one per UE.
    #[serde(skip)]
    pub grades: Grades,
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
    /// The president's title, as signed ("Le président du jury").
    pub president_title: String,
    pub members: Vec<String>,
    /// Where the jury sits (empty when not said).
    pub lieu: String,
    /// How a student may appeal, printed on each relevé (the cohort's
    /// `recours:`, else the curriculum's `textes.recours`; empty when neither).
    pub recours: String,
    pub abj: AbjRule,
    pub students: Vec<Student>,
}

/// A UE result brought from an earlier year (or an earlier attempt).
#[derive(Debug, Clone)]
pub struct PriorUe {
    /// The semester it belongs to.
    pub semester: u8,
    /// The UE code.
    pub ue: String,
    /// Its average, when it has one.
    pub average: Option<Average>,
    /// Its final code.
    pub code: Code,
    /// Its competence (code) and level, when the curriculum at hand does not
    /// describe that semester (a year-2 booklet has no S1).
    pub competence: Option<(String, u8)>,
    /// Its ECTS, when the curriculum at hand does not describe it.
    pub ects: Option<Decimal>,
}

impl PriorUe {
    /// Competence index and level: the curriculum's UE, else what the record says.
    pub fn competence_level(&self, c: &Curriculum, parcours: &str) -> Option<(usize, u8)> {
        let own = c
            .semesters_of(parcours)
            .filter(|s| s.number.value == self.semester)
            .flat_map(|s| &s.ues)
            .find(|u| u.code.value == self.ue)
            .and_then(|u| Some((u.competence?, u.level.value)));
        own.or_else(|| {
            let (code, level) = self.competence.as_ref()?;
            Some((
                c.competences
                    .iter()
                    .position(|k| &k.code == code || &k.nom == code)?,
                *level,
            ))
        })
    }
}

/// What a jury decided instead of the computed proposal.
#[derive(Debug, Clone)]
pub struct Override {
    /// `None` for the year decision; else a UE code, or an RCUE as `RCUE:<competence>`.
    pub target: Option<String>,
    /// The code decided.
    pub code: Code,
    /// Why.
    pub reason: String,
}

/// Which jury: after the odd semester (UEs only) or the even one (the year).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jury {
    /// After S1, S3 or S5.
    Odd,
    /// After S2, S4 or S6.
    Even,
}

/// The semesters a jury decides for a parcours, in order: the year's two,
/// or its odd one after an odd-semester jury.
pub fn decided_semesters<'a>(
    c: &'a Curriculum,
    parcours: &'a str,
    year: u8,
    jury: Jury,
) -> Vec<&'a Semester> {
    let mut v: Vec<&Semester> = c
        .semesters_of(parcours)
        .filter(|s| s.year() == year && (jury == Jury::Even || s.is_odd()))
        .collect();
    v.sort_by_key(|s| s.number.value);
    v
}
