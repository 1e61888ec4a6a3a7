//! Painting: laid-out pages become content streams, with subset fonts.
//!
//! printpdf 0.12.8 without its `text_layout` feature embeds whole font files (10 MB for Noto
//! Sans SC), so fonts are subset here with `subsetter` before printpdf sees them: the glyphs
//! used are collected from the finished pages, renumbered densely, and printpdf receives a
//! `ParsedFont` whose bytes are the subset and whose widths are keyed by the new glyph ids.
//! printpdf writes the fonts' objects from one page that shows every glyph once as
//! `TextItem::GlyphIds` carrying its source text, which it turns into the ToUnicode map, so
//! extraction gives back the exact characters (including those outside the BMP). The subset
//! tag (`ABCDEF+`) is derived from the glyph set, so the same input gives the same bytes.
//!
//! The pages' own content is written by [`super::content`], page by page, and compressed as
//! soon as a page is done; [`install`] puts it in place of the blank pages printpdf made.

use std::collections::BTreeMap;

use printpdf::{
    Codepoint, FontId, FontMetrics, FontType, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle,
    PdfPage, Pt, TextItem,
};

use super::content::{Content, ShownGlyph};
use super::fonts::{Face, FontSet};
use super::layout::{Doc, Prim};
use super::linebreak::Color;
use super::tags::{Mark, Node, Plan};

/// Name of the image XObject `i` in page resources.
pub fn image_name(i: usize) -> String {
    format!("Im{i}")
}

/// A used face after subsetting: its PDF resource id and the glyph renumbering.
struct Subset {
    id: FontId,
    remap: BTreeMap<u16, u16>,
    /// Advance per original glyph id as the viewer sees it: the integer /W width in 1/1000 em.
    w1000: BTreeMap<u16, f32>,
}

/// FNV-1a, for deterministic subset tags.
fn fnv(bytes: impl IntoIterator<Item = u8>) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

fn subset_tag(name: &str, gids: &BTreeMap<u16, String>, variant: usize) -> String {
    let h = fnv(name
        .bytes()
        .chain(variant.to_be_bytes())
        .chain(gids.keys().flat_map(|g| g.to_be_bytes())));
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 5)) % 26) as u8))
        .collect()
}

