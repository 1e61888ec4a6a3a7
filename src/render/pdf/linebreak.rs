//! Line breaking and justification, measured in points.
//!
//! A paragraph arrives as styled [`Span`]s. [`prepare`] picks a face per character (fallback
//! chains), shapes runs of one face and context, and cuts the result into units (one shaping
//! cluster each) that know their width, whether a line may end after them (UAX #14 plus the
//! Chinese line-start and line-end rules), and how much of their em box is empty (full-width
//! punctuation whose ink sits in one half). [`Prepared::break_lines`] then fills lines:
//!
//! - breaks only where UAX #14 and kinsoku (避头尾) allow; a token wider than the line is
//!   broken between any two clusters instead of overflowing;
//! - full-width punctuation is compressed to half an em where two meet (”、“ takes two cells,
//!   not three), at the start of a line (opening marks) and at its end (closing marks);
//! - a quarter-em space separates Han characters from Latin letters and digits (unless a real
//!   space is there), and disappears at a line break;
//! - lines are justified by spreading the space between CJK characters and at Latin spaces;
//!   the last line stays ragged, and a last line holding a single character is avoided by
//!   ending the line before it earlier;
//! - a line that must shrink takes the space from Latin spaces and autospace first, then
//!   evenly from its full-width punctuation, pause marks before full stops;
//! - justified Western text may be hyphenated ([`prepare_hyphenated`], [`super::hyphenate`]);
//! - code is set as typed: no ligatures, autospace, compression or stretch inside it;
//! - the two-em dash `——` is one unbreakable unit of exactly two ems.
//!
//! The output is plain data ([`Line`]s of positioned glyphs), tested without any PDF.
//! Preparing a paragraph is in `prepare`, the choice of breaks here, setting a chosen line in
//! `set`, and how a set line holds its glyphs in [`super::line`].

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::fonts::{Chain, FontSet, is_invisible};
use super::shape::{Glyph, Mode};
use crate::cjk::{
    is_cjk, is_compressible_punct, is_han, is_line_end_forbidden, is_line_start_forbidden,
};

/// An RGB colour, components 0–1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color(pub f32, pub f32, pub f32);

impl Color {
    /// Body text.
    pub const TEXT: Color = Color(0.13, 0.13, 0.15);
}

/// How a span of text looks.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    /// Fallback chain (regular, bold or code).
    pub chain: Chain,
    /// Size in points.
    pub size: f32,
    /// Text colour.
    pub color: Color,
    /// Index of a link target (in the layout's link table), if the span is a link.
    pub link: Option<usize>,
    /// Struck-out text.
    pub strike: bool,
    /// Underlined text (links).
    pub underline: bool,
    /// Baseline shift in points (superscript footnote markers).
    pub rise: f32,
    /// Emphasis: Latin letters are slanted (the fonts have no italics); CJK stays upright,
    /// as slanted ideographs read as a rendering fault.
    pub oblique: bool,
    /// Key `n` of the document: the text sits in a key cap.
    pub key: Option<u32>,
    /// Highlighted text (`<mark>`).
    pub highlight: bool,
    /// An image in the line (an icon): its index in the layout's images and its width in
    /// points. The span's text is one U+FFFC, which takes that width and has no glyph.
    pub image: Option<(u32, f32)>,
}

impl Style {
    /// Plain body text in `chain` at `size`.
    pub fn new(chain: Chain, size: f32) -> Style {
        Style {
            chain,
            size,
            color: Color::TEXT,
            link: None,
            strike: false,
            underline: false,
            rise: 0.0,
            oblique: false,
            key: None,
            highlight: false,
            image: None,
        }
    }
}

/// A run of text with one style. A `'\n'` in the text is a forced line break.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The characters.
    pub text: String,
    /// Their style.
    pub style: Style,
}

pub use super::line::{Line, Mark, MarkKind, PlacedGlyph};

mod prepare;
mod set;

pub use prepare::{code_columns, mono_column, prepare, prepare_hyphenated};

/// Options for [`Prepared::break_lines`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BreakOptions {
    /// Line width in points.
    pub width: f32,
    /// Justify all but the last line.
    pub justify: bool,
}

/// Which half of a full-width punctuation glyph's em box is empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ink {
    /// Not compressible.
    None,
    /// Ink in the left half (closing marks ，。」): the right half can go.
    Left,
    /// Ink in the right half (opening marks 「（“): the left half can go.
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Brk {
    No,
    Allowed,
    Mandatory,
    /// Inside a word: a line may end here with a hyphen (justified text only).
    Hyphen,
}

