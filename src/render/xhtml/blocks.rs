//! Sections and blocks: the section tree, paragraphs, lists, steps, key points, questions and
//! answers, details, quotes, alerts, tables, code and figures.

use super::*;

impl<'g> XhtmlWriter<'g> {
    /// A section and everything in it, its heading at `level` (clamped to 1–6).
    pub fn section(&mut self, section: &'g Section, level: u8) {
        self.start("section", &[("class", "section")]);
        self.newline();
        let tag = heading_tag(level);
        match self.claim_id(&section.id) {
            Some(id) => self.start(tag, &[("id", &id)]),
            None => self.start(tag, &[]),
        }
        self.inlines(&section.title);
        self.end(tag);
        self.newline();
        self.blocks(&section.blocks, level);
        for sub in &section.sections {
            self.section(sub, level.saturating_add(1));
        }
        self.end("section");
        self.newline();
    }

    /// Blocks inside a part whose heading is at `level`.
    pub fn blocks(&mut self, blocks: &'g [Block], level: u8) {
        for b in blocks {
            self.block(b, level, false);
        }
    }

    pub(super) fn block(&mut self, block: &'g Block, level: u8, tight: bool) {
        match block {
            Block::Paragraph { content, .. } => {
                if let [image @ Inline::Image { .. }] = content.as_slice() {
                    self.figure(image);
                } else if tight {
                    self.inlines(content);
                } else {
                    self.start("p", &[]);
                    self.inlines(content);
                    self.end("p");
                    self.newline();
                }
            }
            Block::Heading {
                level: hl, content, ..
            } => {
                // A heading inside a list, quote or alert: never above the part it sits in.
                let tag = heading_tag((*hl).max(level.saturating_add(1)));
                self.start(tag, &[]);
                self.inlines(content);
                self.end(tag);
                self.newline();
            }
            Block::List {
                ordered,
                start,
                tight,
                items,
                ..
            } => {
                let tag = if *ordered { "ol" } else { "ul" };
                // `start` belongs to `ol` only (JSON input may give a bulleted list one).
                let start_s = start.filter(|&s| s != 1 && *ordered).map(|s| s.to_string());
                let has_tasks = items.iter().any(|i| i.checked.is_some());
                let mut attrs: Vec<(&str, &str)> = Vec::new();
                if let Some(s) = &start_s {
                    attrs.push(("start", s));
                }
                if has_tasks {
                    attrs.push(("class", "tasks"));
                }
                self.start(tag, &attrs);
                self.newline();
                for item in items {
                    match item.checked {
                        Some(done) => {
                            self.start("li", &[("class", "task")]);
                            // A checkbox needs an accessible name; the item's text is it (a
                            // `<label>` cannot hold the item's paragraphs).
                            let label = task_label(&item.blocks);
                            let mut a = vec![
                                ("type", "checkbox"),
                                ("disabled", "disabled"),
                                ("aria-label", label.as_str()),
                            ];
                            if done {
                                a.push(("checked", "checked"));
                            }
                            self.void("input", &a);
                            self.text(" ");
                        }
                        None => self.start("li", &[]),
                    }
                    for b in &item.blocks {
                        self.block(b, level, *tight);
                    }
                    self.end("li");
                    self.newline();
                }
                self.end(tag);
                self.newline();
            }
            Block::Steps { steps, .. } => self.steps(steps, level),
            Block::KeyPoints {
                ordered,
                start,
                points,
                ..
            } => self.key_points(*ordered, *start, points, level),
            Block::Details {
                open,
                summary,
                blocks,
                ..
            } => {
                if *open {
                    self.start("details", &[("open", "open")]);
                } else {
                    self.start("details", &[]);
                }
                self.start("summary", &[]);
                self.inlines(summary);
                self.end("summary");
                self.newline();
                for b in blocks {
                    self.block(b, level, false);
                }
                self.end("details");
                self.newline();
            }
            Block::QuestionAnswers { entries, .. } => self.questions(entries, level),
            Block::Quote { blocks, .. } => {
                self.start("blockquote", &[]);
                self.newline();
                for b in blocks {
                    self.block(b, level, false);
                }
                self.end("blockquote");
                self.newline();
            }
            Block::Alert {
                kind,
                title,
                blocks,
                ..
            } => {
                let class = format!("alert alert-{}", alert_class(*kind));
                self.start("aside", &[("class", &class), ("role", "note")]);
                self.newline();
                self.start("p", &[("class", "alert-title")]);
                let label = self.labels.alert_heading(*kind, title.as_deref());
                self.text(&label);
                self.end("p");
                self.newline();
                for b in blocks {
                    self.block(b, level, false);
                }
                self.end("aside");
                self.newline();
            }
            Block::Code {
                language,
                title,
                code,
                ..
            } => {
                // A title (the file the code belongs in) captions the code.
                let title = title.as_deref().filter(|t| !t.trim().is_empty());
                if let Some(t) = title {
                    self.start("figure", &[("class", "code")]);
                    self.start("figcaption", &[]);
                    self.text(t);
                    self.end("figcaption");
                }
                // Code reads left to right in a right-to-left document too (an attribute:
                // EPUB style sheets may not set `direction`).
                self.start("pre", if self.rtl { &[("dir", "ltr")] } else { &[] });
                let class = language
                    .as_deref()
                    .map(|l| l.split_whitespace().next().unwrap_or(""))
                    .filter(|l| !l.is_empty())
                    .map(|l| format!("language-{l}"));
                match &class {
                    Some(c) => self.start("code", &[("class", c)]),
                    None => self.start("code", &[]),
                }
                self.text(code);
                self.end("code");
                self.end("pre");
                if title.is_some() {
                    self.end("figure");
                }
                self.newline();
            }
            Block::Table {
                columns,
                header,
                rows,
                ..
            } => {
                let aligns: Vec<Option<&str>> = columns
                    .iter()
                    .map(|c| match c.align {
                        ColumnAlign::None => None,
                        ColumnAlign::Left => Some("text-align: left"),
                        ColumnAlign::Center => Some("text-align: center"),
                        ColumnAlign::Right => Some("text-align: right"),
                    })
                    .collect();
                self.start("table", &[]);
                self.newline();
                // A table with no header row has no `thead`.
                if !header.cells.is_empty() {
                    self.start("thead", &[]);
                    self.table_row(header, "th", &aligns);
                    self.end("thead");
                    self.newline();
                }
                if !rows.is_empty() {
                    self.start("tbody", &[]);
                    self.newline();
                    for row in rows {
                        self.table_row(row, "td", &aligns);
                    }
                    self.end("tbody");
                    self.newline();
                }
                self.end("table");
                self.newline();
            }
            Block::ThematicBreak { .. } => {
                self.void("hr", &[]);
                self.newline();
            }
            Block::RawHtml { html, .. } => {
                if !is_comment(html) {
                    self.start("pre", &[("class", "raw-html")]);
                    self.text(html.trim_end_matches('\n'));
                    self.end("pre");
                    self.newline();
                }
            }
        }
    }

