//! Rules a guide must follow beyond its types, checked when a guide comes from JSON (the
//! parser always produces guides that follow them): what the schema cannot say.

use std::collections::{HashMap, HashSet};

use super::{Block, Guide, Inline, Length, Section, Span};

/// Checks the rules every renderer relies on:
///
/// - section and question ids are non-empty and unique;
/// - heading levels are 1 to 6, and spans' lines count from 1 and do not run backwards;
/// - a table has at least one column, and every row one cell per column (the header too,
///   unless it has none: a table with no header row);
/// - footnote labels and numbers are unique, numbers start at 1, and every footnote reference
///   names a footnote and shows its number;
/// - steps, key points, questions-and-answers and lists are not empty;
/// - an image's width and height, when given, are not 0, and a percentage is at most 100.
///
/// Returns the first problem found, with its place as a JSON path
/// (`sections[1].blocks[0].rows[2]`); [`check`] gives it with what to do about it.
pub fn validate(guide: &Guide) -> Result<(), String> {
    check(guide).map_err(|p| p.message)
}

/// A rule a guide breaks: where and what, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The place, as a JSON path, and the rule broken (`blocks[2].content[0]: …`).
    pub message: String,
    /// The place alone, as a JSON path into the document (`blocks[2].content[0]`): a reader
    /// of JSON turns it into a line and column.
    pub path: String,
    /// What to change.
    pub hint: &'static str,
}

/// A problem from its message, which starts with its place (`path: rule`).
fn problem(message: String, hint: &'static str) -> Problem {
    let path = message
        .split_once(": ")
        .map_or("", |(path, _)| path)
        .to_owned();
    Problem {
        message,
        path,
        hint,
    }
}

const ID_HINT: &str = "give every section and question an `id` of its own: links point to it";
const FOOTNOTE_HINT: &str = "number footnotes 1, 2, 3… each with a `label` of its own, and make every `footnote_ref` name one and show its number";
const SPAN_HINT: &str =
    "lines count from 1 and `end_line` is not before `start_line`; or leave `span` out";

/// [`validate`], with what to do about the problem.
pub fn check(guide: &Guide) -> Result<(), Problem> {
    let mut v = Validator {
        ids: HashSet::new(),
        labels: guide
            .footnotes
            .iter()
            .map(|f| (f.label.as_str(), f.number))
            .collect(),
    };
    if let Some(m) = &guide.meta.theme.margins {
        for (side, v) in [
            ("top", m.top),
            ("right", m.right),
            ("bottom", m.bottom),
            ("left", m.left),
        ] {
            // A number too large for the model (1e308 read as infinity) would be written
            // back as `null`, and the JSON would not round-trip.
            if v.is_some_and(|v| !v.is_finite() || v < 0.0) {
                return Err(problem(
                    format!(
                        "meta.theme.margins.{side}: must be a finite number of millimetres, 0 or more"
                    ),
                    "write each margin in millimetres, as a number of 0 or more",
                ));
            }
        }
    }
    let mut numbers = HashSet::new();
    let mut labels = HashSet::new();
    for (i, f) in guide.footnotes.iter().enumerate() {
        let at = format!("footnotes[{i}]");
        if f.number == 0 || !numbers.insert(f.number) {
            return Err(problem(
                format!(
                    "{at}: footnote numbers must be unique and start at 1 (found {})",
                    f.number
                ),
                FOOTNOTE_HINT,
            ));
        }
        if !labels.insert(f.label.as_str()) {
            return Err(problem(
                format!("{at}: footnote label `{}` is used twice", f.label),
                FOOTNOTE_HINT,
            ));
        }
        span(f.span, &at)?;
        v.blocks(&f.blocks, &at)?;
    }
    v.blocks(&guide.blocks, "blocks")?;
    v.sections(&guide.sections, "sections")
}

struct Validator<'g> {
    ids: HashSet<&'g str>,
    /// Footnote label → number.
    labels: HashMap<&'g str, u32>,
}

impl<'g> Validator<'g> {
    fn id(&mut self, id: &'g str, at: &str) -> Result<(), Problem> {
        if id.is_empty() {
            return Err(problem(format!("{at}: the id is empty"), ID_HINT));
        }
        if !self.ids.insert(id) {
            return Err(problem(
                format!("{at}: the id `{id}` is used twice"),
                ID_HINT,
            ));
        }
        Ok(())
    }

