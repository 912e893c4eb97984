//! The jury's minutes of a large cohort, typeset in volumes.
//!
//! Typst holds a whole document's layout until it is exported: about a
//! quarter of a megabyte per row of the minutes, so 20,000 students would
//! need gigabytes. A cohort of more than [`VOLUME_ROWS`] students is
//! therefore typeset a volume of rows at a time, each volume a compilation
//! of its own whose memory is given back before the next, and the volumes
//! are joined into one tagged PDF/A file ([`super::merge::join`]).
//!
//! The file reads as if it had been typeset at once. Each volume but the
//! last ends at the foot of a full page: a first layout of the next rows
//! tells on which page each row falls, and the rows of its last page, which
//! is not full, are left to the next volume; a volume starts on a new page,
//! its table header first, as the repeated header does. The second and final
//! layout knows where its pages fall in the whole (page x / y), where its
//! rows fall (the rows' stripes) and whether it opens or closes the minutes.

use typst::foundations::Datetime;

use super::merge;
use super::views::{MinutesView, Volume};
use super::{Meta, RenderError, Renderer};

/// The most students in one volume of the minutes (about seven pages):
/// about 50 MB of typst's memory.
pub const VOLUME_ROWS: usize = 200;

/// The label of each row in the minutes' template.
const ROW: &str = "ligne";

/// The minutes, as one PDF written to `out` a volume at a time, typeset in
/// volumes of at most `per_volume` rows.
#[allow(clippy::too_many_arguments)]
pub fn minutes(
    renderer: &Renderer,
    template: &str,
    view: &MinutesView,
    meta: &Meta,
    ident: &str,
    date: Datetime,
    per_volume: usize,
    out: &mut dyn std::io::Write,
) -> Result<(), RenderError> {
    let n = view.lignes.len();
    if n <= per_volume.max(1) {
        let pdf = renderer.data_document(template, &view.whole(), meta, ident, date)?;
        return out.write_all(&pdf).map_err(|e| {
            RenderError::new(
                super::Kind::Write,
                template,
                format!("cannot write the file: {e}"),
            )
        });
    }
    let volumes = paginate(renderer, template, view, per_volume.max(1))?;
    let pages: usize = volumes.iter().map(|v| v.pages).sum();
    let mut first_page = 1;
    // A volume that fails to typeset stops the join; its error is the error.
    let mut failed = None;
    let parts = volumes.iter().enumerate().map(|(k, v)| {
        let volume = Volume {
            debut: k == 0,
            fin: v.rows.end == n,
            premiere_ligne: v.rows.start,
            premiere_page: first_page,
            pages: Some(pages),
            etudiants: n,
        };
        first_page += v.pages;
        // The joined file keeps the first volume's identifier: the document's.
        let ident = match k {
            0 => ident.to_string(),
            _ => format!("{ident}/{k}"),
        };
        let pdf = renderer.data_document(
            template,
            &view.part(v.rows.clone(), volume),
            meta,
            &ident,
            date,
        );
        renderer.evict_cache(super::TRIM_AGE);
        pdf.map_err(|e| {
            let message = e.message.clone();
            failed = Some(e);
            message
        })
    });
    let joined = merge::join(parts, pages, out);
    match failed {
        Some(e) => Err(e),
        None => joined.map_err(|e| {
            RenderError::new(
                super::Kind::Write,
                template,
                format!("cannot join the volumes: {e}"),
            )
        }),
    }
}

/// A volume of the minutes: its rows and how many pages they fill.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Planned {
    rows: std::ops::Range<usize>,
    pages: usize,
}

/// Cuts the minutes into volumes that end at the foot of a page, by laying
/// out `per_volume` rows at a time and keeping those before its last page.
fn paginate(
    renderer: &Renderer,
    template: &str,
    view: &MinutesView,
    per_volume: usize,
) -> Result<Vec<Planned>, RenderError> {
    let n = view.lignes.len();
    let mut volumes = Vec::new();
    let mut start = 0;
    while start < n {
        let end = (start + per_volume).min(n);
        let volume = Volume {
            debut: start == 0,
            fin: end == n,
            premiere_ligne: start,
            premiere_page: 1,
            pages: Some(0),
            etudiants: n,
        };
        let (pages, rows) = renderer.data_pages(template, &view.part(start..end, volume), ROW)?;
        renderer.evict_cache(super::TRIM_AGE);
        if end == n {
            volumes.push(Planned {
                rows: start..end,
                pages,
            });
            break;
        }
        // The rows before the last page; if the volume's rows fill one page
        // only, the volume keeps them all.
        let kept = rows.iter().take_while(|&&p| p < pages).count();
        let (end, pages) = if kept == 0 {
            (end, pages)
        } else {
            (start + kept, pages - 1)
        };
        volumes.push(Planned {
            rows: start..end,
            pages,
        });
        start = end;
    }
    Ok(volumes)
}
