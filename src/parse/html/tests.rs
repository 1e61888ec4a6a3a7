//! Unit tests of the raw-HTML reader: inline tags and block containers.

use super::*;

fn inline(html_parts: &[&str]) -> (Vec<Inline>, Vec<(String, Dropped)>) {
    let mut b = InlineBuilder::default();
    let mut warned = Vec::new();
    let mut warn = |t: &str, d: Dropped| warned.push((t.to_owned(), d));
    for part in html_parts {
        if let Some(text) = part.strip_prefix('=') {
            b.push(Inline::Text { text: text.into() });
        } else {
            for tok in tokens(part) {
                b.token(tok, &mut warn);
            }
        }
    }
    let out = b.finish(&mut warn);
    (out, warned)
}

fn text(t: &str) -> Inline {
    Inline::Text { text: t.into() }
}

#[test]
fn pairs_tags_across_inlines() {
    let (out, warned) = inline(&["<kbd>", "=Ctrl", "</kbd>", "=+", "<KBD>", "=C", "</kbd>"]);
    assert_eq!(
        out,
        [
            Inline::Keyboard {
                content: vec![text("Ctrl")]
            },
            text("+"),
            Inline::Keyboard {
                content: vec![text("C")]
            }
        ]
    );
    assert!(warned.is_empty());
    let (out, _) = inline(&["=H", "<sub>", "=2", "</sub>", "=O"]);
    assert_eq!(
        out,
        [
            text("H"),
            Inline::Subscript {
                content: vec![text("2")]
            },
            text("O")
        ]
    );
}

#[test]
fn abbreviations_keep_their_title_and_entities_decode() {
    let (out, _) = inline(&[
        r#"<abbr title="HyperText &amp; Markup">"#,
        "=HTML",
        "</abbr>",
    ]);
    assert_eq!(
        out,
        [Inline::Abbreviation {
            title: Some("HyperText & Markup".into()),
            content: vec![text("HTML")]
        }]
    );
}

#[test]
fn script_is_removed_with_its_content() {
    let (out, warned) = inline(&["=a", "<script>", "=alert(1)", "</script>", "=b"]);
    assert_eq!(out, [text("ab")]);
    assert_eq!(warned, [("script".to_owned(), Dropped::WithContent)]);
    let (out, _) = inline(&["<script>alert('<b>x</b>')</script>", "=after"]);
    assert_eq!(out, [text("after")]);
}

#[test]
fn unknown_tags_keep_their_text() {
    let (out, warned) = inline(&["<span style=\"color:red\">", "=red", "</span>"]);
    assert_eq!(out, [text("red")]);
    assert_eq!(warned[0], ("span".to_owned(), Dropped::TagOnly));
}

#[test]
fn active_links_lose_the_link_not_the_text() {
    let (out, warned) = inline(&["<a href=\" JavaScript:alert(1)\">", "=click", "</a>"]);
    assert_eq!(out, [text("click")]);
    assert_eq!(warned, [("a".to_owned(), Dropped::ActiveLink)]);
    let (out, _) = inline(&[
        "<a href=\"https://x.example/\" onclick=\"evil()\">",
        "=x",
        "</a>",
    ]);
    assert_eq!(
        out,
        [Inline::Link {
            url: "https://x.example/".into(),
            title: None,
            content: vec![text("x")]
        }]
    );
}

#[test]
fn unclosed_elements_keep_their_content() {
    let (out, warned) = inline(&["<sup>", "=2"]);
    assert_eq!(out, [text("2")]);
    assert_eq!(warned, [("sup".to_owned(), Dropped::TagOnly)]);
}

#[test]
fn details_spans_markdown_blocks() {
    let mut b = BlockBuilder::new();
    let mut warn = |_: &str, _: Dropped| {};
    b.html(
        "<details>\n<summary>More <b>info</b></summary>\n",
        None,
        &mut warn,
    );
    assert!(b.is_open());
    b.push(Block::Paragraph {
        span: None,
        content: vec![text("hidden")],
    });
    b.html("</details>\n", None, &mut warn);
    let blocks = b.finish(&mut |_, _| {});
    assert_eq!(
        blocks,
        [Block::Details {
            span: None,
            open: false,
            summary: vec![
                text("More "),
                Inline::Strong {
                    content: vec![text("info")]
                }
            ],
            blocks: vec![Block::Paragraph {
                span: None,
                content: vec![text("hidden")]
            }]
        }]
    );
}

#[test]
fn html_blocks_become_paragraphs_lists_and_code() {
    let mut b = BlockBuilder::new();
    let mut warn = |_: &str, _: Dropped| {};
    b.html(
        "<div><p>One <kbd>A</kbd></p><ul><li>x<li>y</ul><pre>a &lt; b\n</pre><hr></div>",
        None,
        &mut warn,
    );
    let blocks = b.finish(&mut |_, _| {});
    assert_eq!(blocks.len(), 4, "{blocks:?}");
    assert!(matches!(&blocks[1], Block::List { items, .. } if items.len() == 2));
    assert!(matches!(&blocks[2], Block::Code { code, .. } if code == "a < b\n"));
    assert!(matches!(&blocks[3], Block::ThematicBreak { .. }));
}
