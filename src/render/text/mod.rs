//! The plain-text renderer (`txt`): a readable, wrapped text version of the guide.
//!
//! Layout: a title block (title underlined with `=`, then subtitle, authors and date), top-level
//! section headings underlined with `-` and deeper ones with `~`; steps as `步骤 1：标题` /
//! `Step 1: Title` with the body indented; questions marked `问：`/`Q:` and answers `答：`/`A:`;
//! lists with hanging indents; struck-out text between `~~` and inserted text between `++`;
//! block quotes and alerts behind `> `; code blocks verbatim,
//! indented four spaces; tables as grids aligned by display width (or, when a grid would not
//! fit the width, as one `header: value` record per row); links as `[n]` with their targets
//! listed at the end; footnotes at the end.
//!
//! Text is wrapped to [`RenderOptions::width`](super::RenderOptions::width) display columns by
//! [`wrap::wrap`], which breaks Chinese between characters and Latin text at spaces and never starts
//! a line with closing punctuation nor ends one with opening punctuation.

pub mod wrap;

use std::collections::HashMap;

use super::labels::Labels;
use super::{RenderContext, RenderError, Renderer};
use crate::model::{
    Block, ColumnAlign, Guide, Inline, KeyPoint, ListItem, Section, Step, TableRow,
};
use wrap::{width, wrap, wrap_hanging};

/// The `txt` renderer.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextRenderer;

impl Renderer for TextRenderer {
    fn id(&self) -> &str {
        "txt"
    }
    fn extension(&self) -> &str {
        "txt"
    }
    fn media_type(&self) -> &str {
        "text/plain; charset=utf-8"
    }
    fn description(&self) -> &str {
        "plain text wrapped to --width columns, CJK-aware"
    }
    fn render(&self, guide: &Guide, ctx: &mut RenderContext) -> Result<Vec<u8>, RenderError> {
        let guide = crate::render::sanitize::for_output(guide, ctx);
        Ok(render_text(&guide, ctx.options.width).into_bytes())
    }
}

/// Narrowest width the renderer lays out for; narrower requests are raised to this.
const MIN_WIDTH: usize = 16;

/// Renders a guide as text wrapped to `width` columns.
pub fn render_text(guide: &Guide, width: usize) -> String {
    let width = width.max(MIN_WIDTH);
    let lang = guide.language();
    let mut w = Writer {
        labels: Labels::for_lang(&lang),
        links: Vec::new(),
        link_numbers: HashMap::new(),
    };
    let mut out: Vec<String> = Vec::new();

    // Title block.
    if !guide.meta.title.is_empty() {
        // The heading's own inlines when it had formatting: a footnote reference or a link in
        // the title is shown as in the body.
        let title = if guide.meta.title_content.is_empty() {
            guide.meta.title.clone()
        } else {
            w.inline_text(&guide.meta.title_content)
        };
        let title = wrap(&title, width);
        let underline = title.iter().map(|l| width_of(l)).max().unwrap_or(0);
        out.extend(title);
        out.push("=".repeat(underline));
    }
    let mut byline = Vec::new();
    if let Some(sub) = &guide.meta.subtitle {
        byline.extend(wrap(sub, width));
    }
    if !guide.meta.authors.is_empty() {
        let sep = if w.labels.colon == "：" { "、" } else { ", " };
        byline.extend(wrap(
            &format!(
                "{}{}{}",
                w.labels.by,
                w.labels.colon,
                guide.meta.authors.join(sep)
            ),
            width,
        ));
    }
    if let Some(date) = &guide.meta.date {
        byline.extend(wrap(date, width));
    }
    if !byline.is_empty() {
        if !out.is_empty() {
            out.push(String::new());
        }
        out.extend(byline);
    }

    let body = w.blocks(&guide.blocks, width, false);
    push_part(&mut out, body);
    for s in &guide.sections {
        let part = w.section(s, 0, width);
        push_part(&mut out, part);
    }

    if !guide.footnotes.is_empty() {
        let mut notes = heading(w.labels.footnotes, '-', width);
        notes.push(String::new());
        for f in &guide.footnotes {
            let marker = format!("[^{}] ", f.number);
            let inner = w.blocks(&f.blocks, sub(width, width_of(&marker)), false);
            notes.extend(hang(&marker, inner));
        }
        push_part(&mut out, notes);
    }
    if !w.links.is_empty() {
        let mut links = heading(w.labels.links, '-', width);
        links.push(String::new());
        for (i, url) in w.links.iter().enumerate() {
            let marker = format!("[{}] ", i + 1);
            links.extend(hang(&marker, wrap(url, sub(width, width_of(&marker)))));
        }
        push_part(&mut out, links);
    }

    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// `width - n`, but never narrower than a few columns (deep nesting on a narrow page).
fn sub(width: usize, n: usize) -> usize {
    width.saturating_sub(n).max(4)
}

fn width_of(s: &str) -> usize {
    width(s)
}

/// Appends a part after a blank line.
fn push_part(out: &mut Vec<String>, part: Vec<String>) {
    if part.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push(String::new());
    }
    out.extend(part);
}

