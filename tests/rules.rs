//! One rule, one fixture, one snapshot: tests/fixtures/rules/<id>.yaml
//! triggers rule <id> and no other, and what `check` prints for it is pinned.

use maquette::check::{check_file, render_human};
use maquette::rules::ALL;

#[test]
fn every_rule_has_a_fixture_that_triggers_it_alone() {
    for rule in ALL {
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
            ALL.iter().any(|r| r.id == id),
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
