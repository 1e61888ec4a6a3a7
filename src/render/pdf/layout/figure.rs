//! Figures in the PDF layout: a paragraph split at its images, and an image read under the
//! shared image policy, at its natural size (96 dpi) but never wider than the text or taller
//! than 45 % of it, its caption, and its alternative text for tagging (a figure without one
//! is warned about).

use super::*;

/// Images at most this many pixels tall inside a sentence are icons, drawn in the line: a
/// 16 or 24 px toolbar icon (`点击 ⚙ 图标`); taller ones are figures between the text.
pub(super) const ICON_MAX_PX: u32 = 32;

/// The height of an icon in the line at most, in ems of its text: as tall as the text.
pub(super) const ICON_EM: f32 = 1.15;

/// A part of a paragraph: a run of text, or one of the paragraph's own images, with the link
/// it is the whole content of, if any.
enum Piece<'a> {
    Text(&'a [Inline]),
    Image(&'a Inline, Option<&'a Inline>),
}

/// Whether a run of inlines is only white space and line breaks.
fn blank(run: &[Inline]) -> bool {
    run.iter().all(|i| match i {
        Inline::Text { text } => text.trim().is_empty(),
        Inline::LineBreak => true,
        _ => false,
    })
}

/// The images of a link whose content is images and nothing else but white space (a badge, a
/// clickable screenshot); `None` for a link with any text.
fn linked_images(link: &Inline) -> Option<Vec<&Inline>> {
    let Inline::Link { content, .. } = link else {
        return None;
    };
    let images: Vec<_> = content
        .iter()
        .filter(|i| matches!(i, Inline::Image { .. }))
        .collect();
    let rest: Vec<_> = content
        .iter()
        .filter(|i| !matches!(i, Inline::Image { .. }))
        .cloned()
        .collect();
    (!images.is_empty() && blank(&rest)).then_some(images)
}

/// Splits a paragraph at its own images and at links that are only images (not images inside
/// link text or emphasis), leaving out runs that are only white space and line breaks. Only
/// images that `shown` can be figures split it: one that cannot be read (a URL, a missing
/// file) stays in its line as its alt text.
fn pieces<'a>(content: &'a [Inline], shown: &dyn Fn(&Inline) -> bool) -> Vec<Piece<'a>> {
    let mut out = Vec::new();
    let mut from = 0;
    for (k, i) in content.iter().enumerate() {
        let images = match i {
            Inline::Image { .. } if shown(i) => vec![(i, None)],
            Inline::Link { .. } => match linked_images(i) {
                Some(images) if images.iter().all(|m| shown(m)) => {
                    images.into_iter().map(|m| (m, Some(i))).collect()
                }
                _ => continue,
            },
            _ => continue,
        };
        if !blank(&content[from..k]) {
            out.push(Piece::Text(&content[from..k]));
        }
        out.extend(images.into_iter().map(|(m, l)| Piece::Image(m, l)));
        from = k + 1;
    }
    if !blank(&content[from..]) {
        out.push(Piece::Text(&content[from..]));
    }
    out
}

/// Removes white space from the start of the first span and the end of the last.
fn trim_ends(spans: &mut [Span]) {
    if let Some(first) = spans.first_mut() {
        first.text = first.text.trim_start().to_owned();
    }
    if let Some(last) = spans.last_mut() {
        last.text = last.text.trim_end().to_owned();
    }
}

