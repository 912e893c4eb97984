//! `maquette build`: documents written into the output folder, stamped when
//! the curriculum has errors, nothing with --strict, and a failed build that
//! leaves the previous PDFs as they were.

mod common;

use std::path::Path;

use common::maquette_build as build;

/// A working folder holding one curriculum under curricula/.
fn project(curriculum: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("curricula")).unwrap();
    std::fs::copy(
        curriculum,
        dir.path()
            .join("curricula")
            .join(Path::new(curriculum).file_name().unwrap()),
    )
    .unwrap();
    dir
}

#[test]
fn a_clean_curriculum_gets_its_booklet_unstamped() {
    let dir = project("tests/fixtures/valid/year.yaml");
    let (code, text) = build(dir.path(), &[]);
    assert_eq!(code, 0, "{text}");
    assert!(
        dir.path().join("out/year/livret-but1.pdf").is_file(),
        "{text}"
    );
    assert!(text.ends_with("1 document in out\n"), "{text}");
    assert!(!text.contains("stamped"), "{text}");
}

#[test]
fn a_curriculum_with_errors_is_built_stamped_and_the_summary_says_why() {
    let dir = project("curricula/mmi-but1-dijon.yaml");
    let (code, text) = build(dir.path(), &["-o", "docs"]);
    assert_eq!(code, 0, "{text}");
    assert!(
        dir.path()
            .join("docs/mmi-but1-dijon/livret-but1.pdf")
            .is_file()
    );
    assert!(
        text.contains("curricula/mmi-but1-dijon.yaml: 1 document stamped “PROJET — NON CONFORME”: 2 errors (name-mismatch, pole-weight)"),
        "{text}"
    );
}

#[test]
fn strict_renders_nothing_for_a_curriculum_with_errors() {
    let dir = project("curricula/mmi-but1-dijon.yaml");
    let (code, text) = build(dir.path(), &["--strict"]);
    assert_eq!(code, 1, "{text}");
    assert!(!dir.path().join("out").exists(), "{text}");
    assert!(
        text.contains("not built (--strict): 2 errors (name-mismatch, pole-weight)"),
        "{text}"
    );
}

#[test]
fn a_failed_build_keeps_the_previous_pdf() {
    let dir = project("tests/fixtures/valid/year.yaml");
    assert_eq!(build(dir.path(), &[]).0, 0);
    let pdf = dir.path().join("out/year/livret-but1.pdf");
    let before = std::fs::read(&pdf).unwrap();
    // A template override that Typst cannot compile.
    std::fs::create_dir(dir.path().join("templates")).unwrap();
    std::fs::write(dir.path().join("templates/booklet.typ.j2"), "#let x = (\n").unwrap();
    let (code, text) = build(dir.path(), &[]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("failed out/year/livret-but1.pdf (the previous file, if any, is kept):"),
        "{text}"
    );
    assert!(
        text.contains("error[template]: Typst: unclosed delimiter"),
        "{text}"
    );
    assert!(
        text.contains("--> templates/booklet.typ.j2:1:"),
        "traced back to the template line\n{text}"
    );
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        before,
        "the previous PDF changed"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("out/year"))
        .unwrap()
        .collect();
    assert_eq!(leftovers.len(), 1, "temporary files left behind");
}

#[test]
fn an_unreadable_curriculum_is_reported_and_not_built() {
    let dir = project("tests/corpus/key-missing-mention.yaml");
    let (code, text) = build(dir.path(), &[]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("not built: the file cannot be read as a curriculum"),
        "{text}"
    );
}

#[test]
fn two_builds_write_byte_identical_files() {
    let dir = project("curricula/informatique-rodez-2025-2026.yaml");
    assert_eq!(build(dir.path(), &["-o", "first"]).0, 0);
    assert_eq!(build(dir.path(), &["-o", "second"]).0, 0);
    let names: Vec<_> = std::fs::read_dir(dir.path().join("first/informatique-rodez-2025-2026"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 6, "five booklets and the deliberation");
    for name in names {
        let a = std::fs::read(
            dir.path()
                .join("first/informatique-rodez-2025-2026")
                .join(&name),
        )
        .unwrap();
        let b = std::fs::read(
            dir.path()
                .join("second/informatique-rodez-2025-2026")
                .join(&name),
        )
        .unwrap();
        assert!(a == b, "{name:?} differs between two builds");
    }
}

/// `--emit typst`: the generated Typst beside each PDF, for template authors.
#[test]
fn emit_typst_writes_the_source_of_each_document_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let root = std::fs::canonicalize(".").unwrap();
    for args in [
        &["curricula/mmi-but1-dijon.yaml"][..],
        &["cohorts/mmi-but1-2025-2026.yaml", "--student", "2400003"],
    ] {
        let run = assert_cmd::Command::cargo_bin("maquette")
            .unwrap()
            .current_dir(&root)
            .arg("build")
            .args(args)
            .args(["--emit", "typst", "-o"])
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "{stderr}");
    }
    // A booklet: its generated source, which compiles alone.
    let typ = std::fs::read_to_string(out.join("mmi-but1-dijon/livret-but1.typ")).unwrap();
    let project = maquette::project::Project::new(maquette::project::Options::default()).unwrap();
    let pages = project.renderer().compile_only(&typ).unwrap();
    assert!(pages >= 2, "{pages}");
    // A relevé: the template, reading its data from the JSON beside it.
    let releves = out.join("mmi-but1-2025-2026/releves");
    let typ = std::fs::read_to_string(releves.join("2400003-CARON-Chloe.typ")).unwrap();
    assert!(
        typ.contains("#let d = json(\"2400003-CARON-Chloe.json\")"),
        "{typ}"
    );
    let json = std::fs::read(releves.join("2400003-CARON-Chloe.json")).unwrap();
    let data: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(data["etudiant"]["numero"], "2400003");
    assert_eq!(data["decision"], "PASD");
}
