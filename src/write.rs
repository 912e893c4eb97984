//! Writing outputs atomically: a temporary file beside the target, then a
//! rename, so a reader never sees half a PDF and a failure keeps the old one.
//!
//! Temporary names are unique per write (`.<name>.<process>-<n>.tmp`), so
//! threads and processes never share one; those left behind by a process
//! that was killed are removed when their folder is written again.

use std::path::{Path, PathBuf};
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// Whether writes are closed ([`close`]); held for reading by each write
/// under way, so closing waits for them.
static CLOSED: RwLock<bool> = RwLock::new(false);

/// Lets the writes under way finish, then refuses every later one: after
/// this returns, no temporary file of this process exists or will be made,
/// and the process can exit at once (Ctrl-C while a long document renders).
pub fn close() {
    let mut closed = CLOSED
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    *closed = true;
    // The lock is held until the process exits, so a write that was
    // waiting for it cannot start either.
    std::mem::forget(closed);
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, then a
/// rename, so a reader never sees half a PDF and a failure keeps the old one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Like [`write_atomic`], for content written piece by piece.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use std::io::Write as _;
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let closed = CLOSED
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if *closed {
        return Err(refused());
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let tmp: PathBuf = dir.join(format!(".{name}.{}-{n}.tmp", std::process::id()));
    let written = std::fs::File::create(&tmp).and_then(|f| {
        let mut w = std::io::BufWriter::new(f);
        fill(&mut w)?;
        w.flush()
    });
    written
        .and_then(|()| std::fs::rename(&tmp, path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
}

/// The error of a write refused because the build is stopping.
pub fn refused() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::Interrupted,
        "stopped: no more documents are written",
    )
}

/// Removes the temporary files of this module left in `dir` by processes
/// that no longer run (a build killed mid-write). Returns how many.
pub fn clean_stale(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = temporary_owner(&name) else {
            continue;
        };
        if pid != std::process::id() && !running(pid) && std::fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// The process that made a temporary file of ours, from its name.
fn temporary_owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (_, tag) = rest.rsplit_once('.')?;
    let (pid, n) = tag.split_once('-').unwrap_or((tag, "0"));
    n.parse::<u64>().ok()?;
    pid.parse().ok()
}

/// True when process `pid` runs (or when this system cannot tell: then
/// nothing is removed).
fn running(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_of_one_process_never_share_a_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pdf");
        std::thread::scope(|s| {
            for i in 0..8u8 {
                let path = &path;
                s.spawn(move || write_atomic(path, &[i; 1000]).unwrap());
            }
        });
        assert_eq!(std::fs::read(&path).unwrap().len(), 1000);
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "only a.pdf is left");
    }

    #[test]
    fn a_temporary_file_of_a_dead_process_is_removed_and_a_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        // No process has this number on Linux (pid_max is at most 2^22).
        let dead = dir.path().join(".a.pdf.4294967.tmp");
        let live = dir
            .path()
            .join(format!(".b.pdf.{}-7.tmp", std::process::id()));
        let other = dir.path().join(".notes.tmp");
        for f in [&dead, &live, &other] {
            std::fs::write(f, b"x").unwrap();
        }
        assert_eq!(clean_stale(dir.path()), 1);
        assert!(!dead.exists() && live.exists() && other.exists());
    }
}