#[derive(Debug, Clone)]
struct Unit {
    start: usize,
    end: usize,
    span: usize,
    face: usize,
    /// Range of this unit's glyphs in [`Prepared::glyphs`].
    g0: u32,
    g1: u32,
    /// Advance in points before any compression.
    full: f32,
    /// Compression already applied because a neighbour is punctuation too.
    trim_left: f32,
    trim_right: f32,
    /// Half an em, the most a line edge may compress this unit.
    half: f32,
    ink: Ink,
    space: bool,
    cjk: bool,
    /// Bold text in a regular face: the painter adds weight.
    embolden: bool,
    /// Extra space after this unit (Han–Latin autospace), dropped at a line end.
    glue: f32,
    brk: Brk,
}

impl Unit {
    fn width(&self) -> f32 {
        self.full - self.trim_left - self.trim_right
    }

    /// A unit that is not shaped text (a hard break, a tab, an inline image): its text
    /// `start..end` of span `span`, glyphs `g0..g1`, `full` points wide, nothing to
    /// compress or space out around it.
    #[allow(clippy::too_many_arguments)]
    fn plain(
        (start, end): (usize, usize),
        span: usize,
        face: usize,
        (g0, g1): (u32, u32),
        full: f32,
        space: bool,
        brk: Brk,
    ) -> Unit {
        Unit {
            start,
            end,
            span,
            face,
            g0,
            g1,
            full,
            trim_left: 0.0,
            trim_right: 0.0,
            half: 0.0,
            ink: Ink::None,
            space,
            cjk: false,
            embolden: false,
            glue: 0.0,
            brk,
        }
    }
}

/// A paragraph ready to be broken at any width.
#[derive(Debug, Clone)]
pub struct Prepared {
    text: String,
    /// The paragraph reads right to left (its first strong letter's direction): its lines
    /// are put in display order by [`super::bidi::reorder`].
    rtl: bool,
    spans: Vec<Style>,
    units: Vec<Unit>,
    glyphs: Vec<Glyph>,
    base_size: f32,
    /// Hyphenation points: (unit the hyphen follows, hyphen glyph, its width in points),
    /// sorted by unit. Kept apart from [`Unit`]: few units have one.
    hyphens: Vec<(u32, u16, f32)>,
    /// Units drawn with a horizontal scale (the two-em dash), sorted: (unit, scale).
    stretched: Vec<(u32, f32)>,
}

/// Which full-width marks give up their space first when a line must shrink.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PunctTier {
    /// Pause marks (，、；：), brackets and quotes.
    Pause,
    /// Full stops (。！？): a sentence end keeps its space as long as possible.
    Stop,
}

impl Prepared {
    /// The hyphen (glyph, width in points) drawn when a line ends after unit `e`, if it is a
    /// hyphenation point.
    fn hyphen_after(&self, e: usize) -> Option<(u16, f32)> {
        if self.units[e].brk != Brk::Hyphen {
            return None;
        }
        let k = self
            .hyphens
            .binary_search_by_key(&(e as u32), |h| h.0)
            .ok()?;
        Some((self.hyphens[k].1, self.hyphens[k].2))
    }

    /// The shrinking priority of unit `i` (a compressible mark).
    fn tier(&self, i: usize) -> PunctTier {
        let u = &self.units[i];
        match self.text[u.start..u.end].chars().next() {
            Some('。' | '！' | '？') => PunctTier::Stop,
            _ => PunctTier::Pause,
        }
    }

    /// Whether the paragraph has no visible content.
    pub fn is_empty(&self) -> bool {
        self.units.iter().all(|u| u.g1 == u.g0)
    }

    /// The widest unbreakable piece and the width of the whole text on one line, in points:
    /// what a table column needs at least and would like at most.
    pub fn min_max(&self) -> (f32, f32) {
        let (mut min, mut cur, mut total, mut line) = (0f32, 0f32, 0f32, 0f32);
        for u in &self.units {
            cur += u.width();
            line += u.width() + u.glue;
            if matches!(u.brk, Brk::Allowed | Brk::Mandatory) {
                min = min.max(cur);
                cur = 0.0;
            }
            if u.brk == Brk::Mandatory {
                total = total.max(line);
                line = 0.0;
            }
        }
        // A CJK run breaks between characters, but a long Latin word does not: never ask for
        // more than 12 em for one piece, the breaker splits longer tokens anywhere.
        (min.max(cur).min(self.base_size * 12.0), total.max(line))
    }

