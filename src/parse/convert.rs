//! comrak's tree → flat list of headings and blocks → [`Guide`] (sections built in
//! [`super::structure`]).

use comrak::nodes::{AlertType, AstNode, ListType, NodeValue, TableAlignment};
use comrak::{Arena, Options, parse_document};

use super::Origin;
use super::footnotes;
use super::front_matter::{self, FrontMatter};
use super::structure::{self, Flat, FlatHeading};
use crate::assets;
use crate::cjk;
use crate::diagnostic::Diagnostic;
use crate::model::{
    AlertKind, Block, Column, ColumnAlign, Footnote, Guide, Inline, ListItem, Span, Step,
    TableCell, TableRow, plain_text,
};

/// Nesting deeper than this (blocks in blocks, or inlines in inlines) is flattened to plain
/// text, so that no input can overflow the stack of the parser or of any renderer.
pub(crate) const MAX_DEPTH: usize = 40;

fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.strikethrough = true;
    o.extension.table = true;
    o.extension.autolink = true;
    o.extension.tasklist = true;
    o.extension.footnotes = true;
    o.extension.alerts = true;
    o.extension.front_matter_delimiter = Some("---".to_owned());
    o.extension.cjk_friendly_emphasis = true;
    // Byte columns: comrak's conversion to characters is quadratic on long lines; ours
    // converts only the warnings' columns (super::limits).
    o.parse.sourcepos_chars = false;
    o
}

/// Everything the conversion collects besides blocks.
struct Ctx<'o, 'w> {
    origin: &'o Origin,
    warnings: &'w mut Vec<Diagnostic>,
    /// Footnote labels and numbers ([`super::footnotes`]).
    notes: footnotes::Notes,
    /// Internal links (`#id`) to check once every id is known: target, line, column.
    internal_links: Vec<(String, usize, usize)>,
    /// Whether a depth warning was already given (one is enough).
    warned_depth: bool,
}

impl Ctx<'_, '_> {
    fn warn(&mut self, line: usize, col: usize, msg: impl Into<String>, hint: &str) {
        self.warnings
            .push(Diagnostic::warning(&self.origin.file, line, col, msg).with_hint(hint));
    }
}

