//! `maquette import`: a cohort YAML written from the data an office already
//! has: spreadsheets (XLSX, ODS, or CSV as Excel writes it in France: one
//! row per student, one column per teaching, one sheet or file per
//! semester) and ScoDoc's BUT bulletins in JSON ([`scodoc`]).
//!
//! Every student, column or cell that cannot be read is a finding naming
//! the file, the sheet and the cell (`notes-s1.xlsx, feuille S1, C12`);
//! nothing is dropped silently. The cohort written is the jury's record:
//! reviewable, diffable, and checked by `maquette check` like a hand-written
//! one.

mod merge;
pub mod scodoc;
pub mod table;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::diag::{Diagnostic, Rule, Severity};
use crate::load::text::{fold, yaml_quoted as quoted};
use crate::model::Curriculum;
use crate::model::num::Num;
use table::{Cell, Table};

/// The rule of every import finding.
pub static IMPORT: Rule = Rule {
    id: "import",
    severity: Severity::Error,
    why: "every student, column and cell of an imported spreadsheet is read, or said why not; nothing is dropped",
    source: "maquette import",
    fix: "correct the cell named, or map the column's header to a teaching code with --correspondance",
};

/// A column the import does not read, said as a warning.
pub static IMPORT_IGNORED: Rule = Rule {
    id: "import-ignored",
    severity: Severity::Warning,
    why: "a column that is not a grade of a teaching (a UE average computed by another tool) is not read: maquette computes it",
    source: "maquette import",
    fix: "nothing to do, or remove the column",
};

/// What ScoDoc computes or keeps that the import does not read, said.
pub static IMPORT_SCODOC: Rule = Rule {
    id: "import-scodoc",
    severity: Severity::Warning,
    why: "what a ScoDoc bulletin holds that the cohort does not take (its own number when the NIP is missing, a bonus, a coefficient that differs from the curriculum's, a grade still \"~\") is said, never dropped silently",
    source: "maquette import",
    fix: "correct it in ScoDoc and export again, or in the cohort written",
};

/// What the import needs beside the tables.
#[derive(Debug, Clone)]
pub struct Request {
    /// The curriculum's path as the cohort will name it (relative to the cohort).
    pub maquette: String,
    pub annee_universitaire: Option<String>,
    /// The BUT year of the jury.
    pub year: u8,
    /// Column headers mapped to teaching codes, when headers are not codes.
    pub columns: BTreeMap<String, String>,
    /// The jury: after the odd semester only, or the year's.
    pub jury: crate::model::Jury,
}

/// The import's result: the cohort's text (when nothing blocks it) and the
/// findings.
#[derive(Debug)]
pub struct Imported {
    pub yaml: Option<String>,
    pub findings: Vec<Diagnostic>,
    pub students: usize,
    pub grades: usize,
    /// Over an existing cohort: what changed, grade by grade, in words.
    pub changes: Vec<String>,
}

/// One student as read.
#[derive(Debug, Default)]
struct Student {
    numero: String,
    nom: String,
    prenom: String,
    ine: Option<String>,
    naissance: Option<String>,
    courriel: Option<String>,
    /// Where the student was first read, for the findings.
    at: String,
    /// semester → (teaching code → grade as YAML).
    notes: BTreeMap<u8, BTreeMap<String, Note>>,
}

/// A code as a YAML key: bare when it is a plain code (`R1.01`, `SAE101`,
/// `UE11`), quoted otherwise.
fn key(code: &str) -> String {
    let plain = code.starts_with(|c: char| c.is_ascii_alphabetic())
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-_".contains(c))
        && !matches!(
            code.to_ascii_lowercase().as_str(),
            "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null"
        );
    if plain {
        code.to_string()
    } else {
        quoted(code)
    }
}

/// A teaching's grade as the cohort will write it: one, or one per UE.
#[derive(Debug, Clone, PartialEq)]
enum Note {
    One(String),
    PerUe(BTreeMap<String, String>),
}

