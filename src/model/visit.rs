//! Changing a guide's content everywhere at once: every block and every inline, depth first.
//!
//! A change that applies to the whole content (a book renames the ids and footnote labels of
//! its chapters and rewrites their image paths) walks it here, so that no caller has to know
//! every place a block or an inline can hide: step titles, key-point terms, questions, table
//! cells, details summaries, footnotes, section titles.

use super::{Block, Guide, Inline, Section};

impl Guide {
    /// Calls `f` on every inline of the guide (section titles, blocks, footnotes; not the
    /// metadata), parents before their children.
    pub fn for_each_inline_mut(&mut self, f: &mut dyn FnMut(&mut Inline)) {
        self.for_each_inline_list_mut(&mut each(f));
    }

    /// Calls `f` on every list of inlines of the guide: a paragraph's content, a title, the
    /// content of a link or an emphasis (each after the list that holds it). For changes
    /// that add, remove or join inlines.
    pub fn for_each_inline_list_mut(&mut self, f: &mut dyn FnMut(&mut Vec<Inline>)) {
        blocks_inline_lists_mut(&mut self.blocks, f);
        for s in &mut self.sections {
            s.for_each_inline_list_mut(f);
        }
        for note in &mut self.footnotes {
            blocks_inline_lists_mut(&mut note.blocks, f);
        }
    }
}

/// `f` applied to each inline of a list (not to nested lists: the list walk reaches those).
impl Guide {
    /// Forgets where everything was written: every span of its sections, blocks, list
    /// items, steps, key points, questions and footnotes. For a guide whose spans are lines
    /// of another file than the one it was read from (JSON made from Markdown, as a book's
    /// chapter), which would send a reader of a warning to the wrong line.
    pub fn forget_spans(&mut self) {
        fn blocks(list: &mut [Block]) {
            blocks_mut(list, &mut |b| match b {
                Block::List { span, items, .. } => {
                    *span = None;
                    items.iter_mut().for_each(|i| i.span = None);
                }
                Block::Steps { span, steps, .. } => {
                    *span = None;
                    steps.iter_mut().for_each(|s| s.span = None);
                }
                Block::KeyPoints { span, points, .. } => {
                    *span = None;
                    points.iter_mut().for_each(|p| p.span = None);
                }
                Block::QuestionAnswers { span, entries, .. } => {
                    *span = None;
                    entries.iter_mut().for_each(|e| e.span = None);
                }
                Block::Paragraph { span, .. }
                | Block::Heading { span, .. }
                | Block::Details { span, .. }
                | Block::Quote { span, .. }
                | Block::Alert { span, .. }
                | Block::Code { span, .. }
                | Block::Table { span, .. }
                | Block::ThematicBreak { span }
                | Block::RawHtml { span, .. } => *span = None,
            });
        }
        blocks(&mut self.blocks);
        for section in &mut self.sections {
            section.for_each_section_mut(&mut |s| {
                s.span = None;
                blocks(&mut s.blocks);
            });
        }
        for note in &mut self.footnotes {
            note.span = None;
            blocks(&mut note.blocks);
        }
    }
}

fn each(f: &mut dyn FnMut(&mut Inline)) -> impl FnMut(&mut Vec<Inline>) + '_ {
    move |list| list.iter_mut().for_each(&mut *f)
}

impl Section {
    /// Calls `f` on every inline of the section and its subsections: titles, then blocks.
    pub fn for_each_inline_mut(&mut self, f: &mut dyn FnMut(&mut Inline)) {
        self.for_each_inline_list_mut(&mut each(f));
    }

    /// Calls `f` on every list of inlines of the section and its subsections (see
    /// [`Guide::for_each_inline_list_mut`]).
    pub fn for_each_inline_list_mut(&mut self, f: &mut dyn FnMut(&mut Vec<Inline>)) {
        inline_lists_mut(&mut self.title, f);
        blocks_inline_lists_mut(&mut self.blocks, f);
        for s in &mut self.sections {
            s.for_each_inline_list_mut(f);
        }
    }

    /// Calls `f` on this section and every subsection, depth first.
    pub fn for_each_section_mut(&mut self, f: &mut dyn FnMut(&mut Section)) {
        f(self);
        for s in &mut self.sections {
            s.for_each_section_mut(f);
        }
    }
}

/// Calls `f` on each inline of `content` and, depth first, on everything nested in it.
pub fn inlines_mut(content: &mut [Inline], f: &mut dyn FnMut(&mut Inline)) {
    for i in content {
        f(i);
        if let Some(children) = i.children_mut() {
            inlines_mut(children, f);
        }
    }
}

/// Calls `f` on `list`, then on the lists nested in its inlines, depth first.
fn inline_lists_mut(list: &mut Vec<Inline>, f: &mut dyn FnMut(&mut Vec<Inline>)) {
    f(list);
    for i in list {
        if let Some(children) = i.children_mut() {
            inline_lists_mut(children, f);
        }
    }
}

