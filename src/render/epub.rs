//! EPUB 3 ebook output (`epub`).
//!
//! # What the book holds
//! - `title.xhtml`: the title page (title, subtitle, authors, date) followed by the blocks that
//!   stand before the first section; `cover.xhtml` before it when the front matter names a
//!   `cover` image (declared as the cover image, with the legacy `<meta name="cover">` that
//!   older readers look for; epub-builder writes both);
//! - one `chapter-NN.xhtml` per top-level section, its footnotes as EPUB 3 `aside` footnotes at
//!   its end (repeated in each chapter that references them, so pop-up notes always work);
//! - `nav.xhtml` and `toc.ncx` with the nested headings and questions; landmarks for the title
//!   page and the start of the body;
//! - `stylesheet.css` (see [`crate::render::style`]) and, unless
//!   [`RenderOptions::embed_fonts`](crate::render::RenderOptions::embed_fonts) is off, a subset
//!   of Noto Sans SC with the characters the book uses ([`crate::render::webfont`]);
//! - each image once under `images/`, with the media type sniffed from its bytes.
//!
//! # Metadata
//! Title, authors, language, description, subjects (keywords), rights (licence), the
//! identifier (front matter `identifier`, else a name-based UUID of the guide's content), the
//! modified date (the front matter `date`, else `SOURCE_DATE_EPOCH`, else the input file's
//! modification time; never the clock, and 1980-01-01 with a warning only for an input that is
//! not a file), and schema.org accessibility metadata.
//!
//! # Reproducible bytes
//! epub-builder (with its in-process `zip-library` packer, EPUB version set to 3.0) writes the
//! archive; it stamps entries with the current time, so the archive is then re-packed entry by
//! entry, in the same order, with the modified date as every entry's timestamp and fixed
//! permissions. Compressed data is copied raw, not recompressed. `mimetype` stays first and
//! stored. The same guide and options give the same bytes.

use std::collections::BTreeSet;
use std::io::{Cursor, Read, Write};

use chrono::{DateTime, Datelike, Timelike, Utc};
use epub_builder::{
    EpubBuilder, EpubContent, EpubVersion, MetadataOpfV3, ReferenceType, TocElement, ZipLibrary,
};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::diagnostic::Diagnostic;
use crate::fonts::{NOTO_SANS_SC_BOLD, NOTO_SANS_SC_REGULAR};
use crate::model::{Block, Guide, Section, plain_text};
use crate::render::labels::Labels;
use crate::render::resources::{self, Image};
use crate::render::sanitize;
use crate::render::xhtml::{
    Flavor, TITLE_ID, Targets, XhtmlWriter, bcp47, clean, title_text, unlinkable,
    unreferenced_footnotes,
};
use crate::render::{RenderContext, RenderError, Renderer, style, webfont};

/// The EPUB 3 renderer.
#[derive(Debug, Clone, Copy, Default)]
pub struct EpubRenderer;

/// 1980-01-01T00:00:00Z, the earliest time a zip entry can carry: the date of a book that has
/// neither a front-matter date nor `SOURCE_DATE_EPOCH` and is not read from a file (a warning
/// says so: an EPUB must carry a modified date).
const FALLBACK_EPOCH: i64 = 315_532_800;

/// Where the embedded font subset lives in the book (relative to `content.opf`).
const FONT_PATH: &str = "fonts/NotoSansSC-Regular-subset.ttf";
/// Where the bold subset lives.
const BOLD_FONT_PATH: &str = "fonts/NotoSansSC-Bold-subset.ttf";

impl Renderer for EpubRenderer {
    fn id(&self) -> &str {
        "epub"
    }

    fn extension(&self) -> &str {
        "epub"
    }

    fn media_type(&self) -> &str {
        "application/epub+zip"
    }

    fn description(&self) -> &str {
        "EPUB 3 ebook: chapters per section, nav and NCX, embedded Chinese font subset"
    }

    fn render(&self, guide: &Guide, ctx: &mut RenderContext) -> Result<Vec<u8>, RenderError> {
        let guide = sanitize::for_output(guide, ctx);
        render_epub(&guide, ctx)
    }
}

