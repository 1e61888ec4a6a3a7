//! Block content: paragraphs, lists, steps, questions and answers, tables, code and the rest.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Inline, Span};

/// One block of content. Serialised as an object tagged by `"type"`; every variant may carry a
/// `span` of source lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Block {
    /// A paragraph.
    Paragraph {
        /// Source lines.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        span: Option<Span>,
        /// The paragraph's content.
        content: Vec<Inline>,
    },
    /// A heading that does not open a section (one inside a list item, quote or alert).
    Heading {
        /// Source lines.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        span: Option<Span>,
        /// Level, 1 to 6.
        #[schemars(range(min = 1, max = 6))]
        level: u8,
        /// The heading's content.
        content: Vec<Inline>,
    },
    /// A bullet or numbered list.
    List {
        /// Source lines.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        span: Option<Span>,
        /// `true` for a numbered list.
        ordered: bool,
        /// First number of a numbered list; absent for bullet lists.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        start: Option<u64>,
        /// A tight list has no blank lines between its items.
        tight: bool,
        /// The items.
        items: Vec<ListItem>,
    },
    /// A sequence of steps: a numbered list whose items each begin with a strong title followed
    /// by a colon (`1. **打开应用**：…`). See [`crate::parse`] for the exact rule.
    Steps {
        /// Source lines.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        span: Option<Span>,
        /// The steps in order.
        steps: Vec<Step>,
    },
    /// Key points: a list whose items each pair a term with its explanation
    /// (`- **安全考虑**：…`, `1. **Security**: …`) but that is not a procedure. Renderers show
    /// the terms in bold followed by their text, keep the list's own numbering or bullets, and
    /// never label them as steps. See [`crate::parse`] for the exact rule.
    KeyPoints {
        /// Source lines.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        span: Option<Span>,
        /// `true` when the source list was numbered.
        ordered: bool,
        /// First number of a numbered list; absent for bullet lists.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        start: Option<u64>,
        /// The points in order.
        points: Vec<KeyPoint>,
    },
    /// A collapsible block (`<details>` with its `<summary>`): the summary is always shown,
    /// the content on request. Paged and plain-text output show both.
    Details {
        /// Source lines.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        span: Option<Span>,
        /// Whether the block starts open (`<details open>`).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        open: bool,
        /// The summary line; empty when the source gave none.
        summary: Vec<Inline>,
        /// The hidden content.
        blocks: Vec<Block>,
    },
    /// Questions with their answers: made from a section whose subsections are mostly
    /// questions, or whose heading names them (`常见问题`, `FAQ`). See [`crate::parse`].
    QuestionAnswers {
        /// Source lines.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        span: Option<Span>,
        /// The entries in order.
        entries: Vec<QuestionAnswer>,
    },
    /// A block quote.
    Quote {
        /// Source lines.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        span: Option<Span>,
        /// Quoted blocks.
        blocks: Vec<Block>,
    },
    /// A GFM alert (`> [!NOTE]`): a call-out of one of five kinds.
    Alert {
        /// Source lines.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        span: Option<Span>,
        /// The alert's kind.
        kind: AlertKind,
        /// A custom title, if the source gave one (otherwise renderers show a localised label).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        /// The alert's content.
        blocks: Vec<Block>,
    },
    /// A code block, verbatim.
    Code {
        /// Source lines.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        span: Option<Span>,
        /// Language: the first word of a fenced block's info string.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        language: Option<String>,
        /// A title, usually the name of the file the code belongs in, since schema 1.4: from
        /// the info string's `title="vite.config.js"`, `filename="…"` or `[vite.config.js]`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        /// The code, ending with a newline when not empty.
        code: String,
    },
    /// A table.
    Table {
        /// Source lines.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        span: Option<Span>,
        /// One entry per column.
        columns: Vec<Column>,
        /// The header row. Since schema 1.3 it may have no cells: a table with no header
        /// row (an HTML table of `<td>` cells only, or a Markdown table whose header cells
        /// are all empty).
        header: TableRow,
        /// Body rows. Each row has exactly as many cells as there are columns.
        rows: Vec<TableRow>,
    },
    /// A thematic break (horizontal rule).
    ThematicBreak {
        /// Source lines.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        span: Option<Span>,
    },
    /// Raw HTML from the source, kept verbatim and flagged by its type. Renderers must treat
    /// it as untrusted and never pass it on as active content.
    RawHtml {
        /// Source lines.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        span: Option<Span>,
        /// The HTML text.
        html: String,
    },
}

