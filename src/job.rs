//! An export run: inputs × formats planned into targets, then loaded, rendered and written.
//!
//! Planning comes first and touches nothing: every target of the run is known before any input
//! is read, so a target that *is* one of the run's inputs (`x.md` and a hand-written `x.json`
//! exported `--to json`), or a target that two inputs would both write, stops the run with
//! nothing written. Checking while writing, as before, let an earlier input's output replace a
//! later input before it was read.
//!
//! The command line only turns arguments into a [`Job`] and prints the diagnostics it reports.

use std::io::Write;
use std::path::{Path, PathBuf};

use std::collections::HashSet;

use crate::diagnostic::Diagnostic;
use crate::input::{self, InputFormat};
use crate::output::write_atomic;
use crate::render::{RenderContext, RenderOptions, Renderer};

/// Where the outputs go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Files named after each input's stem, in this folder (created if missing).
    Folder(PathBuf),
    /// Standard output (one input and one format).
    Stdout,
}

/// One output of the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Index of the input in [`Job::inputs`].
    pub input: usize,
    /// Index of the renderer in [`Job::formats`].
    pub format: usize,
    /// The file written, or `None` for standard output.
    pub path: Option<PathBuf>,
}

/// An export run.
pub struct Job<'a> {
    /// Markdown or JSON inputs; `-` is standard input.
    pub inputs: Vec<PathBuf>,
    /// The renderers, each once.
    pub formats: Vec<&'a dyn Renderer>,
    /// Where the outputs go.
    pub destination: Destination,
    /// Options for every renderer.
    pub options: RenderOptions,
    /// What the inputs are (by extension, or all Markdown, or all JSON).
    pub from: InputFormat,
    /// Filter programs run over each guide, in order, before rendering (see [`crate::filter`]).
    pub filters: Vec<String>,
    /// The formats as asked for (`--to`), told to filters.
    pub to: String,
}

/// The name stem of an input's outputs (`guide.md` → `guide`; standard input → `stdin`).
pub fn stem(input: &Path) -> String {
    if input == Path::new("-") {
        "stdin".to_owned()
    } else {
        input
            .file_stem()
            .map_or_else(|| "guide".to_owned(), |s| s.to_string_lossy().into_owned())
    }
}

/// Whether output of this media type is binary (not text a terminal can show): everything
/// but `text/*` and JSON.
pub fn is_binary(media_type: &str) -> bool {
    let m = media_type.trim().to_ascii_lowercase();
    !(m.starts_with("text/") || m == "application/json" || m.ends_with("+json"))
}

impl Job<'_> {
    /// Every target of the run, or every reason the run must not start: a target that is an
    /// input of the run, or one target for two inputs. Reads no input and writes nothing.
    pub fn plan(&self) -> Result<Vec<Target>, Vec<Diagnostic>> {
        let mut targets = Vec::new();
        let mut errors = Vec::new();
        for (i, input) in self.inputs.iter().enumerate() {
            for (f, r) in self.formats.iter().enumerate() {
                let path = match &self.destination {
                    Destination::Stdout => None,
                    Destination::Folder(dir) => {
                        Some(dir.join(format!("{}.{}", stem(input), r.extension())))
                    }
                };
                if let Some(path) = &path {
                    if let Some(hit) = self.inputs.iter().find(|other| same_file(path, other)) {
                        let whose = if hit == input {
                            "its own input".to_owned()
                        } else {
                            format!("the input {}", hit.display())
                        };
                        errors.push(
                            Diagnostic::file_error(
                                input,
                                format!(
                                    "the {} output {} would overwrite {whose}; nothing was written",
                                    r.id(),
                                    path.display()
                                ),
                            )
                            .with_hint("choose another output folder with -o"),
                        );
                        continue;
                    }
                    if let Some(first) = targets
                        .iter()
                        .find(|t: &&Target| t.path.as_ref().is_some_and(|p| same_target(p, path)))
                    {
                        errors.push(
                            Diagnostic::file_error(
                                input,
                                format!(
                                    "{} would also be written for {}; nothing was written",
                                    path.display(),
                                    self.inputs[first.input].display()
                                ),
                            )
                            .with_hint(
                                "export inputs with the same file name to different folders",
                            ),
                        );
                        continue;
                    }
                }
                targets.push(Target {
                    input: i,
                    format: f,
                    path,
                });
            }
        }
        if errors.is_empty() {
            Ok(targets)
        } else {
            Err(errors)
        }
    }

    /// Plans, then loads each input once, runs the filters, renders its targets and writes
    /// them atomically (standard output goes to `stdout`). Every warning and error goes to
    /// `report` as it happens; a problem that several stages report (one missing image) is
    /// reported once per input. A closed standard output (`| head`) ends the run quietly.
    /// Returns the number of failures; a failed plan writes nothing and counts each of its
    /// errors.
    pub fn run(&self, stdout: &mut dyn Write, report: &mut dyn FnMut(&Diagnostic)) -> usize {
        let targets = match self.plan() {
            Ok(t) => t,
            Err(errors) => {
                for e in &errors {
                    report(e);
                }
                return errors.len();
            }
        };
        if let Destination::Folder(dir) = &self.destination
            && let Err(e) = std::fs::create_dir_all(dir)
        {
            report(&Diagnostic::file_error(
                dir,
                format!("cannot create the output folder: {e}"),
            ));
            return 1;
        }
        let mut failures = 0;
        for (i, path) in self.inputs.iter().enumerate() {
            let mut loaded = match input::load_as(path, self.from) {
                Ok(l) => l,
                Err(e) => {
                    report(&e);
                    failures += 1;
                    continue;
                }
            };
            if !self.filters.is_empty() {
                match crate::filter::apply(loaded.guide, &self.filters, path, &self.to) {
                    Ok((g, said)) => {
                        loaded.guide = g;
                        loaded.warnings.extend(said);
                    }
                    Err(e) => {
                        report(&e);
                        failures += 1;
                        continue;
                    }
                }
            }
            let mut shown: HashSet<Box<str>> = HashSet::new();
            let mut once = |d: &Diagnostic, report: &mut dyn FnMut(&Diagnostic)| {
                if d.key.as_ref().is_none_or(|k| shown.insert(k.clone())) {
                    report(d);
                }
            };
            for w in &loaded.warnings {
                once(w, report);
            }
            let base_dir = (path != Path::new("-")).then(|| {
                path.parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."))
                    .to_path_buf()
            });
            for t in targets.iter().filter(|t| t.input == i) {
                let r = self.formats[t.format];
                let mut options = self.options.clone();
                options.output_name = t
                    .path
                    .as_deref()
                    .and_then(Path::file_name)
                    .map(|n| n.to_string_lossy().into_owned());
                let mut ctx = RenderContext::for_input(path.clone(), base_dir.clone(), options);
                let result = r.render(&loaded.guide, &mut ctx);
                for w in &ctx.warnings {
                    once(w, report);
                }
                let bytes = match result {
                    Ok(b) => b,
                    Err(e) => {
                        report(&Diagnostic::file_error(
                            path,
                            format!("{} export failed: {e}", r.id()),
                        ));
                        failures += 1;
                        continue;
                    }
                };
                let written = match &t.path {
                    None => stdout.write_all(&bytes).and_then(|()| stdout.flush()),
                    Some(target) => write_atomic(target, &bytes),
                };
                if let Err(e) = &written
                    && e.kind() == std::io::ErrorKind::BrokenPipe
                    && t.path.is_none()
                {
                    // The reader went away (`| head`): nothing more to say, and no error.
                    return failures;
                }
                if let Err(e) = written {
                    let file = t.path.as_deref().unwrap_or(Path::new("-"));
                    report(&Diagnostic::file_error(
                        file,
                        format!("cannot write the output: {e}"),
                    ));
                    failures += 1;
                }
            }
        }
        failures
    }
}

