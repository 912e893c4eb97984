//! The dependency rule of `src/lib.rs`, checked: each stage imports only the
//! stages below it. Read from the source, so a forbidden `use crate::…` (or
//! a `crate::…::` path written inline) fails `cargo test` with the file and
//! line that breaks the rule.

use std::collections::BTreeMap;
use std::path::Path;

/// What each top-level module of the crate may import of the crate
/// (besides itself).
const ALLOWED: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("diag", &["model"]),
    ("load", &["diag", "model"]),
    ("validate", &["diag", "model"]),
    ("decide", &["diag", "model"]),
    ("draft", &["load", "model"]),
    ("compare", &["model"]),
    ("import", &["diag", "load", "model"]),
    ("export", &["diag", "model", "decide"]),
    ("render", &["diag", "model", "decide", "compare"]),
    ("write", &[]),
    (
        "project",
        &[
            "diag", "model", "load", "validate", "decide", "render", "write", "draft", "compare",
            "import", "export",
        ],
    ),
    (
        "watch",
        &[
            "diag", "model", "load", "validate", "decide", "render", "write", "project",
        ],
    ),
];

/// The top-level module a source file belongs to: `src/load/raw/cohort.rs` → `load`.
fn module_of(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    Some(first.trim_end_matches(".rs").to_string())
}

/// The crate modules a file's code (tests excluded) names: `(line, module)`.
/// Test code starts at the file's first `#[cfg(test)]`, which by the
/// project's convention opens the `tests` module at the end of the file.
fn crate_references(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with("#[cfg(test)]") {
            break;
        }
        // A trailing comment is not code.
        let mut rest = line.split("//").next().unwrap_or("");
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            // `$crate::` in a macro, or `maquette::` spelt as `crate` in a doc link, are not imports.
            let before = rest[..at].chars().last();
            if !name.is_empty() && before != Some('$') && before != Some('[') {
                found.push((i + 1, name));
            }
            rest = after;
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every import that breaks the rule, as `file:line: a imports b`.
fn violations(src: &Path) -> Vec<String> {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let relative = file.strip_prefix(src).unwrap();
        let Some(module) = module_of(relative) else {
            continue;
        };
        // The crate root, the binary and the test helpers see everything;
        // The fuzz bodies drive the whole pipeline, like the tests.
        if matches!(module.as_str(), "lib" | "main" | "testing" | "fuzz") {
            continue;
        }
        let may = allowed.get(module.as_str()).unwrap_or_else(|| {
            panic!("src/{module}: a new stage? add it to ALLOWED and to src/lib.rs")
        });
        let text = std::fs::read_to_string(&file).unwrap();
        for (line, used) in crate_references(&text) {
            if used != module && !may.contains(&used.as_str()) {
                out.push(format!(
                    "src/{}:{line}: `{module}` imports `{used}`, which it may not (it may import: {})",
                    relative.display(),
                    if may.is_empty() { "nothing".to_string() } else { may.join(", ") }
                ));
            }
        }
    }
    out
}

#[test]
fn every_stage_imports_only_the_stages_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn a_forbidden_import_is_reported_with_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::create_dir_all(src.join("model")).unwrap();
    std::fs::create_dir_all(src.join("decide")).unwrap();
    std::fs::write(src.join("model/mod.rs"), "use crate::model::num::Num;\n").unwrap();
    std::fs::write(
        src.join("decide/engine.rs"),
        "use crate::model::Code;\n\nuse crate::render::fmt;\n\n#[cfg(test)]\nmod tests {\n    use crate::project::check_text;\n}\n",
    )
    .unwrap();
    assert_eq!(
        violations(src),
        [
            "src/decide/engine.rs:3: `decide` imports `render`, which it may not (it may import: diag, model)"
        ]
    );
}

#[test]
fn references_in_comments_macros_and_tests_are_not_imports() {
    let text = "//! See [`crate::render`].\nmacro_rules! m { () => { $crate::x } }\nlet a = crate::model::Code::ADM; // crate::decide\n#[cfg(test)]\nuse crate::project;\n";
    assert_eq!(crate_references(text), [(3, "model".to_string())]);
}
