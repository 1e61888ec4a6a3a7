//! Shaping: a run of text in one face becomes positioned glyphs (rustybuzz).
//!
//! Runs are cut by the line breaker so that each has one face and one "context" (CJK or
//! Latin). Latin runs are shaped with the OpenType `pwid` feature: Noto Sans SC's curly quotes
//! and some punctuation are full-width by default, which looks like a hole in English text;
//! `pwid` selects the proportional forms (“ becomes 475 units instead of 1000).

use rustybuzz::{Feature, UnicodeBuffer, ttf_parser::Tag};

use super::fonts::Face;

/// One shaped glyph, in em units of the face (multiply by the font size for points).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// Glyph id in the original (not yet subset) face.
    pub gid: u16,
    /// Advance in em, kerning included.
    pub advance: f32,
    /// Horizontal offset of the glyph from the pen, in em.
    pub x_offset: f32,
    /// Vertical offset in em (positive up).
    pub y_offset: f32,
    /// Byte offset, in the shaped text, of the first character of the glyph's cluster.
    pub cluster: usize,
}

/// Shapes `text` left to right in `face`. `latin` turns on proportional punctuation (`pwid`).
pub fn shape(face: &Face<'_>, text: &str, latin: bool) -> Vec<Glyph> {
    if text.is_empty() {
        return Vec::new();
    }
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(rustybuzz::Direction::LeftToRight);
    buffer.guess_segment_properties();
    let features: &[Feature] = if latin {
        &[Feature {
            tag: Tag::from_bytes(b"pwid"),
            value: 1,
            start: 0,
            end: u32::MAX,
        }]
    } else {
        &[]
    };
    let out = rustybuzz::shape(&face.rb, features, buffer);
    let scale = 1.0 / face.upem;
    out.glyph_infos()
        .iter()
        .zip(out.glyph_positions())
        .map(|(info, pos)| Glyph {
            gid: u16::try_from(info.glyph_id).unwrap_or(0),
            advance: pos.x_advance as f32 * scale,
            x_offset: pos.x_offset as f32 * scale,
            y_offset: pos.y_offset as f32 * scale,
            cluster: info.cluster as usize,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::NOTO_SANS_SC_REGULAR;

    fn face() -> Face<'static> {
        Face::parse("x", NOTO_SANS_SC_REGULAR.data, 0).unwrap()
    }

    #[test]
    fn han_is_full_width() {
        let g = shape(&face(), "中文", false);
        assert_eq!(g.len(), 2);
        assert!((g[0].advance - 1.0).abs() < 1e-3);
        assert_eq!(g[1].cluster, 3);
    }

    #[test]
    fn quotes_are_proportional_in_latin_context() {
        let f = face();
        let cjk = shape(&f, "“", false);
        let latin = shape(&f, "“", true);
        assert!((cjk[0].advance - 1.0).abs() < 1e-3);
        assert!(latin[0].advance < 0.6, "{}", latin[0].advance);
    }

    #[test]
    fn kerning_applies() {
        let f = face();
        let av: f32 = shape(&f, "AV", true).iter().map(|g| g.advance).sum();
        let a = shape(&f, "A", true)[0].advance;
        let v = shape(&f, "V", true)[0].advance;
        assert!(av < a + v, "AV {av} should kern below {}", a + v);
    }
}