/// A heading: wrapped text and an underline of `ch` as wide as its widest line.
fn heading(text: &str, ch: char, width: usize) -> Vec<String> {
    let mut lines = wrap(text, width);
    let w = lines.iter().map(|l| width_of(l)).max().unwrap_or(0);
    lines.push(ch.to_string().repeat(w.max(1)));
    lines
}

/// Prefixes the first line with `marker` and indents the rest by its width; blank lines stay
/// blank.
fn hang(marker: &str, lines: Vec<String>) -> Vec<String> {
    let pad = " ".repeat(width_of(marker));
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{marker}{l}").trim_end().to_owned()
            } else if l.is_empty() {
                l
            } else {
                format!("{pad}{l}")
            }
        })
        .collect()
}

/// Prefixes every line with `prefix` (trimmed on blank lines).
fn prefix_all(prefix: &str, lines: Vec<String>) -> Vec<String> {
    lines
        .into_iter()
        .map(|l| {
            if l.is_empty() {
                prefix.trim_end().to_owned()
            } else {
                format!("{prefix}{l}")
            }
        })
        .collect()
}

/// Rendering state: labels and the numbered link targets.
struct Writer {
    labels: &'static Labels,
    links: Vec<String>,
    link_numbers: HashMap<String, usize>,
}

impl Writer {
    fn section(&mut self, s: &Section, depth: usize, width: usize) -> Vec<String> {
        let title = self.inline_text(&s.title);
        let mut out = heading(&title, if depth == 0 { '-' } else { '~' }, width);
        let body = self.blocks(&s.blocks, width, false);
        push_part(&mut out, body);
        for sub in &s.sections {
            let part = self.section(sub, depth + 1, width);
            push_part(&mut out, part);
        }
        out
    }

    /// Renders blocks separated by blank lines.
    fn blocks(&mut self, blocks: &[Block], width: usize, in_answer: bool) -> Vec<String> {
        let mut out = Vec::new();
        for b in blocks {
            let lines = self.block(b, width, in_answer);
            push_part(&mut out, lines);
        }
        out
    }

