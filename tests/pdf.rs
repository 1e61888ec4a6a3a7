//! End-to-end checks of the PDF renderer with the standard PDF tools.
//!
//! Needs `qpdf` (package `qpdf`) and `pdffonts`, `pdftotext`, `pdfinfo` (package
//! `poppler-utils`). Without them the tests that need them say loudly that they skipped; CI
//! sets `GUIDEPRESS_REQUIRE_VALIDATORS=1`, which makes a missing tool a failure.

// PDF output: only in builds with the `pdf` feature.
#![cfg(feature = "pdf")]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use guidepress::model::{Block, Guide, Inline, Section};
use guidepress::parse::{self, Origin};
use guidepress::render::{Paper, Registry, RenderContext, RenderOptions};

const INPUTS: [&str; 3] = [
    "source/unbind-digital-wallet-alipay.zh-CN.md",
    "source/unbind-digital-wallet-alipay.en.md",
    "tests/fixtures/all-blocks.md",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(rel: &str) -> Guide {
    let path = root().join(rel);
    parse::parse_bytes(&std::fs::read(&path).unwrap(), &Origin::file(&path))
        .unwrap_or_else(|d| panic!("{rel}: {d:?}"))
        .guide
}

fn render_with(rel: &str, options: RenderOptions) -> (Vec<u8>, Vec<String>) {
    let guide = load(rel);
    let path = root().join(rel);
    let mut ctx =
        RenderContext::for_input(path.clone(), path.parent().map(Path::to_path_buf), options);
    let registry = Registry::builtin();
    let pdf = registry.get("pdf").expect("pdf renderer registered");
    assert_eq!(pdf.extension(), "pdf");
    assert_eq!(pdf.media_type(), "application/pdf");
    let bytes = pdf.render(&guide, &mut ctx).expect("renders");
    let warnings = ctx.warnings.iter().map(|d| format!("{d:?}")).collect();
    (bytes, warnings)
}

fn render(rel: &str) -> (Vec<u8>, Vec<String>) {
    render_with(rel, RenderOptions::default())
}

fn write_tmp(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

/// Runs a tool (the test checked first that it is installed).
fn tool(name: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("`{name}` must be installed to run the PDF tests (apt: qpdf, poppler-utils): {e}")
    });
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn qpdf_check_is_clean() {
    if !common::have_pdf_tools() {
        return;
    }
    for rel in INPUTS {
        let (bytes, _) = render(rel);
        assert!(bytes.starts_with(b"%PDF-1.7"), "{rel}: header");
        let (_d, path) = write_tmp(&bytes);
        let (ok, out) = tool("qpdf", &["--check", p(&path)]);
        assert!(ok, "{rel}: qpdf --check failed:\n{out}");
        assert!(
            out.contains("No syntax or stream encoding errors"),
            "{rel}:\n{out}"
        );
        assert!(!out.to_lowercase().contains("warning"), "{rel}:\n{out}");
    }
}

#[test]
fn fonts_are_embedded_and_subset() {
    if !common::have_pdf_tools() {
        return;
    }
    for rel in INPUTS {
        let (bytes, _) = render(rel);
        let (_d, path) = write_tmp(&bytes);
        let (ok, out) = tool("pdffonts", &[p(&path)]);
        assert!(ok, "{out}");
        let rows: Vec<&str> = out
            .lines()
            .skip(2)
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert!(!rows.is_empty(), "{rel}: no fonts?\n{out}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type... encoding emb sub uni objnum gen
            let n = cols.len();
            assert!(n >= 7, "{row}");
            assert_eq!(
                &cols[n - 5..n - 2],
                &["yes", "yes", "yes"],
                "{rel}: font not embedded+subset+unicode: {row}"
            );
            let name = cols[0];
            assert!(
                name.len() > 7 && name.as_bytes()[6] == b'+',
                "{rel}: subset tag missing: {name}"
            );
        }
    }
}

/// Text of inline content as the PDF shows it: like `model::plain_text`, but footnote
/// references are shown as their numbers.
fn inline_text(content: &[Inline], out: &mut String) {
    for i in content {
        match i {
            Inline::Text { text } => out.push_str(text),
            Inline::Code { code } => out.push_str(code),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::LineBreak => out.push('\n'),
            Inline::FootnoteRef { number, .. } => out.push_str(&number.to_string()),
            Inline::RawHtml { .. } => {}
            other => inline_text(other.children().unwrap_or_default(), out),
        }
    }
}

fn block_texts(blocks: &[Block], out: &mut Vec<String>) {
    for b in blocks {
        let mut s = String::new();
        match b {
            Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
                inline_text(content, &mut s)
            }
            Block::List { items, .. } => {
                for item in items {
                    block_texts(&item.blocks, out);
                }
            }
            Block::Steps { steps, .. } => {
                for step in steps {
                    let mut t = String::new();
                    inline_text(&step.title, &mut t);
                    out.push(t);
                    block_texts(&step.body, out);
                }
            }
            Block::KeyPoints { points, .. } => {
                for p in points {
                    let mut t = String::new();
                    inline_text(&p.term, &mut t);
                    out.push(t);
                    block_texts(&p.body, out);
                }
            }
            Block::Details {
                summary, blocks, ..
            } => {
                let mut t = String::new();
                inline_text(summary, &mut t);
                out.push(t);
                block_texts(blocks, out);
            }
            Block::QuestionAnswers { entries, .. } => {
                for e in entries {
                    let mut t = String::new();
                    inline_text(&e.question, &mut t);
                    out.push(t);
                    block_texts(&e.answer, out);
                }
            }
            Block::Quote { blocks, .. } | Block::Alert { blocks, .. } => block_texts(blocks, out),
            Block::Code { code, .. } => s.push_str(code),
            Block::Table { header, rows, .. } => {
                for row in std::iter::once(header).chain(rows) {
                    for cell in &row.cells {
                        let mut t = String::new();
                        inline_text(&cell.content, &mut t);
                        out.push(t);
                    }
                }
            }
            Block::ThematicBreak { .. } | Block::RawHtml { .. } => {}
        }
        if !s.is_empty() {
            out.push(s);
        }
    }
}

