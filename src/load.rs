//! Loading: a file on disk → parsed, lowered curriculum, or diagnostics.
//!
//! Never panics on bad input: unreadable bytes, invalid YAML, wrong types,
//! unknown keys and alias bombs all become positioned `yaml` diagnostics.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::lower;
use crate::model::Curriculum;
use crate::raw::RawCurriculum;
use crate::rules::data::YAML;
use crate::source::{Loc, SourceFile};

/// Largest file we read, in bytes: a curriculum is a few hundred kilobytes.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// A file read and, when it parsed, lowered.
#[derive(Debug)]
pub struct Loaded {
    /// The file as read (its text may be empty when it was not text).
    pub file: SourceFile,
    /// The model, when the file parsed.
    pub curriculum: Option<Curriculum>,
    /// Findings from reading and lowering (rules not yet run).
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a file. Fails only when the file cannot be read at all (exit code 2).
pub fn read(path: &Path) -> std::io::Result<Loaded> {
    let meta = std::fs::metadata(path)?;
    if meta.len() > MAX_FILE_BYTES {
        let file = SourceFile::new(path, "");
        let d = Diagnostic::new(
            &YAML,
            None,
            format!(
                "the file is {} MB; a curriculum is far smaller (at most {} MB are read)",
                meta.len() / 1_000_000,
                MAX_FILE_BYTES / 1_000_000
            ),
        )
        .help("check that this is the curriculum file you meant");
        return Ok(Loaded {
            file,
            curriculum: None,
            diagnostics: vec![d],
        });
    }
    let bytes = std::fs::read(path)?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(parse(SourceFile::new(path, text))),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            let column = valid.iter().rev().take_while(|&&b| b != b'\n').count() as u32 + 1;
            let file = SourceFile::new(path, String::from_utf8_lossy(e.as_bytes()).into_owned());
            let d = Diagnostic::new(
                &YAML,
                Loc::at(line, column),
                "the file is not UTF-8 text (is it a binary or an office document?)",
            )
            .help("save the curriculum as plain UTF-8 text (.yaml)");
            Ok(Loaded {
                file,
                curriculum: None,
                diagnostics: vec![d],
            })
        }
    }
}

/// Parses and lowers a file already in memory.
pub fn parse(file: SourceFile) -> Loaded {
    let mut diagnostics = Vec::new();
    if file.text.trim().is_empty() {
        diagnostics.push(
            Diagnostic::new(&YAML, None, "the file is empty")
                .help("start from the example in README.md (a curriculum has at least `formation:` and `semestres:`)"),
        );
        return Loaded {
            file,
            curriculum: None,
            diagnostics,
        };
    }
    let mut options = serde_saphyr::Options::default();
    // We print the source line ourselves, in the same style for every finding.
    options.with_snippet = false;
    match serde_saphyr::from_str_with_options::<RawCurriculum>(&file.text, options) {
        Ok(raw) => {
            let base = file.path.parent().unwrap_or(Path::new("."));
            let curriculum = lower::lower(&raw, base, &mut diagnostics);
            Loaded {
                file,
                curriculum: Some(curriculum),
                diagnostics,
            }
        }
        Err(e) => {
            diagnostics.push(yaml_error(&e));
            Loaded {
                file,
                curriculum: None,
                diagnostics,
            }
        }
    }
}

/// A serde-saphyr error as a diagnostic at its position.
pub fn yaml_error(e: &serde_saphyr::Error) -> Diagnostic {
    let loc = e.location().map(Loc::from_saphyr).filter(|l| l.line > 0);
    let mut message = e.to_string();
    // The position is shown by the diagnostic itself.
    if let Some(i) = message.find(" at line ") {
        message.truncate(i);
    }
    // serde speaks of fields; our users write keys.
    let message = message
        .replace("unknown field", "unknown key")
        .replace(", expected one of ", "; the keys allowed here are: ")
        .replace("missing field", "missing key");
    let mut d = Diagnostic::new(&YAML, loc, message.clone());
    if message.contains("mapping values are not allowed") {
        d = d.help("a text that contains “: ” (a colon and a space) must be written between quotes: nom: \"Réseaux : bases\"");
    }
    d
}
