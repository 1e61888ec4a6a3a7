//! Raw HTML in Markdown → model: the safe part keeps its meaning, the rest keeps its text.
//!
//! HTML is read with a WHATWG tokenizer (html5gum), so quoting, case, entities and malformed
//! tags are handled the way a browser handles them. What it becomes:
//!
//! - **Inline elements with a meaning in the model**: `<kbd>` → [`Inline::Keyboard`],
//!   `<sup>`/`<sub>` → superscript/subscript, `<mark>` → highlight, `<abbr title>` →
//!   abbreviation, `<ins>` → inserted, `<del>`/`<s>`/`<strike>` → strikethrough, `<small>` →
//!   small print, `<b>`/`<strong>` → strong, `<i>`/`<em>` → emphasis, `<code>`/`<tt>`/`<samp>`
//!   → code, `<a href>` → link, `<img src alt>` → image, `<br>` → line break.
//! - **Blocks**: `<details>`/`<summary>` → [`Block::Details`] (its content may be Markdown
//!   between the opening and closing HTML blocks), `<p>`, `<div>` and other containers →
//!   paragraphs, `<h1>`–`<h6>` → headings, `<ul>`/`<ol>`/`<li>` → lists, `<blockquote>` →
//!   quote, `<pre>` → code, `<hr>` → thematic break, `<table>` → [`Block::Table`] (the first
//!   row its header; a paragraph in a cell a line in it). A table with a cell spanning rows
//!   or columns cannot be a guide's table: its rows become paragraphs, with a warning.
//! - **Active content never passes**: `<script>`, `<style>`, `<iframe>`, `<object>`, `<embed>`,
//!   `<template>`, … are removed *with their content*; event attributes are never read;
//!   `javascript:`, `vbscript:` and `data:` link targets are dropped (the link text stays).
//! - **Everything else** keeps its text and loses its tags, with one warning per kind of tag.
//! - **Comments** are dropped silently: they were never meant to be read. A comment of the form
//!   `<!-- guidepress: … -->` is a directive (see [`super`]).

use std::collections::BTreeMap;

use html5gum::{DefaultEmitter, Token, Tokenizer};

use crate::model::{Block, Inline, Length, ListItem, Span, plain_text};

/// HTML elements nested deeper than this (inline elements in inline elements, or containers in
/// containers) lose their tags and keep their content: the model stays shallow enough for every
/// renderer's recursion, and pretty-printed JSON stays linear in size (each level indents).
pub(crate) const MAX_HTML_NESTING: usize = 32;

/// One HTML token, decoded.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    /// `<name attr="…">` (names in lower case).
    Open {
        name: String,
        attrs: BTreeMap<String, String>,
        self_closing: bool,
    },
    /// `</name>`.
    Close(String),
    /// Text, entities decoded.
    Text(String),
    /// `<!-- … -->`, its inside.
    Comment(String),
}

/// Tokenizes an HTML fragment. The content of `<script>`, `<style>` and the like is read as
/// raw text (the tokenizer switches state on those tags), so it cannot hide tags.
pub(crate) fn tokens(html: &str) -> Vec<Tok> {
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    let lossy = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let mut out = Vec::new();
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(t) => out.push(Tok::Open {
                name: lossy(&t.name).to_ascii_lowercase(),
                attrs: t
                    .attributes
                    .iter()
                    .map(|(k, v)| (lossy(k).to_ascii_lowercase(), lossy(v)))
                    .collect(),
                self_closing: t.self_closing,
            }),
            // `</br>` is a line break: HTML parsers read it as `<br>` (HTML's tree
            // construction rules say so, and browsers and GitHub show the break).
            Token::EndTag(t) if t.name.eq_ignore_ascii_case(b"br") => out.push(Tok::Open {
                name: "br".to_owned(),
                attrs: BTreeMap::new(),
                self_closing: true,
            }),
            Token::EndTag(t) => out.push(Tok::Close(lossy(&t.name).to_ascii_lowercase())),
            Token::String(s) => match out.last_mut() {
                Some(Tok::Text(prev)) => prev.push_str(&lossy(&s)),
                _ => out.push(Tok::Text(lossy(&s))),
            },
            Token::Comment(c) => out.push(Tok::Comment(lossy(&c))),
            Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    out
}

