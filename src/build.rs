//! `maquette build`: check every curriculum and cohort, then render all
//! their documents into the output folder.
//!
//! A curriculum: its booklets and, when it has one, its council deliberation.
//! A cohort: its decisions (as `maquette decide` computes them), one relevé
//! per student, those relevés merged into one PDF with a bookmark per
//! student, and the jury's minutes.
//!
//! A file with errors is still rendered, every page stamped "PROJET — NON
//! CONFORME", unless `--strict`. Files are written atomically, so a failed
//! build leaves the previous PDFs as they were.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use typst::foundations::Datetime;

use crate::check::{self, Checked, FileReport};
use crate::decide::cohort::{Cohort, Student};
use crate::decide::engine::YearDecision;
use crate::render::views::{self, BookletSpec};
use crate::render::{RenderError, Renderer, deliberation, merge, releve, write_atomic};
use crate::rules::Severity;

/// typst's cache is process-wide: each render thread trims it every
/// `TRIM_EVERY` documents, keeping what was used since its last trim
/// (`TRIM_AGE`): what the relevés of a cohort share stays, memory stays
/// bounded however large the cohort.
pub const TRIM_EVERY: usize = 10;
/// See [`TRIM_EVERY`].
pub const TRIM_AGE: usize = 1;

/// The stamp printed across every page of a non-compliant curriculum's documents.
pub const STAMP: &str = "PROJET — NON CONFORME";

/// How to build.
#[derive(Debug, Clone)]
pub struct Options {
    /// Output folder (`out/`).
    pub out: PathBuf,
    /// Render nothing for a curriculum with errors.
    pub strict: bool,
    /// Folder of template overrides (`templates/`), when it exists.
    pub templates: Option<PathBuf>,
    /// Render only this student's relevé (`--student NUMBER`).
    pub student: Option<String>,
}

/// A cohort with its decisions.
#[derive(Debug)]
pub struct DecidedCohort {
    pub cohort: Cohort,
    pub decisions: Vec<YearDecision>,
}

/// What happened to one file, curriculum or cohort.
#[derive(Debug)]
pub struct FileBuild {
    /// Its check report (for a curriculum, it holds the model).
    pub report: FileReport,
    /// What the file is: `curriculum` or `cohort`.
    pub kind: &'static str,
    /// The cohort, when the file is one and could be read.
    pub cohort: Option<DecidedCohort>,
    /// Documents written.
    pub written: Vec<PathBuf>,
    /// True when its documents carry the stamp.
    pub stamped: bool,
    /// True when `--strict` skipped it.
    pub skipped: bool,
    /// Documents that failed to render (the previous file, if any, is kept).
    pub failures: Vec<(PathBuf, RenderError)>,
}

impl FileBuild {
    /// True when the file could be read as what it is (curriculum or cohort).
    fn readable(&self) -> bool {
        self.report.curriculum.is_some() || self.cohort.is_some()
    }
}

/// The date a cohort's documents carry: `SOURCE_DATE_EPOCH` when set, else
/// the jury's date, else as [`document_date`] says.
pub fn jury_document_date(jury_date: &str, annee_universitaire: &str) -> Datetime {
    if std::env::var_os("SOURCE_DATE_EPOCH").is_none()
        && let Some((y, m, d)) = releve::parse_date(jury_date)
        && let Some(dt) = Datetime::from_ymd(y, m, d)
    {
        return dt;
    }
    document_date(Some(annee_universitaire))
}

/// The date a curriculum's documents carry: `SOURCE_DATE_EPOCH` when set,
/// else 1 September of its academic year, else 1 January 2000. Never the
/// clock, so the same sources give the same bytes.
pub fn document_date(annee_universitaire: Option<&str>) -> Datetime {
    if let Some(secs) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        let days = secs.div_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        if let Some(dt) = Datetime::from_ymd(y, m, d) {
            return dt;
        }
    }
    annee_universitaire
        .and_then(|a| a.get(..4)?.parse::<i32>().ok())
        .and_then(|y| Datetime::from_ymd(y, 9, 1))
        .unwrap_or_else(|| Datetime::from_ymd(2000, 1, 1).expect("a valid date"))
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian.
fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m as u8, d as u8)
}

/// A document of a curriculum or a cohort.
enum Document {
    /// A maquette booklet.
    Booklet(BookletSpec),
    /// The council deliberation with its annexes.
    Deliberation,
    /// A student's relevé (index in the cohort).
    Releve(usize),
    /// The jury's minutes.
    Minutes,
}

