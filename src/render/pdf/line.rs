//! A set line: positioned glyphs with their source text, held compactly.
//!
//! Every laid-out glyph of a document lives until the pages are painted, so its size sets
//! the renderer's memory on long documents: a glyph as a record of everything it needs
//! ([`PlacedGlyph`], 48 bytes) made one 10 MB paragraph cost about 800 MB. A [`Line`]
//! therefore stores, per glyph, only what changes from glyph to glyph (its id, position and
//! text length: 8 bytes), and what a run of glyphs shares (face, size, colour, rise, slant,
//! weight, scale) once per run. A glyph's text starts where the one before it ends, as the
//! breaker sets them; the rare exceptions are kept aside. [`Line::glyphs`] gives the glyphs
//! back as [`PlacedGlyph`] values.

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
    /// Inline image `n` of the layout's images, as wide as the mark.
    Image(u32),
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

/// What differs from glyph to glyph: 8 bytes. A glyph's text starts where the previous
/// glyph's ends (the breaker appends them in order), except where [`Extra::jumps`] says.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Slot {
    x: f32,
    gid: u16,
    /// Length of the text range; [`LONG`] if it does not fit (see [`Extra::long_texts`]).
    text_len: u16,
}

/// A text length too long for [`Slot::text_len`]: a cluster of more than 65,534 bytes (one
/// base character with thousands of combining marks). Its end is kept aside.
const LONG: u16 = u16::MAX;

/// What few lines need: kept out of line, so that a line without it costs one pointer.
#[derive(Debug, Clone, PartialEq, Default)]
struct Extra {
    /// (glyph, start of its text) where the text does not start at the previous glyph's
    /// end (text set without a glyph of its own before it), in glyph order.
    jumps: Vec<(u32, u32)>,
    /// (glyph, length of its text) for the glyphs whose text length is [`LONG`], in order.
    long_texts: Vec<(u32, u32)>,
}

/// One set line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    /// Per glyph, left to right: id, position, text length.
    slots: Vec<Slot>,
    /// Runs of glyphs that look the same, in order; the first starts at glyph 0.
    runs: Vec<Run>,
    /// Text starts and lengths that [`Slot`] cannot say.
    extra: Option<Box<Extra>>,
    /// Where the next glyph's text starts unless it jumps (the end of the last glyph's).
    next_text: u32,
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
        let (start, end) = (g.text.0, g.text.1.max(g.text.0));
        if start != self.next_text {
            self.extra.get_or_insert_default().jumps.push((i, start));
        }
        let len = end - start;
        let text_len = match u16::try_from(len) {
            Ok(l) if l < LONG => l,
            _ => {
                self.extra.get_or_insert_default().long_texts.push((i, len));
                LONG
            }
        };
        self.next_text = end;
        self.slots.push(Slot {
            x: g.x,
            gid: g.gid,
            text_len,
        });
    }

    /// The glyphs, left to right.
    pub fn glyphs(&self) -> Glyphs<'_> {
        Glyphs {
            line: self,
            i: 0,
            run: 0,
            text: 0,
            jump: 0,
            long: 0,
        }
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

/// The glyphs of a [`Line`], rebuilt one by one ([`Line::glyphs`]).
pub struct Glyphs<'l> {
    line: &'l Line,
    /// Next glyph.
    i: usize,
    /// Its run.
    run: usize,
    /// Where its text starts unless it jumps.
    text: u32,
    /// Next entries of [`Extra::jumps`] and [`Extra::long_texts`].
    jump: usize,
    long: usize,
}

impl Iterator for Glyphs<'_> {
    type Item = PlacedGlyph;

    fn next(&mut self) -> Option<PlacedGlyph> {
        let line = self.line;
        let s = line.slots.get(self.i)?;
        let i = self.i as u32;
        while line.runs.get(self.run + 1).is_some_and(|r| r.start <= i) {
            self.run += 1;
        }
        let run = &line.runs[self.run];
        let extra = line.extra.as_deref();
        if let Some(&(_, start)) = extra
            .and_then(|e| e.jumps.get(self.jump))
            .filter(|j| j.0 == i)
        {
            self.text = start;
            self.jump += 1;
        }
        let len = if s.text_len == LONG {
            let l = extra
                .and_then(|e| e.long_texts.get(self.long))
                .map_or(0, |l| l.1);
            self.long += 1;
            l
        } else {
            u32::from(s.text_len)
        };
        let start = self.text;
        self.text = start + len;
        self.i += 1;
        Some(PlacedGlyph {
            face: run.face,
            gid: s.gid,
            size: run.size,
            x: s.x,
            rise: run.rise,
            color: run.color,
            oblique: run.oblique,
            embolden: run.embolden,
            scale_x: run.scale_x,
            text: (start, start + len),
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.line.slots.len() - self.i.min(self.line.slots.len());
        (n, Some(n))
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
            // Text set without a glyph of its own (70_006..70_010) before this one.
            glyph(0, 11, 50.0, (70_010, 70_011), Color::TEXT),
            // A range that goes back (not made by the breaker, but kept as given).
            glyph(0, 12, 60.0, (2, 3), Color::TEXT),
        ];
        let mut line = Line::default();
        for g in &pushed {
            line.push_glyph(*g);
        }
        assert_eq!(line.glyph_count(), 8);
        assert_eq!(line.glyphs().collect::<Vec<_>>(), pushed);
        // Four looks: face 0, face 1, face 1 in red, face 0 again.
        assert_eq!(line.runs.len(), 4);
        assert_eq!(std::mem::size_of::<Slot>(), 8);
        // A line as the breaker makes it (contiguous text) needs nothing out of line.
        let mut plain = Line::default();
        for g in &pushed[..4] {
            plain.push_glyph(*g);
        }
        assert!(plain.extra.is_none());
    }
}
