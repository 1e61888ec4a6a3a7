//! Questions and answers written as lines: `问：…` then `答：…` (or `Q:` / `A:`), the way
//! Chinese FAQ pages are very often written, instead of one heading per question.
//!
//! - The parser keeps the author's lines: a soft line break before a `答：` or `问：` line, in a
//!   paragraph that starts with a question mark line, is a line break (between two Chinese
//!   characters it would otherwise vanish, and `问：…？答：…` would run together).
//! - The recogniser ([`QaLines::find`]) turns a run of such pairs into one
//!   [`Block::QuestionAnswers`]: a question is a paragraph's line starting with a question
//!   mark; its answer starts at the next line or paragraph starting with an answer mark and
//!   runs until the next question. It takes two questions or more, or one under a heading that
//!   names questions (常见问题, FAQ), and each question needs its marked answer.
//! - A quiz is not questions and answers: when an `A:` line is followed by a `B:` line (or
//!   `B.`, `B)`, `B、`), `A:` is the first of several choices, not the answer, and a FAQPage
//!   would publish the wrong answer. The choices stay lines, and the run ends before the quiz
//!   question.

use crate::model::{Block, Inline, QuestionAnswer, Span, plain_text};

/// How a question line starts.
const QUESTION: &[&str] = &["问：", "问:", "問：", "問:", "Q：", "Q:"];
/// How an answer line starts.
const ANSWER: &[&str] = &["答：", "答:", "A：", "A:"];

/// Whether `text` (a line's start) opens with a question mark.
pub(crate) fn starts_question(text: &str) -> bool {
    let t = text.trim_start();
    QUESTION.iter().any(|m| t.starts_with(m))
}

/// Whether `text` (a line's start) opens with a question asked by someone named: up to four
/// Han characters before `问：` (`记者问：`, `网友问：`), as interviews are written. Such a
/// paragraph keeps its lines too (the `答：` line after it stays a line), but the question
/// is not made an entry: the speaker would be lost.
pub(crate) fn starts_speaker_question(text: &str) -> bool {
    let t = text.trim_start();
    // The speaker's characters, each with where the text after it starts.
    t.char_indices()
        .take(4)
        .take_while(|&(_, c)| crate::cjk::is_han(c))
        .any(|(i, c)| {
            let rest = &t[i + c.len_utf8()..];
            ["问：", "问:", "問：", "問:"]
                .iter()
                .any(|m| rest.starts_with(m))
        })
}

/// Whether `text` (a line's start) opens with a question or an answer mark.
pub(crate) fn starts_mark(text: &str) -> bool {
    let t = text.trim_start();
    QUESTION.iter().chain(ANSWER).any(|m| t.starts_with(m))
}

/// Whether `text` (a line's start) opens with a choice: `A` to `H` and a colon, full stop,
/// parenthesis or 、 (`B: 443`, `C) UDP`, `D．以上都是`). ASCII marks need a space after them,
/// so that `B.C.` or `B:443` at a line's start is not one.
pub(crate) fn starts_choice(text: &str) -> bool {
    let mut cs = text.trim_start().chars();
    let (Some(letter), Some(mark)) = (cs.next(), cs.next()) else {
        return false;
    };
    ('A'..='H').contains(&letter)
        && match mark {
            ':' | '.' | ')' => cs.next().is_none_or(char::is_whitespace),
            '：' | '．' | '）' | '、' => true,
            _ => false,
        }
}

/// Whether an answer's lines are a quiz's choices: the `A:` line (Latin `A`, not 答) is
/// followed by a choice line.
fn is_choices(lines: &[&[Inline]]) -> bool {
    let latin_a =
        |l: &[Inline]| matches!(mark_of(l, ANSWER), Some((k, _)) if ANSWER[k].starts_with('A'));
    let choice =
        |l: &[Inline]| matches!(l.first(), Some(Inline::Text { text }) if starts_choice(text));
    lines.windows(2).any(|w| latin_a(w[0]) && choice(w[1]))
}