/// Removes tables from an sfnt (TrueType/OpenType) font. A PDF font program does not need
/// the `name` table: the PDF names the font itself, and a subset font's names are
/// misleading anyway. Returns `None` if the file does not parse as a plain sfnt.
pub fn drop_tables(font: &[u8], drop: &[[u8; 4]]) -> Option<Vec<u8>> {
    let be16 = |o: usize| -> Option<u16> {
        Some(u16::from_be_bytes(font.get(o..o + 2)?.try_into().ok()?))
    };
    let be32 = |o: usize| -> Option<u32> {
        Some(u32::from_be_bytes(font.get(o..o + 4)?.try_into().ok()?))
    };
    let n = usize::from(be16(4)?);
    let mut keep = Vec::new();
    for i in 0..n {
        let e = 12 + 16 * i;
        let tag: [u8; 4] = font.get(e..e + 4)?.try_into().ok()?;
        let (sum, off, len) = (be32(e + 4)?, be32(e + 8)? as usize, be32(e + 12)? as usize);
        font.get(off..off.checked_add(len)?)?;
        if !drop.contains(&tag) {
            keep.push((tag, sum, off, len));
        }
    }
    let m = keep.len();
    let pow = if m == 0 {
        0
    } else {
        1usize << (usize::BITS - 1 - m.leading_zeros())
    };
    let search = (pow * 16) as u16;
    let selector = pow.max(1).trailing_zeros() as u16;
    let range_shift = (m * 16) as u16 - search.min((m * 16) as u16);
    let mut out = Vec::with_capacity(font.len());
    out.extend_from_slice(font.get(0..4)?);
    for v in [m as u16, search, selector, range_shift] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * m;
    for &(tag, sum, _, len) in &keep {
        out.extend_from_slice(&tag);
        out.extend_from_slice(&sum.to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(len as u32).to_be_bytes());
        offset += (len + 3) & !3;
    }
    for &(_, _, off, len) in &keep {
        out.extend_from_slice(&font[off..off + len]);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    Some(out)
}

/// Subsets `face` to `gids` and wraps it for printpdf. Falls back to the whole face (with a
/// warning) if the subsetter rejects the font.
fn make_font(
    face: &Face<'_>,
    gids: &BTreeMap<u16, String>,
    variant: usize,
    warnings: &mut Vec<String>,
) -> (ParsedFont, BTreeMap<u16, u16>) {
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut remap = BTreeMap::new();
    remapper.remap(0);
    for &g in gids.keys() {
        remap.insert(g, remapper.remap(g));
    }
    let (bytes, remap, tag) = match subsetter::subset(face.data, face.index, &remapper) {
        Ok(bytes) => (
            drop_tables(&bytes, &[*b"name"]).unwrap_or(bytes),
            remap,
            format!("{}+", subset_tag(&face.name, gids, variant)),
        ),
        Err(e) => {
            warnings.push(format!(
                "could not subset font {} ({e:?}); embedding it whole",
                face.name
            ));
            let whole = if face.data.starts_with(b"ttcf") {
                printpdf::font::extract_collection_face(face.data, face.index as usize)
                    .unwrap_or_else(|| face.data.to_vec())
            } else {
                face.data.to_vec()
            };
            (whole, gids.keys().map(|&g| (g, g)).collect(), String::new())
        }
    };
    let upem = face.upem;
    let mut widths = BTreeMap::new();
    for (&old, &new) in &remap {
        let adv = face
            .rb
            .glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(old))
            .unwrap_or(0);
        widths.insert(new, adv);
    }
    let bbox = face.rb.global_bounding_box();
    let units = u16::try_from(face.rb.units_per_em()).unwrap_or(1000);
    let font = ParsedFont {
        original_bytes: bytes,
        font_index: 0,
        font_name: Some(format!("{tag}{}", face.name)),
        codepoint_to_glyph: BTreeMap::new(),
        glyph_widths: widths,
        units_per_em: units,
        font_metrics: FontMetrics {
            ascent: (face.ascender * upem) as i16,
            descent: (face.descender * upem) as i16,
        },
        font_type: if face.is_cff {
            FontType::OpenTypeCFF(())
        } else {
            FontType::TrueType
        },
        pdf_font_metrics: printpdf::font::PdfFontMetricsStub {
            units_per_em: units,
            x_min: bbox.x_min,
            y_min: bbox.y_min,
            x_max: bbox.x_max,
            y_max: bbox.y_max,
            caret_slope_rise: 1,
            caret_slope_run: 0,
            us_weight_class: face.rb.weight().to_number(),
        },
    };
    (font, remap)
}

/// Documents with more glyphs than this (about 2 MB of page content) are compressed at a
/// faster level.
const LARGE_GLYPHS: usize = 250_000;

/// What [`paint`] makes.
pub struct Painted {
    /// The printpdf document: the fonts, and blank pages whose content [`install`] sets (the
    /// first page shows every glyph once, so that printpdf writes complete widths and
    /// ToUnicode maps).
    pub pdf: PdfDocument,
    /// Per page, its content stream and whether it is Flate-compressed.
    pub contents: Vec<(Vec<u8>, bool)>,
    /// A large document: compressed at a faster level (see `LARGE_GLYPHS`).
    pub large: bool,
}

/// How printpdf turns documents into lopdf objects.
pub fn save_options() -> printpdf::PdfSaveOptions {
    printpdf::PdfSaveOptions {
        optimize: true,
        // Fonts are already subset (see `paint`); printpdf's own subsetting needs
        // `text_layout` and would embed whole fonts here.
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    }
}

