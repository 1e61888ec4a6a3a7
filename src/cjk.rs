//! Character classes for Chinese (and Japanese) text, shared by the parser and the renderers.
//!
//! These are the small, stable facts that CJK typesetting rules are written in: which
//! characters are ideographs, which are full-width punctuation, and the line-start and
//! line-end prohibitions (kinsoku, 避头尾) that every line breaker in guidepress obeys.
//! Each set is one string, easy to compare with the published lists (JIS X 4051, the W3C
//! requirements for Chinese text layout).

/// Whether `c` is a Han ideograph (CJK Unified Ideographs and their extensions, compatibility
/// ideographs).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF       // Extension A
        | 0x4E00..=0x9FFF     // Unified Ideographs
        | 0xF900..=0xFAFF     // Compatibility Ideographs
        | 0x20000..=0x2FA1F   // Extensions B–F and the compatibility supplement
        | 0x30000..=0x323AF   // Extensions G–H
        | 0x3007              // 〇
    )
}

/// Whether `c` is a character of Chinese or Japanese running text that is set without spaces
/// between words: Han ideographs, kana, bopomofo, CJK symbols and punctuation and full-width
/// forms. Hangul is deliberately excluded: Korean separates words with spaces.
pub fn is_cjk(c: char) -> bool {
    is_han(c)
        || matches!(c as u32,
            0x3000..=0x303F     // CJK symbols and punctuation
            | 0x3040..=0x30FF   // Hiragana, Katakana
            | 0x3100..=0x312F   // Bopomofo
            | 0x31A0..=0x31BF   // Bopomofo extended
            | 0x31F0..=0x31FF   // Katakana phonetic extensions
            | 0xFE30..=0xFE4F   // CJK compatibility forms
            | 0xFF00..=0xFF60   // Full-width ASCII variants and punctuation
            | 0xFFE0..=0xFFE6   // Full-width signs
        )
}

/// Characters that must not begin a line (行首禁则): closing brackets and quotes, and the
/// punctuation that follows what it marks.
pub fn is_line_start_forbidden(c: char) -> bool {
    const SET: &str = "，。、；：？！）》」』】〕〉〗〙〛”’…‥·・～％‰℃°,.;:?!)]}〟﹐﹑﹒﹔﹕﹖﹗｡､｣〜‐ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〻゛゜ゝゞヽヾ";
    SET.contains(c)
}

/// Characters that must not end a line (行尾禁则): opening brackets and quotes.
pub fn is_line_end_forbidden(c: char) -> bool {
    const SET: &str = "（《「『【〔〈〖〘〚“‘([{〝｢＄￥£";
    SET.contains(c)
}

/// Whether `c` is full-width CJK punctuation whose glyph occupies only half of its em box, so
/// that a typesetter may compress it (PDF renderer) — the set used for 标点挤压.
pub fn is_compressible_punct(c: char) -> bool {
    const SET: &str = "，。、；：？！（）《》「」『』【】“”‘’";
    SET.contains(c)
}

/// Whether a soft line break between `before` and `after` should vanish (both sides CJK) rather
/// than become a space. Curly quotes, the ellipsis and the em dash count as CJK when the other
/// side is CJK, since Chinese text uses them too.
pub fn soft_break_vanishes(before: char, after: char) -> bool {
    let shared = |c: char| matches!(c, '“' | '”' | '‘' | '’' | '…' | '—');
    (is_cjk(before) || shared(before))
        && (is_cjk(after) || shared(after))
        && (is_cjk(before) || is_cjk(after))
}

/// Whether `c` is a letter of an alphabetic script written with spaces between words (Latin,
/// Greek, Cyrillic…): not Han, kana, bopomofo or Hangul.
pub fn is_western_letter(c: char) -> bool {
    // Range checks first: `is_alphabetic` is a table search, slow for the ideographs that
    // make up most of a Chinese text (in a profile of the tagging plan of a long Chinese
    // guide, over a third of its time).
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    !is_cjk(c) && !is_hangul(c) && c.is_alphabetic()
}

