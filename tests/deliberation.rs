//! The CEVE deliberation of seed 004: every section and annexe of the seed,
//! for parcours A and D, with computed totals (the two row totals the seed
//! got wrong print their computed value).

mod common;

use common::{curriculum, pdf_text};
use maquette::project::{Options, Project};
use maquette::render::views::deliberation;

fn rendered() -> (String, String) {
    let c = curriculum("informatique-rodez-2025-2026.yaml");
    let view = deliberation(&c, None).expect("seed 004 has deliberation data");
    let project = Project::new(Options::default()).unwrap();
    let source = project
        .renderer()
        .source("deliberation.typ.j2", &view)
        .unwrap();
    let pdf = project.deliberation(&c).unwrap();
    (source, pdf_text(&pdf))
}

#[test]
fn the_deliberation_has_every_section_of_the_seed() {
    let (_, text) = rendered();
    for part in [
        "CONSEIL DES ETUDES ET DE LA VIE ETUDIANTE",
        "Séance du 25 mars 2025",
        "CEVE n°2025-13-IUT-004",
        "Vu le code de l’éducation",
        "1- Organisation des études et structure générale",
        "2- Obligation d’assiduité",
        "3- Stage",
        "4- Evaluation",
        "5-4 Redoublement",
        "5-5 DUT",
        "Toutes les mobilités décrites ci-après font partie intégrante du calendrier",
        "6-3 Mobilité hybride",
        "7- Plagiat, fraude et sanction",
        "Nombre de votants : 25",
        "Voix favorables : 25",
        "Hugues KENFACK",
    ] {
        assert!(text.contains(part), "no “{part}”");
    }
    assert_eq!(
        text.matches("ANNEXE 1 — CEVE").count(),
        2,
        "one structure annexe per parcours"
    );
    assert!(text.contains("Parcours A « Réalisation d’applications"));
    assert!(text.contains("Parcours D « Intégration d’applications"));
    // S1 and S2 are common; S3–S6 once per parcours.
    assert_eq!(text.matches("ANNEXE 2 — CEVE").count(), 10);
    assert_eq!(text.matches("ANNEXE 3 — CEVE").count(), 10);
}

/// Annexe 1 prints the table the council voted (`structure:`), even where
/// the semesters name a UE otherwise: `check` reports those cells
/// (`structure-mismatch`, tests/curricula.rs), the annex does not rewrite them.
#[test]
fn annexe_1_prints_the_ue_codes_as_voted() {
    let c = curriculum("informatique-rodez-2025-2026.yaml");
    let view = deliberation(&c, None).unwrap();
    let d = view
        .annexe1
        .iter()
        .find(|a| a.parcours.starts_with("Parcours D"))
        .expect("parcours D has its annex");
    let (_, conduire) = d
        .rows
        .iter()
        .find(|(name, _)| name == "Conduire")
        .expect("a row for Conduire");
    let codes: Vec<&str> = conduire
        .iter()
        .map(|cell| cell.as_ref().map_or("–", |c| c.ue.as_str()))
        .collect();
    assert_eq!(
        codes,
        ["UE5 S1", "UE5 S2", "UE5 S3", "UE5 S4", "UE5 S5", "UE5 S6"]
    );
    let (_, optimiser) = d.rows.iter().find(|(name, _)| name == "Optimiser").unwrap();
    assert!(
        optimiser[4].is_none() && optimiser[5].is_none(),
        "“-” in S5 and S6"
    );
    let (_, text) = rendered();
    assert!(text.contains("UE5 S6"), "the PDF prints the voted code");
}

#[test]
fn annexe_2_prints_each_teaching_s_x_marks_and_hours() {
    let (_, text) = rendered();
    assert!(
        text.contains("Initiation au développement X X 30 12 47 89"),
        "S1 row"
    );
    assert!(
        text.contains("Portfolio 1 X X X X X X 1 3 4"),
        "S1 portfolio"
    );
    assert!(
        text.contains("Stage obligatoire (entre 8 et 10 semaines) X X X X X X"),
        "S4 stage"
    );
}

#[test]
fn annexe_2_totals_are_computed_even_where_the_seed_was_wrong() {
    let (_, text) = rendered();
    assert!(
        text.contains("TOTAL 116 125 184 75 500"),
        "S1 TOTAL row as printed in the seed"
    );
    assert!(
        text.contains("TOTAL 62 73 140 50 325"),
        "S4 TOTAL row as printed in the seed"
    );
    // The seed prints 13 for 6 + 17 and 37 for 15 + 12.
    assert!(
        text.contains("Développement pour applications mobiles X X X X 6 17 23"),
        "S4 A row"
    );
    assert!(text.contains("Anglais X X X 15 12 27"), "S5 D row");
    assert!(!text.contains("Anglais X X X 15 12 37"));
}

