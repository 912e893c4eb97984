//! What `build` prints: the findings of every file, then what was written,
//! stamped, skipped or failed.

use std::path::{Path, PathBuf};

use super::STAMP;
use super::plan::{FileBuild, RELEVES_DIR};
use crate::diag::{Severity, emit};
use crate::model::source::display_path;

/// The findings of every file, then the summary.
pub fn report(builds: &[FileBuild], out: &Path) -> String {
    let mut text = String::new();
    for b in builds {
        text.push_str(&emit::findings_human(&b.report.findings));
    }
    text.push_str(&summary(builds, out));
    text
}

/// True when a document could not be made (unreadable file, --strict,
/// render failure): `build` then exits with 1.
pub fn failed(builds: &[FileBuild]) -> bool {
    builds
        .iter()
        .any(|b| !b.failures.is_empty() || !b.readable() || b.skipped)
}

/// The summary printed after the findings: what was written, stamped, skipped.
pub fn summary(builds: &[FileBuild], out: &Path) -> String {
    let mut s = String::new();
    for b in builds {
        let file = b.report.file.display_path();
        let e = b.report.count(Severity::Error);
        let ids = b.report.error_rule_ids().join(", ");
        if !b.readable() {
            s.push_str(&format!(
                "{file}: not built: the file cannot be read as a {} (see above); its previous documents are kept\n",
                b.kind
            ));
            continue;
        }
        if b.skipped {
            s.push_str(&format!(
                "{file}: not built (--strict): {e} error{} ({ids})\n",
                plural(e)
            ));
            continue;
        }
        s.push_str(&written_lines(&b.written));
        for (path, err) in &b.failures {
            s.push_str(&format!(
                "failed {} (the previous file, if any, is kept):\n{}",
                display_path(path),
                err.render_human()
            ));
        }
        if b.stamped && e > 0 {
            s.push_str(&format!(
                "{file}: {} document{} stamped “{STAMP}”: {e} error{} ({ids})\n",
                b.written.len(),
                plural(b.written.len()),
                plural(e)
            ));
        } else if b.stamped {
            s.push_str(&format!(
                "{file}: {} document{} stamped “{STAMP}”: its curriculum has errors (`maquette check` on it)\n",
                b.written.len(),
                plural(b.written.len()),
            ));
        }
    }
    let docs: usize = builds.iter().map(|b| b.written.len()).sum();
    s.push_str(&format!(
        "{docs} document{} in {}\n",
        plural(docs),
        display_path(out)
    ));
    s
}

/// One line per file written, but one line for a folder of more than three
/// (a cohort's relevés).
fn written_lines(written: &[PathBuf]) -> String {
    let mut s = String::new();
    for run in written.chunk_by(|a, b| a.parent() == b.parent()) {
        match run[0].parent() {
            Some(dir) if run.len() > 3 && dir.ends_with(RELEVES_DIR) => {
                // The relevés on one line; the manifest beside them on its own.
                let (pdfs, others): (Vec<&PathBuf>, Vec<&PathBuf>) = run
                    .iter()
                    .partition(|p| p.extension().is_some_and(|e| e == "pdf"));
                s.push_str(&format!(
                    "wrote {} relevés in {}/\n",
                    pdfs.len(),
                    display_path(dir)
                ));
                for w in others {
                    s.push_str(&format!("wrote {}\n", display_path(w)));
                }
            }
            _ => {
                for w in run {
                    s.push_str(&format!("wrote {}\n", display_path(w)));
                }
            }
        }
    }
    s
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cohort_s_relevés_are_one_line_and_its_manifest_another() {
        let dir = PathBuf::from("out/cohort/releves");
        let mut written: Vec<PathBuf> = (1..=4).map(|i| dir.join(format!("{i}.pdf"))).collect();
        written.push(dir.join("manifeste.csv"));
        assert_eq!(
            written_lines(&written),
            "wrote 4 relevés in out/cohort/releves/\nwrote out/cohort/releves/manifeste.csv\n"
        );
    }
}
