//! Language tags (BCP 47, RFC 5646), checked by `oxilangtag` and repaired the same way
//! wherever a guide names its language: the front matter (where a bad tag is warned about at
//! its line) and every output format (which must write a well-formed one); and the guess of
//! a guide's language when it names none ([`guess`]).

use oxilangtag::LanguageTag;

/// Checks a language tag against BCP 47 (RFC 5646), after the usual repairs (`_` for `-`,
/// surrounding space, control characters dropped). `Ok` is the tag to use; `Err` holds the longest well-formed prefix, if
/// any (`en-GB-GB` → `en-GB`, `en-x` → `en`), to fall back to.
pub fn language(raw: &str) -> Result<String, Option<String>> {
    let tag: String = raw
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if c == '_' { '-' } else { c })
        .collect();
    if LanguageTag::parse(tag.as_str()).is_ok() {
        return Ok(tag);
    }
    let parts: Vec<&str> = tag.split('-').collect();
    for n in (1..parts.len()).rev() {
        let prefix = parts[..n].join("-");
        if LanguageTag::parse(prefix.as_str()).is_ok() {
            return Err(Some(prefix));
        }
    }
    Err(None)
}

/// A language tag usable in `lang`, `xml:lang`, `dc:language` and the PDF's `/Lang`: the tag
/// when it is well-formed, else its longest well-formed prefix, else `und` (undetermined).
pub fn bcp47(lang: &str) -> String {
    match language(lang) {
        Ok(t) | Err(Some(t)) => t,
        Err(None) => "und".to_owned(),
    }
}

/// The scripts written right to left (ISO 15924 codes; Unicode's bidirectional classes R
/// and AL).
const RTL_SCRIPTS: [&str; 36] = [
    "Adlm", "Arab", "Aran", "Armi", "Avst", "Chrs", "Cprt", "Elym", "Hatr", "Hebr", "Hung", "Khar",
    "Lydi", "Mand", "Mani", "Mend", "Merc", "Mero", "Narb", "Nbat", "Nkoo", "Orkh", "Ougr", "Palm",
    "Phli", "Phlp", "Phnx", "Prti", "Rohg", "Samr", "Sarb", "Sogd", "Sogo", "Syrc", "Thaa", "Yezi",
];

/// Whether a language is written right to left: its script subtag when it has one
/// (`az-Arab`, `ar-Latn`), else the script CLDR's likely subtags give it (as `unic-langid`
/// carries them: `he`, `ar`, `fa`, `ur`, `yi`, `arz`, `azb`, `sd`, `ug`, `dv`, the withdrawn
/// `iw` and `ji`, but not `az`, `pa` or `ms`, whose Arabic-script forms are the rarer),
/// else CLDR's list of right-to-left languages. Extension and private-use subtags are left
/// out first (`he-IL-u-ca-hebrew`), as that parser reads none.
pub fn is_rtl(lang: &str) -> bool {
    let tag = bcp47(lang);
    let core: Vec<&str> = tag.split('-').take_while(|part| part.len() != 1).collect();
    let Ok(mut id) = core.join("-").parse::<unic_langid::LanguageIdentifier>() else {
        return false;
    };
    if id.script.is_none() {
        id.maximize();
    }
    match id.script {
        Some(script) => RTL_SCRIPTS.contains(&script.as_str()),
        None => id.character_direction() == unic_langid::CharacterDirection::RTL,
    }
}

/// The East Asian writing a language tag asks for, where glyph forms differ: the same Han
/// character is drawn differently in Simplified Chinese, Traditional Chinese (Taiwan's and Hong
/// Kong's forms differ again), Japanese and Korean fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CjkWriting {
    /// Simplified Chinese (`zh`, `zh-CN`, `zh-SG`, `zh-Hans-*`).
    Hans,
    /// Traditional Chinese as in Taiwan (`zh-Hant`, `zh-TW`, `zh-MO`).
    Hant,
    /// Traditional Chinese as in Hong Kong (`zh-HK`, `zh-Hant-HK`).
    HantHk,
    /// Japanese (`ja`).
    Ja,
    /// Korean (`ko`).
    Ko,
}

