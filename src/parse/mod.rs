//! Markdown → guide model.
//!
//! The parser reads CommonMark with the GFM extensions (tables, strikethrough, autolinks, task
//! lists), footnotes, GFM alerts, YAML front matter and CJK-friendly emphasis (so
//! `**重要。**后文` is bold), using comrak, and turns comrak's tree into a [`Guide`]. comrak's
//! types stop here: nothing outside this module sees them.
//!
//! # Structure rules
//!
//! The rules a human would apply to a how-to, with examples, are in `docs/structure.md`; the
//! code is in `recognise` (lists and Q&A), `structure` (sections, title) and `html`.
//!
//! **Title.** The front matter's `title`; without one, a level-1 heading that opens the
//! document (before any other block); without either, the file name (with a warning). A
//! leading H1 that repeats the front-matter title is the title, not also a section. Any other
//! H1 is a section where it stands: nothing written before it moves. A title heading with
//! formatting keeps it in [`Meta::title_content`](crate::model::Meta::title_content).
//!
//! **Sections.** Every heading outside a container opens a section that runs to the next
//! heading of the same or a higher level; sections nest by level (a skipped level still nests).
//! Blocks before the first heading are the guide's own `blocks`. Each section gets an `id`:
//! the [`slug`](slug::slugify) of its text, made unique with `-1`, `-2`, …. A link to the id
//! GitHub gives the heading ([`slug::github_slug`]: `#c--rust` for `C++ & Rust`) leads to it.
//! A heading may name its own id, pandoc style: `## 安装 {#install}` (see `heading_attrs`).
//!
//! **Lead-ins.** A list item has a *bold lead-in* when its first paragraph opens with strong
//! text followed by a colon (`**打开应用**：正文`, `**Open**: text`, or `**打开：**正文`; `：`
//! and `:` both count).
//!
//! **Steps** ([`Block::Steps`]) are a procedure: a numbered list of at least two items, every
//! item with a bold lead-in, that stands under a heading that introduces a procedure (步骤,
//! 如何, 怎么, 教程, step(s), how to, procedure, instructions, tutorial, getting started
//! anywhere; 操作, 方法, 流程, 安装 at its end; install, set up, configure opening it;
//! installation, setup ending it; the guide's title for lists before the first heading), or
//! right after a paragraph that does (步骤, 流程, 按以下, 依次, 如何,
//! step(s), follow these, as follows, …: stricter words, since `操作` in a sentence says nothing
//! about the list after it). A question heading is not a procedure heading. The step's title is
//! the bold text without the colon; its body is the rest of the item.
//!
//! A numbered list that starts at the number after the end of the list before it, with a few
//! blocks between them (an unindented code fence, a screenshot), carries it on: one list, the
//! blocks between in its last item, and a note.
//!
//! **Key points** ([`Block::KeyPoints`]): every other list, numbered or not, whose items all
//! have bold lead-ins (reasons, tips, the points of an answer). Task lists are never steps or
//! key points.
//!
//! **Questions and answers** ([`Block::QuestionAnswers`]): a section with subsections, none of
//! which has subsections of its own, where more than half of the subsection headings end in
//! `？`/`?`, or whose own heading names questions (问题, 常见问题, 问答, 疑问, FAQ, Q&A,
//! questions, frequently asked, troubleshooting). Every subsection becomes an entry; one whose heading has no
//! question mark is named in a warning. The guide itself counts, its title as the heading, when
//! it has two sections or more.
//!
//! Lines written `问：…` / `答：…` (or `Q:` / `A:`) are questions and answers too, two pairs
//! or more, or one under a heading that names questions (see `qa_lines`).
//!
//! **Directives** override the rules and survive in other Markdown tools (they are comments):
//! `<!-- guidepress: steps -->`, `key-points` or `list` on the line before a list;
//! `<!-- guidepress: qa -->` or `no-qa` on the line before a section heading. Front matter
//! `structure: off` turns recognition off (directives still apply). Near misses ("looks like
//! Q&A but …") are reported as notes, which `guidepress check` prints.
//!
//! **Raw HTML** keeps its meaning where the model has one and its text otherwise; active
//! content never passes (see `html`). Comments are dropped.
//!
//! **Soft line breaks** vanish between two CJK characters and become one space elsewhere
//! ([`crate::cjk::soft_break_vanishes`]). Hard breaks stay [`Inline::LineBreak`].
//!
//! # Diagnostics
//!
//! Errors (input not UTF-8, malformed front matter, wrong front-matter types) stop the parse
//! and name the file, line and column. Warnings travel with the result: HTML tags that lose
//! their meaning (one per kind of tag, at the tag), a local image that does not exist, an
//! internal link to no heading, an empty step, a heading taken as a question though it does
//! not end with a question mark, a question without an answer, control characters, nesting
//! too deep to keep.
//!
//! [`Block::Steps`]: crate::model::Block::Steps
//! [`Block::KeyPoints`]: crate::model::Block::KeyPoints
//! [`Block::QuestionAnswers`]: crate::model::Block::QuestionAnswers
//! [`Inline::LineBreak`]: crate::model::Inline::LineBreak

