//! Structure recognition: which lists are steps or key points, which sections are questions and
//! answers (the rules are documented in [`super`]), and the directives that override them.

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::model::{Block, Guide, Inline, KeyPoint, ListItem, Section, Step, plain_text};

/// An explicit instruction in an HTML comment: `<!-- guidepress: steps -->`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Directive {
    /// The next list is a procedure.
    Steps,
    /// The next list is key points.
    KeyPoints,
    /// The next list is an ordinary list.
    List,
    /// The next section is questions and answers.
    Qa,
    /// The next section is not questions and answers.
    NoQa,
}

impl Directive {
    /// The directive's word, as the documentation writes it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Directive::Steps => "steps",
            Directive::KeyPoints => "key-points",
            Directive::List => "list",
            Directive::Qa => "qa",
            Directive::NoQa => "no-qa",
        }
    }
}

/// Reads a directive comment. `None` when the HTML is not a `guidepress:` comment; an error
/// message when it is one with an unknown word.
pub(crate) fn directive(html: &str) -> Option<Result<Directive, String>> {
    let inner = html
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim();
    // `GUIDEPRESS: STEPS` is the same directive: the word is ours, not HTML's.
    const PREFIX: &str = "guidepress:";
    let word = inner
        .get(..PREFIX.len())
        .filter(|p| p.eq_ignore_ascii_case(PREFIX))
        .map(|_| &inner[PREFIX.len()..])?
        .trim()
        .to_ascii_lowercase();
    Some(match word.as_str() {
        "steps" | "procedure" => Ok(Directive::Steps),
        "key-points" | "keypoints" | "points" => Ok(Directive::KeyPoints),
        "list" | "no-steps" => Ok(Directive::List),
        "qa" | "q&a" | "faq" | "questions" => Ok(Directive::Qa),
        "no-qa" | "sections" => Ok(Directive::NoQa),
        _ => Err(word),
    })
}

/// Words that make a heading introduce a procedure wherever they stand in it. CJK words match
/// anywhere; Latin ones as whole words, ignoring case.
const PROCEDURE_HEADING_CJK: &[&str] = &[
    "步骤", "步驟", "手順", "如何", "怎么", "怎样", "教程", "절차", "단계",
];
const PROCEDURE_HEADING_LATIN: &[&str] = &[
    "step",
    "steps",
    "how to",
    "how-to",
    "procedure",
    "procedures",
    "instructions",
    "walkthrough",
    "tutorial",
    "getting started",
];
/// CJK words that introduce a procedure only where they end the heading, or before a word
/// for instructions (`安装方法`, `操作指南`): inside a longer word or phrase they name
/// something else (`操作系统要求` is about the operating system, `下载方法对比` compares).
const PROCEDURE_HEADING_CJK_AT_END: &[&str] =
    &["操作", "方法", "流程", "安装", "安裝", "방법", "설치"];
/// What may follow an [`PROCEDURE_HEADING_CJK_AT_END`] word.
const CJK_INSTRUCTIONS: &[&str] = &["指南", "说明", "說明", "流程", "如下"];
/// Latin verbs that introduce a procedure when they open the heading (`Install Docker`,
/// `Setting up the router`), and nouns when they end it or come before `guide`
/// (`Docker installation`, `Setup guide`): `Installation packages` is about packages.
const PROCEDURE_HEADING_VERBS: &[&str] = &[
    "install",
    "installing",
    "set up",
    "setting up",
    "configure",
    "configuring",
];
const PROCEDURE_HEADING_NOUNS: &[&str] = &["installation", "setup", "set-up"];