/// Calls `f` on each of `blocks` and, depth first, on every block nested in them.
pub fn blocks_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Block)) {
    for b in blocks {
        f(b);
        match b {
            Block::List { items, .. } => {
                for item in items {
                    blocks_mut(&mut item.blocks, f);
                }
            }
            Block::Steps { steps, .. } => {
                for s in steps {
                    blocks_mut(&mut s.body, f);
                }
            }
            Block::KeyPoints { points, .. } => {
                for p in points {
                    blocks_mut(&mut p.body, f);
                }
            }
            Block::QuestionAnswers { entries, .. } => {
                for e in entries {
                    blocks_mut(&mut e.answer, f);
                }
            }
            Block::Quote { blocks, .. }
            | Block::Alert { blocks, .. }
            | Block::Details { blocks, .. } => blocks_mut(blocks, f),
            Block::Paragraph { .. }
            | Block::Heading { .. }
            | Block::Code { .. }
            | Block::Table { .. }
            | Block::ThematicBreak { .. }
            | Block::RawHtml { .. } => {}
        }
    }
}

/// Calls `f` on every inline held by `blocks` or by the blocks nested in them.
pub fn blocks_inlines_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Inline)) {
    blocks_inline_lists_mut(blocks, &mut each(f));
}

/// Calls `f` on every list of inlines held by `blocks` or by the blocks nested in them.
pub fn blocks_inline_lists_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Vec<Inline>)) {
    blocks_mut(blocks, &mut |b| match b {
        Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
            inline_lists_mut(content, f)
        }
        Block::Steps { steps, .. } => {
            for s in steps {
                inline_lists_mut(&mut s.title, f);
            }
        }
        Block::KeyPoints { points, .. } => {
            for p in points {
                inline_lists_mut(&mut p.term, f);
            }
        }
        Block::QuestionAnswers { entries, .. } => {
            for e in entries {
                inline_lists_mut(&mut e.question, f);
            }
        }
        Block::Details { summary, .. } => inline_lists_mut(summary, f),
        Block::Table { header, rows, .. } => {
            for row in std::iter::once(header).chain(rows.iter_mut()) {
                for cell in &mut row.cells {
                    inline_lists_mut(&mut cell.content, f);
                }
            }
        }
        Block::List { .. }
        | Block::Quote { .. }
        | Block::Alert { .. }
        | Block::Code { .. }
        | Block::ThematicBreak { .. }
        | Block::RawHtml { .. } => {}
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{KeyPoint, QuestionAnswer, Step, TableCell, TableRow};

    fn text(s: &str) -> Vec<Inline> {
        vec![Inline::Text { text: s.into() }]
    }

    /// Every place an inline can be, listed here by hand: the walk must reach each one.
    #[test]
    fn reaches_every_place_an_inline_can_hide() {
        let cell = |s: &str| TableCell { content: text(s) };
        let blocks = vec![
            Block::Steps {
                span: None,
                steps: vec![Step {
                    number: 1,
                    span: None,
                    title: text("step-title"),
                    body: vec![Block::Paragraph {
                        span: None,
                        content: vec![Inline::Strong {
                            content: text("nested-strong"),
                        }],
                    }],
                }],
            },
            Block::KeyPoints {
                span: None,
                ordered: false,
                start: None,
                points: vec![KeyPoint {
                    span: None,
                    term: text("term"),
                    body: Vec::new(),
                }],
            },
            Block::QuestionAnswers {
                span: None,
                entries: vec![QuestionAnswer {
                    id: "q".into(),
                    span: None,
                    question: text("question"),
                    answer: vec![Block::Quote {
                        span: None,
                        blocks: vec![Block::Heading {
                            span: None,
                            level: 4,
                            content: text("quoted-heading"),
                        }],
                    }],
                }],
            },
            Block::Details {
                span: None,
                open: false,
                summary: text("summary"),
                blocks: Vec::new(),
            },
            Block::Table {
                span: None,
                columns: Vec::new(),
                header: TableRow {
                    cells: vec![cell("th")],
                },
                rows: vec![TableRow {
                    cells: vec![cell("td")],
                }],
            },
        ];
        let sections = vec![Section {
            id: "s".into(),
            level: 2,
            title: text("section-title"),
            span: None,
            blocks: Vec::new(),
            sections: Vec::new(),
            source: None,
        }];
        let footnotes = vec![crate::model::Footnote {
            label: "1".into(),
            number: 1,
            span: None,
            blocks: vec![Block::Paragraph {
                span: None,
                content: text("footnote"),
            }],
        }];
        let mut g = Guide {
            blocks,
            sections,
            footnotes,
            ..Guide::default()
        };
        let mut seen = Vec::new();
        g.for_each_inline_mut(&mut |i| {
            if let Inline::Text { text } = i {
                seen.push(text.clone());
                text.push('!');
            }
        });
        let expected = [
            "step-title",
            "nested-strong",
            "term",
            "question",
            "quoted-heading",
            "summary",
            "th",
            "td",
            "section-title",
            "footnote",
        ];
        let mut sorted = seen.clone();
        sorted.sort();
        let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(sorted, want);
        // The walk hands out the inlines themselves, not copies.
        let mut after = Vec::new();
        g.for_each_inline_mut(&mut |i| {
            if let Inline::Text { text } = i {
                after.push(text.clone());
            }
        });
        assert!(after.iter().all(|t| t.ends_with('!')));
    }
}
