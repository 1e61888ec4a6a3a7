//! Tests of the PDF layout, and the helpers the layout's other test modules share: Markdown
//! laid out with the bundled fonts, and the text of the lines set.

use super::*;

/// Lays out Markdown with the bundled fonts.
pub(super) fn laid_out(md: &str) -> Doc {
    laid_out_keeping(md, table::KEEP_PREPARED)
}

/// [`laid_out`] with images read from `dir`, and the layout's warnings.
pub(super) fn laid_out_in(md: &str, dir: &Path) -> (Doc, Vec<String>) {
    laid_out_with(md, Some(dir), table::KEEP_PREPARED)
}

/// The text of every line set, in page order.
pub(super) fn lines(doc: &Doc) -> Vec<String> {
    doc.pages
        .iter()
        .flat_map(|p| &p.prims)
        .filter_map(|p| match p {
            Prim::Text { line, .. } => Some(line.text.clone()),
            _ => None,
        })
        .collect()
}

/// [`laid_out`], keeping `keep` prepared cells per table.
fn laid_out_keeping(md: &str, keep: usize) -> Doc {
    laid_out_warning(md, keep).0
}

/// [`laid_out_keeping`], with the layout's warnings.
fn laid_out_warning(md: &str, keep: usize) -> (Doc, Vec<String>) {
    laid_out_with(md, None, keep)
}

/// Lays out Markdown with images from `base_dir`, keeping `keep` prepared cells per
/// table: the document and the layout's warnings.
fn laid_out_with(md: &str, base_dir: Option<&Path>, keep: usize) -> (Doc, Vec<String>) {
    let guide = crate::parse::parse_str(md, &crate::parse::Origin::named("t.md"))
        .unwrap()
        .guide;
    let options = RenderOptions::default();
    let input = Input {
        guide: &guide,
        options: &options,
        base_dir,
    };
    let user = super::super::fonts::UserFonts::default();
    let mut faces = FontSet::new(&user, &mut Vec::new());
    layout_keeping(&input, &mut faces, keep)
}

/// A table whose columns are too narrow for their text (lines wider than the column
/// overlap the next one) is reported, with how many columns overflow; a wide table that
/// fits, however tightly, is not.
#[test]
fn a_table_too_wide_for_the_page_is_reported() {
    let table = |cols: usize| {
        let head: String = (0..cols).map(|c| format!("h{c}|")).collect();
        let row: String = (0..cols).map(|c| format!("v{c}|")).collect();
        format!("# T\n\n|{head}\n|{}\n|{row}\n", "-|".repeat(cols))
    };
    let (_, warnings) = laid_out_warning(&table(400), usize::MAX);
    let said: Vec<_> = warnings
        .iter()
        .filter(|w| w.contains("400 columns"))
        .collect();
    assert_eq!(said.len(), 1, "{warnings:?}");
    assert!(said[0].contains("400 of them"), "{}", said[0]);
    for cols in [5, 30] {
        let (_, warnings) = laid_out_warning(&table(cols), usize::MAX);
        assert!(
            !warnings.iter().any(|w| w.contains("columns")),
            "{cols} columns: {warnings:?}"
        );
    }
}

/// Table cells prepared again when their row is set (past `KEEP_PREPARED`) are set
/// exactly as kept ones: the same pages, glyphs and links, and no link registered twice.
#[test]
fn cells_prepared_again_set_the_same() {
    let mut md = String::from("# T\n\n| id | 名字 | link |\n|---|---|---:|\n");
    for i in 0..120 {
        md.push_str(&format!(
            "| {i} | 名字{i} 和 **粗体** | [site {i}](https://example.com/{i}) `c{i}` |\n"
        ));
    }
    let kept = laid_out_keeping(&md, usize::MAX);
    let again = laid_out_keeping(&md, 0);
    assert!(kept.pages.len() > 1, "the table should run over pages");
    assert_eq!(kept.links.len(), 120, "one link per row");
    assert_eq!(kept.links, again.links);
    assert_eq!(kept.link_texts, again.link_texts);
    assert!(kept.pages == again.pages, "pages differ");
}

/// (size, colour) of the first line whose text is `text`, and its top on the page.
fn find_line(doc: &Doc, text: &str) -> Option<(f32, Color, f32)> {
    doc.pages
        .iter()
        .flat_map(|p| &p.prims)
        .find_map(|p| match p {
            Prim::Text { line, y, .. } if line.text == text => {
                Some((line.size, line.first_glyph()?.color, *y - line.size))
            }
            _ => None,
        })
}

