//! `maquette decide` on the shipped synthetic cohorts: the computation proposes
//! every code it can, its output is pinned, and --explain, CSV and JSON agree.

mod common;

use assert_cmd::Command;
use maquette::model::Code;
use maquette::model::source::SourceFile;
use maquette::project::check_file;
use maquette::project::load_cohort;

const COHORTS: [&str; 2] = [
    "cohorts/mmi-but1-2025-2026.yaml",
    "cohorts/mmi-but2-scn2d-2025-2026.yaml",
];

fn decide(args: &[&str]) -> String {
    let out = Command::cargo_bin("maquette")
        .unwrap()
        .arg("decide")
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_shipped_cohorts_make_the_computation_propose_every_code() {
    let mut ue_codes = std::collections::BTreeSet::new();
    let mut year_codes = std::collections::BTreeSet::new();
    let mut facts = String::new();
    let mut dut = false;
    for path in COHORTS {
        let (report, c) = load_cohort(SourceFile::new(
            path,
            std::fs::read_to_string(path).unwrap(),
        ));
        assert_eq!(report.count(maquette::diag::Severity::Error), 0);
        for d in maquette::decide::cohort(&c.unwrap()) {
            ue_codes.extend(d.ues.iter().map(|u| u.proposal));
            year_codes.extend(d.proposal);
            facts.push_str(&maquette::render::fmt::facts(&d.facts).join("\n"));
            dut |= d.dut;
        }
    }
    for code in [Code::ADM, Code::CMP, Code::AJ, Code::ATT] {
        assert!(
            ue_codes.contains(&code),
            "no UE proposed {code}: {ue_codes:?}"
        );
    }
    for code in [Code::ADM, Code::PASD, Code::RED, Code::NAR, Code::ATT] {
        assert!(
            year_codes.contains(&code),
            "no year proposed {code}: {year_codes:?}"
        );
    }
    assert!(
        facts.contains("acquired by a higher level (ADSUP)"),
        "no ADSUP"
    );
    assert!(dut, "no DUT awarded");
}

#[test]
fn decide_output_of_each_cohort_is_pinned() {
    for path in COHORTS {
        let name = path
            .trim_start_matches("cohorts/")
            .trim_end_matches(".yaml");
        insta::assert_snapshot!(name, decide(&[path]));
    }
}

#[test]
fn explain_gives_the_facts_behind_each_decision() {
    let out = decide(&[COHORTS[0], "--explain", "2400002"]);
    assert!(out.starts_with("Bruno BLANC (2400002)"), "{out}");
    assert!(out.contains("UE11 (S1): CMP, 5 ECTS — average 9,55 < 10; compensated: RCUE Comprendre N1 = (9,55 + 12,00) / 2 = 10,78 ≥ 10"), "{out}");
    assert!(out.contains("Année: ADM — 5 of 5 RCUEs validated"), "{out}");
    let out = decide(&[COHORTS[0], "--explain", "2400007"]);
    assert!(out.contains("Année: PAS1NCI (proposé RED)"), "{out}");
    assert!(
        out.contains("jury decision PAS1NCI: Stage validé à l'étranger"),
        "{out}"
    );
}

#[test]
fn csv_and_json_carry_the_same_figures_as_the_table() {
    let csv = decide(&[COHORTS[0], "--format", "csv"]);
    let header = csv.lines().next().unwrap();
    assert!(
        header.starts_with("numero,nom,prenom,parcours,UE11 moyenne,UE11 code"),
        "{header}"
    );
    let bruno = csv.lines().find(|l| l.starts_with("2400002,")).unwrap();
    assert!(bruno.contains(",\"9,55\",CMP,"), "{bruno}");
    let json: serde_json::Value =
        serde_json::from_str(&decide(&[COHORTS[1], "--format", "json"])).unwrap();
    let ines = &json["students"][1];
    assert_eq!(ines["student"]["numero"], "2300002");
    assert_eq!(ines["decisions"]["decision"], "ADM");
    assert_eq!(ines["decisions"]["dut"], true);
}

#[test]
fn check_reports_cohort_findings_with_their_position() {
    let report = check_file("tests/fixtures/rules/grade-value.yaml".as_ref()).unwrap();
    let d = &report.diagnostics[0];
    assert_eq!(d.rule.id, "grade-value");
    assert_eq!(d.message, "Alice Martin, R1.1: 21 is outside 0–20");
    let line = report.file.line(d.loc.unwrap().line).unwrap();
    assert!(line.contains("R1.1: 21"), "{line}");
}

#[test]
fn a_students_regime_is_initiale_or_alternance_and_anything_else_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let text = common::year_cohort_text();
    let with = |regime: &str| {
        let path = dir.path().join("cohort.yaml");
        let text = text.replace(
            "    prenom: Alice\n",
            &format!("    prenom: Alice\n    regime: {regime}\n"),
        );
        std::fs::write(&path, text).unwrap();
        check_file(&path).unwrap()
    };
    assert!(with("alternance").diagnostics.is_empty());
    let report = with("FI");
    let d = &report.diagnostics[0];
    assert!(d.message.contains("FI"), "{}", d.message);
    let line = report.file.line(d.loc.unwrap().line).unwrap();
    assert!(line.contains("regime: FI"), "{line}");
}
