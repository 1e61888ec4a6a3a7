//! Subsets of the bundled fonts for embedding in ebooks (`@font-face`).
//!
//! The whole Noto Sans SC is several megabytes; a guide uses a few hundred characters. We keep
//! only the glyphs of the characters the guide uses, with allsorts' subsetter in its "minimal"
//! profile: `cmap` (rebuilt, Unicode), `head`, `hhea`, `hmtx`, `maxp`, `name`, `OS/2`, `post`,
//! `glyf` and `loca`, which is what a reading system or browser needs to accept the file as a
//! web font. Layout tables (GSUB/GPOS) are dropped: Chinese text does not need them, and the
//! few Latin ligatures they hold are not worth their size. The font's licence (OFL 1.1) allows
//! subsetting and embedding; Noto declares no Reserved Font Name, so the name may stay.
//!
//! allsorts is handed a compact view of the font (only the kept glyphs, renumbered), which we
//! build from the raw tables: given the whole Noto Sans SC it spends most of its time and
//! megabytes of memory on the ~30 000 glyphs it then drops.

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
    let mut mappings: Vec<(char, u16)> = Vec::new();
    for &c in chars {
        if c.is_control() {
            continue;
        }
        if let Some(gid) = face.glyph_index(c).filter(|g| g.0 != 0) {
            glyphs.insert(gid.0);
            covered.push(c);
            mappings.push((c, gid.0));
        }
    }
    if covered.is_empty() {
        return Ok(None);
    }
    let mut ids: Vec<u16> = Vec::with_capacity(glyphs.len() + 1);
    ids.push(0);
    ids.extend(glyphs);
    // allsorts builds a record for every glyph of the font and reads the start of each (for
    // Noto Sans SC: some 30 000 glyphs, most of ten megabytes, megabytes of fresh memory), and
    // tests every cmap entry against the kept glyphs one by one. So it is handed a compact
    // view of the font instead: only the kept glyphs, renumbered in order, with `loca`, `hmtx`,
    // `hhea`, `maxp` and a `cmap` of only our characters to match. Its output is the same
    // subset, for a fraction of the work.
    let compact = CompactFont::new(&provider, &ids, &mappings).map_err(|e| fail(&e))?;
    let all: Vec<u16> = (0..compact.num_glyphs).collect();
    let out = subset(&compact, &all, &SubsetProfile::Minimal, CmapTarget::Unicode)
        .map_err(|e| fail(&e))?;
    Ok(Some(FontSubset { data: out, covered }))
}

/// Big-endian `u16` at `at`.
fn be16(d: &[u8], at: usize) -> Result<u16, ParseError> {
    d.get(at..at + 2)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
        .ok_or(ParseError::BadEof)
}

/// A TrueType font reduced to some of its glyphs, renumbered `0..n` in the order of their old
/// ids (so `.notdef` stays 0), with the tables that depend on glyph ids rebuilt: `glyf` and
/// `loca` (long offsets), `hmtx` (a full metric per glyph), `hhea`, `maxp`, `head` (loca
/// format) and `cmap` (only the given characters). Every other table comes from the real font.
struct CompactFont<'p, P: FontTableProvider> {
    inner: &'p P,
    num_glyphs: u16,
    head: Vec<u8>,
    hhea: Vec<u8>,
    maxp: Vec<u8>,
    hmtx: Vec<u8>,
    loca: Vec<u8>,
    glyf: Vec<u8>,
    cmap: Vec<u8>,
}

