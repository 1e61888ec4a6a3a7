//! Pages: the flow cut into pages ([`paginate`]), then the finished pages (primitives placed,
//! footnotes at the foot, a cover before them) with their furniture: running header and
//! footer (the theme's templates, see [`furniture`]), the logo, and table-of-contents page
//! numbers.
//! Furniture is added last and has no structure element, so it is an artifact when tagged.

use super::*;

/// Cuts a flow into pages of at most `height` points. Returns, per page, the items on it in
/// order (a repeated table header appears on several pages). Footnotes brought by an item
/// ([`Slot::notes`]) take space at the foot of the same page, with a [`NOTE_RULE`] above
/// the first.
pub fn paginate(slots: &[Slot], height: f32) -> Vec<Vec<usize>> {
    let n = slots.len();
    let mut pages = Vec::new();
    let mut i = 0;
    let breakable = |j: usize| j > 0 && !slots[j].no_break_before && !slots[j - 1].keep_with_next;
    while i < n {
        while i < n && slots[i].discardable {
            i += 1;
        }
        if i >= n {
            break;
        }
        let mut page = Vec::new();
        let mut y = 0.0;
        if let Some(h) = slots[i].header
            && h < i
        {
            page.push(h);
            y += slots[h].height;
        }
        let first = page.len();
        let start = i;
        let mut notes = 0.0;
        while i < n {
            let s = &slots[i];
            if s.break_before && i > start {
                break;
            }
            let extra = if s.notes > 0.0 {
                s.notes + if notes == 0.0 { NOTE_RULE } else { 0.0 }
            } else {
                0.0
            };
            if y + s.height + notes + extra > height + 0.01 {
                // A gap that does not fit ends the page, unless what comes before it must
                // stay with what comes after (a lead-in and its code): then the page breaks
                // where it may, as for any other item.
                if s.discardable && !(i > start && slots[i - 1].keep_with_next) {
                    break;
                }
                if i == start {
                    // Taller than a page: place it alone rather than loop forever.
                    page.push(i);
                    i += 1;
                    break;
                }
                let mut j = i;
                while j > start && !breakable(j) {
                    j -= 1;
                }
                if j == start {
                    j = i; // Nothing acceptable: break where the page is full.
                }
                page.truncate(first + (j - start));
                i = j;
                break;
            }
            page.push(i);
            y += s.height;
            notes += extra;
            i += 1;
        }
        // Do not end a page with a lone repeated header.
        if page.len() > first || first == 0 {
            pages.push(page);
        }
    }
    pages
}

