//! Watch benchmark (issue 7): from the save of seed 000's YAML to its booklet
//! rewritten, debounce included. Run: `cargo bench --bench watch`.
//!
//! Starts `maquette watch` on a temporary copy of the curriculum, then saves
//! it 20 times with a teaching renamed (so the document really changes), and
//! times each save until watch reports the rebuild (the PDF is renamed into
//! place before that line is printed).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn main() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("curricula")).unwrap();
    let yaml = dir.path().join("curricula/mmi-but1-dijon.yaml");
    std::fs::copy("curricula/mmi-but1-dijon.yaml", &yaml).unwrap();
    let original = std::fs::read_to_string(&yaml).unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_maquette"))
        .arg("watch")
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send((Instant::now(), line));
        }
    });
    let wait = |text: &str| loop {
        let (at, line) = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("watch answered");
        if line.contains(text) {
            return at;
        }
    };
    wait("watching");

    let mut latencies = Vec::new();
    for i in 0..20 {
        let text = original.replacen("nom: \"Anglais\"", &format!("nom: \"Anglais {i}\""), 1);
        let t = Instant::now();
        std::fs::write(&yaml, text).unwrap();
        let at = wait("rebuilt in");
        latencies.push(at - t);
        std::thread::sleep(Duration::from_millis(150));
    }
    let _ = child.kill();
    let _ = child.wait();
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "save → booklet rewritten, 20 edits: median {:.1} ms, min {:.1}, max {:.1} (debounce {} ms)",
        ms(latencies[10]),
        ms(latencies[0]),
        ms(latencies[19]),
        maquette::watch::DEBOUNCE.as_millis()
    );
}
