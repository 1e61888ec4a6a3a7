//! Right-to-left text in reading order: a set line's glyphs reordered for display by the
//! Unicode bidirectional algorithm (UAX #9, rules L1–L2), with servo's `unicode-bidi`.
//!
//! Lines are shaped and broken in logical (typed) order, left to right. On a line that holds
//! Hebrew, Arabic or another right-to-left script, each run the algorithm gives a
//! right-to-left level is turned around, cluster by cluster (a base glyph keeps its marks),
//! and the runs are placed in visual order; every glyph keeps its own advance and its text,
//! so copying and the ToUnicode map are unchanged. Link areas and text decorations follow
//! their glyphs (one mark may become several where its text is split by the reordering).
//!
//! The paragraph's direction is its first strong letter's (UAX #9 P2–P3), as `dir="auto"`
//! does in HTML. Not done: a right-to-left paragraph still starts at the left margin, and
//! brackets in right-to-left runs are not mirrored (rule L4).

use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo, bidi_class};

use super::line::{Line, Mark, PlacedGlyph};

/// Whether a paragraph reads right to left: its first strong letter is of a right-to-left
/// script (none: left to right).
pub fn paragraph_is_rtl(text: &str) -> bool {
    matches!(
        unicode_bidi::get_base_direction(text),
        unicode_bidi::Direction::Rtl
    )
}

/// Whether a character is a letter of a right-to-left script (classes R and AL; not the
/// invisible marks of those classes, U+200F and U+061C, nor symbols such as U+FDFC).
pub fn is_rtl_letter(c: char) -> bool {
    c.is_alphabetic() && matches!(bidi_class(c), BidiClass::R | BidiClass::AL)
}

/// `line` in display order, in a paragraph whose direction is `rtl`. A line of a
/// left-to-right paragraph without right-to-left letters (nearly all) is returned as it is.
pub fn reorder(line: Line, rtl: bool) -> Line {
    if line.glyph_count() < 2 || (!rtl && !line.text.chars().any(is_rtl_letter)) {
        return line;
    }
    let level = if rtl { Level::rtl() } else { Level::ltr() };
    let info = ParagraphBidiInfo::new(&line.text, Some(level));
    if !info.has_rtl() && !rtl {
        return line;
    }
    let glyphs: Vec<PlacedGlyph> = line.glyphs().collect();
    // Each glyph's advance: the distance to the next one (justification and letter spacing
    // included), the last one's to the line's end.
    let advance = |i: usize| -> f32 {
        let next = glyphs.get(i + 1).map_or(line.width, |g| g.x);
        (next - glyphs[i].x).max(0.0)
    };
    // Clusters: a glyph with no text of its own (a mark, the rest of a ligature) stays with
    // the glyph before it. (first glyph, end glyph, text position)
    let mut clusters: Vec<(usize, usize, usize)> = Vec::new();
    for (i, g) in glyphs.iter().enumerate() {
        match clusters.last_mut() {
            Some(c) if g.text.1 <= g.text.0 => c.1 = i + 1,
            _ => clusters.push((i, i + 1, g.text.0 as usize)),
        }
    }
    let (_, runs) = info.visual_runs(0..line.text.len());
    let levels = info.reordered_levels(0..line.text.len());
    let mut order: Vec<usize> = Vec::with_capacity(clusters.len());
    let mut placed = vec![false; clusters.len()];
    for run in runs {
        let mut members: Vec<usize> = (0..clusters.len())
            .filter(|&c| !placed[c] && run.contains(&clusters[c].2))
            .collect();
        if levels.get(run.start).is_some_and(Level::is_rtl) {
            members.reverse();
        }
        for &c in &members {
            placed[c] = true;
        }
        order.extend(members);
    }
    // Clusters the runs do not cover (text outside the line's own): where they were.
    order.extend((0..clusters.len()).filter(|&c| !placed[c]));
    if order.iter().copied().eq(0..clusters.len()) {
        return line;
    }
    let start = glyphs[0].x;
    let mut x = start;
    // Old x of each glyph → new x, for the marks.
    let mut moved: Vec<(f32, f32, f32)> = Vec::with_capacity(glyphs.len());
    let mut out = Line::default();
    out.width = line.width;
    out.size = line.size;
    out.text = line.text.clone();
    out.reserve_glyphs(glyphs.len());
    for c in order {
        let (first, end, _) = clusters[c];
        let origin = glyphs[first].x;
        for (i, g) in glyphs.iter().enumerate().take(end).skip(first) {
            let nx = x + (g.x - origin);
            moved.push((g.x, g.x + advance(i), nx));
            out.push_glyph(PlacedGlyph { x: nx, ..*g });
        }
        x += (first..end).map(advance).sum::<f32>();
    }
    out.marks = move_marks(&line.marks, &mut moved);
    out.shrink();
    out
}

