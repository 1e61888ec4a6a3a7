//! comrak's tree → flat list of headings and blocks → [`Guide`] (sections built in
//! [`super::structure`]).

use std::collections::{HashMap, HashSet};

use comrak::nodes::{AlertType, AstNode, ListType, NodeValue, TableAlignment};
use comrak::{Arena, Options, parse_document};

use super::Origin;
use super::footnotes;
use super::front_matter::{self, FrontMatter};
use super::html::{self, BlockBuilder, Dropped, InlineBuilder};
use super::recognise::{self, Directive, Recogniser};
use super::structure::{self, Flat, FlatHeading};
use crate::assets;
use crate::cjk;
use crate::diagnostic::Diagnostic;
use crate::model::{
    AlertKind, Block, Column, ColumnAlign, Footnote, Guide, Inline, ListItem, Span, TableCell,
    TableRow, plain_text,
};

mod headings;
mod math;
mod siblings;
use headings::heading;
use math::{display_math, math_source};
use siblings::{LaterClosers, Siblings};

/// Nesting deeper than this (blocks in blocks, or inlines in inlines) is flattened to plain
/// text, so that no input can overflow the stack of the parser or of any renderer, and so
/// that the guide's JSON reads back: a list level is four JSON levels, and serde_json reads
/// at most 128. At 28 the deepest lists in the deepest section did not read back (test
/// `render::json::tests::the_deepest_markdown_reads_back_from_its_json`); 24 leaves room.
pub(crate) const MAX_DEPTH: usize = 24;

fn options(front_matter: bool) -> Options<'static> {
    let mut o = Options::default();
    o.extension.strikethrough = true;
    o.extension.table = true;
    o.extension.autolink = true;
    o.extension.tasklist = true;
    o.extension.footnotes = true;
    o.extension.alerts = true;
    if front_matter {
        o.extension.front_matter_delimiter = Some("---".to_owned());
    }
    o.extension.cjk_friendly_emphasis = true;
    // `$…$` and `$$…$$` are math on GitHub and in most documentation tools. Read as text,
    // their TeX loses characters (`\\` and `\{` are Markdown escapes, `*` emphasis); read
    // as math, it is kept verbatim (see `math`).
    o.extension.math_dollars = true;
    // comrak drops a definition nothing refers to; we keep it (`gather_definitions`).
    o.parse.leave_footnote_definitions = true;
    // Byte columns: comrak's conversion to characters is quadratic on long lines; ours
    // converts only the warnings' columns (super::limits).
    o.parse.sourcepos_chars = false;
    o
}

/// Everything the conversion collects besides blocks.
struct Ctx<'o, 'w> {
    origin: &'o Origin,
    /// The Markdown text, to look at what was written where comrak's tree cannot tell.
    source: &'o str,
    /// Where each line of `source` starts, made when first needed.
    line_starts: Option<Vec<usize>>,
    warnings: &'w mut Vec<Diagnostic>,
    /// Footnote labels and numbers ([`super::footnotes`]).
    notes: footnotes::Notes,
    /// Internal links (`#id`) to check once every id is known: target, line, column.
    internal_links: Vec<(String, usize, usize)>,
    /// Whether a depth warning was already given (one is enough).
    warned_depth: bool,
    /// Whether math was already warned about (one warning is enough).
    warned_math: bool,
    /// HTML tags already warned about: one warning per kind of tag and reason.
    warned_tags: HashSet<(String, Dropped)>,
    /// Directives by the first line of the list they apply to.
    list_directives: HashMap<u32, Directive>,
    /// Near misses and explanations for `guidepress check`.
    structure_notes: Vec<Diagnostic>,
}

