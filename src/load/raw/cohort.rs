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

/// A cohort file as written. Read by [`parse_each`], its students are
/// handed on one by one and `etudiants` stays empty.
#[derive(Debug)]
pub struct RawCohort {
    /// Path of the curriculum, relative to the cohort file.
    pub maquette: Sp<String>,
    pub annee_universitaire: Sp<String>,
    /// BUT year the jury decides (1–3).
    pub annee: Sp<u8>,
    pub jury: RawJury,
    /// Default: none said.
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

/// What a student is read in: the cohort's curriculum, year and jury.
#[derive(Debug, Clone, Copy)]
pub struct Header<'a> {
    pub maquette: &'a Sp<String>,
    pub annee: &'a Sp<u8>,
    pub jury: &'a RawJury,
}

impl<'a> Header<'a> {
    pub fn of(raw: &'a RawCohort) -> Header<'a> {
        Header {
            maquette: &raw.maquette,
            annee: &raw.annee,
            jury: &raw.jury,
        }
    }
}

/// Parses a cohort file, its students all kept in `etudiants` (a re-import
/// edits them in place); a YAML error is a positioned finding.
pub fn parse(file: &SourceFile) -> Result<RawCohort, Diagnostic> {
    let mut students = Vec::new();
    let mut raw = parse_each(file, &mut |_, s| students.push(s))?;
    raw.etudiants = students;
    Ok(raw)
}

/// Parses a cohort file and hands each student to `student` with the header
/// it is read in, as soon as the student is read, so that the students of a
/// large cohort are never all in memory as written. A file that lists its
/// students before its header (`maquette`, `annee`, `jury`) has them handed
/// on once the header is read. `etudiants` comes back empty. A YAML error is
/// a positioned finding; students handed on before it are then to be
/// dropped with what was made of them.
pub fn parse_each(
    file: &SourceFile,
    student: &mut dyn FnMut(Header<'_>, RawStudent),
) -> Result<RawCohort, Diagnostic> {
    // The way `from_str_with_options` reads, with a seed instead of a type.
    serde_saphyr::with_deserializer_from_str_with_options(
        &file.text,
        crate::load::yaml_options(),
        |d| de::DeserializeSeed::deserialize(CohortSeed { file, student }, d),
    )
    .map_err(|e| crate::load::yaml_error(file, &e))
}

/// The keys of a cohort file, in the order a missing one is reported.
const FIELDS: &[&str] = &[
    "maquette",
    "annee_universitaire",
    "annee",
    "jury",
    "regles",
    "recours",
    "etudiants",
];

struct CohortSeed<'f, 's> {
    file: &'f SourceFile,
    student: &'s mut dyn FnMut(Header<'_>, RawStudent),
}

impl<'de> de::DeserializeSeed<'de> for CohortSeed<'_, '_> {
    type Value = RawCohort;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RawCohort, D::Error> {
        d.deserialize_struct("RawCohort", FIELDS, self)
    }
}

impl<'de> Visitor<'de> for CohortSeed<'_, '_> {
    type Value = RawCohort;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("struct RawCohort")
    }

    /// The keys as serde's derive reads them (unknown, twice, missing: the
    /// same errors), but `etudiants` read one student at a time.
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<RawCohort, A::Error> {
        fn once<'de, A: de::MapAccess<'de>, T: Deserialize<'de>>(
            map: &mut A,
            slot: &mut Option<T>,
            key: &'static str,
        ) -> Result<(), A::Error> {
            if slot.is_some() {
                return Err(de::Error::duplicate_field(key));
            }
            *slot = Some(map.next_value()?);
            Ok(())
        }
        let CohortSeed { file, student } = self;
        let (mut maquette, mut annee_universitaire, mut annee) = (None, None, None);
        let (mut jury, mut regles, mut recours) = (None, None, None::<Option<Sp<String>>>);
        let mut waiting: Option<Vec<RawStudent>> = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "maquette" => once(&mut map, &mut maquette, "maquette")?,
                "annee_universitaire" => {
                    once(&mut map, &mut annee_universitaire, "annee_universitaire")?
                }
                "annee" => once(&mut map, &mut annee, "annee")?,
                "jury" => once(&mut map, &mut jury, "jury")?,
                "regles" => once(&mut map, &mut regles, "regles")?,
                "recours" => once(&mut map, &mut recours, "recours")?,
                "etudiants" => {
                    if waiting.is_some() {
                        return Err(de::Error::duplicate_field("etudiants"));
                    }
                    waiting = Some(match (&maquette, &annee, &jury) {
                        (Some(maquette), Some(annee), Some(jury)) => {
                            let header = Header {
                                maquette,
                                annee,
                                jury,
                            };
                            map.next_value_seed(StudentsSeed {
                                file,
                                header,
                                student: &mut *student,
                            })?;
                            Vec::new()
                        }
                        _ => map.next_value()?,
                    });
                }
                other => return Err(de::Error::unknown_field(other, FIELDS)),
            }
        }
        let missing = de::Error::missing_field;
        let raw = RawCohort {
            maquette: maquette.ok_or_else(|| missing("maquette"))?,
            annee_universitaire: annee_universitaire
                .ok_or_else(|| missing("annee_universitaire"))?,
            annee: annee.ok_or_else(|| missing("annee"))?,
            jury: jury.ok_or_else(|| missing("jury"))?,
            regles: regles.unwrap_or_default(),
            recours: recours.flatten(),
            etudiants: Vec::new(),
        };
        let waiting = waiting.ok_or_else(|| missing("etudiants"))?;
        for mut s in waiting {
            read_typed_back(&mut s, file);
            student(Header::of(&raw), s);
        }
        Ok(raw)
    }
}

