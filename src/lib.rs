//! `maquette`: checks, decides and renders the official documents of BUT
//! programmes.
//!
//! # The pipeline
//!
//! Data flows one way; each stage has its module:
//!
//! ```text
//!  curricula/*.yaml
//!        │  load      (source, load, raw)   YAML → raw structs with positions;
//!        │                                   bad bytes, syntax, types, unknown keys → `yaml` findings
//!        ▼
//!  RawCurriculum
//!        │  lower     (lower, referentiel)  references resolved, ORéBUT framework imported,
//!        │                                   dangling codes and duplicates → findings
//!        ▼
//!  Curriculum         (model, num)           exact decimals, every value with its Loc
//!        │  validate  (rules::*, regulation) every rule on every file, findings collected
//!        ▼
//!  Vec<Diagnostic>    (diag)                 rendered at the edge: rustc-style text or JSON
//!        │
//!        ▼
//!  check              (check)                `maquette check`: reports, summaries, exit code
//!        │
//!        ▼  render    (render::views)        typed views: figures computed and formatted
//!  BookletView
//!        │            (render, templates/)   MiniJinja *.typ.j2, values escaped for Typst
//!        ▼
//!  Typst source
//!        │            (render::world)        in-process typst: embedded fonts, fixed date
//!        ▼
//!  PDF/A-2b bytes ──▶ out/  (build)          written atomically; stamped when not compliant
//! ```
//!
//! Jury decisions, beside the documents:
//!
//! ```text
//!  cohorts/*.yaml ──(decide::cohort)──▶ Cohort (students, grades, history), checked
//!        │          (decide::engine, decide::grade)  UE → RCUE → ADSUP → year → overrides → ECTS
//!        ▼
//!  YearDecision per student ──(decide::report)──▶ table, CSV, JSON, --explain
//!        │  render    (render::releve)       ReleveView, MinutesView: figures formatted
//!        ▼            (templates/*.typ)      plain Typst reading json("/data.json")
//!  PDF/A-2b relevés, minutes ──(render::merge)──▶ one merged PDF, a bookmark per student
//! ```
//!
//! `build` (build) plans the documents of every curriculum and cohort and
//! renders them on one OS thread per core; `watch` (watch) loops around it.
//!
//! `main.rs` only parses arguments and maps results to exit codes: 0 clean,
//! 1 findings of severity error, 2 could not run.

pub mod build;
pub mod check;
pub mod decide;
pub mod diag;
pub mod load;
pub mod lower;
pub mod model;
pub mod num;
pub mod raw;
pub mod referentiel;
pub mod regulation;
pub mod render;
pub mod rules;
pub mod source;
pub mod watch;

#[cfg(test)]
pub(crate) mod testing;
