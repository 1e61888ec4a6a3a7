//! Footnote labels and numbers, decided once for the whole document before conversion.
//!
//! Labels match without regard to case or runs of white space, as CommonMark matches link
//! labels (`[^A]` finds `[^a]:`), and the first definition of a label is the one references
//! reach. Numbers are 1, 2, … in order of first reference; definitions nothing refers to
//! follow in source order, so every footnote keeps a unique number ≥ 1 (the JSON model
//! requires it: `[^1]:` written twice used to give the numbers 0, 1, 1, and the JSON failed
//! its own round trip). A second definition of a label is not dropped: what was written is
//! kept, as a note of its own under a unique label, with a warning.

use std::collections::{HashMap, HashSet};

use comrak::nodes::{AstNode, NodeValue};

/// Where a definition starts (line, column), which identifies it.
type Pos = (usize, usize);

/// The label and number of every footnote definition and reference.
#[derive(Debug, Default)]
pub(crate) struct Notes {
    /// Normalised label → the label and number of the definition references reach.
    by_key: HashMap<String, (String, u32)>,
    /// Each top-level definition's label and number, by its position.
    defs: HashMap<Pos, (String, u32)>,
    /// Second definitions of a label: position, label as written, line of the first.
    pub(crate) duplicates: Vec<(Pos, String, usize)>,
}

/// How labels are compared: case-folded, white space collapsed.
fn key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn pos<'a>(node: &'a AstNode<'a>) -> Pos {
    let p = node.data().sourcepos.start;
    (p.line, p.column)
}

/// Numbers the footnotes of a parsed document (see the module docs).
pub(crate) fn number<'a>(root: &'a AstNode<'a>) -> Notes {
    // Definitions at the top level, in source order; the first of each label is canonical.
    let mut defs: Vec<(Pos, String)> = root
        .children()
        .filter_map(|n| match &n.data().value {
            NodeValue::FootnoteDefinition(d) => Some((pos(n), d.name.clone())),
            _ => None,
        })
        .collect();
    defs.sort_by_key(|(p, _)| *p);
    let mut first: HashMap<String, (Pos, String)> = HashMap::new();
    let mut notes = Notes::default();
    let mut later = Vec::new();
    for (p, label) in &defs {
        match first.get(&key(label)) {
            None => {
                first.insert(key(label), (*p, label.clone()));
            }
            Some((fp, _)) => {
                notes.duplicates.push((*p, label.clone(), fp.0));
                later.push((*p, label.clone()));
            }
        }
    }

    // Referenced definitions in order of first reference.
    let mut next = 1u32;
    for node in root.descendants() {
        if let NodeValue::FootnoteReference(r) = &node.data().value
            && let Some((p, label)) = first.get(&key(&r.name))
            && !notes.defs.contains_key(p)
        {
            notes.defs.insert(*p, (label.clone(), next));
            notes.by_key.insert(key(label), (label.clone(), next));
            next += 1;
        }
    }
    // Then every definition no reference reaches, in source order, second definitions under a
    // label of their own.
    let mut used: HashSet<String> = defs.iter().map(|(_, l)| l.clone()).collect();
    for (p, label) in &defs {
        if notes.defs.contains_key(p) {
            continue;
        }
        let label = if later.iter().any(|(lp, _)| lp == p) {
            let mut k = 2;
            while used.contains(&format!("{label}-{k}")) {
                k += 1;
            }
            format!("{label}-{k}")
        } else {
            label.clone()
        };
        used.insert(label.clone());
        notes.defs.insert(*p, (label, next));
        next += 1;
    }
    notes
}

impl Notes {
    /// The label and number a reference `[^name]` shows, if it reaches a definition.
    pub(crate) fn reference(&self, name: &str) -> Option<(String, u32)> {
        self.by_key.get(&key(name)).cloned()
    }

    /// The label and number of the top-level definition `node`.
    pub(crate) fn definition<'a>(&self, node: &'a AstNode<'a>) -> Option<(String, u32)> {
        self.defs.get(&pos(node)).cloned()
    }
}

/// Reports every definition that no reference reaches through `warn(line, column, message,
/// hint)`: it is kept with the other notes, but has no mark in the text.
pub(crate) fn warn_unreferenced<'a>(
    root: &'a AstNode<'a>,
    warn: &mut dyn FnMut(usize, usize, String, &str),
) {
    let referenced: HashSet<String> = root
        .descendants()
        .filter_map(|n| match &n.data().value {
            NodeValue::FootnoteReference(r) => Some(key(&r.name)),
            _ => None,
        })
        .collect();
    for n in root.children() {
        if let NodeValue::FootnoteDefinition(d) = &n.data().value
            && !referenced.contains(&key(&d.name))
        {
            let (line, col) = pos(n);
            warn(
                line,
                col,
                format!(
                    "footnote `[^{}]` is defined but never referenced: it is listed with the \
                     other notes, with no mark in the text",
                    d.name
                ),
                "refer to it with `[^label]` where it belongs, or remove the definition",
            );
        }
    }
}

