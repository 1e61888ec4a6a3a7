//! Giant paragraphs laid out chunk by chunk, so that memory stays bounded by the chunk.
//!
//! Preparing a paragraph (shaping, break classes, the total-fit breaker's tables) costs about
//! 180 bytes per character, all at once: one 10 MB line needed 1.8 GB. A paragraph longer
//! than [`CHUNK_BYTES`] is prepared a chunk at a time; each chunk's lines are set except the
//! last, whose text is carried into the next chunk, so lines never break at a chunk's edge and
//! the result reads like one paragraph. Short paragraphs (nearly all) take one chunk.

use super::fonts::FontSet;
use super::linebreak::{BreakOptions, Line, Span, prepare_hyphenated};

/// Bytes of text prepared at once: about 100 lines of Latin text at body size.
pub const CHUNK_BYTES: usize = 16 * 1024;

/// Breaks `spans` into lines of `opts.width` (hyphenating with `hyphens` when given) and hands
/// each to `emit` in order, with whether it is the paragraph's last line.
pub fn break_paragraph(
    fonts: &mut FontSet<'_>,
    spans: &[Span],
    place: &str,
    hyphens: Option<hypher::Lang>,
    opts: &BreakOptions,
    emit: &mut dyn FnMut(Line, bool),
) {
    let total: usize = spans.iter().map(|s| s.text.len()).sum();
    if total <= CHUNK_BYTES {
        let lines = prepare_hyphenated(fonts, spans, place, hyphens).break_lines(opts);
        let n = lines.len();
        for (k, line) in lines.into_iter().enumerate() {
            emit(line, k + 1 == n);
        }
        return;
    }
    // Lines are emitted one behind, so that the last one can be told it is last.
    let mut held: Option<Line> = None;
    let mut give = |line: Line, emit: &mut dyn FnMut(Line, bool)| {
        if let Some(prev) = held.replace(line) {
            emit(prev, false);
        }
    };
    let mut rest: Vec<Span> = spans.to_vec();
    loop {
        let (chunk, after) = split_at(std::mem::take(&mut rest), CHUNK_BYTES);
        let prepared = prepare_hyphenated(fonts, &chunk, place, hyphens);
        if after.is_empty() {
            for line in prepared.break_lines(opts) {
                give(line, emit);
            }
            break;
        }
        let (lines, last_start) = prepared.break_lines_but_last(opts);
        drop(prepared);
        if lines.is_empty() || last_start == 0 {
            // One line longer than a whole chunk (a word with no break opportunity): set the
            // chunk in full rather than carry it forever.
            for line in prepare_hyphenated(fonts, &chunk, place, hyphens).break_lines(opts) {
                give(line, emit);
            }
            rest = after;
            continue;
        }
        for line in lines {
            give(line, emit);
        }
        let (_, mut carry) = split_at(chunk, last_start);
        carry.extend(after);
        rest = carry;
    }
    if let Some(last) = held {
        emit(last, true);
    }
}

/// Splits spans at a byte offset of their joined text (moved back to a character boundary),
/// keeping each side's styles.
fn split_at(spans: Vec<Span>, at: usize) -> (Vec<Span>, Vec<Span>) {
    let mut left = Vec::new();
    let mut right = Vec::new();
    let mut pos = 0;
    for mut s in spans {
        let len = s.text.len();
        if pos >= at {
            right.push(s);
        } else if pos + len <= at {
            left.push(s);
        } else {
            let mut cut = at - pos;
            while !s.text.is_char_boundary(cut) {
                cut -= 1;
            }
            let tail = s.text.split_off(cut);
            let style = s.style.clone();
            if !s.text.is_empty() {
                left.push(s);
            }
            right.push(Span { text: tail, style });
        }
        pos += len;
    }
    (left, right)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::fonts::Chain;
    use crate::render::pdf::fonts::UserFonts;
    use crate::render::pdf::linebreak::Style;

    fn lines(text: &str, width: f32) -> Vec<(String, bool)> {
        let mut warnings = Vec::new();
        let user = UserFonts::load(&[], &mut warnings);
        let mut fonts = FontSet::new(&user, &mut warnings);
        let spans = [Span {
            text: text.to_owned(),
            style: Style::new(Chain::Text, 10.0),
        }];
        let mut out = Vec::new();
        break_paragraph(
            &mut fonts,
            &spans,
            "test",
            None,
            &BreakOptions {
                width,
                justify: true,
            },
            &mut |l, last| out.push((l.text, last)),
        );
        out
    }

    #[test]
    fn a_giant_paragraph_is_set_in_chunks_without_seams() {
        // Numbered words, so a lost, doubled or reordered word shows.
        let words: Vec<String> = (0..12_000).map(|i| format!("w{i}")).collect();
        let text = words.join(" ");
        assert!(text.len() > 4 * CHUNK_BYTES);
        let out = lines(&text, 300.0);
        let joined: Vec<&str> = out.iter().flat_map(|(t, _)| t.split_whitespace()).collect();
        assert_eq!(joined, words);
        // Only the last line says it is last, and no line is short but the last: chunk edges
        // leave no seam (a seam would be a line much shorter than the width).
        let lasts: Vec<usize> = (0..out.len()).filter(|&i| out[i].1).collect();
        assert_eq!(lasts, [out.len() - 1]);
        let lens: Vec<usize> = out.iter().map(|(t, _)| t.chars().count()).collect();
        let typical = lens[lens.len() / 2];
        for (i, &n) in lens[..lens.len() - 1].iter().enumerate() {
            assert!(
                n * 10 >= typical * 7,
                "line {i} is short ({n} vs {typical})"
            );
        }
    }

    #[test]
    fn a_chunk_without_break_opportunities_still_makes_progress() {
        let text = "x".repeat(3 * CHUNK_BYTES + 7);
        let out = lines(&text, 300.0);
        let total: usize = out.iter().map(|(t, _)| t.chars().count()).sum();
        assert_eq!(total, text.len());
    }
}