/// Whether a heading (or the guide's title) introduces a procedure.
fn introduces_procedure(heading: &str) -> bool {
    if names(heading, PROCEDURE_HEADING_CJK, PROCEDURE_HEADING_LATIN) {
        return true;
    }
    let text = heading.trim().trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | '：' | '.' | '。' | '!' | '！')
    });
    let cjk = PROCEDURE_HEADING_CJK_AT_END.iter().any(|w| {
        text.match_indices(w).any(|(i, _)| {
            let after = &text[i + w.len()..];
            after.is_empty() || CJK_INSTRUCTIONS.iter().any(|n| after.starts_with(n))
        })
    });
    if cjk {
        return true;
    }
    let lower = text.to_lowercase();
    let word_ends = |rest: &str| !rest.chars().next().is_some_and(char::is_alphanumeric);
    let verb = PROCEDURE_HEADING_VERBS
        .iter()
        .any(|w| lower.strip_prefix(w).is_some_and(word_ends));
    let noun = PROCEDURE_HEADING_NOUNS.iter().any(|w| {
        let before = |i: usize| {
            !lower[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        };
        lower.match_indices(w).any(|(i, _)| {
            let after = lower[i + w.len()..].trim_start();
            before(i) && (after.is_empty() || after == "guide")
        })
    });
    verb || noun
}
/// Lead-in paragraphs are read more strictly than headings: `操作` or `方法` in a sentence
/// (`在进行解绑操作时…`) says nothing about the list that follows.
const PROCEDURE_LEAD_CJK: &[&str] = &[
    "步骤",
    "流程",
    "如下操作",
    "以下操作",
    "按照以下",
    "按以下",
    "依次",
    "如何",
    "教程",
    "步驟",
];
const PROCEDURE_LEAD_LATIN: &[&str] = &[
    "step",
    "steps",
    "how to",
    "procedure",
    "instructions",
    "follow these",
    "do the following",
    "as follows",
];
/// Words by which the paragraph before a list offers a choice among its items (`Pick the
/// method for your platform:`, `以下两种方法任选其一：`): under a heading that introduces a
/// procedure (`Installation`), such a list holds alternatives, not steps to take in turn.
/// A lead-in that names a procedure itself (`Follow these steps`) still makes steps.
const CHOICE_LEAD_CJK: &[&str] = &[
    "任选",
    "任選",
    "任一",
    "其中一种",
    "其中一種",
    "选择一种",
    "選擇一種",
    "选择适合",
    "選擇適合",
    "种方法",
    "種方法",
    "种方式",
    "種方式",
    "取决于",
    "取決於",
    "根据您的",
    "根據您的",
    "擇一",
    "二选一",
    "二選一",
];
const CHOICE_LEAD_LATIN: &[&str] = &[
    "one of",
    "either",
    "any of",
    "depending on",
    "whichever",
    "alternatively",
    "ways to",
    "ways of",
    "methods",
    "options",
    "your platform",
    "your operating system",
    "your os",
    "choose the",
    "choose a",
    "choose one",
    "choose your",
    "pick the",
    "pick a",
    "pick one",
    "pick your",
];
/// Words by which the end of a lead-in goes on to a sequence (`Choose a directory, then run:`,
/// `…. Then:`), whatever it offered before.
const SEQUENCE_LEAD_CJK: &[&str] = &["然后", "然後", "接着", "接著", "再执行", "再執行", "首先"];
const SEQUENCE_LEAD_LATIN: &[&str] = &["then", "first", "next", "afterwards"];

/// Whether a lead-in ends by offering a choice among the items that follow: its last sentence
/// names one (`Pick the method for your platform:`) and does not go on to a sequence. In
/// `You can either use Docker or build from source. To build from source:` the choice was
/// made before the list, which is the chosen way's steps.
fn offers_choice(lead_in: &str) -> bool {
    let text = lead_in.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '：'));
    let last = text
        .rsplit(['.', '。', '!', '！', '?', '？', ';', '；'])
        .next()
        .unwrap_or(text);
    names(last, CHOICE_LEAD_CJK, CHOICE_LEAD_LATIN)
        && !names(last, SEQUENCE_LEAD_CJK, SEQUENCE_LEAD_LATIN)
}

