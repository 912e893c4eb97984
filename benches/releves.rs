//! Relevé benchmark (issue 6): 1,000 one-page relevés (the S1 jury of a
//! synthetic cohort of 1,000 students on seed 000's curriculum) rendered and
//! written, with the merged file and the minutes. Run:
//! `cargo bench --bench releves`.
//!
//! `BENCH_QUICK=1` stops after the one-thread figures; `BENCH_TEMPLATES=dir`
//! renders with the templates of `dir` (to try a change to a template);
//! `BENCH_STUDENTS=N` makes the cohort N students instead of 1,000;
//! `BENCH_COHORTS_ONLY=1` writes the cohorts and stops (for
//! `benches/engines.py`, which runs other typesetters on the same data).
//!
//! It also writes, for the commands of BENCHMARKS.md:
//! - `target/bench/releves-N.yaml`, the cohort (odd-semester jury, one-page
//!   relevés) and `target/bench/releves-N-annee.yaml` (year jury, two pages);
//! - `target/bench/cli/releve.typ` and `data.json`, one student's relevé as
//!   the typst CLI can compile it (`typst compile --root target/bench/cli …`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use maquette::model::source::SourceFile;
use maquette::project::check_file;
use maquette::project::load_cohort;
use maquette::project::{self as build, Options, Project};
use maquette::render::views as releve;

