//! Subsets of the bundled fonts for embedding in ebooks (`@font-face`).
//!
//! The whole Noto Sans SC is several megabytes; a guide uses a few hundred characters. We keep
//! only the glyphs of the characters the guide uses, with allsorts' subsetter in its "minimal"
//! profile: `cmap` (rebuilt, Unicode), `head`, `hhea`, `hmtx`, `maxp`, `name`, `OS/2`, `post`,
//! `glyf` and `loca`, which is what a reading system or browser needs to accept the file as a
//! web font. Layout tables (GSUB/GPOS) are dropped: Chinese text does not need them, and the
//! few Latin ligatures they hold are not worth their size. The font's licence (OFL 1.1) allows
//! subsetting and embedding; Noto declares no Reserved Font Name, so the name may stay.

use std::borrow::Cow;
use std::collections::BTreeSet;

use allsorts::binary::read::ReadScope;
use allsorts::error::ParseError;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use allsorts::tables::FontTableProvider;
use allsorts::tag;

use crate::fonts::BundledFont;

/// A subset font and the characters it maps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontSubset {
    /// The subset font file (TrueType).
    pub data: Vec<u8>,
    /// The characters asked for that the font has, in code point order.
    pub covered: Vec<char>,
}

/// Subsets `font` to the glyphs of `chars`. Characters the font lacks are skipped (reading
/// systems fall back to their own fonts for them). Returns `None` when the font has none of the
/// characters.
pub fn subset_font(
    font: &BundledFont,
    chars: &BTreeSet<char>,
) -> Result<Option<FontSubset>, String> {
    let fail = |e: &dyn std::fmt::Display| format!("cannot subset {}: {e}", font.file_name);
    let scope = ReadScope::new(font.data);
    let data = scope.read::<FontData<'_>>().map_err(|e| fail(&e))?;
    let provider = data.table_provider(0).map_err(|e| fail(&e))?;
    let face = ttf_parser::Face::parse(font.data, 0).map_err(|e| fail(&e))?;
    // Glyph 0 (.notdef) must come first; the rest are kept in a sorted set so the subset, and
    // with it the EPUB, is the same bytes for the same text.
    let mut glyphs: BTreeSet<u16> = BTreeSet::new();
    let mut covered = Vec::new();
    for &c in chars {
        if c.is_control() {
            continue;
        }
        if let Some(gid) = face.glyph_index(c).filter(|g| g.0 != 0) {
            glyphs.insert(gid.0);
            covered.push(c);
        }
    }
    if covered.is_empty() {
        return Ok(None);
    }
    let mut ids: Vec<u16> = Vec::with_capacity(glyphs.len() + 1);
    ids.push(0);
    ids.extend(glyphs);
    // allsorts reads the start of every glyph of the font before it subsets (for Noto Sans SC
    // that is most of ten megabytes, and most of the time); hand it a `glyf` in which only the
    // glyphs we keep have data. Glyph ids do not change, so its result is the same.
    let sparse = SparseGlyf::new(&provider, &ids).map_err(|e| fail(&e))?;
    let out = subset(&sparse, &ids, &SubsetProfile::Minimal, CmapTarget::Unicode)
        .map_err(|e| fail(&e))?;
    Ok(Some(FontSubset { data: out, covered }))
}

/// A font whose `glyf` holds only some glyphs: the others are empty (zero length in `loca`).
/// Every other table comes from the real font.
struct SparseGlyf<'p, P: FontTableProvider> {
    inner: &'p P,
    head: Vec<u8>,
    loca: Vec<u8>,
    glyf: Vec<u8>,
}

impl<'p, P: FontTableProvider> SparseGlyf<'p, P> {
    /// Keeps `glyphs` and, transitively, the components of composite glyphs among them.
    fn new(inner: &'p P, glyphs: &[u16]) -> Result<Self, ParseError> {
        let head = inner.read_table_data(tag::HEAD)?;
        let maxp = inner.read_table_data(tag::MAXP)?;
        let loca = inner.read_table_data(tag::LOCA)?;
        let glyf = inner.read_table_data(tag::GLYF)?;
        let be16 = |d: &[u8], at: usize| -> Result<u16, ParseError> {
            d.get(at..at + 2)
                .map(|b| u16::from_be_bytes([b[0], b[1]]))
                .ok_or(ParseError::BadEof)
        };
        let long = be16(&head, 50)? == 1;
        let num_glyphs = usize::from(be16(&maxp, 4)?);
        let offset = |gid: usize| -> Result<usize, ParseError> {
            if long {
                loca.get(gid * 4..gid * 4 + 4)
                    .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
                    .ok_or(ParseError::BadEof)
            } else {
                Ok(usize::from(be16(&loca, gid * 2)?) * 2)
            }
        };
        let glyph = |gid: usize| -> Result<&[u8], ParseError> {
            let (start, end) = (offset(gid)?, offset(gid + 1)?);
            glyf.get(start..end.max(start)).ok_or(ParseError::BadOffset)
        };
        let mut keep = vec![false; num_glyphs];
        let mut todo: Vec<u16> = Vec::new();
        for &g in glyphs {
            if let Some(k) = keep.get_mut(usize::from(g))
                && !*k
            {
                *k = true;
                todo.push(g);
            }
        }
        while let Some(g) = todo.pop() {
            for c in components(glyph(usize::from(g))?) {
                if let Some(k) = keep.get_mut(usize::from(c))
                    && !*k
                {
                    *k = true;
                    todo.push(c);
                }
            }
        }
        let mut new_glyf = Vec::new();
        let mut new_loca = Vec::with_capacity((num_glyphs + 1) * 4);
        for (gid, &k) in keep.iter().enumerate() {
            new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
            if k {
                new_glyf.extend_from_slice(glyph(gid)?);
                // Glyphs start on 4-byte boundaries, as the spec recommends.
                new_glyf.resize(new_glyf.len().next_multiple_of(4), 0);
            }
        }
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        let mut new_head = head.into_owned();
        new_head[50..52].copy_from_slice(&1u16.to_be_bytes());
        Ok(SparseGlyf {
            inner,
            head: new_head,
            loca: new_loca,
            glyf: new_glyf,
        })
    }
}