/// How a line carries its mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marked {
    /// In its text: `问：…`.
    Plain,
    /// In bold of its own: `**问：**…`.
    BoldMark,
    /// The whole line in bold, mark and all: `**Q: Does it work?**`, as GitHub READMEs write
    /// their FAQs.
    BoldLine,
}

/// Which of `marks` a line starts with, and how, if any.
fn mark_of(line: &[Inline], marks: &[&str]) -> Option<(usize, Marked)> {
    let starts = |t: &str| marks.iter().position(|m| t.trim_start().starts_with(m));
    match line.first()? {
        Inline::Text { text } => starts(text).map(|k| (k, Marked::Plain)),
        Inline::Strong { content } => {
            let t = plain_text(content);
            if let Some(k) = marks.iter().position(|m| t.trim() == m.trim_end()) {
                return Some((k, Marked::BoldMark));
            }
            // Bold to the line's end (nothing but spaces after it).
            let alone = line[1..]
                .iter()
                .all(|i| matches!(i, Inline::Text { text } if text.trim().is_empty()));
            match content.first() {
                Some(Inline::Text { text }) if alone => starts(text).map(|k| (k, Marked::BoldLine)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A line's content without its mark (`问：`, or `**问：**` in bold) when it starts with one of
/// `marks`; a line all in bold gives its bold content. Only a marked line is copied:
/// paragraphs are tested first, and some are long.
fn strip(line: &[Inline], marks: &[&str]) -> Option<Vec<Inline>> {
    let (k, how) = mark_of(line, marks)?;
    let mut out = match (how, line.first()) {
        (Marked::BoldLine, Some(Inline::Strong { content })) => content.clone(),
        _ => line.to_vec(),
    };
    if how == Marked::BoldMark {
        out.remove(0);
        if let Some(Inline::Text { text }) = out.first_mut() {
            *text = text.trim_start().to_owned();
        }
    } else if let Some(Inline::Text { text }) = out.first_mut() {
        *text = text.trim_start()[marks[k].len()..].trim_start().to_owned();
    }
    if matches!(out.first(), Some(Inline::Text { text }) if text.is_empty()) {
        out.remove(0);
    }
    Some(out)
}

/// A paragraph's lines: its content split at line breaks.
fn lines(content: &[Inline]) -> Vec<&[Inline]> {
    content.split(|i| matches!(i, Inline::LineBreak)).collect()
}

/// Whether a line starts with one of `marks` (in plain text, bold or not).
fn line_starts(line: &[Inline], marks: &[&str]) -> bool {
    mark_of(line, marks).is_some()
}

/// Lines joined back into a paragraph's content.
fn join(lines: &[&[Inline]]) -> Vec<Inline> {
    let mut out = Vec::new();
    for (k, l) in lines.iter().enumerate() {
        if k > 0 {
            out.push(Inline::LineBreak);
        }
        out.extend(l.iter().cloned());
    }
    out
}

/// An entry being read: its question, span, and answer so far (`None` until its mark).
struct Open {
    question: Vec<Inline>,
    span: Option<Span>,
    answer: Option<Vec<Block>>,
}

/// Finds question-and-answer lines among a section's blocks.
pub(crate) struct QaLines {
    /// Hands out ids clear of those in use in the guide (sections, questions).
    pub ids: super::slug::Slugger,
}

impl QaLines {
    /// Turns every run of question-and-answer lines among `blocks` into one
    /// [`Block::QuestionAnswers`] each (see the module documentation); `named` says whether
    /// the heading they stand under names questions.
    pub fn find_all(&mut self, blocks: &mut Vec<Block>, named: bool) {
        let mut from = 0;
        while let Some(next) = self.find(blocks, named, from) {
            from = next;
        }
    }

    /// The first run at or after `from`: turned into one block when it qualifies. Returns
    /// where to look next, `None` when there is no run left.
    fn find(&mut self, blocks: &mut Vec<Block>, named: bool, from: usize) -> Option<usize> {
        let first = from
            + blocks[from..].iter().position(|b| {
                matches!(b, Block::Paragraph { content, .. }
                    if lines(content).first().is_some_and(|l| line_starts(l, QUESTION)))
            })?;
        let mut entries: Vec<Open> = Vec::new();
        // After each block that leaves every entry answered: (blocks used, entries).
        let mut complete = (0, 0);
        for (k, b) in blocks[first..].iter().enumerate() {
            let para = match b {
                Block::Paragraph { content, span } => Some((content, *span)),
                _ => None,
            };
            let opens = |marks: &[&str]| {
                para.is_some_and(|(c, _)| lines(c).first().is_some_and(|l| line_starts(l, marks)))
            };
            let (asks, answers) = (opens(QUESTION), opens(ANSWER));
            let answered = entries.last().is_none_or(|e| e.answer.is_some());
            match (para, entries.last_mut()) {
                (Some((content, span)), _) if asks => {
                    if !answered || !self.read(content, span, &mut entries) {
                        break;
                    }
                }
                (Some((content, span)), Some(open)) if answers && open.answer.is_none() => {
                    let ls = lines(content);
                    if is_choices(&ls) {
                        break;
                    }
                    let mut first_line = strip(ls[0], ANSWER).unwrap_or_default();
                    if ls.len() > 1 {
                        first_line.push(Inline::LineBreak);
                        first_line.extend(join(&ls[1..]));
                    }
                    open.answer = Some(vec![Block::Paragraph {
                        span,
                        content: first_line,
                    }]);
                }
                (_, Some(open)) if open.answer.is_some() => {
                    open.answer.get_or_insert_default().push(b.clone());
                }
                _ => break,
            }
            if entries.last().is_some_and(|e| e.answer.is_some()) {
                complete = (k + 1, entries.len());
            }
        }
        let (used, n) = complete;
        entries.truncate(n);
        if entries.is_empty() || (entries.len() < 2 && !named) {
            return Some(first + 1);
        }
        let answers: Vec<QuestionAnswer> = entries
            .into_iter()
            .map(|e| {
                let answer = e.answer.unwrap_or_default();
                let last = answer.iter().rev().find_map(Block::span);
                let span = e.span.map(|s| Span {
                    start_line: s.start_line,
                    end_line: last.map_or(s.end_line, |l| l.end_line.max(s.end_line)),
                });
                QuestionAnswer {
                    id: self.id_for(&plain_text(&e.question)),
                    span,
                    question: e.question,
                    answer,
                }
            })
            .collect();
        let span = Span::covering(
            answers.first().and_then(|e| e.span),
            answers.last().and_then(|e| e.span),
        );
        blocks.splice(
            first..first + used,
            [Block::QuestionAnswers {
                span,
                entries: answers,
            }],
        );
        Some(first + 1)
    }

    /// Reads a paragraph that starts with a question line into entries: each question line
    /// opens an entry, an answer line opens its answer, other lines continue what is open.
    /// `false` when a question line comes before the last entry has its answer.
    fn read(&mut self, content: &[Inline], span: Option<Span>, entries: &mut Vec<Open>) -> bool {
        let lines = lines(content);
        if is_choices(&lines) {
            return false;
        }
        for line in lines {
            if let Some(q) = strip(line, QUESTION) {
                if entries.last().is_some_and(|e| e.answer.is_none()) {
                    return false;
                }
                entries.push(Open {
                    question: q,
                    span,
                    answer: None,
                });
            } else if let Some(a) = strip(line, ANSWER)
                && let Some(open) = entries.last_mut()
                && open.answer.is_none()
            {
                open.answer = Some(vec![Block::Paragraph { span, content: a }]);
            } else if let Some(open) = entries.last_mut() {
                // A line that continues the question or the answer.
                match open.answer.as_mut().and_then(|a| a.last_mut()) {
                    Some(Block::Paragraph { content, .. }) => {
                        content.push(Inline::LineBreak);
                        content.extend(line.iter().cloned());
                    }
                    _ => {
                        open.question.push(Inline::LineBreak);
                        open.question.extend(line.iter().cloned());
                    }
                }
            }
        }
        true
    }

    /// A question's id: its slug, made unique in the guide.
    fn id_for(&mut self, question: &str) -> String {
        self.ids.unique(question)
    }
}
