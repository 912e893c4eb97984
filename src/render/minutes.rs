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
use super::{Kind, Meta, RenderError, Renderer};

/// The most students in one volume of the minutes (about four pages):
/// about 25 MB of typst's memory. Twice as many rows took 50 MB more at
/// the peak of a 5,000-student build for a file 8 % smaller (BENCHMARKS.md).
pub const VOLUME_ROWS: usize = 100;

/// The label of each row in the minutes' template.
const ROW: &str = "ligne";

/// The minutes of a cohort, to typeset.
pub struct Minutes<'a> {
    pub renderer: &'a Renderer,
    pub template: &'a str,
    pub view: &'a MinutesView,
    pub meta: &'a Meta,
    pub ident: &'a str,
    pub date: Datetime,
}

/// The minutes typeset at once, or cut into volumes still to typeset.
pub enum Typeset {
    Whole(Vec<u8>),
    Volumes(Vec<Planned>),
}

impl Minutes<'_> {
    /// Typesets the minutes at once if they have at most `per_volume` rows;
    /// else cuts them into volumes of at most `per_volume` rows, each ending
    /// at the foot of a page (nothing is written yet).
    pub fn typeset(&self, per_volume: usize) -> Result<Typeset, RenderError> {
        let per_volume = per_volume.max(1);
        if self.view.lignes.len() <= per_volume {
            let whole = self.view.whole();
            let pdf = (self.renderer).data_document(
                self.template,
                &whole,
                self.meta,
                self.ident,
                self.date,
            )?;
            return Ok(Typeset::Whole(pdf));
        }
        paginate(self.renderer, self.template, self.view, per_volume).map(Typeset::Volumes)
    }

    /// Writes the minutes to `out`, typesetting the volumes one after the
    /// other and joining each as it comes. Before each volume, `go_on` may
    /// refuse (a stopped build, Ctrl-C): its refusal is then the error.
    pub fn write(
        &self,
        typeset: &Typeset,
        out: &mut dyn std::io::Write,
        go_on: &dyn Fn() -> std::io::Result<()>,
    ) -> Result<(), RenderError> {
        let volumes = match typeset {
            Typeset::Whole(pdf) => {
                return out
                    .write_all(pdf)
                    .map_err(|e| RenderError::unwritten(self.template, &e));
            }
            Typeset::Volumes(volumes) => volumes,
        };
        let n = self.view.lignes.len();
        let pages: usize = volumes.iter().map(|v| v.pages).sum();
        let mut first_page = 1;
        // A volume that fails to typeset stops the join; its error is the error.
        let mut failed = None;
        let parts = volumes.iter().enumerate().map(|(k, v)| {
            if let Err(refused) = go_on() {
                let e = RenderError::unwritten(self.template, &refused);
                let message = e.message.clone();
                failed = Some(e);
                return Err(message);
            }
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
                0 => self.ident.to_string(),
                _ => format!("{}/{k}", self.ident),
            };
            let pdf = self.renderer.data_document(
                self.template,
                &self.view.part(v.rows.clone(), volume),
                self.meta,
                &ident,
                self.date,
            );
            self.renderer.evict_cache(super::TRIM_AGE);
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
                    Kind::Write,
                    self.template,
                    format!("cannot join the volumes: {e}"),
                )
            }),
        }
    }
}

/// A volume of the minutes: its rows and how many pages they fill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
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
    let mut size = per_volume;
    while start < n {
        let end = (start + size).min(n);
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
        if rows.len() != end - start {
            return Err(RenderError::new(
                Kind::Template,
                template,
                format!(
                    "{} of the {} rows typeset carry the label <{ROW}>: a cohort of more \
                     than {VOLUME_ROWS} students has its minutes typeset in volumes, and \
                     the template must label each row as the embedded one does \
                     (`table.cell(breakable: false)[#l.numero#metadata(none)<{ROW}>]`)",
                    rows.len(),
                    end - start
                ),
            ));
        }
        if end == n {
            volumes.push(Planned {
                rows: start..end,
                pages,
            });
            break;
        }
        // The rows before the last page, which is not full. When they all
        // fit on one page, the volume is laid out again, twice as long.
        let kept = rows.iter().take_while(|&&p| p < pages).count();
        if kept == 0 {
            size *= 2;
            continue;
        }
        volumes.push(Planned {
            rows: start..start + kept,
            pages: pages - 1,
        });
        start += kept;
        size = per_volume;
    }
    Ok(volumes)
}