impl Note {
    /// As YAML: `12.5`, or `{ UE11: 13, UE12: 12.5 }`.
    fn yaml(&self) -> String {
        match self {
            Note::One(g) => g.clone(),
            Note::PerUe(m) => {
                let cells: Vec<String> =
                    m.iter().map(|(u, g)| format!("{}: {g}", key(u))).collect();
                format!("{{ {} }}", cells.join(", "))
            }
        }
    }
}

/// The identity columns, by their folded header.
fn identity(header: &str) -> Option<&'static str> {
    match fold(header).as_str() {
        "NUMERO" | "CODENIP" | "NIP" | "N" | "NUMEROETUDIANT" | "NETUDIANT" | "CODEETUDIANT" => {
            Some("numero")
        }
        "NOM" | "NOMDEFAMILLE" => Some("nom"),
        "PRENOM" => Some("prenom"),
        "INE" | "CODEINE" => Some("ine"),
        _ => None,
    }
}

/// Columns of other tools' exports that are not a teaching's grade (ScoDoc's
/// tableau récapitulatif: rank, its student id, civility, group, averages,
/// bonus, absences), by their folded header.
fn not_a_grade(code: &str) -> bool {
    const PREFIXES: [&str; 6] = ["MOY", "RANG", "BONUS", "MALUS", "ABS", "GROUPE"];
    matches!(
        code,
        "RG" | "ETUDID" | "CIVILITE" | "CIV" | "PARCOURS" | "ECTS" | "DEC" | "DECISION"
    ) || PREFIXES.iter().any(|p| code.starts_with(p))
}

/// The text of a cell, for identity columns.
fn text(c: &Cell) -> Option<String> {
    match c {
        Cell::Text(t) => Some(t.trim().to_string()),
        Cell::Number(n) => Some(n.clone()),
        _ => None,
    }
}

const CODES: [&str; 5] = ["ABI", "ABJ", "EXC", "ATT", "DEF"];

/// A grade cell as the cohort writes it, or why it cannot be read.
fn grade(c: &Cell) -> Result<String, String> {
    match c {
        Cell::Empty => Err("has no grade: write the grade, or ABI, ABJ, EXC, ATT or DEF".into()),
        Cell::Formula(f) => Err(format!(
            "is a formula (={f}): an import reads values only; paste the values in its place"
        )),
        Cell::Merged => Err(
            "is merged with another cell: unmerge the cells and give each student a grade".into(),
        ),
        Cell::Error(e) => Err(format!("holds an error ({e}) instead of a grade")),
        Cell::Date(d) => Err(format!(
            "is a date or a time ({d}), not a grade: set the cell's format to Nombre and type the grade again"
        )),
        Cell::Number(n) => number(n),
        Cell::Text(t) => {
            if CODES.contains(&t.as_str()) {
                return Ok(t.clone());
            }
            if t.trim() != t {
                return Err(format!(
                    "holds \"{t}\", with a space around it: write {}",
                    t.trim()
                ));
            }
            if CODES.contains(&t.to_uppercase().as_str()) {
                return Ok(t.to_uppercase());
            }
            let digits = t
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.');
            if !digits || t.matches([',', '.']).count() > 1 {
                return Err(format!(
                    "holds \"{t}\", which is neither a grade out of 20 nor ABI, ABJ, EXC, ATT or DEF"
                ));
            }
            number(&t.replace(',', "."))
        }
    }
}

fn number(n: &str) -> Result<String, String> {
    let Some(v) = Num::parse(n) else {
        return Err(format!("holds {n}, which is not a grade out of 20"));
    };
    if v.is_negative() || v > Num::int(20) {
        return Err(format!("holds {}, outside 0 to 20", v.fr()));
    }
    Ok(v.to_string())
}

fn finding(rule: &'static Rule, at: String, message: String) -> Diagnostic {
    Diagnostic::new(rule, None, format!("{at}: {message}"))
}

