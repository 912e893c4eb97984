//! Relevés, merged relevés and jury minutes (`maquette build` on cohorts):
//! what they print is what `maquette decide` computes, names print as
//! written, and the batch outputs are complete and reproducible.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::pdf_text;
use maquette::decide::YearDecision;
use maquette::model::Cohort;
use maquette::project::{self as build, Options, Project};
use maquette::render::typo::french;

const COHORTS: [&str; 2] = [
    "cohorts/mmi-but1-2025-2026.yaml",
    "cohorts/mmi-but2-scn2d-2025-2026.yaml",
];

fn project() -> &'static Project {
    static P: std::sync::OnceLock<Project> = std::sync::OnceLock::new();
    P.get_or_init(|| Project::new(Options::default()).unwrap())
}

fn load(path: &str) -> (Cohort, Vec<YearDecision>) {
    let (report, dc) = build::decided_cohort(path.as_ref()).unwrap();
    let dc = dc.unwrap_or_else(|| panic!("{path}: {:?}", report.diagnostics));
    (dc.cohort, dc.decisions)
}

/// Where a student is in the cohort.
fn index_of(c: &Cohort, numero: &str) -> usize {
    c.students.iter().position(|s| s.numero == numero).unwrap()
}

/// A student's relevé as a PDF.
fn releve_pdf(c: &Cohort, d: &[YearDecision], i: usize) -> Vec<u8> {
    project()
        .releve(c, d, i)
        .unwrap_or_else(|e| panic!("{}", e.render_human()))
}

/// The lines of a PDF's text, one per text run, trimmed.
fn lines(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages)
        .unwrap()
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The `n` lines after each line equal to `label`.
fn after(lines: &[String], label: &str, n: usize) -> Vec<Vec<String>> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.as_str() == label)
        .map(|(i, _)| lines[i + 1..i + 1 + n].to_vec())
        .collect()
}

