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

/// The key under which a bad tag's warning is reported by every stage alike (the parser at
/// the tag's line, each format about the file), so that it is shown once.
pub fn warning_key(raw: &str) -> String {
    format!("lang:{raw}")
}

#[cfg(test)]
mod tests {
    use super::*;

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
