//! Rendering a plan: documents on one OS thread per core (typst keeps rayon
//! for itself), each written atomically, then each cohort's relevés merged.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use super::STAMP;
use super::dates::{document_date, jury_document_date, seance_date};
use super::plan::{
    BOOKLET, DELIBERATION, DecidedCohort, Document, FileBuild, Job, MINUTES, Merge, Plan, RELEVE,
    RELEVES_DIR,
};
use crate::decide::YearDecision;
use crate::model::{Cohort, Curriculum};
use crate::render::views::{self, BookletSpec};
use crate::render::{Kind, RenderError, Renderer, merge};
use crate::write::{write_atomic, write_atomic_with};

pub use crate::render::{TRIM_AGE, TRIM_EVERY};

/// Renders one document of a plan and writes it to its path (the minutes
/// of a large cohort as they are typeset, a volume at a time, until `stop`).
pub(crate) fn run(
    renderer: &Renderer,
    build: &FileBuild,
    job: &Job,
    stop: &std::sync::atomic::AtomicBool,
) -> Result<(), RenderError> {
    let stamp = build.stamped.then(|| STAMP.to_string());
    let curriculum = || {
        build
            .report
            .curriculum
            .as_ref()
            .expect("planned curricula are readable")
    };
    let cohort = || build.cohort.as_ref().expect("planned cohorts are readable");
    let ident = &job.ident;
    let template = job.document.template();
    let bytes = match &job.document {
        Document::Booklet(spec) => booklet(renderer, curriculum(), spec, stamp, ident)?,
        Document::Deliberation => deliberation(renderer, curriculum(), stamp, ident)?,
        Document::Releve(i) => releve(renderer, cohort(), *i, stamp, ident)?,
        Document::Minutes => {
            let dc = cohort();
            let go_on = || match stop.load(std::sync::atomic::Ordering::SeqCst) {
                true => Err(crate::write::refused()),
                false => Ok(()),
            };
            return minutes(
                renderer,
                &dc.cohort,
                &dc.decisions,
                stamp,
                ident,
                crate::render::minutes::VOLUME_ROWS,
                Output::Path(&job.path),
                &go_on,
            );
        }
    };
    write(template, &job.path, &bytes)
}

/// A booklet's Typst source, generated from its template.
pub(crate) fn booklet_typst(
    renderer: &Renderer,
    c: &Curriculum,
    spec: &BookletSpec,
    stamp: Option<String>,
) -> Result<String, RenderError> {
    renderer.source(BOOKLET, &views::booklet(c, spec, stamp))
}

/// A booklet, as a PDF.
pub(crate) fn booklet(
    renderer: &Renderer,
    c: &Curriculum,
    spec: &BookletSpec,
    stamp: Option<String>,
    ident: &str,
) -> Result<Vec<u8>, RenderError> {
    let date = document_date(c.formation.annee_universitaire.as_deref());
    renderer.document(BOOKLET, &views::booklet(c, spec, stamp), ident, date)
}

/// The council deliberation with its annexes, as a PDF.
pub(crate) fn deliberation(
    renderer: &Renderer,
    c: &Curriculum,
    stamp: Option<String>,
    ident: &str,
) -> Result<Vec<u8>, RenderError> {
    let annee = c.formation.annee_universitaire.as_deref();
    let date = match &c.deliberation {
        Some(d) => seance_date(&d.seance, annee),
        None => document_date(annee),
    };
    let view = views::deliberation(c, stamp).ok_or_else(|| {
        RenderError::new(
            Kind::Template,
            DELIBERATION,
            "the curriculum has no `deliberation:` data",
        )
    })?;
    renderer.document(DELIBERATION, &view, ident, date)
}

/// One student's relevé (their index in the cohort), as a PDF.
pub(crate) fn releve(
    renderer: &Renderer,
    dc: &DecidedCohort,
    student: usize,
    stamp: Option<String>,
    ident: &str,
) -> Result<Vec<u8>, RenderError> {
    let c = &dc.cohort;
    releve_of(
        renderer,
        c,
        &dc.decisions,
        student,
        &dc.repertoire,
        stamp,
        ident,
    )
}