/// `maquette decide --format json`: each student's decisions, in file order.
fn decide_json(path: &str) -> Vec<serde_json::Value> {
    let out = Command::cargo_bin("maquette")
        .unwrap()
        .args(["decide", path, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["students"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["decisions"].clone())
        .collect()
}

/// A field of `decide`'s JSON as printed: `—` when there is none.
fn shown(v: &serde_json::Value) -> String {
    v.as_str().unwrap_or("—").to_string()
}

#[test]
fn a_releve_prints_identity_and_the_figures_of_decide() {
    for path in COHORTS {
        let (c, d) = load(path);
        let json = decide_json(path);
        for (i, s) in c.students.iter().enumerate() {
            let pdf = releve_pdf(&c, &d, i);
            let lines = lines(&pdf);
            let row = &json[i];
            for (label, value) in [
                // Printed in French typography: `N'DIAYE` as `N’DIAYE`.
                ("Nom", french(&s.nom).into_owned()),
                ("Prénom", french(&s.prenom).into_owned()),
                ("N° étudiant", s.numero.clone()),
                ("INE", s.ine.clone()),
            ] {
                assert_eq!(
                    after(&lines, label, 1),
                    [[value.clone()]],
                    "{path}, {}: {label}",
                    s.numero
                );
            }
            let born = maquette::render::fmt::date_numeric(&s.naissance);
            assert!(
                lines.contains(&format!("{born} à {}", s.lieu_naissance)),
                "{path}, {}: birth\n{lines:#?}",
                s.numero
            );
            // Per semester: the averages, codes and ECTS of its UEs, in order.
            let sems: Vec<u8> = {
                let mut v: Vec<u8> = d[i].ues.iter().map(|u| u.semester).collect();
                v.dedup();
                v
            };
            let averages = after(&lines, "Moyenne de l’UE", 0).len();
            assert_eq!(averages, sems.len(), "{path}: one table per semester");
            for (k, sem) in sems.iter().enumerate() {
                let ues: Vec<_> = d[i].ues.iter().filter(|u| u.semester == *sem).collect();
                let n = ues.len();
                let shown_avg = &after(&lines, "Moyenne de l’UE", n)[k];
                let shown_code = &after(&lines, "Décision", n)[k];
                let shown_ects = &after(&lines, "ECTS acquis / ECTS", n)[k];
                for (j, u) in ues.iter().enumerate() {
                    let printed = row["ues"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|x| x["code"] == u.code.as_str() && x["semester"] == *sem)
                        .unwrap();
                    assert_eq!(
                        shown_avg[j],
                        shown(&printed["average"]),
                        "{path}, {}: {}",
                        s.numero,
                        u.code
                    );
                    assert_eq!(shown_code[j], shown(&printed["decision"]));
                    assert!(
                        shown_ects[j].starts_with(&format!("{} / ", shown(&printed["ects"]))),
                        "{path}, {}: {} ECTS {}",
                        s.numero,
                        u.code,
                        shown_ects[j]
                    );
                }
            }
            for r in row["rcues"].as_array().unwrap() {
                let label = format!("{} — niveau {}", shown(&r["competence"]), r["level"]);
                let got = after(&lines, &label, 3);
                assert_eq!(got.len(), 1, "{path}: {label}");
                assert_eq!(got[0][1], shown(&r["average"]), "{path}: {label}");
                assert_eq!(got[0][2], shown(&r["decision"]), "{path}: {label}");
            }
            let year = shown(&row["decision"]);
            let text = pdf_text(&pdf);
            assert!(
                text.contains(&format!("Décision du jury pour l’année : {year} — ")),
                "{path}, {}: year decision {year}\n{text}",
                s.numero
            );
            assert!(
                text.contains(&format!(
                    "ECTS acquis dans l’année : {} / 60",
                    shown(&row["ects"])
                )),
                "{path}, {}: ECTS\n{text}",
                s.numero
            );
        }
    }
}

#[test]
fn a_releve_explains_its_codes_and_is_signed() {
    let (c, d) = load(COHORTS[0]);
    // Chloé CARON: ADM and AJ UEs, PASD year.
    let i = index_of(&c, "2400003");
    let text = pdf_text(&releve_pdf(&c, &d, i));
    for needle in [
        "Légende",
        "ADM Admis",
        "AJ Ajourné",
        "PASD Passage de droit dans l’année suivante",
        "Fait à Dijon, le 25 juin 2026",
        // The title the cohort gives its president.
        "La présidente du jury",
        "Céline MOREIRA",
        "Année universitaire 2025-2026",
        "1re année — semestres 1 et 2",
        "Université de Bourgogne",
    ] {
        assert!(text.contains(needle), "missing {needle:?}\n{text}");
    }
    assert!(
        !text.contains("RED "),
        "a code not used is not in the legend"
    );
}

#[test]
fn the_text_of_a_releve_is_pinned() {
    let (c, d) = load(COHORTS[0]);
    let i = index_of(&c, "2400003");
    insta::assert_snapshot!("releve-2400003", lines(&releve_pdf(&c, &d, i)).join("\n"));
}

#[test]
fn names_print_exactly_as_written() {
    let (c, d) = load("tests/fixtures/cohorts/names.yaml");
    for (i, s) in c.students.iter().enumerate() {
        let pdf = releve_pdf(&c, &d, i);
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        for (_, page) in doc.get_pages() {
            let media = doc
                .get_dictionary(page)
                .unwrap()
                .get(b"MediaBox")
                .unwrap()
                .as_array()
                .unwrap()
                .clone();
            let width = media[2].as_float().unwrap();
            assert!(
                (width - 595.28).abs() < 0.5,
                "{}: page width {width}",
                s.numero
            );
        }
        let squeeze = |t: &str| t.split_whitespace().collect::<String>();
        let text = squeeze(&pdf_text(&pdf));
        for value in [&s.nom, &s.prenom, &s.ine, &s.lieu_naissance] {
            // Right-to-left names come out of the PDF in visual order.
            let rtl = value
                .chars()
                .any(|ch| ('\u{0590}'..='\u{08FF}').contains(&ch));
            if rtl {
                continue;
            }
            assert!(
                text.contains(&squeeze(&french(value))),
                "{}: {value:?} not printed as written\n{text}",
                s.numero
            );
        }
        assert_eq!(
            doc.get_pages().len(),
            1,
            "{}: a long name still fits the page",
            s.numero
        );
    }
}

#[test]
fn every_script_of_the_names_has_a_glyph() {
    // An archival PDF may not show a blank box: the fonts must cover every
    // character, which is why a build of this cohort succeeds at all.
    let dir = tempfile::tempdir().unwrap();
    let builds = build::build(
        &[PathBuf::from("tests/fixtures/cohorts/names.yaml")],
        &options(dir.path()),
    )
    .unwrap();
    assert!(
        !build::failed(&builds),
        "{}",
        build::report(&builds, dir.path())
    );
    let text = pdf_text(&std::fs::read(dir.path().join("names/releves.pdf")).unwrap());
    for word in ["Δημητρίου", "Алексеев", "王小明", "김민준", "さくら"] {
        assert!(
            text.contains(word),
            "{word} missing from the merged relevés"
        );
    }
}

fn options(out: &Path) -> Options {
    Options {
        out: out.to_path_buf(),
        ..Options::default()
    }
}

/// The shipped first-year cohort nine times over (63 students), each copy's
/// names lengthened by a name with letters the others do not have.
fn cohort_of_63(dir: &Path) -> PathBuf {
    const NAMES: [&str; 9] = [
        "ARNAUD",
        "ØSTERGAARD",
        "ŁUKASIEWICZ",
        "NÚÑEZ",
        "YILDIZ-ŞAHİN",
        "D’ALEMBERT",
        "VAN DER BERG",
        "NGUYỄN",
        "MÜLLER-LÜDENSCHEIDT",
    ];
    let curriculum = std::fs::canonicalize("curricula/mmi-but1-dijon.yaml").unwrap();
    let text = std::fs::read_to_string(COHORTS[0]).unwrap().replace(
        "../curricula/mmi-but1-dijon.yaml",
        &curriculum.display().to_string(),
    );
    let (head, students) = text.split_once("etudiants:\n").unwrap();
    let mut out = format!("{head}etudiants:\n");
    for (k, name) in NAMES.iter().enumerate() {
        out += &students
            .replace("\"24000", &format!("\"24{k}00"))
            .replace("    nom: ", &format!("    nom: {name} "));
    }
    let path = dir.join("mmi-but1-63.yaml");
    std::fs::write(&path, out).unwrap();
    path
}

/// The merged file holds each font once, and what else its relevés share
/// once (the template sets the cohort's characters first in every relevé,
/// so their font subsets are the same): no two of its objects are equal,
/// and 63 relevés stay under 1 MB, a tenth of the single files put end to
/// end (each also carries its fonts, PDF/A metadata, tags and colour
/// profile).
#[test]
fn the_merged_releves_hold_each_font_once() {
    let dir = tempfile::tempdir().unwrap();
    let cohort = cohort_of_63(dir.path());
    let builds = build::build(&[cohort], &options(dir.path())).unwrap();
    assert!(!build::failed(&builds));
    let folder = dir.path().join("mmi-but1-63");
    let merged_bytes = std::fs::read(folder.join("releves.pdf")).unwrap();
    let merged = lopdf::Document::load_mem(&merged_bytes).unwrap();
    assert_eq!(merged.get_pages().len(), 2 * 63);
    let mut seen = std::collections::HashMap::new();
    let mut fonts = Vec::new();
    for (id, object) in &merged.objects {
        if let lopdf::Object::Stream(s) = object {
            let key = (format!("{:?}", s.dict), s.content.clone());
            if let Some(first) = seen.insert(key, *id) {
                panic!("objects {first:?} and {id:?} are the same stream");
            }
        }
        if let Ok(d) = object.as_dict()
            && d.get(b"Type").and_then(lopdf::Object::as_name).ok() == Some(b"FontDescriptor")
        {
            let name = d.get(b"FontName").and_then(lopdf::Object::as_name).unwrap();
            // "ABCDEF+LibertinusSerif-Bold": the subset's tag, then the font.
            fonts.push(String::from_utf8_lossy(&name[7..]).into_owned());
        }
    }
    let mut distinct = fonts.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(
        fonts.len(),
        distinct.len(),
        "fonts written more than once: {fonts:?}"
    );
    let singles: u64 = std::fs::read_dir(folder.join("releves"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .map(|p| std::fs::metadata(p).unwrap().len())
        .sum();
    let size = merged_bytes.len() as u64;
    assert!(
        size <= 1_000_000,
        "the merged file of 63 relevés is {size} bytes"
    );
    assert!(
        size * 10 <= singles,
        "the merged file is {size} bytes, the relevés {singles}"
    );
}

#[test]
fn a_cohort_gives_relevés_a_merged_file_with_bookmarks_and_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let builds = build::build(&[PathBuf::from(COHORTS[0])], &options(dir.path())).unwrap();
    assert!(!build::failed(&builds));
    let (c, _) = load(COHORTS[0]);
    let folder = dir.path().join("mmi-but1-2025-2026");
    let mut names: Vec<String> = std::fs::read_dir(folder.join("releves"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // The relevés, and the delivery manifest beside them.
    assert_eq!(names.pop().as_deref(), Some("manifeste.csv"));
    assert_eq!(names, build::releve_file_names(&c.students));
    assert!(names.contains(&"2400007-N_DIAYE-Lea-Maelle.pdf".to_string()));

    let pages: usize = names
        .iter()
        .map(|n| {
            lopdf::Document::load(folder.join("releves").join(n))
                .unwrap()
                .get_pages()
                .len()
        })
        .sum();
    let merged = lopdf::Document::load(folder.join("releves.pdf")).unwrap();
    assert_eq!(merged.get_pages().len(), pages);
    let titles: Vec<String> = bookmarks(&merged);
    let expected: Vec<String> = c
        .students
        .iter()
        .map(|s| french(&format!("{} {} ({})", s.nom, s.prenom, s.numero)).into_owned())
        .collect();
    assert_eq!(titles, expected);

    let minutes = pdf_text(&std::fs::read(folder.join("proces-verbal.pdf")).unwrap());
    for needle in [
        "Procès-verbal du jury",
        "La présidente du jury : Céline MOREIRA",
        "Membres : Dante PARINI, Edith DAVAL",
        "Stage validé à l’étranger, rattrapage de l’UE Entreprendre en S3",
        "PAS1NCI",
    ] {
        assert!(minutes.contains(needle), "missing {needle:?}\n{minutes}");
    }
}

/// The titles of a PDF's top-level bookmarks, in order.
fn bookmarks(doc: &lopdf::Document) -> Vec<String> {
    let catalog = doc.catalog().unwrap();
    let outlines = doc
        .get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();
    let mut next = outlines
        .get(b"First")
        .ok()
        .map(|o| o.as_reference().unwrap());
    let mut titles = Vec::new();
    while let Some(id) = next {
        let item = doc.get_dictionary(id).unwrap();
        let raw = item.get(b"Title").unwrap().as_str().unwrap();
        titles.push(if raw.starts_with(&[0xFE, 0xFF]) {
            let units: Vec<u16> = raw[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).unwrap()
        } else {
            String::from_utf8(raw.to_vec()).unwrap()
        });
        next = item.get(b"Next").ok().map(|o| o.as_reference().unwrap());
    }
    titles
}

#[test]
fn the_minutes_list_every_student_with_their_decision() {
    let (c, d) = load(COHORTS[1]);
    let pdf = project().minutes(&c, &d).unwrap();
    let lines = lines(&pdf);
    for (s, dec) in c.students.iter().zip(&d) {
        let at = lines
            .iter()
            .position(|l| l == &s.numero)
            .unwrap_or_else(|| panic!("{} not in the minutes", s.numero));
        // The row ends where the next one starts: … decision, ECTS.
        let end = lines[at + 1..]
            .iter()
            .position(|l| c.students.iter().any(|o| &o.numero == l) || l == "Minimum")
            .map(|k| at + 1 + k)
            .unwrap();
        let row = &lines[at..end];
        assert!(row[1].starts_with(&format!("{} {}", s.nom, s.prenom)));
        let mut decision = dec.decision.unwrap().to_string();
        if dec.but {
            decision.push_str(" · BUT");
        } else if dec.dut {
            decision.push_str(" · DUT");
        }
        assert_eq!(row[row.len() - 2], decision, "{}: year decision", s.numero);
        assert_eq!(
            row[row.len() - 1],
            maquette::render::fmt::ects(dec.ects),
            "{}: ECTS",
            s.numero
        );
    }
    insta::assert_snapshot!("proces-verbal-mmi-but2", lines.join("\n"));
}

#[test]
fn after_an_odd_semester_jury_the_releve_covers_that_semester_only() {
    let (c, d) = load("tests/fixtures/cohorts/odd.yaml");
    let pdf = releve_pdf(&c, &d, 0);
    let text = pdf_text(&pdf);
    assert!(text.contains("1re année — semestre 1 "), "{text}");
    assert!(
        !text.contains("— BUT 1"),
        "the year is not a second “BUT”: {text}"
    );
    assert!(text.contains("provisoires"), "{text}");
    assert!(text.contains("Semestre 1"), "{text}");
    assert!(!text.contains("Semestre 2"), "{text}");
    assert!(
        !text.contains("RCUE"),
        "no RCUE before the year's jury\n{text}"
    );
    assert!(!text.contains("Décision du jury pour l’année"), "{text}");
    assert!(text.contains("ECTS acquis au semestre : 15 / 30"), "{text}");
    assert_eq!(
        lopdf::Document::load_mem(&pdf).unwrap().get_pages().len(),
        1
    );
}

#[test]
fn two_builds_of_a_cohort_are_byte_identical() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for dir in [&a, &b] {
        build::build(&[PathBuf::from(COHORTS[1])], &options(dir.path())).unwrap();
    }
    let folder = "mmi-but2-scn2d-2025-2026";
    let files = [
        "releves.pdf",
        "proces-verbal.pdf",
        "releves/2300001-HENRY-Hugo.pdf",
    ];
    for f in files {
        let x = std::fs::read(a.path().join(folder).join(f)).unwrap();
        let y = std::fs::read(b.path().join(folder).join(f)).unwrap();
        assert!(x == y, "{f} differs between two builds");
    }
}

/// `maquette build ARGS…` in the project's folder.
fn cli(args: &[&str]) -> (i32, String) {
    common::maquette_build(Path::new("."), args)
}

#[test]
fn student_renders_one_releve_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let (code, text) = cli(&[COHORTS[0], "-o", out, "--student", "2400003"]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.ends_with(&format!(
            "wrote {out}/mmi-but1-2025-2026/releves/2400003-CARON-Chloe.pdf\ncohorts/mmi-but1-2025-2026.yaml: 1 document stamped “PROJET — NON CONFORME”: its curriculum has errors (`maquette check` on it)\n1 document in {out}\n"
        )),
        "{text}"
    );
    let folder = dir.path().join("mmi-but1-2025-2026");
    assert!(!folder.join("releves.pdf").exists());
    assert!(!folder.join("proces-verbal.pdf").exists());

    let (code, text) = cli(&[COHORTS[0], "-o", out, "--student", "999"]);
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains("no student numbered 999 in cohorts/mmi-but1-2025-2026.yaml"),
        "{text}"
    );
}

#[test]
fn a_cohort_with_errors_is_stamped_or_skipped_with_strict() {
    let dir = tempfile::tempdir().unwrap();
    let text = common::year_cohort_text().replace("R1.1: 9,", "R9.9: 9,");
    let cohort = dir.path().join("broken.yaml");
    std::fs::write(&cohort, text).unwrap();
    let out = dir.path().join("out");
    let builds = build::build(std::slice::from_ref(&cohort), &options(&out)).unwrap();
    let report = build::report(&builds, &out);
    assert!(report.contains("error[unknown-teaching]"), "{report}");
    assert!(
        report.contains("documents stamped “PROJET — NON CONFORME”"),
        "{report}"
    );
    let text = pdf_text(&std::fs::read(out.join("broken/releves/100-Martin-Alice.pdf")).unwrap());
    assert!(text.contains("PROJET — NON CONFORME"), "{text}");

    let strict = Options {
        strict: true,
        ..options(&dir.path().join("strict"))
    };
    let builds = build::build(std::slice::from_ref(&cohort), &strict).unwrap();
    assert!(build::failed(&builds));
    assert!(!dir.path().join("strict/broken").exists());
}

#[test]
fn a_broken_releve_template_is_reported_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("templates/releve.typ")
        .unwrap()
        .replace("#section[Légende]", "#section[Légende](");
    std::fs::write(dir.path().join("releve.typ"), &text).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("#section[Légende]("))
        .unwrap()
        + 1;
    let project = Project::new(Options {
        templates: Some(dir.path().to_path_buf()),
        ..Options::default()
    })
    .unwrap();
    let (c, d) = load(COHORTS[0]);
    let err = project.releve(&c, &d, 0).unwrap_err();
    let shown = err.render_human();
    assert!(
        shown.contains(&format!("--> templates/releve.typ:{line}:")),
        "{shown}"
    );
    assert!(!shown.contains("generated line"), "{shown}");
}

