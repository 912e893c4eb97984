//! Import of an ORéBUT competence framework (the JSON served by ScoDoc 9).
//!
//! Gives the competences with their composantes essentielles, levels and
//! apprentissages critiques, and the kind of speciality (`type_departement`).

use std::path::Path;

use serde_json::Value;

use crate::model::{Competence, DeptType, Niveau};

/// What a framework brings to a curriculum.
#[derive(Debug, Default)]
pub struct Referentiel {
    /// `secondaire` or `tertiaire`, when the framework says.
    pub dept_type: Option<DeptType>,
    /// Competences in the framework's order (`numero`).
    pub competences: Vec<Competence>,
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

/// Parses the JSON text of a framework.
pub fn parse(text: &str) -> Result<Referentiel, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("it is not valid JSON ({e})"))?;
    let comps = v
        .get("competences")
        .and_then(Value::as_object)
        .ok_or("it has no `competences` object: is it an ORéBUT framework exported by ScoDoc?")?;
    let mut competences: Vec<(i64, Competence)> = Vec::new();
    for (key, c) in comps {
        let s = |k: &str| c.get(k).and_then(Value::as_str).map(str::to_string);
        let mut niveaux: Vec<(i64, Niveau)> = c
            .get("niveaux")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(_, n)| {
                let ordre = n.get("ordre").and_then(Value::as_i64).unwrap_or(0);
                let mut acs: Vec<(Option<String>, String)> = n
                    .get("app_critiques")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .map(|(code, a)| {
                        let lib = a.get("libelle").and_then(Value::as_str).unwrap_or_default();
                        (Some(code.clone()), lib.to_string())
                    })
                    .collect();
                acs.sort();
                let niveau = Niveau {
                    niveau: u8::try_from(ordre).unwrap_or(0),
                    intitule: n.get("libelle").and_then(Value::as_str).map(str::to_string),
                    apprentissages: acs,
                };
                (ordre, niveau)
            })
            .collect();
        niveaux.sort_by_key(|(o, _)| *o);
        let composantes = c
            .get("composantes_essentielles")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|x| x.get("libelle").and_then(Value::as_str).map(str::to_string))
            .collect();
        competences.push((
            c.get("numero").and_then(Value::as_i64).unwrap_or(i64::MAX),
            Competence {
                code: s("titre").unwrap_or_else(|| key.clone()),
                nom: s("titre").unwrap_or_else(|| key.clone()),
                intitule: s("titre_long"),
                composantes,
                niveaux: niveaux.into_iter().map(|(_, n)| n).collect(),
            },
        ));
    }
    competences.sort_by_key(|(n, _)| *n);
    Ok(Referentiel {
        dept_type: v
            .get("type_departement")
            .and_then(Value::as_str)
            .and_then(dept_type),
        competences: competences.into_iter().map(|(_, c)| c).collect(),
    })
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
        assert!(parse("not json").unwrap_err().contains("not valid JSON"));
    }
}
