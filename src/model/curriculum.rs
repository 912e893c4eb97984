//! The curriculum model: references resolved, figures exact, positions kept.
//!
//! Built by [`crate::load::lower::curriculum`] from the raw layer. Invariants that hold here:
//! every UE row points at a teaching of its semester, every mark and every
//! coefficient points at a UE of its semester, every semester's parcours exist.
//! Rules ([`crate::rules`]) read this model and never the YAML.

use crate::model::num::Num;
use crate::model::source::Loc;
use crate::model::{Coef, Kind, Regime, Weeks};

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub loc: Loc,
}

impl<T> At<T> {
    /// A value at a position.
    pub fn new(value: T, loc: Loc) -> At<T> {
        At { value, loc }
    }
}

/// Secondaire (2000 h) or tertiaire (1800 h) speciality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum DeptType {
    /// Industrial ("secondaire") speciality.
    Secondaire,
    /// Service ("tertiaire") speciality.
    Tertiaire,
}

/// A whole curriculum.
#[derive(Debug, Clone)]
pub struct Curriculum {
    /// Identity of the programme.
    pub formation: Formation,
    /// People to contact.
    pub contacts: Vec<Contact>,
    /// Free texts of the booklet.
    pub textes: Textes,
    /// Parcours described (at least one: an unnamed one when the file lists none).
    pub parcours: Vec<Parcours>,
    /// Competences of the speciality.
    pub competences: Vec<Competence>,
    /// Semester blocks, in file order.
    pub semesters: Vec<Semester>,
    /// Year totals as printed.
    pub year_totals: Vec<YearTotal>,
    /// Annexe 1: the UE code printed for each competence and semester, per parcours.
    pub structure: Vec<StructureAnnex>,
    /// Council deliberation data, when the document is one.
    pub deliberation: Option<Deliberation>,
    /// The Apogée elements of each year (the UEs carry theirs).
    pub apogee: Vec<ApogeeYear>,
}

/// A year's elements in Apogée: the year's own and its RCUEs'.
#[derive(Debug, Clone, Default)]
pub struct ApogeeYear {
    pub year: u8,
    /// The year's element code.
    pub code: Option<String>,
    /// (competence index, element code) of each RCUE.
    pub rcues: Vec<(usize, String)>,
}

/// Identity of the programme and of the document.
#[derive(Debug, Clone, Default)]
pub struct Formation {
    pub etablissement: Option<String>,
    pub composante: Option<String>,
    pub departement: Option<String>,
    pub adresse: Option<String>,
    /// The institution's telephone, fax and web site (its letterhead).
    pub telephone: Option<String>,
    pub fax: Option<String>,
    pub site: Option<String>,
    pub niveau: Option<String>,
    pub domaine: Option<String>,
    pub mention: String,
    pub specialite: String,
    /// Secondaire or tertiaire, with where it was stated (file or referentiel).
    pub dept_type: Option<At<DeptType>>,
    pub annee_universitaire: Option<String>,
    pub regime: Option<Regime>,
    pub langues: Vec<String>,
    /// "Volume horaire étudiant" as printed.
    pub volume: Option<DeclaredHours>,
    /// How a justified absence (ABJ) counts: `zero` when the MCCC say so.
    pub abj_counts_zero: bool,
    /// Where `formation:` starts, for findings about the whole programme.
    pub loc: Loc,
}

/// A contact of the booklet.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Contact {
    pub role: String,
    /// The heading of the column the document lists it under.
    pub colonne: Option<String>,
    pub nom: Option<String>,
    pub fonction: Option<String>,
    pub telephone: Option<String>,
    pub courriel: Option<String>,
}

/// Free texts of the booklet.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Textes {
    pub objectifs: Option<String>,
    pub debouches: Option<String>,
    pub competences_acquises: Option<String>,
    /// The sentence before the table of the national competences.
    pub competences: Option<String>,
    /// The sentence before the table of the year's competence levels.
    pub niveaux: Option<String>,
    pub acces: Option<String>,
    pub schema_general: Option<String>,
    pub mcc: Option<String>,
    /// How a student may appeal the jury's decisions (relevés print it).
    pub recours: Option<String>,
}

