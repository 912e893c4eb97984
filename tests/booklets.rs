//! Maquette booklets: what a reader finds in them, byte-identical rebuilds,
//! values that print literally, and the generated Typst pinned by snapshots.

mod common;

use common::{booklets, curriculum, pdf_text};
use maquette::project::{Options, Project};

const SHIPPED: [&str; 4] = [
    "mmi-but1-dijon.yaml",
    "mmi-but2-scn2d-alternance-dijon.yaml",
    "mmi-but3-cn-alternance-dijon.yaml",
    "informatique-rodez-2025-2026.yaml",
];

#[test]
fn every_ue_and_teaching_of_the_year_is_in_its_booklet() {
    let project = Project::new(Options::default()).unwrap();
    for name in SHIPPED {
        let c = curriculum(name);
        let specs = maquette::render::views::booklets(&c);
        for (spec, doc) in specs.iter().zip(booklets(&project, &c)) {
            let (file, text) = (&doc.file, pdf_text(&doc.pdf));
            for &i in &spec.semesters {
                let s = &c.semesters[i];
                for u in &s.ues {
                    assert!(
                        text.contains(&u.code.value),
                        "{name} {file}: no {}",
                        u.code.value
                    );
                }
                for t in &s.teachings {
                    // A teaching the document prints without a code is
                    // found by its name.
                    let shown = if t.coded { &t.code.value } else { &t.name };
                    assert!(text.contains(shown.as_str()), "{name} {file}: no {shown}");
                }
            }
        }
    }
}

/// The totals the seed documents print, which the booklets compute.
#[test]
fn booklet_totals_equal_the_seeds_own_totals() {
    let project = Project::new(Options::default()).unwrap();
    let expect = [
        // Seed 000: "TOTAL S1 76,5 197,5 153 115,5 427 560 30", …
        (
            "mmi-but1-dijon.yaml",
            "livret-but1.pdf",
            "TOTAL S1 76,5 197,5 153 115,5 427 560 30",
        ),
        (
            "mmi-but1-dijon.yaml",
            "livret-but1.pdf",
            "TOTAL S2 77,5 208,5 147 124,5 433 575 30",
        ),
        // The seed prints no coefficient on its year row: nor does the booklet.
        (
            "mmi-but1-dijon.yaml",
            "livret-but1.pdf",
            "TOTAL NIVEAU 1 154 406 300 240 860 60",
        ),
        // Seed 001: each TOTAL UE row prints the UE's own coefficient (1),
        // the semesters and the year the sum of those (5, 10).
        (
            "mmi-but2-scn2d-alternance-dijon.yaml",
            "livret-but2.pdf",
            "TOTAL UE31 0 27 13 14 40 1 4",
        ),
        (
            "mmi-but2-scn2d-alternance-dijon.yaml",
            "livret-but2.pdf",
            "TOTAL S3 0 228 116 96 344 5 30",
        ),
        (
            "mmi-but2-scn2d-alternance-dijon.yaml",
            "livret-but2.pdf",
            "TOTAL S4 0 114 46 64 160 5 30",
        ),
        (
            "mmi-but2-scn2d-alternance-dijon.yaml",
            "livret-but2.pdf",
            "TOTAL NIVEAU 2 0 342 162 160 504 10 60",
        ),
        // Seed 002.
        (
            "mmi-but3-cn-alternance-dijon.yaml",
            "livret-but3.pdf",
            "TOTAL S5 9 224 116 25 349",
        ),
        (
            "mmi-but3-cn-alternance-dijon.yaml",
            "livret-but3.pdf",
            "TOTAL S6 3 60 8 10 71",
        ),
        (
            "mmi-but3-cn-alternance-dijon.yaml",
            "livret-but3.pdf",
            "TOTAL NIVEAU 3 12 284 124 35 420 36 60",
        ),
        // Seed 004, annexe 2 TOTAL rows (CM, TD, TP, projet; its TOTAL includes projet).
        (
            "informatique-rodez-2025-2026.yaml",
            "livret-but1.pdf",
            "TOTAL S1 116 125 184 75 425",
        ),
        (
            "informatique-rodez-2025-2026.yaml",
            "livret-but1.pdf",
            "TOTAL S2 115 113 197 100 425",
        ),
        (
            "informatique-rodez-2025-2026.yaml",
            "livret-but2-A.pdf",
            "TOTAL S4 62 73 140 50 275",
        ),
        (
            "informatique-rodez-2025-2026.yaml",
            "livret-but3-D.pdf",
            "TOTAL S5 75 126 74 161 275",
        ),
    ];
    let mut texts: Vec<(&str, String, String)> = Vec::new();
    // A row total the source printed wrong is corrected, and says so.
    let expect = expect.into_iter().chain([(
        "informatique-rodez-2025-2026.yaml",
        "livret-but3-D.pdf",
        "Chiffre corrigé : imprimé 37 dans le document source.",
    )]);
    for name in SHIPPED {
        for doc in booklets(&project, &curriculum(name)) {
            texts.push((name, doc.file.clone(), pdf_text(&doc.pdf)));
        }
    }
    for (name, file, row) in expect {
        let (_, _, text) = texts
            .iter()
            .find(|(n, f, _)| *n == name && f == file)
            .unwrap_or_else(|| panic!("no {file}"));
        assert!(text.contains(row), "{name} {file}: no “{row}”");
    }
}

