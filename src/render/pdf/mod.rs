//! PDF handout renderer: a small typesetting engine for Chinese and mixed text, on printpdf.
//!
//! The stages are separate modules, each testable without producing a PDF:
//!
//! 1. [`fonts`]: the faces (user `--font` files, then the bundled Noto Sans SC, JetBrains
//!    Mono and Noto Emoji, then installed fonts for what those lack) and the per-character
//!    fallback chains, with coverage warnings;
//! 2. [`shape`]: rustybuzz shaping of runs of one face and context;
//! 3. [`linebreak`]: UAX #14 + kinsoku line breaking, punctuation compression, Han–Latin
//!    spacing and justification, in points;
//! 4. [`layout`]: blocks to a flow of items, pagination (keep-with-next, widows and orphans,
//!    repeated table headers), running header and footer: pages of positioned boxes;
//! 5. [`paint`]: subset fonts with ToUnicode maps, and each page's content stream, written
//!    by [`content`];
//! 6. [`structure`]: outline, links, images, metadata, a content-derived file identifier (lopdf);
//!    [`tags`] marks every primitive as content or artifact and writes the structure tree
//!    (tagged PDF, PDF/UA-1), [`xmp`] the XMP metadata;
//! 7. [`file`](mod@file): the bytes, every object that is not a stream packed into compressed object
//!    streams, with a cross-reference stream.
//!
//! [`images`] loads PNG and JPEG files for the layout.

pub mod bidi;
pub mod chunks;
pub mod content;
pub mod file;
pub mod fonts;
pub mod hyphenate;
pub mod images;
pub mod layout;
pub mod line;
pub mod linebreak;
pub mod paint;
pub mod shape;
pub mod structure;
pub mod tags;
pub mod xmp;

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::model::Guide;
use crate::render::{RenderContext, RenderError, Renderer};

/// The PDF renderer (`--to pdf`).
#[derive(Debug, Clone, Copy, Default)]
pub struct PdfRenderer;

impl Renderer for PdfRenderer {
    fn id(&self) -> &str {
        "pdf"
    }

    fn extension(&self) -> &str {
        "pdf"
    }

    fn media_type(&self) -> &str {
        "application/pdf"
    }

    fn description(&self) -> &str {
        "printable PDF handout (A4, Letter, A5): subset fonts, outline, links, page-foot notes"
    }

