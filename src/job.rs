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

use std::collections::{HashMap, HashSet};

use crate::diagnostic::Diagnostic;
use crate::input::{self, InputFormat};
use crate::inputs::Input;
use crate::model::Inline;
use crate::output::write_atomic;
use crate::render::{RenderContext, RenderOptions, Renderer};

/// Where the outputs go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Files named after each input's stem, in this folder (created if missing).
    Folder(PathBuf),
    /// Standard output (one input and one format).
    Stdout,
    /// This one file (one input and one format): `-o handout.pdf`.
    File(PathBuf),
    /// Nowhere (`guidepress check`): every target is rendered for its warnings and dropped,
    /// each input's outline goes to standard output, and its notes (how the structure was
    /// read where it might surprise) are reported with its warnings.
    Check,
}

impl Destination {
    /// What `-o VALUE` means for a run of `targets` outputs, as pandoc and typst read it: `-`
    /// is standard output; an existing folder, or a path ending in `/`, is a folder; a name
    /// with an extension (`handout.pdf`) is that file when the run makes one output; any other
    /// name is a folder (created). An error says why when a file name is given for a run of
    /// several outputs.
    pub fn from_arg(value: &Path, targets: usize) -> Result<Destination, String> {
        if value == Path::new("-") {
            return Ok(Destination::Stdout);
        }
        let text = value.to_string_lossy();
        let folder_like = value.is_dir()
            || text.ends_with('/')
            || text.ends_with(std::path::MAIN_SEPARATOR)
            || value.extension().is_none();
        if folder_like {
            return Ok(Destination::Folder(value.to_path_buf()));
        }
        if targets == 1 {
            return Ok(Destination::File(value.to_path_buf()));
        }
        Err(format!(
            "`-o {}` looks like a file name, but this run makes {targets} outputs; name a folder \
             (`-o {}/`), or export one input to one format",
            value.display(),
            value.display()
        ))
    }
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
    /// Markdown or JSON inputs (`-` is standard input), each with the folder its outputs go
    /// to under the output folder (see [`crate::inputs::expand`]).
    pub inputs: Vec<Input>,
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
    /// The folder images and theme files are read from (and only inside it), for every
    /// input; `None`: each input's own folder, and none for standard input.
    pub base_dir: Option<PathBuf>,
    /// The formats as asked for (`--to`), told to filters.
    pub to: String,
    /// How many inputs are worked on at once (1: one after another).
    pub jobs: usize,
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
        // Each input's identity once (a batch of hundreds compares every target with every
        // input: no file-system call inside that loop).
        let input_ids: Vec<Option<FileId>> = self
            .inputs
            .iter()
            .map(|i| (i.path != Path::new("-")).then(|| FileId::of(&i.path)))
            .collect();
        // Each planned target's file: the input and format it is for.
        let mut planned: std::collections::HashMap<PathBuf, (usize, usize)> = Default::default();
        for (
            i,
            Input {
                path: input,
                subdir,
                name,
            },
        ) in self.inputs.iter().enumerate()
        {
            for (f, r) in self.formats.iter().enumerate() {
                let path = match &self.destination {
                    Destination::Stdout | Destination::Check => None,
                    Destination::File(file) => Some(file.clone()),
                    Destination::Folder(dir) => Some(dir.join(subdir).join(format!(
                        "{}.{}",
                        name.clone().unwrap_or_else(|| stem(input)),
                        r.extension()
                    ))),
                };
                if let Some(path) = &path {
                    let id = FileId::of(path);
                    if let Some(hit) = input_ids
                        .iter()
                        .position(|other| other.as_ref().is_some_and(|o| o.same(&id)))
                        .map(|k| &self.inputs[k].path)
                    {
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
                    if let Some(&(first, first_format)) = planned.get(&id.normal) {
                        errors.push(if first == i {
                            // Two formats of one input with one extension (a plugin's).
                            Diagnostic::file_error(
                                input,
                                format!(
                                    "the {} and {} outputs would both be {}; nothing was written",
                                    self.formats[first_format].id(),
                                    r.id(),
                                    path.display()
                                ),
                            )
                            .with_hint("export the two formats to different folders")
                        } else {
                            Diagnostic::file_error(
                                input,
                                format!(
                                    "{} would also be written for {}; nothing was written",
                                    path.display(),
                                    self.inputs[first].path.display()
                                ),
                            )
                            .with_hint("export inputs with the same file name to different folders")
                        });
                        continue;
                    }
                    planned.insert(id.normal, (i, f));
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
    /// them atomically (standard output goes to `stdout`).
    ///
    /// Inputs are worked on in parallel on [`Job::jobs`] threads (and an input's formats in
    /// parallel too); the outputs are the same bytes as a sequential run's. Diagnostics come to
    /// `report` grouped per input and in input order, whatever order the work finishes in; a
    /// problem that several stages report (one missing image) is reported once per input.
    /// `progress` hears of each finished input (done, total, the input). Only one input's
    /// diagnostics are held while it waits for earlier ones; outputs are written as soon as
    /// they are made, never all held. A closed standard output (`| head`) ends the run
    /// quietly. A failed plan writes nothing and counts each of its errors.
    pub fn run(
        &self,
        stdout: &mut dyn Write,
        report: &mut dyn FnMut(&Diagnostic),
        progress: &mut dyn FnMut(usize, usize, &Path),
    ) -> Summary {
        let mut summary = Summary {
            inputs: self.inputs.len(),
            ..Summary::default()
        };
        let targets = match self.plan() {
            Ok(t) => t,
            Err(errors) => {
                for e in &errors {
                    report(e);
                }
                summary.failures = errors.len();
                return summary;
            }
        };
        let folder = match &self.destination {
            Destination::Folder(dir) => Some(dir.as_path()),
            Destination::File(file) => file.parent().filter(|d| !d.as_os_str().is_empty()),
            Destination::Stdout | Destination::Check => None,
        };
        if let Some(dir) = folder
            && let Err(e) = std::fs::create_dir_all(dir)
        {
            report(&Diagnostic::file_error(
                dir,
                format!("cannot create the output folder: {e}"),
            ));
            summary.failures = 1;
            return summary;
        }
        let total = self.inputs.len();
        let mut take = |i: usize, done: Done, summary: &mut Summary, out: &mut dyn Write| {
            if let Some(outline) = &done.outline {
                // The reader may have gone away (`| head`); the report goes on regardless.
                let _ = out.write_all(outline.as_bytes());
            }
            for d in &done.diagnostics {
                if d.severity == crate::diagnostic::Severity::Warning {
                    summary.warnings += 1;
                }
                report(d);
            }
            summary.failures += done.failures;
            summary.outputs += done.outputs;
            progress(i + 1, total, &self.inputs[i].path);
            done.stop
        };
        if self.jobs <= 1 || total <= 1 || self.destination == Destination::Stdout {
            for i in 0..total {
                let done = self.run_input_guarded(i, &targets, Some(&mut *stdout));
                if take(i, done, &mut summary, &mut *stdout) {
                    break;
                }
            }
            return summary;
        }
        let pool = match rayon::ThreadPoolBuilder::new()
            .num_threads(self.jobs)
            .build()
        {
            Ok(p) => p,
            Err(e) => {
                report(&Diagnostic::file_error(
                    Path::new("-"),
                    format!("cannot start worker threads: {e}"),
                ));
                summary.failures = 1;
                return summary;
            }
        };
        let (tx, rx) = std::sync::mpsc::channel::<(usize, Done)>();
        std::thread::scope(|scope| {
            scope.spawn(move || {
                pool.install(|| {
                    use rayon::prelude::*;
                    (0..total).into_par_iter().for_each_with(tx, |tx, i| {
                        let done = self.run_input_guarded(i, &targets, None);
                        let _ = tx.send((i, done));
                    });
                });
            });
            // Finished inputs wait here until every earlier one has been reported.
            let mut waiting: std::collections::BTreeMap<usize, Done> = Default::default();
            let mut next = 0;
            for (i, done) in rx {
                waiting.insert(i, done);
                while let Some(done) = waiting.remove(&next) {
                    take(next, done, &mut summary, &mut *stdout);
                    next += 1;
                }
            }
        });
        summary
    }

    /// [`Job::run_input`], with a panic (a bug) turned into an error naming the input: the
    /// other inputs of a batch are still exported, and the run ends with exit code 1 and
    /// says which file to report, not with a thread panic that names none. Outputs are
    /// written whole or not at all, so nothing half-written is left.
    fn run_input_guarded(
        &self,
        i: usize,
        targets: &[Target],
        stdout: Option<&mut dyn Write>,
    ) -> Done {
        let run = std::panic::AssertUnwindSafe(|| self.run_input(i, targets, stdout));
        std::panic::catch_unwind(run).unwrap_or_else(|cause| {
            let what = cause
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| cause.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let d = Diagnostic::file_error(
                &self.inputs[i].path,
                format!("guidepress failed on this file (a bug): {what}"),
            )
            .with_hint("please report it with this file attached; the other inputs were exported");
            Done {
                diagnostics: vec![d],
                failures: 1,
                ..Done::default()
            }
        })
    }

    /// Loads, filters, renders and writes input `i`: what it reports, in order.
    fn run_input(&self, i: usize, targets: &[Target], stdout: Option<&mut dyn Write>) -> Done {
        let mut done = Done::default();
        let path = &self.inputs[i].path;
        let mut loaded = match input::load_in(path, self.from, self.base_dir.as_deref()) {
            Ok(l) => l,
            Err(e) => {
                done.diagnostics.extend(e.errors);
                done.failures += 1;
                return done;
            }
        };
        if !self.filters.is_empty() {
            match crate::filter::apply(loaded.guide, &self.filters, path, &self.to) {
                Ok((g, said)) => {
                    loaded.guide = g;
                    loaded.warnings.extend(said);
                }
                Err(e) => {
                    done.diagnostics.push(e);
                    done.failures += 1;
                    return done;
                }
            }
        }
        let mut shown: HashSet<Box<str>> = HashSet::new();
        let mut once = |d: Diagnostic, out: &mut Vec<Diagnostic>| {
            if d.key.as_ref().is_none_or(|k| shown.insert(k.clone())) {
                out.push(d);
            }
        };
        let checking = self.destination == Destination::Check;
        if checking {
            done.outline = Some(loaded.guide.outline());
            for n in std::mem::take(&mut loaded.notes) {
                once(n, &mut done.diagnostics);
            }
        }
        for w in std::mem::take(&mut loaded.warnings) {
            once(w, &mut done.diagnostics);
        }
        let base_dir = self.base_dir.clone().or_else(|| {
            (path != Path::new("-")).then(|| {
                path.parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."))
                    .to_path_buf()
            })
        });
        let mine: Vec<&Target> = targets.iter().filter(|t| t.input == i).collect();
        // The formats of one input render in parallel (on the job's pool, or on the caller's
        // thread when there is none); results are taken in format order.
        let render = |t: &&Target| {
            let r = self.formats[t.format];
            let mut options = self.options.clone();
            options.output_name = t
                .path
                .as_deref()
                .and_then(Path::file_name)
                .map(|n| n.to_string_lossy().into_owned());
            let mut ctx = RenderContext::for_input(path.clone(), base_dir.clone(), options);
            let result = r.render(&loaded.guide, &mut ctx);
            (result, ctx.warnings)
        };
        let results: Vec<_> = if self.jobs > 1 && mine.len() > 1 {
            use rayon::prelude::*;
            mine.par_iter().map(render).collect()
        } else {
            mine.iter().map(render).collect()
        };
        let mut stdout = stdout;
        let mut texts = HashMap::new();
        for (t, (result, warnings)) in mine.into_iter().zip(results) {
            // Repeats from other stages first (one missing image, said by every format),
            // so that each is placed once.
            let mut fresh: Vec<Diagnostic> = Vec::new();
            for w in warnings {
                once(w, &mut fresh);
            }
            locate_all(&mut fresh, &loaded, path, &mut texts);
            done.diagnostics.append(&mut fresh);
            let r = self.formats[t.format];
            let bytes = match result {
                Ok(b) => b,
                Err(e) => {
                    done.diagnostics.push(Diagnostic::file_error(
                        path,
                        format!("{} export failed: {e}", r.id()),
                    ));
                    done.failures += 1;
                    continue;
                }
            };
            order_by_place(&mut done.diagnostics, path);
            if checking {
                continue;
            }
            let written = match (&t.path, stdout.as_deref_mut()) {
                (None, Some(out)) => out.write_all(&bytes).and_then(|()| out.flush()),
                (None, None) => Err(std::io::Error::other(
                    "no standard output in a parallel run",
                )),
                (Some(target), _) => target
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .map_or(Ok(()), std::fs::create_dir_all)
                    .and_then(|()| write_atomic(target, &bytes)),
            };
            match written {
                Ok(()) => done.outputs += 1,
                // The reader went away (`| head`): nothing more to say, and no error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe && t.path.is_none() => {
                    done.stop = true;
                    return done;
                }
                Err(e) => {
                    let file = t.path.as_deref().unwrap_or(Path::new("-"));
                    done.diagnostics.push(Diagnostic::file_error(
                        file,
                        format!("cannot write the output: {e}"),
                    ));
                    done.failures += 1;
                }
            }
        }
        done
    }
}

/// Puts the diagnostics about places in `file` in the order of those places, each where one
/// of them was; the others (about the file as a whole, another file, an output) stay where
/// they are. A format's warning about line 3 (an HTML image) came after the parser's about
/// line 5, because the parser speaks first.
fn order_by_place(diagnostics: &mut [Diagnostic], file: &Path) {
    let placed = |d: &Diagnostic| d.line.is_some() && d.file == file;
    let slots: Vec<usize> = (0..diagnostics.len())
        .filter(|&i| placed(&diagnostics[i]))
        .collect();
    // Checked in place first: most runs are in order already, and nothing is copied then.
    let place = |i: &usize| (diagnostics[*i].line, diagnostics[*i].column);
    if slots.is_sorted_by_key(place) {
        return;
    }
    let mut sorted: Vec<Diagnostic> = slots.iter().map(|&i| diagnostics[i].clone()).collect();
    sorted.sort_by_key(|d| (d.line, d.column));
    for (slot, d) in slots.into_iter().zip(sorted) {
        diagnostics[slot] = d;
    }
}

/// How many of an input's located warnings also get the column of their URL: each costs a
/// search of its block's lines, and a generated page of 16,000 links to nowhere on one long
/// line would search it 16,000 times. The rest keep their block's line (and only ten of a
/// kind are shown unless `--all-warnings`).
const COLUMNS_PER_INPUT: usize = 100;

/// Gives the formats' warnings about an image or a link the place it was written. A renderer
/// sees the model, whose inlines carry no lines, so its warnings name the file only; the
/// parser's warnings already have their place and are left as they are.
///
/// The model gives the lines of the block that holds the image or link (one walk of the guide
/// for all the warnings); the source text, read again (once per file, and only when such a
/// warning comes), gives the line and column of its URL within them. When the URL is not
/// written as it is (an entity, `<…>`), the block's first line is given.
fn locate_all(
    warnings: &mut [Diagnostic],
    loaded: &input::Loaded,
    input: &Path,
    texts: &mut HashMap<PathBuf, Option<String>>,
) {
    if !loaded.located {
        return;
    }
    // (an image?, its URL) → where it first is, for each warning that needs a place.
    let mut wanted: HashMap<(bool, String), Option<crate::model::Location<'_>>> = warnings
        .iter()
        .filter(|d| d.line.is_none())
        .filter_map(|d| {
            d.image_key_url()
                .map(|u| (true, u.to_owned()))
                .or_else(|| d.link_key_url().map(|u| (false, u.to_owned())))
        })
        .map(|k| (k, None))
        .collect();
    if wanted.is_empty() {
        return;
    }
    let mut left = wanted.len();
    loaded.guide.visit_located(&mut |i, at| {
        let key = match i {
            Inline::Image { url, .. } => (true, url),
            Inline::Link { url, .. } => (false, url),
            _ => return false,
        };
        // The lookup borrows the key; the map is keyed by owned strings.
        if let Some(slot) = wanted.get_mut(&(key.0, key.1.clone()))
            && slot.is_none()
        {
            *slot = Some(at);
            left -= 1;
        }
        left == 0
    });
    let mut columns = 0;
    for d in warnings.iter_mut().filter(|d| d.line.is_none()) {
        let (image, url) = match (d.image_key_url(), d.link_key_url()) {
            (Some(u), _) => (true, u.to_owned()),
            (None, Some(u)) => (false, u.to_owned()),
            (None, None) => continue,
        };
        let Some(slot) = wanted.get(&(image, url.clone())) else {
            continue;
        };
        // An inline the model has no lines for (in a title written in HTML,
        // `<h1><img src="logo.png"> Name</h1>`) is looked for in the whole file.
        let (chapter, first, last) = match slot {
            Some(at) => (at.chapter, at.span.start_line, at.span.end_line),
            None => (None, 1, u32::MAX),
        };
        if let Some(chapter) = chapter {
            // A book's chapters are named relative to its project folder.
            d.file = input.parent().unwrap_or(Path::new("")).join(chapter);
        }
        if slot.is_some() {
            d.line = Some(first as usize);
        }
        if d.file == Path::new("-") || columns == COLUMNS_PER_INPUT {
            continue;
        }
        columns += 1;
        let text = texts
            .entry(d.file.clone())
            .or_insert_with(|| std::fs::read_to_string(&d.file).ok());
        // A book rewrote a chapter's relative paths from its folder (`manual.md` in
        // `steps/` is `steps/manual.md`): the source has them as written.
        let written = chapter
            .map(crate::book::url_prefix)
            .filter(|p| !p.is_empty())
            .and_then(|p| url.strip_prefix(&p))
            .unwrap_or(&url);
        if let Some((line, column)) = text.as_deref().and_then(|t| {
            let find = |u: &str| crate::diagnostic::find_in_lines(t, first, last, u);
            find(written)
                .or_else(|| find(&url))
                // A reference link: its address is written in its definition.
                .or_else(|| crate::diagnostic::find_definition(t, written))
        }) {
            d.line = Some(line);
            d.column = Some(column);
        }
    }
}

/// What one input's work produced, for the report.
#[derive(Debug, Default)]
struct Done {
    /// The outline recognised, for [`Destination::Check`].
    outline: Option<String>,
    diagnostics: Vec<Diagnostic>,
    failures: usize,
    outputs: usize,
    /// Standard output was closed: stop the run.
    stop: bool,
}

/// What a run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Inputs of the run.
    pub inputs: usize,
    /// Outputs written.
    pub outputs: usize,
    /// Warnings reported.
    pub warnings: usize,
    /// Inputs or outputs that failed.
    pub failures: usize,
}

/// What makes two paths one file: the same inode when both exist (which also catches hard
/// links and symbolic links), else the same normalised path.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FileId {
    /// Device and inode, when the file exists (Unix).
    inode: Option<(u64, u64)>,
    /// The path with its folder canonicalised when that exists, the file name as it is.
    normal: PathBuf,
}

impl FileId {
    fn of(p: &Path) -> FileId {
        #[cfg(unix)]
        let inode = {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(p).ok().map(|m| (m.dev(), m.ino()))
        };
        #[cfg(not(unix))]
        let inode = None;
        FileId {
            inode,
            normal: normal_path(p),
        }
    }

