//! Loading: files on disk → the model, or positioned findings.
//!
//! [`discover`] lists the files under the paths given; [`read_source`] reads
//! one; [`raw`] mirrors the YAML exactly (curriculum and cohort); [`lower`]
//! resolves references into the model; [`referentiel`] reads an ORéBUT
//! competence framework. The rules whose findings come from reading are in
//! [`findings`].
//!
//! Never panics on bad input: unreadable bytes, invalid YAML, wrong types,
//! unknown keys and alias bombs all become positioned `yaml` diagnostics.
//! Imports nothing of the crate but [`crate::diag`] and [`crate::model`].

pub mod discover;
pub mod findings;
pub mod formation;
pub mod lower;
pub mod raw;
pub mod referentiel;
pub mod text;
pub mod to_fill;
pub mod xml;

use std::path::Path;

use crate::diag::{Diagnostic, FileFindings};
use crate::model::Curriculum;
use crate::model::source::{Loc, SourceFile};
use findings::YAML;
use raw::curriculum::RawCurriculum;

/// Largest file we read, in bytes: a curriculum is a few hundred kilobytes,
/// a cohort of 20,000 students with 50 grades a semester some 30 MB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A file read and, when it parsed, lowered: its findings (with the file as
/// read) and its curriculum.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The file as read (its text may be empty when it was not text), and
    /// every finding about it.
    pub findings: FileFindings,
    /// The model, when the file parsed.
    pub curriculum: Option<Curriculum>,
}

impl FileReport {
    /// A report of `file` with these findings and no model.
    pub fn unreadable(file: SourceFile, diagnostics: Vec<Diagnostic>) -> FileReport {
        FileReport {
            findings: FileFindings { file, diagnostics },
            curriculum: None,
        }
    }
}

/// A report reads as its findings: `report.file`, `report.diagnostics`,
/// `report.count(…)`.
impl std::ops::Deref for FileReport {
    type Target = FileFindings;
    fn deref(&self) -> &FileFindings {
        &self.findings
    }
}

impl std::ops::DerefMut for FileReport {
    fn deref_mut(&mut self) -> &mut FileFindings {
        &mut self.findings
    }
}

/// The options every YAML file is read with.
pub fn yaml_options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    // We print the source line ourselves, in the same style for every finding.
    options.with_snippet = false;
    // `!include` and other tags would otherwise be read as plain text.
    options.reject_unsupported_tags = true;
    // Room for the largest real cohorts (20,000 students of 100 grades are
    // some 2.5 million values); the alias, depth and anchor limits that stop
    // alias bombs and deep nesting stay the library's.
    let mut budget = serde_saphyr::budget::Budget::default();
    budget.max_nodes = MAX_VALUES;
    budget.max_events = 4 * MAX_VALUES;
    options.budget = Some(budget);
    options
}

/// Most values (keys, numbers, texts, lists) one file may hold.
pub const MAX_VALUES: usize = 8_000_000;

/// Reads a file. Fails only when the file cannot be read at all (exit code 2).
pub fn read(path: &Path) -> std::io::Result<FileReport> {
    Ok(match read_source(path)? {
        Ok(file) => parse(file),
        Err(failed) => failed,
    })
}

/// Reads a file's text, once: `Err` holds the finding when it is too large
/// or not UTF-8 text. Fails only when the file cannot be read at all.
pub fn read_source(path: &Path) -> std::io::Result<Result<SourceFile, FileReport>> {
    let refused = |message: String, help: &str| {
        let d = Diagnostic::new(&YAML, Loc::at(1, 1), message).help(help);
        Ok(Err(FileReport::unreadable(
            SourceFile::new(path, ""),
            vec![d],
        )))
    };
    let bytes = match read_bounded(path)? {
        Ok(bytes) => bytes,
        Err(Refused::NotAFile) => {
            return refused(
                "this is not a regular file (a folder, a device or a pipe): nothing was read"
                    .into(),
                "name the .yaml file itself",
            );
        }
        Err(Refused::TooLarge) => {
            return refused(
                format!(
                    "the file is {} MB or more, more than maquette reads (a curriculum or a cohort is far smaller)",
                    MAX_FILE_BYTES / 1_000_000
                ),
                "check that this is the file you meant; a cohort this large is split into several files (one per group or parcours), each built on its own",
            );
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Ok(SourceFile::new(path, text))),
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
            .help("save the file as plain UTF-8 text (.yaml)");
            Ok(Err(FileReport::unreadable(file, vec![d])))
        }
    }
}

