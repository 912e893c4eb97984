//! Checking a file as what it is: a curriculum (load, then every rule), or a
//! cohort (load, its curriculum loaded and validated, then the cohort
//! checked against it).

use std::path::{Path, PathBuf};

use crate::diag::{FileFindings, Severity, emit};
use crate::load::lower::cohort as lower_cohort;
use crate::load::raw::cohort as raw_cohort;
use crate::load::{self, FileReport};
use crate::model::Cohort;
use crate::model::source::SourceFile;
use crate::render::typst::world;
use crate::validate;

/// A file checked: a curriculum, or a cohort with its students when it
/// could be read.
#[derive(Debug)]
pub enum Checked {
    /// A curriculum file: its findings and its model.
    Curriculum(FileReport),
    /// A cohort file: its findings and, when it could be read, the cohort.
    Cohort(FileReport, Option<Box<Cohort>>),
}

impl Checked {
    /// The findings, whatever the file is.
    pub fn into_report(self) -> FileReport {
        match self {
            Checked::Curriculum(r) | Checked::Cohort(r, _) => r,
        }
    }
}

/// Reads a file once and checks it as what it is: a cohort (it lists
/// `etudiants:`) against its curriculum, anything else as a curriculum.
pub fn check_path(path: &Path) -> std::io::Result<Checked> {
    Ok(match load::read_source(path)? {
        Ok(file) if raw_cohort::is_cohort(&file.text) => {
            let (report, cohort) = load_cohort(file);
            Checked::Cohort(report, cohort.map(Box::new))
        }
        Ok(file) => Checked::Curriculum(check_loaded(load::parse(file))),
        Err(failed) => Checked::Curriculum(check_loaded(failed)),
    })
}

/// Checks one file: read, parse, lower, run every rule (see [`check_path`]).
pub fn check_file(path: &Path) -> std::io::Result<FileReport> {
    check_path(path).map(Checked::into_report)
}

/// Checks text already in memory, as if read from `path`.
pub fn check_text(path: impl Into<PathBuf>, text: impl Into<String>) -> FileReport {
    check_loaded(load::parse(SourceFile::new(path, text)))
}

/// Runs the rules on a loaded file.
pub fn check_loaded(mut loaded: FileReport) -> FileReport {
    if let Some(c) = &loaded.curriculum {
        let found = validate::check(c);
        loaded.findings.diagnostics.extend(found);
    }
    crate::diag::sort(&mut loaded.findings.diagnostics);
    loaded
}

/// Reads and checks a cohort against its curriculum (read from disk and
/// validated); findings go to the report, the cohort comes back when it can
/// be decided.
pub fn load_cohort(file: SourceFile) -> (FileReport, Option<Cohort>) {
    let mut findings = FileFindings::new(file);
    let cohort = cohort_of(&findings.file, &mut findings.diagnostics);
    crate::diag::sort(&mut findings.diagnostics);
    let report = FileReport {
        findings,
        curriculum: None,
    };
    (report, cohort)
}

fn cohort_of(file: &SourceFile, out: &mut Vec<crate::diag::Diagnostic>) -> Option<Cohort> {
    out.extend(load::control_characters(file));
    let raw = raw_cohort::parse(file).map_err(|d| out.push(d)).ok()?;
    let curriculum_path = raw_cohort::beside(&file.path, &raw.maquette.value);
    let loaded = match load::read(&curriculum_path) {
        Ok(l) => l,
        Err(e) => {
            out.push(lower_cohort::unreadable_curriculum(
                &raw,
                &curriculum_path,
                &e,
            ));
            return None;
        }
    };
    let Some(curriculum) = loaded.curriculum else {
        out.push(lower_cohort::invalid_curriculum(&raw));
        return None;
    };
    let errors = validate::check(&curriculum)
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .count();
    out.extend(lower_cohort::curriculum_with_errors(&raw, errors));
    let cohort = lower_cohort::lower(&raw, curriculum, curriculum_path, out);
    for st in &cohort.students {
        for text in [&st.nom, &st.prenom, &st.lieu_naissance] {
            let missing = world::missing_glyphs(text);
            if !missing.is_empty() {
                let shown: Vec<String> = missing
                    .iter()
                    .map(|c| format!("“{c}” (U+{:04X})", *c as u32))
                    .collect();
                out.push(crate::diag::Diagnostic::new(
                    &world::MISSING_GLYPH,
                    st.loc,
                    format!(
                        "{} {}: no embedded font can print {} of “{text}”; the documents show � instead",
                        st.prenom,
                        st.nom,
                        shown.join(", ")
                    ),
                ));
            }
        }
    }
    Some(cohort)
}

/// Human output: every finding, then a summary line per file.
pub fn render_human(reports: &[FileReport]) -> String {
    emit::files_human(reports.iter().map(|r| &r.findings))
}

/// JSON output: one object per file with its findings.
pub fn render_json(reports: &[FileReport]) -> String {
    emit::files_json(reports.iter().map(|r| &r.findings))
}
