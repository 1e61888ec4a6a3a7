//! Shaping: a run of text in one face becomes positioned glyphs (rustybuzz).
//!
//! Runs are cut by the line breaker so that each has one face and one "context" (CJK or
//! Latin). Latin runs are shaped with the OpenType `pwid` feature: Noto Sans SC's curly quotes
//! and some punctuation are full-width by default, which looks like a hole in English text;
//! `pwid` selects the proportional forms (“ becomes 475 units instead of 1000).
//!
//! Code is shaped with ligatures and contextual alternates off ([`Mode::Code`]): JetBrains
//! Mono draws `!=`, `->`, `<=`, `==` and `--` as single arrows and symbols through `calt`, which
//! changes what a reader copies and types from a handout.

use std::collections::HashMap;

use rustybuzz::{Feature, Script, ShapePlan, UnicodeBuffer, ttf_parser::Tag};

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
    /// A stand-in for an invisible character (a variation selector, a zero-width joiner):
    /// HarfBuzz shapes default-ignorable characters as the space glyph with no advance. It
    /// draws nothing, so it is not painted beside the cluster's other glyphs; its character is
    /// in their text.
    pub hidden: bool,
}

/// How a run is shaped: the OpenType features that differ between contexts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Chinese context: the font's defaults (full-width punctuation).
    Cjk,
    /// Latin context: proportional punctuation (`pwid`).
    Latin,
    /// Code: what was typed is what is drawn, glyph by glyph. Ligatures (`liga`, `clig`,
    /// `dlig`) and contextual alternates (`calt`, where JetBrains Mono keeps its programming
    /// ligatures) are off.
    Code,
}

/// Shape plans by (face, mode, script). Building a plan walks the font's GSUB and
/// GPOS feature lists, which costs more than shaping a short run; a document has only a
/// handful of distinct plans.
#[derive(Default)]
pub struct PlanCache {
    plans: HashMap<(usize, Mode, Option<Script>), ShapePlan>,
}

const fn feature(tag: &[u8; 4], value: u32) -> Feature {
    Feature {
        tag: Tag::from_bytes(tag),
        value,
        start: 0,
        end: u32::MAX,
    }
}

fn features(mode: Mode) -> &'static [Feature] {
    const LATIN: [Feature; 1] = [feature(b"pwid", 1)];
    const CODE: [Feature; 4] = [
        feature(b"liga", 0),
        feature(b"clig", 0),
        feature(b"dlig", 0),
        feature(b"calt", 0),
    ];
    match mode {
        Mode::Cjk => &[],
        Mode::Latin => &LATIN,
        Mode::Code => &CODE,
    }
}

/// Shapes `text` in `face` (index `face_id` for the plan cache) with the features of
/// `mode`; the glyphs come in logical order (a right-to-left run is turned around after shaping).
pub fn shape_cached(
    cache: &mut PlanCache,
    face_id: usize,
    face: &Face<'_>,
    text: &str,
    mode: Mode,
) -> Vec<Glyph> {
    if text.is_empty() {
        return Vec::new();
    }
    let (buffer, direction) = buffer_of(text);
    let script = Some(buffer.script());
    // The direction follows from the script, so the script keys the plan.
    let plan = cache
        .plans
        .entry((face_id, mode, script))
        .or_insert_with(|| ShapePlan::new(&face.rb, direction, script, None, features(mode)));
    let out = rustybuzz::shape_with_plan(&face.rb, plan, buffer);
    collect(face, &out, direction)
}

/// A buffer holding `text`, and the direction to shape it in: right to left for a
/// right-to-left script (Arabic letters take their joining forms, and lam–alef its
/// ligature, only so), else left to right.
fn buffer_of(text: &str) -> (UnicodeBuffer, rustybuzz::Direction) {
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    let direction = match buffer.direction() {
        rustybuzz::Direction::RightToLeft => rustybuzz::Direction::RightToLeft,
        _ => rustybuzz::Direction::LeftToRight,
    };
    buffer.set_direction(direction);
    (buffer, direction)
}

