//! Images that ebook and HTML output carry inside themselves: found in the guide, read from the
//! input's folder under the shared image policy ([`crate::assets::images`]), each file once.
//!
//! Only files inside the input's folder are ever read ([`crate::assets::resolve`]). A refused,
//! missing, unreadable or unsupported image is a warning, and the renderers show its alt text
//! instead.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::assets::{images, resolve};
use crate::diagnostic::Diagnostic;

use crate::model::{Guide, Inline};
use crate::render::RenderContext;

/// An image read from disk and checked by the shared policy ([`crate::assets::images`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// The URL as written in the guide.
    pub url: String,
    /// Media type sniffed from the bytes (`image/png`, `image/jpeg`, `image/gif`, `image/webp`).
    pub media_type: &'static str,
    /// File extension that matches the media type, without the dot.
    pub extension: &'static str,
    /// The file's bytes.
    pub data: Vec<u8>,
}

/// Reads the image at `url` under the shared image policy, or says why not.
pub fn load(base: Option<&Path>, url: &str) -> Result<Image, String> {
    load_with_path(base, url).map(|(_, img)| img)
}

fn load_with_path(base: Option<&Path>, url: &str) -> Result<(PathBuf, Image), String> {
    let (path, checked) = images::load(base, url)?;
    Ok((
        path,
        Image {
            url: url.to_owned(),
            media_type: checked.format.media_type(),
            extension: checked.format.extension(),
            data: checked.data,
        },
    ))
}

/// Every distinct image URL of the guide, in order of first use.
pub fn image_urls(guide: &Guide) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    // The theme's logo (title block) comes first.
    if let Some(logo) = guide
        .meta
        .theme
        .logo
        .as_deref()
        .filter(|l| !l.trim().is_empty())
    {
        seen.insert(logo);
        out.push(logo);
    }
    guide.walk_inlines(&mut |i| {
        if let Inline::Image { url, .. } = i
            && seen.insert(url.as_str())
        {
            out.push(url.as_str());
        }
    });
    out
}

/// The images of a guide: each file once, and which URLs point at it.
#[derive(Debug, Clone, Default)]
pub struct Images {
    /// Distinct files, in order of first use.
    pub files: Vec<Image>,
    /// Every URL that could be read, with the index of its file in `files`.
    pub by_url: Vec<(String, usize)>,
}

/// Loads every image of the guide once. Failures become warnings in `ctx`; two spellings of
/// one file (`a.png`, `./a.png`) share one copy.
pub fn load_all(guide: &Guide, ctx: &mut RenderContext) -> Images {
    let mut images = Images::default();
    let mut by_path: HashMap<PathBuf, usize> = HashMap::new();
    for url in image_urls(guide) {
        let base = ctx.base_dir.as_deref();
        let path = base.map(|b| resolve(b, url));
        if let Some(Ok(p)) = &path
            && let Some(&i) = by_path.get(p)
        {
            images.by_url.push((url.to_owned(), i));
            continue;
        }
        match load_with_path(base, url) {
            Ok((p, img)) => {
                let i = images.files.len();
                by_path.insert(p, i);
                images.files.push(img);
                images.by_url.push((url.to_owned(), i));
            }
            Err(why) => ctx.warnings.push(
                Diagnostic::file_warning(
                    &ctx.source,
                    format!("image `{url}` left out, its alt text shown: {why}"),
                )
                .with_key(Diagnostic::image_key(url)),
            ),
        }
    }
    images
}

/// The largest stylesheet a theme may append (`theme.css`): a stylesheet, not a data dump.
const MAX_CSS_BYTES: u64 = 1 << 20;

/// The CSS a guide's theme adds to the EPUB's and the HTML page's own stylesheet: its accent
/// colour on headings, step titles and labels, then the `css` file it names (read from inside
/// the input's folder, like images). Problems are warnings; the book is made without them.
pub fn theme_css(guide: &Guide, ctx: &mut RenderContext) -> String {
    let theme = &guide.meta.theme;
    let mut css = String::new();
    if let Some(accent) = theme.accent.as_deref()
        && crate::model::parse_colour(accent).is_some()
    {
        // Only a parsed #rgb/#rrggbb colour reaches the stylesheet: nothing else can.
        let accent = accent.trim();
        css.push_str(&format!(
            "\n/* theme */\nh1, h2, h3, h4, h5, h6, .step-title, .qa-label, .alert-title, .term {{ color: {accent}; }}\nol.steps > li::marker {{ color: {accent}; }}\nh2 {{ border-bottom-color: {accent}; }}\n"
        ));
    }
    let Some(url) = theme.css.as_deref().filter(|c| !c.trim().is_empty()) else {
        return css;
    };
    let read = || -> Result<String, String> {
        let base = ctx
            .base_dir
            .as_deref()
            .ok_or("no input folder to read it from")?;
        let path = resolve(base, url)?;
        let len = std::fs::metadata(&path).map_err(|e| e.to_string())?.len();
        if len > MAX_CSS_BYTES {
            return Err(format!(
                "it is {len} bytes, more than the {MAX_CSS_BYTES} a theme stylesheet may have"
            ));
        }
        let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        // The HTML page inlines the stylesheet in <style>: it must not be able to end it.
        if text.to_ascii_lowercase().contains("</style") {
            return Err("it contains `</style`".into());
        }
        Ok(text)
    };
    match read() {
        Ok(text) => {
            css.push_str(&format!("\n/* {} */\n", url.replace("*/", "* /")));
            css.push_str(&text);
            css.push('\n');
        }
        // EPUB and HTML both read the stylesheet: the key makes it one warning.
        Err(why) => ctx.warnings.push(
            Diagnostic::file_warning(
                &ctx.source,
                format!("theme stylesheet `{url}` left out: {why}"),
            )
            .with_key(format!("theme-css:{url}")),
        ),
    }
    css
}
