//! Raw HTML in the parser: its meaning kept where the model has one, its text otherwise,
//! active content never; spans, anchors and headings set in HTML.

use super::*;

/// An HTML container's span runs from its opening tag to its closing one (it was the closing
/// tag's line alone: `check` printed `details (line 8)` for a `<details>` on line 3).
#[test]
fn an_html_containers_span_starts_at_its_opening_tag() {
    let g = parse("# 撤销\n\n<details>\n<summary>怎么撤销？</summary>\n\n运行命令。\n\n</details>\n\n<blockquote>\n\n引用。\n\n</blockquote>\n").guide;
    let spans: Vec<_> = g
        .blocks
        .iter()
        .map(|b| b.span().map(|s| (s.start_line, s.end_line)))
        .collect();
    assert_eq!(spans, [Some((3, 8)), Some((10, 14))], "{:?}", g.blocks);
}

#[test]
fn warnings_for_raw_html_and_internal_links() {
    let p = parse(
        "## A\n\n<div>x</div>\n\n[go](#a) [bad](#nowhere) <b>x</b> <span>y</span><span>z</span>\n",
    );
    let msgs: Vec<_> = p
        .warnings
        .iter()
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    assert!(
        msgs.iter()
            .any(|(l, m)| *l == Some(3) && m.contains("`<div>`")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|(l, m)| *l == Some(5) && m.contains("`#nowhere`")),
        "{msgs:?}"
    );
    assert!(!msgs.iter().any(|(_, m)| m.contains("`#a`")), "{msgs:?}");
    assert!(!msgs.iter().any(|(_, m)| m.contains("`<b>`")), "{msgs:?}");
    assert_eq!(
        msgs.iter().filter(|(_, m)| m.contains("`<span>`")).count(),
        1,
        "one warning per kind of tag: {msgs:?}"
    );
}

