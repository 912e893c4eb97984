//! Views of a cohort's decisions for its documents: each student's relevé de
//! notes et résultats, and the jury's minutes (procès-verbal).
//!
//! Both go to plain Typst templates as JSON data (`json("/data.json")`), so a
//! name such as `#set page(width: 1cm)` is text, never markup. Every figure is
//! computed and formatted here, from the decisions `maquette decide` prints.

use serde::Serialize;

use crate::decide::{Fact, YearDecision};
use crate::model::grade::Average;
use crate::model::grade::{AbjRule, Grade, Marks};
use crate::model::num::Num;
use crate::model::{Code, Jury, Override, decided_semesters};
use crate::model::{Cohort, Student};
use crate::render::fmt::{self, code_label, date_in_words, date_numeric};

/// Identity and context shared by both documents.
#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    pub etablissement: String,
    pub composante: String,
    pub departement: String,
    /// "BUT Métiers du multimédia et de l'internet".
    pub formation: String,
    pub annee_universitaire: String,
    /// "BUT 1 — semestres 1 et 2", or "Semestre 1" after an odd-semester jury.
    pub periode: String,
    /// True after an odd-semester jury: UE codes are provisional.
    pub provisoire: bool,
    /// "Dijon", when the cohort says where the jury sat.
    pub lieu: String,
    /// The jury's date, in words ("25 juin 2026").
    pub date: String,
    pub president: String,
    /// "Le président du jury", or the title the cohort gives.
    pub qualite: String,
    /// The stamp across every page, when the cohort has errors.
    pub stamp: Option<String>,
    /// Every character the cohort's relevés print, in order: each relevé
    /// sets them first, out of the page, so that all of a cohort's relevés
    /// number the glyphs of their font subsets alike and the merged file
    /// holds each font once. Empty for a relevé made alone.
    pub repertoire: String,
}

/// A code and what it means.
#[derive(Debug, Clone, Serialize)]
pub struct Legend {
    pub code: String,
    pub label: String,
}

/// One teaching's row in a semester's table.
#[derive(Debug, Clone, Serialize)]
pub struct TeachingRow {
    pub code: String,
    pub nom: String,
    /// The grade as shown (`14,00`, `ABJ`, `—` when there is none).
    pub note: String,
    /// Its coefficient in each UE of the semester (empty where it has none).
    pub coefs: Vec<String>,
}

/// A UE's column head and its results.
#[derive(Debug, Clone, Serialize)]
pub struct UeColumn {
    pub code: String,
    /// The competence it belongs to.
    pub competence: String,
    /// Average as shown, `—` when none.
    pub moyenne: String,
    pub code_decision: String,
    /// ECTS acquired, over the UE's ECTS: `5 / 5`.
    pub ects: String,
}

/// One semester of a relevé.
#[derive(Debug, Clone, Serialize)]
pub struct SemesterResult {
    pub titre: String,
    pub ues: Vec<UeColumn>,
    pub enseignements: Vec<TeachingRow>,
}

/// An RCUE's row.
#[derive(Debug, Clone, Serialize)]
pub struct RcueRow {
    /// "Comprendre — niveau 1".
    pub competence: String,
    /// "UE11 12,00 · UE21 9,50".
    pub ues: String,
    pub moyenne: String,
    pub code: String,
}

/// The student, as printed.
#[derive(Debug, Clone, Serialize)]
pub struct Identity {
    pub nom: String,
    pub prenom: String,
    pub naissance: String,
    pub lieu_naissance: String,
    pub numero: String,
    pub ine: String,
    pub parcours: String,
    pub regime: String,
}

/// Everything a relevé prints.
#[derive(Debug, Clone, Serialize)]
pub struct ReleveView {
    pub heading: Heading,
    pub etudiant: Identity,
    pub semestres: Vec<SemesterResult>,
    pub rcues: Vec<RcueRow>,
    /// The year decision and its label; empty after an odd-semester jury.
    pub decision: String,
    pub decision_libelle: String,
    /// ECTS acquired this year, over the year's ECTS.
    pub ects: String,
    /// "Le DUT peut être délivré…", "BUT obtenu…", when it applies.
    pub diplome: Vec<String>,
    /// Why each code that is not a plain ADM or AJ was given, then what
    /// comes next, in sentences.
    pub motifs: Vec<String>,
    pub suite: String,
    /// How to appeal (the cohort's or the curriculum's text), sentence by
    /// sentence (a data string holds at most 300 characters).
    pub recours: Vec<String>,
    pub legende: Vec<Legend>,
}

