//! A re-import over an existing cohort: the grades of the semesters imported
//! are updated, everything else is kept as written: the jury's part, each
//! student's history, results of earlier years and jury decisions, their
//! comments, and the grades the files do not give. What changed is listed,
//! grade by grade, for the office to review before the jury.
//!
//! The cohort's text is edited in place, student by student: only the
//! `notes:` block of a student the files give is rewritten (in the flow
//! style `maquette import` writes); students the files add are appended.

use std::collections::BTreeMap;

use super::{Note, Student, student_yaml};
use crate::load::raw::cohort::{RawGrade, RawMarks, parse};
use crate::model::source::SourceFile;

/// The cohort's new text and what changed, in words.
pub struct Merged {
    pub text: String,
    pub changes: Vec<String>,
}

/// A grade as the cohort wrote it, in the form the import writes.
fn written(g: &RawGrade) -> String {
    match g {
        RawGrade::Number(n) => n.to_string(),
        RawGrade::Text(t) => t.trim().to_uppercase(),
    }
}

fn note(m: &RawMarks) -> Note {
    match m {
        RawMarks::One(g) => Note::One(written(g)),
        RawMarks::Typed(t) => Note::One(t.clone()),
        RawMarks::PerUe(map) => Note::PerUe(
            map.0
                .iter()
                .map(|(ue, g)| (ue.value.clone(), written(&g.value)))
                .collect(),
        ),
    }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Merges the students read into the cohort `existing`, for `semesters`.
pub fn merge(existing: &SourceFile, read: &[Student], semesters: &[u8]) -> Result<Merged, String> {
    let raw = parse(existing).map_err(|d| {
        format!(
            "{} cannot be read as a cohort ({}): correct it first (`maquette check`)",
            existing.path.display(),
            d.message
        )
    })?;
    let lines: Vec<&str> = existing.text.split('\n').collect();
    // Each student's block: from its item line to the next one.
    let starts: Vec<usize> = raw
        .etudiants
        .iter()
        .map(|s| usize::try_from(s.numero.referenced.line()).map_or(0, |l| l.saturating_sub(1)))
        .collect();
    let item = |i: usize| {
        lines
            .get(i)
            .filter(|l| l.trim_start().starts_with("- numero:"))
    };
    if starts.iter().any(|&i| item(i).is_none()) {
        return Err(format!(
            "{}: a re-import edits cohorts written one key per line, each student starting with `- numero:`; write the update to a new file instead (-o with another name)",
            existing.path.display()
        ));
    }
    if starts.is_empty() {
        return Err(format!(
            "{} lists no student: import into a new file instead (-o with another name)",
            existing.path.display()
        ));
    }
    let item_indent = indent(lines[starts[0]]);
    let key_indent = item_indent + 2;
    let last_key_line = |from: usize, to: usize| {
        (from..to)
            .rev()
            .find(|&i| !lines[i].trim().is_empty() && !lines[i].trim_start().starts_with('#'))
            .unwrap_or(from)
    };
    // A block ends where the next item or top-level key begins.
    let block_end = |k: usize| {
        let start = starts[k];
        let end = starts.get(k + 1).copied().unwrap_or(lines.len());
        (start + 1..end)
            .find(|&i| {
                let l = lines[i];
                !l.trim().is_empty() && !l.trim_start().starts_with('#') && indent(l) <= item_indent
            })
            .unwrap_or(end)
    };
    let by_number: BTreeMap<&str, &Student> = read.iter().map(|s| (s.numero.as_str(), s)).collect();
    let mut changes = Vec::new();
    let mut out: Vec<String> = Vec::new();
    let mut cursor = 0;
    for (k, s) in raw.etudiants.iter().enumerate() {
        let (start, end) = (starts[k], block_end(k));
        let who = format!("{} {} {}", s.numero.value, s.nom.value, s.prenom.value);
        let Some(new) = by_number.get(s.numero.value.as_str()) else {
            changes.push(format!("{who}: not in the files imported; kept as written"));
            continue;
        };
        if super::fold(&new.nom) != super::fold(&s.nom.value) {
            changes.push(format!(
                "{who}: named {} {} in the files; the cohort's name is kept",
                new.nom, new.prenom
            ));
        }
        // Old notes, then the files' for the semesters imported.
        let mut notes: BTreeMap<u8, BTreeMap<String, Note>> = BTreeMap::new();
        for (sem, grades) in &s.notes.0 {
            let Ok(n) = sem
                .value
                .trim()
                .trim_start_matches(['S', 's'])
                .parse::<u8>()
            else {
                return Err(format!(
                    "{}, line {}: `{}` is not a semester number",
                    existing.path.display(),
                    sem.referenced.line(),
                    sem.value
                ));
            };
            let entry = notes.entry(n).or_default();
            for (code, m) in &grades.value.0 {
                entry.insert(code.value.clone(), note(&m.value));
            }
        }
        let mut student_changes = Vec::new();
        for sem in semesters {
            let Some(given) = new.notes.get(sem) else {
                continue;
            };
            let entry = notes.entry(*sem).or_default();
            for (code, g) in given {
                match entry.insert(code.clone(), g.clone()) {
                    Some(old) if old != *g => {
                        student_changes.push(format!(
                            "S{sem} {code}: {} → {}",
                            old.yaml(),
                            g.yaml()
                        ));
                    }
                    Some(_) => {}
                    None => student_changes.push(format!("S{sem} {code}: {} (new)", g.yaml())),
                }
            }
            for code in entry.keys().filter(|c| !given.contains_key(*c)) {
                student_changes.push(format!("S{sem} {code}: not in the files; kept as written"));
            }
        }
        if student_changes.is_empty() {
            continue;
        }
        changes.extend(student_changes.into_iter().map(|c| format!("{who}, {c}")));
        // Rewrite the block's notes (or add them after its last key).
        let notes_line = (start..end).find(|&i| {
            indent(lines[i]) == key_indent && lines[i].trim_start().starts_with("notes:")
        });
        let (cut_from, cut_to) = match notes_line {
            Some(n) => {
                let to = (n + 1..end)
                    .find(|&i| !lines[i].trim().is_empty() && indent(lines[i]) <= key_indent)
                    .unwrap_or(end);
                (n, last_key_line(n, to) + 1)
            }
            None => {
                let at = last_key_line(start, end) + 1;
                (at, at)
            }
        };
        out.extend(lines[cursor..cut_from].iter().map(|l| l.to_string()));
        let pad = " ".repeat(key_indent);
        out.push(format!("{pad}notes:"));
        for (sem, grades) in &notes {
            let cells: Vec<String> = grades
                .iter()
                .map(|(k, v)| format!("{}: {}", super::key(k), v.yaml()))
                .collect();
            out.push(format!("{pad}  {sem}: {{ {} }}", cells.join(", ")));
        }
        cursor = cut_to;
    }
    let known: Vec<&str> = raw
        .etudiants
        .iter()
        .map(|s| s.numero.value.as_str())
        .collect();
    let added: Vec<&Student> = read
        .iter()
        .filter(|s| !known.contains(&s.numero.as_str()))
        .collect();
    // New students go after the last one.
    let last = starts.len() - 1;
    let tail_at = last_key_line(starts[last], block_end(last)) + 1;
    out.extend(
        lines[cursor..tail_at.max(cursor)]
            .iter()
            .map(|l| l.to_string()),
    );
    for s in &added {
        changes.push(format!("{} {} {}: added", s.numero, s.nom, s.prenom));
        let mut block = String::new();
        student_yaml(&mut block, s);
        let pad = " ".repeat(item_indent);
        out.extend(
            block
                .lines()
                .map(|l| format!("{pad}{}", l.strip_prefix("  ").unwrap_or(l))),
        );
    }
    out.extend(lines[tail_at.max(cursor)..].iter().map(|l| l.to_string()));
    let mut text = out.join("\n");
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(Merged { text, changes })
}
