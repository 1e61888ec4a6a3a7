//! What the inputs of a run are: files as named, every guide inside a folder, and glob
//! patterns expanded the same way on every platform (a shell that does not expand `*.md`, or
//! a quoted pattern, gives the same run).
//!
//! Each input carries the folder its outputs go to, relative to the output folder: the path of
//! a guide found in a folder or by a pattern, relative to that folder (or to the pattern's
//! fixed part), so that `docs/a/guide.md` and `docs/b/guide.md` become `out/a/guide.pdf` and
//! `out/b/guide.pdf` instead of colliding.

use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// One input of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file to read (`-` is standard input).
    pub path: PathBuf,
    /// The folder of its outputs, relative to the output folder (empty: the folder itself).
    pub subdir: PathBuf,
    /// The outputs' file-name stem when it is not the input's own (a book is named by its
    /// project, not `guidepress`).
    pub name: Option<String>,
}

impl Input {
    /// An input whose outputs go straight into the output folder.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Input {
            path: path.into(),
            subdir: PathBuf::new(),
            name: None,
        }
    }
}

/// Whether a file in a folder is a guide: Markdown by extension, or a `.json` file that is a
/// guidepress document (it names its `schema_version` early on; a `package.json` is not one).
fn is_guide(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("md" | "markdown") => true,
        Some("json") => {
            let mut head = [0u8; 4096];
            let n = std::fs::File::open(path)
                .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
                .unwrap_or(0);
            head[..n].windows(16).any(|w| w == b"\"schema_version\"")
        }
        _ => false,
    }
}

fn hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// A hidden file or folder in a path (`.git`), not `.` or `..`.
fn is_hidden_part(c: Component<'_>) -> bool {
    matches!(c, Component::Normal(name) if hidden(name))
}

/// Every guide under `dir`, recursively, in a stable (sorted) order, skipping hidden files and
/// folders. Inside `output` (the output folder, when it is inside) only Markdown is taken:
/// the JSON there is this tool's own export, and reading it back would make every run export
/// the last run's outputs (into a folder deeper each time). Markdown is never an output, so
/// a guide kept there is exported like any other, not skipped in silence.
fn walk(
    dir: &Path,
    root: &Path,
    output: Option<&Path>,
    in_output: bool,
    out: &mut Vec<Input>,
) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        if hidden(&e.file_name()) {
            continue;
        }
        let Ok(kind) = e.file_type() else { continue };
        if kind.is_dir() {
            let inside = in_output || output.is_some_and(|o| same_dir(o, &path));
            walk(&path, root, output, inside, out)?;
        } else if (kind.is_file() || kind.is_symlink())
            && path.is_file()
            && is_guide(&path)
            && !(in_output && is_json_path(&path))
        {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            out.push(Input {
                subdir: rel.parent().map(Path::to_path_buf).unwrap_or_default(),
                path,
                name: None,
            });
        }
    }
    Ok(())
}