/// A lead-in's sentences that are not questions. A question asks; it does not announce the
/// list: in `不知道如何选择？下面是三款型号的区别：` (*Not sure how to choose? Here are the
/// models:*) the 如何 of the question made a product comparison into steps and a HowTo.
fn statements(lead_in: &str) -> String {
    let mut out = String::new();
    let mut sentence = String::new();
    for c in lead_in.chars() {
        sentence.push(c);
        if matches!(c, '.' | '。' | '!' | '！' | '?' | '？' | ';' | '；') {
            if !matches!(c, '?' | '？') {
                out.push_str(&sentence);
            }
            sentence.clear();
        }
    }
    out.push_str(&sentence);
    out
}

/// Words that make a heading name questions and answers.
const QA_HEADING_CJK: &[&str] = &[
    "常见问题",
    "常見問題",
    "问答",
    "疑问",
    "答疑",
    "故障排除",
    "疑难解答",
    "問答",
    "質問",
];
/// Words that name questions or problems (`常见问题` is *FAQ*, `性能问题` *performance
/// problems*): a heading with one names questions and answers only when one of its
/// subsections asks a question. Under `## 登录问题`, `### 使用访问令牌做身份认证的问题` is a
/// topic, and printing it as `问：` adds words the author never wrote.
const QA_OR_PROBLEM_CJK: &[&str] = &["问题", "問題"];
const QA_HEADING_LATIN: &[&str] = &[
    "faq",
    "faqs",
    "q&a",
    "q & a",
    "questions",
    "frequently asked",
    "troubleshooting",
];

/// Whether a heading names questions and answers without doubt (`常见问题`, `FAQ`; not `问题`,
/// which may be problems).
pub(crate) fn names_questions(text: &str) -> bool {
    names(text, QA_HEADING_CJK, QA_HEADING_LATIN)
}

