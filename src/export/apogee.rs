//! The Apogée interchange file of an étape, filled with the jury's results.
//!
//! The office downloads the file from Apogée for the étape: plain text,
//! Windows-1252, tab-separated, CRLF, in four sections opened by marker
//! lines: `XX-APO_TITRES-XX` (`key<TAB>value` lines), `XX-APO_TYP_RES-XX`
//! (the result codes each element type allows), `XX-APO_COLONNES-XX` (one
//! line per column between `APO_COL_VAL_DEB` and `APO_COL_VAL_FIN`: its id,
//! object type, element code, …, and which of the element's four cells it
//! is: **N** note, **B** barème, **J** points jury, **R** résultat) and
//! `XX-APO_VALEURS-XX` (a header naming the columns, then a line per
//! student: NIP, nom, prénom, naissance, then the cells, empty).
//!
//! Elements are found through the curriculum's `code_apogee:` keys (on the
//! UEs; on the year and its RCUEs under `annees:`). For each student of the
//! cohort, N gets the average as shown (`12,50`; `0,01` for DEF and DEM, as
//! ScoDoc writes), B gets 20 when N has a value, J is left as it is, and R
//! gets the decision translated to a code the file allows ([`Translation`]).
//! The file's bytes are kept: only those cells change, so names keep their
//! encoding, and lines of students not in the cohort are copied unchanged.

use std::collections::{BTreeMap, BTreeSet};

use crate::decide::YearDecision;
use crate::diag::{Diagnostic, Rule, Severity};
use crate::model::{Code, Cohort};

/// The rule of every finding that stops the export.
pub static APOGEE: Rule = Rule {
    id: "apogee",
    severity: Severity::Error,
    why: "Apogée records the results of the étape from this file: a result it does not allow, or a file it did not write, would be refused there or recorded wrong",
    source: "maquette export apogee",
    fix: "download the étape's file from Apogée again, or map the code with --codes",
};

/// What the export leaves as it is, said.
pub static APOGEE_UNMATCHED: Rule = Rule {
    id: "apogee-unmatched",
    severity: Severity::Warning,
    why: "a column no curriculum code names, a curriculum code the file lacks, a student of the file not in the cohort or of the cohort not in the file: their cells are left as they are, so the office must know",
    source: "maquette export apogee",
    fix: "add the code_apogee to the curriculum, or the student to the cohort; or leave it, if it belongs elsewhere",
};

/// Jury codes → the codes Apogée records.
#[derive(Debug, Clone)]
pub struct Translation(BTreeMap<Code, String>);

impl Default for Translation {
    /// Each code as itself, but those Apogée has no equivalent for:
    /// ADSUP and ADJR are admitted (ADM), CMP is compensated (COMP), as
    /// ScoDoc translates them by default; PAS1NCI (passage with an RCUE not
    /// acquired) is AJAC, "ajourné mais accès autorisé à l'étape
    /// supérieure"; EXCLU is EXC; ATJ and RAT are pending (ATT).
    fn default() -> Translation {
        use Code::*;
        let pairs = [
            (ADM, "ADM"),
            (CMP, "COMP"),
            (AJ, "AJ"),
            (ADSUP, "ADM"),
            (PASD, "PASD"),
            (RED, "RED"),
            (NAR, "NAR"),
            (ATT, "ATT"),
            (DEF, "DEF"),
            (ADJ, "ADJ"),
            (ADJR, "ADM"),
            (PAS1NCI, "AJAC"),
            (DEM, "DEM"),
            (ABAN, "ABAN"),
            (ABL, "ABL"),
            (EXCLU, "EXC"),
            (ATJ, "ATT"),
            (RAT, "ATT"),
        ];
        Translation(pairs.into_iter().map(|(c, a)| (c, a.to_string())).collect())
    }
}

impl Translation {
    /// The defaults with `changes` (jury code → Apogée code) applied.
    pub fn with(mut self, changes: &BTreeMap<String, String>) -> Result<Translation, String> {
        for (ours, theirs) in changes {
            let code = Code::parse(ours).ok_or_else(|| {
                format!("{ours} is not a jury code (ADM, CMP, AJ, ADSUP, PASD, RED, NAR, ADJ, ADJR, PAS1NCI…)")
            })?;
            let theirs = theirs.trim();
            if theirs.is_empty() || !theirs.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(format!("{ours}: \"{theirs}\" is not an Apogée result code"));
            }
            self.0.insert(code, theirs.to_string());
        }
        Ok(self)
    }

    /// The Apogée code of a jury code.
    pub fn of(&self, c: Code) -> &str {
        &self.0[&c]
    }
}

