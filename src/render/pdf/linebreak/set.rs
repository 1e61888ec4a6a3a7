//! Setting one chosen line: where its glyphs go once the line is justified (spread at Latin
//! spaces and between CJK characters) or shrunk (Latin spaces and autospace first, then
//! full-width punctuation by priority), its trailing space and hyphen, and its link areas and
//! decorations.

use super::*;

/// The widest gap justification opens between two Chinese characters, in ems: beyond it a
/// line is set ragged. Below poppler's word break (a gap of a tenth of the font size starts
/// a new word, `minWordBreakSpace`), so that a justified line copies without spaces.
const MAX_CJK_STRETCH: f32 = 0.09;

impl Prepared {
    /// Whether justification may widen the gap after unit `i` (not the last of its line):
    /// after a Latin space, and between CJK characters (or a Han–Latin autospace).
    pub(super) fn gap_after(&self, i: usize) -> bool {
        let (a, b) = (&self.units[i], &self.units[i + 1]);
        if self.spans[a.span].chain == Chain::Mono && self.spans[b.span].chain == Chain::Mono {
            // Inside code only a real space may stretch: a gap between two characters of
            // code would be read (and extracted) as a space that is not there.
            return a.space;
        }
        a.space || ((a.cjk || b.cjk || a.glue > 0.0) && !b.space && a.g1 > a.g0)
    }