/// Reports every second definition of a label through `warn(line, column, message, hint)`.
pub(crate) fn warn_duplicates(notes: &Notes, warn: &mut dyn FnMut(usize, usize, String, &str)) {
    for ((line, col), label, first) in &notes.duplicates {
        warn(
            *line,
            *col,
            format!(
                "footnote `[^{label}]` is defined again (first on line {first}); references \
                 reach the first, this one is kept as a note of its own"
            ),
            "give each footnote its own label",
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Inline;
    use crate::parse::{Origin, parse_str};

    /// Definitions (label, number, text), references (label, number), duplicate warnings.
    type Found = (Vec<(String, u32, String)>, Vec<(String, u32)>, usize);

    fn notes(md: &str) -> Found {
        let p = parse_str(md, &Origin::named("t.md")).unwrap();
        let defs = p
            .guide
            .footnotes
            .iter()
            .map(|f| {
                let text = crate::model::plain_text(match &f.blocks[0] {
                    crate::model::Block::Paragraph { content, .. } => content,
                    other => panic!("{other:?}"),
                });
                (f.label.clone(), f.number, text)
            })
            .collect();
        let mut refs = Vec::new();
        p.guide.walk_inlines(&mut |i| {
            if let Inline::FootnoteRef { label, number } = i {
                refs.push((label.clone(), *number));
            }
        });
        crate::model::validate(&p.guide).unwrap();
        let warned = p
            .warnings
            .iter()
            .filter(|w| w.message.contains("defined again"))
            .count();
        (defs, refs, warned)
    }

    #[test]
    fn duplicate_labels_get_unique_numbers_and_lose_nothing() {
        let (defs, refs, warned) = notes(
            "Text[^1] and[^A] and [^a].\n\n[^1]: one\n[^1]: one again\n[^A]: upper\n[^a]: lower\n",
        );
        // Written by hand: `[^A]` and `[^a]` are one label, whose first definition is `A`;
        // references number 1 and 2 in order; the two second definitions follow, in source
        // order, under labels of their own.
        assert_eq!(
            defs,
            [
                ("1".into(), 1, "one".into()),
                ("A".into(), 2, "upper".into()),
                ("1-2".into(), 3, "one again".into()),
                ("a-2".into(), 4, "lower".into()),
            ]
        );
        assert_eq!(refs, [("1".into(), 1), ("A".into(), 2), ("A".into(), 2)]);
        assert_eq!(warned, 2);
    }

    #[test]
    fn numbers_follow_first_reference_not_definition_order() {
        let (defs, refs, warned) = notes("b[^b] a[^a] b[^B]\n\n[^a]: A\n[^b]: B\n");
        let numbers: Vec<(&str, u32)> = defs.iter().map(|(l, n, _)| (l.as_str(), *n)).collect();
        assert_eq!(numbers, [("b", 1), ("a", 2)]);
        assert_eq!(refs, [("b".into(), 1), ("a".into(), 2), ("b".into(), 1)]);
        assert_eq!(warned, 0);
    }

    /// A definition nothing refers to is written text: it is kept, after the referenced ones,
    /// with a warning; one inside a list is gathered too.
    #[test]
    fn definitions_nothing_refers_to_are_kept_and_warned_about() {
        let md =
            "正文[^a]。\n\n[^b]: 没有引用。\n\n- item\n\n  [^c]: 列表里的。\n\n[^a]: 有引用。\n";
        let (defs, refs, _) = notes(md);
        assert_eq!(
            defs,
            [
                ("a".into(), 1, "有引用。".into()),
                ("b".into(), 2, "没有引用。".into()),
                ("c".into(), 3, "列表里的。".into()),
            ]
        );
        assert_eq!(refs, [("a".into(), 1)]);
        let p = parse_str(md, &Origin::named("t.md")).unwrap();
        let said: Vec<(usize, &str)> = p
            .warnings
            .iter()
            .filter(|w| w.message.contains("never referenced"))
            .map(|w| (w.line.unwrap(), w.message.as_str()))
            .collect();
        assert_eq!(said.len(), 2, "{:?}", p.warnings);
        assert_eq!(said[0].0, 3);
        assert!(said[0].1.contains("`[^b]`"), "{}", said[0].1);
        assert!(said[1].1.contains("`[^c]`"), "{}", said[1].1);
    }
}
