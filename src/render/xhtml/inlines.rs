//! Inline content (text with its Han–Latin spacing, emphasis, links, keys, images, footnote
//! references) and the footnotes of a document.

use super::*;

impl<'g> XhtmlWriter<'g> {
    /// Inline content.
    pub fn inlines(&mut self, content: &'g [Inline]) {
        for (k, i) in content.iter().enumerate() {
            if k > 0
                && matches!(i, Inline::FootnoteRef { .. })
                && matches!(content[k - 1], Inline::FootnoteRef { .. })
            {
                // `[^a][^b]`: a comma between the numbers, or 1 and 2 read as 12.
                self.outside_link(|w| {
                    w.start("sup", &[]);
                    w.text(",");
                    w.end("sup");
                });
            }
            self.inline(i);
        }
    }

    pub(super) fn inline(&mut self, inline: &'g Inline) {
        match inline {
            Inline::Text { text } => self.running_text(text),
            Inline::Emphasis { content } => self.wrap("em", content),
            Inline::Strong { content } => self.wrap("strong", content),
            Inline::Strikethrough { content } => self.wrap("s", content),
            Inline::Keyboard { content } => self.wrap("kbd", content),
            Inline::Superscript { content } => self.wrap("sup", content),
            Inline::Subscript { content } => self.wrap("sub", content),
            Inline::Highlight { content } => self.wrap("mark", content),
            Inline::Inserted { content } => self.wrap("ins", content),
            Inline::Small { content } => self.wrap("small", content),
            Inline::Abbreviation { title, content } => {
                match title.as_deref().filter(|t| !t.trim().is_empty()) {
                    Some(t) => self.start("abbr", &[("title", t)]),
                    None => self.start("abbr", &[]),
                }
                self.inlines(content);
                self.end("abbr");
            }
            Inline::Code { code } => {
                // Code reads left to right in a right-to-left line too: without it, the
                // punctuation at its ends moves to the other side (`-v` shown as `v-`).
                self.start("code", if self.rtl { &[("dir", "ltr")] } else { &[] });
                self.text(code);
                self.end("code");
            }
            Inline::Link {
                url,
                title,
                content,
            } => match self.href(url) {
                Some(href) => {
                    let mut attrs = vec![("href", href.as_str())];
                    // A bare URL as its own text: let it break anywhere, or a justified line
                    // before it would be stretched to fill the width.
                    if plain_text(content) == *url {
                        attrs.push(("class", "url"));
                    }
                    if let Some(t) = title.as_deref().filter(|t| !t.is_empty()) {
                        attrs.push(("title", t));
                    }
                    self.link(url, &attrs, content);
                }
                None => {
                    self.start("span", &[("class", "link-text")]);
                    self.inlines(content);
                    self.end("span");
                }
            },
            Inline::Image { url, alt, .. } => match self.targets.images.get(url) {
                Some(_) => self.img(inline, true),
                None => self.missing_image(alt),
            },
            Inline::LineBreak => self.void("br", &[]),
            Inline::FootnoteRef { number, .. } => self.note_ref(*number),
            Inline::RawHtml { html } => {
                if !is_comment(html) {
                    self.start("span", &[("class", "raw-html")]);
                    self.text(html);
                    self.end("span");
                }
            }
        }
    }

    /// An `<img>` for an image that has a target (see [`Self::figure`] for the figure around
    /// one), with its title when `titled`, and the size the source gave it as a style: a
    /// style, not `width`/`height` attributes, because those take no percentage and the
    /// stylesheet's `height: auto` would override a height given alone.
    pub(super) fn img(&mut self, image: &Inline, titled: bool) {
        let Inline::Image {
            url,
            alt,
            title,
            width,
            height,
        } = image
        else {
            return;
        };
        let Some(src) = self.targets.images.get(url).cloned() else {
            return;
        };
        let mut size = Vec::new();
        match width {
            Some(Length::Px(w)) => size.push(format!("width:{w}px")),
            Some(Length::Percent(p)) => size.push(format!("width:{p}%")),
            None => {}
        }
        if let Some(h) = height {
            size.push(format!("height:{h}px"));
        }
        let size = size.join(";");
        let mut attrs = vec![("src", src.as_str()), ("alt", alt.as_str())];
        if titled && let Some(t) = title.as_deref().filter(|t| !t.is_empty()) {
            attrs.push(("title", t));
        }
        if !size.is_empty() {
            attrs.push(("style", &size));
        }
        self.void("img", &attrs);
    }

