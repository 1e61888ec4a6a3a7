//! The one cleaning step between the model and every output format: metadata, language tags,
//! ids, URLs and fragments.
//!
//! The model keeps what the author wrote (the JSON output round-trips it byte for byte); the
//! other formats need values their own rules accept. Every renderer but JSON starts with
//! [`for_output`], and the markup writers take ids, links and language tags from here, so a
//! value is made valid once, the same way for EPUB, HTML, PDF, text and JSON-LD:
//!
//! - metadata text loses control characters and surrounding space, and empty values are
//!   dropped (an EPUB may not have an empty `dc:creator`, `dc:subject` or `dc:rights`);
//! - a language tag must be well-formed BCP 47 (checked by `oxilangtag`); a bad one is a
//!   warning and falls back to its longest well-formed prefix (`zh_CN_a` → `zh-CN`), else to
//!   the language guessed from the text;
//! - URLs are percent-encoded where RFC 3986 does not allow a character (`[`, `]`, a `%` not
//!   followed by two hex digits, spaces, non-ASCII), and fragments the same way; an empty
//!   fragment is never written.

use std::borrow::Cow;

pub use crate::langtag::bcp47;
use crate::langtag::language;
use crate::model::{Guide, Meta};
use crate::render::RenderContext;

/// Which kind of (X)HTML document a link is written into ([`safe_href`]): the writer
/// behind EPUB and HTML lives in `render::xhtml`; the enum lives here, with the rules that
/// depend on it, so that builds without those formats still have the sanitiser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// XHTML 5 content documents for EPUB 3: XML declaration, namespaces, `epub:type`.
    Epub,
    /// An HTML5 page (the same elements, serialised so that HTML parsers read them right).
    Html,
}

