//! Diagnostics: errors and warnings that point at a place in an input file.
//!
//! Warnings travel beside results (never printed from library code); the CLI decides how to
//! show them. Every diagnostic names its file, and a line and column when it has one, and
//! carries a hint that says what to do.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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
}
