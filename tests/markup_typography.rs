//! EPUB and HTML typography that depends on the language (issue 9): CJK-only rules of the
//! stylesheet stay on CJK text, Western runs in a CJK book carry their own language.

// EPUB and HTML output: only in builds with both features.
#![cfg(all(feature = "epub", feature = "html"))]

mod common;

use std::io::{Cursor, Read};

use common::*;
use quick_xml::events::Event;
use zip::ZipArchive;

fn entries(epub: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut ar = ZipArchive::new(Cursor::new(epub)).expect("a zip archive");
    (0..ar.len())
        .map(|i| {
            let mut f = ar.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_owned(), data)
        })
        .collect()
}

/// The rules of a stylesheet as (selectors, declarations), at-rules' own blocks skipped and
/// the rules inside `@media` included. Enough for our own generated CSS.
fn css_rules(css: &str) -> Vec<(String, String)> {
    let mut rules = Vec::new();
    let mut rest = css;
    while let Some(open) = rest.find('{') {
        let selector = rest[..open].trim();
        let selector = selector
            .rsplit(['}', ';'])
            .next()
            .unwrap_or("")
            .trim()
            .to_owned();
        let after = &rest[open + 1..];
        if selector.starts_with("@media") {
            rest = after; // descend: the next `{` starts a rule inside
            continue;
        }
        let close = after.find('}').expect("closed rule");
        if !selector.starts_with('@') {
            rules.push((selector, after[..close].to_owned()));
        }
        rest = &after[close + 1..];
    }
    rules
}

/// Every selector of every rule that sets one of `properties` (`name: value` fragments) must
/// be scoped to Chinese or Japanese.
fn assert_cjk_only(css: &str, properties: &[&str], what: &str) {
    let mut seen = 0;
    for (selectors, decls) in css_rules(css) {
        let flat = decls.split_whitespace().collect::<Vec<_>>().join(" ");
        if !properties.iter().any(|p| flat.contains(p)) {
            continue;
        }
        seen += 1;
        for sel in selectors.split(',') {
            assert!(
                sel.contains(":lang(zh)") || sel.contains(":lang(ja)"),
                "{what}: `{sel}` sets {properties:?} for every language ({decls})"
            );
        }
    }
    assert!(seen > 0, "{what}: the CJK rules {properties:?} are gone");
}

#[test]
fn cjk_only_rules_are_scoped_to_cjk() {
    let cjk_rules = ["text-justify: inter-character", "text-emphasis: filled"];
    for path in guides() {
        let epub = render(&path, "epub");
        let css = entries(&epub)
            .into_iter()
            .find(|(n, _)| n.ends_with(".css"))
            .map(|(_, d)| String::from_utf8(d).unwrap())
            .expect("a stylesheet");
        assert_cjk_only(&css, &cjk_rules, &format!("{} EPUB", path.display()));
        let html = String::from_utf8(render(&path, "html")).unwrap();
        let style = html
            .split_once("<style>")
            .and_then(|(_, s)| s.split_once("</style>"))
            .map(|(s, _)| s.to_owned())
            .expect("inline style");
        assert_cjk_only(&style, &cjk_rules, &format!("{} HTML", path.display()));
    }
    // English emphasis is italic: no rule turns `em` upright outside CJK.
    let css = guidepress::render::style::html_css();
    for (selectors, decls) in css_rules(&css) {
        if decls.contains("font-style: normal") {
            for sel in selectors.split(',') {
                assert!(
                    !sel.trim_end().ends_with("em")
                        || sel.contains(":lang(zh)")
                        || sel.contains(":lang(ja)"),
                    "`{sel}` makes emphasis upright in every language"
                );
            }
        }
    }
}

/// Western letters in text whose language (nearest `lang`) is Chinese, outside code.
fn western_text_in_cjk(doc: &[u8]) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_reader(doc);
    let mut langs: Vec<Option<String>> = Vec::new();
    let mut code = 0;
    // Whether each open element is literal (code, raw markup).
    let mut stack: Vec<bool> = Vec::new();
    let mut found = Vec::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).unwrap() {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                let literal = attr(&e, "class").is_some_and(|c| c == "raw-html");
                if literal || matches!(name.as_str(), "code" | "pre" | "script" | "style" | "title")
                {
                    code += 1;
                    stack.push(true);
                } else {
                    stack.push(false);
                }
                langs.push(attr(&e, "lang"));
            }
            Event::End(e) => {
                let _ = e;
                if stack.pop() == Some(true) {
                    code -= 1;
                }
                langs.pop();
            }
            Event::Text(t) => {
                let lang = langs
                    .iter()
                    .rev()
                    .flatten()
                    .next()
                    .cloned()
                    .unwrap_or_default();
                let text = t.decode().unwrap().into_owned();
                if code == 0 && lang.starts_with("zh") {
                    for (s, e) in guidepress::cjk::western_runs(&text) {
                        found.push(text[s..e].to_owned());
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    found
}

#[test]
fn western_runs_in_a_chinese_book_carry_their_language() {
    for path in [guides()[0].clone(), all_blocks()] {
        let epub = render(&path, "epub");
        let mut docs = 0;
        for (name, data) in entries(&epub) {
            // nav.xhtml is epub-builder's, written from plain titles: reading systems show
            // it in their own navigation UI, not with the book's stylesheet.
            if name.ends_with(".xhtml") && !name.ends_with("nav.xhtml") {
                docs += 1;
                let left = western_text_in_cjk(&data);
                assert!(
                    left.is_empty(),
                    "{name}: Latin text marked Chinese: {left:?}"
                );
            }
        }
        assert!(docs > 2);
        let html = render(&path, "html");
        let left = western_text_in_cjk(&html);
        assert!(left.is_empty(), "HTML: Latin text marked Chinese: {left:?}");
    }
}
