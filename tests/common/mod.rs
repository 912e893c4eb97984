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

/// The PDF outline: (level, title) of every bookmark, depth first.
pub fn outline(pdf: &[u8]) -> Vec<(usize, String)> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    let root = catalog.get(b"Outlines").unwrap().as_reference().unwrap();
    let title = |d: &lopdf::Dictionary| {
        let raw = d.get(b"Title").unwrap().as_str().unwrap();
        if raw.starts_with(&[0xFE, 0xFF]) {
            let units: Vec<u16> = raw[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).unwrap()
        } else {
            String::from_utf8(raw.to_vec()).unwrap()
        }
    };
    fn walk(
        doc: &lopdf::Document,
        first: Option<lopdf::ObjectId>,
        level: usize,
        title: &dyn Fn(&lopdf::Dictionary) -> String,
        out: &mut Vec<(usize, String)>,
    ) {
        let mut next = first;
        while let Some(id) = next {
            let item = doc.get_dictionary(id).unwrap();
            out.push((level, title(item)));
            let child = item.get(b"First").ok().map(|o| o.as_reference().unwrap());
            walk(doc, child, level + 1, title, out);
            next = item.get(b"Next").ok().map(|o| o.as_reference().unwrap());
        }
    }
    let first = doc
        .get_dictionary(root)
        .unwrap()
        .get(b"First")
        .ok()
        .map(|o| o.as_reference().unwrap());
    let mut out = Vec::new();
    walk(&doc, first, 1, &title, &mut out);
    out
}

/// How far down its page the body text of page `page` reaches, as a share
/// of the page's height below `top` (its top margin, in points): 0 for a
/// page with text in its header only, about 1 for a full page. Headers,
/// footers and backgrounds (PDF artifacts) do not count.
pub fn page_fill(doc: &lopdf::Document, page: lopdf::ObjectId, top: f32, bottom: f32) -> f32 {
    let content = doc.get_and_decode_page_content(page).unwrap();
    let height = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"MediaBox")
        .and_then(|b| b.as_array().map(|a| a[3].as_float().unwrap()))
        .unwrap_or(841.89);
    let num = |o: &lopdf::Object| o.as_float().unwrap_or(0.0);
    // The graphics state's matrix, a stack of them, and the marked contents.
    let mut ctm = [1.0f32, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut saved = Vec::new();
    let mut marks: Vec<bool> = Vec::new();
    let mut lowest = height;
    for op in &content.operations {
        match op.operator.as_str() {
            "q" => saved.push(ctm),
            "Q" => ctm = saved.pop().unwrap_or(ctm),
            "cm" => {
                let m: Vec<f32> = op.operands.iter().map(num).collect();
                let [a, b, c, d, e, f] = ctm;
                ctm = [
                    m[0] * a + m[1] * c,
                    m[0] * b + m[1] * d,
                    m[2] * a + m[3] * c,
                    m[2] * b + m[3] * d,
                    m[4] * a + m[5] * c + e,
                    m[4] * b + m[5] * d + f,
                ];
            }
            "BDC" | "BMC" => marks.push(
                op.operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .is_some_and(|n| n == b"Artifact"),
            ),
            "EMC" => {
                marks.pop();
            }
            "Tm" if !marks.iter().any(|&a| a) => {
                let m: Vec<f32> = op.operands.iter().map(num).collect();
                let y = ctm[1] * m[4] + ctm[3] * m[5] + ctm[5];
                lowest = lowest.min(y);
            }
            _ => {}
        }
    }
    let body = height - top - bottom;
    ((height - top - lowest) / body).clamp(0.0, 1.0)
}