/// One content document of the book.
struct Doc {
    file: String,
    title: String,
    bytes: Vec<u8>,
    toc: Vec<TocElement>,
    reftype: Option<ReferenceType>,
}

fn err(what: &str) -> impl Fn(epub_builder::Error) -> RenderError + '_ {
    move |e| RenderError(format!("{what}: {e}"))
}

fn render_epub(guide: &Guide, ctx: &mut RenderContext) -> Result<Vec<u8>, RenderError> {
    let lang = bcp47(&guide.language());
    let labels = Labels::for_lang(&lang);
    let title = book_title(guide);
    let when = match modified_epoch(guide, ctx.options.source_date_epoch, &ctx.source) {
        Some(t) => t,
        None => {
            ctx.warn(
                "no date for the book's dcterms:modified (no front-matter `date`, no SOURCE_DATE_EPOCH, no input file): 1980-01-01 is written",
            );
            FALLBACK_EPOCH
        }
    };

    // Images: each file once, named by order of first use.
    let images = resources::load_all(guide, ctx);
    let theme_css = resources::theme_css(guide, ctx);
    let mut targets = Targets::default();
    let image_path = |i: usize, img: &Image| format!("images/image-{:02}.{}", i + 1, img.extension);
    for (url, i) in &images.by_url {
        targets
            .images
            .insert(url.clone(), image_path(*i, &images.files[*i]));
    }
    let cover = guide.meta.cover.as_deref().and_then(|url| {
        match resources::load(ctx.base_dir.as_deref(), url) {
            Ok(img) => Some(img),
            Err(why) => {
                // Keyed as the image: the parser's warning at its front-matter line says it.
                ctx.warnings.push(
                    crate::diagnostic::Diagnostic::file_warning(
                        &ctx.source,
                        format!("cover image `{url}` left out: {why}"),
                    )
                    .with_key(crate::diagnostic::Diagnostic::image_key(url)),
                );
                None
            }
        }
    });

    // Which document holds which id, so that links across chapters work; the top of the
    // guide is the title page.
    targets.top = Some("title.xhtml".to_owned());
    let chapter_file = |i: usize| format!("chapter-{:02}.xhtml", i + 1);
    for (i, s) in guide.sections.iter().enumerate() {
        let mut ids = Vec::new();
        s.collect_ids(&mut ids);
        for id in ids {
            targets
                .anchors
                .entry(id.to_owned())
                .or_insert_with(|| chapter_file(i));
        }
    }

    // Links an EPUB cannot carry are shown as their text: say which.
    for url in unlinkable(guide, &targets, Flavor::Epub) {
        let message = if url.trim().is_empty() {
            "a link with an empty target is shown as text in the EPUB".to_owned()
        } else if url.starts_with('#') {
            format!("link to `{url}`, which names no heading, is shown as text in the EPUB")
        } else {
            format!(
                "link to `{url}` is shown as text in the EPUB: an ebook links only to its own chapters and to http(s), mailto and tel addresses"
            )
        };
        ctx.warnings.push(
            Diagnostic::file_warning(&ctx.source, message).with_key(Diagnostic::link_key(&url)),
        );
    }

    // Content documents.
    let unreferenced = unreferenced_footnotes(guide);
    let mut docs: Vec<Doc> = Vec::with_capacity(guide.sections.len() + 2);
    if let Some(img) = &cover {
        let mut w = XhtmlWriter::new(Flavor::Epub, guide, &targets, "cover.xhtml", &lang);
        w.begin(
            &title,
            |w| w.stylesheet_link("stylesheet.css"),
            Some("cover"),
        );
        w.cover_image(&format!("images/cover.{}", img.extension), &title);
        docs.push(Doc {
            file: "cover.xhtml".into(),
            title: String::new(),
            bytes: w.finish(),
            toc: Vec::new(),
            reftype: Some(ReferenceType::Cover),
        });
    }
    {
        let mut w = XhtmlWriter::new(Flavor::Epub, guide, &targets, "title.xhtml", &lang);
        w.begin(&title, |w| w.stylesheet_link("stylesheet.css"), None);
        w.title_block(Some(TITLE_ID));
        w.blocks(&guide.blocks, 1);
        if guide.sections.is_empty() {
            w.add_footnotes(unreferenced.iter().copied());
        }
        w.footnotes();
        docs.push(Doc {
            file: "title.xhtml".into(),
            title: title.clone(),
            bytes: w.finish(),
            toc: Vec::new(),
            reftype: Some(ReferenceType::TitlePage),
        });
    }
    for (i, section) in guide.sections.iter().enumerate() {
        let file = chapter_file(i);
        let chapter_title = title_text(section);
        let mut w = XhtmlWriter::new(Flavor::Epub, guide, &targets, &file, &lang);
        w.begin(
            &chapter_title,
            |w| w.stylesheet_link("stylesheet.css"),
            None,
        );
        w.section(section, 1);
        // Footnotes nothing refers to (only possible in JSON input) end the last chapter.
        if i + 1 == guide.sections.len() {
            w.add_footnotes(unreferenced.iter().copied());
        }
        w.footnotes();
        docs.push(Doc {
            toc: toc_children(section, &file),
            file,
            title: chapter_title,
            bytes: w.finish(),
            reftype: (i == 0).then_some(ReferenceType::Text),
        });
    }

    // The font subset covers every character of every document (markup included, which only
    // adds the few ASCII letters that tags use) plus the navigation's own words.
    // The regular subset covers every character of every document (markup included, which
    // only adds the few ASCII letters that tags use) plus the navigation's own words; the bold
    // subset covers the text that is set in bold (headings, strong, table headers, labels), so
    // readers show real bold Chinese instead of smearing the regular glyphs, or nothing at all.
    let mut fonts: Vec<(&'static str, webfont::FontSubset)> = Vec::new();
    if ctx.options.embed_fonts {
        let mut regular = CharSet::default();
        let mut bold = CharSet::default();
        for d in &docs {
            regular.extend(String::from_utf8_lossy(&d.bytes).chars());
            bold_chars(&d.bytes, &mut bold);
        }
        regular.extend(labels.contents.chars());
        regular.extend(title.chars());
        bold.extend(labels.contents.chars());
        let (regular, bold) = (regular.into_set(), bold.into_set());
        // The two subsets are independent: the bold one is made on a second thread. The
        // order of the results does not depend on which finishes first.
        let (r, b) = std::thread::scope(|scope| {
            let bold_job = scope.spawn(|| webfont::subset_font(&NOTO_SANS_SC_BOLD, &bold));
            let r = webfont::subset_font(&NOTO_SANS_SC_REGULAR, &regular);
            let b = bold_job
                .join()
                .unwrap_or_else(|_| Err("the subsetter failed".to_owned()));
            (r, b)
        });
        for (result, font, path) in [
            (r, &NOTO_SANS_SC_REGULAR, FONT_PATH),
            (b, &NOTO_SANS_SC_BOLD, BOLD_FONT_PATH),
        ] {
            match result {
                Ok(Some(f)) => fonts.push((path, f)),
                Ok(None) => {}
                Err(e) => ctx.warn(format!("{} is not embedded: {e}", font.postscript_name)),
            }
        }
    }
    let has = |path: &'static str| fonts.iter().any(|(p, _)| *p == path).then_some(path);

    let mut b = EpubBuilder::new(ZipLibrary::new().map_err(err("cannot start the archive"))?)
        .map_err(err("cannot start the book"))?;
    b.epub_version(EpubVersion::V30);
    b.set_title(title.clone());
    // Metadata goes into content.opf as text: drop what XML cannot hold, as the writer does.
    for a in &guide.meta.authors {
        b.add_author(clean(a).into_owned());
    }
    b.add_language(lang.clone());
    // A book in a language written right to left turns its pages from right to left (the
    // spine's `page-progression-direction`), as a printed one does.
    if crate::langtag::is_rtl(&lang) {
        b.metadata("direction", "rtl")
            .map_err(err("cannot set the page direction"))?;
    }
    b.set_generator(format!("guidepress {}", env!("CARGO_PKG_VERSION")));
    b.set_toc_name(labels.contents);
    if let Some(d) = guide
        .meta
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        b.add_description(clean(d).into_owned());
    }
    for k in guide.meta.keywords.iter().filter(|k| !k.trim().is_empty()) {
        b.add_subject(clean(k).into_owned());
    }
    // A rights statement, else the licence, is the book's dc:rights.
    if let Some(l) = [&guide.meta.rights, &guide.meta.license]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .find(|l| !l.trim().is_empty())
    {
        b.set_license(clean(l).into_owned());
    }
    // epub-builder has no publisher: `repack` adds the element to the package document.
    let publisher = guide
        .meta
        .publisher
        .as_deref()
        .map(|p| clean(p.trim()).into_owned())
        .filter(|p| !p.is_empty())
        .map(|p| {
            format!(
                "<dc:publisher>{}</dc:publisher>",
                quick_xml::escape::escape(p.as_str())
            )
        });
    if let Some(series) = guide
        .meta
        .series
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        // EPUB 3 collections: the series, refined as being one.
        let mut collection = MetadataOpfV3::new(
            "belongs-to-collection".to_owned(),
            quick_xml::escape::escape(clean(series.trim()).as_ref()).into_owned(),
        );
        collection.id = Some("gp-series".to_owned());
        b.add_metadata_opf(Box::new(collection));
        let mut kind = MetadataOpfV3::new("collection-type".to_owned(), "series".to_owned());
        kind.refines = Some("#gp-series".to_owned());
        b.add_metadata_opf(Box::new(kind));
    }
    let modified = DateTime::<Utc>::from_timestamp(when, 0).unwrap_or_default();
    b.set_modified_date(modified);
    if let Some(published) = guide.meta.date.as_deref().and_then(crate::dates::epoch)
        && let Some(d) = DateTime::<Utc>::from_timestamp(published, 0)
    {
        b.set_publication_date(d);
    }
    let (uuid, source_id) = identifier(guide);
    b.set_uuid(uuid);
    for (property, value) in accessibility(guide, &images.files) {
        b.add_metadata_opf(Box::new(MetadataOpfV3::new(
            property.to_owned(),
            quick_xml::escape::escape(value.as_str()).into_owned(),
        )));
    }

    let mut css = style::epub_css(has(FONT_PATH), has(BOLD_FONT_PATH));
    css.push_str(&theme_css);
    b.stylesheet(css.as_bytes())
        .map_err(err("cannot add the stylesheet"))?;
    // Binary resources are declared to epub-builder with empty placeholders and written by
    // `repack` instead: it deflates everything at its default level, which for the font costs
    // more time than the whole rest of the book, and gains nothing on images, which are
    // compressed already.
    let mut binaries: Vec<Binary<'_>> = Vec::new();
    for (path, f) in &fonts {
        b.add_resource(path, &b""[..], "font/ttf")
            .map_err(err("cannot add the font"))?;
        binaries.push(Binary {
            name: format!("OEBPS/{path}"),
            data: &f.data,
            deflate: true,
        });
    }
    if let Some(img) = &cover {
        let path = format!("images/cover.{}", img.extension);
        b.add_cover_image(&path, &b""[..], img.media_type)
            .map_err(err("cannot add the cover"))?;
        binaries.push(Binary {
            name: format!("OEBPS/{path}"),
            data: &img.data,
            deflate: false,
        });
    }
    for (i, img) in images.files.iter().enumerate() {
        let path = image_path(i, img);
        b.add_resource(&path, &b""[..], img.media_type)
            .map_err(err("cannot add an image"))?;
        binaries.push(Binary {
            name: format!("OEBPS/{path}"),
            data: &img.data,
            deflate: false,
        });
    }
    for d in &docs {
        let mut content = EpubContent::new(d.file.as_str(), d.bytes.as_slice()).title(&d.title);
        for t in &d.toc {
            content = content.child(t.clone());
        }
        if let Some(r) = d.reftype {
            content = content.reftype(r);
        }
        b.add_content(content)
            .map_err(err("cannot add a chapter"))?;
    }
    let mut raw = Vec::with_capacity(256 * 1024);
    b.generate(&mut raw).map_err(err("cannot write the book"))?;
    repack(
        &raw,
        when,
        &lang,
        source_id.as_deref(),
        &uuid,
        &binaries,
        publisher.as_deref(),
    )
    .map_err(|e| RenderError(format!("cannot write the book: {e}")))
}

