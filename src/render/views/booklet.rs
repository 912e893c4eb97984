//! Typed views of the model that templates read: every figure already
//! computed and formatted (French decimals); free texts as written, for the
//! templates' `rich` filter.
//! Templates never compute; they lay out.

use serde::Serialize;

use crate::model::num::Num;
use crate::model::{Curriculum, Hours, Pole, Semester, coef_value, regime_of};

/// A quantity as printed: French decimals, thousands apart (`1 135,5`).
pub fn fr(n: Num) -> String {
    crate::render::typo::figure(&n.fr())
}

/// Hours of a row, formatted; empty cells stay empty.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HoursView {
    pub cm: String,
    pub td: String,
    pub tp: String,
    pub ci: String,
    pub projet: String,
    pub total: String,
    /// When the total printed by the source was wrong and is corrected
    /// here: what the source printed, for a note.
    pub total_note: String,
}

/// The note of a row whose printed total disagrees with its hours: the
/// document prints the sum, and says what the source printed.
pub fn total_note(h: Option<&crate::model::DeclaredHours>) -> String {
    let Some(h) = h else {
        return String::new();
    };
    let wrong = |printed: &Option<crate::model::At<Num>>, sum: Num| {
        printed.as_ref().map(|p| p.value).filter(|p| *p != sum)
    };
    match wrong(&h.total_with_projet, h.hours.with_projet())
        .or_else(|| wrong(&h.total, h.hours.hors_projet()))
    {
        Some(p) => format!("imprimé {} dans le document source", fr(p)),
        None => String::new(),
    }
}

impl HoursView {
    /// The same cells, with a note on the total.
    pub fn noted(mut self, note: String) -> HoursView {
        self.total_note = note;
        self
    }

    /// Every cell written, zeros included (total rows).
    pub fn full(h: Hours) -> HoursView {
        HoursView {
            cm: fr(h.cm),
            td: fr(h.td),
            tp: fr(h.tp),
            ci: fr(h.ci),
            projet: fr(h.projet),
            total: fr(h.hors_projet()),
            total_note: String::new(),
        }
    }

    /// The cells the source writes, as it writes them: a written 0 prints
    /// 0, a cell left empty stays empty (teaching rows).
    pub fn as_written(d: &crate::model::DeclaredHours) -> HoursView {
        let h = d.hours;
        let cell = |name: &str, n: Num| {
            if d.cells.iter().any(|(c, _)| *c == name) || !n.is_zero() {
                fr(n)
            } else {
                String::new()
            }
        };
        HoursView {
            cm: cell("cm", h.cm),
            td: cell("td", h.td),
            tp: cell("tp", h.tp),
            ci: cell("ci", h.ci),
            projet: cell("projet", h.projet),
            total: fr(h.hors_projet()),
            total_note: String::new(),
        }
    }

    /// Zeros left blank (rows whose hours come from elsewhere).
    pub fn sparse(h: Hours) -> HoursView {
        let cell = |n: Num| if n.is_zero() { String::new() } else { fr(n) };
        HoursView {
            cm: cell(h.cm),
            td: cell(h.td),
            tp: cell(h.tp),
            ci: cell(h.ci),
            projet: cell(h.projet),
            total: fr(h.hors_projet()),
            total_note: String::new(),
        }
    }
}

/// A teaching row in a UE block.
#[derive(Debug, Clone, Serialize)]
pub struct RowView {
    pub code: String,
    pub nom: String,
    pub hours: Option<HoursView>,
    pub evaluation: String,
    pub coef: String,
}

/// A total row.
#[derive(Debug, Clone, Serialize)]
pub struct TotalView {
    pub hours: HoursView,
    pub coef: String,
    /// When the coefficient printed by the source was wrong and is
    /// corrected here: what the source printed, for a note.
    pub coef_note: String,
    pub ects: String,
}

