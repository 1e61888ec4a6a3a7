//! Subsets of the bundled fonts for embedding in ebooks (`@font-face`).
//!
//! The whole Noto Sans SC is several megabytes; a guide uses a few hundred characters. We keep
//! only the glyphs of the characters the guide uses, with allsorts' subsetter in its "minimal"
//! profile: `cmap` (rebuilt, Unicode), `head`, `hhea`, `hmtx`, `maxp`, `name`, `OS/2`, `post`,
//! `glyf` and `loca`, which is what a reading system or browser needs to accept the file as a
//! web font. Layout tables (GSUB/GPOS) are dropped: Chinese text does not need them, and the
//! few Latin ligatures they hold are not worth their size. The font's licence (OFL 1.1) allows
//! subsetting and embedding; Noto declares no Reserved Font Name, so the name may stay.

use std::collections::BTreeSet;

use allsorts::binary::read::ReadScope;
use allsorts::font::{Font, MatchingPresentation};
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};

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
    let mut parsed = Font::new(provider).map_err(|e| fail(&e))?;
    // Glyph 0 (.notdef) must come first; the rest are kept in a sorted set so the subset, and
    // with it the EPUB, is the same bytes for the same text.
    let mut glyphs: BTreeSet<u16> = BTreeSet::new();
    let mut covered = Vec::new();
    for &c in chars {
        if c.is_control() {
            continue;
        }
        let (gid, _) = parsed.lookup_glyph_index(c, MatchingPresentation::NotRequired, None);
        if gid != 0 {
            glyphs.insert(gid);
            covered.push(c);
        }
    }
    if covered.is_empty() {
        return Ok(None);
    }
    let mut ids: Vec<u16> = Vec::with_capacity(glyphs.len() + 1);
    ids.push(0);
    ids.extend(glyphs);
    let out = subset(
        &parsed.font_table_provider,
        &ids,
        &SubsetProfile::Minimal,
        CmapTarget::Unicode,
    )
    .map_err(|e| fail(&e))?;
    Ok(Some(FontSubset { data: out, covered }))
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
    fn no_covered_characters_gives_none() {
        let chars: BTreeSet<char> = ['\u{E000}'].into_iter().collect();
        assert_eq!(subset_font(&NOTO_SANS_SC_REGULAR, &chars).unwrap(), None);
    }
}
