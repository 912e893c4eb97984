//! The bodies of the fuzz targets (`fuzz/fuzz_targets/`), kept in the crate
//! so that the corpus they grew also runs under stable `cargo test`
//! (tests/fuzz_corpus.rs) as regression cases.
//!
//! Each function takes any bytes and panics only when an invariant of the
//! program breaks: a panic in the loaders or the rules, a finding placed
//! outside its file, a control character reaching the terminal, a decision
//! outside what the arrêté allows, escaped text that Typst would read as
//! markup or code.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::diag::{Diagnostic, FileFindings, emit};
use crate::load;
use crate::model::Curriculum;
use crate::model::source::SourceFile;
use crate::project::check;
use crate::render::{escape, fmt, report};

/// The curriculum loader and every rule, on any bytes as a curriculum file.
pub fn curriculum(data: &[u8]) {
    let path = PathBuf::from("fuzz.yaml");
    let report = match String::from_utf8(data.to_vec()) {
        Ok(text) => check::check_text(&path, text),
        // The loader's own refusal of non-UTF-8 bytes is covered by
        // tests/corpus.rs; the rules get the text as it would be shown.
        Err(e) => check::check_text(&path, String::from_utf8_lossy(e.as_bytes()).into_owned()),
    };
    findings_are_placed_and_printable(&report.findings.file, &report.findings.diagnostics);
    let human = check::render_human(std::slice::from_ref(&report));
    terminal_safe(&human);
    let json = check::render_json(std::slice::from_ref(&report));
    assert!(
        serde_json::from_str::<serde_json::Value>(&json).is_ok(),
        "check --format json wrote invalid JSON"
    );
}

/// The cohort loader, its checks against a shipped curriculum, the jury
/// engine and `decide`'s outputs, on any bytes as a cohort file.
pub fn cohort(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let file = SourceFile::new("fuzz-cohort.yaml", text);
    let (curriculum, curriculum_path) = shipped_curriculum();
    let (diagnostics, cohort) =
        check::cohort_against(&file, curriculum.clone(), curriculum_path.clone());
    findings_are_placed_and_printable(&file, &diagnostics);
    let Some(cohort) = cohort else { return };
    let decisions = crate::decide::cohort(&cohort);
    assert_eq!(
        decisions.len(),
        cohort.students.len(),
        "one decision per student"
    );
    for d in &decisions {
        assert!(
            d.ects >= rust_decimal::Decimal::ZERO && d.ects <= rust_decimal::Decimal::from(60),
            "a year gives 0 to 60 ECTS, not {}",
            d.ects
        );
        if d.decision.is_some() {
            assert!(d.proposal.is_some(), "a final decision without a proposal");
        }
        let _ = fmt::facts(&d.facts);
    }
    terminal_safe(&report::table(&cohort, &decisions));
    let csv = report::csv(&cohort, &decisions);
    for cell in csv.lines().flat_map(|l| l.split(',')) {
        let cell = cell.trim_start_matches('"');
        assert!(
            !cell.starts_with(['=', '+', '@']),
            "a CSV cell a spreadsheet would run: {cell:?}"
        );
    }
    assert!(serde_json::from_str::<serde_json::Value>(&report::json(&cohort, &decisions)).is_ok());
    for st in &cohort.students {
        let explained = report::explain(&cohort, &decisions, &st.numero);
        terminal_safe(&explained.expect("every student can be explained"));
    }
}

/// Typst escaping: any text, escaped for markup inside a content block as
/// the templates place it, parses as plain text that reads back as the
/// text set in French typography, with no smart quote left to Typst; as a
/// string literal, it reads back exactly.
pub fn escaping(data: &[u8]) {
    use typst::syntax::{SyntaxKind, ast, parse, parse_code};
    let text = String::from_utf8_lossy(data);

    let escaped = escape::markup(&text);
    let root = parse(&format!("#table[{escaped}]"));
    let (errors, warnings) = root.errors_and_warnings();
    assert!(
        errors.is_empty() && warnings.is_empty(),
        "escaped markup has syntax errors or warnings: {escaped:?} → {errors:?} {warnings:?}"
    );
    let block = root
        .children()
        .find(|n| n.kind() == SyntaxKind::FuncCall)
        .and_then(|call| call.children().find(|n| n.kind() == SyntaxKind::Args))
        .and_then(|args| {
            args.children()
                .find(|n| n.kind() == SyntaxKind::ContentBlock)
        })
        .and_then(|block| block.children().find(|n| n.kind() == SyntaxKind::Markup))
        .expect("the content block is where the text was put");
    let mut read_back = String::new();
    for node in block.children() {
        match node.kind() {
            SyntaxKind::Text => read_back.push_str(node.leaf_text()),
            SyntaxKind::Space => read_back.push(' '),
            SyntaxKind::Escape => {
                let e = node.cast::<ast::Escape>().expect("an escape node");
                read_back.push(e.get());
            }
            other => panic!("escaped text became {other:?} in Typst: {escaped:?}"),
        }
    }
    let french = crate::render::typo::french(&text);
    let expected: String = french
        .chars()
        .map(|c| match c {
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => ' ',
            c if !crate::render::typst::world::has_glyph(c) => '\u{FFFD}',
            c => c,
        })
        .collect();
    // Typst folds a run of spaces into one: the text reads back with its
    // words, as a typesetter sets them.
    let words = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(words(&read_back), words(&expected), "escaped: {escaped:?}");

    let literal = escape::string_literal(&text);
    let code = parse_code(&literal);
    let (errors, _) = code.errors_and_warnings();
    assert!(
        errors.is_empty(),
        "string literal has errors: {literal:?} → {errors:?}"
    );
    let read = code
        .children()
        .find_map(|n| n.cast::<ast::Str>())
        .expect("a string literal")
        .get();
    assert_eq!(read.as_str(), text.as_ref(), "literal: {literal:?}");
}

/// The curriculum a fuzzed cohort is checked against: the shipped MMI
/// second year (the richest: three semesters' history, parcours, stages).
fn shipped_curriculum() -> &'static (Curriculum, PathBuf) {
    static SHIPPED: OnceLock<(Curriculum, PathBuf)> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(SHIPPED_CURRICULUM);
        let text =
            std::fs::read_to_string(&path).expect("the shipped curriculum is in the repository");
        let loaded = load::parse(SourceFile::new(&path, text));
        (
            loaded.curriculum.expect("the shipped curriculum loads"),
            path,
        )
    })
}

/// The curriculum the cohort target checks its inputs against.
pub const SHIPPED_CURRICULUM: &str = "curricula/mmi-but2-scn2d-alternance-dijon.yaml";

fn findings_are_placed_and_printable(file: &SourceFile, diagnostics: &[Diagnostic]) {
    let lines = file.text.lines().count().max(1) as u32 + 1;
    for d in diagnostics {
        if let Some(at) = d.loc {
            assert!(
                at.line >= 1 && at.line <= lines,
                "a finding at line {} of a {}-line file: {}",
                at.line,
                lines - 1,
                d.message
            );
        }
    }
    let findings = FileFindings {
        file: file.clone(),
        diagnostics: diagnostics.to_vec(),
    };
    terminal_safe(&emit::findings_human(&findings));
}

fn terminal_safe(text: &str) {
    if let Some(c) = text
        .chars()
        .find(|&c| c.is_control() && c != '\n' && c != '\t')
    {
        panic!(
            "a control character (U+{:04X}) reaches the terminal",
            c as u32
        );
    }
}
