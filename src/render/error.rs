//! A failure to render one document: which template, what went wrong and,
//! when Typst said where, the template line at fault; the help comes from
//! the failure's [`Kind`].

use crate::diag::emit::{self, Place, Report};
use crate::model::source::Loc;

/// What kind of failure: it says what to do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The template does not render (unknown variable, syntax, missing).
    Template,
    /// The Typst it produced, or a plain Typst template, does not compile.
    Typst,
    /// A character of the data has no glyph in the embedded fonts.
    Font,
    /// A fault inside typst or maquette (a panic), not in the user's files.
    Crashed,
    /// The PDF could not be written, or read back for merging.
    Write,
    /// The merged relevés are not made: some relevés failed.
    NotMerged,
}

/// How the message of a document whose rendering crashed begins.
const CRASHED: &str = "the rendering stopped on an internal error";

/// A failure to render one document.
#[derive(Debug, Clone)]
pub struct RenderError {
    /// What kind of failure.
    pub kind: Kind,
    /// The template the source came from.
    pub template: String,
    /// What went wrong, with the generated line when Typst reported one.
    pub message: String,
    /// Where in the template, when it could be traced back: line, column, text.
    pub at: Option<(u32, u32, String)>,
}

impl RenderError {
    /// A failure with no position in the template.
    pub fn new(kind: Kind, template: &str, message: impl Into<String>) -> RenderError {
        RenderError {
            kind,
            template: template.into(),
            message: message.into(),
            at: None,
        }
    }

    /// A document that could not be written (or, once a build is stopped,
    /// was refused: `stopped: …`).
    pub fn unwritten(template: &str, e: &std::io::Error) -> RenderError {
        RenderError::new(Kind::Write, template, format!("cannot write the file: {e}"))
    }

    /// Runs one document's rendering; a panic inside it (a fault in typst or
    /// in maquette, never a mistake in the user's files) becomes that
    /// document's error, so that the other documents are still built.
    pub fn guard<T>(
        template: &str,
        render: impl FnOnce() -> Result<T, RenderError>,
    ) -> Result<T, RenderError> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(render)).unwrap_or_else(|payload| {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".to_string());
            Err(RenderError::new(
                Kind::Crashed,
                template,
                format!("{CRASHED}: {what}"),
            ))
        })
    }

    /// The failure as the validator shows its findings: position, line, caret.
    pub fn render_human(&self) -> String {
        let path = format!("templates/{}", self.template);
        let (primary, places) = match &self.at {
            Some((line, column, text)) => {
                let loc = Loc::at(*line, *column);
                let place = Place {
                    loc,
                    line: Some(text),
                    note: "",
                    mark: '^',
                };
                (Some(loc), vec![place])
            }
            None => (None, Vec::new()),
        };
        emit::human(&Report {
            severity: "error",
            id: "template",
            message: &self.message,
            path: &path,
            primary,
            places,
            why: None,
            help: self.help(),
        })
    }

    /// What to do about it.
    fn help(&self) -> &'static str {
        match self.kind {
            Kind::Crashed => {
                "this is a fault in typst or in maquette, not in your files; the other documents were built: please report it with the file that was being built and this message"
            }
            Kind::Font => {
                "a character of the data (a name, a title…) has a script that none of the fonts in fonts/ covers, and an archival PDF may not show a blank box instead; write it as on the official record, or add a font that covers it (fonts/README.md)"
            }
            Kind::Write => "check that the output folder is writable and not full",
            Kind::NotMerged => {
                "correct the relevés that failed; the merged file is made when all of them are"
            }
            Kind::Template | Kind::Typst if self.template.ends_with(".typ") => {
                "the template is not valid Typst; correct it (or remove its override in templates/)"
            }
            Kind::Template | Kind::Typst => {
                "the template produced Typst that does not compile; correct the template (or remove its override in templates/)"
            }
        }
    }
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.at {
            Some((line, column, _)) => write!(
                f,
                "templates/{}:{line}:{column}: {}",
                self.template, self.message
            ),
            None => write!(f, "template {}: {}", self.template, self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crash_while_rendering_becomes_that_documents_error() {
        let err = RenderError::guard("releve.typ", || -> Result<(), RenderError> {
            panic!("index out of bounds: the len is 3 but the index is 7")
        })
        .unwrap_err();
        assert_eq!(err.template, "releve.typ");
        assert!(err.message.starts_with(CRASHED), "{}", err.message);
        assert!(err.message.ends_with("the len is 3 but the index is 7"));
        let shown = err.render_human();
        assert!(shown.contains("not in your files"), "{shown}");
        assert!(shown.contains("the other documents were built"), "{shown}");
    }

    #[test]
    fn a_render_that_does_not_crash_passes_through_the_guard_unchanged() {
        assert_eq!(RenderError::guard("booklet.typ.j2", || Ok(7)).unwrap(), 7);
        let err = RenderError::guard("booklet.typ.j2", || -> Result<(), RenderError> {
            Err(RenderError::new(
                Kind::Template,
                "booklet.typ.j2",
                "unknown variable: x",
            ))
        })
        .unwrap_err();
        assert_eq!(err.message, "unknown variable: x");
        assert!(!err.render_human().contains("not in your files"));
    }
}
