//! Code blocks in the PDF layout: set glyph for glyph in the monospaced face (no ligatures, no
//! Han–Latin spacing, no hyphenation) so that they copy back exactly (a tab reaches the next
//! tab stop and copies as a tab: see `linebreak::prepare`), on a tinted ground. A block whose
//! longest line is a little too wide is set smaller so that it fits; longer lines are
//! wrapped with a continuation mark.

use super::*;

impl Builder<'_, '_> {
    /// A code block, tagged, after its title if it has one.
    pub(super) fn code_block(&mut self, code: &str, title: Option<&str>) {
        if let Some(t) = title.map(str::trim).filter(|t| !t.is_empty()) {
            self.code_title(t);
        }
        self.tagged(Role::P, |b| {
            let node = b.tagged(Role::Code, |b| b.code(code));
            // Its lines are painted one by one, and the structure's text would run them
            // together (`name = 1value = 2`): a reader of the structure (a screen reader,
            // reflow) gets the code as written, line ends and all.
            b.tree.nodes[node].set_actual_text(code.trim_end_matches('\n').to_owned());
        });
    }

    /// The title of a code block (the file it belongs in), a small grey line in the code face
    /// above it that never ends a page.
    fn code_title(&mut self, title: &str) {
        let body = self.body();
        let mut st = self.style(Chain::Mono, body * 0.8);
        st.color = MUTED;
        self.gap(body * 0.3);
        self.tagged(Role::P, |b| {
            b.para(
                &[Span {
                    text: title.to_owned(),
                    style: st,
                }],
                false,
                1.4,
                false,
            );
        });
        if let Some(last) = self.items.last_mut() {
            last.slot.keep_with_next = true;
        }
    }

    pub(super) fn code(&mut self, code: &str) {
        let body = self.body();
        let text = code.strip_suffix('\n').unwrap_or(code);
        // The block's frame and inset are those of its normal size; its text may be smaller.
        let frame = body * 0.86;
        let size = self.code_size(text, frame);
        self.gap(body * 0.4);
        self.decos.push(Deco {
            x: self.x,
            w: self.w,
            fill: CODE_BG,
        });
        self.pad_top(frame * 0.7);
        let st = self.style(Chain::Mono, size);
        let first_line = self.items.len();
        let src_lines: Vec<&str> = text.split('\n').collect();
        self.with_indent(frame * 0.9, frame * 0.9, |b| {
            for (i, src_line) in src_lines.iter().enumerate() {
                let t = (*src_line).to_owned();
                // Blank lines after this one (empty, or only spaces and tabs): they have no
                // glyphs, so extractors would leave them out; the line's text (its
                // replacement text, see `tags::Mark`) ends with each of them after a line
                // end, which poppler gives back as written.
                let blank_after: String = src_lines[i + 1..]
                    .iter()
                    .take_while(|l| is_blank(l))
                    .flat_map(|l| ["\n", l])
                    .collect();
                if is_blank(&t) {
                    b.push(Item {
                        height: size * 1.5,
                        prims: Vec::new(),
                        slot: Slot::default(),
                        notes: Vec::new(),
                        ..Item::default()
                    });
                    continue;
                }
                let p = prepare(
                    b.fonts,
                    &[Span {
                        text: t,
                        style: st.clone(),
                    }],
                    &b.place.clone(),
                );
                let lines = p.break_lines(&BreakOptions {
                    width: b.w.max(20.0),
                    justify: false,
                });
                let count = lines.len();
                for (k, mut line) in lines.into_iter().enumerate() {
                    if k + 1 == count {
                        line.text.push_str(&blank_after);
                    }
                    let h = size * 1.5;
                    let baseline = (h - size) / 2.0 + 0.88 * size;
                    // Continuation lines of a wrapped source line are indented and marked.
                    let x = if k == 0 { b.x } else { b.x + size * 1.2 };
                    let mut prims = vec![Prim::Text {
                        x,
                        y: baseline,
                        line: Box::new(line),
                    }];
                    if k > 0 {
                        prims.push(Prim::Stroke {
                            points: vec![
                                (b.x + size * 0.2, baseline - size * 0.3),
                                (b.x + size * 0.7, baseline - size * 0.3),
                            ],
                            color: RULE,
                            width: 0.6,
                        });
                    }
                    b.push(Item {
                        height: h,
                        prims,
                        slot: Slot::default(),
                        notes: Vec::new(),
                        ..Item::default()
                    });
                }
            }
        });
        // A page break leaves at least two lines of code on each side, and does not split a
        // block of four lines or fewer: a lone line of code at a page's top or foot is read
        // out of its context.
        let lines = first_line..self.items.len();
        let n = lines.len();
        for (k, i) in lines.enumerate() {
            let keep = if n <= 4 { k > 0 } else { k == 1 || k + 1 == n };
            self.items[i].slot.no_break_before |= keep;
        }
        self.pad_bottom(frame * 0.7);
        self.decos.pop();
        self.gap(body * 0.8);
    }
}

impl Builder<'_, '_> {
    /// The size to set a code block at: `size`, or down to [`CODE_MIN_SCALE`] of it when a
    /// line would otherwise wrap. A wrapped line copies from the PDF as two (a shell command
    /// pasted from it runs as two commands), and a line only some columns too long is common
    /// (a command with its options): set a little smaller, it stays one line. A line too long
    /// even then wraps, and does not make the block smaller.
    fn code_size(&mut self, text: &str, size: f32) -> f32 {
        let Some(col) = crate::render::pdf::linebreak::mono_column(self.fonts, Chain::Mono) else {
            return size;
        };
        // The text is inset 0.9 em of `size` on either side; a hundredth of a column to
        // spare, so that rounding never wraps a line that was measured to fit.
        let room = self.w - 1.8 * size;
        let fits = |cols: usize| room / ((cols as f32 + 0.01) * col);
        let smallest = size * CODE_MIN_SCALE;
        let widest = text
            .split('\n')
            .map(crate::render::pdf::linebreak::code_columns)
            .filter(|&cols| fits(cols) >= smallest)
            .max()
            .unwrap_or(0);
        fits(widest).min(size)
    }
}

/// The smallest a code block is set, as a share of its size, to keep its lines whole.
const CODE_MIN_SCALE: f32 = 0.75;

/// A line of code with nothing to see: empty, or only white space.
fn is_blank(line: &str) -> bool {
    line.chars().all(char::is_whitespace)
}