    fn sections(&mut self, sections: &'g [Section], path: &str) -> Result<(), Problem> {
        for (i, s) in sections.iter().enumerate() {
            let at = format!("{path}[{i}]");
            self.id(&s.id, &at)?;
            level(s.level, &at)?;
            span(s.span, &at)?;
            self.inlines(&s.title, &format!("{at}.title"))?;
            self.blocks(&s.blocks, &format!("{at}.blocks"))?;
            self.sections(&s.sections, &format!("{at}.sections"))?;
        }
        Ok(())
    }

    fn blocks(&mut self, blocks: &'g [Block], path: &str) -> Result<(), Problem> {
        for (i, b) in blocks.iter().enumerate() {
            let at = format!("{path}[{i}]");
            span(b.span(), &at)?;
            match b {
                Block::Paragraph { content, .. } => {
                    self.inlines(content, &format!("{at}.content"))?
                }
                Block::Heading {
                    level: l, content, ..
                } => {
                    level(*l, &at)?;
                    self.inlines(content, &format!("{at}.content"))?;
                }
                Block::List { items, .. } => {
                    nonempty(items.len(), "items", &at)?;
                    for (k, item) in items.iter().enumerate() {
                        span(item.span, &format!("{at}.items[{k}]"))?;
                        self.blocks(&item.blocks, &format!("{at}.items[{k}].blocks"))?;
                    }
                }
                Block::Steps { steps, .. } => {
                    nonempty(steps.len(), "steps", &at)?;
                    for (k, s) in steps.iter().enumerate() {
                        span(s.span, &format!("{at}.steps[{k}]"))?;
                        self.inlines(&s.title, &format!("{at}.steps[{k}].title"))?;
                        self.blocks(&s.body, &format!("{at}.steps[{k}].body"))?;
                    }
                }
                Block::KeyPoints { points, .. } => {
                    nonempty(points.len(), "points", &at)?;
                    for (k, p) in points.iter().enumerate() {
                        span(p.span, &format!("{at}.points[{k}]"))?;
                        self.inlines(&p.term, &format!("{at}.points[{k}].term"))?;
                        self.blocks(&p.body, &format!("{at}.points[{k}].body"))?;
                    }
                }
                Block::Details {
                    summary, blocks, ..
                } => {
                    self.inlines(summary, &format!("{at}.summary"))?;
                    self.blocks(blocks, &format!("{at}.blocks"))?;
                }
                Block::QuestionAnswers { entries, .. } => {
                    nonempty(entries.len(), "entries", &at)?;
                    for (k, e) in entries.iter().enumerate() {
                        let at = format!("{at}.entries[{k}]");
                        self.id(&e.id, &at)?;
                        span(e.span, &at)?;
                        self.inlines(&e.question, &format!("{at}.question"))?;
                        self.blocks(&e.answer, &format!("{at}.answer"))?;
                    }
                }
                Block::Quote { blocks, .. } | Block::Alert { blocks, .. } => {
                    self.blocks(blocks, &format!("{at}.blocks"))?
                }
                Block::Table {
                    columns,
                    header,
                    rows,
                    ..
                } => {
                    nonempty(columns.len(), "columns", &at)?;
                    for (k, row) in std::iter::once(header).chain(rows).enumerate() {
                        let row_at = if k == 0 {
                            format!("{at}.header")
                        } else {
                            format!("{at}.rows[{}]", k - 1)
                        };
                        // A header with no cells is a table with no header row.
                        let headless = k == 0 && row.cells.is_empty();
                        if row.cells.len() != columns.len() && !headless {
                            return Err(problem(
                                format!(
                                    "{row_at}: {} cells for {} columns (every row has one cell per column)",
                                    row.cells.len(),
                                    columns.len()
                                ),
                                "give the header and every row one cell per entry of `columns` (or the header none, for a table with no header row)",
                            ));
                        }
                        for (c, cell) in row.cells.iter().enumerate() {
                            self.inlines(&cell.content, &format!("{row_at}.cells[{c}]"))?;
                        }
                    }
                }
                Block::Code { .. } | Block::ThematicBreak { .. } | Block::RawHtml { .. } => {}
            }
        }
        Ok(())
    }

