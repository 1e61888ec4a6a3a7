//! Tagged PDF: the logical structure tree (ISO 32000-1 §14.7–14.8, PDF/UA-1).
//!
//! Layout records, for every item it sets, which structure element of the model the item's
//! content belongs to ([`Tree`], a flat arena of [`Node`]s created in document order while the
//! blocks are laid out), and per primitive an override where one item mixes elements (a list
//! label and the first line of its body; the cells of a table row). Everything without an
//! element (decorations, rules, backgrounds, step badges' circles, the running header, the
//! footer, repeated table header rows) is an artifact.
//!
//! [`plan`] turns the finished pages into marked-content sequences: per page, per primitive,
//! an `/Artifact` or a marked-content identifier (MCID) of an element; consecutive primitives
//! of the same element share one sequence. Elements enter the tree in the order their first
//! content appears on the pages (the reading order), elements without content are left out
//! (except the cells of a table row, which keep their columns). Link primitives become `Link`
//! elements under the element of their text, with an object reference to the annotation.
//!
//! [`write`](fn@write) adds the tree to the document: the elements and the `ParentTree` number tree
//! (pages by `/StructParents`, annotations by `/StructParent`) as PDF syntax straight into
//! object streams ([`super::file`]), `StructTreeRoot` and `/MarkInfo` to the lopdf document.

use std::collections::BTreeMap;
use std::io::Write;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::file::ObjectStreams;
use super::layout::{Doc, PageBox, Prim};
use super::structure::text_string;

/// Standard structure types used (PDF 1.7 §14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The whole guide.
    Document,
    /// A heading of level 1–6.
    H(u8),
    /// A paragraph.
    P,
    /// A list (also steps and key points).
    L,
    /// A list item.
    LI,
    /// A list item's label (number, bullet, task box, note number).
    Lbl,
    /// A list item's body.
    LBody,
    /// A quotation or an alert.
    BlockQuote,
    /// Computer code.
    Code,
    /// A table.
    Table,
    /// A table row.
    TR,
    /// A table header cell.
    TH,
    /// A table data cell.
    TD,
    /// An image, with alternative text.
    Figure,
    /// A link (text and annotation).
    Link,
    /// A footnote.
    Note,
    /// A run of text in another language (with `/Lang`).
    Span,
    /// A section (a question and its answer).
    Sect,
    /// A generic block (details, an answer).
    Div,
    /// A table of contents.
    Toc,
    /// An entry of a table of contents.
    Toci,
}

impl Role {
    /// The structure type name.
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::H(1) => "H1",
            Role::H(2) => "H2",
            Role::H(3) => "H3",
            Role::H(4) => "H4",
            Role::H(5) => "H5",
            Role::H(_) => "H6",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::BlockQuote => "BlockQuote",
            Role::Code => "Code",
            Role::Table => "Table",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::Figure => "Figure",
            Role::Link => "Link",
            Role::Note => "Note",
            Role::Span => "Span",
            Role::Sect => "Sect",
            Role::Div => "Div",
            Role::Toc => "TOC",
            Role::Toci => "TOCI",
        }
    }
}

/// One structure element: 16 bytes (a document of 200,000 short foreign-language runs has
/// as many `Span` elements).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Structure type.
    pub role: Role,
    /// Language (`/Lang`) where it differs from the document's: 0 for none, else `k` for
    /// [`Plan::langs`]`[k - 1]`.
    lang: u8,
    /// Parent element (the root, 0, is its own parent).
    parent: u32,
    /// Alternative description and replacement text, which few elements have.
    texts: Option<Box<Texts>>,
}

#[derive(Debug, Clone, PartialEq, Default)]
struct Texts {
    alt: Option<String>,
    actual_text: Option<String>,
}

impl Node {
    /// An element of `role` under `parent`.
    pub fn new(role: Role, parent: usize) -> Node {
        Node {
            role,
            lang: 0,
            parent: parent as u32,
            texts: None,
        }
    }

    /// Parent element.
    pub fn parent(&self) -> usize {
        self.parent as usize
    }

    /// Moves the element under `parent`.
    pub fn set_parent(&mut self, parent: usize) {
        self.parent = parent as u32;
    }

    /// Alternative description (`/Alt`): figures.
    pub fn alt(&self) -> Option<&str> {
        self.texts.as_ref()?.alt.as_deref()
    }

