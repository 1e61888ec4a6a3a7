//! Text: a paragraph's inlines become styled spans ([`Builder::inline_spans`]), and spans
//! become lines ([`Builder::para`], through [`super::super::chunks`] and the line breaker)
//! with their link areas, decorations, footnote anchors and list markers; single lines for
//! labels, the running header and the footer.

use super::*;
use crate::render::pdf::linebreak::Mark;

/// How an inline mark other than a link is drawn (a stroke through or under the text, a
/// highlight behind it, a key cap's frame) for a line set at `x` with its baseline at
/// `baseline`. Paragraphs and table cells alike: the text is drawn after, so it stays on top
/// of a highlight. The drawings are artifacts; the text says what they mean.
pub(super) fn mark_prim(m: &Mark, x: f32, baseline: f32) -> Option<Prim> {
    Some(match m.kind {
        MarkKind::Link(_) | MarkKind::Image(_) => return None,
        MarkKind::Strike => Prim::Stroke {
            points: vec![
                (x + m.x0, baseline - 0.3 * m.size),
                (x + m.x1, baseline - 0.3 * m.size),
            ],
            color: Color::TEXT,
            width: 0.06 * m.size,
        },
        MarkKind::Underline => Prim::Stroke {
            points: vec![
                (x + m.x0, baseline + 0.12 * m.size),
                (x + m.x1, baseline + 0.12 * m.size),
            ],
            color: LINK,
            width: 0.05 * m.size,
        },
        MarkKind::Highlight => Prim::Rect {
            x: x + m.x0,
            y: baseline - 0.92 * m.size,
            w: m.x1 - m.x0,
            h: 1.18 * m.size,
            fill: HIGHLIGHT,
        },
        MarkKind::Key(_) => Prim::Frame {
            x: x + m.x0 - 0.02 * m.size,
            y: baseline - 0.86 * m.size,
            w: m.x1 - m.x0 + 0.04 * m.size,
            h: 1.1 * m.size,
            color: Color(0.45, 0.45, 0.5),
            width: 0.5,
        },
    })
}

impl Builder<'_, '_> {
    /// One line of text in one style (a label, a subtitle, a byline) as a paragraph of its
    /// own, ragged, kept with what follows.
    pub(super) fn label_line(&mut self, text: String, style: Style, leading: f32) {
        self.tagged(Role::P, |b| {
            b.para(&[Span { text, style }], false, leading, true);
        });
    }

    /// Moves the pending list marker (a number, bullet, step badge, task box or label) onto
    /// the line whose baseline is `baseline`.
    fn take_marker(
        &mut self,
        baseline: f32,
        prims: &mut Vec<Prim>,
        prim_tags: &mut Vec<(usize, Option<usize>)>,
    ) {
        let Some(marker) = self.marker.take() else {
            return;
        };
        let node = self.marker_node.take();
        for mut p in marker {
            p.shift(0.0, baseline);
            // A step badge's disc (and the band of a wide one) is decoration; its number, a
            // bullet, a task box or a note's number is the label.
            if !matches!(p, Prim::Disc { .. } | Prim::Rect { .. }) {
                prim_tags.push((prims.len(), node));
            }
            prims.push(p);
        }
    }

