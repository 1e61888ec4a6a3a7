//! The one image policy of every format: which files are read, how big they may be, and proof
//! that they are images before any renderer uses them.
//!
//! PDF, EPUB and HTML all load images through [`load`], so an image is accepted or refused the
//! same way everywhere, and a refusal is the same warning (the renderers then show the alt
//! text). The checks, in order:
//!
//! 1. the path rule of [`super::resolve`] (only files inside the input's folder);
//! 2. a byte cap, enforced while reading (a file that grows after `stat` is still cut off);
//! 3. the format, sniffed from the magic bytes (PNG, JPEG, GIF, WebP: what every EPUB reading
//!    system and browser shows; SVG is left out because it can carry scripts);
//! 4. the dimensions from the header, against a side cap and a pixel budget, *before* any
//!    pixel memory is allocated (a 69-byte PNG can claim 100000×100000 pixels);
//! 5. a full decode under the same limits, so truncated or corrupt files (a header-only PNG, a
//!    cut-off JPEG, HTML named `.gif`) are refused instead of reaching a reader or a PDF.
//!
//! Decoding is done by the `image` crate with its `Limits`, the maintained decoders of the
//! image-rs project; we only choose the limits.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use ::image::{DynamicImage, ImageFormat, ImageReader, Limits};

/// Files larger than this are not read: a guide image this big is almost surely a mistake, and
/// it would make every output unwieldy.
pub const MAX_BYTES: u64 = 32 * 1024 * 1024;

/// Longest side accepted, in pixels (print at 300 dpi needs under 4,000 for a page width).
pub const MAX_SIDE: u32 = 20_000;

/// Pixel budget of one image: 50 megapixels (a 48 MP phone photo fits). Decoded as RGBA this
/// is 200 MB, the most one image may cost in memory.
pub const MAX_PIXELS: u64 = 50_000_000;

/// The image formats guidepress embeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PNG.
    Png,
    /// JPEG (baseline or progressive).
    Jpeg,
    /// GIF (the first frame is what a PDF shows).
    Gif,
    /// WebP.
    Webp,
}

impl Format {
    /// The IANA media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Png => "image/png",
            Format::Jpeg => "image/jpeg",
            Format::Gif => "image/gif",
            Format::Webp => "image/webp",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpg",
            Format::Gif => "gif",
            Format::Webp => "webp",
        }
    }

    fn decoder_format(self) -> ImageFormat {
        match self {
            Format::Png => ImageFormat::Png,
            Format::Jpeg => ImageFormat::Jpeg,
            Format::Gif => ImageFormat::Gif,
            Format::Webp => ImageFormat::WebP,
        }
    }
}

/// Which format the bytes claim to be, by their magic bytes.
pub fn sniff(data: &[u8]) -> Option<Format> {
    if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Format::Png)
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Format::Jpeg)
    } else if data.starts_with(b"GIF87a") || data.starts_with(b"GIF89a") {
        Some(Format::Gif)
    } else if data.len() >= 12 && &data[..4] == b"RIFF" && &data[8..12] == b"WEBP" {
        Some(Format::Webp)
    } else {
        None
    }
}

/// An image that passed every check of the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedImage {
    /// Its format.
    pub format: Format,
    /// Width in pixels, as the decoder found it.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The file's bytes, unchanged.
    pub data: Vec<u8>,
}

impl CheckedImage {
    /// Decodes the pixels again (under the same limits), for a renderer that needs them.
    pub fn pixels(&self) -> Result<DynamicImage, String> {
        decode(&self.data, self.format)
    }
}

fn limits() -> Limits {
    let mut l = Limits::default();
    l.max_image_width = Some(MAX_SIDE);
    l.max_image_height = Some(MAX_SIDE);
    // RGBA at 16 bits per channel is the widest a decoder may produce; the pixel budget is
    // checked separately, before decoding.
    l.max_alloc = Some(MAX_PIXELS * 8);
    l
}

fn reader(data: &[u8], format: Format) -> ImageReader<Cursor<&[u8]>> {
    let mut r = ImageReader::with_format(Cursor::new(data), format.decoder_format());
    r.limits(limits());
    r
}

fn decode(data: &[u8], format: Format) -> Result<DynamicImage, String> {
    reader(data, format)
        .decode()
        .map_err(|e| format!("not a readable {} image ({e})", format.extension()))
}

/// Checks bytes against the policy (format, dimensions, pixel budget, a full decode).
pub fn check(data: Vec<u8>) -> Result<CheckedImage, String> {
    if data.len() as u64 > MAX_BYTES {
        return Err(too_big(data.len() as u64));
    }
    let format = sniff(&data).ok_or("not a PNG, JPEG, GIF or WebP image")?;
    // The header alone, read without the decoding limits (it allocates no pixels), so that an
    // oversized image gets the policy's message rather than the decoder's.
    let (width, height) = ImageReader::with_format(Cursor::new(&data[..]), format.decoder_format())
        .into_dimensions()
        .map_err(|e| format!("not a readable {} image ({e})", format.extension()))?;
    if width == 0 || height == 0 {
        return Err("the image has no pixels".into());
    }
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(format!(
            "the image is {width}×{height} pixels, more than the {MAX_SIDE} pixels a side and \
             {} megapixels guidepress embeds; scale it down",
            MAX_PIXELS / 1_000_000
        ));
    }
    if format == Format::Jpeg && !jpeg_is_complete(&data) {
        // The JPEG decoder fills a cut-off scan with grey instead of failing.
        return Err("the JPEG file is cut off (no end-of-image marker after its scan)".into());
    }
    let decoded = decode(&data, format)?;
    if (decoded.width(), decoded.height()) != (width, height) {
        return Err("the image's header and its pixels disagree about its size".into());
    }
    drop(decoded);
    Ok(CheckedImage {
        format,
        width,
        height,
        data,
    })
}

