//! Tables in the PDF layout: column widths from the cells' content, header rows repeated at
//! the top of each page (marked as artifacts when tagged, so they are read once), and cells
//! tagged `TH`/`TD` under their row.

use super::*;
use crate::render::pdf::linebreak::{Prepared, Span};

/// Prepared cells a table keeps from measuring its columns to setting its rows. A prepared
/// cell takes about a kilobyte and a half (10,000 rows of 5 columns held 70 MB); past this
/// many, a row's cells keep only their spans (a tenth of that) and are prepared again when
/// the row is set, so a long table costs its spans and one row's preparation, at the price
/// of shaping those cells twice.
pub(super) const KEEP_PREPARED: usize = 1_000;

/// A table row's cells between measuring and setting.
enum Cells {
    /// Ready to set.
    Prepared(Vec<Prepared>),
    /// To be prepared again (the spans' links are already registered: they are kept, not
    /// made again).
    Spans(Vec<Vec<Span>>),
}

/// Column widths for a table whose widest unbreakable pieces (`mins`) do not fit in `avail`
/// together: the columns whose piece is narrower than an even share keep it whole, and the
/// others share what is left equally, so only the longest tokens (a hash, a long path) are
/// broken, never a short word (`Ubuntu`, `x86_64`). Shrinking every column in proportion
/// broke short words in the middle, and the break stayed in the copied text.
pub(super) fn squeezed(mins: &[f32], avail: f32) -> Vec<f32> {
    let mut sorted: Vec<f32> = mins.to_vec();
    sorted.sort_by(f32::total_cmp);
    let (mut rest, mut left) = (avail, sorted.len());
    let mut cap = avail / left.max(1) as f32;
    for m in sorted {
        if m * left as f32 <= rest {
            rest -= m;
            left -= 1;
        } else {
            cap = rest / left as f32;
            break;
        }
    }
    mins.iter().map(|m| m.min(cap)).collect()
}

/// Column widths for a table whose natural widths (`maxs`, each line unbroken) do not fit in
/// `avail` but whose narrowest (`mins`) do: a column whose natural width is within a fair
/// share keeps it (a share grows as such columns take less than theirs), and the others get
/// their narrowest width plus the rest in proportion to how much wider they would like to be.
/// Sharing the rest among all columns in that proportion gave a two-character Chinese column
/// (`系统`) almost nothing beyond one character, set one character a line, beside a long
/// description that had room to spare.
pub(super) fn fitted(mins: &[f32], maxs: &[f32], avail: f32) -> Vec<f32> {
    let n = maxs.len();
    let mut whole = vec![false; n];
    let (mut rest, mut left) = (avail, n);
    loop {
        let share = rest / left.max(1) as f32;
        let mut changed = false;
        for c in 0..n {
            if !whole[c] && maxs[c] <= share {
                whole[c] = true;
                rest -= maxs[c];
                left -= 1;
                changed = true;
            }
        }
        if !changed || left == 0 {
            break;
        }
    }
    let (sum_min, flex) = (0..n).filter(|&c| !whole[c]).fold((0.0, 0.0), |(m, f), c| {
        (m + mins[c], f + (maxs[c] - mins[c]).max(0.0))
    });
    if sum_min > rest {
        // The columns kept whole leave too little for the others' narrowest widths: share
        // the width as when nothing fits whole.
        return squeezed(mins, avail);
    }
    let flex = f32::max(flex, 0.001);
    (0..n)
        .map(|c| {
            if whole[c] {
                maxs[c]
            } else {
                mins[c] + (maxs[c] - mins[c]).max(0.0) / flex * (rest - sum_min)
            }
        })
        .collect()
}