mod admonitions;
mod anchors;
mod bare_url;
mod code_info;
mod convert;
#[cfg(test)]
pub(crate) use convert::MAX_DEPTH;
mod footnotes;
mod front_matter;
mod heading_attrs;
mod html;
mod limits;
mod qa_lines;
mod recognise;
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
    /// How the structure was read where it might surprise: near misses of the steps and Q&A
    /// rules, in source order (`guidepress check` prints them).
    pub notes: Vec<Diagnostic>,
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

/// Applies the questions-and-answers rule to a section made outside the parser: a book's
/// chapter, whose title was its file's H1, so that a chapter of questions (`常见问题`, `FAQ`,
/// or mostly headings that ask) reads as one, as the same section in a single guide would.
/// Returns the warnings and the notes, which name `file`.
pub fn recognise_chapter_qa(
    section: &mut crate::model::Section,
    file: &Path,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let (mut warnings, mut notes) = (Vec::new(), Vec::new());
    structure::chapter_qa(
        section,
        &mut recognise::QaRule {
            auto: true,
            file,
            warnings: &mut warnings,
            notes: &mut notes,
        },
    );
    (warnings, notes)
}

/// Warnings about the internal links (`#id`) of a guide read from JSON that point to no
/// section or question id (`#` alone is the top of the guide): what the Markdown parser reports with line and column, said here
/// about the file (JSON inlines carry no position).
pub fn unresolved_internal_links(guide: &Guide, file: &std::path::Path) -> Vec<Diagnostic> {
    let ids = structure::all_ids(guide);
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    guide.walk_inlines(&mut |i| {
        if let crate::model::Inline::Link { url, .. } = i
            && let Some(target) = url.strip_prefix('#')
            && !target.is_empty()
            && !ids.contains(crate::assets::percent_decode(target).as_str())
            && seen.insert(target.to_owned())
        {
            out.push(
                Diagnostic::file_warning(
                    file,
                    format!("internal link `#{target}` points to no section or question id"),
                )
                .with_hint("link to an `id` of `sections` (or of a question)")
                .with_key(Diagnostic::link_key(url)),
            );
        }
    });
    out
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
            .with_hint(
                if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
                    // A UTF-16 byte-order mark: the file says what it is.
                    "the file is UTF-16: save it as UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8`)"
                } else {
                    "save the file as UTF-8 (e.g. `iconv -f GB18030 -t UTF-8`)"
                },
            ));
        }
    };
    parse_str(text, origin)
}

/// Parses Markdown text. See the [module documentation](self) for the rules.
pub fn parse_str(text: &str, origin: &Origin) -> Result<Parsed, Diagnostic> {
    let mut warnings = Vec::new();
    let mut notes = Vec::new();
    let text = normalise(text, origin, &mut warnings);
    let from = warnings.len();
    let guide = convert::convert(&text, origin, &mut warnings, &mut notes)?;
    limits::byte_columns_to_chars(&text, &mut warnings[from..]);
    warnings.sort_by_key(|w| (w.line, w.column));
    notes.sort_by_key(|w| (w.line, w.column));
    Ok(Parsed {
        guide,
        warnings,
        notes,
    })
}

/// Strips a BOM, turns CRLF and lone CR into LF, and replaces control characters (other than
/// tab and newline) with U+FFFD, in one warning at the first that counts them all and names
/// the kinds (a binary file pasted in is one warning, not thousands).
fn normalise(text: &str, origin: &Origin, warnings: &mut Vec<Diagnostic>) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = String::with_capacity(text.len());
    let mut first_control: Option<(usize, char)> = None;
    let (mut controls, mut kinds) = (0usize, Vec::<char>::new());
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
                controls += 1;
                if kinds.len() < MAX_NAMED_CONTROLS && !kinds.contains(&c) {
                    kinds.push(c);
                }
                out.push('\u{fffd}');
            }
            c => out.push(c),
        }
    }
    cap_quote_depth(&mut out, origin, warnings);
    if let Some((offset, c)) = first_control {
        let (line, col) = line_col(text, offset);
        let name = |c: &char| format!("U+{:04X}", *c as u32);
        let message = if controls == 1 {
            format!("control character {} replaced by U+FFFD", name(&c))
        } else {
            let more = if kinds.len() == MAX_NAMED_CONTROLS {
                ", …"
            } else {
                ""
            };
            format!(
                "{controls} control characters replaced by U+FFFD ({}{more}), the first here",
                kinds.iter().map(name).collect::<Vec<_>>().join(", ")
            )
        };
        warnings.push(
            Diagnostic::warning(&origin.file, line, col, message)
                .with_hint("remove control characters from the source"),
        );
    }
    out
}

/// Kinds of control characters a warning names (a binary file has them all).
const MAX_NAMED_CONTROLS: usize = 6;

/// Block quotes nested deeper than this on one line are cut: the next `>` is escaped, so the
/// rest of the line is text. comrak's block parser is quadratic in quote depth (20 000 levels
/// took seconds), and the converter flattens everything below `MAX_DEPTH` levels anyway.
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