/// A parcours.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Parcours {
    pub code: String,
    pub nom: String,
    pub rncp: Option<String>,
    pub nsf: Vec<(String, String)>,
    pub formacodes: Vec<(String, String)>,
}

/// A competence of the speciality.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Competence {
    pub code: String,
    pub nom: String,
    pub intitule: Option<String>,
    pub composantes: Vec<String>,
    pub niveaux: Vec<Niveau>,
}

/// A level of a competence.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Niveau {
    pub niveau: u8,
    pub intitule: Option<String>,
    pub apprentissages: Vec<(Option<String>, String)>,
}

/// The pôle a teaching belongs to inside a UE.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Pole {
    /// Pôle ressources.
    Ressources,
    /// Pôle SAÉ.
    Saes,
}

/// Hours of a row: CM, TD, TP, cours intégrés, projet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Hours {
    pub cm: Num,
    pub td: Num,
    pub tp: Num,
    pub ci: Num,
    pub projet: Num,
}

impl Hours {
    /// "Total hors projet": CM + TD + TP + CI.
    pub fn hors_projet(&self) -> Num {
        self.cm + self.td + self.tp + self.ci
    }

    /// Every hour, projet included.
    pub fn with_projet(&self) -> Num {
        self.hors_projet() + self.projet
    }
}

impl std::ops::Add for Hours {
    type Output = Hours;
    fn add(self, o: Hours) -> Hours {
        Hours {
            cm: self.cm + o.cm,
            td: self.td + o.td,
            tp: self.tp + o.tp,
            ci: self.ci + o.ci,
            projet: self.projet + o.projet,
        }
    }
}

impl std::iter::Sum for Hours {
    fn sum<I: Iterator<Item = Hours>>(iter: I) -> Hours {
        iter.fold(Hours::default(), |a, b| a + b)
    }
}

/// Hours of a row as written: the values, each one's position, the printed total.
#[derive(Debug, Clone, Default)]
pub struct DeclaredHours {
    /// The hours (absent cells count 0).
    pub hours: Hours,
    /// Position of each written cell, by field name (`cm`, `td`, …).
    pub cells: Vec<(&'static str, Loc)>,
    /// The printed "total hors projet".
    pub total: Option<At<Num>>,
    /// A printed total that includes the projet hours.
    pub total_with_projet: Option<At<Num>>,
    /// Weeks, for a stage.
    pub weeks: Option<At<Weeks>>,
}

impl DeclaredHours {
    /// True when no hour cell was written.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty() && self.total.is_none() && self.total_with_projet.is_none()
    }
}

/// A total row as printed.
#[derive(Debug, Clone, Default)]
pub struct Totals {
    pub cm: Option<At<Num>>,
    pub td: Option<At<Num>>,
    pub tp: Option<At<Num>>,
    pub projet: Option<At<Num>>,
    pub total: Option<At<Num>>,
    pub total_with_projet: Option<At<Num>>,
    pub coef: Option<At<Num>>,
    pub ects: Option<At<Num>>,
}

/// One semester block, for some parcours.
#[derive(Debug, Clone)]
pub struct Semester {
    /// 1 to 6.
    pub number: At<u8>,
    /// Codes of the parcours this block is for (all of the curriculum's when not said).
    pub parcours: Vec<String>,
    /// Regime of this semester.
    pub regime: Option<Regime>,
    /// Its UEs.
    pub ues: Vec<Ue>,
    /// Its teachings (each code once).
    pub teachings: Vec<Teaching>,
    /// Hours of local adaptation, when stated.
    pub local_adaptation: Option<At<Num>>,
    /// Pôle totals printed for the whole semester (matrix layout).
    pub total_ressources: Totals,
    /// See `total_ressources`.
    pub total_saes: Totals,
    /// The semester's printed total row.
    pub total: Totals,
}

