//! Rendering: views → MiniJinja templates → Typst source → PDF, in-process.
//!
//! Templates live in `templates/` and are embedded in the binary; a file of
//! the same name in the `templates/` folder of the working directory
//! overrides the embedded one. `*.typ.j2` templates auto-escape every value
//! for Typst markup ([`escape::markup`]); the `str` filter gives a Typst string
//! literal for code. A Typst error in a generated source is reported with the
//! template it comes from and the generated line.
//!
//! Documents whose structure is fixed (relevés, jury minutes) use plain Typst
//! templates (`*.typ`) that read their data with `json("/data.json")`: nothing
//! from YAML is ever parsed as markup, and the template is parsed once for a
//! whole cohort.

pub mod deliberation;
pub mod escape;
pub mod merge;
pub mod releve;
pub mod views;
pub mod world;

use std::path::{Path, PathBuf};

use minijinja::syntax::SyntaxConfig;
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};
use typst::WorldExt;
use typst::diag::Severity as TypstSeverity;
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use world::{DocWorld, Engine};

/// The embedded default templates, by name.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "booklet.typ.j2",
        include_str!("../../templates/booklet.typ.j2"),
    ),
    (
        "deliberation.typ.j2",
        include_str!("../../templates/deliberation.typ.j2"),
    ),
    ("releve.typ", include_str!("../../templates/releve.typ")),
    (
        "proces-verbal.typ",
        include_str!("../../templates/proces-verbal.typ"),
    ),
];

/// A document's metadata (title, author, subject, keywords).
///
/// Documents made from plain Typst templates get it from here rather than
/// from a `set document` rule: a rule holding a student's name would make
/// every student's styles differ, and typst could then reuse nothing of one
/// relevé's layout for the next.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub description: String,
    pub keywords: Vec<String>,
}

/// How the message of a document whose rendering crashed begins.
const CRASHED: &str = "the rendering stopped on an internal error";

/// A failure to render one document.
#[derive(Debug, Clone)]
pub struct RenderError {
    /// The template the source came from.
    pub template: String,
    /// What went wrong, with the generated line when Typst reported one.
    pub message: String,
    /// Where in the template, when it could be traced back: line, column, text.
    pub at: Option<(u32, u32, String)>,
}

