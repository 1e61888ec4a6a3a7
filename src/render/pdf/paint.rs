//! Painting: laid-out pages become printpdf content operations, with subset fonts.
//!
//! printpdf 0.12.8 without its `text_layout` feature embeds whole font files (10 MB for Noto
//! Sans SC), so fonts are subset here with `subsetter` before printpdf sees them: the glyphs
//! used are collected from the finished pages, renumbered densely, and printpdf receives a
//! `ParsedFont` whose bytes are the subset and whose widths are keyed by the new glyph ids.
//! Text is written as `TextItem::GlyphIds` carrying each glyph's source text, which printpdf
//! turns into the ToUnicode map, so extraction gives back the exact characters (including
//! those outside the BMP). The subset tag (`ABCDEF+`) is derived from the glyph set, so the
//! same input gives the same bytes.

use std::collections::BTreeMap;

use printpdf::{
    Codepoint, Color as PColor, CurTransMat, FontId, FontMetrics, FontType, LinePoint, Op,
    ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, Point, Polygon, PolygonRing, Pt,
    Rect, Rgb, TextItem, TextMatrix, XObjectId, XObjectTransform,
};

use super::fonts::{Face, FontSet};
use super::layout::{Doc, Prim};
use super::linebreak::Color;
use super::tags::{Mark, Node, Plan};

/// Name of the image XObject `i` in page resources.
pub fn image_name(i: usize) -> String {
    format!("Im{i}")
}

