//! `maquette diff`: two versions of a curriculum, each a file or a file as a
//! git revision had it (`git show`), loaded and checked as `check` does,
//! then compared ([`crate::compare`]).

use std::path::{Path, PathBuf};
use std::process::Command;

use super::Error;
use super::check::check_text;
use super::dates::document_date;
use crate::compare::{self, Comparison, Finding};
use crate::load::FileReport;
use crate::render::views::changes::synthese;
use crate::render::{Meta, RenderError, Renderer};

/// One side of a comparison.
#[derive(Debug, Clone)]
pub enum Version {
    /// A file as it is on disk.
    File(PathBuf),
    /// A file as the git revision `rev` (a tag, a branch, a commit) had it.
    Revision { path: PathBuf, rev: String },
}

impl Version {
    /// How the version is named in the synthèse.
    pub fn label(&self) -> String {
        match self {
            Version::File(p) => p.display().to_string(),
            Version::Revision { path, rev } => format!("{} (révision {rev})", path.display()),
        }
    }

    fn text(&self) -> Result<String, Error> {
        match self {
            Version::File(p) => match crate::load::read_bounded(p) {
                Ok(Ok(bytes)) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
                Ok(Err(refused)) => Err(Error::Read {
                    path: p.clone(),
                    source: std::io::Error::other(match refused {
                        crate::load::Refused::NotAFile => "it is not a regular file".to_string(),
                        crate::load::Refused::TooLarge => format!(
                            "it is larger than {} MB, far more than a curriculum",
                            crate::load::MAX_FILE_BYTES / 1_000_000
                        ),
                    }),
                }),
                Err(source) => Err(Error::Read {
                    path: p.clone(),
                    source,
                }),
            },
            Version::Revision { path, rev } => git_show(path, rev),
        }
    }
}

/// The text of `path` at revision `rev` of the git repository it is in.
fn git_show(path: &Path, rev: &str) -> Result<String, Error> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| Error::Git(format!("{} names no file", path.display())))?;
    if rev.starts_with('-') || rev.contains(':') {
        return Err(Error::Git(format!("`{rev}` is not a revision")));
    }
    let git = |args: &[&std::ffi::OsStr]| {
        Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .map_err(|e| Error::Git(format!("cannot run git ({e}); is git installed?")))
    };
    let inside = git(&["rev-parse".as_ref(), "--is-inside-work-tree".as_ref()])?;
    if !inside.status.success() {
        return Err(Error::Git(format!(
            "{} is not in a git repository, so it has no revision {rev}",
            path.display()
        )));
    }
    let mut object = std::ffi::OsString::from(format!("{rev}:./"));
    object.push(name);
    let out = git(&["show".as_ref(), object.as_os_str()])?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr);
        return Err(Error::Git(format!(
            "git has no {} at revision {rev}: {}",
            path.display(),
            why.trim()
        )));
    }
    if out.stdout.len() as u64 > crate::load::MAX_FILE_BYTES {
        return Err(Error::Git(format!(
            "{} at revision {rev} is larger than {} MB, far more than a curriculum",
            path.display(),
            crate::load::MAX_FILE_BYTES / 1_000_000
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Both versions loaded and checked; the comparison when both load as
/// curricula, else the reports of those that do not (their YAML errors).
pub fn diff(old: &Version, new: &Version) -> Result<Result<Comparison, Vec<FileReport>>, Error> {
    let load = |v: &Version| -> Result<FileReport, Error> {
        let path = match v {
            Version::File(p) | Version::Revision { path: p, .. } => p.clone(),
        };
        Ok(check_text(path, v.text()?))
    };
    let (a, b) = (load(old)?, load(new)?);
    let (Some(ca), Some(cb)) = (&a.curriculum, &b.curriculum) else {
        return Ok(Err([a, b]
            .into_iter()
            .filter(|r| r.curriculum.is_none())
            .collect()));
    };
    let found = compare::findings(&findings(&a), &findings(&b));
    Ok(Ok(Comparison {
        avant: old.label(),
        apres: new.label(),
        formation: [
            cb.formation.mention.as_str(),
            cb.formation.annee_universitaire.as_deref().unwrap_or(""),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", "),
        annee_universitaire: cb.formation.annee_universitaire.clone(),
        changes: compare::curricula(ca, cb),
        corrigees: found.fixed,
        introduites: found.introduced,
        modifiees: found.refigured,
    }))
}

fn findings(r: &FileReport) -> Vec<Finding> {
    r.findings
        .diagnostics
        .iter()
        .map(|d| Finding {
            severity: d.rule.severity.word(),
            rule: d.rule.id,
            line: d.loc.map(|l| l.line),
            message: d.message.clone(),
        })
        .collect()
}

/// The synthèse des modifications as a PDF/A document; the same comparison
/// gives the same bytes.
pub fn pdf(renderer: &Renderer, c: &Comparison) -> Result<Vec<u8>, RenderError> {
    let view = synthese(c);
    let meta = Meta {
        title: view.titre.clone(),
        author: String::new(),
        description: format!("{} → {}", c.avant, c.apres),
        keywords: vec!["synthèse des modifications".into(), "BUT".into()],
    };
    let date = document_date(c.annee_universitaire.as_deref());
    renderer.data_document(
        "synthese.typ",
        &view,
        &meta,
        &format!("synthese {}", c.formation),
        date,
    )
}
