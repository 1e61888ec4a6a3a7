//! The shared semantic (X)HTML writer behind the EPUB chapters and the standalone HTML page.
//!
//! One [`XhtmlWriter`] turns the [model](crate::model) into markup through quick-xml's event
//! writer: text and attribute values are escaped by the writer, never pasted into strings, so no
//! content of the guide can open or close an element.
//!
//! # Markup
//! - sections are `<section>` with a heading `<hN id="…">` carrying the model's section id;
//! - steps are `<ol class="steps">`, one `<li class="step" value="N">` each, with the title in
//!   `<p class="step-title"><strong>` and the body in `<div class="step-body">`;
//! - questions and answers are `<section class="qa">` with `<hN class="question" id="…">` and
//!   `<div class="answer">`, each preceded by its localised label (问/答, Q/A);
//! - key points are `<ol class="key-points">` (or `<ul>`) with `<strong class="term">` terms;
//! - collapsible blocks are `<details>` with their `<summary>`;
//! - keys, superscripts, subscripts, highlights, abbreviations, insertions and small print are
//!   the HTML elements of the same meaning (`kbd`, `sup`, `sub`, `mark`, `abbr`, `ins`, `small`);
//! - alerts are `<aside class="alert alert-KIND" role="note">` with a localised title;
//! - tables have `<thead>`/`<tbody>` and `text-align` from the column alignment;
//! - code is `<pre><code class="language-x">`; images keep their alt text;
//! - footnote references are `<a role="doc-noteref">` (plus `epub:type="noteref"` in EPUB)
//!   and footnotes are `<aside role="doc-footnote">` (plus `epub:type="footnote"`).
//!
//! # Raw HTML
//! The parser maps the safe, meaningful part of raw HTML into the model (see [`crate::parse`]),
//! so only guides read from JSON can still hold [`Inline::RawHtml`] or [`Block::RawHtml`].
//! That raw HTML is **escaped and shown as text** (`<span class="raw-html">` inline,
//! `<pre class="raw-html">` for blocks): it never becomes markup, so no `script`, event
//! handler, `iframe`, `object` or `embed` can reach a reader. HTML comments are dropped, since
//! they were never meant to be seen. We chose escaping over an allow-list sanitiser because it
//! is obviously safe, keeps every character the author wrote visible, and needs no HTML parser.
//!
//! # Links
//! Link targets pass through [`safe_href`]: only `http`, `https`, `mailto` and `tel` URLs,
//! internal `#id` links to ids that exist, and (in HTML only) scheme-less relative URLs become
//! links. Anything else (`javascript:`, `vbscript:`, `data:`, unknown schemes) is rendered as
//! the link's text alone.

use std::collections::{HashMap, HashSet};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::model::{
    AlertKind, Block, ColumnAlign, Guide, Inline, KeyPoint, Length, QuestionAnswer, Section, Step,
    TableRow, plain_text,
};
use crate::render::labels::Labels;
use crate::render::sanitize::local_href;

mod blocks;
mod inlines;
pub use crate::render::sanitize::{Flavor, bcp47, clean, id_attr, safe_href};

/// Where the writer points links and images.
#[derive(Debug, Clone, Default)]
pub struct Targets {
    /// Image URL as written in the guide → the `src` to use. Images not listed are shown as
    /// their alt text.
    pub images: HashMap<String, String>,
    /// Element id → the document that holds it (`chapter-02.xhtml`), or `""` when everything
    /// is one document. Internal links to ids not listed are rendered as plain text.
    pub anchors: HashMap<String, String>,
    /// The document where the guide begins (`title.xhtml`), or `""` when everything is one
    /// document: where a link to the top of the guide (`#`) leads. `None`: such links are
    /// rendered as plain text.
    pub top: Option<String>,
}

/// The id of the title's heading, in a page and on an EPUB's title page: no slug has a `.`.
pub const TITLE_ID: &str = "gp.title";