#[test]
fn the_delivery_manifest_lists_each_relevé_with_its_student_for_a_mail_merge() {
    let dir = tempfile::tempdir().unwrap();
    let cohort = dir.path().join("cohort.yaml");
    let text = common::year_cohort_text().replacen(
        "    nom: Martin\n",
        "    nom: Martin\n    courriel: alice.martin@example.org\n",
        1,
    );
    std::fs::write(&cohort, text).unwrap();
    let out = dir.path().join("out");
    let mut options = options(&out);
    options.releve_names = maquette::project::ReleveNames::Numero;
    let builds = maquette::project::build(std::slice::from_ref(&cohort), &options).unwrap();
    let releves = out.join("cohort/releves");
    let manifest = std::fs::read(releves.join("manifeste.csv")).unwrap();
    assert!(manifest.starts_with(b"\xEF\xBB\xBF"), "a BOM, for Excel");
    let text = String::from_utf8(manifest[3..].to_vec()).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("numero;ine;nom;prenom;courriel;fichier"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(';').collect()).collect();
    let c = &builds[0].cohort.as_ref().unwrap().cohort;
    assert_eq!(rows.len(), c.students.len());
    for (row, s) in rows.iter().zip(&c.students) {
        assert_eq!(row[0], s.numero);
        assert_eq!(row[5], format!("{}.pdf", s.numero));
        assert!(releves.join(row[5]).is_file(), "{}", row[5]);
    }
    assert_eq!(rows[0][4], "alice.martin@example.org");
    assert!(builds[0].written.contains(&releves.join("manifeste.csv")));
}