    /// Replacement text (`/ActualText`): where the marks do not say the text (task boxes).
    pub fn actual_text(&self) -> Option<&str> {
        self.texts.as_ref()?.actual_text.as_deref()
    }

    /// Sets the alternative description.
    pub fn set_alt(&mut self, alt: String) {
        self.texts.get_or_insert_default().alt = Some(alt);
    }

    /// Sets the replacement text.
    pub fn set_actual_text(&mut self, text: String) {
        self.texts.get_or_insert_default().actual_text = Some(text);
    }
}

/// The structure elements of a document, in creation order; 0 is the `Document` root.
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    /// All elements.
    pub nodes: Vec<Node>,
}

impl Default for Tree {
    fn default() -> Self {
        Tree::new()
    }
}

impl Tree {
    /// A tree with only the `Document` root.
    pub fn new() -> Tree {
        Tree {
            nodes: vec![Node::new(Role::Document, 0)],
        }
    }

    /// Adds an element under `parent`; returns its index.
    pub fn add(&mut self, role: Role, parent: usize) -> usize {
        self.nodes.push(Node::new(role, parent));
        self.nodes.len() - 1
    }
}

/// How a primitive is marked in the content stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Paints nothing (anchors, link areas): no marking.
    None,
    /// Page furniture or decoration: `/Artifact BMC … EMC`.
    Artifact,
    /// Real content: `/Role << /MCID mcid >> BDC … EMC`.
    Content {
        /// Marked-content identifier, unique on the page.
        mcid: u32,
        /// Element index in [`Plan::nodes`].
        node: u32,
        /// A line of code, marked on its own as `/Span << /MCID mcid /ActualText (its
        /// text) >> BDC`: text extractors rebuild the spaces of a line from the gaps between
        /// glyphs (so indentation and double spaces are lost) and some (MuPDF) spread an
        /// element's `/ActualText` over its glyphs one character each, so that the line ends
        /// in it shift every later line. Only a `Span` sequence's replacement text is read
        /// by all of them (poppler reads no other), one line each.
        exact: bool,
    },
}

/// A child of a structure element (12 bytes: there is one per marked-content sequence).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kid {
    /// Another element.
    Node(u32),
    /// A marked-content sequence on a page.
    Mcid {
        /// Page index.
        page: u32,
        /// Identifier.
        mcid: u32,
    },
    /// A link annotation: the `k`-th link primitive of a page.
    Annot {
        /// Page index.
        page: u32,
        /// Ordinal of the link primitive on the page.
        link: u32,
    },
}

/// The marking of every page and the tree in reading order.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Elements (the layout's, plus one `Link` per link primitive).
    pub nodes: Vec<Node>,
    /// Children of all elements, in the order they were added: one list for all elements
    /// rather than a list each, most of which would hold one child. An element's children,
    /// in reading order, are a chain from `first` through `next` (nothing to sort or copy
    /// when the tree is written).
    kids: Vec<Kid>,
    /// Per child: the next child of the same element ([`NONE`] after the last).
    next: Vec<u32>,
    /// Per element: its first child and its last ([`NONE`]: none yet).
    first: Vec<u32>,
    last: Vec<u32>,
    /// Whether an element is in the tree.
    pub attached: Vec<bool>,
    /// Per page, per link primitive (in order): its `Link` element, if any.
    pub links: Vec<Vec<Option<usize>>>,
    /// Per link (the layout's link target, one per link written): its `Link` element.
    link_nodes: std::collections::HashMap<usize, usize>,
    /// The cells of each table row.
    cells: std::collections::BTreeMap<usize, Vec<usize>>,
    /// The languages of elements (see [`Node`]), each once.
    langs: Vec<&'static str>,
    /// The document's language: text in another script is a `Span` of its own language.
    lang: String,
}

/// How one page's primitives are marked ([`Plan::page`]); needed only while the page is
/// painted.
#[derive(Debug, Clone, Default)]
pub struct PageMarks {
    /// Per primitive: its mark.
    pub marks: Vec<Mark>,
    /// Text primitives (by index) whose glyphs belong to more than one element (a line with
    /// a link: the link's glyphs are the `Link` element's content), as runs of (first glyph,
    /// mark). Each run is its own sequence inside the text object.
    pub splits: BTreeMap<usize, Vec<(u32, Mark)>>,
}