/// Writes one (X)HTML document.
pub struct XhtmlWriter<'g> {
    w: Writer<Vec<u8>>,
    flavor: Flavor,
    labels: &'static Labels,
    lang: String,
    /// The language is written right to left (the document's `dir="rtl"`).
    rtl: bool,
    guide: &'g Guide,
    targets: &'g Targets,
    /// The file being written, to make links to its own ids plain fragments.
    file: String,
    /// Footnote numbers referenced in this document, in order of first reference.
    notes: Vec<u32>,
    /// How many references to each footnote this document has, for unique reference ids.
    note_refs: HashMap<u32, u32>,
    /// Ids written so far: a repeated id (possible in hand-written JSON input) is dropped.
    ids: HashSet<String>,
    /// While a link's text is written: the elements open from its `a` inward, each with
    /// whether it has been written yet. HTML does not allow an `a` inside an `a`, so a link or
    /// note reference inside link text is written after closing these and before reopening
    /// them (see [`Self::outside_link`]); they are opened only when content comes, so no
    /// empty `a` is left on either side.
    link_chain: Option<LinkChain>,
    /// Whether a table cell is being written: its long tokens get break opportunities (see
    /// [`crate::render::long_tokens`]).
    in_cell: bool,
}

/// The elements of the link being written, from its `a` inward (see
/// [`XhtmlWriter::outside_link`]).
struct LinkChain {
    /// Each element, and whether it is open in the output now.
    open: Vec<(BytesStart<'static>, bool)>,
    /// Whether the `a` has been written at all: a link whose whole text went beside it.
    shown: bool,
}

/// The namespace of XHTML.
const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";
/// The namespace of EPUB 3 structural semantics (`epub:type`).
const OPS_NS: &str = "http://www.idpf.org/2007/ops";

impl<'g> XhtmlWriter<'g> {
    /// A writer for the document `file` (its name inside the book, or `""` for a single page)
    /// in language `lang` (a BCP 47 tag, see [`bcp47`]). The language is passed in rather
    /// than asked of the guide, because guessing it walks the whole guide and a book has many
    /// documents.
    pub fn new(
        flavor: Flavor,
        guide: &'g Guide,
        targets: &'g Targets,
        file: &str,
        lang: &str,
    ) -> Self {
        XhtmlWriter {
            w: Writer::new(Vec::with_capacity(16 * 1024)),
            flavor,
            labels: Labels::for_lang(lang),
            lang: lang.to_owned(),
            rtl: crate::langtag::is_rtl(lang),
            guide,
            targets,
            file: file.to_owned(),
            notes: Vec::new(),
            note_refs: HashMap::new(),
            ids: HashSet::new(),
            link_chain: None,
            in_cell: false,
        }
    }

    /// The labels in use (chosen from the guide's language).
    pub fn labels(&self) -> &'static Labels {
        self.labels
    }

    // ---- low-level output -------------------------------------------------------------------

    /// Writes one event. Writing into a `Vec` cannot fail, so the result is ignored here once
    /// instead of at every call.
    fn ev(&mut self, e: Event<'_>) {
        let _ = self.w.write_event(e);
    }

