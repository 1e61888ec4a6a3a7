//! Inline content: text runs and the spans that style or link them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One piece of inline content. Serialised as an object tagged by `"type"`.
///
/// Soft line breaks of the source never appear here: the parser has already turned them into a
/// space or, between two CJK characters, into nothing, so every renderer agrees on the text.
/// Adjacent text runs are merged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Inline {
    /// Plain text.
    Text {
        /// The characters, with no markup.
        text: String,
    },
    /// Emphasis (usually italic).
    Emphasis {
        /// Emphasised content.
        content: Vec<Inline>,
    },
    /// Strong importance (usually bold).
    Strong {
        /// Strong content.
        content: Vec<Inline>,
    },
    /// Struck-out text.
    Strikethrough {
        /// Struck-out content.
        content: Vec<Inline>,
    },
    /// Inline code, verbatim.
    Code {
        /// The code text.
        code: String,
    },
    /// A hyperlink. Internal links start with `#` followed by a section or question id;
    /// `#` alone leads to the top of the guide, where its title is.
    Link {
        /// Target URL, `#id`, or `#` (the top of the guide).
        url: String,
        /// Optional title (tooltip).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        /// The link text.
        content: Vec<Inline>,
    },
    /// An image.
    Image {
        /// Image location: a URL or a path relative to the guide's file.
        url: String,
        /// Alternative text (plain).
        alt: String,
        /// Optional title.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        /// The width the source asked for (`<img width="120">`), since schema 1.4. Without
        /// it the image has its natural size, never wider than the text.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        width: Option<Length>,
        /// The height the source asked for (`<img height="20">`), in pixels, since schema
        /// 1.4. With a width as well, both are kept, as a browser keeps both; alone, the width
        /// follows from the image's proportions.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(range(min = 1))]
        height: Option<u32>,
    },
    /// A hard line break.
    LineBreak,
    /// A reference to a footnote in [`crate::model::Guide::footnotes`].
    FootnoteRef {
        /// The footnote's label.
        label: String,
        /// The footnote's display number.
        number: u32,
    },
    /// Raw HTML from the source, kept verbatim. Renderers must treat it as untrusted. Since
    /// schema 1.1 the parser no longer produces it (raw HTML is mapped to the inlines below or
    /// kept as text); it is still read from 1.0 documents.
    RawHtml {
        /// The HTML text.
        html: String,
    },
    /// A key or key combination to press (`<kbd>`): `Ctrl`, `Enter`.
    Keyboard {
        /// The key's label.
        content: Vec<Inline>,
    },
    /// Superscript (`<sup>`): `x²`, `1st`.
    Superscript {
        /// Raised content.
        content: Vec<Inline>,
    },
    /// Subscript (`<sub>`): `H₂O`.
    Subscript {
        /// Lowered content.
        content: Vec<Inline>,
    },
    /// Highlighted text (`<mark>`).
    Highlight {
        /// Highlighted content.
        content: Vec<Inline>,
    },
    /// An abbreviation with its expansion (`<abbr title="…">`).
    Abbreviation {
        /// The expansion, if given.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        /// The abbreviation as written.
        content: Vec<Inline>,
    },
    /// Inserted text (`<ins>`); deleted text (`<del>`, `<s>`) is [`Inline::Strikethrough`].
    Inserted {
        /// Inserted content.
        content: Vec<Inline>,
    },
    /// Side comment or fine print (`<small>`).
    Small {
        /// Content in small print.
        content: Vec<Inline>,
    },
}

