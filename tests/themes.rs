//! Themes and branding: a guide that asks for an accent colour, a logo, a cover, a header and
//! footer of its own, margins and a stylesheet gets them in the PDF, the EPUB and the HTML page.
#![cfg(all(feature = "pdf", feature = "epub", feature = "html"))]

mod common;

use std::path::PathBuf;
use std::process::Command;

use guidepress::render::RenderOptions;
use guidepress::render::pdf::fonts::{FontSet, UserFonts};
use guidepress::render::pdf::layout::{Input, Prim, layout};

fn themed() -> PathBuf {
    common::root().join("tests/fixtures/themed.md")
}

fn export(format: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_guidepress"))
        .args(["export", "--to", format, "-o"])
        .arg(dir.path())
        .arg(themed())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = dir.path().join(format!("themed.{format}"));
    (dir, file)
}

/// `guide` laid out as a PDF with default options, its images read beside the themed fixture;
/// the layout's warnings with it.
fn laid_out(
    guide: &guidepress::model::Guide,
) -> (guidepress::render::pdf::layout::Doc, Vec<String>) {
    let mut warnings = Vec::new();
    let user = UserFonts::load(&[], &mut warnings);
    let mut faces = FontSet::new(&user, &mut warnings);
    let options = RenderOptions::default();
    let base = themed().parent().unwrap().to_path_buf();
    layout(
        &Input {
            guide,
            options: &options,
            base_dir: Some(&base),
        },
        &mut faces,
    )
}

#[test]
fn the_pdf_has_the_cover_logo_accent_header_footer_and_margins() {
    let (doc, warnings) = laid_out(&common::load(&themed()));
    assert!(warnings.is_empty(), "{warnings:?}");
    // Page 1 is the cover: one image filling the page's width, nothing else.
    let cover = &doc.pages[0].prims;
    assert!(
        matches!(cover.as_slice(), [Prim::Image { w, .. }] if (*w - doc.geometry.page_w).abs() < 0.5),
        "{cover:?}"
    );
    // Page 2 opens with the logo above the title.
    assert!(matches!(
        doc.pages[1].prims.first(),
        Some(Prim::Image { .. })
    ));
    // 18 mm margins instead of the A4 default of 62 pt.
    assert!((doc.geometry.margin_x - 18.0 * 72.0 / 25.4).abs() < 0.01);
    // Headings in the accent colour #c0392b.
    let red = |c: guidepress::render::pdf::linebreak::Color| {
        (c.0 - 192.0 / 255.0).abs() < 0.01 && (c.1 - 57.0 / 255.0).abs() < 0.01
    };
    let heading_glyphs = doc
        .pages
        .iter()
        .flat_map(|p| &p.prims)
        .filter_map(|p| match p {
            Prim::Text { line, .. } if line.text.replace(' ', "") == "第1节" => Some(line),
            _ => None,
        })
        .next()
        .expect("the first section heading");
    assert!(heading_glyphs.glyphs().all(|g| red(g.color)));

    let (_dir, pdf) = export("pdf");
    if !common::validators::have(
        &["pdftotext", "pdfinfo"],
        "install them with `apt-get install poppler-utils`",
    ) {
        return;
    }
    let text = String::from_utf8(
        Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    // The cover is not numbered: two numbered pages after it.
    assert!(text.contains("Appnox · 第 1 页，共 2 页"), "{text}");
    assert!(text.contains("Appnox · 第 2 页，共 2 页"), "{text}");
    assert!(
        text.contains("主题测试：品牌化的讲义 · Appnox 帮助中心"),
        "{text}"
    );
    let info =
        String::from_utf8(Command::new("pdfinfo").arg(&pdf).output().unwrap().stdout).unwrap();
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.ends_with(" 3")),
        "{info}"
    );
}

#[test]
fn epub_and_html_get_the_accent_the_stylesheet_and_the_logo() {
    let (_d1, html) = export("html");
    let html = std::fs::read_to_string(html).unwrap();
    assert!(html.contains("color: #c0392b"), "accent in the page's CSS");
    assert!(
        html.contains("h2 { letter-spacing: 0.02em; }"),
        "theme.css appended"
    );
    assert!(
        html.contains("<img class=\"logo\" src=\"data:image/png;base64,"),
        "logo in the title block"
    );

    let (_d2, epub) = export("epub");
    let bytes = std::fs::read(epub).unwrap();
    let mut ar = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut ar.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let css = read("OEBPS/stylesheet.css");
    assert!(
        css.contains("color: #c0392b") && css.contains("letter-spacing: 0.02em"),
        "{css}"
    );
    let title = read("OEBPS/title.xhtml");
    assert!(
        title.contains("<img class=\"logo\" src=\"images/"),
        "{title}"
    );
    let opf = read("OEBPS/content.opf");
    assert!(opf.contains("<dc:publisher>Appnox</dc:publisher>"), "{opf}");
}

