//! Preparing a paragraph: a face per character (fallback chains), shaping runs of one face
//! and context, and cutting the result into units (one cluster each) with their widths,
//! break opportunities (UAX #14 and kinsoku), compressible halves of full-width punctuation,
//! Han–Latin autospace and hyphenation points.

use super::*;

fn is_latin_alnum(c: char) -> bool {
    // Cheap range tests first: most characters are ASCII or CJK.
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !is_cjk(c) && !is_han(c) && !matches!(c as u32, 0xAC00..=0xD7AF) && c.is_alphanumeric()
}

/// Characters that Chinese and Latin text share: their width follows the context.
fn is_shared_punct(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

/// Prepares `spans` for breaking: font choice, shaping and break opportunities. Characters
/// that no font covers are noted in `fonts` with `place`.
pub fn prepare(fonts: &mut FontSet<'_>, spans: &[Span], place: &str) -> Prepared {
    prepare_hyphenated(fonts, spans, place, None)
}

/// [`prepare`], with hyphenation points in language `hyphens` (see [`super::super::hyphenate`]) in
/// spans that are neither code nor links nor raised.
pub fn prepare_hyphenated(
    fonts: &mut FontSet<'_>,
    spans: &[Span],
    place: &str,
    hyphens: Option<hypher::Lang>,
) -> Prepared {
    let mut text = String::new();
    let mut span_of = Vec::new(); // (byte start, span index)
    for (i, s) in spans.iter().enumerate() {
        span_of.push((text.len(), i));
        text.push_str(&s.text);
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let span_at = |pos: usize| -> usize {
        match span_of.binary_search_by(|(s, _)| s.cmp(&pos)) {
            Ok(mut k) => {
                // Empty spans share a start; take the last one that starts here.
                while k + 1 < span_of.len() && span_of[k + 1].0 == pos {
                    k += 1;
                }
                span_of[k].1
            }
            Err(k) => span_of[k.saturating_sub(1)].1,
        }
    };
    let base_size = spans.first().map(|s| s.style.size).unwrap_or(10.0);

    // Context of each character: CJK (full-width punctuation) or Latin (proportional).
    let cjk_ctx: Vec<bool> = chars
        .iter()
        .enumerate()
        .map(|(k, &(_, c))| {
            if is_shared_punct(c) {
                let prev = chars[..k]
                    .iter()
                    .rev()
                    .map(|x| x.1)
                    .find(|c| !is_shared_punct(*c));
                let next = chars[k + 1..]
                    .iter()
                    .map(|x| x.1)
                    .find(|c| !is_shared_punct(*c));
                prev.is_some_and(|c| is_cjk(c) || is_han(c))
                    || next.is_some_and(|c| is_cjk(c) || is_han(c))
            } else {
                is_cjk(c)
            }
        })
        .collect();

    let stops = tab_stops(&chars, &span_at);

    // Runs of one span, one face and one context, shaped separately.
    let mut units: Vec<Unit> = Vec::new();
    let mut all_glyphs: Vec<Glyph> = Vec::new();
    let mut stretched: Vec<(u32, f32)> = Vec::new();
    let mut k = 0;
    let mut prev_face: Option<usize> = None;
    let mut prev_chain: Option<Chain> = None;
    while k < chars.len() {
        let (start, c0) = chars[k];
        let span = span_at(start);
        let chain = spans[span].style.chain;
        let face_of = |fonts: &mut FontSet<'_>, c: char, prev: Option<usize>| -> usize {
            if matches!(c, '\t' | ' ' | '\u{a0}') && chain == Chain::Mono {
                // Columns are the code face's: after Chinese, a space of Noto Sans SC is
                // less than half as wide, and `| 名字 | 城市   |` lost its alignment.
                fonts.primary(chain)
            } else if c == ' ' || c == '\u{a0}' || c == '\t' || sized_space(c).is_some() {
                prev.filter(|&f| fonts.faces[f].sets_spaces())
                    .unwrap_or_else(|| fonts.primary(chain))
            } else if c == '\n' || is_invisible(c) {
                prev.unwrap_or_else(|| fonts.primary(chain))
            } else {
                fonts.pick_or_note(chain, c, place)
            }
        };
        let image = spans[span].style.image;
        // A space takes the face before it only within one chain: the space after inline
        // code is the sentence's, not a monospace one more than twice as wide.
        let same_chain = prev_face.filter(|_| prev_chain == Some(chain));
        let face = match prev_face {
            // An image's stand-in is no character a font should have.
            _ if image.is_some() => prev_face.unwrap_or_else(|| fonts.primary(chain)),
            Some(f) if mark_fits(fonts, f, &chars, k) => f,
            _ => face_of(fonts, c0, same_chain),
        };
        let ctx = cjk_ctx[k];
        let mut j = k + 1;
        while j < chars.len() {
            let (pos, c) = chars[j];
            if span_at(pos) != span
                || matches!(c, '\n' | '\t')
                || matches!(chars[j - 1].1, '\n' | '\t')
                || sized_space(c).is_some()
                || sized_space(chars[j - 1].1).is_some()
            {
                break;
            }
            let f = if mark_fits(fonts, face, &chars, j) {
                face
            } else {
                face_of(fonts, c, Some(face))
            };
            let same_ctx = cjk_ctx[j] == ctx || c == ' ' || is_invisible(c);
            if f != face || !same_ctx {
                break;
            }
            j += 1;
        }
        let end = chars.get(j).map(|x| x.0).unwrap_or(text.len());
        let run = &text[start..end];
        let size = spans[span].style.size;
        if run == "\n" {
            // A hard line break carries an invisible space, taking no room: the line it ends
            // then ends in a space in the text layer, as a wrapped line does, and the
            // structure (which reads a paragraph's lines one after another) does not run
            // `Alice Smith` into `42 Main Street`.
            let g0 = all_glyphs.len() as u32;
            let face_mode = if chain == Chain::Mono {
                Mode::Code
            } else {
                Mode::Latin
            };
            if fonts.faces[face].covers(' ') {
                all_glyphs.extend(fonts.shape(face, " ", face_mode).into_iter().take(1).map(
                    |mut g| {
                        g.advance = 0.0;
                        g
                    },
                ));
            }
            units.push(Unit::plain(
                (start, end),
                span,
                face,
                (g0, all_glyphs.len() as u32),
                0.0,
                true,
                Brk::Mandatory,
            ));
        } else if let Some((_, width)) = image {
            // An inline image: as wide as it is drawn, no glyph (the layout draws it at
            // the line's mark for it); a line may break on either side of it.
            let g0 = all_glyphs.len() as u32;
            units.push(Unit::plain(
                (start, end),
                span,
                face,
                (g0, g0),
                width,
                false,
                Brk::No,
            ));
        } else if run == "\t" {
            // A tab is a space's glyph whose text stays the tab, so that copying a Makefile
            // gives back its tabs (fonts have no glyph for it: it showed as a crossed box).
            // In code it is as wide as the columns to the next tab stop, the glyph stretched
            // to that width so that no extractor reads the gap as more spaces; in running
            // text it is one space, as a browser shows it.
            let (mode, cols) = if chain == Chain::Mono {
                let at = stops.partition_point(|s| s.0 < k);
                (Mode::Code, stops.get(at).map_or(1, |s| s.1))
            } else {
                (Mode::Latin, 1)
            };
            let g0 = all_glyphs.len() as u32;
            let space = fonts.shape(face, " ", mode).into_iter().next();
            let advance = space.as_ref().map_or(0.25, |g| g.advance);
            all_glyphs.extend(space);
            if cols > 1 {
                stretched.push((units.len() as u32, cols as f32));
            }
            units.push(Unit::plain(
                (start, end),
                span,
                face,
                (g0, all_glyphs.len() as u32),
                advance * size * cols as f32,
                true,
                Brk::No,
            ));
        } else if let Some(em) = sized_space(c0).filter(|_| run.chars().count() == 1) {
            // A space of a set width (a hair space, a thin space, an em space) that fonts
            // seldom have: the space's glyph stretched to that width, its text the character
            // written. It was left out, and `ES6\u{200a}In Depth` read `ES6In Depth`.
            let mode = if chain == Chain::Mono {
                Mode::Code
            } else {
                Mode::Latin
            };
            let g0 = all_glyphs.len() as u32;
            let space = fonts.shape(face, " ", mode).into_iter().next();
            let advance = space.as_ref().map_or(0.25, |g| g.advance);
            all_glyphs.extend(space);
            if advance > 0.0 {
                stretched.push((units.len() as u32, em / advance));
            }
            units.push(Unit::plain(
                (start, end),
                span,
                face,
                (g0, all_glyphs.len() as u32),
                em * size,
                true,
                Brk::No,
            ));
        } else {
            let mode = if chain == Chain::Mono {
                Mode::Code
            } else if ctx {
                Mode::Cjk
            } else {
                Mode::Latin
            };
            let glyphs = fonts.shape(face, run, mode);
            // Code set in a fallback face (Chinese in a comment, an ASCII-art table with
            // Chinese cells) keeps the code face's columns: a wide character is two columns,
            // as a terminal and the text output count it, its glyph stretched to fill them
            // (see `column_scale`).
            let columns = (chain == Chain::Mono && face != fonts.primary(chain))
                .then(|| mono_column(fonts, chain))
                .flatten();
            let mut g = 0;
            while g < glyphs.len() {
                let cl = glyphs[g].cluster;
                let mut h = g + 1;
                while h < glyphs.len() && glyphs[h].cluster == cl {
                    h += 1;
                }
                let u_end = glyphs.get(h).map(|x| start + x.cluster).unwrap_or(end);
                let u_start = start + cl;
                let utext = &text[u_start..u_end.max(u_start)];
                let gs = &glyphs[g..h];
                let mut full: f32 = gs.iter().map(|x| x.advance).sum::<f32>() * size;
                if let Some(scale) = columns.and_then(|col| column_scale(gs, utext, col)) {
                    stretched.push((units.len() as u32, scale));
                    full *= scale;
                }
                // The two-em dash (破折号) is one unbroken line of exactly two ems. Noto Sans
                // SC sets `——` as one 1.68 em glyph: stretch it to the full width.
                if ctx
                    && gs.len() == 1
                    && utext.len() >= 6
                    && utext.chars().all(|c| c == '—' || c == '―')
                    && full > 0.0
                {
                    let want = utext.chars().count() as f32 * size;
                    stretched.push((units.len() as u32, want / full));
                    full = want;
                }
                let first = utext.chars().next().unwrap_or(' ');
                let mut ink = Ink::None;
                // Code keeps every character's full advance: what was typed, evenly spaced.
                if ctx
                    && chain != Chain::Mono
                    && utext.chars().count() == 1
                    && is_compressible_punct(first)
                    && gs.len() == 1
                {
                    let em = gs[0].advance;
                    if (em - 1.0).abs() < 0.05
                        && let Some((x0, x1)) = fonts.ink_x(face, gs[0].gid)
                    {
                        if x1 <= 0.58 {
                            ink = Ink::Left;
                        } else if x0 >= 0.42 {
                            ink = Ink::Right;
                        }
                    }
                }
                units.push(Unit {
                    start: u_start,
                    end: u_end.max(u_start),
                    span,
                    face,
                    g0: all_glyphs.len() as u32,
                    g1: (all_glyphs.len() + gs.len()) as u32,
                    full,
                    trim_left: 0.0,
                    trim_right: 0.0,
                    half: size * 0.5,
                    ink,
                    space: utext.chars().all(|c| c == ' '),
                    cjk: ctx || utext.chars().any(|c| is_cjk(c) || is_han(c)),
                    embolden: fonts.needs_emboldening(chain, face),
                    glue: 0.0,
                    brk: Brk::No,
                });
                all_glyphs.extend_from_slice(&glyphs[g..h]);
                g = h;
            }
        }
        prev_face = Some(face);
        prev_chain = Some(chain);
        k = j;
    }

    // Break opportunities: UAX #14, then the Chinese line-start and line-end rules.
    // Units are in text order, so the unit ending at a break position is found by binary
    // search (the last one ending there, if an empty unit shares the position).
    for (pos, opp) in linebreaks(&text) {
        let k = units.partition_point(|u| u.end <= pos);
        if k > 0 && units[k - 1].end == pos {
            let i = k - 1;
            let b = match opp {
                BreakOpportunity::Mandatory => Brk::Mandatory,
                BreakOpportunity::Allowed => Brk::Allowed,
            };
            if units[i].brk != Brk::Mandatory {
                units[i].brk = b;
            }
        }
    }
    let n = units.len();
    for i in 0..n {
        if units[i].brk != Brk::Allowed {
            continue;
        }
        let last = text[units[i].start..units[i].end].chars().last();
        let next = units
            .get(i + 1)
            .and_then(|u| text[u.start..u.end].chars().next());
        // Korean is broken between words (eojeol), at its spaces, as the text output and
        // the stylesheet's `word-break: keep-all` break it: UAX #14 allows a break between
        // any two syllables, and `스키|마` split a word in two, `FastAPI|는` a word from its
        // particle. A word longer than the line is still broken, as any token is.
        let korean = match (last, next) {
            (Some(a), Some(b)) => {
                let hangul = crate::cjk::is_hangul;
                (hangul(a) && (hangul(b) || b.is_alphanumeric()))
                    || (hangul(b) && a.is_alphanumeric())
            }
            _ => false,
        };
        if korean
            || last.is_some_and(is_line_end_forbidden)
            || next.is_some_and(is_line_start_forbidden)
        {
            units[i].brk = Brk::No;
        }
    }
    hyphen_breaks(&text, spans, &mut units);
    url_breaks(spans, &span_of, &mut units);
    let hyphens = match hyphens {
        Some(lang) => hyphen_points(fonts, spans, &span_of, &mut units, lang),
        None => Vec::new(),
    };
    // The end of the text is the end of the last line, not a forced empty line.
    if let Some(u) = units.last_mut()
        && u.brk == Brk::Mandatory
        && u.g1 > u.g0
        && &text[u.start..u.end] != "\n"
    {
        u.brk = Brk::Allowed;
    }

    // Punctuation compression where two full-width marks meet, and Han–Latin autospace.
    for i in 0..n.saturating_sub(1) {
        let (a, b) = (units[i].ink, units[i + 1].ink);
        if a == Ink::Left && b != Ink::None {
            units[i].trim_right = units[i].half;
        } else if a != Ink::None && b == Ink::Right {
            units[i + 1].trim_left = units[i + 1].half;
        }
        let last = text[units[i].start..units[i].end].chars().last();
        let next = text[units[i + 1].start..units[i + 1].end].chars().next();
        let raised =
            spans[units[i].span].style.rise != 0.0 || spans[units[i + 1].span].style.rise != 0.0;
        // Never inside code: `echo "第1行"` is set (and copied) as typed.
        let in_code = spans[units[i].span].style.chain == Chain::Mono
            && spans[units[i + 1].span].style.chain == Chain::Mono;
        if let (Some(a), Some(b)) = (last, next)
            && !raised
            && !in_code
            && ((is_han(a) && is_latin_alnum(b)) || (is_latin_alnum(a) && is_han(b)))
        {
            units[i].glue = 0.25
                * spans[units[i].span]
                    .style
                    .size
                    .min(spans[units[i + 1].span].style.size);
        }
        // A key cap's frame is drawn a little outside its glyphs: room on either side of it,
        // so that it touches neither its neighbour nor the `+` or `-` between two keys.
        let (ka, kb) = (
            spans[units[i].span].style.key,
            spans[units[i + 1].span].style.key,
        );
        if ka != kb {
            let size = spans[units[i].span]
                .style
                .size
                .max(spans[units[i + 1].span].style.size);
            units[i].glue = units[i].glue.max(KEY_ROOM * size);
        }
    }

    Prepared {
        rtl: crate::render::pdf::bidi::paragraph_is_rtl(&text),
        text,
        spans: spans.iter().map(|s| s.style.clone()).collect(),
        units,
        glyphs: all_glyphs,
        base_size,
        hyphens,
        stretched,
    }
}

/// The width, in ems, of a space character that says how wide it is (U+2000 to U+200A,
/// the narrow no-break space, the medium mathematical space), as Unicode describes them;
/// `None` for any other character.
fn sized_space(c: char) -> Option<f32> {
    Some(match c {
        '\u{2000}' | '\u{2002}' => 0.5,
        '\u{2001}' | '\u{2003}' => 1.0,
        '\u{2004}' => 1.0 / 3.0,
        '\u{2005}' => 0.25,
        '\u{2006}' => 1.0 / 6.0,
        // As wide as a digit, a full stop: the common widths of a text face.
        '\u{2007}' => 0.55,
        '\u{2008}' => 0.25,
        '\u{2009}' | '\u{202f}' => 0.2,
        '\u{200a}' => 0.1,
        '\u{205f}' => 4.0 / 18.0,
        _ => return None,
    })
}

/// Room between a key cap's glyphs and what stands beside them, in ems: its frame reaches
/// 0.06 em outside the glyphs (`layout::text`), and a hair of white is left beyond it.
pub const KEY_ROOM: f32 = 0.08;

/// Columns between tab stops in code (the HTML and EPUB set `tab-size: 4` too).
pub const TAB: usize = 4;

/// The width of one column of code, in ems: the advance of a space in the code chain's first
/// face. `None` if it has none.
pub fn mono_column(fonts: &mut FontSet<'_>, chain: Chain) -> Option<f32> {
    let face = fonts.primary(chain);
    let space = fonts.shape(face, " ", Mode::Code).into_iter().next()?;
    (space.advance > 0.0).then_some(space.advance)
}

/// The horizontal scale that makes a cluster of code, `text`, set in a fallback face as wide
/// as the columns it takes, `col` ems each: a wide character two (Han in Noto Sans SC, 1 em,
/// is stretched to 1.2), a narrow one one, or whole columns more when it is wider (never
/// squeezed). The glyphs are stretched rather than spaced: extractors read a gap between two
/// Chinese characters as a space, and `名字` copied as `名 字`. `None` when nothing changes.
fn column_scale(glyphs: &[Glyph], text: &str, col: f32) -> Option<f32> {
    use unicode_width::UnicodeWidthStr;
    let cols = text.width();
    let natural: f32 = glyphs.iter().map(|g| g.advance).sum();
    if cols == 0 || natural <= 0.0 {
        return None;
    }
    let mut want = cols as f32 * col;
    if cols == 1 && natural > want + 0.01 {
        want = (natural / col).ceil() * col;
    }
    ((want - natural).abs() > 0.001).then_some(want / natural)
}

/// The columns a line of code takes as it is set: a wide (CJK) character two, a tab up to the
/// next stop (every four columns), trailing white space none (it never makes a line wrap).
pub fn code_columns(line: &str) -> usize {
    use unicode_width::UnicodeWidthChar;
    line.trim_end().chars().fold(0, |col, c| match c {
        '\t' => col + TAB - col % TAB,
        _ => col + c.width().unwrap_or(0),
    })
}

/// For each tab (by index in `chars`), in order, the columns to the next tab stop: columns
/// are counted from the start of the tab's span or its last line break, a wide (CJK)
/// character two, as a terminal counts them, so that columns written with tabs line up.
/// Empty (and nothing allocated) for text without tabs.
fn tab_stops(chars: &[(usize, char)], span_at: &dyn Fn(usize) -> usize) -> Vec<(usize, usize)> {
    use unicode_width::UnicodeWidthChar;
    let mut stops = Vec::new();
    if !chars.iter().any(|x| x.1 == '\t') {
        return stops;
    }
    let (mut col, mut span) = (0, usize::MAX);
    for (k, &(pos, c)) in chars.iter().enumerate() {
        let s = span_at(pos);
        if s != span {
            (span, col) = (s, 0);
        }
        match c {
            '\n' => col = 0,
            '\t' => {
                let n = TAB - col % TAB;
                stops.push((k, n));
                col += n;
            }
            _ => col += c.width().unwrap_or(0),
        }
    }
    stops
}

/// Whether `chars[j]` is a combining mark that `face`, the face of the letter it belongs to,
/// can show: it has the mark, or the character the letter and its marks compose to (shaping
/// composes them then, as HarfBuzz does). A mark set in another face than its letter's is
/// placed against nothing (`Tiếng` showed its accents beside the `e`).
fn mark_fits(fonts: &FontSet<'_>, face: usize, chars: &[(usize, char)], j: usize) -> bool {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    if !is_combining_mark(chars[j].1) {
        return false;
    }
    let Some(base) = chars[..j].iter().rposition(|&(_, c)| !is_combining_mark(c)) else {
        return false;
    };
    let face = &fonts.faces[face];
    face.covers(chars[j].1)
        || chars[base..=j]
            .iter()
            .map(|&(_, c)| c)
            .nfc()
            .all(|c| face.covers(c))
}

