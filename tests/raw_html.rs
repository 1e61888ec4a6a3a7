//! Raw HTML keeps its meaning in all six formats: `<kbd>`, `<sup>`, `<sub>`, `<br>` and
//! `<details>` (issue: "Raw HTML loses meaning"). Each output is looked at on its own terms.

mod common;

use std::fs;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

fn export_all() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let input = common::root().join("tests/fixtures/raw-html.md");
    let out = Command::cargo_bin("guidepress")
        .unwrap()
        .args(["export", "--to", "all", "-o"])
        .arg(dir.path())
        .arg(&input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, String::from_utf8(out.stderr).unwrap())
}

fn read(dir: &tempfile::TempDir, ext: &str) -> String {
    fs::read_to_string(dir.path().join(format!("raw-html.{ext}"))).unwrap()
}

#[test]
fn json_has_the_model_inlines_and_no_raw_html() {
    let (dir, stderr) = export_all();
    let json = read(&dir, "json");
    for t in [
        "\"keyboard\"",
        "\"superscript\"",
        "\"subscript\"",
        "\"line_break\"",
        "\"details\"",
        "\"highlight\"",
        "\"abbreviation\"",
        "\"inserted\"",
        "\"strikethrough\"",
        "\"small\"",
    ] {
        assert!(json.contains(t), "{t} missing in JSON");
    }
    assert!(!json.contains("raw_html"), "{json}");
    assert!(!json.contains("alert"), "script content leaked: {json}");
    assert!(json.contains("Red words"));
    // One warning for the dropped <span>, one for the removed <script>; none for the rest.
    let tags: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("warning: HTML"))
        .collect();
    assert_eq!(tags.len(), 2, "{stderr}");
}

#[test]
fn text_shows_readable_forms() {
    let (dir, _) = export_all();
    let txt = read(&dir, "txt");
    for t in [
        "[Ctrl]+[C]",
        "mc^2",
        "H_2O",
        "First line\nsecond line.",
        "▸ Show the details",
        "Hidden paragraph with bold text.",
        "HTML (HyperText Markup Language)",
        "Red words stay.",
    ] {
        assert!(txt.contains(t), "{t:?} missing in:\n{txt}");
    }
    // What was struck out or inserted is shown as such, not run into the sentence (wrapped
    // anywhere).
    let flat = txt.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("++added++ and ~~removed~~ text"),
        "struck-out and inserted text:\n{txt}"
    );
}

#[cfg(all(feature = "epub", feature = "html"))]
#[test]
fn html_and_epub_use_the_real_elements() {
    use std::io::{Cursor, Read};
    let (dir, _) = export_all();
    let html = read(&dir, "html");
    let mut epub = String::new();
    let bytes = fs::read(dir.path().join("raw-html.epub")).unwrap();
    let mut ar = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    for i in 0..ar.len() {
        let mut f = ar.by_index(i).unwrap();
        if f.name().ends_with(".xhtml") {
            f.read_to_string(&mut epub).unwrap();
        }
    }
    for (doc, what) in [(&html, "html"), (&epub, "epub")] {
        for t in [
            "<kbd>Ctrl</kbd>+<kbd>C</kbd>",
            "mc<sup>2</sup>",
            "H<sub>2</sub>O",
            "First line<br",
            "<details><summary>Show the <em>details</em></summary>",
            "<mark>marked</mark>",
            "<abbr title=\"HyperText Markup Language\">HTML</abbr>",
            "<ins>added</ins>",
            "<small>fine print</small>",
        ] {
            assert!(doc.contains(t), "{what}: {t:?} missing");
        }
        assert!(!doc.contains("&lt;kbd"), "{what}: escaped tags");
        assert!(!doc.contains("alert("), "{what}: script content");
    }
}

#[test]
fn json_ld_steps_keep_the_keys_text() {
    let (dir, _) = export_all();
    let ld = read(&dir, "jsonld");
    let v: serde_json::Value = serde_json::from_str(&ld).unwrap();
    let howto = &v["@graph"][0];
    assert_eq!(howto["@type"], "HowTo", "{ld}");
    assert_eq!(howto["step"][1]["text"], "press Ctrl+C.", "{ld}");
}

#[cfg(feature = "pdf")]
#[test]
fn pdf_text_keeps_keys_scripts_and_details() {
    let (dir, _) = export_all();
    let pdf = dir.path().join("raw-html.pdf");
    if !common::validators::have(
        &["pdftotext"],
        "install it with `apt-get install poppler-utils`",
    ) {
        return;
    }
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for t in [
        "Ctrl",
        "mc2",
        "H2O",
        "First line",
        "second line.",
        "Show the details",
        "Hidden paragraph",
        "Red words",
    ] {
        assert!(flat.contains(t), "{t:?} missing in:\n{text}");
    }
    // The line break is a real break: the two halves are on different lines.
    assert!(!flat.contains("First linesecond"), "{text}");
    assert!(!text.contains("alert"), "{text}");
}