/// Whether a JPEG has its end-of-image marker after its first scan. Walks the marker segments
/// up to the first start-of-scan (so a thumbnail's EOI inside EXIF data does not count), then
/// looks for `FF D9` in the entropy-coded data, where a real `FF` is always stuffed as `FF 00`.
fn jpeg_is_complete(b: &[u8]) -> bool {
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return false;
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        if matches!(marker, 0xD0..=0xD7 | 0x01) {
            i += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        if marker == 0xDA {
            let scan = i + 2 + len;
            return b
                .get(scan..)
                .is_some_and(|rest| rest.windows(2).any(|w| w == [0xFF, 0xD9]));
        }
        i += 2 + len;
    }
    false
}

fn too_big(len: u64) -> String {
    format!("the image is {len} bytes, more than the {MAX_BYTES} bytes guidepress embeds")
}

/// Reads and checks the image at `url` (relative to the input's folder `base`), or says why it
/// is refused. Also returns the canonical path, so that two spellings of one file share it.
pub fn load(base: Option<&Path>, url: &str) -> Result<(PathBuf, CheckedImage), String> {
    let Some(base) = base else {
        return Err("images are not read for input from standard input or memory".into());
    };
    let path = super::resolve(base, url)?;
    let file = std::fs::File::open(&path).map_err(|e| format!("cannot read the image: {e}"))?;
    // A regular file says its size: one too big is refused before a byte is read (reading
    // up to the cap cost 32 MB of memory for nothing). The cap still applies while reading,
    // for files whose size is not known in advance (pipes, devices) or changes.
    let known = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    if let Some(len) = known.filter(|&l| l > MAX_BYTES) {
        return Err(too_big(len));
    }
    let mut data = Vec::with_capacity(known.unwrap_or(0) as usize);
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut data)
        .map_err(|e| format!("cannot read the image: {e}"))?;
    if data.len() as u64 > MAX_BYTES {
        let len = std::fs::metadata(&path).map_or(data.len() as u64, |m| m.len());
        return Err(too_big(len));
    }
    Ok((path, check(data)?))
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

    /// A PNG made of its chunks, with correct CRCs (so the refusal is the policy's, not a
    /// checksum error).
    fn png(width: u32, height: u32, colour: u8, idat: &[u8]) -> Vec<u8> {
        fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            let start = out.len();
            out.extend_from_slice(kind);
            out.extend_from_slice(data);
            let crc = crc32(&out[start..]);
            out.extend_from_slice(&crc.to_be_bytes());
        }
        fn crc32(bytes: &[u8]) -> u32 {
            let mut c = !0u32;
            for &b in bytes {
                c ^= u32::from(b);
                for _ in 0..8 {
                    c = if c & 1 == 1 {
                        0xEDB8_8320 ^ (c >> 1)
                    } else {
                        c >> 1
                    };
                }
            }
            !c
        }
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&width.to_be_bytes());
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, colour, 0, 0, 0]);
        chunk(&mut out, b"IHDR", &ihdr);
        chunk(&mut out, b"IDAT", idat);
        chunk(&mut out, b"IEND", b"");
        out
    }

    #[test]
    fn sniffs_formats() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n..."), Some(Format::Png));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(Format::Jpeg));
        assert_eq!(sniff(b"GIF89a.."), Some(Format::Gif));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(Format::Webp));
        assert_eq!(sniff(b"<svg xmlns="), None);
    }

    #[test]
    fn good_images_pass() {
        let png = check(fixture("diagram.png")).unwrap();
        assert_eq!((png.format, png.width, png.height), (Format::Png, 240, 120));
        let jpg = check(fixture("photo.jpg")).unwrap();
        assert_eq!(
            (jpg.format, jpg.width, jpg.height),
            (Format::Jpeg, 320, 200)
        );
    }

    #[test]
    fn pixel_budget_is_checked_before_decoding() {
        // 68 bytes that claim 100000×100000 RGB pixels (30 GB decoded): this aborted the PDF
        // renderer. 50000×50000 grey is the decompression-bomb case.
        let idat = [0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01];
        for (w, h, c) in [
            (100_000, 100_000, 2),
            (50_000, 50_000, 0),
            (8_000, 8_000, 0),
        ] {
            let why = check(png(w, h, c, &idat)).unwrap_err();
            assert!(why.contains("megapixels"), "{w}×{h}: {why}");
        }
    }

    #[test]
    fn corrupt_images_are_refused() {
        let idat = [0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01];
        // A small PNG whose data stream is too short for its size.
        assert!(check(png(64, 64, 2, &idat)).is_err());
        // A header-only PNG.
        let diagram = fixture("diagram.png");
        assert!(check(diagram[..33].to_vec()).is_err());
        // A truncated JPEG (half of the file).
        let jpg = fixture("photo.jpg");
        assert!(check(jpg[..jpg.len() / 2].to_vec()).is_err());
        // HTML named .gif, and a GIF signature with nothing after it.
        assert!(check(b"<html><body>hi</body></html>".to_vec()).is_err());
        assert!(check(b"GIF89a".to_vec()).is_err());
    }

    #[test]
    fn byte_cap_applies_while_reading() {
        let dir = tempfile::tempdir().unwrap();
        let f = std::fs::File::create(dir.path().join("x.png")).unwrap();
        f.set_len(MAX_BYTES + 1).unwrap();
        let why = load(Some(dir.path()), "x.png").unwrap_err();
        assert!(why.contains("bytes"), "{why}");
    }
}