pub(crate) fn convert(
    text: &str,
    origin: &Origin,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Guide, Diagnostic> {
    let arena = Arena::new();
    let root = parse_document(&arena, text, &options());
    let mut ctx = Ctx {
        origin,
        warnings,
        notes: footnotes::number(root),
        internal_links: Vec::new(),
        warned_depth: false,
    };
    footnotes::warn_duplicates(&ctx.notes, &mut |l, c, m, h| {
        ctx.warnings
            .push(Diagnostic::warning(&origin.file, l, c, m).with_hint(h))
    });

    let mut meta = None;
    let mut flat = Vec::new();
    let mut footnotes = Vec::new();
    for node in root.children() {
        let (value, span, line) = {
            let d = node.data();
            (d.value.clone(), span_of(node), d.sourcepos.start.line)
        };
        match value {
            NodeValue::FrontMatter(raw) => {
                meta = Some(front_matter::parse(
                    &front_matter_of(&raw, line),
                    &origin.file,
                )?);
            }
            NodeValue::Heading(h) => {
                let content = inlines(node, &mut ctx, 0);
                flat.push(Flat::Heading(FlatHeading {
                    level: h.level,
                    content,
                    span,
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
            _ => {
                if let Some(b) = block(node, &mut ctx, 0) {
                    flat.push(Flat::Block(b));
                }
            }
        }
    }
    footnotes.sort_by_key(|f| f.number);

    let mut guide = structure::build(meta.unwrap_or_default(), flat, footnotes);
    check_internal_links(&guide, &mut ctx);
    guide.meta.title = guide.meta.title.trim().to_owned();
    if guide.meta.title.is_empty() {
        untitled(&mut guide, &mut ctx);
    }
    Ok(guide)
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
    node.children()
        .filter_map(|c| block(c, ctx, depth))
        .collect()
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
        NodeValue::Paragraph => Block::Paragraph {
            span,
            content: inlines(node, ctx, depth),
        },
        NodeValue::Heading(h) => Block::Heading {
            span,
            level: h.level,
            content: inlines(node, ctx, depth),
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
            let start = ordered.then_some(list.start as u64);
            match steps_of(&items, start, ordered) {
                Some(steps) => {
                    for s in &steps {
                        if s.body.is_empty() {
                            let line = s.span.map_or(line, |sp| sp.start_line as usize);
                            ctx.warn(
                                line,
                                col,
                                format!("step {} has a title but no body", s.number),
                                "write what to do after the colon, or drop the step",
                            );
                        }
                    }
                    Block::Steps { span, steps }
                }
                None => Block::List {
                    span,
                    ordered,
                    start,
                    tight: list.tight,
                    items,
                },
            }
        }
        NodeValue::CodeBlock(code) => {
            let language = code.info.split_whitespace().next().map(str::to_owned);
            Block::Code {
                span,
                language,
                code: code.literal.clone(),
            }
        }
        NodeValue::HtmlBlock(html) => {
            ctx.warn(
                line,
                col,
                "raw HTML block: kept as `raw_html`; renderers do not pass it on as markup",
                "use Markdown instead of HTML, or ignore this if the HTML is a comment",
            );
            Block::RawHtml {
                span,
                html: html.literal.clone(),
            }
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

/// Applies the steps rule (see the module docs of [`super`]) to a converted list.
fn steps_of(items: &[ListItem], start: Option<u64>, ordered: bool) -> Option<Vec<Step>> {
    if !ordered || items.len() < 2 || items.iter().any(|i| i.checked.is_some()) {
        return None;
    }
    let start = start.unwrap_or(1);
    items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let (first, rest) = item.blocks.split_first()?;
            let Block::Paragraph { span, content } = first else {
                return None;
            };
            let (title, body_inlines) = split_step_title(content)?;
            let mut body = Vec::new();
            if !body_inlines.is_empty() {
                body.push(Block::Paragraph {
                    span: *span,
                    content: body_inlines,
                });
            }
            body.extend(rest.iter().cloned());
            Some(Step {
                number: start + n as u64,
                span: item.span,
                title,
                body,
            })
        })
        .collect()
}

/// `**Title**：body` or `**Title：**body` → (title, body). `None` if the paragraph does not
/// open that way.
fn split_step_title(content: &[Inline]) -> Option<(Vec<Inline>, Vec<Inline>)> {
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

/// Converts the inline children of `node`.
fn inlines<'a>(node: &'a AstNode<'a>, ctx: &mut Ctx<'_, '_>, depth: usize) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
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
                NodeValue::Text(t) => Some(Inline::Text {
                    text: t.to_string(),
                }),
                NodeValue::SoftBreak => {
                    let before = last_char(child.previous_sibling());
                    let after = first_char(child.next_sibling());
                    match (before, after) {
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
                NodeValue::Emph => Some(Inline::Emphasis {
                    content: inlines(child, ctx, depth + 1),
                }),
                NodeValue::Strong => Some(Inline::Strong {
                    content: inlines(child, ctx, depth + 1),
                }),
                NodeValue::Strikethrough => Some(Inline::Strikethrough {
                    content: inlines(child, ctx, depth + 1),
                }),
                NodeValue::Link(link) => {
                    if let Some(target) = link.url.strip_prefix('#') {
                        ctx.internal_links.push((target.to_owned(), line, col));
                    }
                    Some(Inline::Link {
                        url: link.url.clone(),
                        title: Some(link.title.clone()).filter(|t| !t.is_empty()),
                        content: inlines(child, ctx, depth + 1),
                    })
                }
                NodeValue::Image(link) => {
                    check_image(&link.url, ctx, line, col);
                    let alt = plain_text(&inlines(child, ctx, depth + 1));
                    Some(Inline::Image {
                        url: link.url.clone(),
                        alt,
                        title: Some(link.title.clone()).filter(|t| !t.is_empty()),
                    })
                }
                NodeValue::FootnoteReference(r) => {
                    let (label, number) = ctx.notes.reference(&r.name).unwrap_or((r.name, r.ix));
                    Some(Inline::FootnoteRef { label, number })
                }
                NodeValue::HtmlInline(html) => {
                    ctx.warn(
                        line,
                        col,
                        "raw inline HTML: kept as `raw_html`; renderers do not pass it on as markup",
                        "use Markdown instead of HTML",
                    );
                    Some(Inline::RawHtml { html })
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
            push_merged(&mut out, inline);
        }
    }
    out
}

/// Appends an inline, merging adjacent text runs.
fn push_merged(out: &mut Vec<Inline>, inline: Inline) {
    if let Inline::Text { text } = &inline {
        if text.is_empty() {
            return;
        }
        if let Some(Inline::Text { text: prev }) = out.last_mut() {
            prev.push_str(text);
            return;
        }
    }
    out.push(inline);
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
fn check_image(url: &str, ctx: &mut Ctx<'_, '_>, line: usize, col: usize) {
    let Some(base) = &ctx.origin.base_dir else {
        return;
    };
    if url.trim().is_empty() || assets::is_remote(url) {
        return;
    }
    if let Err(why) = assets::resolve(base, url) {
        ctx.warn(
            line,
            col,
            format!("image `{url}` cannot be used: {why}"),
            "images are read from paths relative to the Markdown file, inside its folder",
        );
    }
}

/// Warns about internal links whose target is no heading id and no question id.
fn check_internal_links(guide: &Guide, ctx: &mut Ctx<'_, '_>) {
    if ctx.internal_links.is_empty() {
        return;
    }
    let ids = structure::all_ids(guide);
    let links = std::mem::take(&mut ctx.internal_links);
    for (target, line, col) in links {
        let decoded = assets::percent_decode(&target);
        if !ids.contains(decoded.as_str()) {
            ctx.warn(
                line,
                col,
                format!("internal link `#{target}` points to no heading"),
                "link to a heading's id: its text in lower case, spaces as `-`, punctuation dropped",
            );
        }
    }
}