/// Where a line may break at a hyphen-minus. UAX #14 (as the crate implements it) allows a
/// break after every `-`, but:
///
/// - hyphens that start a word (`-o`, `--all`) stay with it (Unicode 15.1's rule LB20.1):
///   `--dearmor -` / `o` reads as two options, neither of them written;
/// - in code and in a URL a line never ends in a hyphen: text extractors (`pdftotext`) take a
///   hyphen at a line end for a word broken in two and drop it when they join the lines, so
///   `docker-buildx-plugin` copied back as `docker-buildxplugin`. The line breaks before the
///   hyphen instead, where it joins two words (`docker` / `-buildx-plugin`).
fn hyphen_breaks(text: &str, spans: &[Span], units: &mut [Unit]) {
    for i in 0..units.len() {
        if units[i].brk != Brk::Allowed || !text[units[i].start..units[i].end].ends_with('-') {
            continue;
        }
        let before = text[..units[i].end - 1].chars().next_back();
        // The hyphens a word starts with (`-o`, `--all`) stay with it.
        let word_start = text[..units[i].end]
            .trim_end_matches('-')
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace);
        let span = &spans[units[i].span];
        let verbatim = span.style.chain == Chain::Mono
            || (span.style.link.is_some()
                && (span.text.contains("://") || span.text.starts_with("www.")));
        if !(word_start || verbatim) {
            continue;
        }
        units[i].brk = Brk::No;
        if verbatim
            && before.is_some_and(char::is_alphanumeric)
            && i > 0
            && units[i - 1].brk == Brk::No
            && units[i - 1].span == units[i].span
        {
            units[i - 1].brk = Brk::Allowed;
        }
    }
}

