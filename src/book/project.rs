//! The project file, `guidepress.toml`: what it may hold and how it is read.
//!
//! The file is read with the `toml` crate into typed tables that refuse unknown keys, so a
//! misspelt key (`titel`) is an error at its line and column with the keys that are allowed,
//! rather than a silently ignored setting. Paths in the file are relative to its folder.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Diagnostic, line_col};
use crate::model::Meta;
use crate::render::{Paper, RenderOptions};

/// The name of the project file in a book's folder.
pub const PROJECT_FILE: &str = "guidepress.toml";

/// A book project, read and checked: metadata, chapter files, what to build and how.
#[derive(Debug, Clone)]
pub struct Project {
    /// The project file.
    pub file: PathBuf,
    /// Its folder: chapters, images and the cover are found from here.
    pub dir: PathBuf,
    /// The book's metadata (`[book]`).
    pub meta: Meta,
    /// The chapter files in reading order, as paths under [`Project::dir`].
    pub chapters: Vec<PathBuf>,
    /// Format ids to build (`[build] formats`).
    pub formats: Vec<String>,
    /// Where `[build] formats` is written (line, column), when it is: an unknown id is
    /// reported there.
    pub formats_at: Option<(usize, usize)>,
    /// Where `[book] date` is written (line, column), when it is: a date that is no date is
    /// reported there.
    pub date_at: Option<(usize, usize)>,
    /// The output folder (`[build] output`), under [`Project::dir`] unless absolute.
    pub output: PathBuf,
    /// The outputs' file-name stem (`[build] name`; default: the project folder's name).
    pub name: String,
    /// Default renderer options (`[options]`).
    options: OptionsTable,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectFile {
    book: BookTable,
    #[serde(default)]
    build: BuildTable,
    #[serde(default)]
    options: OptionsTable,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BookTable {
    title: Option<String>,
    subtitle: Option<String>,
    #[serde(default, alias = "author")]
    authors: OneOrMany,
    #[serde(alias = "lang")]
    language: Option<String>,
    identifier: Option<String>,
    publisher: Option<String>,
    rights: Option<String>,
    license: Option<String>,
    series: Option<String>,
    version: Option<String>,
    description: Option<String>,
    #[serde(default)]
    keywords: Vec<String>,
    cover: Option<String>,
    date: Option<Spanned<DateValue>>,
    /// A list of files or a folder (read by hand: serde's untagged enums lose positions).
    chapters: Option<Spanned<toml::Value>>,
}

/// `authors = ["A", "B"]` or `author = "A"`.
#[derive(Debug, Default, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

/// `date = 2026-11-26` (a TOML date) or `date = "2026-11-26"`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum DateValue {
    Date(toml::value::Datetime),
    Text(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BuildTable {
    formats: Option<Spanned<Vec<String>>>,
    #[serde(default = "default_output")]
    output: String,
    name: Option<String>,
}

impl Default for BuildTable {
    fn default() -> Self {
        BuildTable {
            formats: None,
            output: default_output(),
            name: None,
        }
    }
}

fn default_formats() -> Vec<String> {
    vec!["pdf".into(), "epub".into()]
}

fn default_output() -> String {
    "build".into()
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct OptionsTable {
    paper: Option<PaperName>,
    width: Option<u16>,
    toc: Option<bool>,
    title_page: Option<bool>,
    checklist: Option<bool>,
    #[serde(default)]
    fonts: Vec<String>,
    #[serde(default)]
    fonts_bold: Vec<String>,
    #[serde(default)]
    fonts_mono: Vec<String>,
    embed_fonts: Option<bool>,
    system_fonts: Option<bool>,
    tags: Option<bool>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum PaperName {
    A4,
    Letter,
    A5,
}

/// Why a file cannot be a chapter: a project file (a book inside a book would read itself
/// for ever), or a file outside the project folder (its images and links could not be
/// resolved against the project). `None` when it can.
fn chapter_problem(path: &Path, dir: &Path) -> Option<&'static str> {
    if super::is_project_file(path) {
        return Some("is a project file, not a chapter");
    }
    let inside = match (path.canonicalize(), dir.canonicalize()) {
        (Ok(p), Ok(d)) => p.starts_with(d),
        _ => false,
    };
    (!inside).then_some("lies outside the project folder")
}

impl Project {
    /// Reads the project in `path`: a `guidepress.toml` file, or a folder holding one.
    /// Errors name the file, line and column, and what to do.
    pub fn load(path: &Path) -> Result<Project, Diagnostic> {
        let file = if path.is_dir() {
            path.join(PROJECT_FILE)
        } else {
            path.to_path_buf()
        };
        let text = std::fs::read_to_string(&file).map_err(|e| {
            let hint = if e.kind() == std::io::ErrorKind::NotFound {
                "run `guidepress init` to start a book here, or name the folder that holds guidepress.toml"
            } else {
                "check that the file is readable UTF-8 text"
            };
            Diagnostic::file_error(&file, format!("cannot read the project file: {e}"))
                .with_hint(hint)
        })?;
        Project::parse(&text, &file)
    }

    /// Reads a project file's text; `file` names it in errors and gives the project folder.
    pub fn parse(text: &str, file: &Path) -> Result<Project, Diagnostic> {
        let raw: ProjectFile = toml::from_str(text).map_err(|e| {
            let (line, col) = e
                .span()
                .map_or((1, 1), |s| line_col(text, s.start.min(text.len())));
            Diagnostic::error(
                file,
                line,
                col,
                format!("{}: {}", PROJECT_FILE, e.message().trim_end()),
            )
            .with_hint("see docs/book.md for every key of guidepress.toml")
        })?;
        let dir = file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let book = raw.book;
        let at = |span: std::ops::Range<usize>, msg: String, hint: &str| {
            let (line, col) = line_col(text, span.start.min(text.len()));
            Diagnostic::error(file, line, col, msg).with_hint(hint.to_owned())
        };
        let output = dir.join(&raw.build.output);
        let mut from_folder = false;
        let mut chapters: Vec<PathBuf> = match book.chapters {
            None => {
                return Err(Diagnostic::file_error(
                    file,
                    "the book lists no chapters: `[book] chapters` is missing",
                )
                .with_hint(
                    "add `chapters = [\"01-intro.md\", \"02-setup.md\"]` (in reading order) or `chapters = \"chapters\"` (a folder, taken in name order)",
                ));
            }
            Some(spanned) => {
                let span = spanned.span();
                match spanned.into_inner() {
                    toml::Value::Array(list) => {
                        let mut out = Vec::new();
                        for entry in list {
                            let Some(rel) = entry.as_str() else {
                                return Err(at(
                                    span,
                                    format!(
                                        "`chapters` must list file names, found a {}",
                                        entry.type_str()
                                    ),
                                    "write chapters = [\"01-intro.md\", \"02-setup.md\"]",
                                ));
                            };
                            // The entry's own position: its quoted text inside the list.
                            let entry_span = text[span.clone()]
                                .find(&format!("\"{rel}\""))
                                .or_else(|| text[span.clone()].find(&format!("'{rel}'")))
                                .map_or(span.clone(), |k| span.start + k..span.start + k + 1);
                            let path = dir.join(rel);
                            if !path.is_file() {
                                return Err(at(
                                    entry_span,
                                    format!("chapter `{rel}` is not a file"),
                                    "chapter paths are relative to the folder of guidepress.toml",
                                ));
                            }
                            if let Some(problem) = chapter_problem(&path, &dir) {
                                return Err(at(
                                    entry_span,
                                    format!("chapter `{rel}` {problem}"),
                                    "list Markdown (.md) or guidepress JSON chapter files inside the project folder",
                                ));
                            }
                            if out.contains(&path) {
                                return Err(at(
                                    entry_span,
                                    format!("chapter `{rel}` is listed twice"),
                                    "list each chapter file once",
                                ));
                            }
                            out.push(path);
                        }
                        out
                    }
                    toml::Value::String(rel) => {
                        let folder = dir.join(&rel);
                        if !folder.is_dir() {
                            return Err(at(
                                span,
                                format!("chapter folder `{rel}` is not a folder"),
                                "name a folder of chapter files, relative to guidepress.toml, or list the files",
                            ));
                        }
                        let found =
                            crate::inputs::expand(std::slice::from_ref(&folder), Some(&output))
                                .map_err(|mut errors| errors.remove(0))?;
                        // The same rules as for listed chapters: a link that leads out of the
                        // project is refused, and a file reached twice (through a link to
                        // another chapter) is one chapter.
                        let mut seen = std::collections::HashSet::new();
                        let mut out = Vec::new();
                        for path in found.into_iter().map(|i| i.path) {
                            let shown = path.strip_prefix(&dir).unwrap_or(&path).display();
                            if let Some(problem) = chapter_problem(&path, &dir) {
                                return Err(at(
                                    span,
                                    format!("chapter `{shown}` in the chapter folder {problem}"),
                                    "keep chapter files (not links to files elsewhere) inside the project folder",
                                ));
                            }
                            if seen.insert(path.canonicalize().unwrap_or_else(|_| path.clone())) {
                                out.push(path);
                            }
                        }
                        from_folder = true;
                        out
                    }
                    other => {
                        return Err(at(
                            span,
                            format!(
                                "`chapters` must be a list of files or a folder, found {}",
                                other.type_str()
                            ),
                            "write chapters = [\"01-intro.md\", \"02-setup.md\"] or chapters = \"chapters\"",
                        ));
                    }
                }
            }
        };
        let name = match raw.build.name {
            Some(n) if !n.trim().is_empty() => n,
            _ => dir
                .canonicalize()
                .ok()
                .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "book".into()),
        };
        if name.contains(['/', '\\']) {
            return Err(Diagnostic::file_error(
                file,
                format!("`[build] name` must be a file name without folders, found `{name}`"),
            )
            .with_hint("put the folder in `[build] output`"));
        }
        if from_folder {
            // A chapter folder that is also the output folder holds the book's own JSON from
            // the last build: reading it as a chapter would nest the book in itself.
            let own = output.join(format!("{name}.json"));
            let own = own.canonicalize().unwrap_or(own);
            chapters.retain(|c| c.canonicalize().map_or(true, |c| c != own));
        }
        if chapters.is_empty() {
            return Err(
                Diagnostic::file_error(file, "the book has no chapter files")
                    .with_hint("put Markdown chapters in the chapter folder, or list them"),
            );
        }
        let date_at = book
            .date
            .as_ref()
            .map(|d| line_col(text, d.span().start.min(text.len())));
        let meta = Meta {
            title: book.title.unwrap_or_default(),
            subtitle: book.subtitle,
            authors: match book.authors {
                OneOrMany::None => Vec::new(),
                OneOrMany::One(a) => vec![a],
                OneOrMany::Many(list) => list,
            },
            lang: book.language,
            date: book.date.map(|d| match d.into_inner() {
                DateValue::Date(d) => d.to_string(),
                DateValue::Text(t) => t,
            }),
            description: book.description,
            keywords: book.keywords,
            version: book.version,
            license: book.license,
            cover: book.cover,
            identifier: book.identifier,
            publisher: book.publisher,
            series: book.series,
            rights: book.rights,
            ..Meta::default()
        };
        Ok(Project {
            file: file.to_path_buf(),
            dir,
            meta,
            chapters,
            date_at,
            formats_at: raw
                .build
                .formats
                .as_ref()
                .map(|f| line_col(text, f.span().start.min(text.len()))),
            formats: raw
                .build
                .formats
                .map_or_else(default_formats, Spanned::into_inner),
            output,
            name,
            options: raw.options,
        })
    }

    /// Renderer options: the defaults, then what `[options]` sets. A book has a title page
    /// unless it says otherwise.
    pub fn options(&self) -> RenderOptions {
        let o = &self.options;
        let mut r = RenderOptions::default();
        if let Some(p) = o.paper {
            r.paper = match p {
                PaperName::A4 => Paper::A4,
                PaperName::Letter => Paper::Letter,
                PaperName::A5 => Paper::A5,
            };
        }
        if let Some(w) = o.width {
            r.width = usize::from(w.clamp(16, 1000));
        }
        r.toc = o.toc.unwrap_or(true);
        r.title_page = o.title_page.unwrap_or(true);
        r.checklist = o.checklist.unwrap_or(false);
        r.fonts = self.paths(&o.fonts);
        r.fonts_bold = self.paths(&o.fonts_bold);
        r.fonts_mono = self.paths(&o.fonts_mono);
        r.embed_fonts = o.embed_fonts.unwrap_or(true);
        r.system_fonts = o.system_fonts.unwrap_or(true);
        r.tags = o.tags.unwrap_or(true);
        r
    }

    /// Font paths of `[options]` are relative to the project folder (`#N` face suffixes kept).
    fn paths(&self, list: &[String]) -> Vec<String> {
        list.iter()
            .map(|p| self.dir.join(p).to_string_lossy().into_owned())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, dir: &Path) -> Result<Project, Diagnostic> {
        Project::parse(text, &dir.join(PROJECT_FILE))
    }

    #[test]
    fn reads_metadata_chapters_and_options() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "# A\n").unwrap();
        std::fs::create_dir(dir.path().join("part")).unwrap();
        std::fs::write(dir.path().join("part/b.md"), "# B\n").unwrap();
        let p = read(
            r#"
[book]
title = "手册"
author = "王小明"
language = "zh-CN"
date = 2026-11-26
chapters = ["part/b.md", "a.md"]

[build]
formats = ["epub"]
name = "manual"

[options]
paper = "a5"
toc = false
"#,
            dir.path(),
        )
        .unwrap();
        assert_eq!(p.meta.title, "手册");
        assert_eq!(p.meta.authors, ["王小明"]);
        assert_eq!(p.meta.date.as_deref(), Some("2026-11-26"));
        assert_eq!(
            p.chapters,
            [dir.path().join("part/b.md"), dir.path().join("a.md")]
        );
        assert_eq!(p.formats, ["epub"]);
        assert_eq!(p.name, "manual");
        let o = p.options();
        assert_eq!(o.paper, Paper::A5);
        assert!(!o.toc);
        assert!(o.title_page);
    }

    #[test]
    fn a_misspelt_key_is_an_error_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let e = read("[book]\ntitel = \"x\"\nchapters = []\n", dir.path()).unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(1)), "{e}");
        assert!(e.message.contains("titel"), "{e}");
    }

    #[test]
    fn a_missing_chapter_is_named_at_its_position() {
        let dir = tempfile::tempdir().unwrap();
        let e = read("[book]\nchapters = [\n  \"gone.md\",\n]\n", dir.path()).unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("gone.md"), "{e}");
        let e = read("[book]\ntitle = \"x\"\n", dir.path()).unwrap_err();
        assert!(e.message.contains("no chapters"), "{e}");
    }

    #[test]
    fn a_project_file_or_a_file_outside_is_no_chapter() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("book");
        std::fs::create_dir(&book).unwrap();
        std::fs::write(book.join(PROJECT_FILE), "").unwrap();
        std::fs::write(dir.path().join("outside.md"), "# x\n").unwrap();
        let e = read("[book]\nchapters = [\"guidepress.toml\"]\n", &book).unwrap_err();
        assert!(e.message.contains("project file"), "{e}");
        let e = read("[book]\nchapters = [\"../outside.md\"]\n", &book).unwrap_err();
        assert!(e.message.contains("outside the project folder"), "{e}");
    }

    #[test]
    fn a_chapter_folder_is_taken_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        let ch = dir.path().join("ch");
        std::fs::create_dir(&ch).unwrap();
        for name in ["02-b.md", "01-a.md", "10-c.md"] {
            std::fs::write(ch.join(name), "# x\n").unwrap();
        }
        let p = read("[book]\nchapters = \"ch\"\n", dir.path()).unwrap();
        let names: Vec<_> = p
            .chapters
            .iter()
            .map(|c| c.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["01-a.md", "02-b.md", "10-c.md"]);
    }

    /// A chapter folder follows the rules of a chapter list: a link to a file outside the
    /// project is refused, a link to another chapter is the same chapter once, and the book's
    /// own JSON from the last build (chapters and output in one folder) is no chapter.
    #[cfg(unix)]
    #[test]
    fn a_chapter_folder_keeps_to_the_project() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("book");
        let ch = book.join("ch");
        std::fs::create_dir_all(&ch).unwrap();
        std::fs::write(ch.join("01-a.md"), "# a\n").unwrap();
        std::fs::write(dir.path().join("secret.md"), "# s\n").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.md"), ch.join("02-out.md")).unwrap();
        let e = read("[book]\nchapters = \"ch\"\n", &book).unwrap_err();
        assert!(e.message.contains("`ch/02-out.md`"), "{e}");
        assert!(e.message.contains("outside the project folder"), "{e}");

        std::fs::remove_file(ch.join("02-out.md")).unwrap();
        std::os::unix::fs::symlink(ch.join("01-a.md"), ch.join("03-again.md")).unwrap();
        let p = read("[book]\nchapters = \"ch\"\n", &book).unwrap();
        assert_eq!(p.chapters.len(), 1, "{:?}", p.chapters);

        std::fs::write(book.join("mybook.json"), "{}").unwrap();
        std::fs::write(book.join("02-b.md"), "# b\n").unwrap();
        let p = read(
            "[book]\nchapters = \".\"\n[build]\noutput = \".\"\nname = \"mybook\"\n",
            &book,
        )
        .unwrap();
        let names: Vec<_> = p
            .chapters
            .iter()
            .map(|c| c.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["02-b.md", "01-a.md"], "{names:?}");
    }
}
