//! Text: a paragraph's inlines become styled spans ([`Builder::inline_spans`]), and spans
//! become lines ([`Builder::para`], through [`super::super::chunks`] and the line breaker)
//! with their link areas, decorations, footnote anchors and list markers; single lines for
//! labels, the running header and the footer.

use super::*;

impl Builder<'_, '_> {
    /// One line of text in one style (a label, a subtitle, a byline) as a paragraph of its
    /// own, ragged, kept with what follows.
    pub(super) fn label_line(&mut self, text: String, style: Style, leading: f32) {
        self.tagged(Role::P, |b| {
            b.para(&[Span { text, style }], false, leading, true);
        });
    }

    /// Sets spans as a paragraph at the current indent and width.
    pub(super) fn para(
        &mut self,
        spans: &[Span],
        justify: bool,
        leading: f32,
        keep: bool,
    ) -> usize {
        let hyphens = if justify { self.hyphens } else { None };
        // Giant paragraphs are broken a chunk at a time (bounded memory), line by line.
        let opts = BreakOptions {
            width: self.w.max(20.0),
            justify,
        };
        let mut lines = Vec::new();
        let place = self.place.clone();
        super::super::chunks::break_paragraph(
            self.fonts,
            spans,
            &place,
            hyphens,
            &opts,
            &mut |line, last| lines.push((line, last)),
        );
        let n = lines.len();
        for (k, (line, last)) in lines.into_iter().enumerate() {
            let h = line.size * leading;
            let baseline = (h - line.size) / 2.0 + 0.88 * line.size;
            let mut prims = Vec::new();
            let mut prim_tags = Vec::new();
            if let Some(marker) = self.marker.take() {
                let node = self.marker_node.take();
                for mut p in marker {
                    p.shift(0.0, baseline);
                    // A step badge's disc is decoration; its number, a bullet, a task box
                    // or a note's number is the label.
                    if !matches!(p, Prim::Disc { .. }) {
                        prim_tags.push((prims.len(), node));
                    }
                    prims.push(p);
                }
            }
            for m in &line.marks {
                // The first reference to a footnote is where the note's number links back to.
                if let MarkKind::Link(t) = m.kind
                    && let Some(LinkTarget::Anchor(a)) = self.links.get(t)
                    && let Some(n) = a.strip_prefix("fn-").and_then(|x| x.parse::<u32>().ok())
                    && self.backrefs.insert(n)
                {
                    prims.push(Prim::Anchor {
                        id: format!("{BACKREF}{n}"),
                        y: 0.0,
                    });
                }
                match m.kind {
                    MarkKind::Link(t) => prims.push(Prim::Link {
                        x: self.x + m.x0,
                        y: 0.0,
                        w: m.x1 - m.x0,
                        h,
                        target: t,
                    }),
                    MarkKind::Strike => prims.push(Prim::Stroke {
                        points: vec![
                            (self.x + m.x0, baseline - 0.3 * m.size),
                            (self.x + m.x1, baseline - 0.3 * m.size),
                        ],
                        color: Color::TEXT,
                        width: 0.06 * m.size,
                    }),
                    MarkKind::Underline => prims.push(Prim::Stroke {
                        points: vec![
                            (self.x + m.x0, baseline + 0.12 * m.size),
                            (self.x + m.x1, baseline + 0.12 * m.size),
                        ],
                        color: LINK,
                        width: 0.05 * m.size,
                    }),
                    // Drawn before the text (prims paint in order), so the text stays on top.
                    MarkKind::Highlight => prims.push(Prim::Rect {
                        x: self.x + m.x0,
                        y: baseline - 0.92 * m.size,
                        w: m.x1 - m.x0,
                        h: 1.18 * m.size,
                        fill: HIGHLIGHT,
                    }),
                    MarkKind::Key(_) => prims.push(Prim::Frame {
                        x: self.x + m.x0 - 0.06 * m.size,
                        y: baseline - 0.86 * m.size,
                        w: m.x1 - m.x0 + 0.12 * m.size,
                        h: 1.1 * m.size,
                        color: Color(0.45, 0.45, 0.5),
                        width: 0.5,
                    }),
                }
            }
            let notes = self.attach_notes(&line);
            let notes_h = notes
                .iter()
                .filter_map(|n| self.notes.get(n))
                .flat_map(|items| items.iter().map(|i| i.height))
                .sum();
            prims.push(Prim::Text {
                x: self.x,
                y: baseline,
                line: Box::new(line),
            });
            self.push(Item {
                height: h,
                prims,
                slot: Slot {
                    keep_with_next: keep,
                    // Orphans and widows: no page break after the first line or before the
                    // last one of a paragraph.
                    no_break_before: k == 1 || (last && k > 0),
                    notes: notes_h,
                    ..Slot::default()
                },
                notes,
                tag: None,
                prim_tags,
                decos: None,
            });
        }
        n
    }