/// Why a tag produced a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Dropped {
    /// The tag has no meaning in the model: its text is kept, the tag is not.
    TagOnly,
    /// Active or embedded content: removed with everything inside it.
    WithContent,
    /// A link whose target is active (`javascript:`): the text is kept, the link is not.
    ActiveLink,
    /// A table with cells spanning rows or columns, which a guide's table cannot hold: its
    /// rows are kept as paragraphs.
    TableSpans,
}

/// Elements removed together with their content.
fn drops_content(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "iframe"
            | "object"
            | "embed"
            | "applet"
            | "template"
            | "noscript"
            | "noembed"
            | "noframes"
            | "frameset"
            | "frame"
            | "svg"
            | "math"
            | "canvas"
            | "audio"
            | "video"
            | "select"
            | "textarea"
            | "button"
            | "form"
            | "input"
            | "head"
            | "title"
            | "link"
            | "meta"
            | "base"
    )
}

/// Void elements: no end tag follows.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Whether a link's target must not be followed: an [active one](is_active_url), or a file
/// on the reader's own disk (`file:`), to which no format links. The parser says so where it
/// is written, once for every format.
pub(crate) fn is_unlinkable_url(url: &str) -> bool {
    is_active_url(url) || squeezed_start(url).starts_with("file:")
}

/// The first characters of a URL as browsers read its scheme: ASCII whitespace and controls
/// ignored, lower case.
fn squeezed_start(url: &str) -> String {
    url.chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Whether a URL would run code or embed a document when followed: such targets never reach
/// any output. The scheme is read as browsers read it, ignoring ASCII whitespace and controls.
pub(crate) fn is_active_url(url: &str) -> bool {
    let squeezed = squeezed_start(url);
    squeezed.starts_with("javascript:")
        || squeezed.starts_with("vbscript:")
        || squeezed.starts_with("data:")
}

/// A block container open in HTML.
#[derive(Debug)]
enum Container {
    /// The outermost level.
    Root,
    /// `<details>`; the summary once read.
    Details {
        open: bool,
        summary: Option<Vec<Inline>>,
    },
    /// `<blockquote>`.
    Quote,
    /// `<ul>` or `<ol>`, with the items closed so far. `implicit`: opened by an `<li>` that
    /// stands outside any list, so no `</ul>` will come to close it.
    List {
        ordered: bool,
        start: Option<u64>,
        items: Vec<ListItem>,
        implicit: bool,
    },
    /// `<li>`.
    Item,
    /// `<table>`: the rows read so far, each cell with whether it is a header cell (`<th>`),
    /// and whether a cell spans rows or columns.
    Table {
        rows: Vec<Vec<(bool, Vec<Inline>)>>,
        spans: bool,
    },
}

/// What is collected while inline content is being read.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Collect {
    Paragraph,
    Heading(u8),
    Summary,
    /// A table cell's content; whether it is a header cell.
    Cell(bool),
}

/// Turns a run of sibling blocks, some of them raw HTML, into model blocks. HTML containers
/// (`<details>`, `<div>`) may open in one HTML block and close in a later one, with Markdown
/// blocks between them: those blocks go inside.
pub(crate) struct BlockBuilder {
    stack: Vec<(Container, Vec<Block>)>,
    /// The first source line of each open container, beside `stack` (the root's is `None`):
    /// a container's span runs from its opening tag to its closing one.
    opened: Vec<Option<u32>>,
    inline: InlineBuilder,
    collect: Collect,
    /// Inside `<pre>`: its text so far.
    pre: Option<String>,
    /// The first line of the HTML block of the first `<pre>` never closed.
    unclosed_pre: Option<usize>,
    span: Option<Span>,
}

