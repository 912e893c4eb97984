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
//! [`join`] is the other way of making one PDF from many: the volumes of one
//! document (a large cohort's minutes, [`super::minutes`]) into one tagged
//! PDF/A file, their tag trees grafted into one and the first volume's
//! catalog, metadata and identifier kept.
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

impl<'a> Out<'a> {
    /// Starts a PDF 1.7 file in `target`: its header.
    fn start(target: &'a mut dyn std::io::Write) -> Result<Out<'a>, String> {
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
        Ok(out)
    }

    /// Ends the file: the cross-reference table of the `size` numbers (free
    /// where no object has one) and `trailer`, its `Size` set.
    fn finish(mut self, size: u32, trailer: Dictionary) -> Result<(), String> {
        let mut table: Vec<Option<(usize, u16)>> = vec![None; size as usize];
        for (id, offset) in &self.offsets {
            table[id.0 as usize] = Some((*offset, id.1));
        }
        let xref = self.bytes.pos;
        write!(self.bytes, "xref\n0 {size}\n0000000000 65535 f\r\n").map_err(io)?;
        for entry in &table[1..] {
            match entry {
                Some((offset, generation)) => {
                    write!(self.bytes, "{offset:010} {generation:05} n\r\n").map_err(io)?
                }
                None => write!(self.bytes, "0000000000 00000 f\r\n").map_err(io)?,
            }
        }
        writeln!(self.bytes, "trailer").map_err(io)?;
        let mut sized = dictionary! { "Size" => size as i64 };
        for (key, value) in trailer {
            sized.set(key, value);
        }
        Writer::write_object(&mut self.bytes, &Object::Dictionary(sized)).map_err(io)?;
        write!(self.bytes, "\nstartxref\n{xref}\n%%EOF\n").map_err(io)?;
        self.bytes.flush().map_err(io)
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
    let pages = match cut_to(&mut doc, dictionary! { "Kids" => kids }, first_id) {
        Some(d) => d
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

/// Cuts `doc` down to what `standin` reaches, as its stand-in catalog, and
/// renumbers its objects from `first_id`; `standin` itself, renumbered, is
/// taken out and returned.
fn cut_to(doc: &mut Document, standin: Dictionary, first_id: u32) -> Option<Dictionary> {
    let root = doc.add_object(standin);
    doc.trailer = dictionary! { "Root" => root };
    doc.prune_objects();
    doc.renumber_objects_with(first_id);
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .ok()?;
    match doc.objects.remove(&root) {
        Some(Object::Dictionary(d)) => Some(d),
        _ => None,
    }
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
    let mut out = Out::start(target)?;
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
    out.finish(
        info_id.0 + 1,
        dictionary! { "Root" => catalog_id, "Info" => info_id },
    )
}

/// The parts of a volume's catalog the joined file keeps (the first
/// volume's): PDF/A's output intent and XMP metadata, the language, and what
/// tagged PDF declares.
const CATALOG_KEPT: [&[u8]; 5] = [
    b"MarkInfo",
    b"Lang",
    b"OutputIntents",
    b"Metadata",
    b"ViewerPreferences",
];

/// How many entries a leaf of the joined file's number and name trees holds.
const TREE_LEAF: usize = 256;

/// A volume made ready to join: its objects renumbered and cut down to its
/// pages, tag tree and (for the first) catalog; its tag tree's entries.
struct Grafted {
    objects: std::collections::BTreeMap<ObjectId, Object>,
    max_id: u32,
    pages: Vec<ObjectId>,
    /// The top elements of its tag tree (usually one `Document`), without
    /// their parent.
    tops: Vec<ObjectId>,
    /// Its parent tree's entries, their keys shifted after the previous
    /// volume's.
    nums: Vec<(i64, Object)>,
    /// The key after its last.
    next_key: i64,
    /// Its element identifiers, prefixed with the volume's number.
    names: Vec<(Vec<u8>, Object)>,
    role_map: Dictionary,
    /// [`CATALOG_KEPT`], the information dictionary and the file identifier.
    catalog: Dictionary,
    info: Option<Object>,
    file_id: Option<Object>,
}

/// The entries of a number tree (`Nums`) or a name tree (`Names`), in order.
fn tree_entries(
    doc: &Document,
    node: &Object,
    key: &[u8],
    depth: usize,
    out: &mut Vec<(Object, Object)>,
) -> Result<(), lopdf::Error> {
    if depth > 32 {
        return Err(lopdf::Error::RecursionLimit);
    }
    let (_, node) = doc.dereference(node)?;
    let node = node.as_dict()?;
    if let Ok(entries) = node.get(key).and_then(Object::as_array) {
        for pair in entries.chunks(2) {
            if let [k, v] = pair {
                out.push((doc.dereference(k)?.1.clone(), v.clone()));
            }
        }
    }
    if let Ok(kids) = node.get(b"Kids").and_then(Object::as_array) {
        for kid in kids {
            tree_entries(doc, kid, key, depth + 1, out)?;
        }
    }
    Ok(())
}

/// Prefixes a tag identifier with the volume's number (the first volume
/// keeps its own): each volume numbers its table cells alike.
fn renamed(id: &mut Object, volume: usize) {
    if volume > 0
        && let Object::String(s, _) = id
    {
        let mut new = format!("v{volume}-").into_bytes();
        new.extend_from_slice(s);
        *s = new;
    }
}

/// Reads volume `k` of a document, ready to graft: its parent-tree keys
/// from `base` and its objects numbered from `first_id`.
fn graft(pdf: &[u8], k: usize, base: i64, first_id: u32) -> Result<Grafted, String> {
    let err = |e: lopdf::Error| format!("cannot read volume {}: {e}", k + 1);
    let mut doc = Document::load_mem(pdf).map_err(err)?;
    let catalog = doc.catalog().map_err(err)?.clone();
    let tree_at = catalog.get(b"StructTreeRoot").map_err(err)?;
    let tree = doc
        .dereference(tree_at)
        .map_err(err)?
        .1
        .as_dict()
        .map_err(err)?;
    let tops: Vec<ObjectId> = match tree.get(b"K").map_err(err)? {
        Object::Array(a) => a.iter().filter_map(|o| o.as_reference().ok()).collect(),
        o => o.as_reference().into_iter().collect(),
    };
    let mut pairs = Vec::new();
    if let Ok(parents) = tree.get(b"ParentTree") {
        tree_entries(&doc, parents, b"Nums", 0, &mut pairs).map_err(err)?;
    }
    let nums: Vec<(i64, Object)> = pairs
        .drain(..)
        .filter_map(|(key, v)| Some((key.as_i64().ok()? + base, v)))
        .collect();
    let next_key = base
        + tree
            .get(b"ParentTreeNextKey")
            .and_then(Object::as_i64)
            .unwrap_or_else(|_| nums.last().map_or(0, |(key, _)| key - base + 1));
    if let Ok(ids) = tree.get(b"IDTree") {
        tree_entries(&doc, ids, b"Names", 0, &mut pairs).map_err(err)?;
    }
    let names: Vec<(Vec<u8>, Object)> = pairs
        .into_iter()
        .filter_map(|(mut key, v)| {
            renamed(&mut key, k);
            Some((key.as_str().ok()?.to_vec(), v))
        })
        .collect();
    let role_map = tree
        .get(b"RoleMap")
        .and_then(|m| doc.dereference(m))
        .and_then(|(_, m)| m.as_dict())
        .cloned()
        .unwrap_or_default();
    let mut kept = Dictionary::new();
    if k == 0 {
        for key in CATALOG_KEPT {
            if let Ok(v) = catalog.get(key) {
                kept.set(key, v.clone());
            }
        }
    }
    let info = doc.trailer.get(b"Info").ok().cloned().filter(|_| k == 0);
    let file_id = doc.trailer.get(b"ID").ok().cloned();
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for p in &pages {
        materialise(&mut doc, *p).map_err(err)?;
    }
    for (id, object) in doc.objects.iter_mut() {
        let dict = match object {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &mut s.dict,
            _ => continue,
        };
        if pages.contains(id) {
            dict.remove(b"Parent");
        }
        for key in [&b"StructParents"[..], b"StructParent"] {
            if let Ok(n) = dict.get(key).and_then(Object::as_i64) {
                dict.set(key, n + base);
            }
        }
        if dict.has_type(b"StructElem") || dict.has(b"S") && dict.has(b"P") {
            if let Ok(own) = dict.get_mut(b"ID") {
                renamed(own, k);
            }
            let attributes = match dict.get_mut(b"A") {
                Ok(Object::Array(a)) => a.iter_mut().collect(),
                Ok(o) => vec![o],
                Err(_) => Vec::new(),
            };
            for a in attributes {
                if let Object::Dictionary(a) = a
                    && let Ok(Object::Array(headers)) = a.get_mut(b"Headers")
                {
                    headers.iter_mut().for_each(|h| renamed(h, k));
                }
            }
            if tops.contains(id) {
                dict.remove(b"P");
            }
        }
    }
    // A stand-in catalog that reaches what is kept and nothing else, so that
    // pruning drops the old catalog, page tree and tag tree root.
    let refs = |ids: &[ObjectId]| {
        ids.iter()
            .map(|i| Object::Reference(*i))
            .collect::<Vec<_>>()
    };
    let mut standin = dictionary! {
        "Kids" => refs(&pages),
        "Tops" => refs(&tops),
        "Nums" => nums.iter().map(|(_, v)| v.clone()).collect::<Vec<_>>(),
        "Names" => names.iter().map(|(_, v)| v.clone()).collect::<Vec<_>>(),
        "RoleMap" => role_map,
        "Kept" => kept,
    };
    if let Some(info) = &info {
        standin.set("Info", info.clone());
    }
    let Some(standin) = cut_to(&mut doc, standin, first_id) else {
        return Err(format!("cannot read volume {}", k + 1));
    };
    let ids = |key: &[u8]| -> Vec<ObjectId> {
        standin
            .get(key)
            .and_then(Object::as_array)
            .map(|a| a.iter().filter_map(|o| o.as_reference().ok()).collect())
            .unwrap_or_default()
    };
    let values = |key: &[u8]| -> Vec<Object> {
        standin
            .get(key)
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let nums = nums
        .into_iter()
        .map(|(n, _)| n)
        .zip(values(b"Nums"))
        .collect();
    let names = names
        .into_iter()
        .map(|(n, _)| n)
        .zip(values(b"Names"))
        .collect();
    Ok(Grafted {
        pages: ids(b"Kids"),
        tops: ids(b"Tops"),
        nums,
        next_key,
        names,
        role_map: standin
            .get(b"RoleMap")
            .and_then(Object::as_dict)
            .cloned()
            .unwrap_or_default(),
        catalog: standin
            .get(b"Kept")
            .and_then(Object::as_dict)
            .cloned()
            .unwrap_or_default(),
        info: standin.get(b"Info").ok().cloned(),
        file_id,
        max_id: doc.max_id,
        objects: doc.objects,
    })
}

/// The kids of a tag element as entries another element can hold: a bare
/// marked-content number, or a reference to content without a page, gets
/// the element's page.
fn adopted(element: &Dictionary) -> Vec<Object> {
    let page = element.get(b"Pg").ok().cloned();
    let kids = match element.get(b"K") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(o) => vec![o.clone()],
        Err(_) => Vec::new(),
    };
    kids.into_iter()
        .map(|kid| match (kid, &page) {
            (Object::Integer(n), Some(page)) => Object::Dictionary(dictionary! {
                "Type" => "MCR",
                "Pg" => page.clone(),
                "MCID" => n,
            }),
            (Object::Dictionary(mut d), Some(page)) if !d.has(b"Pg") => {
                d.set("Pg", page.clone());
                Object::Dictionary(d)
            }
            (kid, _) => kid,
        })
        .collect()
}

/// Writes a number tree (`Nums`) or name tree (`Names`) of `entries`, in
/// order, as leaves under one root; the root's id.
fn write_tree(
    out: &mut Out<'_>,
    next_id: &mut u32,
    key: &str,
    entries: Vec<(Object, Object)>,
) -> Result<ObjectId, String> {
    let take = |next_id: &mut u32| {
        let id = (*next_id, 0);
        *next_id += 1;
        id
    };
    let root = take(next_id);
    if entries.len() <= TREE_LEAF {
        let flat: Vec<Object> = entries.into_iter().flat_map(|(k, v)| [k, v]).collect();
        let mut d = Dictionary::new();
        d.set(key, flat);
        out.object(root, &Object::Dictionary(d))?;
        return Ok(root);
    }
    let mut kids = Vec::new();
    let mut entries = entries.into_iter().peekable();
    while entries.peek().is_some() {
        let leaf: Vec<(Object, Object)> = entries.by_ref().take(TREE_LEAF).collect();
        let limits = vec![leaf[0].0.clone(), leaf[leaf.len() - 1].0.clone()];
        let id = take(next_id);
        let mut d = dictionary! { "Limits" => limits };
        d.set(
            key,
            leaf.into_iter()
                .flat_map(|(k, v)| [k, v])
                .collect::<Vec<_>>(),
        );
        out.object(id, &Object::Dictionary(d))?;
        kids.push(Object::Reference(id));
    }
    out.object(root, &Object::Dictionary(dictionary! { "Kids" => kids }))?;
    Ok(root)
}

/// Sets the page count of XMP metadata (`xmpTPg:NPages`).
fn set_page_count(metadata: &mut Object, pages: usize) {
    let Object::Stream(stream) = metadata else {
        return;
    };
    let Ok(xml) = stream.decompressed_content() else {
        return;
    };
    let Ok(mut xml) = String::from_utf8(xml) else {
        return;
    };
    const OPEN: &str = "<xmpTPg:NPages>";
    if let Some(start) = xml.find(OPEN).map(|i| i + OPEN.len())
        && let Some(len) = xml[start..].find('<')
    {
        xml.replace_range(start..start + len, &pages.to_string());
        stream.set_plain_content(xml.into_bytes());
    }
}

/// Joins the volumes of one document, typeset apart ([`super::minutes`]),
/// into one tagged PDF/A file of `pages` pages, written to `target` as it
/// goes. Pages follow one another. Each volume's tag tree is grafted under
/// the first volume's document element: its parent-tree keys shifted after
/// the previous volume's, its element identifiers prefixed with its number.
/// The catalog (language, output intent, XMP metadata, its page count set),
/// the document information and the file identifier are the first volume's.
pub fn join(
    volumes: impl IntoIterator<Item = Result<Vec<u8>, String>>,
    pages: usize,
    target: &mut dyn std::io::Write,
) -> Result<(), String> {
    let mut out = Out::start(target)?;
    let pages_id: ObjectId = (1, 0);
    let tree_id: ObjectId = (2, 0);
    let mut next_id = 3;
    let mut kids: Vec<Object> = Vec::new();
    // The first volume's document element, written last with every
    // volume's elements under it.
    let mut document: Option<(ObjectId, Dictionary)> = None;
    let mut tops: Vec<Object> = Vec::new();
    let mut nums: Vec<(Object, Object)> = Vec::new();
    let mut names: Vec<(Vec<u8>, Object)> = Vec::new();
    let mut role_map = Dictionary::new();
    let mut first: Option<(Dictionary, Option<Object>, Option<Object>)> = None;
    let mut base = 0;
    for (k, pdf) in volumes.into_iter().enumerate() {
        let mut v = graft(&pdf?, k, base, next_id)?;
        next_id = v.max_id + 1;
        base = v.next_key;
        let single = v.tops.len() == 1;
        match (&mut document, single) {
            (None, true) if k == 0 => {
                let id = v.tops[0];
                let Some(Object::Dictionary(d)) = v.objects.remove(&id) else {
                    return Err(format!(
                        "volume 1: its tag tree's root {id:?} is not an element"
                    ));
                };
                document = Some((id, d));
            }
            (Some((into, d)), true) => {
                let own = v.tops[0];
                let Some(Object::Dictionary(element)) = v.objects.remove(&own) else {
                    return Err(format!(
                        "volume {}: its tag tree's root {own:?} is not an element",
                        k + 1
                    ));
                };
                let mut all = adopted(d);
                all.extend(adopted(&element));
                d.set("K", all);
                let same = HashMap::from([(own, *into)]);
                v.objects.values_mut().for_each(|o| redirect(o, &same));
                v.nums.iter_mut().for_each(|(_, o)| redirect(o, &same));
                v.names.iter_mut().for_each(|(_, o)| redirect(o, &same));
            }
            _ => {
                for top in &v.tops {
                    if let Some(Object::Dictionary(d)) = v.objects.get_mut(top) {
                        d.set("P", tree_id);
                        tops.push(Object::Reference(*top));
                    }
                }
            }
        }
        if k == 0 {
            if let Ok(metadata) = v.catalog.get(b"Metadata").and_then(Object::as_reference)
                && let Some(stream) = v.objects.get_mut(&metadata)
            {
                set_page_count(stream, pages);
            }
            first = Some((
                std::mem::take(&mut v.catalog),
                v.info.take(),
                v.file_id.take(),
            ));
        }
        kids.extend(v.pages.iter().map(|p| Object::Reference(*p)));
        for (id, mut object) in v.objects {
            if v.pages.contains(&id)
                && let Object::Dictionary(d) = &mut object
            {
                d.set("Parent", pages_id);
            }
            out.object(id, &object)?;
        }
        nums.extend(v.nums.into_iter().map(|(n, o)| (Object::Integer(n), o)));
        names.extend(v.names);
        for (key, value) in v.role_map {
            role_map.set(key, value);
        }
    }
    let Some((catalog, info, file_id)) = first else {
        return Err("no volume to join".into());
    };
    // The footers and the XMP say `pages`: the volumes must have as many.
    if kids.len() != pages {
        return Err(format!(
            "the volumes have {} pages where their first layout gave {pages}",
            kids.len()
        ));
    }
    if let Some((id, mut d)) = document {
        d.set("P", tree_id);
        out.object(id, &Object::Dictionary(d))?;
        tops.insert(0, Object::Reference(id));
    }
    let count = kids.len() as i64;
    out.object(
        pages_id,
        &Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    )?;
    let parents = write_tree(&mut out, &mut next_id, "Nums", nums)?;
    let mut tree = dictionary! {
        "Type" => "StructTreeRoot",
        "K" => tops,
        "ParentTree" => parents,
        "ParentTreeNextKey" => base,
    };
    if !names.is_empty() {
        names.sort_by(|a, b| a.0.cmp(&b.0));
        let names = names
            .into_iter()
            .map(|(n, v)| (Object::string_literal(n), v))
            .collect();
        tree.set(
            "IDTree",
            write_tree(&mut out, &mut next_id, "Names", names)?,
        );
    }
    if !role_map.is_empty() {
        tree.set("RoleMap", role_map);
    }
    out.object(tree_id, &Object::Dictionary(tree))?;
    let catalog_id: ObjectId = (next_id, 0);
    let mut root = dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
        "StructTreeRoot" => tree_id,
    };
    for (key, value) in catalog {
        root.set(key, value);
    }
    out.object(catalog_id, &Object::Dictionary(root))?;
    let mut trailer = dictionary! { "Root" => catalog_id };
    let mut size = catalog_id.0 + 1;
    match info {
        Some(Object::Reference(id)) => trailer.set("Info", id),
        Some(info) => {
            out.object((size, 0), &info)?;
            trailer.set("Info", (size, 0));
            size += 1;
        }
        None => {}
    }
    if let Some(file_id) = file_id {
        trailer.set("ID", file_id);
    }
    out.finish(size, trailer)
}