/// A UE block (per-UE layout).
#[derive(Debug, Clone, Serialize)]
pub struct UeView {
    pub code: String,
    pub intitule: String,
    pub competence: String,
    pub ects: String,
    pub ressources: Vec<RowView>,
    pub saes: Vec<RowView>,
    pub total_ressources: TotalView,
    pub total_saes: TotalView,
    pub total: TotalView,
}

/// A teaching row of the matrix layout: hours once, a coefficient per UE.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixRowView {
    pub code: String,
    pub nom: String,
    pub hours: HoursView,
    pub weeks: String,
    pub evaluation: String,
    pub coefs: Vec<String>,
}

/// A column of the matrix layout.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixColumnView {
    pub code: String,
    pub competence: String,
    pub ects: String,
}

/// A semester table.
#[derive(Debug, Clone, Serialize)]
pub struct SemesterView {
    pub numero: u8,
    /// `ue` (UE blocks with hours per UE) or `matrix` (teachings × UEs).
    pub layout: &'static str,
    pub ues: Vec<UeView>,
    pub columns: Vec<MatrixColumnView>,
    pub ressources: Vec<MatrixRowView>,
    pub saes: Vec<MatrixRowView>,
    pub pole_totals: Vec<(String, TotalsByUe)>,
    pub total: TotalView,
}

/// Pôle totals of the matrix layout: hours, and coefficients per UE column.
#[derive(Debug, Clone, Serialize)]
pub struct TotalsByUe {
    pub hours: HoursView,
    pub coefs: Vec<String>,
}

/// A competence of the booklet.
#[derive(Debug, Clone, Serialize)]
pub struct CompetenceView {
    pub nom: String,
    pub intitule: String,
    pub composantes: Vec<String>,
}

/// A competence level of the year, with its apprentissages critiques.
#[derive(Debug, Clone, Serialize)]
pub struct LevelView {
    pub competence: String,
    pub niveau: u8,
    pub intitule: String,
    pub apprentissages: Vec<String>,
}

/// A contact.
#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    pub role: String,
    /// The column it is listed under (empty when the document has none).
    pub colonne: String,
    pub lines: Vec<String>,
}

/// A parcours with its certification codes.
#[derive(Debug, Clone, Serialize)]
pub struct ParcoursView {
    pub code: String,
    pub nom: String,
    pub rncp: String,
    pub nsf: Vec<String>,
    pub formacodes: Vec<String>,
}

/// Free texts as written (a small Markdown: `src/render/rich.rs`); empty
/// when the curriculum has none.
#[derive(Debug, Clone, Serialize)]
pub struct TextesView {
    pub objectifs: String,
    pub debouches: String,
    pub competences_acquises: String,
    pub competences: String,
    pub niveaux: String,
    pub acces: String,
    pub schema_general: String,
    pub mcc: String,
}

/// A column of the year's volume table.
#[derive(Debug, Clone, Serialize)]
pub struct VolumeColumn {
    pub label: &'static str,
    pub hours: String,
}

/// The optional parts and columns of a booklet that its curriculum fills:
/// the others are not printed, never left empty.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    /// The parcours table (some parcours has NSF codes or formacodes).
    pub parcours_table: bool,
    pub nsf: bool,
    pub formacodes: bool,
    /// The table of the national competences: not when it would list bare
    /// names that the levels' table lists again.
    pub competences: bool,
    /// The competences' composantes essentielles.
    pub composantes: bool,
    /// The levels' apprentissages critiques.
    pub apprentissages: bool,
}

/// PDF metadata.
#[derive(Debug, Clone, Serialize)]
pub struct MetaView {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
}

