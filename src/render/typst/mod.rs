//! Typst, embedded: compiling a world and exporting it as PDF/A-2b, tagged,
//! dated and identified from the document's business key; Typst's errors
//! gathered into one message with the line they point at.

pub mod world;

use typst::WorldExt;
use typst::diag::Severity as TypstSeverity;
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::Meta;
use super::error::{Kind, RenderError};
use world::DocWorld;

/// Typst's errors as a [`RenderError`] of `template`, at the failing line
/// of the main source, as typst saw it.
fn failure(
    world: &DocWorld<'_>,
    template: &str,
    diags: &[typst::diag::SourceDiagnostic],
) -> RenderError {
    let (message, first) = errors(world, diags);
    let kind = if message.contains("could not be displayed with font") {
        Kind::Font
    } else {
        Kind::Typst
    };
    RenderError {
        kind,
        template: template.into(),
        message,
        at: first.map(|(line, text, column)| (line, column as u32, text)),
    }
}

/// Lays a world out into pages, without exporting them.
pub fn layout(world: &DocWorld<'_>, template: &str) -> Result<PagedDocument, RenderError> {
    typst::compile::<PagedDocument>(world)
        .output
        .map_err(|diags| failure(world, template, &diags))
}

/// Compiles and exports a world. The error's `at` is the failing line of
/// the main source, as typst saw it.
pub fn export(
    world: &DocWorld<'_>,
    template: &str,
    meta: Option<&Meta>,
    ident: &str,
    date: Datetime,
) -> Result<Vec<u8>, RenderError> {
    let mut doc = layout(world, template)?;
    if let Some(meta) = meta {
        let info = doc.info_mut();
        info.title = Some(meta.title.as_str().into());
        info.author = vec![meta.author.as_str().into()];
        info.description = Some(meta.description.as_str().into());
        info.keywords = meta.keywords.iter().map(|k| k.as_str().into()).collect();
    }
    let standards = PdfStandards::new(&[PdfStandard::A_2b])
        .map_err(|e| RenderError::new(Kind::Typst, template, format!("{e:?}")))?;
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        creator: Smart::Custom(Some("maquette".to_string())),
        timestamp: Some(Timestamp::new_utc(date)),
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    };
    typst_pdf::pdf(&doc, &options).map_err(|diags| failure(world, template, &diags))
}

/// Typst's errors as one message, and the line number, line text and column
/// of the first one in the main source (for tracing it back to the template).
pub fn errors(
    world: &DocWorld<'_>,
    diags: &[typst::diag::SourceDiagnostic],
) -> (String, Option<(u32, String, usize)>) {
    let source = world.source_text();
    let mut out = Vec::new();
    let mut first = None;
    for d in diags.iter().filter(|d| d.severity == TypstSeverity::Error) {
        let mut line = format!("Typst: {}", d.message);
        if let Some(range) = world.range(d.span)
            && let Some((l, c)) = source.lines().byte_to_line_column(range.start)
        {
            let text = source.text().lines().nth(l).unwrap_or("");
            if first.is_none() {
                first = Some((l as u32 + 1, text.to_string(), c + 1));
            }
            if world.has_data() {
                line.push_str(&format!(" (line {})", l + 1));
            } else {
                line.push_str(&format!(" (generated line {}: {})", l + 1, text.trim()));
            }
        }
        for h in &d.hints {
            line.push_str(&format!("; hint: {}", h.v));
        }
        out.push(line);
    }
    let more = out.len().saturating_sub(3);
    out.truncate(3);
    if more > 0 {
        out.push(format!(
            "(and {more} more Typst error{})",
            if more == 1 { "" } else { "s" }
        ));
    }
    (out.join("\n"), first)
}
