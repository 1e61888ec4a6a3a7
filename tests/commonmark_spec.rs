//! The CommonMark 0.31.2 spec examples through the parser and the HTML renderer, compared with
//! the spec's HTML modulo presentation: section wrappers, heading levels (`h1`–`h6` compare as
//! one), ids, classes, the contents `nav`, and white space outside `pre`.
//!
//! The spec is public test data, fetched at test time, never copied into this repository:
//! `.ci/run` runs `npm pack commonmark-spec@0.31.2`, unpacks it and sets
//! `GUIDEPRESS_COMMONMARK_SPEC` to its `spec.txt`. Without it the test says that it skipped
//! (and fails when `GUIDEPRESS_REQUIRE_VALIDATORS` is set, as in CI).
//!
//! Every example that involves neither raw HTML nor images must match, except the documented
//! intentional differences in [`INTENTIONAL`]. Raw-HTML and image examples are rendered too
//! (they must not fail) and their match counts are printed: guidepress maps raw HTML into its
//! model instead of passing it through, and HTML output inlines images as `data:` URIs.

// Compares with the HTML renderer: only in builds with the `html` feature.
#![cfg(feature = "html")]

mod common;

use std::collections::BTreeMap;

use guidepress::parse::{Origin, parse_str};
use guidepress::render::{Registry, RenderContext};
use html5gum::{Token, Tokenizer};

/// Spec examples that differ on purpose, with the reason.
const INTENTIONAL: &[(u32, &str)] = &[
    // GFM autolinks (on in guidepress): bare URLs and e-mail addresses become links, also
    // inside `<…>` that CommonMark does not take as an autolink because of a space.
    (
        602,
        "GFM autolink: `https://foo.bar/baz` inside `<… bim>` is linked",
    ),
    (
        608,
        "GFM autolink: `https://foo.bar` inside `< … >` is linked",
    ),
    (611, "GFM autolink: a bare URL is linked"),
    (612, "GFM autolink: a bare e-mail address is linked"),
];

struct Example {
    number: u32,
    section: String,
    markdown: String,
    html: String,
}

/// Reads the examples the way the spec's own `index.js` does: a fence of 32 backticks and
/// `example`, the Markdown, a line with `.`, the HTML, the closing fence. `→` stands for a tab.
fn examples(spec: &str) -> Vec<Example> {
    let fence = "`".repeat(32);
    let open = format!("{fence} example");
    let mut out = Vec::new();
    let mut section = String::new();
    let mut lines = spec.lines();
    let mut number = 0;
    while let Some(line) = lines.next() {
        if line.starts_with("<!-- END TESTS -->") {
            break;
        }
        if line.starts_with('#') {
            section = line.trim_start_matches('#').trim().to_owned();
            continue;
        }
        if line != open {
            continue;
        }
        let mut markdown = String::new();
        for l in lines.by_ref() {
            if l == "." {
                break;
            }
            markdown.push_str(l);
            markdown.push('\n');
        }
        let mut html = String::new();
        for l in lines.by_ref() {
            if l == fence {
                break;
            }
            html.push_str(l);
            html.push('\n');
        }
        number += 1;
        out.push(Example {
            number,
            section: section.clone(),
            markdown: markdown.replace('→', "\t"),
            html: html.replace('→', "\t"),
        });
    }
    out
}

/// Elements that only wrap or decorate: compared by their content.
fn transparent(name: &str) -> bool {
    matches!(
        name,
        "section" | "div" | "main" | "header" | "span" | "html" | "body"
    )
}

/// The attributes that carry meaning for the comparison.
fn kept_attr(name: &str) -> bool {
    matches!(name, "href" | "src" | "alt" | "title" | "start" | "checked")
}