impl<'o> Ctx<'o, '_> {
    /// Whether `what` is written, not after a backslash, within 64 bytes of byte column `col`
    /// of `line` (1-based, as comrak counts).
    fn written_unescaped(&mut self, what: &str, line: usize, col: usize) -> bool {
        let source = self.source;
        let Some((start, end)) = self.line_range(line) else {
            return true;
        };
        let at = (start + col.saturating_sub(1)).min(end);
        let floor = |mut k: usize| {
            while !source.is_char_boundary(k) {
                k -= 1;
            }
            k
        };
        let lo = floor(at.saturating_sub(64).max(start));
        let hi = floor((at + what.len() + 64).min(end));
        let window = &source[lo..hi];
        window
            .match_indices(what)
            .any(|(k, _)| !window[..k].ends_with('\\'))
    }

    /// The byte range of source line `line` (1-based), without its line end.
    fn line_range(&mut self, line: usize) -> Option<(usize, usize)> {
        let source = self.source;
        let starts = self.line_starts.get_or_insert_with(|| {
            std::iter::once(0)
                .chain(source.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let &start = starts.get(line.checked_sub(1)?)?;
        let end = starts.get(line).map_or(source.len(), |&next| next - 1);
        Some((start, end))
    }

    /// The text of source line `line` (1-based); empty past the end.
    fn line_text(&mut self, line: usize) -> &'o str {
        match self.line_range(line) {
            Some((start, end)) => &self.source[start..end],
            None => "",
        }
    }

    fn warn(&mut self, line: usize, col: usize, msg: impl Into<String>, hint: &str) {
        self.warnings
            .push(Diagnostic::warning(&self.origin.file, line, col, msg).with_hint(hint));
    }

    /// Warns once per kind of tag and reason about HTML that loses its tags or its content.
    fn warn_tag(&mut self, tag: &str, why: Dropped, line: usize, col: usize) {
        if !self.warned_tags.insert((tag.to_owned(), why)) {
            return;
        }
        let (msg, hint) = match why {
            Dropped::TagOnly => (
                format!("HTML `<{tag}>` has no equivalent in a guide: its text is kept, the tag is not (further `<{tag}>` tags are not reported)"),
                "use Markdown, or one of the HTML elements guidepress keeps (kbd, sup, sub, mark, abbr, ins, del, small, br, details, table)",
            ),
            Dropped::WithContent => (
                format!("HTML `<{tag}>` is active or embedded content: removed with everything inside it (further `<{tag}>` tags are not reported)"),
                "guides cannot carry scripts, styles, frames or forms; link to them instead",
            ),
            Dropped::ActiveLink => (
                "a link with a `javascript:`, `vbscript:`, `data:` or `file:` target: its text is kept, the link is not".to_owned(),
                "link to an http(s) address instead (a `file:` address opens the reader's own disk)",
            ),
            Dropped::TableSpans => (
                "HTML `<table>` with a cell spanning rows or columns (rowspan, colspan): a guide's table has one cell per column in every row, so its rows are kept as paragraphs, cells one space apart".to_owned(),
                "write it as a Markdown table, repeating the text of a spanning cell in each row or column it covers",
            ),
        };
        self.warn(line, col, msg, hint);
    }

    /// Feeds raw inline HTML to `b`, warning about what loses its meaning.
    fn inline_html(&mut self, b: &mut InlineBuilder, html: &str, line: usize, col: usize) {
        for tok in html::tokens(html) {
            self.html_link(&tok, line, col);
            b.token(tok, &mut |tag, why| self.warn_tag(tag, why, line, col));
        }
    }

    /// Notes an `<a href="#…">` written in HTML as an internal link, as a Markdown link is:
    /// it then leads to an anchor set with `<a name>` or to a heading's GitHub id, and is
    /// warned about when it leads nowhere (it stayed dead in every format, and the PDF
    /// dropped it in silence).
    fn html_link(&mut self, tok: &html::Tok, line: usize, col: usize) {
        if let html::Tok::Open { name, attrs, .. } = tok
            && name == "a"
            && let Some(target) = attrs.get("href").and_then(|h| h.trim().strip_prefix('#'))
        {
            self.internal_links.push((target.to_owned(), line, col));
        }
    }
}

/// Moves every footnote definition to the end of the document, in source order, as comrak
/// does with the ones that are referenced when it is left to drop the others: written text is
/// never dropped, so a definition nothing refers to is kept too (and warned about).
fn gather_definitions<'a>(root: &'a AstNode<'a>) {
    let defs: Vec<_> = root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::FootnoteDefinition(_)))
        .collect();
    for d in defs {
        d.detach();
        root.append(d);
    }
}

