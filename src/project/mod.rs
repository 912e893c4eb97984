//! The orchestrator, and the crate's one public API: [`Project`] loads,
//! validates, decides, plans, renders and writes. `main`, `watch`, the tests
//! and the benches go through it.
//!
//! - [`check`]: a file checked as what it is (curriculum or cohort);
//! - [`plan`]: the documents each file gives, and where they go;
//! - [`execute`]: rendering a plan on every core, then the merged relevés;
//! - [`summary`]: what `build` prints;
//! - [`dates`]: the date each document carries.
//!
//! A file with errors is still rendered, every page stamped "PROJET — NON
//! CONFORME", unless `--strict`. Files are written atomically, so a failed
//! build leaves the previous PDFs as they were. This is the only module that
//! sees every stage.

pub mod check;
pub mod dates;
pub mod diff;
pub mod execute;
pub mod plan;
pub mod summary;

use std::path::{Path, PathBuf};

pub use check::{
    Checked, check_file, check_path, check_text, load_cohort, render_human, render_json,
};
pub use dates::{document_date, jury_document_date};
pub use execute::{TRIM_AGE, TRIM_EVERY, execute};
pub use plan::{
    DecidedCohort, FileBuild, Plan, ReleveNames, releve_file_names, releve_file_names_as,
};
pub use summary::{failed, report, summary};

use crate::decide::YearDecision;
use crate::diag::{Rule, Severity};
use crate::load::FileReport;
use crate::model::{Cohort, Curriculum};
use crate::render::views::BookletSpec;
use crate::render::{RenderError, Renderer};

/// How to build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Output folder (`out/`).
    pub out: PathBuf,
    /// Render nothing for a curriculum with errors.
    pub strict: bool,
    /// Folder of template overrides (`templates/`), when it exists.
    pub templates: Option<PathBuf>,
    /// Render only this student's relevé (`--student NUMBER`).
    pub student: Option<String>,
    /// How relevé files are named (`--noms-releves`).
    pub releve_names: ReleveNames,
    /// Documents rendered at once (`--jobs`); `None`: one per core.
    pub jobs: Option<usize>,
    /// Write the generated Typst beside each PDF (`--emit typst`), for
    /// template authors.
    pub emit_typst: bool,
}

/// The stamp printed across every page of a non-compliant curriculum's documents.
pub const STAMP: &str = "PROJET — NON CONFORME";

impl Default for Options {
    /// Into `out/`, stamping rather than skipping, with the embedded templates.
    fn default() -> Options {
        Options {
            out: PathBuf::from("out"),
            strict: false,
            templates: None,
            student: None,
            releve_names: ReleveNames::Full,
            jobs: None,
            emit_typst: false,
        }
    }
}

/// A failure to run: nothing about the user's data is wrong, but the
/// command cannot do its work (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A folder could not be listed.
    #[error("cannot list the {what}: {source}")]
    List {
        /// What was being listed.
        what: &'static str,
        /// Why.
        source: std::io::Error,
    },
    /// The paths hold no YAML file.
    #[error("no {what} (.yaml) in {paths}")]
    NoFiles {
        /// What was looked for.
        what: &'static str,
        /// The paths given.
        paths: String,
    },
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// `--student` or `--explain` names no student of the files.
    #[error("no student numbered {number} in {files}")]
    NoStudent {
        /// The number asked for.
        number: String,
        /// The files searched.
        files: String,
    },
    /// Two sources would write the same document.
    #[error(
        "{} and {} would both write {}: rename one of them (the output folder is named after the file)",
        first.display(),
        second.display(),
        output.display()
    )]
    SameOutput {
        /// The first source.
        first: PathBuf,
        /// The second source.
        second: PathBuf,
        /// The document both would write.
        output: PathBuf,
    },
    /// The templates could not be loaded.
    #[error("{0}")]
    Templates(String),
    /// The files could not be watched.
    #[error("cannot watch files: {0}")]
    Watch(String),
    /// A git revision could not be read.
    #[error("{0}")]
    Git(String),
    /// Ctrl-C could not be caught.
    #[error("cannot catch Ctrl-C: {0}")]
    Signal(String),
}

/// Every rule, of every stage, in the order of docs/rules.md.
pub fn rules() -> impl Iterator<Item = &'static Rule> {
    crate::load::findings::RULES
        .iter()
        .copied()
        .chain(crate::validate::rules())
        .chain([&crate::render::typst::world::MISSING_GLYPH])
}