impl RenderError {
    /// A failure with no position in the template.
    pub fn new(template: &str, message: impl Into<String>) -> RenderError {
        RenderError {
            template: template.into(),
            message: message.into(),
            at: None,
        }
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
            Err(RenderError::new(template, format!("{CRASHED}: {what}")))
        })
    }

    /// The failure as the validator shows its findings: position, line, caret.
    pub fn render_human(&self) -> String {
        let mut out = format!("error[template]: {}\n", self.message);
        match &self.at {
            Some((line, column, text)) => {
                let width = line.to_string().len();
                let pad = " ".repeat(width);
                out.push_str(&format!(
                    "{pad}--> templates/{}:{line}:{column}\n{pad} |\n",
                    self.template
                ));
                out.push_str(&format!("{line} | {text}\n"));
                out.push_str(&format!(
                    "{pad} | {}^\n{pad} |\n",
                    " ".repeat(column.saturating_sub(1) as usize)
                ));
            }
            None => out.push_str(&format!(" --> templates/{}\n", self.template)),
        }
        out.push_str(&format!(" = help: {}\n", self.help()));
        out
    }

    /// What to do about it.
    fn help(&self) -> &'static str {
        if self.message.starts_with(CRASHED) {
            "this is a fault in typst or in maquette, not in your files; the other documents were built: please report it with the file that was being built and this message"
        } else if self.message.contains("could not be displayed with font") {
            "a character of the data (a name, a title…) has a script that none of the fonts in fonts/ covers, and an archival PDF may not show a blank box instead; write it as on the official record, or add a font that covers it (fonts/README.md)"
        } else if self.message.starts_with("cannot write") {
            "check that the output folder is writable and not full"
        } else if self.message.starts_with("not merged") {
            "correct the relevés that failed; the merged file is made when all of them are"
        } else if self.template.ends_with(".typ") {
            "the template is not valid Typst; correct it (or remove its override in templates/)"
        } else {
            "the template produced Typst that does not compile; correct the template (or remove its override in templates/)"
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

/// Marks each line of a template that can carry a Typst comment with its
/// number, so a generated line tells which template line wrote it.
fn instrument(template: &str) -> String {
    template
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let t = line.trim_end();
            if t.is_empty()
                || t.ends_with("%}")
                || t.ends_with("#}")
                || t.contains("{#")
                || t.contains("\"")
            {
                line.to_string()
            } else {
                format!("{line} //@L{}@", i + 1)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// A part of a file name safe on every file system: ASCII letters, digits
/// and `-`, other scripts transliterated (`Léa` → `Lea`, `王` → `Wang`), any
/// other run of characters one `_`, none at either end; at most `max`
/// characters. Empty when nothing of `s` is left.
pub fn safe_file_part(s: &str, max: usize) -> String {
    let mut out = String::new();
    for c in deunicode::deunicode(s).chars() {
        if c.is_ascii_alphanumeric() || c == '-' {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches(['_', '-']).chars().take(max).collect()
}

/// Templates and the Typst engine, loaded once per process.
pub struct Renderer {
    env: Environment<'static>,
    engine: Engine,
    /// The text of each template, to trace Typst errors back to its lines.
    texts: Vec<(String, String)>,
    /// The plain Typst templates (`*.typ`), parsed once.
    statics: Vec<(String, typst::syntax::Source)>,
}

impl Renderer {
    /// Loads the embedded templates, overridden by files of the same name in
    /// `overrides` (usually `templates/`), and the fonts.
    pub fn new(overrides: Option<&Path>) -> Result<Renderer, String> {
        let mut env = Environment::new();
        let mut syntax = SyntaxConfig::builder();
        syntax
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true);
        env.set_syntax(syntax.build().map_err(|e| e.to_string())?);
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".typ.j2") {
                AutoEscape::Custom("typst".into())
            } else {
                AutoEscape::None
            }
        });
        env.set_formatter(|out, state, value| {
            if matches!(state.auto_escape(), AutoEscape::Custom(_)) && !value.is_safe() {
                if let Some(s) = value.as_str() {
                    return out
                        .write_str(&escape::markup(s))
                        .map_err(minijinja::Error::from);
                }
                if value.is_undefined() || value.is_none() {
                    return Ok(());
                }
                return out
                    .write_str(&escape::markup(&value.to_string()))
                    .map_err(minijinja::Error::from);
            }
            minijinja::escape_formatter(out, state, value)
        });
        env.add_filter("str", |v: Value| {
            Value::from_safe_string(escape::string_literal(&v.to_string()))
        });
        let mut texts = Vec::new();
        let mut statics = Vec::new();
        for (name, text) in TEMPLATES {
            let text = overrides
                .map(|dir| dir.join(name))
                .filter(|p| p.is_file())
                .map(|p| {
                    std::fs::read_to_string(&p)
                        .map_err(|e| format!("cannot read {}: {e}", p.display()))
                })
                .transpose()?
                .unwrap_or_else(|| (*text).to_string());
            if name.ends_with(".typ") {
                statics.push((
                    name.to_string(),
                    typst::syntax::Source::new(world::main_id(), text.clone()),
                ));
            } else {
                env.add_template_owned(*name, text.clone())
                    .map_err(|e| format!("template {name}: {e}"))?;
            }
            texts.push((name.to_string(), text));
        }
        // The process' date for `datetime.today()`; documents carry their own date.
        let today = Datetime::from_ymd(2000, 1, 1).expect("a valid date");
        Ok(Renderer {
            env,
            engine: Engine::new(today),
            texts,
            statics,
        })
    }

    /// The text of a template, as loaded (embedded or overridden).
    pub fn template_text(&self, template: &str) -> Option<&str> {
        self.texts
            .iter()
            .find(|(n, _)| n == template)
            .map(|(_, t)| t.as_str())
    }

    /// Compiles a plain Typst template (`*.typ`) with `data` as its
    /// `/data.json` and `meta` as its metadata; a Typst error is reported at
    /// its line in the template.
    pub fn data_document<S: serde::Serialize>(
        &self,
        template: &str,
        data: &S,
        meta: &Meta,
        ident: &str,
        date: Datetime,
    ) -> Result<Vec<u8>, RenderError> {
        let main = self
            .statics
            .iter()
            .find(|(n, _)| n == template)
            .map(|(_, s)| s.clone())
            .ok_or_else(|| RenderError::new(template, "no such template"))?;
        let json = serde_json::to_vec(data)
            .map_err(|e| RenderError::new(template, format!("cannot serialise the data: {e}")))?;
        let world = DocWorld::with_data(&self.engine, main, json);
        self.export(&world, template, Some(meta), ident, date)
    }

    /// Renders a template with a serialisable view into Typst source.
    pub fn source<S: serde::Serialize>(
        &self,
        template: &str,
        view: &S,
    ) -> Result<String, RenderError> {
        render_with(&self.env, template, template, view)
    }

    /// Renders and compiles a document; a Typst error is traced back to the
    /// template line that wrote the failing Typst.
    pub fn document<S: serde::Serialize>(
        &self,
        template: &str,
        view: &S,
        ident: &str,
        date: Datetime,
    ) -> Result<Vec<u8>, RenderError> {
        let source = self.source(template, view)?;
        self.pdf(template, source, ident, date)
            .map_err(|e| self.locate(template, view, e))
    }

    /// Compiles Typst source into a PDF/A-2b document dated `date`, whose
    /// identifier derives from `ident` (a stable business key).
    pub fn pdf(
        &self,
        template: &str,
        source: String,
        ident: &str,
        date: Datetime,
    ) -> Result<Vec<u8>, RenderError> {
        let world = DocWorld::new(&self.engine, source);
        self.export(&world, template, None, ident, date)
            .map_err(|e| RenderError::new(template, e.message))
    }

    /// Compiles and exports a world. The error's `at` is the failing line of
    /// the main source, as typst saw it.
    fn export(
        &self,
        world: &DocWorld<'_>,
        template: &str,
        meta: Option<&Meta>,
        ident: &str,
        date: Datetime,
    ) -> Result<Vec<u8>, RenderError> {
        let failed = |diags: &[typst::diag::SourceDiagnostic]| {
            let (message, first) = typst_errors(world, diags);
            RenderError {
                template: template.into(),
                message,
                at: first.map(|(line, text, column)| (line, column as u32, text)),
            }
        };
        let mut doc = typst::compile::<PagedDocument>(world)
            .output
            .map_err(|diags| failed(&diags))?;
        if let Some(meta) = meta {
            let info = doc.info_mut();
            info.title = Some(meta.title.as_str().into());
            info.author = vec![meta.author.as_str().into()];
            info.description = Some(meta.description.as_str().into());
            info.keywords = meta.keywords.iter().map(|k| k.as_str().into()).collect();
        }
        let standards = PdfStandards::new(&[PdfStandard::A_2b])
            .map_err(|e| RenderError::new(template, format!("{e:?}")))?;
        let options = PdfOptions {
            ident: Smart::Custom(ident.to_string()),
            creator: Smart::Custom(Some("maquette".to_string())),
            timestamp: Some(Timestamp::new_utc(date)),
            page_ranges: None,
            standards,
            tagged: true,
            pretty: false,
        };
        typst_pdf::pdf(&doc, &options).map_err(|diags| failed(&diags))
    }

    /// Re-renders the template with each line marked, compiles again, and reads
    /// the mark on the failing line.
    fn locate<S: serde::Serialize>(
        &self,
        template: &str,
        view: &S,
        mut err: RenderError,
    ) -> RenderError {
        let Some((_, text)) = self.texts.iter().find(|(n, _)| n == template) else {
            return err;
        };
        let mut env = self.env.clone();
        let marked_name = format!("marked/{template}");
        if env
            .add_template_owned(marked_name.clone(), instrument(text))
            .is_err()
        {
            return err;
        }
        let Ok(source) = render_with(&env, &marked_name, template, view) else {
            return err;
        };
        let world = DocWorld::new(&self.engine, source);
        let Err(diags) = typst::compile::<PagedDocument>(&world).output else {
            return err;
        };
        let (_, generated) = typst_errors(&world, &diags);
        if let Some((_, line_text, column)) = generated
            && let Some(n) = line_text
                .rsplit("//@L")
                .next()
                .and_then(|m| m.strip_suffix('@'))
                .and_then(|m| m.parse::<u32>().ok())
            && let Some(original) = text.lines().nth(n as usize - 1)
        {
            // The column in the template: where the generated text before the error starts in it.
            let before: String = line_text.chars().take(column.saturating_sub(1)).collect();
            let lead = before.trim_start();
            let col = original.find(lead).map_or(1, |i| {
                original[..i].chars().count() + lead.chars().count() + 1
            });
            err.at = Some((
                n,
                col.min(original.chars().count().max(1)) as u32,
                original.to_string(),
            ));
        }
        err
    }

    /// Compiles Typst source without exporting it (for benchmarks): the page count.
    pub fn compile_only(&self, source: &str) -> Result<usize, String> {
        let world = DocWorld::new(&self.engine, source.to_string());
        typst::compile::<PagedDocument>(&world)
            .output
            .map(|d| d.pages().len())
            .map_err(|diags| typst_errors(&world, &diags).0)
    }

    /// Keeps memory bounded between documents (typst's cache is process-wide).
    pub fn evict_cache(&self, max_age: usize) {
        typst::comemo::evict(max_age);
    }
}

fn render_with<S: serde::Serialize>(
    env: &Environment<'static>,
    name: &str,
    shown: &str,
    view: &S,
) -> Result<String, RenderError> {
    let tmpl = env
        .get_template(name)
        .map_err(|e| RenderError::new(shown, e.to_string()))?;
    tmpl.render(Value::from(minijinja::value::Serde(view)))
        .map_err(|e| RenderError::new(shown, format!("{e:#}")))
}

/// Typst's errors as one message, and the line number, line text and column
/// of the first one in the main source (for tracing it back to the template).
fn typst_errors(
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

/// Writes `bytes` to `path` atomically: a temporary file beside it, then a
/// rename, so a reader never sees half a PDF and a failure keeps the old one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Like [`write_atomic`], for content written piece by piece.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use std::io::Write as _;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp: PathBuf = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&tmp).and_then(|f| {
        let mut w = std::io::BufWriter::new(f);
        fill(&mut w)?;
        w.flush()
    });
    written
        .and_then(|()| std::fs::rename(&tmp, path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
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
            Err(RenderError::new("booklet.typ.j2", "unknown variable: x"))
        })
        .unwrap_err();
        assert_eq!(err.message, "unknown variable: x");
        assert!(!err.render_human().contains("not in your files"));
    }
}
