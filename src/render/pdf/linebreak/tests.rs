//! Tests of the line breaker: kinsoku, punctuation compression, justification, hyphenation
//! and code, on text set with the bundled fonts.

use super::*;
use crate::render::pdf::fonts::UserFonts;

/// `text` in the body face at 10 pt, set on lines `width_em` ems wide.
fn lines(text: &str, width_em: f32, justify: bool) -> Vec<Line> {
    let spans = vec![Span {
        text: text.to_owned(),
        style: Style::new(Chain::Text, 10.0),
    }];
    set(&spans, width_em * 10.0, justify).0
}

/// Sets `spans` on lines `width` points wide with the bundled fonts: the lines, the text
/// chain's primary face, and the characters no font had.
fn set(spans: &[Span], width: f32, justify: bool) -> (Vec<Line>, usize, Vec<char>) {
    let user = UserFonts::default();
    let mut w = Vec::new();
    let mut fonts = FontSet::new(&user, &mut w);
    let ls = prepare(&mut fonts, spans, "test").break_lines(&BreakOptions { width, justify });
    (ls, fonts.primary(Chain::Text), fonts.missing_chars())
}

fn texts(ls: &[Line]) -> Vec<String> {
    ls.iter().map(|l| l.text.clone()).collect()
}

#[test]
fn no_line_starts_with_closing_punctuation() {
    // Ten characters fit; the comma would start line two: the breaker pulls "子" along.
    let ls = lines("一二三四五六七八九十，一二三四五。", 10.0, true);
    for l in &ls[1..] {
        let c = l.text.chars().next().unwrap();
        assert!(!is_line_start_forbidden(c), "{:?}", texts(&ls));
    }
    assert_eq!(ls.concat_text(), "一二三四五六七八九十，一二三四五。");
}

/// Korean breaks at its spaces, between words, never inside one (`스키|마`) or between a
/// Latin word and its particle (`FastAPI|는`), at every width; the words are written in the
/// test, each line must end and start on a whole one. A word longer than the line still
/// breaks.
#[test]
fn korean_breaks_between_words() {
    let text = "FastAPI는 자동으로 API를 설명하는 스키마를 생성합니다. 여러분의 모든 API에 대한 설명과 함께 JSON 스키마를 포함합니다.";
    let words: Vec<&str> = text.split(' ').collect();
    for width in 6..30 {
        let ls = lines(text, width as f32, true);
        assert_eq!(ls.concat_text().replace(' ', ""), text.replace(' ', ""));
        for l in &ls {
            for w in l.text.split_whitespace() {
                assert!(words.contains(&w), "width {width}: {:?}", texts(&ls));
            }
        }
    }
    let long = "가".repeat(40);
    assert!(lines(&long, 10.0, false).len() > 1);
}

#[test]
fn no_line_ends_with_opening_punctuation() {
    let ls = lines("一二三四五六七八九“十一”二三四五六七八", 10.0, true);
    for l in &ls {
        let c = l.text.chars().last().unwrap();
        assert!(!is_line_end_forbidden(c), "{:?}", texts(&ls));
    }
}

#[test]
fn adjacent_punctuation_is_compressed() {
    let ls = lines("点击“设置”、“我的”", 40.0, false);
    let l = &ls[0];
    // 点击 (2) + “设置” (4) + 、(1) + “我的” (4) = 11 cells if nothing were compressed.
    // ” before 、 and 、 before “ lose half an em each, the final ” at the line end too.
    let cells = l.width / 10.0;
    assert!((cells - 9.5).abs() < 0.05, "width {cells} em");
}

#[test]
fn line_end_punctuation_is_compressed_and_lines_justified() {
    let ls = lines(
        "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
        10.5,
        true,
    );
    assert!(ls.len() >= 3);
    for l in &ls[..ls.len() - 1] {
        assert!(
            (l.width - 105.0).abs() < 0.1,
            "justified to the full width: {}",
            l.width
        );
    }
    let last = ls.last().unwrap();
    assert!(last.width < 105.0, "last line ragged");
    let ls = lines("一二三四五六七八九，一二", 9.6, true);
    assert_eq!(
        ls[0].text, "一二三四五六七八九，",
        "the comma fits by compression"
    );
}