/// Sets each page's content stream (from [`Painted::contents`]) in the lopdf document
/// printpdf made from [`Painted::pdf`].
pub fn install(lo: &mut lopdf::Document, contents: Vec<(Vec<u8>, bool)>) -> Result<(), String> {
    let pages: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    if pages.len() != contents.len() {
        return Err(format!(
            "{} pages painted, {} in the document",
            contents.len(),
            pages.len()
        ));
    }
    for (pid, (bytes, compressed)) in pages.into_iter().zip(contents) {
        let cid = lo
            .get_dictionary(pid)
            .and_then(|d| d.get(b"Contents"))
            .and_then(lopdf::Object::as_reference)
            .map_err(|e| format!("page without a content stream: {e}"))?;
        let st = lo
            .get_object_mut(cid)
            .and_then(lopdf::Object::as_stream_mut)
            .map_err(|e| format!("page content is not a stream: {e}"))?;
        st.set_content(bytes);
        if compressed {
            st.dict
                .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
        }
    }
    Ok(())
}

/// Builds the printpdf document's fonts (subset) and, per laid-out page, its content stream
/// (see [`Painted`]), written by [`super::content`] a page at a time and compressed at once.
/// Once a page is painted only its link and image primitives are kept (and its primitives'
/// structure elements dropped): links, images, the outline and metadata are added
/// afterwards by [`super::structure`], the structure tree from the plan.
///
/// `plan` (from [`super::tags::plan`]) marks each page as it is painted ([`Plan::page`]);
/// the empty plan paints untagged pages.
pub fn paint(
    doc: &mut Doc,
    plan: &mut Plan,
    fonts: &FontSet<'_>,
    title: &str,
    warnings: &mut Vec<String>,
) -> Painted {
    // Glyphs used per face, with the texts each stands for (for ToUnicode), in order of
    // first use. A glyph that stands for different texts in different places (.notdef for
    // every character no font has; a glyph that is part of a longer cluster in one place and
    // alone in another) must not get one meaning in the ToUnicode map: each further meaning
    // goes into a variant of the font (a second subset holding just those glyphs), so that
    // every extractor, whether it reads ActualText or not, gives back what was written.
    let mut used: BTreeMap<usize, BTreeMap<u16, Vec<String>>> = BTreeMap::new();
    let mut glyph_count = 0;
    for page in &doc.pages {
        for prim in &page.prims {
            if let Prim::Text { line, .. } = prim {
                glyph_count += line.glyph_count();
                for g in line.glyphs() {
                    let texts = used.entry(g.face).or_default().entry(g.gid).or_default();
                    let t = glyph_text(line, &g);
                    if !texts.iter().any(|x| x == t) {
                        texts.push(t.to_owned());
                    }
                }
            }
        }
    }
    let mut pdf = PdfDocument::new(title);
    let mut subsets: BTreeMap<(usize, usize), Subset> = BTreeMap::new();
    // Every glyph once, with its text, font by font: what printpdf writes the fonts' widths
    // and ToUnicode maps from (it reads them from the pages' operations).
    let mut usage = vec![Op::StartTextSection];
    for (&face, all) in &used {
        let variants = all.values().map(Vec::len).max().unwrap_or(0);
        for v in 0..variants {
            let gids: BTreeMap<u16, String> = all
                .iter()
                .filter_map(|(&g, texts)| texts.get(v).map(|t| (g, t.clone())))
                .collect();
            let (font, remap) = make_font(&fonts.faces[face], &gids, v, warnings);
            let id = FontId(if v == 0 {
                format!("F{face}")
            } else {
                format!("F{face}v{v}")
            });
            let f = &fonts.faces[face];
            let w1000 = gids
                .keys()
                .map(|&g| {
                    let adv =
                        f.rb.glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(g))
                            .unwrap_or(0);
                    // printpdf truncates when it writes /W; use the same integer.
                    (
                        g,
                        (f32::from(adv) * 1000.0 / f32::from(font.units_per_em.max(1))) as i64
                            as f32,
                    )
                })
                .collect();
            pdf.resources
                .fonts
                .map
                .insert(id.clone(), PdfFont::new(font));
            usage.push(Op::SetFont {
                font: PdfFontHandle::External(id.clone()),
                size: Pt(10.0),
            });
            usage.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(
                    gids.into_iter()
                        .map(|(g, text)| Codepoint {
                            gid: remap.get(&g).copied().unwrap_or(0),
                            offset: 0.0,
                            cid: Some(text),
                        })
                        .collect(),
                )],
            });
            subsets.insert((face, v), Subset { id, remap, w1000 });
        }
    }
    // Glyphs with more than one meaning: usually none, so painting a glyph costs no lookup.
    let conflicted: std::collections::HashMap<(usize, u16), &Vec<String>> = used
        .iter()
        .flat_map(|(&face, m)| {
            m.iter()
                .filter(|(_, texts)| texts.len() > 1)
                .map(move |(&gid, texts)| ((face, gid), texts))
        })
        .collect();
    let variant_of = |line: &super::linebreak::Line, g: &super::linebreak::PlacedGlyph| -> usize {
        if conflicted.is_empty() {
            return 0;
        }
        conflicted
            .get(&(g.face, g.gid))
            .and_then(|texts| texts.iter().position(|t| t == glyph_text(line, g)))
            .unwrap_or(0)
    };
    usage.push(Op::EndTextSection);
    let geo = doc.geometry;
    let h = geo.page_h;
    let large = glyph_count > LARGE_GLYPHS;
    let mut z = flate2::Compress::new(
        if large {
            flate2::Compression::fast()
        } else {
            flate2::Compression::default()
        },
        true,
    );
    let page_of = |ops| {
        PdfPage::new(
            printpdf::Mm::from(Pt(geo.page_w)),
            printpdf::Mm::from(Pt(geo.page_h)),
            ops,
        )
    };
    let page_count = doc.pages.len();
    let mut contents = Vec::with_capacity(page_count);
    for (p, page) in doc.pages.iter_mut().enumerate() {
        let mut c = Content::default();
        let mut state = State::default();
        let marking = plan.page(p, page);
        // The marked-content sequence open: consecutive primitives with the same mark share
        // one (tagged PDF: every painted thing is content of an element or an artifact).
        let mut open = Mark::None;
        for (k, prim) in page.prims.iter().enumerate() {
            let mark = marking.marks.get(k).copied().unwrap_or(Mark::None);
            let split = marking.splits.get(&k);
            if split.is_some() {
                // A line of several elements opens its sequences inside its text object.
                if open != Mark::None {
                    c.end_marked();
                    open = Mark::None;
                }
            } else if mark != Mark::None && mark != open {
                if open != Mark::None {
                    c.end_marked();
                }
                match (mark, prim) {
                    (
                        Mark::Content {
                            mcid, exact: true, ..
                        },
                        Prim::Text { line, .. },
                    ) => {
                        c.begin_marked_content_text("Span", mcid, &line.text);
                    }
                    _ => begin(&mut c, mark, &plan.nodes),
                }
                open = mark;
            }
            let tagging = split.map(|s| (s.as_slice(), plan.nodes.as_slice()));
            paint_prim(prim, h, &subsets, &variant_of, tagging, &mut state, &mut c);
        }
        if open != Mark::None {
            c.end_marked();
        }
        // The page is content bytes now: drop the laid-out copy at once, so the two do not
        // both exist for the whole document. What is kept is what the file still needs to be
        // written: link areas (annotations, counted in order per page) and images (the
        // page's resources).
        page.prims
            .retain(|p| matches!(p, Prim::Link { .. } | Prim::Image { .. }));
        page.prims.shrink_to_fit();
        page.tags = Vec::new();
        contents.push(compressed(&mut z, c.finish()));
    }
    plan.shrink();
    let mut pages: Vec<PdfPage> = Vec::with_capacity(page_count);
    for p in 0..page_count {
        pages.push(page_of(if p == 0 {
            std::mem::take(&mut usage)
        } else {
            Vec::new()
        }));
    }
    pdf.with_pages(pages);
    Painted {
        pdf,
        contents,
        large,
    }
}