impl Document {
    /// The template it is made from.
    fn template(&self) -> &'static str {
        match self {
            Document::Booklet(_) => "booklet.typ.j2",
            Document::Deliberation => "deliberation.typ.j2",
            Document::Releve(_) => "releve.typ",
            Document::Minutes => "proces-verbal.typ",
        }
    }

    /// Longest first, so the last document to finish is a short one.
    fn order(&self) -> u8 {
        match self {
            Document::Deliberation => 0,
            Document::Minutes => 1,
            Document::Booklet(_) => 2,
            Document::Releve(_) => 3,
        }
    }
}

/// One document to render: which file, which document, where.
struct Job {
    file: usize,
    document: Document,
    path: PathBuf,
    ident: String,
}

/// The folder of a cohort's relevés, in its output folder.
const RELEVES_DIR: &str = "releves";

/// The relevés of a cohort merged into one PDF, once they are rendered.
struct Merge {
    file: usize,
    path: PathBuf,
}

/// The folder of a file's documents in the output folder.
fn stem(report: &FileReport) -> String {
    let stem = report
        .file
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let part = crate::render::safe_file_part(&stem, 80);
    if part.is_empty() { "_".into() } else { part }
}

/// A file with its result so far.
fn start(
    report: FileReport,
    kind: &'static str,
    cohort: Option<DecidedCohort>,
    options: &Options,
) -> FileBuild {
    let errors = report.count(Severity::Error);
    let mut b = FileBuild {
        kind,
        written: Vec::new(),
        stamped: errors > 0,
        skipped: errors > 0 && options.strict,
        failures: Vec::new(),
        report,
        cohort,
    };
    b.skipped |= !b.readable();
    b
}

/// A curriculum's documents: its booklets, and its deliberation.
fn curriculum_jobs(index: usize, build: &FileBuild, options: &Options) -> Vec<Job> {
    let Some(c) = build.report.curriculum.as_ref().filter(|_| !build.skipped) else {
        return Vec::new();
    };
    if options.student.is_some() {
        return Vec::new();
    }
    let stem = stem(&build.report);
    let mut documents: Vec<(String, Document)> = views::booklets(c)
        .into_iter()
        .map(|spec| (spec.file_name(), Document::Booklet(spec)))
        .collect();
    if c.deliberation.is_some() {
        documents.push(("deliberation.pdf".into(), Document::Deliberation));
    }
    documents
        .into_iter()
        .map(|(name, document)| Job {
            file: index,
            path: options.out.join(&stem).join(&name),
            ident: format!("maquette/{stem}/{name}"),
            document,
        })
        .collect()
}

/// A cohort's documents: a relevé per student (or only `--student`'s), the
/// merged relevés and the minutes.
fn cohort_jobs(index: usize, build: &FileBuild, options: &Options) -> (Vec<Job>, Option<Merge>) {
    let Some(dc) = build.cohort.as_ref().filter(|_| !build.skipped) else {
        return (Vec::new(), None);
    };
    let stem = stem(&build.report);
    let dir = options.out.join(&stem);
    let names = releve_file_names(&dc.cohort.students);
    let mut jobs: Vec<Job> = dc
        .cohort
        .students
        .iter()
        .zip(names)
        .enumerate()
        .filter(|(_, (s, _))| options.student.as_ref().is_none_or(|n| *n == s.numero))
        .map(|(i, (s, name))| Job {
            file: index,
            document: Document::Releve(i),
            path: dir.join(RELEVES_DIR).join(&name),
            ident: format!("releve/{}/{}", dc.cohort.annee_universitaire, s.numero),
        })
        .collect();
    if options.student.is_some() {
        return (jobs, None);
    }
    jobs.push(Job {
        file: index,
        document: Document::Minutes,
        path: dir.join("proces-verbal.pdf"),
        ident: format!("proces-verbal/{stem}"),
    });
    let merge = (!dc.cohort.students.is_empty()).then(|| Merge {
        file: index,
        path: dir.join("releves.pdf"),
    });
    (jobs, merge)
}

