//! The raw layer: structs that mirror the curriculum YAML exactly.
//!
//! Unknown keys are rejected (with the list of allowed keys), and every value a
//! rule may complain about is wrapped in [`Sp`] so it keeps its line and column.
//! Nothing here is interpreted: [`crate::load::lower`] turns it into the model.
//! The format is documented in README.md ("The curriculum format").

use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};

use crate::model::num::Num;
use crate::model::source::Sp;
use crate::model::{Coef, Kind, Regime, Weeks};

/// A whole curriculum file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCurriculum {
    pub formation: RawFormation,
    #[serde(default)]
    pub contacts: Vec<RawContact>,
    #[serde(default)]
    pub textes: RawTextes,
    #[serde(default)]
    pub parcours: Vec<RawParcours>,
    /// Path (relative to the file) of an ORéBUT competence framework (JSON).
    pub referentiel: Option<Sp<String>>,
    #[serde(default)]
    pub competences: Vec<RawCompetence>,
    pub semestres: Vec<RawSemestre>,
    /// Year totals as printed ("TOTAL NIVEAU 1").
    #[serde(default)]
    pub totaux_annee: Vec<RawYearTotal>,
    /// Annexe 1 ("structure générale"): the UE of each competence in each semester.
    #[serde(default)]
    pub structure: Vec<RawStructure>,
    pub deliberation: Option<RawDeliberation>,
    /// The étape's Apogée elements for each year: the year's own, and its RCUEs'.
    #[serde(default)]
    pub annees: Vec<RawYear>,
}

/// A year's Apogée elements (the UEs carry theirs).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawYear {
    pub annee: Sp<u8>,
    /// The year's element (its VET or ELP code).
    pub code_apogee: Option<Sp<String>>,
    /// Each RCUE's element, by competence code.
    #[serde(default)]
    pub rcues: SpannedMap<String>,
}