/// The regime of a year made of these semesters: alternance when one of them is.
pub fn regime_of(semesters: &[&Semester]) -> Regime {
    if semesters
        .iter()
        .any(|s| s.regime == Some(Regime::Alternance))
    {
        Regime::Alternance
    } else {
        Regime::Initiale
    }
}

impl Semester {
    /// The sum of its UEs' own coefficients, when every UE has one (the
    /// convention of the documents that print, in each TOTAL UE row, the
    /// UE's coefficient in the semester rather than the sum of its pôles).
    pub fn own_coefficients(&self) -> Option<Num> {
        self.ues
            .iter()
            .map(|u| u.coefficient.as_ref().map(|c| c.value))
            .sum()
    }

    /// BUT year of the semester (1 for S1–S2).
    pub fn year(&self) -> u8 {
        self.number.value.div_ceil(2)
    }

    /// True for S1, S3, S5.
    pub fn is_odd(&self) -> bool {
        self.number.value % 2 == 1
    }

    /// Hours of a teaching in this semester: its own row when written,
    /// else the sum of what its UE rows attribute to it.
    pub fn teaching_hours(&self, t: usize) -> Hours {
        match &self.teachings[t].hours {
            Some(h) => h.hours,
            None => self
                .ues
                .iter()
                .flat_map(|u| &u.rows)
                .filter(|r| r.teaching == t)
                .filter_map(|r| r.hours.as_ref().map(|h| h.hours))
                .sum(),
        }
    }

    /// Every (UE, coefficient) a teaching has, from UE rows and its own row.
    pub fn coefficients(&self, t: usize) -> Vec<(usize, Option<Num>, Loc)> {
        let mut out = Vec::new();
        for (ui, ue) in self.ues.iter().enumerate() {
            for r in ue.rows.iter().filter(|r| r.teaching == t) {
                out.push((ui, r.coef.as_ref().and_then(|c| coef_value(c.value)), r.loc));
            }
        }
        for (ui, c) in &self.teachings[t].row_coefs {
            out.push((*ui, coef_value(c.value), c.loc));
        }
        out
    }
}

/// The number in a coefficient cell (`-` has none).
pub fn coef_value(c: Coef) -> Option<Num> {
    match c {
        Coef::Value(n) => Some(n),
        Coef::Dash => None,
    }
}

/// A UE.
#[derive(Debug, Clone)]
pub struct Ue {
    pub code: At<String>,
    pub intitule: Option<String>,
    /// The competence codes it names (exactly one when well-formed).
    pub competences: At<Vec<String>>,
    /// Index of its competence in [`Curriculum::competences`], when resolved.
    pub competence: Option<usize>,
    pub level: At<u8>,
    pub ects: Option<At<Num>>,
    /// The UE's own coefficient, when printed on the UE row.
    pub coefficient: Option<At<Num>>,
    /// Its element in Apogée, when the curriculum gives it.
    pub code_apogee: Option<String>,
    /// Teachings listed in its pôles, in order.
    pub rows: Vec<UeRow>,
    pub total_ressources: Totals,
    pub total_saes: Totals,
    pub total: Totals,
}

impl Ue {
    /// Sum of the coefficients of a pôle (rows and teaching-row coefficients).
    pub fn pole_coef(&self, sem: &Semester, ui: usize, pole: Pole) -> Num {
        let rows: Num = self
            .rows
            .iter()
            .filter(|r| r.pole == pole)
            .filter_map(|r| r.coef.as_ref().and_then(|c| coef_value(c.value)))
            .sum();
        let own: Num = sem
            .teachings
            .iter()
            .filter(|t| t.pole() == pole)
            .flat_map(|t| &t.row_coefs)
            .filter(|(u, _)| *u == ui)
            .filter_map(|(_, c)| coef_value(c.value))
            .sum();
        rows + own
    }
}