/// A set of characters as a bitmap: a big book has millions of characters to add, and a
/// `BTreeSet` insert for each was a noticeable part of the export.
struct CharSet(Vec<u64>);

impl Default for CharSet {
    fn default() -> Self {
        CharSet(vec![0; (char::MAX as usize + 1).div_ceil(64)])
    }
}

impl CharSet {
    fn extend(&mut self, chars: impl IntoIterator<Item = char>) {
        for c in chars {
            let c = c as usize;
            self.0[c / 64] |= 1 << (c % 64);
        }
    }

    fn into_set(self) -> BTreeSet<char> {
        let mut out = BTreeSet::new();
        for (i, &word) in self.0.iter().enumerate() {
            let mut w = word;
            while w != 0 {
                let bit = w.trailing_zeros() as usize;
                w &= w - 1;
                if let Some(c) = char::from_u32((i * 64 + bit) as u32) {
                    out.insert(c);
                }
            }
        }
        out
    }
}

/// Adds the characters of `doc` that the stylesheet sets in bold: headings, `strong`, `b`,
/// table headers, and the labels of alerts, questions and footnotes.
fn bold_chars(doc: &[u8], out: &mut CharSet) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(doc);
    // Depth of each open element, and whether it (or an ancestor) is bold.
    let mut stack: Vec<bool> = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let bold = matches!(
                    e.name().as_ref(),
                    b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"strong" | b"b" | b"th"
                ) || e.attributes().flatten().any(|a| {
                    a.key.as_ref() == b"class"
                        && a.value
                            .split(|&c| c == b' ')
                            .any(|c| matches!(c, b"alert-title" | b"qa-label" | b"footnote-number"))
                });
                let inherited = stack.last().copied().unwrap_or(false);
                stack.push(bold || inherited);
            }
            Ok(Event::End(_)) => {
                stack.pop();
            }
            Ok(Event::Text(t)) if stack.last().copied().unwrap_or(false) => {
                out.extend(String::from_utf8_lossy(&t).chars());
            }
            Ok(Event::GeneralRef(_)) if stack.last().copied().unwrap_or(false) => {
                out.extend(['<', '>', '&', '"', '\'']);
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
}