impl Plan {
    fn attach(&mut self, n: usize) {
        if n == 0 || self.attached[n] {
            return;
        }
        let p = self.nodes[n].parent();
        if self.cells.contains_key(&p) {
            // A cell enters with all of its row's cells, in column order.
            self.attach(p);
            return;
        }
        self.attached[n] = true;
        self.attach(p);
        self.add_kid(p, Kid::Node(n as u32));
        if let Some(cells) = self.cells.remove(&n) {
            // A row keeps all its cells, empty ones too, so that columns stay aligned.
            for &c in &cells {
                if !self.attached[c] {
                    self.attached[c] = true;
                    self.add_kid(n, Kid::Node(c as u32));
                }
            }
            // Still a row: its cells enter through it.
            self.cells.insert(n, cells);
        }
    }

    /// Gives element `n` the language `lang`.
    fn set_lang(&mut self, n: usize, lang: &'static str) {
        let k = match self.langs.iter().position(|&l| l == lang) {
            Some(k) => k,
            None => {
                self.langs.push(lang);
                self.langs.len() - 1
            }
        };
        // More than 255 languages cannot come from script guesses; should they, the extra
        // ones are left unmarked rather than mislabelled.
        if let Ok(k) = u8::try_from(k + 1) {
            self.nodes[n].lang = k;
        }
    }

    /// The language of element `n`, if it has its own.
    pub fn lang(&self, n: usize) -> Option<&'static str> {
        let k = self.nodes.get(n)?.lang;
        (k > 0).then(|| self.langs.get(usize::from(k) - 1).copied())?
    }

    fn add_node(&mut self, node: Node) -> usize {
        self.nodes.push(node);
        self.attached.push(false);
        self.first.push(NONE);
        self.last.push(NONE);
        self.nodes.len() - 1
    }

    /// Adds `kid` after the children `parent` has.
    fn add_kid(&mut self, parent: usize, kid: Kid) {
        let k = self.kids.len() as u32;
        self.kids.push(kid);
        self.next.push(NONE);
        match self.last[parent] {
            NONE => self.first[parent] = k,
            l => self.next[l as usize] = k,
        }
        self.last[parent] = k;
    }

    /// Element `n`'s children, in reading order.
    fn children(&self, n: usize) -> Children<'_> {
        Children {
            kids: &self.kids,
            next: &self.next,
            at: self.first.get(n).copied().unwrap_or(NONE),
        }
    }
}

/// The tagging plan of a laid-out document: its elements, to which [`Plan::page`] adds the
/// marking of each page in turn, ordering the tree by first appearance. An untagged document
/// has the empty plan ([`Plan::default`]), which marks nothing.
///
/// Runs of text in the other script (see [`crate::cjk::foreign_runs`]: `Alipay App` in a
/// Chinese document, `支付宝` in an English one) become `Span` elements with their `/Lang`,
/// as the HTML and EPUB mark them; the language is a guess from the script (the model has no
/// language per run). Code is left alone.
///
/// The layout's elements move into the plan (`doc.tags` is left empty).
pub fn plan(doc: &mut Doc, lang: &str) -> Plan {
    let nodes = std::mem::take(&mut doc.tags.nodes);
    let n = nodes.len();
    let mut plan = Plan {
        nodes,
        kids: Vec::new(),
        next: Vec::new(),
        first: vec![NONE; n],
        last: vec![NONE; n],
        attached: vec![false; n],
        links: Vec::with_capacity(doc.pages.len()),
        link_nodes: std::collections::HashMap::new(),
        cells: std::collections::BTreeMap::new(),
        langs: Vec::new(),
        lang: lang.to_owned(),
    };
    for (c, node) in plan.nodes.iter().enumerate() {
        if c != 0 && plan.nodes[node.parent()].role == Role::TR {
            plan.cells.entry(node.parent()).or_default().push(c);
        }
    }
    if let Some(root) = plan.attached.first_mut() {
        *root = true;
    }
    plan
}

impl Plan {
    /// Whether the plan tags anything (the untagged plan is empty).
    pub fn is_tagged(&self) -> bool {
        !self.nodes.is_empty()
    }

    /// Marks every primitive of page `p`, the pages being given in order (an element's
    /// children are its sequences in reading order). The marking is the painter's for this
    /// page only: a long document's marks never all exist at once.
    pub fn page(&mut self, p: usize, page: &PageBox) -> PageMarks {
        if !self.is_tagged() {
            return PageMarks::default();
        }
        let lang = std::mem::take(&mut self.lang);
        let marks = self.mark_page(p, page, &lang);
        self.lang = lang;
        marks
    }

