//! What `maquette diff` prints: the synthèse des modifications as text for
//! the terminal, or as JSON. The PDF is made from the same view
//! ([`crate::render::views::changes`]) by `templates/synthese.typ`.

use std::fmt::Write as _;

use crate::compare::Comparison;
use crate::diag::emit::visible;
use crate::render::views::changes::{FindingLine, synthese};

/// The synthèse as text: headings, one line per change with its class,
/// texts with `[-removed-]` and `{+added+}` words, then the findings.
pub fn text(c: &Comparison) -> String {
    let view = synthese(c);
    let mut out = String::new();
    let _ = writeln!(out, "{}", visible(&view.titre));
    let _ = writeln!(out, "  avant : {}", visible(&view.avant));
    let _ = writeln!(out, "  après : {}", visible(&view.apres));
    let _ = writeln!(out, "  {}", view.bilan);
    for s in &view.sections {
        let indent = if s.niveau == 1 { "" } else { "  " };
        let _ = writeln!(out, "\n{indent}{}", visible(&s.titre));
        for l in &s.lignes {
            let _ = writeln!(out, "{indent}  [{}] {}", l.classe, visible(&l.phrase));
            if !l.mots.is_empty() {
                let inline: String = l
                    .mots
                    .iter()
                    .map(|(k, t)| match *k {
                        "-" => format!("[-{}-]", t.trim()),
                        "+" => format!("{{+{}+}}", t.trim()),
                        _ => t.clone(),
                    })
                    .collect();
                let _ = writeln!(out, "{indent}      {}", visible(inline.trim()));
            }
        }
    }
    findings(&mut out, "Constats corrigés", &view.corrigees);
    findings(&mut out, "Constats introduits", &view.introduites);
    findings(
        &mut out,
        "Constats maintenus, chiffres modifiés",
        &view.modifiees,
    );
    out
}

fn findings(out: &mut String, title: &str, list: &[FindingLine]) {
    let _ = writeln!(out, "\n{title} ({})", list.len());
    for f in list {
        let at = if f.ligne.is_empty() {
            String::new()
        } else {
            format!(" ({})", f.ligne)
        };
        let _ = writeln!(
            out,
            "  {}[{}]{at} : {}",
            f.gravite,
            f.regle,
            visible(&f.message)
        );
    }
}

/// The comparison as JSON: every change with its class, place, sentence and
/// words, and the findings fixed and introduced.
pub fn json(c: &Comparison) -> String {
    let mut s = serde_json::to_string_pretty(c).expect("a comparison serialises");
    s.push('\n');
    s
}
