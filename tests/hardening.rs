//! Nothing lost, nothing silent: each input that once crashed, was dropped
//! or gave a wrong decision without a word, and what it gets now, a
//! positioned finding, a correct decision, or every document made.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::year_cohort_text;

/// `maquette ARGS…` in `dir`: exit code, stdout + stderr.
fn maquette(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_maquette"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(!text.contains("panicked"), "{text}");
    (out.status.code().unwrap_or(-1), text)
}

/// A variant of the small cohort fixture, written into `dir`.
fn cohort(dir: &Path, edit: impl FnOnce(String) -> String) -> PathBuf {
    let path = dir.join("cohort.yaml");
    std::fs::write(&path, edit(year_cohort_text())).unwrap();
    path
}

fn replace(text: String, old: &str, new: &str) -> String {
    assert!(text.contains(old), "the fixture has no `{old}`");
    text.replacen(old, new, 1)
}

fn check(dir: &Path, file: &Path) -> (i32, String) {
    maquette(dir, &["check", file.to_str().unwrap()])
}

fn curriculum_with(dir: &Path, name: &str, old: &str, new: &str) -> PathBuf {
    let text = std::fs::read_to_string("tests/fixtures/valid/year.yaml").unwrap();
    let path = dir.join(name);
    std::fs::write(&path, replace(text, old, new)).unwrap();
    path
}

#[test]
fn a_huge_coefficient_is_a_positioned_finding_and_the_other_files_still_build() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    let bad = curriculum_with(&src, "bad.yaml", "coef: 50 }]", "coef: 1e27 }]");
    curriculum_with(&src, "good.yaml", "mention: Fixture", "mention: Bonne");
    let (code, text) = check(dir.path(), &bad);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("`1e27` is not a number written in decimals"),
        "{text}"
    );
    assert!(text.contains("bad.yaml:13:"), "{text}");
    let (code, text) = maquette(dir.path(), &["build", "src"]);
    assert_eq!(code, 1, "{text}");
    assert!(
        dir.path().join("out/good/livret-but1.pdf").is_file(),
        "{text}"
    );
    let (_, text) = check(
        dir.path(),
        &curriculum_with(
            &src,
            "big.yaml",
            "cm: 50, td: 50, total: 100",
            "cm: 7e28, td: 50, total: 100",
        ),
    );
    assert!(text.contains("not a number written in decimals"), "{text}");
    let (_, text) = check(
        dir.path(),
        &curriculum_with(&src, "large.yaml", "ects: 15,", "ects: 99999999999999,"),
    );
    assert!(text.contains("far larger than any figure"), "{text}");
}

#[test]
fn a_hexadecimal_grade_is_not_sixteen() {
    let dir = tempfile::tempdir().unwrap();
    let path = cohort(dir.path(), |t| replace(t, "R1.1: 12,", "R1.1: 0x10,"));
    let (code, text) = check(dir.path(), &path);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("`0x10` is not a number written in decimals"),
        "{text}"
    );
}

#[test]
fn a_grade_is_read_as_written_not_through_a_float() {
    let dir = tempfile::tempdir().unwrap();
    let path = cohort(dir.path(), |t| {
        let t = replace(
            t,
            "R1.1: 12, S1.1: 12,",
            "R1.1: 9.994999999999999999, S1.1: 9.994999999999999999,",
        );
        replace(t, "R2.1: 12, S2.1: 12,", "R2.1: 9, S2.1: 9,")
    });
    let (code, text) = maquette(
        dir.path(),
        &["decide", path.to_str().unwrap(), "--format", "csv"],
    );
    assert_eq!(code, 0, "{text}");
    let alice = text.lines().find(|l| l.starts_with("100,")).unwrap();
    assert!(alice.contains("\"9,99\",AJ"), "{alice}");
}

#[test]
fn a_grade_through_an_alias_or_per_ue_is_read_as_written_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = cohort(dir.path(), |t| {
        let t = replace(
            t,
            "R1.1: 12, S1.1: 12,",
            "R1.1: &g 9.994999999999999999, S1.1: *g,",
        );
        replace(t, "R2.1: 12, S2.1: 12,", "R2.1: { UE21: 9 }, S2.1: 9,")
    });
    let (code, text) = maquette(
        dir.path(),
        &["decide", path.to_str().unwrap(), "--format", "csv"],
    );
    assert_eq!(code, 0, "{text}");
    let alice = text.lines().find(|l| l.starts_with("100,")).unwrap();
    assert!(alice.contains("\"9,99\",AJ"), "{alice}");
    assert!(alice.contains("\"9,00\",AJ"), "{alice}");
}