/// A page's content, Flate-compressed unless that does not make it smaller.
fn compressed(z: &mut flate2::Compress, raw: Vec<u8>) -> (Vec<u8>, bool) {
    let packed = super::file::deflate(z, &raw);
    if !packed.is_empty() && packed.len() < raw.len() {
        (packed, true)
    } else {
        (raw, false)
    }
}

/// The source text a glyph stands for.
fn glyph_text<'l>(line: &'l super::linebreak::Line, g: &super::linebreak::PlacedGlyph) -> &'l str {
    line.text
        .get(g.text.0 as usize..g.text.1 as usize)
        .unwrap_or("")
}

/// Graphics state already set on the page, so that runs of text do not repeat `Tf` and
/// colour operators (both persist across text objects).
#[derive(Default)]
struct State {
    font: Option<(usize, usize, u32)>,
    fill: Option<Color>,
}

fn set_fill(state: &mut State, c: Color, out: &mut Content) {
    if state.fill != Some(c) {
        out.fill_color(c.0, c.1, c.2);
        state.fill = Some(c);
    }
}

/// Opens a marked-content sequence for `mark` (none for [`Mark::None`]).
fn begin(out: &mut Content, mark: Mark, nodes: &[Node]) {
    match mark {
        Mark::Artifact => out.begin_marked("Artifact"),
        Mark::Content { mcid, node, .. } => out.begin_marked_content(
            nodes.get(node as usize).map_or("Span", |n| n.role.name()),
            mcid,
        ),
        Mark::None => {}
    }
}

