//! One rule, one fixture, one snapshot: tests/fixtures/rules/<id>.yaml
//! triggers rule <id> and no other, and what `check` prints for it is pinned.

use maquette::project::rules;
use maquette::project::{check_file, render_human};

#[test]
fn every_rule_has_a_fixture_that_triggers_it_alone() {
    for rule in rules() {
        let path = format!("tests/fixtures/rules/{}.yaml", rule.id);
        let report = check_file(path.as_ref()).unwrap_or_else(|e| panic!("{path}: {e}"));
        let fired: Vec<&str> = report.diagnostics.iter().map(|d| d.rule.id).collect();
        assert!(!fired.is_empty(), "{path} triggers nothing");
        assert!(
            fired.iter().all(|id| *id == rule.id),
            "{path} triggers {fired:?}"
        );
        insta::assert_snapshot!(rule.id, render_human(std::slice::from_ref(&report)));
    }
}

#[test]
fn every_fixture_belongs_to_a_rule() {
    for entry in std::fs::read_dir("tests/fixtures/rules").unwrap() {
        let path = entry.unwrap().path();
        let id = path.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(
            rules().any(|r| r.id == id),
            "{} names no rule",
            path.display()
        );
    }
}

#[test]
fn the_clean_fixtures_are_clean() {
    for path in [
        "tests/fixtures/valid/year.yaml",
        "tests/fixtures/valid/cursus.yaml",
    ] {
        let report = check_file(path.as_ref()).unwrap();
        assert!(report.diagnostics.is_empty(), "{}", render_human(&[report]));
    }
}

#[test]
fn competences_and_kind_of_speciality_can_come_from_an_orebut_framework() {
    let report = check_file("tests/fixtures/referentiel/curriculum.yaml".as_ref()).unwrap();
    assert!(
        report.diagnostics.is_empty(),
        "{}",
        render_human(std::slice::from_ref(&report))
    );
    let c = report.curriculum.unwrap();
    let codes: Vec<&str> = c.competences.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["C1", "C2"], "in the framework's `numero` order");
    assert_eq!(
        c.competences[1].niveaux[0].apprentissages[0].0.as_deref(),
        Some("AC21.01")
    );
    assert_eq!(
        c.formation.dept_type.map(|t| t.value),
        Some(maquette::model::DeptType::Tertiaire)
    );
}

#[test]
fn the_readme_example_is_a_clean_curriculum() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme.find("```yaml\n").expect("README has a yaml example") + "```yaml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let report = maquette::project::check_text("README.md", &readme[start..end]);
    assert!(
        report.diagnostics.is_empty(),
        "{}",
        render_human(std::slice::from_ref(&report))
    );
    assert_eq!(report.curriculum.unwrap().semesters[0].ues.len(), 2);
}