/// A row of the minutes.
#[derive(Debug, Clone, Serialize)]
pub struct MinutesRow {
    pub numero: String,
    pub nom: String,
    pub parcours: String,
    /// One cell per UE column: average and code ("12,00 ADM"), empty when the
    /// student's parcours has no such UE.
    pub ues: Vec<Cell>,
    pub rcues: Vec<Cell>,
    pub decision: String,
    pub ects: String,
}

/// An average over its code.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Cell {
    pub moyenne: String,
    pub code: String,
}

/// A jury decision that replaced the computed proposal, with its reason.
#[derive(Debug, Clone, Serialize)]
pub struct JuryDecision {
    pub etudiant: String,
    pub objet: String,
    pub propose: String,
    pub decide: String,
    pub motif: String,
}

/// Everything the minutes print. Its rows are printed through a
/// [`MinutesPart`], the whole or a volume of them.
#[derive(Debug, Clone, Serialize)]
pub struct MinutesView {
    pub heading: Heading,
    pub membres: Vec<String>,
    pub ues: Vec<String>,
    pub rcues: Vec<String>,
    #[serde(skip)]
    pub lignes: Vec<MinutesRow>,
    pub decisions_jury: Vec<JuryDecision>,
    /// "ADM: 3 (42,9 %)", … in code order.
    pub effectifs: Vec<Legend>,
    /// Minimum, maximum, mean and standard deviation of each UE column then
    /// each RCUE column, over the students who have an average there.
    pub statistiques: Vec<StatRow>,
    pub legende: Vec<Legend>,
}

/// One statistic over every UE and RCUE column of the minutes.
#[derive(Debug, Clone, Serialize)]
pub struct StatRow {
    pub libelle: String,
    pub valeurs: Vec<String>,
}

/// Min, max, mean and (population) standard deviation of shown averages,
/// each shown with two decimals; `—` for a column without averages.
fn statistics(columns: &[Vec<rust_decimal::Decimal>]) -> Vec<StatRow> {
    use rust_decimal::prelude::ToPrimitive;
    let row = |libelle: &str, f: &dyn Fn(&[rust_decimal::Decimal]) -> String| StatRow {
        libelle: libelle.to_string(),
        valeurs: columns
            .iter()
            .map(|v| if v.is_empty() { "—".into() } else { f(v) })
            .collect(),
    };
    let two = |x: rust_decimal::Decimal| fmt::average(Some(Average::new(x))).unwrap_or_default();
    let mean = |v: &[rust_decimal::Decimal]| {
        v.iter().copied().sum::<rust_decimal::Decimal>() / rust_decimal::Decimal::from(v.len())
    };
    vec![
        row("Minimum", &|v| two(*v.iter().min().expect("not empty"))),
        row("Maximum", &|v| two(*v.iter().max().expect("not empty"))),
        row("Moyenne", &|v| two(mean(v))),
        row("Écart type", &|v| {
            let m = mean(v);
            let var = v
                .iter()
                .map(|x| (*x - m) * (*x - m))
                .sum::<rust_decimal::Decimal>()
                / rust_decimal::Decimal::from(v.len());
            let sd = var.to_f64().unwrap_or(0.0).sqrt();
            two(rust_decimal::Decimal::from_f64_retain(sd).unwrap_or_default())
        }),
    ]
}

/// An average as shown, `—` when there is none.
fn shown(average: Option<Average>) -> String {
    fmt::average(average).unwrap_or_else(|| "—".into())
}

/// A grade as a relevé shows it (see [`Marks`]'s display), `—` when there is none.
pub fn grade_shown(g: Option<&Marks>) -> String {
    g.map_or_else(|| "—".into(), Marks::to_string)
}