/// The [`CjkWriting`] of a tag, `None` for other languages. A script subtag decides; without
/// one, Taiwan, Hong Kong and Macau mean Traditional characters.
pub fn cjk_writing(lang: &str) -> Option<CjkWriting> {
    let subtags: Vec<String> = lang
        .split(['-', '_'])
        .map(str::to_ascii_lowercase)
        .collect();
    let has = |t: &str| subtags.iter().skip(1).any(|s| s == t);
    // `cmn` (Mandarin) and `yue` (Cantonese) are Chinese too; Cantonese is written in Hong
    // Kong's Traditional characters unless the tag says otherwise.
    match subtags.first().map(String::as_str)? {
        "zh" | "cmn" | "yue" if has("hans") => Some(CjkWriting::Hans),
        "zh" | "cmn" | "yue" if has("hk") => Some(CjkWriting::HantHk),
        "zh" | "cmn" | "yue" if has("hant") || has("tw") || has("mo") => Some(CjkWriting::Hant),
        "yue" => Some(CjkWriting::HantHk),
        "zh" | "cmn" => Some(CjkWriting::Hans),
        "ja" => Some(CjkWriting::Ja),
        "ko" => Some(CjkWriting::Ko),
        _ => None,
    }
}

/// The key under which a bad tag's warning is reported by every stage alike (the parser at
/// the tag's line, each format about the file), so that it is shown once.
pub fn warning_key(raw: &str) -> String {
    format!("lang:{raw}")
}

/// Letters of a text by script, for [`guess`].
#[derive(Debug, Clone, Copy, Default)]
struct Letters {
    han: usize,
    kana: usize,
    hangul: usize,
    latin: usize,
    letters: usize,
}

impl Letters {
    /// Counts the letters of `text`; with `outside_quotes`, only those outside CJK and curly
    /// quotation marks and book-title marks (a mark left open ends with its line).
    fn count(text: &str, outside_quotes: bool) -> Letters {
        use crate::cjk::{is_han, is_hangul, is_kana};
        let mut n = Letters::default();
        let mut depth = 0usize;
        for c in text.chars() {
            if outside_quotes {
                match c {
                    '「' | '『' | '《' | '〈' | '“' | '‘' => depth += 1,
                    '」' | '』' | '》' | '〉' | '”' | '’' => {
                        depth = depth.saturating_sub(1)
                    }
                    '\n' => depth = 0,
                    _ => {}
                }
                if depth > 0 {
                    continue;
                }
            }
            if is_han(c) {
                n.han += 1;
            } else if is_kana(c) {
                n.kana += 1;
            } else if is_hangul(c) {
                n.hangul += 1;
            } else if c.is_ascii_alphabetic() || ('\u{c0}'..='\u{24f}').contains(&c) {
                n.latin += 1;
            } else if !c.is_alphabetic() {
                continue;
            }
            n.letters += 1;
        }
        n
    }
}

/// Bytes of a guide's text [`guess`] reads at most (the title and the first paragraphs):
/// plenty to tell a language, and a 10 MB guide is not read whole for it.
pub const GUESS_SAMPLE: usize = 16 * 1024;

/// Letters of Latin text below which a guess from them is not trusted (`en` then).
const LATIN_MIN_LETTERS: usize = 200;

