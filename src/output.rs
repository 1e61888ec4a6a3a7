//! Writing outputs atomically: a temporary file in the target folder, then a rename, so a
//! failure never leaves a partial file and never damages an existing output.
//!
//! This protects against errors of the run (a full disk, a failed renderer, a name taken by a
//! folder), not against a power cut: outputs are not fsynced, since they can be made again.
//!
//! A process killed between writing and renaming leaves its temporary file behind. Its name
//! says whose it is (`.NAME.guidepress-tmp-PID-N`), and the next write of the same target
//! removes the temporary files of that target whose process is gone.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// What sets our temporary files apart: `.NAME` + this + `PID-N`.
const TMP_MARK: &str = ".guidepress-tmp-";
/// The marker of releases before this one (`.NAME.tmp-PID-N`), cleaned up too.
const OLD_TMP_MARK: &str = ".tmp-";

/// Whether the process `pid` may still be running (so its temporary file may be in use).
fn alive(pid: u32, modified: Option<std::time::SystemTime>) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        return Path::new("/proc").join(pid.to_string()).exists();
    }
    // Elsewhere, without a cheap liveness check: a day-old temporary file is abandoned.
    modified
        .and_then(|m| m.elapsed().ok())
        .is_none_or(|age| age < std::time::Duration::from_secs(24 * 3600))
}

/// The temporary files earlier runs left in a folder, by the name of their target. A folder is
/// read once per process (the first time something is written into it), not once per output:
/// reading it for each of a batch's outputs was quadratic in the size of the folder.
type Stale = std::collections::HashMap<String, Vec<PathBuf>>;
static STALE: std::sync::Mutex<Option<std::collections::HashMap<PathBuf, Stale>>> =
    std::sync::Mutex::new(None);

/// The temporary files of dead runs in `dir`, by target name.
fn scan_stale(dir: &Path) -> Stale {
    let mut found = Stale::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(file) = file.to_str() else { continue };
        let Some(rest) = file.strip_prefix('.') else {
            continue;
        };
        // `NAME` + mark + `PID-N`: the last mark in the name, so a target named like one of
        // ours still parses.
        let Some((name, tail)) = rest
            .rsplit_once(TMP_MARK)
            .or_else(|| rest.rsplit_once(OLD_TMP_MARK))
        else {
            continue;
        };
        let Some((pid, n)) = tail.split_once('-') else {
            continue;
        };
        let (Ok(pid), true) = (pid.parse::<u32>(), n.bytes().all(|b| b.is_ascii_digit())) else {
            continue;
        };
        if !alive(pid, entry.metadata().and_then(|m| m.modified()).ok()) {
            found.entry(name.to_owned()).or_default().push(entry.path());
        }
    }
    found
}

/// Removes the temporary files that earlier runs left beside `path` (see the module docs).
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let stale = {
        let mut guard = STALE.lock().unwrap_or_else(|e| e.into_inner());
        let folders = guard.get_or_insert_with(Default::default);
        let key = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        folders
            .entry(key)
            .or_insert_with(|| scan_stale(dir))
            .remove(name)
    };
    for path in stale.into_iter().flatten() {
        let _ = fs::remove_file(path);
    }
}

/// Writes `bytes` to `path` atomically. The temporary file (`.name.guidepress-tmp-PID-N`
/// beside the target) is removed if anything fails; ones that killed runs left behind for the
/// same target are removed first.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "output path has no file name")
    })?;
    remove_stale_temporaries(&dir, &name.to_string_lossy());
    let tmp = dir.join(format!(
        ".{}{TMP_MARK}{}-{}",
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

    #[test]
    fn temporaries_of_dead_runs_are_cleaned_up() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // A run killed between write and rename left these (no PID reaches 4294967294 on
        // Linux, whose pid_max is at most 2^22); ours and other targets' must stay.
        let dead = [
            ".out.pdf.guidepress-tmp-4294967294-0",
            ".out.pdf.tmp-4294967294-3",
        ];
        let keep = [
            format!(".out.pdf.guidepress-tmp-{}-999", std::process::id()),
            ".other.pdf.guidepress-tmp-4294967294-0".to_owned(),
            ".out.pdf.notes".to_owned(),
        ];
        for f in dead
            .iter()
            .map(|s| s.to_string())
            .chain(keep.iter().cloned())
        {
            fs::write(d.join(f), b"partial").unwrap();
        }
        write_atomic(&d.join("out.pdf"), b"whole").unwrap();
        let mut names: Vec<String> = fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        let mut want: Vec<String> = keep.to_vec();
        want.push("out.pdf".into());
        want.sort();
        if cfg!(target_os = "linux") {
            assert_eq!(names, want);
        }
    }
}
