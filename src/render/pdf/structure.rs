//! Document structure: what printpdf does not write (or writes wrongly) is added with lopdf.
//!
//! - a nested outline in document order, each entry jumping to its heading (printpdf's
//!   bookmarks are flat, sorted by page and name, and jump to the page top);
//! - link annotations: `/URI` actions for external links, `/Dest` jumps for internal ones,
//!   with no visible border;
//! - image XObjects built by hand: JPEG bytes as they are (`DCTDecode`), PNG pixels Flate
//!   compressed with an `/SMask` for transparency;
//! - `/Lang`, `/PageMode /UseOutlines` (a name, not a string), `/ViewerPreferences
//!   << /DisplayDocTitle true >>`, a fresh document information dictionary without the empty
//!   PDF/X marker, dates from the front matter or `SOURCE_DATE_EPOCH` (none otherwise), a header of at least 1.7,
//!   and a file identifier derived from the content, so the same input gives the same bytes.

use std::io::Write;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

use super::images::{ImageKind, Pixels};
use super::layout::{Doc, LinkTarget, Prim};
use super::paint::image_name;
use crate::render::sanitize::{Flavor, safe_href};

/// Document-level metadata for the info dictionary and catalog.
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    /// Title.
    pub title: String,
    /// Authors, joined for `/Author`.
    pub author: String,
    /// Description, for `/Subject`.
    pub subject: String,
    /// Keywords, comma separated.
    pub keywords: String,
    /// BCP 47 language tag.
    pub lang: String,
    /// Creation and modification time, seconds since the Unix epoch; `None` leaves both out
    /// (they are optional) rather than claim a date nobody gave.
    pub epoch: Option<i64>,
    /// A hash of the content, for the file identifier.
    pub content_hash: u64,
    /// The authors one by one (`dc:creator` in the XMP metadata).
    pub authors: Vec<String>,
}

/// A PDF text string: ASCII as is, anything else as UTF-16BE with a byte-order mark.
pub fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut v = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_be_bytes());
        }
        Object::String(v, StringFormat::Hexadecimal)
    }
}