/// Whether `text` contains one of the CJK words, or one of the Latin words as a whole word.
fn names(text: &str, cjk: &[&str], latin: &[&str]) -> bool {
    if cjk.iter().any(|w| text.contains(w)) {
        return true;
    }
    let lower = text.to_lowercase();
    latin.iter().any(|w| {
        lower.match_indices(w).any(|(i, _)| {
            let before = lower[..i].chars().next_back();
            let after = lower[i + w.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    })
}

/// Whether heading text ends in a question mark.
pub(crate) fn is_question(content: &[Inline]) -> bool {
    let text = plain_text(content);
    let text = text.trim_end();
    text.ends_with('？') || text.ends_with('?')
}

/// Whether the lists under a heading (with the paragraph before each) are procedures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Procedure {
    /// The heading or the paragraph before the list introduces a procedure.
    Yes,
    /// The heading does, but the paragraph before the list offers a choice among its items.
    Alternatives,
    /// Nothing introduces one.
    No,
}

/// What the recogniser needs besides the guide.
pub(crate) struct Recogniser<'a> {
    /// `false` when front matter switched recognition off (directives still apply).
    pub auto: bool,
    /// Directives by the first source line of the list they apply to.
    pub list_directives: HashMap<u32, Directive>,
    pub file: &'a Path,
    pub warnings: &'a mut Vec<Diagnostic>,
    /// Near misses and explanations, shown by `guidepress check`.
    pub notes: &'a mut Vec<Diagnostic>,
}

impl Recogniser<'_> {
    fn warn(&mut self, line: u32, msg: String, hint: &str) {
        self.warnings
            .push(Diagnostic::warning(self.file, line as usize, 1, msg).with_hint(hint));
    }

    fn note(&mut self, line: u32, msg: String, hint: &str) {
        self.notes
            .push(Diagnostic::note(self.file, line as usize, 1, msg).with_hint(hint));
    }

    /// Applies the list rules to the whole guide, after turning question-and-answer lines
    /// (`问：…` / `答：…`) into questions and answers.
    pub fn lists(&mut self, guide: &mut Guide) {
        if self.auto {
            let ids = super::structure::all_ids(guide)
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>();
            let mut qa = super::qa_lines::QaLines {
                ids: super::slug::Slugger::taking(ids),
            };
            // `问：…` / `答：…` lines say what they are: `问题` in the heading is enough.
            let named = |t: &str| {
                names(t, QA_HEADING_CJK, QA_HEADING_LATIN) || names(t, QA_OR_PROBLEM_CJK, &[])
            };
            qa.find_all(&mut guide.blocks, named(&guide.meta.title));
            for s in &mut guide.sections {
                s.for_each_section_mut(&mut |s| {
                    qa.find_all(&mut s.blocks, named(&plain_text(&s.title)));
                });
            }
        }
        let title_procedure = introduces_procedure(&guide.meta.title);
        self.blocks(&mut guide.blocks, title_procedure);
        for s in &mut guide.sections {
            self.section(s);
        }
        for f in &mut guide.footnotes {
            self.blocks(&mut f.blocks, false);
        }
    }

    fn section(&mut self, s: &mut Section) {
        let title = plain_text(&s.title);
        let procedure = introduces_procedure(&title);
        self.blocks(&mut s.blocks, procedure);
        for sub in &mut s.sections {
            self.section(sub);
        }
    }

    /// Classifies the lists among `blocks`; `procedure` says whether the heading they stand
    /// under introduces a procedure.
    fn blocks(&mut self, blocks: &mut Vec<Block>, procedure: bool) {
        if self.auto {
            self.join_continued_lists(blocks);
        }
        for i in 0..blocks.len() {
            let lead_in = match i.checked_sub(1).map(|p| &blocks[p]) {
                Some(Block::Paragraph { content, .. }) => Some(plain_text(content)),
                _ => None,
            };
            if let Block::List { .. } = &blocks[i] {
                let lead = lead_in.as_deref().is_some_and(|t| {
                    names(&statements(t), PROCEDURE_LEAD_CJK, PROCEDURE_LEAD_LATIN)
                });
                let choice = !lead && lead_in.as_deref().is_some_and(offers_choice);
                let how = match (procedure || lead, choice) {
                    (true, true) => Procedure::Alternatives,
                    (true, false) => Procedure::Yes,
                    (false, _) => Procedure::No,
                };
                self.list(&mut blocks[i], how);
            }
            // Nested content: only a lead-in inside it can make a procedure.
            match &mut blocks[i] {
                Block::List { items, .. } => {
                    for item in items {
                        self.blocks(&mut item.blocks, false);
                    }
                }
                Block::Steps { steps, .. } => {
                    for s in steps {
                        self.blocks(&mut s.body, false);
                    }
                }
                Block::KeyPoints { points, .. } => {
                    for p in points {
                        self.blocks(&mut p.body, false);
                    }
                }
                Block::QuestionAnswers { entries, .. } => {
                    // A question (`…如何处理？`) is not a procedure heading: its answer's
                    // numbered points stay key points unless a lead-in or directive says so.
                    for e in entries.iter_mut() {
                        self.blocks(&mut e.answer, false);
                    }
                    // A question with nothing under it reads as a question the guide forgot
                    // to answer (and an FAQ's structured data must give every answer).
                    let unanswered: Vec<(u32, String)> = entries
                        .iter()
                        .filter(|e| e.answer.is_empty())
                        .map(|e| {
                            let line = e.span.map_or(1, |s| s.start_line);
                            (line, plain_text(&e.question).trim().to_owned())
                        })
                        .collect();
                    for (line, q) in unanswered {
                        self.warn(
                            line,
                            format!("question `{q}` has no answer"),
                            "write its answer under it; JSON-LD leaves it out of the FAQPage",
                        );
                    }
                }
                Block::Quote { blocks, .. }
                | Block::Alert { blocks, .. }
                | Block::Details { blocks, .. } => self.blocks(blocks, false),
                _ => {}
            }
        }
    }

    /// Joins a numbered list to the one before it when its number carries on from it (`3.`
    /// after a list that ended at `2.`) across a few blocks that can only belong to that list's
    /// last item. A code fence or a screenshot written without the item's indentation ends a
    /// Markdown list, but the author's numbers say the procedure goes on: read apart, a
    /// procedure would lose its last steps to a second list. The blocks between join the last
    /// item, and a note says so.
    fn join_continued_lists(&mut self, blocks: &mut Vec<Block>) {
        /// More blocks than this between the lists, and they are apart on purpose.
        const MAX_BETWEEN: usize = 4;
        let mut i = 0;
        while i < blocks.len() {
            let Block::List {
                ordered: true,
                start,
                items,
                span,
                ..
            } = &blocks[i]
            else {
                i += 1;
                continue;
            };
            let next = start.unwrap_or(1).saturating_add(items.len() as u64);
            let first_line = span.map_or(1, |s| s.start_line);
            let last = blocks.len().min(i + 2 + MAX_BETWEEN);
            // The first block after the list that could not be inside an item ends the search.
            let end = (i + 1..last)
                .find(|&j| {
                    matches!(
                        blocks[j],
                        Block::List { .. } | Block::Heading { .. } | Block::ThematicBreak { .. }
                    )
                })
                .filter(|&j| match &blocks[j] {
                    Block::List {
                        ordered: true,
                        start: Some(s),
                        span,
                        ..
                    } => {
                        *s == next
                            && span.is_none_or(|sp| {
                                self.list_directives.get(&sp.start_line) != Some(&Directive::List)
                            })
                    }
                    _ => false,
                });
            // Two lists side by side are two on purpose (CommonMark starts a new list when the
            // delimiter changes: `2.` then `3)`); only blocks between them are a slip.
            let Some(j) = end.filter(|&j| j > i + 1) else {
                i += 1;
                continue;
            };
            let second = blocks.remove(j);
            let between: Vec<Block> = blocks.drain(i + 1..j).collect();
            let Block::List {
                items: more,
                span: more_span,
                tight: more_tight,
                ..
            } = second
            else {
                unreachable!("matched as a list above");
            };
            let second_line = more_span.map_or(1, |s| s.start_line);
            let Block::List {
                items, span, tight, ..
            } = &mut blocks[i]
            else {
                unreachable!("matched as a list above");
            };
            if let Some(item) = items.last_mut() {
                if let (Some(sp), Some(end)) =
                    (item.span.as_mut(), between.last().and_then(Block::span))
                {
                    sp.end_line = sp.end_line.max(end.end_line);
                }
                item.blocks.extend(between.iter().cloned());
            }
            items.extend(more);
            *tight = *tight && more_tight;
            if let (Some(sp), Some(end)) = (span.as_mut(), more_span) {
                sp.end_line = sp.end_line.max(end.end_line);
            }
            let what = match between.len() {
                1 => "the block between".to_owned(),
                n => format!("the {n} blocks between"),
            };
            self.note(
                second_line,
                format!(
                    "numbered list starting at {next} carries on the list at line {first_line}: read as one list, and {what} as part of item {}",
                    next - 1
                ),
                "indent what belongs to an item by the width of its marker (`1. ` is 3 spaces); to keep the lists apart, number the second from 1 or put `<!-- guidepress: list -->` before it",
            );
            // The joined list may carry on again.
        }
    }

    /// Turns one list into steps or key points when the rules say so.
    fn list(&mut self, block: &mut Block, procedure: Procedure) {
        let Block::List {
            span,
            ordered,
            start,
            items,
            ..
        } = block
        else {
            return;
        };
        let line = span.map_or(1, |s| s.start_line);
        let directive = self.list_directives.get(&line).copied();
        if directive == Some(Directive::List) {
            return;
        }
        if items.iter().any(|i| i.checked.is_some()) {
            if directive.is_some() {
                self.warn(
                    line,
                    "a task list cannot be steps or key points: kept as a task list".into(),
                    "remove the directive, or the `[ ]` boxes",
                );
            }
            return;
        }
        let leads: Vec<Option<(Vec<Inline>, Vec<Block>)>> = items.iter().map(lead_in).collect();
        let with_lead = leads.iter().filter(|l| l.is_some()).count();
        let all = with_lead == items.len();
        let first = start.unwrap_or(1);
        match directive {
            Some(Directive::Steps) => {
                *block = steps(*span, first, items, leads);
                return;
            }
            Some(Directive::KeyPoints) if all => {
                *block = key_points(*span, *ordered, *start, items, leads);
                return;
            }
            Some(Directive::KeyPoints) => {
                self.warn(
                    line,
                    format!(
                        "`guidepress: key-points`: {} of {} items have no bold lead-in (`**term**：…`): kept as a list",
                        items.len() - with_lead,
                        items.len()
                    ),
                    "start every item with bold text and a colon",
                );
                return;
            }
            Some(Directive::Qa | Directive::NoQa) => {
                self.warn(
                    line,
                    "`guidepress: qa` and `no-qa` apply to a section: put them before its heading"
                        .into(),
                    "use `steps`, `key-points` or `list` before a list",
                );
            }
            _ => {}
        }
        if !self.auto {
            return;
        }
        if all {
            if *ordered && items.len() >= 2 && procedure == Procedure::Yes {
                let b = steps(*span, first, items, leads);
                if let Block::Steps { steps, .. } = &b {
                    for s in steps.iter().filter(|s| s.body.is_empty()) {
                        let at = s.span.map_or(line, |sp| sp.start_line);
                        self.warn(
                            at,
                            format!("step {} has a title but no body", s.number),
                            "write what to do after the colon, or drop the step",
                        );
                    }
                }
                *block = b;
            } else {
                if *ordered && items.len() >= 2 {
                    let why = if procedure == Procedure::Alternatives {
                        "its heading introduces a procedure, but the paragraph before it offers a choice among the items"
                    } else {
                        "neither its heading nor the paragraph before it introduces a procedure"
                    };
                    self.note(
                        line,
                        format!(
                            "numbered list with bold lead-ins taken as key points, not steps: {why}"
                        ),
                        "if these are steps, put `<!-- guidepress: steps -->` before the list",
                    );
                }
                *block = key_points(*span, *ordered, *start, items, leads);
            }
        } else if with_lead * 2 >= items.len() && with_lead > 0 {
            self.note(
                line,
                format!(
                    "list kept as a list: {with_lead} of {} items start with a bold lead-in (`**term**：…`), not all",
                    items.len()
                ),
                "give every item a bold lead-in, or mark the list with `<!-- guidepress: steps -->`",
            );
        }
    }
}

