//! `maquette new`: a draft curriculum written from a national framework.
//!
//! The framework ([`crate::load::referentiel`]) gives the competences, their
//! levels and apprentissages critiques, and the levels of each parcours in
//! each year. The draft holds them for one parcours and one year, with one UE
//! per competence level and semester, named as the arrêté names them (UE31:
//! semester 3, competence 1). What a framework does not give (the
//! institution, ECTS, teachings and their hours, texts, contacts) is left as
//! comments marked `TO FILL`, which `maquette check` lists one by one
//! (rule `to-fill`).

use std::fmt::Write as _;

use crate::load::formation::{Formation, FormationTeaching};
use crate::load::referentiel::{RefParcours, Referentiel};
use crate::load::text::{fold, yaml_quoted as quoted};
use crate::load::to_fill::MARK;
use crate::model::DeptType;

/// What the user asked for.
#[derive(Debug, Clone)]
pub struct Request {
    /// The parcours, as the user names it (`SCN2D`): the framework's code,
    /// or an abbreviation of its name.
    pub parcours: String,
    /// BUT year, 1 to 3.
    pub year: u8,
    /// The framework's file name, for the draft's header.
    pub source: String,
}

/// Why no draft could be written, in words for the user.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DraftError {
    #[error("the BUT has three years: year {0} does not exist")]
    NoSuchYear(u8),
    #[error("the framework has no parcours `{asked}`; it has: {known}")]
    UnknownParcours { asked: String, known: String },
    #[error("`{asked}` could be several parcours of the framework: {candidates}; write its code")]
    AmbiguousParcours { asked: String, candidates: String },
    #[error(
        "the framework's parcours {parcours} names a competence `{competence}` it does not define"
    )]
    UnknownCompetence {
        parcours: String,
        competence: String,
    },
    #[error("the framework gives parcours {parcours} no competence level in year {year}")]
    NoLevels { parcours: String, year: u8 },
}

/// Finds the parcours the user means: by code (case and accents aside),
/// else by the initials of its name (`SCNDE`, `SCN2D` for "Stratégie de
/// communication numérique et design d'expérience").
pub fn choose_parcours<'a>(r: &'a Referentiel, asked: &str) -> Result<&'a RefParcours, DraftError> {
    let wanted = fold(asked);
    if let Some(p) = r.parcours.iter().find(|p| fold(&p.code) == wanted) {
        return Ok(p);
    }
    let matching: Vec<&RefParcours> = r
        .parcours
        .iter()
        .filter(|p| abbreviates(asked, &p.libelle))
        .collect();
    match matching.as_slice() {
        [one] => Ok(one),
        [] => Err(DraftError::UnknownParcours {
            asked: asked.to_string(),
            known: list(r.parcours.iter()),
        }),
        many => Err(DraftError::AmbiguousParcours {
            asked: asked.to_string(),
            candidates: list(many.iter().copied()),
        }),
    }
}

fn list<'a>(ps: impl Iterator<Item = &'a RefParcours>) -> String {
    let all: Vec<String> = ps.map(|p| format!("{} ({})", p.code, p.libelle)).collect();
    if all.is_empty() {
        "none".into()
    } else {
        all.join(", ")
    }
}

/// Whether `abbreviation` is made of the initials of `name`'s words, in
/// order, starting with the first word; a digit repeats the letter after it
/// (`2D` is `DD`). Elided articles count as words (`d'expérience` gives `D`
/// and `E`), and a word may be skipped (`de`, `et`).
fn abbreviates(abbreviation: &str, name: &str) -> bool {
    let mut letters = Vec::new();
    let mut repeat = 1;
    for c in fold(abbreviation).chars() {
        if let Some(d) = c.to_digit(10) {
            repeat = d.max(1);
        } else {
            letters.extend(std::iter::repeat_n(c, repeat as usize));
            repeat = 1;
        }
    }
    let initials: Vec<char> = deunicode::deunicode(name)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter_map(|w| w.chars().next())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if letters.len() < 2 || initials.first() != letters.first() {
        return false;
    }
    let mut rest = initials.iter();
    letters.iter().all(|l| rest.any(|i| i == l))
}

