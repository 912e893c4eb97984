//! `maquette watch`: a first build, then, on every save, a rebuild of what
//! depends on the saved file only.
//!
//! A curriculum saved → its documents and those of the cohorts that follow
//! it; a cohort saved → its relevés and minutes; a template saved (in
//! `templates/`) → the documents made from it, for every file. A failure is a state,
//! not an exit: the diagnostics are printed, the last good PDFs stay in
//! place, and watching goes on. A deleted curriculum is reported and picked up
//! again when it comes back. Writes into the output folder are ignored, as are
//! editors' swap and backup files. Fonts are embedded in the binary, so a
//! change to `fonts/` needs `cargo build`.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::load::raw::cohort as raw_cohort;
use crate::project::{self, Error, Options, Project};

/// How long the debouncer waits for an editor's burst of writes to end.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// What a batch of file events asks to rebuild.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Curriculum and cohort files saved, created, renamed or deleted.
    pub curricula: BTreeSet<PathBuf>,
    /// Template names saved (e.g. `booklet.typ.j2`).
    pub templates: BTreeSet<String>,
}

fn is_curriculum(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
        && !p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'))
}

/// Sorts events into what they ask to rebuild. Reads (`Access`) and
/// metadata-only changes are ignored: our own reads would loop forever.
pub fn classify(events: &[notify::Event], out: &Path, templates: &Path) -> Changes {
    let out = absolute(out);
    let templates = absolute(templates);
    let mut changes = Changes::default();
    for e in events {
        let relevant = match e.kind {
            EventKind::Create(_) | EventKind::Remove(_) => true,
            EventKind::Modify(notify::event::ModifyKind::Metadata(_)) => false,
            EventKind::Modify(_) => true,
            EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
        };
        if !relevant {
            continue;
        }
        for p in &e.paths {
            let p = absolute(p);
            if p.starts_with(&out) {
                continue;
            }
            if p.starts_with(&templates) {
                if let Some(name) = p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .filter(|n| n.ends_with(".typ.j2") || n.ends_with(".typ"))
                {
                    changes.templates.insert(name.to_string());
                }
            } else if is_curriculum(&p) {
                changes.curricula.insert(p);
            }
        }
    }
    changes
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!(
        "{:02}:{:02}:{:02}",
        secs / 3600 % 24,
        secs / 60 % 60,
        secs % 60
    )
}

/// Builds, then watches until `stop` is set (Ctrl-C, SIGTERM); a build under
/// way stops between two documents.
pub fn watch(
    paths: &[PathBuf],
    options: Options,
    stop: &std::sync::Arc<AtomicBool>,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let files = project::files(paths, "curricula")?;
    let mut project = Project::new(options)?.stop_on(stop.clone());
    let options = project.options().clone();
    let started = Instant::now();
    let builds = project.execute(project.plan(&files)?);
    let _ = write!(out, "{}", project::report(&builds, &options.out));
    let _ = writeln!(
        out,
        "[{}] built in {} ms",
        now(),
        started.elapsed().as_millis()
    );

    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer =
        new_debouncer(DEBOUNCE, None, tx).map_err(|e| Error::Watch(e.to_string()))?;
    let templates_dir = options
        .templates
        .clone()
        .unwrap_or_else(|| PathBuf::from("templates"));
    let mut roots: Vec<PathBuf> = paths
        .iter()
        .map(|p| {
            if p.is_dir() {
                p.clone()
            } else {
                p.parent()
                    .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
            }
        })
        .map(|p| {
            if p.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                p
            }
        })
        .collect();
    if templates_dir.is_dir() {
        roots.push(templates_dir.clone());
    }
    roots.sort();
    roots.dedup();
    for r in &roots {
        // Folders, not files: editors that save by renaming replace the file.
        debouncer
            .watch(r, RecursiveMode::Recursive)
            .map_err(|e| Error::Watch(format!("{}: {e}", r.display())))?;
    }
    let shown: Vec<String> = roots
        .iter()
        .map(|r| crate::model::source::display_path(r))
        .collect();
    let _ = writeln!(
        out,
        "[{}] watching {} (Ctrl-C to stop)",
        now(),
        shown.join(", ")
    );

    while !stop.load(Ordering::SeqCst) {
        let events = match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(Ok(events)) => events,
            Ok(Err(errors)) => {
                for e in errors {
                    let _ = writeln!(out, "[{}] watch error: {e}", now());
                }
                continue;
            }
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        let events: Vec<notify::Event> = events.into_iter().map(|e| e.event).collect();
        let changes = classify(&events, &options.out, &templates_dir);
        if changes == Changes::default() {
            continue;
        }
        let started = Instant::now();
        if !changes.templates.is_empty() {
            if let Err(e) = project.reload_templates() {
                let _ = writeln!(out, "[{}] {e}; keeping the previous templates", now());
                continue;
            }
            let files = project::files(paths, "curricula").unwrap_or_default();
            let templates: Vec<String> = changes.templates.iter().cloned().collect();
            match project.plan(&files) {
                Ok(plan) => {
                    let builds = project.execute(plan.only_templates(&templates));
                    let _ = write!(out, "{}", project::summary(&builds, &options.out));
                }
                Err(e) => {
                    let _ = writeln!(out, "[{}] {e}", now());
                }
            }
        }
        let (present, gone): (Vec<PathBuf>, Vec<PathBuf>) =
            changes.curricula.into_iter().partition(|p| p.is_file());
        for g in &gone {
            let _ = writeln!(
                out,
                "[{}] {} was deleted; its documents in {} are kept",
                now(),
                crate::model::source::display_path(&relative(g)),
                crate::model::source::display_path(&options.out)
            );
        }
        if !present.is_empty() {
            let mut shown: Vec<PathBuf> = present.iter().map(|p| relative(p)).collect();
            let files = project::files(paths, "curricula").unwrap_or_default();
            for f in followers(&present, &files) {
                if !shown.contains(&f) {
                    shown.push(f);
                }
            }
            match project.plan(&shown) {
                Ok(plan) => {
                    let builds = project.execute(plan);
                    let _ = write!(out, "{}", project::report(&builds, &options.out));
                }
                Err(e) => {
                    let _ = writeln!(out, "[{}] {e}", now());
                }
            }
        }
        let _ = writeln!(
            out,
            "[{}] rebuilt in {} ms",
            now(),
            started.elapsed().as_millis()
        );
    }
    let _ = writeln!(out, "[{}] stopped", now());
    Ok(())
}