/// One item of a [`Block::List`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListItem {
    /// Source lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// For task-list items: whether the box is ticked. Absent for ordinary items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<bool>,
    /// The item's content.
    pub blocks: Vec<Block>,
}

/// One step of a [`Block::Steps`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The step's number as shown (follows the source list's start).
    pub number: u64,
    /// Source lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// The step's title (the strong text, without the colon).
    pub title: Vec<Inline>,
    /// What to do: the rest of the item. May be empty.
    pub body: Vec<Block>,
}

/// One point of a [`Block::KeyPoints`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyPoint {
    /// Source lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// The term (the strong lead-in, without the colon).
    pub term: Vec<Inline>,
    /// Its explanation: the rest of the item. May be empty.
    pub body: Vec<Block>,
}

/// One question and its answer in a [`Block::QuestionAnswers`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionAnswer {
    /// Stable identifier, unique in the guide (the question heading's slug).
    pub id: String,
    /// Source lines of the question heading and its answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// The question, including its question mark.
    pub question: Vec<Inline>,
    /// The answer.
    pub answer: Vec<Block>,
}

/// The five GFM alert kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// Useful information.
    Note,
    /// Helpful advice.
    Tip,
    /// Key information.
    Important,
    /// Urgent information.
    Warning,
    /// Risks and negative outcomes.
    Caution,
}

/// A table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// Horizontal alignment of the column's cells.
    pub align: ColumnAlign,
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ColumnAlign {
    /// No alignment given (renderers use their default, usually left).
    None,
    /// Left-aligned.
    Left,
    /// Centred.
    Center,
    /// Right-aligned.
    Right,
}

/// A table row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableRow {
    /// The row's cells, one per column.
    pub cells: Vec<TableCell>,
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableCell {
    /// The cell's content.
    pub content: Vec<Inline>,
}

impl Block {
    /// The block's source lines, if known.
    pub fn span(&self) -> Option<Span> {
        match self {
            Block::Paragraph { span, .. }
            | Block::Heading { span, .. }
            | Block::List { span, .. }
            | Block::Steps { span, .. }
            | Block::KeyPoints { span, .. }
            | Block::Details { span, .. }
            | Block::QuestionAnswers { span, .. }
            | Block::Quote { span, .. }
            | Block::Alert { span, .. }
            | Block::Code { span, .. }
            | Block::Table { span, .. }
            | Block::ThematicBreak { span }
            | Block::RawHtml { span, .. } => *span,
        }
    }

    /// The blocks directly nested in this block (list items, step bodies, answers, quoted
    /// blocks), in order.
    pub fn children(&self) -> Vec<&Block> {
        match self {
            Block::List { items, .. } => items.iter().flat_map(|i| i.blocks.iter()).collect(),
            Block::Steps { steps, .. } => steps.iter().flat_map(|s| s.body.iter()).collect(),
            Block::KeyPoints { points, .. } => points.iter().flat_map(|p| p.body.iter()).collect(),
            Block::QuestionAnswers { entries, .. } => {
                entries.iter().flat_map(|e| e.answer.iter()).collect()
            }
            Block::Quote { blocks, .. }
            | Block::Alert { blocks, .. }
            | Block::Details { blocks, .. } => blocks.iter().collect(),
            _ => Vec::new(),
        }
    }

    /// Calls `f` on each of `blocks` and, depth first, on everything nested in them.
    pub fn walk_all<'a>(blocks: &'a [Block], f: &mut dyn FnMut(&'a Block)) {
        for b in blocks {
            f(b);
            for child in b.children() {
                Block::walk_all(std::slice::from_ref(child), f);
            }
        }
    }
}
