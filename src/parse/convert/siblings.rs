//! Runs of sibling blocks: HTML containers paired around the Markdown blocks between them,
//! directive comments given to the block after them ([`Siblings`]), and which containers a
//! later HTML block closes ([`LaterClosers`]).

use super::*;

/// Converts sibling block nodes, pairing HTML containers (`<details>` … `</details>`) around
/// the Markdown blocks between them and applying directive comments to the block after them.
pub(super) struct Siblings {
    pub(super) builder: BlockBuilder,
    /// A directive waiting for its block, with the comment's line.
    pub(super) directive: Option<(Directive, usize)>,
}

impl Siblings {
    pub(super) fn new() -> Self {
        Siblings {
            builder: BlockBuilder::new(),
            directive: None,
        }
    }

    /// Takes one block node (headings at the top level are the caller's).
    pub(super) fn node<'a>(&mut self, node: &'a AstNode<'a>, ctx: &mut Ctx<'_, '_>, depth: usize) {
        let (line, col) = {
            let d = node.data();
            (d.sourcepos.start.line, d.sourcepos.start.column)
        };
        if let NodeValue::HtmlBlock(h) = &node.data().value {
            if let Some(d) = recognise::directive(&h.literal) {
                self.directive_comment(d, line, col, ctx);
                return;
            }
            let span = Some(span_of(node));
            let literal = h.literal.clone();
            // Warnings point at the tag itself, not at the block's first line: a `<video>`
            // deep in a README's `<div align="center">` was reported where the div opens.
            let at = |tag: &str, from: &mut usize| {
                tag_position(&literal, tag, from).map_or((line, col), |(l, c)| (line + l, c + col))
            };
            if literal.contains("href") {
                let mut from = 0;
                for tok in html::tokens(&literal) {
                    let (l, c) = match &tok {
                        html::Tok::Open { name, .. } if name == "a" => at("a", &mut from),
                        _ => (line, col),
                    };
                    ctx.html_link(&tok, l, c);
                }
            }
            let mut from = 0;
            self.builder.html(&literal, span, &mut |tag, why| {
                let (l, c) = at(tag, &mut from);
                ctx.warn_tag(tag, why, l, c)
            });
            return;
        }
        if let Some(b) = block(node, ctx, depth) {
            self.take_directive(&b, ctx);
            self.builder.push(b);
        }
    }

    fn directive_comment(
        &mut self,
        d: Result<Directive, String>,
        line: usize,
        col: usize,
        ctx: &mut Ctx<'_, '_>,
    ) {
        self.unused_directive(ctx);
        match d {
            Ok(d) => self.directive = Some((d, line)),
            Err(word) => ctx.warn(
                line,
                col,
                format!("unknown directive `guidepress: {word}`: ignored"),
                "known directives: steps, key-points, list (before a list); qa, no-qa (before a heading)",
            ),
        }
    }

    /// Gives a pending directive to the block that follows it.
    fn take_directive(&mut self, b: &Block, ctx: &mut Ctx<'_, '_>) {
        if let Some((d, _)) = self.directive {
            if let Block::List { span: Some(sp), .. } = b {
                ctx.list_directives.insert(sp.start_line, d);
                self.directive = None;
            } else {
                self.unused_directive(ctx);
            }
        }
    }

    fn unused_directive(&mut self, ctx: &mut Ctx<'_, '_>) {
        if let Some((d, line)) = self.directive.take() {
            ctx.warn(
                line,
                1,
                format!(
                    "directive `guidepress: {}` is not followed by a list or a heading: ignored",
                    d.name()
                ),
                "put the directive comment on the line right before the list or heading",
            );
        }
    }

    pub(super) fn finish(mut self, ctx: &mut Ctx<'_, '_>) -> Vec<Block> {
        self.unused_directive(ctx);
        // One warning per kind of element, at the last HTML block of the part.
        let mut unclosed: Vec<(String, usize)> = Vec::new();
        let blocks = self.builder.finish(&mut |tag, line| {
            if !unclosed.iter().any(|(t, _)| t == tag) {
                unclosed.push((tag.to_owned(), line));
            }
        });
        for (tag, line) in unclosed {
            ctx.warn(
                line,
                1,
                format!("HTML `<{tag}>` is never closed: it ends at the end of its part"),
                "close every HTML element you open",
            );
        }
        blocks
    }
}

/// Which closing tags the top-level HTML blocks after a given one hold: worked out once, the
/// first time a heading meets an open HTML container, so that many headings cost one pass.
#[derive(Default)]
pub(super) struct LaterClosers {
    /// For each top-level node, the closing tags in it and in every node after it.
    after: Option<Vec<std::collections::HashSet<String>>>,
}

impl LaterClosers {
    /// Whether `</tag>` is written in a top-level HTML block after node `i`.
    pub(super) fn after<'a>(&mut self, root: &'a AstNode<'a>, i: usize, tag: &str) -> bool {
        let after = self.after.get_or_insert_with(|| {
            let nodes: Vec<_> = root.children().collect();
            let mut sets = vec![std::collections::HashSet::new(); nodes.len() + 1];
            for (k, node) in nodes.iter().enumerate().rev() {
                let mut set = sets[k + 1].clone();
                if let NodeValue::HtmlBlock(h) = &node.data().value {
                    set.extend(
                        html::tokens(&h.literal)
                            .into_iter()
                            .filter_map(|t| match t {
                                html::Tok::Close(name) => Some(name),
                                _ => None,
                            }),
                    );
                }
                sets[k] = set;
            }
            sets
        });
        after.get(i + 1).is_some_and(|set| set.contains(tag))
    }
}

/// Where the next tag named `name` (`<name` or `</name`, in any case) starts in `html` at or
/// after byte `from`: its line (0 for the first) and the bytes before it on that line (a
/// column as comrak counts it; diagnostics turn it into characters).
/// `from` moves past it, so tags of one name are found in order. `None` if there is none
/// (the caller then names the block's start).
fn tag_position(html: &str, name: &str, from: &mut usize) -> Option<(usize, usize)> {
    let bytes = html.as_bytes();
    let mut at = *from;
    while let Some(k) = html.get(at..)?.find('<') {
        let start = at + k;
        let mut p = start + 1;
        if bytes.get(p) == Some(&b'/') {
            p += 1;
        }
        let end = p + name.len();
        let named = html
            .get(p..end)
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
            && !bytes
                .get(end)
                .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':'));
        if named {
            *from = end;
            let before = &html[..start];
            let line = before.matches('\n').count();
            let line_start = before.rfind('\n').map_or(0, |n| n + 1);
            return Some((line, start - line_start));
        }
        at = start + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::tag_position;

    #[test]
    fn tags_are_found_in_order_on_their_lines() {
        let html =
            "<div>\n  <p>文字\n    <VIDEO src=x></video>\n    <video-js></video-js><video>\n</div>";
        let mut from = 0;
        assert_eq!(tag_position(html, "video", &mut from), Some((2, 4)));
        // The close tag of the same element is next, then `<video>` after `<video-js>`.
        assert_eq!(tag_position(html, "video", &mut from), Some((2, 17)));
        assert_eq!(tag_position(html, "video", &mut from), Some((3, 25)));
        assert_eq!(tag_position(html, "video", &mut from), None);
        // Bytes, not characters: `文字` is six.
        let mut from = 0;
        assert_eq!(
            tag_position("文字<video>", "video", &mut from),
            Some((0, 6))
        );
        let mut from = 0;
        assert_eq!(tag_position(html, "p", &mut from), Some((1, 2)));
    }
}