/// The cohorts among `files` that follow one of the `saved` curricula.
pub fn followers(saved: &[PathBuf], files: &[PathBuf]) -> Vec<PathBuf> {
    let same = |a: &Path, b: &Path| match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    files
        .iter()
        .filter(|f| {
            std::fs::read_to_string(f).is_ok_and(|text| {
                raw_cohort::is_cohort(&text)
                    && raw_cohort::curriculum_path(f, &text)
                        .is_some_and(|c| saved.iter().any(|s| same(s, &c)))
            })
        })
        .cloned()
        .collect()
}

/// A path relative to the working folder when it is inside it, for messages.
fn relative(p: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| p.strip_prefix(absolute(&cwd)).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| p.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, DataChange, MetadataKind, ModifyKind, RemoveKind};

    fn ev(kind: EventKind, path: &str) -> notify::Event {
        notify::Event::new(kind).add_path(PathBuf::from(path))
    }

    #[test]
    fn saves_of_curricula_and_templates_are_sorted_out() {
        let events = [
            ev(
                EventKind::Modify(ModifyKind::Data(DataChange::Content)),
                "curricula/a.yaml",
            ),
            ev(
                EventKind::Create(CreateKind::File),
                "templates/booklet.typ.j2",
            ),
            ev(EventKind::Remove(RemoveKind::File), "curricula/b.yml"),
            ev(
                EventKind::Modify(ModifyKind::Data(DataChange::Content)),
                "templates/releve.typ",
            ),
        ];
        let c = classify(&events, Path::new("out"), Path::new("templates"));
        assert_eq!(
            c.templates,
            BTreeSet::from(["booklet.typ.j2".to_string(), "releve.typ".to_string()])
        );
        let names: Vec<_> = c
            .curricula
            .iter()
            .map(|p| p.file_name().unwrap().to_owned())
            .collect();
        assert_eq!(names, ["a.yaml", "b.yml"]);
    }

    #[test]
    fn a_saved_curriculum_brings_the_cohorts_that_follow_it() {
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        std::fs::create_dir(p("c")).unwrap();
        std::fs::write(p("c/a.yaml"), "formation: {}\n").unwrap();
        std::fs::write(p("c/b.yaml"), "formation: {}\n").unwrap();
        std::fs::write(p("x.yaml"), "maquette: c/a.yaml\netudiants: []\n").unwrap();
        std::fs::write(
            p("y.yaml"),
            "maquette: \"c/b.yaml\" # other\netudiants: []\n",
        )
        .unwrap();
        let files = [p("c/a.yaml"), p("c/b.yaml"), p("x.yaml"), p("y.yaml")];
        assert_eq!(followers(&[p("c/a.yaml")], &files), [p("x.yaml")]);
        assert_eq!(followers(&[p("c/b.yaml")], &files), [p("y.yaml")]);
        assert!(followers(&[p("x.yaml")], &files).is_empty());
    }

    #[test]
    fn reads_metadata_output_and_editor_files_are_ignored() {
        let events = [
            ev(EventKind::Access(AccessKind::Any), "curricula/a.yaml"),
            ev(
                EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any)),
                "curricula/a.yaml",
            ),
            ev(EventKind::Modify(ModifyKind::Any), "out/a/livret-but1.pdf"),
            ev(EventKind::Create(CreateKind::File), "curricula/.a.yaml.swp"),
            ev(EventKind::Create(CreateKind::File), "curricula/4913"),
            ev(EventKind::Create(CreateKind::File), "curricula/a.yaml~"),
            ev(EventKind::Create(CreateKind::File), "out/a.yaml"),
        ];
        assert_eq!(
            classify(&events, Path::new("out"), Path::new("templates")),
            Changes::default()
        );
    }
}