#[test]
fn a_cohort_of_a_year_its_curriculum_does_not_describe_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = cohort(dir.path(), |t| replace(t, "annee: 1", "annee: 3"));
    let (code, text) = check(dir.path(), &path);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains(
            "decides BUT year 3, which its curriculum does not describe (it describes year 1)"
        ),
        "{text}"
    );
}

/// `annee: 0` once underflowed the semester numbers of the relevés and
/// crashed the build: it is an error, and every document is made, stamped.
#[test]
fn a_cohort_of_year_zero_is_an_error_and_its_documents_are_made_stamped() {
    let dir = tempfile::tempdir().unwrap();
    let path = cohort(dir.path(), |t| replace(t, "annee: 1", "annee: 0"));
    let (code, text) = maquette(dir.path(), &["build", path.to_str().unwrap(), "-o", "out"]);
    // A build with errors makes its documents stamped, as for a curriculum
    // with errors (tests/build.rs), and says why.
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("decides BUT year 0"), "{text}");
    assert!(text.contains("stamped"), "{text}");
    let releves = dir.path().join("out/cohort/releves");
    assert!(std::fs::read_dir(&releves).unwrap().count() > 0, "{text}");
}

#[test]
fn a_semester_written_twice_is_an_error_not_a_silent_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = cohort(dir.path(), |t| {
        replace(
            t,
            "      2: { R2.1: 12, S2.1: 12, R2.2: 12, S2.2: 12 }\n",
            "      2: { R2.1: 12, S2.1: 12, R2.2: 12, S2.2: 12 }\n      \"2\": { R2.1: 5, S2.1: 5, R2.2: 5, S2.2: 5 }\n",
        )
    });
    let (code, text) = check(dir.path(), &path);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("the grades of S2 are written twice") || text.contains("written twice"),
        "{text}"
    );
}

#[test]
fn a_jury_decision_on_an_unknown_target_is_an_error_listing_the_valid_ones() {
    let dir = tempfile::tempdir().unwrap();
    for target in ["RCUE:Dev", "UE99"] {
        let path = cohort(dir.path(), |t| {
            replace(
                t,
                "    prenom: Bruno\n",
                &format!(
                    "    prenom: Bruno\n    decisions:\n      - {{ cible: \"{target}\", code: ADJ, motif: jury }}\n"
                ),
            )
        });
        let (code, text) = check(dir.path(), &path);
        assert_eq!(code, 1, "{text}");
        assert!(
            text.contains(&format!(
                "`{target}` is not a UE or an RCUE this jury decides"
            )),
            "{text}"
        );
        assert!(
            text.contains("UE11, UE12, UE21, UE22, RCUE:Compétence 1, RCUE:Compétence 2"),
            "{text}"
        );
    }
}

#[test]
fn a_date_that_does_not_exist_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = cohort(dir.path(), |t| {
        replace(t, "date: 2026-06-25", "date: 2026-02-30")
    });
    let (code, text) = check(dir.path(), &path);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("`2026-02-30` is not a date"), "{text}");
}

#[test]
fn repeats_out_of_range_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = cohort(dir.path(), |t| {
        replace(
            t,
            "    prenom: Bruno\n",
            "    prenom: Bruno\n    redoublements: [7]\n",
        )
    });
    let (code, text) = check(dir.path(), &path);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("S7 is not a semester of this year or before (S1–S2)"),
        "{text}"
    );
}

#[test]
fn a_decimal_comma_is_refused_alike_in_a_cohort_and_explained_in_braces() {
    let dir = tempfile::tempdir().unwrap();
    let quoted = cohort(dir.path(), |t| replace(t, "R1.1: 12,", "R1.1: \"12,5\","));
    let (code, text) = check(dir.path(), &quoted);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("write decimals with a dot (12.5)"), "{text}");
    let flow = cohort(dir.path(), |t| replace(t, "R1.1: 12,", "R1.1: 12,5,"));
    let (code, text) = check(dir.path(), &flow);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("a comma separates values, so `12,5` was read as two"),
        "{text}"
    );
    assert!(!text.contains("a curriculum file"), "{text}");
}