/// The language of `text`, for a guide that does not say (a BCP 47 primary tag).
///
/// Chinese, Japanese and Korean are told by their scripts, which is certain where letter
/// statistics are not, counted outside quotation marks (a Chinese phrasebook quotes
/// Japanese), each character weighing two Latin letters: Han for a fifth of the text or more
/// is `zh`, unless kana are a tenth of the Han and kana (`ja`, which writes its particles in
/// kana); Hangul for a fifth, and more than the Han, is `ko`. Other text is identified by `whatlang` from its letters when its answer is reliable (in Latin
/// script, on at least 200 letters: a short text is easily taken for a neighbour). Text in
/// another script that is too short to tell (Cyrillic: `ru` or `uk`?) gets the script's
/// most read language. Anything else is `en`, the fallback.
pub fn guess(text: &str) -> String {
    let all = Letters::count(text, false);
    // What is quoted (`「ありがとう」`, `《ゼルダの伝説》`) is another language as often as
    // not: the guide's own language is what it says outside its quotation marks.
    let own = Letters::count(text, true);
    let Letters {
        han,
        kana,
        hangul,
        latin,
        letters,
    } = if own.letters >= 4 { own } else { all };
    // A fifth of what the text says, where a Han character, a kana or a Hangul syllable says
    // as much as two Latin letters (a word is about 1.7 Chinese characters, 4.7 English
    // letters): counted letter for letter, a Chinese list of product names (`ProcessOn`,
    // `Inkscape`) under Chinese headings was English.
    let dense = han + kana + hangul;
    let weight = letters + dense;
    let share = |n: usize| letters > 0 && n * 2 * 5 >= weight;
    // Japanese prose writes its particles and endings in kana, even among many kanji (a
    // tenth and more); Chinese has none outside quotes. Korean is written in Hangul, with
    // hardly any Han.
    if share(han + kana) && kana * 10 >= han + kana {
        return "ja".into();
    }
    if share(hangul) && hangul > han + kana {
        return "ko".into();
    }
    if share(han + kana) {
        return "zh".into();
    }
    let other_script = letters > 0 && latin * 2 < letters;
    match whatlang::detect(text) {
        Some(info) if info.is_reliable() && (other_script || latin >= LATIN_MIN_LETTERS) => {
            primary_tag(info.lang()).to_owned()
        }
        // A script several languages write, on too little text to tell them apart (one
        // Russian sentence reads as Bulgarian): the language most of its readers read.
        Some(info) if other_script => match info.script() {
            whatlang::Script::Cyrillic => "ru",
            whatlang::Script::Arabic => "ar",
            whatlang::Script::Devanagari => "hi",
            whatlang::Script::Hebrew => "he",
            _ => primary_tag(info.lang()),
        }
        .to_owned(),
        _ => "en".into(),
    }
}