    /// Gives back what adding elements page by page left unused.
    pub fn shrink(&mut self) {
        // Kept until the file is written: no spare capacity.
        self.nodes.shrink_to_fit();
        self.kids.shrink_to_fit();
        self.next.shrink_to_fit();
        self.first.shrink_to_fit();
        self.last = Vec::new();
        self.attached.shrink_to_fit();
    }

    /// [`Plan::page`], with the document's language.
    fn mark_page(&mut self, p: usize, page: &PageBox, lang: &str) -> PageMarks {
        let plan = self;
        // Link elements first, with their areas: a glyph inside a link's area is the
        // link's content.
        let mut links = Vec::new();
        let mut areas: Vec<(f32, f32, f32, f32, usize)> = Vec::new();
        for (k, prim) in page.prims.iter().enumerate() {
            if let Prim::Link {
                x, y, w, h, target, ..
            } = prim
            {
                let tag = page.tags.get(k).copied().flatten();
                links.push(tag.map(|t| {
                    // A link set over two lines (or pages) has an area on each: one element
                    // holds them all, or a reader would announce two links.
                    let link = match plan.link_nodes.get(target) {
                        Some(&n) if plan.nodes[n].parent() == t => n,
                        _ => {
                            let n = plan.add_node(Node::new(Role::Link, t));
                            plan.link_nodes.insert(*target, n);
                            n
                        }
                    };
                    areas.push((*x, *y, x + w, y + h, link));
                    link
                }));
            }
        }
        let mut marks = Vec::with_capacity(page.prims.len());
        let mut splits = BTreeMap::new();
        let mut next: u32 = 0;
        // The sequence still open: consecutive primitives of one element share it.
        let mut open: Option<(usize, u32)> = None;
        for (k, prim) in page.prims.iter().enumerate() {
            let tag = page.tags.get(k).copied().flatten();
            let paints = match prim {
                Prim::Text { line, x, y } => {
                    let foreign = if tag.is_some_and(|t| plan.nodes[t].role != Role::Code) {
                        crate::cjk::foreign_runs(&line.text, lang)
                    } else {
                        Vec::new()
                    };
                    if let Some(t) = tag
                        && (!areas.is_empty() || !foreign.is_empty())
                        && line.glyph_count() > 0
                    {
                        let owner = |g: &super::linebreak::PlacedGlyph| {
                            let (gx, gy) = (x + g.x + 0.01, y - 0.3 * g.size);
                            let link = areas
                                .iter()
                                .find(|a| gx >= a.0 - 0.01 && gx < a.2 && gy >= a.1 && gy <= a.3)
                                .map_or(t, |a| a.4);
                            let start = g.text.0 as usize;
                            // A glyph continuing a cluster (empty text) stays with the one
                            // before: `None` here, resolved below.
                            let foreign_lang = (g.text.1 > g.text.0).then(|| {
                                foreign
                                    .iter()
                                    .find(|r| start >= r.0 && start < r.1)
                                    .map(|r| r.2)
                            });
                            (link, foreign_lang)
                        };
                        // (first glyph, owner, language of a foreign run)
                        let mut runs: Vec<(usize, usize, Option<&'static str>)> = Vec::new();
                        for (i, g) in line.glyphs().enumerate() {
                            let (o, lang) = owner(&g);
                            let lang = lang.unwrap_or(runs.last().and_then(|r| r.2));
                            if runs.last().is_none_or(|r| r.1 != o || r.2 != lang) {
                                runs.push((i, o, lang));
                            }
                        }
                        if runs.len() > 1 || runs[0].1 != t || runs[0].2.is_some() {
                            // Each run its own sequence, inside the text object.
                            let mut out = Vec::with_capacity(runs.len());
                            for (i, owner, lang) in runs {
                                let node = if let Some(lang) = lang {
                                    let span = plan.add_node(Node::new(Role::Span, owner));
                                    plan.set_lang(span, lang);
                                    span
                                } else {
                                    owner
                                };
                                let m = next;
                                next += 1;
                                plan.attach(node);
                                plan.add_kid(
                                    node,
                                    Kid::Mcid {
                                        page: p as u32,
                                        mcid: m,
                                    },
                                );
                                out.push((
                                    i as u32,
                                    Mark::Content {
                                        mcid: m,
                                        node: node as u32,
                                        exact: false,
                                    },
                                ));
                            }
                            marks.push(out[0].1);
                            splits.insert(k, out);
                            open = None;
                            continue;
                        }
                    }
                    line.glyph_count() > 0
                }
                Prim::Rect { .. }
                | Prim::Frame { .. }
                | Prim::Stroke { .. }
                | Prim::Disc { .. }
                | Prim::Image { .. } => true,
                Prim::Link { .. } => false,
                Prim::Anchor { .. } | Prim::PageRef { .. } => false,
            };
            if !paints {
                marks.push(Mark::None);
                continue;
            }
            match tag {
                None => {
                    open = None;
                    marks.push(Mark::Artifact);
                }
                Some(t) => {
                    // Each line of code is a sequence of its own (see `Mark::Content`).
                    let exact = plan.nodes[t].role == Role::Code
                        && matches!(prim, Prim::Text { line, .. } if !line.text.is_empty());
                    let mcid = match open {
                        Some((o, m)) if o == t && !exact => m,
                        _ => {
                            let m = next;
                            next += 1;
                            plan.attach(t);
                            plan.add_kid(
                                t,
                                Kid::Mcid {
                                    page: p as u32,
                                    mcid: m,
                                },
                            );
                            open = (!exact).then_some((t, m));
                            m
                        }
                    };
                    marks.push(Mark::Content {
                        mcid,
                        node: t as u32,
                        exact,
                    });
                }
            }
        }
        // Annotations last: a link enters the tree where its text is read (a link without
        // text, where the page ends).
        for (ordinal, link) in links.iter().enumerate() {
            if let Some(link) = *link {
                plan.attach(link);
                plan.add_kid(
                    link,
                    Kid::Annot {
                        page: p as u32,
                        link: ordinal as u32,
                    },
                );
            }
        }
        plan.links.push(links);
        PageMarks { marks, splits }
    }
}

/// No child (the end of a chain of children, or an element without any).
const NONE: u32 = u32::MAX;

/// An element's children in reading order: a walk along the plan's chain.
#[derive(Clone)]
struct Children<'p> {
    kids: &'p [Kid],
    next: &'p [u32],
    at: u32,
}

