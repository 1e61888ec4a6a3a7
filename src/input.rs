//! Loading an input file: Markdown is parsed, JSON (by its `.json` extension) is read as the
//! guide model.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::model::Guide;
use crate::parse::{self, Origin};
use crate::render::json;

/// A loaded guide and the warnings found while loading it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The guide.
    pub guide: Guide,
    /// Warnings about the input.
    pub warnings: Vec<Diagnostic>,
    /// Notes on how the structure was read (near misses of the recognition rules).
    pub notes: Vec<Diagnostic>,
    /// Whether the guide's spans are lines of the files read (Markdown, or a book of Markdown
    /// chapters). Not for JSON: its spans, if any, are lines of the Markdown it was made from.
    pub located: bool,
}

/// Why an input could not be loaded: its error, or for a book, the error of every chapter
/// that failed (so one run reports them all, as a compiler does).
#[derive(Debug, Clone)]
pub struct LoadError {
    /// The errors, in chapter order; never empty.
    pub errors: Vec<Diagnostic>,
}

impl From<Diagnostic> for LoadError {
    fn from(d: Diagnostic) -> Self {
        LoadError { errors: vec![d] }
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (k, e) in self.errors.iter().enumerate() {
            if k > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// What kind of document an input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// By the file's extension (`.json` is guidepress JSON, anything else Markdown); standard
    /// input is JSON when it starts with `{` and names a `"schema_version"` early on.
    #[default]
    Auto,
    /// Markdown, whatever the name.
    Markdown,
    /// guidepress JSON, whatever the name.
    Json,
}

/// Whether a path names a JSON input (by extension, case-insensitive).
pub fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Reads and parses the file at `path`. `-` reads standard input (Markdown, or guidepress
/// JSON recognised by its opening, see [`InputFormat::Auto`]).
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    load_as(path, InputFormat::Auto)
}

/// Reads and parses the file at `path` as `format`. A project file (`guidepress.toml`) is
/// read as the book it describes: its chapters joined into one guide (see [`crate::book`]).
pub fn load_as(path: &Path, format: InputFormat) -> Result<Loaded, LoadError> {
    load_in(path, format, None)
}

/// [`load_as`], with Markdown's images checked in `base_dir` (the `--base-dir` of the
/// command line) instead of the file's own folder; standard input then has one too.
pub fn load_in(
    path: &Path,
    format: InputFormat,
    base_dir: Option<&Path>,
) -> Result<Loaded, LoadError> {
    if format == InputFormat::Auto && crate::book::is_project_file(path) {
        return crate::book::assemble(&crate::book::Project::load(path)?);
    }
    let bytes = if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).map_err(|e| {
            Diagnostic::file_error(path, format!("cannot read standard input: {e}"))
        })?;
        buf
    } else {
        std::fs::read(path).map_err(|e| {
            Diagnostic::file_error(path, format!("cannot read the file: {e}"))
                .with_hint("check the path and that the file is readable")
        })?
    };
    let json = match format {
        InputFormat::Json => true,
        InputFormat::Markdown => false,
        InputFormat::Auto if path == Path::new("-") => looks_like_json(&bytes),
        InputFormat::Auto => is_json(path),
    };
    Ok(load_bytes_as(&bytes, path, json, base_dir)?)
}

/// Whether text on standard input is guidepress JSON: an object that names its
/// `schema_version` near the start (as every guidepress document does, first).
fn looks_like_json(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
    start.is_some_and(|i| bytes[i] == b'{')
        && bytes[..bytes.len().min(4096)]
            .windows(16)
            .any(|w| w == b"\"schema_version\"")
}

/// Parses bytes that came from `path` (Markdown, or JSON when the name ends in `.json`).
pub fn load_bytes(bytes: &[u8], path: &Path) -> Result<Loaded, Diagnostic> {
    load_bytes_as(bytes, path, is_json(path), None)
}

fn load_bytes_as(
    bytes: &[u8],
    path: &Path,
    json: bool,
    base_dir: Option<&Path>,
) -> Result<Loaded, Diagnostic> {
    if json {
        let mut guide = json::from_json(bytes, path)?;
        let mut warnings = Vec::new();
        // As for Markdown: outputs need a title, and the file name is the best stand-in.
        if guide.meta.title.trim().is_empty()
            && let Some(stem) = path.file_stem()
        {
            guide.meta.title = stem.to_string_lossy().into_owned();
            warnings.push(
                Diagnostic::file_warning(
                    path,
                    format!(
                        "the guide has no title: using the file name `{}`",
                        guide.meta.title
                    ),
                )
                .with_hint("set `meta.title`"),
            );
        }
        warnings.extend(parse::unresolved_internal_links(&guide, path));
        if let Some(d) = guide.meta.date.as_deref()
            && crate::dates::epoch(d).is_none()
        {
            let mut w = crate::dates::not_a_date(path, d);
            if let Some((line, col)) = json::position(bytes, "meta.date") {
                (w.line, w.column) = (Some(line), Some(col));
            }
            warnings.push(w);
        }
        return Ok(Loaded {
            guide,
            warnings,
            notes: Vec::new(),
            located: false,
        });
    }
    let mut origin = if path == Path::new("-") {
        Origin::named("<stdin>")
    } else {
        Origin::file(path)
    };
    if let Some(base) = base_dir {
        origin.base_dir = Some(base.to_path_buf());
    }
    let mut parsed = parse::parse_bytes(bytes, &origin)?;
    if path == Path::new("-") && parsed.guide.meta.title.trim().is_empty() {
        // A file's name stands in for a missing title, with a warning; standard input has no
        // name, and the formats fall back to the first heading or `Untitled`: said too.
        parsed.warnings.insert(
            0,
            Diagnostic::warning(
                &origin.file,
                1,
                1,
                "the guide has no title: the outputs use its first heading, or `Untitled`",
            )
            .with_hint("add `title: …` to the front matter or start with a level-1 heading"),
        );
    }
    Ok(Loaded {
        guide: parsed.guide,
        warnings: parsed.warnings,
        notes: parsed.notes,
        located: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_without_title_takes_the_file_name() {
        let loaded = load_bytes(
            br#"{"schema_version": "1.0.0", "meta": {"title": ""}}"#,
            Path::new("dir/my-guide.json"),
        )
        .unwrap();
        assert_eq!(loaded.guide.meta.title, "my-guide");
        assert!(loaded.warnings[0].message.contains("no title"));
    }

    /// `check` on JSON input reports internal links to no id, as it does for Markdown.
    #[test]
    fn json_links_to_no_id_are_reported() {
        let loaded = load_bytes(
            br##"{"schema_version": "1.0.0", "meta": {"title": "t"},
                "blocks": [{"type": "paragraph", "content": [
                    {"type": "link", "url": "#sec", "content": [{"type": "text", "text": "ok"}]},
                    {"type": "link", "url": "#missing", "content": [{"type": "text", "text": "bad"}]},
                    {"type": "link", "url": "#missing", "content": [{"type": "text", "text": "again"}]}]}],
                "sections": [{"id": "sec", "level": 2, "title": [{"type": "text", "text": "S"}]}]}"##,
            Path::new("g.json"),
        )
        .unwrap();
        let said: Vec<&str> = loaded.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            said,
            ["internal link `#missing` points to no section or question id"]
        );
    }
}