fn sections_texts(list: &[Section], out: &mut Vec<String>) {
    for s in list {
        let mut t = String::new();
        inline_text(&s.title, &mut t);
        out.push(t);
        block_texts(&s.blocks, out);
        sections_texts(&s.sections, out);
    }
}

/// Sentences of the guide: split after sentence-ending punctuation, whitespace removed.
fn sentences(guide: &Guide) -> Vec<String> {
    let mut texts = vec![guide.meta.title.clone()];
    texts.extend(guide.meta.subtitle.clone());
    block_texts(&guide.blocks, &mut texts);
    sections_texts(&guide.sections, &mut texts);
    for f in &guide.footnotes {
        block_texts(&f.blocks, &mut texts);
    }
    let mut out = Vec::new();
    for t in texts {
        let mut cur = String::new();
        for c in t.chars() {
            if !c.is_whitespace() {
                cur.push(c);
            }
            if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n') && !cur.is_empty()
            {
                out.push(std::mem::take(&mut cur));
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

/// pdftotext output without the running header (title, from page 2) and the footer.
fn extracted_body(path: &Path, title: &str) -> (String, Vec<String>) {
    let (ok, out) = tool("pdftotext", &["-enc", "UTF-8", p(path), "-"]);
    assert!(ok, "{out}");
    let footer = |l: &str| {
        let t: String = l.split_whitespace().collect();
        (t.starts_with('第') && t.contains("页/共") && t.ends_with('页'))
            || (t.starts_with("Page")
                && t.contains("of")
                && t[4..].chars().next().is_some_and(|c| c.is_ascii_digit()))
    };
    let title_ns: String = title.split_whitespace().collect();
    let mut lines = Vec::new();
    for (k, page) in out.split('\u{c}').enumerate() {
        let mut page_lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
        if k > 0
            && let Some(first) = page_lines.first()
        {
            let f: String = first.split_whitespace().collect();
            if f == title_ns || (f.ends_with('…') && title_ns.starts_with(f.trim_end_matches('…')))
            {
                page_lines.remove(0);
            }
        }
        page_lines.retain(|l| !footer(l));
        lines.extend(page_lines.into_iter().map(str::to_owned));
    }
    // A hyphen added at a line end is a soft hyphen (U+00AD) in the text layer: not part of
    // the text, so it goes with the line break.
    let body: String = lines
        .concat()
        .split_whitespace()
        .collect::<String>()
        .replace('\u{ad}', "");
    // A test over these lines proves nothing if the extractor returned nothing (or only the
    // page furniture): every input here has pages of text.
    assert!(
        lines.len() >= 10 && body.chars().count() >= 200,
        "pdftotext extracted almost nothing ({} lines): {out:?}",
        lines.len()
    );
    (body, lines)
}

#[test]
fn text_extraction_recovers_every_sentence() {
    if !common::have_pdf_tools() {
        return;
    }
    for rel in INPUTS {
        let guide = load(rel);
        let (bytes, _) = render(rel);
        let (_d, path) = write_tmp(&bytes);
        let (full, _) = extracted_body(&path, &guide.meta.title);
        // Footnotes sit at the foot of their page, between the text of two pages: take them
        // out before looking for sentences that may run across the page break.
        let mut body = full.clone();
        for f in &guide.footnotes {
            let mut t = Vec::new();
            block_texts(&f.blocks, &mut t);
            let t: String = t.concat().split_whitespace().collect();
            let numbered = format!("{}.{t}", f.number);
            if body.contains(&numbered) {
                body = body.replacen(&numbered, "", 1);
            } else {
                body = body.replacen(&t, "", 1);
            }
        }
        let mut missing = Vec::new();
        // pdftotext (without -raw) drops a hyphen that ends a line, so `Wi-Fi` broken after
        // `Wi-` reads `WiFi`: a sentence also counts as found with one of its hyphens gone.
        let found = |s: &str| {
            body.contains(s)
                || full.contains(s)
                || s.match_indices('-').any(|(i, _)| {
                    let joined = format!("{}{}", &s[..i], &s[i + 1..]);
                    body.contains(&joined) || full.contains(&joined)
                })
        };
        for s in sentences(&guide) {
            if !found(&s) {
                missing.push(s);
            }
        }
        assert!(
            missing.is_empty(),
            "{rel}: sentences not found in pdftotext output:\n{missing:#?}\n--- body:\n{body}"
        );
    }
}

#[test]
fn non_bmp_text_is_extractable() {
    if !common::have_pdf_tools() {
        return;
    }
    let (bytes, warnings) = render("tests/fixtures/all-blocks.md");
    let (_d, path) = write_tmp(&bytes);
    let (_, out) = tool("pdftotext", &["-enc", "UTF-8", p(&path), "-"]);
    assert!(out.contains('😀'), "emoji lost");
    assert!(out.contains('\u{20000}'), "U+20000 lost in extraction");
    // No bundled font has U+20000: the renderer says so, naming it and where.
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("U+20000") && w.contains("图片与其他")),
        "{warnings:?}"
    );
}

#[test]
fn no_line_starts_with_forbidden_punctuation() {
    if !common::have_pdf_tools() {
        return;
    }
    for rel in INPUTS {
        for paper in [Paper::A4, Paper::A5] {
            let guide = load(rel);
            let mut options = RenderOptions::default();
            options.paper = paper;
            let (bytes, _) = render_with(rel, options);
            let (_d, path) = write_tmp(&bytes);
            let (_, lines) = extracted_body(&path, &guide.meta.title);
            // Code keeps its own line starts (a `}` may begin a line of code).
            let mut code = Vec::new();
            guide.walk_blocks(&mut |b| {
                if let Block::Code { code: c, .. } = b {
                    code.push(c.clone());
                }
            });
            for l in lines {
                if code.iter().any(|c| c.contains(l.trim())) {
                    continue;
                }
                let first = l.trim_start().chars().next();
                assert!(
                    !first.is_some_and(guidepress::cjk::is_line_start_forbidden),
                    "{rel} ({paper:?}): line starts with forbidden punctuation: {l:?}"
                );
                let last = l.trim_end().chars().last();
                assert!(
                    !last.is_some_and(|c| matches!(c, '（' | '《' | '「' | '『' | '“')),
                    "{rel} ({paper:?}): line ends with an opening mark: {l:?}"
                );
            }
        }
    }
}

/// The annotations of every page, with the page's number (from 1).
fn annotations(doc: &lopdf::Document) -> Vec<(u32, &lopdf::Dictionary)> {
    let mut out = Vec::new();
    for (n, page) in doc.get_pages() {
        let dict = doc.get_dictionary(page).unwrap();
        // The list may be an indirect object (it is: it goes into an object stream).
        let Ok(annots) = dict
            .get(b"Annots")
            .and_then(|a| doc.dereference(a))
            .and_then(|(_, a)| a.as_array())
        else {
            continue;
        };
        for a in annots {
            out.push((n, doc.get_dictionary(a.as_reference().unwrap()).unwrap()));
        }
    }
    out
}

/// (internal jumps, the addresses of external links) among the link annotations.
fn links(bytes: &[u8]) -> (usize, Vec<Vec<u8>>) {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let (mut internal, mut external) = (0, Vec::new());
    for (_, a) in annotations(&doc) {
        assert_eq!(a.get(b"Subtype").unwrap().as_name().unwrap(), b"Link");
        if a.get(b"Dest").is_ok() {
            internal += 1;
        } else if let Ok(act) = a.get(b"A").and_then(|x| x.as_dict()) {
            assert_eq!(act.get(b"S").unwrap().as_name().unwrap(), b"URI");
            external.push(act.get(b"URI").unwrap().as_str().unwrap().to_vec());
        }
    }
    (internal, external)
}

#[test]
fn links_are_annotations() {
    let (bytes, _) = render("tests/fixtures/all-blocks.md");
    let (internal, external) = links(&bytes);
    // #步骤 and the footnote reference jump inside the document; the two URLs go out.
    assert!(internal >= 2, "{internal}");
    assert!(external.len() >= 2, "{external:?}");
}

/// A link to a heading written percent-encoded (`#%E5%AE%89%E8%A3%85` for `#安装`, as some
/// editors write it) jumps there, as in the EPUB and HTML; before, the PDF warned and left
/// the text unlinked.
#[test]
fn percent_encoded_internal_links_jump() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("enc.md");
    std::fs::write(
        &md,
        "# T\n\n见[安装](#%E5%AE%89%E8%A3%85)和[Set up](#set%2Dup)。\n\n## 安装\n\n正文。\n\n## Set up\n\n正文。\n",
    )
    .unwrap();
    let (bytes, warnings) = render(md.to_str().unwrap());
    assert!(
        !warnings.iter().any(|w| w.contains("no such section")),
        "{warnings:?}"
    );
    assert_eq!(links(&bytes).0, 2);
}

/// A URI action's address is 7-bit ASCII (ISO 32000-1, 12.6.4.7): non-ASCII and spaces are
/// percent-encoded (as in the EPUB and HTML), and a `javascript:` link is no link.
#[test]
fn link_addresses_are_ascii_and_encoded() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("links.md");
    std::fs::write(
        &md,
        "# T\n\n[中文](https://b.example/路径?q=中文) [sp](<https://sp.example/a b>) \
         [ok](https://c.example/a%20b?x=1#frag) [js](javascript:alert(1))\n",
    )
    .unwrap();
    let (bytes, _) = render(md.to_str().unwrap());
    let (_, external) = links(&bytes);
    let external: Vec<String> = external
        .iter()
        .map(|u| {
            assert!(u.is_ascii(), "not ASCII: {:?}", String::from_utf8_lossy(u));
            String::from_utf8(u.clone()).unwrap()
        })
        .collect();
    assert_eq!(
        external,
        [
            "https://b.example/%E8%B7%AF%E5%BE%84?q=%E4%B8%AD%E6%96%87",
            "https://sp.example/a%20b",
            "https://c.example/a%20b?x=1#frag",
        ]
    );
}