impl<'p, P: FontTableProvider> CompactFont<'p, P> {
    /// Keeps `glyphs` (old ids, `0` first) and, transitively, the components of composite
    /// glyphs among them; `mappings` are the characters to keep with their old glyph ids, in
    /// character order.
    fn new(inner: &'p P, glyphs: &[u16], mappings: &[(char, u16)]) -> Result<Self, ParseError> {
        let head = inner.read_table_data(tag::HEAD)?;
        let hhea = inner.read_table_data(tag::HHEA)?;
        let maxp = inner.read_table_data(tag::MAXP)?;
        let hmtx = inner.read_table_data(tag::HMTX)?;
        let loca = inner.read_table_data(tag::LOCA)?;
        let glyf = inner.read_table_data(tag::GLYF)?;
        let long = be16(&head, 50)? == 1;
        let font_glyphs = usize::from(be16(&maxp, 4)?);
        let h_metrics = usize::from(be16(&hhea, 34)?).clamp(1, font_glyphs.max(1));
        let offset = |gid: usize| -> Result<usize, ParseError> {
            if long {
                loca.get(gid * 4..gid * 4 + 4)
                    .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
                    .ok_or(ParseError::BadEof)
            } else {
                Ok(usize::from(be16(&loca, gid * 2)?) * 2)
            }
        };
        let glyph = |gid: u16| -> Result<&[u8], ParseError> {
            let gid = usize::from(gid);
            if gid >= font_glyphs {
                return Err(ParseError::BadIndex);
            }
            let (start, end) = (offset(gid)?, offset(gid + 1)?);
            glyf.get(start..end.max(start)).ok_or(ParseError::BadOffset)
        };

        // The glyphs to keep: the given ones and every component they are built from.
        let mut keep: BTreeSet<u16> = glyphs.iter().copied().collect();
        keep.insert(0);
        let mut todo: Vec<u16> = keep.iter().copied().collect();
        while let Some(g) = todo.pop() {
            for (_, c) in components(glyph(g)?) {
                if usize::from(c) < font_glyphs && keep.insert(c) {
                    todo.push(c);
                }
            }
        }
        let keep: Vec<u16> = keep.into_iter().collect();
        let new_id = |old: u16| keep.binary_search(&old).map(|i| i as u16).unwrap_or(0);
        let num_glyphs = u16::try_from(keep.len()).map_err(|_| ParseError::LimitExceeded)?;

        let mut new_glyf = Vec::new();
        let mut new_loca = Vec::with_capacity((keep.len() + 1) * 4);
        let mut new_hmtx = Vec::with_capacity(keep.len() * 4);
        for &old in &keep {
            new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
            let start = new_glyf.len();
            new_glyf.extend_from_slice(glyph(old)?);
            // Components point at glyphs by id: point them at the new ids.
            for (at, c) in components(&new_glyf[start..]) {
                let id = new_id(c).to_be_bytes();
                new_glyf[start + at..start + at + 2].copy_from_slice(&id);
            }
            // Glyphs start on 4-byte boundaries, as the spec recommends.
            new_glyf.resize(new_glyf.len().next_multiple_of(4), 0);
            // Glyphs past the last full metric share its advance and have only a bearing.
            let old = usize::from(old);
            let advance = be16(&hmtx, 4 * old.min(h_metrics - 1))?;
            let bearing = if old < h_metrics {
                be16(&hmtx, 4 * old + 2)?
            } else {
                be16(&hmtx, 4 * h_metrics + 2 * (old - h_metrics))?
            };
            new_hmtx.extend_from_slice(&advance.to_be_bytes());
            new_hmtx.extend_from_slice(&bearing.to_be_bytes());
        }
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());

        let patch = |table: &[u8], at: usize, value: u16| -> Result<Vec<u8>, ParseError> {
            let mut t = table.to_vec();
            t.get_mut(at..at + 2)
                .ok_or(ParseError::BadEof)?
                .copy_from_slice(&value.to_be_bytes());
            Ok(t)
        };
        let mapped: Vec<(char, u16)> = mappings.iter().map(|&(c, g)| (c, new_id(g))).collect();
        Ok(CompactFont {
            inner,
            num_glyphs,
            head: patch(&head, 50, 1)?,
            hhea: patch(&hhea, 34, num_glyphs)?,
            maxp: patch(&maxp, 4, num_glyphs)?,
            hmtx: new_hmtx,
            loca: new_loca,
            glyf: new_glyf,
            cmap: cmap_format12(&mapped),
        })
    }
}

