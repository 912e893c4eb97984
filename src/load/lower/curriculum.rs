//! Lowering: raw YAML structs → the curriculum model, references resolved.
//!
//! Problems found here (a dangling reference, a duplicated code, an unreadable
//! referentiel) become diagnostics; lowering always goes on with what it can
//! resolve, so the rules still run on the rest of the file.

use std::collections::HashMap;
use std::path::Path;

use crate::diag::Diagnostic;
use crate::load::findings::{DUPLICATE_CODE, REFERENTIEL, UNKNOWN_REFERENCE};
use crate::load::raw::curriculum::{self as raw, HoursRef, RawCurriculum, RawTotals, hours_of};
use crate::load::referentiel;
use crate::model::num::Num;
use crate::model::source::{Loc, Sp};
use crate::model::*;
use crate::model::{Coef, Kind, Regime};

fn at<T: Clone>(v: &Sp<T>) -> At<T> {
    At::new(v.value.clone(), Loc::of(v))
}

fn text(v: &Option<Sp<String>>) -> Option<String> {
    v.as_ref().map(|s| s.value.clone())
}

fn num(v: &Option<Sp<Num>>) -> Option<At<Num>> {
    v.as_ref().map(at)
}

fn totals(t: &Option<RawTotals>) -> Totals {
    let Some(t) = t else { return Totals::default() };
    Totals {
        cm: num(&t.cm),
        td: num(&t.td),
        tp: num(&t.tp),
        projet: num(&t.projet),
        total: num(&t.total),
        total_with_projet: num(&t.total_avec_projet),
        coef: num(&t.coef),
        ects: num(&t.ects),
    }
}

fn hours(h: HoursRef<'_>) -> DeclaredHours {
    let mut cells = Vec::new();
    let mut cell = |name: &'static str, v: Option<&Sp<Num>>| {
        v.map_or(Num::ZERO, |v| {
            cells.push((name, Loc::of(v)));
            v.value
        })
    };
    let hours = Hours {
        cm: cell("cm", h.cm),
        td: cell("td", h.td),
        tp: cell("tp", h.tp),
        ci: cell("ci", h.ci),
        projet: cell("projet", h.projet),
    };
    DeclaredHours {
        hours,
        cells,
        total: h.total.map(at),
        total_with_projet: h.total_avec_projet.map(at),
        weeks: h.semaines.map(at),
    }
}