/// A length the source gave an image: CSS pixels (96 to the inch), or a percentage of the
/// width of the text. Serialised as `{"px": 120}` or `{"percent": 50}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Length {
    /// CSS pixels, at least 1.
    Px(#[schemars(range(min = 1))] u32),
    /// A percentage of the text's width, 1 to 100.
    Percent(#[schemars(range(min = 1, max = 100))] u32),
}

impl Length {
    /// Reads an HTML dimension attribute (`120`, `120px`, `50%`) as browsers do: leading
    /// digits, a fraction that is dropped, then `%` for a percentage; anything else after the
    /// number is ignored. `None` for no number, zero, or a percentage over 100 made 100.
    pub fn from_html(value: &str) -> Option<Length> {
        let v = value.trim_start();
        let digits = v.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        // Over ten digits is over any page: saturate rather than fail.
        let n: u32 = v[..digits.min(9)].parse().ok()?;
        let rest = v[digits..].trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
        match (n, rest.starts_with('%')) {
            (0, _) => None,
            (n, true) => Some(Length::Percent(n.min(100))),
            (n, false) => Some(Length::Px(n)),
        }
    }
}

/// Matches an inline (a reference, shared or mutable) on whether it holds nested content: one
/// list of the variants for [`Inline::children`] and [`Inline::children_mut`].
macro_rules! match_children {
    ($inline:expr, $content:ident => $some:expr, _ => $none:expr) => {
        match $inline {
            Inline::Emphasis { content: $content }
            | Inline::Strong { content: $content }
            | Inline::Strikethrough { content: $content }
            | Inline::Link {
                content: $content, ..
            }
            | Inline::Keyboard { content: $content }
            | Inline::Superscript { content: $content }
            | Inline::Subscript { content: $content }
            | Inline::Highlight { content: $content }
            | Inline::Abbreviation {
                content: $content, ..
            }
            | Inline::Inserted { content: $content }
            | Inline::Small { content: $content } => $some,
            Inline::Text { .. }
            | Inline::Code { .. }
            | Inline::Image { .. }
            | Inline::LineBreak
            | Inline::FootnoteRef { .. }
            | Inline::RawHtml { .. } => $none,
        }
    };
}

impl Inline {
    /// The inline content nested in this inline (emphasis, links, keys, …); `None` for leaves
    /// (text, code, images, breaks, footnote references, raw HTML).
    pub fn children(&self) -> Option<&[Inline]> {
        match_children!(self, content => Some(content), _ => None)
    }

    /// [`Inline::children`], mutably.
    pub fn children_mut(&mut self) -> Option<&mut Vec<Inline>> {
        match_children!(self, content => Some(content), _ => None)
    }
}

/// Joins text inlines that stand next to each other and drops empty ones, as the JSON
/// contract promises ("two `text` inlines never stand next to each other"): the parser never
/// makes them, a hand-edited or filtered document may.
pub fn merge_texts(list: &mut Vec<Inline>) {
    let mut out: Vec<Inline> = Vec::with_capacity(list.len());
    for inline in list.drain(..) {
        match (inline, out.last_mut()) {
            (Inline::Text { text }, _) if text.is_empty() => {}
            (Inline::Text { text }, Some(Inline::Text { text: prev })) => prev.push_str(&text),
            (inline, _) => out.push(inline),
        }
    }
    *list = out;
}

/// The plain text of inline content: text and code as they are, images by their alt text,
/// line breaks as `\n`, footnote references and raw HTML left out.
pub fn plain_text(content: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(content, &mut out);
    out
}

fn push_plain(content: &[Inline], out: &mut String) {
    for inline in content {
        match inline {
            Inline::Text { text } => out.push_str(text),
            Inline::Code { code } => out.push_str(code),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::LineBreak => out.push('\n'),
            Inline::FootnoteRef { .. } | Inline::RawHtml { .. } => {}
            other => push_plain(other.children().unwrap_or_default(), out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_dimensions_read_as_browsers_read_them() {
        let read = |v: &str| Length::from_html(v);
        assert_eq!(read("120"), Some(Length::Px(120)));
        assert_eq!(read(" 120px"), Some(Length::Px(120)));
        assert_eq!(read("120.7"), Some(Length::Px(120)));
        assert_eq!(read("50%"), Some(Length::Percent(50)));
        assert_eq!(read("33.3%"), Some(Length::Percent(33)));
        assert_eq!(read("250%"), Some(Length::Percent(100)));
        assert_eq!(read("99999999999999"), Some(Length::Px(999_999_999)));
        for none in ["", "0", "0%", "auto", "-5", "px"] {
            assert_eq!(read(none), None, "{none}");
        }
    }

    #[test]
    fn plain_text_flattens_spans() {
        let content = vec![
            Inline::Strong {
                content: vec![Inline::Text {
                    text: "重要".into(),
                }],
            },
            Inline::Text {
                text: "：看".into(),
            },
            Inline::Link {
                url: "https://a.example".into(),
                title: None,
                content: vec![Inline::Code { code: "x".into() }],
            },
            Inline::FootnoteRef {
                label: "n".into(),
                number: 1,
            },
        ];
        assert_eq!(plain_text(&content), "重要：看x");
    }
}