/// One column of the file.
#[derive(Debug, Clone)]
struct Column {
    /// `apoL_c0001`.
    id: String,
    /// The element's code (`7WGA4`).
    element: String,
    /// The element's label, when the file gives one.
    label: String,
    /// N, B, J or R.
    cell: char,
}

/// An interchange file, read.
#[derive(Debug)]
pub struct File {
    /// The file's name as the user gave it, for findings.
    name: String,
    /// Its lines, without line ends, as bytes.
    lines: Vec<Vec<u8>>,
    /// Every result code the file's APO_TYP_RES lists.
    allowed: BTreeSet<String>,
    columns: Vec<Column>,
    /// Column id → field index in the student lines.
    positions: BTreeMap<String, usize>,
    /// Index of the first student line.
    first_student: usize,
    /// Fields of the header of APO_VALEURS.
    width: usize,
}

fn fields(line: &[u8]) -> Vec<&[u8]> {
    line.split(|b| *b == b'\t').collect()
}

/// A line's bytes as text, for a person: UTF-8 when it is, else Windows-1252.
fn decoded(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

fn trimmed(bytes: &[u8]) -> String {
    decoded(bytes).trim().to_string()
}

const SECTIONS: [&str; 4] = [
    "XX-APO_TITRES-XX",
    "XX-APO_TYP_RES-XX",
    "XX-APO_COLONNES-XX",
    "XX-APO_VALEURS-XX",
];

fn error(name: &str, line: Option<usize>, message: String) -> Diagnostic {
    let at = match line {
        Some(l) => format!("{name}, ligne {}", l + 1),
        None => name.to_string(),
    };
    Diagnostic::new(&APOGEE, None, format!("{at}: {message}"))
}

/// Reads an interchange file; what is not one is a finding.
pub fn parse(bytes: &[u8], name: &str) -> Result<File, Diagnostic> {
    let mut lines: Vec<Vec<u8>> = bytes
        .split(|b| *b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l).to_vec())
        .collect();
    if lines.last().is_some_and(Vec::is_empty) {
        lines.pop();
    }
    let mut starts = [0usize; 4];
    for (k, marker) in SECTIONS.iter().enumerate() {
        starts[k] = lines
            .iter()
            .position(|l| trimmed(l) == *marker)
            .ok_or_else(|| {
                error(
                    name,
                    None,
                    format!(
                        "has no {marker} section: it is not the interchange file Apogée exports for an étape"
                    ),
                )
            })?;
    }
    if !starts.is_sorted() {
        return Err(error(
            name,
            None,
            format!(
                "its sections are not in Apogée's order ({})",
                SECTIONS.join(", ")
            ),
        ));
    }
    // APO_TYP_RES: `N<TAB>CODE<TAB>CODE…` lines list the codes allowed.
    let mut allowed = BTreeSet::new();
    for line in &lines[starts[1] + 1..starts[2]] {
        let f = fields(line);
        if f.len() > 1 && trimmed(f[0]).parse::<u32>().is_ok() {
            allowed.extend(f[1..].iter().map(|c| trimmed(c)).filter(|c| !c.is_empty()));
        }
    }
    if allowed.is_empty() {
        return Err(error(
            name,
            Some(starts[1]),
            "XX-APO_TYP_RES-XX lists no result code: the results cannot be checked".into(),
        ));
    }
    // APO_COLONNES: the columns between APO_COL_VAL_DEB and APO_COL_VAL_FIN.
    let block = &lines[starts[2] + 1..starts[3]];
    let begin = block.iter().position(|l| trimmed(l) == "APO_COL_VAL_DEB");
    let end = block.iter().position(|l| trimmed(l) == "APO_COL_VAL_FIN");
    let (Some(begin), Some(end)) = (begin, end) else {
        return Err(error(
            name,
            Some(starts[2]),
            "XX-APO_COLONNES-XX has no APO_COL_VAL_DEB … APO_COL_VAL_FIN block".into(),
        ));
    };
    let mut columns = Vec::new();
    for (k, line) in block[begin + 1..end.max(begin + 1)].iter().enumerate() {
        let at = starts[2] + 2 + begin + k;
        let f: Vec<String> = fields(line).iter().map(|x| trimmed(x)).collect();
        if f.iter().all(String::is_empty) {
            continue;
        }
        let cell = f
            .get(7)
            .and_then(|c| c.chars().next())
            .filter(|c| "NBJR".contains(*c));
        let (Some(element), Some(cell)) = (f.get(2).filter(|e| !e.is_empty()), cell) else {
            return Err(error(
                name,
                Some(at),
                "this column names no element, or no cell type (N, B, J or R)".into(),
            ));
        };
        columns.push(Column {
            id: f[0].clone(),
            element: element.clone(),
            label: f.get(8).cloned().unwrap_or_default(),
            cell,
        });
    }
    // APO_VALEURS: a header, then a line per student.
    let Some(header) = (starts[3] + 1..lines.len()).find(|&i| !trimmed(&lines[i]).is_empty())
    else {
        return Err(error(
            name,
            Some(starts[3]),
            "XX-APO_VALEURS-XX has no header line".into(),
        ));
    };
    let head: Vec<String> = fields(&lines[header]).iter().map(|x| trimmed(x)).collect();
    let positions: BTreeMap<String, usize> = head
        .iter()
        .enumerate()
        .filter(|(_, h)| !h.is_empty())
        .map(|(i, h)| (h.clone(), i))
        .collect();
    if positions.get("apoL_a01_code") != Some(&0) {
        return Err(error(
            name,
            Some(header),
            "the header of XX-APO_VALEURS-XX does not start with apoL_a01_code (the student number)".into(),
        ));
    }
    for c in &columns {
        if !positions.contains_key(&c.id) {
            return Err(error(
                name,
                Some(header),
                format!(
                    "the column {} of XX-APO_COLONNES-XX is not in the header of XX-APO_VALEURS-XX",
                    c.id
                ),
            ));
        }
    }
    Ok(File {
        name: name.to_string(),
        width: head.len(),
        lines,
        allowed,
        columns,
        positions,
        first_student: header + 1,
    })
}

