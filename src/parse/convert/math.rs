//! Math (`$…$`, `$$…$$`, read by comrak's `math_dollars`) kept as its TeX source: inline math
//! as code with its dollars, a paragraph of display math as a `math` code block.

use comrak::nodes::{AstNode, NodeMath, NodeValue};

use super::Ctx;

impl Ctx<'_, '_> {
    /// Warns, once, that math is kept as TeX source.
    pub(super) fn warn_math(&mut self, line: usize, col: usize) {
        if !std::mem::replace(&mut self.warned_math, true) {
            self.warn(
                line,
                col,
                "math is shown as its TeX source, in code type: guidepress does not typeset formulas (further math is not reported)",
                "for typeset formulas, include them as images (PNG) with the TeX as their alt text",
            );
        }
    }
}

/// Math as written, with its dollars (`$x^2$`, `$$…$$`): what a reader of the source sees.
pub(super) fn math_source(m: &NodeMath) -> String {
    let fence = if m.display_math { "$$" } else { "$" };
    format!("{fence}{}{fence}", m.literal)
}

/// The TeX of a paragraph that is nothing but display math (`$$` on lines of its own, as
/// formulas are set apart): a block of its own, its lines kept.
pub(super) fn display_math<'a>(paragraph: &'a AstNode<'a>) -> Option<String> {
    let mut tex = None;
    for child in paragraph.children() {
        match &child.data().value {
            NodeValue::Math(m) if m.display_math && tex.is_none() => tex = Some(m.literal.clone()),
            NodeValue::SoftBreak | NodeValue::LineBreak => {}
            NodeValue::Text(t) if t.trim().is_empty() => {}
            _ => return None,
        }
    }
    tex
}
