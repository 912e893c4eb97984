//! French typography and the free texts' structure, read back from the PDFs
//! of every shipped document (`maquette build` on the shipped curricula and
//! cohorts): curly apostrophes, guillemets, narrow no-break spaces before
//! `; : ! ?`, clickable links, and MCC headings that are headings.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Every PDF `maquette build` writes for the shipped files: (path under the
/// output folder, bytes).
fn shipped() -> &'static [(String, Vec<u8>)] {
    static BUILT: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let (code, out) =
            common::maquette_build(Path::new("."), &["--out", dir.path().to_str().unwrap()]);
        assert_eq!(code, 0, "{out}");
        let mut pdfs = Vec::new();
        let mut stack = vec![PathBuf::from(dir.path())];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "pdf") {
                    let name = p.strip_prefix(dir.path()).unwrap().display().to_string();
                    pdfs.push((name, std::fs::read(&p).unwrap()));
                }
            }
        }
        pdfs.sort();
        assert!(pdfs.len() > 20, "{out}");
        pdfs
    })
}

/// A PDF's text, page by page, as lopdf reads it back (spaces kept).
fn raw_text(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap()
}

/// The PDF's title, from its information dictionary.
fn title(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let raw = doc
        .get_dictionary(info)
        .unwrap()
        .get(b"Title")
        .unwrap()
        .as_str()
        .unwrap()
        .to_vec();
    if raw.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = raw[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    } else {
        String::from_utf8(raw).unwrap()
    }
}

#[test]
fn no_shipped_document_prints_a_straight_apostrophe_or_quote() {
    for (name, pdf) in shipped() {
        let text = raw_text(pdf);
        for bad in ['\'', '"'] {
            let at = text
                .find(bad)
                .map(|i| &text[text.floor_char_boundary(i.saturating_sub(30))..]);
            assert!(
                at.is_none(),
                "{name}: {bad} in “{}”",
                at.unwrap_or_default().chars().take(60).collect::<String>()
            );
        }
        let t = title(pdf);
        assert!(!t.contains('\''), "{name}: title {t}");
    }
    // The texts do have apostrophes: set curly.
    let (_, releves) = shipped()
        .iter()
        .find(|(n, _)| n.ends_with("mmi-but1-2025-2026/releves.pdf"))
        .unwrap();
    assert!(raw_text(releves).contains("N’DIAYE"));
    assert!(title(releves).contains("L’INTERNET"));
}

#[test]
fn signs_and_guillemets_take_narrow_no_break_spaces() {
    let mut narrow = 0;
    for (name, pdf) in shipped() {
        let text = raw_text(pdf);
        let chars: Vec<char> = text.chars().collect();
        for (i, w) in chars.windows(2).enumerate() {
            let plain = |c: char| c == ' ' || c == '\u{A0}';
            let shown = || {
                chars[i.saturating_sub(25)..(i + 10).min(chars.len())]
                    .iter()
                    .collect::<String>()
            };
            assert!(
                !(plain(w[0]) && matches!(w[1], ';' | ':' | '!' | '?' | '»')),
                "{name}: a plain space before {} in “{}”",
                w[1],
                shown()
            );
            assert!(
                !(w[0] == '«' && plain(w[1])),
                "{name}: a plain space after « in “{}”",
                shown()
            );
            if w[0] == '\u{202F}' && matches!(w[1], ';' | ':') {
                narrow += 1;
            }
        }
    }
    assert!(narrow > 100, "only {narrow} narrow spaces before ; and :");
}

#[test]
fn a_link_of_a_free_text_is_clickable_and_prints_as_its_text() {
    let (_, pdf) = shipped()
        .iter()
        .find(|(n, _)| n.ends_with("livret-but3.pdf"))
        .unwrap();
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let mut uris = Vec::new();
    for (_, page) in doc.get_pages() {
        for a in doc.get_page_annotations(page).unwrap() {
            let uri = a
                .get(b"A")
                .and_then(|o| doc.dereference(o))
                .and_then(|(_, o)| o.as_dict())
                .and_then(|action| action.get(b"URI"))
                .and_then(|u| u.as_str());
            if let Ok(uri) = uri {
                uris.push(String::from_utf8_lossy(uri).into_owned());
            }
        }
    }
    assert!(
        uris.contains(&"mailto:alternance-iut@u-bourgogne.fr".to_string()),
        "{uris:?}"
    );
    let text = common::pdf_text(pdf);
    assert!(text.contains("Mél alternance-iut@u-bourgogne.fr"), "{text}");
    for (name, pdf) in shipped() {
        let text = common::pdf_text(pdf);
        assert!(
            !text.contains("](") && !text.contains("mailto"),
            "{name}: raw Markdown printed"
        );
    }
}

#[test]
fn the_mcc_headings_are_bookmarked_headings_kept_with_their_text() {
    for (name, pdf) in shipped()
        .iter()
        .filter(|(n, _)| n.contains("/livret-but") && n.contains("mmi"))
    {
        let outline: Vec<String> = common::outline(pdf).into_iter().map(|(_, t)| t).collect();
        for h in [
            "Point 4. Référentiel d’évaluation",
            "4.1 Contrôle continu",
            "4.6 Jury",
        ] {
            assert!(
                outline.iter().any(|t| t == h),
                "{name}: no bookmark {h} in {outline:?}"
            );
        }
        // A heading never ends a page: what it heads is on the same page.
        let doc = lopdf::Document::load_mem(pdf).unwrap();
        for (&n, _) in doc.get_pages().iter() {
            let page = doc.extract_text(&[n]).unwrap();
            let lines: Vec<&str> = page
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            // The last lines of a page are its footer (page x / y).
            let body_end = lines.len().saturating_sub(1);
            if let Some(last) = lines[..body_end].last() {
                assert!(
                    !last.starts_with("4.") || last.len() > 40,
                    "{name}, page {n}: the heading “{last}” ends the page"
                );
            }
        }
    }
}
