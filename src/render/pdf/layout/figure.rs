//! Figures in the PDF layout: a paragraph split at its images, and an image read under the
//! shared image policy, at its natural size (96 dpi) but never wider than the text or taller
//! than 45 % of it, its caption, and its alternative text for tagging (a figure without one
//! is warned about).

use super::*;

/// A part of a paragraph: a run of text, or one of the paragraph's own images.
enum Piece<'a> {
    Text(&'a [Inline]),
    Image(&'a Inline),
}

/// Splits a paragraph at its own images (not those inside a link or emphasis), leaving out
/// runs that are only white space and line breaks.
fn pieces(content: &[Inline]) -> Vec<Piece<'_>> {
    let blank = |run: &[Inline]| {
        run.iter().all(|i| match i {
            Inline::Text { text } => text.trim().is_empty(),
            Inline::LineBreak => true,
            _ => false,
        })
    };
    let mut out = Vec::new();
    let mut from = 0;
    for (k, i) in content.iter().enumerate() {
        if matches!(i, Inline::Image { .. }) {
            if !blank(&content[from..k]) {
                out.push(Piece::Text(&content[from..k]));
            }
            out.push(Piece::Image(i));
            from = k + 1;
        }
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
        let pieces = pieces(content);
        let split = pieces.len() > 1;
        for piece in pieces {
            match piece {
                Piece::Text(run) => {
                    let st = self.style(Chain::Text, body);
                    let mut spans = self.spans(run, &st);
                    if split {
                        // The space that stood between the text and an image.
                        trim_ends(&mut spans);
                    }
                    self.tagged(Role::P, |b| {
                        b.para(&spans, true, leading, false);
                    });
                    if gap > 0.0 {
                        self.gap(body * gap);
                    }
                }
                Piece::Image(Inline::Image { url, alt, title }) => {
                    self.marker_line();
                    self.figure(url, alt, title.as_deref());
                }
                Piece::Image(_) => {}
            }
        }
    }

    pub(super) fn figure(&mut self, url: &str, alt: &str, title: Option<&str>) {
        let body = self.body();
        self.gap(body * 0.5);
        let loaded = images::load(url, self.base_dir);
        match loaded {
            Ok(img) => {
                let (pw, ph) = (img.width as f32, img.height as f32);
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
                self.push(Item {
                    height: h + body * 0.4,
                    prims: vec![Prim::Image {
                        x,
                        y: 0.0,
                        w,
                        h,
                        image: idx,
                    }],
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
                let mut text = format!("[{}{}", self.labels.image, self.labels.colon);
                text.push_str(alt);
                text.push(']');
                self.decos.push(Deco {
                    x: self.x,
                    w: self.w,
                    fill: CODE_BG,
                });
                self.pad(body * 0.4);
                self.tagged(Role::P, |b| {
                    b.with_indent(body, body, |b| {
                        b.para(&[Span { text, style: st }], false, 1.6, false);
                    });
                });
                self.pad(body * 0.4);
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
    /// the middle of a sentence. Their alt text is a caption, never glued into the sentence.
    /// An image inside a link or a heading cannot be set in the line: its alt text stands
    /// there, with a warning.
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
            一段文字 [![链接里的图](a.png)](https://example.com) 结束。\n";
        let (doc, warnings) = laid_out_in(md, dir.path());
        let images = doc
            .pages
            .iter()
            .flat_map(|p| &p.prims)
            .filter(|p| matches!(p, Prim::Image { .. }))
            .count();
        assert_eq!(images, 3, "{:?}", lines(&doc));
        let got = lines(&doc);
        for caption in ["设置页面", "截图二", "按钮"] {
            assert!(
                got.iter().any(|l| l == caption),
                "caption {caption}: {got:?}"
            );
        }
        for text in ["点击右上角。", "点击保存", "即可。"] {
            assert!(got.iter().any(|l| l.ends_with(text)), "{text}: {got:?}");
        }
        assert!(
            !got.iter().any(|l| l.contains("右上角。设置页面")),
            "{got:?}"
        );
        // The linked image: its alt text in the line, and a warning saying so.
        assert!(got.iter().any(|l| l.contains("链接里的图")), "{got:?}");
        let said: Vec<_> = warnings
            .iter()
            .filter(|w| w.contains("inside a line of text"))
            .collect();
        assert_eq!(said.len(), 1, "{warnings:?}");
        assert!(said[0].contains("链接里的图"), "{}", said[0]);
    }
}