/// `**Title**：body` or `**Title：**body` opening an item → (title, rest of the item).
fn lead_in(item: &ListItem) -> Option<(Vec<Inline>, Vec<Block>)> {
    let (first, rest) = item.blocks.split_first()?;
    let Block::Paragraph { span, content } = first else {
        return None;
    };
    let (title, body_inlines) = split_lead(content)?;
    let mut body = Vec::new();
    if !body_inlines.is_empty() {
        body.push(Block::Paragraph {
            span: *span,
            content: body_inlines,
        });
    }
    body.extend(rest.iter().cloned());
    Some((title, body))
}

/// Splits strong text and a colon off the start of a paragraph.
fn split_lead(content: &[Inline]) -> Option<(Vec<Inline>, Vec<Inline>)> {
    let (Inline::Strong { content: strong }, rest) = content.split_first()? else {
        return None;
    };
    let is_colon = |c: char| c == '：' || c == ':';
    let mut title = strong.clone();
    let mut rest = rest.to_vec();
    // Colon inside the strong text.
    if let Some(Inline::Text { text }) = title.last_mut()
        && text.trim_end().ends_with(is_colon)
    {
        let trimmed = text
            .trim_end()
            .trim_end_matches(is_colon)
            .trim_end()
            .to_owned();
        *text = trimmed;
        if text.is_empty() {
            title.pop();
        }
    } else {
        // Colon right after the strong text.
        let Some(Inline::Text { text }) = rest.first_mut() else {
            return None;
        };
        let after = text.strip_prefix(is_colon)?.to_owned();
        *text = after;
    }
    if plain_text(&title).trim().is_empty() {
        return None;
    }
    // The body starts after the colon: drop leading white space.
    if let Some(Inline::Text { text }) = rest.first_mut() {
        *text = text.trim_start().to_owned();
        if text.is_empty() {
            rest.remove(0);
        }
    }
    if matches!(rest.first(), Some(Inline::LineBreak)) {
        rest.remove(0);
    }
    Some((title, rest))
}