fn heading(cohort: &Cohort, stamp: Option<String>) -> Heading {
    let f = &cohort.curriculum.formation;
    let odd = cohort.jury == Jury::Odd;
    let sems = cohort.year * 2;
    Heading {
        etablissement: f.etablissement.clone().unwrap_or_default(),
        composante: f.composante.clone().unwrap_or_default(),
        departement: f.departement.clone().unwrap_or_default(),
        formation: format!("BUT {}", f.mention),
        annee_universitaire: cohort.annee_universitaire.clone(),
        // The formation already says "BUT": the year is said in words.
        periode: if odd {
            format!("{} année — semestre {}", ordinal(cohort.year), sems - 1)
        } else {
            format!(
                "{} année — semestres {} et {}",
                ordinal(cohort.year),
                sems - 1,
                sems
            )
        },
        provisoire: odd,
        lieu: cohort.lieu.clone(),
        date: date_in_words(&cohort.jury_date),
        president: cohort.president.clone(),
        qualite: cohort.president_title.clone(),
        stamp,
        repertoire: String::new(),
    }
}

fn parcours_name(cohort: &Cohort, code: &str) -> String {
    cohort
        .curriculum
        .parcours
        .iter()
        .find(|p| p.code == code)
        .map(|p| p.nom.clone())
        .filter(|n| !n.is_empty())
        .unwrap_or_default()
}

/// The parcours a document prints for a student: its name (its code in the
/// minutes' narrow column). A parcours the cohort does not name is the
/// curriculum's first by default: a common first year prints none.
fn shown_parcours(cohort: &Cohort, student: &Student, code: bool) -> String {
    if !student.parcours_set && cohort.year == 1 {
        String::new()
    } else if code {
        student.parcours.clone()
    } else {
        parcours_name(cohort, &student.parcours)
    }
}

fn legend(codes: impl IntoIterator<Item = Code>) -> Vec<Legend> {
    let mut codes: Vec<Code> = codes.into_iter().collect();
    codes.sort();
    codes.dedup();
    codes
        .into_iter()
        .map(|c| Legend {
            code: c.to_string(),
            label: code_label(c).to_string(),
        })
        .collect()
}

impl ReleveView {
    /// The PDF's metadata.
    pub fn meta(&self) -> crate::render::Meta {
        let h = &self.heading;
        let e = &self.etudiant;
        crate::render::Meta {
            title: format!(
                "Relevé de notes et résultats — {} {} — {} — {}",
                e.prenom, e.nom, h.formation, h.periode
            ),
            author: author(h),
            description: format!(
                "Relevé de notes et résultats, {}, {}",
                h.formation, h.annee_universitaire
            ),
            keywords: vec![
                "relevé de notes".into(),
                h.formation.clone(),
                h.annee_universitaire.clone(),
                e.numero.clone(),
            ],
        }
    }
}

/// Which part of the minutes a typesetting holds: a large cohort's minutes
/// are typeset in volumes of consecutive rows and joined into one file
/// (`render::minutes`); a small one's, at once, as the whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Volume {
    /// The part opens the minutes: heading and jury.
    pub debut: bool,
    /// The part closes them: statistics, counts, legend, signatures.
    pub fin: bool,
    /// The index in the whole minutes of the part's first row (the rows'
    /// stripes go on from one part to the next).
    pub premiere_ligne: usize,
    /// The number of the part's first page in the whole minutes.
    pub premiere_page: usize,
    /// The page count of the whole minutes; `None` when the part is the
    /// whole (typst counts them).
    pub pages: Option<usize>,
    /// How many students the minutes list.
    pub etudiants: usize,
}

/// The data of one typesetting of the minutes: the minutes' own, some of
/// their rows, and which part of the whole these are.
#[derive(Debug, Serialize)]
pub struct MinutesPart<'a> {
    #[serde(flatten)]
    pub minutes: &'a MinutesView,
    pub lignes: &'a [MinutesRow],
    pub volume: Volume,
}

impl MinutesView {
    /// The whole minutes, typeset at once.
    pub fn whole(&self) -> MinutesPart<'_> {
        let n = self.lignes.len();
        self.part(
            0..n,
            Volume {
                debut: true,
                fin: true,
                premiere_ligne: 0,
                premiere_page: 1,
                pages: None,
                etudiants: n,
            },
        )
    }

    /// The rows `rows` as the part `volume` of the minutes.
    pub fn part(&self, rows: std::ops::Range<usize>, volume: Volume) -> MinutesPart<'_> {
        MinutesPart {
            minutes: self,
            lignes: &self.lignes[rows],
            volume,
        }
    }

    /// The PDF's metadata.
    pub fn meta(&self) -> crate::render::Meta {
        let h = &self.heading;
        crate::render::Meta {
            title: format!("Procès-verbal du jury — {} — {}", h.formation, h.periode),
            author: author(h),
            description: format!(
                "Procès-verbal du jury, {}, {}",
                h.formation, h.annee_universitaire
            ),
            keywords: vec![
                "procès-verbal".into(),
                "jury".into(),
                h.formation.clone(),
                h.annee_universitaire.clone(),
            ],
        }
    }
}