#[test]
fn two_builds_give_byte_identical_pdfs() {
    let c = curriculum("mmi-but1-dijon.yaml");
    let first = booklets(&Project::new(Options::default()).unwrap(), &c);
    let second = booklets(&Project::new(Options::default()).unwrap(), &c);
    for (a, b) in first.iter().zip(&second) {
        assert!(a.pdf == b.pdf, "{} differs between two builds", a.file);
    }
}

#[test]
fn booklets_are_pdf_a_with_their_metadata() {
    let c = curriculum("mmi-but1-dijon.yaml");
    let pdf = booklets(&Project::new(Options::default()).unwrap(), &c)
        .remove(0)
        .pdf;
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"fr-FR");
    let raw = String::from_utf8_lossy(&pdf);
    assert!(
        raw.contains("pdfaid:part>2<") || raw.contains("pdfaid:part=\"2\""),
        "no PDF/A-2 identification"
    );
    let text = pdf_text(&pdf);
    assert!(text.contains("Fiche formation"));
}

#[test]
fn the_generated_typst_of_each_shipped_booklet_is_pinned() {
    let project = Project::new(Options::default()).unwrap();
    for name in SHIPPED {
        let c = curriculum(name);
        for spec in maquette::render::views::booklets(&c) {
            let view =
                maquette::render::views::booklet(&c, &spec, Some(maquette::project::STAMP.into()));
            let source = project.renderer().source("booklet.typ.j2", &view).unwrap();
            let stem = name.trim_end_matches(".yaml");
            insta::assert_snapshot!(
                format!("{stem}--{}", spec.file_name().trim_end_matches(".pdf")),
                source
            );
        }
    }
}

/// Markup, code and math characters that must print as they are.
const INJECTION: &str = r"#set page(width: 1cm) $x$ *gras* _b_ <a> @b \ = titre";

#[test]
fn yaml_values_print_literally_in_every_kind_of_field() {
    let base = std::fs::read_to_string("tests/fixtures/valid/year.yaml").unwrap();
    let quoted = format!("'{INJECTION}'");
    let mut text = base
        .replacen("  mention: Fixture\n", &format!("  mention: {quoted}\n"), 1)
        .replacen("nom: Ressource 1.1,", &format!("nom: {quoted},"), 1)
        .replacen("nom: Compétence 1,", &format!("nom: {quoted},"), 1);
    text = text.replacen(
        "competences:\n",
        &format!("contacts:\n  - {{ role: {quoted}, nom: {quoted} }}\ntextes:\n  objectifs: {quoted}\ncompetences:\n"),
        1,
    );
    let report = maquette::project::check_text("injection.yaml", text);
    assert!(
        report.diagnostics.is_empty(),
        "{}",
        maquette::project::render_human(std::slice::from_ref(&report))
    );
    let c = report.curriculum.unwrap();
    let pdf = booklets(&Project::new(Options::default()).unwrap(), &c)
        .remove(0)
        .pdf;
    let printed = pdf_text(&pdf);
    let count = printed.matches(INJECTION).count();
    // Title block and header, teaching row, contact role and name, objectifs, competence table.
    assert!(count >= 6, "printed {count} times:\n{printed}");
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    for (_, page) in doc.get_pages() {
        let dict = doc.get_dictionary(page).unwrap();
        let media = dict.get(b"MediaBox").unwrap().as_array().unwrap();
        let width = media[2].as_float().unwrap();
        assert!(
            (width - 595.276).abs() < 0.01,
            "page width changed to {width}"
        );
    }
}