/// What the curriculum's code names.
#[derive(Debug, Clone, PartialEq)]
enum Target {
    Ue { semester: u8, code: String },
    Rcue { competence: String },
    Year,
}

/// The file filled, and what was done.
#[derive(Debug)]
pub struct Filled {
    /// The file's bytes with the results; `None` when a finding stops it.
    pub bytes: Option<Vec<u8>>,
    pub findings: Vec<Diagnostic>,
    /// Students of the cohort whose lines were filled.
    pub students: usize,
    /// Cells written.
    pub cells: usize,
}

/// The codes the curriculum gives for the cohort's year.
fn targets(cohort: &Cohort) -> BTreeMap<String, (Target, String)> {
    let c = &cohort.curriculum;
    let mut out = BTreeMap::new();
    for s in c.semesters.iter().filter(|s| s.year() == cohort.year) {
        for u in &s.ues {
            if let Some(code) = &u.code_apogee {
                out.insert(
                    code.clone(),
                    (
                        Target::Ue {
                            semester: s.number.value,
                            code: u.code.value.clone(),
                        },
                        format!("UE {} (S{})", u.code.value, s.number.value),
                    ),
                );
            }
        }
    }
    for y in c.apogee.iter().filter(|y| y.year == cohort.year) {
        if let Some(code) = &y.code {
            out.insert(code.clone(), (Target::Year, format!("year {}", y.year)));
        }
        for (k, code) in &y.rcues {
            let nom = c.competences[*k].nom.clone();
            out.insert(
                code.clone(),
                (
                    Target::Rcue {
                        competence: nom.clone(),
                    },
                    format!("RCUE {}", c.competences[*k].code),
                ),
            );
        }
    }
    out
}

/// The average and the code a student has for a target.
fn result(d: &YearDecision, t: &Target) -> Option<(Option<crate::model::grade::Average>, Code)> {
    match t {
        Target::Ue { semester, code } => d
            .ues
            .iter()
            .find(|u| u.semester == *semester && &u.code == code)
            .map(|u| (u.average, u.decision)),
        Target::Rcue { competence } => d
            .rcues
            .iter()
            .find(|r| &r.competence == competence)
            .map(|r| (r.average, r.decision)),
        Target::Year => d.decision.map(|c| (None, c)),
    }
}