    pub(super) fn inline_spans(&mut self, content: &[Inline], style: &Style, out: &mut Vec<Span>) {
        for inline in content {
            match inline {
                Inline::Text { text } => out.push(Span {
                    text: text.clone(),
                    style: style.clone(),
                }),
                Inline::Emphasis { content } => {
                    let mut s = style.clone();
                    s.oblique = true;
                    s.color = Color(0.30, 0.22, 0.45);
                    self.inline_spans(content, &s, out);
                }
                Inline::Strong { content } => {
                    let mut s = style.clone();
                    if s.chain == Chain::Text {
                        s.chain = Chain::Bold;
                    }
                    self.inline_spans(content, &s, out);
                }
                Inline::Strikethrough { content } => {
                    let mut s = style.clone();
                    s.strike = true;
                    self.inline_spans(content, &s, out);
                }
                Inline::Code { code } => {
                    let mut s = style.clone();
                    s.chain = Chain::Mono;
                    s.size = style.size * 0.9;
                    s.color = Color(0.55, 0.16, 0.25);
                    out.push(Span {
                        text: code.replace('\n', " "),
                        style: s,
                    });
                }
                Inline::Link { url, content, .. } => {
                    let target = match url.strip_prefix('#') {
                        Some(id) => LinkTarget::Anchor(id.to_owned()),
                        None => LinkTarget::Uri(url.clone()),
                    };
                    let t = self.link(target, plain_text(content));
                    let mut s = style.clone();
                    s.link = Some(t);
                    s.color = LINK;
                    self.inline_spans(content, &s, out);
                }
                Inline::Image { alt, .. } => out.push(Span {
                    text: alt.clone(),
                    style: style.clone(),
                }),
                Inline::LineBreak => out.push(Span {
                    text: "\n".to_owned(),
                    style: style.clone(),
                }),
                Inline::FootnoteRef { number, .. } => {
                    let t = self.link(
                        LinkTarget::Anchor(format!("fn-{number}")),
                        format!("{} {number}", self.labels.footnotes),
                    );
                    let mut s = style.clone();
                    s.size = style.size * 0.68;
                    s.rise = style.size * 0.38;
                    s.link = Some(t);
                    s.color = LINK;
                    s.chain = Chain::Text;
                    out.push(Span {
                        text: number.to_string(),
                        style: s,
                    });
                }
                Inline::Keyboard { content } => {
                    let mut s = style.clone();
                    s.chain = Chain::Mono;
                    s.size = style.size * 0.85;
                    self.keys += 1;
                    s.key = Some(self.keys);
                    // The cap is drawn around the key's own glyphs, a little outside them:
                    // no padding characters, so the text copies as written.
                    self.inline_spans(content, &s, out);
                }
                Inline::Superscript { content } => {
                    let mut s = style.clone();
                    s.size = style.size * 0.7;
                    s.rise = style.rise + style.size * 0.36;
                    self.inline_spans(content, &s, out);
                }
                Inline::Subscript { content } => {
                    let mut s = style.clone();
                    s.size = style.size * 0.7;
                    s.rise = style.rise - style.size * 0.14;
                    self.inline_spans(content, &s, out);
                }
                Inline::Highlight { content } => {
                    let mut s = style.clone();
                    s.highlight = true;
                    self.inline_spans(content, &s, out);
                }
                Inline::Inserted { content } => {
                    let mut s = style.clone();
                    s.underline = true;
                    self.inline_spans(content, &s, out);
                }
                Inline::Small { content } => {
                    let mut s = style.clone();
                    s.size = style.size * 0.85;
                    self.inline_spans(content, &s, out);
                }
                Inline::Abbreviation { content, .. } => self.inline_spans(content, style, out),
                Inline::RawHtml { .. } => {}
            }
        }
    }

    pub(super) fn spans(&mut self, content: &[Inline], style: &Style) -> Vec<Span> {
        let mut out = Vec::new();
        self.inline_spans(content, style, &mut out);
        out
    }

    pub(super) fn single_line(&mut self, text: &str, style: &Style) -> Line {
        let p = prepare(
            self.fonts,
            &[Span {
                text: text.to_owned(),
                style: style.clone(),
            }],
            &self.place.clone(),
        );
        p.break_lines(&BreakOptions {
            width: f32::MAX / 4.0,
            justify: false,
        })
        .into_iter()
        .next()
        .unwrap_or_default()
    }
}

pub(super) fn single(fonts: &mut FontSet<'_>, text: &str, style: &Style) -> Line {
    let p = prepare(
        fonts,
        &[Span {
            text: text.to_owned(),
            style: style.clone(),
        }],
        "the page header or footer",
    );
    p.break_lines(&BreakOptions {
        width: f32::MAX / 4.0,
        justify: false,
    })
    .into_iter()
    .next()
    .unwrap_or_default()
}
