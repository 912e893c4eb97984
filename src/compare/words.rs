//! Word-level differences of two texts, for the council to see what a
//! sentence became.

use similar::{Algorithm, ChangeTag, capture_diff_slices};

/// A run of words: kept, removed or added.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "mot", content = "texte")]
pub enum Word {
    Same(String),
    Removed(String),
    Added(String),
}

/// Words (letters and digits), runs of spaces, and each other character
/// (punctuation) on its own, so that `texte.` and `texte court` share `texte`.
fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let class = |c: char| {
        if c.is_alphanumeric() {
            0
        } else if c.is_whitespace() {
            1
        } else {
            2
        }
    };
    let mut previous: Option<u8> = None;
    for (at, c) in s.char_indices() {
        let k = class(c);
        if previous.is_some() && (previous != Some(k) || k == 2) {
            out.push(&s[start..at]);
            start = at;
        }
        previous = Some(k);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// The runs of words from `old` to `new` (spaces kept with their words).
pub fn diff(old: &str, new: &str) -> Vec<Word> {
    let (a, b) = (tokens(old), tokens(new));
    let mut out: Vec<Word> = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &a, &b) {
        for change in op.iter_changes(&a, &b) {
            push(&mut out, change.tag(), change.value());
        }
    }
    out
}

/// Appends `text` to the last run when it has the same tag.
fn push(out: &mut Vec<Word>, tag: ChangeTag, text: &str) {
    match (out.last_mut(), tag) {
        (Some(Word::Same(s)), ChangeTag::Equal)
        | (Some(Word::Removed(s)), ChangeTag::Delete)
        | (Some(Word::Added(s)), ChangeTag::Insert) => s.push_str(text),
        _ => out.push(match tag {
            ChangeTag::Equal => Word::Same(text.to_string()),
            ChangeTag::Delete => Word::Removed(text.to_string()),
            ChangeTag::Insert => Word::Added(text.to_string()),
        }),
    }
}

/// `3 mots retirés, 5 ajoutés`: how much a text changed, in words.
pub fn summary(old: &str, new: &str) -> String {
    let (mut removed, mut added) = (0, 0);
    for w in diff(old, new) {
        match w {
            Word::Removed(s) => removed += s.split_whitespace().count(),
            Word::Added(s) => added += s.split_whitespace().count(),
            Word::Same(_) => {}
        }
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n > 1 { many } else { one });
    match (removed, added) {
        (0, a) => plural(a, "mot ajouté", "mots ajoutés"),
        (r, 0) => plural(r, "mot retiré", "mots retirés"),
        (r, a) => format!(
            "{}, {}",
            plural(r, "mot retiré", "mots retirés"),
            plural(a, "ajouté", "ajoutés")
        ),
    }
}

/// The changed text as one line: `[-removed-]{+added+}` around the words.
pub fn inline(words: &[Word]) -> String {
    words
        .iter()
        .map(|w| match w {
            Word::Same(s) => s.clone(),
            Word::Removed(s) => format!("[-{}-]", s.trim()),
            Word::Added(s) => format!("{{+{}+}}", s.trim()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_word_replaced_is_one_removal_and_one_addition() {
        let w = diff("Le stage dure 8 semaines.", "Le stage dure 10 semaines.");
        assert_eq!(
            w,
            [
                Word::Same("Le stage dure ".into()),
                Word::Removed("8".into()),
                Word::Added("10".into()),
                Word::Same(" semaines.".into()),
            ]
        );
        assert_eq!(inline(&w), "Le stage dure [-8-]{+10+} semaines.");
        assert_eq!(
            summary("Le stage dure 8 semaines.", "Le stage dure 10 semaines."),
            "1 mot retiré, 1 ajouté"
        );
    }

    #[test]
    fn added_words_alone_are_counted_as_such() {
        assert_eq!(
            summary("Un texte.", "Un texte court et clair."),
            "3 mots ajoutés"
        );
    }
}