/// The book's title: the guide's, else its first section's, else a word that says so (an
/// EPUB must have a non-empty title).
fn book_title(guide: &Guide) -> String {
    let t = clean(guide.meta.title.trim());
    if !t.trim().is_empty() {
        return t.into_owned();
    }
    guide
        .sections
        .first()
        .map(title_text)
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| "Untitled".to_owned())
}

/// Table-of-contents entries below a chapter: subsections and questions, nested.
fn toc_children(section: &Section, file: &str) -> Vec<TocElement> {
    let mut out = Vec::new();
    for b in &section.blocks {
        if let Block::QuestionAnswers { entries, .. } = b {
            for qa in entries {
                let t = plain_text(&qa.question);
                let t = if t.trim().is_empty() {
                    qa.id.clone()
                } else {
                    t
                };
                out.push(TocElement::new(sanitize::local_href(file, &qa.id), t));
            }
        }
    }
    for sub in &section.sections {
        let mut el = TocElement::new(sanitize::local_href(file, &sub.id), title_text(sub));
        for c in toc_children(sub, file) {
            el = el.child(c);
        }
        out.push(el);
    }
    out
}

/// The book's identifier: a UUID for the package, and the front matter's own identifier when
/// it is not itself a UUID (then it replaces the UUID in `content.opf`).
fn identifier(guide: &Guide) -> (uuid::Uuid, Option<String>) {
    if let Some(id) = guide
        .meta
        .identifier
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let bare = id
            .strip_prefix("urn:uuid:")
            .or_else(|| id.strip_prefix("uuid:"))
            .unwrap_or(id);
        if let Ok(u) = uuid::Uuid::parse_str(bare) {
            return (u, None);
        }
        return (
            uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, id.as_bytes()),
            Some(clean(id).into_owned()),
        );
    }
    // Derived from the whole model: the same guide always gets the same identifier, a changed
    // guide a new one. Serialising the model cannot fail (plain data, string keys).
    let json = serde_json::to_vec(guide).unwrap_or_default();
    (uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, &json), None)
}

