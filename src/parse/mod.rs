//! Markdown → guide model.
//!
//! The parser reads CommonMark with the GFM extensions (tables, strikethrough, autolinks, task
//! lists), footnotes, GFM alerts, YAML front matter and CJK-friendly emphasis (so
//! `**重要。**后文` is bold), using comrak, and turns comrak's tree into a [`Guide`]. comrak's
//! types stop here: nothing outside this module sees them.
//!
//! # Structure rules
//!
//! **Title.** The front matter's `title`; without one, the first level-1 heading; without
//! either, the file name (with a warning). A level-1 heading whose text equals the title is the
//! title, not also a section (only the first such).
//!
//! **Sections.** Every heading outside a container opens a section that runs to the next
//! heading of the same or a higher level; sections nest by level (a skipped level still nests).
//! Blocks before the first heading are the guide's own `blocks`. Each section gets an `id`:
//! the [`slug`](slug::slugify) of its text, made unique with `-1`, `-2`, ….
//!
//! **Steps.** A numbered list becomes a [`Block::Steps`] when it has at least two items and
//! every item begins with a paragraph whose first inline is strong text followed by a colon:
//! `1. **打开应用**：正文`, `1. **Open the app**: text`, or with the colon inside the strong
//! text (`**打开应用：**正文`). Both `：` and `:` count. The step's title is the strong text
//! without the colon; its body is the rest of the paragraph and any further blocks of the item.
//! Not steps: bullet lists, task lists, a numbered list with one item, a numbered list where
//! any item lacks the strong-colon opening. A step with a title and no body is kept and
//! reported as a warning.
//!
//! **Questions and answers.** A section becomes a Q&A section when it has at least one
//! subsection and *every* subsection's heading ends in `？` or `?` and has no subsections of its
//! own. Its subsections are replaced by one [`Block::QuestionAnswers`] appended to its blocks;
//! each entry keeps the subsection's id, its heading as the question and its blocks as the
//! answer. Not Q&A: a section where any subsection is not a question, a question heading whose
//! section has no question subsections, and question subsections with their own subheadings.
//!
//! **Soft line breaks** vanish between two CJK characters and become one space elsewhere
//! ([`crate::cjk::soft_break_vanishes`]). Hard breaks stay [`Inline::LineBreak`].
//!
//! # Diagnostics
//!
//! Errors (input not UTF-8, malformed front matter, wrong front-matter types) stop the parse
//! and name the file, line and column. Warnings travel with the result: raw HTML, a local
//! image that does not exist, an internal link to no heading, an empty step, control
//! characters, nesting too deep to keep.
//!
//! [`Block::Steps`]: crate::model::Block::Steps
//! [`Block::QuestionAnswers`]: crate::model::Block::QuestionAnswers
//! [`Inline::LineBreak`]: crate::model::Inline::LineBreak

mod convert;
mod footnotes;
mod front_matter;
mod limits;
pub mod slug;
mod structure;

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, line_col};
use crate::model::Guide;

/// The result of a successful parse: the guide and the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The guide.
    pub guide: Guide,
    /// Warnings, in source order.
    pub warnings: Vec<Diagnostic>,
}

/// Where a document comes from: its name for messages and the folder relative paths start in.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The file name used in diagnostics.
    pub file: PathBuf,
    /// The folder that relative image paths are resolved against; `None` skips file checks.
    pub base_dir: Option<PathBuf>,
}

impl Origin {
    /// The origin of a file on disk: diagnostics name `path`, images resolve beside it.
    pub fn file(path: &Path) -> Self {
        let base = path.parent().map(|p| {
            if p.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                p.to_path_buf()
            }
        });
        Origin {
            file: path.to_path_buf(),
            base_dir: base,
        }
    }

    /// An origin with a name only (text from memory or standard input): no file checks.
    pub fn named(name: &str) -> Self {
        Origin {
            file: PathBuf::from(name),
            base_dir: None,
        }
    }
}

/// Parses Markdown bytes. Fails on bytes that are not UTF-8 (naming the first bad byte's line
/// and column) and on bad front matter. A UTF-8 BOM and CRLF line endings are accepted.
pub fn parse_bytes(bytes: &[u8], origin: &Origin) -> Result<Parsed, Diagnostic> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let (line, col) = line_col(good, good.len());
            return Err(Diagnostic::error(
                &origin.file,
                line,
                col,
                format!(
                    "the file is not valid UTF-8 (byte 0x{:02X} at offset {})",
                    bytes[e.valid_up_to()],
                    e.valid_up_to()
                ),
            )
            .with_hint("save the file as UTF-8 (e.g. `iconv -f GB18030 -t UTF-8`)"));
        }
    };
    parse_str(text, origin)
}

/// Parses Markdown text. See the [module documentation](self) for the rules.
pub fn parse_str(text: &str, origin: &Origin) -> Result<Parsed, Diagnostic> {
    let mut warnings = Vec::new();
    let text = normalise(text, origin, &mut warnings);
    let from = warnings.len();
    let guide = convert::convert(&text, origin, &mut warnings)?;
    limits::byte_columns_to_chars(&text, &mut warnings[from..]);
    warnings.sort_by_key(|w| (w.line, w.column));
    Ok(Parsed { guide, warnings })
}

/// Strips a BOM, turns CRLF and lone CR into LF, and replaces control characters (other than
/// tab and newline) with U+FFFD, warning once about the first.
fn normalise(text: &str, origin: &Origin, warnings: &mut Vec<Diagnostic>) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = String::with_capacity(text.len());
    let mut first_control: Option<(usize, char)> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\r' => {
                if chars.peek().map(|&(_, n)| n) != Some('\n') {
                    out.push('\n');
                }
            }
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {
                first_control.get_or_insert((i, c));
                out.push('\u{fffd}');
            }
            c => out.push(c),
        }
    }
    cap_quote_depth(&mut out, origin, warnings);
    if let Some((offset, c)) = first_control {
        let (line, col) = line_col(text, offset);
        warnings.push(
            Diagnostic::warning(
                &origin.file,
                line,
                col,
                format!("control character U+{:04X} replaced by U+FFFD", c as u32),
            )
            .with_hint("remove control characters from the source"),
        );
    }
    out
}

/// Block quotes nested deeper than this on one line are cut: the next `>` is escaped, so the
/// rest of the line is text. comrak's block parser is quadratic in quote depth (20 000 levels
/// took seconds), and the converter flattens everything below 40 levels anyway.
const MAX_QUOTE_MARKERS: usize = 64;

fn cap_quote_depth(text: &mut String, origin: &Origin, warnings: &mut Vec<Diagnostic>) {
    let mut cuts = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let mut depth = 0;
        for (i, b) in line.bytes().enumerate() {
            match b {
                b'>' => {
                    depth += 1;
                    if depth > MAX_QUOTE_MARKERS {
                        cuts.push(line_start + i);
                        break;
                    }
                }
                b' ' | b'\t' => {}
                _ => break,
            }
        }
        line_start += line.len();
    }
    if let Some(&first) = cuts.first() {
        let (line, col) = line_col(text, first);
        warnings.push(
            Diagnostic::warning(
                &origin.file,
                line,
                col,
                format!("block quotes nested more than {MAX_QUOTE_MARKERS} deep: the rest of the line is kept as text"),
            )
            .with_hint("reduce the nesting of `>` markers"),
        );
    }
    for &at in cuts.iter().rev() {
        text.insert(at, '\\');
    }
}

#[cfg(test)]
mod tests;
