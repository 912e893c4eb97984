//! The view of a CEVE/CFVU deliberation and its three annexes (seed 004):
//! annexe 1 (structure générale), annexe 2 (volumes horaires with the X matrix
//! of UE groupings), annexe 3 (coefficients and ECTS). Every total is computed
//! from the model, never copied from the source.

use serde::Serialize;

use crate::model::Regime;
use crate::model::num::Num;
use crate::model::{Curriculum, Hours, Pole, Semester, coef_value};
use crate::render::views::booklet::{HoursView, MetaView, fr};

/// An article of the régime des études.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    pub titre: String,
    /// As written (a small Markdown: `src/render/rich.rs`).
    pub texte: String,
    pub sections: Vec<ArticleView>,
}

/// A cell of annexe 1: the level a parcours develops in a semester.
#[derive(Debug, Clone, Serialize)]
pub struct StructureCell {
    pub ue: String,
    pub niveau: String,
}

/// Annexe 1 for one parcours.
#[derive(Debug, Clone, Serialize)]
pub struct StructureView {
    pub parcours: String,
    /// One row per competence: its name and a cell per semester (None: "–").
    pub rows: Vec<(String, Vec<Option<StructureCell>>)>,
}

/// A row of annexe 2.
#[derive(Debug, Clone, Serialize)]
pub struct HoursRowView {
    pub nom: String,
    pub marks: Vec<bool>,
    pub hours: HoursView,
    /// Hours with projet.
    pub total: String,
    /// What the source printed, when its total was wrong.
    pub total_note: String,
    pub weeks: String,
}

/// Annexe 2 for one semester block.
#[derive(Debug, Clone, Serialize)]
pub struct HoursAnnexView {
    pub numero: u8,
    pub parcours: String,
    pub regime: String,
    /// Column headers: competence and level, set on two lines.
    pub columns: Vec<LevelHead>,
    pub saes: Vec<HoursRowView>,
    pub ressources: Vec<HoursRowView>,
    pub total: HoursView,
    pub total_with_projet: String,
}

/// A UE of annexe 3.
#[derive(Debug, Clone, Serialize)]
pub struct CoefUeView {
    pub code: String,
    pub competence: String,
    pub niveau: String,
    pub ressources: Vec<(String, String)>,
    pub total_ressources: String,
    pub saes: Vec<(String, String)>,
    pub total_saes: String,
    pub ects: String,
}

/// Annexe 3 for one semester block.
#[derive(Debug, Clone, Serialize)]
pub struct CoefAnnexView {
    pub numero: u8,
    pub parcours: String,
    pub regime: String,
    pub ues: Vec<CoefUeView>,
}

/// Everything the deliberation template reads.
#[derive(Debug, Clone, Serialize)]
pub struct DeliberationView {
    pub meta: MetaView,
    pub etablissement: String,
    pub composante: String,
    pub adresse: String,
    /// The letterhead's last line: address, telephone, fax, web site (those
    /// the curriculum gives), as the seed prints it.
    pub coordonnees: String,
    pub mention: String,
    /// The mention under the object, unless the object already names it.
    pub mention_titre: String,
    pub conseil: String,
    pub seance: String,
    pub numero: String,
    pub objet: String,
    pub annee_universitaire: String,
    pub visas: Vec<String>,
    pub preambule: String,
    pub articles: Vec<ArticleView>,
    pub votants: u32,
    pub pour: u32,
    pub contre: u32,
    pub abstentions: u32,
    pub signataire_qualite: String,
    pub signataire_nom: String,
    pub annexe1: Vec<StructureView>,
    pub annexe2: Vec<HoursAnnexView>,
    pub annexe3: Vec<CoefAnnexView>,
    pub stamp: Option<String>,
}

fn article(a: &crate::model::Article) -> ArticleView {
    ArticleView {
        titre: a.titre.clone(),
        texte: a.texte.clone().unwrap_or_default(),
        sections: a.sections.iter().map(article).collect(),
    }
}

fn parcours_label(c: &Curriculum, s: &Semester) -> String {
    if s.parcours.len() == c.parcours.len() {
        return String::new();
    }
    c.parcours
        .iter()
        .filter(|p| s.parcours.contains(&p.code))
        .map(|p| format!("Parcours {} « {} »", p.code, p.nom))
        .collect::<Vec<_>>()
        .join(", ")
}

