//! Heading attributes as pandoc, kramdown-style tools and mdBook write them:
//! `## 安装 {#install .unnumbered}`. The block at the end of the heading names its id; it is
//! not part of the heading's text.
//!
//! Only a block that names an id or a class (or pandoc's `-`, short for `.unnumbered`) is
//! taken: `## Options {a=b}` alone is more likely text than attributes, so it stays as written.
//! A block written after a backslash (`\{#id}`) is text too.

use crate::model::Inline;

/// What a heading's attribute block said.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct HeadingAttrs {
    /// `#id`: the section's id (the last one wins, as in pandoc).
    pub id: Option<String>,
    /// Classes and `key=value` pairs other than those with no visible effect here, as written,
    /// for a note: guidepress gives them no meaning.
    pub ignored: Vec<String>,
}

/// Classes that ask for nothing guidepress would do anyway: it never numbers sections.
const HONOURED_CLASSES: &[&str] = &["unnumbered"];

/// Takes an attribute block off the end of heading `content` and returns what it said. The
/// block must end the heading's text, follow white space, and be `raw_tail`'s unescaped ending
/// (`raw_tail` is the heading's source text, whose escapes the inlines no longer show).
pub(crate) fn split_off(content: &mut Vec<Inline>, raw_tail: &str) -> Option<HeadingAttrs> {
    let Some(Inline::Text { text }) = content.last() else {
        return None;
    };
    let body_end = text.trim_end().len();
    if !text[..body_end].ends_with('}') {
        return None;
    }
    let open = text[..body_end].rfind('{')?;
    let braced = &text[open..body_end];
    let before = &text[..open];
    let preceded_by_space = before.chars().next_back().is_none_or(char::is_whitespace);
    if !preceded_by_space || (before.trim().is_empty() && content.len() == 1) {
        // `a{#b}` is text; so is a heading that is nothing but the block.
        return None;
    }
    let attrs = parse(braced)?;
    // The same block must end the source line, not after a backslash.
    let raw = raw_tail.trim_end().trim_end_matches('#').trim_end();
    let written = raw
        .strip_suffix(braced)
        .is_some_and(|rest| !rest.ends_with('\\'));
    if !written {
        return None;
    }
    // Pandoc puts the block after an ATX heading's closing `#`s: `## Title ## {#id}`.
    let mut keep = before.trim_end();
    if let Some(open) = keep
        .strip_suffix(|c| c == '#')
        .map(|k| k.trim_end_matches('#'))
        && open.chars().next_back().is_none_or(char::is_whitespace)
    {
        keep = open.trim_end();
    }
    let keep = keep.len();
    let Some(Inline::Text { text }) = content.last_mut() else {
        unreachable!("checked above")
    };
    text.truncate(keep);
    if text.is_empty() {
        content.pop();
    }
    Some(attrs)
}

/// Parses `{#id .class key=value key="quoted value" -}`; `None` if anything in it is not an
/// attribute, or it names neither an id nor a class.
fn parse(braced: &str) -> Option<HeadingAttrs> {
    let inner = braced.strip_prefix('{')?.strip_suffix('}')?;
    let mut attrs = HeadingAttrs::default();
    let mut named = false;
    let mut rest = inner.trim_start();
    while !rest.is_empty() {
        let (token, after) = next_token(rest)?;
        if let Some(id) = token.strip_prefix('#') {
            attrs.id = Some(identifier(id)?.to_owned());
            named = true;
        } else if let Some(class) = token.strip_prefix('.') {
            let class = identifier(class)?;
            if !HONOURED_CLASSES.contains(&class) {
                attrs.ignored.push(token.to_owned());
            }
            named = true;
        } else if token == "-" {
            named = true;
        } else {
            let (key, value) = token.split_once('=')?;
            identifier(key)?;
            if value.is_empty() {
                return None;
            }
            attrs.ignored.push(token.to_owned());
        }
        rest = after.trim_start();
    }
    named.then_some(attrs)
}

