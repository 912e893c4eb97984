//! Helpers for unit tests: the clean fixtures, edited, and the rules they fire.

use crate::project::check::check_text;

/// A clean first year (S1–S2).
pub const YEAR: &str = include_str!("../tests/fixtures/valid/year.yaml");
/// A clean cursus (S1–S6).
pub const CURSUS: &str = include_str!("../tests/fixtures/valid/cursus.yaml");

/// `text` with `old` replaced by `new` once; panics when `old` is absent, so
/// a test never silently checks the unedited fixture.
pub fn edit(text: &str, old: &str, new: &str) -> String {
    assert!(text.contains(old), "the fixture has no `{old}`");
    text.replacen(old, new, 1)
}

/// The ids of the rules a text breaks, sorted, each once.
pub fn fired(text: &str) -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = check_text("test.yaml", text)
        .diagnostics
        .iter()
        .map(|d| d.rule.id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The messages of the findings of one rule.
pub fn messages(text: &str, rule: &str) -> Vec<String> {
    check_text("test.yaml", text)
        .findings
        .diagnostics
        .into_iter()
        .filter(|d| d.rule.id == rule)
        .map(|d| d.message)
        .collect()
}

#[test]
fn the_clean_fixtures_break_no_rule() {
    assert_eq!(fired(YEAR), Vec::<&str>::new());
    assert_eq!(fired(CURSUS), Vec::<&str>::new());
}
