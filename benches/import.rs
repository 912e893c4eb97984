//! `maquette import` benchmark (issue 16): 1,000 students × the 48
//! teachings of the MMI first year (seed 000), as one
//! XLSX workbook with a sheet per semester (A), and as two French Excel
//! CSV files, `;` and decimal commas (B), read, checked and written as a
//! cohort's YAML. A and B alternate in one run. Then, on the cohort
//! written: a re-import of the CSV files over it (C, `--mettre-a-jour`),
//! and its decisions exported into an Apogée interchange file of the same
//! 1,000 students (D: the cohort checked and decided, the file filled).
//! Run: `cargo bench --bench import`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use maquette::project::check_file;

const CURRICULUM: &str = "curricula/mmi-but1-dijon.yaml";

fn main() {
    let c = check_file(CURRICULUM.as_ref()).unwrap().curriculum.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut seed: u64 = 7;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % 2001
    };
    let mut book = rust_xlsxwriter::Workbook::new();
    let mut csvs: Vec<PathBuf> = Vec::new();
    let mut teachings = 0;
    for s in c.semesters.iter().filter(|s| s.number.value <= 2) {
        let sheet = book.add_worksheet();
        sheet.set_name(format!("S{}", s.number.value)).unwrap();
        let mut csv = String::from("numero;nom;prenom");
        for (i, h) in ["numero", "nom", "prenom"].iter().enumerate() {
            sheet.write_string(0, i as u16, *h).unwrap();
        }
        for (j, t) in s.teachings.iter().enumerate() {
            sheet.write_string(0, 3 + j as u16, &t.code.value).unwrap();
            csv.push(';');
            csv.push_str(&t.code.value);
        }
        teachings += s.teachings.len();
        csv.push_str("\r\n");
        for i in 0..1000u32 {
            let numero = format!("{}", 2_400_000 + i);
            sheet.write_string(i + 1, 0, &numero).unwrap();
            sheet.write_string(i + 1, 1, format!("NOM{i}")).unwrap();
            sheet.write_string(i + 1, 2, format!("Prénom{i}")).unwrap();
            csv.push_str(&format!("{numero};NOM{i};Prénom{i}"));
            for j in 0..s.teachings.len() {
                let g = next();
                sheet
                    .write_number(i + 1, 3 + j as u16, g as f64 / 100.0)
                    .unwrap();
                csv.push_str(&format!(";{},{:02}", g / 100, g % 100));
            }
            csv.push_str("\r\n");
        }
        let path = dir.path().join(format!("s{}.csv", s.number.value));
        std::fs::write(&path, csv).unwrap();
        csvs.push(path);
    }
    let xlsx = dir.path().join("notes.xlsx");
    book.save(&xlsx).unwrap();
    let out = dir.path().join("cohorte.yaml");
    let import = |files: &[PathBuf], update: bool| {
        let imported = maquette::project::import(&maquette::project::ImportJob {
            files: files.to_vec(),
            curriculum: CURRICULUM.into(),
            out: out.clone(),
            year: 1,
            jury: maquette::model::Jury::Even,
            annee_universitaire: None,
            columns: None,
            update,
        })
        .unwrap();
        assert!(imported.yaml.is_some(), "{:?}", imported.findings.first());
        imported
    };
    let run = |files: &[PathBuf]| import(files, false).grades;
    let grades = run(std::slice::from_ref(&xlsx));
    assert_eq!(grades, 1000 * teachings);
    let (mut a, mut b): (Vec<Duration>, Vec<Duration>) = (Vec::new(), Vec::new());
    for _ in 0..7 {
        let t = Instant::now();
        std::hint::black_box(run(std::slice::from_ref(&xlsx)));
        a.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(run(&csvs));
        b.push(t.elapsed());
    }
    a.sort();
    b.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!("1,000 students × {teachings} teachings = {grades} grades; 7 interleaved runs");
    println!(
        "A XLSX workbook (2 sheets): median {:.0} ms (min {:.0}, max {:.0})",
        ms(a[3]),
        ms(a[0]),
        ms(a[6])
    );
    println!(
        "B two CSV files:            median {:.0} ms (min {:.0}, max {:.0})",
        ms(b[3]),
        ms(b[0]),
        ms(b[6])
    );
    println!("A / B: {:.2}", ms(a[3]) / ms(b[3]));

    // C and D on the cohort the CSV files give.
    std::fs::write(&out, import(&csvs, false).yaml.unwrap()).unwrap();
    let example = std::fs::read("examples/mmi-but1/etape-mmi1.TXT").unwrap();
    let text = encoding_rs::WINDOWS_1252.decode(&example).0.into_owned();
    let values = text.find("XX-APO_VALEURS-XX").unwrap();
    let header_end = values + text[values..].find("\r\n").unwrap() + 2;
    let header_end = header_end + text[header_end..].find("\r\n").unwrap() + 2;
    let width = text[values..header_end]
        .lines()
        .nth(1)
        .unwrap()
        .split('\t')
        .count();
    let mut apogee = text[..header_end].to_string();
    for i in 0..1000u32 {
        apogee.push_str(&format!(
            "{}\tNOM{i}\tPrénom{i}\t 01/01/2006",
            2_400_000 + i
        ));
        apogee.push_str(&"\t".repeat(width - 4));
        apogee.push_str("\r\n");
    }
    let etape = dir.path().join("etape.TXT");
    std::fs::write(&etape, encoding_rs::WINDOWS_1252.encode(&apogee).0).unwrap();
    let export = || {
        let (_, filled) = maquette::project::export_apogee(&out, &etape, None).unwrap();
        let filled = filled.expect("the cohort decides");
        assert!(filled.bytes.is_some(), "{:?}", filled.findings.first());
        filled.students
    };
    assert_eq!(export(), 1000);
    let (mut c, mut d): (Vec<Duration>, Vec<Duration>) = (Vec::new(), Vec::new());
    for _ in 0..7 {
        let t = Instant::now();
        std::hint::black_box(import(&csvs, true));
        c.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(export());
        d.push(t.elapsed());
    }
    c.sort();
    d.sort();
    println!(
        "C re-import over the cohort:  median {:.0} ms (min {:.0}, max {:.0})",
        ms(c[3]),
        ms(c[0]),
        ms(c[6])
    );
    println!(
        "D export to Apogée (1,000):   median {:.0} ms (min {:.0}, max {:.0})",
        ms(d[3]),
        ms(d[0]),
        ms(d[6])
    );
}
