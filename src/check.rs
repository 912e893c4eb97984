//! `maquette check`: load every curriculum, run every rule, report.

use std::path::{Path, PathBuf};

use crate::diag::{self, Diagnostic};
use crate::load;
use crate::rules::{self, Severity};
use crate::source::SourceFile;

/// The findings about one file.
#[derive(Debug)]
pub struct FileReport {
    /// The file.
    pub file: SourceFile,
    /// Every finding, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The model, when the file could be read.
    pub curriculum: Option<crate::model::Curriculum>,
}

impl FileReport {
    /// Number of findings of a severity.
    pub fn count(&self, s: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity() == s)
            .count()
    }

    /// The one-line summary printed after the findings.
    pub fn summary(&self) -> String {
        let (e, w) = (self.count(Severity::Error), self.count(Severity::Warning));
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let verdict = match (e, w) {
            (0, 0) => "ok".to_string(),
            (0, w) => format!("ok, {}", plural(w, "warning")),
            (e, 0) => plural(e, "error"),
            (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
        };
        format!("{}: {verdict}", self.file.display_path())
    }
}

/// Expands folders into the YAML files they hold (sorted), keeps files as given.
pub fn collect(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found)?;
            found.sort();
            out.extend(found);
        } else {
            // A missing file is reported by `check_file` as a failure to run.
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            out.push(path);
        }
    }
    Ok(())
}

/// A file checked: a curriculum, or a cohort with its students when it
/// could be read.
pub enum Checked {
    Curriculum(FileReport),
    Cohort(FileReport, Option<Box<crate::decide::cohort::Cohort>>),
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
        Ok(file) if crate::decide::cohort::is_cohort(&file.text) => {
            let (report, cohort) = crate::decide::cohort::load(file);
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
pub fn check_loaded(loaded: load::Loaded) -> FileReport {
    let mut diagnostics = loaded.diagnostics;
    if let Some(c) = &loaded.curriculum {
        diagnostics.extend(rules::check(c));
    }
    diag::sort(&mut diagnostics);
    FileReport {
        file: loaded.file,
        diagnostics,
        curriculum: loaded.curriculum,
    }
}

/// Human output: every finding, then a summary line per file.
pub fn render_human(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for r in reports {
        for d in &r.diagnostics {
            out.push_str(&diag::render_human(&r.file, d));
            out.push('\n');
        }
    }
    for r in reports {
        out.push_str(&r.summary());
        out.push('\n');
    }
    out
}

/// JSON output: one object per file with its findings.
pub fn render_json(reports: &[FileReport]) -> String {
    let files: Vec<_> = reports
        .iter()
        .map(|r| {
            serde_json::json!({
                "file": r.file.display_path(),
                "errors": r.count(Severity::Error),
                "warnings": r.count(Severity::Warning),
                "diagnostics": r.diagnostics.iter().map(|d| diag::to_json(&r.file, d)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut s =
        serde_json::to_string_pretty(&serde_json::json!({ "files": files })).unwrap_or_default();
    s.push('\n');
    s
}
