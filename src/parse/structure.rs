//! Flat headings and blocks → nested sections, title and Q&A (the rules are documented in
//! [`super`]).

use std::collections::HashSet;

use super::slug::Slugger;
use crate::model::{
    Block, Footnote, Guide, Inline, Meta, QuestionAnswer, Section, Span, plain_text,
};

/// A top-level heading, before sections are built.
pub(crate) struct FlatHeading {
    pub level: u8,
    pub content: Vec<Inline>,
    pub span: Span,
}

/// One top-level item of the document in source order.
pub(crate) enum Flat {
    Heading(FlatHeading),
    Block(Block),
}

/// Builds the guide from the document's top-level items.
pub(crate) fn build(mut meta: Meta, mut flat: Vec<Flat>, footnotes: Vec<Footnote>) -> Guide {
    // Title: front matter, else the first H1. The first H1 that repeats the title is the title.
    let title_heading = flat.iter().position(|f| match f {
        Flat::Heading(h) if h.level == 1 => {
            meta.title.trim().is_empty() || plain_text(&h.content).trim() == meta.title.trim()
        }
        _ => false,
    });
    if let Some(i) = title_heading {
        let Flat::Heading(h) = flat.remove(i) else {
            unreachable!("position matched a heading")
        };
        if meta.title.trim().is_empty() {
            meta.title = plain_text(&h.content).trim().to_owned();
        }
    }

    let mut slugger = Slugger::default();
    let mut guide = Guide {
        meta,
        footnotes,
        ..Guide::default()
    };
    // Stack of open sections; each is attached to its parent when it closes.
    let mut stack: Vec<Section> = Vec::new();
    for item in flat {
        match item {
            Flat::Heading(h) => {
                while stack.last().is_some_and(|s| s.level >= h.level) {
                    close(&mut stack, &mut guide.sections);
                }
                stack.push(Section {
                    id: slugger.unique(&plain_text(&h.content)),
                    level: h.level,
                    title: h.content,
                    span: Some(h.span),
                    blocks: Vec::new(),
                    sections: Vec::new(),
                });
            }
            Flat::Block(b) => match stack.last_mut() {
                Some(s) => s.blocks.push(b),
                None => guide.blocks.push(b),
            },
        }
    }
    while !stack.is_empty() {
        close(&mut stack, &mut guide.sections);
    }
    guide
}

/// Closes the innermost open section: finishes its span, applies the Q&A rule, and attaches it
/// to its parent (or the top level).
fn close(stack: &mut Vec<Section>, top: &mut Vec<Section>) {
    let Some(mut section) = stack.pop() else {
        return;
    };
    let end = section
        .blocks
        .iter()
        .filter_map(Block::span)
        .chain(section.sections.iter().filter_map(|s| s.span))
        .map(|s| s.end_line)
        .max();
    if let (Some(span), Some(end)) = (section.span.as_mut(), end) {
        span.end_line = span.end_line.max(end);
    }
    apply_qa_rule(&mut section);
    match stack.last_mut() {
        Some(parent) => parent.sections.push(section),
        None => top.push(section),
    }
}

/// Whether heading text is a question: it ends in `？` or `?`.
pub(crate) fn is_question(content: &[Inline]) -> bool {
    let text = plain_text(content);
    let text = text.trim_end();
    text.ends_with('？') || text.ends_with('?')
}

fn apply_qa_rule(section: &mut Section) {
    if section.sections.is_empty()
        || !section
            .sections
            .iter()
            .all(|s| s.sections.is_empty() && is_question(&s.title))
    {
        return;
    }
    let subsections = std::mem::take(&mut section.sections);
    let span = match (
        subsections.first().and_then(|s| s.span),
        subsections.last().and_then(|s| s.span),
    ) {
        (Some(a), Some(b)) => Some(Span {
            start_line: a.start_line,
            end_line: b.end_line,
        }),
        _ => None,
    };
    let entries = subsections
        .into_iter()
        .map(|s| QuestionAnswer {
            id: s.id,
            span: s.span,
            question: s.title,
            answer: s.blocks,
        })
        .collect();
    section
        .blocks
        .push(Block::QuestionAnswers { span, entries });
}

/// Every id a `#fragment` link may point to: section ids and question ids.
pub(crate) fn all_ids(guide: &Guide) -> HashSet<&str> {
    let mut ids = Vec::new();
    for s in &guide.sections {
        s.collect_ids(&mut ids);
    }
    ids.into_iter().collect()
}
