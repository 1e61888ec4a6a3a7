//! Helpers shared by the integration tests.

#![allow(dead_code)]

// Reads XHTML with quick-xml, which only the EPUB and HTML features bring.
#[cfg(any(feature = "epub", feature = "html"))]
mod markup;
pub mod validators;

#[cfg(any(feature = "epub", feature = "html"))]
#[allow(unused_imports)]
pub use markup::*;
#[allow(unused_imports)]
pub use validators::{assert_epubcheck_clean, have_pdf_tools};

use std::path::{Path, PathBuf};

use guidepress::input;
use guidepress::model::Guide;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The two bundled guides.
pub fn guides() -> [PathBuf; 2] {
    [
        root().join("source/unbind-digital-wallet-alipay.zh-CN.md"),
        root().join("source/unbind-digital-wallet-alipay.en.md"),
    ]
}

/// The fixture with every block type.
pub fn all_blocks() -> PathBuf {
    root().join("tests/fixtures/all-blocks.md")
}

/// Loads a guide, panicking on errors.
pub fn load(path: &Path) -> Guide {
    input::load(path).unwrap_or_else(|e| panic!("{e}")).guide
}

/// Renders with a built-in renderer and default options.
pub fn render_guide(id: &str, guide: &Guide, width: usize) -> Vec<u8> {
    let registry = guidepress::render::Registry::builtin();
    let mut options = guidepress::render::RenderOptions::default();
    options.width = width;
    let mut ctx =
        guidepress::render::RenderContext::for_input(PathBuf::from("t.md"), None, options);
    registry
        .get(id)
        .expect("renderer")
        .render(guide, &mut ctx)
        .expect("renders")
}

/// Every sentence of the source Markdown's prose: paragraph and list text split at sentence
/// ends (。？！.?!), with Markdown markers removed. Used to check that outputs lose nothing.
pub fn source_sentences(md: &str) -> Vec<String> {
    let body = match md.strip_prefix("---\n") {
        Some(rest) => rest.split_once("\n---\n").map_or(rest, |(_, b)| b),
        None => md,
    };
    let mut out = Vec::new();
    for line in body.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let line = line.trim_start_matches('#').trim_start_matches("- ");
        let line = line
            .split_once(". ")
            .filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
            .map_or(line, |(_, r)| r);
        // `**Title**：body`: renderers may set the title apart from the body, so the title is
        // a sentence of its own and the colon is not part of either.
        let mut parts = vec![line.to_owned()];
        if let Some(rest) = line.strip_prefix("**")
            && let Some((title, body)) = rest.split_once("**")
        {
            let body = body.trim_start_matches(['：', ':']);
            parts = vec![
                title.trim_end_matches(['：', ':']).to_owned(),
                body.to_owned(),
            ];
        }
        for part in parts {
            split_sentences(&part.replace("**", ""), &mut out);
        }
    }
    out
}

fn split_sentences(clean: &str, out: &mut Vec<String>) {
    {
        let mut cur = String::new();
        for c in clean.trim().chars() {
            cur.push(c);
            if matches!(c, '。' | '？' | '！' | '?' | '!') || (c == '.' && !cur.ends_with("e.g."))
            {
                let s = cur.trim().to_owned();
                if s.chars().count() > 1 {
                    out.push(s);
                }
                cur.clear();
            }
        }
        let s = cur.trim().to_owned();
        if s.chars().count() > 1 {
            out.push(s);
        }
    }
}

/// Text without whitespace.
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A PNG from its chunks with correct CRCs, so that only the image policy can refuse it.
pub fn png(width: u32, height: u32, colour: u8, idat: &[u8]) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let mut c = !0u32;
        for &b in &out[start..] {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        out.extend_from_slice(&(!c).to_be_bytes());
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

/// A 2×2 grey PNG (stored zlib block, correct Adler-32 and CRCs).
pub fn tiny_png(shade: u8) -> Vec<u8> {
    let raw = [0, shade, shade, 0, shade, shade];
    let (mut a, mut b) = (1u32, 0u32);
    for &x in &raw {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    let mut idat = vec![0x78, 0x01, 0x01, 6, 0, !6, 0xFF];
    idat.extend_from_slice(&raw);
    idat.extend_from_slice(&((b << 16) | a).to_be_bytes());
    png(2, 2, 0, &idat)
}