/// Removes characters that XML 1.0 does not allow (C0 controls other than tab, newline and
/// carriage return, and U+FFFE/U+FFFF), without which a document is not well-formed, and those
/// HTML forbids as well (DEL, the C1 controls U+0080–U+009F and the other noncharacters),
/// which the Nu checker rejects. Markdown input has them replaced already, with a warning;
/// JSON input can still carry them.
pub fn clean(s: &str) -> Cow<'_, str> {
    let bad = |c: char| {
        (c < ' ' && c != '\t' && c != '\n' && c != '\r')
            || ('\u{7f}'..='\u{9f}').contains(&c)
            || ('\u{fdd0}'..='\u{fdef}').contains(&c)
            || (c as u32) & 0xFFFE == 0xFFFE
    };
    if s.contains(bad) {
        Cow::Owned(s.chars().filter(|&c| !bad(c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// A one-line metadata value: control characters dropped (tabs and line breaks become
/// spaces), runs of white space made one space, trimmed; `None` when nothing is left.
pub fn meta_text(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else if !c.is_control() && c != '\u{FFFE}' && c != '\u{FFFF}' {
            out.push(c);
        }
    }
    let t = out.trim_end();
    (!t.is_empty()).then(|| t.to_owned())
}

/// The guide as the non-JSON formats must see it: metadata cleaned (see the module docs), a
/// bad language tag replaced with a warning in `ctx`. Borrows the guide when nothing changes.
pub fn for_output<'g>(guide: &'g Guide, ctx: &mut RenderContext) -> Cow<'g, Guide> {
    let mut meta = clean_meta(&guide.meta);
    let mut bad_tag = None;
    if let Some(raw) = &guide.meta.lang {
        match language(raw) {
            Ok(tag) => meta.lang = Some(tag),
            Err(fallback) => {
                meta.lang = fallback;
                bad_tag = Some(raw);
            }
        }
    }
    if meta.title.is_empty() {
        meta.title = guide
            .sections
            .first()
            .and_then(|s| meta_text(&crate::model::plain_text(&s.title)))
            .unwrap_or_else(|| "Untitled".to_owned());
    }
    let out = if meta == guide.meta {
        Cow::Borrowed(guide)
    } else {
        let mut g = guide.clone();
        g.meta = meta;
        Cow::Owned(g)
    };
    if let Some(raw) = bad_tag {
        let used = match &out.meta.lang {
            Some(t) => format!("`{t}` is used instead"),
            None => format!(
                "`{}`, guessed from the text, is used instead",
                out.language()
            ),
        };
        // Keyed as the parser's warning about the same tag, so that it is said once, and not
        // once per format.
        ctx.warnings.push(
            crate::diagnostic::Diagnostic::file_warning(
                &ctx.source,
                format!(
                    "language tag `{}` is not a well-formed BCP 47 tag; {used}",
                    raw.escape_debug()
                ),
            )
            .with_key(crate::langtag::warning_key(raw)),
        );
    }
    out
}

fn clean_meta(m: &Meta) -> Meta {
    let opt = |v: &Option<String>| v.as_deref().and_then(meta_text);
    let list = |v: &[String]| v.iter().filter_map(|s| meta_text(s)).collect::<Vec<_>>();
    Meta {
        title: meta_text(&m.title).unwrap_or_default(),
        subtitle: opt(&m.subtitle),
        authors: list(&m.authors),
        lang: m.lang.clone(),
        date: opt(&m.date),
        description: opt(&m.description),
        keywords: list(&m.keywords),
        version: opt(&m.version),
        license: opt(&m.license),
        cover: m.cover.clone().filter(|c| !c.trim().is_empty()),
        identifier: opt(&m.identifier),
        publisher: opt(&m.publisher),
        series: opt(&m.series),
        rights: opt(&m.rights),
        // Inline title formatting is kept only when its text is the title's.
        title_content: if meta_text(&crate::model::plain_text(&m.title_content)).as_deref()
            == meta_text(&m.title).as_deref()
        {
            m.title_content.clone()
        } else {
            Vec::new()
        },
        theme: m.theme.clone(),
        extra: m.extra.clone(),
    }
}

/// A model id as written in an `id` attribute: XML-clean, white space as `-` (ids from
/// hand-written JSON may hold spaces, which HTML forbids in ids), never empty: an id made only
/// of characters XML cannot hold becomes `id-` and the hex of its bytes. Links use the same
/// form, through [`fragment`].
///
/// Two model ids never share a form: one that had to change gets a suffix from a hash of
/// what it was (`a b` → `a-b-…`), so it cannot become another id as written (`a-b`) and
/// take its links. Ids that need no change (every id the Markdown parser makes) keep their
/// form.
pub fn id_attr(id: &str) -> String {
    let out: String = clean(id)
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .collect();
    if out.is_empty() && !id.is_empty() {
        let hex: String = id.bytes().map(|b| format!("{b:02x}")).collect();
        return format!("id-{hex}");
    }
    if out != id {
        // FNV-1a: fixed across runs and platforms, unlike std's hasher.
        let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        return format!("{out}-{:08x}", hash as u32);
    }
    out
}

/// The fragment that points at the element with the model id `id` (without the `#`):
/// [`id_attr`], percent-encoded where an IRI fragment may not hold a character (`"`, `<`, `>`,
/// spaces, `%`). Browsers and reading systems decode it back to the id.
pub fn fragment(id: &str) -> String {
    // Non-ASCII letters stay as they are: an IRI fragment may hold them (`#解决`), and
    // reading systems show them in the address; only characters no IRI allows are escaped.
    encode(&id_attr(id), |c| {
        c.is_ascii_alphanumeric()
            || "-._~!$&'()*+,;=:@/?".contains(c)
            || (!c.is_ascii() && !c.is_whitespace() && !c.is_control())
    })
}

/// The `href` of the element with the model id `id` in the document `file` (empty: this
/// document). Never a bare `#`: without an id it is the document itself (`""` is this one).
pub fn local_href(file: &str, id: &str) -> String {
    let f = fragment(id);
    if f.is_empty() {
        file.to_owned()
    } else {
        format!("{file}#{f}")
    }
}

/// The `href` for an external link, or `None` when it must not be a link.
///
/// Never a link: `javascript:`, `vbscript:`, `data:` and `file:` URLs. In an EPUB only `http:`,
/// `https:`, `mailto:` and `tel:` URLs (an ebook may link only to files it contains and to
/// the outside world); in HTML also other schemes (`irc:`, `ftp:`) and scheme-less relative
/// URLs. The scheme is read as RFC 3986 defines it (a letter, then letters, digits, `+`, `-`,
/// `.`), after dropping ASCII whitespace and control characters as browsers do, so
/// `java\tscript:` and ` JAVASCRIPT:` are caught and `foo):` is a relative path. Characters
/// that are not allowed in a URL are percent-encoded.
pub fn safe_href(url: &str, flavor: Flavor) -> Option<String> {
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect();
    if squeezed.is_empty() {
        return None;
    }
    match url_scheme(&squeezed)
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        // `file:` would point into the reader's own disk.
        Some("javascript" | "vbscript" | "data" | "file") => return None,
        Some("http" | "https" | "mailto" | "tel") => {}
        Some(_) if flavor == Flavor::Epub => return None,
        Some(_) => {}
        // No relative links out of an EPUB; `//host` is a protocol-relative external URL whose
        // scheme we cannot check.
        None if flavor == Flavor::Epub || squeezed.starts_with("//") => return None,
        None => {}
    }
    // A host no URL parser accepts (`http://a b/`) makes no link, encoded or not.
    if crate::urls::bad_host(url.trim()).is_some() {
        return None;
    }
    Some(encode_url(url.trim()))
}