pub(crate) fn convert(
    text: &str,
    origin: &Origin,
    warnings: &mut Vec<Diagnostic>,
    notes: &mut Vec<Diagnostic>,
) -> Result<Guide, Diagnostic> {
    // Bare URLs that ran on into the text after them (`访问https://a.example。**设置**`): the
    // text in which they end is worked out first, in arenas of its own, so that the tree kept
    // is parsed once; any URL that still runs on is warned about.
    let ended = super::bare_url::end_overruns(text, &options(true));
    let source: &str = match ended.as_ref().and_then(|e| e.text.as_deref()) {
        Some(changed) => changed,
        None => text,
    };
    if let Some(at) = ended.as_ref().and_then(|e| e.runs_on) {
        // A byte column, as comrak's: `limits::byte_columns_to_chars` converts them all.
        let line = text[..at].matches('\n').count() + 1;
        let col = at - text[..at].rfind('\n').map_or(0, |n| n + 1) + 1;
        warnings.push(
            Diagnostic::warning(
                &origin.file,
                line,
                col,
                "a bare URL runs on into the text after it: Markdown there is shown as written",
            )
            .with_hint("put a space after the URL, or write it as `<https://…>`"),
        );
    }
    let arena = Arena::new();
    let mut root = parse_document(&arena, source, &options(true));
    let anchors = super::anchors::explicit(root, source);
    // Front matter that is not a mapping (`---\nFoo\n---`) was never meant as front matter:
    // CommonMark reads it as a thematic break and a heading, and so do we.
    let mut meta = None;
    // The theme's logo and the cover image, where their paths are written: checked as the
    // text's images are, so that a missing one is said at its line.
    let mut front_images: Vec<(String, usize, usize)> = Vec::new();
    if let Some(node) = root.first_child()
        && let NodeValue::FrontMatter(raw) = &node.data().value
    {
        let line = node.data().sourcepos.start.line;
        let fm = front_matter_of(raw, line);
        match front_matter::parse(&fm, &origin.file, warnings)? {
            Some(m) => {
                let written = [
                    (m.theme.logo.as_ref(), &["logo"][..]),
                    (
                        m.cover.as_ref(),
                        &["cover", "cover-image", "cover_image"][..],
                    ),
                ];
                for (url, keys) in written {
                    if let (Some(url), Some((l, c))) =
                        (url, front_matter::value_position(&fm, keys))
                    {
                        front_images.push((url.clone(), l, c));
                    }
                }
                meta = Some(m);
            }
            None => {
                warnings.push(
                    Diagnostic::warning(
                        &origin.file,
                        line,
                        1,
                        "the block between the `---` lines is not YAML front matter (not `key: value` lines): read as Markdown",
                    )
                    .with_hint("write `key: value` lines for front matter, or leave a blank line after the first `---`"),
                );
                root = parse_document(&arena, source, &options(false));
            }
        }
    } else if front_matter::unclosed(text) {
        warnings.push(
            Diagnostic::warning(
                &origin.file,
                1,
                1,
                "the `---` on line 1 opens front matter that is never closed: read as Markdown",
            )
            .with_hint("end the front matter with a line of `---`"),
        );
    }
    if ended.as_ref().is_some_and(|e| e.text.is_some()) {
        super::bare_url::remove_tabs(root);
    }
    gather_definitions(root);
    let mut ctx = Ctx {
        origin,
        source,
        line_starts: None,
        warnings,
        notes: footnotes::number(root),
        internal_links: Vec::new(),
        warned_depth: false,
        warned_math: false,
        warned_tags: HashSet::new(),
        list_directives: HashMap::new(),
        structure_notes: Vec::new(),
    };
    // A logo or a cover has no alt text to show in its place.
    for (url, line, col) in front_images {
        check_image(&url, &mut ctx, line, col, false);
    }
    footnotes::warn_unreferenced(root, &mut |l, c, m, h| {
        ctx.warnings
            .push(Diagnostic::warning(&origin.file, l, c, m).with_hint(h))
    });
    footnotes::warn_duplicates(&ctx.notes, &mut |l, c, m, h| {
        ctx.warnings
            .push(Diagnostic::warning(&origin.file, l, c, m).with_hint(h))
    });

    let mut flat = Vec::new();
    let mut footnotes = Vec::new();
    let mut run = Siblings::new();
    let mut closers = LaterClosers::default();
    for (i, node) in root.children().enumerate() {
        let (value, span) = {
            let d = node.data();
            (d.value.clone(), span_of(node))
        };
        match value {
            NodeValue::FrontMatter(_) => {}
            // A heading inside a `<details>` (or a quote, a list, a table) that is closed
            // further on belongs to it, as in a browser: it is not a section of its own, and
            // the container is not cut short at it.
            NodeValue::Heading(_)
                if run
                    .builder
                    .outermost_open()
                    .is_some_and(|tag| closers.after(root, i, tag)) =>
            {
                run.node(node, &mut ctx, 0)
            }
            NodeValue::Heading(h) => {
                // A heading ends the run of blocks before it (and any HTML container left
                // open in it); a directive just before it applies to its section.
                let directive = run.directive.take().map(|(d, _)| d);
                let before = std::mem::replace(&mut run, Siblings::new());
                flat.extend(before.finish(&mut ctx).into_iter().map(flat_block));
                let (content, id) = heading(node, &mut ctx, 0);
                flat.push(Flat::Heading(FlatHeading {
                    level: h.level,
                    content,
                    id,
                    span,
                    directive,
                }));
            }
            NodeValue::FootnoteDefinition(def) => {
                let (label, number) = ctx.notes.definition(node).unwrap_or((def.name, 0));
                footnotes.push(Footnote {
                    label,
                    number,
                    span: Some(span),
                    blocks: blocks(node, &mut ctx, 1),
                });
            }
            _ => run.node(node, &mut ctx, 0),
        }
    }
    flat.extend(run.finish(&mut ctx).into_iter().map(flat_block));
    footnotes.sort_by_key(|f| f.number);

    let auto = structure_auto(meta.as_mut(), &mut ctx);
    let (mut guide, title_ids) = structure::build(
        meta.unwrap_or_default(),
        flat,
        footnotes,
        &mut recognise::QaRule {
            auto,
            file: &origin.file,
            warnings: ctx.warnings,
            notes: &mut ctx.structure_notes,
        },
    );
    Recogniser {
        auto,
        list_directives: std::mem::take(&mut ctx.list_directives),
        file: &origin.file,
        warnings: ctx.warnings,
        notes: &mut ctx.structure_notes,
    }
    .lists(&mut guide);
    super::anchors::resolve_internal_links(
        &mut guide,
        std::mem::take(&mut ctx.internal_links),
        &anchors,
        &title_ids,
        &origin.file,
        ctx.warnings,
    );
    guide.meta.title = guide.meta.title.trim().to_owned();
    if guide.meta.title.is_empty() {
        untitled(&mut guide, &mut ctx);
    }
    notes.append(&mut ctx.structure_notes);
    Ok(guide)
}

