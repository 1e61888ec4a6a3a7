//! A set line: positioned glyphs with their source text, held compactly.
//!
//! Every laid-out glyph of a document lives until the pages are painted, so its size sets
//! the renderer's memory on long documents: a glyph as a record of everything it needs
//! ([`PlacedGlyph`], 48 bytes) made one 10 MB paragraph cost about 800 MB. A [`Line`]
//! therefore stores, per glyph, only what changes from glyph to glyph (its id, position and
//! text range: 12 bytes), and what a run of glyphs shares (face, size, colour, rise, slant,
//! weight, scale) once per run. [`Line::glyphs`] gives the glyphs back as [`PlacedGlyph`]
//! values.

use super::linebreak::Color;

/// A glyph placed on a line (what [`Line::glyphs`] yields and [`Line::push_glyph`] takes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedGlyph {
    /// Face index in the [`super::fonts::FontSet`].
    pub face: usize,
    /// Glyph id in the original face.
    pub gid: u16,
    /// Font size in points.
    pub size: f32,
    /// Left edge of the glyph from the line start, in points.
    pub x: f32,
    /// Baseline shift in points (positive up).
    pub rise: f32,
    /// Colour.
    pub color: Color,
    /// Slanted (synthetic oblique for emphasised Latin text).
    pub oblique: bool,
    /// Painted with a thin outline as well: bold text in a face that has no bold.
    pub embolden: bool,
    /// Horizontal scale (1 normally): the two-em dash `——` is stretched to exactly 2 em.
    pub scale_x: f32,
    /// Byte range in [`Line::text`] of the text this glyph stands for (empty for the second
    /// and later glyphs of a cluster), written to the font's ToUnicode map so that copying
    /// gives back the source text. A range rather than a string: one allocation per line,
    /// not per glyph.
    pub text: (u32, u32),
}

/// What a horizontal mark on a line means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MarkKind {
    /// A link to target `n` of the link table.
    Link(usize),
    /// Strike-through.
    Strike,
    /// Underline.
    Underline,
    /// A key cap around key `n` (each `<kbd>` its own box, even when two touch).
    Key(u32),
    /// A highlighter stroke behind the text.
    Highlight,
}

/// A horizontal extent of a line with a meaning (link area, strike-through).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mark {
    /// Start, from the line start, in points.
    pub x0: f32,
    /// End, in points.
    pub x1: f32,
    /// Font size at the mark, to place strike and underline.
    pub size: f32,
    /// Meaning.
    pub kind: MarkKind,
}

/// What the glyphs of a run share, and where the run starts.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Run {
    /// Index of the run's first glyph.
    start: u32,
    face: usize,
    size: f32,
    rise: f32,
    color: Color,
    oblique: bool,
    embolden: bool,
    scale_x: f32,
}

impl Run {
    fn of(g: &PlacedGlyph, start: u32) -> Run {
        Run {
            start,
            face: g.face,
            size: g.size,
            rise: g.rise,
            color: g.color,
            oblique: g.oblique,
            embolden: g.embolden,
            scale_x: g.scale_x,
        }
    }

    fn same_style(&self, other: &Run) -> bool {
        Run { start: 0, ..*self } == Run { start: 0, ..*other }
    }
}

/// What differs from glyph to glyph: 12 bytes.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Slot {
    x: f32,
    text_start: u32,
    gid: u16,
    /// Length of the text range; [`LONG`] if it does not fit (see [`Line::long_texts`]).
    text_len: u16,
}

/// A text length too long for [`Slot::text_len`]: a cluster of more than 65,534 bytes (one
/// base character with thousands of combining marks). Its end is kept aside.
const LONG: u16 = u16::MAX;

/// One set line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    /// Per glyph, left to right: id, position, text range.
    slots: Vec<Slot>,
    /// Runs of glyphs that look the same, in order; the first starts at glyph 0.
    runs: Vec<Run>,
    /// (glyph, end of its text) for the glyphs whose text length is [`LONG`], in order.
    long_texts: Vec<(u32, u32)>,
    /// Width actually used, in points (the line width when justified).
    pub width: f32,
    /// Largest font size on the line.
    pub size: f32,
    /// Link areas and text decorations.
    pub marks: Vec<Mark>,
    /// The line's text (for tests and diagnostics).
    pub text: String,
}