    fn render(&self, guide: &Guide, ctx: &mut RenderContext) -> Result<Vec<u8>, RenderError> {
        let guide = &*crate::render::sanitize::for_output(guide, ctx);
        let mut warnings = Vec::new();
        let o = &ctx.options;
        // The theme's fonts come after the command line's, role by role.
        let fonts_of = |cli: &[String], theme: &Option<String>, warnings: &mut Vec<String>| {
            let mut all = cli.to_vec();
            all.extend(theme_font(
                theme.as_deref(),
                ctx.base_dir.as_deref(),
                warnings,
            ));
            all
        };
        let theme = &guide.meta.theme.fonts;
        let regular = fonts_of(&o.fonts, &theme.body, &mut warnings);
        let bold = fonts_of(&o.fonts_bold, &theme.bold, &mut warnings);
        let mono = fonts_of(&o.fonts_mono, &theme.code, &mut warnings);
        let mut user = fonts::UserFonts::load_roles(&regular, &bold, &mono, &mut warnings);
        if let Some(writing) = crate::langtag::cjk_writing(&guide.language()) {
            let db = o.system_fonts.then(fonts::system_database);
            user.add_locale_face(writing, db, &mut warnings);
        }
        if o.system_fonts {
            user.add_installed_bold(&mut warnings);
        }
        let input = layout::Input {
            guide,
            options: &ctx.options,
            base_dir: ctx.base_dir.as_deref(),
        };
        let mut faces = fonts::FontSet::new(&user, &mut warnings);
        let (mut doc, mut layout_warnings) = layout::layout(&input, &mut faces);
        // Characters that neither the user's nor the bundled fonts have: look for installed
        // fonts that do, and set the document again with them (rare, so the common case
        // neither scans the font folders nor lays out twice).
        let system;
        let missing = faces.missing_chars();
        if !missing.is_empty() && ctx.options.system_fonts {
            system = fonts::SystemFonts::find(&missing);
            if !system.faces.is_empty() {
                faces = fonts::FontSet::with_system(&user, &system, &mut Vec::new());
                (doc, layout_warnings) = layout::layout(&input, &mut faces);
                warnings.extend(system.notes());
            }
        }
        warnings.extend(layout_warnings);
        let coverage = faces.coverage_warnings();
        // The content hash (for the file identifier) is taken before the glyphs are dropped.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut feed = |b: &[u8]| {
            for &x in b {
                hash ^= u64::from(x);
                hash = hash.wrapping_mul(0x100_0000_01b3);
            }
        };
        feed(guide.meta.title.as_bytes());
        // The first right-to-left letter set (Hebrew, Arabic, …): its lines are in reading
        // order (see `bidi`), but not yet its paragraphs' alignment or its brackets.
        let mut rtl: Option<char> = None;
        for page in &doc.pages {
            feed(b"\x0c");
            for prim in &page.prims {
                if let layout::Prim::Text { line, .. } = prim {
                    feed(line.text.as_bytes());
                    if rtl.is_none() {
                        rtl = line.text.chars().find(|&c| bidi::is_rtl_letter(c));
                    }
                }
            }
        }
        if let Some(c) = rtl {
            warnings.push(format!(
                "right-to-left text (`{c}` U+{:04X} and the words around it) reads in order in \
                 the PDF, but its paragraphs start at the left margin and its brackets are not \
                 mirrored; the HTML and EPUB set it right to left",
                u32::from(c)
            ));
        }
        // Untagged (`--no-tags`): an empty plan marks nothing and writes no tree.
        let mut plan = if ctx.options.tags {
            tags::plan(&mut doc, &guide.language())
        } else {
            tags::Plan::default()
        };
        // Each page becomes compressed content as soon as it is painted, and its laid-out
        // glyphs are dropped then: the two never both exist for the whole document.
        let painted = paint::paint(
            &mut doc,
            &mut plan,
            &faces,
            &guide.meta.title,
            &mut warnings,
        );
        let mut lo = painted
            .pdf
            .to_lopdf_document(&paint::save_options(), &mut Vec::new());
        paint::install(&mut lo, painted.contents).map_err(RenderError)?;
        let lang = guide.language();
        let meta = structure::Metadata {
            title: guide.meta.title.clone(),
            author: guide.meta.authors.join(", "),
            subject: guide.meta.description.clone().unwrap_or_default(),
            keywords: guide.meta.keywords.join(", "),
            lang,
            // The guide's own date, else the build date SOURCE_DATE_EPOCH; with neither the
            // dates are left out: a fixed made-up date would be a false claim.
            epoch: guide
                .meta
                .date
                .as_deref()
                .and_then(crate::dates::epoch)
                .or(ctx.options.source_date_epoch),
            content_hash: hash,
            authors: guide.meta.authors.clone(),
        };
        let bytes = structure::finish(lo, &doc, plan, &meta, painted.large).map_err(RenderError)?;
        for w in warnings {
            // Image and link problems carry the image's or link's key, so that the parser's and the other
            // formats' reports of the same image are shown once.
            let key = w
                .strip_prefix("image `")
                .and_then(|r| r.split_once('`'))
                .map(|(url, _)| Diagnostic::image_key(url))
                .or_else(|| {
                    w.strip_prefix("link to `")
                        .and_then(|r| r.split_once('`'))
                        .map(|(url, _)| Diagnostic::link_key(url))
                })
                .or_else(|| {
                    w.starts_with("a link with an empty target")
                        .then(|| Diagnostic::link_key(""))
                });
            let mut d = Diagnostic::file_warning(&ctx.source, w);
            d.key = key;
            ctx.warnings.push(d);
        }
        for c in coverage {
            let mut d = Diagnostic::file_warning(&ctx.source, c.message);
            if let Some(chapter) = &c.chapter {
                // A book's chapters are named relative to its project folder.
                d.file = ctx.source.parent().unwrap_or(Path::new("")).join(chapter);
            }
            d.line = c.line.map(|l| l as usize);
            ctx.warnings.push(d);
        }
        Ok(bytes)
    }
}

/// A theme font (`fonts/x.ttc#2`): the file resolved inside the guide's folder, as images are,
/// with its face suffix kept; a problem is a warning.
fn theme_font(
    spec: Option<&str>,
    base: Option<&Path>,
    warnings: &mut Vec<String>,
) -> Option<String> {
    let spec = spec?.trim();
    if spec.is_empty() {
        return None;
    }
    let (path, face) = match spec.rsplit_once('#') {
        Some((p, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => (p, Some(n)),
        _ => (spec, None),
    };
    let Some(base) = base else {
        warnings.push(format!(
            "theme font `{spec}` left out: no input folder to read it from"
        ));
        return None;
    };
    match crate::assets::resolve(base, path) {
        Ok(p) => Some(match face {
            Some(n) => format!("{}#{n}", p.display()),
            None => p.display().to_string(),
        }),
        Err(why) => {
            warnings.push(format!("theme font `{spec}` left out: {why}"));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_guides() {
        let pdf_date = |d: &str| structure::pdf_date(crate::dates::epoch(d).unwrap());
        assert_eq!(pdf_date("2024-02-29"), "D:20240229000000Z");
        // The time of day and its offset are kept, in UTC.
        assert_eq!(pdf_date("2024-01-08T09:30:00+08:00"), "D:20240108013000Z");
    }
}
