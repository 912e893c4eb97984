//! `maquette export apogee` on an interchange file laid out as Apogée writes
//! it (examples/mmi-but1/make-apogee.py says from what): Windows-1252, tabs,
//! CRLF, four sections, N/B/J/R columns. A round trip from the office's
//! spreadsheets (import → decide → export) is checked cell by cell.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use maquette::export::apogee::Translation;

const FILE: &str = "examples/mmi-but1/etape-mmi1.TXT";
const CURRICULUM: &str = "curricula/mmi-but1-dijon.yaml";

fn maquette(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = assert_cmd::Command::cargo_bin("maquette")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn abs(p: &str) -> String {
    std::fs::canonicalize(p)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// The shipped example spreadsheets imported into `dir/cohorte.yaml`.
fn imported_cohort(dir: &Path) -> PathBuf {
    let (code, stdout, stderr) = maquette(
        dir,
        &[
            "import",
            &abs("examples/mmi-but1/notes-s1.csv"),
            &abs("examples/mmi-but1/notes-s2.csv"),
            "--maquette",
            &abs(CURRICULUM),
            "--annee",
            "1",
            "--annee-universitaire",
            "2025-2026",
            "-o",
            "cohorte.yaml",
        ],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    dir.join("cohorte.yaml")
}

/// The file's lines, as bytes without their CRLF.
fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    bytes
        .split_inclusive(|b| *b == b'\n')
        .map(|l| l.strip_suffix(b"\r\n").expect("every line ends with CRLF"))
        .collect()
}

fn cp1252(bytes: &[u8]) -> String {
    encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned()
}

/// Column id → (element, cell) from APO_COLONNES, and the VALEURS rows by NIP.
struct Read {
    columns: BTreeMap<String, (String, String)>,
    header: Vec<String>,
    rows: BTreeMap<String, Vec<String>>,
}

fn read(bytes: &[u8]) -> Read {
    let text: Vec<String> = lines(bytes).iter().map(|l| cp1252(l)).collect();
    let deb = text.iter().position(|l| l == "APO_COL_VAL_DEB").unwrap();
    let fin = text.iter().position(|l| l == "APO_COL_VAL_FIN").unwrap();
    let columns = text[deb + 1..fin]
        .iter()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_string(), (f[2].to_string(), f[7].to_string()))
        })
        .collect();
    let values = text.iter().position(|l| l == "XX-APO_VALEURS-XX").unwrap();
    let header: Vec<String> = text[values + 1].split('\t').map(String::from).collect();
    let rows = text[values + 2..]
        .iter()
        .map(|l| {
            let f: Vec<String> = l.split('\t').map(String::from).collect();
            (f[0].clone(), f)
        })
        .collect();
    Read {
        columns,
        header,
        rows,
    }
}

