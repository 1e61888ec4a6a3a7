//! Helpers shared by the EPUB and HTML tests: rendering fixtures, reading markup, and the
//! checks that hostile input was neutralised.

use std::path::{Path, PathBuf};

use super::{load, root, squeeze};

use guidepress::model::{Block, Guide, plain_text};
use guidepress::render::{Registry, RenderContext, RenderOptions};
use quick_xml::Reader;
use quick_xml::events::Event;

/// The three documents every check runs on.
pub fn fixtures() -> Vec<PathBuf> {
    vec![
        root().join("source/unbind-digital-wallet-alipay.zh-CN.md"),
        root().join("source/unbind-digital-wallet-alipay.en.md"),
        root().join("tests/fixtures/all-blocks.md"),
    ]
}

/// Renders a file with a renderer, images resolved next to it. Returns bytes and warnings.
pub fn render_with(path: &Path, format: &str, options: RenderOptions) -> (Vec<u8>, Vec<String>) {
    let guide = load(path);
    let registry = Registry::builtin();
    let r = registry.get(format).expect("renderer registered");
    let mut ctx = RenderContext::for_input(
        path.to_path_buf(),
        path.parent().map(Path::to_path_buf),
        options,
    );
    let bytes = r.render(&guide, &mut ctx).expect("render");
    let warnings = ctx.warnings.iter().map(|w| w.message.clone()).collect();
    (bytes, warnings)
}

/// Renders with default options.
pub fn render(path: &Path, format: &str) -> Vec<u8> {
    render_with(path, format, RenderOptions::default()).0
}

/// The text a reader sees in a markup document: text nodes and image alt texts, leaving out
/// footnote reference numbers (`<sup>`), shown raw HTML (`.raw-html`), labels (`.qa-label`),
/// scripts and styles. Panics if the document is not well-formed XML.
pub fn visible_text(doc: &[u8]) -> String {
    let mut reader = Reader::from_reader(doc);
    reader.config_mut().check_end_names = true;
    let mut out = String::new();
    let mut skip_depth: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut buf = Vec::new();
    loop {
        let ev = reader
            .read_event_into(&mut buf)
            .unwrap_or_else(|e| panic!("not well-formed at {}: {e}", reader.buffer_position()));
        match ev {
            Event::Start(e) => {
                depth += 1;
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let class = attr(&e, "class").unwrap_or_default();
                if matches!(name.as_str(), "sup" | "script" | "style" | "title")
                    || class.split(' ').any(|c| c == "raw-html" || c == "qa-label")
                {
                    skip_depth.push(depth);
                }
            }
            Event::End(_) => {
                if skip_depth.last() == Some(&depth) {
                    skip_depth.pop();
                }
                depth -= 1;
            }
            Event::Empty(e) if e.name().as_ref() == b"img" && skip_depth.is_empty() => {
                out.push_str(&attr(&e, "alt").unwrap_or_default());
            }
            Event::Text(t) if skip_depth.is_empty() => {
                out.push_str(&t.xml10_content().expect("text decodes"));
            }
            Event::GeneralRef(r) if skip_depth.is_empty() => {
                let name = String::from_utf8_lossy(&r).into_owned();
                out.push_str(match name.as_str() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity &{other};"),
                });
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// An attribute's unescaped value.
pub fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.as_ref() == name.as_bytes()).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned())
        })
    })
}

