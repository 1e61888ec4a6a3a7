//! Images for the PDF: JPEG bytes passed through unchanged (`DCTDecode`), PNG decoded to
//! pixels and an optional alpha mask (compressed again with Flate when the PDF is written).
//!
//! Only files inside the guide's folder are read ([`crate::assets::resolve`]): remote URLs are
//! never fetched, so rendering is offline and reproducible.

use std::path::Path;

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

/// Loads the image `url` relative to `base_dir`.
pub fn load(url: &str, base_dir: Option<&Path>) -> Result<ImageData, String> {
    let base = base_dir.ok_or_else(|| "no input folder to resolve it against".to_owned())?;
    let path = crate::assets::resolve(base, url)?;
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    decode(bytes)
}

/// Decodes PNG or JPEG bytes.
pub fn decode(bytes: Vec<u8>) -> Result<ImageData, String> {
    if bytes.starts_with(&[0xFF, 0xD8]) {
        let (width, height, components) = jpeg_info(&bytes).ok_or("not a readable JPEG")?;
        return Ok(ImageData {
            width,
            height,
            kind: ImageKind::Jpeg { bytes, components },
        });
    }
    if bytes.starts_with(b"\x89PNG") {
        return decode_png(&bytes);
    }
    Err("unsupported image format (PNG and JPEG are)".to_owned())
}

/// Width, height and component count from a JPEG's start-of-frame marker.
pub fn jpeg_info(b: &[u8]) -> Option<(u32, u32, u8)> {
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
            let s = b.get(i + 4..i + 10)?;
            let h = u32::from(u16::from_be_bytes([s[1], s[2]]));
            let w = u32::from(u16::from_be_bytes([s[3], s[4]]));
            let c = s[5];
            if w == 0 || h == 0 || !matches!(c, 1 | 3 | 4) {
                return None;
            }
            return Some((w, h, c));
        }
        i += 2 + len;
    }
    None
}

fn decode_png(bytes: &[u8]) -> Result<ImageData, String> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| format!("bad PNG: {e}"))?;
    let size = reader.output_buffer_size().ok_or("PNG too large")?;
    let mut buf = vec![0; size];
    let info = reader
        .next_frame(&mut buf)
        .map_err(|e| format!("bad PNG: {e}"))?;
    buf.truncate(info.buffer_size());
    let (w, h) = (info.width, info.height);
    let split = |buf: &[u8], n: usize| -> (Vec<u8>, Vec<u8>) {
        let mut color = Vec::with_capacity(buf.len() / n * (n - 1));
        let mut alpha = Vec::with_capacity(buf.len() / n);
        for px in buf.chunks_exact(n) {
            color.extend_from_slice(&px[..n - 1]);
            alpha.push(px[n - 1]);
        }
        (color, alpha)
    };
    let opaque = |a: &[u8]| a.iter().all(|&v| v == 255);
    let kind = match info.color_type {
        png::ColorType::Grayscale => ImageKind::Raw {
            data: buf,
            pixels: Pixels::Gray,
            alpha: None,
        },
        png::ColorType::Rgb => ImageKind::Raw {
            data: buf,
            pixels: Pixels::Rgb,
            alpha: None,
        },
        png::ColorType::GrayscaleAlpha => {
            let (c, a) = split(&buf, 2);
            ImageKind::Raw {
                data: c,
                pixels: Pixels::Gray,
                alpha: (!opaque(&a)).then_some(a),
            }
        }
        png::ColorType::Rgba => {
            let (c, a) = split(&buf, 4);
            ImageKind::Raw {
                data: c,
                pixels: Pixels::Rgb,
                alpha: (!opaque(&a)).then_some(a),
            }
        }
        png::ColorType::Indexed => return Err("unexpanded palette PNG".to_owned()),
    };
    Ok(ImageData {
        width: w,
        height: h,
        kind,
    })
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
        assert!(decode(vec![0xFF, 0xD8, 0xFF]).is_err());
    }
}
