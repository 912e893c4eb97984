//! Broken inputs: each one gets a positioned diagnostic and exit code 1,
//! never a panic or a hang. The committed corpus is tests/corpus/*.yaml
//! (one file per way of breaking a curriculum, its first line says how);
//! inputs too big or too odd to commit are generated here.

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;

/// Runs `maquette check` on a file and returns its standard output, after
/// asserting what every broken input must get.
fn check_broken(path: &Path, shown_as: &str) -> String {
    let out = Command::cargo_bin("maquette")
        .unwrap()
        .arg("check")
        .arg(path)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{shown_as}: exit code\n{stdout}{stderr}"
    );
    assert!(
        !stderr.contains("panicked"),
        "{shown_as} panicked: {stderr}"
    );
    let position = format!("--> {}:", path.display());
    let positioned = stdout.lines().any(|l| {
        l.trim_start()
            .strip_prefix(&position)
            .and_then(|rest| rest.split_once(':'))
            .is_some_and(|(line, col)| {
                line.parse::<u32>().is_ok_and(|n| n >= 1) && col.parse::<u32>().is_ok()
            })
    });
    assert!(positioned, "{shown_as}: no file:line:column in\n{stdout}");
    assert!(
        stdout.contains("error["),
        "{shown_as}: no error in\n{stdout}"
    );
    stdout
}

#[test]
fn each_committed_broken_input_is_reported_at_its_position() {
    insta::glob!("corpus/*.yaml", |path| {
        let rel = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap();
        let stdout = check_broken(rel, &rel.display().to_string());
        insta::assert_snapshot!(stdout);
    });
}

#[test]
fn the_committed_corpus_has_at_least_thirty_inputs() {
    let n = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "yaml")
        })
        .count();
    assert!(n >= 30, "only {n} broken inputs");
}

#[test]
fn a_binary_file_is_reported_where_its_text_stops() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("image.yaml");
    let mut bytes = b"formation:\n  mention: x\n".to_vec();
    bytes.extend([0x89, b'P', b'N', b'G', 0x00, 0xff, 0xfe, 0x00]);
    std::fs::write(&path, bytes).unwrap();
    let out = check_broken(&path, "binary file");
    assert!(out.contains(":3:1"), "{out}");
    assert!(out.contains("not UTF-8 text"), "{out}");
}

#[test]
fn a_very_large_file_is_refused_without_being_parsed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    let line = "# padding padding padding padding padding padding padding padding\n";
    let size = maquette::load::MAX_FILE_BYTES as usize + line.len();
    std::fs::write(&path, line.repeat(size / line.len() + 1)).unwrap();
    let out = check_broken(&path, "very large file");
    let mb = maquette::load::MAX_FILE_BYTES / 1_000_000;
    assert!(
        out.contains(&format!("the file is {mb} MB or more")),
        "{out}"
    );
}

#[test]
fn deep_nesting_is_reported_not_overflowed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.yaml");
    let depth = 200_000;
    std::fs::write(
        &path,
        format!("formation: {}{}\n", "[".repeat(depth), "]".repeat(depth)),
    )
    .unwrap();
    check_broken(&path, "deep nesting");
}

#[test]
fn deep_nesting_where_a_list_is_expected_is_reported_not_overflowed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep-list.yaml");
    let depth = 200_000;
    std::fs::write(
        &path,
        format!(
            "formation: {{ mention: x, specialite: y, langues: {}{} }}\nsemestres: []\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
    )
    .unwrap();
    check_broken(&path, "deep nesting in a list");
}