    fn inlines(&self, inlines: &[Inline], path: &str) -> Result<(), Problem> {
        for (i, inline) in inlines.iter().enumerate() {
            match inline {
                Inline::FootnoteRef { label, number } => match self.labels.get(label.as_str()) {
                    None => {
                        return Err(problem(
                            format!("{path}[{i}]: footnote reference `{label}` names no footnote"),
                            FOOTNOTE_HINT,
                        ));
                    }
                    // The reader sees the reference's number: it must be the note's.
                    Some(n) if n != number => {
                        return Err(problem(
                            format!(
                                "{path}[{i}]: footnote reference `{label}` shows {number}, but its footnote is number {n}"
                            ),
                            FOOTNOTE_HINT,
                        ));
                    }
                    Some(_) => {}
                },
                Inline::Image { width, height, .. } => {
                    let bad_width = match width {
                        Some(Length::Px(0) | Length::Percent(0)) => true,
                        Some(Length::Percent(p)) => *p > 100,
                        _ => false,
                    };
                    let bad = bad_width || *height == Some(0);
                    if bad {
                        return Err(problem(
                            format!("{path}[{i}]: an image's width or height is 0 or over 100 %"),
                            "give `width` as {\"px\": 1 or more} or {\"percent\": 1 to 100} and \
                             `height` as 1 or more pixels, or leave them out",
                        ));
                    }
                }
                other => {
                    if let Some(content) = other.children() {
                        self.inlines(content, &format!("{path}[{i}].content"))?
                    }
                }
            }
        }
        Ok(())
    }
}

/// A span's lines are 1-based and in order (what the schema says of the first; the second
/// it cannot say).
fn span(span: Option<Span>, at: &str) -> Result<(), Problem> {
    match span {
        Some(s) if s.start_line == 0 => Err(problem(
            format!("{at}.span: lines are counted from 1"),
            SPAN_HINT,
        )),
        Some(s) if s.end_line < s.start_line => Err(problem(
            format!(
                "{at}.span: end_line {} is before start_line {}",
                s.end_line, s.start_line
            ),
            SPAN_HINT,
        )),
        _ => Ok(()),
    }
}

fn level(level: u8, at: &str) -> Result<(), Problem> {
    if (1..=6).contains(&level) {
        Ok(())
    } else {
        Err(problem(
            format!("{at}: heading level {level} is not between 1 and 6"),
            "use a heading `level` from 1 to 6",
        ))
    }
}