#[test]
fn two_sources_writing_the_same_documents_are_refused_before_rendering() {
    let dir = tempfile::tempdir().unwrap();
    for (folder, name) in [("x", "mmi.yaml"), ("y", "mmi.yaml")] {
        std::fs::create_dir_all(dir.path().join("src").join(folder)).unwrap();
        curriculum_with(
            &dir.path().join("src").join(folder),
            name,
            "mention: Fixture",
            "mention: M",
        );
    }
    let (code, text) = maquette(dir.path(), &["build", "src"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("would both write"), "{text}");
    assert!(!dir.path().join("out").exists(), "nothing is rendered");
    std::fs::remove_dir_all(dir.path().join("src")).unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    curriculum_with(
        &dir.path().join("src"),
        "mmi dijon.yaml",
        "mention: Fixture",
        "mention: M",
    );
    curriculum_with(
        &dir.path().join("src"),
        "MMI_dijon.yaml",
        "mention: Fixture",
        "mention: M",
    );
    let (code, text) = maquette(dir.path(), &["build", "src"]);
    assert_eq!(code, 2, "{text}");
}

#[test]
fn names_with_control_characters_are_refused_and_unprintable_ones_still_make_every_document() {
    let dir = tempfile::tempdir().unwrap();
    let nul = cohort(dir.path(), |t| {
        replace(t, "prenom: Alice", "prenom: \"Al\\0ice\"")
    });
    let (code, text) = check(dir.path(), &nul);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("error[control-character]"), "{text}");
    assert!(!text.contains('\0'), "the NUL never reaches the terminal");

    let emoji = cohort(dir.path(), |t| {
        let t = replace(t, "prenom: Alice", "prenom: \"Alice 🧬\"");
        replace(
            t,
            "nom: Bernard",
            &format!("nom: \"{}\"", "B".repeat(100_000)),
        )
    });
    let (_, text) = check(dir.path(), &emoji);
    assert!(
        text.contains("warning[missing-glyph]") && text.contains("U+1F9EC"),
        "{text}"
    );
    assert!(text.contains("this text has 100000 characters"), "{text}");
    let (_, text) = maquette(dir.path(), &["build", "-o", "out", emoji.to_str().unwrap()]);
    for doc in ["out/cohort/proces-verbal.pdf", "out/cohort/releves.pdf"] {
        assert!(dir.path().join(doc).is_file(), "{doc}\n{text}");
    }
    let releves = std::fs::read_dir(dir.path().join("out/cohort/releves"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "pdf")
        })
        .count();
    assert_eq!(releves, 2, "{text}");
}

#[cfg(unix)]
#[test]
fn a_pipe_or_a_device_is_refused_without_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.yaml");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for path in [fifo.to_str().unwrap(), "/dev/zero"] {
        let (code, text) = maquette(dir.path(), &["check", path]);
        assert_eq!(code, 1, "{text}");
        assert!(text.contains("this is not a regular file"), "{text}");
    }
    let (code, text) = maquette(dir.path(), &["decide", fifo.to_str().unwrap()]);
    assert_eq!(code, 1, "{text}");
}

#[test]
fn decide_and_check_read_a_file_alike() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("binary.yaml");
    std::fs::write(&path, b"etudiants:\n\xff\xfe").unwrap();
    let (check_code, check_text) = check(dir.path(), &path);
    let (decide_code, decide_text) = maquette(dir.path(), &["decide", path.to_str().unwrap()]);
    assert_eq!(
        (check_code, decide_code),
        (1, 1),
        "{check_text}\n{decide_text}"
    );
    assert!(decide_text.contains("not UTF-8 text"), "{decide_text}");
}

#[test]
fn a_csv_cell_a_spreadsheet_would_run_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = cohort(dir.path(), |t| {
        replace(t, "nom: Martin", "nom: \"=HYPERLINK(\\\"http://x\\\")\"")
    });
    let (code, text) = maquette(
        dir.path(),
        &["decide", path.to_str().unwrap(), "--format", "csv"],
    );
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{text}");
}

