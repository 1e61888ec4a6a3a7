//! Line breaking for monospaced text: UAX #14 opportunities, Chinese line-start and line-end
//! rules, display widths from `unicode-width` (CJK characters count two columns).
//!
//! The breaker is greedy: it fills each line with as many break-separated pieces as fit. A
//! piece that cannot be broken and is wider than the line (a long URL) stands alone on its
//! line and overflows; nothing else does.

use unicode_linebreak::{BreakOpportunity, linebreaks};
use unicode_width::UnicodeWidthStr;

use crate::cjk;

/// Display width of `s` in terminal columns.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Positions (byte offsets) at which `text` may be broken, in increasing order, ending with
/// `text.len()`; `true` marks a mandatory break (after a newline).
pub fn break_points(text: &str) -> Vec<(usize, bool)> {
    let mut points: Vec<(usize, bool)> = linebreaks(text)
        .map(|(i, op)| {
            (
                i,
                op == BreakOpportunity::Mandatory && text[..i].ends_with(['\n', '\r']),
            )
        })
        .collect();
    // UAX #14 (Unicode 15.0) keeps quotation marks glued to both neighbours; Chinese text
    // allows a break before an opening quote and after a closing one.
    let mut extra = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if let Some(p) = prev {
            let before_open = matches!(c, '“' | '‘') && cjk::is_cjk(p);
            let after_close = matches!(p, '”' | '’') && cjk::is_cjk(c);
            if before_open || after_close {
                extra.push((i, false));
            }
        }
        prev = Some(c);
    }
    if !extra.is_empty() {
        points.extend(extra);
        points.sort_unstable();
        points.dedup_by_key(|p| p.0);
    }
    points.retain(|&(i, mandatory)| {
        if mandatory || i == text.len() {
            return true;
        }
        let next = text[i..].chars().next();
        let before = text[..i].chars().next_back();
        // Latin text breaks only at spaces: UAX #14 would also break after `/` or `-`, which
        // splits URLs and words in a way plain text cannot show (no hyphen is added).
        let at_space = before.is_some_and(char::is_whitespace);
        let cjk_side = before.is_some_and(cjk::is_cjk)
            || next.is_some_and(cjk::is_cjk)
            || before.is_some_and(is_cjk_quote)
            || next.is_some_and(is_cjk_quote);
        if !at_space && !cjk_side {
            return false;
        }
        // The `~~` and `++` around struck-out and inserted text stay with what they mark
        // (`删除线~~` / `、` and not `删除线` / `~~、`), as do a `~` or `+` in the text itself.
        let marker = |c: Option<char>| matches!(c, Some('~' | '+'));
        let solid = |c: Option<char>| c.is_some_and(|c| !c.is_whitespace());
        if (marker(before) && solid(next)) || (marker(next) && solid(before)) {
            return false;
        }
        // Line-start and line-end prohibitions (避头尾).
        let prev = text[..i].trim_end_matches(' ').chars().next_back();
        !(next.is_some_and(cjk::is_line_start_forbidden)
            || prev.is_some_and(cjk::is_line_end_forbidden))
    });
    points
}

/// Curly quotes and the ellipsis, which Chinese text shares with English.
fn is_cjk_quote(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’' | '…' | '—')
}

/// Wraps `text` so that the first line has at most `first` columns and every other line at
/// most `rest`. Newlines in `text` force breaks. Lines carry no trailing spaces.
pub fn wrap_hanging(text: &str, first: usize, rest: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = 0usize;
    let mut start = 0usize;
    for (end, mandatory) in break_points(text) {
        let piece = &text[start..end];
        start = end;
        let visible = piece.trim_end_matches(['\n', '\r']);
        let limit = if lines.is_empty() { first } else { rest };
        let piece_width = width(visible.trim_end_matches(' '));
        if !line.is_empty() && line_width + piece_width > limit {
            lines.push(std::mem::take(&mut line).trim_end().to_owned());
            line_width = 0;
        }
        line.push_str(visible);
        line_width += width(visible);
        if mandatory {
            lines.push(std::mem::take(&mut line).trim_end().to_owned());
            line_width = 0;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line.trim_end().to_owned());
    }
    lines
}

/// Wraps `text` to `width` columns (see [`wrap_hanging`]).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_hanging(text, width, width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_between_han_characters() {
        assert_eq!(wrap("一二三四五六", 6), ["一二三", "四五六"]);
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        // Without the rule the second line would begin with "，".
        let lines = wrap("一二三，四五六", 6);
        assert_eq!(lines, ["一二", "三，四", "五六"]);
        for l in &lines {
            assert!(!l.starts_with('，'), "{lines:?}");
        }
        assert_eq!(lines.concat(), "一二三，四五六");
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        let lines = wrap("一二“三四”五", 6);
        for l in &lines {
            assert!(!l.ends_with('“'), "{lines:?}");
            assert!(!l.starts_with('”'), "{lines:?}");
        }
        assert_eq!(lines.concat(), "一二“三四”五");
    }

    #[test]
    fn latin_breaks_at_spaces() {
        assert_eq!(wrap("open the wallet app", 10), ["open the", "wallet app"]);
    }

    #[test]
    fn mixed_text_respects_width() {
        let lines = wrap(
            "避免在公共Wi-Fi下进行此类操作，尽量在安全网络下输入密码。",
            20,
        );
        for l in &lines {
            assert!(width(l) <= 20, "{l:?} in {lines:?}");
        }
        assert_eq!(
            lines.concat(),
            "避免在公共Wi-Fi下进行此类操作，尽量在安全网络下输入密码。"
        );
    }

    #[test]
    fn long_token_overflows_alone() {
        let url = "https://example.com/a/very/long/path/that/cannot/break";
        let lines = wrap(&format!("see {url} now"), 20);
        assert_eq!(lines, ["see", url, "now"]);
    }

    #[test]
    fn urls_and_hyphenated_words_stay_whole() {
        let url = "https://example.com/a/b/c/d/e/f/g/h";
        assert_eq!(wrap(&format!("访问{url}吧"), 20), ["访问", url, "吧"]);
        assert_eq!(wrap("use Wi-Fi here", 6), ["use", "Wi-Fi", "here"]);
    }

    #[test]
    fn struck_out_and_inserted_markers_stay_with_their_text() {
        // Every width puts a break opportunity of UAX #14 next to a marker.
        let text = "这是引言段落，包含粗体、斜体、~~删除线~~、++新增++和更多的文字。";
        for width in 6..40 {
            for line in wrap(text, width) {
                let line = line.trim();
                for m in ["~~", "++"] {
                    assert!(
                        !(line.starts_with(m) && line[2..].starts_with(['、', '和'])),
                        "{width}: a closing {m} starts {line:?}"
                    );
                    assert!(
                        !(line.ends_with(m)
                            && !line.ends_with(&format!("线{m}"))
                            && !line.ends_with(&format!("增{m}"))),
                        "{width}: an opening {m} ends {line:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn newlines_force_breaks() {
        assert_eq!(wrap("a\nb", 10), ["a", "b"]);
    }

    #[test]
    fn hanging_widths() {
        assert_eq!(
            wrap_hanging("一二三四五六七八", 4, 8),
            ["一二", "三四五六", "七八"]
        );
    }
}