    /// Width of units `s..=e` set on one line, with edge compression and without trailing
    /// spaces.
    fn line_width(&self, s: usize, e: usize) -> f32 {
        let (w, _) = self.measure(s, e);
        w
    }

    /// (width, index of last visible unit) of `s..=e`.
    fn measure(&self, s: usize, e: usize) -> (f32, Option<usize>) {
        let mut last = None;
        for i in (s..=e).rev() {
            if !self.units[i].space {
                last = Some(i);
                break;
            }
        }
        let Some(l) = last else { return (0.0, None) };
        let mut w = 0.0;
        for i in s..=l {
            w += self.units[i].width();
            if i < l {
                w += self.units[i].glue;
            }
        }
        w -= self.edge_left(s) + self.edge_right(l);
        (w, last)
    }

    /// The blank half of an opening bracket that starts line `s`, taken off so that its ink
    /// lines up with the text edge; not on the paragraph's first line, which keeps its
    /// bracket full width (CSS's `text-spacing-trim: space-first`): trimmed there, `【推荐】`
    /// at the start of a list item stuck to the bullet and stood out of the items' column.
    fn edge_left(&self, s: usize) -> f32 {
        let u = &self.units[s];
        if s > 0 && u.ink == Ink::Right && u.trim_left == 0.0 {
            u.half
        } else {
            0.0
        }
    }

    fn edge_right(&self, l: usize) -> f32 {
        let u = &self.units[l];
        if u.ink == Ink::Left && u.trim_right == 0.0 {
            u.half
        } else {
            0.0
        }
    }

    /// Chooses line ends: (first unit, last unit, ends the paragraph or a forced break).
    fn breaks(&self, width: f32, avoid_lone: bool) -> Vec<(usize, usize, bool)> {
        if avoid_lone && let Some(lines) = self.optimal_breaks(width) {
            return lines;
        }
        self.greedy_breaks(width, avoid_lone)
    }