/// The draft curriculum's YAML text; with a référentiel de formation, each
/// UE lists the ressources and SAÉ of its semester that serve its
/// competence, with the national hours and coefficients it gives.
pub fn curriculum(
    r: &Referentiel,
    formation: Option<&Formation>,
    request: &Request,
) -> Result<String, DraftError> {
    if !(1..=3).contains(&request.year) {
        return Err(DraftError::NoSuchYear(request.year));
    }
    let parcours = choose_parcours(r, &request.parcours)?;
    if let Some(unknown) = r.unknown_competence(parcours) {
        return Err(DraftError::UnknownCompetence {
            parcours: parcours.code.clone(),
            competence: unknown.to_string(),
        });
    }
    let levels = r.levels(parcours, request.year);
    if levels.is_empty() {
        return Err(DraftError::NoLevels {
            parcours: parcours.code.clone(),
            year: request.year,
        });
    }
    // The user's own code for the parcours (SCN2D), unless it is the
    // framework's in another case.
    let code = if fold(&request.parcours) == fold(&parcours.code) {
        parcours.code.as_str()
    } else {
        request.parcours.trim()
    };
    let mut y = String::new();
    let w = &mut y;
    let _ = writeln!(
        w,
        "# Draft curriculum written by `maquette new` from {} ({}),",
        request.source,
        r.dialect.describe()
    );
    let _ = writeln!(
        w,
        "# parcours {} \"{}\", BUT {}.",
        parcours.code, parcours.libelle, request.year
    );
    let _ = writeln!(
        w,
        "# What the framework does not give is left as comments marked {MARK}:"
    );
    let _ = writeln!(
        w,
        "# `maquette check` on this file lists each of them; remove the mark once done."
    );
    let _ = writeln!(w, "formation:");
    let _ = writeln!(w, "  # {MARK} etablissement: the university");
    let _ = writeln!(w, "  # {MARK} composante: the IUT");
    let _ = writeln!(w, "  # {MARK} departement: the department");
    let specialite = r.specialite.as_deref().unwrap_or("");
    let mention = r.specialite_long.as_deref().unwrap_or(specialite);
    let _ = writeln!(w, "  mention: {}", quoted(&mention.to_uppercase()));
    let _ = writeln!(w, "  specialite: {}", quoted(specialite));
    match r.dept_type {
        Some(DeptType::Secondaire) => {
            let _ = writeln!(w, "  type_departement: secondaire");
        }
        Some(DeptType::Tertiaire) => {
            let _ = writeln!(w, "  type_departement: tertiaire");
        }
        None => {
            let _ = writeln!(
                w,
                "  # {MARK} type_departement: secondaire (2000 h) or tertiaire (1800 h)"
            );
        }
    }
    let _ = writeln!(
        w,
        "  evaluation: CC  # contrôle continu intégral (arrêté of 15 April 2022, annexe 1 §4.1)"
    );
    let _ = writeln!(
        w,
        "  # {MARK} annee_universitaire: the academic year, as 2026-2027"
    );
    let _ = writeln!(w, "  # {MARK} regime: initiale or alternance");
    let _ = writeln!(w);
    let _ = writeln!(w, "# {MARK} contacts: the people to contact, as");
    let _ = writeln!(
        w,
        "#   - {{ role: Responsable de formation, nom: …, courriel: … }}"
    );
    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "# {MARK} textes: objectifs, debouches, competences_acquises, acces, schema_general, mcc"
    );
    let _ = writeln!(w);
    let _ = writeln!(w, "parcours:");
    let _ = writeln!(w, "  - code: {}", quoted(code));
    let _ = writeln!(w, "    nom: {}", quoted(&parcours.libelle));
    if fold(code) != fold(&parcours.code) {
        let _ = writeln!(
            w,
            "    # the framework's code for this parcours is {}",
            parcours.code
        );
    }
    let _ = writeln!(
        w,
        "    # {MARK} rncp, nsf, formacodes: the parcours's RNCP record"
    );
    let _ = writeln!(w);
    let _ = writeln!(w, "competences:");
    for &(at, level) in &levels {
        let c = &r.competences[at];
        let _ = writeln!(w, "  - code: {}", quoted(&c.code));
        let _ = writeln!(w, "    nom: {}", quoted(&c.nom));
        if let Some(i) = &c.intitule {
            let _ = writeln!(w, "    intitule: {}", quoted(i));
        }
        if !c.composantes.is_empty() {
            let _ = writeln!(w, "    composantes:");
            for x in &c.composantes {
                let _ = writeln!(w, "      - {}", quoted(x));
            }
        }
        let _ = writeln!(w, "    niveaux:");
        for n in c.niveaux.iter().filter(|n| n.niveau == level) {
            let _ = writeln!(w, "      - niveau: {}", n.niveau);
            if let Some(i) = &n.intitule {
                let _ = writeln!(w, "        intitule: {}", quoted(i));
            }
            let _ = writeln!(w, "        apprentissages:");
            for (code, libelle) in &n.apprentissages {
                match code {
                    Some(code) => {
                        let _ = writeln!(
                            w,
                            "          - {{ code: {}, libelle: {} }}",
                            quoted(code),
                            quoted(libelle)
                        );
                    }
                    None => {
                        let _ = writeln!(w, "          - {{ libelle: {} }}", quoted(libelle));
                    }
                }
            }
        }
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "semestres:");
    for semester in [2 * request.year - 1, 2 * request.year] {
        let _ = writeln!(w, "  - numero: {semester}");
        let _ = writeln!(w, "    ues:");
        for &(at, level) in &levels {
            let c = &r.competences[at];
            let intitule = c
                .niveaux
                .iter()
                .find(|n| n.niveau == level)
                .and_then(|n| n.intitule.as_deref());
            let _ = writeln!(w, "      - code: UE{semester}{}", at + 1);
            if let Some(i) = intitule {
                let _ = writeln!(w, "        intitule: {}", quoted(i));
            }
            let _ = writeln!(w, "        competence: {}", quoted(&c.code));
            let _ = writeln!(w, "        niveau: {level}");
            let _ = writeln!(
                w,
                "        # {MARK} ects: the credits of UE{semester}{} (the UEs of S{semester} add up to 30)",
                at + 1
            );
            let national: Vec<&FormationTeaching> = formation
                .map(|f| f.serving(semester, &c.code).collect())
                .unwrap_or_default();
            for (key, sae) in [("ressources", false), ("saes", true)] {
                let rows: Vec<&&FormationTeaching> = national
                    .iter()
                    .filter(|t| t.kind.is_sae_pole() == sae)
                    .collect();
                if rows.is_empty() {
                    let example = if sae {
                        format!(
                            "{{ code: SAE{semester}01, nom: …, td: …, projet: …, total: …, coef: … }}"
                        )
                    } else {
                        format!(
                            "{{ code: R{semester}01, nom: …, td: …, tp: …, total: …, coef: … }}"
                        )
                    };
                    let _ = writeln!(
                        w,
                        "        # {MARK} {key} of UE{semester}{}: one row each, as {example}",
                        at + 1
                    );
                    continue;
                }
                let _ = writeln!(w, "        {key}:");
                for t in rows {
                    let _ = writeln!(w, "{}", national_row(t, &c.code));
                }
            }
        }
    }
    Ok(y)
}

