//! Values from YAML reach Typst as text, never as markup or code.
//!
//! Markup is printed text: it is set in French typography first
//! ([`super::typo`]: `N'Diaye` → `N’Diaye`, `"SAÉ"` → `« SAÉ »`), then every
//! ASCII punctuation character is backslash-escaped (Typst accepts `\` before
//! any non-space character), so a quote left unpaired prints straight, never
//! as Typst's smart quote; line breaks become spaces. In code, values are
//! string literals, exactly the text (a file name stays a file name).

/// Escapes text for Typst markup.
pub fn markup(text: &str) -> String {
    let text = super::typo::french(text);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            // Every character Typst takes as a line break (a run of them is a
            // paragraph break), and any other control character.
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => out.push(' '),
            // PDF/A embeds every glyph: one no font has prints as `�`.
            c if !super::typst::world::has_glyph(c) => out.push('\u{FFFD}'),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A Typst string literal holding `text`, for code such as `document(title: …)`.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_specials_are_escaped_and_quotes_kept() {
        assert_eq!(
            markup("#set $x$ *b* _i_ <a> @b \\ = t"),
            "\\#set \\$x\\$ \\*b\\* \\_i\\_ \\<a\\> \\@b \\\\ \\= t"
        );
        assert_eq!(markup("N'Diaye \"x\""), "N’Diaye «\u{202F}x\u{202F}»");
        // An unpaired quote prints straight, not as an opening guillemet.
        assert_eq!(markup("27\" "), "27\\\" ");
        assert_eq!(markup("a\nb"), "a b");
        // Found by the fuzzer: vertical tabs made a paragraph break.
        assert_eq!(markup("a\u{b}\u{b}\u{c}\u{85}b"), "a    b");
    }

    #[test]
    fn string_literals_escape_quotes_backslashes_and_controls() {
        assert_eq!(
            string_literal("a \"b\" \\ c\n"),
            "\"a \\\"b\\\" \\\\ c\\n\""
        );
        assert_eq!(string_literal("\u{1}"), "\"\\u{1}\"");
    }
}
