//! Where a guide's `#` links lead: a heading's or question's id, the id GitHub gives a
//! heading (`#c--rust` for `C++ & Rust`), or an anchor the author set in HTML (`<a
//! name="install"></a>` before `## 安装`). Links to the last two are rewritten to the
//! section's own id, so that every format follows them; so are links to a heading inside a
//! quote, a list item or `<details>` (by the id GitHub gives it), to the section that holds
//! it. The top of the guide is a target too (`#` in the model): `[回到顶部](#)`, an anchor
//! set before the first section, the ids of the title's heading (given, slug, GitHub's), and
//! `#top`, which browsers and GitHub follow to the top of a page that has no such id. A link
//! to none of these is warned about at its line and column.

use std::collections::HashMap;
use std::path::Path;

use comrak::nodes::{AstNode, NodeValue};

use super::{html, structure};
use crate::assets;
use crate::diagnostic::Diagnostic;
use crate::model::{Block, Guide, Inline, plain_text};

/// Anchors the author set in HTML, with their lines: `<a name="x"></a>` or `<a id="x">`
/// (before a heading, as READMEs and translated documents keep English ids for headings
/// in another language), the `id` of a heading written in HTML (`<h2 id="x">`), and any
/// other element's `id` (`## <span id="x">安装</span>`). Looked for only when the text has an
/// `id=` or `name=` at all.
pub(super) fn explicit<'a>(root: &'a AstNode<'a>, text: &str) -> Vec<Anchor> {
    let has = |needle: &[u8]| {
        text.as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    };
    if !(has(b"id=") || has(b"name=")) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for node in root.descendants() {
        let data = node.data();
        let (html, alone) = match &data.value {
            NodeValue::HtmlBlock(h) => (h.literal.as_str(), true),
            NodeValue::HtmlInline(h) => (h.as_str(), only_html(node)),
            _ => continue,
        };
        for tok in html::tokens(html) {
            if let html::Tok::Open { name, attrs, .. } = tok {
                // Any element's id is a target in a browser (`## <span id="x">…</span>`,
                // PaddlePaddle's docs); `name` only an `<a>`'s.
                let anchor = match name.as_str() {
                    "a" => attrs.get("id").or_else(|| attrs.get("name")),
                    _ => attrs.get("id"),
                };
                if let Some(a) = anchor.map(|a| a.trim()).filter(|a| !a.is_empty()) {
                    out.push(Anchor {
                        id: a.to_owned(),
                        line: data.sourcepos.start.line as u32,
                        alone,
                    });
                }
            }
        }
    }
    out
}

/// An anchor the author set in HTML.
pub(super) struct Anchor {
    id: String,
    /// The line it is on.
    line: u32,
    /// Written on its own (an HTML block, or a paragraph of nothing but tags): it may name
    /// the heading after it. One in running text names the section it is in.
    alone: bool,
}

/// Whether the inline HTML `node` stands in a paragraph of nothing but tags and white space
/// (`<a name="install"></a>` on a line of its own).
fn only_html<'a>(node: &'a AstNode<'a>) -> bool {
    let Some(parent) = node.parent() else {
        return false;
    };
    matches!(parent.data().value, NodeValue::Paragraph)
        && parent.children().all(|c| match &c.data().value {
            NodeValue::HtmlInline(_) | NodeValue::SoftBreak | NodeValue::LineBreak => true,
            NodeValue::Text(t) => t.trim().is_empty(),
            _ => false,
        })
}

/// The sections' first lines and ids, in document order (ascending), to find the section an
/// anchor names without a walk per anchor.
struct SectionLines(Vec<(u32, String)>);

impl SectionLines {
    fn of(guide: &Guide) -> Self {
        let mut all = Vec::new();
        guide.walk_sections(&mut |s| {
            if let Some(span) = s.span {
                all.push((span.start_line, s.id.clone()));
            }
        });
        SectionLines(all)
    }

    /// The id of the section an anchor at `line` names: the section whose heading is on that
    /// line or within the `ahead` after it (two for an anchor alone just before a heading, a
    /// blank line between), else the section whose heading is the last before the line: its
    /// text runs up to the next heading, whatever that heading's level, and an anchor left on
    /// the last line of the document is in it too. `""`, the top of the guide, for a line
    /// before the first section (the title's, the preamble's).
    fn at(&self, line: u32, ahead: u32) -> &str {
        let next = self.0.partition_point(|s| s.0 < line);
        if let Some(s) = self.0.get(next).filter(|s| s.0 <= line + ahead) {
            return &s.1;
        }
        next.checked_sub(1).map_or("", |k| &self.0[k].1)
    }
}

