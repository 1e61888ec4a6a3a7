//! Bare URLs in CJK text: where they end.
//!
//! GFM's extended autolinks (`https://example.com` written without `<>`) run to the next
//! white space, and drop only ASCII punctuation at their end. Chinese and Japanese text puts
//! no space after a URL, so `访问https://example.com/path，然后点击登录。` would link the
//! whole rest of the sentence, and `网址是 www.example.com，以及https://example.com。` one
//! address made of both. A reader of either language sees the URL end at the full-width
//! comma.
//!
//! So a bare URL here also ends at the first character outside ASCII that is not a letter or
//! a digit (by Unicode's classes, through `char::is_alphanumeric`): full-width punctuation and
//! spaces, CJK brackets and quotes, symbols. Letters and digits of any script stay in it, so
//! `https://zh.wikipedia.org/wiki/支付宝` is still one link. The text after the end keeps its
//! own bare URLs (with a scheme, as GFM finds them after other text). Nothing of the text is
//! lost or moved: only where the links begin and end changes.
//!
//! comrak reads a bare URL while it parses the line's inlines, and takes everything up to the
//! next white space as the URL: the Markdown after it on the line (`**设置**`, `` `code` ``,
//! `[帮助](…)`) is never read as Markdown. [`end_overruns`] finds those URLs in the parsed tree
//! and parses the document again with a tab where each should have ended (a tab ends a bare
//! URL and means nothing else in the middle of a line), then takes the tabs out of the text.

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options, parse_document};

use crate::model::Inline;

/// Characters GFM drops from the end of an extended autolink.
const TRAILING: &[char] = &['?', '!', '.', ',', ':', '*', '_', '~', '\'', '"'];

/// Whether `c` ends a bare URL in addition to GFM's own rules.
fn ends_url(c: char) -> bool {
    !c.is_ascii() && !c.is_alphanumeric()
}

/// How many times a document is parsed again to end bare URLs: each round finds the URLs that
/// the text after the last round's ones held (`官网https://a.example，文档https://b.example。`
/// takes two).
const MAX_ROUNDS: usize = 8;