/// Reads (and removes from the extra keys) the front matter's `structure` switch: `off`
/// turns recognition of steps, key points and Q&A off; directives still apply.
fn structure_auto(meta: Option<&mut crate::model::Meta>, ctx: &mut Ctx<'_, '_>) -> bool {
    let Some(meta) = meta else {
        return true;
    };
    let Some(v) = meta.extra.remove("structure") else {
        return true;
    };
    match v.as_str().map(str::to_ascii_lowercase).as_deref() {
        Some("off" | "none" | "manual") => false,
        Some("auto" | "on") => true,
        _ if v == serde_json::Value::Bool(false) => false,
        _ if v == serde_json::Value::Bool(true) => true,
        _ => {
            ctx.warn(
                1,
                1,
                format!(
                    "front matter `structure: {v}` is not `auto` or `off`: recognition stays on"
                ),
                "write `structure: off` to turn recognition of steps, key points and Q&A off",
            );
            true
        }
    }
}

/// A guide needs a title (ebook metadata, HTML `<title>`, PDF info): without front matter
/// `title` or a level-1 heading, the file name stands in, with a warning.
fn untitled(guide: &mut Guide, ctx: &mut Ctx<'_, '_>) {
    let stem = ctx
        .origin
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned());
    let Some(stem) = stem.filter(|s| !s.is_empty() && !s.starts_with('<')) else {
        return;
    };
    ctx.warn(
        1,
        1,
        format!("the guide has no title: using the file name `{stem}`"),
        "add `title: …` to the front matter or start with a level-1 heading",
    );
    guide.meta.title = stem;
}

/// Finds the YAML inside comrak's front-matter literal (which includes the delimiters).
fn front_matter_of(raw: &str, first_line: usize) -> FrontMatter<'_> {
    let body = raw.strip_prefix("---").unwrap_or(raw);
    let body = body.strip_prefix('\n').unwrap_or(body);
    let body = body.trim_end_matches(['\n', ' ', '\t']);
    let body = body.strip_suffix("---").unwrap_or(body);
    FrontMatter {
        yaml: body,
        first_line: first_line + 1,
    }
}

fn span_of(node: &AstNode<'_>) -> Span {
    let sp = node.data().sourcepos;
    let start = sp.start.line.max(1) as u32;
    Span {
        start_line: start,
        end_line: (sp.end.line as u32).max(start),
    }
}

fn blocks<'a>(node: &'a AstNode<'a>, ctx: &mut Ctx<'_, '_>, depth: usize) -> Vec<Block> {
    let mut run = Siblings::new();
    for c in node.children() {
        run.node(c, ctx, depth);
    }
    let mut out = run.finish(ctx);
    // The model is kept while every format is rendered: no spare capacity (a list grown by
    // pushing has room for four; most hold one or two).
    out.shrink_to_fit();
    out
}

