//! Content streams: PDF operators written straight into bytes.
//!
//! [`super::paint`] says what a page shows; this module says it in PDF syntax. Each operation
//! is its operands, each followed by a space, then the operator; operations are separated by
//! newlines; a number is written as Rust prints an `f32` (shortest round-trip form, no
//! exponent). That is the syntax printpdf and lopdf wrote when they painted the pages, so the
//! bytes did not change when this writer replaced them; what changed is that no operation
//! exists as a value (printpdf held about 70 bytes per glyph and a kilobyte per
//! marked-content sequence, and rebuilt every font's tables for each batch of pages it wrote).
//!
//! **Glyph runs.** Layout places every run of glyphs at an absolute position; a line is often
//! several runs on one baseline in one font (a link, a code span, a change of colour split
//! it). Runs that follow each other with nothing but a new text matrix between them, on the
//! same baseline, in the same font and size, are written as one `TJ` whose numbers move the
//! pen from where the viewer leaves it (after each glyph's `/W` width) to where the next run
//! starts. Text extractors then see one piece of text per line rather than fragments, and the
//! glyphs land where they did.

use std::io::Write;

/// A page's content stream being written.
#[derive(Default)]
pub struct Content {
    buf: Vec<u8>,
    /// The glyph run whose `TJ` array is open (its `[` written, not its `] TJ`).
    run: Option<Run>,
}

/// An open glyph run: where its text matrix put it and where the pen is.
struct Run {
    /// The run's origin, x (its baseline is `y`).
    x: f32,
    y: f32,
    /// The font (a key naming its face and variant) and size: a run extends only in the
    /// same font.
    font: u64,
    size: f32,
    /// Where the viewer's pen is, in thousandths of an em from the run's origin.
    pen: f64,
}

/// One glyph of a run: its code in the font, its advance as the viewer applies it (the `/W`
/// width, an integer in thousandths of an em), and the adjustment written after it
/// (thousandths of an em, positive moves left; `0` writes none).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShownGlyph {
    /// The glyph's code (its id in the subset font).
    pub code: u16,
    /// Its `/W` width.
    pub width: i64,
    /// The `TJ` adjustment after it.
    pub adjust: f32,
}

/// Writes `v` as lopdf writes a real: Rust's `Display` for `f32`, with a fast path for whole
/// numbers (most coordinates and every adjustment), which print the same.
fn real(buf: &mut Vec<u8>, v: f32) {
    if v.fract() == 0.0 && v.abs() < 1e9 && !(v == 0.0 && v.is_sign_negative()) {
        let mut b = itoa::Buffer::new();
        buf.extend_from_slice(b.format(v as i64).as_bytes());
    } else {
        let _ = write!(buf, "{v}");
    }
}

/// Writes a name (`/Name`), escaping what the PDF name syntax does not allow as `#XX`.
fn name(buf: &mut Vec<u8>, n: &str) {
    buf.push(b'/');
    for &b in n.as_bytes() {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            let _ = write!(buf, "#{b:02X}");
        } else {
            buf.push(b);
        }
    }
}

/// Writes a glyph's two-byte code as a hexadecimal string, `<00A3>`.
fn hex_code(buf: &mut Vec<u8>, code: u16) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let d = |shift: u16| HEX[usize::from((code >> shift) & 15)];
    buf.extend_from_slice(&[b'<', d(12), d(8), d(4), d(0), b'>']);
}

impl Content {
    /// Starts an operation: closes an open glyph run and separates it from the last one.
    fn start(&mut self) {
        self.close_run();
        if !self.buf.is_empty() {
            self.buf.push(b'\n');
        }
    }

    /// Ends an open glyph run's `TJ`.
    fn close_run(&mut self) {
        if self.run.take().is_some() {
            self.buf.extend_from_slice(b"] TJ");
        }
    }

    /// An operation of numeric operands.
    fn op(&mut self, operands: &[f32], operator: &str) {
        self.start();
        for &v in operands {
            real(&mut self.buf, v);
            self.buf.push(b' ');
        }
        self.buf.extend_from_slice(operator.as_bytes());
    }

    /// An operation with one name operand.
    fn name_op(&mut self, n: &str, operator: &str) {
        self.start();
        name(&mut self.buf, n);
        self.buf.push(b' ');
        self.buf.extend_from_slice(operator.as_bytes());
    }

    /// `q`: saves the graphics state.
    pub fn save(&mut self) {
        self.op(&[], "q");
    }