/// The institution that issues the documents.
fn author(h: &Heading) -> String {
    if h.composante.is_empty() {
        h.etablissement.clone()
    } else {
        h.composante.clone()
    }
}

/// A student's relevé.
pub fn releve(
    cohort: &Cohort,
    student: &Student,
    d: &YearDecision,
    stamp: Option<String>,
) -> ReleveView {
    let c = &cohort.curriculum;
    let sems = decided_semesters(
        &cohort.curriculum,
        &student.parcours,
        cohort.year,
        cohort.jury,
    );
    let mut codes: Vec<Code> = Vec::new();
    let mut ects_total = rust_decimal::Decimal::ZERO;
    let semestres = sems
        .iter()
        .map(|sem| {
            let n = sem.number.value;
            let ues: Vec<UeColumn> = sem
                .ues
                .iter()
                .map(|u| {
                    let dec = d
                        .ues
                        .iter()
                        .find(|x| x.semester == n && x.code == u.code.value);
                    let max = u.ects.as_ref().map_or(Num::ZERO, |e| e.value);
                    ects_total += max.0;
                    if let Some(dec) = dec {
                        codes.push(dec.decision);
                    }
                    UeColumn {
                        code: u.code.value.clone(),
                        competence: u
                            .competence
                            .map(|k| c.competences[k].nom.clone())
                            .or_else(|| u.intitule.clone())
                            .unwrap_or_default(),
                        moyenne: shown(dec.and_then(|x| x.average)),
                        code_decision: dec.map(|x| x.decision.to_string()).unwrap_or_default(),
                        ects: format!(
                            "{} / {}",
                            dec.map_or_else(|| "0".into(), |x| fmt::ects(x.ects)),
                            max.fr()
                        ),
                    }
                })
                .collect();
            let enseignements = sem
                .teachings
                .iter()
                .enumerate()
                .filter_map(|(ti, t)| {
                    let per_ue = sem.coefficients(ti);
                    let coefs: Vec<String> = (0..sem.ues.len())
                        .map(|ui| {
                            per_ue
                                .iter()
                                .filter(|(u, _, _)| *u == ui)
                                .filter_map(|(_, c, _)| c.filter(|c| !c.is_zero()))
                                .map(|c| c.fr())
                                .next()
                                .unwrap_or_default()
                        })
                        .collect();
                    coefs.iter().any(|c| !c.is_empty()).then(|| TeachingRow {
                        code: t.printed_code().to_string(),
                        nom: t.name.clone(),
                        note: grade_shown(student.grades.get(n, &t.code.value)),
                        coefs,
                    })
                })
                .collect();
            SemesterResult {
                titre: format!("Semestre {n}"),
                ues,
                enseignements,
            }
        })
        .collect();
    let rcues = d
        .rcues
        .iter()
        .map(|r| {
            codes.push(r.decision);
            let ue = |code: &str| {
                let avg = d.ues.iter().find(|u| u.code == code);
                format!("{code} : {}", shown(avg.and_then(|u| u.average)))
            };
            RcueRow {
                competence: format!("{} — niveau {}", r.competence, r.level),
                ues: format!("{} · {}", ue(&r.ues.0), ue(&r.ues.1)),
                moyenne: shown(r.average),
                code: r.decision.to_string(),
            }
        })
        .collect();
    codes.extend(d.decision);
    let (mut motifs, suite) = motifs(cohort, d);
    let marked = marked_grades(student, &sems);
    motifs.extend(marked.sentences(cohort.abj));
    if d.facts.iter().any(|f| matches!(f, Fact::Adsup { .. })) {
        codes.push(Code::ADSUP);
    }
    let mut diplome = Vec::new();
    if d.but {
        diplome.push("Bachelor universitaire de technologie obtenu (180 ECTS).".to_string());
    }
    if d.dut {
        diplome.push(
            "Les 120 ECTS des semestres 1 à 4 sont acquis : le DUT peut être délivré.".to_string(),
        );
    }
    ReleveView {
        etudiant: Identity {
            nom: student.nom.clone(),
            prenom: student.prenom.clone(),
            naissance: date_numeric(&student.naissance),
            lieu_naissance: student.lieu_naissance.clone(),
            numero: student.numero.clone(),
            ine: student.ine.clone(),
            parcours: shown_parcours(cohort, student, false),
            // As the cohort says, else as the semesters are.
            regime: student
                .regime
                .unwrap_or_else(|| crate::model::regime_of(&sems))
                .label()
                .to_string(),
        },
        semestres,
        rcues,
        decision: d.decision.map(|c| c.to_string()).unwrap_or_default(),
        decision_libelle: d
            .decision
            .map(|c| code_label(c).to_string())
            .unwrap_or_default(),
        ects: format!("{} / {}", fmt::ects(d.ects), Num(ects_total).fr()),
        diplome,
        motifs,
        suite,
        recours: sentences(&cohort.recours),
        legende: {
            let mut l = legend(codes);
            l.extend(marked.legend(cohort.abj));
            l
        },
        heading: heading(cohort, stamp),
    }
}

