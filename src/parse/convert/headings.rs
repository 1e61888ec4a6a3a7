//! Headings' content, with a pandoc attribute block (`## 安装 {#install}`) taken off and the
//! id it names returned.

use comrak::nodes::{AstNode, NodeValue};

use super::{Ctx, inlines};
use crate::diagnostic::Diagnostic;
use crate::model::Inline;
use crate::parse::heading_attrs;

/// A heading's content without its attribute block (`## 安装 {#install}`, see
/// [`heading_attrs`]), and the id that block names. Attributes with no meaning here are a
/// note.
pub(super) fn heading<'a>(
    node: &'a AstNode<'a>,
    ctx: &mut Ctx<'_, '_>,
    depth: usize,
) -> (Vec<Inline>, Option<String>) {
    let mut content = inlines(node, ctx, depth);
    let (setext, end_line) = {
        let d = node.data();
        let setext = matches!(&d.value, NodeValue::Heading(h) if h.setext);
        (setext, d.sourcepos.end.line)
    };
    // An ATX heading is one line; a setext heading's text ends on the line above its rule.
    let last_line = if setext { end_line - 1 } else { end_line };
    let raw = ctx.line_text(last_line);
    let Some(attrs) = heading_attrs::split_off(&mut content, raw) else {
        return (content, None);
    };
    if !attrs.ignored.is_empty() {
        ctx.structure_notes.push(
            Diagnostic::note(
                &ctx.origin.file,
                last_line,
                1,
                format!(
                    "heading attributes {} have no effect: guidepress uses only a heading's `#id`",
                    attrs
                        .ignored
                        .iter()
                        .map(|a| format!("`{a}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .with_hint("remove them, or keep them for another tool that reads them"),
        );
    }
    (content, attrs.id)
}
