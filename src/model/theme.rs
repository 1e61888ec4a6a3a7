//! Presentation settings a guide asks for: accent colour, fonts, margins, running header and
//! footer, logo and an extra stylesheet. They come from the front matter (or a project file)
//! and travel with the model, so that external renderers can honour them too.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How a guide wants to look. Every field is optional: renderers use their defaults for what
/// is absent. Paths are relative to the guide's file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// The accent colour of headings, step badges and rules: `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accent: Option<String>,
    /// Font files for body text, bold text and code (TTF, OTF or TTC; `file.ttc#N` picks a
    /// face).
    #[serde(default, skip_serializing_if = "ThemeFonts::is_empty")]
    pub fonts: ThemeFonts,
    /// Page margins of paged output, in millimetres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub margins: Option<Margins>,
    /// Running header of paged output: a template where `{title}`, `{page}`, `{pages}` and
    /// `{date}` are replaced. An empty string turns the header off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// Page footer of paged output, a template like `header`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer: Option<String>,
    /// A logo image for the title block and the running header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    /// A stylesheet appended to the EPUB's and the HTML page's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub css: Option<String>,
}

impl Theme {
    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        self == &Theme::default()
    }

    /// The accent colour as RGB fractions, if it is a valid `#rrggbb` or `#rgb`.
    pub fn accent_rgb(&self) -> Option<(f32, f32, f32)> {
        parse_colour(self.accent.as_deref()?)
    }
}

/// Font files by role.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThemeFonts {
    /// Body text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Bold text (headings, step titles, table headers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bold: Option<String>,
    /// Code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

impl ThemeFonts {
    /// Whether no font is set.
    pub fn is_empty(&self) -> bool {
        self == &ThemeFonts::default()
    }
}

/// Page margins in millimetres; an absent side keeps the renderer's default.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    /// Top margin, mm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top: Option<f32>,
    /// Right margin, mm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub right: Option<f32>,
    /// Bottom margin, mm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bottom: Option<f32>,
    /// Left margin, mm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<f32>,
}

/// `#rrggbb` or `#rgb` → RGB fractions.
pub fn parse_colour(s: &str) -> Option<(f32, f32, f32)> {
    let hex = s.trim().strip_prefix('#')?;
    let digits: Vec<u8> = hex
        .chars()
        .map(|c| c.to_digit(16).map(|d| d as u8))
        .collect::<Option<_>>()?;
    let (r, g, b) = match digits.as_slice() {
        [r, g, b] => (r * 17, g * 17, b * 17),
        [r1, r2, g1, g2, b1, b2] => (r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2),
        _ => return None,
    };
    Some((r as f32 / 255.0, g as f32 / 255.0, b as f32 / 255.0))
}

/// A length like `20mm`, `2cm`, `1in`, `36pt` or a bare number (mm) → millimetres.
pub fn parse_length_mm(s: &str) -> Option<f32> {
    let s = s.trim();
    let split = s.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f32 = num.trim().parse().ok()?;
    let mm = match unit.trim() {
        "" | "mm" => n,
        "cm" => n * 10.0,
        "in" => n * 25.4,
        "pt" => n * 25.4 / 72.0,
        _ => return None,
    };
    (mm.is_finite() && (0.0..=200.0).contains(&mm)).then_some(mm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_lengths() {
        assert_eq!(parse_colour("#fff"), Some((1.0, 1.0, 1.0)));
        assert_eq!(
            parse_colour("#1A5FB4").map(|c| (c.0 * 255.0).round()),
            Some(26.0)
        );
        assert_eq!(parse_colour("red"), None);
        assert_eq!(parse_colour("#12345"), None);
        assert_eq!(parse_length_mm("20mm"), Some(20.0));
        assert_eq!(parse_length_mm("1in"), Some(25.4));
        assert_eq!(parse_length_mm("2 cm"), Some(20.0));
        assert_eq!(parse_length_mm("15"), Some(15.0));
        assert_eq!(parse_length_mm("-3mm"), None);
        assert_eq!(parse_length_mm("5em"), None);
    }
}