/// Everything the booklet template reads.
#[derive(Debug, Clone, Serialize)]
pub struct BookletView {
    pub meta: MetaView,
    pub etablissement: String,
    pub composante: String,
    pub departement: String,
    pub adresse: String,
    pub niveau: String,
    pub domaine: String,
    pub mention: String,
    pub annee: u8,
    pub annee_label: String,
    pub annee_universitaire: String,
    pub ects_cumules: u32,
    pub regime: String,
    pub parcours: Vec<ParcoursView>,
    /// Every parcours of the speciality, for the NSF and Formacode table.
    pub parcours_table: Vec<ParcoursView>,
    pub volume: HoursView,
    /// The kinds of hours the year has, for the volume table: a kind it has
    /// none of gets no column.
    pub volume_columns: Vec<VolumeColumn>,
    /// Which optional parts and columns the document fills.
    pub shown: Shown,
    pub langues: Vec<String>,
    pub contacts: Vec<ContactView>,
    /// The contacts' column headings, in order, when the document has them.
    pub contact_columns: Vec<String>,
    pub textes: TextesView,
    pub competences: Vec<CompetenceView>,
    pub niveaux: Vec<LevelView>,
    pub semesters: Vec<SemesterView>,
    pub total_annee: TotalView,
    pub evaluations: Vec<String>,
    /// "PROJET — NON CONFORME" when the curriculum has errors.
    pub stamp: Option<String>,
}

/// One booklet to print: a year, for the parcours that share its semesters.
#[derive(Debug, Clone)]
pub struct BookletSpec {
    /// BUT year (1–3).
    pub year: u8,
    /// Parcours codes covered (empty code: the curriculum names none).
    pub parcours: Vec<String>,
    /// Indices of the semester blocks, in semester order.
    pub semesters: Vec<usize>,
    /// True when it covers every parcours of the curriculum.
    pub common: bool,
    /// True when it is its year's only booklet: its file needs no parcours.
    pub alone: bool,
}

impl BookletSpec {
    /// A file name, safe everywhere: `livret-but1.pdf`, `livret-but2-A.pdf`
    /// (the parcours named only when the year has several booklets).
    pub fn file_name(&self) -> String {
        let mut name = format!("livret-but{}", self.year);
        if !self.common && !self.alone {
            for p in &self.parcours {
                name.push('-');
                name.push_str(&crate::render::fmt::safe_file_part(p, 40));
            }
        }
        name.push_str(".pdf");
        name
    }
}

/// The booklets of a curriculum: one per year and group of parcours that share
/// the same semester blocks (a common first year gives one booklet).
pub fn booklets(c: &Curriculum) -> Vec<BookletSpec> {
    let mut out: Vec<BookletSpec> = Vec::new();
    for year in 1..=3u8 {
        for p in &c.parcours {
            let mut blocks: Vec<usize> = c
                .semesters
                .iter()
                .enumerate()
                .filter(|(_, s)| s.year() == year && s.parcours.contains(&p.code))
                .map(|(i, _)| i)
                .collect();
            if blocks.is_empty() {
                continue;
            }
            blocks.sort_by_key(|&i| c.semesters[i].number.value);
            match out
                .iter_mut()
                .find(|b| b.year == year && b.semesters == blocks)
            {
                Some(b) => b.parcours.push(p.code.clone()),
                None => out.push(BookletSpec {
                    year,
                    parcours: vec![p.code.clone()],
                    semesters: blocks,
                    common: false,
                    alone: false,
                }),
            }
        }
    }
    let per_year: Vec<u8> = out.iter().map(|b| b.year).collect();
    for b in &mut out {
        b.common = b.parcours.len() == c.parcours.len();
        b.alone = per_year.iter().filter(|&&y| y == b.year).count() == 1;
    }
    out
}

fn total_view(hours: Hours, coef: (String, String), ects: Option<Num>) -> TotalView {
    TotalView {
        hours: HoursView::full(hours),
        coef: coef.0,
        coef_note: coef.1,
        ects: ects.map(fr).unwrap_or_default(),
    }
}

/// A total's coefficient as the document shows it, with a note when it is
/// corrected: the source's figure when it is the sum of the parts or the
/// UEs' own coefficients (`own`, the convention of documents that print a
/// UE's coefficient in its TOTAL row); the sum, with the printed figure in
/// the note, when the source printed it wrong; the sum when the source
/// prints none, or nothing when `only_printed`.
fn coef_shown(
    printed: &Option<crate::model::At<Num>>,
    sum: Num,
    own: Option<Num>,
    only_printed: bool,
) -> (String, String) {
    match printed.as_ref().map(|p| p.value) {
        Some(p) if p == sum || Some(p) == own => (fr(p), String::new()),
        Some(p) => (
            fr(sum),
            format!("imprimé {} dans le document source", fr(p)),
        ),
        None if only_printed => (String::new(), String::new()),
        None => (fr(sum), String::new()),
    }
}

