//! Standalone HTML and JSON-LD output: well-formed, self-contained, every sentence present,
//! JSON-LD that matches the guide, hostile input inert, reproducible bytes.

// HTML output: only in builds with the `html` feature.
#![cfg(feature = "html")]

mod common;

use common::*;
use guidepress::model::Block;

/// The JSON-LD inside the page's `<script type="application/ld+json">`.
fn embedded_json_ld(html: &str) -> serde_json::Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD script")
        + "<script type=\"application/ld+json\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("JSON-LD parses")
}

#[test]
fn every_sentence_is_in_the_page() {
    for p in fixtures() {
        let html = render(&p, "html");
        assert!(html.starts_with(b"<!DOCTYPE html>\n<html lang=\""));
        let text = visible_text(&html);
        assert_all_sentences(&load(&p), &text, &p.display().to_string());
    }
}

#[test]
fn page_is_self_contained() {
    let p = &fixtures()[2];
    let (html, warnings) = render_with(p, "html", Default::default());
    assert!(warnings.is_empty(), "{warnings:?}");
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains("<img src=\"data:image/png;base64,iVBORw0KGgo"));
    assert!(html.contains("<img src=\"data:image/jpeg;base64,/9j/"));
    assert!(!html.contains("src=\"images/"), "no image left outside");
    assert!(!html.contains("<link rel=\"stylesheet\""), "CSS is inline");
    assert!(html.contains("<style>"));
    assert!(html.contains("@media print"));
    assert!(html.contains("<meta name=\"viewport\""));
    // Internal links stay in the page; footnotes are at its end.
    assert!(html.contains("href=\"#步骤\""));
    assert!(html.contains("<aside role=\"doc-footnote\" id=\"gp.fn.1\""));
    assert!(html.contains("<nav class=\"toc\""));
}

#[test]
fn json_ld_describes_steps_and_questions() {
    let p = &fixtures()[0];
    let guide = load(p);
    let html = String::from_utf8(render(p, "html")).unwrap();
    let ld = embedded_json_ld(&html);
    let alone: serde_json::Value = serde_json::from_slice(&render(p, "jsonld")).unwrap();
    assert_eq!(ld, alone, "the page and the jsonld renderer agree");

    assert_eq!(ld["@context"], "https://schema.org");
    let graph = ld["@graph"].as_array().unwrap();
    let howto = &graph[0];
    assert_eq!(howto["@type"], "HowTo");
    assert_eq!(howto["name"], guide.meta.title);
    assert_eq!(howto["inLanguage"], "zh-CN");
    let steps = howto["step"].as_array().unwrap();
    assert_eq!(steps.len(), guide.main_steps().len());
    assert_eq!(steps[0]["@type"], "HowToStep");
    assert_eq!(steps[0]["position"], 1);
    assert_eq!(steps[0]["name"], "打开数字钱包应用");
    assert!(
        steps[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("首先，用户需要")
    );

    let faq = &graph[1];
    assert_eq!(faq["@type"], "FAQPage");
    let mut questions = 0;
    guide.walk_blocks(&mut |b| {
        if let Block::QuestionAnswers { entries, .. } = b {
            questions += entries.len();
        }
    });
    let entities = faq["mainEntity"].as_array().unwrap();
    assert_eq!(entities.len(), questions);
    assert_eq!(entities[0]["@type"], "Question");
    assert_eq!(entities[0]["name"], "绑定支付宝的数字钱包无法找到解绑选项");
    assert_eq!(entities[0]["acceptedAnswer"]["@type"], "Answer");
    assert!(
        entities[0]["acceptedAnswer"]["text"]
            .as_str()
            .unwrap()
            .contains("检查应用版本")
    );
}

#[test]
fn hostile_input_is_inert() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.md");
    std::fs::write(&path, HOSTILE).unwrap();
    let html = render(&path, "html");
    assert_inert(&html, "html");
    let s = String::from_utf8(html.clone()).unwrap();
    assert_eq!(
        s.matches("</script>").count(),
        1,
        "only the JSON-LD script closes: {s}"
    );
    assert_eq!(s.to_ascii_lowercase().matches("<script").count(), 1);
    // The title with `</script>` survives the round trip through the JSON-LD.
    let ld = embedded_json_ld(&s);
    assert_eq!(
        ld["@graph"][0]["name"],
        "Hostile </script><script>alert('t')</script> 标题"
    );
    // Active links lost their link in the parser; their text stays.
    assert!(s.contains("js, JS, vb"), "{s}");
    assert!(!s.to_ascii_lowercase().contains("javascript:alert(7)\""));
}

#[test]
fn outputs_are_reproducible() {
    for p in fixtures() {
        for format in ["html", "jsonld"] {
            assert!(
                render(&p, format) == render(&p, format),
                "{format} of {} differs between runs",
                p.display()
            );
        }
    }
}