impl Builder<'_, '_> {
    /// Paginates and finishes the pages: running header, footer, page references.
    pub(super) fn finish(mut self, guide: &Guide) -> Doc {
        let geo = self.geo;
        let slots: Vec<Slot> = self.items.iter().map(|i| i.slot).collect();
        let pages_idx = paginate(&slots, geo.text_h());
        let total = pages_idx.len().max(1);
        let mut pages = Vec::with_capacity(total);
        let mut anchors = BTreeMap::new();
        // Items placed once (all but repeated table headers) give their primitives away
        // instead of copying every glyph.
        let mut uses = vec![0u32; self.items.len()];
        for &i in pages_idx.iter().flatten() {
            uses[i] += 1;
        }
        let mut items = std::mem::take(&mut self.items);
        // Shaped once, on the second page, for every page that has it.
        let mut header: Option<Option<Line>> = None;
        // The cover is a page of its own, before the numbered pages: the whole page, the
        // image as large as fits, centred.
        let offset = usize::from(self.cover.is_some());
        if let Some((image, ratio)) = self.cover {
            let (mut w, mut h) = (geo.page_w, geo.page_w / ratio.max(0.01));
            if h > geo.page_h {
                h = geo.page_h;
                w = h * ratio;
            }
            // Decoration before the document (the title page says the same): an artifact.
            pages.push(PageBox {
                prims: vec![Prim::Image {
                    x: (geo.page_w - w) / 2.0,
                    y: (geo.page_h - h) / 2.0,
                    w,
                    h,
                    image,
                }],
                ..PageBox::default()
            });
        }
        // A footnote's element moves under the element whose line first references it.
        for item in &items {
            for n in &item.notes {
                let parent = self.note_parents.get(n).copied().or(item.tag);
                if let (Some(&note), Some(tag)) = (self.note_nodes.get(n), parent) {
                    self.tree.nodes[note].set_parent(tag);
                }
            }
        }
        let mut placed = vec![false; items.len()];
        for (p, idxs) in pages_idx.iter().enumerate() {
            let mut page = PageBox::default();
            let mut y = geo.margin_top;
            let mut bars = Vec::new();
            for &i in idxs {
                let item = &mut items[i];
                uses[i] -= 1;
                // A table header row repeated on a later page is read once: the repeat is
                // an artifact.
                let repeat = std::mem::replace(&mut placed[i], true);
                let prims = if uses[i] == 0 {
                    std::mem::take(&mut item.prims)
                } else {
                    item.prims.clone()
                };
                place_decos(&mut page, &mut bars, item, geo.margin_x, y);
                push_tagged(
                    &mut page,
                    prims,
                    item,
                    !repeat,
                    geo.margin_x,
                    y,
                    p + offset,
                    &mut anchors,
                );
                y += item.height;
            }
            // Footnotes of the page, stacked at the foot of the text block. A note goes to
            // one page only (its first reference's), so it moves there.
            let notes: Vec<Vec<Item>> = idxs
                .iter()
                .flat_map(|&i| items[i].notes.iter())
                .filter_map(|n| self.notes.remove(n))
                .collect();
            if !notes.is_empty() {
                let total: f32 = notes
                    .iter()
                    .flat_map(|v| v.iter())
                    .map(|i| i.height)
                    .sum::<f32>()
                    + NOTE_RULE;
                let mut y = geo.margin_top + geo.text_h() - total;
                page.prims.push(Prim::Stroke {
                    points: vec![
                        (geo.margin_x, y + NOTE_RULE * 0.5),
                        (geo.margin_x + geo.text_w() * 0.3, y + NOTE_RULE * 0.5),
                    ],
                    color: RULE,
                    width: 0.6,
                });
                y += NOTE_RULE;
                let mut bars = Vec::new();
                for mut item in notes.into_iter().flatten() {
                    let prims = std::mem::take(&mut item.prims);
                    place_decos(&mut page, &mut bars, &item, geo.margin_x, y);
                    push_tagged(
                        &mut page,
                        prims,
                        &item,
                        true,
                        geo.margin_x,
                        y,
                        p + offset,
                        &mut anchors,
                    );
                    y += item.height;
                }
            }
            pages.push(page);
        }
        // Everything placed: the flow's items are husks now, kept no longer.
        drop(items);
        self.notes = Default::default();
        if pages.is_empty() {
            pages.push(PageBox::default());
        }
        let small = geo.body * 0.78;
        // Page numbers count from the first page after the cover.
        for (p, page) in pages.iter_mut().enumerate().skip(offset) {
            let p = p - offset;
            // Page references (table of contents).
            let mut extra = Vec::new();
            let mut extra_tags = Vec::new();
            for (k, prim) in page.prims.iter().enumerate() {
                if let Prim::PageRef { id, x, y, size } = prim {
                    extra_tags.push(page.tags.get(k).copied().flatten());
                    let n = anchors
                        .get(id)
                        .map(|a| (a.0 + 1).saturating_sub(offset))
                        .unwrap_or(0);
                    let mut st = Style::new(Chain::Text, *size);
                    st.color = MUTED;
                    let line = single(self.fonts, &n.to_string(), &st);
                    extra.push(Prim::Text {
                        x: x - line.width,
                        y: *y,
                        line: Box::new(line),
                    });
                }
            }
            page.tags.resize(page.prims.len(), None);
            page.prims.extend(extra);
            page.tags.extend(extra_tags);
            // Everything after this (running header, footer) has no element: an artifact.
            // Running header from page 2: the title (or the theme's template), the logo, and
            // a hairline.
            let theme = &guide.meta.theme;
            let logo = self.logo.filter(|_| theme.header.as_deref() != Some(""));
            let mut st = Style::new(Chain::Text, small);
            st.color = MUTED;
            let logo_w = logo.map_or(0.0, |(_, ratio)| small * 1.3 * ratio + small * 0.6);
            let numbers = (p + 1, total);
            let line = if p == 0 {
                None
            } else if let Some(t) = theme.header.as_deref() {
                furniture::fitted(
                    self.fonts,
                    t,
                    &guide.meta,
                    numbers,
                    &st,
                    geo.text_w() - logo_w,
                )
            } else {
                // The default header is the same on every page: fitted once.
                header
                    .get_or_insert_with(|| {
                        furniture::fitted(
                            self.fonts,
                            "{title}",
                            &guide.meta,
                            numbers,
                            &st,
                            geo.text_w() - logo_w,
                        )
                    })
                    .clone()
            };
            if p > 0 && (line.is_some() || logo.is_some()) {
                let base = geo.margin_top - small * 2.2;
                let mut x = geo.margin_x;
                if let Some((image, ratio)) = logo {
                    let h = small * 1.3;
                    page.prims.push(Prim::Image {
                        x,
                        y: base - small * 1.05,
                        w: h * ratio,
                        h,
                        image,
                    });
                    x += logo_w;
                }
                if let Some(line) = line {
                    page.prims.push(Prim::Text {
                        x,
                        y: base,
                        line: Box::new(line),
                    });
                }
                page.prims.push(Prim::Stroke {
                    points: vec![
                        (geo.margin_x, base + small * 0.7),
                        (geo.page_w - geo.margin_x, base + small * 0.7),
                    ],
                    color: RULE,
                    width: 0.5,
                });
            }
            let footer = match guide.meta.theme.footer.as_deref() {
                Some(t) => {
                    furniture::fitted(self.fonts, t, &guide.meta, numbers, &st, geo.text_w())
                }
                None => {
                    let text = self.labels.footer(p + 1, total);
                    (!text.trim().is_empty()).then(|| single(self.fonts, &text, &st))
                }
            };
            if let Some(line) = footer {
                page.prims.push(Prim::Text {
                    x: geo.margin_x + (geo.text_w() - line.width).max(0.0) / 2.0,
                    y: geo.page_h - geo.margin_bottom + small * 2.6,
                    line: Box::new(line),
                });
            }
        }
        Doc {
            geometry: geo,
            pages,
            links: self.links,
            images: self.images,
            anchors,
            outline: self.outline,
            tags: self.tree,
            link_texts: self.link_texts,
        }
    }
}