#[test]
fn annexe_3_lists_each_ue_s_coefficients_pole_totals_and_ects() {
    let (_, text) = rendered();
    // Cells spanning rows come out after the first row of their span.
    let s1 = &text[text.find("Coefficients et ECTS — Semestre 1").unwrap()..];
    let s1 = &s1[..s1.find("UE2 Optimiser").unwrap()];
    assert!(
        s1.contains("Initiation au développement 42 Développement d’interfaces web 12 Anglais 1 6"),
        "{s1}"
    );
    assert!(
        s1.contains("Pôle Ressources 60 Projet professionnel et personnel 1 -"),
        "{s1}"
    );
    assert!(
        s1.contains(
            "Implémentation d’un besoin client 40 UE1 Réaliser Niveau 1 5 Pôle SAÉ 40 Portfolio 1 -"
        ),
        "{s1}"
    );
    assert!(
        text.contains("Evolution d’une application existante - Réaliser 10"),
        "S6 A SAÉ pôle"
    );
}

#[test]
fn the_generated_typst_of_the_deliberation_is_pinned() {
    let (source, _) = rendered();
    insta::assert_snapshot!(source);
}

#[test]
fn the_deliberation_has_an_outline_of_its_articles_annexes_and_semesters() {
    let c = curriculum("informatique-rodez-2025-2026.yaml");
    let pdf = Project::new(Options::default())
        .unwrap()
        .deliberation(&c)
        .unwrap();
    let outline = common::outline(&pdf);
    let top: Vec<&str> = outline
        .iter()
        .filter(|(l, _)| *l == 1)
        .map(|(_, t)| t.as_str())
        .collect();
    let articles = &c.deliberation.as_ref().unwrap().articles;
    for a in articles {
        assert!(top.contains(&a.titre.as_str()), "{}: {top:?}", a.titre);
    }
    for annex in [
        "Annexe 1 — Structure générale du BUT",
        "Annexe 2 — Répartition des volumes horaires",
        "Annexe 3 — Répartition des coefficients et ECTS",
    ] {
        let at = outline.iter().position(|(l, t)| *l == 1 && t == annex);
        let at = at.unwrap_or_else(|| panic!("{annex}: {outline:?}"));
        // Each annex lists its parcours or semesters below it.
        assert!(
            outline.get(at + 1).is_some_and(|(l, _)| *l == 2),
            "{outline:?}"
        );
    }
    assert!(
        outline
            .iter()
            .any(|(l, t)| *l == 2 && t.contains("Volumes horaires — Semestre 5 —\u{a0}Parcours")),
        "{outline:?}"
    );
}

#[test]
fn the_deliberation_is_dated_from_its_seance_and_says_nothing_twice() {
    let c = curriculum("informatique-rodez-2025-2026.yaml");
    let pdf = Project::new(Options::default())
        .unwrap()
        .deliberation(&c)
        .unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let info = doc
        .get_dictionary(doc.trailer.get(b"Info").unwrap().as_reference().unwrap())
        .unwrap();
    let created = info.get(b"CreationDate").unwrap().as_str().unwrap();
    // Séance du 25 mars 2025.
    assert!(
        created.starts_with(b"D:20250325"),
        "{}",
        String::from_utf8_lossy(created)
    );
    let text = pdf_text(&pdf);
    // The object names the mention already: it is not printed again under it.
    assert!(
        text.contains("du BUT INFORMATIQUE Année universitaire 2025-2026"),
        "{text}"
    );
    // A stage whose name gives its weeks is not told them twice.
    assert!(text.contains("Stage obligatoire (entre 8 et 10 semaines)"));
    assert!(!text.contains("semaines) ("), "{text}");
}

/// Each annex opens with the institution's letterhead, as seed 004 prints
/// it on annexes 1, 2 and 3: the university, the IUT, and its address with
/// telephone, fax and web site.
#[test]
fn each_annex_opens_with_the_institution_s_letterhead() {
    let c = curriculum("informatique-rodez-2025-2026.yaml");
    let pdf = Project::new(Options::default())
        .unwrap()
        .deliberation(&c)
        .unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let pages: Vec<String> = doc
        .get_pages()
        .keys()
        .map(|&n| {
            let t = doc.extract_text(&[n]).unwrap();
            t.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect();
    let line = "50 avenue de Bordeaux - 12000 Rodez - France - Tél. : 05 65 77 10 80 - Fax : 05 65 77 10 81 - www.iut-rodez.fr";
    for k in 1..=3 {
        let first = pages
            .iter()
            .position(|p| p.contains(&format!("ANNEXE {k} —")))
            .unwrap_or_else(|| panic!("no annex {k}"));
        let page = &pages[first];
        assert!(
            page.contains(
                "UNIVERSITÉ TOULOUSE CAPITOLE Institut Universitaire de Technologie de Rodez"
            ),
            "annex {k}: {page}"
        );
        assert!(page.contains(line), "annex {k}: {page}");
    }
    assert_eq!(pages.iter().filter(|p| p.contains(line)).count(), 3);
}