fn steps(
    span: Option<crate::model::Span>,
    first: u64,
    items: &[ListItem],
    leads: Vec<Option<(Vec<Inline>, Vec<Block>)>>,
) -> Block {
    let steps = items
        .iter()
        .zip(leads)
        .enumerate()
        .map(|(n, (item, lead))| {
            // A step marked by directive without a bold lead-in has no title: all body.
            let (title, body) = lead.unwrap_or_else(|| (Vec::new(), item.blocks.clone()));
            Step {
                number: first.saturating_add(n as u64),
                span: item.span,
                title,
                body,
            }
        })
        .collect();
    Block::Steps { span, steps }
}

fn key_points(
    span: Option<crate::model::Span>,
    ordered: bool,
    start: Option<u64>,
    items: &[ListItem],
    leads: Vec<Option<(Vec<Inline>, Vec<Block>)>>,
) -> Block {
    let points = items
        .iter()
        .zip(leads)
        .map(|(item, lead)| {
            let (term, body) = lead.unwrap_or_else(|| (Vec::new(), item.blocks.clone()));
            KeyPoint {
                span: item.span,
                term,
                body,
            }
        })
        .collect();
    Block::KeyPoints {
        span,
        ordered,
        start,
        points,
    }
}

/// How a section's Q&A status is decided.
pub(crate) struct QaRule<'a> {
    pub auto: bool,
    pub file: &'a Path,
    pub warnings: &'a mut Vec<Diagnostic>,
    pub notes: &'a mut Vec<Diagnostic>,
}

