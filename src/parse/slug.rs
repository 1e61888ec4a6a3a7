//! Section identifiers: slugs that keep CJK characters and are unique in a document.

use std::collections::{HashMap, HashSet};

/// Turns heading text into an identifier: lower-cased, letters and digits of any script kept
/// (so `解绑步骤` stays `解绑步骤`), white space runs become `-`, other punctuation (including
/// full-width `？`, `，`) is dropped. An empty result becomes `section`.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut pending_dash = false;
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else if c.is_whitespace() {
            pending_dash = true;
        }
    }
    let out = out.trim_matches('-').to_owned();
    if out.is_empty() {
        "section".to_owned()
    } else {
        out
    }
}

/// The id GitHub (and GitLab, and many Markdown previews) give a heading: lower-cased,
/// everything but letters, digits, `-`, `_` and spaces dropped, then each space a `-`, with
/// nothing collapsed (`C++ & Rust` is `c--rust`). Authors copy these into their links; a link
/// to one finds its heading (see `convert::check_internal_links`).
pub fn github_slug(text: &str) -> String {
    text.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|&c| c.is_alphanumeric() || c == '_' || c == '-' || c == ' ')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Hands out unique identifiers: the second `步骤` becomes `步骤-1`, the third `步骤-2`.
#[derive(Debug, Default)]
pub struct Slugger {
    taken: HashSet<String>,
    /// Next suffix to try per base slug, so that many equal headings cost linear time.
    next_suffix: HashMap<String, u32>,
}

impl Slugger {
    /// A slugger that never hands out one of `ids` (those a document already uses).
    pub fn taking(ids: impl IntoIterator<Item = String>) -> Self {
        Slugger {
            taken: ids.into_iter().collect(),
            next_suffix: HashMap::new(),
        }
    }

    /// A unique identifier for heading text.
    pub fn unique(&mut self, text: &str) -> String {
        let base = slugify(text);
        if self.taken.insert(base.clone()) {
            return base;
        }
        let n = self.next_suffix.entry(base.clone()).or_insert(0);
        loop {
            *n += 1;
            let candidate = format!("{base}-{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_cjk_and_drops_punctuation() {
        assert_eq!(
            slugify("解绑后是否还能重新绑定支付宝？"),
            "解绑后是否还能重新绑定支付宝"
        );
        assert_eq!(slugify("Steps to unbind"), "steps-to-unbind");
        assert_eq!(slugify("  What if…  it fails?  "), "what-if-it-fails");
        assert_eq!(slugify("Wi-Fi 安全"), "wi-fi-安全");
        assert_eq!(slugify("？！"), "section");
    }

    /// GitHub's ids, as its heading anchors are (checked on github.com).
    #[test]
    fn github_ids_collapse_nothing() {
        assert_eq!(github_slug("C++ & Rust"), "c--rust");
        assert_eq!(github_slug("What if…  it fails?"), "what-if--it-fails");
        assert_eq!(github_slug("Wi-Fi 安全"), "wi-fi-安全");
        assert_eq!(
            github_slug("解绑后是否还能重新绑定支付宝？"),
            "解绑后是否还能重新绑定支付宝"
        );
    }

    #[test]
    fn duplicates_get_suffixes() {
        let mut s = Slugger::default();
        assert_eq!(s.unique("总结"), "总结");
        assert_eq!(s.unique("总结"), "总结-1");
        assert_eq!(s.unique("总结"), "总结-2");
        assert_eq!(s.unique("总结 1"), "总结-1-1");
        assert_eq!(s.unique("总结"), "总结-3");
    }

    #[test]
    fn many_equal_headings_stay_unique() {
        let mut s = Slugger::default();
        let ids: HashSet<String> = (0..5000).map(|_| s.unique("同一个标题")).collect();
        assert_eq!(ids.len(), 5000);
    }
}