impl Builder<'_, '_> {
    /// A paragraph: its text set at `leading` with a gap of `gap` body sizes after it. The PDF
    /// sets images only as figures, so the paragraph's own images become figures where they
    /// are, between the runs of text around them: a screenshot on the line after a step's
    /// text is shown below it, never replaced by its alt text.
    pub(super) fn paragraph(&mut self, content: &[Inline], leading: f32, gap: f32) {
        let body = self.body();
        // An image alone in its paragraph keeps its place as a figure even when it cannot
        // be read (its alt text in a box where it would be). Several images with nothing
        // else (a row of badges) are a line of them, as HTML shows them: each in a box of
        // its own, they stacked down the first page.
        let images: usize = content
            .iter()
            .map(|i| match i {
                Inline::Image { .. } => 1,
                i => linked_images(i).map_or(0, |v| v.len()),
            })
            .sum();
        let alone = images == 1
            && blank(
                &content
                    .iter()
                    .filter(|i| !matches!(i, Inline::Image { .. }) && linked_images(i).is_none())
                    .cloned()
                    .collect::<Vec<_>>(),
            );
        // Figures split the paragraph; an image that cannot be read is its alt text in the
        // line, and a small one (an icon: `点击 ⚙ 图标`) is drawn in the line.
        let shown = |i: &Inline| match i {
            Inline::Image { url, .. } => {
                alone || (self.unreadable(url).is_none() && self.icon_size(i).is_none())
            }
            _ => false,
        };
        let pieces = pieces(content, &shown);
        let split = pieces.len() > 1;
        let n = pieces.len();
        for (k, piece) in pieces.into_iter().enumerate() {
            match piece {
                Piece::Text(run) => {
                    let st = self.style(Chain::Text, body);
                    self.icons = true;
                    let mut spans = self.spans(run, &st);
                    self.icons = false;
                    if split {
                        // The space that stood between the text and an image.
                        trim_ends(&mut spans);
                    }
                    self.tagged(Role::P, |b| {
                        b.para(&spans, true, leading, false);
                    });
                    // A lead-in (`高图：`, `Run:`) never ends a page: it stays with what it
                    // introduces, a picture, code, a list or the next paragraph.
                    let text = plain_text(run);
                    if k + 1 == n
                        && text.trim_end().ends_with(['：', ':'])
                        && let Some(last) = self.items.last_mut()
                    {
                        last.slot.keep_with_next = true;
                    }
                    if gap > 0.0 {
                        self.gap(body * gap);
                    }
                }
                Piece::Image(image @ Inline::Image { .. }, link) => {
                    self.marker_line();
                    let link = link.and_then(|l| self.link_of(l));
                    self.figure(image, link);
                }
                Piece::Image(..) => {}
            }
        }
    }

    /// Why the image at `url` cannot be shown, when that is known without reading it: no
    /// folder to read it from, a URL (never fetched), a path outside the folder or to no
    /// file. Such an image is its alt text where it stands, in its line: as a block of its
    /// own it split `点击[图片：设置]图标` into three paragraphs.
    pub(super) fn unreadable(&self, url: &str) -> Option<String> {
        let Some(base) = self.base_dir else {
            return Some("images are not read for input from standard input or memory".into());
        };
        crate::assets::resolve(base, url).err()
    }

    /// The size in CSS pixels an image of `natural` size is shown at: the size the source
    /// gave it (`<img width="120">`, a percentage of the text's width, a height alone with the
    /// width in proportion, both as given), else its natural size.
    pub(super) fn shown_px(
        &self,
        natural: (u32, u32),
        width: Option<Length>,
        height: Option<u32>,
    ) -> (f32, f32) {
        let (nw, nh) = (natural.0.max(1) as f32, natural.1.max(1) as f32);
        let w = width.map(|w| match w {
            Length::Px(px) => px as f32,
            // Points to CSS pixels: 0.75 pt a pixel.
            Length::Percent(p) => self.w / 0.75 * p as f32 / 100.0,
        });
        match (w, height.map(|h| h as f32)) {
            (Some(w), Some(h)) => (w, h),
            (Some(w), None) => (w, w * nh / nw),
            (None, Some(h)) => (h * nw / nh, h),
            (None, None) => (nw, nh),
        }
    }

    /// The size in pixels `image` is shown at when it is an icon: readable, and at most
    /// [`ICON_MAX_PX`] tall as shown (a screenshot is a figure, a large picture given
    /// `height="20"` is an icon). Reads the file and its header only.
    pub(super) fn icon_size(&self, image: &Inline) -> Option<(f32, f32)> {
        let Inline::Image {
            url, width, height, ..
        } = image
        else {
            return None;
        };
        if self.unreadable(url).is_some() {
            return None;
        }
        let (_, img) = crate::assets::images::load(self.base_dir, url).ok()?;
        let (w, h) = self.shown_px((img.width, img.height), *width, *height);
        (h <= ICON_MAX_PX as f32 && w <= 4.0 * ICON_MAX_PX as f32).then_some((w, h))
    }