fn rgb(c: Color) -> PColor {
    PColor::Rgb(Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
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

/// Operations and glyphs turned into content bytes at once. printpdf holds a page's
/// operations as values (a marked-content sequence with its properties costs about a
/// kilobyte, a glyph about 70 bytes), so a long document's pages, all held until the end,
/// took most of its memory: a one-line paragraph of 1 MB in a tagged PDF, 800 MB. Pages are
/// serialised (by printpdf, so the bytes are the same) a batch at a time, compressed, and
/// dropped. Glyphs count as well as operations: a line of text is one operation holding a
/// hundred glyphs, and 32,768 operations of those were a whole 2 MB document's glyphs.
const BATCH_OPS: usize = 16_384;

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
    /// The most printpdf operations and glyphs held at once (at most about `BATCH_OPS`
    /// plus one page's, whatever the document's length).
    pub held_ops: usize,
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

/// Builds the printpdf document: fonts (subset) and, per laid-out page, its content (see
/// [`Painted`]). Once a page is painted only its link and image primitives are kept (and
/// its primitives' structure elements dropped): links, images, the outline and metadata are
/// added afterwards by [`super::structure`], the structure tree from the plan.
///
/// `plan` (from [`super::tags::plan`]) says, per page and primitive, how it is marked; an
/// empty plan paints untagged pages.
pub fn paint(
    doc: &mut Doc,
    plan: &Plan,
    fonts: &FontSet<'_>,
    title: &str,
    warnings: &mut Vec<String>,
) -> Painted {
    paint_batched(doc, plan, fonts, title, warnings, BATCH_OPS, BATCH_OPS)
}

/// [`paint`], serialising pages once `batch_ops` operations are waiting, and a page in
/// parts of about `part_ops` operations where it has more.
fn paint_batched(
    doc: &mut Doc,
    plan: &Plan,
    fonts: &FontSet<'_>,
    title: &str,
    warnings: &mut Vec<String>,
    batch_ops: usize,
    part_ops: usize,
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
    let mut contents = Vec::with_capacity(doc.pages.len());
    let mut batch: Vec<PdfPage> = Vec::new();
    let mut waiting = 0;
    let mut held_ops = 0;
    let page_count = doc.pages.len();
    for (p, page) in doc.pages.iter_mut().enumerate() {
        let mut ops = Vec::new();
        let mut state = State::default();
        let page_marks = plan.marks.get(p).map(Vec::as_slice).unwrap_or(&[]);
        let page_splits = plan.splits.get(p);
        // The marked-content sequence open: consecutive primitives with the same mark share
        // one (tagged PDF: every painted thing is content of an element or an artifact).
        let mut open = Mark::None;
        // A page too big for one batch (a table of thousands of cells) is serialised in
        // parts, joined here; the pages before it go first, to keep the order.
        let mut parts: Option<Vec<u8>> = None;
        let mut page_glyphs = 0;
        for (k, prim) in page.prims.iter().enumerate() {
            let mark = page_marks.get(k).copied().unwrap_or(Mark::None);
            let split = page_splits.and_then(|s| s.get(&k));
            // Where the open sequence ends anyway (or none is open), and outside any text
            // object: a part ends here, and the next starts with the font and colour set
            // again.
            let ends_open =
                open == Mark::None || split.is_some() || (mark != Mark::None && mark != open);
            if ops.len() + page_glyphs >= part_ops.max(1) && ends_open {
                if open != Mark::None {
                    ops.push(Op::EndMarkedContent);
                    open = Mark::None;
                }
                if !batch.is_empty() {
                    serialise(&mut pdf, std::mem::take(&mut batch), &mut z, &mut contents);
                    waiting = 0;
                }
                held_ops = held_ops.max(ops.len() + page_glyphs);
                let raw = content_bytes(&mut pdf, vec![page_of(std::mem::take(&mut ops))]);
                parts
                    .get_or_insert_with(Vec::new)
                    .extend(raw.into_iter().flatten());
                state = State::default();
                page_glyphs = 0;
            }
            if let Prim::Text { line, .. } = prim {
                page_glyphs += line.glyph_count();
            }
            if split.is_some() {
                // A line of several elements opens its sequences inside its text object.
                if open != Mark::None {
                    ops.push(Op::EndMarkedContent);
                    open = Mark::None;
                }
            } else if mark != Mark::None && mark != open {
                if open != Mark::None {
                    ops.push(Op::EndMarkedContent);
                }
                ops.extend(begin(mark, &plan.nodes));
                open = mark;
            }
            let tagging = split.map(|s| (s.as_slice(), plan.nodes.as_slice()));
            paint_prim(
                prim,
                h,
                &subsets,
                &variant_of,
                tagging,
                &mut state,
                &mut ops,
            );
        }
        if open != Mark::None {
            ops.push(Op::EndMarkedContent);
        }
        // A page's glyphs are printpdf operations now: drop the laid-out copy at once, so the
        // two do not both exist for the whole document. What is kept is what the file still
        // needs to be written: link areas (annotations, counted in order per page) and images
        // (the page's resources).
        page.prims
            .retain(|p| matches!(p, Prim::Link { .. } | Prim::Image { .. }));
        page.prims.shrink_to_fit();
        page.tags = Vec::new();
        if let Some(mut joined) = parts {
            for raw in content_bytes(&mut pdf, vec![page_of(ops)]) {
                joined.extend(raw);
            }
            contents.push(compressed(&mut z, joined));
            continue;
        }
        waiting += ops.len() + page_glyphs;
        held_ops = held_ops.max(waiting);
        batch.push(page_of(ops));
        if waiting >= batch_ops || p + 1 == page_count {
            serialise(&mut pdf, std::mem::take(&mut batch), &mut z, &mut contents);
            waiting = 0;
        }
    }
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
        held_ops,
    }
}

/// Turns a batch of pages into content bytes with printpdf (the document's fonts lent to a
/// document of just these pages), compresses each with `z`, appends them to `contents`.
fn serialise(
    pdf: &mut PdfDocument,
    pages: Vec<PdfPage>,
    z: &mut flate2::Compress,
    contents: &mut Vec<(Vec<u8>, bool)>,
) {
    for raw in content_bytes(pdf, pages) {
        contents.push(compressed(z, raw));
    }
}

/// The content bytes of each page, as printpdf writes them (uncompressed).
fn content_bytes(pdf: &mut PdfDocument, pages: Vec<PdfPage>) -> Vec<Vec<u8>> {
    let n = pages.len();
    let mut part = PdfDocument::new("");
    part.resources.fonts = std::mem::take(&mut pdf.resources.fonts);
    part.with_pages(pages);
    let mut lo = part.to_lopdf_document(&save_options(), &mut Vec::new());
    pdf.resources.fonts = std::mem::take(&mut part.resources.fonts);
    drop(part);
    let mut out = Vec::with_capacity(n);
    for pid in lo.get_pages().into_values() {
        let content = lo
            .get_dictionary(pid)
            .and_then(|d| d.get(b"Contents"))
            .and_then(lopdf::Object::as_reference)
            .ok()
            .and_then(|id| lo.objects.remove(&id));
        out.push(match content {
            Some(lopdf::Object::Stream(st)) => st.content,
            _ => Vec::new(),
        });
    }
    // printpdf makes one page per page given; should it not, blank pages keep the count.
    out.resize_with(n, Vec::new);
    out
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

fn pt(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}

/// Graphics state already set on the page, so that runs of text do not repeat `Tf` and
/// colour operators (both persist across text objects).
#[derive(Default)]
struct State {
    font: Option<(usize, usize, u32)>,
    fill: Option<Color>,
}

fn set_fill(state: &mut State, c: Color, ops: &mut Vec<Op>) {
    if state.fill != Some(c) {
        ops.push(Op::SetFillColor { col: rgb(c) });
        state.fill = Some(c);
    }
}

/// A rectangle operation in PDF coordinates (origin at the bottom left). `mode` must be set:
/// printpdf's `Rect` without one paints nothing.
fn rect(x: f32, y: f32, w: f32, h: f32, mode: printpdf::PaintMode) -> Op {
    Op::DrawRectangle {
        rectangle: Rect {
            x: Pt(x),
            y: Pt(y),
            width: Pt(w),
            height: Pt(h),
            mode: Some(mode),
            winding_order: None,
        },
    }
}

/// The operator that opens a marked-content sequence for `mark` (none for [`Mark::None`]).
fn begin(mark: Mark, nodes: &[Node]) -> Option<Op> {
    match mark {
        Mark::Artifact => Some(Op::BeginMarkedContent {
            tag: "Artifact".to_owned(),
        }),
        Mark::Content { mcid, node } => {
            let mut map = BTreeMap::new();
            map.insert("MCID".to_owned(), printpdf::DictItem::Int(i64::from(mcid)));
            Some(Op::BeginMarkedContentWithProperties {
                tag: nodes
                    .get(node as usize)
                    .map_or("Span", |n| n.role.name())
                    .to_owned(),
                properties: printpdf::DictItem::Dict { map },
            })
        }
        Mark::None => None,
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
    ops: &mut Vec<Op>,
) {
    match prim {
        Prim::Rect {
            x,
            y,
            w,
            h: rh,
            fill,
        } => {
            set_fill(state, *fill, ops);
            ops.push(rect(*x, h - y - rh, *w, *rh, printpdf::PaintMode::Fill));
        }
        Prim::Frame {
            x,
            y,
            w,
            h: rh,
            color,
            width,
        } => {
            ops.push(Op::SetOutlineColor { col: rgb(*color) });
            ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
            ops.push(rect(*x, h - y - rh, *w, *rh, printpdf::PaintMode::Stroke));
        }
        Prim::Stroke {
            points,
            color,
            width,
        } => {
            ops.push(Op::SetOutlineColor { col: rgb(*color) });
            ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
            ops.push(Op::DrawLine {
                line: printpdf::Line {
                    points: points.iter().map(|&(x, y)| pt(x, h - y)).collect(),
                    is_closed: false,
                },
            });
        }
        Prim::Disc { cx, cy, r, fill } => {
            // Four cubic Béziers; k is the usual circle constant.
            let (cx, cy, r) = (*cx, h - cy, *r);
            let k = 0.552_284_8 * r;
            let c = |x: f32, y: f32| LinePoint {
                p: Point { x: Pt(x), y: Pt(y) },
                bezier: true,
            };
            let points = vec![
                pt(cx + r, cy),
                c(cx + r, cy + k),
                c(cx + k, cy + r),
                pt(cx, cy + r),
                c(cx - k, cy + r),
                c(cx - r, cy + k),
                pt(cx - r, cy),
                c(cx - r, cy - k),
                c(cx - k, cy - r),
                pt(cx, cy - r),
                c(cx + k, cy - r),
                c(cx + r, cy - k),
                pt(cx + r, cy),
            ];
            set_fill(state, *fill, ops);
            ops.push(Op::DrawPolygon {
                polygon: Polygon {
                    rings: vec![PolygonRing { points }],
                    mode: printpdf::PaintMode::Fill,
                    winding_order: printpdf::WindingOrder::NonZero,
                },
            });
        }
        Prim::Image {
            x,
            y,
            w,
            h: ih,
            image,
        } => {
            ops.push(Op::SaveGraphicsState);
            ops.push(Op::SetTransformationMatrix {
                matrix: CurTransMat::Raw([*w, 0.0, 0.0, *ih, *x, h - y - ih]),
            });
            ops.push(Op::UseXobject {
                id: XObjectId(image_name(*image)),
                transform: XObjectTransform {
                    no_auto_scale: true,
                    ..XObjectTransform::default()
                },
            });
            ops.push(Op::RestoreGraphicsState);
        }
        Prim::Text { x, y, line } => {
            if line.glyph_count() == 0 {
                return;
            }
            ops.push(Op::StartTextSection);
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
                            ops.push(Op::EndMarkedContent);
                        }
                        if let Some(&(_, mark)) = s.get(r.wrapping_sub(1)) {
                            ops.extend(begin(mark, nodes));
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
                    && glyphs[j].scale_x == g0.scale_x
                {
                    j += 1;
                }
                let Some(sub) = subsets.get(&(g0.face, v0)) else {
                    k = j;
                    continue;
                };
                let key = (g0.face, v0, g0.size.to_bits());
                if state.font != Some(key) {
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(sub.id.clone()),
                        size: Pt(g0.size),
                    });
                    state.font = Some(key);
                }
                set_fill(state, g0.color, ops);
                let (tx, ty) = (x + g0.x, h - y + g0.rise);
                ops.push(Op::SetTextMatrix {
                    matrix: if g0.oblique || g0.scale_x != 1.0 {
                        // A 12° slant (tan 12° ≈ 0.21), the usual synthetic oblique; a
                        // horizontal scale for stretched glyphs (the two-em dash).
                        let slant = if g0.oblique { 0.21 } else { 0.0 };
                        TextMatrix::Raw([g0.scale_x, 0.0, slant, 1.0, tx, ty])
                    } else {
                        TextMatrix::Translate(Pt(tx), Pt(ty))
                    },
                });
                // Each glyph's natural advance is its /W width; the TJ adjustment after it
                // moves the pen to where layout put the next glyph (kerning, justification,
                // punctuation compression).
                let run = &glyphs[k..j];
                let mut items = Vec::with_capacity(run.len());
                for (i, g) in run.iter().enumerate() {
                    let new_gid = sub.remap.get(&g.gid).copied().unwrap_or(0);
                    let offset = match run.get(i + 1) {
                        Some(next) => {
                            let natural = g.x + advance_of(sub, g.gid, g.size);
                            -(next.x - natural) * 1000.0 / g.size
                        }
                        None => 0.0,
                    };
                    items.push(Codepoint {
                        gid: new_gid,
                        // Whole thousandths of an em: 0.01 pt at body size, and shorter
                        // content streams.
                        offset: offset.round(),
                        cid: Some(glyph_text(line, g).to_owned()),
                    });
                }
                if g0.embolden {
                    // Synthetic bold: fill and stroke the outlines with a hairline of the
                    // text colour (about 3 % of the size on each side).
                    ops.push(Op::SetOutlineColor { col: rgb(g0.color) });
                    ops.push(Op::SetOutlineThickness {
                        pt: Pt(g0.size * 0.035),
                    });
                    ops.push(Op::SetTextRenderingMode {
                        mode: printpdf::TextRenderingMode::FillStroke,
                    });
                }
                ops.push(Op::ShowText {
                    items: vec![TextItem::GlyphIds(items)],
                });
                if g0.embolden {
                    ops.push(Op::SetTextRenderingMode {
                        mode: printpdf::TextRenderingMode::Fill,
                    });
                }
                k = j;
            }
            if open_run != 0 {
                ops.push(Op::EndMarkedContent);
            }
            ops.push(Op::EndTextSection);
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

    /// A tagged multi-page document painted with batches of `batch_ops`: the most operations
    /// held at once and the PDF bytes (as `finish` writes them).
    fn painted(md: &str, batch_ops: usize, part_ops: usize) -> (usize, Vec<u8>) {
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
        let plan = super::super::tags::plan(&mut doc, "en");
        let p = paint_batched(
            &mut doc,
            &plan,
            &faces,
            "T",
            &mut Vec::new(),
            batch_ops,
            part_ops,
        );
        let mut lo = p.pdf.to_lopdf_document(&save_options(), &mut Vec::new());
        install(&mut lo, p.contents).unwrap();
        let meta = super::super::structure::Metadata::default();
        let bytes =
            super::super::structure::finish(lo, &doc, plan, &meta, p.large, &mut Vec::new())
                .unwrap();
        (p.held_ops, bytes)
    }

    /// Pages become content bytes a batch at a time: never are the operations of the whole
    /// document held, and the file is the same as with one batch.
    #[test]
    fn pages_are_serialised_in_batches_with_the_same_bytes() {
        let mut md = String::from("# Long\n\n");
        for k in 0..60 {
            md.push_str(&format!(
                "## Part {k}\n\nSome *text* with [a link](https://example.com/{k}) and 中文，\
                 long enough to fill a few lines of the page, again and again and again.\n\n"
            ));
        }
        // `batch_ops` 0 serialises every page alone: the most held is one page's.
        let (one_page, small) = painted(&md, 0, usize::MAX);
        let (held, big) = painted(&md, 200, usize::MAX);
        // One batch: every operation of the document held at once.
        let (all, whole) = painted(&md, usize::MAX, usize::MAX);
        assert!(all > 5 * 200, "{all} operations: the document is too short");
        assert!(
            held < 200 + one_page && held < all / 2,
            "{held} of {all} operations held with batches of 200 (a page: {one_page})"
        );
        assert!(one_page < all / 5, "{one_page} of {all} held page by page");
        assert!(small == whole && big == whole, "batching changed the PDF");
    }

    /// The painting operations of a PDF's pages, without those that set the font and the
    /// colours (a page painted in parts sets them again at each part).
    fn painting(bytes: &[u8]) -> Vec<(String, Vec<lopdf::Object>)> {
        let doc = lopdf::Document::load_mem(bytes).unwrap();
        let mut out = Vec::new();
        for (_, page) in doc.get_pages() {
            let content = lopdf::content::Content::decode(&doc.get_page_content(page));
            for op in content.unwrap().operations {
                if !matches!(op.operator.as_str(), "Tf" | "rg" | "RG" | "w") {
                    out.push((op.operator, op.operands));
                }
            }
        }
        out
    }

    /// A page of thousands of operations (a wide table: every cell its own element) is
    /// serialised in parts: never all its operations at once, and it paints the same.
    #[test]
    fn a_huge_page_is_serialised_in_parts() {
        let cols = 120;
        let md = format!(
            "# T\n\n|{}\n|{}\n|{}\n",
            "a|".repeat(cols),
            "-|".repeat(cols),
            "x|".repeat(cols)
        );
        let (whole_held, whole) = painted(&md, usize::MAX, usize::MAX);
        let (held, parts) = painted(&md, usize::MAX, 100);
        assert!(
            whole_held > 1000,
            "{whole_held} operations: the page is too small"
        );
        assert!(held < 200, "{held} of {whole_held} operations held at once");
        let (a, b) = (painting(&whole), painting(&parts));
        assert!(a.len() > 1000, "{}", a.len());
        assert!(a == b, "the page painted in parts differs");
        assert!(whole != parts, "the parts set their font again");
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