/// Lets a URL in running text break where style manuals break one (after `//`, before `/`,
/// `.`, `-`…; see [`crate::render::long_tokens`]), no hyphen added: UAX #14 gives it almost
/// no break, so a long URL moved whole to the next line and the line before it was stretched
/// letter by letter. Code keeps its own breaks.
fn url_breaks(spans: &[Span], span_of: &[(usize, usize)], units: &mut [Unit]) {
    for &(base, si) in span_of {
        let span = &spans[si];
        let url = span.style.chain != Chain::Mono
            && span.style.link.is_some()
            && (span.text.contains("://") || span.text.starts_with("www."));
        if !url {
            continue;
        }
        for b in crate::render::long_tokens::breaks(&span.text, false) {
            let pos = base + b;
            let k = units.partition_point(|u| u.end <= pos);
            if k > 0 && units[k - 1].end == pos && units[k - 1].brk == Brk::No {
                units[k - 1].brk = Brk::Allowed;
            }
        }
    }
}

/// Marks the units after which a word of an eligible span may be hyphenated, and returns the
/// hyphen glyph and width for each.
fn hyphen_points(
    fonts: &mut FontSet<'_>,
    spans: &[Span],
    span_of: &[(usize, usize)],
    units: &mut [Unit],
    lang: hypher::Lang,
) -> Vec<(u32, u16, f32)> {
    let mut out = Vec::new();
    let mut glyph_of: std::collections::HashMap<usize, Option<(u16, f32)>> =
        std::collections::HashMap::new();
    for &(base, si) in span_of {
        let st = &spans[si].style;
        if st.chain == Chain::Mono || st.link.is_some() || st.rise != 0.0 {
            continue;
        }
        for p in super::super::hyphenate::points(&spans[si].text, lang) {
            let pos = base + p;
            let k = units.partition_point(|u| u.end <= pos);
            if k == 0 || k >= units.len() || units[k - 1].end != pos {
                continue;
            }
            let i = k - 1;
            if units[i].brk != Brk::No || units[i].cjk || units[i].span != si {
                continue;
            }
            let face = units[i].face;
            let glyph = *glyph_of.entry(face).or_insert_with(|| {
                let g = fonts.shape(face, "-", Mode::Latin);
                (g.len() == 1 && g[0].gid != 0).then(|| (g[0].gid, g[0].advance))
            });
            let Some((gid, advance)) = glyph else {
                continue;
            };
            units[i].brk = Brk::Hyphen;
            out.push((i as u32, gid, advance * st.size));
        }
    }
    out.sort_by_key(|h| h.0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::fonts::UserFonts;

    /// The lines of `spans` set `width_em` ems wide (10 pt text).
    fn set(spans: &[Span], width_em: f32) -> Vec<String> {
        let user = UserFonts::default();
        let mut w = Vec::new();
        let mut fonts = FontSet::new(&user, &mut w);
        prepare(&mut fonts, spans, "test")
            .break_lines(&BreakOptions {
                width: width_em * 10.0,
                justify: false,
            })
            .into_iter()
            .map(|l| l.text)
            .collect()
    }

    fn span(text: &str, chain: Chain) -> Span {
        Span {
            text: text.to_owned(),
            style: Style::new(chain, 10.0),
        }
    }

    /// A tab in code reaches the next stop of every four columns (a CJK character is two),
    /// as the source's columns were written, and stays a tab in the text layer: one
    /// glyph (the space, stretched) whose text is the tab. In running text it is a space
    /// wide. Before, code tabs became spaces (a copied Makefile broke) and any other tab a
    /// crossed box.
    #[test]
    fn tabs_reach_the_next_stop_and_stay_tabs() {
        let user = UserFonts::default();
        let mut w = Vec::new();
        let mut fonts = FontSet::new(&user, &mut w);
        let mut line = |text: &str, chain: Chain| {
            let mut lines =
                prepare(&mut fonts, &[span(text, chain)], "test").break_lines(&BreakOptions {
                    width: 1000.0,
                    justify: false,
                });
            assert_eq!(lines.len(), 1);
            lines.remove(0)
        };
        let col = line("a", Chain::Mono).width;
        let han = line("名", Chain::Mono).width;
        // A Chinese character in code is two columns wide (see `column_scale`).
        assert!((col - 6.0).abs() < 0.1 && (han - 2.0 * col).abs() < 0.1);
        // (code, the character looked at, its column).
        let cases = [
            ("\tcc -o a a.c", 'c', 4),
            ("ab\tx", 'x', 4),
            ("abc\tx", 'x', 4),
            ("abcd\ty", 'y', 8),
            ("abcdefg\ty", 'y', 8),
            ("a\t\tb", 'b', 8),
            ("名字\t值", '值', 8),
            ("名\t值", '值', 4),
        ];
        for (code, c, column) in cases {
            let l = line(code, Chain::Mono);
            assert_eq!(l.text, code);
            let glyphs: Vec<PlacedGlyph> = l.glyphs().collect();
            let at = |g: &PlacedGlyph| &l.text[g.text.0 as usize..g.text.1 as usize];
            let g = glyphs.iter().find(|g| at(g).starts_with(c)).unwrap();
            // A wide character takes two columns.
            let x = column as f32 * col;
            assert!((g.x - x).abs() < 0.1, "{code:?}: {} against {x}", g.x);
            let tabs: Vec<_> = glyphs.iter().filter(|g| at(g) == "\t").collect();
            assert_eq!(tabs.len(), code.matches('\t').count(), "{code:?}");
            assert!(tabs.iter().all(|t| t.gid != 0 && t.scale_x >= 1.0));
        }
        let prose = line("a\tb", Chain::Text);
        let spaced = line("a b", Chain::Text);
        assert_eq!(prose.text, "a\tb");
        assert!((prose.width - spaced.width).abs() < 0.01);
        let gids = |l: &Line| l.glyphs().map(|g| g.gid).collect::<Vec<_>>();
        assert_eq!(gids(&prose), gids(&spaced));
    }

    /// Code and URLs never end a line in a hyphen (extractors drop it when they join the
    /// lines), and a hyphen that starts a word stays with it, in any text. Each width below
    /// puts a hyphen right at the line end, where UAX #14 alone breaks after it.
    #[test]
    fn hyphens_in_code_urls_and_options_stay_at_a_line_start() {
        let code = "sudo apt-get install docker-buildx-plugin docker-compose-plugin";
        let url = "https://example.com/signature-algorithm-hmacsha256-and-more";
        let option = "run gpg with --dearmor -o and then -v to see it";
        let mut url_span = span(url, Chain::Text);
        url_span.style.link = Some(0);
        let cases = [
            (vec![span(code, Chain::Mono)], code),
            (vec![url_span], url),
            (vec![span(option, Chain::Text)], option),
        ];
        for (spans, text) in cases {
            for width in (16..48).map(|w| w as f32 * 0.5) {
                let lines = set(&spans, width);
                assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
                for l in &lines[..lines.len() - 1] {
                    let l = l.trim_end();
                    // `-o`, `--dearmor`, `-v`: no line ends in a hyphen that starts a word.
                    let word = l.rsplit(' ').next().unwrap_or(l);
                    assert!(!word.chars().all(|c| c == '-'), "{width} em: {lines:?}");
                    if !std::ptr::eq(text, option) {
                        assert!(!l.ends_with('-'), "{width} em: {lines:?}");
                    }
                }
            }
        }
        // Prose still breaks after a hyphen inside a word.
        let prose = "a well-known state-of-the-art user-friendly approach";
        let broke_after = (8..40).any(|w| {
            let lines = set(&[span(prose, Chain::Text)], w as f32 * 0.5);
            lines[..lines.len() - 1]
                .iter()
                .any(|l| l.trim_end().ends_with('-'))
        });
        assert!(broke_after);
    }

    /// Decomposed accents (`ha` + U+030C + `o`, Vietnamese stacked marks) are set in their
    /// letter's face, which composes them: before, the marks came from a fallback font
    /// (DejaVu on the machine of the report) and were placed against nothing. Here the
    /// fallback is JetBrains Mono, installed as a system font, which has the bare marks.
    #[test]
    fn combining_marks_take_their_letters_face() {
        use crate::render::pdf::fonts::SystemFonts;
        let text = "ni\u{30c} ha\u{30c}o Tie\u{302}\u{301}ng Vie\u{323}\u{302}t";
        let mut db = fontdb::Database::new();
        db.load_font_data(crate::fonts::JETBRAINS_MONO_REGULAR.data.to_vec());
        let system = SystemFonts::find_in(&db, &['\u{302}', '\u{301}', '\u{323}', '\u{30c}']);
        let user = UserFonts::default();
        let mut w = Vec::new();
        let mut fonts = FontSet::with_system(&user, &system, &mut w);
        // The setting of the test: the fallback has a mark the body face lacks.
        let body = fonts.primary(Chain::Text);
        let fallback = fonts.pick(Chain::Text, '\u{323}');
        assert!(fallback.is_some_and(|f| f != body), "{fallback:?}");
        let p = prepare(&mut fonts, &[span(text, Chain::Text)], "test");
        let faces: Vec<(&str, usize)> = p
            .units
            .iter()
            .map(|u| (&p.text[u.start..u.end], u.face))
            .collect();
        assert!(faces.iter().all(|&(_, f)| f == body), "{faces:?}");
    }
}
