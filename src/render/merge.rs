//! One PDF from many: a cohort's relevés in one file, a bookmark per student.
//!
//! lopdf has no merge of its own, and holding a thousand documents' objects
//! at once costs a gigabyte; so the merged file is written as it goes. Each
//! document is read (lopdf), cut down to what its pages need (its catalog,
//! tag tree and XMP are dropped), renumbered after the previous one, and its
//! objects are written out at once; only their offsets are kept. Then come
//! the page tree, the bookmarks, the catalog and the cross-reference table.
//! The result is a plain PDF 1.7 for printing and reading: the per-student
//! files are the archival (PDF/A) ones. Same inputs, same bytes.
//!
//! The relevés of a cohort embed the same font subsets (their template
//! prints the cohort's whole character repertoire, see `templates/releve.typ`):
//! an object equal to one already written (a font program, its descriptor,
//! its CMap) is written once, and the later documents refer to it. Only a
//! 128-bit digest of each object written is kept, not the object.

use std::collections::HashMap;
use std::hash::{Hash as _, Hasher as _};
use std::io::Write as _;

use lopdf::{Dictionary, Document, Object, ObjectId, Writer, dictionary};

/// A document to merge and the title of its bookmark.
pub struct Part {
    /// The bookmark's title (a student's name and number).
    pub title: String,
    /// The PDF's bytes.
    pub pdf: Vec<u8>,
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

/// The merged file being written, and where it is in it.
struct Counting<'a> {
    inner: &'a mut dyn std::io::Write,
    pos: usize,
}

impl std::io::Write for Counting<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.pos += n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The merged file being written, and each object's offset in it.
struct Out<'a> {
    bytes: Counting<'a>,
    offsets: Vec<(ObjectId, usize)>,
}

fn io(e: impl std::fmt::Display) -> String {
    format!("cannot write the merged PDF: {e}")
}

impl Out<'_> {
    fn object(&mut self, id: ObjectId, object: &Object) -> Result<(), String> {
        self.offsets.push((id, self.bytes.pos));
        writeln!(self.bytes, "{} {} obj", id.0, id.1).map_err(io)?;
        Writer::write_object(&mut self.bytes, object).map_err(io)?;
        self.bytes.write_all(b"\nendobj\n").map_err(io)
    }
}

/// A document's pages, renumbered from `first_id`, with only the objects
/// they reach: its catalog, page tree and tag tree are gone.
fn split(part: &Part, first_id: u32) -> Result<(Document, Vec<ObjectId>), String> {
    let err = |e: lopdf::Error| format!("cannot read the PDF of {}: {e}", part.title);
    let mut doc = Document::load_mem(&part.pdf).map_err(err)?;
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for p in &pages {
        materialise(&mut doc, *p).map_err(err)?;
        if let Ok(Object::Dictionary(d)) = doc.get_object_mut(*p) {
            d.remove(b"Parent");
            // The tag tree is not carried over.
            d.remove(b"StructParents");
        }
    }
    // A stand-in catalog that reaches the pages and nothing else, so that
    // pruning drops everything they do not need.
    let kids: Vec<Object> = pages.iter().map(|p| Object::Reference(*p)).collect();
    let root = doc.add_object(dictionary! { "Kids" => kids });
    doc.trailer = dictionary! { "Root" => root };
    doc.prune_objects();
    doc.renumber_objects_with(first_id);
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(err)?;
    let pages = match doc.objects.remove(&root) {
        Some(Object::Dictionary(d)) => d
            .get(b"Kids")
            .and_then(Object::as_array)
            .map_err(err)?
            .iter()
            .filter_map(|k| k.as_reference().ok())
            .collect(),
        _ => Vec::new(),
    };
    Ok((doc, pages))
}

/// A document's objects less those equal to one already written or to
/// another of its own (two fonts of as many glyphs have the same glyph
/// set), the references to them turned to the one kept; the digests of the
/// objects kept are added to `written`. Pages are never shared (each has
/// its own parent and place). Equal objects are found level by level: a
/// font program first, then the descriptor that refers to it, and so on.
fn shared(
    objects: std::collections::BTreeMap<ObjectId, Object>,
    pages: &[ObjectId],
    written: &mut HashMap<u128, ObjectId>,
) -> Vec<(ObjectId, Object)> {
    let mut objects = objects;
    let mut same: HashMap<ObjectId, ObjectId> = HashMap::new();
    loop {
        let mut found = false;
        let mut own: HashMap<u128, ObjectId> = HashMap::new();
        for (id, object) in objects.iter_mut() {
            if same.contains_key(id) || pages.contains(id) {
                continue;
            }
            redirect(object, &same);
            let d = digest(object);
            if let Some(&kept) = written.get(&d).or_else(|| own.get(&d)) {
                same.insert(*id, kept);
                found = true;
            } else {
                own.insert(d, *id);
            }
        }
        if !found {
            break;
        }
    }
    let mut kept = Vec::with_capacity(objects.len());
    for (id, mut object) in objects {
        if same.contains_key(&id) {
            continue;
        }
        redirect(&mut object, &same);
        if !pages.contains(&id) {
            written.entry(digest(&object)).or_insert(id);
        }
        kept.push((id, object));
    }
    kept
}

