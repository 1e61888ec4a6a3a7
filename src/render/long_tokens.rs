//! Where a long token (a hash, a path, a long URL) may break, for the renderers that set
//! text on lines.
//!
//! - HTML and EPUB tables (`<wbr>`): a browser sizes a table's columns by their narrowest
//!   possible width, the longest piece that cannot break. One 64-character token makes its
//!   column that wide and pushes the table off a narrow screen (an EPUB reader cannot scroll
//!   it sideways); letting every cell break anywhere (`overflow-wrap: anywhere`) instead
//!   shrinks every column to one letter, and words like "Speed" were set `Spe|ed` on a wide
//!   screen. So words stay whole, and only tokens longer than [`LONG`] characters get break
//!   opportunities. A `<wbr>` adds no character: copying the cell gives the token as written.
//! - PDF (URLs in running text): UAX #14 gives a URL almost no break, so a long one moved
//!   whole to the next line and left the line before it stretched letter by letter.
//!
//! The places are those of style manuals: after `//`, `:`, `=` or `&`; before `/`, `.`, `,`,
//! `-`, `_`, `?`, `#`, `%`, `~` or `\`; and, for the tables, every [`LONG`] characters when
//! a token has none of these.

/// Tokens up to this many characters stay whole; longer ones break into pieces at most this
/// long when `every` is asked for.
pub const LONG: usize = 16;

/// Byte offsets in `text` where a long token may break, in order; with `every`, also every
/// [`LONG`] characters of a token that has no other place.
pub fn breaks(text: &str, every: bool) -> Vec<usize> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(_, c)) = chars.peek() {
        if !in_token(c) {
            chars.next();
            continue;
        }
        // A token: its characters, then where it may break.
        let token: Vec<(usize, char)> =
            std::iter::from_fn(|| chars.next_if(|&(_, c)| in_token(c))).collect();
        if token.len() > LONG {
            token_breaks(&token, every, &mut out);
        }
    }
    out
}

/// A character of a token: not a space, and not Han, kana or Hangul, which break between any
/// two characters anyway.
fn in_token(c: char) -> bool {
    !c.is_whitespace() && !crate::cjk::is_cjk(c) && !crate::cjk::is_hangul(c)
}

/// Break opportunities in one long token (its characters with their byte offsets), where
/// style manuals break a URL: after `//`, `:`, `=` or `&`; before `/`, `.`, `,`, `-`, `_`,
/// `?`, `#`, `%`, `~` or `\`, so that the mark starts the next line and shows the token goes
/// on. Only where both pieces are a few characters long; and, with `every`, after [`LONG`]
/// characters when there is no such place.
fn token_breaks(token: &[(usize, char)], every: bool, out: &mut Vec<usize>) {
    const MIN_PIECE: usize = 4;
    let after = |k: usize| {
        let c = token[k].1;
        matches!(c, ':' | '=' | '&') || (c == '/' && k > 0 && token[k - 1].1 == '/')
    };
    let before = |c: char| {
        matches!(
            c,
            '/' | '.' | ',' | '-' | '_' | '?' | '#' | '%' | '~' | '\\'
        )
    };
    let mut piece = 0;
    for k in 0..token.len() - 1 {
        piece += 1;
        let (c, next) = (token[k].1, token[k + 1].1);
        let left = token.len() - k - 1;
        let place = (after(k) && !before(next) && !matches!(next, ':' | '=' | '&'))
            || (before(next) && !before(c) && !after(k));
        if (place && piece >= MIN_PIECE && left >= MIN_PIECE) || (every && piece >= LONG) {
            out.push(token[k + 1].0);
            piece = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pieces of `text` between its breaks.
    fn pieces(text: &str) -> Vec<&str> {
        let mut at = 0;
        let mut out = Vec::new();
        for b in breaks(text, true) {
            out.push(&text[at..b]);
            at = b;
        }
        out.push(&text[at..]);
        out
    }

    #[test]
    fn words_and_short_tokens_stay_whole() {
        assert_eq!(
            pieces("Speed Duplex ge-0/0/0 1 Gbit/s"),
            ["Speed Duplex ge-0/0/0 1 Gbit/s"]
        );
        assert_eq!(pieces("速度很快的端口"), ["速度很快的端口"]);
    }

    #[test]
    fn long_tokens_break_after_separators_or_every_sixteen() {
        assert_eq!(
            pieces("见 https://example.com/very/long/path?a=1 后"),
            [
                "见 https://",
                "example",
                ".com",
                "/very",
                "/long",
                "/path",
                "?a=1 后"
            ]
        );
        assert_eq!(
            pieces("sha256:0123456789abcdef0123456789abcdef"),
            ["sha256:", "0123456789abcdef", "0123456789abcdef"]
        );
        // Without `every`, a token with no separator stays whole.
        assert_eq!(
            breaks("0123456789abcdef0123456789abcdef", false),
            [] as [usize; 0]
        );
        // No piece shorter than four characters where a separator gives the place.
        assert_eq!(
            pieces("a/b/c/d/e/f/g/h/i/j/k"),
            ["a/b/c", "/d/e", "/f/g", "/h/i", "/j/k"]
        );
    }
}
