//! `maquette diff` on edited copies of the shipped curricula: matched by
//! code, never by position; each kind of change one sentence in its place;
//! the findings fixed and introduced; a git revision; the PDF read back.

mod common;

use std::path::{Path, PathBuf};

use maquette::compare::{Class, Comparison, Scope, Word};
use maquette::project::diff::{Version, diff};

const MMI2: &str = "curricula/mmi-but2-scn2d-alternance-dijon.yaml";
const INFO: &str = "curricula/informatique-rodez-2025-2026.yaml";

/// The shipped file and an edited copy of it (in `dir`).
fn edited(dir: &Path, source: &str, edits: &[(&str, &str)]) -> PathBuf {
    let mut text = std::fs::read_to_string(source).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    let path = dir.join(Path::new(source).file_name().unwrap());
    std::fs::write(&path, text).unwrap();
    path
}

fn compare(old: &str, new: &Path) -> Comparison {
    diff(
        &Version::File(old.into()),
        &Version::File(new.to_path_buf()),
    )
    .unwrap()
    .expect("both versions load")
}

fn sentences(c: &Comparison) -> Vec<(Class, String)> {
    c.changes
        .iter()
        .map(|c| (c.class, c.sentence.clone()))
        .collect()
}

#[test]
fn a_teaching_inserted_in_the_middle_is_one_addition_only() {
    let dir = tempfile::tempdir().unwrap();
    let new = edited(
        dir.path(),
        MMI2,
        &[(
            "          - { code: R305, nom: \"Stratégies de communication et marketing\", td: 4,",
            "          - { code: R319, nom: \"Intelligence artificielle\", td: 6, tp: 2, total: 8, evaluation: CC, coef: 1 }\n          - { code: R305, nom: \"Stratégies de communication et marketing\", td: 4,",
        )],
    );
    let c = compare(MMI2, &new);
    assert_eq!(
        sentences(&c),
        [(
            Class::Creation,
            "R319 « Intelligence artificielle » : création (ressource ; TD 6 h, TP 2 h, total 8 h ; dans UE31 (coef. 1))".to_string()
        )]
    );
    assert_eq!(
        c.changes[0].scope,
        Scope::Semester {
            semestre: 3,
            parcours: Vec::new()
        }
    );
    // The printed totals of UE31 were not updated: check says so.
    assert!(
        c.introduites
            .iter()
            .any(|f| f.rule == "total-mismatch" && f.message.contains("TOTAL RESSOURCES of UE31"))
    );
}

#[test]
fn a_new_code_with_the_same_name_and_hours_is_a_rename() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(MMI2)
        .unwrap()
        .replace("code: R303,", "code: R3.03,");
    let new = dir.path().join("renamed.yaml");
    std::fs::write(&new, text).unwrap();
    let c = compare(MMI2, &new);
    assert_eq!(
        sentences(&c),
        [(
            Class::Textes,
            "R303 « Design d'expérience » : code R303 → R3.03".to_string()
        )]
    );
    assert!(c.introduites.is_empty() && c.corrigees.is_empty() && c.modifiees.is_empty());
}

#[test]
fn a_changed_coefficient_is_one_change_of_the_mccc_under_its_ue() {
    let dir = tempfile::tempdir().unwrap();
    let new = edited(
        dir.path(),
        MMI2,
        &[(
            "{ code: R306, nom: \"Référencement\", tp: 4, total: 4, evaluation: CC, coef: 1 }",
            "{ code: R306, nom: \"Référencement\", tp: 4, total: 4, evaluation: CC, coef: 1.5 }",
        )],
    );
    let c = compare(MMI2, &new);
    assert_eq!(
        sentences(&c),
        [(
            Class::Mccc,
            "R306 Référencement : coefficient dans UE31 1 → 1,5".to_string()
        )]
    );
    assert_eq!(
        c.changes[0].scope,
        Scope::Ue {
            semestre: 3,
            parcours: Vec::new(),
            ue: "UE31".into()
        }
    );
}

