//! ORéBUT's référentiel de formation (XML): for each semester, its
//! ressources and SAÉ with their titles, national hours and the
//! competences they serve, each with a coefficient.
//!
//! The file names hours `heuresCMTD` (which holds the total of the
//! teaching's hours, CM, TD and TP together, not CM + TD alone), `heuresTP`
//! (the TP part of it) and, for a SAÉ, `heuresPtut` (projet tutoré). The
//! public MMI file of 2021 has every hour and coefficient at 0: they are
//! read as "not given".

use roxmltree::{Document, Node};

use super::xml::{children, text_of};

use crate::model::Kind;
use crate::model::num::Num;

/// A référentiel de formation.
#[derive(Debug, Default)]
pub struct Formation {
    pub semesters: Vec<FormationSemester>,
}

#[derive(Debug)]
pub struct FormationSemester {
    pub number: u8,
    /// SAÉ first, then ressources, in the file's order.
    pub teachings: Vec<FormationTeaching>,
}

/// A ressource or SAÉ of the national programme.
#[derive(Debug)]
pub struct FormationTeaching {
    pub code: String,
    pub titre: String,
    pub kind: Kind,
    /// Total hours (`heuresCMTD`), when not 0.
    pub total: Option<Num>,
    /// Of which TP (`heuresTP`), when not 0.
    pub tp: Option<Num>,
    /// Projet tutoré (`heuresPtut`), when not 0.
    pub projet: Option<Num>,
    /// The competences it serves (by name), each with its coefficient when not 0.
    pub competences: Vec<(String, Option<Num>)>,
}

impl Formation {
    /// The teachings of semester `n` that serve `competence`.
    pub fn serving<'a>(
        &'a self,
        n: u8,
        competence: &'a str,
    ) -> impl Iterator<Item = &'a FormationTeaching> {
        self.semesters
            .iter()
            .filter(move |s| s.number == n)
            .flat_map(|s| &s.teachings)
            .filter(move |t| t.competences.iter().any(|(c, _)| c == competence))
    }
}

/// Loads a référentiel de formation; the error says what is wrong.
pub fn load(path: &std::path::Path) -> Result<Formation, String> {
    let bytes = match super::read_bounded(path) {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(super::Refused::NotAFile)) => return Err("it is not a regular file".into()),
        Ok(Err(super::Refused::TooLarge)) => return Err("it is far larger than a programme".into()),
        Err(e) => return Err(format!("cannot read it ({e})")),
    };
    let text = String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string())?;
    parse(&text)
}

/// Parses the XML text of a référentiel de formation.
pub fn parse(text: &str) -> Result<Formation, String> {
    let doc = Document::parse(text.trim_start_matches('\u{feff}'))
        .map_err(|e| format!("it is not well-formed XML ({e})"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "referentiel_formation" {
        return Err(format!(
            "its root element is <{}>, not <referentiel_formation>: is it an ORéBUT référentiel de formation?",
            root.tag_name().name()
        ));
    }
    let hours = |n: Node, name: &str| {
        n.attribute(name)
            .and_then(|h| Num::parse(h.trim()))
            .filter(|h| !h.is_zero())
    };
    let mut semesters = Vec::new();
    for s in children(root, "semestre") {
        let Some(number) = s.attribute("numero").and_then(|n| n.trim().parse().ok()) else {
            continue;
        };
        let mut teachings = Vec::new();
        for (group, item, kind) in [
            ("saes", "sae", Kind::Sae),
            ("ressources", "ressource", Kind::Ressource),
        ] {
            for t in children(s, group).flat_map(|g| children(g, item)) {
                let Some(code) = t.attribute("code").map(str::trim).filter(|c| !c.is_empty())
                else {
                    continue;
                };
                let titre = children(t, "titre").next().map(text_of).unwrap_or_default();
                let competences = children(t, "competences")
                    .flat_map(|c| children(c, "competence"))
                    .filter_map(|c| {
                        let name = c.attribute("nom")?.trim().to_string();
                        Some((name, hours(c, "coefficient")))
                    })
                    .collect();
                teachings.push(FormationTeaching {
                    code: code.to_string(),
                    titre,
                    kind: if kind == Kind::Sae && titre_is_portfolio(t) {
                        Kind::Portfolio
                    } else {
                        kind
                    },
                    total: hours(t, "heuresCMTD"),
                    tp: hours(t, "heuresTP"),
                    projet: hours(t, "heuresPtut"),
                    competences,
                });
            }
        }
        semesters.push(FormationSemester { number, teachings });
    }
    if semesters.is_empty() {
        return Err("it lists no <semestre numero=…>".into());
    }
    Ok(Formation { semesters })
}

fn titre_is_portfolio(t: Node) -> bool {
    children(t, "titre")
        .next()
        .and_then(|x| x.text())
        .is_some_and(|x| x.trim().to_lowercase().starts_with("portfolio"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mmi_formation_reads_as_the_source_writes_it() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/real/orebut-formation-MMI.xml"
        ))
        .unwrap();
        let f = parse(&text).unwrap();
        let numbers: Vec<u8> = f.semesters.iter().map(|s| s.number).collect();
        assert_eq!(numbers, [1, 2]);
        let s1 = &f.semesters[0];
        assert_eq!(
            s1.teachings
                .iter()
                .filter(|t| t.kind != Kind::Ressource)
                .count(),
            7
        );
        assert_eq!(
            s1.teachings
                .iter()
                .filter(|t| t.kind == Kind::Ressource)
                .count(),
            17
        );
        let sae105 = s1.teachings.iter().find(|t| t.code == "SAE105").unwrap();
        assert_eq!(sae105.titre, "Produire un site Web");
        assert_eq!(sae105.competences, [("Développer".to_string(), None)]);
        assert_eq!(sae105.total, None, "the file gives 0 hours");
        let r117: Vec<&str> = f
            .serving(1, "Entreprendre")
            .map(|t| t.code.as_str())
            .collect();
        assert!(r117.contains(&"R117"), "{r117:?}");
        assert_eq!(
            s1.teachings
                .iter()
                .find(|t| t.code == "SAE110")
                .map(|t| t.kind),
            Some(Kind::Portfolio)
        );
    }

    #[test]
    fn a_competence_framework_is_not_a_formation() {
        let err = parse("<referentiel_competence/>").unwrap_err();
        assert!(err.contains("not <referentiel_formation>"), "{err}");
    }
}