/// The scheme of a URL (RFC 3986: `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )` before `:`).
fn url_scheme(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    (chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// Percent-encodes what RFC 3986 does not allow in a URL: spaces, controls, quotes, `<>`,
/// non-ASCII bytes, a `%` that does not start a `%XX` escape, and `[`/`]` outside an IPv6 host
/// (`http://[::1]/`). Reserved characters and valid escapes are left alone, so a URL means
/// what it meant.
fn encode_url(url: &str) -> String {
    // `[` and `]` are allowed only around an IPv6 literal host: `scheme://[…]`.
    let host_brackets = url.find("://").and_then(|i| {
        let start = i + 3;
        (url[start..].starts_with('['))
            .then(|| url[start..].find(']').map(|e| (start, start + e)))
            .flatten()
    });
    let bytes = url.as_bytes();
    let mut out = String::with_capacity(url.len());
    for (i, c) in url.char_indices() {
        let in_host = host_brackets.is_some_and(|(s, e)| i == s || i == e);
        let ok = c.is_ascii_alphanumeric()
            || "-._~:/?#@!$&'()*+,;=".contains(c)
            || (matches!(c, '[' | ']') && in_host)
            || (c == '%'
                && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit));
        if ok {
            out.push(c);
        } else {
            push_escaped(&mut out, c);
        }
    }
    // A `#` may appear once; later ones are data.
    if let Some(first) = out.find('#') {
        let (head, tail) = out.split_at(first + 1);
        return format!("{head}{}", tail.replace('#', "%23"));
    }
    out
}

fn encode(s: &str, keep: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if keep(c) {
            out.push(c);
        } else {
            push_escaped(&mut out, c);
        }
    }
    out
}