/// Lowers a parsed file. `base` is the folder of the file, for the referentiel path.
pub fn lower(raw: &RawCurriculum, base: &Path, diags: &mut Vec<Diagnostic>) -> Curriculum {
    let f = &raw.formation;
    let mut formation = Formation {
        etablissement: text(&f.etablissement),
        composante: text(&f.composante),
        departement: text(&f.departement),
        adresse: text(&f.adresse),
        telephone: text(&f.telephone),
        fax: text(&f.fax),
        site: text(&f.site),
        niveau: text(&f.niveau),
        domaine: text(&f.domaine),
        mention: f.mention.value.clone(),
        specialite: f.specialite.value.clone(),
        dept_type: None,
        annee_universitaire: text(&f.annee_universitaire),
        regime: f.regime.as_ref().map(|r| r.value),
        langues: f.langues.iter().map(|l| l.value.clone()).collect(),
        volume: f.volume_horaire.as_ref().map(|h| hours(hours_of!(h))),
        abj_counts_zero: false,
        loc: Loc::of(&f.mention),
    };
    if let Some(a) = &f.abj {
        match a.value.as_str() {
            "neutralise" => {}
            "zero" => formation.abj_counts_zero = true,
            other => diags.push(
                Diagnostic::new(
                    &UNKNOWN_REFERENCE,
                    Loc::of(a),
                    format!("`{other}` is not a rule for justified absences"),
                )
                .help("write `neutralise` (left out of the average) or `zero` (counts 0)"),
            ),
        }
    }
    if let Some(t) = &f.type_departement {
        match referentiel::dept_type(&t.value) {
            Some(d) => formation.dept_type = Some(At::new(d, Loc::of(t))),
            None => diags.push(
                Diagnostic::new(
                    &UNKNOWN_REFERENCE,
                    Loc::of(t),
                    format!("`{}` is not a kind of speciality", t.value),
                )
                .help("write `secondaire` (2000 h) or `tertiaire` (1800 h)"),
            ),
        }
    }

    let mut competences: Vec<Competence> = Vec::new();
    let mut comp_locs: HashMap<String, Loc> = HashMap::new();
    for c in &raw.competences {
        if let Some(first) = comp_locs.get(&c.code.value) {
            diags.push(duplicate("competence", &c.code, *first));
            continue;
        }
        comp_locs.insert(c.code.value.clone(), Loc::of(&c.code));
        competences.push(Competence {
            code: c.code.value.clone(),
            nom: c.nom.value.clone(),
            intitule: text(&c.intitule),
            composantes: c.composantes.iter().map(|s| s.value.clone()).collect(),
            niveaux: c
                .niveaux
                .iter()
                .map(|n| Niveau {
                    niveau: n.niveau.value,
                    intitule: text(&n.intitule),
                    apprentissages: n
                        .apprentissages
                        .iter()
                        .map(|a| (text(&a.code), a.libelle.value.clone()))
                        .collect(),
                })
                .collect(),
        });
    }
    if let Some(path) = &raw.referentiel {
        match referentiel::load(&base.join(&path.value)) {
            Ok(r) => {
                if formation.dept_type.is_none() {
                    formation.dept_type = r.dept_type.map(|d| At::new(d, Loc::of(path)));
                }
                for c in r.competences {
                    if !comp_locs.contains_key(&c.code) {
                        comp_locs.insert(c.code.clone(), Loc::of(path));
                        competences.push(c);
                    }
                }
            }
            Err(e) => diags.push(Diagnostic::new(
                &REFERENTIEL,
                Loc::of(path),
                format!("cannot use the competence framework `{}`: {e}", path.value),
            )),
        }
    }

    let mut parcours: Vec<Parcours> = Vec::new();
    let mut parcours_locs: HashMap<String, Loc> = HashMap::new();
    for p in &raw.parcours {
        if let Some(first) = parcours_locs.get(&p.code.value) {
            diags.push(duplicate("parcours", &p.code, *first));
            continue;
        }
        parcours_locs.insert(p.code.value.clone(), Loc::of(&p.code));
        let pairs = |v: &Vec<raw::RawCodeLabel>| {
            v.iter()
                .map(|x| (x.code.value.clone(), x.libelle.value.clone()))
                .collect()
        };
        parcours.push(Parcours {
            code: p.code.value.clone(),
            nom: p.nom.value.clone(),
            rncp: text(&p.rncp),
            nsf: pairs(&p.nsf),
            formacodes: pairs(&p.formacodes),
        });
    }
    if parcours.is_empty() {
        parcours.push(Parcours {
            code: String::new(),
            nom: String::new(),
            rncp: None,
            nsf: vec![],
            formacodes: vec![],
        });
    }
    let all_parcours: Vec<String> = parcours.iter().map(|p| p.code.clone()).collect();
    let resolve_parcours = |list: &[Sp<String>], diags: &mut Vec<Diagnostic>| -> Vec<String> {
        if list.is_empty() {
            return all_parcours.clone();
        }
        let mut out = Vec::new();
        for p in list {
            if all_parcours.contains(&p.value) {
                out.push(p.value.clone());
            } else {
                diags.push(unknown("parcours", p, &all_parcours));
            }
        }
        out
    };

    let default_eval = f.evaluation.as_ref().map(|e| e.value.clone());
    let mut semesters = Vec::new();
    for s in &raw.semestres {
        let parcours = resolve_parcours(&s.parcours, diags);
        semesters.push(lower_semester(
            s,
            parcours,
            f.regime.as_ref().map(|r| r.value),
            &default_eval,
            &competences,
            diags,
        ));
    }

    let year_totals = raw
        .totaux_annee
        .iter()
        .map(|y| YearTotal {
            year: at(&y.annee),
            parcours: resolve_parcours(&y.parcours, diags),
            totals: Totals {
                cm: num(&y.cm),
                td: num(&y.td),
                tp: num(&y.tp),
                projet: num(&y.projet),
                total: num(&y.total),
                total_with_projet: num(&y.total_avec_projet),
                coef: num(&y.coef),
                ects: num(&y.ects),
            },
        })
        .collect();

    let mut structure = Vec::new();
    for s in &raw.structure {
        if !all_parcours.contains(&s.parcours.value) {
            diags.push(unknown("parcours", &s.parcours, &all_parcours));
            continue;
        }
        let mut rows = Vec::new();
        for r in &s.competences {
            let Some(ci) = competences
                .iter()
                .position(|c| c.code == r.competence.value)
            else {
                diags.push(unknown("competence", &r.competence, &codes(&competences)));
                continue;
            };
            let cells = r
                .ues
                .iter()
                .map(|u| {
                    let v = u.value.trim();
                    let v = (!matches!(v, "-" | "–" | "")).then(|| v.to_string());
                    At::new(v, Loc::of(u))
                })
                .collect();
            rows.push(StructureRow {
                competence: At::new(ci, Loc::of(&r.competence)),
                ues: cells,
            });
        }
        structure.push(StructureAnnex {
            parcours: at(&s.parcours),
            rows,
        });
    }

    let deliberation = raw.deliberation.as_ref().map(|d| Deliberation {
        conseil: d.conseil.value.clone(),
        seance: d.seance.value.clone(),
        numero: d.numero.value.clone(),
        objet: d.objet.value.clone(),
        annee_universitaire: text(&d.annee_universitaire),
        visas: d.visas.iter().map(|v| v.value.clone()).collect(),
        preambule: text(&d.preambule),
        articles: d.articles.iter().map(article).collect(),
        vote: Vote {
            votants: d.vote.votants.value,
            pour: d.vote.pour.value,
            contre: d.vote.contre.value,
            abstentions: d.vote.abstentions.value,
        },
        signataire_qualite: d.signataire.qualite.value.clone(),
        signataire_nom: d.signataire.nom.value.clone(),
        vote_loc: Loc::of(&d.vote.votants),
    });

    let apogee = apogee_years(&raw.annees, &competences, diags);
    apogee_codes_once(raw, diags);
    Curriculum {
        formation,
        contacts: raw
            .contacts
            .iter()
            .map(|c| Contact {
                role: c.role.value.clone(),
                colonne: text(&c.colonne),
                nom: text(&c.nom),
                fonction: text(&c.fonction),
                telephone: text(&c.telephone),
                courriel: text(&c.courriel),
            })
            .collect(),
        textes: Textes {
            objectifs: text(&raw.textes.objectifs),
            debouches: text(&raw.textes.debouches),
            competences_acquises: text(&raw.textes.competences_acquises),
            competences: text(&raw.textes.competences),
            niveaux: text(&raw.textes.niveaux),
            acces: text(&raw.textes.acces),
            schema_general: text(&raw.textes.schema_general),
            mcc: text(&raw.textes.mcc),
            recours: text(&raw.textes.recours),
        },
        parcours,
        competences,
        semesters,
        year_totals,
        structure,
        deliberation,
        apogee,
    }
}

