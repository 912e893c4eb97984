//! `maquette import` on files in their real formats: spreadsheets written
//! by a spreadsheet library (rust_xlsxwriter), and a CSV as Excel writes it
//! in France (Windows-1252, `;`, decimal commas). Every bad cell gets a
//! finding naming its file, sheet and cell; nothing is written then.

use std::path::Path;

use maquette::model::grade::{Grade, Marks};
use maquette::project::{Checked, check_path};
use rust_xlsxwriter::{Format, Workbook};

const CURRICULUM: &str = "tests/fixtures/valid/year.yaml";

/// `maquette import ARGS…` run in `dir`: exit code, stdout, stderr.
fn import(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let curriculum = std::fs::canonicalize(CURRICULUM).unwrap();
    let out = assert_cmd::Command::cargo_bin("maquette")
        .unwrap()
        .current_dir(dir)
        .arg("import")
        .args(args)
        .args(["--maquette", curriculum.to_str().unwrap(), "--annee", "1"])
        .args(["--annee-universitaire", "2025-2026"])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A workbook with one sheet per semester, each `rows` of cells written as
/// numbers when they parse as such, else as text.
fn workbook(path: &Path, sheets: &[(&str, &[&[&str]])]) {
    let mut book = Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                if cell.is_empty() {
                    continue;
                }
                match cell.parse::<f64>() {
                    Ok(n) if r > 0 && c > 2 => sheet.write_number(r, c, n).map(|_| ()),
                    _ => sheet.write_string(r, c, *cell).map(|_| ()),
                }
                .unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

const S1: &[&[&str]] = &[
    &["numero", "nom", "prénom", "R1.1", "R1.2", "S1.1", "S1.2"],
    &["2400001", "ARNAUD", "Alice", "12.5", "9.995", "14", "ABJ"],
    &["2400002", "BLANC", "Bruno", "8", "11", "7.25", "10"],
];
const S2: &[&[&str]] = &[
    &["numero", "nom", "prénom", "R2.1", "R2.2", "S2.1", "S2.2"],
    &["2400001", "ARNAUD", "Alice", "13", "12", "15", "16"],
    &["2400002", "BLANC", "Bruno", "9", "10", "11", "ABI"],
];

fn grades(cohort: &Path) -> Vec<(String, u8, String, Grade)> {
    let Checked::Cohort(report, Some(c)) = check_path(cohort).unwrap() else {
        panic!("not a cohort");
    };
    assert_eq!(
        report.count(maquette::diag::Severity::Error),
        0,
        "{:?}",
        report.findings.diagnostics
    );
    let mut out = Vec::new();
    for s in &c.students {
        for (sem, code, g) in s.grades.iter() {
            let Marks::One(g) = g else {
                panic!("a spreadsheet gives one grade per teaching")
            };
            out.push((s.numero.clone(), sem, code.to_string(), *g));
        }
    }
    out
}

#[test]
fn a_workbook_with_a_sheet_per_semester_becomes_a_cohort_value_by_value() {
    let dir = tempfile::tempdir().unwrap();
    workbook(&dir.path().join("notes.xlsx"), &[("S1", S1), ("S2", S2)]);
    let (code, stdout, stderr) = import(dir.path(), &["notes.xlsx", "-o", "cohorte.yaml"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("2 students, 16 grades"), "{stdout}");
    let cohort = dir.path().join("cohorte.yaml");
    let read = grades(&cohort);
    assert_eq!(read.len(), 16);
    let find = |n: &str, code: &str| {
        read.iter()
            .find(|g| g.0 == n && g.2 == code)
            .map(|g| g.3)
            .unwrap()
    };
    assert_eq!(
        find("2400001", "R1.1"),
        Grade::Value("12.5".parse().unwrap())
    );
    // 9,995 typed in a spreadsheet is stored in binary; it is read as typed.
    assert_eq!(
        find("2400001", "R1.2"),
        Grade::Value("9.995".parse().unwrap())
    );
    assert_eq!(find("2400001", "S1.2"), Grade::Abj);
    assert_eq!(find("2400002", "S2.2"), Grade::Abi);
    // What the import leaves to fill (the jury) is listed by check.
    let out = assert_cmd::Command::cargo_bin("maquette")
        .unwrap()
        .args(["check", cohort.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("warning[to-fill]: remains to fill: the jury's date"),
        "{text}"
    );
    assert!(
        text.contains("warning[to-fill]: remains to fill: the jury's president"),
        "{text}"
    );
    // And the cohort is decided as a hand-written one.
    let out = assert_cmd::Command::cargo_bin("maquette")
        .unwrap()
        .args(["decide", cohort.to_str().unwrap(), "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("2400001"));
}

#[test]
fn every_bad_cell_is_a_finding_at_its_cell_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes-s1.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("S1").unwrap();
    for (c, h) in [
        "numero", "nom", "prénom", "R1.1", "R1.2", "S1.1", "S1.2", "R9.9",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (n, name)) in [
        ("2400001", "ARNAUD"),
        ("2400002", "BLANC"),
        ("2400001", "ARNAUD"),
    ]
    .iter()
    .enumerate()
    {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *n).unwrap();
        sheet.write_string(r, 1, *name).unwrap();
        sheet.write_string(r, 2, "X").unwrap();
        for c in 3..8 {
            sheet.write_number(r, c, 12.0).unwrap();
        }
    }
    sheet.write_string(1, 3, "12,5 ").unwrap(); // D2: a space after the grade
    sheet.write_blank(1, 4, &Format::new()).unwrap(); // E2: no grade
    sheet.write_formula(1, 5, "=D3+1").unwrap(); // F2: a formula
    sheet.merge_range(2, 5, 2, 6, "12", &Format::new()).unwrap(); // F3:G3 merged
    book.save(&path).unwrap();

    let (code, _, stderr) = import(dir.path(), &["notes-s1.xlsx", "-o", "cohorte.yaml"]);
    assert_eq!(code, 1, "{stderr}");
    for expected in [
        "notes-s1.xlsx, feuille S1, H1: the column R9.9 is no teaching of year 1",
        "notes-s1.xlsx, feuille S1, D2: R1.1 of student 2400001 holds \"12,5 \", with a space around it: write 12,5",
        "notes-s1.xlsx, feuille S1, E2: R1.2 of student 2400001 has no grade",
        "notes-s1.xlsx, feuille S1, F2: S1.1 of student 2400001 is a formula (=D3+1)",
        "notes-s1.xlsx, feuille S1, G3: S1.2 of student 2400002 is merged with another cell",
        "notes-s1.xlsx, feuille S1, ligne 4: student 2400001 is here twice (first at ligne 2)",
        "no sheet or file gives a grade of S2",
    ] {
        assert!(stderr.contains(expected), "{expected}\nnot in:\n{stderr}");
    }
    assert!(!dir.path().join("cohorte.yaml").exists());
}

#[test]
fn a_french_excel_csv_in_windows_1252_with_decimal_commas_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let s1: &[u8] = b"numero;nom;pr\xe9nom;R1.1;R1.2;S1.1;S1.2\r\n2400003;B\xc9RANGER;Ana\xefs;12,5;9,75;ABJ;14\r\n";
    let s2: &[u8] =
        b"numero;nom;pr\xe9nom;R2.1;R2.2;S2.1;S2.2\r\n2400003;B\xc9RANGER;Ana\xefs;10;11;12;13\r\n";
    std::fs::write(dir.path().join("s1.csv"), s1).unwrap();
    std::fs::write(dir.path().join("s2.csv"), s2).unwrap();
    let (code, stdout, stderr) = import(dir.path(), &["s1.csv", "s2.csv", "-o", "cohorte.yaml"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let text = std::fs::read_to_string(dir.path().join("cohorte.yaml")).unwrap();
    assert!(text.contains("nom: \"BÉRANGER\""), "{text}");
    assert!(text.contains("prenom: \"Anaïs\""), "{text}");
    let read = grades(&dir.path().join("cohorte.yaml"));
    assert!(
        read.iter()
            .any(|g| g.2 == "R1.1" && g.3 == Grade::Value("12.5".parse().unwrap()))
    );
    assert!(
        read.iter()
            .any(|g| g.2 == "R1.2" && g.3 == Grade::Value("9.75".parse().unwrap()))
    );
}

#[test]
fn a_file_the_user_gave_is_never_written_over() {
    let dir = tempfile::tempdir().unwrap();
    workbook(&dir.path().join("notes.xlsx"), &[("S1", S1), ("S2", S2)]);
    let before = std::fs::read(dir.path().join("notes.xlsx")).unwrap();
    let (code, _, stderr) = import(dir.path(), &["notes.xlsx", "-o", "notes.xlsx"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("never writes over a file"), "{stderr}");
    assert_eq!(
        std::fs::read(dir.path().join("notes.xlsx")).unwrap(),
        before
    );
}

#[test]
fn an_ods_workbook_written_by_an_ods_library_is_read_as_an_xlsx_one() {
    use spreadsheet_ods::{Sheet, WorkBook, write_ods};
    let dir = tempfile::tempdir().unwrap();
    let mut book = WorkBook::new_empty();
    for (name, rows) in [("S1", S1), ("S2", S2)] {
        let mut sheet = Sheet::new(name);
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u32);
                match cell.parse::<f64>() {
                    Ok(n) if r > 0 && c > 2 => sheet.set_value(r, c, n),
                    _ => sheet.set_value(r, c, *cell),
                }
            }
        }
        book.push_sheet(sheet);
    }
    write_ods(&mut book, dir.path().join("notes.ods")).unwrap();
    let (code, stdout, stderr) = import(dir.path(), &["notes.ods", "-o", "cohorte.yaml"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let read = grades(&dir.path().join("cohorte.yaml"));
    assert_eq!(read.len(), 16);
    assert!(read.iter().any(|g| g.0 == "2400001"
        && g.2 == "R1.2"
        && g.3 == Grade::Value("9.995".parse().unwrap())));
}

#[test]
fn dates_columns_without_header_and_numbers_as_student_numbers_are_said() {
    use rust_xlsxwriter::ExcelDateTime;
    let dir = tempfile::tempdir().unwrap();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("S1").unwrap();
    for (c, h) in ["N°", "Nom", "Prénom", "R1.1", "R1.2", "S1.1", "S1.2"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_number(1, 0, 2400001.0).unwrap();
    sheet.write_string(1, 1, "ARNAUD").unwrap();
    sheet.write_string(1, 2, "Alice").unwrap();
    let time = ExcelDateTime::parse_from_str("12:05:00").unwrap();
    sheet
        .write_datetime_with_format(1, 3, &time, &Format::new().set_num_format("hh:mm"))
        .unwrap();
    for c in 4..7 {
        sheet.write_number(1, c, 12.0).unwrap();
    }
    sheet.write_number(1, 8, 15.0).unwrap(); // I2, under no header
    book.save(dir.path().join("s1.xlsx")).unwrap();
    let (code, _, stderr) = import(dir.path(), &["s1.xlsx", "-o", "cohorte.yaml"]);
    assert_eq!(code, 1, "{stderr}");
    for expected in [
        "s1.xlsx, feuille S1, D2: R1.1 of student 2400001 is a date or a time",
        "s1.xlsx, feuille S1, I1: this column has no header a person can read, but s1.xlsx, feuille S1, I2 holds a value",
        "s1.xlsx, feuille S1, A2: the student number 2400001 is stored as a number",
    ] {
        assert!(stderr.contains(expected), "{expected}\nnot in:\n{stderr}");
    }
}

#[test]
fn a_cohort_written_in_the_working_folder_names_its_curriculum_relatively() {
    let dir = tempfile::tempdir().unwrap();
    workbook(&dir.path().join("notes.xlsx"), &[("S1", S1), ("S2", S2)]);
    let (code, _, stderr) = import(dir.path(), &["notes.xlsx", "-o", "cohorte.yaml"]);
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(dir.path().join("cohorte.yaml")).unwrap();
    let line = text.lines().find(|l| l.starts_with("maquette:")).unwrap();
    assert!(line.starts_with("maquette: \"../"), "{line}");
}

/// The worked example of README: the office's CSV files of the shipped MMI
/// first-year cohort, as French Excel saves them, give that cohort's grades
/// exactly.
#[test]
fn the_shipped_example_spreadsheets_give_the_shipped_cohort_s_grades() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(".").unwrap();
    let out = assert_cmd::Command::cargo_bin("maquette")
        .unwrap()
        .current_dir(&root)
        .arg("import")
        .args([
            "examples/mmi-but1/notes-s1.csv",
            "examples/mmi-but1/notes-s2.csv",
        ])
        .args([
            "--maquette",
            "curricula/mmi-but1-dijon.yaml",
            "--annee",
            "1",
        ])
        .args(["--annee-universitaire", "2025-2026", "-o"])
        .arg(dir.path().join("cohorte.yaml"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let Checked::Cohort(_, Some(imported)) = check_path(&dir.path().join("cohorte.yaml")).unwrap()
    else {
        panic!("the import is a cohort");
    };
    let Checked::Cohort(_, Some(shipped)) =
        check_path("cohorts/mmi-but1-2025-2026.yaml".as_ref()).unwrap()
    else {
        panic!("the shipped cohort reads");
    };
    assert_eq!(imported.students.len(), shipped.students.len());
    for (a, b) in imported.students.iter().zip(&shipped.students) {
        assert_eq!(
            (&a.numero, &a.ine, &a.nom, &a.prenom),
            (&b.numero, &b.ine, &b.nom, &b.prenom)
        );
        assert_eq!(a.grades, b.grades, "{}", a.numero);
    }
}

/// ScoDoc's "tableau récapitulatif" export: a title in row 1, the headers in
/// row 2 (`code_nip`, `Nom`, `Prénom`, then UE averages and modules), with
/// its own columns beside (rank, etudid, group, general average).
#[test]
fn scodoc_s_recapitulatif_layout_is_read_with_its_own_columns_said_and_left() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = Workbook::new();
    for (name, sem) in [("S1", 1), ("S2", 2)] {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        sheet
            .write_string(
                0,
                0,
                format!("BUT Fixture semestre {sem} — tableau récapitulatif"),
            )
            .unwrap();
        let headers = [
            "Rg".to_string(),
            "etudid".into(),
            "code_nip".into(),
            "Civ.".into(),
            "Nom".into(),
            "Prénom".into(),
            "Groupe".into(),
            "Moy".into(),
            format!("UE{sem}1"),
            format!("R{sem}.1"),
            format!("S{sem}.1"),
            format!("UE{sem}2"),
            format!("R{sem}.2"),
            format!("S{sem}.2"),
        ];
        for (c, h) in headers.iter().enumerate() {
            sheet.write_string(1, c as u16, h).unwrap();
        }
        for (r, (nip, nom, prenom)) in [
            ("2400001", "ARNAUD", "Alice"),
            ("2400002", "BLANC", "Bruno"),
        ]
        .iter()
        .enumerate()
        {
            let r = r as u32 + 2;
            sheet.write_number(r, 0, f64::from(r - 1)).unwrap();
            sheet.write_number(r, 1, 1000.0 + f64::from(r)).unwrap();
            sheet.write_string(r, 2, *nip).unwrap();
            sheet.write_string(r, 3, "M.").unwrap();
            sheet.write_string(r, 4, *nom).unwrap();
            sheet.write_string(r, 5, *prenom).unwrap();
            sheet.write_string(r, 6, "TD1").unwrap();
            for c in 7..14 {
                sheet.write_number(r, c, 12.5).unwrap();
            }
        }
    }
    book.save(dir.path().join("recap.xlsx")).unwrap();
    let (code, stdout, stderr) = import(dir.path(), &["recap.xlsx", "-o", "cohorte.yaml"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("2 students, 16 grades"), "{stdout}");
    for ignored in [
        "B2: the column etudid",
        "I2: the column UE11",
        "H2: the column Moy",
    ] {
        assert!(stderr.contains(&format!("warning[import-ignored]: recap.xlsx, feuille S1, {ignored} is not a teaching's grade")), "{ignored}\n{stderr}");
    }
}

/// A copy of the shipped MMI first year (curriculum, cohort, the office's
/// CSV files) in a folder of its own, for re-imports over the cohort.
fn shipped_copy(dir: &Path) {
    std::fs::create_dir_all(dir.join("curricula")).unwrap();
    std::fs::create_dir_all(dir.join("cohorts")).unwrap();
    std::fs::copy(
        "curricula/mmi-but1-dijon.yaml",
        dir.join("curricula/mmi-but1-dijon.yaml"),
    )
    .unwrap();
    std::fs::copy(
        "cohorts/mmi-but1-2025-2026.yaml",
        dir.join("cohorts/mmi-but1-2025-2026.yaml"),
    )
    .unwrap();
    for f in ["notes-s1.csv", "notes-s2.csv"] {
        std::fs::copy(format!("examples/mmi-but1/{f}"), dir.join(f)).unwrap();
    }
}

fn reimport(dir: &Path) -> (i32, String, String) {
    let out = assert_cmd::Command::cargo_bin("maquette")
        .unwrap()
        .current_dir(dir)
        .args(["import", "notes-s1.csv", "notes-s2.csv"])
        .args([
            "--maquette",
            "curricula/mmi-but1-dijon.yaml",
            "--annee",
            "1",
        ])
        .args(["-o", "cohorts/mmi-but1-2025-2026.yaml", "--mettre-a-jour"])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Appends a row to a Windows-1252 CSV file of the examples.
fn append_row(path: &Path, row: &str) {
    let mut bytes = std::fs::read(path).unwrap();
    bytes.extend_from_slice(&encoding_rs::WINDOWS_1252.encode(row).0);
    bytes.extend_from_slice(b"\r\n");
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_re_import_updates_the_grades_keeps_the_jury_s_parts_and_lists_each_change() {
    let dir = tempfile::tempdir().unwrap();
    shipped_copy(dir.path());
    let before =
        std::fs::read_to_string(dir.path().join("cohorts/mmi-but1-2025-2026.yaml")).unwrap();
    // Bruno's R101 corrected in S1; a student enrolled late.
    let s1 = dir.path().join("notes-s1.csv");
    let text = encoding_rs::WINDOWS_1252
        .decode(&std::fs::read(&s1).unwrap())
        .0
        .into_owned();
    let text = text.replace(
        "2400002;24000020AB;BLANC;Bruno;12;",
        "2400002;24000020AB;BLANC;Bruno;13,5;",
    );
    std::fs::write(&s1, encoding_rs::WINDOWS_1252.encode(&text).0).unwrap();
    append_row(
        &s1,
        &format!("2400008;;GARNIER;Gaël;{}", ["11"; 23].join(";")),
    );
    append_row(
        &dir.path().join("notes-s2.csv"),
        &format!("2400008;;GARNIER;Gaël;{}", ["11"; 24].join(";")),
    );

    let (code, stdout, stderr) = reimport(dir.path());
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("2400002 BLANC Bruno, S1 R101: 12 → 13.5\n"),
        "{stdout}"
    );
    assert!(stdout.contains("2400008 GARNIER Gaël: added\n"), "{stdout}");
    assert_eq!(
        stdout.lines().filter(|l| l.contains(" → ")).count(),
        1,
        "{stdout}"
    );

    // Every line of the cohort is kept but Bruno's S1 grades, in order:
    // comments, the jury, histories, repeats and the jury's decisions.
    let after =
        std::fs::read_to_string(dir.path().join("cohorts/mmi-but1-2025-2026.yaml")).unwrap();
    let old: Vec<&str> = before.lines().collect();
    let new: Vec<&str> = after.lines().collect();
    let changed: Vec<usize> = (0..old.len()).filter(|&i| old[i] != new[i]).collect();
    assert_eq!(changed.len(), 1, "{after}");
    assert!(old[changed[0]].contains("R101: 12, R102: 12"));
    assert!(new[changed[0]].contains("R101: 13.5, R102: 12"));
    assert!(
        new[old.len()..]
            .join("\n")
            .contains("- numero: \"2400008\"")
    );
    assert!(after.contains("decisions:") && after.contains("redoublements: [1, 2]"));

    let Checked::Cohort(report, Some(c)) =
        check_path(&dir.path().join("cohorts/mmi-but1-2025-2026.yaml")).unwrap()
    else {
        panic!("the updated cohort reads");
    };
    assert_eq!(report.count(maquette::diag::Severity::Error), 0);
    assert_eq!(c.students.len(), 8);
    let bruno = c.students.iter().find(|s| s.numero == "2400002").unwrap();
    assert_eq!(
        bruno.grades.get(1, "R101"),
        Some(&Marks::One(Grade::Value("13.5".parse().unwrap())))
    );
}

#[test]
fn a_re_import_with_a_bad_cell_leaves_the_cohort_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    shipped_copy(dir.path());
    let cohort = dir.path().join("cohorts/mmi-but1-2025-2026.yaml");
    let before = std::fs::read(&cohort).unwrap();
    append_row(
        &dir.path().join("notes-s1.csv"),
        &format!("2400009;;HUET;Hugo;12,5 ;{}", ["11"; 22].join(";")),
    );
    let (code, _, stderr) = reimport(dir.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("with a space around it"), "{stderr}");
    assert_eq!(std::fs::read(&cohort).unwrap(), before);
}

#[test]
fn an_existing_cohort_is_only_updated_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    shipped_copy(dir.path());
    let cohort = dir.path().join("cohorts/mmi-but1-2025-2026.yaml");
    let before = std::fs::read(&cohort).unwrap();
    let out = assert_cmd::Command::cargo_bin("maquette")
        .unwrap()
        .current_dir(dir.path())
        .args(["import", "notes-s1.csv", "notes-s2.csv"])
        .args([
            "--maquette",
            "curricula/mmi-but1-dijon.yaml",
            "--annee",
            "1",
        ])
        .args(["-o", "cohorts/mmi-but1-2025-2026.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("add --mettre-a-jour"));
    assert_eq!(std::fs::read(&cohort).unwrap(), before);
}
