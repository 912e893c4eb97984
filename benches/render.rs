//! Rendering benchmark (issue 3): seed 000's booklet, in-process, fonts loaded.
//!
//! Run: `cargo bench --bench render`. Prints the median of 30 runs for the
//! template step, the Typst compile + PDF export with an empty typst cache
//! (what a first render costs), and the same with the cache kept (what a
//! rebuild of an unchanged document costs). It also writes the generated Typst
//! to `target/bench-booklet.typ`, for timing the typst CLI on the same source.

use std::time::{Duration, Instant};

use maquette::project::check_file;
use maquette::project::{Options, Project};
use maquette::render::views;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    let c = check_file("curricula/mmi-but1-dijon.yaml".as_ref())
        .unwrap()
        .curriculum
        .unwrap();
    let spec = &views::booklets(&c)[0];
    let view = views::booklet(&c, spec, Some(maquette::project::STAMP.into()));
    let date = maquette::project::document_date(None);

    let t = Instant::now();
    let project = Project::new(Options::default()).unwrap();
    let renderer = project.renderer();
    println!("load templates and fonts: {}", ms(t.elapsed()));

    let source = renderer.source("booklet.typ.j2", &view).unwrap();
    std::fs::write("target/bench-booklet.typ", &source).unwrap();

    let runs = 30;
    let (mut template, mut cold, mut warm) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        let src = renderer.source("booklet.typ.j2", &view).unwrap();
        template.push(t.elapsed());

        renderer.evict_cache(0);
        let t = Instant::now();
        let pdf = renderer
            .pdf("booklet.typ.j2", src.clone(), "bench", date)
            .unwrap();
        cold.push(t.elapsed());
        assert!(pdf.len() > 10_000);

        let t = Instant::now();
        renderer.pdf("booklet.typ.j2", src, "bench", date).unwrap();
        warm.push(t.elapsed());
    }
    // Typst compile alone, empty cache, with the typst CLI's own timing for comparison.
    let mut compile_only = Vec::new();
    for _ in 0..runs {
        renderer.evict_cache(0);
        let t = Instant::now();
        renderer.compile_only(&source).unwrap();
        compile_only.push(t.elapsed());
    }
    // The build's situation: other documents rendered before in the process.
    let other = check_file("curricula/informatique-rodez-2025-2026.yaml".as_ref())
        .unwrap()
        .curriculum
        .unwrap();
    let other_view = views::booklet(&other, &views::booklets(&other)[0], None);
    let mut after_other = Vec::new();
    for _ in 0..runs {
        renderer.evict_cache(0);
        renderer
            .document("booklet.typ.j2", &other_view, "other", date)
            .unwrap();
        let t = Instant::now();
        renderer
            .document("booklet.typ.j2", &view, "bench", date)
            .unwrap();
        after_other.push(t.elapsed());
    }
    // Issue 4: seed 004's whole deliberation (26 pages), fonts loaded.
    let delib = maquette::render::views::deliberation(&other, None).unwrap();
    renderer
        .document("deliberation.typ.j2", &delib, "delib", date)
        .unwrap();
    let (mut delib_cold, mut delib_warm) = (Vec::new(), Vec::new());
    for _ in 0..10 {
        let t = Instant::now();
        renderer
            .document("deliberation.typ.j2", &delib, "delib", date)
            .unwrap();
        delib_warm.push(t.elapsed());
        renderer.evict_cache(0);
        let t = Instant::now();
        renderer
            .document("deliberation.typ.j2", &delib, "delib", date)
            .unwrap();
        delib_cold.push(t.elapsed());
    }
    println!("seed 004 deliberation (template + compile + PDF/A export), median of 10:");
    println!(
        "  typst cache kept (warm):              {}",
        ms(median(delib_warm))
    );
    println!(
        "  empty typst cache:                    {}",
        ms(median(delib_cold))
    );
    println!("seed 000 booklet, median of {runs}:");
    println!(
        "  whole document after another booklet: {}",
        ms(median(after_other))
    );
    println!(
        "  typst compile alone, empty cache:     {}",
        ms(median(compile_only))
    );
    println!(
        "  template (MiniJinja):                 {}",
        ms(median(template))
    );
    println!(
        "  compile + PDF/A export, empty cache:  {}",
        ms(median(cold))
    );
    println!(
        "  compile + PDF/A export, cache kept:   {}",
        ms(median(warm))
    );
}
