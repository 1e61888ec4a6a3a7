//! Where an inline was written: the lines of the innermost block that holds it.
//!
//! The model keeps source lines per block, not per inline. A problem found after parsing (a
//! renderer cannot embed an image, an ebook cannot carry a link) knows its inline only; it is
//! reported at the first line of the block that holds it, the place its author looks for it.

use super::{Block, Guide, Inline, Section, Span};

/// Where [`Guide::locate_inline`] found an inline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location<'a> {
    /// In a book, the chapter file the lines belong to (see [`Section::source`]); `None` for the
    /// guide's own file.
    pub chapter: Option<&'a str>,
    /// The lines of the innermost block holding the inline (a section's heading line for an
    /// inline of its title).
    pub span: Span,
}

impl Guide {
    /// The first inline in reading order (front blocks, then sections, then footnotes) for
    /// which `matches` is true, nested inlines included, located by the innermost block around
    /// it that has a span. `None` when there is no such inline with a known place. A book's
    /// footnotes are not located: their definitions' lines belong to a chapter file the model
    /// does not record.
    pub fn locate_inline(&self, matches: &dyn Fn(&Inline) -> bool) -> Option<Location<'_>> {
        let mut found = None;
        self.visit_located(&mut |i, at| {
            let hit = matches(i);
            if hit {
                found = Some(at);
            }
            hit
        });
        found
    }

    /// Calls `visit` on every inline that has a known place (see [`Guide::locate_inline`]),
    /// nested ones included, in reading order, until it returns `true`. One walk locates many
    /// inlines: a page of 16,000 links to nowhere must not walk the guide once per link.
    pub fn visit_located<'g>(&'g self, visit: &mut dyn FnMut(&Inline, Location<'g>) -> bool) {
        let mut w = Walk {
            chapter: None,
            visit,
        };
        if w.blocks(&self.blocks, None) {
            return;
        }
        for s in &self.sections {
            w.chapter = s.source.as_deref();
            if w.section(s) {
                return;
            }
        }
        if self.sections.iter().any(|s| s.source.is_some()) {
            return;
        }
        w.chapter = None;
        for n in &self.footnotes {
            if w.blocks(&n.blocks, n.span) {
                return;
            }
        }
    }
}

/// A walk over located inlines; each step says whether the visitor asked to stop.
struct Walk<'g, 'v> {
    chapter: Option<&'g str>,
    visit: &'v mut dyn FnMut(&Inline, Location<'g>) -> bool,
}

impl<'g> Walk<'g, '_> {
    fn section(&mut self, s: &'g Section) -> bool {
        // A section's span runs to its end; its title is on the first line.
        let heading = s.span.map(|sp| Span {
            start_line: sp.start_line,
            end_line: sp.start_line,
        });
        self.inlines(&s.title, heading)
            || self.blocks(&s.blocks, heading)
            || s.sections.iter().any(|sub| self.section(sub))
    }

    /// Visits `content` and everything nested in it, at `span` (nothing when it is unknown).
    fn inlines(&mut self, content: &[Inline], span: Option<Span>) -> bool {
        let Some(span) = span else {
            return false;
        };
        let at = Location {
            chapter: self.chapter,
            span,
        };
        content.iter().any(|i| {
            (self.visit)(i, at) || i.children().is_some_and(|c| self.inlines(c, Some(span)))
        })
    }

    /// Visits the inlines of `blocks`, each at the innermost block around it with a span
    /// (`outer`, the nearest around them all, for a block without one).
    fn blocks(&mut self, blocks: &[Block], outer: Option<Span>) -> bool {
        blocks.iter().any(|b| self.block(b, outer))
    }

    fn block(&mut self, b: &Block, outer: Option<Span>) -> bool {
        let here = b.span().or(outer);
        match b {
            Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
                self.inlines(content, here)
            }
            Block::List { items, .. } => items
                .iter()
                .any(|i| self.blocks(&i.blocks, i.span.or(here))),
            Block::Steps { steps, .. } => steps.iter().any(|s| {
                self.inlines(&s.title, s.span.or(here)) || self.blocks(&s.body, s.span.or(here))
            }),
            Block::KeyPoints { points, .. } => points.iter().any(|p| {
                self.inlines(&p.term, p.span.or(here)) || self.blocks(&p.body, p.span.or(here))
            }),
            Block::QuestionAnswers { entries, .. } => entries.iter().any(|e| {
                self.inlines(&e.question, e.span.or(here))
                    || self.blocks(&e.answer, e.span.or(here))
            }),
            Block::Details {
                summary, blocks, ..
            } => self.inlines(summary, here) || self.blocks(blocks, here),
            Block::Quote { blocks, .. } | Block::Alert { blocks, .. } => self.blocks(blocks, here),
            Block::Table { header, rows, .. } => std::iter::once(header)
                .chain(rows)
                .flat_map(|r| &r.cells)
                .any(|c| self.inlines(&c.content, here)),
            Block::Code { .. } | Block::ThematicBreak { .. } | Block::RawHtml { .. } => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Inline;

    fn guide(md: &str) -> crate::model::Guide {
        crate::parse::parse_str(md, &crate::parse::Origin::named("t.md"))
            .expect("parses")
            .guide
    }

    fn line_of_link(g: &crate::model::Guide, url: &str) -> Option<u32> {
        g.locate_inline(&|i| matches!(i, Inline::Link { url: u, .. } if u == url))
            .map(|l| l.span.start_line)
    }

    /// Lines counted by hand in each source below.
    #[test]
    fn finds_the_block_that_holds_an_inline() {
        let g = guide(concat!(
            "Intro [front](f.md).\n",              // 1
            "\n",                                  // 2
            "# Title with [t](t.md)\n",            // 3
            "\n",                                  // 4
            "1. **Open**: see [s](s.md)\n",        // 5
            "2. **Close**: done\n",                // 6
            "\n",                                  // 7
            "   Body line with *[deep](d.md)*.\n", // 8
            "\n",                                  // 9
            "| a | b |\n",                         // 10
            "|---|---|\n",                         // 11
            "| x | [cell](c.md) |\n",              // 12
            "\n",                                  // 13
            "> quoted\n",                          // 14
            ">\n",                                 // 15
            "> - item [q](q.md)\n",                // 16
            "\n",                                  // 17
            "Note[^n].\n",                         // 18
            "\n",                                  // 19
            "[^n]: see [note](n.md)\n",            // 20
        ));
        assert_eq!(line_of_link(&g, "f.md"), Some(1));
        assert_eq!(line_of_link(&g, "t.md"), Some(3));
        assert_eq!(line_of_link(&g, "s.md"), Some(5));
        assert_eq!(line_of_link(&g, "d.md"), Some(8));
        assert_eq!(line_of_link(&g, "c.md"), Some(10));
        assert_eq!(line_of_link(&g, "q.md"), Some(16));
        assert_eq!(line_of_link(&g, "n.md"), Some(20));
        assert_eq!(line_of_link(&g, "missing.md"), None);
    }
}