#[test]
fn inline_html_keeps_its_meaning() {
    let p = parse(
        "Press <kbd>Ctrl</kbd>+<kbd>C</kbd>, x<sup>2</sup>, H<sub>2</sub>O, a<br>b, <mark>m</mark> <abbr title=\"HyperText\">HTML</abbr> <ins>i</ins> <del>d</del> <small>s</small>\n",
    );
    let Block::Paragraph { content, .. } = &p.guide.blocks[0] else {
        panic!()
    };
    let kinds: Vec<&str> = content
        .iter()
        .map(|i| match i {
            Inline::Keyboard { .. } => "kbd",
            Inline::Superscript { .. } => "sup",
            Inline::Subscript { .. } => "sub",
            Inline::LineBreak => "br",
            Inline::Highlight { .. } => "mark",
            Inline::Abbreviation { .. } => "abbr",
            Inline::Inserted { .. } => "ins",
            Inline::Strikethrough { .. } => "del",
            Inline::Small { .. } => "small",
            Inline::Text { .. } => "",
            _ => "?",
        })
        .filter(|k| !k.is_empty())
        .collect();
    assert_eq!(
        kinds,
        [
            "kbd", "kbd", "sup", "sub", "br", "mark", "abbr", "ins", "del", "small"
        ]
    );
    assert_eq!(
        plain_text(content),
        "Press Ctrl+C, x2, H2O, a\nb, m HTML i d s"
    );
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn active_html_never_reaches_the_model() {
    let p = parse(
        "a<script>alert(1)</script>b [x](javascript:alert(1)) <a href=\"javascript:x\" onclick=\"y\">t</a>\n\n<script>\nevil()\n</script>\n\n<style>p{}</style>\n",
    );
    let json = serde_json::to_string(&p.guide).unwrap();
    for bad in ["alert", "evil", "javascript", "onclick", "p{}"] {
        assert!(!json.contains(bad), "{bad} in {json}");
    }
    assert!(json.contains("\"ab x t\""), "{json}");
}

#[test]
fn details_wrap_markdown_between_html_blocks() {
    let md = "## S\n\n<details>\n<summary>More</summary>\n\nHidden **text**.\n\n- a\n\n</details>\n\nAfter.\n";
    let blocks = first_section_blocks(md);
    let Block::Details {
        summary,
        blocks: inner,
        ..
    } = &blocks[0]
    else {
        panic!("{blocks:?}")
    };
    assert_eq!(plain_text(summary), "More");
    assert_eq!(inner.len(), 2);
    assert!(matches!(blocks[1], Block::Paragraph { .. }));
}

/// A heading written in HTML at the top level (`<h2 align="center">`, as READMEs center
/// theirs) opens a section as a Markdown heading does: it is in the outline, and the blocks
/// after it are its own. Inside a container it stays a heading block of that container.
#[test]
fn an_html_heading_at_the_top_level_opens_a_section() {
    let p = parse(
        "# Title\n\nIntro.\n\n<h2 align=\"center\">Getting started</h2>\n\nBody.\n\n## Next\n\n<details><summary>More</summary>\n\n<h3>Inside</h3>\n\n</details>\n\n<div align=\"center\">\n<h3>Centred</h3>\n</div>\n",
    );
    // A `<div>` only wraps: its heading is at the top level too.
    let outline = p.guide.outline();
    assert!(
        outline.starts_with("Title\n  § Getting started\n  § Next\n")
            && outline.ends_with("    § Centred\n"),
        "{outline}"
    );
    let s = &p.guide.sections[0];
    assert_eq!((s.id.as_str(), s.level), ("getting-started", 2));
    assert_eq!(s.span.map(|sp| sp.start_line), Some(5));
    assert!(
        matches!(&s.blocks[..], [Block::Paragraph { .. }]),
        "{:?}",
        s.blocks
    );
    let nested = &p.guide.sections[1].blocks;
    assert!(
        nested
            .iter()
            .any(|b| matches!(b, Block::Details { blocks, .. }
            if matches!(blocks[..], [Block::Heading { level: 3, .. }]))),
        "{nested:?}"
    );
}

/// A link to an anchor the author set in HTML leads to its section: `<a name>` or `<a id>`
/// just before a heading (translated documents keep English anchors for headings in another
/// language), an `id` on a heading written in HTML or on an element in a heading (`## <span
/// id>`, PaddlePaddle's docs), an anchor inside a section's text. An anchor nowhere is still
/// warned about.
#[test]
fn links_to_anchors_set_in_html_find_their_section() {
    let p = parse(concat!(
        "# T\n\n",
        "见[安装](#install)、[用法](#usage)、[细节](#deep)和[无](#nowhere)。\n\n",
        "<a name=\"install\"></a>\n\n## 安装\n\n正文。\n\n",
        "<h2 id=\"usage\">用法</h2>\n\n正文。\n\n",
        "## 其他\n\n正文 <a id=\"deep\"></a>在这里。\n\n",
        "## <span id=\"requirements\">1.4 迁移环境依赖</span>\n\n见[依赖](#requirements)。\n",
    ));
    assert_eq!(
        link_urls(&p.guide),
        ["#安装", "#用法", "#其他", "#nowhere", "#14-迁移环境依赖"]
    );
    assert_eq!(
        dangling(&p),
        ["internal link `#nowhere` points to no heading"]
    );
}

/// The top of the guide is a link target, as it is on a web page: `[回到顶部](#)`, an anchor
/// set before the title or in the text before the first section, the title heading's ids
/// (its `{#id}`, its slug), and `#top` with no such id (browsers and GitHub scroll to the top for it). Each becomes
/// `#`, with no warning; before, each was warned about and shown as plain text in the EPUB
/// and the PDF. A section whose id is `top` still takes a link to it, and a link to nothing
/// is still warned about.
#[test]
fn links_to_the_top_of_the_guide_lead_there() {
    let p = parse(concat!(
        "<a name=\"start\"></a>\n",
        "# 指南 {#guide}\n\n",
        "前言<a id=\"intro\"></a>。\n\n再一段。\n\n",
        "## 第一节\n\n",
        "[顶](#)、[开头](#start)、[前言](#intro)、[标题](#guide)、[TOP](#TOP)、[无](#nowhere)。\n\n",
        "<div><a href=\"#top\">⬆ 返回顶部</a></div>\n",
    ));
    assert_eq!(
        link_urls(&p.guide),
        ["#", "#", "#", "#", "#", "#nowhere", "#"]
    );
    assert_eq!(
        dangling(&p),
        ["internal link `#nowhere` points to no heading"]
    );

    let p = parse("# T\n\n## 第一节\n\n[回](#top)\n\n## Top\n\n正文。\n");
    assert_eq!(link_urls(&p.guide), ["#top"]);
    assert!(dangling(&p).is_empty());

    // The title's heading by its slug (docsify's embed-files page links to its own title),
    // in any case; an anchor on the last line of the document, after its last section's
    // text, is in that section.
    let p = parse(concat!(
        "# Embed files\n\n## 用法\n\n[x](#embed-files)、[y](#Embed-Files)、[z](#bottom)\n\n",
        "### 细节\n\n最后一段。\n\n<a id=\"bottom\"></a>\n",
    ));
    assert_eq!(link_urls(&p.guide), ["#", "#", "#细节"]);
    assert!(dangling(&p).is_empty(), "{:?}", dangling(&p));
}

/// A heading inside a quote, a list item or `<details>` is no section and has no id; a link
/// to the id GitHub gives it leads to the section that holds it, with no warning. Before,
/// it was warned about and left dead in the HTML.
#[test]
fn links_to_headings_in_containers_find_their_section() {
    let p = parse(concat!(
        "# T\n\n见[引用](#引用中的标题)、[列表](#列表中的标题)、[细节](#how-do-i-reset)。\n\n",
        "## 第一节\n\n> ### 引用中的标题\n>\n> 文字。\n\n",
        "## 第二节\n\n- ### 列表中的标题\n  内容\n\n",
        "## 第三节\n\n<details>\n<summary>FAQ</summary>\n\n### How do I reset?\n\nLike this.\n\n</details>\n",
    ));
    assert_eq!(link_urls(&p.guide), ["#第一节", "#第二节", "#第三节"]);
    assert!(dangling(&p).is_empty(), "{:?}", dangling(&p));
    // Right before the next section's heading, it is still in its own section.
    let p = parse("# T\n\n[x](#quoted)\n\n## A\n\n> ### Quoted\n\n## B\n\ny\n");
    assert_eq!(link_urls(&p.guide), ["#a"]);
}

#[test]
fn deeply_nested_html_keeps_its_text_and_a_bounded_depth() {
    let n = 500;
    let md = format!("{}x{}\n", "<b>".repeat(n), "</b>".repeat(n));
    let p = parse(&md);
    let Block::Paragraph { content, .. } = &p.guide.blocks[0] else {
        panic!()
    };
    assert_eq!(plain_text(content), "x");
    assert!(inline_depth(content) <= 40, "{}", inline_depth(content));

    let md = format!("{}y\n", "<details>".repeat(n));
    let p = parse(&md);
    assert!(
        block_depth(&p.guide.blocks) <= 40,
        "{}",
        block_depth(&p.guide.blocks)
    );
    assert_eq!(
        p.warnings
            .iter()
            .filter(|w| w.message.contains("never closed"))
            .count(),
        1,
        "one warning per unclosed tag kind"
    );
}

/// A `<pre>` never closed keeps its text as code, with a warning, wherever its HTML block
/// ends: at the end of the document, of a `<div>` block, of a list item or of a quote.
/// Before, the text was dropped from every format in silence.
#[test]
fn an_unclosed_pre_keeps_its_text() {
    for (md, kept, after) in [
        (
            "# T\n\nIntro.\n\n<pre>\nHello world\n\nafter\n",
            "Hello world\n\nafter",
            "",
        ),
        ("# T\n\n<pre><code>\ncode here\n\n", "code here", ""),
        (
            "# T\n\n<div>\n<pre>\n丢失的文字\n</div>\n\n后段。\n",
            "丢失的文字",
            "后段。",
        ),
        (
            "# T\n\n- 列表项一\n\n  <pre>\n  代码内容\n\n- 列表项二\n",
            "代码内容",
            "列表项二",
        ),
        (
            "# T\n\n> 引用开始\n> <pre>\n> 引用中的预格式\n\n正文。\n",
            "引用中的预格式",
            "正文。",
        ),
    ] {
        let p = parse(md);
        let json = serde_json::to_string(&p.guide).unwrap();
        // The text as a JSON string inside a code block's `code`, and what follows after it.
        let escaped = serde_json::to_string(kept).unwrap();
        let escaped = &escaped[1..escaped.len() - 1];
        let at = json
            .find(&format!("\"code\":\"{escaped}"))
            .unwrap_or_else(|| panic!("{md:?}: {json}"));
        assert!(json[at..].contains(after), "{md:?}: {json}");
        assert!(
            p.warnings
                .iter()
                .any(|w| w.message.contains("`<pre>` is never closed")),
            "{md:?}: {:?}",
            p.warnings
        );
    }
}

/// A heading inside a `<details>` that is closed further on belongs to it, as a browser and
/// GitHub show it: the heading and its text stayed outside, the summary alone inside, and
/// `check` said the `<details>` was never closed. A `<details>` that is never closed still
/// ends at the next heading, with that warning: it must not swallow the rest of the guide.
#[test]
fn a_heading_inside_a_closed_details_stays_inside_it() {
    let p = parse(
        "# 说明\n\n<details>\n<summary>归档内容</summary>\n\n## 基本原则\n\n内容。\n\n</details>\n\n正文。\n\n## 下一节\n\n后文。\n",
    );
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let g = &p.guide;
    let titles: Vec<String> = g.sections.iter().map(|s| plain_text(&s.title)).collect();
    assert_eq!(titles, ["下一节"], "{:?}", g);
    let [
        Block::Details { blocks: inner, .. },
        Block::Paragraph { content, .. },
    ] = &g.blocks[..]
    else {
        panic!("{:?}", g.blocks)
    };
    assert!(
        matches!(&inner[..], [Block::Heading { level: 2, content: h, .. }, Block::Paragraph { .. }] if plain_text(h) == "基本原则"),
        "{inner:?}"
    );
    assert_eq!(plain_text(content), "正文。");

    let p = parse("# T\n\n<details>\n<summary>S</summary>\n\n## A\n\ntext\n\n## B\n\nmore\n");
    let titles: Vec<String> = p
        .guide
        .sections
        .iter()
        .map(|s| plain_text(&s.title))
        .collect();
    assert_eq!(titles, ["A", "B"]);
    assert!(
        p.warnings
            .iter()
            .any(|w| w.message.contains("`<details>` is never closed")),
        "{:?}",
        p.warnings
    );
}

/// An `<li>` outside any list (a demo snippet in a `<div>`) is a list of its own that ends
/// with its HTML block: it took the paragraphs and sections after it into its item, and the
/// warning named a `<ul>` that was never written.
#[test]
fn a_stray_list_item_ends_with_its_html_block() {
    let p = parse("# 标题\n\n<li>项目</li>\n\n后续段落。\n\n## 第二节\n\n第二节内容。\n");
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let g = &p.guide;
    let [Block::List { items, .. }, Block::Paragraph { content, .. }] = &g.blocks[..] else {
        panic!("{:?}", g.blocks)
    };
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].blocks.len(), 1, "{items:?}");
    assert_eq!(plain_text(content), "后续段落。");
    assert_eq!(g.sections.len(), 1);
    assert_eq!(plain_text(&g.sections[0].title), "第二节");
}