/// Shapes `text` in `face` without a plan cache, with the features of `mode`.
pub fn shape(face: &Face<'_>, text: &str, mode: Mode) -> Vec<Glyph> {
    if text.is_empty() {
        return Vec::new();
    }
    let (buffer, direction) = buffer_of(text);
    let out = rustybuzz::shape(&face.rb, features(mode), buffer);
    collect(face, &out, direction)
}

/// The shaped glyphs in logical (typed) order, as the line breaker takes them: a
/// right-to-left run comes out of the shaper in display order and is turned around (the
/// line is put back in display order when it is set, see `bidi`).
fn collect(
    face: &Face<'_>,
    out: &rustybuzz::GlyphBuffer,
    direction: rustybuzz::Direction,
) -> Vec<Glyph> {
    let scale = 1.0 / face.upem;
    let space = face.rb.glyph_index(' ').map(|g| u32::from(g.0));
    let mut glyphs: Vec<Glyph> = out
        .glyph_infos()
        .iter()
        .zip(out.glyph_positions())
        .map(|(info, pos)| Glyph {
            gid: u16::try_from(info.glyph_id).unwrap_or(0),
            advance: pos.x_advance as f32 * scale,
            x_offset: pos.x_offset as f32 * scale,
            y_offset: pos.y_offset as f32 * scale,
            cluster: info.cluster as usize,
            hidden: pos.x_advance == 0 && Some(info.glyph_id) == space,
        })
        .collect();
    if direction == rustybuzz::Direction::RightToLeft {
        glyphs.reverse();
    }
    glyphs
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
        let g = shape(&face(), "中文", Mode::Cjk);
        assert_eq!(g.len(), 2);
        assert!((g[0].advance - 1.0).abs() < 1e-3);
        assert_eq!(g[1].cluster, 3);
    }

    #[test]
    fn quotes_are_proportional_in_latin_context() {
        let f = face();
        let cjk = shape(&f, "“", Mode::Cjk);
        let latin = shape(&f, "“", Mode::Latin);
        assert!((cjk[0].advance - 1.0).abs() < 1e-3);
        assert!(latin[0].advance < 0.6, "{}", latin[0].advance);
    }

    #[test]
    fn cached_plans_shape_the_same() {
        let f = face();
        let mut cache = PlanCache::default();
        for text in ["AV “x”", "中文，“引号”", "AV again"] {
            for mode in [Mode::Latin, Mode::Cjk, Mode::Code] {
                assert_eq!(
                    shape_cached(&mut cache, 0, &f, text, mode),
                    shape(&f, text, mode)
                );
            }
        }
    }

    #[test]
    fn kerning_applies() {
        let f = face();
        let av: f32 = shape(&f, "AV", Mode::Latin).iter().map(|g| g.advance).sum();
        let a = shape(&f, "A", Mode::Latin)[0].advance;
        let v = shape(&f, "V", Mode::Latin)[0].advance;
        assert!(av < a + v, "AV {av} should kern below {}", a + v);
    }

    #[test]
    fn code_is_shaped_glyph_by_glyph() {
        // JetBrains Mono turns these into one-glyph arrows and symbols through `calt`; in
        // code every character keeps its own glyph, the one the cmap gives it.
        let mono = Face::parse("m", crate::fonts::JETBRAINS_MONO_REGULAR.data, 0).unwrap();
        for text in [
            "a != b", "a -> b", "a <= b", "a == b", "--to all", "www", "<!--",
        ] {
            let code = shape(&mono, text, Mode::Code);
            let cmap: Vec<u16> = text
                .chars()
                .map(|c| mono.rb.glyph_index(c).unwrap().0)
                .collect();
            let gids: Vec<u16> = code.iter().map(|g| g.gid).collect();
            assert_eq!(gids, cmap, "{text}");
        }
        // The same runs outside code do get the font's ligatures (the check above can fail).
        let prose: Vec<u16> = shape(&mono, "a != b", Mode::Latin)
            .iter()
            .map(|g| g.gid)
            .collect();
        let cmap: Vec<u16> = "a != b"
            .chars()
            .map(|c| mono.rb.glyph_index(c).unwrap().0)
            .collect();
        assert_ne!(
            prose, cmap,
            "JetBrains Mono no longer ligates != by default?"
        );
    }
}
