//! Checking a file as what it is: a curriculum (load, then every rule), or a
//! cohort (load, its curriculum loaded and validated, then the cohort
//! checked against it).

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, FileFindings, Severity, emit};
use crate::load::lower::cohort as lower_cohort;
use crate::load::raw::cohort as raw_cohort;
use crate::load::{self, FileReport};
use crate::model::source::{Loc, SourceFile};
use crate::model::{Cohort, Curriculum};
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
        let unprintable = missing_glyphs_in_text(&loaded.findings.file);
        loaded.findings.diagnostics.extend(unprintable);
        let unfilled = load::to_fill::placeholders(&loaded.findings.file);
        loaded.findings.diagnostics.extend(unfilled);
    }
    crate::diag::sort(&mut loaded.findings.diagnostics);
    loaded
}

/// A warning for each line of a curriculum whose text (comments aside) has
/// characters no embedded font can print: the booklets would show �.
fn missing_glyphs_in_text(file: &SourceFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, line) in file.text.lines().enumerate() {
        if line.is_ascii() {
            continue;
        }
        // A `#` at the start or after a space opens a YAML comment.
        let mut code = line;
        let mut previous = ' ';
        for (at, c) in line.char_indices() {
            if c == '#' && previous.is_whitespace() {
                code = &line[..at];
                break;
            }
            previous = c;
        }
        let mut missing: Vec<(usize, char)> = Vec::new();
        for (col, c) in code.chars().enumerate() {
            if !c.is_control() && !world::has_glyph(c) && !missing.iter().any(|(_, m)| *m == c) {
                missing.push((col, c));
            }
        }
        let Some(&(col, _)) = missing.first() else {
            continue;
        };
        let shown: Vec<String> = missing
            .iter()
            .map(|(_, c)| format!("“{c}” (U+{:04X})", *c as u32))
            .collect();
        out.push(Diagnostic::new(
            &world::MISSING_GLYPH,
            Loc::at(i as u32 + 1, col as u32 + 1),
            format!(
                "no embedded font can print {}; the documents show � instead",
                shown.join(", ")
            ),
        )
        .help("replace the character (an emoji or a rare symbol) with words, or add a font that has it to fonts/"));
    }
    out
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

fn cohort_of(file: &SourceFile, out: &mut Vec<Diagnostic>) -> Option<Cohort> {
    out.extend(load::control_characters(file));
    // An imported cohort leaves the jury's parts TO FILL.
    out.extend(load::to_fill::placeholders(file));
    lowered(file, out, |header| {
        let path = raw_cohort::beside(&file.path, &header.maquette.value);
        let loaded = load::read(&path)
            .map_err(|e| lower_cohort::unreadable_curriculum(header.maquette, &path, &e))?;
        let curriculum = loaded
            .curriculum
            .ok_or_else(|| lower_cohort::invalid_curriculum(header.maquette))?;
        Ok((curriculum, path))
    })
}

/// A cohort checked against a curriculum already in memory, whatever its
/// `maquette:` says: the way in of the fuzz targets, which must not read
/// the disk on every input.
pub fn cohort_against(
    file: &SourceFile,
    curriculum: Curriculum,
    curriculum_path: PathBuf,
) -> (Vec<Diagnostic>, Option<Cohort>) {
    let mut out = load::control_characters(file);
    let cohort = lowered(file, &mut out, |_| Ok((curriculum, curriculum_path)));
    crate::diag::sort(&mut out);
    (out, cohort)
}

/// The cohort of `file`, each student checked as soon as it is read, against
/// the curriculum `curriculum` gives for the cohort's header (asked for once,
/// when the first student is read or else after the header).
fn lowered(
    file: &SourceFile,
    out: &mut Vec<Diagnostic>,
    curriculum: impl FnOnce(raw_cohort::Header<'_>) -> Result<(Curriculum, PathBuf), Diagnostic>,
) -> Option<Cohort> {
    let mut curriculum = Some(curriculum);
    let mut open = |header: raw_cohort::Header<'_>| {
        let (c, path) = curriculum.take().expect("asked for once")(header)?;
        Ok(lower_cohort::Lowering::new(c, path, header))
    };
    let mut lowering: Option<Result<lower_cohort::Lowering, Diagnostic>> = None;
    let parsed = raw_cohort::parse_each(file, &mut |header, student| {
        if let Ok(l) = lowering.get_or_insert_with(|| open(header)) {
            l.student(student);
        }
    });
    // A YAML error: what was made of the students before it is dropped.
    let raw = parsed.map_err(|d| out.push(d)).ok()?;
    let lowering = lowering
        .unwrap_or_else(|| open(raw_cohort::Header::of(&raw)))
        .map_err(|d| out.push(d))
        .ok()?;
    Some(against(lowering, &raw, out))
}

fn against(
    lowering: lower_cohort::Lowering,
    raw: &raw_cohort::RawCohort,
    out: &mut Vec<Diagnostic>,
) -> Cohort {
    let cohort = lowering.finish(raw, out);
    let errors = validate::check(&cohort.curriculum)
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .count();
    out.extend(lower_cohort::curriculum_with_errors(&raw.maquette, errors));
    for st in &cohort.students {
        for text in [&st.nom, &st.prenom, &st.lieu_naissance] {
            let missing = world::missing_glyphs(text);
            if !missing.is_empty() {
                let shown: Vec<String> = missing
                    .iter()
                    .map(|c| format!("“{c}” (U+{:04X})", *c as u32))
                    .collect();
                out.push(Diagnostic::new(
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
    cohort
}

/// Human output: every finding, then a summary line per file.
pub fn render_human(reports: &[FileReport]) -> String {
    emit::files_human(reports.iter().map(|r| &r.findings))
}

/// JSON output: one object per file with its findings.
pub fn render_json(reports: &[FileReport]) -> String {
    emit::files_json(reports.iter().map(|r| &r.findings))
}