/// Whether `c` is Hangul: syllables, jamo and compatibility jamo.
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF       // Jamo
        | 0x3130..=0x318F     // Compatibility jamo
        | 0xA960..=0xA97F     // Jamo extended A
        | 0xAC00..=0xD7AF     // Syllables
        | 0xD7B0..=0xD7FF     // Jamo extended B
    )
}

/// Whether `c` is kana, the mark of Japanese among Han text. The katakana middle dot (・) and
/// the long-vowel mark (ー) are left out: Chinese text uses them too (列奥纳多・达・芬奇).
pub fn is_kana(c: char) -> bool {
    matches!(c as u32,
        0x3041..=0x309F       // Hiragana
        | 0x30A0..=0x30FA     // Katakana, up to the middle dot
        | 0x30FD..=0x30FF     // Katakana iteration marks, digraph
        | 0x31F0..=0x31FF     // Katakana phonetic extensions
    )
}

/// Byte ranges of the Western runs in CJK text: from a letter, through letters, digits and
/// the spaces and ASCII punctuation between them (`Alipay App`, `iPhone 15 Pro`, `Wi-Fi`),
/// up to the last letter or digit. Numbers alone (`2026 年`) are not runs: they read the
/// same in both scripts. Used to give such runs their own language in markup, so that CJK-only
/// rules (inter-character justification, emphasis dots) leave them alone.
pub fn western_runs(text: &str) -> Vec<(usize, usize)> {
    word_runs(text, is_western_letter)
}

/// Byte ranges of the Korean runs in other text: Hangul words with the spaces, digits and
/// ASCII punctuation between them (`한국어 문장도 조금 있습니다`), as [`western_runs`] finds
/// Western ones.
pub fn hangul_runs(text: &str) -> Vec<(usize, usize)> {
    word_runs(text, is_hangul)
}

/// Runs of words whose letters pass `is_letter`, written with spaces between words: from a
/// letter, through letters, digits and the spaces and ASCII punctuation between them, up to
/// the last letter or digit; a run of digits alone is none.
fn word_runs(text: &str, is_letter: fn(char) -> bool) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut has_letter = false;
    for (i, c) in text.char_indices() {
        let letter = is_letter(c);
        // A combining mark belongs to the letter before it (`ha` + U+030C + `o` is `hǎo`): a
        // run never ends between them, or the accent would land on another letter.
        let word = letter
            || c.is_ascii_digit()
            || (start.is_some() && end == i && unicode_normalization::char::is_combining_mark(c));
        if word {
            if start.is_none() {
                start = Some(i);
                has_letter = false;
            }
            has_letter |= letter;
            end = i + c.len_utf8();
        } else if start.is_some() && (c == ' ' || c == '’' || (c.is_ascii_punctuation())) {
            // May continue the run, if a letter or digit follows.
        } else if let Some(s) = start.take()
            && has_letter
        {
            runs.push((s, end));
        }
    }
    if let Some(s) = start
        && has_letter
    {
        runs.push((s, end));
    }
    runs
}

/// Runs of Chinese or Japanese text (byte ranges) in a document of another language, with
/// the language they are most likely in: `ja` when the run has kana, else `zh` (the model has
/// no language per run; Han alone is Chinese far more often in the guides this tool is for).
/// A run is CJK characters ([`is_cjk`]) with nothing between them; it must hold at least one
/// Han or kana character, so that full-width punctuation alone is no run.
pub fn cjk_runs(text: &str) -> Vec<(usize, usize, &'static str)> {
    let mut runs = Vec::new();
    let mut start: Option<usize> = None;
    let (mut han, mut kana) = (false, false);
    fn close(s: usize, e: usize, han: bool, kana: bool, runs: &mut Vec<(usize, usize, &str)>) {
        if han || kana {
            runs.push((s, e, if kana { "ja" } else { "zh" }));
        }
    }
    for (i, c) in text.char_indices() {
        if is_cjk(c) {
            if start.is_none() {
                start = Some(i);
                (han, kana) = (false, false);
            }
            han |= is_han(c);
            kana |= is_kana(c);
        } else if let Some(s) = start.take() {
            close(s, i, han, kana, &mut runs);
        }
    }
    if let Some(s) = start {
        close(s, text.len(), han, kana, &mut runs);
    }
    runs
}