// The allocator of the `maquette` binary (src/main.rs), so that these
// in-process figures are the command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The cohort's size: `BENCH_STUDENTS`, else 1,000.
fn students() -> usize {
    std::env::var("BENCH_STUDENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000)
        .max(1)
}

const NOMS: [&str; 10] = [
    "MARTIN", "BERNARD", "N'DIAYE", "LEFÈVRE", "GARCÍA", "NGUYEN", "MÜLLER", "DUBOIS", "BENALI",
    "ROUSSEAU",
];
const PRENOMS: [&str; 10] = [
    "Alice", "Bruno", "Chloé", "Dorian", "Élise", "Farid", "Gaëlle", "Hugo", "Inès", "Jérôme",
];

/// A cohort of `students` fictional students with pseudo-random grades.
fn cohort_yaml(students: usize, jury: &str) -> String {
    let curriculum = std::fs::canonicalize("curricula/mmi-but1-dijon.yaml").unwrap();
    let c = check_file(&curriculum).unwrap().curriculum.unwrap();
    let parcours = c.parcours[0].code.clone();
    let mut seed: u64 = 7;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % 1401 + 500
    };
    let mut y = String::new();
    let _ = writeln!(y, "maquette: {}", curriculum.display());
    let _ = writeln!(
        y,
        "annee_universitaire: 2025-2026\nannee: 1\njury:\n  date: 2026-06-25\n  president: Céline MOREIRA\n  lieu: Dijon\n  membres: [Dante PARINI, Edith DAVAL]\n  semestre: {jury}\netudiants:"
    );
    for i in 0..students {
        let _ = writeln!(
            y,
            "  - numero: \"25{i:05}\"\n    nom: \"{}\"\n    prenom: {}\n    ine: \"25{i:05}0AB\"\n    naissance: 2006-0{}-1{}\n    lieu_naissance: Dijon\n    notes:",
            NOMS[i % 10],
            PRENOMS[(i / 10) % 10],
            1 + i % 9,
            i % 10
        );
        for s in c.semesters_of(&parcours) {
            let grades: Vec<String> = s
                .teachings
                .iter()
                .map(|t| format!("{}: {}", t.code.value, next() as f64 / 100.0))
                .collect();
            let _ = writeln!(y, "      {}: {{ {} }}", s.number.value, grades.join(", "));
        }
    }
    y
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let dir = PathBuf::from("target/bench");
    std::fs::create_dir_all(dir.join("cli")).unwrap();
    let n = students();
    let odd = dir.join(format!("releves-{n}.yaml"));
    let even = dir.join(format!("releves-{n}-annee.yaml"));
    std::fs::write(&odd, cohort_yaml(n, "impair")).unwrap();
    std::fs::write(&even, cohort_yaml(n, "pair")).unwrap();
    if std::env::var("BENCH_COHORTS_ONLY").is_ok_and(|v| v == "1") {
        return;
    }

    // One student's relevé, cold and warm, on one thread.
    let overrides = std::env::var_os("BENCH_TEMPLATES").map(PathBuf::from);
    let project = Project::new(Options {
        templates: overrides.clone(),
        ..Options::default()
    })
    .unwrap();
    let renderer = project.renderer();
    let (_, c) = load_cohort(SourceFile::new(
        &odd,
        std::fs::read_to_string(&odd).unwrap(),
    ));
    let c = c.unwrap();
    let t = Instant::now();
    let d = maquette::decide::cohort(&c);
    println!("load done; decisions of {n} students: {}", ms(t.elapsed()));
    let view = |i: usize| releve::releve(&c, &c.students[i], &d[i], None);
    let render = |i: usize| project.releve(&c, &d, i).unwrap();
    let mut cold = Vec::new();
    let mut next_student = Vec::new();
    for i in 0..20 {
        renderer.evict_cache(0);
        let t = Instant::now();
        render(i);
        cold.push(t.elapsed());
        // Another student's relevé right after: the template's work is cached.
        let t = Instant::now();
        render(i + 100);
        next_student.push(t.elapsed());
    }
    println!(
        "one relevé, one thread: empty typst cache {}; next student, cache kept {} (median of 20)",
        ms(median(cold)),
        ms(median(next_student))
    );
    let t = Instant::now();
    for i in 0..200 {
        if i % build::TRIM_EVERY == 0 {
            renderer.evict_cache(build::TRIM_AGE);
        }
        render(i);
    }
    println!(
        "200 relevés in a row, one thread, cache trimmed every 10 as in build: {} per relevé",
        ms(t.elapsed() / 200)
    );
    std::fs::write(
        dir.join("cli/releve.typ"),
        renderer.template_text("releve.typ").unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.join("cli/data.json"),
        serde_json::to_vec(&view(0)).unwrap(),
    )
    .unwrap();
    if std::env::var_os("BENCH_QUICK").is_some() {
        return;
    }
    let mut runs = Vec::new();
    for _ in 0..3 {
        renderer.evict_cache(0);
        let t = Instant::now();
        project.minutes(&c, &d).unwrap();
        runs.push(t.elapsed());
    }
    println!("minutes of {n} students, one thread: {}", ms(median(runs)));

    // The whole batch, as `maquette build` does it.
    for (label, cohort) in [
        ("one-page relevés (S1 jury)", &odd),
        ("two-page relevés (year jury)", &even),
    ] {
        let mut runs = Vec::new();
        for _ in 0..5 {
            let out = tempfile::tempdir().unwrap();
            let options = Options {
                out: out.path().to_path_buf(),
                strict: false,
                templates: overrides.clone(),
                ..Options::default()
            };
            let t = Instant::now();
            let builds = build::build(std::slice::from_ref(cohort), &options).unwrap();
            runs.push(t.elapsed());
            assert!(
                !build::failed(&builds),
                "{}",
                build::report(&builds, out.path())
            );
            check_output(out.path(), n);
        }
        let m = median(runs);
        println!(
            "{n} {label} + merged file + minutes, in-process: median of 5 {} ({} per relevé)",
            ms(m),
            ms(m / n as u32)
        );
    }
}

/// Every relevé is there, and the merged file holds them all.
fn check_output(out: &Path, students: usize) {
    let folder = std::fs::read_dir(out)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let n = std::fs::read_dir(folder.join("releves")).unwrap().count();
    assert_eq!(n, students);
    assert!(folder.join("releves.pdf").is_file());
    assert!(folder.join("proces-verbal.pdf").is_file());
}