#[test]
fn one_job_at_a_time_writes_the_same_bytes_as_one_per_core() {
    let dir = tempfile::tempdir().unwrap();
    let cohort = dir.path().join("cohort.yaml");
    std::fs::write(&cohort, common::year_cohort_text()).unwrap();
    let mut bytes = Vec::new();
    for jobs in [Some(1), None] {
        let out = dir.path().join(format!("out-{jobs:?}"));
        let mut options = options(&out);
        options.jobs = jobs;
        let builds = maquette::project::build(std::slice::from_ref(&cohort), &options).unwrap();
        assert!(!maquette::project::failed(&builds));
        let mut files: Vec<(String, Vec<u8>)> = builds[0]
            .written
            .iter()
            .map(|p| {
                let name = p.strip_prefix(&out).unwrap().display().to_string();
                (name, std::fs::read(p).unwrap())
            })
            .collect();
        files.sort();
        bytes.push(files);
    }
    assert!(bytes[0].len() > 3);
    assert_eq!(bytes[0], bytes[1]);
}

#[test]
fn a_releve_states_why_each_code_was_given_and_what_comes_next() {
    let (c, d) = load(COHORTS[0]);
    let text_of = |numero: &str| pdf_text(&releve_pdf(&c, &d, index_of(&c, numero)));
    let expect = [
        // CMP: by which RCUE.
        (
            "2400002",
            vec![
                "UE11 (S1) : acquise par compensation (CMP) au sein du RCUE Comprendre niveau 1, de moyenne 10,78.",
                "Passage en BUT 2.",
            ],
        ),
        // RED: which RCUEs block, and what stays acquired.
        (
            "2400004",
            vec![
                "RCUE validés : 2 sur 5.",
                "RCUE Exprimer niveau 1 inférieur à 8 (7,50) : il bloque le passage de droit.",
                "Redoublement autorisé de la 1re année : restent à valider UE13, UE14, UE15, UE23, UE24, UE25 ; les UE acquises restent capitalisées : UE11, UE12, UE21, UE22.",
            ],
        ),
        // PASD: what is left to validate, and why it matters.
        (
            "2400003",
            vec![
                "Passage en BUT 2 ; restent à valider : UE14, UE15, UE24 (toutes les UE de S1–S2 sont exigées pour l’entrée en semestre 5).",
            ],
        ),
        // ATT: which grade is pending.
        (
            "2400006",
            vec![
                "Note en attente (ATT) : R118 (S1) ; la décision sera prise dès qu’elle sera connue.",
            ],
        ),
        // NAR: the repeat already used.
        (
            "2400005",
            vec![
                "Les semestres S1 et S2 ont déjà été redoublés une fois : un second redoublement n’est pas autorisé.",
                "Le redoublement n’est pas autorisé",
            ],
        ),
        // PAS1NCI: the jury's motif, and the UEs left to validate.
        (
            "2400007",
            vec![
                "Décision du jury pour l’année (PAS1NCI) : Stage validé à l’étranger, rattrapage de l’UE Entreprendre en S3.",
                "Passage en BUT 2 par décision du jury ; restent à valider : UE15, UE25.",
            ],
        ),
    ];
    for (numero, needles) in expect {
        let text = text_of(numero);
        for needle in needles {
            assert!(
                text.contains(needle),
                "{numero}: missing {needle:?}\n{text}"
            );
        }
        // Every relevé says how to appeal, in the cohort's words.
        assert!(
            text.contains("Voies de recours Les décisions du jury peuvent faire l’objet"),
            "{numero}: {text}"
        );
        assert!(
            text.contains("sur demande au secrétariat pédagogique."),
            "{text}"
        );
    }
    // A plain ADM has no reasons to give.
    assert!(!text_of("2400001").contains("Motifs"));
}