/// Runs of text in another script than the document's, with their language, sorted and
/// never overlapping:
///
/// - Western words (`en`) in a Chinese, Japanese or Korean document (`lang`);
/// - Korean (Hangul) words (`ko`) in any document but a Korean one;
/// - in a Chinese or Korean document, the sentences of Han text that have kana (`ja`): a
///   Japanese sentence quoted in Chinese, not its Han characters alone, which are the
///   document's own (Korean Hanja included);
/// - in any other document, CJK runs (`zh`, or `ja` with kana; see [`cjk_runs`]).
///
/// Renderers mark them (`lang` in HTML, `/Lang` in tagged PDF) so that a screen reader
/// switches voice, and a browser takes the language's fonts.
pub fn foreign_runs(text: &str, lang: &str) -> Vec<(usize, usize, &'static str)> {
    let primary = lang.split('-').next().unwrap_or("").to_ascii_lowercase();
    let (zh, ja, ko) = (primary == "zh", primary == "ja", primary == "ko");
    let mut runs: Vec<(usize, usize, &'static str)> = Vec::new();
    if zh || ja || ko {
        runs.extend(western_runs(text).into_iter().map(|(s, e)| (s, e, "en")));
    }
    if !ko {
        runs.extend(hangul_runs(text).into_iter().map(|(s, e)| (s, e, "ko")));
    }
    if zh || ko {
        runs.extend(
            cjk_runs(text)
                .into_iter()
                .filter(|r| r.2 == "ja")
                .flat_map(|(s, e, _)| kana_sentences(text, s, e)),
        );
    } else if !ja {
        runs.extend(cjk_runs(text));
    }
    runs.sort_unstable_by_key(|r| r.0);
    // Digits join the words on both sides, so two scripts can claim the same ones
    // (`HTML5가`: `HTML5` and `5가`): the run that starts first keeps them.
    let mut end = 0;
    runs.retain_mut(|r| {
        r.0 = r.0.max(end);
        end = end.max(r.1);
        r.0 < r.1
    });
    runs
}

/// The sentences of the CJK run `text[start..end]` that have kana, as `ja` runs: the run is
/// cut after each 。！？, so that a Japanese sentence beside a Chinese one is tagged alone.
fn kana_sentences(text: &str, start: usize, end: usize) -> Vec<(usize, usize, &'static str)> {
    let mut out = Vec::new();
    let (mut from, mut kana) = (start, false);
    for (i, c) in text[start..end].char_indices() {
        kana |= is_kana(c);
        if matches!(c, '。' | '！' | '？') {
            let to = start + i + c.len_utf8();
            if kana {
                out.push((from, to, "ja"));
            }
            (from, kana) = (to, false);
        }
    }
    if kana && from < end {
        out.push((from, end, "ja"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_runs_in_a_latin_document() {
        let t = "Open 支付宝 and tap「设置」, then すぐ OK. ，";
        let runs: Vec<(&str, &str)> = cjk_runs(t)
            .into_iter()
            .map(|(s, e, l)| (&t[s..e], l))
            .collect();
        assert_eq!(runs, [("支付宝", "zh"), ("「设置」", "zh"), ("すぐ", "ja")]);
        assert_eq!(foreign_runs("支付宝 App", "zh-CN"), [(10, 13, "en")]);
        assert_eq!(foreign_runs("Open 支付宝", "en"), [(5, 14, "zh")]);
    }

    /// Korean in a Chinese or English document is `ko`; a Japanese sentence quoted in a
    /// Chinese or Korean one is `ja`, the sentence only; Han alone in a Chinese, Japanese or
    /// Korean document is the document's own. Expected runs written out by hand.
    #[test]
    fn korean_and_japanese_runs_in_other_documents() {
        let runs = |t: &'static str, lang: &str| -> Vec<(&'static str, &'static str)> {
            foreign_runs(t, lang)
                .into_iter()
                .map(|(s, e, l)| (&t[s..e], l))
                .collect()
        };
        let t =
            "韩语：한국어 문장도 조금 있습니다. 日语：これはテストです。中文句子。用 App 打开。";
        assert_eq!(
            runs(t, "zh-CN"),
            [
                ("한국어 문장도 조금 있습니다", "ko"),
                ("日语：これはテストです。", "ja"),
                ("App", "en")
            ]
        );
        assert_eq!(
            runs("Say 안녕하세요 and 你好.", "en"),
            [("안녕하세요", "ko"), ("你好", "zh")]
        );
        assert_eq!(
            runs("東京は 서울 ではない。iPhone", "ja"),
            [("서울", "ko"), ("iPhone", "en")]
        );
        // Hanja and a Japanese quote in Korean: only the kana sentence is another language.
        assert_eq!(
            runs("大韓民國 헌법. 「ありがとう」라고 iOS", "ko"),
            [("「ありがとう」", "ja"), ("iOS", "en")]
        );
        // The katakana middle dot and long-vowel mark are Chinese too: no `ja`.
        assert!(runs("列奥纳多・达・芬奇，卡ー", "zh").is_empty());
    }

    #[test]
    fn western_runs_in_chinese_text() {
        let text = "在 Alipay App 里打开 Wi-Fi，iPhone 15 Pro 于 2026 年发布 (beta)。";
        let runs: Vec<&str> = western_runs(text)
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect();
        assert_eq!(runs, ["Alipay App", "Wi-Fi", "iPhone 15 Pro", "beta"]);
        assert!(western_runs("二〇二六年，共 3 项。").is_empty());
        assert_eq!(western_runs("Ünïcode"), [(0, "Ünïcode".len())]);
        assert!(western_runs("한국어").is_empty());
        // Decomposed accents stay with their letters: `nǐ hǎo`, `Tiếng Việt`.
        let text = "拼音 ni\u{30c} ha\u{30c}o，越南语 Tie\u{302}\u{301}ng Vie\u{323}\u{302}t。";
        let runs: Vec<&str> = western_runs(text)
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect();
        assert_eq!(
            runs,
            [
                "ni\u{30c} ha\u{30c}o",
                "Tie\u{302}\u{301}ng Vie\u{323}\u{302}t"
            ]
        );
    }

    /// Scripts that meet at a digit (`HTML5가`) do not share it: runs never overlap, which
    /// the HTML writer's slicing relies on (it panicked on the copywriting guide's `ƒ4ᄃ`).
    #[test]
    fn runs_that_meet_at_a_digit_do_not_overlap() {
        let runs = |t: &'static str, lang: &str| -> Vec<(&'static str, &'static str)> {
            foreign_runs(t, lang)
                .into_iter()
                .map(|(s, e, l)| (&t[s..e], l))
                .collect()
        };
        assert_eq!(runs("HTML5가", "zh"), [("HTML5", "en"), ("가", "ko")]);
        assert_eq!(runs("中a4가", "zh-CN"), [("a4", "en"), ("가", "ko")]);
        assert_eq!(
            runs("使用 HTML5가 등장했다. 中文", "zh"),
            [("HTML5", "en"), ("가 등장했다", "ko")]
        );
        assert_eq!(runs("ƒ4ᄃ", "zh"), [("ƒ4", "en"), ("ᄃ", "ko")]);
    }

    #[test]
    fn classes() {
        assert!(is_han('解'));
        assert!(is_han('𠀀'));
        assert!(!is_han('A'));
        assert!(is_cjk('，'));
        assert!(is_cjk('の'));
        assert!(!is_cjk('한'), "Hangul uses spaces between words");
        assert!(is_line_start_forbidden('，'));
        assert!(is_line_start_forbidden('”'));
        assert!(!is_line_start_forbidden('“'));
        assert!(is_line_end_forbidden('“'));
        assert!(is_line_end_forbidden('（'));
    }

    #[test]
    fn soft_breaks() {
        assert!(soft_break_vanishes('字', '文'));
        assert!(soft_break_vanishes('。', '文'));
        assert!(!soft_break_vanishes('a', '文'));
        assert!(!soft_break_vanishes('字', 'b'));
        assert!(soft_break_vanishes('个', '“'));
        assert!(!soft_break_vanishes('”', '“'));
    }
}
