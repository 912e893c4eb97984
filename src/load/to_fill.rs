//! The placeholders a draft leaves (`# TO FILL …` comments, written by
//! `maquette new`), found again so that `check` lists what remains to fill.

use super::findings::TO_FILL;
use crate::diag::Diagnostic;
use crate::model::source::{Loc, SourceFile};

/// The mark of a placeholder, inside a YAML comment.
pub const MARK: &str = "TO FILL";

/// One warning per placeholder comment, at its mark, saying what it asks for.
pub fn placeholders(file: &SourceFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, line) in file.text.lines().enumerate() {
        let Some(hash) = comment_start(line) else {
            continue;
        };
        let comment = line[hash + 1..].trim_start();
        let Some(asked) = comment.strip_prefix(MARK) else {
            continue;
        };
        let column = line[..hash].chars().count() + 1 + (line.len() - hash - 1 - comment.len());
        let asked = asked.trim().trim_start_matches(':').trim();
        out.push(
            Diagnostic::new(
                &TO_FILL,
                Loc::at(i as u32 + 1, column as u32 + 1),
                if asked.is_empty() {
                    "a placeholder of the draft remains to fill".to_string()
                } else {
                    format!("remains to fill: {asked}")
                },
            )
            .label("placeholder written by `maquette new`"),
        );
    }
    out
}

/// Where a line's YAML comment starts: the first `#` that opens the line or
/// follows a space, outside a quoted scalar (a quote opens one only where a
/// value starts: `nom: l'IUT` has no quoted part).
fn comment_start(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    let mut last_mark = ':';
    for (at, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if (c == '"' || c == '\'') && matches!(last_mark, ':' | '-' | '[' | '{' | ',') => {
                quote = Some(c);
            }
            None if c == '#' && previous.is_whitespace() => return Some(at),
            None => {}
        }
        if !c.is_whitespace() {
            last_mark = c;
        }
        previous = c;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(u32, u32, String)> {
        placeholders(&SourceFile::new("draft.yaml", text))
            .into_iter()
            .map(|d| {
                let loc = d.loc.unwrap();
                (loc.line, loc.column, d.message)
            })
            .collect()
    }

    #[test]
    fn each_marked_comment_is_a_finding_at_its_mark() {
        assert_eq!(
            found(
                "formation:\n  # TO FILL etablissement: the university\n  mention: X # TO FILL check it\n"
            ),
            [
                (
                    2,
                    5,
                    "remains to fill: etablissement: the university".to_string()
                ),
                (3, 16, "remains to fill: check it".to_string()),
            ]
        );
    }

    #[test]
    fn the_mark_outside_a_comment_or_not_first_in_it_is_no_placeholder() {
        assert!(found("nom: \"a # TO FILL\"\n# the draft said TO FILL here\n").is_empty());
    }

    #[test]
    fn a_hash_inside_a_value_does_not_hide_the_comment_after_it() {
        assert_eq!(
            found("nom: \"C#\" # TO FILL x\nnom: C#sharp # TO FILL y\nnom: l'IUT # TO FILL z\n"),
            [
                (1, 13, "remains to fill: x".to_string()),
                (2, 16, "remains to fill: y".to_string()),
                (3, 14, "remains to fill: z".to_string())
            ]
        );
    }
}