/// Fills the file with the cohort's results.
pub fn fill(file: &File, cohort: &Cohort, decisions: &[YearDecision], t: &Translation) -> Filled {
    let mut findings = Vec::new();
    let warn = |message: String| Diagnostic::new(&APOGEE_UNMATCHED, None, message);
    let name = &file.name;
    let targets = targets(cohort);
    let mut seen = BTreeSet::new();
    for c in &file.columns {
        if !targets.contains_key(&c.element) && seen.insert(c.element.clone()) {
            let label = if c.label.is_empty() {
                String::new()
            } else {
                format!(" ({})", c.label)
            };
            findings.push(warn(format!(
                "{name}: the element {}{label} is no code_apogee of year {} of the curriculum: its cells are left as they are",
                c.element, cohort.year
            )));
        }
    }
    for (code, (_, what)) in &targets {
        if !file.columns.iter().any(|c| &c.element == code) {
            findings.push(warn(format!(
                "{name}: the curriculum's code_apogee {code} ({what}) has no column in this file: its result is not exported"
            )));
        }
    }
    let by_number: BTreeMap<&str, usize> = cohort
        .students
        .iter()
        .enumerate()
        .map(|(i, s)| (s.numero.as_str(), i))
        .collect();
    let mut lines = file.lines.clone();
    let mut in_file = BTreeSet::new();
    let (mut students, mut cells) = (0, 0);
    for (i, line) in file.lines.iter().enumerate().skip(file.first_student) {
        let f = fields(line);
        let nip = trimmed(f[0]);
        if nip.is_empty() {
            continue;
        }
        let who = format!(
            "{nip} {}",
            f.iter()
                .skip(1)
                .take(2)
                .map(|x| trimmed(x))
                .collect::<Vec<_>>()
                .join(" ")
        );
        let Some(&k) = by_number.get(nip.as_str()) else {
            findings.push(warn(format!(
                "{name}, ligne {}: student {} is not in the cohort: the line is left as it is",
                i + 1,
                who.trim()
            )));
            continue;
        };
        in_file.insert(k);
        let d = &decisions[k];
        let mut out: Vec<Vec<u8>> = f.iter().map(|x| x.to_vec()).collect();
        out.resize(out.len().max(file.width), Vec::new());
        for c in &file.columns {
            let Some((target, _)) = targets.get(&c.element) else {
                continue;
            };
            let Some((average, code)) = result(d, target) else {
                continue;
            };
            let value = match c.cell {
                'N' if matches!(code, Code::DEF | Code::DEM) => "0,01".to_string(),
                'N' => average.map(|a| a.to_string()).unwrap_or_default(),
                'B' if average.is_some() || matches!(code, Code::DEF | Code::DEM) => "20".into(),
                'R' => {
                    let theirs = t.of(code);
                    if !file.allowed.contains(theirs) {
                        findings.push(error(
                            name,
                            Some(i),
                            format!(
                                "student {}: {code} for {} would be written {theirs}, which the file's XX-APO_TYP_RES-XX does not allow; map {code} to one of its codes with --codes",
                                who.trim(),
                                c.element
                            ),
                        ));
                        continue;
                    }
                    theirs.to_string()
                }
                _ => continue,
            };
            out[file.positions[&c.id]] = value.into_bytes();
            cells += 1;
        }
        students += 1;
        lines[i] = out.join(&b'\t');
    }
    for (k, s) in cohort.students.iter().enumerate() {
        if !in_file.contains(&k) {
            findings.push(warn(format!(
                "{name}: student {} {} {} of the cohort is not in this file: is the student enrolled in the étape in Apogée?",
                s.numero, s.nom, s.prenom
            )));
        }
    }
    let blocked = findings.iter().any(|d| d.rule.severity == Severity::Error);
    let bytes = (!blocked).then(|| {
        let mut b = lines.join(&b"\r\n"[..]);
        b.extend_from_slice(b"\r\n");
        b
    });
    Filled {
        bytes,
        findings,
        students,
        cells,
    }
}
