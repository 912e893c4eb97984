//! ScoDoc 9's BUT bulletin in JSON, as its API serves it
//! (`/api/etudiant/…/formsemestre/<id>/bulletin`, one student; or a list of
//! them, as `/formsemestre/<id>/bulletins` serves a whole semester).
//!
//! A bulletin gives the student's identity and, under `ues`, each UE's
//! ressources and SAÉ with their coefficient in that UE and their average
//! *in that UE*: ScoDoc weighs every evaluation per UE, so a module has an
//! average of its own in each UE it feeds. Those are the grades read; the
//! cohort keeps one per UE when they differ (`R101: { UE11: 13, UE12: 12.5 }`),
//! so the UE averages are ScoDoc's. What ScoDoc computed itself (the UE
//! averages, ECTS, ranks) is not read: maquette computes it.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::{IMPORT, IMPORT_SCODOC, Note, Student, finding, number};
use crate::diag::Diagnostic;
use crate::load::text::fold;
use crate::model::num::Num;
use crate::model::{Curriculum, Semester};

/// A file of ScoDoc bulletins.
#[derive(Debug)]
pub struct Bulletins {
    /// The file's name as the user gave it.
    pub file: String,
    /// One bulletin per student.
    pub items: Vec<Value>,
}

/// True when the file is JSON (by its name).
pub fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Reads a file of one bulletin, or of a list of bulletins.
pub fn read(path: &Path) -> Result<Bulletins, String> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        format!(
            "line {}, column {}: this is not JSON as ScoDoc writes it ({e})",
            e.line(),
            e.column()
        )
    })?;
    let items = match value {
        Value::Array(items) => items,
        one @ Value::Object(_) => vec![one],
        _ => return Err("a ScoDoc bulletin is a JSON object, or a list of them".into()),
    };
    Ok(Bulletins { file, items })
}

/// A number or a string of one, as ScoDoc writes figures (`"13.00"`, `12.0`).
fn figure(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.trim().to_string()),
        _ => None,
    }
}

fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The student one bulletin gives, with the semester it is of; `None` when
/// it cannot be read (the findings say why).
pub(super) fn student(
    b: &Bulletins,
    index: usize,
    c: &Curriculum,
    year: u8,
    findings: &mut Vec<Diagnostic>,
) -> Option<(u8, Student)> {
    let item = &b.items[index];
    let mut at = format!("{}, bulletin {}", b.file, index + 1);
    let Some(who) = item.get("etudiant").filter(|e| e.is_object()) else {
        findings.push(finding(
            &IMPORT,
            at,
            "has no `etudiant`: is it a ScoDoc BUT bulletin?".into(),
        ));
        return None;
    };
    let nom = text(who.get("nom")).unwrap_or_default();
    let prenom = text(who.get("prenom")).unwrap_or_default();
    at = format!("{at} ({nom} {prenom})");
    if nom.is_empty() || prenom.is_empty() {
        findings.push(finding(
            &IMPORT,
            at.clone(),
            "gives no nom or no prénom for the student".into(),
        ));
    }
    let numero = match (
        text(who.get("code_nip")),
        who.get("etudid").and_then(figure),
    ) {
        (Some(nip), _) => nip,
        (None, Some(etudid)) => {
            findings.push(finding(
                &IMPORT_SCODOC,
                at.clone(),
                format!(
                    "has no code_nip: ScoDoc's own number (etudid {etudid}) is the student number here; Apogée knows students by their NIP, so set it in ScoDoc, or correct it in the cohort"
                ),
            ));
            etudid
        }
        (None, None) => {
            findings.push(finding(
                &IMPORT,
                at,
                "has neither a code_nip nor an etudid: the student cannot be named".into(),
            ));
            return None;
        }
    };
    let naissance = text(who.get("date_naissance"));
    let naissance = match naissance {
        Some(d) if chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").is_ok() => Some(d),
        Some(d) => {
            findings.push(finding(
                &IMPORT_SCODOC,
                at.clone(),
                format!(
                    "gives the birth date \"{d}\", which is no date (YYYY-MM-DD): it is not read"
                ),
            ));
            None
        }
        None => None,
    };
    let Some(n) = item
        .pointer("/semestre/numero")
        .and_then(Value::as_u64)
        .and_then(|n| u8::try_from(n).ok())
    else {
        findings.push(finding(
            &IMPORT,
            at,
            "does not say which semester it is of (semestre.numero)".into(),
        ));
        return None;
    };
    if n.div_ceil(2) != year {
        findings.push(finding(
            &IMPORT,
            at,
            format!(
                "is of S{n}, not of year {year} (S{} and S{})",
                2 * year - 1,
                2 * year
            ),
        ));
        return None;
    }
    let Some(sem) = c.semesters.iter().find(|s| s.number.value == n) else {
        findings.push(finding(
            &IMPORT,
            at,
            format!("is of S{n}, which the curriculum does not describe"),
        ));
        return None;
    };
    let notes = grades(item, sem, &at, findings)?;
    let mut student = Student {
        numero,
        nom,
        prenom,
        ine: text(who.get("code_ine")),
        naissance,
        courriel: text(who.get("email")),
        at,
        notes: BTreeMap::new(),
    };
    student.notes.insert(n, notes);
    Some((n, student))
}