/// Warns about internal links whose target is no heading id and no question id. A link to the
/// id GitHub gives a heading (`#c--rust` for `C++ & Rust`, whose id here is `c-rust`) leads
/// to that heading: authors copy those ids from GitHub's previews. So does one that differs
/// from an id only in case, and a link to an anchor the author set in HTML ([`explicit`]).
/// A link to the top of the guide (see the module's documentation) becomes `#`. `links` are
/// the targets of the guide's `#` links, with their lines and columns in `file`;
/// `title_ids` are the ids that name the title's heading.
pub(super) fn resolve_internal_links(
    guide: &mut Guide,
    links: Vec<(String, usize, usize)>,
    anchors: &[Anchor],
    title_ids: &[String],
    file: &Path,
    warnings: &mut Vec<Diagnostic>,
) {
    if links.is_empty() {
        return;
    }
    let ids = structure::all_ids(guide);
    let mut github: Option<HashMap<String, String>> = None;
    // Each anchor's first place (its line, and how far ahead it may name a heading), and the
    // sections' lines once one is needed.
    let mut anchor_lines: HashMap<&str, (u32, u32)> = HashMap::new();
    for a in anchors {
        let ahead = if a.alone { 2 } else { 0 };
        anchor_lines.entry(a.id.as_str()).or_insert((a.line, ahead));
    }
    let mut sections: Option<SectionLines> = None;
    let mut contained: Option<HashMap<String, u32>> = None;
    let mut moved: HashMap<String, String> = HashMap::new();
    for (target, line, col) in links {
        let decoded = assets::percent_decode(&target);
        if decoded.is_empty() || ids.contains(decoded.as_str()) {
            continue;
        }
        // `[OCaml](#OCaml)`: ids are in lower case, and GitHub finds the heading whatever the
        // case of the link.
        let lower = decoded.to_lowercase();
        if title_ids.iter().any(|t| *t == decoded || *t == lower) {
            moved.insert(target, String::new());
            continue;
        }
        let aliases = github.get_or_insert_with(|| github_ids(guide));
        if let Some(id) = aliases.get(decoded.as_str()) {
            moved.insert(target, id.clone());
            continue;
        }
        if lower != decoded {
            let found = if ids.contains(lower.as_str()) {
                Some(lower.clone())
            } else {
                aliases.get(lower.as_str()).cloned()
            };
            if let Some(id) = found {
                moved.insert(target, id);
                continue;
            }
        }
        let contained = contained.get_or_insert_with(|| contained_headings(guide));
        // A heading in a container is in the section before it, whatever follows.
        if let Some((line, ahead)) = anchor_lines.get(decoded.as_str()).copied().or_else(|| {
            contained
                .get(decoded.as_str())
                .or_else(|| contained.get(lower.as_str()))
                .map(|&line| (line, 0))
        }) {
            let sections = sections.get_or_insert_with(|| SectionLines::of(guide));
            moved.insert(target, sections.at(line, ahead).to_owned());
            continue;
        }
        // HTML's own name for the top of a page: a browser (and GitHub) scrolls there when
        // the page has no element of that id.
        if decoded.eq_ignore_ascii_case("top") {
            moved.insert(target, String::new());
            continue;
        }
        warnings.push(
            Diagnostic::warning(
                file,
                line,
                col,
                format!("internal link `#{target}` points to no heading"),
            )
            .with_hint("link to a heading's id: its text in lower case, spaces as `-`, punctuation dropped")
            .with_key(Diagnostic::link_key(&format!("#{target}"))),
        );
    }
    if !moved.is_empty() {
        guide.for_each_inline_mut(&mut |i| {
            if let Inline::Link { url, .. } = i
                && let Some(id) = url.strip_prefix('#').and_then(|t| moved.get(t))
            {
                *url = format!("#{id}");
            }
        });
    }
}

/// The ids of the headings inside a quote, a list item or `<details>` (our slug and GitHub's),
/// with their lines: such a heading is no section and has no id of its own, and a link to it
/// (as GitHub's preview gives it one) leads to the section that holds it.
fn contained_headings(guide: &Guide) -> HashMap<String, u32> {
    let mut out = HashMap::new();
    guide.walk_blocks(&mut |b| {
        if let Block::Heading {
            content,
            span: Some(span),
            ..
        } = b
        {
            let text = plain_text(content);
            for id in [super::slug::github_slug(&text), super::slug::slugify(&text)] {
                if !id.is_empty() {
                    out.entry(id).or_insert(span.start_line);
                }
            }
        }
    });
    out
}

/// GitHub's id of each section's heading → the section's id, for the headings where they
/// differ (the first heading of a GitHub id wins, as GitHub's own suffixes would say).
fn github_ids(guide: &Guide) -> HashMap<String, String> {
    let mut out = HashMap::new();
    guide.walk_sections(&mut |s| {
        let alias = super::slug::github_slug(&plain_text(&s.title));
        // An empty heading has no GitHub id: `[top](#)` must not lead to it.
        if !alias.is_empty() && alias != s.id {
            out.entry(alias).or_insert_with(|| s.id.clone());
        }
    });
    out
}
