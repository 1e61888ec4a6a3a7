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
        let at = |span| Location {
            chapter: None,
            span,
        };
        if let Some(span) = in_blocks(&self.blocks, None, matches) {
            return Some(at(span));
        }
        for s in &self.sections {
            if let Some(span) = in_section(s, matches) {
                return Some(Location {
                    chapter: s.source.as_deref(),
                    span,
                });
            }
        }
        if self.sections.iter().any(|s| s.source.is_some()) {
            return None;
        }
        self.footnotes
            .iter()
            .find_map(|n| in_blocks(&n.blocks, n.span, matches))
            .map(at)
    }
}

fn in_section(s: &Section, matches: &dyn Fn(&Inline) -> bool) -> Option<Span> {
    // A section's span runs to its end; its title is on the first line.
    let heading = s.span.map(|sp| Span {
        start_line: sp.start_line,
        end_line: sp.start_line,
    });
    if holds(&s.title, matches) && heading.is_some() {
        return heading;
    }
    in_blocks(&s.blocks, heading, matches)
        .or_else(|| s.sections.iter().find_map(|sub| in_section(sub, matches)))
}

/// Whether `content` or anything nested in it matches.
fn holds(content: &[Inline], matches: &dyn Fn(&Inline) -> bool) -> bool {
    content
        .iter()
        .any(|i| matches(i) || i.children().is_some_and(|c| holds(c, matches)))
}

/// The span of the innermost block of `blocks` (or of `outer`, the nearest block around them
/// with a span) holding a matching inline.
fn in_blocks(
    blocks: &[Block],
    outer: Option<Span>,
    matches: &dyn Fn(&Inline) -> bool,
) -> Option<Span> {
    blocks.iter().find_map(|b| in_block(b, outer, matches))
}

fn in_block(b: &Block, outer: Option<Span>, matches: &dyn Fn(&Inline) -> bool) -> Option<Span> {
    let here = b.span().or(outer);
    // Inlines held by one part of a block (a step's title, a cell), with that part's span.
    let inline = |content: &[Inline], part: Option<Span>| {
        let span = part.or(here);
        span.filter(|_| holds(content, matches))
    };
    match b {
        Block::Paragraph { content, .. } | Block::Heading { content, .. } => inline(content, None),
        Block::List { items, .. } => items
            .iter()
            .find_map(|i| in_blocks(&i.blocks, i.span.or(here), matches)),
        Block::Steps { steps, .. } => steps.iter().find_map(|s| {
            inline(&s.title, s.span).or_else(|| in_blocks(&s.body, s.span.or(here), matches))
        }),
        Block::KeyPoints { points, .. } => points.iter().find_map(|p| {
            inline(&p.term, p.span).or_else(|| in_blocks(&p.body, p.span.or(here), matches))
        }),
        Block::QuestionAnswers { entries, .. } => entries.iter().find_map(|e| {
            inline(&e.question, e.span).or_else(|| in_blocks(&e.answer, e.span.or(here), matches))
        }),
        Block::Details {
            summary, blocks, ..
        } => inline(summary, None).or_else(|| in_blocks(blocks, here, matches)),
        Block::Quote { blocks, .. } | Block::Alert { blocks, .. } => {
            in_blocks(blocks, here, matches)
        }
        Block::Table { header, rows, .. } => std::iter::once(header)
            .chain(rows)
            .flat_map(|r| &r.cells)
            .find_map(|c| inline(&c.content, None)),
        Block::Code { .. } | Block::ThematicBreak { .. } | Block::RawHtml { .. } => None,
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