/// A UE row for a teaching of the national programme: what it gives, and
/// a placeholder for what it does not.
fn national_row(t: &FormationTeaching, competence: &str) -> String {
    let mut cells = vec![
        format!("code: {}", quoted(&t.code)),
        format!("nom: {}", quoted(&t.titre)),
    ];
    if t.kind == crate::model::Kind::Portfolio {
        cells.push("type: portfolio".into());
    }
    let mut missing = Vec::new();
    match (t.total, t.tp) {
        (Some(total), tp) => {
            if let Some(tp) = tp {
                cells.push(format!("tp: {tp}"));
            }
            cells.push(format!("total: {total}"));
            missing.push("the CM / TD split of the hours");
        }
        (None, _) => missing.push("hours"),
    }
    if let Some(p) = t.projet {
        cells.push(format!("projet: {p}"));
    }
    match t
        .competences
        .iter()
        .find(|(c, _)| c == competence)
        .and_then(|(_, k)| *k)
    {
        Some(k) => cells.push(format!("coef: {k}")),
        None => missing.push("coefficient"),
    }
    format!(
        "          - {{ {} }}  # {MARK} {} of {} (the national programme gives none)",
        cells.join(", "),
        missing.join(", "),
        t.code
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::referentiel::RefParcours;

    fn framework(names: &[(&str, &str)]) -> Referentiel {
        Referentiel {
            parcours: names
                .iter()
                .map(|(code, libelle)| RefParcours {
                    code: code.to_string(),
                    libelle: libelle.to_string(),
                    annees: Vec::new(),
                })
                .collect(),
            ..Referentiel::default()
        }
    }

    #[test]
    fn a_parcours_is_found_by_its_code_or_the_initials_of_its_name() {
        let r = framework(&[
            ("Créa", "Création Numérique"),
            (
                "Strat-UX",
                "Stratégie de communication numérique et design d’expérience",
            ),
            ("DWeb-DI", "Développement web et dispositifs interactifs"),
        ]);
        assert_eq!(choose_parcours(&r, "strat-ux").unwrap().code, "Strat-UX");
        assert_eq!(choose_parcours(&r, "CREA").unwrap().code, "Créa");
        assert_eq!(choose_parcours(&r, "SCN2D").unwrap().code, "Strat-UX");
        assert_eq!(choose_parcours(&r, "SCNDE").unwrap().code, "Strat-UX");
        assert_eq!(choose_parcours(&r, "DWDI").unwrap().code, "DWeb-DI");
        assert_eq!(choose_parcours(&r, "CN").unwrap().code, "Créa");
    }

    #[test]
    fn an_unknown_parcours_lists_the_framework_s_parcours() {
        let r = framework(&[("CN", "Création Numérique"), ("DWDI", "Développement web")]);
        assert_eq!(
            choose_parcours(&r, "XYZ").unwrap_err().to_string(),
            "the framework has no parcours `XYZ`; it has: CN (Création Numérique), DWDI (Développement web)"
        );
    }

    #[test]
    fn initials_that_fit_two_parcours_ask_for_the_code() {
        let r = framework(&[
            ("A", "Réseaux et télécoms"),
            ("B", "Réseaux et territoires"),
        ]);
        assert!(matches!(
            choose_parcours(&r, "RT"),
            Err(DraftError::AmbiguousParcours { .. })
        ));
    }

    #[test]
    fn text_with_quotes_and_backslashes_stays_one_yaml_scalar() {
        assert_eq!(quoted("l'\"x\"\\"), r#""l'\"x\"\\""#);
    }
}
