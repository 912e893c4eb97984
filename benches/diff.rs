//! `maquette diff` benchmark (issue 17): the Informatique curriculum (seed
//! 004) against an edited copy of it, as the command does it: both files
//! read, loaded and checked, compared, and the terminal text worded (A);
//! then the same with the PDF synthèse, its renderer loaded as the command
//! loads it (B). A and B alternate in one run. Run: `cargo bench --bench diff`.

use std::time::{Duration, Instant};

use maquette::project::diff::{Version, diff, pdf};
use maquette::render::{Renderer, changes};

const SOURCE: &str = "curricula/informatique-rodez-2025-2026.yaml";

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(SOURCE).unwrap();
    // A council's year of edits: hours, a coefficient, ECTS moved, a text,
    // and a code renamed everywhere.
    let mut edited = text.clone();
    for (from, to) in [
        ("ects: 5", "ects: 6"),
        ("ects: 5", "ects: 4"),
        ("coef: 2", "coef: 3"),
        ("td: 12", "td: 15"),
        (" le ", " un "),
    ] {
        edited = edited.replacen(from, to, 1);
    }
    let old = dir.path().join("old.yaml");
    let new = dir.path().join("new.yaml");
    std::fs::write(&old, &text).unwrap();
    std::fs::write(&new, &edited).unwrap();
    let (old, new) = (Version::File(old), Version::File(new));

    let text_only = || {
        let c = diff(&old, &new).unwrap().unwrap();
        (c.changes.len(), changes::text(&c).len())
    };
    let with_pdf = || {
        let c = diff(&old, &new).unwrap().unwrap();
        let renderer = Renderer::new(None).unwrap();
        (c.changes.len(), pdf(&renderer, &c).unwrap().len())
    };
    let (n, _) = text_only();
    let (_, bytes) = with_pdf();
    let (mut a, mut b): (Vec<Duration>, Vec<Duration>) = (Vec::new(), Vec::new());
    for _ in 0..15 {
        let t = Instant::now();
        std::hint::black_box(text_only());
        a.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(with_pdf());
        b.push(t.elapsed());
    }
    a.sort();
    b.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!("{n} changes; PDF {bytes} bytes; 15 interleaved runs");
    println!(
        "A diff, terminal text:  median {:.1} ms (min {:.1}, max {:.1})",
        ms(a[7]),
        ms(a[0]),
        ms(a[14])
    );
    println!(
        "B diff + PDF synthèse:  median {:.1} ms (min {:.1}, max {:.1})",
        ms(b[7]),
        ms(b[0]),
        ms(b[14])
    );
    println!("B / A: {:.2}", ms(b[7]) / ms(a[7]));
}