    pub(super) fn set_line(&self, s: usize, e: usize, width: f32, justify: bool) -> Line {
        let (natural, last) = self.measure(s, e);
        let hyphen = if e + 1 < self.units.len() {
            self.hyphen_after(e)
        } else {
            None
        };
        let natural = natural + hyphen.map_or(0.0, |h| h.1);
        let mut line = Line::default();
        line.size = self.units[s..=e]
            .iter()
            .filter(|u| u.g1 > u.g0)
            .map(|u| self.spans[u.span].size)
            .fold(0.0, f32::max);
        if line.size == 0.0 {
            line.size = self.base_size;
        }
        let Some(l) = last else { return line };
        // Exactly the glyphs and text the line will hold (a trailing space and a hyphen at
        // most): lines are kept until painted, spare capacity would be most of their size.
        let units = &self.units[s..=l];
        line.reserve_glyphs(units.iter().map(|u| (u.g1 - u.g0) as usize).sum::<usize>() + 2);
        line.text.reserve_exact(
            units.iter().map(|u| u.end - u.start).sum::<usize>()
                + self.units.get(l + 1).map_or(0, |u| u.end - u.start)
                + 2,
        );
        // Justification opportunities: Latin spaces, and the gaps next to CJK characters.
        let count = (s..l).filter(|&i| self.gap_after(i)).count();
        let slack = width - natural;
        let mut per = 0.0;
        if justify && count > 0 && slack > 0.0 {
            per = slack / count as f32;
            // A line this loose reads better ragged. Between Chinese characters that is a
            // gap wider than MAX_CJK_STRETCH: the text reads letter-spaced, and extractors
            // read such gaps as spaces (`参 考 式 链 接`, when an address that cannot break
            // went to the next line). At Latin spaces, more than an em.
            let cjk_gaps = (s..l)
                .filter(|&i| self.gap_after(i) && !self.units[i].space)
                .count();
            let limit = if cjk_gaps * 2 >= count {
                MAX_CJK_STRETCH
            } else {
                1.0
            };
            if per > limit * self.base_size {
                per = 0.0;
            }
        }
        // An overfull line (chosen by `maybe_shrink`, or a token that cannot break) shrinks:
        // spaces first, then autospaces, then mid-line punctuation from the end.
        let cuts = if slack < 0.0 { l + 1 - s } else { 0 };
        let mut cut_l = vec![0f32; cuts];
        let mut cut_r = vec![0f32; cuts];
        let mut glue_scale = 1.0;
        if slack < 0.0 {
            let mut need = -slack;
            let spaces: f32 = (s..l)
                .filter(|&i| self.units[i].space)
                .map(|i| 0.3 * self.units[i].width())
                .sum();
            if spaces > 0.0 {
                let take = need.min(spaces);
                for i in s..l {
                    if self.units[i].space {
                        cut_r[i - s] = 0.3 * self.units[i].width() * take / spaces;
                    }
                }
                need -= take;
            }
            let glue: f32 = (s..l).map(|i| 0.5 * self.units[i].glue).sum();
            if need > 0.0 && glue > 0.0 {
                let take = need.min(glue);
                glue_scale = 1.0 - 0.5 * take / glue;
                need -= take;
            }
            // Then full-width punctuation, evenly within each priority (clreq, JLREQ 3.8):
            // pauses, brackets and quotes first, full stops only if that is not enough.
            // Squeezing one mark to half an em and leaving its neighbour whole reads as a
            // mistake.
            for tier in [PunctTier::Pause, PunctTier::Stop] {
                if need <= 0.0 {
                    break;
                }
                let marks: Vec<usize> = (s + 1..l)
                    .filter(|&i| {
                        let u = &self.units[i];
                        u.ink != Ink::None
                            && u.trim_left == 0.0
                            && u.trim_right == 0.0
                            && self.tier(i) == tier
                    })
                    .collect();
                let cap: f32 = marks.iter().map(|&i| self.units[i].half).sum();
                if cap <= 0.0 {
                    continue;
                }
                let ratio = (need / cap).min(1.0);
                for &i in &marks {
                    let u = &self.units[i];
                    let t = u.half * ratio;
                    match u.ink {
                        Ink::Left => cut_r[i - s] = t,
                        Ink::Right => cut_l[i - s] = t,
                        Ink::None => {}
                    }
                }
                need -= cap * ratio;
            }
        }
        let mut x = -self.edge_left(s);
        let mut mark_open: Vec<(MarkKind, f32, f32)> = Vec::new();
        for i in s..=l {
            let u = &self.units[i];
            let st = &self.spans[u.span];
            let (cl, cr) = (
                cut_l.get(i - s).copied().unwrap_or(0.0),
                cut_r.get(i - s).copied().unwrap_or(0.0),
            );
            let ux = x - u.trim_left - cl;
            let mut pen = ux;
            let t0 = line.text.len() as u32;
            let t1 = t0 + (u.end - u.start) as u32;
            let scale_x = if self.stretched.is_empty() {
                1.0
            } else {
                self.stretched
                    .binary_search_by_key(&(i as u32), |x| x.0)
                    .map_or(1.0, |k| self.stretched[k].1)
            };
            let all = &self.glyphs[u.g0 as usize..u.g1 as usize];
            // A cluster's stand-ins for invisible characters are not painted (unless that is
            // all it has); its text is spread over the glyphs that are (see `glyph_texts`).
            let shown = all.iter().filter(|g| !g.hidden).count();
            let painted = |g: &&Glyph| shown == 0 || !g.hidden;
            let n = if shown == 0 { all.len() } else { shown };
            let mut texts = glyph_texts(&self.text[u.start..u.end], n, t0);
            for g in all.iter().filter(painted) {
                line.push_glyph(PlacedGlyph {
                    scale_x,
                    face: u.face,
                    gid: g.gid,
                    size: st.size,
                    x: pen + g.x_offset * st.size,
                    rise: st.rise + g.y_offset * st.size,
                    color: st.color,
                    oblique: st.oblique && !u.cjk,
                    embolden: u.embolden,
                    text: texts.next().unwrap_or((t1, t1)),
                });
                pen += g.advance * st.size * scale_x;
            }
            let mut w = u.width() - cl - cr;
            if i == l {
                w -= self.edge_right(l);
            }
            let x_end = x.max(0.0) + w;
            let kinds = [
                st.link.map(MarkKind::Link),
                st.strike.then_some(MarkKind::Strike),
                st.underline.then_some(MarkKind::Underline),
                st.key.map(MarkKind::Key),
                st.highlight.then_some(MarkKind::Highlight),
                st.image.map(|(n, _)| MarkKind::Image(n)),
            ];
            for kind in kinds.into_iter().flatten() {
                match mark_open.iter_mut().find(|m| m.0 == kind) {
                    // One key is one cap, across the spaces inside it.
                    Some(m) if matches!(kind, MarkKind::Key(_)) => m.2 = x_end,
                    Some(m) if (m.2 - x.max(0.0)).abs() < st.size => m.2 = x_end,
                    _ => mark_open.push((kind, x.max(0.0), x_end)),
                }
            }
            line.text.push_str(&self.text[u.start..u.end]);
            x += w;
            if i < l {
                x += u.glue * glue_scale;
                if self.gap_after(i) {
                    x += per;
                }
            }
        }
        // The space a line ends at is kept as an invisible last glyph: the text layer (and
        // the tagged structure, which reads the lines of a paragraph one after another)
        // would otherwise run the last word of a line into the first of the next. Code keeps
        // every space it ends with (a Markdown hard break, a diff's context line): copied back
        // as typed. They take no room on the line.
        if hyphen.is_none() {
            let mut pen = x;
            for (k, u) in self.units.iter().enumerate().take(e + 1).skip(l + 1) {
                let Some(g) = self
                    .glyphs
                    .get(u.g0 as usize)
                    .filter(|_| u.space && u.g1 > u.g0)
                else {
                    break;
                };
                let st = &self.spans[u.span];
                if k > l + 1 && st.chain != Chain::Mono {
                    break;
                }
                let t0 = line.text.len() as u32;
                // A hard break's space (see `prepare`) is a space in the text.
                let text = &self.text[u.start..u.end];
                line.text.push_str(if text == "\n" { " " } else { text });
                line.push_glyph(PlacedGlyph {
                    scale_x: 1.0,
                    face: u.face,
                    gid: g.gid,
                    size: st.size,
                    x: pen,
                    rise: st.rise,
                    color: st.color,
                    oblique: false,
                    embolden: false,
                    text: (t0, line.text.len() as u32),
                });
                pen += g.advance * st.size;
            }
        }
        if let (Some((gid, w)), Some(u)) = (hyphen, self.units.get(e)) {
            // The hyphen stands for no character of the text: a soft hyphen in the text
            // layer (ISO 32000 14.8.2.2.3), so that copying gives the word back.
            let st = &self.spans[u.span];
            let t0 = line.text.len() as u32;
            line.text.push('\u{ad}');
            line.push_glyph(PlacedGlyph {
                face: u.face,
                gid,
                size: st.size,
                x,
                rise: st.rise,
                color: st.color,
                oblique: st.oblique,
                embolden: u.embolden,
                scale_x: 1.0,
                text: (t0, line.text.len() as u32),
            });
            x += w;
        }
        line.width = x;
        line.shrink();
        line.marks = mark_open
            .into_iter()
            .map(|(kind, x0, x1)| Mark {
                x0,
                x1,
                size: line.size,
                kind,
            })
            .collect();
        crate::render::pdf::bidi::reorder(line, self.rtl)
    }
}

