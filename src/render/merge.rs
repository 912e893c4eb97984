//! One PDF from many: a cohort's relevés in one file, a bookmark per student.
//!
//! lopdf has no merge of its own. Each document's objects are renumbered
//! into one space, its pages hung under a new page tree, and everything no
//! page reaches (each document's catalog, tag tree and XMP) is pruned. The
//! result is a plain PDF 1.7 for printing and reading: the per-student files
//! are the archival (PDF/A) ones. Same inputs, same bytes.

use lopdf::{Bookmark, Dictionary, Document, Object, ObjectId, dictionary};

/// A document to merge and the title of its bookmark.
pub struct Part<'a> {
    /// The bookmark's title (a student's name and number).
    pub title: String,
    /// The PDF's bytes.
    pub pdf: &'a [u8],
}

/// Page attributes a page may inherit from its page tree.
const INHERITED: [&[u8]; 4] = [b"MediaBox", b"CropBox", b"Resources", b"Rotate"];

/// Copies onto the page the attributes it inherits from its ancestors, since
/// its old page tree is dropped.
fn materialise(doc: &mut Document, page: ObjectId) -> Result<(), lopdf::Error> {
    let mut found: Vec<(&[u8], Object)> = Vec::new();
    let mut node = doc.get_dictionary(page)?.clone();
    let mut depth = 0;
    loop {
        for key in INHERITED {
            if !found.iter().any(|(k, _)| *k == key)
                && let Ok(v) = node.get(key)
            {
                found.push((key, v.clone()));
            }
        }
        let Ok(parent) = node.get(b"Parent").and_then(Object::as_reference) else {
            break;
        };
        depth += 1;
        if depth > 64 {
            return Err(lopdf::Error::ReferenceCycle(parent));
        }
        node = doc.get_dictionary(parent)?.clone();
    }
    let dict = doc.get_dictionary_mut(page)?;
    for (k, v) in found {
        dict.set(k, v);
    }
    Ok(())
}

/// Merges the parts, in order, into one PDF titled `title`.
pub fn merge(parts: &[Part<'_>], title: &str) -> Result<Vec<u8>, String> {
    let mut out = Document::with_version("1.7");
    let pages_id = out.new_object_id();
    let mut kids: Vec<Object> = Vec::new();
    let mut next_id = pages_id.0 + 1;
    for part in parts {
        let mut doc = Document::load_mem(part.pdf)
            .map_err(|e| format!("cannot read the PDF of {}: {e}", part.title))?;
        let own_pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        for p in &own_pages {
            materialise(&mut doc, *p).map_err(|e| format!("{}: {e}", part.title))?;
        }
        doc.renumber_objects_with(next_id);
        next_id = doc.max_id + 1;
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        for p in &pages {
            if let Ok(Object::Dictionary(d)) = doc.get_object_mut(*p) {
                d.set("Parent", pages_id);
                // The tag tree is not carried over.
                d.remove(b"StructParents");
            }
        }
        if let Some(first) = pages.first() {
            out.add_bookmark(Bookmark::new(part.title.clone(), [0.0; 3], 0, *first), None);
        }
        kids.extend(pages.iter().map(|p| Object::Reference(*p)));
        out.objects.extend(doc.objects);
    }
    out.max_id = next_id;
    let count = kids.len() as i64;
    out.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
        }),
    );
    let mut catalog: Dictionary = dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
        "PageMode" => "UseOutlines",
    };
    if let Some(outline) = out.build_outline() {
        catalog.set("Outlines", outline);
    }
    let catalog_id = out.add_object(catalog);
    let info_id = out.add_object(dictionary! {
        "Title" => Object::string_literal(text_string(title)),
        "Producer" => Object::string_literal("maquette"),
    });
    out.trailer.set("Root", catalog_id);
    out.trailer.set("Info", info_id);
    out.prune_objects();
    let mut bytes = Vec::new();
    out.save_to(&mut bytes)
        .map_err(|e| format!("cannot write the merged PDF: {e}"))?;
    Ok(bytes)
}

/// A PDF text string: ASCII as is, anything else as UTF-16BE with its mark.
fn text_string(s: &str) -> Vec<u8> {
    if s.is_ascii() {
        s.as_bytes().to_vec()
    } else {
        let mut out = vec![0xFE, 0xFF];
        out.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        out
    }
}