impl Line {
    /// Number of glyphs.
    pub fn glyph_count(&self) -> usize {
        self.slots.len()
    }

    /// Makes room for `n` more glyphs (lines are set once and kept: no spare capacity).
    pub fn reserve_glyphs(&mut self, n: usize) {
        self.slots.reserve_exact(n);
    }

    /// Appends a glyph.
    pub fn push_glyph(&mut self, g: PlacedGlyph) {
        let i = self.slots.len() as u32;
        let run = Run::of(&g, i);
        if !self.runs.last().is_some_and(|r| r.same_style(&run)) {
            self.runs.push(run);
        }
        let len = g.text.1.saturating_sub(g.text.0);
        let text_len = match u16::try_from(len) {
            Ok(l) if l < LONG => l,
            _ => {
                self.long_texts.push((i, g.text.1));
                LONG
            }
        };
        self.slots.push(Slot {
            x: g.x,
            text_start: g.text.0,
            gid: g.gid,
            text_len,
        });
    }

    fn placed(&self, run: &Run, i: usize) -> PlacedGlyph {
        let s = &self.slots[i];
        let end = if s.text_len == LONG {
            self.long_texts
                .binary_search_by_key(&(i as u32), |l| l.0)
                .map_or(s.text_start, |k| self.long_texts[k].1)
                .max(s.text_start)
        } else {
            s.text_start + u32::from(s.text_len)
        };
        PlacedGlyph {
            face: run.face,
            gid: s.gid,
            size: run.size,
            x: s.x,
            rise: run.rise,
            color: run.color,
            oblique: run.oblique,
            embolden: run.embolden,
            scale_x: run.scale_x,
            text: (s.text_start, end),
        }
    }

    /// The glyphs, left to right.
    pub fn glyphs(&self) -> impl Iterator<Item = PlacedGlyph> + '_ {
        self.runs.iter().enumerate().flat_map(move |(r, run)| {
            let end = self
                .runs
                .get(r + 1)
                .map_or(self.slots.len(), |n| n.start as usize);
            (run.start as usize..end).map(move |i| self.placed(run, i))
        })
    }

    /// The first glyph, if any.
    pub fn first_glyph(&self) -> Option<PlacedGlyph> {
        self.glyphs().next()
    }

    /// Releases spare capacity (a line is set once and then kept until painted).
    pub fn shrink(&mut self) {
        self.slots.shrink_to_fit();
        self.runs.shrink_to_fit();
        self.text.shrink_to_fit();
        self.marks.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(face: usize, gid: u16, x: f32, text: (u32, u32), color: Color) -> PlacedGlyph {
        PlacedGlyph {
            face,
            gid,
            size: 10.0,
            x,
            rise: 0.0,
            color,
            oblique: false,
            embolden: false,
            scale_x: 1.0,
            text,
        }
    }

    #[test]
    fn glyphs_come_back_as_pushed() {
        let red = Color(1.0, 0.0, 0.0);
        let pushed = vec![
            glyph(0, 5, 0.0, (0, 3), Color::TEXT),
            glyph(0, 6, 10.0, (3, 3), Color::TEXT),
            glyph(1, 7, 20.0, (3, 4), Color::TEXT),
            glyph(1, 8, 25.0, (4, 5), red),
            glyph(0, 9, 30.0, (5, 70_005), Color::TEXT),
            glyph(0, 10, 40.0, (70_005, 70_006), Color::TEXT),
        ];
        let mut line = Line::default();
        for g in &pushed {
            line.push_glyph(*g);
        }
        assert_eq!(line.glyph_count(), 6);
        assert_eq!(line.glyphs().collect::<Vec<_>>(), pushed);
        // Four looks: face 0, face 1, face 1 in red, face 0 again.
        assert_eq!(line.runs.len(), 4);
        assert_eq!(std::mem::size_of::<Slot>(), 12);
    }
}