/// A link written in HTML to an anchor is an internal link as a Markdown one is: to an
/// `<a name>` anchor it leads to that anchor's section, to nothing it is warned about. It
/// stayed `#b-anchor`, dead in HTML and JSON and dropped from the PDF in silence (starship's
/// README; helper-20).
#[test]
fn html_links_to_anchors_are_resolved_as_markdown_ones_are() {
    let p = parse(
        "# A\n\n<p align=\"center\"><a href=\"#b-anchor\">To Bee</a></p>\n\nSee <a href=\"#nowhere\">this</a>.\n\n<a name=\"b-anchor\"></a>\n\n## Bee\n\nText.\n",
    );
    let mut urls = Vec::new();
    p.guide.walk_blocks(&mut |b| {
        if let Block::Paragraph { content, .. } = b {
            for i in content {
                if let Inline::Link { url, .. } = i {
                    urls.push(url.clone());
                }
            }
        }
    });
    assert_eq!(urls, ["#bee", "#nowhere"], "{:?}", p.guide.blocks);
    let dead: Vec<_> = p
        .warnings
        .iter()
        .filter(|w| w.message.contains("points to no heading"))
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    assert_eq!(
        dead,
        [(Some(5), "internal link `#nowhere` points to no heading")],
        "{:?}",
        p.warnings
    );
}