    fn block(&mut self, block: &Block, width: usize, in_answer: bool) -> Vec<String> {
        let width = width.max(MIN_WIDTH / 2);
        match block {
            Block::Paragraph { content, .. } => wrap(&self.inline_text(content), width),
            Block::Heading { content, .. } => wrap(&self.inline_text(content), width),
            Block::List {
                ordered,
                start,
                tight,
                items,
                ..
            } => self.list(*ordered, start.unwrap_or(1), *tight, items, width),
            Block::Steps { steps, .. } => {
                if in_answer {
                    self.steps_as_list(steps, width)
                } else {
                    self.steps(steps, width)
                }
            }
            Block::KeyPoints {
                ordered,
                start,
                points,
                ..
            } => self.key_points(*ordered, start.unwrap_or(1), points, width),
            Block::Details {
                summary, blocks, ..
            } => {
                // Paper cannot fold: the summary as a lead line, the content below it,
                // indented under the summary's text so that where it ends shows (flat, a box
                // inside a box ran into what follows).
                let mut out = wrap(&format!("▸ {}", self.inline_text(summary)), width);
                push_part(
                    &mut out,
                    hang("  ", self.blocks(blocks, sub(width, 2), in_answer)),
                );
                out
            }
            Block::QuestionAnswers { entries, .. } => {
                let mut out = Vec::new();
                for e in entries {
                    let q = format!("{}{}", self.labels.question, self.labels.colon);
                    let a = format!("{}{}", self.labels.answer, self.labels.colon);
                    let pad = width_of(&q).max(width_of(&a));
                    let q = format!("{q:<pad$}", pad = pad + q.chars().count() - width_of(&q));
                    let a = format!("{a:<pad$}", pad = pad + a.chars().count() - width_of(&a));
                    let question = self.inline_text(&e.question);
                    let mut entry = hang(&q, wrap(&question, sub(width, width_of(&q))));
                    let answer = self.blocks(&e.answer, sub(width, width_of(&a)), true);
                    entry.extend(hang(&a, answer));
                    push_part(&mut out, entry);
                }
                out
            }
            Block::Quote { blocks, .. } => {
                prefix_all("> ", self.blocks(blocks, sub(width, 2), in_answer))
            }
            Block::Alert {
                kind,
                title,
                blocks,
                ..
            } => {
                let label = self.labels.alert_heading(*kind, title.as_deref());
                let mut inner = vec![label];
                inner.extend(self.blocks(blocks, sub(width, 2), in_answer));
                prefix_all("> ", inner)
            }
            // Code keeps every character, trailing spaces included: it is copied from here.
            // Its title (a file name) is a line of its own before it, ending in a colon.
            Block::Code { code, title, .. } => title
                .as_deref()
                .filter(|t| !t.trim().is_empty())
                .map(|t| format!("{}{}", t.trim(), self.labels.colon.trim_end()))
                .into_iter()
                .chain(code.trim_end_matches('\n').split('\n').map(|l| {
                    if l.is_empty() {
                        String::new()
                    } else {
                        format!("    {l}")
                    }
                }))
                .collect(),
            Block::Table {
                columns,
                header,
                rows,
                ..
            } => {
                let aligns: Vec<ColumnAlign> = columns.iter().map(|c| c.align).collect();
                self.table(&aligns, header, rows, width)
            }
            Block::ThematicBreak { .. } => {
                let mark = "*  *  *";
                vec![format!(
                    "{}{mark}",
                    " ".repeat(width.saturating_sub(mark.len()) / 2)
                )]
            }
            Block::RawHtml { html, .. } => {
                let text = strip_tags(html);
                let text = text.trim();
                if text.is_empty() {
                    Vec::new()
                } else {
                    wrap(text, width)
                }
            }
        }
    }

    fn list(
        &mut self,
        ordered: bool,
        start: u64,
        tight: bool,
        items: &[ListItem],
        width: usize,
    ) -> Vec<String> {
        let last = start.saturating_add(items.len() as u64).saturating_sub(1);
        let marker_width = if ordered {
            last.to_string().len() + 2
        } else {
            2
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let mut marker = if ordered {
                format!(
                    "{:<marker_width$}",
                    format!("{}.", start.saturating_add(i as u64))
                )
            } else {
                "- ".to_owned()
            };
            if let Some(checked) = item.checked {
                marker.push_str(if checked { "[x] " } else { "[ ] " });
            }
            let inner_width = sub(width, width_of(&marker));
            let inner = if tight {
                // A tight list keeps an item's paragraph and its nested list together.
                let mut lines = Vec::new();
                for b in &item.blocks {
                    lines.extend(self.block(b, inner_width, false));
                }
                lines
            } else {
                self.blocks(&item.blocks, inner_width, false)
            };
            let inner = if inner.is_empty() {
                vec![String::new()]
            } else {
                inner
            };
            if !tight && i > 0 {
                out.push(String::new());
            }
            out.extend(hang(&marker, inner));
        }
        out
    }

    fn steps(&mut self, steps: &[Step], width: usize) -> Vec<String> {
        let mut out = Vec::new();
        for s in steps {
            let marker = format!("{} {}{}", self.labels.step, s.number, self.labels.colon);
            let title = self.inline_text(&s.title);
            if title.is_empty() && !s.body.is_empty() {
                // A step without a title (marked by a directive): its body follows the label.
                let body = self.blocks(&s.body, sub(width, width_of(&marker)), false);
                push_part(&mut out, hang(&marker, body));
                continue;
            }
            let mut lines = hang(&marker, wrap(&title, sub(width, width_of(&marker))));
            let body = self.blocks(&s.body, sub(width, 4), false);
            lines.extend(prefix_all("    ", body));
            push_part(&mut out, lines);
        }
        out
    }

