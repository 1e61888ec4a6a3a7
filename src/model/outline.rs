//! A short text outline of a guide's structure: what `guidepress check` prints, so an author
//! sees which lists were read as steps or key points and which sections as questions.

use super::{Block, Guide, Section, plain_text};

impl Guide {
    /// The outline: the title, then one line per section (indented by depth) followed by the
    /// structures found in it, with their source lines and sizes:
    ///
    /// ```text
    /// 如何解绑数字钱包与支付宝的详细步骤
    ///   § 解绑数字钱包与支付宝的步骤
    ///       steps: 6 (line 20)
    /// ```
    pub fn outline(&self) -> String {
        let mut out = String::new();
        out.push_str(&one_line(&self.meta.title));
        out.push('\n');
        structures(&self.blocks, 1, &mut out);
        for s in &self.sections {
            section(s, 1, &mut out);
        }
        out
    }
}

/// `text` on one line: a title or question written over several lines (a hard break in a
/// heading, a quiz question's choices) would otherwise break the outline's indentation.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn section(s: &Section, depth: usize, out: &mut String) {
    out.push_str(&"  ".repeat(depth));
    out.push_str("§ ");
    out.push_str(&one_line(&plain_text(&s.title)));
    out.push('\n');
    structures(&s.blocks, depth + 2, out);
    for sub in &s.sections {
        section(sub, depth + 1, out);
    }
}

/// Lines for the steps, key points, Q&A, lists and collapsible blocks among `blocks` (and
/// nested in them), at `indent` levels.
fn structures(blocks: &[Block], indent: usize, out: &mut String) {
    for b in blocks {
        let line = b
            .span()
            .map(|s| format!(" (line {})", s.start_line))
            .unwrap_or_default();
        let pad = "  ".repeat(indent);
        match b {
            Block::Steps { steps, .. } => {
                out.push_str(&format!("{pad}steps: {}{line}\n", steps.len()));
                for s in steps {
                    structures(&s.body, indent + 1, out);
                }
            }
            Block::KeyPoints { points, .. } => {
                out.push_str(&format!("{pad}key points: {}{line}\n", points.len()));
                for p in points {
                    structures(&p.body, indent + 1, out);
                }
            }
            Block::QuestionAnswers { entries, .. } => {
                out.push_str(&format!("{pad}questions: {}{line}\n", entries.len()));
                for e in entries {
                    out.push_str(&format!(
                        "{pad}  ? {}\n",
                        one_line(&plain_text(&e.question))
                    ));
                    structures(&e.answer, indent + 2, out);
                }
            }
            Block::List { ordered, items, .. } => {
                let kind = if *ordered { "numbered list" } else { "list" };
                out.push_str(&format!("{pad}{kind}: {} items{line}\n", items.len()));
            }
            Block::Details { blocks, .. } => {
                out.push_str(&format!("{pad}details{line}\n"));
                structures(blocks, indent + 1, out);
            }
            Block::Quote { blocks, .. } | Block::Alert { blocks, .. } => {
                structures(blocks, indent, out)
            }
            _ => {}
        }
    }
}
