//! The JSON of a framework as ScoDoc 9 serves it (`/api/referentiel_competences`):
//! competences keyed by their `titre`, levels keyed `BUT1`…, apprentissages
//! critiques keyed by their code (`AC11.01`), parcours with `annees`.

use serde_json::Value;

use super::{Dialect, RefParcours, Referentiel, dept_type};
use crate::load::text::one_line;
use crate::model::{Competence, Niveau};

/// Parses the JSON text of a framework.
pub fn parse(text: &str) -> Result<Referentiel, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("it is not valid JSON ({e})"))?;
    let comps = v
        .get("competences")
        .and_then(Value::as_object)
        .ok_or("it has no `competences` object: is it an ORéBUT framework exported by ScoDoc?")?;
    let mut competences: Vec<(i64, Competence)> = Vec::new();
    for (key, c) in comps {
        let s = |k: &str| c.get(k).and_then(Value::as_str).map(one_line);
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
                        (Some(code.clone()), one_line(lib))
                    })
                    .collect();
                acs.sort();
                let niveau = Niveau {
                    niveau: u8::try_from(ordre).unwrap_or(0),
                    intitule: n.get("libelle").and_then(Value::as_str).map(one_line),
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
            .filter_map(|x| x.get("libelle").and_then(Value::as_str).map(one_line))
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
    let mut parcours: Vec<(i64, RefParcours)> = v
        .get("parcours")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(key, p)| {
            let mut annees: Vec<(u8, Vec<(String, u8)>)> = p
                .get("annees")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .filter_map(|(k, a)| {
                    let year = a
                        .get("ordre")
                        .and_then(Value::as_u64)
                        .or_else(|| k.parse().ok())
                        .and_then(|y| u8::try_from(y).ok())?;
                    let levels = a
                        .get("competences")
                        .and_then(Value::as_object)
                        .into_iter()
                        .flatten()
                        .filter_map(|(name, l)| {
                            let level = l.get("niveau").and_then(Value::as_u64)?;
                            Some((name.clone(), u8::try_from(level).ok()?))
                        })
                        .collect();
                    Some((year, levels))
                })
                .collect();
            annees.sort_by_key(|(y, _)| *y);
            let text = |k: &str| p.get(k).and_then(Value::as_str).map(one_line);
            (
                p.get("numero").and_then(Value::as_i64).unwrap_or(0),
                RefParcours {
                    code: text("code").unwrap_or_else(|| key.clone()),
                    libelle: text("libelle").unwrap_or_default(),
                    annees,
                },
            )
        })
        .collect();
    // ScoDoc numbers every parcours 0; the stable sort keeps the file's order then.
    parcours.sort_by_key(|(n, _)| *n);
    let text = |k: &str| v.get(k).and_then(Value::as_str).map(one_line);
    Ok(Referentiel {
        dialect: Dialect::ScodocJson,
        specialite: text("specialite"),
        specialite_long: text("specialite_long"),
        dept_type: v
            .get("type_departement")
            .and_then(Value::as_str)
            .and_then(dept_type),
        competences: competences.into_iter().map(|(_, c)| c).collect(),
        parcours: parcours.into_iter().map(|(_, p)| p).collect(),
    })
}
