//! The front of the document in the PDF layout: the theme's logo and the cover image, the
//! title block (title, subtitle, authors, date), and the table of contents with its page
//! references.

use super::*;

impl Builder<'_, '_> {
    /// Reads the theme's logo under the shared image policy; a refused logo is a warning.
    pub(super) fn load_logo(&mut self, guide: &Guide) {
        if let Some(url) = guide.meta.theme.logo.as_deref() {
            self.logo = self.load_image_ratio(url);
        }
    }

    /// Reads an image that is not part of the text (logo, cover): its index in
    /// [`Doc::images`] and its width/height ratio, or a warning.
    pub(super) fn load_image_ratio(&mut self, url: &str) -> Option<(usize, f32)> {
        if url.trim().is_empty() {
            return None;
        }
        match images::load(url, self.base_dir) {
            Ok(img) => {
                let ratio = img.width as f32 / (img.height as f32).max(1.0);
                self.images.push(img);
                Some((self.images.len() - 1, ratio))
            }
            Err(e) => {
                // A logo or cover has no alt text to show in its place.
                self.warnings.push(format!("image `{url}` left out: {e}"));
                None
            }
        }
    }

    pub(super) fn title_block(&mut self, guide: &Guide, anchor: &str) {
        let body = self.body();
        if let Some((image, ratio)) = self.logo {
            // The logo above the title, at most 3 lines high and a third of the text wide.
            let h = (body * 3.2).min(self.w / 3.0 / ratio.max(0.01));
            self.push(Item {
                height: h + body * 0.6,
                prims: vec![Prim::Image {
                    x: self.x,
                    y: 0.0,
                    w: h * ratio,
                    h,
                    image,
                }],
                slot: Slot {
                    keep_with_next: true,
                    ..Slot::default()
                },
                // Decoration (the HTML gives it an empty alt): an artifact, not a Figure.
                prim_tags: vec![(0, None)],
                ..Item::default()
            });
        }
        let mut st = self.style(Chain::Bold, body * 2.1);
        st.color = self.accent;
        let title = if guide.meta.title.is_empty() {
            "—".to_owned()
        } else {
            guide.meta.title.clone()
        };
        let first = self.items.len();
        // The title keeps the formatting its heading had (emphasis, code).
        let spans = if guide.meta.title_content.is_empty() {
            vec![Span {
                text: title,
                style: st,
            }]
        } else {
            self.spans(&guide.meta.title_content, &st)
        };
        let role = self.heading_role(1);
        self.tagged(role, |b| {
            b.para(&spans, false, 1.35, true);
        });
        if let Some(item) = self.items.get_mut(first) {
            // The title's own anchor, and the top of the guide (`#`).
            for id in [anchor, ""] {
                item.prims.push(Prim::Anchor {
                    id: id.to_owned(),
                    y: 0.0,
                });
            }
        }
        if let Some(sub) = &guide.meta.subtitle {
            let mut st = self.style(Chain::Text, body * 1.3);
            st.color = MUTED;
            self.label_line(sub.clone(), st, 1.5);
        }
        let mut byline = Vec::new();
        if !guide.meta.authors.is_empty() {
            let sep = if self.labels.colon == "：" {
                "、"
            } else {
                ", "
            };
            byline.push(format!(
                "{}{}{}",
                self.labels.by,
                self.labels.colon,
                guide.meta.authors.join(sep)
            ));
        }
        if let Some(d) = &guide.meta.date {
            byline.push(d.clone());
        }
        if !byline.is_empty() {
            let mut st = self.style(Chain::Text, body * 0.95);
            st.color = MUTED;
            self.gap(body * 0.3);
            self.label_line(byline.join("  ·  "), st, 1.6);
        }
        let x = self.x;
        let w = self.w;
        self.push(Item {
            height: body * 1.6,
            prims: vec![Prim::Rect {
                x,
                y: body * 0.6,
                w,
                h: 1.6,
                fill: self.accent,
            }],
            slot: Slot::default(),
            notes: Vec::new(),
            ..Item::default()
        });
        self.gap(body * 0.4);
    }

    pub(super) fn toc(&mut self, guide: &Guide, title_section: Option<usize>) {
        let body = self.body();
        let mut st = self.style(Chain::Bold, body * 1.2);
        st.color = self.accent;
        let label = self.labels.contents.to_owned();
        self.label_line(label, st, 1.6);
        self.gap(body * 0.3);
        let toc = self.tree.add(Role::Toc, self.cur);
        let outer = std::mem::replace(&mut self.cur, toc);
        let mut entries = Vec::new();
        fn walk<'s>(list: &'s [Section], depth: usize, out: &mut Vec<(&'s Section, usize)>) {
            for s in list {
                out.push((s, depth));
                if depth < 2 {
                    walk(&s.sections, depth + 1, out);
                }
            }
        }
        for (i, s) in guide.sections.iter().enumerate() {
            if Some(i) == title_section {
                walk(&s.sections, 0, &mut entries);
            } else {
                walk(std::slice::from_ref(s), 0, &mut entries);
            }
        }
        for (s, depth) in entries {
            let size = if depth == 0 { body } else { body * 0.93 };
            let mut st = self.style(if depth == 0 { Chain::Bold } else { Chain::Text }, size);
            st.color = if depth == 0 {
                Color::TEXT
            } else {
                Color(0.25, 0.25, 0.28)
            };
            let spans = vec![Span {
                text: plain_text(&s.title),
                style: st,
            }];
            let indent = depth as f32 * body * 1.5;
            let target = self.link(LinkTarget::Anchor(s.id.clone()), plain_text(&s.title));
            let first = self.items.len();
            let right = body * 3.0;
            self.tagged(Role::Toci, |b| {
                b.with_indent(indent, right, |b| {
                    b.para(&spans, false, 1.6, false);
                });
            });
            let x_right = self.x + self.w;
            let count = self.items.len() - first;
            for (k, item) in self.items[first..].iter_mut().enumerate() {
                let h = item.height;
                item.prims.push(Prim::Link {
                    x: self.x + indent,
                    y: 0.0,
                    w: self.w - indent,
                    h,
                    target,
                });
                if k + 1 == count {
                    let baseline = (h - size) / 2.0 + 0.88 * size;
                    item.prims.push(Prim::PageRef {
                        id: s.id.clone(),
                        x: x_right,
                        y: baseline,
                        size,
                    });
                }
            }
        }
        self.cur = outer;
        self.gap(body * 1.2);
    }
}