    /// Opens an element (attribute values are escaped). Close it with [`Self::end`].
    pub fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let mut el = BytesStart::new(name);
        for (k, v) in attrs {
            el.push_attribute((*k, clean(v).as_ref()));
        }
        match &mut self.link_chain {
            Some(chain) => chain.open.push((el.into_owned(), false)),
            None => self.ev(Event::Start(el)),
        }
    }

    /// Writes the elements of the link being written that are not open yet: content follows.
    fn open_link_chain(&mut self) {
        let Some(chain) = &mut self.link_chain else {
            return;
        };
        chain.shown = true;
        for (el, open) in chain.open.iter_mut().filter(|(_, open)| !*open) {
            *open = true;
            let _ = self.w.write_event(Event::Start(el.borrow()));
        }
    }

    /// Writes what `write` writes outside the link whose text is being written: the link's
    /// open elements are closed first, its formatting (`em`, `strong`, …) is repeated around
    /// what `write` writes, and the link is reopened when more of its text comes. Outside a
    /// link, just calls `write`.
    fn outside_link(&mut self, write: impl FnOnce(&mut Self)) {
        let Some(mut chain) = self.link_chain.take() else {
            write(self);
            return;
        };
        for (el, open) in chain.open.iter_mut().rev() {
            if std::mem::take(open) {
                self.ev(Event::End(el.to_end().into_owned()));
            }
        }
        for (el, _) in &chain.open[1..] {
            self.ev(Event::Start(el.borrow()));
        }
        write(self);
        for (el, _) in chain.open[1..].iter().rev() {
            self.ev(Event::End(el.to_end().into_owned()));
        }
        self.link_chain = Some(chain);
    }

    /// Writes a link to `url`: `a` with `attrs` around `content`. A link inside another's
    /// text is written beside it (see [`Self::outside_link`]); a link all of whose text went
    /// beside it (`[[^1]](url)`) then shows its URL, so that it is not lost.
    fn link(&mut self, url: &str, attrs: &[(&str, &str)], content: &'g [Inline]) {
        self.outside_link(|w| {
            if content.is_empty() {
                w.start("a", attrs);
                w.end("a");
                return;
            }
            w.link_chain = Some(LinkChain {
                open: Vec::new(),
                shown: false,
            });
            w.start("a", attrs);
            w.inlines(content);
            let shown = w.link_chain.as_ref().is_some_and(|c| c.shown);
            if !shown {
                w.text(url);
            }
            w.end("a");
            w.link_chain = None;
        });
    }

    /// A void element (`img`, `br`, `hr`, `meta`, `link`, `input`). Only these may be written
    /// as empty tags: `<p/>` would open a paragraph in an HTML parser.
    fn void(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.open_link_chain();
        let mut el = BytesStart::new(name);
        for (k, v) in attrs {
            el.push_attribute((*k, clean(v).as_ref()));
        }
        self.ev(Event::Empty(el));
    }

    /// Closes an element opened with [`Self::start`].
    pub fn end(&mut self, name: &str) {
        if let Some(chain) = &mut self.link_chain {
            if let Some((el, true)) = chain.open.pop() {
                self.ev(Event::End(el.to_end().into_owned()));
            }
            return;
        }
        self.ev(Event::End(BytesEnd::new(name)));
    }

    /// Escaped text, without the characters XML 1.0 forbids.
    pub fn text(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        self.open_link_chain();
        let s = clean(s);
        if !self.in_cell {
            self.ev(Event::Text(BytesText::new(&s)));
            return;
        }
        let mut at = 0;
        for b in crate::render::long_tokens::breaks(&s, true) {
            self.ev(Event::Text(BytesText::new(&s[at..b])));
            self.ev(Event::Empty(BytesStart::new("wbr")));
            at = b;
        }
        self.ev(Event::Text(BytesText::new(&s[at..])));
    }

    /// A line break between elements, to keep the markup readable.
    pub fn newline(&mut self) {
        self.ev(Event::Text(BytesText::from_escaped("\n")));
    }

    /// Writes `text` unescaped inside `<style>` or `<script>`: HTML parsers take these elements'
    /// content as raw text, so entities would not be decoded. `<` and `&` are written as the
    /// JSON escapes `\u003c` and `\u0026`, which cannot end the element and keep the page
    /// well-formed XML too; the caller guarantees they occur only inside JSON strings (our CSS
    /// has neither).
    pub fn raw_element(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.start(name, attrs);
        let safe = text.replace('<', "\\u003c").replace('&', "\\u0026");
        self.ev(Event::Text(BytesText::from_escaped(
            clean(&safe).into_owned(),
        )));
        self.end(name);
        self.newline();
    }

    /// An id attribute value if it is usable and not yet used in this document.
    fn claim_id(&mut self, id: &str) -> Option<String> {
        let id = id_attr(id);
        if id.is_empty() || !self.ids.insert(id.clone()) {
            return None;
        }
        Some(id)
    }

    // ---- document frame ---------------------------------------------------------------------

    /// Opens the document: declaration, `<html>` with `lang`/`xml:lang`, `<head>` with the title,
    /// then calls `head` to add more (styles, links, JSON-LD), and opens `<body>`.
    pub fn begin(&mut self, title: &str, head: impl FnOnce(&mut Self), body_class: Option<&str>) {
        let lang = self.lang.clone();
        // A language written right to left sets the base direction of the whole document:
        // paragraphs start at the right, lists and quotes are indented from it (the
        // stylesheet's `[dir="rtl"]` rules), and the bidirectional algorithm orders each line.
        let dir: &[(&str, &str)] = if self.rtl { &[("dir", "rtl")] } else { &[] };
        match self.flavor {
            Flavor::Epub => {
                self.ev(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
                self.newline();
                self.ev(Event::DocType(BytesText::from_escaped("html")));
                self.newline();
                let attrs = [
                    ("xmlns", XHTML_NS),
                    ("xmlns:epub", OPS_NS),
                    ("lang", lang.as_str()),
                    ("xml:lang", lang.as_str()),
                ];
                self.start("html", &[&attrs[..], dir].concat());
            }
            Flavor::Html => {
                self.ev(Event::DocType(BytesText::from_escaped("html")));
                self.newline();
                self.start("html", &[&[("lang", lang.as_str())][..], dir].concat());
            }
        }
        self.newline();
        self.start("head", &[]);
        self.newline();
        self.void("meta", &[("charset", "utf-8")]);
        self.newline();
        self.start("title", &[]);
        self.text(title);
        self.end("title");
        self.newline();
        head(self);
        self.end("head");
        self.newline();
        match body_class {
            Some(c) => self.start("body", &[("class", c)]),
            None => self.start("body", &[]),
        }
        self.newline();
    }

    /// Writes a `<link rel="stylesheet">`.
    pub fn stylesheet_link(&mut self, href: &str) {
        self.void(
            "link",
            &[("rel", "stylesheet"), ("type", "text/css"), ("href", href)],
        );
        self.newline();
    }

    /// Writes a `<meta name content>`.
    pub fn meta(&mut self, name: &str, content: &str) {
        self.void("meta", &[("name", name), ("content", content)]);
        self.newline();
    }

    /// Closes `<body>` and `<html>` and returns the document.
    pub fn finish(mut self) -> Vec<u8> {
        self.end("body");
        self.newline();
        self.end("html");
        self.newline();
        self.w.into_inner()
    }

    /// A cover page's only content: the cover image, filling the page.
    pub fn cover_image(&mut self, src: &str, alt: &str) {
        self.start("div", &[("class", "cover")]);
        self.void("img", &[("src", src), ("alt", alt)]);
        self.end("div");
        self.newline();
    }

    /// A table of contents of the guide's sections (two levels), as `<nav>` with links.
    pub fn toc(&mut self, sections: &'g [Section]) {
        if sections.is_empty() {
            return;
        }
        let label = self.labels.contents;
        self.start("nav", &[("class", "toc"), ("aria-label", label)]);
        self.newline();
        self.start("p", &[("class", "toc-title")]);
        self.text(label);
        self.end("p");
        self.newline();
        self.toc_list(sections, 2);
        self.end("nav");
        self.newline();
    }

    fn toc_list(&mut self, sections: &'g [Section], depth: u8) {
        self.start("ol", &[]);
        for s in sections {
            self.start("li", &[]);
            match self.href(&format!("#{}", s.id)) {
                Some(href) => {
                    self.start("a", &[("href", &href)]);
                    self.running_text(&title_text(s));
                    self.end("a");
                }
                None => self.running_text(&title_text(s)),
            }
            if depth > 1 && !s.sections.is_empty() {
                self.toc_list(&s.sections, depth - 1);
            }
            self.end("li");
        }
        self.end("ol");
        self.newline();
    }

    // ---- title block --------------------------------------------------------------------------

    /// The title block: title, subtitle, authors, date (a `<header>`).
    pub fn title_block(&mut self, heading_id: Option<&str>) {
        let meta = &self.guide.meta;
        self.start("header", &[("class", "title-block")]);
        self.newline();
        // The theme's logo: decoration beside the title, so its alt text is empty.
        if let Some(src) = meta
            .theme
            .logo
            .as_deref()
            .and_then(|l| self.targets.images.get(l))
        {
            let src = src.clone();
            self.void("img", &[("class", "logo"), ("src", &src), ("alt", "")]);
            self.newline();
        }
        match heading_id.and_then(|id| self.claim_id(id)) {
            Some(id) => self.start("h1", &[("class", "title"), ("id", &id)]),
            None => self.start("h1", &[("class", "title")]),
        }
        // The title keeps the formatting its heading had (emphasis, code, a link).
        if meta.title_content.is_empty() {
            self.running_text(&meta.title);
        } else {
            self.inlines(&meta.title_content);
        }
        self.end("h1");
        self.newline();
        if let Some(sub) = &meta.subtitle {
            self.start("p", &[("class", "subtitle")]);
            self.running_text(sub);
            self.end("p");
            self.newline();
        }
        if !meta.authors.is_empty() {
            self.start("p", &[("class", "authors")]);
            let sep = if self.labels.colon == "：" {
                "、"
            } else {
                ", "
            };
            self.running_text(&meta.authors.join(sep));
            self.end("p");
            self.newline();
        }
        if let Some(date) = &meta.date {
            self.start("p", &[("class", "date")]);
            // `<time>` only for a real calendar date, which it names in `datetime`: the date
            // is written as the author wrote it (`2024-03-01`, `2024年3月`, `spring 2024`), and
            // `<time>yesterday</time>` is invalid HTML.
            match calendar_date(date) {
                Some(iso) => {
                    self.start("time", &[("datetime", iso)]);
                    self.text(date);
                    self.end("time");
                }
                None => self.text(date),
            }
            self.end("p");
            self.newline();
        }
        self.end("header");
        self.newline();
    }
}