fn regime_label(s: &Semester) -> String {
    if s.regime == Some(Regime::Alternance) {
        "Apprentissage".into()
    } else {
        String::new()
    }
}

/// A column of annexe 2: the competence, and its level ("Niveau 3").
#[derive(Debug, Clone, Serialize)]
pub struct LevelHead {
    pub competence: String,
    pub niveau: String,
}

fn level_label(c: &Curriculum, ci: Option<usize>, level: u8) -> LevelHead {
    LevelHead {
        competence: ci.map(|i| c.competences[i].nom.clone()).unwrap_or_default(),
        niveau: format!("Niveau {level}"),
    }
}

fn annexe1(c: &Curriculum) -> Vec<StructureView> {
    c.parcours
        .iter()
        .map(|p| {
            // The table as voted (`structure:`) when the document gives one:
            // `check` reports where it and the semesters disagree
            // (`structure-mismatch`), the annex prints it.
            let annex = c.structure.iter().find(|a| a.parcours.value == p.code);
            let rows = c
                .competences
                .iter()
                .enumerate()
                .map(|(ci, comp)| {
                    let voted =
                        annex.and_then(|a| a.rows.iter().find(|r| r.competence.value == ci));
                    let cells = (1..=6u8)
                        .map(|n| {
                            let ue = c
                                .semesters_of(&p.code)
                                .filter(|s| s.number.value == n)
                                .flat_map(|s| &s.ues)
                                .find(|u| u.competence == Some(ci));
                            let code = match voted {
                                Some(row) => row.ues.get(usize::from(n - 1))?.value.clone()?,
                                None => ue?.code.value.clone(),
                            };
                            // The level is the semester's UE's; a code the
                            // semesters do not have prints alone.
                            let niveau = ue.map(|u| {
                                let intitule = comp
                                    .niveaux
                                    .iter()
                                    .find(|lv| lv.niveau == u.level.value)
                                    .and_then(|lv| lv.intitule.clone())
                                    .unwrap_or_default();
                                format!("Niveau {} — {intitule}", u.level.value)
                            });
                            Some(StructureCell {
                                ue: format!("{code} S{n}"),
                                niveau: niveau.unwrap_or_default(),
                            })
                        })
                        .collect();
                    (comp.nom.clone(), cells)
                })
                .collect();
            StructureView {
                parcours: if p.code.is_empty() {
                    String::new()
                } else {
                    format!("Parcours {} « {} »", p.code, p.nom)
                },
                rows,
            }
        })
        .collect()
}

fn annexe2(c: &Curriculum) -> Vec<HoursAnnexView> {
    c.semesters
        .iter()
        .map(|s| {
            let row = |t: usize| -> HoursRowView {
                let teaching = &s.teachings[t];
                let marked: Vec<usize> = match &teaching.marks {
                    Some(m) => m.iter().map(|m| m.value).collect(),
                    None => s.coefficients(t).into_iter().map(|(u, _, _)| u).collect(),
                };
                let h = s.teaching_hours(t);
                HoursRowView {
                    nom: teaching.name.clone(),
                    marks: (0..s.ues.len()).map(|u| marked.contains(&u)).collect(),
                    hours: HoursView::sparse(h),
                    total: if h.with_projet().is_zero() {
                        String::new()
                    } else {
                        fr(h.with_projet())
                    },
                    total_note: super::booklet::total_note(teaching.hours.as_ref()),
                    weeks: teaching
                        .hours
                        .as_ref()
                        .and_then(|h| h.weeks.as_ref())
                        // A name that already says its weeks is not told twice.
                        .filter(|_| !teaching.name.to_lowercase().contains("semaine"))
                        .map(|w| {
                            if w.value.min == w.value.max {
                                format!("{} semaines", w.value.min.fr())
                            } else {
                                format!("{} à {} semaines", w.value.min.fr(), w.value.max.fr())
                            }
                        })
                        .unwrap_or_default(),
                }
            };
            let of = |pole: Pole| {
                (0..s.teachings.len())
                    .filter(|&t| s.teachings[t].pole() == pole)
                    .map(row)
                    .collect::<Vec<_>>()
            };
            let total: Hours = (0..s.teachings.len()).map(|t| s.teaching_hours(t)).sum();
            HoursAnnexView {
                numero: s.number.value,
                parcours: parcours_label(c, s),
                regime: regime_label(s),
                columns: s
                    .ues
                    .iter()
                    .map(|u| level_label(c, u.competence, u.level.value))
                    .collect(),
                saes: of(Pole::Saes),
                ressources: of(Pole::Ressources),
                total: HoursView::full(total),
                total_with_projet: fr(total.with_projet()),
            }
        })
        .collect()
}

