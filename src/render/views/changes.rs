//! The "synthèse des modifications" a council reads: the changes between two
//! versions of a curriculum grouped by semester and UE, each with its
//! class, texts shown word by word around what changed, and the findings
//! fixed and introduced. The same sections feed the terminal and the PDF.

use crate::compare::{Change, Class, Comparison, Finding, Scope, Word, plural};

/// What `templates/synthese.typ` reads.
#[derive(Debug, serde::Serialize)]
pub struct SyntheseView {
    pub titre: String,
    pub avant: String,
    pub apres: String,
    /// `12 modifications : 2 création, 8 modification des MCCC, 2 textes`.
    pub bilan: String,
    /// `(class label, count)` for the classes present.
    pub classes: Vec<(String, usize)>,
    pub sections: Vec<Section>,
    pub corrigees: Vec<FindingLine>,
    pub introduites: Vec<FindingLine>,
    pub modifiees: Vec<FindingLine>,
}

/// A heading and its changes: the programme, a semester, or a UE of it
/// (`niveau` 1 or 2).
#[derive(Debug, serde::Serialize)]
pub struct Section {
    pub titre: String,
    pub niveau: u8,
    pub lignes: Vec<Line>,
}

/// One change as printed.
#[derive(Debug, serde::Serialize)]
pub struct Line {
    pub classe: &'static str,
    pub phrase: String,
    /// For a text: the words around each change, `[kind, text]` with kind
    /// `=`, `-`, `+`, or `…` for words left out.
    pub mots: Vec<(&'static str, String)>,
}

#[derive(Debug, serde::Serialize)]
pub struct FindingLine {
    pub gravite: &'static str,
    pub regle: &'static str,
    pub ligne: String,
    pub message: String,
}

/// Words of context kept on each side of a change in a long text.
const CONTEXT: usize = 8;

/// The view of a comparison.
pub fn synthese(c: &Comparison) -> SyntheseView {
    let counts: Vec<(String, usize)> = c
        .counts()
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| (k.label().to_string(), n))
        .collect();
    let counted = |(k, n): &(String, usize)| match k.as_str() {
        "création" => plural(*n, "création", "créations"),
        "textes" => plural(*n, "texte", "textes"),
        _ => plural(*n, "modification des MCCC", "modifications des MCCC"),
    };
    let total = c.changes.len();
    let bilan = if total == 0 {
        "aucune modification".to_string()
    } else {
        format!(
            "{total} modification{} : {}",
            if total > 1 { "s" } else { "" },
            counts.iter().map(counted).collect::<Vec<_>>().join(", ")
        )
    };
    SyntheseView {
        titre: format!("Synthèse des modifications — {}", c.formation),
        avant: c.avant.clone(),
        apres: c.apres.clone(),
        bilan,
        classes: counts,
        sections: sections(&c.changes),
        corrigees: c.corrigees.iter().map(finding).collect(),
        introduites: c.introduites.iter().map(finding).collect(),
        modifiees: c.modifiees.iter().map(finding).collect(),
    }
}

fn finding(f: &Finding) -> FindingLine {
    FindingLine {
        gravite: if f.severity == "error" {
            "erreur"
        } else {
            "avertissement"
        },
        regle: f.rule,
        ligne: f.line.map_or_else(String::new, |l| format!("ligne {l}")),
        message: f.message.clone(),
    }
}