/// `D:YYYYMMDDHHmmSSZ` for seconds since the epoch (proleptic Gregorian, UTC).
pub fn pdf_date(epoch: i64) -> String {
    let days = epoch.div_euclid(86_400);
    let secs = epoch.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
        y.clamp(0, 9999),
        m,
        d,
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// Adds structure to the document printpdf produced and writes the final bytes.
pub fn finish(
    mut lo: Document,
    doc: &Doc,
    plan: super::tags::Plan,
    meta: &Metadata,
    large: bool,
) -> Result<Vec<u8>, String> {
    lo.version = "1.7".to_owned();
    // Large documents trade a little size for speed: level 1 is several times faster than
    // the default (page content is compressed by `paint` already, at the same levels).
    let level = if large {
        flate2::Compression::fast()
    } else {
        flate2::Compression::default()
    };
    // Objects that are not streams go into object streams (see `file`); the structure tree
    // is written straight into them. Level 2 rather than 1 for those of a large document:
    // zlib-rs sets level 1 with fixed Huffman codes only, and on the 1 MB document the
    // object streams came out 620 KB at level 1, 450 KB at level 2, for 1.3 % more
    // instructions in all (callgrind). (Page content would gain as much, 1.47 MB against
    // 1.07 MB, for 3.5 % more.)
    let mut packed = super::file::ObjectStreams::new(if large {
        flate2::Compression::new(2)
    } else {
        level
    });
    let page_ids: Vec<ObjectId> = lo.get_pages().into_values().collect();
    let h = doc.geometry.page_h;

    // Images: one XObject each, referenced from the pages that show them.
    let mut image_ids = Vec::with_capacity(doc.images.len());
    for img in &doc.images {
        let mut dict = Dictionary::new();
        dict.set("Type", name("XObject"));
        dict.set("Subtype", name("Image"));
        dict.set("Width", Object::Integer(i64::from(img.width)));
        dict.set("Height", Object::Integer(i64::from(img.height)));
        dict.set("BitsPerComponent", Object::Integer(8));
        let stream = match &img.kind {
            ImageKind::Jpeg { bytes, components } => {
                dict.set(
                    "ColorSpace",
                    name(match components {
                        1 => "DeviceGray",
                        4 => "DeviceCMYK",
                        _ => "DeviceRGB",
                    }),
                );
                if *components == 4 {
                    // Adobe CMYK JPEGs store inverted values.
                    dict.set(
                        "Decode",
                        Object::Array([1, 0, 1, 0, 1, 0, 1, 0].map(Object::Integer).to_vec()),
                    );
                }
                dict.set("Filter", name("DCTDecode"));
                Stream::new(dict, bytes.clone()).with_compression(false)
            }
            ImageKind::Raw {
                data,
                pixels,
                alpha,
            } => {
                dict.set(
                    "ColorSpace",
                    name(match pixels {
                        Pixels::Gray => "DeviceGray",
                        Pixels::Rgb => "DeviceRGB",
                    }),
                );
                if let Some(a) = alpha {
                    let mut md = Dictionary::new();
                    md.set("Type", name("XObject"));
                    md.set("Subtype", name("Image"));
                    md.set("Width", Object::Integer(i64::from(img.width)));
                    md.set("Height", Object::Integer(i64::from(img.height)));
                    md.set("BitsPerComponent", Object::Integer(8));
                    md.set("ColorSpace", name("DeviceGray"));
                    let mut mask = Stream::new(md, a.clone());
                    let _ = mask.compress();
                    let mask_id = lo.add_object(mask);
                    dict.set("SMask", Object::Reference(mask_id));
                }
                let mut s = Stream::new(dict, data.clone());
                let _ = s.compress();
                s
            }
        };
        image_ids.push(lo.add_object(stream));
    }

    // Per page: image resources and link annotations (and, per link primitive, its
    // annotation for the structure tree). Annotations are written straight into the object
    // streams, with their `/StructParent` keys (those of a tagged document's links follow
    // the pages' keys, in page order): a lopdf dictionary each, held to the end, cost about
    // 2.8 KB an annotation (16,000 footnote references: 90 MB).
    let mut next_key = page_ids.len() as i64;
    let mut annot_ids: Vec<Vec<Option<(ObjectId, i64)>>> = Vec::with_capacity(doc.pages.len());
    for (p, page) in doc.pages.iter().enumerate() {
        let Some(&page_id) = page_ids.get(p) else {
            break;
        };
        let mut xobjects = Dictionary::new();
        let mut annots = Vec::new();
        let mut page_annots = Vec::new();
        let tagged_links = plan.links.get(p).map(Vec::as_slice).unwrap_or(&[]);
        for prim in &page.prims {
            match prim {
                Prim::Image { image, .. } => {
                    if let Some(&id) = image_ids.get(*image) {
                        xobjects.set(image_name(*image), Object::Reference(id));
                    }
                }
                Prim::Link {
                    x,
                    y,
                    w,
                    h: lh,
                    target,
                } => {
                    let tagged = tagged_links.get(page_annots.len()).copied().flatten();
                    page_annots.push(None);
                    let rect = Object::Array(
                        [*x, h - y - lh, x + w, h - y]
                            .iter()
                            .map(|v| Object::Real((v * 100.0).round() / 100.0))
                            .collect(),
                    );
                    let mut a = Dictionary::new();
                    a.set("Type", name("Annot"));
                    a.set("Subtype", name("Link"));
                    a.set("Rect", rect);
                    a.set(
                        "Border",
                        Object::Array(vec![
                            Object::Integer(0),
                            Object::Integer(0),
                            Object::Integer(0),
                        ]),
                    );
                    match doc.links.get(*target) {
                        Some(LinkTarget::Uri(uri)) => {
                            // A URI action's address is 7-bit ASCII (ISO 32000-1, 12.6.4.7):
                            // percent-encoded by the rules every format shares, and never
                            // `javascript:` or `file:`.
                            let Some(uri) = safe_href(uri, Flavor::Html) else {
                                continue;
                            };
                            let mut act = Dictionary::new();
                            act.set("S", name("URI"));
                            act.set(
                                "URI",
                                Object::String(uri.into_bytes(), StringFormat::Literal),
                            );
                            a.set("A", Object::Dictionary(act));
                        }
                        // `#%E5%AE%89%E8%A3%85` is `#安装`, as in a browser (an id written
                        // with `%` in it is found as written first).
                        Some(LinkTarget::Anchor(id)) => match doc
                            .anchors
                            .get(id)
                            .or_else(|| doc.anchors.get(&crate::assets::percent_decode(id)))
                        {
                            Some(&(tp, ty)) => {
                                let Some(&target_page) = page_ids.get(tp) else {
                                    continue;
                                };
                                a.set("Dest", dest(target_page, h - ty + 4.0));
                            }
                            // Layout took out the areas of links to no anchor, and said so
                            // (`layout::drop_dangling_links`): none is left to report here.
                            None => continue,
                        },
                        None => continue,
                    }
                    if let Some(text) = doc.link_texts.get(*target).filter(|t| !t.is_empty()) {
                        a.set("Contents", text_string(text));
                    }
                    let key = tagged.map(|_| {
                        next_key += 1;
                        next_key - 1
                    });
                    if let Some(key) = key {
                        a.set("StructParent", Object::Integer(key));
                    }
                    let id = lo.new_object_id();
                    let mut err = None;
                    packed.add(id.0, |b| {
                        err = super::file::write_object(b, &Object::Dictionary(a)).err()
                    });
                    if let Some(e) = err {
                        return Err(format!("cannot write a link annotation: {e}"));
                    }
                    annots.push(id);
                    // What the structure tree refers to: a tagged link's annotation and key.
                    if let Some(last) = page_annots.last_mut() {
                        *last = key.map(|k| (id, k));
                    }
                }
                _ => {}
            }
        }
        annot_ids.push(page_annots);
        if xobjects.is_empty() && annots.is_empty() {
            continue;
        }
        let resources = {
            let page_dict = lo.get_dictionary(page_id).map_err(|e| e.to_string())?;
            page_dict.get(b"Resources").ok().cloned()
        };
        if !xobjects.is_empty() {
            match resources {
                Some(Object::Reference(rid)) => {
                    let res = lo.get_dictionary_mut(rid).map_err(|e| e.to_string())?;
                    merge_xobjects(res, xobjects);
                }
                Some(Object::Dictionary(mut res)) => {
                    merge_xobjects(&mut res, xobjects);
                    lo.get_dictionary_mut(page_id)
                        .map_err(|e| e.to_string())?
                        .set("Resources", Object::Dictionary(res));
                }
                _ => {
                    let mut res = Dictionary::new();
                    merge_xobjects(&mut res, xobjects);
                    lo.get_dictionary_mut(page_id)
                        .map_err(|e| e.to_string())?
                        .set("Resources", Object::Dictionary(res));
                }
            }
        }
        if !annots.is_empty() {
            // The page's list of annotations too goes into the object streams.
            let list = lo.new_object_id();
            packed.add(list.0, |b| {
                b.push(b'[');
                for (k, id) in annots.iter().enumerate() {
                    let sep = if k > 0 { " " } else { "" };
                    let _ = write!(b, "{sep}{} 0 R", id.0);
                }
                b.push(b']');
            });
            let page_dict = lo.get_dictionary_mut(page_id).map_err(|e| e.to_string())?;
            page_dict.set("Annots", Object::Reference(list));
        }
    }

    let outlines = build_outline(&mut lo, doc, &page_ids);

    // Catalog.
    let root = lo
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| format!("no catalog: {e}"))?;
    if !plan.nodes.is_empty() {
        super::tags::write(
            &mut lo,
            plan,
            &page_ids,
            &annot_ids,
            next_key,
            root,
            &mut packed,
        )?;
    }
    let mut xmp = None;
    {
        let catalog = lo.get_dictionary_mut(root).map_err(|e| e.to_string())?;
        catalog.set(
            "PageMode",
            name(if outlines.is_some() {
                "UseOutlines"
            } else {
                "UseNone"
            }),
        );
        let mut vp = Dictionary::new();
        vp.set("DisplayDocTitle", Object::Boolean(true));
        catalog.set("ViewerPreferences", Object::Dictionary(vp));
        if !meta.lang.is_empty() {
            catalog.set("Lang", text_string(&meta.lang));
        }
        // printpdf's XMP packet carries a random instance id and a PDF/X claim: drop it
        // (a fresh one is added below).
        if let Some(Object::Reference(id)) = catalog.remove(b"Metadata") {
            xmp = Some(id);
        }
        match outlines {
            Some(id) => catalog.set("Outlines", Object::Reference(id)),
            None => {
                catalog.remove(b"Outlines");
            }
        }
    }

    // A fresh information dictionary.
    let mut info = Dictionary::new();
    info.set("Title", text_string(&meta.title));
    if !meta.author.is_empty() {
        info.set("Author", text_string(&meta.author));
    }
    if !meta.subject.is_empty() {
        info.set("Subject", text_string(&meta.subject));
    }
    if !meta.keywords.is_empty() {
        info.set("Keywords", text_string(&meta.keywords));
    }
    info.set(
        "Creator",
        text_string(concat!("guidepress ", env!("CARGO_PKG_VERSION"))),
    );
    info.set(
        "Producer",
        text_string("guidepress (printpdf 0.12.8, lopdf 0.44)"),
    );
    if let Some(epoch) = meta.epoch {
        let date = Object::String(pdf_date(epoch).into_bytes(), StringFormat::Literal);
        info.set("CreationDate", date.clone());
        info.set("ModDate", date);
    }
    let old_info = lo.trailer.get(b"Info").and_then(Object::as_reference).ok();
    match old_info {
        Some(id) => {
            lo.objects.insert(id, Object::Dictionary(info));
        }
        None => {
            let id = lo.add_object(Object::Dictionary(info));
            lo.trailer.set("Info", Object::Reference(id));
        }
    }
    // The XMP stream is referenced from the catalog only; removing it directly is much
    // cheaper than a reachability walk over every object of a large document.
    if let Some(id) = xmp {
        lo.objects.remove(&id);
    }
    // Ours: uncompressed (the /Subtype keeps the compressor below off it), so that tools
    // that do not inflate streams can still read it.
    let mut md = Dictionary::new();
    md.set("Type", name("Metadata"));
    md.set("Subtype", name("XML"));
    let packet = super::xmp::packet(meta).into_bytes();
    let md_id = lo.add_object(Stream::new(md, packet).with_compression(false));
    lo.get_dictionary_mut(root)
        .map_err(|e| e.to_string())?
        .set("Metadata", Object::Reference(md_id));
    // printpdf leaves content and font streams uncompressed in the lopdf document it hands
    // out (it compresses only in its own `save`). Page content is compressed at the level
    // chosen above; what is left, the font programs, at the best level (`lo.compress`).
    // JPEG streams opt out of both.
    let mut z = flate2::Compress::new(level, true);
    for obj in lo.objects.values_mut() {
        if let Object::Stream(st) = obj
            && st.allows_compression
            && st.dict.get(b"Filter").is_err()
            && st.dict.get(b"Length1").is_err()
            && st.dict.get(b"Subtype").is_err()
        {
            let out = super::file::deflate(&mut z, &st.content);
            if !out.is_empty() && out.len() < st.content.len() {
                st.dict.set("Filter", name("FlateDecode"));
                st.set_content(out);
            }
        }
    }
    lo.compress();

    let id_bytes = |salt: u64| -> Vec<u8> {
        let a = meta.content_hash ^ salt;
        let b = a.rotate_left(29).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        [a.to_be_bytes(), b.to_be_bytes()].concat()
    };
    let id = id_bytes(0);
    lo.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );

    super::file::write(lo, packed)
}