/// The accessible name of a task-list checkbox: the text of the item's paragraphs (or of
/// its first block of another kind), whitespace collapsed.
fn task_label(blocks: &[Block]) -> String {
    let mut text = String::new();
    for b in blocks {
        if let Block::Paragraph { content, .. } = b {
            text.push_str(&plain_text(content));
            text.push(' ');
        }
    }
    let label = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if label.is_empty() {
        "✓".to_owned()
    } else {
        label
    }
}

/// `h1` … `h6` for a level, clamped.
fn heading_tag(level: u8) -> &'static str {
    match level {
        0 | 1 => "h1",
        2 => "h2",
        3 => "h3",
        4 => "h4",
        5 => "h5",
        _ => "h6",
    }
}

fn alert_class(kind: AlertKind) -> &'static str {
    match kind {
        AlertKind::Note => "note",
        AlertKind::Tip => "tip",
        AlertKind::Important => "important",
        AlertKind::Warning => "warning",
        AlertKind::Caution => "caution",
    }
}

/// Where a link goes in a document `file` of `flavor`, or `None` when it cannot be a link
/// there (the renderer then shows the text and warns, see [`unlinkable`]).
///
/// In an EPUB, a link must stay inside the book or go to the web: `#id` links to ids that
/// exist and [`safe_href`] URLs. A standalone HTML page can carry more of what was written:
/// relative links, `#id` links to ids it does not have, and an empty target.
pub fn link_href(url: &str, targets: &Targets, file: &str, flavor: Flavor) -> Option<String> {
    if let Some(id) = url.strip_prefix('#') {
        let decoded = crate::assets::percent_decode(id);
        // The title by its id: an empty fragment (`#`, `title.xhtml#`) is an error in an ebook.
        if decoded.is_empty()
            && let Some(top) = &targets.top
        {
            return Some(top.clone());
        }
        let Some(target_file) = targets.anchors.get(decoded.as_str()) else {
            // A page can carry a link to an anchor it lacks (it may be added later, or live
            // in a script); an ebook's checker rejects it.
            return (flavor == Flavor::Html && !decoded.is_empty())
                .then(|| local_href("", &decoded));
        };
        let here = target_file.is_empty() || *target_file == file;
        return Some(local_href(if here { "" } else { target_file }, &decoded));
    }
    if url.trim().is_empty() {
        return (flavor == Flavor::Html).then(String::new);
    }
    safe_href(url, flavor)
}

