//! Rendering: views → MiniJinja templates → Typst source → PDF, in-process.
//!
//! [`views`] turns the model and the decisions into what templates read,
//! every figure computed and worded ([`fmt`]); [`templates`] holds the
//! embedded templates and their MiniJinja environment; [`typst`] compiles
//! and exports PDF/A; [`merge`] joins a cohort's relevés; [`report`] is what
//! `maquette decide` prints.
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

pub mod changes;
pub mod error;
pub mod escape;
pub mod fmt;
pub mod merge;
pub mod minutes;
pub mod report;
pub mod rich;
pub mod templates;
pub mod typo;
pub mod typst;
pub mod views;

use std::path::Path;

use ::typst::foundations::Datetime;
use minijinja::Environment;
use typst_layout::PagedDocument;

pub use error::{Kind, RenderError};
use typst::world::{self, DocWorld, Engine};

/// typst's cache is process-wide: each render thread (`project::execute`)
/// trims it every `TRIM_EVERY` documents, and the minutes after each volume
/// ([`minutes`]), keeping what was used since the last trim (`TRIM_AGE`):
/// what the relevés of a cohort share stays, memory stays bounded however
/// large the cohort.
pub const TRIM_EVERY: usize = 10;
/// See [`TRIM_EVERY`].
pub const TRIM_AGE: usize = 1;

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

/// Templates and the Typst engine, loaded once per process.
pub struct Renderer {
    env: Environment<'static>,
    engine: Engine,
    /// The text of each template, to trace Typst errors back to its lines.
    texts: Vec<(String, String)>,
    /// The plain Typst templates (`*.typ`), parsed once.
    statics: Vec<(String, ::typst::syntax::Source)>,
}

impl Renderer {
    /// Loads the embedded templates, overridden by files of the same name in
    /// `overrides` (usually `templates/`), and the fonts.
    pub fn new(overrides: Option<&Path>) -> Result<Renderer, String> {
        let mut env = templates::environment()?;
        let mut texts = Vec::new();
        let mut statics = Vec::new();
        for (name, text) in templates::EMBEDDED {
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
                    ::typst::syntax::Source::new(world::main_id(), text.clone()),
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
        let world = self.data_world(template, data)?;
        let printable = |t: &str| typo::french(&typst::world::printable(t)).into_owned();
        let meta = Meta {
            title: printable(&meta.title),
            author: printable(&meta.author),
            description: printable(&meta.description),
            keywords: meta.keywords.iter().map(|k| printable(k)).collect(),
        };
        typst::export(&world, template, Some(&meta), ident, date)
    }

    /// Lays out a plain Typst template with `data` as its `/data.json`,
    /// without exporting it: its page count, and the page (from 1) of each
    /// element labelled `label`, in the document's order.
    pub fn data_pages<S: serde::Serialize>(
        &self,
        template: &str,
        data: &S,
        label: &str,
    ) -> Result<(usize, Vec<usize>), RenderError> {
        use ::typst::foundations::{Label, Selector};
        use ::typst::introspection::Introspector as _;
        let world = self.data_world(template, data)?;
        let doc = typst::layout(&world, template)?;
        let introspector = doc.introspector();
        let pages = Label::new(::typst::utils::PicoStr::intern(label))
            .map(|label| {
                introspector
                    .query(&Selector::Label(label))
                    .iter()
                    .filter_map(|e| e.location())
                    .filter_map(|at| introspector.page(at))
                    .map(usize::from)
                    .collect()
            })
            .unwrap_or_default();
        Ok((doc.pages().len(), pages))
    }

    /// The world of a plain Typst template (`*.typ`, parsed once) reading
    /// `data` as its `/data.json`.
    fn data_world<S: serde::Serialize>(
        &self,
        template: &str,
        data: &S,
    ) -> Result<DocWorld<'_>, RenderError> {
        let main = self
            .statics
            .iter()
            .find(|(n, _)| n == template)
            .map(|(_, s)| s.clone())
            .ok_or_else(|| RenderError::new(Kind::Template, template, "no such template"))?;
        let json = Self::data_json(template, data)?;
        Ok(DocWorld::with_data(&self.engine, main, json))
    }

    /// The `/data.json` a plain Typst template reads: `data`, every string
    /// made printable and set in French typography.
    pub fn data_json<S: serde::Serialize>(
        template: &str,
        data: &S,
    ) -> Result<Vec<u8>, RenderError> {
        serde_json::to_value(data)
            .map(|mut v| {
                typst::world::printable_value(&mut v);
                french_value(&mut v);
                v
            })
            .and_then(|v| serde_json::to_vec(&v))
            .map_err(|e| {
                RenderError::new(
                    Kind::Template,
                    template,
                    format!("cannot serialise the data: {e}"),
                )
            })
    }

    /// Adds to `into` every character `data` prints through a plain
    /// template: the strings of its `/data.json`, as [`Self::data_json`]
    /// sets them, the no-break spaces included (they are glyphs too); the
    /// plain space and control characters are left out.
    pub fn characters<S: serde::Serialize>(data: &S, into: &mut std::collections::BTreeSet<char>) {
        fn walk(v: &serde_json::Value, into: &mut std::collections::BTreeSet<char>) {
            match v {
                serde_json::Value::String(s) => {
                    into.extend(s.chars().filter(|c| !c.is_control() && *c != ' '))
                }
                serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, into)),
                serde_json::Value::Object(o) => o.values().for_each(|v| walk(v, into)),
                _ => {}
            }
        }
        if let Ok(mut v) = serde_json::to_value(data) {
            typst::world::printable_value(&mut v);
            french_value(&mut v);
            walk(&v, into);
        }
    }

    /// Renders a template with a serialisable view into Typst source.
    pub fn source<S: serde::Serialize>(
        &self,
        template: &str,
        view: &S,
    ) -> Result<String, RenderError> {
        templates::render_with(&self.env, template, template, view)
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
        typst::export(&world, template, None, ident, date)
            .map_err(|e| RenderError::new(e.kind, template, e.message))
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
            .add_template_owned(marked_name.clone(), templates::instrument(text))
            .is_err()
        {
            return err;
        }
        let Ok(source) = templates::render_with(&env, &marked_name, template, view) else {
            return err;
        };
        let world = DocWorld::new(&self.engine, source);
        let Err(diags) = ::typst::compile::<PagedDocument>(&world).output else {
            return err;
        };
        let (_, generated) = typst::errors(&world, &diags);
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
        ::typst::compile::<PagedDocument>(&world)
            .output
            .map(|d| d.pages().len())
            .map_err(|diags| typst::errors(&world, &diags).0)
    }

    /// Keeps memory bounded between documents (typst's cache is process-wide).
    pub fn evict_cache(&self, max_age: usize) {
        ::typst::comemo::evict(max_age);
    }
}

/// Every string of a document's data set in French typography ([`typo`]).
fn french_value(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) => {
            if let std::borrow::Cow::Owned(t) = typo::french(s) {
                *s = t;
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(french_value),
        serde_json::Value::Object(o) => o.values_mut().for_each(french_value),
        _ => {}
    }
}