/// The YAML files under `paths` (folders expanded, files kept).
pub fn files(paths: &[PathBuf], what: &'static str) -> Result<Vec<PathBuf>, Error> {
    crate::load::discover::collect(paths).map_err(|source| Error::List { what, source })
}

/// The files under `paths`, at least one.
fn some_files(
    paths: &[PathBuf],
    listing: &'static str,
    what: &'static str,
) -> Result<Vec<PathBuf>, Error> {
    let files = files(paths, listing)?;
    if files.is_empty() {
        return Err(Error::NoFiles {
            what,
            paths: display_list(paths),
        });
    }
    Ok(files)
}

/// `maquette check`: every file under `paths` checked as what it is.
pub fn check(paths: &[PathBuf]) -> Result<Vec<FileReport>, Error> {
    let files = some_files(paths, "files to check", "curriculum file")?;
    files
        .iter()
        .map(|f| {
            check_file(f).map_err(|source| Error::Read {
                path: f.clone(),
                source,
            })
        })
        .collect()
}

/// A cohort file read and checked as `check` reads it, with its decisions
/// (whatever its findings). A file that is not a cohort gets a finding.
pub fn decided_cohort(path: &Path) -> Result<(FileReport, Option<DecidedCohort>), Error> {
    let checked = check_path(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let (report, cohort) = match checked {
        Checked::Cohort(report, cohort) => (report, cohort.map(|c| *c)),
        Checked::Curriculum(mut report) => {
            if report.count(Severity::Error) == 0 {
                report.findings.diagnostics.push(
                    crate::diag::Diagnostic::new(
                        &crate::load::findings::YAML,
                        None,
                        "this is a curriculum, not a cohort (a cohort lists `etudiants:`)",
                    )
                    .help("`maquette decide` takes a cohort file; `maquette check` checks a curriculum"),
                );
            }
            (report, None)
        }
    };
    let decided = cohort.map(|cohort| DecidedCohort {
        decisions: crate::decide::cohort(&cohort),
        cohort,
        repertoire: String::new(),
    });
    Ok((report, decided))
}

/// `maquette decide`: a cohort file read and checked; its decisions when it
/// has no error.
pub fn decide(path: &Path) -> Result<(FileReport, Option<DecidedCohort>), Error> {
    let (report, decided) = decided_cohort(path)?;
    let decided = decided.filter(|_| report.count(Severity::Error) == 0);
    Ok((report, decided))
}

/// `maquette export apogee`: the étape's interchange file at `file`, filled
/// with the results of the cohort at `cohort`; the jury codes translated by
/// ScoDoc's defaults, changed by the YAML map at `codes` (`CMP: COMP`).
/// `Ok(None)` with the report when the cohort has errors.
pub fn export_apogee(
    cohort: &Path,
    file: &Path,
    codes: Option<&Path>,
) -> Result<(FileReport, Option<crate::export::apogee::Filled>), String> {
    let (report, decided) = decide(cohort).map_err(|e| e.to_string())?;
    let Some(decided) = decided else {
        return Ok((report, None));
    };
    let translation = match codes {
        None => crate::export::apogee::Translation::default(),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            let map: std::collections::BTreeMap<String, String> = serde_saphyr::from_str(&text)
                .map_err(|e| {
                    format!(
                        "{}: a code table lists `JURY CODE: APOGÉE CODE` lines ({e})",
                        p.display()
                    )
                })?;
            crate::export::apogee::Translation::default()
                .with(&map)
                .map_err(|e| format!("{}: {e}", p.display()))?
        }
    };
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let name = file.display().to_string();
    let filled = match crate::export::apogee::parse(&bytes, &name) {
        Ok(f) => crate::export::apogee::fill(&f, &decided.cohort, &decided.decisions, &translation),
        Err(d) => crate::export::apogee::Filled {
            bytes: None,
            findings: vec![d],
            students: 0,
            cells: 0,
        },
    };
    Ok((report, Some(filled)))
}

