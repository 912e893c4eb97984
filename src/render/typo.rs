//! French typography, in one place, for every text a document prints: the
//! curricula's and cohorts' texts, names, the sentences views write, the PDF
//! metadata and outline.
//!
//! - a straight apostrophe becomes the typographic one (`l'UE` → `l’UE`);
//! - a pair of straight double quotes becomes guillemets with narrow
//!   no-break spaces inside (`"SAÉ"` → `« SAÉ »`); a quote left unpaired
//!   stays straight, never an opening guillemet;
//! - the space before `;` `:` `!` `?` and inside `« »` becomes a narrow
//!   no-break space (U+202F), so that the sign never starts a line; where a
//!   guillemet has no space, one is put;
//! - figures of four digits and more get a narrow no-break space between
//!   thousands ([`figure`]: `1135` → `1 135`), only where a view formats a
//!   quantity: years, codes and numbers inside texts are left as written.
//!
//! Each rule only touches what French typography defines: `10:30`,
//! `https://…` and `mailto:x@y.fr` have no space before their colon and are
//! kept as they are.

use std::borrow::Cow;

/// The narrow no-break space (espace fine insécable).
pub const FINE: char = '\u{202F}';

/// `text` set in French typography (see the module's rules).
pub fn french(text: &str) -> Cow<'_, str> {
    if !text.contains(['\'', '"', ';', ':', '!', '?', '«', '»']) {
        return text.into();
    }
    let chars: Vec<char> = text.chars().collect();
    let pairs = paired_quotes(&chars);
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\'' => out.push('’'),
            '"' if pairs.contains(&i) => {
                if opens(&chars, i) {
                    out.push('«');
                    out.push(FINE);
                    i = skip_spaces(&chars, i + 1);
                    continue;
                }
                trim_spaces(&mut out);
                out.push(FINE);
                out.push('»');
            }
            '«' => {
                out.push('«');
                out.push(FINE);
                i = skip_spaces(&chars, i + 1);
                continue;
            }
            '»' => {
                trim_spaces(&mut out);
                if !out.is_empty() {
                    out.push(FINE);
                }
                out.push('»');
            }
            ';' | ':' | '!' | '?' => {
                if out.ends_with([' ', '\u{A0}']) {
                    trim_spaces(&mut out);
                    out.push(FINE);
                }
                out.push(c);
            }
            c => out.push(c),
        }
        i += 1;
    }
    out.into()
}

/// The positions of the straight double quotes that pair up, an opening
/// one (at a word's start) with the next closing one.
fn paired_quotes(chars: &[char]) -> Vec<usize> {
    let mut paired = Vec::new();
    let mut open: Option<usize> = None;
    for (i, &c) in chars.iter().enumerate() {
        if c != '"' {
            continue;
        }
        match open {
            None if opens(chars, i) => open = Some(i),
            None => {}
            Some(o) => {
                paired.extend([o, i]);
                open = None;
            }
        }
    }
    paired
}

/// A straight double quote at the start of the text, or after a space or an
/// opening bracket, opens.
fn opens(chars: &[char], i: usize) -> bool {
    i == 0
        || matches!(
            chars[i - 1],
            ' ' | '\u{A0}' | '(' | '[' | '\n' | '\t' | '’' | '\''
        )
}

fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() && matches!(chars[i], ' ' | '\u{A0}' | FINE) {
        i += 1;
    }
    i
}

fn trim_spaces(out: &mut String) {
    while out.ends_with([' ', '\u{A0}', FINE]) {
        out.pop();
    }
}

/// A formatted figure (`1135`, `1135,5`, `-1200`) with its thousands
/// separated by narrow no-break spaces; anything else as written.
pub fn figure(formatted: &str) -> String {
    let (sign, rest) = match formatted.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", formatted),
    };
    let (int, frac) = match rest.find(',') {
        Some(p) => rest.split_at(p),
        None => (rest, ""),
    };
    if int.len() < 4 || !int.bytes().all(|b| b.is_ascii_digit()) {
        return formatted.to_string();
    }
    let mut out = String::from(sign);
    for (k, d) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(FINE);
        }
        out.push(d);
    }
    out.push_str(frac);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fr(s: &str) -> String {
        french(s).replace(FINE, "⍽")
    }

    #[test]
    fn apostrophes_are_typographic() {
        assert_eq!(fr("l'UE d'Anne N'Diaye"), "l’UE d’Anne N’Diaye");
    }

    #[test]
    fn signs_take_a_narrow_no_break_space_where_a_space_was() {
        assert_eq!(fr("Contacts : a ; b ! c ?"), "Contacts⍽: a⍽; b⍽! c⍽?");
        assert_eq!(fr("Note\u{A0}: 12"), "Note⍽: 12");
        assert_eq!(fr("deux  : espaces"), "deux⍽: espaces");
    }

    #[test]
    fn colons_of_times_urls_and_mails_are_left_alone() {
        assert_eq!(fr("10:30"), "10:30");
        assert_eq!(fr("https://iut.fr/a?b=1"), "https://iut.fr/a?b=1");
        assert_eq!(fr("mailto:x@y.fr"), "mailto:x@y.fr");
    }

    #[test]
    fn paired_quotes_become_guillemets_with_narrow_spaces() {
        assert_eq!(
            fr("un pôle \"Ressources\", un pôle \"SAÉ\""),
            "un pôle «⍽Ressources⍽», un pôle «⍽SAÉ⍽»"
        );
        assert_eq!(fr("« bachelor »"), "«⍽bachelor⍽»");
        assert_eq!(fr("«bachelor»"), "«⍽bachelor⍽»");
    }

    #[test]
    fn an_unpaired_quote_stays_straight() {
        assert_eq!(fr("un écran 27\" et \"plus"), "un écran 27\" et \"plus");
        assert_eq!(fr("\"seul"), "\"seul");
    }

    #[test]
    fn text_without_any_of_the_signs_is_borrowed() {
        assert!(matches!(french("Admis, 30 ECTS"), Cow::Borrowed(_)));
    }

    #[test]
    fn figures_of_four_digits_and_more_are_grouped_by_thousands() {
        let g = |s| figure(s).replace(FINE, "⍽");
        assert_eq!(g("1135"), "1⍽135");
        assert_eq!(g("1800,5"), "1⍽800,5");
        assert_eq!(g("120000"), "120⍽000");
        assert_eq!(g("-1200"), "-1⍽200");
        assert_eq!(g("999"), "999");
        assert_eq!(g("12,50"), "12,50");
        assert_eq!(g(""), "");
        assert_eq!(g("n.c."), "n.c.");
    }
}