fn annexe3(c: &Curriculum) -> Vec<CoefAnnexView> {
    c.semesters
        .iter()
        .map(|s| CoefAnnexView {
            numero: s.number.value,
            parcours: parcours_label(c, s),
            regime: regime_label(s),
            ues: s
                .ues
                .iter()
                .enumerate()
                .map(|(ui, u)| {
                    // In the order the UE lists them, then coefficients written on teaching rows.
                    let list = |pole: Pole| -> Vec<(String, String)> {
                        let coef = |c: Option<Num>| c.map(Num::fr).unwrap_or_else(|| "-".into());
                        let rows = u.rows.iter().filter(|r| r.pole == pole).map(|r| {
                            let name = r.name.as_ref().map_or_else(
                                || s.teachings[r.teaching].name.clone(),
                                |n| n.value.clone(),
                            );
                            (
                                name,
                                coef(r.coef.as_ref().and_then(|c| coef_value(c.value))),
                            )
                        });
                        let own = s
                            .teachings
                            .iter()
                            .filter(|t| t.pole() == pole)
                            .flat_map(|t| {
                                t.row_coefs
                                    .iter()
                                    .filter(|(x, _)| *x == ui)
                                    .map(|(_, c)| (t.name.clone(), coef(coef_value(c.value))))
                            });
                        rows.chain(own).collect()
                    };
                    let comp = u
                        .competence
                        .map(|i| c.competences[i].nom.clone())
                        .unwrap_or_default();
                    CoefUeView {
                        code: u.code.value.clone(),
                        competence: comp,
                        niveau: format!("Niveau {}", u.level.value),
                        ressources: list(Pole::Ressources),
                        total_ressources: u.pole_coef(s, ui, Pole::Ressources).fr(),
                        saes: list(Pole::Saes),
                        total_saes: u.pole_coef(s, ui, Pole::Saes).fr(),
                        ects: u.ects.as_ref().map(|e| e.value.fr()).unwrap_or_default(),
                    }
                })
                .collect(),
        })
        .collect()
}

/// The view of a curriculum's deliberation, when it has one.
pub fn deliberation(c: &Curriculum, stamp: Option<String>) -> Option<DeliberationView> {
    let d = c.deliberation.as_ref()?;
    let f = &c.formation;
    Some(DeliberationView {
        meta: MetaView {
            title: format!("Délibération {} — {}", d.numero, d.objet),
            author: d.conseil.clone(),
            subject: format!(
                "Régime des études et contrôle des connaissances — {}",
                d.annee_universitaire.clone().unwrap_or_default()
            ),
            keywords: vec![
                "délibération".into(),
                "MCCC".into(),
                f.specialite.clone(),
                d.numero.clone(),
            ],
        },
        etablissement: f.etablissement.clone().unwrap_or_default(),
        composante: f.composante.clone().unwrap_or_default(),
        adresse: f.adresse.clone().unwrap_or_default(),
        coordonnees: [
            f.adresse.clone(),
            f.telephone.as_ref().map(|t| format!("Tél. : {t}")),
            f.fax.as_ref().map(|t| format!("Fax : {t}")),
            f.site.clone(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" - "),
        mention: f.mention.clone(),
        mention_titre: if d.objet.to_lowercase().contains(&f.mention.to_lowercase()) {
            String::new()
        } else {
            f.mention.clone()
        },
        conseil: d.conseil.clone(),
        seance: d.seance.clone(),
        numero: d.numero.clone(),
        objet: d.objet.clone(),
        annee_universitaire: d
            .annee_universitaire
            .clone()
            .or_else(|| f.annee_universitaire.clone())
            .unwrap_or_default(),
        visas: d.visas.clone(),
        preambule: d.preambule.clone().unwrap_or_default(),
        articles: d.articles.iter().map(article).collect(),
        votants: d.vote.votants,
        pour: d.vote.pour,
        contre: d.vote.contre,
        abstentions: d.vote.abstentions,
        signataire_qualite: d.signataire_qualite.clone(),
        signataire_nom: d.signataire_nom.clone(),
        annexe1: annexe1(c),
        annexe2: annexe2(c),
        annexe3: annexe3(c),
        stamp,
    })
}
