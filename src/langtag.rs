//! Language tags (BCP 47, RFC 5646), checked by `oxilangtag` and repaired the same way
//! wherever a guide names its language: the front matter (where a bad tag is warned about at
//! its line) and every output format (which must write a well-formed one).

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

#[cfg(test)]
mod tests {
    use super::*;

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
