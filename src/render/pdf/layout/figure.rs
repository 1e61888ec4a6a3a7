//! Figures in the PDF layout: an image read under the shared image policy, at its natural
//! size (96 dpi) but never wider than the text or taller than 45 % of it, its caption, and
//! its alternative text for tagging (a figure without one is warned about).

use super::*;

impl Builder<'_, '_> {
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
