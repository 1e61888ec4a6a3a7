//! Watching inputs for changes (`--watch`): which folders to watch, which changes count, and
//! which inputs a change concerns.
//!
//! Changes come from the operating system's file events through the `notify` crate. Editors
//! save in bursts (a temporary file, a rename, a metadata change), so events are gathered until
//! none has come for [`QUIET`], then handed over as one list of paths. What the run itself
//! writes (its outputs, our temporary files) and hidden files (editor swap files, `.git`) are
//! not changes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use crate::diagnostic::Diagnostic;
use crate::inputs::Input;

/// How long events must stop before a burst of them counts as one change.
pub const QUIET: Duration = Duration::from_millis(200);

/// The longest a change waits while files keep changing (a long copy into the folder).
pub const LONGEST: Duration = Duration::from_secs(2);

/// The folders to watch for the command line's inputs: a folder itself, a file's folder, a
/// pattern's fixed part (each recursively, so images in subfolders count), without repeats.
pub fn roots(args: &[PathBuf]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    for arg in args {
        let dir = if arg.is_dir() {
            arg.clone()
        } else {
            let text = arg.to_string_lossy();
            let fixed = if !arg.exists() && text.contains(['*', '?', '[']) {
                crate::inputs::pattern_root(&text)
            } else {
                arg.parent().map(Path::to_path_buf).unwrap_or_default()
            };
            if fixed.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                fixed
            }
        };
        let dir = absolute(&dir);
        if !out.iter().any(|d| dir.starts_with(d)) {
            out.retain(|d| !d.starts_with(&dir));
            out.push(dir);
        }
    }
    out
}

/// The inputs (indexes into `inputs`) that a change of `changed` concerns: an input that
/// changed itself; every input below the folder of a changed file that is not a guide (an
/// image it may show); a book (`guidepress.toml`) for any change in its folder.
pub fn affected(inputs: &[Input], changed: &[PathBuf]) -> Vec<usize> {
    let changed: Vec<PathBuf> = changed.iter().map(|p| absolute(p)).collect();
    let mut out = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        if input.path == Path::new("-") {
            continue;
        }
        let path = absolute(&input.path);
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let book = crate::book::is_project_file(&path);
        let hit = changed
            .iter()
            .any(|c| *c == path || (c.starts_with(&dir) && (book || !is_guide_name(c))));
        if hit {
            out.push(i);
        }
    }
    out
}

/// Whether a file name is a guide's (Markdown or JSON) or a project file's.
fn is_guide_name(p: &Path) -> bool {
    let ext = p
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    matches!(ext.as_deref(), Some("md" | "markdown" | "json" | "toml"))
}

/// An absolute form of `p` (canonical when it exists, so that links and `..` compare equal).
fn absolute(p: &Path) -> PathBuf {
    p.canonicalize()
        .or_else(|_| {
            // A removed file: its folder canonical, its name as it was.
            let parent = p.parent().filter(|d| !d.as_os_str().is_empty());
            let parent = parent.unwrap_or(Path::new(".")).canonicalize()?;
            Ok::<_, std::io::Error>(match p.file_name() {
                Some(n) => parent.join(n),
                None => parent,
            })
        })
        .or_else(|_| std::path::absolute(p))
        .unwrap_or_else(|_| p.to_path_buf())
}

/// The files a watched run writes: their changes are the run's own, not changes of its
/// inputs. Kept up to date as inputs come and go (a new guide's outputs must be ignored too,
/// or writing them would look like a change, and the run would go round for ever).
#[derive(Debug, Default)]
pub struct Outputs(std::cell::RefCell<BTreeSet<PathBuf>>);

impl Outputs {
    /// Replaces the set with `paths`.
    pub fn set(&self, paths: impl IntoIterator<Item = PathBuf>) {
        *self.0.borrow_mut() = paths.into_iter().map(|p| absolute(&p)).collect();
    }

    /// Whether `p` (absolute) is one of them.
    fn contains(&self, p: &Path) -> bool {
        self.0.borrow().contains(p)
    }
}

/// Whether a changed path is not a change of the inputs: a file the run writes (`ignore`), a
/// file in the output folder (when that is not where inputs are watched), one of our
/// temporary files, or a hidden file or folder below the watched folder (`root`; the folders
/// above it may be hidden, as `/tmp/.tmpXYZ` is).
fn ignored(p: &Path, root: &Path, ignore: &Outputs, output: Option<&Path>) -> bool {
    if ignore.contains(p) || output.is_some_and(|o| p.starts_with(o)) {
        return true;
    }
    let below = p.strip_prefix(root).unwrap_or(p);
    below.components().any(|c| match c {
        std::path::Component::Normal(n) => {
            let n = n.to_string_lossy();
            n.starts_with('.') || n.ends_with('~')
        }
        _ => false,
    })
}

