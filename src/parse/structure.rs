//! Flat headings and blocks → nested sections, title and Q&A (the rules are documented in
//! [`super`]).

use std::collections::HashSet;

use super::recognise::{Directive, QaRule};
use super::slug::Slugger;
use crate::diagnostic::Diagnostic;
use crate::model::{
    Block, Footnote, Guide, Inline, Meta, QuestionAnswer, Section, Span, plain_text,
};

/// A top-level heading, before sections are built.
pub(crate) struct FlatHeading {
    pub level: u8,
    pub content: Vec<Inline>,
    /// The id the author gave it (`## 安装 {#install}`), unique among those given.
    pub id: Option<String>,
    pub span: Span,
    /// A directive comment right before the heading (`<!-- guidepress: qa -->`).
    pub directive: Option<Directive>,
}

/// One top-level item of the document in source order.
pub(crate) enum Flat {
    Heading(FlatHeading),
    Block(Block),
}

/// Builds the guide from the document's top-level items. With it, the ids a link may name
/// the heading taken as the title by: the one its author gave it (`# 指南 {#top}`), its slug
/// and the id GitHub gives it. Links to them lead to the top of the guide.
pub(crate) fn build(
    mut meta: Meta,
    mut flat: Vec<Flat>,
    footnotes: Vec<Footnote>,
    qa: &mut QaRule<'_>,
) -> (Guide, Vec<String>) {
    // Title: front matter, else a level-1 heading that comes first, before any other block.
    // A leading H1 that repeats the front-matter title is the title too. Any other H1 is a
    // section where it stands: nothing written before it moves behind it.
    let leading = matches!(flat.first(), Some(Flat::Heading(h)) if h.level == 1
        && !plain_text(&h.content).trim().is_empty()
        && (meta.title.trim().is_empty()
            || plain_text(&h.content).trim() == meta.title.trim()));
    let mut title_directive = None;
    let mut title_ids = Vec::new();
    if leading {
        let Flat::Heading(h) = flat.remove(0) else {
            unreachable!("checked to be a heading")
        };
        title_directive = h.directive;
        let text = plain_text(&h.content);
        let github = super::slug::github_slug(&text);
        if !github.is_empty() {
            title_ids.push(super::slug::slugify(&text));
            title_ids.push(github);
        }
        title_ids.extend(h.id);
        if meta.title.trim().is_empty() {
            meta.title = plain_text(&h.content).trim().to_owned();
        }
        // Keep the formatting (emphasis, code, links) where formats can show it.
        if !matches!(h.content.as_slice(), [Inline::Text { .. }]) {
            meta.title_content = h.content;
        }
    }

    // Ids the author gave are theirs: a heading whose text makes the same slug gets another.
    let given = flat.iter().filter_map(|item| match item {
        Flat::Heading(h) => h.id.clone(),
        Flat::Block(_) => None,
    });
    let mut slugger = Slugger::taking(given);
    let mut claimed = HashSet::new();
    let mut guide = Guide {
        meta,
        footnotes,
        ..Guide::default()
    };
    // Stack of open sections; each is attached to its parent when it closes.
    let mut stack: Vec<(Section, Option<Directive>)> = Vec::new();
    for item in flat {
        match item {
            Flat::Heading(h) => {
                while stack.last().is_some_and(|(s, _)| s.level >= h.level) {
                    close(&mut stack, &mut guide.sections, qa);
                }
                stack.push((
                    Section {
                        id: match h.id {
                            Some(id) if claimed.insert(id.clone()) => id,
                            given => {
                                if let Some(id) = given {
                                    qa.warnings.push(
                                        Diagnostic::warning(
                                            qa.file,
                                            h.span.start_line as usize,
                                            1,
                                            format!("heading id `#{id}` is given twice: links to it lead to the first heading, this one gets an id of its own"),
                                        )
                                        .with_hint("give each heading its own id"),
                                    );
                                }
                                slugger.unique(&plain_text(&h.content))
                            }
                        },
                        level: h.level,
                        title: h.content,
                        span: Some(h.span),
                        blocks: Vec::new(),
                        sections: Vec::new(),
                        source: None,
                    },
                    h.directive,
                ));
            }
            Flat::Block(b) => match stack.last_mut() {
                Some((s, _)) => s.blocks.push(b),
                None => guide.blocks.push(b),
            },
        }
    }
    while !stack.is_empty() {
        close(&mut stack, &mut guide.sections, qa);
    }
    whole_guide_qa(&mut guide, title_directive, qa);
    (guide, title_ids)
}

/// Closes the innermost open section: finishes its span, applies the Q&A rule, and attaches it
/// to its parent (or the top level).
fn close(
    stack: &mut Vec<(Section, Option<Directive>)>,
    top: &mut Vec<Section>,
    qa: &mut QaRule<'_>,
) {
    let Some((mut section, directive)) = stack.pop() else {
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
    if qa.is_qa(&section, directive) {
        make_qa(&mut section);
    }
    match stack.last_mut() {
        Some((parent, _)) => parent.sections.push(section),
        None => top.push(section),
    }
}

/// Applies the Q&A rule to the guide itself, its title as the heading: `# 常见问题` over
/// question headings is questions and answers, as the same file is as a book's chapter. The
/// entries follow the guide's opening blocks. It takes two sections or more. Near misses are
/// noted only under a title that names questions (`SQL 操作常见问题`): nearly every guide has
/// a question heading or two among its sections, but a FAQ that is not read as one must say
/// why (one question with subsections of its own, in pingcap's SQL FAQ).
fn whole_guide_qa(guide: &mut Guide, directive: Option<Directive>, qa: &mut QaRule<'_>) {
    // One question heading is a guide about one question, not a FAQ.
    if guide.sections.len() < 2 && directive != Some(Directive::Qa) {
        return;
    }
    let mut whole = Section {
        id: String::new(),
        level: 1,
        title: vec![Inline::Text {
            text: guide.meta.title.clone(),
        }],
        span: None,
        blocks: Vec::new(),
        sections: std::mem::take(&mut guide.sections),
        source: None,
    };
    let mut unreported = Vec::new();
    let mut rule = QaRule {
        auto: qa.auto,
        file: qa.file,
        warnings: &mut *qa.warnings,
        notes: &mut unreported,
    };
    if rule.is_qa(&whole, directive) {
        make_qa(&mut whole);
        guide.blocks.append(&mut whole.blocks);
    } else {
        guide.sections = whole.sections;
        if super::recognise::names_questions(&guide.meta.title) {
            for mut n in unreported {
                // At line 1: the title keeps no line of its own here.
                n.message = n.message.replacen("section `", "the guide `", 1);
                qa.notes.push(n);
            }
        }
    }
}

/// Applies the Q&A rule to a section made outside the parser (a book's chapter, whose title
/// was the chapter's H1): its subsections become questions when the rule says so.
pub(crate) fn chapter_qa(section: &mut Section, qa: &mut QaRule<'_>) {
    if qa.is_qa(section, None) {
        make_qa(section);
    }
}

/// Replaces the subsections of a Q&A section by one [`Block::QuestionAnswers`].
fn make_qa(section: &mut Section) {
    let subsections = std::mem::take(&mut section.sections);
    let span = Span::covering(
        subsections.first().and_then(|s| s.span),
        subsections.last().and_then(|s| s.span),
    );
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
