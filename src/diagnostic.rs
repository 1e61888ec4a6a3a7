//! Diagnostics: errors and warnings that point at a place in an input file.
//!
//! Warnings travel beside results (never printed from library code); the CLI decides how to
//! show them. Every diagnostic names its file, and a line and column when it has one, and
//! carries a hint that says what to do.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Information about how the input was read (`guidepress check` shows these).
    Note,
    /// Output is still produced, but something is probably not what the author meant.
    Warning,
    /// The input cannot be used.
    Error,
}

/// A message about a place in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file the message is about.
    pub file: PathBuf,
    /// 1-based line, if known.
    pub line: Option<usize>,
    /// 1-based column in characters, if known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// What the message is about, when several stages may report the same thing (the parser
    /// and each renderer about one missing image: `image:photo.png`). A front end shows only
    /// the first diagnostic of each key per input.
    pub key: Option<Box<str>>,
}

impl Diagnostic {
    /// A warning about `file` at `line`:`column`.
    pub fn warning(file: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            file: file.to_path_buf(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
            hint: None,
            key: None,
        }
    }

    /// A note about `file` at `line`:`column`: how something was read, not a problem.
    pub fn note(file: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::warning(file, line, column, message)
        }
    }

    /// An error about `file` at `line`:`column`.
    pub fn error(file: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            ..Diagnostic::warning(file, line, column, message)
        }
    }

    /// An error about `file` as a whole.
    pub fn file_error(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
            key: None,
        }
    }

    /// A warning about `file` as a whole.
    pub fn file_warning(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::file_error(file, message)
        }
    }

    /// Marks what the diagnostic is about, so that repeats from other stages are not shown.
    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into().into_boxed_str());
        self
    }

    /// The key under which an image's problems are reported, by every stage alike.
    pub fn image_key(url: &str) -> Box<str> {
        format!("image:{url}").into_boxed_str()
    }

    /// The key under which a link target's problems are reported, by every stage alike.
    pub fn link_key(url: &str) -> Box<str> {
        format!("link:{url}").into_boxed_str()
    }

    /// The image this diagnostic is about, when it carries an [`Diagnostic::image_key`].
    pub fn image_key_url(&self) -> Option<&str> {
        self.key.as_deref()?.strip_prefix("image:")
    }

    /// The link target this diagnostic is about, when it carries a [`Diagnostic::link_key`].
    pub fn link_key_url(&self) -> Option<&str> {
        self.key.as_deref()?.strip_prefix("link:")
    }

    /// Adds a hint saying what to do.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `file:line:col`, as far as known.
    pub fn location(&self) -> String {
        let mut s = self.file.display().to_string();
        if let Some(line) = self.line {
            s.push_str(&format!(":{line}"));
            if let Some(col) = self.column {
                s.push_str(&format!(":{col}"));
            }
        }
        s
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{}: {kind}: {}", self.location(), self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  help: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// The 1-based line and column (in characters) where `needle` is first written in lines
/// `first..=last` (1-based) of `text`: where a problem found after parsing, which knows its
/// block's lines only, was written.
pub fn find_in_lines(text: &str, first: u32, last: u32, needle: &str) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    text.lines()
        .enumerate()
        .skip(first.saturating_sub(1) as usize)
        .take((last.saturating_sub(first) + 1) as usize)
        .find_map(|(n, line)| {
            line.find(needle)
                .map(|byte| (n + 1, line[..byte].chars().count() + 1))
        })
}

/// Where `url` is written as the destination of a link reference definition
/// (`[macros]: ../macros.md`), as [`find_in_lines`] says it: a reference link's address is
/// written there, not where the link is.
pub fn find_definition(text: &str, url: &str) -> Option<(usize, usize)> {
    if url.is_empty() {
        return None;
    }
    text.lines().enumerate().find_map(|(n, line)| {
        let rest = line.trim_start();
        let label_end = rest.starts_with('[').then(|| rest.find("]:"))??;
        let after = &rest[label_end + 2..];
        let dest = after.trim_start();
        let dest = dest.strip_prefix('<').unwrap_or(dest);
        dest.starts_with(url).then(|| {
            let byte = line.len() - dest.len();
            (n + 1, line[..byte].chars().count() + 1)
        })
    })
}

/// `message` with every part between backticks left out (`link to `x` …` → `link to `` …`).
fn without_quoted(message: &str) -> String {
    message
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, part)| part)
        .collect::<Vec<_>>()
        .join("``")
}

/// Converts a byte offset in `text` to a 1-based line and a 1-based column counted in
/// characters.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, col)
}

/// How many diagnostics of one kind in one file a front end shows before it only counts them
/// (see [`Repeats`]).
pub const SHOWN_PER_KIND: usize = 10;

/// Thins out repeated diagnostics, so that a generated document with 16,000 broken links
/// reports the problem, not 32,000 lines of it.
///
/// Two warnings (or notes) are of one kind when they are about the same file and have the same
/// hint, or, without a hint, the same message once what it quotes between backticks is left
/// out: a hint says what to do, so it names the kind of problem and not the instance, and a
/// message names its instance (a URL, an id, a file) between backticks. Errors are always shown. What is held back is counted, and
/// [`Repeats::held_back`] says how many of each kind, so nothing is dropped silently.
#[derive(Debug)]
pub struct Repeats {
    limit: Option<usize>,
    index: HashMap<(PathBuf, Severity, String), usize>,
    kinds: Vec<Kind>,
}