/// An HTML table is a guide's table: header row, body rows, cells with their inline markup,
/// in every format. Written with a blank line inside, it arrives in two HTML blocks. One with
/// a cell spanning rows cannot be (a guide's table has one cell per column), and says so.
#[test]
fn an_html_table_is_a_table() {
    use guidepress::model::{Block, plain_text};
    use guidepress::parse::{Origin, parse_str};
    let md = "# Sizes\n\n<table>\n<thead><tr><th>Size</th><th>Chest (cm)</th></tr></thead>\n\
              <tbody>\n<tr><td>S</td><td>86–91</td></tr>\n\n<tr><td><code>M</code></td>\
              <td><p>91–97</p><p>or 98</p></td></tr>\n</tbody>\n</table>\n\n\
              <table><tr><th>Model</th><th>Port</th></tr>\
              <tr><td rowspan=\"2\">X200</td><td>USB</td></tr><tr><td>LAN</td></tr></table>\n";
    let parsed = parse_str(md, &Origin::named("t.md")).unwrap();
    let blocks = &parsed.guide.blocks;
    let Some(Block::Table { header, rows, .. }) = blocks.first() else {
        panic!("{blocks:?}");
    };
    let cells = |r: &guidepress::model::TableRow| -> Vec<String> {
        r.cells.iter().map(|c| plain_text(&c.content)).collect()
    };
    assert_eq!(cells(header), ["Size", "Chest (cm)"]);
    let body: Vec<Vec<String>> = rows.iter().map(cells).collect();
    assert_eq!(body, [vec!["S", "86–91"], vec!["M", "91–97\nor 98"]]);
    // The spanning table: its rows as paragraphs, in order, and a warning that says why.
    let texts: Vec<String> = blocks[1..]
        .iter()
        .map(|b| match b {
            Block::Paragraph { content, .. } => plain_text(content),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(texts, ["Model Port", "X200 USB", "LAN"]);
    let warned: Vec<&str> = parsed.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(
        warned.len() == 1 && warned[0].contains("rowspan"),
        "{warned:?}"
    );
}

/// `</br>`, written for `<br>` in many READMEs, is a line break as HTML parsers read it, in a
/// paragraph, a Markdown table cell and an HTML block; the words on either side never run
/// together.
#[test]
fn an_end_tag_br_is_a_line_break() {
    use guidepress::model::{Block, Inline};
    use guidepress::parse::{Origin, parse_str};
    let md = "# T\n\nfirst</br>second\n\n| a</BR>b | c |\n|---|---|\n| 1 | 2 |\n\n<p>left</br>right</p>\n";
    let parsed = parse_str(md, &Origin::named("br.md")).unwrap();
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let mut breaks = 0;
    parsed.guide.walk_inlines(&mut |i| {
        if matches!(i, Inline::LineBreak) {
            breaks += 1;
        }
    });
    assert_eq!(breaks, 3, "{:#?}", parsed.guide.blocks);
    let Block::Table { header, .. } = &parsed.guide.blocks[1] else {
        panic!("{:#?}", parsed.guide.blocks)
    };
    assert_eq!(
        header.cells[0].content,
        [
            Inline::Text { text: "a".into() },
            Inline::LineBreak,
            Inline::Text { text: "b".into() }
        ]
    );
    let txt = String::from_utf8(common::render_guide("txt", &parsed.guide, 72)).unwrap();
    for joined in ["firstsecond", "leftright"] {
        assert!(!txt.contains(joined), "{txt}");
    }
}

/// An HTML table of `<td>` cells only (a README's grid of pictures or links) has no header
/// row: its first row is a row like the others in every format, not column headers.
#[test]
fn a_table_of_td_cells_has_no_header_row() {
    use guidepress::model::{Block, plain_text};
    use guidepress::parse::{Origin, parse_str};
    let md = "# T\n\n<table>\n  <tr><td>one</td><td>two</td></tr>\n  <tr><td>three</td><td>four</td></tr>\n</table>\n";
    let parsed = parse_str(md, &Origin::named("t.md")).unwrap();
    let Some(Block::Table { header, rows, .. }) = parsed.guide.blocks.first() else {
        panic!("{:?}", parsed.guide.blocks);
    };
    assert!(header.cells.is_empty(), "{header:?}");
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.cells.iter().map(|c| plain_text(&c.content)).collect())
        .collect();
    assert_eq!(body, [vec!["one", "two"], vec!["three", "four"]]);
    // The JSON reads back (the validator takes a header with no cells).
    let json = common::render_guide("json", &parsed.guide, 72);
    let back = guidepress::render::json::from_json(&json, std::path::Path::new("t.json"));
    assert!(back.is_ok(), "{back:?}");
    let txt = String::from_utf8(common::render_guide("txt", &parsed.guide, 72)).unwrap();
    assert!(txt.contains("| one   | two  |\n| three | four |"), "{txt}");
    assert!(!txt.contains("|--"), "{txt}");
    #[cfg(feature = "html")]
    {
        let html = String::from_utf8(common::render_guide("html", &parsed.guide, 72)).unwrap();
        assert!(!html.contains("<th") && !html.contains("<thead"), "{html}");
        assert!(html.contains("<td>one</td>"), "{html}");
    }
}

/// GFM has no table without a header row; a header row of empty cells is how READMEs write
/// one, and it is no header: no empty header line in the text, no `<th>` in HTML.
#[test]
fn a_gfm_table_with_an_empty_header_row_has_none() {
    use guidepress::model::Block;
    use guidepress::parse::{Origin, parse_str};
    let md = "# T\n\n|  |   |\n|--|---|\n| one | two |\n| three | four |\n\n\
              | A | |\n|---|---|\n| x | y |\n";
    let parsed = parse_str(md, &Origin::named("t.md")).unwrap();
    let tables: Vec<_> = parsed
        .guide
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table { header, rows, .. } => Some((header.cells.len(), rows.len())),
            _ => None,
        })
        .collect();
    // The second table's header has a cell with text: it stays, empty cell and all.
    assert_eq!(tables, [(0, 2), (2, 1)]);
    let txt = String::from_utf8(common::render_guide("txt", &parsed.guide, 72)).unwrap();
    assert!(txt.contains("| one   | two  |\n| three | four |"), "{txt}");
    #[cfg(feature = "html")]
    {
        let html = String::from_utf8(common::render_guide("html", &parsed.guide, 72)).unwrap();
        assert_eq!(html.matches("<thead").count(), 1, "{html}");
    }
}