/// File names of the students' relevés: number, name and first name, in
/// ASCII letters, digits, `-` and `_` (accents and other scripts
/// transliterated), unique even on a file system that ignores case.
pub fn releve_file_names(students: &[Student]) -> Vec<String> {
    let part = |s: &str| crate::render::safe_file_part(s, 40);
    let mut taken = std::collections::HashSet::new();
    students
        .iter()
        .map(|s| {
            let base = [part(&s.numero), part(&s.nom), part(&s.prenom)]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join("-");
            let base = if base.is_empty() {
                "releve".into()
            } else {
                base
            };
            let mut name = format!("{base}.pdf");
            let mut k = 2;
            while !taken.insert(name.to_lowercase()) {
                name = format!("{base}-{k}.pdf");
                k += 1;
            }
            name
        })
        .collect()
}

/// Renders one document.
fn run(renderer: &Renderer, build: &FileBuild, job: &Job) -> Result<Vec<u8>, RenderError> {
    let stamp = build.stamped.then(|| STAMP.to_string());
    let template = job.document.template();
    let curriculum = || {
        let c = build.report.curriculum.as_ref();
        let c = c.expect("planned curricula are readable");
        (c, document_date(c.formation.annee_universitaire.as_deref()))
    };
    let cohort = || {
        let dc = build.cohort.as_ref().expect("planned cohorts are readable");
        let c = &dc.cohort;
        (dc, jury_document_date(&c.jury_date, &c.annee_universitaire))
    };
    match &job.document {
        Document::Booklet(spec) => {
            let (c, date) = curriculum();
            let view = views::booklet(c, spec, stamp);
            renderer.document(template, &view, &job.ident, date)
        }
        Document::Deliberation => {
            let (c, date) = curriculum();
            let view =
                deliberation::deliberation(c, stamp).expect("planned only with deliberation data");
            renderer.document(template, &view, &job.ident, date)
        }
        Document::Releve(i) => {
            let (dc, date) = cohort();
            let c = &dc.cohort;
            let view = releve::releve(c, &c.students[*i], &dc.decisions[*i], stamp);
            renderer.data_document(template, &view, &view.meta(), &job.ident, date)
        }
        Document::Minutes => {
            let (dc, date) = cohort();
            let view = releve::minutes(&dc.cohort, &dc.decisions, stamp);
            renderer.data_document(template, &view, &view.meta(), &job.ident, date)
        }
    }
}

fn write(template: &str, path: &Path, bytes: &[u8]) -> Result<(), RenderError> {
    write_atomic(path, bytes)
        .map_err(|e| RenderError::new(template, format!("cannot write the file: {e}")))
}

/// Checked files and the documents to render for them.
pub struct Plan {
    builds: Vec<FileBuild>,
    jobs: Vec<Job>,
    merges: Vec<Merge>,
}

impl Plan {
    /// Checks the files (curricula, cohorts) and lists their documents.
    pub fn new(files: &[PathBuf], options: &Options) -> Result<Plan, String> {
        let mut plan = Plan {
            builds: Vec::new(),
            jobs: Vec::new(),
            merges: Vec::new(),
        };
        for f in files {
            let index = plan.builds.len();
            let checked =
                check::check_path(f).map_err(|e| format!("cannot read {}: {e}", f.display()))?;
            let b = match checked {
                Checked::Curriculum(report) => start(report, "curriculum", None, options),
                Checked::Cohort(report, c) => {
                    let decided = c.map(|cohort| DecidedCohort {
                        decisions: cohort.decide(),
                        cohort: *cohort,
                    });
                    start(report, "cohort", decided, options)
                }
            };
            let jobs = curriculum_jobs(index, &b, options);
            let (cohort_jobs, merge) = cohort_jobs(index, &b, options);
            plan.jobs.extend(jobs);
            plan.jobs.extend(cohort_jobs);
            plan.merges.extend(merge);
            plan.builds.push(b);
        }
        if let Some(n) = &options.student
            && plan.jobs.is_empty()
        {
            return Err(format!(
                "no student numbered {n} in {}",
                display_list(files)
            ));
        }
        Ok(plan)
    }

    /// Keeps only the documents made from the given templates.
    pub fn only_templates(mut self, templates: &[String]) -> Plan {
        self.jobs
            .retain(|j| templates.iter().any(|t| t == j.document.template()));
        if !templates.iter().any(|t| t == "releve.typ") {
            self.merges.clear();
        }
        self
    }

    /// Number of documents to render (merged files included).
    pub fn len(&self) -> usize {
        self.jobs.len() + self.merges.len()
    }

