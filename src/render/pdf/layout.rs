//! Block layout and pagination: the guide becomes pages of positioned boxes (pure data).
//!
//! Layout happens in two steps. First every block is turned into a vertical flow of
//! [`Item`]s: a line of text, a gap, an image, a table row. Each item carries its drawing
//! primitives ([`Prim`], relative to the item's top) and the facts pagination needs: its
//! height, whether a page may break before it (widow and orphan control), whether it must stay
//! with the next item (headings) and whether it vanishes at the top of a page (gaps).
//! Decorations that run alongside a block (the bar and tint of an alert, the background of code)
//! belong to every item of the block (one list shared by them all), so a block split across
//! pages is decorated on both pages without special cases; the pages draw them as one
//! rectangle per decoration per page.
//!
//! Then [`paginate`] cuts the flow into pages (repeating table header rows), and the running
//! header, the localised footer and the table-of-contents page numbers are set on the finished
//! pages. The result, [`Doc`], has absolute coordinates (points from the page's top-left) and
//! is painted by [`super::paint`].
//!
//! The types are in [`boxes`], paragraphs and single lines in `text`, the other kinds of block
//! in `table`, `figure`, `code` and `notes`, the title block and contents in `front`, the
//! pages in `pages`.

use std::collections::BTreeMap;
use std::path::Path;

use super::fonts::{self, Chain, FontSet};
use super::images::{self, ImageData};
use super::linebreak::{BreakOptions, Color, Line, MarkKind, Span, Style, prepare};
use super::tags::{Role, Tree};
use crate::model::{
    AlertKind, Block, ColumnAlign, Guide, Inline, Length, Section, TableRow, plain_text,
};
use crate::render::labels::Labels;
use crate::render::sanitize::{Flavor, safe_href};
use crate::render::{Paper, RenderOptions};

/// The default accent colour (headings, step badges, rules); a theme's `accent` replaces it.
const ACCENT: Color = Color(0.10, 0.31, 0.58);
const MUTED: Color = Color(0.42, 0.43, 0.47);
const RULE: Color = Color(0.78, 0.79, 0.82);
const CODE_BG: Color = Color(0.955, 0.957, 0.965);
const LINK: Color = Color(0.07, 0.35, 0.75);
/// Behind highlighted (`<mark>`) text: a light marker yellow that keeps black text legible.
const HIGHLIGHT: Color = Color(1.0, 0.93, 0.55);

fn alert_color(kind: AlertKind) -> Color {
    match kind {
        AlertKind::Note => Color(0.16, 0.42, 0.80),
        AlertKind::Tip => Color(0.13, 0.53, 0.29),
        AlertKind::Important => Color(0.50, 0.30, 0.78),
        AlertKind::Warning => Color(0.78, 0.52, 0.0),
        AlertKind::Caution => Color(0.80, 0.18, 0.18),
    }
}

fn tint(c: Color, amount: f32) -> Color {
    Color(
        1.0 - (1.0 - c.0) * amount,
        1.0 - (1.0 - c.1) * amount,
        1.0 - (1.0 - c.2) * amount,
    )
}

/// Everything layout needs from the renderer.
pub struct Input<'g> {
    /// The guide.
    pub guide: &'g Guide,
    /// Render options (paper, toc, checklist).
    pub options: &'g RenderOptions,
    /// Folder images resolve against; `None` means images are not read.
    pub base_dir: Option<&'g Path>,
}

pub mod boxes;
mod code;
mod figure;
mod front;
mod furniture;
mod notes;
mod pages;
mod table;
mod text;

pub use boxes::*;
use text::single;

pub use pages::paginate;

pub use notes::BACKREF;

