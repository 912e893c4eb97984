//! `maquette watch` on a temporary copy of a curriculum: a valid change
//! rewrites the PDF, a broken one keeps it and prints the diagnostic, a fix
//! rewrites it, a deletion is reported and a restore picks the file up again;
//! the process never exits by itself, and Ctrl-C stops it cleanly, within a
//! second even in the middle of a long build.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

struct Watch {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Watch {
    fn start(dir: &Path) -> Watch {
        let mut child = Command::new(env!("CARGO_BIN_EXE_maquette"))
            .arg("watch")
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Watch {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for a line containing `text`; returns the lines read until then.
    fn wait_for(&mut self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut got = Vec::new();
        while Instant::now() < deadline {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(100)) {
                self.seen.push(line.clone());
                let found = line.contains(text);
                got.push(line);
                if found {
                    return got.join("\n");
                }
            }
        }
        panic!(
            "no “{text}” within 30 s; output so far:\n{}",
            self.seen.join("\n")
        );
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn edit(path: &Path, old: &str, new: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(old), "no {old}");
    std::fs::write(path, text.replacen(old, new, 1)).unwrap();
}

#[test]
fn watch_rebuilds_on_each_save_keeps_the_last_good_pdf_and_survives_deletion() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("curricula")).unwrap();
    let yaml = dir.path().join("curricula/year.yaml");
    std::fs::copy("tests/fixtures/valid/year.yaml", &yaml).unwrap();
    let pdf = dir.path().join("out/year/livret-but1.pdf");

    let mut w = Watch::start(dir.path());
    w.wait_for("watching curricula");
    let first = std::fs::read(&pdf).unwrap();

    // A valid change: the PDF is rewritten.
    edit(&yaml, "nom: Ressource 1.1,", "nom: Ressource un,");
    let out = w.wait_for("rebuilt in");
    assert!(out.contains("wrote out/year/livret-but1.pdf"), "{out}");
    let second = std::fs::read(&pdf).unwrap();
    assert_ne!(first, second, "the PDF was not rewritten");

    // A broken change: the diagnostic is printed, the PDF is kept.
    edit(&yaml, "niveau: 1, ects: 15", "niveau: 1, ectss: 15");
    let out = w.wait_for("rebuilt in");
    assert!(out.contains("error[yaml]: unknown key `ectss`"), "{out}");
    assert!(out.contains("--> curricula/year.yaml:"), "{out}");
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        second,
        "the last good PDF changed"
    );

    // The fix: rewritten again.
    edit(&yaml, "ectss: 15", "ects: 15");
    let out = w.wait_for("rebuilt in");
    assert!(out.contains("wrote out/year/livret-but1.pdf"), "{out}");

    // Deletion, then restore (as an editor that saves by rename would).
    let saved = std::fs::read(&yaml).unwrap();
    std::fs::remove_file(&yaml).unwrap();
    let out = w.wait_for("rebuilt in");
    assert!(out.contains("curricula/year.yaml was deleted"), "{out}");
    assert!(pdf.is_file(), "the PDF of a deleted curriculum is kept");
    let tmp = dir.path().join("curricula/.year.yaml.tmp");
    std::fs::write(&tmp, &saved).unwrap();
    std::fs::rename(&tmp, &yaml).unwrap();
    let out = w.wait_for("rebuilt in");
    assert!(out.contains("wrote out/year/livret-but1.pdf"), "{out}");

    // It never exits by itself.
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        w.child.try_wait().unwrap().is_none(),
        "watch exited by itself"
    );

    // Ctrl-C stops it cleanly.
    let status = Command::new("kill")
        .arg("-INT")
        .arg(w.child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
    w.wait_for("stopped");
    let code = w.child.wait().unwrap();
    assert!(code.success(), "{code:?}");
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// `watch` on a cohort of `students`, signalled with `signal` once the first
/// relevés are written: how long it took to exit, its output, and the files
/// left in `out/`.
fn interrupted(signal: &str, students: usize) -> (Duration, String, Vec<std::path::PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("curricula")).unwrap();
    std::fs::create_dir(dir.path().join("cohorts")).unwrap();
    std::fs::copy(
        "tests/fixtures/valid/year.yaml",
        dir.path().join("curricula/year.yaml"),
    )
    .unwrap();
    let text = common::year_cohort_text();
    let (head, _) = text.split_once("etudiants:\n").unwrap();
    let mut big = format!("{head}etudiants:\n");
    for i in 0..students {
        big.push_str(&format!(
            "  - numero: \"{i}\"\n    nom: Nom{i}\n    prenom: Prénom\n    notes:\n      1: {{ R1.1: 12, S1.1: 12, R1.2: 12, S1.2: 12 }}\n      2: {{ R2.1: 12, S2.1: 12, R2.2: 12, S2.2: 12 }}\n"
        ));
    }
    std::fs::write(dir.path().join("cohorts/big.yaml"), big).unwrap();

    let mut w = Watch::start(dir.path());
    let out = dir.path().join("out");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !files_under(&out)
        .iter()
        .any(|p| p.to_string_lossy().contains("releve"))
    {
        assert!(Instant::now() < deadline, "no relevé written within 60 s");
        assert!(w.child.try_wait().unwrap().is_none(), "watch exited");
        std::thread::sleep(Duration::from_millis(20));
    }
    let sent = Instant::now();
    let status = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(w.child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
    let code = loop {
        if let Some(code) = w.child.try_wait().unwrap() {
            break code;
        }
        assert!(
            sent.elapsed() < Duration::from_secs(30),
            "watch did not stop"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    let took = sent.elapsed();
    assert!(code.success(), "{signal}: {code:?}");
    let mut said = String::new();
    while let Ok(line) = w.lines.recv_timeout(Duration::from_millis(200)) {
        said.push_str(&line);
        said.push('\n');
    }
    let mut stderr = w.child.stderr.take().unwrap();
    std::io::Read::read_to_string(&mut stderr, &mut said).unwrap();
    (took, said, files_under(&out))
}

#[test]
fn sigint_and_sigterm_stop_a_long_build_within_a_second_leaving_no_temporary_file() {
    const STUDENTS: usize = 400;
    for signal in ["INT", "TERM"] {
        let (took, said, files) = interrupted(signal, STUDENTS);
        eprintln!(
            "SIG{signal}: stopped {} ms after the signal",
            took.as_millis()
        );
        assert!(
            took < Duration::from_secs(1),
            "{signal}: stopped {} ms after the signal",
            took.as_millis()
        );
        assert!(said.contains("stopped"), "{signal}: {said}");
        let releves = files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
            .filter(|p| p.to_string_lossy().contains("releve"))
            .count();
        assert!(
            releves < STUDENTS,
            "{signal}: all {releves} relevés were made: the build was not stopped"
        );
        let temporary: Vec<_> = files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "tmp"))
            .collect();
        assert!(temporary.is_empty(), "{signal}: left {temporary:?}");
    }
}