#[test]
fn neutralised_and_zero_counted_grades_are_marked_and_explained() {
    let dir = tempfile::tempdir().unwrap();
    let curriculum = std::fs::canonicalize("curricula/mmi-but1-dijon.yaml").unwrap();
    let text = std::fs::read_to_string(COHORTS[0])
        .unwrap()
        .replace(
            "../curricula/mmi-but1-dijon.yaml",
            curriculum.to_str().unwrap(),
        )
        .replacen(
            "R105: 14, R106: 14, R107: 14",
            "R105: ABJ, R106: EXC, R107: ABI",
            1,
        )
        .replace("  qualite: La présidente du jury\n", "");
    let path = dir.path().join("cohort.yaml");
    std::fs::write(&path, text).unwrap();
    let (c, d) = load(path.to_str().unwrap());
    let text = pdf_text(&releve_pdf(&c, &d, index_of(&c, "2400001")));
    for needle in [
        "Absence justifiée (ABJ) : R105 (S1) ; note neutralisée, elle ne compte pas dans la moyenne.",
        "Dispense (EXC) : R106 (S1) ; note neutralisée, elle ne compte pas dans la moyenne.",
        "Absence injustifiée (ABI) : R107 (S1) ; comptée 0.",
        // The legend explains the marks the grade column shows.
        "ABJ Absence justifiée, note neutralisée (hors de la moyenne)",
        "EXC Dispense, note neutralisée (hors de la moyenne)",
        "ABI Absence injustifiée, comptée 0",
        // A cohort that gives no title for its president.
        "Le président du jury",
    ] {
        assert!(text.contains(needle), "missing {needle:?}\n{text}");
    }
    // The shipped relevé of the same student has none of them.
    let (c, d) = load(COHORTS[0]);
    let text = pdf_text(&releve_pdf(&c, &d, index_of(&c, "2400001")));
    assert!(
        !text.contains("ABJ") && !text.contains("neutralisée"),
        "{text}"
    );
}