/// The teachings of a relevé whose grade is not a number: neutralised
/// (ABJ, EXC), counted 0 (ABI) or pending (ATT); each as `R105 (S1)`.
#[derive(Default)]
struct MarkedGrades {
    abj: Vec<String>,
    exc: Vec<String>,
    abi: Vec<String>,
    att: Vec<String>,
}

fn marked_grades(student: &Student, sems: &[&crate::model::Semester]) -> MarkedGrades {
    let mut m = MarkedGrades::default();
    for sem in sems {
        let n = sem.number.value;
        for t in &sem.teachings {
            let Some(marks) = student.grades.get(n, &t.code.value) else {
                continue;
            };
            let at = format!("{} (S{n})", t.code.value);
            let grades = marks.grades();
            for (g, list) in [
                (Grade::Abj, &mut m.abj),
                (Grade::Exc, &mut m.exc),
                (Grade::Abi, &mut m.abi),
                (Grade::Att, &mut m.att),
            ] {
                if grades.contains(&g) && !list.contains(&at) {
                    list.push(at.clone());
                }
            }
        }
    }
    m
}

impl MarkedGrades {
    fn sentences(&self, abj: AbjRule) -> Vec<String> {
        let mut out = Vec::new();
        let mut say = |list: &[String], what: &str, then: &str| {
            if !list.is_empty() {
                out.push(format!("{what} : {} ; {then}.", list.join(", ")));
            }
        };
        let neutralised = "note neutralisée, elle ne compte pas dans la moyenne";
        match abj {
            AbjRule::Neutralised => say(&self.abj, "Absence justifiée (ABJ)", neutralised),
            AbjRule::Zero => say(
                &self.abj,
                "Absence justifiée (ABJ)",
                "comptée 0 selon les modalités de contrôle",
            ),
        }
        say(&self.exc, "Dispense (EXC)", neutralised);
        say(&self.abi, "Absence injustifiée (ABI)", "comptée 0");
        say(
            &self.att,
            "Note en attente (ATT)",
            "la décision sera prise dès qu’elle sera connue",
        );
        out
    }

    fn legend(&self, abj: AbjRule) -> Vec<Legend> {
        let mut out = Vec::new();
        let mut add = |used: bool, code: &str, label: &str| {
            if used {
                out.push(Legend {
                    code: code.into(),
                    label: label.into(),
                });
            }
        };
        add(
            !self.abj.is_empty(),
            "ABJ",
            match abj {
                AbjRule::Neutralised => "Absence justifiée, note neutralisée (hors de la moyenne)",
                AbjRule::Zero => "Absence justifiée, comptée 0",
            },
        );
        add(
            !self.exc.is_empty(),
            "EXC",
            "Dispense, note neutralisée (hors de la moyenne)",
        );
        add(
            !self.abi.is_empty(),
            "ABI",
            "Absence injustifiée, comptée 0",
        );
        out
    }
}