fn catalog(bytes: &[u8]) -> lopdf::Dictionary {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    doc.get_dictionary(root).unwrap().clone()
}

fn outline_titles(v: &serde_json::Value, depth: usize, out: &mut Vec<(usize, String)>) {
    if let Some(list) = v.as_array() {
        for o in list {
            let title = o["title"].as_str().unwrap_or("").to_owned();
            out.push((depth, title));
            outline_titles(&o["kids"], depth + 1, out);
        }
    }
}

fn expected_outline(guide: &Guide) -> Vec<String> {
    fn go(list: &[Section], out: &mut Vec<String>) {
        for s in list {
            out.push(guidepress::model::plain_text(&s.title));
            for b in &s.blocks {
                if let Block::QuestionAnswers { entries, .. } = b {
                    out.extend(
                        entries
                            .iter()
                            .map(|e| guidepress::model::plain_text(&e.question)),
                    );
                }
            }
            go(&s.sections, out);
        }
    }
    let mut out = Vec::new();
    go(&guide.sections, &mut out);
    out
}

#[test]
fn outline_has_one_entry_per_heading() {
    if !common::have_pdf_tools() {
        return;
    }
    for rel in INPUTS {
        let guide = load(rel);
        let (bytes, _) = render(rel);
        let (_d, path) = write_tmp(&bytes);
        let (ok, out) = tool("qpdf", &["--json", "--json-key=outlines", p(&path)]);
        assert!(ok, "{out}");
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        let mut got = Vec::new();
        outline_titles(&json["outlines"], 0, &mut got);
        let titles: Vec<String> = got.iter().map(|(_, t)| t.clone()).collect();
        assert_eq!(titles, expected_outline(&guide), "{rel}");
        // Nested: the level-2 sections sit under the level-1 title.
        assert!(got.iter().any(|(d, _)| *d > 0), "{rel}: outline is flat");
        let catalog = catalog(&bytes);
        assert_eq!(
            catalog.get(b"PageMode").unwrap().as_name().unwrap(),
            b"UseOutlines",
            "{rel}"
        );
    }
}

