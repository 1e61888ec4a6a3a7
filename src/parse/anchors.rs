//! Where a guide's `#` links lead: a heading's or question's id, the id GitHub gives a
//! heading (`#c--rust` for `C++ & Rust`), or an anchor the author set in HTML (`<a
//! name="install"></a>` before `## 安装`). Links to the last two are rewritten to the
//! section's own id, so that every format follows them; a link to none of these is warned
//! about at its line and column.

use std::collections::HashMap;
use std::path::Path;

use comrak::nodes::{AstNode, NodeValue};

use super::{html, structure};
use crate::assets;
use crate::diagnostic::Diagnostic;
use crate::model::{Guide, Inline, plain_text};

/// Anchors the author set in HTML, with their lines: `<a name="x"></a>` or `<a id="x">`
/// (before a heading, as READMEs and translated documents keep English ids for headings
/// in another language), and the `id` of a heading written in HTML (`<h2 id="x">`). Looked
/// for only when the text has an `id=` or `name=` at all.
pub(super) fn explicit<'a>(root: &'a AstNode<'a>, text: &str) -> Vec<(String, u32)> {
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
        let html = match &data.value {
            NodeValue::HtmlBlock(h) => h.literal.as_str(),
            NodeValue::HtmlInline(h) => h.as_str(),
            _ => continue,
        };
        for tok in html::tokens(html) {
            if let html::Tok::Open { name, attrs, .. } = tok {
                let anchor = match name.as_str() {
                    "a" => attrs.get("id").or_else(|| attrs.get("name")),
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => attrs.get("id"),
                    _ => None,
                };
                if let Some(a) = anchor.map(|a| a.trim()).filter(|a| !a.is_empty()) {
                    out.push((a.to_owned(), data.sourcepos.start.line as u32));
                }
            }
        }
    }
    out
}

/// The sections' lines and ids, in document order (their first lines ascending), to find the
/// section an anchor names without a walk per anchor.
struct SectionLines(Vec<(u32, u32, String)>);

impl SectionLines {
    fn of(guide: &Guide) -> Self {
        let mut all = Vec::new();
        guide.walk_sections(&mut |s| {
            if let Some(span) = s.span {
                all.push((span.start_line, span.end_line, s.id.clone()));
            }
        });
        SectionLines(all)
    }

    /// The id of the section an anchor at `line` names: the section whose heading is on that
    /// line or within the two after it (an anchor just before a heading, a blank line
    /// between), else the innermost section that holds the line.
    fn at(&self, line: u32) -> Option<&str> {
        let next = self.0.partition_point(|s| s.0 < line);
        if let Some(s) = self.0.get(next).filter(|s| s.0 <= line + 2) {
            return Some(&s.2);
        }
        // Sections before `next` start at or before the line; the last that reaches it is
        // the innermost (sections are listed parents first).
        self.0[..next]
            .iter()
            .rev()
            .find(|s| s.1 >= line)
            .map(|s| s.2.as_str())
    }
}

/// Warns about internal links whose target is no heading id and no question id. A link to the
/// id GitHub gives a heading (`#c--rust` for `C++ & Rust`, whose id here is `c-rust`) leads
/// to that heading: authors copy those ids from GitHub's previews. So does one that differs
/// from an id only in case, and a link to an anchor the author set in HTML ([`explicit`]). `links` are the targets of the guide's `#` links,
/// with their lines and columns in `file`.
pub(super) fn resolve_internal_links(
    guide: &mut Guide,
    links: Vec<(String, usize, usize)>,
    anchors: &[(String, u32)],
    file: &Path,
    warnings: &mut Vec<Diagnostic>,
) {
    if links.is_empty() {
        return;
    }
    let ids = structure::all_ids(guide);
    let mut github: Option<HashMap<String, String>> = None;
    // Each anchor's first line, and the sections' lines once one is needed.
    let mut anchor_lines: HashMap<&str, u32> = HashMap::new();
    for (a, line) in anchors {
        anchor_lines.entry(a.as_str()).or_insert(*line);
    }
    let mut sections: Option<SectionLines> = None;
    let mut moved: HashMap<String, String> = HashMap::new();
    for (target, line, col) in links {
        let decoded = assets::percent_decode(&target);
        if ids.contains(decoded.as_str()) {
            continue;
        }
        let aliases = github.get_or_insert_with(|| github_ids(guide));
        if let Some(id) = aliases.get(decoded.as_str()) {
            moved.insert(target, id.clone());
            continue;
        }
        // `[OCaml](#OCaml)`: ids are in lower case, and GitHub finds the heading whatever the
        // case of the link.
        let lower = decoded.to_lowercase();
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
        if let Some(&line) = anchor_lines.get(decoded.as_str()) {
            let sections = sections.get_or_insert_with(|| SectionLines::of(guide));
            if let Some(id) = sections.at(line) {
                moved.insert(target, id.to_owned());
                continue;
            }
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
