//! What layout makes: page geometry, the drawing primitives ([`Prim`]) and the items of the
//! vertical flow ([`Item`], with what pagination needs to know: [`Slot`]), and the finished
//! document ([`Doc`]): pages of primitives in absolute coordinates, links, anchors, images,
//! the outline and the structure elements. Pure data.

use super::*;

/// Page size and margins in points, and the type scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    /// Page width.
    pub page_w: f32,
    /// Page height.
    pub page_h: f32,
    /// Left and right margin.
    pub margin_x: f32,
    /// Top margin (the running header sits inside it).
    pub margin_top: f32,
    /// Bottom margin (the footer sits inside it).
    pub margin_bottom: f32,
    /// Body text size.
    pub body: f32,
}

impl Geometry {
    /// Geometry for a paper size.
    pub fn for_paper(paper: Paper) -> Geometry {
        match paper {
            Paper::Letter => Geometry {
                page_w: 612.0,
                page_h: 792.0,
                margin_x: 62.0,
                margin_top: 64.0,
                margin_bottom: 60.0,
                body: 10.5,
            },
            Paper::A5 => Geometry {
                page_w: 419.53,
                page_h: 595.28,
                margin_x: 40.0,
                margin_top: 48.0,
                margin_bottom: 46.0,
                body: 9.5,
            },
            _ => Geometry {
                page_w: 595.28,
                page_h: 841.89,
                margin_x: 62.0,
                margin_top: 66.0,
                margin_bottom: 62.0,
                body: 10.5,
            },
        }
    }

    /// The geometry with a theme's margins (millimetres). The text block stays at least a
    /// third of the page wide and tall; left and right are one margin (the larger of the two
    /// when they differ, with a warning).
    pub fn with_margins(
        mut self,
        m: Option<&crate::model::Margins>,
        warnings: &mut Vec<String>,
    ) -> Geometry {
        let Some(m) = m else {
            return self;
        };
        let pt = |mm: f32| mm * 72.0 / 25.4;
        if let (Some(l), Some(r)) = (m.left, m.right)
            && (l - r).abs() > 0.01
        {
            warnings.push(format!(
                "theme margins: left ({l} mm) and right ({r} mm) differ; the PDF uses {} mm on both sides",
                l.max(r)
            ));
        }
        if let Some(x) = m.left.into_iter().chain(m.right).reduce(f32::max) {
            self.margin_x = pt(x).min(self.page_w / 3.0);
        }
        if let Some(t) = m.top {
            self.margin_top = pt(t).min(self.page_h / 3.0);
        }
        if let Some(b) = m.bottom {
            self.margin_bottom = pt(b).min(self.page_h / 3.0);
        }
        self
    }

    /// Width of the text block.
    pub fn text_w(&self) -> f32 {
        self.page_w - 2.0 * self.margin_x
    }