/// The link targets of a guide that cannot be links in `flavor` (each once, in document
/// order), so that the renderer can say so instead of silently showing plain text.
pub fn unlinkable(guide: &Guide, targets: &Targets, flavor: Flavor) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    guide.walk_inlines(&mut |i| {
        if let Inline::Link { url, .. } = i
            && link_href(url, targets, "", flavor).is_none()
            && seen.insert(url.clone())
        {
            out.push(url.clone());
        }
    });
    out
}

/// Whether raw HTML is nothing but one comment (dropped, not shown).
fn is_comment(html: &str) -> bool {
    let t = html.trim();
    t.len() >= 7
        && t.starts_with("<!--")
        && t.ends_with("-->")
        && t[4..].find("-->") == Some(t.len() - 7)
}

/// Numbers of the footnotes that no reference in the guide points at, in order.
pub fn unreferenced_footnotes(guide: &Guide) -> Vec<u32> {
    let mut referenced = HashSet::new();
    guide.walk_inlines(&mut |i| {
        if let Inline::FootnoteRef { number, .. } = i {
            referenced.insert(*number);
        }
    });
    guide
        .footnotes
        .iter()
        .map(|n| n.number)
        .filter(|n| !referenced.contains(n))
        .collect()
}

/// The plain text of a section title (for tables of contents).
pub fn title_text(section: &Section) -> String {
    let t = clean(&plain_text(&section.title)).into_owned();
    if t.trim().is_empty() {
        // A title of nothing visible: the id says where it is, else a word (a table of
        // contents entry and a document's <title> may not be empty).
        crate::render::sanitize::meta_text(&section.id).unwrap_or_else(|| "Untitled".to_owned())
    } else {
        t
    }
}