#[test]
fn same_input_same_bytes() {
    for rel in INPUTS {
        let (a, _) = render(rel);
        let (b, _) = render(rel);
        assert!(a == b, "{rel}: output differs between runs");
    }
}

#[test]
fn document_metadata() {
    if !common::have_pdf_tools() {
        return;
    }
    let mut options = RenderOptions::default();
    options.source_date_epoch = Some(1_700_000_000);
    let (bytes, _) = render_with("source/unbind-digital-wallet-alipay.zh-CN.md", options);
    let (_d, path) = write_tmp(&bytes);
    let (ok, info) = tool("pdfinfo", &[p(&path)]);
    assert!(ok, "{info}");
    assert!(
        info.contains("Title:           如何解绑数字钱包与支付宝的详细步骤"),
        "{info}"
    );
    assert!(info.contains("Author:          Appnox App"), "{info}");
    assert!(
        info.contains("CreationDate:    Tue Nov 14 22:13:20 2023 UTC"),
        "{info}"
    );
    assert!(info.contains("PDF version:     1.7"), "{info}");
    assert!(!info.contains("PDF/X"), "spurious PDF/X marker:\n{info}");
    assert!(info.contains("Page size:       595.28 x 841.89"), "{info}");
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let cat = catalog(&bytes);
    let vp = cat.get(b"ViewerPreferences").unwrap().as_dict().unwrap();
    assert!(vp.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
    assert_eq!(cat.get(b"Lang").unwrap().as_str().unwrap(), b"zh-CN");
    let info_id = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(info_id).unwrap();
    assert!(info.get(b"GTS_PDFXVersion").is_err());
    assert_eq!(
        info.get(b"CreationDate").unwrap().as_str().unwrap(),
        b"D:20231114221320Z"
    );
}

#[test]
fn footer_is_localised() {
    if !common::have_pdf_tools() {
        return;
    }
    for (rel, needle) in [
        (
            "source/unbind-digital-wallet-alipay.zh-CN.md",
            "第 1 页 / 共",
        ),
        ("source/unbind-digital-wallet-alipay.en.md", "Page 1 of"),
    ] {
        let (bytes, _) = render(rel);
        let (_d, path) = write_tmp(&bytes);
        let (_, out) = tool("pdftotext", &["-enc", "UTF-8", p(&path), "-"]);
        let flat: String = out.split_whitespace().collect();
        let needle: String = needle.split_whitespace().collect();
        assert!(flat.contains(&needle), "{rel}: footer {needle:?} missing");
    }
}

#[test]
fn images_jpeg_passed_through_and_missing_image_warns() {
    if !common::have_pdf_tools() {
        return;
    }
    let (bytes, warnings) = render("tests/fixtures/all-blocks.md");
    let jpeg = std::fs::read(root().join("tests/fixtures/images/photo.jpg")).unwrap();
    assert!(
        bytes.windows(jpeg.len()).any(|w| w == jpeg.as_slice()),
        "the JPEG's bytes are embedded unchanged"
    );
    assert!(
        warnings.iter().all(|w| !w.contains("photo.jpg")),
        "{warnings:?}"
    );
    // A guide whose image is missing: a warning, and the alt text in the PDF.
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("g.md");
    std::fs::write(&md, "# 标题\n\n![缺失的图片说明](nothere.png)\n").unwrap();
    let guide = parse::parse_bytes(&std::fs::read(&md).unwrap(), &Origin::file(&md))
        .unwrap()
        .guide;
    let mut ctx = RenderContext::for_input(
        md.clone(),
        Some(dir.path().to_path_buf()),
        RenderOptions::default(),
    );
    let bytes = Registry::builtin()
        .get("pdf")
        .unwrap()
        .render(&guide, &mut ctx)
        .unwrap();
    assert!(
        ctx.warnings
            .iter()
            .any(|d| format!("{d:?}").contains("nothere.png"))
    );
    let (_d, path) = write_tmp(&bytes);
    let (_, out) = tool("pdftotext", &["-enc", "UTF-8", p(&path), "-"]);
    assert!(out.contains("缺失的图片说明"), "{out}");
}

/// An image without alt text that cannot be shown stands as `[图片]` in every format: the
/// PDF and the text output showed `[图片：]`, a colon leading nowhere, while HTML showed
/// `[图片]` (seen 200 times in one Chinese weekly's issues).
#[test]
fn an_image_without_alt_text_stands_as_the_word_alone_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("g.md");
    let text =
        "# 标题\n\n![](https://example.com/a.png)\n\n看 ![](https://example.com/b.png) 这里。\n";
    std::fs::write(&md, text).unwrap();
    let guide = parse::parse_bytes(text.as_bytes(), &Origin::file(&md))
        .unwrap()
        .guide;
    let mut outputs = Vec::new();
    let registry = Registry::builtin();
    for format in ["txt", "html", "pdf"] {
        let mut ctx = RenderContext::for_input(
            md.clone(),
            Some(dir.path().to_path_buf()),
            RenderOptions::default(),
        );
        let Some(r) = registry.get(format) else {
            continue;
        };
        let bytes = r.render(&guide, &mut ctx).unwrap();
        let shown = if format == "pdf" {
            if !common::have_pdf_tools() {
                continue;
            }
            let (_d, path) = write_tmp(&bytes);
            tool("pdftotext", &["-enc", "UTF-8", p(&path), "-"]).1
        } else {
            String::from_utf8(bytes).unwrap()
        };
        outputs.push((format, shown));
    }
    assert!(!outputs.is_empty());
    for (format, shown) in outputs {
        assert_eq!(shown.matches("[图片]").count(), 2, "{format}: {shown}");
        assert!(!shown.contains("[图片：]"), "{format}: {shown}");
    }
}

