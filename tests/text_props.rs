//! Properties of the text wrapper and the text renderer: nothing lost, width respected,
//! Chinese line-start and line-end rules kept, on random CJK/Latin paragraphs and on the
//! bundled guides.

mod common;

use guidepress::cjk::{is_line_end_forbidden, is_line_start_forbidden};
use guidepress::render::text::wrap::{break_points, width, wrap};
use proptest::prelude::*;

/// Pieces random paragraphs are made of: Han, full-width punctuation, curly quotes, Latin
/// words, digits, URLs, spaces.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[一-龥]{1,6}",
        2 => prop::sample::select(vec!["，", "。", "、", "；", "：", "？", "！", "（", "）", "《", "》", "“", "”", "……"]).prop_map(String::from),
        2 => "[a-zA-Z]{1,10}",
        1 => "[0-9]{1,4}",
        1 => Just(" ".to_owned()),
        1 => Just("https://example.com/a/b".to_owned()),
    ]
}

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 1..60).prop_map(|v| v.concat())
}

/// Whether a line is a single unbreakable piece (the only thing allowed to overflow).
fn unbreakable(line: &str) -> bool {
    break_points(line).iter().all(|&(i, _)| i == line.len())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn wrapping_keeps_text_width_and_kinsoku(text in paragraph(), w in 8usize..60) {
        let lines = wrap(&text, w);
        prop_assert_eq!(common::squeeze(&lines.concat()), common::squeeze(&text));
        for (i, line) in lines.iter().enumerate() {
            prop_assert!(width(line) <= w || unbreakable(line), "line {i} too wide: {line:?} in {lines:?}");
            prop_assert!(!line.ends_with(' '), "trailing space: {line:?}");
            if i > 0 {
                let first = line.chars().next();
                prop_assert!(!first.is_some_and(is_line_start_forbidden) || unbreakable(&lines[i - 1]),
                    "line starts with forbidden punctuation: {line:?} in {lines:?}");
            }
            if i + 1 < lines.len() {
                let last = line.chars().next_back();
                prop_assert!(!last.is_some_and(is_line_end_forbidden), "line ends with opening punctuation: {line:?}");
            }
        }
    }
}

#[test]
fn rendered_guides_respect_width_and_kinsoku() {
    for path in common::guides().into_iter().chain([common::all_blocks()]) {
        let guide = common::load(&path);
        // Code is verbatim: its lines are exempt from the rules.
        let mut code_lines = Vec::new();
        guide.walk_blocks(&mut |b| {
            if let guidepress::model::Block::Code { code, .. } = b {
                code_lines.extend(code.lines().map(|l| l.trim().to_owned()));
            }
        });
        for w in [24, 40, 72, 100] {
            let text = String::from_utf8(common::render_guide("txt", &guide, w)).unwrap();
            for line in text
                .lines()
                .filter(|l| !code_lines.contains(&l.trim().to_owned()))
            {
                // The only lines allowed to be wider are single unbreakable tokens (a URL).
                let body = line.trim_start_matches([' ', '>']);
                // A line may overflow only with one unbreakable token behind a short marker or
                // indent ("[1] https://…").
                let (marker, token) = line.rsplit_once(' ').unwrap_or(("", line));
                let lone_token = unbreakable(token) && width(marker) <= 8;
                assert!(
                    width(line) <= w || lone_token,
                    "{} at {w}: too wide: {line:?}",
                    path.display()
                );
                assert!(
                    !body.starts_with(is_line_start_forbidden),
                    "{} at {w}: {line:?}",
                    path.display()
                );
                assert!(
                    !line.ends_with(is_line_end_forbidden),
                    "{} at {w}: {line:?}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn rendered_guides_lose_no_sentence() {
    for path in common::guides() {
        let md = std::fs::read_to_string(&path).unwrap();
        let guide = common::load(&path);
        let text =
            common::squeeze(&String::from_utf8(common::render_guide("txt", &guide, 40)).unwrap());
        let sentences = common::source_sentences(&md);
        assert!(
            sentences.len() > 40,
            "{}: only {} sentences found",
            path.display(),
            sentences.len()
        );
        for s in sentences {
            // Step and answer titles keep their colon: compare without Markdown colons.
            let s = common::squeeze(&s);
            assert!(
                text.contains(&s),
                "{}: sentence missing from text output: {s}",
                path.display()
            );
        }
    }
}