/// The `annees:` list: each year's Apogée elements, competences resolved.
fn apogee_years(
    raw: &[raw::RawYear],
    competences: &[Competence],
    diags: &mut Vec<Diagnostic>,
) -> Vec<ApogeeYear> {
    raw.iter()
        .map(|y| ApogeeYear {
            year: y.annee.value,
            code: text(&y.code_apogee),
            rcues: y
                .rcues
                .0
                .iter()
                .filter_map(|(k, code)| {
                    let found = competences
                        .iter()
                        .position(|c| c.code == k.value || c.nom == k.value);
                    if found.is_none() {
                        diags.push(unknown_at(
                            "competence",
                            &k.value,
                            Loc::of(k),
                            &codes(competences),
                        ));
                    }
                    Some((found?, code.value.trim().to_string()))
                })
                .collect(),
        })
        .collect()
}

/// Each Apogée element names one thing: a UE (the same UE in several
/// parcours blocks may share it), a year or an RCUE.
fn apogee_codes_once(raw: &RawCurriculum, diags: &mut Vec<Diagnostic>) {
    let mut named: Vec<(&Sp<String>, String)> = Vec::new();
    for s in &raw.semestres {
        for u in &s.ues {
            if let Some(c) = &u.code_apogee {
                named.push((c, format!("UE {} of S{}", u.code.value, s.numero.value)));
            }
        }
    }
    for y in &raw.annees {
        if let Some(c) = &y.code_apogee {
            named.push((c, format!("year {}", y.annee.value)));
        }
        for (k, c) in &y.rcues.0 {
            named.push((c, format!("RCUE {} of year {}", k.value, y.annee.value)));
        }
    }
    let mut first: HashMap<&str, (&Sp<String>, &str)> = HashMap::new();
    for (code, what) in &named {
        match first.get(code.value.trim()) {
            Some((at, other)) if other != what => diags.push(
                duplicate("the Apogée element", code, Loc::of(at)).help(format!(
                    "it names {other} and {what}: give each its own element code"
                )),
            ),
            Some(_) => {}
            None => {
                first.insert(code.value.trim(), (code, what));
            }
        }
    }
}