#[test]
fn heading_levels_four_to_six_differ() {
    let doc = laid_out("# T\n\n#### Four\n\nx\n\n##### Five\n\nx\n\n###### Six\n\nx\n");
    let h: Vec<(f32, Color)> = ["Four", "Five", "Six"]
        .iter()
        .map(|t| find_line(&doc, t).map(|x| (x.0, x.1)).unwrap())
        .collect();
    assert_ne!(h[0], h[1]);
    assert_ne!(h[1], h[2]);
    assert_ne!(h[0], h[2]);
}

#[test]
fn a_nested_quote_draws_one_bar_per_level_per_page() {
    // Three levels, forty lines: three bars a page, each as tall as the quote there
    // (not three a line).
    let text = "一行文字".repeat(400);
    let doc = laid_out(&format!("# T\n\n> > > {text}\n"));
    let bars = |page: &PageBox| -> Vec<f32> {
        page.prims
            .iter()
            .filter_map(|p| match p {
                Prim::Rect { w, h, .. } if *w < 3.0 => Some(*h),
                _ => None,
            })
            .collect()
    };
    let lines = doc.pages[0]
        .prims
        .iter()
        .filter(|p| matches!(p, Prim::Text { .. }))
        .count();
    assert!(lines > 20, "{lines} lines: the quote is too short");
    let first = bars(&doc.pages[0]);
    assert_eq!(first.len(), 3, "{first:?}");
    assert!(first.iter().all(|&h| h > 200.0), "{first:?}");
}

#[test]
fn quote_bar_ends_before_a_following_heading() {
    let doc = laid_out("# T\n\n> outer\n>\n> > inner quote\n\n## Next\n\ntext\n");
    let (_, _, heading_top) = find_line(&doc, "Next").unwrap();
    // The quote bars are the narrow rules; none reaches the heading's line.
    for page in &doc.pages {
        for p in &page.prims {
            if let Prim::Rect { w, y, h, .. } = p
                && *w < 3.0
            {
                assert!(
                    y + h < heading_top - 4.0,
                    "a quote bar ends at {} pt, the heading starts at {heading_top} pt",
                    y + h
                );
            }
        }
    }
}