#[test]
fn a_teaching_without_a_code_is_graded_by_its_name_and_printed_without_one() {
    let (c, d) = load(COHORTS[1]);
    let text = pdf_text(&releve_pdf(&c, &d, 0));
    assert!(!text.contains("STAGE4"), "{text}");
    // The stage's row: its name, its grade (13,00 in the cohort), its coefficients.
    assert!(text.contains("Stage 13,00 3 6 3 3 4"), "{text}");
}

#[test]
fn the_minutes_print_no_parcours_for_a_common_first_year() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let (code, log) = cli(&[COHORTS[0], "--out", out]);
    assert_eq!(code, 0, "{log}");
    let minutes = std::fs::read(dir.path().join("mmi-but1-2025-2026/proces-verbal.pdf")).unwrap();
    let text = pdf_text(&minutes);
    assert!(text.contains("N’DIAYE"), "{text}");
    assert!(!text.contains("SCN2D"), "{text}");
}

#[test]
fn a_common_first_year_prints_no_parcours_the_cohort_did_not_set() {
    let (c, d) = load(COHORTS[0]);
    let scn2d = c
        .curriculum
        .parcours
        .iter()
        .find(|p| p.code == "SCN2D")
        .unwrap();
    let text = pdf_text(&releve_pdf(&c, &d, 0));
    assert!(!text.contains(&scn2d.nom), "{text}");
    let (c, d) = load(COHORTS[1]);
    let text = pdf_text(&releve_pdf(&c, &d, 0));
    let name = &c
        .curriculum
        .parcours
        .iter()
        .find(|p| p.code == c.students[0].parcours)
        .unwrap()
        .nom;
    assert!(text.contains(french(name).as_ref()), "{text}");
}

#[test]
fn the_documents_of_a_cohort_whose_curriculum_has_errors_are_stamped_too() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let builds = build::build(&[PathBuf::from(COHORTS[0])], &options(&out)).unwrap();
    let report = build::report(&builds, &out);
    assert!(
        report.contains("documents stamped “PROJET — NON CONFORME”: its curriculum has errors"),
        "{report}"
    );
    for pdf in ["releves/2400001-ARNAUD-Alice.pdf", "proces-verbal.pdf"] {
        let text = pdf_text(&std::fs::read(out.join("mmi-but1-2025-2026").join(pdf)).unwrap());
        assert!(text.contains("PROJET — NON CONFORME"), "{pdf}: {text}");
    }
}

/// The font sizes a PDF's pages set (`Tf`), its page backgrounds aside.
fn font_sizes(pdf: &[u8]) -> Vec<f32> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let mut sizes = Vec::new();
    for page in doc.get_pages().values() {
        let content = doc.get_and_decode_page_content(*page).unwrap();
        for op in content.operations {
            if op.operator == "Tf"
                && let Some(size) = op.operands.get(1).and_then(|o| o.as_float().ok())
            {
                sizes.push(size);
            }
        }
    }
    sizes
}