#[test]
fn ects_moved_between_two_ues_are_two_changes_and_no_new_finding() {
    let dir = tempfile::tempdir().unwrap();
    let new = edited(
        dir.path(),
        MMI2,
        &[
            (
                "        competence: Comprendre\n        niveau: 2\n        ects: 4",
                "        competence: Comprendre\n        niveau: 2\n        ects: 5",
            ),
            (
                "        competence: Concevoir\n        niveau: 2\n        ects: 4",
                "        competence: Concevoir\n        niveau: 2\n        ects: 3",
            ),
        ],
    );
    let c = compare(MMI2, &new);
    assert_eq!(
        sentences(&c),
        [
            (Class::Mccc, "UE31 : ECTS 4 → 5".to_string()),
            (Class::Mccc, "UE32 : ECTS 4 → 3".to_string()),
        ]
    );
    assert!(c.introduites.is_empty(), "{:?}", c.introduites);
}

#[test]
fn a_sentence_changed_in_a_text_is_shown_word_by_word() {
    let dir = tempfile::tempdir().unwrap();
    let new = edited(
        dir.path(),
        MMI2,
        &[(
            "Les parcours varient entre 25 et 40%",
            "Les parcours varient entre 30 et 40%",
        )],
    );
    let c = compare(MMI2, &new);
    assert_eq!(
        sentences(&c),
        [(
            Class::Textes,
            "Texte « Objectifs » : modification (1 mot retiré, 1 ajouté)".to_string()
        )]
    );
    let changed: Vec<&Word> = c.changes[0]
        .words
        .iter()
        .filter(|w| !matches!(w, Word::Same(_)))
        .collect();
    assert_eq!(
        changed,
        [&Word::Removed("25".into()), &Word::Added("30".into())]
    );
    let text = maquette::render::changes::text(&c);
    assert!(
        text.contains("Les parcours varient entre [-25-]{+30+} et 40%"),
        "{text}"
    );
}

#[test]
fn fixing_an_error_shows_it_as_fixed() {
    let dir = tempfile::tempdir().unwrap();
    // Seed 004 prints 37 as the total of R5.08 in S5 of parcours D: 15 + 12 is 27.
    let new = edited(
        dir.path(),
        INFO,
        &[(
            "td: 15, tp: 12, total_avec_projet: 37 }",
            "td: 15, tp: 12, total_avec_projet: 27 }",
        )],
    );
    let c = compare(INFO, &new);
    assert_eq!(c.corrigees.len(), 1, "{:?}", c.corrigees);
    assert_eq!(c.corrigees[0].rule, "total-mismatch");
    assert!(
        c.corrigees[0].message.starts_with("S5 row `R5.08`"),
        "{:?}",
        c.corrigees[0]
    );
    assert!(c.introduites.is_empty());
}

