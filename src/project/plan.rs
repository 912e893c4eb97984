//! Planning a build: each file checked as what it is, and the documents to
//! render for it (booklets and deliberation of a curriculum; relevés, merged
//! relevés and minutes of a cohort), with their paths in the output folder.

use std::path::PathBuf;

use super::check::{self, Checked};
use super::{Error, Options, display_list};
use crate::decide::YearDecision;
use crate::diag::Severity;
use crate::load::FileReport;
use crate::model::{Cohort, Student};
use crate::render::RenderError;
use crate::render::views::{self, BookletSpec};

/// A cohort with its decisions.
#[derive(Debug)]
pub struct DecidedCohort {
    pub cohort: Cohort,
    pub decisions: Vec<YearDecision>,
    /// The characters its relevés print (see `Heading::repertoire`), set
    /// when its relevés are built.
    pub repertoire: String,
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
    pub(crate) fn readable(&self) -> bool {
        self.report.curriculum.is_some() || self.cohort.is_some()
    }
}

/// A document of a curriculum or a cohort.
pub(crate) enum Document {
    /// A maquette booklet.
    Booklet(BookletSpec),
    /// The council deliberation with its annexes.
    Deliberation,
    /// A student's relevé (index in the cohort).
    Releve(usize),
    /// The jury's minutes.
    Minutes,
}

/// The template of each document.
pub(crate) const BOOKLET: &str = "booklet.typ.j2";
/// See [`BOOKLET`].
pub(crate) const DELIBERATION: &str = "deliberation.typ.j2";
/// See [`BOOKLET`].
pub(crate) const RELEVE: &str = "releve.typ";
/// See [`BOOKLET`].
pub(crate) const MINUTES: &str = "proces-verbal.typ";

impl Document {
    /// The template it is made from.
    pub(crate) fn template(&self) -> &'static str {
        match self {
            Document::Booklet(_) => BOOKLET,
            Document::Deliberation => DELIBERATION,
            Document::Releve(_) => RELEVE,
            Document::Minutes => MINUTES,
        }
    }

    /// Longest first, so the last document to finish is a short one.
    pub(crate) fn order(&self) -> u8 {
        match self {
            Document::Deliberation => 0,
            Document::Minutes => 1,
            Document::Booklet(_) => 2,
            Document::Releve(_) => 3,
        }
    }
}

/// One document to render: which file, which document, where.
pub(crate) struct Job {
    pub(crate) file: usize,
    pub(crate) document: Document,
    pub(crate) path: PathBuf,
    pub(crate) ident: String,
}

/// The folder of a cohort's relevés, in its output folder.
pub(crate) const RELEVES_DIR: &str = "releves";

/// The relevés of a cohort merged into one PDF, once they are rendered.
pub(crate) struct Merge {
    pub(crate) file: usize,
    pub(crate) path: PathBuf,
}

/// The folder of a file's documents in the output folder.
fn stem(report: &FileReport) -> String {
    let stem = report
        .file
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let part = crate::render::fmt::safe_file_part(&stem, 80);
    if part.is_empty() { "_".into() } else { part }
}

