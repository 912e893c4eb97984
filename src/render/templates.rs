//! The templates: the embedded defaults, their MiniJinja environment (Typst
//! auto-escaping, `rich` for free texts, `str` for printed texts in code), and the line marks that trace a Typst
//! error back to the template line that wrote it.

use minijinja::syntax::SyntaxConfig;
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};

use super::error::{Kind, RenderError};
use super::escape;

/// The embedded default templates, by name.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "booklet.typ.j2",
        include_str!("../../templates/booklet.typ.j2"),
    ),
    (
        "deliberation.typ.j2",
        include_str!("../../templates/deliberation.typ.j2"),
    ),
    ("releve.typ", include_str!("../../templates/releve.typ")),
    ("synthese.typ", include_str!("../../templates/synthese.typ")),
    (
        "proces-verbal.typ",
        include_str!("../../templates/proces-verbal.typ"),
    ),
];

/// The MiniJinja environment every template is rendered in: blocks trimmed,
/// undefined values an error, `*.typ.j2` values escaped for Typst markup.
pub fn environment() -> Result<Environment<'static>, String> {
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
    env.add_filter("rich", |v: Value, base: Option<u8>| {
        let text = v.as_str().unwrap_or_default();
        Value::from_safe_string(super::rich::markup(text, base.unwrap_or(1)))
    });
    env.add_filter("links", |v: Value| {
        Value::from_safe_string(super::rich::links(v.as_str().unwrap_or_default()))
    });
    env.add_filter("str", |v: Value| {
        Value::from_safe_string(escape::string_literal(&super::typo::french(&v.to_string())))
    });
    Ok(env)
}

/// Marks each line of a template that can carry a Typst comment with its
/// number, so a generated line tells which template line wrote it.
pub fn instrument(template: &str) -> String {
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

/// Renders template `name` with `view`; failures name the template `shown`.
pub fn render_with<S: serde::Serialize>(
    env: &Environment<'static>,
    name: &str,
    shown: &str,
    view: &S,
) -> Result<String, RenderError> {
    let tmpl = env
        .get_template(name)
        .map_err(|e| RenderError::new(Kind::Template, shown, e.to_string()))?;
    tmpl.render(Value::from(minijinja::value::Serde(view)))
        .map_err(|e| RenderError::new(Kind::Template, shown, format!("{e:#}")))
}