/// `maquette new`: the draft curriculum's text for one parcours and year of
/// the framework at `framework`, with the findings `check` gives on it (the
/// placeholders left to fill among them). `Err` says in plain words why no
/// draft could be written (the framework unreadable, the parcours unknown).
pub fn draft(
    framework: &Path,
    formation: Option<&Path>,
    parcours: &str,
    year: u8,
) -> Result<(String, FileReport), String> {
    let referentiel = crate::load::referentiel::load(framework).map_err(|e| {
        format!(
            "cannot use {} as a competence framework: {e}",
            framework.display()
        )
    })?;
    let formation = formation
        .map(|f| {
            crate::load::formation::load(f).map_err(|e| {
                format!(
                    "cannot use {} as a référentiel de formation: {e}",
                    f.display()
                )
            })
        })
        .transpose()?;
    let request = crate::draft::Request {
        parcours: parcours.to_string(),
        year,
        source: framework.file_name().map_or_else(
            || framework.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
    };
    let text = crate::draft::curriculum(&referentiel, formation.as_ref(), &request)
        .map_err(|e| e.to_string())?;
    let report = check_text(PathBuf::from("draft.yaml"), text.clone());
    Ok((text, report))
}

/// What `maquette import` is asked.
#[derive(Debug, Clone)]
pub struct ImportJob {
    /// Spreadsheets, CSV files and ScoDoc bulletins (JSON).
    pub files: Vec<PathBuf>,
    pub curriculum: PathBuf,
    /// The cohort to write (or to update).
    pub out: PathBuf,
    /// The BUT year of the jury.
    pub year: u8,
    pub jury: crate::model::Jury,
    pub annee_universitaire: Option<String>,
    /// A YAML map of column headers to teaching codes.
    pub columns: Option<PathBuf>,
    /// Re-import over the cohort at `out`, keeping its hand-written parts.
    pub update: bool,
}

/// `maquette import`: the files of the job read against its curriculum
/// (checked first). The cohort names its curriculum relative to `out`, where
/// it will be written. `Err` says why nothing could be read (a file that is
/// no spreadsheet, a curriculum that does not load).
pub fn import(job: &ImportJob) -> Result<crate::import::Imported, String> {
    let ImportJob {
        files,
        curriculum,
        out,
        year,
        jury,
        annee_universitaire,
        columns,
        update,
    } = job.clone();
    let (curriculum, out) = (curriculum.as_path(), out.as_path());
    let report =
        check_file(curriculum).map_err(|e| format!("cannot read {}: {e}", curriculum.display()))?;
    // A curriculum with findings still gives its teachings; `check` on the
    // cohort reports them (cohort-curriculum-findings).
    let Some(c) = report.curriculum.as_ref() else {
        return Err(format!(
            "{} cannot be read as a curriculum; correct it first (`maquette check {}`)",
            curriculum.display(),
            curriculum.display()
        ));
    };
    let mut tables = Vec::new();
    let mut bulletins = Vec::new();
    for f in &files {
        let cannot = |e| format!("cannot import {}: {e}", f.display());
        if crate::import::scodoc::is_json(f) {
            bulletins.push(crate::import::scodoc::read(f).map_err(cannot)?);
        } else {
            tables.extend(crate::import::table::read(f).map_err(cannot)?);
        }
    }
    let columns = match columns {
        None => Default::default(),
        Some(p) => {
            let text = std::fs::read_to_string(&p)
                .map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            serde_saphyr::from_str(&text).map_err(|e| {
                format!(
                    "{}: a mapping file lists `header: teaching code` lines ({e})",
                    p.display()
                )
            })?
        }
    };
    let request = crate::import::Request {
        maquette: relative(
            curriculum,
            out.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new(".")),
        ),
        annee_universitaire,
        year,
        columns,
        jury,
    };
    let existing = match update {
        false => None,
        true => match crate::load::read_source(out) {
            Ok(Ok(file)) => Some(file),
            Ok(Err(report)) => {
                let why = report
                    .findings
                    .diagnostics
                    .first()
                    .map(|d| d.message.clone());
                return Err(format!(
                    "{}: {}",
                    out.display(),
                    why.unwrap_or_else(|| "cannot be read as text".into())
                ));
            }
            Err(e) => return Err(format!("cannot read {}: {e}", out.display())),
        },
    };
    Ok(crate::import::cohort(
        &tables,
        &bulletins,
        c,
        &request,
        existing.as_ref(),
    ))
}

/// `path` as written from the folder `from` (both as given, made absolute).
fn relative(path: &Path, from: &Path) -> String {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (path, from) = (abs(path), abs(from));
    let (a, b): (Vec<_>, Vec<_>) = (path.components().collect(), from.components().collect());
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &a[common..] {
        out.push(c);
    }
    out.display().to_string()
}

/// `maquette build` in one call: a [`Project`] for `options`, then
/// [`Project::build`].
pub fn build(paths: &[PathBuf], options: &Options) -> Result<Vec<FileBuild>, Error> {
    Project::new(options.clone())?.build(paths)
}