fn ue_layout(s: &Semester) -> bool {
    // Hours split per UE on every row that has hours, and no teaching row of its own.
    s.teachings.iter().all(|t| !t.has_own_row)
}

fn semester_view(c: &Curriculum, s: &Semester) -> SemesterView {
    let comp = |ci: Option<usize>| ci.map(|i| c.competences[i].nom.clone()).unwrap_or_default();
    let eval = |t: usize| s.teachings[t].evaluation.clone().unwrap_or_default();
    let ects_total: Num = s
        .ues
        .iter()
        .filter_map(|u| u.ects.as_ref().map(|e| e.value))
        .sum();
    let coef_total: Num = s
        .ues
        .iter()
        .enumerate()
        .map(|(ui, u)| u.pole_coef(s, ui, Pole::Ressources) + u.pole_coef(s, ui, Pole::Saes))
        .sum();
    let hours_total: Hours = (0..s.teachings.len()).map(|t| s.teaching_hours(t)).sum();
    let total = total_view(
        hours_total,
        coef_shown(&s.total.coef, coef_total, s.own_coefficients(), false),
        Some(ects_total),
    );
    if ue_layout(s) {
        let ues = s
            .ues
            .iter()
            .enumerate()
            .map(|(ui, u)| {
                let rows = |pole: Pole| -> Vec<RowView> {
                    u.rows
                        .iter()
                        .filter(|r| r.pole == pole)
                        .map(|r| RowView {
                            code: s.teachings[r.teaching].printed_code().to_string(),
                            nom: r
                                .name
                                .as_ref()
                                .map(|n| n.value.clone())
                                .unwrap_or_else(|| s.teachings[r.teaching].name.clone()),
                            hours: r
                                .hours
                                .as_ref()
                                .map(|h| HoursView::as_written(h).noted(total_note(Some(h)))),
                            evaluation: r
                                .evaluation
                                .as_ref()
                                .map(|e| e.value.clone())
                                .unwrap_or_default(),
                            coef: r
                                .coef
                                .as_ref()
                                .and_then(|c| coef_value(c.value))
                                .map(fr)
                                .unwrap_or_default(),
                        })
                        .collect()
                };
                let pole_hours = |pole: Pole| -> Hours {
                    u.rows
                        .iter()
                        .filter(|r| r.pole == pole)
                        .filter_map(|r| r.hours.as_ref().map(|h| h.hours))
                        .sum()
                };
                let (rh, sh) = (pole_hours(Pole::Ressources), pole_hours(Pole::Saes));
                let (rc, sc) = (
                    u.pole_coef(s, ui, Pole::Ressources),
                    u.pole_coef(s, ui, Pole::Saes),
                );
                UeView {
                    code: u.code.value.clone(),
                    intitule: u.intitule.clone().unwrap_or_default(),
                    competence: comp(u.competence),
                    ects: u.ects.as_ref().map(|e| fr(e.value)).unwrap_or_default(),
                    ressources: rows(Pole::Ressources),
                    saes: rows(Pole::Saes),
                    total_ressources: total_view(
                        rh,
                        coef_shown(&u.total_ressources.coef, rc, None, false),
                        None,
                    ),
                    total_saes: total_view(
                        sh,
                        coef_shown(&u.total_saes.coef, sc, None, false),
                        None,
                    ),
                    total: total_view(
                        rh + sh,
                        coef_shown(
                            &u.total.coef,
                            rc + sc,
                            u.coefficient.as_ref().map(|c| c.value),
                            false,
                        ),
                        u.ects.as_ref().map(|e| e.value),
                    ),
                }
            })
            .collect();
        return SemesterView {
            numero: s.number.value,
            layout: "ue",
            ues,
            columns: vec![],
            ressources: vec![],
            saes: vec![],
            pole_totals: vec![],
            total,
        };
    }
    let columns = s
        .ues
        .iter()
        .map(|u| MatrixColumnView {
            code: u.code.value.clone(),
            competence: comp(u.competence),
            ects: u.ects.as_ref().map(|e| fr(e.value)).unwrap_or_default(),
        })
        .collect();
    let row = |t: usize| -> MatrixRowView {
        let coefs = s.coefficients(t);
        let teaching = &s.teachings[t];
        MatrixRowView {
            code: teaching.printed_code().to_string(),
            nom: teaching.name.clone(),
            hours: match &teaching.hours {
                Some(d) if !d.is_empty() => HoursView::as_written(d),
                _ => HoursView::sparse(s.teaching_hours(t)),
            }
            .noted(total_note(teaching.hours.as_ref())),
            weeks: teaching
                .hours
                .as_ref()
                .and_then(|h| h.weeks.as_ref())
                // A name that already says its weeks is not told twice.
                .filter(|_| !teaching.name.to_lowercase().contains("semaine"))
                .map(|w| {
                    if w.value.min == w.value.max {
                        format!("{} sem.", fr(w.value.min))
                    } else {
                        format!("{} à {} sem.", fr(w.value.min), fr(w.value.max))
                    }
                })
                .unwrap_or_default(),
            evaluation: eval(t),
            coefs: (0..s.ues.len())
                .map(|ui| match coefs.iter().find(|(u, _, _)| *u == ui) {
                    Some((_, Some(n), _)) => fr(*n),
                    Some((_, None, _)) => "–".into(),
                    None => String::new(),
                })
                .collect(),
        }
    };
    let pole_rows = |pole: Pole| -> Vec<usize> {
        (0..s.teachings.len())
            .filter(|&t| s.teachings[t].pole() == pole)
            .collect()
    };
    let pole_total = |pole: Pole| -> TotalsByUe {
        let hours: Hours = pole_rows(pole)
            .into_iter()
            .map(|t| s.teaching_hours(t))
            .sum();
        TotalsByUe {
            hours: HoursView::full(hours),
            coefs: s
                .ues
                .iter()
                .enumerate()
                .map(|(ui, u)| fr(u.pole_coef(s, ui, pole)))
                .collect(),
        }
    };
    SemesterView {
        numero: s.number.value,
        layout: "matrix",
        ues: vec![],
        columns,
        ressources: pole_rows(Pole::Ressources).into_iter().map(row).collect(),
        saes: pole_rows(Pole::Saes).into_iter().map(row).collect(),
        pole_totals: vec![
            ("TOTAL RESSOURCES".into(), pole_total(Pole::Ressources)),
            ("TOTAL SAÉ".into(), pole_total(Pole::Saes)),
        ],
        total,
    }
}