/// A file with its result so far. Its text is kept only as far as its
/// findings show it.
fn start(
    mut report: FileReport,
    kind: &'static str,
    cohort: Option<DecidedCohort>,
    options: &Options,
) -> FileBuild {
    let errors = report.count(Severity::Error);
    // A cohort decided on a curriculum with errors is no more conforming
    // than its curriculum: its relevés and minutes are stamped too.
    let curriculum_errors = report
        .findings
        .diagnostics
        .iter()
        .any(|d| d.rule.id == crate::load::findings::COHORT_CURRICULUM_FINDINGS.id);
    report.findings.forget_unshown_lines();
    let mut b = FileBuild {
        kind,
        written: Vec::new(),
        stamped: errors > 0 || curriculum_errors,
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
    let names = releve_file_names_as(&dc.cohort.students, options.releve_names);
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

/// How relevé files are named (`build --noms-releves`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ReleveNames {
    /// `2400002-BLANC-Bruno.pdf` (the default).
    #[default]
    Full,
    /// `2400002.pdf`: the student number alone.
    Numero,
    /// `24000020AB.pdf`: the INE (the number when a student has none).
    Ine,
}

/// File names of the students' relevés: number, name and first name, in
/// ASCII letters, digits, `-` and `_` (accents and other scripts
/// transliterated), unique even on a file system that ignores case.
pub fn releve_file_names(students: &[Student]) -> Vec<String> {
    releve_file_names_as(students, ReleveNames::Full)
}

/// File names of the students' relevés named as `scheme` says.
pub fn releve_file_names_as(students: &[Student], scheme: ReleveNames) -> Vec<String> {
    let part = |s: &str| crate::render::fmt::safe_file_part(s, 40);
    let mut taken = std::collections::HashSet::new();
    students
        .iter()
        .map(|s| {
            let parts = match scheme {
                ReleveNames::Full => vec![part(&s.numero), part(&s.nom), part(&s.prenom)],
                ReleveNames::Numero => vec![part(&s.numero)],
                ReleveNames::Ine if !s.ine.trim().is_empty() => vec![part(&s.ine)],
                ReleveNames::Ine => vec![part(&s.numero)],
            };
            let base = parts
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

/// Checked files and the documents to render for them.
pub struct Plan {
    pub(crate) builds: Vec<FileBuild>,
    pub(crate) jobs: Vec<Job>,
    pub(crate) merges: Vec<Merge>,
}

impl Plan {
    /// Checks the files (curricula, cohorts) and lists their documents.
    pub fn new(files: &[PathBuf], options: &Options) -> Result<Plan, Error> {
        let mut plan = Plan {
            builds: Vec::new(),
            jobs: Vec::new(),
            merges: Vec::new(),
        };
        for f in files {
            let index = plan.builds.len();
            let checked = check::check_path(f).map_err(|source| Error::Read {
                path: f.clone(),
                source,
            })?;
            let b = match checked {
                Checked::Curriculum(report) => start(report, "curriculum", None, options),
                Checked::Cohort(report, c) => {
                    let decided = c.map(|cohort| DecidedCohort {
                        decisions: crate::decide::cohort(&cohort),
                        cohort: *cohort,
                        repertoire: String::new(),
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
            return Err(Error::NoStudent {
                number: n.clone(),
                files: display_list(files),
            });
        }
        plan.same_outputs()?;
        Ok(plan)
    }

    /// Two sources whose documents would land on the same path (the same
    /// file name in two folders, names that differ only by case or by
    /// characters a file name cannot keep): an error before anything is
    /// rendered, so that no document silently replaces another.
    fn same_outputs(&self) -> Result<(), Error> {
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let outputs = self
            .jobs
            .iter()
            .map(|j| (&j.path, j.file))
            .chain(self.merges.iter().map(|m| (&m.path, m.file)));
        for (path, file) in outputs {
            let key = path.to_string_lossy().to_lowercase();
            match seen.get(&key) {
                Some(&first) if first != file => {
                    return Err(Error::SameOutput {
                        first: self.builds[first].report.file.path.clone(),
                        second: self.builds[file].report.file.path.clone(),
                        output: path.clone(),
                    });
                }
                _ => {
                    seen.insert(key, file);
                }
            }
        }
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn student(numero: &str, nom: &str, prenom: &str) -> Student {
        Student {
            loc: Default::default(),
            numero: numero.into(),
            ine: String::new(),
            nom: nom.into(),
            prenom: prenom.into(),
            naissance: String::new(),
            lieu_naissance: String::new(),
            courriel: String::new(),
            parcours: String::new(),
            parcours_set: false,
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
        let mut with_ine = student("2400009", "X", "Y");
        with_ine.ine = "24000090AB".into();
        let by_ine =
            releve_file_names_as(&[with_ine, student("2400010", "Z", "W")], ReleveNames::Ine);
        assert_eq!(by_ine, ["24000090AB.pdf", "2400010.pdf"]);
        let by_number = releve_file_names_as(&[student("2400010", "Z", "W")], ReleveNames::Numero);
        assert_eq!(by_number, ["2400010.pdf"]);
        assert!(names[6].len() <= 90, "{}", names[6]);
        for n in &names {
            assert!(
                n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')),
                "{n}"
            );
        }
    }
}
