//! Helpers shared by the integration tests: fixtures, PDFs, `maquette build`.

#![allow(dead_code)]

use maquette::model::Curriculum;
use maquette::project::{Project, check_file};
use maquette::render::views;

/// The text of the small cohort fixture (`tests/fixtures/cohorts/year.yaml`),
/// its curriculum named by absolute path, so that a variant of it can be
/// written into a temporary folder.
pub fn year_cohort_text() -> String {
    let curriculum = std::fs::canonicalize("tests/fixtures/valid/year.yaml").unwrap();
    std::fs::read_to_string("tests/fixtures/cohorts/year.yaml")
        .unwrap()
        .replace("../valid/year.yaml", curriculum.to_str().unwrap())
}

/// `maquette build ARGS…` run in `dir`: its exit code and its output
/// (stdout, then stderr).
pub fn maquette_build(dir: &std::path::Path, args: &[&str]) -> (i32, String) {
    let out = assert_cmd::Command::cargo_bin("maquette")
        .unwrap()
        .current_dir(dir)
        .arg("build")
        .args(args)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

/// The text of a PDF, whitespace folded to single spaces.
pub fn pdf_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).expect("a readable PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).expect("extractable text");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A shipped curriculum, loaded.
pub fn curriculum(name: &str) -> Curriculum {
    check_file(format!("curricula/{name}").as_ref())
        .unwrap()
        .curriculum
        .expect("a readable curriculum")
}

/// A rendered booklet.
pub struct Rendered {
    /// Its file name.
    pub file: String,
    /// The generated Typst source.
    pub source: String,
    /// The PDF.
    pub pdf: Vec<u8>,
}

/// Every booklet of a curriculum.
pub fn booklets(project: &Project, c: &Curriculum) -> Vec<Rendered> {
    views::booklets(c)
        .iter()
        .map(|spec| {
            let source = project.booklet_typst(c, spec).unwrap();
            let pdf = project
                .booklet(c, spec)
                .unwrap_or_else(|e| panic!("{}: {e}", spec.file_name()));
            Rendered {
                file: spec.file_name(),
                source,
                pdf,
            }
        })
        .collect()
}