#[test]
fn punctuation_shrinks_evenly_by_priority() {
    // 14 cells in 13.6 em: 0.4 em must go. Both commas give 0.2 em each, instead of one
    // comma 0.4 em and the other nothing; the full stop keeps its space.
    let text = "一二三四，五六。七八，九十一";
    let ls = lines(text, 13.6, true);
    assert_eq!(ls.len(), 1, "{:?}", texts(&ls));
    let l = &ls[0];
    assert!(l.width <= 136.05, "{}", l.width);
    // Space each mark takes: from its glyph to the next glyph.
    let taken = |mark: char| -> Vec<f32> {
        l.glyphs()
            .collect::<Vec<_>>()
            .windows(2)
            .filter(|w| l.text[w[0].text.0 as usize..w[0].text.1 as usize].starts_with(mark))
            .map(|w| w[1].x - w[0].x)
            .collect()
    };
    let commas = taken('，');
    assert_eq!(commas.len(), 2);
    for c in &commas {
        assert!(
            (c - 8.0).abs() < 0.1,
            "commas take {commas:?} pt, not 8 each"
        );
    }
    let stops = taken('。');
    assert!(
        (stops[0] - 10.0).abs() < 0.1,
        "the full stop keeps 1 em: {stops:?}"
    );
}

#[test]
fn han_latin_autospace() {
    let ls = lines("中文English混排", 40.0, false);
    let plain: f32 = lines("中文", 40.0, false)[0].width
        + lines("English", 40.0, false)[0].width
        + lines("混排", 40.0, false)[0].width;
    assert!(
        (ls[0].width - plain - 5.0).abs() < 0.2,
        "{} vs {}",
        ls[0].width,
        plain
    );
    // With a space already there, no extra space.
    let spaced = lines("中文 English", 40.0, false)[0].width;
    let space = lines("中文", 40.0, false)[0].width + lines("English", 40.0, false)[0].width;
    assert!(spaced - space < 4.0);
}

#[test]
fn no_autospace_or_stretch_inside_code() {
    let user = UserFonts::default();
    let mut w = Vec::new();
    let mut fonts = FontSet::new(&user, &mut w);
    let code = Style::new(Chain::Mono, 10.0);
    let spans = vec![
        Span {
            text: "一二三四五六七八九十一二三四五六七八九十，运行".to_owned(),
            style: Style::new(Chain::Text, 10.0),
        },
        Span {
            text: "echo \"第1行\"，printf(\"%d个\", n);".to_owned(),
            style: code,
        },
        Span {
            text: "即可。".to_owned(),
            style: Style::new(Chain::Text, 10.0),
        },
    ];
    let p = prepare(&mut fonts, &spans, "test");
    let ls = p.break_lines(&BreakOptions {
        width: 300.0,
        justify: true,
    });
    assert!(ls.len() >= 2);
    // The code's glyphs sit at their natural advances from one another: no autospace
    // around 第1行 and 个, no justification gap, no punctuation compression.
    let code_line = &ls[0];
    let start = code_line.text.find("echo").expect("code on the first line");
    let glyphs: Vec<PlacedGlyph> = code_line
        .glyphs()
        .filter(|g| g.text.0 as usize >= start && g.text.0 < g.text.1)
        .collect();
    for pair in glyphs.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let face = &fonts.faces[a.face];
        // A Chinese character is stretched to two columns of the code face.
        let adv = face.advance(a.gid) * a.size * a.scale_x;
        let t = &code_line.text[a.text.0 as usize..a.text.1 as usize];
        if t == " " {
            continue; // a real space may stretch
        }
        assert!(
            (b.x - a.x - adv).abs() < 0.01,
            "gap of {} pt after {t:?} in code",
            b.x - a.x - adv
        );
    }
}