/// Turns every reference in `object` to an object in `same` into a
/// reference to the one it equals (which may equal another in turn: each
/// entry of `same` points to an object that was kept when it was made, so
/// the chain ends).
fn redirect(object: &mut Object, same: &HashMap<ObjectId, ObjectId>) {
    match object {
        Object::Reference(r) => {
            while let Some(k) = same.get(r) {
                *r = *k;
            }
        }
        Object::Array(a) => a.iter_mut().for_each(|o| redirect(o, same)),
        Object::Dictionary(d) => d.iter_mut().for_each(|(_, o)| redirect(o, same)),
        Object::Stream(s) => s.dict.iter_mut().for_each(|(_, o)| redirect(o, same)),
        _ => {}
    }
}

/// A 128-bit digest of an object as it is written.
fn digest(object: &Object) -> u128 {
    let mut bytes = Vec::new();
    // Writing into memory cannot fail.
    let _ = Writer::write_object(&mut bytes, object);
    let half = |key: u64| {
        let mut h = std::hash::DefaultHasher::new();
        key.hash(&mut h);
        bytes.hash(&mut h);
        h.finish()
    };
    (u128::from(half(0x6d61_7175)) << 64) | u128::from(half(0x6574_7465))
}

/// Merges the parts, in order, into one PDF titled `title`, written to
/// `target`. The parts come one at a time (read from disk, say), and each is
/// written out before the next is read.
pub fn merge(
    parts: impl IntoIterator<Item = Result<Part, String>>,
    title: &str,
    target: &mut dyn std::io::Write,
) -> Result<(), String> {
    let mut out = Out {
        bytes: Counting {
            inner: target,
            pos: 0,
        },
        offsets: Vec::new(),
    };
    out.bytes
        .write_all(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n")
        .map_err(io)?;
    let pages_id: ObjectId = (1, 0);
    let mut next_id = 2;
    let mut kids: Vec<Object> = Vec::new();
    let mut marks: Vec<(String, ObjectId)> = Vec::new();
    // Each object written so far that a later document may repeat, by digest.
    let mut written: HashMap<u128, ObjectId> = HashMap::new();
    for part in parts {
        let part = part?;
        let (doc, pages) = split(&part, next_id)?;
        next_id = doc.max_id + 1;
        if let Some(first) = pages.first() {
            marks.push((part.title.clone(), *first));
        }
        kids.extend(pages.iter().map(|p| Object::Reference(*p)));
        let objects = shared(doc.objects, &pages, &mut written);
        for (id, mut object) in objects {
            if pages.contains(&id)
                && let Object::Dictionary(d) = &mut object
            {
                d.set("Parent", pages_id);
            }
            out.object(id, &object)?;
        }
    }
    let count = kids.len() as i64;
    out.object(
        pages_id,
        &Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    )?;
    // The bookmarks: one flat list, in order.
    let outlines_id: ObjectId = (next_id, 0);
    let item = |k: usize| -> ObjectId { (next_id + 1 + k as u32, 0) };
    for (k, (title, page)) in marks.iter().enumerate() {
        let mut d: Dictionary = dictionary! {
            "Title" => lopdf::text_string(&super::typo::french(title)),
            "Parent" => outlines_id,
            "Dest" => vec![Object::Reference(*page), Object::Name(b"Fit".to_vec())],
        };
        if k > 0 {
            d.set("Prev", item(k - 1));
        }
        if k + 1 < marks.len() {
            d.set("Next", item(k + 1));
        }
        out.object(item(k), &Object::Dictionary(d))?;
    }
    let mut outlines: Dictionary = dictionary! {
        "Type" => "Outlines",
        "Count" => marks.len() as i64,
    };
    if !marks.is_empty() {
        outlines.set("First", item(0));
        outlines.set("Last", item(marks.len() - 1));
    }
    out.object(outlines_id, &Object::Dictionary(outlines))?;
    let catalog_id: ObjectId = (next_id + 1 + marks.len() as u32, 0);
    let info_id: ObjectId = (catalog_id.0 + 1, 0);
    out.object(
        catalog_id,
        &Object::Dictionary(dictionary! {
            "Type" => "Catalog",
            "Pages" => pages_id,
            "Outlines" => outlines_id,
            "PageMode" => "UseOutlines",
        }),
    )?;
    out.object(
        info_id,
        &Object::Dictionary(dictionary! {
            "Title" => lopdf::text_string(&super::typo::french(title)),
            "Producer" => Object::string_literal("maquette"),
        }),
    )?;
    // The cross-reference table: every number up to the last, free where
    // no object has it.
    let size = info_id.0 + 1;
    let mut table: Vec<Option<(usize, u16)>> = vec![None; size as usize];
    for (id, offset) in &out.offsets {
        table[id.0 as usize] = Some((*offset, id.1));
    }
    let xref = out.bytes.pos;
    write!(out.bytes, "xref\n0 {size}\n0000000000 65535 f\r\n").map_err(io)?;
    for entry in &table[1..] {
        match entry {
            Some((offset, generation)) => {
                write!(out.bytes, "{offset:010} {generation:05} n\r\n").map_err(io)?
            }
            None => write!(out.bytes, "0000000000 00000 f\r\n").map_err(io)?,
        }
    }
    writeln!(out.bytes, "trailer").map_err(io)?;
    Writer::write_object(
        &mut out.bytes,
        &Object::Dictionary(dictionary! {
            "Size" => size as i64,
            "Root" => catalog_id,
            "Info" => info_id,
        }),
    )
    .map_err(io)?;
    write!(out.bytes, "\nstartxref\n{xref}\n%%EOF\n").map_err(io)?;
    out.bytes.flush().map_err(io)
}
