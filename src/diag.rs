//! Findings about the user's data: what, where, why, how to fix.
//!
//! A [`Diagnostic`] names the [`Rule`](crate::rules::Rule) it comes from; the
//! rule carries the severity, the legal source and the default fix. Rendering
//! happens only at the edge ([`render_human`], [`render_json`]).

use std::fmt::Write as _;

use crate::rules::{Rule, Severity};
use crate::source::{Loc, SourceFile};

/// One finding about one source file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// The rule that was broken.
    pub rule: &'static Rule,
    /// Where, in the file the report is about; `None` for a finding about the whole file.
    pub loc: Option<Loc>,
    /// What is wrong, in one sentence, with the figures.
    pub message: String,
    /// A short label printed under the caret.
    pub label: Option<String>,
    /// Other places that explain the finding (the other side of a disagreement).
    pub related: Vec<(Loc, String)>,
    /// How to fix it, when more precise than the rule's general advice.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A finding of `rule` at `loc`.
    pub fn new(
        rule: &'static Rule,
        loc: impl Into<Option<Loc>>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            rule,
            loc: loc.into(),
            message: message.into(),
            label: None,
            related: Vec::new(),
            help: None,
        }
    }

    /// Adds the label under the caret.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a related place.
    pub fn related(mut self, loc: Loc, note: impl Into<String>) -> Self {
        self.related.push((loc, note.into()));
        self
    }

    /// Replaces the rule's general fix with a precise one.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The severity of the rule.
    pub fn severity(&self) -> Severity {
        self.rule.severity
    }

    /// The fix advice shown to the user.
    pub fn fix(&self) -> &str {
        self.help.as_deref().unwrap_or(self.rule.fix)
    }
}

/// Sorts findings by position, then rule, so output is stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| (a.loc, a.rule.id, &a.message).cmp(&(b.loc, b.rule.id, &b.message)));
}

/// rustc-style text: header, `-->` position, the source line with a caret,
/// related places, then `= why:` (the rule and its source) and `= help:`.
pub fn render_human(file: &SourceFile, d: &Diagnostic) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}[{}]: {}", d.severity().word(), d.rule.id, d.message);
    let path = file.display_path();
    let mut places: Vec<(Loc, &str, char)> = Vec::new();
    if let Some(loc) = d.loc {
        places.push((loc, d.label.as_deref().unwrap_or(""), '^'));
    }
    for (loc, note) in &d.related {
        places.push((*loc, note, '-'));
    }
    let width = places
        .iter()
        .map(|(l, _, _)| l.line.to_string().len())
        .max()
        .unwrap_or(1);
    let pad = " ".repeat(width);
    match d.loc {
        Some(loc) => {
            let _ = writeln!(out, "{pad}--> {path}:{}:{}", loc.line, loc.column);
        }
        None => {
            let _ = writeln!(out, "{pad}--> {path}");
        }
    }
    for (i, (loc, note, mark)) in places.iter().enumerate() {
        if i > 0 {
            let _ = writeln!(out, "{pad}::: {path}:{}:{}", loc.line, loc.column);
        }
        let Some(line) = file.line(loc.line) else {
            continue;
        };
        let (text, column) = window(line, loc.column as usize);
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{:>width$} | {}", loc.line, text);
        let lead: String = text
            .chars()
            .take(column - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let avail = text.chars().count().saturating_sub(column - 1).max(1);
        let carets = mark
            .to_string()
            .repeat((loc.len as usize).min(avail).max(1));
        let sep = if note.is_empty() { "" } else { " " };
        let _ = writeln!(out, "{pad} | {lead}{carets}{sep}{note}");
    }
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{pad} = why: {} ({})", d.rule.why, d.rule.source);
    let _ = writeln!(out, "{pad} = help: {}", d.fix());
    out
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