    /// Running text. In a Chinese or Japanese document, Western runs (`Alipay App`) are
    /// marked `lang="en"`: the CJK-only rules of the stylesheet (inter-character
    /// justification, emphasis dots) then leave them alone, and a screen reader reads them in
    /// an English voice. English is a guess, the likeliest language of Latin words in a CJK
    /// guide; it is what the reader would otherwise assume too.
    pub(super) fn running_text(&mut self, text: &str) {
        // Runs in the other script get their language (English words in a Chinese guide,
        // Chinese words in an English one), so a screen reader switches voice.
        let mut at = 0;
        for (s, e, lang) in crate::cjk::foreign_runs(text, &self.lang) {
            self.text(&text[at..s]);
            self.start("span", &[("lang", lang)]);
            self.text(&text[s..e]);
            self.end("span");
            at = e;
        }
        self.text(&text[at..]);
    }

    pub(super) fn wrap(&mut self, tag: &str, content: &'g [Inline]) {
        self.start(tag, &[]);
        self.inlines(content);
        self.end(tag);
    }

    /// Where a link goes, or `None` when it must not become a link.
    pub(super) fn href(&self, url: &str) -> Option<String> {
        link_href(url, self.targets, &self.file, self.flavor)
    }

    pub(super) fn note_ref(&mut self, number: u32) {
        if !self.guide.footnotes.iter().any(|n| n.number == number) {
            // A reference to a footnote that does not exist: show the number, link nowhere.
            self.start("sup", &[]);
            self.text(&number.to_string());
            self.end("sup");
            return;
        }
        let count = self.note_refs.entry(number).or_insert(0);
        *count += 1;
        let ref_id = if *count == 1 {
            format!("gp.fnref.{number}")
        } else {
            format!("gp.fnref.{number}.{count}")
        };
        if !self.notes.contains(&number) {
            self.notes.push(number);
        }
        let href = format!("#gp.fn.{number}");
        let n = number.to_string();
        // In link text (`[site[^1]](url)`), the reference is written beside the link.
        self.outside_link(|w| {
            w.start("sup", &[]);
            match w.flavor {
                Flavor::Epub => w.start(
                    "a",
                    &[
                        ("epub:type", "noteref"),
                        ("role", "doc-noteref"),
                        ("id", &ref_id),
                        ("href", &href),
                    ],
                ),
                Flavor::Html => w.start(
                    "a",
                    &[("role", "doc-noteref"), ("id", &ref_id), ("href", &href)],
                ),
            }
            w.text(&n);
            w.end("a");
            w.end("sup");
        });
    }

    /// Also writes these footnotes with [`Self::footnotes`], referenced or not: footnotes that
    /// nothing references (possible in JSON input) still belong in the output somewhere.
    pub fn add_footnotes(&mut self, numbers: impl IntoIterator<Item = u32>) {
        for n in numbers {
            if !self.notes.contains(&n) {
                self.notes.push(n);
            }
        }
    }

    /// Writes the footnotes referenced so far in this document (and any they reference in
    /// turn) as `aside` footnotes. In HTML they get a heading and a wrapping section.
    pub fn footnotes(&mut self) {
        if self.notes.is_empty() {
            return;
        }
        let html = self.flavor == Flavor::Html;
        if html {
            self.start(
                "section",
                &[("class", "footnotes"), ("role", "doc-endnotes")],
            );
            self.newline();
            self.start("h2", &[]);
            self.text(self.labels.footnotes);
            self.end("h2");
            self.newline();
        }
        let mut i = 0;
        // Footnotes may reference further footnotes; those are appended while we go.
        while i < self.notes.len() {
            let number = self.notes[i];
            i += 1;
            let Some(note) = self.guide.footnotes.iter().find(|n| n.number == number) else {
                continue;
            };
            let id = format!("gp.fn.{number}");
            match self.flavor {
                Flavor::Epub => self.start(
                    "aside",
                    &[
                        ("epub:type", "footnote"),
                        ("role", "doc-footnote"),
                        ("id", &id),
                        ("class", "footnote"),
                    ],
                ),
                Flavor::Html => self.start(
                    "aside",
                    &[("role", "doc-footnote"), ("id", &id), ("class", "footnote")],
                ),
            }
            self.newline();
            self.start("p", &[("class", "footnote-number")]);
            // A link back only where this document holds a reference to go back to.
            if self.note_refs.contains_key(&number) {
                let back = format!("#gp.fnref.{number}");
                self.start("a", &[("href", &back), ("role", "doc-backlink")]);
                self.text(&number.to_string());
                self.end("a");
            } else {
                self.text(&number.to_string());
            }
            self.end("p");
            self.newline();
            self.blocks(&note.blocks, 6);
            self.end("aside");
            self.newline();
        }
        if html {
            self.end("section");
            self.newline();
        }
    }
}