    /// Total-fit (Knuth–Plass style) breaking for justified paragraphs with Latin words: the
    /// breaks that minimise the summed demerits of all lines, so that one loose line does not
    /// pay for its tight neighbours. Chinese text, which can break between any two
    /// characters, gains little from it and keeps the cheaper greedy breaker. Returns `None`
    /// when it does not apply or finds no feasible set of breaks (a token wider than the
    /// line), and the greedy breaker decides.
    fn optimal_breaks(&self, width: f32) -> Option<Vec<(usize, usize, bool)>> {
        let u = &self.units;
        let n = u.len();
        if n < 2 || !u.iter().any(|x| x.space) || u[..n - 1].iter().any(|x| x.brk == Brk::Mandatory)
        {
            return None;
        }
        let cjk = u.iter().filter(|x| x.cjk).count();
        if cjk * 2 > n {
            return None;
        }
        // Prefix sums make a line's width, gap count and shrinkability O(1).
        let mut adv = vec![0f32; n + 1];
        let mut gaps = vec![0u32; n + 1];
        let mut shrink = vec![0f32; n + 1];
        let mut last_vis = vec![usize::MAX; n];
        let mut lv = usize::MAX;
        for i in 0..n {
            adv[i + 1] = adv[i] + u[i].width() + u[i].glue;
            let gap = i + 1 < n && self.gap_after(i);
            gaps[i + 1] = gaps[i] + u32::from(gap);
            let mut sh = 0.5 * u[i].glue;
            if u[i].space {
                sh += 0.3 * u[i].width();
            }
            shrink[i + 1] = shrink[i] + sh;
            if !u[i].space {
                lv = i;
            }
            last_vis[i] = lv;
        }
        let size = self.base_size;
        // (width, gaps, shrink) of the line s..=e.
        let measure = |s: usize, e: usize| -> Option<(f32, f32, f32)> {
            let l = last_vis[e];
            if l == usize::MAX || l < s {
                return None;
            }
            let hyphen = self.hyphen_after(e).map_or(0.0, |h| h.1);
            let w =
                adv[l + 1] - adv[s] - u[l].glue - self.edge_left(s) - self.edge_right(l) + hyphen;
            Some((w, (gaps[l] - gaps[s]) as f32, shrink[l] - shrink[s]))
        };
        let ends: Vec<usize> = (0..n)
            .filter(|&i| u[i].brk != Brk::No || i == n - 1)
            .collect();
        // best[k]: least demerits of breaking after ends[k]; from[k]: the previous end.
        let mut best = vec![f32::INFINITY; ends.len()];
        let mut from = vec![usize::MAX; ends.len()];
        for (k, &e) in ends.iter().enumerate() {
            let last = e == n - 1;
            // Previous break candidates, nearest first; stop once lines get far too long.
            for j in (0..=k).rev() {
                let (start, base) = if j == 0 {
                    (0, 0.0)
                } else {
                    (ends[j - 1] + 1, best[j - 1])
                };
                if start > e {
                    continue;
                }
                if j > 0 && !base.is_finite() {
                    continue;
                }
                let Some((w, g, sh)) = measure(start, e) else {
                    continue;
                };
                if w - sh > width + 0.01 {
                    break;
                }
                let slack = width - w;
                let badness = if slack < 0.0 {
                    let r = -slack / sh.max(0.001);
                    if r > 1.0 {
                        continue;
                    }
                    100.0 * r * r * r
                } else if last {
                    0.0
                } else if g > 0.0 {
                    let r = slack / (g * 0.5 * size);
                    (100.0 * r * r * r).min(10_000.0)
                } else {
                    10_000.0
                };
                let mut demerits = (10.0 + badness) * (10.0 + badness);
                // TeX's costs: a hyphen (\hyphenpenalty 50), two hyphenated lines in a row
                // (\doublehyphendemerits), a hyphen ending the last line but one
                // (\finalhyphendemerits).
                let after_hyphen = j > 0 && u[ends[j - 1]].brk == Brk::Hyphen;
                if u[e].brk == Brk::Hyphen {
                    demerits += 2_500.0;
                    if after_hyphen {
                        demerits += 10_000.0;
                    }
                }
                if last && after_hyphen {
                    demerits += 5_000.0;
                }
                if last && j > 0 && self.letters(start, e) == 1 {
                    demerits += 50_000.0; // a lone word or character on the last line
                }
                let total = base + demerits;
                if total < best[k] {
                    best[k] = total;
                    from[k] = j;
                }
            }
        }
        let k_last = ends.len().checked_sub(1)?;
        if !best[k_last].is_finite() {
            return None;
        }
        let mut lines = Vec::new();
        let mut k = k_last;
        loop {
            let j = from[k];
            let start = if j == 0 { 0 } else { ends[j - 1] + 1 };
            lines.push((start, ends[k], ends[k] == n - 1));
            if j == 0 {
                break;
            }
            k = j - 1;
        }
        lines.reverse();
        Some(lines)
    }

    /// First-fit breaking with a little look-ahead (shrink instead of stretch) and a fix for
    /// a lone last character.
    fn greedy_breaks(&self, width: f32, avoid_lone: bool) -> Vec<(usize, usize, bool)> {
        let n = self.units.len();
        let mut lines = Vec::new();
        let mut s = 0;
        while s < n {
            let mut last_ok: Option<usize> = None;
            let mut end: Option<(usize, bool)> = None;
            let mut running = 0f32;
            for i in s..n {
                let u = &self.units[i];
                running += u.width();
                // Width of s..=i on one line (what `line_width` computes), kept incrementally:
                // `running` holds every unit's width and the autospace between them.
                let cand = if u.space {
                    0.0
                } else {
                    running - self.edge_left(s) - self.edge_right(i)
                };
                let over = !u.space && cand > width + 0.01 && running > 0.0;
                if over && i > s {
                    end = Some(match last_ok {
                        Some(b) => self.maybe_shrink(s, b, i, width, avoid_lone),
                        None => {
                            // Nothing fits before the overflow: break inside the token, but not
                            // before a character that may not start a line.
                            let mut b = i - 1;
                            let starts = |k: usize| {
                                self.text[self.units[k].start..self.units[k].end]
                                    .chars()
                                    .next()
                                    .is_some_and(is_line_start_forbidden)
                            };
                            if starts(i) && b > s {
                                b -= 1;
                            }
                            (b, false)
                        }
                    });
                    break;
                }
                running += u.glue;
                match u.brk {
                    Brk::Mandatory => {
                        end = Some((i, true));
                        break;
                    }
                    Brk::Allowed => last_ok = Some(i),
                    // The first-fit breaker does not hyphenate.
                    Brk::No | Brk::Hyphen => {}
                }
                if i == n - 1 {
                    end = Some((i, true));
                }
            }
            let (e, hard) = end.unwrap_or((n - 1, true));
            lines.push((s, e, hard));
            s = e + 1;
        }
        if avoid_lone {
            self.avoid_lone_last(&mut lines, width);
        }
        lines
    }

