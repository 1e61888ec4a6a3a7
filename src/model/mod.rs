//! The canonical guide model: pure data shared by the parser, every renderer and every JSON
//! consumer.
//!
//! Nothing here knows about Markdown or about any output format. A [`Guide`] is a title block
//! ([`Meta`]), the blocks that come before the first heading, a tree of [`Section`]s and the
//! footnote definitions. Blocks ([`Block`]) and inlines ([`Inline`]) cover everything CommonMark
//! and GFM can express, plus the two structures a how-to guide is made of: [`Block::Steps`] and
//! [`Block::QuestionAnswers`].
//!
//! All types derive `serde` and `schemars` traits; their serialised form *is* the JSON contract
//! documented in [`crate::render::json`] and `docs/json.md`. Changing a field here changes that
//! contract, so follow the versioning rules written there.

mod block;
mod inline;
mod locate;
mod meta;
mod outline;
mod theme;
mod validate;
mod visit;

pub use block::{
    AlertKind, Block, Column, ColumnAlign, KeyPoint, ListItem, QuestionAnswer, Step, TableCell,
    TableRow,
};
pub use inline::{Inline, Length, merge_texts, plain_text};
pub use locate::Location;
pub use meta::Meta;
pub use theme::{Margins, Theme, ThemeFonts, parse_colour, parse_length_mm};
pub use validate::{Problem, check, validate};
pub use visit::{blocks_inline_lists_mut, blocks_inlines_mut, blocks_mut, inlines_mut};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A whole guide: metadata, content and footnotes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Guide {
    /// Title block and document-level metadata.
    pub meta: Meta,
    /// Blocks that stand before the first section heading (often an introduction).
    #[serde(default)]
    pub blocks: Vec<Block>,
    /// Top-level sections, in document order; each may nest further sections.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Footnote definitions, in the order of their first reference.
    #[serde(default)]
    pub footnotes: Vec<Footnote>,
}

/// A section: a heading and everything up to the next heading of the same or a higher level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable identifier, unique in the guide: a slug of the heading that keeps CJK characters
    /// (`解绑步骤`, `steps-to-unbind`); a repeated heading gets `-1`, `-2`, ….
    pub id: String,
    /// Heading level as written in the source (1 to 6).
    #[schemars(range(min = 1, max = 6))]
    pub level: u8,
    /// The heading's content.
    pub title: Vec<Inline>,
    /// Source lines of the heading and everything the section holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// Blocks between this heading and the first subsection.
    #[serde(default)]
    pub blocks: Vec<Block>,
    /// Nested sections.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// In a book (`guidepress.toml`), the chapter file this top-level section was made from,
    /// relative to the project folder with `/` separators. Such a section is a chapter: paged
    /// output starts it on a new page, the EPUB gives it its own file, and the `span`s of
    /// everything inside it are lines of that file. Absent in a single guide. Since 1.2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Section {
    /// Pushes every id this section tree defines, the targets of `#id` links: its own, its
    /// questions' and those of its subsections, in document order.
    pub fn collect_ids<'a>(&'a self, out: &mut Vec<&'a str>) {
        out.push(&self.id);
        Block::walk_all(&self.blocks, &mut |b| {
            if let Block::QuestionAnswers { entries, .. } = b {
                out.extend(entries.iter().map(|e| e.id.as_str()));
            }
        });
        for s in &self.sections {
            s.collect_ids(out);
        }
    }
}

/// A footnote definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Footnote {
    /// The label written in the source (`[^label]`); references point to it.
    pub label: String,
    /// Display number, 1-based, in order of first reference.
    pub number: u32,
    /// Source lines of the definition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// The footnote's content.
    pub blocks: Vec<Block>,
}

/// A range of source lines (1-based, inclusive) that a block came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// First line, 1-based.
    #[schemars(range(min = 1, max = 4294967295u32))]
    pub start_line: u32,
    /// Last line, 1-based, inclusive; not before the first.
    #[schemars(range(min = 1, max = 4294967295u32))]
    pub end_line: u32,
}

impl Span {
    /// The lines from the start of `first` to the end of `last` (a run of blocks or sections
    /// given by its first and last), when both are known.
    pub fn covering(first: Option<Span>, last: Option<Span>) -> Option<Span> {
        Some(Span {
            start_line: first?.start_line,
            end_line: last?.end_line,
        })
    }
}