#[test]
fn a_theme_stylesheet_cannot_end_the_pages_style_element() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("evil.css"),
        "p{}</style><script>alert(1)</script>",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("g.md"),
        "---\ntitle: T\ncss: evil.css\n---\n\ntext\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_guidepress"))
        .args(["export", "--to", "html", "-o", "-"])
        .arg(dir.path().join("g.md"))
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(!html.contains("alert(1)"), "{html}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("theme stylesheet `evil.css` left out"));
}

#[test]
fn theme_fonts_set_the_body_text() {
    if !common::validators::have(
        &["pdffonts"],
        "install it with `apt-get install poppler-utils`",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mono = std::fs::read_dir(common::root().join("fonts"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with("JetBrainsMono-Regular.ttf"))
        .expect("the bundled monospace font");
    std::fs::copy(&mono, dir.path().join("mine.ttf")).unwrap();
    // No code in the guide: the monospace font appears only if the body uses it.
    std::fs::write(
        dir.path().join("g.md"),
        "---\ntitle: Fonts\nfonts: {body: mine.ttf}\n---\n\nPlain body text.\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_guidepress"))
        .args(["export", "--to", "pdf", "-o"])
        .arg(dir.path())
        .arg(dir.path().join("g.md"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fonts = Command::new("pdffonts")
        .arg(dir.path().join("g.pdf"))
        .output()
        .unwrap();
    let list = String::from_utf8(fonts.stdout).unwrap();
    assert!(list.contains("JetBrainsMono"), "{list}");
}

/// A header or footer stays within the text width: a long Chinese title in a template is cut
/// (with `…`) to what fits, beside the logo when there is one, and the rest of the template
/// stays whole. The header used to cut a title by counting characters (over 60), so 58 Han
/// characters ran off the page and took `Appnox 帮助中心` with them.
#[test]
fn a_long_title_in_the_page_furniture_stays_on_the_page() {
    let title = "一个非常非常长的标题用来测试页眉模板在标题超过六十个字符时是否会被正确截断\
                 并加上省略号以免溢出页面右侧的边界区域啊啊";
    let body = "这是正文段落，内容足够长，使讲义超过一页。".repeat(400);
    for (extra, header_end) in [
        (
            "header: \"{title} · Appnox 帮助中心\"\n",
            Some("· Appnox 帮助中心"),
        ),
        (
            "header: \"{title} · Appnox 帮助中心\"\nlogo: images/diagram.png\n",
            Some("· Appnox 帮助中心"),
        ),
        ("", None),
    ] {
        let md = format!(
            "---\ntitle: \"{title}\"\nlang: zh-CN\n{extra}footer: \"{{title}} · 第 {{page}} 页\"\n---\n\n{body}\n"
        );
        let guide = guidepress::parse::parse_str(&md, &guidepress::parse::Origin::named("t.md"))
            .unwrap()
            .guide;
        let (doc, _) = laid_out(&guide);
        let geo = &doc.geometry;
        assert!(doc.pages.len() > 1);
        let texts: Vec<(f32, &guidepress::render::pdf::linebreak::Line)> = doc.pages[1]
            .prims
            .iter()
            .filter_map(|p| match p {
                Prim::Text { x, line, .. } => Some((*x, &**line)),
                _ => None,
            })
            .collect();
        for (x, line) in &texts {
            assert!(
                *x >= geo.margin_x - 0.01 && x + line.width <= geo.page_w - geo.margin_x + 0.01,
                "{extra:?}: `{}` from {x} to {} on a page {} wide with margins {}",
                line.text,
                x + line.width,
                geo.page_w,
                geo.margin_x
            );
        }
        let has = |pred: &dyn Fn(&str) -> bool| texts.iter().any(|(_, l)| pred(&l.text));
        // The title's start, cut with an ellipsis, in the header and in the footer.
        let header_end = header_end.unwrap_or("…");
        assert!(
            has(&|t| t.starts_with("一个非常") && t.ends_with(header_end) && t.contains('…')),
            "{extra:?}: no cut header ending in {header_end}"
        );
        assert!(
            has(&|t| t.starts_with("一个非常") && t.ends_with("· 第 2 页") && t.contains('…')),
            "{extra:?}: no cut footer"
        );
    }
}