#[test]
fn cli_toc_checklist_and_paper() {
    if !common::have_pdf_tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_guidepress"))
        .args([
            "export",
            "--to",
            "pdf",
            "--toc",
            "--checklist",
            "--paper",
            "a5",
            "-o",
        ])
        .arg(dir.path())
        .arg(root().join("source/unbind-digital-wallet-alipay.zh-CN.md"))
        .env("SOURCE_DATE_EPOCH", "0")
        .status()
        .unwrap();
    assert!(status.success());
    let path = dir.path().join("unbind-digital-wallet-alipay.zh-CN.pdf");
    let (ok, info) = tool("pdfinfo", &[p(&path)]);
    assert!(ok, "{info}");
    assert!(info.contains("419.53 x 595.28"), "{info}");
    let (ok, out) = tool("qpdf", &["--check", p(&path)]);
    assert!(ok, "{out}");
    let (_, text) = tool("pdftotext", &["-enc", "UTF-8", p(&path), "-"]);
    assert!(text.contains("目录"), "table of contents heading");
    // The contents list the sections with page numbers.
    let toc_line = text.lines().find(|l| l.contains("解绑步骤")).unwrap_or("");
    assert!(!toc_line.is_empty());
    let (internal, _) = links(&std::fs::read(&path).unwrap());
    assert!(
        internal >= 5,
        "the contents entries jump to their sections: {internal}"
    );
}

