//! The `maquette` command: parses arguments, runs the library, maps the
//! outcome to an exit code (0 clean, 1 errors found, 2 could not run).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use maquette::build;
use maquette::check::{self, FileReport};
use maquette::rules::Severity;
use maquette::watch;

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
    /// Builds, then rebuilds what depends on each file saved (Ctrl-C to stop).
    Watch {
        /// Curriculum or cohort files, or folders (default: curricula/ and cohorts/).
        paths: Vec<PathBuf>,
        /// Output folder.
        #[arg(short, long, default_value = "out")]
        out: PathBuf,
    },
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
        Command::Check { paths, format } => match run_check(paths) {
            Ok(reports) => {
                let text = match format {
                    Format::Human => check::render_human(&reports),
                    Format::Json => check::render_json(&reports),
                };
                let _ = std::io::stdout().write_all(text.as_bytes());
                exit_for(&reports)
            }
            Err(e) => could_not_run(e),
        },
        Command::Watch { paths, out } => run_watch(paths, out),
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
        } => {
            let paths = default_paths(paths);
            let templates = Some(PathBuf::from("templates")).filter(|t| t.is_dir());
            let options = build::Options {
                out: out.clone(),
                strict,
                templates,
                student,
            };
            match build::build(&paths, &options) {
                Ok(builds) => {
                    let _ = std::io::stdout().write_all(build::report(&builds, &out).as_bytes());
                    if build::failed(&builds) {
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
    use maquette::decide::{cohort, report};
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => return could_not_run(format!("cannot read {}: {e}", path.display())),
    };
    let (findings, loaded) = cohort::load(maquette::source::SourceFile::new(path, text));
    let mut err = String::new();
    for d in &findings.diagnostics {
        err.push_str(&maquette::diag::render_human(&findings.file, d));
        err.push('\n');
    }
    eprint!("{err}");
    let Some(c) = loaded.filter(|_| findings.count(Severity::Error) == 0) else {
        eprintln!("{}", findings.summary());
        return ExitCode::from(1);
    };
    let decisions = c.decide();
    let text = match (explain, format) {
        (Some(n), _) => match report::explain(&c, &decisions, n) {
            Some(t) => t,
            None => return could_not_run(format!("no student numbered {n} in {}", path.display())),
        },
        (None, DecideFormat::Table) => report::table(&c, &decisions),
        (None, DecideFormat::Csv) => report::csv(&c, &decisions),
        (None, DecideFormat::Json) => report::json(&c, &decisions),
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
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

fn run_watch(paths: Vec<PathBuf>, out: PathBuf) -> ExitCode {
    let paths = default_paths(paths);
    let templates = PathBuf::from("templates");
    let options = build::Options {
        out,
        strict: false,
        templates: Some(templates).filter(|t| t.is_dir()),
        student: None,
    };
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = stop.clone();
    if let Err(e) =
        ctrlc::set_handler(move || flag.store(true, std::sync::atomic::Ordering::SeqCst))
    {
        return could_not_run(format!("cannot catch Ctrl-C: {e}"));
    }
    match watch::watch(&paths, &options, &stop, &mut std::io::stdout()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => could_not_run(e),
    }
}

fn run_check(paths: Vec<PathBuf>) -> Result<Vec<FileReport>, String> {
    let paths = default_paths(paths);
    let files =
        check::collect(&paths).map_err(|e| format!("cannot list the files to check: {e}"))?;
    if files.is_empty() {
        return Err(format!(
            "no curriculum file (.yaml) in {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    files
        .iter()
        .map(|f| check::check_file(f).map_err(|e| format!("cannot read {}: {e}", f.display())))
        .collect()
}

fn exit_for(reports: &[FileReport]) -> ExitCode {
    if reports.iter().any(|r| r.count(Severity::Error) > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn could_not_run(message: String) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}