#[test]
fn the_minutes_are_legible_and_give_each_column_s_statistics_and_each_decision_s_share() {
    let (c, d) = load(COHORTS[0]);
    let pdf = project().minutes(&c, &d).unwrap();
    let sizes = font_sizes(&pdf);
    assert!(!sizes.is_empty());
    assert!(sizes.iter().all(|s| *s >= 8.0), "{sizes:?}");
    let text = pdf_text(&pdf);
    // UE11's figures, from decide's own averages (FONTAINE's is pending).
    let ue11: Vec<f64> = decide_json(COHORTS[0])
        .iter()
        .filter_map(|s| {
            let u = s["ues"].as_array()?.iter().find(|u| u["code"] == "UE11")?;
            u["average"].as_str()?.replace(',', ".").parse().ok()
        })
        .collect();
    assert_eq!(ue11.len(), 6);
    let mean = ue11.iter().sum::<f64>() / 6.0;
    let sd = (ue11.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 6.0).sqrt();
    let fr = |x: f64| format!("{x:.2}").replace('.', ",");
    let min = ue11.iter().copied().fold(f64::MAX, f64::min);
    let max = ue11.iter().copied().fold(f64::MIN, f64::max);
    for (label, value) in [
        ("Minimum", min),
        ("Maximum", max),
        ("Moyenne", mean),
        ("Écart type", sd),
    ] {
        assert!(
            text.contains(&format!("{label} {}", fr(value))),
            "{label} {}\n{text}",
            fr(value)
        );
    }
    for needle in [
        "Effectifs par décision (7 étudiants)",
        "ADM : 2 (28,6 %)",
        "PASD : 1 (14,3 %)",
        // The jury's own decisions name the student by number too.
        "2400007 N’DIAYE Léa-Maëlle Année RED PAS1NCI",
    ] {
        assert!(text.contains(needle), "missing {needle:?}\n{text}");
    }
}

#[test]
fn a_releve_never_leaves_its_decision_alone_on_a_page() {
    for path in COHORTS {
        let (c, d) = load(path);
        for i in 0..c.students.len() {
            let pdf = releve_pdf(&c, &d, i);
            let doc = lopdf::Document::load_mem(&pdf).unwrap();
            let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
            let last = doc.extract_text(&pages[pages.len() - 1..]).unwrap();
            let last = last.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(last.contains("Résultat"), "{}", c.students[i].numero);
            // The last table comes with it.
            assert!(
                last.contains("Regroupements cohérents d’UE (RCUE)"),
                "{}: the decision is alone on its page\n{last}",
                c.students[i].numero
            );
        }
    }
}

/// A cohort of `copies` times each student of `path`, numbered apart; one
/// in three has a name long enough to take two lines.
fn large_cohort(path: &str, copies: usize) -> (Cohort, Vec<YearDecision>) {
    let (mut c, d) = load(path);
    let (students, decisions) = (c.students.clone(), d.clone());
    c.students.clear();
    let mut all = Vec::new();
    for k in 0..copies {
        for (s, dec) in students.iter().zip(&decisions) {
            let mut s = s.clone();
            s.numero = format!("{}{k:02}", s.numero);
            if (c.students.len()) % 3 == 0 {
                s.nom = format!("{} DE LA TOUR D’AUVERGNE-LAURAGAIS ET SAINT-JEAN", s.nom);
            }
            c.students.push(s);
            all.push(dec.clone());
        }
    }
    (c, all)
}