    /// A figure: `image`, clickable when `link` (an index in [`Builder::link`]'s targets) is
    /// given, then its caption.
    pub(super) fn figure(&mut self, image: &Inline, link: Option<usize>) {
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
        let title = title.as_deref();
        let body = self.body();
        self.gap(body * 0.5);
        let loaded = images::load(url, self.base_dir);
        match loaded {
            Ok(img) => {
                let (pw, ph) = self.shown_px((img.width, img.height), *width, *height);
                let max_h = self.geo.text_h() * 0.45;
                // Natural size at 96 dpi (the web's and pandoc's convention), never wider than
                // the text: large images shrink to fit, small ones are not blown up into
                // visible pixels.
                let mut w = self.w.min(pw * 0.75);
                let mut h = w * ph / pw.max(1.0);
                if h > max_h {
                    h = max_h;
                    w = h * pw / ph.max(1.0);
                }
                self.images.push(img);
                let idx = self.images.len() - 1;
                let x = self.x + (self.w - w) / 2.0;
                // A figure always has alternative text: its own, else its title, else a
                // warning and the word for an image with the file's name.
                let description = match (alt.trim(), title.map(str::trim)) {
                    ("", Some(t)) if !t.is_empty() => t.to_owned(),
                    ("", _) => {
                        self.warnings.push(format!(
                            "image `{url}`: no alternative text; a screen reader of the PDF \
                             hears only “{}” and its file name",
                            self.labels.image
                        ));
                        let file = url.rsplit('/').next().unwrap_or(url);
                        format!("{}{}{file}", self.labels.image, self.labels.colon)
                    }
                    (a, _) => a.to_owned(),
                };
                let figure = self.tree.add(Role::Figure, self.cur);
                self.tree.nodes[figure].set_alt(description);
                let mut prims = vec![Prim::Image {
                    x,
                    y: 0.0,
                    w,
                    h,
                    image: idx,
                }];
                if let Some(target) = link {
                    prims.push(Prim::Link {
                        x,
                        y: 0.0,
                        w,
                        h,
                        target,
                    });
                }
                self.push(Item {
                    height: h + body * 0.4,
                    prims,
                    slot: Slot {
                        keep_with_next: !alt.is_empty(),
                        ..Slot::default()
                    },
                    notes: Vec::new(),
                    tag: Some(figure),
                    ..Item::default()
                });
            }
            Err(e) => {
                // Same wording as EPUB and HTML (render::resources): one policy, one message.
                self.warnings
                    .push(format!("image `{url}` left out, its alt text shown: {e}"));
                let mut st = self.style(Chain::Text, body);
                st.color = MUTED;
                // A linked image still leads where it led: its alt text is the link.
                if let Some(target) = link {
                    st.link = Some(target);
                    st.color = LINK;
                }
                let text = self.labels.image_stand_in(alt);
                self.decos.push(Deco {
                    x: self.x,
                    w: self.w,
                    fill: CODE_BG,
                });
                self.pad_top(body * 0.4);
                self.tagged(Role::P, |b| {
                    b.with_indent(body, body, |b| {
                        b.para(&[Span { text, style: st }], false, 1.6, false);
                    });
                });
                self.pad_bottom(body * 0.4);
                self.decos.pop();
                self.gap(body * 0.6);
                return;
            }
        }
        let caption = match title {
            Some(t) if !t.is_empty() && t != alt => {
                format!("{alt}{}{t}", if alt.is_empty() { "" } else { " — " })
            }
            _ => alt.to_owned(),
        };
        if !caption.is_empty() {
            let saved = self.cur;
            self.cur = self.tree.add(Role::P, saved);
            let mut st = self.style(Chain::Text, body * 0.88);
            st.color = MUTED;
            let line = self.single_line(&caption, &st);
            if line.width <= self.w {
                let x = self.x + (self.w - line.width) / 2.0;
                let h = body * 0.88 * 1.6;
                self.push(Item {
                    height: h,
                    prims: vec![Prim::Text {
                        x,
                        y: h * 0.72,
                        line: Box::new(line),
                    }],
                    slot: Slot::default(),
                    notes: Vec::new(),
                    ..Item::default()
                });
            } else {
                self.para(
                    &[Span {
                        text: caption,
                        style: st,
                    }],
                    false,
                    1.6,
                    false,
                );
            }
            self.cur = saved;
        }
        self.gap(body * 0.8);
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{laid_out_in, lines};
    use super::*;

    /// A paragraph's own images are set as figures where they stand, between its runs of
    /// text: a screenshot on the line after a step's text, one alone in a list item, one in
    /// the middle of a sentence, one that is all of a link (a clickable screenshot, a badge).
    /// Their alt text is a caption, never glued into the sentence. An image inside link text
    /// or a heading cannot be set in the line: its alt text stands there, with a warning.
    #[test]
    fn a_paragraphs_own_images_become_figures() {
        let dir = tempfile::tempdir().unwrap();
        let png = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/images/diagram.png"),
        )
        .unwrap();
        std::fs::write(dir.path().join("a.png"), png).unwrap();
        let md = "# 如何截图\n\n\
            1. **打开设置**：点击右上角。\n   ![设置页面](a.png)\n\
            2. ![截图二](a.png)\n\
            3. 点击保存 ![按钮](a.png) 即可。\n\n\
            一段文字 [![链接里的图](a.png)](https://example.com/a) 结束。\n\n\
            另一段 [![图和字](a.png) 说明文字](https://example.com/b) 结束。\n";
        let (doc, warnings) = laid_out_in(md, dir.path());
        let prims: Vec<_> = doc.pages.iter().flat_map(|p| &p.prims).collect();
        let images: Vec<_> = prims
            .iter()
            .filter_map(|p| match p {
                Prim::Image { x, y, w, h, .. } => Some((*x, *y, *w, *h)),
                _ => None,
            })
            .collect();
        assert_eq!(images.len(), 4, "{:?}", lines(&doc));
        let got = lines(&doc);
        for caption in ["设置页面", "截图二", "按钮", "链接里的图"] {
            assert!(
                got.iter().any(|l| l == caption),
                "caption {caption}: {got:?}"
            );
        }
        for text in ["点击右上角。", "点击保存", "即可。", "一段文字", "结束。"]
        {
            assert!(got.iter().any(|l| l.ends_with(text)), "{text}: {got:?}");
        }
        assert!(
            !got.iter().any(|l| l.contains("右上角。设置页面")),
            "{got:?}"
        );
        // The image that is all of a link is clickable: the link covers the whole picture.
        let a = doc
            .links
            .iter()
            .position(|t| *t == LinkTarget::Uri("https://example.com/a".into()))
            .expect("the linked image's link");
        let area = prims.iter().find_map(|p| match p {
            Prim::Link { x, y, w, h, target } if *target == a => Some((*x, *y, *w, *h)),
            _ => None,
        });
        assert_eq!(area, Some(images[3]), "{prims:?}");
        // The image inside link text: its alt text in the line, the link kept around it, and
        // a warning saying so.
        assert!(got.iter().any(|l| l.contains("图和字 说明文字")), "{got:?}");
        assert!(
            doc.links
                .contains(&LinkTarget::Uri("https://example.com/b".into())),
            "{:?}",
            doc.links
        );
        let said: Vec<_> = warnings
            .iter()
            .filter(|w| w.contains("inside a line of text"))
            .collect();
        assert_eq!(said.len(), 1, "{warnings:?}");
        assert!(said[0].contains("图和字"), "{}", said[0]);
        // Its place in words, `(line N)`: the place's inner separators must not leak into
        // a message (they were printed to the terminal as control characters).
        assert!(said[0].contains(" (line "), "{}", said[0]);
        assert!(!said[0].chars().any(char::is_control), "{:?}", said[0]);
    }
}
