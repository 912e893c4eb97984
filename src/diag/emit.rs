//! The only place findings become text: rustc-style for people, JSON for
//! tools. Every failure shown with a position (a finding in a YAML file, a
//! template that does not compile) goes through [`snippet`].

use std::fmt::Write as _;

use super::{Diagnostic, FileFindings, Severity};
use crate::model::source::{Loc, SourceFile};

/// Something shown with its places, rustc-style: a finding in a YAML file,
/// or a template that does not compile.
#[derive(Debug)]
pub struct Report<'a> {
    /// `error` or `warning`.
    pub severity: &'a str,
    /// The rule id, or `template`.
    pub id: &'a str,
    /// What is wrong.
    pub message: &'a str,
    /// The file, as shown.
    pub path: &'a str,
    /// Where, when known; the first place below is this one.
    pub primary: Option<Loc>,
    /// Each place with the text of its line (when it can be shown) and a note.
    pub places: Vec<Place<'a>>,
    /// The rule and its source.
    pub why: Option<String>,
    /// How to fix it.
    pub help: &'a str,
}

/// One place of a [`Report`].
#[derive(Debug)]
pub struct Place<'a> {
    /// Its position.
    pub loc: Loc,
    /// The text of its line, when it can be shown.
    pub line: Option<&'a str>,
    /// Printed after the marks.
    pub note: &'a str,
    /// `^` for the main place, `-` for a related one.
    pub mark: char,
}

/// A finding of `file`, rustc-style (see [`human`]).
pub fn render_human(file: &SourceFile, d: &Diagnostic) -> String {
    let path = file.display_path();
    let mut places = Vec::new();
    if let Some(loc) = d.loc {
        places.push(Place {
            loc,
            line: file.line(loc.line),
            note: d.label.as_deref().unwrap_or(""),
            mark: '^',
        });
    }
    for (loc, note) in &d.related {
        places.push(Place {
            loc: *loc,
            line: file.line(loc.line),
            note,
            mark: '-',
        });
    }
    human(&Report {
        severity: d.severity().word(),
        id: d.rule.id,
        message: &d.message,
        path: &path,
        primary: d.loc,
        places,
        why: Some(format!("{} ({})", d.rule.why, d.rule.source)),
        help: d.fix(),
    })
}

/// rustc-style text: header, `-->` position, each place's line with its
/// marks, then `= why:` and `= help:`.
pub fn human(r: &Report<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}[{}]: {}", r.severity, r.id, visible(r.message));
    let path = r.path;
    let width = r
        .places
        .iter()
        .map(|p| p.loc.line.to_string().len())
        .max()
        .unwrap_or(1);
    let pad = " ".repeat(width);
    match r.primary {
        Some(loc) => {
            let _ = writeln!(out, "{pad}--> {path}:{}:{}", loc.line, loc.column);
        }
        None => {
            let _ = writeln!(out, "{pad}--> {path}");
        }
    }
    for (i, place) in r.places.iter().enumerate() {
        let loc = place.loc;
        if i > 0 {
            let _ = writeln!(out, "{pad}::: {path}:{}:{}", loc.line, loc.column);
        }
        let Some(line) = place.line else {
            continue;
        };
        let (text, column) = window(&visible(line), loc.column as usize);
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{:>width$} | {}", loc.line, text);
        let lead: String = text
            .chars()
            .take(column - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let avail = text.chars().count().saturating_sub(column - 1).max(1);
        let carets = place
            .mark
            .to_string()
            .repeat((loc.len as usize).min(avail).max(1));
        let note = visible(place.note);
        let sep = if note.is_empty() { "" } else { " " };
        let _ = writeln!(out, "{pad} | {lead}{carets}{sep}{note}");
    }
    let _ = writeln!(out, "{pad} |");
    if let Some(why) = &r.why {
        let _ = writeln!(out, "{pad} = why: {}", visible(why));
    }
    let _ = writeln!(out, "{pad} = help: {}", visible(r.help));
    out
}