#[test]
fn user_font_goes_first() {
    if !common::have_pdf_tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let font = dir.path().join("mono.ttf");
    std::fs::write(&font, guidepress::fonts::JETBRAINS_MONO_REGULAR.data).unwrap();
    let mut options = RenderOptions::default();
    options.fonts = vec![font.display().to_string()];
    let (bytes, _) = render_with("source/unbind-digital-wallet-alipay.en.md", options);
    let (_d, path) = write_tmp(&bytes);
    let (_, out) = tool("pdffonts", &[p(&path)]);
    assert!(out.contains("JetBrainsMono-Regular"), "{out}");
}

#[test]
fn odd_inputs_render_without_panicking() {
    // Rendering is checked everywhere; qpdf's verdict where qpdf is installed.
    let check_with_qpdf = common::have_pdf_tools();
    let long_word = "x".repeat(3000);
    let wide_table = format!(
        "|{}|\n|{}|\n|{}|\n",
        (0..24)
            .map(|i| format!("列{i}"))
            .collect::<Vec<_>>()
            .join("|"),
        (0..24).map(|_| "---").collect::<Vec<_>>().join("|"),
        (0..24)
            .map(|_| "很长的单元格内容需要换行很多次才能放下")
            .collect::<Vec<_>>()
            .join("|"),
    );
    let deep = (0..30)
        .map(|i| format!("{}- 层级 {i}\n", "  ".repeat(i)))
        .collect::<String>();
    let tall_code = format!("```\n{}```\n", "一行代码 let x = 1;\n".repeat(400));
    let cases = [
        String::new(),
        "# 只有标题".to_owned(),
        "\n\n\n".to_owned(),
        long_word,
        wide_table,
        deep,
        tall_code,
        "한국어 텍스트와 العربية और हिन्दी\u{200d}\u{fe0f}".to_owned(),
        "一\n\n二\n\n---\n\n> [!WARNING]\n> ![缺图](missing.jpg)\n".to_owned(),
        "1. **步骤**：\n\n   | a |\n   |---|\n   | b |\n".to_owned(),
        "文字[^x]\n\n[^x]: 脚注\n\n    缩进代码\n".to_owned(),
        "A line with a hard break  \n\n<div>raw</div>\n".to_owned(),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (k, md) in cases.iter().enumerate() {
        let path = dir.path().join(format!("case{k}.md"));
        std::fs::write(&path, md).unwrap();
        let guide = parse::parse_bytes(md.as_bytes(), &Origin::file(&path))
            .unwrap()
            .guide;
        for paper in [Paper::A4, Paper::A5] {
            let mut options = RenderOptions::default();
            options.paper = paper;
            options.toc = true;
            options.checklist = true;
            let mut ctx =
                RenderContext::for_input(path.clone(), Some(dir.path().to_path_buf()), options);
            let bytes = Registry::builtin()
                .get("pdf")
                .unwrap()
                .render(&guide, &mut ctx)
                .unwrap();
            if check_with_qpdf {
                let (_d, out) = write_tmp(&bytes);
                let (ok, check) = tool("qpdf", &["--check", p(&out)]);
                assert!(ok, "case {k}: {check}");
            }
        }
    }
}

#[test]
fn long_tables_repeat_their_header_and_code_splits_across_pages() {
    if !common::have_pdf_tools() {
        return;
    }
    let mut md = String::from("# 长表格\n\n");
    for i in 0..30 {
        md.push_str(&format!("段落 {i}，用于填充页面空间的一些文字内容。\n\n"));
    }
    md.push_str("| 编号 | 名称 | 说明 |\n|---|---|---|\n");
    for i in 0..60 {
        md.push_str(&format!(
            "| {i} | 项目{i} | 这是一段较长的中文说明文字，用来测试表格单元格里的换行效果 |\n"
        ));
    }
    md.push_str("\n```\n");
    for i in 0..80 {
        md.push_str(&format!("code line {i}\n"));
    }
    md.push_str("```\n");
    let guide = parse::parse_str(&md, &Origin::named("long.md"))
        .unwrap()
        .guide;
    let mut ctx = RenderContext::default();
    let bytes = Registry::builtin()
        .get("pdf")
        .unwrap()
        .render(&guide, &mut ctx)
        .unwrap();
    let (_d, path) = write_tmp(&bytes);
    let (_, out) = tool("pdftotext", &["-enc", "UTF-8", p(&path), "-"]);
    let pages: Vec<&str> = out
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    let with_rows: Vec<&&str> = pages.iter().filter(|p| p.contains("项目")).collect();
    assert!(with_rows.len() >= 2, "the table spans pages");
    for page in with_rows {
        assert!(
            page.contains("编号") && page.contains("说明"),
            "header row on every page of the table"
        );
    }
    let with_code: Vec<&&str> = pages.iter().filter(|p| p.contains("code line")).collect();
    assert!(with_code.len() >= 2, "the code block breaks across pages");
    for i in 0..80 {
        assert!(
            out.contains(&format!("code line {i}\n")),
            "code line {i} lost"
        );
    }
}

#[test]
fn contents_list_page_numbers() {
    if !common::have_pdf_tools() {
        return;
    }
    let mut options = RenderOptions::default();
    options.toc = true;
    let (bytes, _) = render_with("source/unbind-digital-wallet-alipay.en.md", options);
    let (_d, path) = write_tmp(&bytes);
    let (_, out) = tool(
        "pdftotext",
        &[
            "-layout",
            "-enc",
            "UTF-8",
            "-f",
            "1",
            "-l",
            "1",
            p(&path),
            "-",
        ],
    );
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("Summary"))
        .unwrap_or_else(|| panic!("no contents entry for Summary:\n{out}"));
    let number: usize = line.split_whitespace().last().unwrap().parse().unwrap();
    // The Summary section is on the last page.
    let (_, info) = tool("pdfinfo", &[p(&path)]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(number, pages, "{line}");
}

/// A link to the top of the guide (`#`, `#top` with no such id) jumps to the title on the
/// first page, from a later page; before, the PDF warned and set it as plain text.
#[test]
fn links_to_the_top_jump_to_the_title() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("top.md");
    let filler = "正文。".repeat(400);
    std::fs::write(
        &md,
        format!(
            "# 指南\n\n## 第一节\n\n{filler}\n\n## 第二节\n\n{filler}[回到顶部](#top)、[顶部](#)\n"
        ),
    )
    .unwrap();
    let (bytes, warnings) = render(md.to_str().unwrap());
    assert!(
        !warnings.iter().any(|w| w.contains("no such section")),
        "{warnings:?}"
    );
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let first = doc.get_pages()[&1];
    let jumps: Vec<_> = annotations(&doc)
        .into_iter()
        .filter_map(|(n, a)| {
            let dest = a.get(b"Dest").and_then(|d| d.as_array()).ok()?;
            Some((n, dest[0].as_reference().unwrap()))
        })
        .collect();
    let to_top: Vec<_> = jumps
        .iter()
        .filter(|(n, d)| *n > 1 && *d == first)
        .collect();
    assert_eq!(to_top.len(), 2, "{jumps:?}");
}
