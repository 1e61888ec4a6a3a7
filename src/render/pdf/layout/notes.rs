//! Footnotes in the PDF layout: each note is laid out ahead of the text, so that pagination
//! knows how much room a referencing line brings to the foot of its page; notes that cannot go
//! to a page foot (referenced only from tables, or too long) are set at the end. A note's
//! number links back to its first reference, the reference to the note.

use super::{Block, Builder, Chain, Guide, Line, LinkTarget, MarkKind, Prim, RULE, Role};

/// Anchor name prefix of a footnote's first reference, the target of the link back from the
/// note's number. Not a possible section id (those never hold `↩`). A note whose references
/// are all in tables (set without anchors) has no link back: [`super::super::structure`] drops links
/// to missing anchors of this kind silently.
pub const BACKREF: &str = "↩fnref-";

impl Builder<'_, '_> {
    /// Lays out one note (number, anchor, content) at the current indent into the flow, as
    /// a `Note` element (its number the label); returns the element.
    fn note(&mut self, note: &crate::model::Footnote, size: f32) -> usize {
        let node = self.tree.add(Role::Note, self.cur);
        let outer = std::mem::replace(&mut self.cur, node);
        let lbl = self.tree.add(Role::Lbl, node);
        let mut st = self.style(Chain::Text, size);
        st.color = self.accent;
        let num = self.single_line(&format!("{}.", note.number), &st);
        // The number links back to the first reference (footnote links go both ways).
        let back = self.link(
            LinkTarget::Anchor(format!("{BACKREF}{}", note.number)),
            format!("↩ {}", note.number),
        );
        let back_link = Prim::Link {
            x: self.x,
            y: -size * 1.05,
            w: num.width,
            h: size * 1.4,
            target: back,
        };
        self.marker = Some(vec![
            back_link,
            Prim::Text {
                x: self.x,
                y: 0.0,
                line: Box::new(num),
            },
            Prim::Anchor {
                id: format!("fn-{}", note.number),
                y: -size * 1.3,
            },
        ]);
        self.marker_node = Some(lbl);
        self.with_indent(size * 2.0, 0.0, |b| {
            for (k, blk) in note.blocks.iter().enumerate() {
                match blk {
                    Block::Paragraph { content, .. } => {
                        let st = b.style(Chain::Text, size);
                        let spans = b.spans(content, &st);
                        b.tagged(Role::P, |b| {
                            b.para(&spans, true, 1.55, false);
                        });
                    }
                    other => b.block(other),
                }
                if k + 1 < note.blocks.len() {
                    b.gap(size * 0.3);
                }
            }
        });
        if self.marker.take().is_some() {
            // A note without content still shows its number.
            self.marker_node = Some(lbl);
            self.para(&[], false, 1.55, false);
        }
        self.marker_node = None;
        self.cur = outer;
        node
    }

    /// Lays out every footnote ahead of the text, so that pagination knows how much room a
    /// referencing line brings to the foot of its page. A note taller than 40 % of a page
    /// stays an endnote.
    pub(super) fn prepare_notes(&mut self, guide: &Guide) {
        let size = self.body() * 0.82;
        let saved = std::mem::take(&mut self.items);
        let place = std::mem::replace(&mut self.place, "the footnotes".to_owned());
        let chapter = self.chapter.take();
        for note in &guide.footnotes {
            let node = self.note(note, size);
            self.note_nodes.insert(note.number, node);
            let mut items = std::mem::take(&mut self.items);
            while items.last().is_some_and(|i| i.slot.discardable) {
                items.pop();
            }
            let h: f32 = items.iter().map(|i| i.height).sum();
            if h > 0.0 && h <= self.geo.text_h() * 0.4 {
                // Kept until its page is made: no spare capacity.
                items.shrink_to_fit();
                self.notes.insert(note.number, items);
            }
        }
        self.items = saved;
        self.place = place;
        self.chapter = chapter;
        self.attach = true;
    }

    /// The footnotes referenced on `line` for the first time: they go to its page's foot,
    /// each followed by the notes that its own text references for the first time (a note
    /// referenced only from another note goes to the same foot, after it, and its element
    /// under that note's; it used to be set among the endnotes, above note 1), as long as
    /// they take at most 40 % of a page together.
    pub(super) fn attach_notes(&mut self, line: &Line) -> Vec<u32> {
        let mut out = Vec::new();
        if !self.attach {
            return out;
        }
        let budget = self.geo.text_h() * 0.4;
        let mut height = 0.0;
        // Depth first, in reading order, without recursion (a chain of notes can be long).
        let mut todo: Vec<(u32, Option<u32>)> = self.note_refs(line).map(|n| (n, None)).collect();
        todo.reverse();
        while let Some((n, from)) = todo.pop() {
            if self.noted.contains(&n) {
                continue;
            }
            let Some(items) = self.notes.get(&n) else {
                continue;
            };
            let h: f32 = items.iter().map(|i| i.height).sum();
            if from.is_some() && height + h > budget {
                continue;
            }
            height += h;
            self.noted.insert(n);
            out.push(n);
            if let Some(&parent) = from.and_then(|p| self.note_nodes.get(&p)) {
                self.note_parents.insert(n, parent);
            }
            let nested: Vec<u32> = items
                .iter()
                .flat_map(|i| &i.prims)
                .filter_map(|p| match p {
                    Prim::Text { line, .. } => Some(line),
                    _ => None,
                })
                .flat_map(|l| self.note_refs(l))
                .collect();
            todo.extend(nested.into_iter().rev().map(|m| (m, Some(n))));
        }
        out
    }

    /// The footnotes `line` references, in order.
    fn note_refs<'l>(&'l self, line: &'l Line) -> impl Iterator<Item = u32> + 'l {
        line.marks.iter().filter_map(|m| match m.kind {
            MarkKind::Link(t) => match self.links.get(t) {
                Some(LinkTarget::Anchor(a)) => a.strip_prefix("fn-")?.parse().ok(),
                _ => None,
            },
            _ => None,
        })
    }

    /// Notes that could not go to the foot of a page (referenced only from a table, or too
    /// long) are set at the end, under a heading.
    pub(super) fn endnotes(&mut self, guide: &Guide) {
        let rest: Vec<_> = guide
            .footnotes
            .iter()
            .filter(|n| !self.noted.contains(&n.number))
            .collect();
        if rest.is_empty() {
            return;
        }
        self.attach = false;
        let body = self.body();
        self.place = "the notes".to_owned();
        self.chapter = None;
        self.gap(body * 1.5);
        let mut st = self.style(Chain::Bold, body * 1.1);
        st.color = self.accent;
        let label = self.labels.footnotes.to_owned();
        self.label_line(label, st, 1.6);
        let x = self.x;
        let w = self.w;
        if let Some(last) = self.items.last_mut() {
            let h = last.height;
            last.prims.push(Prim::Stroke {
                points: vec![(x, h - 1.0), (x + w * 0.3, h - 1.0)],
                color: RULE,
                width: 0.6,
            });
        }
        self.gap(body * 0.4);
        for note in rest {
            self.note(note, body * 0.9);
            self.gap(body * 0.3);
        }
    }
}