    /// True when there is nothing to render.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Checks and builds every curriculum and cohort under `paths`.
pub fn build(paths: &[PathBuf], options: &Options) -> Result<Vec<FileBuild>, String> {
    let files = check::collect(paths).map_err(|e| format!("cannot list the files: {e}"))?;
    if files.is_empty() {
        return Err(format!(
            "no curriculum or cohort file (.yaml) in {}",
            display_list(paths)
        ));
    }
    let renderer = Renderer::new(options.templates.as_deref())?;
    Ok(execute(&renderer, Plan::new(&files, options)?))
}

/// Renders and writes the documents of a plan. Documents are rendered on one
/// OS thread per core (typst keeps rayon for itself), each trimming typst's
/// cache as [`TRIM_EVERY`] says. A cohort's relevés are then merged.
pub fn execute(renderer: &Renderer, plan: Plan) -> Vec<FileBuild> {
    let Plan {
        mut builds,
        mut jobs,
        merges,
    } = plan;
    jobs.sort_by_key(|j| j.document.order());
    let bar = if std::io::stderr().is_terminal() && jobs.len() > 1 {
        indicatif::ProgressBar::new((jobs.len() + merges.len()) as u64).with_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} documents")
                .expect("a valid style"),
        )
    } else {
        indicatif::ProgressBar::hidden()
    };
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len().max(1));
    type Outcome = (usize, Result<(), RenderError>);
    let mut outcomes: Vec<Outcome> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(job) = jobs.get(k) else { break };
                        let template = job.document.template();
                        let outcome =
                            RenderError::guard(template, || run(renderer, &builds[job.file], job))
                                .and_then(|bytes| write(template, &job.path, &bytes));
                        done.push((k, outcome));
                        bar.inc(1);
                        if done.len() % TRIM_EVERY == 0 {
                            renderer.evict_cache(TRIM_AGE);
                        }
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a render worker panicked"))
            .collect()
    });
    outcomes.sort_by_key(|(k, _)| *k);
    // The relevés written, by file: (student, path).
    let mut releves: Vec<(usize, usize, PathBuf)> = Vec::new();
    for (k, outcome) in outcomes {
        let job = &jobs[k];
        let b = &mut builds[job.file];
        match outcome {
            Ok(()) => {
                b.written.push(job.path.clone());
                if let Document::Releve(i) = job.document {
                    releves.push((job.file, i, job.path.clone()));
                }
            }
            Err(e) => b.failures.push((job.path.clone(), e)),
        }
    }
    for m in &merges {
        let b = &mut builds[m.file];
        let mut mine: Vec<(usize, PathBuf)> = releves
            .iter()
            .filter(|(f, _, _)| *f == m.file)
            .map(|(_, i, p)| (*i, p.clone()))
            .collect();
        mine.sort();
        let outcome = RenderError::guard("releve.typ", || merge_releves(b, m, &mine));
        bar.inc(1);
        match outcome {
            Ok(()) => b.written.push(m.path.clone()),
            Err(e) => b.failures.push((m.path.clone(), e)),
        }
    }
    bar.finish_and_clear();
    for b in &mut builds {
        b.written.sort();
    }
    renderer.evict_cache(10);
    builds
}

/// Merges a cohort's relevés, in the cohort's order, one bookmark per
/// student, reading them back one at a time from the files just written.
fn merge_releves(
    b: &FileBuild,
    m: &Merge,
    releves: &[(usize, PathBuf)],
) -> Result<(), RenderError> {
    let failed = |message: String| RenderError::new("releve.typ", message);
    let dc = b.cohort.as_ref().expect("merged cohorts are readable");
    if releves.len() != dc.cohort.students.len() {
        return Err(failed(
            "not merged: some relevés could not be made (see above)".into(),
        ));
    }
    let parts = releves.iter().map(|(i, path)| {
        let s = &dc.cohort.students[*i];
        Ok(merge::Part {
            title: format!("{} {} ({})", s.nom, s.prenom, s.numero),
            pdf: std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?,
        })
    });
    let title = format!(
        "Relevés de notes — BUT {} {} — {}",
        dc.cohort.year, dc.cohort.curriculum.formation.mention, dc.cohort.annee_universitaire
    );
    crate::render::write_atomic_with(&m.path, |w| {
        merge::merge(parts, &title, w).map_err(std::io::Error::other)
    })
    .map_err(|e| failed(e.to_string()))
}

fn display_list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The findings of every file, then the summary.
pub fn report(builds: &[FileBuild], out: &Path) -> String {
    let mut text = String::new();
    for b in builds {
        for d in &b.report.diagnostics {
            text.push_str(&crate::diag::render_human(&b.report.file, d));
            text.push('\n');
        }
    }
    text.push_str(&summary(builds, out));
    text
}

