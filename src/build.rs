//! `maquette build`: check every curriculum, then render all its documents
//! into the output folder.
//!
//! A curriculum with errors is still rendered, every page stamped "PROJET —
//! NON CONFORME", unless `--strict`. Files are written atomically, so a failed
//! build leaves the previous PDFs as they were.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use typst::foundations::Datetime;

use crate::check::{self, FileReport};
use crate::render::deliberation;
use crate::render::views::{self, BookletSpec};
use crate::render::{RenderError, Renderer, write_atomic};
use crate::rules::Severity;

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
}

/// What happened to one curriculum.
#[derive(Debug)]
pub struct CurriculumBuild {
    /// Its check report.
    pub report: FileReport,
    /// Documents written.
    pub written: Vec<PathBuf>,
    /// True when its documents carry the stamp.
    pub stamped: bool,
    /// True when `--strict` skipped it.
    pub skipped: bool,
    /// Documents that failed to render (the previous file, if any, is kept).
    pub failures: Vec<(PathBuf, RenderError)>,
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

/// A document of a curriculum.
enum Document {
    /// A maquette booklet.
    Booklet(BookletSpec),
    /// The council deliberation with its annexes.
    Deliberation,
}

/// One document to render: which curriculum, which document, where.
struct Job {
    curriculum: usize,
    document: Document,
    path: PathBuf,
    ident: String,
}

/// What to do with a checked curriculum: its result so far and its jobs.
fn plan(index: usize, report: FileReport, options: &Options) -> (CurriculumBuild, Vec<Job>) {
    let errors = report.count(Severity::Error);
    let result = CurriculumBuild {
        written: Vec::new(),
        stamped: errors > 0,
        skipped: (errors > 0 && options.strict) || report.curriculum.is_none(),
        failures: Vec::new(),
        report,
    };
    let Some(c) = result
        .report
        .curriculum
        .as_ref()
        .filter(|_| !result.skipped)
    else {
        return (result, Vec::new());
    };
    let stem = result
        .report
        .file
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = crate::render::safe_file_part(&stem);
    let mut documents: Vec<(String, Document)> = views::booklets(c)
        .into_iter()
        .map(|spec| (spec.file_name(), Document::Booklet(spec)))
        .collect();
    if c.deliberation.is_some() {
        documents.push(("deliberation.pdf".into(), Document::Deliberation));
    }
    let jobs = documents
        .into_iter()
        .map(|(name, document)| Job {
            curriculum: index,
            path: options.out.join(&stem).join(&name),
            ident: format!("maquette/{stem}/{name}"),
            document,
        })
        .collect();
    (result, jobs)
}

/// Renders and writes one document.
fn run(renderer: &Renderer, build: &CurriculumBuild, job: &Job) -> Result<(), RenderError> {
    let c = build
        .report
        .curriculum
        .as_ref()
        .expect("planned curricula are readable");
    let stamp = build.stamped.then(|| STAMP.to_string());
    let date = document_date(c.formation.annee_universitaire.as_deref());
    let (template, bytes) = match &job.document {
        Document::Booklet(spec) => {
            let view = views::booklet(c, spec, stamp);
            (
                "booklet.typ.j2",
                renderer.document("booklet.typ.j2", &view, &job.ident, date)?,
            )
        }
        Document::Deliberation => {
            let view =
                deliberation::deliberation(c, stamp).expect("planned only with deliberation data");
            (
                "deliberation.typ.j2",
                renderer.document("deliberation.typ.j2", &view, &job.ident, date)?,
            )
        }
    };
    write_atomic(&job.path, &bytes).map_err(|e| RenderError {
        template: template.into(),
        message: format!("cannot write the file: {e}"),
        at: None,
    })
}

/// Checked curricula and the documents to render for them.
pub struct Plan {
    builds: Vec<CurriculumBuild>,
    jobs: Vec<Job>,
}

impl Plan {
    /// Checks the files and lists their documents.
    pub fn new(files: &[PathBuf], options: &Options) -> Result<Plan, String> {
        let mut plan = Plan {
            builds: Vec::new(),
            jobs: Vec::new(),
        };
        for f in files {
            let report =
                check::check_file(f).map_err(|e| format!("cannot read {}: {e}", f.display()))?;
            let (b, j) = self::plan(plan.builds.len(), report, options);
            plan.builds.push(b);
            plan.jobs.extend(j);
        }
        Ok(plan)
    }