/// The `YYYY-MM-DD` a date string starts with, if it is a day of the calendar (`2024-02-30`
/// is not).
fn calendar_date(date: &str) -> Option<&str> {
    let d = date.trim().get(..10)?;
    let b = d.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = &d[r];
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    let (y, m, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (y >= 1 && (1..=days).contains(&day)).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_calendar_dates_are_time_elements() {
        assert_eq!(calendar_date("2024-03-01"), Some("2024-03-01"));
        assert_eq!(calendar_date("2024-02-29T10:00:00Z"), Some("2024-02-29"));
        assert_eq!(calendar_date("2000-02-29"), Some("2000-02-29"));
        for d in [
            "2023-02-29",
            "1900-02-29",
            "2024-02-30",
            "2024-13-01",
            "2024-04-31",
            "0000-01-01",
            "yesterday",
            "2024年3月1日",
            "2024-3-1",
            "",
            "2024-03-0１",
        ] {
            assert_eq!(calendar_date(d), None, "{d}");
        }
    }

    #[test]
    fn comments_are_recognised() {
        assert!(is_comment("<!-- x -->\n"));
        assert!(!is_comment("<!-- x --><script>"));
        assert!(!is_comment("<!---->x-->"));
        assert!(is_comment("<!---->"));
        assert!(!is_comment("<!--->"));
    }
}