/// The space after inline code is the sentence's space, not the code face's, which is more
/// than twice as wide: "`bat` to" read as "bat  to" on every page of a technical guide. The
/// space before the code was already right; both are checked against the width of the
/// text face's own space.
#[test]
fn spaces_around_inline_code_are_the_sentences() {
    let text = |t: &str| Span {
        text: t.to_owned(),
        style: Style::new(Chain::Text, 10.0),
    };
    let spans = vec![
        text("Use "),
        Span {
            text: "bat".to_owned(),
            style: Style::new(Chain::Mono, 10.0),
        },
        text(" to see."),
    ];
    let (ls, text_face, _) = set(&spans, 400.0, false);
    let glyphs: Vec<PlacedGlyph> = ls[0].glyphs().collect();
    let spaces: Vec<&PlacedGlyph> = glyphs
        .iter()
        .filter(|g| &ls[0].text[g.text.0 as usize..g.text.1 as usize] == " ")
        .collect();
    assert_eq!(spaces.len(), 3, "{:?}", ls[0].text);
    for g in spaces {
        assert_eq!(
            g.face, text_face,
            "space at byte {} in {:?}",
            g.text.0, ls[0].text
        );
    }
}

#[test]
fn long_tokens_break_anywhere() {
    let url = "https://example.com/a/very/long/path/that/does/not/break/anywhere.html";
    let ls = lines(url, 12.0, true);
    assert!(ls.len() > 1);
    for l in &ls {
        assert!(l.width <= 120.1, "overflow: {}", l.width);
    }
    assert_eq!(ls.concat_text(), url);
}

#[test]
fn latin_breaks_at_spaces_only() {
    let ls = lines(
        "The quick brown fox jumps over the lazy dog again and again",
        12.0,
        true,
    );
    for l in &ls {
        assert!(!l.text.starts_with(' '));
        for w in l.text.split_whitespace() {
            assert!("The quick brown fox jumps over the lazy dog again and again".contains(w));
        }
    }
    for l in &ls[..ls.len() - 1] {
        assert!((l.width - 120.0).abs() < 0.1);
    }
}

#[test]
fn lone_last_character_avoided() {
    // 11 characters at 10 per line would leave "。" with one character on line two.
    let ls = lines("一二三四五六七八九十一。", 10.0, true);
    assert_eq!(ls.len(), 2);
    assert!(ls[1].text.chars().count() >= 3, "{:?}", texts(&ls));
}

#[test]
fn a_little_shrinking_beats_a_lot_of_stretching() {
    // "中文" overflows by a little: the spaces shrink instead of spreading the line.
    let text = "Soft break in English continues here 中文 and more words to fill";
    let ls = lines(text, 18.6, true);
    for l in &ls {
        assert!(l.width <= 186.1, "{} > width", l.width);
    }
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    assert_eq!(squeeze(&ls.concat_text()), squeeze(text));
}

#[test]
fn total_fit_evens_out_english_paragraphs() {
    let text = "Users usually choose to unbind their digital wallet from Alipay for a variety of \
                reasons, and here are some common ones that come up again and again in support \
                requests from people all over the country.";
    let user = UserFonts::default();
    let mut w = Vec::new();
    let mut fonts = FontSet::new(&user, &mut w);
    let spans = vec![Span {
        text: text.to_owned(),
        style: Style::new(Chain::Text, 10.0),
    }];
    let p = prepare(&mut fonts, &spans, "test");
    let width = 180.0;
    let worst = |lines: &[(usize, usize, bool)]| {
        lines[..lines.len() - 1]
            .iter()
            .map(|&(s, e, _)| width - p.line_width(s, e))
            .fold(0f32, f32::max)
    };
    let optimal = p.optimal_breaks(width).expect("applies to Latin text");
    let greedy = p.greedy_breaks(width, true);
    assert!(
        worst(&optimal) <= worst(&greedy) + 0.01,
        "{} vs {}",
        worst(&optimal),
        worst(&greedy)
    );
    for &(s, e, _) in &optimal {
        assert!(p.line_width(s, e) - p.shrink_capacity(s, e) <= width + 0.01);
    }
    let set = p.break_lines(&BreakOptions {
        width,
        justify: true,
    });
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    assert_eq!(squeeze(&set.concat_text()), squeeze(text));
    for l in &set {
        assert!(l.width <= width + 0.05, "{}", l.width);
    }
}