struct Builder<'f, 'a> {
    /// The next item that is not a gap starts a new page.
    new_page: bool,
    /// Prepared table cells kept from measuring the columns to setting the rows (see
    /// [`table::KEEP_PREPARED`]).
    keep_prepared: usize,
    fonts: &'f mut FontSet<'a>,
    geo: Geometry,
    labels: &'static Labels,
    items: Vec<Item>,
    links: Vec<LinkTarget>,
    images: Vec<ImageData>,
    outline: Vec<OutlineEntry>,
    x: f32,
    w: f32,
    decos: Vec<Deco>,
    /// The last items' shared copy of `decos`.
    shared_decos: Option<std::sync::Arc<[Deco]>>,
    /// Where in the guide layout is, for coverage warnings (see [`super::fonts::place_at`]).
    place: String,
    /// In a book, the chapter file whose lines the blocks' spans are; `None` outside chapters.
    chapter: Option<String>,
    /// Whether the guide is a book: its spans are lines of chapter files, so a block outside
    /// any chapter (a footnote, whose chapter is not recorded) has no line to report.
    book: bool,
    marker: Option<Vec<Prim>>,
    warnings: Vec<String>,
    base_dir: Option<&'f Path>,
    checklist: bool,
    /// Outline depth of the section being laid out (questions nest one deeper).
    depth: usize,
    /// Footnotes laid out ahead, by number, to be placed at the foot of a page.
    notes: BTreeMap<u32, Vec<Item>>,
    /// Footnotes already attached to a referencing line.
    noted: std::collections::BTreeSet<u32>,
    /// Whether footnote references in paragraphs bring their notes to the page foot (off
    /// while the notes themselves are laid out).
    attach: bool,
    /// Key caps laid out so far: each `<kbd>` gets its own number, so two that touch keep
    /// two frames.
    keys: u32,
    /// The accent colour: the theme's, else [`ACCENT`].
    accent: Color,
    /// The theme's logo: its index in [`Doc::images`] and its width/height ratio.
    logo: Option<(usize, f32)>,
    /// The cover image (front matter `cover`), drawn as a page of its own before the title.
    cover: Option<(usize, f32)>,
    /// Hyphenation patterns for justified paragraphs, from the document's language.
    hyphens: Option<hypher::Lang>,
    /// Footnotes whose first reference already has a back-link anchor.
    backrefs: std::collections::BTreeSet<u32>,
    /// The alternative text of each inline image (an icon) by its index in `images`, until
    /// its line is laid out and it gets its `Figure` element.
    inline_alts: BTreeMap<u32, String>,
    /// Whether the spans being made are a paragraph's own text, where a small image is an
    /// icon in the line (elsewhere, in a heading or a table cell, its alt text stands in).
    icons: bool,
    /// Structure elements, and the one being laid out.
    tree: Tree,
    cur: usize,
    /// The element the pending [`Builder::marker`] belongs to (a `Lbl`); `None`: artifact.
    marker_node: Option<usize>,
    /// Each prepared footnote's `Note` element: it moves under the element that references it.
    note_nodes: BTreeMap<u32, usize>,
    /// Where a note's element goes instead of under its item's element: the table cell that
    /// references it (a table row may hold only cells).
    note_parents: BTreeMap<u32, usize>,
    /// Level of the section heading being laid out (questions are one deeper).
    level: u8,
    /// Tagged level of the last heading (see [`Builder::heading_role`]).
    last_h: u8,
    link_texts: Vec<String>,
}

/// Lays out a guide. Returns the document and warnings (missing images, uncovered
/// characters are reported by `fonts`).
pub fn layout(input: &Input<'_>, fonts: &mut FontSet<'_>) -> (Doc, Vec<String>) {
    layout_keeping(input, fonts, table::KEEP_PREPARED)
}