#[derive(Debug)]
struct Kind {
    /// The first diagnostic of the kind, which stands for the others in the summary.
    first: Diagnostic,
    seen: usize,
}

impl Repeats {
    /// Shows at most `limit` diagnostics of each kind; `None` shows every one.
    pub fn new(limit: Option<usize>) -> Self {
        Repeats {
            limit,
            index: HashMap::new(),
            kinds: Vec::new(),
        }
    }

    /// Counts `d`, and says whether it is to be shown.
    pub fn admit(&mut self, d: &Diagnostic) -> bool {
        let Some(limit) = self.limit else {
            return true;
        };
        if d.severity == Severity::Error {
            return true;
        }
        let what = match d.hint.as_deref() {
            Some(hint) => hint.to_owned(),
            None => without_quoted(&d.message),
        };
        let key = (d.file.clone(), d.severity, what);
        let i = *self.index.entry(key).or_insert_with(|| {
            self.kinds.push(Kind {
                first: d.clone(),
                seen: 0,
            });
            self.kinds.len() - 1
        });
        self.kinds[i].seen += 1;
        self.kinds[i].seen <= limit
    }

    /// One note for each kind that had diagnostics held back, in the order the kinds first
    /// came: how many, and which diagnostic they were like. `hint` says how to see them all.
    pub fn held_back(&self, hint: &str) -> Vec<Diagnostic> {
        let Some(limit) = self.limit else {
            return Vec::new();
        };
        self.kinds
            .iter()
            .filter(|k| k.seen > limit)
            .map(|k| {
                let n = k.seen - limit;
                let what = match k.first.severity {
                    Severity::Note => "note",
                    _ => "warning",
                };
                let s = if n == 1 { "" } else { "s" };
                Diagnostic {
                    severity: Severity::Note,
                    file: k.first.file.clone(),
                    line: None,
                    column: None,
                    message: format!(
                        "{n} more {what}{s} like \"{}\" not shown ({} in all)",
                        k.first.message, k.seen
                    ),
                    hint: Some(hint.to_owned()),
                    key: None,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_location_and_hint() {
        let d = Diagnostic::error(Path::new("a.md"), 3, 7, "bad").with_hint("fix it");
        assert_eq!(d.to_string(), "a.md:3:7: error: bad\n  help: fix it");
    }

    #[test]
    fn line_col_counts_characters() {
        let t = "ab\n解绑x";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 3 + "解绑".len()), (2, 3));
    }

    fn broken_link(file: &str, n: usize) -> Diagnostic {
        Diagnostic::warning(
            Path::new(file),
            1,
            n,
            format!("link `#x{n}` points nowhere"),
        )
        .with_hint("link to a heading")
    }

    #[test]
    fn repeats_of_one_kind_are_counted_not_shown() {
        let mut r = Repeats::new(Some(3));
        let shown: Vec<usize> = (1..=8)
            .filter(|&n| r.admit(&broken_link("a.md", n)))
            .collect();
        assert_eq!(shown, [1, 2, 3]);
        let notes = r.held_back("say --all");
        assert_eq!(notes.len(), 1);
        assert_eq!(
            notes[0].to_string(),
            "a.md: note: 5 more warnings like \"link `#x1` points nowhere\" not shown (8 in all)\n  help: say --all"
        );
    }

    #[test]
    fn kinds_are_told_apart_by_file_hint_and_message() {
        let mut r = Repeats::new(Some(1));
        // The same hint in another file, and hintless warnings with other messages, are
        // other kinds; an error is always shown.
        assert!(r.admit(&broken_link("a.md", 1)));
        assert!(r.admit(&broken_link("b.md", 1)));
        assert!(!r.admit(&broken_link("a.md", 2)));
        assert!(r.admit(&Diagnostic::warning(Path::new("a.md"), 1, 1, "one")));
        assert!(r.admit(&Diagnostic::warning(Path::new("a.md"), 1, 1, "two")));
        assert!(!r.admit(&Diagnostic::warning(Path::new("a.md"), 9, 9, "two")));
        // Without a hint, what a message quotes is its instance: these are one kind.
        let link = |url: &str| format!("link to `{url}` is shown as text in the EPUB");
        assert!(r.admit(&Diagnostic::file_warning(
            Path::new("a.md"),
            link("ftp://a")
        )));
        assert!(!r.admit(&Diagnostic::file_warning(
            Path::new("a.md"),
            link("ftp://b")
        )));
        for _ in 0..3 {
            assert!(r.admit(&Diagnostic::error(Path::new("a.md"), 1, 1, "bad")));
        }
        let notes: Vec<String> = r.held_back("h").iter().map(|d| d.message.clone()).collect();
        assert_eq!(
            notes,
            [
                "1 more warning like \"link `#x1` points nowhere\" not shown (2 in all)",
                "1 more warning like \"two\" not shown (2 in all)",
                "1 more warning like \"link to `ftp://a` is shown as text in the EPUB\" not shown (2 in all)"
            ]
        );
    }

    #[test]
    fn no_limit_shows_everything() {
        let mut r = Repeats::new(None);
        assert!((1..=50).all(|n| r.admit(&broken_link("a.md", n))));
        assert!(r.held_back("h").is_empty());
    }
}
