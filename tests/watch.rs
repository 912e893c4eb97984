//! `maquette watch` on a temporary copy of a curriculum: a valid change
//! rewrites the PDF, a broken one keeps it and prints the diagnostic, a fix
//! rewrites it, a deletion is reported and a restore picks the file up again;
//! the process never exits by itself, and Ctrl-C stops it cleanly.

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