/// Converts one block node; `None` for nodes that carry nothing (an empty HTML comment would
/// still be kept: only structural leftovers are dropped).
fn block<'a>(node: &'a AstNode<'a>, ctx: &mut Ctx<'_, '_>, depth: usize) -> Option<Block> {
    let span = Some(span_of(node));
    let (line, col) = {
        let d = node.data();
        (d.sourcepos.start.line, d.sourcepos.start.column)
    };
    if depth > MAX_DEPTH {
        return Some(flatten(node, ctx, line, col));
    }
    let value = node.data().value.clone();
    Some(match value {
        NodeValue::Paragraph => {
            if let Some(which) = super::admonitions::syntax(node) {
                ctx.warn(
                    line,
                    col,
                    format!("{which} is not Markdown guidepress reads: it is kept as written, not as a note"),
                    "write it as a GitHub alert: `> [!NOTE]`, `> [!TIP]`, `> [!IMPORTANT]`, `> [!WARNING]` or `> [!CAUTION]` (a title may follow), each line of the note after `> `",
                );
            }
            if let Some(tex) = display_math(node) {
                ctx.warn_math(line, col);
                return Some(Block::Code {
                    span,
                    language: Some("math".to_owned()),
                    title: None,
                    code: format!("{}\n", tex.trim_matches(['\r', '\n'])),
                });
            }
            // A paragraph of HTML that shows nothing (`<a name="x"></a>`) is no paragraph,
            // and one whose text starts on the line after such HTML does not start with
            // that line's break (it was an indent in the text and the PDF).
            let content = html::trim_inlines(inlines(node, ctx, depth));
            if content.is_empty() {
                return None;
            }
            Block::Paragraph { span, content }
        }
        // A heading in a container has no section, so no id to give: its attribute block is
        // still not text.
        NodeValue::Heading(h) => Block::Heading {
            span,
            level: h.level,
            content: heading(node, ctx, depth).0,
        },
        NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) => Block::Quote {
            span,
            blocks: blocks(node, ctx, depth + 1),
        },
        NodeValue::Alert(alert) => Block::Alert {
            span,
            kind: match alert.alert_type {
                AlertType::Note => AlertKind::Note,
                AlertType::Tip => AlertKind::Tip,
                AlertType::Important => AlertKind::Important,
                AlertType::Warning => AlertKind::Warning,
                AlertType::Caution => AlertKind::Caution,
            },
            title: alert.title.clone().filter(|t| !t.trim().is_empty()),
            blocks: blocks(node, ctx, depth + 1),
        },
        NodeValue::List(list) => {
            let ordered = list.list_type == ListType::Ordered;
            let items: Vec<ListItem> = node
                .children()
                .map(|item| {
                    let checked = match &item.data().value {
                        NodeValue::TaskItem(t) => Some(t.symbol.is_some()),
                        _ => None,
                    };
                    ListItem {
                        span: Some(span_of(item)),
                        checked,
                        blocks: blocks(item, ctx, depth + 1),
                    }
                })
                .collect();
            Block::List {
                span,
                ordered,
                start: ordered.then_some(list.start as u64),
                tight: list.tight,
                items,
            }
        }
        NodeValue::CodeBlock(code) => {
            let (language, title) = super::code_info::read(&code.info);
            Block::Code {
                span,
                language,
                title,
                code: code.literal.clone(),
            }
        }
        NodeValue::HtmlBlock(html) => {
            // `Siblings` reads HTML blocks itself (pairing containers across blocks); this arm
            // only serves a caller that converts a lone block.
            let mut b = BlockBuilder::new();
            b.html(&html.literal, span, &mut |tag, why| {
                ctx.warn_tag(tag, why, line, col)
            });
            let mut out = b.finish(&mut |_, _| {});
            return match out.len() {
                0 => None,
                1 => out.pop(),
                _ => Some(Block::Quote { span, blocks: out }),
            };
        }
        NodeValue::ThematicBreak => Block::ThematicBreak { span },
        NodeValue::Table(table) => {
            let columns = table
                .alignments
                .iter()
                .map(|a| Column {
                    align: match a {
                        TableAlignment::None => ColumnAlign::None,
                        TableAlignment::Left => ColumnAlign::Left,
                        TableAlignment::Center => ColumnAlign::Center,
                        TableAlignment::Right => ColumnAlign::Right,
                    },
                })
                .collect::<Vec<_>>();
            let mut header = TableRow { cells: Vec::new() };
            let mut rows = Vec::new();
            for row in node.children() {
                let is_header = matches!(row.data().value, NodeValue::TableRow(true));
                let mut cells: Vec<TableCell> = row
                    .children()
                    .map(|cell| TableCell {
                        content: inlines(cell, ctx, depth + 1),
                    })
                    .collect();
                cells.resize_with(columns.len(), || TableCell {
                    content: Vec::new(),
                });
                if is_header {
                    header = TableRow { cells };
                } else {
                    rows.push(TableRow { cells });
                }
            }
            // A header row of empty cells over rows (`| | |` then `|---|---|`) is GFM's only
            // way to write a table without one (a README's grid of badges or pictures): it
            // is no header, as an HTML table of `<td>` cells only. A table of nothing but
            // empty cells keeps them, so it is not a table of no rows at all.
            if !rows.is_empty()
                && header.cells.iter().all(|c| {
                    c.content.iter().all(|i| match i {
                        Inline::Text { text } => text.trim().is_empty(),
                        Inline::LineBreak => true,
                        _ => false,
                    })
                })
            {
                header.cells.clear();
            }
            Block::Table {
                span,
                columns,
                header,
                rows,
            }
        }
        // Front matter, footnote definitions and headings at the top level are handled by the
        // caller; anything else (a footnote definition nested in a container) is kept as its
        // content.
        NodeValue::FootnoteDefinition(_) | NodeValue::Document => Block::Quote {
            span,
            blocks: blocks(node, ctx, depth + 1),
        },
        NodeValue::FrontMatter(_) => return None,
        _ => flatten(node, ctx, line, col),
    })
}

