//! `maquette`: checks, decides and renders the official documents of BUT
//! programmes.
//!
//! # The pipeline
//!
//! One stage, one folder; data flows one way, and [`project`] is the only
//! module that sees every stage:
//!
//! ```text
//!  curricula/*.yaml, cohorts/*.yaml
//!        │  load/       discover (which files), read_source (bytes → text),
//!        │              raw/ (YAML → structs with positions: curriculum, cohort),
//!        │              lower/ (references resolved → model; a cohort's students
//!        │              lowered one by one as the YAML is read), referentiel (ORéBUT);
//!        │              bad bytes, syntax, types, unknown keys, dangling codes → findings
//!        ▼
//!  model::Curriculum, model::Cohort   (model/: exact numbers, grades and their
//!        │                             rounding, decision codes, every national
//!        │                             figure with its source in regulation)
//!        │  validate/   one registry of topics, each rule beside its check
//!        ▼
//!  Vec<Diagnostic>      (diag/: Diagnostic, Severity, Rule; emit: the only renderer,
//!        │                human rustc-style or JSON)
//!        │  decide/     pure: (curriculum, cohort) → YearDecision with typed Facts
//!        ▼
//!  YearDecision per student
//!        │  render/     views/ (booklet, deliberation, relevé, minutes: figures
//!        │              worded by fmt), templates (MiniJinja → Typst; free texts
//!        │              through rich, every printed text through typo's French
//!        │              typography and escape), typst/ (embedded world, PDF/A-2b
//!        │              export), minutes (a large cohort's minutes typeset in
//!        │              volumes), merge (relevés into one file; volumes into one
//!        │              tagged PDF/A), report (decide's output)
//!        ▼
//!  PDF bytes ──▶ out/   (write: atomic; project: plan → execute on every core → summary)
//! ```
//!
//! `watch` is a loop around [`project::Project`], rebuilding what depends on
//! each saved file.
//!
//! Two commands stand beside the pipeline: `new` ([`draft`]: an ORéBUT or
//! ScoDoc framework read by `load::referentiel`, and optionally ORéBUT's
//! référentiel de formation (`load::formation`) → a draft curriculum's YAML
//! with `TO FILL` placeholders that `check` lists), and `diff` ([`compare`]:
//! two curricula → changes matched by code, classed for the council, worded
//! by `render::changes` and `templates/synthese.typ`); `import` ([`import`]:
//! spreadsheets, CSV and ScoDoc bulletins → a cohort's YAML, every unreadable
//! cell a finding); and `export apogee` ([`export`]: a decided cohort → the
//! étape's Apogée interchange file, filled cell by cell).
//!
//! **Dependency rule** (tests/architecture.rs checks it on every `cargo test`):
//! `model` imports nothing of the crate; `diag` only `model`; `load`,
//! `validate` and `decide` only `diag` and `model`; `compare` only `model`;
//! `draft` `load` and `model`; `import` `diag`, `load` and `model`; `export` `diag`,
//! `model` and `decide`; `render` adds `decide` and `compare`;
//! `write` nothing; `project` and `watch` everything. Test modules
//! (`#[cfg(test)]`) may assemble the pipeline as they need.
//!
//! `main.rs` only parses arguments and maps results to exit codes: 0 clean,
//! 1 findings of severity error, 2 could not run ([`project::Error`]).

pub mod compare;
pub mod decide;
pub mod diag;
pub mod draft;
pub mod export;
#[doc(hidden)]
pub mod fuzz;
pub mod import;
pub mod load;
pub mod model;
pub mod project;
pub mod render;
pub mod validate;
pub mod watch;
pub mod write;

#[cfg(test)]
pub(crate) mod testing;