/// One student's relevé, `repertoire` set first (see [`repertoire`]).
pub(crate) fn releve_of(
    renderer: &Renderer,
    c: &Cohort,
    decisions: &[YearDecision],
    student: usize,
    repertoire: &str,
    stamp: Option<String>,
    ident: &str,
) -> Result<Vec<u8>, RenderError> {
    let date = jury_document_date(&c.jury_date, &c.annee_universitaire);
    let mut view = views::releve(c, &c.students[student], &decisions[student], stamp);
    view.heading.repertoire = repertoire.to_string();
    renderer.data_document(RELEVE, &view, &view.meta(), ident, date)
}

/// One student's relevé data, with the cohort's repertoire.
fn releve_view(dc: &DecidedCohort, student: usize, stamp: Option<String>) -> views::ReleveView {
    let c = &dc.cohort;
    let mut view = views::releve(c, &c.students[student], &dc.decisions[student], stamp);
    view.heading.repertoire.clone_from(&dc.repertoire);
    view
}

/// Every character a cohort's relevés print, sorted: their data's and their
/// template's (whose conditional parts print for some students only).
/// Each relevé sets them first, so the glyphs of every font subset are
/// numbered alike in all of them and the merged file keeps one copy of each
/// font (`render::merge`).
pub(crate) fn repertoire(renderer: &Renderer, dc: &DecidedCohort) -> String {
    let mut chars = std::collections::BTreeSet::new();
    for (student, decision) in dc.cohort.students.iter().zip(&dc.decisions) {
        Renderer::characters(
            &views::releve(&dc.cohort, student, decision, None),
            &mut chars,
        );
    }
    // Typst sets the template's straight quotes curly (the template adds
    // those, with the other glyphs typst makes).
    if let Some(text) = renderer.template_text(RELEVE) {
        chars.extend(
            text.chars()
                .filter(|c| !c.is_control() && !matches!(c, ' ' | '\'' | '"')),
        );
    }
    chars.into_iter().collect()
}