#[test]
fn a_twenty_thousand_student_cohort_loads() {
    let dir = tempfile::tempdir().unwrap();
    let text = year_cohort_text();
    let (head, _) = text.split_once("etudiants:\n").unwrap();
    let mut big = format!("{head}etudiants:\n");
    for i in 0..20_000 {
        big.push_str(&format!(
            "  - numero: \"{i}\"\n    nom: Nom{i}\n    prenom: Prénom\n    notes:\n      1: {{ R1.1: 12, S1.1: 12, R1.2: 12, S1.2: 12 }}\n      2: {{ R2.1: 12, S2.1: 12, R2.2: 12, S2.2: 12 }}\n"
        ));
    }
    let path = dir.path().join("big.yaml");
    std::fs::write(&path, big).unwrap();
    let (code, text) = check(dir.path(), &path);
    assert_eq!(code, 0, "{}", &text[..text.len().min(2000)]);
}

#[test]
fn a_curriculum_text_no_font_can_print_is_a_positioned_warning_and_a_comment_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("tests/fixtures/valid/year.yaml").unwrap();
    let text = replace(text, "nom: Ressource 1.1,", "nom: Ressource 🧬 1.1,");
    let text = replace(text, "# A clean first year", "# A clean first year 🧪");
    let path = dir.path().join("year.yaml");
    std::fs::write(&path, text).unwrap();
    let (code, text) = check(dir.path(), &path);
    assert_eq!(code, 0, "a warning, not an error: {text}");
    assert!(
        text.contains("warning[missing-glyph]: no embedded font can print “🧬” (U+1F9EC); the documents show � instead"),
        "{text}"
    );
    assert!(text.contains("year.yaml:16:38"), "{text}");
    assert!(text.contains("help: replace the character"), "{text}");
    assert!(
        !text.contains("U+1F9EA"),
        "a comment is not printed: {text}"
    );
    assert_eq!(text.matches("missing-glyph").count(), 1, "{text}");
}

#[test]
fn a_cohort_listing_its_students_before_its_header_reads_as_the_same_cohort() {
    use maquette::project::check::{Checked, check_path};
    let dir = tempfile::tempdir().unwrap();
    let shipped = std::fs::read_to_string("cohorts/mmi-but1-2025-2026.yaml").unwrap();
    let curriculum = std::fs::canonicalize("curricula/mmi-but1-dijon.yaml").unwrap();
    let text = replace(
        shipped,
        "../curricula/mmi-but1-dijon.yaml",
        curriculum.to_str().unwrap(),
    );
    // A finding in the header and one in a student: both kept, whatever the order.
    let text = replace(
        text,
        "  lieu: Dijon\n",
        "  lieu: Dijon\n  semestre: trimestre\n",
    );
    let text = replace(text, "{ R101: 12,", "{ R999: 3, R101: 12,");
    let (header, students) = text.split_at(text.find("etudiants:\n").unwrap());
    let read = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let Checked::Cohort(report, Some(c)) = check_path(&path).unwrap() else {
            panic!("{name} reads as a cohort");
        };
        let mut findings: Vec<String> = report
            .diagnostics
            .iter()
            .map(|d| format!("{} {}", d.rule.id, d.message))
            .collect();
        findings.sort();
        let students: Vec<String> = c
            .students
            .iter()
            .map(|s| {
                let (nom, grades) = (&s.nom, &s.grades);
                let (prior, overrides) = (&s.prior, &s.overrides);
                format!("{nom} {grades:?} {prior:?} {overrides:?}")
            })
            .collect();
        let decisions = format!("{:?}", maquette::decide::cohort(&c));
        (findings, students, decisions)
    };
    let header_first = read("header-first.yaml", text.clone());
    let students_first = read("students-first.yaml", format!("{students}{header}"));
    assert!(
        header_first.0.iter().any(|f| f.contains("`trimestre`"))
            && header_first.0.iter().any(|f| f.contains("R999")),
        "{:?}",
        header_first.0
    );
    assert_eq!(header_first.1.len(), 7);
    assert_eq!(students_first, header_first);
}
