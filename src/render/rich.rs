//! Free texts (a curriculum's `textes:`, a deliberation's articles) are
//! written in a small Markdown, the one any office already types in a
//! mail or a wiki: paragraphs separated by a blank line, `- ` or `1. `
//! lists, `#` headings, `[text](https://…)` and `[text](mailto:…)` links,
//! `**bold**` and `*italic*`. A bare e-mail or web address is a link too.
//!
//! [`markup`] turns such a text into Typst markup: every character of the
//! text is escaped ([`super::escape::markup`], French typography included),
//! so a text can only ever print as text; the structure alone becomes
//! Typst's. Anything else Markdown knows (code, HTML, quotes) prints as its
//! text. Links are clickable in the PDF; templates keep them unhyphenated.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::escape;

/// `text` as Typst markup; a `#` heading is set at level `base + 1`, `##` at
/// `base + 2`, and so on, so that a text's headings sit below the document
/// heading it is placed under.
pub fn markup(text: &str, base: u8) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    // The number of the next item of each open list (`None`: bullets).
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut in_link = false;
    // Inside a list item, whether its first paragraph has begun: a further
    // paragraph of the item (a loose list) goes on a line of its own.
    let mut item_begun = false;
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::Paragraph) => {
                if lists.is_empty() {
                    out.push_str("\n\n");
                } else if item_begun {
                    out.push_str("#linebreak()");
                }
                item_begun = true;
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let level = base.saturating_add(heading_level(level));
                out.push_str(&format!(
                    "\n\n#heading(level: {level}, outlined: false, bookmarked: true)["
                ));
            }
            Event::End(TagEnd::Heading(_)) => out.push_str("]\n\n"),
            Event::Start(Tag::List(start)) => {
                lists.push(start);
                out.push('\n');
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                out.push_str("\n\n");
            }
            Event::Start(Tag::Item) => {
                item_begun = false;
                out.push('\n');
                out.push_str(&"  ".repeat(lists.len().saturating_sub(1)));
                match lists.last_mut() {
                    Some(Some(n)) => {
                        out.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => out.push_str("- "),
                }
            }
            Event::Start(Tag::Emphasis) => out.push_str("#emph["),
            Event::Start(Tag::Strong) => out.push_str("#strong["),
            Event::End(TagEnd::Emphasis | TagEnd::Strong) => out.push(']'),
            Event::Start(Tag::Link { dest_url, .. }) => {
                out.push_str(&format!("#link({})[", escape::string_literal(&dest_url)));
                in_link = true;
            }
            Event::End(TagEnd::Link) => {
                out.push(']');
                in_link = false;
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                if in_link {
                    out.push_str(&escape::markup(&t));
                } else {
                    autolinked(&t, &mut out);
                }
            }
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push_str("#linebreak()"),
            Event::Rule => out.push_str("\n\n#line(length: 100%, stroke: 0.4pt)\n\n"),
            Event::End(TagEnd::CodeBlock | TagEnd::BlockQuote(_) | TagEnd::HtmlBlock) => {
                out.push_str("\n\n");
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A line of plain text (no Markdown) as Typst markup, its bare e-mail
/// and web addresses made links: a contact's lines.
pub fn links(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    autolinked(text, &mut out);
    out
}

/// A piece of text, its bare e-mail and web addresses made links.
fn autolinked(text: &str, out: &mut String) {
    let mut finder = linkify::LinkFinder::new();
    finder.url_must_have_scheme(false);
    for span in finder.spans(text) {
        let shown = escape::markup(span.as_str());
        match span.kind() {
            Some(linkify::LinkKind::Email) => {
                let target = format!("mailto:{}", span.as_str());
                out.push_str(&format!(
                    "#link({})[{shown}]",
                    escape::string_literal(&target)
                ));
            }
            Some(linkify::LinkKind::Url) => {
                let s = span.as_str();
                let target = if s.contains("://") {
                    s.to_string()
                } else {
                    format!("https://{s}")
                };
                out.push_str(&format!(
                    "#link({})[{shown}]",
                    escape::string_literal(&target)
                ));
            }
            _ => out.push_str(&shown),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_lists_keep_their_structure() {
        let m = markup("Un.\nSuite.\n\n- a\n- b\n\nDeux.", 1);
        assert_eq!(m, "Un\\. Suite\\.\n\n- a\n- b\n\n\n\nDeux\\.");
    }

    #[test]
    fn a_further_paragraph_of_an_item_goes_on_its_own_line() {
        let m = markup(
            "- Création numérique\n\n  <https://rncp.fr/35501>\n- Autre",
            1,
        );
        assert_eq!(
            m,
            "- Création numérique#linebreak()#link(\"https://rncp.fr/35501\")[https\\:\\/\\/rncp\\.fr\\/35501]\n- Autre"
        );
    }

    #[test]
    fn numbered_lists_keep_their_numbers() {
        assert_eq!(markup("3. trois\n4. quatre", 1), "3. trois\n4. quatre");
    }

    #[test]
    fn headings_sit_below_the_base_level() {
        let m = markup("### 4.6 Jury\n\nLe jury…", 1);
        assert!(
            m.starts_with("#heading(level: 4, outlined: false, bookmarked: true)[4\\.6 Jury]"),
            "{m}"
        );
    }

    #[test]
    fn markdown_links_and_bare_addresses_are_links() {
        let m = markup(
            "Mél [alternance-iut@u-bourgogne.fr](mailto:alternance-iut@u-bourgogne.fr)",
            1,
        );
        assert_eq!(
            m,
            "Mél #link(\"mailto:alternance-iut@u-bourgogne.fr\")[alternance\\-iut\\@u\\-bourgogne\\.fr]"
        );
        let m = markup("Écrire à scol@iut.fr ou voir www.iut.fr.", 1);
        assert!(
            m.contains("#link(\"mailto:scol@iut.fr\")[scol\\@iut\\.fr]"),
            "{m}"
        );
        assert!(
            m.contains("#link(\"https://www.iut.fr\")[www\\.iut\\.fr]\\."),
            "{m}"
        );
    }

    #[test]
    fn a_contact_line_links_its_address_and_keeps_the_rest_as_text() {
        assert_eq!(
            links("serv-scol@iut-dijon.u-bourgogne.fr"),
            "#link(\"mailto:serv-scol@iut-dijon.u-bourgogne.fr\")[serv\\-scol\\@iut\\-dijon\\.u\\-bourgogne\\.fr]"
        );
        // No Markdown in a contact: `*` and `#` print as themselves.
        assert_eq!(links("Tél. *03* #80"), "Tél\\. \\*03\\* \\#80");
    }

    #[test]
    fn text_stays_text_whatever_it_holds() {
        use typst::syntax::{SyntaxKind, SyntaxNode};
        fn kinds(n: &SyntaxNode, out: &mut Vec<SyntaxKind>) {
            out.push(n.kind());
            n.children().for_each(|c| kinds(c, out));
        }
        let m = markup("#set page(width: 1cm) `code` <b>html</b> $x$ @ref", 1);
        let mut found = Vec::new();
        kinds(&typst::syntax::parse(&m), &mut found);
        assert!(
            found.iter().all(|k| matches!(
                k,
                SyntaxKind::Markup | SyntaxKind::Text | SyntaxKind::Space | SyntaxKind::Escape
            )),
            "{m} → {found:?}"
        );
        // A link's target cannot close its string.
        let m = markup("[x](<https://a.fr/a\"b>)", 1);
        assert!(m.starts_with("#link(\"https://a.fr/"), "{m}");
        let (errors, _) = typst::syntax::parse(&m).errors_and_warnings();
        assert!(errors.is_empty(), "{m} → {errors:?}");
    }

    #[test]
    fn french_typography_applies() {
        assert_eq!(
            markup("l'UE : \"SAÉ\"", 0),
            "l’UE\u{202F}\\: «\u{202F}SAÉ\u{202F}»"
        );
    }
}
