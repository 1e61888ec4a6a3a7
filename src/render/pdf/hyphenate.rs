//! Where a justified Western word may be hyphenated at a line end.
//!
//! Patterns are TeX's, through `hypher` (embedded tries, as Typst uses). The rules around
//! them are conservative, because a wrong hyphen changes what a reader copies:
//!
//! - only in the document's language when `hypher` has patterns for it (English, German,
//!   French, Spanish); Chinese and Japanese documents are not hyphenated;
//! - only plain words: letters only (after stripping surrounding punctuation), at least
//!   [`MIN_WORD`] of them, no capitals after the first (acronyms, `GitHub`, product names);
//!   nothing that contains digits, `/`, `@`, `.`, `_` or `:` (URLs, paths, e-mail addresses,
//!   versions), and never in code or links (the caller's job);
//! - at least [`MIN_LEFT`] letters before the hyphen and [`MIN_RIGHT`] after it (TeX's
//!   `\lefthyphenmin` and `\righthyphenmin` for English), or the language's own larger bounds.
//!
//! The hyphen drawn at a line end is written to the PDF as U+00AD SOFT HYPHEN, as ISO 32000
//! asks for a hyphen that is not part of the text, so that copying gives the word back.

use hypher::Lang;

/// Shortest word that is hyphenated, in letters.
pub const MIN_WORD: usize = 6;
/// Fewest letters before a hyphen.
pub const MIN_LEFT: usize = 2;
/// Fewest letters after a hyphen.
pub const MIN_RIGHT: usize = 3;

/// The patterns for a BCP 47 language tag, if the document's language is hyphenated.
pub fn lang_for(tag: &str) -> Option<Lang> {
    let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
    let code: [u8; 2] = primary.as_bytes().try_into().ok()?;
    Lang::from_iso(code)
}

/// Byte offsets in `text` after which a hyphen may end a line.
pub fn points(text: &str, lang: Lang) -> Vec<usize> {
    let (lang_left, lang_right) = lang.bounds();
    let (left, right) = (MIN_LEFT.max(lang_left), MIN_RIGHT.max(lang_right));
    let mut out = Vec::new();
    let mut offset = 0;
    for token in text.split_inclusive(char::is_whitespace) {
        let start = offset;
        offset += token.len();
        let trimmed = token.trim_end();
        let core = trimmed.trim_matches(|c: char| {
            matches!(
                c,
                ',' | '.'
                    | ';'
                    | ':'
                    | '!'
                    | '?'
                    | '"'
                    | '\''
                    | '('
                    | ')'
                    | '['
                    | ']'
                    | '“'
                    | '”'
                    | '‘'
                    | '’'
                    | '«'
                    | '»'
                    | '—'
                    | '–'
            )
        });
        let core_start = start + (core.as_ptr() as usize - trimmed.as_ptr() as usize);
        if core.chars().count() < MIN_WORD
            || !core.chars().all(crate::cjk::is_western_letter)
            || core.chars().skip(1).any(char::is_uppercase)
        {
            continue;
        }
        let mut at = core_start;
        let mut syllables = hypher::hyphenate_bounded(core, lang, left, right).peekable();
        while let Some(s) = syllables.next() {
            at += s.len();
            if syllables.peek().is_some() {
                out.push(at);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> String {
        let mut s = text.to_owned();
        for p in points(text, Lang::English).into_iter().rev() {
            s.insert(p, '-');
        }
        s
    }

    #[test]
    fn english_words_with_minimum_lengths() {
        assert_eq!(split("hyphenation"), "hy-phen-ation");
        assert_eq!(
            split("the extensive, difficult, (unbinding)"),
            "the ex-ten-sive, dif-fi-cult, (un-bind-ing)"
        );
        // Too short, or fragments under two letters before / three after.
        assert_eq!(split("table paper"), "table paper");
        assert_eq!(split("eleven"), "eleven");
    }

    #[test]
    fn never_urls_code_like_tokens_or_names() {
        for t in [
            "https://example.com/documentation",
            "support@example.com",
            "configuration_file",
            "version2installation",
            "GitHub NASA JavaScript",
            "guidepress.toml",
        ] {
            assert_eq!(split(t), t);
        }
    }

    #[test]
    fn languages() {
        assert_eq!(lang_for("en-US"), Some(Lang::English));
        assert_eq!(lang_for("de"), Some(Lang::German));
        assert_eq!(lang_for("zh-CN"), None);
        assert_eq!(lang_for(""), None);
    }
}