/// The next white-space separated token, a quoted value (`key="a b"`) kept whole.
fn next_token(s: &str) -> Option<(&str, &str)> {
    let mut in_quotes = false;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_quotes => escaped = true,
            '"' => in_quotes = !in_quotes,
            c if c.is_whitespace() && !in_quotes => return Some((&s[..i], &s[i..])),
            '{' | '}' if !in_quotes => return None,
            _ => {}
        }
    }
    (!in_quotes).then_some((s, ""))
}

/// An identifier as pandoc reads one: a letter, digit or `_` (of any script, so `安装`), then
/// those and `-`, `:`, `.`.
fn identifier(s: &str) -> Option<&str> {
    let mut chars = s.chars();
    let first = chars.next()?;
    let ok_first = first.is_alphanumeric() || first == '_';
    let ok_rest = chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.'));
    (ok_first && ok_rest).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Vec<Inline> {
        vec![Inline::Text { text: s.to_owned() }]
    }

    fn split(heading: &str) -> (Vec<Inline>, Option<HeadingAttrs>) {
        let mut content = text(heading);
        let attrs = split_off(&mut content, heading);
        (content, attrs)
    }

    #[test]
    fn an_id_is_taken_off_the_text() {
        let (content, attrs) = split("安装指南 {#install}");
        assert_eq!(content, text("安装指南"));
        assert_eq!(attrs.unwrap().id.as_deref(), Some("install"));
        let (content, attrs) = split("下一步 {#下一步 .unnumbered}");
        assert_eq!(content, text("下一步"));
        let attrs = attrs.unwrap();
        assert_eq!(attrs.id.as_deref(), Some("下一步"));
        assert!(attrs.ignored.is_empty());
    }

    #[test]
    fn classes_and_pairs_are_reported_as_ignored() {
        let (content, attrs) = split(r#"Setup {#setup .unlisted lang="zh CN" -}"#);
        assert_eq!(content, text("Setup"));
        let attrs = attrs.unwrap();
        assert_eq!(attrs.id.as_deref(), Some("setup"));
        assert_eq!(attrs.ignored, [".unlisted", r#"lang="zh CN""#]);
        assert!(split("Intro {-}").1.is_some());
    }

    #[test]
    fn text_in_braces_stays_text() {
        for heading in [
            "Options {a=b}",
            "Template {{ name }}",
            "Set {x}",
            "f{#x}",
            "{#only}",
            "Empty {}",
            "Space {# id}",
            "Quote {#a \"b}",
            "Nested {#a {#b}}",
            "Pair {#a k=}",
        ] {
            let (content, attrs) = split(heading);
            assert!(attrs.is_none(), "{heading}");
            assert_eq!(content, text(heading), "{heading}");
        }
    }

    #[test]
    fn an_escaped_block_stays_text() {
        let mut content = text("Literal {#id}");
        assert!(split_off(&mut content, r"Literal \{#id}").is_none());
        assert_eq!(content, text("Literal {#id}"));
        // Closing `#`s of an ATX heading are not part of the text.
        let mut content = text("Closed {#c}");
        assert!(split_off(&mut content, "Closed {#c} ##").is_some());
        // … and pandoc writes it after them.
        let (content, attrs) = split("Extension ### {#ext}");
        assert_eq!(content, text("Extension"));
        assert!(attrs.is_some());
        let (content, _) = split("C# {#csharp}");
        assert_eq!(content, text("C#"));
    }

    #[test]
    fn formatted_headings_keep_their_formatting() {
        let mut content = vec![
            Inline::Code {
                code: "cargo".into(),
            },
            Inline::Text {
                text: " {#cargo}".into(),
            },
        ];
        let attrs = split_off(&mut content, "`cargo` {#cargo}").unwrap();
        assert_eq!(attrs.id.as_deref(), Some("cargo"));
        assert_eq!(
            content,
            vec![Inline::Code {
                code: "cargo".into()
            }]
        );
    }
}