/// A Chinese line that could only be justified by letter-spacing it (an address that
/// cannot break went to the next line) is set ragged: gaps of a quarter em read as
/// spaced-out text, and extractors gave `参 考 式 链 接`. An ordinary Chinese paragraph
/// is still justified to the full width.
#[test]
fn chinese_lines_are_not_letter_spaced() {
    let set = |text: &str| lines(text, 30.0, true);
    // Widest gap between two Chinese characters next to each other, in em.
    let widest = |l: &Line| {
        let g: Vec<PlacedGlyph> = l.glyphs().collect();
        g.windows(2)
            .filter(|p| {
                let t = |g: &PlacedGlyph| &l.text[g.text.0 as usize..g.text.1 as usize];
                [t(&p[0]), t(&p[1])]
                    .iter()
                    .all(|t| t.chars().all(crate::cjk::is_han))
            })
            .map(|p| (p[1].x - p[0].x - 10.0) / 10.0)
            .fold(0f32, f32::max)
    };
    let loose = set("参考式链接请看官方文档以及说明，邮件 supportteam@example.com。");
    assert_eq!(loose.len(), 2, "{:?}", texts(&loose));
    assert!(widest(&loose[0]) < 0.01, "{} em", widest(&loose[0]));
    assert!(loose[0].width < 290.0);
    let plain = set(
        "如果您不再需要数字钱包与支付宝之间的绑定关系，可以按照以下步骤解除绑定，整个过程只需要几分钟时间。",
    );
    assert!(plain.len() >= 2);
    for l in &plain[..plain.len() - 1] {
        assert!((l.width - 300.0).abs() < 0.1, "{}", l.width);
    }
}

#[test]
fn hyphenation_evens_out_word_gaps() {
    let text = "Internationalisation, accessibility and interoperability considerations \
                frequently complicate straightforward implementations; documentation \
                maintainers nevertheless appreciate comprehensible, unambiguous explanations \
                of configuration responsibilities, notwithstanding organisational \
                idiosyncrasies and extraordinarily heterogeneous environments.";
    let user = UserFonts::default();
    let mut w = Vec::new();
    let mut fonts = FontSet::new(&user, &mut w);
    let spans = vec![Span {
        text: text.to_owned(),
        style: Style::new(Chain::Text, 10.0),
    }];
    // Word gaps (space advance plus stretch) of the justified lines, in em, and whether
    // every line but the last was justified to the full width (a line too loose to
    // justify is left ragged).
    let gaps = |lang: Option<hypher::Lang>, fonts: &mut FontSet<'_>| -> (Vec<f32>, bool) {
        let p = prepare_hyphenated(fonts, &spans, "test", lang);
        let ls = p.break_lines(&BreakOptions {
            width: 300.0,
            justify: true,
        });
        let mut out = Vec::new();
        let mut full = true;
        for l in &ls[..ls.len() - 1] {
            full &= (l.width - 300.0).abs() < 0.1;
            for pair in l.glyphs().collect::<Vec<_>>().windows(2) {
                if &l.text[pair[0].text.0 as usize..pair[0].text.1 as usize] == " " {
                    out.push((pair[1].x - pair[0].x) / 10.0);
                }
            }
        }
        (out, full)
    };
    let max = |v: &[f32]| v.iter().copied().fold(0f32, f32::max);
    let (plain, plain_full) = gaps(None, &mut fonts);
    let (hyphenated, full) = gaps(Some(hypher::Lang::English), &mut fonts);
    assert!(full, "every line but the last is justified");
    assert!(
        max(&hyphenated) <= 0.65 && (max(&hyphenated) < max(&plain) || !plain_full),
        "widest word gap {} em hyphenated, {} em without",
        max(&hyphenated),
        max(&plain)
    );
}

#[test]
fn two_em_dash_is_two_ems_unbroken() {
    let ls = lines("他说——不行", 40.0, false);
    let l = &ls[0];
    let x = |t: &str| {
        l.glyphs()
            .find(|g| &l.text[g.text.0 as usize..g.text.1 as usize] == t)
            .map(|g| g.x)
            .unwrap()
    };
    assert!((x("不") - x("——") - 20.0).abs() < 0.01, "{:?}", l.text);
    // Never split across lines, even where a line must end right there.
    for w in [2.5, 3.0, 3.5, 4.0] {
        let ls = lines("他说——不行他说——不行", w, true);
        assert!(
            ls.iter().all(|l| l.text.matches('—').count() % 2 == 0),
            "{:?}",
            texts(&ls)
        );
    }
}