/// schema.org accessibility metadata (EPUB Accessibility 1.1).
fn accessibility(guide: &Guide, images: &[Image]) -> Vec<(&'static str, String)> {
    let mut m = vec![("schema:accessMode", "textual".to_owned())];
    if !images.is_empty() {
        m.push(("schema:accessMode", "visual".to_owned()));
    }
    m.push(("schema:accessModeSufficient", "textual".to_owned()));
    for f in [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ] {
        m.push(("schema:accessibilityFeature", f.to_owned()));
    }
    let mut all_alt = true;
    guide.walk_inlines(&mut |i| {
        if let crate::model::Inline::Image { alt, .. } = i
            && alt.trim().is_empty()
        {
            all_alt = false;
        }
    });
    if !images.is_empty() && all_alt {
        m.push(("schema:accessibilityFeature", "alternativeText".to_owned()));
    }
    m.push(("schema:accessibilityHazard", "none".to_owned()));
    m.push((
        "schema:accessibilitySummary",
        "Text with headings, a navigable table of contents and reading order that follows \
         the source; images carry text alternatives; no flashing, sound or motion."
            .to_owned(),
    ));
    m
}

/// The modified date in seconds: the front matter's date, else `SOURCE_DATE_EPOCH`, else the
/// modification time of the input file `source` (whole seconds); `None` when there is none.
fn modified_epoch(
    guide: &Guide,
    source_date_epoch: Option<i64>,
    source: &std::path::Path,
) -> Option<i64> {
    let file_time = || {
        let modified = std::fs::metadata(source).ok()?.modified().ok()?;
        let secs = modified
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_secs();
        i64::try_from(secs).ok()
    };
    let t = guide
        .meta
        .date
        .as_deref()
        .and_then(crate::dates::epoch)
        .or(source_date_epoch)
        .or_else(file_time)?;
    // chrono and zip both handle this range; outside it a date is surely wrong.
    Some(t.clamp(FALLBACK_EPOCH, 4_102_444_799))
}