fn is_json_path(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

fn is_markdown_path(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Drops, from the guides a folder or pattern found, each JSON guide that sits beside a
/// Markdown guide of the same name (`guide.json` beside `guide.md`) and was made from
/// Markdown: it is that guide's export (`export .` writes it there), and the two would write
/// the same outputs. Without this, a folder exported into itself could not be exported again.
/// A JSON guide written by hand (no source lines) is kept: the clash of their outputs is then
/// reported, rather than one of them left out in silence.
fn drop_exports_beside_sources(found: &mut Vec<Input>) {
    let sources: std::collections::HashSet<PathBuf> = found
        .iter()
        .filter(|i| is_markdown_path(&i.path))
        .map(|i| i.path.with_extension(""))
        .collect();
    found.retain(|i| {
        !(is_json_path(&i.path)
            && sources.contains(&i.path.with_extension(""))
            && made_from_markdown(&i.path))
    });
}

/// Whether a guidepress JSON document was exported from Markdown: its blocks carry the `span`
/// of their source lines (looked for in its first 64 KiB).
fn made_from_markdown(path: &Path) -> bool {
    let mut head = Vec::new();
    let _ = std::fs::File::open(path).and_then(|f| {
        std::io::Read::read_to_end(&mut std::io::Read::take(f, 64 * 1024), &mut head)
    });
    head.windows(7).any(|w| w == b"\"span\":")
}

/// Whether a folder between `root` and the file `path` is a symbolic link: a folder walk does
/// not follow those (a link back up, `a/up -> ..`, would loop), and neither does a pattern.
fn through_linked_folder(path: &Path, root: &Path) -> bool {
    path.ancestors()
        .skip(1)
        .take_while(|a| *a != root && !a.as_os_str().is_empty())
        .any(|a| {
            a.symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink())
        })
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Whether an argument is a glob pattern rather than a path.
fn is_pattern(arg: &str) -> bool {
    arg.contains(['*', '?', '['])
}

/// The fixed folder a pattern starts with (`docs/**/*.md` → `docs`).
pub(crate) fn pattern_root(pattern: &str) -> PathBuf {
    let mut root = PathBuf::new();
    for c in Path::new(pattern).components() {
        let text = c.as_os_str().to_string_lossy();
        if is_pattern(&text) {
            break;
        }
        root.push(c);
    }
    root
}

/// [`expand`] for the command line (`export`, `check`, `watch` alike): a book's folder (one
/// that holds a `guidepress.toml`) stands for its project file, the whole book. Walked as a
/// folder, its chapters were exported one by one, and the book's earlier outputs in it read
/// back as guides, while `check` checked the book.
pub fn expand_arguments(
    args: &[PathBuf],
    output: Option<&Path>,
) -> Result<Vec<Input>, Vec<Diagnostic>> {
    let named: Vec<PathBuf> = args
        .iter()
        .map(|p| {
            let project = p.join(crate::book::PROJECT_FILE);
            if p.is_dir() && project.is_file() {
                project
            } else {
                p.clone()
            }
        })
        .collect();
    expand(&named, output)
}

/// Expands inputs: files as they are, folders into the guides inside them, patterns into the
/// files they match (a pattern that matches nothing is an error, as a missing file is).
/// `output` is the output folder, whose JSON a folder walk skips.
pub fn expand(args: &[PathBuf], output: Option<&Path>) -> Result<Vec<Input>, Vec<Diagnostic>> {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for arg in args {
        let text = arg.to_string_lossy();
        if arg.is_dir() {
            let before = inputs.len();
            let mut found = Vec::new();
            let walked = walk(arg, arg, output, false, &mut found);
            drop_exports_beside_sources(&mut found);
            inputs.append(&mut found);
            if let Err(e) = walked {
                errors.push(Diagnostic::file_error(
                    arg,
                    format!("cannot read the folder: {e}"),
                ));
            } else if inputs.len() == before {
                errors.push(
                    Diagnostic::file_error(
                        arg,
                        "the folder holds no guide (.md, .markdown, or guidepress .json)",
                    )
                    .with_hint("name the files, or a folder that has Markdown guides in it"),
                );
            }
        } else if !arg.exists() && is_pattern(&text) {
            let root = pattern_root(&text);
            match glob::glob(&text) {
                Ok(paths) => {
                    let mut found: Vec<PathBuf> = paths
                        .flatten()
                        // Hidden files and folders below the pattern's fixed part are skipped,
                        // as in a folder walk.
                        .filter(|p| {
                            p.is_file()
                                && !p
                                    .strip_prefix(&root)
                                    .unwrap_or(p)
                                    .components()
                                    .any(is_hidden_part)
                                && !through_linked_folder(p, &root)
                        })
                        .collect();
                    found.sort();
                    let mut found: Vec<Input> = found
                        .into_iter()
                        .map(|path| {
                            let rel = path.strip_prefix(&root).unwrap_or(&path);
                            Input {
                                subdir: rel.parent().map(Path::to_path_buf).unwrap_or_default(),
                                path: path.clone(),
                                name: None,
                            }
                        })
                        .collect();
                    drop_exports_beside_sources(&mut found);
                    if found.is_empty() {
                        errors.push(
                            Diagnostic::file_error(arg, "the pattern matches no file")
                                .with_hint("check the pattern; quote it so that guidepress expands it on every platform"),
                        );
                    }
                    inputs.append(&mut found);
                }
                Err(e) => errors.push(Diagnostic::file_error(
                    arg,
                    format!("not a valid pattern: {e}"),
                )),
            }
        } else {
            let mut input = Input::file(arg.clone());
            if crate::book::is_project_file(arg) {
                // A book's outputs are named by its project (`[build] name`, or its folder).
                input.name = crate::book::Project::load(arg).ok().map(|p| p.name);
            }
            inputs.push(input);
        }
    }
    // One file named twice (`x.md x.md`, a folder and a file in it, a pattern through a
    // link that loops back into its own folder) is one input, at its first place.
    let mut seen = std::collections::HashSet::new();
    inputs.retain(|i| {
        i.path == Path::new("-")
            || seen.insert(i.path.canonicalize().unwrap_or_else(|_| i.path.clone()))
    });
    if errors.is_empty() {
        Ok(inputs)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file named twice is one input: given twice, inside a folder also given, or reached
    /// again and again through a link that loops back (`a/up -> ..`).
    #[cfg(unix)]
    #[test]
    fn a_file_reached_twice_is_one_input() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("lp/a");
        std::fs::create_dir_all(&a).unwrap();
        std::fs::write(a.join("x.md"), "# x\n").unwrap();
        std::os::unix::fs::symlink("..", a.join("up")).unwrap();
        let x = a.join("x.md");
        let pattern = dir.path().join("lp/**/*.md");
        let got = expand(
            &[pattern, x.clone(), dir.path().join("lp"), x.clone()],
            None,
        )
        .unwrap();
        let paths: Vec<_> = got.iter().map(|i| i.path.clone()).collect();
        assert_eq!(paths, [x], "{paths:?}");
    }

    fn touch(p: &Path, text: &str) {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    #[test]
    fn folders_patterns_and_files() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        touch(&d.join("docs/a/guide.md"), "# A\n");
        touch(&d.join("docs/b/guide.md"), "# B\n");
        touch(&d.join("docs/b/notes.txt"), "not a guide");
        touch(&d.join("docs/package.json"), "{\"name\": \"x\"}");
        touch(
            &d.join("docs/c.json"),
            "{\"schema_version\": \"1.1.0\", \"meta\": {\"title\": \"C\"}}",
        );
        touch(&d.join("docs/.hidden/x.md"), "# H\n");
        let export = "{\"schema_version\": \"1.2.0\", \"meta\": {\"title\": \"A\"}, \"blocks\": [{\"type\": \"thematic_break\", \"span\": {\"start_line\": 3, \"end_line\": 3}}]}";
        // The export of docs/a/guide.md, written beside it by `export docs -o docs`.
        touch(&d.join("docs/a/guide.json"), export);
        // The output folder: its JSON is an earlier run's export, its Markdown a guide.
        touch(&d.join("docs/out/old.md"), "# in the output folder\n");
        touch(&d.join("docs/out/c.json"), export);
        touch(&d.join("docs/out/deeper/x.json"), export);
        let out = d.join("docs/out");
        let got = expand(&[d.join("docs")], Some(&out)).unwrap();
        let rel: Vec<(String, String)> = got
            .iter()
            .map(|i| {
                (
                    i.path.strip_prefix(d).unwrap().display().to_string(),
                    i.subdir.display().to_string(),
                )
            })
            .collect();
        assert_eq!(
            rel,
            [
                ("docs/a/guide.md".to_owned(), "a".to_owned()),
                ("docs/b/guide.md".to_owned(), "b".to_owned()),
                ("docs/c.json".to_owned(), String::new()),
                ("docs/out/old.md".to_owned(), "out".to_owned()),
            ]
        );
        // A pattern drops an export beside its source too.
        let got = expand(&[d.join("docs/a/*")], None).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].path, d.join("docs/a/guide.md"));
        // A JSON guide written by hand beside one is kept (and its clash reported later).
        touch(
            &d.join("docs/b/guide.json"),
            "{\"schema_version\": \"1.2.0\", \"meta\": {\"title\": \"By hand\"}}",
        );
        let got = expand(&[d.join("docs/b")], None).unwrap();
        assert_eq!(got.len(), 2, "{got:?}");
        let pattern = d.join("docs/*/guide.md");
        let got = expand(&[pattern], None).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].subdir, Path::new("b"));
        let err = expand(&[d.join("nothing/*.md")], None).unwrap_err();
        assert!(err[0].message.contains("matches no file"));
        let plain = expand(&[d.join("docs/a/guide.md")], None).unwrap();
        assert_eq!(plain[0].subdir, PathBuf::new());
    }
}
