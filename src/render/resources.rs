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
