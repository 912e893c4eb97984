//! `maquette new`: a draft curriculum from a national competence framework,
//! in each of the forms frameworks are found (ORéBUT's XML in its two
//! dialects, ScoDoc's JSON). The draft must load, carry the framework's
//! competences, levels and apprentissages critiques exactly, and leave what
//! the framework does not give as placeholders that `check` lists.

use std::path::Path;

use maquette::diag::Severity;
use maquette::load::referentiel::{self, Referentiel};
use maquette::model::Curriculum;
use maquette::project::check_file;

const EARLY_XML: &str = "tests/fixtures/real/orebut-MMI-2021-05-early-dialect.xml";
const LATER_XML: &str = "tests/fixtures/reconstructed/orebut-MMI-later-dialect.xml";
const MMI_JSON: &str = "tests/fixtures/real/orebut-MMI-2021-12-11.json";
const GEII_JSON: &str = "tests/fixtures/real/orebut-GEII-2021-12-11.json";
const FORMATION_XML: &str = "tests/fixtures/real/orebut-formation-MMI.xml";

/// `maquette new ARGS…`: exit code, stdout, stderr.
fn new(args: &[&str]) -> (i32, String, String) {
    let out = assert_cmd::Command::cargo_bin("maquette")
        .unwrap()
        .arg("new")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The draft written for `parcours`, year `year`, loaded as `check` loads it.
fn draft(framework: &str, parcours: &str, year: &str) -> (String, maquette::load::FileReport) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.yaml");
    let (code, stdout, stderr) = new(&[
        framework,
        "--parcours",
        parcours,
        "--annee",
        year,
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("placeholders remain to fill"), "{stdout}");
    let text = std::fs::read_to_string(&path).unwrap();
    (text, check_file(&path).unwrap())
}

/// The findings that are not placeholders nor their consequences (ECTS and
/// hours left blank): there must be none, and above all no YAML error.
fn unexpected(report: &maquette::load::FileReport) -> Vec<String> {
    report
        .findings
        .diagnostics
        .iter()
        .filter(|d| !matches!(d.rule.id, "to-fill" | "ects-semester" | "projet-tutore"))
        .map(|d| format!("{}: {}", d.rule.id, d.message))
        .collect()
}

/// Every competence of the framework's `year` in the draft, level by level
/// and apprentissage critique by apprentissage critique.
fn assert_same_competences(r: &Referentiel, parcours: &str, year: u8, c: &Curriculum) {
    let p = r.parcours.iter().find(|p| p.code == parcours).unwrap();
    let levels = r.levels(p, year);
    assert!(!levels.is_empty());
    assert_eq!(c.competences.len(), levels.len());
    for (&(at, level), drafted) in levels.iter().zip(&c.competences) {
        let source = &r.competences[at];
        assert_eq!(drafted.code, source.code);
        assert_eq!(drafted.nom, source.nom);
        assert_eq!(drafted.intitule, source.intitule, "{}", source.code);
        assert_eq!(drafted.composantes, source.composantes, "{}", source.code);
        let source_level = source.niveaux.iter().find(|n| n.niveau == level).unwrap();
        assert_eq!(drafted.niveaux.len(), 1, "{}", source.code);
        let n = &drafted.niveaux[0];
        assert_eq!(n.niveau, level);
        assert_eq!(n.intitule, source_level.intitule, "{}", source.code);
        assert_eq!(n.apprentissages.len(), source_level.apprentissages.len());
        for (a, b) in n.apprentissages.iter().zip(&source_level.apprentissages) {
            assert_eq!(a, b, "{} level {level}", source.code);
        }
    }
    // One UE per competence level and semester, named as the arrêté names them.
    for s in &c.semesters {
        let codes: Vec<&str> = s.ues.iter().map(|u| u.code.value.as_str()).collect();
        let expected: Vec<String> = levels
            .iter()
            .map(|(at, _)| format!("UE{}{}", s.number.value, at + 1))
            .collect();
        assert_eq!(codes, expected);
        for (u, (_, level)) in s.ues.iter().zip(&levels) {
            assert_eq!(u.level.value, *level, "{}", u.code.value);
        }
    }
}

fn framework(path: &str) -> Referentiel {
    referentiel::load(Path::new(path)).unwrap()
}

#[test]
fn the_early_xml_gives_a_draft_for_scn2d_year_2_with_the_source_s_competences() {
    let (text, report) = draft(EARLY_XML, "SCN2D", "2");
    assert_eq!(unexpected(&report), Vec::<String>::new());
    let c = report.curriculum.as_ref().expect("the draft loads");
    assert_same_competences(&framework(EARLY_XML), "SCNDE", 2, c);
    assert_eq!(c.parcours[0].code, "SCN2D");
    assert!(text.contains("the framework's code for this parcours is SCNDE"));
    // The AC texts, which the XML breaks over lines, are one line each.
    assert_eq!(
        c.competences[0].niveaux[0].apprentissages[0],
        (
            Some("AC1201".to_string()),
            "Analyser la stratégie de communication ou marketing d’un acteur, d’une organisation au regard d’un secteur ou d’un marché (stratégie, mission, valeurs...)".to_string()
        )
    );
    insta::assert_snapshot!("draft_early_xml_scn2d_year_2", text);
}

#[test]
fn the_later_xml_and_the_scodoc_json_give_the_same_draft_but_its_header() {
    let (later, report) = draft(LATER_XML, "SCN2D", "2");
    assert_eq!(unexpected(&report), Vec::<String>::new());
    let c = report.curriculum.as_ref().unwrap();
    assert_same_competences(&framework(LATER_XML), "Strat-UX", 2, c);
    assert_eq!(
        c.formation.dept_type.as_ref().map(|d| d.value),
        Some(maquette::model::DeptType::Secondaire)
    );
    // The later dialect numbers ACs by level, then competence: AC21.01 is
    // level 2 of competence 1 (the early one wrote AC1201).
    assert_eq!(
        c.competences[0].niveaux[0].apprentissages[0].0.as_deref(),
        Some("AC21.01")
    );

    let (json, report) = draft(MMI_JSON, "SCN2D", "2");
    assert_eq!(unexpected(&report), Vec::<String>::new());
    assert_same_competences(
        &framework(MMI_JSON),
        "Strat-UX",
        2,
        report.curriculum.as_ref().unwrap(),
    );
    let body = |t: &str| t.lines().skip(2).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&later), body(&json));
}