impl<'p> Iterator for Children<'p> {
    type Item = &'p Kid;

    fn next(&mut self) -> Option<&'p Kid> {
        let k = self.kids.get(self.at as usize)?;
        self.at = self.next[self.at as usize];
        Some(k)
    }
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// Keys per node of the `ParentTree` number tree: a viewer looking up one page's entry reads
/// one leaf (and the nodes above it), not the entries of every page.
const NUMS_PER_NODE: usize = 32;

/// Appends an indirect reference `n 0 R`.
fn push_ref(b: &mut Vec<u8>, id: u32) {
    let _ = write!(b, "{id} 0 R");
}

/// Appends a PDF text string.
fn push_text(b: &mut Vec<u8>, s: &str) {
    let _ = super::file::write_object(b, &text_string(s));
}

/// Writes the structure tree: the elements and the `ParentTree` go straight into `packed`
/// as PDF syntax (a long document has tens of thousands of elements; a lopdf object each
/// cost more to build and write than everything else tagging does); `/StructParents` on
/// pages, `/MarkInfo` and `/StructTreeRoot` in the catalog `root` are set in `lo`. Link
/// annotations are already written (`annots[page][k]`: the annotation of the page's `k`-th
/// link primitive and its `/StructParent` key, if one was written for a tagged link;
/// `next_key` follows the last key).
pub fn write(
    lo: &mut Document,
    mut plan: Plan,
    page_ids: &[ObjectId],
    annots: &[Vec<Option<(ObjectId, i64)>>],
    next_key: i64,
    root: ObjectId,
    packed: &mut ObjectStreams,
) -> Result<(), String> {
    let tree_root = lo.new_object_id();
    // Object numbers start at 1: a number of 4 bytes, not 8, per element.
    let ids: Vec<Option<std::num::NonZeroU32>> = (0..plan.nodes.len())
        .map(|n| {
            plan.attached[n]
                .then(|| std::num::NonZeroU32::new(lo.new_object_id().0))
                .flatten()
        })
        .collect();
    // ParentTree: per page the element of each MCID (0: none); per annotation its Link.
    let mut per_page: Vec<Vec<u32>> = page_ids.iter().map(|_| Vec::new()).collect();
    let mut annot_keys: Vec<(i64, u32)> = Vec::new();
    // What painting needed is no longer: only the elements and their children are written.
    plan.links = Vec::new();
    for (n, node) in plan.nodes.iter().enumerate() {
        let kids = plan.children(n);
        let Some(id) = ids[n].map(std::num::NonZeroU32::get) else {
            continue;
        };
        // `/Pg`: the page of the first marked-content sequence; integer MCIDs in `/K` are
        // on that page, sequences on other pages are marked-content references.
        let first_page = kids.clone().find_map(|kid| match *kid {
            Kid::Mcid { page, .. } => page_ids.get(page as usize).copied(),
            _ => None,
        });
        let parent = if n == 0 {
            tree_root.0
        } else {
            ids[node.parent()].map_or(tree_root.0, std::num::NonZeroU32::get)
        };
        packed.add(id, |b| {
            // `/Type /StructElem` is optional (ISO 32000-1 table 323).
            b.extend_from_slice(b"<</S/");
            b.extend_from_slice(node.role.name().as_bytes());
            b.extend_from_slice(b"/P ");
            push_ref(b, parent);
            if let Some(pid) = first_page {
                b.extend_from_slice(b"/Pg ");
                push_ref(b, pid.0);
            }
            b.extend_from_slice(b"/K[");
            let mut sep = "";
            for kid in kids {
                // An element of very many children is compressed as it is written.
                b.spill();
                match *kid {
                    Kid::Node(c) => {
                        if let Some(cid) = ids[c as usize].map(std::num::NonZeroU32::get) {
                            b.extend_from_slice(sep.as_bytes());
                            push_ref(b, cid);
                            sep = " ";
                        }
                    }
                    Kid::Mcid { page, mcid } => {
                        let page = page as usize;
                        let Some(&pid) = page_ids.get(page) else {
                            continue;
                        };
                        let slot = &mut per_page[page];
                        let m = mcid as usize;
                        if slot.len() <= m {
                            slot.resize(m + 1, 0);
                        }
                        slot[m] = id;
                        b.extend_from_slice(sep.as_bytes());
                        if first_page == Some(pid) {
                            let _ = write!(b, "{mcid}");
                        } else {
                            b.extend_from_slice(b"<</Type/MCR/Pg ");
                            push_ref(b, pid.0);
                            let _ = write!(b, "/MCID {mcid}>>");
                        }
                        sep = " ";
                    }
                    Kid::Annot { page, link } => {
                        let (Some(&pid), Some(&Some((aid, key)))) = (
                            page_ids.get(page as usize),
                            annots.get(page as usize).and_then(|a| a.get(link as usize)),
                        ) else {
                            continue;
                        };
                        annot_keys.push((key, id));
                        b.extend_from_slice(sep.as_bytes());
                        b.extend_from_slice(b"<</Type/OBJR/Pg ");
                        push_ref(b, pid.0);
                        b.extend_from_slice(b"/Obj ");
                        push_ref(b, aid.0);
                        b.extend_from_slice(b">>");
                        sep = " ";
                    }
                }
            }
            b.push(b']');
            if let Some(alt) = node.alt() {
                b.extend_from_slice(b"/Alt");
                push_text(b, alt);
            }
            if let Some(t) = node.actual_text() {
                b.extend_from_slice(b"/ActualText");
                push_text(b, t);
            }
            if let Some(l) = plan.lang(n) {
                b.extend_from_slice(b"/Lang");
                push_text(b, l);
            }
            if node.role == Role::TH {
                b.extend_from_slice(b"/A<</O/Table/Scope/Column>>");
            }
            b.extend_from_slice(b">>");
        });
    }
    for (p, _) in per_page.iter().enumerate() {
        let Some(&pid) = page_ids.get(p) else {
            continue;
        };
        if let Ok(pd) = lo.get_dictionary_mut(pid) {
            pd.set("StructParents", Object::Integer(p as i64));
            if pd.get(b"Annots").is_ok() {
                pd.set("Tabs", name("S"));
            }
        }
    }
    // The ParentTree's entries in key order: pages first, then annotations (whose keys were
    // given in page order when they were written).
    annot_keys.sort_unstable();
    let pages = per_page
        .iter()
        .enumerate()
        .take(page_ids.len())
        .map(|(p, elems)| (p as i64, Some(elems.as_slice()), 0));
    let links = annot_keys.iter().map(|&(k, id)| (k, None, id));
    let entries: Vec<(i64, Option<&[u32]>, u32)> = pages.chain(links).collect();
    let parent_tree = number_tree(lo, packed, &entries);
    let mut tr = Dictionary::new();
    tr.set("Type", name("StructTreeRoot"));
    if let Some(doc_id) = ids[0].map(std::num::NonZeroU32::get) {
        tr.set("K", Object::Array(vec![Object::Reference((doc_id, 0))]));
    }
    tr.set("ParentTree", Object::Reference(parent_tree));
    tr.set("ParentTreeNextKey", Object::Integer(next_key));
    lo.objects.insert(tree_root, Object::Dictionary(tr));
    let catalog = lo.get_dictionary_mut(root).map_err(|e| e.to_string())?;
    let mut mi = Dictionary::new();
    mi.set("Marked", Object::Boolean(true));
    catalog.set("MarkInfo", Object::Dictionary(mi));
    catalog.set("StructTreeRoot", Object::Reference(tree_root));
    Ok(())
}

