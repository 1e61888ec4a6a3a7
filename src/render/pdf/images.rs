//! Images for the PDF: JPEG bytes passed through unchanged (`DCTDecode`), PNG, GIF and WebP
//! decoded to pixels and an optional alpha mask (compressed again with Flate when the PDF is
//! written). Every image first passes the shared policy of [`crate::assets::images`].
//!
//! Only files inside the guide's folder are read ([`crate::assets::resolve`]): remote URLs are
//! never fetched, so rendering is offline and reproducible.

use std::path::Path;

use crate::assets::images::{self, CheckedImage, Format};

/// Pixel layout of decoded image data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pixels {
    /// One byte per pixel, grey.
    Gray,
    /// Three bytes per pixel, RGB.
    Rgb,
}

/// What the image stream holds.
#[derive(Debug, Clone, PartialEq)]
pub enum ImageKind {
    /// A JPEG file, embedded as is.
    Jpeg {
        /// The file's bytes.
        bytes: Vec<u8>,
        /// Colour components (1 grey, 3 RGB/YCbCr, 4 CMYK).
        components: u8,
    },
    /// Decoded 8-bit pixels.
    Raw {
        /// The pixels, row by row.
        data: Vec<u8>,
        /// Their layout.
        pixels: Pixels,
        /// One byte of opacity per pixel, when the image has transparency.
        alpha: Option<Vec<u8>>,
    },
}

/// A loaded image.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageData {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The data.
    pub kind: ImageKind,
}

/// Loads the image `url` relative to `base_dir`, under the shared image policy
/// ([`crate::assets::images`]): the same files are accepted and refused as in EPUB and HTML.
pub fn load(url: &str, base_dir: Option<&Path>) -> Result<ImageData, String> {
    let (_, checked) = images::load(base_dir, url)?;
    convert(checked)
}

/// Checks image bytes against the shared policy and makes them ready for the PDF.
pub fn decode(bytes: Vec<u8>) -> Result<ImageData, String> {
    convert(images::check(bytes)?)
}

/// JPEG is embedded as is (`DCTDecode`); every other format is decoded to 8-bit grey or RGB
/// pixels with an alpha mask when it has transparency.
fn convert(img: CheckedImage) -> Result<ImageData, String> {
    let (width, height) = (img.width, img.height);
    if img.format == Format::Jpeg {
        let components = jpeg_components(&img.data).ok_or("not a readable JPEG")?;
        return Ok(ImageData {
            width,
            height,
            kind: ImageKind::Jpeg {
                bytes: img.data,
                components,
            },
        });
    }
    let pixels = img.pixels()?;
    let has_alpha = pixels.color().has_alpha();
    let grey = !pixels.color().has_color();
    let kind = if grey {
        let la = pixels.into_luma_alpha8();
        let (c, a) = split(la.as_raw(), 2);
        ImageKind::Raw {
            data: c,
            pixels: Pixels::Gray,
            alpha: has_alpha.then_some(a).filter(|a| !opaque(a)),
        }
    } else if has_alpha {
        let rgba = pixels.into_rgba8();
        let (c, a) = split(rgba.as_raw(), 4);
        ImageKind::Raw {
            data: c,
            pixels: Pixels::Rgb,
            alpha: (!opaque(&a)).then_some(a),
        }
    } else {
        ImageKind::Raw {
            data: pixels.into_rgb8().into_raw(),
            pixels: Pixels::Rgb,
            alpha: None,
        }
    };
    Ok(ImageData {
        width,
        height,
        kind,
    })
}

fn split(buf: &[u8], n: usize) -> (Vec<u8>, Vec<u8>) {
    let mut color = Vec::with_capacity(buf.len() / n * (n - 1));
    let mut alpha = Vec::with_capacity(buf.len() / n);
    for px in buf.chunks_exact(n) {
        color.extend_from_slice(&px[..n - 1]);
        alpha.push(px[n - 1]);
    }
    (color, alpha)
}

fn opaque(a: &[u8]) -> bool {
    a.iter().all(|&v| v == 255)
}

/// The colour component count from a JPEG's start-of-frame marker (1 grey, 3 YCbCr, 4 CMYK):
/// the PDF's colour space for the passed-through bytes. The size comes from the decoder.
fn jpeg_components(b: &[u8]) -> Option<u8> {
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            i += 1;
            continue;
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        if matches!(marker, 0xD0..=0xD9 | 0x01) {
            i += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            let c = *b.get(i + 9)?;
            return matches!(c, 1 | 3 | 4).then_some(c);
        }
        i += 2 + len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/images")
                .join(name),
        )
        .unwrap()
    }

    #[test]
    fn jpeg_is_passed_through() {
        let bytes = fixture("photo.jpg");
        let img = decode(bytes.clone()).unwrap();
        assert_eq!((img.width, img.height), (320, 200));
        assert_eq!(
            img.kind,
            ImageKind::Jpeg {
                bytes,
                components: 3
            }
        );
    }

    #[test]
    fn png_is_decoded() {
        let img = decode(fixture("diagram.png")).unwrap();
        assert_eq!((img.width, img.height), (240, 120));
        match img.kind {
            ImageKind::Raw {
                data,
                pixels,
                alpha,
            } => {
                assert_eq!(pixels, Pixels::Rgb);
                assert_eq!(data.len(), 240 * 120 * 3);
                assert!(alpha.is_none());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn missing_and_remote_images_are_errors() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert!(load("nope.png", Some(dir)).is_err());
        assert!(load("https://example.com/a.png", Some(dir)).is_err());
        assert!(decode(b"GIF89a".to_vec()).is_err());
        assert!(decode(b"<html>".to_vec()).is_err());
        assert!(decode(vec![0xFF, 0xD8, 0xFF]).is_err());
    }
}
