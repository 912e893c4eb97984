//! Rendering: views → MiniJinja templates → Typst source → PDF, in-process.
//!
//! Templates live in `templates/` and are embedded in the binary; a file of
//! the same name in the `templates/` folder of the working directory
//! overrides the embedded one. `*.typ.j2` templates auto-escape every value
//! for Typst markup ([`escape::markup`]); the `str` filter gives a Typst string
//! literal for code. A Typst error in a generated source is reported with the
//! template it comes from and the generated line.

pub mod escape;
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
const TEMPLATES: &[(&str, &str)] = &[(
    "booklet.typ.j2",
    include_str!("../../templates/booklet.typ.j2"),
)];

/// A failure to render one document.
#[derive(Debug, Clone)]
pub struct RenderError {
    /// The template the source came from.
    pub template: String,
    /// What went wrong, with the generated line when Typst reported one.
    pub message: String,
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "template {}: {}", self.template, self.message)
    }
}

/// A part of a file name safe on every file system: letters, digits, `-`, `_`, `.`.
pub fn safe_file_part(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    out.truncate(80);
    if out.is_empty() || out.starts_with('.') {
        out.insert(0, '_');
    }
    out
}

/// Templates and the Typst engine, loaded once per process.
pub struct Renderer {
    env: Environment<'static>,
    engine: Engine,
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
            env.add_template_owned(*name, text)
                .map_err(|e| format!("template {name}: {e}"))?;
        }
        // The process' date for `datetime.today()`; documents carry their own date.
        let today = Datetime::from_ymd(2000, 1, 1).expect("a valid date");
        Ok(Renderer {
            env,
            engine: Engine::new(today),
        })
    }

    /// Renders a template with a serialisable view into Typst source.
    pub fn source<S: serde::Serialize>(
        &self,
        template: &str,
        view: &S,
    ) -> Result<String, RenderError> {
        let err = |message: String| RenderError {
            template: template.into(),
            message,
        };
        let tmpl = self
            .env
            .get_template(template)
            .map_err(|e| err(e.to_string()))?;
        tmpl.render(Value::from(minijinja::value::Serde(view)))
            .map_err(|e| err(format!("{e:#}")))
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
        let compiled = typst::compile::<PagedDocument>(&world);
        let doc = compiled.output.map_err(|diags| RenderError {
            template: template.into(),
            message: typst_errors(&world, &diags),
        })?;
        let options = PdfOptions {
            ident: Smart::Custom(ident.to_string()),
            creator: Smart::Custom(Some("maquette".to_string())),
            timestamp: Some(Timestamp::new_utc(date)),
            page_ranges: None,
            standards: PdfStandards::new(&[PdfStandard::A_2b]).map_err(|e| RenderError {
                template: template.into(),
                message: format!("{e:?}"),
            })?,
            tagged: true,
            pretty: false,
        };
        typst_pdf::pdf(&doc, &options).map_err(|diags| RenderError {
            template: template.into(),
            message: typst_errors(&world, &diags),
        })
    }

    /// Keeps memory bounded between documents (typst's cache is process-wide).
    pub fn evict_cache(&self, max_age: usize) {
        typst::comemo::evict(max_age);
    }
}

/// Typst's errors, each with the generated line it points at.
fn typst_errors(world: &DocWorld<'_>, diags: &[typst::diag::SourceDiagnostic]) -> String {
    let source = world.source_text();
    let mut out = Vec::new();
    for d in diags.iter().filter(|d| d.severity == TypstSeverity::Error) {
        let mut line = format!("Typst: {}", d.message);
        if let Some(range) = world.range(d.span)
            && let Some((l, c)) = source.lines().byte_to_line_column(range.start)
        {
            let text = source.text().lines().nth(l).unwrap_or("");
            line.push_str(&format!(
                " (generated line {}, column {}: {})",
                l + 1,
                c + 1,
                text.trim()
            ));
        }
        for h in &d.hints {
            line.push_str(&format!("; hint: {}", h.v));
        }
        out.push(line);
    }
    out.join("\n")
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, then a
/// rename, so a reader never sees half a PDF and a failure keeps the old one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp: PathBuf = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