fn push_escaped(out: &mut String, c: char) {
    let mut buf = [0u8; 4];
    for b in c.encode_utf8(&mut buf).bytes() {
        out.push_str(&format!("%{b:02X}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_schemes_are_page_links_and_schemes_follow_rfc_3986() {
        // Other schemes are links in a page, not in an ebook; `foo):` has no scheme at all.
        assert_eq!(
            safe_href("irc://foo.bar:2233/baz", Flavor::Html).as_deref(),
            Some("irc://foo.bar:2233/baz")
        );
        assert_eq!(safe_href("irc://foo.bar:2233/baz", Flavor::Epub), None);
        assert_eq!(safe_href("foo):", Flavor::Html).as_deref(), Some("foo):"));
        assert_eq!(
            safe_href("https://e.example/?q=[a]", Flavor::Epub).as_deref(),
            Some("https://e.example/?q=%5Ba%5D")
        );
    }

    #[test]
    fn dangerous_schemes_are_not_links() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "vbscript:msgbox",
            "data:text/html,<script>",
            "file:///etc/passwd",
            "//evil.example/x",
        ] {
            assert_eq!(safe_href(url, Flavor::Html), None, "{url}");
            assert_eq!(safe_href(url, Flavor::Epub), None, "{url}");
        }
        assert_eq!(
            safe_href("mailto:a@b.c", Flavor::Epub).as_deref(),
            Some("mailto:a@b.c")
        );
        assert_eq!(safe_href("other.html", Flavor::Epub), None);
        assert_eq!(
            safe_href("other.html", Flavor::Html).as_deref(),
            Some("other.html")
        );
    }

    #[test]
    fn urls_are_encoded_to_rfc_3986() {
        // Expected values written by hand from RFC 3986's grammar.
        let cases = [
            (
                "https://a.example/路径 x",
                "https://a.example/%E8%B7%AF%E5%BE%84%20x",
            ),
            ("http://a.example/[a]", "http://a.example/%5Ba%5D"),
            ("http://a.example/%zz", "http://a.example/%25zz"),
            ("http://a.example/%4", "http://a.example/%254"),
            ("http://a.example/%41b", "http://a.example/%41b"),
            ("http://a.example/a\"b<c>", "http://a.example/a%22b%3Cc%3E"),
            ("http://[::1]:8080/x", "http://[::1]:8080/x"),
            ("http://a.example/x#y#z", "http://a.example/x#y%23z"),
            ("http://a.example/?q=a|b", "http://a.example/?q=a%7Cb"),
        ];
        for (url, want) in cases {
            assert_eq!(safe_href(url, Flavor::Epub).as_deref(), Some(want), "{url}");
        }
    }

    /// JSON ids `a b` and `a-b` are two sections: `a b` was written as `a-b` too, the second
    /// `id` was dropped as a repeat, and links to either went to the first.
    #[test]
    fn ids_that_change_never_take_another_ids_form() {
        assert_eq!(id_attr("a-b"), "a-b");
        assert_eq!(id_attr("解决"), "解决");
        let changed = [
            id_attr("a b"),
            id_attr("a\tb"),
            id_attr("a\u{3000}b"),
            id_attr("a\u{1}-b"),
        ];
        for c in &changed {
            assert!(c.starts_with("a-b-"), "{c}");
            assert_ne!(c, "a-b");
        }
        let distinct: std::collections::HashSet<_> = changed.iter().collect();
        assert_eq!(distinct.len(), changed.len(), "{changed:?}");
        // The same id always gets the same form, so links find it.
        assert_eq!(id_attr("a b"), id_attr("a b"));
        assert_eq!(fragment("a b"), id_attr("a b"));
    }

    #[test]
    fn fragments_are_encoded_and_never_empty() {
        assert_eq!(fragment("a\"<b>"), "a%22%3Cb%3E");
        assert!(fragment("解 决").starts_with("解-决-"));
        assert!(fragment("a\u{3000}b").starts_with("a-b-"));
        assert_eq!(fragment("50%"), "50%25");
        assert_eq!(fragment("\u{1}\u{2}"), "id-0102");
        assert_eq!(local_href("chapter-04.xhtml", ""), "chapter-04.xhtml");
        assert_eq!(local_href("chapter-04.xhtml", "x"), "chapter-04.xhtml#x");
        assert_eq!(local_href("", "x"), "#x");
        assert_eq!(local_href("", ""), "");
    }

    #[test]
    fn metadata_text_is_cleaned_and_empties_dropped() {
        assert_eq!(meta_text(""), None);
        assert_eq!(meta_text("  \t"), None);
        assert_eq!(meta_text("\u{1}\u{2}"), None);
        assert_eq!(meta_text(" a\u{1}b \n c "), Some("ab c".into()));
        let mut g = Guide::default();
        g.meta.title = "\u{1}".into();
        g.meta.authors = vec!["".into(), " Ann ".into()];
        g.meta.keywords = vec!["\u{1}".into()];
        g.meta.license = Some(" ".into());
        g.meta.identifier = Some("\u{7}".into());
        let mut ctx = RenderContext::default();
        let out = for_output(&g, &mut ctx);
        assert_eq!(out.meta.title, "Untitled");
        assert_eq!(out.meta.authors, ["Ann"]);
        assert!(out.meta.keywords.is_empty());
        assert_eq!(out.meta.license, None);
        assert_eq!(out.meta.identifier, None);
        assert!(ctx.warnings.is_empty());
    }

    #[test]
    fn a_bad_language_tag_is_a_warning() {
        let mut g = Guide::default();
        g.meta.title = "T".into();
        g.meta.lang = Some("en-GB-GB".into());
        let mut ctx = RenderContext::default();
        assert_eq!(for_output(&g, &mut ctx).meta.lang.as_deref(), Some("en-GB"));
        assert_eq!(ctx.warnings.len(), 1);
    }
}