/// HTML that shows nothing (`<a name="x"></a>`) leaves no empty paragraph behind, and the
/// text on the line after it does not start with that line's break (an indent in the text
/// output and the PDF, an empty `<p></p>` in HTML). An indent written to be seen (U+3000,
/// `&nbsp;`) stays.
#[test]
fn an_anchor_alone_leaves_no_empty_paragraph_or_indent() {
    let g = parse("# A\n\n<a name=\"x\"></a>\nText after an anchor.\n\n<a name=\"y\"></a>\n\n\u{3000}\u{3000}缩进的段落。\n\n&nbsp;&nbsp;indented\n\n<p>\u{3000}\u{3000}HTML 段落。 </p>\n\n## Y\n").guide;
    let texts: Vec<String> = g
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { content, .. } => plain_text(content),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        texts,
        [
            "Text after an anchor.",
            "\u{3000}\u{3000}缩进的段落。",
            "\u{a0}\u{a0}indented",
            "\u{3000}\u{3000}HTML 段落。"
        ]
    );
}

/// A warning about a tag inside a multi-line HTML block names the tag's own line and column
/// (in a list item and a quote too), and so does a broken `#` link in it. They all named the
/// block's first line: `<picture>` on line 163 was reported at 159:1.
#[test]
fn warnings_in_an_html_block_point_at_the_tag() {
    let p = parse(
        "# 位置\n\n<table>\n<tr>\n  <td>\n    <video src=\"a.mp4\"></video>\n    \
         <custom-tag>格</custom-tag> <a href=\"#nowhere\">x</a>\n  </td>\n</tr>\n</table>\n\n\
         - 项\n\n  <div>\n    <audio src=x></audio>\n  </div>\n\n> <div>\n>   <marquee>y</marquee>\n> </div>\n",
    );
    let at = |needle: &str| {
        p.warnings
            .iter()
            .find(|w| w.message.contains(needle))
            .map(|w| (w.line, w.column))
    };
    assert_eq!(
        at("`<video>`"),
        Some((Some(6), Some(5))),
        "{:?}",
        p.warnings
    );
    assert_eq!(at("`<custom-tag>`"), Some((Some(7), Some(5))));
    assert_eq!(at("`#nowhere`"), Some((Some(7), Some(32))));
    assert_eq!(at("`<audio>`"), Some((Some(15), Some(5))));
    assert_eq!(at("`<marquee>`"), Some((Some(19), Some(5))));
}