/// The changes grouped: the programme first, then each semester with its
/// own changes and, under it, one section per UE in code order.
pub fn sections(changes: &[Change]) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let general: Vec<Line> = changes
        .iter()
        .filter(|c| c.scope == Scope::General)
        .map(line)
        .collect();
    if !general.is_empty() {
        out.push(Section {
            titre: "Dispositions générales".into(),
            niveau: 1,
            lignes: general,
        });
    }
    // Semester blocks (number, parcours) in order, then their UEs.
    let mut blocks: Vec<(u8, &[String])> = changes
        .iter()
        .filter_map(|c| match &c.scope {
            Scope::Semester { semestre, parcours }
            | Scope::Ue {
                semestre, parcours, ..
            } => Some((*semestre, parcours.as_slice())),
            Scope::General => None,
        })
        .collect();
    blocks.sort_unstable();
    blocks.dedup();
    for (n, parcours) in blocks {
        let in_block = |c: &&Change| match &c.scope {
            Scope::Semester {
                semestre,
                parcours: p,
            }
            | Scope::Ue {
                semestre,
                parcours: p,
                ..
            } => *semestre == n && p.as_slice() == parcours,
            Scope::General => false,
        };
        out.push(Section {
            titre: if parcours.is_empty() {
                format!("Semestre {n}")
            } else {
                format!("Semestre {n} (parcours {})", parcours.join(", "))
            },
            niveau: 1,
            lignes: changes
                .iter()
                .filter(in_block)
                .filter(|c| matches!(c.scope, Scope::Semester { .. }))
                .map(line)
                .collect(),
        });
        let mut ues: Vec<&str> = changes
            .iter()
            .filter(in_block)
            .filter_map(|c| match &c.scope {
                Scope::Ue { ue, .. } => Some(ue.as_str()),
                _ => None,
            })
            .collect();
        ues.sort_unstable();
        ues.dedup();
        for ue in ues {
            out.push(Section {
                titre: ue.to_string(),
                niveau: 2,
                lignes: changes
                    .iter()
                    .filter(in_block)
                    .filter(|c| matches!(&c.scope, Scope::Ue { ue: u, .. } if u == ue))
                    .map(line)
                    .collect(),
            });
        }
    }
    out
}

fn line(c: &Change) -> Line {
    Line {
        classe: match c.class {
            Class::Creation => "création",
            Class::Mccc => "MCCC",
            Class::Textes => "textes",
        },
        phrase: c.sentence.clone(),
        mots: shortened(&c.words),
    }
}

/// The words of a text change with long unchanged runs cut to
/// `CONTEXT` words on each side of a change.
pub fn shortened(words: &[Word]) -> Vec<(&'static str, String)> {
    let last = words.len().saturating_sub(1);
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        match w {
            Word::Removed(s) => out.push(("-", s.clone())),
            Word::Added(s) => out.push(("+", s.clone())),
            Word::Same(s) => {
                let tokens: Vec<&str> = s.split_inclusive(char::is_whitespace).collect();
                let words = |t: &[&str]| t.iter().filter(|x| !x.trim().is_empty()).count();
                let keep_head = if i == 0 { 0 } else { CONTEXT };
                let keep_tail = if i == last { 0 } else { CONTEXT };
                if words(&tokens) <= keep_head + keep_tail + 1 {
                    out.push(("=", s.clone()));
                    continue;
                }
                // The first `keep_head` words, and the last `keep_tail`.
                let mut head = 0;
                while words(&tokens[..head]) < keep_head {
                    head += 1;
                }
                let mut tail = tokens.len();
                while words(&tokens[tail..]) < keep_tail {
                    tail -= 1;
                }
                if head > 0 {
                    out.push(("=", tokens[..head].concat()));
                }
                out.push(("…", "… ".to_string()));
                if tail < tokens.len() {
                    out.push(("=", tokens[tail..].concat()));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_unchanged_run_keeps_eight_words_on_each_side() {
        let long: String = (1..=30).map(|i| format!("m{i} ")).collect();
        let words = [
            Word::Same(long.clone()),
            Word::Removed("8".into()),
            Word::Added("10".into()),
            Word::Same(format!(" {long}")),
        ];
        let s = shortened(&words);
        assert_eq!(s[0], ("…", "… ".to_string()));
        assert_eq!(s[1].1, "m23 m24 m25 m26 m27 m28 m29 m30 ");
        assert_eq!(&s[2..4], [("-", "8".to_string()), ("+", "10".to_string())]);
        assert_eq!(s[4].1.split_whitespace().count(), 8);
        assert_eq!(s[5].0, "…");
    }
}