/// A `cmap` table with one Windows Unicode full-repertoire subtable (platform 3, encoding 10,
/// format 12) holding `mappings`, which must be sorted by character.
fn cmap_format12(mappings: &[(char, u16)]) -> Vec<u8> {
    // One group per run of consecutive characters with consecutive glyphs.
    let mut groups: Vec<(u32, u32, u32)> = Vec::new();
    for &(c, g) in mappings {
        let (c, g) = (c as u32, u32::from(g));
        match groups.last_mut() {
            Some((start, end, start_gid)) if *end + 1 == c && *start_gid + (c - *start) == g => {
                *end = c;
            }
            _ => groups.push((c, c, g)),
        }
    }
    let sub_len = 16 + 12 * groups.len();
    let mut out = Vec::with_capacity(12 + sub_len);
    out.extend_from_slice(&0u16.to_be_bytes()); // version
    out.extend_from_slice(&1u16.to_be_bytes()); // one subtable
    out.extend_from_slice(&3u16.to_be_bytes()); // platform: Windows
    out.extend_from_slice(&10u16.to_be_bytes()); // encoding: Unicode full repertoire
    out.extend_from_slice(&12u32.to_be_bytes()); // offset of the subtable
    out.extend_from_slice(&12u16.to_be_bytes()); // format
    out.extend_from_slice(&0u16.to_be_bytes()); // reserved
    out.extend_from_slice(&(sub_len as u32).to_be_bytes());
    out.extend_from_slice(&0u32.to_be_bytes()); // language
    out.extend_from_slice(&(groups.len() as u32).to_be_bytes());
    for (start, end, gid) in groups {
        out.extend_from_slice(&start.to_be_bytes());
        out.extend_from_slice(&end.to_be_bytes());
        out.extend_from_slice(&gid.to_be_bytes());
    }
    out
}

/// The components of a composite glyph: for each, the offset of its glyph id in `glyph` and
/// the id (nothing for a simple or empty glyph).
fn components(glyph: &[u8]) -> Vec<(usize, u16)> {
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
        out.push((at + 2, u16::from_be_bytes([b[2], b[3]])));
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

impl<P: FontTableProvider> FontTableProvider for CompactFont<'_, P> {
    fn table_data(&self, t: u32) -> Result<Option<Cow<'_, [u8]>>, ParseError> {
        Ok(Some(match t {
            tag::HEAD => Cow::Borrowed(self.head.as_slice()),
            tag::HHEA => Cow::Borrowed(self.hhea.as_slice()),
            tag::MAXP => Cow::Borrowed(self.maxp.as_slice()),
            tag::HMTX => Cow::Borrowed(self.hmtx.as_slice()),
            tag::LOCA => Cow::Borrowed(self.loca.as_slice()),
            tag::GLYF => Cow::Borrowed(self.glyf.as_slice()),
            tag::CMAP => Cow::Borrowed(self.cmap.as_slice()),
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
    fn cmap_groups_consecutive_runs_only() {
        let mappings = [
            ('A', 10),
            ('B', 11),
            ('C', 12),
            ('D', 20),
            ('F', 21),
            ('解', 7),
        ];
        let data = cmap_format12(&mappings);
        let table = ttf_parser::cmap::Table::parse(&data).unwrap();
        let sub = table.subtables.into_iter().next().unwrap();
        for (c, g) in mappings {
            assert_eq!(
                sub.glyph_index(c as u32),
                Some(ttf_parser::GlyphId(g)),
                "{c}"
            );
        }
        assert_eq!(sub.glyph_index('E' as u32), None);
        // A, B, C form one group; D, F, 解 one each.
        assert_eq!(data.len(), 12 + 16 + 12 * 4);
    }

    #[test]
    fn no_covered_characters_gives_none() {
        let chars: BTreeSet<char> = ['\u{E000}'].into_iter().collect();
        assert_eq!(subset_font(&NOTO_SANS_SC_REGULAR, &chars).unwrap(), None);
    }
}