fn merge_xobjects(res: &mut Dictionary, add: Dictionary) {
    let mut xo = match res.get(b"XObject") {
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    for (k, v) in add.into_iter() {
        xo.set(k, v);
    }
    res.set("XObject", Object::Dictionary(xo));
}

fn dest(page: ObjectId, top: f32) -> Object {
    Object::Array(vec![
        Object::Reference(page),
        name("XYZ"),
        Object::Null,
        Object::Real(top.round()),
        Object::Null,
    ])
}

/// Builds the outline tree; returns the `/Outlines` dictionary id, or `None` when there are
/// no entries.
fn build_outline(lo: &mut Document, doc: &Doc, page_ids: &[ObjectId]) -> Option<ObjectId> {
    let entries: Vec<_> = doc
        .outline
        .iter()
        .filter_map(|e| {
            let &(p, y) = doc.anchors.get(&e.anchor)?;
            let page = *page_ids.get(p)?;
            Some((e, page, y))
        })
        .collect();
    if entries.is_empty() {
        return None;
    }
    let root = lo.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| lo.new_object_id()).collect();
    // Depths normalised so that no entry is more than one level below the previous one.
    let mut depths = Vec::with_capacity(entries.len());
    for (i, (e, _, _)) in entries.iter().enumerate() {
        let max = if i == 0 { 0 } else { depths[i - 1] + 1 };
        depths.push(e.depth.min(max));
    }
    let n = entries.len();
    let parent_of = |i: usize| -> Option<usize> { (0..i).rev().find(|&j| depths[j] < depths[i]) };
    let h = doc.geometry.page_h;
    let mut kids_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut top = Vec::new();
    for i in 0..n {
        match parent_of(i) {
            Some(p) => kids_of[p].push(i),
            None => top.push(i),
        }
    }
    for i in 0..n {
        let (e, page, y) = &entries[i];
        let mut d = Dictionary::new();
        d.set("Title", text_string(&e.title));
        let parent = parent_of(i).map(|p| ids[p]).unwrap_or(root);
        d.set("Parent", Object::Reference(parent));
        let siblings = match parent_of(i) {
            Some(p) => &kids_of[p],
            None => &top,
        };
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        if pos > 0 {
            d.set("Prev", Object::Reference(ids[siblings[pos - 1]]));
        }
        if let Some(&next) = siblings.get(pos + 1) {
            d.set("Next", Object::Reference(ids[next]));
        }
        if let (Some(&f), Some(&l)) = (kids_of[i].first(), kids_of[i].last()) {
            d.set("First", Object::Reference(ids[f]));
            d.set("Last", Object::Reference(ids[l]));
            d.set("Count", Object::Integer(kids_of[i].len() as i64));
        }
        d.set("Dest", dest(*page, h - y + 4.0));
        lo.objects.insert(ids[i], Object::Dictionary(d));
    }
    let mut r = Dictionary::new();
    r.set("Type", name("Outlines"));
    if let (Some(&f), Some(&l)) = (top.first(), top.last()) {
        r.set("First", Object::Reference(ids[f]));
        r.set("Last", Object::Reference(ids[l]));
    }
    r.set("Count", Object::Integer(n as i64));
    lo.objects.insert(root, Object::Dictionary(r));
    Some(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(pdf_date(0), "D:19700101000000Z");
        assert_eq!(pdf_date(1_764_028_800), "D:20251125000000Z");
        assert_eq!(pdf_date(951_782_400), "D:20000229000000Z");
    }

    #[test]
    fn text_strings() {
        assert_eq!(
            text_string("ab"),
            Object::String(b"ab".to_vec(), StringFormat::Literal)
        );
        match text_string("中") {
            Object::String(v, _) => assert_eq!(v, vec![0xFE, 0xFF, 0x4E, 0x2D]),
            _ => unreachable!(),
        }
    }
}