/// Draws an item's decorations on a page at `(dx, y)`: a decoration the item above it had
/// too (`bars`: the previous item's, and the index of each one's rectangle) grows that
/// rectangle instead of adding one. They are artifacts.
fn place_decos(page: &mut PageBox, bars: &mut Vec<(Deco, usize)>, item: &Item, dx: f32, y: f32) {
    let decos = item.decos.as_deref().unwrap_or(&[]);
    let mut next = Vec::with_capacity(decos.len());
    for (i, d) in decos.iter().enumerate() {
        if let Some(&(above, k)) = bars.get(i)
            && above == *d
            && let Some(Prim::Rect { h, .. }) = page.prims.get_mut(k)
        {
            *h += item.height;
            next.push((above, k));
            continue;
        }
        page.tags.resize(page.prims.len(), None);
        page.tags.push(None);
        page.prims.push(Prim::Rect {
            x: d.x + dx,
            y,
            w: d.w,
            h: item.height,
            fill: d.fill,
        });
        next.push((*d, page.prims.len() - 1));
    }
    *bars = next;
}

/// Moves an item's primitives onto a page at `(dx, y)`, with their structure elements
/// (`tagged` false: all artifacts), and records anchors.
#[allow(clippy::too_many_arguments)]
fn push_tagged(
    page: &mut PageBox,
    prims: Vec<Prim>,
    item: &Item,
    tagged: bool,
    dx: f32,
    y: f32,
    p: usize,
    anchors: &mut BTreeMap<String, (usize, f32)>,
) {
    for (k, mut prim) in prims.into_iter().enumerate() {
        prim.shift(dx, y);
        if let Prim::Anchor { id, y } = &prim {
            anchors.entry(id.clone()).or_insert((p, *y));
        }
        let tag = if !tagged {
            None
        } else if let Some(&(_, t)) = item.prim_tags.iter().find(|(i, _)| *i == k) {
            t
        } else {
            match prim {
                Prim::Text { .. }
                | Prim::Image { .. }
                | Prim::Link { .. }
                | Prim::PageRef { .. } => item.tag,
                _ => None,
            }
        };
        page.tags.resize(page.prims.len(), None);
        page.tags.push(tag);
        page.prims.push(prim);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(h: f32) -> Slot {
        Slot {
            height: h,
            ..Slot::default()
        }
    }

    #[test]
    fn fills_pages() {
        let slots = vec![line(10.0); 25];
        let pages = paginate(&slots, 100.0);
        assert_eq!(pages.len(), 3);
        assert_eq!(pages[0], (0..10).collect::<Vec<_>>());
        assert_eq!(pages[2].len(), 5);
    }

    #[test]
    fn heading_kept_with_next() {
        // Eight lines, then a heading that would be the last thing on the page.
        let mut slots = vec![line(10.0); 9];
        slots[8].keep_with_next = true; // heading
        slots.push(line(10.0));
        slots.push(line(10.0));
        let pages = paginate(&slots, 90.0);
        assert_eq!(pages[0], (0..8).collect::<Vec<_>>());
        assert_eq!(pages[1][0], 8, "the heading moves to the next page");
    }

    #[test]
    fn a_forced_break_starts_a_new_page_even_with_room_left() {
        let mut slots = vec![line(10.0); 6];
        slots[3].break_before = true;
        // A break on the first item of the flow makes no empty page.
        slots[0].break_before = true;
        let pages = paginate(&slots, 100.0);
        assert_eq!(pages, vec![vec![0, 1, 2], vec![3, 4, 5]]);
    }

    #[test]
    fn gaps_vanish_at_page_top() {
        let mut slots = vec![line(10.0); 10];
        slots.push(Slot {
            height: 15.0,
            discardable: true,
            ..Slot::default()
        });
        slots.push(line(10.0));
        let pages = paginate(&slots, 100.0);
        assert_eq!(pages[1], vec![11]);
    }

    #[test]
    fn no_orphans_or_widows() {
        // 8 lines of one paragraph, then a 4-line paragraph starting at y = 80 on a 90 pt page:
        // only its first line would fit (an orphan), so it moves whole.
        let mut slots = vec![line(10.0); 8];
        let para = |k: usize, n: usize| Slot {
            height: 10.0,
            no_break_before: n > 1 && (k == 1 || k + 1 == n),
            ..Slot::default()
        };
        for k in 0..4 {
            slots.push(para(k, 4));
        }
        let pages = paginate(&slots, 90.0);
        assert_eq!(pages[0].len(), 8);
        // A 5-line paragraph from y = 60: three lines fit, two go over: fine, no widow.
        let mut slots = vec![line(10.0); 6];
        for k in 0..5 {
            slots.push(para(k, 5));
        }
        let pages = paginate(&slots, 90.0);
        assert_eq!(pages[0].len(), 9);
        // With four lines fitting, the last would be alone (a widow): move one more over.
        let mut slots = vec![line(10.0); 4];
        for k in 0..5 {
            slots.push(para(k, 5));
        }
        let pages = paginate(&slots, 80.0);
        assert_eq!(pages[0].len(), 7, "{pages:?}");
        assert_eq!(pages[1].len(), 2);
    }

    #[test]
    fn table_header_repeats() {
        let mut slots = vec![Slot {
            height: 20.0,
            keep_with_next: true,
            ..Slot::default()
        }];
        for _ in 0..12 {
            slots.push(Slot {
                height: 10.0,
                header: Some(0),
                ..Slot::default()
            });
        }
        let pages = paginate(&slots, 100.0);
        assert_eq!(pages[0][0], 0);
        assert_eq!(pages[1][0], 0, "header repeated");
        assert_eq!(pages[1][1], 9);
    }

    #[test]
    fn footnotes_take_room_at_the_page_foot() {
        // Nine lines fit on a 90 pt page; the third brings a 30 pt note (plus its 14 pt rule),
        // so only four lines fit beside the note: 4 × 10 + 44 ≤ 90 < 5 × 10 + 44.
        let mut slots = vec![line(10.0); 12];
        slots[2].notes = 30.0;
        let pages = paginate(&slots, 90.0);
        assert_eq!(pages[0].len(), 4);
        // A referencing line that cannot have its note on the page moves with it.
        let mut slots = vec![line(10.0); 12];
        slots[8].notes = 30.0;
        let pages = paginate(&slots, 90.0);
        assert_eq!(pages[0].len(), 8);
        assert_eq!(pages[1][0], 8);
    }

    #[test]
    fn oversized_item_does_not_loop() {
        let slots = vec![line(500.0), line(10.0)];
        let pages = paginate(&slots, 100.0);
        assert_eq!(pages, vec![vec![0], vec![1]]);
    }
}