/// [`layout`], keeping at most `keep_prepared` prepared table cells per table.
fn layout_keeping(
    input: &Input<'_>,
    fonts: &mut FontSet<'_>,
    keep_prepared: usize,
) -> (Doc, Vec<String>) {
    let guide = input.guide;
    let mut theme_warnings = Vec::new();
    let geo = Geometry::for_paper(input.options.paper)
        .with_margins(guide.meta.theme.margins.as_ref(), &mut theme_warnings);
    let lang = guide.language();
    let labels = Labels::for_lang(&lang);
    let mut b = Builder {
        fonts,
        geo,
        labels,
        items: Vec::new(),
        links: Vec::new(),
        images: Vec::new(),
        outline: Vec::new(),
        x: 0.0,
        w: geo.text_w(),
        decos: Vec::new(),
        shared_decos: None,
        place: "the title block".to_owned(),
        chapter: None,
        book: guide.sections.iter().any(|s| s.source.is_some()),
        marker: None,
        warnings: Vec::new(),
        base_dir: input.base_dir,
        checklist: input.options.checklist,
        depth: 0,
        notes: BTreeMap::new(),
        noted: std::collections::BTreeSet::new(),
        attach: false,
        keys: 0,
        accent: guide
            .meta
            .theme
            .accent_rgb()
            .map_or(ACCENT, |(r, g, b)| Color(r, g, b)),
        hyphens: super::hyphenate::lang_for(&lang),
        backrefs: std::collections::BTreeSet::new(),
        inline_alts: BTreeMap::new(),
        icons: false,
        logo: None,
        cover: None,
        tree: Tree::new(),
        cur: 0,
        marker_node: None,
        note_nodes: BTreeMap::new(),
        note_parents: BTreeMap::new(),
        level: 1,
        last_h: 0,
        new_page: false,
        keep_prepared,
        link_texts: Vec::new(),
    };
    b.warnings.append(&mut theme_warnings);
    b.load_logo(guide);
    b.cover = guide
        .meta
        .cover
        .as_deref()
        .and_then(|url| b.load_image_ratio(url));
    // The level-1 heading that repeats the title is shown as the title block itself.
    let title_section = guide
        .sections
        .iter()
        .position(|s| s.level == 1 && plain_text(&s.title).trim() == guide.meta.title.trim());
    let title_anchor = title_section
        .map(|i| guide.sections[i].id.clone())
        .unwrap_or_else(|| "title".to_owned());
    b.prepare_notes(guide);
    if input.options.title_page {
        // The title a third of the way down its page, as on a book's title page.
        b.pad(b.geo.text_h() * 0.3);
    }
    b.title_block(guide, &title_anchor);
    // A title page: the title block alone, then the contents (if asked) on pages of their
    // own, then the text.
    b.new_page = input.options.title_page;
    if input.options.toc {
        b.toc(guide, title_section);
        b.new_page |= input.options.title_page;
    }
    b.place = "the introduction".to_owned();
    b.blocks(&guide.blocks);
    for (i, s) in guide.sections.iter().enumerate() {
        if Some(i) == title_section {
            b.outline.push(OutlineEntry {
                title: guide.meta.title.clone(),
                depth: 0,
                anchor: title_anchor.clone(),
            });
            b.place = format!("section “{}”", guide.meta.title);
            b.blocks(&s.blocks);
            for sub in &s.sections {
                b.section(sub, 1);
            }
        } else {
            b.section(s, 0);
        }
    }
    b.endnotes(guide);
    let mut warnings = std::mem::take(&mut b.warnings);
    let mut doc = b.finish(guide);
    drop_dangling_links(&mut doc, &mut warnings);
    (doc, warnings)
}

/// Takes out the clickable areas of links to an anchor the document does not have (a section
/// that is not there): a `Link` element with no annotation would be left in the structure.
/// Their text stays; the parser has warned about them already, and this says so again for a
/// JSON input or a filter's guide. `#%E5%AE%89` is `#安装`, as in a browser.
fn drop_dangling_links(doc: &mut Doc, warnings: &mut Vec<String>) {
    let dangling: Vec<bool> = doc
        .links
        .iter()
        .map(|t| match t {
            LinkTarget::Anchor(id) => {
                !doc.anchors.contains_key(id)
                    && !doc.anchors.contains_key(&crate::assets::percent_decode(id))
            }
            LinkTarget::Uri(_) => false,
        })
        .collect();
    if !dangling.contains(&true) {
        return;
    }
    for (k, t) in doc.links.iter().enumerate() {
        if let LinkTarget::Anchor(id) = t
            && dangling[k]
            && !id.starts_with(BACKREF)
        {
            let w = format!("link to `#{id}`: no such section or note");
            if !warnings.contains(&w) {
                warnings.push(w);
            }
        }
    }
    for page in &mut doc.pages {
        let mut k = 0;
        let tags = std::mem::take(&mut page.tags);
        let mut kept_tags = Vec::with_capacity(tags.len());
        page.prims.retain(|p| {
            let keep = !matches!(p, Prim::Link { target, .. } if dangling[*target]);
            if keep && let Some(t) = tags.get(k) {
                kept_tags.push(*t);
            }
            k += 1;
            keep
        });
        // Primitives past the end of `tags` (the running header and footer) had no entry.
        page.tags = kept_tags;
    }
}

fn section_depth_title(s: &Section) -> String {
    plain_text(&s.title)
}

impl<'f, 'a> Builder<'f, 'a> {
    fn body(&self) -> f32 {
        self.geo.body
    }

