//! Cohort files as written: the students of one jury, their grades, their
//! history and the jury's own decisions. [`crate::load::lower::cohort`]
//! checks them against their curriculum.
//!
//! The format is documented in README.md ("The cohort format").

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use crate::diag::Diagnostic;
use crate::model::Regime;
use crate::model::num::Num;
use crate::model::source::{SourceFile, Sp};

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
    /// How a student may appeal the jury's decisions, printed on each relevé.
    pub recours: Option<Sp<String>>,
    pub etudiants: Vec<RawStudent>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawJury {
    pub date: Sp<String>,
    pub president: Sp<String>,
    /// The president's title under the signature ("La présidente du jury");
    /// "Le président du jury" when not said.
    pub qualite: Option<Sp<String>>,
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
    /// The student's e-mail address, for the delivery manifest.
    pub courriel: Option<Sp<String>>,
    pub parcours: Option<Sp<String>>,
    /// `initiale` or `alternance`; default: the curriculum's semesters'.
    pub regime: Option<Sp<Regime>>,
    /// Semesters already repeated.
    #[serde(default)]
    pub redoublements: Vec<Sp<u8>>,
    /// Grades by semester (as written, with positions), then teaching code.
    #[serde(default)]
    pub notes: crate::load::raw::curriculum::SpannedMap<GradesOfSemester>,
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

impl RawGrade {
    /// A number when the text is one, else a code (checked later).
    fn of_text(v: &str) -> Result<RawGrade, String> {
        let t = v.trim();
        if t.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.') {
            Num::read(t).map(RawGrade::Number)
        } else {
            Ok(RawGrade::Text(v.to_string()))
        }
    }
}

impl<'de> Deserialize<'de> for RawGrade {
    /// A number when the scalar's text is one, else a code (checked later).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawGrade, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawGrade;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a grade: a number out of 20, or ABI, ABJ, EXC, ATT, DEF")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawGrade, E> {
                RawGrade::of_text(v).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

/// A teaching's grade as written: one grade, or one per UE it feeds
/// (`R101: { UE11: 13, UE12: 12.5 }`, as ScoDoc computes them).
#[derive(Debug)]
pub enum RawMarks {
    One(RawGrade),
    PerUe(crate::load::raw::curriculum::SpannedMap<RawGrade>),
    /// A plain scalar the YAML reader typed as a number (`12.5`, `0x10`):
    /// [`parse`] reads its text back from the source, so that it is read as
    /// written, never through a float. Holds the reader's value as text,
    /// for a source without byte positions.
    Typed(String),
}

impl<'de> Deserialize<'de> for RawMarks {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawMarks, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawMarks;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a grade (a number out of 20, or ABI, ABJ, EXC, ATT, DEF), or one per UE: { UE11: 13, UE12: 12.5 }",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawMarks, E> {
                RawGrade::of_text(v).map(RawMarks::One).map_err(E::custom)
            }
            // A plain number is typed by the YAML reader (reading a map
            // beside it needs its typed path); `parse` reads its text back.
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawMarks, E> {
                Ok(RawMarks::Typed(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawMarks, E> {
                Ok(RawMarks::Typed(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawMarks, E> {
                Ok(RawMarks::Typed(v.to_string()))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<RawMarks, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry()? {
                    out.push((k, v));
                }
                Ok(RawMarks::PerUe(crate::load::raw::curriculum::SpannedMap(
                    out,
                )))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for GradesOfSemester {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::load::raw::curriculum::SpannedMap::<RawMarks>::deserialize(d)
            .map(|m| GradesOfSemester(m.0))
    }
}

/// The grades of one semester, keys with positions.
#[derive(Debug)]
pub struct GradesOfSemester(pub Vec<(Sp<String>, Sp<RawMarks>)>);

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
pub fn beside(cohort: &Path, written: &str) -> PathBuf {
    cohort.parent().unwrap_or(Path::new(".")).join(written)
}

/// True when the text is a cohort file (it lists `etudiants:`).
pub fn is_cohort(text: &str) -> bool {
    text.lines().any(|l| l.starts_with("etudiants:"))
}

/// Parses a cohort file; a YAML error is a positioned finding.
pub fn parse(file: &SourceFile) -> Result<RawCohort, Diagnostic> {
    let mut raw: RawCohort =
        serde_saphyr::from_str_with_options(&file.text, crate::load::yaml_options())
            .map_err(|e| crate::load::yaml_error(file, &e))?;
    for s in &mut raw.etudiants {
        for (_, grades) in &mut s.notes.0 {
            for (_, marks) in &mut grades.value.0 {
                if let RawMarks::Typed(fallback) = &marks.value {
                    // Where the scalar is written (an alias's anchor, not its use).
                    let span = marks.defined.span();
                    let text = span
                        .byte_offset()
                        .zip(span.byte_len())
                        .and_then(|(at, len)| {
                            let at = usize::try_from(at).ok()?;
                            file.text.get(at..at + usize::try_from(len).ok()?)
                        })
                        .unwrap_or(fallback)
                        .trim()
                        .to_string();
                    marks.value =
                        RawMarks::One(RawGrade::of_text(&text).unwrap_or(RawGrade::Text(text)));
                }
            }
        }
    }
    Ok(raw)
}