/// Where the minutes go.
pub(crate) enum Output<'a> {
    /// A file, written atomically.
    Path(&'a Path),
    Bytes(&'a mut Vec<u8>),
}

/// The jury's minutes, as a PDF, typeset in volumes of at most `per_volume`
/// students (`render::minutes`). Volumes are cut before the file is opened;
/// each is then typeset and written in turn, while `go_on` allows.
#[allow(clippy::too_many_arguments)]
pub(crate) fn minutes(
    renderer: &Renderer,
    c: &Cohort,
    decisions: &[YearDecision],
    stamp: Option<String>,
    ident: &str,
    per_volume: usize,
    output: Output<'_>,
    go_on: &dyn Fn() -> std::io::Result<()>,
) -> Result<(), RenderError> {
    let view = views::minutes(c, decisions, stamp);
    let meta = view.meta();
    let minutes = crate::render::minutes::Minutes {
        renderer,
        template: MINUTES,
        view: &view,
        meta: &meta,
        ident,
        date: jury_document_date(&c.jury_date, &c.annee_universitaire),
    };
    let typeset = minutes.typeset(per_volume)?;
    match output {
        Output::Path(path) => write_with(MINUTES, path, |out| minutes.write(&typeset, out, go_on)),
        Output::Bytes(bytes) => minutes.write(&typeset, bytes, go_on),
    }
}

/// Writes the Typst a document was compiled from beside its PDF
/// (`--emit typst`): `<name>.typ`; for a plain template (relevé, minutes)
/// the template reading `<name>.json`, its data, beside it. Both compile
/// alone: `typst compile --font-path fonts <name>.typ`.
fn emit(renderer: &Renderer, build: &FileBuild, job: &Job) -> Result<(), RenderError> {
    let stamp = build.stamped.then(|| STAMP.to_string());
    let template = job.document.template();
    let typ = job.path.with_extension("typ");
    let (source, data) = match &job.document {
        Document::Booklet(spec) => {
            let c = build
                .report
                .curriculum
                .as_ref()
                .expect("planned curricula are readable");
            (booklet_typst(renderer, c, spec, stamp)?, None)
        }
        Document::Deliberation => {
            let c = build
                .report
                .curriculum
                .as_ref()
                .expect("planned curricula are readable");
            let view = views::deliberation(c, stamp).ok_or_else(|| {
                RenderError::new(
                    Kind::Template,
                    DELIBERATION,
                    "the curriculum has no `deliberation:` data",
                )
            })?;
            (renderer.source(DELIBERATION, &view)?, None)
        }
        Document::Releve(_) | Document::Minutes => {
            let dc = build.cohort.as_ref().expect("planned cohorts are readable");
            let json = match job.document {
                Document::Releve(i) => Renderer::data_json(template, &releve_view(dc, i, stamp))?,
                // The minutes as one typesetting, whatever the cohort's size.
                _ => Renderer::data_json(
                    template,
                    &views::minutes(&dc.cohort, &dc.decisions, stamp).whole(),
                )?,
            };
            let name = job.path.with_extension("json");
            let file = name
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = renderer
                .template_text(template)
                .ok_or_else(|| RenderError::new(Kind::Template, template, "no such template"))?
                .replace(
                    "json(\"/data.json\")",
                    &format!("json({})", crate::render::escape::string_literal(&file)),
                );
            (text, Some((name, json)))
        }
    };
    write(template, &typ, source.as_bytes())?;
    if let Some((path, json)) = data {
        write(template, &path, &json)?;
    }
    Ok(())
}

fn write(template: &str, path: &Path, bytes: &[u8]) -> Result<(), RenderError> {
    write_atomic(path, bytes).map_err(|e| RenderError::unwritten(template, &e))
}

/// Writes to `path`, atomically, what `fill` renders as it goes; when
/// rendering fails (or panics), its error is the error and nothing is
/// written, no temporary file left.
fn write_with(
    template: &str,
    path: &Path,
    fill: impl FnOnce(&mut dyn std::io::Write) -> Result<(), RenderError>,
) -> Result<(), RenderError> {
    let mut failed = None;
    let written = write_atomic_with(path, |w| {
        RenderError::guard(template, || fill(w)).map_err(|e| {
            let message = e.message.clone();
            failed = Some(e);
            std::io::Error::other(message)
        })
    });
    match (failed, written) {
        (Some(e), _) => Err(e),
        (None, written) => written.map_err(|e| RenderError::unwritten(template, &e)),
    }
}

/// Renders and writes the documents of a plan. Documents are rendered on one
/// OS thread per core (or `jobs_at_once`) (typst keeps rayon for itself), each trimming typst's
/// cache as [`TRIM_EVERY`] says. A cohort's relevés are then merged.
/// When `stop` is set (Ctrl-C, SIGTERM), no further document is started:
/// the ones being rendered finish and are written whole, the merged files
/// are not made, and no temporary file is left.
pub fn execute(
    renderer: &Renderer,
    plan: Plan,
    stop: &std::sync::atomic::AtomicBool,
    jobs_at_once: Option<usize>,
    emit_typst: bool,
) -> Vec<FileBuild> {
    let Plan {
        mut builds,
        mut jobs,
        merges,
    } = plan;
    jobs.sort_by_key(|j| j.document.order());
    let mut folders: Vec<&Path> = jobs.iter().filter_map(|j| j.path.parent()).collect();
    folders.sort();
    folders.dedup();
    for folder in folders {
        crate::write::clean_stale(folder);
    }
    let bar = if std::io::stderr().is_terminal() && jobs.len() > 1 {
        indicatif::ProgressBar::new((jobs.len() + merges.len()) as u64).with_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} documents")
                .expect("a valid style"),
        )
    } else {
        indicatif::ProgressBar::hidden()
    };
    for (file, b) in builds.iter_mut().enumerate() {
        let has_releves = jobs
            .iter()
            .any(|j| j.file == file && matches!(j.document, Document::Releve(_)));
        if let Some(dc) = b.cohort.as_mut().filter(|_| has_releves) {
            dc.repertoire = repertoire(renderer, dc);
        }
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    // `--jobs N`, else one worker per core.
    let workers = jobs_at_once
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, jobs.len().max(1));
    type Outcome = (usize, Result<(), RenderError>);
    let mut outcomes: Vec<Outcome> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(job) = jobs.get(k) else { break };
                        let template = job.document.template();
                        let outcome = RenderError::guard(template, || {
                            run(renderer, &builds[job.file], job, stop)
                        })
                        .and_then(|()| match emit_typst {
                            true => emit(renderer, &builds[job.file], job),
                            false => Ok(()),
                        });
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
            Err(mut e) => {
                if let (Document::Releve(i), Some(dc)) = (&job.document, &b.cohort) {
                    let st = &dc.cohort.students[*i];
                    e.message = format!(
                        "{} {} ({}, {}:{}): {}",
                        crate::render::typst::world::printable(&st.prenom),
                        crate::render::typst::world::printable(&st.nom),
                        st.numero,
                        b.report.file.display_path(),
                        st.loc.line,
                        e.message
                    );
                }
                b.failures.push((job.path.clone(), e));
            }
        }
    }
    let stopped = stop.load(std::sync::atomic::Ordering::SeqCst);
    for m in merges.iter().filter(|_| !stopped) {
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
        let manifest = m.path.with_file_name(RELEVES_DIR).join(MANIFEST);
        match write_manifest(b, &manifest, &mine) {
            Ok(()) => b.written.push(manifest),
            Err(e) => b.failures.push((manifest, e)),
        }
    }
    bar.finish_and_clear();
    for b in &mut builds {
        b.written.sort();
    }
    renderer.evict_cache(10);
    builds
}