/// The text each of a cluster's `n` glyphs stands for in the text layer, as byte ranges from
/// `t0`: a character each, in order, the last glyph taking what is left (a ligature's one glyph
/// takes the whole cluster). A glyph past the last character stands for nothing.
///
/// Giving the whole cluster to the first glyph left the others with no text, and a glyph with
/// no ToUnicode entry is extracted as its raw code: `⚠️` (a symbol and its emoji variation
/// selector, two glyphs) copied as `⚠️` and a control character. Concatenated in order, the
/// glyphs' texts are the cluster's text, whichever glyph comes first.
fn glyph_texts(text: &str, n: usize, t0: u32) -> impl Iterator<Item = (u32, u32)> + '_ {
    let end = t0 + text.len() as u32;
    let mut starts = text.char_indices().map(move |(i, _)| t0 + i as u32);
    let mut next = starts.next();
    (0..n).map(move |k| match next {
        Some(a) if k + 1 < n => {
            next = starts.next();
            (a, next.unwrap_or(end))
        }
        Some(a) => {
            next = None;
            (a, end)
        }
        None => (end, end),
    })
}

#[cfg(test)]
mod tests {
    use super::glyph_texts;

    fn spread(text: &str, n: usize) -> Vec<&str> {
        glyph_texts(text, n, 10)
            .map(|(a, b)| &text[(a - 10) as usize..(b - 10) as usize])
            .collect()
    }

    #[test]
    fn a_clusters_text_is_spread_over_its_glyphs() {
        // A symbol and its variation selector, two glyphs: one character each.
        assert_eq!(spread("\u{26a0}\u{fe0f}", 2), ["\u{26a0}", "\u{fe0f}"]);
        // One glyph for several characters (a ligature, a ZWJ emoji): all of them.
        assert_eq!(spread("ffi", 1), ["ffi"]);
        assert_eq!(spread("1\u{fe0f}\u{20e3}", 2), ["1", "\u{fe0f}\u{20e3}"]);
        // More glyphs than characters: the extra ones stand for nothing.
        assert_eq!(spread("\u{94b}", 2), ["\u{94b}", ""]);
        assert_eq!(spread("a", 1), ["a"]);
        // Nothing is lost or added: the parts join to the whole.
        for (t, n) in [
            ("c\u{200d}d", 3),
            ("\u{915}\u{93f}", 2),
            ("👨\u{200d}👩", 2),
        ] {
            assert_eq!(spread(t, n).concat(), t);
        }
    }
}