/// Reads the tables and the ScoDoc bulletins against the curriculum and
/// writes the cohort.
///
/// With `existing`, a re-import over that cohort: the grades of the
/// semesters read are updated in its text, everything else is kept
/// ([`merge`]), and [`Imported::changes`] lists what changed.
pub fn cohort(
    tables: &[Table],
    bulletins: &[scodoc::Bulletins],
    c: &Curriculum,
    request: &Request,
    existing: Option<&crate::model::source::SourceFile>,
) -> Imported {
    let mut findings = Vec::new();
    // Teaching codes of the jury's semesters, folded → (semester, code).
    let semesters: Vec<u8> = match request.jury {
        crate::model::Jury::Even => vec![2 * request.year - 1, 2 * request.year],
        crate::model::Jury::Odd => vec![2 * request.year - 1],
    };
    let mut teachings: BTreeMap<String, (u8, String)> = BTreeMap::new();
    let mut ues: Vec<String> = Vec::new();
    let mut graded: Vec<String> = Vec::new();
    for s in c
        .semesters
        .iter()
        .filter(|s| semesters.contains(&s.number.value))
    {
        for (ti, t) in s.teachings.iter().enumerate() {
            teachings.insert(fold(&t.code.value), (s.number.value, t.code.value.clone()));
            // A teaching with a coefficient needs a grade; one without
            // (a portfolio at 0) may have no column.
            let counts = s
                .coefficients(ti)
                .iter()
                .any(|(_, c, _)| c.is_some_and(|c| !c.is_zero()));
            if counts {
                graded.push(t.code.value.clone());
            }
        }
        ues.extend(s.ues.iter().map(|u| fold(&u.code.value)));
    }
    let mapped: BTreeMap<String, String> = request
        .columns
        .iter()
        .map(|(h, code)| (h.trim().to_string(), code.clone()))
        .collect();

    let mut students: Vec<Student> = Vec::new();
    let mut semesters_seen: Vec<u8> = Vec::new();
    for table in tables {
        if table
            .rows
            .iter()
            .all(|r| r.iter().all(|c| *c == Cell::Empty))
        {
            findings.push(finding(
                &IMPORT_IGNORED,
                table.at_row(0),
                "the sheet is empty; it is not read".into(),
            ));
            continue;
        }
        let Some(header_row) = table.rows.iter().take(10).position(|r| {
            r.iter()
                .filter_map(text)
                .any(|h| identity(&h) == Some("numero"))
        }) else {
            findings.push(finding(
                &IMPORT,
                table.at_row(0),
                "no header row names the student number (numero, code_nip or N°) in its first 10 rows".into(),
            ));
            continue;
        };
        let header = &table.rows[header_row];
        let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
        let mut grade_columns: Vec<(usize, u8, String)> = Vec::new();
        let width = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        for col in 0..width {
            let cell = header.get(col).cloned().unwrap_or(Cell::Empty);
            let Some(h) = text(&cell).filter(|h| !h.is_empty()) else {
                // A column without a readable header: its cells would be lost.
                if let Some(r) = (header_row + 1..table.rows.len())
                    .find(|&r| table.rows[r].get(col).is_some_and(|c| *c != Cell::Empty))
                {
                    findings.push(finding(
                        &IMPORT,
                        table.at(header_row, col),
                        format!(
                            "this column has no header a person can read, but {} holds a value: name the column with a teaching code",
                            table.at(r, col)
                        ),
                    ));
                }
                continue;
            };
            if let Some(id) = identity(&h) {
                if let Some(first) = ids.get(id) {
                    findings.push(finding(
                        &IMPORT,
                        table.at(header_row, col),
                        format!(
                            "a second column gives the student's {id} (column {} already does)",
                            table::column_name(*first)
                        ),
                    ));
                } else {
                    ids.insert(id, col);
                }
                continue;
            }
            if mapped
                .get(&h)
                .is_some_and(|code| code.trim().is_empty() || code.trim() == "~")
            {
                continue;
            }
            let code = mapped.get(&h).map(|c| fold(c)).unwrap_or_else(|| fold(&h));
            match teachings.get(&code) {
                Some((sem, code)) => {
                    if let Some((other, ..)) = grade_columns.iter().find(|(_, _, c)| c == code) {
                        findings.push(finding(
                            &IMPORT,
                            table.at(header_row, col),
                            format!(
                                "the column {h} gives {code} again (column {} already does)",
                                table::column_name(*other)
                            ),
                        ));
                    } else {
                        grade_columns.push((col, *sem, code.clone()));
                    }
                }
                None if ues.contains(&code) || not_a_grade(&code) => {
                    findings.push(finding(
                        &IMPORT_IGNORED,
                        table.at(header_row, col),
                        format!("the column {h} is not a teaching's grade; it is not read"),
                    ));
                }
                None => {
                    let known: Vec<&str> = teachings.values().map(|(_, c)| c.as_str()).collect();
                    findings.push(finding(
                        &IMPORT,
                        table.at(header_row, col),
                        format!(
                            "the column {h} is no teaching of year {} of the curriculum (its teachings: {}); map it with --correspondance",
                            request.year,
                            known.join(", ")
                        ),
                    ));
                }
            }
        }
        for need in ["nom", "prenom"] {
            if !ids.contains_key(need) {
                findings.push(finding(
                    &IMPORT,
                    table.at_row(header_row),
                    format!("no column gives the student's {need}"),
                ));
            }
        }
        for (_, sem, _) in &grade_columns {
            if !semesters_seen.contains(sem) {
                semesters_seen.push(*sem);
            }
        }
        let numero_col = ids["numero"];
        let mut in_table: BTreeMap<String, usize> = BTreeMap::new();
        for (r, row) in table.rows.iter().enumerate().skip(header_row + 1) {
            let cell = |col: usize| row.get(col).cloned().unwrap_or(Cell::Empty);
            if row.iter().all(|c| *c == Cell::Empty) {
                continue;
            }
            if let Cell::Number(n) = cell(numero_col) {
                findings.push(finding(
                    &IMPORT_IGNORED,
                    table.at(r, numero_col),
                    format!("the student number {n} is stored as a number: a leading zero would be lost; format the column as text"),
                ));
            }
            let Some(numero) = text(&cell(numero_col)).filter(|n| !n.is_empty()) else {
                findings.push(finding(
                    &IMPORT,
                    table.at(r, numero_col),
                    "has no student number: this row is not read".into(),
                ));
                continue;
            };
            if let Some(first) = in_table.insert(numero.clone(), r) {
                findings.push(finding(
                    &IMPORT,
                    table.at_row(r),
                    format!(
                        "student {numero} is here twice (first at ligne {})",
                        first + 1
                    ),
                ));
                continue;
            }
            let get = |id: &str| {
                ids.get(id)
                    .and_then(|&col| text(&cell(col)))
                    .unwrap_or_default()
            };
            // Leading zeros aside: a number column drops them.
            let same = |a: &str, b: &str| a.trim_start_matches('0') == b.trim_start_matches('0');
            let at = students.iter().position(|s| same(&s.numero, &numero));
            for id in ["nom", "prenom"] {
                let value = get(id);
                if value.is_empty() {
                    let col = ids.get(id).copied().unwrap_or(numero_col);
                    findings.push(finding(
                        &IMPORT,
                        table.at(r, col),
                        format!("student {numero} has no {id} here"),
                    ));
                }
                if value.chars().any(char::is_control) {
                    let col = ids.get(id).copied().unwrap_or(numero_col);
                    findings.push(finding(
                        &IMPORT,
                        table.at(r, col),
                        format!("the {id} of student {numero} holds a control character or a line break: retype it"),
                    ));
                }
            }
            let student = match at {
                Some(i) => {
                    let s = &students[i];
                    if !get("nom").is_empty() && fold(&get("nom")) != fold(&s.nom) {
                        findings.push(finding(
                            &IMPORT,
                            table.at_row(r),
                            format!(
                                "student {numero} is named {} here but {} at {}",
                                get("nom"),
                                s.nom,
                                s.at
                            ),
                        ));
                    }
                    &mut students[i]
                }
                None => {
                    students.push(Student {
                        numero: numero.clone(),
                        nom: get("nom"),
                        prenom: get("prenom"),
                        ine: Some(get("ine")).filter(|i| !i.is_empty()),
                        at: table.at_row(r),
                        ..Student::default()
                    });
                    students.last_mut().expect("just pushed")
                }
            };
            for (col, sem, code) in &grade_columns {
                match grade(&cell(*col)) {
                    Ok(g) => {
                        if student
                            .notes
                            .entry(*sem)
                            .or_default()
                            .insert(code.clone(), Note::One(g))
                            .is_some()
                        {
                            findings.push(finding(
                                &IMPORT,
                                table.at(r, *col),
                                format!("gives {code} of student {numero} again"),
                            ));
                        }
                    }
                    Err(why) => findings.push(finding(
                        &IMPORT,
                        table.at(r, *col),
                        format!("{code} of student {numero} {why}"),
                    )),
                }
            }
        }
    }
    for b in bulletins {
        for i in 0..b.items.len() {
            let Some((sem, read)) = scodoc::student(b, i, c, request.year, &mut findings) else {
                continue;
            };
            if !semesters.contains(&sem) {
                findings.push(finding(
                    &IMPORT,
                    read.at.clone(),
                    format!(
                        "is of S{sem}, which the jury of S{} does not decide: import it with the year's jury",
                        semesters[0]
                    ),
                ));
                continue;
            }
            if !semesters_seen.contains(&sem) {
                semesters_seen.push(sem);
            }
            match students.iter_mut().find(|s| s.numero == read.numero) {
                Some(s) if s.notes.contains_key(&sem) => findings.push(finding(
                    &IMPORT,
                    read.at.clone(),
                    format!(
                        "gives the grades of S{sem} of student {} again (first at {})",
                        read.numero, s.at
                    ),
                )),
                Some(s) => {
                    s.notes.extend(read.notes);
                    s.naissance = s.naissance.take().or(read.naissance);
                    s.courriel = s.courriel.take().or(read.courriel);
                    s.ine = s.ine.take().or(read.ine);
                }
                None => students.push(read),
            }
        }
    }
    let columns_seen: Vec<&String> = students
        .iter()
        .flat_map(|s| s.notes.values().flat_map(BTreeMap::keys))
        .collect();
    for (sem, code) in teachings.values() {
        if semesters_seen.contains(sem) && graded.contains(code) && !columns_seen.contains(&code) {
            findings.push(Diagnostic::new(
                &IMPORT,
                None,
                format!("no column gives the grades of {code} (S{sem}): add its column, or map its header with --correspondance"),
            ));
        }
    }
    for s in &students {
        for sem in &semesters_seen {
            if !s.notes.contains_key(sem) {
                findings.push(Diagnostic::new(
                    &IMPORT,
                    None,
                    format!(
                        "student {} ({}) has no grade of S{sem}: no sheet of S{sem} lists them",
                        s.numero, s.at
                    ),
                ));
            }
        }
    }
    for &sem in &semesters {
        if !semesters_seen.contains(&sem) && (!tables.is_empty() || !bulletins.is_empty()) {
            let odd = if sem % 2 == 0 {
                format!(
                    "; for the jury of S{} alone, import with --jury impair",
                    sem - 1
                )
            } else {
                String::new()
            };
            findings.push(Diagnostic::new(
                &IMPORT,
                None,
                format!(
                    "no sheet or file gives a grade of S{sem}: add its sheet, or its file{odd}"
                ),
            ));
        }
    }
    let grades = students
        .iter()
        .map(|s| {
            s.notes
                .values()
                .flat_map(BTreeMap::values)
                .map(|n| match n {
                    Note::One(_) => 1,
                    Note::PerUe(m) => m.len(),
                })
                .sum::<usize>()
        })
        .sum();
    let mut blocked = findings.iter().any(|d| d.rule.severity == Severity::Error);
    let mut changes = Vec::new();
    let yaml = match existing {
        _ if blocked => None,
        None => {
            let annee = (request.annee_universitaire.clone())
                .or_else(|| bulletins.iter().find_map(scodoc::academic_year));
            Some(yaml(&students, request, annee.as_deref()))
        }
        Some(file) => match merge::merge(file, &students, &semesters_seen) {
            Ok(m) => {
                changes = m.changes;
                Some(m.text)
            }
            Err(e) => {
                findings.push(Diagnostic::new(&IMPORT, None, e));
                blocked = true;
                None
            }
        },
    };
    debug_assert!(yaml.is_some() != blocked);
    Imported {
        yaml,
        findings,
        students: students.len(),
        grades,
        changes,
    }
}