/// Writes the `ParentTree` (a number tree, ISO 32000-1 §7.9.7) of `entries` into `packed`;
/// returns its root. An entry is a page's array of elements by MCID (0 for an MCID no
/// element holds), or an annotation's element. Up to [`NUMS_PER_NODE`] entries the root
/// holds them (`/Nums`); beyond, they are split into leaves, and leaves into intermediate
/// nodes, each with its `/Limits`, so the tree is balanced.
fn number_tree(
    lo: &mut Document,
    packed: &mut ObjectStreams,
    entries: &[(i64, Option<&[u32]>, u32)],
) -> ObjectId {
    let nums = |b: &mut Vec<u8>, chunk: &[(i64, Option<&[u32]>, u32)]| {
        b.extend_from_slice(b"/Nums[");
        for (i, &(key, elems, id)) in chunk.iter().enumerate() {
            if i > 0 {
                b.push(b' ');
            }
            let _ = write!(b, "{key} ");
            match elems {
                Some(elems) => {
                    b.push(b'[');
                    for (m, &e) in elems.iter().enumerate() {
                        if m > 0 {
                            b.push(b' ');
                        }
                        if e == 0 {
                            b.extend_from_slice(b"null");
                        } else {
                            push_ref(b, e);
                        }
                    }
                    b.push(b']');
                }
                None => push_ref(b, id),
            }
        }
        b.push(b']');
    };
    let root = lo.new_object_id();
    if entries.len() <= NUMS_PER_NODE {
        packed.add(root.0, |b| {
            b.extend_from_slice(b"<<");
            nums(b, entries);
            b.extend_from_slice(b">>");
        });
        return root;
    }
    // Leaves, then levels of intermediate nodes: (object, lowest key, highest key).
    let mut level: Vec<(u32, i64, i64)> = Vec::new();
    for chunk in entries.chunks(NUMS_PER_NODE) {
        let id = lo.new_object_id().0;
        let (lo_key, hi_key) = (chunk[0].0, chunk[chunk.len() - 1].0);
        packed.add(id, |b| {
            let _ = write!(b, "<</Limits[{lo_key} {hi_key}]");
            nums(b, chunk);
            b.extend_from_slice(b">>");
        });
        level.push((id, lo_key, hi_key));
    }
    let kids = |b: &mut Vec<u8>, chunk: &[(u32, i64, i64)]| {
        b.extend_from_slice(b"/Kids[");
        for (i, &(id, _, _)) in chunk.iter().enumerate() {
            if i > 0 {
                b.push(b' ');
            }
            push_ref(b, id);
        }
        b.push(b']');
    };
    while level.len() > NUMS_PER_NODE {
        let mut up = Vec::with_capacity(level.len() / NUMS_PER_NODE + 1);
        for chunk in level.chunks(NUMS_PER_NODE) {
            let id = lo.new_object_id().0;
            let (lo_key, hi_key) = (chunk[0].1, chunk[chunk.len() - 1].2);
            packed.add(id, |b| {
                let _ = write!(b, "<</Limits[{lo_key} {hi_key}]");
                kids(b, chunk);
                b.extend_from_slice(b">>");
            });
            up.push((id, lo_key, hi_key));
        }
        level = up;
    }
    packed.add(root.0, |b| {
        b.extend_from_slice(b"<<");
        kids(b, &level);
        b.extend_from_slice(b">>");
    });
    root
}