    fn style(&self, chain: Chain, size: f32) -> Style {
        Style::new(chain, size)
    }

    fn link(&mut self, target: LinkTarget, text: String) -> usize {
        self.links.push(target);
        self.link_texts.push(text);
        self.links.len() - 1
    }

    /// The target of the link `inline` (an [`Inline::Link`]), added to the document's links;
    /// its text (for a link that is only images, their alt text) describes it. `None` when it
    /// has no address a PDF can link to (an empty one, `[text]()`): its text is then set as
    /// text, not in link blue over no clickable area, and not tagged as a link with nothing
    /// to follow.
    fn link_of(&mut self, inline: &Inline) -> Option<usize> {
        let Inline::Link { url, content, .. } = inline else {
            unreachable!("link_of takes a link");
        };
        let target = match url.strip_prefix('#') {
            Some(id) => LinkTarget::Anchor(id.to_owned()),
            None if safe_href(url, Flavor::Html).is_none() => {
                let w = if url.trim().is_empty() {
                    "a link with an empty target is shown as text in the PDF".to_owned()
                } else {
                    format!(
                        "link to `{url}` is shown as text in the PDF: not an address it can link to"
                    )
                };
                if !self.warnings.contains(&w) {
                    self.warnings.push(w);
                }
                return None;
            }
            None => LinkTarget::Uri(url.clone()),
        };
        Some(self.link(target, plain_text(content)))
    }

    /// The structure type of a heading of `level`: never more than one level below the
    /// heading before it (PDF/UA readers navigate by level; a guide that jumps from `#` to
    /// `###` keeps its look, its tag says H2).
    fn heading_role(&mut self, level: u8) -> Role {
        let tagged = level.clamp(1, 6).min(self.last_h + 1);
        self.last_h = tagged;
        Role::H(tagged)
    }

    /// Lays out `f` inside a new structure element under the current one; returns it.
    fn tagged(&mut self, role: Role, f: impl FnOnce(&mut Self)) -> usize {
        let node = self.tree.add(role, self.cur);
        let saved = std::mem::replace(&mut self.cur, node);
        f(self);
        self.cur = saved;
        node
    }

    /// Adds an item, painting the current decorations under it.
    fn push(&mut self, mut item: Item) {
        if item.tag.is_none() {
            item.tag = Some(self.cur);
        }
        if !self.decos.is_empty() {
            if self.shared_decos.as_deref() != Some(self.decos.as_slice()) {
                self.shared_decos = Some(self.decos.as_slice().into());
            }
            item.decos = self.shared_decos.clone();
        }
        // Exactly as many as it holds: items are kept until the document is paginated.
        item.prims.shrink_to_fit();
        item.slot.height = item.height;
        if self.new_page && !item.slot.discardable {
            item.slot.break_before = true;
            self.new_page = false;
        }
        self.items.push(item);
    }

    /// A vertical gap; consecutive gaps collapse to the largest.
    fn gap(&mut self, h: f32) {
        if let Some(last) = self.items.last_mut()
            && last.slot.discardable
        {
            if h > last.height {
                // Its decorations are as tall as it is.
                last.height = h;
                last.slot.height = h;
            }
            return;
        }
        if self.items.is_empty() {
            return;
        }
        let keep = self.items.last().is_some_and(|i| i.slot.keep_with_next);
        self.push(Item {
            height: h,
            prims: Vec::new(),
            slot: Slot {
                discardable: true,
                keep_with_next: keep,
                ..Slot::default()
            },
            notes: Vec::new(),
            ..Item::default()
        });
    }

    /// A fixed gap that stays at the top of a page (padding inside a decorated block).
    fn pad(&mut self, h: f32) {
        self.push(Item {
            height: h,
            prims: Vec::new(),
            slot: Slot::default(),
            notes: Vec::new(),
            ..Item::default()
        });
    }

    /// The top padding of a box (code, an alert, an image's stand-in): it goes to the page of
    /// the box's first line, never stays behind as an empty strip of background.
    fn pad_top(&mut self, h: f32) {
        self.pad(h);
        if let Some(top) = self.items.last_mut() {
            top.slot.keep_with_next = true;
        }
    }

    /// The bottom padding of a box: it stays on the page of the box's last line.
    fn pad_bottom(&mut self, h: f32) {
        self.pad(h);
        if let Some(bottom) = self.items.last_mut() {
            bottom.slot.no_break_before = true;
        }
    }