fn yaml(students: &[Student], r: &Request, annee_universitaire: Option<&str>) -> String {
    let mut y = String::new();
    let w = &mut y;
    let _ = writeln!(
        w,
        "# Cohort written by `maquette import`; the jury's parts are left TO FILL."
    );
    let _ = writeln!(w, "maquette: {}", quoted(&r.maquette));
    match annee_universitaire {
        Some(a) => {
            let _ = writeln!(w, "annee_universitaire: {}", quoted(a));
        }
        None => {
            let _ = writeln!(
                w,
                "annee_universitaire: 2025-2026  # TO FILL the academic year"
            );
        }
    }
    let _ = writeln!(w, "annee: {}", r.year);
    let _ = writeln!(w, "jury:");
    let _ = writeln!(w, "  date: 2026-06-30  # TO FILL the jury's date");
    let _ = writeln!(
        w,
        "  president: \"À préciser\"  # TO FILL the jury's president"
    );
    let _ = writeln!(w, "  membres: []  # TO FILL the jury's members");
    if r.jury == crate::model::Jury::Odd {
        let _ = writeln!(w, "  semestre: impair");
    }
    let _ = writeln!(w, "etudiants:");
    for s in students {
        student_yaml(w, s);
    }
    y
}

/// One student's block, as an item of `etudiants:` (indented by two).
fn student_yaml(w: &mut String, s: &Student) {
    let _ = writeln!(w, "  - numero: {}", quoted(&s.numero));
    if let Some(ine) = &s.ine {
        let _ = writeln!(w, "    ine: {}", quoted(ine));
    }
    let _ = writeln!(w, "    nom: {}", quoted(&s.nom));
    let _ = writeln!(w, "    prenom: {}", quoted(&s.prenom));
    if let Some(n) = &s.naissance {
        let _ = writeln!(w, "    naissance: {n}");
    }
    if let Some(c) = &s.courriel {
        let _ = writeln!(w, "    courriel: {}", quoted(c));
    }
    if s.notes.is_empty() {
        let _ = writeln!(w, "    notes: {{}}");
    } else {
        let _ = writeln!(w, "    notes:");
    }
    for (sem, notes) in &s.notes {
        let cells: Vec<String> = notes
            .iter()
            .map(|(k, v)| format!("{}: {}", key(k), v.yaml()))
            .collect();
        let _ = writeln!(w, "      {sem}: {{ {} }}", cells.join(", "));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_are_read_exactly_or_refused_with_a_reason() {
        assert_eq!(grade(&Cell::Number("9.995".into())), Ok("9.995".into()));
        assert_eq!(grade(&Cell::Text("12,5".into())), Ok("12.5".into()));
        assert_eq!(grade(&Cell::Text("abj".into())), Ok("ABJ".into()));
        assert!(
            grade(&Cell::Text("12,5 ".into()))
                .unwrap_err()
                .contains("with a space around it: write 12,5")
        );
        assert!(
            grade(&Cell::Number("20.5".into()))
                .unwrap_err()
                .contains("outside 0 to 20")
        );
        assert!(grade(&Cell::Empty).unwrap_err().contains("has no grade"));
        assert!(
            grade(&Cell::Formula("AVERAGE(B2:C2)".into()))
                .unwrap_err()
                .contains("is a formula")
        );
        assert!(grade(&Cell::Merged).unwrap_err().contains("merged"));
        assert!(
            grade(&Cell::Text("1e3".into()))
                .unwrap_err()
                .contains("neither a grade")
        );
    }
}