/// A teaching as listed in a UE.
#[derive(Debug, Clone)]
pub struct UeRow {
    /// Index into [`Semester::teachings`].
    pub teaching: usize,
    /// The pôle it is listed in.
    pub pole: Pole,
    /// Where the row starts (its code).
    pub loc: Loc,
    /// The name printed on this row.
    pub name: Option<At<String>>,
    /// The evaluation type printed on this row.
    pub evaluation: Option<At<String>>,
    /// The hours this UE gets from the teaching, when the source splits them.
    pub hours: Option<DeclaredHours>,
    /// Its coefficient in this UE.
    pub coef: Option<At<Coef>>,
}

/// A teaching (ressource, SAÉ, portfolio, PPP, stage) of a semester.
#[derive(Debug, Clone)]
pub struct Teaching {
    /// What identifies it in the semester and in cohorts: its code, or its
    /// name when the document prints no code ([`Teaching::coded`]).
    pub code: At<String>,
    /// False when the document prints no code for it: none is printed.
    pub coded: bool,
    /// Its name (from its own row, else from its first UE row).
    pub name: String,
    pub kind: Kind,
    /// Evaluation type: its own, else the first printed on a UE row, else the default.
    pub evaluation: Option<String>,
    /// Hours written on its own semester row.
    pub hours: Option<DeclaredHours>,
    /// The UEs marked with an X on its own row, when the source has an X matrix.
    pub marks: Option<Vec<At<usize>>>,
    /// Coefficients written on its own row (matrix layout), by UE index.
    pub row_coefs: Vec<(usize, At<Coef>)>,
    /// True when the teaching has its own semester row (not only UE rows).
    pub has_own_row: bool,
}

impl Teaching {
    /// The code as documents print it: none when the source has none.
    pub fn printed_code(&self) -> &str {
        if self.coded { &self.code.value } else { "" }
    }

    /// The pôle its kind belongs to.
    pub fn pole(&self) -> Pole {
        if self.kind.is_sae_pole() {
            Pole::Saes
        } else {
            Pole::Ressources
        }
    }
}

/// A printed year total ("TOTAL NIVEAU 1").
#[derive(Debug, Clone)]
pub struct YearTotal {
    pub year: At<u8>,
    pub parcours: Vec<String>,
    pub totals: Totals,
}

/// Annexe 1 for one parcours.
#[derive(Debug, Clone)]
pub struct StructureAnnex {
    pub parcours: At<String>,
    /// One row per competence.
    pub rows: Vec<StructureRow>,
}

/// A row of annexe 1: a competence and the UE code printed for S1..S6.
#[derive(Debug, Clone)]
pub struct StructureRow {
    /// Index of the competence in [`Curriculum::competences`].
    pub competence: At<usize>,
    /// The UE code printed for each semester, `None` for "-".
    pub ues: Vec<At<Option<String>>>,
}

/// A council deliberation.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Deliberation {
    pub conseil: String,
    pub seance: String,
    pub numero: String,
    pub objet: String,
    pub annee_universitaire: Option<String>,
    pub visas: Vec<String>,
    pub preambule: Option<String>,
    pub articles: Vec<Article>,
    pub vote: Vote,
    pub signataire_qualite: String,
    pub signataire_nom: String,
    #[serde(skip)]
    pub vote_loc: Loc,
}

/// An article of the régime des études.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Article {
    pub titre: String,
    pub texte: Option<String>,
    pub sections: Vec<Article>,
}

/// The vote of the council.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Vote {
    pub votants: u32,
    pub pour: u32,
    pub contre: u32,
    pub abstentions: u32,
}

impl Curriculum {
    /// The semester blocks that apply to a parcours.
    pub fn semesters_of<'a>(&'a self, parcours: &'a str) -> impl Iterator<Item = &'a Semester> {
        self.semesters
            .iter()
            .filter(move |s| s.parcours.iter().any(|p| p == parcours))
    }

    /// Semester numbers present for a parcours, sorted, each once.
    pub fn semester_numbers(&self, parcours: &str) -> Vec<u8> {
        let mut v: Vec<u8> = self
            .semesters_of(parcours)
            .map(|s| s.number.value)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}