/// Identity of the programme and of the document.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFormation {
    pub etablissement: Option<Sp<String>>,
    pub composante: Option<Sp<String>>,
    pub departement: Option<Sp<String>>,
    pub adresse: Option<Sp<String>>,
    /// The institution's telephone, fax and web site, as its letterhead prints them.
    pub telephone: Option<Sp<String>>,
    pub fax: Option<Sp<String>>,
    pub site: Option<Sp<String>>,
    pub niveau: Option<Sp<String>>,
    pub domaine: Option<Sp<String>>,
    pub mention: Sp<String>,
    pub specialite: Sp<String>,
    /// `secondaire` (2000 h) or `tertiaire` (1800 h); else taken from the referentiel.
    pub type_departement: Option<Sp<String>>,
    pub annee_universitaire: Option<Sp<String>>,
    /// Default regime of the semesters: `initiale` or `alternance`.
    pub regime: Option<Sp<Regime>>,
    #[serde(default)]
    pub langues: Vec<Sp<String>>,
    /// Default evaluation type of every teaching (e.g. `CC` when the MCC say
    /// "contrôle continu intégral" and the tables print none).
    pub evaluation: Option<Sp<String>>,
    /// "Volume horaire étudiant" as printed in the header.
    pub volume_horaire: Option<RawHours>,
    /// How the MCCC count a justified absence: `neutralise` (default) or `zero`.
    pub abj: Option<Sp<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContact {
    pub role: Sp<String>,
    /// The heading of the column the document lists it under
    /// ("Scolarité – Secrétariat pédagogique").
    pub colonne: Option<Sp<String>>,
    pub nom: Option<Sp<String>>,
    pub fonction: Option<Sp<String>>,
    pub telephone: Option<Sp<String>>,
    pub courriel: Option<Sp<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTextes {
    pub objectifs: Option<Sp<String>>,
    pub debouches: Option<Sp<String>>,
    pub competences_acquises: Option<Sp<String>>,
    /// The sentence before the table of the national competences.
    pub competences: Option<Sp<String>>,
    /// The sentence before the table of the year's competence levels.
    pub niveaux: Option<Sp<String>>,
    pub acces: Option<Sp<String>>,
    pub schema_general: Option<Sp<String>>,
    pub mcc: Option<Sp<String>>,
    /// How a student may appeal the jury's decisions (relevés print it).
    pub recours: Option<Sp<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParcours {
    pub code: Sp<String>,
    pub nom: Sp<String>,
    pub rncp: Option<Sp<String>>,
    #[serde(default)]
    pub nsf: Vec<RawCodeLabel>,
    #[serde(default)]
    pub formacodes: Vec<RawCodeLabel>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCodeLabel {
    pub code: Sp<String>,
    pub libelle: Sp<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCompetence {
    pub code: Sp<String>,
    pub nom: Sp<String>,
    pub intitule: Option<Sp<String>>,
    #[serde(default)]
    pub composantes: Vec<Sp<String>>,
    #[serde(default)]
    pub niveaux: Vec<RawNiveau>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNiveau {
    pub niveau: Sp<u8>,
    pub intitule: Option<Sp<String>>,
    #[serde(default)]
    pub apprentissages: Vec<RawAc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAc {
    pub code: Option<Sp<String>>,
    pub libelle: Sp<String>,
}

/// One semester block, for the parcours it lists (all when omitted).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSemestre {
    pub numero: Sp<u8>,
    #[serde(default)]
    pub parcours: Vec<Sp<String>>,
    pub regime: Option<Sp<Regime>>,
    #[serde(default)]
    pub ues: Vec<RawUe>,
    /// Teachings written once for the semester (annexe 2 rows, matrix rows).
    #[serde(default)]
    pub enseignements: Vec<RawTeaching>,
    /// Hours of local adaptation in this semester, when the source states them.
    pub heures_adaptation_locale: Option<Sp<Num>>,
    /// Pôle totals printed for the whole semester (matrix layout).
    pub total_ressources: Option<RawTotals>,
    pub total_saes: Option<RawTotals>,
    /// The semester's total row as printed.
    pub total: Option<RawTotals>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUe {
    pub code: Sp<String>,
    pub intitule: Option<Sp<String>>,
    pub competence: Sp<OneOrMany>,
    pub niveau: Sp<u8>,
    pub ects: Option<Sp<Num>>,
    /// The UE's own coefficient when the source prints one on the UE row.
    pub coefficient: Option<Sp<Num>>,
    /// The UE's element in Apogée.
    pub code_apogee: Option<Sp<String>>,
    /// Pôle ressources: rows of the UE block, or the annexe 3 list.
    #[serde(default)]
    pub ressources: Vec<RawRow>,
    /// Pôle SAÉ (SAÉ, portfolio, stage).
    #[serde(default)]
    pub saes: Vec<RawRow>,
    pub total_ressources: Option<RawTotals>,
    pub total_saes: Option<RawTotals>,
    pub total: Option<RawTotals>,
}

/// Borrows the hour fields of a row, a teaching or a header.
macro_rules! hours_of {
    ($x:expr) => {
        crate::load::raw::curriculum::HoursRef {
            cm: $x.cm.as_ref(),
            td: $x.td.as_ref(),
            tp: $x.tp.as_ref(),
            ci: $x.ci.as_ref(),
            projet: $x.projet.as_ref(),
            total: $x.total.as_ref(),
            total_avec_projet: $x.total_avec_projet.as_ref(),
            semaines: $x.semaines.as_ref(),
        }
    };
}
pub(crate) use hours_of;

/// The hour fields of a row, whatever struct they sit in.
#[derive(Debug, Clone, Copy)]
pub struct HoursRef<'a> {
    pub cm: Option<&'a Sp<Num>>,
    pub td: Option<&'a Sp<Num>>,
    pub tp: Option<&'a Sp<Num>>,
    pub ci: Option<&'a Sp<Num>>,
    pub projet: Option<&'a Sp<Num>>,
    pub total: Option<&'a Sp<Num>>,
    pub total_avec_projet: Option<&'a Sp<Num>>,
    pub semaines: Option<&'a Sp<Weeks>>,
}

/// A teaching as listed inside a UE.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRow {
    /// Optional where the document prints none (a stage, a portfolio): the
    /// teaching is then known by its name, here and in the cohorts.
    pub code: Option<Sp<String>>,
    /// In place of `code`, a key the document does not print, for a
    /// teaching whose rows the document names differently.
    pub repere: Option<Sp<String>>,
    pub nom: Option<Sp<String>>,
    #[serde(rename = "type")]
    pub kind: Option<Sp<Kind>>,
    pub evaluation: Option<Sp<String>>,
    pub cm: Option<Sp<Num>>,
    pub td: Option<Sp<Num>>,
    pub tp: Option<Sp<Num>>,
    pub ci: Option<Sp<Num>>,
    pub projet: Option<Sp<Num>>,
    pub total: Option<Sp<Num>>,
    pub total_avec_projet: Option<Sp<Num>>,
    pub semaines: Option<Sp<Weeks>>,
    pub coef: Option<Sp<Coef>>,
}

/// A teaching written once for its semester.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTeaching {
    /// Optional, as on a UE row: without it the teaching is known by its
    /// `repere` or else its name.
    pub code: Option<Sp<String>>,
    /// A key that is never printed: it ties the teaching to its rows in
    /// the UEs when the document names them differently (seed 004's stage
    /// is "entre 8 et 10 semaines" in annexe 2, "10 semaines minimum" in
    /// annexe 3) and prints no code.
    pub repere: Option<Sp<String>>,
    pub nom: Sp<String>,
    #[serde(rename = "type")]
    pub kind: Sp<Kind>,
    pub evaluation: Option<Sp<String>>,
    pub cm: Option<Sp<Num>>,
    pub td: Option<Sp<Num>>,
    pub tp: Option<Sp<Num>>,
    pub ci: Option<Sp<Num>>,
    pub projet: Option<Sp<Num>>,
    pub total: Option<Sp<Num>>,
    pub total_avec_projet: Option<Sp<Num>>,
    pub semaines: Option<Sp<Weeks>>,
    /// The UEs marked with an X (annexe 2 "regroupements d'UE").
    pub ues: Option<Vec<Sp<String>>>,
    /// Coefficients written on the teaching's own row, by UE code (matrix layout).
    pub coefs: Option<SpannedMap<Coef>>,
}

/// Hours as printed on a row; `total` is the printed "total hors projet",
/// `total_avec_projet` a printed total that includes the projet hours.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHours {
    pub cm: Option<Sp<Num>>,
    pub td: Option<Sp<Num>>,
    pub tp: Option<Sp<Num>>,
    pub ci: Option<Sp<Num>>,
    pub projet: Option<Sp<Num>>,
    pub total: Option<Sp<Num>>,
    pub total_avec_projet: Option<Sp<Num>>,
    pub semaines: Option<Sp<Weeks>>,
}

/// A total row as printed; every field is checked against the computed sum.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTotals {
    pub cm: Option<Sp<Num>>,
    pub td: Option<Sp<Num>>,
    pub tp: Option<Sp<Num>>,
    pub projet: Option<Sp<Num>>,
    pub total: Option<Sp<Num>>,
    pub total_avec_projet: Option<Sp<Num>>,
    pub coef: Option<Sp<Num>>,
    pub ects: Option<Sp<Num>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawYearTotal {
    pub annee: Sp<u8>,
    #[serde(default)]
    pub parcours: Vec<Sp<String>>,
    pub cm: Option<Sp<Num>>,
    pub td: Option<Sp<Num>>,
    pub tp: Option<Sp<Num>>,
    pub projet: Option<Sp<Num>>,
    pub total: Option<Sp<Num>>,
    pub total_avec_projet: Option<Sp<Num>>,
    pub coef: Option<Sp<Num>>,
    pub ects: Option<Sp<Num>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStructure {
    pub parcours: Sp<String>,
    pub competences: Vec<RawStructureRow>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStructureRow {
    pub competence: Sp<String>,
    /// The UE code printed for S1..S6, `-` where the parcours has none.
    pub ues: Vec<Sp<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDeliberation {
    pub conseil: Sp<String>,
    pub seance: Sp<String>,
    pub numero: Sp<String>,
    pub objet: Sp<String>,
    pub annee_universitaire: Option<Sp<String>>,
    #[serde(default)]
    pub visas: Vec<Sp<String>>,
    pub preambule: Option<Sp<String>>,
    #[serde(default)]
    pub articles: Vec<RawArticle>,
    pub vote: RawVote,
    pub signataire: RawSignataire,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawArticle {
    pub titre: Sp<String>,
    #[serde(default)]
    pub texte: Option<Sp<String>>,
    #[serde(default)]
    pub sections: Vec<RawArticle>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVote {
    pub votants: Sp<u32>,
    pub pour: Sp<u32>,
    pub contre: Sp<u32>,
    pub abstentions: Sp<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSignataire {
    pub qualite: Sp<String>,
    pub nom: Sp<String>,
}

/// One value or a list of values (a list is a structural error for a UE's competence).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// A mapping whose keys keep their positions too, in file order.
#[derive(Debug)]
pub struct SpannedMap<V>(pub Vec<(Sp<String>, Sp<V>)>);

impl<V> Default for SpannedMap<V> {
    fn default() -> Self {
        SpannedMap(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for SpannedMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MapV<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapV<V> {
            type Value = SpannedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping from UE code to coefficient")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry()? {
                    out.push((k, v));
                }
                Ok(SpannedMap(out))
            }
        }
        d.deserialize_map(MapV(std::marker::PhantomData))
    }
}
