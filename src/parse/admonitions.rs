//! Admonitions of other tools, which CommonMark does not read: a container of Docusaurus,
//! VuePress or VitePress (`:::tip`) is a paragraph with `:::` in it, an admonition of MkDocs
//! (`!!! note`) a paragraph and an indented code block, a block of PyMdown (`/// tip`) a
//! paragraph between two others. The parser warns at each (see
//! [`syntax`]) rather than leave the lost note silent.

use comrak::nodes::{AstNode, NodeValue};

/// Which admonition syntax of another tool a paragraph opens with, if any: a container of
/// Docusaurus, VuePress or VitePress (`:::tip`, `::: warning 标题`), an admonition of MkDocs
/// (`!!! note "Title"`, `??? tip`) or a block of PyMdown (`/// tip | 提示`). CommonMark reads
/// none: the first is a paragraph with `:::` in it, the second's indented body a code block,
/// the third's body a paragraph between two. Their note is not recognised, and that is said
/// rather than left silent.
pub(super) fn syntax<'a>(node: &'a AstNode<'a>) -> Option<&'static str> {
    let first = node.first_child()?;
    let NodeValue::Text(t) = &first.data().value else {
        return None;
    };
    let kind_follows = |rest: &str| {
        let rest = rest.trim_start_matches([' ', '\t']);
        rest.starts_with(|c: char| c.is_ascii_alphabetic())
    };
    if let Some(rest) = t.strip_prefix(":::") {
        return kind_follows(rest.trim_start_matches(':'))
            .then_some("a `:::` container (Docusaurus, VuePress, VitePress)");
    }
    for mark in ["!!!", "???", "???+"] {
        if let Some(rest) = t.strip_prefix(mark)
            && rest.starts_with([' ', '\t'])
            && kind_follows(rest)
        {
            return Some("an MkDocs admonition (`!!! note`)");
        }
    }
    // PyMdown's blocks (FastAPI's docs: `/// tip | 提示` … `///`); the closing `///` alone is
    // said with its opening.
    if let Some(rest) = t.strip_prefix("///")
        && rest.starts_with([' ', '\t'])
        && kind_follows(rest)
    {
        return Some("a PyMdown block (`/// tip`)");
    }
    None
}