impl Guide {
    /// The guide's language: the `lang` metadata if set, otherwise a guess from the title
    /// and the first paragraphs ([`crate::langtag::guess`]: `zh`, `ja` or `ko` by their
    /// scripts, another language by its letters when that is clear, else `en`).
    pub fn language(&self) -> String {
        if let Some(lang) = &self.meta.lang {
            return lang.clone();
        }
        // At most GUESS_SAMPLE bytes in all: a 10 MB paragraph (or a 3 MB title) was read
        // whole, on every call.
        fn push(sample: &mut String, text: &str, cap: usize) {
            let room = cap.saturating_sub(sample.len());
            let mut end = room.min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            if end > 0 {
                sample.push_str(&text[..end]);
                sample.push('\n');
            }
        }
        const CAP: usize = crate::langtag::GUESS_SAMPLE;
        let mut sample = String::new();
        push(&mut sample, &self.meta.title, CAP);
        // Headings are written in the guide's own language, when its lists may be names
        // (`ProcessOn`, `Inkscape`): they come first, in a quarter of the sample.
        self.walk_sections(&mut |s| {
            if sample.len() < CAP / 4 {
                push(&mut sample, &plain_text(&s.title), CAP / 4);
            }
        });
        self.walk_blocks(&mut |b| {
            if sample.len() < CAP
                && let Block::Paragraph { content, .. } = b
            {
                push(&mut sample, &plain_text(content), CAP);
            }
        });
        crate::langtag::guess(&sample)
    }

    /// Whether the guide's language is Chinese (`zh`, `zh-CN`, `zh-Hant`, …).
    pub fn is_chinese(&self) -> bool {
        let lang = self.language();
        lang == "zh" || lang.starts_with("zh-") || lang.starts_with("zh_")
    }

    /// Calls `f` on every block of the guide, depth first in document order, including blocks
    /// nested in lists, quotes, steps, answers, sections and footnotes.
    pub fn walk_blocks<'a>(&'a self, f: &mut dyn FnMut(&'a Block)) {
        fn sections<'a>(list: &'a [Section], f: &mut dyn FnMut(&'a Block)) {
            for s in list {
                Block::walk_all(&s.blocks, f);
                sections(&s.sections, f);
            }
        }
        Block::walk_all(&self.blocks, f);
        sections(&self.sections, f);
        for note in &self.footnotes {
            Block::walk_all(&note.blocks, f);
        }
    }

    /// Calls `f` on every section, depth first in document order.
    pub fn walk_sections<'a>(&'a self, f: &mut dyn FnMut(&'a Section)) {
        fn go<'a>(list: &'a [Section], f: &mut dyn FnMut(&'a Section)) {
            for s in list {
                f(s);
                go(&s.sections, f);
            }
        }
        go(&self.sections, f);
    }

    /// Calls `f` on every inline of the guide (section titles, paragraphs, step titles,
    /// questions, table cells, footnotes, and content nested in emphasis and links), depth first
    /// in document order.
    pub fn walk_inlines<'a>(&'a self, f: &mut dyn FnMut(&'a Inline)) {
        fn inl<'a>(content: &'a [Inline], f: &mut dyn FnMut(&'a Inline)) {
            for i in content {
                f(i);
                if let Some(content) = i.children() {
                    inl(content, f);
                }
            }
        }
        self.walk_sections(&mut |s| inl(&s.title, f));
        self.walk_blocks(&mut |b| match b {
            Block::Paragraph { content, .. } | Block::Heading { content, .. } => inl(content, f),
            Block::Steps { steps, .. } => steps.iter().for_each(|s| inl(&s.title, f)),
            Block::KeyPoints { points, .. } => points.iter().for_each(|p| inl(&p.term, f)),
            Block::Details { summary, .. } => inl(summary, f),
            Block::QuestionAnswers { entries, .. } => {
                entries.iter().for_each(|e| inl(&e.question, f))
            }
            Block::Table { header, rows, .. } => {
                for row in std::iter::once(header).chain(rows) {
                    row.cells.iter().for_each(|c| inl(&c.content, f));
                }
            }
            _ => {}
        });
    }

    /// All steps of the guide's main flow (not inside a Q&A answer), in document order: the
    /// steps of every [procedure](Guide::procedures), one after another.
    pub fn main_steps(&self) -> Vec<&Step> {
        self.procedures()
            .into_iter()
            .flat_map(|(_, steps)| steps)
            .collect()
    }

    /// The procedures of the guide's main flow (steps blocks not inside a Q&A answer), in
    /// document order, each with the section it stands in (`None` before the first heading).
    /// Used by renderers that describe the guide as a how-to.
    pub fn procedures(&self) -> Vec<(Option<&Section>, &[Step])> {
        fn collect<'a>(
            section: Option<&'a Section>,
            blocks: &'a [Block],
            out: &mut Vec<(Option<&'a Section>, &'a [Step])>,
        ) {
            for b in blocks {
                if let Block::Steps { steps, .. } = b {
                    out.push((section, steps));
                }
            }
        }
        fn sections<'a>(list: &'a [Section], out: &mut Vec<(Option<&'a Section>, &'a [Step])>) {
            for s in list {
                collect(Some(s), &s.blocks, out);
                sections(&s.sections, out);
            }
        }
        let mut out = Vec::new();
        collect(None, &self.blocks, &mut out);
        sections(&self.sections, &mut out);
        out
    }
}