    fn heading(
        &mut self,
        content: &[Inline],
        level: u8,
        anchor: Option<&str>,
        depth: Option<usize>,
    ) {
        // Every level looks different: size down to level 5, then colour (level 6 is muted).
        let size = match level {
            1 => self.body() * 1.62,
            2 => self.body() * 1.36,
            3 => self.body() * 1.16,
            4 => self.body() * 1.07,
            _ => self.body(),
        };
        let before = if level <= 2 { size * 1.2 } else { size * 0.9 };
        self.gap(before);
        let mut st = self.style(Chain::Bold, size);
        st.color = match level {
            1 | 2 => self.accent,
            3..=5 => Color::TEXT,
            _ => MUTED,
        };
        let spans = self.spans(content, &st);
        let first = self.items.len();
        let role = self.heading_role(level);
        self.tagged(role, |b| {
            b.para(&spans, false, 1.45, true);
        });
        if let Some(id) = anchor
            && let Some(item) = self.items.get_mut(first)
        {
            item.prims.push(Prim::Anchor {
                id: id.to_owned(),
                y: 0.0,
            });
            if let Some(depth) = depth {
                self.outline.push(OutlineEntry {
                    title: plain_text(content),
                    depth,
                    anchor: id.to_owned(),
                });
            }
        }
        if level <= 2
            && let Some(last) = self.items.last_mut()
        {
            // A hairline under major headings, inside the last line's box.
            let h = last.height;
            last.prims.push(Prim::Stroke {
                points: vec![(self.x, h - 1.0), (self.x + self.w, h - 1.0)],
                color: RULE,
                width: 0.6,
            });
        }
        self.gap(size * 0.45);
    }