/// True when a document could not be made (unreadable file, --strict,
/// render failure): `build` then exits with 1.
pub fn failed(builds: &[FileBuild]) -> bool {
    builds
        .iter()
        .any(|b| !b.failures.is_empty() || !b.readable() || b.skipped)
}

/// The summary printed after the findings: what was written, stamped, skipped.
pub fn summary(builds: &[FileBuild], out: &Path) -> String {
    let mut s = String::new();
    for b in builds {
        let file = b.report.file.display_path();
        let e = b.report.count(Severity::Error);
        let ids = {
            let mut ids: Vec<&str> = b
                .report
                .diagnostics
                .iter()
                .filter(|d| d.severity() == Severity::Error)
                .map(|d| d.rule.id)
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids.join(", ")
        };
        if !b.readable() {
            s.push_str(&format!(
                "{file}: not built: the file cannot be read as a {} (see above); its previous documents are kept\n",
                b.kind
            ));
            continue;
        }
        if b.skipped {
            s.push_str(&format!(
                "{file}: not built (--strict): {e} error{} ({ids})\n",
                plural(e)
            ));
            continue;
        }
        s.push_str(&written_lines(&b.written));
        for (path, err) in &b.failures {
            s.push_str(&format!(
                "failed {} (the previous file, if any, is kept):\n{}",
                crate::source::display_path(path),
                err.render_human()
            ));
        }
        if b.stamped {
            s.push_str(&format!(
                "{file}: {} document{} stamped “{STAMP}”: {e} error{} ({ids})\n",
                b.written.len(),
                plural(b.written.len()),
                plural(e)
            ));
        }
    }
    let docs: usize = builds.iter().map(|b| b.written.len()).sum();
    s.push_str(&format!(
        "{docs} document{} in {}\n",
        plural(docs),
        crate::source::display_path(out)
    ));
    s
}

/// One line per file written, but one line for a folder of more than three
/// (a cohort's relevés).
fn written_lines(written: &[PathBuf]) -> String {
    let mut s = String::new();
    for run in written.chunk_by(|a, b| a.parent() == b.parent()) {
        match run[0].parent() {
            Some(dir) if run.len() > 3 && dir.ends_with(RELEVES_DIR) => s.push_str(&format!(
                "wrote {} relevés in {}/\n",
                run.len(),
                crate::source::display_path(dir)
            )),
            _ => {
                for w in run {
                    s.push_str(&format!("wrote {}\n", crate::source::display_path(w)));
                }
            }
        }
    }
    s
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn student(numero: &str, nom: &str, prenom: &str) -> Student {
        Student {
            numero: numero.into(),
            ine: String::new(),
            nom: nom.into(),
            prenom: prenom.into(),
            naissance: String::new(),
            lieu_naissance: String::new(),
            parcours: String::new(),
            regime: None,
            history: Vec::new(),
            grades: Default::default(),
            prior: Vec::new(),
            repeated: Vec::new(),
            overrides: Vec::new(),
        }
    }

    #[test]
    fn releve_file_names_are_safe_readable_and_unique() {
        let names = releve_file_names(&[
            student("2400007", "N'DIAYE", "Léa-Maëlle"),
            student("12/3", "Ødegård", "Ærøskøbing"),
            student("12_3", "ODEGARD", "aeroskobing"),
            student("5", "王", "小明"),
            student("6", "#set page(width: 1cm) $x$", "*b*"),
            student("7", "..", "CON"),
            student("8", "é".repeat(300).as_str(), "x"),
        ]);
        assert_eq!(names[0], "2400007-N_DIAYE-Lea-Maelle.pdf");
        assert_eq!(names[1], "12_3-Odegard-AEroskobing.pdf");
        // Same name once case is ignored: told apart.
        assert_eq!(names[2], "12_3-ODEGARD-aeroskobing-2.pdf");
        assert_eq!(names[3], "5-Wang-Xiao_Ming.pdf");
        assert_eq!(names[4], "6-set_page_width_1cm_x-b.pdf");
        assert_eq!(names[5], "7-CON.pdf");
        assert!(names[6].len() <= 90, "{}", names[6]);
        for n in &names {
            assert!(
                n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')),
                "{n}"
            );
        }
    }

    #[test]
    fn epoch_days_become_calendar_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