    /// The line `s..=b` fits; the next break opportunity is at or after `i`, which overflows.
    /// When justifying, takes the longer line if shrinking it (narrower spaces, compressed
    /// mid-line punctuation) costs less than stretching the shorter one.
    fn maybe_shrink(
        &self,
        s: usize,
        b: usize,
        i: usize,
        width: f32,
        shrink: bool,
    ) -> (usize, bool) {
        if !shrink {
            return (b, false);
        }
        let n = self.units.len();
        let Some(q) = (i..n)
            .find(|&k| matches!(self.units[k].brk, Brk::Allowed | Brk::Mandatory) || k == n - 1)
        else {
            return (b, false);
        };
        let need = self.line_width(s, q) - width;
        let stretch = width - self.line_width(s, b);
        if need <= self.shrink_capacity(s, q) && need < stretch {
            let hard = self.units[q].brk == Brk::Mandatory || q == n - 1;
            (q, hard)
        } else {
            (b, false)
        }
    }

    /// How much the line `s..=e` can shrink: 30 % of each inner space, half of each
    /// autospace, and half an em of each full-width mark inside the line.
    fn shrink_capacity(&self, s: usize, e: usize) -> f32 {
        let (_, last) = self.measure(s, e);
        let Some(l) = last else { return 0.0 };
        let mut cap = 0.0;
        for i in s..l {
            let u = &self.units[i];
            if u.space {
                cap += 0.3 * u.width();
            }
            cap += 0.5 * u.glue;
            if i > s && u.ink != Ink::None && u.trim_left == 0.0 && u.trim_right == 0.0 {
                cap += u.half;
            }
        }
        cap
    }

    /// Number of visible, non-punctuation units in `s..=e`.
    fn letters(&self, s: usize, e: usize) -> usize {
        (s..=e)
            .filter(|&i| {
                let u = &self.units[i];
                !u.space
                    && self.text[u.start..u.end]
                        .chars()
                        .any(|c| c.is_alphanumeric() || is_han(c))
            })
            .count()
    }

    /// If the paragraph's last line holds a single character (plus punctuation), ends the
    /// line before it one break opportunity earlier, when that leaves it reasonably full.
    fn avoid_lone_last(&self, lines: &mut [(usize, usize, bool)], width: f32) {
        let k = lines.len();
        if k < 2 {
            return;
        }
        let (ls, le, _) = lines[k - 1];
        let (ps, pe, phard) = lines[k - 2];
        if phard || self.letters(ls, le) != 1 || !self.units[ls].cjk {
            return;
        }
        for b in (ps + 1..pe).rev() {
            if self.units[b].brk != Brk::Allowed {
                continue;
            }
            let prev_w = self.line_width(ps, b);
            let last_w = self.line_width(b + 1, le);
            if last_w <= width
                && width - prev_w <= 2.0 * self.base_size
                && self.letters(b + 1, le) >= 2
            {
                lines[k - 2].1 = b;
                lines[k - 1].0 = b + 1;
            }
            return;
        }
    }

    /// Breaks like [`Prepared::break_lines`] but leaves the last line unset, returning where
    /// it starts (a byte offset into the paragraph's text) instead: a giant paragraph laid
    /// out chunk by chunk carries its last line over to the next chunk, so the chunks join
    /// without a visible seam (see `super::chunks`).
    pub fn break_lines_but_last(&self, opts: &BreakOptions) -> (Vec<Line>, usize) {
        if self.units.is_empty() {
            return (Vec::new(), self.text.len());
        }
        let mut ranges = self.breaks(opts.width, opts.justify);
        let Some((last, _, _)) = ranges.pop() else {
            return (Vec::new(), 0);
        };
        let lines = ranges
            .into_iter()
            .map(|(s, e, hard)| self.set_line(s, e, opts.width, opts.justify && !hard))
            .collect();
        (lines, self.units[last].start)
    }

    /// Breaks the paragraph into lines of `opts.width` points.
    pub fn break_lines(&self, opts: &BreakOptions) -> Vec<Line> {
        if self.units.is_empty() {
            return Vec::new();
        }
        let ranges = self.breaks(opts.width, opts.justify);
        ranges
            .into_iter()
            .map(|(s, e, hard)| self.set_line(s, e, opts.width, opts.justify && !hard))
            .collect()
    }
}

#[cfg(test)]
mod tests;