    pub(super) fn table_row(&mut self, row: &'g TableRow, cell: &str, aligns: &[Option<&str>]) {
        self.start("tr", &[]);
        for (i, c) in row.cells.iter().enumerate() {
            match aligns.get(i).copied().flatten() {
                Some(style) => self.start(cell, &[("style", style)]),
                None => self.start(cell, &[]),
            }
            self.in_cell = true;
            self.inlines(&c.content);
            self.in_cell = false;
            self.end(cell);
        }
        self.end("tr");
        self.newline();
    }

    pub(super) fn steps(&mut self, steps: &'g [Step], level: u8) {
        let first = steps.first().map_or(1, |s| s.number);
        let start_s = first.to_string();
        if first == 1 {
            self.start("ol", &[("class", "steps")]);
        } else {
            self.start("ol", &[("class", "steps"), ("start", &start_s)]);
        }
        self.newline();
        for step in steps {
            let n = step.number.to_string();
            self.start("li", &[("class", "step"), ("value", &n)]);
            // A step marked by a directive may have no title: its body says it all.
            if !step.title.is_empty() {
                self.start("p", &[("class", "step-title")]);
                self.start("strong", &[]);
                self.inlines(&step.title);
                self.end("strong");
                self.end("p");
            }
            if !step.body.is_empty() {
                self.start("div", &[("class", "step-body")]);
                self.newline();
                self.blocks(&step.body, level);
                self.end("div");
            }
            self.end("li");
            self.newline();
        }
        self.end("ol");
        self.newline();
    }

