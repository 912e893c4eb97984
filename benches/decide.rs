//! Decision benchmark (issue 5): 10,000 students of the MMI first year
//! (seed 000's curriculum), every decision computed. Run: `cargo bench --bench decide`.

use std::collections::BTreeMap;
use std::time::Instant;

use maquette::decide::{Input, decide};
use maquette::model::Jury;
use maquette::model::grade::{AbjRule, Grade, Grades, Marks};
use maquette::project::check_file;
use rust_decimal::Decimal;

fn main() {
    let c = check_file("curricula/mmi-but1-dijon.yaml".as_ref())
        .unwrap()
        .curriculum
        .unwrap();
    let parcours = c.parcours[0].code.clone();
    // Deterministic pseudo-random grades (a linear congruential generator).
    let mut seed: u64 = 42;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % 2001
    };
    let teachings: Vec<(u8, String)> = c
        .semesters_of(&parcours)
        .flat_map(|s| {
            s.teachings
                .iter()
                .map(move |t| (s.number.value, t.code.value.clone()))
        })
        .collect();
    let students: Vec<Grades> = (0..10_000)
        .map(|_| {
            teachings
                .iter()
                .map(|k| {
                    let g = Grade::Value(Decimal::new(next() as i64, 2));
                    (k.clone(), Marks::One(g))
                })
                .collect()
        })
        .collect();
    let mut runs = Vec::new();
    let mut codes = BTreeMap::new();
    for _ in 0..5 {
        let t = Instant::now();
        for g in &students {
            let d = decide(&Input {
                curriculum: &c,
                parcours: &parcours,
                year: 1,
                jury: Jury::Even,
                grades: g,
                prior: &[],
                repeated: &[],
                overrides: &[],
                abj: AbjRule::Neutralised,
            });
            *codes.entry(d.decision).or_insert(0u32) += 1;
        }
        runs.push(t.elapsed());
    }
    runs.sort();
    println!(
        "10,000 students, seed 000 curriculum: median of 5 runs {:.1} ms (min {:.1}, max {:.1})",
        runs[2].as_secs_f64() * 1e3,
        runs[0].as_secs_f64() * 1e3,
        runs[4].as_secs_f64() * 1e3
    );
    println!("year decisions over the runs: {codes:?}");
}
