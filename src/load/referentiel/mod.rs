//! Import of an ORéBUT competence framework, in the three forms it is found:
//! the JSON served by ScoDoc 9 (`json`) and ORéBUT's own XML export in its
//! two dialects (`xml`: the early 2021 one with `name=` and `AC1101`, the
//! later one with `nom_court=`, `AC11.01` and `type_departement`).
//!
//! Gives the competences with their composantes essentielles, levels and
//! apprentissages critiques, the parcours with the competence levels of each
//! year, and the kind of speciality (`type_departement`).

mod json;
mod xml;

use std::path::Path;

use crate::model::{Competence, DeptType};

/// What a framework brings to a curriculum.
#[derive(Debug, Default)]
pub struct Referentiel {
    /// The form it was read from, for the messages and the draft's header.
    pub dialect: Dialect,
    /// Short name of the speciality (`MMI`), when the framework says.
    pub specialite: Option<String>,
    /// Its full name (`Métiers du Multimédia et de l'Internet`).
    pub specialite_long: Option<String>,
    /// `secondaire` or `tertiaire`, when the framework says.
    pub dept_type: Option<DeptType>,
    /// Competences in the framework's order (`numero`).
    pub competences: Vec<Competence>,
    /// Parcours in the framework's order.
    pub parcours: Vec<RefParcours>,
}

/// The form a framework was written in.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// The JSON of ScoDoc 9's API.
    #[default]
    ScodocJson,
    /// ORéBUT's XML as exported in 2021 (`name=`, `AC1101`).
    OrebutEarlyXml,
    /// ORéBUT's later XML (`nom_court=`, `AC11.01`).
    OrebutXml,
}

impl Dialect {
    /// How a person names it.
    pub fn describe(self) -> &'static str {
        match self {
            Dialect::ScodocJson => "ORéBUT framework as served by ScoDoc 9 (JSON)",
            Dialect::OrebutEarlyXml => "ORéBUT framework, 2021 XML export",
            Dialect::OrebutXml => "ORéBUT framework, XML export",
        }
    }
}

/// A parcours of a framework: the competence levels of each of its years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefParcours {
    /// The framework's code (`SCNDE`, `Strat-UX`…).
    pub code: String,
    pub libelle: String,
    /// `(year, [(competence code, level)])`, years in order, competences in
    /// the framework's order.
    pub annees: Vec<(u8, Vec<(String, u8)>)>,
}

impl Referentiel {
    /// The first competence a parcours names that the framework does not define.
    pub fn unknown_competence<'a>(&self, parcours: &'a RefParcours) -> Option<&'a str> {
        parcours
            .annees
            .iter()
            .flat_map(|(_, levels)| levels)
            .map(|(code, _)| code.as_str())
            .find(|code| !self.competences.iter().any(|c| c.code == *code))
    }

    /// The competence levels of `parcours` in `year` (none for a year it
    /// does not describe), as (competence index, level).
    pub fn levels(&self, parcours: &RefParcours, year: u8) -> Vec<(usize, u8)> {
        let Some((_, levels)) = parcours.annees.iter().find(|(y, _)| *y == year) else {
            return Vec::new();
        };
        let mut out: Vec<(usize, u8)> = levels
            .iter()
            .filter_map(|(code, level)| {
                let at = self.competences.iter().position(|c| &c.code == code)?;
                Some((at, *level))
            })
            .collect();
        out.sort();
        out
    }
}

/// Reads `secondaire` / `tertiaire`.
pub fn dept_type(s: &str) -> Option<DeptType> {
    match s.trim().to_lowercase().as_str() {
        "secondaire" => Some(DeptType::Secondaire),
        "tertiaire" => Some(DeptType::Tertiaire),
        _ => None,
    }
}

/// Loads a framework file; the error says what is wrong in plain words.
pub fn load(path: &Path) -> Result<Referentiel, String> {
    let bytes = match super::read_bounded(path) {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(super::Refused::NotAFile)) => return Err("it is not a regular file".into()),
        Ok(Err(super::Refused::TooLarge)) => {
            return Err(format!(
                "it is larger than {} MB, far more than a framework",
                super::MAX_FILE_BYTES / 1_000_000
            ));
        }
        Err(e) => return Err(format!("cannot read it ({e})")),
    };
    let text = String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string())?;
    parse(&text)
}

/// Parses a framework in any of its forms, told apart by their first
/// character: `<` for XML, `{` for JSON.
pub fn parse(text: &str) -> Result<Referentiel, String> {
    let text = text.trim_start_matches('\u{feff}');
    match text.trim_start().chars().next() {
        Some('<') => xml::parse(text),
        Some('{') => json::parse(text),
        _ => Err("it is neither ORéBUT XML nor ScoDoc JSON: is it a competence framework?".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real files in their real formats, credited in their README.
    const REAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/real");

    #[test]
    fn reads_the_mmi_framework() {
        let text = std::fs::read_to_string(format!("{REAL}/orebut-MMI-2021-12-11.json")).unwrap();
        let r = parse(&text).unwrap();
        assert_eq!(r.dept_type, Some(DeptType::Secondaire));
        let names: Vec<&str> = r.competences.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(
            names,
            [
                "Comprendre",
                "Concevoir",
                "Exprimer",
                "Développer",
                "Entreprendre"
            ]
        );
        let n1 = &r.competences[0].niveaux[0];
        assert_eq!(n1.niveau, 1);
        assert_eq!(n1.apprentissages[0].0.as_deref(), Some("AC11.01"));
    }

    #[test]
    fn explains_a_file_that_is_not_a_framework() {
        let err = parse("{\"foo\": 1}").unwrap_err();
        assert!(err.contains("no `competences`"), "{err}");
        assert!(parse("{not json").unwrap_err().contains("not valid JSON"));
        assert!(
            parse("<not xml")
                .unwrap_err()
                .contains("not well-formed XML")
        );
        assert!(
            parse("plain text")
                .unwrap_err()
                .contains("neither ORéBUT XML nor ScoDoc JSON")
        );
    }
}