impl QaRule<'_> {
    /// Whether `section` (its subsections complete) is questions and answers.
    pub fn is_qa(&mut self, section: &Section, directive: Option<Directive>) -> bool {
        let line = section.span.map_or(1, |s| s.start_line) as usize;
        let title = plain_text(&section.title);
        let subs = &section.sections;
        if directive == Some(Directive::NoQa) {
            return false;
        }
        let forced = directive == Some(Directive::Qa);
        if !forced && !self.auto {
            return false;
        }
        if subs.is_empty() {
            if forced {
                self.warnings.push(
                    Diagnostic::warning(
                        self.file,
                        line,
                        1,
                        format!("`guidepress: qa` on section `{title}`, which has no subsections to be questions"),
                    )
                    .with_hint("each question is a subsection heading, its answer the text under it"),
                );
            }
            return false;
        }
        let questions = subs.iter().filter(|s| is_question(&s.title)).count();
        let named = names(&title, QA_HEADING_CJK, QA_HEADING_LATIN)
            || (questions > 0 && names(&title, QA_OR_PROBLEM_CJK, &[]));
        let looks = forced || named || questions * 2 > subs.len();
        if !looks {
            if questions > 0 {
                self.notes.push(
                    Diagnostic::note(
                        self.file,
                        line,
                        1,
                        format!(
                            "section `{title}` looks like Q&A but is not: {questions} of {} subsections end in a question mark (more than half are needed) and its heading names no questions",
                            subs.len()
                        ),
                    )
                    .with_hint("put `<!-- guidepress: qa -->` before its heading to make it Q&A"),
                );
            }
            return false;
        }
        // A subsection with subsections, or one already made questions and answers (its
        // subsections were questions: `FAQ › Account › How do I…?`), is a group of
        // questions, not a question: its parent is not questions and answers.
        let group = |s: &&Section| {
            !s.sections.is_empty()
                || s.blocks
                    .iter()
                    .any(|b| matches!(b, Block::QuestionAnswers { .. }))
        };
        if let Some(deep) = subs.iter().find(group) {
            self.notes.push(
                Diagnostic::note(
                    self.file,
                    line,
                    1,
                    format!(
                        "section `{title}` looks like Q&A but is not: `{}` has subsections of its own (a group of questions is not a question)",
                        plain_text(&deep.title).trim()
                    ),
                )
                .with_hint("an answer cannot hold headings; use bold text or a list inside it"),
            );
            return false;
        }
        for s in subs.iter().filter(|s| !is_question(&s.title)) {
            self.warnings.push(
                Diagnostic::warning(
                    self.file,
                    s.span.map_or(line, |sp| sp.start_line as usize),
                    1,
                    format!(
                        "heading `{}` taken as a question, though it does not end with a question mark (section `{}` holds questions)",
                        plain_text(&s.title).trim(),
                        title.trim()
                    ),
                )
                .with_hint("end the question with `？` or `?`, or put `<!-- guidepress: no-qa -->` before the section heading"),
            );
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Procedure headings, and headings that only contain a procedure word inside a longer
    /// one: the lists under those are not steps.
    #[test]
    fn procedure_words() {
        for yes in [
            "解绑数字钱包与支付宝的步骤",
            "How to unbind",
            "Installation",
            "操作",
            "具体操作",
            "操作指南",
            "使用方法",
            "审批流程",
            "软件安装",
            "安装说明",
            "Setup",
            "Setup guide",
            "Router setup",
            "Installing the driver",
            "Install Docker:",
            "Docker installation",
            "Step-by-step",
            "Getting started",
            "변경 방법",
            "설치 절차",
            "설정 단계",
            "프로그램 설치",
        ] {
            assert!(introduces_procedure(yes), "{yes}");
        }
        for no in [
            "Stepping stones",
            "解绑数字钱包的原因",
            "操作系统要求",
            "下载方法对比",
            "流程图图例",
            "安装包下载",
            "Installation packages",
            "Reinstall reasons",
            "Setups compared",
            "Before you configure",
            "방법론 비교",
            "설치 파일 목록",
        ] {
            assert!(!introduces_procedure(no), "{no}");
        }
        assert!(!names(
            "在进行解绑操作时，用户需要考虑多个安全因素，确保个人信息不受损害：",
            PROCEDURE_LEAD_CJK,
            PROCEDURE_LEAD_LATIN
        ));
        assert!(names(
            "Follow these steps:",
            PROCEDURE_LEAD_CJK,
            PROCEDURE_LEAD_LATIN
        ));
    }

    #[test]
    fn qa_heading_words() {
        // `问题` is a question or a problem: the heading alone does not say which.
        assert!(!names(
            "潜在问题及解决方案",
            QA_HEADING_CJK,
            QA_HEADING_LATIN
        ));
        assert!(names("潜在问题及解决方案", QA_OR_PROBLEM_CJK, &[]));
        assert!(names("常见问题解答", QA_HEADING_CJK, QA_HEADING_LATIN));
        assert!(names("FAQ", QA_HEADING_CJK, QA_HEADING_LATIN));
        assert!(names(
            "Frequently asked questions",
            QA_HEADING_CJK,
            QA_HEADING_LATIN
        ));
        assert!(!names(
            "Questionnaire design",
            QA_HEADING_CJK,
            QA_HEADING_LATIN
        ));
    }

    #[test]
    fn directives() {
        assert_eq!(
            directive("<!-- guidepress: steps -->"),
            Some(Ok(Directive::Steps))
        );
        assert_eq!(
            directive("<!--guidepress:KEY-POINTS-->\n"),
            Some(Ok(Directive::KeyPoints))
        );
        assert_eq!(directive("<!-- a comment -->"), None);
        assert_eq!(
            directive("<!-- guidepress: stpes -->"),
            Some(Err("stpes".into()))
        );
    }
}