    fn same(&self, other: &FileId) -> bool {
        match (self.inode, other.inode) {
            (Some(a), Some(b)) => a == b,
            _ => self.normal == other.normal,
        }
    }
}

/// A path whether or not it exists yet: canonical when it exists, else its folder canonicalised
/// (when that exists) joined with the file name as it is.
fn normal_path(p: &Path) -> PathBuf {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Registry;

    fn job<'a>(reg: &'a Registry, inputs: &[&Path], ids: &[&str], dir: &Path) -> Job<'a> {
        Job {
            inputs: inputs.iter().map(|p| Input::file(*p)).collect(),
            formats: ids.iter().map(|id| reg.get(id).unwrap()).collect(),
            destination: Destination::Folder(dir.to_path_buf()),
            options: RenderOptions::default(),
            from: InputFormat::Auto,
            filters: Vec::new(),
            base_dir: None,
            to: ids.join(","),
            jobs: 1,
        }
    }

    #[test]
    fn output_names_are_read_like_the_anchors() {
        let dir = tempfile::tempdir().unwrap();
        let d = |s: &str, n| Destination::from_arg(Path::new(s), n);
        assert_eq!(d("-", 1), Ok(Destination::Stdout));
        assert_eq!(
            d("handout.pdf", 1),
            Ok(Destination::File("handout.pdf".into()))
        );
        assert_eq!(d("out", 3), Ok(Destination::Folder("out".into())));
        assert_eq!(d("out.d/", 1), Ok(Destination::Folder("out.d/".into())));
        let existing = dir.path().join("v1.2");
        std::fs::create_dir(&existing).unwrap();
        assert_eq!(
            Destination::from_arg(&existing, 1),
            Ok(Destination::Folder(existing.clone()))
        );
        assert!(d("handout.pdf", 2).unwrap_err().contains("makes 2 outputs"));
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

    /// A format of its own (a plugin's) that writes `.json` as the JSON format does: the
    /// clash names both formats, not the input twice.
    #[test]
    fn two_formats_with_one_extension_are_named() {
        struct Alike;
        impl Renderer for Alike {
            fn id(&self) -> &str {
                "pj"
            }
            fn extension(&self) -> &str {
                "json"
            }
            fn media_type(&self) -> &str {
                "application/json"
            }
            fn description(&self) -> &str {
                "a plugin"
            }
            fn render(
                &self,
                _: &crate::model::Guide,
                _: &mut RenderContext,
            ) -> Result<Vec<u8>, crate::render::RenderError> {
                Ok(Vec::new())
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let md = dir.path().join("g.md");
        std::fs::write(&md, "# G\n").unwrap();
        let reg = Registry::builtin();
        let mut j = job(&reg, &[&md], &["json"], &dir.path().join("out"));
        j.formats.push(&Alike);
        let errors = j.plan().unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0]
                .message
                .starts_with("the json and pj outputs would both be "),
            "{}",
            errors[0]
        );
    }

    /// A bug that panics on one input of a batch is an error naming that input: the other
    /// inputs are still exported, and the run reports one failure (exit code 1). Before, the
    /// thread panic named no file and ended the run with exit code 101.
    #[test]
    fn a_panic_on_one_input_is_an_error_naming_it() {
        struct Fragile;
        impl Renderer for Fragile {
            fn id(&self) -> &str {
                "fragile"
            }
            fn extension(&self) -> &str {
                "frag"
            }
            fn media_type(&self) -> &str {
                "text/plain"
            }
            fn description(&self) -> &str {
                "panics on a guide titled Bad"
            }
            fn render(
                &self,
                guide: &crate::model::Guide,
                _: &mut RenderContext,
            ) -> Result<Vec<u8>, crate::render::RenderError> {
                assert!(guide.meta.title != "Bad", "a bug in a renderer");
                Ok(b"ok".to_vec())
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let (bad, good) = (dir.path().join("a.md"), dir.path().join("b.md"));
        std::fs::write(&bad, "# Bad\n").unwrap();
        std::fs::write(&good, "# Good\n").unwrap();
        let reg = Registry::builtin();
        let out = dir.path().join("out");
        for jobs in [1, 2] {
            let mut j = job(&reg, &[&bad, &good], &[], &out);
            j.formats.push(&Fragile);
            j.jobs = jobs;
            let mut said = Vec::new();
            let summary = j.run(
                &mut Vec::new(),
                &mut |d| said.push(d.to_string()),
                &mut |_, _, _| {},
            );
            assert_eq!((summary.failures, summary.outputs), (1, 1), "{said:?}");
            assert!(out.join("b.frag").exists());
            assert!(!out.join("a.frag").exists());
            assert!(
                said.iter()
                    .any(|d| d.contains("a.md") && d.contains("a bug in a renderer")),
                "{said:?}"
            );
        }
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