/// Every control character of a file's text (tabs and line breaks aside),
/// at its position.
pub fn control_characters(file: &SourceFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, line) in file.text.lines().enumerate() {
        for (col, c) in line.trim_end_matches('\r').chars().enumerate() {
            if c.is_control() && c != '\t' {
                out.push(Diagnostic::new(
                    &findings::CONTROL_CHARACTER,
                    Loc::at(i as u32 + 1, col as u32 + 1),
                    format!("a control character (U+{:04X}) is in the text", c as u32),
                ));
            }
        }
    }
    out
}

/// Why a file was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// A folder, a device, a pipe: reading it could block or never end.
    NotAFile,
    /// Larger than [`MAX_FILE_BYTES`] (counted while reading, not trusted
    /// from the metadata).
    TooLarge,
}

/// The bytes of a regular file of at most [`MAX_FILE_BYTES`]. Fails only
/// when the file cannot be read at all.
pub fn read_bounded(path: &Path) -> std::io::Result<Result<Vec<u8>, Refused>> {
    use std::io::Read as _;
    // `metadata` follows links and opens nothing: a pipe is refused before
    // an `open` that would wait for a writer.
    if !std::fs::metadata(path)?.is_file() {
        return Ok(Err(Refused::NotAFile));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Ok(Err(Refused::TooLarge));
    }
    Ok(Ok(bytes))
}

/// Parses and lowers a file already in memory.
pub fn parse(file: SourceFile) -> FileReport {
    let mut diagnostics = Vec::new();
    let blank = file.text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    });
    if blank {
        diagnostics.push(
            Diagnostic::new(&YAML, Loc::at(1, 1), "the file is empty (nothing but blank lines and comments)")
                .help("start from the examples in README.md (a curriculum has at least `formation:` and `semestres:`, a cohort `maquette:` and `etudiants:`)"),
        );
        return FileReport::unreadable(file, diagnostics);
    }
    diagnostics.extend(control_characters(&file));
    match serde_saphyr::from_str_with_options::<RawCurriculum>(&file.text, yaml_options()) {
        Ok(raw) => {
            let base = file.path.parent().unwrap_or(Path::new("."));
            let curriculum = lower::curriculum::lower(&raw, base, &mut diagnostics);
            FileReport {
                findings: FileFindings { file, diagnostics },
                curriculum: Some(curriculum),
            }
        }
        Err(e) => {
            diagnostics.push(yaml_error(&file, &e));
            FileReport::unreadable(file, diagnostics)
        }
    }
}

/// A serde-saphyr error as a diagnostic at its position in `file`.
pub fn yaml_error(file: &SourceFile, e: &serde_saphyr::Error) -> Diagnostic {
    let loc = e.location().map(Loc::from_saphyr).filter(|l| l.line > 0);
    let mut d = yaml_finding(e, loc);
    // `{ R103: 12,5 }`: inside braces or brackets a comma separates values,
    // so a decimal comma splits the number and YAML reports something else.
    let line = loc.and_then(|l| file.line(l.line)).unwrap_or("");
    if let Some(number) = decimal_comma_in_flow(line) {
        d = d.help(format!(
            "inside {{ }} or [ ] a comma separates values, so `{number}` was read as two: write decimals with a dot ({})",
            number.replace(',', ".")
        ));
    }
    d
}

/// A number written with a decimal comma (`12,5`) on a line of flow YAML.
fn decimal_comma_in_flow(line: &str) -> Option<&str> {
    if !line.contains(['{', '[']) {
        return None;
    }
    let b = line.as_bytes();
    (1..b.len().saturating_sub(1))
        .find(|&i| b[i] == b',' && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit())
        .map(|i| {
            let start = line[..i]
                .rfind(|c: char| !c.is_ascii_digit())
                .map_or(0, |s| s + 1);
            let end = line[i + 1..]
                .find(|c: char| !c.is_ascii_digit())
                .map_or(line.len(), |e| i + 1 + e);
            (start, &line[start..end])
        })
        // Quoted, the number was not split: the message itself says it.
        .filter(|(start, _)| !line[..*start].ends_with(['"', '\'']))
        .map(|(_, number)| number)
}

