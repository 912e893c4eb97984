//! ORéBUT's XML export of a framework, in both of its dialects:
//!
//! - the early one (2021): `<competence name="Comprendre" numero="1"
//!   libelle_long="…">`, levels `<niveau ordre="1" libelle="…">`, AC codes
//!   `AC1101`; its parcours list `<competence nom="…" niveau="1"/>` under
//!   `<annee ordre="1">`, sometimes written `<niveau nom="…" niveau="1"/>`
//!   (the MMI file does so for one parcours);
//! - the later one: `<competence nom_court="…" id="…">`, levels with
//!   `annee="BUT1"`, AC codes `AC11.01`, and the root's `type_departement`;
//!   its parcours may point at competences by `id` as well as by name.

use roxmltree::Document;

use super::{Dialect, RefParcours, Referentiel, dept_type};
use crate::load::text::one_line;
use crate::load::xml::{children, text_of};
use crate::model::{Competence, Niveau};

/// Parses the XML text of a framework.
pub fn parse(text: &str) -> Result<Referentiel, String> {
    let doc = Document::parse(text).map_err(|e| format!("it is not well-formed XML ({e})"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "referentiel_competence" {
        return Err(format!(
            "its root element is <{}>, not <referentiel_competence>: is it an ORéBUT competence framework?",
            root.tag_name().name()
        ));
    }
    let mut later = root.attribute("type_departement").is_some();
    // (competence code, the id the parcours may use), in the file's order.
    let mut ids: Vec<(String, String)> = Vec::new();
    let mut competences: Vec<(i64, Competence)> = Vec::new();
    for (i, c) in children(root, "competences")
        .flat_map(|cs| children(cs, "competence"))
        .enumerate()
    {
        later |= c.attribute("nom_court").is_some();
        let code = c
            .attribute("nom_court")
            .or_else(|| c.attribute("name"))
            .or_else(|| c.attribute("nom"))
            .map(one_line)
            .ok_or_else(|| format!("competence {} has no name (`nom_court=` or `name=`)", i + 1))?;
        if let Some(id) = c.attribute("id") {
            ids.push((code.clone(), id.to_string()));
        }
        let composantes = children(c, "composantes_essentielles")
            .flat_map(|x| children(x, "composante"))
            .map(|x| text_of(x))
            .collect();
        let mut niveaux: Vec<Niveau> = children(c, "niveaux")
            .flat_map(|x| children(x, "niveau"))
            .map(|n| {
                let ordre = n
                    .attribute("ordre")
                    .and_then(|o| o.trim().parse().ok())
                    .or_else(|| {
                        n.attribute("annee")
                            .and_then(|a| a.trim().trim_start_matches("BUT").parse().ok())
                    })
                    .unwrap_or(0);
                Niveau {
                    niveau: ordre,
                    intitule: n.attribute("libelle").map(one_line),
                    apprentissages: children(n, "acs")
                        .flat_map(|x| children(x, "ac"))
                        .map(|a| (a.attribute("code").map(one_line), text_of(a)))
                        .collect(),
                }
            })
            .collect();
        niveaux.sort_by_key(|n| n.niveau);
        competences.push((
            c.attribute("numero")
                .and_then(|n| n.trim().parse().ok())
                .unwrap_or(i64::MAX),
            Competence {
                nom: code.clone(),
                code,
                intitule: c.attribute("libelle_long").map(one_line),
                composantes,
                niveaux,
            },
        ));
    }
    if competences.is_empty() {
        return Err("it lists no <competence> under <competences>".into());
    }
    competences.sort_by_key(|(n, _)| *n);
    let competences: Vec<Competence> = competences.into_iter().map(|(_, c)| c).collect();

    let mut parcours = Vec::new();
    for p in children(root, "parcours").flat_map(|x| children(x, "parcour")) {
        let mut annees: Vec<(u8, Vec<(String, u8)>)> = Vec::new();
        for a in children(p, "annee") {
            let Some(year) = a.attribute("ordre").and_then(|o| o.trim().parse().ok()) else {
                continue;
            };
            let mut levels = Vec::new();
            // `<niveau nom=… niveau=…/>` is the early file's slip for `<competence …/>`.
            for l in a
                .children()
                .filter(|n| matches!(n.tag_name().name(), "competence" | "niveau"))
            {
                let Some(level) = l.attribute("niveau").and_then(|n| n.trim().parse().ok()) else {
                    continue;
                };
                let named = l
                    .attribute("nom")
                    .or_else(|| l.attribute("nom_court"))
                    .map(one_line);
                let by_id = l
                    .attribute("id")
                    .and_then(|id| ids.iter().find(|(_, i)| i == id))
                    .map(|(code, _)| code.clone());
                if let Some(code) = named.or(by_id) {
                    levels.push((code, level));
                }
            }
            levels.sort_by_key(|(code, _)| competences.iter().position(|c| &c.code == code));
            annees.push((year, levels));
        }
        annees.sort_by_key(|(y, _)| *y);
        parcours.push(RefParcours {
            code: p.attribute("code").map(one_line).unwrap_or_default(),
            libelle: p.attribute("libelle").map(one_line).unwrap_or_default(),
            annees,
        });
    }
    Ok(Referentiel {
        dialect: if later {
            Dialect::OrebutXml
        } else {
            Dialect::OrebutEarlyXml
        },
        specialite: root.attribute("specialite").map(one_line),
        specialite_long: root.attribute("specialite_long").map(one_line),
        dept_type: root.attribute("type_departement").and_then(dept_type),
        competences,
        parcours,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const REAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/real");

    fn early() -> Referentiel {
        let text = std::fs::read_to_string(format!("{REAL}/orebut-MMI-2021-05-early-dialect.xml"))
            .unwrap();
        parse(&text).unwrap()
    }

    #[test]
    fn the_early_mmi_file_reads_as_the_source_writes_it() {
        let r = early();
        assert_eq!(r.dialect, Dialect::OrebutEarlyXml);
        assert_eq!(r.specialite.as_deref(), Some("MMI"));
        assert_eq!(r.dept_type, None, "the early dialect does not say");
        let codes: Vec<&str> = r.competences.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "Comprendre",
                "Concevoir",
                "Exprimer",
                "Développer",
                "Entreprendre"
            ]
        );
        let comprendre = &r.competences[0];
        assert_eq!(comprendre.composantes.len(), 5);
        let acs: Vec<&str> = comprendre.niveaux[0]
            .apprentissages
            .iter()
            .map(|(c, _)| c.as_deref().unwrap())
            .collect();
        assert_eq!(
            acs,
            [
                "AC1101", "AC1102", "AC1103", "AC1104", "AC1105", "AC1106", "AC1107"
            ]
        );
        assert_eq!(
            comprendre.niveaux[0].apprentissages[0].1,
            "Appréhender un contexte économique, sociologique, culturel, juridique, technologique, communicationnel et médiatique"
        );
        assert_eq!(
            comprendre.niveaux[1].intitule.as_deref(),
            Some("Comprend la stratégie de communication et l’expérience utilisateur")
        );
    }

    #[test]
    fn the_early_file_s_slip_of_niveau_for_competence_in_a_parcours_is_read() {
        let r = early();
        let scnde = r.parcours.iter().find(|p| p.code == "SCNDE").unwrap();
        let year1 = &scnde.annees[0];
        assert_eq!(year1.0, 1);
        assert_eq!(
            year1.1.len(),
            5,
            "written <niveau nom=… niveau=…/> in the file"
        );
        assert_eq!(
            r.levels(scnde, 3),
            [(1, 3), (4, 3)],
            "Concevoir and Entreprendre in year 3"
        );
    }

    #[test]
    fn a_file_that_is_not_a_framework_says_what_its_root_is() {
        let err = parse("<maquette/>").unwrap_err();
        assert!(err.contains("root element is <maquette>"), "{err}");
        let err =
            parse("<referentiel_competence><competences/></referentiel_competence>").unwrap_err();
        assert!(err.contains("no <competence>"), "{err}");
    }
}