/// Keeps the text of a node whose structure is too deep (or unknown) as one paragraph,
/// collected without recursion.
fn flatten<'a>(node: &'a AstNode<'a>, ctx: &mut Ctx<'_, '_>, line: usize, col: usize) -> Block {
    if !ctx.warned_depth {
        ctx.warned_depth = true;
        ctx.warn(
            line,
            col,
            format!("content nested more than {MAX_DEPTH} levels deep is kept as plain text"),
            "reduce the nesting of lists, quotes or emphasis",
        );
    }
    let mut text = String::new();
    for d in node.descendants() {
        match &d.data().value {
            NodeValue::Text(t) => text.push_str(t),
            NodeValue::Code(c) => text.push_str(&c.literal),
            NodeValue::Math(m) => text.push_str(&math_source(m)),
            NodeValue::CodeBlock(c) => text.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => text.push(' '),
            _ => {}
        }
    }
    Block::Paragraph {
        span: Some(span_of(node)),
        content: vec![Inline::Text { text }],
    }
}

/// Whether `link` is a GFM extended autolink (`https://…` or `www.…` written as such): its
/// one text child spans exactly the link, where `<url>` and `[text](url)` have markup around
/// the text.
fn is_bare_url<'a>(link: &'a AstNode<'a>) -> bool {
    link.first_child().is_some_and(|t| {
        t.next_sibling().is_none()
            && matches!(t.data().value, NodeValue::Text(_))
            && t.data().sourcepos == link.data().sourcepos
    })
}

/// Warns about `[^label]` left as text: a footnote reference with no definition, which
/// comrak keeps as written (the reader sees the brackets).
fn warn_unresolved_notes(text: &str, line: usize, col: usize, ctx: &mut Ctx<'_, '_>) {
    let mut from = 0;
    while let Some(i) = text[from..].find("[^").map(|i| from + i) {
        from = i + 2;
        let Some(len) = text[from..].find(']') else {
            return;
        };
        let label = &text[from..from + len];
        if label.is_empty() || label.contains(|c: char| c.is_whitespace() || c == '[') {
            continue;
        }
        // `\[^x]` was escaped on purpose: only an unescaped one is a mistake. The text node's
        // bytes are the source's but for escapes and entities before this one, so the
        // reference is looked for near where it would be.
        let written = format!("[^{label}]");
        if !ctx.written_unescaped(&written, line, col + i) {
            from += len + 1;
            continue;
        }
        ctx.warn(
            line,
            col + i,
            format!("footnote reference `[^{label}]` has no definition: shown as written"),
            "add `[^label]: the note` on a line of its own, or remove the reference",
        );
        from += len + 1;
    }
}