/// The view of one booklet.
pub fn booklet(c: &Curriculum, spec: &BookletSpec, stamp: Option<String>) -> BookletView {
    let f = &c.formation;
    let sems: Vec<&Semester> = spec.semesters.iter().map(|&i| &c.semesters[i]).collect();
    let semesters: Vec<SemesterView> = sems.iter().map(|s| semester_view(c, s)).collect();
    let hours: Hours = sems
        .iter()
        .flat_map(|s| (0..s.teachings.len()).map(|t| s.teaching_hours(t)))
        .sum();
    let coef: Num = sems
        .iter()
        .flat_map(|s| {
            s.ues.iter().enumerate().map(move |(ui, u)| {
                u.pole_coef(s, ui, Pole::Ressources) + u.pole_coef(s, ui, Pole::Saes)
            })
        })
        .sum();
    let ects: Num = sems
        .iter()
        .flat_map(|s| &s.ues)
        .filter_map(|u| u.ects.as_ref().map(|e| e.value))
        .sum();
    // The year's total row prints a coefficient only when the source does.
    let printed_year = c.year_totals.iter().find(|y| {
        y.year.value == spec.year
            && (y.parcours.is_empty() || y.parcours.iter().any(|p| spec.parcours.contains(p)))
    });
    let own: Option<Num> = sems.iter().map(|s| s.own_coefficients()).sum();
    let year_coef = coef_shown(
        &printed_year.and_then(|y| y.totals.coef.clone()),
        coef,
        own,
        true,
    );
    let parcours_view = |p: &crate::model::Parcours| ParcoursView {
        code: p.code.clone(),
        nom: p.nom.clone(),
        rncp: p.rncp.clone().unwrap_or_default(),
        nsf: p.nsf.iter().map(|(c, l)| format!("{c} : {l}")).collect(),
        formacodes: p
            .formacodes
            .iter()
            .map(|(c, l)| format!("{c} : {l}"))
            .collect(),
    };
    let parcours: Vec<ParcoursView> = c
        .parcours
        .iter()
        .filter(|p| spec.parcours.contains(&p.code) && !p.code.is_empty())
        .map(parcours_view)
        .collect();
    // The NSF and Formacode table lists every parcours of the speciality the
    // curriculum gives, as the seeds do in each year's booklet.
    let parcours_table: Vec<ParcoursView> = c
        .parcours
        .iter()
        .filter(|p| !p.code.is_empty())
        .map(parcours_view)
        .collect();
    // The competence levels as the document gives them: for each competence
    // whose levels are transcribed, the levels the year's UEs develop, or,
    // when the document gives other levels only (seed 002 prints level 2 in
    // its third year), those it gives. Nothing is printed for a competence
    // whose levels the document does not describe: no empty cell.
    let mut niveaux = Vec::new();
    for (ci, comp) in c.competences.iter().enumerate() {
        let year_levels: Vec<u8> = sems
            .iter()
            .flat_map(|s| &s.ues)
            .filter(|u| u.competence == Some(ci))
            .map(|u| u.level.value)
            .collect();
        let mut given: Vec<&crate::model::Niveau> = comp
            .niveaux
            .iter()
            .filter(|n| n.intitule.is_some() || !n.apprentissages.is_empty())
            .collect();
        if given.iter().any(|n| year_levels.contains(&n.niveau)) {
            given.retain(|n| year_levels.contains(&n.niveau));
        }
        given.sort_by_key(|n| n.niveau);
        for n in given {
            niveaux.push(LevelView {
                competence: comp.nom.clone(),
                niveau: n.niveau,
                intitule: n.intitule.clone().unwrap_or_default(),
                apprentissages: n
                    .apprentissages
                    .iter()
                    .map(|(code, lib)| match code {
                        Some(code) => format!("{code} — {lib}"),
                        None => lib.clone(),
                    })
                    .collect(),
            });
        }
    }
    let mut evaluations: Vec<String> = sems
        .iter()
        .flat_map(|s| &s.teachings)
        .filter_map(|t| t.evaluation.clone())
        .collect();
    evaluations.sort();
    evaluations.dedup();
    let annee_label = format!("BUT {}", spec.year);
    let parcours_names: Vec<String> = parcours.iter().map(|p| p.nom.clone()).collect();
    let title = if parcours_names.is_empty() || spec.common && c.parcours.len() > 1 {
        format!("{} — {annee_label}", f.mention)
    } else {
        format!(
            "{} — {annee_label} — {}",
            f.mention,
            parcours_names.join(", ")
        )
    };
    let shown = Shown {
        parcours_table: parcours_table
            .iter()
            .any(|p| !p.nsf.is_empty() || !p.formacodes.is_empty()),
        nsf: parcours_table.iter().any(|p| !p.nsf.is_empty()),
        formacodes: parcours_table.iter().any(|p| !p.formacodes.is_empty()),
        competences: niveaux.is_empty()
            || c.textes
                .competences
                .as_deref()
                .is_some_and(|t| !t.trim().is_empty())
            || c.competences.iter().any(|k| {
                !k.composantes.is_empty() || k.intitule.as_deref().is_some_and(|t| !t.is_empty())
            }),
        composantes: c.competences.iter().any(|k| !k.composantes.is_empty()),
        apprentissages: niveaux.iter().any(|n| !n.apprentissages.is_empty()),
    };

    BookletView {
        meta: MetaView {
            title: title.clone(),
            author: [f.composante.clone(), f.etablissement.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
            subject: format!(
                "Fiche formation {annee_label} {}",
                f.annee_universitaire.clone().unwrap_or_default()
            )
            .trim()
            .to_string(),
            keywords: vec![
                "BUT".into(),
                f.specialite.clone(),
                annee_label.clone(),
                "maquette".into(),
            ],
        },
        etablissement: f.etablissement.clone().unwrap_or_default(),
        composante: f.composante.clone().unwrap_or_default(),
        departement: f.departement.clone().unwrap_or_default(),
        adresse: f.adresse.clone().unwrap_or_default(),
        // Seed 000 prints "BUT 1" as its level: not "BUT 1 — BUT 1".
        niveau: f
            .niveau
            .clone()
            .filter(|n| *n != annee_label)
            .unwrap_or_default(),
        domaine: f.domaine.clone().unwrap_or_default(),
        mention: f.mention.clone(),
        annee: spec.year,
        annee_label,
        annee_universitaire: f.annee_universitaire.clone().unwrap_or_default(),
        ects_cumules: 60 * u32::from(spec.year),
        regime: regime_of(&sems).label().into(),
        parcours,
        parcours_table,
        volume_columns: [
            ("Cours magistraux", hours.cm),
            ("Travaux dirigés", hours.td),
            ("Travaux pratiques", hours.tp),
            ("Cours intégrés", hours.ci),
            ("Projet", hours.projet),
        ]
        .into_iter()
        .filter(|(_, h)| !h.is_zero())
        .map(|(label, h)| VolumeColumn {
            label,
            hours: fr(h),
        })
        .collect(),
        shown,
        volume: HoursView::full(hours),
        langues: f.langues.clone(),
        contact_columns: c.contacts.iter().fold(Vec::new(), |mut v, x| {
            if let Some(col) = &x.colonne
                && !v.contains(col)
            {
                v.push(col.clone());
            }
            v
        }),
        contacts: c
            .contacts
            .iter()
            .map(|x| ContactView {
                role: x.role.clone(),
                colonne: x.colonne.clone().unwrap_or_default(),
                lines: [
                    match (&x.nom, &x.fonction) {
                        (Some(n), Some(f)) => Some(format!("{n}, {f}")),
                        (Some(n), None) => Some(n.clone()),
                        (None, Some(f)) => Some(f.clone()),
                        (None, None) => None,
                    },
                    x.telephone.as_ref().map(|t| format!("Tél. {t}")),
                    x.courriel.clone(),
                ]
                .into_iter()
                .flatten()
                .collect(),
            })
            .collect(),
        textes: TextesView {
            objectifs: c.textes.objectifs.clone().unwrap_or_default(),
            debouches: c.textes.debouches.clone().unwrap_or_default(),
            competences_acquises: c.textes.competences_acquises.clone().unwrap_or_default(),
            competences: c.textes.competences.clone().unwrap_or_default(),
            niveaux: c.textes.niveaux.clone().unwrap_or_default(),
            acces: c.textes.acces.clone().unwrap_or_default(),
            schema_general: c.textes.schema_general.clone().unwrap_or_default(),
            mcc: c.textes.mcc.clone().unwrap_or_default(),
        },
        competences: c
            .competences
            .iter()
            .map(|x| CompetenceView {
                nom: x.nom.clone(),
                intitule: x.intitule.clone().unwrap_or_default(),
                composantes: x.composantes.clone(),
            })
            .collect(),
        niveaux,
        semesters,
        total_annee: total_view(hours, year_coef, Some(ects)),
        evaluations,
        stamp,
    }
}