/// Every sentence of the guide's text, whitespace removed (line breaks become `<br/>`, soft
/// spaces may move), split after sentence-ending punctuation.
pub fn sentences(guide: &Guide) -> Vec<String> {
    let mut texts: Vec<String> = vec![guide.meta.title.clone()];
    guide.walk_sections(&mut |s| texts.push(plain_text(&s.title)));
    guide.walk_blocks(&mut |b| match b {
        Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
            texts.push(plain_text(content))
        }
        Block::Steps { steps, .. } => texts.extend(steps.iter().map(|s| plain_text(&s.title))),
        Block::QuestionAnswers { entries, .. } => {
            texts.extend(entries.iter().map(|e| plain_text(&e.question)))
        }
        Block::Code { code, .. } => texts.push(code.clone()),
        Block::Table { header, rows, .. } => {
            for row in std::iter::once(header).chain(rows) {
                texts.extend(row.cells.iter().map(|c| plain_text(&c.content)));
            }
        }
        _ => {}
    });
    let mut out = Vec::new();
    for t in texts {
        let squeezed = squeeze(&t);
        let mut cur = String::new();
        for c in squeezed.chars() {
            cur.push(c);
            if matches!(c, '。' | '！' | '？' | '；' | '.' | '!' | '?' | ';') {
                out.push(std::mem::take(&mut cur));
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out.retain(|s| s.chars().count() > 1);
    out
}

/// Asserts that every sentence of `guide` is in `text` (whitespace ignored).
pub fn assert_all_sentences(guide: &Guide, text: &str, what: &str) {
    let hay = squeeze(text);
    let missing: Vec<String> = sentences(guide)
        .into_iter()
        .filter(|s| !hay.contains(s.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "{what}: sentences missing: {missing:#?}"
    );
    assert!(!sentences(guide).is_empty());
}

/// A guide full of hostile raw HTML and dangerous link URLs.
pub const HOSTILE: &str = r#"---
title: "Hostile </script><script>alert('t')</script> 标题"
lang: en
---

# Hostile

Inline <script>alert(1)</script> and <img src=x onerror="alert(2)"> and <a href="javascript:alert(3)" onclick="alert(4)">x</a>.

<script>alert(5)</script>

<iframe src="https://evil.example/"></iframe>

<object data="evil.swf"></object><embed src="evil.swf">

<div onmouseover="alert(6)">hover</div>

## Links

[js](javascript:alert(7)), [JS](JaVaScRiPt:alert(8)), [vb](vbscript:msgbox(9)),
[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMCk8L3NjcmlwdD4=), [tab](java	script:alert(11)),
[ok](https://example.com/ok) and <javascript:alert(12)>.

![pic](javascript:alert(13))

![missing](no-such-image.png) ![outside](../outside.png)

1. **Step <b onclick="x">one</b>**: do it.
"#;

/// Asserts that a markup document has no active content: no script (but JSON-LD), iframe,
/// object or embed element, no `on*` attribute, no `javascript:`/`vbscript:`/`data:` URL
/// (but `data:image/…` images in HTML).
pub fn assert_inert(doc: &[u8], what: &str) {
    let mut reader = Reader::from_reader(doc);
    let mut buf = Vec::new();
    loop {
        let ev = reader
            .read_event_into(&mut buf)
            .unwrap_or_else(|e| panic!("{what}: not well-formed: {e}"));
        let el = match &ev {
            Event::Start(e) | Event::Empty(e) => e.clone(),
            Event::Eof => break,
            _ => {
                buf.clear();
                continue;
            }
        };
        let name = String::from_utf8_lossy(el.name().as_ref()).to_ascii_lowercase();
        if name == "script" {
            assert_eq!(
                attr(&el, "type").as_deref(),
                Some("application/ld+json"),
                "{what}: a script element"
            );
        }
        assert!(
            !matches!(
                name.as_str(),
                "iframe" | "object" | "embed" | "frame" | "applet"
            ),
            "{what}: a {name} element"
        );
        for a in el.attributes().flatten() {
            let key = String::from_utf8_lossy(a.key.as_ref()).to_ascii_lowercase();
            assert!(
                !key.starts_with("on"),
                "{what}: event handler attribute {key}"
            );
            if matches!(key.as_str(), "href" | "src" | "xlink:href" | "action") {
                let v: String = String::from_utf8_lossy(&a.value)
                    .chars()
                    .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                assert!(
                    !v.starts_with("javascript:") && !v.starts_with("vbscript:"),
                    "{what}: {key}={v}"
                );
                assert!(
                    !v.starts_with("data:") || (key == "src" && v.starts_with("data:image/")),
                    "{what}: {key}={v}"
                );
            }
        }
        buf.clear();
    }
}