    /// Keeps only the documents made from the given templates.
    pub fn only_templates(mut self, templates: &[String]) -> Plan {
        self.jobs
            .retain(|j| templates.iter().any(|t| t == j.document.template()));
        self
    }
}

impl Document {
    /// The template it is made from.
    fn template(&self) -> &'static str {
        match self {
            Document::Booklet(_) => "booklet.typ.j2",
            Document::Deliberation => "deliberation.typ.j2",
        }
    }
}

/// Checks and builds every curriculum under `paths`.
pub fn build(paths: &[PathBuf], options: &Options) -> Result<Vec<CurriculumBuild>, String> {
    let files = check::collect(paths).map_err(|e| format!("cannot list the curricula: {e}"))?;
    if files.is_empty() {
        return Err(format!(
            "no curriculum file (.yaml) in {}",
            display_list(paths)
        ));
    }
    let renderer = Renderer::new(options.templates.as_deref())?;
    Ok(execute(&renderer, Plan::new(&files, options)?))
}

/// Renders and writes the documents of a plan. Documents are rendered on one
/// OS thread per core (typst keeps rayon for itself).
pub fn execute(renderer: &Renderer, plan: Plan) -> Vec<CurriculumBuild> {
    let Plan {
        mut builds,
        mut jobs,
    } = plan;
    // The longest documents first, so the last one to finish is a short one.
    jobs.sort_by_key(|j| !matches!(j.document, Document::Deliberation));
    let bar = if std::io::stderr().is_terminal() && jobs.len() > 1 {
        indicatif::ProgressBar::new(jobs.len() as u64).with_style(
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
    let mut outcomes: Vec<(usize, Result<(), RenderError>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(job) = jobs.get(k) else { break };
                        done.push((k, run(renderer, &builds[job.curriculum], job)));
                        bar.inc(1);
                        if done.len() % 10 == 0 {
                            // typst's cache is process-wide; keep it bounded.
                            renderer.evict_cache(10);
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
    bar.finish_and_clear();
    outcomes.sort_by_key(|(k, _)| *k);
    for (k, outcome) in outcomes {
        let job = &jobs[k];
        let b = &mut builds[job.curriculum];
        match outcome {
            Ok(()) => b.written.push(job.path.clone()),
            Err(e) => b.failures.push((job.path.clone(), e)),
        }
    }
    for b in &mut builds {
        b.written.sort();
    }
    renderer.evict_cache(10);
    builds
}

fn display_list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The findings of every curriculum, then the summary.
pub fn report(builds: &[CurriculumBuild], out: &Path) -> String {
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

/// True when a document could not be made (unreadable curriculum, --strict,
/// render failure): `build` then exits with 1.
pub fn failed(builds: &[CurriculumBuild]) -> bool {
    builds
        .iter()
        .any(|b| !b.failures.is_empty() || b.report.curriculum.is_none() || b.skipped)
}

/// The summary printed after the findings: what was written, stamped, skipped.
pub fn summary(builds: &[CurriculumBuild], out: &Path) -> String {
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
        if b.report.curriculum.is_none() {
            s.push_str(&format!(
                "{file}: not built: the file cannot be read as a curriculum (see above); its previous documents are kept\n"
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
        for w in &b.written {
            s.push_str(&format!("wrote {}\n", crate::source::display_path(w)));
        }
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

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_days_become_calendar_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
