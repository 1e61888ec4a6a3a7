//! Images that ebook and HTML output carry inside themselves: found in the guide, read safely
//! from the input's folder, each once, with a media type sniffed from its bytes.
//!
//! Only files inside the input's folder are ever read ([`crate::assets::resolve`]). A refused,
//! missing, unreadable or unsupported image is a warning, and the renderers show its alt text
//! instead.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::assets::resolve;
use crate::diagnostic::Diagnostic;

use crate::model::{Guide, Inline};
use crate::render::RenderContext;

/// Images larger than this are not embedded: a guide image this big is almost surely a mistake,
/// and reading it would make the output unwieldy.
const MAX_IMAGE_BYTES: u64 = 32 * 1024 * 1024;

/// An image read from disk.
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

/// The image formats every EPUB 3 reading system must support (and every browser shows), by
/// their magic bytes. SVG is left out on purpose: it can carry scripts.
pub fn sniff(data: &[u8]) -> Option<(&'static str, &'static str)> {
    if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("image/png", "png"))
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("image/jpeg", "jpg"))
    } else if data.starts_with(b"GIF87a") || data.starts_with(b"GIF89a") {
        Some(("image/gif", "gif"))
    } else if data.len() >= 12 && &data[..4] == b"RIFF" && &data[8..12] == b"WEBP" {
        Some(("image/webp", "webp"))
    } else {
        None
    }
}

/// Reads the image at `url`, or says why not.
pub fn load(base: Option<&Path>, url: &str) -> Result<Image, String> {
    let Some(base) = base else {
        return Err("images are not read for input from standard input or memory".into());
    };
    let path = resolve(base, url)?;
    let len = std::fs::metadata(&path)
        .map_err(|e| format!("cannot read the image: {e}"))?
        .len();
    if len > MAX_IMAGE_BYTES {
        return Err(format!(
            "the image is {len} bytes, more than the {MAX_IMAGE_BYTES} bytes guidepress embeds"
        ));
    }
    let data = std::fs::read(&path).map_err(|e| format!("cannot read the image: {e}"))?;
    let Some((media_type, extension)) = sniff(&data) else {
        return Err("not a PNG, JPEG, GIF or WebP image".into());
    };
    Ok(Image {
        url: url.to_owned(),
        media_type,
        extension,
        data,
    })
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
        match load(base, url) {
            Ok(img) => {
                let i = images.files.len();
                if let Some(Ok(p)) = path {
                    by_path.insert(p, i);
                }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_formats() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...").unwrap().0, "image/png");
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]).unwrap().0, "image/jpeg");
        assert_eq!(sniff(b"GIF89a..").unwrap().0, "image/gif");
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 ").unwrap().0, "image/webp");
        assert_eq!(sniff(b"<svg xmlns="), None);
    }
}