/// The academic year a bulletin gives (`2021 - 2022` is written 2021-2022).
pub fn academic_year(b: &Bulletins) -> Option<String> {
    b.items.iter().find_map(|i| {
        let y = i.pointer("/semestre/annee_universitaire")?.as_str()?;
        Some(y.split_whitespace().collect::<String>())
    })
}

/// Each teaching's grade, per UE as the bulletin gives them, checked
/// against the curriculum's semester.
fn grades(
    item: &Value,
    sem: &Semester,
    at: &str,
    findings: &mut Vec<Diagnostic>,
) -> Option<BTreeMap<String, Note>> {
    let n = sem.number.value;
    let Some(ues) = item.get("ues").and_then(Value::as_object) else {
        findings.push(finding(
            &IMPORT,
            at.into(),
            "has no `ues`: its grades cannot be read".into(),
        ));
        return None;
    };
    let errors_before = findings.len();
    // (teaching index, UE index) → grade as the cohort writes it.
    let mut given: BTreeMap<(usize, usize), String> = BTreeMap::new();
    let mut pending = 0;
    for (ue_key, ue) in ues {
        let here = format!("{at}, ues › {ue_key}");
        let Some(ui) = sem
            .ues
            .iter()
            .position(|u| fold(&u.code.value) == fold(ue_key))
        else {
            let known: Vec<&str> = sem.ues.iter().map(|u| u.code.value.as_str()).collect();
            findings.push(finding(
                &IMPORT,
                here,
                format!(
                    "ScoDoc's UE {ue_key} is no UE of S{n} in the curriculum (its UEs: {})",
                    known.join(", ")
                ),
            ));
            continue;
        };
        if ue
            .get("capitalise")
            .is_some_and(|c| !c.is_null() && c != false)
        {
            findings.push(finding(
                &IMPORT,
                here.clone(),
                "is capitalised in ScoDoc (acquired in an earlier attempt): write it under the student's `acquis`, with its average and code, and import again".into(),
            ));
        }
        for extra in ["bonus", "malus"] {
            let value = ue.get(extra).and_then(figure);
            if let Some(v) = value.filter(|v| Num::parse(v).is_some_and(|x| !x.is_zero())) {
                findings.push(finding(
                    &IMPORT_SCODOC,
                    here.clone(),
                    format!(
                        "has a {extra} of {v} in ScoDoc, which is not read: maquette's UE average leaves it out"
                    ),
                ));
            }
        }
        for kind in ["ressources", "saes"] {
            let Some(modules) = ue.get(kind).and_then(Value::as_object) else {
                continue;
            };
            for (code, m) in modules {
                let here = format!("{here} › {kind} › {code}");
                let Some(ti) = sem
                    .teachings
                    .iter()
                    .position(|t| fold(&t.code.value) == fold(code))
                else {
                    findings.push(finding(
                        &IMPORT,
                        here,
                        format!("{code} is no teaching of S{n} in the curriculum"),
                    ));
                    continue;
                };
                let teaching = &sem.teachings[ti].code.value;
                let ours = sem
                    .coefficients(ti)
                    .into_iter()
                    .find(|(u, _, _)| *u == ui)
                    .and_then(|(_, c, _)| c)
                    .filter(|c| !c.is_zero());
                let theirs = m.get("coef").and_then(figure).and_then(|c| Num::parse(&c));
                match (ours, theirs) {
                    (Some(a), Some(b)) if a != b => findings.push(finding(
                        &IMPORT_SCODOC,
                        here.clone(),
                        format!(
                            "ScoDoc weighs {teaching} {} in {}, the curriculum {}: maquette's UE average follows the curriculum",
                            b.fr(),
                            sem.ues[ui].code.value,
                            a.fr()
                        ),
                    )),
                    (None, Some(b)) if !b.is_zero() => {
                        findings.push(finding(
                            &IMPORT_SCODOC,
                            here.clone(),
                            format!(
                                "ScoDoc weighs {teaching} {} in {}, where the curriculum gives it no coefficient: its average there is not read",
                                b.fr(),
                                sem.ues[ui].code.value
                            ),
                        ));
                        continue;
                    }
                    (None, _) => continue,
                    _ => {}
                }
                let grade = match m.get("moyenne").and_then(figure) {
                    Some(t) if t == "~" => {
                        pending += 1;
                        Ok("ATT".to_string())
                    }
                    Some(t) if ["ABI", "ABJ", "EXC", "ATT", "DEF"].contains(&t.as_str()) => Ok(t),
                    Some(t) => number(&t),
                    None => Err("gives no average (moyenne)".to_string()),
                };
                match grade {
                    Ok(g) => {
                        given.insert((ti, ui), g);
                    }
                    Err(why) => findings.push(finding(&IMPORT, here, format!("{teaching} {why}"))),
                }
            }
        }
    }
    if pending > 0 {
        findings.push(finding(
            &IMPORT_SCODOC,
            at.into(),
            format!(
                "{pending} averages are \"~\" in ScoDoc (no grade yet): they are written ATT, and the UEs they count in stay pending"
            ),
        ));
    }
    // Every (teaching, UE) the curriculum weighs needs the bulletin's average.
    let mut notes = BTreeMap::new();
    for (ti, t) in sem.teachings.iter().enumerate() {
        let counts: Vec<usize> = sem
            .coefficients(ti)
            .into_iter()
            .filter(|(_, c, _)| c.is_some_and(|c| !c.is_zero()))
            .map(|(u, _, _)| u)
            .collect();
        let mut per_ue = BTreeMap::new();
        for &ui in &counts {
            match given.get(&(ti, ui)) {
                Some(g) => {
                    per_ue.insert(sem.ues[ui].code.value.clone(), g.clone());
                }
                None => findings.push(finding(
                    &IMPORT,
                    format!("{at}, ues › {}", sem.ues[ui].code.value),
                    format!(
                        "gives no average of {} in {}, where the curriculum counts it",
                        t.code.value, sem.ues[ui].code.value
                    ),
                )),
            }
        }
        if per_ue.is_empty() {
            continue;
        }
        let first = per_ue.values().next().expect("not empty").clone();
        let note = if per_ue.values().all(|g| *g == first) && per_ue.len() == counts.len() {
            Note::One(first)
        } else {
            Note::PerUe(per_ue)
        };
        notes.insert(t.code.value.clone(), note);
    }
    let blocked = findings[errors_before..]
        .iter()
        .any(|d| d.rule.severity == crate::diag::Severity::Error);
    (!blocked).then_some(notes)
}
