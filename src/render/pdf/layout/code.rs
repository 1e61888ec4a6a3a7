//! Code blocks in the PDF layout: set glyph for glyph in the monospaced face (no ligatures, no
//! Han–Latin spacing, no hyphenation) so that they copy back exactly (a tab reaches the next
//! tab stop and copies as a tab: see `linebreak::prepare`), on a tinted ground, long lines
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
        let size = body * 0.86;
        self.gap(body * 0.4);
        self.decos.push(Deco {
            x: self.x,
            w: self.w,
            fill: CODE_BG,
        });
        self.pad_top(size * 0.7);
        let text = code.strip_suffix('\n').unwrap_or(code);
        let st = self.style(Chain::Mono, size);
        let first_line = self.items.len();
        let src_lines: Vec<&str> = text.split('\n').collect();
        self.with_indent(size * 0.9, size * 0.9, |b| {
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
        self.pad_bottom(size * 0.7);
        self.decos.pop();
        self.gap(body * 0.8);
    }
}

/// A line of code with nothing to see: empty, or only white space.
fn is_blank(line: &str) -> bool {
    line.chars().all(char::is_whitespace)
}