/// A step number too wide for the badge's disc (`1000.`, `123456789.`) gets a wider badge
/// and the step's text moves right: before, the number ran out of the disc, white on white.
#[test]
fn a_wide_step_number_stays_inside_its_badge() {
    let doc = laid_out(
        "# T\n\n## 步骤\n\n1000. **打开应用**：执行。\n1001. **再来**：执行。\n\n\
         ## 更多步骤\n\n123456789. **长号**：执行。\n123456790. **长号二**：执行。\n",
    );
    let prims: Vec<&Prim> = doc.pages.iter().flat_map(|p| &p.prims).collect();
    for number in ["1000", "1001", "123456789", "123456790"] {
        let (x, y, w) = prims
            .iter()
            .find_map(|p| match p {
                Prim::Text { x, y, line } if line.text == number => Some((*x, *y, line.width)),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{number}: {:?}", lines(&doc)));
        // The badge's shapes on that line: its discs and the band between them.
        let (mut left, mut right) = (f32::MAX, f32::MIN);
        for p in &prims {
            match p {
                Prim::Disc { cx, cy, r, .. } if (cy - y).abs() < 12.0 => {
                    left = left.min(cx - r);
                    right = right.max(cx + r);
                }
                Prim::Rect {
                    x, y: top, w, h, ..
                } if (top + h / 2.0 - y).abs() < 12.0 && *h < 30.0 => {
                    left = left.min(*x);
                    right = right.max(x + w);
                }
                _ => {}
            }
        }
        assert!(
            left <= x && x + w <= right,
            "{number} at {x}..{} outside its badge {left}..{right}",
            x + w
        );
        // The step's title starts after the badge.
        let title_x = prims
            .iter()
            .filter_map(|p| match p {
                Prim::Text { x, y: ty, line } if (ty - y).abs() < 1.0 && line.text != number => {
                    Some(*x)
                }
                _ => None,
            })
            .fold(f32::MAX, f32::min);
        assert!(
            title_x > right,
            "{number}: title at {title_x}, badge ends at {right}"
        );
    }
}

/// A note referenced from a table cell goes to the foot of the row's page, in number order
/// with the others, and its number links back to the cell: it was an endnote under a heading
/// after the text, printed before note 1 and with no way back.
#[test]
fn a_note_from_a_table_cell_is_a_footnote() {
    let doc = laid_out(
        "# 表格脚注\n\n正文脚注[^a]。\n\n| 项 |\n|---|\n| 单元格脚注[^b] |\n\n[^a]: 正文的脚注。\n[^b]: 表格的脚注。\n",
    );
    assert_eq!(doc.pages.len(), 1);
    let at = |text: &str| {
        doc.pages[0]
            .prims
            .iter()
            .find_map(|p| match p {
                Prim::Text { y, line, .. } if line.text.contains(text) => Some(*y),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{text}: {:?}", lines(&doc)))
    };
    let (cell, first, second) = (at("单元格脚注"), at("正文的脚注。"), at("表格的脚注。"));
    assert!(cell < first && first < second, "{cell} {first} {second}");
    assert!(
        !lines(&doc).iter().any(|l| l == "注释" || l == "Notes"),
        "{:?}",
        lines(&doc)
    );
    let back = format!("{BACKREF}2");
    assert!(
        doc.pages[0]
            .prims
            .iter()
            .any(|p| matches!(p, Prim::Anchor { id, .. } if *id == back)),
        "no back-link target for note 2"
    );
}

/// An image that cannot be read (a missing file, a URL) inside a sentence is its alt text
/// in the line, and the sentence stays one paragraph: it was split into three, the alt text
/// boxed on its own between the halves. Alone in its paragraph it keeps its box.
#[test]
fn an_unreadable_image_in_a_sentence_stays_in_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let (doc, warnings) = laid_out_in(
        "# 图片\n\n下图显示了设置页面：![设置页面](missing.png)，点击即可。\n\n\
         点击 ![齿轮](https://example.com/gear.png) 图标。\n\n![截图](gone.png)\n",
        dir.path(),
    );
    let got = lines(&doc);
    assert!(
        got.iter()
            .any(|l| l == "下图显示了设置页面：[图片：设置页面]，点击即可。"),
        "{got:?}"
    );
    assert!(
        got.iter().any(|l| l == "点击 [图片：齿轮] 图标。"),
        "{got:?}"
    );
    assert!(got.iter().any(|l| l == "[图片：截图]"), "{got:?}");
    assert_eq!(
        warnings
            .iter()
            .filter(|w| w.contains("left out, its alt text shown"))
            .count(),
        3,
        "{warnings:?}"
    );
}

/// A small image inside a sentence (a 16 px toolbar icon) is drawn in its line, as tall as
/// the text at most, with its own `Figure` and alt text, and the sentence stays one
/// paragraph; a screenshot in a sentence is still a figure of its own between the text.
/// Before, an icon split its sentence into two paragraphs around a figure.
#[test]
fn an_icon_in_a_sentence_is_drawn_in_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let png = |w: u32, h: u32, name: &str| {
        let img = image::RgbImage::from_pixel(w, h, image::Rgb([200, 60, 60]));
        img.save(dir.path().join(name)).unwrap();
    };
    png(16, 16, "gear.png");
    png(300, 200, "shot.png");
    let (doc, _) = laid_out_in(
        "# 图标\n\n点击右上角的 ![设置](gear.png) 图标，进入设置页面。\n\n\
         下图是设置页面：![截图](shot.png)然后点击保存。\n",
        dir.path(),
    );
    let got = lines(&doc);
    assert!(
        got.iter()
            .any(|l| l == "点击右上角的 \u{fffc} 图标，进入设置页面。"),
        "{got:?}"
    );
    assert!(got.iter().any(|l| l == "下图是设置页面："), "{got:?}");
    assert!(got.iter().any(|l| l == "然后点击保存。"), "{got:?}");
    // The icon: on the page, in the line of its sentence, no taller than the text.
    let page = &doc.pages[0];
    let baseline = page
        .prims
        .iter()
        .find_map(|p| match p {
            Prim::Text { y, line, .. } if line.text.starts_with("点击") => Some(*y),
            _ => None,
        })
        .unwrap();
    let icons: Vec<(f32, f32)> = page
        .prims
        .iter()
        .filter_map(|p| match p {
            Prim::Image { y, h, .. } if *h < 20.0 => Some((*y, *h)),
            _ => None,
        })
        .collect();
    assert_eq!(icons.len(), 1, "{icons:?}");
    let (top, h) = icons[0];
    assert!(
        h <= 10.5 * 1.16 && top < baseline && top + h > baseline - 10.5,
        "{top} {h} {baseline}"
    );
    let alts: Vec<&str> = (0..doc.tags.nodes.len())
        .filter(|&n| doc.tags.nodes[n].role == Role::Figure)
        .filter_map(|n| doc.tags.nodes[n].alt())
        .collect();
    assert_eq!(alts, ["设置", "截图"]);
}

/// A note referenced only from another note goes to the same page foot, right after it, in
/// number order, and a chain of such notes does too. It used to be an endnote under a
/// heading, printed above note 1.
#[test]
fn a_note_referenced_from_a_note_follows_it() {
    let doc = laid_out(
        "# T\n\n正文[^a]。\n\n[^a]: 外层脚注[^b]。\n[^b]: 内层脚注[^c]。\n[^c]: 最内层。\n",
    );
    assert_eq!(doc.pages.len(), 1);
    let got: Vec<String> = lines(&doc)
        .into_iter()
        .filter(|l| !l.contains('页'))
        .collect();
    assert_eq!(
        got,
        [
            "T",
            "正文1。",
            "1.",
            "外层脚注2。",
            "2.",
            "内层脚注3。",
            "3.",
            "最内层。"
        ]
    );
}

/// Page breaks never leave a lone line of code at a page's top or foot, never split a code
/// block of four lines or fewer, and never end a page with a lead-in that ends in a colon
/// (`高图：`, `Run:`) away from what it introduces. Each filler length below moves the break
/// through the code block and the lead-in.
#[test]
fn page_breaks_keep_code_lines_and_lead_ins_together() {
    let dir = tempfile::tempdir().unwrap();
    let png = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images/diagram.png"),
    )
    .unwrap();
    std::fs::write(dir.path().join("a.png"), png).unwrap();
    let fill = "这是用于填充页面的段落文字，内容没有特别的含义，只是为了让页面被填满。";
    // Two-line paragraphs, then one-line ones: the finer steps also put the page's end in the
    // gap between a lead-in and its code (a gap there ended the page, keep or no keep).
    let fillers = (30..52)
        .map(|n| (0..n).map(|_| format!("{fill}\n\n")).collect::<String>())
        .chain((40..75).map(|n| (0..n).map(|_| "短段落。\n\n").collect::<String>()));
    for (lines, filler) in fillers.enumerate() {
        let md = format!(
            "# T\n\n{filler}运行：\n\n```\nCODE1\nCODE2\nCODE3\nCODE4\nCODE5\nCODE6\n```\n\n\
             {filler}短代码：\n\n```\nSHORT1\nSHORT2\nSHORT3\n```\n\n{filler}示意图：\n\n![图](a.png)\n"
        );
        let (doc, _) = laid_out_in(&md, dir.path());
        for (p, page) in doc.pages.iter().enumerate() {
            let texts: Vec<&str> = page
                .prims
                .iter()
                .filter_map(|x| match x {
                    Prim::Text { line, .. } => Some(line.text.as_str()),
                    _ => None,
                })
                .collect();
            let count = |prefix: &str| texts.iter().filter(|t| t.starts_with(prefix)).count();
            let code = count("CODE");
            assert!(
                code == 0 || code >= 2,
                "{lines}: page {p} has {code} line(s) of CODE"
            );
            let short = count("SHORT");
            assert!(
                short == 0 || short == 3,
                "{lines}: page {p} has {short} of 3 SHORT lines"
            );
            let lead = texts.contains(&"示意图：");
            let image = page.prims.iter().any(|x| matches!(x, Prim::Image { .. }));
            assert_eq!(
                lead, image,
                "{lines}: page {p}: lead-in {lead}, image {image}"
            );
            if count("运行：") > 0 {
                assert!(code > 0, "{lines}: page {p} ends with a lead-in: {texts:?}");
            }
            if count("短代码：") > 0 {
                assert!(
                    short > 0,
                    "{lines}: page {p} ends with a lead-in: {texts:?}"
                );
            }
        }
    }
}

/// A box's background (an alert, code) is never left on a page without a line of its text:
/// its top padding goes to the page of its first line, its bottom padding stays with its last.
/// An alert's top padding stayed behind as an empty tinted strip at a page's foot.
#[test]
fn a_box_never_leaves_an_empty_strip_on_a_page() {
    // Callouts of one to seven lines after fillers of many lengths: some page breaks fall
    // before the callout's first line, some after its last.
    let callouts = (1..8).map(|k| "Callout text that is long enough to wrap. ".repeat(k));
    let boxes: Vec<String> = callouts
        .map(|c| format!("> [!WARNING]\n> {c}\n"))
        .chain(["```\nCODE1\nCODE2\nCODE3\n```\n".to_owned()])
        .collect();
    for n in 44..62 {
        let filler: String = (0..n)
            .map(|k| format!("Line {k} of filler text.\n\n"))
            .collect();
        for boxed in &boxes {
            let doc = laid_out(&format!("# T\n\n{filler}{boxed}\nAfter.\n"));
            for (p, page) in doc.pages.iter().enumerate() {
                for rect in &page.prims {
                    // Rules (under the title) are thin rectangles, boxes are not.
                    let Prim::Rect { y, h, .. } = *rect else {
                        continue;
                    };
                    if h < 4.0 {
                        continue;
                    }
                    let holds_text = page.prims.iter().any(
                        |t| matches!(t, Prim::Text { y: base, .. } if *base > y && *base < y + h),
                    );
                    assert!(
                        holds_text,
                        "{n} lines: page {p} has a box {h} pt tall with no text in it"
                    );
                }
            }
        }
    }
}

/// A table with no header row (HTML `<td>` cells only) sets its first row as a body row: no
/// header cells in the structure, nothing set in bold, no header row repeated on the next
/// page. One with `<th>` cells keeps its header.
#[test]
fn a_table_without_a_header_row_sets_none() {
    let roles = |md: &str| -> (usize, usize) {
        let doc = laid_out(md);
        let count = |role| doc.tags.nodes.iter().filter(|n| n.role == role).count();
        (
            count(crate::render::pdf::tags::Role::TH),
            count(crate::render::pdf::tags::Role::TD),
        )
    };
    assert_eq!(
        roles(
            "# T\n\n<table><tr><td>one</td><td>two</td></tr><tr><td>3</td><td>4</td></tr></table>\n"
        ),
        (0, 4)
    );
    assert_eq!(
        roles("# T\n\n<table><tr><th>H</th><th>I</th></tr><tr><td>3</td><td>4</td></tr></table>\n"),
        (2, 2)
    );
}

/// An abbreviation's expansion (`<abbr title>`) is printed after it, as the text output does:
/// a page has no tooltip, and the PDF dropped it.
#[test]
fn an_abbreviations_expansion_is_printed() {
    let doc = laid_out("# T\n\n<abbr title=\"HyperText Markup Language\">HTML</abbr> 很常见。\n");
    assert!(
        lines(&doc)
            .iter()
            .any(|l| l.contains("HTML (HyperText Markup Language) 很常见。")),
        "{:?}",
        lines(&doc)
    );
}

/// A struck-out price, a highlight and a key cap in a table cell are drawn as in a paragraph:
/// a stroke through the struck text (not a rule, which spans the table), a fill behind the
/// highlight, a frame around the key. Before, cells drew links only, and `~~$99~~ $49` read
/// as two current prices.
#[test]
fn inline_marks_are_drawn_in_table_cells() {
    let doc =
        laid_out("| Plan | Price |\n|---|---|\n| <kbd>K</kbd> | ~~$99~~ $49 <mark>hi</mark> |\n");
    let prims: Vec<&Prim> = doc.pages.iter().flat_map(|p| &p.prims).collect();
    let line_of = |needle: &str| {
        prims
            .iter()
            .find_map(|p| match p {
                Prim::Text { x, y, line } if line.text.contains(needle) => {
                    Some((*x, *y, line.width, line.size))
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("no line with {needle}: {:?}", lines(&doc)))
    };
    let (x, base, w, size) = line_of("$99");
    let struck = prims.iter().any(|p| match p {
        Prim::Stroke { points, .. } => points.iter().all(|&(px, py)| {
            px >= x - 0.5 && px <= x + w + 0.5 && py < base - 0.1 * size && py > base - 0.7 * size
        }),
        _ => false,
    });
    assert!(struck, "no stroke through `$99`");
    let highlighted = prims.iter().any(|p| {
        matches!(p, Prim::Rect { x: rx, y: ry, w: rw, .. }
            if *rx >= x && rx + rw <= x + w + 0.5 && *ry < base && *ry > base - size)
    });
    assert!(highlighted, "no highlight behind `hi`");
    let (kx, kbase, kw, ksize) = line_of("K");
    let framed = prims.iter().any(|p| {
        matches!(p, Prim::Frame { x: fx, y: fy, w: fw, .. }
            if *fx < kx + 0.5 && fx + fw > kx + kw - 0.5 && *fy < kbase && *fy > kbase - ksize)
    });
    assert!(framed, "no key cap frame around `K`");
}

/// A table too wide for its longest tokens breaks those tokens, not the short words of the
/// other columns: `Ubuntu`, `Windows` and `x86_64` stay whole (they were set `Ubunt|u`, and
/// copied so). The hashes, which cannot fit, are broken.
#[test]
fn a_squeezed_table_breaks_its_longest_tokens_not_short_words() {
    let hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    let md = format!(
        "| OS | Arch | Version | Package | SHA-256 | Mirror SHA-256 | Notes |\n|---|---|---|---|---|---|---|\n\
         | Ubuntu | x86_64 | 20.04 | `acme_2.1.0_amd64.deb` | `{hash}` | `{hash}` | LTS only |\n\
         | Windows | arm64 | 10 | `AcmeSetup-2.1.0-x64.msi` | `{hash}` | `{hash}` | Notarized |\n"
    );
    let doc = laid_out(&md);
    let set = lines(&doc);
    for word in ["Ubuntu", "Windows", "x86_64", "arm64", "Notarized"] {
        assert!(set.iter().any(|l| l == word), "`{word}` broken: {set:?}");
    }
    assert!(
        !set.iter().any(|l| l == hash),
        "a hash this long cannot fit: {set:?}"
    );
}

#[test]
fn squeezed_columns_keep_what_fits_an_even_share() {
    // 100 points for three columns: 10 and 20 fit a third each and are kept; the third gets
    // the 70 left.
    assert_eq!(
        table::squeezed(&[10.0, 200.0, 20.0], 100.0),
        [10.0, 70.0, 20.0]
    );
    // None fits an even share: all get it.
    assert_eq!(table::squeezed(&[60.0, 90.0], 100.0), [50.0, 50.0]);
}

/// A space after an emoji is the text's space, not the emoji font's, which is 1.27 em wide
/// and left a gap of three spaces after every emoji: the two lines below differ by one space
/// of the body font (a quarter of an em, give or take).
#[test]
fn a_space_after_an_emoji_is_a_text_space() {
    let doc = laid_out("x \u{1F44D} y\n\nx \u{1F44D}y\n");
    let width = |text: &str| {
        doc.pages
            .iter()
            .flat_map(|p| &p.prims)
            .find_map(|p| match p {
                Prim::Text { line, .. } if line.text == text => Some((line.width, line.size)),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no line {text:?}: {:?}", lines(&doc)))
    };
    let (with, size) = width("x \u{1F44D} y");
    let (without, _) = width("x \u{1F44D}y");
    let space = (with - without) / size;
    assert!((0.15..0.4).contains(&space), "a space {space} em wide");
}

/// A collapsible box's content hangs under its summary's text, a box inside it deeper, and
/// what follows a box is back at the margin: where each box ends shows on paper.
#[test]
fn details_content_hangs_under_its_summary() {
    let doc = laid_out(
        "# T\n\n<details>\n<summary>Outer</summary>\n\nIn outer.\n\n<details>\n<summary>Inner</summary>\n\nIn inner.\n\n</details>\n\nBack in outer.\n\n</details>\n\nOutside.\n",
    );
    let x = |text: &str| {
        doc.pages
            .iter()
            .flat_map(|p| &p.prims)
            .find_map(|p| match p {
                Prim::Text { x, line, .. } if line.text == text => Some(*x),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no line {text:?}: {:?}", lines(&doc)))
    };
    let (outer, inner, back, outside) = (
        x("In outer."),
        x("In inner."),
        x("Back in outer."),
        x("Outside."),
    );
    assert!(
        outside < outer && outer < inner,
        "{outside} {outer} {inner}"
    );
    assert_eq!(back, outer);
}

/// A column whose natural width is within a fair share keeps it whole (a two-character
/// Chinese column, a short code column); the rest goes to the long description, and every
/// width adds up to what there is. Widths worked out by hand.
#[test]
fn short_columns_keep_their_natural_width() {
    // 系统 (min 15, max 25), code (min 140, max 140), description (min 15, max 900); 500.
    let w = table::fitted(&[15.0, 140.0, 15.0], &[25.0, 140.0, 900.0], 500.0);
    assert_eq!(w, [25.0, 140.0, 335.0]);
    // Two long columns share the rest (300 − 40 of narrowest widths = 260) in proportion to
    // how much wider they would like to be (400 : 200): 20 + 173⅓ and 20 + 86⅔.
    let w = table::fitted(&[10.0, 20.0, 20.0], &[30.0, 420.0, 220.0], 330.0);
    let want = [30.0, 20.0 + 520.0 / 3.0, 20.0 + 260.0 / 3.0];
    assert!(
        w.iter().zip(want).all(|(a, b)| (a - b).abs() < 0.01),
        "{w:?}"
    );
}

/// A key cap's frame touches none of the glyphs beside it: the `+` between two keys, a
/// Chinese character right after a key, a space before one. The frame was drawn outside the
/// key's glyphs with no room kept for it, so it ran over the `+` (helper-19, helper-20).
/// Checked against the advance boxes of the other glyphs of the line, frame stroke included.
#[test]
fn a_key_caps_frame_touches_no_glyph_beside_it() {
    let guide = crate::parse::parse_str(
        "按 <kbd>Ctrl</kbd>+<kbd>C</kbd> 复制，按<kbd>Esc</kbd>退出。Press <kbd>Alt</kbd>-<kbd>T</kbd>.\n",
        &crate::parse::Origin::named("t.md"),
    )
    .unwrap()
    .guide;
    let options = RenderOptions::default();
    let input = Input {
        guide: &guide,
        options: &options,
        base_dir: None,
    };
    let user = super::super::fonts::UserFonts::default();
    let mut faces = FontSet::new(&user, &mut Vec::new());
    let (doc, _) = layout_keeping(&input, &mut faces, table::KEEP_PREPARED);
    let page = &doc.pages[0];
    let frames: Vec<(f32, f32)> = page
        .prims
        .iter()
        .filter_map(|p| match p {
            Prim::Frame { x, w, width, .. } => Some((x - width / 2.0, x + w + width / 2.0)),
            _ => None,
        })
        .collect();
    assert_eq!(frames.len(), 5, "{frames:?}");
    let mut checked = 0;
    for p in &page.prims {
        let Prim::Text { x, line, .. } = p else {
            continue;
        };
        for g in line.glyphs() {
            let t = &line.text[g.text.0 as usize..g.text.1 as usize];
            if !matches!(t, "+" | "-" | "退" | "按" | "." | "复") {
                continue;
            }
            let (g0, g1) = (
                x + g.x,
                x + g.x + faces.faces[g.face].advance(g.gid) * g.size,
            );
            for &(f0, f1) in &frames {
                assert!(
                    g1 <= f0 + 0.01 || g0 >= f1 - 0.01,
                    "{t:?} at {g0}..{g1} under a frame at {f0}..{f1}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 7, "{checked}");
}

/// A paragraph of several images and nothing else (a README's row of badges) is one line of
/// them, as HTML shows it: each image in a box of its own, they stacked down the first
/// page (helper-20: twenty boxes on page one of starship's README). One image alone in its
/// paragraph is still a figure, boxed when it cannot be read.
#[test]
fn a_row_of_badges_is_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let boxes = |doc: &Doc| {
        doc.pages
            .iter()
            .flat_map(|p| &p.prims)
            .filter(|p| matches!(p, Prim::Rect { fill, .. } if *fill == CODE_BG))
            .count()
    };
    let (doc, _) = laid_out_in(
        "# Badges\n\n[![Build](https://e.example/a.svg)](https://e.example/ci) [![Version](https://e.example/b.svg)](https://e.example/v) ![License](https://e.example/c.svg)\n",
        dir.path(),
    );
    let got = lines(&doc);
    assert!(
        got.iter()
            .any(|l| l == "[Image: Build] [Image: Version] [Image: License]"),
        "{got:?}"
    );
    assert_eq!(boxes(&doc), 0);
    let (doc, _) = laid_out_in("# 徽章\n\n![截图](gone.png)\n", dir.path());
    assert!(lines(&doc).iter().any(|l| l == "[图片：截图]"));
    assert_eq!(boxes(&doc), 1);
}

/// The size the source gives an image is the size it is printed at: `width="120"` is 120 CSS
/// pixels (90 pt), a percentage is of the text's width, a height alone keeps the proportions,
/// and a large picture given `height="16"` in a sentence is an icon in its line. Before, every
/// picture was printed at its natural size (a README's 800 px logo across the page).
#[test]
fn an_image_is_printed_at_the_size_the_source_gives() {
    let dir = tempfile::tempdir().unwrap();
    let img = image::RgbImage::from_pixel(800, 400, image::Rgb([200, 60, 60]));
    img.save(dir.path().join("logo.png")).unwrap();
    let (doc, _) = laid_out_in(
        "# 图片\n\n<img src=\"logo.png\" alt=\"A\" width=\"120\">\n\n\
         <img src=\"logo.png\" alt=\"B\" width=\"50%\">\n\n\
         <img src=\"logo.png\" alt=\"C\" height=\"100px\">\n\n\
         <img src=\"logo.png\" alt=\"D\">\n\n\
         点击 <img src=\"logo.png\" alt=\"E\" height=\"16\"> 按钮。\n",
        dir.path(),
    );
    let sizes: Vec<(f32, f32)> = doc
        .pages
        .iter()
        .flat_map(|p| &p.prims)
        .filter_map(|p| match p {
            Prim::Image { w, h, .. } => Some((*w, *h)),
            _ => None,
        })
        .collect();
    assert_eq!(sizes.len(), 5, "{sizes:?}");
    let near = |a: f32, b: f32| (a - b).abs() < 0.5;
    // A: 120 px = 90 pt wide, half as tall.
    assert!(
        near(sizes[0].0, 90.0) && near(sizes[0].1, 45.0),
        "{sizes:?}"
    );
    // B: half the text's width (D, at its natural 800 px, is capped at the full width).
    let text_w = sizes[3].0;
    assert!(near(sizes[1].0, text_w / 2.0), "{sizes:?}");
    // C: 100 px = 75 pt tall, twice as wide.
    assert!(
        near(sizes[2].1, 75.0) && near(sizes[2].0, 150.0),
        "{sizes:?}"
    );
    // E: an icon, drawn in the line of its sentence, no taller than the text.
    assert!(sizes[4].1 < 13.0, "{sizes:?}");
    assert!(
        lines(&doc).iter().any(|l| l == "点击 \u{fffc} 按钮。"),
        "{:?}",
        lines(&doc)
    );
}

/// A code block's title (`js title="vite.config.js"`) is a line of its own right above the
/// code, and kept on the page of the code's first line wherever the page ends. Before, it
/// was lost.
#[test]
fn a_code_title_is_a_line_above_its_code() {
    let mut split_somewhere = false;
    for n in 40..60 {
        let filler = "正文。\n\n".repeat(n);
        let doc = laid_out(&format!(
            "# 配置\n\n```js title=\"vite.config.js\"\nexport default {{}}\n```\n\n{filler}\
             ```json [tsconfig.json]\n{{}}\n{{}}\n```\n"
        ));
        let got = lines(&doc);
        let at = |s: &str| got.iter().position(|l| l == s).unwrap_or(usize::MAX);
        assert_eq!(at("vite.config.js") + 1, at("export default {}"), "{got:?}");
        assert_eq!(at("tsconfig.json") + 1, at("{}"), "{got:?}");
        let page_of = |s: &str| {
            doc.pages.iter().position(|p| {
                p.prims
                    .iter()
                    .any(|x| matches!(x, Prim::Text { line, .. } if line.text == s))
            })
        };
        assert_eq!(
            page_of("tsconfig.json"),
            page_of("{}"),
            "after {n} paragraphs"
        );
        // The range of fillers reaches a page end inside the second block.
        split_somewhere |= doc.pages.len() > 1 && page_of("tsconfig.json") == Some(1);
    }
    assert!(split_somewhere);
}

/// A code line a little too long for the column is set smaller, whole: wrapped, it copied
/// from the PDF as two lines (a shell command pasted from it ran as two commands). A line too
/// long even at the smallest size wraps, and leaves the block at its normal size; a short
/// block keeps its normal size too.
#[test]
fn a_code_line_a_little_too_long_is_set_smaller_not_wrapped() {
    let command = "llamafactory-cli eval --model_name_or_path path/to/your/model --template qwen --dataset mmlu --batch_size 4";
    let long = "a".repeat(200);
    let doc = laid_out(&format!(
        "# 命令\n\n```bash\n{command}\n```\n\n```\nls -la\n```\n\n```\n{long}\n```\n"
    ));
    let code_line = |text: &str| {
        doc.pages[0]
            .prims
            .iter()
            .find_map(|p| match p {
                Prim::Text { line, .. } if line.text.starts_with(text) => {
                    Some((line.text.clone(), line.size))
                }
                _ => None,
            })
            .unwrap()
    };
    let (whole, small) = code_line("llamafactory-cli");
    assert_eq!(whole, command, "the command is one line");
    let (_, normal) = code_line("ls -la");
    assert!(
        small < normal * 0.95 && small >= normal * 0.75 - 0.01,
        "{small} against {normal}"
    );
    let (first, size) = code_line("aaaa");
    assert!(first.len() < 200, "the 200 columns wrap");
    assert_eq!(
        size, normal,
        "a line that wraps anyway makes nothing smaller"
    );
}