#[test]
fn forced_breaks() {
    let ls = lines("第一行\n第二行", 40.0, true);
    assert_eq!(texts(&ls).len(), 2);
    assert!(
        ls[0].width < 40.0,
        "a line before a forced break is not justified"
    );
}

trait Concat {
    fn concat_text(&self) -> String;
}
impl Concat for Vec<Line> {
    fn concat_text(&self) -> String {
        self.iter()
            .map(|l| l.text.clone())
            .collect::<Vec<_>>()
            .join("")
    }
}

/// Spaces of a set width that the fonts do not have (a hair space, a thin space, an em
/// space) are set as wide as Unicode says, with their own character as text, and are not
/// reported missing: a hair space was left out, and `ES6 In Depth` read `ES6In Depth`.
/// The widths are Unicode's, written here: a tenth, a fifth and one em.
#[test]
fn sized_spaces_are_set_at_their_width() {
    for (space, em) in [('\u{200a}', 0.1), ('\u{2009}', 0.2), ('\u{2003}', 1.0)] {
        let with = format!("ES6{space}In");
        let spans = vec![Span {
            text: with.clone(),
            style: Style::new(Chain::Text, 10.0),
        }];
        let (ls, _, missing) = set(&spans, 400.0, false);
        assert_eq!(ls[0].text, with);
        let glyphs: Vec<PlacedGlyph> = ls[0].glyphs().collect();
        let at = glyphs
            .iter()
            .position(|g| ls[0].text[g.text.0 as usize..g.text.1 as usize] == space.to_string())
            .unwrap_or_else(|| panic!("{space:?} has no glyph"));
        let gap = glyphs[at + 1].x - glyphs[at].x;
        assert!((gap - em * 10.0).abs() < 0.01, "{space:?}: {gap} pt");
        assert!(missing.is_empty(), "{space:?} reported missing");
    }
}

/// Code keeps its columns when it mixes Chinese and Latin: a Han character takes two columns
/// of the code face, a space after it one (it was a space of Noto Sans SC, less than half as
/// wide), so an ASCII-art table with Chinese cells lines up as in a terminal. The text copies
/// as written. Before, `| 名字 | 城市   |` was 7 pt shorter than `| Tom  | London |`.
#[test]
fn code_keeps_its_columns_with_chinese() {
    let code = |text: &str| {
        let spans = vec![Span {
            text: text.to_owned(),
            style: Style::new(Chain::Mono, 10.0),
        }];
        let (ls, _, _) = set(&spans, 1000.0, false);
        assert_eq!(ls.concat_text(), text);
        // Spaces are the code face's own, not a Chinese face's stretched to a column.
        for g in ls[0].glyphs() {
            let t = &ls[0].text[g.text.0 as usize..g.text.1 as usize];
            assert!(t != " " || g.scale_x == 1.0, "{text:?}");
        }
        ls[0].width
    };
    let column = code("x");
    for (cjk, latin) in [
        ("| 名字 | 城市   |", "| Tom  | London |"),
        ("名字    城市", "abcd    efgh"),
        ("# 注释：中文", "# abcdefghij"),
    ] {
        let (a, b) = (code(cjk), code(latin));
        assert!((a - b).abs() < 0.01, "{cjk:?} {a} vs {latin:?} {b}");
        assert!((a / column - latin.len() as f32).abs() < 0.01, "{latin:?}");
    }
}

/// An opening bracket keeps its full width at the start of a paragraph (as CSS's
/// `text-spacing-trim: space-first`) and loses its blank half at the start of any other line.
/// Trimmed at the start too, `【推荐】` opening a list item stuck to the bullet.
#[test]
fn an_opening_bracket_is_trimmed_at_line_starts_but_the_first() {
    let first_x = |l: &Line| l.first_glyph().map(|g| g.x).unwrap_or_default();
    let first = lines("【推荐】使用。", 10.0, false);
    assert!(first_x(&first[0]).abs() < 0.01, "{}", first_x(&first[0]));
    let ls = lines("一二三四五六七八九十【注意】三四五。", 10.0, false);
    assert_eq!(texts(&ls)[1].chars().next(), Some('【'), "{:?}", texts(&ls));
    assert!(first_x(&ls[1]) < -2.0, "{}", first_x(&ls[1]));
}