    /// Steps inside an answer read better as a numbered list of `title：body` items.
    fn steps_as_list(&mut self, steps: &[Step], width: usize) -> Vec<String> {
        let last = steps.last().map_or(1, |s| s.number);
        let marker_width = last.to_string().len() + 2;
        let items: Vec<_> = steps
            .iter()
            .map(|s| {
                let marker = format!("{:<marker_width$}", format!("{}.", s.number));
                (marker, s.title.as_slice(), s.body.as_slice())
            })
            .collect();
        self.term_list(items, marker_width, width)
    }

    /// Key points keep the source list's numbers or bullets: `1. 安全考虑：…`.
    fn key_points(
        &mut self,
        ordered: bool,
        start: u64,
        points: &[KeyPoint],
        width: usize,
    ) -> Vec<String> {
        let last = start.saturating_add(points.len() as u64).saturating_sub(1);
        let marker_width = if ordered {
            last.to_string().len() + 2
        } else {
            2
        };
        let items: Vec<_> = points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let marker = if ordered {
                    format!(
                        "{:<marker_width$}",
                        format!("{}.", start.saturating_add(i as u64))
                    )
                } else {
                    "- ".to_owned()
                };
                (marker, p.term.as_slice(), p.body.as_slice())
            })
            .collect();
        self.term_list(items, marker_width, width)
    }

    /// Items of `marker term：body`, the body's first paragraph run on after the term.
    fn term_list(
        &mut self,
        items: Vec<(String, &[Inline], &[Block])>,
        marker_width: usize,
        width: usize,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for (marker, term, body) in items {
            let inner_width = sub(width, marker_width);
            let mut text = self.inline_text(term);
            let mut rest: &[Block] = body;
            if let Some((Block::Paragraph { content, .. }, tail)) = body.split_first() {
                if !text.is_empty() {
                    text.push_str(self.labels.colon);
                }
                text.push_str(&self.inline_text(content));
                rest = tail;
            } else if !text.is_empty() {
                // The term's colon was written: it stays when a list, not text, follows.
                text.push_str(self.labels.colon.trim_end());
            }
            let mut inner = wrap(&text, inner_width);
            let more = self.blocks(rest, inner_width, true);
            push_part(&mut inner, more);
            out.extend(hang(&marker, inner));
        }
        out
    }

    fn table(
        &mut self,
        aligns: &[ColumnAlign],
        header: &TableRow,
        rows: &[TableRow],
        width: usize,
    ) -> Vec<String> {
        // A line break in a cell (`9–12<br>14–17`) stays one: the row takes as many lines as
        // its tallest cell (as a space, the two ranges read as one).
        let cell_text = |w: &mut Writer, row: &TableRow| -> Vec<String> {
            row.cells
                .iter()
                .map(|c| w.inline_text(&c.content))
                .collect()
        };
        let head = cell_text(self, header);
        let body: Vec<Vec<String>> = rows.iter().map(|r| cell_text(self, r)).collect();
        let n = aligns.len().max(head.len());
        let mut widths = vec![1usize; n];
        for row in std::iter::once(&head).chain(body.iter()) {
            for (i, c) in row.iter().enumerate().take(n) {
                for l in c.split('\n') {
                    widths[i] = widths[i].max(width_of(l));
                }
            }
        }
        let total: usize = widths.iter().sum::<usize>() + 3 * n + 1;
        if total > width {
            // In records, a line break in a value is ` / `: the value wraps as one text.
            let flat = |row: &Vec<String>| -> Vec<String> {
                row.iter().map(|c| c.replace('\n', " / ")).collect()
            };
            // A header alone (a row of sponsors' logos) is the table's content: its cells
            // are the one record, unlabelled; as labels of no rows they vanished.
            if body.is_empty() {
                return self.table_records(&[], &[flat(&head)], width);
            }
            let body: Vec<Vec<String>> = body.iter().map(flat).collect();
            return self.table_records(&flat(&head), &body, width);
        }
        let fmt_row = |row: &[String]| -> String {
            let mut line = String::from("|");
            for (i, w) in widths.iter().enumerate() {
                let cell = row.get(i).map_or("", String::as_str);
                let gap = w - width_of(cell);
                let (left, right) = match aligns.get(i).copied().unwrap_or(ColumnAlign::None) {
                    ColumnAlign::Right => (gap, 0),
                    ColumnAlign::Center => (gap / 2, gap - gap / 2),
                    _ => (0, gap),
                };
                line.push_str(&format!(
                    " {}{cell}{} |",
                    " ".repeat(left),
                    " ".repeat(right)
                ));
            }
            line
        };
        // One line per line of the row's tallest cell.
        let fmt_rows = |row: &[String]| -> Vec<String> {
            let cells: Vec<Vec<&str>> = row.iter().map(|c| c.split('\n').collect()).collect();
            let height = cells.iter().map(Vec::len).max().unwrap_or(1);
            (0..height)
                .map(|k| {
                    let line: Vec<String> = cells
                        .iter()
                        .map(|c| c.get(k).copied().unwrap_or("").to_owned())
                        .collect();
                    fmt_row(&line)
                })
                .collect()
        };
        // A table with no header row (an HTML table of `<td>` cells only) is its rows.
        if head.is_empty() {
            return body.iter().flat_map(|r| fmt_rows(r)).collect();
        }
        let mut out = fmt_rows(&head);
        let mut rule = String::from("|");
        for (i, w) in widths.iter().enumerate() {
            let (l, r) = match aligns.get(i).copied().unwrap_or(ColumnAlign::None) {
                ColumnAlign::Left => (":", "-"),
                ColumnAlign::Right => ("-", ":"),
                ColumnAlign::Center => (":", ":"),
                ColumnAlign::None => ("-", "-"),
            };
            rule.push_str(&format!("{l}{}{r}|", "-".repeat(*w)));
        }
        out.push(rule);
        out.extend(body.iter().flat_map(|r| fmt_rows(r)));
        out
    }

    /// A table too wide for the line: one record per row, `header: value` lines.
    fn table_records(
        &mut self,
        head: &[String],
        body: &[Vec<String>],
        width: usize,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for row in body {
            let mut rec = Vec::new();
            for (i, cell) in row.iter().enumerate() {
                // With no header, or an empty header cell (the corner of a grid whose first
                // column names the rows), a value stands alone: no name, no colon.
                let marker = match head.get(i).filter(|name| !name.trim().is_empty()) {
                    Some(name) => format!("{name}{}", self.labels.colon),
                    None => String::new(),
                };
                let marker_w = width_of(&marker).min(width / 2);
                let lines = if width_of(&marker) == marker_w {
                    // The label is never broken (`参` / `数：…` when the value is one long
                    // word): the value wraps beside it.
                    let mut lines = wrap_hanging(cell, sub(width, marker_w), sub(width, marker_w));
                    lines[0] = format!("{marker}{}", lines[0]);
                    lines
                } else {
                    wrap_hanging(&format!("{marker}{cell}"), width, sub(width, marker_w))
                };
                rec.extend(lines.into_iter().enumerate().map(|(j, l)| {
                    if j == 0 {
                        l
                    } else {
                        format!("{}{l}", " ".repeat(marker_w))
                    }
                }));
            }
            push_part(&mut out, rec);
        }
        out
    }

    /// Inline content as text: links get `[n]`, footnote references `[^n]`, images their alt
    /// text.
    fn inline_text(&mut self, content: &[Inline]) -> String {
        let mut s = String::new();
        self.push_inlines(content, &mut s);
        s
    }

    fn push_inlines(&mut self, content: &[Inline], s: &mut String) {
        for inline in content {
            match inline {
                Inline::Text { text } => s.push_str(text),
                Inline::Code { code } => s.push_str(code),
                Inline::Emphasis { content }
                | Inline::Strong { content }
                | Inline::Highlight { content }
                | Inline::Small { content } => self.push_inlines(content, s),
                // Struck-out and inserted text change what the sentence says (`~~99 元~~ 49
                // 元`): marked as Markdown and markdown-it write them.
                Inline::Strikethrough { content } => {
                    s.push_str("~~");
                    self.push_inlines(content, s);
                    s.push_str("~~");
                }
                Inline::Inserted { content } => {
                    s.push_str("++");
                    self.push_inlines(content, s);
                    s.push_str("++");
                }
                Inline::Keyboard { content } => {
                    s.push('[');
                    self.push_inlines(content, s);
                    s.push(']');
                }
                Inline::Superscript { content } => self.push_script('^', content, s),
                Inline::Subscript { content } => self.push_script('_', content, s),
                Inline::Abbreviation { title, content } => {
                    self.push_inlines(content, s);
                    if let Some(t) = title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                        s.push_str(&format!(" ({t})"));
                    }
                }
                Inline::Link { url, content, .. } => {
                    let before = s.len();
                    self.push_inlines(content, s);
                    let text = &s[before..];
                    let is_self = text == url || url.strip_prefix("mailto:") == Some(text);
                    if !url.starts_with('#') && !is_self && !url.is_empty() {
                        let n = self.link_number(url);
                        s.push_str(&format!("[{n}]"));
                    }
                }
                Inline::Image { alt, title, .. } => {
                    // The title too, as the other formats' caption shows it (`alt — title`).
                    let mut what = alt.clone();
                    if let Some(t) = title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                        if !what.is_empty() {
                            what.push_str(" — ");
                        }
                        what.push_str(t);
                    }
                    s.push_str(&self.labels.image_stand_in(&what));
                }
                Inline::LineBreak => s.push('\n'),
                Inline::FootnoteRef { number, .. } => s.push_str(&format!("[^{number}]")),
                Inline::RawHtml { html } => s.push_str(&strip_tags(html)),
            }
        }
    }

    /// `x^2`, `H_2O`; a script of more than one character is bracketed: `x^(n+1)`.
    fn push_script(&mut self, mark: char, content: &[Inline], s: &mut String) {
        let text = self.inline_text(content);
        s.push(mark);
        if text.chars().count() == 1 {
            s.push_str(&text);
        } else {
            s.push('(');
            s.push_str(&text);
            s.push(')');
        }
    }

    fn link_number(&mut self, url: &str) -> usize {
        if let Some(&n) = self.link_numbers.get(url) {
            return n;
        }
        self.links.push(url.to_owned());
        let n = self.links.len();
        self.link_numbers.insert(url.to_owned(), n);
        n
    }
}