    /// `Q`: restores it.
    pub fn restore(&mut self) {
        self.op(&[], "Q");
    }

    /// `cm`: concatenates a matrix to the current transformation.
    pub fn transform(&mut self, m: [f32; 6]) {
        self.op(&m, "cm");
    }

    /// `Do`: paints the XObject `id` (an image) in the unit square.
    pub fn xobject(&mut self, id: &str) {
        self.name_op(id, "Do");
    }

    /// `rg`: the fill colour.
    pub fn fill_color(&mut self, r: f32, g: f32, b: f32) {
        self.op(&[r, g, b], "rg");
    }

    /// `RG`: the stroke colour.
    pub fn stroke_color(&mut self, r: f32, g: f32, b: f32) {
        self.op(&[r, g, b], "RG");
    }

    /// `w`: the line width.
    pub fn line_width(&mut self, w: f32) {
        self.op(&[w], "w");
    }

    /// `re`: a rectangle (PDF coordinates: from its bottom-left corner).
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.op(&[x, y, w, h], "re");
    }

    /// `m`: begins a subpath.
    pub fn move_to(&mut self, x: f32, y: f32) {
        self.op(&[x, y], "m");
    }

    /// `l`: a straight segment.
    pub fn line_to(&mut self, x: f32, y: f32) {
        self.op(&[x, y], "l");
    }

    /// `c`: a cubic Bézier segment.
    pub fn curve_to(&mut self, c1: (f32, f32), c2: (f32, f32), end: (f32, f32)) {
        self.op(&[c1.0, c1.1, c2.0, c2.1, end.0, end.1], "c");
    }

    /// `h`: closes the subpath.
    pub fn close_path(&mut self) {
        self.op(&[], "h");
    }

    /// `f`: fills the path (non-zero winding).
    pub fn fill(&mut self) {
        self.op(&[], "f");
    }

    /// `S`: strokes the path.
    pub fn stroke(&mut self) {
        self.op(&[], "S");
    }

    /// `BT`: begins a text object.
    pub fn begin_text(&mut self) {
        self.op(&[], "BT");
    }

    /// `ET`: ends it.
    pub fn end_text(&mut self) {
        self.op(&[], "ET");
    }

    /// `Tf`: the font (its resource name) and size.
    pub fn font(&mut self, resource: &str, size: f32) {
        self.start();
        name(&mut self.buf, resource);
        self.buf.push(b' ');
        real(&mut self.buf, size);
        self.buf.extend_from_slice(b" Tf");
    }

    /// `Tr`: the text rendering mode (0 fill, 2 fill and stroke).
    pub fn rendering_mode(&mut self, mode: i64) {
        self.start();
        let mut b = itoa::Buffer::new();
        self.buf.extend_from_slice(b.format(mode).as_bytes());
        self.buf.extend_from_slice(b" Tr");
    }

    /// `BMC`: begins a marked-content sequence without properties (`/Artifact`).
    pub fn begin_marked(&mut self, tag: &str) {
        self.name_op(tag, "BMC");
    }

    /// `BDC`: begins a marked-content sequence of a structure element's content.
    pub fn begin_marked_content(&mut self, tag: &str, mcid: u32) {
        self.start();
        name(&mut self.buf, tag);
        let _ = write!(self.buf, " <</MCID {mcid}>> BDC");
    }

    /// `BDC` with replacement text: begins a marked-content sequence of a structure
    /// element's content whose text is `text` (`/ActualText`, UTF-16BE with a byte order
    /// mark, written as a hexadecimal string so that nothing needs escaping).
    pub fn begin_marked_content_text(&mut self, tag: &str, mcid: u32, text: &str) {
        self.start();
        name(&mut self.buf, tag);
        let _ = write!(self.buf, " <</MCID {mcid}/ActualText<FEFF");
        for u in text.encode_utf16() {
            let _ = write!(self.buf, "{u:04X}");
        }
        self.buf.extend_from_slice(b">>> BDC");
    }

    /// `EMC`: ends the marked-content sequence.
    pub fn end_marked(&mut self) {
        self.op(&[], "EMC");
    }

    /// A run of glyphs whose first glyph's origin is at `(x, y)` in text space scaled by
    /// `matrix` (`None`: unscaled and upright), in the font `resource` (`font` identifies it
    /// with its size). An upright run in the same font and size, on the baseline of the run
    /// just written, with nothing written between them, extends that run's `TJ` (see the
    /// module's documentation); any other is a text matrix and a `TJ` of its own.
    #[allow(clippy::too_many_arguments)]
    pub fn glyphs(
        &mut self,
        font: u64,
        size: f32,
        x: f32,
        y: f32,
        matrix: Option<[f32; 4]>,
        glyphs: impl IntoIterator<Item = ShownGlyph>,
    ) {
        let extends = matrix.is_none()
            && self
                .run
                .as_ref()
                .is_some_and(|r| r.y == y && r.font == font && r.size == size);
        if extends {
            let r = self.run.as_mut().expect("checked above");
            // The pen moves from where the last glyph left it to this run's origin.
            let dx = (f64::from(x) - f64::from(r.x)) * 1000.0 / f64::from(size);
            let kern = (r.pen - dx) as f32;
            if kern != 0.0 {
                self.buf.push(b' ');
                real(&mut self.buf, kern);
                r.pen -= f64::from(kern);
            }
        } else {
            let [a, b, c, d] = matrix.unwrap_or([1.0, 0.0, 0.0, 1.0]);
            self.op(&[a, b, c, d, x, y], "Tm");
            self.buf.extend_from_slice(b"\n[");
            self.run = Some(Run {
                x,
                y,
                font,
                size,
                pen: 0.0,
            });
        }
        let r = self.run.as_mut().expect("a run is open");
        for g in glyphs {
            hex_code(&mut self.buf, g.code);
            r.pen += g.width as f64;
            if g.adjust != 0.0 {
                self.buf.push(b' ');
                real(&mut self.buf, g.adjust);
                r.pen -= f64::from(g.adjust);
            }
        }
        if matrix.is_some() {
            // A slanted or scaled run never extends nor is extended.
            self.close_run();
        }
    }

    /// A run of glyphs shown at the current text matrix, in its own `TJ` (after operators that
    /// change how it is drawn, synthetic bold's outline).
    pub fn glyphs_here(&mut self, glyphs: impl IntoIterator<Item = ShownGlyph>) {
        self.start();
        self.buf.push(b'[');
        for g in glyphs {
            hex_code(&mut self.buf, g.code);
            if g.adjust != 0.0 {
                self.buf.push(b' ');
                real(&mut self.buf, g.adjust);
            }
        }
        self.buf.extend_from_slice(b"] TJ");
    }

    /// `Tm`: sets the text matrix, for [`Content::glyphs_here`].
    pub fn text_matrix(&mut self, m: [f32; 6]) {
        self.op(&m, "Tm");
    }

    /// The bytes written so far (an open run is closed first).
    pub fn finish(mut self) -> Vec<u8> {
        self.close_run();
        self.buf.shrink_to_fit();
        self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Numbers are written as `Display` writes an `f32`, whole numbers without a point.
    #[test]
    fn numbers_print_like_display() {
        for v in [
            0.0f32, -0.0, 1.0, -1.0, 12.0, 0.5, 0.13, -12.5, 841.89, 595.2756, 1e8, 123456.79, 1e9,
            3e10, -7.0e-5, 0.1,
        ] {
            let mut b = Vec::new();
            real(&mut b, v);
            assert_eq!(String::from_utf8(b).unwrap(), format!("{v}"), "{v:?}");
        }
        let mut b = Vec::new();
        real(&mut b, 12.0);
        assert_eq!(b, b"12");
    }

    #[test]
    fn names_escape_delimiters() {
        let mut b = Vec::new();
        name(&mut b, "A b/(c)#é");
        assert_eq!(String::from_utf8(b).unwrap(), "/A#20b#2F#28c#29#23#C3#A9");
    }

    fn g(code: u16, width: i64, adjust: f32) -> ShownGlyph {
        ShownGlyph {
            code,
            width,
            adjust,
        }
    }

    /// Operations are separated by newlines and never run together, whatever follows what
    /// (a page written in parts once gave `ETBT`).
    #[test]
    fn operations_are_separated() {
        let mut c = Content::default();
        c.begin_text();
        c.font("F0", 10.0);
        c.glyphs(
            0,
            10.0,
            72.0,
            700.5,
            None,
            [g(1, 500, 0.0), g(2, 600, -20.0)],
        );
        c.end_text();
        c.begin_text();
        c.end_text();
        c.fill_color(0.13, 0.13, 0.15);
        c.rect(1.0, 2.0, 3.5, 4.0);
        c.fill();
        c.begin_marked_content("P", 7);
        c.begin_marked("Artifact");
        c.end_marked();
        let text = String::from_utf8(c.finish()).unwrap();
        assert_eq!(
            text,
            "BT\n/F0 10 Tf\n1 0 0 1 72 700.5 Tm\n[<0001><0002> -20] TJ\nET\nBT\nET\n\
             0.13 0.13 0.15 rg\n1 2 3.5 4 re\nf\n/P <</MCID 7>> BDC\n/Artifact BMC\nEMC"
        );
    }

    /// A run on the same baseline in the same font continues the open `TJ`; the number
    /// between them moves the pen from where the viewer leaves it (after the /W widths and
    /// adjustments) to the second run's origin.
    #[test]
    fn runs_on_one_baseline_share_a_tj() {
        let mut c = Content::default();
        // 10 pt: one thousandth of an em is 0.01 pt. First run: 2 glyphs of 500 and an
        // adjustment of -20 (moves right 0.2 pt): the pen ends at 72 + 10.2 = 82.2.
        c.glyphs(
            0,
            10.0,
            72.0,
            700.0,
            None,
            [g(1, 500, -20.0), g(2, 500, 0.0)],
        );
        // The second run starts at 85: 2.8 pt further, -280 thousandths.
        c.glyphs(0, 10.0, 85.0, 700.0, None, [g(3, 500, 0.0)]);
        // Another baseline: a new matrix.
        c.glyphs(0, 10.0, 90.0, 690.0, None, [g(4, 500, 0.0)]);
        // Another font on that baseline: a new matrix.
        c.glyphs(1, 10.0, 95.0, 690.0, None, [g(5, 500, 0.0)]);
        // A slanted run: its own matrix, closed at once.
        c.glyphs(
            1,
            10.0,
            100.0,
            690.0,
            Some([1.0, 0.0, 0.21, 1.0]),
            [g(6, 500, 0.0)],
        );
        c.glyphs(1, 10.0, 105.0, 690.0, None, [g(7, 500, 0.0)]);
        let text = String::from_utf8(c.finish()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "1 0 0 1 72 700 Tm",
                "[<0001> -20<0002> -280<0003>] TJ",
                "1 0 0 1 90 690 Tm",
                "[<0004>] TJ",
                "1 0 0 1 95 690 Tm",
                "[<0005>] TJ",
                "1 0 0.21 1 100 690 Tm",
                "[<0006>] TJ",
                "1 0 0 1 105 690 Tm",
                "[<0007>] TJ",
            ]
        );
    }

    /// Where the runs of a shared `TJ` land, worked out as a viewer does from the numbers
    /// alone, is where they were placed, to a thousandth of an em.
    #[test]
    fn a_shared_tj_puts_each_run_where_it_was_placed() {
        let size = 9.5f32;
        let mut c = Content::default();
        let mut placed = Vec::new();
        let mut x = 56.7f32;
        for k in 0..40u16 {
            let run: Vec<ShownGlyph> = (0..3)
                .map(|i| g(k * 3 + i, 480 + i64::from(k % 7) * 13, -(f32::from(k % 5))))
                .collect();
            placed.push(x);
            c.glyphs(0, size, x, 500.0, None, run);
            x += 17.3 + f32::from(k % 3) * 0.37;
        }
        let text = String::from_utf8(c.finish()).unwrap();
        let array = text.lines().nth(1).unwrap();
        // The viewer: the pen starts at the matrix's x; a glyph advances it by its width; a
        // number moves it back by number/1000 em. Each run's first glyph is every third.
        let mut pen = f64::from(placed[0]);
        let mut starts = Vec::new();
        let mut glyph = 0;
        let mut rest = array.trim_start_matches('[').trim_end_matches("] TJ");
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix('<') {
                let (hex, after) = r.split_once('>').unwrap();
                let code = u16::from_str_radix(hex, 16).unwrap();
                if glyph % 3 == 0 {
                    starts.push(pen);
                }
                let k = code / 3;
                pen += (480.0 + f64::from(k % 7) * 13.0) * f64::from(size) / 1000.0;
                glyph += 1;
                rest = after;
            } else {
                let r = rest.trim_start();
                let end = r.find(['<', ' ']).unwrap_or(r.len());
                let n: f64 = r[..end].parse().unwrap();
                pen -= n * f64::from(size) / 1000.0;
                rest = &r[end..];
            }
        }
        assert_eq!(starts.len(), placed.len());
        for (s, p) in starts.iter().zip(&placed) {
            assert!(
                (s - f64::from(*p)).abs() < f64::from(size) / 1000.0,
                "{s} vs {p}"
            );
        }
    }
}