/// Each page's text, words separated by one space.
fn page_texts(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.get_pages()
        .keys()
        .map(|p| {
            let text = doc.extract_text(&[*p]).unwrap();
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

#[test]
fn minutes_typeset_in_volumes_read_page_for_page_as_typeset_at_once() {
    let (c, d) = large_cohort(COHORTS[1], 20);
    let whole = page_texts(&project().minutes_in_volumes(&c, &d, usize::MAX).unwrap());
    assert!(whole.len() >= 4, "{} pages", whole.len());
    // Volumes of 45 rows, and of 10, fewer than a page holds (a volume is
    // then laid out again, longer, until it passes a page).
    for per_volume in [10, 45] {
        let joined = page_texts(&project().minutes_in_volumes(&c, &d, per_volume).unwrap());
        assert_eq!(joined.len(), whole.len(), "volumes of {per_volume}");
        for (k, (w, j)) in whole.iter().zip(&joined).enumerate() {
            assert_eq!(j, w, "volumes of {per_volume}: page {}", k + 1);
        }
    }
    let joined = page_texts(&project().minutes_in_volumes(&c, &d, 45).unwrap());
    // Page x / y, every row once, the statistics and signatures at the end.
    let n = whole.len();
    assert!(joined[n - 1].contains(&format!("{n} / {n}")));
    assert!(joined[1].contains(&format!("2 / {n}")));
    let all = joined.join(" ");
    for s in &c.students {
        assert_eq!(all.matches(&s.numero).count(), 1, "{}", s.numero);
    }
}

/// A tag element's kids that are elements.
fn element_kids(doc: &lopdf::Document, element: &lopdf::Dictionary) -> Vec<lopdf::ObjectId> {
    match element.get(b"K") {
        Ok(lopdf::Object::Array(a)) => a.iter().filter_map(|o| o.as_reference().ok()).collect(),
        Ok(lopdf::Object::Reference(r)) => vec![*r],
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|r| {
        doc.get_dictionary(*r)
            .is_ok_and(|d| d.has_type(b"StructElem"))
    })
    .collect()
}

/// The entries of a number tree or a name tree, in order.
fn tree_keys(doc: &lopdf::Document, node: &lopdf::Object, key: &[u8]) -> Vec<lopdf::Object> {
    let node = doc.dereference(node).unwrap().1.as_dict().unwrap();
    let mut keys: Vec<lopdf::Object> = node
        .get(key)
        .map(|a| a.as_array().unwrap().iter().step_by(2).cloned().collect())
        .unwrap_or_default();
    if let Ok(kids) = node.get(b"Kids") {
        for kid in kids.as_array().unwrap() {
            keys.extend(tree_keys(doc, kid, key));
        }
    }
    keys
}

#[test]
fn minutes_joined_from_volumes_stay_one_tagged_pdf_a_document() {
    let (c, d) = large_cohort(COHORTS[1], 20);
    let pdf = project().minutes_in_volumes(&c, &d, 45).unwrap();
    // Same sources, same bytes.
    assert!(pdf == project().minutes_in_volumes(&c, &d, 45).unwrap());
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    let pages = doc.get_pages();
    // PDF/A: the first volume's output intent and XMP, with the whole's page count.
    assert!(catalog.get(b"OutputIntents").is_ok());
    let xmp = doc
        .get_object(catalog.get(b"Metadata").unwrap().as_reference().unwrap())
        .unwrap()
        .as_stream()
        .unwrap()
        .decompressed_content()
        .unwrap();
    let xmp = String::from_utf8(xmp).unwrap();
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{xmp}");
    assert!(
        xmp.contains(&format!("<xmpTPg:NPages>{}</xmpTPg:NPages>", pages.len())),
        "{xmp}"
    );
    assert_eq!(
        catalog.get(b"Lang").unwrap().as_str().unwrap(),
        b"fr-FR".as_slice()
    );
    // One tag tree: one document element, every element's parent its parent.
    let tree = doc
        .get_dictionary(
            catalog
                .get(b"StructTreeRoot")
                .unwrap()
                .as_reference()
                .unwrap(),
        )
        .unwrap();
    let tops = tree.get(b"K").unwrap().as_array().unwrap();
    assert_eq!(tops.len(), 1);
    let document = tops[0].as_reference().unwrap();
    let mut tables = 0;
    let mut todo = vec![document];
    let mut seen = std::collections::HashSet::new();
    while let Some(id) = todo.pop() {
        assert!(seen.insert(id), "{id:?} is reached twice");
        let element = doc.get_dictionary(id).unwrap();
        if element.get(b"S").unwrap().as_name().unwrap() == b"Table" {
            tables += 1;
        }
        for kid in element_kids(&doc, element) {
            let parent = doc.get_dictionary(kid).unwrap().get(b"P").unwrap();
            assert_eq!(parent.as_reference().unwrap(), id);
            todo.push(kid);
        }
    }
    assert!(tables >= 2, "one table per volume, {tables} found");
    // Each page's marked content is found in the parent tree, and no key twice.
    let keys: Vec<i64> = tree_keys(&doc, tree.get(b"ParentTree").unwrap(), b"Nums")
        .iter()
        .map(|k| k.as_i64().unwrap())
        .collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
    for page in pages.values() {
        let key = doc
            .get_dictionary(*page)
            .unwrap()
            .get(b"StructParents")
            .unwrap()
            .as_i64()
            .unwrap();
        assert!(keys.contains(&key), "page key {key}");
    }
    assert!(tree.get(b"ParentTreeNextKey").unwrap().as_i64().unwrap() > *keys.last().unwrap());
    // Table cells keep identifiers of their own, in order.
    let ids: Vec<Vec<u8>> = tree_keys(&doc, tree.get(b"IDTree").unwrap(), b"Names")
        .iter()
        .map(|k| k.as_str().unwrap().to_vec())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn an_overriding_minutes_template_without_row_labels_is_told_what_volumes_need() {
    let dir = tempfile::tempdir().unwrap();
    let embedded = std::fs::read_to_string("templates/proces-verbal.typ").unwrap();
    let unlabelled = embedded.replace("#metadata(none)<ligne>", "");
    assert_ne!(unlabelled, embedded);
    std::fs::write(dir.path().join("proces-verbal.typ"), unlabelled).unwrap();
    let project = Project::new(Options {
        templates: Some(dir.path().to_path_buf()),
        ..Options::default()
    })
    .unwrap();
    let (c, d) = large_cohort(COHORTS[1], 20);
    // Typeset at once, it needs no label.
    assert!(project.minutes_in_volumes(&c, &d, usize::MAX).is_ok());
    let e = project.minutes_in_volumes(&c, &d, 45).unwrap_err();
    assert_eq!(e.kind, maquette::render::Kind::Template);
    assert!(e.message.contains("<ligne>"), "{}", e.message);
    assert!(e.message.contains("label each row"), "{}", e.message);
}