fn article(a: &raw::RawArticle) -> Article {
    Article {
        titre: a.titre.value.clone(),
        texte: text(&a.texte),
        sections: a.sections.iter().map(article).collect(),
    }
}

fn codes(c: &[Competence]) -> Vec<String> {
    c.iter().map(|c| c.code.clone()).collect()
}

fn lower_semester(
    s: &raw::RawSemestre,
    parcours: Vec<String>,
    default_regime: Option<Regime>,
    default_eval: &Option<String>,
    competences: &[Competence],
    diags: &mut Vec<Diagnostic>,
) -> Semester {
    // UEs first: marks and row coefficients refer to them.
    let mut ues: Vec<Ue> = Vec::new();
    let mut ue_index: HashMap<String, usize> = HashMap::new();
    // Model index of each raw UE; `None` for a duplicate, dropped with its rows.
    let mut kept: Vec<Option<usize>> = Vec::new();
    for u in &s.ues {
        if let Some(&first) = ue_index.get(&u.code.value) {
            diags.push(duplicate("UE", &u.code, ues[first].code.loc));
            kept.push(None);
            continue;
        }
        kept.push(Some(ues.len()));
        let names = match &u.competence.value {
            raw::OneOrMany::One(c) => vec![c.clone()],
            raw::OneOrMany::Many(v) => v.clone(),
        };
        let competence = match names.as_slice() {
            [one] => {
                let found = competences.iter().position(|c| &c.code == one);
                if found.is_none() && !competences.is_empty() {
                    diags.push(unknown_at(
                        "competence",
                        one,
                        Loc::of(&u.competence),
                        &codes(competences),
                    ));
                }
                found
            }
            _ => None,
        };
        ue_index.insert(u.code.value.clone(), ues.len());
        ues.push(Ue {
            code: at(&u.code),
            intitule: text(&u.intitule),
            competences: At::new(names, Loc::of(&u.competence)),
            competence,
            level: at(&u.niveau),
            ects: num(&u.ects),
            coefficient: num(&u.coefficient),
            code_apogee: text(&u.code_apogee),
            rows: Vec::new(),
            total_ressources: totals(&u.total_ressources),
            total_saes: totals(&u.total_saes),
            total: totals(&u.total),
        });
    }
    let ue_codes: Vec<String> = ues.iter().map(|u| u.code.value.clone()).collect();

    let mut teachings: Vec<Teaching> = Vec::new();
    let mut t_index: HashMap<String, usize> = HashMap::new();
    for t in &s.enseignements {
        // Known by its code, or where the document prints none by its
        // repère, or else its name.
        if let (Some(_), Some(r)) = (&t.code, &t.repere) {
            diags.push(both_code_and_repere(r));
        }
        let key = t.code.as_ref().or(t.repere.as_ref()).unwrap_or(&t.nom);
        if let Some(&first) = t_index.get(&key.value) {
            diags.push(duplicate("teaching", key, teachings[first].code.loc));
            continue;
        }
        let marks = t.ues.as_ref().map(|list| {
            list.iter()
                .filter_map(|m| match ue_index.get(&m.value) {
                    Some(&i) => Some(At::new(i, Loc::of(m))),
                    None => {
                        diags.push(unknown("UE", m, &ue_codes));
                        None
                    }
                })
                .collect()
        });
        let mut row_coefs = Vec::new();
        for (k, v) in t.coefs.iter().flat_map(|m| &m.0) {
            match ue_index.get(&k.value) {
                Some(&i) => row_coefs.push((i, at(v))),
                None => diags.push(unknown("UE", k, &ue_codes)),
            }
        }
        t_index.insert(key.value.clone(), teachings.len());
        teachings.push(Teaching {
            code: at(key),
            coded: t.code.is_some(),
            name: t.nom.value.clone(),
            kind: t.kind.value,
            evaluation: text(&t.evaluation),
            hours: Some(hours(hours_of!(t))),
            marks,
            row_coefs,
            has_own_row: true,
        });
    }

    for (u, ui) in s.ues.iter().zip(kept) {
        let Some(ui) = ui else { continue };
        let mut seen: HashMap<String, Loc> = HashMap::new();
        for (pole, rows) in [(Pole::Ressources, &u.ressources), (Pole::Saes, &u.saes)] {
            for r in rows {
                // Known by its code, or where the document prints none by
                // its repère, or else its name.
                if let (Some(_), Some(rep)) = (&r.code, &r.repere) {
                    diags.push(both_code_and_repere(rep));
                }
                let Some(key) = r.code.as_ref().or(r.repere.as_ref()).or(r.nom.as_ref()) else {
                    diags.push(
                        Diagnostic::new(
                            &crate::load::YAML,
                            Loc::of(&u.code),
                            format!("a teaching of {} has neither a code nor a name", u.code.value),
                        )
                        .help("write its `code:` as the document prints it, or its `nom:` when the document prints no code"),
                    );
                    continue;
                };
                if let Some(first) = seen.get(&key.value) {
                    diags.push(duplicate("teaching in this UE", key, *first));
                    continue;
                }
                seen.insert(key.value.clone(), Loc::of(key));
                let ti = match t_index.get(&key.value) {
                    Some(&i) => i,
                    None => {
                        let kind = r.kind.as_ref().map(|k| k.value).unwrap_or(match pole {
                            Pole::Ressources => Kind::Ressource,
                            Pole::Saes => Kind::Sae,
                        });
                        t_index.insert(key.value.clone(), teachings.len());
                        teachings.push(Teaching {
                            code: at(key),
                            coded: r.code.is_some(),
                            name: r.nom.as_ref().map(|n| n.value.clone()).unwrap_or_default(),
                            kind,
                            evaluation: None,
                            hours: None,
                            marks: None,
                            row_coefs: Vec::new(),
                            has_own_row: false,
                        });
                        teachings.len() - 1
                    }
                };
                let h = hours(hours_of!(r));
                ues[ui].rows.push(UeRow {
                    teaching: ti,
                    pole,
                    loc: Loc::of(key),
                    name: r.nom.as_ref().map(at),
                    evaluation: r.evaluation.as_ref().map(at),
                    hours: (!h.is_empty() || h.weeks.is_some()).then_some(h),
                    coef: r.coef.as_ref().map(at::<Coef>),
                });
                let t = &mut teachings[ti];
                if t.name.is_empty()
                    && let Some(n) = &r.nom
                {
                    t.name = n.value.clone();
                }
            }
        }
    }
    // Evaluation: own row, else first UE row that prints one, else the default.
    for (ti, t) in teachings.iter_mut().enumerate() {
        if t.evaluation.is_none() {
            t.evaluation = ues
                .iter()
                .flat_map(|u| &u.rows)
                .filter(|r| r.teaching == ti)
                .find_map(|r| r.evaluation.as_ref().map(|e| e.value.clone()))
                .or_else(|| default_eval.clone());
        }
    }

    Semester {
        number: at(&s.numero),
        parcours,
        regime: s.regime.as_ref().map(|r| r.value).or(default_regime),
        ues,
        teachings,
        local_adaptation: num(&s.heures_adaptation_locale),
        total_ressources: totals(&s.total_ressources),
        total_saes: totals(&s.total_saes),
        total: totals(&s.total),
    }
}

