//! A fenced code block's info string: its language and the title other tools let it carry
//! (a file name), read from the conventions of the sites guides are copied from.
//!
//! - the language is the first word, without VitePress's line highlights (`js{1,4}`) and
//!   line-number switch (`ts:line-numbers`), or pandoc's first class (`{.python .numberLines}`);
//! - the title is Docusaurus's and Rspress's `title="…"`, Nextra's `filename="…"`, or
//!   VitePress's `[vite.config.js]`.
//!
//! Anything else in the info string (`showLineNumbers`, `{1,3}`) only styles the code, and is
//! not kept.

/// The language and title of a fenced code block with info string `info`.
pub fn read(info: &str) -> (Option<String>, Option<String>) {
    let info = info.trim();
    let (first, rest) = match info.find(char::is_whitespace) {
        Some(at) => (&info[..at], info[at..].trim_start()),
        None => (info, ""),
    };
    let language = if first.starts_with('{') {
        // Pandoc: `{.python .numberLines startFrom="10"}`, one word or several.
        info.trim_start_matches('{')
            .split(|c: char| c.is_whitespace() || c == '}')
            .find_map(|w| w.strip_prefix('.'))
    } else {
        let end = first.find('{').unwrap_or(first.len());
        let word = &first[..end];
        Some(
            word.strip_suffix(":line-numbers")
                .or_else(|| word.strip_suffix(":no-line-numbers"))
                .unwrap_or(word),
        )
    };
    let language = language.filter(|l| !l.is_empty()).map(str::to_owned);
    (language, title(rest))
}

/// The title in the rest of an info string: `title="…"` (or `'…'`, or one word),
/// `filename="…"`, or a `[name]` in brackets.
fn title(rest: &str) -> Option<String> {
    for key in ["title=", "filename="] {
        let mut from = 0;
        while let Some(at) = rest[from..].find(key) {
            let start = from + at;
            from = start + key.len();
            // A whole word: not `subtitle=`.
            if rest[..start]
                .chars()
                .next_back()
                .is_some_and(|c| !c.is_whitespace() && c != '{')
            {
                continue;
            }
            let value = &rest[from..];
            let found = match value.chars().next() {
                Some(q @ ('"' | '\'')) => value[1..].find(q).map(|end| &value[1..1 + end]),
                Some(_) => value.split(|c: char| c.is_whitespace() || c == '}').next(),
                None => None,
            };
            if let Some(t) = found.map(str::trim).filter(|t| !t.is_empty()) {
                return Some(t.to_owned());
            }
        }
    }
    // VitePress: `[name]`, the first bracketed text.
    let open = rest.find('[')?;
    let close = open + rest[open..].find(']')?;
    Some(rest[open + 1..close].trim())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::read;

    fn both(info: &str) -> (Option<&'static str>, Option<&'static str>) {
        let (l, t) = read(info);
        (l.map(|s| &*s.leak()), t.map(|s| &*s.leak()))
    }

    #[test]
    fn language_is_the_first_word_without_styling() {
        assert_eq!(both("rust"), (Some("rust"), None));
        assert_eq!(both("  js{1,4-5}  "), (Some("js"), None));
        assert_eq!(both("ts:line-numbers {1}"), (Some("ts"), None));
        assert_eq!(both("{.python .numberLines}"), (Some("python"), None));
        assert_eq!(both("{1,3}"), (None, None));
        assert_eq!(both(""), (None, None));
    }

    #[test]
    fn titles_of_the_usual_sites() {
        assert_eq!(
            both(r#"js title="vite.config.js""#),
            (Some("js"), Some("vite.config.js"))
        );
        assert_eq!(
            both("jsx title='src/App.jsx' showLineNumbers"),
            (Some("jsx"), Some("src/App.jsx"))
        );
        assert_eq!(both("ts filename=\"app.ts\""), (Some("ts"), Some("app.ts")));
        assert_eq!(
            both("json [tsconfig.json]"),
            (Some("json"), Some("tsconfig.json"))
        );
        assert_eq!(
            both("sh title=install.sh {2}"),
            (Some("sh"), Some("install.sh"))
        );
        assert_eq!(
            both("py title=\"配置 文件.py\""),
            (Some("py"), Some("配置 文件.py"))
        );
        // Not a title: another key ending in `title=`, an empty one, empty brackets.
        assert_eq!(both(r#"md subtitle="x""#), (Some("md"), None));
        assert_eq!(both(r#"md title="""#), (Some("md"), None));
        assert_eq!(both("md []"), (Some("md"), None));
    }
}