#[test]
fn the_pdf_says_what_the_terminal_says() {
    let dir = tempfile::tempdir().unwrap();
    let new = edited(
        dir.path(),
        MMI2,
        &[(
            "{ code: R306, nom: \"Référencement\", tp: 4, total: 4, evaluation: CC, coef: 1 }",
            "{ code: R306, nom: \"Référencement\", tp: 6, total: 6, evaluation: CC, coef: 1 }",
        )],
    );
    let pdf = dir.path().join("synthese.pdf");
    let out = assert_cmd::Command::cargo_bin("maquette")
        .unwrap()
        .args([
            "diff",
            MMI2,
            new.to_str().unwrap(),
            "--pdf",
            pdf.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let terminal = String::from_utf8(out.stdout).unwrap();
    assert!(
        terminal.contains("R306 Référencement : TP 4 h → 6 h, total 12 h → 14 h"),
        "{terminal}"
    );
    let text = common::pdf_text(&std::fs::read(&pdf).unwrap());
    for expected in [
        "Synthèse des modifications",
        "Semestre 3",
        "R306 Référencement : TP 4 h → 6 h, total 12 h → 14 h",
        "MCCC",
        "Constats introduits (10)",
    ] {
        assert!(text.contains(expected), "{expected} not in: {text}");
    }
    // The same sources give the same bytes.
    let again = dir.path().join("again.pdf");
    assert_cmd::Command::cargo_bin("maquette")
        .unwrap()
        .args([
            "diff",
            MMI2,
            new.to_str().unwrap(),
            "--pdf",
            again.to_str().unwrap(),
        ])
        .assert()
        .success();
    assert_eq!(std::fs::read(&pdf).unwrap(), std::fs::read(&again).unwrap());
}

#[test]
fn json_gives_each_change_with_its_class_and_place() {
    let dir = tempfile::tempdir().unwrap();
    let new = edited(
        dir.path(),
        MMI2,
        &[(
            "        niveau: 2\n        ects: 4",
            "        niveau: 2\n        ects: 5",
        )],
    );
    let out = assert_cmd::Command::cargo_bin("maquette")
        .unwrap()
        .args(["diff", MMI2, new.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let change = &v["changes"][0];
    assert_eq!(change["class"], "mccc");
    assert_eq!(change["in"], "ue");
    assert_eq!(change["semestre"], 3);
    assert_eq!(change["ue"], "UE31");
    assert_eq!(change["sentence"], "UE31 : ECTS 4 → 5");
    assert!(
        v["introduites"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "ects-semester")
    );
}

/// `git -C dir ARGS…`, which must succeed.
fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_file_is_compared_with_a_git_revision_of_itself() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    std::fs::create_dir(repo.join("curricula")).unwrap();
    let file = repo.join("curricula/mmi.yaml");
    std::fs::copy(MMI2, &file).unwrap();
    git(repo, &["add", "."]);
    git(repo, &["commit", "-q", "-m", "version votée en 2024"]);
    git(repo, &["tag", "v2024"]);
    let text = std::fs::read_to_string(&file).unwrap().replacen(
        "evaluation: CC, coef: 2 }",
        "evaluation: CT, coef: 2 }",
        1,
    );
    std::fs::write(&file, &text).unwrap();
    git(repo, &["commit", "-q", "-am", "évaluation terminale"]);
    let text = text.replacen(
        "R304, nom: \"Culture numérique\", td: 4, total: 4",
        "R304, nom: \"Culture numérique\", td: 5, total: 5",
        1,
    );
    std::fs::write(&file, &text).unwrap();

    let out = assert_cmd::Command::cargo_bin("maquette")
        .unwrap()
        .current_dir(repo)
        .args(["diff", "curricula/mmi.yaml", "--depuis", "v2024"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let terminal = String::from_utf8(out.stdout).unwrap();
    assert!(
        terminal.contains("avant : curricula/mmi.yaml (révision v2024)"),
        "{terminal}"
    );
    assert!(
        terminal.contains("R303 Design d'expérience : évaluation : « CC » → « CT »"),
        "{terminal}"
    );
    assert!(
        terminal.contains("R304 Culture numérique : TD 12 h → 13 h, total 12 h → 13 h"),
        "{terminal}"
    );

    // Between the two commits, only the evaluation.
    let c = diff(
        &Version::Revision {
            path: file.clone(),
            rev: "v2024".into(),
        },
        &Version::Revision {
            path: file.clone(),
            rev: "HEAD".into(),
        },
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        sentences(&c),
        [(
            Class::Mccc,
            "R303 Design d'expérience : évaluation : « CC » → « CT »".to_string()
        )]
    );

    let out = assert_cmd::Command::cargo_bin("maquette")
        .unwrap()
        .current_dir(repo)
        .args(["diff", "curricula/mmi.yaml", "--depuis", "v1999"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("git has no curricula/mmi.yaml at revision v1999")
    );
}

#[test]
fn a_version_that_does_not_load_is_reported_and_not_compared() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "formation: [\n").unwrap();
    let out = assert_cmd::Command::cargo_bin("maquette")
        .unwrap()
        .args(["diff", MMI2, broken.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("error[yaml]"), "{err}");
    assert!(err.contains("cannot be compared"), "{err}");
}

#[test]
fn a_file_outside_a_repository_or_with_spaces_in_its_path_is_handled() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mon cursus.yaml");
    std::fs::copy(MMI2, &file).unwrap();
    let outside = diff(
        &Version::Revision {
            path: file.clone(),
            rev: "HEAD".into(),
        },
        &Version::File(file.clone()),
    )
    .unwrap_err()
    .to_string();
    assert!(outside.contains("is not in a git repository"), "{outside}");

    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "v1"]);
    let c = diff(
        &Version::Revision {
            path: file.clone(),
            rev: "HEAD".into(),
        },
        &Version::File(file),
    )
    .unwrap()
    .unwrap();
    assert!(c.changes.is_empty());
}