/// `1re`, `2e`, `3e`.
fn ordinal(n: u8) -> String {
    if n == 1 {
        "1re".into()
    } else {
        format!("{n}e")
    }
}

/// A text cut after each full stop, so that no piece is clipped.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
        if word.ends_with(['.', '!', '?']) {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Why each code of the relevé that is not a plain ADM or AJ was given, and
/// what comes next, in the relevé's words.
fn motifs(cohort: &Cohort, d: &YearDecision) -> (Vec<String>, String) {
    let mut out = Vec::new();
    for u in &d.ues {
        let ue = format!("{} (S{})", u.code, u.semester);
        for f in &u.facts {
            match f {
                Fact::Compensated(rcue) => {
                    if let Fact::RcueAverage {
                        competence,
                        level,
                        average,
                        ..
                    } = rcue.as_ref()
                    {
                        out.push(format!(
                            "{ue} : acquise par compensation (CMP) au sein du RCUE {competence} niveau {level}, de moyenne {average}."
                        ));
                    }
                }
                Fact::JuryDecision { code, reason } => {
                    out.push(format!("{ue}, décision du jury ({code}) : {reason}."))
                }
                Fact::CapitalisedKept { before, .. } => out.push(format!(
                    "{ue} : moyenne capitalisée {before} conservée, meilleure que celle de l’année."
                )),
                Fact::AcquiredBefore(code) => out.push(format!(
                    "{ue} : acquise une année précédente ({code}), elle le reste."
                )),
                _ => {}
            }
        }
    }
    for r in &d.rcues {
        for f in &r.facts {
            if let Fact::JuryDecision { code, reason } = f {
                out.push(format!(
                    "RCUE {} niveau {}, décision du jury ({code}) : {reason}.",
                    r.competence, r.level
                ));
            }
        }
    }
    let mut failing_first_year = Vec::new();
    for f in &d.facts {
        match f {
            Fact::Adsup { semester, ue } => out.push(format!(
                "{ue} (S{semester}) : acquise par validation du niveau supérieur de la compétence (ADSUP)."
            )),
            // Said where it decides: not for an ADM year.
            Fact::RcuesValidated { validated, total } if d.decision != Some(Code::ADM) => out
                .push(format!("RCUE validés : {validated} sur {total}.")),
            Fact::RcueBelowBlocking {
                competence,
                level,
                average,
            } => out.push(format!(
                "RCUE {competence} niveau {level} inférieur à {} ({}) : il bloque le passage de droit.",
                crate::model::regulation::RCUE_BLOCKING_BELOW,
                shown(*average)
            )),
            Fact::PassageDeDroit => out.push(format!(
                "Plus de la moitié des RCUE validés, aucun inférieur à {} : passage de droit (PASD).",
                crate::model::regulation::RCUE_BLOCKING_BELOW
            )),
            Fact::S5NeedsFirstYear { semester, ue } => {
                failing_first_year.push(format!("{ue} (S{semester})"));
            }
            Fact::AlreadyRepeated { odd, even } => out.push(format!(
                "Les semestres S{odd} et S{even} ont déjà été redoublés une fois : un second redoublement n’est pas autorisé."
            )),
            Fact::RepeatsUsed { used } => out.push(format!(
                "{used} redoublements déjà accordés sur le cursus : aucun autre n’est autorisé."
            )),
            Fact::JuryDecision { code, reason } => {
                out.push(format!("Décision du jury pour l’année ({code}) : {reason}."))
            }
            Fact::FirstYearUnknown => out.push(
                "Les résultats de S1–S2 ne sont pas connus : l’accès au semestre 5 ne peut être vérifié."
                    .into(),
            ),
            _ => {}
        }
    }
    if !failing_first_year.is_empty() {
        out.push(format!(
            "L’entrée en semestre 5 exige toutes les UE de S1–S2 ; restent à valider : {}.",
            failing_first_year.join(", ")
        ));
    }
    let next = cohort.year + 1;
    let acquired: Vec<String> = d
        .ues
        .iter()
        .filter(|u| u.decision.grants_ects())
        .map(|u| u.code.clone())
        .collect();
    let missing: Vec<String> = d
        .ues
        .iter()
        .filter(|u| !u.decision.grants_ects())
        .map(|u| u.code.clone())
        .collect();
    let suite = match d.decision {
        _ if d.but => "Le diplôme de BUT est délivré.".to_string(),
        Some(Code::ADM | Code::PASD | Code::ADJ) if cohort.year < 3 && missing.is_empty() => {
            format!("Passage en BUT {next}.")
        }
        Some(Code::ADM | Code::PASD | Code::ADJ) if cohort.year < 3 => format!(
            "Passage en BUT {next} ; restent à valider : {}{}.",
            missing.join(", "),
            if cohort.year == 1 {
                " (toutes les UE de S1–S2 sont exigées pour l’entrée en semestre 5)"
            } else {
                ""
            }
        ),
        Some(Code::PAS1NCI) => format!(
            "Passage en BUT {next} par décision du jury ; restent à valider : {}.",
            missing.join(", ")
        ),
        Some(Code::RED) if acquired.is_empty() => {
            format!("Redoublement autorisé de la {} année.", ordinal(cohort.year))
        }
        Some(Code::RED) => format!(
            "Redoublement autorisé de la {} année : restent à valider {} ; les UE acquises restent capitalisées : {}.",
            ordinal(cohort.year),
            missing.join(", "),
            acquired.join(", ")
        ),
        Some(Code::NAR) => "Le redoublement n’est pas autorisé : le parcours dans la formation s’arrête. Un entretien d’orientation peut être demandé au responsable de la formation.".into(),
        Some(Code::ATT) => "Décision en attente d’une note : le jury la prendra dès qu’elle sera connue.".into(),
        Some(Code::DEF) => "Défaillant : l’année n’est pas validée.".into(),
        _ => String::new(),
    };
    (out, suite)
}

/// The jury's minutes: one row per student.
pub fn minutes(cohort: &Cohort, decisions: &[YearDecision], stamp: Option<String>) -> MinutesView {
    // Columns: every UE and RCUE some student has, in order of first appearance.
    let mut ues: Vec<String> = Vec::new();
    let mut rcues: Vec<(String, u8)> = Vec::new();
    for d in decisions {
        for u in &d.ues {
            if !ues.contains(&u.code) {
                ues.push(u.code.clone());
            }
        }
        for r in &d.rcues {
            let key = (r.competence.clone(), r.level);
            if !rcues.contains(&key) {
                rcues.push(key);
            }
        }
    }
    let mut codes = Vec::new();
    let mut count: std::collections::BTreeMap<Code, usize> = Default::default();
    let mut decisions_jury = Vec::new();
    let mut diplomas = (false, false);
    let lignes = cohort
        .students
        .iter()
        .zip(decisions)
        .map(|(s, d)| {
            let name = format!("{} {}", s.nom, s.prenom);
            let cell = |average: Option<Average>, code: Code| Cell {
                moyenne: shown(average),
                code: code.to_string(),
            };
            let ue_cells = ues
                .iter()
                .map(|code| {
                    let u = d.ues.iter().find(|u| &u.code == code);
                    u.map(|u| cell(u.average, u.decision)).unwrap_or_default()
                })
                .collect();
            let rcue_cells = rcues
                .iter()
                .map(|(k, lv)| {
                    let r = d
                        .rcues
                        .iter()
                        .find(|r| &r.competence == k && r.level == *lv);
                    r.map(|r| cell(r.average, r.decision)).unwrap_or_default()
                })
                .collect();
            codes.extend(d.ues.iter().map(|u| u.decision));
            codes.extend(d.rcues.iter().map(|r| r.decision));
            if let Some(y) = d.decision {
                codes.push(y);
                *count.entry(y).or_default() += 1;
            }
            for o in &s.overrides {
                decisions_jury.push(jury_decision(&format!("{} {name}", s.numero), o, d));
            }
            let mut decision = d.decision.map(|c| c.to_string()).unwrap_or_default();
            if d.but {
                decision.push_str(" · BUT");
                diplomas.0 = true;
            } else if d.dut {
                decision.push_str(" · DUT");
                diplomas.1 = true;
            }
            MinutesRow {
                numero: s.numero.clone(),
                nom: name,
                parcours: shown_parcours(cohort, s, true),
                ues: ue_cells,
                rcues: rcue_cells,
                decision,
                ects: fmt::ects(d.ects),
            }
        })
        .collect();
    // Each column's shown averages, for the statistics.
    let mut columns: Vec<Vec<rust_decimal::Decimal>> = vec![Vec::new(); ues.len() + rcues.len()];
    for d in decisions {
        for (k, code) in ues.iter().enumerate() {
            if let Some(a) = d
                .ues
                .iter()
                .find(|u| &u.code == code)
                .and_then(|u| u.average)
            {
                columns[k].push(a.shown());
            }
        }
        for (k, (c, lv)) in rcues.iter().enumerate() {
            let r = d
                .rcues
                .iter()
                .find(|r| &r.competence == c && r.level == *lv);
            if let Some(a) = r.and_then(|r| r.average) {
                columns[ues.len() + k].push(a.shown());
            }
        }
    }
    let students = cohort.students.len().max(1);
    let mut legende = legend(codes);
    if diplomas.0 {
        legende.push(Legend {
            code: "· BUT".into(),
            label: "tous les niveaux du parcours validés : le BUT est délivré".into(),
        });
    }
    if diplomas.1 {
        legende.push(Legend {
            code: "· DUT".into(),
            label: "les 120 ECTS de S1 à S4 sont acquis : le DUT peut être délivré".into(),
        });
    }
    MinutesView {
        statistiques: statistics(&columns),
        membres: cohort.members.clone(),
        ues,
        rcues: rcues.iter().map(|(k, lv)| format!("{k} N{lv}")).collect(),
        lignes,
        decisions_jury,
        effectifs: count
            .into_iter()
            .map(|(c, n)| Legend {
                code: c.to_string(),
                label: format!(
                    "{n} ({} %)",
                    Num((rust_decimal::Decimal::from(n * 100)
                        / rust_decimal::Decimal::from(students))
                    .round_dp_with_strategy(
                        1,
                        rust_decimal::RoundingStrategy::MidpointAwayFromZero
                    ))
                    .fr()
                ),
            })
            .collect(),
        legende,
        heading: heading(cohort, stamp),
    }
}

/// A decision the jury took instead of the proposal, with what was proposed.
fn jury_decision(name: &str, o: &Override, d: &YearDecision) -> JuryDecision {
    let (objet, propose) = match o.target.as_deref() {
        None => ("Année".to_string(), d.proposal),
        Some(t) => match t.strip_prefix("RCUE:") {
            Some(k) => (
                format!("RCUE {k}"),
                d.rcues
                    .iter()
                    .find(|r| r.competence == k)
                    .map(|r| r.proposal),
            ),
            None => (
                format!("UE {t}"),
                d.ues.iter().find(|u| u.code == t).map(|u| u.proposal),
            ),
        },
    };
    JuryDecision {
        etudiant: name.to_string(),
        objet,
        propose: propose.map(|c| c.to_string()).unwrap_or_default(),
        decide: o.code.to_string(),
        motif: o.reason.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn dates_read_in_french() {
        assert_eq!(date_in_words("2026-06-25"), "25 juin 2026");
        assert_eq!(date_in_words("2026-07-01"), "1er juillet 2026");
        assert_eq!(date_in_words("fin juin"), "fin juin");
        assert_eq!(date_numeric("2006-02-11"), "11/02/2006");
        assert_eq!(date_numeric("2006-13-11"), "2006-13-11");
    }

    #[test]
    fn grades_show_two_decimals_at_least() {
        let g = |s: &str| crate::model::grade::Grade::Value(s.parse::<Decimal>().unwrap());
        let one = |x| Some(Marks::One(x));
        assert_eq!(grade_shown(one(g("14")).as_ref()), "14,00");
        assert_eq!(grade_shown(one(g("9.5")).as_ref()), "9,50");
        assert_eq!(grade_shown(one(g("12.345")).as_ref()), "12,345");
        assert_eq!(
            grade_shown(one(crate::model::grade::Grade::Abj).as_ref()),
            "ABJ"
        );
        assert_eq!(grade_shown(None), "—");
        let per_ue = Marks::PerUe(Box::new(
            [("UE11".into(), g("13")), ("UE12".into(), g("12.5"))].into(),
        ));
        assert_eq!(grade_shown(Some(&per_ue)), "UE11 : 13,00 · UE12 : 12,50");
    }
}
