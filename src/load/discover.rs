//! Which files a command reads: folders expanded into the YAML files they
//! hold, files kept as given.

use std::path::{Path, PathBuf};

/// Expands folders into the YAML files they hold (sorted), keeps files as given.
pub fn collect(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            let mut visited = std::collections::HashSet::new();
            walk(p, &mut found, &mut visited)?;
            found.sort();
            out.extend(found);
        } else {
            // A missing file is reported when it is read, as a failure to run.
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Each folder is visited once, by its real path: a link back to a parent
/// (a loop) or two links to one folder list its files once.
fn walk(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    visited: &mut std::collections::HashSet<PathBuf>,
) -> std::io::Result<()> {
    if !visited.insert(std::fs::canonicalize(dir)?) {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out, visited)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_link_loop_lists_each_file_once() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(sub.join("x.yaml"), "").unwrap();
        std::os::unix::fs::symlink(dir.path(), sub.join("loop")).unwrap();
        let found = collect(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
    }
}