    /// Key points keep the list's numbers or bullets; each item is `<strong>term</strong>：text`.
    pub(super) fn key_points(
        &mut self,
        ordered: bool,
        start: Option<u64>,
        points: &'g [KeyPoint],
        level: u8,
    ) {
        let tag = if ordered { "ol" } else { "ul" };
        let start_s = start.filter(|&s| s != 1).map(|s| s.to_string());
        match &start_s {
            Some(s) if ordered => self.start(tag, &[("class", "key-points"), ("start", s)]),
            _ => self.start(tag, &[("class", "key-points")]),
        }
        self.newline();
        for point in points {
            self.start("li", &[]);
            let mut rest: &'g [Block] = &point.body;
            self.start("p", &[]);
            self.start("strong", &[("class", "term")]);
            self.inlines(&point.term);
            self.end("strong");
            // The term's colon was written: it stays when a list, not text, follows.
            if let Some((Block::Paragraph { content, .. }, tail)) = point.body.split_first() {
                self.text(self.labels.colon);
                self.inlines(content);
                rest = tail;
            } else {
                self.text(self.labels.colon.trim_end());
            }
            self.end("p");
            for b in rest {
                self.block(b, level, false);
            }
            self.end("li");
            self.newline();
        }
        self.end(tag);
        self.newline();
    }

    pub(super) fn questions(&mut self, entries: &'g [QuestionAnswer], level: u8) {
        let tag = heading_tag(level.saturating_add(1));
        self.start("div", &[("class", "faq")]);
        self.newline();
        for qa in entries {
            self.start("section", &[("class", "qa")]);
            self.newline();
            match self.claim_id(&qa.id) {
                Some(id) => self.start(tag, &[("class", "question"), ("id", &id)]),
                None => self.start(tag, &[("class", "question")]),
            }
            self.start("span", &[("class", "qa-label")]);
            self.text(self.labels.question);
            self.end("span");
            self.text(" ");
            self.inlines(&qa.question);
            self.end(tag);
            self.newline();
            self.start("div", &[("class", "answer")]);
            self.newline();
            self.start("p", &[("class", "qa-label answer-label")]);
            self.text(self.labels.answer);
            self.end("p");
            self.newline();
            self.blocks(&qa.answer, level.saturating_add(1));
            self.end("div");
            self.newline();
            self.end("section");
            self.newline();
        }
        self.end("div");
        self.newline();
    }

    /// A paragraph that is one image: a figure, captioned with the image's title.
    pub(super) fn figure(&mut self, image: &Inline) {
        let Inline::Image {
            url, alt, title, ..
        } = image
        else {
            return;
        };
        match self.targets.images.get(url) {
            Some(_) => {
                self.start("figure", &[("class", "image")]);
                self.img(image, false);
                if let Some(t) = title.as_deref().filter(|t| !t.trim().is_empty()) {
                    self.start("figcaption", &[]);
                    self.text(t);
                    self.end("figcaption");
                }
                self.end("figure");
                self.newline();
            }
            None => {
                self.start("p", &[("class", "image-missing")]);
                self.missing_image(alt);
                self.end("p");
                self.newline();
            }
        }
    }

    pub(super) fn missing_image(&mut self, alt: &str) {
        self.start("span", &[("class", "image-alt")]);
        let text = self.labels.image_stand_in(alt);
        self.text(&text);
        self.end("span");
    }
}