    /// Sets the pending list marker on a line of its own, for an item whose first block has
    /// no line of text to carry it (a code block, a table, a rule, an image, a nested list,
    /// or nothing at all). Without it the item's number or bullet would be lost.
    pub(super) fn marker_line(&mut self) {
        if self.marker.is_none() {
            return;
        }
        let size = self.body();
        let h = size * 1.7;
        let mut prims = Vec::new();
        let mut prim_tags = Vec::new();
        self.take_marker((h - size) / 2.0 + 0.88 * size, &mut prims, &mut prim_tags);
        self.push(Item {
            height: h,
            prims,
            slot: Slot {
                keep_with_next: true,
                ..Slot::default()
            },
            prim_tags,
            ..Item::default()
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
        // Links that go on to the next line: their area on this line reaches the line's end,
        // so that the space between the two lines is the link's too (one `Link` element
        // holds both pieces in reading order, see `tags`).
        let link_targets = |l: &Line| -> Vec<usize> {
            l.marks
                .iter()
                .filter_map(|m| match m.kind {
                    MarkKind::Link(t) => Some(t),
                    _ => None,
                })
                .collect()
        };
        let continues: Vec<Vec<usize>> = (0..n)
            .map(|k| match lines.get(k + 1) {
                Some((next, _)) => {
                    let next = link_targets(next);
                    link_targets(&lines[k].0)
                        .into_iter()
                        .filter(|t| next.contains(t))
                        .collect()
                }
                None => Vec::new(),
            })
            .collect();
        for (k, (line, last)) in lines.into_iter().enumerate() {
            let h = line.size * leading;
            let baseline = (h - line.size) / 2.0 + 0.88 * line.size;
            let mut prims = Vec::new();
            let mut prim_tags = Vec::new();
            // Icons in the line, drawn after its text: their `Figure` elements are read
            // after the line's text (a line's text is one marked sequence).
            let mut icons = Vec::new();
            self.take_marker(baseline, &mut prims, &mut prim_tags);
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
                    MarkKind::Image(n) => {
                        // An icon in the line, centred on the middle of the characters'
                        // em box, its own `Figure` inside the paragraph with its alt text.
                        let Some(img) = self.images.get(n as usize) else {
                            continue;
                        };
                        let w = m.x1 - m.x0;
                        let ih = w * img.height as f32 / (img.width as f32).max(1.0);
                        let figure = self.tree.add(Role::Figure, self.cur);
                        let alt = self.inline_alts.remove(&n).unwrap_or_default();
                        self.tree.nodes[figure].set_alt(alt);
                        icons.push((
                            Prim::Image {
                                x: self.x + m.x0,
                                y: baseline - 0.38 * line.size - ih / 2.0,
                                w,
                                h: ih,
                                image: n as usize,
                            },
                            figure,
                        ));
                    }
                    MarkKind::Link(t) => prims.push(Prim::Link {
                        x: self.x + m.x0,
                        y: 0.0,
                        w: if continues[k].contains(&t) {
                            (self.w + line.size - m.x0).max(m.x1 - m.x0)
                        } else {
                            m.x1 - m.x0
                        },
                        h,
                        target: t,
                    }),
                    _ => prims.extend(mark_prim(m, self.x, baseline)),
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
            for (icon, figure) in icons {
                prims.push(icon);
                prim_tags.push((prims.len() - 1, Some(figure)));
            }
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
        for (k, inline) in content.iter().enumerate() {
            match inline {
                Inline::Text { text } => out.push(Span {
                    text: text.clone(),
                    style: style.clone(),
                }),
                Inline::Emphasis { content } => self.nested(content, style, out, |s| {
                    s.oblique = true;
                    s.color = Color(0.30, 0.22, 0.45);
                }),
                Inline::Strong { content } => self.nested(content, style, out, |s| {
                    if s.chain == Chain::Text {
                        s.chain = Chain::Bold;
                    }
                }),
                Inline::Strikethrough { content } => self.nested(content, style, out, |s| {
                    s.strike = true;
                }),
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
                Inline::Link { content, .. } => match self.link_of(inline) {
                    Some(t) => self.nested(content, style, out, |s| {
                        s.link = Some(t);
                        s.color = LINK;
                    }),
                    None => self.inline_spans(content, style, out),
                },
                Inline::Image {
                    url, alt, title, ..
                } if self.icons && self.icon_size(inline).is_some() => {
                    // A small image inside a sentence (an icon): in the line, as tall as
                    // the text at most (see `figure::paragraph`).
                    let (pw, ph) = self.icon_size(inline).unwrap_or((1.0, 1.0));
                    match super::super::images::load(url, self.base_dir) {
                        Ok(img) => {
                            let h = (ph * 0.75).min(style.size * super::figure::ICON_EM);
                            let w = h * pw / ph.max(1.0);
                            self.images.push(img);
                            let n = (self.images.len() - 1) as u32;
                            let description = match (alt.trim(), title.as_deref().map(str::trim)) {
                                ("", Some(t)) if !t.is_empty() => t.to_owned(),
                                (a, _) => a.to_owned(),
                            };
                            self.inline_alts.insert(n, description);
                            let mut s = style.clone();
                            s.image = Some((n, w));
                            out.push(Span {
                                text: "\u{fffc}".to_owned(),
                                style: s,
                            });
                        }
                        Err(e) => {
                            self.warnings
                                .push(format!("image `{url}` left out, its alt text shown: {e}"));
                            out.push(Span {
                                text: self.labels.image_stand_in(alt),
                                style: style.clone(),
                            });
                        }
                    }
                }
                Inline::Image { url, alt, .. } if self.unreadable(url).is_some() => {
                    // An image that cannot be read is its alt text where it stands, marked
                    // as an image, as the figure that is left out would be.
                    let why = self.unreadable(url).unwrap_or_default();
                    self.warnings
                        .push(format!("image `{url}` left out, its alt text shown: {why}"));
                    let mut s = style.clone();
                    if s.link.is_none() {
                        s.color = MUTED;
                    }
                    out.push(Span {
                        text: self.labels.image_stand_in(alt),
                        style: s,
                    });
                }
                Inline::Image { url, alt, .. } => {
                    // Images in a paragraph's own run of text become figures before this
                    // (`figure::pieces`); one in a heading, link text, emphasis or a table
                    // cell cannot be set in the line: say so, and where, and show its alt
                    // text there.
                    self.warnings.push(format!(
                        "image `{url}` in {} is inside a line of text (a heading, link text, \
                         emphasis or a table cell): the PDF shows its alt text “{alt}” there \
                         instead",
                        fonts::place_words(&self.place)
                    ));
                    out.push(Span {
                        text: alt.clone(),
                        style: style.clone(),
                    });
                }
                Inline::LineBreak => out.push(Span {
                    text: "\n".to_owned(),
                    style: style.clone(),
                }),
                Inline::FootnoteRef { number, .. } => {
                    let mut s = style.clone();
                    s.size = style.size * 0.68;
                    s.rise = style.size * 0.38;
                    if k > 0 && matches!(content[k - 1], Inline::FootnoteRef { .. }) {
                        // `[^a][^b]`: a comma between the numbers, or 1 and 2 read as 12.
                        out.push(Span {
                            text: ",".to_owned(),
                            style: s.clone(),
                        });
                    }
                    let t = self.link(
                        LinkTarget::Anchor(format!("fn-{number}")),
                        format!("{} {number}", self.labels.footnotes),
                    );
                    s.link = Some(t);
                    s.color = LINK;
                    s.chain = Chain::Text;
                    out.push(Span {
                        text: number.to_string(),
                        style: s,
                    });
                }
                Inline::Keyboard { content } => {
                    self.keys += 1;
                    let key = self.keys;
                    // The cap is drawn around the key's own glyphs, a little outside them:
                    // no padding characters, so the text copies as written.
                    self.nested(content, style, out, |s| {
                        s.chain = Chain::Mono;
                        s.size = style.size * 0.85;
                        s.key = Some(key);
                    });
                }
                Inline::Superscript { content } => self.nested(content, style, out, |s| {
                    s.size = style.size * 0.7;
                    s.rise = style.rise + style.size * 0.36;
                }),
                Inline::Subscript { content } => self.nested(content, style, out, |s| {
                    s.size = style.size * 0.7;
                    s.rise = style.rise - style.size * 0.14;
                }),
                Inline::Highlight { content } => self.nested(content, style, out, |s| {
                    s.highlight = true;
                }),
                Inline::Inserted { content } => self.nested(content, style, out, |s| {
                    s.underline = true;
                }),
                Inline::Small { content } => self.nested(content, style, out, |s| {
                    s.size = style.size * 0.85;
                }),
                // A printed page has no tooltip: the expansion follows in brackets, as in the
                // text output (it was lost).
                Inline::Abbreviation { content, title } => {
                    self.inline_spans(content, style, out);
                    if let Some(t) = title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                        out.push(Span {
                            text: format!(" ({t})"),
                            style: style.clone(),
                        });
                    }
                }
                Inline::RawHtml { .. } => {}
            }
        }
    }

    /// The spans of `content` (an emphasis, a superscript, …) in `style` as `tweak` changes it.
    fn nested(
        &mut self,
        content: &[Inline],
        style: &Style,
        out: &mut Vec<Span>,
        tweak: impl FnOnce(&mut Style),
    ) {
        let mut s = style.clone();
        tweak(&mut s);
        self.inline_spans(content, &s, out);
    }

    pub(super) fn spans(&mut self, content: &[Inline], style: &Style) -> Vec<Span> {
        let mut out = Vec::new();
        self.inline_spans(content, style, &mut out);
        out
    }

    pub(super) fn single_line(&mut self, text: &str, style: &Style) -> Line {
        let place = self.place.clone();
        single_in(self.fonts, text, style, &place)
    }
}

pub(super) fn single(fonts: &mut FontSet<'_>, text: &str, style: &Style) -> Line {
    single_in(fonts, text, style, "the page header or footer")
}

/// `text` set on one line, however long, with characters no font has noted at `place`.
fn single_in(fonts: &mut FontSet<'_>, text: &str, style: &Style, place: &str) -> Line {
    let p = prepare(
        fonts,
        &[Span {
            text: text.to_owned(),
            style: style.clone(),
        }],
        place,
    );
    p.break_lines(&BreakOptions {
        width: f32::MAX / 4.0,
        justify: false,
    })
    .into_iter()
    .next()
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::tests::{laid_out, lines};
    use super::*;

    /// How many lines read exactly `text`.
    fn count(lines: &[String], text: &str) -> usize {
        lines.iter().filter(|l| *l == text).count()
    }

    /// Every list item, step and answer shows its number, bullet, badge or label, whatever
    /// its first block: a nested list, code, a table, a rule, a quote, nothing visible. The
    /// labels expected are written out here.
    #[test]
    fn every_item_keeps_its_marker_whatever_its_first_block() {
        let lists = "# T\n\n\
            1. - a\n   - b\n\
            2. ```\n   code\n   ```\n\
            3. | x | y |\n   |---|---|\n   | 1 | 2 |\n\
            4. ---\n\
            5. > 1. quoted\n\
            6. <!-- nothing to show -->\n\
            7. plain\n\n\
            text\n\n\
            - - nested\n- outer\n";
        let got = lines(&laid_out(lists));
        // `1.` twice: item 1 and the quoted list's own first item.
        assert_eq!(count(&got, "1."), 2, "{got:?}");
        for n in 2..=7 {
            assert_eq!(count(&got, &format!("{n}.")), 1, "item {n}: {got:?}");
        }
        // a, b, the outer item holding `nested`, nested, outer.
        assert_eq!(count(&got, "•"), 5, "{got:?}");

        let steps = "# T\n\n<!-- guidepress: steps -->\n\
            1. ```\n   make\n   ```\n2. | a |\n   |---|\n   | b |\n3. - x\n";
        let got = lines(&laid_out(steps));
        for badge in ["1", "2", "3"] {
            assert_eq!(count(&got, badge), 1, "step {badge}: {got:?}");
        }

        let qa = "---\nlang: zh-CN\n---\n\n# T\n\n## 常见问题\n\n### 怎么办？\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n\
            ### 还有吗？\n\n- x\n- y\n\n### 代码呢？\n\n```\nls\n```\n";
        let got = lines(&laid_out(qa));
        assert_eq!(count(&got, "问"), 3, "{got:?}");
        assert_eq!(count(&got, "答"), 3, "{got:?}");
    }

    /// A list's numbers stay inside the text area however wide they are, and its items' text
    /// starts after the widest number.
    #[test]
    fn wide_list_numbers_stay_inside_the_margin() {
        let doc = laid_out("# T\n\n123456789. 很长的编号\n123456790. 第二项\n");
        let left = doc.geometry.margin_x;
        // (left, right) of the line that reads `text`.
        let span = |text: &str| {
            doc.pages
                .iter()
                .flat_map(|p| &p.prims)
                .find_map(|p| match p {
                    Prim::Text { x, line, .. } if line.text == text => Some((*x, x + line.width)),
                    _ => None,
                })
                .unwrap_or_else(|| panic!("no line `{text}`: {:?}", lines(&doc)))
        };
        for n in ["123456789.", "123456790."] {
            let (x, _) = span(n);
            assert!(
                x >= left - 0.01,
                "`{n}` starts at {x} pt, the margin at {left}"
            );
        }
        assert!(
            span("第二项").0 > span("123456790.").1,
            "the item's text overlaps its number"
        );
    }
}