/// A binary entry that `repack` writes in place of epub-builder's empty placeholder.
struct Binary<'a> {
    /// Full name in the archive.
    name: String,
    data: &'a [u8],
    /// Deflate (fast level) or store.
    deflate: bool,
}

/// Rewrites epub-builder's archive: every entry in the same order with `when` as its timestamp
/// (raw copy, no recompression); binaries in place of their placeholders; `content.opf` with
/// the front matter's identifier when it has one that is not a UUID, without the duplicate
/// ids, with the package's `xml:lang` and with `extra_metadata` (elements epub-builder cannot
/// write); `nav.xhtml` with the book's language, a labelled `doc-toc` and hidden landmarks.
fn repack(
    raw: &[u8],
    when: i64,
    lang: &str,
    source_id: Option<&str>,
    uuid: &uuid::Uuid,
    binaries: &[Binary<'_>],
    extra_metadata: Option<&str>,
) -> Result<Vec<u8>, String> {
    let dt = DateTime::<Utc>::from_timestamp(when, 0).unwrap_or_default();
    let stamp = zip::DateTime::from_date_and_time(
        u16::try_from(dt.year()).unwrap_or(1980),
        dt.month() as u8,
        dt.day() as u8,
        dt.hour() as u8,
        dt.minute() as u8,
        dt.second() as u8,
    )
    .unwrap_or_default();
    let mut archive = ZipArchive::new(Cursor::new(raw)).map_err(|e| e.to_string())?;
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(stamp)
        .unix_permissions(0o644);
    let capacity = raw.len() + binaries.iter().map(|b| b.data.len()).sum::<usize>() + 1024;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(capacity)));
    for i in 0..archive.len() {
        let name = archive
            .name_for_index(i)
            .ok_or("unreadable archive entry")?
            .to_owned();
        if let Some(bin) = binaries.iter().find(|b| b.name == name) {
            // Level 1: the font comes out ~16% larger than at the default level 6, in well under
            // half the time (measured on the seed guide).
            let options = if bin.deflate {
                deflated.compression_level(Some(1))
            } else {
                deflated.compression_method(CompressionMethod::Stored)
            };
            out.start_file(name, options).map_err(|e| e.to_string())?;
            out.write_all(bin.data).map_err(|e| e.to_string())?;
            continue;
        }
        let patched = match name.as_str() {
            "OEBPS/content.opf" => Some((|| {
                let mut opf = read_entry(&mut archive, i)?;
                // epub-builder numbers languages with the same ids as creators
                // (`epub-creator-0`), which makes the package document invalid.
                opf = opf.replace(
                    "<dc:language id=\"epub-creator-",
                    "<dc:language id=\"epub-language-",
                );
                // The package's own language (Ace: epub-lang), for reading systems that
                // look there rather than at dc:language.
                let xml_lang = quick_xml::escape::escape(lang);
                opf = opf.replacen(
                    "<package version=\"3.0\"",
                    &format!("<package version=\"3.0\" xml:lang=\"{xml_lang}\""),
                    1,
                );
                if let Some(id) = source_id {
                    let urn = format!(">{}<", uuid::fmt::Urn::from_uuid(*uuid));
                    let own = format!(">{}<", quick_xml::escape::escape(id));
                    opf = opf.replacen(&urn, &own, 1);
                }
                if let Some(extra) = extra_metadata {
                    opf = opf.replacen("</metadata>", &format!("  {extra}\n  </metadata>"), 1);
                }
                Ok::<_, String>(opf)
            })()),
            "OEBPS/nav.xhtml" => Some((|| {
                let nav = read_entry(&mut archive, i)?;
                // Its direction too, as every chapter's (see `Xhtml::begin`).
                let dir = if crate::langtag::is_rtl(lang) {
                    " dir=\"rtl\""
                } else {
                    ""
                };
                let lang = quick_xml::escape::escape(lang);
                Ok(nav
                    .replacen(
                        "xmlns:epub=\"http://www.idpf.org/2007/ops\">",
                        &format!(
                            "xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" \
                             xml:lang=\"{lang}\"{dir}>"
                        ),
                        1,
                    )
                    // The contents are a doc-toc named by their heading; the landmarks are
                    // for the reading system only (hidden, as EPUB 3 allows), so the page
                    // has one navigation landmark, not two unnamed ones.
                    .replacen(
                        "<nav epub:type = \"toc\" id=\"toc\">",
                        "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" \
                         aria-labelledby=\"toc-title\">",
                        1,
                    )
                    .replacen(
                        "<nav epub:type = \"landmarks\">",
                        "<nav epub:type=\"landmarks\" hidden=\"hidden\">",
                        1,
                    ))
            })()),
            _ => None,
        };
        match patched {
            Some(text) => {
                let text = text?;
                out.start_file(name, deflated).map_err(|e| e.to_string())?;
                out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
            }
            None => {
                let entry = archive.by_index_raw(i).map_err(|e| e.to_string())?;
                out.raw_copy_file_touch(entry, stamp, Some(0o644))
                    .map_err(|e| e.to_string())?;
            }
        }
    }
    Ok(out.finish().map_err(|e| e.to_string())?.into_inner())
}

fn read_entry(archive: &mut ZipArchive<Cursor<&[u8]>>, i: usize) -> Result<String, String> {
    let mut s = String::new();
    archive
        .by_index(i)
        .map_err(|e| e.to_string())?
        .read_to_string(&mut s)
        .map_err(|e| e.to_string())?;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        // The fallback is the zip format's first date, written as a guide would.
        assert_eq!(crate::dates::epoch("1980-01-01"), Some(FALLBACK_EPOCH));
    }

    #[test]
    fn identifiers() {
        let mut g = Guide::default();
        let (a, none) = identifier(&g);
        assert_eq!(none, None);
        assert_eq!(identifier(&g).0, a, "derived identifiers are stable");
        g.meta.title = "x".into();
        assert_ne!(identifier(&g).0, a, "and change with the content");
        g.meta.identifier = Some("urn:isbn:9780000000000".into());
        assert_eq!(identifier(&g).1.as_deref(), Some("urn:isbn:9780000000000"));
        g.meta.identifier = Some("urn:uuid:6ba7b811-9dad-11d1-80b4-00c04fd430c8".into());
        assert_eq!(
            identifier(&g),
            (uuid::Uuid::NAMESPACE_URL, None),
            "a UUID is used as it is"
        );
    }
}