/// The `etudiants` list, each student handed on as soon as read.
struct StudentsSeed<'f, 'h, 's> {
    file: &'f SourceFile,
    header: Header<'h>,
    student: &'s mut dyn FnMut(Header<'_>, RawStudent),
}

impl<'de> de::DeserializeSeed<'de> for StudentsSeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for StudentsSeed<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a sequence")
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(mut s) = seq.next_element::<RawStudent>()? {
            read_typed_back(&mut s, self.file);
            (self.student)(self.header, s);
        }
        Ok(())
    }
}

/// Reads each grade the YAML reader typed as a number back from the source
/// text, so that it is read as written, never through a float.
fn read_typed_back(s: &mut RawStudent, file: &SourceFile) {
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

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "maquette: m.yaml\nannee_universitaire: 2025-2026\nannee: 1\njury: { date: 2026-06-25, president: X }\n";

    /// The student numbers `parse_each` hands on, with the year they are
    /// read in, and the parse's error, if any.
    fn handed(text: &str) -> (Vec<(u8, String)>, Option<String>) {
        let file = SourceFile::new("c.yaml", text);
        let mut handed = Vec::new();
        let parsed = parse_each(&file, &mut |h, s| {
            handed.push((h.annee.value, s.numero.value));
        });
        (handed, parsed.err().map(|d| d.message))
    }

    #[test]
    fn each_student_is_handed_on_before_the_next_is_read() {
        let text = format!(
            "{HEADER}etudiants:\n  - {{ numero: '1', nom: A, prenom: B }}\n  - {{ numero: '2', nom: C, prenom: D, age: 19 }}\n"
        );
        let (handed, error) = handed(&text);
        // The first was handed on before the second's error was read.
        assert_eq!(handed, [(1, "1".to_string())]);
        assert!(error.unwrap().contains("unknown key `age`"));
    }

    #[test]
    fn students_written_before_the_header_are_handed_on_with_it() {
        let text = format!("etudiants:\n  - {{ numero: '1', nom: A, prenom: B }}\n{HEADER}");
        assert_eq!(handed(&text), (vec![(1, "1".to_string())], None));
        let without_year = text.replace("annee: 1\n", "");
        assert_eq!(
            handed(&without_year),
            (vec![], Some("missing key `annee`".to_string()))
        );
    }

    #[test]
    fn the_cohort_s_keys_are_checked_as_serde_checks_a_struct() {
        let unknown = handed(&format!("{HEADER}groupe: A\netudiants: []\n"))
            .1
            .unwrap();
        assert!(
            unknown.starts_with("unknown key `groupe`; the keys allowed here are: maquette, annee_universitaire, annee, jury, regles, recours, etudiants"),
            "{unknown}"
        );
        assert_eq!(handed(HEADER).1.as_deref(), Some("missing key `etudiants`"));
        let twice = handed(&format!("{HEADER}etudiants: []\netudiants: []\n"))
            .1
            .unwrap();
        assert!(
            twice.contains("`etudiants`") && twice.contains("twice"),
            "{twice}"
        );
        assert_eq!(handed(&format!("{HEADER}etudiants: []\n")), (vec![], None));
    }
}