/// Each page's text, whitespace folded.
fn pages(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.get_pages()
        .keys()
        .map(|&n| {
            let t = doc.extract_text(&[n]).unwrap();
            t.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

/// A UE block that continues on the next page repeats its heading there,
/// marked "(suite)", and is never split right after its heading.
#[test]
fn a_ue_block_split_by_a_page_repeats_its_heading_and_never_leaves_it_alone() {
    let project = Project::new(Options::default()).unwrap();
    let mut split = 0;
    for name in SHIPPED {
        let c = curriculum(name);
        for doc in booklets(&project, &c) {
            let pages = pages(&doc.pdf);
            for s in &c.semesters {
                for u in &s.ues {
                    let code = &u.code.value;
                    let total = format!("TOTAL {code} ");
                    for page in &pages {
                        // A repeated heading heads rows of its own UE, not
                        // the semester's total alone.
                        if let Some(at) = page.find(&format!("{code} (suite)")) {
                            let after = &page[at..];
                            let next = after.find("TOTAL ").map(|t| &after[t..]);
                            assert!(
                                !next.is_some_and(|t| {
                                    t.starts_with(&format!("TOTAL S{} ", s.number.value))
                                }),
                                "{name} {}: {code} (suite) heads the semester total alone",
                                doc.file
                            );
                        }
                    }
                    let (Some(first), Some(last)) = (
                        pages.iter().position(|p| {
                            p.contains(
                                &format!("{code} {}", u.intitule.clone().unwrap_or_default())
                                    .trim()
                                    .to_string(),
                            )
                        }),
                        pages.iter().rposition(|p| p.contains(&total)),
                    ) else {
                        continue;
                    };
                    for (p, page) in pages.iter().enumerate().take(last + 1).skip(first + 1) {
                        assert!(
                            page.contains(&format!("{code} (suite)")),
                            "{name} {}: {code} continues on page {} without its heading",
                            doc.file,
                            p + 1
                        );
                        split += 1;
                    }
                    if last > first {
                        // The page it starts on holds more than its heading.
                        let start = &pages[first][pages[first].find(code.as_str()).unwrap()..];
                        assert!(
                            start.contains("RESSOURCES "),
                            "{name} {}: {code} alone at a page foot",
                            doc.file
                        );
                    }
                }
            }
        }
    }
    // The shipped booklets do split some UE blocks.
    assert!(split > 0);
}

/// A booklet prints what its curriculum gives, and no heading, column or
/// row the curriculum leaves empty: the Informatique curriculum (transcribed
/// from a deliberation) has no domaine, NSF codes, formacodes, composantes,
/// apprentissages critiques nor objectives; the MMI first year has them all.
#[test]
fn a_booklet_prints_no_heading_or_column_its_curriculum_leaves_empty() {
    let project = Project::new(Options::default()).unwrap();
    let optional = [
        "Domaine",
        "Codes NSF",
        "Formacodes",
        "Composantes essentielles",
        "Apprentissages critiques",
        "Objectifs de la formation",
        // Only an address: no Contacts heading over it.
        "Contacts",
        // Bare names that the levels' table lists again.
        "Les compétences du programme national",
    ];
    let mmi = pdf_text(&booklets(&project, &curriculum(SHIPPED[0]))[0].pdf);
    for heading in optional {
        assert!(mmi.contains(heading), "MMI BUT 1 lost {heading}");
    }
    for doc in booklets(&project, &curriculum(SHIPPED[3])) {
        let text = pdf_text(&doc.pdf);
        for heading in optional {
            assert!(!text.contains(heading), "{}: empty {heading}", doc.file);
        }
        // No kind of hours the year has none of.
        assert!(!text.contains("Cours intégrés"), "{}", doc.file);
    }
    // Seed 000 prints "BUT 1" as its level: said once.
    assert!(mmi.contains("Niveau BUT 1 (60 ECTS cumulés"), "{mmi}");
}

/// Seed 002 (third year) prints the level-2 apprentissages critiques of all
/// five competences: the booklet prints them as the document does, not an
/// empty "Niveau 3" row.
#[test]
fn the_third_year_booklet_prints_the_competence_levels_of_its_document() {
    let project = Project::new(Options::default()).unwrap();
    let c = curriculum(SHIPPED[2]);
    let text = pdf_text(&booklets(&project, &c)[0].pdf);
    let table = &text[text
        .find("Compétences acquises à l’issue de l’année")
        .unwrap()..];
    for k in &c.competences {
        let level = &k.niveaux[0];
        assert_eq!(level.niveau, 2, "{}", k.nom);
        let first_ac = &level.apprentissages[0].1;
        let words: String = first_ac
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            table.contains(&maquette::render::typo::french(&words).into_owned()),
            "{}: {words} missing",
            k.nom
        );
    }
    assert_eq!(table.matches("Niveau 2").count(), c.competences.len());
    assert!(!table.contains("Niveau 3"));
}

/// Each part of a booklet (its opening pages, the organisation with the
/// first semester, each further semester, the MCC) starts on a new page;
/// inside a part, no page is less than a third full: only a part's last
/// page may be short. Read from the positions of the PDF's body text.
#[test]
fn no_page_of_a_part_is_less_than_a_third_full_unless_it_is_the_part_s_last() {
    let project = Project::new(Options::default()).unwrap();
    let starts_a_part = |text: &str| {
        text.contains("SEMESTRE ")
            || text.contains("Organisation et descriptif des études")
            || text.contains("Modalités de contrôle des connaissances")
    };
    let mut checked = 0;
    for name in SHIPPED {
        for doc in booklets(&project, &curriculum(name)) {
            let pdf = lopdf::Document::load_mem(&doc.pdf).unwrap();
            let ids: Vec<lopdf::ObjectId> = pdf.get_pages().values().copied().collect();
            let texts: Vec<String> = pdf
                .get_pages()
                .keys()
                .map(|&n| pdf.extract_text(&[n]).unwrap())
                .collect();
            for p in 0..ids.len().saturating_sub(1) {
                if starts_a_part(&texts[p + 1]) {
                    continue;
                }
                // The booklet's margins: 2.3 cm at the top, 2 cm at the foot.
                let fill = common::page_fill(&pdf, ids[p], 65.2, 56.7);
                assert!(
                    fill >= 1.0 / 3.0,
                    "{name} {}: page {} is {:.0} % full and its part goes on",
                    doc.file,
                    p + 1,
                    fill * 100.0
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 10, "{checked}");
}

/// A teaching the document prints without a code has none in the
/// curriculum either (seed 001's stage, seed 002's portfolio and stage): the
/// booklet prints its name alone, no code made up for it.
#[test]
fn a_teaching_without_a_code_prints_none() {
    let project = Project::new(Options::default()).unwrap();
    for name in [SHIPPED[1], SHIPPED[2]] {
        let c = curriculum(name);
        let uncoded: Vec<&str> = c
            .semesters
            .iter()
            .flat_map(|s| &s.teachings)
            .filter(|t| !t.coded)
            .map(|t| t.name.as_str())
            .collect();
        assert!(!uncoded.is_empty(), "{name}");
        let text = pdf_text(&booklets(&project, &c)[0].pdf);
        for made_up in ["STAGE4", "STAGE5", "STAGE6", "PORTFOLIO5", "PORTFOLIO6"] {
            assert!(!text.contains(made_up), "{name}: {made_up}");
        }
        for n in uncoded {
            assert!(text.contains(n), "{name}: {n}");
            assert!(
                !text.contains(&format!("— {n} ")),
                "{name}: a code before {n}"
            );
        }
    }
    // Seed 004 names its stage differently in its two annexes: a repère
    // ties them, and no booklet prints it.
    let c = curriculum(SHIPPED[3]);
    let stage = c.semesters[3]
        .teachings
        .iter()
        .find(|t| t.code.value == "STAGE4")
        .unwrap();
    assert!(!stage.coded);
    for b in booklets(&project, &c) {
        let text = pdf_text(&b.pdf);
        for repere in ["STAGE4", "STAGE6", "P1 ", "P2 ", "P3 ", "P4 ", "P5 ", "P6 "] {
            assert!(!text.contains(repere), "{}: {repere}", b.file);
        }
        assert!(text.contains("Portfolio"), "{}", b.file);
    }
}

/// Every MMI booklet prints, as its seed does, the sentences that introduce
/// its tables, the RNCP addresses of the three parcours (as links), and
/// the NSF and Formacode table of the three parcours, whichever one the
/// booklet describes.
#[test]
fn each_mmi_booklet_prints_its_seed_s_sentences_and_all_three_parcours() {
    let project = Project::new(Options::default()).unwrap();
    for name in &SHIPPED[..3] {
        let c = curriculum(name);
        let pdf = &booklets(&project, &c)[0].pdf;
        let text = pdf_text(pdf);
        for sentence in [
            "Le tableau suivant décrit les compétences telles qu’elles sont définies dans le programme national.",
            "Le programme national définit trois niveaux de compétences correspondant chacun à une année du diplôme.",
        ] {
            assert!(text.contains(sentence), "{name}: {sentence}");
        }
        // Seed 001 capitalises its own parcours' name: compared in lower case.
        let text = text.to_lowercase();
        let table = &text[text.find("parcours codes nsf formacodes").unwrap()..];
        for (parcours, formacode) in [
            (
                "Stratégie de communication numérique et design d’expérience",
                "46347",
            ),
            ("Création numérique", "46081"),
            ("Développement web et dispositifs interactifs", "31090"),
        ] {
            let at = table
                .find(&parcours.to_lowercase())
                .unwrap_or_else(|| panic!("{name}: {parcours} not in the table"));
            assert!(table[at..].contains(formacode), "{name}: {parcours}");
        }
        let raw = String::from_utf8_lossy(pdf);
        for rncp in ["35500", "35501", "35502"] {
            let uri =
                format!("/URI(http://www.certificationprofessionnelle.fr/recherche/rncp/{rncp})");
            assert!(raw.contains(&uri), "{name}: no link to RNCP {rncp}");
        }
    }
}

/// The contacts sit in the document's own columns, under their headings
/// (seed 002: "Responsables de formation", "Scolarité – Secrétariat
/// pédagogique"), each contact in its column.
#[test]
fn contacts_are_listed_under_the_document_s_column_headings() {
    let project = Project::new(Options::default()).unwrap();
    let c = curriculum(SHIPPED[2]);
    let text = pdf_text(&booklets(&project, &c)[0].pdf);
    let at = text
        .find("Responsables de formation Scolarité – Secrétariat pédagogique")
        .unwrap_or_else(|| panic!("{text}"));
    let table = &text[at..text[at..].find("Composante de rattachement").unwrap() + at];
    for contact in &c.contacts {
        assert!(
            table.contains(contact.nom.as_deref().unwrap_or(&contact.role)),
            "{} missing: {table}",
            contact.role
        );
    }
    // Seed 000 heads its first column with the one contact's role: printed once.
    let text = pdf_text(&booklets(&project, &curriculum(SHIPPED[0]))[0].pdf);
    assert_eq!(
        text.matches("Responsable de formation").count(),
        1,
        "{text}"
    );
}

/// A row prints the cells its source writes, as written: seed 000 prints
/// TP 0 for R104 and leaves its projet empty; a row that writes no TP
/// (R101) prints none.
#[test]
fn a_row_prints_its_cells_as_the_source_writes_them() {
    let project = Project::new(Options::default()).unwrap();
    let text = pdf_text(&booklets(&project, &curriculum(SHIPPED[0]))[0].pdf);
    assert!(
        text.contains("R104 — Culture numérique 7,5 7,5 0 15 CC 15"),
        "{text}"
    );
    // R101 writes no TP and no projet: its row has no 0.
    let at = text.find("R101 — Anglais").unwrap();
    let row: String = text[at..].split(" CC ").next().unwrap().to_string();
    assert!(!row.split(' ').any(|w| w == "0"), "{row}");
}

/// An e-mail address is a link and is never cut at a line's end, not even
/// at one of its hyphens; a teaching whose name says its weeks is not
/// told them again.
#[test]
fn addresses_are_links_kept_whole_and_weeks_are_said_once() {
    let project = Project::new(Options::default()).unwrap();
    let booklet = &booklets(&project, &curriculum(SHIPPED[0]))[0].pdf;
    let doc = lopdf::Document::load_mem(booklet).unwrap();
    let mut targets = Vec::new();
    for object in doc.objects.values() {
        if let Ok(d) = object.as_dict()
            && let Ok(a) = d.get(b"A").and_then(lopdf::Object::as_dict)
            && let Ok(uri) = a.get(b"URI").and_then(lopdf::Object::as_str)
        {
            targets.push(String::from_utf8_lossy(uri).into_owned());
        }
    }
    assert!(
        targets.contains(&"mailto:serv-scol@iut-dijon.u-bourgogne.fr".to_string()),
        "{targets:?}"
    );
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).unwrap();
    for line in text.lines() {
        assert!(
            !(line.contains('@') && line.trim_end().ends_with('-')),
            "an address cut at the line's end: {line}"
        );
    }
    let c = curriculum(SHIPPED[3]);
    for b in booklets(&project, &c) {
        let text = pdf_text(&b.pdf);
        assert!(!text.contains("semaines) ("), "{}: {text}", b.file);
    }
}