fn duplicate(what: &str, v: &Sp<String>, first: Loc) -> Diagnostic {
    Diagnostic::new(
        &DUPLICATE_CODE,
        Loc::of(v),
        format!("{what} `{}` is defined twice", v.value),
    )
    .label("second definition")
    .related(first, "first defined here")
}

fn both_code_and_repere(repere: &Sp<String>) -> Diagnostic {
    Diagnostic::new(
        &crate::load::YAML,
        Loc::of(repere),
        format!(
            "this teaching has both a `code:` and a `repere:` (`{}`)",
            repere.value
        ),
    )
    .help("keep `code:` when the document prints the code; `repere:` is for a teaching the document prints without one")
}

fn unknown(what: &str, v: &Sp<String>, known: &[String]) -> Diagnostic {
    unknown_at(what, &v.value, Loc::of(v), known)
}

fn unknown_at(what: &str, name: &str, loc: Loc, known: &[String]) -> Diagnostic {
    let list = if known.iter().all(|k| k.is_empty()) {
        format!("this file defines no {what}")
    } else {
        format!(
            "known: {}",
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    Diagnostic::new(
        &UNKNOWN_REFERENCE,
        loc,
        format!("there is no {what} `{name}` here ({list})"),
    )
    .label(format!("unknown {what}"))
}