/// The marks of a reordered line: each glyph's part of a mark moves with the glyph, and
/// the parts that end up side by side make one mark again. `moved` holds (old start, old
/// end, new start) per glyph.
fn move_marks(marks: &[Mark], moved: &mut [(f32, f32, f32)]) -> Vec<Mark> {
    moved.sort_by(|a, b| a.2.total_cmp(&b.2));
    let mut out = Vec::with_capacity(marks.len());
    for m in marks {
        let mut piece: Option<(f32, f32)> = None;
        for &(x0, x1, nx) in moved.iter() {
            // The glyph's share of the mark, by its middle.
            let mid = (x0 + x1) / 2.0;
            if mid < m.x0 || mid >= m.x1 {
                continue;
            }
            let (a, b) = (nx, nx + (x1 - x0));
            piece = match piece {
                Some((p0, p1)) if (a - p1).abs() < 0.01 => Some((p0, b)),
                Some((p0, p1)) => {
                    out.push(Mark {
                        x0: p0,
                        x1: p1,
                        ..*m
                    });
                    Some((a, b))
                }
                None => Some((a, b)),
            };
        }
        match piece {
            Some((p0, p1)) => out.push(Mark {
                x0: p0,
                x1: p1,
                ..*m
            }),
            // A mark over no glyph (an image's room): where it was.
            None => out.push(*m),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::line::MarkKind;

    /// A line of `text`, one glyph per character, each 5 pt wide, set in typed order.
    fn line_of(text: &str) -> Line {
        let mut line = Line::default();
        line.text = text.to_owned();
        for (k, (i, c)) in text.char_indices().enumerate() {
            line.push_glyph(PlacedGlyph {
                face: 0,
                gid: k as u16,
                size: 10.0,
                x: 5.0 * k as f32,
                rise: 0.0,
                color: crate::render::pdf::linebreak::Color(0.0, 0.0, 0.0),
                oblique: false,
                embolden: false,
                scale_x: 1.0,
                text: (i as u32, (i + c.len_utf8()) as u32),
            });
        }
        line.width = 5.0 * text.chars().count() as f32;
        line
    }

    /// Where each glyph's text starts, left to right, and its x.
    fn display(line: &Line) -> Vec<(u32, f32)> {
        line.glyphs().map(|g| (g.text.0, g.x)).collect()
    }

    #[test]
    fn a_hebrew_word_in_an_english_line_reads_right_to_left() {
        // `ab אב`: the Hebrew letters (bytes 3 and 5) are shown ב then א, left to right.
        let out = reorder(line_of("ab אב"), false);
        assert_eq!(
            display(&out),
            [(0, 0.0), (1, 5.0), (2, 10.0), (5, 15.0), (3, 20.0)]
        );
        assert_eq!(out.text, "ab אב");
    }

    #[test]
    fn an_english_word_in_a_hebrew_line_keeps_its_order() {
        // `אב cd` in a right-to-left paragraph shows `cd בא` left to right (UAX #9 L2).
        let out = reorder(line_of("אב cd"), true);
        assert_eq!(
            display(&out),
            [(5, 0.0), (6, 5.0), (4, 10.0), (2, 15.0), (0, 20.0)]
        );
    }

    #[test]
    fn a_line_without_right_to_left_letters_is_left_alone() {
        let line = line_of("plain 中文 text");
        assert_eq!(reorder(line.clone(), false), line);
    }

    #[test]
    fn marks_follow_their_glyphs() {
        // A link over `אב` (x 15–25) stays one area over the same glyphs; a strike-through
        // over `b א` (x 5–20) is split where the reordering splits its text.
        let mut line = line_of("ab אב");
        let mark = |x0: f32, x1: f32, kind| Mark {
            x0,
            x1,
            size: 10.0,
            kind,
        };
        line.marks = vec![
            mark(15.0, 25.0, MarkKind::Link(0)),
            mark(5.0, 20.0, MarkKind::Strike),
        ];
        let out = reorder(line, false);
        let spans: Vec<_> = out.marks.iter().map(|m| (m.kind, m.x0, m.x1)).collect();
        assert_eq!(
            spans,
            [
                (MarkKind::Link(0), 15.0, 25.0),
                (MarkKind::Strike, 5.0, 15.0),
                (MarkKind::Strike, 20.0, 25.0),
            ]
        );
    }
}