/// Whether a planned target path and an input are one file: the same inode when both exist
/// (which also catches hard links and symbolic links), else the same canonical path.
fn same_file(target: &Path, input: &Path) -> bool {
    if input == Path::new("-") {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Ok(b)) = (std::fs::metadata(target), std::fs::metadata(input)) {
            return a.dev() == b.dev() && a.ino() == b.ino();
        }
    }
    same_target(target, input)
}

/// Whether two paths name one file, whether or not it exists yet: their folders are
/// canonicalised when they exist, the file names compared as they are.
fn same_target(a: &Path, b: &Path) -> bool {
    fn normal(p: &Path) -> PathBuf {
        if let Ok(c) = p.canonicalize() {
            return c;
        }
        let parent = p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let parent = parent
            .canonicalize()
            .unwrap_or_else(|_| parent.to_path_buf());
        match p.file_name() {
            Some(name) => parent.join(name),
            None => parent,
        }
    }
    normal(a) == normal(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Registry;

    fn job<'a>(reg: &'a Registry, inputs: &[&Path], ids: &[&str], dir: &Path) -> Job<'a> {
        Job {
            inputs: inputs.iter().map(|p| p.to_path_buf()).collect(),
            formats: ids.iter().map(|id| reg.get(id).unwrap()).collect(),
            destination: Destination::Folder(dir.to_path_buf()),
            options: RenderOptions::default(),
            from: InputFormat::Auto,
            filters: Vec::new(),
            to: ids.join(","),
        }
    }

    #[test]
    fn a_target_that_is_another_input_stops_the_plan() {
        let dir = tempfile::tempdir().unwrap();
        let (md, json) = (dir.path().join("x.md"), dir.path().join("x.json"));
        std::fs::write(&md, "# X\n").unwrap();
        std::fs::write(&json, "{}").unwrap();
        let reg = Registry::builtin();
        let errors = job(&reg, &[&md, &json], &["json", "txt"], dir.path())
            .plan()
            .unwrap_err();
        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert!(
            text.iter().any(|t| t.contains("would overwrite the input")),
            "{text:?}"
        );
        // x.json → x.json is its own input; x.md → x.txt and x.json → x.txt collide.
        assert!(
            text.iter()
                .any(|t| t.contains("would overwrite its own input"))
        );
        assert!(text.iter().any(|t| t.contains("would also be written")));
    }

    #[test]
    fn binary_media_types() {
        let reg = Registry::builtin();
        let binary: Vec<&str> = reg
            .iter()
            .filter(|r| is_binary(r.media_type()))
            .map(|r| r.id())
            .collect();
        // In registration order; pdf and epub only in builds with their Cargo features.
        let mut expected = Vec::new();
        if cfg!(feature = "epub") {
            expected.push("epub");
        }
        if cfg!(feature = "pdf") {
            expected.push("pdf");
        }
        assert_eq!(binary, expected);
    }

    #[test]
    fn distinct_targets_plan_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let md = dir.path().join("x.md");
        std::fs::write(&md, "# X\n").unwrap();
        let reg = Registry::builtin();
        let out = dir.path().join("out");
        let plan = job(&reg, &[&md], &["json", "txt"], &out).plan().unwrap();
        let paths: Vec<_> = plan.iter().map(|t| t.path.clone().unwrap()).collect();
        assert_eq!(paths, [out.join("x.json"), out.join("x.txt")]);
    }
}