impl Builder<'_, '_> {
    pub(super) fn table(&mut self, aligns: Vec<ColumnAlign>, header: &TableRow, rows: &[TableRow]) {
        let body = self.body();
        let size = body * 0.92;
        let ncol = aligns.len().max(1);
        let pad = size * 0.5;
        let head_style = self.style(Chain::Bold, size);
        let cell_style = self.style(Chain::Text, size);
        // Every cell is prepared to measure the columns; the first rows' cells are kept for
        // setting, the rest keep only their spans and are prepared again row by row.
        let mut cells_in: Vec<Cells> = Vec::new();
        let mut kept = 0;
        let mut min = vec![0f32; ncol];
        let mut max = vec![0f32; ncol];
        let place = self.place.clone();
        // A table with no header row (an HTML table of `<td>` cells only) starts with its
        // body: `has_head` says whether row 0 is the header.
        let has_head = !header.cells.is_empty();
        let head = has_head.then_some(header);
        for (r, row) in head.into_iter().chain(rows.iter()).enumerate() {
            let st = if r == 0 && has_head {
                &head_style
            } else {
                &cell_style
            };
            let keep = kept + ncol <= self.keep_prepared;
            let mut prepared = Vec::new();
            let mut spans_of = Vec::new();
            for c in 0..ncol {
                let content = row
                    .cells
                    .get(c)
                    .map(|c| c.content.as_slice())
                    .unwrap_or(&[]);
                let spans = self.spans(content, st);
                let p = prepare(self.fonts, &spans, &place);
                // Column widths from content: everyone gets its widest unbreakable piece,
                // the rest of the width goes where the natural widths are largest.
                let (a, b) = p.min_max();
                min[c] = min[c].max(a + 2.0 * pad);
                max[c] = max[c].max(b + 2.0 * pad);
                if keep {
                    prepared.push(p);
                } else {
                    spans_of.push(spans);
                }
            }
            cells_in.push(if keep {
                kept += ncol;
                Cells::Prepared(prepared)
            } else {
                Cells::Spans(spans_of)
            });
        }
        let avail = self.w;
        let sum_max: f32 = max.iter().sum();
        let sum_min: f32 = min.iter().sum();
        let widths: Vec<f32> = if sum_max <= avail {
            let extra = (avail - sum_max) / ncol as f32;
            max.iter().map(|m| m + extra.min(body * 3.0)).collect()
        } else if sum_min >= avail {
            squeezed(&min, avail)
        } else {
            fitted(&min, &max, avail)
        };
        let table_w: f32 = widths.iter().sum();
        self.gap(body * 0.4);
        let mut header_index = None;
        let n_rows = cells_in.len();
        let mut overflow = vec![false; ncol];
        for (r, row) in cells_in.into_iter().enumerate() {
            let is_head = r == 0 && has_head;
            let row = match row {
                Cells::Prepared(row) => row,
                Cells::Spans(row) => row
                    .iter()
                    .map(|spans| prepare(self.fonts, spans, &place))
                    .collect(),
            };
            let mut cell_lines = Vec::new();
            let mut h = 0f32;
            for (c, p) in row.iter().enumerate() {
                let lines = p.break_lines(&BreakOptions {
                    width: (widths[c] - 2.0 * pad).max(size),
                    justify: false,
                });
                let lh = size * 1.5;
                h = h.max(lines.len().max(1) as f32 * lh);
                // A line wider than its column (set one em wide in a column narrower than
                // that) runs into the next column's text.
                overflow[c] |= lines.iter().any(|l| l.width > widths[c]);
                cell_lines.push(lines);
            }
            let h = h + 2.0 * pad * 0.8;
            let mut prims = Vec::new();
            let mut prim_tags = Vec::new();
            let tr = self.tree.add(Role::TR, self.cur);
            if is_head {
                prims.push(Prim::Rect {
                    x: self.x,
                    y: 0.0,
                    w: table_w,
                    h,
                    fill: tint(self.accent, 0.1),
                });
            } else if r % 2 == 0 {
                prims.push(Prim::Rect {
                    x: self.x,
                    y: 0.0,
                    w: table_w,
                    h,
                    fill: Color(0.975, 0.977, 0.982),
                });
            }
            let mut cx = self.x;
            // Notes referenced from the row go to the foot of the page the row is on, as from
            // a paragraph (they were endnotes, out of order and without a way back).
            let mut row_notes = Vec::new();
            for (c, lines) in cell_lines.into_iter().enumerate() {
                let cell = self.tree.add(if is_head { Role::TH } else { Role::TD }, tr);
                let lh = size * 1.5;
                let mut y = pad * 0.8;
                for line in lines {
                    let inner = widths[c] - 2.0 * pad;
                    let dx = match aligns.get(c) {
                        Some(ColumnAlign::Right) => inner - line.width,
                        Some(ColumnAlign::Center) => (inner - line.width) / 2.0,
                        _ => 0.0,
                    }
                    .max(0.0);
                    let baseline = y + (lh - size) / 2.0 + 0.88 * size;
                    for n in self.attach_notes(&line) {
                        // A note referenced from another note stays under that one.
                        self.note_parents.entry(n).or_insert(cell);
                        row_notes.push(n);
                    }
                    for m in &line.marks {
                        // The first reference to a note is where its number links back to.
                        if let MarkKind::Link(t) = m.kind
                            && let Some(LinkTarget::Anchor(a)) = self.links.get(t)
                            && let Some(n) =
                                a.strip_prefix("fn-").and_then(|x| x.parse::<u32>().ok())
                            && self.backrefs.insert(n)
                        {
                            prims.push(Prim::Anchor {
                                id: format!("{BACKREF}{n}"),
                                y,
                            });
                        }
                        if let MarkKind::Link(t) = m.kind {
                            prim_tags.push((prims.len(), Some(cell)));
                            prims.push(Prim::Link {
                                x: cx + pad + dx + m.x0,
                                y,
                                w: m.x1 - m.x0,
                                h: lh,
                                target: t,
                            });
                        }
                        // Struck-out prices, highlights and key caps mean as much in a cell.
                        prims.extend(super::text::mark_prim(m, cx + pad + dx, baseline));
                    }
                    prim_tags.push((prims.len(), Some(cell)));
                    prims.push(Prim::Text {
                        x: cx + pad + dx,
                        y: baseline,
                        line: Box::new(line),
                    });
                    y += lh;
                }
                cx += widths[c];
            }
            let (lw, color) = if is_head || r + 1 == n_rows {
                (0.9, MUTED)
            } else {
                (0.4, RULE)
            };
            prims.push(Prim::Stroke {
                points: vec![(self.x, h), (self.x + table_w, h)],
                color,
                width: lw,
            });
            if r == 0 {
                prims.push(Prim::Stroke {
                    points: vec![(self.x, 0.0), (self.x + table_w, 0.0)],
                    color: MUTED,
                    width: 0.9,
                });
            }
            let notes_h = row_notes
                .iter()
                .filter_map(|n| self.notes.get(n))
                .flat_map(|items| items.iter().map(|i| i.height))
                .sum();
            let idx = self.items.len();
            self.push(Item {
                height: h,
                prims,
                slot: Slot {
                    keep_with_next: is_head,
                    header: if is_head { None } else { header_index },
                    notes: notes_h,
                    ..Slot::default()
                },
                notes: row_notes,
                tag: Some(tr),
                prim_tags,
                decos: None,
            });
            if is_head {
                header_index = Some(idx);
            }
        }
        let cramped = overflow.iter().filter(|o| **o).count();
        if cramped > 0 {
            // What cannot be shown is said, not hidden.
            self.warnings.push(format!(
                "a table in {} has {ncol} columns, too many for the page: the text of \
                 {cramped} of them is wider than its column and overlaps the next one; split \
                 the table or choose a wider --paper",
                fonts::place_words(&self.place)
            ));
        }
        self.gap(body * 0.9);
    }
}