/// The delivery manifest's file name, beside the relevés.
pub const MANIFEST: &str = "manifeste.csv";

/// The delivery manifest of a cohort's relevés, for a mail merge: one row
/// per relevé written (numéro, INE, nom, prénom, courriel, fichier), in the
/// cohort's order; `;`-separated UTF-8 with a BOM, as Excel opens it in
/// France; a cell a spreadsheet would run as a formula is neutralised as
/// `decide --format csv` does ([`crate::render::report::cell`]).
fn write_manifest(
    b: &FileBuild,
    path: &Path,
    releves: &[(usize, PathBuf)],
) -> Result<(), RenderError> {
    let dc = b.cohort.as_ref().expect("a cohort with relevés");
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    let error = |e: csv::Error| RenderError::new(Kind::Write, "releve.typ", e.to_string());
    out.write_record(["numero", "ine", "nom", "prenom", "courriel", "fichier"])
        .map_err(error)?;
    for (i, file) in releves {
        let s = &dc.cohort.students[*i];
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.write_record(
            [&s.numero, &s.ine, &s.nom, &s.prenom, &s.courriel, &name]
                .map(|v| crate::render::report::cell(v).into_owned()),
        )
        .map_err(error)?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| RenderError::new(Kind::Write, "releve.typ", e.to_string()))?;
    write(MANIFEST, path, &bytes)
}

/// Merges a cohort's relevés, in the cohort's order, one bookmark per
/// student, reading them back one at a time from the files just written.
fn merge_releves(
    b: &FileBuild,
    m: &Merge,
    releves: &[(usize, PathBuf)],
) -> Result<(), RenderError> {
    let dc = b.cohort.as_ref().expect("merged cohorts are readable");
    if releves.is_empty() {
        return Err(RenderError::new(
            Kind::NotMerged,
            "releve.typ",
            "not merged: no relevé could be made (see above)",
        ));
    }
    // A student whose relevé failed is named in the summary; the others are
    // merged all the same.
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
    write_atomic_with(&m.path, |w| {
        merge::merge(parts, &title, w).map_err(std::io::Error::other)
    })
    .map_err(|e| RenderError::new(Kind::Write, "releve.typ", e.to_string()))
}