/// Words in the other script carry their language: Chinese words in an English guide are
/// `lang="zh"` (kana makes `ja`), English words in a Chinese guide `lang="en"`; code is left
/// alone.
#[test]
fn runs_in_the_other_script_carry_their_language() {
    use guidepress::parse::{Origin, parse_str};
    use guidepress::render::{Registry, RenderContext};
    let html = |md: &str| {
        let g = parse_str(md, &Origin::named("m.md")).unwrap().guide;
        let r = Registry::builtin();
        let bytes = r
            .get("html")
            .unwrap()
            .render(&g, &mut RenderContext::default())
            .unwrap();
        String::from_utf8(bytes).unwrap()
    };
    let en = html("---\nlang: en\n---\n# Guide\n\nOpen 支付宝, then すぐ tap `设置`.\n");
    assert!(en.contains(r#"<span lang="zh">支付宝</span>"#), "{en}");
    assert!(en.contains(r#"<span lang="ja">すぐ</span>"#), "{en}");
    assert!(
        !en.contains(r#"<span lang="zh">设置"#),
        "code is left alone: {en}"
    );
    let zh = html("---\nlang: zh-CN\n---\n# 指南\n\n打开 Alipay App 后点击设置。\n");
    assert!(zh.contains(r#"<span lang="en">Alipay App</span>"#), "{zh}");
    assert!(!zh.contains(r#"lang="zh">"#), "{zh}");
}

// Renders EPUB too (and reads it with zip).
#[cfg(feature = "epub")]
mod random {
    use super::*;
    use guidepress::parse::{Origin, parse_str};
    use guidepress::render::{Registry, RenderContext};
    use proptest::prelude::*;
    use std::io::{Cursor, Read};

    /// Pieces of Markdown that exercise every block type, hostile HTML, odd characters and
    /// broken structure when strung together at random.
    const PIECES: &[&str] = &[
        "\n",
        "\n\n",
        "# ",
        "## ",
        "### ",
        "#### ",
        "文字",
        "text ",
        "？",
        "?",
        "。",
        "**",
        "*",
        "~~",
        "`",
        "```rust\n",
        "```\n",
        "1. ",
        "2. ",
        "- ",
        "- [x] ",
        "> ",
        "> [!NOTE]\n> ",
        "> [!WARNING]\n> ",
        "| a | b |\n|:--|--:|\n| 1 | 2 |\n",
        "---\n",
        "[^1]",
        "\n[^1]: 注\n",
        "[^x]",
        "[l](#步骤)",
        "[l](javascript:alert(1))",
        "[l](https://a.example/ x)",
        "![i](a.png)",
        "![i](../b.png)",
        "<script>x</script>",
        "<b onclick=\"x\">",
        "<!-- c -->",
        "<iframe>",
        "&amp;",
        "&",
        "<",
        "]]>",
        "\u{0}",
        "\u{1}",
        "\u{FFFF}",
        "😀",
        "𠀀",
        "\t",
        "**打开**：做。",
        "  \n",
        "\\",
        "<https://x.example>",
    ];

    fn markdown() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn any_markdown_renders_well_formed_and_inert(md in markdown()) {
            let Ok(parsed) = parse_str(&md, &Origin::named("r.md")) else { return Ok(()); };
            let registry = Registry::builtin();
            for format in ["epub", "html", "jsonld"] {
                let mut ctx = RenderContext::default();
                let out = registry.get(format).unwrap().render(&parsed.guide, &mut ctx).unwrap();
                match format {
                    "html" => {
                        visible_text(&out);
                        assert_inert(&out, "html");
                    }
                    "jsonld" => {
                        serde_json::from_slice::<serde_json::Value>(&out).unwrap();
                    }
                    _ => {
                        let mut ar = zip::ZipArchive::new(Cursor::new(&out)).unwrap();
                        for i in 0..ar.len() {
                            let mut f = ar.by_index(i).unwrap();
                            let name = f.name().to_owned();
                            if name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".ncx") {
                                let mut d = Vec::new();
                                f.read_to_end(&mut d).unwrap();
                                visible_text(&d);
                                assert_inert(&d, &name);
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `md` parsed, and rendered to `format` with default options.
fn rendered(md: &str, format: &str) -> String {
    let guide = guidepress::parse::parse_str(md, &guidepress::parse::Origin::named("t.md"))
        .unwrap()
        .guide;
    String::from_utf8(render_guide(format, &guide, 72)).unwrap()
}

/// Two footnote references side by side (`1938[^a][^b]`) read as two numbers, `1,2`, not as
/// note 12.
#[test]
fn adjacent_footnote_references_are_two_numbers() {
    let md = "# T\n\nIntroduced in 1938[^a][^b]. Once more[^a].\n\n[^a]: First.\n\n[^b]: Second.\n";
    let html = rendered(md, "html");
    // The page's text with the tags taken out (`common::visible_text` leaves out `<sup>`,
    // the very numbers read here).
    let body = &html[html.find("<body").unwrap()..];
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    assert!(
        text.contains("1938 1,2.") || text.contains("19381,2."),
        "{text}"
    );
    assert!(text.contains("more1."), "{text}");
}

/// An alert with a title of its own still says its kind in words (`Warning: Hot surface`),
/// in the page and in the text output: only its colour said it was a warning.
#[test]
fn an_alert_with_a_title_says_its_kind() {
    let md = "# T\n\n> [!WARNING] Hot surface\n> Do not touch the door while baking.\n";
    let html = rendered(md, "html");
    assert!(
        html.contains("<p class=\"alert-title\">Warning: Hot surface</p>"),
        "{html}"
    );
    let txt = rendered(md, "txt");
    assert!(txt.contains("> Warning: Hot surface\n"), "{txt}");
}