fn nonempty(len: usize, what: &str, at: &str) -> Result<(), Problem> {
    if len == 0 {
        Err(problem(
            format!("{at}: `{what}` is empty"),
            "give it at least one entry, or write the block as a paragraph",
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Column, ColumnAlign, Footnote, TableCell, TableRow};

    fn section(id: &str, level: u8) -> Section {
        Section {
            id: id.into(),
            level,
            title: Vec::new(),
            span: None,
            blocks: Vec::new(),
            sections: Vec::new(),
            source: None,
        }
    }

    /// Each problem says what to change about it: a duplicate id was told that "every id must
    /// be unique, levels 1 to 6, tables rectangular", as was every other problem.
    #[test]
    fn each_problem_says_what_to_change() {
        let hint = |g: &Guide| check(g).unwrap_err().hint;
        let twice = Guide {
            sections: vec![section("steps", 2), section("steps", 2)],
            ..Guide::default()
        };
        assert!(hint(&twice).contains("`id` of its own"), "{}", hint(&twice));
        let deep = Guide {
            sections: vec![section("a", 7)],
            ..Guide::default()
        };
        assert!(hint(&deep).contains("from 1 to 6"), "{}", hint(&deep));
        let empty = Guide {
            blocks: vec![Block::Steps {
                span: None,
                steps: Vec::new(),
            }],
            ..Guide::default()
        };
        assert!(hint(&empty).contains("at least one"), "{}", hint(&empty));
        // The message is what `validate` gives.
        assert_eq!(
            check(&twice).unwrap_err().message,
            validate(&twice).unwrap_err()
        );
    }

    #[test]
    fn accepts_a_plain_guide() {
        let g = Guide {
            sections: vec![section("a", 2), section("b", 2)],
            ..Guide::default()
        };
        assert_eq!(validate(&g), Ok(()));
    }

    #[test]
    fn rejects_duplicate_and_empty_ids_and_bad_levels() {
        let g = Guide {
            sections: vec![section("a", 2), section("a", 2)],
            ..Guide::default()
        };
        assert!(
            validate(&g)
                .unwrap_err()
                .starts_with("sections[1]: the id `a` is used twice")
        );
        let g = Guide {
            sections: vec![section("", 2)],
            ..Guide::default()
        };
        assert!(validate(&g).unwrap_err().contains("empty"));
        let g = Guide {
            sections: vec![section("a", 0)],
            ..Guide::default()
        };
        assert!(validate(&g).unwrap_err().contains("level 0"));
    }

    /// Spans count lines from 1 and do not run backwards, wherever they are.
    #[test]
    fn rejects_spans_from_line_0_or_running_backwards() {
        let at = |start_line, end_line| {
            Some(Span {
                start_line,
                end_line,
            })
        };
        let mut s = section("a", 2);
        s.span = at(50, 3);
        let g = Guide {
            sections: vec![s],
            ..Guide::default()
        };
        assert_eq!(
            validate(&g),
            Err("sections[0].span: end_line 3 is before start_line 50".into())
        );
        let g = Guide {
            blocks: vec![Block::Code {
                span: at(0, 1),
                language: None,
                title: None,
                code: String::new(),
            }],
            ..Guide::default()
        };
        assert_eq!(
            validate(&g),
            Err("blocks[0].span: lines are counted from 1".into())
        );
        let g = Guide {
            blocks: vec![Block::ThematicBreak { span: at(4, 4) }],
            ..Guide::default()
        };
        assert_eq!(validate(&g), Ok(()));
    }

    #[test]
    fn rejects_margins_that_are_not_finite_lengths() {
        let mut g = Guide::default();
        for bad in [f32::INFINITY, f32::NAN, -1.0] {
            g.meta.theme.margins = Some(crate::model::Margins {
                top: Some(bad),
                ..Default::default()
            });
            assert!(validate(&g).unwrap_err().contains("margins.top"), "{bad}");
        }
        g.meta.theme.margins = Some(crate::model::Margins {
            left: Some(12.5),
            ..Default::default()
        });
        assert_eq!(validate(&g), Ok(()));
    }

    #[test]
    fn rejects_ragged_tables() {
        let cell = || TableCell {
            content: Vec::new(),
        };
        let table = Block::Table {
            span: None,
            columns: vec![
                Column {
                    align: ColumnAlign::None
                };
                2
            ],
            header: TableRow {
                cells: vec![cell(), cell()],
            },
            rows: vec![TableRow {
                cells: vec![cell()],
            }],
        };
        let g = Guide {
            blocks: vec![table],
            ..Guide::default()
        };
        assert_eq!(
            validate(&g).unwrap_err(),
            "blocks[0].rows[0]: 1 cells for 2 columns (every row has one cell per column)"
        );
    }

    #[test]
    fn rejects_dangling_footnote_references_and_bad_numbers() {
        let para = Block::Paragraph {
            span: None,
            content: vec![Inline::FootnoteRef {
                label: "x".into(),
                number: 1,
            }],
        };
        let g = Guide {
            blocks: vec![para.clone()],
            ..Guide::default()
        };
        assert!(validate(&g).unwrap_err().contains("names no footnote"));
        let note = Footnote {
            label: "x".into(),
            number: 0,
            span: None,
            blocks: Vec::new(),
        };
        let g = Guide {
            blocks: vec![para],
            footnotes: vec![note],
            ..Guide::default()
        };
        assert!(validate(&g).unwrap_err().contains("start at 1"));
    }

    #[test]
    fn a_reference_shows_its_footnotes_number() {
        let reference = |number| Block::Paragraph {
            span: None,
            content: vec![Inline::FootnoteRef {
                label: "x".into(),
                number,
            }],
        };
        let note = Footnote {
            label: "x".into(),
            number: 1,
            span: None,
            blocks: Vec::new(),
        };
        let g = Guide {
            blocks: vec![reference(2)],
            footnotes: vec![note.clone()],
            ..Guide::default()
        };
        assert!(
            validate(&g)
                .unwrap_err()
                .contains("shows 2, but its footnote is number 1")
        );
        let g = Guide {
            blocks: vec![reference(1)],
            footnotes: vec![note],
            ..Guide::default()
        };
        assert_eq!(validate(&g), Ok(()));
    }
}