/// Runs of a text line that belong to different elements: (first glyph, mark), and the
/// structure elements.
type Split<'s> = (&'s [(u32, Mark)], &'s [Node]);

/// Which font variant (see [`paint`]) sets a glyph of a line.
type VariantOf<'v> = dyn Fn(&super::linebreak::Line, &super::linebreak::PlacedGlyph) -> usize + 'v;

fn paint_prim(
    prim: &Prim,
    h: f32,
    subsets: &BTreeMap<(usize, usize), Subset>,
    variant_of: &VariantOf<'_>,
    split: Option<Split<'_>>,
    state: &mut State,
    out: &mut Content,
) {
    match prim {
        Prim::Rect {
            x,
            y,
            w,
            h: rh,
            fill,
        } => {
            set_fill(state, *fill, out);
            out.rect(*x, h - y - rh, *w, *rh);
            out.fill();
        }
        Prim::Frame {
            x,
            y,
            w,
            h: rh,
            color,
            width,
        } => {
            out.stroke_color(color.0, color.1, color.2);
            out.line_width(*width);
            out.rect(*x, h - y - rh, *w, *rh);
            out.stroke();
        }
        Prim::Stroke {
            points,
            color,
            width,
        } => {
            out.stroke_color(color.0, color.1, color.2);
            out.line_width(*width);
            if let Some((&(x0, y0), rest)) = points.split_first() {
                out.move_to(x0, h - y0);
                for &(x, y) in rest {
                    out.line_to(x, h - y);
                }
                out.stroke();
            }
        }
        Prim::Disc { cx, cy, r, fill } => {
            // Four cubic Béziers; k is the usual circle constant.
            let (cx, cy, r) = (*cx, h - cy, *r);
            let k = 0.552_284_8 * r;
            set_fill(state, *fill, out);
            out.move_to(cx + r, cy);
            out.curve_to((cx + r, cy + k), (cx + k, cy + r), (cx, cy + r));
            out.curve_to((cx - k, cy + r), (cx - r, cy + k), (cx - r, cy));
            out.curve_to((cx - r, cy - k), (cx - k, cy - r), (cx, cy - r));
            out.curve_to((cx + k, cy - r), (cx + r, cy - k), (cx + r, cy));
            out.close_path();
            out.fill();
        }
        Prim::Image {
            x,
            y,
            w,
            h: ih,
            image,
        } => {
            // The image's unit square scaled and placed; the inner identity matrix is what
            // printpdf wrote around every image, kept so the bytes did not change.
            out.save();
            out.transform([*w, 0.0, 0.0, *ih, *x, h - y - ih]);
            out.save();
            out.transform([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
            out.xobject(&image_name(*image));
            out.restore();
            out.restore();
        }
        Prim::Text { x, y, line } => {
            if line.glyph_count() == 0 {
                return;
            }
            out.begin_text();
            let mut k = 0;
            let glyphs: Vec<_> = line.glyphs().collect();
            // With a split: the run (index in the split) each glyph is in, and the open one.
            let run_of =
                |i: usize| split.map_or(0, |(s, _)| s.partition_point(|r| r.0 as usize <= i));
            let mut open_run = 0;
            while k < glyphs.len() {
                let g0 = &glyphs[k];
                let v0 = variant_of(line, g0);
                if let Some((s, nodes)) = split {
                    let r = run_of(k);
                    if r != open_run {
                        if open_run != 0 {
                            out.end_marked();
                        }
                        if let Some(&(_, mark)) = s.get(r.wrapping_sub(1)) {
                            begin(out, mark, nodes);
                        }
                        open_run = r;
                    }
                }
                let mut j = k + 1;
                while j < glyphs.len()
                    && run_of(j) == run_of(k)
                    && glyphs[j].face == g0.face
                    && variant_of(line, &glyphs[j]) == v0
                    && glyphs[j].size == g0.size
                    && glyphs[j].rise == g0.rise
                    && glyphs[j].color == g0.color
                    && glyphs[j].oblique == g0.oblique
                    && glyphs[j].embolden == g0.embolden
                    // A stretched glyph (a code tab, the two-em dash) is shown alone: under
                    // its horizontal scale a TJ adjustment after it would be scaled too, and
                    // a second tab landed four times too far (past the text after it).
                    && g0.scale_x == 1.0
                    && glyphs[j].scale_x == 1.0
                {
                    j += 1;
                }
                let Some(sub) = subsets.get(&(g0.face, v0)) else {
                    k = j;
                    continue;
                };
                let key = (g0.face, v0, g0.size.to_bits());
                if state.font != Some(key) {
                    out.font(&sub.id.0, g0.size);
                    state.font = Some(key);
                }
                set_fill(state, g0.color, out);
                let (tx, ty) = (x + g0.x, h - y + g0.rise);
                // A 12° slant (tan 12° ≈ 0.21), the usual synthetic oblique; a horizontal
                // scale for stretched glyphs (the two-em dash).
                let matrix = (g0.oblique || g0.scale_x != 1.0).then_some([
                    g0.scale_x,
                    0.0,
                    if g0.oblique { 0.21 } else { 0.0 },
                    1.0,
                ]);
                // Each glyph's natural advance is its /W width; the TJ adjustment after it
                // moves the pen to where layout put the next glyph (kerning, justification,
                // punctuation compression).
                let run = &glyphs[k..j];
                let shown = run.iter().enumerate().map(|(i, g)| {
                    let adjust = match run.get(i + 1) {
                        Some(next) => {
                            let natural = g.x + advance_of(sub, g.gid, g.size);
                            -(next.x - natural) * 1000.0 / g.size
                        }
                        None => 0.0,
                    };
                    ShownGlyph {
                        code: sub.remap.get(&g.gid).copied().unwrap_or(0),
                        width: sub.w1000.get(&g.gid).copied().unwrap_or(0.0) as i64,
                        // Whole thousandths of an em: 0.01 pt at body size, and shorter
                        // content streams.
                        adjust: adjust.round(),
                    }
                });
                if g0.embolden {
                    // Synthetic bold: fill and stroke the outlines with a hairline of the
                    // text colour (about 3 % of the size on each side).
                    let [a, b, c, d] = matrix.unwrap_or([1.0, 0.0, 0.0, 1.0]);
                    out.text_matrix([a, b, c, d, tx, ty]);
                    out.stroke_color(g0.color.0, g0.color.1, g0.color.2);
                    out.line_width(g0.size * 0.035);
                    out.rendering_mode(2);
                    out.glyphs_here(shown);
                    out.rendering_mode(0);
                } else {
                    let font = ((g0.face as u64) << 32) | v0 as u64;
                    out.glyphs(font, g0.size, tx, ty, matrix, shown);
                }
                k = j;
            }
            if open_run != 0 {
                out.end_marked();
            }
            out.end_text();
        }
        Prim::Link { .. } | Prim::Anchor { .. } | Prim::PageRef { .. } => {}
    }
}

/// The advance a PDF viewer applies to a glyph: the /W width, which printpdf writes as an
/// integer in 1/1000 em.
fn advance_of(sub: &Subset, gid: u16, size: f32) -> f32 {
    sub.w1000.get(&gid).copied().unwrap_or(0.0) * size / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::JETBRAINS_MONO_REGULAR;

    /// A document painted, tagged or not, and written as `finish` writes it.
    fn painted(md: &str, tagged: bool) -> Vec<u8> {
        let guide = crate::parse::parse_str(md, &crate::parse::Origin::named("t.md"))
            .unwrap()
            .guide;
        let options = crate::render::RenderOptions::default();
        let input = super::super::layout::Input {
            guide: &guide,
            options: &options,
            base_dir: None,
        };
        let user = super::super::fonts::UserFonts::default();
        let mut faces = FontSet::new(&user, &mut Vec::new());
        let mut doc = super::super::layout::layout(&input, &mut faces).0;
        let mut plan = if tagged {
            super::super::tags::plan(&mut doc, "en")
        } else {
            Plan::default()
        };
        let p = paint(&mut doc, &mut plan, &faces, "T", &mut Vec::new());
        let mut lo = p.pdf.to_lopdf_document(&save_options(), &mut Vec::new());
        install(&mut lo, p.contents).unwrap();
        let meta = super::super::structure::Metadata::default();
        super::super::structure::finish(lo, &doc, plan, &meta, p.large).unwrap()
    }

    /// Every operator in the pages' content streams is one the PDF specification defines,
    /// with the number of operands it takes (the list is ISO 32000-1's, for the operators a
    /// handout needs), tagged or not, and on a page of thousands of cells. Pages once
    /// written in parts ran two operators together (`ETBT`) where a part ended.
    #[test]
    fn content_streams_hold_only_pdf_operators() {
        let known: &[(&str, usize)] = &[
            ("q", 0),
            ("Q", 0),
            ("cm", 6),
            ("Do", 1),
            ("rg", 3),
            ("RG", 3),
            ("w", 1),
            ("re", 4),
            ("m", 2),
            ("l", 2),
            ("c", 6),
            ("h", 0),
            ("f", 0),
            ("S", 0),
            ("BT", 0),
            ("ET", 0),
            ("Tf", 2),
            ("Tm", 6),
            ("TJ", 1),
            ("Tr", 1),
            ("BMC", 1),
            ("BDC", 2),
            ("EMC", 0),
        ];
        let cols = 2_000;
        let table = format!(
            "# T\n\n|{}\n|{}\n|{}\n",
            "a|".repeat(cols),
            "-|".repeat(cols),
            "x|".repeat(cols)
        );
        let blocks = std::fs::read_to_string("tests/fixtures/all-blocks.md").unwrap();
        for (name, md) in [("table", &table), ("all-blocks", &blocks)] {
            for tagged in [false, true] {
                let bytes = painted(md, tagged);
                let doc = lopdf::Document::load_mem(&bytes).unwrap();
                let mut seen = std::collections::BTreeSet::new();
                for (_, page) in doc.get_pages() {
                    let content = lopdf::content::Content::decode(&doc.get_page_content(page));
                    for op in content.unwrap().operations {
                        let arity = known.iter().find(|k| k.0 == op.operator).map(|k| k.1);
                        assert_eq!(
                            arity,
                            Some(op.operands.len()),
                            "{name} (tagged: {tagged}): `{}` with {} operands",
                            op.operator,
                            op.operands.len()
                        );
                        seen.insert(op.operator);
                    }
                }
                assert!(seen.contains("TJ") && seen.contains("re"), "{seen:?}");
            }
        }
    }

    #[test]
    fn dropping_the_name_table_keeps_a_valid_font() {
        let data = JETBRAINS_MONO_REGULAR.data;
        let out = drop_tables(data, &[*b"name"]).unwrap();
        assert!(out.len() < data.len());
        let face = rustybuzz::ttf_parser::Face::parse(&out, 0).unwrap();
        assert!(face.glyph_index('a').is_some());
        assert_eq!(face.names().len(), 0);
        assert!(drop_tables(b"nonsense", &[*b"name"]).is_none());
    }

    #[test]
    fn subset_tags_are_stable() {
        let mut g = BTreeMap::new();
        g.insert(3u16, "a".to_owned());
        let t = subset_tag("X", &g, 0);
        assert_eq!(t.len(), 6);
        assert!(t.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(t, subset_tag("X", &g, 0));
        assert_ne!(
            t,
            subset_tag("X", &g, 1),
            "variants of a font get their own tag"
        );
    }
}