#[test]
fn the_geii_json_gives_a_draft_with_its_four_second_year_competences() {
    let r = framework(GEII_JSON);
    for p in &r.parcours {
        let (_, report) = draft(GEII_JSON, &p.code, "2");
        assert_eq!(unexpected(&report), Vec::<String>::new(), "{}", p.code);
        let c = report.curriculum.as_ref().unwrap();
        assert_same_competences(&r, &p.code, 2, c);
        assert_eq!(c.competences.len(), 4, "{}", p.code);
    }
    // And two in the first year, shared by every parcours.
    let (_, report) = draft(GEII_JSON, &r.parcours[0].code, "1");
    assert_eq!(report.curriculum.as_ref().unwrap().competences.len(), 2);
}

#[test]
fn check_on_a_draft_lists_each_placeholder_at_its_line() {
    let (text, report) = draft(EARLY_XML, "SCN2D", "2");
    let placeholders: Vec<u32> = report
        .findings
        .diagnostics
        .iter()
        .filter(|d| d.rule.id == "to-fill")
        .map(|d| d.loc.unwrap().line)
        .collect();
    let marked: Vec<u32> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("# TO FILL"))
        .map(|(i, _)| i as u32 + 1)
        .collect();
    assert_eq!(placeholders, marked);
    // 6 for the formation (the early dialect does not give the kind of
    // speciality), contacts, texts, the parcours's record; 3 per UE.
    assert_eq!(marked.len(), 6 + 1 + 1 + 1 + 3 * 10);
    assert!(
        report
            .findings
            .diagnostics
            .iter()
            .all(|d| d.rule.severity == Severity::Warning
                || matches!(d.rule.id, "ects-semester" | "projet-tutore"))
    );
}

#[test]
fn the_framework_s_code_written_in_another_case_is_kept_as_the_framework_writes_it() {
    let (text, _) = draft(MMI_JSON, "strat-ux", "2");
    assert!(text.contains("  - code: \"Strat-UX\"\n"), "{text}");
    assert!(!text.contains("the framework's code for this parcours"));
}

#[test]
fn with_the_formation_each_ue_lists_the_national_teachings_of_its_competence() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.yaml");
    let (code, stdout, stderr) = new(&[
        EARLY_XML,
        "--formation",
        FORMATION_XML,
        "--parcours",
        "CN",
        "--annee",
        "1",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let report = check_file(&path).unwrap();
    assert_eq!(unexpected(&report), Vec::<String>::new());
    let c = report.curriculum.as_ref().unwrap();
    let formation = maquette::load::formation::load(Path::new(FORMATION_XML)).unwrap();
    for s in &c.semesters {
        for u in &s.ues {
            let competence = &u.competences.value[0];
            let mut expected: Vec<&str> = formation
                .serving(s.number.value, competence)
                .map(|t| t.code.as_str())
                .collect();
            let mut listed: Vec<&str> = u
                .rows
                .iter()
                .map(|r| s.teachings[r.teaching].code.value.as_str())
                .collect();
            expected.sort_unstable();
            listed.sort_unstable();
            assert_eq!(listed, expected, "{}", u.code.value);
        }
    }
    let r117 = c.semesters[0]
        .teachings
        .iter()
        .find(|t| t.code.value == "R117")
        .unwrap();
    assert_eq!(r117.name, "Gestion de projet");
    // The national file gives no hours nor coefficients: each row says so.
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("{ code: \"R117\", nom: \"Gestion de projet\" }  # TO FILL hours, coefficient of R117 (the national programme gives none)"), "{text}");
}

#[test]
fn an_unknown_parcours_is_refused_with_the_list_of_the_framework_s() {
    let (code, _, stderr) = new(&[EARLY_XML, "--parcours", "XYZ", "--annee", "2"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("the framework has no parcours `XYZ`; it has: CN (Création Numérique), SCNDE (Stratégie de communication numérique et design d’expérience), DWDI (Développement web et dispositifs interactifs)"),
        "{stderr}"
    );
}

#[test]
fn a_file_that_is_not_a_framework_is_refused_in_plain_words() {
    let (code, _, stderr) = new(&[
        "curricula/mmi-but1-dijon.yaml",
        "--parcours",
        "CN",
        "--annee",
        "1",
    ]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("neither ORéBUT XML nor ScoDoc JSON"),
        "{stderr}"
    );
}

#[test]
fn an_existing_file_is_never_written_over() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.yaml");
    std::fs::write(&path, "mine").unwrap();
    let (code, _, stderr) = new(&[
        EARLY_XML,
        "--parcours",
        "CN",
        "--annee",
        "1",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("never writes over a file"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
}

#[test]
fn without_a_file_the_draft_goes_to_the_terminal() {
    let (code, stdout, _) = new(&[EARLY_XML, "--parcours", "CN", "--annee", "3"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("- code: UE53"), "{stdout}");
    assert!(stdout.contains("- code: UE65"), "{stdout}");
    assert!(
        !stdout.contains("- code: UE51"),
        "CN has Exprimer and Entreprendre in year 3"
    );
}
