//! The command line: exit codes (0 clean, 1 errors, 2 could not run), the
//! default folder, the summary line and the JSON format.

use assert_cmd::Command;

fn maquette() -> Command {
    Command::cargo_bin("maquette").unwrap()
}

#[test]
fn a_clean_curriculum_exits_0_with_an_ok_summary() {
    let out = maquette()
        .args(["check", "tests/fixtures/valid/year.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "tests/fixtures/valid/year.yaml: ok\n"
    );
}

#[test]
fn warnings_alone_exit_0() {
    let out = maquette()
        .args(["check", "tests/fixtures/rules/projet-tutore.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .ends_with("projet-tutore.yaml: ok, 1 warning\n")
    );
}

#[test]
fn an_error_exits_1() {
    let out = maquette()
        .args(["check", "tests/fixtures/rules/pole-weight.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_missing_path_exits_2_with_a_message() {
    let out = maquette()
        .args(["check", "no/such/file.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("error: cannot read no/such/file.yaml"),
        "{err}"
    );
}

#[test]
fn a_folder_without_curricula_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = maquette().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn without_paths_check_reads_the_curricula_folder() {
    let out = maquette().arg("check").output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    for name in [
        "informatique-rodez-2025-2026",
        "mmi-but1-dijon",
        "mmi-but2-scn2d-alternance-dijon",
        "mmi-but3-cn-alternance-dijon",
    ] {
        assert!(
            stdout.contains(&format!("curricula/{name}.yaml: ")),
            "{name} missing from\n{stdout}"
        );
    }
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn json_output_lists_each_finding_with_its_position() {
    let out = maquette()
        .args([
            "check",
            "--format",
            "json",
            "tests/fixtures/rules/pole-weight.yaml",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let file = &v["files"][0];
    assert_eq!(file["file"], "tests/fixtures/rules/pole-weight.yaml");
    assert_eq!(file["errors"], 1);
    let d = &file["diagnostics"][0];
    assert_eq!(d["rule"], "pole-weight");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["line"], 13);
    assert_eq!(d["column"], 17);
    assert!(d["source"].as_str().unwrap().contains("annexe 1 §4.3"));
}
