//! Line-start and line-end prohibitions (避头尾, kinsoku) in the text wrapper and the PDF line
//! breaker, tested against lists written here (not the code's own table) and on inputs where
//! the prohibition, not UAX #14, is what prevents the break.
//!
//! The lists follow W3C's "Requirements for Chinese Text Layout" (clreq, §3.1.7) and JIS X 4051
//! (characters not starting a line: closing brackets, stops and commas, middle dots, the
//! prolonged sound mark, small kana, iteration marks; not ending a line: opening brackets).
//! For each character the test first asks UAX #14 (the `unicode-linebreak` crate) whether it
//! allows a break before it between two ideographs; those it allows are the ones only our rule
//! protects, and there must be some, or the test would prove nothing.

#[cfg(feature = "pdf")]
use guidepress::render::pdf::fonts::{Chain, FontSet, UserFonts};
#[cfg(feature = "pdf")]
use guidepress::render::pdf::linebreak::{BreakOptions, Span, Style, prepare};
use guidepress::render::text::wrap::wrap;

/// May not start a line (clreq / JIS X 4051), as written in those documents.
const NOT_AT_LINE_START: &[char] = &[
    '，', '。', '、', '；', '：', '？', '！', '）', '》', '」', '』', '】', '〕', '〉', '”', '’',
    '…', '·', '・', 'ー', 'ぁ', 'ぃ', 'ぅ', 'ぇ', 'ぉ', 'っ', 'ゃ', 'ゅ', 'ょ', 'ァ', 'ィ', 'ゥ',
    'ェ', 'ォ', 'ッ', 'ャ', 'ュ', 'ョ', '々', '〻', 'ゝ', 'ゞ', 'ヽ', 'ヾ', '〜', '～', '％', '℃',
];

/// May not end a line (opening brackets; currency signs that precede a number).
const NOT_AT_LINE_END: &[char] = &[
    '（', '《', '「', '『', '【', '〔', '〈', '“', '‘', '＄', '￥', '£',
];

/// Whether UAX #14 alone allows a break between `before` and `after`.
fn uax14_allows(before: &str, after: &str) -> bool {
    let s = format!("{before}{after}");
    unicode_linebreak::linebreaks(&s).any(|(i, _)| i == before.len())
}

/// The characters of `list` that UAX #14 lets through in the given position.
fn only_our_rule_protects(list: &[char], at_start: bool) -> Vec<char> {
    let v: Vec<char> = list
        .iter()
        .copied()
        .filter(|&c| {
            if at_start {
                uax14_allows("字", &c.to_string())
            } else {
                uax14_allows(&c.to_string(), "字")
            }
        })
        .collect();
    v
}

/// A paragraph where breaking before (or after) `c` would often be the natural choice: runs of
/// ideographs of varying length with `c` between them.
fn paragraph(c: char, at_start: bool) -> String {
    let mut s = String::new();
    for k in 0..60 {
        let run = "字".repeat(1 + k % 7);
        if at_start {
            s.push_str(&run);
            s.push(c);
        } else {
            s.push(c);
            s.push_str(&run);
        }
    }
    s
}

#[test]
fn uax14_alone_lets_some_forbidden_characters_start_a_line() {
    // Written by hand from UAX #14's classes: the middle dot (AI) and the full-width tilde
    // (ID) may start a line under UAX #14; small kana and ー (CJ) are treated as NS by
    // `unicode-linebreak`, so UAX #14 already keeps them off a line start. Without at least
    // one such character the tests below would not test our rule at all.
    let start = only_our_rule_protects(NOT_AT_LINE_START, true);
    for c in ['·', '～'] {
        assert!(start.contains(&c), "{c} {start:?}");
    }
    let end = only_our_rule_protects(NOT_AT_LINE_END, false);
    // UAX #14 (LB14, LB25) already keeps every one of them off a line end.
    assert!(end.len() <= NOT_AT_LINE_END.len());
}

#[test]
fn text_wrapper_keeps_forbidden_characters_off_line_edges() {
    for (list, at_start) in [(NOT_AT_LINE_START, true), (NOT_AT_LINE_END, false)] {
        for c in only_our_rule_protects(list, at_start) {
            let text = paragraph(c, at_start);
            for width in 6..40 {
                let lines = wrap(&text, width);
                for (i, l) in lines.iter().enumerate() {
                    if at_start && i > 0 {
                        assert!(!l.starts_with(c), "{c:?} starts line {i} at width {width}");
                    }
                    if !at_start && i + 1 < lines.len() {
                        assert!(!l.ends_with(c), "{c:?} ends line {i} at width {width}");
                    }
                }
                assert_eq!(lines.concat(), text, "nothing lost at width {width}");
            }
        }
    }
}

#[cfg(feature = "pdf")]
#[test]
fn pdf_line_breaker_keeps_forbidden_characters_off_line_edges() {
    let mut warnings = Vec::new();
    let user = UserFonts::load(&[], &mut warnings);
    let mut fonts = FontSet::new(&user, &mut warnings);
    for (list, at_start) in [(NOT_AT_LINE_START, true), (NOT_AT_LINE_END, false)] {
        for c in only_our_rule_protects(list, at_start) {
            let text = paragraph(c, at_start);
            let spans = [Span {
                text: text.clone(),
                style: Style::new(Chain::Text, 10.0),
            }];
            let prepared = prepare(&mut fonts, &spans, "kinsoku test");
            for width in (60..400).step_by(7) {
                for justify in [false, true] {
                    let lines = prepared.break_lines(&BreakOptions {
                        width: width as f32,
                        justify,
                    });
                    for (i, l) in lines.iter().enumerate() {
                        if at_start && i > 0 {
                            assert!(!l.text.starts_with(c), "{c:?} starts line {i} at {width}pt");
                        }
                        if !at_start && i + 1 < lines.len() {
                            assert!(!l.text.ends_with(c), "{c:?} ends line {i} at {width}pt");
                        }
                    }
                    let all: String = lines.iter().map(|l| l.text.as_str()).collect();
                    assert_eq!(all, text, "nothing lost at {width}pt");
                }
            }
        }
    }
}