/// Text as it may reach a terminal: a control character (an ESC that would
/// start a terminal sequence, a NUL, a carriage return that would hide the
/// line) is shown as its visible symbol, one character wide (`␛`, `␀`), so
/// carets stay aligned; tabs are kept.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| c.is_control() && c != '\t';
    if !text.chars().any(hidden) {
        return text.into();
    }
    text.chars()
        .map(|c| match c {
            '\t' => c,
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
            '\u{7f}' => '\u{2421}',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect::<String>()
        .into()
}

/// Longest source line shown whole; longer ones are cut around the caret.
const MAX_SHOWN: usize = 120;

/// The part of a line to show, and the caret's column in it.
fn window(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= MAX_SHOWN {
        return (line.to_string(), column.max(1));
    }
    let start = column
        .saturating_sub(MAX_SHOWN / 2)
        .min(chars.len().saturating_sub(MAX_SHOWN));
    let end = (start + MAX_SHOWN).min(chars.len());
    let mut shown: String = chars[start..end].iter().collect();
    let mut col = column - start;
    if start > 0 {
        shown.insert(0, '…');
    } else {
        col = column;
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, col.max(1))
}

/// One JSON object per finding, for tools.
pub fn to_json(file: &SourceFile, d: &Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "file": file.display_path(),
        "line": d.loc.map(|l| l.line),
        "column": d.loc.map(|l| l.column),
        "rule": d.rule.id,
        "severity": d.severity().word(),
        "message": d.message,
        "why": d.rule.why,
        "source": d.rule.source,
        "help": d.fix(),
        "related": d.related.iter().map(|(l, n)| serde_json::json!({
            "line": l.line, "column": l.column, "note": n
        })).collect::<Vec<_>>(),
    })
}

/// Human output of several files: every finding, then a summary line per file.
pub fn files_human<'a>(files: impl IntoIterator<Item = &'a FileFindings> + Clone) -> String {
    let mut out = String::new();
    for f in files.clone() {
        out.push_str(&findings_human(f));
    }
    for f in files {
        out.push_str(&f.summary());
        out.push('\n');
    }
    out
}

/// Every finding of one file, each followed by a blank line.
pub fn findings_human(f: &FileFindings) -> String {
    let mut out = String::new();
    for d in &f.diagnostics {
        out.push_str(&render_human(&f.file, d));
        out.push('\n');
    }
    out
}

/// JSON output of several files: one object per file with its findings.
pub fn files_json<'a>(files: impl IntoIterator<Item = &'a FileFindings>) -> String {
    let files: Vec<_> = files
        .into_iter()
        .map(|r| {
            serde_json::json!({
                "file": r.file.display_path(),
                "errors": r.count(Severity::Error),
                "warnings": r.count(Severity::Warning),
                "diagnostics": r.diagnostics.iter().map(|d| to_json(&r.file, d)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut s =
        serde_json::to_string_pretty(&serde_json::json!({ "files": files })).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_reach_the_terminal_raw() {
        assert_eq!(
            visible("a\u{1b}[2Jb\u{0}\tc\u{7f}\u{85}"),
            "a␛[2Jb␀\tc␡\u{FFFD}"
        );
        assert_eq!(visible("plain"), "plain");
        let file = SourceFile::new("c.yaml", "nom: \"A\u{1b}[8mB\"\n");
        let rule = crate::diag::Rule {
            id: "x",
            severity: Severity::Error,
            why: "w",
            source: "s",
            fix: "f",
        };
        let rule: &'static crate::diag::Rule = Box::leak(Box::new(rule));
        let d = Diagnostic::new(rule, Loc::at(1, 6), "name A\u{1b}[8mB");
        let shown = render_human(&file, &d);
        assert!(!shown.contains('\u{1b}'), "{shown:?}");
        assert!(shown.contains("A␛[8mB"), "{shown}");
    }

    #[test]
    fn findings_read_the_same_once_the_lines_they_do_not_show_are_forgotten() {
        let rule: &'static crate::diag::Rule = Box::leak(Box::new(crate::diag::Rule {
            id: "x",
            severity: Severity::Warning,
            why: "w",
            source: "s",
            fix: "f",
        }));
        let text = "a: 1\nb: 2\nc: 3\nd: 4\n";
        let mut f = FileFindings::new(SourceFile::new("c.yaml", text));
        f.diagnostics
            .push(Diagnostic::new(rule, Loc::at(2, 4), "two").related(Loc::at(4, 1), "four"));
        let before = findings_human(&f);
        f.forget_unshown_lines();
        assert_eq!(findings_human(&f), before);
        assert!(
            before.contains("b: 2") && before.contains("d: 4"),
            "{before}"
        );
        assert_eq!(f.file.text, "\nb: 2\n\nd: 4\n");
    }
}