/// The shortest ISO 639 code of a language `whatlang` names, as BCP 47 wants it (two
/// letters where ISO 639-1 has them; all of its 70 languages do but Esperanto's are checked
/// here too).
fn primary_tag(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        // Iranian Persian: `fa` is the tag in use for it (CLDR, browsers).
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        Cym => "cy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which tags are written right to left, by a list written here from the languages'
    /// scripts (Hebrew, Arabic, Syriac, Thaana script; a script subtag wins over the
    /// language's usual one).
    #[test]
    fn right_to_left_languages() {
        let rtl = [
            "he",
            "he-IL",
            "iw",
            "yi",
            "ji",
            "ar",
            "ar-EG",
            "fa",
            "fa-IR",
            "ur",
            "ps",
            "sd",
            "ug",
            "ckb",
            "dv",
            "syr",
            "az-Arab",
            "ku-Arab",
            "pa-Arab",
            "und-Hebr",
            "he-IL-u-ca-hebrew",
            "arz",
            "ary",
            "azb",
            "jrb",
            "ota",
            "ar-x-private",
            "he_IL",
        ];
        let ltr = [
            "en",
            "zh",
            "zh-Hans",
            "ja",
            "ko",
            "ru",
            "fr",
            "ku",
            "az",
            "ar-Latn",
            "tr",
            "und",
            "",
            "not a tag",
            "pa",
            "sr-Cyrl",
            "ms",
            "ha",
            "uz",
            "ff",
            "bm",
            "iw-Latn",
        ];
        for t in rtl {
            assert!(is_rtl(t), "{t} is written right to left");
        }
        for t in ltr {
            assert!(!is_rtl(t), "{t} is written left to right");
        }
    }

    /// Guides that name no language, written for this test: each gets its own tag. Before,
    /// Japanese was `zh` (its kanji) and Russian, Ukrainian, Korean, French and Arabic `en`.
    #[test]
    fn a_guide_without_lang_is_tagged_by_its_text() {
        let fr = "Comment configurer le routeur\nBranchez d'abord le câble sur le port jaune, \
                  puis allumez l'appareil et attendez que le voyant devienne vert. Ouvrez ensuite \
                  votre navigateur, saisissez l'adresse indiquée sous l'appareil et connectez-vous \
                  avec le mot de passe fourni par votre opérateur.";
        let de = "Wie man den Router einrichtet\nSchließen Sie zuerst das Kabel an den gelben \
                  Anschluss an, schalten Sie dann das Gerät ein und warten Sie, bis die Leuchte \
                  grün wird. Öffnen Sie danach Ihren Browser, geben Sie die Adresse von der \
                  Unterseite des Geräts ein und melden Sie sich mit dem Kennwort an.";
        let en = "How to set up the router\nFirst plug the cable into the yellow port, then \
                  switch the device on and wait until the light turns green. Then open your \
                  browser, type the address printed under the device and sign in with the \
                  password your provider gave you.";
        for (text, want) in [
            (
                "設定の方法\nまず、設定アプリを開きます。次に、ネットワークを選んでください。",
                "ja",
            ),
            (
                "설정 방법\n먼저 설정 앱을 엽니다. 그런 다음 네트워크를 선택하세요.",
                "ko",
            ),
            (
                "如何解绑数字钱包\n打开支付宝，进入设置页面，找到数字钱包。",
                "zh",
            ),
            // Japanese or Korean quoted in a Chinese guide (a phrasebook, a game's title)
            // leaves it Chinese; a Japanese heading with little kana is still Japanese.
            (
                "他说：「ありがとう」。我们一起去吃饭，然后回家休息，明天继续工作和学习。",
                "zh",
            ),
            (
                "日语入门：自我介绍怎么说\n初次见面时，日本人通常会说「はじめまして」，意思是“初次见面”。\
                 接着说自己的名字：「わたしは李です」。最后说「よろしくお願いします」，表示“请多关照”。\n\
                 练习的时候，可以先跟着音频朗读，再试着自己说出来。",
                "zh",
            ),
            (
                "韩语问候语\n见面时说「안녕하세요」，意思是“你好”。感谢时说「감사합니다」。\
                 告别时说「안녕히 가세요」。",
                "zh",
            ),
            (
                "设置方法\n日语里“谢谢”是「ありがとうございます」，“再见”是「さようなら」。",
                "zh",
            ),
            (
                "追番指南\n本季推荐：「葬送のフリーレン」「薬屋のひとりごと」。三部都可以在网上观看。",
                "zh",
            ),
            (
                "《ゼルダの伝説 ティアーズ オブ ザ キングダム》日版购买指南\n在日本任天堂商店购买实体版。",
                "zh",
            ),
            (
                "設定方法\n管理画面で設定を変更します。変更後は保存してください。",
                "ja",
            ),
            (
                "認証設定\n管理画面で二要素認証を有効化し、認証用端末を登録する。\
                 登録完了後、再度管理画面へ接続し、認証動作を確認する。",
                "ja",
            ),
            // Chinese headings over lists of product names (a page of links): Chinese.
            (
                "免费工具\n作图工具\n视频编辑器\n办公套件\nProcessOn\nPencil\nInkscape\n\
                 Visual Paradigm Online\nDaVinci Resolve\nShotcut\nFigma\nCanva",
                "zh",
            ),
            // An English guide with a few Chinese words written out: English.
            (
                "How to greet people in Chinese\nWhen you meet someone, say 你好 (hello). \
                 To thank them, say 谢谢 (thank you), and when you leave, say 再见 (goodbye). \
                 People usually answer with the same words, so practise them until they feel \
                 natural, and listen to how native speakers say them.",
                "en",
            ),
            (
                "Как настроить роутер\nСначала подключите кабель к порту и включите питание.",
                "ru",
            ),
            (
                "Як налаштувати роутер\nСпочатку підключіть кабель до порту та увімкніть \
                 живлення. Потім відкрийте браузер і введіть адресу.",
                "uk",
            ),
            (
                "كيفية إعداد الموجه\nأولاً، قم بتوصيل الكابل بالمنفذ ثم قم بتشغيل الجهاز.",
                "ar",
            ),
            (
                "Πώς να ρυθμίσετε τον δρομολογητή\nΣυνδέστε πρώτα το καλώδιο στη θύρα.",
                "el",
            ),
            (fr, "fr"),
            (de, "de"),
            (en, "en"),
            // Too little Latin text to tell: the fallback.
            ("T\nText.", "en"),
            ("Bonjour\nOuvrez le menu.", "en"),
            ("", "en"),
            ("1234 !!!", "en"),
        ] {
            assert_eq!(guess(text), want, "{text}");
        }
    }

    /// A guide's section headings are read for its language, before its paragraphs: a
    /// Chinese page of links (names under Chinese headings) was tagged `en`, so its screen
    /// reader voice, table of contents label and footer were English.
    #[test]
    fn a_guides_headings_count_for_its_language() {
        let md = "# 免费工具\n\n## 作图工具\n\n- [ProcessOn](https://a.example/)\n- [Pencil](https://b.example/)\n- [Inkscape](https://c.example/)\n\n## 视频编辑器\n\n- [DaVinci Resolve](https://d.example/)\n- [Shotcut](https://e.example/)\n\n## 办公套件\n\n- [LibreOffice](https://f.example/)\n- [OnlyOffice](https://g.example/)\n";
        let guide = crate::parse::parse_str(md, &crate::parse::Origin::named("g.md"))
            .unwrap()
            .guide;
        assert_eq!(guide.language(), "zh");
    }

    #[test]
    fn cjk_writing_by_script_then_region() {
        use CjkWriting::*;
        for (tag, want) in [
            ("zh", Some(Hans)),
            ("zh-CN", Some(Hans)),
            ("zh_SG", Some(Hans)),
            ("zh-Hans-HK", Some(Hans)),
            ("zh-Hant", Some(Hant)),
            ("zh-TW", Some(Hant)),
            ("ZH-mo", Some(Hant)),
            ("zh-HK", Some(HantHk)),
            ("zh-Hant-HK", Some(HantHk)),
            ("ja-JP", Some(Ja)),
            ("ko", Some(Ko)),
            ("cmn-Hant-TW", Some(Hant)),
            ("cmn", Some(Hans)),
            ("yue", Some(HantHk)),
            ("yue-Hans", Some(Hans)),
            ("zh-yue-HK", Some(HantHk)),
            ("en", None),
            ("", None),
        ] {
            assert_eq!(cjk_writing(tag), want, "{tag}");
        }
    }

    #[test]
    fn language_tags_are_checked_against_bcp_47() {
        assert_eq!(language("zh_CN"), Ok("zh-CN".into()));
        assert_eq!(language("zh_CN\u{1}"), Ok("zh-CN".into()));
        assert_eq!(language(" en "), Ok("en".into()));
        assert_eq!(language("zh-Hant-TW"), Ok("zh-Hant-TW".into()));
        assert_eq!(language("en-x-private"), Ok("en-x-private".into()));
        // The tags EPUBCheck rejected with OPF-092.
        assert_eq!(language("en-a"), Err(Some("en".into())));
        assert_eq!(language("en-x"), Err(Some("en".into())));
        assert_eq!(language("en-GB-GB"), Err(Some("en-GB".into())));
        assert_eq!(language("zh_CN_a"), Err(Some("zh-CN".into())));
        assert_eq!(language("中文"), Err(None));
        assert_eq!(language("1234"), Err(None));
        assert_eq!(bcp47("en--GB"), "en");
        assert_eq!(bcp47(""), "und");
    }
}