/// A normalised token list of an HTML fragment.
fn normalise(html: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut pre = 0usize;
    let mut skip: Option<(String, usize)> = None;
    let flush = |text: &mut String, out: &mut Vec<String>, pre: usize| {
        if text.is_empty() {
            return;
        }
        let t = if pre > 0 {
            text.clone()
        } else {
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        if !t.is_empty() {
            out.push(format!("text:{t}"));
        }
        text.clear();
    };
    for token in Tokenizer::new(html).flatten() {
        if let Some((name, depth)) = &mut skip {
            match &token {
                Token::StartTag(t) if String::from_utf8_lossy(&t.name) == *name => *depth += 1,
                Token::EndTag(t) if String::from_utf8_lossy(&t.name) == *name => {
                    *depth -= 1;
                    if *depth == 0 {
                        skip = None;
                    }
                }
                _ => {}
            }
            continue;
        }
        match token {
            Token::StartTag(t) => {
                let mut name = String::from_utf8_lossy(&t.name).to_ascii_lowercase();
                if matches!(name.as_str(), "nav" | "script" | "style" | "head" | "aside") {
                    skip = Some((name, 1));
                    continue;
                }
                if transparent(&name) {
                    continue;
                }
                if name.len() == 2 && name.starts_with('h') && name.as_bytes()[1].is_ascii_digit() {
                    name = "h".into();
                }
                // Block boundaries end text runs, and white space next to them is layout.
                flush(&mut text, &mut out, pre);
                if name == "pre" {
                    pre += 1;
                }
                let attrs: BTreeMap<String, String> = t
                    .attributes
                    .iter()
                    .map(|(k, v)| {
                        (
                            String::from_utf8_lossy(k).into_owned(),
                            String::from_utf8_lossy(v).into_owned(),
                        )
                    })
                    .filter(|(k, _)| kept_attr(k))
                    .collect();
                out.push(format!("<{name} {attrs:?}>"));
            }
            Token::EndTag(t) => {
                let mut name = String::from_utf8_lossy(&t.name).to_ascii_lowercase();
                if transparent(&name) {
                    continue;
                }
                if name.len() == 2 && name.starts_with('h') && name.as_bytes()[1].is_ascii_digit() {
                    name = "h".into();
                }
                flush(&mut text, &mut out, pre);
                if name == "pre" {
                    pre = pre.saturating_sub(1);
                }
                out.push(format!("</{name}>"));
            }
            Token::String(s) => text.push_str(&String::from_utf8_lossy(&s)),
            _ => {}
        }
    }
    flush(&mut text, &mut out, pre);
    // Inline elements split text runs; join runs separated only by white space differences.
    out
}

/// Our HTML page's content: the `<main>` element without the title block when the guide has
/// no title of its own.
fn rendered(markdown: &str) -> String {
    let parsed = parse_str(markdown, &Origin::named("<spec>")).expect("parses");
    let registry = Registry::builtin();
    let mut ctx = RenderContext::default();
    let bytes = registry
        .get("html")
        .unwrap()
        .render(&parsed.guide, &mut ctx)
        .expect("renders");
    let page = String::from_utf8(bytes).unwrap();
    let start = page.find("<main>").map_or(0, |i| i + "<main>".len());
    let end = page.rfind("</main>").unwrap_or(page.len());
    let mut main = page[start..end].to_owned();
    if parsed.guide.meta.title.is_empty()
        && let (Some(a), Some(b)) = (main.find("<header"), main.find("</header>"))
    {
        main.replace_range(a..b + "</header>".len(), "");
    }
    main
}

fn involves_raw_html(e: &Example) -> bool {
    if matches!(e.section.as_str(), "HTML blocks" | "Raw HTML") {
        return true;
    }
    // A tag-like `<x…>` that is not an autolink (`<https://…>`, `<a@b.c>`).
    let md = &e.markdown;
    md.match_indices('<').any(|(i, _)| {
        let rest = &md[i + 1..];
        let Some(end) = rest.find('>') else {
            return false;
        };
        let inner = &rest[..end];
        let first = inner.chars().next();
        first.is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?')
            && !inner.contains(':')
            && !inner.contains('@')
    })
}

fn involves_images(e: &Example) -> bool {
    e.section == "Images" || e.markdown.contains("![")
}

#[test]
fn commonmark_spec_examples() {
    let Some(path) = std::env::var_os("GUIDEPRESS_COMMONMARK_SPEC") else {
        common::validators::missing(
            "the CommonMark 0.31.2 spec (GUIDEPRESS_COMMONMARK_SPEC)",
            "run `npm pack commonmark-spec@0.31.2`, unpack it and set GUIDEPRESS_COMMONMARK_SPEC to its package/spec.txt, as .ci/run does",
        );
        return;
    };
    let spec = std::fs::read_to_string(&path).expect("spec.txt readable");
    let all = examples(&spec);
    assert_eq!(all.len(), 652, "the 0.31.2 spec has 652 examples");
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for e in &all {
        let ours = normalise(&rendered(&e.markdown));
        let theirs = normalise(&e.html);
        let same = ours == theirs;
        let kind = if involves_raw_html(e) {
            "raw HTML"
        } else if involves_images(e) {
            "images"
        } else {
            "other"
        };
        let c = counts.entry(kind).or_default();
        c.1 += 1;
        if same {
            c.0 += 1;
        } else if kind == "other" && !INTENTIONAL.iter().any(|(n, _)| *n == e.number) {
            failures.push(format!(
                "example {} ({}):\n{:?}\nexpected {:?}\nfound    {:?}",
                e.number, e.section, e.markdown, theirs, ours
            ));
        }
    }
    for (kind, (ok, n)) in &counts {
        eprintln!("CommonMark {kind}: {ok} of {n} examples match");
    }
    assert!(
        failures.is_empty(),
        "{} examples differ:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