/// The glyph ids a composite glyph is made of (none for a simple or empty glyph).
fn components(glyph: &[u8]) -> Vec<u16> {
    const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
    const WE_HAVE_A_SCALE: u16 = 0x0008;
    const MORE_COMPONENTS: u16 = 0x0020;
    const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
    const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;
    let mut out = Vec::new();
    if glyph.len() < 10 || i16::from_be_bytes([glyph[0], glyph[1]]) >= 0 {
        return out;
    }
    let mut at = 10;
    while let Some(b) = glyph.get(at..at + 4) {
        let flags = u16::from_be_bytes([b[0], b[1]]);
        out.push(u16::from_be_bytes([b[2], b[3]]));
        at += 4;
        at += if flags & ARG_1_AND_2_ARE_WORDS != 0 {
            4
        } else {
            2
        };
        if flags & WE_HAVE_A_SCALE != 0 {
            at += 2;
        } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
            at += 4;
        } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
            at += 8;
        }
        if flags & MORE_COMPONENTS == 0 {
            break;
        }
    }
    out
}

impl<P: FontTableProvider> FontTableProvider for SparseGlyf<'_, P> {
    fn table_data(&self, t: u32) -> Result<Option<Cow<'_, [u8]>>, ParseError> {
        Ok(Some(match t {
            tag::HEAD => Cow::Borrowed(self.head.as_slice()),
            tag::LOCA => Cow::Borrowed(self.loca.as_slice()),
            tag::GLYF => Cow::Borrowed(self.glyf.as_slice()),
            _ => return self.inner.table_data(t),
        }))
    }

    fn has_table(&self, t: u32) -> bool {
        self.inner.has_table(t)
    }

    fn table_tags(&self) -> Option<Vec<u32>> {
        self.inner.table_tags()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::NOTO_SANS_SC_REGULAR;

    #[test]
    fn subset_maps_the_characters_it_was_asked_for() {
        let chars: BTreeSet<char> = "解绑数字钱包 Alipay 123，。“”".chars().collect();
        let sub = subset_font(&NOTO_SANS_SC_REGULAR, &chars).unwrap().unwrap();
        assert!(
            sub.data.len() < 60_000,
            "subset is {} bytes",
            sub.data.len()
        );
        let face = ttf_parser::Face::parse(&sub.data, 0).unwrap();
        for c in &sub.covered {
            let gid = face
                .glyph_index(*c)
                .unwrap_or_else(|| panic!("{c} not mapped"));
            assert!(face.glyph_hor_advance(gid).unwrap_or(0) > 0 || *c == ' ');
        }
        assert!(sub.covered.contains(&'解'));
        assert!(face.tables().os2.is_some() && face.tables().hhea.number_of_metrics > 0);
    }

    #[test]
    fn composite_glyph_components_are_kept() {
        // Noto Sans SC has no composite glyphs, but JetBrains Mono builds accented letters from
        // components: they must come along or the letters would be blank.
        let chars: BTreeSet<char> = "éüÅ".chars().collect();
        let sub = subset_font(&crate::fonts::JETBRAINS_MONO_REGULAR, &chars)
            .unwrap()
            .unwrap();
        let face = ttf_parser::Face::parse(&sub.data, 0).unwrap();
        struct Count(usize);
        impl ttf_parser::OutlineBuilder for Count {
            fn move_to(&mut self, _: f32, _: f32) {}
            fn line_to(&mut self, _: f32, _: f32) {
                self.0 += 1;
            }
            fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {
                self.0 += 1;
            }
            fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {
                self.0 += 1;
            }
            fn close(&mut self) {}
        }
        for c in "éüÅ".chars() {
            let gid = face.glyph_index(c).unwrap();
            let mut n = Count(0);
            face.outline_glyph(gid, &mut n);
            assert!(n.0 > 4, "{c} has an outline of {} segments", n.0);
        }
    }

    #[test]
    fn no_covered_characters_gives_none() {
        let chars: BTreeSet<char> = ['\u{E000}'].into_iter().collect();
        assert_eq!(subset_font(&NOTO_SANS_SC_REGULAR, &chars).unwrap(), None);
    }
}