/// Watches `roots` (recursively) and calls `on_change` with the paths changed in each burst
/// of changes, sorted, until it returns `false` or the watcher stops. `ready` is called once
/// every root is watched (a change from then on is seen). `ignore` are the files the run
/// writes (`on_change` may update them); `output` is its output folder, ignored as a whole
/// when no root lies inside it.
pub fn watch(
    roots: &[PathBuf],
    ignore: &Outputs,
    output: Option<&Path>,
    ready: &mut dyn FnMut(),
    on_change: &mut dyn FnMut(&[PathBuf]) -> bool,
) -> Result<(), Diagnostic> {
    let (tx, rx) = mpsc::channel();
    let fail = |what: &Path, e: notify::Error| {
        Diagnostic::file_error(what, format!("cannot watch for changes: {e}"))
            .with_hint("on Linux, raise fs.inotify.max_user_watches, or watch fewer folders")
    };
    // Events name absolute paths: compare them with absolute roots.
    let roots: Vec<PathBuf> = roots.iter().map(|r| absolute(r)).collect();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    })
    .map_err(|e| fail(Path::new("."), e))?;
    for root in &roots {
        watcher
            .watch(root, RecursiveMode::Recursive)
            .map_err(|e| fail(root, e))?;
    }
    ready();
    let output = output
        .map(absolute)
        .filter(|o| !roots.iter().any(|r| r.starts_with(o)));
    let relevant = |event: notify::Event| -> Vec<PathBuf> {
        if !matches!(
            event.kind,
            EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
        ) {
            return Vec::new();
        }
        event
            .paths
            .iter()
            .map(|p| absolute(p))
            .filter(|p| {
                let root = roots
                    .iter()
                    .find(|r| p.starts_with(r))
                    .map_or(Path::new("/"), PathBuf::as_path);
                !ignored(p, root, ignore, output.as_deref())
            })
            .collect()
    };
    // Changes seen and not yet handed over, with when the first and the last came. Events
    // that do not count (a file opened or read) neither start nor prolong a burst: a reader
    // polling an output must not keep a change waiting for ever.
    let mut pending: BTreeSet<PathBuf> = BTreeSet::new();
    let (mut first, mut last) = (Instant::now(), Instant::now());
    loop {
        let event = if pending.is_empty() {
            match rx.recv() {
                Ok(e) => Some(e),
                Err(_) => return Ok(()),
            }
        } else {
            match rx.recv_timeout(QUIET.saturating_sub(last.elapsed())) {
                Ok(e) => Some(e),
                Err(mpsc::RecvTimeoutError::Timeout) => None,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
            }
        };
        if let Some(Ok(event)) = event {
            let paths = relevant(event);
            if !paths.is_empty() {
                if pending.is_empty() {
                    first = Instant::now();
                }
                last = Instant::now();
                pending.extend(paths);
            }
        }
        let settled = last.elapsed() >= QUIET || first.elapsed() >= LONGEST;
        if !pending.is_empty() && settled {
            let changed: Vec<PathBuf> = std::mem::take(&mut pending).into_iter().collect();
            if !on_change(&changed) {
                return Ok(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_concerns_the_input_itself_and_the_guides_beside_an_image() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for f in ["a/x.md", "a/y.md", "b/z.md", "a/img/p.png"] {
            std::fs::create_dir_all(d.join(f).parent().unwrap()).unwrap();
            std::fs::write(d.join(f), "x").unwrap();
        }
        let inputs: Vec<Input> = ["a/x.md", "a/y.md", "b/z.md"]
            .iter()
            .map(|f| Input::file(d.join(f)))
            .collect();
        assert_eq!(affected(&inputs, &[d.join("a/x.md")]), [0]);
        assert_eq!(affected(&inputs, &[d.join("a/img/p.png")]), [0, 1]);
        assert_eq!(
            affected(&inputs, &[d.join("b/z.md"), d.join("a/y.md")]),
            [1, 2]
        );
        // Another guide changing in the folder is not a change of x.md.
        assert_eq!(
            affected(&inputs, &[d.join("a/new.md")]),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn outputs_temporary_and_hidden_files_are_not_changes() {
        let out = PathBuf::from("/.h/p/out");
        let root = Path::new("/.h/p");
        let ignore = Outputs::default();
        ignore.0.borrow_mut().insert(PathBuf::from("/.h/p/x.pdf"));
        let no = |p: &str, output| ignored(Path::new(p), root, &ignore, output);
        assert!(no("/.h/p/x.pdf", None));
        assert!(no("/.h/p/out/x.txt", Some(&out)));
        assert!(no("/.h/p/.x.pdf.guidepress-tmp-1-2", None));
        assert!(no("/.h/p/.git/index", None));
        assert!(no("/.h/p/x.md~", None));
        // A hidden folder above the watched one (a temporary folder) does not count.
        assert!(!no("/.h/p/x.md", Some(&out)));
        assert!(!no("/.h/p/img/a.png", None));
    }

    #[test]
    fn roots_are_folders_without_repeats() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("a/b")).unwrap();
        std::fs::write(d.join("a/b/x.md"), "x").unwrap();
        let r = roots(&[d.join("a/b/x.md"), d.join("a")]);
        assert_eq!(r, [d.canonicalize().unwrap().join("a")]);
    }
}