#[test]
fn a_round_trip_from_the_spreadsheets_fills_each_cell_with_the_jury_s_result() {
    let dir = tempfile::tempdir().unwrap();
    let cohort = imported_cohort(dir.path());
    std::fs::copy(FILE, dir.path().join("etape.TXT")).unwrap();
    let (code, stdout, stderr) = maquette(
        dir.path(),
        &["export", "apogee", "cohorte.yaml", "--fichier", "etape.TXT"],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    // Written beside the downloaded file, which is left as it was.
    assert!(
        stdout.contains("wrote etape-maquette.TXT: 7 students"),
        "{stdout}"
    );
    let downloaded = std::fs::read(dir.path().join("etape.TXT")).unwrap();
    assert_eq!(downloaded, std::fs::read(FILE).unwrap());
    let filled = std::fs::read(dir.path().join("etape-maquette.TXT")).unwrap();

    let (_, decided) = maquette::project::decide(&cohort).unwrap();
    let decided = decided.unwrap();
    let c = &decided.cohort;
    let t = Translation::default();
    let out = read(&filled);
    let mut checked = 0;
    for (s, d) in c.students.iter().zip(&decided.decisions) {
        let row = &out.rows[&s.numero];
        for (i, id) in out.header.iter().enumerate().skip(4) {
            let Some((element, cell)) = out.columns.get(id) else {
                continue;
            };
            // What the jury decided for that element, by the curriculum's codes.
            let ue = c
                .curriculum
                .semesters
                .iter()
                .flat_map(|sem| sem.ues.iter().map(move |u| (sem, u)))
                .find(|(_, u)| u.code_apogee.as_deref() == Some(element))
                .map(|(sem, u)| {
                    let x = d
                        .ues
                        .iter()
                        .find(|x| x.semester == sem.number.value && x.code == u.code.value)
                        .unwrap();
                    (x.average, Some(x.decision))
                });
            let year = &c.curriculum.apogee[0];
            let rcue = year.rcues.iter().find(|(_, e)| e == element).map(|(k, _)| {
                let x = d
                    .rcues
                    .iter()
                    .find(|r| r.competence == c.curriculum.competences[*k].nom)
                    .unwrap();
                (x.average, Some(x.decision))
            });
            let whole = (year.code.as_deref() == Some(element)).then_some((None, d.decision));
            let Some((average, decision)) = ue.or(rcue).or(whole) else {
                // An element the curriculum does not name (a semester): untouched.
                assert_eq!(row[i], "", "{} {element} {cell}", s.numero);
                continue;
            };
            let expected = match cell.as_str() {
                "N" => average.map(|a| a.to_string()).unwrap_or_default(),
                "B" => average.map(|_| "20".to_string()).unwrap_or_default(),
                "J" => String::new(),
                "R" => decision.map(|x| t.of(x).to_string()).unwrap_or_default(),
                other => panic!("cell {other}"),
            };
            assert_eq!(row[i], expected, "{} {element} {cell}", s.numero);
            checked += 1;
        }
    }
    // 7 students × 16 elements × 4 cells.
    assert_eq!(checked, 7 * 16 * 4);
    // The decisions Apogée has no code for are translated.
    let r = |nip: &str, element: &str| {
        let id = out
            .columns
            .iter()
            .find(|(_, (e, cell))| e == element && cell == "R")
            .unwrap()
            .0;
        let i = out.header.iter().position(|h| h == id).unwrap();
        out.rows[nip][i].clone()
    };
    assert_eq!(r("2400002", "DMM1U1"), "COMP"); // CMP
    assert_eq!(r("2400003", "DMM1AN"), "PASD");
    // The spreadsheets carry no history: Emma's earlier repeat is not known
    // here, so she may repeat (the shipped cohort, which records it, says NAR).
    assert_eq!(r("2400005", "DMM1AN"), "RED");
}

#[test]
fn the_file_keeps_its_encoding_its_crlf_and_every_line_it_does_not_fill() {
    let dir = tempfile::tempdir().unwrap();
    imported_cohort(dir.path());
    let (code, _, stderr) = maquette(
        dir.path(),
        &[
            "export",
            "apogee",
            "cohorte.yaml",
            "--fichier",
            &abs(FILE),
            "-o",
            "rempli.TXT",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let before = std::fs::read(FILE).unwrap();
    let after = std::fs::read(dir.path().join("rempli.TXT")).unwrap();
    let (a, b) = (lines(&before), lines(&after));
    assert_eq!(a.len(), b.len());
    let first_student = a.iter().position(|l| l.starts_with(b"2400001")).unwrap();
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        let kept = i < first_student || x.starts_with(b"2400099");
        assert_eq!(kept, x == y, "line {}: {}", i + 1, cp1252(y));
        // The names are the file's own bytes: Windows-1252, not UTF-8.
        assert_eq!(
            x.split(|c| *c == b'\t').take(4).collect::<Vec<_>>(),
            y.split(|c| *c == b'\t').take(4).collect::<Vec<_>>()
        );
    }
    assert!(after.windows(6).any(|w| w == b"Chlo\xe9\t"));
    assert!(
        std::str::from_utf8(&after).is_err(),
        "the file stays Windows-1252"
    );
}

#[test]
fn students_on_one_side_only_are_listed_and_left_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    imported_cohort(dir.path());
    // Farid FONTAINE (2400006) is not enrolled in the étape in this copy.
    let bytes = std::fs::read(FILE).unwrap();
    let kept: Vec<&[u8]> = bytes
        .split_inclusive(|b| *b == b'\n')
        .filter(|l| !l.starts_with(b"2400006"))
        .collect();
    std::fs::write(dir.path().join("etape.TXT"), kept.concat()).unwrap();
    let (code, _, stderr) = maquette(
        dir.path(),
        &["export", "apogee", "cohorte.yaml", "--fichier", "etape.TXT"],
    );
    assert_eq!(code, 0, "{stderr}");
    for expected in [
        "etape.TXT, ligne 107: student 2400099 ZÉLIE Noé is not in the cohort: the line is left as it is",
        "etape.TXT: student 2400006 FONTAINE Farid of the cohort is not in this file",
        "etape.TXT: the element DMM1S1 (DMM1S1 - Semestre 1 BUT MMI) is no code_apogee of year 1 of the curriculum",
    ] {
        assert!(stderr.contains(expected), "{expected}\nnot in:\n{stderr}");
    }
}

#[test]
fn a_code_the_file_does_not_allow_stops_the_export_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    imported_cohort(dir.path());
    std::fs::copy(FILE, dir.path().join("etape.TXT")).unwrap();
    // CARON Chloé is PASD; this table writes PASD as a code the étape lacks.
    std::fs::write(dir.path().join("codes.yaml"), "PASD: PAS\n").unwrap();
    let (code, _, stderr) = maquette(
        dir.path(),
        &[
            "export",
            "apogee",
            "cohorte.yaml",
            "--fichier",
            "etape.TXT",
            "--codes",
            "codes.yaml",
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("student 2400003 CARON Chloé: PASD for DMM1AN would be written PAS, which the file's XX-APO_TYP_RES-XX does not allow"),
        "{stderr}"
    );
    assert!(!dir.path().join("etape-maquette.TXT").exists());
    // The same table, mapping to a code the file lists, exports.
    std::fs::write(dir.path().join("codes.yaml"), "PASD: PC\n").unwrap();
    let (code, _, stderr) = maquette(
        dir.path(),
        &[
            "export",
            "apogee",
            "cohorte.yaml",
            "--fichier",
            "etape.TXT",
            "--codes",
            "codes.yaml",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let out = read(&std::fs::read(dir.path().join("etape-maquette.TXT")).unwrap());
    assert!(out.rows["2400003"].iter().any(|c| c == "PC"));
}

#[test]
fn the_downloaded_file_is_never_written_over_and_other_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    imported_cohort(dir.path());
    std::fs::copy(FILE, dir.path().join("etape.TXT")).unwrap();
    let (code, _, stderr) = maquette(
        dir.path(),
        &[
            "export",
            "apogee",
            "cohorte.yaml",
            "--fichier",
            "etape.TXT",
            "-o",
            "etape.TXT",
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("never writes over a file"), "{stderr}");
    assert_eq!(
        std::fs::read(dir.path().join("etape.TXT")).unwrap(),
        std::fs::read(FILE).unwrap()
    );
    std::fs::write(
        dir.path().join("notes.TXT"),
        "numero;nom\r\n2400001;ARNAUD\r\n",
    )
    .unwrap();
    let (code, _, stderr) = maquette(
        dir.path(),
        &["export", "apogee", "cohorte.yaml", "--fichier", "notes.TXT"],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("notes.TXT: has no XX-APO_TITRES-XX section: it is not the interchange file Apogée exports for an étape"),
        "{stderr}"
    );
    assert!(!dir.path().join("notes-maquette.TXT").exists());
}

#[test]
fn the_default_translation_gives_every_jury_code_an_apogee_one_and_can_be_changed() {
    use maquette::model::Code;
    let t = Translation::default();
    assert_eq!(t.of(Code::ADSUP), "ADM");
    assert_eq!(t.of(Code::ADJR), "ADM");
    assert_eq!(t.of(Code::CMP), "COMP");
    assert_eq!(t.of(Code::PAS1NCI), "AJAC");
    assert_eq!(t.of(Code::RED), "RED");
    let changed = t
        .with(&BTreeMap::from([("pas1nci".to_string(), "PC".to_string())]))
        .unwrap();
    assert_eq!(changed.of(Code::PAS1NCI), "PC");
    let refused = Translation::default()
        .with(&BTreeMap::from([("ADMIS".to_string(), "ADM".to_string())]))
        .unwrap_err();
    assert!(refused.contains("ADMIS is not a jury code"), "{refused}");
}

#[test]
fn an_apogee_element_names_one_thing_and_rcues_name_known_competences() {
    let text = std::fs::read_to_string(CURRICULUM).unwrap();
    // UE12's element given to UE11 too, and an RCUE of a competence that does not exist.
    let text = text
        .replacen("code_apogee: DMM1U2", "code_apogee: DMM1U1", 1)
        .replace(
            "      Entreprendre: DMM1RC5",
            "      Entreprendre: DMM1RC5\n      Piloter: DMM1RC6",
        );
    let report = maquette::project::check_text("mmi.yaml", text);
    let found: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.rule.id, d.message))
        .collect();
    let joined = found.join("\n");
    assert!(
        joined.contains("duplicate-code the Apogée element `DMM1U1` is defined twice"),
        "{joined}"
    );
    assert!(
        joined.contains("unknown-reference there is no competence `Piloter` here"),
        "{joined}"
    );
}