impl BlockBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        BlockBuilder {
            stack: vec![(Container::Root, Vec::new())],
            opened: vec![None],
            inline: InlineBuilder::default(),
            collect: Collect::Paragraph,
            pre: None,
            unclosed_pre: None,
            span: None,
        }
    }

    /// Whether an HTML container is open (so Markdown blocks now go inside it).
    #[cfg(test)]
    pub fn is_open(&self) -> bool {
        self.stack.len() > 1
    }

    /// The closing tag of the outermost container open that was written (`details`,
    /// `blockquote`, `ul`, `ol`, `li`, `table`; a list a stray `<li>` opened is not).
    pub fn outermost_open(&self) -> Option<&'static str> {
        self.stack.iter().skip(1).find_map(|(c, _)| match c {
            Container::List { implicit: true, .. } | Container::Root => None,
            c => Some(closing_tag(c)),
        })
    }

    /// Ends the open `<pre>`: its text so far is a code block.
    fn end_pre(&mut self) {
        let Some(mut code) = self.pre.take() else {
            return;
        };
        if code.starts_with('\n') {
            code.remove(0);
        }
        if !code.is_empty() && !code.ends_with('\n') {
            code.push('\n');
        }
        self.add(Block::Code {
            span: self.span,
            language: None,
            title: None,
            code,
        });
    }

    /// Ends a `<pre>` that is never closed (its text is kept as code, not dropped), noting
    /// it for [`BlockBuilder::finish`] to report.
    fn end_unclosed_pre(&mut self) {
        if self.pre.is_some() {
            let line = self.span.map_or(1, |s| s.start_line as usize);
            self.unclosed_pre.get_or_insert(line);
            self.end_pre();
        }
    }

    /// Adds a block converted from Markdown.
    pub fn push(&mut self, block: Block) {
        // Markdown after an unclosed `<pre>` (opened inside a `<div>` block, say) is not
        // its text.
        self.end_unclosed_pre();
        self.flush();
        let top = self.stack.last_mut().expect("root is never popped");
        // A Markdown block inside `<ul>` but outside `<li>` joins the last item.
        if let (Container::List { items, .. }, _) = top
            && let Some(last) = items.last_mut()
        {
            last.blocks.push(block);
            return;
        }
        top.1.push(block);
    }

    /// Reads one raw HTML block.
    pub fn html(&mut self, html: &str, span: Option<Span>, warn: &mut dyn FnMut(&str, Dropped)) {
        self.span = span;
        for tok in tokens(html) {
            self.token(tok, warn);
        }
        // A paragraph never runs past the end of its HTML block.
        self.flush();
        // Nor does a list that a stray `<li>` opened, once its items are closed: no `</ul>`
        // will end it, and it took every paragraph and section after it.
        if matches!(
            self.stack.last(),
            Some((Container::List { implicit: true, .. }, _))
        ) {
            self.close_container();
        }
    }

    fn token(&mut self, tok: Tok, warn: &mut dyn FnMut(&str, Dropped)) {
        if let Some(pre) = &mut self.pre {
            match tok {
                Tok::Close(n) if n == "pre" => self.end_pre(),
                Tok::Text(t) => pre.push_str(&t),
                Tok::Open { name, .. } if name == "br" => pre.push('\n'),
                _ => {}
            }
            return;
        }
        if self.inline.skipping() {
            self.inline.token(tok, warn);
            return;
        }
        let (name, open) = match &tok {
            Tok::Open { name, .. } => (name.as_str(), true),
            Tok::Close(name) => (name.as_str(), false),
            Tok::Text(t) => {
                let text = collapse_space(t);
                if !(text.trim().is_empty() && self.inline.is_empty()) {
                    self.inline.push(Inline::Text { text });
                }
                return;
            }
            Tok::Comment(_) => return,
        };
        let container = matches!(
            name,
            "details" | "blockquote" | "ul" | "ol" | "li" | "table"
        );
        if open && container && self.stack.len() > MAX_HTML_NESTING {
            // Too deep: the tag goes, its content stays where it is.
            warn(name, Dropped::TagOnly);
            return;
        }
        match (name, open) {
            ("details", true) => {
                self.flush();
                let open_attr =
                    matches!(&tok, Tok::Open { attrs, .. } if attrs.contains_key("open"));
                self.push_container((
                    Container::Details {
                        open: open_attr,
                        summary: None,
                    },
                    Vec::new(),
                ));
            }
            ("summary", true) => {
                self.flush();
                self.collect = Collect::Summary;
            }
            ("summary", false) => {
                let content = self.take_inlines(warn);
                self.collect = Collect::Paragraph;
                if let Some((Container::Details { summary, .. }, _)) = self.stack.last_mut() {
                    *summary = Some(trim_inlines(content));
                } else {
                    self.add_paragraph(content);
                }
            }
            ("details" | "blockquote" | "ul" | "ol" | "li", false) => {
                self.flush();
                let want = |c: &Container| match c {
                    Container::Details { .. } => name == "details",
                    Container::Quote => name == "blockquote",
                    Container::List { ordered, .. } => name == if *ordered { "ol" } else { "ul" },
                    Container::Item => name == "li",
                    Container::Table { .. } | Container::Root => false,
                };
                if let Some(at) = self.stack.iter().rposition(|(c, _)| want(c)) {
                    while self.stack.len() > at {
                        self.close_container();
                    }
                }
            }
            ("blockquote", true) => {
                self.flush();
                self.push_container((Container::Quote, Vec::new()));
            }
            ("ul" | "ol", true) => {
                self.flush();
                let start = match &tok {
                    Tok::Open { attrs, .. } => {
                        attrs.get("start").and_then(|s| s.trim().parse().ok())
                    }
                    _ => None,
                };
                self.push_container((
                    Container::List {
                        ordered: name == "ol",
                        start: if name == "ol" {
                            Some(start.unwrap_or(1))
                        } else {
                            None
                        },
                        items: Vec::new(),
                        implicit: false,
                    },
                    Vec::new(),
                ));
            }
            ("li", true) => {
                self.flush();
                // An open item ends where the next begins.
                if matches!(self.stack.last(), Some((Container::Item, _))) {
                    self.close_container();
                }
                if !matches!(self.stack.last(), Some((Container::List { .. }, _))) {
                    // `<li>` outside a list: a bullet list of its own, which ends with the
                    // HTML block once its items are closed (see `html`).
                    self.push_container((
                        Container::List {
                            ordered: false,
                            start: None,
                            items: Vec::new(),
                            implicit: true,
                        },
                        Vec::new(),
                    ));
                }
                self.push_container((Container::Item, Vec::new()));
            }
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", true) => {
                self.flush();
                self.collect = Collect::Heading(name.as_bytes()[1] - b'0');
            }
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", false) => self.flush(),
            ("pre", true) => {
                self.flush();
                self.pre = Some(String::new());
            }
            ("hr", true) => {
                self.flush();
                self.add(Block::ThematicBreak { span: self.span });
            }
            ("table", true) => {
                self.flush();
                self.push_container((
                    Container::Table {
                        rows: Vec::new(),
                        spans: false,
                    },
                    Vec::new(),
                ));
            }
            ("table", false) => {
                self.end_cell();
                if let Some(at) = self
                    .stack
                    .iter()
                    .rposition(|(c, _)| matches!(c, Container::Table { .. }))
                {
                    if matches!(self.stack[at].0, Container::Table { spans: true, .. }) {
                        warn(name, Dropped::TableSpans);
                    }
                    while self.stack.len() > at {
                        self.close_container();
                    }
                }
            }
            ("tr", _) if self.in_table() => {
                self.end_cell();
                if open && let Some((Container::Table { rows, .. }, _)) = self.stack.last_mut() {
                    rows.push(Vec::new());
                }
            }
            ("td" | "th", true) if self.in_table() => {
                self.end_cell();
                if let Tok::Open { attrs, .. } = &tok {
                    let spanning = |k: &str| {
                        attrs
                            .get(k)
                            .and_then(|v| v.trim().parse::<u32>().ok())
                            .unwrap_or(1)
                            > 1
                    };
                    if (spanning("rowspan") || spanning("colspan"))
                        && let Some((Container::Table { spans, .. }, _)) = self.stack.last_mut()
                    {
                        *spans = true;
                    }
                }
                self.collect = Collect::Cell(name == "th");
            }
            ("td" | "th", false) if self.in_table() => self.end_cell(),
            ("thead" | "tbody" | "tfoot" | "caption", _) if self.in_table() => self.end_cell(),
            ("p" | "div", _) if matches!(self.collect, Collect::Cell(_)) => {
                // A paragraph inside a cell: a line break before it.
                if open && !self.inline.is_empty() {
                    self.inline.push(Inline::LineBreak);
                }
            }
            (
                "p" | "div" | "section" | "article" | "header" | "footer" | "main" | "aside"
                | "nav" | "center" | "figure" | "figcaption" | "address" | "dl" | "dt" | "dd"
                | "thead" | "tbody" | "tfoot" | "tr" | "caption",
                _,
            ) => {
                // Paragraph boundaries; only `<p>` has a meaning the model keeps.
                self.flush();
                if !matches!(name, "p") && open {
                    warn(name, Dropped::TagOnly);
                }
            }
            ("td" | "th", true) => {
                // Cells outside a table: kept in reading order, one space apart.
                warn(name, Dropped::TagOnly);
                if !self.inline.is_empty() {
                    self.inline.push(Inline::Text { text: " ".into() });
                }
            }
            ("td" | "th", false) => {}
            _ => self.inline.token(tok, warn),
        }
    }

    /// Ends the inline content being collected, as a paragraph or heading.
    fn flush(&mut self) {
        if matches!(self.collect, Collect::Cell(_)) {
            // Inside a cell, only the cell's end ends its content.
            return;
        }
        if self.inline.is_empty() {
            if let Collect::Heading(_) = self.collect {
                self.collect = Collect::Paragraph;
            }
            return;
        }
        let mut sink = |_: &str, _: Dropped| {};
        let content = self.take_inlines(&mut sink);
        match self.collect {
            Collect::Heading(level) => {
                self.collect = Collect::Paragraph;
                let content = trim_inlines(content);
                if !content.is_empty() {
                    self.add(Block::Heading {
                        span: self.span,
                        level,
                        content,
                    });
                }
            }
            Collect::Summary | Collect::Paragraph | Collect::Cell(_) => self.add_paragraph(content),
        }
    }

    fn take_inlines(&mut self, warn: &mut dyn FnMut(&str, Dropped)) -> Vec<Inline> {
        std::mem::take(&mut self.inline).finish(warn)
    }

    fn add_paragraph(&mut self, content: Vec<Inline>) {
        let content = trim_inlines(content);
        if !content.is_empty() {
            self.add(Block::Paragraph {
                span: self.span,
                content,
            });
        }
    }

    /// Opens a container at the current source lines.
    fn push_container(&mut self, frame: (Container, Vec<Block>)) {
        self.stack.push(frame);
        self.opened.push(self.span.map(|s| s.start_line));
    }

    fn add(&mut self, block: Block) {
        let top = self.stack.last_mut().expect("root is never popped");
        if let (Container::List { items, .. }, _) = top {
            match items.last_mut() {
                Some(last) => last.blocks.push(block),
                None => items.push(ListItem {
                    span: self.span,
                    checked: None,
                    blocks: vec![block],
                }),
            }
            return;
        }
        top.1.push(block);
    }

    /// Closes the innermost container and adds what it became to its parent.
    fn close_container(&mut self) {
        if self.stack.len() <= 1 {
            return;
        }
        let Some((container, blocks)) = self.stack.pop() else {
            return;
        };
        let start = self.opened.pop().flatten();
        let span = self.span.map(|s| Span {
            start_line: start.map_or(s.start_line, |l| l.min(s.start_line)),
            end_line: s.end_line,
        });
        match container {
            Container::Root => {}
            Container::Details { open, summary } => self.add(Block::Details {
                span,
                open,
                summary: summary.unwrap_or_default(),
                blocks,
            }),
            Container::Quote => self.add(Block::Quote { span, blocks }),
            Container::List {
                ordered,
                start,
                items,
                ..
            } => {
                if !items.is_empty() {
                    self.add(Block::List {
                        span,
                        ordered,
                        start,
                        tight: true,
                        items,
                    });
                }
            }
            Container::Item => {
                if let Some((Container::List { items, .. }, _)) = self.stack.last_mut() {
                    items.push(ListItem {
                        span,
                        checked: None,
                        blocks,
                    });
                }
            }
            Container::Table { rows, spans } => {
                let table = if spans {
                    None
                } else {
                    table::table_of(rows.clone(), span)
                };
                match table {
                    Some(t) => self.add(t),
                    None => {
                        // Rows as paragraphs, cells one space apart (and a warning, given by
                        // the caller on `spans`).
                        for row in rows {
                            let mut content = Vec::new();
                            for (_, cell) in row {
                                if !content.is_empty() && !cell.is_empty() {
                                    content.push(Inline::Text { text: " ".into() });
                                }
                                content.extend(cell);
                            }
                            self.add_paragraph(content);
                        }
                    }
                }
                // Markdown blocks written between the table's HTML blocks come after it.
                for b in blocks {
                    self.add(b);
                }
            }
        }
    }

    /// The blocks, with every container still open closed (`unclosed` hears of each, with the
    /// first line of the last HTML block read).
    pub fn finish(mut self, unclosed: &mut dyn FnMut(&str, usize)) -> Vec<Block> {
        self.end_unclosed_pre();
        if let Some(line) = self.unclosed_pre {
            unclosed("pre", line);
        }
        self.flush();
        let line = self.span.map_or(1, |s| s.start_line as usize);
        while self.stack.len() > 1 {
            if let Some((c, _)) = self.stack.last()
                && !matches!(c, Container::List { implicit: true, .. })
            {
                unclosed(closing_tag(c), line);
            }
            self.close_container();
        }
        self.stack.pop().map(|(_, b)| b).unwrap_or_default()
    }
}

