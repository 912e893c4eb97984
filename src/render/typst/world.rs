//! The Typst world: fonts, the standard library and a fixed date, loaded once
//! per process ([`Engine`]); and the one document being compiled ([`DocWorld`]).
//!
//! Fonts are the files of `fonts/`, embedded in the binary; no system font is
//! read, no file outside the document is readable, packages are refused.
//! `datetime.today()` returns the engine's fixed date, so the same sources give
//! the same PDF. A document may carry data, read by its template as
//! `json("/data.json")`: values handed over that way are never markup.

use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The font files, in a fixed order.
const FONTS: &[&[u8]] = &[
    include_bytes!("../../../fonts/LibertinusSerif-Regular.otf"),
    include_bytes!("../../../fonts/LibertinusSerif-Bold.otf"),
    include_bytes!("../../../fonts/LibertinusSerif-Italic.otf"),
    include_bytes!("../../../fonts/LibertinusSerif-BoldItalic.otf"),
    include_bytes!("../../../fonts/DejaVuSans.ttf"),
    include_bytes!("../../../fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("../../../fonts/DroidSansFallback.ttf"),
];

/// A character of the data that no embedded font can print.
pub static MISSING_GLYPH: crate::diag::Rule = crate::diag::Rule {
    id: "missing-glyph",
    severity: crate::diag::Severity::Warning,
    why: "an archival PDF (PDF/A) prints each character with a font it embeds; a character none of them has would be an empty box, so it is printed as �",
    source: "PDF/A (ISO 19005-2), fonts embedded",
    fix: "write the name as on the official record (an emoji or a rare symbol is not), or add a font that has the character to fonts/",
};

/// The embedded fonts, read once (for glyph coverage).
fn fonts() -> &'static [Font] {
    static FONTS_READ: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS_READ.get_or_init(|| {
        FONTS
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect()
    })
}

/// True when one of the embedded fonts can draw `c` (spaces and line
/// breaks need no glyph).
pub fn has_glyph(c: char) -> bool {
    // Printable ASCII is in every text font: the common case costs nothing.
    (c.is_ascii() && !c.is_ascii_control())
        || c.is_whitespace()
        || fonts().iter().any(|f| f.info().coverage.contains(c as u32))
}

/// The characters of `text` that no embedded font can draw, once each.
pub fn missing_glyphs(text: &str) -> Vec<char> {
    let mut out: Vec<char> = text
        .chars()
        .filter(|&c| !c.is_control() && !has_glyph(c))
        .collect();
    out.dedup();
    out
}

/// Longest text a field of a relevé or of the minutes prints.
pub const LONGEST_PRINTED: usize = 300;

/// `text` as a PDF/A document can hold it: control characters dropped, a
/// character no embedded font draws shown as `�`, at most
/// [`LONGEST_PRINTED`] characters. `check` warns about each of these; the
/// document is still made.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let fine = text.chars().count() <= LONGEST_PRINTED
        && text.chars().all(|c| !c.is_control() && has_glyph(c));
    if fine {
        return text.into();
    }
    let mut out: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .map(|c| if has_glyph(c) { c } else { '\u{FFFD}' })
        .take(LONGEST_PRINTED)
        .collect();
    if text.chars().count() > LONGEST_PRINTED {
        out.push('…');
    }
    out.into()
}

/// Every string of a document's data made [`printable`].
pub fn printable_value(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) => {
            if let std::borrow::Cow::Owned(p) = printable(s) {
                *s = p;
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(printable_value),
        serde_json::Value::Object(o) => o.values_mut().for_each(printable_value),
        _ => {}
    }
}

/// What every document shares: the library, the fonts, the date.
pub struct Engine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    today: Datetime,
}

impl Engine {
    /// Loads the fonts and builds the library, for documents dated `today`.
    pub fn new(today: Datetime) -> Engine {
        let fonts: Vec<Font> = fonts().to_vec();
        Engine {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            today,
        }
    }

    /// The date documents carry.
    pub fn today(&self) -> Datetime {
        self.today
    }
}

/// A fixed virtual path. File ids are interned for the life of the process,
/// so documents share these two rather than taking new ones.
fn virtual_id(cell: &'static OnceLock<FileId>, path: &str) -> FileId {
    *cell.get_or_init(|| {
        let path = VirtualPath::new(path).expect("a valid virtual path");
        FileId::new(RootedPath::new(VirtualRoot::Project, path))
    })
}

/// The path of the main source of every document.
pub fn main_id() -> FileId {
    static ID: OnceLock<FileId> = OnceLock::new();
    virtual_id(&ID, "/main.typ")
}

/// The path of a document's data (`json("/data.json")` in its template).
fn data_id() -> FileId {
    static ID: OnceLock<FileId> = OnceLock::new();
    virtual_id(&ID, "/data.json")
}

/// One document: its main source, its data, and the engine it borrows.
pub struct DocWorld<'a> {
    engine: &'a Engine,
    main: Source,
    data: Option<Bytes>,
}

impl<'a> DocWorld<'a> {
    /// A document whose main source is `text`.
    pub fn new(engine: &'a Engine, text: String) -> DocWorld<'a> {
        DocWorld {
            engine,
            main: Source::new(main_id(), text),
            data: None,
        }
    }

    /// A document made of a fixed template (`main`, shared between documents
    /// so typst's cache serves its parsing and layout rules to all of them)
    /// and its own data, served as `/data.json`.
    pub fn with_data(engine: &'a Engine, main: Source, data: Vec<u8>) -> DocWorld<'a> {
        DocWorld {
            engine,
            main,
            data: Some(Bytes::new(data)),
        }
    }

    /// True when the main source is a plain template read with its data
    /// (its lines are the template's own, not generated ones).
    pub fn has_data(&self) -> bool {
        self.data.is_some()
    }

    /// The main source.
    pub fn source_text(&self) -> &Source {
        &self.main
    }
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else if id == data_id()
            && let Some(data) = &self.data
        {
            Ok(data.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.engine.today)
    }
}
