//! The fuzzers' corpus as regression cases: every input the fuzz targets
//! grew (fuzz/corpus/, minimised) and every crash they found, once fixed
//! (fuzz/regressions/), goes through the same bodies under stable
//! `cargo test`. How to fuzz: CONTRIBUTING.md, "Fuzzing".

use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut found = Vec::new();
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_file() {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Runs `body` on each input of `target`, naming the inputs that fail.
fn replay(target: &str, body: fn(&[u8])) {
    let files = inputs(target);
    assert!(
        files.len() >= 5,
        "fuzz/corpus/{target} holds {} inputs: the seeds are missing",
        files.len()
    );
    let failed: Vec<String> = files
        .iter()
        .filter(|path| {
            let data = std::fs::read(path).unwrap();
            std::panic::catch_unwind(|| body(&data)).is_err()
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        failed.is_empty(),
        "inputs that break an invariant:\n{}",
        failed.join("\n")
    );
}

#[test]
fn the_curriculum_corpus_holds_every_invariant() {
    replay("curriculum", maquette::fuzz::curriculum);
}

#[test]
fn the_cohort_corpus_holds_every_invariant() {
    replay("cohort", maquette::fuzz::cohort);
}

#[test]
fn the_escaping_corpus_holds_every_invariant() {
    replay("escaping", maquette::fuzz::escaping);
}
