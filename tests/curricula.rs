//! The shipped curricula, transcribed from the seed documents with their
//! mistakes: `check` finds those mistakes, and only those. The full output of
//! each is pinned by a snapshot; the findings the issue names are asserted.

use maquette::load::FileReport;
use maquette::project::{check_file, render_human};

fn check(name: &str) -> FileReport {
    check_file(format!("curricula/{name}").as_ref()).unwrap()
}

fn messages(report: &FileReport, rule: &str) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.rule.id == rule)
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn each_shipped_curriculum_check_output_is_pinned() {
    for name in [
        "mmi-but1-dijon.yaml",
        "mmi-but2-scn2d-alternance-dijon.yaml",
        "mmi-but3-cn-alternance-dijon.yaml",
        "informatique-rodez-2025-2026.yaml",
    ] {
        let report = check(name);
        insta::assert_snapshot!(name, render_human(&[report]));
    }
}

#[test]
fn seed_000_ue25_ressources_weigh_two_thirds() {
    let report = check("mmi-but1-dijon.yaml");
    assert_eq!(
        messages(&report, "pole-weight"),
        ["UE25: the ressources weigh 66,7 % of the coefficients (60 of 90), outside 40–60 %"]
    );
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.rule.id == "pole-weight")
        .unwrap();
    let line = report.file.line(d.loc.unwrap().line).unwrap();
    assert!(line.contains("code: UE25"), "points at {line:?}");
}

#[test]
fn seed_001_ue43_and_ue44_at_exactly_forty_percent_pass() {
    let report = check("mmi-but2-scn2d-alternance-dijon.yaml");
    assert_eq!(messages(&report, "pole-weight"), Vec::<String>::new());
    // They are at 40 % indeed: 4 of 10 for the ressources.
    let c = report.curriculum.as_ref().unwrap();
    let s4 = c.semesters.iter().find(|s| s.number.value == 4).unwrap();
    for code in ["UE43", "UE44"] {
        let (ui, ue) = s4
            .ues
            .iter()
            .enumerate()
            .find(|(_, u)| u.code.value == code)
            .unwrap();
        let r = ue.pole_coef(s4, ui, maquette::model::Pole::Ressources);
        let s = ue.pole_coef(s4, ui, maquette::model::Pole::Saes);
        assert_eq!(
            (r.to_string(), s.to_string()),
            ("4".into(), "6".into()),
            "{code}"
        );
    }
}

#[test]
fn seed_004_two_annexe_2_rows_do_not_add_up() {
    let report = check("informatique-rodez-2025-2026.yaml");
    let rows: Vec<String> = messages(&report, "total-mismatch");
    assert_eq!(
        rows,
        [
            "S4 row `R4.A.11`: the total is printed 13 but its CM, TD, TP and projet add up to 23",
            "S5 row `R5.08`: the total is printed 37 but its CM, TD, TP and projet add up to 27",
        ]
    );
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.rule.id == "total-mismatch")
    {
        let line = report.file.line(d.loc.unwrap().line).unwrap();
        assert!(
            line.contains("total_avec_projet: 13") || line.contains("total_avec_projet: 37"),
            "{line}"
        );
    }
}

#[test]
fn seed_004_annexes_2_and_3_disagree() {
    let report = check("informatique-rodez-2025-2026.yaml");
    assert_eq!(
        messages(&report, "mark-without-coefficient"),
        ["S4: `R4.02` (Qualité de développement) is marked for UE4 but has no coefficient there"]
    );
    assert_eq!(
        messages(&report, "coefficient-without-mark"),
        [
            "S4: `R4.03` (Qualité et au-delà du relationnel) has a coefficient in UE4 but is not marked for it"
        ]
    );
    let names = messages(&report, "name-mismatch");
    assert!(
        names
            .iter()
            .any(|m| m.contains("“Cryptographie” in UE3, UE4")),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|m| m.contains("“Stage obligatoire (10 semaines minimum)”")),
        "{names:?}"
    );
    assert_eq!(messages(&report, "structure-mismatch").len(), 2);
}

#[test]
fn every_finding_on_the_seeds_points_at_a_line_of_its_file() {
    for entry in std::fs::read_dir("curricula").unwrap() {
        let path = entry.unwrap().path();
        let report = check_file(&path).unwrap();
        for d in &report.diagnostics {
            let loc = d
                .loc
                .unwrap_or_else(|| panic!("{}: {} has no position", path.display(), d.message));
            assert!(
                report.file.line(loc.line).is_some(),
                "{}: line {} out of the file",
                path.display(),
                loc.line
            );
        }
    }
}