/// `<img width height>` are kept in the model (CSS pixels or a percentage of the text's
/// width), read back from JSON, and given to HTML as the image's size; a JSON guide with a
/// size of 0 is refused.
#[test]
fn an_html_image_keeps_its_size() {
    use guidepress::model::{Block, Inline, Length};
    use guidepress::parse::{Origin, parse_str};
    let md = "# T\n\n<img src=\"a.png\" alt=\"A\" width=\"120\" height=\"60px\">\n\n\
              <p align=\"center\"><img src=\"a.png\" alt=\"B\" width=\"50%\" height=\"10%\"></p>\n\n\
              ![C](a.png)\n";
    let parsed = parse_str(md, &Origin::named("t.md")).unwrap();
    let sizes: Vec<_> = parsed
        .guide
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { content, .. } => match content.as_slice() {
                [Inline::Image { width, height, .. }] => Some((*width, *height)),
                _ => None,
            },
            _ => None,
        })
        .collect();
    assert_eq!(
        sizes,
        [
            (Some(Length::Px(120)), Some(60)),
            (Some(Length::Percent(50)), None),
            (None, None),
        ]
    );
    let json = String::from_utf8(common::render_guide("json", &parsed.guide, 72)).unwrap();
    let compact: String = json.split_whitespace().collect();
    assert!(
        compact.contains(r#""width":{"px":120},"height":60"#),
        "{json}"
    );
    assert!(compact.contains(r#""width":{"percent":50}}"#), "{json}");
    let back = guidepress::render::json::from_json(json.as_bytes(), std::path::Path::new("t.json"));
    assert_eq!(back.unwrap(), parsed.guide);
    let zero = compact.replace(r#""height":60"#, r#""height":0"#);
    let refused =
        guidepress::render::json::from_json(zero.as_bytes(), std::path::Path::new("t.json"));
    assert!(refused.is_err());
    #[cfg(feature = "html")]
    {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.png"), common::tiny_png(90)).unwrap();
        let mut ctx = guidepress::render::RenderContext::for_input(
            dir.path().join("t.md"),
            Some(dir.path().to_path_buf()),
            guidepress::render::RenderOptions::default(),
        );
        let registry = guidepress::render::Registry::builtin();
        let html = registry
            .get("html")
            .unwrap()
            .render(&parsed.guide, &mut ctx);
        let html = String::from_utf8(html.unwrap()).unwrap();
        assert!(
            html.contains(r#"alt="A" style="width:120px;height:60px""#),
            "{html}"
        );
        assert!(html.contains(r#"alt="B" style="width:50%""#), "{html}");
        assert!(
            html.contains(r#"alt="C">"#) || html.contains(r#"alt="C"/>"#),
            "{html}"
        );
    }
}
