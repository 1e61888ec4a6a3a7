//! The fonts bundled with guidepress, so that no output depends on fonts installed on the
//! machine.
//!
//! The font files live in the repository's `fonts/` folder with their licences (all SIL Open
//! Font License 1.1) and are compiled into the binary with `include_bytes!`: an installed
//! `guidepress` works anywhere, and a run touches only the pages of the fonts it really reads
//! (the bytes are part of the executable's mapped image, not read from disk up front).

/// Weight and posture of a bundled face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FontStyle {
    /// Regular weight.
    Regular,
    /// Bold weight.
    Bold,
}

/// What a face is for in a fallback chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FontRole {
    /// Running text: Chinese, Latin and kana.
    Text,
    /// Monospaced code.
    Mono,
    /// Emoji and symbols that the text font lacks.
    Emoji,
}

/// A font compiled into guidepress.
#[derive(Debug, Clone, Copy)]
pub struct BundledFont {
    /// Family name, as a CSS or PDF font name would use it.
    pub family: &'static str,
    /// PostScript-style name without spaces (`NotoSansSC-Regular`).
    pub postscript_name: &'static str,
    /// Weight.
    pub style: FontStyle,
    /// What the face is for.
    pub role: FontRole,
    /// File name in `fonts/`.
    pub file_name: &'static str,
    /// Licence of the font (SPDX id).
    pub license: &'static str,
    /// The font file (TrueType outlines).
    pub data: &'static [u8],
}

/// Noto Sans SC Regular: Chinese (20 976 URO ideographs), Latin and kana.
pub static NOTO_SANS_SC_REGULAR: BundledFont = BundledFont {
    family: "Noto Sans SC",
    postscript_name: "NotoSansSC-Regular",
    style: FontStyle::Regular,
    role: FontRole::Text,
    file_name: "NotoSansSC-Regular.ttf",
    license: "OFL-1.1",
    data: include_bytes!("../fonts/NotoSansSC-Regular.ttf"),
};

/// Noto Sans SC Bold.
pub static NOTO_SANS_SC_BOLD: BundledFont = BundledFont {
    family: "Noto Sans SC",
    postscript_name: "NotoSansSC-Bold",
    style: FontStyle::Bold,
    role: FontRole::Text,
    file_name: "NotoSansSC-Bold.ttf",
    license: "OFL-1.1",
    data: include_bytes!("../fonts/NotoSansSC-Bold.ttf"),
};

/// JetBrains Mono Regular, for code.
pub static JETBRAINS_MONO_REGULAR: BundledFont = BundledFont {
    family: "JetBrains Mono",
    postscript_name: "JetBrainsMono-Regular",
    style: FontStyle::Regular,
    role: FontRole::Mono,
    file_name: "JetBrainsMono-Regular.ttf",
    license: "OFL-1.1",
    data: include_bytes!("../fonts/JetBrainsMono-Regular.ttf"),
};

/// Noto Emoji Regular (monochrome outlines).
pub static NOTO_EMOJI_REGULAR: BundledFont = BundledFont {
    family: "Noto Emoji",
    postscript_name: "NotoEmoji-Regular",
    style: FontStyle::Regular,
    role: FontRole::Emoji,
    file_name: "NotoEmoji-Regular.ttf",
    license: "OFL-1.1",
    data: include_bytes!("../fonts/NotoEmoji-Regular.ttf"),
};

/// Every bundled font.
pub fn bundled() -> [&'static BundledFont; 4] {
    [
        &NOTO_SANS_SC_REGULAR,
        &NOTO_SANS_SC_BOLD,
        &JETBRAINS_MONO_REGULAR,
        &NOTO_EMOJI_REGULAR,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_are_truetype() {
        for f in bundled() {
            assert_eq!(
                &f.data[..4],
                &[0, 1, 0, 0],
                "{} is not a TrueType font",
                f.file_name
            );
        }
    }
}