/// The tag that closes a container.
fn closing_tag(c: &Container) -> &'static str {
    match c {
        Container::Details { .. } => "details",
        Container::Quote => "blockquote",
        Container::List { ordered: true, .. } => "ol",
        Container::List { .. } => "ul",
        Container::Item => "li",
        Container::Table { .. } => "table",
        Container::Root => "",
    }
}

/// HTML white space: runs of spaces, tabs and newlines read as one space.
fn collapse_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_ascii_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// Drops white space at both ends of inline content: of an HTML paragraph, and of a Markdown
/// paragraph, where CommonMark strips it from the lines so that only a soft break next to
/// HTML that shows nothing (`<a name="x"></a>`) leaves some.
pub(crate) fn trim_inlines(mut content: Vec<Inline>) -> Vec<Inline> {
    // HTML's white space, and Markdown's: an indent of U+3000 or `&nbsp;` was written to be
    // seen.
    let blank = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}');
    if let Some(Inline::Text { text }) = content.first_mut() {
        *text = text.trim_start_matches(blank).to_owned();
        if text.is_empty() {
            content.remove(0);
        }
    }
    if let Some(Inline::Text { text }) = content.last_mut() {
        *text = text.trim_end_matches(blank).to_owned();
        if text.is_empty() {
            content.pop();
        }
    }
    content
}

mod inline;
mod table;

pub(crate) use inline::InlineBuilder;
#[cfg(test)]
mod tests;