/// The templates and the typesetter, loaded once, and how to build.
pub struct Project {
    options: Options,
    renderer: Renderer,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Project {
    /// Loads the templates (the embedded ones, overridden by
    /// `options.templates`) and the fonts.
    pub fn new(options: Options) -> Result<Project, Error> {
        let renderer = Renderer::new(options.templates.as_deref()).map_err(Error::Templates)?;
        Ok(Project {
            options,
            renderer,
            stop: Default::default(),
        })
    }

    /// Stops a build between two documents once `stop` is set (a Ctrl-C or
    /// SIGTERM handler sets it): see [`execute`].
    pub fn stop_on(mut self, stop: std::sync::Arc<std::sync::atomic::AtomicBool>) -> Project {
        self.stop = stop;
        self
    }

    /// How this project builds.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The templates and the typesetter.
    pub fn renderer(&self) -> &Renderer {
        &self.renderer
    }

    /// Loads the templates again (one was saved); the previous ones stay
    /// when the new ones cannot be loaded.
    pub fn reload_templates(&mut self) -> Result<(), Error> {
        self.renderer =
            Renderer::new(self.options.templates.as_deref()).map_err(Error::Templates)?;
        Ok(())
    }

    /// Checks the files and lists their documents.
    pub fn plan(&self, files: &[PathBuf]) -> Result<Plan, Error> {
        Plan::new(files, &self.options)
    }

    /// Renders and writes the documents of a plan.
    pub fn execute(&self, plan: Plan) -> Vec<FileBuild> {
        execute(
            &self.renderer,
            plan,
            &self.stop,
            self.options.jobs,
            self.options.emit_typst,
        )
    }

    /// `maquette build`: checks and builds every curriculum and cohort under `paths`.
    pub fn build(&self, paths: &[PathBuf]) -> Result<Vec<FileBuild>, Error> {
        let files = some_files(paths, "files", "curriculum or cohort file")?;
        Ok(self.execute(self.plan(&files)?))
    }

    /// A booklet's Typst source, as `build` generates it (unstamped).
    pub fn booklet_typst(&self, c: &Curriculum, spec: &BookletSpec) -> Result<String, RenderError> {
        execute::booklet_typst(&self.renderer, c, spec, None)
    }

    /// A booklet, as `build` makes it (unstamped), identified by its file name.
    pub fn booklet(&self, c: &Curriculum, spec: &BookletSpec) -> Result<Vec<u8>, RenderError> {
        execute::booklet(&self.renderer, c, spec, None, &spec.file_name())
    }

    /// The council deliberation, as `build` makes it (unstamped).
    pub fn deliberation(&self, c: &Curriculum) -> Result<Vec<u8>, RenderError> {
        execute::deliberation(&self.renderer, c, None, "deliberation.pdf")
    }

    /// One student's relevé (their index in the cohort), as `build` makes
    /// it (unstamped), but alone: its font subsets hold its own characters,
    /// where `build` sets the cohort's in each relevé so that the merged
    /// file shares them.
    pub fn releve(
        &self,
        c: &Cohort,
        decisions: &[YearDecision],
        student: usize,
    ) -> Result<Vec<u8>, RenderError> {
        let ident = format!(
            "releve/{}/{}",
            c.annee_universitaire, c.students[student].numero
        );
        execute::releve_of(&self.renderer, c, decisions, student, "", None, &ident)
    }

    /// The jury's minutes, as `build` makes them (unstamped).
    pub fn minutes(&self, c: &Cohort, decisions: &[YearDecision]) -> Result<Vec<u8>, RenderError> {
        self.minutes_in_volumes(c, decisions, crate::render::minutes::VOLUME_ROWS)
    }

    /// The jury's minutes, typeset in volumes of at most `per_volume`
    /// students and joined (`build` uses [`crate::render::minutes::VOLUME_ROWS`]).
    pub fn minutes_in_volumes(
        &self,
        c: &Cohort,
        decisions: &[YearDecision],
        per_volume: usize,
    ) -> Result<Vec<u8>, RenderError> {
        let mut pdf = Vec::new();
        execute::minutes(
            &self.renderer,
            c,
            decisions,
            None,
            "proces-verbal",
            per_volume,
            execute::Output::Bytes(&mut pdf),
            &|| Ok(()),
        )?;
        Ok(pdf)
    }
}

/// Paths as one line of text, for messages.
pub(crate) fn display_list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn rule_ids_are_unique_and_documented() {
        let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md"))
            .expect("docs/rules.md");
        let mut seen = std::collections::HashSet::new();
        for r in super::rules() {
            assert!(seen.insert(r.id), "duplicate rule id {}", r.id);
            assert!(
                doc.contains(&format!("## `{}`", r.id)),
                "docs/rules.md has no section for `{}`",
                r.id
            );
        }
    }
}