/// The bare URLs in `root` (parsed from `source`) that comrak ran past a character that ends
/// them: the byte offset in `source` of each such character. A URL whose position cannot be
/// confirmed in the source is left alone.
fn overruns<'a>(root: &'a AstNode<'a>, source: &str) -> Vec<usize> {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(source.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut out = Vec::new();
    for node in root.descendants() {
        if !matches!(node.data().value, NodeValue::Link(_)) {
            continue;
        }
        let Some(text_node) = node.first_child() else {
            continue;
        };
        let pos = node.data().sourcepos;
        // A bare URL's one text child spans exactly the link (see `convert::is_bare_url`).
        if text_node.next_sibling().is_some() || text_node.data().sourcepos != pos {
            continue;
        }
        let NodeValue::Text(text) = &text_node.data().value else {
            continue;
        };
        let Some(cut) = text.find(ends_url) else {
            continue;
        };
        let Some(&line) = starts.get(pos.start.line.saturating_sub(1)) else {
            continue;
        };
        let at = line + pos.start.column.saturating_sub(1) + cut;
        if source
            .get(at..)
            .is_some_and(|rest| rest.starts_with(&text[cut..]))
        {
            out.push(at);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether `source` may hold a bare URL that runs on: a `://` or `www.` with a character that
/// ends a URL before the next white space. Most documents have none, and are parsed once.
fn may_run_on(source: &str) -> bool {
    ["://", "www."].iter().any(|mark| {
        source.match_indices(mark).any(|(i, _)| {
            source[i..]
                .chars()
                .take_while(|c| !c.is_ascii_whitespace())
                .any(ends_url)
        })
    })
}

/// Whether `text` has a tab right before a character that ends a URL: in a source, the tabs
/// this module puts there could not be told from the author's, and it does nothing.
fn has_tab_before_end(text: &str) -> bool {
    text.match_indices('\t')
        .any(|(i, _)| text[i + 1..].chars().next().is_some_and(ends_url))
}

/// What [`end_overruns`] made of a source whose bare URLs ran on.
pub(crate) struct Ended {
    /// The source with a tab before each character that ends a URL comrak ran past; `None`
    /// when it could not be changed (the source has a tab of its own there).
    pub text: Option<String>,
    /// Where a URL still runs on, in the original source (the rounds ran out, or the source
    /// has a tab of its own there): a byte offset.
    pub runs_on: Option<usize>,
}

/// The source, changed so that comrak ends every bare URL where a reader sees it end: `None`
/// when none runs on. A source with no `://` or `www.` before a character that ends a URL
/// (most) is not parsed here at all; otherwise each round parses in an arena of its own,
/// dropped before the next, so that the rounds do not add up in memory and the tree the
/// caller keeps is parsed once.
pub(crate) fn end_overruns(source: &str, options: &Options) -> Option<Ended> {
    if !may_run_on(source) {
        return None;
    }
    let mut text = source.to_owned();
    // Offsets of the tabs put in so far, in `text`, ascending.
    let mut tabs: Vec<usize> = Vec::new();
    let original = |at: usize, tabs: &[usize]| at - tabs.partition_point(|&t| t < at);
    for round in 0..=MAX_ROUNDS {
        let cuts = {
            let arena = Arena::new();
            let root = parse_document(&arena, &text, options);
            overruns(root, &text)
        };
        if cuts.is_empty() {
            break;
        }
        if round == 0 && has_tab_before_end(source) {
            return Some(Ended {
                text: None,
                runs_on: Some(cuts[0]),
            });
        }
        if round == MAX_ROUNDS {
            return Some(Ended {
                runs_on: Some(original(cuts[0], &tabs)),
                text: Some(text),
            });
        }
        let mut next = String::with_capacity(text.len() + cuts.len());
        let mut from = 0;
        let mut moved = Vec::with_capacity(tabs.len() + cuts.len());
        let mut old = tabs.iter().peekable();
        for (k, &at) in cuts.iter().enumerate() {
            next.push_str(&text[from..at]);
            // Earlier tabs move by the tabs put before them in this round.
            while let Some(&&t) = old.peek().filter(|&&&t| t < at) {
                moved.push(t + k);
                old.next();
            }
            moved.push(next.len());
            next.push('\t');
            from = at;
        }
        next.push_str(&text[from..]);
        moved.extend(old.map(|&t| t + cuts.len()));
        text = next;
        tabs = moved;
    }
    Some(Ended {
        text: (!tabs.is_empty()).then_some(text),
        runs_on: None,
    })
}

/// Takes the tabs [`end_overruns`] put in back out of the text of the tree parsed from its
/// text: none is the author's (it checked).
pub(crate) fn remove_tabs<'a>(root: &'a AstNode<'a>) {
    for node in root.descendants() {
        let mut data = node.data_mut();
        if let NodeValue::Text(t) = &mut data.value
            && has_tab_before_end(t)
        {
            let mut out = String::with_capacity(t.len());
            let mut chars = t.chars().peekable();
            while let Some(c) = chars.next() {
                if c == '\t' && chars.peek().copied().is_some_and(ends_url) {
                    continue;
                }
                out.push(c);
            }
            *t = out.into();
        }
    }
}

/// The inlines for a bare URL that GFM recognised as `text` linking to `url` (`url` is `text`,
/// or `http://` and `text` for a `www.` link): one link when it has no character that ends a
/// URL, else the link up to it, then text with any further bare URLs linked.
pub(crate) fn split(url: &str, text: &str) -> Vec<Inline> {
    let Some(cut) = text.find(ends_url) else {
        return vec![link(url.to_owned(), text)];
    };
    let mut out = Vec::new();
    let head = &text[..cut];
    let head = head.trim_end_matches(TRAILING);
    let (head_url, host) = match url.strip_suffix(text).filter(|s| !s.is_empty()) {
        // `www.` links: GFM put `http://` before the text.
        Some(scheme) => (format!("{scheme}{head}"), head.strip_prefix("www.")),
        None => (head.to_owned(), head.split_once("://").map(|(_, h)| h)),
    };
    if host.is_some_and(|h| h.starts_with(char::is_alphanumeric)) {
        out.push(link(head_url, head));
    } else {
        out.push(plain(head));
    }
    scan(&text[head.len()..], &mut out);
    out
}

/// Text with the bare URLs in it (`http://`, `https://` and `ftp://` ones) linked.
fn scan(mut text: &str, out: &mut Vec<Inline>) {
    while let Some((start, end)) = next_url(text) {
        if start > 0 {
            out.push(plain(&text[..start]));
        }
        out.push(link(text[start..end].to_owned(), &text[start..end]));
        text = &text[end..];
    }
    if !text.is_empty() {
        out.push(plain(text));
    }
}

/// The byte range of the first bare URL in `text`: a scheme GFM links, `://`, a letter or
/// digit, and what follows up to a character that ends a URL (or ASCII white space, or `<`),
/// less GFM's trailing punctuation.
fn next_url(text: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(i) = text[from..].find("://").map(|i| from + i) {
        from = i + 3;
        let scheme_start = text[..i]
            .rfind(|c: char| !c.is_ascii_alphabetic())
            .map_or(0, |k| {
                k + text[k..].chars().next().map_or(1, char::len_utf8)
            });
        let scheme = &text[scheme_start..i];
        if !["http", "https", "ftp"]
            .iter()
            .any(|s| scheme.eq_ignore_ascii_case(s))
        {
            continue;
        }
        if !text[from..].starts_with(char::is_alphanumeric) {
            continue;
        }
        let end = text[from..]
            .find(|c: char| ends_url(c) || c.is_ascii_whitespace() || c == '<')
            .map_or(text.len(), |e| from + e);
        let end = scheme_start + text[scheme_start..end].trim_end_matches(TRAILING).len();
        if end > from {
            return Some((scheme_start, end));
        }
    }
    None
}

fn link(url: String, text: &str) -> Inline {
    Inline::Link {
        url,
        title: None,
        content: vec![plain(text)],
    }
}

fn plain(text: &str) -> Inline {
    Inline::Text {
        text: text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The inlines as `[text](url)` and plain text, to compare with what a reader expects.
    fn show(inlines: &[Inline]) -> String {
        inlines
            .iter()
            .map(|i| match i {
                Inline::Text { text } => text.clone(),
                Inline::Link { url, content, .. } => {
                    format!("[{}]({url})", crate::model::plain_text(content))
                }
                other => panic!("unexpected {other:?}"),
            })
            .collect()
    }

    #[test]
    fn a_url_ends_at_full_width_punctuation() {
        let t = "https://example.com/path，然后点击登录。";
        assert_eq!(
            show(&split(t, t)),
            "[https://example.com/path](https://example.com/path)，然后点击登录。"
        );
        // GFM's trailing punctuation before it goes too.
        let t = "https://example.com/a.，好";
        assert_eq!(
            show(&split(t, t)),
            "[https://example.com/a](https://example.com/a).，好"
        );
    }

    #[test]
    fn the_rest_keeps_its_own_urls() {
        let t = "www.example.com，以及https://example.com。";
        assert_eq!(
            show(&split(&format!("http://{t}"), t)),
            "[www.example.com](http://www.example.com)，以及[https://example.com](https://example.com)。"
        );
        let t = "https://a.example/（见ftp://b.example/x）和HTTPS://c.example";
        assert_eq!(
            show(&split(t, t)),
            "[https://a.example/](https://a.example/)（见[ftp://b.example/x](ftp://b.example/x)）和\
             [HTTPS://c.example](HTTPS://c.example)"
        );
        // `mailto://`, or a scheme with nothing after it, is not a URL.
        let t = "https://a.example，mailto://x 和 https://，完";
        assert_eq!(
            show(&split(t, t)),
            "[https://a.example](https://a.example)，mailto://x 和 https://，完"
        );
    }

    #[test]
    fn letters_and_digits_of_any_script_stay_in_the_url() {
        let t = "https://zh.wikipedia.org/wiki/支付宝";
        assert_eq!(show(&split(t, t)), format!("[{t}]({t})"));
        let t = "https://例子.测试/路径１２";
        assert_eq!(show(&split(t, t)), format!("[{t}]({t})"));
        // An ideographic space ends it, as an ASCII one would.
        let t = "https://a.example/x\u{3000}下一句";
        assert_eq!(
            show(&split(t, t)),
            "[https://a.example/x](https://a.example/x)\u{3000}下一句"
        );
    }

    #[test]
    fn a_cut_that_leaves_no_host_is_text() {
        let t = "https://，";
        assert_eq!(show(&split(t, t)), "https://，");
        let t = "www.，x";
        assert_eq!(show(&split(&format!("http://{t}"), t)), "www.，x");
    }
}