/// Converts the inline children of `node`.
fn inlines<'a>(node: &'a AstNode<'a>, ctx: &mut Ctx<'_, '_>, depth: usize) -> Vec<Inline> {
    // Raw inline HTML arrives one tag at a time (`<kbd>`, `Ctrl`, `</kbd>` are siblings): the
    // builder pairs the tags around the inlines between them.
    let mut out = InlineBuilder::default();
    for child in node.children() {
        let (line, col) = {
            let d = child.data();
            (d.sourcepos.start.line, d.sourcepos.start.column)
        };
        let value = child.data().value.clone();
        let inline = if depth > MAX_DEPTH {
            let Block::Paragraph { content, .. } = flatten(child, ctx, line, col) else {
                unreachable!("flatten returns a paragraph")
            };
            content.into_iter().next()
        } else {
            match value {
                NodeValue::Text(t) => {
                    warn_unresolved_notes(&t, line, col, ctx);
                    Some(Inline::Text {
                        text: t.to_string(),
                    })
                }
                NodeValue::SoftBreak => {
                    let before = last_char(child.previous_sibling());
                    let after = first_char(child.next_sibling());
                    // `问：…` / `答：…` lines stay lines, and so do a quiz's choices (see
                    // `qa_lines`).
                    let marks_line = || {
                        first_text_n(node, 8).is_some_and(|t| {
                            super::qa_lines::starts_question(&t)
                                || super::qa_lines::starts_speaker_question(&t)
                        }) && first_text(child.next_sibling()).is_some_and(|t| {
                            super::qa_lines::starts_mark(&t) || super::qa_lines::starts_choice(&t)
                        })
                    };
                    match (before, after) {
                        _ if marks_line() => Some(Inline::LineBreak),
                        (Some(b), Some(a)) if cjk::soft_break_vanishes(b, a) => None,
                        _ => Some(Inline::Text {
                            text: " ".to_owned(),
                        }),
                    }
                }
                NodeValue::LineBreak => Some(Inline::LineBreak),
                NodeValue::Code(c) => Some(Inline::Code {
                    code: c.literal.clone(),
                }),
                // `$5 (see `$x`)`: a dollar in the text ended at one in code. Neither was
                // math: the text as written.
                NodeValue::Math(m) if m.literal.contains('`') => Some(Inline::Text {
                    text: math_source(&m),
                }),
                NodeValue::Math(m) => {
                    ctx.warn_math(line, col);
                    // Line ends in TeX are spaces (inline code has none).
                    Some(Inline::Code {
                        code: math_source(&m).replace(['\r', '\n'], " "),
                    })
                }
                NodeValue::Emph => Some(Inline::Emphasis {
                    content: inlines(child, ctx, depth + 1),
                }),
                NodeValue::Strong => Some(Inline::Strong {
                    content: inlines(child, ctx, depth + 1),
                }),
                NodeValue::Strikethrough => Some(Inline::Strikethrough {
                    content: inlines(child, ctx, depth + 1),
                }),
                NodeValue::Link(link) if is_bare_url(child) => {
                    // `https://…` in running text: where it ends in CJK text is ours to say.
                    let text = match &child.first_child().map(|t| t.data().value.clone()) {
                        Some(NodeValue::Text(t)) => t.to_string(),
                        _ => String::new(),
                    };
                    for i in super::bare_url::split(&link.url, &text) {
                        out.push(i);
                    }
                    None
                }
                NodeValue::Link(link) => {
                    let content = inlines(child, ctx, depth + 1);
                    let bad_host = crate::urls::bad_host(&link.url);
                    if html::is_unlinkable_url(&link.url) || bad_host.is_some() {
                        match bad_host {
                            Some(why) => ctx.warn(
                                line,
                                col,
                                format!(
                                    "link to `{}`: not a valid address ({why}): its text is kept, the link is not",
                                    link.url
                                ),
                                if why == crate::urls::NO_SLASHES {
                                    "write `//` after the scheme, as in `https://example.com/`"
                                } else {
                                    "check the address; a space in a host name cannot be encoded"
                                },
                            ),
                            None => ctx.warn_tag("a", Dropped::ActiveLink, line, col),
                        }
                        for i in content {
                            out.push(i);
                        }
                        None
                    } else {
                        if let Some(target) = link.url.strip_prefix('#') {
                            ctx.internal_links.push((target.to_owned(), line, col));
                        }
                        Some(Inline::Link {
                            url: link.url.clone(),
                            title: Some(link.title.clone()).filter(|t| !t.is_empty()),
                            content,
                        })
                    }
                }
                NodeValue::Image(link) if html::is_active_url(&link.url) => {
                    // `![x](javascript:…)`: the alt text stays, the address goes.
                    ctx.warn_tag("img", Dropped::WithContent, line, col);
                    Some(Inline::Text {
                        text: plain_text(&inlines(child, ctx, depth + 1)),
                    })
                }
                NodeValue::Image(link) => {
                    check_image(&link.url, ctx, line, col, true);
                    let alt = plain_text(&inlines(child, ctx, depth + 1));
                    Some(Inline::Image {
                        url: link.url.clone(),
                        alt,
                        title: Some(link.title.clone()).filter(|t| !t.is_empty()),
                        width: None,
                        height: None,
                    })
                }
                NodeValue::FootnoteReference(r) => {
                    let (label, number) = ctx.notes.reference(&r.name).unwrap_or((r.name, r.ix));
                    Some(Inline::FootnoteRef { label, number })
                }
                NodeValue::HtmlInline(html) => {
                    ctx.inline_html(&mut out, &html, line, col);
                    None
                }
                _ => {
                    let Block::Paragraph { content, .. } = flatten(child, ctx, line, col) else {
                        unreachable!("flatten returns a paragraph")
                    };
                    content.into_iter().next()
                }
            }
        };
        if let Some(inline) = inline {
            out.push(inline);
        }
    }
    let (line, col) = {
        let d = node.data();
        (d.sourcepos.start.line, d.sourcepos.start.column)
    };
    // Without spare capacity (see `InlineBuilder::finish`).
    out.finish(&mut |tag, why| ctx.warn_tag(tag, why, line, col))
}

