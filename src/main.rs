//! The `maquette` command: parses arguments, runs the library, maps the
//! outcome to an exit code (0 clean, 1 errors found, 2 could not run).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{Parser, Subcommand, ValueEnum};
use maquette::diag::{Severity, emit};
use maquette::load::FileReport;
use maquette::project::{self, Error, Options, Project};
use maquette::render::report;
use maquette::watch;

/// mimalloc instead of the system allocator: Typst allocates and frees
/// small objects by the million, and glibc's malloc spent about a fifth of a
/// relevé batch's CPU on them (BENCHMARKS.md, issue 18). Built without
/// transparent huge pages (`no_thp`), which cost about 70 MB of peak memory
/// for no measurable speed.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "maquette",
    version,
    about = "Checks, decides and renders the official documents of BUT programmes"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Checks curricula against the national BUT rules, and cohorts against their curricula.
    Check {
        /// Curriculum or cohort files, or folders (default: curricula/ and cohorts/).
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Checks curricula and cohorts, then writes every document into the output folder.
    Build {
        /// Curriculum or cohort files, or folders (default: curricula/ and cohorts/).
        paths: Vec<PathBuf>,
        /// Output folder.
        #[arg(short, long, default_value = "out")]
        out: PathBuf,
        /// Render nothing for a file with errors, and exit with 1.
        #[arg(long)]
        strict: bool,
        /// Render only the relevé of this student (their student number).
        #[arg(long, value_name = "NUMBER")]
        student: Option<String>,
        /// How relevé files are named: complet (number-NAME-First), numero, or ine.
        #[arg(long, value_enum, default_value_t = ReleveNaming::Complet)]
        noms_releves: ReleveNaming,
        /// Documents rendered at once (default: one per core).
        #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
        /// Also write the generated Typst beside each PDF (`typst`), for template authors.
        #[arg(long, value_enum)]
        emit: Option<Emit>,
    },
    /// Computes every student's decisions for a cohort's jury.
    Decide {
        /// The cohort file.
        cohort: PathBuf,
        /// Print one student's reasoning (their student number).
        #[arg(long)]
        explain: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DecideFormat::Table)]
        format: DecideFormat,
    },
    /// Writes a draft curriculum from a national competence framework.
    New {
        /// The framework: ORéBUT's XML export, or ScoDoc 9's JSON.
        referentiel: PathBuf,
        /// The parcours: its code in the framework, or its initials (SCN2D).
        #[arg(long)]
        parcours: String,
        /// The BUT year, 1 to 3.
        #[arg(long, value_parser = clap::value_parser!(u8).range(1..=3))]
        annee: u8,
        /// ORéBUT's référentiel de formation (XML): the ressources and SAÉ of each UE.
        #[arg(long, value_name = "FILE")]
        formation: Option<PathBuf>,
        /// The file to write (never over an existing one); the terminal when omitted.
        #[arg(short, long)]
        out: Option<PathBuf>,
    },
    /// Shows what changed between two versions of a curriculum, for the council.
    Diff {
        /// The earlier version (or the file itself, with --depuis).
        old: PathBuf,
        /// The later version; without it, OLD as it is now, against --depuis.
        new: Option<PathBuf>,
        /// Compare OLD with itself as this git revision had it (a tag, a branch, a commit).
        #[arg(long, value_name = "REVISION")]
        depuis: Option<String>,
        /// Output format on the terminal.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Also write the synthèse des modifications as a PDF/A file.
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
    },
    /// Writes a cohort from spreadsheets of grades (XLSX, ODS, CSV).
    Import {
        /// The spreadsheets or CSV files (one row per student, one column per
        /// teaching) and ScoDoc's BUT bulletins in JSON.
        files: Vec<PathBuf>,
        /// The curriculum the grades belong to.
        #[arg(long, value_name = "CURRICULUM")]
        maquette: PathBuf,
        /// The BUT year of the jury, 1 to 3.
        #[arg(long, value_parser = clap::value_parser!(u8).range(1..=3))]
        annee: u8,
        /// The academic year (2025-2026); default: the bulletins' own.
        #[arg(long)]
        annee_universitaire: Option<String>,
        /// `pair`: the year's jury (both semesters); `impair`: after the odd semester alone.
        #[arg(long, value_enum, default_value = "pair")]
        jury: JuryArg,
        /// A YAML file mapping column headers to teaching codes.
        #[arg(long, value_name = "FILE")]
        correspondance: Option<PathBuf>,
        /// The cohort file to write (never over an existing one, unless --mettre-a-jour).
        #[arg(short, long)]
        out: PathBuf,
        /// Re-import over the cohort named by -o: its grades of the semesters
        /// imported are updated; the jury's parts, history and decisions kept.
        #[arg(long)]
        mettre_a_jour: bool,
    },
    /// Writes the jury's results into files other systems read.
    Export {
        #[command(subcommand)]
        to: ExportTo,
    },
    /// Builds, then rebuilds what depends on each file saved (Ctrl-C to stop).
    Watch {
        /// Curriculum or cohort files, or folders (default: curricula/ and cohorts/).
        paths: Vec<PathBuf>,
        /// Output folder.
        #[arg(short, long, default_value = "out")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum ExportTo {
    /// Fills the interchange file downloaded from Apogée for the étape.
    Apogee {
        /// The decided cohort.
        cohort: PathBuf,
        /// The file downloaded from Apogée (never written over).
        #[arg(long, value_name = "EXPORT.TXT")]
        fichier: PathBuf,
        /// Where to write the filled file; default: beside it, `<name>-maquette.TXT`.
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// A YAML table of jury code → Apogée code, over the defaults (`PAS1NCI: PC`).
        #[arg(long, value_name = "FILE")]
        codes: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Emit {
    Typst,
}

#[derive(Clone, Copy, ValueEnum)]
enum JuryArg {
    Pair,
    Impair,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReleveNaming {
    Complet,
    Numero,
    Ine,
}

#[derive(Clone, Copy, ValueEnum)]
enum DecideFormat {
    Table,
    Csv,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { paths, format } => match project::check(&default_paths(paths)) {
            Ok(reports) => {
                let text = match format {
                    Format::Human => project::render_human(&reports),
                    Format::Json => project::render_json(&reports),
                };
                let _ = std::io::stdout().write_all(text.as_bytes());
                exit_for(&reports)
            }
            Err(e) => could_not_run(e),
        },
        Command::Watch { paths, out } => run_watch(default_paths(paths), out),
        Command::Diff {
            old,
            new,
            depuis,
            format,
            pdf,
        } => run_diff(old, new, depuis, format, pdf.as_deref()),
        Command::Import {
            files,
            maquette,
            annee,
            annee_universitaire,
            jury,
            correspondance,
            out,
            mettre_a_jour,
        } => run_import(&project::ImportJob {
            files,
            curriculum: maquette,
            out,
            year: annee,
            jury: match jury {
                JuryArg::Pair => maquette::model::Jury::Even,
                JuryArg::Impair => maquette::model::Jury::Odd,
            },
            annee_universitaire,
            columns: correspondance,
            update: mettre_a_jour,
        }),
        Command::Export {
            to:
                ExportTo::Apogee {
                    cohort,
                    fichier,
                    out,
                    codes,
                },
        } => run_export_apogee(&cohort, &fichier, out, codes.as_deref()),
        Command::New {
            referentiel,
            parcours,
            annee,
            formation,
            out,
        } => run_new(
            &referentiel,
            formation.as_deref(),
            &parcours,
            annee,
            out.as_deref(),
        ),
        Command::Decide {
            cohort,
            explain,
            format,
        } => run_decide(&cohort, explain.as_deref(), format),
        Command::Build {
            paths,
            out,
            strict,
            student,
            noms_releves,
            jobs,
            emit,
        } => {
            let options = Options {
                out: out.clone(),
                strict,
                templates: templates_folder(),
                student,
                releve_names: match noms_releves {
                    ReleveNaming::Complet => project::ReleveNames::Full,
                    ReleveNaming::Numero => project::ReleveNames::Numero,
                    ReleveNaming::Ine => project::ReleveNames::Ine,
                },
                jobs: jobs.map(usize::from),
                emit_typst: matches!(emit, Some(Emit::Typst)),
            };
            // Interrupted: 128 + SIGINT, as shells report it.
            let built = stop_flag(130).and_then(|stop| {
                Project::new(options).and_then(|p| p.stop_on(stop).build(&default_paths(paths)))
            });
            match built {
                Ok(builds) => {
                    let _ = std::io::stdout().write_all(project::report(&builds, &out).as_bytes());
                    if project::failed(&builds) {
                        ExitCode::from(1)
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(e) => could_not_run(e),
            }
        }
    }
}

fn run_decide(path: &std::path::Path, explain: Option<&str>, format: DecideFormat) -> ExitCode {
    let (report, decided) = match project::decide(path) {
        Ok(r) => r,
        Err(e) => return could_not_run(e),
    };
    eprint!("{}", emit::findings_human(&report.findings));
    let Some(dc) = decided else {
        eprintln!("{}", report.summary());
        return ExitCode::from(1);
    };
    let (c, decisions) = (&dc.cohort, &dc.decisions);
    let text = match (explain, format) {
        (Some(n), _) => match report::explain(c, decisions, n) {
            Some(t) => t,
            None => {
                return could_not_run(Error::NoStudent {
                    number: n.to_string(),
                    files: path.display().to_string(),
                });
            }
        },
        (None, DecideFormat::Table) => report::table(c, decisions),
        (None, DecideFormat::Csv) => report::csv(c, decisions),
        (None, DecideFormat::Json) => report::json(c, decisions),
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    ExitCode::SUCCESS
}

fn run_diff(
    old: PathBuf,
    new: Option<PathBuf>,
    depuis: Option<String>,
    format: Format,
    pdf: Option<&std::path::Path>,
) -> ExitCode {
    use maquette::project::diff::{self, Version};
    let (before, after) = match (new, depuis) {
        (Some(new), None) => (Version::File(old), Version::File(new)),
        (None, Some(rev)) => (
            Version::Revision {
                path: old.clone(),
                rev,
            },
            Version::File(old),
        ),
        (Some(_), Some(_)) => {
            eprintln!("error: give two files, or one file and --depuis REVISION, not both");
            return ExitCode::from(2);
        }
        (None, None) => {
            eprintln!("error: give the two versions to compare, or one file and --depuis REVISION");
            return ExitCode::from(2);
        }
    };
    let comparison = match diff::diff(&before, &after) {
        Ok(Ok(c)) => c,
        Ok(Err(unreadable)) => {
            eprint!("{}", project::render_human(&unreadable));
            eprintln!("error: a version that does not load cannot be compared; correct it first");
            return ExitCode::from(1);
        }
        Err(e) => return could_not_run(e),
    };
    let text = match format {
        Format::Human => maquette::render::changes::text(&comparison),
        Format::Json => maquette::render::changes::json(&comparison),
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    let _ = std::io::stdout().flush();
    if let Some(path) = pdf {
        let renderer = match maquette::render::Renderer::new(templates_folder().as_deref()) {
            Ok(r) => r,
            Err(e) => return could_not_run(Error::Templates(e)),
        };
        let written = diff::pdf(&renderer, &comparison)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                maquette::write::write_atomic(path, &bytes).map_err(|e| e.to_string())
            });
        match written {
            Ok(()) => eprintln!("wrote {}", path.display()),
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}

fn run_import(job: &project::ImportJob) -> ExitCode {
    let (out, update) = (job.out.as_path(), job.update);
    if job.files.is_empty() {
        eprintln!("error: name the spreadsheets, CSV files or ScoDoc bulletins to import");
        return ExitCode::from(2);
    }
    if out.exists() && !update {
        eprintln!(
            "error: {} exists; `maquette import` never writes over a file: name another one, or add --mettre-a-jour to update that cohort's grades",
            out.display()
        );
        return ExitCode::from(2);
    }
    if update && !out.exists() {
        eprintln!(
            "error: {} does not exist: --mettre-a-jour updates an existing cohort",
            out.display()
        );
        return ExitCode::from(2);
    }
    let imported = match project::import(job) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    for d in &imported.findings {
        eprintln!(
            "{}[{}]: {}",
            d.rule.severity.word(),
            d.rule.id,
            emit::visible(&d.message)
        );
    }
    let Some(yaml) = imported.yaml else {
        eprintln!("error: nothing was written; correct the cells named above and import again");
        return ExitCode::from(1);
    };
    if let Err(e) = maquette::write::write_atomic(out, yaml.as_bytes()) {
        eprintln!("error: cannot write {}: {e}", out.display());
        return ExitCode::from(2);
    }
    if update {
        for c in &imported.changes {
            println!("{c}");
        }
        let what = match imported.changes.len() {
            0 => "nothing changed".to_string(),
            n => format!("{n} change{} listed above", if n == 1 { "" } else { "s" }),
        };
        println!(
            "updated {}: {what} ({} and {} grades read); `maquette check {}` checks it",
            out.display(),
            students(imported.students),
            imported.grades,
            out.display()
        );
        return ExitCode::SUCCESS;
    }
    println!(
        "wrote {}: {}, {} grades; `maquette check {}` checks it against its curriculum",
        out.display(),
        students(imported.students),
        imported.grades,
        out.display()
    );
    ExitCode::SUCCESS
}

/// `1 student`, `7 students`.
fn students(n: usize) -> String {
    format!("{n} student{}", if n == 1 { "" } else { "s" })
}

fn run_export_apogee(
    cohort: &std::path::Path,
    file: &std::path::Path,
    out: Option<PathBuf>,
    codes: Option<&std::path::Path>,
) -> ExitCode {
    let out = out.unwrap_or_else(|| {
        let stem = file.file_stem().unwrap_or_default().to_string_lossy();
        let ext = file
            .extension()
            .map_or_else(|| "TXT".into(), |e| e.to_string_lossy());
        file.with_file_name(format!("{stem}-maquette.{ext}"))
    });
    let same = |a: &std::path::Path, b: &std::path::Path| {
        std::fs::canonicalize(a)
            .ok()
            .zip(std::fs::canonicalize(b).ok())
            .is_some_and(|(a, b)| a == b)
    };
    if same(&out, file) || out.exists() {
        eprintln!(
            "error: {} exists; `maquette export apogee` never writes over a file (the downloaded one least of all): name another with -o",
            out.display()
        );
        return ExitCode::from(2);
    }
    let (report, filled) = match project::export_apogee(cohort, file, codes) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    eprint!("{}", emit::findings_human(&report.findings));
    let Some(filled) = filled else {
        eprintln!("{}", report.summary());
        eprintln!("error: the cohort has errors: nothing is exported until they are corrected");
        return ExitCode::from(1);
    };
    for d in &filled.findings {
        eprintln!(
            "{}[{}]: {}",
            d.rule.severity.word(),
            d.rule.id,
            emit::visible(&d.message)
        );
    }
    let Some(bytes) = filled.bytes else {
        eprintln!("error: nothing was written; correct what is named above and export again");
        return ExitCode::from(1);
    };
    if let Err(e) = maquette::write::write_atomic(&out, &bytes) {
        eprintln!("error: cannot write {}: {e}", out.display());
        return ExitCode::from(2);
    }
    println!(
        "wrote {}: {}, {} cells filled; load it into Apogée for the étape",
        out.display(),
        students(filled.students),
        filled.cells
    );
    ExitCode::SUCCESS
}

fn run_new(
    framework: &std::path::Path,
    formation: Option<&std::path::Path>,
    parcours: &str,
    year: u8,
    out: Option<&std::path::Path>,
) -> ExitCode {
    let (text, report) = match project::draft(framework, formation, parcours, year) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let Some(out) = out else {
        let _ = std::io::stdout().write_all(text.as_bytes());
        return ExitCode::SUCCESS;
    };
    if out.exists() {
        eprintln!(
            "error: {} exists; `maquette new` never writes over a file: name another one",
            out.display()
        );
        return ExitCode::from(2);
    }
    if let Err(e) = maquette::write::write_atomic(out, text.as_bytes()) {
        eprintln!("error: cannot write {}: {e}", out.display());
        return ExitCode::from(2);
    }
    let to_fill = report
        .findings
        .diagnostics
        .iter()
        .filter(|d| d.rule.id == "to-fill")
        .count();
    println!(
        "wrote {}: {to_fill} placeholders remain to fill; `maquette check {}` lists them",
        out.display(),
        out.display()
    );
    ExitCode::SUCCESS
}

/// The paths given, or curricula/ and, when it exists, cohorts/.
fn default_paths(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        let mut default = vec![PathBuf::from("curricula")];
        default.extend(Some(PathBuf::from("cohorts")).filter(|c| c.is_dir()));
        default
    } else {
        paths
    }
}

/// The folder of template overrides, when there is one.
fn templates_folder() -> Option<PathBuf> {
    Some(PathBuf::from("templates")).filter(|t| t.is_dir())
}

fn run_watch(paths: Vec<PathBuf>, out: PathBuf) -> ExitCode {
    let options = Options {
        out,
        templates: templates_folder(),
        ..Options::default()
    };
    // Stopping is how watch ends: not a failure.
    let stop = match stop_flag(0) {
        Ok(stop) => stop,
        Err(e) => return could_not_run(e),
    };
    match watch::watch(&paths, options, &stop, &mut std::io::stdout()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => could_not_run(e),
    }
}

/// How long the documents under way may take to finish after Ctrl-C or
/// SIGTERM: longer ones are abandoned. The minutes of a large cohort, which
/// are written as their volumes are typeset, stop after the volume under
/// way (about 0.3 s of typesetting for 200 students).
const GRACE: std::time::Duration = std::time::Duration::from_millis(400);

/// A flag that Ctrl-C (SIGINT) and SIGTERM set: a build then starts no
/// further document. If the ones under way are not done within [`GRACE`],
/// they are abandoned: the writes under way finish, and the process exits
/// with `code`, leaving every PDF whole and no temporary file.
fn stop_flag(code: i32) -> Result<Arc<AtomicBool>, Error> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            return;
        }
        // A process that finishes in time exits by returning from main,
        // which ends this thread too.
        std::thread::sleep(GRACE);
        maquette::write::close();
        let _ = std::io::stdout().flush();
        eprintln!("stopped: the documents under way were abandoned; every PDF written is whole");
        std::process::exit(code);
    })
    .map_err(|e| Error::Signal(e.to_string()))?;
    Ok(stop)
}

fn exit_for(reports: &[FileReport]) -> ExitCode {
    if reports.iter().any(|r| r.count(Severity::Error) > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn could_not_run(e: Error) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(2)
}
