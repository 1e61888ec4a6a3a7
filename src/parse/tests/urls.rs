//! Bare URLs in CJK text: where they end, and the Markdown after them.

use super::*;

/// The links of a guide's first paragraph, as (text, url).
fn links_of(md: &str) -> Vec<(String, String)> {
    let g = parse(md).guide;
    let Some(Block::Paragraph { content, .. }) = g.blocks.first() else {
        panic!("{:?}", g.blocks)
    };
    content
        .iter()
        .filter_map(|i| match i {
            Inline::Link { url, content, .. } => Some((plain_text(content), url.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn bare_urls_end_at_full_width_punctuation() {
    let md = "访问https://example.com/path，然后点击登录。网址是 www.example.com，以及https://b.example。\n";
    assert_eq!(
        links_of(md),
        [
            ("https://example.com/path", "https://example.com/path"),
            ("www.example.com", "http://www.example.com"),
            ("https://b.example", "https://b.example"),
        ]
        .map(|(t, u)| (t.to_owned(), u.to_owned()))
    );
    // Every character of the sentence is still there, in order.
    let g = parse(md).guide;
    let Some(Block::Paragraph { content, .. }) = g.blocks.first() else {
        panic!()
    };
    assert_eq!(plain_text(content), md.trim_end());
}

/// comrak takes a bare URL up to the next white space while it reads the line's inlines, so
/// the Markdown after `https://…。` was never read: bold, code and links came out as written.
/// The URL now ends at the full-width punctuation and the rest is Markdown again, in
/// paragraphs, quotes, list items and table cells, with code spans kept as written.
#[test]
fn markdown_after_a_bare_url_in_cjk_text_is_read() {
    let md = "访问https://example.com。然后点击**设置**，输入`code`，看[帮助](https://example.com/help)。\n";
    let g = parse(md).guide;
    let Some(Block::Paragraph { content, .. }) = g.blocks.first() else {
        panic!("{:?}", g.blocks)
    };
    assert!(
        matches!(&content[..], [
            Inline::Text { .. },
            Inline::Link { url: a, .. },
            Inline::Text { .. },
            Inline::Strong { .. },
            Inline::Text { .. },
            Inline::Code { code },
            Inline::Text { .. },
            Inline::Link { url: b, .. },
            Inline::Text { .. },
        ] if a == "https://example.com" && code == "code" && b == "https://example.com/help"),
        "{content:?}"
    );
    assert_eq!(
        plain_text(content),
        "访问https://example.com。然后点击设置，输入code，看帮助。"
    );

    // Two on a line, in a quote, a list, a table; a code span keeps its text; no tab is left.
    let md = "# T\n\n> 官网https://a.example，文档https://b.example。**粗**\n\n\
        - 见https://c.example/(x)。后*斜*\n\n\
        | https://d.example，**粗** | `https://e.example。**不**` |\n|---|---|\n";
    let p = parse(md);
    let json = serde_json::to_string(&p.guide).unwrap();
    for url in [
        "https://a.example",
        "https://b.example",
        "https://c.example/(x)",
        "https://d.example",
    ] {
        assert!(
            json.contains(&format!("\"url\":\"{url}\"")),
            "{url}: {json}"
        );
    }
    assert_eq!(json.matches("\"type\":\"strong\"").count(), 2, "{json}");
    assert!(json.contains("\"type\":\"emphasis\""), "{json}");
    assert!(
        json.contains("\"code\":\"https://e.example。**不**\""),
        "{json}"
    );
    assert!(!json.contains("\\t"), "{json}");
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

/// More URLs run on in one line than the parser goes back for, or the author's own tab stands
/// where one would go: the rest is shown as written (nothing lost), and a warning says where.
#[test]
fn a_bare_url_that_still_runs_on_is_warned_about() {
    let line: String = (0..12)
        .map(|i| format!("见https://u{i}.example。**粗**"))
        .collect();
    let p = parse(&format!("# T\n\n{line}\n"));
    let said: Vec<_> = p
        .warnings
        .iter()
        .filter(|w| w.message.contains("runs on"))
        .map(|w| (w.line, w.column))
        .collect();
    // The ninth URL's `。`: 8 URLs were ended, so it is in the original text.
    let ninth = line.match_indices('。').nth(8).unwrap().0;
    let col = line[..ninth].chars().count() + 1;
    assert_eq!(said, [(Some(3), Some(col))]);
    let json = serde_json::to_string(&p.guide).unwrap();
    assert_eq!(json.matches("\"type\":\"strong\"").count(), 8, "{json}");
    // Every character is still there.
    let Some(Block::Paragraph { content, .. }) = p.guide.blocks.first() else {
        panic!()
    };
    let shown = plain_text(content);
    assert_eq!(shown.chars().filter(|&c| c == '粗').count(), 12, "{shown}");

    let p = parse("访问https://a.example\t。**粗**，再https://b.example。**粗**\n");
    assert_eq!(
        p.warnings
            .iter()
            .filter(|w| w.message.contains("runs on"))
            .count(),
        1,
        "{:?}",
        p.warnings
    );
    let Some(Block::Paragraph { content, .. }) = p.guide.blocks.first() else {
        panic!()
    };
    assert!(
        plain_text(content).contains("https://a.example\t。"),
        "{content:?}"
    );
}

#[test]
fn written_out_links_keep_their_address_whole() {
    // `<url>` and `[text](url)` say where the address ends: they are left alone.
    let md = "见<https://a.example/x，y>和[https://b.example/路，径](https://b.example/路，径)。\n";
    assert_eq!(
        links_of(md),
        [
            ("https://a.example/x，y", "https://a.example/x，y"),
            ("https://b.example/路，径", "https://b.example/路，径"),
        ]
        .map(|(t, u)| (t.to_owned(), u.to_owned()))
    );
}

#[test]
fn a_footnote_reference_without_definition_is_warned_about() {
    let p = parse(
        "正文[^a]。未定义[^zz]。\n\n`[^code]` 和 [^ 空格] 和 \\[^escaped] 不算。\n\n[^a]: 注。\n",
    );
    let said: Vec<(usize, usize, &str)> = p
        .warnings
        .iter()
        .map(|w| (w.line.unwrap(), w.column.unwrap(), w.message.as_str()))
        .collect();
    assert_eq!(
        said,
        [(
            1,
            11,
            "footnote reference `[^zz]` has no definition: shown as written"
        )]
    );
    // The reference stays in the text as written.
    let Some(Block::Paragraph { content, .. }) = p.guide.blocks.first() else {
        panic!("{:?}", p.guide.blocks)
    };
    assert!(plain_text(content).contains("未定义[^zz]。"));
}

#[test]
fn a_link_whose_host_cannot_be_valid_keeps_only_its_text() {
    let p = parse("看[这里](<http://a b/>)和[那里](https://ok.example/)。\n");
    let Some(Block::Paragraph { content, .. }) = p.guide.blocks.first() else {
        panic!("{:?}", p.guide.blocks)
    };
    assert_eq!(plain_text(content), "看这里和那里。");
    let links: Vec<&str> = content
        .iter()
        .filter_map(|i| match i {
            Inline::Link { url, .. } => Some(url.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(links, ["https://ok.example/"]);
    assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
    assert!(
        p.warnings[0]
            .message
            .contains("`http://a b/`: not a valid address"),
        "{}",
        p.warnings[0].message
    );
}