/// The last character of text in and below `node` (descending into its last children).
fn last_char<'a>(mut node: Option<&'a AstNode<'a>>) -> Option<char> {
    while let Some(n) = node {
        match &n.data().value {
            NodeValue::Text(t) => return t.chars().last(),
            NodeValue::Code(c) => return c.literal.chars().last(),
            _ => {}
        }
        node = n.last_child();
    }
    None
}

/// The first character of text in and below `node`.
/// The first few characters of the text at or inside `node` (bold included), or of its first
/// child when it has no text of its own.
/// A top-level block as an item of the document. A heading among them was written in HTML
/// (`<h2 align="center">…</h2>`, as READMEs center theirs; Markdown headings are items of
/// their own): it opens a section too, and is in the outline, contents and bookmarks.
fn flat_block(b: Block) -> Flat {
    match b {
        Block::Heading {
            span: Some(span),
            level,
            content,
        } => Flat::Heading(FlatHeading {
            level,
            content,
            id: None,
            span,
            directive: None,
        }),
        b => Flat::Block(b),
    }
}

fn first_text<'a>(node: impl Into<Option<&'a AstNode<'a>>>) -> Option<String> {
    first_text_n(node, 4)
}

/// The first `n` characters of the first text in `node` (descending into its first children).
fn first_text_n<'a>(node: impl Into<Option<&'a AstNode<'a>>>, n: usize) -> Option<String> {
    let mut node = node.into();
    while let Some(nd) = node {
        if let NodeValue::Text(t) = &nd.data().value {
            return Some(t.chars().take(n).collect());
        }
        node = nd.first_child();
    }
    None
}

fn first_char<'a>(mut node: Option<&'a AstNode<'a>>) -> Option<char> {
    while let Some(n) = node {
        match &n.data().value {
            NodeValue::Text(t) => return t.chars().next(),
            NodeValue::Code(c) => return c.literal.chars().next(),
            _ => {}
        }
        node = n.first_child();
    }
    None
}

/// Warns when a local image cannot be used: missing, or outside the input's folder (renderers
/// read only files inside it, see [`crate::assets`]).
fn check_image(url: &str, ctx: &mut Ctx<'_, '_>, line: usize, col: usize, has_alt: bool) {
    if url.trim().is_empty() {
        return;
    }
    // One warning per image, however often it is used.
    let key = Diagnostic::image_key(url);
    if ctx.warnings.iter().any(|w| w.key.as_ref() == Some(&key)) {
        return;
    }
    // No format fetches from the web (see `assets`): said here, where the line is known,
    // and by `check`; the renderers' own reports of it are then not repeated.
    if assets::is_remote(url) {
        ctx.warnings.push(
            Diagnostic::warning(
                &ctx.origin.file,
                line,
                col,
                format!(
                    "image `{url}` will be left out{}: only local files next to the guide are read, not URLs",
                    if has_alt { ", its alt text shown" } else { "" }
                ),
            )
            .with_hint("save the image next to the guide and link it by its file name")
            .with_key(key),
        );
        return;
    }
    let Some(base) = &ctx.origin.base_dir else {
        return;
    };
    if let Err(why) = assets::resolve(base, url) {
        ctx.warnings.push(
            Diagnostic::warning(
                &ctx.origin.file,
                line,
                col,
                format!("image `{url}` cannot be used: {why}"),
            )
            .with_hint(
                "images are read from paths relative to the Markdown file, inside its folder",
            )
            .with_key(key),
        );
    }
}