/// Text of an HTML fragment: comments and tags removed.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
        } else if rest.starts_with('<') {
            rest = rest.find('>').map_or("", |i| &rest[i + 1..]);
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(md: &str) -> Guide {
        crate::parse::parse_str(md, &crate::parse::Origin::named("t.md"))
            .unwrap()
            .guide
    }

    /// The text output of `md`, with the default options.
    fn rendered(md: &str) -> String {
        let mut ctx = RenderContext::for_input(
            std::path::PathBuf::from("t.md"),
            None,
            crate::render::RenderOptions::default(),
        );
        String::from_utf8(TextRenderer.render(&parsed(md), &mut ctx).unwrap()).unwrap()
    }

    #[test]
    fn strips_html() {
        assert_eq!(strip_tags("<!-- c -->a<b>b</b><br/>c"), "abc");
        assert_eq!(strip_tags("x < y"), "x ");
    }

    /// Code is copied from the text output: every character stays, trailing spaces and tabs
    /// included.
    #[test]
    fn code_keeps_trailing_spaces_and_tabs() {
        let md = "# T\n\n```\na   \nb\tc  \n```\n";
        let out = rendered(md);
        assert!(out.contains("\n    a   \n    b\tc  \n"), "{out:?}");
    }

    /// A collapsible box's content hangs under its summary, a box inside it deeper, so that
    /// where each ends shows (flat, "Back in the outer box." read as the inner box's).
    #[test]
    fn details_content_hangs_under_its_summary() {
        let md = "# T\n\n<details>\n<summary>Outer</summary>\n\nIn outer.\n\n<details>\n<summary>Inner</summary>\n\nIn inner.\n\n</details>\n\nBack in outer.\n\n</details>\n\nOutside.\n";
        let out = rendered(md);
        assert!(
            out.contains("\n▸ Outer\n\n  In outer.\n\n  ▸ Inner\n\n    In inner.\n\n  Back in outer.\n\nOutside.\n"),
            "{out}"
        );
    }

    /// A line break in a table cell (`9–12<br>14–17`) stays a line break: the row takes two
    /// lines (as a space, the two ranges read as one); in a record, it is ` / `.
    #[test]
    fn a_line_break_in_a_cell_stays_one() {
        let md = "# T\n\n| Day | Hours |\n|---|---|\n| Mon | 9–12<br>14–17 |\n| Tue | 9–12 |\n";
        let out = rendered(md);
        assert!(
            out.contains("| Mon | 9–12  |\n|     | 14–17 |\n| Tue | 9–12  |\n"),
            "{out}"
        );
        let out = render_text(&parsed(&md.replace("Hours", "Opening hours")), 16);
        let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("Opening hours: 9–12 / 14–17"), "{out}");
    }

    /// An image's title is shown with its alt text, as the other formats' caption shows it.
    #[test]
    fn an_image_shows_its_title() {
        let out = rendered("# T\n\n![Oven dial](dial.png \"Set to 180 °C, fan off\")\n");
        assert!(
            out.contains("[Image: Oven dial — Set to 180 °C, fan off]"),
            "{out}"
        );
    }

    /// A table too wide for the line becomes `label：value` records; a label is never broken,
    /// even when the value is one word longer than the line.
    #[test]
    fn record_labels_are_not_broken() {
        let md = "# 表\n\n| 参数 | 说明 |\n|---|---|\n\
                  | `--output-directory-for-generated-artifacts=/usr/local/share/out` | 很长的说明文字需要换行才能放得下这一整句话 |\n";
        let guide = parsed(md);
        let out = render_text(&guide, 40);
        let lines: Vec<&str> = out.lines().collect();
        assert!(
            lines
                .contains(&"参数：--output-directory-for-generated-artifacts=/usr/local/share/out"),
            "{out}"
        );
        // The long description wraps beside its label, indented under the value.
        let k = lines.iter().position(|l| l.starts_with("说明：")).unwrap();
        assert!(
            lines[k + 1].starts_with("      ") && !lines[k + 1].trim().is_empty(),
            "{out}"
        );
    }

    /// A record's value under an empty header cell (a grid's corner) stands alone: a line
    /// that started with a bare `：` had a label of nothing and broke the line-start rule.
    #[test]
    fn an_empty_header_cell_gives_no_label() {
        let md = "# 计划\n\n| | 短期 | 中期 |\n|---|---|---|\n\
                  | 阅读系统设计主题，了解系统如何工作，这一格写得比较长 | 是 | 否 |\n";
        let out = render_text(&parsed(md), 40);
        let lines: Vec<&str> = out.lines().collect();
        assert!(
            lines.contains(&"阅读系统设计主题，了解系统如何工作，这一"),
            "{out}"
        );
        assert!(lines.contains(&"短期：是"), "{out}");
        assert!(!out.lines().any(|l| l.starts_with('：')), "{out}");
    }

    /// A table of a header row only, too wide for the line, keeps its cells: as labels of
    /// no records, they vanished in silence (HelloGitHub's sponsors).
    #[test]
    fn a_wide_table_of_only_a_header_keeps_its_cells() {
        let md = "# 表\n\n| 第一列的标题比较长一些用来撑宽 | 第二列的标题也比较长 | 第三列 |\n|---|---|---|\n\n正文结束。\n";
        let out = render_text(&parsed(md), 40);
        let lines: Vec<&str> = out.lines().collect();
        for cell in [
            "第一列的标题比较长一些用来撑宽",
            "第二列的标题也比较长",
            "第三列",
        ] {
            assert!(lines.contains(&cell), "{cell}: {out}");
        }
        assert!(out.contains("正文结束。"), "{out}");
    }

    /// A footnote reference in the title heading is kept, as in the body: its note is listed.
    #[test]
    fn the_titles_footnote_reference_is_kept() {
        let md = "# 标题[^1]\n\n正文。\n\n[^1]: 注。\n";
        let guide = parsed(md);
        let out = render_text(&guide, 72);
        assert!(out.starts_with("标题[^1]\n========\n"), "{out:?}");
        assert!(out.contains("[^1] 注。"), "{out:?}");
    }

    #[test]
    fn hanging_indent() {
        assert_eq!(
            hang("1. ", vec!["a".into(), String::new(), "b".into()]),
            ["1. a", "", "   b"]
        );
    }
}