    /// Height of the text block.
    pub fn text_h(&self) -> f32 {
        self.page_h - self.margin_top - self.margin_bottom
    }
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkTarget {
    /// An external URI.
    Uri(String),
    /// An anchor in the document (a section id, `fn-N` for notes).
    Anchor(String),
}

/// A drawing primitive. Inside an [`Item`], `y` is measured down from the item's top and `x`
/// from the left margin; on a finished [`PageBox`] both are absolute from the page's top-left.
#[derive(Debug, Clone, PartialEq)]
pub enum Prim {
    /// A line of text with its baseline at `y`.
    Text {
        /// Left edge.
        x: f32,
        /// Baseline.
        y: f32,
        /// The set line (boxed: a line is far larger than the other primitives, and a page
        /// holds many of those).
        line: Box<Line>,
    },
    /// A filled rectangle.
    Rect {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill colour.
        fill: Color,
    },
    /// A stroked rectangle (tick boxes).
    Frame {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Stroke colour.
        color: Color,
        /// Stroke width.
        width: f32,
    },
    /// A straight stroked line (rules, underlines, tick marks).
    Stroke {
        /// Start and end points.
        points: Vec<(f32, f32)>,
        /// Colour.
        color: Color,
        /// Width.
        width: f32,
    },
    /// A filled circle (step badges).
    Disc {
        /// Centre x.
        cx: f32,
        /// Centre y.
        cy: f32,
        /// Radius.
        r: f32,
        /// Fill colour.
        fill: Color,
    },
    /// An image from [`Doc::images`].
    Image {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Index in [`Doc::images`].
        image: usize,
    },
    /// A clickable area.
    Link {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Index in [`Doc::links`].
        target: usize,
    },
    /// A jump target.
    Anchor {
        /// Anchor name.
        id: String,
        /// Top of the target.
        y: f32,
    },
    /// The page number of an anchor, right-aligned at `x` (filled in after pagination).
    PageRef {
        /// Anchor name.
        id: String,
        /// Right edge.
        x: f32,
        /// Baseline.
        y: f32,
        /// Font size.
        size: f32,
    },
}

impl Prim {
    pub(super) fn shift(&mut self, dx: f32, dy: f32) {
        match self {
            Prim::Text { x, y, .. }
            | Prim::Rect { x, y, .. }
            | Prim::Frame { x, y, .. }
            | Prim::Image { x, y, .. }
            | Prim::Link { x, y, .. }
            | Prim::PageRef { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Prim::Disc { cx, cy, .. } => {
                *cx += dx;
                *cy += dy;
            }
            Prim::Stroke { points, .. } => {
                for p in points {
                    p.0 += dx;
                    p.1 += dy;
                }
            }
            Prim::Anchor { y, .. } => *y += dy,
        }
    }
}

/// One piece of the vertical flow.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Item {
    /// Height in points.
    pub height: f32,
    /// What to draw, relative to the item's top-left.
    pub prims: Vec<Prim>,
    /// Pagination facts.
    pub slot: Slot,
    /// Footnotes first referenced on this item: they go to the foot of its page.
    pub notes: Vec<u32>,
    /// The structure element ([`Doc::tags`]) its text and images belong to; set by the
    /// builder to the element being laid out.
    pub tag: Option<usize>,
    /// Primitives (by index in `prims`) that belong elsewhere: a list label, a table cell;
    /// `None` makes one an artifact.
    pub prim_tags: Vec<(usize, Option<usize>)>,
    /// The decorations of the blocks it is in (quote bars, code and alert backgrounds), as
    /// tall as the item, drawn before it; shared by the items of a block rather than copied
    /// to each (a line forty quotes deep has forty bars), and joined into one rectangle per
    /// page when the pages are made.
    pub decos: Option<std::sync::Arc<[Deco]>>,
}

/// What pagination needs to know about an item.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Slot {
    /// Height in points.
    pub height: f32,
    /// The item must be on the same page as the next one (headings).
    pub keep_with_next: bool,
    /// A page may not break just before this item (the second line of a paragraph, or its
    /// last line: orphan and widow control).
    pub no_break_before: bool,
    /// A gap: dropped at the top of a page.
    pub discardable: bool,
    /// The item starts a new page: a book's chapter, the contents after a title page.
    pub break_before: bool,
    /// For a table body row: the index of its header row, repeated at the top of a page.
    pub header: Option<usize>,
    /// Height of the footnotes this item brings to the foot of its page.
    pub notes: f32,
}

/// Space taken by the rule above the footnotes of a page.
pub const NOTE_RULE: f32 = 14.0;

/// A finished page: primitives in absolute coordinates (points from the top-left).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageBox {
    /// What to draw, in order.
    pub prims: Vec<Prim>,
    /// The structure element ([`Doc::tags`]) of each primitive, by index; `None`, or no
    /// entry at all (the running header and footer), marks it as an artifact.
    pub tags: Vec<Option<usize>>,
}

/// An outline (bookmark) entry.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// Title text.
    pub title: String,
    /// Nesting depth, 0 for top level.
    pub depth: usize,
    /// Anchor it jumps to.
    pub anchor: String,
}

/// The laid-out document.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Page geometry.
    pub geometry: Geometry,
    /// The pages.
    pub pages: Vec<PageBox>,
    /// Link targets, indexed by [`Prim::Link::target`].
    pub links: Vec<LinkTarget>,
    /// Images, indexed by [`Prim::Image::image`].
    pub images: Vec<ImageData>,
    /// Anchors: name → (page index, y from the page top).
    pub anchors: BTreeMap<String, (usize, f32)>,
    /// Outline entries in document order.
    pub outline: Vec<OutlineEntry>,
    /// Structure elements for the tagged PDF ([`super::super::tags`]).
    pub tags: Tree,
    /// What each link says (its text), indexed like [`Doc::links`]: the annotation's
    /// `/Contents`.
    pub link_texts: Vec<String>,
}

/// A decoration drawn alongside every item of a block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Deco {
    /// Left, from the left margin.
    pub(super) x: f32,
    /// Width.
    pub(super) w: f32,
    /// Fill colour.
    pub(super) fill: Color,
}