    fn section(&mut self, s: &Section, depth: usize) {
        // A book's chapter starts on a new page.
        if depth == 0 && s.source.is_some() {
            self.new_page = true;
        }
        if depth == 0 {
            self.chapter.clone_from(&s.source);
        }
        self.place = format!("section “{}”", section_depth_title(s));
        self.depth = depth;
        self.level = s.level;
        self.heading(&s.title, s.level, Some(&s.id), Some(depth));
        self.blocks(&s.blocks);
        for sub in &s.sections {
            self.section(sub, depth + 1);
        }
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            self.block(b);
        }
    }

    fn with_indent(&mut self, dx: f32, right: f32, f: impl FnOnce(&mut Self)) {
        let (x, w) = (self.x, self.w);
        self.x += dx;
        self.w -= dx + right;
        f(self);
        self.x = x;
        self.w = w;
    }

    fn block(&mut self, block: &Block) {
        let body = self.body();
        // Name the source line in coverage warnings: "section “图片” (line 87)".
        if let Some(span) = block
            .span()
            .filter(|_| !self.book || self.chapter.is_some())
        {
            let what = fonts::place_what(&self.place).to_owned();
            self.place = fonts::place_at(&what, self.chapter.as_deref(), span.start_line);
        }
        // A pending list marker goes on the first line of text. Blocks that begin with one
        // (or hand the marker on to their first block) take it there; the others get a line
        // of their own for it.
        if !matches!(
            block,
            Block::Paragraph { .. }
                | Block::Heading { .. }
                | Block::Quote { .. }
                | Block::Details { .. }
                | Block::Alert { .. }
                | Block::RawHtml { .. }
        ) {
            self.marker_line();
        }
        match block {
            Block::Paragraph { content, .. } => {
                self.paragraph(content, 1.75, 0.6);
            }
            Block::Heading { level, content, .. } => self.heading(content, *level, None, None),
            Block::List {
                ordered,
                start,
                tight,
                items,
                ..
            } => {
                let first = start.unwrap_or(1);
                let hang = if *ordered {
                    // Wide enough for the widest number (the last: `123456789.` overran
                    // the left margin).
                    let mut st = self.style(Chain::Text, body);
                    st.color = self.accent;
                    let last = first.saturating_add(items.len().saturating_sub(1) as u64);
                    let widest = self.single_line(&format!("{last}."), &st).width;
                    (body * 2.0).max(widest + body * 0.6)
                } else {
                    body * 1.3
                };
                // A numbered task list keeps its numbers (`5. [ ] Pack the tent`): the box
                // goes after the number, and the text after the box.
                let numbered_tasks = *ordered && items.iter().any(|i| i.checked.is_some());
                let box_w = if numbered_tasks { body * 1.3 } else { 0.0 };
                let list = self.tree.add(Role::L, self.cur);
                let outer = std::mem::replace(&mut self.cur, list);
                for (k, item) in items.iter().enumerate() {
                    let li = self.tree.add(Role::LI, list);
                    let lbl = self.tree.add(Role::Lbl, li);
                    let number = format!("{}.", first + k as u64);
                    if let Some(done) = item.checked {
                        // The box is a drawing: say its state in words.
                        let state = if done {
                            self.labels.task_done
                        } else {
                            self.labels.task_open
                        };
                        self.tree.nodes[lbl].set_actual_text(if *ordered {
                            format!("{number} {state}")
                        } else {
                            state.to_owned()
                        });
                    }
                    self.cur = li;
                    let mut marker = Vec::new();
                    match item.checked {
                        Some(done) if *ordered => {
                            let mut st = self.style(Chain::Text, body);
                            st.color = self.accent;
                            let line = self.single_line(&number, &st);
                            marker.push(Prim::Text {
                                x: self.x + hang - line.width - body * 0.45,
                                y: 0.0,
                                line: Box::new(line),
                            });
                            marker.extend(tick_box(self.x + hang - 0.1 * body, body, done));
                        }
                        Some(done) => marker.extend(tick_box(self.x + 0.1 * body, body, done)),
                        None => {
                            let label = if *ordered { number } else { "•".to_owned() };
                            let mut st = self.style(Chain::Text, body);
                            st.color = if *ordered { self.accent } else { MUTED };
                            let line = self.single_line(&label, &st);
                            let x = if *ordered {
                                self.x + hang - line.width - body * 0.45
                            } else {
                                self.x + body * 0.2
                            };
                            marker.push(Prim::Text {
                                x,
                                y: 0.0,
                                line: Box::new(line),
                            });
                        }
                    }
                    self.marker = Some(marker);
                    self.marker_node = Some(lbl);
                    self.tagged(Role::LBody, |b| {
                        b.with_indent(hang + box_w, 0.0, |b| b.item_blocks(&item.blocks, *tight));
                    });
                    self.marker = None;
                    self.cur = list;
                    if !*tight {
                        self.gap(body * 0.4);
                    }
                }
                self.cur = outer;
                self.gap(body * 0.6);
            }
            Block::KeyPoints {
                ordered,
                start,
                points,
                span,
            } => {
                // Laid out as the list it was written as, each term in bold before its text.
                let list = super::super::key_points_as_list(
                    *span,
                    *ordered,
                    *start,
                    points,
                    self.labels.colon,
                );
                self.block(&list);
            }
            Block::Details {
                summary, blocks, ..
            } => {
                // Paper cannot fold: the summary as a bold lead line, then the content.
                let mut st = self.style(Chain::Bold, body);
                st.color = self.accent;
                let mut spans = vec![Span {
                    text: "▶ ".to_owned(),
                    style: st.clone(),
                }];
                self.inline_spans(summary, &st, &mut spans);
                self.tagged(Role::Div, |b| {
                    b.tagged(Role::P, |b| {
                        b.para(&spans, false, 1.6, true);
                    });
                    b.gap(body * 0.3);
                    // The content hangs under the summary's text, so that where a box (and
                    // a box inside it) ends shows: flat, nested boxes ran into what follows.
                    b.with_indent(body * 1.1, 0.0, |b| b.item_blocks(blocks, false));
                });
                self.trim_gap();
                self.gap(body * 0.6);
            }
            Block::Steps { steps, .. } => {
                let badge = body * 1.0;
                let boxw = if self.checklist { body * 1.7 } else { 0.0 };
                let mut num_st = self.style(Chain::Bold, body * 0.95);
                num_st.color = Color(1.0, 1.0, 1.0);
                // A number too wide for the disc (`1000.`) stretches it into a pill, and the
                // steps' text moves right to make room: the number is never cut.
                let widest = steps
                    .iter()
                    .map(|s| s.number)
                    .max()
                    .map_or(0.0, |n| self.single_line(&n.to_string(), &num_st).width);
                let stretch = ((widest - badge * 1.2) / 2.0).max(0.0);
                let indent = boxw + badge * 2.0 + stretch * 2.0 + body * 0.6;
                let list = self.tree.add(Role::L, self.cur);
                let outer = std::mem::replace(&mut self.cur, list);
                for step in steps {
                    let li = self.tree.add(Role::LI, list);
                    let lbl = self.tree.add(Role::Lbl, li);
                    self.cur = li;
                    self.gap(body * 0.5);
                    let mut marker = Vec::new();
                    if self.checklist {
                        marker.extend(tick_box(self.x, body * 1.05, false));
                    }
                    let cx = self.x + boxw + badge + stretch;
                    let cy = -0.33 * body * 1.1;
                    let r = badge * 0.95;
                    let ends: &[f32] = if stretch > 0.0 {
                        &[cx - stretch, cx + stretch]
                    } else {
                        &[cx]
                    };
                    for &x in ends {
                        marker.push(Prim::Disc {
                            cx: x,
                            cy,
                            r,
                            fill: self.accent,
                        });
                    }
                    if stretch > 0.0 {
                        marker.push(Prim::Rect {
                            x: cx - stretch,
                            y: cy - r,
                            w: stretch * 2.0,
                            h: r * 2.0,
                            fill: self.accent,
                        });
                    }
                    let num = self.single_line(&step.number.to_string(), &num_st);
                    marker.push(Prim::Text {
                        x: cx - num.width / 2.0,
                        y: cy + 0.33 * body * 0.95,
                        line: Box::new(num),
                    });
                    self.marker = Some(marker);
                    self.marker_node = Some(lbl);
                    let st = self.style(Chain::Bold, body * 1.1);
                    let title = self.spans(&step.title, &st);
                    self.tagged(Role::LBody, |b| {
                        b.with_indent(indent, 0.0, |b| {
                            // A step without a title (marked by a directive) carries its badge
                            // on the first line of its body.
                            if !title.is_empty() {
                                b.tagged(Role::P, |b| {
                                    b.para(&title, false, 1.6, true);
                                });
                                b.marker = None;
                            }
                            if !step.body.is_empty() {
                                b.gap(body * 0.2);
                                b.item_blocks(&step.body, false);
                            }
                        });
                    });
                    self.marker = None;
                    self.cur = list;
                }
                self.cur = outer;
                self.gap(body * 0.8);
            }
            Block::QuestionAnswers { entries, .. } => {
                let outer = self.cur;
                // The question is a heading one level below its section's.
                let level = (self.level + 1).min(6);
                for e in entries {
                    let sect = self.tree.add(Role::Sect, outer);
                    self.cur = sect;
                    let role = self.heading_role(level);
                    let heading = self.tree.add(role, sect);
                    self.place = format!("question “{}”", plain_text(&e.question));
                    self.gap(body * 0.7);
                    let mut st = self.style(Chain::Bold, body);
                    st.color = self.accent;
                    let q = self.single_line(self.labels.question, &st);
                    let mut marker = vec![Prim::Text {
                        x: self.x,
                        y: 0.0,
                        line: Box::new(q),
                    }];
                    marker.push(Prim::Anchor {
                        id: e.id.clone(),
                        y: -body * 1.2,
                    });
                    self.marker = Some(marker);
                    // The “问” before the question is decoration: the element is a heading
                    // in a question-and-answer section already.
                    self.marker_node = None;
                    let depth = self.depth + 1;
                    self.outline.push(OutlineEntry {
                        title: plain_text(&e.question),
                        depth,
                        anchor: e.id.clone(),
                    });
                    // Questions are set in the regular face in the accent colour: the 问 marker
                    // already sets them off, and bold would add a second copy of most of their
                    // glyphs to the file.
                    let mut st = self.style(Chain::Text, body);
                    st.color = self.accent;
                    let spans = self.spans(&e.question, &st);
                    self.cur = heading;
                    self.with_indent(body * 2.0, 0.0, |b| {
                        b.para(&spans, true, 1.7, true);
                    });
                    let answer = self.tree.add(Role::Div, sect);
                    self.cur = answer;
                    let mut st = self.style(Chain::Bold, body);
                    st.color = Color(0.13, 0.53, 0.29);
                    let a = self.single_line(self.labels.answer, &st);
                    self.marker = Some(vec![Prim::Text {
                        x: self.x,
                        y: 0.0,
                        line: Box::new(a),
                    }]);
                    let lbl = self.tree.add(Role::Lbl, answer);
                    self.marker_node = Some(lbl);
                    self.with_indent(body * 2.0, 0.0, |b| b.item_blocks(&e.answer, false));
                    self.marker = None;
                    self.cur = outer;
                }
                // Questions nest under the section that holds them; restore nothing else.
                self.gap(body * 0.6);
            }
            Block::Quote { blocks, .. } => {
                self.gap(body * 0.3);
                self.decos.push(Deco {
                    x: self.x,
                    w: 2.5,
                    fill: RULE,
                });
                self.tagged(Role::BlockQuote, |b| {
                    b.with_indent(body * 1.2, 0.0, |b| b.item_blocks(blocks, false));
                });
                // The gap after the quote's last block is outside it: with the bar painted
                // under it, a nested quote's bar ran on into whatever followed (a heading).
                self.trim_gap();
                self.decos.pop();
                self.gap(body * 0.6);
            }
            Block::Alert {
                kind,
                title,
                blocks,
                ..
            } => {
                let color = alert_color(*kind);
                self.gap(body * 0.5);
                self.decos.push(Deco {
                    x: self.x,
                    w: self.w,
                    fill: tint(color, 0.08),
                });
                self.decos.push(Deco {
                    x: self.x,
                    w: 3.0,
                    fill: color,
                });
                self.pad_top(body * 0.5);
                let label = self.labels.alert_heading(*kind, title.as_deref());
                let quote = self.tree.add(Role::BlockQuote, self.cur);
                let outer = std::mem::replace(&mut self.cur, quote);
                self.with_indent(body * 1.1, body * 0.9, |b| {
                    let mut st = b.style(Chain::Bold, body);
                    st.color = color;
                    b.label_line(label, st, 1.6);
                    b.item_blocks(blocks, false);
                });
                self.cur = outer;
                self.trim_gap();
                self.pad_bottom(body * 0.5);
                self.decos.pop();
                self.decos.pop();
                self.gap(body * 0.8);
            }
            Block::Code { code, title, .. } => self.code_block(code, title.as_deref()),
            Block::Table {
                columns,
                header,
                rows,
                ..
            } => {
                self.tagged(Role::Table, |b| {
                    b.table(columns.iter().map(|c| c.align).collect(), header, rows);
                });
            }
            Block::ThematicBreak { .. } => {
                self.gap(body * 0.6);
                let w = self.w;
                let x = self.x;
                self.push(Item {
                    height: body * 1.4,
                    prims: vec![Prim::Stroke {
                        points: vec![(x + w * 0.3, body * 0.7), (x + w * 0.7, body * 0.7)],
                        color: RULE,
                        width: 0.8,
                    }],
                    slot: Slot::default(),
                    notes: Vec::new(),
                    ..Item::default()
                });
                self.gap(body * 0.6);
            }
            // Raw HTML is untrusted and has no PDF meaning: it is left out.
            Block::RawHtml { .. } => {}
        }
    }

    /// Removes a trailing gap (before the bottom padding of a decorated block).
    fn trim_gap(&mut self) {
        if self.items.last().is_some_and(|i| i.slot.discardable) {
            self.items.pop();
        }
    }

    fn item_blocks(&mut self, blocks: &[Block], tight: bool) {
        for (k, b) in blocks.iter().enumerate() {
            match b {
                Block::Paragraph { content, .. } if tight || k == 0 => {
                    self.paragraph(content, 1.7, if tight { 0.0 } else { 0.4 });
                }
                other => self.block(other),
            }
        }
        // An item with nothing to show (`1.` alone, or only a comment) keeps its number.
        self.marker_line();
    }
}
/// A tick box (with a check mark when `done`), relative to a baseline at y = 0.
fn tick_box(x: f32, size: f32, done: bool) -> Vec<Prim> {
    let s = size * 0.78;
    let top = -size * 0.78;
    let mut v = vec![Prim::Frame {
        x,
        y: top,
        w: s,
        h: s,
        color: MUTED,
        width: 0.8,
    }];
    if done {
        v.push(Prim::Stroke {
            points: vec![
                (x + s * 0.2, top + s * 0.52),
                (x + s * 0.42, top + s * 0.75),
                (x + s * 0.82, top + s * 0.22),
            ],
            color: ACCENT,
            width: 1.2,
        });
    }
    v
}

#[cfg(test)]
mod tests;
