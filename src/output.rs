//! Writing outputs atomically: a temporary file in the target folder, then a rename, so a
//! failure never leaves a partial file and never damages an existing output.
//!
//! This protects against errors of the run (a full disk, a failed renderer, a name taken by a
//! folder), not against a power cut: outputs are not fsynced, since they can be made again.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// Writes `bytes` to `path` atomically. The temporary file (`.name.tmp-PID-N` beside the
/// target) is removed if anything fails.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "output path has no file name")
    })?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}-{}",
        name.to_string_lossy(),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        // No fsync: the rename is atomic for every other process, which is the promise made
        // here (no partial file, old output intact on failure). Surviving a power cut between
        // write and rename would cost an fsync per output, several milliseconds each.
        drop(f);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("gp-atomic-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let target = dir.join("out.txt");
        write_atomic(&target, b"one").unwrap();
        write_atomic(&target, b"two").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [std::ffi::OsString::from("out.txt")]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn failure_keeps_the_old_file() {
        let dir = std::env::temp_dir().join(format!("gp-atomic-dir-{}", std::process::id()));
        fs::create_dir_all(dir.join("target-is-a-dir")).unwrap();
        fs::write(dir.join("target-is-a-dir/keep"), b"x").unwrap();
        // Renaming a file over a non-empty directory fails: nothing must be left behind.
        assert!(write_atomic(&dir.join("target-is-a-dir"), b"new").is_err());
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [std::ffi::OsString::from("target-is-a-dir")]);
        fs::remove_dir_all(&dir).unwrap();
    }
}
