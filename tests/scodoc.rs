//! `maquette import` of ScoDoc 9's BUT bulletin in JSON, on the real
//! example kept in tests/fixtures/real/: the student's identity, each
//! module's average *per UE* as ScoDoc computed it, and UE averages equal to
//! the ones the bulletin shows.

use std::path::Path;

use maquette::model::Code;
use maquette::model::grade::{Grade, Marks};
use serde_json::Value;

const BULLETIN: &str = "tests/fixtures/real/scodoc-bulletin-but-example.json";
/// S1 of the BUT R&T with the bulletin's own UEs and coefficients.
const CURRICULUM: &str = "examples/scodoc-rt/rt-s1.yaml";

/// `maquette import ARGS…` run in `dir`: exit code, stdout, stderr.
fn import(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let abs = |p: &str| std::fs::canonicalize(p).unwrap();
    let out = assert_cmd::Command::cargo_bin("maquette")
        .unwrap()
        .current_dir(dir)
        .arg("import")
        .args(args)
        .arg("--maquette")
        .arg(abs(CURRICULUM))
        .args(["--annee", "1"])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn bulletin() -> Value {
    serde_json::from_str(&std::fs::read_to_string(BULLETIN).unwrap()).unwrap()
}

/// The bulletin imported for the jury of S1, then checked and decided.
fn imported(dir: &Path) -> (String, maquette::project::DecidedCohort) {
    std::fs::copy(BULLETIN, dir.join("bulletin.json")).unwrap();
    let (code, stdout, stderr) = import(
        dir,
        &["bulletin.json", "--jury", "impair", "-o", "cohorte.yaml"],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let (report, decided) = maquette::project::decide(&dir.join("cohorte.yaml")).unwrap();
    let errors: Vec<_> = report
        .findings
        .diagnostics
        .iter()
        .filter(|d| d.rule.severity == maquette::diag::Severity::Error)
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    (stderr, decided.expect("the cohort is decided"))
}

#[test]
fn a_bulletin_gives_the_student_s_identity_and_says_what_it_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let (stderr, d) = imported(dir.path());
    let b = bulletin();
    let s = &d.cohort.students[0];
    assert_eq!(d.cohort.students.len(), 1);
    assert_eq!(s.nom, b["etudiant"]["nom"].as_str().unwrap());
    assert_eq!(s.prenom, b["etudiant"]["prenom"].as_str().unwrap());
    assert_eq!(s.ine, b["etudiant"]["code_ine"].as_str().unwrap());
    assert_eq!(
        s.naissance,
        b["etudiant"]["date_naissance"].as_str().unwrap()
    );
    assert_eq!(s.courriel, b["etudiant"]["email"].as_str().unwrap());
    assert_eq!(d.cohort.annee_universitaire, "2021-2022");
    // The example has no NIP: ScoDoc's own number stands in, and it is said.
    assert!(b["etudiant"]["code_nip"].is_null());
    assert_eq!(s.numero, b["etudiant"]["etudid"].to_string());
    assert!(
        stderr.contains(
            "bulletin 1 (ALVES VALÉRIE): has no code_nip: ScoDoc's own number (etudid 12496)"
        ),
        "{stderr}"
    );
    // Modules without any grade yet ("~") are said, and pending.
    assert!(
        stderr.contains("averages are \"~\" in ScoDoc (no grade yet): they are written ATT"),
        "{stderr}"
    );
}

#[test]
fn each_module_keeps_the_average_scodoc_computed_for_each_ue() {
    let dir = tempfile::tempdir().unwrap();
    let (_, d) = imported(dir.path());
    let s = &d.cohort.students[0];
    let b = bulletin();
    let mut compared = 0;
    let mut differing = 0;
    for (ue, u) in b["ues"].as_object().unwrap() {
        for kind in ["ressources", "saes"] {
            for (code, m) in u[kind].as_object().unwrap() {
                let marks = s.grades.get(1, code).expect("graded");
                let theirs = m["moyenne"].as_str().unwrap();
                let expected = match theirs {
                    "~" => Grade::Att,
                    v => Grade::Value(v.parse().unwrap()),
                };
                assert_eq!(marks.for_ue(ue), Some(expected), "{code} in {ue}");
                differing += usize::from(matches!(marks, Marks::PerUe(_)));
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 37);
    // R103 is 11.78 in UE11 and 13.81 in UE12: one grade per UE.
    assert!(matches!(
        *s.grades.get(1, "R103").expect("graded"),
        Marks::PerUe(_)
    ));
    // R101 is 13.00 in all three UEs: one grade.
    assert!(matches!(
        *s.grades.get(1, "R101").expect("graded"),
        Marks::One(_)
    ));
    assert!(differing > 0);
}

#[test]
fn the_ue_averages_are_the_ones_the_bulletin_shows() {
    let dir = tempfile::tempdir().unwrap();
    let (_, d) = imported(dir.path());
    let b = bulletin();
    let decisions = &d.decisions[0];
    for (ue, u) in b["ues"].as_object().unwrap() {
        let ours = decisions.ues.iter().find(|x| &x.code == ue).unwrap();
        match u["moyenne"].as_str().unwrap() {
            // ScoDoc shows no average while a module has no grade: nor do we.
            "~" => {
                assert_eq!(ours.average, None, "{ue}");
                assert_eq!(ours.decision, Code::ATT, "{ue}");
            }
            shown => {
                let shown: rust_decimal::Decimal = shown.parse().unwrap();
                assert_eq!(ours.average.unwrap().shown(), shown, "{ue}");
            }
        }
    }
}

#[test]
fn a_bulletin_that_does_not_match_the_curriculum_is_refused_where_it_differs() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = bulletin();
    b["ues"]["UE14"] = b["ues"]["UE13"].clone();
    b["ues"]["UE11"]["ressources"]["R199"] = b["ues"]["UE11"]["ressources"]["R101"].clone();
    b["ues"]["UE12"]["ressources"]["R101"]["moyenne"] = Value::from("21.00");
    b["ues"]["UE12"]["ressources"]["R101"]["coef"] = Value::from(7.0);
    b["ues"]["UE13"]["ressources"]
        .as_object_mut()
        .unwrap()
        .remove("R107");
    std::fs::write(dir.path().join("bulletin.json"), b.to_string()).unwrap();
    let (code, _, stderr) = import(
        dir.path(),
        &["bulletin.json", "--jury", "impair", "-o", "cohorte.yaml"],
    );
    assert_eq!(code, 1, "{stderr}");
    let at = "bulletin.json, bulletin 1 (ALVES VALÉRIE), ues › ";
    for expected in [
        format!(
            "{at}UE14: ScoDoc's UE UE14 is no UE of S1 in the curriculum (its UEs: UE11, UE12, UE13)"
        ),
        format!("{at}UE11 › ressources › R199: R199 is no teaching of S1 in the curriculum"),
        format!("{at}UE12 › ressources › R101: R101 holds 21, outside 0 to 20"),
        format!("{at}UE12 › ressources › R101: ScoDoc weighs R101 7 in UE12, the curriculum 4"),
        format!("{at}UE13: gives no average of R107 in UE13, where the curriculum counts it"),
    ] {
        assert!(stderr.contains(&expected), "{expected}\nnot in:\n{stderr}");
    }
    assert!(!dir.path().join("cohorte.yaml").exists());
}

#[test]
fn the_year_s_jury_needs_both_semesters_and_says_how_to_decide_s1_alone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(BULLETIN, dir.path().join("bulletin.json")).unwrap();
    let (code, _, stderr) = import(dir.path(), &["bulletin.json", "-o", "cohorte.yaml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("no sheet or file gives a grade of S2: add its sheet, or its file; for the jury of S1 alone, import with --jury impair"),
        "{stderr}"
    );
}

#[test]
fn a_list_of_bulletins_is_a_semester_and_a_student_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let one = bulletin();
    let mut other = one.clone();
    other["etudiant"]["code_nip"] = Value::from("21900002");
    other["etudiant"]["nom"] = Value::from("BERNARD");
    let list = Value::Array(vec![one.clone(), other.clone()]);
    std::fs::write(dir.path().join("s1.json"), list.to_string()).unwrap();
    let (code, stdout, stderr) = import(
        dir.path(),
        &["s1.json", "--jury", "impair", "-o", "cohorte.yaml"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("2 students"), "{stdout}");

    let twice = Value::Array(vec![one, other.clone(), other]);
    std::fs::write(dir.path().join("twice.json"), twice.to_string()).unwrap();
    let (code, _, stderr) = import(
        dir.path(),
        &["twice.json", "--jury", "impair", "-o", "autre.yaml"],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("twice.json, bulletin 3 (BERNARD VALÉRIE): gives the grades of S1 of student 21900002 again (first at twice.json, bulletin 2 (BERNARD VALÉRIE))"),
        "{stderr}"
    );
}

/// A hand-written cohort for the R&T S1 fixture, R101 given as `r101`.
fn cohort_with(dir: &Path, r101: &str) -> maquette::project::Checked {
    let mut notes: Vec<String> = vec![format!("R101: {r101}")];
    for t in [
        "R102", "R103", "R104", "R105", "R106", "R107", "R108", "R109", "R110", "R111", "R112",
        "R113", "R114", "R115", "SAE11", "SAE12", "SAE13", "SAE14", "SAE15", "SAE16",
    ] {
        notes.push(format!("{t}: 12"));
    }
    let text = format!(
        "maquette: {}\nannee_universitaire: 2021-2022\nannee: 1\njury:\n  date: 2022-01-20\n  president: P\n  semestre: impair\netudiants:\n  - numero: \"1\"\n    nom: A\n    prenom: B\n    notes:\n      1: {{ {} }}\n",
        std::fs::canonicalize(CURRICULUM).unwrap().display(),
        notes.join(", ")
    );
    let path = dir.join("c.yaml");
    std::fs::write(&path, text).unwrap();
    maquette::project::check_path(&path).unwrap()
}

fn messages(c: &maquette::project::Checked) -> Vec<String> {
    let maquette::project::Checked::Cohort(report, _) = c else {
        panic!("a cohort")
    };
    report
        .findings
        .diagnostics
        .iter()
        .filter(|d| d.rule.id != "cohort-curriculum-findings")
        .map(|d| {
            format!(
                "{}:{} [{}] {}",
                d.loc.map_or(0, |l| l.line),
                d.loc.map_or(0, |l| l.column),
                d.rule.id,
                d.message
            )
        })
        .collect()
}

#[test]
fn a_grade_per_ue_is_read_for_the_ues_the_teaching_counts_in_only() {
    let dir = tempfile::tempdir().unwrap();
    let ok = cohort_with(dir.path(), "{ UE11: 13, UE12: 12.5, UE13: ABJ }");
    assert!(messages(&ok).is_empty(), "{:?}", messages(&ok));
    let maquette::project::Checked::Cohort(_, Some(c)) = ok else {
        panic!("read")
    };
    let r101 = c.students[0].grades.get(1, "R101").expect("graded");
    assert_eq!(
        r101.for_ue("UE12"),
        Some(Grade::Value("12.5".parse().unwrap()))
    );
    assert_eq!(r101.for_ue("UE13"), Some(Grade::Abj));
    assert_eq!(r101.to_string(), "UE11 : 13,00 · UE12 : 12,50 · UE13 : ABJ");

    let bad = messages(&cohort_with(dir.path(), "{ UE11: 13, UE14: 12, UE12: 21 }"));
    let joined = bad.join("\n");
    for expected in [
        "[cohort-value] B A, R101: R101 has no coefficient in UE14 of S1",
        "[grade-value] B A, R101: 21 is outside 0–20",
        "[missing-grade] B A: no grade of R101 (Initiation aux réseaux informatiques) for UE13 in S1",
    ] {
        assert!(joined.contains(expected), "{expected}\nnot in:\n{joined}");
    }
    // Each finding points into the line of the grades.
    assert!(bad.iter().all(|m| m.starts_with("13:")), "{joined}");
}