fn yaml_finding(e: &serde_saphyr::Error, loc: Option<Loc>) -> Diagnostic {
    let mut message = e.to_string();
    // The position is shown by the diagnostic itself.
    if let Some(i) = message.find(" at line ") {
        message.truncate(i);
    }
    let message = plain_words(&message);
    if message.starts_with("budget breached") {
        let limit = if message.contains("Nodes") || message.contains("Events") {
            format!("more than {MAX_VALUES} values")
        } else {
            format!("more than maquette's limit ({message})")
        };
        return Diagnostic::new(
            &YAML,
            loc,
            format!("the file holds {limit}, the most maquette reads in one file"),
        )
        .help("split it: a cohort into several files (one per group or parcours), each built on its own; `build` takes them all");
    }
    let mut d = Diagnostic::new(&YAML, loc, message.clone());
    if message.contains("mapping values are not allowed") {
        d = d.help("a text that contains “: ” (a colon and a space) is written between quotes (nom: \"Réseaux : bases\"), and the keys of one mapping are indented alike");
    } else if let Some(key) = message.strip_prefix("missing key ") {
        d = d.help(format!(
            "add {key} to the block that ends here; README.md lists the keys each block requires"
        ));
    } else if message.contains("only valid inside a block") {
        d = d.help("is a bracket ({ or [) left open on a line above?");
    }
    d
}

/// Rewrites the YAML library's wording into words a scolarité office reads.
fn plain_words(message: &str) -> String {
    if let Some(key) = message
        .strip_prefix("duplicate mapping key: ")
        .and_then(|rest| rest.split(',').next())
    {
        return format!("the key `{key}` is written twice in the same place");
    }
    if let Some(rest) = message.strip_prefix("unknown variant ")
        && let Some((value, allowed)) = rest.split_once(", expected one of ")
    {
        return format!("{value} is not allowed here; write one of: {allowed}");
    }
    if let Some(rest) = message.strip_prefix("invalid type: string ")
        && let Some((value, expected)) = rest.split_once(", expected ")
    {
        return format!("{value} is text; expected {expected}");
    }
    if let Some(rest) = message.strip_prefix("invalid value: string ")
        && let Some((value, expected)) = rest.split_once(", expected ")
    {
        return format!("{value} cannot be read; expected {expected}");
    }
    let fixed: &[(&str, &str)] = &[
        (
            "cannot deserialize null into string",
            "a value is missing here (nothing is written where a text or a number is expected)",
        ),
        (
            "multiple YAML documents detected",
            "the file holds several YAML documents (separated by ---); a curriculum or a cohort is one document",
        ),
        (
            "expected mapping start",
            "expected keys with values here (`key: value`), found something else",
        ),
        (
            "expected sequence start",
            "expected a list here (one item per line, each starting with “- ”)",
        ),
        (
            "tabs disallowed",
            "a tab is used for indentation here; YAML indents with spaces",
        ),
        (
            "while scanning a plain scalar, found a tab",
            "a tab is used for indentation here; YAML indents with spaces",
        ),
        (
            "alias references unknown anchor",
            "this alias (*name) refers to an anchor (&name) that is not defined before it",
        ),
        (
            "invalid u8",
            "expected a small whole number here (0 to 255)",
        ),
        ("invalid u32", "expected a whole number here"),
    ];
    if let Some((_, plain)) = fixed.iter().find(|(start, _)| message.starts_with(start)) {
        return (*plain).to_string();
    }
    if message.contains("rejected by the configured policy") {
        return message.replace("non-finite float ", "").replace(
            " rejected by the configured policy",
            " is not a finite number",
        );
    }
    // serde speaks of fields; our users write keys.
    message
        .replace("invalid type: map", "found keys with values")
        .replace("invalid type: sequence", "found a list")
        .replace("unknown field", "unknown key")
        .replace(", expected one of ", "; the keys allowed here are: ")
        .replace(", expected ", "; expected ")
        .replace("missing field", "missing key")
}

#[cfg(test)]
mod tests {
    use super::plain_words;

    #[test]
    fn a_decimal_comma_in_flow_yaml_is_found() {
        use super::decimal_comma_in_flow;
        assert_eq!(
            decimal_comma_in_flow("    1: { R103: 12,5, R104: 13 }"),
            Some("12,5")
        );
        assert_eq!(decimal_comma_in_flow("  - [9,75, 12]"), Some("9,75"));
        assert_eq!(decimal_comma_in_flow("    R103: 12, R104: 13"), None);
        assert_eq!(decimal_comma_in_flow("    { R103: 12, R104: 13 }"), None);
        assert_eq!(decimal_comma_in_flow("    { cm: \"49,5\", td: 5 }"), None);
    }

    #[test]
    fn library_wording_becomes_plain_words() {
        assert_eq!(
            plain_words("unknown variant `cours`, expected one of `ressource`, `sae`"),
            "`cours` is not allowed here; write one of: `ressource`, `sae`"
        );
        assert_eq!(
            plain_words("invalid type: string \"x\", expected a number"),
            "\"x\" is text; expected a number"
        );
        assert_eq!(
            plain_words("non-finite float `.nan` rejected by the configured policy"),
            "`.nan` is not a finite number"
        );
        assert_eq!(plain_words("missing field `code`"), "missing key `code`");
    }
}
